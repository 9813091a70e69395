//! `watermark`: text, or a logo image sent with the video or picture, in a
//! corner. Pictures go through the same libavfilter graph as video (one
//! frame, written as PNG or JPEG), so both look alike.

use serde::{Deserialize, Serialize};

use super::av::{AvPlan, Filters, PlanInput, Still, VideoEnc};
use super::op::{self, Op};
use super::plan::{audio_for, dims, video_encoder, GraphPlan, EVEN_SIZE};
use super::{even, fmt_num, invalid, FileFacts, Format, MediaKind, OpError};

/// Longest text watermark.
const MAX_TEXT: usize = 100;

/// Text (one line, up to 100 characters) or, with a second input file, an
/// image in a corner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Watermark {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default)]
    pub position: Corner,
    /// 0.05–1.
    #[serde(default = "default_opacity")]
    pub opacity: f64,
}

fn default_opacity() -> f64 {
    0.7
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    #[default]
    BottomRight,
    Center,
}

impl Corner {
    /// Overlay / drawtext position expressions, `margin` pixels in, of an
    /// `inner` picture on an `outer` one (their width and height names).
    fn xy(self, outer: (&str, &str), inner: (&str, &str), margin: u32) -> (String, String) {
        let (ow, oh) = outer;
        let (iw, ih) = inner;
        let m = margin;
        match self {
            Corner::TopLeft => (format!("{m}"), format!("{m}")),
            Corner::TopRight => (format!("{ow}-{iw}-{m}"), format!("{m}")),
            Corner::BottomLeft => (format!("{m}"), format!("{oh}-{ih}-{m}")),
            Corner::BottomRight => (format!("{ow}-{iw}-{m}"), format!("{oh}-{ih}-{m}")),
            Corner::Center => (format!("({ow}-{iw})/2"), format!("({oh}-{ih})/2")),
        }
    }
}

/// Watermark text may hold any printable character: it is escaped for
/// libavfilter (see `escaped`) and drawn with expansion off, so "%{...}"
/// is written as it stands. Control characters (line breaks, tabs) are
/// refused, as drawtext would draw them as boxes.
fn check_text(text: &str) -> Result<(), OpError> {
    if text.trim().is_empty() {
        return invalid("the watermark text is empty");
    }
    if text.chars().count() > MAX_TEXT {
        return invalid(format!(
            "the watermark text is longer than {MAX_TEXT} characters"
        ));
    }
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return invalid(format!(
            "the watermark text cannot contain {c:?}: write it on one line"
        ));
    }
    Ok(())
}

/// `text` as a drawtext option value inside a filter graph: escaped once
/// for the option parser (`\`, `'`, `:`) and once more for the graph
/// parser (`\`, `'`, `[`, `]`, `,`, `;`), as FFmpeg's "Quoting and
/// escaping" describes.
fn escaped(text: &str) -> String {
    let once = |s: &str, special: &str| {
        let mut out = String::with_capacity(s.len() * 2);
        for c in s.chars() {
            if special.contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    };
    once(&once(text, "\\':"), "\\'[],;")
}

impl Watermark {
    /// The drawtext filter writing `text` on a `w` x `h` video.
    fn text_filter(&self, text: &str, (w, h): (u32, u32), even: bool) -> String {
        let size = (h / 12).max(10);
        let (x, y) = self.position.xy(("w", "h"), ("tw", "th"), margin(w, h));
        format!(
            "drawtext=expansion=none:text={}:fontcolor=white@{}:fontsize={size}:borderw={}:bordercolor=black@{}:x={x}:y={y}{}",
            escaped(text),
            fmt_num(self.opacity),
            (size / 16).max(1),
            fmt_num(self.opacity * 0.6),
            if even { even_fix(w, h) } else { String::new() }
        )
    }

    /// The graph laying `mark` (a fifth of the video's width, never
    /// enlarged) over a `w` x `h` video.
    fn image_graph(
        &self,
        mark: &FileFacts,
        (w, h): (u32, u32),
        audio: bool,
        even: bool,
    ) -> Result<String, OpError> {
        let (iw, ih) = dims(mark)?;
        let tw = (w / 5).max(8).min(iw);
        let th = ((u64::from(ih) * u64::from(tw) / u64::from(iw)) as u32).max(1);
        let (x, y) = self.position.xy(
            ("main_w", "main_h"),
            ("overlay_w", "overlay_h"),
            margin(w, h),
        );
        let mut g = format!(
            "[1:v]scale={tw}:{th},format=rgba,colorchannelmixer=aa={}[wm];[0:v][wm]overlay=x={x}:y={y}{}[v]",
            fmt_num(self.opacity),
            if even { even_fix(w, h) } else { String::new() }
        );
        if audio {
            g.push_str(";[0:a]anull[a]");
        }
        Ok(g)
    }
}

fn margin(w: u32, h: u32) -> u32 {
    (w.min(h) / 30).max(4)
}

/// Odd video sizes are made even after the mark.
fn even_fix(w: u32, h: u32) -> String {
    if w % 2 == 1 || h % 2 == 1 {
        format!(",{EVEN_SIZE}")
    } else {
        String::new()
    }
}

/// A picture's watermarked copy: PNG, or JPEG for a JPEG.
fn picture_format(input: &FileFacts) -> Format {
    if input.format == Format::Jpeg {
        Format::Jpeg
    } else {
        Format::Png
    }
}

fn picture_encoder(format: Format) -> VideoEnc {
    if format == Format::Jpeg {
        VideoEnc {
            encoder: "mjpeg",
            pix_fmt: "yuvj444p",
            opts: vec![("q", "2".into())],
        }
    } else {
        VideoEnc {
            encoder: "png",
            pix_fmt: "rgba",
            opts: vec![],
        }
    }
}

impl Op for Watermark {
    const NAME: &'static str = "watermark";
    const SUMMARY: &'static str =
        "Text, or a logo image sent with the video or picture, in a corner.";
    const ACCEPTS: &'static [MediaKind] = &[MediaKind::Video, MediaKind::Image];
    const MULTI_INPUT: bool = true;

    fn output_format(&self, input: &FileFacts) -> Format {
        if input.kind == MediaKind::Image {
            picture_format(input)
        } else {
            op::same_format(input)
        }
    }

    /// Pictures too run through the filter graph.
    fn on_still_path(&self, _input: &FileFacts) -> bool {
        false
    }

    fn validate(&self) -> Result<(), OpError> {
        op::within(self.opacity, 0.05..=1.0, "opacity must be within 0.05..=1")?;
        match &self.text {
            Some(t) => check_text(t),
            None => Ok(()),
        }
    }

    fn describe(&self) -> String {
        match &self.text {
            Some(t) => format!("Add the watermark \"{t}\""),
            None => "Add the image watermark".into(),
        }
    }

    fn suffix(&self) -> String {
        "_watermarked".into()
    }

    fn combine(&self, inputs: &[FileFacts]) -> Result<FileFacts, OpError> {
        let first = &inputs[0];
        op::check_accepts(self, first)?;
        match (&self.text, inputs.len()) {
            (Some(_), 1) => {}
            (None, 2) => {
                if inputs[1].kind != MediaKind::Image {
                    return Err(OpError::Invalid(format!(
                        "the watermark must be an image ({} is {})",
                        inputs[1].name,
                        inputs[1].kind.word()
                    )));
                }
            }
            (Some(_), _) => return invalid("a text watermark takes one video or picture at a time"),
            (None, _) => return invalid("an image watermark takes a video or picture and the logo image"),
        }
        let mut out = op::renamed(self, first);
        if first.kind != MediaKind::Image {
            out.width = first.width.map(even);
            out.height = first.height.map(even);
        }
        Ok(out)
    }

    fn plan(&self, inputs: &[FileFacts]) -> Result<AvPlan, OpError> {
        let f = &inputs[0];
        let size = dims(f)?;
        let out_format = self.output_format(f);
        let picture = f.kind == MediaKind::Image;
        let first = if picture {
            PlanInput {
                still: Some(Still {
                    loop_secs: None,
                    fps: 25,
                }),
                ..PlanInput::plain()
            }
        } else {
            PlanInput::plain()
        };
        let (filters, inputs, feed_order) = match &self.text {
            Some(t) => (
                Filters::Simple {
                    vf: Some(self.text_filter(t, size, !picture)),
                    af: None,
                },
                vec![first],
                vec![0],
            ),
            None => {
                let mark = PlanInput {
                    still: Some(Still {
                        loop_secs: None,
                        fps: 25,
                    }),
                    ..PlanInput::plain()
                };
                (
                    Filters::Complex(self.image_graph(
                        &inputs[1],
                        size,
                        f.has_audio && !picture,
                        !picture,
                    )?),
                    vec![first, mark],
                    vec![1, 0],
                )
            }
        };
        if picture {
            let mut plan = GraphPlan {
                inputs,
                filters,
                video: Some(picture_encoder(out_format)),
                audio: None,
                feed_order,
                expected_secs: None,
            }
            .into_plan(out_format);
            plan.max_frames = Some(1);
            return Ok(plan);
        }
        Ok(GraphPlan {
            inputs,
            filters,
            video: Some(video_encoder(out_format)),
            audio: f.has_audio.then(|| audio_for(out_format, None)),
            feed_order,
            expected_secs: f.duration_secs,
        }
        .into_plan(out_format))
    }
}
