//! `compress_pdf`: a smaller PDF (pictures re-encoded and downsampled,
//! streams recompressed, unused objects dropped), text kept as text.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::command::file_arg;
use super::document::{need_pdf, DocJob};
use super::op::{Op, DOCUMENT};
use super::{fmt_num, invalid, CompressLevel, FileFacts, Format, MediaKind, OpError};
use crate::media::docs;
use crate::media::MediaError;

/// Compress a PDF at a `level`, or under `target_mb`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompressPdf {
    #[serde(default)]
    pub level: CompressLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_mb: Option<f64>,
}

impl Op for CompressPdf {
    const NAME: &'static str = "compress_pdf";
    const SUMMARY: &'static str = "A smaller PDF: levels screen, ebook, print, or a size (\"under 2 MB\"); text stays searchable.";
    const ACCEPTS: &'static [MediaKind] = DOCUMENT;
    const DOCUMENT: bool = true;

    fn validate(&self) -> Result<(), OpError> {
        match self.target_mb {
            Some(t) if !(t.is_finite() && t >= 0.01) => invalid("the size must be at least 0.01 MB"),
            _ => Ok(()),
        }
    }

    fn describe(&self) -> String {
        match self.target_mb {
            Some(t) => format!("Compress the PDF under {} MB", fmt_num(t)),
            None => format!("Compress the PDF ({})", self.level.word()),
        }
    }

    fn suffix(&self) -> String {
        "_compressed".into()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        Format::Pdf
    }

    fn predict(&self, input: &FileFacts, _out: &mut FileFacts) -> Result<(), OpError> {
        need_pdf("compress it", input)
    }

    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        let out = job.reserve(job.name)?;
        let (limits, deadline) = (job.limits.clone(), job.deadline);
        let result = docs::compress_pdf(
            &job.inputs[0],
            &out,
            self.level,
            self.target_mb,
            &limits,
            deadline,
            job.progress,
        );
        match result {
            Ok(()) => Ok(vec![out]),
            Err(e) => {
                let _ = std::fs::remove_file(&out);
                Err(e)
            }
        }
    }

    fn document_command(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError> {
        let level = match self.target_mb {
            Some(_) => CompressLevel::Screen,
            None => self.level,
        };
        Ok(format!(
            "gs -sDEVICE=pdfwrite -dPDFSETTINGS={} -dNOPAUSE -dBATCH -dQUIET -sOutputFile={} {}",
            level.gs_setting(),
            file_arg(output),
            file_arg(&inputs[0].name)
        ))
    }
}
