//! Format and codec names as users write them.

use crate::media::ops::{Format, VideoCodec};

/// A format a user named.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FormatWord {
    Writable(Format),
    /// Read or known, but never written: its display name.
    Unwritable(&'static str),
}

/// The format a (lemmatised) word names, if any.
pub fn format_word(w: &str) -> Option<FormatWord> {
    use FormatWord::*;
    Some(match w.trim_start_matches('.') {
        "png" | "pngs" | "png8" | "png24" | "png32" => Writable(Format::Png),
        "jpg" | "jpeg" | "jpe" | "jfif" | "jpgs" | "jpegs" => Writable(Format::Jpeg),
        "webp" | "webps" => Writable(Format::Webp),
        "bmp" | "bmps" | "bitmap" => Writable(Format::Bmp),
        "tiff" | "tif" | "tiffs" | "tifs" => Writable(Format::Tiff),
        "avif" | "avifs" => Writable(Format::Avif),
        "gif" | "gifs" => Writable(Format::Gif),
        "mp4" | "mp4s" | "m4v" | "mpeg4" => Writable(Format::Mp4),
        "webm" | "weba" | "vp8" => Writable(Format::Webm),
        "mov" | "movs" | "quicktime" => Writable(Format::Mov),
        "mkv" | "mkvs" | "matroska" => Writable(Format::Mkv),
        "avi" | "avis" | "xvid" | "divx" => Writable(Format::Avi),
        "mpeg" | "mpg" | "mpeg2" | "vob" => Writable(Format::Mpeg),
        "wmv" => Writable(Format::Wmv),
        "mp3" | "mp3s" => Writable(Format::Mp3),
        // ("alac": Apple Lossless, an M4A with its flag; see the convert
        // grammar.)
        "m4a" | "m4as" | "aac" | "m4r" | "alac" => Writable(Format::M4a),
        "m4b" | "m4bs" => Writable(Format::M4b),
        "wav" | "wave" | "wavs" => Writable(Format::Wav),
        "aiff" | "aif" | "aifc" => Writable(Format::Aiff),
        "flac" | "flacs" => Writable(Format::Flac),
        "ogg" | "vorbis" | "oga" => Writable(Format::Ogg),
        "opus" => Writable(Format::Opus),
        "heic" | "heif" => Unwritable("HEIC"),
        "flv" => Writable(Format::Flv),
        "3gp" => Writable(Format::ThreeGp),
        "svg" => Unwritable("SVG"),
        "pdf" => Unwritable("PDF"),
        "psd" => Unwritable("PSD"),
        "ico" | "favicon" | "favicons" => Writable(Format::Ico),
        "wma" => Unwritable("WMA"),
        "amr" | "awb" => Unwritable("AMR"),
        "mp2" => Unwritable("MP2"),
        "ac3" | "eac3" => Unwritable("AC-3"),
        "dts" => Unwritable("DTS"),
        "midi" => Unwritable("MIDI"),
        "tga" | "targa" => Unwritable("TGA"),
        "dds" => Unwritable("DDS"),
        "djvu" => Unwritable("DjVu"),
        "xcf" => Unwritable("GIMP XCF"),
        "tgs" => Unwritable("Telegram sticker (tgs)"),
        "ogv" | "theora" => Unwritable("Ogg Theora (ogv)"),
        "exr" => Unwritable("OpenEXR"),
        "dicom" | "dcm" => Unwritable("DICOM"),
        "mjpeg" | "mjpg" => Unwritable("Motion JPEG"),
        "jxl" => Unwritable("JPEG XL"),
        "dng" | "cr2" | "nef" => Unwritable("camera RAW"),
        _ => return None,
    })
}

/// The video codec a (lemmatised) word names, if any: written inside a
/// container ("mp4 with hevc").
pub fn codec_word(w: &str) -> Option<VideoCodec> {
    Some(match w {
        "h264" | "x264" | "avc" | "libx264" | "264" => VideoCodec::H264,
        "hevc" | "h265" | "x265" | "libx265" | "265" => VideoCodec::Hevc,
        "av1" | "svtav1" | "libsvtav1" | "aom" | "libaom" | "av01" => VideoCodec::Av1,
        "prores" | "prores_ks" | "proreshq" => VideoCodec::Prores,
        "vp9" | "libvpx" => VideoCodec::Vp9,
        _ => return None,
    })
}
