//! The clauses no recognizer read, classified: filler and politeness
//! ("please", "thanks"), context and stories ("I filmed it sideways"),
//! reasons ("because my TV won't play mov"), asides in brackets, or a
//! request for something kiln does not know ("summon a dragon"). Only the
//! last blocks a plan, and only in a terse command: words that carry no
//! operation never stop the operations that are there.

use super::clauses::Leftover;
use super::lexicon::discourse::{CONTEXT, COPULAS, FILLER, LEAD, REASON, SLOT_WORDS, SUBJECTS};
use super::lexicon::is_known;
use super::sentence::Mood;
use super::tokens::{Tok, T};

/// Verbs that ask for a change to a picture or a sound: said to something
/// other than the file itself, they ask for what no recognizer read.
const ACTIONS: &[&str] = &[
    "make",
    "add",
    "put",
    "create",
    "generate",
    "draw",
    "paint",
    "insert",
    "replace",
    "swap",
    "apply",
    "render",
    "build",
    "produce",
    "animate",
    "write",
    "design",
    "edit",
    "fix",
    "enhance",
    "improve",
    "restore",
    "transform",
    "remix",
    "mix",
    "overlay",
    "blend",
    "sync",
    "turn",
    "change",
    "remove",
    "erase",
    "give",
];

/// Words that name the file or stand for it: "change the source video".
const THE_FILE: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "this",
    "that",
    "these",
    "those",
    "them",
    "my",
    "our",
    "your",
    "video",
    "videos",
    "image",
    "images",
    "file",
    "files",
    "clip",
    "clips",
    "audio",
    "song",
    "source",
    "original",
    "input",
    "output",
    "result",
    "recording",
    "footage",
    "me",
    "us",
    "version",
    "one",
    "please",
    "for",
    "so",
    "to",
    "can",
    "you",
    "also",
    "quickly",
    "again",
];

/// The words of a clause (not separators).
fn words<'a>(toks: &'a [Tok], l: &Leftover) -> Vec<&'a str> {
    toks[l.start..l.end]
        .iter()
        .filter_map(|t| match &t.t {
            T::Word(w) => Some(w.as_str()),
            T::Sep => None,
            _ => Some(""),
        })
        .collect()
}

/// Whether the clause asks for something no recognizer read, in a sentence
/// of mood `mood`.
pub fn asks(toks: &[Tok], l: &Leftover, mood: Mood) -> bool {
    if l.aside || !matches!(mood, Mood::Request | Mood::Polite) {
        return false;
    }
    let ws = words(toks, l);
    let quiet = |w: &&str| {
        FILLER.contains(w) || CONTEXT.contains(w) || SLOT_WORDS.contains(w) || LEAD.contains(w)
    };
    if ws.iter().all(quiet) || ws.contains(&"not") {
        return false;
    }
    // "can you", "could you please": politeness before the verb.
    let body: Vec<&str> = ws
        .iter()
        .copied()
        .skip_while(|w| {
            LEAD.contains(w) || matches!(*w, "can" | "could" | "would" | "you" | "u" | "please")
        })
        .collect();
    let Some(&first) = body.first() else {
        return false;
    };
    // "muaz, the webm doesn't play", "Simple: I need ...": a name called or
    // a heading before the request.
    // ("... back-and-forth: Master: WAV (mono)": a label before its value.)
    let before = |marks: &[&str]| {
        toks.get(l.end)
            .is_some_and(|t| matches!(t.t, T::Sep) && marks.contains(&t.orig.as_str()))
    };
    let opener = body.len() == 1 && (l.start == 0 && before(&[",", ":"]) || before(&[":"]));
    // "... into a single MP4 file? Thanks. Clive.": a name signed.
    let signed = body.len() == 1
        && l.start > 0
        && matches!(toks[l.start - 1].t, T::Sep)
        && toks[l.end..].iter().all(|t| matches!(t.t, T::Sep))
        && toks[l.start].orig.starts_with(|ch: char| ch.is_uppercase());
    if opener || signed {
        return false;
    }
    // ("like Facebook's Messenger and Telegram": names, no verbs; "Found a
    // couple of tapes lying around": what happened, told.)
    if first.is_empty()
        || TOLD.contains(&first)
        || SUBJECTS.contains(&first)
        || REASON.contains(&first)
        || super::sentence::APPS.contains(&first)
    {
        return false;
    }
    // "Adding image files to a note slows down the app": a gerund the
    // subject of a statement.
    let text = l.text(toks);
    let mut origs = text.split_whitespace().map(str::to_lowercase);
    let gerund = origs.next().is_some_and(|w| w.ends_with("ing"));
    if gerund
        && origs.any(|w| {
            matches!(
                w.as_str(),
                "is" | "slows"
                    | "makes"
                    | "takes"
                    | "causes"
                    | "breaks"
                    | "fails"
                    | "creates"
                    | "results"
                    | "uses"
                    | "needs"
                    | "requires"
                    | "gives"
                    | "produces"
                    | "costs"
                    | "leads"
                    | "was"
            )
        })
    {
        return false;
    }
    // "Tawk should just preprocess it", "mts videos can have artefacts":
    // statements, not commands.
    if body
        .iter()
        .any(|w| COPULAS.contains(w) || matches!(*w, "should" | "must"))
    {
        return false;
    }
    // "please deliver your file in the following format", "make them
    // available for the blog": how the result is handed over, no operation.
    if DELIVERY.contains(&first) || first == "make" && body.iter().any(|w| HANDED_OVER.contains(w))
    {
        return false;
    }
    // "could you consider this?", "please implement it": pointing back at
    // what was said.
    let back = |w: &&str| matches!(*w, "this" | "that" | "it" | "feature" | "option" | "idea");
    if matches!(
        first,
        "consider" | "implement" | "support" | "offer" | "allow"
    ) && body.len() > 1
        && body[1..].iter().all(|w| back(w) || quiet(w))
    {
        return false;
    }
    // "add a white background" beside a JPEG conversion: what it does to
    // transparent pixels anyway.
    if matches!(first, "add" | "put" | "use" | "fill")
        && body.contains(&"background")
        && body.iter().any(|w| matches!(*w, "white" | "black"))
    {
        return false;
    }
    if ACTIONS.contains(&first) {
        // "change the source video": the frame of the request, not a new one.
        return !body[1..].iter().all(|w| THE_FILE.contains(w) || quiet(w));
    }
    // "summon a dragon", "vectorize this": an unknown verb and its object
    // ("album art", "given an ImageData" are no commands).
    // ("Unbelievable!", "Hmmmmm...": an adjective or a sound, no verb.)
    let drawn_out = first
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2]);
    // "VideoReDo", "FeatureRequest": a name written in camel case.
    let camel = toks[l.start..l.end]
        .iter()
        .find(|t| t.word() == Some(first))
        .is_some_and(|t| {
            t.orig.chars().skip(1).any(|ch| ch.is_uppercase())
                && t.orig.chars().any(|ch| ch.is_lowercase())
        });
    let verb_like = first.chars().all(|c| c.is_ascii_alphabetic())
        && !camel
        && !is_known(first)
        && !drawn_out
        // ("to portal, customer": a noun by its ending, no verb.)
        && ![
            "ed", "ing", "en", "ly", "s", "able", "ible", "ful", "ous", "er", "or", "ist", "ian",
            "ment", "tion", "ness", "ity", "al", "ive", "ic", "ary",
        ]
            .iter()
            .any(|x| first.ends_with(x));
    // "vectorize" alone asks; "Req.", "M." (initials, abbreviations) don't.
    let object =
        body.len() == 1 && first.len() >= 4 || body.get(1).is_some_and(|w| OBJECTS.contains(w));
    verb_like && object
}

/// Irregular past tenses a story opens with, the subject left out.
const TOLD: &[&str] = &[
    "found", "got", "took", "bought", "saw", "had", "went", "came", "thought", "knew", "left",
    "felt", "kept", "brought", "sent", "shot", "began", "ran", "wrote", "heard", "spent", "tried",
    "decided", "noticed", "realized", "realised", "figured", "managed", "ended",
];

/// Verbs of handing a result over.
const DELIVERY: &[&str] = &[
    "deliver", "submit", "provide", "send", "upload", "share", "post", "email", "supply",
];

/// What a result is made for others: "make them available".
const HANDED_OVER: &[&str] = &[
    "available",
    "accessible",
    "viewable",
    "downloadable",
    "shareable",
    "ready",
    "visible",
];

/// Words an object opens with: "summon a dragon", "vectorize this".
const OBJECTS: &[&str] = &[
    "a", "an", "the", "it", "this", "that", "these", "those", "me", "my", "our", "your", "them",
    "his", "her", "some", "all", "every", "each", "its", "one", "us",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::tokens::tokenize;

    fn asks_all(s: &str) -> bool {
        let toks = tokenize(s);
        let l = Leftover {
            start: 0,
            end: toks.len(),
            aside: false,
        };
        asks(&toks, &l, Mood::Request)
    }

    #[test]
    fn only_requests_for_something_unknown_block() {
        assert!(asks_all("summon a dragon"));
        assert!(asks_all("draw a cat on it"));
        assert!(!asks_all("I filmed it sideways on my phone"));
        assert!(!asks_all("because my TV won't play mov"));
        assert!(!asks_all("the colour is distracting"));
        assert!(!asks_all("it's for my landlord"));
        assert!(!asks_all("please change the source video"));
        assert!(!asks_all("thanks a lot"));
        assert!(!asks_all("could you consider this"));
        assert!(!asks_all("Found a couple of cassette tapes lying around"));
    }
}
