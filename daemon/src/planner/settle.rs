//! A pipeline settled before it is checked: steps that change nothing are
//! dropped when others remain ("my video is 60 fps, I need 30 fps": the 60
//! is what the file is), louder and quieter together mean an even level, a
//! size target wins over a bare "compress", conversions said apart make
//! one file, and one setting given several values ("8 MB or 25 MB", "720p
//! or 480p") is asked about, not guessed.

use super::build::{Step, Unplannable};
use super::tokens::Tok;
use crate::media::ops::{AudioSettings, FileFacts, Format, MediaKind, Normalize, Operation};

/// Settles the steps into the operations to run.
pub fn settle(mut steps: Vec<Step>, toks: &[Tok]) -> Result<Vec<Operation>, Unplannable> {
    loudness(&mut steps);
    pages_made_pictures(&mut steps);
    slideshow_sized(&mut steps);
    stills_or_animation(&mut steps);
    audio_shaped(&mut steps);
    under_its_limit(&mut steps);
    drop_noops(&mut steps);
    too_big_to_copy(&mut steps, toks);
    one_value_each(&mut steps, toks)?;
    Ok(steps.into_iter().map(|s| s.op).collect())
}

/// "loud videos quieter and quiet ones louder": a normalisation; with one
/// asked for, changes of volume go.
fn loudness(steps: &mut Vec<Step>) {
    let normalized = steps
        .iter()
        .any(|s| matches!(s.op, Operation::Normalize(_)));
    let signs: Vec<f64> = steps
        .iter()
        .filter_map(|s| match &s.op {
            Operation::Volume(v) => Some(match (v.db, v.factor) {
                (Some(db), _) => db.signum(),
                (None, Some(f)) => (f - 1.0).signum(),
                _ => 0.0,
            }),
            _ => None,
        })
        .collect();
    let both = signs.contains(&1.0) && signs.contains(&-1.0);
    if !normalized && !both {
        return;
    }
    if both && !normalized {
        if let Some(first) = steps
            .iter_mut()
            .find(|s| matches!(s.op, Operation::Volume(_)))
        {
            first.op = Normalize::default().into();
        }
    }
    steps.retain(|s| !matches!(s.op, Operation::Volume(_)));
}

/// "burst the PDF into separate images by page": each page becomes a
/// picture of its own already, no split into one-page PDFs first.
fn pages_made_pictures(steps: &mut Vec<Step>) {
    let pictures = steps
        .iter()
        .any(|s| matches!(s.op, Operation::PdfToImages(_)));
    if pictures {
        steps.retain(
            |s| !matches!(&s.op, Operation::ExtractPages(e) if e.split && e.pages.is_none()),
        );
    }
}

/// "a slideshow in 1080p", "a 1920x1080 slideshow": the size is the
/// slideshow's frame, not a resize of the video made at another size.
fn slideshow_sized(steps: &mut Vec<Step>) {
    let Some(i) = steps
        .iter()
        .position(|s| matches!(s.op, Operation::Slideshow(_)))
    else {
        return;
    };
    let Some(next) = steps
        .get(i + 1)
        .filter(|s| matches!(s.op, Operation::Scale(_)))
    else {
        return;
    };
    let Some((w, h)) = next
        .op
        .outputs(&next.input)
        .ok()
        .and_then(|o| o.first().and_then(|f| f.width.zip(f.height)))
    else {
        return;
    };
    // (A size the slideshow cannot take stays a resize, and says so.)
    if !(16..=3840).contains(&w) || !(16..=2160).contains(&h) {
        return;
    }
    if let Operation::Slideshow(show) = &mut steps[i].op {
        show.width = w & !1;
        show.height = h & !1;
    }
    steps.remove(i + 1);
}

/// A GIF made of a clip is the animation asked; frames taken beside it
/// ("get frames with ffmpeg and create gif") are how it is made, and a
/// conversion to GIF says it again. Frames asked are stills: a GIF named
/// beside them is what they came from ("each frame of an animated GIF as
/// a PNG"), and a still format named is theirs ("a frame ... convert it to
/// JPEG"). A slideshow is a video: a still format beside it is its
/// pictures' ("a gif from a set of .jpegs").
fn stills_or_animation(steps: &mut Vec<Step>) {
    let has = |steps: &[Step], f: fn(&Operation) -> bool| steps.iter().any(|s| f(&s.op));
    let converts_to = |op: &Operation, still: bool| match op {
        Operation::Convert(c) => {
            c.quality.is_none() && (c.to == Format::Gif || (still && c.to.is_still()))
        }
        _ => false,
    };
    if has(steps, |op| matches!(op, Operation::ToGif(_))) {
        steps.retain(|s| !matches!(s.op, Operation::Frames(_)) && !converts_to(&s.op, false));
    }
    if has(steps, |op| matches!(op, Operation::Slideshow(_))) {
        steps.retain(|s| {
            !converts_to(&s.op, true)
                || matches!(&s.op, Operation::Convert(c) if c.to == Format::Gif)
        });
    }
    if !has(steps, |op| matches!(op, Operation::Frames(_))) {
        return;
    }
    let mut named = None;
    steps.retain(|s| match &s.op {
        Operation::Convert(c) if converts_to(&s.op, true) => {
            if matches!(c.to, Format::Png | Format::Jpeg) {
                named = Some(c.to);
            }
            c.to != Format::Gif && !matches!(c.to, Format::Png | Format::Jpeg)
        }
        _ => true,
    });
    let Some(to) = named else {
        return;
    };
    for s in steps.iter_mut() {
        if let Operation::Frames(f) = &mut s.op {
            f.format = if to == Format::Jpeg {
                crate::media::ops::FrameFormat::Jpeg
            } else {
                crate::media::ops::FrameFormat::Png
            };
        }
    }
}

/// "mono, quality setting 5", "make it mono (it will roughly half the file
/// size)": of a sound, the settings said are how it gets smaller; a
/// compression with no size to reach goes.
fn audio_shaped(steps: &mut Vec<Step>) {
    let shaped = steps.iter().any(|s| {
        matches!(s.op, Operation::AudioSettings(_))
            && s.input.iter().all(|f| f.kind == MediaKind::Audio)
    });
    if shaped {
        steps.retain(|s| {
            !matches!(&s.op, Operation::Compress(c) if c.target_mb.is_none())
                || s.input.iter().any(|f| f.kind != MediaKind::Audio)
        });
    }
}

/// "JPEG, under 20 MB, 1024 x 768 pixels" of a 3 MB photo: a size limit
/// the file is under already, after steps that only make it smaller and
/// beside them, is no step of its own.
fn under_its_limit(steps: &mut Vec<Step>) {
    // (Of several files, the largest.)
    let Some(bytes) = steps.first().and_then(|s| {
        s.input
            .iter()
            .map(|f| f.bytes)
            .collect::<Option<Vec<u64>>>()?
            .into_iter()
            .max()
    }) else {
        return;
    };
    let shrinking = |s: &Step| match &s.op {
        Operation::Crop(_)
        | Operation::Trim(_)
        | Operation::StripMetadata(_)
        | Operation::RemoveAudio(_) => true,
        Operation::Scale(_) => s.op.outputs(&s.input).is_ok_and(|o| {
            o.first().zip(s.input.first()).is_some_and(|(o, f)| {
                o.width.zip(f.width).is_some_and(|(a, b)| a <= b)
                    && o.height.zip(f.height).is_some_and(|(a, b)| a <= b)
            })
        }),
        _ => false,
    };
    let under = |s: &Step| {
        matches!(&s.op, Operation::Compress(c)
            if c.quality.is_none()
                && c.target_mb.is_some_and(|t| (bytes as f64) <= t * 1_000_000.0))
    };
    let Some(i) = steps.iter().position(under) else {
        return;
    };
    let limit = match &steps[i].op {
        Operation::Compress(c) => c.target_mb.unwrap_or(0.0) * 1_000_000.0,
        _ => 0.0,
    };
    // ("JPG, PNG, GIF ... a maximum file size of 2MB" of a small WebP: a
    // JPEG or a WebP takes under a byte a pixel.)
    let lossy_still_under = |s: &Step| match &s.op {
        Operation::Convert(c) if matches!(c.to, Format::Jpeg | Format::Webp) => {
            s.input.iter().all(|f| lossy_still_fits(f, limit))
        }
        _ => false,
    };
    let others_change = steps
        .iter()
        .enumerate()
        .any(|(k, s)| k != i && !is_noop(&s.op, &s.input));
    if others_change
        && steps[..i]
            .iter()
            .all(|s| shrinking(s) || lossy_still_under(s))
    {
        steps.remove(i);
    }
}

/// Whether the picture `f`, made a JPEG, WebP or AVIF, is under `limit`
/// bytes: each takes under a byte a pixel.
pub(super) fn lossy_still_fits(f: &FileFacts, limit: f64) -> bool {
    f.kind == MediaKind::Image
        && f.width
            .zip(f.height)
            .is_some_and(|(w, h)| f64::from(w) * f64::from(h) <= limit)
}

/// Whether `op` would leave `input` as it is.
fn is_noop(op: &Operation, input: &[FileFacts]) -> bool {
    let Some(f) = input.first() else {
        return false;
    };
    match op {
        Operation::ChangeFps(c) => f.fps.is_some_and(|x| (x - c.fps).abs() < 0.01),
        Operation::Speed(s) => (s.factor - 1.0).abs() < 1e-9,
        Operation::Convert(c) => {
            c.to == f.format
                && c.quality.is_none()
                && !c.lossless
                && c.codec
                    .is_none_or(|k| f.video_codec.as_deref() == Some(k.probe_name()))
        }
        Operation::ToGif(t) => f.format == Format::Gif && t.fps.is_none() && t.width.is_none(),
        Operation::Scale(_) | Operation::Crop(_) => op.outputs(input).is_ok_and(|o| {
            o.first()
                .is_some_and(|o| o.width == f.width && o.height == f.height)
        }),
        Operation::RemoveAudio(_) => f.kind == MediaKind::Video && !f.has_audio,
        // "a clip that is 3m31s long", "GIFs with less than 20 seconds": a
        // length the whole file fits in keeps all of it.
        Operation::Trim(t) => {
            t.start.unwrap_or(0.0) == 0.0
                && t.end.is_none()
                && t.last.is_none()
                && t.duration.zip(f.duration_secs).is_some_and(|(d, x)| d >= x)
        }
        _ => false,
    }
}

/// Drops the steps that change nothing, unless nothing else is asked.
fn drop_noops(steps: &mut Vec<Step>) {
    let keep: Vec<bool> = steps.iter().map(|s| !is_noop(&s.op, &s.input)).collect();
    if keep.iter().any(|k| *k) {
        let mut k = keep.into_iter();
        steps.retain(|_| k.next().unwrap_or(true));
    }
}

/// "upload a gif to imgur but a 5 second gif is like 50MB", "the file
/// (1.6 Gb) was too large": a conversion to the file's own format is all
/// that was read, and the file is said to be too big; it is made smaller.
fn too_big_to_copy(steps: &mut [Step], toks: &[Tok]) {
    use super::tokens::{Unit, T};
    let [one] = steps else { return };
    if !matches!(one.op, Operation::Convert(_)) || !is_noop(&one.op, &one.input) {
        return;
    }
    let sized = toks
        .iter()
        .any(|t| matches!(t.t, T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb)));
    let word = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    // ("way over limit", "over the limit", "exceeds the limit".)
    let too_big = (0..toks.len()).any(|k| {
        word(k, &["too", "so", "very", "really", "way"])
            && word(k + 1, &["big", "large", "bulky", "heavy", "huge"])
            || word(k, &["over", "exceed", "exceeds", "above"])
                && (word(k + 1, &["limit"]) || word(k + 1, &["the"]) && word(k + 2, &["limit"]))
    });
    if sized || too_big {
        one.op = crate::media::ops::Compress {
            quality: Some(crate::media::ops::Quality::Medium),
            target_mb: None,
        }
        .into();
    }
}

/// Operations a request gives one value: named twice with different values,
/// they are alternatives to choose from (a conversion only when "or" stands
/// between them: "to mp4, then to gif" is two steps).
const ONE_VALUE: &[&str] = &[
    "compress",
    "scale",
    "speed",
    "change_fps",
    "crop",
    "rotate",
    "volume",
    "to_gif",
    "thumbnail",
    "quantize",
    "audio_settings",
    "loop",
    "fade",
    "remux",
    "convert",
    "strip_metadata",
    "grayscale",
    "auto_orient",
    "normalize",
    "remove_audio",
    "negate",
];

fn one_value_each(steps: &mut Vec<Step>, toks: &[Tok]) -> Result<(), Unplannable> {
    for name in ONE_VALUE {
        let idx: Vec<usize> = (0..steps.len())
            .filter(|&i| steps[i].op.name() == *name)
            .collect();
        if idx.len() < 2 {
            continue;
        }
        // A size target says more than "compress".
        if *name == "compress" {
            let targeted: Vec<bool> = idx.iter().map(|&i| targets(&steps[i].op)).collect();
            if targeted.contains(&true) && targeted.contains(&false) {
                let drop: Vec<usize> = idx
                    .iter()
                    .zip(&targeted)
                    .filter(|(_, t)| !**t)
                    .map(|(i, _)| *i)
                    .collect();
                remove(steps, &drop);
                return one_value_each(steps, toks);
            }
        }
        if *name == "compress" {
            if let Some(keep) = smallest_reachable(steps, &idx, toks) {
                let drop: Vec<usize> = idx.iter().copied().filter(|&i| i != keep).collect();
                remove(steps, &drop);
                continue;
            }
        }
        // "fade in over 2 s. A fade out would be great too": one fade, both ends.
        if *name == "fade" {
            if let Some(both) = both_fades(steps, &idx) {
                steps[idx[0]].op = both.into();
                remove(steps, &idx[1..]);
                continue;
            }
        }
        // "stereo->mono conversion ... 128kb rate 44k sampling": settings
        // said apart are one step when none of them clash.
        if *name == "audio_settings" {
            if let Some(one) = one_audio_shape(steps, &idx) {
                let last = idx.len() - 1;
                steps[idx[last]].op = one.into();
                remove(steps, &idx[..last]);
                continue;
            }
        }
        // "90x90 or less ... resize it to 90x90": one size, the box kept.
        if *name == "scale" {
            if let Some(keep) = one_box(steps, &idx) {
                let drop: Vec<usize> = idx.iter().copied().filter(|&i| i != keep).collect();
                remove(steps, &drop);
                continue;
            }
        }
        let first = &steps[idx[0]];
        let same = idx.iter().all(|&i| {
            let s = &steps[i];
            s.op == first.op || same_result(s, first)
        });
        if same {
            remove(steps, &idx[..idx.len() - 1]);
            continue;
        }
        if *name == "convert" && !or_between(toks, steps[idx[0]].at, steps[idx[1]].at) {
            // "convert to jpg, then png": a chain asked for.
            if word_between(toks, steps[idx[0]].at, steps[idx[1]].at, "then") {
                continue;
            }
            let keep = one_conversion(steps, &idx);
            let drop: Vec<usize> = idx.iter().copied().filter(|&i| i != keep).collect();
            remove(steps, &drop);
            continue;
        }
        // "my Chromecast only supports H.264 or VP8": any of them will do;
        // "to WebM (VP8 or VP9)": the format asked, the codec either.
        let one_format = idx
            .iter()
            .all(|&i| match (&steps[i].op, &steps[idx[0]].op) {
                (Operation::Convert(a), Operation::Convert(b)) => a.to == b.to,
                _ => false,
            });
        if *name == "convert" && (one_format || super::tokens::device_takes(toks, steps[idx[0]].at))
        {
            remove(steps, &idx[1..]);
            continue;
        }
        if let Some(keep) = one_led_to(steps, &idx, toks) {
            let drop: Vec<usize> = idx.iter().copied().filter(|&i| i != keep).collect();
            remove(steps, &drop);
            continue;
        }
        let mut choices: Vec<String> = Vec::new();
        for &i in &idx {
            let choice = format!("\"{}\"", steps[i].op.describe().to_lowercase());
            if !choices.contains(&choice) {
                choices.push(choice);
            }
        }
        // ("a GIF around 120 FPS" beside "GIF recording": steps that differ
        // in nothing the user sees are one step.)
        if choices.len() < 2 {
            remove(steps, &idx[..idx.len() - 1]);
            continue;
        }
        return Err(Unplannable::ask(format!(
            "say which one you want: {}",
            choices.join(" or ")
        )));
    }
    Ok(())
}

/// "the video was 996FPS, so I had to get it back down to 60FPS": of
/// values said for one step, the only one a "to" leads to is the one
/// wanted; the others are what the file was.
fn one_led_to(steps: &[Step], idx: &[usize], toks: &[Tok]) -> Option<usize> {
    let state = |at: usize| {
        (at.saturating_sub(3)..at).any(|k| {
            toks[k].is_any(&[
                "was",
                "is",
                "were",
                "are",
                "from",
                "than",
                "of",
                "currently",
                "originally",
            ])
        })
    };
    // ("where <500px W is desirable": a limit leads the size as "to" does.)
    let led = |at: usize| {
        (at.saturating_sub(2)..at)
            .any(|k| toks[k].is_any(&["to", "into", "under", "below", "max", "maximum", "within"]))
            && !state(at)
    };
    let mut led_to = idx.iter().copied().filter(|&i| led(steps[i].at));
    let one = led_to.next()?;
    let others_told = idx.iter().all(|&i| i == one || state(steps[i].at));
    (led_to.next().is_none() && others_told).then_some(one)
}

/// The audio settings of several steps as one, when no value clashes.
fn one_audio_shape(steps: &[Step], idx: &[usize]) -> Option<AudioSettings> {
    let mut one = AudioSettings::default();
    for &i in idx {
        let Operation::AudioSettings(a) = &steps[i].op else {
            return None;
        };
        for (mine, theirs) in [
            (&mut one.channels, a.channels),
            (&mut one.bitrate_kbps, a.bitrate_kbps),
            (&mut one.sample_rate, a.sample_rate),
        ] {
            match (*mine, theirs) {
                (Some(x), Some(y)) if x != y => return None,
                (None, Some(y)) => *mine = Some(y),
                _ => {}
            }
        }
    }
    Some(one)
}

/// Scales to one width and height, some filled and some fitted: the first
/// fitted one.
fn one_box(steps: &[Step], idx: &[usize]) -> Option<usize> {
    let sizes: Vec<(Option<u32>, Option<u32>, bool)> = idx
        .iter()
        .map(|&i| match &steps[i].op {
            Operation::Scale(s) => Some((s.width, s.height, s.fill)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (w, h, _) = sizes[0];
    if w.is_none() || h.is_none() || sizes.iter().any(|s| (s.0, s.1) != (w, h)) {
        return None;
    }
    idx.iter().zip(&sizes).find(|(_, s)| !s.2).map(|(&i, _)| i)
}

/// Fades at different ends said apart, as one fade (none if two set one end).
fn both_fades(steps: &[Step], idx: &[usize]) -> Option<crate::media::ops::Fade> {
    let mut both = crate::media::ops::Fade {
        fade_in: None,
        fade_out: None,
    };
    for &i in idx {
        let Operation::Fade(f) = &steps[i].op else {
            return None;
        };
        for (end, set) in [
            (&mut both.fade_in, f.fade_in),
            (&mut both.fade_out, f.fade_out),
        ] {
            match (end.is_some(), set) {
                (true, Some(_)) => return None,
                (false, Some(v)) => *end = Some(v),
                _ => {}
            }
        }
    }
    Some(both)
}

/// "under 2 MB, ideally closer to 1 MB", "not higher than 1 MB ... definitely
/// not higher than 10 MB": size limits said together; the smallest one that
/// can be reached meets them all. Sizes set side by side ("8 MB or 25 MB",
/// "8 MB and 25 MB") are a choice, asked about.
fn smallest_reachable(steps: &[Step], idx: &[usize], toks: &[Tok]) -> Option<usize> {
    let mut sized: Vec<(f64, usize)> = idx
        .iter()
        .map(|&i| match &steps[i].op {
            Operation::Compress(c) => c.target_mb.map(|mb| (mb, i)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    use super::tokens::{Unit, T};
    let sizes: Vec<usize> = (0..toks.len())
        .filter(|&k| matches!(toks[k].t, T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb)))
        .collect();
    // Only separators, "and", "or" and names ("Discord 8MB, Gmail 25MB") between.
    let side_by_side = idx
        .windows(2)
        .any(|w| or_between(toks, steps[w[0]].at, steps[w[1]].at))
        || sizes.windows(2).any(|w| {
            toks[w[0] + 1..w[1]].iter().all(|t| match &t.t {
                T::Sep => true,
                T::Word(x) => {
                    matches!(x.as_str(), "and" | "or") || t.orig.starts_with(char::is_uppercase)
                }
                _ => false,
            })
        });
    if side_by_side {
        return None;
    }
    sized.sort_by(|x, y| x.0.total_cmp(&y.0));
    sized
        .iter()
        .find(|(_, i)| super::build::checked(&steps[*i].input, vec![steps[*i].op.clone()]).is_ok())
        .map(|(_, i)| *i)
}

/// Conversions said apart, with no "or" between them: one file is made.
/// Of one format named twice ("to jpeg ... `-quality 90 screenshot.jpg`")
/// the one with the most settings; of different formats the first, the
/// one a story names as its wish before the formats it goes on about
/// ("use PNG for static emoji and GIF for animated ones").
fn one_conversion(steps: &[Step], idx: &[usize]) -> usize {
    let convert = |i: usize| match &steps[i].op {
        Operation::Convert(c) => Some(c),
        _ => None,
    };
    let first = idx[0];
    let Some(to) = convert(first).map(|c| c.to) else {
        return first;
    };
    let settings = |i: usize| {
        convert(i).map_or(0, |c| {
            usize::from(c.quality.is_some())
                + usize::from(c.codec.is_some())
                + usize::from(c.lossless)
        })
    };
    idx.iter()
        .copied()
        .filter(|&i| convert(i).is_some_and(|c| c.to == to))
        .fold(first, |best, i| {
            if settings(i) > settings(best) {
                i
            } else {
                best
            }
        })
}

fn targets(op: &Operation) -> bool {
    matches!(op, Operation::Compress(c) if c.target_mb.is_some())
}

/// Whether two steps make the same file (a 35% smaller picture and its
/// size in pixels).
fn same_result(a: &Step, b: &Step) -> bool {
    let out = |s: &Step| s.op.outputs(&s.input).ok().and_then(|o| o.first().cloned());
    match (out(a), out(b)) {
        (Some(x), Some(y)) => {
            let near = |p: Option<u32>, q: Option<u32>| match (p, q) {
                (Some(p), Some(q)) => p.abs_diff(q) <= 2,
                (p, q) => p == q,
            };
            x.format == y.format
                && near(x.width, y.width)
                && near(x.height, y.height)
                && x.duration_secs == y.duration_secs
                && x.fps == y.fps
                && a.op.name() == "scale"
        }
        _ => false,
    }
}

fn remove(steps: &mut Vec<Step>, idx: &[usize]) {
    let mut i = 0;
    steps.retain(|_| {
        let keep = !idx.contains(&i);
        i += 1;
        keep
    });
}

/// Whether "or" stands between positions `a` and `b` of the prompt.
fn or_between(toks: &[Tok], a: usize, b: usize) -> bool {
    word_between(toks, a, b, "or")
}

fn word_between(toks: &[Tok], a: usize, b: usize, word: &str) -> bool {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    toks.get(lo..hi)
        .is_some_and(|ts| ts.iter().any(|t| t.word() == Some(word)))
}
