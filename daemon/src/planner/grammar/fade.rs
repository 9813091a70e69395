//! `fade`: fade in from black and silence, out to them ("fade in over 2 s",
//! "fade out the audio at the end", "fade in and out").

use super::{Clause, Found, Intent};
use crate::media::ops::Fade;

/// Seconds a fade lasts when none is said.
pub(crate) const DEFAULT_SECS: f64 = 1.0;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let Some(i) = c.find(&["fade", "fades", "fadein", "fadeout"]) else {
        abrupt(c, out);
        return;
    };
    // ("fade out (to black) transition options": a fade, called a transition.)
    if c.has(&["crossfade", "between"])
        || c.has(&["transition"]) && !c.has(&["in", "out", "black", "start", "end"])
    {
        return;
    }
    if let Some(fade) = each_way(c) {
        out.push((i, Intent::Op(fade.into())));
        return;
    }
    let near = |ws: &[&str]| (i + 1..(i + 4).min(c.toks.len())).any(|k| c.is(k, ws));
    let mut fade_in = c.is(i, &["fadein"])
        || near(&["in"])
        || c.has(&["beginning", "start", "intro", "from"]) && !near(&["out"]);
    let mut fade_out = c.is(i, &["fadeout"])
        || near(&["out", "away"])
        || c.has(&["end", "ending", "outro"]) && !near(&["in"]);
    if !fade_in && !fade_out {
        fade_in = true;
        fade_out = true;
    }
    c.take_trig(i);
    c.take_all(&["fade", "fades", "fadein", "fadeout", "in", "out", "effect"]);
    if fade_out && !fade_in {
        if let Some(found) = out_at(c, i) {
            out.extend(found);
            return;
        }
    }
    // ("fade out at a good moment within that 2-3 minute timeframe": where.)
    const PLACE: &[&str] = &["timeframe", "window", "section", "portion", "part", "range"];
    let times: Vec<(usize, f64)> = c
        .times(false)
        .into_iter()
        .filter(|&(j, _)| !(c.is(j + 1, PLACE) || c.is(j + 1, &["to"]) && c.is(j + 3, PLACE)))
        .collect();
    for (j, _) in &times {
        c.take(*j);
    }
    let secs = |k: usize| {
        times
            .get(k)
            .or(times.first())
            .map_or(Some(DEFAULT_SECS), |t| (t.1 > 0.0).then_some(t.1))
    };
    let (a, b) = match (fade_in, fade_out, times.len()) {
        (true, true, 2) => (secs(0), secs(1)),
        (true, true, _) => (secs(0), secs(0)),
        (true, false, _) => (secs(0), None),
        (false, _, _) => (None, secs(0)),
    };
    if a.is_none() && b.is_none() {
        return;
    }
    let fade = Fade {
        fade_in: a,
        fade_out: b,
    };
    out.push((i, Intent::Op(fade.into())));
}

/// "fade the song out at about three minutes": the clip ends there, with a
/// fade out; the time is where, not how long.
fn out_at(c: &mut Clause, i: usize) -> Option<Found> {
    let (j, t) = c.times(false).into_iter().find(|&(j, t)| {
        j > i
            && t > 10.0
            && (c.is(j.wrapping_sub(1), &["at"])
                || c.is(j.wrapping_sub(2), &["at"])
                    && c.is(
                        j.wrapping_sub(1),
                        &["about", "around", "roughly", "approximately"],
                    ))
    })?;
    c.take(j);
    let trim = crate::media::ops::Trim {
        start: None,
        end: None,
        duration: Some(t),
        last: None,
    };
    let fade = Fade {
        fade_in: None,
        fade_out: Some(OUT_AT_SECS),
    };
    Some(vec![
        (i, Intent::Op(trim.into())),
        (j, Intent::Op(fade.into())),
    ])
}

/// Seconds of a fade out where a song is cut short.
const OUT_AT_SECS: f64 = 3.0;

/// "make the ending not so abrupt", "it starts too suddenly": a fade where
/// the clip starts or stops hard.
pub(super) fn abrupt(c: &mut Clause, out: &mut Found) {
    let Some(i) = c.find(&[
        "abrupt", "abruptly", "sudden", "suddenly", "harsh", "jarring",
    ]) else {
        return;
    };
    let end = c.has(&["end", "ending", "ends", "stop", "stops", "outro", "finish"]);
    let start = c.has(&[
        "start",
        "starts",
        "beginning",
        "begin",
        "begins",
        "intro",
        "opening",
    ]);
    if !end && !start {
        return;
    }
    c.take_trig(i);
    let fade = Fade {
        fade_in: start.then_some(DEFAULT_SECS),
        fade_out: end.then_some(DEFAULT_SECS),
    };
    out.push((i, Intent::Op(fade.into())));
}

/// "fade in 2s fade out 3s": a fade named twice, each way with its time.
fn each_way(c: &mut Clause) -> Option<Fade> {
    let fades: Vec<usize> = (0..c.toks.len())
        .filter(|&k| c.is(k, &["fade", "fades", "fadein", "fadeout"]))
        .collect();
    if fades.len() < 2 {
        return None;
    }
    let times = c.times(false);
    let (mut fade_in, mut fade_out) = (None, None);
    for &k in &fades {
        let into = c.is(k, &["fadein"]) || c.is(k + 1, &["in"]);
        let away = c.is(k, &["fadeout"]) || c.is(k + 1, &["out", "away"]);
        // "a fade in and fade out of 2 seconds", "a 2 second fade in and
        // fade out", "fade in over 2 s at the start and fade out at the
        // end": one time said for both.
        let shared = match times.as_slice() {
            [(_, v)] => Some(*v),
            _ => None,
        };
        let secs = times
            .iter()
            .find(|(j, _)| *j > k && *j <= k + 3 && fades.iter().all(|&f| f <= k || f > *j))
            .map(|(_, v)| *v)
            .or(shared)
            .unwrap_or(DEFAULT_SECS);
        if into {
            fade_in = Some(secs);
        } else if away {
            fade_out = Some(secs);
        }
    }
    if fade_in.is_none() || fade_out.is_none() {
        return None;
    }
    c.take_all(&["fade", "fades", "fadein", "fadeout", "in", "out", "effect"]);
    for (j, _) in c.times(false) {
        c.take(j);
    }
    Some(Fade { fade_in, fade_out })
}
