//! `pdf_to_images`: PDF pages as pictures (PNG, JPEG or WebP), one file per
//! page, at a resolution or a width.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::command::{file_arg, shell_quote};
use super::document::{self, need_pdf, pages_of, DocJob};
use super::op::{Op, DOCUMENT};
use super::{invalid, sanitize_stem, FileFacts, Format, MediaKind, OpError, Pages};
use crate::media::docs::{self, limits::MAX_RENDERED_PAGES, RenderSize};
use crate::media::MediaError;

/// Resolution when neither `dpi` nor `width` is given.
pub const DEFAULT_DPI: u32 = 150;

/// PDF → pictures: `pages` (all when absent) in `format`, at `dpi` or
/// `width` pixels wide; `quality` for JPEG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfToImages {
    #[serde(default = "png")]
    pub format: Format,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<Pages>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpi: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<u8>,
}

fn png() -> Format {
    Format::Png
}

impl PdfToImages {
    fn size(&self) -> RenderSize {
        match (self.width, self.dpi) {
            (Some(w), _) => RenderSize::Width(w),
            (None, d) => RenderSize::Dpi(d.unwrap_or(DEFAULT_DPI)),
        }
    }

    /// The pages of a `total`-page PDF this step draws.
    fn chosen(&self, total: u32) -> Result<Vec<u32>, String> {
        let pages = document::chosen(self.pages.as_ref(), total)?;
        if pages.len() > MAX_RENDERED_PAGES as usize {
            return Err(format!(
                "that is {} pages; at most {MAX_RENDERED_PAGES} are drawn at a time (choose pages, e.g. \"pages 1-50\")",
                pages.len()
            ));
        }
        Ok(pages)
    }
}

impl Op for PdfToImages {
    const NAME: &'static str = "pdf_to_images";
    const SUMMARY: &'static str =
        "PDF pages to pictures (png, jpg, webp, tiff, bmp), one per page, at a resolution or a width.";
    const ACCEPTS: &'static [MediaKind] = DOCUMENT;
    const DOCUMENT: bool = true;

    fn validate(&self) -> Result<(), OpError> {
        if !matches!(
            self.format,
            Format::Png | Format::Jpeg | Format::Webp | Format::Tiff | Format::Bmp
        ) {
            return invalid("PDF pages can be made into png, jpg, webp, tiff or bmp pictures");
        }
        if self.dpi.is_some() && self.width.is_some() {
            return invalid("give a resolution or a width, not both");
        }
        if self.dpi.is_some_and(|d| !(10..=1200).contains(&d)) {
            return invalid("the resolution must be within 10..=1200 dpi");
        }
        if self.width.is_some_and(|w| !(16..=16384).contains(&w)) {
            return invalid("the width must be within 16..=16384 pixels");
        }
        match self.quality {
            Some(q) if !(1..=100).contains(&q) => invalid("quality must be within 1..=100"),
            _ => Ok(()),
        }
    }

    fn describe(&self) -> String {
        let pages = match &self.pages {
            Some(p) => format!("pages {}", p.said()),
            None => "every page".into(),
        };
        let size = match self.size() {
            RenderSize::Dpi(d) => format!("{d} dpi"),
            RenderSize::Width(w) => format!("{w} px wide"),
        };
        format!("Draw {pages} as {} at {size}", self.format.extension())
    }

    fn suffix(&self) -> String {
        "_page".into()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        self.format
    }

    fn outputs_of(&self, input: &FileFacts) -> Result<Vec<FileFacts>, OpError> {
        need_pdf("draw its pages", input)?;
        let pages = match pages_of(input) {
            Some(total) => self.chosen(total).map_err(OpError::Invalid)?,
            None => match self.pages.as_ref().and_then(Pages::count_known) {
                Some(n) => (1..=n).collect(),
                None => vec![1],
            },
        };
        let (w, h) = match (input.width, input.height) {
            (Some(w), Some(h)) => {
                let (pw, ph) = self.size().pixels(f64::from(w), f64::from(h));
                (Some(pw as u32), Some(ph as u32))
            }
            _ => (None, None),
        };
        Ok(pages
            .into_iter()
            .map(|n| {
                let mut f = FileFacts::named(&document::page_name(&input.name, n, self.format), self.format);
                f.width = w;
                f.height = h;
                f
            })
            .collect())
    }

    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        let (inputs, facts) = (job.inputs, job.facts);
        let name = &facts[0].name;
        let mut outputs = Vec::new();
        let (limits, deadline) = (job.limits.clone(), job.deadline);
        let choose = |total: u32| self.chosen(total);
        let result = docs::render_pages(&inputs[0], &choose, self.size(), &limits, deadline, &mut |d| {
            let bytes = match self.format {
                Format::Jpeg => docs::encode_jpeg(
                    &d.picture,
                    self.quality.unwrap_or(super::image::DEFAULT_JPEG_QUALITY),
                )?,
                f => super::image::encode(&d.picture, f, None, false)?,
            };
            let page = document::page_name(name, d.page, self.format);
            outputs.push(document::write_new(job, &page, &bytes)?);
            job.report(d.done, d.of)
        });
        if let Err(e) = result {
            for p in &outputs {
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
        Ok(outputs)
    }

    fn document_command(&self, inputs: &[FileFacts], _output: &str) -> Result<String, OpError> {
        let input = &inputs[0];
        let root = shell_quote(&format!("{}_page", sanitize_stem(&input.name)));
        let mut size = match self.size() {
            RenderSize::Dpi(d) => vec!["-r".to_string(), d.to_string()],
            RenderSize::Width(w) => vec![
                "-scale-to-x".into(),
                w.to_string(),
                "-scale-to-y".into(),
                "-1".into(),
            ],
        };
        match self.format {
            Format::Jpeg => {
                size.push("-jpeg".into());
                size.push("-jpegopt".into());
                let q = self.quality.unwrap_or(super::image::DEFAULT_JPEG_QUALITY);
                size.push(format!("quality={q}"));
            }
            Format::Tiff => size.push("-tiff".into()),
            _ => size.push("-png".into()),
        }
        let ranges: Vec<(u32, u32)> = match (pages_of(input), &self.pages) {
            (_, None) => vec![],
            (Some(total), Some(_)) => runs(&self.chosen(total).map_err(OpError::Invalid)?),
            (None, Some(p)) => runs(&p.resolve(u32::MAX).unwrap_or_default()),
        };
        let one = |range: Option<(u32, u32)>| {
            let mut w = vec!["pdftoppm".to_string()];
            w.extend(size.iter().cloned());
            if let Some((a, b)) = range {
                w.extend(["-f".into(), a.to_string(), "-l".into(), b.to_string()]);
            }
            w.push(file_arg(&input.name));
            w.push(root.clone());
            w.join(" ")
        };
        let mut lines: Vec<String> = if ranges.is_empty() {
            vec![one(None)]
        } else {
            ranges.into_iter().map(|r| one(Some(r))).collect()
        };
        if self.format == Format::Webp {
            lines.push(format!(
                "for f in {root}-*.png; do cwebp -quiet -lossless \"$f\" -o \"${{f%.png}}.webp\"; done"
            ));
        }
        if self.format == Format::Bmp {
            lines.push(format!(
                "for f in {root}-*.png; do magick \"$f\" \"${{f%.png}}.bmp\"; done"
            ));
        }
        Ok(lines.join(" && "))
    }
}

/// Consecutive page numbers as `(first, last)` runs.
fn runs(pages: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &p in pages {
        match out.last_mut() {
            Some((_, b)) if *b + 1 == p => *b = p,
            _ => out.push((p, p)),
        }
    }
    out
}
