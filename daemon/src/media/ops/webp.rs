//! Lossy WebP stills, written by libwebp (the system library, through the
//! C shim `webp_pic/webp_pic.c`; the `image` crate writes lossless WebP
//! only). libwebp codes YUV 4:2:0, so the picture is handed over as that,
//! made a row at a time ([`RowEncoder`]) straight into libwebp's planes: no
//! RGBA copy of the picture is ever made, and a PNG can stream straight in.

use std::ffi::{c_float, c_int};
use std::ptr::NonNull;

use ::image::DynamicImage;

use crate::media::MediaError;

#[repr(C)]
struct KwPic {
    _opaque: [u8; 0],
}

extern "C" {
    fn kw_new(w: c_int, h: c_int, alpha: c_int, quality: c_float) -> *mut KwPic;
    #[allow(clippy::too_many_arguments)]
    fn kw_planes(
        p: *mut KwPic,
        y: *mut *mut u8,
        u: *mut *mut u8,
        v: *mut *mut u8,
        a: *mut *mut u8,
        y_stride: *mut c_int,
        uv_stride: *mut c_int,
        a_stride: *mut c_int,
    );
    fn kw_encode(p: *mut KwPic, data: *mut *const u8, len: *mut usize) -> c_int;
    fn kw_free(p: *mut KwPic);
}

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

/// One plane of libwebp's picture: its rows, `stride` bytes apart.
struct Plane {
    data: *mut u8,
    stride: usize,
    rows: usize,
}

impl Plane {
    fn row(&mut self, y: usize) -> &mut [u8] {
        assert!(y < self.rows, "row {y} of {}", self.rows);
        // SAFETY: libwebp allocated `rows` rows of `stride` bytes for the
        // plane, owned by the picture that outlives this borrow; rows are
        // disjoint and only one is borrowed at a time.
        unsafe { std::slice::from_raw_parts_mut(self.data.add(y * self.stride), self.stride) }
    }
}

/// A lossy WebP encoder fed 8-bit rows of 1 to 4 channels (gray, gray and
/// alpha, RGB, RGBA), top to bottom.
pub(crate) struct RowEncoder {
    raw: NonNull<KwPic>,
    planes: [Plane; 3],
    alpha: Option<Plane>,
    channels: usize,
    width: usize,
    height: usize,
    y: usize,
    /// The even row waiting for its pair, for the chroma rows.
    pending: Vec<u8>,
}

impl Drop for RowEncoder {
    fn drop(&mut self) {
        // SAFETY: made by kw_new, freed once.
        unsafe { kw_free(self.raw.as_ptr()) }
    }
}

impl RowEncoder {
    pub(crate) fn new(
        (w, h): (u32, u32),
        channels: usize,
        quality: u8,
    ) -> Result<RowEncoder, MediaError> {
        // libwebp's limit is 16383 a side; it refuses larger.
        let (Ok(cw), Ok(ch)) = (c_int::try_from(w), c_int::try_from(h)) else {
            return Err(MediaError::BadImage(
                "the picture is too large for WebP".into(),
            ));
        };
        let has_alpha = channels.is_multiple_of(2);
        // SAFETY: plain values in; the handle is owned by the RowEncoder.
        let raw = NonNull::new(unsafe {
            kw_new(
                cw,
                ch,
                c_int::from(has_alpha),
                c_float::from(quality.min(100)),
            )
        })
        .ok_or_else(|| {
            MediaError::BadImage(format!(
                "WebP cannot hold a {w}x{h} picture (at most 16383 pixels a side)"
            ))
        })?;
        let (mut y, mut u, mut v, mut a) = (
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        let (mut ys, mut uvs, mut as_) = (0, 0, 0);
        // SAFETY: the handle is live; every pointer is to a local.
        unsafe {
            kw_planes(
                raw.as_ptr(),
                &mut y,
                &mut u,
                &mut v,
                &mut a,
                &mut ys,
                &mut uvs,
                &mut as_,
            )
        };
        let (w, h) = (w as usize, h as usize);
        let plane = |data: *mut u8, stride: c_int, rows: usize| Plane {
            data,
            stride: usize::try_from(stride).unwrap_or(0),
            rows,
        };
        let chroma_rows = h.div_ceil(2);
        Ok(RowEncoder {
            raw,
            planes: [
                plane(y, ys, h),
                plane(u, uvs, chroma_rows),
                plane(v, uvs, chroma_rows),
            ],
            alpha: (has_alpha && !a.is_null()).then(|| plane(a, as_, h)),
            channels,
            width: w,
            height: h,
            y: 0,
            pending: Vec::new(),
        })
    }

    /// The next row (`width` pixels); rows past the picture's height are
    /// ignored.
    pub(crate) fn push(&mut self, row: &[u8]) {
        if self.y >= self.height {
            return;
        }
        let c = self.channels;
        let y = self.y;
        let luma = self.planes[0].row(y);
        for (x, px) in row.chunks_exact(c).take(self.width).enumerate() {
            let (r, g, b) = rgb(px, c);
            luma[x] = ((16839 * r + 33059 * g + 6420 * b + (1 << 15) + (16 << 16)) >> 16) as u8;
        }
        if let Some(alpha) = &mut self.alpha {
            let a = alpha.row(y);
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
        let [_, u, v] = &mut self.planes;
        let (u, v) = (u.row(cy), v.row(cy));
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
            u[cx] = clip(-9719 * r - 19081 * g + 28800 * b);
            v[cx] = clip(28800 * r - 24116 * g - 4684 * b);
        }
    }

    /// Encodes the picture (an odd last row is its own chroma pair).
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, MediaError> {
        if self.y < self.height {
            return Err(MediaError::BadImage("short picture data".into()));
        }
        if !self.y.is_multiple_of(2) {
            let last = std::mem::take(&mut self.pending);
            self.y -= 1;
            self.chroma(&last, &last);
        }
        let (mut data, mut len) = (std::ptr::null(), 0usize);
        // SAFETY: the handle is live; the bytes stay owned by it until it is
        // freed, after the copy below.
        let rc = unsafe { kw_encode(self.raw.as_ptr(), &mut data, &mut len) };
        if rc != 0 || data.is_null() || len == 0 {
            return Err(MediaError::BadImage(format!(
                "the WebP encoder failed (libwebp error {rc})"
            )));
        }
        // SAFETY: libwebp wrote `len` bytes at `data`.
        Ok(unsafe { std::slice::from_raw_parts(data, len) }.to_vec())
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
