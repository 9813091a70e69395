//! `negate`: "invert the colours", "make it a negative".

use super::{Clause, Found, Intent};
use crate::media::ops::Negate;

/// Words that make "invert" a turn or a flip rather than a negative.
const DIRECTIONS: &[&str] = &[
    "vertical",
    "horizontal",
    "upside",
    "sideways",
    "left",
    "right",
    "flip",
    "mirror",
];

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // ("add negative space to shrink it": room around, not a negative.)
    let trig = (0..c.toks.len())
        .find(|&i| {
            !c.used[i]
                && (c.is(i, &["negate"])
                    || c.is(i, &["negative"])
                        && !c.is(i + 1, &["space", "margin", "value", "number", "film"]))
        })
        .or_else(|| c.find(&["invert"]).filter(|_| !c.has(DIRECTIONS)));
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&["negate", "negative", "invert", "color", "colors"]);
    out.push((i, Intent::Op(Negate {}.into())));
}
