//! A share of the length ("the first half", "the last third", "the first
//! 10%"): kept or taken away, in seconds once the file's length is known.

use super::{Clause, Found, Intent};
use crate::planner::tokens::{Unit, T};

/// Verbs that take a part away.
const AWAY: &[&str] = &[
    "remove", "cut", "delete", "drop", "lose", "skip", "ditch", "rid", "chop", "without",
];

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let Some((at, from, to)) = share(c) else {
        return;
    };
    // "cut it in half": two files, refused elsewhere; "half the size": no
    // part of the length.
    if c.has(&[
        "size",
        "resolution",
        "volume",
        "speed",
        "width",
        "height",
        "dimensions",
    ]) {
        return;
    }
    // ("cut it to the first half": what is left.)
    let to_share = c.is(at.wrapping_sub(1), &["to"])
        || c.is(at.wrapping_sub(2), &["to"]) && c.is(at.wrapping_sub(1), &["the"]);
    let away = c.has(AWAY) && !to_share && !c.has(&["keep", "only", "save", "extract", "just"]);
    for k in at..(at + 3).min(c.toks.len()) {
        if c.is(
            k,
            &[
                "first", "last", "second", "middle", "center", "half", "third", "quarter", "fifth",
            ],
        ) || matches!(c.toks[k].t, T::Qty(_, Unit::Pct))
        {
            c.take(k);
        }
    }
    c.take_all(AWAY);
    c.take_all(&["keep", "only", "trim", "part"]);
    out.push((
        at,
        Intent::Portion {
            from,
            to,
            keep: !away,
        },
    ));
}

/// Where a share of the length is named, and its span as fractions.
fn share(c: &Clause) -> Option<(usize, f64, f64)> {
    (0..c.toks.len()).find_map(|k| {
        let side = c.w(k)?;
        // ("middle" is read as "center".)
        if !matches!(
            side,
            "first" | "last" | "second" | "middle" | "center" | "1st" | "2nd"
        ) {
            return None;
        }
        let f = match (c.w(k + 1), c.toks.get(k + 1).map(|t| &t.t)) {
            (Some("half"), _) => 0.5,
            (Some("third"), _) => 1.0 / 3.0,
            (Some("quarter"), _) => 0.25,
            (Some("fifth"), _) => 0.2,
            (_, Some(T::Qty(p, Unit::Pct))) if *p > 0.0 && *p < 100.0 => p / 100.0,
            _ => return None,
        };
        let (from, to) = match side {
            "first" | "1st" => (0.0, f),
            "middle" | "center" => ((1.0 - f) / 2.0, (1.0 + f) / 2.0),
            // "the second half": the last one.
            "second" | "2nd" if f == 0.5 => (0.5, 1.0),
            "second" | "2nd" => (f, 2.0 * f),
            _ => (1.0 - f, 1.0),
        };
        Some((k, from, to))
    })
}
