//! `loop`: play N times over ("loop it 3 times", "repeat the clip 60
//! times"), or a GIF that plays once ("stop it looping", "play just one
//! time").

use super::{Clause, Found, Intent};
use crate::media::ops::{Format, Loop};
use crate::planner::tokens::Unit;

const LOOP: &[&str] = &[
    "loop",
    "loops",
    "looped",
    "looping",
    "repeat",
    "repeats",
    "repeated",
    "repeating",
    "repetitions",
    "repetition",
];

/// "don't loop", "stop it from looping", "no loop", "play once": read
/// before negated clauses are set aside.
pub(super) fn once(c: &mut Clause, out: &mut Found) -> bool {
    // A video or a sound plays once already: only an animation loops by
    // itself ("a gif that plays once" may be made from a video).
    let animated = c.sources.is_empty()
        || c.sources
            .iter()
            .any(|f| matches!(f, Format::Gif | Format::Webp))
        || c.has(&["gif", "gifs", "animation", "animated", "webp"]);
    if !animated {
        return false;
    }
    // ("once downloaded, I tried to play it", "once it finishes": when.)
    let once_said = (0..c.toks.len()).any(|k| {
        c.is(k, &["once"])
            && !c.toks.get(k + 1).is_some_and(|t| {
                t.is_any(&["i", "we", "you", "it", "they", "the", "this", "that"])
                    || t.word().is_some() && t.orig.to_ascii_lowercase().ends_with("ed")
            })
    });
    // "play only once", "play just one time", "show the animation once".
    // ("run it through ffmpeg just once" runs a program, not the clip.)
    let played = c
        .find(&["play", "plays"])
        .or_else(|| {
            c.find(&["run", "runs", "show", "shows", "animate", "animates"])
                .filter(|_| c.has(&["gif", "animation"]))
        })
        .filter(|_| once_said || c.has_seq(&["one", "time"]));
    // "get the gif to just stop", "make the gif stop at the end".
    let stops = (0..c.toks.len()).find(|&k| {
        c.is(k, &["stop"])
            && (k + 1 == c.toks.len() || c.is(k + 1, &["after", "at", "playing"]))
            && c.sources.contains(&Format::Gif)
            && c.has(&["gif", "gifs", "animation"])
            && c.times(false).is_empty()
    });
    let Some(i) = c.find(LOOP).or(played).or(stops) else {
        return false;
    };
    // ("would loop without any need to click": the need denied, not the
    // loop.)
    let negated = (i.saturating_sub(5)..i).any(|k| {
        c.is(
            k,
            &[
                "not", "stop", "no", "without", "never", "disable", "prevent",
            ],
        )
    }) || c.has_seq(&["keep", "it", "from"])
        || c.has_seq(&["non", "loop"]);
    let one = once_said || c.has_seq(&["one", "time"]) || c.has_seq(&["1", "time"]);
    // "once instead of looping forever": the endless loop is what goes.
    let endless = c.has(&["forever", "infinite", "infinitely", "endless", "endlessly"])
        && !c.has_seq(&["instead", "of"])
        && !c.has_seq(&["rather", "than"]);
    if !(negated || stops.is_some() || one && !endless || endless_told(c, i)) {
        return false;
    }
    c.take_trig(i);
    c.take_all(LOOP);
    c.take_all(&[
        "once", "stop", "not", "no", "without", "never", "disable", "non",
    ]);
    out.push((i, Intent::Op(Loop { times: 1 }.into())));
    true
}

/// "when sending a GIF this is looping forever :-(": the endless loop of a
/// GIF told as what goes wrong, no loop asked.
fn endless_told(c: &Clause, i: usize) -> bool {
    let told = c.is(i.wrapping_sub(1), &["is", "are", "keeps", "keep"])
        || c.toks[i].orig.eq_ignore_ascii_case("loops");
    told && c.is(i + 1, &["forever", "infinitely", "endlessly"])
        && c.sources.contains(&Format::Gif)
        && !c.has(&[
            "make", "want", "need", "should", "set", "let", "can", "could", "would",
        ])
}

/// "played it backwards four times in a row", "play it 3 times": plays, not
/// a speed.
fn times_played(c: &Clause) -> Option<(usize, f64)> {
    let (j, n) = c.qty(Unit::X)?;
    let in_a_row = c.is(j + 1, &["in"]) && c.is(j + 2, &["a"]) && c.is(j + 3, &["row"])
        || c.is(j + 1, &["consecutively", "straight"])
        || c.is(j + 1, &["back"]) && c.is(j + 2, &["to"]) && c.is(j + 3, &["back"]);
    // ("play it 2x", "play at 2x": a speed.)
    let said_times = !c.toks[j].orig.to_lowercase().ends_with(['x', '×']);
    let played = said_times
        && (j.saturating_sub(4)..j)
            .any(|k| c.is(k, &["play", "played", "plays", "replay", "replayed"]))
        && !c.is(j.wrapping_sub(1), &["at"]);
    let speed = c.has(&[
        "faster", "slower", "quicker", "speed", "fast", "slow", "sped", "speedup",
    ]);
    let whole = (2.0..=100.0).contains(&n) && n.fract() == 0.0;
    (whole && !speed && (in_a_row || played)).then_some((j, n))
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if let Some((j, n)) = times_played(c) {
        c.take(j);
        out.push((j, Intent::Op(Loop { times: n as u32 }.into())));
        return;
    }
    // "4 iterations of this clip in one file".
    let iterations =
        (1..c.toks.len()).find(|&k| c.is(k, &["iterations"]) && c.num_at(k - 1).is_some());
    let trig = c.find(LOOP).or(iterations);
    let Some(i) = trig else {
        return;
    };
    if c.has(&["boomerang", "pingpong", "reverse", "reversed", "backwards"]) {
        return;
    }
    // "optimisations to the images in a loop", "announcements running in a
    // loop": done over and over, no count and nothing made to replay; a
    // still picture has no play to repeat.
    let in_a_loop = c.is(i.wrapping_sub(1), &["a"]) && c.is(i.wrapping_sub(2), &["in"]);
    let stills =
        !c.sources.is_empty() && c.sources.iter().all(|f| f.is_still() && *f != Format::Gif);
    if (in_a_loop || stills)
        && c.qty(Unit::X).is_none()
        && !c.has(&["times", "twice", "play", "plays", "playing"])
    {
        c.take(i);
        return;
    }
    c.take_trig(i);
    c.take_all(LOOP);
    let n = c
        .qty(Unit::X)
        .or_else(|| {
            c.num_after(i, 5)
                .filter(|&(j, _)| c.is(j + 1, &["times", "time", "x"]))
        })
        // "5 iterations of the loop", "3 cycles".
        .or_else(|| {
            (0..c.toks.len()).find_map(|j| {
                let v = c.num_at(j)?;
                c.is(
                    j + 1,
                    &["iterations", "iteration", "cycles", "copies", "repetitions"],
                )
                .then_some((j, v))
            })
        })
        // "record 2 loops".
        .or_else(|| {
            c.num_at(i.wrapping_sub(1))
                .filter(|_| c.toks[i].orig.eq_ignore_ascii_case("loops"))
                .map(|v| (i - 1, v))
        })
        // "so it plays twice".
        .or_else(|| c.find(&["twice"]).map(|j| (j, 2.0)))
        .or_else(|| c.find(&["thrice"]).map(|j| (j, 3.0)));
    // "an option to set the loop counter so it's not always an endless
    // loop": how many times, not said.
    let counted = c.has(&["counter", "count"]) || c.has_seq(&["number", "of", "times"]);
    if let Some((j, n)) = n {
        c.take(j);
        let times = n.round().clamp(0.0, 1000.0) as u32;
        out.push((i, Intent::Op(Loop { times }.into())));
    } else if counted {
        c.take_all(&["counter", "count", "endless", "forever", "infinite"]);
        let what = "say how many times it should play, e.g. \"loop it 3 times\"".into();
        out.push((i, Intent::Vague { op: "loop", what }));
    } else if let Some((j, secs)) = c.times(false).into_iter().find(|&(j, s)| {
        // "for an hour", "until it is 60 minutes long", "a 60 minute video";
        // not "the first 5 seconds as a looping gif".
        // "so it lasts a minute".
        let lasts = c.is(j.wrapping_sub(1), &["last", "lasts"])
            && c.is(j.wrapping_sub(2), &["it", "that", "which"]);
        let led = lasts
            || (j.saturating_sub(3)..j).any(|k| c.is(k, &["for", "until", "till", "to", "reach"]));
        let long = c.is(j + 1, &["long", "total", "video", "clip", "movie"]);
        let part = c.has(&["first", "gif"]) || c.has(&["last"]) && !lasts;
        s > 0.0 && (led || long) && !part
    }) {
        // "loop it for an hour", "repeat it until it is 60 minutes long".
        c.take(j);
        out.push((i, Intent::LoopFor(secs)));
    } else if c.has(&["gif", "gifs"]) {
        // "a looping gif", "loop forever as a gif": what a GIF does anyway;
        // "make the gif loop" of a GIF: made again, looping.
        c.take_all(&["forever", "infinite", "infinitely", "endless", "endlessly"]);
        if c.sources.contains(&Format::Gif) {
            out.push((i, Intent::Loop));
        }
    } else {
        // A GIF loops forever already; a clip needs a number.
        c.take_all(&["forever", "infinite", "infinitely", "endless", "endlessly"]);
        out.push((i, Intent::Loop));
    }
}
