//! `shift_audio`: a video's sound put back in sync by a fixed amount ("the
//! audio is 300 ms behind", "delay the audio by half a second", "moving
//! the audio -300 ms"). Asked how much, or which way, when not said; sound
//! that drifts further out as it plays stays a refusal (no one shift
//! mends it), as do lip-sync made up and syncing found by listening.

use super::{Clause, Found, Intent};
use crate::media::ops::{MediaKind, ShiftAudio};

/// Words for the sound.
const SOUND: &[&str] = &[
    "audio", "sound", "voice", "voices", "dialogue", "dialog", "speech", "track",
];
/// Words for the pictures.
const PICTURE: &[&str] = &[
    "video", "picture", "pictures", "image", "footage", "lip", "lips",
];
/// The sound comes after the pictures (is moved earlier).
/// ("after" and "before" name other times too: "attachments after
/// warning"; "slow" is a speed.)
const LATE: &[&str] = &["behind", "late", "lag", "lags", "lagging"];
/// The sound comes before the pictures (is moved later).
const EARLY: &[&str] = &["ahead", "early"];
/// Out of sync, a way that grows as it plays.
const DRIFT: &[&str] = &[
    "drift",
    "drifts",
    "drifting",
    "progressively",
    "gradually",
    "worse",
    "increasingly",
    "increase",
    "increases",
    "slowly",
    "slip",
];

/// What to ask when the amount or the way is not said.
const HOW: &str = "say by how much and which way the sound is out of sync, e.g. \"the audio is 0.3 s late\" or \"delay the audio by 200 ms\"";

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // (Two videos synced to each other is another thing.)
    let video = matches!(c.sources, [f] if f.kind() == MediaKind::Video);
    let sync_word = (0..c.toks.len()).find(|&k| {
        let o = c.toks[k].orig.to_lowercase();
        ["sync", "synch", "desync", "unsync", "resync", "synchron"]
            .iter()
            .any(|p| o.starts_with(p))
            && !o.starts_with("synchronicity")
    });
    let sound = c.find(SOUND);
    // "delay the audio by 200 ms", "move the sound 0.3 s later".
    let moved = (0..c.toks.len()).find(|&k| {
        c.is(
            k,
            &[
                "delay",
                "shift",
                "move",
                "offset",
                "nudge",
                "slide",
                "advance",
                "moving",
                "shifting",
                "delaying",
                "offsetting",
            ],
        ) && (k + 1..(k + 4).min(c.toks.len())).any(|j| c.is(j, SOUND))
    });
    // "the audio is 300ms behind", "the sound lags", "the video is 0.2 s
    // ahead of the sound".
    let late_or_early = |from: usize| {
        (from + 1..(from + 11).min(c.toks.len()))
            .any(|k| c.is(k, LATE) || c.is(k, EARLY) || delayed(c, k))
    };
    let told = sound.filter(|&s| late_or_early(s)).or_else(|| {
        c.find(PICTURE)
            .filter(|&p| sound.is_some() && late_or_early(p))
    });
    let Some(at) = moved
        .or(told)
        .or(sync_word.filter(|_| sound.is_some() || c.has(PICTURE)))
    else {
        return;
    };
    if !video {
        return;
    }
    // Drifting, lip-sync made up, or found by listening: still refused.
    let drifting = c.has(DRIFT)
        || c.has_seq(&["over", "time"])
        || c.has(&[
            "lipsync",
            "automatic",
            "automatically",
            "auto",
            "detect",
            "ai",
        ])
        || c.has(&["chipmunk", "chipmunks", "gaps", "skip", "skips", "speed"]);
    if drifting {
        return;
    }
    let mut amounts: Vec<(usize, f64)> = c
        .times(false)
        .into_iter()
        .filter(|&(_, s)| s != 0.0 && s.abs() <= 60.0)
        .collect();
    // "a quarter of a second", "a tenth of a second".
    for (part, secs) in [("quarter", 0.25), ("third", 1.0 / 3.0), ("tenth", 0.1)] {
        if let Some(k) = c
            .seq(&[part, "of", "a", "second"])
            .filter(|_| amounts.is_empty())
        {
            amounts.push((k, secs));
        }
    }
    let way = way(c, moved, amounts.first().map(|a| a.1));
    out.retain(|(_, i)| !matches!(i, Intent::Unsupported(w) if w == super::unsupported::SYNC));
    c.take_trig(at);
    if let Some(k) = sync_word {
        c.take(k);
    }
    match (amounts.as_slice(), way) {
        ([(k, secs)], Some(sign)) => {
            // The words saying it ("ends up ... ahead of"), up to the
            // amount or the way, whichever is last.
            let said = (0..c.toks.len())
                .filter(|&j| c.is(j, LATE) || c.is(j, EARLY) || delayed(c, j))
                .chain([at, *k])
                .max()
                .unwrap_or(*k);
            for j in at.min(*k)..=said {
                c.take(j);
            }
            c.take_all(SOUND);
            let seconds = sign * secs.abs();
            out.push((at, Intent::Op(ShiftAudio { seconds }.into())));
        }
        _ => out.push((
            at,
            Intent::Vague {
                op: "shift_audio",
                what: HOW.into(),
            },
        )),
    }
}

/// "is delayed", "seems delayed": the sound (or the pictures) late.
fn delayed(c: &Clause, k: usize) -> bool {
    c.is(k, &["delay"])
        && c.toks[k].is_participle()
        && (k.saturating_sub(3)..k).any(|j| {
            c.is(
                j,
                &[
                    "is", "are", "was", "be", "seem", "seems", "been", "get", "gets",
                ],
            )
        })
}

/// Which way the sound moves: +1 later, -1 earlier; `None` when not said.
/// `moved` is a verb moving it; `amount` the first time said (a sign on it
/// says the way: "moving the audio -300 ms").
fn way(c: &Clause, moved: Option<usize>, amount: Option<f64>) -> Option<f64> {
    if let Some(v) = moved {
        if c.has(&["earlier", "forward", "sooner"]) || amount.is_some_and(|a| a < 0.0) {
            return Some(-1.0);
        }
        if c.has(&["later"]) || c.is(v, &["delay", "delaying"]) {
            return Some(1.0);
        }
        if amount.is_some_and(|a| a > 0.0)
            && c.is(
                v,
                &[
                    "shift",
                    "offset",
                    "move",
                    "nudge",
                    "moving",
                    "shifting",
                    "offsetting",
                ],
            )
        {
            return None;
        }
        if c.is(v, &["advance"]) {
            return Some(-1.0);
        }
    }
    // A word saying late or early, of the sound or of the pictures (the
    // nearer named before it).
    for k in 0..c.toks.len() {
        let late = c.is(k, LATE) || delayed(c, k);
        let early = c.is(k, EARLY);
        if !late && !early {
            continue;
        }
        let subject = (k.saturating_sub(11)..k).rev().find_map(|j| {
            if c.is(j, SOUND) {
                Some(1.0)
            } else if c.is(j, PICTURE) {
                Some(-1.0)
            } else {
                None
            }
        })?;
        return Some(if late { -subject } else { subject });
    }
    None
}
