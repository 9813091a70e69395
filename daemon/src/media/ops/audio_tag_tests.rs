//! `strip_metadata` on audio files tagged the way music players tag them:
//! an MP3 with a hand-written ID3v2.3 tag (a title and a PNG cover in an
//! APIC frame), a FLAC with hand-written VORBIS_COMMENT and PICTURE blocks,
//! an M4A given a title and a cover by FFmpeg's own muxer, an OGG and a WAV
//! given a title. The outputs are probed: the sound copied as it was, the
//! tags and the picture gone.

use std::path::{Path, PathBuf};

use ffmpeg::format::stream::Disposition;
use ffmpeg::{codec, ffi, media, packet, Packet};
use ffmpeg_next as ffmpeg;

use super::tests::{close, facts, run1, streams, wav};
use super::*;

const TITLE: &str = "Holiday Song";
/// The cover's size: big next to the short tone, as covers are.
const COVER: (u32, u32) = (160, 160);

fn strip() -> Operation {
    StripMetadata {}.into()
}

/// A two-second tone encoded by kiln's own conversion to `to`.
fn tone(dir: &Path, to: Format) -> PathBuf {
    let wav = wav(dir, "tone.wav", 2.0, 0.3);
    let op: Operation = Convert {
        to,
        quality: None,
        codec: None,
        lossless: false,
    }
    .into();
    run1(&op, &wav, dir)
}

/// A PNG of noise (which PNG cannot shrink), as bytes.
fn cover_png() -> Vec<u8> {
    let mut seed = 0x2545_f491u32;
    let img = ::image::RgbImage::from_fn(COVER.0, COVER.1, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let b = seed.to_le_bytes();
        ::image::Rgb([b[0], b[1], b[2]])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ::image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// An ID3v2.3 tag: a TIT2 (title) frame and an APIC frame holding `png`
/// as the front cover.
fn id3v23(title: &str, png: &[u8]) -> Vec<u8> {
    let frame = |id: &[u8; 4], body: &[u8]| {
        let mut f = id.to_vec();
        f.extend((body.len() as u32).to_be_bytes());
        f.extend([0, 0]);
        f.extend(body);
        f
    };
    // Text encoding 0 (ISO-8859-1), then the text.
    let mut tit2 = vec![0u8];
    tit2.extend(title.as_bytes());
    // Encoding, MIME type, picture type 3 (front cover), empty description.
    let mut apic = vec![0u8];
    apic.extend(b"image/png\0");
    apic.extend([3, 0]);
    apic.extend(png);
    let frames = [frame(b"TIT2", &tit2), frame(b"APIC", &apic)].concat();
    let n = frames.len() as u32;
    let mut tag = b"ID3\x03\x00\x00".to_vec();
    // The tag's size, seven bits a byte.
    tag.extend([n >> 21, n >> 14, n >> 7, n].map(|b| (b & 0x7f) as u8));
    tag.extend(frames);
    tag
}

/// An MP3's frames, without the ID3v2 tag FFmpeg's muxer writes first.
fn without_id3(mp3: &[u8]) -> &[u8] {
    if mp3.len() < 10 || &mp3[..3] != b"ID3" {
        return mp3;
    }
    let size = mp3[6..10]
        .iter()
        .fold(0usize, |a, b| a << 7 | usize::from(b & 0x7f));
    let footer = if mp3[5] & 0x10 != 0 { 10 } else { 0 };
    &mp3[10 + size + footer..]
}

/// A FLAC file's bytes with its comments and padding replaced by a
/// VORBIS_COMMENT block (title, artist) and a PICTURE block holding `png`.
fn flac_tagged(flac: &[u8], title: &str, png: &[u8]) -> Vec<u8> {
    assert_eq!(&flac[..4], b"fLaC");
    let mut blocks = Vec::new();
    let mut pos = 4;
    loop {
        let head = flac[pos];
        let len = u32::from_be_bytes([0, flac[pos + 1], flac[pos + 2], flac[pos + 3]]) as usize;
        // 1 is padding, 4 the comments.
        if !matches!(head & 0x7f, 1 | 4) {
            blocks.push((head & 0x7f, flac[pos + 4..pos + 4 + len].to_vec()));
        }
        pos += 4 + len;
        if head & 0x80 != 0 {
            break;
        }
    }
    let le = |n: usize| (n as u32).to_le_bytes();
    let be = |n: usize| (n as u32).to_be_bytes();
    let vendor = b"hand-written";
    let mut comments = le(vendor.len()).to_vec();
    comments.extend(vendor);
    comments.extend(le(2));
    for c in [format!("TITLE={title}"), "ARTIST=Ann".to_string()] {
        comments.extend(le(c.len()));
        comments.extend(c.as_bytes());
    }
    let mime = b"image/png";
    let mut picture = be(3).to_vec();
    picture.extend(be(mime.len()));
    picture.extend(mime);
    picture.extend(be(0));
    for n in [COVER.0 as usize, COVER.1 as usize, 24, 0, png.len()] {
        picture.extend(be(n));
    }
    picture.extend(png);
    blocks.push((4, comments));
    blocks.push((6, picture));
    let mut out = b"fLaC".to_vec();
    let count = blocks.len();
    for (i, (kind, body)) in blocks.into_iter().enumerate() {
        out.push(if i + 1 == count { kind | 0x80 } else { kind });
        out.extend(&be(body.len())[1..]);
        out.extend(body);
    }
    out.extend(&flac[pos..]);
    out
}

/// `input` copied into `target` by FFmpeg's `muxer`, with a title and an
/// artist, and `cover` (a PNG) as an attached picture.
fn tagged_by_muxer(input: &Path, target: &Path, muxer: &str, cover: Option<&[u8]>) {
    let mut ictx = ffmpeg::format::input(input).unwrap();
    let mut octx = ffmpeg::format::output_as(target, muxer).unwrap();
    let ist = ictx.streams().best(media::Type::Audio).unwrap();
    let (audio, in_tb) = (ist.index(), ist.time_base());
    let mut tags = ffmpeg::Dictionary::new();
    tags.set("title", TITLE);
    tags.set("artist", "Ann");
    let mut ost = octx
        .add_stream(ffmpeg::encoder::find(codec::Id::None))
        .unwrap();
    ost.set_parameters(ist.parameters());
    ost.set_metadata(tags.clone());
    // SAFETY: codecpar of a stream of the output, before its header is
    // written; the tag of the input's container is not carried over.
    unsafe {
        (*ost.parameters().as_mut_ptr()).codec_tag = 0;
    }
    if cover.is_some() {
        let mut pic = octx
            .add_stream(ffmpeg::encoder::find(codec::Id::None))
            .unwrap();
        // SAFETY: the codec parameters and disposition of a stream of the
        // output, set before its header is written.
        unsafe {
            let st = pic.as_mut_ptr();
            let par = (*st).codecpar;
            (*par).codec_type = ffi::AVMediaType::AVMEDIA_TYPE_VIDEO;
            (*par).codec_id = ffi::AVCodecID::AV_CODEC_ID_PNG;
            (*par).width = COVER.0 as i32;
            (*par).height = COVER.1 as i32;
            (*st).disposition = ffi::AV_DISPOSITION_ATTACHED_PIC;
        }
    }
    octx.set_metadata(tags);
    octx.write_header().unwrap();
    if let Some(png) = cover {
        let mut pic = Packet::copy(png);
        pic.set_stream(1);
        pic.set_pts(Some(0));
        pic.set_dts(Some(0));
        pic.set_flags(packet::Flags::KEY);
        pic.write_interleaved(&mut octx).unwrap();
    }
    let out_tb = octx.stream(0).unwrap().time_base();
    for (stream, mut packet) in ictx.packets() {
        if stream.index() == audio {
            packet.rescale_ts(in_tb, out_tb);
            packet.set_position(-1);
            packet.set_stream(0);
            packet.write_interleaved(&mut octx).unwrap();
        }
    }
    octx.write_trailer().unwrap();
}

/// The tags of a file and of its streams, but those every muxer writes
/// (the encoder, an MP4's brands and handler).
fn user_tags(path: &Path) -> Vec<String> {
    let ictx = ffmpeg::format::input(path).unwrap();
    let written = [
        "encoder",
        "major_brand",
        "minor_version",
        "compatible_brands",
        "handler_name",
        "vendor_id",
        "language",
    ];
    let mut keys: Vec<String> = ictx.metadata().iter().map(|(k, _)| k.to_string()).collect();
    for s in ictx.streams() {
        keys.extend(s.metadata().iter().map(|(k, _)| k.to_lowercase()));
    }
    keys.into_iter()
        .map(|k| k.to_lowercase())
        .filter(|k| !written.contains(&k.as_str()))
        .collect()
}

/// The video streams of a file, and how many of them are attached pictures.
fn pictures(path: &Path) -> (usize, usize) {
    let ictx = ffmpeg::format::input(path).unwrap();
    let video: Vec<Disposition> = ictx
        .streams()
        .filter(|s| s.parameters().medium() == media::Type::Video)
        .map(|s| s.disposition())
        .collect();
    let attached = video
        .iter()
        .filter(|d| d.contains(Disposition::ATTACHED_PIC))
        .count();
    (video.len(), attached)
}

/// Checks `tagged` holds a title and `cover` (when one is given), strips
/// it, and checks the output: the same format and sound, no tags, no
/// picture, fewer bytes, as predicted; answers the output.
fn assert_strips(tagged: &Path, dir: &Path, cover: Option<&[u8]>) -> PathBuf {
    let input = facts(tagged);
    assert_eq!(input.kind, MediaKind::Audio, "{input:?}");
    assert!(
        user_tags(tagged).contains(&"title".to_string()),
        "{:?}",
        user_tags(tagged)
    );
    let n = usize::from(cover.is_some());
    assert_eq!(pictures(tagged), (n, n), "{}", tagged.display());
    let op = strip();
    let predicted = op.output(&input).unwrap();
    let out = run1(&op, tagged, dir);
    let ext = tagged.extension().unwrap();
    assert_eq!(out.extension().unwrap(), ext);
    assert!(user_tags(&out).is_empty(), "{:?}", user_tags(&out));
    assert_eq!(pictures(&out), (0, 0), "{}", out.display());
    let bytes = std::fs::read(&out).unwrap();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!has(TITLE.as_bytes()));
    assert!(cover.is_none_or(|png| !has(&png[..16])));
    let (a, b) = (streams(tagged), streams(&out));
    assert_eq!(a.audio, b.audio);
    assert!(close(a.duration, b.duration, 0.05), "{a:?} {b:?}");
    let (before, after) = (
        std::fs::metadata(tagged).unwrap().len(),
        std::fs::metadata(&out).unwrap().len(),
    );
    let saved = cover.map_or(TITLE.len(), |png| png.len() / 2) as u64;
    assert!(after + saved < before, "{before} -> {after} bytes");
    // Predicted as measured.
    let got = facts(&out);
    assert_eq!(
        (&predicted.name, predicted.kind, predicted.format),
        (&got.name, got.kind, got.format)
    );
    assert_eq!(
        (
            predicted.sample_rate,
            predicted.channels,
            predicted.has_audio
        ),
        (got.sample_rate, got.channels, got.has_audio)
    );
    assert!(close(
        predicted.duration_secs.unwrap(),
        got.duration_secs.unwrap(),
        0.05
    ));
    out
}

#[test]
fn strips_the_tags_and_cover_of_an_mp3() {
    let dir = tempfile::tempdir().unwrap();
    let mp3 = std::fs::read(tone(dir.path(), Format::Mp3)).unwrap();
    let png = cover_png();
    let tagged = dir.path().join("song.mp3");
    std::fs::write(
        &tagged,
        [id3v23(TITLE, &png), without_id3(&mp3).to_vec()].concat(),
    )
    .unwrap();
    let out = assert_strips(&tagged, dir.path(), Some(&png));
    assert_eq!(out.file_name().unwrap(), "song_clean.mp3");
    assert_eq!(streams(&out).audio.unwrap().0, "mp3");
    let line = strip()
        .command_line(&[facts(&tagged)], "song_clean.mp3")
        .unwrap();
    assert!(
        line.contains("-vn") && line.contains("-c:a copy") && line.contains("-map_metadata -1"),
        "{line}"
    );
}

#[test]
fn strips_the_tags_and_cover_of_a_flac_and_an_m4a() {
    let dir = tempfile::tempdir().unwrap();
    let png = cover_png();
    let flac = std::fs::read(tone(dir.path(), Format::Flac)).unwrap();
    let tagged = dir.path().join("song.flac");
    std::fs::write(&tagged, flac_tagged(&flac, TITLE, &png)).unwrap();
    let out = assert_strips(&tagged, dir.path(), Some(&png));
    assert_eq!(streams(&out).audio.unwrap().0, "flac");

    let m4a = tone(dir.path(), Format::M4a);
    let tagged = dir.path().join("song.m4a");
    tagged_by_muxer(&m4a, &tagged, "ipod", Some(&png));
    let out = assert_strips(&tagged, dir.path(), Some(&png));
    assert_eq!(streams(&out).audio.unwrap().0, "aac");
}

#[test]
fn strips_the_tags_of_an_ogg_and_a_wav() {
    let dir = tempfile::tempdir().unwrap();
    for (to, muxer, codec) in [
        (Format::Ogg, "ogg", "opus"),
        (Format::Wav, "wav", "pcm_s16le"),
    ] {
        let plain = tone(dir.path(), to);
        let tagged = dir.path().join(format!("song.{}", to.extension()));
        tagged_by_muxer(&plain, &tagged, muxer, None);
        let out = assert_strips(&tagged, dir.path(), None);
        assert_eq!(streams(&out).audio.unwrap().0, codec);
    }
}

#[test]
fn audio_in_a_format_kiln_does_not_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = facts(&tone(dir.path(), Format::Mp3));
    f.format = Format::Other;
    f.name = "song.aiff".into();
    let err = strip().output(&f).unwrap_err().to_string();
    assert!(err.contains("song.aiff"), "{err}");
    // Sound in a video container stays sound.
    f.format = Format::Mkv;
    assert_eq!(strip().output(&f).unwrap().kind, MediaKind::Audio);
}
