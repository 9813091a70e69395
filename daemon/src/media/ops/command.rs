//! Command lines a user could run themselves: `ffmpeg` for audio and video
//! (printed from the same [`AvPlan`] that runs in-process), `magick` for
//! stills; every word quoted for a POSIX shell.

use super::av::{AudioEnc, AvPlan, Filters, PlanInput, Still, VideoEnc, COPY};
use super::fmt_num;

/// Quotes `s` as one POSIX shell word: bare when it holds only safe
/// characters, else in single quotes (a `'` inside becomes `'\''`).
pub fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=,+@%".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// A file name as a program argument: names that would read as an option
/// (`-x`) or, for ffmpeg, as a protocol (`a:b`) get a `./` in front.
pub(crate) fn file_arg(name: &str) -> String {
    if name.starts_with('-') || name.contains(':') {
        shell_quote(&format!("./{name}"))
    } else {
        shell_quote(name)
    }
}

/// The `ffmpeg` command running `plan` on `inputs` into `output`.
pub(crate) fn ffmpeg_command(plan: &AvPlan, inputs: &[&str], output: &str) -> String {
    let mut w: Vec<String> = vec!["ffmpeg".into(), "-hide_banner".into()];
    for (i, pin) in plan.inputs.iter().enumerate() {
        input_words(&mut w, pin);
        w.push("-i".into());
        w.push(file_arg(inputs.get(i).copied().unwrap_or("input")));
    }
    filter_words(&mut w, plan);
    video_words(&mut w, plan.video.as_ref());
    audio_words(&mut w, plan.audio.as_ref());
    // Files are written without the input's tags; the ffmpeg command
    // copies them unless told not to.
    let copied = match &plan.video {
        Some(v) => v.encoder == COPY,
        None => plan.audio.as_ref().is_some_and(|a| a.encoder == COPY),
    };
    if copied {
        w.extend(["-map_metadata".into(), "-1".into()]);
    }
    if let Some(n) = plan.max_frames {
        w.extend(["-frames:v".into(), n.to_string()]);
    }
    if plan.muxer == "image2" && !plan.frame_pattern {
        w.extend(["-update".into(), "1".into()]);
    }
    if !plan.keyframes_at.is_empty() {
        let times: Vec<String> = plan.keyframes_at.iter().map(|t| fmt_num(*t)).collect();
        w.extend(["-force_key_frames".into(), times.join(",")]);
    }
    if plan.muxer == "segment" {
        w.extend(["-f".into(), "segment".into()]);
    }
    for (k, v) in &plan.muxer_opts {
        w.extend([format!("-{k}"), shell_quote(v)]);
    }
    w.push(file_arg(output));
    w.join(" ")
}

/// Options before one `-i`: still looping, seeking, length.
fn input_words(w: &mut Vec<String>, pin: &PlanInput) {
    if let Some(Still {
        loop_secs: Some(secs),
        fps,
    }) = pin.still
    {
        w.extend(["-loop".into(), "1".into(), "-framerate".into()]);
        w.extend([fps.to_string(), "-t".into(), fmt_num(secs)]);
    }
    if let Some(n) = pin.from_end {
        w.extend(["-sseof".into(), format!("-{}", fmt_num(n))]);
    }
    if let Some(s) = pin.start {
        w.extend(["-ss".into(), fmt_num(s)]);
    }
    if let Some(t) = pin.duration {
        w.extend(["-t".into(), fmt_num(t)]);
    }
}

fn filter_words(w: &mut Vec<String>, plan: &AvPlan) {
    match &plan.filters {
        Filters::Simple { vf, af } => {
            if let Some(vf) = vf {
                w.extend(["-vf".into(), shell_quote(vf)]);
            }
            if let Some(af) = af {
                w.extend(["-af".into(), shell_quote(af)]);
            }
        }
        Filters::Complex(g) => {
            w.extend(["-filter_complex".into(), shell_quote(g)]);
            if plan.video.is_some() {
                w.extend(["-map".into(), shell_quote("[v]")]);
            }
            if plan.audio.is_some() {
                w.extend(["-map".into(), shell_quote("[a]")]);
            }
        }
    }
}

fn video_words(w: &mut Vec<String>, video: Option<&VideoEnc>) {
    let Some(v) = video else {
        w.push("-vn".into());
        return;
    };
    w.extend(["-c:v".into(), v.encoder.into()]);
    for (k, val) in &v.opts {
        w.push(match *k {
            "b" => "-b:v".into(),
            "q" => "-q:v".into(),
            k => format!("-{k}"),
        });
        w.push(shell_quote(val));
    }
    if v.encoder != "gif" && v.encoder != COPY {
        w.extend(["-pix_fmt".into(), v.pix_fmt.into()]);
    }
}

fn audio_words(w: &mut Vec<String>, audio: Option<&AudioEnc>) {
    let Some(a) = audio else {
        w.push("-an".into());
        return;
    };
    w.extend(["-c:a".into(), a.encoder.into()]);
    if let Some(b) = a.bitrate {
        w.push("-b:a".into());
        w.push(if b % 1000 == 0 {
            format!("{}k", b / 1000)
        } else {
            b.to_string()
        });
    }
    if let Some(r) = a.sample_rate {
        w.extend(["-ar".into(), r.to_string()]);
    }
    if let Some(c) = a.channels {
        w.extend(["-ac".into(), c.to_string()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("clip.mp4"), "clip.mp4");
        assert_eq!(shell_quote("my clip.mp4"), "'my clip.mp4'");
        assert_eq!(shell_quote("it's.mp4"), r"'it'\''s.mp4'");
        assert_eq!(shell_quote("$(reboot)"), "'$(reboot)'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("hue=s=0"), "hue=s=0");
        assert_eq!(shell_quote("a;b"), "'a;b'");
        assert_eq!(file_arg("-rf.mp4"), "./-rf.mp4");
        assert_eq!(file_arg("a:b.mp4"), "./a:b.mp4");
    }
}
