//! `remove_audio`: "mute it", "remove the sound".

use super::{Clause, Found, Intent, AUDIO, REMOVE};
use crate::media::ops::RemoveAudio;

/// The words of a modal passive: "can safely be", "needs to be".
const PASSIVE_AUX: &[&str] = &[
    "can",
    "could",
    "should",
    "must",
    "will",
    "would",
    "may",
    "might",
    "need",
    "needs",
    "to",
    "be",
    "been",
    "get",
    "safely",
    "just",
    "simply",
    "also",
    "completely",
    "entirely",
];

/// "the audio should be removed", "the sound can safely be dropped": the
/// participle after a modal and "be"; where the sound is named.
fn removed_passive(c: &Clause) -> Option<usize> {
    (0..c.toks.len()).find(|&k| {
        if !c.is(k, &["audio", "sound", "soundtrack"]) {
            return false;
        }
        let mut j = k + 1;
        while j < c.toks.len() && j <= k + 6 && c.is(j, PASSIVE_AUX) {
            j += 1;
        }
        j > k + 1
            && c.is(j - 1, &["be", "been", "get"])
            && c.is(j, REMOVE)
            && c.toks[j].is_participle()
    })
}

/// "only output video and not audio", "keep just the video": the picture
/// alone asked for (`only` after a verb that makes a file).
fn picture_only(c: &Clause) -> Option<usize> {
    let k = c.near(&["only", "just"], &["video", "picture", "visuals"], 2)?;
    let made = c.is(
        k.wrapping_sub(1),
        &["output", "export", "keep", "save", "render", "want", "need"],
    ) || c.is(k + 1, &["output", "export", "keep", "save", "render"]);
    let no_sound = c.has_seq(&["not", "audio"]) || c.has_seq(&["not", "sound"]);
    (made && no_sound).then_some(k)
}

/// "no issues with audio", "no loss of audio": the sound is fine or kept,
/// not unwanted (`i` at the trigger).
fn sound_fine(c: &Clause, i: usize) -> bool {
    c.is(i, &["no", "without"])
        && c.is(
            i + 1,
            &[
                "issue",
                "issues",
                "problem",
                "problems",
                "trouble",
                "complaint",
                "complaints",
                // "no loss of audio": the sound kept whole.
                "loss",
                "degradation",
                "change",
                "difference",
            ],
        )
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
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
        // "I need the audio removed", "needs its audio stripped": the
        // participle after the sound.
        .or_else(|| {
            c.near(&["audio", "sound", "music", "soundtrack"], REMOVE, 2)
                .filter(|&k| {
                    (k + 1..(k + 3).min(c.toks.len()))
                        .any(|j| c.is(j, REMOVE) && c.toks[j].is_participle())
                })
        })
        .or_else(|| removed_passive(c))
        .or_else(|| picture_only(c))
        .or_else(|| {
            c.near(&["turn", "switch", "shut"], &["off"], 4)
                .filter(|_| c.has(AUDIO))
        })
        .or_else(|| {
            c.near(&["take", "leave", "cut"], AUDIO, 3)
                .filter(|_| c.has(&["out"]))
        });
    let Some(i) = trig else { return };
    // ("remove the sound from 0:30 to 0:40": a part muted, read already.)
    if c.used[i] && c.is(i, &["remove", "strip", "drop", "delete", "kill", "cut"]) {
        return;
    }
    // "cut the audio at the beep", "the soundless bit at the end" of a
    // sound file: a part of it, never all its sound.
    if c.sounds_only() && c.times(false).is_empty() {
        return;
    }
    // "I don't need stereo sound": the channels, not the sound.
    if c.has(&["stereo"]) && !c.has(&["mute", "silent", "muted"]) {
        return;
    }
    // "the talks were too silent": too quiet, a level (read as one).
    if c.is(i, &["silent"]) && c.is(i.wrapping_sub(1), &["too", "so", "very", "really", "way"]) {
        return;
    }
    // "the first 3 seconds are silent": a part described; "add silence":
    // sound added, not taken away.
    let described = c.is(i, &["silent", "silence"])
        && (c.is(
            i.wrapping_sub(1),
            &["is", "are", "was", "were", "just", "only", "pure"],
        ) || c.has(&["add", "insert", "append", "prepend", "pad"]));
    // "no issues with audio": the sound is fine, not unwanted.
    let fine = sound_fine(c, i);
    // "it has a long silence at the start": what the file has, a noun.
    // ("silence at the start and end", "split on silence": where it is.)
    let a_silence = c.is(i, &["silence"])
        && (c.is(
            i.wrapping_sub(1),
            &["a", "long", "some", "short", "of", "with", "on"],
        ) || c.is(i + 1, &["at", "in", "before", "after", "between"]));
    let missing = sound_missing(c, i);
    if missing {
        c.take_trig(i);
        c.take_all(&["sound", "audio"]);
        // ("... with ac3 audio plays without sound": the cause told with it.)
        let cause = c.has(&[
            "ac3", "eac3", "dts", "truehd", "codec", "codecs", "format", "encoding",
        ]);
        if c.has(&["fix", "repair", "solve", "help", "why"]) || c.has_seq(&["on", "my"]) || cause {
            out.push((i, Intent::Compatible));
        }
        return;
    }
    // "discards these silent sections", "detects silence at the start":
    // parts that are silent, found or cut, not the sound taken away.
    let parts = c.is(i, &["silent", "silence"])
        && (c.is(
            i + 1,
            &[
                "sections", "section", "parts", "part", "bits", "segments", "periods", "gaps",
            ],
        ) || c.is(i.wrapping_sub(1), &["detect", "find", "detection"]));
    if described || fine || a_silence || parts {
        // "strip the audio track (even though it is silent)": the silence
        // told, the removal asked elsewhere.
        let asked = c
            .near(REMOVE, &["audio", "sound", "track", "soundtrack"], 3)
            .is_some_and(|j| j != i);
        if asked && c.is(i, &["silent", "silence"]) {
            c.take(i);
            recognize(c, out);
        }
        return;
    }
    // "cut the audio from the video", "an audio version": take it, not lose it.
    // ("take the audio out as mp3": kept, as a sound file.)
    let as_sound = (0..c.toks.len()).any(|k| {
        c.is(k, &["as", "to", "into"])
            && (k + 1..(k + 3).min(c.toks.len())).any(|j| {
                matches!(
                    c.w(j).and_then(crate::planner::lexicon::format_word),
                    Some(crate::planner::lexicon::FormatWord::Writable(f)) if f.is_audio()
                )
            })
    });
    let taking = c.is(i, &["cut", "take", "rip", "pull", "copy", "get"])
        && (c.has(&["from", "version", "separately"]) || as_sound);
    if taking || c.has(&["version"]) && !c.has(&["without", "no", "mute", "silent", "muted"]) {
        return;
    }
    if c.has(&["only", "just"])
        && !c.is(i, &["only", "just"])
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
    out.push((i, Intent::Op(RemoveAudio {}.into())));
}

/// "I don't want any sound", "it should not have audio": audio not wanted,
/// said with a negation.
pub(super) fn unwanted(c: &mut Clause, out: &mut Found) -> bool {
    let Some(i) = c.find(&["audio", "sound", "sounds", "music"]) else {
        return false;
    };
    // The wish negated: "I don't want sound", "it should not have any
    // audio" (not "you can't alter the sound level, so I have to ...").
    let wanting = (0..c.toks.len()).any(|k| {
        (c.is(k, &["want", "need", "have", "include", "keep", "play"])
            // ("don't use any audio"; not "why not use it here too?".)
            || c.is(k, &["use"])
                && (k + 1..(k + 3).min(c.toks.len()))
                    .any(|j| c.is(j, &["audio", "sound", "sounds", "music"])))
            && (k.saturating_sub(3)..k).any(|n| c.is(n, &["not", "no", "never"]))
    });
    if !wanting
        || c.has(&[
            "only", "just", "louder", "quieter", "volume", "level", "levels", "low", "quiet",
        ])
    {
        return false;
    }
    // "you don't need stereo sound for podcasting": the channels.
    if c.has(&["stereo", "surround"]) {
        return false;
    }
    // ("I dont want my users to upload very long audio files": files of
    // sound, not a track of one.)
    if c.is(i + 1, &["file", "files", "recording", "recordings"]) {
        return false;
    }
    // "I don't want to lose the audio", "... to give up the lovely audio
    // tracks": the loss is what is not wanted; the sound stays.
    let kept = (0..i).any(|k| {
        c.is(k, REMOVE) && !c.is(k, &["no", "without"])
            || c.is(k, &["give"]) && c.is(k + 1, &["up"])
    });
    if kept {
        c.take_trig(i);
        return true;
    }
    c.take_trig(i);
    out.push((i, Intent::Op(RemoveAudio {}.into())));
    true
}

/// "my video has no sound on my iPhone, can you fix it?", "the video plays
/// without sound": sound that does not play, a file to make playable (`i`
/// at the trigger).
fn sound_missing(c: &Clause, i: usize) -> bool {
    (c.is(i, &["no"])
        && c.is(
            i.wrapping_sub(1),
            &[
                "has", "have", "had", "plays", "play", "played", "with", "but", "get", "got",
                "hear",
            ],
        )
        || c.is(i, &["without"])
            && c.is(i.wrapping_sub(1), &["plays", "play", "played", "playing"]))
        && c.is(i + 1, &["sound", "audio"])
        && !c.has(&["want", "need", "should", "must", "make", "remove"])
        && !made_without(c, i)
}

/// "convert it to mp4 with no audio", "an mp4 with no sound": the file
/// asked for, made without its sound (an imperative, or a format named,
/// before "with").
fn made_without(c: &Clause, i: usize) -> bool {
    let imperative = c
        .w(0)
        .is_some_and(|w| w == "please" || crate::planner::lexicon::discourse::VERBS.contains(&w));
    let format = c
        .w(i.wrapping_sub(2))
        .and_then(crate::planner::lexicon::format_word)
        .is_some();
    c.is(i.wrapping_sub(1), &["with"]) && (imperative || format)
}
