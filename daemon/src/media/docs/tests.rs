use std::path::{Path, PathBuf};

use lopdf::dictionary;

use super::testdoc;
use crate::media::ops::{
    self, CompressLevel, CompressPdf, ExtractPages, FileFacts as FileFactsOf, Format, ImagesToPdf,
    MediaKind, MergePdfs, OfficeToPdf, OpLimits, Operation, PageSize, PdfToImages,
};
use crate::media::MediaError;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn run(
    op: impl Into<Operation>,
    inputs: &[PathBuf],
    dir: &Path,
) -> Result<Vec<PathBuf>, MediaError> {
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    ops::run(
        &op.into(),
        inputs,
        &out,
        &OpLimits::default(),
        &mut |_, _| true,
    )
}

fn pages(path: &Path) -> u32 {
    super::page_count(path).unwrap()
}

#[test]
fn a_pdf_is_a_document_with_pages_size_producer_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "r.pdf",
        &testdoc::pdf(&["Hello kiln", "two"], None),
    );
    let f = ops::probe_any(&p, &OpLimits::default()).unwrap();
    assert_eq!((f.kind, f.format), (MediaKind::Document, Format::Pdf));
    assert_eq!((f.width, f.height), (Some(612), Some(792)));
    let d = f.document.unwrap();
    assert_eq!(d.pages, Some(2));
    assert!(d.has_text && !d.encrypted);
    assert_eq!(d.producer.as_deref(), Some("kiln test kit"));
    let docx = write(dir.path(), "d.docx", &testdoc::docx(&["x"]));
    let f = ops::probe_any(&docx, &OpLimits::default()).unwrap();
    assert_eq!((f.kind, f.format), (MediaKind::Document, Format::Docx));
}

#[test]
fn pages_become_pictures_of_the_asked_size() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "r.pdf",
        &testdoc::pdf(&["one", "two", "three"], None),
    );
    let op = PdfToImages {
        format: Format::Png,
        pages: Some("2-3".parse().unwrap()),
        dpi: Some(72),
        width: None,
        quality: None,
    };
    let out = run(op, std::slice::from_ref(&p), dir.path()).unwrap();
    let names: Vec<_> = out
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(names, ["r_page2.png", "r_page3.png"]);
    let img = image::open(&out[0]).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (612, 792));
    // The blue rectangle (72..292, 430..580 from the bottom) is blue.
    let px = img.get_pixel(180, 792 - 500);
    assert!(px[2] > 180 && px[0] < 90, "{px:?}");
    // Some dark text near the top.
    assert!((60..400).any(|x| (80..100).any(|y| img.get_pixel(x, y)[0] < 100)));
    let op = PdfToImages {
        format: Format::Jpeg,
        pages: None,
        dpi: None,
        width: Some(300),
        quality: Some(80),
    };
    let out = run(op, std::slice::from_ref(&p), dir.path()).unwrap();
    assert_eq!(out.len(), 3);
    assert_eq!(image::image_dimensions(&out[2]).unwrap(), (300, 388));
    // TIFF and BMP pages, for fax, archive and printer software.
    for (format, ext, magic) in [
        (Format::Tiff, "tiff", &b"II*\0"[..]),
        (Format::Bmp, "bmp", &b"BM"[..]),
    ] {
        let op = PdfToImages {
            format,
            pages: Some("1".parse().unwrap()),
            dpi: None,
            width: Some(200),
            quality: None,
        };
        let out = run(op, std::slice::from_ref(&p), dir.path()).unwrap();
        assert_eq!(out.len(), 1);
        assert!(out[0].to_str().unwrap().ends_with(ext), "{:?}", out[0]);
        let bytes = std::fs::read(&out[0]).unwrap();
        assert!(bytes.starts_with(magic), "{ext}");
        assert_eq!(image::image_dimensions(&out[0]).unwrap().0, 200);
    }
}

#[test]
fn a_compressed_pdf_is_smaller_and_keeps_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "scan.pdf",
        &testdoc::pdf(&["Searchable words"], Some(1500)),
    );
    let before = std::fs::metadata(&p).unwrap().len();
    let op = CompressPdf {
        level: CompressLevel::Ebook,
        target_mb: None,
    };
    let out = run(op, std::slice::from_ref(&p), dir.path()).unwrap();
    let after = std::fs::metadata(&out[0]).unwrap().len();
    assert!(after * 3 < before, "{before} → {after}");
    assert!(super::text_of(&out[0])
        .unwrap()
        .contains("Searchable words"));
    assert_eq!(pages(&out[0]), 1);
    let op = CompressPdf {
        level: CompressLevel::Ebook,
        target_mb: Some(0.01),
    };
    let out = run(op, &[p], dir.path()).unwrap();
    assert!(std::fs::metadata(&out[0]).unwrap().len() <= 10_000);
    assert!(super::text_of(&out[0])
        .unwrap()
        .contains("Searchable words"));
}

#[test]
fn pictures_merges_and_page_choices_make_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.png");
    image::RgbImage::from_pixel(400, 300, image::Rgb([200, 30, 30]))
        .save(&a)
        .unwrap();
    let b = dir.path().join("b.jpg");
    image::RgbImage::from_pixel(300, 400, image::Rgb([30, 30, 200]))
        .save(&b)
        .unwrap();
    let out = run(
        ImagesToPdf {
            page_size: PageSize::A4,
        },
        &[a, b],
        dir.path(),
    )
    .unwrap();
    assert_eq!(pages(&out[0]), 2);
    let f = ops::probe_any(&out[0], &OpLimits::default()).unwrap();
    assert_eq!((f.width, f.height), (Some(842), Some(595)));

    let x = write(dir.path(), "x.pdf", &testdoc::pdf(&["alpha", "beta"], None));
    let y = write(dir.path(), "y.pdf", &testdoc::pdf(&["gamma"], None));
    let merged = run(MergePdfs {}, &[x.clone(), y], dir.path()).unwrap();
    assert_eq!(pages(&merged[0]), 3);
    let text = super::text_of(&merged[0]).unwrap();
    assert!(text.contains("alpha") && text.contains("gamma"), "{text}");

    let keep = ExtractPages {
        pages: Some("2,1,2".parse().unwrap()),
        split: false,
    };
    let kept = run(keep, &[merged[0].clone()], dir.path()).unwrap();
    assert_eq!(pages(&kept[0]), 3);
    // "the last two pages": counted from the end of the merged three.
    let last_two = ExtractPages {
        pages: Some("r2-last".parse().unwrap()),
        split: false,
    };
    let tail = run(last_two, &[merged[0].clone()], dir.path()).unwrap();
    assert_eq!(pages(&tail[0]), 2);
    let text = super::text_of(&tail[0]).unwrap();
    assert!(
        text.contains("beta") && text.contains("gamma") && !text.contains("alpha"),
        "{text}"
    );
    let split = ExtractPages {
        pages: None,
        split: true,
    };
    let parts = run(split, &[x], dir.path()).unwrap();
    assert_eq!(parts.len(), 2);
    assert!(super::text_of(&parts[1]).unwrap().contains("beta"));
}

#[test]
fn hostile_documents_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let good = testdoc::pdf(&["fine"], None);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("claims.pdf", testdoc::pdf_claiming_pages(10_000), "pages"),
        ("locked.pdf", testdoc::pdf_encrypted(), "password"),
        ("nested.pdf", testdoc::pdf_nested(100_000), "PDF"),
        ("cut.pdf", good[..good.len() / 3].to_vec(), ""),
        ("laughs.docx", testdoc::docx_billion_laughs(), "entities"),
        ("bomb.docx", testdoc::docx_zip_bomb(), "zip bomb"),
    ];
    for (name, bytes, words) in cases {
        let p = write(dir.path(), name, &bytes);
        let err = match ops::probe_any(&p, &OpLimits::default()) {
            Ok(f) if name == "cut.pdf" => {
                // Readers repair truncated files; drawing it must not fail badly.
                let _ = run(
                    PdfToImages {
                        format: Format::Png,
                        pages: None,
                        dpi: Some(20),
                        width: None,
                        quality: None,
                    },
                    std::slice::from_ref(&p),
                    dir.path(),
                );
                assert_eq!(f.kind, MediaKind::Document);
                continue;
            }
            Ok(f) => panic!("{name} was accepted: {f:?}"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains(words), "{name}: {err}");
    }
}

#[test]
fn an_office_document_becomes_a_pdf_with_its_text() {
    if !Path::new("/usr/lib/libreoffice/program/soffice.bin").exists() {
        eprintln!("LibreOffice is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = write(
        dir.path(),
        "report.docx",
        &testdoc::docx(&["Quarterly kiln report", "All good."]),
    );
    let out = run(OfficeToPdf {}, &[d], dir.path()).unwrap();
    assert_eq!(out[0].file_name().unwrap(), "report.pdf");
    assert!(super::text_of(&out[0])
        .unwrap()
        .contains("Quarterly kiln report"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn a_pdf_loses_its_author_title_and_xmp_but_keeps_its_pages() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = lopdf::Document::load_mem(&testdoc::pdf(&["Hello kiln", "two"], None)).unwrap();
    let info = doc.add_object(dictionary! {
        "Title" => lopdf::Object::string_literal("Secret draft"),
        "Author" => lopdf::Object::string_literal("Ann Onymous"),
    });
    doc.trailer.set("Info", info);
    let xmp = doc.add_object(lopdf::Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        b"<x:xmpmeta><dc:creator>Ann Onymous</dc:creator></x:xmpmeta>".to_vec(),
    ));
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(root).unwrap().set("Metadata", xmp);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let p = write(dir.path(), "paper.pdf", &bytes);
    assert!(bytes.windows(11).any(|w| w == b"Ann Onymous"));

    let out = run(ops::StripMetadata {}, std::slice::from_ref(&p), dir.path()).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].extension().unwrap(), "pdf");
    let cleaned = std::fs::read(&out[0]).unwrap();
    assert!(!cleaned.windows(11).any(|w| w == b"Ann Onymous"));
    let doc = lopdf::Document::load_mem(&cleaned).unwrap();
    assert!(doc.trailer.get(b"Info").is_err());
    assert!(doc.catalog().unwrap().get(b"Metadata").is_err());
    assert_eq!(pages(&out[0]), 2);
    assert!(super::text_of(&out[0]).unwrap().contains("Hello kiln"));
    let f = ops::probe_any(&out[0], &OpLimits::default()).unwrap();
    assert_eq!(f.document.unwrap().producer, None);
    // An old binary office file is asked to become a PDF first.
    let doc = FileFactsOf::named("d.doc", Format::Doc);
    let e = ops::check_pipeline(&[doc], &[ops::StripMetadata {}.into()]).unwrap_err();
    assert!(e.to_string().contains("convert it to PDF first"), "{e}");
}

#[test]
fn an_office_document_loses_its_author_and_properties_but_keeps_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let core = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Ann Onymous</dc:creator><cp:lastModifiedBy>Ann Onymous</cp:lastModifiedBy><dc:title>Secret draft</dc:title></cp:coreProperties>"#;
    let app = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Acme Secret Labs</Company></Properties>"#;
    let body = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Quarterly kiln report</w:t></w:r></w:p></w:body></w:document>"#;
    let bytes = testdoc::docx_with_parts(
        body,
        &[("docProps/core.xml", core), ("docProps/app.xml", app)],
    );
    let p = write(dir.path(), "report.docx", &bytes);

    let out = run(ops::StripMetadata {}, std::slice::from_ref(&p), dir.path()).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].extension().unwrap(), "docx");
    let part = testdoc::zip_part;
    for name in ["docProps/core.xml", "docProps/app.xml"] {
        let text = part(&out[0], name);
        assert!(
            !text.contains("Ann Onymous") && !text.contains("Acme"),
            "{name}: {text}"
        );
    }
    // The text and the other parts are as they were; it is still a docx.
    assert_eq!(part(&out[0], "word/document.xml"), body);
    assert_eq!(part(&out[0], "_rels/.rels"), part(&p, "_rels/.rels"));
    let f = ops::probe_any(&out[0], &OpLimits::default()).unwrap();
    assert_eq!((f.kind, f.format), (MediaKind::Document, Format::Docx));
    // LibreOffice still opens it.
    if Path::new("/usr/lib/libreoffice/program/soffice.bin").exists() {
        let again = dir.path().join("again");
        std::fs::create_dir_all(&again).unwrap();
        let pdf = run(OfficeToPdf {}, &out, &again).unwrap();
        assert!(super::text_of(&pdf[0])
            .unwrap()
            .contains("Quarterly kiln report"));
    }
}

#[test]
fn pages_are_turned_as_viewers_show_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = lopdf::Document::load_mem(&testdoc::pdf(&["one", "two", "three"], None)).unwrap();
    // The page tree's root turns every page a quarter already: inherited.
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    doc.get_dictionary_mut(root).unwrap().set("Rotate", 90);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let p = write(dir.path(), "scan.pdf", &bytes);
    let turn = |path: &Path, n: u32| {
        let doc = lopdf::Document::load(path).unwrap();
        let id = doc.get_pages()[&n];
        doc.get_dictionary(id)
            .unwrap()
            .get(b"Rotate")
            .and_then(lopdf::Object::as_i64)
            .ok()
    };
    let some = ops::Rotate {
        degrees: 180,
        pages: Some("2-3".parse().unwrap()),
    };
    let out = run(some, std::slice::from_ref(&p), dir.path()).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(pages(&out[0]), 3);
    assert_eq!(turn(&out[0], 1), None, "page 1 keeps what it inherits");
    assert_eq!(turn(&out[0], 2), Some(270));
    assert_eq!(turn(&out[0], 3), Some(270));
    assert!(super::text_of(&out[0]).unwrap().contains("three"));
    // Every page, when none is named; a rendered page shows the turn.
    let all = run(ops::Rotate::by(270), std::slice::from_ref(&p), dir.path()).unwrap();
    assert!((1..=3).all(|n| turn(&all[0], n) == Some(0)));
    let before = render_first(&p, dir.path());
    let after = render_first(&all[0], dir.path());
    assert!(
        before.0 > before.1,
        "turned a quarter: landscape {before:?}"
    );
    assert!(after.0 < after.1, "turned back upright: portrait {after:?}");
    // A page the file lacks is refused before anything is written.
    let missing = ops::Rotate {
        degrees: 90,
        pages: Some("7".parse().unwrap()),
    };
    let e = run(missing, std::slice::from_ref(&p), dir.path()).unwrap_err();
    assert!(e.to_string().contains("page 7"), "{e}");
}

/// The size of the first page rendered to a PNG.
fn render_first(pdf: &Path, dir: &Path) -> (u32, u32) {
    let op = PdfToImages {
        format: Format::Png,
        pages: Some("1".parse().unwrap()),
        dpi: Some(30),
        width: None,
        quality: None,
    };
    let out = run(op, &[pdf.to_path_buf()], dir).unwrap();
    ::image::image_dimensions(&out[0]).unwrap()
}
