//! Files under a size. Stills: each format gives up what it can, best
//! first — JPEG and WebP their quality, PNG its colours (a palette,
//! transparency kept) — then the picture gets smaller, a quarter at a
//! time. Audio and video: a ladder of plans the operation makes (a GIF's
//! colours, frame rate, size) is run until one output is small enough.

use std::path::{Path, PathBuf};

use ::image::DynamicImage;

use super::av::AvPlan;
use super::image::{encode, resize};
use super::{Deadline, FileFacts, Format, OpLimits};
use crate::media::MediaError;

/// Qualities tried, best first.
const QUALITY_STEPS: [u8; 9] = [90, 80, 70, 60, 50, 40, 30, 20, 10];
/// Palette sizes tried, best first.
const COLOR_STEPS: [u16; 5] = [256, 128, 64, 32, 16];
/// How many times the picture is made smaller before giving up.
const SHRINKS: usize = 8;

/// One attempt at encoding a picture: its bytes.
type Attempt<'a> = Box<dyn Fn() -> Result<Vec<u8>, MediaError> + 'a>;

/// The bytes of one attempt at `img` in `format`, best first.
fn attempts(img: &DynamicImage, format: Format) -> Vec<Attempt<'_>> {
    match format {
        Format::Png => COLOR_STEPS
            .iter()
            .map(|&c| Box::new(move || super::palette::encode(img, c, false)) as Box<dyn Fn() -> _>)
            .collect(),
        Format::Webp | Format::Jpeg | Format::Avif => QUALITY_STEPS
            .iter()
            .map(|&q| Box::new(move || encode(img, format, Some(q), false)) as Box<dyn Fn() -> _>)
            .collect(),
        // Formats without a quality: only their size can give.
        _ => vec![Box::new(move || encode(img, format, None, false))],
    }
}

/// The best `format` encoding of `img` within `mb` megabytes.
pub(crate) fn still_within(
    img: &DynamicImage,
    format: Format,
    mb: f64,
    deadline: Deadline,
) -> Result<Vec<u8>, MediaError> {
    let target = (mb * 1_000_000.0) as usize;
    let mut current = img.clone();
    for _ in 0..=SHRINKS {
        for attempt in attempts(&current, format) {
            deadline.check()?;
            let bytes = attempt()?;
            if bytes.len() <= target {
                return Ok(bytes);
            }
        }
        let (w, h) = (current.width(), current.height());
        if w < 32 || h < 32 {
            break;
        }
        current = resize(&current, w * 3 / 4, h * 3 / 4)?;
    }
    Err(MediaError::InvalidRequest(format!(
        "the picture cannot be made smaller than {mb} MB as a {}",
        format.extension()
    )))
}

/// Audio and video runs of one step, for trying plans until the output is
/// small enough.
pub(crate) struct AvRun<'a> {
    pub inputs: &'a [PathBuf],
    pub facts: &'a [FileFacts],
    pub output_dir: &'a Path,
    pub name: &'a str,
    pub limits: &'a OpLimits,
    pub deadline: Deadline,
}

impl AvRun<'_> {
    /// Runs `plans` in order until one writes at most `mb` megabytes; that
    /// output is kept, the bigger ones removed.
    pub(crate) fn within(
        &self,
        plans: &[AvPlan],
        mb: f64,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<Vec<PathBuf>, MediaError> {
        let target = (mb * 1_000_000.0) as u64;
        for plan in plans {
            self.deadline.check()?;
            let outs = super::av::execute(
                plan,
                self.inputs,
                self.facts,
                self.output_dir,
                self.name,
                self.limits,
                self.deadline,
                progress,
            )?;
            let size: u64 = outs
                .iter()
                .map(|p| std::fs::metadata(p).map_or(u64::MAX, |m| m.len()))
                .sum();
            if size <= target {
                return Ok(outs);
            }
            for p in outs {
                let _ = std::fs::remove_file(p);
            }
        }
        Err(MediaError::InvalidRequest(format!(
            "the file cannot be made smaller than {mb} MB, even with 16 colours, 5 frames a second and a quarter of its width"
        )))
    }
}
