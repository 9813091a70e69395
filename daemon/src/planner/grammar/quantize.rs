//! `quantize`: a PNG with a palette of N colours, transparency kept ("like
//! pngquant", "compress the png but keep transparency", "reduce it to 64
//! colours").

use super::{Clause, Found, Intent};
use crate::media::ops::{Format, MediaKind, Quantize};
use crate::planner::tokens::T;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // "dither it", "export it in 1Bit(dither)": of any picture, a palette
    // whose colours are mixed.
    let dither = c.find(&["dither", "dithering", "dithered"]).filter(|_| {
        c.sources.is_empty()
            || c.sources
                .iter()
                .all(|f| matches!(f.kind(), MediaKind::Image))
    });
    if let Some(i) = dither {
        let colors = colour_count(c)
            .map(|(j, v)| {
                c.take(j);
                v.round().clamp(2.0, 256.0) as u16
            })
            .or_else(|| one_bit(c).map(|_| 2));
        c.take_all(&["dither", "dithering", "dithered", "bit", "1bit"]);
        c.take_trig(i);
        out.push((
            i,
            Intent::Op(
                Quantize {
                    colors,
                    dither: true,
                }
                .into(),
            ),
        ));
        return;
    }
    let png = c.sources.contains(&Format::Png) || c.has(&["png", "pngs"]);
    // "reduce the gif to 64 colours": of a GIF, its palette.
    let gif = c.sources.contains(&Format::Gif) && !png;
    if gif {
        gif_palette(c, out);
        return;
    }
    if !png || c.has(&["jpg", "jpeg", "webp", "gif"]) {
        return;
    }
    let named = c.find(&[
        "pngquant",
        "quantize",
        "quantise",
        "quantization",
        "palette",
        "indexed",
        "indexing",
        "tinypng",
    ]);
    // ("as WEBP (lossy or lossless)": the WebP's mode, no palette.)
    let lossy = c
        .find(&["lossy"])
        .filter(|_| !c.has(&["webp", "jpeg", "jpg", "avif"]));
    let keep_alpha = c.has(&["transparency", "transparent", "alpha"])
        && c.has(&[
            "compress",
            "compression",
            "smaller",
            "size",
            "reduce",
            "keep",
            "preserve",
        ]);
    let colours = c
        .find(&["color", "colors", "colour", "colours", "colored"])
        .filter(|_| {
            c.has(&["reduce", "fewer", "less", "limit", "only", "palette", "bit"])
                || colour_count(c).is_some()
        });
    let Some(i) = named.or(lossy).or(colours).or_else(|| {
        keep_alpha
            .then(|| c.find(&["compress", "compression", "smaller", "reduce"]))
            .flatten()
    }) else {
        return;
    };
    let n = colour_count(c);
    if let Some((j, _)) = n {
        c.take(j);
    }
    c.take_trig(i);
    c.take_all(&[
        "pngquant",
        "quantize",
        "quantise",
        "palette",
        "lossy",
        "compress",
        "compression",
        "color",
        "colors",
        "colour",
        "colours",
        "transparency",
        "transparent",
        "alpha",
        "png",
        "smaller",
    ]);
    let colors = n.map(|(_, v)| v.round().clamp(2.0, 256.0) as u16);
    out.push((
        i,
        Intent::Op(
            Quantize {
                colors,
                dither: false,
            }
            .into(),
        ),
    ));
}

/// "reduce colors to 64", "use only 32 colours" of a GIF: its palette, of
/// the number said (a smaller GIF without a number is a compression).
fn gif_palette(c: &mut Clause, out: &mut Found) {
    let Some((j, v)) = colour_count(c) else {
        return;
    };
    let Some(i) = c.find(&["color", "colors", "colour", "colours", "palette"]) else {
        return;
    };
    // ("why 8 colors produces dithering": a palette asked about.)
    if c.has(&["why"]) {
        return;
    }
    c.take(j);
    c.take_trig(i);
    c.take_all(&["color", "colors", "colour", "colours", "palette", "gif"]);
    out.push((
        i,
        Intent::Op(
            Quantize {
                colors: Some(v.round().clamp(2.0, 256.0) as u16),
                dither: false,
            }
            .into(),
        ),
    ));
}

/// "64 colours", "pngquant 256": a palette size.
fn colour_count(c: &Clause) -> Option<(usize, f64)> {
    (0..c.toks.len()).find_map(|j| match c.toks[j].t {
        T::Num(v) if !c.used[j] && (2.0..=256.0).contains(&v) && v.fract() == 0.0 => {
            let near = c.is(j + 1, &["color", "colors", "colour", "colours", "colored"])
                || c.is(j.wrapping_sub(1), &["pngquant", "colors", "colours"])
                // "reduce the colors to 16", "the palette down to 32".
                || c.is(j.wrapping_sub(1), &["to"])
                    && (j.saturating_sub(4)..j - 1).any(|k| {
                        c.is(k, &["color", "colors", "colour", "colours", "palette"])
                    });
            near.then_some((j, v))
        }
        _ => None,
    })
}

/// "1 bit", "1-bit", "1bit": two colours.
fn one_bit(c: &Clause) -> Option<usize> {
    (0..c.toks.len()).find(|&j| {
        c.is(j, &["1bit"]) || matches!(c.toks[j].t, T::Num(v) if v == 1.0) && c.is(j + 1, &["bit"])
    })
}
