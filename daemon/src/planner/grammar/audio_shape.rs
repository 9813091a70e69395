//! `audio_settings`: channels, bitrate and sample rate ("mono", "128 kbps",
//! "44.1 kHz"), of an audio file, of a video's sound, or of audio taken
//! out of a video.

use super::{Clause, Found, Intent};
use crate::media::ops::Format;
use crate::planner::lexicon::{format_word, FormatWord};
use crate::planner::tokens::{Unit, T};

/// Words that say the audio, not the picture, is meant.
const AUDIO_WORDS: &[&str] = &[
    "audio", "bitrate", "bit", "mp3", "aac", "m4a", "ogg", "opus", "sound", "kbps", "podcast",
    "music", "song", "voice", "wav", "flac",
];

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let channels = channels(c);
    let mut bitrate = bitrate(c);
    let rate = sample_rate(c);
    // "a lower bitrate than the default 192 kbps": a bound, not the value.
    if let Some((j, _)) = bitrate.filter(|&(j, _)| {
        (j.saturating_sub(3)..j).any(|k| c.is(k, &["than"]))
            && c.has(&["lower", "less", "smaller", "higher", "more", "bigger", "better"])
            // ("no more than 128 kbps": at most that, the value to use.)
            && !c.has(&["no", "not"])
    }) {
        c.take(j);
        bitrate = None;
        if channels.is_none() && rate.is_none() {
            c.take_all(&["bitrate", "kbps"]);
            let what = "say the bitrate, e.g. \"96 kbps\"".into();
            out.push((
                j,
                Intent::Vague {
                    op: "audio_settings",
                    what,
                },
            ));
            return;
        }
    }
    let at = [channels, bitrate, rate]
        .iter()
        .flatten()
        .map(|(i, _)| *i)
        .min();
    let Some(i) = at else { return };
    for (j, _) in bitrate.iter().chain(rate.iter()) {
        c.take(*j);
    }
    c.take_all(&[
        "mono",
        "stereo",
        "channel",
        "channels",
        "bitrate",
        "bit",
        "rate",
        "sample",
        "sampling",
        "samplerate",
        "downmix",
        "kbps",
        "hz",
        "khz",
    ]);
    let to = audio_format(c);
    // "alac in mono": the settings, and Apple Lossless (which has no
    // bitrate).
    let alac = to.filter(|&(j, f)| super::convert::apple_lossless(c, FormatWord::Writable(f), j));
    if let Some((j, _)) = alac {
        c.take_all(&["lossless", "losslessly"]);
        if channels.is_some() || rate.is_some() {
            let shape = Intent::AudioShape {
                channels: channels.map(|c| c.1),
                bitrate_kbps: None,
                sample_rate: rate.map(|r| r.1),
                to: None,
            };
            out.push((i, shape));
        }
        out.push((j, Intent::Op(super::convert::alac().into())));
        return;
    }
    out.push((
        i,
        Intent::AudioShape {
            channels: channels.map(|c| c.1),
            bitrate_kbps: bitrate.map(|b| b.1),
            sample_rate: rate.map(|r| r.1),
            to: to.map(|t| t.1),
        },
    ));
}

/// "you don't need stereo sound for podcasting": one channel is enough.
pub(super) fn stereo_unneeded(c: &mut Clause, out: &mut Found) -> bool {
    let Some((i, 1)) = channels(c) else {
        return false;
    };
    if !c.is(i, &["stereo"]) || !c.has(&["need", "want", "use", "necessary", "required"]) {
        return false;
    }
    c.take_all(&["stereo", "sound", "audio"]);
    out.push((i, mono()));
    true
}

/// "the audio only comes through the left channel", "my voice is only in the
/// left ear": one side is silent, and mono plays the side there is on both
/// (a file that is mono already is made stereo when reconciled).
pub(super) fn one_side(c: &mut Clause, out: &mut Found) {
    if out
        .iter()
        .any(|(_, i)| matches!(i, Intent::AudioShape { .. }))
    {
        return;
    }
    let Some(i) = c.find(&["left", "right"]) else {
        return;
    };
    let side = (i + 1..(i + 3).min(c.toks.len())).any(|k| {
        c.is(
            k,
            &["channel", "channels", "ear", "speaker", "side", "headphone"],
        )
    });
    // ("the left and right channels": both sides named, a layout told.)
    let both = c.has(&["left"]) && c.has(&["right"]);
    if !side || both || !c.has(&["only", "just", "pan", "panned"]) {
        return;
    }
    c.take(i);
    // ("only has audio on the left": no sound taken out of it.)
    c.take_all(&[
        "channel", "channels", "ear", "speaker", "side", "only", "just", "audio", "sound",
    ]);
    out.push((i, mono()));
}

/// One channel, nothing else set.
fn mono() -> Intent {
    Intent::AudioShape {
        channels: Some(1),
        bitrate_kbps: None,
        sample_rate: None,
        to: None,
    }
}

/// "Channels: 2", "audio channels 1": the count after the word.
fn counted(c: &Clause, n: f64) -> Option<usize> {
    let colon = |k: usize| c.toks.get(k).is_some_and(|t| t.orig == ":");
    (0..c.toks.len()).find(|&k| {
        c.is(k, &["channels"])
            && (c.num_at(k + 1) == Some(n) || colon(k + 1) && c.num_at(k + 2) == Some(n))
    })
}

/// Mono or stereo: the one asked for, not the one the file has.
fn channels(c: &Clause) -> Option<(usize, u32)> {
    let mono = c
        .find(&["mono", "downmix", "monaural"])
        .or_else(|| c.seq(&["single", "channel"]))
        .or_else(|| c.seq(&["one", "channel"]))
        .or_else(|| {
            (0..c.toks.len()).find(|&k| c.num_at(k) == Some(1.0) && c.is(k + 1, &["channel"]))
        })
        // "Channels: 1", a setting's name and its value.
        .or_else(|| counted(c, 1.0));
    // "my car stereo", "the stereo system": a player, not two channels.
    let stereo = c
        .find(&["stereo"])
        .filter(|&s| {
            !c.is(
                s.wrapping_sub(1),
                &["car", "home", "old", "my", "the", "hifi", "portable"],
            ) && !c.is(
                s + 1,
                &["system", "receiver", "player", "speaker", "speakers"],
            ) || c.is(s.wrapping_sub(1), &["the"]) && c.is(s.wrapping_sub(2), &["to", "into", "in"])
        })
        .or_else(|| c.seq(&["two", "channels"]))
        .or_else(|| c.seq(&["2", "channels"]))
        // "downgrade 5.1 to 2 channel audio".
        .or_else(|| {
            (0..c.toks.len())
                .find(|&k| c.num_at(k) == Some(2.0) && c.is(k + 1, &["channel", "channels"]))
        })
        .or_else(|| c.seq(&["two", "channel"]))
        .or_else(|| counted(c, 2.0));
    // ("map the mono input to a stereo output": the one after "to".)
    let led = |s: usize| {
        c.is(s.wrapping_sub(1), &["to", "into", "as"])
            || c.is(s.wrapping_sub(1), &["a", "an"]) && c.is(s.wrapping_sub(2), &["to", "into"])
    };
    // "recorded in mono ... play on both sides": the mono told, both
    // sides asked.
    let both_sides = c.has(&["both"])
        && c.has(&[
            "side", "sides", "channel", "channels", "ear", "ears", "left", "right", "speakers",
        ]);
    // "downmix to 2.0", "downmix 5.1 to stereo": two channels kept; a
    // downmix of surround sound with no count said ends in stereo.
    // ("a 5.1 FLAC should be downmixed to the available stereo output".)
    let surround = c
        .toks
        .iter()
        .any(|t| matches!(t.t, T::Num(v) if v == 5.1 || v == 7.1))
        || c.is(mono.map_or(0, |m| m + 1), &["surround"]);
    let to_two = mono.filter(|&m| {
        c.is(m, &["downmix"])
            && ((m + 1..(m + 7).min(c.toks.len())).any(|k| {
                (k.saturating_sub(3)..k).any(|j| c.is(j, &["to", "into"]))
                    && (c.num_at(k) == Some(2.0) || c.is(k, &["stereo"]))
            }) || (surround || !c.has(&["stereo"])) && !c.has(&["mono", "monaural"]))
    });
    if let Some(m) = to_two {
        return Some((m, 2));
    }
    match (mono, stereo) {
        (Some(m), Some(s)) if led(s) && s > m => Some((s, 2)),
        // ("Recording Mode: Mono (audible in both ears)": mono is.)
        (Some(m), _)
            if both_sides
                && (c.is(m.wrapping_sub(1), &["in", "is", "was", "are", "were"])
                    || c.has(&["recorded", "recording"]) && !c.has(&["mode"])) =>
        {
            Some((m, 2))
        }
        (Some(m), _) => Some((m, 1)),
        (None, Some(s)) => {
            let away = c.has(&[
                "useless", "dump", "drop", "remove", "without", "no", "instead", "lose", "not",
            ]);
            Some((s, if away { 1 } else { 2 }))
        }
        (None, None) => None,
    }
}

/// A bitrate in kb/s: "128kbps", "320k mp3", "bitrate 192"; of two, the
/// one after "to".
fn bitrate(c: &Clause) -> Option<(usize, u32)> {
    // ("Stereo at 128K" of a song: kb/s; "16k" there is a sample rate.)
    let sound_file = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_audio());
    let audio = c.has(AUDIO_WORDS)
        || (c.has(&["stereo", "mono"]) || sound_file)
            && c.qtys(Unit::K).iter().all(|&(_, v)| v >= 32.0);
    let mut found: Vec<(usize, f64)> = c
        .toks
        .iter()
        .enumerate()
        .filter(|(i, _)| !c.used[*i])
        .filter_map(|(i, t)| match t.t {
            // ("with 1mbit/s internet speed": a connection's rate.)
            T::Qty(v, Unit::Kbps)
                if !c.is(
                    i + 1,
                    &[
                        "internet",
                        "connection",
                        "network",
                        "upload",
                        "download",
                        "wifi",
                        "line",
                    ],
                ) =>
            {
                Some((i, v))
            }
            T::Qty(v, Unit::K)
                if audio
                    && (8.0..=512.0).contains(&v)
                    && !rate_in_k(c, v)
                    && !sampling(c, i)
                    && !rate_changed_from(c, i) =>
            {
                Some((i, v))
            }
            // "the video bitrate to 1500k": a video's rate (planned as a size).
            T::Qty(v, Unit::K) if c.has(&["bitrate"]) && (513.0..=100_000.0).contains(&v) => {
                Some((i, v))
            }
            _ => None,
        })
        .collect();
    // "to 128/192kbps": the unit said once for both.
    let shared: Vec<(usize, f64)> = found
        .iter()
        .filter(|&&(i, _)| matches!(c.toks[i].t, T::Qty(_, Unit::Kbps)))
        .filter_map(|&(i, _)| {
            let j = i.checked_sub(2)?;
            let v = c.num_at(j).filter(|v| (8.0..=512.0).contains(v))?;
            (c.is(i - 1, &["or"]) && !c.used[j]).then_some((j, v))
        })
        .collect();
    found.extend(shared);
    found.sort_by_key(|&(i, _)| i);
    if found.is_empty() {
        // "convert to 320 mp3": a usual rate said before the format.
        found.extend((0..c.toks.len()).filter_map(|i| match c.toks[i].t {
            T::Num(v)
                if !c.used[i]
                    && [96.0, 128.0, 160.0, 192.0, 224.0, 256.0, 320.0].contains(&v)
                    && (c.is(i + 1, &["mp3", "mp3s", "aac", "ogg", "opus", "m4a"])
                        // "make it an mp3 at 320".
                        || c.is(i.wrapping_sub(1), &["at", "@"])
                            && c.is(i.wrapping_sub(2), &["mp3", "mp3s", "aac", "ogg", "opus", "m4a"])) =>
            {
                Some((i, v))
            }
            _ => None,
        }));
    }
    if found.is_empty() {
        // "bitrate 192", "bitrate from 320 to 128" (the one after "to").
        if let Some(b) = c.find(&["bitrate"]) {
            // ("from whatever bitrate to 16-bit": a bit depth, no bitrate.)
            let first = c
                .num_after(b, 3)
                .filter(|(j, v)| (8.0..=512.0).contains(v) && !c.is(j + 1, &["bit"]));
            let then = first.and_then(|(j, _)| {
                c.num_after(j, 2)
                    .filter(|(k, v)| c.is(k - 1, &["to"]) && (8.0..=512.0).contains(v))
            });
            found.extend(first.into_iter().chain(then));
        }
    }
    pick(c, &found).map(|(i, v)| (i, v.round() as u32))
}

/// A sample rate in Hz: "44.1 kHz", "48000 Hz", "sample rate 22050".
fn sample_rate(c: &Clause) -> Option<(usize, u32)> {
    let mut found: Vec<(usize, f64)> = c
        .qtys(Unit::Hz)
        .into_iter()
        .filter(|(_, v)| *v >= 4000.0)
        .collect();
    if found.is_empty() {
        // "44k sampling" ("Bit Rate: 256k Sample Encoding" is no rate).
        found.extend(
            c.qtys(Unit::K)
                .into_iter()
                .filter(|&(j, v)| sampling(c, j) && (8.0..=192.0).contains(&v))
                .map(|(j, v)| (j, v * 1000.0)),
        );
    }
    if found.is_empty() {
        // "mono and 16k": a sample rate said in thousands.
        found.extend(
            c.qtys(Unit::K)
                .into_iter()
                .filter(|(_, v)| rate_in_k(c, *v))
                .map(|(j, v)| (j, v * 1000.0)),
        );
    }
    if found.is_empty() {
        // "an mp3 file at 16000, 48kbps": a usual rate said bare, beside
        // other audio settings.
        // ("convert the wav to 48000", "resample it to 96000": a rate
        // led by "to", of sound.)
        const RATES: &[f64] = &[
            8000.0, 11025.0, 16000.0, 22050.0, 24000.0, 32000.0, 44100.0, 48000.0, 88200.0,
            96000.0, 176400.0, 192000.0,
        ];
        let beside = c.qty(Unit::Kbps).is_some() || c.has(&["mono", "stereo"]);
        let sound = (!c.sources.is_empty() && c.sources.iter().all(|f| f.is_audio())
            || c.has(AUDIO_WORDS)
            || c.has(&["resample"]))
            && !c.has(&["cut", "trim", "shorten"]);
        let led = |j: usize| c.is(j.wrapping_sub(1), &["to", "into", "at"]);
        found.extend((0..c.toks.len()).filter_map(|j| match c.toks[j].t {
            T::Num(v) if (beside || sound && led(j)) && RATES.contains(&v) => Some((j, v)),
            _ => None,
        }));
    }
    if found.is_empty() {
        let named = c
            .find(&["samplerate"])
            .or_else(|| c.seq(&["sample", "rate"]))
            .or_else(|| c.seq(&["sampling", "rate"]));
        // ("sample rate from 48000 to 44100": both, the one after "to" wanted.)
        if let Some(r) = named {
            found.extend(
                (r + 1..(r + 6).min(c.toks.len()))
                    .filter_map(|j| c.num_at(j).map(|v| (j, v)))
                    .map(|(j, v)| (j, if v < 200.0 { v * 1000.0 } else { v }))
                    .filter(|(_, v)| *v >= 4000.0),
            );
        }
    }
    // "tracks with higher sample rates (96kHz, 192kHz)", "files w/ sample
    // rates of 96 kHz": the rates the files have, not one to write.
    found.retain(|&(j, _)| {
        let before = |n: usize, ws: &[&str]| (j.saturating_sub(n)..j).any(|k| c.is(k, ws));
        let plural = (j.saturating_sub(4)..j)
            .any(|k| c.is(k, &["rate"]) && c.toks[k].orig.to_ascii_lowercase().ends_with('s'));
        !(before(8, &["higher", "above", "exceeding"]) && !before(8, &["to", "into"])
            || plural && before(6, &["with"]))
    });
    // "22khz", "44k": the usual rates said roughly (22050, 44100).
    pick(c, &found).map(|(i, v)| {
        let hz = match v.round() as u32 {
            11000 => 11025,
            22000 => 22050,
            44000 => 44100,
            88000 => 88200,
            hz => hz,
        };
        (i, hz)
    })
}

/// "sample rate from 90k to 44.1k", "from a 96k to a 44.1k sample rate":
/// the thousands at `i` are the rate changed from, no bitrate.
fn rate_changed_from(c: &Clause, i: usize) -> bool {
    (i + 1..(i + 3).min(c.toks.len())).any(|k| {
        c.is(k, &["to"])
            && (k + 1..(k + 4).min(c.toks.len())).any(|m| match c.toks[m].t {
                T::Qty(w, Unit::K) => rate_in_k(c, w),
                T::Qty(w, Unit::Hz) => w >= 4000.0,
                _ => false,
            })
    })
}

/// "44k sampling", "sampling 48k": thousands said of the sampling.
fn sampling(c: &Clause, j: usize) -> bool {
    // "change the sample rate to 48k", not "sample rate 44.1k, bitrate 48k".
    let named_before = (j.saturating_sub(4)..j).any(|k| {
        c.is(k, &["rate"])
            && c.is(k.wrapping_sub(1), &["sample", "sampling"])
            && !(k + 1..j).any(|m| c.is(m, &["bitrate", "bit", "kbps"]))
    });
    c.is(j + 1, &["sampling", "sample", "samplerate"])
        || c.is(j.wrapping_sub(1), &["sampling", "samplerate"])
        || named_before
}

/// "16k", "44.1k" beside audio words and no bitrate: a sample rate.
fn rate_in_k(c: &Clause, v: f64) -> bool {
    const RATES: &[f64] = &[8.0, 11.025, 16.0, 22.05, 24.0, 44.1, 48.0];
    // "supports 44.1k 16bit stereo": no bitrate is a fraction of a kb/s.
    const FRACTIONAL: &[f64] = &[11.025, 22.05, 44.1, 88.2];
    if FRACTIONAL.iter().any(|r| (v - r).abs() < 1e-6) {
        return true;
    }
    RATES.iter().any(|r| (v - r).abs() < 1e-6)
        && c.has(AUDIO_WORDS)
        && !c.has(&[
            "bitrate", "bit", "kbps", "quality", "mp3", "aac", "opus", "ogg", "m4a",
        ])
}

/// Of several values, the one after "to" ("from 196 to 128", "resample
/// them to 16-bit/48kHz", "as low as 8000"), else the first.
fn pick(c: &Clause, found: &[(usize, f64)]) -> Option<(usize, f64)> {
    let led = |i: usize| {
        c.is(i.wrapping_sub(1), &["to", "into", "at"])
            || (i.saturating_sub(4)..i)
                .any(|k| c.is(k, &["to", "into"]) && !found.iter().any(|&(m, _)| k < m && m < i))
            || c.is(i.wrapping_sub(1), &["as"]) && c.is(i.wrapping_sub(2), &["low", "high"])
    };
    found
        .iter()
        .find(|(i, _)| led(*i))
        .or(found.first())
        .copied()
}

/// An audio format named with the settings ("a mono wav"), and where.
fn audio_format(c: &mut Clause) -> Option<(usize, Format)> {
    let (j, f) = (0..c.toks.len()).find_map(|j| match c.w(j).and_then(format_word) {
        Some(FormatWord::Writable(f)) if f.is_audio() && !c.used[j] => Some((j, f)),
        _ => None,
    })?;
    c.take(j);
    // "set the audio to 48 kHz aac" of an mp4: the codec its sound already
    // has, inside the video, not an audio file.
    let inside = c.is(j, &["aac"])
        && c.sources
            .iter()
            .any(|s| matches!(s, Format::Mp4 | Format::Mov | Format::Mkv))
        && c.has(&["audio", "sound", "track"])
        && !c.has(&[
            "extract",
            "only",
            "just",
            "file",
            "separate",
            "separately",
            "rip",
            "podcast",
        ]);
    (!inside).then_some((j, f))
}
