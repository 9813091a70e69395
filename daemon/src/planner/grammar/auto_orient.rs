//! `auto_orient`: "fix the orientation".

use super::{Clause, Found, Intent};
use crate::media::ops::AutoOrient;
use crate::planner::tokens::Unit;

/// Verbs of a picture being shown somewhere.
const SHOWN: &[&str] = &[
    "appear",
    "appears",
    "appeared",
    "show",
    "shows",
    "shown",
    "showed",
    "showing",
    "display",
    "displays",
    "displayed",
    "displaying",
    "uploaded",
    "upload",
    "imported",
    "import",
    "comes",
    "come",
    "came",
    "opens",
    "opened",
    "rendered",
    "render",
    "previewed",
    "published",
    "posted",
];

/// Words saying it shows turned.
const TURNED: &[&str] = &[
    "sideways",
    "upside",
    "rotate",
    "rotated",
    "horizontally",
    "horizontal",
    "incorrectly",
    "wrongly",
    "wrong",
    "landscape",
    "portrait",
    "turned",
];

/// "it appears sideways", "vertical photos are shown horizontally", "it
/// shows upside down here but right elsewhere", "rotate them back to the
/// normal orientation": a picture whose orientation tag is not applied.
fn shown_turned(c: &Clause) -> Option<usize> {
    if !c.pictures_only() || c.qty(Unit::Deg).is_some() || c.has(&["flip", "mirror", "mirrored"]) {
        return None;
    }
    // "rotate it so it shows in portrait" asks for a turn.
    let purpose = |k: usize| {
        k >= 1 && c.is(k - 1, &["so", "to"])
            || k >= 2 && c.is(k - 2, &["so"]) && c.is(k - 1, &["it", "they", "that"])
    };
    // "photos taken in portrait will be turned sideways": turned, passive.
    let shown = |k: usize| {
        c.is(k, SHOWN)
            || c.is(k, &["turned", "turn", "rotate"])
                && c.is(
                    k.wrapping_sub(1),
                    &["be", "are", "is", "get", "got", "been", "were"],
                )
    };
    // "it will be rotated when you upload it", "the pictures get rotated":
    // turned on the way, told (not "it needs to be rotated").
    let told_turned = |k: usize| {
        c.is(k, &["turned", "rotate"])
            && c.is(k.wrapping_sub(1), &["be", "get", "gets", "got", "getting"])
            && !c.is(
                k.wrapping_sub(2),
                &[
                    "to", "should", "must", "can", "could", "would", "please", "need", "needs",
                ],
            )
            && c.toks[k].is_participle()
    };
    (0..c.toks.len())
        .find(|&k| {
            shown(k)
                && !purpose(k)
                && (told_turned(k) || (k + 1..(k + 5).min(c.toks.len())).any(|j| c.is(j, TURNED)))
        })
        // "they can be oriented incorrectly", "the orientation isn't used
        // correctly".
        .or_else(|| {
            c.near(
                &["orient", "oriented", "orientation"],
                &["incorrectly", "wrongly", "wrong", "improperly"],
                4,
            )
            .or_else(|| {
                c.near(
                    &["orient", "oriented", "orientation"],
                    &["correctly", "properly"],
                    8,
                )
                .filter(|_| c.has(&["not", "never"]))
            })
        })
        .or_else(|| {
            c.near(&["back"], &["orientation", "upright"], 4)
                .filter(|_| c.has(&["normal", "correct", "right", "original", "proper"]))
        })
}

/// "sending photos into a chat rotates them 90degrees", "uploaded photos
/// lose their orientation and are rotated 90 degrees to the left", "any
/// picture from an iphone comes in turned 90 degrees": pictures turned by
/// something on their way, the turn told, not asked.
fn turned_on_the_way(c: &Clause) -> Option<usize> {
    if !c.pictures_only() || c.qty(Unit::Deg).is_none() {
        return None;
    }
    let on_the_way = c.has(&[
        "upload",
        "uploaded",
        "uploading",
        "uploads",
        "sending",
        "imported",
        "iphone",
        "exif",
        "orientation",
    ]);
    // "rotate it 90 degrees", "I need to rotate them": the turn asked.
    let asked = c.is(0, &["rotate", "turn", "please"])
        || (0..c.toks.len()).any(|k| {
            c.is(k, &["rotate", "turn"])
                && matches!(
                    c.toks[k].orig.to_ascii_lowercase().as_str(),
                    "rotate" | "turn"
                )
                && (c.is(
                    k.wrapping_sub(1),
                    &["to", "can", "could", "please", "should", "must"],
                ) || c.is(k + 1, &["it", "them", "this", "the", "my", "these", "all"]))
        });
    if !on_the_way || asked {
        return None;
    }
    c.find(&["rotate", "turned", "turn", "orientation"])
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // "I needed to apply a 90 degree rotation to them": the turn said, no
    // orientation read from the file.
    let degrees_said = (1..c.toks.len()).any(|k| {
        c.is(k, &["rotate", "rotation"])
            && matches!(
                c.toks[k - 1].t,
                crate::planner::tokens::T::Qty(_, Unit::Deg)
            )
    });
    if degrees_said && !c.has(&["exif", "metadata", "automatically", "auto"]) {
        return;
    }
    let trig = c
        .find(&["autoorient", "upright"])
        .or_else(|| {
            c.near(
                &[
                    "fix",
                    "correct",
                    "repair",
                    "apply",
                    "auto",
                    "automatically",
                    "straighten",
                    "respect",
                    "use",
                ],
                &[
                    "orientation",
                    "rotate",
                    "rotation",
                    "sideways",
                    "metadata",
                    "exif",
                ],
                3,
            )
        })
        .or_else(|| c.near(&["orientation"], &["metadata", "fix", "correct", "auto"], 3))
        // "with any orientation tags present respected".
        .or_else(|| {
            c.near(
                &["orientation"],
                &["respected", "honored", "honoured", "applied", "consider"],
                4,
            )
        })
        .or_else(|| {
            c.near(
                &["rotate", "orient"],
                &[
                    "exif",
                    "metadata",
                    "automatically",
                    "auto",
                    "correctly",
                    "properly",
                ],
                4,
            )
        })
        .or_else(|| shown_turned(c))
        .or_else(|| turned_on_the_way(c))
        // "rotation according to the orientation set in the exif".
        .or_else(|| {
            c.find(&["rotate", "rotation", "orientation"]).filter(|_| {
                c.has(&["metadata", "exif"])
                    && c.has(&[
                        "according",
                        "based",
                        "per",
                        "automatic",
                        "set",
                        "flag",
                        "tag",
                    ])
            })
        });
    let Some(i) = trig else { return };
    // "get the metadata removed automatically" is not about orientation.
    if !c.has(&[
        "orientation",
        "rotate",
        "rotation",
        "sideways",
        "upright",
        "orient",
        "oriented",
        "autoorient",
        "rotated",
        "turned",
        "upside",
        "horizontally",
        "horizontal",
        "landscape",
        "portrait",
    ]) {
        return;
    }
    let told_turn = turned_on_the_way(c).is_some();
    c.take_trig(i);
    if let Some((j, _)) = c.qty(Unit::Deg).filter(|_| told_turn) {
        c.take(j);
    }
    c.take_all(&[
        "rotate",
        "rotation",
        "orientation",
        "exif",
        "metadata",
        "upright",
        "sideways",
        "fix",
        "correct",
        "auto",
        "automatic",
        "according",
        "set",
        "information",
        "info",
        "upside",
        "down",
        "back",
        "normal",
        "vertical",
        "horizontally",
    ]);
    // A video's turn is said, not read from EXIF ("turn it upright": which way?).
    let moving = !c.sources.is_empty() && c.sources.iter().all(|f| !f.is_still());
    if moving && !c.has(&["exif", "metadata", "tag", "flag"]) {
        out.push((i, Intent::Upright));
        return;
    }
    out.push((i, Intent::Op(AutoOrient {}.into())));
}
