//! `pad`: the whole picture fitted inside a shape or a size, the rest
//! filled ("letterbox it to 9:16", "add black bars so it is square", "fit
//! inside the square without cropping", "centred on a transparent 400x400
//! canvas", "pad the image to 1200x630 with white").

use super::{Clause, Found, Intent};
use crate::media::ops::{Aspect, Pad};

/// Words that undo bars or borders rather than add them.
const UNDO: &[&str] = &["remove", "crop", "rid", "without", "delete", "cut", "trim"];

/// What the shape or size may be said with.
const SHAPE_NEEDED: &str =
    "say the shape or size to pad to, e.g. \"pad to 9:16\" or \"fit inside 1080x1080 on white\"";

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if border(c, out) {
        return;
    }
    let Some(i) = trigger(c) else { return };
    c.take_trig(i);
    let size = c.dims().filter(|&(_, (w, h))| w >= 16 && h >= 16);
    let aspect = size.is_none().then(|| shape(c)).flatten();
    let color = color(c);
    let pad = match (size, aspect) {
        (Some((j, (w, h))), _) => {
            c.take(j);
            Pad {
                aspect: None,
                width: Some(w),
                height: Some(h),
                border: None,
                color,
            }
        }
        (None, Some((j, a))) => {
            if let Some(j) = j {
                c.take(j);
            }
            Pad {
                aspect: Some(a),
                width: None,
                height: None,
                border: None,
                color,
            }
        }
        (None, None) => {
            let what = SHAPE_NEEDED.into();
            out.push((i, Intent::Vague { op: "pad", what }));
            return;
        }
    };
    c.take_all(&[
        "pad",
        "padding",
        "padded",
        "letterbox",
        "letterboxed",
        "pillarbox",
        "bars",
        "bar",
        "canvas",
        "fill",
        "background",
        "crop",
        "cropping",
        "cropped",
        "fit",
        "inside",
        "within",
        "centred",
        "centered",
        "square",
        "tiktok",
        "reels",
        "reel",
        "shorts",
        "stories",
        "vertical",
    ]);
    out.push((i, Intent::Op(pad.into())));
}

/// Where padding is asked: "pad", "letterbox", bars or a background added
/// for a shape, a canvas, a shape kept "without cropping".
fn trigger(c: &Clause) -> Option<usize> {
    let undone = c.has(UNDO) && uncropped(c).is_none();
    let shaped = shape(c).is_some() || c.dims().is_some();
    let verb = c
        .find(&[
            "pad",
            "padded",
            "letterbox",
            "letterboxed",
            "pillarbox",
            "pillarboxed",
        ])
        .or_else(|| {
            // "to square with padding", "add some padding".
            c.find(&["padding"])
                .filter(|&k| c.is(k.wrapping_sub(1), &["with", "add", "some", "adding"]))
        })
        .filter(|&k| !undone && !c.is(k.wrapping_sub(1), &["the", "a", "of"]));
    // "add black fill so it is 9:16", "add black bars to make it square".
    let fill = c
        .near(
            &["add", "put", "adding"],
            &["fill", "background", "bars", "padding", "borders", "border"],
            4,
        )
        .filter(|_| (shaped || c.has(&["bars", "padding", "fill"])) && !undone);
    // "on a transparent 400x400 canvas", "extend the canvas to 16:9",
    // "change the canvas size".
    // ("a canvas size of no more than 900 pixels by 600 pixels": a limit,
    // which scales.)
    let limited = c
        .dims()
        .is_some_and(|(j, _)| c.is(j.wrapping_sub(1), &["max", "maximum", "under", "below"]));
    let canvas = c.find(&["canvas"]).filter(|_| {
        (shaped || c.has(&["size", "extend", "enlarge", "bigger", "larger"])) && !undone && !limited
    });
    // "fit inside the square without cropping", "9:16 with no crop".
    // ("not cropping it to a square": the shape refused, not asked.)
    // ("resize to max 100x100 ... (no cropping)": a limit to fit within.)
    let kept = uncropped(c).filter(|&k| {
        c.dims().is_some_and(|(j, _)| j < k && !limited)
            || shape(c).is_some_and(|(j, _)| j.is_some_and(|j| j < k))
    });
    // "fit inside the square": the picture whole inside the shape.
    let inside = c
        .find(&["inside", "within"])
        .filter(|&k| c.is(k.wrapping_sub(1), &["fit", "fits", "fitted"]) && shape(c).is_some());
    verb.or(fill).or(canvas).or(kept).or(inside)
}

/// "without cropping", "no crop", "instead of cropping", "won't be
/// cropped", "without cutting anything off" (of a shape).
fn uncropped(c: &Clause) -> Option<usize> {
    let cut_off = |k: usize| {
        c.is(k, &["cut", "cutting", "chop", "chopping"])
            && c.is(k + 1, &["anything", "off", "nothing", "edges", "sides"])
            && c.ratios().into_iter().next().is_some()
            // "without losing the sides", "no losing anything".
            || c.is(k, &["lose", "losing"])
                && (k + 1..(k + 3).min(c.toks.len()))
                    .any(|j| c.is(j, &["anything", "edges", "sides", "edge", "side"]))
                && c.ratios().into_iter().next().is_some()
    };
    (0..c.toks.len()).find(|&k| {
        (c.is(k, &["crop", "cropping", "cropped"]) || cut_off(k))
            && (c.is(k.wrapping_sub(1), &["without", "no", "not"])
                || c.is(k.wrapping_sub(1), &["be"]) && c.is(k.wrapping_sub(2), &["not"])
                || c.is(k.wrapping_sub(1), &["of"]) && c.is(k.wrapping_sub(2), &["instead"]))
    })
}

/// In a clause with a negation: "to square with padding so it won't be
/// cropped" pads; other negations are read elsewhere.
pub(super) fn kept_whole(c: &mut Clause, out: &mut Found) -> bool {
    if uncropped(c).is_none() {
        return false;
    }
    let before = out.len();
    recognize(c, out);
    out.len() > before
}

/// The shape: a ratio ("9:16"), "square", or a platform's.
fn shape(c: &Clause) -> Option<(Option<usize>, Aspect)> {
    if let Some((j, (w, h))) = c.ratios().into_iter().next() {
        return Aspect::new(w, h).map(|a| (Some(j), a));
    }
    if let Some(j) = c.find(&["square"]) {
        return Some((Some(j), Aspect::Square));
    }
    let platform = c.find(&["tiktok", "reels", "reel", "shorts", "stories", "vertical"])?;
    Some((Some(platform), Aspect::Portrait9x16))
}

/// The fill: black unless white, grey or transparent is said.
fn color(c: &mut Clause) -> String {
    let said = [
        ("transparent", "transparent"),
        ("transparency", "transparent"),
        ("white", "white"),
        ("blank", "white"),
        ("gray", "gray"),
        ("grey", "gray"),
        ("black", "black"),
    ];
    for (word, color) in said {
        if let Some(k) = c.find(&[word]) {
            c.take(k);
            return color.into();
        }
    }
    // "#0a0e14": a colour written in hex.
    let hex = c.toks.iter().position(|t| {
        t.orig.starts_with('#')
            && t.orig.len() == 7
            && t.orig[1..].chars().all(|ch| ch.is_ascii_hexdigit())
    });
    if let Some(k) = hex {
        let color = c.toks[k].orig.to_lowercase();
        c.take(k);
        return color;
    }
    "black".into()
}

/// "add a white border", "put a 20px black border around it", "a thin
/// border please": pixels added on every side; no shape or size said (a
/// border "to make it square" pads to the shape).
fn border(c: &mut Clause, out: &mut Found) -> bool {
    // "add 16px gray all around the image", "20 px of padding on every
    // side": pixels around, the border unnamed.
    let px_around = c.qty(crate::planner::tokens::Unit::Px).is_some()
        && c.has(&["add", "adding", "put"])
        && !c.has(&[
            "width", "height", "wide", "tall", "resize", "scale", "canvas",
        ]);
    let around = c
        .find(&["around"])
        .or_else(|| c.find(&["padding"]))
        .filter(|_| px_around);
    let Some(k) = c.find(&["border", "borders"]).or(around) else {
        return false;
    };
    let asked = c.has(&[
        "add", "adding", "put", "give", "draw", "around", "surround", "want", "need", "with",
    ]) || (k + 1..c.toks.len()).all(|j| c.is(j, &["please", "pls", "thanks"]))
        && c.is(0, &["a", "white", "black", "thin", "thick"]);
    // ("remove the black borders", "the border radius", a watermark's
    // border: not one added round the picture.)
    let other = c.has(UNDO)
        || c.has(&[
            "radius",
            "rounded",
            "watermark",
            "logo",
            "text",
            "subtitle",
            "subtitles",
            "page",
            "pages",
            "table",
            "cell",
        ]);
    if !asked || other || shape(c).is_some() || c.dims().is_some() {
        return false;
    }
    c.take(k);
    let px = c
        .qty(crate::planner::tokens::Unit::Px)
        .filter(|&(_, v)| (1.0..=2000.0).contains(&v))
        .map(|(j, v)| {
            c.take(j);
            v.round() as u32
        });
    let pct = c
        .qty(crate::planner::tokens::Unit::Pct)
        .filter(|&(_, v)| v > 0.0 && v <= 50.0)
        .map(|(j, v)| {
            c.take(j);
            v / 100.0
        });
    let share = pct.unwrap_or(
        if c.has(&["thin", "small", "slight", "narrow", "fine", "little"]) {
            0.015
        } else if c.has(&["thick", "big", "wide", "large", "fat", "heavy"]) {
            0.08
        } else {
            0.04
        },
    );
    // ("3-4 pixel": the wider.)
    let px = px.or_else(|| {
        let j = c.find(&["pixel", "pixels", "px"])?;
        let v = c.num_at(j.checked_sub(1)?)?;
        (1.0..=2000.0).contains(&v).then(|| {
            c.take(j - 1);
            c.take(j);
            v.round() as u32
        })
    });
    let said = c.has(&[
        "transparent",
        "transparency",
        "white",
        "blank",
        "gray",
        "grey",
        "black",
    ]) || c
        .toks
        .iter()
        .any(|t| t.orig.starts_with('#') && t.orig.len() == 7);
    let color = if said { color(c) } else { "white".into() };
    c.take_all(&[
        "add", "adding", "put", "around", "thin", "thick", "wide", "small", "big", "large", "all",
        "round", "sides", "side", "edges", "color", "colour",
    ]);
    out.push((k, Intent::Border { px, share, color }));
    true
}
