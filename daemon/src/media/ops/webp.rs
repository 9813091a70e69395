//! Lossy WebP stills, written by FFmpeg's libwebp encoder (the `image`
//! crate writes lossless WebP only). One picture in, one packet out: the
//! packet is the whole RIFF file. libwebp codes YUV 4:2:0, so the picture
//! is handed over as that, made a row at a time ([`RowEncoder`]): no RGBA
//! copy of the picture is ever made, and a PNG can stream straight in.

use ::image::DynamicImage;
use ffmpeg::{codec, encoder, format, frame, Dictionary, Packet, Rational};
use ffmpeg_next as ffmpeg;

use crate::media::MediaError;

/// `img` as a lossy WebP at `quality` (1–100), alpha kept.
pub(crate) fn encode_lossy(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, MediaError> {
    let converted: Vec<u8>;
    let (raw, channels): (&[u8], usize) = match img {
        DynamicImage::ImageLuma8(i) => (i.as_raw(), 1),
        DynamicImage::ImageLumaA8(i) => (i.as_raw(), 2),
        DynamicImage::ImageRgb8(i) => (i.as_raw(), 3),
        DynamicImage::ImageRgba8(i) => (i.as_raw(), 4),
        other if other.color().has_alpha() => {
            converted = other.to_rgba8().into_raw();
            (&converted, 4)
        }
        other => {
            converted = other.to_rgb8().into_raw();
            (&converted, 3)
        }
    };
    let mut enc = RowEncoder::new((img.width(), img.height()), channels, quality)?;
    for row in raw.chunks_exact(img.width() as usize * channels) {
        enc.push(row);
    }
    enc.finish()
}

/// A lossy WebP encoder fed 8-bit rows of 1 to 4 channels (gray, gray and
/// alpha, RGB, RGBA), top to bottom.
pub(crate) struct RowEncoder {
    enc: encoder::Video,
    pic: frame::Video,
    channels: usize,
    width: usize,
    y: usize,
    /// The even row waiting for its pair, for the chroma rows.
    pending: Vec<u8>,
}

impl RowEncoder {
    pub(crate) fn new(
        (w, h): (u32, u32),
        channels: usize,
        quality: u8,
    ) -> Result<RowEncoder, MediaError> {
        crate::media::init();
        let codec =
            encoder::find_by_name("libwebp").ok_or(MediaError::EncoderUnavailable("libwebp"))?;
        let mut ctx = codec::context::Context::new_with_codec(codec)
            .encoder()
            .video()
            .map_err(MediaError::ffmpeg("setting up the WebP encoder"))?;
        ctx.set_width(w);
        ctx.set_height(h);
        let format = if channels.is_multiple_of(2) {
            format::Pixel::YUVA420P
        } else {
            format::Pixel::YUV420P
        };
        ctx.set_format(format);
        ctx.set_time_base(Rational::new(1, 25));
        let mut opts = Dictionary::new();
        opts.set("quality", &quality.to_string());
        opts.set("lossless", "0");
        let enc = ctx
            .open_as_with(codec, opts)
            .map_err(MediaError::ffmpeg("opening the WebP encoder"))?;
        Ok(RowEncoder {
            enc,
            pic: frame::Video::new(format, w, h),
            channels,
            width: w as usize,
            y: 0,
            pending: Vec::new(),
        })
    }

    /// The next row (`width` pixels); rows past the picture's height are
    /// ignored.
    pub(crate) fn push(&mut self, row: &[u8]) {
        if self.y >= self.pic.height() as usize {
            return;
        }
        let c = self.channels;
        let (y, stride) = (self.y, self.pic.stride(0));
        let luma = &mut self.pic.data_mut(0)[y * stride..];
        for (x, px) in row.chunks_exact(c).take(self.width).enumerate() {
            let (r, g, b) = rgb(px, c);
            luma[x] = ((16839 * r + 33059 * g + 6420 * b + (1 << 15) + (16 << 16)) >> 16) as u8;
        }
        if c.is_multiple_of(2) {
            let stride = self.pic.stride(3);
            let a = &mut self.pic.data_mut(3)[y * stride..];
            for (x, px) in row.chunks_exact(c).take(self.width).enumerate() {
                a[x] = px[c - 1];
            }
        }
        if y.is_multiple_of(2) {
            self.pending.clear();
            self.pending.extend_from_slice(row);
        } else {
            let top = std::mem::take(&mut self.pending);
            self.chroma(&top, row);
            self.pending = top;
        }
        self.y += 1;
    }

    /// Chroma of one row pair, from 2x2 sums as libwebp converts RGB
    /// (BT.601, limited range).
    fn chroma(&mut self, top: &[u8], bottom: &[u8]) {
        let (c, w) = (self.channels, self.width);
        let cy = self.y / 2;
        let (su, sv) = (self.pic.stride(1), self.pic.stride(2));
        for cx in 0..w.div_ceil(2) {
            let (x0, x1) = (2 * cx, (2 * cx + 1).min(w - 1));
            let (mut r, mut g, mut b) = (0, 0, 0);
            for (line, x) in [(top, x0), (top, x1), (bottom, x0), (bottom, x1)] {
                let (pr, pg, pb) = rgb(&line[x * c..x * c + c], c);
                r += pr;
                g += pg;
                b += pb;
            }
            let clip = |v: i32| ((v + (1 << 17) + (128 << 18)) >> 18).clamp(0, 255) as u8;
            self.pic.data_mut(1)[cy * su + cx] = clip(-9719 * r - 19081 * g + 28800 * b);
            self.pic.data_mut(2)[cy * sv + cx] = clip(28800 * r - 24116 * g - 4684 * b);
        }
    }

    /// Encodes the picture (an odd last row is its own chroma pair).
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, MediaError> {
        if self.y < self.pic.height() as usize {
            return Err(MediaError::BadImage("short picture data".into()));
        }
        if !self.y.is_multiple_of(2) {
            let last = std::mem::take(&mut self.pending);
            self.y -= 1;
            self.chroma(&last, &last);
        }
        self.pic.set_pts(Some(0));
        self.enc
            .send_frame(&self.pic)
            .map_err(MediaError::ffmpeg("encoding the WebP picture"))?;
        self.enc
            .send_eof()
            .map_err(MediaError::ffmpeg("finishing the WebP picture"))?;
        let mut out = Vec::new();
        let mut packet = Packet::empty();
        while self.enc.receive_packet(&mut packet).is_ok() {
            out.extend_from_slice(packet.data().unwrap_or(&[]));
        }
        if out.is_empty() {
            return Err(MediaError::BadImage(
                "the WebP encoder wrote nothing".into(),
            ));
        }
        Ok(out)
    }
}

fn rgb(px: &[u8], channels: usize) -> (i32, i32, i32) {
    if channels < 3 {
        let l = i32::from(px[0]);
        (l, l, l)
    } else {
        (i32::from(px[0]), i32::from(px[1]), i32::from(px[2]))
    }
}
