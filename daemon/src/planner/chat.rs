//! Answers: questions about the files ("what resolution is this?"), about
//! what kiln can do ("what formats can you make?"), "how do I ...?", and
//! small talk.

use super::grammar::Intent;
use super::lexicon::{codec_word, format_word, FormatWord};
use super::tokens::{Tok, T};
use super::CAN_DO;
use crate::media::ops::{FileFacts, MediaKind};

fn words(toks: &[Tok]) -> Vec<&str> {
    toks.iter().filter_map(|t| t.word()).collect()
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
    // "help", "help me please": what kiln can do.
    let help = !ws.is_empty()
        && ws
            .iter()
            .all(|w| matches!(*w, "help" | "me" | "please" | "pls" | "plz"))
        && ws.contains(&"help");
    help || !ws.is_empty()
        && ws
            .iter()
            .any(|w| GREETINGS.contains(w) || THANKS.contains(w))
        && ws.len() <= 6
        // "ok so just 0:40-1:20": values are a request.
        && toks.iter().all(|t| matches!(t.t, T::Word(_) | T::Sep))
}

pub fn smalltalk(toks: &[Tok]) -> Option<String> {
    let ws = words(toks);
    if ws.iter().any(|w| THANKS.contains(w)) {
        return Some(
            "You're welcome! Tell me what to do next with the file, or upload another.".into(),
        );
    }
    if ws.iter().any(|w| GREETINGS.contains(w) || *w == "help") {
        return Some(format!(
            "Hello! Upload a file and tell me what to do with it. {CAN_DO}"
        ));
    }
    None
}

/// "16:9", or the nearest usual shape to a ratio that reduces to none
/// ("about 16:9 (1.78:1)" of 1366×768).
fn aspect_words(w: u32, h: u32) -> String {
    let ratio = f64::from(w) / f64::from(h.max(1));
    if let Some((a, b)) = crate::media::ops::Aspect::new(w, h)
        .map(|a| a.ratio())
        .filter(|&(a, b)| a <= 32 && b <= 32)
    {
        return format!("aspect ratio {a}:{b}");
    }
    const USUAL: &[(u32, u32)] = &[
        (16, 9),
        (9, 16),
        (4, 3),
        (3, 4),
        (3, 2),
        (2, 3),
        (1, 1),
        (21, 9),
        (4, 5),
        (5, 4),
    ];
    let near = USUAL
        .iter()
        .min_by(|x, y| {
            let d = |r: &(u32, u32)| (f64::from(r.0) / f64::from(r.1) - ratio).abs();
            d(x).total_cmp(&d(y))
        })
        .filter(|r| (f64::from(r.0) / f64::from(r.1) - ratio).abs() < 0.02);
    match near {
        Some((p, q)) => format!("aspect ratio about {p}:{q} ({ratio:.2}:1)"),
        None => format!("aspect ratio {ratio:.2}:1"),
    }
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
    let want = |w: &str| all || wants.contains(&w);
    let mut parts = Vec::new();
    if want("format") {
        parts.push(format!("{} ({})", f.kind.word(), f.format.extension()));
    }
    if want("codec") {
        if let Some(c) = &f.video_codec {
            parts.push(format!("video codec {}", codec_name(c)));
        }
    }
    if want("dims") {
        match (f.width, f.height) {
            // A picture's megapixels too, as cameras count them.
            (Some(w), Some(h))
                if f.kind == MediaKind::Image && u64::from(w) * u64::from(h) >= 1_000_000 =>
            {
                let mp = f64::from(w) * f64::from(h) / 1e6;
                parts.push(format!("{w}×{h} pixels ({mp:.1} megapixels)"))
            }
            (Some(w), Some(h)) => parts.push(format!("{w}×{h} pixels")),
            _ if f.kind == MediaKind::Audio => parts.push("audio only, no picture".into()),
            _ => {}
        }
    }
    if wants.contains(&"aspect") {
        if let (Some(w), Some(h)) = (f.width, f.height) {
            parts.push(aspect_words(w, h));
        }
    }
    if wants.contains(&"orientation") {
        if let (Some(w), Some(h)) = (f.width, f.height) {
            parts.push(
                match w.cmp(&h) {
                    std::cmp::Ordering::Greater => "landscape (wider than tall)",
                    std::cmp::Ordering::Less => "portrait (taller than wide)",
                    std::cmp::Ordering::Equal => "square",
                }
                .into(),
            );
        }
    }
    if want("duration") {
        match f.duration_secs {
            Some(d) if f.kind != MediaKind::Image => parts.push(format!("{} long", fmt_secs(d))),
            _ if wants.contains(&"duration") => {
                parts.push("a still picture, with no duration".into())
            }
            _ => {}
        }
    }
    if want("fps") {
        match f.fps {
            Some(fps) => parts.push(format!("{fps:.2} fps")),
            None if wants.contains(&"fps") => parts.push("no frame rate (not a video)".into()),
            None => {}
        }
    }
    if want("frames") {
        match f.fps.zip(f.duration_secs) {
            Some((fps, d)) => parts.push(format!("about {} frames", (fps * d).round())),
            None if wants.contains(&"frames") => parts.push("a single picture".into()),
            None => {}
        }
    }
    // "does it have sound?": yes or no, said as such.
    if wants == ["audio"] {
        let with = if f.has_audio { "with" } else { "without" };
        return format!("{} is {} {with} audio.", f.name, f.kind.word());
    }
    if (all && matches!(f.kind, MediaKind::Video)) || wants.contains(&"audio") {
        parts.push(if f.has_audio {
            "with audio".into()
        } else {
            "without audio".into()
        });
    }
    audio_facts(f, wants, &mut parts);
    if want("bytes") {
        if let Some(b) = f.bytes {
            parts.push(format!("{:.2} MB", b as f64 / 1e6));
        }
    }
    format!("{} is {}.", f.name, parts.join(", "))
}

/// Bitrate, sample rate and channels, where asked for (or everything).
fn audio_facts(f: &FileFacts, wants: &[&str], parts: &mut Vec<String>) {
    let all = wants.is_empty();
    if all || wants.contains(&"bitrate") {
        match (f.bytes, f.duration_secs) {
            (Some(b), Some(d)) if d > 0.0 => {
                parts.push(format!("{:.0} kb/s overall", b as f64 * 8.0 / d / 1000.0))
            }
            _ if wants.contains(&"bitrate") => parts.push("bitrate not known".into()),
            _ => {}
        }
    }
    if all || wants.contains(&"rate") {
        if let Some(r) = f.sample_rate {
            parts.push(format!("sampled at {r} Hz"));
        }
    }
    if all || wants.contains(&"channels") {
        match f.channels {
            Some(1) => parts.push("mono (1 channel)".into()),
            Some(2) => parts.push("stereo (2 channels)".into()),
            Some(n) => parts.push(format!("{n} channels")),
            None => {}
        }
    }
}

/// A probed codec name as people know it.
fn codec_name(c: &str) -> String {
    match c {
        "h264" => "h264 (H.264/AVC, x264)".into(),
        "hevc" => "hevc (H.265, x265)".into(),
        "av1" => "av1 (AV1)".into(),
        "prores" => "prores (Apple ProRes)".into(),
        other => other.to_string(),
    }
}

/// The words of a prompt, for "does it say any of these?".
struct Said<'a>(Vec<&'a str>);

impl Said<'_> {
    fn has(&self, xs: &[&str]) -> bool {
        self.0.iter().any(|w| xs.contains(w))
    }
}

/// How the answer to a question about something kiln does not do begins.
pub(super) const CANNOT: &str = "No: kiln can't";

/// Answer a question about the files or about what kiln can do.
pub fn answer(prompt: &str, toks: &[Tok], inputs: &[FileFacts], intents: &[Intent]) -> String {
    let said = Said(words(toks));
    if asks_page_count(&said, inputs) {
        if let Some(a) = about_files(toks, &said, inputs, false) {
            return a;
        }
    }
    let about_kiln = asks_about_kiln(&said);
    // "does it stabilise video?": no, and what it does.
    if let Some(Intent::Unsupported(what)) =
        intents.iter().find(|i| matches!(i, Intent::Unsupported(_)))
    {
        return format!("{CANNOT} {what}. {CAN_DO}");
    }
    // "does this photo have gps data in it?": tags kiln does not read.
    // ("how do I remove the metadata?" is answered with the step.)
    let removing = said.has(&[
        "remove", "strip", "delete", "erase", "clear", "wipe", "rid", "without", "scrub",
    ]);
    if !inputs.is_empty() && tags_asked(&said) && !removing {
        let facts = inputs
            .iter()
            .map(|f| fact_line(f, &[]))
            .collect::<Vec<_>>()
            .join(" ");
        return format!("{TAGS_UNREAD} {facts}");
    }
    // "which option do I use to remove the audio?", "what command converts
    // it to mp3?": how to do a step on the file at hand.
    let step_asked = intents
        .iter()
        .any(|i| !matches!(i, Intent::Frames { .. } | Intent::Need(_)));
    if step_asked
        && !inputs.is_empty()
        && said.has(&[
            "option",
            "command",
            "setting",
            "flag",
            "parameter",
            "argument",
        ])
    {
        if let Some(a) = how_to(prompt, &said, inputs, intents) {
            return a;
        }
    }
    if let Some(a) = plays_everywhere(&said, intents) {
        return a;
    }
    if let Some(a) = own_choice(&said, inputs, intents) {
        return a;
    }
    if let Some(a) = about_formats(&said, about_kiln) {
        return a;
    }
    // "what can you do with gifs?": what kiln does with that kind of file.
    if said.has(&["what"]) && said.has(&["can"]) && said.has(&["you", "kiln"]) && said.has(&["do"])
    {
        return format!(
            "I run file operations here on the box: nothing is sent elsewhere. {CAN_DO}"
        );
    }
    // "how do I get the number of frames?", "is this 60 fps?": a fact, not
    // a step.
    let specific = ["frames", "bitrate", "codec", "rate", "channels", "bytes"];
    let wants = wanted_facts(toks, &said);
    let steps = intents.iter().any(|i| !matches!(i, Intent::Frames { .. }));
    let is_how = said.0.windows(2).any(|p| {
        p[0] == "how" && matches!(p[1], "do" | "can" | "to" | "would" | "should" | "could")
    });
    // ("how can I get all frames of a gif as jpeg?": a step, not a fact.)
    let all_frames = intents.iter().any(|i| matches!(i, Intent::AllFrames(_)))
        && !said.has(&["number", "many", "count", "total", "amount"]);
    // "how can I get the duration?", "how do I know it is 720p?": a fact
    // asked by the way to learn it ("how do I get rid of ..." asks a step).
    let how_to_learn = is_how
        && !wants.is_empty()
        && !all_frames
        && said.0.windows(2).enumerate().any(|(k, p)| {
            matches!(p[0], "i" | "we" | "to" | "you")
                && matches!(
                    p[1],
                    "get" | "know" | "find" | "check" | "see" | "tell" | "determine"
                )
                && said.0.get(k + 2) != Some(&"rid")
        });
    let facts_first = wants.contains(&"frames") && !all_frames
        || how_to_learn
        || !steps && wants.iter().any(|w| specific.contains(w))
        || !is_how
            && !wants.is_empty()
            && said.0.first().is_some_and(|w| {
                // "get resolution", "show me the fps": asked for plainly.
                matches!(
                    *w,
                    "is" | "are"
                        | "does"
                        | "do"
                        | "what"
                        | "whats"
                        | "which"
                        | "how"
                        | "get"
                        | "find"
                        | "show"
                        | "print"
                        | "give"
                )
            });
    // "can you tell me the resolution?", "I wonder whether it has sound".
    let tell_me = !steps && !wants.is_empty() && asks_to_know(&said);
    if (facts_first || tell_me) && !inputs.is_empty() {
        if let Some(a) = about_files(toks, &said, inputs, false) {
            return a;
        }
    }
    if let Some(a) = how_to(prompt, &said, inputs, intents) {
        return a;
    }
    // "does ABC support changing the audio playback speed?": a step asked
    // about, with no file, whatever fact words it has.
    if steps && inputs.is_empty() {
        return no_file_yet(&strip_question(prompt), intents);
    }
    if let Some(a) = about_files(toks, &said, inputs, about_kiln) {
        return a;
    }
    if !intents.is_empty() && inputs.is_empty() {
        // A question naming an operation ("is it possible to ...?" with no file).
        return no_file_yet(&strip_question(prompt), intents);
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
    format!("{GENERAL} {CAN_DO}{about_files}")
}

/// "what video codec does Telegram support?", "which format plays on my
/// website?", "how can I play mp4 on chrome?": the format a player, a site
/// or a device takes, asked with no step to do.
fn plays_everywhere(said: &Said, intents: &[Intent]) -> Option<String> {
    const PLACES: &[&str] = &[
        "chrome",
        "firefox",
        "safari",
        "edge",
        "browser",
        "browsers",
        "website",
        "site",
        "web",
        "html",
        "html5",
        "twitter",
        "telegram",
        "whatsapp",
        "instagram",
        "youtube",
        "discord",
        "facebook",
        "tiktok",
        "tv",
        "iphone",
        "ipad",
        "ios",
        "android",
        "phone",
        "phones",
        "everywhere",
        "devices",
        "imessage",
    ];
    let which = said.has(&["which", "what", "how"]);
    let kind = said.has(&[
        "format",
        "formats",
        "codec",
        "codecs",
        "filetype",
        "filetypes",
        "extension",
        "container",
        "mp4",
        "video",
        "videos",
    ]);
    let taken = said.has(&[
        "play",
        "plays",
        "playable",
        "playback",
        "supported",
        "support",
        "supports",
        "allowed",
        "accepted",
        "accepts",
        "compatible",
        "compatibility",
        "work",
        "works",
        "upload",
        "for",
    ]);
    // ("what format for twitter, mp4?": a format named is no step.)
    let steps = intents.iter().any(|i| {
        !matches!(
            i,
            Intent::Compatible | Intent::Need(_) | Intent::Frames { .. } | Intent::ConvertTo { .. }
        )
    });
    if !(which && kind && taken && said.has(PLACES)) || steps || said.has(&["kiln"]) {
        return None;
    }
    Some(
        "For video that plays everywhere (browsers, phones, TVs, and sites such as YouTube, X, \
         Telegram and WhatsApp), use MP4 with H.264 video (h264) and AAC audio: ask \"convert to \
         mp4\". For sound alone, MP3 plays everywhere: ask \"convert to mp3\"."
            .to_string(),
    )
}

/// The opening of the answer that says only what kiln does in general.
pub const GENERAL: &str = "I run file operations here on the box: nothing is sent elsewhere.";

/// "which codec does this use, h264 or h265?", "is this a jpeg or png?",
/// "is it h265?":
/// the file's own format or codec, the choices named.
fn own_choice(said: &Said, inputs: &[FileFacts], intents: &[Intent]) -> Option<String> {
    let named = said
        .0
        .iter()
        .filter(|w| codec_word(w).is_some() || format_word(w).is_some())
        .count();
    // "is this a jpeg?": one format, asked about.
    let format_at = |k: usize| {
        said.0
            .get(k)
            .is_some_and(|w| codec_word(w).is_some() || format_word(w).is_some())
    };
    let is_it = matches!(said.0.first(), Some(&("is" | "are")))
        && matches!(said.0.get(1), Some(&("this" | "it" | "that" | "these")))
        && (format_at(2) || matches!(said.0.get(2), Some(&("a" | "an"))) && format_at(3));
    let own = !inputs.is_empty()
        && said.has(&["this", "it", "its", "my", "file"])
        && (said.has(&["or"]) && named >= 2 || is_it && named >= 1)
        && intents
            .iter()
            .all(|i| matches!(i, Intent::ConvertTo { .. } | Intent::Codec { .. }));
    if !own {
        return None;
    }
    let codec = said.0.iter().any(|w| codec_word(w).is_some());
    let wants: &[&str] = if codec { &["codec"] } else { &["format"] };
    Some(
        inputs
            .iter()
            .map(|f| fact_line(f, wants))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Words asking to be told something: "tell me", "I wonder whether".
fn asks_to_know(said: &Said) -> bool {
    said.has(&[
        "tell",
        "show",
        "know",
        "wonder",
        "wondering",
        "curious",
        "check",
        "whether",
        // ("if I can see FPS info in videos"; "information" is more often
        // what a file shows.)
        "info",
    ])
}

/// Whether a prompt with nothing to do asks about a fact of the files:
/// "hi, I was wondering whether this video has an audio track".
pub fn asks_facts(toks: &[Tok], inputs: &[FileFacts]) -> bool {
    let said = Said(words(toks));
    // ("a way to quickly display the true bitrate", not "they display
    // correctly on the iphone".)
    let displayed = said.has(&["display"])
        && !said.has(&["correctly", "incorrectly", "fine", "properly", "wrong"]);
    asks_page_count(&said, inputs)
        || !inputs.is_empty()
            && (asks_to_know(&said) || displayed)
            && !wanted_facts(toks, &said).is_empty()
}

/// "count pdf pages", "the number of pages": a document's page count.
fn asks_page_count(said: &Said, inputs: &[FileFacts]) -> bool {
    said.has(&["page", "pages"])
        && said.has(&["count", "counting", "number", "many", "total"])
        && super::grammar::documents::asks_about(&said.0, inputs)
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
    let named: Vec<(&str, FormatWord)> = said
        .0
        .iter()
        .filter_map(|w| Some((*w, asked_format(w)?)))
        .collect();
    let mut codecs: Vec<&str> = said
        .0
        .iter()
        .filter_map(|w| codec_word(w))
        .map(|c| c.word())
        .collect();
    // ("x265 (--hevc)": one codec named twice.)
    let mut seen = std::collections::HashSet::new();
    codecs.retain(|c| seen.insert(*c));
    let asks = said.has(&[
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
        "encode",
        "use",
    ]);
    if !codecs.is_empty() && named.is_empty() && asks {
        return Some(format!(
            "Yes: kiln encodes {} (ask e.g. \"convert to {}\"). {}",
            codecs.join(", "),
            codecs[0],
            super::capabilities::FORMATS_SENTENCE
        ));
    }
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
            "allowed",
            "supports",
            "compatible",
        ])
        // ("is mts possible?"; "is it possible to get the duration of an
        // mp3?" asks something else.)
        || !named.is_empty() && said.has(&["possible"]) && !said.has(&["to"])
    {
        let mut lines: Vec<String> = named
            .iter()
            .map(|(w, f)| match f {
                FormatWord::Writable(_) if *w == "alac" => {
                    "Yes: kiln writes Apple Lossless (ALAC) in m4a (ask e.g. \"convert to alac\")."
                        .to_string()
                }
                // ("divx": an AVI, said by the name asked.)
                FormatWord::Writable(f) if !w.eq_ignore_ascii_case(f.extension()) => format!(
                    "Yes: kiln reads and writes {} ({}).",
                    f.extension(),
                    w.to_uppercase()
                ),
                FormatWord::Writable(f) => format!("Yes: kiln reads and writes {}.", f.extension()),
                FormatWord::Unwritable("PDF") => PDF_LINE.to_string(),
                FormatWord::Unwritable(name) => {
                    // ("CR2": camera RAW, by the name asked.)
                    let asked = if name.eq_ignore_ascii_case(w) {
                        String::new()
                    } else {
                        format!(" ({})", w.to_uppercase())
                    };
                    if UNREAD.contains(name) {
                        format!("kiln neither reads nor writes {name} files{asked}.")
                    } else {
                        format!("kiln can read some {name} files{asked} but does not write {name}.")
                    }
                }
            })
            .collect();
        // ("DDS to PNG ... DDS as an input": each format answered once.)
        let mut seen = std::collections::HashSet::new();
        lines.retain(|l| seen.insert(l.clone()));
        return Some(format!(
            "{} {}",
            lines.join(" "),
            super::capabilities::FORMATS_SENTENCE
        ));
    }
    // "Is support office file? docx, xlsx, pptx?": office documents, which
    // kiln makes into PDFs.
    if said.has(OFFICE) && (asks || about_kiln) {
        return Some(format!(
            "{PDF_LINE} {}",
            super::capabilities::FORMATS_SENTENCE
        ));
    }
    (said.has(&["formats", "format", "extensions", "types"]) && about_kiln)
        .then(|| super::capabilities::FORMATS_SENTENCE.to_string())
}

/// Office documents' names, which kiln reads to make PDFs.
const OFFICE: &[&str] = &[
    "office", "docx", "doc", "xlsx", "xls", "pptx", "ppt", "odt", "ods", "odp",
];

/// "convert DDS to other formats such as PNG", "add support for DDS
/// files", with no file: a conversion of a format kiln neither reads nor
/// writes, refused by name ("how" and "why" questions are answered).
pub fn unread_wanted(toks: &[Tok]) -> Option<String> {
    let said = Said(words(toks));
    let wants = said.has(&[
        "convert",
        "converting",
        "conversion",
        "support",
        "ability",
        "export",
        "turn",
    ]);
    if !wants || said.has(&["how", "why", "reason", "what"]) {
        return None;
    }
    let name = said.0.iter().find_map(|w| match format_word(w) {
        Some(FormatWord::Unwritable(name)) if UNREAD.contains(&name) => Some(name),
        _ => None,
    })?;
    Some(format!(
        "kiln neither reads nor writes {name} files, so I did nothing. {CAN_DO}"
    ))
}

/// Formats kiln does not open: its pictures are PNG, JPEG, WebP, BMP,
/// TIFF, GIF and HEIC, and MIDI holds notes, not sound.
const UNREAD: &[&str] = &[
    "DjVu",
    "GIMP XCF",
    "Telegram sticker (tgs)",
    "PSD",
    "DDS",
    "OpenEXR",
    "MIDI",
    "camera RAW",
    "JPEG XL",
    "ICO",
    "SVG",
    "TGA",
];

/// What kiln does with PDFs, which are documents rather than media formats.
const PDF_LINE: &str = "kiln makes PDFs from pictures and office documents (docx, odt, pptx, xlsx...), merges, splits and compresses PDFs and turns their pages into pictures; it does not turn a PDF back into an editable document.";

/// A format asked about: one the planner knows, or a camcorder's AVCHD
/// clip, read and never written (named only in questions: in a story,
/// "the files are .MTS" is what they are, no format to make).
fn asked_format(w: &str) -> Option<FormatWord> {
    format_word(w).or(match w.trim_start_matches('.') {
        "mts" | "m2ts" => Some(FormatWord::Unwritable("MPEG-TS")),
        _ => None,
    })
}

/// "add support for .weba files" with no file: what kiln reads and writes.
pub fn about_support(toks: &[Tok]) -> Option<String> {
    let said = Said(words(toks));
    // "which formats do you support?": formats asked about, none named.
    let named = said.0.iter().any(|w| asked_format(w).is_some())
        || said.has(OFFICE)
        || said.has(&["format", "formats", "codec", "codecs", "filetypes"])
            && said.has(&["what", "which"]);
    let support = said.has(&[
        "support",
        "supported",
        "accept",
        "accepts",
        "handle",
        "extension",
        "extensions",
        "feature",
        "option",
        "allow",
        "list",
    ]);
    (named && support).then(|| {
        about_formats(&said, true)
            .unwrap_or_else(|| super::capabilities::FORMATS_SENTENCE.to_string())
    })
}

/// "can you rotate a video by 90°?" with no file: yes, what it would do,
/// and how to ask.
fn no_file_yet(asked: &str, intents: &[Intent]) -> String {
    let mut ops: Vec<String> = intents
        .iter()
        .filter_map(|i| match i {
            Intent::Op(op) | Intent::Default(op) => Some(lower_first(&op.describe())),
            // "options to rotate a video by 90/180/270 degrees?": the step,
            // whichever value.
            Intent::Vague { op, .. } => Some(op.replace('_', " ")),
            Intent::ConvertTo {
                to: super::lexicon::FormatWord::Writable(f),
                ..
            } => Some(format!("convert to {}", f.extension())),
            Intent::AudioOnly(_) => Some("take the sound out".into()),
            Intent::Gif { .. } => Some("make a GIF".into()),
            Intent::Frames { .. } | Intent::AllFrames(_) => Some("take frames".into()),
            Intent::Thumbnail(_) => Some("make a thumbnail".into()),
            Intent::Slideshow { .. } => Some("make a slideshow".into()),
            Intent::Combine => Some("join files".into()),
            Intent::Watermark { .. } => Some("add a watermark".into()),
            Intent::Compatible => Some("convert to a format that plays everywhere".into()),
            other => match other.family() {
                Some(f @ ("crop" | "scale" | "trim" | "compress")) => Some(f.into()),
                _ => None,
            },
        })
        .collect();
    // ("can you normalize all of them to the same level?": one step said twice.)
    let mut seen = std::collections::HashSet::new();
    ops.retain(|o| seen.insert(o.clone()));
    let can = if ops.is_empty() {
        "do that".to_string()
    } else {
        ops.join(", ")
    };
    if asked.chars().count() <= 80 {
        format!("Yes, I can {can}: upload the file and ask in plain words, e.g. \"{asked}\".")
    } else {
        format!("Yes, I can {can}: upload the file and ask in plain words.")
    }
}

/// "how do I make it black and white?": what the request would do.
fn how_to(prompt: &str, said: &Said, inputs: &[FileFacts], intents: &[Intent]) -> Option<String> {
    // "which option do I use to ...", "where is the option to ...".
    let how = said.has(&[
        "option",
        "command",
        "setting",
        "flag",
        "parameter",
        "argument",
    ]) || said.0.windows(2).any(|p| {
        p[0] == "how"
            && matches!(
                p[1],
                "do" | "can" | "would" | "should" | "to" | "could" | "i" | "we" | "does"
            )
    }) || said.has(&["possible", "way", "method"]);
    if !how || intents.is_empty() {
        return None;
    }
    let stripped = strip_question(prompt);
    if inputs.is_empty() {
        return Some(no_file_yet(&stripped, intents));
    }
    if stripped.len() >= prompt.trim().len() {
        return None;
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
        // "how do I rotate this video?": how to ask, with what is missing.
        super::Plan::Refuse { message } => {
            match message.strip_prefix("I need a little more to do that: ") {
                Some(what) => format!("Just ask, e.g. \"{stripped}\", and {}", what),
                None => message,
            }
        }
        super::Plan::Chat { message } => message,
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
            "megapixels",
            "megapixel",
        ])
    {
        wants.push("dims");
        if said.has(&["aspect", "ratio"]) {
            wants.push("aspect");
        }
        if said.has(&[
            "portrait",
            "landscape",
            "orientation",
            "vertical",
            "horizontal",
        ]) {
            wants.push("orientation");
        }
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
    let unit = |u: super::tokens::Unit| {
        toks.iter()
            .any(|t| matches!(t.t, super::tokens::T::Qty(_, x) if x == u))
    };
    if unit(super::tokens::Unit::Fps) {
        wants.push("fps");
    }
    if unit(super::tokens::Unit::Mb) || unit(super::tokens::Unit::Kb) {
        wants.push("bytes");
    }
    // "the number of frames per second" is the rate, not a count.
    let per_second = toks.windows(3).any(|w| {
        w[0].is_any(&["frame", "frames"])
            && w[1].is_any(&["per", "a"])
            && w[2].is_any(&["second", "sec"])
    });
    // "how many pictures are in the gif": its frames.
    let pictures_of_gif =
        said.has(&["picture", "pictures", "image", "images"]) && said.has(&["gif"]);
    let frames_count = (said.has(&["frame"]) || pictures_of_gif)
        && said.has(&["number", "count", "many", "total", "amount"])
        && !per_second;
    if frames_count {
        wants.push("frames");
    } else if said.has(&["fps", "framerate", "frame"])
        || said.has(&["rate"]) && !said.has(&["bitrate", "bit", "sample", "sampling", "samplerate"])
    {
        wants.push("fps");
    }
    // "how the video is encoded" ("encoded" reads as "convert").
    let encoded = said
        .0
        .windows(2)
        .any(|p| matches!(p[0], "is" | "was" | "are") && p[1] == "convert")
        && said.has(&["how", "what", "which"]);
    if encoded
        || said.has(&[
            "codec", "x264", "x265", "h264", "h265", "hevc", "encoded", "encoding", "av1", "prores",
        ])
    {
        wants.push("codec");
    }
    if said.has(&["bitrate", "bit", "kbps"]) {
        wants.push("bitrate");
    }
    if said.has(&["sample", "sampling", "samplerate", "hz", "khz"]) {
        wants.push("rate");
    }
    if said.has(&["channels", "channel", "mono", "stereo"]) {
        wants.push("channels");
    }
    if said.has(&[
        "mb",
        "megabytes",
        "bytes",
        "heavy",
        "filesize",
        "weigh",
        "weighs",
    ]) || said.has(&["file"]) && said.has(&["size", "big", "large"])
    {
        wants.push("bytes");
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
    let facts = inputs
        .iter()
        .map(|f| fact_line(f, &wants))
        .collect::<Vec<_>>()
        .join(" ");
    Some(match inputs {
        [f] => match super::verdict::of(toks, f) {
            Some(true) => format!("Yes: {facts}"),
            Some(false) => format!("No: {facts}"),
            None => facts,
        },
        _ => facts,
    })
}

/// The answer to a question about a file's tags, which kiln does not read.
const TAGS_UNREAD: &str = "kiln does not read the tags a file carries (location, camera, date taken); \"strip the metadata\" removes them all, the location included.";

/// "does this photo have gps data in it?", "what camera took this?": the
/// tags of a picture asked about.
fn tags_asked(said: &Said) -> bool {
    said.has(&[
        "gps",
        "geotag",
        "geotagged",
        "geolocation",
        "coordinates",
        "exif",
        "location",
        "metadata",
    ]) || said.has(&["camera", "phone", "lens"])
        && said.has(&["what", "which"])
        && said.has(&["took", "taken", "shot", "used", "made"])
        || said.has(&["where"]) && said.has(&["taken", "filmed", "shot", "recorded"])
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
    let leads = [
        "how do i ",
        "how can i ",
        "how can we ",
        "how do we ",
        "how would i ",
        "how should i ",
        "how could i ",
        "how do you ",
        "how can ",
        "how to ",
        "is it possible to ",
        "is there a way to ",
        "is there any way to ",
        "can you ",
        "could you ",
        "would you ",
        // "any idea how I can ...", "what's the easiest way to ...",
        // "which option do I use to ...", "where is the option to ...".
        "how i can ",
        "how we can ",
        "way to ",
        "method to ",
        "method for ",
        "option to ",
        "command to ",
        "setting to ",
        "flag to ",
        "use to ",
        "able to ",
        "possible to ",
        "option for ",
    ];
    for lead in leads {
        if let Some(at) = lower.find(lead) {
            let rest = p.get(at + lead.len()..).unwrap_or("").trim();
            // The sentence's end: "?", or "." before a space ("23.976"
            // and ".mp4" go on).
            let end = rest
                .char_indices()
                .find(|&(k, ch)| {
                    ch == '?'
                        || ch == '.' && rest[k + 1..].chars().next().is_none_or(char::is_whitespace)
                })
                .map_or(rest.len(), |(k, _)| k);
            let rest = rest[..end].trim();
            // "convert it to png, how can I do this": the request before.
            if rest.is_empty() || rest.starts_with("do this") || rest.starts_with("do that") {
                let before = p.get(..at).unwrap_or(p).trim().trim_end_matches(',').trim();
                return before.to_string();
            }
            return rest.to_string();
        }
    }
    p.to_string()
}

#[cfg(test)]
mod tests {
    use super::aspect_words;

    #[test]
    fn an_aspect_ratio_is_said_reduced_or_as_the_usual_shape_near_it() {
        assert_eq!(aspect_words(1920, 1080), "aspect ratio 16:9");
        assert_eq!(aspect_words(4032, 3024), "aspect ratio 4:3");
        assert_eq!(aspect_words(1366, 768), "aspect ratio about 16:9 (1.78:1)");
        assert_eq!(aspect_words(1000, 387), "aspect ratio 2.58:1");
    }
}
