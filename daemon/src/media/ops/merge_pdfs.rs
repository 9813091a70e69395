//! `merge_pdfs`: PDFs one after the other in one PDF.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::command::file_arg;
use super::document::{self, need_pdf, pages_of, pdf_facts, DocJob};
use super::op::{self, Op, DOCUMENT};
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::docs;
use crate::media::MediaError;

/// PDFs → one PDF, in the order given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergePdfs {}

impl Op for MergePdfs {
    const NAME: &'static str = "merge_pdfs";
    const SUMMARY: &'static str = "PDFs to one PDF, in the order given.";
    const ACCEPTS: &'static [MediaKind] = DOCUMENT;
    const MULTI_INPUT: bool = true;
    const DOCUMENT: bool = true;

    fn describe(&self) -> String {
        "Merge the PDFs into one".into()
    }

    fn suffix(&self) -> String {
        "_merged".into()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        Format::Pdf
    }

    fn combine(&self, inputs: &[FileFacts]) -> Result<FileFacts, OpError> {
        for i in inputs {
            op::check_accepts(self, i)?;
            need_pdf("merge it", i)?;
        }
        let pages = inputs
            .iter()
            .map(pages_of)
            .try_fold(0u32, |n, p| p.map(|p| n.saturating_add(p)));
        let mut out = pdf_facts(op::output_name(self, &inputs[0]), pages);
        out.width = inputs[0].width;
        out.height = inputs[0].height;
        Ok(out)
    }

    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        let inputs: Vec<&Path> = job.inputs.iter().map(PathBuf::as_path).collect();
        job.one_file(|out| docs::merge_pdfs(&inputs, out))
    }

    fn document_command(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError> {
        Ok(format!(
            "qpdf --empty --pages {} -- {}",
            document::args(inputs).join(" "),
            file_arg(output)
        ))
    }
}
