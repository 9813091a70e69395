//! `grayscale`: "black and white".

use super::{Clause, Found, Intent, LITTLE, REMOVE};
use crate::media::ops::Grayscale;
use crate::planner::tokens::Unit;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = c
        .find(&[
            "grayscale",
            "gray",
            "desaturate",
            "desaturated",
            "colorless",
            "decolorize",
            "decolourise",
            "uncolored",
        ])
        .or_else(|| c.near(REMOVE, &["color", "colors"], 3))
        // "black and white", "black/white"; "fade to black or white" is a
        // colour to fade to.
        .or_else(|| {
            c.near(&["black"], &["white"], 2).filter(|&k| {
                !(c.has(&["fade", "fades", "fading"])
                    && c.toks
                        .get(k + 1)
                        .is_some_and(|t| t.orig.eq_ignore_ascii_case("or")))
            })
        });
    let Some(i) = trig else { return };
    // "make the sky blue instead of grey": the colour set against.
    let against = (i.saturating_sub(2)..i).any(|k| {
        c.is(k, &["instead"]) && c.is(k + 1, &["of"])
            || c.is(k, &["rather"]) && c.is(k + 1, &["than"])
    });
    if against {
        return;
    }
    if c.is(i, &["desaturate", "desaturated"]) && (c.qty(Unit::Pct).is_some() || c.has(LITTLE)) {
        return;
    }
    c.take_trig(i);
    c.take_all(&[
        "grayscale",
        "gray",
        "black",
        "white",
        "color",
        "colors",
        "remove",
        "desaturate",
        "colorless",
    ]);
    out.push((i, Intent::Op(Grayscale {}.into())));
}
