//! `change_fps`: a frame rate ("30 fps", "to 23.976", "60 Hz"), or the rate
//! changed by a ratio ("drop every other frame", "double the frame rate").

use super::{Clause, Found, Intent};
use crate::media::ops::{ChangeFps, MediaKind};
use crate::planner::tokens::{Unit, T};

/// Frame rates a bare number may be ("to 23.976").
fn plausible(v: f64) -> bool {
    (1.0..=240.0).contains(&v)
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if super::slideshow::timelapse(c) {
        return;
    }
    // "128 kbps frame rate": a bitrate, misnamed.
    if c.qty(Unit::Kbps).is_some() && c.qty(Unit::Fps).is_none() {
        return;
    }
    if frameless(c) {
        return;
    }
    let rates = rates_named(c);
    let trig = c
        .find(&["framerate", "fps"])
        .or_else(|| c.seq(&["frame", "rate"]))
        .or(rates.first().map(|r| r.0));
    let Some(i) = trig else { return };
    // "native fps", "keeping the same frame rate": the rate stays.
    let kept = rates.is_empty()
        && c.has(&[
            "native",
            "original",
            "same",
            "source",
            "current",
            "unchanged",
        ]);
    c.take_all(&["frame", "rate", "framerate", "fps"]);
    if kept {
        return;
    }
    // "from 60 to 30 fps": the rate after "to".
    let after_to = (0..c.toks.len()).find_map(|k| {
        if !c.is(k, &["to", "at", "into"]) {
            return None;
        }
        if is_state(c, k) {
            return None;
        }
        rates
            .iter()
            .find(|(j, _)| *j == k + 1)
            .copied()
            .or_else(|| {
                c.num_at(k + 1)
                    .filter(|v| plausible(*v))
                    .map(|v| (k + 1, v))
            })
    });
    // "recorded at 60fps but 30 is enough": past the rate it has, a bare
    // rate is the one wanted.
    let had = rates
        .iter()
        .filter(|(j, _)| *j > 0 && is_state(c, j - 1))
        .map(|r| r.0)
        .max();
    let wanted = had.and_then(|h| {
        (h + 1..c.toks.len()).find_map(|k| c.num_at(k).filter(|v| plausible(*v)).map(|v| (k, v)))
    });
    // "I recorded it at 60fps": only the rate it has; nothing asked here.
    if wanted.is_none()
        && after_to.is_none()
        && !rates.is_empty()
        && rates.iter().all(|(j, _)| *j > 0 && is_state(c, j - 1))
    {
        for (k, _) in &rates {
            c.take(*k);
        }
        return;
    }
    // ("Instagram accepts 30 FPS but my app generates it with 1FPS": the
    // rate it has is not the one wanted.)
    let not_had = rates
        .iter()
        .rev()
        .find(|(j, _)| !(*j > 0 && is_state(c, j - 1)))
        .copied();
    let chosen = after_to
        .or(wanted)
        .or(not_had)
        .or(rates.last().copied())
        .or_else(|| c.num_after(i, 4).or_else(|| c.num_before(i, 2)));
    if let Some((j, v)) = chosen {
        for (k, _) in &rates {
            c.take(*k);
        }
        c.take(j);
        out.push((i, Intent::Op(ChangeFps { fps: v }.into())));
    } else if let Some(r) = in_words(c) {
        out.push((i, Intent::FpsRatio(r)));
    } else if c.has(&["reduce", "lower", "decrease", "less", "fewer"])
        && !c.has(&["increase", "higher", "more"])
    {
        // "reduce its framerate": by how much not said; half, the usual
        // step (every other frame goes, the motion stays the same).
        out.push((i, Intent::FpsRatio(0.5)));
    } else if (i.saturating_sub(4)..i).any(|k| {
        c.is(
            k,
            &[
                "without", "keep", "keeping", "same", "maintain", "preserve", "retain", "original",
            ],
        )
    }) || c.has(&["info", "information", "properties"])
    {
        // "without changing the frame rate", "keep the frame rate": as it
        // is; "see FPS info in videos": told, not changed.
        c.take_trig(i);
    } else {
        // ("Frame Rate: 25 fps": the value may be in the next clause.)
        let what = "say the frame rate, e.g. \"30 fps\"".into();
        out.push((
            i,
            Intent::Vague {
                op: "change_fps",
                what,
            },
        ));
    }
}

/// The rates named that may be the one wanted: not one set against ("30fps
/// instead of 60fps"), a bound ("lower than 30 fps"), the source's beside
/// another, or the one lowered from (those are set aside).
fn rates_named(c: &mut Clause) -> Vec<(usize, f64)> {
    let rates: Vec<(usize, f64)> = c
        .toks
        .iter()
        .enumerate()
        .filter(|(i, _)| !c.used[*i])
        .filter_map(|(i, t)| match t.t {
            T::Qty(v, Unit::Fps) => Some((i, v)),
            T::Qty(v, Unit::Hz) if plausible(v) && c.has(&["video", "fps", "frame", "refresh"]) => {
                Some((i, v))
            }
            _ => None,
        })
        // "30fps instead of 60fps": the rate set against is not wanted.
        .filter(|&(j, _)| {
            !(c.is(j.wrapping_sub(1), &["of"]) && c.is(j.wrapping_sub(2), &["instead"])
                || c.is(j.wrapping_sub(1), &["than"]) && c.is(j.wrapping_sub(2), &["rather"]))
        })
        .collect();
    // "a lower frame rate than 30 fps": a bound, not the rate; the rate is
    // lowered ("no more than 30 fps" is the rate).
    let bound = |j: usize| {
        c.is(j.wrapping_sub(1), &["than"])
            && c.has(&["lower", "less", "smaller", "higher", "more", "bigger"])
            && !c.has(&["no", "not"])
    };
    let (bounds, rates): (Vec<_>, Vec<_>) = rates.into_iter().partition(|&(j, _)| bound(j));
    // "a 30fps video from a video which is originally 24fps": the source's
    // rate, told beside the one wanted.
    let source = |j: usize| {
        (j.saturating_sub(2)..j).any(|k| c.is(k, &["originally", "currently", "natively"]))
    };
    let rates: Vec<(usize, f64)> = if rates.len() > 1 && rates.iter().any(|&(j, _)| !source(j)) {
        rates.into_iter().filter(|&(j, _)| !source(j)).collect()
    } else {
        rates
    };
    // "lower the frame rate from the usual 24 fps": the rate it has, with
    // none said to go to.
    let from = |j: usize| {
        (j.saturating_sub(3)..j)
            .any(|k| c.is(k, &["from"]) && !(k + 1..c.toks.len()).any(|m| c.is(m, &["to", "into"])))
    };
    let (had_from, rates): (Vec<_>, Vec<_>) = rates.into_iter().partition(|&(j, _)| from(j));
    for (j, _) in bounds.into_iter().chain(had_from) {
        c.take(j);
    }
    rates
}

/// "I recorded it at 60fps", "source at 50" (`k` at "at"): the rate the
/// file has.
fn is_state(c: &Clause, k: usize) -> bool {
    // "even at 15fps, gifs are 20mb": the rate they have.
    let even = c.is(k.wrapping_sub(1), &["even"]);
    // "this video is 60fps": what it is.
    let is = c.is(k, &["is", "was", "are", "were"])
        && c.is(
            k.wrapping_sub(1),
            &[
                "it",
                "this",
                "video",
                "clip",
                "file",
                "footage",
                "recording",
                "videos",
            ],
        );
    // "it generates the video with 1FPS": what the program makes now.
    let made_with = c.is(k, &["with", "at"])
        && (k.saturating_sub(4)..k).any(|b| {
            c.is(
                b,
                &[
                    "generate", "produce", "create", "render", "export", "output",
                ],
            ) && (c.toks[b].orig.to_lowercase().ends_with('s') || c.toks[b].is_participle())
        });
    is || made_with
        || c.is(k, &["at"])
            && (even
                || (k.saturating_sub(4)..k).any(|b| {
                    c.is(
                        b,
                        &[
                            "recorded",
                            "recording",
                            "filmed",
                            "shot",
                            "captured",
                            "is",
                            "was",
                            "are",
                            "were",
                            // "source at 50 and output at 30": the rate it has.
                            "source",
                            "input",
                            "original",
                        ],
                    )
                }))
}

/// "half the frame rate", "double the fps".
fn in_words(c: &Clause) -> Option<f64> {
    if c.has(&["half", "halve", "halved"]) {
        Some(0.5)
    } else if c.has(&["double", "twice", "doubled"]) {
        Some(2.0)
    } else {
        None
    }
}

/// "drop every other frame", "remove every second frame", "skip 1 frame out
/// of 2": half the frames, the same length.
pub(super) fn drop_frames(c: &mut Clause, out: &mut Found) {
    let Some(e) = c.find(&["every", "each"]).or_else(|| c.seq(&["out", "of"])) else {
        some_frames_dropped(c, out);
        return;
    };
    // "every 3rd frame", "every other frame"; "every 2nd, 3rd, or [n]
    // frame": ways offered, none chosen.
    let nths: Vec<u32> = (e + 1..(e + 8).min(c.toks.len()))
        .take_while(|&k| !c.is(k, &["frame", "frames"]))
        .filter_map(|k| c.w(k).and_then(ordinal))
        .collect();
    let framed = (e + 1..(e + 9).min(c.toks.len())).any(|k| c.is(k, &["frame"]));
    let out_of = c
        .seq(&["out", "of"])
        .is_some_and(|k| c.num_at(k + 2) == Some(2.0))
        && c.has(&["frame"]);
    let dropping = c.has(&[
        "drop", "dropping", "remove", "skip", "delete", "discard", "lose",
    ]);
    let keeping = !dropping && c.has(&["keep", "keeping", "take", "use", "only"]);
    let nth = match nths[..] {
        [n] if framed && c.is(e + 2, &["frame"]) => Some(n),
        _ => None,
    };
    if framed && nths.len() > 1 && (dropping || keeping) {
        c.take(e);
        let what = "say which frames to drop, e.g. \"drop every other frame\"".into();
        out.push((e, Intent::Need(what)));
        return;
    }
    let ratio = match (nth, out_of) {
        (_, true) if dropping => Some(0.5),
        (Some(n), _) if dropping => Some(f64::from(n - 1) / f64::from(n)),
        (Some(n), _) if keeping => Some(1.0 / f64::from(n)),
        _ => None,
    };
    let Some(ratio) = ratio else {
        some_frames_dropped(c, out);
        return;
    };
    c.take(e);
    c.take_all(&[
        "every", "each", "other", "second", "frame", "drop", "dropping", "remove", "skip",
        "delete", "out", "of", "keep", "keeping",
    ]);
    out.push((e, Intent::FpsRatio(ratio)));
}

/// "other", "second", "3rd", "fifth", "10th": which of each run of frames.
fn ordinal(w: &str) -> Option<u32> {
    let n = match w {
        "other" | "second" => 2,
        "third" => 3,
        "fifth" => 5,
        // "3rd", "10th": digits and a two-letter ending.
        _ => {
            let digits = w.trim_end_matches(|ch: char| ch.is_ascii_alphabetic());
            if w.len() != digits.len() + 2 {
                return None;
            }
            digits.parse().ok()?
        }
    };
    (2..=100).contains(&n).then_some(n)
}

/// "delete every nth frame", "deleting excess frames": frames taken out,
/// how many not said; asked (a lower frame rate drops them evenly).
fn some_frames_dropped(c: &mut Clause, out: &mut Found) {
    let Some(f) = c.find(&["frame", "frames"]) else {
        return;
    };
    let dropping = (0..f).any(|k| {
        c.is(
            k,
            &["drop", "dropping", "remove", "skip", "delete", "discard"],
        )
    });
    let valued = c
        .toks
        .iter()
        .any(|t| matches!(t.t, T::Num(_) | T::Qty(..) | T::Clock { .. }));
    let placed = c.has(&["first", "last", "duplicate", "black", "blank"]);
    if !dropping || valued || placed {
        return;
    }
    c.take(f);
    let what = "say how many to keep, e.g. \"drop every other frame\" or \"10 fps\"".into();
    out.push((
        f,
        Intent::Vague {
            op: "change_fps",
            what,
        },
    ));
}

/// "It eats 10-15 fps" of a photo: a still picture or document has no
/// frame rate, unless a video is made of it.
fn frameless(c: &Clause) -> bool {
    let still =
        matches!(c.sources, [f] if matches!(f.kind(), MediaKind::Image | MediaKind::Document));
    let made = c.has(&[
        "video",
        "gif",
        "slideshow",
        "animation",
        "animated",
        "mp4",
        "clip",
        "movie",
    ]);
    still && !made
}
