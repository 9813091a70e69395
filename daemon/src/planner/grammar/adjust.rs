//! `adjust`: brightness, contrast and saturation ("brighter", "more contrast").

use super::super::tokens::Unit;
use super::{degree, Clause, Found, Intent, LESS, MORE, REMOVE};
use crate::media::ops::{Adjust, Operation};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let b_w = c.find(&[
        "brighter",
        "darker",
        "brightness",
        "bright",
        "dark",
        "dim",
        "exposure",
        "lighting",
        "underexposed",
        "overexposed",
        "light",
    ]);
    let c_w = c.find(&["contrast", "punchy", "punchier", "flat", "washed"]);
    let s_w = c.find(&[
        "saturation",
        "colorful",
        "desaturate",
        "desaturated",
        "color",
        "colors",
        "muted",
        "dull",
        "pop",
    ]);
    // "light"/"color" need a direction to mean an adjustment.
    let dir_more = c.has(MORE)
        || c.has(&[
            "brighter", "colorful", "punchy", "punchier", "pop", "boost", "vivid",
        ]);
    let dir_less = c.has(LESS)
        || c.has(&[
            "darker",
            "muted",
            "desaturate",
            "desaturated",
            "dull",
            "dim",
        ]);
    let b_w = b_w.filter(|&b| {
        !c.is(b, &["light", "bright", "dark"])
            || dir_more
            || dir_less
            || c.is(b.wrapping_sub(1), &["too", "more", "less", "bit", "little"])
    });
    let s_w =
        s_w.filter(|&s| !c.is(s, &["color", "colors"]) || (dir_more || dir_less) && !c.has(REMOVE));
    let first = [b_w, c_w, s_w].into_iter().flatten().min();
    let Some(i) = first else { return };
    let deg = degree(c);
    let amount = |small: f64, normal: f64, big: f64| match deg {
        0 => small,
        2 => big,
        _ => normal,
    };
    let pct = c.qty(Unit::Pct).map(|(_, p)| p / 100.0);
    let to_num = |c: &Clause, k: usize| c.num_after(k, 3).map(|(_, v)| v);
    let mut brightness = 0.0;
    let mut contrast = 1.0;
    let mut saturation = 1.0;
    if let Some(b) = b_w {
        let too = c.is(b.wrapping_sub(1), &["too"]);
        let darker = c.is(b, &["darker", "dark", "dim"]) ^ too
            || c.is(b, &["brightness", "exposure", "lighting"]) && c.has(LESS)
            || c.is(b, &["overexposed"]);
        let mag = pct.unwrap_or_else(|| amount(0.08, 0.15, 0.3));
        brightness = match to_num(c, b) {
            Some(v) if c.is(b, &["brightness"]) && v.abs() <= 1.0 => v,
            _ => {
                if darker {
                    -mag
                } else {
                    mag
                }
            }
        };
    }
    if let Some(k) = c_w {
        let less = c.has(LESS) && !c.is(k, &["flat", "washed"]);
        contrast = match to_num(c, k) {
            Some(v) if v <= 3.0 => v,
            _ => {
                let mag = pct.unwrap_or_else(|| amount(0.15, 0.3, 0.6));
                if less {
                    1.0 - mag.min(0.9)
                } else {
                    1.0 + mag
                }
            }
        };
        if c.is(k, &["punchy", "punchier"]) {
            saturation = 1.2;
        }
    }
    if let Some(s) = s_w {
        let less = c.has(LESS)
            || c.is(s, &["desaturate", "desaturated", "muted", "dull"])
                && !c.is(s.wrapping_sub(1), &["too", "less"]);
        saturation = match to_num(c, s) {
            Some(v) if v <= 3.0 => v,
            _ => {
                let mag = pct.unwrap_or_else(|| amount(0.2, 0.4, 0.8));
                if less {
                    1.0 - mag.min(0.9)
                } else {
                    1.0 + mag
                }
            }
        };
    }
    let r = |v: f64| (v * 1000.0).round() / 1000.0;
    c.take_all(&[
        "brighter",
        "darker",
        "brightness",
        "bright",
        "dark",
        "contrast",
        "saturation",
        "colorful",
        "color",
        "colors",
        "exposure",
        "more",
        "less",
        "increase",
        "decrease",
    ]);
    if let Some((j, _)) = c.qty(Unit::Pct) {
        c.take(j);
    }
    out.push((
        i,
        Intent::Op(Operation::Adjust(Adjust {
            brightness: r(brightness),
            contrast: r(contrast),
            saturation: r(saturation),
        })),
    ));
}
