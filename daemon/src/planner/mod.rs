//! The planner: a user's sentence plus the facts of their files become a
//! checked pipeline of operations, a chat answer, or a clear refusal.
//! Pure and deterministic: no I/O, no network, no model.
//!
//! A prompt is read in layers, each in its own module:
//!
//! - [`tokens`]: words (typo-corrected against the vocabulary, synonyms
//!   mapped to lemmas), numbers with units (`800px`, `50%`, `720p`,
//!   `10 MB`, `1.5x`, `90°`, `0:10`, `1m30s`), sizes (`1280x720`), ratios
//!   (`16:9`), quoted text and punctuation;
//! - [`sentence`]: sentences and their mood: a request, a polite request,
//!   "how do I", a question for facts, a story, a heading;
//! - [`clauses`]: each sentence split into clauses ("then", "and",
//!   commas...), read by the [`grammar`], one recognizer per family of
//!   intents, wherever the operation and its slots stand;
//! - [`leftovers`]: what no recognizer read, classified (filler,
//!   politeness, context, reasons, asides, or a request for something
//!   unknown);
//! - [`framing`]: words that frame a request and ask nothing ("what I'd
//!   like to do is", "with this tool", "Any ideas?");
//! - [`referent`]: what "it" or "them" stands for after a sentence that
//!   names a thing;
//! - [`reconcile`]: the intents reconciled with one another and the files;
//! - [`decide`]: act, ask or refuse, from the moods, the intents and the
//!   leftovers, with the reason in the answer ([`unread`]: a step named
//!   where nothing was read has what it needs asked);
//! - [`build`] and `resolve`: intents become operations given what the
//!   files are at that point of the pipeline ("convert to mp3" on a video
//!   extracts the audio), checked with [`check_pipeline`];
//! - [`chat`]: answers about the files' facts and what kiln can do.
//!
//! The words live in [`lexicon`]; [`corpus`] holds requests written by real
//! people, with what each should come to, and scores the planner on them.
//!
//! [`check_pipeline`]: crate::media::ops::check_pipeline

mod build;
pub mod capabilities;
mod chat;
mod clauses;
pub mod corpus;
mod decide;
mod framing;
mod grammar;
mod leftovers;
mod lexicon;
#[cfg(test)]
mod probe;
mod reconcile;
mod referent;
mod resolve;
mod sentence;
mod settle;
#[cfg(test)]
mod tests;
mod tokens;
mod unread;
mod verdict;

use serde::{Deserialize, Serialize};

use crate::media::ops::{FileFacts, Format, Operation};

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
pub const CAN_DO: &str = "I can convert between formats (video: mp4, webm, mov, mkv, gif, with H.264, H.265/HEVC, AV1, ProRes or VP9, and the older avi, mpg, wmv, 3gp and flv; audio: mp3, m4a (AAC or lossless ALAC), m4b (audiobooks), wav, aiff, flac, ogg, opus; pictures: png, jpg, webp, avif, bmp, tiff, ico) and remux without re-encoding, compress (\"under 8 MB\", also GIFs, PNGs and WebPs), resize (\"800px wide\", \"720p\", \"50%\"), crop (\"square\", \"9:16\", \"100 px off the top\", \"remove the black bars\"), pad to a shape or a size instead of cropping (\"letterbox to 9:16\", \"fit inside 1080x1080 on white\") or add a border (\"a 20 px white border\"), rotate and flip, trim (\"the first 10 seconds\", \"from 1:00 to 2:30\", \"the silence at both ends\", the long pauses of a recording) or cut out a part (\"cut out 0:05 to 0:08\"), split a clip into several files (\"into 3 parts\", \"10 minute chunks\", \"at 1:30\"), change speed (\"2x\", \"slow motion\"), reverse, loop, boomerang, fade in and out, change the frame rate, extract or remove the audio, set mono, bitrate and sample rate, change the volume or normalise it, move a video's sound back in sync (\"the audio is 300 ms late\"), mute a part (\"mute 0:10 to 0:12\"), make black and white, adjust brightness, contrast and saturation, fill a picture's transparency with a colour, make GIFs and animated WebPs (from a video or a GIF), take frames and thumbnails, join clips, make slideshows, add a text or logo watermark, blur, sharpen, optimise PNGs, reduce a picture's colours (\"dither to 1 bit\") and strip metadata (also the tags and cover art of audio files); with documents, turn PDF pages into pictures, office files (Word, Excel, PowerPoint, OpenDocument) into PDF, compress, merge and split PDFs, turn their pages, strip the metadata of PDFs and office files and put pictures into a PDF. For example: \"convert to mp4, trim to 10 s and make it black and white\".";

/// Plan a request. `inputs` are the files it works on (uploaded, or the
/// previous outputs of its thread).
pub fn plan(prompt: &str, inputs: &[FileFacts]) -> Plan {
    let (toks, command) = read(prompt);
    let sources: Vec<Format> = inputs.iter().map(|f| f.format).collect();
    let mut reading = decide::Reading::of(&toks, &sources);
    if let Some(c) = command {
        reading.add_command(c.intents);
    }
    decide::decide(prompt, &reading, inputs)
}

/// The prompt's tokens, with an ffmpeg command line in it taken out and
/// read apart.
fn read(prompt: &str) -> (Vec<tokens::Tok>, Option<grammar::ffmpeg::Command>) {
    let unhedged = without_hedges(prompt);
    let prompt = unhedged.as_str();
    match grammar::ffmpeg::find(prompt) {
        Some(c) => {
            let mut rest = prompt.to_string();
            rest.replace_range(c.range.clone(), " ");
            (tokens::tokenize(&rest), Some(c))
        }
        None => (tokens::tokenize(prompt), None),
    }
}

/// The prompt without asides that only hedge: "(if possible)", "(please)",
/// "(optional)".
fn without_hedges(prompt: &str) -> String {
    const HEDGES: &[&str] = &[
        "if",
        "possible",
        "you",
        "can",
        "could",
        "please",
        "pls",
        "thanks",
        "thank",
        "optional",
        "optionally",
        "ideally",
        "maybe",
        "perhaps",
        "when",
        "have",
        "time",
        "would",
        "be",
        "nice",
        "great",
        "not",
        "urgent",
        "no",
        "rush",
    ];
    let mut out = String::with_capacity(prompt.len());
    let mut rest = prompt;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 1..close];
        let hedge = inner
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| HEDGES.contains(&w.to_lowercase().as_str()))
            && inner.chars().any(char::is_alphabetic);
        out.push_str(&rest[..open]);
        if hedge {
            out.push(' ');
        } else {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// How a prompt was read, for people tuning the planner: its tokens, and
/// each sentence with its mood, intents and leftovers.
pub fn explain(prompt: &str, inputs: &[FileFacts]) -> String {
    let (toks, command) = read(prompt);
    let sources: Vec<Format> = inputs.iter().map(|f| f.format).collect();
    let mut reading = decide::Reading::of(&toks, &sources);
    if let Some(c) = command {
        reading.add_command(c.intents);
    }
    let mut out = format!(
        "tokens: {:?}\n",
        toks.iter().map(|t| &t.t).collect::<Vec<_>>()
    );
    for p in &reading.parts {
        out.push_str(&format!(
            "sentence {:?} {}..{}: intents {:?} told {:?} leftovers {:?}\n",
            p.sentence.mood,
            p.sentence.start,
            p.sentence.end,
            p.parsed.intents,
            p.parsed.told,
            p.parsed
                .leftovers
                .iter()
                .map(|l| l.text(&toks))
                .collect::<Vec<_>>()
        ));
    }
    out
}
