//! Still pictures without FFmpeg: what the still-picture worker
//! (`kilnd-stills`) runs. Nothing reachable from here calls into FFmpeg, so
//! that program links none of its ~170 shared libraries and starts in ~10 MiB
//! instead of ~45: a job that only turns, crops, scales or converts
//! pictures costs the memory of the picture work, not of a video toolkit.

use std::path::{Path, PathBuf};

use super::{image, Deadline, FileFacts, Format, Kit, MediaKind, OpLimits, Operation};
use crate::media::MediaError;

/// True when `steps`, run in order on files with these facts, stay on the
/// still path throughout: every file in and out is a still picture (not a
/// GIF, which may move) and every step is a single-picture one.
pub fn runs_on_stills(steps: &[Operation], inputs: &[FileFacts]) -> bool {
    // (AVIF is FFmpeg's: the full worker's.)
    let still = |f: &FileFacts| f.kind == MediaKind::Image && f.format != Format::Avif;
    let mut current = inputs.to_vec();
    for op in steps {
        let on_path = !current.is_empty()
            && !op.is_multi_input()
            && !op.op().is_document(&current)
            && current
                .iter()
                .all(|f| still(f) && op.uses_image_path(std::slice::from_ref(f)));
        if !on_path {
            return false;
        }
        current = match op.outputs(&current) {
            Ok(next) => next,
            Err(_) => return false,
        };
    }
    !current.is_empty() && current.iter().all(still)
}

/// What a still picture is; any other file is refused.
pub fn identify(path: &Path, limits: &OpLimits) -> Result<FileFacts, MediaError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    image::probe_still(path, &name, limits)?.ok_or_else(not_still)
}

/// Whether the file at `path` names itself a still picture in its first
/// bytes (nothing is decoded), so that [`identify`] can tell what it is.
pub fn looks_still(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(image::SIGNATURE_BYTES);
    std::fs::File::open(path)
        .and_then(|f| f.take(image::SIGNATURE_BYTES as u64).read_to_end(&mut head))
        .is_ok_and(|_| image::is_still_signature(&head))
}

fn not_still() -> MediaError {
    MediaError::InvalidRequest("this worker runs still pictures only".into())
}

/// [`super::run_named`] for still pictures only.
pub fn run_named(
    op: &Operation,
    inputs: &[PathBuf],
    names: &[String],
    output_dir: &Path,
    limits: &OpLimits,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    let kit = Kit {
        probe: identify,
        step,
    };
    kit.run(op, inputs, names, output_dir, limits, progress)
}

fn step(
    op: &Operation,
    inputs: &[PathBuf],
    facts: &[FileFacts],
    output_dir: &Path,
    limits: &OpLimits,
    deadline: Deadline,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<PathBuf>, MediaError> {
    if op.op().is_document(facts) || !op.uses_image_path(facts) {
        return Err(not_still());
    }
    op.outputs(facts)
        .map_err(|e| MediaError::InvalidRequest(e.to_string()))?;
    let name = op.output_name_for(&facts[0]);
    super::run_still(
        op, &inputs[0], &facts[0], output_dir, &name, limits, deadline, progress,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::ops::Format;

    fn picture(name: &str, format: Format) -> FileFacts {
        let mut f = FileFacts::named(name, format);
        (f.width, f.height) = (Some(4000), Some(3000));
        f
    }

    fn steps(json: &[&str]) -> Vec<Operation> {
        json.iter()
            .map(|j| serde_json::from_str(j).unwrap())
            .collect()
    }

    #[test]
    fn picture_edits_run_on_stills_and_anything_that_moves_does_not() {
        let jpg = [picture("a.jpg", Format::Jpeg)];
        let on_stills = |s: &[&str], inputs: &[FileFacts]| runs_on_stills(&steps(s), inputs);
        assert!(on_stills(&[r#"{"op":"grayscale"}"#], &jpg));
        assert!(on_stills(
            &[
                r#"{"op":"scale","width":800}"#,
                r#"{"op":"convert","to":"webp","quality":75}"#
            ],
            &jpg
        ));
        let two = [
            picture("a.jpg", Format::Jpeg),
            picture("b.png", Format::Png),
        ];
        assert!(on_stills(&[r#"{"op":"rotate","degrees":90}"#], &two));
        // A GIF may move; a PDF or a slideshow is not a picture edit.
        assert!(!on_stills(&[r#"{"op":"convert","to":"gif"}"#], &jpg));
        assert!(!on_stills(&[r#"{"op":"convert","to":"pdf"}"#], &jpg));
        assert!(!on_stills(&[r#"{"op":"slideshow"}"#], &two));
        let clip = [FileFacts::named("c.mp4", Format::Mp4)];
        assert!(!on_stills(&[r#"{"op":"grayscale"}"#], &clip));
        assert!(!on_stills(&[], &[]));
    }
}
