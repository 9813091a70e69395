//! Documents through `/api/v1/jobs` from prompts, as clients send them: PDF
//! pages to JPEGs, a Word file to PDF, a PDF compressed for e-mail, PDFs
//! merged, a page turned, pictures put into a PDF and a Word file's author
//! removed; the outputs checked.

use kiln_tests::documents::{has_libreoffice, make_docx, make_pdf, pdf_pages, pdf_text};
use kiln_tests::files::{self, download};
use kiln_tests::{make_png, Daemon};
use kilnd::media::docs::testdoc;
use serde_json::{json, Value};

async fn run_on(d: &Daemon, key: &str, prompt: &str, files: &[(&str, &std::path::Path)]) -> Value {
    let mut list = Vec::new();
    for (name, path) in files {
        let storage = files::upload(d, key, path).await;
        list.push(json!({"storageId": storage, "filename": name}));
    }
    let (status, job) = files::job(d, key, json!({"prompt": prompt, "files": list}), true).await;
    assert_eq!(status, 200, "{job}");
    assert_eq!(job["status"], "succeeded", "{prompt}: {job}");
    job
}

#[tokio::test]
async fn pdf_pages_become_jpegs_of_the_page_size() {
    let d = Daemon::start();
    let key = d.account("reader");
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(dir.path(), "report.pdf", &["one", "two", "three"], None);
    let job = run_on(&d, &key, "turn this pdf into jpgs", &[("report.pdf", &pdf)]).await;
    let description = job["description"].as_str().unwrap();
    assert!(
        description.starts_with("pdftoppm -r 150 -jpeg"),
        "{description}"
    );
    let outputs = job["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 3, "{job}");
    for (i, out) in outputs.iter().enumerate() {
        assert_eq!(out["filename"], format!("report_page{}.jpg", i + 1));
        let jpg = download(out, dir.path()).await;
        // Letter at 150 dpi.
        assert_eq!(image::image_dimensions(&jpg).unwrap(), (1275, 1650));
    }
    // "just page 2 as png", narrower.
    let job = run_on(
        &d,
        &key,
        "just page 2 as png 600px wide",
        &[("report.pdf", &pdf)],
    )
    .await;
    let outputs = job["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 1);
    let png = download(&outputs[0], dir.path()).await;
    assert_eq!(image::image_dimensions(&png).unwrap(), (600, 776));
    d.assert_audit_clean();
}

#[tokio::test]
async fn a_word_file_becomes_a_pdf_with_its_text() {
    if !has_libreoffice() {
        eprintln!("LibreOffice is not installed (make test installs it): skipped");
        return;
    }
    let d = Daemon::start();
    let key = d.account("writer");
    let dir = tempfile::tempdir().unwrap();
    let docx = make_docx(
        dir.path(),
        "letter.docx",
        &["Dear kiln,", "The furnace reached 1200 degrees."],
    );
    let job = run_on(
        &d,
        &key,
        "make a pdf from my word doc",
        &[("letter.docx", &docx)],
    )
    .await;
    assert_eq!(
        job["description"],
        "soffice --headless --convert-to pdf --outdir . letter.docx"
    );
    let outputs = job["outputs"].as_array().unwrap();
    assert_eq!(outputs[0]["filename"], "letter.pdf");
    let pdf = download(&outputs[0], dir.path()).await;
    let text = pdf_text(&pdf);
    assert!(text.contains("The furnace reached 1200 degrees."), "{text}");
    d.assert_audit_clean();
}

#[tokio::test]
async fn a_compressed_pdf_is_smaller_and_keeps_its_text() {
    let d = Daemon::start();
    let key = d.account("mailer");
    let dir = tempfile::tempdir().unwrap();
    let pdf = make_pdf(
        dir.path(),
        "scan.pdf",
        &["Invoice 2026-118", "page two"],
        Some(1600),
    );
    let job = run_on(&d, &key, "shrink this pdf for email", &[("scan.pdf", &pdf)]).await;
    assert!(job["description"]
        .as_str()
        .unwrap()
        .starts_with("gs -sDEVICE=pdfwrite -dPDFSETTINGS=/ebook"));
    let out = download(&job["outputs"][0], dir.path()).await;
    let (before, after) = (
        std::fs::metadata(&pdf).unwrap().len(),
        std::fs::metadata(&out).unwrap().len(),
    );
    assert!(after * 2 < before, "{before} → {after}");
    assert_eq!(pdf_pages(&out), 2);
    assert!(pdf_text(&out).contains("Invoice 2026-118"));
    d.assert_audit_clean();
}

#[tokio::test]
async fn pdfs_merge_pages_split_and_pictures_become_a_pdf() {
    let d = Daemon::start();
    let key = d.account("clerk");
    let dir = tempfile::tempdir().unwrap();
    let a = make_pdf(dir.path(), "a.pdf", &["alpha", "beta"], None);
    let b = make_pdf(dir.path(), "b.pdf", &["gamma"], None);
    let job = run_on(
        &d,
        &key,
        "merge these pdfs",
        &[("a.pdf", &a), ("b.pdf", &b)],
    )
    .await;
    assert_eq!(
        job["description"],
        "qpdf --empty --pages a.pdf b.pdf -- a_merged.pdf"
    );
    let merged = download(&job["outputs"][0], dir.path()).await;
    assert_eq!(pdf_pages(&merged), 3);

    let job = run_on(&d, &key, "split it into pages", &[("a.pdf", &a)]).await;
    assert_eq!(job["outputs"].as_array().unwrap().len(), 2);
    let second = download(&job["outputs"][1], dir.path()).await;
    assert!(pdf_text(&second).contains("beta"));

    let p1 = make_png(dir.path(), "1.png", 640, 480);
    let p2 = make_png(dir.path(), "2.png", 480, 640);
    let job = run_on(
        &d,
        &key,
        "put these photos into one A4 pdf",
        &[("1.png", &p1), ("2.png", &p2)],
    )
    .await;
    assert_eq!(
        job["description"],
        "img2pdf --pagesize A4 1.png 2.png -o 1.pdf"
    );
    let pdf = download(&job["outputs"][0], dir.path()).await;
    assert_eq!(pdf_pages(&pdf), 2);

    // A page turned: drawn again, it lies on its side; the others stay.
    let job = run_on(
        &d,
        &key,
        "rotate page 2 by 90 degrees clockwise",
        &[("a.pdf", &a)],
    )
    .await;
    assert_eq!(job["description"], "qpdf a.pdf --rotate=+90:2 a_rot90.pdf");
    let turned = download(&job["outputs"][0], dir.path()).await;
    assert_eq!(pdf_pages(&turned), 2);
    for (page, landscape) in [(1, false), (2, true)] {
        let job = run_on(
            &d,
            &key,
            &format!("just page {page} as png"),
            &[("a_rot90.pdf", &turned)],
        )
        .await;
        let png = download(&job["outputs"][0], dir.path()).await;
        let (w, h) = image::image_dimensions(&png).unwrap();
        assert_eq!(w > h, landscape, "page {page}: {w}x{h}");
    }

    // Asked about, a PDF is described, not converted.
    let (status, chat) = files::job(
        &d,
        &key,
        json!({"prompt": "how many pages does this pdf have?", "files": [{"storageId": files::upload(&d, &key, &a).await, "filename": "a.pdf"}]}),
        true,
    )
    .await;
    assert_eq!(status, 200, "{chat}");
    let message = chat["message"].as_str().unwrap_or_default().to_string() + &chat.to_string();
    assert!(message.contains("2 pages"), "{chat}");
    d.assert_audit_clean();
}

#[tokio::test]
async fn a_word_file_loses_its_author_and_keeps_its_text() {
    let d = Daemon::start();
    let key = d.account("editor");
    let dir = tempfile::tempdir().unwrap();
    let (bytes, body) = testdoc::docx_by("Ann Onymous", "Blind review copy");
    let docx = dir.path().join("paper.docx");
    std::fs::write(&docx, bytes).unwrap();
    let job = run_on(
        &d,
        &key,
        "remove the author and other metadata from this word file",
        &[("paper.docx", &docx)],
    )
    .await;
    assert!(job["description"].as_str().unwrap().starts_with("mat2 "));
    let outputs = job["outputs"].as_array().unwrap();
    assert_eq!(outputs[0]["filename"], "paper_clean.docx");
    let out = download(&outputs[0], dir.path()).await;
    assert!(!testdoc::zip_part(&out, "docProps/core.xml").contains("Ann Onymous"));
    assert_eq!(testdoc::zip_part(&out, "word/document.xml"), body);
    d.assert_audit_clean();
}
