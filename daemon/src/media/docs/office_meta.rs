//! An office document without what it says of who made it: in a Word,
//! Excel or PowerPoint file (`docx`, `xlsx`, `pptx`) the core properties
//! (author, last modified by, title, subject, keywords, comments, dates,
//! revision), the extended ones (company, manager, template, editing time)
//! and the custom ones; in an OpenDocument file (`odt`, `ods`, `odp`) its
//! `meta.xml`. Every other part of the zip is copied byte for byte, in its
//! order (an OpenDocument's `mimetype` stays first and stored).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::DocError;
use crate::media::MediaError;

/// The property parts of an Office Open XML package, each written again
/// empty.
const OOXML_PARTS: &[(&str, &str)] = &[
    (
        "docProps/core.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"#,
    ),
    (
        "docProps/app.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>"#,
    ),
    (
        "docProps/custom.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>"#,
    ),
];

/// An OpenDocument's metadata part, written again empty.
const ODF_META: (&str, &str) = (
    "meta.xml",
    r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/></office:document-meta>"#,
);

fn bad(e: impl std::fmt::Display) -> MediaError {
    DocError::BadOffice(e.to_string()).into()
}

/// The office document at `input` without its metadata, into `output`.
pub(crate) fn strip_office_metadata(input: &Path, output: &Path) -> Result<(), MediaError> {
    let file = File::open(input).map_err(DocError::io(input))?;
    let mut zip = ZipArchive::new(file).map_err(bad)?;
    let out = File::create(output).map_err(DocError::io(output))?;
    let mut writer = ZipWriter::new(out);
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(bad)?;
        let name = entry.name().to_string();
        let blank = OOXML_PARTS
            .iter()
            .chain(std::iter::once(&ODF_META))
            .find(|(part, _)| *part == name);
        match blank {
            Some((part, xml)) => {
                drop(entry);
                writer.start_file(*part, options).map_err(bad)?;
                writer
                    .write_all(xml.as_bytes())
                    .map_err(DocError::io(output))?;
            }
            None => writer.raw_copy_file(entry).map_err(bad)?,
        }
    }
    writer.finish().map_err(bad)?;
    Ok(())
}
