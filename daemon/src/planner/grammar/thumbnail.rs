//! `thumbnail`: a small picture ("a 128px thumbnail").

use super::FrameAt;
use super::{Clause, Found, Intent};
use crate::media::ops::FrameFormat;
use crate::planner::lexicon::format_word;
use crate::planner::tokens::{Tok, Unit, T};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = c.find(&["thumbnail", "icon", "avatar", "favicon", "preview"]);
    let Some(i) = trig else { return };
    // "make a favicon from this logo": an icon file, the format's word.
    if c.is(i, &["favicon"]) {
        return;
    }
    // "preview the result" of a sound: listened to, no picture.
    let sound = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_audio());
    // "a GIF preview of the videos", "an animated preview": the preview is
    // the animation, no still picture.
    let animated = c.is(i.wrapping_sub(1), &["gif", "animated", "video", "webp"]);
    // "they play fine when previewing them on macOS": watched, no picture.
    let watching = c.toks[i].orig.to_lowercase().starts_with("previewing")
        || c.is(i.wrapping_sub(1), &["when", "while"]);
    if (sound || animated || watching) && c.is(i, &["preview"]) {
        c.take(i);
        return;
    }
    if named_not_made(c, i) {
        return;
    }
    // "Large avatars slow the page down", "a 9 MB avatar": the pictures
    // the writer has, told by their size.
    let sized = c.is(
        i.wrapping_sub(1),
        &["large", "big", "huge", "heavy", "gigantic"],
    ) || matches!(
        c.toks.get(i.wrapping_sub(1)).map(|t| &t.t),
        Some(T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb))
    );
    if sized && c.is(i, &["avatar"]) {
        c.take(i);
        return;
    }
    // "the jpeg thumbnail quality": a setting of the encoding, read already.
    if c.is(i + 1, &["quality"])
        || c.used.get(i + 1).copied().unwrap_or(false) && c.is(i + 1, &["quality"])
    {
        return;
    }
    // "gen icon 512x512", "a 1024x1024px image to create all icons": an
    // icon has its exact size (a thumbnail only fits within one), a resize.
    if c.is(i, &["icon", "favicon", "avatar"]) && c.dims().is_some() {
        c.take(i);
        return;
    }
    c.take_trig(i);
    // "a 10 s preview": a clip, not a picture.
    let timed = c
        .toks
        .iter()
        .any(|t| matches!(t.t, T::Qty(_, Unit::Sec) | T::Clock { .. }));
    if c.is(i, &["preview"]) && timed {
        return;
    }
    // "a thumbnail at 0:10", "from around the 10 second mark", "a thumbnail
    // 3 seconds into the video": the frame it shows.
    let at = (0..c.toks.len())
        .filter(|&k| !c.used[k] && c.is(k, &["at", "from"]))
        .find_map(|k| c.time_after(k, 3, false))
        .or_else(|| {
            (1..c.toks.len()).find_map(|k| match c.toks[k - 1].t {
                T::Qty(t, Unit::Sec) if c.is(k, &["into", "in"]) && !c.used[k - 1] => {
                    Some((k - 1, t))
                }
                _ => None,
            })
        });
    if let Some((j, t)) = at {
        c.take(j);
        c.take_all(&["at", "from"]);
        out.push((
            i,
            Intent::Frames {
                at: Some(FrameAt::Secs(t)),
                every: None,
                count: None,
                format: FrameFormat::Png,
            },
        ));
    }
    // "make 4 thumbnails" from a video: that many frames.
    if let Some((j, n)) = c.num_before(i, 2) {
        let plural = c.toks[i].orig.to_lowercase().ends_with('s');
        if plural && (1.0..=100.0).contains(&n) && n.fract() == 0.0 {
            c.take(j);
            out.push((
                i,
                Intent::Frames {
                    at: None,
                    every: None,
                    count: Some(n as u32),
                    format: FrameFormat::Png,
                },
            ));
            return;
        }
    }
    let mut max = None;
    if let Some((j, (w, h))) = c.dims() {
        c.take(j);
        max = Some(w.max(h));
    } else if let Some((j, v)) = c
        .qty(Unit::Px)
        .or_else(|| c.num_after(i, 4))
        .or_else(|| c.num_before(i, 3))
    {
        c.take(j);
        max = Some(v.round().clamp(0.0, 100_000.0) as u32);
    } else if c.has(&["small", "tiny", "little"]) {
        max = Some(128);
    } else if c.has(&["youtube"]) {
        // YouTube's thumbnails are 1280x720.
        max = Some(1280);
    } else if c.has(&["large", "big", "bigger"]) && !too_big(c) {
        max = Some(512);
    }
    c.take_all(&["small", "tiny", "large", "big"]);
    out.push((i, Intent::Thumbnail(max)));
}

/// Whether the thumbnail word at `i` names files another step works on or
/// what a file is for, rather than a thumbnail to make.
fn named_not_made(c: &mut Clause, i: usize) -> bool {
    // "convert it to mp4 for preview", "1200x630 for a link preview": what
    // the file is for, beside what is done to it.
    let purpose = (i.saturating_sub(3)..i).any(|k| c.is(k, &["for", "as"]));
    let other = c.dims().is_some()
        || c.qty(Unit::Mb).is_some()
        || c.qty(Unit::Kb).is_some()
        || (0..c.toks.len()).any(|k| !c.used[k] && c.w(k).and_then(format_word).is_some())
        || c.has(&[
            "convert",
            "resize",
            "scale",
            "crop",
            "compress",
            "trim",
            "cut",
            "rotate",
            "remux",
            // ("blur the thumbnails", "invert the app icon": the pictures
            // worked on.)
            "blur",
            "invert",
            "grayscale",
            "sharpen",
            "flip",
            "mirror",
            "reduce",
            "brighten",
            "darken",
        ]);
    if purpose && other {
        return true;
    }
    // "get the thumbnails to crop square", "downloads of the thumbnail image
    // as jpg": the thumbnails there are, named as what another step works on.
    // "(see thumbnail in this screenshot)": a picture pointed at.
    if c.is(i.wrapping_sub(1), &["see", "attached"]) {
        c.take(i);
        return true;
    }
    let named = (i.saturating_sub(2)..i).any(|k| {
        c.is(
            k,
            &[
                "the", "these", "those", "my", "our", "your", "their", "all", "existing",
            ],
        )
    });
    let made = c.has(&["make", "create", "generate", "extract", "take", "grab"]);
    if named && other && !made {
        return true;
    }
    // "use grayscale icons", "disabled skill icons could be grayscale": the
    // icons are the files.
    let icons = c.is(i, &["icon"]) && c.toks[i].orig.to_ascii_lowercase().ends_with('s');
    if icons && !made {
        return true;
    }
    // "convert webp thumbnails to jpg" of a picture: the thumbnails are the
    // pictures sent.
    let stills = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_still());
    let plural = c.toks[i].orig.to_ascii_lowercase().ends_with('s');
    let typed = c.w(i.wrapping_sub(1)).and_then(format_word).is_some();
    // ("convert them down to JPEG thumbnails": thumbnails made.)
    let target = c.is(i.wrapping_sub(1), &["to", "into", "as"])
        || typed && c.is(i.wrapping_sub(2), &["to", "into", "as"]);
    if stills && other && !made && !target && (plural || typed) {
        c.take(i);
        return true;
    }
    // "avatars should be resized to 512x512": the files, resized to a size.
    let sized = c.dims().is_some() || c.qty(Unit::Px).is_some();
    if sized
        && c.has(&["resize", "scale", "downscale", "upscale", "shrink"])
        && !c.is(i, &["thumbnail"])
    {
        return true;
    }
    false
}

/// "extract the first frame and use it as a thumbnail": the frame taken is
/// the thumbnail, nothing more is made of it.
pub(crate) fn frame_used_as(
    toks: &[Tok],
    intents: &mut Vec<(usize, Intent)>,
    told: &mut Vec<bool>,
) {
    let framed = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Frames { at: Some(_), .. }));
    if !framed {
        return;
    }
    let used_as = |p: usize| {
        (0..p)
            .rev()
            .find(|&k| !toks[k].is_any(&["a", "an", "the", "my", "its", "our", "video"]))
            .is_some_and(|k| toks[k].is_any(&["as", "for"]))
    };
    let mut k = 0;
    while k < intents.len() {
        if matches!(intents[k].1, Intent::Thumbnail(None)) && used_as(intents[k].0) {
            intents.remove(k);
            told.remove(k);
        } else {
            k += 1;
        }
    }
}

/// "an avatar image that is too large", "thumbnails are still too big":
/// what is wrong with the picture there is, not the size of one to make.
fn too_big(c: &Clause) -> bool {
    (1..c.toks.len()).any(|k| c.is(k, &["large", "big"]) && c.is(k - 1, &["too"]))
}
