//! Formats asked and formats told: the format that plays, FLAC or a more
//! compact format standing for the compression, formats kiln cannot write
//! named beside ones it can or where the file has them, HEIC made JPEG.

use crate::media::ops::{FileFacts, Format, Operation};
use crate::planner::grammar::Intent;
use crate::planner::lexicon::format_word;
use crate::planner::tokens::Tok;

/// "convert to WebP, this format is used on mobile and the web", "as mp4 so
/// my TV plays it": the format named is the one that plays.
pub(super) fn format_named_plays(
    intents: Vec<(usize, Intent)>,
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    // (A format the file has already is no answer: "it converts MP3 to M4B,
    // not back; my headset doesn't take M4B".)
    let named = intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::ConvertTo {
                to: crate::planner::lexicon::FormatWord::Writable(f),
                ..
            } if inputs.iter().all(|x| x.format != *f)
        )
    });
    // "my tracks don't play in stereo, only if I convert them to mono": the
    // step said is what makes it play.
    let stepped = intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::Op(_) | Intent::AudioShape { .. } | Intent::Codec { .. }
        )
    });
    intents
        .into_iter()
        .filter(|(_, i)| !((named || stepped) && matches!(i, Intent::Compatible)))
        .collect()
}

/// "FLAC, which is lossless but compressed", "still FLAC with no
/// compression": a FLAC is the compression; no lossy step beside it.
pub(super) fn flac_compresses(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use crate::media::ops::Format;
    use crate::planner::lexicon::FormatWord;
    let flac = intents.iter().any(|(_, i)| match i {
        Intent::ConvertTo { to, .. } => *to == FormatWord::Writable(Format::Flac),
        Intent::AudioShape { to, .. } => *to == Some(Format::Flac),
        _ => false,
    });
    intents
        .into_iter()
        .filter(|(_, i)| !(flac && plain_smaller(i)))
        .collect()
}

/// A smaller file asked without a size: "compress it", "lossless but
/// compressed", "save 50-90% of the space".
fn plain_smaller(i: &Intent) -> bool {
    matches!(i, Intent::Op(Operation::Compress(c)) | Intent::Default(Operation::Compress(c)) if c.target_mb.is_none())
        || matches!(i, Intent::Optimize | Intent::SizeShare(_))
}

/// "WAV takes up a lot of space ... record as MP3", "shrink the GIF to an
/// MP4", "PNG has far better compression than TIFF": a conversion to a more
/// compact format is the compression asked; no second lossy pass.
pub(super) fn conversion_compresses(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    use crate::media::ops::VideoCodec;
    use crate::planner::lexicon::FormatWord;
    let Some(from) = inputs.first().map(|f| f.format) else {
        return intents;
    };
    let compact = |to: Format| match from {
        Format::Wav => matches!(
            to,
            Format::Mp3 | Format::M4a | Format::M4b | Format::Ogg | Format::Opus | Format::Flac
        ),
        Format::Flac => matches!(
            to,
            Format::Mp3 | Format::M4a | Format::M4b | Format::Ogg | Format::Opus
        ),
        Format::M4a => matches!(to, Format::Mp3 | Format::Ogg | Format::Opus | Format::M4b),
        Format::Tiff | Format::Bmp => {
            matches!(to, Format::Png | Format::Jpeg | Format::Webp | Format::Avif)
        }
        Format::Png | Format::Jpeg => {
            matches!(to, Format::Jpeg | Format::Webp | Format::Avif) && to != from
        }
        Format::Gif => matches!(to, Format::Mp4 | Format::Webm | Format::Mov | Format::Mkv),
        _ => false,
    };
    let converts = intents.iter().any(|(_, i)| match i {
        Intent::ConvertTo {
            to: FormatWord::Writable(to),
            ..
        } => compact(*to),
        Intent::AudioShape { to: Some(to), .. } => compact(*to),
        Intent::Codec { codec, .. } => {
            matches!(codec, VideoCodec::Hevc | VideoCodec::Av1 | VideoCodec::Vp9)
        }
        // "cut an audio version ... compress and normalize": the sound alone
        // of a video is the smaller file.
        Intent::AudioOnly(_) => from.kind() == crate::media::ops::MediaKind::Video,
        _ => false,
    });
    let audio_only = intents
        .iter()
        .any(|(_, i)| matches!(i, Intent::AudioOnly(_)));
    // "compress it with H.265", "compress to hevc": the codec named is how.
    let codecs: Vec<usize> = intents
        .iter()
        .filter(|(_, i)| matches!(i, Intent::Codec { .. }))
        .map(|(k, _)| *k)
        .collect();
    let by_codec = |at: usize| codecs.iter().any(|&k| k > at && k <= at + 8);
    intents
        .into_iter()
        .filter(|(at, i)| {
            !(converts
                && plain_smaller(i)
                && (!compress_said(toks, *at, audio_only) || by_codec(*at)))
        })
        .collect()
}

/// "convert these to .jpg and compress them": a compression asked in so
/// many words, not the purpose of the conversion ("to compress it"), nor
/// made by it ("shrink the GIF to an MP4", "an audio version ... compress").
fn compress_said(toks: &[Tok], at: usize, audio_only: bool) -> bool {
    let near = &toks[(at + 1).min(toks.len())..(at + 9).min(toks.len())];
    let to_format = near.windows(2).chain(near.windows(3)).any(|w| {
        w[0].is_any(&["to", "into", "as"])
            && w[1..]
                .iter()
                .any(|t| t.word().is_some_and(|x| format_word(x).is_some()))
    });
    let compress = toks.get(at).is_some_and(|t| {
        matches!(
            t.orig.to_lowercase().as_str(),
            "compress" | "shrink" | "squeeze"
        )
    });
    !audio_only
        && !to_format
        && (compress || made_smaller(toks, at))
        && (at == 0 || !toks[at - 1].is_any(&["to"]))
}

/// "convert it to jpg and make it smaller": a smaller file asked as a step
/// of its own, not as what the conversion is for.
pub(super) fn made_smaller(toks: &[Tok], at: usize) -> bool {
    at >= 3
        && toks.get(at).is_some_and(|t| t.is_any(&["smaller"]))
        && toks[at - 1].is_any(&["it", "them"])
        && toks[at - 2].is_any(&["make"])
        && toks[at - 3].is_any(&["and", "also", "then"])
}

/// "it transforms gifs to webm and mpeg; is there a way to make webms back
/// to gifs?": a format kiln can't write, named beside one it can make, is
/// not what is asked.
pub(super) fn writable_wins(intents: Vec<(usize, Intent)>) -> Vec<(usize, Intent)> {
    use crate::planner::lexicon::FormatWord;
    let writable = intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::ConvertTo {
                to: FormatWord::Writable(_),
                ..
            } | Intent::Gif { .. }
        )
    });
    intents
        .into_iter()
        .filter(|(_, i)| {
            !(writable
                && matches!(
                    i,
                    Intent::ConvertTo {
                        to: FormatWord::Unwritable(_),
                        ..
                    }
                ))
        })
        .collect()
}

/// "it uploads using a .HEIC file extension, which is poorly supported": a
/// format kiln cannot write (or an old one the file is in), named where
/// the file has it, is the file's.
pub(super) fn source_format_named(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    use crate::planner::lexicon::FormatWord;
    if intents.is_empty() {
        return intents;
    }
    // ("my recordings are in mpeg format" of clip.mpg: its own, as read.)
    let own = |name: &str| {
        inputs.iter().any(|f| {
            let ext = f.name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            f.format.extension().eq_ignore_ascii_case(name)
                || matches!(
                    ext.as_deref().and_then(crate::planner::lexicon::format_word),
                    Some(FormatWord::Unwritable(n)) if n == name
                )
        })
    };
    // ("the camera records AVI files" of an AVI: an old format it has.)
    let own_old = |f: Format| {
        f.is_legacy_video() && !inputs.is_empty() && inputs.iter().all(|x| x.format == f)
    };
    // ("upload a WebM video ... fails" of a WebM: the format it has, told;
    // not "convert it to jpg" of a JPEG, nor "to jpg, then png" of a PNG.)
    let first_other = intents.iter().position(|(_, i)| {
        matches!(i, Intent::ConvertTo { to: FormatWord::Writable(f), .. }
            if !inputs.iter().all(|x| x.format == *f))
    });
    let described = |k: usize, at: usize, f: Format| {
        !inputs.is_empty()
            && inputs.iter().all(|x| x.format == f)
            && first_other.is_none_or(|o| o > k)
            && !(at.saturating_sub(2)..at).any(|j| toks[j].is_any(&["to", "into", "as"]))
    };
    // ("the audio is DTS": what a stream is, told.)
    let is_said = |at: usize| at > 0 && toks[at - 1].is_any(&["is", "are", "was", "were"]);
    let told = |k: usize, (at, i): &(usize, Intent)| match i {
        Intent::ConvertTo {
            to: FormatWord::Unwritable(n),
            ..
        } => own(n) || is_said(*at),
        Intent::ConvertTo {
            to: FormatWord::Writable(f),
            quality: None,
        } => own_old(*f) || described(k, *at, *f),
        _ => false,
    };
    let kept: Vec<(usize, Intent)> = intents
        .iter()
        .enumerate()
        .filter(|(k, x)| !told(*k, x))
        .map(|(_, x)| x.clone())
        .collect();
    // ("upload .avi files ... add .avi files": one format, however often
    // named.)
    let alone = intents.iter().all(|(_, i)| {
        matches!((i, &intents[0].1), (
            Intent::ConvertTo { to: a, .. },
            Intent::ConvertTo { to: b, .. },
        ) if a == b)
    });
    // (Named alone, and said poorly supported: made a format that plays.)
    let unsupported = kept.is_empty()
        && alone
        && toks.iter().any(|t| {
            t.is_any(&[
                "supported",
                "support",
                "compatible",
                "open",
                "opens",
                "play",
                "plays",
            ])
        });
    // (Named alone, asked nothing else of: made the format every device
    // opens.)
    let usual = inputs.first().and_then(usual_format);
    match (kept.is_empty(), unsupported, usual) {
        (false, _, _) => kept,
        (true, true, _) => vec![(intents[0].0, Intent::Compatible)],
        (true, false, Some(to)) if alone => vec![(
            intents[0].0,
            Intent::ConvertTo {
                to: FormatWord::Writable(to),
                quality: None,
            },
        )],
        (true, false, _) => intents,
    }
}

/// "my camera only records h265, which browsers won't play", "when I play
/// the movies in hevc": the codec the files already have is told, not
/// asked (encoding a file again in its own codec changes nothing asked).
pub(super) fn own_codec_named(
    intents: Vec<(usize, Intent)>,
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let own = |c: crate::media::ops::VideoCodec| {
        !inputs.is_empty()
            && inputs
                .iter()
                .all(|f| f.video_codec.as_deref() == Some(c.probe_name()))
    };
    let told = |i: &Intent| matches!(i, Intent::Codec { codec, to: None } if own(*codec));
    if !intents.iter().any(|(_, i)| told(i)) {
        return intents;
    }
    let kept: Vec<(usize, Intent)> = intents.iter().filter(|(_, i)| !told(i)).cloned().collect();
    // (Told alone: a codec that plays everywhere is made.)
    if kept.is_empty() {
        vec![(intents[0].0, Intent::Compatible)]
    } else {
        kept
    }
}

/// The format every device opens, for a file in a format fewer things open:
/// a photo from an iPhone to JPEG, other pictures to PNG, videos to MP4
/// (H.264), sound to MP3. `None` for files already in it.
fn usual_format(f: &FileFacts) -> Option<Format> {
    use crate::media::ops::MediaKind;
    Some(match (f.format, f.format.kind()) {
        (Format::Heic | Format::Avif, _) => Format::Jpeg,
        (Format::Webp | Format::Bmp | Format::Tiff, _) => Format::Png,
        (
            Format::Mov | Format::Mkv | Format::Webm | Format::Avi | Format::Mpeg | Format::Wmv,
            _,
        )
        | (Format::Other, MediaKind::Video) => Format::Mp4,
        (
            Format::Wav
            | Format::Aiff
            | Format::Flac
            | Format::Ogg
            | Format::Opus
            | Format::M4a
            | Format::M4b,
            _,
        )
        | (Format::Other, MediaKind::Audio) => Format::Mp3,
        _ => return None,
    })
}

/// "support for converting" HEIC photos, "convert the footage first" of an
/// AVI: a conversion asked with no format, to the one every device opens.
pub(super) fn usual_target(
    intents: Vec<(usize, Intent)>,
    inputs: &[FileFacts],
) -> Vec<(usize, Intent)> {
    let usual = inputs
        .first()
        .and_then(usual_format)
        .filter(|u| inputs.iter().all(|f| usual_format(f).as_ref() == Some(u)));
    // ("HEVC files my Mac is not happy with ... converting them to
    // something the system is happy with": H.264, which every device
    // plays; H.264 in another container only changes container.)
    let encoded_again = usual == Some(Format::Mp4)
        && inputs
            .iter()
            .any(|f| f.video_codec.as_deref().is_some_and(|c| c != "h264"));
    intents
        .into_iter()
        .map(|(at, i)| match (i, usual) {
            (Intent::Vague { op: "convert", .. }, Some(_)) if encoded_again => {
                (at, Intent::Compatible)
            }
            (Intent::Vague { op: "convert", .. }, Some(to)) => (
                at,
                Intent::ConvertTo {
                    to: crate::planner::lexicon::FormatWord::Writable(to),
                    quality: None,
                },
            ),
            (other, _) => (at, other),
        })
        .collect()
}

/// "on sharing the video over whatsapp, I get \"Can't send this video\"",
/// "the video message is not sent": an app that refuses a file, with no
/// word of its size, refuses what the file is; it is made into a file
/// every device plays, not squeezed under the app's limit.
pub(super) fn refused_not_too_big(
    intents: Vec<(usize, Intent)>,
    toks: &[Tok],
) -> Vec<(usize, Intent)> {
    use crate::planner::tokens::{Unit, T};
    let app_limit =
        |i: &Intent| matches!(i, Intent::Default(Operation::Compress(c)) if c.target_mb.is_some());
    if !intents.iter().any(|(_, i)| app_limit(i)) {
        return intents;
    }
    let mut words: Vec<String> = Vec::new();
    for t in toks {
        match &t.t {
            T::Word(w) => words.push(w.clone()),
            T::Quote(q) => words.extend(
                q.to_lowercase()
                    .split(|ch: char| !ch.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            ),
            T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb) => return intents,
            _ => {}
        }
    }
    const SIZE: &[&str] = &[
        "size",
        "filesize",
        "big",
        "bigger",
        "large",
        "larger",
        "huge",
        "heavy",
        "small",
        "smaller",
        "limit",
        "compress",
        "compressed",
        "shrink",
        "reduce",
        "long",
        "longer",
        "length",
        "quality",
        "weigh",
        "mb",
        "kb",
        "gb",
        "megabytes",
        "bytes",
        "minutes",
    ];
    if words.iter().any(|w| SIZE.contains(&w.as_str())) {
        return intents;
    }
    let refused = words.iter().enumerate().any(|(k, w)| {
        w == "error"
            || matches!(
                w.as_str(),
                "send" | "sent" | "supported" | "play" | "upload"
            ) && words[k.saturating_sub(3)..k].iter().any(|n| {
                matches!(
                    n.as_str(),
                    "not" | "t" | "cant" | "cannot" | "unable" | "wont" | "doesnt"
                )
            })
    });
    if !refused {
        return intents;
    }
    intents
        .into_iter()
        .map(|(at, i)| {
            if app_limit(&i) {
                (at, Intent::Compatible)
            } else {
                (at, i)
            }
        })
        .collect()
}

/// Whether `f` is named as a source: "convert the wmv to mp4", "from MOV
/// files into MP4".
pub(super) fn converted_from(toks: &[Tok], f: Format) -> bool {
    use crate::planner::lexicon::{format_word, FormatWord};
    let is = |t: &Tok, f: Format| {
        t.word()
            .and_then(format_word)
            .is_some_and(|w| w == FormatWord::Writable(f))
    };
    let any_format = |t: &Tok| t.word().and_then(format_word).is_some();
    (0..toks.len()).any(|k| {
        if !is(&toks[k], f) {
            return false;
        }
        let mut j = k + 1;
        while toks
            .get(j)
            .is_some_and(|t| t.is_any(&["file", "files", "video", "videos", "format"]))
        {
            j += 1;
        }
        toks.get(j).is_some_and(|t| t.is_any(&["to", "into"]))
            && toks[j + 1..(j + 4).min(toks.len())]
                .iter()
                .any(|t| any_format(t) && !is(t, f))
    })
}
