//! `trim_silence`: the silence at the start and the end cut ("trim the
//! silence at the beginning", "remove the dead air at the end"). Silences
//! inside (pauses) are not taken out: that stays a refusal.

use super::{Clause, Found, Intent};
use crate::media::ops::TrimSilence;

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
    // ("detect the silence at the start and end": to cut it.)
    "detect",
];

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // ("there is still a blank at the end" of a song: a silence.)
    let sound = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_audio());
    let Some(i) = c
        .find(&["silence", "silences", "silent", "soundless"])
        .or_else(|| {
            c.seq(&["dead", "air"])
                .or_else(|| c.seq(&["dead", "time"]))
                .filter(|_| c.has(&["remove", "cut", "trim", "rid", "delete", "skip"]))
        })
        .or_else(|| c.find(&["blank"]).filter(|_| sound))
    else {
        return;
    };
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
        // "trimmed to remove dead time": a recording's idle ends.
        || c.is(i, &["dead"]) && c.is(i + 1, &["time"]);
    // "all the silences", "the pauses between sentences": inside too.
    // ("all my files have silence at the start": the files, all of them.)
    let all = (i.saturating_sub(3)..i).any(|k| c.is(k, &["all", "every"]));
    let inside =
        all || c.has(&[
            "between",
            "middle",
            "pauses",
            "gaps",
            "throughout",
            "inside",
        ]) || c.toks[i].orig.to_lowercase().ends_with("silences");
    // "all my files have silence at the start and end", "there's still a
    // second of silence at the end": the ends told as what is wrong.
    let had = c.has(&[
        "have", "has", "had", "there", "still", "contain", "contains",
    ]) && c.is(i + 1, &["at", "in"]);
    if !(removing || had) || !ends || inside || c.has(&["add", "insert", "make", "mute"]) {
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
    out.push((i, Intent::Op(TrimSilence::default().into())));
}
