//! `trim_silence`: the silence at the start and the end cut ("trim the
//! silence at the beginning", "remove the dead air at the end"); the pauses
//! inside too when asked ("remove the long pauses", "cut out all the
//! silences"), of a video with its pictures.

use super::{Clause, Found, Intent};
use crate::media::ops::MediaKind;
use crate::media::ops::{SilenceEnds, TrimSilence};

/// Words for a silence.
const SILENCE: &[&str] = &[
    "silence", "silences", "silent", "quiet", "dead", "pause", "pauses",
];

/// Verbs that take the silence away.
const REMOVING: &[&str] = &[
    "remove",
    "cut",
    "trim",
    "rid",
    "delete",
    "strip",
    "skip",
    "chop",
    "clip",
    "drop",
    "crop",
    "discard",
    "discarded",
    "truncate",
    "truncates",
    "removal",
    // ("detect the silence at the start and end": to cut it.)
    "detect",
];

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // ("there is still a blank at the end" of a song: a silence.)
    let sound = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_audio());
    // A recording with its sound: of a song or of a video.
    let timed = !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|f| f.is_audio() || f.kind() == MediaKind::Video);
    // "cut out the parts where nobody is talking" of a recording.
    if let Some(k) = nobody_talking(c).filter(|_| timed) {
        pauses(c, k, out);
        return;
    }
    let Some(i) = c
        .find(&["silence", "silences", "silent", "soundless"])
        .or_else(|| {
            c.seq(&["dead", "air"])
                .or_else(|| c.seq(&["dead", "time"]))
                .filter(|_| c.has(&["remove", "cut", "trim", "rid", "delete", "skip"]))
        })
        .or_else(|| c.find(&["blank"]).filter(|_| sound))
        .or_else(|| c.find(&["pause", "pauses", "gaps"]).filter(|_| timed))
    else {
        return;
    };
    // ("even though it is silent": what the file is.)
    if c.is(i.wrapping_sub(1), &["is", "was"]) && c.is(i.wrapping_sub(2), &["it"]) {
        return;
    }
    let removing = c.has(REMOVING);
    // "at the start and end", "leading and trailing": the ends only.
    let ends = c.has(&[
        "start",
        "beginning",
        "begin",
        "end",
        "ending",
        "leading",
        "trailing",
        "front",
        "back",
        "both",
        "ends",
        "edges",
    ]) || c.is(i.wrapping_sub(1), &["the"]) && c.has(&["trim"])
        // "a lot of silence before and after the sound effect".
        || c.is(i + 1, &["before", "after"])
        // "trimmed to remove dead time": a recording's idle ends.
        || c.is(i, &["dead"]) && c.is(i + 1, &["time"]);
    // "all the silences", "the pauses between sentences": inside too.
    // ("all my files have silence at the start": the files, all of them.)
    let all = (i.saturating_sub(3)..i).any(|k| c.is(k, &["all", "every", "any"]));
    let inside = all || c.has(&[
            "between",
            "middle",
            "pauses",
            "gaps",
            "throughout",
            "inside",
            "within",
        ]) || c.toks[i].orig.to_lowercase().ends_with("silences")
        // ("skip silence", a player's word for it: every silence.)
        || sound && c.is(i.wrapping_sub(1), &["skip", "skipping"]);
    // "all my files have silence at the start and end", "there's still a
    // second of silence at the end", "a lot of silence before and after the
    // sound": the ends told as what is wrong.
    let had = c.has(&[
        "have", "has", "had", "there", "still", "contain", "contains",
    ]) && c.is(i + 1, &["at", "in", "before", "after"]);
    // ("remove the silence from the podcast": all of it, the pauses too;
    // "discards these silent sections": the ones named before.)
    let named_before = c.is(i.wrapping_sub(1), &["these", "those"]);
    // "add silence", "make it silent", "mute": not cutting; but "add a
    // silence remover", "add an option to remove the silences" asks for
    // the cutting.
    let adding = c.has(&["add", "insert"])
        && !c.has(&["remover", "removal", "remove", "removing", "cutting"]);
    let other = adding || c.has(&["make", "mute"]);
    if (inside || !ends) && removing && timed && !named_before && !other {
        pauses(c, i, out);
        return;
    }
    if !(removing || had) || !ends || inside || other {
        return;
    }
    c.take_trig(i);
    c.take_all(SILENCE);
    c.take_all(REMOVING);
    c.take_all(&[
        "air",
        "start",
        "beginning",
        "end",
        "ending",
        "leading",
        "trailing",
        "both",
        "ends",
    ]);
    out.push((i, Intent::Op(TrimSilence::at(one_end(c)).into())));
}

/// "the silence at the start", "the dead air at the end": one end named
/// alone; both when both or neither are.
fn one_end(c: &Clause) -> SilenceEnds {
    // ("the silence before the song starts": the start; "before and after
    // the song", read in two clauses: both, as "before" alone is.)
    let start = c.has(&[
        "start",
        "starts",
        "beginning",
        "begin",
        "begins",
        "leading",
        "front",
        "intro",
    ]);
    let end = c.has(&["end", "ending", "trailing", "back", "outro"]);
    let both = c.has(&["both", "ends", "edges"]) || c.has(&["before", "after"]) && !(start || end);
    match (start, end, both) {
        (true, false, false) => SilenceEnds::Start,
        (false, true, false) => SilenceEnds::End,
        _ => SilenceEnds::Both,
    }
}

/// Where "nobody is talking" (the parts without speech) is said.
pub(super) fn nobody_talking(c: &Clause) -> Option<usize> {
    c.seq(&["nobody", "is", "talking"])
        .or_else(|| c.seq(&["no", "one", "is", "talking"]))
        .or_else(|| c.seq(&["nobody", "talks"]))
        .or_else(|| c.seq(&["nobody", "speaks"]))
        .or_else(|| c.seq(&["nobody", "is", "speaking"]))
        .or_else(|| c.seq(&["no", "one", "is", "speaking"]))
        .or_else(|| c.seq(&["no", "one", "speaks"]))
        .or_else(|| c.seq(&["no", "one", "talks"]))
}

/// The pause kiln cuts when none is named, seconds: longer than a breath.
const PAUSE: f64 = 1.0;

/// "remove pauses (300 ms)", "cut the silences longer than 2 seconds": the
/// ends and every pause inside longer than the length named.
fn pauses(c: &mut Clause, i: usize, out: &mut Found) {
    let named = c
        .times(false)
        .into_iter()
        .find(|&(_, secs)| (0.1..=60.0).contains(&secs));
    if let Some((k, _)) = named {
        c.take(k);
    }
    c.take_trig(i);
    c.take_all(SILENCE);
    c.take_all(REMOVING);
    c.take_all(&[
        "all",
        "long",
        "longer",
        "between",
        "middle",
        "gaps",
        "throughout",
        "inside",
        "within",
    ]);
    let secs = named.map_or(PAUSE, |(_, s)| s);
    out.push((i, Intent::Op(TrimSilence::with_pauses(secs).into())));
}
