//! `adjust`: brightness, contrast and saturation ("brighter", "more contrast").

use super::{degree, Clause, Found, Intent, LESS, MORE, REMOVE};
use crate::media::ops::Adjust;
use crate::planner::tokens::Unit;

/// Where each setting is named: brightness, contrast, saturation.
struct Named {
    brightness: Option<usize>,
    contrast: Option<usize>,
    saturation: Option<usize>,
}

impl Named {
    fn find(c: &Clause) -> Named {
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
            "oversaturated",
            "undersaturated",
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
        Named {
            brightness: b_w.filter(|&b| {
                !c.is(b, &["light", "bright", "dark"])
                    || dir_more
                    || dir_less
                    || c.is(b.wrapping_sub(1), &["too", "more", "less", "bit", "little"])
                    || turned(c, b)
            }),
            contrast: c_w,
            saturation: s_w.filter(|&s| {
                !c.is(s, &["color", "colors"]) || (dir_more || dir_less) && !c.has(REMOVE)
            }),
        }
    }
}

/// How much a setting changes: a percent said, else by degree words.
struct Amount {
    pct: Option<f64>,
    degree: u8,
}

impl Amount {
    fn of(&self, small: f64, normal: f64, big: f64) -> f64 {
        self.pct.unwrap_or(match self.degree {
            0 => small,
            2 => big,
            _ => normal,
        })
    }
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // "fixing vinyl pops", "more in detail" of a song: a sound has no picture.
    if c.sounds_only() {
        return;
    }
    // "a pop-up banner", "a pop up window": a thing, not colours that pop.
    if let Some(i) = c.seq(&["pop", "up"]) {
        c.take(i);
        c.take(i + 1);
    }
    // "reduce the number of colors to 64": a palette, not saturation.
    if c.has_seq(&["number", "of", "color"]) || c.has_seq(&["number", "of", "colors"]) {
        return;
    }
    // "convert colorful images into black and white": the files described.
    if let Some(k) = (0..c.toks.len()).find(|&k| {
        c.is(k, &["colorful", "dark", "bright", "dull"])
            && c.is(
                k + 1,
                &[
                    "image", "images", "photo", "photos", "picture", "pictures", "video", "videos",
                    "clip", "clips", "footage",
                ],
            )
            && !c.is(
                k.wrapping_sub(1),
                &["more", "less", "too", "very", "so", "a", "it"],
            )
            && c.has(&["grayscale", "convert", "turn"])
    }) {
        c.take(k);
    }
    let named = Named::find(c);
    let first = [named.brightness, named.contrast, named.saturation]
        .into_iter()
        .flatten()
        .min();
    let Some(i) = first else { return };
    // "adjust the contrast": which way is not said.
    let directed = c.has(MORE)
        || c.has(LESS)
        || c.qty(Unit::Pct).is_some()
        || c.has(&[
            "brighter",
            "darker",
            "dark",
            "dim",
            "bright",
            "too",
            "punchy",
            "punchier",
            "flat",
            "washed",
            "colorful",
            "muted",
            "dull",
            "desaturate",
            "desaturated",
            "vivid",
            "pop",
            "underexposed",
            "overexposed",
            "oversaturated",
            "undersaturated",
            "low",
            "high",
            "better",
        ]);
    // "set contrast to 1.5": a value is a direction.
    let valued = [named.brightness, named.contrast, named.saturation]
        .into_iter()
        .flatten()
        .any(|k| c.num_after(k, 3).is_some());
    if !directed
        && !valued
        && c.has(&[
            "adjust", "change", "set", "control", "tweak", "modify", "edit",
        ])
    {
        c.take_trig(i);
        let what =
            "say which way, e.g. \"brighter\", \"more contrast\" or \"less saturated\"".into();
        out.push((i, Intent::Vague { op: "adjust", what }));
        return;
    }
    let amount = Amount {
        pct: c.qty(Unit::Pct).map(|(_, p)| p / 100.0),
        degree: degree(c),
    };
    let mut brightness = 0.0;
    let mut contrast = 1.0;
    let mut saturation = 1.0;
    if let Some(b) = named.brightness {
        brightness = brightness_at(c, b, &amount);
    }
    if let Some(k) = named.contrast {
        let less = c.has(LESS) && !c.is(k, &["flat", "washed"]);
        contrast = factor_at(c, k, amount.of(0.15, 0.3, 0.6), less);
        if c.is(k, &["punchy", "punchier"]) {
            saturation = 1.2;
        }
    }
    if let Some(s) = named.saturation {
        let less = c.has(LESS)
            || c.is(s, &["desaturate", "desaturated", "muted", "dull"])
                && !c.is(s.wrapping_sub(1), &["too", "less"])
            // "my comics are oversaturated": less.
            || c.is(s, &["oversaturated"]);
        saturation = factor_at(c, s, amount.of(0.2, 0.4, 0.8), less);
    }
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
    let r = |v: f64| (v * 1000.0).round() / 1000.0;
    let adjust = Adjust {
        brightness: r(brightness),
        contrast: r(contrast),
        saturation: r(saturation),
    };
    out.push((i, Intent::Op(adjust.into())));
}

/// Brightness named at `b`: a value ("brightness 0.2") or brighter/darker.
fn brightness_at(c: &Clause, b: usize, amount: &Amount) -> f64 {
    let darker = c.is(b, &["darker", "dark", "dim"]) ^ turned(c, b)
        || c.is(b, &["brightness", "exposure", "lighting"]) && c.has(LESS)
        || c.is(b, &["overexposed"]);
    match c.num_after(b, 3).map(|(_, v)| v) {
        Some(v) if c.is(b, &["brightness"]) && v.abs() <= 1.0 => v,
        _ => {
            let mag = amount.of(0.08, 0.15, 0.3);
            if darker {
                -mag
            } else {
                mag
            }
        }
    }
}

/// Whether the light word at `b` says what is wrong rather than what is
/// wanted: "too dark", "less dark", "not so bright", "it is really dark"
/// (the file described) all ask for the other way.
fn turned(c: &Clause, b: usize) -> bool {
    const SOFT: &[&str] = &[
        "so", "very", "really", "quite", "a", "bit", "little", "way", "pretty", "as", "super",
        "rather", "kind", "of", "always", "still", "all",
    ];
    let mut k = b;
    for _ in 0..4 {
        let Some(p) = k.checked_sub(1) else {
            return false;
        };
        k = p;
        // ("fix the really dark video": the trouble after the verb.)
        if c.is(
            k,
            &[
                "too", "less", "not", "isnt", "never", "fix", "correct", "repair",
            ],
        ) {
            return true;
        }
        // "it still shows up really dark", "seems to be darker than the
        // stream": the file told.
        let seems_to_be = c.is(k, &["be"])
            && c.is(k.wrapping_sub(1), &["to"])
            && c.is(
                k.wrapping_sub(2),
                &["seems", "seem", "seemed", "appears", "appear"],
            );
        let linked = c.is(
            k,
            &[
                "is", "its", "looks", "seems", "was", "are", "appears", "were", "look", "seem",
                "shows", "showed", "comes", "came",
            ],
        ) || seems_to_be;
        if linked {
            return c.is(b, &["dark", "bright", "dim"])
                || c.is(b, &["darker", "brighter"]) && c.is(b + 1, &["than"]);
        }
        // ("shows up", "comes out" dark.)
        if c.is(k, &["up", "out"]) {
            continue;
        }
        if !c.is(k, SOFT) {
            return false;
        }
    }
    false
}

/// A contrast or saturation factor named at `k`: a value ("contrast 1.5"),
/// or 1 moved by `mag` either way.
fn factor_at(c: &Clause, k: usize, mag: f64, less: bool) -> f64 {
    match c.num_after(k, 3).map(|(_, v)| v) {
        // "saturation to -1", "-50": a slider around 0, as editors show it.
        Some(v) if (-1.0..0.0).contains(&v) => 1.0 + v,
        Some(v) if (-100.0..0.0).contains(&v) => 1.0 + v / 100.0,
        Some(v) if v <= 3.0 => v,
        _ if less => 1.0 - mag.min(0.9),
        _ => 1.0 + mag,
    }
}
