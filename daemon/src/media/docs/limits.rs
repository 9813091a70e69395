//! The fixed limits documents are read within (pixel and time limits come
//! from the step's `OpLimits`).

/// Most pages a PDF may have to be read at all (a "10,000-page" claim is
/// refused before anything is rendered).
pub const MAX_PAGES: u32 = 2000;
/// Most pages one step renders to pictures.
pub const MAX_RENDERED_PAGES: u32 = 500;
/// Longest time one page may take to render.
pub const MAX_PAGE_SECS: f64 = 60.0;
/// Largest size any one PDF stream may decompress to.
pub const MAX_STREAM_BYTES: usize = 128 << 20;
/// Largest PDF read into memory.
pub const MAX_PDF_BYTES: u64 = 512 << 20;
/// Office files are zips: most entries.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Office files are zips: most bytes once unpacked.
pub const MAX_ZIP_UNPACKED: u64 = 512 << 20;
/// Office files are zips: highest unpacked/packed ratio of an entry of
/// more than [`RATIO_FLOOR`] bytes.
pub const MAX_ZIP_RATIO: u64 = 100;
/// Entries smaller than this are not held to [`MAX_ZIP_RATIO`].
pub const RATIO_FLOOR: u64 = 1 << 20;
/// Longest time LibreOffice may take on one document.
pub const OFFICE_SECS: f64 = 120.0;
