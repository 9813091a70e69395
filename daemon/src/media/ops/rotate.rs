//! `rotate`: a quarter, half or three-quarter turn clockwise, of a
//! picture, a video, or the pages of a PDF.

use std::path::PathBuf;

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use super::command::file_arg;
use super::document::{self, need_pdf, pages_of, DocJob};
use super::needs::{Needs, Source};
use super::op::Op;
use super::plan::Draft;
use super::{invalid, FileFacts, Format, MediaKind, OpError, Pages};
use crate::media::{docs, MediaError};

/// Rotate clockwise by 90, 180 or 270 degrees. A PDF's pages are turned
/// as a viewer shows them (all, or the `pages` named), their content
/// untouched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotate {
    pub degrees: u32,
    /// Of a PDF: the pages to turn (all when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<Pages>,
}

impl Rotate {
    /// The whole file turned `degrees` clockwise.
    pub fn by(degrees: u32) -> Rotate {
        Rotate {
            degrees,
            pages: None,
        }
    }
}

impl Op for Rotate {
    const NAME: &'static str = "rotate";
    const SUMMARY: &'static str =
        "Rotate 90°, 180° or 270° clockwise (pictures, videos, and the pages of a PDF: all or some).";
    const ACCEPTS: &'static [MediaKind] = &[
        MediaKind::Video,
        MediaKind::Gif,
        MediaKind::Image,
        MediaKind::Document,
    ];

    fn validate(&self) -> Result<(), OpError> {
        if [90, 180, 270].contains(&self.degrees) {
            Ok(())
        } else {
            invalid("rotation must be 90, 180 or 270 degrees")
        }
    }

    fn describe(&self) -> String {
        match &self.pages {
            Some(p) => format!("Rotate pages {} {}° clockwise", p.said(), self.degrees),
            None => format!("Rotate {}° clockwise", self.degrees),
        }
    }

    fn suffix(&self) -> String {
        format!("_rot{}", self.degrees)
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        if input.kind == MediaKind::Document {
            need_pdf("turn its pages", input)?;
            if let (Some(p), Some(total)) = (&self.pages, pages_of(input)) {
                p.resolve(total).map_err(OpError::Invalid)?;
            }
            return Ok(());
        }
        if self.pages.is_some() {
            return Err(OpError::Invalid(format!(
                "{} has no pages: only a PDF's pages are turned one by one",
                input.name
            )));
        }
        if self.degrees != 180 {
            std::mem::swap(&mut out.width, &mut out.height);
        }
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        plan.vf.push(
            match self.degrees {
                90 => "transpose=clock",
                270 => "transpose=cclock",
                _ => "hflip,vflip",
            }
            .into(),
        );
        Ok(())
    }

    fn needs(&self, _width: u32, _height: u32) -> Needs {
        Needs {
            turn: self.degrees,
            complete: true,
            ..Needs::default()
        }
    }

    fn still_from(&self, img: DynamicImage, source: Source) -> Result<DynamicImage, MediaError> {
        if source.turned {
            return Ok(img);
        }
        self.still(img)
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(match self.degrees {
            90 => img.rotate90(),
            180 => img.rotate180(),
            _ => img.rotate270(),
        })
    }

    fn magick(&self, _input: &FileFacts, _out_format: Format) -> Result<Vec<String>, OpError> {
        Ok(vec!["-rotate".into(), self.degrees.to_string()])
    }

    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        let input = job.inputs[0].clone();
        let total = docs::page_count(&input)?;
        let pages = document::chosen(self.pages.as_ref(), total)
            .map_err(MediaError::InvalidRequest)?;
        job.one_file(|out| docs::rotate_pages(&input, &pages, self.degrees, out))
    }

    fn document_command(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError> {
        let pages = self.pages.as_ref().map_or("1-z".to_string(), Pages::qpdf);
        Ok(format!(
            "qpdf {} --rotate=+{}:{pages} {}",
            file_arg(&inputs[0].name),
            self.degrees,
            file_arg(output)
        ))
    }
}
