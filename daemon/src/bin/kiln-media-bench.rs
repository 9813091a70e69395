//! Media-operations benchmark helper, driven by `bench/media.sh`
//! (`make bench`). Runs one operation in-process through the same library
//! call a worker's pipeline step makes (`media::ops::run` with the step as
//! it travels to the worker, JSON), on one input file:
//!
//! - `kiln-media-bench gray IN OUT`: grayscale;
//! - `kiln-media-bench resize IN OUT WIDTH`: scale to WIDTH pixels wide,
//!   aspect kept;
//! - `kiln-media-bench thumb IN OUT SIZE`: a thumbnail within SIZE x SIZE;
//! - `kiln-media-bench rotate IN OUT DEGREES`: rotate by 90, 180 or 270;
//! - `kiln-media-bench crop IN OUT X Y WIDTH HEIGHT`: cut out a rectangle;
//! - `kiln-media-bench convert IN OUT FORMAT [QUALITY]`: convert (png, webp,
//!   jpg…), at a quality;
//! - `kiln-media-bench transcode IN OUT`: convert to MP4 (H.264 + AAC);
//! - `kiln-media-bench step TASK [ARGS]`: prints the task's pipeline step
//!   as a job's plan holds it (JSON), for `kilnd-stills run`, which runs
//!   the picture tasks as the still-picture worker does;
//! - `kiln-media-bench command OP IN OUT [WIDTH]`: prints the equivalent
//!   `ffmpeg` / `magick` command the operation shows users (file names
//!   without directories), to run the reference tool with the same
//!   settings.
//!
//! The operation derives its output name and format from the input, as in
//! a job; the result is then moved to OUT, whose extension must name the
//! same format.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kilnd::media::ops::{self, Format, OpLimits, Operation};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let strs: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match strs.as_slice() {
        ["step", op, rest @ ..] => operation(op, rest).and_then(|op| {
            let json = serde_json::to_string(&op).map_err(|e| e.to_string())?;
            println!("{json}");
            Ok(())
        }),
        ["command", op, input, output, rest @ ..] => {
            operation(op, rest).and_then(|op| command(&op, input, output))
        }
        [op, input, output, rest @ ..] => {
            operation(op, rest).and_then(|op| run(&op, input, output))
        }
        _ => Err(
            "usage: kiln-media-bench [command] gray|resize|thumb|rotate|crop|convert|transcode IN OUT [ARGS] | kiln-media-bench step TASK [ARGS]".to_string(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kiln-media-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The pipeline step for a benchmark task, built from JSON as steps reach
/// the workers.
fn operation(name: &str, rest: &[&str]) -> Result<Operation, String> {
    let json = match (name, rest) {
        ("gray", []) => r#"{"op":"grayscale"}"#.to_string(),
        ("resize", [w]) => {
            let w: u32 = w.parse().map_err(|_| format!("bad width {w}"))?;
            format!(r#"{{"op":"scale","width":{w}}}"#)
        }
        ("thumb", [n]) => {
            let n: u32 = n.parse().map_err(|_| format!("bad size {n}"))?;
            format!(r#"{{"op":"thumbnail","max":{n}}}"#)
        }
        ("rotate", [d]) => {
            let d: u32 = d.parse().map_err(|_| format!("bad angle {d}"))?;
            format!(r#"{{"op":"rotate","degrees":{d}}}"#)
        }
        ("crop", [x, y, w, h]) => {
            let n = |v: &str| v.parse::<u32>().map_err(|_| format!("bad number {v}"));
            let (x, y, w, h) = (n(x)?, n(y)?, n(w)?, n(h)?);
            format!(r#"{{"op":"crop","rect":{{"x":{x},"y":{y},"width":{w},"height":{h}}}}}"#)
        }
        ("convert", [to]) if to.chars().all(|c| c.is_ascii_alphanumeric()) => {
            format!(r#"{{"op":"convert","to":"{to}"}}"#)
        }
        ("convert", [to, q]) if to.chars().all(|c| c.is_ascii_alphanumeric()) => {
            let q: u8 = q.parse().map_err(|_| format!("bad quality {q}"))?;
            format!(r#"{{"op":"convert","to":"{to}","quality":{q}}}"#)
        }
        ("transcode", []) => r#"{"op":"convert","to":"mp4"}"#.to_string(),
        _ => return Err(format!("unknown task or wrong arguments: {name} {rest:?}")),
    };
    let op: Operation = serde_json::from_str(&json).map_err(|e| format!("{json}: {e}"))?;
    op.validate().map_err(|e| e.to_string())?;
    Ok(op)
}

fn file_name(path: &Path) -> Result<String, String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{} has no file name", path.display()))
}

fn format_of(path: &Path) -> Option<Format> {
    path.extension()
        .and_then(|e| Format::from_extension(&e.to_string_lossy()))
}

fn command(op: &Operation, input: &str, output: &str) -> Result<(), String> {
    let limits = OpLimits::default();
    let facts = ops::probe_any(Path::new(input), &limits).map_err(|e| format!("{input}: {e}"))?;
    let line = op
        .command_line(&[facts], &file_name(Path::new(output))?)
        .map_err(|e| e.to_string())?;
    println!("{line}");
    Ok(())
}

fn run(op: &Operation, input: &str, output: &str) -> Result<(), String> {
    let output = Path::new(output);
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A private directory next to OUT: the step never overwrites, and the
    // result is renamed within one file system.
    let dir = parent.join(format!(
        ".{}.kiln-media-bench-{}",
        file_name(output)?,
        std::process::id()
    ));
    std::fs::create_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = run_in(op, input, output, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(op: &Operation, input: &str, output: &Path, dir: &Path) -> Result<(), String> {
    let limits = OpLimits::default();
    let inputs = [PathBuf::from(input)];
    let outs = ops::run(op, &inputs, dir, &limits, &mut |_, _| true)
        .map_err(|e| format!("{} failed: {e}", op.describe()))?;
    let [made] = outs.as_slice() else {
        return Err(format!("expected one output, got {}", outs.len()));
    };
    if format_of(made) != format_of(output) {
        return Err(format!(
            "the step writes {}: OUT needs the same extension",
            file_name(made)?
        ));
    }
    std::fs::rename(made, output).map_err(|e| format!("{}: {e}", output.display()))
}
