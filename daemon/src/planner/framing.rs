//! Words that frame a request and ask nothing of the file: openers that
//! state a wish ("what I'd like to do is", "my goal is to"), tails ("with
//! this tool", "for hours", "nothing fancy", "- is that possible?") and
//! sentences that only ask for help ("Any ideas?"). Openers become a plain
//! "I want"; the rest is dropped, so that slots stay next to what they fill.

use super::tokens::{Tok, T};

/// Nouns of "my goal is to ...": what follows is the wish.
const AIMS: &[&str] = &[
    "goal",
    "aim",
    "task",
    "problem",
    "challenge",
    "plan",
    "objective",
    "idea",
    "intention",
    "wish",
    "job",
    "purpose",
    "mission",
];

/// What "with this ..." names when it names the tool asked.
const TOOLS: &[&str] = &[
    "tool",
    "app",
    "application",
    "program",
    "software",
    "script",
    "library",
    "lib",
    "package",
    "extension",
    "plugin",
    "module",
    "site",
    "website",
    "service",
    "project",
];

/// "for hours", "for ages": how long someone tried.
const SPANS: &[&str] = &["hours", "days", "ages", "weeks", "months", "years"];

/// What a sentence that only asks for help is about.
const HELP: &[&str] = &[
    "idea",
    "ideas",
    "suggestion",
    "suggestions",
    "solution",
    "solutions",
    "help",
    "advice",
    "tip",
    "tips",
    "pointer",
    "pointers",
    "recommendation",
    "recommendations",
    "thought",
    "thoughts",
    "hint",
    "hints",
    "clue",
    "workaround",
    "workarounds",
];

/// The other words such a sentence may have.
const HELP_FRAME: &[&str] = &[
    "do",
    "does",
    "you",
    "u",
    "have",
    "has",
    "an",
    "any",
    "anyone",
    "anybody",
    "someone",
    "somebody",
    "can",
    "could",
    "would",
    "will",
    "please",
    "pls",
    "me",
    "us",
    "with",
    "this",
    "that",
    "it",
    "be",
    "appreciated",
    "greatly",
    "much",
    "very",
    "really",
    "so",
    "thanks",
    "thank",
    "in",
    "advance",
    "is",
    "there",
    "guys",
    "folks",
    "a",
    "some",
    "other",
    "for",
    "on",
    "welcome",
    "i",
    "need",
    "bit",
    "of",
    "the",
    "here",
    "or",
    "and",
    "all",
    "everyone",
    "where",
    "find",
    "something",
    "else",
];

/// The words of "what can I do (about it)?".
const WHAT_TO_DO: &[&str] = &[
    "what", "can", "could", "should", "do", "i", "we", "now", "then", "about", "it", "this",
    "that", "here", "so",
];

pub fn reframe(toks: Vec<Tok>) -> Vec<Tok> {
    let toks = value_would_do(toks);
    let toks = wish_openers(toks);
    let toks = idle_tails(toks);
    help_sentences(toks)
}

fn word(w: &str) -> Tok {
    Tok {
        t: T::Word(w.into()),
        orig: w.into(),
    }
}

/// Where a wish opener starts at `i`: its length, and whether a verb
/// follows it ("what I'd like to do is convert").
fn opener_at(toks: &[Tok], i: usize) -> Option<(usize, bool)> {
    let is = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    let mut k = i;
    if is(k, &["what", "all"]) && is(k + 1, &["i", "we", "i'd", "i'm"]) {
        k += 2;
        // "what I'd like", "what I would like", "what I want", "what I'm
        // trying to do", "what I am looking for".
        while is(
            k,
            &["would", "really", "actually", "just", "am", "'m", "do"],
        ) {
            k += 1;
        }
        if !is(
            k,
            &["like", "want", "need", "wanna", "trying", "try", "looking"],
        ) {
            return None;
        }
        k += 1;
        if is(k, &["for"]) {
            k += 1;
        }
        let mut verb = false;
        if is(k, &["to"]) && is(k + 1, &["do", "achieve"]) {
            k += 2;
            verb = true;
        }
        if !is(k, &["is"]) {
            return None;
        }
        k += 1;
        if is(k, &["to"]) {
            k += 1;
            verb = true;
        }
        return Some((k - i, verb));
    }
    // "my goal is to", "the problem is to": only with "to".
    if is(k, &["my", "the", "our", "main"]) {
        k += 1;
        if is(k, &["main", "only", "real", "actual", "basic"]) {
            k += 1;
        }
        if is(k, AIMS) && is(k + 1, &["is"]) && is(k + 2, &["to"]) {
            return Some((k + 3 - i, true));
        }
    }
    None
}

/// Verbs of an edit, after "I can't": "I can't rotate it" wishes it done,
/// "I can't open it" tells a problem.
const EDITS: &[&str] = &[
    "convert",
    "make",
    "turn",
    "trim",
    "cut",
    "crop",
    "rotate",
    "flip",
    "mirror",
    "resize",
    "scale",
    "compress",
    "shrink",
    "extract",
    "remove",
    "mute",
    "change",
    "speed",
    "slow",
    "reverse",
    "loop",
    "fade",
    "export",
    "save",
    "reduce",
    "strip",
    "normalize",
    "adjust",
    "sharpen",
    "blur",
    "transcode",
    "encode",
    "reencode",
    "remux",
    "lower",
    "raise",
    "boost",
    "shorten",
    "downscale",
    "brighten",
    "darken",
    "join",
    "merge",
    "combine",
    "add",
    // ("is it not possible to have a square image", "to trigger a
    // conversion to pdf": the step named after it.)
    "have",
    "trigger",
];

/// "It is not possible to rotate it", "there is no way to cut it", "I can't
/// seem to flip it", "I couldn't figure out how to trim it": a wish told as
/// what fails. The length up to the edit's verb (for "it is not possible
/// to", with its "to").
fn wish_as_failure_at(toks: &[Tok], i: usize) -> Option<usize> {
    let is = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    // "there does not seem to be a way to rotate video".
    if is(i, &["there"])
        && is(i + 1, &["does", "did"])
        && is(i + 2, &["not"])
        && is(i + 3, &["seem"])
        && is(i + 4, &["to"])
        && is(i + 5, &["be"])
        && is(i + 6, &["a", "any"])
        && is(i + 7, &["way", "option", "setting"])
        && is(i + 8, &["to"])
        && is(i + 9, EDITS)
    {
        return Some(9);
    }
    // "is it not possible to rotate a picture?", "isn't it possible to":
    // asked as a wonder, wished all the same.
    if is(i, &["is"])
        && (is(i + 1, &["it"]) && is(i + 2, &["not"]) || is(i + 1, &["not"]) && is(i + 2, &["it"]))
        && is(i + 3, &["possible"])
        && is(i + 4, &["to"])
        && is(i + 5, EDITS)
    {
        return Some(5);
    }
    // "is not possible to have a square image?": the "it" left out.
    if is(i, &["is"])
        && is(i + 1, &["not"])
        && is(i + 2, &["possible"])
        && is(i + 3, &["to"])
        && is(i + 4, EDITS)
    {
        return Some(4);
    }
    // "it is not possible to", "it was impossible to", "there is no way to".
    if is(i, &["it", "there"]) && is(i + 1, &["is", "was", "seems"]) {
        let mut k = i + 2;
        if is(i, &["it"]) {
            if is(k, &["not", "never"]) && is(k + 1, &["possible"]) {
                k += 2;
            } else if is(k, &["impossible"]) {
                k += 1;
            } else {
                return None;
            }
        } else if is(k, &["no"]) && is(k + 1, &["way", "option", "setting"]) {
            k += 2;
        } else if is(k, &["not"])
            && is(k + 1, &["a", "any"])
            && is(k + 2, &["way", "option", "setting"])
        {
            // "there isn't a way to".
            k += 3;
        } else {
            return None;
        }
        return (is(k, &["to"]) && is(k + 1, EDITS)).then_some(k + 1 - i);
    }
    // "Can't convert m4a to mp3.": the "I" left out, said, not asked.
    let opens = i == 0 || matches!(toks[i - 1].t, T::Sep);
    if opens && is(i, &["can", "could"]) && is(i + 1, &["not"]) && is(i + 2, EDITS) {
        let end = (i..toks.len())
            .find(|&k| matches!(toks[k].t, T::Sep) && toks[k].orig != ",")
            .unwrap_or(toks.len());
        let asked = toks.get(end).is_some_and(|t| t.orig.contains('?'));
        return (!asked).then_some(2);
    }
    // "I can't (seem to) (find a way to | figure out how to) rotate".
    if !is(i, &["i", "we"]) {
        return None;
    }
    let mut k = i + 1;
    if is(k, &["can", "could"]) && is(k + 1, &["not"]) {
        k += 2;
    } else if is(k, &["am", "was", "are", "were"]) && is(k + 1, &["unable"]) && is(k + 2, &["to"]) {
        k += 3;
    } else {
        return None;
    }
    if is(k, &["seem"]) && is(k + 1, &["to"]) {
        k += 2;
    }
    if is(k, &["find"]) && is(k + 1, &["a", "any"]) && is(k + 2, &["way"]) && is(k + 3, &["to"]) {
        k += 4;
    } else if is(k, &["find", "see"]) && is(k + 1, &["where", "how"]) {
        // "I cannot find where my iTunes software will convert it".
        return (k + 2..(k + 8).min(toks.len()))
            .find(|&e| is(e, EDITS))
            .map(|e| e - i);
    } else if is(k, &["figure", "work"]) && is(k + 1, &["out"]) && is(k + 2, &["how"]) {
        k += 3;
        if is(k, &["to"]) {
            k += 1;
        }
    }
    is(k, EDITS).then_some(k - i)
}

/// "I can't get the video converted": the length to the participle, and
/// where it stands from `i`, with its object between.
fn got_done_at(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    let is = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    if !(is(i, &["i", "we"]) && is(i + 1, &["can", "could"]) && is(i + 2, &["not"])) {
        return None;
    }
    // (The tokens after "not": "get", the object, the participle.)
    if !is(i + 3, &["get"]) {
        return None;
    }
    let verb =
        (i + 5..(i + 9).min(toks.len())).find(|&k| is(k, EDITS) && toks[k].is_participle())?;
    let object = &toks[i + 4..verb];
    object
        .iter()
        .all(|t| t.word().is_some())
        .then_some((verb + 1 - i, verb - i))
}

/// Words praising a value: "15 secs would be perfect".
const PRAISE: &[&str] = &[
    "perfect", "ideal", "great", "enough", "fine", "nice", "good", "best", "better", "awesome",
];

/// "15 secs would be perfect", "720p would be ideal": a value said with
/// praise is wished, as "make it 15 secs".
fn value_would_do(toks: Vec<Tok>) -> Vec<Tok> {
    let is = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    let valued = |t: &Tok| matches!(t.t, T::Qty(..) | T::Dims(..));
    let mut out = Vec::with_capacity(toks.len() + 2);
    let mut start = 0;
    let mut i = 0;
    while i < toks.len() {
        if matches!(toks[i].t, T::Sep) {
            start = i + 1;
        }
        let praised = is(i, &["would", "will", "should"])
            && is(i + 1, &["be"])
            && is(i + 2, PRAISE)
            && toks.get(i + 3).is_none_or(|t| matches!(t.t, T::Sep));
        let said = &toks[start.min(i)..i];
        if praised && !said.is_empty() && said.len() <= 4 && said.iter().any(valued) {
            let keep = out.len() - said.len();
            out.truncate(keep);
            out.extend(["make", "it"].map(word));
            out.extend(said.iter().cloned());
            i += 3;
            start = i;
            continue;
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// "Does anyone here know a trick to ...": how long the asking runs, up to
/// and with its "to".
fn trick_asked_at(toks: &[Tok], i: usize) -> Option<usize> {
    let is = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    if !is(i, &["does", "do"])
        || !is(
            i + 1,
            &["anyone", "anybody", "someone", "somebody", "you", "u"],
        )
    {
        return None;
    }
    let mut k = i + 2;
    if is(k, &["here"]) {
        k += 1;
    }
    if !is(k, &["know"]) {
        return None;
    }
    k += 1;
    if is(k, &["of"]) {
        k += 1;
    }
    (is(k, &["a", "any", "some", "an"])
        && is(
            k + 1,
            &[
                "trick", "way", "method", "tool", "program", "app", "software", "solution",
            ],
        )
        && is(k + 2, &["to"]))
    .then_some(k + 3 - i)
}

/// "Doesn't seem like there is even a way to convert an .mov", "there
/// doesn't appear to be any simple way to rotate it": a way said missing,
/// in words that carry nothing else, before a verb of editing.
fn no_way_at(toks: &[Tok], i: usize) -> Option<usize> {
    const FILLER: &[&str] = &[
        "there",
        "is",
        "was",
        "it",
        "does",
        "did",
        "not",
        "no",
        "seem",
        "seems",
        "appear",
        "appears",
        "like",
        "to",
        "be",
        "even",
        "really",
        "a",
        "any",
        "an",
        "simple",
        "easy",
        "quick",
        "currently",
        "still",
    ];
    let is = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    let way = (i..(i + 12).min(toks.len())).find(|&k| is(k, &["way", "option"]))?;
    let said = (i..way).all(|k| is(k, FILLER)) && (i..way).any(|k| is(k, &["not", "no"]));
    (said && is(way + 1, &["to"]) && is(way + 2, EDITS)).then_some(way + 2 - i)
}

/// "What I'd like to do is convert it", "All I want is the sound", "My goal
/// is to shrink it": said as "I want (to) ..."; "does anyone know a trick
/// to ...": as "is there a way to ...".
fn wish_openers(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let starts_clause = i == 0 || matches!(toks[i - 1].t, T::Sep);
        if let Some(len) = trick_asked_at(&toks, i).filter(|_| starts_clause) {
            out.extend(["is", "there", "a", "way", "to"].map(word));
            i += len;
            continue;
        }
        let after_but =
            i > 0 && toks[i - 1].is_any(&["but", "however", "unfortunately", "sadly", "and", "so"]);
        // "I can't get the video converted to a smaller filesize": the
        // edit wished, said in its order.
        if let Some((len, verb)) = got_done_at(&toks, i).filter(|_| starts_clause || after_but) {
            out.extend(["i", "want", "to"].map(word));
            out.push(toks[i + verb].clone());
            out.extend(toks[i + 3..i + verb].iter().cloned());
            i += len;
            continue;
        }
        if let Some(len) = wish_as_failure_at(&toks, i)
            .or_else(|| no_way_at(&toks, i))
            .filter(|_| starts_clause || after_but)
        {
            out.extend(["i", "want", "to"].map(word));
            i += len;
            continue;
        }
        if let Some((len, verb)) = opener_at(&toks, i).filter(|_| starts_clause) {
            out.push(word("i"));
            out.push(word("want"));
            if verb {
                out.push(word("to"));
            }
            i += len;
            continue;
        }
        // "I just want to cut 10 seconds off the end": "just" softens the
        // wish; it does not keep only what follows.
        let soft = toks[i].is_any(&["just", "simply", "really", "only"])
            && i > 0
            && toks[i - 1].is_any(&["i", "we"])
            && toks
                .get(i + 1)
                .is_some_and(|t| t.is_any(&["want", "need", "wanna", "like", "would"]));
        // "is there anyway you can": any way.
        if toks[i].is_any(&["anyway"]) && i > 0 && toks[i - 1].is_any(&["there"]) {
            out.extend(["a", "way"].map(word));
            i += 1;
            continue;
        }
        // "any way to", "any chance to": "any" counts nothing.
        let any_way = toks[i].is_any(&["any"])
            && toks.get(i + 1).is_some_and(|t| {
                t.is_any(&["way", "ways", "chance", "possibility", "method", "means"])
            });
        if !soft && !any_way {
            out.push(toks[i].clone());
        }
        i += 1;
    }
    out
}

/// How many tokens an idle tail at `i` runs over: "with this tool", "for
/// hours", "nothing fancy", "and that's it", "but I can't figure out how",
/// "is that possible".
fn tail_at(toks: &[Tok], i: usize) -> usize {
    let is = |k: usize, ws: &[&str]| toks.get(k).is_some_and(|t| t.is_any(ws));
    let ends = |k: usize| toks.get(k).is_none_or(|t| matches!(t.t, T::Sep));
    if is(i, &["with", "using", "in", "via"]) {
        let k = i + 1 + usize::from(is(i + 1, &["this", "the", "your", "that", "a"]));
        if is(k, TOOLS) && ends(k + 1) {
            return k + 1 - i;
        }
    }
    if is(i, &["for"]) && is(i + 1, SPANS) && ends(i + 2) {
        return 2;
    }
    if is(i, &["nothing"]) && is(i + 1, &["fancy", "complicated"]) {
        return 2;
    }
    // "and that's it", "that's all".
    let and = usize::from(is(i, &["and"]));
    if is(i + and, &["that", "thats"])
        && is(i + and + 1, &["is"])
        && is(i + and + 2, &["it", "all"])
        && ends(i + and + 3)
    {
        return and + 3;
    }
    // "but I can't figure out how", "and I don't know how".
    if is(i, &["but", "and"]) && is(i + 1, &["i", "we"]) {
        let mut k = i + 2;
        while is(k, &["can", "could", "do", "did", "just", "not", "still"]) {
            k += 1;
        }
        let negated = toks[i + 2..k.min(toks.len())]
            .iter()
            .any(|t| t.is_any(&["not"]));
        if negated && is(k, &["figure", "work", "find", "know"]) {
            k += 1;
            // ("... but i dont know how to", "but I don't know how to do it".)
            while is(k, &["out", "it", "how", "to", "do", "this", "that"]) {
                k += 1;
            }
            if ends(k) {
                return k - i;
            }
        }
    }
    // "(I'm not sure how to do this)", "I don't know how to do that".
    if is(i, &["i", "we", "i'm"]) {
        let mut k = i + 1;
        while is(k, &["am", "do", "are", "really", "just", "not"]) {
            k += 1;
        }
        let negated = toks[i + 1..k.min(toks.len())]
            .iter()
            .any(|t| t.is_any(&["not"]));
        if negated && is(k, &["sure", "know"]) && is(k + 1, &["how"]) {
            k += 2;
            if is(k, &["to"]) && is(k + 1, &["do"]) {
                k += 2;
                if is(k, &["this", "that", "it"]) {
                    k += 1;
                }
            }
            if ends(k) {
                return k - i;
            }
        }
    }
    // "- is that possible?" closing a sentence.
    if i > 0
        && is(i, &["is"])
        && is(i + 1, &["that", "this", "it"])
        && is(i + 2, &["possible", "doable", "feasible"])
        && ends(i + 3)
    {
        return 3;
    }
    0
}

fn idle_tails(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let n = tail_at(&toks, i);
        if n > 0 && toks[..i].iter().any(|t| !matches!(t.t, T::Sep)) {
            i += n;
            continue;
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

fn ends_sentence(t: &Tok) -> bool {
    matches!(t.t, T::Sep) && matches!(t.orig.as_str(), "." | "?" | "!")
}

/// "Do you have an idea?", "Any help would be appreciated.": a sentence
/// that only asks for help with the rest is dropped, unless it is all
/// there is.
fn help_sentences(toks: Vec<Tok>) -> Vec<Tok> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if ends_sentence(t) || i + 1 == toks.len() {
            spans.push(start..i + 1);
            start = i + 1;
        }
    }
    let only_help = |r: &std::ops::Range<usize>| {
        let words: Vec<&Tok> = toks[r.clone()]
            .iter()
            .filter(|t| !matches!(t.t, T::Sep))
            .collect();
        // "What can I do?", "What should I do about it?"
        let what_to_do = words.first().is_some_and(|t| t.is_any(&["what"]))
            && words.iter().any(|t| t.is_any(&["do"]))
            && words.iter().all(|t| t.is_any(WHAT_TO_DO));
        what_to_do
            || words.iter().any(|t| t.is_any(HELP))
                && words.iter().all(|t| t.is_any(HELP) || t.is_any(HELP_FRAME))
    };
    let dropped: Vec<&std::ops::Range<usize>> = spans.iter().filter(|r| only_help(r)).collect();
    let rest_has_words = spans
        .iter()
        .filter(|r| !only_help(r))
        .any(|r| toks[r.clone()].iter().any(|t| t.word().is_some()));
    if dropped.is_empty() || !rest_has_words {
        return toks;
    }
    toks.iter()
        .enumerate()
        .filter(|(i, _)| !dropped.iter().any(|r| r.contains(i)))
        .map(|(_, t)| t.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tokens::{tokenize, Unit, T};

    fn words(s: &str) -> String {
        tokenize(s)
            .iter()
            .map(|t| t.orig.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn openers_become_a_plain_wish() {
        assert_eq!(
            words("What I'd like to do is make it gray"),
            words("I want to make it gray")
        );
        assert_eq!(words("All I want is the sound"), words("I want the sound"));
        assert_eq!(
            words("My goal is to shrink it"),
            words("I want to shrink it")
        );
        assert_eq!(
            words("It is not possible to rotate the camera 90 degrees"),
            words("I want to rotate the camera 90 degrees")
        );
        assert_eq!(
            words("I can't seem to figure out how to flip it"),
            words("I want to flip it")
        );
        assert_eq!(words("I can't open it"), words("I can't open it"));
        assert_eq!(
            words("Too long for discord. 15 secs would be perfect"),
            words("Too long for discord. make it 15 secs")
        );
        assert_eq!(
            words("that would be perfect"),
            words("that would be perfect")
        );
        // A problem told, not a wish.
        assert_eq!(
            words("The problem is the sound"),
            "the problem is the sound"
        );
    }

    #[test]
    fn idle_tails_and_help_sentences_are_dropped() {
        assert_eq!(words("trim it with this tool"), words("trim it"));
        assert_eq!(
            words("I tried to trim it for hours"),
            words("I tried to trim it")
        );
        assert_eq!(words("trim it, nothing fancy"), words("trim it,"));
        assert_eq!(words("mute it. Any ideas?"), words("mute it."));
        assert_eq!(words("Any ideas?"), words("Any ideas?"));
        // "for 2 hours" is a length.
        let toks = tokenize("loop it for 2 hours");
        assert!(toks.iter().any(|t| t.t == T::Qty(7200.0, Unit::Sec)));
    }
}
