//! The editing operations on real clips, outputs probed: a middle part cut
//! out, fades, loops and loop counts, boomerangs, streams copied into
//! another container, the sound's channels, bitrate and sample rate.

use std::path::Path;

use super::tests::{clip, close, facts, picture_at, run1, streams, wav, FPS, H, W};
use super::*;

fn cut(start: f64, end: f64) -> Operation {
    Cut { start, end }.into()
}

#[test]
fn cuts_a_part_out_of_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 3.0, true);
    let out = run1(&cut(1.0, 2.0), &input, dir.path());
    let s = streams(&out);
    assert!(close(s.duration, 2.0, 0.2), "{s:?}");
    assert!(s.audio.is_some(), "{s:?}");
    assert!(
        (s.frames as i64 - 2 * i64::from(FPS)).abs() <= 2,
        "{} frames",
        s.frames
    );
    // Predicted as measured.
    let p = cut(1.0, 2.0).output(&facts(&input)).unwrap();
    assert!(close(p.duration_secs.unwrap(), 2.0, 0.05), "{p:?}");
    // From the start, or to the end: one part left.
    let head = run1(&cut(0.0, 1.0), &input, dir.path());
    assert!(close(streams(&head).duration, 2.0, 0.2));
    let tail = run1(&cut(2.5, 9.0), &input, dir.path());
    assert!(close(streams(&tail).duration, 2.5, 0.2));
    // Nothing left, or a part that does not exist: refused before running.
    assert!(cut(0.0, 5.0).output(&facts(&input)).is_err());
    assert!(cut(4.0, 5.0).output(&facts(&input)).is_err());
    assert!(cut(2.0, 1.0).validate().is_err());
}

#[test]
fn fades_in_and_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 2.0, true);
    let op: Operation = Fade {
        fade_in: Some(0.5),
        fade_out: Some(0.5),
    }
    .into();
    let out = run1(&op, &input, dir.path());
    let s = streams(&out);
    assert!(close(s.duration, 2.0, 0.2) && s.audio.is_some(), "{s:?}");
    let first = picture_at(&out, 0);
    let middle = picture_at(&out, (FPS) as usize);
    let mean = |img: &::image::RgbImage| {
        img.pixels().map(super::tests::luma).sum::<f64>() / f64::from(img.width() * img.height())
    };
    assert!(mean(&first) < 20.0, "starts black: {}", mean(&first));
    assert!(mean(&middle) > mean(&first) + 30.0);
    let last = picture_at(&out, s.frames as usize - 1);
    assert!(mean(&last) < mean(&middle) - 20.0, "ends darker");
    // Fades longer than the clip are refused.
    let long: Operation = Fade {
        fade_in: Some(2.0),
        fade_out: Some(2.0),
    }
    .into();
    assert!(long.output(&facts(&input)).is_err());
    // Audio alone fades too.
    let song = wav(dir.path(), "s.wav", 1.0, 0.5);
    let faded = run1(&op, &song, dir.path());
    assert!(close(streams(&faded).duration, 1.0, 0.1));
}

#[test]
fn loops_clips_and_sets_gif_loop_counts() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, true);
    let three: Operation = Loop { times: 3 }.into();
    let out = run1(&three, &input, dir.path());
    let s = streams(&out);
    assert!(close(s.duration, 3.0, 0.25), "{s:?}");
    assert!((s.frames as i64 - 3 * i64::from(FPS)).abs() <= 3, "{s:?}");
    assert!(s.audio.is_some());
    // A GIF keeps its frames and says how often it plays.
    let gif = run1(
        &ToGif {
            fps: Some(5),
            width: Some(80),
        }
        .into(),
        &input,
        dir.path(),
    );
    let once = run1(&Loop { times: 1 }.into(), &gif, dir.path());
    assert_eq!(streams(&once).frames, streams(&gif).frames);
    assert_eq!(gif_loop_count(&once), None, "no NETSCAPE block: plays once");
    let twice = run1(&Loop { times: 2 }.into(), &gif, dir.path());
    assert_eq!(gif_loop_count(&twice), Some(1));
    // Made to loop again, forever (count 0), from one that played once.
    let forever = run1(&Loop { times: 0 }.into(), &once, dir.path());
    assert_eq!(gif_loop_count(&forever), Some(0));
    assert_eq!(streams(&forever).frames, streams(&gif).frames);
    // Forever is for GIFs only.
    assert!(Operation::from(Loop { times: 0 })
        .output(&facts(&input))
        .is_err());
    // A video played once is nothing to do.
    assert!(Operation::from(Loop { times: 1 })
        .output(&facts(&input))
        .is_err());
}

/// The loop count of a GIF's NETSCAPE2.0 block, if it has one.
fn gif_loop_count(path: &Path) -> Option<u16> {
    let bytes = std::fs::read(path).unwrap();
    let at = bytes.windows(11).position(|w| w == b"NETSCAPE2.0")?;
    let b = &bytes[at + 11..at + 16];
    Some(u16::from_le_bytes([b[2], b[3]]))
}

#[test]
fn boomerangs_play_forward_then_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, true);
    let out = run1(&Boomerang {}.into(), &input, dir.path());
    let s = streams(&out);
    assert!(close(s.duration, 2.0, 0.2), "{s:?}");
    assert!((s.frames as i64 - 2 * i64::from(FPS)).abs() <= 2, "{s:?}");
    // The first and the last picture are the same moment.
    let a = picture_at(&out, 0);
    let b = picture_at(&out, s.frames as usize - 1);
    let diff: f64 = a
        .pixels()
        .zip(b.pixels())
        .map(|(p, q)| (super::tests::luma(p) - super::tests::luma(q)).abs())
        .sum::<f64>()
        / f64::from(W * H);
    assert!(diff < 8.0, "{diff}");
}

#[test]
fn remuxes_without_encoding_again() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, true);
    let op: Operation = Remux { to: Format::Mkv }.into();
    let out = run1(&op, &input, dir.path());
    assert_eq!(out.extension().unwrap(), "mkv");
    let (a, b) = (streams(&input), streams(&out));
    assert_eq!(b.format, "matroska,webm");
    assert_eq!(a.video, b.video);
    assert_eq!(a.audio, b.audio);
    assert_eq!(a.frames, b.frames);
    let line = op.command_line(&[facts(&input)], "c.mkv").unwrap();
    assert!(
        line.contains("-c:v copy") && line.contains("-c:a copy"),
        "{line}"
    );
    // H.264 does not go in WebM: refused before running.
    let mut f = facts(&input);
    f.video_codec = Some("h264".into());
    assert!(Operation::from(Remux { to: Format::Webm })
        .output(&f)
        .is_err());
    // The Matroska file's streams go back into an MP4 as they are; the
    // probe names the audio codec that decides it.
    let mkv = facts(&out);
    assert_eq!(mkv.video_codec.as_deref(), Some("h264"));
    assert_eq!(mkv.audio_codec.as_deref(), Some("aac"));
    let back = run1(&Remux { to: Format::Mp4 }.into(), &out, dir.path());
    let c = streams(&back);
    assert_eq!(c.format, "mov,mp4,m4a,3gp,3g2,mj2");
    assert_eq!((c.video, c.audio, c.frames), (a.video, a.audio, a.frames));
    // PCM sound does not go in an MP4: refused before running.
    let mut pcm = mkv;
    pcm.audio_codec = Some("pcm_s16le".into());
    assert!(Operation::from(Remux { to: Format::Mp4 })
        .output(&pcm)
        .is_err());
}

#[test]
fn an_m4a_becomes_an_audiobook_without_encoding_again() {
    let dir = tempfile::tempdir().unwrap();
    let tone = wav(dir.path(), "chapter.wav", 2.0, 0.3);
    let m4a = run1(
        &Convert {
            to: Format::M4a,
            quality: None,
            codec: None,
            lossless: false,
        }
        .into(),
        &tone,
        dir.path(),
    );
    let op: Operation = Remux { to: Format::M4b }.into();
    let book = run1(&op, &m4a, dir.path());
    assert_eq!(book.extension().unwrap(), "m4b");
    let f = facts(&book);
    assert_eq!((f.kind, f.format), (MediaKind::Audio, Format::M4b));
    // The AAC packets are the M4A's own: same codec, rate, channels and
    // length, and the same bytes give or take the container's (an M4B
    // encoded again would be at a third of the M4A's 192 kb/s).
    let (a, b) = (streams(&m4a), streams(&book));
    assert_eq!(a.audio, b.audio);
    assert!(close(b.duration, a.duration, 0.05), "{b:?}");
    let size = |p: &Path| std::fs::metadata(p).unwrap().len() as f64;
    assert!(close(size(&book), size(&m4a), size(&m4a) * 0.05));
    let line = op.command_line(&[facts(&m4a)], "chapter.m4b").unwrap();
    assert!(line.contains("-c:a copy"), "{line}");
    // And back to an M4A, still copied.
    let back = run1(&Remux { to: Format::M4a }.into(), &book, dir.path());
    assert_eq!(streams(&back).audio, a.audio);
    // An MP3's sound does not go in an M4B as it is, nor a video's picture
    // in a sound file: refused before running.
    let mut mp3 = facts(&m4a);
    mp3.audio_codec = Some("mp3".into());
    assert!(op.output(&mp3).is_err());
    let video = clip(dir.path(), "c.mp4", 1.0, true);
    assert!(op.output(&facts(&video)).is_err());
}

#[test]
fn strips_a_videos_tags_and_keeps_its_streams() {
    let dir = tempfile::tempdir().unwrap();
    let plain = clip(dir.path(), "plain.mp4", 1.0, true);
    // Tags as phones write them, added by the ffmpeg command.
    let tagged = dir.path().join("tagged.mp4");
    let status = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-i"])
        .arg(&plain)
        .args(["-c", "copy", "-metadata", "title=Holiday", "-metadata"])
        .args(["location=+48.8584+002.2945/", "-metadata", "comment=secret"])
        .arg(&tagged)
        .status();
    let Ok(status) = status else {
        eprintln!("NOTE: the ffmpeg command is not installed; skipping the tag check");
        return;
    };
    assert!(status.success());
    let tags = |p: &Path| -> Vec<String> {
        let ictx = ffmpeg_next::format::input(p).unwrap();
        ictx.metadata()
            .iter()
            .map(|(k, _)| k.to_string())
            .filter(|k| {
                !matches!(
                    k.as_str(),
                    "major_brand" | "minor_version" | "compatible_brands" | "encoder"
                )
            })
            .collect()
    };
    assert!(
        tags(&tagged).contains(&"title".to_string()),
        "{:?}",
        tags(&tagged)
    );
    let op: Operation = StripMetadata {}.into();
    let out = run1(&op, &tagged, dir.path());
    assert_eq!(out.extension().unwrap(), "mp4");
    assert!(tags(&out).is_empty(), "{:?}", tags(&out));
    let (a, b) = (streams(&tagged), streams(&out));
    assert_eq!(a.video, b.video);
    assert_eq!(a.audio, b.audio);
    assert_eq!(a.frames, b.frames);
    let line = op
        .command_line(&[facts(&tagged)], "tagged_clean.mp4")
        .unwrap();
    assert!(
        line.contains("-c:v copy") && line.contains("-map_metadata -1"),
        "{line}"
    );
}

#[test]
fn sets_audio_channels_bitrate_and_rate() {
    let dir = tempfile::tempdir().unwrap();
    let song = wav(dir.path(), "s.wav", 1.0, 0.5);
    let mono: Operation = AudioSettings {
        channels: Some(1),
        sample_rate: Some(22_050),
        bitrate_kbps: None,
    }
    .into();
    let out = run1(&mono, &song, dir.path());
    let (codec, rate, channels) = streams(&out).audio.unwrap();
    assert_eq!((codec.as_str(), rate, channels), ("pcm_s16le", 22_050, 1));
    // An MP3 at 32 kb/s, mono, from a video.
    let input = clip(dir.path(), "c.mp4", 2.0, true);
    let extract: Operation = ExtractAudio {
        to: Format::Mp3,
        channels: Some(1),
        bitrate_kbps: Some(32),
        sample_rate: None,
    }
    .into();
    let mp3 = run1(&extract, &input, dir.path());
    let (codec, _, channels) = streams(&mp3).audio.unwrap();
    assert_eq!((codec.as_str(), channels), ("mp3", 1));
    let kbps = std::fs::metadata(&mp3).unwrap().len() as f64 * 8.0 / 2.0 / 1000.0;
    assert!(kbps < 45.0, "{kbps} kb/s");
    let line = extract.command_line(&[facts(&input)], "c.mp3").unwrap();
    assert!(
        line.contains("-b:a 32k") && line.contains("-ac 1"),
        "{line}"
    );
    // Nothing to set, or no sound: refused.
    assert!(Operation::from(AudioSettings::default())
        .validate()
        .is_err());
    let silent = clip(dir.path(), "m.mp4", 1.0, false);
    assert!(mono.output(&facts(&silent)).is_err());
}

#[test]
fn splits_a_clip_into_files_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 3.0, true);
    let every: Operation = Split {
        every: Some(1.0),
        parts: None,
        at: vec![],
    }
    .into();
    let out_dir = dir.path().join("every");
    std::fs::create_dir(&out_dir).unwrap();
    let parts = super::tests::run_op(&every, std::slice::from_ref(&input), &out_dir);
    assert_eq!(parts.len(), 3, "{parts:?}");
    let names: Vec<String> = parts
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["c_part_001.mp4", "c_part_002.mp4", "c_part_003.mp4"]
    );
    let mut frames = 0;
    for p in &parts {
        let s = streams(p);
        // Each part starts at 0 and lasts its second, with its sound.
        assert!(close(s.duration, 1.0, 0.05), "{p:?}: {s:?}");
        assert!(s.audio.is_some() && s.video.is_some(), "{s:?}");
        frames += s.frames;
    }
    // No picture lost or doubled at the seams.
    assert_eq!(frames, streams(&input).frames);
    // Predicted as written.
    let predicted = every.outputs(&[facts(&input)]).unwrap();
    assert_eq!(predicted.len(), 3);
    assert_eq!(predicted[2].name, "c_part_003.mp4");

    // At given times, on a sound file: parts as long as the gaps.
    let song = wav(dir.path(), "s.wav", 3.0, 0.5);
    let at: Operation = Split {
        every: None,
        parts: None,
        at: vec![0.5, 2.0],
    }
    .into();
    let out_dir = dir.path().join("at");
    std::fs::create_dir(&out_dir).unwrap();
    let parts = super::tests::run_op(&at, &[song], &out_dir);
    let lengths: Vec<f64> = parts.iter().map(|p| streams(p).duration).collect();
    assert!(
        lengths.len() == 3
            && close(lengths[0], 0.5, 0.05)
            && close(lengths[1], 1.5, 0.05)
            && close(lengths[2], 1.0, 0.05),
        "{lengths:?}"
    );

    // Equal parts; a time past the end or too many parts is refused first.
    let halves: Operation = Split {
        every: None,
        parts: Some(2),
        at: vec![],
    }
    .into();
    let p = halves.outputs(&[facts(&input)]).unwrap();
    assert!(p.len() == 2 && close(p[1].duration_secs.unwrap(), 1.5, 0.01));
    // A remainder under half a second stays with the part before it.
    let uneven: Operation = Split {
        every: Some(1.4),
        parts: None,
        at: vec![],
    }
    .into();
    let p = uneven.outputs(&[facts(&input)]).unwrap();
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(close(p[1].duration_secs.unwrap(), 1.6, 0.05), "{p:?}");
    let late: Operation = Split {
        every: None,
        parts: None,
        at: vec![5.0],
    }
    .into();
    assert!(late.outputs(&[facts(&input)]).is_err());
    let tiny: Operation = Split {
        every: Some(0.5),
        parts: None,
        at: vec![],
    }
    .into();
    assert!(tiny.validate().is_err());
}
