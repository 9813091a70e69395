//! Where pictures are drawn: the smallest size, in points, each image is
//! drawn at on any page, read from the pages' content streams (forms
//! followed a few levels deep), so compression judges a picture's real
//! resolution as Ghostscript does.

use std::collections::HashMap;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::limits::MAX_STREAM_BYTES;

/// How deep forms inside forms are followed.
const MAX_FORM_DEPTH: usize = 8;
/// Most content operations read in one document.
const MAX_OPERATIONS: usize = 2_000_000;

/// `[a b c d e f]`, as PDF writes matrices.
type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` applied before `ctm` (PDF's `m × CTM`).
fn concat(m: Matrix, ctm: Matrix) -> Matrix {
    let [a1, b1, c1, d1, e1, f1] = m;
    let [a2, b2, c2, d2, e2, f2] = ctm;
    [
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    ]
}

/// The smallest width and height (points) each image is drawn at.
pub(super) fn drawn_sizes(doc: &Document) -> HashMap<ObjectId, (f64, f64)> {
    let mut walk = Walk {
        doc,
        sizes: HashMap::new(),
        budget: MAX_OPERATIONS,
    };
    for page in doc.get_pages().into_values() {
        let Ok(bytes) = doc.get_page_content_with_limit(page, MAX_STREAM_BYTES) else {
            continue;
        };
        let resources = page_resources(doc, page);
        walk.content(&bytes, resources.as_ref(), IDENTITY, 0);
    }
    walk.sizes
}

/// A page's resources, inherited from its ancestors if need be.
fn page_resources(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut id = page;
    for _ in 0..32 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(r) = dict.get(b"Resources") {
            return doc.dereference(r).ok()?.1.as_dict().ok().cloned();
        }
        id = dict.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

struct Walk<'a> {
    doc: &'a Document,
    sizes: HashMap<ObjectId, (f64, f64)>,
    budget: usize,
}

impl Walk<'_> {
    fn content(
        &mut self,
        bytes: &[u8],
        resources: Option<&Dictionary>,
        base: Matrix,
        depth: usize,
    ) {
        let Ok(content) = Content::decode(bytes) else {
            return;
        };
        let mut ctm = base;
        let mut stack = Vec::new();
        for op in &content.operations {
            if self.budget == 0 {
                return;
            }
            self.budget -= 1;
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap_or(base),
                "cm" => {
                    if let Some(m) = matrix(&op.operands) {
                        ctm = concat(m, ctm);
                    }
                }
                "Do" => self.draw(op, resources, ctm, depth),
                _ => {}
            }
        }
    }

    /// `Do`: an image is recorded at the current size, a form is followed.
    fn draw(&mut self, op: &Operation, resources: Option<&Dictionary>, ctm: Matrix, depth: usize) {
        let Some(id) = xobject(self.doc, resources, op.operands.first()) else {
            return;
        };
        let Ok(Object::Stream(stream)) = self.doc.get_object(id) else {
            return;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => {
                let w = ctm[0].hypot(ctm[1]);
                let h = ctm[2].hypot(ctm[3]);
                let entry = self.sizes.entry(id).or_insert((w, h));
                *entry = (entry.0.min(w), entry.1.min(h));
            }
            Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                let m = stream
                    .dict
                    .get(b"Matrix")
                    .ok()
                    .and_then(|m| matrix(m.as_array().ok()?))
                    .unwrap_or(IDENTITY);
                let own = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|r| self.doc.dereference(r).ok()?.1.as_dict().ok().cloned());
                let Ok(bytes) = stream.decompressed_content_with_limit(MAX_STREAM_BYTES) else {
                    return;
                };
                self.content(
                    &bytes,
                    own.as_ref().or(resources),
                    concat(m, ctm),
                    depth + 1,
                );
            }
            _ => {}
        }
    }
}

fn matrix(operands: &[Object]) -> Option<Matrix> {
    let nums: Vec<f64> = operands
        .iter()
        .filter_map(|o| o.as_float().ok().map(f64::from))
        .collect();
    nums.try_into().ok()
}

/// The object a `Do` names in `resources`.
fn xobject(
    doc: &Document,
    resources: Option<&Dictionary>,
    name: Option<&Object>,
) -> Option<ObjectId> {
    let name = name?.as_name().ok()?;
    let xobjects = resources?.get(b"XObject").ok()?;
    let xobjects = doc.dereference(xobjects).ok()?.1.as_dict().ok()?;
    xobjects.get(name).ok()?.as_reference().ok()
}
