//! Typo correction against the vocabulary.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use super::vocabulary::{is_known, vocab};

/// English words: never corrected, whatever vocabulary word they are near
/// ("bars" is not a typo of "bass").
const ENGLISH: &str = include_str!("english.txt");

pub fn is_english(w: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        ENGLISH
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
    .contains(w)
}

/// The vocabulary word `w` is an inflection of ("extracts", "resizes",
/// "rotated", "compressing").
fn stem(w: &str) -> Option<String> {
    for suffix in ["ing", "ed", "es", "s", "d"] {
        let Some(base) = w.strip_suffix(suffix) else {
            continue;
        };
        if base.len() < 3 {
            continue;
        }
        for cand in [base.to_string(), format!("{base}e")] {
            if is_known(&cand) {
                return Some(cand);
            }
        }
        // "cropped", "cutting": a doubled last letter.
        let b = base.as_bytes();
        if b.len() >= 4 && b[b.len() - 1] == b[b.len() - 2] && is_known(&base[..base.len() - 1]) {
            return Some(base[..base.len() - 1].to_string());
        }
    }
    None
}

/// Slips too short or too close to another word for the distance rule:
/// letters swapped in a format, an English word typed for "convert".
const SLIPS: &[(&str, &str)] = &[
    ("pm4", "mp4"),
    ("mp$", "mp4"),
    ("mp43", "mp4"),
    ("pm3", "mp3"),
    ("giv", "gif"),
    ("gfi", "gif"),
    ("jgp", "jpg"),
    ("pgn", "png"),
    ("covert", "convert"),
    ("revers", "reverse"),
    ("anim", "animated"),
    ("kpbs", "kbps"),
    ("coverting", "converting"),
    ("coverted", "converted"),
    // ("subtile" is English, and a subtitle typed short.)
    ("subtile", "subtitle"),
    ("subtiles", "subtitles"),
    // ("aspect ration".)
    ("ration", "ratio"),
    ("rations", "ratios"),
    // (Played again, not "replacing", its nearest vocabulary word.)
    ("replaying", "repeating"),
];

/// English words whose inflection would be read as another vocabulary
/// word ("waves" is no "wave" file, "mind" no "min"), and a learner's past
/// ("shooted" pictures were shot, not shortened).
const KEPT: &[&str] = &[
    "waves", "waved", "waving", "mind", "minds", "minded", "shooted",
    // (Game replays are recordings, not a loop.)
    "replays",
];

/// The word, or the vocabulary word it is most likely a typo of.
pub fn correct(w: &str) -> String {
    if let Some((_, right)) = SLIPS.iter().find(|(slip, _)| *slip == w) {
        return (*right).to_string();
    }
    if KEPT.contains(&w) {
        return w.to_string();
    }
    let n = w.chars().count();
    if n < 4 || is_known(w) || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return w.to_string();
    }
    if let Some(s) = stem(w) {
        return s;
    }
    if is_english(w) {
        return w.to_string();
    }
    // "frmaes", "prfeers": a slip in a word with its plural or verb "s".
    if let Some(base) = w
        .strip_suffix('s')
        .filter(|b| b.len() >= 4 && !b.ends_with('s'))
    {
        let fixed = correct(base);
        if fixed != base && is_known(&fixed) {
            let plural = format!("{fixed}s");
            return if is_known(&plural) { plural } else { fixed };
        }
    }
    static CACHE: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(w).cloned()) {
        return hit;
    }
    let max_d = if n >= 7 { 2 } else { 1 };
    let first = w.as_bytes()[0];
    let mut best: Option<(usize, &str)> = None;
    for cand in vocab().1.iter().copied().chain(
        [
            "jpeg",
            "webp",
            "tiff",
            "flac",
            "webm",
            "quicktime",
            "matroska",
            "bitmap",
        ]
        .iter()
        .copied(),
    ) {
        let cn = cand.len();
        if cn.abs_diff(n) > max_d || cn < 4 {
            continue;
        }
        // Short words keep their first letter and never lose a letter.
        if n <= 5 && (cand.as_bytes()[0] != first || cn < n) {
            continue;
        }
        // People rarely mistype the first letter: "blooper" is no "looper"
        // (a swap of the first two letters is still a typo: "cnovert").
        let swapped = w.as_bytes().get(1) == cand.as_bytes().first()
            && cand.as_bytes().get(1) == Some(&first);
        if cand.as_bytes()[0] != first && !swapped {
            continue;
        }
        let d = if max_d == 1 {
            if within_one(w.as_bytes(), cand.as_bytes()) {
                1
            } else {
                2
            }
        } else {
            damerau(w.as_bytes(), cand.as_bytes(), max_d)
        };
        // Two slips keep the last letter ("reduire" may be "reduce";
        // "optione" is no "optipng"), or make an adverb ("reversely").
        let ends_alike = d < 2
            || w.as_bytes().last() == cand.as_bytes().last()
            || w.strip_suffix("ly") == Some(cand);
        if d <= max_d && ends_alike && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    // "shuold", "twnety", "pelase": a slip in a common word, one letter
    // off, where no word of the grammar is near.
    if best.is_none() && n >= 5 {
        best = vocab()
            .0
            .iter()
            .copied()
            .filter(|c| {
                c.len() >= 5
                    && c.as_bytes()[0] == first
                    && c.bytes().all(|b| b.is_ascii_lowercase())
            })
            .filter(|c| within_one(w.as_bytes(), c.as_bytes()))
            .min()
            .map(|c| (1, c));
    }
    let out = best.map_or_else(|| w.to_string(), |(_, c)| c.to_string());
    if let Ok(mut c) = cache.lock() {
        if c.len() < 10_000 {
            c.insert(w.to_string(), out.clone());
        }
    }
    out
}

/// Whether `a` and `b` differ by at most one substitution, insertion,
/// deletion or swap of neighbours (linear time).
fn within_one(a: &[u8], b: &[u8]) -> bool {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if p == n && p == m {
        return true;
    }
    let (ra, rb) = (&a[p..], &b[p..]);
    if n == m {
        // substitution, or a swap of neighbours
        ra[1..] == rb[1..]
            || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if n > m {
        ra[1..] == *rb
    } else {
        *ra == rb[1..]
    }
}

/// Optimal-string-alignment distance, giving up above `max`.
fn damerau(a: &[u8], b: &[u8], max: usize) -> usize {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return max + 1;
    }
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_corrected_to_known_words() {
        assert_eq!(correct("grayscle"), "grayscale");
        assert_eq!(correct("convret"), "convert");
        assert_eq!(correct("rotat"), "rotate");
        assert_eq!(correct("compres"), "compress");
        assert_eq!(correct("cute"), "cute");
        assert_eq!(correct("dragon"), "dragon");
        assert_eq!(correct("zzzzzz"), "zzzzzz");
        assert_eq!(correct("shuold"), "should");
        assert_eq!(correct("twnety"), "twenty");
        assert_eq!(correct("resmaple"), "resample");
        assert_eq!(correct("frmaes"), "frames");
        assert_eq!(correct("optione"), "option");
        assert!(within_one(b"mute", b"mutes") && within_one(b"form", b"from"));
        assert!(within_one(b"gray", b"grey") && !within_one(b"gray", b"blue"));
        assert!(within_one(b"ab", b"ab") && !within_one(b"abcd", b"badc"));
    }
}
