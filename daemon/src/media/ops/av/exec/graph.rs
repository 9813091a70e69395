//! The filter graph of a running plan: the plan's filter text wired to the
//! opened inputs, with the display rotation undone and the format
//! conversions the encoders need.

use ffmpeg::{format, Codec};
use ffmpeg_next as ffmpeg;

use super::super::{AudioEnc, AvPlan, Filters};
use super::source::Src;
use crate::media::ops::filters::{FilterGraph, SourceParams};
use crate::media::ops::plan::ALAC;
use crate::media::MediaError;

/// Builds the graph of `plan` over the opened inputs; `audio_codec` is the
/// audio encoder the output formats are chosen for.
pub(super) fn build(
    plan: &AvPlan,
    srcs: &[Src],
    audio_codec: Option<Codec>,
) -> Result<FilterGraph, MediaError> {
    let sources: Vec<(String, SourceParams)> = srcs
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.filter_sources(i))
        .collect();
    let rotations: Vec<i32> = srcs.iter().map(Src::rotation).collect();
    let audio_fmt = match (&plan.audio, audio_codec) {
        (Some(a), Some(c)) => Some(audio_format(a, c, &sources)?),
        _ => None,
    };
    let spec = graph_text(
        plan,
        &rotations,
        plan.video.as_ref().map(|v| v.pix_fmt),
        audio_fmt,
    );
    FilterGraph::new(&sources, &spec, plan.video.is_some(), plan.audio.is_some())
}

/// The `aformat` filter turning the graph's audio into what the encoder
/// takes: its first sample format (ALAC's: the narrowest holding the
/// input's samples), the requested (or first input's) rate
/// if it supports it, the first input's channel layout (MP3: mono or
/// stereo).
fn audio_format(
    a: &AudioEnc,
    codec: Codec,
    sources: &[(String, SourceParams)],
) -> Result<String, MediaError> {
    let first_audio = sources.iter().find_map(|(_, p)| match p {
        SourceParams::Audio { rate, .. } => Some(*rate),
        _ => None,
    });
    let ac = codec
        .audio()
        .map_err(MediaError::ffmpeg("finding the audio encoder"))?;
    let first_format = sources.iter().find_map(|(_, p)| match p {
        SourceParams::Audio { format, .. } => Some(*format),
        _ => None,
    });
    let formats: Vec<format::Sample> = ac.formats().map(Iterator::collect).unwrap_or_default();
    let fmt = if a.encoder == ALAC {
        holding(&formats, first_format)
    } else {
        formats.first().copied()
    }
    .unwrap_or(format::Sample::F32(format::sample::Type::Planar));
    let mut rate = a.sample_rate.or(first_audio).unwrap_or(48_000);
    if let Some(rates) = ac.rates() {
        let rates: Vec<i32> = rates.collect();
        if !rates.is_empty() && !rates.contains(&(rate as i32)) {
            rate = if rates.contains(&48_000) {
                48_000
            } else {
                rates[0] as u32
            };
        }
    }
    let first_layout = sources.iter().find_map(|(_, p)| match p {
        SourceParams::Audio { layout, .. } => Some(layout.clone()),
        _ => None,
    });
    let layout = match (a.channels, first_layout.as_deref()) {
        (Some(1), _) => "mono".to_string(),
        (Some(_), _) => "stereo".to_string(),
        (None, Some(l)) if a.encoder != "libmp3lame" || l == "mono" => l.to_string(),
        _ => "stereo".to_string(),
    };
    Ok(format!(
        "aformat=sample_fmts={}:sample_rates={rate}:channel_layouts={layout}",
        fmt.name()
    ))
}

/// Of an encoder's sample formats, the narrowest that holds samples of
/// `input` whole (16-bit samples as 16-bit, 24- or 32-bit and float ones
/// as 32-bit), else the widest: what a lossless encoder keeps every bit
/// of without padding.
fn holding(formats: &[format::Sample], input: Option<format::Sample>) -> Option<format::Sample> {
    let need = input.map_or(usize::MAX, |f| f.bytes());
    formats
        .iter()
        .filter(|f| f.bytes() >= need)
        .min_by_key(|f| f.bytes())
        .or_else(|| formats.iter().max_by_key(|f| f.bytes()))
        .copied()
}

/// The graph text that runs in-process: `[N:v]` → `[inNv]`, outputs end in
/// format conversions for the encoders (`-pix_fmt` / the encoder's sample
/// format on the command line).
fn graph_text(
    plan: &AvPlan,
    rotations: &[i32],
    video_pix: Option<&str>,
    audio_fmt: Option<String>,
) -> String {
    let mut text = match &plan.filters {
        Filters::Simple { vf, af } => {
            let mut parts = Vec::new();
            if video_pix.is_some() {
                parts.push(format!("[0:v]{}[v]", vf.as_deref().unwrap_or("null")));
            }
            if audio_fmt.is_some() {
                parts.push(format!("[0:a]{}[a]", af.as_deref().unwrap_or("anull")));
            }
            parts.join(";")
        }
        Filters::Complex(g) => g.clone(),
    };
    let mut pre = Vec::new();
    for i in 0..plan.inputs.len() {
        // ffmpeg applies the display rotation itself (autorotate).
        let rot = match rotations.get(i).copied().unwrap_or(0) {
            90 => Some("transpose=clock"),
            180 => Some("hflip,vflip"),
            270 => Some("transpose=cclock"),
            _ => None,
        };
        match rot {
            Some(r) => {
                text = text.replace(&format!("[{i}:v]"), &format!("[r{i}v]"));
                pre.push(format!("[in{i}v]{r}[r{i}v]"));
            }
            None => text = text.replace(&format!("[{i}:v]"), &format!("[in{i}v]")),
        }
        text = text.replace(&format!("[{i}:a]"), &format!("[in{i}a]"));
    }
    text = text.replace("[v]", "[vpre]").replace("[a]", "[apre]");
    let mut parts = pre;
    parts.push(text);
    if let Some(p) = video_pix {
        parts.push(format!("[vpre]format=pix_fmts={p}[outv]"));
    }
    if let Some(a) = audio_fmt {
        parts.push(format!("[apre]{a}[outa]"));
    }
    parts.join(";")
}

/// Which inputs' video and audio streams the filters read.
pub(super) fn used_streams(plan: &AvPlan) -> Vec<(bool, bool)> {
    match &plan.filters {
        Filters::Simple { .. } => vec![(plan.video.is_some(), plan.audio.is_some())],
        Filters::Complex(g) => (0..plan.inputs.len())
            .map(|i| {
                (
                    g.contains(&format!("[{i}:v]")),
                    g.contains(&format!("[{i}:a]")),
                )
            })
            .collect(),
    }
}
