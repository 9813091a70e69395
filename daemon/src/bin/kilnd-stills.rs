//! `kilnd-stills`: the still-picture worker. `kilnd serve` starts it, beside
//! the full worker, for jobs that only turn, crop, scale, convert or
//! otherwise edit still pictures; it links no FFmpeg, so it starts small.
//!
//! - `kilnd-stills worker`: the worker process (requests on stdin, replies
//!   on stdout, as `kilnd worker`);
//! - `kilnd-stills run STEP IN OUT`: one pipeline step (JSON, as in a job's
//!   plan, e.g. `{"op":"grayscale"}`) on one picture, the result moved to
//!   OUT, whose extension must name the format the step writes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kilnd::media::ops::{stills, OpLimits, Operation};

const USAGE: &str = "usage: kilnd-stills worker | kilnd-stills run STEP_JSON IN OUT";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let strs: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match strs.as_slice() {
        ["worker"] => {
            kilnd::logging::init("warn", "human");
            kilnd::worker::stills_main().map_err(|e| e.to_string())
        }
        ["run", step, input, output] => run(step, Path::new(input), Path::new(output)),
        ["--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kilnd-stills: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(step: &str, input: &Path, output: &Path) -> Result<(), String> {
    let op: Operation = serde_json::from_str(step).map_err(|e| format!("{step}: {e}"))?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let out_name = output
        .file_name()
        .ok_or_else(|| format!("{} has no file name", output.display()))?
        .to_string_lossy()
        .into_owned();
    // A private directory next to OUT: the step never overwrites, and the
    // result is renamed within one file system.
    let dir = parent.join(format!(".{out_name}.kilnd-stills-{}", std::process::id()));
    std::fs::create_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = run_in(&op, input, output, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(op: &Operation, input: &Path, output: &Path, dir: &Path) -> Result<(), String> {
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let outs = stills::run_named(
        op,
        &[input.to_path_buf()],
        &[name],
        dir,
        &OpLimits::default(),
        &mut |_, _| true,
    )
    .map_err(|e| format!("{} failed: {e}", op.describe()))?;
    let [made] = outs.as_slice() else {
        return Err(format!("expected one output, got {}", outs.len()));
    };
    let ext = |p: &Path| p.extension().map(|e| e.to_ascii_lowercase());
    if ext(made) != ext(output) {
        return Err(format!(
            "the step writes {}: OUT needs the same extension",
            made.display()
        ));
    }
    std::fs::rename(made, output).map_err(|e| format!("{}: {e}", output.display()))
}
