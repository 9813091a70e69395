//! Turns: a picture shown turned put upright by its orientation tag, a
//! turn without a way asked, flips told beside a half turn.

use super::all_pictures;
use crate::media::ops::{FileFacts, MediaKind, Operation};
use crate::planner::grammar::Intent;
use crate::planner::tokens::{Tok, T};

/// Both flips are a half turn: beside a half turn ("I have the cam flipped
/// both ways ... the timelapses are upside down"), they are the camera's
/// setting, told.
pub(super) fn both_flips_turn(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use crate::media::ops::FlipDirection;
    let flip = |d: FlipDirection| move |i: &Intent| matches!(i, Intent::Op(Operation::Flip(f)) if f.direction == d);
    // "the picture is flipped (it is upside down)": the flip is the turn.
    let half_turn = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(Operation::Rotate(r)) if r.degrees == 180));
    let intents: Vec<(usize, Intent)> = intents
        .into_iter()
        .filter(|(_, i)| !(half_turn && matches!(i, Intent::Default(Operation::Flip(_)))))
        .collect();
    let h = intents
        .iter()
        .position(|(_, i)| flip(FlipDirection::Horizontal)(i));
    let v = intents
        .iter()
        .position(|(_, i)| flip(FlipDirection::Vertical)(i));
    let (Some(h), Some(v)) = (h, v) else {
        return intents;
    };
    // Flipped both ways is turned half round: one step does it.
    let first = h.min(v);
    intents
        .into_iter()
        .enumerate()
        .filter_map(|(k, (at, i))| {
            if k == first && !half_turn {
                let turn = crate::media::ops::Rotate::by(180).into();
                return Some((at, Intent::Op(turn)));
            }
            (k != h && k != v).then_some((at, i))
        })
        .collect()
}

/// "my photos became rotated, it seems because of EXIF": a picture's turn
/// with its EXIF named is the orientation tag applied.
pub(super) fn exif_turns(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    // ("EXIF" is read as "metadata".)
    let exif = toks
        .iter()
        .any(|t| t.is_any(&["orientation"]) || t.orig.eq_ignore_ascii_case("exif"));
    if !all_pictures(inputs) || !exif {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| match i {
            Intent::Default(Operation::Rotate(_)) | Intent::Vague { op: "rotate", .. } => {
                (at, Intent::Op(crate::media::ops::AutoOrient {}.into()))
            }
            other => (at, other),
        })
        .collect()
}

/// "videos with rotation metadata are displayed incorrectly (rotated
/// 90°)": with the orientation tag applied, a turn told ("rotated") is
/// what the tag fixes, not a second turn.
pub(super) fn told_turn_oriented(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
) -> Vec<(usize, Intent)> {
    let oriented = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(Operation::AutoOrient(_))));
    if !oriented {
        return intents;
    }
    intents
        .into_iter()
        .filter(|(at, i)| !(matches!(i, Intent::Op(Operation::Rotate(_))) && turn_told(toks, *at)))
        .collect()
}

/// Whether the turn read at `at` is told ("rotated 90 degrees", "turned
/// sideways"), not asked.
fn turn_told(toks: &[Tok], at: usize) -> bool {
    toks.iter()
        .take(at + 1)
        .skip(at.saturating_sub(3))
        .any(|t| {
            t.is_any(&["rotate", "turn", "rotated", "turned"])
                && t.orig.to_ascii_lowercase().ends_with("ed")
        })
}

/// "iPhone videos are uploaded at a 90 degree angle", "VLC properly
/// orients videos but Xplayer shows them sideways": a video shown turned
/// in one player but not another, or from a phone that records its turn as
/// a tag, is put upright by its rotation tag, not turned by a guess.
pub(super) fn tag_turns_the_video(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let videos = !inputs.is_empty() && inputs.iter().all(|f| f.kind == MediaKind::Video);
    let said = |ws: &[&str]| toks.iter().any(|t| t.is_any(ws));
    let phone = said(&["iphone", "ios"]);
    let player_right = said(&["player"])
        && said(&["orient", "orients", "orientation"])
        && said(&["properly", "correct", "correctly", "right", "fine"]);
    // ("rotate my iPhone video 90 degrees clockwise", "turn it by 180":
    // the way is asked.)
    let way_asked = said(&["clockwise", "counterclockwise", "anticlockwise"])
        || (0..toks.len()).any(|k| {
            matches!(
                toks[k].orig.to_ascii_lowercase().as_str(),
                "rotate" | "turn" | "flip"
            ) && toks[k + 1..(k + 7).min(toks.len())]
                .iter()
                .any(|t| matches!(t.t, T::Num(_) | T::Qty(..)))
        });
    let turned = |i: &Intent| {
        matches!(
            i,
            Intent::Upright
                | Intent::Op(Operation::Rotate(_))
                | Intent::Default(Operation::Rotate(_) | Operation::Flip(_))
        )
    };
    if !videos || !(phone || player_right) || way_asked || !intents.iter().any(|(_, i)| turned(i)) {
        return intents;
    }
    let mut done = false;
    intents
        .into_iter()
        .filter_map(|(at, i)| {
            if !turned(&i) {
                return Some((at, i));
            }
            let first = !done;
            done = true;
            first.then(|| (at, Intent::Op(crate::media::ops::AutoOrient {}.into())))
        })
        .collect()
}

/// "rotate the video", "the ability to rotate images": which way is not
/// said nor told; a wrong guess turns it further off, so it is asked.
pub(super) fn turn_asked(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    // "displayed sideways ... a way to fix this, such as a rotate feature":
    // the orientation tag says which way.
    let oriented = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(Operation::AutoOrient(_))));
    // "some of my pix are displaying as sideways": pictures shown turned
    // are put upright by their tag.
    let shown_turned = all_pictures(inputs)
        && toks.iter().any(|t| {
            t.is_any(&[
                "displayed",
                "displaying",
                "display",
                "shown",
                "showed",
                "show",
                "appear",
                "appears",
            ])
        });
    // "all uploaded photos ... are rotated 90 degrees to the left": a turn
    // told of pictures once uploaded or shown is their tag not applied.
    let uploaded = all_pictures(inputs)
        && toks
            .iter()
            .any(|t| t.is_any(&["upload", "uploaded", "uploading", "uploads", "saved"]));
    let told = |at: usize| turn_told(toks, at);
    let upright = || Intent::Op(crate::media::ops::AutoOrient {}.into());
    if shown_turned && !oriented {
        return intents
            .into_iter()
            .map(|(at, i)| match i {
                Intent::Default(Operation::Rotate(_)) => (at, upright()),
                Intent::Op(Operation::Rotate(_)) if told(at) => (at, upright()),
                other => (at, other),
            })
            .collect();
    }
    intents
        .into_iter()
        .filter(|(_, i)| !(oriented && matches!(i, Intent::Default(Operation::Rotate(_)))))
        .map(|(at, i)| match i {
            Intent::Op(Operation::Rotate(_)) if uploaded && !oriented && told(at) => {
                (at, upright())
            }
            Intent::Default(Operation::Rotate(_)) => (
                at,
                Intent::Vague {
                    op: "rotate",
                    what: "say which way to turn it: 90° clockwise, 90° counterclockwise or 180°"
                        .into(),
                },
            ),
            other => (at, other),
        })
        .collect()
}
