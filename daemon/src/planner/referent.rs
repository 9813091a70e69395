//! What "it", "them" or "this" stands for in a request that names no
//! object of its own: "There are black bars on the sides. Please remove
//! them." The step is read with the thing the sentence before has.

use super::grammar::{self, Intent};
use super::tokens::{Tok, T};
use crate::media::ops::Format;

/// Verbs said of a thing the file has.
const VERBS: &[&str] = &[
    "remove",
    "cut",
    "delete",
    "trim",
    "crop",
    "strip",
    "erase",
    "eliminate",
    "drop",
    "lose",
    "ditch",
    "mute",
    "clean",
    "fix",
    "rid",
    "take",
];

/// The words for what was named before.
const PRONOUNS: &[&str] = &["it", "this", "that", "them", "these", "those"];

/// Words after which the sentence before names what the file has: "there
/// are black bars", "my files have silence at the start", "the mic caused
/// a hum", "I hear a click".
const HAS: &[&str] = &[
    "has", "have", "had", "with", "is", "are", "was", "were", "got", "contains", "contain",
    "shows", "show", "cause", "caused", "causes", "produce", "produced", "hear", "heard", "see",
    "notice", "noticed",
];

/// Verbs of what came to be in a file or was noticed in it.
const CAUSED: &[&str] = &[
    "cause", "caused", "causes", "produce", "produced", "hear", "heard", "see", "notice", "noticed",
];

/// The steps `here` asks of the thing `before` names, if `here` says its
/// verb of a pronoun alone ("remove them", "can you cut it?", "get rid of
/// this").
pub fn object_referred(
    toks: &[Tok],
    before: (usize, usize),
    here: (usize, usize),
    sources: &[Format],
) -> Option<Vec<(usize, Intent)>> {
    let cur = &toks[here.0..here.1];
    let words: Vec<usize> = (0..cur.len())
        .filter(|&k| cur[k].word().is_some())
        .collect();
    let v = words.iter().position(|&k| cur[k].is_any(VERBS))?;
    let verb_at = words[v];
    let mut verb = vec![cur[verb_at].clone()];
    let mut next = v + 1;
    // "get rid of it", "take it out".
    if cur[verb_at].is_any(&["rid"]) {
        if !words.get(next).is_some_and(|&k| cur[k].is_any(&["of"])) {
            return None;
        }
        verb = vec![word("remove")];
        next += 1;
    }
    let pronoun = words.get(next).is_some_and(|&k| cur[k].is_any(PRONOUNS));
    // "take them out" removes; "can you take them?" says nothing of how.
    if cur[verb_at].is_any(&["take"]) {
        let away = words
            .get(next + 1)
            .is_some_and(|&k| cur[k].is_any(&["out", "off", "away"]));
        if !away {
            return None;
        }
        verb = vec![word("remove")];
    }
    // Nothing of substance after the pronoun: "out", "off", "please".
    let rest_idle = words.get(next + 1..).is_some_and(|ks| {
        ks.iter().all(|&k| {
            cur[k].is_any(&[
                "out", "off", "away", "please", "for", "me", "too", "as", "well",
            ])
        })
    });
    if !pronoun || !rest_idle {
        return None;
    }
    let prev = &toks[before.0..before.1];
    // ("I didn't hear the static noise but then the mic caused a hum":
    // the last thing caused or heard; else what the file has first.)
    let o = prev
        .iter()
        .rposition(|t| t.is_any(CAUSED))
        .or_else(|| prev.iter().position(|t| t.is_any(HAS)))?;
    let object: Vec<Tok> = prev[o + 1..]
        .iter()
        .filter(|t| !matches!(t.t, T::Sep))
        .cloned()
        .collect();
    if object.is_empty() {
        return None;
    }
    let phrase: Vec<Tok> = verb.into_iter().chain(object).collect();
    let found = grammar::recognize(&phrase, sources);
    (!found.is_empty()).then(|| {
        found
            .into_iter()
            .map(|(_, i)| (here.0 + verb_at, i))
            .collect()
    })
}

fn word(w: &str) -> Tok {
    Tok {
        t: T::Word(w.into()),
        orig: w.into(),
    }
}
