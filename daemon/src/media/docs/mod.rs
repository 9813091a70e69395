//! Documents, in process where it can be: PDFs are read and edited with
//! `lopdf` and rasterised with `hayro` (both pure Rust); office files are
//! checked as the zips they are, then handed to LibreOffice, run as a
//! subprocess of the confined worker with a fixed argument list, a fresh
//! private profile, a time limit and a kill on overrun.
//!
//! - [`sniff`]: what a file is by its bytes (PDF, OOXML, ODF, OLE2, RTF);
//! - `pdf`: opening a PDF within the limits, its facts (pages, page size,
//!   producer, text, encryption);
//! - `render`: pages to pixels;
//! - `compress`: re-encoded images, recompressed streams, unused objects
//!   dropped, object streams; `placement` finds the size pictures are drawn
//!   at, `jpeg` writes them;
//! - `assemble`: pictures to pages, merging, choosing pages;
//! - `turn`: pages turned (their `/Rotate`);
//! - `office`: the zip-bomb and entity checks, and the LibreOffice driver;
//! - [`pages`]: page selections ("1-3,5,last").

mod assemble;
mod clean;
mod compress;
mod jpeg;
pub mod limits;
mod office;
mod office_meta;
pub mod pages;
mod pdf;
mod placement;
mod render;
mod sniff;
#[cfg(any(test, feature = "testkit"))]
pub mod testdoc;
#[cfg(test)]
mod tests;
mod turn;

pub use assemble::PageSize;
pub(crate) use assemble::{extract_pages, images_to_pdf, merge_pdfs, ImagePage};
pub(crate) use clean::strip_pdf_metadata;
pub(crate) use compress::compress_pdf;
pub use compress::CompressLevel;
pub(crate) use jpeg::encode as encode_jpeg;
pub(crate) use office::{convert_to_pdf, OfficeLimits};
pub(crate) use office_meta::strip_office_metadata;
pub use pages::Pages;
pub use pdf::{page_count, text_of};
pub(crate) use render::{render_pages, RenderSize};
pub(crate) use sniff::identify;
pub(crate) use turn::rotate_pages;

/// What goes wrong with a document. Shown to the person who sent it.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("the PDF is password-protected; send it without the password")]
    Encrypted,
    #[error("not a readable PDF: {0}")]
    BadPdf(String),
    #[error("the PDF has {pages} pages, more than the {max} allowed")]
    TooManyPages { pages: u64, max: u32 },
    #[error("the PDF has no pages")]
    NoPages,
    #[error("page {page} does not exist: the PDF has {pages} pages")]
    NoSuchPage { page: u32, pages: u32 },
    #[error("page {page} would be {width}x{height} pixels, larger than the {max_width}x{max_height} limit")]
    PageTooLarge {
        page: u32,
        width: u64,
        height: u64,
        max_width: u32,
        max_height: u32,
    },
    #[error("page {page} took longer than its {secs:.0} s time limit")]
    PageTimeLimit { page: u32, secs: f64 },
    #[error("not a readable office document: {0}")]
    BadOffice(String),
    #[error("LibreOffice could not convert the document: {0}")]
    Convert(String),
    #[error("LibreOffice took longer than its {secs:.0} s time limit and was stopped")]
    ConvertTimeLimit { secs: f64 },
    #[error("the PDF cannot be made smaller than {best_mb:.2} MB (asked for {target_mb} MB)")]
    TargetUnreachable { best_mb: f64, target_mb: f64 },
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl DocError {
    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> DocError + '_ {
        move |source| DocError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    fn pdf(e: impl std::fmt::Display) -> DocError {
        DocError::BadPdf(e.to_string())
    }
}
