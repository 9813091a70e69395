//! `frames`: pictures from a clip ("a screenshot at 0:05", "a frame every 2 seconds").

use super::{Clause, Found, FrameAt, Intent};
use crate::media::ops::FrameFormat;
use crate::planner::tokens::Unit;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let Some(i) = trigger(c) else { return };
    // "save screenshots as JPEG" said of pictures: the pictures themselves.
    let untimed = !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|f| f.is_still() || f.kind() == crate::media::ops::MediaKind::Document);
    if untimed && c.is(i, &["screenshot", "screenshots", "screen", "capture"]) {
        return;
    }
    // "increase the saturation of each frame": where a change applies,
    // beside the change.
    let scope = c.is(i.wrapping_sub(1), &["each", "every", "all"])
        && c.is(i.wrapping_sub(2), &["of", "in", "on", "to", "for"])
        && c.has(&[
            "increase",
            "decrease",
            "saturation",
            "brightness",
            "contrast",
            "color",
            "colour",
            "blur",
            "sharpen",
            "watermark",
            "apply",
            "add",
        ]);
    // "record a long time frame": a span of time, no picture.
    if scope || c.is(i, &["frame"]) && c.is(i.wrapping_sub(1), &["time"]) {
        c.take(i);
        return;
    }
    // "get info of the GIF about frames count and frame delay": facts
    // asked, no pictures.
    if c.has(&["info", "information", "details"]) && c.has(&["count", "number", "delay", "rate"])
        || c.is(i + 1, &["delay", "delays", "count", "timing", "duration"])
    {
        return;
    }
    c.take_trig(i);
    c.take_all(&[
        "frame",
        "screenshot",
        "still",
        "capture",
        "grab",
        "poster",
        "sequence",
    ]);
    let format = if c.has(&["jpg", "jpeg", "jpgs", "jpegs"]) {
        c.take_all(&["jpg", "jpeg", "jpgs", "jpegs"]);
        FrameFormat::Jpeg
    } else {
        c.take_all(&["png", "pngs"]);
        FrameFormat::Png
    };
    let frames = |at, every, count| Intent::Frames {
        at,
        every,
        count,
        format,
    };
    // "a screenshot at any moment", "N still images": which is not said.
    // ("the currently viewed frame": the moment the viewer is at, not said.)
    // ("a way to specify the timestamp for the screenshot", "select a
    // thumbnail from the timestamp you want": the moment, not said.)
    let moment_chosen = c.has(&["timestamp", "moment", "position"])
        && c.has(&["specify", "select", "choose", "pick", "want", "set"]);
    // ("use the first frame (or any specified frame)": the first one said.)
    let placed = c.seq(&["first", "frame"]).is_some() || c.seq(&["last", "frame"]).is_some();
    let vague = (c.has(super::VAGUE) || c.has(&["current", "currently"]) || moment_chosen)
        && !placed
        && c.times(false).is_empty()
        && c.qty(Unit::Fps).is_none();
    // "every n seconds": how often is not said either.
    let every_vague =
        (0..c.toks.len()).any(|k| c.is(k, &["every", "each"]) && c.is(k + 1, super::VAGUE));
    // "creating a .gif showing the games in a few frames": what the GIF
    // shows, the GIF's to make.
    let gif_made = c.has(&["gif"])
        && c.has(&["create", "creating", "make", "making", "makes", "build"])
        && !c.has(&["from", "of"]);
    if vague && gif_made {
        return;
    }
    if vague && (every_vague || !c.has(&["every", "each", "all"])) {
        let what =
            "say which moment, e.g. \"a screenshot at 0:05\", or how many, e.g. \"5 frames\""
                .into();
        out.push((i, Intent::Vague { op: "frames", what }));
        return;
    }
    // "save every frame", "export all frames", "each frame of this gif".
    let all = c.is(i, &["sequence"])
        || series_of(c, i)
        || c.is(i.wrapping_sub(1), &["many", "multiple", "separate", "individual"])
            && c.is(i.wrapping_sub(2), &["as", "into"])
            && c.is(i, &["image", "picture", "photo", "snapshot"])
        || c.is(i.wrapping_sub(1), &["every", "all", "each"])
        || c.is(i.wrapping_sub(2), &["all"]) && c.is(i.wrapping_sub(1), &["the", "of"])
        // "split the gif into frames"
        || (i.saturating_sub(3)..i).any(|k| {
            c.is(k, &["into"])
                && (k + 1..i).all(|j| {
                    c.is(
                        j,
                        &["individual", "separate", "single", "its", "all", "component"],
                    )
                })
        }) && c.has(&["split", "explode", "break", "separate", "turn", "convert"])
        // "extract frames", "export the frames": plural, with no count.
        || plural_pictures(c, i)
            && c.has(&["extract", "export", "save", "dump", "output", "pull", "get"])
            && count_said(c, i).is_none()
            && c.find(&["every", "each", "first", "last", "per"]).is_none();
    if all && c.times(false).is_empty() && c.qty(Unit::Fps).is_none() {
        c.take_all(&["every", "all", "each"]);
        out.push((i, Intent::AllFrames(format)));
        return;
    }
    let intent = if let Some(e) = every(c) {
        frames(None, Some(e), None)
    } else if let Some(t) = at_time(c) {
        frames(Some(FrameAt::Secs(t)), None, None)
    } else if let Some(n) = count(c, i) {
        if n == 1.0 {
            frames(Some(FrameAt::Middle), None, None)
        } else {
            frames(None, None, Some(n.min(10_000.0) as u32))
        }
    } else {
        frames(Some(end_named(c)), None, None)
    };
    out.push((i, intent));
}

fn trigger(c: &Clause) -> Option<usize> {
    // "extract one frame per second", "export at 2 fps": pictures at a rate.
    let pictures = c.has(&[
        "frame",
        "image",
        "picture",
        "still",
        "screenshot",
        "png",
        "jpg",
        "jpeg",
        "thumbnail",
    ]);
    // "the output at 30 fps" is the video's rate: pictures are named, or
    // pulled out ("extract at 2 fps"), or few a second ("export at 2 fps").
    let rated = c.qty(Unit::Fps).filter(|&(_, f)| {
        (c.has(&["extract", "dump", "grab", "pull"])
            || c.has(&["export", "save", "output"]) && (pictures || f <= 10.0))
            && !c.has(&["video", "convert", "change", "gif", "mp4", "audio"])
    });
    let rated = rated.map(|q| q.0);
    rated.or_else(|| {
        (0..c.toks.len()).find(|&i| {
            if c.used[i] {
                return false;
            }
            match c.w(i) {
                // "the delay between frames", "per frame": no pictures asked.
                // "the frame size of 720x480": the picture's size.
                Some("frame") => {
                    !c.is(
                        i + 1,
                        &[
                            "rate",
                            "per",
                            "size",
                            "width",
                            "height",
                            "dimension",
                            "dimensions",
                            "resolution",
                        ],
                    ) && !c.is(i.wrapping_sub(1), &["per", "between"])
                }
                // ("after recording the screenshot with motion": a screen
                // recording, made already.)
                Some("screenshot" | "screenshots") => {
                    !(i.saturating_sub(3)..i).any(|k| c.is(k, &["record", "recording", "recorded"]))
                }
                Some("still") => {
                    c.is(i.wrapping_sub(1), &["a", "the", "one", "as", "single"])
                        || c.is(i + 1, &["image", "frame", "from", "at"])
                }
                Some("capture" | "grab") => {
                    c.has(&["frame", "image", "moment", "still", "screenshot"])
                        || c.times(false).len() == 1
                }
                Some("poster") => true,
                // "extract the pictures from video", "pull images out of
                // this clip": pictures taken from a moving file.
                Some("image" | "picture" | "photo" | "snapshot") => {
                    let timed = !c.sources.is_empty()
                        && c.sources.iter().all(|f| {
                            f.kind() == crate::media::ops::MediaKind::Video
                                || *f == crate::media::ops::Format::Gif
                        });
                    // "export the layers as many images": each a picture.
                    let each = c.is(
                        i.wrapping_sub(1),
                        &["many", "multiple", "separate", "individual"],
                    ) && c.is(i.wrapping_sub(2), &["as", "into"])
                        && c.has(&["export", "save", "split", "output"]);
                    // "a photo every hour": one picture an interval.
                    let paced = c.is(i.wrapping_sub(1), &["a", "an", "one"])
                        && c.is(i + 1, &["every", "each"])
                        && (c.is(i + 2, &["second", "minute", "hour"])
                            || c.time_after(i + 1, 3, true).is_some());
                    timed
                        && (paced
                            || each
                            || series_of(c, i)
                            || (i.saturating_sub(3)..i).any(|k| {
                                c.is(k, &["extract", "pull", "grab", "export", "dump", "save"])
                            }) && (c.is(i + 1, &["from"])
                                || c.is(i + 1, &["out"]) && c.is(i + 2, &["of"])))
                }
                // "export as a png sequence", "an image sequence".
                Some("sequence") => c.has(&["png", "jpg", "jpeg", "image", "picture", "frame"]),
                _ => false,
            }
        })
    })
}

/// "export movies as a series of images", "a sequence of pictures": every
/// frame, as pictures.
fn series_of(c: &Clause, i: usize) -> bool {
    c.is(i.wrapping_sub(1), &["of"])
        && c.is(i.wrapping_sub(2), &["series", "sequence"])
        && c.is(i, &["image", "picture", "photo"])
}

/// Seconds between pictures: every N seconds, every second, N per second.
fn every(c: &mut Clause) -> Option<f64> {
    if let Some(e) = c.find(&["every", "each"]) {
        c.take(e);
        if let Some((j, v)) = c.time_after(e, 3, true) {
            c.take(j);
            return Some(v);
        }
        if c.is(e + 1, &["second"]) {
            return Some(1.0);
        }
        if c.is(e + 1, &["minute"]) {
            return Some(60.0);
        }
        if c.is(e + 1, &["hour"]) {
            return Some(3600.0);
        }
    }
    if let Some((j, f)) = c.qty(Unit::Fps) {
        c.take(j);
        if f > 0.0 {
            return Some(1.0 / f);
        }
    }
    let p = c.seq(&["per", "second"])?;
    Some(1.0 / c.num_before(p, 3).map_or(1.0, |(_, v)| v.max(0.05)))
}

/// The time of one picture: "at 0:05", "at 5".
fn at_time(c: &mut Clause) -> Option<f64> {
    if let Some(&(j, v)) = c.times(false).first() {
        c.take(j);
        return Some(v);
    }
    let a = c.find(&["at"])?;
    let (j, v) = c.time_after(a, 3, true)?;
    c.take(j);
    Some(v)
}

/// "N frames": a whole number just before the trigger at `i`.
fn count(c: &mut Clause, i: usize) -> Option<f64> {
    let (j, n) = count_said(c, i)?;
    c.take(j);
    Some(n)
}

fn count_said(c: &Clause, i: usize) -> Option<(usize, f64)> {
    // "grab 5 frames": the number goes with the noun after the verb.
    let noun = (i..c.toks.len())
        .find(|&k| {
            c.is(
                k,
                &[
                    "frame",
                    "frames",
                    "screenshot",
                    "screenshots",
                    "still",
                    "stills",
                ],
            )
        })
        .unwrap_or(i);
    // "5 evenly spaced frames": words between, no break.
    c.num_before(noun + 1, 5)
        .filter(|&(j, _)| {
            (j + 1..noun).all(|k| c.w(k).is_some() && !c.is(k, &["every", "each", "per"]))
        })
        .filter(|(_, n)| *n >= 1.0 && n.fract() == 0.0)
}

/// The first, last or middle picture.
fn end_named(c: &mut Clause) -> FrameAt {
    let at = if c.has(&["first", "beginning", "start", "opening"]) {
        FrameAt::Secs(0.0)
    } else if c.has(&["last", "end", "final", "ending"]) {
        FrameAt::Last
    } else {
        FrameAt::Middle
    };
    c.take_all(&["first", "last", "final", "beginning", "end"]);
    at
}

/// "frames", or "images", "pictures", "stills" taken from the file
/// ("extract the images from the video").
fn plural_pictures(c: &Clause, i: usize) -> bool {
    let w = c.toks[i].orig.to_lowercase();
    w.ends_with("frames")
        || ["images", "pictures", "photos", "stills", "snapshots"].contains(&w.as_str())
            && (c.is(i + 1, &["from"]) || c.is(i + 1, &["out"]))
}
