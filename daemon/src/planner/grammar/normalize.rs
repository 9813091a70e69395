//! `normalize`: even loudness ("normalize the audio").

use super::{Clause, Found, Intent};
use crate::media::ops::Normalize;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let Some(i) = trigger(c) else { return };
    // "at the same quality level", "the compression level": no loudness.
    let other_level = (1..c.toks.len()).any(|k| {
        c.is(k, &["level", "levels"])
            && c.is(
                k - 1,
                &[
                    "quality",
                    "compression",
                    "zoom",
                    "noise",
                    "battery",
                    "signal",
                    "detail",
                    "crf",
                ],
            )
    });
    if other_level
        && !c.has(&[
            "audio",
            "sound",
            "volume",
            "loudness",
            "loud",
            "quiet",
            "music",
            "normalize",
        ])
    {
        return;
    }
    c.take_trig(i);
    c.take_all(&[
        "audio",
        "sound",
        "volume",
        "loudness",
        "levels",
        "normalize",
        "level",
        "different",
        "varying",
        "variety",
        "inconsistent",
        "uneven",
        "vary",
        "varies",
    ]);
    let normalize = match target(c) {
        Some(lufs) => Normalize::to(lufs),
        None => Normalize::default(),
    };
    out.push((i, Intent::Op(normalize.into())));
}

/// The loudness asked: "-14 LUFS" (the minus often left out), or the level
/// of where it goes ("for spotify", "broadcast").
fn target(c: &Clause) -> Option<f64> {
    let said = (1..c.toks.len())
        .filter(|&k| c.is(k, &["lufs", "lkfs", "lu"]))
        .find_map(|k| c.num_at(k - 1))
        // ("-16LUFS" reads as one word, its minus lost.)
        .or_else(|| {
            (0..c.toks.len()).find_map(|k| {
                let w = c.w(k)?;
                let n = w.strip_suffix("lufs").or_else(|| w.strip_suffix("lkfs"))?;
                n.parse::<f64>().ok()
            })
        })
        .map(|v| -v.abs())
        .filter(|v| (-70.0..=-5.0).contains(v));
    said.or_else(|| {
        if c.has(&["spotify", "youtube", "tidal", "streaming"]) {
            Some(-14.0)
        } else if c.has(&["broadcast", "tv", "television"]) {
            Some(-23.0)
        } else {
            None
        }
    })
}

/// Words of evening out, before the sound they are near ("even" first).
const LEVELLING: &[&str] = &[
    "even",
    "level",
    "balance",
    "consistent",
    "constant",
    "equalize",
    "standardize",
];

/// Words of evening out, after the sound ("even" first).
const MATCHING: &[&str] = &[
    "even",
    "match",
    "matched",
    "matching",
    "steady",
    "consistent",
    "uniform",
];

/// Where evening out the loudness is asked: "normalize", "even out the
/// volume", "the levels vary", "sudden changes in the volume".
fn trigger(c: &Clause) -> Option<usize> {
    // ("record sound, even if you don't catch the bird": "even" of a
    // condition, no level.)
    let (levelling, matching) = if adverb_even(c) {
        (&LEVELLING[1..], &MATCHING[1..])
    } else {
        (LEVELLING, MATCHING)
    };
    c.find(&[
        "normalize",
        "loudnorm",
        "lufs",
        "r128",
        "replaygain",
        "mp3gain",
    ])
    // "apply either Album-Gain or Track-Gain": ReplayGain's two levels.
    .or_else(|| c.near(&["album", "track"], &["gain"], 1))
    // "average the volume of the whole chapter".
    .or_else(|| c.near(&["average"], &["volume", "loudness", "level", "levels"], 3))
    .or_else(|| {
        c.near(
            levelling,
            &["audio", "sound", "volume", "loudness", "levels", "out"],
            3,
        )
    })
    // "auto amplify the sound", "automatically boost the volume": to a
    // level measured, not by a fixed amount.
    .or_else(|| {
        c.near(
            &["auto", "automatically", "automatic"],
            &["amplify", "boost", "gain", "volume", "louder", "adjustment"],
            2,
        )
        .filter(|_| c.qty(crate::planner::tokens::Unit::Db).is_none())
    })
    // "a different audio level", "volumes vary": levels to even out.
    .or_else(|| {
        c.near(
            &["different", "varying", "variety", "inconsistent", "uneven"],
            &["level", "levels", "volume", "volumes", "loudness"],
            3,
        )
    })
    .or_else(|| {
        c.near(
            &["level", "levels", "volume", "volumes", "loudness"],
            &[
                "vary",
                "varies",
                "differ",
                "differs",
                "inconsistent",
                "uneven",
            ],
            3,
        )
    })
    // "the average volume of one section is different than other
    // sections".
    .or_else(|| {
        c.near(&["volume", "level", "loudness"], &["different"], 7)
            .filter(|_| c.has(&["section", "sections", "part", "parts", "others", "other"]))
    })
    // "match the volume across the songs", "volume-matched", "the
    // volume needs to stay even", "the same volume".
    .or_else(|| {
        c.near(
            &["match", "matched", "matching", "same"],
            &["volume", "volumes", "loudness", "level", "levels"],
            3,
        )
    })
    .or_else(|| {
        c.near(
            &[
                "volume", "volumes", "loudness", "level", "levels", "sound", "audio",
            ],
            matching,
            5,
        )
        // ("the sound even" is a level; "sound even better" is not.)
        .filter(|&k| !c.is(k, &["sound", "audio"]) || !c.has(&["better", "worse", "more"]))
    })
    // "it should not switch between loud and quiet".
    .or_else(|| c.seq(&["between", "loud", "and", "quiet"]).map(|k| k + 1))
    // "sudden changes in the perceived volume", "having to constantly
    // adjust the volume", "the level is all over the place".
    .or_else(|| {
        c.near(
            &[
                "sudden",
                "constantly",
                "fluctuate",
                "fluctuates",
                "fluctuating",
                "erratic",
            ],
            &["volume", "volumes", "loudness", "level", "levels"],
            5,
        )
    })
    .or_else(|| {
        (2..c.toks.len())
            .find(|&k| c.is(k, &["place"]) && c.is(k - 1, &["the"]) && c.is(k - 2, &["over"]))?;
        c.near(
            &["volume", "volumes", "loudness", "level", "levels"],
            &["place"],
            8,
        )
    })
    // "a big difference between the sound volume in course videos".
    .or_else(|| {
        c.near(
            &["difference", "differences"],
            &["volume", "volumes", "loudness", "level", "levels"],
            5,
        )
        .filter(|_| c.has(&["between", "across"]))
    })
    // "the volume levels are very different".
    .or_else(|| c.near(&["levels", "volumes"], &["different"], 4))
    // "make the louder parts not as loud and the quieter parts louder".
    .or_else(|| {
        c.find(&["loud", "louder"]).filter(|_| {
            c.has(&["quiet", "quieter", "audible", "soft", "softer"])
                && c.has(&["parts", "others", "some", "while", "other"])
        })
    })
    .or_else(|| compared_to_others(c))
    .or_else(|| c.find(&["loudness"]))
    .or_else(|| levels_ridden(c))
}

/// "so people don't have to adjust their speakers all the time", "they go
/// from yelling to whispering": levels that swing, told by what they do to
/// the listener.
fn levels_ridden(c: &Clause) -> Option<usize> {
    c.near(
        &["adjust", "turn", "change", "fiddle", "reach"],
        &["volume", "speakers", "speaker", "knob", "level"],
        4,
    )
    .filter(|_| {
        c.has_seq(&["all", "the", "time"])
            || c.has(&["constantly"])
            || c.has_seq(&["keep", "have"])
            || c.has_seq(&["keep", "adjust"])
    })
    .or_else(|| {
        c.find(&["whisper", "whispering", "whispers", "whispered"])
            .filter(|_| {
                c.has(&[
                    "yell",
                    "yelling",
                    "shout",
                    "shouting",
                    "scream",
                    "screaming",
                    "loud",
                ])
            })
    })
}

/// "the volume is noticeably lower compared to the same meeting on
/// YouTube": one file's level told against another's, with no way to turn
/// it asked, is brought to the usual loudness. ("louder than other tracks"
/// stays a level turned: a way is often asked in the next sentence.)
pub(super) fn compared_to_others(c: &Clause) -> Option<usize> {
    let k = (0..c.toks.len()).find(|&k| {
        c.is(k, &["quieter", "louder", "lower", "softer"]) && c.is(k + 1, &["compared"])
    })?;
    let sound = c.is(k, &["quieter", "louder", "softer"])
        || c.has(&["volume", "audio", "sound", "loudness", "level"])
            && !c.has(&[
                "bitrate",
                "kbps",
                "quality",
                "resolution",
                "size",
                "samplerate",
                "hz",
                "khz",
            ]);
    // "turn up the volume", "lower its volume", "+15 dB": a way asked.
    let turned = c.has(&[
        "turn", "increase", "raise", "boost", "amplify", "pump", "gain", "decrease", "reduce",
        "make",
    ]) || (0..c.toks.len()).any(|j| {
        c.is(j, &["lower"]) && c.is(j + 1, &["the", "its", "it", "their", "his", "her", "this"])
    }) || c.qty(crate::planner::tokens::Unit::Db).is_some()
        || c.qty(crate::planner::tokens::Unit::Pct).is_some();
    (sound && !turned).then_some(k)
}

/// Every "even" of the clause opens a condition ("even if", "even
/// though", "even when"), none says a level.
fn adverb_even(c: &Clause) -> bool {
    (0..c.toks.len()).all(|k| {
        // (The clause may end at the "if" it opens: "record sound, even".)
        !c.is(k, &["even"])
            || k + 1 >= c.toks.len()
                && k > 0
                && matches!(c.toks[k - 1].t, crate::planner::tokens::T::Sep)
            || c.is(
                k + 1,
                &[
                    "if", "though", "when", "after", "before", "then", "now", "so",
                ],
            )
    })
}
