//! Pages of a PDF turned: each page's `/Rotate` (the turn a viewer shows it
//! with) set to its own turn plus the one asked, the content untouched.

use std::path::Path;

use lopdf::{Document, Object, ObjectId};

use super::pdf;
use super::DocError;
use crate::media::MediaError;

/// Parents climbed to find an inherited `/Rotate` (page trees are shallow;
/// a loop in a hostile file stops here).
const MAX_DEPTH: usize = 32;

/// The PDF at `input` with `pages` (numbered from 1) turned `degrees`
/// clockwise, into `output`.
pub(crate) fn rotate_pages(
    input: &Path,
    pages: &[u32],
    degrees: u32,
    output: &Path,
) -> Result<(), MediaError> {
    let mut doc = pdf::load(input)?;
    let ids = doc.get_pages();
    for n in pages {
        let id = *ids
            .get(n)
            .ok_or_else(|| DocError::BadPdf(format!("it has no page {n}")))?;
        let turn = (own_turn(&doc, id) + i64::from(degrees)).rem_euclid(360);
        doc.get_object_mut(id)
            .and_then(Object::as_dict_mut)
            .map_err(DocError::pdf)?
            .set("Rotate", turn);
    }
    pdf::write(&mut doc, output)
}

/// The turn page `id` is shown with: its own `/Rotate`, or the nearest
/// parent's (the attribute is inherited), or none.
fn own_turn(doc: &Document, id: ObjectId) -> i64 {
    let mut node = doc.get_dictionary(id).ok();
    for _ in 0..MAX_DEPTH {
        let Some(dict) = node else { break };
        if let Ok(r) = dict.get(b"Rotate").and_then(Object::as_i64) {
            // Viewers read only quarter turns.
            return r - r.rem_euclid(90);
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|p| doc.get_dictionary(p))
            .ok();
    }
    0
}
