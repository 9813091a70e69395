//! `split`: one clip made into several files ("split it into 3 parts",
//! "chop it into 10 minute chunks", "cut the video in half", "split at
//! 1:30"). The refusals read first find where several files are asked of
//! one; this reads how many, how long, or where, and asks when none is said.

use super::{Clause, Found, Intent};
use crate::media::ops::Split;
use crate::planner::tokens::{Unit, T};

/// What the refusals say of a file asked to become several.
const SEVERAL: &str = "split a file into several";

/// Nouns for the parts.
const PIECES: &[&str] = &[
    "parts", "pieces", "segments", "files", "chunks", "videos", "clips", "sections", "bits",
    "tracks", "episodes",
];

/// The same, as the reader may give a plural.
const ONE_PIECE: &[&str] = &[
    "part", "piece", "segment", "file", "chunk", "video", "clip", "section",
];

/// Puts a split where the refusals read "several files of one".
/// (Read before the other recognizers: "10 minute chunks" is no trim.)
pub(super) fn resolve(c: &mut Clause, out: &mut Found) {
    // Pictures and documents are not split here (pages are the documents'
    // own); nor is a clip by its chapters, cue sheet, silences, words or
    // a size in bytes, which need what kiln does not find.
    let timed = c.sources.iter().all(|f| !f.is_still())
        && !c
            .sources
            .iter()
            .any(|f| f.kind() == crate::media::ops::MediaKind::Document);
    let by_content = c.has(&[
        "chapter",
        "chapters",
        "cue",
        "cues",
        "silence",
        "silences",
        "silent",
        "words",
        "sentence",
        "sentences",
        "word",
        "talk",
        "talks",
        "track",
        "book",
        "scenes",
        "scene",
        "tracks",
        "books",
        "weight",
        "auto",
    ]) || c.toks.iter().any(|t| t.orig.eq_ignore_ascii_case("songs"))
        || [Unit::Mb, Unit::Gb, Unit::Kb]
            .iter()
            .any(|u| c.qty(*u).is_some());
    if !timed || by_content {
        return;
    }
    let mut found = false;
    for (_, intent) in out.iter_mut() {
        if matches!(intent, Intent::Unsupported(w) if w.starts_with(SEVERAL)) {
            *intent = read(c);
            found = true;
        }
    }
    // ("cut this into 30 second segments": the verb and the parts are the
    // split's, no trim.)
    if found {
        c.take_all(&[
            "cut",
            "chop",
            "split",
            "splitting",
            "divide",
            "break",
            "slice",
            "separate",
        ]);
        c.take_all(PIECES);
        c.take_all(&["part", "piece", "segment", "chunk", "section"]);
    }
}

fn read(c: &mut Clause) -> Intent {
    let split = |every: Option<f64>, parts: Option<u32>, at: Vec<f64>| {
        Intent::Op(Split { every, parts, at }.into())
    };
    // "at 1:30 and 3:00", "split at the 5 minute mark".
    let at: Vec<usize> = (0..c.toks.len())
        .filter(|&k| c.is(k, &["at"]))
        .flat_map(|k| {
            (k + 1..(k + 6).min(c.toks.len()))
                .take_while(|&j| c.time_at(j, false).is_some() || c.is(j, &["and", "the"]))
                .filter(|&j| c.time_at(j, false).is_some())
                .collect::<Vec<_>>()
        })
        .collect();
    let times: Vec<f64> = at.iter().filter_map(|&j| c.time_at(j, false)).collect();
    if !times.is_empty() && times.windows(2).all(|w| w[1] > w[0]) {
        for j in at {
            c.take(j);
        }
        return split(None, None, times);
    }
    // "into 3 parts", "in 4 pieces", "into halves", "in half".
    let counted = (0..c.toks.len()).find_map(|k| {
        // ("into 2 video": a plural read as its singular.)
        let counted_noun = c.is(k, PIECES)
            || c.is(k, ONE_PIECE)
                && (k.saturating_sub(3)..k).any(|j| c.is(j, &["into", "in", "as"]));
        if !counted_noun {
            return None;
        }
        c.num_before(k, 2)
            .or_else(|| {
                // ("into two videos": a count in words.)
                let j = k.checked_sub(1)?;
                let n = [
                    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                ]
                .iter()
                .position(|w| c.is(j, &[w]))?;
                Some((j, n as f64 + 2.0))
            })
            .filter(|(_, n)| n.fract() == 0.0 && (2.0..=100.0).contains(n))
    });
    if let Some((j, n)) = counted {
        c.take(j);
        return split(None, Some(n as u32), vec![]);
    }
    // "10 minute chunks", "every 30 seconds", "parts of 5 minutes".
    let lengths: Vec<(usize, f64)> = (0..c.toks.len())
        .filter_map(|k| match c.toks[k].t {
            T::Qty(v, Unit::Sec) if v >= 1.0 && !c.used[k] => Some((k, v)),
            _ => None,
        })
        .collect();
    // ("split clips > 3 seconds into consecutive 3-second clips": one
    // length, said twice.)
    if let Some(&(_, every)) = lengths.first() {
        if lengths.iter().all(|(_, v)| *v == every) {
            for (k, _) in lengths {
                c.take(k);
            }
            return split(Some(every), None, vec![]);
        }
    }
    if c.has_seq(&["in", "half"]) || c.has(&["halves"]) {
        return split(None, Some(2), vec![]);
    }
    if c.has(&["thirds"]) {
        return split(None, Some(3), vec![]);
    }
    Intent::Vague {
            op: "split",
        what: "say how long each part should be, e.g. \"split into 10 minute parts\", how many, \"split into 3 parts\", or where, \"split at 1:30\"".into(),
    }
}
