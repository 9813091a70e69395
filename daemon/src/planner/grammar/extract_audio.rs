//! `extract_audio`: the audio alone ("extract the audio", "audio only as wav").

use super::{Clause, Found, Intent};
use crate::planner::lexicon::{format_word, FormatWord};

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
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
    let trig = c
        .near(
            &[
                "extract", "rip", "pull", "separate", "isolate", "only", "just", "save", "export",
                "keep", "get", "grab", "take", "give", "want", "download",
            ],
            audio_word,
            3,
        )
        .or_else(|| c.near(&["as", "into", "to"], &["audio", "sound"], 2))
        .or_else(|| c.near(&["audio", "sound", "music"], &["only", "alone"], 2))
        .or_else(|| {
            c.near(
                &[
                    "remove", "drop", "no", "without", "strip", "discard", "lose",
                ],
                &["video", "picture", "image", "visuals", "visual", "pictures"],
                3,
            )
            .filter(|_| {
                c.has(&["audio", "sound", "keep", "only", "just"]) || c.has(&["video", "visuals"])
            })
        });
    let Some(i) = trig else { return };
    if c.used[i] {
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
    out.push((i, Intent::AudioOnly(fmt.map(|f| f.1))));
}
