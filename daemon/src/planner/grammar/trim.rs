//! `trim`: part of a clip ("the first 10 seconds", "from 1:00 to 2:30", "cut the last 5 s").

use super::super::tokens::T;
use super::{Clause, Found, Intent};
use crate::media::ops::{Operation, Trim};

const TRIM_VERBS: &[&str] = &[
    "trim", "cut", "clip", "shorten", "chop", "crop", "snip", "keep", "take", "extract", "shorter",
    "limit", "cap",
];
const KEEP_VERBS: &[&str] = &[
    "keep", "only", "just", "take", "extract", "give", "want", "save", "export", "get", "make",
    "preserve", "leave", "need", "use",
];
const CUT_VERBS: &[&str] = &[
    "remove",
    "delete",
    "drop",
    "skip",
    "chop",
    "lose",
    "discard",
    "cut",
    "trim",
    "without",
    "off",
    "rid",
    "ditch",
    "exclude",
    "omit",
    "eliminate",
    "snip",
    "minus",
];

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // "these two clips" names files; "clip the first 5 s" is a verb.
    let verb = (0..c.toks.len()).find(|&i| {
        !c.used[i]
            && c.is(i, TRIM_VERBS)
            && !c.is(
                i.wrapping_sub(1),
                &[
                    "the", "this", "these", "those", "that", "my", "a", "an", "two", "both",
                    "each", "all", "every", "short", "video", "new", "one",
                ],
            )
            && !matches!(c.toks.get(i.wrapping_sub(1)).map(|t| &t.t), Some(T::Num(_)))
    });
    let bare = verb.is_some_and(|v| !c.is(v, &["crop", "take", "extract", "keep"]))
        || c.has(&[
            "first", "last", "from", "between", "until", "till", "second",
        ]);
    let times = c.times(bare);
    let clock_or_sec: Vec<_> = c.times(false);
    let first = c.find(&["first", "opening", "beginning", "start"]);
    let last = c.find(&["last", "final", "ending", "end"]);
    let pos = verb
        .or(first)
        .or(last)
        .or(times.first().map(|t| t.0))
        .unwrap_or(0);

    // first N / last N
    let unit_after = |c: &Clause, f: usize| match c.w(f + 1) {
        Some("second") => Some((f + 1, 1.0)),
        Some("minute") => Some((f + 1, 60.0)),
        Some("hour") => Some((f + 1, 3600.0)),
        Some("half") if c.is(f + 2, &["minute"]) => Some((f + 2, 30.0)),
        _ => None,
    };
    let first_n = c.find(&["first", "opening"]).and_then(|f| {
        c.time_after(f, 2, true)
            .or_else(|| unit_after(c, f))
            .map(|t| (f, t))
    });
    let last_n = c.find(&["last", "final"]).and_then(|f| {
        c.time_after(f, 2, true)
            .or_else(|| unit_after(c, f))
            .map(|t| (f, t))
    });
    let keep = c.has(KEEP_VERBS)
        || first_n.is_some_and(|(f, _)| {
            c.is(f.wrapping_sub(1), &["to"])
                || c.is(f.wrapping_sub(2), &["to"]) && c.is(f - 1, &["the"])
        });
    let cut = !keep && c.has(CUT_VERBS);
    match (first_n, last_n) {
        (Some((f, (j, a))), Some((g, (k, b)))) => {
            for x in [f, j, g, k] {
                c.take(x);
            }
            if let Some(v) = verb {
                c.take(v);
            }
            if cut {
                out.push((pos, Intent::CutBoth(a, b)));
            } else {
                out.push((pos, Intent::Need("say one part to keep, e.g. \"the first 10 seconds\" or \"from 0:05 to 0:20\"".into())));
            }
            return;
        }
        (Some((f, (j, a))), None) => {
            c.take(f);
            c.take(j);
            if let Some(v) = verb {
                c.take(v);
            }
            let op = if cut {
                Operation::Trim(Trim {
                    start: Some(a),
                    end: None,
                    duration: None,
                    last: None,
                })
            } else {
                Operation::Trim(Trim {
                    start: None,
                    end: None,
                    duration: Some(a),
                    last: None,
                })
            };
            out.push((pos, Intent::Op(op)));
            return;
        }
        (None, Some((f, (j, a)))) => {
            c.take(f);
            c.take(j);
            if let Some(v) = verb {
                c.take(v);
            }
            if cut {
                out.push((pos, Intent::CutEnd(a)));
            } else {
                out.push((
                    pos,
                    Intent::Op(Operation::Trim(Trim {
                        start: None,
                        end: None,
                        duration: None,
                        last: Some(a),
                    })),
                ));
            }
            return;
        }
        _ => {}
    }
    // "N seconds off the start/end", "N seconds from the beginning"
    if let (Some(&(j, a)), true) = (
        times.first(),
        c.has(CUT_VERBS) && !c.has(&["keep", "only", "just"]),
    ) {
        let lead = j > 0
            && c.is(
                j - 1,
                &["from", "at", "after", "since", "until", "till", "to"],
            );
        if times.len() == 1 && !lead {
            let at_start = c.has(&["start", "beginning", "front", "intro", "head"]);
            let at_end = c.has(&["end", "ending", "outro", "tail", "back"]);
            if at_start && !at_end && c.has(&["off", "from", "of", "at"]) {
                c.take(j);
                c.take_all(&["start", "beginning", "front"]);
                if let Some(v) = verb {
                    c.take(v);
                }
                out.push((
                    pos,
                    Intent::Op(Operation::Trim(Trim {
                        start: Some(a),
                        end: None,
                        duration: None,
                        last: None,
                    })),
                ));
                return;
            }
            if at_end && !at_start && c.has(&["off", "from", "of", "at"]) {
                c.take(j);
                c.take_all(&["end", "ending"]);
                if let Some(v) = verb {
                    c.take(v);
                }
                out.push((pos, Intent::CutEnd(a)));
                return;
            }
        }
    }
    // Ranges: from A to B, between A and B, A-B, start at A, until B.
    let mut start = None;
    let mut end = None;
    let mut taken = Vec::new();
    for i in 0..c.toks.len() {
        if c.used[i] {
            continue;
        }
        let w = c.w(i);
        // "cut everything after 1:00" keeps what comes before.
        let removing =
            c.has(&["everything", "anything", "rest", "all", "end", "off"]) && c.has(CUT_VERBS);
        let mut starts = matches!(
            w,
            Some(
                "from"
                    | "between"
                    | "after"
                    | "starting"
                    | "start"
                    | "starts"
                    | "begin"
                    | "beginning"
                    | "begins"
                    | "since"
            )
        );
        let mut ends = matches!(
            w,
            Some(
                "to" | "until"
                    | "till"
                    | "and"
                    | "through"
                    | "thru"
                    | "before"
                    | "end"
                    | "ending"
                    | "ends"
                    | "stop"
                    | "stopping"
                    | "upto"
            )
        );
        if removing && matches!(w, Some("after")) {
            (starts, ends) = (false, true);
        } else if removing && matches!(w, Some("before")) {
            (starts, ends) = (true, false);
        }
        if starts && start.is_none() {
            if let Some((j, v)) = c.time_after(i, 3, bare) {
                start = Some(v);
                taken.extend([i, j]);
            }
        } else if ends && end.is_none() && (start.is_some() || !matches!(w, Some("to" | "and"))) {
            if let Some((j, v)) = c.time_after(i, 3, bare) {
                end = Some(v);
                taken.extend([i, j]);
            }
        }
    }
    // "0:10 to 0:20" / "0:10-0:20"
    if start.is_none()
        && end.is_none()
        && clock_or_sec.len() == 2
        && (verb.is_some() || c.has(&["to", "and", "from"]))
    {
        let (a, b) = (clock_or_sec[0], clock_or_sec[1]);
        if b.1 > a.1 && b.0 <= a.0 + 3 {
            start = Some(a.1);
            end = Some(b.1);
            taken.extend([a.0, b.0]);
        }
    }
    if start.is_some() || end.is_some() {
        // "10 seconds starting at 0:05"
        let mut duration = None;
        if end.is_none() {
            if let Some(&(j, d)) = c.times(false).iter().find(|(j, _)| !taken.contains(j)) {
                duration = Some(d);
                taken.push(j);
            }
        }
        for t in taken {
            c.take(t);
        }
        if let Some(v) = verb {
            c.take(v);
        }
        let start = start
            .filter(|s| *s > 0.0)
            .or(if end.is_some() || duration.is_some() {
                None
            } else {
                start
            });
        let op = Operation::Trim(Trim {
            start,
            end,
            duration,
            last: None,
        });
        if op
            == (Operation::Trim(Trim {
                start: None,
                end: None,
                duration: None,
                last: None,
            }))
        {
            return;
        }
        out.push((pos, Intent::Op(op)));
        return;
    }
    // trim to N / N seconds long / make it N seconds
    if let Some(v) =
        verb.filter(|&v| !c.is(v, &["take", "extract", "keep", "get"]) || !times.is_empty())
    {
        if c.is(v, &["crop"]) && times.is_empty() {
            return;
        }
        if let Some(&(j, d)) = times.first() {
            c.take(v);
            c.take(j);
            out.push((
                v,
                Intent::Op(Operation::Trim(Trim {
                    start: None,
                    end: None,
                    duration: Some(d),
                    last: None,
                })),
            ));
            return;
        }
        if c.is(v, &["trim", "shorten", "shorter", "snip", "chop"]) {
            c.take(v);
            out.push((v, Intent::Need("say which part to keep, e.g. \"the first 10 seconds\", \"the last 5 s\" or \"from 0:05 to 0:20\"".into())));
        }
        return;
    }
    // "make the clip 90 seconds (long)"
    if c.has(&["make", "cut", "shorten", "reduce"]) && clock_or_sec.len() == 1 {
        let (j, d) = clock_or_sec[0];
        let tail = c.toks[j + 1..].iter().all(|t| {
            matches!(t.t, T::Sep)
                || t.is_any(&[
                    "long", "only", "max", "tops", "total", "please", "in", "length",
                ])
        });
        if tail && !c.has(&["at", "every", "each", "per"]) {
            c.take(j);
            out.push((
                j,
                Intent::Op(Operation::Trim(Trim {
                    start: None,
                    end: None,
                    duration: Some(d),
                    last: None,
                })),
            ));
            return;
        }
    }
    if let Some(l) = c.find(&["long", "length", "duration"]) {
        if let Some(&(j, d)) = clock_or_sec.first() {
            c.take(l);
            c.take(j);
            out.push((
                l,
                Intent::Op(Operation::Trim(Trim {
                    start: None,
                    end: None,
                    duration: Some(d),
                    last: None,
                })),
            ));
        }
    }
}
