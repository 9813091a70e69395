//! `slideshow`: pictures made into a video.

use super::{Clause, Found, Intent};
use crate::planner::tokens::{Unit, T};

/// Whether the files are pictures (more than one, or one still).
fn pictures(c: &Clause) -> bool {
    !c.sources.is_empty() && c.sources.iter().all(|f| f.is_still())
}

/// Seconds per picture: "3 seconds per image", "each image for 2 s",
/// "a frame delay of 1000 ms", "one image per second".
pub(super) fn per_picture(c: &Clause) -> Option<(usize, f64)> {
    // "2 seconds each", "1 s apiece".
    if let Some(t) = c
        .times(false)
        .into_iter()
        .find(|&(j, _)| c.is(j + 1, &["each", "apiece"]))
    {
        return Some(t);
    }
    if let Some(d) = c.find(&["delay", "duration", "interval"]) {
        if let Some((j, v)) = c.time_after(d, 5, false) {
            return Some((j, v));
        }
        // "with 0.5s delay between frames".
        if let Some(&(j, v)) = c.times(false).iter().find(|&&(j, _)| j + 1 == d) {
            return Some((j, v));
        }
        if let Some((j, v)) = c.num_after(d, 5) {
            // "a delay of 1000": milliseconds.
            return Some((j, if v >= 20.0 { v / 1000.0 } else { v }));
        }
    }
    const SHOWN: &[&str] = &["image", "slide", "picture", "photo", "frame"];
    // ("10 seconds per each slide".)
    let per = (0..c.toks.len()).find(|&k| {
        c.is(k, &["per", "each", "every"])
            && (c.is(k + 1, SHOWN) || c.is(k + 1, &["each"]) && c.is(k + 2, SHOWN))
            || c.is(k, &["image"]) && c.is(k + 1, &["per", "every"]) && c.is(k + 2, &["second"])
    })?;
    if c.is(per, &["image"]) {
        let n = c.num_before(per, 2).map_or(1.0, |(_, v)| v);
        return Some((per, 1.0 / n.max(0.01)));
    }
    // ("with a one-second transition": the change between pictures.)
    c.times(false)
        .into_iter()
        .find(|&(j, _)| j.abs_diff(per) <= 4 && !c.is(j + 1, &["transition", "transitions"]))
}

/// "pictures (and preferably videos as well)", "GIFs or videos": the two
/// kinds side by side, not one made into the other.
fn both_kinds(c: &Clause, k: usize) -> bool {
    (k + 1..(k + 5).min(c.toks.len()))
        .take_while(|&j| !c.is(j, &["video", "mp4", "movie", "image", "still"]))
        .any(|j| c.is(j, &["and", "or"]))
}

/// "a timelapse from these photos (at 24 fps)": one photo a frame.
pub(super) fn timelapse(c: &Clause) -> bool {
    c.sources.len() > 1 && pictures(c) && c.has(&["timelapse", "hyperlapse", "stopmotion"])
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if timelapse(c) {
        let i = c
            .find(&["timelapse", "hyperlapse", "stopmotion"])
            .unwrap_or(0);
        let fps = match c.qty(crate::planner::tokens::Unit::Fps) {
            Some((j, f)) if (1.0..=60.0).contains(&f) => {
                c.take(j);
                f.round() as u32
            }
            _ => 24,
        };
        c.take_trig(i);
        c.take_all(&["video", "movie", "make", "create", "turn", "into"]);
        let secs = Some((1000.0 / f64::from(fps)).round() / 1000.0);
        out.push((
            i,
            Intent::Slideshow {
                secs,
                fps: Some(fps),
            },
        ));
        return;
    }
    let per = per_picture(c).filter(|_| pictures(c) || c.has(&["slideshow", "slides"]));
    // "convert this animated image to mp4" of a GIF: the file moves already.
    let stills = c.sources.is_empty() || pictures(c);
    // "a video which was basically a slideshow", "a pdf of the slides":
    // what the files are, when none is a picture.
    let no_stills = !c.sources.is_empty() && c.sources.iter().all(|f| !f.is_still());
    let trig = c
        .find(&["slideshow", "slides", "montage"])
        .filter(|_| !no_stills)
        // ("a 'simple' slider for brightness": a control.)
        .or_else(|| {
            c.find(&["slide"]).filter(|&k| {
                let orig = c.toks[k].orig.to_ascii_lowercase();
                pictures(c) && !matches!(orig.as_str(), "slider" | "sliders")
            })
        })
        .or(per.map(|p| p.0))
        .or_else(|| {
            c.near(&["image"], &["video", "mp4", "movie"], 4)
                .filter(|&k| {
                    stills
                        && !both_kinds(c, k)
                        && c.has(&[
                            "into", "to", "from", "make", "create", "turn", "combine", "as",
                        ])
                })
        })
        .or_else(|| {
            c.near(&["video", "movie"], &["image", "still"], 4)
                .filter(|&k| {
                    stills && !both_kinds(c, k) && c.has(&["from", "of", "with", "using", "out"])
                })
        })
        // "put them into a video", "create a small video of a few
        // screenshots", of several pictures: a video of them is a slideshow.
        .or_else(|| {
            c.find(&["video", "movie", "mp4"]).filter(|&k| {
                c.sources.len() > 1
                    && pictures(c)
                    // (A length said is the slideshow's, read with it.)
                    && !c.toks.iter().any(|t| {
                        matches!(t.t, T::Qty(_, Unit::Sec))
                    })
                    && !both_kinds(c, k)
                    && (k.saturating_sub(4)..k).any(|m| {
                        c.is(
                            m,
                            &[
                                "into", "make", "create", "turn", "put", "combine", "making",
                                "creating",
                            ],
                        )
                    })
            })
        })
        // "a video that is made out of the pictures".
        .or_else(|| {
            c.near(&["video", "movie"], &["image", "still"], 9)
                .filter(|&k| {
                    stills
                        && !both_kinds(c, k)
                        && c.has(&["made", "consisting", "composed", "built"])
                        && c.has(&["from", "of"])
                })
        });
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "slideshow",
        "slides",
        "slide",
        "image",
        "video",
        "movie",
        "mp4",
        "each",
        "per",
        "every",
        "combine",
        "join",
        "merge",
        "put",
        "together",
        "stitch",
        "turn",
        "make",
        "into",
    ]);
    // "images to video 3": the seconds after the words.
    let after_words = c
        .find(&["video", "movie", "mp4"])
        .and_then(|v| c.num_at(v + 1).map(|n| (v + 1, n)));
    let secs = per
        .or(after_words)
        .or_else(|| c.times(false).first().copied())
        .or_else(|| c.find(&["second"]).and_then(|s| c.num_before(s, 2)));
    if let Some((j, _)) = secs {
        c.take(j);
    }
    out.push((
        i,
        Intent::Slideshow {
            secs: secs.map(|s| s.1),
            fps: None,
        },
    ));
}
