//! `trim_silence`: cuts the silence at the start and the end of a
//! recording, found by listening to it.
//!
//! The sound is decoded once and every decoded frame's peak is compared
//! with [`TrimSilence::threshold_db`]; the part from the first loud frame
//! to the end of the last one (with a short margin) is then kept by an
//! ordinary [`Trim`], so the run and its command line are the trim's;
//! [`TrimSilence::ends`] may keep one end as it is. The
//! silences inside are left alone (they are the pauses of speech and
//! music) unless [`TrimSilence::pauses`] asks: then, for sound files,
//! FFmpeg's `silenceremove` cuts the ends and every pause longer than that
//! down to a short gap. A video's pauses are found by listening first; the
//! parts kept, their edges on the frame grid so sound and picture lose the
//! same time, are cut from both streams and joined.

use std::path::Path;

use ffmpeg::format::Sample;
use ffmpeg::frame;
use ffmpeg_next as ffmpeg;
use serde::{Deserialize, Serialize};

use super::av::{open_audio_decoder, OPS_FORMATS};
use super::limits::Deadline;
use super::op::{self, Op, AV};
use super::plan::Draft;
use super::{fmt_num, invalid, FileFacts, MediaKind, OpError, OpLimits, Trim};
use crate::media::av::{Demuxer, Medium, Read, Received};
use crate::media::probe::{main_audio_stream, open_input_with};
use crate::media::MediaError;

/// Sound kept before the first and after the last loud moment, seconds.
const MARGIN: f64 = 0.1;

fn default_threshold() -> f64 {
    -50.0
}

/// Silence left where a pause was cut, seconds: words do not run into
/// each other.
const PAUSE_KEPT: f64 = 0.3;

/// Most parts a video's pauses are cut into; past it the shortest pauses
/// stay.
const MOST_PARTS: usize = 200;

/// Which ends of a recording lose their silence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SilenceEnds {
    #[default]
    Both,
    /// The silence before the sound starts only.
    Start,
    /// The silence after the sound ends only.
    End,
}

impl SilenceEnds {
    fn is_both(&self) -> bool {
        *self == SilenceEnds::Both
    }

    fn words(self) -> &'static str {
        match self {
            SilenceEnds::Both => "at the start and the end",
            SilenceEnds::Start => "at the start",
            SilenceEnds::End => "at the end",
        }
    }
}

/// Cuts leading and trailing silence (or one of them, `ends`); with
/// `pauses`, also every pause inside longer than that many seconds (down
/// to [`PAUSE_KEPT`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrimSilence {
    /// Peaks below this level (dBFS) are silence.
    #[serde(default = "default_threshold")]
    pub threshold_db: f64,
    /// The ends cut: both (the default), `start` or `end`.
    #[serde(default, skip_serializing_if = "SilenceEnds::is_both")]
    pub ends: SilenceEnds,
    /// Pauses inside longer than this (seconds) are cut too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pauses: Option<f64>,
    /// The parts of a video kept (start, end seconds), found when it runs.
    #[serde(skip)]
    pub(crate) keep: Option<Vec<(f64, f64)>>,
}

impl Default for TrimSilence {
    fn default() -> Self {
        TrimSilence {
            threshold_db: default_threshold(),
            ends: SilenceEnds::Both,
            pauses: None,
            keep: None,
        }
    }
}

impl TrimSilence {
    /// The ends and the pauses inside longer than `secs`.
    pub fn with_pauses(secs: f64) -> TrimSilence {
        TrimSilence {
            pauses: Some(secs),
            ..TrimSilence::default()
        }
    }

    /// The silence at one end only.
    pub fn at(ends: SilenceEnds) -> TrimSilence {
        TrimSilence {
            ends,
            ..TrimSilence::default()
        }
    }
}

impl Op for TrimSilence {
    const NAME: &'static str = "trim_silence";
    const SUMMARY: &'static str =
        "Cut the silence at the start and the end (found in the sound; ends: start or end for one of them); with pauses: N, also the pauses inside longer than N seconds (of a video, the pictures with them).";
    const ACCEPTS: &'static [MediaKind] = AV;

    fn validate(&self) -> Result<(), OpError> {
        if let Some(p) = self.pauses {
            op::within(p, 0.1..=60.0, "a pause to cut must last 0.1 to 60 s")?;
            if !self.ends.is_both() {
                return invalid("cutting the pauses cuts the silence at both ends: leave out ends");
            }
        }
        op::within(
            self.threshold_db,
            -90.0..=-10.0,
            "the silence threshold must be within -90..=-10 dB",
        )
    }

    fn describe(&self) -> String {
        match self.pauses {
            Some(p) => format!(
                "Cut the silence at the start and the end and the pauses longer than {} s (below {} dB)",
                fmt_num(p),
                self.threshold_db
            ),
            None => format!(
                "Cut the silence {} (below {} dB)",
                self.ends.words(),
                self.threshold_db
            ),
        }
    }

    fn suffix(&self) -> String {
        "_trimmed".into()
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        op::need_audio(input)?;
        // (With pauses cut the length is known when it runs: at most this.)
        if let Some(parts) = &self.keep {
            out.duration_secs = Some(kept_length(parts));
        }
        Ok(())
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let Some(pause) = self.pauses else {
            return invalid("the silence is found when the step runs");
        };
        if plan.visual {
            // Printed before it runs: the parts as a shell variable.
            let Some(parts) = &self.keep else {
                plan.vf.push(format!("select={PARTS_VAR},setpts=N/FRAME_RATE/TB"));
                if plan.audio.is_some() {
                    plan.af.push(format!("aselect={PARTS_VAR},asetpts=N/SR/TB"));
                }
                return Ok(());
            };
            // Pictures are kept by the frames starting within a part,
            // half a frame early: a part on the frame grid keeps as many
            // pictures as its sound lasts, whatever the rounding.
            let early = plan.input.fps.filter(|f| *f > 0.0).map_or(0.0, |f| 0.5 / f);
            plan.vf.push(keep_parts(parts, early, "v", ""));
            if plan.audio.is_some() {
                plan.af.push(keep_parts(parts, 0.0, "a", "a"));
            }
            plan.expected = Some(kept_length(parts));
            return Ok(());
        }
        let t = self.threshold_db;
        plan.af.push(format!(
            "silenceremove=start_periods=1:start_threshold={t}dB:start_silence={MARGIN}:\
             stop_periods=-1:stop_duration={}:stop_threshold={t}dB:stop_silence={PAUSE_KEPT}:detection=peak",
            fmt_num(pause)
        ));
        Ok(())
    }
}

/// Stands for the parts kept in a printed command.
pub(crate) const PARTS_VAR: &str = "KILN_PARTS";

/// Seconds kept of `parts`.
fn kept_length(parts: &[(f64, f64)]) -> f64 {
    parts.iter().map(|(a, b)| b - a).sum()
}

/// The graph keeping `parts` of one stream, joined, each part taken
/// `early` seconds before its times: `kind` is `v` or `a`, `prefix` the
/// filter-name prefix (`""`/`"a"`).
fn keep_parts(parts: &[(f64, f64)], early: f64, kind: &str, prefix: &str) -> String {
    let at = |t: f64| super::fmt_precise((t - early).max(0.0));
    let trim = |&(a, b): &(f64, f64)| {
        format!(
            "{prefix}trim=start={}:end={},{prefix}setpts=PTS-STARTPTS",
            at(a),
            at(b)
        )
    };
    if parts.len() == 1 {
        return trim(&parts[0]);
    }
    let n = parts.len();
    let (v, a) = if kind == "v" { (1, 0) } else { (0, 1) };
    let mut g = format!("{prefix}split={n}");
    for i in 0..n {
        g.push_str(&format!("[k{kind}{i}]"));
    }
    for (i, p) in parts.iter().enumerate() {
        g.push_str(&format!(";[k{kind}{i}]{}[j{kind}{i}]", trim(p)));
    }
    g.push(';');
    for i in 0..n {
        g.push_str(&format!("[j{kind}{i}]"));
    }
    g.push_str(&format!("concat=n={n}:v={v}:a={a}"));
    g
}

/// The parts of a recording kept when its pauses longer than `pause` are
/// cut: `loud` are its loud moments (start, end), in order, `total` its
/// length. Every kept part keeps a margin of its silence; with `fps`, the
/// edges are put on the frame grid. At most [`MOST_PARTS`]: the shortest
/// pauses past that stay.
fn kept_parts(loud: &[(f64, f64)], total: f64, pause: f64, fps: Option<f64>) -> Vec<(f64, f64)> {
    let mut runs: Vec<(f64, f64)> = Vec::new();
    for &(a, b) in loud {
        match runs.last_mut() {
            Some(last) if a - last.1 <= pause => last.1 = last.1.max(b),
            _ => runs.push((a, b)),
        }
    }
    if runs.len() > MOST_PARTS {
        let mut gaps: Vec<(f64, usize)> = runs
            .windows(2)
            .enumerate()
            .map(|(i, w)| (w[1].0 - w[0].1, i))
            .collect();
        gaps.sort_by(|x, y| y.0.total_cmp(&x.0));
        let mut cut = vec![false; runs.len()];
        for &(_, i) in gaps.iter().take(MOST_PARTS - 1) {
            cut[i] = true;
        }
        let mut joined: Vec<(f64, f64)> = Vec::new();
        for (i, r) in runs.iter().enumerate() {
            match joined.last_mut() {
                Some(last) if !cut[i - 1] => last.1 = r.1,
                _ => joined.push(*r),
            }
        }
        runs = joined;
    }
    let n = runs.len();
    let half = PAUSE_KEPT / 2.0;
    let mut parts: Vec<(f64, f64)> = Vec::with_capacity(n);
    for (i, &(a, b)) in runs.iter().enumerate() {
        let before = if i == 0 { MARGIN } else { half };
        let after = if i + 1 == n { MARGIN } else { half };
        let (mut a, mut b) = ((a - before).max(0.0), (b + after).min(total));
        if let Some(fps) = fps.filter(|f| *f > 0.0) {
            a = (a * fps).floor() / fps;
            b = ((b * fps).ceil() / fps).min(total);
        }
        match parts.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ if b > a => parts.push((a, b)),
            _ => {}
        }
    }
    parts
}

fn round_ms(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

impl TrimSilence {
    /// This step with the parts of the video at `path` to keep found by
    /// listening to it (`fps`: its frame rate, for the cuts' grid).
    pub(crate) fn parts_in(
        &self,
        path: &Path,
        fps: Option<f64>,
        limits: &OpLimits,
        deadline: Deadline,
    ) -> Result<TrimSilence, MediaError> {
        let pause = self.pauses.unwrap_or(PAUSE_KEPT);
        let mut loud: Vec<(f64, f64)> = Vec::new();
        let total = listen(path, limits, deadline, self.threshold_db, |a, b| {
            match loud.last_mut() {
                Some(last) if a <= last.1 + 1e-6 => last.1 = b,
                _ => loud.push((a, b)),
            }
        })?;
        if loud.is_empty() {
            return Err(MediaError::InvalidRequest(
                "the sound is silent throughout: there is nothing to keep".into(),
            ));
        }
        Ok(TrimSilence {
            keep: Some(kept_parts(&loud, total, pause, fps)),
            ..self.clone()
        })
    }

    /// The shell lines cutting a video's pauses with the `ffmpeg` command
    /// line: `silencedetect` finds the pauses and awk writes what lies
    /// between them as `between(t,a,b)` terms, which `line` (the command
    /// printed with [`PARTS_VAR`] in their place) selects; `total` is the
    /// video's length.
    pub(crate) fn parts_command_line(&self, input: &str, line: &str, total: f64) -> String {
        let pause = self.pauses.unwrap_or(PAUSE_KEPT);
        let (t, h, d) = (self.threshold_db, fmt_num(PAUSE_KEPT / 2.0), fmt_num(total));
        let term = r#"printf "%sbetween(t\\,%s\\,%s)", (n++ ? "+" : ""), p, "#;
        let awk = format!(
            r#"$1=="silence_start:" {{s=($2>0 ? $2+h : 0)}} $1=="silence_end:" {{e=($2>=d-0.05 ? d : $2-h); if (s>p) {term}s; p=e}} END {{if (p<d) {term}d}}"#
        );
        let find = format!(
            "{PARTS_VAR}=$(ffmpeg -hide_banner -nostdin -i {input} -af silencedetect=n={t}dB:d={} -f null - 2>&1 | grep -o 'silence_[se][tn][ad]r*t*: [0-9.-]*' | awk -v d={d} -v h={h} '{awk}')",
            fmt_num(pause)
        );
        // The variable stands in an argument quoted or not (a quote after
        // a backslash is a quote in the name, not one opening or closing).
        let mut out = String::new();
        let mut rest = line;
        while let Some(at) = rest.find(PARTS_VAR) {
            out.push_str(&rest[..at]);
            let quotes = out
                .char_indices()
                .filter(|&(i, c)| c == '\'' && !out[..i].ends_with('\\'))
                .count();
            out.push_str(if quotes % 2 == 1 {
                r#"'"$KILN_PARTS"'"#
            } else {
                r#""$KILN_PARTS""#
            });
            rest = &rest[at + PARTS_VAR.len()..];
        }
        out.push_str(rest);
        format!("{find}\n{out}")
    }

    /// The trim that keeps the sound between the silences of the file at
    /// `path`.
    pub(crate) fn found_in(
        &self,
        path: &Path,
        limits: &OpLimits,
        deadline: Deadline,
    ) -> Result<Trim, MediaError> {
        let (mut first, mut last) = (None, None);
        let total = listen(path, limits, deadline, self.threshold_db, |a, b| {
            first.get_or_insert(a);
            last = Some(b);
        })?;
        let Some((first, last)) = first.zip(last) else {
            return Err(MediaError::InvalidRequest(
                "the sound is silent throughout: there is nothing to keep".into(),
            ));
        };
        let start = (first - MARGIN).max(0.0);
        let end = (last + MARGIN).min(total);
        let (cut_start, cut_end) = match self.ends {
            SilenceEnds::Both => (true, true),
            SilenceEnds::Start => (true, false),
            SilenceEnds::End => (false, true),
        };
        Ok(Trim {
            start: Some(if cut_start { round_ms(start) } else { 0.0 }),
            end: (cut_end && end < total - 0.001).then_some(round_ms(end)),
            duration: None,
            last: None,
        })
    }

    /// The shell lines doing the same with the `ffmpeg` command line:
    /// `silencedetect` finds a silence from the very start and one to the
    /// very end, `-ss`/`-t` keep what is between (`trim_line` is the trim
    /// printed with `$START` and `$LENGTH` in place of its numbers; `total`
    /// is the file's length, the end when the sound runs to it).
    pub(crate) fn command_line(&self, input: &str, trim_line: &str, total: f64) -> String {
        let events = format!(
            "ffmpeg -hide_banner -nostdin -i {input} -af silencedetect=n={}dB:d=0.05 -f null - 2>&1 | grep -o 'silence_[se][tn][ad]r*t*: [0-9.-]*'",
            self.threshold_db
        );
        let total = super::fmt_num(total);
        // A silence from the very start ends where the sound starts; one
        // that ends with the file starts where the sound ends. (An end
        // kept is set empty: the shell may hold a START or END of its own.)
        let start = match self.ends {
            SilenceEnds::End => "START=".to_string(),
            _ => format!(
                "START=$({events} | awk 'NR==1 && $2>0.05 {{exit}} NR==2 {{print $2; exit}}')"
            ),
        };
        let end = match self.ends {
            SilenceEnds::Start => "END=".to_string(),
            _ => format!(
                "END=$({events} | awk '$1==\"silence_start:\" {{s=$2}} $1==\"silence_end:\" {{e=$2}} END {{if (e+0.05 >= {total}) print s}}')"
            ),
        };
        format!(
            "{start}\n{end}\n\
             LENGTH=$(awk \"BEGIN {{ print ${{END:-{total}}} - ${{START:-0}} }}\")\n\
             {}",
            trim_line.replacen("\"$START\"", "\"${START:-0}\"", 1)
        )
    }
}

/// Decodes the sound of the file at `path`, telling `loud` the start and
/// end (seconds) of every decoded frame peaking above `threshold_db`;
/// answers the length decoded.
fn listen(
    path: &Path,
    limits: &OpLimits,
    deadline: Deadline,
    threshold_db: f64,
    mut loud: impl FnMut(f64, f64),
) -> Result<f64, MediaError> {
    let input = open_input_with(path, &limits.probe_limits(), OPS_FORMATS)?;
    let (index, decoder) = {
        let stream = main_audio_stream(&input)
            .ok_or_else(|| MediaError::InvalidRequest("the file has no sound".into()))?;
        let dec = open_audio_decoder(&stream)?;
        (stream.index(), dec)
    };
    let level = 10f64.powf(threshold_db / 20.0);
    let mut demux = Demuxer::new(input).with_audio(index, decoder);
    let mut decoded = frame::Audio::empty();
    let mut t = 0.0f64;
    loop {
        deadline.check()?;
        match demux.receive(Medium::Audio, &mut decoded) {
            Received::Frame => {
                let rate = f64::from(decoded.rate().max(1));
                let len = decoded.samples() as f64 / rate;
                if peak(&decoded) > level {
                    loud(t, t + len);
                }
                t += len;
                if t > limits.max_duration_secs {
                    return Err(MediaError::TooLong {
                        duration_secs: t,
                        max_secs: limits.max_duration_secs,
                    });
                }
                continue;
            }
            Received::Again if demux.at_end() => break,
            Received::Again => {}
            Received::End => break,
            Received::Failed(_) => demux.damaged("the sound is damaged")?,
        }
        match demux.read()? {
            Read::Refused | Read::Damaged => demux.damaged("the sound is damaged")?,
            Read::Sent | Read::Other(_) | Read::End => {}
        }
    }
    Ok(t)
}

/// The largest sample magnitude of a frame, 0..=1.
fn peak(f: &frame::Audio) -> f64 {
    let format = f.format();
    let bytes = format.bytes();
    let per_plane = f.samples() * if f.is_packed() { usize::from(f.channels()) } else { 1 };
    let mut most = 0.0f64;
    for p in 0..f.planes() {
        let data = f.data(p);
        let data = &data[..(per_plane * bytes).min(data.len())];
        for s in data.chunks_exact(bytes) {
            let v = match format {
                Sample::U8(_) => (f64::from(s[0]) - 128.0) / 128.0,
                Sample::I16(_) => f64::from(i16::from_ne_bytes([s[0], s[1]])) / 32768.0,
                Sample::I32(_) => {
                    f64::from(i32::from_ne_bytes([s[0], s[1], s[2], s[3]])) / 2_147_483_648.0
                }
                Sample::F32(_) => f64::from(f32::from_ne_bytes([s[0], s[1], s[2], s[3]])),
                Sample::F64(_) => f64::from_ne_bytes(s.try_into().unwrap_or([0; 8])),
                _ => 0.0,
            };
            most = most.max(v.abs());
        }
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_keep_margins_sit_on_the_frame_grid_and_are_bounded() {
        // Talk 1–2 s and 5–6 s of 8 s, pauses over 1 s cut, at 10 fps.
        let parts = kept_parts(&[(1.0, 2.0), (5.0, 6.0)], 8.0, 1.0, Some(10.0));
        assert_eq!(parts, vec![(0.9, 2.2), (4.8, 6.1)]);
        // A pause shorter than asked stays whole.
        let parts = kept_parts(&[(1.0, 2.0), (2.5, 3.0)], 4.0, 1.0, None);
        assert_eq!(parts, vec![(0.9, 3.1)]);
        // A thousand words 0.7 s apart, every tenth after a 2.7 s pause:
        // with pauses over 1 s, the hundred sentences.
        let loud: Vec<(f64, f64)> = (0..1000)
            .map(|k| {
                let at = f64::from(k) * 1.2 + f64::from(k / 10) * 2.0;
                (at, at + 0.5)
            })
            .collect();
        let parts = kept_parts(&loud, 4000.0, 1.0, Some(25.0));
        assert_eq!(parts.len(), 100);
        // With pauses over 0.5 s, at most MOST_PARTS parts: the long
        // pauses are among those cut.
        let parts = kept_parts(&loud, 4000.0, 0.5, None);
        assert!(parts.windows(2).filter(|w| w[1].0 - w[0].1 > 2.0).count() == 99);
        assert_eq!(parts.len(), MOST_PARTS);
    }
}
