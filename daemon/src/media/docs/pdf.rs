//! Opening untrusted PDFs within the limits, and what they are.

use std::path::Path;

use lopdf::{Document, LoadOptions, Object};

use super::limits::{MAX_PAGES, MAX_PDF_BYTES, MAX_STREAM_BYTES};
use super::DocError;
use crate::media::ops::{DocFacts, FileFacts, Format, MediaKind};

/// Pages looked at to tell whether a PDF has text.
const TEXT_PAGES_LOOKED_AT: usize = 20;

/// The bytes of a PDF no larger than [`MAX_PDF_BYTES`].
pub(super) fn read(path: &Path) -> Result<Vec<u8>, DocError> {
    let len = std::fs::metadata(path).map_err(DocError::io(path))?.len();
    if len > MAX_PDF_BYTES {
        return Err(DocError::BadPdf(format!(
            "larger than {} MB",
            MAX_PDF_BYTES >> 20
        )));
    }
    std::fs::read(path).map_err(DocError::io(path))
}

/// A PDF parsed whole, decrypted when it opens without a password,
/// refused when it needs one, has no pages or too many.
pub(super) fn load(path: &Path) -> Result<Document, DocError> {
    let bytes = read(path)?;
    load_bytes(&bytes)
}

pub(super) fn load_bytes(bytes: &[u8]) -> Result<Document, DocError> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let mut doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decryption(_) => DocError::Encrypted,
        e => DocError::pdf(e),
    })?;
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(DocError::Encrypted);
    }
    // Decrypted in memory: what is written from it is not encrypted.
    doc.trailer.remove(b"Encrypt");
    check_pages(claimed_pages(&doc).max(doc.get_pages().len() as u64))?;
    Ok(doc)
}

/// Writes `doc` to `output` with object and cross-reference streams (the
/// compact form).
pub(super) fn write(doc: &mut Document, output: &Path) -> Result<(), crate::media::MediaError> {
    let mut out = Vec::new();
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .build();
    doc.save_with_options(&mut out, options)
        .map_err(|e| DocError::BadPdf(format!("writing it failed: {e}")))?;
    std::fs::write(output, out).map_err(crate::media::MediaError::io(output))
}

/// The page count the page tree's root claims.
fn claimed_pages(doc: &Document) -> u64 {
    doc.catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok()?.as_reference().ok())
        .and_then(|id| {
            doc.get_dictionary(id)
                .ok()?
                .get(b"Count")
                .ok()?
                .as_i64()
                .ok()
        })
        .map_or(0, |n| n.max(0) as u64)
}

fn check_pages(pages: u64) -> Result<(), DocError> {
    if pages == 0 {
        return Err(DocError::NoPages);
    }
    if pages > u64::from(MAX_PAGES) {
        return Err(DocError::TooManyPages {
            pages,
            max: MAX_PAGES,
        });
    }
    Ok(())
}

/// How many pages the PDF at `path` has.
pub fn page_count(path: &Path) -> Result<u32, DocError> {
    Ok(load(path)?.get_pages().len() as u32)
}

/// The text of every page (for checks and tests).
pub fn text_of(path: &Path) -> Result<String, DocError> {
    let doc = load(path)?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text_with_limit(&pages, MAX_STREAM_BYTES)
        .map_err(DocError::pdf)
}

/// What a PDF is: its pages, first page size (points), producer, whether it
/// has text and whether it was encrypted.
pub(super) fn facts(path: &Path, name: &str) -> Result<FileFacts, DocError> {
    let bytes = read(path)?;
    let doc = load_bytes(&bytes)?;
    let pages = doc.get_pages();
    let has_text = pages
        .values()
        .take(TEXT_PAGES_LOOKED_AT)
        .any(|id| doc.get_page_fonts(*id).is_ok_and(|f| !f.is_empty()));
    let (width, height) = first_page_size(bytes)?;
    let mut facts = FileFacts::named(name, Format::Pdf);
    facts.kind = MediaKind::Document;
    facts.width = Some(width);
    facts.height = Some(height);
    facts.document = Some(DocFacts {
        pages: Some(pages.len() as u32),
        producer: info_text(&doc, b"Producer").or_else(|| info_text(&doc, b"Creator")),
        has_text,
        encrypted: doc.was_encrypted(),
    });
    Ok(facts)
}

/// The first page's size as shown (crop box, rotation), in points.
fn first_page_size(bytes: Vec<u8>) -> Result<(u32, u32), DocError> {
    let pdf = hayro::hayro_syntax::Pdf::new(bytes).map_err(|e| match e {
        hayro::hayro_syntax::LoadPdfError::Decryption(_) => DocError::Encrypted,
        e => DocError::BadPdf(format!("{e:?}")),
    })?;
    let page = pdf.pages().first().ok_or(DocError::NoPages)?;
    let (w, h) = page.render_dimensions();
    Ok((w.round().max(1.0) as u32, h.round().max(1.0) as u32))
}

/// A text entry of the document information dictionary, tamed for display.
fn info_text(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let (_, info) = doc.dereference(info).ok()?;
    let value = info.as_dict().ok()?.get(key).ok()?;
    let (_, value) = doc.dereference(value).ok()?;
    let raw = match value {
        Object::String(bytes, _) => decode_text(bytes),
        _ => return None,
    };
    let clean: String = raw.chars().filter(|c| !c.is_control()).take(120).collect();
    let clean = clean.trim().to_string();
    (!clean.is_empty()).then_some(clean)
}

/// A PDF text string: UTF-16BE with a byte-order mark, else
/// PDFDocEncoding (read as Latin-1, which it matches for printable text).
fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| b as char).collect()
}
