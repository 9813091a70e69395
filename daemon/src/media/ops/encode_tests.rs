//! The encoders new formats use, on real files, outputs probed: HEVC, AV1,
//! ProRes, lossy WebP, palette PNGs with their transparency, crop-to-fill,
//! size targets for GIFs, PNGs and WebPs, gray GIFs, per-picture slideshow
//! durations, transparency under JPEG, Apple Lossless (ALAC) in M4A, the
//! older AVI, MPEG, WMV and AIFF, AVIF stills; AMR voice recordings read.

use std::path::{Path, PathBuf};

use super::tests::{
    clip, close, compare_with_cli, facts, ffmpeg_cli, max_chroma, png, run1, run_err, run_op,
    streams, wav,
};

/// A `w` x `h` photo-like picture: a gradient under fine noise, which
/// lossless codecs cannot squeeze.
fn noisy(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let img = ::image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 48) as u32;
        ::image::Rgb([
            ((x * 200 / w) + n) as u8,
            ((y * 200 / h) + n) as u8,
            (100 + n) as u8,
        ])
    });
    let p = dir.join(name);
    img.save(&p).unwrap();
    p
}
use super::*;

fn convert_to(to: Format, codec: Option<VideoCodec>) -> Operation {
    Convert {
        to,
        quality: None,
        codec,
        lossless: false,
    }
    .into()
}

#[test]
fn converts_to_hevc_av1_and_prores() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, true);
    for (to, codec, name, pix) in [
        (Format::Mp4, VideoCodec::Hevc, "hevc", "yuv420p"),
        (Format::Mp4, VideoCodec::Av1, "av1", "yuv420p"),
        (Format::Mov, VideoCodec::Prores, "prores", "yuv422p10le"),
    ] {
        let op = convert_to(to, Some(codec));
        let out = run1(&op, &input, dir.path());
        let s = streams(&out);
        let (got, w, h, _) = s.video.clone().unwrap();
        assert_eq!((got.as_str(), w, h), (name, 160, 120), "{s:?}");
        assert!(s.audio.is_some() && close(s.duration, 1.0, 0.2), "{s:?}");
        assert_eq!(pixel_format(&out), pix);
        let predicted = op.output(&facts(&input)).unwrap();
        assert_eq!(predicted.video_codec.as_deref(), Some(name));
    }
    // ProRes goes in MOV or MKV, not MP4.
    assert!(convert_to(Format::Mp4, Some(VideoCodec::Prores))
        .validate()
        .is_err());
}

/// A conversion to `to` at `quality`.
fn convert_at(to: Format, quality: u8) -> Operation {
    Convert {
        to,
        quality: Some(quality),
        codec: None,
        lossless: false,
    }
    .into()
}

/// The pixel format of a file's first video stream, by ffprobe.
fn pixel_format(path: &Path) -> String {
    let out = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0"])
        .args(["-show_entries", "stream=pix_fmt", "-of", "csv=p=0"])
        .arg(path)
        .output()
        .expect("ffprobe");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A 64x64 picture: an opaque red disc on a transparent ground, with a
/// soft edge.
fn logo(dir: &Path) -> PathBuf {
    let img = ::image::RgbaImage::from_fn(64, 64, |x, y| {
        let d = ((x as f64 - 32.0).powi(2) + (y as f64 - 32.0).powi(2)).sqrt();
        let a = ((28.0 - d) * 64.0).clamp(0.0, 255.0) as u8;
        ::image::Rgba([220, (x * 3) as u8, 40, a])
    });
    let p = dir.join("logo.png");
    img.save(&p).unwrap();
    p
}

#[test]
fn writes_lossy_webp_and_palette_pngs() {
    let dir = tempfile::tempdir().unwrap();
    let photo = noisy(dir.path(), "p.png", 400, 300);
    let lossless = run1(&convert_to(Format::Webp, None), &photo, dir.path());
    let lossy = run1(&convert_at(Format::Webp, 50), &photo, dir.path());
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&lossy) < size(&lossless),
        "{} {}",
        size(&lossy),
        size(&lossless)
    );
    let img = ::image::open(&lossy).unwrap();
    assert_eq!((img.width(), img.height()), (400, 300));
    // A palette PNG keeps its transparency.
    let logo = logo(dir.path());
    let small = run1(
        &Quantize {
            colors: Some(16),
            dither: false,
        }
        .into(),
        &logo,
        dir.path(),
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&small).unwrap(),
    ));
    let reader = decoder.read_info().unwrap();
    assert_eq!(reader.info().color_type, png::ColorType::Indexed);
    assert!(reader.info().trns.is_some(), "transparency kept");
    let rgba = ::image::open(&small).unwrap().to_rgba8();
    assert_eq!(rgba.get_pixel(0, 0)[3], 0, "the corner stays transparent");
    assert_eq!(rgba.get_pixel(32, 32)[3], 255, "the middle stays opaque");
    assert!(size(&small) < size(&logo));
}

#[test]
fn fills_a_box_by_cropping_the_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, false);
    let fill: Operation = Scale {
        width: Some(90),
        height: Some(160),
        percent: None,
        resolution: None,
        keep_aspect: true,
        fill: true,
    }
    .into();
    let out = run1(&fill, &input, dir.path());
    let (_, w, h, _) = streams(&out).video.unwrap();
    assert_eq!((w, h), (90, 160));
    let photo = png(dir.path(), "p.png", 400, 300);
    let still = run1(&fill, &photo, dir.path());
    let img = ::image::open(&still).unwrap();
    assert_eq!((img.width(), img.height()), (90, 160));
}

#[test]
fn gets_gifs_pngs_and_webps_under_a_size() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 2.0, false);
    let gif = run1(
        &ToGif {
            fps: Some(20),
            width: Some(160),
        }
        .into(),
        &input,
        dir.path(),
    );
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    let target = size(&gif) as f64 / 3.0 / 1e6;
    let small = run1(
        &Compress {
            quality: None,
            target_mb: Some(target),
        }
        .into(),
        &gif,
        dir.path(),
    );
    assert_eq!(facts(&small).format, Format::Gif);
    assert!(
        size(&small) as f64 <= target * 1e6,
        "{} > {target} MB",
        size(&small)
    );
    for (name, format) in [("p.png", Format::Png), ("p.webp", Format::Webp)] {
        let photo = noisy(dir.path(), "src.png", 600, 400);
        let pic = run1(&convert_to(format, None), &photo, dir.path());
        let renamed = dir.path().join(name);
        std::fs::rename(&pic, &renamed).unwrap();
        let target = size(&renamed) as f64 / 4.0 / 1e6;
        let out = run_op(
            &Compress {
                quality: None,
                target_mb: Some(target),
            }
            .into(),
            std::slice::from_ref(&renamed),
            dir.path(),
        )
        .remove(0);
        assert_eq!(facts(&out).format, format, "{name}");
        assert!(size(&out) as f64 <= target * 1e6, "{name}: {}", size(&out));
    }
}

#[test]
fn gray_gifs_have_gray_palettes() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, false);
    let gif = run1(
        &ToGif {
            fps: Some(5),
            width: Some(80),
        }
        .into(),
        &input,
        dir.path(),
    );
    let gray = run1(&Grayscale {}.into(), &gif, dir.path());
    let frame = ::image::open(&gray).unwrap().to_rgb8();
    assert_eq!(max_chroma(&frame), 0);
}

#[test]
fn a_gifs_palette_is_cut_to_the_colours_asked() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 1.0, false);
    let gif = run1(
        &ToGif {
            fps: Some(5),
            width: Some(160),
        }
        .into(),
        &input,
        dir.path(),
    );
    let colours = |p: &Path, k: usize| {
        super::tests::picture_at(p, k)
            .pixels()
            .map(|px| px.0)
            .collect::<std::collections::HashSet<_>>()
            .len()
    };
    assert!(colours(&gif, 0) > 16, "{}", colours(&gif, 0));
    let op: Operation = Quantize {
        colors: Some(16),
        dither: false,
    }
    .into();
    let out = run1(&op, &gif, dir.path());
    // Still an animated GIF, every frame kept, each drawn from 16 colours.
    assert_eq!(facts(&out).format, Format::Gif);
    let (a, b) = (streams(&gif), streams(&out));
    assert_eq!(a.frames, b.frames);
    for k in [0, b.frames as usize - 1] {
        assert!(colours(&out, k) <= 16, "frame {k}: {}", colours(&out, k));
    }
}

#[test]
fn slideshows_show_each_picture_its_own_time() {
    let dir = tempfile::tempdir().unwrap();
    let a = png(dir.path(), "a.png", 64, 48);
    let b = png(dir.path(), "b.png", 64, 48);
    let op: Operation = Slideshow {
        seconds_per_image: 1.0,
        width: 64,
        height: 48,
        fps: 10,
        durations: Some(vec![0.5, 1.5]),
    }
    .into();
    let out = run_op(&op, &[a, b], dir.path()).remove(0);
    let s = streams(&out);
    assert!(close(s.duration, 2.0, 0.2), "{s:?}");
    assert_eq!(s.frames, 20);
}

#[test]
fn transparency_becomes_white_in_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    let logo = logo(dir.path());
    let out = run1(&convert_to(Format::Jpeg, None), &logo, dir.path());
    let img = ::image::open(&out).unwrap().to_rgb8();
    let corner = img.get_pixel(0, 0);
    assert!(corner.0.iter().all(|c| *c > 240), "{corner:?}");
}

// ---------------------------------------------------------------------------
// Apple Lossless (ALAC) in M4A

fn alac() -> Operation {
    Convert {
        to: Format::M4a,
        quality: None,
        codec: None,
        lossless: true,
    }
    .into()
}

/// A 24-bit stereo WAV at `rate`: a 1 kHz tone with the low bits of every
/// sample set, which a 16-bit path would lose.
fn wav24(dir: &Path, name: &str, secs: f64, rate: u32) -> PathBuf {
    let n = (secs * f64::from(rate)) as u32;
    let mut data = Vec::with_capacity(n as usize * 6);
    for i in 0..n {
        let t = f64::from(i) / f64::from(rate);
        let v = (0.6 * 8_388_607.0 * (2.0 * std::f64::consts::PI * 1000.0 * t).sin()) as i32;
        for s in [v | 0x5, -v | 0x3] {
            data.extend_from_slice(&s.to_le_bytes()[..3]);
        }
    }
    super::tests::write_wav(&dir.join(name), rate, 24, &data)
}

/// Every sample of a file's sound, decoded by FFmpeg, interleaved, as
/// 32-bit integers (16-bit ones in the top half), with the sample format
/// the decoder gave.
fn pcm(path: &Path) -> (Vec<i32>, ffmpeg_next::format::Sample) {
    use ffmpeg_next::format::Sample;
    use ffmpeg_next::{frame, Packet};
    let mut input = crate::media::probe::open_input_with(
        path,
        &crate::media::probe::ProbeLimits::default(),
        "mov,wav,flac",
    )
    .unwrap();
    let stream = crate::media::probe::main_audio_stream(&input).expect("sound");
    let index = stream.index();
    let mut dec = super::av::open_audio_decoder(&stream).unwrap();
    let (mut out, mut format) = (Vec::new(), Sample::None);
    let mut take = |dec: &mut ffmpeg_next::decoder::Audio| {
        let mut f = frame::Audio::empty();
        while dec.receive_frame(&mut f).is_ok() {
            format = f.format();
            let (bytes, ch, n) = (format.bytes(), usize::from(f.channels()), f.samples());
            let at = |plane: usize, k: usize| {
                let b = &f.data(plane)[k * bytes..(k + 1) * bytes];
                match bytes {
                    2 => i32::from(i16::from_ne_bytes([b[0], b[1]])) << 16,
                    _ => i32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
                }
            };
            assert!(
                matches!(format, Sample::I16(_) | Sample::I32(_)),
                "{format:?}"
            );
            for k in 0..n {
                for c in 0..ch {
                    out.push(if f.is_packed() {
                        at(0, k * ch + c)
                    } else {
                        at(c, k)
                    });
                }
            }
        }
    };
    let mut packet = Packet::empty();
    loop {
        match packet.read(&mut input) {
            Ok(()) if packet.stream() == index => {
                dec.send_packet(&packet).unwrap();
                take(&mut dec);
            }
            Ok(()) => {}
            Err(ffmpeg_next::Error::Eof) => break,
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    dec.send_eof().unwrap();
    take(&mut dec);
    (out, format)
}

/// The major brand of an MP4-family file (its `ftyp` box).
fn major_brand(path: &Path) -> String {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[4..8], b"ftyp");
    String::from_utf8_lossy(&b[8..12]).into_owned()
}

/// Converts `input` to ALAC and checks the file: an M4A (the `ipod`
/// muxer's brand) with ALAC sound alone, what the step predicted, the
/// input's rate, channels and length; answers it.
fn to_alac(input: &Path, dir: &Path) -> PathBuf {
    let op = alac();
    let before = facts(input);
    let out = run1(&op, input, dir);
    assert_eq!(out.extension().unwrap(), "m4a");
    let s = streams(&out);
    assert!(s.format.contains("m4a"), "{s:?}");
    assert_eq!(major_brand(&out), "M4A ");
    assert!(s.video.is_none(), "{s:?}");
    let (codec, rate, channels) = s.audio.clone().expect("sound");
    assert_eq!(codec, "alac");
    assert_eq!(
        (Some(rate), Some(channels)),
        (before.sample_rate, before.channels)
    );
    let got = facts(&out);
    let predicted = op.output(&before).unwrap();
    assert_eq!(got.format, Format::M4a);
    assert_eq!(got.kind, MediaKind::Audio);
    for f in [&got, &predicted] {
        assert_eq!(
            (f.format, f.kind, f.width, f.height, f.has_audio),
            (Format::M4a, MediaKind::Audio, None, None, true)
        );
        assert_eq!(
            (f.sample_rate, f.channels),
            (before.sample_rate, before.channels)
        );
        let d = f.duration_secs.unwrap();
        assert!(
            close(d, before.duration_secs.unwrap(), 0.1),
            "{d} {before:?}"
        );
    }
    out
}

#[test]
fn writes_apple_lossless_in_m4a() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A FLAC of a 16-bit tone becomes ALAC, every sample kept, at 16 bits.
    let tone = wav(d, "tone.wav", 1.5, 0.5);
    let flac = run1(&convert_to(Format::Flac, None), &tone, d);
    let out = to_alac(&flac, d);
    assert_eq!(out.file_name().unwrap(), "tone.m4a");
    let (want, _) = pcm(&tone);
    let (got, format) = pcm(&out);
    assert_eq!(want.len(), 72_000 * 2);
    assert_eq!(got.len(), want.len());
    assert!(got == want, "the samples differ");
    assert_eq!(format.bytes(), 2, "{format:?}");
    // 24-bit sound keeps its low bits (and its 44.1 kHz).
    let deep = wav24(d, "deep.wav", 1.0, 44_100);
    let out = to_alac(&deep, d);
    let (want, _) = pcm(&deep);
    let (got, format) = pcm(&out);
    assert_eq!(got.len(), 44_100 * 2);
    assert!(got == want, "the samples differ");
    assert_eq!(format.bytes(), 4, "{format:?}");
    // A video's sound alone.
    let video = clip(d, "clip.mp4", 1.0, true);
    to_alac(&video, d);
    // What it says and the command it shows.
    let op = alac();
    assert!(op.describe().contains("lossless ALAC"), "{}", op.describe());
    let line = op.command_line(&[facts(&flac)], "out.m4a").unwrap();
    assert!(
        line.contains("-c:a alac") && !line.contains("-b:a"),
        "{line}"
    );
    if ffmpeg_cli() {
        compare_with_cli(d, &op, &["tone.flac"]);
    }
}

#[test]
fn lossless_is_for_m4a_sound() {
    let with = |to: Format, codec: Option<VideoCodec>| -> Operation {
        Convert {
            to,
            quality: None,
            codec,
            lossless: true,
        }
        .into()
    };
    assert!(with(Format::M4a, None).validate().is_ok());
    for to in [Format::Mp3, Format::Flac, Format::Mp4, Format::Png] {
        assert!(with(to, None).validate().is_err(), "{to:?}");
    }
    assert!(with(Format::M4a, Some(VideoCodec::H264))
        .validate()
        .is_err());
    // Pictures have no sound to keep.
    let dir = tempfile::tempdir().unwrap();
    let pic = png(dir.path(), "p.png", 32, 32);
    assert!(with(Format::M4a, None).outputs(&[facts(&pic)]).is_err());
    // The stored form: the flag, only when set.
    let json = serde_json::to_string(&alac()).unwrap();
    assert_eq!(json, r#"{"op":"convert","to":"m4a","lossless":true}"#);
    let plain: Operation = serde_json::from_str(r#"{"op":"convert","to":"m4a"}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&plain).unwrap(),
        r#"{"op":"convert","to":"m4a"}"#
    );
}

#[test]
fn steps_planned_after_alac_leave_it_lossless() {
    // "convert to alac and normalize": normalizing the M4A would write AAC;
    // the plan normalizes first and writes Apple Lossless last.
    let dir = tempfile::tempdir().unwrap();
    for input in [
        clip(dir.path(), "clip.mp4", 1.0, true),
        wav(dir.path(), "take.wav", 1.0, 0.3),
    ] {
        let crate::planner::Plan::Command { steps } =
            crate::planner::plan("convert to alac and normalize", &[facts(&input)])
        else {
            panic!("no plan for {}", input.display());
        };
        assert!(matches!(
            steps.last().map(|s| &s.op),
            Some(Operation::Convert(Convert { lossless: true, .. }))
        ));
        let mut file = input.clone();
        for (k, s) in steps.iter().enumerate() {
            let out = dir.path().join(format!("step{k}"));
            std::fs::create_dir_all(&out).unwrap();
            file = run1(&s.op, &file, &out);
        }
        let s = streams(&file);
        assert_eq!(
            s.audio.as_ref().map(|a| a.0.as_str()),
            Some("alac"),
            "{s:?}"
        );
        assert!(s.video.is_none() && close(s.duration, 1.0, 0.1), "{s:?}");
    }
}

#[test]
fn writes_avi_mpeg_wmv_3gp_flv_and_aiff() {
    let dir = tempfile::tempdir().unwrap();
    // 20 fps, which MPEG-2 cannot declare: its file gets the nearest rate.
    let input = clip(dir.path(), "c.mp4", 2.0, true);
    for (to, muxer, video, audio, fps) in [
        (Format::Avi, "avi", "mpeg4", "mp3", 20.0),
        (Format::Mpeg, "mpeg", "mpeg2video", "mp2", 24000.0 / 1001.0),
        (Format::Wmv, "asf", "wmv2", "wmav2", 20.0),
        (
            Format::ThreeGp,
            "mov,mp4,m4a,3gp,3g2,mj2",
            "mpeg4",
            "aac",
            20.0,
        ),
        (Format::Flv, "flv", "flv1", "mp3", 20.0),
    ] {
        let out = run1(&convert_to(to, None), &input, dir.path());
        assert_eq!(out.extension().unwrap(), to.extension());
        let s = streams(&out);
        assert_eq!(s.format, muxer, "{s:?}");
        let (got, w, h, rate) = s.video.clone().unwrap();
        assert_eq!((got.as_str(), w, h), (video, 160, 120), "{s:?}");
        assert!(close(rate, fps, 0.01), "{to:?}: {s:?}");
        assert_eq!(s.audio.as_ref().map(|a| a.0.as_str()), Some(audio), "{s:?}");
        assert!(close(s.duration, 2.0, 0.3), "{to:?}: {s:?}");
        let probed = facts(&out);
        assert_eq!((probed.format, probed.kind), (to, MediaKind::Video));
        // An edit of such a file writes its format again.
        let trim: Operation = Trim {
            start: None,
            end: None,
            duration: Some(1.0),
            last: None,
        }
        .into();
        let cut = run1(&trim, &out, dir.path());
        assert_eq!(facts(&cut).format, to);
        assert!(close(streams(&cut).duration, 1.0, 0.3), "{to:?}");
        // Remuxing into them is refused: their codecs are made, not copied.
        assert!(Operation::from(Remux { to }).validate().is_err());
    }
    // H.264 in AVI, asked.
    let out = run1(
        &convert_to(Format::Avi, Some(VideoCodec::H264)),
        &input,
        dir.path(),
    );
    let s = streams(&out);
    assert_eq!(s.format, "avi");
    assert_eq!(
        s.video.as_ref().map(|v| v.0.as_str()),
        Some("h264"),
        "{s:?}"
    );
    assert!(convert_to(Format::Avi, Some(VideoCodec::Hevc))
        .validate()
        .is_err());
    let sound = wav(dir.path(), "tone.wav", 1.0, 0.5);
    let out = run1(&convert_to(Format::Aiff, None), &sound, dir.path());
    let s = streams(&out);
    assert_eq!(s.format, "aiff");
    assert_eq!(s.audio.as_ref().map(|a| a.0.as_str()), Some("pcm_s16be"));
    assert!(close(s.duration, 1.0, 0.05), "{s:?}");
    assert_eq!(facts(&out).format, Format::Aiff);
}

#[test]
fn compresses_an_avi_in_its_own_codec() {
    let dir = tempfile::tempdir().unwrap();
    let input = clip(dir.path(), "c.mp4", 2.0, true);
    let avi = run1(&convert_to(Format::Avi, None), &input, dir.path());
    let small: Operation = Compress {
        quality: Some(Quality::Smallest),
        target_mb: None,
    }
    .into();
    let out = run1(&small, &avi, dir.path());
    let s = streams(&out);
    assert_eq!(
        s.video.as_ref().map(|v| v.0.as_str()),
        Some("mpeg4"),
        "{s:?}"
    );
    let bytes = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        bytes(&out) < bytes(&avi),
        "{} !< {}",
        bytes(&out),
        bytes(&avi)
    );
}

/// The mean difference of two pictures' RGB samples.
pub(super) fn mean_difference(a: &::image::RgbImage, b: &::image::RgbImage) -> f64 {
    let total: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    total as f64 / a.as_raw().len() as f64
}

#[test]
fn writes_and_reads_avif() {
    let dir = tempfile::tempdir().unwrap();
    let photo = noisy(dir.path(), "p.png", 401, 301);
    let avif = run1(&convert_to(Format::Avif, None), &photo, dir.path());
    let probed = facts(&avif);
    assert_eq!(
        (probed.format, probed.kind, probed.width, probed.height),
        (Format::Avif, MediaKind::Image, Some(401), Some(301))
    );
    // Read back: the same picture, near enough for a lossy format.
    let back = run1(&convert_to(Format::Png, None), &avif, dir.path());
    let (a, b) = (
        ::image::open(&photo).unwrap().to_rgb8(),
        ::image::open(&back).unwrap().to_rgb8(),
    );
    assert_eq!(b.dimensions(), (401, 301));
    let diff = mean_difference(&a, &b);
    assert!(diff < 12.0, "mean difference {diff}");
    // A lower quality is a smaller file; a size target is met.
    let low = run1(&convert_at(Format::Avif, 20), &photo, dir.path());
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&low) < size(&avif),
        "{} !< {}",
        size(&low),
        size(&avif)
    );
    let target: Operation = Compress {
        quality: None,
        target_mb: Some(0.01),
    }
    .into();
    let small = run1(&target, &avif, dir.path());
    assert!(size(&small) <= 10_000, "{}", size(&small));
    assert_eq!(facts(&small).format, Format::Avif);
    // A step on an AVIF writes an AVIF.
    let gray = run1(&Grayscale {}.into(), &avif, dir.path());
    assert_eq!(gray.extension().unwrap(), "avif");
    let g = ::image::open(run1(&convert_to(Format::Png, None), &gray, dir.path()))
        .unwrap()
        .to_rgb8();
    let spread = g
        .pixels()
        .map(|p| p[0].abs_diff(p[1]).max(p[1].abs_diff(p[2])))
        .max()
        .unwrap();
    assert!(spread <= 3, "a gray picture has colour: {spread}");
}

#[test]
fn squeezes_a_recording_under_a_tiny_size_in_mono() {
    let dir = tempfile::tempdir().unwrap();
    let tone = wav(dir.path(), "voice.wav", 20.0, 0.3);
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    // 20 s under 30 kB is 12 kb/s: one channel at a speech sample rate.
    let target = Compress {
        quality: None,
        target_mb: Some(0.03),
    };
    for source in [Format::M4a, Format::Mp3, Format::Ogg] {
        let recording = run1(&convert_to(source, None), &tone, dir.path());
        let out = run1(&target.clone().into(), &recording, dir.path());
        let f = facts(&out);
        assert_eq!(f.format, source);
        assert!(size(&out) <= 30_000, "{source:?}: {} bytes", size(&out));
        assert!(close(f.duration_secs.unwrap(), 20.0, 0.5), "{source:?}");
        let (_, rate, channels) = streams(&out).audio.unwrap();
        assert_eq!(channels, 1, "{source:?}");
        if source != Format::Ogg {
            assert!(rate <= 16_000, "{source:?}: {rate} Hz");
        }
    }
    // Under 6 kb/s nothing is left worth hearing.
    let err = run_err(
        &Compress {
            quality: None,
            target_mb: Some(0.01),
        }
        .into(),
        std::slice::from_ref(&tone),
        dir.path(),
    );
    assert!(err.to_string().contains("too small"), "{err}");
}

#[test]
fn writes_opus_files_and_m4b_audiobooks() {
    let dir = tempfile::tempdir().unwrap();
    let tone = wav(dir.path(), "chapter.wav", 3.0, 0.3);
    for (to, codec, rate) in [(Format::Opus, "opus", 48_000), (Format::M4b, "aac", 48_000)] {
        let out = run1(&convert_to(to, None), &tone, dir.path());
        assert_eq!(
            out.extension().unwrap(),
            to.extension(),
            "{}",
            out.display()
        );
        // Read back as what it is named.
        let f = facts(&out);
        assert_eq!((f.kind, f.format), (MediaKind::Audio, to));
        assert!(close(f.duration_secs.unwrap(), 3.0, 0.1), "{to:?}");
        let (c, r, _) = streams(&out).audio.unwrap();
        assert_eq!((c.as_str(), r), (codec, rate), "{to:?}");
        // An edit keeps the format.
        let cut = run1(
            &Trim {
                start: Some(1.0),
                end: None,
                duration: None,
                last: None,
            }
            .into(),
            &out,
            dir.path(),
        );
        assert_eq!(facts(&cut).format, to);
        assert!(close(streams(&cut).duration, 2.0, 0.1), "{to:?}");
    }
    // The audiobook's default bitrate is a spoken-word one.
    let book = run1(&convert_to(Format::M4b, None), &tone, dir.path());
    let plain = run1(&convert_to(Format::M4a, None), &tone, dir.path());
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(
        size(&book) < size(&plain),
        "{} vs {}",
        size(&book),
        size(&plain)
    );
}

#[test]
fn sound_alone_goes_into_webm_and_mkv() {
    let dir = tempfile::tempdir().unwrap();
    let tone = wav(dir.path(), "memo.wav", 2.0, 0.3);
    for (to, codec) in [(Format::Webm, "opus"), (Format::Mkv, "aac")] {
        let out = run1(&convert_to(to, None), &tone, dir.path());
        assert_eq!(out.extension().unwrap(), to.extension());
        let f = facts(&out);
        assert_eq!((f.kind, f.format), (MediaKind::Audio, to), "{to:?}");
        assert!(close(f.duration_secs.unwrap(), 2.0, 0.1), "{to:?}");
        let s = streams(&out);
        assert!(s.video.is_none(), "{to:?}");
        assert_eq!(s.audio.unwrap().0, codec, "{to:?}");
    }
}

#[test]
fn a_png_compressed_keeps_its_format_and_transparency_with_fewer_colours() {
    let dir = tempfile::tempdir().unwrap();
    // A transparent corner over a noisy gradient.
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let img = ::image::RgbaImage::from_fn(300, 200, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 40) as u8;
        let alpha = if x < 60 && y < 60 { 0 } else { 255 };
        ::image::Rgba([
            (x * 200 / 300) as u8 + n,
            (y * 200 / 200) as u8 + n,
            90 + n,
            alpha,
        ])
    });
    let input = dir.path().join("logo.png");
    img.save(&input).unwrap();
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    for (q, most) in [(Quality::Medium, 256), (Quality::Smallest, 64)] {
        let op: Operation = Compress {
            quality: Some(q),
            target_mb: None,
        }
        .into();
        assert_eq!(op.outputs(&[facts(&input)]).unwrap()[0].format, Format::Png);
        let out = run1(&op, &input, dir.path());
        assert_eq!(facts(&out).format, Format::Png, "{q:?}");
        assert!(
            size(&out) < size(&input),
            "{q:?}: {} !< {}",
            size(&out),
            size(&input)
        );
        let got = ::image::open(&out).unwrap().to_rgba8();
        assert_eq!(got.dimensions(), (300, 200));
        assert_eq!(
            got.get_pixel(10, 10)[3],
            0,
            "{q:?}: the transparent corner stays"
        );
        assert_eq!(got.get_pixel(200, 150)[3], 255, "{q:?}");
        let colours: std::collections::HashSet<[u8; 4]> = got.pixels().map(|p| p.0).collect();
        assert!(colours.len() <= most, "{q:?}: {} colours", colours.len());
    }
    // A JPEG compressed is still a JPEG.
    let photo = noisy(dir.path(), "photo.png", 200, 100);
    let jpg = run1(&convert_to(Format::Jpeg, None), &photo, dir.path());
    let op: Operation = Compress {
        quality: Some(Quality::Low),
        target_mb: None,
    }
    .into();
    assert_eq!(facts(&run1(&op, &jpg, dir.path())).format, Format::Jpeg);
}

#[test]
fn dithers_a_gradient_into_two_colours_that_keep_its_shades() {
    let dir = tempfile::tempdir().unwrap();
    let ramp = ::image::RgbImage::from_fn(256, 64, |x, _| ::image::Rgb([x as u8; 3]));
    let input = dir.path().join("ramp.png");
    ramp.save(&input).unwrap();
    let two = |dither: bool| {
        let out = run1(
            &Quantize {
                colors: Some(2),
                dither,
            }
            .into(),
            &input,
            dir.path(),
        );
        ::image::open(&out).unwrap().to_luma8()
    };
    // The mean of a column band, 0–255.
    let band = |img: &::image::GrayImage, from: u32| {
        let px: Vec<f64> = (from..from + 32)
            .flat_map(|x| (0..64).map(move |y| (x, y)))
            .map(|(x, y)| f64::from(img.get_pixel(x, y)[0]))
            .collect();
        px.iter().sum::<f64>() / px.len() as f64
    };
    let dithered = two(true);
    let mut levels: Vec<u8> = dithered.pixels().map(|p| p[0]).collect();
    levels.sort_unstable();
    levels.dedup();
    assert!(levels.len() <= 2, "{levels:?}");
    let (dark, mid, light) = (
        band(&dithered, 16),
        band(&dithered, 112),
        band(&dithered, 208),
    );
    assert!(dark < mid && mid < light, "{dark} {mid} {light}");
    // Without dithering the same two colours split the ramp in two: a
    // band is all one colour.
    let plain = two(false);
    let spread = |img: &::image::GrayImage, from: u32| {
        let mut v: Vec<u8> = (from..from + 32).map(|x| img.get_pixel(x, 10)[0]).collect();
        v.dedup();
        v.len()
    };
    assert_eq!(spread(&plain, 16), 1);
    assert!(spread(&dithered, 112) > 4, "a mid band mixes both colours");
}

/// An AMR-NB voice recording of `frames` 20 ms frames at 12.2 kbit/s, as
/// phones write them (the payload bits are arbitrary: every pattern
/// decodes).
fn amr(dir: &Path, frames: usize) -> PathBuf {
    let mut bytes = b"#!AMR\n".to_vec();
    let mut seed = 0x9e37_79b9_u32;
    for _ in 0..frames {
        // Frame type 7 (12.2 kbit/s), quality bit set: 31 bytes follow.
        let mut frame = [0x3c_u8; 32];
        for b in &mut frame[1..] {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            *b = (seed >> 24) as u8;
        }
        bytes.extend_from_slice(&frame);
    }
    let p = dir.join("voicemail.amr");
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A camcorder's AVCHD clip (.MTS: H.264 and AAC in an MPEG transport
/// stream) is read, never written: converted to MP4 with its picture and
/// sound.
#[test]
fn reads_camcorder_mts_clips() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("00001.mts");
    let spec = crate::media::testclip::ClipSpec::small(2.0);
    crate::media::testclip::write_clip_ts(&input, &spec).unwrap();
    // (Transport stream packets: 188 bytes, each opening with 0x47.)
    let bytes = std::fs::read(&input).unwrap();
    assert!(bytes.len().is_multiple_of(188) && bytes.iter().step_by(188).all(|&b| b == 0x47));
    let f = facts(&input);
    assert_eq!(
        (f.kind, f.format),
        (MediaKind::Video, Format::Other),
        "{f:?}"
    );
    let out = run1(&convert_to(Format::Mp4, None), &input, dir.path());
    let s = streams(&out);
    let (codec, w, h, _) = s.video.clone().unwrap();
    assert_eq!(
        (codec.as_str(), w, h),
        ("h264", spec.width, spec.height),
        "{s:?}"
    );
    assert_eq!(s.audio.as_ref().map(|a| a.0.as_str()), Some("aac"), "{s:?}");
    assert!(close(s.duration, 2.0, 0.2), "{s:?}");
    assert_eq!(facts(&out).format, Format::Mp4);
}

#[test]
fn reads_amr_voice_recordings() {
    let dir = tempfile::tempdir().unwrap();
    let input = amr(dir.path(), 150);
    let f = facts(&input);
    assert_eq!((f.kind, f.format), (MediaKind::Audio, Format::Other));
    assert!(close(f.duration_secs.unwrap(), 3.0, 0.1), "{f:?}");
    for (to, codec) in [(Format::Mp3, "mp3"), (Format::Wav, "pcm_s16le")] {
        let out = run1(&convert_to(to, None), &input, dir.path());
        let s = streams(&out);
        // (Narrowband: 8 kHz mono, kept.)
        let (c, rate, channels) = s.audio.clone().unwrap();
        assert_eq!((c.as_str(), rate, channels), (codec, 8000, 1), "{s:?}");
        // (MP3 pads to its 144 ms frames at 8 kHz.)
        assert!(close(s.duration, 3.0, 0.2), "{to:?}: {s:?}");
        assert_eq!(facts(&out).format, to);
    }
}
