//! Yes or no to a question about one file: "is this 4k?", "is it 60 fps?",
//! "does it have sound?", "is it mono?". The facts follow the verdict.

use super::tokens::{Tok, Unit, T};
use crate::media::ops::FileFacts;

/// The verdict on a yes-or-no question about `f`, when the question asks one
/// thing its facts settle.
pub(super) fn of(toks: &[Tok], f: &FileFacts) -> Option<bool> {
    let words: Vec<&str> = toks.iter().filter_map(|t| t.word()).collect();
    if !matches!(words.first(), Some(&("is" | "does" | "has" | "are" | "do"))) {
        return None;
    }
    let has = |ws: &[&str]| words.iter().any(|w| ws.contains(w));
    // ("is it possible to make it 720p?": a step asked, not a fact.)
    if words.len() > 10
        || has(&[
            "possible",
            "way",
            "option",
            "can",
            "could",
            "should",
            "would",
            "convert",
            "make",
            "change",
            "need",
            "want",
            "supported",
            "support",
            "allowed",
            "enough",
            "better",
        ])
    {
        return None;
    }
    let mut verdicts = Vec::new();
    // The shorter side is what "1080p" names, whichever way the picture stands.
    let short = f.width.zip(f.height).map(|(w, h)| w.min(h));
    for t in toks {
        match t.t {
            T::Qty(v, Unit::K) if (2.0..=8.0).contains(&v) => {
                verdicts.push(short.map(|s| f64::from(s) >= v * 540.0))
            }
            T::Qty(v, Unit::P) => verdicts.push(short.map(|s| f64::from(s) == v)),
            T::Qty(v, Unit::Fps) => verdicts.push(f.fps.map(|fps| (fps - v).abs() < 0.5)),
            _ => {}
        }
    }
    if has(&["uhd"]) {
        verdicts.push(short.map(|s| s >= 2160));
    } else if has(&["hd"]) && has(&["full"]) {
        verdicts.push(short.map(|s| s >= 1080));
    } else if has(&["hd"]) {
        verdicts.push(short.map(|s| s >= 720));
    }
    if has(&["have", "has", "contain", "contains"]) && has(&["audio", "sound", "soundtrack"]) {
        verdicts.push(Some(f.has_audio));
    }
    if has(&["mono"]) && !has(&["stereo"]) {
        verdicts.push(f.channels.map(|c| c == 1));
    } else if has(&["stereo"]) && !has(&["mono"]) {
        verdicts.push(f.channels.map(|c| c == 2));
    }
    match verdicts[..] {
        [Some(v)] => Some(v),
        _ => None,
    }
}
