//! `extract_pages`: some pages of a PDF as a new PDF, or every chosen page
//! as a PDF of its own (split).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::command::{file_arg, shell_quote};
use super::document::{self, need_pdf, pages_of, pdf_facts, DocJob};
use super::op::{self, Op, DOCUMENT};
use super::{invalid, sanitize_stem, FileFacts, Format, MediaKind, OpError, Pages};
use crate::media::docs::{self, limits::MAX_PAGES};
use crate::media::MediaError;

/// PDF → the `pages` chosen (all when absent) as one PDF, or, with
/// `split`, one PDF per page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractPages {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<Pages>,
    #[serde(default)]
    pub split: bool,
}

impl ExtractPages {
    fn chosen(&self, total: u32) -> Result<Vec<u32>, String> {
        document::chosen(self.pages.as_ref(), total)
    }
}

impl Op for ExtractPages {
    const NAME: &'static str = "extract_pages";
    const SUMMARY: &'static str =
        "Pages of a PDF (\"pages 1-3\", \"page 2\") as a new PDF, or split into one PDF per page.";
    const ACCEPTS: &'static [MediaKind] = DOCUMENT;
    const DOCUMENT: bool = true;

    fn validate(&self) -> Result<(), OpError> {
        if self.pages.is_none() && !self.split {
            return invalid("say which pages to keep, or split every page");
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match (&self.pages, self.split) {
            (Some(p), false) => format!("Keep pages {} of the PDF", p.said()),
            (Some(p), true) => format!("Split pages {} into one PDF each", p.said()),
            (None, _) => "Split the PDF into one PDF per page".into(),
        }
    }

    fn suffix(&self) -> String {
        "_pages".into()
    }

    fn output_format(&self, _input: &FileFacts) -> Format {
        Format::Pdf
    }

    fn outputs_of(&self, input: &FileFacts) -> Result<Vec<FileFacts>, OpError> {
        need_pdf("take pages from it", input)?;
        let pages = match pages_of(input) {
            Some(total) => Some(self.chosen(total).map_err(OpError::Invalid)?),
            None => None,
        };
        let count = pages
            .as_ref()
            .map(|p| p.len() as u32)
            .or_else(|| self.pages.as_ref().and_then(Pages::count_known));
        if !self.split {
            return Ok(vec![pdf_facts(op::output_name(self, input), count)]);
        }
        let numbers = pages.unwrap_or_else(|| (1..=count.unwrap_or(1).min(MAX_PAGES)).collect());
        Ok(numbers
            .into_iter()
            .map(|n| pdf_facts(document::page_name(&input.name, n, Format::Pdf), Some(1)))
            .collect())
    }

    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        let (inputs, facts) = (job.inputs, job.facts);
        let input = &inputs[0];
        let total = docs::page_count(input)?;
        let pages = self.chosen(total).map_err(MediaError::InvalidRequest)?;
        if !self.split {
            let out = job.reserve(job.name)?;
            return match docs::extract_pages(input, &pages, &out) {
                Ok(()) => Ok(vec![out]),
                Err(e) => {
                    let _ = std::fs::remove_file(&out);
                    Err(e)
                }
            };
        }
        let mut outputs = Vec::with_capacity(pages.len());
        for (i, &n) in pages.iter().enumerate() {
            job.deadline.check()?;
            let out = job.reserve(&document::page_name(&facts[0].name, n, Format::Pdf))?;
            let done = docs::extract_pages(input, &[n], &out);
            outputs.push(out);
            if let Err(e) = done.and_then(|()| job.report(i as u64 + 1, pages.len() as u64)) {
                for p in &outputs {
                    let _ = std::fs::remove_file(p);
                }
                return Err(e);
            }
        }
        Ok(outputs)
    }

    fn document_command(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError> {
        let input = file_arg(&inputs[0].name);
        let selection = match &self.pages {
            Some(p) => format!(" --pages . {} --", p.qpdf()),
            None => String::new(),
        };
        Ok(if self.split {
            let root = shell_quote(&format!("{}_page.pdf", sanitize_stem(&inputs[0].name)));
            format!("qpdf {input}{selection} --split-pages {root}")
        } else {
            format!("qpdf {input}{selection} {}", file_arg(output))
        })
    }
}
