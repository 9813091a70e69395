//! `crop`: an aspect ratio ("square", "9:16 for tiktok"), a rectangle or a border.

use super::super::tokens::Unit;
use super::{Clause, Found, Intent};
use crate::media::ops::{Aspect, Crop, Operation};

fn aspect_of(r: (u32, u32)) -> Option<Aspect> {
    Some(match r {
        (1, 1) => Aspect::Square,
        (9, 16) => Aspect::Portrait9x16,
        (16, 9) => Aspect::Wide16x9,
        (4, 5) => Aspect::Portrait4x5,
        (4, 3) => Aspect::Classic4x3,
        _ => return None,
    })
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let crop_word = c.find(&["crop", "cropped", "cropping", "reframe"]);
    let ratio = c.ratio();
    let square = c.find(&["square"]);
    let platform = c.find(&[
        "tiktok",
        "reels",
        "reel",
        "shorts",
        "stories",
        "story",
        "instagram",
        "insta",
        "ig",
        "youtube",
        "widescreen",
        "portrait",
        "landscape",
        "vertical",
    ]);
    let aspect_word = c.has(&[
        "aspect", "ratio", "crop", "format", "make", "for", "to", "into",
    ]);
    let trig = crop_word
        .or(ratio.filter(|_| aspect_word).map(|r| r.0))
        .or(square)
        .or(platform.filter(|&p| {
            !c.is(p, &["vertical", "portrait", "landscape"])
                || c.has(&[
                    "crop",
                    "make",
                    "turn",
                    "format",
                    "aspect",
                    "ratio",
                    "orientation",
                ]) && !c.has(&["flip", "mirror", "rotate"])
        }));
    let Some(i) = trig else { return };
    let mut aspect = None;
    if let Some((j, r)) = ratio {
        c.take(j);
        match aspect_of(r) {
            Some(a) => aspect = Some(a),
            None => {
                c.take_trig(i);
                out.push((
                    i,
                    Intent::Need(format!(
                        "kiln crops to 1:1, 16:9, 9:16, 4:5 or 4:3, not {}:{}",
                        r.0, r.1
                    )),
                ));
                return;
            }
        }
    } else if square.is_some() {
        aspect = Some(Aspect::Square);
    } else if let Some(p) = platform {
        aspect = match c.w(p) {
            Some("tiktok" | "reels" | "reel" | "shorts" | "stories" | "story" | "vertical") => {
                Some(Aspect::Portrait9x16)
            }
            Some("portrait") => Some(if c.has(&["instagram", "insta", "ig"]) {
                Aspect::Portrait4x5
            } else {
                Aspect::Portrait9x16
            }),
            Some("instagram" | "insta" | "ig") => {
                Some(if c.has(&["story", "stories", "reel", "reels"]) {
                    Aspect::Portrait9x16
                } else if c.has(&["portrait"]) {
                    Aspect::Portrait4x5
                } else {
                    Aspect::Square
                })
            }
            Some("youtube" | "widescreen" | "landscape") => Some(Aspect::Wide16x9),
            _ => None,
        };
    } else if c.has_seq(&["4", "by", "3"]) {
        aspect = Some(Aspect::Classic4x3);
    }
    if let Some(aspect) = aspect {
        c.take_trig(i);
        c.take_all(&[
            "crop",
            "square",
            "aspect",
            "ratio",
            "tiktok",
            "reels",
            "reel",
            "shorts",
            "stories",
            "story",
            "instagram",
            "insta",
            "youtube",
            "widescreen",
            "portrait",
            "landscape",
            "vertical",
            "center",
        ]);
        out.push((
            i,
            Intent::Op(Operation::Crop(Crop {
                rect: None,
                aspect: Some(aspect),
            })),
        ));
        return;
    }
    let Some(cw) = crop_word else { return };
    c.take(cw);
    if let Some((j, (w, h))) = c.dims() {
        c.take(j);
        let nums: Vec<(usize, f64)> = (j + 1..c.toks.len())
            .filter_map(|k| c.num_at(k).map(|v| (k, v)))
            .take(2)
            .collect();
        let at = if nums.len() == 2 && nums.iter().all(|(_, v)| *v >= 0.0 && v.fract() == 0.0) {
            for (k, _) in &nums {
                c.take(*k);
            }
            Some((nums[0].1 as u32, nums[1].1 as u32))
        } else {
            None
        };
        out.push((cw, Intent::CropRect { w, h, at }));
        return;
    }
    if let Some((j, px)) = c.qty(Unit::Px).or_else(|| c.num_after(cw, 4)) {
        if c.has(&[
            "each", "every", "all", "edges", "edge", "sides", "border", "borders", "around",
        ]) && px >= 0.0
        {
            c.take(j);
            out.push((cw, Intent::CropBorder(px.round().min(100_000.0) as u32)));
            return;
        }
    }
    out.push((cw, Intent::Need("say the shape to crop to: square, 16:9, 9:16, 4:5, 4:3, or a size like \"crop 640x480\"".into())));
}
