//! Which of the input's other streams a render copies into the MP4, and
//! what it says about what it kept.

use ffmpeg::format::context::Input;
use ffmpeg::media::Type;
use ffmpeg_next as ffmpeg;

use crate::media::av::Medium;
use crate::media::MediaError;

/// The streams copied as they are (input index, kind), and the summary.
pub(super) struct StreamPlan {
    pub copied: Vec<(usize, Medium)>,
    pub kept: Kept,
}

/// What of the source a render kept besides its pictures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    pub audio_tracks: u32,
    pub subtitle_tracks: u32,
    /// Streams left out, each as "kind (codec)".
    pub dropped: Vec<String>,
    /// The picture size as stored and as written, when they differ.
    pub resized: Option<((u32, u32), (u32, u32))>,
}

impl Kept {
    /// One line for people, e.g. "video and 2 audio tracks; dropped: subtitles (subrip)".
    pub fn describe(&self) -> String {
        let count = |n: u32, what: &str| match n {
            1 => format!("1 {what} track"),
            n => format!("{n} {what} tracks"),
        };
        let mut kept = vec!["video".to_string()];
        if self.audio_tracks > 0 {
            kept.push(count(self.audio_tracks, "audio"));
        }
        if self.subtitle_tracks > 0 {
            kept.push(count(self.subtitle_tracks, "subtitle"));
        }
        let mut line = match kept.len() {
            1 => "video only".to_string(),
            _ => {
                let last = kept.pop().unwrap_or_default();
                format!("{} and {last}", kept.join(", "))
            }
        };
        if self.audio_tracks == 0 {
            line.push_str(" (no audio kept)");
        }
        if !self.dropped.is_empty() {
            line.push_str("; dropped: ");
            line.push_str(&self.dropped.join(", "));
        }
        if let Some(((w0, h0), (w1, h1))) = self.resized {
            line.push_str(&format!(
                "; {w0}x{h0} written as {w1}x{h1} (H.264 needs even sizes)"
            ));
        }
        line
    }
}

impl StreamPlan {
    /// Copies every audio and subtitle stream the MP4 can hold. The main
    /// audio stream must fit (a render without the sound the person heard
    /// would be a surprise); other streams that do not are dropped.
    pub fn choose(
        input: &Input,
        video: usize,
        accepts: impl Fn(ffmpeg::codec::Id) -> bool,
    ) -> Result<StreamPlan, MediaError> {
        let main_audio = input.streams().best(Type::Audio).map(|s| s.index());
        let mut plan = StreamPlan {
            copied: Vec::new(),
            kept: Kept::default(),
        };
        for stream in input.streams() {
            let index = stream.index();
            if index == video {
                continue;
            }
            let id = stream.parameters().id();
            let (medium, kind) = match stream.parameters().medium() {
                Type::Audio => (Some(Medium::Audio), "audio"),
                Type::Subtitle => (Some(Medium::Subtitle), "subtitles"),
                Type::Video => (None, "video"),
                Type::Attachment => (None, "attachment"),
                _ => (None, "data"),
            };
            match medium {
                Some(medium) if accepts(id) => {
                    plan.copied.push((index, medium));
                    match medium {
                        Medium::Audio => plan.kept.audio_tracks += 1,
                        _ => plan.kept.subtitle_tracks += 1,
                    }
                }
                _ if Some(index) == main_audio => {
                    return Err(MediaError::UnsupportedAudio {
                        codec: id.name().to_string(),
                    })
                }
                _ => plan.kept.dropped.push(format!("{kind} ({})", id.name())),
            }
        }
        Ok(plan)
    }
}

#[cfg(test)]
mod tests {
    use super::Kept;

    #[test]
    fn says_what_was_kept() {
        assert_eq!(Kept::default().describe(), "video only (no audio kept)");
        let k = Kept {
            audio_tracks: 2,
            subtitle_tracks: 1,
            dropped: vec!["subtitles (subrip)".into()],
            resized: Some(((853, 480), (852, 480))),
        };
        assert_eq!(
            k.describe(),
            "video, 2 audio tracks and 1 subtitle track; dropped: subtitles (subrip); \
             853x480 written as 852x480 (H.264 needs even sizes)"
        );
        let one = Kept {
            audio_tracks: 1,
            ..Kept::default()
        };
        assert_eq!(one.describe(), "video and 1 audio track");
    }
}
