//! `flatten`: a picture's transparency filled ("make the background white
//! instead of transparent", "remove the alpha channel", "add a white
//! background" to a PNG).

use super::{Clause, Found, Intent};
use crate::media::ops::{Flatten, Format};

const COLOURS: &[&str] = &["white", "black", "gray", "grey"];

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if !c.pictures_only() {
        return;
    }
    let Some(i) = trigger(c) else { return };
    let color = colour(c);
    c.take_trig(i);
    c.take_all(&[
        "transparency",
        "transparent",
        "alpha",
        "channel",
        "flatten",
        "background",
        "remove",
        "fill",
        "replace",
        "solid",
        "instead",
        "parts",
        "areas",
    ]);
    out.push((i, Intent::Op(Flatten { color }.into())));
}

fn trigger(c: &Clause) -> Option<usize> {
    let clear = c.find(&["transparency", "transparent", "alpha"]);
    // "make the (white) background transparent": see-through wanted, the
    // background's to remove (refused elsewhere).
    let made_clear = (0..c.toks.len()).any(|k| {
        c.is(k, &["transparent"])
            && (k + 1 == c.toks.len()
                || !c.is(
                    k + 1,
                    &["background", "parts", "areas", "bits", "pixels", "bg"],
                ))
            && !c.is(k.wrapping_sub(1), &["of", "not", "than", "no"])
    });
    let removed = c
        .find(&[
            "remove", "rid", "drop", "delete", "strip", "lose", "without", "no", "disable",
            "flatten",
        ])
        .filter(|_| clear.is_some());
    let flattened = c.find(&["flatten", "flattened"]).filter(|&k| {
        c.is(
            k + 1,
            &["it", "the", "this", "image", "picture", "png", "logo"],
        )
    });
    let coloured = wanted_colour(c).is_some() || hex(c).is_some();
    // "fill the transparent background with black", "make the
    // transparent parts white", "white instead of transparent".
    let filled = clear.filter(|_| coloured);
    // "add a white background" to a PNG: one that may be see-through.
    let may_be_clear = c.sources.iter().all(|f| {
        matches!(
            f,
            Format::Png | Format::Webp | Format::Ico | Format::Tiff | Format::Gif
        )
    });
    let added = c.find(&["background", "bg"]).filter(|&k| {
        coloured
            && may_be_clear
            && !c.is(
                k + 1,
                &["music", "noise", "sound", "audio", "color", "colour"],
            )
            && c.has(&["add", "put", "give", "solid", "plain"])
    });
    // "keep the transparency", "black and white but keep the alpha": kept.
    let kept = c.has(&[
        "keep",
        "keeping",
        "preserve",
        "preserving",
        "retain",
        "maintain",
        "support",
        "supports",
    ]);
    let gray = c.has_seq(&["black", "and", "white"]) || c.has_seq(&["white", "and", "black"]);
    if made_clear && !c.has(&["instead"]) || kept || gray {
        return None;
    }
    removed.or(flattened).or(filled).or(added)
}

fn hex(c: &Clause) -> Option<usize> {
    c.toks.iter().position(|t| {
        t.orig.starts_with('#')
            && t.orig.len() == 7
            && t.orig[1..].chars().all(|ch| ch.is_ascii_hexdigit())
    })
}

/// Where a colour is said as wanted, not as what happens ("the transparent
/// parts turn into black", "it shows up black", "black instead of white").
fn wanted_colour(c: &Clause) -> Option<usize> {
    let happens = [
        "turn", "turns", "turned", "into", "becomes", "become", "became", "shows", "show",
        "appears", "appear", "goes", "end", "ends", "than", "replaces", "fills", "makes",
    ];
    (0..c.toks.len()).find(|&k| {
        c.is(k, COLOURS)
            && !(k.saturating_sub(4)..k).any(|b| {
                c.is(b, &happens)
                    || happens.contains(&c.toks[b].orig.to_lowercase().as_str())
                    || c.is(b, &["of"]) && c.is(b.wrapping_sub(1), &["instead"])
            })
    })
}

/// The colour said as wanted, white if none.
fn colour(c: &mut Clause) -> String {
    if let Some(k) = wanted_colour(c) {
        c.take(k);
        // The word as read ("whte" corrected), one the op takes.
        return match c.w(k) {
            Some("black") => "black",
            Some("gray" | "grey") => "gray",
            _ => "white",
        }
        .into();
    }
    if let Some(k) = hex(c) {
        c.take(k);
        return c.toks[k].orig.to_lowercase();
    }
    "white".into()
}
