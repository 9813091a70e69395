//! FFmpeg command lines quoted in a request ("ffmpeg -ss 0:30 -i in.mp4 -t
//! 10 -vf fps=10,scale=320:-1 out.gif"): read option by option, every
//! option kiln has an operation for honoured, the rest (`-map`,
//! `-movflags`...) ignored. The command's text is taken out of the prompt
//! before the words around it are read.

use std::ops::Range;

use super::Intent;
use crate::media::ops::{
    AudioSettings, ChangeFps, Compress, Flip, FlipDirection, Format, Grayscale, Quality,
    RemoveAudio, Reverse, Rotate, Scale, Speed, Trim, VideoCodec,
};
use crate::planner::lexicon::{codec_word, format_word, FormatWord};

/// A command line found in a prompt: where it stands, and what it asks.
pub struct Command {
    pub range: Range<usize>,
    pub intents: Vec<Intent>,
}

/// The ffmpeg command line in `prompt`, if there is one.
pub fn find(prompt: &str) -> Option<Command> {
    let lower = prompt.to_lowercase();
    let named = lower
        .match_indices("ffmpeg")
        .map(|(i, _)| i)
        .find(|&i| lower[i + 6..].trim_start().starts_with('-'));
    // "-i ${input_video} -r 15 -vf ...": the options without the program's
    // name.
    let (at, args_at) = match named {
        Some(at) => (at, at + 6),
        None => options_only(&lower).map(|i| (i, i))?,
    };
    // To a closing backtick, a line break, a sentence after it ("...
    // out.gif. Thanks!"), or the end of the prompt.
    let tail = &prompt[at..];
    let sentence_end = tail.char_indices().find_map(|(i, c)| {
        let rest = &tail[i + c.len_utf8()..];
        let next = rest.trim_start();
        let ends = matches!(c, '.' | '?' | '!')
            && rest.starts_with(char::is_whitespace)
            && (next.is_empty() || next.starts_with(|n: char| n.is_uppercase()));
        (c == '`' || c == '\n' || ends).then_some(i)
    });
    let end = sentence_end.map_or(prompt.len(), |e| at + e);
    // ("-i Meeting.**mkv** -c copy Meeting.**mp4**": Markdown's bold marks
    // are no part of a name.)
    let args = split_args(&prompt[args_at..end].replace("**", ""));
    Some(Command {
        range: at..end,
        intents: read(&args),
    })
}

/// Where a bare option list starts: an input option ("-i") followed by
/// another option FFmpeg users write.
fn options_only(lower: &str) -> Option<usize> {
    let i = lower
        .match_indices("-i ")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || lower[..i].ends_with(char::is_whitespace))?;
    let rest = &lower[i..];
    [
        " -vf ",
        " -r ",
        " -t ",
        " -ss ",
        " -c:v ",
        " -b:v ",
        " -an",
        " -filter_complex ",
    ]
    .iter()
    .any(|o| rest.contains(o))
    .then_some(i)
}

/// Shell-like words: spaces split, quotes group.
fn split_args(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for ch in text.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => quote = Some(ch),
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Seconds in `00:03:00`, `90`, `1.5`.
fn seconds(s: &str) -> Option<f64> {
    s.split(':')
        .try_fold(0.0, |acc, p| p.parse::<f64>().ok().map(|v| acc * 60.0 + v))
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// What the options ask for.
#[derive(Default)]
struct Options {
    start: Option<f64>,
    end: Option<f64>,
    duration: Option<f64>,
    fps: Option<f64>,
    copy: bool,
    no_audio: bool,
    no_video: bool,
    codec: Option<VideoCodec>,
    crf: Option<f64>,
    audio: AudioSettings,
    filters: Vec<Intent>,
    width: Option<u32>,
    height: Option<u32>,
    output: Option<Format>,
    /// The input is a GIF already ("-i in.gif").
    gif_in: bool,
}

fn read(args: &[String]) -> Vec<Intent> {
    let mut o = Options::default();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let v = args.get(i + 1).map(String::as_str).unwrap_or("");
        let took = option(&mut o, a, v);
        if took == 0 && !a.starts_with('-') {
            // The last file named is the output.
            let named = a.rsplit_once('.').and_then(|(_, ext)| {
                match format_word(ext.to_lowercase().trim_end_matches(['`', '"', '\''])) {
                    Some(FormatWord::Writable(f)) => Some(f),
                    _ => None,
                }
            });
            if named.is_some() {
                o.output = named;
            }
        }
        i += 1 + took;
    }
    intents(o)
}

/// Reads option `a` with its value `v`; how many values it took.
fn option(o: &mut Options, a: &str, v: &str) -> usize {
    match a {
        "-ss" => o.start = seconds(v),
        "-to" => o.end = seconds(v),
        "-t" => o.duration = seconds(v),
        "-r" => o.fps = v.parse().ok(),
        "-an" => {
            o.no_audio = true;
            return 0;
        }
        "-vn" => {
            o.no_video = true;
            return 0;
        }
        "-c" | "-codec" | "-c:v" | "-vcodec" | "-codec:v" if v == "copy" => o.copy = true,
        "-c:v" | "-vcodec" | "-codec:v" => o.codec = codec_word(&v.to_lowercase().replace('-', "")),
        "-crf" | "-q:v" | "-qscale:v" => o.crf = v.parse().ok(),
        "-b:a" | "-ab" => {
            o.audio.bitrate_kbps = v.trim_end_matches(['k', 'K']).parse().ok();
        }
        "-ar" => o.audio.sample_rate = v.parse().ok(),
        "-ac" => o.audio.channels = v.parse().ok(),
        "-vf" | "-filter:v" | "-filter_complex" | "-lavfi" => filters(o, v),
        "-i" if v
            .to_lowercase()
            .trim_end_matches(['`', '"', '\''])
            .ends_with(".gif") =>
        {
            o.gif_in = true;
        }
        "-i" | "-map" | "-movflags" | "-f" | "-preset" | "-pix_fmt" | "-c:a" | "-acodec"
        | "-fflags" | "-avoid_negative_ts" | "-loglevel" | "-threads" | "-tune" | "-profile:v"
        | "-b:v" | "-maxrate" | "-bufsize" | "-g" | "-loop" => {}
        _ => return 0,
    }
    1
}

/// A filter chain: `fps=10,scale=320:-1,hflip,setpts=0.5*PTS`.
fn filters(o: &mut Options, chain: &str) {
    for f in chain.split([',', ';']).map(str::trim) {
        // "[0:v]fps=5": the stream label goes.
        let f = f.rsplit_once(']').map_or(f, |(_, rest)| rest);
        let (name, arg) = f.split_once('=').unwrap_or((f, ""));
        match name.trim() {
            "fps" => o.fps = arg.parse().ok(),
            "scale" => {
                let (w, h) = arg.split_once(':').unwrap_or((arg, "-1"));
                let px = |s: &str| {
                    s.split(':')
                        .next()
                        .and_then(|s| s.parse::<i64>().ok())
                        .filter(|v| *v > 0)
                        .map(|v| v as u32)
                };
                o.width = px(w);
                o.height = px(h);
            }
            "hflip" => o.filters.push(Intent::Op(
                Flip {
                    direction: FlipDirection::Horizontal,
                }
                .into(),
            )),
            "vflip" => o.filters.push(Intent::Op(
                Flip {
                    direction: FlipDirection::Vertical,
                }
                .into(),
            )),
            "transpose" => {
                let degrees = if arg == "2" || arg == "cclock" {
                    270
                } else {
                    90
                };
                o.filters.push(Intent::Op(Rotate::by(degrees).into()));
            }
            "reverse" => o.filters.push(Intent::Op(Reverse {}.into())),
            "setpts" => {
                let k = arg.split('*').next().and_then(|k| k.parse::<f64>().ok());
                if let Some(k) = k.filter(|k| *k > 0.0) {
                    let factor = ((1.0 / k) * 1000.0).round() / 1000.0;
                    o.filters.push(Intent::Op(Speed { factor }.into()));
                }
            }
            "format" if arg.starts_with("gray") => o.filters.push(Intent::Op(Grayscale {}.into())),
            _ => {}
        }
    }
}

/// The intents, in the order the command applies them.
fn intents(o: Options) -> Vec<Intent> {
    let mut out = Vec::new();
    // The output's container first ("-r 25 out.mp4": an mp4 at 25 fps).
    let plain_output = o.codec.is_none() && !o.copy && o.audio.is_empty() && !o.no_video;
    if let (true, Some(to)) = (
        plain_output,
        o.output.filter(|f| *f != Format::Gif && !f.is_audio()),
    ) {
        out.push(Intent::ConvertTo {
            to: FormatWord::Writable(to),
            quality: None,
        });
    }
    if o.start.is_some() || o.end.is_some() || o.duration.is_some() {
        let trim = Trim {
            start: o.start.filter(|s| *s > 0.0),
            end: o.end,
            duration: if o.end.is_some() { None } else { o.duration },
            last: None,
        };
        out.push(Intent::Op(trim.into()));
    }
    out.extend(o.filters);
    // ("-i in.gif -vf fps=7 out.gif": the GIF's own frame rate changed.)
    let gif = o.output == Some(Format::Gif) && !o.gif_in;
    if gif {
        out.push(Intent::Gif {
            fps: o.fps.map(|f| f.round() as u32),
            width: o.width,
            height: o.height,
        });
        return out;
    }
    if o.width.is_some() || o.height.is_some() {
        let scale = Scale {
            width: o.width,
            height: o.height,
            percent: None,
            resolution: None,
            keep_aspect: true,
            fill: false,
        };
        out.push(Intent::Op(scale.into()));
    }
    if let Some(fps) = o.fps {
        out.push(Intent::Op(ChangeFps { fps }.into()));
    }
    if o.no_audio {
        out.push(Intent::Op(RemoveAudio {}.into()));
    }
    if let Some(crf) = o.crf {
        let quality = match crf {
            c if c <= 20.0 => Quality::High,
            c if c <= 26.0 => Quality::Medium,
            c if c <= 32.0 => Quality::Low,
            _ => Quality::Smallest,
        };
        out.push(Intent::Op(
            Compress {
                quality: Some(quality),
                target_mb: None,
            }
            .into(),
        ));
    }
    if !o.audio.is_empty() || o.no_video {
        out.push(Intent::AudioShape {
            channels: o.audio.channels,
            bitrate_kbps: o.audio.bitrate_kbps,
            sample_rate: o.audio.sample_rate,
            to: o.output.filter(|f| f.is_audio()),
        });
    }
    match (o.codec, o.copy, o.output) {
        (Some(codec), _, to) => out.push(Intent::Codec {
            codec,
            to: to.filter(|f| codec.fits(*f)),
        }),
        // "-c copy" with a cut: the cut is re-encoded anyway.
        (None, true, to) if out.is_empty() => out.push(Intent::Remux(to)),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(prompt: &str) -> Vec<String> {
        find(prompt)
            .unwrap()
            .intents
            .iter()
            .map(|i| match i {
                Intent::Op(op) => op.name().to_string(),
                other => format!("{other:?}")
                    .split([' ', '(', '{'])
                    .next()
                    .unwrap_or("")
                    .to_string(),
            })
            .collect()
    }

    #[test]
    fn command_lines_are_read_option_by_option() {
        assert_eq!(
            names("ffmpeg -ss 00:00:30 -i in.mp4 -t 3 -vf \"fps=10,scale=320:-1\" out.gif"),
            ["trim", "Gif"]
        );
        assert_eq!(names("ffmpeg -i in.mp4 -c copy -map 0 out.mp4"), ["Remux"]);
        assert_eq!(
            names("try `ffmpeg -i a.webm -r 25 a.mp4` please"),
            ["ConvertTo", "change_fps"]
        );
        assert_eq!(
            names("ffmpeg -i a.mp4 -c:v libx265 -crf 28 b.mp4"),
            ["compress", "Codec"]
        );
        assert_eq!(
            names("ffmpeg -i a.mp4 -vf setpts=0.5*PTS -an b.mp4"),
            ["ConvertTo", "speed", "remove_audio"]
        );
        let c = find("use ffmpeg -i a.mp4 b.mkv to do it").unwrap();
        assert_eq!(c.range.start, 4);
        // A GIF in and out: its own frame rate, no GIF made of it.
        assert_eq!(names("ffmpeg -i a.gif -vf fps=7 b.gif"), ["change_fps"]);
        // The options alone, without the program's name.
        let c = find("run -i in.mp4 -t 3 out.gif on it").unwrap();
        assert_eq!(c.range.start, 4);
        assert_eq!(names("run -i in.mp4 -t 3 out.gif"), ["trim", "Gif"]);
        assert!(find("I tried -i on my phone").is_none());
    }
}
