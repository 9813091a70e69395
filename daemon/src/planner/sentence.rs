//! Sentences, and what each one does: asks for something, asks how, asks
//! for facts, or tells the story around a request. A prompt like "My TV
//! won't play this. Can you make it an mp4?" is a story and a polite
//! request; only the request is acted on.

use super::lexicon::codec_word;
use super::lexicon::discourse::{COPULAS, FACT_VERBS, LABELS, LEAD, SUBJECTS, VERBS, WISH};
use super::tokens::{Tok, T};

/// What a sentence does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// "convert to mp4", "I want it as mp4", "it would be nice to add
    /// fades": do it.
    Request,
    /// "can you ...?", "is it possible to ...?", "is there a way to ...?":
    /// a request, politely.
    Polite,
    /// "how do I ...?", "how to ...": asks how; answered in words.
    HowTo,
    /// "what is the resolution?", "does it have sound?": asks for facts.
    Info,
    /// A statement about the file or the situation.
    Story,
    /// "Feature request:", "My question:": a heading.
    Label,
}

/// A sentence of the prompt: its tokens `start..end` and its mood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub mood: Mood,
}

/// Whether the separator `t` ends a sentence.
fn ends_sentence(t: &Tok) -> bool {
    matches!(t.t, T::Sep) && matches!(t.orig.as_str(), "." | "?" | "!")
}

/// The prompt's sentences, in order.
pub fn split(toks: &[Tok]) -> Vec<Sentence> {
    let mut out = split_plain(toks);
    // "Why: reduce file size": what follows a heading of reasons tells why.
    for k in 1..out.len() {
        let prev = out[k - 1];
        let why = prev.mood == Mood::Label
            && toks[prev.start..prev.end].iter().any(|t| {
                t.is_any(&[
                    "why",
                    "reason",
                    "reasons",
                    "motivation",
                    "because",
                    "background",
                    "context",
                ])
            });
        if why {
            out[k].mood = Mood::Story;
        }
    }
    out
}

fn split_plain(toks: &[Tok]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    // "it's for a school project" after a request: a statement of its own.
    let purpose_at = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.is_any(&["it", "this", "that"]))
            && toks.get(k + 1).is_some_and(|t| t.is_any(&["is"]))
            && toks.get(k + 2).is_some_and(|t| t.is_any(&["for"]))
    };
    for (i, t) in toks.iter().enumerate() {
        // Said without a comma: the request ends before it.
        if i > start && purpose_at(i) && !matches!(toks[i - 1].t, T::Sep) {
            out.push(sentence(toks, start, i, false));
            start = i;
        }
        let heading = t.orig == ":" && is_label(&toks[start..i]);
        // "I have a big video, How can I send it?": a new question.
        let asks_anew = t.orig == ","
            && toks.get(i + 1).is_some_and(|n| {
                n.orig.starts_with(|c: char| c.is_uppercase())
                    && n.is_any(&["how", "what", "is", "can", "could", "why", "does"])
            });
        let purpose = t.orig == "," && purpose_at(i + 1);
        // "there's 10 seconds of nothing at the start, get rid of it": a
        // part told, then taken out.
        let taken_out = t.orig == ","
            && removes_it(&toks[i + 1..])
            && matches!(sentence(toks, start, i, false).mood, Mood::Story);
        if ends_sentence(t) || heading || asks_anew || purpose || taken_out {
            if toks[start..i].iter().any(|t| !matches!(t.t, T::Sep)) {
                out.push(sentence(toks, start, i + 1, heading));
            }
            start = i + 1;
        }
    }
    if toks[start..].iter().any(|t| !matches!(t.t, T::Sep)) {
        out.push(sentence(toks, start, toks.len(), false));
    }
    out
}

/// Whether `toks` start by taking out what was said before: "get rid of
/// it", "please remove that", "cut them".
fn removes_it(toks: &[Tok]) -> bool {
    let words: Vec<&str> = toks.iter().map_while(|t| t.word()).collect();
    let skip = words
        .iter()
        .take_while(|w| matches!(**w, "please" | "pls" | "plz" | "just"))
        .count();
    let rest = &words[skip..];
    let verb = match rest {
        ["get", "rid", "of", ..] => 3,
        [v, ..] if matches!(*v, "remove" | "delete" | "cut" | "trim" | "drop" | "skip") => 1,
        _ => return false,
    };
    rest.get(verb)
        .is_some_and(|w| matches!(*w, "it" | "that" | "them" | "those"))
}

fn sentence(toks: &[Tok], start: usize, end: usize, heading: bool) -> Sentence {
    let mood = if heading {
        Mood::Label
    } else {
        mood(&main_clause(&toks[start..end]))
    };
    Sentence { start, end, mood }
}

/// The sentence without the reason it ends with ("width 1024 because my TV
/// won't play it"): a reason tells, whatever the request before it does.
/// Its question mark stays.
fn main_clause(toks: &[Tok]) -> Vec<Tok> {
    let w = |k: usize| toks.get(k).and_then(|t| t.word()).unwrap_or("");
    // "Since this project uses ffmpeg would it be possible to ...": the
    // reason first, then the question.
    if let Some(q) = asked_after_reason(toks) {
        return toks[q..].to_vec();
    }
    // (An aside in brackets tells too: "... to the 13th (if you've heard
    // the song, you'll know what part I mean".)
    let reason = (1..toks.len()).find(|&i| {
        matches!(w(i), "because" | "cuz" | "coz")
            || w(i) == "since" && SUBJECTS.contains(&w(i + 1))
            || toks[i].orig == "(" && w(i + 1) == "if"
    });
    let Some(r) = reason.filter(|&r| toks[..r].iter().any(|t| t.word().is_some())) else {
        return toks.to_vec();
    };
    let mut head = toks[..r].to_vec();
    if let Some(q) = toks.last().filter(|t| t.orig == "?") {
        head.push(q.clone());
    }
    head
}

/// Where the question starts after a sentence that opens with its reason
/// ("Since it uses ffmpeg would it be possible to ...").
pub(crate) fn asked_after_reason(toks: &[Tok]) -> Option<usize> {
    let words: Vec<usize> = (0..toks.len())
        .filter(|&k| toks[k].word().is_some())
        .collect();
    let first = *words.first()?;
    if !toks[first].is_any(&["since", "because", "as"]) {
        return None;
    }
    words.windows(2).skip(2).find_map(|p| {
        let inverted = toks[p[0]].is_any(&["would", "could", "can", "will"])
            && toks[p[1]].is_any(&["it", "you", "this", "there", "we", "i"]);
        inverted.then_some(p[0])
    })
}

/// "Feature request", "My question", "Idea": a few words naming what
/// follows.
fn is_label(toks: &[Tok]) -> bool {
    let words: Vec<&str> = toks.iter().filter_map(|t| t.word()).collect();
    !words.is_empty()
        && words.len() <= 4
        && toks.iter().all(|t| matches!(t.t, T::Word(_) | T::Sep))
        && words.iter().any(|w| LABELS.contains(w))
}

/// The words of a sentence, from the first one that is not a greeting or a
/// connective.
fn body(toks: &[Tok]) -> Vec<&str> {
    let words: Vec<&str> = toks.iter().filter_map(|t| t.word()).collect();
    let skip = words.iter().take_while(|w| LEAD.contains(w)).count();
    // "please" alone is a request, not a lead.
    let skip = if skip == words.len() { 0 } else { skip };
    words[skip..].to_vec()
}

/// "The option to edit the speed of a clip is great.": praise, told (not
/// "it would be great if ...").
fn praised(ws: &[&str]) -> bool {
    // ("it's great to have the background removed": a wish.)
    (1..ws.len()).any(|i| {
        let p = &ws[i - 1..=i];
        let next = ws.get(i + 1).copied().unwrap_or("");
        matches!(p[0], "is" | "are" | "works")
            && !(p[0] == "is" && matches!(next, "to" | "if"))
            && matches!(
                p[1],
                "great"
                    | "nice"
                    | "awesome"
                    | "cool"
                    | "amazing"
                    | "perfect"
                    | "fantastic"
                    | "excellent"
            )
    }) && !ws
        .iter()
        .any(|w| matches!(*w, "would" | "it'd" | "if" | "be"))
}

/// How a sentence reads, from its first words and its end.
pub fn mood(toks: &[Tok]) -> Mood {
    if let Some(m) = asked_after_opening(toks) {
        return m;
    }
    let ws = body(toks);
    let asked = toks
        .iter()
        .rev()
        .find(|t| matches!(t.t, T::Sep) && t.orig != ")" && t.orig != "(")
        .is_some_and(|t| t.orig == "?");
    let at = |i: usize| ws.get(i).copied().unwrap_or("");
    let has = |xs: &[&str]| ws.iter().any(|w| xs.contains(w));
    // "can you open mkv files?": what kiln does with a kind of file.
    if matches!(at(0), "can" | "could" | "do")
        && matches!(at(1), "you" | "u" | "kiln")
        && of_a_kind(&ws)
    {
        return Mood::Info;
    }
    // "I want to convert it to png, how can I do this?"
    let how = ws.windows(2).any(|p| {
        p[0] == "how" && matches!(p[1], "i" | "we" | "can" | "do" | "to" | "could" | "should")
    });
    // "I don't know how to remove the audio, can you do it?": asked of kiln.
    let you_do = ws
        .windows(2)
        .any(|p| matches!(p[0], "can" | "could" | "would" | "will") && matches!(p[1], "you" | "u"));
    if asked && how && ws.first() != Some(&"how") {
        return if you_do { Mood::Polite } else { Mood::HowTo };
    }
    // "..., how can I do this" without its question mark.
    let how_this = ws.windows(4).any(|p| {
        p[0] == "how"
            && matches!(
                (p[1], p[2]),
                ("i", "can") | ("can", "i") | ("do", "i") | ("to", "do")
            )
            && matches!(p[3], "do" | "this" | "that" | "it")
    });
    if how_this && !you_do && ws.first() != Some(&"how") {
        return Mood::HowTo;
    }
    if asks_for_fact(toks) || asked && asks_why(&ws) {
        return Mood::Info;
    }
    if praised(&ws) && !asked {
        return Mood::Story;
    }
    if !asked && tells_what_exists(&ws) {
        return Mood::Story;
    }
    if approved_value(toks) || proposed(&ws) && !asked {
        return Mood::Request;
    }
    // "4mb is ridiculous huge.": a value, then what it is; told.
    let value_first = toks
        .iter()
        .find(|t| !matches!(t.t, T::Sep))
        .is_some_and(|t| t.word().is_none());
    if !asked && value_first && matches!(at(0), "is" | "are" | "was" | "were") {
        return Mood::Story;
    }
    // ("Having the control to slow it down would be helpful": a gerund
    // opens a statement, no question.)
    let gerund = toks
        .iter()
        .find(|t| t.word().is_some())
        .is_some_and(|t| t.is_gerund());
    // "Do you know how to reduce the size ...", with or without its
    // question mark: how to do it, asked.
    if matches!(at(0), "do" | "does")
        && matches!(at(1), "you" | "anyone" | "anybody" | "someone")
        && at(2) == "know"
        && at(3) == "how"
    {
        return Mood::HowTo;
    }
    // "what if I need to transcode files to 720p?": a need, asked.
    if at(0) == "what"
        && at(1) == "if"
        && matches!(at(2), "i" | "we")
        && matches!(at(3), "need" | "want" | "wanted")
    {
        return Mood::Polite;
    }
    if let Some(m) = question_mood(&ws, asked).filter(|m| asked || !gerund || *m != Mood::Info) {
        return m;
    }
    if let Some(m) = facts_wished(&ws) {
        return m;
    }
    // "any idea how to ...", "I wonder how to ..."
    if let Some(h) = ws.iter().position(|w| *w == "how") {
        if h > 0
            && matches!(
                at(h + 1),
                "to" | "do" | "can" | "could" | "should" | "would"
            )
        {
            let before = &ws[..h];
            if before.iter().any(|w| {
                matches!(
                    *w,
                    "idea" | "know" | "wonder" | "wondering" | "explain" | "ask" | "asking"
                )
            }) {
                return Mood::HowTo;
            }
        }
    }
    // "My requirement is clear: do compress and ...": an imperative made
    // emphatic.
    if !asked && at(0) == "do" && VERBS.contains(&at(1)) {
        return Mood::Request;
    }
    // "Instagram crops my photo": a subject and its verb, a statement.
    let words: Vec<&Tok> = toks.iter().filter(|t| t.word().is_some()).collect();
    let third_person = third_person(&words);
    let wish = wishes(&ws);
    if third_person && !wish && !asked {
        return Mood::Story;
    }
    if asked && !wish {
        return Mood::Polite;
    }
    if wish || has(&["please", "pls"]) || VERBS.contains(&at(0)) {
        return Mood::Request;
    }
    // "the sample rate is 22050", "Signal doesn't strip EXIF": it tells.
    let copula = ws.iter().take(8).any(|w| COPULAS.contains(w));
    if SUBJECTS.contains(&at(0)) || copula || told_in_past(&words) {
        return Mood::Story;
    }
    Mood::Request
}

/// "I want to check if it has audio": facts, wished for.
fn facts_wished(ws: &[&str]) -> Option<Mood> {
    let f = (0..ws.len()).find(|&i| fact_verb(ws, i))?;
    let about = ws[f..].iter().take(6).any(|w| {
        matches!(
            *w,
            "if" | "whether"
                | "what"
                | "which"
                | "how"
                | "resolution"
                | "duration"
                | "length"
                | "fps"
                | "framerate"
                | "bitrate"
                | "codec"
                | "size"
                | "dimensions"
        )
    });
    // "I wanted to know if it's possible to merge them": asked politely.
    let can = ws[f..]
        .iter()
        .position(|w| matches!(*w, "if" | "whether"))
        .is_some_and(|k| {
            ws[f + k..]
                .iter()
                .take(5)
                .any(|w| matches!(*w, "possible" | "can" | "could" | "way" | "able"))
        });
    if about && (f == 0 || wishes(&ws[..f]) || ws[..f].contains(&"to")) {
        return Some(if can { Mood::Polite } else { Mood::Info });
    }
    None
}

/// "My suggestion is to downsize the image", "the idea would be to strip
/// it": a wish put as what it is.
fn proposed(ws: &[&str]) -> bool {
    let at = |i: usize| ws.get(i).copied().unwrap_or("");
    matches!(at(0), "my" | "our" | "the" | "one")
        && matches!(
            at(1),
            "suggestion"
                | "proposal"
                | "idea"
                | "request"
                | "wish"
                | "recommendation"
                | "goal"
                | "aim"
                | "plan"
                | "solution"
                | "preference"
        )
        && (at(2) == "is" && at(3) == "to" || at(2) == "would" && at(3) == "be" && at(4) == "to")
}

/// "256x256 is good.", "Around 500x500 would be fine": a value, then that
/// it will do; the value wished for.
fn approved_value(toks: &[Tok]) -> bool {
    let mut k = toks.iter().take_while(|t| matches!(t.t, T::Sep)).count();
    let is = |k: usize, ws: &[&str]| {
        toks.get(k)
            .and_then(|t| t.word())
            .is_some_and(|w| ws.contains(&w))
    };
    while is(
        k,
        &[
            "around",
            "about",
            "roughly",
            "approximately",
            "maybe",
            "probably",
            "just",
        ],
    ) {
        k += 1;
    }
    if !toks
        .get(k)
        .is_some_and(|t| t.word().is_none() && !matches!(t.t, T::Sep))
    {
        return false;
    }
    k += 1;
    while toks
        .get(k)
        .is_some_and(|t| t.word().is_none() && !matches!(t.t, T::Sep))
    {
        k += 1;
    }
    if is(k, &["would", "should", "will"]) && is(k + 1, &["be"]) {
        k += 2;
    } else if is(k, &["is", "seems", "sounds"]) {
        k += 1;
    } else {
        return false;
    }
    while is(
        k,
        &[
            "probably", "really", "more", "than", "just", "quite", "totally",
        ],
    ) {
        k += 1;
    }
    is(
        k,
        &[
            "good",
            "fine",
            "enough",
            "ok",
            "okay",
            "perfect",
            "ideal",
            "great",
            "best",
            "sufficient",
            "acceptable",
            "plenty",
        ],
    )
}

/// "When uploading a picture, would it be possible to strip the EXIF?":
/// an opening that says when, then a question, whose mood the sentence
/// has. ("When a user uploads a photo, it should be resized" stays a
/// condition told; "When will you add AV1?" asks when.)
fn asked_after_opening(toks: &[Tok]) -> Option<Mood> {
    after_opening(toks)
        .map(mood)
        .filter(|m| matches!(m, Mood::Polite | Mood::HowTo))
}

fn after_opening(toks: &[Tok]) -> Option<&[Tok]> {
    let mut words = toks.iter().filter_map(|t| t.word());
    let first = words.next()?;
    let second = words.next().unwrap_or("");
    let aux = matches!(
        second,
        "is" | "are"
            | "was"
            | "were"
            | "do"
            | "does"
            | "did"
            | "can"
            | "could"
            | "will"
            | "would"
            | "should"
            | "to"
    );
    if !matches!(first, "when" | "whenever" | "while" | "once") || aux {
        return None;
    }
    let comma = toks.iter().take(14).position(|t| t.orig == ",")?;
    let rest = &toks[comma + 1..];
    (rest.iter().filter(|t| t.word().is_some()).count() >= 3).then_some(rest)
}

/// Apps, sites and devices people name: names, never verbs.
pub(crate) const APPS: &[&str] = &[
    "instagram",
    "whatsapp",
    "twitter",
    "discord",
    "youtube",
    "tiktok",
    "facebook",
    "telegram",
    "messenger",
    "snapchat",
    "plex",
    "jellyfin",
    "slack",
    "photoshop",
    "windows",
    "chrome",
    "safari",
    "firefox",
    "iphone",
    "android",
    "premiere",
    "obs",
    "vlc",
    "quicktime",
    "imovie",
    "gmail",
    "outlook",
    "signal",
    "reddit",
    "handbrake",
    "ffmpeg",
    "browser",
    "app",
    "website",
    "site",
    "phone",
    "camera",
    "tv",
];

/// "Instagram crops my photo", "GarageBand only creates M4A files": a name
/// (not a verb) and its verb in -s, an adverb between or not: a statement.
fn third_person(words: &[&Tok]) -> bool {
    // "GarageBand only creates M4A files": a name (not a verb) and a verb
    // in -s, an adverb between or not.
    let named = words.first().is_some_and(|t| {
        let w = t.word().unwrap_or("");
        APPS.contains(&w) || t.orig.starts_with(char::is_uppercase) && !VERBS.contains(&w)
    });
    let verb_s = |t: &Tok| {
        t.word().is_some_and(|w| {
            let o = t.orig.to_lowercase();
            VERBS.contains(&w) && (o == format!("{w}s") || o == format!("{w}es"))
        })
    };
    let adverb = |t: &Tok| {
        t.is_any(&[
            "only",
            "always",
            "automatically",
            "just",
            "also",
            "still",
            "now",
            "often",
            "never",
            "usually",
            "already",
        ])
    };
    words.len() >= 3
        && named
        && (verb_s(words[1]) || adverb(words[1]) && words.len() >= 4 && verb_s(words[2]))
}

/// "So with some help I found today that ...", "Last week we recorded a
/// talk": I or we and a verb in the past, what happened.
fn told_in_past(words: &[&Tok]) -> bool {
    const PAST: &[&str] = &[
        "found", "made", "got", "took", "went", "thought", "had", "did", "bought", "shot", "saw",
        "knew", "came", "ran", "tried", "noticed", "realized", "realised",
    ];
    words.windows(2).any(|p| {
        p[0].is_any(&["i", "we"]) && {
            let o = p[1].orig.to_lowercase();
            PAST.contains(&o.as_str()) || o.len() > 4 && o.ends_with("ed")
        }
    })
}

/// Verbs that change a file: "get the length down to 10 s", "find the frame
/// rate and change it", "remove the metadata" ask for a change, not a fact.
const CHANGES: &[&str] = &[
    "change", "set", "convert", "make", "remove", "strip", "delete", "wipe", "scrub", "erase",
    "clear", "reduce", "increase", "lower", "raise", "resize", "scale", "compress", "crop", "trim",
    "cut", "keep", "preserve", "rotate", "orient", "apply", "respect", "honor", "honour",
];

/// "Get the video duration", "is it possible to find the frame rate?",
/// "read the width and height": a fact of the file asked for with a verb,
/// and no value given for it.
fn asks_for_fact(toks: &[Tok]) -> bool {
    const VERBS: &[&str] = &[
        "get",
        "read",
        "fetch",
        "obtain",
        "retrieve",
        "query",
        "find",
        "know",
        "check",
        "determine",
        "detect",
        "print",
        "display",
        "probe",
        "calculate",
        "identify",
        "measure",
        "count",
        "show",
        "see",
        "tell",
        "inspect",
        "verify",
        "output",
        "return",
        "log",
        "have",
    ];
    const NOUNS: &[&str] = &[
        "resolution",
        "duration",
        "length",
        "fps",
        "framerate",
        "bitrate",
        "codec",
        "dimensions",
        "dimension",
        "width",
        "height",
        "samplerate",
        "channels",
        "runtime",
        "metadata",
    ];
    let w = |i: usize| toks.get(i).and_then(|t| t.word()).unwrap_or("");
    // "I want to have the duration": "have" asks only after "to".
    let Some(f) = (0..toks.len())
        .find(|&i| VERBS.contains(&w(i)) && (w(i) != "have" || i > 0 && w(i - 1) == "to"))
    else {
        return false;
    };
    // "to not display metadata": kept from view, a wish.
    if f > 0 && matches!(w(f - 1), "not" | "never" | "stop") {
        return false;
    }
    let valued = toks[f..].iter().any(|t| {
        matches!(
            t.t,
            T::Num(_) | T::Qty(..) | T::Clock { .. } | T::Dims(..) | T::Quote(_)
        )
    });
    if valued {
        return false;
    }
    let words: Vec<usize> = (f + 1..toks.len())
        .filter(|&i| toks[i].word().is_some())
        .collect();
    let fact = words.iter().take(6).find(|&&i| {
        NOUNS.contains(&w(i))
            || w(i) == "rate" && matches!(w(i - 1), "frame" | "sample" | "sampling" | "bit")
            || w(i) == "frame" && (f..i).any(|k| matches!(w(k), "number" | "many" | "total"))
    });
    let Some(&n) = fact else { return false };
    // "use a H.264 codec": the fact named with its value.
    if (f..n).any(|k| toks[k].word().is_some_and(|w| codec_word(w).is_some())) {
        return false;
    }
    let change = (0..toks.len()).any(|i| CHANGES.contains(&w(i)));
    // "get the length down to 10 s": a target after the fact; "a way to do
    // it" is none.
    let target = (n + 1..toks.len()).any(|i| {
        matches!(w(i), "under" | "below" | "down")
            || matches!(w(i), "to" | "into")
                && toks[i + 1..]
                    .iter()
                    .take(3)
                    .any(|t| matches!(t.t, T::Num(_) | T::Qty(..) | T::Clock { .. } | T::Dims(..)))
    });
    !change && !target
}

/// Files spoken of by their kind ("mkv files", "heic images"), none of
/// them in particular and no target named.
fn of_a_kind(ws: &[&str]) -> bool {
    ws.iter()
        .any(|w| matches!(*w, "files" | "videos" | "images" | "pictures" | "photos"))
        && !ws.iter().any(|w| {
            matches!(
                *w,
                "this" | "it" | "these" | "those" | "my" | "the" | "to" | "into" | "as" | "them"
            )
        })
}

/// "Currently there is an option to mute the video": what exists, told
/// (not "there is no way to ...", a wish).
fn tells_what_exists(ws: &[&str]) -> bool {
    let at = |i: usize| ws.get(i).copied().unwrap_or("");
    let from = usize::from(matches!(at(0), "currently" | "already" | "now"));
    at(from) == "there"
        && matches!(at(from + 1), "is" | "are")
        && !ws.iter().any(|w| matches!(*w, "no" | "not"))
        && ws[from..].iter().take(6).any(|w| {
            matches!(
                *w,
                "option" | "feature" | "setting" | "button" | "way" | "mode"
            )
        })
}

/// A verb that asks for a fact at `i` ("check", "display"): not a noun
/// after "their" ("cap their display size to 400px").
fn fact_verb(ws: &[&str], i: usize) -> bool {
    FACT_VERBS.contains(&ws[i])
        && !(i > 0
            && matches!(
                ws[i - 1],
                "their" | "the" | "its" | "my" | "your" | "our" | "his" | "her"
            ))
}

/// "what I want is ...", "when I upload ...": a wh-word that opens no
/// question.
fn told_not_asked(ws: &[&str], asked: bool) -> bool {
    let at = |i: usize| ws.get(i).copied().unwrap_or("");
    matches!(at(1), "i" | "we")
        && matches!(
            at(2),
            "meant" | "mean" | "want" | "wanted" | "need" | "needed" | "would" | "like"
        )
        // "what I did is I went through my tunes": what was done, told.
        || !asked
            && at(0) == "what"
            && matches!(at(1), "i" | "we")
            && ws.iter().skip(3).take(3).any(|w| matches!(*w, "is" | "was"))
        // "What surprised me was the detail": what struck the writer, told.
        || !asked
            && at(0) == "what"
            && at(2) == "me"
            && !matches!(at(1), "is" | "are" | "do" | "does" | "can" | "would" | "should" | "will")
        // "When I export it, it always has sound": a time, not a question.
        // ("When pages have a white border, remove it": no question mark,
        // a time.)
        || !asked && matches!(at(0), "when" | "whenever" | "while")
        || !asked
            && matches!(at(0), "when" | "whenever" | "where" | "while")
            && (matches!(at(1), "i" | "we" | "you" | "it" | "the" | "my" | "this" | "people" | "users")
                // "When JPG files are sent to the frame, ...".
                || ws.iter().skip(2).take(3).any(|w| matches!(*w, "is" | "are" | "was" | "were")))
}

/// Questions, by their first words (`asked`: the sentence ends with "?").
fn question_mood(ws: &[&str], asked: bool) -> Option<Mood> {
    let at = |i: usize| ws.get(i).copied().unwrap_or("");
    let person = |w: &str| {
        matches!(
            w,
            "i" | "we" | "you" | "one" | "u" | "someone" | "anyone" | "it" | "this" | "kiln"
        )
    };
    let told = told_not_asked(ws, asked);
    let aux = |w: &&str| {
        matches!(
            *w,
            "is" | "are"
                | "was"
                | "does"
                | "do"
                | "did"
                | "can"
                | "could"
                | "would"
                | "should"
                | "will"
                | "has"
                | "have"
        )
    };
    let wh_question = !told
        && (asked
            || ws.iter().skip(1).take(5).any(aux)
            || matches!(
                at(1),
                "resolution" | "format" | "size" | "fps" | "codec" | "kind" | "type" | "bitrate"
            ));
    Some(match at(0) {
        "how" if at(1) == "to" => Mood::HowTo,
        "how"
            if matches!(at(1), "do" | "can" | "could" | "should" | "would" | "does")
                && (person(at(2)) || !matches!(at(2), "it" | "this" | "the")) =>
        {
            Mood::HowTo
        }
        "how" if at(1) == "about" => Mood::Polite,
        // "How convert wav to mp3": the "to" left out.
        "how" if VERBS.contains(&at(1)) => Mood::HowTo,
        // "How hard would it be to add .ogg export?": asked of kiln.
        "how"
            if matches!(at(1), "hard" | "difficult" | "easy" | "complicated")
                && matches!(at(2), "would" | "is" | "will") =>
        {
            Mood::Polite
        }
        "how" => Mood::Info,
        "what" | "whats" | "what's" | "which" | "why" | "when" | "where" | "who" | "whats's"
            if matches!(at(1), "about") =>
        {
            Mood::Polite
        }
        // "why not rotate them?", "why don't you convert it?": a suggestion.
        "why" if at(1) == "not" || at(1) == "do" && at(2) == "not" => Mood::Polite,
        // "what do you think of adding a fade out?": a proposal, asked.
        "what" if at(1) == "do" && person(at(2)) && at(3) == "think" => Mood::Polite,
        // "what would it take to change it to TIFF?": asked of kiln.
        "what"
            if matches!(at(1), "would" | "will" | "does") && at(2) == "it" && at(3) == "take" =>
        {
            Mood::Polite
        }
        // "When download a gif it saves as a video is there anyway you can
        // make it convert to a gif?": a time, then the request.
        "when" | "whenever" if asked && asked_after_a_time(ws) => Mood::Polite,
        "what" | "whats" | "what's" | "which" | "why" | "when" | "where" | "who"
            if !wh_question =>
        {
            return None
        }
        "what" | "whats" | "what's" | "which" | "why" | "when" | "where" | "who" => {
            if ws.contains(&"best") && ws.contains(&"way") || ws.contains(&"command") {
                Mood::HowTo
            } else {
                Mood::Info
            }
        }
        // "Describe the feature: Strip EXIF": an issue form's heading, then
        // the wish.
        "describe" if at(1) == "the" && matches!(at(2), "feature" | "solution") => Mood::Request,
        // "Will we be able to crop into a square?": asked of kiln.
        "will" | "would"
            if ws
                .iter()
                .skip(1)
                .take(4)
                .any(|w| matches!(*w, "able" | "possible")) =>
        {
            Mood::Polite
        }
        // ("Tell me, I can't convert files to mp3": a plea, then the story.)
        "tell" if at(1) == "me" && matches!(at(2), "i" | "we" | "my") => return None,
        "tell" | "explain" | "describe" | "list" | "info" | "details" | "probe" | "calculate"
        | "check" | "show" | "identify" | "detect" => Mood::Info,
        // "Have you thought yet about adding the option to rotate a PDF?",
        // "Did you consider adding ...": a proposal, asked.
        "have" | "did"
            if matches!(at(1), "you" | "u")
                && ws
                    .iter()
                    .skip(2)
                    .take(3)
                    .any(|w| matches!(*w, "thought" | "think" | "consider" | "considered")) =>
        {
            Mood::Polite
        }
        "does" | "do" | "did" | "has" | "have" | "will" if person(at(1)) || at(1) == "the" => {
            Mood::Info
        }
        // "is there a preferred method to double the speed?": how, asked.
        "is" | "are"
            if ws.windows(2).any(|p| {
                matches!(
                    p[0],
                    "preferred" | "best" | "recommended" | "proper" | "correct"
                ) && matches!(p[1], "way" | "method" | "approach")
            }) =>
        {
            Mood::HowTo
        }
        // "but is not letting me upload pictures": the subject left out of
        // a statement, no question.
        "is" | "are" | "was" | "were" if !asked && at(1) == "not" => return None,
        "is" | "are" | "was" | "were" if asks_possible(ws) => Mood::Polite,
        "is" | "are" | "was" | "were" => Mood::Info,
        "can" | "could" | "would" | "may" | "might" | "shall" | "any" | "possible" => Mood::Polite,
        // "will there be support for AV1?"
        "will" if at(1) == "there" => Mood::Polite,
        _ => return None,
    })
}

/// "is there a way", "can you": asked after the words that set the time.
fn asked_after_a_time(ws: &[&str]) -> bool {
    ws.windows(4).skip(2).any(|p| {
        p[..3] == ["is", "there", "a"] && p[3] == "way"
            || matches!(p[0], "can" | "could") && matches!(p[1], "you" | "u")
    })
}

/// "is it possible", "is there a way", "are there any plans": a request,
/// politely.
fn asks_possible(ws: &[&str]) -> bool {
    const WORDS: &[&str] = &[
        "possible",
        "way",
        "option",
        "chance",
        "possibility",
        "method",
        "setting",
        "feature",
        "plan",
        "plans",
        "tool",
        "flag",
        "any",
        "anyway",
        "anyways",
        // "is there a program that'll convert 25p to 24p?"
        "program",
        "software",
        "utility",
        "converter",
        "feasible",
        "solution",
    ];
    ws.iter().take(9).any(|w| WORDS.contains(w))
}

/// "I want", "I'd like", "it would be nice to", "we need", "add an option
/// to", "should": the sentence states a wish.
fn wishes(ws: &[&str]) -> bool {
    ws.iter().enumerate().any(|(i, w)| {
        let prev = if i > 0 { ws[i - 1] } else { "" };
        match *w {
            "like" | "love" | "prefer" => {
                // ("I would ideally like to ...".)
                let prev = if i >= 2
                    && matches!(
                        prev,
                        "ideally" | "really" | "also" | "just" | "very" | "much"
                    ) {
                    ws[i - 2]
                } else {
                    prev
                };
                matches!(prev, "would" | "i'd" | "id" | "we'd" | "i" | "we" | "d")
                    // "I will like to open it and ...": "would like", as often written.
                    || prev == "will" && i >= 2 && matches!(ws[i - 2], "i" | "we")
            }
            "nice" | "great" | "cool" | "awesome" | "useful" | "helpful" | "handy" | "good" => {
                ws[..i]
                    .iter()
                    .any(|p| matches!(*p, "would" | "be" | "it'd" | "its" | "it's"))
                    // "it's great to have the background removed"
                    || i >= 2
                        && ws[i - 2..i] == ["it", "is"]
                        && matches!(ws.get(i + 1), Some(&("to" | "if")))
            }
            // "Also I would save all images as JPGs": what the writer would do.
            "would" => {
                matches!(prev, "i" | "we")
                    && matches!(
                        ws.get(i + 1),
                        Some(
                            &("save"
                                | "convert"
                                | "export"
                                | "resize"
                                | "scale"
                                | "compress"
                                | "store"
                                | "encode"
                                | "reduce"
                                | "set")
                        )
                    )
            }
            // "I'm happy to drop the audio": a step agreed to, asked.
            "happy" => {
                matches!(prev, "am" | "i'm" | "im" | "we're")
                    && ws.get(i + 1) == Some(&"to")
                    && ws
                        .get(i + 2)
                        .is_some_and(|w| VERBS.contains(w) || *w == "lose")
            }
            // "All images are to be saved in JPEG": a rule, as "must".
            "to" => matches!(prev, "are" | "is") && ws.get(i + 1) == Some(&"be"),
            // "1280*720p HD is preferred", "the upload is limited to 500MB":
            // a requirement, as "must".
            "preferred" | "recommended" => matches!(prev, "are" | "is"),
            "limited" => matches!(prev, "are" | "is") && ws.get(i + 1) == Some(&"to"),
            // "overkill for what I need", "more than we need": no wish.
            _ if i >= 2 && matches!(ws[i - 2], "what" | "than" | "whatever" | "if") => false,
            _ => WISH.contains(w) && !matches!(*w, "like" | "nice" | "great" | "cool" | "awesome"),
        }
    })
}

/// "any idea why?", "Am I missing something?", "what's the secret?": an
/// explanation asked.
fn asks_why(ws: &[&str]) -> bool {
    ws.contains(&"why") && !ws.windows(2).any(|p| p == ["why", "not"])
        || ws
            .windows(3)
            .any(|p| p == ["am", "i", "missing"] || p == ["i", "doing", "wrong"])
        || ws.contains(&"secret")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::tokens::tokenize;

    fn moods(s: &str) -> Vec<Mood> {
        split(&tokenize(s)).iter().map(|s| s.mood).collect()
    }

    #[test]
    fn sentences_are_read_by_what_they_do() {
        use Mood::*;
        assert_eq!(moods("convert to mp4"), [Request]);
        assert_eq!(
            moods("My TV won't play this. Can you make it an mp4?"),
            [Story, Polite]
        );
        assert_eq!(
            moods("Feature request: save audio as mono"),
            [Label, Request]
        );
        assert_eq!(moods("How do I make it black and white?"), [HowTo]);
        assert_eq!(moods("what resolution is this?"), [Info]);
        assert_eq!(moods("Is it possible to convert it to mono."), [Polite]);
        assert_eq!(
            moods("I would like to remux it to mp4, e.g. quickly."),
            [Request]
        );
        assert_eq!(moods("Start: 00:00:05 End: 00:00:22"), [Request]);
    }
}
