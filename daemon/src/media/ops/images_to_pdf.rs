//! `images_to_pdf`: pictures as the pages of one PDF.

use std::path::PathBuf;

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::command::file_arg;
use super::document::{self, pdf_facts, DocJob};
use super::op::{self, Op, STILL};
use super::{FileFacts, Format, MediaKind, OpError, PageSize};
use crate::media::docs::{self, ImagePage};
use crate::media::MediaError;

/// JPEG quality of photos put into a PDF.
const PHOTO_QUALITY: u8 = 92;

/// Pictures → one PDF, a page each, the page the picture's size or A4 or
/// Letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesToPdf {
    #[serde(default)]
    pub page_size: PageSize,
}

impl Op for ImagesToPdf {
    const NAME: &'static str = "images_to_pdf";
    const SUMMARY: &'static str =
        "Pictures to one PDF, a page each (the picture's size, A4 or Letter).";
    const ACCEPTS: &'static [MediaKind] = STILL;
    const MULTI_INPUT: bool = true;
    const DOCUMENT: bool = true;

    fn describe(&self) -> String {
        format!("Put the pictures into a PDF, one per page ({})", self.page_size.word())
    }

    fn suffix(&self) -> String {
        String::new()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        Format::Pdf
    }

    fn combine(&self, inputs: &[FileFacts]) -> Result<FileFacts, OpError> {
        for i in inputs {
            op::check_accepts(self, i)?;
        }
        let mut out = pdf_facts(
            op::output_name(self, &inputs[0]),
            Some(inputs.len() as u32),
        );
        if let (Some(w), Some(h)) = (inputs[0].width, inputs[0].height) {
            let (pw, ph) = self.page_size.points(w, h);
            out.width = Some(pw.round() as u32);
            out.height = Some(ph.round() as u32);
        }
        Ok(out)
    }

    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        let total = job.inputs.len() as u64;
        let mut pictures = Vec::with_capacity(job.inputs.len());
        for (i, (path, facts)) in job.inputs.iter().zip(job.facts).enumerate() {
            job.deadline.check()?;
            let img = super::image::decode_oriented(path, job.limits)?;
            pictures.push(page_of(img, facts.format == Format::Jpeg)?);
            job.report(i as u64 + 1, total + 1)?;
        }
        let out = job.reserve(job.name)?;
        if let Err(e) = docs::images_to_pdf(pictures, self.page_size, &out) {
            let _ = std::fs::remove_file(&out);
            return Err(e);
        }
        Ok(vec![out])
    }

    fn document_command(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError> {
        let size = match self.page_size {
            PageSize::Image => String::new(),
            PageSize::A4 => "--pagesize A4 ".into(),
            PageSize::Letter => "--pagesize Letter ".into(),
        };
        Ok(format!(
            "img2pdf {size}{} -o {}",
            document::args(inputs).join(" "),
            file_arg(output)
        ))
    }
}

/// A picture as a page: photos (JPEG sources) as JPEG, others lossless;
/// transparency flattened onto white.
fn page_of(img: DynamicImage, photo: bool) -> Result<ImagePage, MediaError> {
    let img = if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        let mut flat = ::image::RgbImage::new(rgba.width(), rgba.height());
        for (o, p) in flat.pixels_mut().zip(rgba.pixels()) {
            let a = u16::from(p[3]);
            for c in 0..3 {
                o[c] = ((u16::from(p[c]) * a + 255 * (255 - a)) / 255) as u8;
            }
        }
        DynamicImage::ImageRgb8(flat)
    } else {
        img
    };
    let color = img.color().has_color();
    let img = if color {
        DynamicImage::ImageRgb8(img.to_rgb8())
    } else {
        DynamicImage::ImageLuma8(img.to_luma8())
    };
    let (width, height) = (img.width(), img.height());
    Ok(if photo {
        ImagePage::jpeg(width, height, color, docs::encode_jpeg(&img, PHOTO_QUALITY)?)
    } else {
        ImagePage::samples(width, height, color, img.into_bytes())?
    })
}
