//! The grammar: clauses (split on "then", "and", commas...) and, in each,
//! intents found by their trigger words with their slots (numbers, units,
//! formats, directions) read from around them. Intents are resolved against
//! the file facts later (`resolve`), so "convert to mp3" can mean
//! "extract the audio" for a video.

use super::lexicon::{format_word, FormatWord};
use super::tokens::{Tok, Unit, T};
use crate::media::ops::{
    Adjust, Aspect, AutoOrient, Blur, ChangeFps, Compress, Corner, Crop, Flip, FlipDirection,
    Format, FrameFormat, Grayscale, Normalize, Operation, OptimizePng, Quality, RemoveAudio,
    Resolution, Reverse, Rotate, Scale, Sharpen, Speed, StripMetadata, Trim, Volume,
};

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

/// A clause being read: its tokens and which are taken by an intent.
pub struct Clause<'a> {
    pub toks: &'a [Tok],
    used: Vec<bool>,
}

impl<'a> Clause<'a> {
    pub fn new(toks: &'a [Tok]) -> Clause<'a> {
        Clause {
            used: vec![false; toks.len()],
            toks,
        }
    }
    fn w(&self, i: usize) -> Option<&str> {
        self.toks.get(i).and_then(|t| t.word())
    }
    fn is(&self, i: usize, ws: &[&str]) -> bool {
        self.w(i).is_some_and(|w| ws.contains(&w))
    }
    /// First unused position of one of `ws`.
    fn find(&self, ws: &[&str]) -> Option<usize> {
        (0..self.toks.len()).find(|&i| !self.used[i] && self.is(i, ws))
    }
    fn has(&self, ws: &[&str]) -> bool {
        self.toks.iter().any(|t| t.is_any(ws))
    }
    /// Position of the word sequence `seq`.
    fn seq(&self, seq: &[&str]) -> Option<usize> {
        if seq.is_empty() || self.toks.len() < seq.len() {
            return None;
        }
        (0..=self.toks.len() - seq.len())
            .find(|&i| seq.iter().enumerate().all(|(k, w)| self.is(i + k, &[w])))
    }
    fn has_seq(&self, seq: &[&str]) -> bool {
        self.seq(seq).is_some()
    }
    /// Whether word `a` is followed within `gap` words by one of `bs`.
    fn near(&self, a: &[&str], bs: &[&str], gap: usize) -> Option<usize> {
        for i in 0..self.toks.len() {
            if self.is(i, a) {
                for j in i + 1..(i + 1 + gap).min(self.toks.len()) {
                    if self.is(j, bs) {
                        return Some(i);
                    }
                }
            }
        }
        None
    }
    fn take(&mut self, i: usize) {
        if i < self.used.len() {
            self.used[i] = true;
        }
    }
    /// Marks a trigger used, unless it is a number its recognizer reads next.
    fn take_trig(&mut self, i: usize) {
        if self.toks.get(i).is_some_and(|t| t.word().is_some()) {
            self.used[i] = true;
        }
    }
    fn take_all(&mut self, ws: &[&str]) {
        for i in 0..self.toks.len() {
            if self.is(i, ws) {
                self.used[i] = true;
            }
        }
    }
    /// Unused quantities of `unit`.
    fn qtys(&self, unit: Unit) -> Vec<(usize, f64)> {
        self.toks
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used[*i])
            .filter_map(|(i, t)| match t.t {
                T::Qty(v, u) if u == unit => Some((i, v)),
                _ => None,
            })
            .collect()
    }
    fn qty(&self, unit: Unit) -> Option<(usize, f64)> {
        self.qtys(unit).into_iter().next()
    }
    fn num_at(&self, i: usize) -> Option<f64> {
        match self.toks.get(i).map(|t| &t.t) {
            Some(T::Num(v)) if !self.used[i] => Some(*v),
            _ => None,
        }
    }
    /// The first unused bare number after `i` within `gap` tokens.
    fn num_after(&self, i: usize, gap: usize) -> Option<(usize, f64)> {
        (i + 1..(i + 1 + gap).min(self.toks.len())).find_map(|j| self.num_at(j).map(|v| (j, v)))
    }
    fn num_before(&self, i: usize, gap: usize) -> Option<(usize, f64)> {
        (i.saturating_sub(gap)..i)
            .rev()
            .find_map(|j| self.num_at(j).map(|v| (j, v)))
    }
    /// A time value at `i`: seconds, a clock time, or (if `bare`) a number.
    fn time_at(&self, i: usize, bare: bool) -> Option<f64> {
        if self.used.get(i).copied().unwrap_or(true) {
            return None;
        }
        match self.toks.get(i).map(|t| &t.t) {
            Some(T::Qty(v, Unit::Sec)) => Some(*v),
            Some(T::Clock { secs, ratio }) => {
                let aspect = ratio.is_some()
                    && self.has(&[
                        "crop",
                        "aspect",
                        "ratio",
                        "format",
                        "tiktok",
                        "instagram",
                        "reels",
                        "youtube",
                        "shorts",
                        "story",
                        "portrait",
                        "landscape",
                        "vertical",
                        "square",
                        "widescreen",
                        "for",
                    ]);
                (!aspect).then_some(*secs)
            }
            Some(T::Num(v)) if bare && *v >= 0.0 => {
                // "5 minutes" was merged; a bare number is seconds.
                Some(*v)
            }
            _ => None,
        }
    }
    fn times(&self, bare: bool) -> Vec<(usize, f64)> {
        (0..self.toks.len())
            .filter_map(|i| self.time_at(i, bare).map(|v| (i, v)))
            .collect()
    }
    /// The next time after position `i` (skipping filler words), within `gap`.
    fn time_after(&self, i: usize, gap: usize, bare: bool) -> Option<(usize, f64)> {
        for j in i + 1..(i + 1 + gap).min(self.toks.len()) {
            if let Some(v) = self.time_at(j, bare) {
                return Some((j, v));
            }
            if !self.is(
                j,
                &[
                    "the",
                    "a",
                    "at",
                    "about",
                    "around",
                    "approximately",
                    "roughly",
                    "mark",
                    "second",
                    "minute",
                    "timestamp",
                    "time",
                    "of",
                    "to",
                    "from",
                    "point",
                ],
            ) {
                return None;
            }
        }
        None
    }
    fn quotes(&self) -> Vec<(usize, String)> {
        self.toks
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match &t.t {
                T::Quote(q) if !self.used[i] => Some((i, q.clone())),
                _ => None,
            })
            .collect()
    }
    fn ratio(&self) -> Option<(usize, (u32, u32))> {
        self.toks.iter().enumerate().find_map(|(i, t)| match t.t {
            T::Clock { ratio: Some(r), .. } if !self.used[i] => Some((i, r)),
            _ => None,
        })
    }
    fn dims(&self) -> Option<(usize, (u32, u32))> {
        self.toks.iter().enumerate().find_map(|(i, t)| match t.t {
            T::Dims(w, h) if !self.used[i] => Some((i, (w, h))),
            _ => None,
        })
    }
}

const REMOVE: &[&str] = &[
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
const AUDIO: &[&str] = &[
    "audio", "sound", "music", "voice", "track", "noise", "volume", "sounds",
];
const MORE: &[&str] = &[
    "more", "increase", "raise", "up", "boost", "higher", "add", "bump", "enhance", "stronger",
    "plus", "brighter", "crank",
];
const LESS: &[&str] = &[
    "less", "decrease", "lower", "reduce", "down", "drop", "weaker", "tone", "minus", "darker",
    "cut",
];
const LITTLE: &[&str] = &[
    "slightly", "little", "bit", "tad", "touch", "subtle", "subtly", "light", "gently", "tiny",
    "small", "mild", "mildly", "somewhat",
];
const MUCH: &[&str] = &[
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
fn degree(c: &Clause) -> u8 {
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
    let mut out: Vec<(usize, Intent)> = Vec::new();
    if c.has(&["not"]) && !c.has(&["only", "just"]) {
        // "don't change the size": a constraint, nothing to do.
        return out;
    }
    mark_source_formats(&mut c, sources);
    unsupported(&mut c, &mut out);
    frames(&mut c, &mut out);
    trim(&mut c, &mut out);
    speed(&mut c, &mut out);
    remove_audio(&mut c, &mut out);
    audio_only(&mut c, &mut out);
    volume(&mut c, &mut out);
    normalize(&mut c, &mut out);
    gif(&mut c, &mut out);
    fps(&mut c, &mut out);
    auto_orient(&mut c, &mut out);
    flip(&mut c, &mut out);
    rotate(&mut c, &mut out);
    watermark(&mut c, &mut out);
    crop(&mut c, &mut out);
    thumbnail(&mut c, &mut out);
    slideshow(&mut c, &mut out);
    combine(&mut c, &mut out);
    compress(&mut c, &mut out);
    scale(&mut c, &mut out);
    grayscale(&mut c, &mut out);
    adjust(&mut c, &mut out);
    reverse(&mut c, &mut out);
    blur_sharpen(&mut c, &mut out);
    metadata(&mut c, &mut out);
    convert(&mut c, &mut out);
    needs(&c, &mut out);
    // "a gif of the first 3 seconds": the part is cut before anything else.
    out.sort_by_key(|(p, it)| {
        let trim = matches!(
            it,
            Intent::Op(Operation::Trim(Trim { .. })) | Intent::CutEnd(_) | Intent::CutBoth(..)
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

fn unsupported(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let say = |what: &str| Intent::Unsupported(what.to_string());
    let checks: &[(&[&str], &[&str], &str)] = &[
        (&["background", "bg"], &["remove", "erase", "delete", "transparent", "replace", "cut", "change", "blur", "without", "no", "rid"], "remove or change backgrounds"),
        (&["subtitles", "subtitle", "captions", "transcribe", "transcript", "transcription", "srt"], &[], "add or make subtitles"),
        (&["stabilize", "stabilise", "stabilization", "stabilisation", "shaky", "deshake"], &[], "stabilise video"),
        (&["denoise", "noise"], &["reduce", "remove", "denoise", "less", "clean"], "remove noise"),
        (&["colorize", "colourise", "colorise", "recolor"], &[], "colourise pictures"),
        (&["sepia", "vintage", "retro", "vhs", "cartoon", "anime", "sketch", "filter", "filters", "lut"], &[], "apply style filters (sepia, vintage...); it can make pictures black and white or change brightness, contrast and saturation"),
        (&["face", "faces", "license", "plate", "plates", "person", "people", "object", "objects"], &[], "find faces, people or objects"),
        (&["fade", "transition", "transitions", "crossfade"], &[], "add fades or transitions"),
        (&["pitch", "echo", "reverb", "bass", "treble", "equalizer", "eq", "autotune"], &[], "change pitch or apply audio effects (it can change the volume and normalise loudness)"),
        (&["translate", "dub", "voiceover", "narration", "tts"], &[], "translate, dub or narrate"),
        (&["pixelate", "censor", "mosaic"], &[], "pixelate or censor parts of a picture"),
        (&["watermark", "watermarks", "logo"], &["remove", "erase", "delete", "rid", "without"], "remove watermarks or logos"),
        (&["interpolate", "interpolation"], &[], "interpolate frames here (change the frame rate drops or repeats frames; the render API interpolates)"),
        (&["ai"], &[], "run AI models; everything here runs on the box without models"),
        (&["loop", "boomerang"], &[], "loop clips"),
        (&["collage", "grid"], &[], "make collages"),
        (&["meme"], &[], "make memes"),
        (&["zip", "archive", "unzip"], &[], "make or open archives"),
        (&["password", "encrypt", "decrypt"], &[], "encrypt files"),
        (&["music", "song", "soundtrack"], &["add", "put"], "add music to a video"),
    ];
    for (triggers, with, what) in checks {
        if let Some(i) = c.find(triggers) {
            if with.is_empty() || c.has(with) {
                // "remove the audio" is not "remove the background".
                out.push((i, say(what)));
                c.take_all(triggers);
                return;
            }
        }
    }
    if c.has(&["delete", "erase", "wipe", "destroy"])
        && c.has(&["file", "files", "everything", "all", "disk", "account"])
        && !c.has(&["metadata"])
        && c.times(false).is_empty()
    {
        let i = c.find(&["delete", "erase", "wipe", "destroy"]).unwrap_or(0);
        out.push((i, say("delete files; it only makes new files from yours")));
    }
}

fn frames(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = (0..c.toks.len()).find(|&i| {
        if c.used[i] {
            return false;
        }
        match c.w(i) {
            Some("frame") => !c.is(i + 1, &["rate", "per"]) && !c.is(i.wrapping_sub(1), &["per"]),
            Some("screenshot" | "screenshots") => true,
            Some("still") => {
                c.is(i.wrapping_sub(1), &["a", "the", "one", "as", "single"])
                    || c.is(i + 1, &["image", "frame", "from", "at"])
            }
            Some("capture" | "grab") => {
                c.has(&["frame", "image", "moment", "still", "screenshot"])
                    || c.times(false).len() == 1
            }
            Some("poster") => true,
            _ => false,
        }
    });
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&["frame", "screenshot", "still", "capture", "grab", "poster"]);
    let format = if c.has(&["jpg", "jpeg", "jpgs", "jpegs"]) {
        c.take_all(&["jpg", "jpeg", "jpgs", "jpegs"]);
        FrameFormat::Jpeg
    } else {
        c.take_all(&["png", "pngs"]);
        FrameFormat::Png
    };
    // every N seconds / every second / N per second
    if let Some(e) = c.find(&["every", "each"]) {
        c.take(e);
        if let Some((j, v)) = c.time_after(e, 3, true) {
            c.take(j);
            out.push((
                i,
                Intent::Frames {
                    at: None,
                    every: Some(v),
                    count: None,
                    format,
                },
            ));
            return;
        }
        if c.is(e + 1, &["second"]) {
            out.push((
                i,
                Intent::Frames {
                    at: None,
                    every: Some(1.0),
                    count: None,
                    format,
                },
            ));
            return;
        }
        if c.is(e + 1, &["minute"]) {
            out.push((
                i,
                Intent::Frames {
                    at: None,
                    every: Some(60.0),
                    count: None,
                    format,
                },
            ));
            return;
        }
    }
    if let Some((j, f)) = c.qty(Unit::Fps) {
        c.take(j);
        if f > 0.0 {
            out.push((
                i,
                Intent::Frames {
                    at: None,
                    every: Some(1.0 / f),
                    count: None,
                    format,
                },
            ));
            return;
        }
    }
    if let Some(p) = c.seq(&["per", "second"]) {
        let n = c.num_before(p, 3).map_or(1.0, |(_, v)| v.max(0.05));
        out.push((
            i,
            Intent::Frames {
                at: None,
                every: Some(1.0 / n),
                count: None,
                format,
            },
        ));
        return;
    }
    // at T
    let times = c.times(false);
    if let Some(&(j, v)) = times.first() {
        c.take(j);
        out.push((
            i,
            Intent::Frames {
                at: Some(FrameAt::Secs(v)),
                every: None,
                count: None,
                format,
            },
        ));
        return;
    }
    if let Some(a) = c.find(&["at"]) {
        if let Some((j, v)) = c.time_after(a, 3, true) {
            c.take(j);
            out.push((
                i,
                Intent::Frames {
                    at: Some(FrameAt::Secs(v)),
                    every: None,
                    count: None,
                    format,
                },
            ));
            return;
        }
    }
    // N frames
    if let Some((j, n)) = c.num_before(i + 1, 3) {
        if n >= 1.0 && n.fract() == 0.0 {
            c.take(j);
            if n == 1.0 {
                out.push((
                    i,
                    Intent::Frames {
                        at: Some(FrameAt::Middle),
                        every: None,
                        count: None,
                        format,
                    },
                ));
            } else {
                out.push((
                    i,
                    Intent::Frames {
                        at: None,
                        every: None,
                        count: Some(n.min(10_000.0) as u32),
                        format,
                    },
                ));
            }
            return;
        }
    }
    let at = if c.has(&["first", "beginning", "start", "opening"]) {
        FrameAt::Secs(0.0)
    } else if c.has(&["last", "end", "final", "ending"]) {
        FrameAt::Last
    } else {
        FrameAt::Middle
    };
    c.take_all(&["first", "last", "final", "beginning", "end"]);
    out.push((
        i,
        Intent::Frames {
            at: Some(at),
            every: None,
            count: None,
            format,
        },
    ));
}

const TRIM_VERBS: &[&str] = &[
    "trim", "cut", "clip", "shorten", "chop", "crop", "snip", "keep", "take", "extract", "shorter",
    "limit", "cap",
];
const KEEP_VERBS: &[&str] = &[
    "keep", "only", "just", "take", "extract", "give", "want", "save", "export", "get", "make",
    "preserve", "leave", "need", "use",
];
const CUT_VERBS: &[&str] = &[
    "remove",
    "delete",
    "drop",
    "skip",
    "chop",
    "lose",
    "discard",
    "cut",
    "trim",
    "without",
    "off",
    "rid",
    "ditch",
    "exclude",
    "omit",
    "eliminate",
    "snip",
    "minus",
];

fn trim(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    // "these two clips" names files; "clip the first 5 s" is a verb.
    let verb = (0..c.toks.len()).find(|&i| {
        !c.used[i]
            && c.is(i, TRIM_VERBS)
            && !c.is(
                i.wrapping_sub(1),
                &[
                    "the", "this", "these", "those", "that", "my", "a", "an", "two", "both",
                    "each", "all", "every", "short", "video", "new", "one",
                ],
            )
            && !matches!(c.toks.get(i.wrapping_sub(1)).map(|t| &t.t), Some(T::Num(_)))
    });
    let bare = verb.is_some_and(|v| !c.is(v, &["crop", "take", "extract", "keep"]))
        || c.has(&[
            "first", "last", "from", "between", "until", "till", "second",
        ]);
    let times = c.times(bare);
    let clock_or_sec: Vec<_> = c.times(false);
    let first = c.find(&["first", "opening", "beginning", "start"]);
    let last = c.find(&["last", "final", "ending", "end"]);
    let pos = verb
        .or(first)
        .or(last)
        .or(times.first().map(|t| t.0))
        .unwrap_or(0);

    // first N / last N
    let unit_after = |c: &Clause, f: usize| match c.w(f + 1) {
        Some("second") => Some((f + 1, 1.0)),
        Some("minute") => Some((f + 1, 60.0)),
        Some("hour") => Some((f + 1, 3600.0)),
        Some("half") if c.is(f + 2, &["minute"]) => Some((f + 2, 30.0)),
        _ => None,
    };
    let first_n = c.find(&["first", "opening"]).and_then(|f| {
        c.time_after(f, 2, true)
            .or_else(|| unit_after(c, f))
            .map(|t| (f, t))
    });
    let last_n = c.find(&["last", "final"]).and_then(|f| {
        c.time_after(f, 2, true)
            .or_else(|| unit_after(c, f))
            .map(|t| (f, t))
    });
    let keep = c.has(KEEP_VERBS)
        || first_n.is_some_and(|(f, _)| {
            c.is(f.wrapping_sub(1), &["to"])
                || c.is(f.wrapping_sub(2), &["to"]) && c.is(f - 1, &["the"])
        });
    let cut = !keep && c.has(CUT_VERBS);
    match (first_n, last_n) {
        (Some((f, (j, a))), Some((g, (k, b)))) => {
            for x in [f, j, g, k] {
                c.take(x);
            }
            if let Some(v) = verb {
                c.take(v);
            }
            if cut {
                out.push((pos, Intent::CutBoth(a, b)));
            } else {
                out.push((pos, Intent::Need("say one part to keep, e.g. \"the first 10 seconds\" or \"from 0:05 to 0:20\"".into())));
            }
            return;
        }
        (Some((f, (j, a))), None) => {
            c.take(f);
            c.take(j);
            if let Some(v) = verb {
                c.take(v);
            }
            let op = if cut {
                Operation::Trim(Trim {
                    start: Some(a),
                    end: None,
                    duration: None,
                    last: None,
                })
            } else {
                Operation::Trim(Trim {
                    start: None,
                    end: None,
                    duration: Some(a),
                    last: None,
                })
            };
            out.push((pos, Intent::Op(op)));
            return;
        }
        (None, Some((f, (j, a)))) => {
            c.take(f);
            c.take(j);
            if let Some(v) = verb {
                c.take(v);
            }
            if cut {
                out.push((pos, Intent::CutEnd(a)));
            } else {
                out.push((
                    pos,
                    Intent::Op(Operation::Trim(Trim {
                        start: None,
                        end: None,
                        duration: None,
                        last: Some(a),
                    })),
                ));
            }
            return;
        }
        _ => {}
    }
    // "N seconds off the start/end", "N seconds from the beginning"
    if let (Some(&(j, a)), true) = (
        times.first(),
        c.has(CUT_VERBS) && !c.has(&["keep", "only", "just"]),
    ) {
        let lead = j > 0
            && c.is(
                j - 1,
                &["from", "at", "after", "since", "until", "till", "to"],
            );
        if times.len() == 1 && !lead {
            let at_start = c.has(&["start", "beginning", "front", "intro", "head"]);
            let at_end = c.has(&["end", "ending", "outro", "tail", "back"]);
            if at_start && !at_end && c.has(&["off", "from", "of", "at"]) {
                c.take(j);
                c.take_all(&["start", "beginning", "front"]);
                if let Some(v) = verb {
                    c.take(v);
                }
                out.push((
                    pos,
                    Intent::Op(Operation::Trim(Trim {
                        start: Some(a),
                        end: None,
                        duration: None,
                        last: None,
                    })),
                ));
                return;
            }
            if at_end && !at_start && c.has(&["off", "from", "of", "at"]) {
                c.take(j);
                c.take_all(&["end", "ending"]);
                if let Some(v) = verb {
                    c.take(v);
                }
                out.push((pos, Intent::CutEnd(a)));
                return;
            }
        }
    }
    // Ranges: from A to B, between A and B, A-B, start at A, until B.
    let mut start = None;
    let mut end = None;
    let mut taken = Vec::new();
    for i in 0..c.toks.len() {
        if c.used[i] {
            continue;
        }
        let w = c.w(i);
        // "cut everything after 1:00" keeps what comes before.
        let removing =
            c.has(&["everything", "anything", "rest", "all", "end", "off"]) && c.has(CUT_VERBS);
        let mut starts = matches!(
            w,
            Some(
                "from"
                    | "between"
                    | "after"
                    | "starting"
                    | "start"
                    | "starts"
                    | "begin"
                    | "beginning"
                    | "begins"
                    | "since"
            )
        );
        let mut ends = matches!(
            w,
            Some(
                "to" | "until"
                    | "till"
                    | "and"
                    | "through"
                    | "thru"
                    | "before"
                    | "end"
                    | "ending"
                    | "ends"
                    | "stop"
                    | "stopping"
                    | "upto"
            )
        );
        if removing && matches!(w, Some("after")) {
            (starts, ends) = (false, true);
        } else if removing && matches!(w, Some("before")) {
            (starts, ends) = (true, false);
        }
        if starts && start.is_none() {
            if let Some((j, v)) = c.time_after(i, 3, bare) {
                start = Some(v);
                taken.extend([i, j]);
            }
        } else if ends && end.is_none() && (start.is_some() || !matches!(w, Some("to" | "and"))) {
            if let Some((j, v)) = c.time_after(i, 3, bare) {
                end = Some(v);
                taken.extend([i, j]);
            }
        }
    }
    // "0:10 to 0:20" / "0:10-0:20"
    if start.is_none()
        && end.is_none()
        && clock_or_sec.len() == 2
        && (verb.is_some() || c.has(&["to", "and", "from"]))
    {
        let (a, b) = (clock_or_sec[0], clock_or_sec[1]);
        if b.1 > a.1 && b.0 <= a.0 + 3 {
            start = Some(a.1);
            end = Some(b.1);
            taken.extend([a.0, b.0]);
        }
    }
    if start.is_some() || end.is_some() {
        // "10 seconds starting at 0:05"
        let mut duration = None;
        if end.is_none() {
            if let Some(&(j, d)) = c.times(false).iter().find(|(j, _)| !taken.contains(j)) {
                duration = Some(d);
                taken.push(j);
            }
        }
        for t in taken {
            c.take(t);
        }
        if let Some(v) = verb {
            c.take(v);
        }
        let start = start
            .filter(|s| *s > 0.0)
            .or(if end.is_some() || duration.is_some() {
                None
            } else {
                start
            });
        let op = Operation::Trim(Trim {
            start,
            end,
            duration,
            last: None,
        });
        if op
            == (Operation::Trim(Trim {
                start: None,
                end: None,
                duration: None,
                last: None,
            }))
        {
            return;
        }
        out.push((pos, Intent::Op(op)));
        return;
    }
    // trim to N / N seconds long / make it N seconds
    if let Some(v) =
        verb.filter(|&v| !c.is(v, &["take", "extract", "keep", "get"]) || !times.is_empty())
    {
        if c.is(v, &["crop"]) && times.is_empty() {
            return;
        }
        if let Some(&(j, d)) = times.first() {
            c.take(v);
            c.take(j);
            out.push((
                v,
                Intent::Op(Operation::Trim(Trim {
                    start: None,
                    end: None,
                    duration: Some(d),
                    last: None,
                })),
            ));
            return;
        }
        if c.is(v, &["trim", "shorten", "shorter", "snip", "chop"]) {
            c.take(v);
            out.push((v, Intent::Need("say which part to keep, e.g. \"the first 10 seconds\", \"the last 5 s\" or \"from 0:05 to 0:20\"".into())));
        }
        return;
    }
    // "make the clip 90 seconds (long)"
    if c.has(&["make", "cut", "shorten", "reduce"]) && clock_or_sec.len() == 1 {
        let (j, d) = clock_or_sec[0];
        let tail = c.toks[j + 1..].iter().all(|t| {
            matches!(t.t, T::Sep)
                || t.is_any(&[
                    "long", "only", "max", "tops", "total", "please", "in", "length",
                ])
        });
        if tail && !c.has(&["at", "every", "each", "per"]) {
            c.take(j);
            out.push((
                j,
                Intent::Op(Operation::Trim(Trim {
                    start: None,
                    end: None,
                    duration: Some(d),
                    last: None,
                })),
            ));
            return;
        }
    }
    if let Some(l) = c.find(&["long", "length", "duration"]) {
        if let Some(&(j, d)) = clock_or_sec.first() {
            c.take(l);
            c.take(j);
            out.push((
                l,
                Intent::Op(Operation::Trim(Trim {
                    start: None,
                    end: None,
                    duration: Some(d),
                    last: None,
                })),
            ));
        }
    }
}

fn speed(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&[
            "speed",
            "faster",
            "slower",
            "slowmo",
            "timelapse",
            "accelerate",
            "playback",
            "hyperlapse",
            "quicken",
            "tempo",
        ])
        .or_else(|| c.near(&["slow"], &["down", "motion", "mo", "it"], 2))
        .or_else(|| {
            // "2x" alone with "play"
            c.find(&["play"]).filter(|_| c.qty(Unit::X).is_some())
        })
        .or_else(|| {
            // "twice as fast"
            c.find(&["fast", "quick", "quickly"]).filter(|_| {
                c.has(&["twice", "double", "triple", "as", "times"]) || c.qty(Unit::X).is_some()
            })
        })
        .or_else(|| {
            // "make it 1.25x": a bare factor on a clip is a speed.
            c.qty(Unit::X).map(|q| q.0).filter(|_| {
                !c.has(&[
                    "bigger",
                    "larger",
                    "size",
                    "zoom",
                    "louder",
                    "quieter",
                    "volume",
                    "scale",
                    "resize",
                    "smaller",
                    "upscale",
                    "enlarge",
                    "big",
                    "resolution",
                    "wide",
                    "tall",
                    "audio",
                    "sound",
                ])
            })
        });
    let Some(i) = trig else { return };
    if c.has(&["frame", "fps", "framerate"]) && !c.has(&["faster", "slower", "speed"]) {
        return;
    }
    let slower = c.has(&[
        "slower", "slow", "slowmo", "down", "decrease", "reduce", "lower",
    ]) && !c.has(&["up", "faster"]);
    c.take_trig(i);
    c.take_all(&[
        "speed",
        "faster",
        "slower",
        "slow",
        "slowmo",
        "timelapse",
        "up",
        "down",
        "motion",
        "playback",
        "mo",
    ]);
    let mut factor = None;
    if let Some((j, x)) = c.qty(Unit::X) {
        c.take(j);
        factor = Some(if slower && x > 1.0 { 1.0 / x } else { x });
    } else if let Some((j, p)) = c.qty(Unit::Pct) {
        c.take(j);
        let to = c.has(&["to", "at"]) && !c.has(&["by"]);
        factor = Some(if to {
            p / 100.0
        } else if slower {
            (1.0 - p / 100.0).max(0.01)
        } else if c.has(&["faster", "up", "increase"]) {
            1.0 + p / 100.0
        } else {
            p / 100.0
        });
    } else if let Some((j, v)) = c.num_after(i, 4).or_else(|| c.num_before(i, 3)) {
        c.take(j);
        factor = Some(if slower && v > 1.0 { 1.0 / v } else { v });
    } else if c.has(&["double", "twice"]) {
        factor = Some(if slower { 0.5 } else { 2.0 });
    } else if c.has(&["half", "halve", "halved"]) {
        factor = Some(0.5);
    } else if c.has(&["triple", "thrice"]) {
        factor = Some(if slower { 1.0 / 3.0 } else { 3.0 });
    } else if c.has(&["quarter"]) {
        factor = Some(if c.has(&["faster"]) { 4.0 } else { 0.25 });
    } else if c.has(&["timelapse", "hyperlapse"]) {
        factor = Some(4.0);
    } else if c.has(&["normal", "regular", "original"]) {
        factor = Some(1.0);
    }
    let f = factor.unwrap_or(match (slower, degree(c)) {
        (true, 0) => 0.75,
        (true, 2) => 0.25,
        (true, _) => 0.5,
        (false, 0) => 1.25,
        (false, 2) => 4.0,
        (false, _) => 2.0,
    });
    let f = (f * 1000.0).round() / 1000.0;
    out.push((i, Intent::Op(Operation::Speed(Speed { factor: f }))));
}

fn remove_audio(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&[
            "mute",
            "silent",
            "silence",
            "soundless",
            "audioless",
            "muted",
        ])
        .or_else(|| {
            c.near(
                REMOVE,
                &[
                    "audio",
                    "sound",
                    "music",
                    "voice",
                    "track",
                    "soundtrack",
                    "sounds",
                ],
                3,
            )
        })
        .or_else(|| {
            c.near(&["turn", "switch", "shut"], &["off"], 4)
                .filter(|_| c.has(AUDIO))
        })
        .or_else(|| {
            c.near(&["take", "leave", "cut"], AUDIO, 3)
                .filter(|_| c.has(&["out"]))
        });
    let Some(i) = trig else { return };
    if c.has(&["only", "just"])
        && c.has(&["audio", "sound"])
        && !c.has(&["no", "without", "remove", "mute", "strip"])
    {
        return;
    }
    c.take_trig(i);
    c.take_all(&[
        "mute", "silent", "silence", "audio", "sound", "music", "voice", "track", "remove",
        "strip", "without", "no", "off", "muted", "sounds",
    ]);
    out.push((i, Intent::Op(Operation::RemoveAudio(RemoveAudio {}))));
}

fn audio_only(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let audio_word = &[
        "audio",
        "sound",
        "music",
        "track",
        "voice",
        "soundtrack",
        "podcast",
        "song",
    ];
    let trig = c
        .near(
            &[
                "extract", "rip", "pull", "separate", "isolate", "only", "just", "save", "export",
                "keep", "get", "grab", "take", "give", "want", "download",
            ],
            audio_word,
            3,
        )
        .or_else(|| c.near(&["as", "into", "to"], &["audio", "sound"], 2))
        .or_else(|| c.near(&["audio", "sound", "music"], &["only", "alone"], 2))
        .or_else(|| {
            c.near(
                &[
                    "remove", "drop", "no", "without", "strip", "discard", "lose",
                ],
                &["video", "picture", "image", "visuals", "visual", "pictures"],
                3,
            )
            .filter(|_| {
                c.has(&["audio", "sound", "keep", "only", "just"]) || c.has(&["video", "visuals"])
            })
        });
    let Some(i) = trig else { return };
    if c.used[i] {
        return;
    }
    c.take_trig(i);
    c.take_all(&[
        "extract",
        "audio",
        "sound",
        "music",
        "only",
        "just",
        "track",
        "soundtrack",
    ]);
    let fmt = (0..c.toks.len()).find_map(|j| match c.w(j).and_then(format_word) {
        Some(FormatWord::Writable(f)) if f.is_audio() && !c.used[j] => Some((j, f)),
        _ => None,
    });
    if let Some((j, _)) = fmt {
        c.take(j);
    }
    out.push((i, Intent::AudioOnly(fmt.map(|f| f.1))));
}

fn volume(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&[
            "volume", "louder", "quieter", "gain", "loud", "quiet", "audible",
        ])
        .or_else(|| c.qty(Unit::Db).map(|q| q.0))
        .or_else(|| {
            c.near(
                &[
                    "turn", "boost", "increase", "raise", "lower", "decrease", "reduce", "pump",
                ],
                &["audio", "sound", "music", "voice"],
                3,
            )
        })
        .or_else(|| {
            c.near(
                &["audio", "sound", "music"],
                &["up", "down", "louder", "quieter", "boost"],
                3,
            )
        })
        .or_else(|| {
            c.near(&["turn", "crank"], &["up", "down"], 3).filter(|_| {
                !c.has(&[
                    "upside",
                    "rotate",
                    "flip",
                    "brightness",
                    "contrast",
                    "saturation",
                    "speed",
                ])
            })
        });
    let Some(i) = trig else { return };
    if c.has(&[
        "normalize",
        "loudness",
        "even",
        "consistent",
        "level",
        "levels",
    ]) {
        return;
    }
    let down = c.has(&[
        "quieter", "quiet", "lower", "decrease", "reduce", "down", "less", "softer", "minus",
    ]) && !c.has(&["louder", "too"])
        || c.has_seq(&["too", "loud"]);
    c.take_trig(i);
    c.take_all(&[
        "volume", "louder", "quieter", "gain", "audio", "sound", "up", "down", "boost", "increase",
        "lower", "turn",
    ]);
    let sign = if down { -1.0 } else { 1.0 };
    let op = if let Some((j, db)) = c.qty(Unit::Db) {
        c.take(j);
        let db = if down { -db.abs() } else { db };
        Operation::Volume(Volume {
            factor: None,
            db: Some(db),
        })
    } else if let Some((j, p)) = c.qty(Unit::Pct) {
        c.take(j);
        let relative = c.has(&[
            "by", "louder", "quieter", "increase", "decrease", "raise", "lower", "reduce", "boost",
            "up", "down", "more", "less",
        ]) && !c.has(&["to", "at", "set"]);
        let f = if relative {
            1.0 + sign * p / 100.0
        } else {
            p / 100.0
        };
        Operation::Volume(Volume {
            factor: Some((f.max(0.0) * 1000.0).round() / 1000.0),
            db: None,
        })
    } else if let Some((j, x)) = c.qty(Unit::X) {
        c.take(j);
        Operation::Volume(Volume {
            factor: Some(if down && x > 1.0 { 1.0 / x } else { x }),
            db: None,
        })
    } else if c.has(&["double", "twice"]) {
        Operation::Volume(Volume {
            factor: Some(if down { 0.5 } else { 2.0 }),
            db: None,
        })
    } else if c.has(&["half", "halve"]) {
        Operation::Volume(Volume {
            factor: Some(0.5),
            db: None,
        })
    } else if let Some((j, v)) = c.num_after(i, 3) {
        c.take(j);
        // "volume to 50" reads as percent; "volume 1.5" as a factor.
        let f = if v > 10.0 { v / 100.0 } else { v };
        Operation::Volume(Volume {
            factor: Some(f),
            db: None,
        })
    } else {
        let db = match degree(c) {
            0 => 3.0,
            2 => 10.0,
            _ => 6.0,
        };
        Operation::Volume(Volume {
            factor: None,
            db: Some(sign * db),
        })
    };
    out.push((i, Intent::Op(op)));
}

fn normalize(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&["normalize", "loudnorm", "lufs", "r128"])
        .or_else(|| {
            c.near(
                &[
                    "even",
                    "level",
                    "balance",
                    "consistent",
                    "equalize",
                    "standardize",
                ],
                &["audio", "sound", "volume", "loudness", "levels", "out"],
                3,
            )
        })
        .or_else(|| c.find(&["loudness"]));
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "audio",
        "sound",
        "volume",
        "loudness",
        "levels",
        "normalize",
    ]);
    out.push((i, Intent::Op(Operation::Normalize(Normalize {}))));
}

fn gif(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let Some(i) = c.find(&["gif", "gifs", "animation", "animated"]) else {
        return;
    };
    if c.is(i, &["animation", "animated"])
        && !c.has(&["gif", "gifs"])
        && c.has(&["mp4", "webm", "mov", "mkv"])
    {
        return;
    }
    c.take_all(&["gif", "gifs", "animated", "animation"]);
    let mut fps = None;
    if let Some((j, f)) = c.qty(Unit::Fps) {
        c.take(j);
        fps = Some(f.round().clamp(0.0, 1000.0) as u32);
    }
    let mut width = None;
    if let Some((j, (w, _))) = c.dims() {
        c.take(j);
        width = Some(w);
    } else if let Some((j, w)) = c.qty(Unit::Px) {
        c.take(j);
        width = Some(w.round().clamp(0.0, 100_000.0) as u32);
    } else if let Some(k) = c.find(&["wide", "width"]) {
        if let Some((j, w)) = c.num_before(k, 2).or_else(|| c.num_after(k, 2)) {
            c.take(j);
            width = Some(w.round().clamp(0.0, 100_000.0) as u32);
        }
    }
    out.push((i, Intent::Gif { fps, width }));
}

fn fps(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    if let Some((j, f)) = c.qty(Unit::Fps) {
        c.take(j);
        c.take_all(&["frame", "rate", "framerate", "fps"]);
        out.push((j, Intent::Op(Operation::ChangeFps(ChangeFps { fps: f }))));
        return;
    }
    let trig = c
        .find(&["framerate", "fps"])
        .or_else(|| c.seq(&["frame", "rate"]));
    let Some(i) = trig else { return };
    c.take_all(&["frame", "rate", "framerate", "fps"]);
    if let Some((j, v)) = c.num_after(i, 4).or_else(|| c.num_before(i, 2)) {
        c.take(j);
        out.push((i, Intent::Op(Operation::ChangeFps(ChangeFps { fps: v }))));
    } else if c.has(&["lower", "reduce", "decrease", "less", "half", "halve"]) {
        out.push((
            i,
            Intent::Need("say the frame rate, e.g. \"15 fps\"".into()),
        ));
    } else {
        out.push((
            i,
            Intent::Need("say the frame rate, e.g. \"30 fps\"".into()),
        ));
    }
}

fn auto_orient(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&["autoorient", "upright"])
        .or_else(|| {
            c.near(
                &[
                    "fix",
                    "correct",
                    "repair",
                    "apply",
                    "auto",
                    "automatically",
                    "straighten",
                    "respect",
                    "use",
                ],
                &[
                    "orientation",
                    "rotate",
                    "rotation",
                    "sideways",
                    "metadata",
                    "exif",
                ],
                3,
            )
        })
        .or_else(|| c.near(&["orientation"], &["metadata", "fix", "correct", "auto"], 3))
        .or_else(|| {
            c.near(
                &["rotate", "orient"],
                &[
                    "exif",
                    "metadata",
                    "automatically",
                    "auto",
                    "correctly",
                    "properly",
                ],
                4,
            )
        });
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "rotate",
        "rotation",
        "orientation",
        "exif",
        "metadata",
        "upright",
        "sideways",
        "fix",
        "correct",
        "auto",
    ]);
    out.push((i, Intent::Op(Operation::AutoOrient(AutoOrient {}))));
}

fn flip(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let Some(i) = c.find(&["flip", "mirror", "flop", "flipped", "mirrored"]) else {
        return;
    };
    c.take_trig(i);
    let vertical = c.has(&["vertical", "upside", "updown"])
        || c.has_seq(&["top", "to", "bottom"])
        || c.has_seq(&["up", "down"]);
    c.take_all(&[
        "vertical",
        "horizontal",
        "upside",
        "down",
        "left",
        "right",
        "sideways",
    ]);
    let direction = if vertical && !c.is(i, &["mirror", "mirrored"]) {
        FlipDirection::Vertical
    } else {
        FlipDirection::Horizontal
    };
    out.push((i, Intent::Op(Operation::Flip(Flip { direction }))));
}

fn rotate(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&["rotate", "rotated", "spin", "tilt"])
        .or_else(|| {
            c.near(
                &["turn"],
                &[
                    "left",
                    "right",
                    "clockwise",
                    "counterclockwise",
                    "upside",
                    "sideways",
                    "around",
                    "degrees",
                    "degree",
                    "deg",
                ],
                4,
            )
        })
        .or_else(|| {
            c.find(&["turn"]).filter(|&t| {
                c.num_after(t, 3)
                    .is_some_and(|(_, v)| [90.0, 180.0, 270.0, -90.0].contains(&v))
            })
        })
        .or_else(|| c.qty(Unit::Deg).map(|q| q.0))
        .or_else(|| c.seq(&["upside", "down"]).filter(|&k| !c.used[k]))
        .or_else(|| c.find(&["clockwise", "counterclockwise"]));
    let Some(i) = trig else { return };
    c.take_trig(i);
    let mut deg: Option<f64> = None;
    if let Some((j, d)) = c.qty(Unit::Deg) {
        c.take(j);
        deg = Some(d);
    } else if let Some((j, d)) = c.num_after(i, 4).or_else(|| c.num_before(i, 2)) {
        c.take(j);
        deg = Some(d);
    } else if c.has(&["upside", "around"]) || c.has_seq(&["half", "turn"]) || c.has(&["180"]) {
        deg = Some(180.0);
    } else if c.has(&["quarter"]) {
        deg = Some(90.0);
    }
    let left = c.has(&["left", "counterclockwise", "anti", "counter"]);
    c.take_all(&[
        "left",
        "right",
        "clockwise",
        "counterclockwise",
        "upside",
        "down",
        "degrees",
        "degree",
        "turn",
        "by",
        "quarter",
        "around",
    ]);
    let d = deg.unwrap_or(90.0);
    let mut d = d.rem_euclid(360.0);
    if left {
        d = (360.0 - d).rem_euclid(360.0);
    }
    let degrees = if d.fract() == 0.0 { d as u32 } else { 1 };
    if degrees == 0 {
        out.push((
            i,
            Intent::Need("a full turn leaves the picture as it is: say 90°, 180° or 270°".into()),
        ));
        return;
    }
    out.push((i, Intent::Op(Operation::Rotate(Rotate { degrees }))));
}

fn corner(c: &Clause) -> Corner {
    let top = c.has(&["top", "upper"]);
    let bottom = c.has(&["bottom", "lower"]);
    let left = c.has(&["left"]);
    let right = c.has(&["right"]);
    let center = c.has(&["center"]);
    match (top, bottom, left, right) {
        (true, _, true, _) => Corner::TopLeft,
        (true, _, _, _) => Corner::TopRight,
        (_, true, true, _) => Corner::BottomLeft,
        (_, true, _, _) => Corner::BottomRight,
        _ if center => Corner::Center,
        _ => Corner::BottomRight,
    }
}

const STOP_TEXT: &[&str] = &[
    "in",
    "on",
    "at",
    "to",
    "top",
    "bottom",
    "upper",
    "lower",
    "left",
    "right",
    "center",
    "corner",
    "with",
    "and",
    "then",
    "opacity",
    "transparent",
    "semi",
    "please",
    "onto",
    "over",
];

fn watermark(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&[
            "watermark",
            "caption",
            "copyright",
            "stamp",
            "signature",
            "logo",
            "overlay",
            "label",
            "credit",
            "©",
        ])
        .or_else(|| {
            c.near(
                &["add", "put", "write", "place", "insert", "overlay"],
                &["text", "words", "name", "title"],
                3,
            )
        })
        .or_else(|| c.find(&["text"]).filter(|_| !c.quotes().is_empty()))
        .or_else(|| {
            c.find(&[
                "add", "put", "write", "place", "insert", "stamp", "print", "type",
            ])
            .filter(|_| !c.quotes().is_empty())
        });
    let Some(i) = trig else { return };
    c.take_trig(i);
    let position = corner(c);
    let mut opacity = 0.7;
    if let Some((j, p)) = c.qty(Unit::Pct) {
        c.take(j);
        opacity = if c.has(&["transparent", "transparency"]) && !c.has(&["opacity", "opaque"]) {
            1.0 - p / 100.0
        } else {
            p / 100.0
        };
    } else if c.has(&["semi", "half", "translucent", "transparent"]) {
        opacity = 0.5;
    } else if c.has(&["faint", "subtle", "light", "discreet", "faded"]) {
        opacity = 0.35;
    } else if c.has(&["solid", "opaque", "bold"]) {
        opacity = 1.0;
    }
    let opacity = (opacity * 1000.0).round() / 1000.0;
    let mut text = c.quotes().first().map(|(j, q)| (*j, q.clone()));
    let logo = c.has(&["logo", "image", "icon", "picture", "png", "overlay"]);
    if text.is_none() && !logo {
        // Unquoted: the words after "saying", "text", "watermark"...
        let after = (0..c.toks.len()).find(|&j| {
            c.is(
                j,
                &[
                    "saying",
                    "says",
                    "reading",
                    "reads",
                    "text",
                    "watermark",
                    "caption",
                    "copyright",
                    "©",
                    "signature",
                    "name",
                    "credit",
                    "label",
                ],
            ) && !c.is(j + 1, &["in", "on", "at", "to", "and", "with", "please"])
        });
        if let Some(a) = after {
            let mut words = Vec::new();
            let mut j = a + 1;
            while j < c.toks.len()
                && c.is(
                    j,
                    &[
                        "the", "that", "says", "saying", "of", "with", "text", "reading",
                    ],
                )
                && words.is_empty()
            {
                j += 1;
            }
            while j < c.toks.len() {
                let t = &c.toks[j];
                if matches!(t.t, T::Sep) || t.is_any(STOP_TEXT) {
                    break;
                }
                words.push(t.orig.clone());
                j += 1;
            }
            if !words.is_empty() {
                let mut s = words.join(" ");
                if c.is(a, &["copyright"]) && !s.starts_with('©') {
                    s = format!("© {s}");
                }
                text = Some((a, s));
            }
        }
    }
    if let Some((j, _)) = &text {
        c.take(*j);
    }
    for j in 0..c.toks.len() {
        c.used[j] = true;
    }
    out.push((
        i,
        Intent::Watermark {
            text: text.map(|t| t.1),
            position,
            opacity,
        },
    ));
}

fn aspect_of(r: (u32, u32)) -> Option<Aspect> {
    Some(match r {
        (1, 1) => Aspect::Square,
        (9, 16) => Aspect::Portrait9x16,
        (16, 9) => Aspect::Wide16x9,
        (4, 5) => Aspect::Portrait4x5,
        (4, 3) => Aspect::Classic4x3,
        _ => return None,
    })
}

fn crop(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let crop_word = c.find(&["crop", "cropped", "cropping", "reframe"]);
    let ratio = c.ratio();
    let square = c.find(&["square"]);
    let platform = c.find(&[
        "tiktok",
        "reels",
        "reel",
        "shorts",
        "stories",
        "story",
        "instagram",
        "insta",
        "ig",
        "youtube",
        "widescreen",
        "portrait",
        "landscape",
        "vertical",
    ]);
    let aspect_word = c.has(&[
        "aspect", "ratio", "crop", "format", "make", "for", "to", "into",
    ]);
    let trig = crop_word
        .or(ratio.filter(|_| aspect_word).map(|r| r.0))
        .or(square)
        .or(platform.filter(|&p| {
            !c.is(p, &["vertical", "portrait", "landscape"])
                || c.has(&[
                    "crop",
                    "make",
                    "turn",
                    "format",
                    "aspect",
                    "ratio",
                    "orientation",
                ]) && !c.has(&["flip", "mirror", "rotate"])
        }));
    let Some(i) = trig else { return };
    let mut aspect = None;
    if let Some((j, r)) = ratio {
        c.take(j);
        match aspect_of(r) {
            Some(a) => aspect = Some(a),
            None => {
                c.take_trig(i);
                out.push((
                    i,
                    Intent::Need(format!(
                        "kiln crops to 1:1, 16:9, 9:16, 4:5 or 4:3, not {}:{}",
                        r.0, r.1
                    )),
                ));
                return;
            }
        }
    } else if square.is_some() {
        aspect = Some(Aspect::Square);
    } else if let Some(p) = platform {
        aspect = match c.w(p) {
            Some("tiktok" | "reels" | "reel" | "shorts" | "stories" | "story" | "vertical") => {
                Some(Aspect::Portrait9x16)
            }
            Some("portrait") => Some(if c.has(&["instagram", "insta", "ig"]) {
                Aspect::Portrait4x5
            } else {
                Aspect::Portrait9x16
            }),
            Some("instagram" | "insta" | "ig") => {
                Some(if c.has(&["story", "stories", "reel", "reels"]) {
                    Aspect::Portrait9x16
                } else if c.has(&["portrait"]) {
                    Aspect::Portrait4x5
                } else {
                    Aspect::Square
                })
            }
            Some("youtube" | "widescreen" | "landscape") => Some(Aspect::Wide16x9),
            _ => None,
        };
    } else if c.has_seq(&["4", "by", "3"]) {
        aspect = Some(Aspect::Classic4x3);
    }
    if let Some(aspect) = aspect {
        c.take_trig(i);
        c.take_all(&[
            "crop",
            "square",
            "aspect",
            "ratio",
            "tiktok",
            "reels",
            "reel",
            "shorts",
            "stories",
            "story",
            "instagram",
            "insta",
            "youtube",
            "widescreen",
            "portrait",
            "landscape",
            "vertical",
            "center",
        ]);
        out.push((
            i,
            Intent::Op(Operation::Crop(Crop {
                rect: None,
                aspect: Some(aspect),
            })),
        ));
        return;
    }
    let Some(cw) = crop_word else { return };
    c.take(cw);
    if let Some((j, (w, h))) = c.dims() {
        c.take(j);
        let nums: Vec<(usize, f64)> = (j + 1..c.toks.len())
            .filter_map(|k| c.num_at(k).map(|v| (k, v)))
            .take(2)
            .collect();
        let at = if nums.len() == 2 && nums.iter().all(|(_, v)| *v >= 0.0 && v.fract() == 0.0) {
            for (k, _) in &nums {
                c.take(*k);
            }
            Some((nums[0].1 as u32, nums[1].1 as u32))
        } else {
            None
        };
        out.push((cw, Intent::CropRect { w, h, at }));
        return;
    }
    if let Some((j, px)) = c.qty(Unit::Px).or_else(|| c.num_after(cw, 4)) {
        if c.has(&[
            "each", "every", "all", "edges", "edge", "sides", "border", "borders", "around",
        ]) && px >= 0.0
        {
            c.take(j);
            out.push((cw, Intent::CropBorder(px.round().min(100_000.0) as u32)));
            return;
        }
    }
    out.push((cw, Intent::Need("say the shape to crop to: square, 16:9, 9:16, 4:5, 4:3, or a size like \"crop 640x480\"".into())));
}

fn thumbnail(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c.find(&["thumbnail", "icon", "avatar", "favicon", "preview"]);
    let Some(i) = trig else { return };
    c.take_trig(i);
    // "a 10 s preview": a clip, not a picture.
    let timed = c
        .toks
        .iter()
        .any(|t| matches!(t.t, T::Qty(_, Unit::Sec) | T::Clock { .. }));
    if c.is(i, &["preview"]) && timed {
        return;
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
    } else if c.has(&["large", "big", "bigger"]) {
        max = Some(512);
    }
    c.take_all(&["small", "tiny", "large", "big"]);
    out.push((i, Intent::Thumbnail(max)));
}

fn slideshow(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&["slideshow", "slides", "slide", "montage"])
        .or_else(|| {
            c.near(&["image"], &["video", "mp4", "movie"], 4)
                .filter(|_| {
                    c.has(&[
                        "into", "to", "from", "make", "create", "turn", "combine", "as",
                    ])
                })
        })
        .or_else(|| {
            c.near(&["video", "movie"], &["image", "still"], 4)
                .filter(|_| c.has(&["from", "of", "with", "using", "out"]))
        });
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "slideshow",
        "slides",
        "slide",
        "image",
        "video",
        "movie",
        "mp4",
        "each",
        "per",
        "every",
        "combine",
        "join",
        "merge",
        "put",
        "together",
        "stitch",
        "turn",
        "make",
        "into",
    ]);
    let secs = c
        .times(false)
        .first()
        .copied()
        .or_else(|| c.find(&["second"]).and_then(|s| c.num_before(s, 2)));
    if let Some((j, _)) = secs {
        c.take(j);
    }
    out.push((
        i,
        Intent::Slideshow {
            secs: secs.map(|s| s.1),
        },
    ));
}

fn combine(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&[
            "join",
            "merge",
            "combine",
            "concat",
            "stitch",
            "append",
            "glue",
            "splice",
            "compile",
            "concatenation",
        ])
        .or_else(|| c.seq(&["one", "after", "another"]))
        .or_else(|| c.seq(&["back", "to", "back"]))
        .or_else(|| c.seq(&["put", "together"]))
        .or_else(|| c.near(&["put", "bring", "make"], &["together", "sequence"], 5));
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "join", "merge", "combine", "together", "concat", "stitch", "one", "after", "another",
        "into", "single",
    ]);
    out.push((i, Intent::Combine));
}

fn compress(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let size_q = [Unit::Mb, Unit::Kb, Unit::Gb]
        .iter()
        .find_map(|&u| c.qty(u).map(|(j, v)| (j, u, v)));
    let lossless = c.has(&["lossless", "losslessly"])
        || c.has_seq(&["without", "losing", "quality"])
        || c.has_seq(&["no", "quality", "loss"]);
    let optimize = c.find(&["optimize", "crush", "pngcrush", "optipng", "minify"]);
    let trig = c
        .find(&["compress", "squeeze", "shrink", "lighter"])
        .or(optimize)
        .or_else(|| size_q.map(|q| q.0))
        .or_else(|| {
            c.near(
                &[
                    "reduce", "decrease", "lower", "smaller", "minimize", "cut", "shrink", "less",
                ],
                &[
                    "size", "filesize", "weight", "mb", "bitrate", "quality", "space", "bytes",
                ],
                3,
            )
        })
        .or_else(|| {
            c.near(
                &["size", "filesize"],
                &["smaller", "less", "down", "reduce", "lower"],
                3,
            )
        })
        .or_else(|| {
            c.find(&["smaller", "tinier"]).filter(|_| {
                c.qty(Unit::Pct).is_none()
                    && c.qty(Unit::Px).is_none()
                    && c.dims().is_none()
                    && c.qty(Unit::P).is_none()
                    && !c.has(&[
                        "half",
                        "quarter",
                        "dimensions",
                        "resolution",
                        "width",
                        "height",
                        "pixels",
                        "resize",
                        "thumbnail",
                    ])
            })
        })
        .or_else(|| {
            c.find(&["discord", "whatsapp", "email", "gmail"])
                .filter(|_| !c.has(&["format", "crop", "aspect"]))
        })
        .or_else(|| {
            c.near(
                &["low", "lower", "worse", "bad", "reduced"],
                &["quality"],
                2,
            )
        })
        .or_else(|| {
            c.near(
                &["quality"],
                &["low", "lower", "worse", "reduced", "down"],
                2,
            )
        });
    let Some(i) = trig else { return };
    if c.used[i] {
        return;
    }
    // "shrink to 800px" is a resize.
    let sized = c.qty(Unit::Px).is_some()
        || c.dims().is_some()
        || c.qty(Unit::Pct).is_some()
        || c.qty(Unit::P).is_some()
        || c.has(&[
            "wide",
            "tall",
            "width",
            "height",
            "resolution",
            "dimensions",
            "pixels",
            "half",
            "quarter",
        ]);
    if c.is(i, &["shrink", "smaller", "reduce"]) && sized && size_q.is_none() {
        return;
    }
    c.take_trig(i);
    c.take_all(&[
        "compress", "smaller", "size", "filesize", "reduce", "file", "quality", "shrink", "lighter",
    ]);
    if let Some((j, u, v)) = size_q {
        c.take(j);
        let mb = match u {
            Unit::Kb => v / 1024.0,
            Unit::Gb => v * 1024.0,
            _ => v,
        };
        let mb = (mb * 1000.0).round() / 1000.0;
        out.push((
            i,
            Intent::Op(Operation::Compress(Compress {
                quality: None,
                target_mb: Some(mb),
            })),
        ));
        return;
    }
    if optimize.is_some() || lossless {
        if lossless {
            out.push((i, Intent::Op(Operation::OptimizePng(OptimizePng {}))));
        } else {
            out.push((i, Intent::Optimize));
        }
        return;
    }
    if let Some(p) = c.find(&["discord", "whatsapp", "email", "gmail"]) {
        c.take(p);
        let mb = match c.w(p) {
            Some("discord") => 10.0,
            Some("whatsapp") => 16.0,
            _ => 20.0,
        };
        out.push((
            i,
            Intent::Op(Operation::Compress(Compress {
                quality: None,
                target_mb: Some(mb),
            })),
        ));
        return;
    }
    let quality = if let Some((j, q)) = c.qty(Unit::Pct).or_else(|| {
        c.find(&["quality"])
            .and_then(|q| c.num_after(q, 3).or_else(|| c.num_before(q, 2)))
    }) {
        c.take(j);
        match q {
            q if q >= 85.0 => Quality::High,
            q if q >= 70.0 => Quality::Medium,
            q if q >= 50.0 => Quality::Low,
            _ => Quality::Smallest,
        }
    } else if c.has(&[
        "smallest",
        "possible",
        "maximum",
        "max",
        "extreme",
        "tiny",
        "aggressively",
        "aggressive",
    ]) || degree(c) == 2
    {
        Quality::Smallest
    } else if c.has(&["low", "lower", "worse", "bad"]) {
        Quality::Low
    } else if degree(c) == 0 || c.has(&["high", "good", "keep", "decent", "best"]) {
        Quality::High
    } else {
        Quality::Medium
    };
    out.push((
        i,
        Intent::Op(Operation::Compress(Compress {
            quality: Some(quality),
            target_mb: None,
        })),
    ));
}

fn scale_op(
    width: Option<u32>,
    height: Option<u32>,
    percent: Option<f64>,
    resolution: Option<Resolution>,
    keep_aspect: bool,
) -> Intent {
    Intent::Op(Operation::Scale(Scale {
        width,
        height,
        percent,
        resolution,
        keep_aspect,
    }))
}

fn res_of(h: f64) -> Intent {
    let r = match h as u32 {
        360 => Some(Resolution::P360),
        480 => Some(Resolution::P480),
        720 => Some(Resolution::P720),
        1080 => Some(Resolution::P1080),
        _ => None,
    };
    match r {
        Some(r) => scale_op(None, None, None, Some(r), true),
        None => scale_op(
            None,
            Some(h.round().clamp(0.0, 100_000.0) as u32),
            None,
            None,
            true,
        ),
    }
}

fn px(v: f64) -> u32 {
    v.round().clamp(0.0, 100_000.0) as u32
}

fn scale(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    const WORDS: &[&str] = &[
        "resize",
        "bigger",
        "smaller",
        "width",
        "height",
        "wide",
        "tall",
        "resolution",
        "shrink",
        "reduce",
        "size",
        "dimensions",
        "enlarge",
        "hd",
        "fhd",
        "uhd",
        "sd",
        "4k",
        "big",
        "large",
        "small",
        "pixels",
        "halve",
        "double",
        "downsample",
        "upsample",
        "fit",
        "max",
        "maximum",
    ];
    let trig = c
        .find(&["resize"])
        .or_else(|| c.dims().map(|d| d.0))
        .or_else(|| c.qty(Unit::Px).map(|d| d.0))
        .or_else(|| c.qty(Unit::P).map(|d| d.0))
        .or_else(|| c.qty(Unit::K).map(|d| d.0))
        .or_else(|| c.find(&["hd", "fhd", "uhd", "sd", "1080p", "720p"]))
        .or_else(|| {
            c.find(&["width", "height"])
                .filter(|&k| c.num_after(k, 3).is_some())
        })
        .or_else(|| {
            c.find(&["wide", "tall"])
                .filter(|&k| c.num_before(k, 3).is_some())
        })
        .or_else(|| {
            c.find(&[
                "bigger",
                "smaller",
                "enlarge",
                "shrink",
                "reduce",
                "size",
                "dimensions",
                "resolution",
                "large",
                "big",
                "small",
            ])
            .filter(|_| {
                c.qty(Unit::Pct).is_some()
                    || c.qty(Unit::X).is_some()
                    || c.has(&["half", "halve", "double", "twice", "quarter", "triple"])
            })
        })
        .or_else(|| c.find(&["halve"]))
        .or_else(|| {
            c.near(
                &["half", "double", "quarter"],
                &["size", "resolution", "dimensions", "big", "large", "width"],
                2,
            )
        });
    let Some(i) = trig else { return };
    c.take_trig(i);
    let exact = c.has(&[
        "exactly",
        "stretch",
        "stretched",
        "distort",
        "force",
        "ignore",
        "squash",
        "squish",
    ]);
    let down = c.has(&[
        "smaller",
        "shrink",
        "reduce",
        "down",
        "less",
        "decrease",
        "downsample",
    ]);
    let up = c.has(&[
        "bigger", "larger", "enlarge", "increase", "up", "upsample", "grow",
    ]);
    let intent = if let Some((j, (w, h))) = c.dims() {
        c.take(j);
        scale_op(Some(w), Some(h), None, None, !exact)
    } else if let Some((j, v)) = c.qty(Unit::P) {
        c.take(j);
        res_of(v)
    } else if let Some((j, k)) = c.qty(Unit::K) {
        c.take(j);
        match k as u32 {
            4 => scale_op(None, Some(2160), None, None, true),
            2 => scale_op(None, Some(1440), None, None, true),
            8 => scale_op(None, Some(4320), None, None, true),
            _ => Intent::Need("say the size, e.g. 1280x720, 720p or 50%".into()),
        }
    } else if c.has(&["fhd"]) || c.has_seq(&["full", "hd"]) {
        res_of(1080.0)
    } else if c.has(&["uhd"]) || c.has_seq(&["ultra", "hd"]) {
        res_of(2160.0)
    } else if c.has(&["hd"]) {
        res_of(720.0)
    } else if c.has(&["sd"]) {
        res_of(480.0)
    } else if let Some((j, p)) = c.qty(Unit::Pct) {
        c.take(j);
        let pct = if c.has(&["by"]) || (down || up) && !c.has(&["to"]) {
            if down {
                100.0 - p
            } else {
                100.0 + p
            }
        } else {
            p
        };
        scale_op(None, None, Some(pct), None, true)
    } else if let Some((j, x)) = c.qty(Unit::X) {
        c.take(j);
        let pct = if down && x > 1.0 {
            100.0 / x
        } else {
            100.0 * x
        };
        scale_op(None, None, Some((pct * 100.0).round() / 100.0), None, true)
    } else if c.has(&["half", "halve"]) {
        scale_op(None, None, Some(50.0), None, true)
    } else if c.has(&["quarter"]) {
        scale_op(None, None, Some(25.0), None, true)
    } else if c.has(&["double", "twice"]) {
        scale_op(None, None, Some(200.0), None, true)
    } else if c.has(&["triple"]) {
        scale_op(None, None, Some(300.0), None, true)
    } else {
        // Pixel sizes: "800px wide", "width 640", "600 pixels tall", "800px".
        let mut width = None;
        let mut height = None;
        let mut longest = None;
        let sized: Vec<(usize, f64)> = (0..c.toks.len())
            .filter_map(|j| match c.toks[j].t {
                T::Qty(v, Unit::Px) if !c.used[j] => Some((j, v)),
                T::Num(v) if !c.used[j] && v >= 2.0 => Some((j, v)),
                _ => None,
            })
            .collect();
        for (j, v) in sized {
            let near_w = c.is(j + 1, &["wide", "width", "w"])
                || c.is(j.wrapping_sub(1), &["width", "w"])
                || c.is(j.wrapping_sub(2), &["width"])
                || c.is(j + 2, &["wide"]);
            let near_h = c.is(j + 1, &["tall", "high", "height", "h"])
                || c.is(j.wrapping_sub(1), &["height", "h"])
                || c.is(j.wrapping_sub(2), &["height"])
                || c.is(j + 2, &["tall", "high"]);
            let is_px = matches!(c.toks[j].t, T::Qty(_, Unit::Px));
            if near_w {
                width = Some(px(v));
            } else if near_h {
                height = Some(px(v));
            } else if !is_px
                && [360.0, 480.0, 720.0, 1080.0, 1440.0, 2160.0].contains(&v)
                && c.is(i, &["resize"])
            {
                // "downscale to 720": a standard height.
                c.take(j);
                c.take_all(WORDS);
                out.push((i, res_of(v)));
                return;
            } else if is_px
                || c.is(i, &["resize"])
                || c.has(&["max", "maximum", "longest", "longer", "fit"])
            {
                longest = Some(px(v));
            } else {
                continue;
            }
            c.take(j);
        }
        match (width, height, longest) {
            (None, None, Some(l)) => {
                if c.has(&[
                    "max", "maximum", "fit", "within", "inside", "longest", "longer", "most",
                ]) {
                    scale_op(Some(l), Some(l), None, None, true)
                } else {
                    Intent::ScaleLongest(l)
                }
            }
            (None, None, None) => {
                if c.has(&["bigger", "enlarge", "larger"]) && !c.has(&["file"]) {
                    scale_op(None, None, Some(200.0), None, true)
                } else if c.is(i, &["resize", "reduce", "shrink"]) || c.has(&["smaller"]) {
                    if c.is(i, &["resize"]) && !down {
                        Intent::Need(
                            "say the size, e.g. \"800px wide\", 1280x720, 720p or 50%".into(),
                        )
                    } else {
                        scale_op(None, None, Some(50.0), None, true)
                    }
                } else {
                    return;
                }
            }
            (w, h, _) => scale_op(w, h, None, None, !exact),
        }
    };
    c.take_all(WORDS);
    out.push((i, intent));
}

fn grayscale(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&[
            "grayscale",
            "gray",
            "desaturate",
            "desaturated",
            "colorless",
            "decolorize",
            "decolourise",
            "uncolored",
        ])
        .or_else(|| c.near(REMOVE, &["color", "colors"], 3))
        .or_else(|| c.near(&["black"], &["white"], 2));
    let Some(i) = trig else { return };
    if c.is(i, &["desaturate", "desaturated"]) && (c.qty(Unit::Pct).is_some() || c.has(LITTLE)) {
        return;
    }
    c.take_trig(i);
    c.take_all(&[
        "grayscale",
        "gray",
        "black",
        "white",
        "color",
        "colors",
        "remove",
        "desaturate",
        "colorless",
    ]);
    out.push((i, Intent::Op(Operation::Grayscale(Grayscale {}))));
}

fn adjust(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let b_w = c.find(&[
        "brighter",
        "darker",
        "brightness",
        "bright",
        "dark",
        "dim",
        "exposure",
        "lighting",
        "underexposed",
        "overexposed",
        "light",
    ]);
    let c_w = c.find(&["contrast", "punchy", "punchier", "flat", "washed"]);
    let s_w = c.find(&[
        "saturation",
        "colorful",
        "desaturate",
        "desaturated",
        "color",
        "colors",
        "muted",
        "dull",
        "pop",
    ]);
    // "light"/"color" need a direction to mean an adjustment.
    let dir_more = c.has(MORE)
        || c.has(&[
            "brighter", "colorful", "punchy", "punchier", "pop", "boost", "vivid",
        ]);
    let dir_less = c.has(LESS)
        || c.has(&[
            "darker",
            "muted",
            "desaturate",
            "desaturated",
            "dull",
            "dim",
        ]);
    let b_w = b_w.filter(|&b| {
        !c.is(b, &["light", "bright", "dark"])
            || dir_more
            || dir_less
            || c.is(b.wrapping_sub(1), &["too", "more", "less", "bit", "little"])
    });
    let s_w =
        s_w.filter(|&s| !c.is(s, &["color", "colors"]) || (dir_more || dir_less) && !c.has(REMOVE));
    let first = [b_w, c_w, s_w].into_iter().flatten().min();
    let Some(i) = first else { return };
    let deg = degree(c);
    let amount = |small: f64, normal: f64, big: f64| match deg {
        0 => small,
        2 => big,
        _ => normal,
    };
    let pct = c.qty(Unit::Pct).map(|(_, p)| p / 100.0);
    let to_num = |c: &Clause, k: usize| c.num_after(k, 3).map(|(_, v)| v);
    let mut brightness = 0.0;
    let mut contrast = 1.0;
    let mut saturation = 1.0;
    if let Some(b) = b_w {
        let too = c.is(b.wrapping_sub(1), &["too"]);
        let darker = c.is(b, &["darker", "dark", "dim"]) ^ too
            || c.is(b, &["brightness", "exposure", "lighting"]) && c.has(LESS)
            || c.is(b, &["overexposed"]);
        let mag = pct.unwrap_or_else(|| amount(0.08, 0.15, 0.3));
        brightness = match to_num(c, b) {
            Some(v) if c.is(b, &["brightness"]) && v.abs() <= 1.0 => v,
            _ => {
                if darker {
                    -mag
                } else {
                    mag
                }
            }
        };
    }
    if let Some(k) = c_w {
        let less = c.has(LESS) && !c.is(k, &["flat", "washed"]);
        contrast = match to_num(c, k) {
            Some(v) if v <= 3.0 => v,
            _ => {
                let mag = pct.unwrap_or_else(|| amount(0.15, 0.3, 0.6));
                if less {
                    1.0 - mag.min(0.9)
                } else {
                    1.0 + mag
                }
            }
        };
        if c.is(k, &["punchy", "punchier"]) {
            saturation = 1.2;
        }
    }
    if let Some(s) = s_w {
        let less = c.has(LESS)
            || c.is(s, &["desaturate", "desaturated", "muted", "dull"])
                && !c.is(s.wrapping_sub(1), &["too", "less"]);
        saturation = match to_num(c, s) {
            Some(v) if v <= 3.0 => v,
            _ => {
                let mag = pct.unwrap_or_else(|| amount(0.2, 0.4, 0.8));
                if less {
                    1.0 - mag.min(0.9)
                } else {
                    1.0 + mag
                }
            }
        };
    }
    let r = |v: f64| (v * 1000.0).round() / 1000.0;
    c.take_all(&[
        "brighter",
        "darker",
        "brightness",
        "bright",
        "dark",
        "contrast",
        "saturation",
        "colorful",
        "color",
        "colors",
        "exposure",
        "more",
        "less",
        "increase",
        "decrease",
    ]);
    if let Some((j, _)) = c.qty(Unit::Pct) {
        c.take(j);
    }
    out.push((
        i,
        Intent::Op(Operation::Adjust(Adjust {
            brightness: r(brightness),
            contrast: r(contrast),
            saturation: r(saturation),
        })),
    ));
}

fn reverse(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&["reverse", "backwards", "rewind", "reversed", "reverted"])
        .or_else(|| c.seq(&["in", "reverse"]));
    let Some(i) = trig else { return };
    c.take_trig(i);
    out.push((i, Intent::Op(Operation::Reverse(Reverse {}))));
}

fn blur_sharpen(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    if let Some(i) = c.find(&[
        "blur", "soften", "gaussian", "defocus", "smooth", "smoothen", "bokeh",
    ]) {
        c.take_trig(i);
        let sigma = c
            .qty(Unit::Px)
            .or_else(|| c.num_after(i, 4))
            .map(|(j, v)| {
                c.take(j);
                v
            })
            .unwrap_or_else(|| match degree(c) {
                0 => 2.0,
                2 => 12.0,
                _ => 5.0,
            });
        out.push((i, Intent::Op(Operation::Blur(Blur { sigma }))));
    }
    let trig = c
        .find(&["sharpen", "sharp", "crisp", "unblur", "deblur", "sharpness"])
        .or_else(|| {
            c.near(
                &["more", "enhance", "increase"],
                &["detail", "details", "sharpness", "definition"],
                2,
            )
        });
    if let Some(i) = trig {
        c.take_trig(i);
        let sigma = c
            .num_after(i, 4)
            .map(|(j, v)| {
                c.take(j);
                v
            })
            .unwrap_or_else(|| match degree(c) {
                0 => 0.5,
                2 => 2.5,
                _ => 1.0,
            });
        out.push((i, Intent::Op(Operation::Sharpen(Sharpen { sigma }))));
    }
}

fn metadata(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let trig = c
        .find(&["metadata", "anonymize", "anonymise", "privacy", "tags"])
        .or_else(|| {
            c.near(
                REMOVE,
                &[
                    "location", "camera", "personal", "info", "data", "details", "tags",
                ],
                3,
            )
        });
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "metadata", "location", "data", "remove", "strip", "info", "tags",
    ]);
    out.push((i, Intent::Op(Operation::StripMetadata(StripMetadata {}))));
}

fn convert(c: &mut Clause, out: &mut Vec<(usize, Intent)>) {
    let fmts: Vec<(usize, FormatWord)> = (0..c.toks.len())
        .filter(|&i| !c.used[i])
        .filter_map(|i| c.w(i).and_then(format_word).map(|f| (i, f)))
        .collect();
    // The target: a format after "to/into/as", else the last one named.
    let target = fmts
        .iter()
        .find(|(i, _)| *i > 0 && c.is(i - 1, &["to", "into", "as", "a", "an", "in"]))
        .or(fmts.last())
        .copied();
    if let Some((i, to)) = target {
        for (j, _) in &fmts {
            c.take(*j);
        }
        let quality = c
            .find(&["quality"])
            .and_then(|q| {
                c.qty(Unit::Pct)
                    .or_else(|| c.num_after(q, 3))
                    .or_else(|| c.num_before(q, 2))
            })
            .map(|(j, v)| {
                c.take(j);
                v.round().clamp(0.0, 255.0) as u8
            });
        c.take_all(&[
            "convert", "change", "save", "export", "format", "turn", "make", "into", "quality",
            "file",
        ]);
        out.push((i, Intent::ConvertTo { to, quality }));
        return;
    }
    // "as audio" → audio only; "to a video" on a picture is decided later.
    if let Some(i) = c.near(
        &["convert", "turn", "make", "save", "export", "change"],
        &["video", "mp4", "movie"],
        5,
    ) {
        // Only "into/to/as (a) video" or "make it a video" at the end.
        let k = (i..c.toks.len())
            .find(|&k| c.is(k, &["video", "movie", "mp4"]))
            .unwrap_or(i);
        let marker = |k: usize| c.is(k, &["into", "to", "as"]);
        let target = marker(k.wrapping_sub(1))
            || c.is(k.wrapping_sub(1), &["a", "an"])
                && (marker(k.wrapping_sub(2))
                    || c.is(k.wrapping_sub(2), &["it", "this", "them", "these"]));
        let last = c.toks[k + 1..]
            .iter()
            .all(|t| matches!(t.t, T::Sep) || t.is_any(&["please", "file", "clip"]));
        if target && last && !out.iter().any(|(_, it)| !matches!(it, Intent::Need(_))) {
            c.take_trig(i);
            out.push((
                i,
                Intent::ConvertTo {
                    to: FormatWord::Writable(Format::Mp4),
                    quality: None,
                },
            ));
        }
    }
}

/// Verbs that were understood but are missing what they need.
fn needs(c: &Clause, out: &mut Vec<(usize, Intent)>) {
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
