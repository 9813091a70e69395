//! Frame-interpolation benchmark helper, driven by `bench/interp.sh`
//! (`make bench`). Works on raw yuv420p files so every method reads and
//! writes the same bytes:
//!
//! - `kiln-bench decimate ORIG HALF W H [N]`: keeps every N-th picture
//!   (every other one by default);
//! - `kiln-bench interp METHOD HALF OUT W H [N]`: multiplies the rate of
//!   HALF by N with METHOD (`mci`, `blend` or `dup`), the synthesised
//!   pictures at t = 1/N, 2/N, …;
//! - `kiln-bench score ORIG OUT W H [N]`: PSNR and SSIM (luma) of the
//!   synthesised pictures (indices not a multiple of N, with both
//!   neighbours kept) against the dropped originals, plus the PSNR of the
//!   kept ones as a sanity check;
//! - `kiln-bench render IN OUT FPS`: renders a video file as a render job
//!   does (decode, interpolate, encode, mux) and prints the stage times.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::process::ExitCode;

use kilnd::media::interpolate::metrics::{psnr, ssim};
use kilnd::media::interpolate::MciInterpolator;
use kilnd::media::render::{BlendInterpolator, Interpolator, Plane3, RenderRequest};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let strs: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match strs.as_slice() {
        ["decimate", orig, half, w, h, n @ ..] => {
            dims(w, h).and_then(|d| decimate(orig, half, d, factor(n)?))
        }
        ["interp", method, half, out, w, h, n @ ..] => {
            dims(w, h).and_then(|d| interp(method, half, out, d, factor(n)?))
        }
        ["score", orig, out, w, h, n @ ..] => {
            dims(w, h).and_then(|d| score(orig, out, d, factor(n)?))
        }
        ["render", input, out, fps] => render(input, out, fps),
        _ => Err("usage: kiln-bench decimate|interp|score ... (see the source)".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kiln-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

type Res = Result<(), String>;

fn dims(w: &str, h: &str) -> Result<(u32, u32), String> {
    let w: u32 = w.parse().map_err(|_| format!("bad width {w}"))?;
    let h: u32 = h.parse().map_err(|_| format!("bad height {h}"))?;
    if w < 2 || h < 2 {
        return Err("picture too small".into());
    }
    Ok((w, h))
}

/// The rate factor: the optional last argument, 2 when absent.
fn factor(arg: &[&str]) -> Result<u64, String> {
    match arg {
        [] => Ok(2),
        [n] => n
            .parse()
            .ok()
            .filter(|n| (2..=16).contains(n))
            .ok_or_else(|| format!("bad factor {n} (2..=16)")),
        _ => Err("too many arguments".into()),
    }
}

struct Reader {
    inner: BufReader<File>,
    size: (u32, u32),
}

impl Reader {
    fn open(path: &str, size: (u32, u32)) -> Result<Reader, String> {
        let f = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        Ok(Reader {
            inner: BufReader::with_capacity(1 << 20, f),
            size,
        })
    }

    /// The next picture, or `None` at the end of the file.
    fn next(&mut self) -> Result<Option<Plane3>, String> {
        let mut p = Plane3::new(self.size.0, self.size.1);
        for plane in p.planes_mut() {
            match self.inner.read_exact(plane) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
                Err(e) => return Err(e.to_string()),
            }
        }
        Ok(Some(p))
    }
}

fn writer(path: &str) -> Result<BufWriter<File>, String> {
    let f = File::create(path).map_err(|e| format!("{path}: {e}"))?;
    Ok(BufWriter::with_capacity(1 << 20, f))
}

fn write(w: &mut impl Write, p: &Plane3) -> Res {
    for plane in p.planes() {
        w.write_all(plane).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn decimate(orig: &str, half: &str, size: (u32, u32), n: u64) -> Res {
    let mut r = Reader::open(orig, size)?;
    let mut w = writer(half)?;
    let mut i = 0u64;
    while let Some(p) = r.next()? {
        if i.is_multiple_of(n) {
            write(&mut w, &p)?;
        }
        i += 1;
    }
    w.flush().map_err(|e| e.to_string())
}

fn interp(method: &str, half: &str, out: &str, size: (u32, u32), n: u64) -> Res {
    let mut interpolator: Box<dyn Interpolator> = match method {
        "mci" => Box::new(MciInterpolator::new()),
        "blend" => Box::new(BlendInterpolator),
        "dup" => Box::new(Dup),
        _ => return Err(format!("unknown method {method}")),
    };
    let mut r = Reader::open(half, size)?;
    let mut w = writer(out)?;
    let mut mid = Plane3::new(size.0, size.1);
    let Some(mut a) = r.next()? else {
        return Err("no pictures".into());
    };
    while let Some(b) = r.next()? {
        write(&mut w, &a)?;
        for k in 1..n {
            interpolator.interpolate(&a, &b, k as f32 / n as f32, &mut mid);
            write(&mut w, &mid)?;
        }
        a = b;
    }
    write(&mut w, &a)?;
    w.flush().map_err(|e| e.to_string())
}

/// Frame duplication: the earlier picture is shown until the next one.
struct Dup;

impl Interpolator for Dup {
    fn interpolate(&mut self, a: &Plane3, _b: &Plane3, _t: f32, out: &mut Plane3) {
        out.copy_from(a);
    }
}

fn score(orig: &str, out: &str, size: (u32, u32), step: u64) -> Res {
    let mut ro = Reader::open(orig, size)?;
    let mut rs = Reader::open(out, size)?;
    let mut origs = Vec::new();
    let mut outs = Vec::new();
    while let (Some(o), Some(s)) = (ro.next()?, rs.next()?) {
        origs.push(o);
        outs.push(s);
    }
    let n = origs.len();
    if n == 0 {
        return Err("no pictures".into());
    }
    let step = step as usize;
    // Synthesised pictures lie before the last kept one.
    let last_kept = (n - 1) / step * step;
    let (w, h) = (size.0 as usize, size.1 as usize);
    let (mut p_sum, mut s_sum, mut count) = (0.0, 0.0, 0u32);
    let (mut kept_p, mut kept_n) = (0.0, 0u32);
    for i in 0..n {
        if !i.is_multiple_of(step) && i < last_kept {
            p_sum += psnr(&origs[i].y, &outs[i].y);
            s_sum += ssim(&origs[i].y, &outs[i].y, w, h);
            count += 1;
        } else if i.is_multiple_of(step) {
            kept_p += psnr(&origs[i].y, &outs[i].y).min(60.0);
            kept_n += 1;
        }
    }
    if count == 0 {
        return Err("no synthesised pictures to score".into());
    }
    println!(
        "frames={count} psnr={:.3} ssim={:.5} kept_psnr={:.1}",
        p_sum / f64::from(count),
        s_sum / f64::from(count),
        kept_p / f64::from(kept_n.max(1))
    );
    Ok(())
}

fn render(input: &str, out: &str, fps: &str) -> Res {
    let target_fps: u32 = fps.parse().map_err(|_| format!("bad frame rate {fps}"))?;
    let req = RenderRequest {
        input: input.into(),
        output: out.into(),
        target_fps,
        watermark: false,
    };
    let stats = kilnd::media::render::render(&req, &mut |_, _| true).map_err(|e| e.to_string())?;
    let t = stats.timings;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "frames_in={} frames_out={} repeated={} total_ms={:.0} decode_ms={:.0} motion_ms={:.0} \
         synthesis_ms={:.0} encode_ms={:.0} mux_ms={:.0}",
        stats.frames_in,
        stats.frames_out,
        stats.repeated,
        ms(t.total),
        ms(t.decode),
        ms(t.motion),
        ms(t.synthesis),
        ms(t.encode),
        ms(t.mux)
    );
    println!("kept: {}", stats.kept.describe());
    Ok(())
}
