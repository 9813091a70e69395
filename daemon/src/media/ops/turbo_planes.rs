//! JPEG to JPEG without leaving YUV: quarter turns and cut-outs made on the
//! decoded planes and encoded again at the source's chroma subsampling. No
//! colour conversion either way, and half the memory of RGB (4:2:0). Taken
//! only where the planes line up exactly (sizes and offsets on whole chroma
//! samples); otherwise the RGB path runs.

use turbojpeg::raw;
use turbojpeg::Subsamp;

use super::needs::Needs;
use super::OpLimits;
use crate::media::MediaError;

/// A TurboJPEG instance, destroyed on drop.
struct Handle(raw::tjhandle);

impl Handle {
    fn new(compress: bool) -> Result<Handle, MediaError> {
        // SAFETY: plain constructors; a null handle is checked.
        let h = unsafe {
            if compress {
                raw::tjInitCompress()
            } else {
                raw::tjInitDecompress()
            }
        };
        if h.is_null() {
            return Err(MediaError::BadImage("JPEG: no TurboJPEG instance".into()));
        }
        Ok(Handle(h))
    }

    fn error(&self) -> MediaError {
        // SAFETY: the handle is live; the message is a NUL-terminated
        // string owned by it, copied out at once.
        let msg = unsafe { std::ffi::CStr::from_ptr(raw::tjGetErrorStr2(self.0)) };
        MediaError::BadImage(format!("JPEG: {}", msg.to_string_lossy()))
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: created by tjInit*, destroyed once.
        unsafe {
            raw::tjDestroy(self.0);
        }
    }
}

/// One plane of samples, rows `w` wide with no padding.
struct Plane {
    w: usize,
    h: usize,
    data: Vec<u8>,
}

impl Plane {
    fn turned(&self, degrees: u32) -> Plane {
        let (w, h) = (self.w, self.h);
        let (ow, oh) = if degrees == 180 { (w, h) } else { (h, w) };
        let mut data = vec![0u8; w * h];
        for (y, row) in self.data.chunks_exact(w).enumerate() {
            for (x, &v) in row.iter().enumerate() {
                let (dx, dy) = match degrees {
                    90 => (h - 1 - y, x),
                    180 => (w - 1 - x, h - 1 - y),
                    _ => (y, w - 1 - x),
                };
                data[dy * ow + dx] = v;
            }
        }
        Plane { w: ow, h: oh, data }
    }

    fn cut(&self, x: usize, y: usize, w: usize, h: usize) -> Plane {
        let mut data = Vec::with_capacity(w * h);
        for row in self.data.chunks_exact(self.w).skip(y).take(h) {
            data.extend_from_slice(&row[x..x + w]);
        }
        Plane { w, h, data }
    }
}

/// The step `needs` asks (a quarter, half or three-quarter turn, or a
/// region) made on `jpeg`'s planes and encoded at `quality`; `None` when
/// the planes do not line up for it or the file is not one this path reads.
pub(crate) fn edit(
    jpeg: &[u8],
    needs: &Needs,
    quality: u8,
    limits: &OpLimits,
) -> Result<Option<Vec<u8>>, MediaError> {
    let Ok(header) = turbojpeg::read_header(jpeg) else {
        return Ok(None);
    };
    let (w, h) = (header.width, header.height);
    limits.check_size(w as u32, h as u32)?;
    let ss = header.subsamp;
    let (turned_ss, fx, fy) = match ss {
        Subsamp::None => (Subsamp::None, 1, 1),
        Subsamp::Gray => (Subsamp::Gray, 1, 1),
        Subsamp::Sub2x2 => (Subsamp::Sub2x2, 2, 2),
        Subsamp::Sub2x1 => (Subsamp::Sub1x2, 2, 1),
        Subsamp::Sub1x2 => (Subsamp::Sub2x1, 1, 2),
        _ => return Ok(None),
    };
    if w % fx != 0 || h % fy != 0 {
        return Ok(None);
    }
    let region = needs.region.map(|r| {
        let v = |n: u32| n as usize;
        (v(r.x), v(r.y), v(r.width), v(r.height))
    });
    if let Some((x, y, rw, rh)) = region {
        if x % fx != 0 || y % fy != 0 || rw % fx != 0 || rh % fy != 0 || x + rw > w || y + rh > h {
            return Ok(None);
        }
    }
    let Some(planes) = decode(jpeg, w, h, ss, limits)? else {
        return Ok(None);
    };
    let (planes, out_w, out_h, out_ss) = match (needs.turn, region) {
        (90 | 270, None) => (turn_all(planes, needs.turn), h, w, turned_ss),
        (180, None) => (turn_all(planes, 180), w, h, ss),
        (0, Some((x, y, rw, rh))) => {
            let cut = planes
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let (sx, sy) = if i == 0 { (1, 1) } else { (fx, fy) };
                    p.cut(x / sx, y / sy, rw / sx, rh / sy)
                })
                .collect();
            (cut, rw, rh, ss)
        }
        _ => return Ok(None),
    };
    encode(&planes, out_w, out_h, out_ss, quality).map(Some)
}

fn turn_all(planes: Vec<Plane>, degrees: u32) -> Vec<Plane> {
    planes.into_iter().map(|p| p.turned(degrees)).collect()
}

fn decode(
    jpeg: &[u8],
    w: usize,
    h: usize,
    ss: Subsamp,
    limits: &OpLimits,
) -> Result<Option<Vec<Plane>>, MediaError> {
    let count = if ss == Subsamp::Gray { 1 } else { 3 };
    let mut planes = Vec::with_capacity(count);
    let mut total = 0u64;
    for c in 0..count {
        // SAFETY: pure arithmetic on its arguments.
        let (pw, ph) = unsafe {
            (
                raw::tjPlaneWidth(c as i32, w as i32, ss as i32),
                raw::tjPlaneHeight(c as i32, h as i32, ss as i32),
            )
        };
        let (Ok(pw), Ok(ph)) = (usize::try_from(pw), usize::try_from(ph)) else {
            return Ok(None);
        };
        total += (pw * ph) as u64;
        planes.push(Plane {
            w: pw,
            h: ph,
            data: Vec::new(),
        });
    }
    if total > limits.max_image_alloc_bytes {
        return Err(MediaError::BadImage(
            "the picture is larger than allowed".into(),
        ));
    }
    for p in &mut planes {
        p.data = vec![0u8; p.w * p.h];
    }
    let handle = Handle::new(false)?;
    let mut ptrs: Vec<*mut u8> = planes.iter_mut().map(|p| p.data.as_mut_ptr()).collect();
    let mut strides: Vec<i32> = planes.iter().map(|p| p.w as i32).collect();
    let Ok(len) = libc::c_ulong::try_from(jpeg.len()) else {
        return Ok(None);
    };
    // SAFETY: each pointer addresses a buffer of its plane's stride times
    // height, the sizes TurboJPEG computes for this picture and
    // subsampling; the JPEG buffer is read only within `len`.
    let rc = unsafe {
        raw::tjDecompressToYUVPlanes(
            handle.0,
            jpeg.as_ptr(),
            len,
            ptrs.as_mut_ptr(),
            w as i32,
            strides.as_mut_ptr(),
            h as i32,
            0,
        )
    };
    if rc != 0 {
        tracing::debug!("planes path declined: {}", handle.error());
        return Ok(None);
    }
    Ok(Some(planes))
}

fn encode(
    planes: &[Plane],
    w: usize,
    h: usize,
    ss: Subsamp,
    quality: u8,
) -> Result<Vec<u8>, MediaError> {
    let handle = Handle::new(true)?;
    let mut ptrs: Vec<*const u8> = planes.iter().map(|p| p.data.as_ptr()).collect();
    let strides: Vec<i32> = planes.iter().map(|p| p.w as i32).collect();
    let mut buf: *mut u8 = std::ptr::null_mut();
    let mut size: libc::c_ulong = 0;
    // SAFETY: the planes hold the sizes TurboJPEG expects for a `w` x `h`
    // picture at `ss` (whole chroma samples, checked by the caller); the
    // output buffer is allocated by TurboJPEG and freed below with tjFree.
    let rc = unsafe {
        raw::tjCompressFromYUVPlanes(
            handle.0,
            ptrs.as_mut_ptr(),
            w as i32,
            strides.as_ptr(),
            h as i32,
            ss as i32,
            &mut buf,
            &mut size,
            i32::from(quality.clamp(1, 100)),
            0,
        )
    };
    let out = if rc == 0 && !buf.is_null() {
        // SAFETY: TurboJPEG wrote `size` bytes at `buf`.
        Ok(unsafe { std::slice::from_raw_parts(buf, size as usize) }.to_vec())
    } else {
        Err(handle.error())
    };
    if !buf.is_null() {
        // SAFETY: allocated by TurboJPEG, freed once.
        unsafe { raw::tjFree(buf) };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::ops::crop::Rect;
    use ::image::{DynamicImage, RgbImage};

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| {
            if x < w / 3 && y < h / 3 {
                ::image::Rgb([230, 20, 20])
            } else {
                ::image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
            }
        });
        let mut c = turbojpeg::Compressor::new().unwrap();
        c.set_subsamp(Subsamp::Sub2x2);
        c.set_quality(95);
        c.compress_to_vec(turbojpeg::Image {
            pixels: img.as_raw().as_slice(),
            width: w as usize,
            pitch: w as usize * 3,
            height: h as usize,
            format: turbojpeg::PixelFormat::RGB,
        })
        .unwrap()
    }

    fn rgb(jpeg: &[u8]) -> RgbImage {
        ::image::load_from_memory(jpeg).unwrap().to_rgb8()
    }

    #[test]
    fn turns_and_cuts_in_the_planes() {
        let src = jpeg(320, 240);
        let whole = DynamicImage::ImageRgb8(rgb(&src));
        let limits = OpLimits::default();
        let turned = edit(
            &src,
            &Needs {
                turn: 90,
                ..Needs::default()
            },
            95,
            &limits,
        )
        .unwrap()
        .unwrap();
        let turned = rgb(&turned);
        assert_eq!(turned.dimensions(), (240, 320));
        let want = whole.rotate90().to_rgb8();
        let worst = turned
            .as_raw()
            .iter()
            .zip(want.as_raw())
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap();
        assert!(worst < 40, "{worst}");
        assert!(turned.get_pixel(230, 10)[0] > 180, "red to the top right");

        let r = Rect {
            x: 20,
            y: 10,
            width: 100,
            height: 60,
        };
        let needs = Needs {
            region: Some(r),
            ..Needs::default()
        };
        let cut = rgb(&edit(&src, &needs, 95, &limits).unwrap().unwrap());
        assert_eq!(cut.dimensions(), (100, 60));
        assert!(cut.get_pixel(5, 5)[0] > 180);
        // Odd offsets do not line up with 4:2:0 chroma: declined.
        let odd = Needs {
            region: Some(Rect { x: 21, ..r }),
            ..Needs::default()
        };
        assert!(edit(&src, &odd, 95, &limits).unwrap().is_none());
        assert!(edit(
            &jpeg(321, 240),
            &Needs {
                turn: 90,
                ..Needs::default()
            },
            95,
            &limits
        )
        .unwrap()
        .is_none());
    }
}
