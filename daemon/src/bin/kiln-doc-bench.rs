//! Documents benchmark helper, driven by `bench/documents.sh` (`make
//! bench`). Runs one document operation in-process through the same library
//! call a worker's pipeline step makes (`media::ops::run` with the step as
//! JSON), and makes the generated inputs:
//!
//! - `kiln-doc-bench corpus DIR`: writes `photos.pdf` (pages of photo-like
//!   pictures with a line of text each) and `report.docx`;
//! - `kiln-doc-bench run STEP_JSON OUTDIR IN...`: runs the step, printing
//!   the files it made, one per line, and on stderr `took SECONDS`, the
//!   step's own time (as a warm worker spends it, without process start);
//! - `kiln-doc-bench psnr A B`: the PSNR (dB) of picture B against A (same
//!   size), for comparing renders.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kilnd::media::docs::testdoc;
use kilnd::media::ops::{self, OpLimits, Operation};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let strs: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match strs.as_slice() {
        ["corpus", dir] => corpus(Path::new(dir)),
        ["run", step, out, inputs @ ..] if !inputs.is_empty() => run(step, out, inputs),
        ["psnr", a, b] => psnr(a, b),
        _ => Err("usage: kiln-doc-bench corpus DIR | run STEP_JSON OUTDIR IN... | psnr A B".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kiln-doc-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn corpus(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let lines: Vec<String> = (1..=8).map(|i| format!("Scanned page {i}")).collect();
    let pages: Vec<&str> = lines.iter().map(String::as_str).collect();
    std::fs::write(dir.join("photos.pdf"), testdoc::pdf_scanned(&pages, 1400))
        .map_err(|e| e.to_string())?;
    let paragraphs: Vec<String> = (1..=120)
        .map(|i| {
            format!("Paragraph {i}: the kiln fires stoneware at 1240 degrees; glaze tests follow.")
        })
        .collect();
    let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    std::fs::write(dir.join("report.docx"), testdoc::docx(&refs)).map_err(|e| e.to_string())
}

fn run(step: &str, out: &str, inputs: &[&str]) -> Result<(), String> {
    let op: Operation = serde_json::from_str(step).map_err(|e| format!("{step}: {e}"))?;
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let inputs: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
    let started = std::time::Instant::now();
    let made = ops::run(&op, &inputs, &out, &OpLimits::default(), &mut |_, _| true)
        .map_err(|e| e.to_string())?;
    eprintln!("took {:.3}", started.elapsed().as_secs_f64());
    for p in made {
        println!("{}", p.display());
    }
    Ok(())
}

fn psnr(a: &str, b: &str) -> Result<(), String> {
    let a = image::open(a).map_err(|e| e.to_string())?.to_rgb8();
    let b = image::open(b).map_err(|e| e.to_string())?.to_rgb8();
    if a.dimensions() != b.dimensions() {
        return Err(format!(
            "sizes differ: {:?} and {:?}",
            a.dimensions(),
            b.dimensions()
        ));
    }
    let se: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
        .sum();
    let mse = se / a.as_raw().len() as f64;
    if mse == 0.0 {
        println!("inf");
    } else {
        println!("{:.2}", 10.0 * (255.0f64 * 255.0 / mse).log10());
    }
    Ok(())
}
