//! The grammar: clauses (split on "then", "and", commas...) and, in each,
//! intents found by their trigger words with their slots (numbers, units,
//! formats, directions) read from around them. Intents are resolved against
//! the file facts later (`resolve`), so "convert to mp3" can mean
//! "extract the audio" for a video.

mod adjust;
mod auto_orient;
mod blur_sharpen;
mod change_fps;
mod clause;
mod compress;
mod concat;
mod convert;
mod crop;
pub(crate) mod documents;
mod extract_audio;
mod flip;
mod frames;
mod grayscale;
mod negate;
mod normalize;
mod remove_audio;
mod reverse;
mod rotate;
mod scale;
mod slideshow;
mod speed;
mod strip_metadata;
mod thumbnail;
mod to_gif;
mod trim;
mod unsupported;
mod volume;
mod watermark;

use super::lexicon::{format_word, FormatWord};
use super::tokens::Tok;
use crate::media::ops::{Corner, Format, FrameFormat, Operation};
pub use clause::Clause;

/// Intents found in a clause, with the position of their trigger.
type Found = Vec<(usize, Intent)>;

/// When a frame is taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FrameAt {
    Secs(f64),
    Middle,
    Last,
}

/// What a clause asks for, before the files are taken into account.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    Op(Operation),
    /// A step on PDFs; office documents become PDFs first.
    OnPdf(Operation),
    ConvertTo {
        to: FormatWord,
        quality: Option<u8>,
    },
    AudioOnly(Option<Format>),
    Gif {
        fps: Option<u32>,
        width: Option<u32>,
    },
    Frames {
        at: Option<FrameAt>,
        every: Option<f64>,
        count: Option<u32>,
        format: FrameFormat,
    },
    Thumbnail(Option<u32>),
    /// Remove the last N seconds.
    CutEnd(f64),
    /// Remove N seconds at the start and M at the end.
    CutBoth(f64, f64),
    Combine,
    Slideshow {
        secs: Option<f64>,
    },
    Watermark {
        text: Option<String>,
        position: Corner,
        opacity: f64,
    },
    CropRect {
        w: u32,
        h: u32,
        at: Option<(u32, u32)>,
    },
    /// Crop N pixels off every side.
    CropBorder(u32),
    /// Longest side to N pixels.
    ScaleLongest(u32),
    /// "optimize": lossless PNG for PNGs, else compress.
    Optimize,
    /// Understood, but a slot is missing: what to ask.
    Need(String),
    /// Understood, and not something kiln does.
    Unsupported(String),
}

pub(super) const REMOVE: &[&str] = &[
    "remove",
    "strip",
    "drop",
    "delete",
    "kill",
    "lose",
    "without",
    "no",
    "discard",
    "erase",
    "eliminate",
    "scrub",
    "wipe",
    "disable",
    "off",
    "rid",
    "cut",
    "minus",
    "ditch",
    "clear",
];
pub(super) const AUDIO: &[&str] = &[
    "audio", "sound", "music", "voice", "track", "noise", "volume", "sounds",
];
pub(super) const MORE: &[&str] = &[
    "more", "increase", "raise", "up", "boost", "higher", "add", "bump", "enhance", "stronger",
    "plus", "brighter", "crank",
];
pub(super) const LESS: &[&str] = &[
    "less", "decrease", "lower", "reduce", "down", "drop", "weaker", "tone", "minus", "darker",
    "cut",
];
pub(super) const LITTLE: &[&str] = &[
    "slightly", "little", "bit", "tad", "touch", "subtle", "subtly", "light", "gently", "tiny",
    "small", "mild", "mildly", "somewhat",
];
pub(super) const MUCH: &[&str] = &[
    "much",
    "lot",
    "heavily",
    "heavy",
    "strong",
    "strongly",
    "very",
    "really",
    "way",
    "super",
    "extremely",
    "massively",
    "significantly",
    "hard",
    "lots",
    "tons",
    "max",
    "maximum",
    "intense",
];

/// Degree words: `little` → 0, normal → 1, `much` → 2.
pub(super) fn degree(c: &Clause) -> u8 {
    if c.has(MUCH) {
        2
    } else if c.has(LITTLE) {
        0
    } else {
        1
    }
}

/// All intents of one clause, in the order their triggers appear.
pub fn recognize(toks: &[Tok], sources: &[Format]) -> Vec<(usize, Intent)> {
    let mut c = Clause::new(toks);
    let mut out: Found = Vec::new();
    if c.has(&["not"]) && !c.has(&["only", "just"]) {
        // "don't change the size": a constraint, nothing to do.
        return out;
    }
    mark_source_formats(&mut c, sources);
    unsupported::recognize(&mut c, &mut out);
    documents::recognize(&mut c, sources, &mut out);
    frames::recognize(&mut c, &mut out);
    trim::recognize(&mut c, &mut out);
    speed::recognize(&mut c, &mut out);
    remove_audio::recognize(&mut c, &mut out);
    extract_audio::recognize(&mut c, &mut out);
    volume::recognize(&mut c, &mut out);
    normalize::recognize(&mut c, &mut out);
    to_gif::recognize(&mut c, &mut out);
    change_fps::recognize(&mut c, &mut out);
    auto_orient::recognize(&mut c, &mut out);
    flip::recognize(&mut c, &mut out);
    rotate::recognize(&mut c, &mut out);
    watermark::recognize(&mut c, &mut out);
    crop::recognize(&mut c, &mut out);
    thumbnail::recognize(&mut c, &mut out);
    slideshow::recognize(&mut c, &mut out);
    concat::recognize(&mut c, &mut out);
    compress::recognize(&mut c, &mut out);
    scale::recognize(&mut c, &mut out);
    grayscale::recognize(&mut c, &mut out);
    negate::recognize(&mut c, &mut out);
    adjust::recognize(&mut c, &mut out);
    reverse::recognize(&mut c, &mut out);
    blur_sharpen::recognize(&mut c, &mut out);
    strip_metadata::recognize(&mut c, &mut out);
    convert::recognize(&mut c, &mut out);
    needs(&c, &mut out);
    // "a gif of the first 3 seconds": the part is cut before anything else.
    out.sort_by_key(|(p, it)| {
        let trim = matches!(
            it,
            Intent::Op(Operation::Trim(_)) | Intent::CutEnd(_) | Intent::CutBoth(..)
        );
        (!trim, *p)
    });
    out
}

/// "convert this gif to mp4": the first format names the source.
fn mark_source_formats(c: &mut Clause, sources: &[Format]) {
    let fmts: Vec<usize> = (0..c.toks.len())
        .filter(|&i| c.w(i).and_then(format_word).is_some())
        .collect();
    if fmts.len() < 2 {
        // "make this gif gray": a lone format after "this"/"my" names the input.
        if let Some(&i) = fmts.first() {
            let prev_src = i > 0
                && c.is(
                    i - 1,
                    &["this", "my", "the", "these", "those", "from", "of"],
                );
            let next_noun = c.is(
                i + 1,
                &[
                    "file",
                    "files",
                    "video",
                    "image",
                    "clip",
                    "audio",
                    "song",
                    "recording",
                ],
            );
            let before_target = c.is(i + 1, &["to", "into", "as"]);
            // "make the gif slower" on a GIF: the file, not a target.
            let is_input = prev_src
                && matches!(c.w(i).and_then(format_word), Some(FormatWord::Writable(f)) if sources.contains(&f))
                && !c.is(i.wrapping_sub(2), &["to", "into", "as", "a", "an"]);
            if is_input {
                c.take(i);
                return;
            }
            if (prev_src
                && !c.is(i.wrapping_sub(2), &["to", "into", "as", "a", "an"])
                && (next_noun
                    || !c.has(&[
                        "convert", "change", "save", "export", "turn", "make", "format", "into",
                        "to", "as",
                    ])))
                || before_target
            {
                c.take_trig(i);
            }
        }
        return;
    }
    for &i in &fmts {
        let target = i > 0 && c.is(i - 1, &["to", "into", "as", "in", "a", "an", "for"]);
        let src = i > 0
            && c.is(
                i - 1,
                &["this", "my", "the", "these", "those", "from", "of"],
            )
            || c.is(i + 1, &["to", "into"]);
        if src && !target {
            c.take_trig(i);
        }
    }
}

/// Verbs that were understood but are missing what they need.
fn needs(c: &Clause, out: &mut Found) {
    if !out.is_empty() {
        return;
    }
    if let Some(i) = c.find(&["convert", "format", "transcode"]).or_else(|| {
        c.near(
            &["change", "save", "export"],
            &["format", "type", "as", "extension"],
            3,
        )
    }) {
        out.push((i, Intent::Need("say which format, e.g. \"convert to mp4\" (video: mp4, webm, mov, mkv, gif; audio: mp3, m4a, wav, flac, ogg; pictures: png, jpg, webp, bmp, tiff)".into())));
    } else if let Some(i) = c.find(&["rotate"]) {
        out.push((
            i,
            Intent::Need(
                "say how far to rotate: 90° clockwise, 90° counterclockwise or 180°".into(),
            ),
        ));
    }
}
