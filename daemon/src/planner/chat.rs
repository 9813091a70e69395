//! Answers: questions about the files ("what resolution is this?"), about
//! what kiln can do ("what formats can you make?"), "how do I ...?", and
//! small talk.

use super::grammar::Intent;
use super::lexicon::{format_word, FormatWord};
use super::tokens::Tok;
use super::CAN_DO;
use crate::media::ops::{FileFacts, MediaKind};

/// What kind of question a prompt is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Asks for information: always answered in words.
    Info,
    /// "can you ...?", "could you ...?": a polite request when it names an
    /// operation, else answered.
    Polite,
}

fn words(toks: &[Tok]) -> Vec<&str> {
    toks.iter().filter_map(|t| t.word()).collect()
}

pub fn is_question(prompt: &str, toks: &[Tok]) -> Option<Question> {
    let ws = words(toks);
    let skip = [
        "hey", "hi", "hello", "so", "ok", "okay", "please", "and", "um", "quick", "question",
    ];
    let ws: Vec<&str> = ws
        .iter()
        .copied()
        .skip_while(|w| skip.contains(w))
        .collect();
    let w0 = ws.first().copied().unwrap_or("");
    let w1 = ws.get(1).copied().unwrap_or("");
    let w2 = ws.get(2).copied().unwrap_or("");
    let q = match w0 {
        "how" | "what" | "whats" | "what's" | "which" if matches!(w1, "about") => {
            Some(Question::Polite)
        }
        "how" if matches!(w1, "do" | "can" | "would" | "should" | "to") && !matches!(w2, "you") => {
            Some(Question::Info)
        }
        "what" | "whats" | "what's" | "which" | "why" | "when" | "where" | "who" | "how"
        | "tell" | "explain" | "describe" | "list" | "info" | "details" => Some(Question::Info),
        "does" | "do" | "did"
            if matches!(
                w1,
                "you" | "it" | "this" | "the" | "kiln" | "i" | "these" | "that"
            ) =>
        {
            Some(Question::Info)
        }
        "is" | "are" | "was"
            if matches!(
                w1,
                "it" | "this" | "the" | "there" | "that" | "these" | "my"
            ) =>
        {
            if ws.contains(&"possible") || matches!(w1, "there") {
                Some(Question::Polite)
            } else {
                Some(Question::Info)
            }
        }
        "can" | "could" | "would" | "will" | "may" | "might" => Some(Question::Polite),
        "help" | "capabilities" | "features" | "formats" | "resolution" | "duration" | "length"
        | "fps" => {
            if ws.len() <= 3 {
                Some(Question::Info)
            } else {
                None
            }
        }
        _ => None,
    };
    q.or_else(|| prompt.trim_end().ends_with('?').then_some(Question::Polite))
}

const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "yo",
    "morning",
    "evening",
    "howdy",
    "greetings",
];
const THANKS: &[&str] = &[
    "thanks", "thank", "thx", "ty", "cheers", "great", "perfect", "awesome", "nice", "cool", "ok",
    "okay",
];

/// "give me some info about this video": a request for facts.
pub fn asks_info(toks: &[Tok]) -> bool {
    let ws = words(toks);
    ws.iter().any(|w| {
        matches!(
            *w,
            "info" | "information" | "details" | "specs" | "properties" | "stats" | "metadata"
        )
    }) && ws.iter().any(|w| {
        matches!(
            *w,
            "about" | "of" | "on" | "for" | "show" | "give" | "tell" | "get"
        )
    })
}

pub fn is_smalltalk(toks: &[Tok]) -> bool {
    let ws = words(toks);
    !ws.is_empty()
        && ws
            .iter()
            .any(|w| GREETINGS.contains(w) || THANKS.contains(w))
        && ws.len() <= 6
}

pub fn smalltalk(toks: &[Tok]) -> Option<String> {
    let ws = words(toks);
    if ws.iter().any(|w| THANKS.contains(w)) {
        return Some(
            "You're welcome! Tell me what to do next with the file, or upload another.".into(),
        );
    }
    if ws.iter().any(|w| GREETINGS.contains(w)) {
        return Some(format!(
            "Hello! Upload a file and tell me what to do with it. {CAN_DO}"
        ));
    }
    None
}

fn fmt_secs(d: f64) -> String {
    if d >= 60.0 {
        let m = (d / 60.0).floor();
        format!("{d:.2} seconds ({}:{:05.2})", m as u64, d - m * 60.0)
    } else {
        format!("{d:.2} seconds")
    }
}

fn fact_line(f: &FileFacts, wants: &[&str]) -> String {
    if f.kind == MediaKind::Document {
        return super::grammar::documents::fact_line(f);
    }
    let all = wants.is_empty();
    let mut parts = Vec::new();
    if all || wants.contains(&"format") {
        parts.push(format!("{} ({})", f.kind.word(), f.format.extension()));
    }
    if all || wants.contains(&"dims") {
        match (f.width, f.height) {
            (Some(w), Some(h)) => parts.push(format!("{w}×{h} pixels")),
            _ if f.kind == MediaKind::Audio => parts.push("audio only, no picture".into()),
            _ => {}
        }
    }
    if all || wants.contains(&"duration") {
        match f.duration_secs {
            Some(d) if f.kind != MediaKind::Image => parts.push(format!("{} long", fmt_secs(d))),
            _ if wants.contains(&"duration") => {
                parts.push("a still picture, with no duration".into())
            }
            _ => {}
        }
    }
    if all || wants.contains(&"fps") {
        match f.fps {
            Some(fps) => parts.push(format!("{fps:.2} fps")),
            None if wants.contains(&"fps") => parts.push("no frame rate (not a video)".into()),
            None => {}
        }
    }
    if (all && matches!(f.kind, MediaKind::Video)) || wants.contains(&"audio") {
        parts.push(if f.has_audio {
            "with audio".into()
        } else {
            "without audio".into()
        });
    }
    format!("{} is {}.", f.name, parts.join(", "))
}

/// The words of a prompt, for "does it say any of these?".
struct Said<'a>(Vec<&'a str>);

impl Said<'_> {
    fn has(&self, xs: &[&str]) -> bool {
        self.0.iter().any(|w| xs.contains(w))
    }
}

/// Answer a question about the files or about what kiln can do.
pub fn answer(prompt: &str, toks: &[Tok], inputs: &[FileFacts], intents: &[Intent]) -> String {
    let said = Said(words(toks));
    let about_kiln = asks_about_kiln(&said);
    if let Some(a) = about_formats(&said, about_kiln) {
        return a;
    }
    if let Some(a) = how_to(prompt, &said, inputs, intents) {
        return a;
    }
    if let Some(a) = about_files(toks, &said, inputs, about_kiln) {
        return a;
    }
    if !intents.is_empty() {
        // A question naming an operation ("is it possible to ...?" with no file).
        return format!(
            "Yes, I can do that: upload the file and ask, e.g. \"{}\".",
            strip_question(prompt)
        );
    }
    let about_files = match inputs {
        [] => String::new(),
        [f, ..] => format!(
            " With {} ({}), you could ask for example: {}.",
            f.name,
            f.kind.word(),
            super::capabilities::suggestions(f.kind).join("; ")
        ),
    };
    format!(
        "I run file operations here on the box: nothing is sent elsewhere. {CAN_DO}{about_files}"
    )
}

/// Whether the question is about kiln (formats, operations), not a file.
fn asks_about_kiln(said: &Said) -> bool {
    said.has(&[
        "you",
        "kiln",
        "support",
        "supported",
        "capabilities",
        "features",
        "help",
        "operations",
        "possible",
        "can",
    ]) && !said.has(&[
        "this", "it", "file", "image", "video", "clip", "audio", "song",
    ]) || said.has(&["formats"])
        && said.has(&[
            "you",
            "can",
            "support",
            "supported",
            "make",
            "output",
            "convert",
            "export",
            "which",
            "what",
        ])
}

/// "do you support heic?", "what formats can you make?".
fn about_formats(said: &Said, about_kiln: bool) -> Option<String> {
    let named: Vec<FormatWord> = said.0.iter().filter_map(|w| format_word(w)).collect();
    if !named.is_empty()
        && said.has(&[
            "support",
            "supported",
            "handle",
            "read",
            "open",
            "accept",
            "make",
            "write",
            "output",
            "export",
            "convert",
            "work",
        ])
    {
        let lines: Vec<String> = named
            .iter()
            .map(|f| match f {
                FormatWord::Writable(f) => format!("Yes: kiln reads and writes {}.", f.extension()),
                FormatWord::Unwritable(name) => {
                    format!("kiln can read some {name} files but does not write {name}.")
                }
            })
            .collect();
        return Some(format!(
            "{} {}",
            lines.join(" "),
            super::capabilities::FORMATS_SENTENCE
        ));
    }
    (said.has(&["formats", "format", "extensions", "types"]) && about_kiln)
        .then(|| super::capabilities::FORMATS_SENTENCE.to_string())
}

/// "how do I make it black and white?": what the request would do.
fn how_to(prompt: &str, said: &Said, inputs: &[FileFacts], intents: &[Intent]) -> Option<String> {
    let how = said.0.first().is_some_and(|w| *w == "how")
        && said
            .0
            .get(1)
            .is_some_and(|w| matches!(*w, "do" | "can" | "would" | "should" | "to" | "could"))
        || said.has(&["possible"]);
    if !how || intents.is_empty() {
        return None;
    }
    let stripped = strip_question(prompt);
    if inputs.is_empty() || stripped.len() >= prompt.trim().len() {
        return Some(format!(
            "Upload the file and ask in plain words, e.g. \"{stripped}\"."
        ));
    }
    Some(match super::plan(&stripped, inputs) {
        super::Plan::Command { steps } => format!(
            "Just ask, e.g. \"{stripped}\": I would {}.",
            steps
                .iter()
                .map(|s| lower_first(&s.description))
                .collect::<Vec<_>>()
                .join(", then ")
        ),
        super::Plan::Refuse { message } | super::Plan::Chat { message } => message,
    })
}

/// What the question asks of the files: sizes, length, format, frame rate,
/// audio.
fn wanted_facts(toks: &[Tok], said: &Said) -> Vec<&'static str> {
    let mut wants = Vec::new();
    let res_units = toks.iter().any(|t| {
        matches!(
            t.t,
            super::tokens::T::Qty(_, super::tokens::Unit::K | super::tokens::Unit::P)
        )
    });
    if res_units
        || said.has(&[
            "hd",
            "uhd",
            "resolution",
            "dimensions",
            "dimension",
            "size",
            "big",
            "large",
            "width",
            "height",
            "pixels",
            "wide",
            "tall",
            "px",
            "small",
            "aspect",
            "ratio",
            "orientation",
            "portrait",
            "landscape",
        ])
    {
        wants.push("dims");
    }
    if said.has(&[
        "long", "duration", "length", "runtime", "minutes", "second", "minute", "time",
    ]) {
        wants.push("duration");
    }
    if said.has(&[
        "format",
        "type",
        "kind",
        "container",
        "codec",
        "extension",
        "encoded",
    ]) {
        wants.push("format");
    }
    if said.has(&["fps", "framerate", "frame", "rate"]) {
        wants.push("fps");
    }
    if said.has(&["audio", "sound", "music", "silent", "mute"]) {
        wants.push("audio");
    }
    wants
}

/// "what resolution is this?", "tell me about this file".
fn about_files(
    toks: &[Tok],
    said: &Said,
    inputs: &[FileFacts],
    about_kiln: bool,
) -> Option<String> {
    let wants = wanted_facts(toks, said);
    let generic = said.has(&[
        "info",
        "details",
        "information",
        "properties",
        "about",
        "describe",
        "tell",
        "metadata",
        "specs",
        "what",
    ]) && said.has(&[
        "this", "it", "file", "image", "video", "clip", "audio", "song", "these", "them",
    ]);
    let about_document = super::grammar::documents::asks_about(&said.0, inputs);
    if (wants.is_empty() && !generic && !about_document) || about_kiln {
        return None;
    }
    if inputs.is_empty() {
        return Some("Upload a file and name it in `files` (or continue a thread), and I'll tell you its resolution, length, format, frame rate and whether it has audio.".into());
    }
    Some(
        inputs
            .iter()
            .map(|f| fact_line(f, &wants))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "how do I make it gray?" → "make it gray".
fn strip_question(prompt: &str) -> String {
    let p = prompt.trim().trim_end_matches('?').trim();
    let lower = p.to_lowercase();
    for lead in [
        "how do i ",
        "how can i ",
        "how would i ",
        "how should i ",
        "how to ",
        "is it possible to ",
        "can you ",
        "could you ",
        "would you ",
        "how do you ",
        "is there a way to ",
    ] {
        if lower.starts_with(lead) {
            return p.get(lead.len()..).unwrap_or(p).to_string();
        }
    }
    p.to_string()
}
