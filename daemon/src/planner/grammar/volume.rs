//! `volume`: louder or quieter ("+3 dB", "volume 50%").

use super::{degree, Clause, Found, Intent};
use crate::media::ops::Volume;
use crate::planner::tokens::{Unit, T};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let Some(i) = trigger(c) else { return };
    if no_loudness(c, i) || super::normalize::compared_to_others(c).is_some() {
        return;
    }
    // "the audio level is so low", "the level from the VHF system I monitor
    // is too high": one level, too low or too high, no evening out.
    let level_said = |ws: &[&str]| {
        (0..c.toks.len()).any(|k| {
            c.is(k, &["level", "levels"])
                && (k + 1..(k + 13).min(c.toks.len())).any(|j| c.is(j, ws))
        })
    };
    // "his volume becomes very high", "the volume is too low": the same,
    // of the volume told.
    let volume_told = |ws: &[&str]| {
        (0..c.toks.len()).any(|k| {
            c.is(k, &["volume"])
                && (k + 2..(k + 6).min(c.toks.len())).any(|j| {
                    c.is(j, ws)
                        && c.is(
                            j - 1,
                            &[
                                "too",
                                "very",
                                "so",
                                "really",
                                "is",
                                "become",
                                "get",
                                "extremely",
                                "quite",
                                "pretty",
                            ],
                        )
                })
        })
    };
    let level_low = level_said(&["low", "soft", "faint"]) || volume_told(&["low"]);
    let level_high =
        (level_said(&["high", "hot", "clipping"]) || volume_told(&["high"])) && !level_low;
    // "the louder parts not as loud and the quieter parts louder", "some
    // too loud while others are not audible": levels evened out.
    let both_ways = c.has(&["loud", "louder"])
        && c.has(&[
            "quiet", "quieter", "audible", "soft", "softer", "softly", "quietly",
        ])
        && c.has(&["parts", "others", "some", "while", "other", "between"]);
    if c.has(&["normalize", "loudness", "even", "consistent", "constant"])
        || c.has(&["level", "levels"]) && !level_low && !level_high
        || both_ways
    {
        return;
    }
    let down = turned_down(c, level_high);
    c.take_trig(i);
    c.take_all(&[
        "volume", "louder", "quieter", "gain", "audio", "sound", "up", "down", "boost", "increase",
        "lower", "turn",
    ]);
    let said = c.qty(Unit::Db).is_some()
        || c.qty(Unit::Pct).is_some()
        || c.qty(Unit::X).is_some()
        || c.has(&["double", "twice", "half", "halve"])
        || c.num_after(i, 3).is_some();
    let op = level(c, i, down).into();
    out.push((
        i,
        if said {
            Intent::Op(op)
        } else {
            Intent::Default(op)
        },
    ));
}

/// Whether the change asked is quieter: from the words of the wish, a verb
/// saying which way, or the sound described (what is wrong, so the other
/// way).
fn turned_down(c: &Clause, level_high: bool) -> bool {
    let down = level_high
        || c.has(&[
            "quieter",
            "quiet",
            "lower",
            "decrease",
            "reduce",
            "down",
            "less",
            "softer",
            "minus",
            "reduction",
            "reducing",
            "lowering",
            "decreasing",
        ]) && !c.has(&["louder", "too"])
        || c.has_seq(&["too", "loud"]);
    // "make quiet videos loud": the later word is the wish.
    let last = (0..c.toks.len())
        .rev()
        .find(|&k| c.is(k, &["quiet", "quieter", "loud", "louder"]));
    // "it's so quiet", "really loud": what is wrong, so the other way.
    let described = |words: &[&str]| {
        (1..c.toks.len()).any(|k| {
            c.is(k, words)
                && c.is(
                    k - 1,
                    &[
                        "so",
                        "too",
                        "very",
                        "really",
                        "is",
                        "its",
                        "super",
                        "pretty",
                        "way",
                        "extremely",
                        "incredibly",
                    ],
                )
        })
    };
    // "a bit louder than other tracks", "quieter than the rest": the file
    // compared, so the other way ("make it louder than ..." is the wish).
    let compared = |words: &[&str]| {
        (0..c.toks.len()).any(|k| c.is(k, words) && c.is(k + 1, &["than"]))
            && !c.has(&["make", "get", "want", "need"])
    };
    // "the recordings seem a quieter", "it sounds quieter": what is heard,
    // so the other way.
    let heard = |words: &[&str]| {
        (1..c.toks.len()).any(|k| {
            c.is(k, words)
                && (k.saturating_sub(3)..k).any(|j| {
                    c.is(
                        j,
                        &["seem", "seems", "sounds", "is", "are", "was", "were", "got"],
                    )
                })
        }) && !c.has(&["make", "want", "need", "should", "such"])
    };
    // "turn up the volume for quiet mics", "increasing it by 5 dB is loud
    // enough": a verb saying which way outweighs how the sound is described.
    let raised = (0..c.toks.len()).any(|k| {
        let verb = c.is(
            k,
            &[
                "increase",
                "increasing",
                "raise",
                "raising",
                "boost",
                "amplify",
            ],
        ) || c.is(k, &["up"]) && c.is(k.wrapping_sub(1), &["turn", "crank", "pump"]);
        verb && (k + 1..(k + 4).min(c.toks.len())).any(|j| {
            c.is(j, &["volume", "gain", "it"]) || c.qty(Unit::Db).is_some_and(|q| q.0 == j)
        })
    }) && !c.has(&[
        "down", "lower", "decrease", "reduce", "quieter", "softer", "less",
    ]);
    match last {
        _ if raised => false,
        _ if heard(&["quieter", "softer", "quiet"]) => false,
        _ if heard(&["lower"]) && !compared(&["lower"]) => false,
        _ if heard(&["louder"]) => true,
        _ if compared(&["louder"]) => true,
        _ if compared(&["quieter", "softer"]) => false,
        Some(k) if c.has(&["quiet", "quieter"]) && c.has(&["loud", "louder"]) => {
            c.is(k, &["quiet", "quieter"])
        }
        _ if described(&["quiet", "faint", "silent"]) && !c.has(&["quieter", "lower", "down"]) => {
            false
        }
        _ if described(&["loud"]) && !c.has(&["louder", "up", "boost"]) => true,
        _ => down,
    }
}

fn trigger(c: &Clause) -> Option<usize> {
    c.find(&[
        "volume", "louder", "quieter", "gain", "loud", "quiet", "audible",
    ])
    // ("let the volume fade out": a fade, said of the volume.)
    .filter(|&k| {
        !(c.is(k, &["volume"]) && (k + 1..(k + 3).min(c.toks.len())).any(|j| c.is(j, &["fade"])))
    })
    // "too silent": too quiet.
    .or_else(|| c.near(&["too"], &["silent"], 1).map(|k| k + 1))
    // "the audio level is too high on playback".
    .or_else(|| {
        c.find(&["level"]).filter(|&k| {
            c.is(
                k.wrapping_sub(1),
                &["audio", "sound", "volume", "recording"],
            ) && (k + 1..(k + 6).min(c.toks.len()))
                .any(|j| c.is(j, &["too"]) && c.is(j + 1, &["high", "low", "loud", "quiet"]))
        })
    })
    .or_else(|| c.qty(Unit::Db).map(|q| q.0))
    .or_else(|| {
        c.near(
            // Not "turn": "turn it into audio" is no level ("turn up" is below).
            &[
                "boost", "increase", "raise", "lower", "decrease", "reduce", "pump",
            ],
            &["audio", "sound", "music", "voice", "amplitude"],
            3,
        )
        // "lower the voice message bitrate": a measure of the sound, not its level.
        .filter(|_| {
            !c.has(&[
                "bitrate",
                "kbps",
                "quality",
                "samplerate",
                "resolution",
                "size",
                "filesize",
            ])
        })
    })
    .or_else(|| {
        c.near(
            &["audio", "sound", "music"],
            &["up", "down", "louder", "quieter", "boost"],
            3,
        )
        // ("audio files of up to 16 megabytes": a limit; "music files take
        // up too much space", "the audio slows down": another verb's.)
        .filter(|&k| {
            let up = (k + 1..(k + 4).min(c.toks.len())).find(|&j| c.is(j, &["up", "down"]));
            !up.is_some_and(|j| {
                c.is(j + 1, &["to"])
                    && c.toks
                        .get(j + 2)
                        .is_some_and(|t| matches!(t.t, T::Num(_) | T::Qty(..)))
                    || c.is(j.wrapping_sub(1), PHRASAL)
            })
        })
    })
    // "the audio is really low": a complaint about the level.
    .or_else(|| {
        c.near(
            &["audio", "sound", "music", "voice", "voices"],
            &["low", "soft", "faint"],
            3,
        )
        // "an audio level that is so low".
        .or_else(|| c.near(&["level", "levels"], &["low", "soft", "faint"], 5))
        .filter(|_| {
            !c.has(&[
                "quality",
                "bitrate",
                "resolution",
                "pitch",
                "bass",
                "brightness",
                "light",
                "exposure",
                "contrast",
                "battery",
                "compression",
                "noise",
            ])
        })
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
    })
}

fn by_factor(factor: f64) -> Volume {
    Volume {
        factor: Some(factor),
        ..Volume::default()
    }
}

fn by_db(db: f64) -> Volume {
    Volume {
        db: Some(db),
        ..Volume::default()
    }
}

/// The change asked for: dB, a percent, a factor, words, or by degree.
fn level(c: &mut Clause, i: usize, down: bool) -> Volume {
    let sign = if down { -1.0 } else { 1.0 };
    if let Some((j, db)) = c.qty(Unit::Db) {
        c.take(j);
        return by_db(if down { -db.abs() } else { db });
    }
    if let Some((j, p)) = c.qty(Unit::Pct) {
        c.take(j);
        let relative = c.has(&[
            "by",
            "louder",
            "quieter",
            "increase",
            "decrease",
            "raise",
            "lower",
            "reduce",
            "boost",
            "up",
            "down",
            "more",
            "less",
            "reduction",
            "drop",
        ]) && !(j.saturating_sub(3)..j).any(|k| c.is(k, &["to", "at", "set"]));
        let f = if relative {
            1.0 + sign * p / 100.0
        } else {
            p / 100.0
        };
        return by_factor((f.max(0.0) * 1000.0).round() / 1000.0);
    }
    if let Some((j, x)) = c.qty(Unit::X) {
        c.take(j);
        return by_factor(if down && x > 1.0 { 1.0 / x } else { x });
    }
    if c.has(&["double", "twice"]) {
        return by_factor(if down { 0.5 } else { 2.0 });
    }
    if c.has(&["half", "halve"]) {
        return by_factor(0.5);
    }
    if let Some((j, v)) = c.num_after(i, 3) {
        c.take(j);
        // "volume to 50" reads as percent; "volume 1.5" as a factor.
        return by_factor(if v > 10.0 { v / 100.0 } else { v });
    }
    let db = match degree(c) {
        0 => 3.0,
        2 => 10.0,
        _ => 6.0,
    };
    by_db(sign * db)
}

/// Verbs whose "up" or "down" is their own, not the level's: "take up
/// space", "speed up", "slow down", "end up".
const PHRASAL: &[&str] = &[
    "take", "takes", "taking", "took", "speed", "sped", "back", "set", "show", "end", "ends",
    "ended", "ending", "open", "free", "sign", "pick", "clean", "make", "line", "catch", "fill",
    "hold", "split", "break", "use", "uses", "used", "mix", "mess", "messed", "load", "pop",
    "pops", "stack", "slow", "slows", "shut", "cut", "narrow", "scale", "write", "let", "count",
    "trim", "thin", "water", "watered", "dumb", "dumbed", "come", "comes", "go", "goes", "went",
    "sync",
];

/// The trigger at `i` names something else than the sound's loudness.
fn no_loudness(c: &Clause, i: usize) -> bool {
    // "compile them into a single volume", of documents or pictures: a
    // book's volume, no sound.
    let soundless = |f: &crate::media::ops::Format| {
        matches!(
            f.kind(),
            crate::media::ops::MediaKind::Document | crate::media::ops::MediaKind::Image
        )
    };
    if !c.sources.is_empty() && c.sources.iter().all(soundless) && c.qty(Unit::Db).is_none() {
        return true;
    }
    // "prevalent on Audible", "books from Audible": the shop, no loudness.
    if c.is(i, &["audible"])
        && (c.is(i.wrapping_sub(1), &["on", "from", "via", "in", "to"])
            || c.toks[i].orig.starts_with('A')
                && (i > 0 || !c.has(&["more", "barely", "hardly", "make", "not", "volume"])))
    {
        return true;
    }
    // "background noise is audible": the noise, refused elsewhere.
    if c.is(i, &["audible"]) && c.has(&["noise", "static", "hiss", "hum", "buzz"]) {
        return true;
    }
    // "fade in instead of starting at full volume": where a fade starts.
    if c.is(i.wrapping_sub(1), &["full", "max", "maximum"]) && c.has(&["fade", "fades"]) {
        return true;
    }
    // "the birds began to get louder", "it gets quieter towards the end":
    // how the sound went, told; no change asked.
    if c.is(i, &["louder", "quieter"])
        && (i.saturating_sub(7)..i).any(|k| {
            c.is(
                k,
                &[
                    "gets", "getting", "got", "became", "becomes", "becoming", "grew", "grows",
                    "growing", "began", "begins", "started", "starts",
                ],
            )
        })
        && !c.has(&[
            "make", "want", "wish", "need", "should", "please", "can", "could", "would",
        ])
    {
        return true;
    }
    // "a performance gain", "a gain in speed": not the sound's.
    if c.is(i, &["gain"])
        && !c.has(&[
            "audio", "sound", "volume", "db", "music", "voice", "louder", "quieter",
        ])
        && c.qty(Unit::Db).is_none()
    {
        return true;
    }
    false
}
