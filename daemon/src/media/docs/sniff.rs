//! What a document is, by its bytes: `%PDF-`, an OOXML or ODF zip, an OLE2
//! compound file (.doc, .xls, .ppt) or RTF. Office zips are checked for
//! bombs and entity declarations here, before anything else opens them.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::{office, pdf, DocError};
use crate::media::ops::{DocFacts, FileFacts, Format, MediaKind};

/// How far into a file `%PDF-` may start (readers allow leading junk).
const PDF_HEAD: usize = 1024;
/// How much of an OLE2 file is searched for its stream names.
const OLE_SCAN: u64 = 64 << 20;
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The facts of `path` if it is a document, `None` if it is not one.
pub(crate) fn identify(path: &Path, name: &str) -> Result<Option<FileFacts>, DocError> {
    let mut head = Vec::with_capacity(PDF_HEAD);
    File::open(path)
        .map_err(DocError::io(path))?
        .take(PDF_HEAD as u64)
        .read_to_end(&mut head)
        .map_err(DocError::io(path))?;
    if head.windows(5).any(|w| w == b"%PDF-") {
        return pdf::facts(path, name).map(Some);
    }
    let format = if head.starts_with(b"{\\rtf") {
        Some(Format::Rtf)
    } else if head.starts_with(b"PK\x03\x04") {
        office::zip_format(path)?
    } else if head.starts_with(&OLE_MAGIC) {
        ole_format(path)?
    } else {
        None
    };
    Ok(format.map(|format| {
        let mut facts = FileFacts::named(name, format);
        facts.kind = MediaKind::Document;
        facts.document = Some(DocFacts::default());
        facts
    }))
}

/// Which office program wrote an OLE2 file, by the name of its main stream
/// (directory entries hold names in UTF-16LE).
fn ole_format(path: &Path) -> Result<Option<Format>, DocError> {
    let mut bytes = Vec::new();
    File::open(path)
        .map_err(DocError::io(path))?
        .take(OLE_SCAN)
        .read_to_end(&mut bytes)
        .map_err(DocError::io(path))?;
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let has = |s: &str| {
        let needle = utf16(s);
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    };
    Ok(if has("WordDocument") {
        Some(Format::Doc)
    } else if has("Workbook") || has("Book\0") {
        Some(Format::Xls)
    } else if has("PowerPoint Document") {
        Some(Format::Ppt)
    } else {
        None
    })
}
