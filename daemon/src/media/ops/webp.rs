//! Lossy WebP stills, written by FFmpeg's libwebp encoder (the `image`
//! crate writes lossless WebP only). One picture in, one packet out: the
//! packet is the whole RIFF file.

use ::image::DynamicImage;
use ffmpeg::{codec, encoder, format, frame, Dictionary, Packet, Rational};
use ffmpeg_next as ffmpeg;

use crate::media::MediaError;

/// `img` as a lossy WebP at `quality` (1–100), alpha kept.
pub(crate) fn encode_lossy(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, MediaError> {
    crate::media::init();
    let rgba = img.to_rgba8();
    let (w, h) = rgba.dimensions();
    let codec =
        encoder::find_by_name("libwebp").ok_or(MediaError::EncoderUnavailable("libwebp"))?;
    let mut ctx = codec::context::Context::new_with_codec(codec)
        .encoder()
        .video()
        .map_err(MediaError::ffmpeg("setting up the WebP encoder"))?;
    ctx.set_width(w);
    ctx.set_height(h);
    // AV_PIX_FMT_RGB32, which libwebp takes, is BGRA in memory here.
    ctx.set_format(format::Pixel::BGRA);
    ctx.set_time_base(Rational::new(1, 25));
    let mut opts = Dictionary::new();
    opts.set("quality", &quality.to_string());
    opts.set("lossless", "0");
    let mut enc = ctx
        .open_as_with(codec, opts)
        .map_err(MediaError::ffmpeg("opening the WebP encoder"))?;
    let mut pic = frame::Video::new(format::Pixel::BGRA, w, h);
    let stride = pic.stride(0);
    let data = pic.data_mut(0);
    for (y, row) in rgba.rows().enumerate() {
        let line = &mut data[y * stride..y * stride + w as usize * 4];
        for (px, out) in row.zip(line.chunks_exact_mut(4)) {
            out.copy_from_slice(&[px[2], px[1], px[0], px[3]]);
        }
    }
    pic.set_pts(Some(0));
    enc.send_frame(&pic)
        .map_err(MediaError::ffmpeg("encoding the WebP picture"))?;
    enc.send_eof()
        .map_err(MediaError::ffmpeg("finishing the WebP picture"))?;
    let mut out = Vec::new();
    let mut packet = Packet::empty();
    while enc.receive_packet(&mut packet).is_ok() {
        out.extend_from_slice(packet.data().unwrap_or(&[]));
    }
    if out.is_empty() {
        return Err(MediaError::BadImage(
            "the WebP encoder wrote nothing".into(),
        ));
    }
    Ok(out)
}
