//! `rotate`: "rotate 90 degrees", "turn it upside down".

use super::{Clause, Found, Intent};
use crate::media::ops::Rotate;
use crate::planner::tokens::Unit;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // "importing a clip with a rotation attribute of 90 degrees": the turn
    // the file records, which a program did not show; applied, it is upright.
    let recorded = (0..c.toks.len()).find(|&k| {
        c.is(k, &["rotate", "rotation"]) && c.is(k + 1, &["attribute", "metadata", "tag", "flag"])
    });
    if let (Some(k), true) = (recorded, shown_by_a_program(c)) {
        c.take(k);
        c.take(k + 1);
        out.push((k, Intent::Op(crate::media::ops::AutoOrient {}.into())));
        return;
    }
    let Some(i) = trigger(c) else { return };
    c.take_trig(i);
    // "90°/180°/270° options", "90 (left / right) / 180", "90 or 180":
    // turns to choose from, not one.
    // (Not past "without", "instead" or a bracket: "rotate by 180 directly
    // (without two 90 degrees rotations)".)
    let upto = (0..c.toks.len())
        .find(|&k| c.is(k, &["without", "instead", "rather"]) || c.toks[k].orig == "(")
        .unwrap_or(c.toks.len());
    let mut angles: Vec<f64> = (0..upto)
        .filter_map(|k| match c.toks[k].t {
            crate::planner::tokens::T::Qty(v, Unit::Deg) | crate::planner::tokens::T::Num(v) => {
                Some(v)
            }
            crate::planner::tokens::T::Word(ref w) => w.parse::<f64>().ok(),
            _ => None,
        })
        .filter(|v| [90.0, 180.0, 270.0].contains(v))
        .collect();
    angles.dedup();
    // ("rotate it the right way", "right side up": correct, no way to turn.)
    let right = (0..c.toks.len()).any(|k| {
        c.is(k, &["right"])
            && !c.is(
                k + 1,
                &[
                    "way",
                    "side",
                    "sides",
                    "direction",
                    "orientation",
                    "angle",
                    "now",
                ],
            )
    });
    // "rotate clockwise or counterclockwise": both ways named.
    let countered = |k: usize| c.is(k.wrapping_sub(1), &["counter", "anti"]);
    let cw = (0..c.toks.len()).any(|k| c.is(k, &["clockwise", "cw"]) && !countered(k));
    let ccw = (0..c.toks.len())
        .any(|k| c.is(k, &["counterclockwise"]) || c.is(k, &["clockwise"]) && countered(k));
    let both_ways = (c.has(&["left"]) && right || cw && ccw) && !c.has(&["then"]);
    if angles.len() > 1 && !c.has(&["then"])
        || both_ways && angles.len() <= 1 && c.has(&["or"])
        || both_ways && angles.len() > 1
    {
        c.take_all(&["left", "right", "degrees", "degree", "deg"]);
        let what = "say which way to turn it: 90° clockwise, 90° counterclockwise or 180°".into();
        out.push((i, Intent::Vague { op: "rotate", what }));
        return;
    }
    let mut deg: Option<f64> = None;
    if let Some((j, d)) = c.qty(Unit::Deg) {
        c.take(j);
        deg = Some(d);
    } else if let Some((j, d)) = c.num_after(i, 4).or_else(|| c.num_before(i, 2)) {
        c.take(j);
        deg = Some(d);
    } else if c.has(&["upside", "around"]) || c.has_seq(&["half", "turn"]) || c.has(&["180"]) {
        deg = Some(180.0);
    } else if c.has(&["quarter"]) {
        deg = Some(90.0);
    }
    let left = c.has(&["left", "counterclockwise", "anti", "counter"]);
    // "rotate the video": no angle and no way said; a turn told elsewhere
    // ("it was filmed upside down") can give it.
    // ("turn it sideways": a quarter turn, either way.)
    let said = deg.is_some() || left || right || c.has(&["clockwise", "cw", "sideways"]);
    c.take_all(&[
        "left",
        "right",
        "clockwise",
        "counterclockwise",
        "upside",
        "down",
        "degrees",
        "degree",
        "turn",
        "by",
        "quarter",
        "around",
    ]);
    let d = deg.unwrap_or(90.0);
    let mut d = d.rem_euclid(360.0);
    if left {
        d = (360.0 - d).rem_euclid(360.0);
    }
    // "it is rotated 90° clockwise", "the video appears turned": what the
    // file is; turned back, or asked which way when the way is not said.
    // "When I import it, it appears rotated 90 degrees in Preview", "it
    // automatically rotates it 90 degrees" (in a timeline): the turn a
    // program showed, of the rotation the file records; applying that puts
    // it upright.
    let state = is_state(c, i);
    if (state || c.has(&["automatically"])) && shown_by_a_program(c) {
        out.push((i, Intent::Op(crate::media::ops::AutoOrient {}.into())));
        return;
    }
    if state {
        let directed =
            right || c.has(&["left", "clockwise", "counterclockwise", "anti", "counter"]);
        if !directed && d != 180.0 {
            out.push((i, Intent::Upright));
            return;
        }
        d = (360.0 - d).rem_euclid(360.0);
    }
    let degrees = if d.fract() == 0.0 { d as u32 } else { 1 };
    if degrees == 0 {
        out.push((
            i,
            Intent::Need("a full turn leaves the picture as it is: say 90°, 180° or 270°".into()),
        ));
        return;
    }
    // "rotate 180 around the vertical axis": turned over, a mirror image.
    if let (180, Some(direction)) = (degrees, turned_over(c)) {
        out.push((i, Intent::Op(crate::media::ops::Flip { direction }.into())));
        return;
    }
    let op = Rotate::by(degrees).into();
    out.push((i, Intent::said_or_default(op, said)));
}

/// The mirror a half turn about an axis in the picture's plane makes: about
/// the vertical axis, left and right swap.
fn turned_over(c: &Clause) -> Option<crate::media::ops::FlipDirection> {
    use crate::media::ops::FlipDirection;
    let k = (1..c.toks.len()).find(|&k| c.is(k, &["axis"]))?;
    if c.is(k - 1, &["vertical", "y"]) {
        Some(FlipDirection::Horizontal)
    } else if c.is(k - 1, &["horizontal", "x"]) {
        Some(FlipDirection::Vertical)
    } else {
        None
    }
}

/// Whether the clause tells of a program showing the file (an import, a
/// preview) or of the rotation the file records (its metadata).
fn shown_by_a_program(c: &Clause) -> bool {
    c.has(&[
        "import",
        "imported",
        "importing",
        "imports",
        "preview",
        "previews",
        "attribute",
        "metadata",
        "exif",
        "timeline",
    ])
}

/// The word that asks for a turn: "rotate", "turn it left", "90°",
/// "upside down".
fn trigger(c: &Clause) -> Option<usize> {
    // "keep the exif (the rotation info)": the tag, not a turn.
    c.find(&["rotate", "rotated", "spin", "tilt"])
        .filter(|&k| {
            !c.is(
                k + 1,
                &["info", "information", "data", "tag", "flag", "metadata"],
            ) && !turns_the_device(c, k)
        })
        .or_else(|| {
            c.near(
                &["turn"],
                &[
                    "left",
                    "right",
                    "clockwise",
                    "counterclockwise",
                    "upside",
                    "sideways",
                    "around",
                    "degrees",
                    "degree",
                    "deg",
                ],
                4,
            )
        })
        .or_else(|| {
            c.find(&["turn"]).filter(|&t| {
                c.num_after(t, 3)
                    .is_some_and(|(_, v)| [90.0, 180.0, 270.0, -90.0].contains(&v))
            })
        })
        // ("show a 360° panorama": a kind of picture, no turn.)
        .or_else(|| {
            c.qty(Unit::Deg)
                .filter(|&(j, v)| {
                    !(v == 360.0
                        && c.is(
                            j + 1,
                            &[
                                "panorama",
                                "panoramic",
                                "video",
                                "videos",
                                "camera",
                                "photo",
                                "photos",
                                "view",
                                "image",
                                "images",
                                "picture",
                            ],
                        ))
                })
                .map(|q| q.0)
        })
        .or_else(|| c.seq(&["upside", "down"]).filter(|&k| !c.used[k]))
        .or_else(|| c.find(&["clockwise", "counterclockwise"]))
}

/// "If I rotate my phone to the right, the pictures are upside down": the
/// device held turned, not the file.
pub(super) fn turns_the_device(c: &Clause, k: usize) -> bool {
    c.is(k + 1, &["my", "the", "your", "our"])
        && c.is(
            k + 2,
            &[
                "phone", "camera", "device", "tablet", "ipad", "iphone", "screen", "monitor",
                "head", "body",
            ],
        )
}

/// Whether the trigger at `i` says how the file is ("is rotated", "was
/// saved turned"), not what to do.
fn is_state(c: &Clause, i: usize) -> bool {
    let participle = c.toks[i].orig.to_lowercase();
    // "after save it rotate in 90 degree left side", "the image rotates
    // 90°": what the file does, said with its subject.
    let does = matches!(participle.as_str(), "rotate" | "rotates")
        && c.is(
            i.wrapping_sub(1),
            &["it", "video", "image", "photo", "picture", "clip", "footage"],
        )
        // ("make it rotate 90 degrees", "can you have it rotate": asked.)
        && !c.is(
            i.wrapping_sub(2),
            &["make", "have", "let", "set", "get", "help", "can", "could", "will", "please"],
        );
    does || matches!(participle.as_str(), "rotated" | "turned" | "tilted")
        && (i.saturating_sub(3)..i).any(|k| {
            c.is(
                k,
                &[
                    "is",
                    "are",
                    "they're",
                    "it's",
                    "was",
                    "were",
                    "been",
                    "being",
                    "get",
                    "gets",
                    "got",
                    "saved",
                    "appears",
                    "appear",
                    "comes",
                    "come",
                    "seems",
                    "looks",
                    "shows",
                    "shown",
                    "displayed",
                    "plays",
                    "played",
                    "recorded",
                    "uploaded",
                    "always",
                ],
            )
        })
}
