//! Intents become a pipeline: each resolved against what the files are at
//! that point, steps named twice run once, adjustments merge, and the whole
//! is type-checked with [`check_pipeline`] before it is answered.

use super::grammar::Intent;
use super::lexicon::FormatWord;
use super::resolve::{resolve, round3};
use super::settle::settle;
use super::tokens::Tok;
use super::PlannedStep;
use crate::media::ops::{
    check_pipeline, Aspect, Convert, Crop, ExtractAudio, FileFacts, Format, MediaKind, Operation,
    Trim,
};

/// Why an understood request cannot be planned on these files.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Unplannable {
    /// It cannot be done: why.
    #[error("{0}")]
    Cannot(String),
    /// Something is missing: what to say.
    #[error("{0}")]
    Ask(String),
    /// Something kiln does not do, asked beside steps it does.
    #[error("kiln can't {0}")]
    Unsupported(String),
    /// The file is already what was asked: said, with no job.
    #[error("{0}")]
    Already(String),
}

impl Unplannable {
    pub fn new(why: impl Into<String>) -> Unplannable {
        Unplannable::Cannot(why.into())
    }

    pub fn ask(what: impl Into<String>) -> Unplannable {
        Unplannable::Ask(what.into())
    }
}

/// Turns intents (with the positions of their triggers in `toks`) into
/// operations, following what the files become.
pub fn build(
    inputs: &[FileFacts],
    intents: &[(usize, Intent)],
    toks: &[Tok],
) -> Result<Vec<Operation>, Unplannable> {
    let intents = combine(
        &own_trouble(audio_is_the_track(intents, inputs, toks), inputs, toks),
        inputs,
    );
    let mut p = Pipeline {
        steps: Vec::new(),
        current: inputs.to_vec(),
    };
    let several = intents.len() > 1;
    for (at, intent) in &intents {
        // "the sounds ripped at 22050 Hz" of an audio file: the rest is
        // what is asked.
        let audio = super::resolve::kind_of(&p.current) == crate::media::ops::MediaKind::Audio;
        if several && audio && matches!(intent, Intent::AudioOnly(None)) {
            continue;
        }
        for op in resolve(intent, &p.current, p.steps.is_empty())? {
            p.push(*at, op)?;
        }
    }
    let ops = lossless_last(audio_format_first(settle(p.steps, toks)?), inputs);
    let ops = copied_when_it_fits(ops, inputs, toks);
    if ops.is_empty() {
        if let Some(told) = no_sound_to_take(&intents, inputs, toks) {
            return Err(told);
        }
        return Err(Unplannable::new(match inputs {
            [one] => format!(
                "there is nothing to do: {} already is what was asked",
                one.name
            ),
            _ => "there is nothing to do: the files already are what was asked".into(),
        }));
    }
    Ok(ops)
}

/// "there seems to be no audio ... was it recorded without it?", "remove
/// the audio" of a video with no sound track: what the file is, told.
fn no_sound_to_take(
    intents: &[(usize, Intent)],
    inputs: &[FileFacts],
    toks: &[Tok],
) -> Option<Unplannable> {
    let [one] = inputs else { return None };
    // ("is there any possibility to add the audio after it has been saved?")
    let restored = toks
        .iter()
        .any(|t| t.is_any(&["add", "recover", "restore", "retrieve", "rescue"]));
    let muted = intents.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::Op(Operation::RemoveAudio(_)) | Intent::Default(Operation::RemoveAudio(_))
        )
    });
    (muted && one.kind == MediaKind::Video && !one.has_audio).then(|| {
        if restored {
            return Unplannable::Unsupported(format!(
                "bring back sound a file was saved without: {} has no audio track",
                one.name
            ));
        }
        Unplannable::Already(format!(
            "{} has no audio track: it was recorded or saved without sound, so there is no audio in it to remove, and none to bring back",
            one.name
        ))
    })
}

/// "H.264 MP4 with AAC audio", "Video: H264, 320 x 240, 15 FPS Audio: AAC,
/// Mono", "to an H265 MKV, Opus audio with 64kbps": said with what a video
/// should be, an audio format is the codec of its sound, not a sound file
/// to take out of it.
fn audio_is_the_track(
    intents: &[(usize, Intent)],
    inputs: &[FileFacts],
    toks: &[Tok],
) -> Vec<(usize, Intent)> {
    use crate::media::ops::MediaKind;
    let video = super::resolve::kind_of(inputs) == MediaKind::Video && !inputs.is_empty();
    // The audio formats said by their codec's name: AAC anywhere, the
    // others as a sound's ("Opus audio", "audio: MP3").
    let sound = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.is_any(&["audio", "sound", "track", "audiotrack", "soundtrack"]))
    };
    let track: Vec<Format> = toks
        .iter()
        .enumerate()
        .filter_map(|(k, t)| {
            let named = sound(k + 1) || k > 0 && sound(k - 1) || k > 1 && sound(k - 2);
            match t.word()? {
                "aac" => Some(Format::M4a),
                "opus" if named => Some(Format::Opus),
                "mp3" if named => Some(Format::Mp3),
                "vorbis" if named => Some(Format::Ogg),
                _ => None,
            }
        })
        .collect();
    let apart = toks.iter().any(|t| {
        t.is_any(&[
            "m4a",
            "extract",
            "only",
            "separate",
            "separately",
            "rip",
            "just",
        ])
    });
    let of_video = intents.iter().any(|(_, i)| match i {
        Intent::Codec { .. }
        | Intent::Op(Operation::Scale(_))
        | Intent::Op(Operation::ChangeFps(_)) => true,
        Intent::ConvertTo {
            to: FormatWord::Writable(f),
            ..
        } => f.is_video_container(),
        _ => false,
    });
    // ("mp4 h264 with aac audio" of an H.264 MP4: the video steps, the
    // file's own already, are gone; the video words are still said.)
    let video_said = toks.iter().any(|t| {
        t.word().is_some_and(|w| {
            super::lexicon::codec_word(w).is_some()
                || matches!(super::lexicon::format_word(w), Some(FormatWord::Writable(f)) if f.is_video_container())
        })
    });
    // (AAC only: a video written again keeps its sound as AAC.)
    let with_aac = track == [Format::M4a] && toks.iter().any(|t| t.is_any(&["with"]));
    let of_video = of_video || video_said && with_aac;
    let mut out = intents.to_vec();
    if !video || track.is_empty() || apart || !of_video {
        return out;
    }
    out.retain(|(_, i)| match i {
        Intent::ConvertTo {
            to: FormatWord::Writable(f),
            ..
        }
        | Intent::AudioOnly(Some(f)) => !track.contains(f),
        _ => true,
    });
    for (_, i) in &mut out {
        if let Intent::AudioShape { to, .. } = i {
            if to.is_some_and(|f| track.contains(&f)) {
                *to = None;
            }
        }
    }
    out
}

/// "take the audio, make it louder and save as wav": the audio is taken
/// out in the format it ends in, not first as mp3 and converted later.
fn audio_format_first(mut ops: Vec<Operation>) -> Vec<Operation> {
    let Some(x) = ops
        .iter()
        .position(|o| matches!(o, Operation::ExtractAudio(_)))
    else {
        return ops;
    };
    let later = (x + 1..ops.len()).find(|&k| {
        matches!(&ops[k], Operation::Convert(Convert { to, quality: None, codec: None, lossless: false }) if to.is_audio())
    });
    let Some(k) = later else { return ops };
    let plain_between = ops[x + 1..k].iter().all(|o| {
        !matches!(
            o,
            Operation::Convert(_)
                | Operation::ExtractAudio(_)
                | Operation::Compress(_)
                | Operation::AudioSettings(_)
        )
    });
    if plain_between {
        if let Operation::Convert(c) = ops.remove(k) {
            if let Operation::ExtractAudio(e) = &mut ops[x] {
                e.to = c.to;
            }
        }
    }
    ops
}

/// "convert to alac and normalize": steps after a lossless conversion
/// would write its M4A again, as AAC; the conversion is made last, where
/// the steps before it can take the file, so they work on the sound as it
/// is and what is written is Apple Lossless. A video's sound is taken out
/// as FLAC for them first (its pictures are not encoded for nothing).
fn lossless_last(ops: Vec<Operation>, inputs: &[FileFacts]) -> Vec<Operation> {
    let Some(k) = ops
        .iter()
        .position(|o| matches!(o, Operation::Convert(c) if c.lossless))
    else {
        return ops;
    };
    let keeps_format = ops[k + 1..].iter().all(|o| {
        !matches!(
            o,
            Operation::Convert(_) | Operation::ExtractAudio(_) | Operation::Remux(_)
        )
    });
    if k + 1 == ops.len() || !keeps_format {
        return ops;
    }
    let before = match k {
        0 => Some(inputs.to_vec()),
        _ => check_pipeline(inputs, &ops[..k])
            .ok()
            .and_then(|p| p.last().cloned()),
    };
    let Some(before) = before else { return ops };
    let video = before.first().is_some_and(|f| f.kind == MediaKind::Video);
    let mut moved = ops.clone();
    let convert = if video {
        std::mem::replace(&mut moved[k], ExtractAudio::to(Format::Flac).into())
    } else {
        moved.remove(k)
    };
    moved.push(convert);
    if check_pipeline(inputs, &moved).is_ok() {
        moved
    } else {
        ops
    }
}

/// "convert the mkv recordings to mp4": a Matroska (or MOV, or MPEG-TS)
/// file whose streams an MP4 holds as they are changes container only, and
/// so does an M4A asked as an M4B (or back): encoding again would take long
/// and lose quality for nothing.
fn copied_when_it_fits(ops: Vec<Operation>, inputs: &[FileFacts], toks: &[Tok]) -> Vec<Operation> {
    use crate::media::ops::Remux;
    let [Operation::Convert(c)] = ops.as_slice() else {
        return ops;
    };
    // "convert MKV to MP4 to reduce storage" wants it encoded again.
    // ("keeping the quality" asks for no loss: a copy.)
    let kept = |k: usize| {
        toks[k.saturating_sub(3)..k].iter().any(|t| {
            t.is_any(&[
                "alter",
                "altering",
                "keep",
                "keeping",
                "maintain",
                "maintaining",
                "preserve",
                "preserving",
                "same",
                "lose",
                "losing",
                "lossless",
            ])
        })
    };
    let smaller = toks.iter().enumerate().any(|(k, t)| {
        t.is_any(&[
            "reduce", "smaller", "size", "storage", "space", "shrink", "compress",
        ]) || t.is_any(&["quality"]) && !kept(k)
    });
    let plain = c.quality.is_none() && c.codec.is_none() && !c.lossless && !smaller;
    // (MOV and MPEG-TS too, of H.264: "convert the .ts to .mp4 while
    // keeping the quality"; their HEVC is encoded again, for the players
    // that cannot read it in an MP4.)
    let transport = |f: &FileFacts| {
        let name = f.name.to_ascii_lowercase();
        f.format == Format::Other && [".ts", ".mts", ".m2ts"].iter().any(|x| name.ends_with(x))
    };
    let fits = |f: &FileFacts| {
        let codecs: &[&str] = match f.format {
            Format::Mkv => &["h264", "hevc"],
            Format::Mov => &["h264"],
            _ if transport(f) => &["h264"],
            _ => &[],
        };
        f.video_codec
            .as_deref()
            .is_some_and(|v| codecs.contains(&v))
            && (!f.has_audio
                || f.audio_codec
                    .as_deref()
                    .is_some_and(|a| matches!(a, "aac" | "mp3" | "ac3" | "eac3")))
    };
    // "converts this files using MKVToolNix to mkv", "saved as mov": a
    // Matroska file holds any stream, a MOV those of an MP4.
    let held = |f: &FileFacts| match c.to {
        Format::Mp4 => fits(f),
        Format::Mkv => f.format != Format::Mkv && Remux::fits(Format::Mkv, f),
        Format::Mov => f.format == Format::Mp4 && Remux::fits(Format::Mov, f),
        // "convert the m4a to m4b": an audiobook is the same AAC, renamed.
        Format::M4a | Format::M4b => {
            f.kind == MediaKind::Audio
                && f.format != c.to
                && f.audio_codec
                    .as_deref()
                    .is_some_and(|a| matches!(a, "aac" | "alac"))
        }
        _ => false,
    };
    if plain && !inputs.is_empty() && inputs.iter().all(held) {
        vec![Remux { to: c.to }.into()]
    } else {
        ops
    }
}

/// "Find a way to display HEIC photos" of a HEIC: the file's own format,
/// which kiln does not write, is the trouble: a format that opens. "an
/// error when I upload from my iPhone" of a JPEG: a JPEG opens everywhere,
/// so the trouble is not its format (unless it is named: "my printer can't
/// open jpgs").
fn own_trouble(
    intents: Vec<(usize, Intent)>,
    inputs: &[FileFacts],
    toks: &[Tok],
) -> Vec<(usize, Intent)> {
    let own = |name: &str| {
        !inputs.is_empty()
            && inputs
                .iter()
                .all(|f| f.format.extension().eq_ignore_ascii_case(name))
    };
    let alone = intents.len() == 1;
    let jpeg_unnamed = !inputs.is_empty()
        && inputs.iter().all(|f| f.format == Format::Jpeg)
        && !toks
            .iter()
            .any(|t| t.is_any(&["jpg", "jpeg", "jpgs", "jpegs"]));
    intents
        .into_iter()
        .filter(|(_, i)| !(jpeg_unnamed && matches!(i, Intent::Compatible)))
        .map(|(at, i)| match i {
            Intent::ConvertTo {
                to: FormatWord::Unwritable(name),
                quality: None,
            } if alone && own(name) => (at, Intent::Compatible),
            other => (at, other),
        })
        .collect()
}

/// Intents that complete each other: "convert to mov" and "prores" are one
/// conversion, "remux" and "mp4" one remux; a format that is the file's
/// own, or one kiln cannot write beside one it can, only describes; a
/// format named is the compatible one a complaint asks for.
fn combine(intents: &[(usize, Intent)], inputs: &[FileFacts]) -> Vec<(usize, Intent)> {
    let own: Vec<Format> = inputs.iter().map(|f| f.format).collect();
    let converts = |i: &Intent| matches!(i, Intent::ConvertTo { .. });
    let writable_target = intents.iter().find_map(|(_, i)| match i {
        Intent::ConvertTo {
            to: FormatWord::Writable(f),
            quality: None,
        } if !own.contains(f) => Some(*f),
        _ => None,
    });
    let others = intents.iter().any(|(_, i)| !converts(i));
    let names_output = intents.iter().any(|(_, i)| {
        matches!(
            i.family(),
            Some(
                "to_gif" | "frames" | "thumbnail" | "slideshow" | "extract_audio" | "pdf_to_images"
            )
        )
    });
    // "to jpg, then png": in a chain of conversions, the file's own format
    // after another is a step back to it.
    let first_away = intents.iter().find_map(|(at, i)| match i {
        Intent::ConvertTo {
            to: FormatWord::Writable(f),
            ..
        } if !own.contains(f) => Some(*at),
        _ => None,
    });
    let mut out: Vec<(usize, Intent)> = intents
        .iter()
        .filter(|(at, i)| match i {
            // "convert this MKV": the file's own format, with more to do.
            Intent::ConvertTo {
                to: FormatWord::Writable(f),
                quality: None,
            } => {
                !(own.contains(f)
                    && (others || writable_target.is_some())
                    && (others || first_away.is_none_or(|first| *at < first)))
            }
            // "to FLAC: WAV files don't support tags": the format named is
            // the compatible one.
            // "as a gif. My colleague can't open it": the format named
            // is the one that opens.
            Intent::Compatible => writable_target.is_none() && !names_output,
            // "my photos are HEIC and Windows can't open them": the file's
            // own format, told.
            Intent::ConvertTo {
                to: FormatWord::Unwritable(name),
                ..
            } => {
                writable_target.is_none()
                    && !(others && own.iter().any(|f| f.extension().eq_ignore_ascii_case(name)))
            }
            _ => true,
        })
        .cloned()
        .collect();
    // "remux to mp4, don't re-encode": one remux, the one that says where.
    if out.iter().any(|(_, i)| matches!(i, Intent::Remux(Some(_)))) {
        out.retain(|(_, i)| !matches!(i, Intent::Remux(None)));
    }
    // "take out the audio and give me a wav": the sound taken out is the
    // file wanted, not a video without it.
    let sound_out = out.iter().any(
        |(_, i)| matches!(i, Intent::ConvertTo { to: FormatWord::Writable(t), .. } if t.is_audio()),
    );
    if sound_out && inputs.iter().all(|f| f.kind == MediaKind::Video) {
        out.retain(|(_, i)| !matches!(i, Intent::Op(Operation::RemoveAudio(_))));
    }
    // "(H.264 and AAC) ... `-codec copy out.mp4`": beside a video copied
    // into a container, a sound format named is the stream it holds.
    let boxed = out
        .iter()
        .any(|(_, i)| matches!(i, Intent::Remux(Some(f)) if f.is_video_container()));
    if boxed && inputs.iter().any(|f| f.kind == MediaKind::Video) {
        out.retain(|(_, i)| {
            !matches!(i, Intent::ConvertTo { to: FormatWord::Writable(t), .. } if t.is_audio())
        });
    }
    // "cut it without re-encoding": beside other steps, and with no
    // container named, not re-encoding is how, not what.
    let other_steps = out
        .iter()
        .any(|(_, i)| !matches!(i, Intent::Remux(_) | Intent::ConvertTo { .. }));
    // ("transcode to .ogg ... not transcoding is also an option" of a WAV:
    // sound has no container to copy into.)
    let audio = !inputs.is_empty() && inputs.iter().all(|f| f.kind == MediaKind::Audio);
    if writable_target.is_none() && other_steps
        || audio
        || writable_target.is_some_and(|f| !f.is_video_container())
    {
        out.retain(|(_, i)| !matches!(i, Intent::Remux(None)));
    }
    order(&mut out, inputs);
    let Some(f) = writable_target else {
        return out;
    };
    let mut completed = false;
    for (_, i) in out.iter_mut() {
        match i {
            Intent::Codec { codec, to } if to.is_none() && codec.fits(f) => {
                *to = Some(f);
                completed = true;
            }
            Intent::Remux(to) if to.is_none() => {
                *to = Some(f);
                completed = true;
            }
            _ => {}
        }
    }
    if completed {
        out.retain(|(_, i)| {
            !matches!(i, Intent::ConvertTo { to: FormatWord::Writable(t), quality: None } if *t == f)
        });
    }
    out
}

/// Steps put in the order they run: a thumbnail after the frame it is
/// of, a slideshow of pictures first, a part cut before a GIF or frames
/// are made of it, the clip's effects before it becomes a GIF, an audio
/// file's format before its settings.
fn order(out: &mut Vec<(usize, Intent)>, inputs: &[FileFacts]) {
    // "a GIF of it, twice as fast", "a mono .wav": the GIF or the format
    // first named is what the other steps end in.
    let effect = |i: &Intent| {
        matches!(
            i.family(),
            Some(
                "speed"
                    | "boomerang"
                    | "reverse"
                    | "fade"
                    | "grayscale"
                    | "adjust"
                    | "negate"
                    | "flip"
                    | "rotate"
            )
        )
    };
    if let Some(g) = out
        .iter()
        .position(|(_, i)| matches!(i, Intent::Gif { .. }))
    {
        if out[g + 1..].iter().any(|(_, i)| effect(i)) {
            let gif = out.remove(g);
            let last = out.iter().rposition(|(_, i)| effect(i)).unwrap_or(g);
            out.insert(last + 1, gif);
        }
    }
    let to_audio = out.iter().position(
        |(_, i)| matches!(i, Intent::ConvertTo { to: FormatWord::Writable(f), .. } if f.is_audio()),
    );
    let shape = out
        .iter()
        .position(|(_, i)| matches!(i, Intent::AudioShape { to: None, .. }));
    if let (Some(c), Some(s)) = (to_audio, shape) {
        if s < c {
            let convert = out.remove(c);
            out.insert(s, convert);
        }
    }
    // "thumbnails, a frame from the middle": the frame is the thumbnail's.
    let thumb = out
        .iter()
        .position(|(_, i)| matches!(i, Intent::Thumbnail(_)));
    let frame = out.iter().position(|(_, i)| {
        matches!(
            i,
            Intent::Frames {
                at: Some(_),
                every: None,
                count: None,
                ..
            }
        )
    });
    if let (Some(t), Some(f)) = (thumb, frame) {
        if t < f {
            let th = out.remove(t);
            out.insert(f, th);
        }
    }
    // "a gif slideshow" of pictures: the slideshow first, then the rest.
    if !inputs.is_empty() && inputs.iter().all(|f| f.format.is_still()) {
        out.sort_by_key(|(_, i)| !matches!(i, Intent::Slideshow { .. }));
    }
    // "a GIF, but only from 0:32 to 0:40": the part is cut first.
    if out.iter().any(|(_, i)| {
        matches!(
            i,
            Intent::Gif { .. } | Intent::Frames { .. } | Intent::Thumbnail(_)
        )
    }) {
        out.sort_by_key(|(_, i)| !matches!(i.family(), Some("trim" | "cut")));
    }
}

/// The operations so far, each with the position of the intent it came
/// from and the files it takes.
struct Pipeline {
    steps: Vec<Step>,
    current: Vec<FileFacts>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub at: usize,
    pub op: Operation,
    pub input: Vec<FileFacts>,
}

impl Pipeline {
    /// Adds `op`, merged into the step before it where the two are one.
    fn push(&mut self, at: usize, op: Operation) -> Result<(), Unplannable> {
        let last = self.steps.last_mut();
        let merged = match last {
            Some(prev) => merge(&mut prev.op, &op, &prev.input),
            None => false,
        };
        if merged {
            let prev = self.steps.last().map(|s| (s.op.clone(), s.input.clone()));
            if let Some((op, input)) = prev {
                self.current = op
                    .outputs(&input)
                    .map_err(|e| Unplannable::new(e.to_string()))?;
            }
            return Ok(());
        }
        let input = std::mem::take(&mut self.current);
        // A step that cannot run here may still be settled away (one of
        // two sizes asked about); the final check refuses it otherwise.
        self.current = op.outputs(&input).unwrap_or_else(|_| input.clone());
        self.steps.push(Step { at, op, input });
        Ok(())
    }
}

/// Merges `op` into `prev` (which takes `input`) where the two are one
/// step: "grab the audio and make it a flac", "brighter and more
/// saturated", "mp4 (h.264)" named twice, two trims.
fn merge(prev: &mut Operation, op: &Operation, input: &[FileFacts]) -> bool {
    use Operation as O;
    // "crop to 9:16, then 1080x1920": one crop-to-fill.
    if let (
        O::Crop(Crop {
            rect: None,
            aspect: Some(a),
        }),
        O::Scale(s),
    ) = (&*prev, op)
    {
        if !s.fill && fits_aspect(*a, s.width, s.height) {
            let mut filled = s.clone();
            filled.fill = true;
            *prev = filled.into();
            return true;
        }
    }
    // "fit IG story size 1080px by 1920px" read as a size and a 9:16 crop:
    // fitted then cropped it would come out short of the size; filled, it is
    // the size.
    if let (
        O::Scale(s),
        O::Crop(Crop {
            rect: None,
            aspect: Some(a),
        }),
    ) = (&mut *prev, op)
    {
        if !s.fill && s.width.is_some() && s.height.is_some() && fits_aspect(*a, s.width, s.height)
        {
            s.fill = true;
            return true;
        }
    }
    match (prev, op) {
        (
            O::ExtractAudio(x),
            O::Convert(Convert {
                to,
                quality: None,
                codec: None,
                lossless: false,
            }),
        ) if to.is_audio() => {
            x.to = *to;
            true
        }
        // "under 2 MB, as mp3" of a WAV: the compression writes that
        // format itself, in one encoding rather than two.
        (
            prev @ O::Convert(Convert {
                quality: None,
                codec: None,
                lossless: false,
                ..
            }),
            O::Compress(_),
        ) if compress_writes(prev, op, input) => {
            // ("store the WAVs as mp3 to save space": the conversion is the
            // compression; a size or a small quality said is the compressor's.)
            use crate::media::ops::Quality;
            let changes = matches!(&*prev, O::Convert(c) if input.iter().all(|f| f.format != c.to));
            let plain = match op {
                O::Compress(c) => {
                    c.target_mb.is_none()
                        && matches!(c.quality, None | Some(Quality::Medium | Quality::High))
                }
                _ => false,
            };
            let plain = changes && (plain || under_anyway(&*prev, op, input));
            if !plain {
                *prev = op.clone();
            }
            true
        }
        (O::ExtractAudio(x), O::AudioSettings(a)) => {
            x.channels = a.channels.or(x.channels);
            x.bitrate_kbps = a.bitrate_kbps.or(x.bitrate_kbps);
            x.sample_rate = a.sample_rate.or(x.sample_rate);
            true
        }
        (O::Adjust(a), O::Adjust(b)) => {
            a.brightness = round3((a.brightness + b.brightness).clamp(-1.0, 1.0));
            a.contrast = round3((a.contrast * b.contrast).clamp(0.0, 3.0));
            a.saturation = round3((a.saturation * b.saturation).clamp(0.0, 3.0));
            true
        }
        (O::Fade(a), O::Fade(b)) if a.fade_in.is_none() || b.fade_in.is_none() => {
            // ("a fade out at the end ... a fade out during 10 second": the
            // length said wins over the one assumed.)
            let said = |x: Option<f64>, y: Option<f64>| match (x, y) {
                (Some(d), Some(v)) if d == crate::planner::grammar::FADE_SECS => Some(v),
                (x, y) => x.or(y),
            };
            a.fade_in = said(a.fade_in, b.fade_in);
            a.fade_out = said(a.fade_out, b.fade_out);
            true
        }
        (O::AudioSettings(a), O::AudioSettings(b)) => {
            a.channels = b.channels.or(a.channels);
            a.bitrate_kbps = b.bitrate_kbps.or(a.bitrate_kbps);
            a.sample_rate = b.sample_rate.or(a.sample_rate);
            true
        }
        (O::Trim(a), O::Trim(b)) => match compose_trims(a, b, input) {
            Some(t) => {
                *a = t;
                true
            }
            None => false,
        },
        (prev, op) => *prev == *op,
    }
}

/// "Format JPEG only, max 15 MB" of a 3 MB HEIC: a file under the size
/// already, converted to a format that leaves it smaller (a JPEG or WebP
/// takes under a byte a pixel; a lossy sound is smaller than a WAV or
/// FLAC, a video than a GIF), needs no size reached.
fn under_anyway(convert: &Operation, compress: &Operation, input: &[FileFacts]) -> bool {
    let (Operation::Convert(c), Operation::Compress(z)) = (convert, compress) else {
        return false;
    };
    let Some(limit) = z
        .target_mb
        .filter(|_| z.quality.is_none())
        .map(|mb| mb * 1e6)
    else {
        return false;
    };
    input.iter().all(|f| {
        let under = f.bytes.is_some_and(|b| b as f64 <= limit);
        let smaller = match c.to {
            Format::Jpeg | Format::Webp | Format::Avif => super::settle::lossy_still_fits(f, limit),
            Format::Mp3 | Format::M4a | Format::Ogg | Format::Opus => {
                matches!(f.format, Format::Wav | Format::Flac | Format::Aiff)
            }
            Format::Mp4 | Format::Webm => f.format == Format::Gif,
            _ => false,
        };
        under && smaller
    })
}

/// Whether `compress`, run on the input of `convert`, writes the format
/// the conversion is to.
fn compress_writes(convert: &Operation, compress: &Operation, input: &[FileFacts]) -> bool {
    let (Operation::Convert(c), [_]) = (convert, input) else {
        return false;
    };
    compress
        .outputs(input)
        .is_ok_and(|out| out.iter().all(|f| f.format == c.to))
}

/// Whether `w` x `h` has the shape of `aspect` (within 2%).
fn fits_aspect(aspect: Aspect, w: Option<u32>, h: Option<u32>) -> bool {
    let (Some(w), Some(h)) = (w, h) else {
        return false;
    };
    let (aw, ah) = aspect.ratio();
    let want = f64::from(aw) / f64::from(ah);
    let got = f64::from(w) / f64::from(h.max(1));
    (got / want - 1.0).abs() < 0.02
}

/// Two trims in a row as one: a length and a start said apart ("5 seconds
/// long, starting at 0:10") are one cut; otherwise the second's part of the
/// first's part.
fn compose_trims(a: &Trim, b: &Trim, input: &[FileFacts]) -> Option<Trim> {
    let only_length =
        |t: &Trim| t.duration.is_some() && t.start.is_none() && t.end.is_none() && t.last.is_none();
    let only_start =
        |t: &Trim| t.start.is_some() && t.duration.is_none() && t.end.is_none() && t.last.is_none();
    for (len, from) in [(a, b), (b, a)] {
        if only_length(len) && only_start(from) {
            return Some(Trim {
                start: from.start,
                end: None,
                duration: len.duration,
                last: None,
            });
        }
    }
    let d = input.first()?.duration_secs?;
    let span = |t: &Trim, d: f64| -> (f64, f64) {
        let start = match t.last {
            Some(l) => (d - l).max(0.0),
            None => t.start.unwrap_or(0.0),
        };
        let end = t.end.or(t.duration.map(|x| start + x)).unwrap_or(d).min(d);
        (start, end)
    };
    let (s1, e1) = span(a, d);
    let (s2, e2) = span(b, e1 - s1);
    let (start, end) = (round3(s1 + s2), round3(s1 + e2));
    Some(Trim {
        start: (start > 0.0).then_some(start),
        end: (end < d).then_some(end),
        duration: None,
        last: None,
    })
}

/// Type-check the pipeline and attach each step's words and command line.
pub fn checked(inputs: &[FileFacts], ops: Vec<Operation>) -> Result<Vec<PlannedStep>, Unplannable> {
    let predicted = check_pipeline(inputs, &ops).map_err(|e| Unplannable::new(e.to_string()))?;
    let mut current = inputs.to_vec();
    let mut steps = Vec::with_capacity(ops.len());
    for (op, outputs) in ops.into_iter().zip(predicted) {
        // (Several files of one input, as frames or parts: the numbered
        // pattern the command writes.)
        let out_name = match current.as_slice() {
            [one] if outputs.len() > 1 => op.output_name_for(one),
            _ => outputs.first().map(|f| f.name.clone()).unwrap_or_default(),
        };
        let command = op
            .command_line(&current, &out_name)
            .map_err(|e| Unplannable::new(e.to_string()))?;
        steps.push(PlannedStep {
            description: op.describe(),
            command,
            op,
        });
        current = outputs;
    }
    Ok(steps)
}

impl From<&str> for Unplannable {
    fn from(why: &str) -> Unplannable {
        Unplannable::Cannot(why.to_string())
    }
}
