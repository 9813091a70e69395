//! `extract_audio`: the audio alone ("extract the audio", "audio only as wav").

use super::{Clause, Found, Intent};
use crate::planner::lexicon::{format_word, FormatWord};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let Some(i) = trigger(c) else { return };
    if c.used[i] {
        return;
    }
    // "2x faster but keep the audio normal": the sound left as it is.
    let unchanged = c.is(i, &["keep"])
        && (i + 1..(i + 5).min(c.toks.len())).any(|k| {
            c.is(
                k,
                &[
                    "normal",
                    "same",
                    "unchanged",
                    "intact",
                    "original",
                    "untouched",
                    "as",
                    "in",
                    "synced",
                    "sync",
                    "pitch",
                    "tone",
                ],
            )
        });
    // "make it black and white but keep the audio": kept as it is, not
    // taken out alone (that says "only" or "just").
    let kept = c.is(i, &["keep", "keeping", "preserve", "retain"])
        && !c.has(&["only", "just", "alone", "separately", "separate"]);
    // "they appear black, only audio plays": what a broken file does.
    let symptom = (i..(i + 4).min(c.toks.len())).any(|k| {
        c.is(k, &["plays", "play", "playing", "works", "heard", "comes"])
            && !c.is(k.wrapping_sub(1), &["to", "can", "could", "will", "would"])
    }) && !c.has(&["extract", "want", "need", "keep", "save", "export"]);
    // ("how can i get the audio file duration": a fact of the file.)
    let fact = (i..(i + 5).min(c.toks.len())).any(|k| {
        c.is(
            k,
            &[
                "duration",
                "length",
                "bitrate",
                "metadata",
                "info",
                "information",
                "size",
            ],
        )
    }) && (i..(i + 5).min(c.toks.len())).any(|k| c.is(k, &["file", "files"]));
    if unchanged || kept || symptom || fact {
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
    // "without loss": a lossless format.
    let lossless = c.has(&["lossless", "losslessly"])
        || c.has_seq(&["without", "loss"])
        || c.has_seq(&["no", "loss"])
        || c.has_seq(&["without", "losing", "quality"]);
    if lossless {
        c.take_all(&[
            "lossless",
            "losslessly",
            "without",
            "loss",
            "losing",
            "quality",
        ]);
    }
    // "the audio as alac", "audio only, in a lossless m4a": Apple Lossless.
    if let Some((j, crate::media::ops::Format::M4a)) = fmt {
        if c.is(j, &["alac"]) || lossless && !c.is(j, &["aac"]) {
            out.push((i, Intent::Op(super::convert::alac().into())));
            return;
        }
    }
    // ("export audio ... without loss of quality" of a WAV: it loses
    // nothing as it is.)
    use crate::media::ops::Format;
    let unpacked = !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|f| matches!(f, Format::Wav | Format::Aiff | Format::Flac));
    let to = fmt
        .map(|f| f.1)
        .or((lossless && !unpacked).then_some(Format::Flac));
    out.push((i, Intent::AudioOnly(to)));
}

/// Where the audio alone is asked for: "extract the audio", "as audio",
/// "the audio of this clip", "remove the video, keep the sound".
fn trigger(c: &Clause) -> Option<usize> {
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
    c.near(
        &[
            "extract", "rip", "pull", "separate", "isolate", "only", "just", "save", "export",
            "download",
        ],
        audio_word,
        3,
    )
    .or_else(|| {
        // "I want the audio", "keep just the sound"; not "I want to convert
        // the audio to mono".
        // ("I need the sound muted", "I want the audio louder": the sound
        // changed, not kept alone.)
        (0..c.toks.len()).find(|&k| {
            c.is(k, &["keep", "get", "grab", "take", "give", "want", "need"])
                && (k + 1..(k + 4).min(c.toks.len()))
                    .find(|&j| !c.is(j, &["the", "only", "just", "its", "this", "me", "a", "an"]))
                    .is_some_and(|j| {
                        c.is(j, audio_word)
                            && !c.toks.get(j + 1).is_some_and(|t| {
                                t.is_participle()
                                    || t.is_any(&[
                                        "louder", "quieter", "lower", "higher", "better",
                                        "clearer", "mono", "stereo", "fixed", "up", "down",
                                    ])
                            })
                    })
        })
    })
    .or_else(|| {
        // "as audio", "in audio format", "to an audio file".
        (0..c.toks.len()).find(|&k| {
            (c.is(k, &["as", "into", "to"])
                || c.is(k, &["in"]) && c.is(k + 2, &["format", "form", "file", "version", "only"]))
                && (c.is(k + 1, &["audio", "sound"])
                    || c.is(k + 1, &["an", "the", "just", "only"])
                        && c.is(k + 2, &["audio", "sound"]))
        })
    })
    .or_else(|| {
        // "cut the audio from a video", "the audio of this clip"
        c.near(audio_word, &["from", "out", "off"], 2)
            .filter(|_| c.has(&["video", "clip", "mp4", "movie", "file", "recording"]))
    })
    // ("the sound is only working in VLC": "only" of where it works.)
    .or_else(|| {
        c.near(&["audio", "sound", "music"], &["only", "alone"], 2)
            .filter(|&k| {
                !(k + 1..k + 3).any(|j| {
                    c.is(j, &["only"])
                        && c.toks.get(j + 1).is_some_and(|t| {
                            t.is_gerund() && c.is(j - 1, &["is", "was", "are", "were"])
                                || t.is_any(&[
                                    "in", "on", "when", "work", "works", "play", "plays", "come",
                                    "comes", "heard", "audible",
                                ])
                        })
                })
            })
    })
    // "I would like the audio extracted": the participle after it.
    .or_else(|| {
        c.near(
            audio_word,
            &["extract", "rip", "separate", "isolate", "export", "pull"],
            2,
        )
        .filter(|&k| {
            // "Audio extrahieren", "audio extract": the verb last, nothing
            // after it.
            let last = c.is(k + 1, &["extract", "extraction"]) && k + 2 >= c.toks.len();
            last || (k + 1..(k + 3).min(c.toks.len())).any(|j| {
                c.toks[j].is_participle()
                    && c.is(
                        j,
                        &["extract", "rip", "separate", "isolate", "export", "pull"],
                    )
            })
        })
    })
    .or_else(|| {
        // "remove the video, keep the sound": what is removed is the picture.
        (0..c.toks.len())
            .find(|&k| {
                c.is(
                    k,
                    &[
                        "remove", "drop", "no", "without", "strip", "discard", "lose",
                    ],
                ) && (k + 1..(k + 3).min(c.toks.len()))
                    .find(|&j| !c.is(j, &["the", "a", "any", "its", "all"]))
                    .is_some_and(|j| {
                        c.is(
                            j,
                            &["video", "picture", "image", "visuals", "visual", "pictures"],
                        )
                    })
            })
            // "remove the video" of a video: what stays is the sound.
            .filter(|_| {
                c.has(&["audio", "sound", "keep", "only", "just"])
                    || c.sources.iter().any(|f| f.is_video_container())
            })
    })
    .or_else(|| {
        // "an audio version", "an mp3 version"
        c.near(
            &["audio", "sound", "mp3", "podcast"],
            &["version", "copy"],
            2,
        )
    })
}
