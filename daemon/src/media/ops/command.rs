//! Command lines a user could run themselves: `ffmpeg` for audio and video
//! (printed from the same [`AvPlan`] that runs in-process), `magick` for
//! stills; every word quoted for a POSIX shell.

use super::av::{AvPlan, Filters};

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

fn push(words: &mut Vec<String>, w: &str) {
    words.push(w.to_string());
}

/// The `ffmpeg` command running `plan` on `inputs` into `output`.
pub(crate) fn ffmpeg_command(plan: &AvPlan, inputs: &[&str], output: &str) -> String {
    let mut w: Vec<String> = vec!["ffmpeg".into(), "-hide_banner".into()];
    for (i, pin) in plan.inputs.iter().enumerate() {
        if let Some(still) = pin.still {
            if let Some(secs) = still.loop_secs {
                push(&mut w, "-loop");
                push(&mut w, "1");
                push(&mut w, "-framerate");
                w.push(still.fps.to_string());
                push(&mut w, "-t");
                w.push(super::fmt_num(secs));
            }
        }
        if let Some(n) = pin.from_end {
            push(&mut w, "-sseof");
            w.push(format!("-{}", super::fmt_num(n)));
        }
        if let Some(s) = pin.start {
            push(&mut w, "-ss");
            w.push(super::fmt_num(s));
        }
        if let Some(t) = pin.duration {
            push(&mut w, "-t");
            w.push(super::fmt_num(t));
        }
        push(&mut w, "-i");
        w.push(file_arg(inputs.get(i).copied().unwrap_or("input")));
    }
    match &plan.filters {
        Filters::Simple { vf, af } => {
            if let Some(vf) = vf {
                push(&mut w, "-vf");
                w.push(shell_quote(vf));
            }
            if let Some(af) = af {
                push(&mut w, "-af");
                w.push(shell_quote(af));
            }
        }
        Filters::Complex(g) => {
            push(&mut w, "-filter_complex");
            w.push(shell_quote(g));
            if plan.video.is_some() {
                push(&mut w, "-map");
                w.push(shell_quote("[v]"));
            }
            if plan.audio.is_some() {
                push(&mut w, "-map");
                w.push(shell_quote("[a]"));
            }
        }
    }
    match &plan.video {
        Some(v) => {
            push(&mut w, "-c:v");
            push(&mut w, v.encoder);
            for (k, val) in &v.opts {
                match *k {
                    "b" => push(&mut w, "-b:v"),
                    "q" => push(&mut w, "-q:v"),
                    k => w.push(format!("-{k}")),
                }
                w.push(shell_quote(val));
            }
            if v.encoder != "gif" && v.encoder != super::av::COPY {
                push(&mut w, "-pix_fmt");
                push(&mut w, v.pix_fmt);
            }
        }
        None => push(&mut w, "-vn"),
    }
    match &plan.audio {
        Some(a) => {
            push(&mut w, "-c:a");
            push(&mut w, a.encoder);
            if let Some(b) = a.bitrate {
                push(&mut w, "-b:a");
                w.push(if b % 1000 == 0 {
                    format!("{}k", b / 1000)
                } else {
                    b.to_string()
                });
            }
            if let Some(r) = a.sample_rate {
                push(&mut w, "-ar");
                w.push(r.to_string());
            }
        }
        None => push(&mut w, "-an"),
    }
    if let Some(n) = plan.max_frames {
        push(&mut w, "-frames:v");
        w.push(n.to_string());
    }
    if plan.muxer == "image2" && !plan.frame_pattern {
        push(&mut w, "-update");
        push(&mut w, "1");
    }
    for (k, v) in &plan.muxer_opts {
        w.push(format!("-{k}"));
        w.push(shell_quote(v));
    }
    w.push(file_arg(output));
    w.join(" ")
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
