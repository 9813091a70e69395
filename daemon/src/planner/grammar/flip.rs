//! `flip`: "mirror it", "flip vertically".

use super::{Clause, Found, Intent};
use crate::media::ops::{Flip, FlipDirection};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // ("it needs to be reflected": mirrored; not "reflected in the stats".)
    let reflected = || {
        c.find(&["reflected", "reflect"]).filter(|&k| {
            c.is(k.wrapping_sub(1), &["be", "it", "them", "get"])
                && !c.is(k + 1, &["in", "on", "by", "the", "what", "how"])
        })
    };
    let Some(i) = c
        .find(&["flip", "mirror", "flop", "flipped", "mirrored"])
        .or_else(reflected)
    else {
        return;
    };
    c.take_trig(i);
    // "flip/rotate it upside down", "flip or rotate": one turn, the rotation's.
    let rotation_beside = (i + 1..(i + 4).min(c.toks.len()))
        .take_while(|&k| c.w(k).is_none() || c.is(k, &["or", "rotate", "rotated"]))
        .any(|k| c.is(k, &["rotate", "rotated"]));
    // "flip them 270 degrees", "it flipped the whole video on 90 degrees":
    // a turn, by its angle.
    let angled = (i..c.toks.len())
        .filter(|&j| c.is(j, &["flip", "flipped"]))
        .any(|j| {
            (j + 1..(j + 7).min(c.toks.len()))
                .take_while(|&k| !matches!(c.toks[k].t, crate::planner::tokens::T::Sep))
                .any(|k| {
                    matches!(c.toks[k].t, crate::planner::tokens::T::Qty(v, crate::planner::tokens::Unit::Deg) if [90.0, 180.0, 270.0].contains(&v))
                })
        });
    if rotation_beside || angled {
        return;
    }
    // "flip the camera as it is mounted upside down": a camera hung upside
    // down films a half turn, not a mirror image.
    let mounted = c.has(&["upside"])
        && c.has(&[
            "mount",
            "mounted",
            "mounting",
            "installed",
            "hung",
            "ceiling",
        ])
        && !c.has(&[
            "mirror",
            "mirrored",
            "vertical",
            "vertically",
            "horizontal",
            "horizontally",
        ]);
    // "when exported, it is flipped upside down": told of the file, a
    // half turn to undo ("flip it upside down" asks a mirror image).
    let told_upside_down = c.has(&["upside"])
        && c.toks[i].is_participle()
        && c.is(
            i.wrapping_sub(1),
            &["is", "are", "was", "were", "been", "get", "got", "gets"],
        );
    if (mounted || told_upside_down) && c.is(i, &["flip", "flipped"]) {
        c.take_all(&["upside", "down"]);
        out.push((i, Intent::Op(crate::media::ops::Rotate::by(180).into())));
        return;
    }
    // "a horizontal or vertical flip": which one is not said.
    // ("horizontally and vertically" reads as the two words side by side.)
    let side_by_side = (1..c.toks.len())
        .any(|k| c.is(k - 1, &["horizontal", "vertical"]) && c.is(k, &["horizontal", "vertical"]));
    let both = c.has(&["horizontal", "horizontally"]) && c.has(&["vertical", "vertically"])
        // "flip left right up down"
        || c.has(&["left"]) && c.has(&["right"]) && c.has_seq(&["up", "down"]);
    // "flip it horizontally and vertically": both flips.
    if both && side_by_side && !c.has(&["or", "either"]) {
        c.take_all(&[
            "horizontal",
            "horizontally",
            "vertical",
            "vertically",
            "and",
        ]);
        for direction in [FlipDirection::Horizontal, FlipDirection::Vertical] {
            out.push((i, Intent::Op(Flip { direction }.into())));
        }
        return;
    }
    if both && c.has(&["or"]) {
        c.take_all(&[
            "horizontal",
            "horizontally",
            "vertical",
            "vertically",
            "flip",
            "mirror",
        ]);
        let what =
            "say which way: horizontally (a mirror image) or vertically (upside down)".into();
        out.push((i, Intent::Vague { op: "flip", what }));
        return;
    }
    let said = c.is(i, &["mirror", "mirrored"])
        || c.has(&[
            "vertical",
            "vertically",
            "horizontal",
            "horizontally",
            "upside",
            "updown",
            "left",
            "right",
            "sideways",
        ])
        || c.has_seq(&["top", "to", "bottom"])
        || c.has_seq(&["up", "down"]);
    let vertical = c.has(&["vertical", "upside", "updown"])
        || c.has_seq(&["top", "to", "bottom"])
        || c.has_seq(&["up", "down"]);
    // "across the vertical axis": left and right swap, a horizontal flip.
    let vertical = if c.has(&["axis"]) && c.has(&["across", "over", "about", "around"]) {
        c.has_seq(&["horizontal", "axis"])
    } else {
        vertical
    };
    c.take_all(&[
        "vertical",
        "horizontal",
        "upside",
        "down",
        "left",
        "right",
        "sideways",
        "axis",
    ]);
    let direction = if vertical && !c.is(i, &["mirror", "mirrored"]) {
        FlipDirection::Vertical
    } else {
        FlipDirection::Horizontal
    };
    let op = Flip { direction }.into();
    // "can I flip the video?": which way is not said.
    out.push((i, Intent::said_or_default(op, said)));
}
