//! `office_to_pdf`: an office document (Word, Excel, PowerPoint,
//! OpenDocument, RTF) to PDF with LibreOffice.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::command::file_arg;
use super::document::{pdf_facts, DocJob};
use super::op::{self, Op, DOCUMENT};
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::docs::{self, limits::OFFICE_SECS, OfficeLimits};
use crate::media::MediaError;

/// Office document → PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeToPdf {}

impl Op for OfficeToPdf {
    const NAME: &'static str = "office_to_pdf";
    const SUMMARY: &'static str = "An office document (docx, doc, odt, rtf, pptx, ppt, odp, xlsx, xls, ods) to PDF, with LibreOffice.";
    const ACCEPTS: &'static [MediaKind] = DOCUMENT;
    const DOCUMENT: bool = true;

    fn describe(&self) -> String {
        "Convert to pdf with LibreOffice".into()
    }

    fn suffix(&self) -> String {
        String::new()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        Format::Pdf
    }

    fn outputs_of(&self, input: &FileFacts) -> Result<Vec<FileFacts>, OpError> {
        if !input.format.is_office() {
            return Err(OpError::Invalid(format!(
                "{} is not an office document",
                input.name
            )));
        }
        Ok(vec![pdf_facts(op::output_name(self, input), None)])
    }

    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        let work = job.output_dir.join(format!(".office-{}", std::process::id()));
        std::fs::create_dir(&work).map_err(MediaError::io(&work))?;
        let limits = OfficeLimits {
            secs: OFFICE_SECS.min(job.limits.time_limit_secs),
        };
        let result = job.report(0, 1).and_then(|()| {
            let pdf = docs::convert_to_pdf(&job.inputs[0], job.facts[0].format, &work, limits)?;
            let out = job.reserve(job.name)?;
            std::fs::rename(&pdf, &out).map_err(MediaError::io(&out))?;
            Ok(out)
        });
        let _ = std::fs::remove_dir_all(&work);
        let out = result?;
        job.report(1, 1)?;
        Ok(vec![out])
    }

    fn document_command(&self, inputs: &[FileFacts], _output: &str) -> Result<String, OpError> {
        Ok(format!(
            "soffice --headless --convert-to pdf --outdir . {}",
            file_arg(&inputs[0].name)
        ))
    }
}
