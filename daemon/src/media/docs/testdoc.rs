//! Real documents for tests (test kit only): PDFs with text, vector art and
//! photos made with `lopdf`, minimal .docx files, and hostile ones.

use std::io::Write;

use lopdf::{dictionary, Document, Object, Stream};
use zip::write::SimpleFileOptions;

/// Escapes text for a PDF literal string.
fn literal(text: &str) -> String {
    text.replace('\\', r"\\")
        .replace('(', r"\(")
        .replace(')', r"\)")
}

/// Letter pages, each with its line of text (Helvetica) and some vector
/// art, plus a photo-like picture of `photo_px` pixels square on the first
/// page when asked.
pub fn pdf(pages: &[&str], photo_px: Option<u32>) -> Vec<u8> {
    build(pages, photo_px, false)
}

/// Like [`pdf`], a different photo-like picture on every page, as scanned
/// documents are.
pub fn pdf_scanned(pages: &[&str], photo_px: u32) -> Vec<u8> {
    build(pages, Some(photo_px), true)
}

fn build(pages: &[&str], photo_px: Option<u32>, every_page: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut photo_id = photo_px.map(|px| doc.add_object(photo(px, 1)));
    let mut kids = Vec::new();
    for (i, text) in pages.iter().enumerate() {
        if every_page && i > 0 {
            photo_id = photo_px.map(|px| doc.add_object(photo(px, i as u32 + 1)));
        }
        let photo = if i == 0 || every_page { photo_id } else { None };
        let mut ops = format!(
            "0.2 0.4 0.8 rg 72 430 220 150 re f 1 0 0 RG 4 w 72 300 m 540 380 l S \
             BT /F1 24 Tf 72 700 Td ({}) Tj ET",
            literal(text)
        );
        let mut xobjects = lopdf::Dictionary::new();
        if let Some(id) = photo {
            ops.push_str(" q 432 0 0 324 90 40 cm /Im1 Do Q");
            xobjects.set("Im1", id);
        }
        let content = doc.add_object(Stream::new(dictionary! {}, ops.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => content,
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font },
                "XObject" => xobjects,
            },
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let info = doc.add_object(dictionary! {
        "Producer" => Object::string_literal("kiln test kit"),
    });
    doc.trailer.set("Info", info);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing a test PDF");
    out
}

/// A smooth photo-like picture with grain, deflated (as scanners and
/// many producers write them), `px` pixels square.
fn photo(px: u32, variant: u32) -> Stream {
    let mut seed = 0x2545_f491_u32.wrapping_mul(variant);
    let mut data = Vec::with_capacity((px * px * 3) as usize);
    for y in 0..px {
        for x in 0..px {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let grain = (seed % 24) as i32 - 12;
            let base = [
                ((x * 255 / px + variant * 40) % 256) as i32,
                (y * 255 / px) as i32,
                ((x + y) * 127 / px) as i32,
            ];
            data.extend(base.iter().map(|c| (c + grain).clamp(0, 255) as u8));
        }
    }
    let mut s = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image",
            "Width" => i64::from(px), "Height" => i64::from(px),
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
        },
        data,
    );
    s.compress().expect("deflating a test picture");
    s
}

/// A PDF whose page tree claims `pages` pages (every entry the same page).
pub fn pdf_claiming_pages(pages: u32) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(&pdf(&["one page"], None)).expect("own PDF");
    let root = doc
        .catalog()
        .expect("catalog")
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let kids: Vec<Object> = (0..pages).map(|_| Object::Reference(page)).collect();
    let tree = doc.get_dictionary_mut(root).unwrap();
    tree.set("Kids", kids);
    tree.set("Count", i64::from(pages));
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing a test PDF");
    out
}

/// A PDF with an object nested `depth` arrays deep.
pub fn pdf_nested(depth: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Deep ".to_vec();
    out.extend(std::iter::repeat_n(b'[', depth));
    out.extend(std::iter::repeat_n(b']', depth));
    out.extend_from_slice(
        b" >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
    );
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A .docx of these paragraphs.
pub fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect();
    docx_with(&format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    ))
}

/// A .docx whose main part is `document_xml`.
pub fn docx_with(document_xml: &str) -> Vec<u8> {
    zipped(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document_xml.as_bytes()),
    ])
}

/// A .docx whose main part is `document_xml`, with more parts (document
/// properties, say).
pub fn docx_with_parts(document_xml: &str, parts: &[(&str, &str)]) -> Vec<u8> {
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document_xml.as_bytes()),
    ];
    entries.extend(parts.iter().map(|(n, x)| (*n, x.as_bytes())));
    zipped(&entries)
}

/// A .docx of one paragraph, `text`, whose core properties name `author`
/// as its creator and last editor; its main part is returned with it.
pub fn docx_by(author: &str, text: &str) -> (Vec<u8>, String) {
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy></cp:coreProperties>"#
    );
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
    );
    let bytes = docx_with_parts(&body, &[("docProps/core.xml", &core)]);
    (bytes, body)
}

/// The text of the part `name` of the zip (an office file) at `path`.
pub fn zip_part(path: &std::path::Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("opening the zip");
    let mut zip = zip::ZipArchive::new(file).expect("reading the zip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).expect("the part"), &mut text)
        .expect("reading the part");
    text
}

/// A .docx whose text expands entity by entity (billion laughs).
pub fn docx_billion_laughs() -> Vec<u8> {
    let mut dtd = String::from(r#"<!DOCTYPE w:document [<!ENTITY lol "lol">"#);
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            r#"<!ENTITY lol{i} "{}">"#,
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push(']');
    docx_with(&format!(
        r#"<?xml version="1.0"?>{dtd}><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#
    ))
}

/// A .docx with a part that unpacks far beyond its packed size.
pub fn docx_zip_bomb() -> Vec<u8> {
    let filler = vec![b' '; 40 << 20];
    zipped(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", b"<w:document/>"),
        ("word/padding.xml", &filler),
    ])
}

fn zipped(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(bytes).expect("zip bytes");
    }
    zip.finish().expect("zip").into_inner()
}

/// A PDF that needs a password to open.
pub fn pdf_encrypted() -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(&pdf(&["secret"], None)).expect("own PDF");
    let encrypt = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128, "P" => -4,
        "O" => Object::string_literal(vec![7u8; 32]),
        "U" => Object::string_literal(vec![9u8; 32]),
    });
    doc.trailer.set("Encrypt", encrypt);
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(vec![1u8; 16]),
            Object::string_literal(vec![1u8; 16]),
        ],
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing a test PDF");
    out
}
