//! New PDFs from pictures and from other PDFs' pages, with `lopdf`:
//! pictures as pages, merging, extracting and splitting pages. Pages keep
//! what they inherited from their old page tree.

use std::collections::BTreeMap;
use std::path::Path;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use serde::{Deserialize, Serialize};

use super::{pdf, DocError};
use crate::media::MediaError;

/// Attributes a page may inherit from its parents.
const INHERITED: &[&[u8]] = &[b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// The page size of pictures made into a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageSize {
    /// The picture's own size, at 96 pixels per inch.
    #[default]
    Image,
    /// A4, turned to the picture's orientation, the picture fitted inside.
    A4,
    /// US Letter, likewise.
    Letter,
}

impl PageSize {
    /// Width and height in points of the page for a `w` × `h` picture.
    pub(crate) fn points(self, w: u32, h: u32) -> (f64, f64) {
        let (pw, ph) = match self {
            PageSize::Image => return (f64::from(w) * 0.75, f64::from(h) * 0.75),
            PageSize::A4 => (595.28, 841.89),
            PageSize::Letter => (612.0, 792.0),
        };
        if w > h {
            (ph, pw)
        } else {
            (pw, ph)
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            PageSize::Image => "the picture's size",
            PageSize::A4 => "A4",
            PageSize::Letter => "Letter",
        }
    }
}

/// One picture, ready to be embedded (compressed at once, so a job of
/// many pictures never holds their pixels together).
pub(crate) struct ImagePage {
    width: u32,
    height: u32,
    /// Three components per pixel, else one.
    color: bool,
    /// JPEG bytes, else deflated samples.
    jpeg: bool,
    data: Vec<u8>,
}

impl ImagePage {
    /// A picture already encoded as JPEG.
    pub(crate) fn jpeg(width: u32, height: u32, color: bool, data: Vec<u8>) -> ImagePage {
        ImagePage {
            width,
            height,
            color,
            jpeg: true,
            data,
        }
    }

    /// A picture's raw samples (RGB or gray, 8 bits), deflated here.
    pub(crate) fn samples(
        width: u32,
        height: u32,
        color: bool,
        samples: Vec<u8>,
    ) -> Result<ImagePage, DocError> {
        let mut stream = Stream::new(Dictionary::new(), samples);
        stream
            .compress()
            .map_err(|e| DocError::BadPdf(e.to_string()))?;
        Ok(ImagePage {
            width,
            height,
            color,
            jpeg: false,
            data: stream.content,
        })
    }
}

/// A PDF of `pictures`, one per page, into `output`.
pub(crate) fn images_to_pdf(
    pictures: Vec<ImagePage>,
    size: PageSize,
    output: &Path,
) -> Result<(), MediaError> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for pic in pictures {
        let (pw, ph) = size.points(pic.width, pic.height);
        let (iw, ih) = (f64::from(pic.width) * 0.75, f64::from(pic.height) * 0.75);
        let scale = (pw / iw).min(ph / ih);
        let (dw, dh) = (iw * scale, ih * scale);
        let (x, y) = ((pw - dw) / 2.0, (ph - dh) / 2.0);
        let mut image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => i64::from(pic.width),
                "Height" => i64::from(pic.height),
                "ColorSpace" => if pic.color { "DeviceRGB" } else { "DeviceGray" },
                "BitsPerComponent" => 8,
            },
            pic.data,
        );
        if pic.jpeg {
            image
                .dict
                .set("Filter", Object::Name(b"DCTDecode".to_vec()));
            image.allows_compression = false;
        } else {
            image
                .compress()
                .map_err(|e| DocError::BadPdf(e.to_string()))?;
        }
        let image_id = doc.add_object(image);
        let draw = format!("q {dw:.3} 0 0 {dh:.3} {x:.3} {y:.3} cm /Im0 Do Q");
        let mut content = Stream::new(Dictionary::new(), draw.into_bytes());
        let _ = content.compress();
        let content_id = doc.add_object(content);
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(pw as f32), Object::Real(ph as f32)],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
            "Contents" => content_id,
        })));
    }
    finish(doc, pages_id, kids, output)
}

/// The PDFs at `inputs`, one after the other, into `output`.
pub(crate) fn merge_pdfs(inputs: &[&Path], output: &Path) -> Result<(), MediaError> {
    let mut merged = Document::with_version("1.7");
    let mut next_id = 1;
    let mut pages = Vec::new();
    let mut objects = BTreeMap::new();
    for path in inputs {
        let mut doc = pdf::load(path)?;
        doc.renumber_objects_with(next_id);
        next_id = doc.max_id + 1;
        for id in doc.get_pages().into_values() {
            flatten_inherited(&mut doc, id);
            pages.push(id);
        }
        objects.append(&mut doc.objects);
    }
    merged.objects = objects;
    merged.max_id = next_id;
    let pages_id = merged.new_object_id();
    reparent(&mut merged, &pages, pages_id);
    let kids = pages.into_iter().map(Object::Reference).collect();
    finish(merged, pages_id, kids, output)
}

/// Pages `numbers` (from 1, in that order) of the PDF at `input`, into
/// `output`.
pub(crate) fn extract_pages(
    input: &Path,
    numbers: &[u32],
    output: &Path,
) -> Result<(), MediaError> {
    let mut doc = pdf::load(input)?;
    let all = doc.get_pages();
    let mut pages = Vec::with_capacity(numbers.len());
    for &n in numbers {
        let id = *all.get(&n).ok_or(DocError::NoSuchPage {
            page: n,
            pages: all.len() as u32,
        })?;
        flatten_inherited(&mut doc, id);
        // A page chosen twice is a copy: a page has one parent.
        let id = if pages.contains(&id) {
            let copy = doc.get_object(id).map_err(DocError::pdf)?.clone();
            doc.add_object(copy)
        } else {
            id
        };
        pages.push(id);
    }
    let pages_id = doc.new_object_id();
    reparent(&mut doc, &pages, pages_id);
    let kids = pages.into_iter().map(Object::Reference).collect();
    let mut out = Document::with_version("1.7");
    out.objects = std::mem::take(&mut doc.objects);
    out.max_id = doc.max_id;
    finish(out, pages_id, kids, output)
}

/// Copies onto the page what it inherits from its parents.
fn flatten_inherited(doc: &mut Document, page: ObjectId) {
    let mut found: Vec<(Vec<u8>, Object)> = Vec::new();
    let mut parent = doc
        .get_dictionary(page)
        .ok()
        .and_then(|d| d.get(b"Parent").ok()?.as_reference().ok());
    for _ in 0..32 {
        let Some(id) = parent else { break };
        let Ok(dict) = doc.get_dictionary(id) else {
            break;
        };
        for key in INHERITED {
            if !found.iter().any(|(k, _)| k == key) {
                if let Ok(v) = dict.get(key) {
                    found.push((key.to_vec(), v.clone()));
                }
            }
        }
        parent = dict.get(b"Parent").ok().and_then(|p| p.as_reference().ok());
    }
    if let Ok(dict) = doc.get_dictionary_mut(page) {
        for (k, v) in found {
            if !dict.has(&k) {
                dict.set(k, v);
            }
        }
    }
}

fn reparent(doc: &mut Document, pages: &[ObjectId], parent: ObjectId) {
    for id in pages {
        if let Ok(dict) = doc.get_dictionary_mut(*id) {
            dict.set("Parent", parent);
        }
    }
}

/// Adds the page tree and the catalog, drops what nothing uses, and writes
/// `doc` with object streams.
fn finish(
    mut doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
    output: &Path,
) -> Result<(), MediaError> {
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer = dictionary! { "Root" => catalog };
    doc.prune_objects();
    doc.renumber_objects();
    pdf::write(&mut doc, output)
}
