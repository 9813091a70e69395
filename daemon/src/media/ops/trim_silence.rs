//! `trim_silence`: cuts the silence at the start and the end of a
//! recording, found by listening to it.
//!
//! The sound is decoded once and every decoded frame's peak is compared
//! with [`TrimSilence::threshold_db`]; the part from the first loud frame
//! to the end of the last one (with a short margin) is then kept by an
//! ordinary [`Trim`], so the run and its command line are the trim's. The
//! silences inside are left alone (they are the pauses of speech and
//! music) unless [`TrimSilence::pauses`] asks: then, for sound files,
//! FFmpeg's `silenceremove` cuts the ends and every pause longer than that
//! down to a short gap.

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

/// Cuts leading and trailing silence; with `pauses`, also every pause
/// inside a sound file longer than that many seconds (down to
/// [`PAUSE_KEPT`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrimSilence {
    /// Peaks below this level (dBFS) are silence.
    #[serde(default = "default_threshold")]
    pub threshold_db: f64,
    /// Pauses inside longer than this (seconds) are cut too (sound files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pauses: Option<f64>,
}

impl Default for TrimSilence {
    fn default() -> Self {
        TrimSilence {
            threshold_db: default_threshold(),
            pauses: None,
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
}

impl Op for TrimSilence {
    const NAME: &'static str = "trim_silence";
    const SUMMARY: &'static str =
        "Cut the silence at the start and the end (found in the sound); with pauses: N, also the pauses inside a sound file longer than N seconds.";
    const ACCEPTS: &'static [MediaKind] = AV;

    fn validate(&self) -> Result<(), OpError> {
        if let Some(p) = self.pauses {
            op::within(p, 0.1..=60.0, "a pause to cut must last 0.1 to 60 s")?;
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
                "Cut the silence at the start and the end (below {} dB)",
                self.threshold_db
            ),
        }
    }

    fn suffix(&self) -> String {
        "_trimmed".into()
    }

    fn predict(&self, input: &FileFacts, _out: &mut FileFacts) -> Result<(), OpError> {
        if self.pauses.is_some() && input.kind != MediaKind::Audio {
            return Err(OpError::Invalid(format!(
                "kiln cuts the pauses of sound files only ({} is {}: its pictures would go out of step); extract the audio first, or cut the silence at the start and the end",
                input.name,
                input.kind.word()
            )));
        }
        // (With pauses cut the length is known when it runs: at most this.)
        op::need_audio(input)
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        let Some(pause) = self.pauses else {
            return invalid("the silence is found when the step runs");
        };
        let t = self.threshold_db;
        plan.af.push(format!(
            "silenceremove=start_periods=1:start_threshold={t}dB:start_silence={MARGIN}:\
             stop_periods=-1:stop_duration={}:stop_threshold={t}dB:stop_silence={PAUSE_KEPT}:detection=peak",
            fmt_num(pause)
        ));
        Ok(())
    }
}

impl TrimSilence {
    /// The trim that keeps the sound between the silences of the file at
    /// `path`.
    pub(crate) fn found_in(
        &self,
        path: &Path,
        limits: &OpLimits,
        deadline: Deadline,
    ) -> Result<Trim, MediaError> {
        let (first, last, total) = loud_span(path, limits, deadline, self.threshold_db)?;
        let Some((first, last)) = first.zip(last) else {
            return Err(MediaError::InvalidRequest(
                "the sound is silent throughout: there is nothing to keep".into(),
            ));
        };
        let start = (first - MARGIN).max(0.0);
        let end = (last + MARGIN).min(total);
        let round = |v: f64| (v * 1000.0).round() / 1000.0;
        Ok(Trim {
            start: Some(round(start)),
            end: (end < total - 0.001).then_some(round(end)),
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
        // that ends with the file starts where the sound ends.
        format!(
            "START=$({events} | awk 'NR==1 && $2>0.05 {{exit}} NR==2 {{print $2; exit}}')\n\
             END=$({events} | awk '$1==\"silence_start:\" {{s=$2}} $1==\"silence_end:\" {{e=$2}} END {{if (e+0.05 >= {total}) print s}}')\n\
             LENGTH=$(awk \"BEGIN {{ print ${{END:-{total}}} - ${{START:-0}} }}\")\n\
             {}",
            trim_line.replacen("\"$START\"", "\"${START:-0}\"", 1)
        )
    }
}

/// Seconds of the first loud frame's start and the last loud frame's end
/// (none when all is silent), and the length decoded.
fn loud_span(
    path: &Path,
    limits: &OpLimits,
    deadline: Deadline,
    threshold_db: f64,
) -> Result<(Option<f64>, Option<f64>, f64), MediaError> {
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
    let (mut t, mut first, mut last) = (0.0f64, None, None);
    loop {
        deadline.check()?;
        match demux.receive(Medium::Audio, &mut decoded) {
            Received::Frame => {
                let rate = f64::from(decoded.rate().max(1));
                let len = decoded.samples() as f64 / rate;
                if peak(&decoded) > level {
                    first.get_or_insert(t);
                    last = Some(t + len);
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
    Ok((first, last, t))
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
