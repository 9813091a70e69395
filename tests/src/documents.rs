//! Real documents for tests (written by kilnd's test kit) and checks on
//! the PDFs that come back.

use std::path::{Path, PathBuf};

use kilnd::media::docs::testdoc;

/// Write a PDF of `pages` (a line of text each; a photo on the first page
/// when `photo_px` is given).
pub fn make_pdf(dir: &Path, name: &str, pages: &[&str], photo_px: Option<u32>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, testdoc::pdf(pages, photo_px)).expect("writing a test PDF");
    path
}

/// Write a .docx of these paragraphs.
pub fn make_docx(dir: &Path, name: &str, paragraphs: &[&str]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, testdoc::docx(paragraphs)).expect("writing a test docx");
    path
}

/// The text of every page of the PDF at `path`.
pub fn pdf_text(path: &Path) -> String {
    kilnd::media::docs::text_of(path).unwrap_or_else(|e| panic!("reading {path:?}: {e}"))
}

/// How many pages the PDF at `path` has.
pub fn pdf_pages(path: &Path) -> u32 {
    kilnd::media::docs::page_count(path).unwrap_or_else(|e| panic!("reading {path:?}: {e}"))
}

/// Whether LibreOffice is installed (`make test` installs it).
pub fn has_libreoffice() -> bool {
    Path::new("/usr/lib/libreoffice/program/soffice.bin").exists()
}
