//! `blur` and `sharpen`.

use super::{degree, Clause, Found, Intent};
use crate::media::ops::{Blur, Sharpen};
use crate::planner::tokens::{Unit, T};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // "fixing vinyl pops", "more in detail" of a song: a sound has no picture.
    if c.sounds_only() {
        return;
    }
    if let Some(i) = c.find(&[
        "blur", "soften", "gaussian", "defocus", "smooth", "smoothen", "bokeh",
    ]) {
        // "the face at the start is blurry": how it looks, not a step;
        // "while still remaining smooth", "smooth motion": of the motion.
        let motion = c.is(i, &["smooth"])
            && (c.is(
                i.wrapping_sub(1),
                &["remaining", "remain", "stay", "staying", "still"],
            ) || c.is(
                i + 1,
                &[
                    "playback",
                    "motion",
                    "animation",
                    "animations",
                    "framerate",
                    "fps",
                    "video",
                    "videos",
                    "gif",
                    "gifs",
                ],
            ) || c.has(&["fps", "framerate", "frame", "frames", "motion", "playback"])
                // ("23.976 (preferred), or back to 29.97": frame rates.)
                || c.toks.iter().any(|t| {
                    matches!(t.t, T::Num(v) if [23.976, 29.97, 59.94].contains(&v))
                }));
        if described(c, i) || motion {
            c.take(i);
            return;
        }
        // "blurring faces", "blur license plates": a part found in the
        // picture, which kiln does not find (refused as such).
        if c.has(&["face", "faces", "people", "person", "plate", "plates"]) {
            return;
        }
        // ("a blur tool so that we can hide account numbers", "smooths skin
        // tone": a part of the picture, which kiln does not find.)
        if c.has(&["number", "password", "email", "emails", "address", "skin"]) {
            c.take_trig(i);
            out.push((
                i,
                Intent::Unsupported("pixelate or censor parts of a picture".into()),
            ));
            return;
        }
        // ("deblur the defocus image": the picture as it is.)
        if c.is(i, &["defocus"]) && c.has(&["deblur", "unblur", "sharpen", "sharper"]) {
            c.take(i);
            return;
        }
        // "make it less blurry", "not so blurry", "remove the blur": sharper.
        let undone = (i.saturating_sub(3)..i)
            .any(|k| c.is(k, &["remove", "fix", "reduce", "undo", "rid"]))
            && c.is(i.wrapping_sub(1), &["the", "this", "that", "blur"]);
        if c.is(i.wrapping_sub(1), &["less", "not", "no"]) || undone {
            c.take_trig(i);
            out.push((i, Intent::Op(Sharpen { sigma: 1.0 }.into())));
            return;
        }
        c.take_trig(i);
        let sigma = c
            .qty(Unit::Px)
            .or_else(|| c.num_after(i, 4))
            .map(|(j, v)| {
                c.take(j);
                v
            })
            .unwrap_or_else(|| match degree(c) {
                0 => 2.0,
                2 => 12.0,
                _ => 5.0,
            });
        out.push((i, Intent::Op(Blur { sigma }.into())));
    }
    let trig = c
        .find(&[
            "sharpen",
            "sharp",
            "unblur",
            "deblur",
            "sharpness",
            "unsharp",
        ])
        .or_else(|| {
            c.near(
                &["more", "enhance", "increase"],
                &["detail", "details", "sharpness", "definition"],
                2,
            )
        })
        // "make it crisp", "look crisper" (not "crisp, clean screenshots").
        .or_else(|| {
            c.find(&["crisp", "crisper"]).filter(|&k| {
                (k.saturating_sub(3)..k)
                    .any(|j| c.is(j, &["make", "more", "look", "looks", "get", "it"]))
                    || c.is(k, &["crisper"])
            })
        })
        // ("avoid 'sharp' sounds": a sound's edge, not the picture's; "my
        // Sharp smart tv": the maker.)
        .filter(|&k| {
            !(c.is(k, &["sharp"])
                && (c.is(k + 1, &["sound", "sounds", "noise", "noises", "audio"])
                    || c.is(k + 1, &["tv", "television"])))
        })
        // ("I'm using sharp", "an option for sharp": the library's name.)
        .filter(|&k| {
            !(c.is(k, &["sharp"])
                && (c.is(
                    k.wrapping_sub(1),
                    &["use", "using", "with", "for", "via", "of"],
                ) || c.is(k + 1, &["library", "module", "package", "lib"])))
        });
    if let Some(i) = trig {
        c.take_trig(i);
        let sigma = c
            .num_after(i, 4)
            .map(|(j, v)| {
                c.take(j);
                v
            })
            .unwrap_or_else(|| match degree(c) {
                0 => 0.5,
                2 => 2.5,
                _ => 1.0,
            });
        out.push((i, Intent::Op(Sharpen { sigma }.into())));
    }
}

/// "it is blurry", "looks blurred", "photos being a little blurry": an
/// adjective told of the file.
fn described(c: &Clause, i: usize) -> bool {
    let orig = c.toks[i].orig.to_lowercase();
    matches!(orig.as_str(), "blurry" | "blurred" | "smooth" | "soft")
        && (i.saturating_sub(3)..i).any(|k| {
            c.is(
                k,
                &[
                    "is", "are", "was", "were", "looks", "look", "seems", "appears", "got", "gets",
                    "being", "become", "becomes", "became", "getting", "looking", "get", "go",
                    "goes", "went",
                ],
            )
        })
}
