//! Clauses: a sentence split on "then", "and", commas..., with pieces that
//! only carry slots ("and 10 seconds", "and contrast") joined back to their
//! neighbour. Each clause goes to the grammar; what it does not read is
//! kept as a leftover for [`super::leftovers`] to classify.

use super::grammar::{self, Intent};
use super::lexicon::discourse::{COPULAS, SLOT_WORDS, SUBJECTS};
use super::lexicon::{codec_word, format_word};
use super::sentence::{self, Mood};
use super::tokens::{Tok, Unit, T};
use crate::media::ops::Format;

/// A clause the grammar found nothing in: tokens `start..end` of the prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct Leftover {
    pub start: usize,
    pub end: usize,
    /// Inside brackets: an aside.
    pub aside: bool,
}

impl Leftover {
    /// The clause as written.
    pub fn text(&self, toks: &[Tok]) -> String {
        toks[self.start..self.end]
            .iter()
            .filter(|t| !matches!(t.t, T::Sep))
            .map(|t| t.orig.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The intents of a stretch of the prompt, in order, with the positions of
/// their triggers, and the clauses not understood.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub intents: Vec<(usize, Intent)>,
    /// For each intent: whether its clause tells rather than asks ("I have
    /// a video at 25 fps and want it at 23.976").
    pub told: Vec<bool>,
    pub leftovers: Vec<Leftover>,
}

impl Parsed {
    /// Keeps the intents `keep` takes (given each one's position), with
    /// their told marks.
    pub fn retain(&mut self, keep: impl Fn(usize, &Intent) -> bool) {
        let marks: Vec<bool> = self.intents.iter().map(|(p, i)| keep(*p, i)).collect();
        let mut k = marks.iter();
        self.intents.retain(|_| *k.next().unwrap_or(&true));
        let mut k = marks.iter();
        self.told.retain(|_| *k.next().unwrap_or(&true));
    }
}

/// Words that open a reason: what follows tells why, it asks for nothing
/// ("convert to mp4 because my TV won't play mov").
const BECAUSE: &[&str] = &["because", "since", "cause", "cuz", "coz", "as"];

/// What a wish calls a step: "it would be nice to ...".
const WISHED: &[&str] = &[
    "nice",
    "great",
    "good",
    "cool",
    "awesome",
    "helpful",
    "useful",
    "handy",
    "ideal",
    "lovely",
    "better",
    "best",
    "amazing",
    "fantastic",
    "perfect",
    "wonderful",
    "convenient",
];

/// "so that I can ...", "so we can ...", "in order to ...": a purpose,
/// told at `i`.
fn is_purpose(toks: &[Tok], i: usize) -> bool {
    let w = |k: usize| toks.get(k).and_then(|t| t.word()).unwrap_or("");
    match w(i) {
        // "make it so that ...": what is asked.
        "so" if i >= 1 && matches!(w(i - 1), "it" | "make") => false,
        // "add a feature so that the images can be saved as WEBP": what
        // the feature is to do, asked.
        "so" if (i.saturating_sub(3)..i).any(|k| {
            matches!(
                w(k),
                "feature" | "option" | "setting" | "ability" | "button" | "way" | "possibility"
            )
        }) =>
        {
            false
        }
        // "so it would be nice to have a quick way of converting to JPG":
        // a wish, asked.
        "so" if matches!(w(i + 1), "it" | "this")
            && matches!(w(i + 2), "would" | "will")
            && w(i + 3) == "be"
            && WISHED.contains(&w(i + 4))
            && matches!(w(i + 5), "to" | "if") =>
        {
            false
        }
        "so" => {
            w(i + 1) == "that"
                || matches!(
                    w(i + 1),
                    "i" | "we" | "people" | "they" | "users" | "viewers"
                ) && matches!(w(i + 2), "can" | "could" | "will" | "would" | "not" | "never")
                // ("So it will be a cool option to ...": a sentence opened
                // with "so" goes on, it gives no purpose.)
                || matches!(w(i + 1), "this" | "it")
                    && matches!(w(i + 2), "is" | "will" | "does" | "would" | "can")
                    && i > 0
                    && toks[i - 1].word().is_some()
                // ("cut those edges out so they aren't visible".)
                || matches!(w(i + 1), "they" | "these" | "those")
                    && matches!(w(i + 2), "are" | "do" | "look" | "fit")
                    && i > 0
                    && toks[i - 1].word().is_some()
        }
        "in" => w(i + 1) == "order" && w(i + 2) == "to",
        _ => false,
    }
}

/// Whether a main clause begins at `i`: a subject ("the simplest
/// solution", "I", "we") and its verb within three words.
fn main_clause_at(toks: &[Tok], i: usize, end: usize) -> bool {
    toks[i].is_any(&["the", "i", "we", "you", "it", "this"])
        && (i + 1..(i + 4).min(end)).any(|k| {
            toks[k].is_any(&[
                "is", "are", "was", "should", "must", "need", "needs", "want", "will", "can",
                "would", "have", "had",
            ])
        })
}

/// Whether "I have to", "I've to", "we need to", "I must" begins at `i`.
fn obliged_at(toks: &[Tok], i: usize) -> bool {
    let w = |k: usize| toks.get(k).and_then(|t| t.word()).unwrap_or("");
    matches!(w(i), "i've" | "we've") && w(i + 1) == "to"
        || matches!(w(i), "i" | "we")
            && (matches!(w(i + 1), "have" | "need" | "had") && w(i + 2) == "to"
                || w(i + 1) == "must")
}

/// Whether the clause `a..b` gives a reason.
fn is_reason(toks: &[Tok], a: usize, b: usize) -> bool {
    if is_purpose(toks, a) {
        // "so we can use a 32kbps bitrate": the purpose says the value.
        return !toks[a..b]
            .iter()
            .any(|t| matches!(t.t, T::Num(_) | T::Qty(..) | T::Clock { .. } | T::Dims(..)));
    }
    let first = toks[a..b].iter().find_map(|t| t.word());
    match first {
        Some("as") => {
            // "as mp4" is a target; "as my TV can't play it", "as the file
            // is smaller" a reason.
            let ws: Vec<&str> = toks[a..b].iter().filter_map(|t| t.word()).collect();
            // ("as one video": what they become, not "as one might".)
            let one_file = ws.get(1) == Some(&"one")
                && ws.get(2).is_some_and(|w| {
                    matches!(
                        *w,
                        "video" | "file" | "clip" | "movie" | "recording" | "track" | "single"
                    )
                });
            let subject = ws
                .get(1)
                .is_some_and(|w| SUBJECTS.contains(w) && *w != "a" && *w != "an")
                && !one_file;
            let told = ws.get(1) == Some(&"the")
                && ws.iter().skip(2).take(4).any(|w| {
                    matches!(
                        *w,
                        "is" | "are" | "was" | "were" | "has" | "have" | "will" | "can" | "not"
                    )
                });
            // ("as just 1 fps": a value.)
            let value = toks
                .get(a + 1)
                .is_some_and(|t| t.is_any(&["just", "only", "exactly"]))
                && toks
                    .get(a + 2)
                    .is_some_and(|t| matches!(t.t, T::Num(_) | T::Qty(..) | T::Dims(..)));
            (subject || told) && !value
        }
        Some(w) => BECAUSE.contains(&w),
        None => false,
    }
}

/// Whether the bracket opened at `i` holds a sentence of its own ("(it's
/// going on our website)", "(my boss wants it)"), not a qualifier ("(h265)").
fn opens_aside(toks: &[Tok], i: usize) -> bool {
    let w = |k: usize| toks.get(k).and_then(|t| t.word()).unwrap_or("");
    match w(i + 1) {
        "i" | "i'm" | "im" | "i've" | "we" | "we're" | "it" | "it's" | "my" | "our" | "they"
        | "they're" | "he" | "she" | "his" | "her" | "their" | "people" | "because" | "since"
        | "cuz" | "coz" | "which" | "sorry" | "thanks" | "thank" | "thx" | "hope" | "hopefully"
        | "if" | "ps" | "btw" | "idk" | "sadly" | "unfortunately" | "honestly" => true,
        "this" | "that" => matches!(w(i + 2), "is" | "was" | "will" | "has"),
        _ => false,
    }
}

/// Words that may open a tail telling the conditions or who it is for:
/// "if that's possible", "without changing anything else", "for my
/// grandma", "unless it is too hard".
fn opens_tail(toks: &[Tok], i: usize) -> bool {
    let w = |k: usize| toks.get(k).and_then(|t| t.word()).unwrap_or("");
    match w(i) {
        "if" | "unless" => {
            SUBJECTS.contains(&w(i + 1)) || matches!(w(i + 1), "possible" | "needed")
        }
        "without" => matches!(
            w(i + 1),
            "change"
                | "changing"
                | "touch"
                | "touching"
                | "alter"
                | "altering"
                | "modify"
                | "modifying"
                | "mess"
                | "messing"
        ),
        "for" => matches!(
            w(i + 1),
            "my" | "our" | "his" | "her" | "their" | "a" | "an" | "the" | "some"
        ),
        _ => false,
    }
}

/// Whether the bracket closed at `i` closes an aside.
fn closes_aside(toks: &[Tok], i: usize) -> bool {
    let opened = toks[..i]
        .iter()
        .rposition(|t| matches!(t.t, T::Sep) && matches!(t.orig.as_str(), "(" | "["));
    opened.is_some_and(|o| opens_aside(toks, o))
}

/// Strong clause breaks: how many tokens the break at `i` spans (brackets
/// break around an aside only: "(h265)" qualifies what it follows).
fn is_break(toks: &[Tok], i: usize) -> usize {
    let w = |k: usize| toks.get(k).and_then(|t| t.word());
    match &toks[i].t {
        T::Sep if matches!(toks[i].orig.as_str(), "(" | "[") => usize::from(opens_aside(toks, i)),
        T::Sep if matches!(toks[i].orig.as_str(), ")" | "]") => usize::from(closes_aside(toks, i)),
        // "Start is 00:04:35, end is 00:32:19": one part.
        T::Sep if toks[i].orig == "," && ends_a_part(toks, i) => 0,
        T::Sep if in_format_list(toks, i) => 0,
        // "only working in VLC, not QuickTime": the player it fails in.
        T::Sep if toks[i].orig == "," && not_in_a_player(toks, i) => 0,
        T::Sep => 1,
        T::Word(word) => match word.as_str() {
            "next" if w(i + 1) == Some("to") => 0,
            // "compress it but keep the transparency": one request.
            "but"
                if matches!(
                    w(i + 1),
                    Some("keep" | "keeping" | "preserve" | "maintain" | "retain" | "with")
                ) =>
            {
                0
            }
            "then" | "afterwards" | "afterward" | "finally" | "lastly" | "next" | "also"
            | "plus" | "additionally" | "but" => 1,
            // "webm isn't a widely used format, so maybe try converting it":
            // what follows from the trouble, asked.
            "so" if i > 0 && {
                let mut k = i + 1;
                while matches!(w(k), Some("maybe" | "just" | "please" | "perhaps" | "try")) {
                    k += 1;
                }
                // ("so quiet you can't hear it", "so quiet it is barely
                // audible", "so slow it stutters": a degree, no step.)
                w(k).is_some_and(|v| super::lexicon::discourse::VERBS.contains(&v))
                    && !(k == i + 1 && matches!(w(k), Some("quiet" | "slow")))
                    && matches!(
                        w(k + 1),
                        Some("it" | "them" | "this" | "these" | "the" | "my" | "all" | "to")
                    )
            } =>
            {
                1
            }
            "after" if w(i + 1) == Some("that") || w(i + 1) == Some("this") => 2,
            "followed" if w(i + 1) == Some("by") => 2,
            // "between 20 and 60": one range.
            "and" if i >= 2 && toks[i - 2].is_any(&["between"]) => 0,
            // "start at 00:02 and end at 00:14": one part.
            "and" if ends_a_part(toks, i) => 0,
            // "a fade in and fade out of 2 seconds": one fade, each way.
            "and"
                if i >= 2
                    && toks[i - 2].is_any(&["fade"])
                    && toks[i - 1].is_any(&["in", "out"])
                    && toks.get(i + 1).is_some_and(|t| t.is_any(&["fade"])) =>
            {
                0
            }
            // "a 2 s fade in at the start and fade out at the end": one
            // fade, each way, its time said once.
            "and"
                if toks.get(i + 1).is_some_and(|t| t.is_any(&["fade"]))
                    && toks.get(i + 2).is_some_and(|t| t.is_any(&["in", "out"]))
                    && toks[i.saturating_sub(8)..i]
                        .iter()
                        .any(|t| t.is_any(&["fade"]))
                    && toks[i.saturating_sub(8)..i]
                        .iter()
                        .any(|t| matches!(t.t, T::Qty(_, Unit::Sec))) =>
            {
                0
            }
            // "all mp4 and webm videos": one list of the files meant.
            "and"
                if i >= 1
                    && toks[i - 1].word().and_then(format_word).is_some()
                    && w(i + 1).and_then(format_word).is_some()
                    && toks.get(i + 2).is_some_and(|t| {
                        t.is_any(&[
                            "video", "file", "image", "photo", "picture", "clip", "movie",
                        ])
                    }) =>
            {
                0
            }
            // "the speed and frame rate to 23.976": two names, one value.
            "and"
                if i >= 1
                    && toks[i - 1].is_any(&["speed"])
                    && w(i + 1).is_some_and(|n| matches!(n, "frame" | "fps" | "framerate")) =>
            {
                0
            }
            // "changing date and time in the metadata": one thing named.
            "and"
                if i >= 1
                    && toks[i - 1].is_any(&["date"])
                    && w(i + 1).is_some_and(|n| n == "time") =>
            {
                0
            }
            // "a maximum width and height of 1600x1200": one size, both sides.
            "and"
                if i >= 1
                    && toks[i - 1].is_any(&["width", "height"])
                    && w(i + 1).is_some_and(|n| matches!(n, "width" | "height")) =>
            {
                0
            }
            "and" if in_format_list(toks, i) => 0,
            // "13 megabytes and 4000x4000px": one file's size, both ways.
            "and"
                if i >= 1
                    && matches!(toks[i - 1].t, T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb))
                    && toks.get(i + 1).is_some_and(|t| matches!(t.t, T::Dims(..))) =>
            {
                0
            }
            "and" => 1,
            _ => 0,
        },
        _ => 0,
    }
}

/// "File formats: jpg, png or gif": a break inside a list of formats
/// after its label is none.
fn in_format_list(toks: &[Tok], i: usize) -> bool {
    // (A listed format may already be read as "files": its own word tells.)
    let format = |k: usize| {
        toks.get(k).is_some_and(|t| {
            let own = t.orig.to_lowercase();
            t.word().and_then(format_word).is_some()
                || t.is_any(&["files"]) && format_word(own.trim_start_matches('.')).is_some()
        })
    };
    // ("PDF, JPG, or PNG", "format jpg, jpeg, and png": the comma before
    // the last one.)
    let or_next = toks
        .get(i + 1)
        .is_some_and(|t| t.is_any(&["or", "ou", "oder", "and", "dan"]))
        && format(i + 2);
    if !(format(i + 1) || or_next && i > 0 && format(i - 1)) {
        return false;
    }
    // "must be in PDF, JPG, TIFF, PNG, or DOCX format": formats offered
    // (a list with "or" in it).
    if i > 0 && format(i - 1) && toks[i].orig == "," {
        let offered = toks[i + 1..]
            .iter()
            .take_while(|t| {
                t.word().and_then(format_word).is_some()
                    || t.orig == ","
                    || t.is_any(&["or", "ou", "oder"])
            })
            .any(|t| matches!(t.orig.to_lowercase().as_str(), "or" | "ou" | "oder"));
        if offered {
            return true;
        }
    }
    let mut k = i;
    while k > 0 && i - k < 12 {
        k -= 1;
        if toks[k].is_any(&["format", "formats"]) {
            return true;
        }
        if !(format(k) || toks[k].is_any(&["or", "and"]) || matches!(toks[k].t, T::Sep)) {
            return false;
        }
    }
    false
}

/// Whether the break at `i` goes on to the end of a part whose start was
/// said before it: "start at 00:02 and end at 00:14", "the start is 4:35,
/// the end is 32:19".
fn ends_a_part(toks: &[Tok], i: usize) -> bool {
    let w = |k: usize| toks.get(k).and_then(|t| t.word());
    let next = if w(i + 1) == Some("the") {
        i + 2
    } else {
        i + 1
    };
    w(next).is_some_and(|n| matches!(n, "end" | "stop" | "ending"))
        && toks[..i]
            .iter()
            .any(|t| t.is_any(&["start", "begin", "beginning"]))
}

/// The clauses of `start..end`: split at breaks, slot-only pieces merged.
fn clauses(toks: &[Tok], start: usize, end: usize, sources: &[Format]) -> Vec<(usize, usize)> {
    let mut segs: Vec<(usize, usize)> = Vec::new();
    let mut from = start;
    let mut i = start;
    while i < end {
        // "... 320px wide if that's possible", "... for my grandma": a
        // tail that asks nothing is a clause of its own.
        if i > from && opens_tail(toks, i) {
            let stop = (i + 1..end).find(|&k| is_break(toks, k) > 0).unwrap_or(end);
            let whole = grammar::recognize(&toks[from..stop], sources);
            let adds = !whole.is_empty() && whole != grammar::recognize(&toks[from..i], sources);
            if !adds && grammar::recognize(&toks[i..stop], sources).is_empty() {
                segs.push((from, i));
                from = i;
            }
        }
        // "Since it uses ffmpeg would it be possible to ...": the question
        // after the reason is a clause of its own.
        if i > from
            && from == start
            && super::sentence::asked_after_reason(&toks[start..end]) == Some(i - start)
        {
            segs.push((from, i));
            from = i;
        }
        // A reason starts a clause of its own, its word kept in it.
        if i > from
            && (toks[i].is_any(&["because", "since", "cause", "cuz", "coz"])
                || (is_purpose(toks, i) || toks[i].is_any(&["as"])) && is_reason(toks, i, end))
        {
            segs.push((from, i));
            from = i;
        }
        // "In order to manage these files the simplest solution is to
        // convert them": the purpose opening the sentence ends where the
        // main clause's subject and verb begin.
        if i > from + 3 && from == start && is_purpose(toks, start) && main_clause_at(toks, i, end)
        {
            segs.push((from, i));
            from = i;
        }
        // "because of missing HEIC support everytime I post a picture I've to
        // convert it to JPG first": the reason opening the sentence ends
        // where what the writer must do begins.
        if i > from + 3 && toks[from].is_any(BECAUSE) && obliged_at(toks, i) {
            segs.push((from, i));
            from = i;
        }
        // "... Codec: prores it's for a school project": a run-on purpose.
        if i > from
            && toks[i].is_any(&["it", "this", "that"])
            && toks.get(i + 1).is_some_and(|t| t.is_any(&["is"]))
            && toks.get(i + 2).is_some_and(|t| t.is_any(&["for"]))
        {
            segs.push((from, i));
            from = i;
        }
        let n = is_break(toks, i).min(end - i);
        if n > 0 {
            if i > from {
                segs.push((from, i));
            }
            i += n;
            from = i;
        } else {
            i += 1;
        }
    }
    if from < end {
        segs.push((from, end));
    }
    let mut merged: Vec<(usize, usize)> = Vec::new();
    let mut pending: Option<usize> = None;
    for (a, b) in segs {
        if is_slot_only(&toks[a..b]) {
            if let Some(last) = merged.last_mut() {
                last.1 = b;
            } else if pending.is_none() {
                pending = Some(a);
            }
            continue;
        }
        // "width 1024 because my TV won't play it": the slots before a
        // reason are asked, not told with it.
        let a = match pending.take() {
            Some(p) if is_reason(toks, a, b) => {
                merged.push((p, a));
                a
            }
            Some(p) => p,
            None => a,
        };
        merged.push((a, b));
    }
    if let (Some(a), None) = (pending, merged.last()) {
        merged.push((a, end));
    }
    merged
}

/// Reads tokens `start..end` (one sentence) clause by clause.
pub fn parse(toks: &[Tok], start: usize, end: usize, sources: &[Format]) -> Parsed {
    let mut r = Reader {
        toks,
        start,
        sources,
        out: Parsed::default(),
        prev: None,
        story: sentence::mood(&toks[start..end]) == Mood::Story,
    };
    // Whether the clause before told rather than asked.
    let mut last_told = false;
    // Whether the clauses run through a list of uses ("for listening,
    // transcription, sharing"): a use named is what the file is for, no
    // step refused.
    let mut uses = false;
    for (a, b) in clauses(toks, start, end, sources) {
        let clause = &toks[a..b];
        let words = clause.iter().filter(|t| t.word().is_some()).count();
        let item = uses && words <= 3;
        uses = item
            || (b.saturating_sub(3)..b).any(|k| toks[k].is_any(&["for"]))
                && toks.get(b).is_some_and(|t| matches!(t.t, T::Sep));
        let found = if item {
            grammar::recognize(clause, sources)
        } else {
            Vec::new()
        };
        if !found.is_empty()
            && found
                .iter()
                .all(|(_, i)| matches!(i, Intent::Unsupported(_)))
        {
            continue;
        }
        let after_statement =
            std::mem::replace(&mut last_told, sentence::mood(clause) == Mood::Story);
        if is_reason(toks, a, b) {
            r.reason(a, b);
            continue;
        }
        let Some(found) = r.beside_results(a, b) else {
            continue;
        };
        if r.completes_before(a, b, &found) {
            continue;
        }
        // "the last 10 seconds are me fumbling, cut that out": a cut asked
        // without its part, of the part just named.
        let unplaced_cut = !found.is_empty()
            && found
                .iter()
                .all(|(_, i)| matches!(i, Intent::Need(_) | Intent::Vague { .. }));
        // "(e.g. 4000 px wide)" in a statement: an example, no values for
        // the clause before, unless that one asked with no value ("faster
        // playback speed, eg 150%").
        if found.is_empty() && r.story && is_example(clause) && !r.lacks_value() {
            continue;
        }
        if found.is_empty() || unplaced_cut && r.refers_to_part(a, b) {
            r.nothing_found(a, b);
        } else {
            r.said(a, b, found, after_statement);
        }
    }
    grammar::thumbnail::frame_used_as(toks, &mut r.out.intents, &mut r.out.told);
    refused_for_size(toks, &mut r.out);
    encoded_smaller(&mut r.out);
    uneven_levels(&mut r.out);
    size_from_reason(&toks[start..end], &mut r.out);
    sides_together(&mut r.out);
    no_frames_in_sound(sources, &mut r.out);
    examples_in_brackets(toks, start, end, &mut r.out);
    r.out
}

/// "the image operations (convert, resize etc)": steps named in brackets
/// as examples of what a tool does, none of them asked; "rotate it by 180°
/// (90° and 270° might also be useful)": other values of a step asked
/// before the brackets, an aside.
fn examples_in_brackets(toks: &[Tok], start: usize, end: usize, out: &mut Parsed) {
    let Some(open) = (start..end).find(|&k| toks[k].orig == "(") else {
        return;
    };
    let close = (open..end).find(|&k| toks[k].orig == ")").unwrap_or(end);
    let inside = |p: usize| (open..close).contains(&p);
    let named: Vec<usize> = (0..out.intents.len())
        .filter(|&k| inside(out.intents[k].0))
        .collect();
    let examples = named.len() >= 2
        && named
            .iter()
            .all(|&k| matches!(out.intents[k].1, Intent::Vague { .. }))
        && (open..close).any(|k| toks[k].is_any(&["etc"]));
    let asked_before: Vec<&str> = out
        .intents
        .iter()
        .filter(|(p, _)| *p < open)
        .filter_map(|(_, i)| i.family())
        .collect();
    let aside = !named.is_empty()
        && (open..close).any(|k| toks[k].is_any(&["also"]))
        && named.iter().all(|&k| {
            out.intents[k]
                .1
                .family()
                .is_some_and(|f| asked_before.contains(&f))
        });
    if examples || aside {
        for k in named.into_iter().rev() {
            out.intents.remove(k);
            out.told.remove(k);
        }
    }
}

/// "Since the width of the page is 844 pixels, resize the images
/// accordingly": a resize asked without its size takes the one the reason
/// gives (`here`: the sentence).
fn size_from_reason(here: &[Tok], out: &mut Parsed) {
    use crate::media::ops::Scale;
    let Some(k) = out
        .intents
        .iter()
        .position(|(_, i)| matches!(i, Intent::Vague { op: "scale", .. }))
    else {
        return;
    };
    let px: Vec<(usize, f64)> = here
        .iter()
        .enumerate()
        .filter_map(|(j, t)| match t.t {
            T::Qty(v, super::tokens::Unit::Px) => Some((j, v)),
            _ => None,
        })
        .collect();
    let [(j, v)] = px[..] else { return };
    let near = |ws: &[&str]| {
        here[j.saturating_sub(9)..(j + 3).min(here.len())]
            .iter()
            .any(|t| t.is_any(ws))
    };
    let reason = here[..j].iter().any(|t| t.is_any(BECAUSE));
    let fitted = here
        .iter()
        .any(|t| t.is_any(&["accordingly", "fit", "match"]));
    let wide = near(&["width", "wide"]);
    let tall = near(&["height", "tall", "high"]);
    if !(reason || fitted) || wide == tall || !(16.0..=16384.0).contains(&v) {
        return;
    }
    let n = Some(v.round() as u32);
    let op = Scale {
        width: if wide { n } else { None },
        height: if tall { n } else { None },
        percent: None,
        resolution: None,
        keep_aspect: true,
        fill: false,
    };
    out.intents[k].1 = Intent::Op(op.into());
}

/// "convert to wav 16k frame rate", of a song: sound has no frames; the
/// rate said is its sample rate, read elsewhere.
fn no_frames_in_sound(sources: &[Format], out: &mut Parsed) {
    if sources.is_empty() || !sources.iter().all(|f| f.is_audio()) {
        return;
    }
    out.retain(|_, i| {
        !matches!(
            i,
            Intent::Vague {
                op: "change_fps",
                ..
            }
        )
    });
}

/// "1400 pixels horizontally and 1050 pixels vertically": a width and a
/// height said one after the other are one size, not two to choose from.
fn sides_together(out: &mut Parsed) {
    use crate::media::ops::{Operation, Scale};
    let side = |i: &Intent| match i {
        Intent::Op(Operation::Scale(s)) if s.percent.is_none() && s.resolution.is_none() => {
            Some((s.width, s.height, s.keep_aspect))
        }
        _ => None,
    };
    for k in 1..out.intents.len() {
        let (Some(a), Some(b)) = (side(&out.intents[k - 1].1), side(&out.intents[k].1)) else {
            continue;
        };
        let (width, height) = match (a, b) {
            ((Some(w), None, _), (None, Some(h), _)) | ((None, Some(h), _), (Some(w), None, _)) => {
                (w, h)
            }
            _ => continue,
        };
        let op = Scale {
            width: Some(width),
            height: Some(height),
            percent: None,
            resolution: None,
            keep_aspect: a.2 && b.2,
            fill: false,
        };
        out.intents[k - 1].1 = Intent::Op(op.into());
        out.intents.remove(k);
        out.told.remove(k);
        return;
    }
}

/// "very large and can be reduced with better encoding settings": encoded
/// again to be smaller, with no format named, is the compression.
fn encoded_smaller(out: &mut Parsed) {
    use crate::media::ops::Operation;
    let smaller = out.intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::Default(Operation::Compress(_)) | Intent::Op(Operation::Compress(_))
        )
    });
    if !smaller {
        return;
    }
    out.retain(|_, i| !matches!(i, Intent::Vague { op: "convert", .. }));
}

/// "some talks are too quiet and others too loud": the levels differ;
/// evened out, not turned one way.
fn uneven_levels(out: &mut Parsed) {
    use crate::media::ops::{Normalize, Operation};
    let way = |i: &Intent| match i {
        Intent::Default(Operation::Volume(v)) => v.db.map(|d| d > 0.0),
        _ => None,
    };
    let ways: Vec<bool> = out.intents.iter().filter_map(|(_, i)| way(i)).collect();
    if !(ways.contains(&true) && ways.contains(&false)) {
        return;
    }
    let Some(first) = out.intents.iter().position(|(_, i)| way(i).is_some()) else {
        return;
    };
    let at = out.intents[first].0;
    out.retain(|_, i| way(i).is_none());
    let first = first.min(out.intents.len());
    out.intents
        .insert(first, (at, Intent::Op(Normalize::default().into())));
    out.told.insert(first, false);
}

/// "websites not accepting them because the file size is too big": the
/// file is refused for its size, not its format; the size is what to fix.
fn refused_for_size(toks: &[Tok], out: &mut Parsed) {
    use crate::media::ops::Operation;
    let too_big = out
        .intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::Default(Operation::Compress(_))));
    if !too_big {
        return;
    }
    let refused = |p: usize, i: &Intent| {
        matches!(i, Intent::Compatible)
            && toks
                .get(p)
                .is_some_and(|t| t.is_any(&["accept", "take", "allow"]))
    };
    out.retain(|p, i| !refused(p, i));
}

/// A sentence being read: what its clauses said so far.
struct Reader<'a> {
    toks: &'a [Tok],
    /// Where the sentence starts.
    start: usize,
    sources: &'a [Format],
    out: Parsed,
    /// The last clause that said something: its span and where its
    /// intents start in `out`.
    prev: Option<(usize, usize, usize)>,
    /// The sentence tells rather than asks.
    story: bool,
}

impl Reader<'_> {
    /// The clause before in this sentence that said something.
    fn before(&self) -> Option<(usize, usize, usize)> {
        self.prev.filter(|p| p.0 >= self.start)
    }

    /// Whether the clause before said an operation without its value.
    fn lacks_value(&self) -> bool {
        self.before().is_some_and(|p| {
            self.out.intents[p.2..]
                .iter()
                .any(|(_, i)| matches!(i, Intent::Default(_) | Intent::Vague { .. }))
        })
    }

    /// Replaces the intents from `from` on with `found`, asked.
    fn replace_from(&mut self, from: usize, found: Vec<(usize, Intent)>) {
        self.out.intents.truncate(from);
        self.out.told.truncate(from);
        self.out.told.extend(found.iter().map(|_| false));
        self.out.intents.extend(found);
    }

    /// "because my TV won't play mov": why, not what; but a need told as a
    /// reason stands when nothing else is asked ("since the files can be
    /// unnecessarily huge").
    fn reason(&mut self, a: usize, b: usize) {
        // "I need this because my anime edit should be at 30 fps": the need
        // itself, said as the reason, when nothing before it asked.
        let because = !is_purpose(self.toks, a)
            && self.out.intents.is_empty()
            && self.toks[self.start..a]
                .iter()
                .any(|t| t.is_any(&["need", "want", "require", "wish"]))
            && self.toks[a..b]
                .iter()
                .find_map(|t| t.word())
                .is_some_and(|w| matches!(w, "because" | "since" | "cause" | "cuz" | "coz"));
        // "this would be handy since currently I have to use other tools to
        // re-encode WAV files into FLAC", "Because I don't even know how to
        // save a video into wmv format!": the writer's chore, or the step
        // they cannot do, told as the reason, is the step wished when
        // nothing before asked.
        let w = |k: usize| self.toks.get(k).and_then(|t| t.word()).unwrap_or("");
        let unknown_how = (a..b)
            .find(|&k| w(k) == "know" && w(k + 1) == "how" && w(k + 2) == "to")
            .filter(|_| (a..b).any(|k| w(k) == "not"));
        let chore = !is_purpose(self.toks, a)
            && self.out.intents.is_empty()
            && ((a..b).any(|k| obliged_at(self.toks, k)) || unknown_how.is_some());
        let because = because || chore;
        // (What they cannot do is read past the "not" that says so.)
        let a = unknown_how.filter(|_| chore).map_or(a, |k| k + 3);
        for (p, it) in grammar::recognize(&self.toks[a..b], self.sources) {
            let target = matches!(
                &it,
                Intent::Op(crate::media::ops::Operation::Compress(c)) if c.target_mb.is_some()
            );
            // "... because my videos are upside down": the turn told.
            let turn = matches!(&it, Intent::Op(crate::media::ops::Operation::Rotate(_)));
            let any = because
                && !matches!(
                    it,
                    Intent::Unsupported(_) | Intent::Need(_) | Intent::Vague { .. }
                );
            if any || target || turn || matches!(it, Intent::Default(_) | Intent::Compatible) {
                self.out.told.push(true);
                self.out.intents.push((a + p, it));
            }
        }
    }

    /// The clause's intents, without what a step gives ("saving it as mono
    /// makes the file two times smaller", "the image is reduced to 83KB")
    /// once a step is asked; `None` when nothing else is left. The same
    /// step said again ("reduce it by 35% so it becomes 962x702")
    /// restates it.
    fn beside_results(&self, a: usize, b: usize) -> Option<Vec<(usize, Intent)>> {
        let clause = &self.toks[a..b];
        let mut found = grammar::recognize(clause, self.sources);
        let Some(r) = result_at(clause) else {
            return Some(found);
        };
        let families: Vec<&str> = self
            .out
            .intents
            .iter()
            .chain(found.iter().filter(|(p, _)| *p < r))
            .filter_map(|(_, i)| i.family())
            .collect();
        if families.is_empty() {
            return Some(found);
        }
        found.retain(|(p, i)| *p < r || i.family().is_some_and(|f| families.contains(&f)));
        (!found.is_empty()).then_some(found)
    }

    /// Completes the clause before with this one: "mono and 16k during
    /// the conversion" (a value the clause alone cannot place), "convert
    /// them to .png and .jpeg files" (two targets, one file).
    fn completes_before(&mut self, a: usize, b: usize, found: &[(usize, Intent)]) -> bool {
        let Some(p) = self.before() else {
            return false;
        };
        let unplaced = !found.is_empty()
            && found
                .iter()
                .all(|(_, i)| matches!(i, Intent::Need(_) | Intent::Vague { .. }));
        if unplaced {
            let merged = with_slots(self.toks, (p.0, p.1), (a, b), &self.out, p.2, self.sources);
            if let Some(merged) = merged {
                self.replace_from(p.2, merged);
                return true;
            }
        }
        let targeted = self.toks[p.0..p.1]
            .iter()
            .any(|t| t.is_any(&["to", "into", "as"]));
        // "to jpg, then png": a chain of conversions, not a choice.
        let chained = self.toks[..a]
            .iter()
            .rev()
            .find(|t| !matches!(t.t, T::Sep))
            .is_some_and(|t| {
                t.is_any(&[
                    "then",
                    "afterwards",
                    "afterward",
                    "finally",
                    "lastly",
                    "next",
                ])
            });
        // "I need mp4, webm and gif versions": the list names the outputs.
        let versions = self.toks[a..b]
            .iter()
            .any(|t| t.is_any(&["version", "versions", "copies"]));
        let need = second_format(&self.toks[a..b], found, &self.out.intents[p.2..])
            .filter(|_| (targeted || versions) && !chained);
        if let Some(need) = need {
            self.replace_from(p.2, vec![(a, need)]);
            return true;
        }
        false
    }

    /// Whether clause `a..b` says what to do with a part the clause before
    /// names.
    fn refers_to_part(&self, a: usize, b: usize) -> bool {
        self.before()
            .is_some_and(|p| referred_part(self.toks, (p.0, p.1), (a, b), self.sources).is_some())
    }

    /// A clause the grammar found nothing in: a part named before and cut
    /// now, values for the clause before, a verb and its values across a
    /// break, or a leftover.
    fn nothing_found(&mut self, a: usize, b: usize) {
        let (toks, sources) = (self.toks, self.sources);
        if let Some(p) = self.before() {
            if let Some(found) = referred_part(toks, (p.0, p.1), (a, b), sources) {
                // The part was named to be done something with, not asked
                // for as it was read.
                drop_trims(&mut self.out, p.2);
                self.replace_from(self.out.intents.len(), found);
                self.prev = Some((a, b, self.out.intents.len()));
                return;
            }
            if let Some(found) = with_slots(toks, (p.0, p.1), (a, b), &self.out, p.2, sources) {
                self.replace_from(p.2, found);
                return;
            }
        }
        // "cut only this part: 00:22 - 00:32": a verb and its values on
        // either side of a break.
        let joined = self
            .out
            .leftovers
            .last()
            // The clause just before, with nothing said since.
            .filter(|l| {
                l.end <= a
                    && l.start >= self.start
                    && !l.aside
                    && self.before().is_none_or(|p| p.1 <= l.start)
            })
            .map(|l| l.start)
            .filter(|&la| {
                toks[la..a]
                    .iter()
                    .all(|t| matches!(t.t, T::Word(_) | T::Sep))
            });
        if let Some(la) = joined {
            let found = grammar::recognize(&toks[la..b], sources);
            if !found.is_empty() {
                self.out.leftovers.pop();
                self.prev = Some((la, b, self.out.intents.len()));
                let found = found.into_iter().map(|(p, i)| (la + p, i)).collect();
                self.replace_from(self.out.intents.len(), found);
                return;
            }
        }
        self.out.leftovers.push(Leftover {
            start: a,
            end: b,
            aside: in_brackets(toks, a, self.start),
        });
    }

    /// A clause that said something: asked, or told.
    fn said(&mut self, a: usize, b: usize, found: Vec<(usize, Intent)>, after_statement: bool) {
        let clause = &self.toks[a..b];
        let before = self.before();
        self.prev = Some((a, b, self.out.intents.len()));
        // "... and a fade-out", "..., just the first minute": a noun
        // phrase, no statement.
        let mut words = clause.iter().filter_map(|t| t.word());
        let phrase = matches!(
            (words.next(), words.next()),
            (Some("a" | "an" | "another" | "some"), _)
                | (Some("just" | "only"), Some("the" | "a" | "an"))
        ) && !clause.iter().any(|t| t.is_any(COPULAS));
        // "the video is in .mov and HEVC": formats listed after a statement
        // are told with it.
        let listed = clause.iter().all(|t| match &t.t {
            T::Word(w) => {
                format_word(w).is_some()
                    || codec_word(w).is_some()
                    || matches!(w.as_str(), "and" | "or" | "a" | "an" | "the" | "in")
            }
            _ => true,
        });
        // "... large images straight from the camera (e.g. 4000 px wide)":
        // an example of what a statement tells.
        let example = is_example(clause);
        // "I had to remove the GPS data, and then trim them on my MacBook":
        // the chore told goes on.
        let chore_goes_on = after_statement
            && (a.saturating_sub(2)..(a + 2).min(b)).any(|k| self.toks[k].is_any(&["then"]))
            && before.is_some_and(|(pa, pb, _)| (pa..pb).any(|k| obliged_at(self.toks, k)));
        let told = sentence::mood(clause) == Mood::Story && !phrase
            || chore_goes_on
            || listed && after_statement
            || example && (after_statement || self.story);
        // "GarageBand only creates M4A files" of an M4A: what the file is.
        let sources = self.sources;
        let found: Vec<(usize, Intent)> = found
            .into_iter()
            .filter(|(_, i)| {
                !(told
                    && matches!(i, Intent::ConvertTo { to: super::lexicon::FormatWord::Writable(f), .. } if sources.contains(f)))
            })
            .collect();
        self.out.told.extend(found.iter().map(|_| told));
        self.out
            .intents
            .extend(found.into_iter().map(|(p, it)| (a + p, it)));
    }
}

/// "e.g. 4000 px wide", "for example 800 px": a clause giving an example.
fn is_example(clause: &[Tok]) -> bool {
    let w: Vec<&str> = clause.iter().filter_map(|t| t.word()).take(2).collect();
    matches!(
        w.as_slice(),
        ["eg" | "ie", ..] | ["for", "example" | "instance"]
    )
}

/// Where a clause says what something results in: "makes", "becomes",
/// "is reduced to".
fn result_at(clause: &[Tok]) -> Option<usize> {
    let orig = |k: usize| {
        clause
            .get(k)
            .map(|t| t.orig.to_lowercase())
            .unwrap_or_default()
    };
    // The last one: "when it is downsized to 250x250 it's increased to 3.9mb".
    (0..clause.len()).rev().find(|&k| {
        let w = orig(k);
        matches!(
            w.as_str(),
            "makes"
                | "grows"
                | "grew"
                | "results"
                | "leads"
                | "becomes"
                | "became"
                | "reduces"
                | "increases"
                | "shrinks"
                | "means"
                | "yields"
                | "returns"
                | "produces"
                | "gives"
        ) || matches!(w.as_str(), "result" | "lead" | "make" | "give")
            && k > 0
            && matches!(
                orig(k - 1).as_str(),
                "should" | "would" | "will" | "could" | "might" | "may"
            )
            || matches!(
                w.as_str(),
                "reduced" | "increased" | "shrunk" | "shrinked" | "compressed" | "downsized"
            ) && k > 0
                && matches!(
                    orig(k - 1).as_str(),
                    "is" | "are" | "was" | "were" | "gets" | "got" | "been" | "it's" | "which"
                )
    })
}

/// Whether token `a` sits inside an open bracket of its sentence
/// (`from..a`).
fn in_brackets(toks: &[Tok], a: usize, from: usize) -> bool {
    let mut depth = 0i32;
    for t in &toks[from..a] {
        match (&t.t, t.orig.as_str()) {
            (T::Sep, "(" | "[" | "{") => depth += 1,
            (T::Sep, ")" | "]" | "}") => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

fn is_slot_only(clause: &[Tok]) -> bool {
    clause.iter().all(|t| match &t.t {
        T::Word(w) => SLOT_WORDS.contains(&w.as_str()),
        T::Quote(_) => false,
        _ => true,
    })
}

/// What a stretch asks of a part named before it: "get rid of that part",
/// "I don't want that", "keep it" ("remove" or "keep").
fn verb_for_part(here: &[Tok]) -> Option<(usize, &'static str)> {
    let w = |k: usize| here.get(k).and_then(|t| t.word()).unwrap_or("");
    let refers = here
        .iter()
        .any(|t| t.is_any(&["that", "it", "them", "this", "those", "these"]));
    if !refers {
        return None;
    }
    if let Some(n) = (0..here.len()).find(|&k| w(k) == "not") {
        // "I don't want / need that part": it goes.
        return matches!(w(n + 1), "want" | "need" | "like" | "care").then_some((n, "remove"));
    }
    let at = (0..here.len()).find(|&k| {
        here[k].is_any(&[
            "remove", "rid", "delete", "skip", "drop", "cut", "lose", "ditch", "keep",
        ])
    })?;
    Some((at, if w(at) == "keep" { "keep" } else { "remove" }))
}

/// "The first 30 seconds are people finding their seats. I'd love to get
/// rid of that part.": a part named in `before` (a span of `toks`), cut or
/// kept by what `here` says of it.
pub fn referred_part(
    toks: &[Tok],
    before: (usize, usize),
    here: (usize, usize),
    sources: &[Format],
) -> Option<Vec<(usize, Intent)>> {
    let timed = |t: &Tok| matches!(t.t, T::Qty(_, super::tokens::Unit::Sec) | T::Clock { .. });
    let cur = &toks[here.0..here.1];
    // The request without the reason it ends with ("... because my TV
    // won't play it").
    let cur = &cur[..cur
        .iter()
        .position(|t| t.is_any(&["because", "cuz", "coz"]))
        .unwrap_or(cur.len())];
    if cur.iter().any(timed) {
        return None;
    }
    let (verb_at, verb) = verb_for_part(cur)?;
    let before = &toks[before.0..before.1];
    let a = before.iter().position(|t| {
        t.is_any(&[
            "first",
            "last",
            "beginning",
            "end",
            "start",
            "intro",
            "outro",
            "ending",
        ])
    })?;
    // ("the intro is about 20 seconds", "10 seconds of nothing at the
    // start": the time said after the part named, or just before it.)
    let b = (a..before.len().min(a + 5))
        .find(|&i| timed(&before[i]))
        .or_else(|| (a.saturating_sub(6)..a).rev().find(|&i| timed(&before[i])))?;
    let word = |w: &str| Tok {
        t: T::Word(w.into()),
        orig: w.into(),
    };
    let mut phrase = vec![word(verb), word("the")];
    // ("Start at 00:02" is where to start; "the intro is 20 seconds" how
    // long the part is.)
    if before[a].is_any(&["first", "last", "start", "end"]) && b > a {
        phrase.extend(before[a..=b].iter().cloned());
    } else {
        let head = before[a].is_any(&["first", "beginning", "start", "intro"]);
        phrase.push(word(if head { "first" } else { "last" }));
        phrase.push(before[b].clone());
    }
    let found = grammar::recognize(&phrase, sources);
    let trims = found
        .iter()
        .all(|(_, i)| matches!(i.family(), Some("trim" | "cut")));
    (!found.is_empty() && trims).then(|| {
        found
            .into_iter()
            .map(|(_, i)| (here.0 + verb_at, i))
            .collect()
    })
}

/// Drops the trims read from `from` on: a part told, now cut or kept.
fn drop_trims(out: &mut Parsed, from: usize) {
    let mut k = from;
    while k < out.intents.len() {
        if matches!(out.intents[k].1.family(), Some("trim" | "cut")) {
            out.intents.remove(k);
            out.told.remove(k);
        } else {
            k += 1;
        }
    }
}

/// "create a video from these pictures, each shown for 5 seconds": a
/// clause that reads as nothing alone but gives a value to the clause
/// before it. The two read together, when that says the same steps with
/// more in them.
fn with_slots(
    toks: &[Tok],
    before: (usize, usize),
    here: (usize, usize),
    out: &Parsed,
    from: usize,
    sources: &[Format],
) -> Option<Vec<(usize, Intent)>> {
    // "... and the proper sample rate": a value named, to be asked for.
    let valued = toks[here.0..here.1].iter().any(|t| {
        matches!(t.t, T::Num(_) | T::Qty(..) | T::Clock { .. } | T::Dims(..))
            || t.is_any(grammar::VALUE_NAMED)
    });
    if !valued || out.told[from..].iter().any(|t| *t) {
        return None;
    }
    let had = &out.intents[from..];
    let merged: Vec<(usize, Intent)> = grammar::recognize(&toks[before.0..here.1], sources)
        .into_iter()
        .map(|(p, i)| (before.0 + p, i))
        .collect();
    let families = |xs: &[(usize, Intent)]| -> Vec<Option<&'static str>> {
        xs.iter().map(|(_, i)| i.family()).collect()
    };
    let open = |xs: &[(usize, Intent)]| {
        xs.iter()
            .any(|(_, i)| matches!(i, Intent::Need(_) | Intent::Vague { .. }))
    };
    // "change to the exact fps I want, 48 for example": a value that
    // completes what was asked without one.
    let completed = !had.is_empty()
        && !merged.is_empty()
        && !open(&merged)
        && had
            .iter()
            .all(|(_, i)| matches!(i, Intent::Need(_) | Intent::Vague { .. }));
    ((families(&merged) == families(had) || completed) && merged != had).then_some(merged)
}

/// "... to png and jpeg files": a clause that only names another format
/// after a clause converting to one; which one is asked.
fn second_format(
    clause: &[Tok],
    found: &[(usize, Intent)],
    before: &[(usize, Intent)],
) -> Option<Intent> {
    const ONE_FILE: &str = "say which format you want: one conversion makes one file";
    // "mp4, webm and gif versions": a GIF named in the list is a target too.
    let target = |i: &Intent| match i {
        Intent::ConvertTo { to, .. } => Some(*to),
        Intent::Gif {
            fps: None,
            width: None,
            height: None,
        } => Some(super::lexicon::FormatWord::Writable(Format::Gif)),
        _ => None,
    };
    let [(_, found)] = found else {
        return None;
    };
    let to = target(found)?;
    let first = match before.last() {
        // A third format in the list.
        Some((_, Intent::Need(n))) if n == ONE_FILE => None,
        Some((_, i)) => Some(target(i)?),
        None => return None,
    };
    // "the quicktime format, .mov": one format named twice.
    if first.as_ref() == Some(&to) {
        return None;
    }
    let bare = clause.iter().all(|t| match &t.t {
        T::Word(w) => {
            super::lexicon::format_word(w).is_some()
                || matches!(
                    w.as_str(),
                    "file"
                        | "files"
                        | "format"
                        | "image"
                        | "images"
                        | "a"
                        | "an"
                        | "the"
                        | "version"
                        | "versions"
                        | "copy"
                        | "copies"
                        | "and"
                        | "of"
                        | "this"
                        | "it"
                        | "them"
                        | "please"
                        | "too"
                        | "also"
                )
        }
        T::Sep => true,
        _ => false,
    });
    bare.then(|| Intent::Need(ONE_FILE.into()))
}

/// Whether ", not QuickTime" follows the comma at `i`, after a clause that
/// says where the file plays.
fn not_in_a_player(toks: &[Tok], i: usize) -> bool {
    use super::grammar::complaint::{DEVICES, PLAYERS};
    let player = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.is_any(DEVICES) || t.is_any(PLAYERS))
    };
    let plays = toks[i.saturating_sub(6)..i].iter().any(|t| {
        t.is_any(&[
            "play", "plays", "playing", "work", "works", "working", "open", "opens",
        ])
    });
    plays
        && toks.get(i + 1).is_some_and(|t| t.is_any(&["not"]))
        && (player(i + 2)
            || toks.get(i + 2).is_some_and(|t| t.is_any(&["in", "on"])) && player(i + 3))
}
