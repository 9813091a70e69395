//! `remux`: the same streams in another container, not re-encoded ("remux
//! the mkv to mp4", "mp4 without re-encoding", "-c copy").

use super::{Clause, Found, Intent};
use crate::planner::lexicon::{format_word, FormatWord};

/// Read before negated clauses are set aside: "don't re-encode" asks for a
/// remux.
pub(super) fn recognize(c: &mut Clause, out: &mut Found) -> bool {
    let named = c.find(&[
        "remux",
        "remuxes",
        "remuxing",
        "remuxed",
        "rewrap",
        "repackage",
    ]);
    // "convert mkv to mp4 without re-encoding": any of the words, negated.
    // ("does not support converting": a missing feature, no copy asked.)
    // ("without having to convert them to jpeg manually", "samples cannot
    // be converted into mono": the conversion is wanted, done for them.)
    let negated = |k: usize| {
        (k.saturating_sub(4)..k).any(|j| c.is(j, &["without", "no", "not", "never"]))
            && !(k.saturating_sub(3)..k).any(|j| {
                c.is(j, &["support", "supported", "allow", "be"])
                    || c.is(j, &["have", "need"]) && c.is(j + 1, &["to"])
            })
            || c.has(&["without", "not"]) && c.has(&["container", "containers"])
    };
    // ("HEIC images are not converted to JPG": a picture has no streams to
    // copy; the conversion is missed.)
    let pictures = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_still());
    // ("Files do not convert to mp3": the conversion failed, and is
    // wanted.)
    // ("i can't convert it into a sticker", "Can't convert m4a to mp3":
    // the same.)
    let object = |j: usize| {
        c.is(
            j,
            &["it", "them", "this", "these", "the", "my", "file", "files"],
        ) || c.w(j).and_then(format_word).is_some()
    };
    let failed = |k: usize| {
        c.is(k, &["convert"])
            && (k + 1..k + 4)
                .find(|&j| !object(j))
                .is_some_and(|j| c.is(j, &["to", "into"]))
    };
    let copy = (0..c.toks.len()).find(|&k| {
        !pictures
            && !c.used[k]
            && c.is(k, &["reencode", "recode", "transcode", "convert", "encode"])
            && negated(k)
            && !failed(k)
    });
    let streams = c
        .seq(&["stream", "copy"])
        .or_else(|| c.seq(&["copy", "the", "streams"]))
        .or_else(|| c.seq(&["copy", "streams"]));
    // "the moov atom at the beginning", "+faststart": the same streams,
    // rewritten with the index first (kiln's MP4s always have it there).
    let index_first = c
        .find(&["faststart", "moov"])
        .or_else(|| c.seq(&["fast", "start"]));
    // "change the container of the saved files", "same content, just
    // container change": the streams kept, put in another file.
    let container = c.find(&["container", "containers", "wrapper"]).filter(|_| {
        !pictures
            && c.has(&[
                "change", "changed", "changing", "just", "only", "switch", "swap",
            ])
    });
    let Some(i) = named.or(copy).or(streams).or(index_first).or(container) else {
        return false;
    };
    c.take_trig(i);
    c.take_all(&[
        "remux",
        "remuxes",
        "remuxing",
        "remuxed",
        "rewrap",
        "repackage",
        "reencode",
        "recode",
        "without",
        "not",
        "container",
        "containers",
        "stream",
        "streams",
        "copy",
        "option",
        "faststart",
        "moov",
        "atom",
    ]);
    // "repacking from WebM to OGG without transcoding": a sound container
    // takes the sound alone.
    let sound = (0..c.toks.len()).find_map(|j| match c.w(j).and_then(format_word) {
        Some(FormatWord::Writable(f))
            if f.kind() == crate::media::ops::MediaKind::Audio
                && c.is(j.wrapping_sub(1), &["to", "into", "as"]) =>
        {
            Some((j, f))
        }
        _ => None,
    });
    let video = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_video_container());
    if let Some((j, f)) = sound.filter(|_| video) {
        c.take(j);
        out.push((i, Intent::AudioOnly(Some(f))));
        return true;
    }
    let mut target = target(c);
    if target.is_none() && index_first == Some(i) {
        // The index first is an MP4's (or a MOV's) own.
        use crate::media::ops::Format;
        let mov = c.sources.iter().all(|f| *f == Format::Mov) && !c.sources.is_empty();
        target = Some(if mov { Format::Mov } else { Format::Mp4 });
    }
    out.push((i, Intent::Remux(target)));
    true
}

/// The container asked for: the last video container named after "to", else
/// the last that is not the file's own.
fn target(c: &mut Clause) -> Option<crate::media::ops::Format> {
    let named: Vec<(usize, crate::media::ops::Format)> = (0..c.toks.len())
        .filter_map(|j| match c.w(j).and_then(format_word) {
            Some(FormatWord::Writable(f)) if f.is_video_container() && !c.used[j] => Some((j, f)),
            _ => None,
        })
        .collect();
    // "the mkv to mp4": the one after "to" is the target, whatever the file is.
    // ("remuxing to standard MP4": a word between.)
    let to = |j: usize| {
        c.is(j.wrapping_sub(1), &["to", "into", "as"])
            || c.is(
                j.wrapping_sub(1),
                &[
                    "a", "an", "standard", "regular", "normal", "plain", "proper",
                ],
            ) && c.is(j.wrapping_sub(2), &["to", "into", "as"])
    };
    let said_target = named.iter().rev().find(|(j, _)| to(*j));
    // ("demux and remux the FLV files": the container named as the object
    // is no target, and a legacy one takes no copied streams.)
    let object = |j: usize| {
        c.is(
            j.wrapping_sub(1),
            &["the", "my", "these", "those", "this", "our"],
        ) && c.is(j + 1, &["file", "files", "video", "videos"])
    };
    let found = said_target
        .or_else(|| {
            named
                .iter()
                .rev()
                .find(|(j, f)| !c.sources.contains(f) && !object(*j))
        })
        .or_else(|| named.last().filter(|(_, f)| !f.is_legacy_video()))
        .copied();
    for k in 0..c.toks.len() {
        if c.w(k).and_then(format_word).is_some() {
            c.take(k);
        }
    }
    let (j, f) = found?;
    c.take(j);
    Some(f)
}
