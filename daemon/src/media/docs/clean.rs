//! A PDF without what it says of who made it: the document information
//! (title, author, subject, keywords, creator, producer, dates) and the XMP
//! metadata packets of the document, its pages, pictures and fonts.

use std::path::Path;

use lopdf::Object;

use super::pdf;
use crate::media::MediaError;

/// The PDF at `input` without its metadata, into `output`.
pub(crate) fn strip_pdf_metadata(input: &Path, output: &Path) -> Result<(), MediaError> {
    let mut doc = pdf::load(input)?;
    doc.trailer.remove(b"Info");
    for object in doc.objects.values_mut() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        dict.remove(b"Metadata");
        // (Private data of the application that wrote the page.)
        dict.remove(b"PieceInfo");
    }
    doc.prune_objects();
    pdf::write(&mut doc, output)
}
