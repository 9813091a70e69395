//! Video codecs: "to H.265", "export as ProRes", "AV1 please": a
//! conversion with that codec, in the container named or a fitting one.

use super::{Clause, Found, Intent};
use crate::media::ops::VideoCodec;
use crate::planner::lexicon::{codec_word, format_word, FormatWord};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let mut named: Vec<(usize, VideoCodec)> = (0..c.toks.len())
        .filter(|&i| !c.used[i])
        .filter_map(|i| c.w(i).and_then(codec_word).map(|k| (i, k)))
        .collect();
    named.extend(bare_numbers(c));
    named.sort_by_key(|n| n.0);
    let Some(&(first, _)) = named.first() else {
        return;
    };
    let named_at =
        |k: usize| c.w(k).and_then(codec_word).is_some() || c.w(k).and_then(format_word).is_some();
    let source = |i: usize| {
        // "already an MOV in prores": what the file is.
        // ("the phone supports the more efficient H.265 codec": told; "support
        // AV1 as output" asks.)
        (i.saturating_sub(5)..i).any(|k| {
            c.is(k, &["already"])
                || c.is(k, &["support", "supported"])
                    && !c.toks[k].orig.eq_ignore_ascii_case("support")
        }) || c.is(i.wrapping_sub(1), &["from", "this", "my", "of"])
            && !c.is(i.wrapping_sub(2), &["to", "into", "as", "instead"])
            // "unable to post a HEVC video", "has the h.265 codec instead of
            // h.264": the file described ("convert it to a HEVC file" asks).
            || c.is(i + 1, &["video", "videos", "file", "files", "clip", "clips", "codec"])
                && c.is(i.wrapping_sub(1), &["a", "an", "the"])
                && !c.is(
                    i.wrapping_sub(2),
                    &[
                        "to", "into", "as", "make", "export", "convert", "save", "encode", "want",
                        "need", "use", "with", "create", "output", "produce",
                    ],
                )
            // "it is labeled as HEVC".
            || c.is(i.wrapping_sub(1), &["as"])
                && c.is(
                    i.wrapping_sub(2),
                    &["label", "list", "mark", "detect", "identify"],
                )
            || c.is(i + 1, &["to", "into"]) && (i + 2..(i + 4).min(c.toks.len())).any(named_at)
            || c.is(i + 1, &["video", "file", "clip"]) && c.is(i + 2, &["to", "into"])
            // "convert MOV Prores 422 HQ files to mp4": what is converted.
            || (i.saturating_sub(3)..i).any(|k| c.is(k, &["convert", "transcode", "reencode"]))
                && (i + 1..(i + 6).min(c.toks.len()))
                    .any(|k| c.is(k, &["to", "into"]) && named_at(k + 1))
    };
    let target = named
        .iter()
        .find(|(i, _)| c.is(i.wrapping_sub(1), &["to", "into", "as", "a", "in"]) && !source(*i))
        .or_else(|| named.iter().rev().find(|(i, _)| !source(*i)))
        .copied();
    for (i, _) in &named {
        c.take(*i);
    }
    let Some((i, codec)) = target else {
        // "this x265 video can't be played": away from it, to H.264.
        if c.has(&[
            "convert", "cannot", "not", "play", "support", "decode", "decoding", "unable", "crash",
            "fail", "fails", "invalid",
        ]) {
            out.push((first, codec_intent(c, VideoCodec::H264)));
        }
        return;
    };
    c.take_all(&[
        "codec", "encoder", "encode", "convert", "format", "export", "support", "output",
    ]);
    out.push((i, codec_intent(c, codec)));
}

/// "convert the video part to 265": the codec by its bare number.
fn bare_numbers(c: &Clause) -> Vec<(usize, VideoCodec)> {
    if !c.has(&[
        "video",
        "codec",
        "encode",
        "convert",
        "reencode",
        "transcode",
    ]) {
        return vec![];
    }
    (1..c.toks.len())
        .filter(|&i| !c.used[i] && c.is(i - 1, &["to", "into", "in", "as"]))
        .filter_map(|i| match c.num_at(i) {
            Some(265.0) => Some((i, VideoCodec::Hevc)),
            Some(264.0) => Some((i, VideoCodec::H264)),
            _ => None,
        })
        .collect()
}

/// A codec, in the container the clause names if it holds it.
fn codec_intent(c: &mut Clause, codec: VideoCodec) -> Intent {
    let container = (0..c.toks.len()).find_map(|j| match c.w(j).and_then(format_word) {
        Some(FormatWord::Writable(f)) if !c.used[j] && codec.fits(f) && !c.sources.contains(&f) => {
            Some((j, f))
        }
        _ => None,
    });
    if let Some((j, _)) = container {
        c.take(j);
    }
    Intent::Codec {
        codec,
        to: container.map(|(_, f)| f),
    }
}

/// "my TV can't play x265", "doesn't support HEVC": away from that codec,
/// to H.264, said with a negation.
pub(super) fn away(c: &mut Clause, out: &mut Found) -> bool {
    let Some((i, codec)) =
        (0..c.toks.len()).find_map(|i| c.w(i).and_then(codec_word).map(|k| (i, k)))
    else {
        return false;
    };
    let refused = c.has(&[
        "play",
        "support",
        "decode",
        "decoding",
        "open",
        "compatible",
        "handle",
        "read",
        "plays",
    ]);
    if !refused || codec == VideoCodec::H264 {
        return false;
    }
    c.take(i);
    out.push((i, codec_intent(c, VideoCodec::H264)));
    true
}
