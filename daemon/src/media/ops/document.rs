//! What document operations share: the job a document step runs on, and
//! the checks and names they all use.

use std::path::{Path, PathBuf};

use super::command::file_arg;
use super::{names, sanitize_stem, Deadline, FileFacts, Format, MediaKind, OpError, OpLimits};
use crate::media::MediaError;

/// One document step's inputs, where its outputs go, and its limits.
pub(crate) struct DocJob<'a> {
    pub inputs: &'a [PathBuf],
    pub facts: &'a [FileFacts],
    pub output_dir: &'a Path,
    /// The output name `outputs` predicted for the (first) input.
    pub name: &'a str,
    pub limits: &'a OpLimits,
    pub deadline: Deadline,
    pub progress: &'a mut dyn FnMut(u64, u64) -> bool,
}

impl DocJob<'_> {
    /// Reports `done` of `total`; an error when the job is canceled.
    pub(crate) fn report(&mut self, done: u64, total: u64) -> Result<(), MediaError> {
        if (self.progress)(done, total) {
            Ok(())
        } else {
            Err(MediaError::Canceled)
        }
    }

    /// A new empty output file named `name` (or `name_2`...).
    pub(crate) fn reserve(&self, name: &str) -> Result<PathBuf, MediaError> {
        names::reserve(self.output_dir, name)
    }

    /// The one output of a step that `write` makes at once; removed when
    /// it fails.
    pub(crate) fn one_file(
        &mut self,
        write: impl FnOnce(&Path) -> Result<(), MediaError>,
    ) -> Result<Vec<PathBuf>, MediaError> {
        self.report(0, 1)?;
        let out = self.reserve(self.name)?;
        if let Err(e) = write(&out) {
            let _ = std::fs::remove_file(&out);
            return Err(e);
        }
        self.report(1, 1)?;
        Ok(vec![out])
    }
}

/// Refuses anything but a PDF.
pub(crate) fn need_pdf(what: &str, input: &FileFacts) -> Result<(), OpError> {
    match input.format {
        Format::Pdf => Ok(()),
        f if f.is_office() => Err(OpError::Invalid(format!(
            "{} is an office document: convert it to PDF first to {what}",
            input.name
        ))),
        _ => Err(OpError::Invalid(format!(
            "{} is {}, not a PDF",
            input.name,
            input.kind.word()
        ))),
    }
}

/// The pages of a PDF, when known.
pub(crate) fn pages_of(input: &FileFacts) -> Option<u32> {
    input.document.as_ref().and_then(|d| d.pages)
}

/// The pages `pages` names in a `total`-page PDF (every page when absent).
pub(crate) fn chosen(pages: Option<&super::Pages>, total: u32) -> Result<Vec<u32>, String> {
    match pages {
        Some(p) => p.resolve(total),
        None => Ok((1..=total).collect()),
    }
}

/// The facts of a PDF made by a step: `pages` pages (if known), the page
/// size unknown.
pub(crate) fn pdf_facts(name: String, pages: Option<u32>) -> FileFacts {
    let mut f = FileFacts::named(&name, Format::Pdf);
    f.kind = MediaKind::Document;
    f.has_audio = false;
    f.document = Some(crate::media::ops::DocFacts {
        pages,
        ..Default::default()
    });
    f
}

/// `stem_page3.ext`: the name of one page of `input`.
pub(crate) fn page_name(input: &str, page: u32, format: Format) -> String {
    format!("{}_page{page}.{}", sanitize_stem(input), format.extension())
}

/// The file names of `inputs`, ready for a shell.
pub(crate) fn args(inputs: &[FileFacts]) -> Vec<String> {
    inputs.iter().map(|i| file_arg(&i.name)).collect()
}

/// Writes `bytes` to a new file named `name` in the job's folder.
pub(crate) fn write_new(job: &DocJob, name: &str, bytes: &[u8]) -> Result<PathBuf, MediaError> {
    let path = job.reserve(name)?;
    std::fs::write(&path, bytes).map_err(MediaError::io(&path))?;
    Ok(path)
}
