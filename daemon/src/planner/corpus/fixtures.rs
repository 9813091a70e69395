//! The files the evaluation requests are asked about, by name: what each
//! fixture holds is what probing a real file of that kind would say.

use crate::media::ops::{FileFacts, Format};

/// A video of `w` x `h`, `secs` long at `fps`, with or without audio.
fn video(
    name: &str,
    format: Format,
    size: (u32, u32),
    secs: f64,
    fps: f64,
    audio: bool,
) -> FileFacts {
    let mut f = FileFacts::named(name, format);
    f.width = Some(size.0);
    f.height = Some(size.1);
    f.duration_secs = Some(secs);
    f.fps = Some(fps);
    f.has_audio = audio;
    f.video_codec = Some("h264".into());
    if audio {
        f.audio_codec = Some("aac".into());
        f.sample_rate = Some(48_000);
        f.channels = Some(2);
    }
    // About 2 Mb/s of video and 128 kb/s of audio.
    f.bytes = Some((secs * 265_000.0) as u64);
    f
}

fn still(name: &str, format: Format, w: u32, h: u32) -> FileFacts {
    let mut f = FileFacts::named(name, format);
    f.width = Some(w);
    f.height = Some(h);
    f.bytes = Some(u64::from(w) * u64::from(h) / 4);
    f
}

fn sound(name: &str, format: Format, secs: f64, kbps: u64) -> FileFacts {
    let mut f = FileFacts::named(name, format);
    f.duration_secs = Some(secs);
    f.sample_rate = Some(44_100);
    f.channels = Some(2);
    f.bytes = Some((secs * (kbps * 125) as f64) as u64);
    // The codec each format is usually made with, as the probe names it.
    f.audio_codec = Some(
        match format {
            Format::Mp3 => "mp3",
            Format::Wav => "pcm_s16le",
            Format::Flac => "flac",
            _ => "aac",
        }
        .into(),
    );
    f
}

/// A PDF of `pages` Letter pages with text on them.
pub fn document(name: &str, pages: u32) -> FileFacts {
    let mut f = FileFacts::named(name, Format::Pdf);
    f.width = Some(612);
    f.height = Some(792);
    f.document = Some(crate::media::ops::DocFacts {
        pages: Some(pages),
        has_text: true,
        ..Default::default()
    });
    f.bytes = Some(u64::from(pages) * 90_000);
    f
}

fn mp4(name: &str, size: (u32, u32), secs: f64, fps: f64, audio: bool) -> FileFacts {
    video(name, Format::Mp4, size, secs, fps, audio)
}

fn gif(name: &str, w: u32, h: u32, secs: f64, fps: f64) -> FileFacts {
    let mut f = FileFacts::named(name, Format::Gif);
    f.width = Some(w);
    f.height = Some(h);
    f.duration_secs = Some(secs);
    f.fps = Some(fps);
    f.has_audio = false;
    f.bytes = Some(1_500_000);
    f
}

/// The files of the fixture `name` (`None` if there is no such fixture).
pub fn fixture(name: &str) -> Option<Vec<FileFacts>> {
    let hd = (1920, 1080);
    let p720 = (1280, 720);
    Some(match name {
        "none" => vec![],
        // Stills.
        "png" => vec![still("photo.png", Format::Png, 64, 48)],
        "jpg" => vec![still("photo.jpg", Format::Jpeg, 4032, 3024)],
        "tall" => vec![still("portrait.jpg", Format::Jpeg, 1080, 1920)],
        "webp" => vec![still("photo.webp", Format::Webp, 1200, 800)],
        "heic" => vec![still("IMG_0001.heic", Format::Heic, 4032, 3024)],
        "tiff" => vec![still("scan.tiff", Format::Tiff, 2000, 3000)],
        "bmp" => vec![still("image.bmp", Format::Bmp, 800, 600)],
        "pics" => vec![
            still("1.png", Format::Png, 64, 48),
            still("2.png", Format::Png, 64, 48),
            still("3.png", Format::Png, 64, 48),
        ],
        "gif" => vec![gif("anim.gif", 320, 240, 4.0, 10.0)],
        // Videos.
        "video" => vec![mp4("clip.mp4", hd, 180.0, 30.0, true)],
        "mute" => vec![mp4("screen.mp4", p720, 30.0, 30.0, false)],
        "short" => vec![mp4("clip.mp4", p720, 10.0, 30.0, true)],
        "half" => vec![mp4("clip.mp4", p720, 30.0, 30.0, true)],
        "onesec" => vec![mp4("clip.mp4", p720, 1.0, 30.0, true)],
        "long" => vec![mp4("talk.mp4", hd, 1500.0, 30.0, true)],
        "uhd" => vec![mp4("clip.mp4", (3840, 2160), 60.0, 30.0, true)],
        "square" => vec![mp4("clip.mp4", (640, 640), 10.0, 30.0, true)],
        "odd" => vec![mp4("clip.mp4", (1480, 1080), 30.0, 30.0, true)],
        "fps60" => vec![mp4("clip.mp4", hd, 20.0, 60.0, true)],
        "film" => vec![mp4("film.mp4", hd, 60.0, 24.0, true)],
        "mov" => vec![video("clip.mov", Format::Mov, hd, 60.0, 30.0, true)],
        "webm" => vec![video("clip.webm", Format::Webm, p720, 20.0, 30.0, true)],
        "mkv" => vec![video("movie.mkv", Format::Mkv, hd, 600.0, 24.0, true)],
        "hevc" => {
            let mut f = video("movie.mkv", Format::Mkv, hd, 600.0, 24.0, true);
            f.video_codec = Some("hevc".into());
            vec![f]
        }
        "avi" | "mts" | "mpg" | "flv" | "ogv" => {
            vec![video(
                &format!("clip.{name}"),
                match name {
                    "avi" => Format::Avi,
                    "mpg" => Format::Mpeg,
                    _ => Format::Other,
                },
                p720,
                30.0,
                30.0,
                true,
            )]
        }
        "two" => vec![
            mp4("a.mp4", p720, 10.0, 30.0, true),
            mp4("b.mp4", p720, 12.0, 30.0, true),
        ],
        "logo" => vec![
            mp4("clip.mp4", hd, 60.0, 30.0, true),
            still("logo.png", Format::Png, 64, 48),
        ],
        // Audio.
        "audio" => vec![sound("song.mp3", Format::Mp3, 200.0, 192)],
        "wav" => vec![sound("song.wav", Format::Wav, 180.0, 1411)],
        "flac" => vec![sound("song.flac", Format::Flac, 240.0, 900)],
        "m4a" => vec![sound("song.m4a", Format::M4a, 180.0, 256)],
        // Documents.
        "pdf" => vec![document("report.pdf", 12)],
        "pdfs" => vec![document("a.pdf", 4), document("b.pdf", 2)],
        "docx" => vec![FileFacts::named("letter.docx", Format::Docx)],
        _ => return None,
    })
}

/// Every fixture name, for tests that plan a prompt against all of them.
pub const NAMES: &[&str] = &[
    "none", "png", "jpg", "tall", "webp", "heic", "tiff", "bmp", "pics", "gif", "video", "mute",
    "short", "half", "onesec", "long", "uhd", "square", "odd", "fps60", "film", "mov", "webm",
    "mkv", "hevc", "avi", "mts", "mpg", "flv", "ogv", "two", "logo", "audio", "wav", "flac", "m4a",
    "pdf", "pdfs", "docx",
];
