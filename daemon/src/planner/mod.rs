//! The planner: a user's sentence plus the facts of their files become a
//! checked pipeline of operations, a chat answer, or a clear refusal.
//! Pure and deterministic: no I/O, no network, no model.
//!
//! - [`tokens`] reads the prompt: words (typo-corrected against the
//!   vocabulary, synonyms mapped to lemmas), numbers with units (`800px`,
//!   `50%`, `720p`, `10 MB`, `1.5x`, `90°`, `0:10`, `1m30s`), sizes
//!   (`1280x720`), ratios (`16:9`) and quoted text.
//! - [`grammar`] splits the prompt into clauses ("then", "and", commas...)
//!   and finds, in each, intents by their trigger words with their slots.
//! - `resolve` turns intents into [`Operation`]s given what the files are at
//!   that point of the pipeline ("convert to mp3" on a video extracts the
//!   audio; "make it a video" on a picture makes a slideshow).
//! - [`chat`] answers questions about the files and about what kiln can do.
//!
//! Every plan is type-checked with [`check_pipeline`] before it is answered;
//! anything not understood is refused with what is possible, never guessed.

pub mod capabilities;
mod chat;
mod grammar;
mod lexicon;
mod resolve;
#[cfg(test)]
mod tests;
mod tokens;

use serde::{Deserialize, Serialize};

use crate::media::ops::{
    check_pipeline, Adjust, AutoOrient, Convert, ExtractAudio, FileFacts, Format, Grayscale,
    Normalize, Operation, OptimizePng, RemoveAudio, StripMetadata,
};
use grammar::Intent;
use resolve::{resolve, round3};
use tokens::{Tok, T};

/// One planned step: the operation, what it does in words, and the command
/// line a user could run to do the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedStep {
    pub op: Operation,
    pub description: String,
    pub command: String,
}

/// What the planner made of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Plan {
    /// Run these steps, in order, each on the previous step's outputs.
    Command { steps: Vec<PlannedStep> },
    /// Answer in words; nothing to run.
    Chat { message: String },
    /// Not understood, or not possible: say why and what is possible.
    Refuse { message: String },
}

impl Plan {
    /// The planned command lines, joined as one shell line.
    pub fn description(&self) -> Option<String> {
        match self {
            Plan::Command { steps } => Some(
                steps
                    .iter()
                    .map(|s| s.command.as_str())
                    .collect::<Vec<_>>()
                    .join(" && "),
            ),
            _ => None,
        }
    }
}

/// What kiln can do, in one paragraph (refusals and help end with it).
pub const CAN_DO: &str = "I can convert between formats (video: mp4, webm, mov, mkv, gif; audio: mp3, m4a, wav, flac, ogg; pictures: png, jpg, webp, bmp, tiff), compress (\"under 8 MB\"), resize (\"800px wide\", \"720p\", \"50%\"), crop (\"square\", \"9:16\"), rotate and flip, trim (\"the first 10 seconds\", \"from 1:00 to 2:30\"), change speed (\"2x\", \"slow motion\"), reverse, change the frame rate, extract or remove the audio, change the volume or normalise it, make black and white, adjust brightness, contrast and saturation, make GIFs, take frames and thumbnails, join clips, make slideshows, add a text or logo watermark, blur, sharpen, optimise PNGs and strip metadata; with documents, turn PDF pages into pictures, office files (Word, Excel, PowerPoint, OpenDocument) into PDF, compress, merge and split PDFs and put pictures into a PDF. For example: \"convert to mp4, trim to 10 s and make it black and white\".";

/// Plan a request. `inputs` are the files it works on (uploaded, or the
/// previous outputs of its thread).
pub fn plan(prompt: &str, inputs: &[FileFacts]) -> Plan {
    let toks = tokens::tokenize(prompt);
    let shown = shorten(prompt);
    let sources: Vec<Format> = inputs.iter().map(|f| f.format).collect();
    let parsed = parse(&toks, &sources);
    let question = chat::is_question(prompt, &toks);
    let intents: Vec<Intent> = parsed.intents.iter().map(|(_, i)| i.clone()).collect();

    // Questions: answered, unless they are polite requests ("can you...?").
    if question.is_some() && (intents.is_empty() || question == Some(chat::Question::Info)) {
        return Plan::Chat {
            message: chat::answer(prompt, &toks, inputs, &intents),
        };
    }
    // "can you make gifs?" with no file: a question about kiln.
    if question == Some(chat::Question::Polite)
        && inputs.is_empty()
        && parsed.unknown.is_empty()
        && !intents.is_empty()
        && !intents
            .iter()
            .any(|i| matches!(i, Intent::Unsupported(_) | Intent::Need(_)))
    {
        return Plan::Chat {
            message: chat::answer(prompt, &toks, inputs, &intents),
        };
    }
    if intents.is_empty() && chat::asks_info(&toks) {
        return Plan::Chat {
            message: chat::answer(prompt, &toks, inputs, &intents),
        };
    }
    if intents.is_empty() {
        if parsed.unknown.is_empty() || chat::is_smalltalk(&toks) {
            if let Some(message) = chat::smalltalk(&toks) {
                return Plan::Chat { message };
            }
        }
        return Plan::Refuse {
            message: format!("I could not work out what to do with \"{shown}\". {CAN_DO}"),
        };
    }
    if let Some(Intent::Unsupported(what)) =
        intents.iter().find(|i| matches!(i, Intent::Unsupported(_)))
    {
        return Plan::Refuse {
            message: format!("kiln can't {what}, so I did nothing. {CAN_DO}"),
        };
    }
    if let Some(Intent::Need(what)) = intents.iter().find(|i| matches!(i, Intent::Need(_))) {
        return Plan::Refuse {
            message: format!("I need a little more to do that: {what}."),
        };
    }
    if !parsed.unknown.is_empty() {
        return Plan::Refuse {
            message: format!(
                "I understood part of the request but not \"{}\", so I did nothing. {CAN_DO}",
                parsed.unknown.join("\", \"")
            ),
        };
    }
    if inputs.is_empty() {
        return Plan::Refuse {
            message: "This request needs a file: upload one and name it in `files`, or continue a thread that has one.".into(),
        };
    }
    match build(inputs, &intents) {
        Ok(ops) => match checked(inputs, ops) {
            Ok(steps) => Plan::Command { steps },
            Err(message) => Plan::Refuse { message },
        },
        Err(message) => Plan::Refuse {
            message: format!("That can't be done: {message}."),
        },
    }
}

fn shorten(prompt: &str) -> String {
    let t = prompt.trim();
    if t.chars().count() > 200 {
        format!("{}…", t.chars().take(200).collect::<String>())
    } else {
        t.to_string()
    }
}

/// The intents of a prompt, in order, and the clauses not understood.
pub(crate) struct Parsed {
    pub intents: Vec<(usize, Intent)>,
    pub unknown: Vec<String>,
}

/// Strong clause breaks.
fn is_break(toks: &[Tok], i: usize) -> usize {
    let w = |k: usize| toks.get(k).and_then(|t| t.word());
    match &toks[i].t {
        T::Sep => 1,
        T::Word(word) => match word.as_str() {
            "then" | "afterwards" | "afterward" | "finally" | "lastly" | "next" | "also"
            | "plus" | "additionally" | "but" => 1,
            "after" if w(i + 1) == Some("that") || w(i + 1) == Some("this") => 2,
            "followed" if w(i + 1) == Some("by") => 2,
            "and" => 1,
            _ => 0,
        },
        _ => 0,
    }
}

/// Clauses, with slot-only pieces ("and 10 seconds", "and contrast")
/// joined back to their neighbour.
pub(crate) fn parse(toks: &[Tok], sources: &[Format]) -> Parsed {
    // Split points.
    let mut segs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < toks.len() {
        let n = is_break(toks, i);
        if n > 0 {
            if i > start {
                segs.push((start, i));
            }
            // Keep the separator inside the next clause's range so that a
            // merged clause reads as one (separators carry no meaning).
            i += n;
            start = i;
        } else {
            i += 1;
        }
    }
    if start < toks.len() {
        segs.push((start, toks.len()));
    }
    // Merge slot-only segments into their neighbours.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    let mut pending: Option<usize> = None;
    for (a, b) in segs {
        let slot_only = is_slot_only(&toks[a..b]);
        if slot_only {
            if let Some(last) = merged.last_mut() {
                last.1 = b;
            } else if pending.is_none() {
                pending = Some(a);
            }
            continue;
        }
        let a = pending.take().unwrap_or(a);
        merged.push((a, b));
    }
    if let (Some(a), None) = (pending, merged.last()) {
        merged.push((a, toks.len()));
    }
    let mut intents = Vec::new();
    let mut unknown = Vec::new();
    for (a, b) in merged {
        let clause = &toks[a..b];
        let found = grammar::recognize(clause, sources);
        if found.is_empty() {
            // "but don't change the size": a constraint kept by default.
            let negated = clause.iter().any(|t| t.word() == Some("not"));
            if !is_filler(clause) && !negated && !is_context(clause) {
                unknown.push(
                    clause
                        .iter()
                        .filter(|t| !matches!(t.t, T::Sep))
                        .map(|t| t.orig.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
        } else {
            intents.extend(found.into_iter().map(|(p, it)| (a + p, it)));
        }
    }
    Parsed { intents, unknown }
}

/// Words that only fill in slots of a neighbouring clause.
const SLOT_WORDS: &[&str] = &[
    "semi",
    "opaque",
    "faint",
    "subtle",
    "solid",
    "the",
    "a",
    "an",
    "to",
    "at",
    "of",
    "from",
    "by",
    "and",
    "in",
    "on",
    "it",
    "its",
    "this",
    "that",
    "contrast",
    "saturation",
    "brightness",
    "second",
    "minute",
    "pixels",
    "wide",
    "tall",
    "high",
    "top",
    "bottom",
    "left",
    "right",
    "corner",
    "center",
    "quality",
    "percent",
    "opacity",
    "end",
    "start",
    "beginning",
    "mark",
    "each",
    "per",
    "image",
    "video",
    "please",
    "with",
    "y",
    "x",
    "position",
    "offset",
    "height",
    "width",
    "transparent",
    "last",
    "first",
    "like",
    "about",
    "around",
    "approximately",
    "roughly",
    "maybe",
    "say",
    "approx",
    "or",
    "so",
    "max",
    "maximum",
    "most",
];

fn is_slot_only(clause: &[Tok]) -> bool {
    clause.iter().all(|t| match &t.t {
        T::Word(w) => SLOT_WORDS.contains(&w.as_str()),
        T::Quote(_) => false,
        _ => true,
    })
}

/// Words that carry no request on their own ("please", "thanks").
const FILLER: &[&str] = &[
    "please",
    "thanks",
    "thank",
    "you",
    "this",
    "it",
    "that",
    "the",
    "file",
    "files",
    "image",
    "video",
    "for",
    "me",
    "can",
    "could",
    "would",
    "hi",
    "hey",
    "hello",
    "a",
    "an",
    "my",
    "i",
    "want",
    "need",
    "do",
    "make",
    "to",
    "first",
    "and",
    "also",
    "then",
    "of",
    "them",
    "these",
    "those",
    "clip",
    "audio",
    "song",
    "same",
    "original",
    "keep",
    "quality",
    "as",
    "is",
    "be",
    "so",
    "ok",
    "okay",
    "great",
    "now",
    "just",
    "cheers",
    "thx",
    "ty",
    "in",
    "on",
    "with",
    "while",
    "you're",
    "at",
    "one",
    "once",
    "done",
    "when",
    "order",
    "same",
    "size",
    "resolution",
    "aspect",
    "ratio",
    "unchanged",
    "intact",
    "as-is",
    "is",
    "are",
    "should",
    "stay",
    "remain",
    "preserve",
    "leave",
    "both",
    "all",
    "will",
    "be",
    "good",
    "nice",
    "cool",
    "awesome",
    "perfect",
    "sure",
    "yes",
    "please!",
    "iphone",
    "android",
    "phone",
    "uploaded",
    "attached",
    "here",
    "there",
    "again",
    "too",
    "result",
    "output",
    "final",
    "way",
    "like",
    "love",
    "much",
    "lot",
    "lol",
    "pretty",
    "really",
    "very",
    "kindly",
    "quick",
    "quickly",
    "asap",
    "help",
    "your",
    "our",
    "us",
    "we",
    "let",
    "lets",
    "let's",
    "go",
    "ahead",
    "use",
    "using",
    "from",
    "by",
    "everything",
    "sound",
    "frame",
    "rate",
    "framerate",
    "fps",
    "format",
    "dimensions",
    "exactly",
];

/// Words that describe the file or the wish without asking for anything
/// ("I recorded this sideways", "it's upside down, fix it").
const CONTEXT: &[&str] = &[
    "i",
    "we",
    "recorded",
    "filmed",
    "shot",
    "took",
    "taken",
    "made",
    "sideways",
    "wrong",
    "fix",
    "fixed",
    "broken",
    "is",
    "was",
    "were",
    "are",
    "looks",
    "look",
    "seems",
    "too",
    "bit",
    "little",
    "so",
    "because",
    "since",
    "phone",
    "camera",
    "shorter",
    "longer",
    "smaller",
    "bigger",
    "better",
    "nicer",
    "nice",
    "pretty",
    "accidentally",
    "by",
    "mistake",
    "correct",
    "properly",
    "right",
    "now",
    "currently",
    "way",
    "need",
    "needs",
    "should",
    "be",
    "want",
    "wanted",
    "would",
    "like",
    "it's",
    "its",
    "upside",
    "down",
    "hmm",
    "well",
    "um",
    "uh",
    "actually",
    "basically",
    "also",
    "please",
    "ready",
];

fn is_context(clause: &[Tok]) -> bool {
    clause.iter().all(|t| match &t.t {
        T::Word(w) => {
            CONTEXT.contains(&w.as_str())
                || FILLER.contains(&w.as_str())
                || SLOT_WORDS.contains(&w.as_str())
        }
        T::Sep => true,
        _ => false,
    })
}

fn is_filler(clause: &[Tok]) -> bool {
    clause.iter().all(|t| match &t.t {
        T::Word(w) => FILLER.contains(&w.as_str()),
        T::Sep => true,
        _ => false,
    })
}

/// Turns intents into operations, following what the files become.
fn build(inputs: &[FileFacts], intents: &[Intent]) -> Result<Vec<Operation>, String> {
    let mut current = inputs.to_vec();
    let mut ops = Vec::new();
    for intent in intents {
        for op in resolve(intent, &current, ops.is_empty())? {
            // "grab the audio and make it a flac": one extraction.
            if let (
                Operation::Convert(Convert { to, quality: None }),
                Some(Operation::ExtractAudio(ExtractAudio { to: prev })),
            ) = (&op, ops.last_mut())
            {
                if to.is_audio() {
                    *prev = *to;
                    current = op.outputs(&current).map_err(|e| e.to_string())?;
                    continue;
                }
            }
            // The same step named twice in a row ("mp4 (h.264)") runs once.
            if ops.last() == Some(&op)
                && matches!(
                    op,
                    Operation::Convert(Convert { .. })
                        | Operation::Grayscale(Grayscale {})
                        | Operation::RemoveAudio(RemoveAudio {})
                        | Operation::StripMetadata(StripMetadata {})
                        | Operation::ExtractAudio(ExtractAudio { .. })
                        | Operation::Normalize(Normalize {})
                        | Operation::AutoOrient(AutoOrient {})
                        | Operation::OptimizePng(OptimizePng {})
                )
            {
                continue;
            }
            // "brighter and more saturated": one adjustment.
            if let (
                Operation::Adjust(Adjust {
                    brightness: b2,
                    contrast: c2,
                    saturation: s2,
                }),
                Some(Operation::Adjust(Adjust {
                    brightness,
                    contrast,
                    saturation,
                })),
            ) = (&op, ops.last_mut())
            {
                *brightness = round3((*brightness + b2).clamp(-1.0, 1.0));
                *contrast = round3((*contrast * c2).clamp(0.0, 3.0));
                *saturation = round3((*saturation * s2).clamp(0.0, 3.0));
                continue;
            }
            current = op.outputs(&current).map_err(|e| e.to_string())?;
            ops.push(op);
        }
    }
    if ops.is_empty() {
        return Err("there is nothing to do".into());
    }
    Ok(ops)
}

/// Type-check the pipeline and attach each step's words and command line.
fn checked(inputs: &[FileFacts], ops: Vec<Operation>) -> Result<Vec<PlannedStep>, String> {
    let predicted =
        check_pipeline(inputs, &ops).map_err(|e| format!("That can't be done: {e}."))?;
    let mut current = inputs.to_vec();
    let mut steps = Vec::with_capacity(ops.len());
    for (op, outputs) in ops.into_iter().zip(predicted) {
        let out_name = outputs.first().map(|f| f.name.clone()).unwrap_or_default();
        let command = op
            .command_line(&current, &out_name)
            .map_err(|e| format!("That can't be done: {e}."))?;
        steps.push(PlannedStep {
            description: op.describe(),
            command,
            op,
        });
        current = outputs;
    }
    Ok(steps)
}
