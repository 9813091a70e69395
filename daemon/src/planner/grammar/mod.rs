//! The grammar: clauses (split on "then", "and", commas...) and, in each,
//! intents found by their trigger words with their slots (numbers, units,
//! formats, directions) read from around them. Intents are resolved against
//! the file facts later (`resolve`), so "convert to mp3" can mean
//! "extract the audio" for a video.

mod adjust;
mod audio_shape;
mod auto_orient;
mod blur_sharpen;
mod boomerang;
mod change_fps;
mod clause;
mod codec;
pub(crate) mod complaint;
mod compress;
mod concat;
pub(crate) mod convert;
pub(crate) mod crop;
pub(crate) mod documents;
mod extract_audio;
mod fade;
pub mod ffmpeg;
mod flatten;
mod flip;
mod frames;
mod grayscale;
mod negate;
mod normalize;
mod pad;
mod part_effect;
mod portion;
mod quantize;
mod remove_audio;
mod remux;
mod repeat;
mod reverse;
mod rotate;
mod scale;
mod shift_audio;
mod silence;
mod slideshow;
mod speed;
mod split;
mod strip_metadata;
pub(crate) mod thumbnail;
mod to_gif;
mod trim;
pub(crate) mod unsupported;
mod volume;
mod watermark;

use super::lexicon::{codec_word, format_word, FormatWord};
use super::tokens::{Tok, T};
use crate::media::ops::{Corner, Format, FrameFormat, MediaKind, Operation, VideoCodec};
pub use clause::Clause;
pub(crate) use fade::DEFAULT_SECS as FADE_SECS;
pub(crate) use watermark::FILE_NAME as WATERMARK_FILE_NAME;

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
    /// Pages taken out of a PDF ("remove page 4", "delete the last page"):
    /// the others kept, once the page count is known.
    DropPages(crate::media::docs::pages::Pages),
    ConvertTo {
        to: FormatWord,
        quality: Option<u8>,
    },
    AudioOnly(Option<Format>),
    Gif {
        fps: Option<u32>,
        width: Option<u32>,
        /// A height asked for instead of a width ("scale=-1:360").
        height: Option<u32>,
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
    /// Keep the middle N seconds.
    Middle(f64),
    /// A share of the length, as fractions from 0 to 1: kept, or taken away.
    Portion {
        from: f64,
        to: f64,
        keep: bool,
    },
    Combine,
    Slideshow {
        secs: Option<f64>,
        /// Frames per second of the video made ("a timelapse at 24 fps").
        fps: Option<u32>,
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
        /// "crop the centre 200x200": that piece, however small.
        centred: bool,
    },
    /// Crop N pixels off every side.
    CropBorder(u32),
    /// The shapes accepted, from one bound to the other: cropped to the
    /// nearer bound when the file is outside them.
    AspectRange(crate::media::ops::Aspect, crate::media::ops::Aspect),
    /// A shape said in small numbers ("4x6", "8x10", "16x9"): a crop to it;
    /// a print size (named short side first) turned the way the picture is.
    PrintShape {
        w: u32,
        h: u32,
        print: bool,
    },
    /// Longest side to N pixels.
    ScaleLongest(u32),
    /// One side to N pixels: the longer or the shorter.
    ScaleSide {
        px: u32,
        longest: bool,
    },
    /// "optimize": lossless PNG for PNGs, else compress.
    Optimize,
    /// Pixels off the edges: top, bottom, left, right.
    CropEdges([u32; 4]),
    /// Crop to fill `w` x `h` (an aspect and a size at once).
    Fill {
        w: u32,
        h: u32,
    },
    /// "resize to 1280x720": that size, whole; filled (what overflows
    /// cropped) when the file's shape differs, scaled when it is the same.
    Exact {
        w: u32,
        h: u32,
    },
    /// The frame rate times a ratio ("drop every other frame": 0.5).
    FpsRatio(f64),
    /// A video codec, in a container if one is named.
    Codec {
        codec: VideoCodec,
        to: Option<Format>,
    },
    /// The streams copied into another container.
    Remux(Option<Format>),
    /// Audio channels, bitrate (kb/s) and sample rate (Hz).
    AudioShape {
        channels: Option<u32>,
        bitrate_kbps: Option<u32>,
        sample_rate: Option<u32>,
        /// An audio format named with them.
        to: Option<Format>,
    },
    /// Encoding quality (0-100) in the file's own format.
    Quality(u8),
    /// Loop, times not said: nothing to do for a GIF, a question for a clip.
    Loop,
    /// Loop until it lasts this many seconds ("loop it for an hour").
    LoopFor(f64),
    /// Sped up or slowed down until it lasts this many seconds ("speed it
    /// up so it is only 30 seconds").
    SpeedTo(f64),
    /// An operation whose value was not said and was taken by default
    /// ("speed it up": 2x): it gives way to the same operation said with a
    /// value, and in a feature request it is asked about.
    Default(Operation),
    /// Understood, but a slot is missing: what to ask.
    Need(String),
    /// An operation asked for without its value ("change the speed", "the
    /// first few seconds"): asked about, unless the value is given
    /// elsewhere in the prompt.
    Vague {
        op: &'static str,
        what: String,
    },
    /// Understood, and not something kiln does.
    Unsupported(String),
    /// "it appears sideways": upright by the EXIF orientation for a picture;
    /// for a clip, which way to turn it is asked.
    Upright,
    /// "my phone can't open it": a format everything reads, for the kind
    /// of file.
    Compatible,
    /// "cut the file size in half": a size target, this share of the
    /// file's bytes.
    SizeShare(f64),
    /// "export every frame": all the frames, as pictures of this format.
    AllFrames(FrameFormat),
    /// "add a white border": pixels on each side, said, or else this share
    /// of the picture's shorter side; and the colour.
    Border {
        px: Option<u32>,
        share: f64,
        color: String,
    },
}

impl Intent {
    /// An operation with its values said, or taken by default ("flip it":
    /// which way is not said).
    pub fn said_or_default(op: Operation, said: bool) -> Intent {
        if said {
            Intent::Op(op)
        } else {
            Intent::Default(op)
        }
    }

    /// The operation an intent comes to, by name, where it is known without
    /// the files.
    pub fn family(&self) -> Option<&'static str> {
        Some(match self {
            Intent::Op(op) | Intent::Default(op) | Intent::OnPdf(op) => op.name(),
            Intent::DropPages(_) => "extract_pages",
            Intent::ConvertTo { .. } | Intent::Codec { .. } | Intent::Quality(_) => "convert",
            Intent::AudioOnly(_) => "extract_audio",
            Intent::Gif { .. } => "to_gif",
            Intent::Frames { .. } => "frames",
            Intent::Thumbnail(_) => "thumbnail",
            Intent::CutEnd(_)
            | Intent::CutBoth(..)
            | Intent::Middle(_)
            | Intent::Portion { .. } => "trim",
            Intent::Combine => "concat",
            Intent::Slideshow { .. } => "slideshow",
            Intent::Watermark { .. } => "watermark",
            Intent::CropRect { .. }
            | Intent::CropBorder(_)
            | Intent::CropEdges(_)
            | Intent::AspectRange(..)
            | Intent::PrintShape { .. } => "crop",
            Intent::ScaleLongest(_)
            | Intent::ScaleSide { .. }
            | Intent::Fill { .. }
            | Intent::Exact { .. } => "scale",
            Intent::Optimize => "compress",
            Intent::FpsRatio(_) => "change_fps",
            Intent::Remux(_) => "remux",
            Intent::AudioShape { .. } => "audio_settings",
            Intent::Loop | Intent::LoopFor(_) => "loop",
            Intent::SpeedTo(_) => "speed",
            Intent::Upright => "auto_orient",
            Intent::Compatible => "convert",
            Intent::SizeShare(_) => "compress",
            Intent::AllFrames(_) => "frames",
            Intent::Border { .. } => "pad",
            Intent::Vague { op, .. } => op,
            Intent::Need(_) | Intent::Unsupported(_) => return None,
        })
    }
}

/// Words that name a value without giving it ("the proper sample rate").
pub(crate) const VALUE_NAMED: &[&str] = &[
    "provided",
    "proper",
    "specific",
    "particular",
    "custom",
    "desired",
    "chosen",
    "selected",
    "certain",
    "arbitrary",
    "preferred",
    "appropriate",
    "wanted",
    "right",
    "correct",
];

/// Words that stand for a value not given: "a few seconds", "N frames",
/// "a specific time".
pub(super) const VAGUE: &[&str] = &[
    "few",
    "some",
    "several",
    "certain",
    "specific",
    "particular",
    "custom",
    "desired",
    "given",
    "chosen",
    "selected",
    "provided",
    "predetermined",
    "n",
    "x",
    "any",
    "arbitrary",
    "couple",
    "multiple",
    "various",
    "whatever",
    "preferred",
];

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

/// Words of how a request would feel, after "really", "very", "so".
const EVALUATIVE: &[&str] = &[
    "helpful",
    "useful",
    "nice",
    "great",
    "good",
    "cool",
    "awesome",
    "appreciated",
    "grateful",
    "thankful",
    "happy",
    "glad",
    "important",
    "handy",
    "convenient",
    "annoying",
    "frustrating",
    "confusing",
    "new",
];

/// Whether the word of `MUCH` at `k` says how much, not "is there a way
/// to", "thanks a lot", "I really want", "max 10 MB".
fn intensifies(c: &Clause, k: usize) -> bool {
    let next = |ws: &[&str]| c.is(k + 1, ws);
    let prev = |ws: &[&str]| k > 0 && c.is(k - 1, ws);
    let thanks = (k.saturating_sub(3)..k).any(|j| c.is(j, &["thanks", "thank", "thx"]));
    // "really helpful", "very grateful": how much someone feels.
    if next(EVALUATIVE) {
        return false;
    }
    match c.w(k) {
        Some("way") => {
            next(&["too", "more", "less", "over", "under"])
                || c.w(k + 1).is_some_and(|w| {
                    // A comparative: "way bigger".
                    w.len() > 4 && w.ends_with('r') && w[..w.len() - 1].ends_with('e')
                })
        }
        Some("really") => !next(&[
            "want",
            "need",
            "like",
            "wanna",
            "hope",
            "appreciate",
            "would",
            "do",
            "love",
            "must",
            "should",
            "have",
            "am",
            "is",
            "are",
        ]),
        Some("lot") => !thanks && !next(&["of"]),
        Some("much") => !thanks && !prev(&["how", "as", "not", "too"]),
        Some("very") => !thanks,
        Some("max" | "maximum") => {
            c.num_at(k + 1).is_none()
                && !matches!(
                    c.toks.get(k + 1).map(|t| &t.t),
                    Some(crate::planner::tokens::T::Qty(..))
                )
        }
        Some("hard") => !next(&["drive", "disk", "to", "coded", "sub", "subs", "subtitles"]),
        _ => true,
    }
}

/// Degree words: `little` → 0, normal → 1, `much` → 2.
pub(super) fn degree(c: &Clause) -> u8 {
    let much = (0..c.toks.len()).any(|k| c.is(k, MUCH) && intensifies(c, k));
    if much {
        2
    } else if c.has(LITTLE) {
        0
    } else {
        1
    }
}

/// "must not be larger than 12kb", "won't be higher than 1Mb", "cannot
/// exceed 300 pixels": a limit, not a negation of the request.
fn limit_said(c: &Clause) -> bool {
    (0..c.toks.len()).any(|k| {
        c.is(k, &["not"])
            && (k + 1..(k + 4).min(c.toks.len())).any(|j| {
                c.is(j, &["exceed", "exceeding", "surpass"])
                    || c.is(
                        j,
                        &[
                            "bigger", "larger", "higher", "greater", "longer", "more", "heavier",
                            "wider", "taller",
                        ],
                    ) && c.is(j + 1, &["than"])
            })
    })
}

/// "turn videos to gif is not available", "converting the mkv to mp4
/// should not alter the audio": the negation is of what comes after it;
/// the step asked before it stands. `None` when nothing is asked before.
fn asked_before_negation(toks: &[Tok], sources: &[Format]) -> Option<Vec<(usize, Intent)>> {
    let n = toks.iter().position(|t| t.is_any(&["not"]))?;
    // The negated part starts at its auxiliary ("should not", "is not").
    let m = (0..n)
        .rev()
        .take_while(|&k| {
            toks[k].is_any(&[
                "is", "are", "was", "were", "should", "does", "do", "did", "can", "could", "will",
                "would", "must", "may", "might",
            ])
        })
        .last()
        .unwrap_or(n);
    // ("... so I don't post GPS data": a person's own doing, told.)
    let person = toks[..m].last().is_some_and(|t| {
        t.is_any(&[
            "i", "we", "you", "they", "he", "she", "it", "people", "users",
        ])
    });
    if m < 3 || person {
        return None;
    }
    let before = recognize(&toks[..m], sources);
    if before.is_empty() {
        return None;
    }
    let after = recognize(&toks[m..], sources)
        .into_iter()
        .map(|(at, i)| (at + m, i));
    Some(before.into_iter().chain(after).collect())
}

/// "Files do not convert to mp3", "it won't convert to mp4": a conversion
/// that fails, told of a subject, is the one wanted ("do not convert to
/// mp3", said first, is not). The position of "not".
fn failed_conversion(toks: &[Tok]) -> Option<usize> {
    let n = toks.iter().position(|t| t.is_any(&["not"]))?;
    // ("doesn't", "won't": the auxiliary inside the "not".)
    let contracted = !toks[n].orig.eq_ignore_ascii_case("not");
    let aux = contracted
        || toks[..n]
            .last()
            .is_some_and(|t| t.is_any(&["does", "do", "did", "will", "would", "can", "could"]));
    let before = if contracted {
        n.checked_sub(1)
    } else {
        n.checked_sub(2)
    };
    let subject = before.is_some_and(|b| {
        toks[b].word().is_some()
            && !toks[b].is_any(&[
                "please", "just", "and", "but", "then", "so", "you", "i", "we",
            ])
    });
    let convert = toks.get(n + 1).is_some_and(|t| t.is_any(&["convert"]))
        && toks.get(n + 2).is_some_and(|t| t.is_any(&["to", "into"]));
    (aux && subject && convert).then_some(n)
}

/// "the audio is not normalized", "photos are not properly rotated",
/// "stereo samples cannot be converted into mono": a state missed, told,
/// is the step wanted ("it should not be compressed" is not); so is a
/// conversion that fails (`failed_conversion`).
fn passive_negation(toks: &[Tok], sources: &[Format]) -> Option<Vec<(usize, Intent)>> {
    if let Some(k) = failed_conversion(toks) {
        return Some(recognize_without(toks, k, sources));
    }
    const ADVERBS: &[&str] = &[
        "properly",
        "correctly",
        "currently",
        "automatically",
        "yet",
        "always",
        "being",
        "really",
    ];
    let not = toks.iter().position(|t| t.is_any(&["not"]))?;
    // ("make sure it is not rotated", "even though it is not compressed").
    let wished = toks[..not].iter().any(|t| {
        t.is_any(&[
            "want", "need", "should", "must", "do", "does", "did", "would", "will", "please",
            "ensure", "sure", "keep", "avoid", "prevent", "though", "although", "if", "unless",
        ])
    });
    let aux =
        (not.saturating_sub(2)..not).any(|k| toks[k].is_any(&["is", "are", "was", "were", "can"]));
    let after = toks[not + 1..]
        .iter()
        .find(|t| !(t.is_any(ADVERBS) || t.is_any(&["be"])))?;
    // ("the audio and video are not in sync": the same, of a state.)
    let in_sync = after.is_any(&["in"])
        && toks
            .get(not + 2)
            .is_some_and(|t| t.is_any(&["sync", "synch"]));
    // ("the sounds are not set to mono": "set" is a participle too; "the
    // voice is not audible": a state missed.)
    let participle = after.word().is_some()
        && (after.orig.to_ascii_lowercase().ends_with("ed") || after.is_any(&["set", "audible"]))
        || in_sync;
    if wished || !aux || !participle {
        return None;
    }
    let found = recognize_without(toks, not, sources);
    // ("breathing noises are not removed": the noise, not the sound.)
    let sound_gone = found
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(Operation::RemoveAudio(_))));
    (!found.is_empty() && !sound_gone).then_some(found)
}

/// The intents of `toks` read without the word at `k` (at the positions
/// they have in `toks`).
fn recognize_without(toks: &[Tok], k: usize, sources: &[Format]) -> Vec<(usize, Intent)> {
    let rest: Vec<Tok> = toks
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != k)
        .map(|(_, t)| t.clone())
        .collect();
    recognize(&rest, sources)
        .into_iter()
        .map(|(p, i)| (if p >= k { p + 1 } else { p }, i))
        .collect()
}

/// The bracket that opens before a "not" and the one that closes after it,
/// when words stand outside them.
fn bracketed_not(toks: &[Tok]) -> Option<(usize, usize)> {
    let n = toks.iter().position(|t| t.is_any(&["not"]))?;
    // ("(the part that would touch a table and not food) I'd have to flip
    // the text": the bracket may open a few words before.)
    let open = (n.saturating_sub(16)..n)
        .rev()
        .take_while(|&k| toks[k].orig != ")")
        .find(|&k| toks[k].orig == "(")?;
    let close = (n + 1..(n + 8).min(toks.len())).find(|&k| toks[k].orig == ")")?;
    let outside = |r: std::ops::Range<usize>| toks[r].iter().any(|t| t.word().is_some());
    (outside(0..open) && outside(close + 1..toks.len())).then_some((open, close + 1))
}

/// The intents of a clause read without tokens `from..to`, at their
/// places in the whole.
fn recognize_apart(
    toks: &[Tok],
    from: usize,
    to: usize,
    sources: &[Format],
) -> Vec<(usize, Intent)> {
    let rest: Vec<Tok> = toks[..from].iter().chain(&toks[to..]).cloned().collect();
    recognize(&rest, sources)
        .into_iter()
        .map(|(p, i)| (if p >= from { p + (to - from) } else { p }, i))
        .collect()
}

/// Where a "not" stands that only asks: "can it not be converted?",
/// "couldn't you convert it?", "why not rotate them?", "I wondered if I
/// couldn't just convert them".
fn asking_not(toks: &[Tok]) -> Option<usize> {
    // "can it not be converted to pdf?": asked, the "not" only in the asking.
    let rhetorical = toks.windows(4).position(|w| {
        w[0].is_any(&["can", "could"])
            && w[1].is_any(&["it", "this", "they", "these", "i", "we"])
            && w[2].is_any(&["not"])
            && w[3].is_any(&["be", "convert", "make", "get", "have"])
    });
    if let Some(k) = rhetorical {
        return Some(k + 2);
    }
    // "Couldn't you convert it to Opus?", "Can't we just trim it?": the
    // "not" asks politely.
    let polite = toks.windows(3).position(|w| {
        w[0].is_any(&["can", "could", "would", "will"])
            && w[1].is_any(&["not"])
            && w[2].is_any(&["you", "we", "u"])
    });
    if let Some(k) = polite {
        return Some(k + 1);
    }
    // "why not rotate them?", "why don't you convert it?": a suggestion.
    let why_not = toks
        .windows(2)
        .position(|w| w[0].is_any(&["why"]) && w[1].is_any(&["not"]));
    if let Some(k) = why_not {
        return Some(k + 1);
    }
    // "I wondered if I couldn't just convert them": wondered aloud.
    let wondered = toks.windows(4).position(|w| {
        w[0].is_any(&["if", "whether"])
            && w[1].is_any(&["i", "we"])
            && w[2].is_any(&["can", "could"])
            && w[3].is_any(&["not"])
    });
    wondered.map(|k| k + 3)
}

/// All intents of one clause, in the order their triggers appear.
pub fn recognize(toks: &[Tok], sources: &[Format]) -> Vec<(usize, Intent)> {
    let found = recognize_clause(toks, sources);
    if found.is_empty() {
        if let Some(named) = quoted_step(toks, sources) {
            return named;
        }
    }
    found
}

/// "Add \"strip metadata\" option": a step named in quotes, read as words
/// (a watermark's quoted text is read as it is).
fn quoted_step(toks: &[Tok], sources: &[Format]) -> Option<Vec<(usize, Intent)>> {
    // (A longer quote is a request quoted, "\"I want to skip the first 30
    // seconds\"", unless text is what is put on the picture.)
    let texted = toks.iter().any(|t| {
        t.is_any(&[
            "text",
            "caption",
            "title",
            "label",
            "watermark",
            "overlay",
            "subtitle",
            "stamp",
            "write",
            "say",
            "says",
            "saying",
            "message",
            "error",
            "labelled",
            "labeled",
            "called",
            "named",
        ])
    });
    let (k, q) = toks.iter().enumerate().find_map(|(k, t)| match &t.t {
        T::Quote(q) if (1..=4).contains(&q.split_whitespace().count()) => Some((k, q)),
        T::Quote(q) if !texted && q.split_whitespace().count() > 4 => Some((k, q)),
        _ => None,
    })?;
    let inner = super::tokens::tokenize(q);
    let n = inner.len();
    let words: Vec<Tok> = toks[..k]
        .iter()
        .cloned()
        .chain(inner)
        .chain(toks[k + 1..].iter().cloned())
        .collect();
    let found = recognize_clause(&words, sources);
    let watermark = found
        .iter()
        .any(|(_, i)| matches!(i, Intent::Watermark { .. }));
    (!found.is_empty() && !watermark).then(|| {
        found
            .into_iter()
            .map(|(p, i)| {
                let at = if p < k {
                    p
                } else if p < k + n {
                    k
                } else {
                    p + 1 - n
                };
                (at, i)
            })
            .collect()
    })
}

/// "Instead of generating frames as a preview, ...": what is not wanted,
/// up to the comma; `None` when the clause does not start so.
fn instead_of(toks: &[Tok], sources: &[Format]) -> Option<Vec<(usize, Intent)>> {
    let words: Vec<&Tok> = toks.iter().filter(|t| t.word().is_some()).collect();
    if words.len() > 2
        && words[0].is_any(&["instead"])
        && words[1].is_any(&["of"])
        && words[2].is_gerund()
    {
        if let Some(k) = toks.iter().position(|t| t.orig == ",") {
            return Some(
                recognize_clause(&toks[k + 1..], sources)
                    .into_iter()
                    .map(|(p, i)| (p + k + 1, i))
                    .collect(),
            );
        }
        // ("instead of stripping every tag remove only the location": the
        // request goes on in the same clause.)
        let goes_on = words[3..].iter().any(|t| {
            t.is_any(&[
                "remove", "convert", "make", "keep", "use", "create", "give", "save", "export",
                "just", "only", "strip", "delete", "resize", "crop",
            ])
        });
        if !goes_on {
            return Some(Vec::new());
        }
    }
    None
}

/// All intents of one clause, read from its words.
fn recognize_clause(toks: &[Tok], sources: &[Format]) -> Vec<(usize, Intent)> {
    if let Some(found) = instead_of(toks, sources) {
        return found;
    }
    if let Some(k) = asking_not(toks) {
        return recognize_without(toks, k, sources);
    }
    // "JPEG Baseline Standard (not progressive JPEG), maximum 1920 pixels":
    // a "not" in brackets sets its words aside; the rest is asked.
    if let Some((n, m)) = bracketed_not(toks) {
        return recognize_apart(toks, n, m, sources);
    }
    if let Some(found) = passive_negation(toks, sources) {
        return found;
    }
    if let Some(found) = missing_option(toks, sources)
        .or_else(|| step_unsupported(toks, sources))
        .or_else(|| negation_reworded(toks, sources))
        .or_else(|| negation_apart(toks, sources))
    {
        return found;
    }
    if is_comparison(toks) {
        return Vec::new();
    }
    let mut c = Clause::new(toks, sources);
    let mut out: Found = Vec::new();
    // "don't re-encode", "stop it looping": negations that ask for something.
    let asked = remux::recognize(&mut c, &mut out) | repeat::once(&mut c, &mut out);
    // "keep only the audio, not the video" asks; "not just 48000 Hz" doesn't.
    let not_just = c
        .seq(&["not", "just"])
        .or_else(|| c.seq(&["not", "only"]))
        .is_some();
    // "in 1080p not 4k", "as mp4, not mov": the value set against is no
    // negation of the request.
    let contrast = contrast_at(&c);
    if let Some(n) = contrast {
        for k in n..c.toks.len() {
            c.take(k);
        }
    }
    if contrast.is_none()
        && c.has(&["not"])
        && (!c.has(&["only", "just"]) || not_just)
        && !limit_said(&c)
    {
        if !asked && pad::kept_whole(&mut c, &mut out) {
            return out;
        }
        if !asked {
            if let Some(found) = asked_before_negation(toks, sources) {
                return found;
            }
        }
        // "I don't want the EXIF tags", "it should not have sound": what is
        // not wanted goes; "don't change the size": a constraint, nothing to do.
        if !asked
            && !documents::unwanted(&mut c, sources, &mut out)
            && !strip_metadata::unwanted(&mut c, &mut out)
            && !codec::away(&mut c, &mut out)
            && !audio_shape::stereo_unneeded(&mut c, &mut out)
        {
            remove_audio::unwanted(&mut c, &mut out);
        }
        if !asked {
            complaint::recognize(&mut c, &mut out, true);
        }
        return out;
    }
    mark_source_formats(&mut c, sources);
    converted_source(&mut c);
    mark_told(&mut c);
    // Documents first: "split it into pages" is a PDF's, not a refusal.
    documents::recognize(&mut c, sources, &mut out);
    // Before refusals: the silence at the ends is cut, inside it is not.
    silence::recognize(&mut c, &mut out);
    // Before refusals: bars and a canvas added for a shape are padding.
    pad::recognize(&mut c, &mut out);
    // Before refusals: a see-through background filled is no background
    // removed.
    flatten::recognize(&mut c, &mut out);
    unsupported::recognize(&mut c, &mut out);
    split::resolve(&mut c, &mut out);
    shift_audio::recognize(&mut c, &mut out);
    for read in RECOGNIZERS {
        read(&mut c, &mut out);
    }
    documents::turned_pages(&c, &mut out);
    needs(&c, &mut out);
    complaint::recognize(&mut c, &mut out, false);
    choices(&c, &mut out);
    vague_slots(&c, &mut out);
    // "I want to remove the music": the sound goes, it is not kept alone.
    if out
        .iter()
        .any(|(_, i)| matches!(i, Intent::Op(Operation::RemoveAudio(_))))
    {
        out.retain(|(_, i)| !matches!(i, Intent::AudioOnly(_)));
    }
    // "listening to the audio only", "export audio clips" of a sound file:
    // it is audio already, nothing to take out.
    let audio = |f: &crate::media::ops::Format| f.kind() == crate::media::ops::MediaKind::Audio;
    if !sources.is_empty() && sources.iter().all(audio) {
        out.retain(|(_, i)| !matches!(i, Intent::AudioOnly(None)));
    }
    // "a gif of the first 3 seconds": the part is cut before anything else.
    out.sort_by_key(|(p, it)| {
        let trim = matches!(
            it,
            Intent::Op(Operation::Trim(_) | Operation::Cut(_))
                | Intent::CutEnd(_)
                | Intent::CutBoth(..)
                | Intent::Middle(_)
                | Intent::Portion { .. }
        );
        (!trim, *p)
    });
    out
}

/// Where "not" sets a value against the one asked before it ("1080p not
/// 4k", "mp4, not mov"): the position of "not".
fn contrast_at(c: &Clause) -> Option<usize> {
    use super::tokens::T;
    let n = c.find(&["not"])?;
    let value = |k: usize| {
        c.toks.get(k).is_some_and(|t| {
            matches!(t.t, T::Qty(..) | T::Dims(..) | T::Num(_))
                || t.word()
                    .is_some_and(|w| format_word(w).is_some() || codec_word(w).is_some())
        })
    };
    let after = (n + 1..c.toks.len()).find(|&k| !c.is(k, &["the", "a", "an", "in", "as"]))?;
    let before = (0..n).any(value);
    (before && value(after) && (after + 1..c.toks.len()).all(|k| c.w(k).is_none() || !value(k)))
        .then_some(n)
}

/// "much like your image resizer", "similar to other apps": a clause that
/// compares with something else asks for nothing.
fn is_comparison(toks: &[Tok]) -> bool {
    let ws: Vec<&str> = toks.iter().filter_map(|t| t.word()).collect();
    let start = match ws.as_slice() {
        ["much" | "just" | "exactly" | "kind" | "sort", "like", ..] => 2,
        ["like", ..] => 1,
        ["similar" | "same", "to" | "as", ..] => 2,
        _ => return false,
    };
    ws.get(start).is_some_and(|w| {
        matches!(
            *w,
            "your" | "other" | "others" | "some" | "many" | "most" | "their" | "his" | "her"
        )
    })
}

/// The recognizers, in the order they read a clause: each takes the words
/// it uses, so earlier ones win a word both could read.
const RECOGNIZERS: &[fn(&mut Clause, &mut Found)] = &[
    convert::listed,
    convert::sticker,
    codec::recognize,
    fade::recognize,
    boomerang::recognize,
    repeat::recognize,
    change_fps::drop_frames,
    convert::quality,
    frames::recognize,
    speed::tempo,
    portion::recognize,
    trim::recognize,
    speed::recognize,
    remove_audio::recognize,
    audio_shape::recognize,
    audio_shape::one_side,
    extract_audio::recognize,
    volume::recognize,
    normalize::recognize,
    to_gif::recognize,
    change_fps::recognize,
    auto_orient::recognize,
    flip::recognize,
    rotate::recognize,
    watermark::recognize,
    crop::recognize,
    thumbnail::recognize,
    slideshow::recognize,
    concat::recognize,
    quantize::recognize,
    scale::one_side,
    compress::recognize,
    scale::recognize,
    grayscale::recognize,
    negate::recognize,
    adjust::recognize,
    reverse::recognize,
    blur_sharpen::recognize,
    strip_metadata::recognize,
    convert::recognize,
    part_effect::recognize,
];

/// Words before a format that make it the file's own: "this gif", "from
/// mp4".
const SOURCE_MARKS: &[&str] = &[
    "this", "my", "the", "these", "those", "from", "of", "that", "your", "our", "existing",
];

/// "this old avi", "my huge wav": the file's own format, with a word
/// describing it between.
fn qualified_source(c: &Clause, i: usize) -> bool {
    c.is(
        i.wrapping_sub(2),
        &["this", "my", "these", "those", "that", "our", "your"],
    ) && c.is(
        i.wrapping_sub(1),
        &[
            "old", "new", "big", "huge", "large", "small", "little", "short", "long", "original",
            "current", "raw", "whole", "entire", "stupid", "damn", "silly", "funny",
        ],
    )
}

/// "instead of just the MP4 / WEBM format": a format in the list set
/// against, the words before it only articles, other formats and joins.
fn set_against_in_a_list(c: &Clause, i: usize) -> bool {
    use super::tokens::T;
    let mut k = i;
    while k > 0 {
        k -= 1;
        let joining = matches!(c.toks[k].t, T::Sep)
            // ("instead of the current one (*.oga)".)
            || c.is(
                k,
                &["the", "just", "only", "a", "an", "or", "and", "current", "existing", "one"],
            )
            || c.w(k).and_then(format_word).is_some();
        if !joining {
            break;
        }
    }
    k + 1 < i && c.is(k, &["of"]) && c.is(k.wrapping_sub(1), &["instead"])
}

/// Whether the format at `i` names the file's own format: "this gif",
/// "from Audio-Video MP4", "an .mp3 file to ...", "mkv to mp4".
fn names_source(c: &Clause, i: usize) -> bool {
    let targeted = |k: usize| c.is(k, &["to", "into", "as"]);
    let after_from = (i.saturating_sub(3)..i).any(|k| c.is(k, &["from"]))
        && !(i.saturating_sub(3)..i).any(targeted);
    // "webp vs png", "webp instead of png": the one set against.
    // ("more than just png": the one there is.)
    // ("a more common format like .mp3": the example of what is asked.)
    let example = c.is(i.wrapping_sub(1), &["like"])
        && c.is(
            i.wrapping_sub(2),
            &["format", "formats", "something", "codec", "one"],
        );
    let against = c.is(i.wrapping_sub(1), &["vs", "versus", "than", "like"]) && !example
        || c.is(i.wrapping_sub(1), &["just", "only"]) && c.is(i.wrapping_sub(2), &["than"])
        || c.is(i.wrapping_sub(1), &["of"]) && c.is(i.wrapping_sub(2), &["instead"])
        // "MP4 export instead of compressed avi".
        || c.is(i.wrapping_sub(2), &["of"]) && c.is(i.wrapping_sub(3), &["instead", "than"])
        || set_against_in_a_list(c, i);
    let marked = c.is(i.wrapping_sub(1), SOURCE_MARKS)
        && !c.is(i.wrapping_sub(2), &["to", "into", "as", "a", "an"])
        || qualified_source(c, i);
    // "mkv to mp4", "an mp3 file to a wav": followed by its target.
    let noun = |k: usize| {
        c.is(
            k,
            &[
                "file",
                "files",
                "video",
                "videos",
                "image",
                "clip",
                "audio",
                "song",
                "recording",
                "format",
                "container",
            ],
        )
    };
    let next = if noun(i + 1) { i + 2 } else { i + 1 };
    // "FLAC to other formats": the one to be left.
    let then_target = targeted(next)
        && ((next + 1..(next + 4).min(c.toks.len()))
            .any(|k| c.w(k).and_then(format_word).is_some())
            || c.is(
                next + 1,
                &[
                    "other",
                    "another",
                    "different",
                    "various",
                    "multiple",
                    "any",
                ],
            ));
    // "it is already an MOV in prores": what the file is.
    let already = (i.saturating_sub(3)..i).any(|k| c.is(k, &["already"]));
    // "we have .mov videos taken by iPhones": the files as they are.
    let had = c.is(i.wrapping_sub(1), &["have", "has", "got", "had"]) && noun(i + 1);
    // "gif quality", "the mp4 size": a property of the file ("save as
    // maximum JPG quality" asks that format).
    let asked_as =
        c.is(i.wrapping_sub(1), &["as", "to", "into"]) || c.is(i.wrapping_sub(2), &["as", "into"]);
    let property = !asked_as
        && c.is(
            i + 1,
            &[
                "quality",
                "size",
                "filesize",
                "color",
                "frames",
                "resolution",
                "dimensions",
                "duration",
                "length",
            ],
        );
    after_from
        || already
        || had
        || marked
        || then_target
        || against
        || property
        || described(c, i)
        // ("wav output": the output asked in that format.)
        || described(c, i + 2) && !c.is(i + 1, &["output"])
}

/// "generated .gif", "the exported mp4" (the word before `i`), "a smaller
/// GIF generated" (`i` being two past the format): a format described by
/// what was done to it is the file's own.
fn described(c: &Clause, i: usize) -> bool {
    const DONE: &[&str] = &[
        "generated",
        "exported",
        "created",
        "rendered",
        "recorded",
        "downloaded",
        "uploaded",
        "produced",
        "resulting",
        "original",
        "output",
        "saved",
    ];
    // ("Rendered mp4 from the gif", "Output mp3 version of interviews":
    // opening the clause, the word names what is asked.)
    let headline = i == 1 && c.is(i + 1, &["from", "version", "versions"]);
    i > 0
        && !headline
        && c.toks
            .get(i - 1)
            .is_some_and(|t| DONE.contains(&t.orig.to_lowercase().trim_start_matches('.')))
}

/// "convert a gif animated image to mp4": between a conversion's verb and
/// its target, the words naming the file describe the source.
fn converted_source(c: &mut Clause) {
    const NAMING: &[&str] = &[
        "animated", "image", "images", "picture", "pictures", "photo", "photos", "video", "videos",
        "clip", "clips", "movie", "file", "files", "gif", "gifs",
    ];
    let Some(v) = c.find(&["convert", "transcode"]) else {
        return;
    };
    let end = (v + 9).min(c.toks.len());
    let Some(t) = (v + 1..end).find(|&k| {
        c.is(k, &["to", "into"])
            && (k + 1..(k + 3).min(c.toks.len())).any(|j| c.w(j).and_then(format_word).is_some())
    }) else {
        return;
    };
    for k in v + 1..t {
        if c.is(k, NAMING) || c.w(k).and_then(format_word).is_some() {
            c.take(k);
        }
    }
}

/// Whether a file in `source` is what `named` calls it: an M4B is an M4A
/// and an Opus file an Ogg, named otherwise ("my m4b file" of an .m4a).
fn same_kind_of_file(source: Format, named: Format) -> bool {
    let family = |f: Format| match f {
        Format::M4b => Format::M4a,
        Format::Opus => Format::Ogg,
        f => f,
    };
    family(source) == family(named)
}

/// "convert this gif to mp4": formats that name the source are set aside.
fn mark_source_formats(c: &mut Clause, sources: &[Format]) {
    let fmts: Vec<usize> = (0..c.toks.len())
        .filter(|&i| c.w(i).and_then(format_word).is_some())
        .collect();
    if fmts.len() < 2 {
        // "make this gif gray": a lone format after "this"/"my" names the input.
        if let Some(&i) = fmts.first() {
            let unwritable = matches!(
                c.w(i).and_then(format_word),
                Some(FormatWord::Unwritable(_))
            );
            let own = unwritable && sources.contains(&Format::Other)
                || matches!(c.w(i).and_then(format_word), Some(FormatWord::Writable(f)) if sources.iter().any(|&s| same_kind_of_file(s, f)));
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
            let prev_src = c.is(i.wrapping_sub(1), SOURCE_MARKS)
                && !c.is(i.wrapping_sub(2), &["to", "into", "as", "a", "an"])
                || described(c, i)
                || qualified_source(c, i);
            // "recordings in gif are huge" of a GIF: the file, as it is.
            let asks_format = c.has(&[
                "convert", "change", "save", "export", "turn", "make", "format", "into", "to",
                "as", "create", "generate", "want", "need", "get",
            ]);
            // ... but "mp3 please" alone asks for it.
            let said_more = (0..c.toks.len()).any(|k| {
                k != i
                    && c.w(k).is_some_and(|w| {
                        !matches!(
                            w,
                            "please" | "pls" | "thanks" | "a" | "an" | "the" | "file" | "format"
                        )
                    })
            });
            if (prev_src || names_source(c, i) || !asks_format && said_more) && own {
                c.take(i);
                return;
            }
            let describes = prev_src
                && (next_noun
                    || !c.has(&[
                        "convert", "change", "save", "export", "turn", "make", "format", "into",
                        "to", "as",
                    ]));
            if describes || names_source(c, i) && !prev_src {
                c.take_trig(i);
            }
        }
        return;
    }
    if instead_of_own(c, sources) {
        return;
    }
    accepted_own(c, sources, &fmts);
    // ("get the wav files instead of mp3" of an MP3: the one set against is
    // the file's, the one before is wanted.)
    let instead_of_the_own = c.seq(&["instead", "of"]).filter(|&n| {
        (n + 2..(n + 5).min(c.toks.len())).any(|k| {
            matches!(c.w(k).and_then(format_word), Some(FormatWord::Writable(f)) if sources.contains(&f))
        })
    });
    for &i in &fmts {
        // ("use flac to transcode the wav files": the one to use.)
        let target = i > 0 && c.is(i - 1, &["to", "into", "as", "in", "for", "use", "using"])
            || instead_of_the_own.is_some_and(|n| i < n && n - i <= 4);
        if names_source(c, i) && !target {
            c.take_trig(i);
        }
    }
}

/// "must be in PDF, JPG, TIFF, PNG, or DOCX format", "JPEG ou PNG
/// uniquement" of a PDF or a JPEG: formats offered as alternatives, the
/// file's own among them; the file is in one already, none is asked.
fn accepted_own(c: &mut Clause, sources: &[Format], fmts: &[usize]) {
    use super::tokens::T;
    let own = |k: usize| match c.w(k).and_then(format_word) {
        Some(FormatWord::Writable(f)) => sources.contains(&f),
        Some(FormatWord::Unwritable("PDF")) => sources.contains(&Format::Pdf),
        Some(FormatWord::Unwritable("HEIC")) => sources.contains(&Format::Heic),
        _ => false,
    };
    // ("gif/mp4" is read "gif or mp4": one thing, named two ways.)
    let offered = |j: usize| {
        c.toks
            .get(j)
            .is_some_and(|t| matches!(t.orig.to_lowercase().as_str(), "or" | "ou" | "oder"))
    };
    let mut taken = Vec::new();
    let mut k = 0;
    while k < fmts.len() {
        // The run of formats joined only by commas and "or", "and", "/".
        let mut run = vec![fmts[k]];
        let mut alternatives = false;
        while let Some(&next) = fmts.get(k + run.len()) {
            let last = *run.last().unwrap_or(&next);
            let joined = (last + 1..next).all(|j| {
                matches!(c.toks[j].t, T::Sep) && c.toks[j].orig == ","
                    || c.is(j, &["or", "ou", "oder", "and", "y", "et", "und", "dan"])
            }) && next - last <= 3;
            if !joined {
                break;
            }
            alternatives |= (last + 1..next).any(offered);
            run.push(next);
        }
        // ("PDF, JPG, PNG, or DOCX": the last one offered may be no format
        // of ours.)
        let end = *run.last().unwrap_or(&0);
        alternatives |= (end + 1..end + 3).any(offered);
        // ("format jpg, jpeg, and png": the formats taken, three or more
        // named, or named as the format.)
        alternatives |= run.len() >= 3
            || c.is(
                run[0].wrapping_sub(1),
                &[
                    "format",
                    "formats",
                    "type",
                    "types",
                    "filetype",
                    "filetypes",
                ],
            );
        // ("convert it to jpg or png" names its target; see also
        // `convert::allowed_formats`, which reads lists joined by "/".)
        let led = c.is(run[0].wrapping_sub(1), &["to", "into", "as"]);
        if run.len() >= 2 && alternatives && !led && run.iter().any(|&i| own(i)) {
            taken.extend(run.iter().copied());
        }
        k += run.len();
    }
    for i in taken {
        c.take(i);
    }
}

/// Verbs that ask for the thing after them.
const WANTING: &[&str] = &[
    "download", "get", "save", "export", "provide", "want", "prefer", "output", "generate", "give",
];

/// "recorded in WAV instead of MP3", "they are .HEIC instead of the familiar
/// .JPG" of a WAV or a HEIC: the file's own format set against the one it
/// should have been, which is the one wanted.
fn instead_of_own(c: &mut Clause, sources: &[Format]) -> bool {
    let own = |k: usize| match c.w(k).and_then(format_word) {
        Some(FormatWord::Writable(f)) => sources.contains(&f),
        Some(FormatWord::Unwritable(_)) => sources.contains(&Format::Other),
        None => false,
    };
    let Some(n) = c.seq(&["instead", "of"]) else {
        return false;
    };
    // "as PNG instead of JPG" names its target.
    let Some(a) = (n.saturating_sub(4)..n)
        .find(|&k| own(k) && !c.is(k.wrapping_sub(1), &["as", "to", "into"]))
    else {
        return false;
    };
    // ("an option to download webp thumbnail instead of jpg": the one to
    // get is wanted.)
    if (a.saturating_sub(2)..a).any(|k| c.is(k, WANTING)) {
        return false;
    }
    let Some(b) =
        (n + 2..(n + 5).min(c.toks.len())).find(|&k| c.w(k).and_then(format_word).is_some())
    else {
        return false;
    };
    // ("in mp3 instead of the current .oga": the file is that one now.)
    if own(b) || (n + 2..b).any(|k| c.is(k, &["current", "existing", "present"])) {
        return false;
    }
    c.take(a);
    c.take(n);
    c.take(n + 1);
    true
}

/// "reduce the colors to the provided value", "the proper sample rate", "a
/// shot at any moment", "turn a section into a GIF": a value named but not
/// given; it is asked for, unless said elsewhere.
fn vague_slots(c: &Clause, out: &mut Found) {
    use super::tokens::T;
    if c.toks
        .iter()
        .any(|t| matches!(t.t, T::Num(_) | T::Qty(..) | T::Clock { .. } | T::Dims(..)))
    {
        return;
    }
    // Beside the words that name a value: "any", "whatever", and "specify
    // the number of frames" (the value is the user's to say).
    const ADJ: &[&str] = &["any", "whatever", "specify", "configurable", "adjustable"];
    // What each slot is, the operations it is a value of, and an example.
    const SLOTS: &[(&[&str], &[&str], &str)] = &[
        (
            &["rate", "fps", "framerate"],
            &["change_fps", "to_gif", "audio_settings"],
            "30 fps",
        ),
        (
            &["colors", "colours", "color", "colour"],
            &["quantize"],
            "64 colours",
        ),
        (
            &["moment", "time", "point", "timestamp", "position"],
            &["frames", "thumbnail"],
            "at 0:05",
        ),
        (
            &["size", "resolution", "width", "height", "dimensions"],
            &["scale", "compress"],
            "1280x720",
        ),
        (
            &["quality", "bitrate"],
            &["compress", "convert", "audio_settings"],
            "quality 80",
        ),
        (&["speed"], &["speed"], "2x"),
        (&["delay", "duration"], &["slideshow", "fade"], "2 seconds"),
        (&["counter", "count"], &["loop"], "3 times"),
        (
            &["value", "values", "number", "amount", "level"],
            &[],
            "a number",
        ),
    ];
    let noun = (0..c.toks.len()).find_map(|i| {
        if !c.is(i, ADJ) && !c.is(i, VALUE_NAMED) {
            return None;
        }
        (i + 1..(i + 4).min(c.toks.len())).find_map(|k| {
            SLOTS
                .iter()
                .find(|(ws, _, _)| c.is(k, ws))
                .map(|slot| (k, slot))
        })
    });
    if let Some((k, (_, families, example))) = noun.filter(|_| !out.is_empty()) {
        let at = out
            .iter()
            .position(|(_, it)| it.family().is_some_and(|f| families.contains(&f)))
            .or((families.is_empty()).then_some(0));
        if let Some(at) = at {
            let Some(op) = out[at].1.family() else { return };
            let what = if matches!(op, "trim" | "cut") && *example == "a number" {
                "say how many seconds, e.g. \"cut the last 5 seconds\"".to_string()
            } else {
                format!(
                    "say which {} you want, e.g. \"{example}\"",
                    c.w(k).unwrap_or("value")
                )
            };
            out[at].1 = Intent::Vague { op, what };
        }
        return;
    }
    let part = part_named(c);
    let trims = out
        .iter()
        .any(|(_, it)| matches!(it.family(), Some("trim" | "cut")));
    if part && !trims {
        let what = if c.has(&["cut", "remove", "delete"]) {
            "say which part: to keep (\"from 0:05 to 0:20\") or to cut out (\"cut out 0:05 to 0:08\")"
        } else {
            "say which part, e.g. \"from 0:05 to 0:20\""
        };
        out.push((
            0,
            Intent::Vague {
                op: "trim",
                what: what.into(),
            },
        ));
    }
}

/// "a section of a video into a GIF", "a clip from a video": a part named
/// without saying which.
fn part_named(c: &Clause) -> bool {
    (0..c.toks.len()).any(|i| {
        let some = c.is(
            i.wrapping_sub(1),
            &["a", "some", "one", "any", "certain", "specific"],
        );
        some && c.is(
            i,
            &["section", "part", "portion", "segment", "piece", "snippet"],
        ) || some
            && c.is(i, &["clip", "excerpt", "scene", "moment"])
            && c.is(i + 1, &["from", "of", "out"])
            && (i + 2..(i + 6).min(c.toks.len())).any(|k| {
                c.is(
                    k,
                    &["video", "movie", "film", "clip", "recording", "stream"],
                )
            })
    })
}

/// Qualities a file has more or less of: "not so dark" asks for less.
const GRADED: &[&str] = &[
    "dark",
    "bright",
    "loud",
    "quiet",
    "fast",
    "slow",
    "big",
    "large",
    "heavy",
    "blurry",
    "saturated",
    "colorful",
    "contrasty",
    "dim",
    "shaky",
    "long",
];

/// Negations that ask for something, read as what they ask: "I don't need
/// the first 10 seconds" (remove them), "I can't figure out how to make it
/// black and white" (make it black and white).
fn negation_reworded(toks: &[Tok], sources: &[Format]) -> Option<Vec<(usize, Intent)>> {
    let w = |i: usize| toks.get(i).and_then(|t| t.word()).unwrap_or("");
    // "everything except the first 10 seconds": those go; "skip to 0:20":
    // start there.
    let reword = |at: usize, n: usize, with: &[&str]| {
        let mut reworded: Vec<Tok> = toks[..at].to_vec();
        reworded.extend(with.iter().map(|w| Tok {
            t: super::tokens::T::Word((*w).into()),
            orig: (*w).into(),
        }));
        reworded.extend(toks[at + n..].iter().cloned());
        let shift = |p: usize| {
            if p >= at + with.len() {
                p + n - with.len()
            } else {
                p.min(at)
            }
        };
        recognize(&reworded, sources)
            .into_iter()
            .map(|(p, i)| (shift(p), i))
            .collect::<Vec<_>>()
    };
    if let Some(e) = (0..toks.len()).find(|&i| {
        matches!(w(i), "everything" | "all")
            && matches!(w(i + 1), "except" | "but")
            && (i + 2..(i + 5).min(toks.len())).any(|k| matches!(w(k), "first" | "last"))
    }) {
        return Some(reword(e, 2, &["remove"]));
    }
    if let Some(k) = (0..toks.len()).find(|&i| {
        matches!(w(i), "skip" | "jump" | "fast")
            && w(i + 1) == "to"
            && toks.get(i + 2).is_some_and(|t| {
                matches!(
                    t.t,
                    super::tokens::T::Clock { .. }
                        | super::tokens::T::Qty(_, super::tokens::Unit::Sec)
                )
            })
    }) {
        return Some(reword(k, 2, &["start", "at"]));
    }
    let not = (0..toks.len()).find(|&i| w(i) == "not")?;
    // "make it not so dark", "not as loud": less of it.
    if matches!(w(not + 1), "so" | "as" | "too") && GRADED.contains(&w(not + 2)) {
        return Some(reword(not, 2, &["less"]));
    }
    // "I don't know how to ...": what follows "how to".
    if matches!(
        w(not + 1),
        "know" | "figure" | "understand" | "sure" | "find"
    ) {
        let how = (not + 2..toks.len()).find(|&i| w(i) == "how")?;
        let from = if w(how + 1) == "to" { how + 2 } else { how + 1 };
        if from >= toks.len() || toks[from..].iter().any(|t| t.is_any(&["not"])) {
            return None;
        }
        let found = recognize(&toks[from..], sources);
        return Some(found.into_iter().map(|(p, i)| (p + from, i)).collect());
    }
    // "the software doesn't allow for rotating the clips", "my editor won't
    // let me trim it": what cannot be done elsewhere is what is asked.
    let from = match (w(not + 1), w(not + 2)) {
        ("allow", "for") => Some(not + 3),
        ("allow" | "let", "me" | "us" | "you") => Some(not + 3),
        _ => None,
    };
    // ("whatsapp won't let me send it": a complaint, read below.)
    if let Some(from) = from.filter(|&f| f < toks.len()) {
        if toks[from..].iter().any(|t| t.is_any(&["not"])) {
            return None;
        }
        let found = recognize(&toks[from..], sources);
        if !found.is_empty() {
            return Some(found.into_iter().map(|(p, i)| (p + from, i)).collect());
        }
    }
    // "I don't need / want the first 10 seconds": they go.
    let part = toks[not..].iter().any(|t| {
        t.is_any(&[
            "first",
            "last",
            "beginning",
            "end",
            "intro",
            "outro",
            "start",
            "ending",
        ])
    }) && toks[not..].iter().any(|t| {
        matches!(
            t.t,
            super::tokens::T::Qty(..) | super::tokens::T::Clock { .. }
        )
    });
    if part && matches!(w(not + 1), "need" | "want" | "like") {
        let mut reworded: Vec<Tok> = toks.to_vec();
        reworded[not + 1] = Tok {
            t: super::tokens::T::Word("remove".into()),
            orig: toks[not + 1].orig.clone(),
        };
        reworded.remove(not);
        let found = recognize(&reworded, sources);
        return Some(
            found
                .into_iter()
                .map(|(p, i)| (if p >= not { p + 1 } else { p }, i))
                .collect(),
        );
    }
    None
}

/// "make it slower as right now it's so fast that I don't like it": a
/// negation in a clause of its own (a reason, a relative) leaves what is
/// asked before it standing.
/// "I don't see an option for converting mp4 to webm", "there is no way
/// to trim it": what is missing is what is asked.
fn missing_option(toks: &[Tok], sources: &[Format]) -> Option<Vec<(usize, Intent)>> {
    const BETWEEN: &[&str] = &[
        "see", "find", "have", "get", "there", "is", "seem", "any", "an", "a", "the", "to",
    ];
    const MEANS: &[&str] = &["option", "way", "setting", "feature", "button", "function"];
    let not = toks.iter().position(|t| t.is_any(&["not", "no"]))?;
    let means = (not + 1..(not + 5).min(toks.len())).find(|&j| toks[j].is_any(MEANS))?;
    // ("there isn't an option yet to ...": the time said between.)
    let to = (means + 1..(means + 4).min(toks.len()))
        .find(|&j| !toks[j].is_any(&["yet", "currently", "available", "anymore"]))?;
    if !toks[not + 1..means].iter().all(|t| t.is_any(BETWEEN)) || !toks[to].is_any(&["for", "to"]) {
        return None;
    }
    let start = to + 1;
    let found: Vec<(usize, Intent)> = recognize(&toks[start..], sources)
        .into_iter()
        .map(|(p, i)| (p + start, i))
        .collect();
    (!found.is_empty()).then_some(found)
}

/// "does not support converting WebP files to AVIF", "it won't let me
/// export as FLAC": the step a tool lacks, wished for.
fn step_unsupported(toks: &[Tok], sources: &[Format]) -> Option<Vec<(usize, Intent)>> {
    let not = toks.iter().position(|t| t.is_any(&["not"]))?;
    let lacks = (not + 1..(not + 3).min(toks.len()))
        .find(|&j| toks[j].is_any(&["support", "supports", "allow", "allows", "let", "lets"]))?;
    let step = (lacks + 1..(lacks + 3).min(toks.len())).find(|&j| {
        toks[j]
            .word()
            .is_some_and(|w| super::lexicon::discourse::VERBS.contains(&w))
    })?;
    if !toks[lacks + 1..step]
        .iter()
        .all(|t| t.is_any(&["me", "us", "you", "to"]))
    {
        return None;
    }
    let found: Vec<(usize, Intent)> = recognize(&toks[step..], sources)
        .into_iter()
        .map(|(p, i)| (p + step, i))
        .collect();
    (!found.is_empty()).then_some(found)
}

fn negation_apart(toks: &[Tok], sources: &[Format]) -> Option<Vec<(usize, Intent)>> {
    use super::tokens::T;
    const OPENERS: &[&str] = &[
        "as", "because", "since", "cause", "cuz", "that", "which", "when", "while", "whereas",
        "though", "although", "if",
    ];
    let not = toks.iter().position(|t| t.is_any(&["not"]))?;
    let k = (2..not)
        .rev()
        .find(|&k| toks[k].is_any(OPENERS) || toks[k].orig == "(")?;
    let valued = |t: &Tok| {
        matches!(
            t.t,
            T::Num(_) | T::Qty(..) | T::Clock { .. } | T::Dims(..) | T::Quote(_)
        )
    };
    // "so that it does not exceed 8 MB": the value is what is asked.
    if toks[k..].iter().any(valued) || toks[..k].iter().any(|t| t.is_any(&["not"])) {
        return None;
    }
    let mut found = recognize(&toks[..k], sources);
    // "upload .heic photos to a site that doesn't accept them": a format
    // named alone is what the reason is about.
    if found
        .iter()
        .all(|(_, i)| matches!(i, Intent::ConvertTo { .. }))
    {
        return None;
    }
    found.extend(
        recognize(&toks[k..], sources)
            .into_iter()
            .map(|(p, i)| (p + k, i)),
    );
    Some(found)
}

/// "8mb & 25mb", "64 and 96 kbps", "fps between 20 and 60": values to
/// choose from, not one to use; which one is asked (the smaller of two
/// sizes, the top of a range). Two offered with "or" ("128 or 192kbps",
/// "x32 or x64"): either will do, and the one read is made.
fn choices(c: &Clause, out: &mut Found) {
    use super::tokens::{Unit, T};
    let qty = |i: usize| match c.toks.get(i).map(|t| &t.t) {
        Some(T::Qty(_, u)) => Some(*u),
        _ => None,
    };
    let families = |u: Unit| -> &'static [&'static str] {
        match u {
            Unit::P | Unit::Px => &["scale", "to_gif"],
            Unit::X => &["speed"],
            Unit::Mb | Unit::Kb | Unit::Gb => &["compress"],
            Unit::Fps => &["change_fps", "to_gif"],
            Unit::Kbps => &["audio_settings", "extract_audio"],
            _ => &[],
        }
    };
    // "2x, 4x, 16x", "64 Kbps and 96 Kbps", "64 or 96 kbps".
    let listed =
        |i: usize| c.is(i, &["or", "and"]) || matches!(c.toks.get(i), Some(t) if t.orig == ",");
    let pair = (0..c.toks.len()).find_map(|i| {
        let u = qty(i + 2)?;
        let first = qty(i) == Some(u) || c.num_at(i).is_some() && c.is(i + 1, &["or"]);
        (first && listed(i + 1) && !families(u).is_empty()).then_some((i, i + 2, u))
    });
    let between = || {
        let b = (0..c.toks.len()).find(|&k| c.is(k, &["between"]))?;
        let rate = c.is(
            b.wrapping_sub(1),
            &["fps", "framerate", "bitrate", "quality"],
        ) || c.is(b.wrapping_sub(1), &["rate"]) && c.is(b.wrapping_sub(2), &["frame"]);
        let nums = c.num_at(b + 1).is_some() && c.is(b + 2, &["and"]) && c.num_at(b + 3).is_some();
        (rate && nums).then_some((b + 1, b + 3, Unit::Fps))
    };
    let Some((i, j, u)) = pair.or_else(between) else {
        return;
    };
    // "convert 24 or 25 fps video to 60 fps", "60 FPS into 30 FPS, cleaner
    // than 50 or 20": the one value asked beside others told.
    if (0..c.toks.len())
        .any(|k| k + 1 != i && k + 1 != j && c.is(k, &["to", "into"]) && qty(k + 1) == Some(u))
    {
        return;
    }
    let Some(k) = out
        .iter()
        .position(|(_, it)| it.family().is_some_and(|f| families(u).contains(&f)))
    else {
        return;
    };
    // "I have only options 2X, 4X, 8X, 16X": the choices a tool offers,
    // told; nothing asked.
    let offered = c.has(&["have", "offers", "offer", "available", "provides"])
        && c.has(&["only", "option"])
        && !c.has(&["add", "please", "want", "need"]);
    if offered {
        out.remove(k);
        return;
    }
    // "resumes within 1MB or 2MB": under the smaller, both limits are met.
    let mb = |t: usize| match c.toks[t].t {
        T::Qty(v, Unit::Kb) => Some(v / 1000.0),
        T::Qty(v, Unit::Mb) => Some(v),
        T::Qty(v, Unit::Gb) => Some(v * 1000.0),
        _ => None,
    };
    // "a file size between 10 KB and 200 KB": the top of the range.
    if let (Some(x), Some(y), Intent::Op(crate::media::ops::Operation::Compress(cmp)), true) = (
        mb(i),
        mb(j),
        &out[k].1,
        c.has(&["between", "range", "minimum", "min"]),
    ) {
        let mut cmp = cmp.clone();
        cmp.target_mb = Some(x.max(y));
        out[k].1 = Intent::Op(cmp.into());
        return;
    }
    // ("8mb & 25mb": two presets, both wanted; which is asked.)
    if let (Some(x), Some(y), Intent::Op(crate::media::ops::Operation::Compress(cmp)), true) =
        (mb(i), mb(j), &out[k].1, c.is(i + 1, &["or"]))
    {
        let mut cmp = cmp.clone();
        cmp.target_mb = Some(x.min(y));
        out[k].1 = Intent::Op(cmp.into());
        return;
    }
    // "reduce the bit rate from 320 to 128 or 192kbps", "x32 or x64":
    // either will do; the one read is made.
    if c.is(i + 1, &["or"]) && !matches!(out[k].1, Intent::Need(_) | Intent::Vague { .. }) {
        return;
    }
    let (a, b) = (&c.toks[i].orig, &c.toks[j].orig);
    out[k].1 = Intent::Need(format!("say which one you want: {a} or {b}"));
}

/// "If I record a 60 second 720p 60fps video", "my 4k movies", "I have a
/// 32-bit float 48kHz wav file": sizes and rates between "a"/"my" and the
/// file's noun say what the file is; not after "to", "as" or a wish
/// ("convert it to a 720p video", "I need a 720p video", "I'd like to have
/// a 44.1 kHz file").
fn mark_described(c: &mut Clause) {
    use super::tokens::{Unit, T};
    const NOUNS: &[&str] = &[
        "video",
        "videos",
        "clip",
        "clips",
        "footage",
        "movie",
        "movies",
        "recording",
        "recordings",
        "file",
        "files",
        "song",
        "songs",
        "track",
        "tracks",
        "screenshot",
        "screenshots",
        "image",
        "images",
        "photo",
        "photos",
        "scan",
        "scans",
        "gif",
        "gifs",
    ];
    for d in 0..c.toks.len() {
        // ("I have 48kHz wav files": "have" stands for the article.)
        let had = c.is(d, &["have", "has"])
            && c.is(d.wrapping_sub(1), &["i", "we", "you", "they", "he", "she"]);
        if !had
            && !c.is(
                d,
                &["a", "an", "my", "our", "the", "this", "these", "his", "her"],
            )
            || c.is(
                d.wrapping_sub(1),
                &[
                    "to", "into", "as", "need", "want", "get", "make", "create", "export",
                    "produce", "render", "give", "like", "prefer", "output", "save", "return",
                    "generate",
                ],
            )
            || c.is(d.wrapping_sub(1), &["have"]) && c.is(d.wrapping_sub(2), &["to"])
        {
            continue;
        }
        let run = (d + 1..c.toks.len())
            .take_while(|&k| {
                matches!(
                    c.toks[k].t,
                    T::Qty(_, Unit::P | Unit::Fps | Unit::Sec | Unit::K | Unit::Hz) | T::Dims(..)
                ) || c.is(
                    k,
                    &[
                        "second",
                        "minute",
                        "long",
                        "hd",
                        "uhd",
                        "bit",
                        "float",
                        "stereo",
                        "-",
                        "roughly",
                        "about",
                        "around",
                        "approximately",
                    ],
                ) || matches!(c.toks[k].t, T::Num(_)) && c.is(k + 1, &["-", "bit"])
                    || c.w(k).and_then(format_word).is_some() && !c.is(k, NOUNS)
            })
            .count();
        let noun = d + 1 + run;
        if run > 0 && c.is(noun, NOUNS) {
            for k in d + 1..noun {
                if matches!(
                    c.toks[k].t,
                    T::Qty(_, Unit::P | Unit::Fps | Unit::K | Unit::Hz) | T::Dims(..)
                ) {
                    c.take(k);
                }
            }
        }
    }
    // "takes an image that is 13+ megabytes and 4000x4000px": after the
    // noun, what it is.
    for n in 1..c.toks.len().saturating_sub(2) {
        let told = c.is(n, NOUNS)
            && c.is(n - 1, &["a", "an"])
            && c.is(n + 1, &["that", "which"])
            && c.is(n + 2, &["is", "was"]);
        if !told {
            continue;
        }
        let mut k = n + 3;
        while k < c.toks.len()
            && (matches!(c.toks[k].t, T::Qty(..) | T::Dims(..) | T::Num(_))
                || c.is(k, &["and", "+", "megabytes", "pixels", "px"]))
        {
            if matches!(c.toks[k].t, T::Qty(..) | T::Dims(..)) {
                c.take(k);
            }
            k += 1;
        }
    }
}

/// Values that say what the file is or was, or what something else takes,
/// rather than what is asked: taken before the recognizers read.
fn mark_told(c: &mut Clause) {
    mark_conditions(c);
    mark_described(c);
    mark_recorded_with(c);
    mark_time_taken(c);
}

/// "That would take over 5 hours to upload": how long something takes, no
/// part of the file.
fn mark_time_taken(c: &mut Clause) {
    use super::tokens::{Unit, T};
    for t in 0..c.toks.len() {
        if !c.is(t, &["take", "takes", "taking"]) {
            continue;
        }
        let mut k = t + 1;
        while c.is(
            k,
            &[
                "over", "about", "around", "almost", "nearly", "me", "us", "up", "to",
            ],
        ) {
            k += 1;
        }
        if matches!(c.toks.get(k).map(|x| &x.t), Some(T::Qty(_, Unit::Sec))) {
            c.take(k);
        }
    }
}

/// "recorded with a sample rate of 44.1kHz", "shot at 60fps in 4k": how
/// the file was made, told, up to the next comma or "to".
fn mark_recorded_with(c: &mut Clause) {
    use super::tokens::{Unit, T};
    for r in 0..c.toks.len() {
        let told = c.is(r, &["recorded", "shot", "filmed", "captured", "sampled"])
            && c.toks[r].orig.to_ascii_lowercase().ends_with(['d', 't'])
            && !c.is(r.wrapping_sub(1), &["be", "get", "it", "them"]);
        // "It records in HD format", "my phone shoots at 60fps".
        let records = c.is(
            r,
            &["records", "record", "shoots", "shoot", "films", "film"],
        ) && c.toks[r].orig.to_ascii_lowercase().ends_with('s')
            && c.is(r + 1, &["in", "at"])
            // ("export the films in 4k": films, the noun.)
            && !c.is(
                r.wrapping_sub(1),
                &["the", "my", "our", "your", "these", "those", "all", "their", "his", "her"],
            );
        if !told && !records {
            continue;
        }
        for k in r + 1..(r + 8).min(c.toks.len()) {
            if matches!(c.toks[k].t, T::Sep) || c.is(k, &["to", "into", "so", "but", "and"]) {
                break;
            }
            if matches!(
                c.toks[k].t,
                T::Qty(
                    _,
                    Unit::Hz | Unit::Fps | Unit::P | Unit::K | Unit::Kbps | Unit::Pct
                ) | T::Dims(..)
            ) && (told || matches!(c.toks[k].t, T::Qty(_, Unit::P | Unit::K) | T::Dims(..)))
                || c.is(k, &["hd", "fhd", "uhd", "4k"])
            {
                c.take(k);
            }
        }
    }
}

/// "clips longer than 6 seconds", "videos over 2 minutes": a length that
/// says which files, not one to cut to ("no longer than 60 s" is one).
fn mark_conditions(c: &mut Clause) {
    use super::tokens::T;
    // "old VHS videos (640x480p 29,97fps) in AV1": what the files are.
    let mut depth_at_file = None;
    for i in 0..c.toks.len() {
        let t = &c.toks[i];
        match (&t.t, t.orig.as_str()) {
            (T::Sep, "(")
                if c.is(
                    i.wrapping_sub(1),
                    &[
                        "video",
                        "videos",
                        "file",
                        "files",
                        "clip",
                        "clips",
                        "image",
                        "images",
                        "footage",
                        "recording",
                        "movie",
                        "source",
                        "input",
                    ],
                ) =>
            {
                depth_at_file = Some(i)
            }
            (T::Sep, ")") => depth_at_file = None,
            // "(file size under 10 MB)": a limit, not what the file is.
            (T::Qty(..) | T::Dims(..) | T::Num(_), _)
                if depth_at_file.is_some()
                    && !c.is(
                        i.wrapping_sub(1),
                        &["under", "below", "max", "maximum", "than", "within"],
                    ) =>
            {
                c.take(i)
            }
            _ => {}
        }
    }
    for i in 0..c.toks.len() {
        if c.time_at(i, false).is_none() {
            continue;
        }
        // ("the pauses longer than 2 seconds": which pauses, not files.)
        let than = c.is(i.wrapping_sub(1), &["than"])
            && c.is(i.wrapping_sub(2), &["longer", "more", "greater"])
            && !c.is(
                i.wrapping_sub(3),
                &["pause", "pauses", "silence", "silences", "gap", "gaps"],
            );
        // "videos over 2 minutes", but "fade over 2 seconds".
        let over = c.is(i.wrapping_sub(1), &["over", "exceeding", "above"])
            && c.is(
                i.wrapping_sub(2),
                &[
                    "clip",
                    "video",
                    "file",
                    "one",
                    "anything",
                    "is",
                    "are",
                    "if",
                    "that",
                    "recording",
                ],
            );
        let k = if than {
            i.wrapping_sub(2)
        } else {
            i.wrapping_sub(1)
        };
        let limited = c.is(k.wrapping_sub(1), &["no", "not", "never"]);
        // "it is at least 37 seconds too long": how much too long, not the
        // length.
        let excess = c.is(i + 1, &["too"]) && c.is(i + 2, &["long", "short"]);
        if (than || over) && !limited || excess {
            c.take(i);
        }
    }
}

/// "change the resolution", "an option to choose the quality", "a setting
/// for the bitrate": a setting named to be changed, its value not said.
fn setting_named(c: &Clause) -> Option<(usize, &'static str, &'static str)> {
    const CHANGE: &[&str] = &[
        "change",
        "set",
        "choose",
        "pick",
        "select",
        "adjust",
        "specify",
        "control",
        "configure",
        "customize",
        "customise",
        "custom",
        "option",
        "setting",
        "settings",
        "define",
        "modify",
        "tweak",
        "alter",
        "different",
        "configurable",
        "choice",
    ];
    const SETTINGS: &[(&[&str], &str, &str)] = &[
        (
            &["resolution", "dimensions", "dimension"],
            "scale",
            "say the size, e.g. \"800px wide\", 1280x720, 720p or 50%",
        ),
        (
            &["format", "container", "extension"],
            "convert",
            "say which format, e.g. \"convert to mp4\"",
        ),
        (
            &["bitrate", "quality", "crf", "compression"],
            "compress",
            "say how small or how good, e.g. \"under 10 MB\" or \"high quality\"",
        ),
        (
            &["fps", "framerate"],
            "change_fps",
            "say the frame rate, e.g. \"30 fps\"",
        ),
        (
            &["codec", "encoder"],
            "convert",
            "say which codec, e.g. \"H.265\"",
        ),
    ];
    let verb = c.find(CHANGE)?;
    // "only the codec changes; resolution, audio ... remain the same".
    if c.has(&[
        "same",
        "unchanged",
        "untouched",
        "intact",
        "remain",
        "remains",
        "stay",
        "stays",
    ]) || (verb.saturating_sub(4)..verb).any(|k| c.is(k, &["only"]))
        // "without changing the frame rate": kept as it is.
        || c.is(verb.wrapping_sub(1), &["without", "not", "never"])
    {
        return None;
    }
    SETTINGS.iter().find_map(|(nouns, op, what)| {
        (verb + 1..(verb + 6).min(c.toks.len()))
            .find(|&k| {
                c.is(k, nouns)
                    || c.is(k, &["rate"]) && c.is(k - 1, &["frame"]) && nouns.contains(&"fps")
            })
            .map(|_| (verb, *op, *what))
    })
}

/// "the converted videos are too big", "encoded movies": files that were
/// converted, named by it; no conversion asked.
fn converted_files(c: &Clause, i: usize) -> bool {
    c.toks[i].orig.to_lowercase().ends_with("ed")
        && (c.is(
            i.wrapping_sub(1),
            &[
                "the", "my", "our", "your", "these", "those", "of", "its", "their",
            ],
        ) || c.is(
            i + 1,
            &[
                "video", "videos", "file", "files", "movie", "movies", "image", "images", "clip",
                "clips", "version", "versions", "output", "audio", "photos",
            ],
        ))
}

/// "out of sync by half a second, the sound comes too early": the amount
/// in one clause and the way in the next, read as one.
pub(crate) fn sync_said_across(toks: &[Tok], sources: &[Format]) -> Option<Intent> {
    let mut c = Clause::new(toks, sources);
    let mut out = Vec::new();
    shift_audio::recognize(&mut c, &mut out);
    out.into_iter()
        .map(|(_, i)| i)
        .find(|i| matches!(i, Intent::Op(Operation::ShiftAudio(_))))
}

/// What a ringtone asks when no part of the song is said.
pub(crate) const RINGTONE_PART: &str =
    "say which part to keep, 30 seconds or less, e.g. \"from 0:45 to 1:15\"";

/// Words of a file playing or being used somewhere ("so it plays on my
/// TV", "so that I could watch them on an iPad", "to edit it in iMovie").
const PLAYED: &[&str] = &[
    "play",
    "plays",
    "playable",
    "work",
    "works",
    "open",
    "opens",
    "compatible",
    "run",
    "runs",
    "supported",
    "watch",
    "view",
    "edit",
    "import",
];

/// Verbs that were understood but are missing what they need.
fn needs(c: &Clause, out: &mut Found) {
    if !out.is_empty() {
        return;
    }
    // "make it a ringtone", "turn this song into a ringtone for my
    // iphone": a short part of it, which part not said.
    // ("a ringtone from the chorus at 0:45": the usual 30 seconds from there.)
    let ringtone = c.find(&["ringtone", "ringtones"]).filter(|&i| {
        (i.saturating_sub(5)..i).any(|k| c.is(k, &["make", "turn", "create", "use", "set", "cut"]))
            && !c.sources.iter().any(|f| f.is_still())
    });
    if let (Some(i), [(_, start)]) = (ringtone, &c.times(false)[..]) {
        let trim = crate::media::ops::Trim {
            start: Some(*start),
            end: None,
            duration: Some(30.0),
            last: None,
        };
        out.push((i, Intent::Op(trim.into())));
        return;
    }
    if let Some(i) = ringtone.filter(|_| c.times(false).is_empty()) {
        out.push((i, Intent::Need(RINGTONE_PART.into())));
        return;
    }
    if let Some(i) = c
        .find(&["convert", "transcode"])
        .filter(|&i| !converted_files(c, i))
        .or_else(|| {
            c.near(
                &["change", "save", "export"],
                &["format", "type", "as", "extension"],
                3,
            )
        })
        // ("save 1:00-1:30 as a new clip": a part kept, no format.)
        .filter(|&i| {
            !(c.is(i, &["save", "export"])
                && c.has(&["as"])
                && c.has(&["clip", "file", "video"])
                && c.toks
                    .iter()
                    .any(|t| matches!(t.t, T::Clock { .. } | T::Qty(_, super::tokens::Unit::Sec))))
        })
    {
        // "convert it to something that plays on my TV": a format that
        // everything reads.
        let plays = c.has(PLAYED)
            && c.has(&[
                "on",
                "in",
                "with",
                "by",
                "everywhere",
                "anywhere",
                // "to something windows can play".
                "something",
                "anything",
            ]);
        // "convert for iphone", "convert it for my TV": for a device.
        let device = (0..c.toks.len()).any(|k| {
            c.is(k, &["for"])
                && (k + 1..(k + 3).min(c.toks.len())).any(|j| {
                    c.is(
                        j,
                        &[
                            "iphone",
                            "ipad",
                            "android",
                            "phone",
                            "phones",
                            "tv",
                            "television",
                            "mobile",
                            "browser",
                            "browsers",
                            "device",
                            "devices",
                        ],
                    )
                })
        });
        if plays || device {
            out.push((i, Intent::Compatible));
            return;
        }
        // "converted to (actual) text": reading the words out, not a format.
        let to_text = (i + 1..(i + 5).min(c.toks.len())).any(|k| {
            c.is(k, &["text", "txt"])
                && c.is(k.saturating_sub(1), &["to", "into", "actual", "plain"])
        });
        if to_text {
            let sounds = c
                .sources
                .iter()
                .any(|f| matches!(f.kind(), MediaKind::Audio | MediaKind::Video));
            let what = if sounds {
                "transcribe speech (turn it into text)"
            } else {
                "read text out of files (OCR)"
            };
            out.push((i, Intent::Unsupported(what.into())));
            return;
        }
        let what = "say which format, e.g. \"convert to mp4\" (video: mp4, webm, mov, mkv, avi, mpg, wmv, 3gp, flv, gif; audio: mp3, m4a, m4b, wav, aiff, flac, ogg, opus; pictures: png, jpg, webp, avif, bmp, tiff, ico)".into();
        out.push((
            i,
            Intent::Vague {
                op: "convert",
                what,
            },
        ));
    } else if let Some((i, op, what)) = setting_named(c) {
        out.push((
            i,
            Intent::Vague {
                op,
                what: what.into(),
            },
        ));
    } else if let Some(i) = c.find(&["rotate"]).filter(|&k| {
        !c.is(
            k + 1,
            &["info", "information", "data", "tag", "flag", "metadata"],
        ) && !rotate::turns_the_device(c, k)
    }) {
        out.push((
            i,
            Intent::Need(
                "say how far to rotate: 90° clockwise, 90° counterclockwise or 180°".into(),
            ),
        ));
    }
}
