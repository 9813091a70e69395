//! JPEG a band of rows at a time, through libjpeg's scanline API (the
//! system libjpeg-turbo, by a C shim in `jpeg_rows/jpeg_rows.c` that turns
//! libjpeg's longjmp error handling into return codes). Decoding can start
//! at a row and column and stop after any row, so a cut-out decodes only
//! what it keeps and nothing holds the whole picture.

use std::ffi::{c_char, c_int, c_long, c_uint, c_ulong, CStr, CString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::ptr::NonNull;

/// What went wrong in libjpeg or around it.
#[derive(Debug, thiserror::Error)]
pub(crate) enum JpegRowsError {
    #[error("JPEG: {0}")]
    Libjpeg(String),
    #[error("JPEG: out of memory")]
    NoMemory,
    #[error("JPEG: the path {0:?} holds a NUL byte")]
    Path(std::path::PathBuf),
    #[error("JPEG: a buffer of {have} bytes for {want}")]
    Buffer { have: usize, want: usize },
}

#[repr(C)]
struct KjDec {
    _opaque: [u8; 0],
}

#[repr(C)]
struct KjEnc {
    _opaque: [u8; 0],
}

extern "C" {
    fn kj_dec_open(path: *const c_char, max_memory: c_ulong) -> *mut KjDec;
    fn kj_dec_error(d: *const KjDec) -> *const c_char;
    fn kj_dec_free(d: *mut KjDec);
    fn kj_dec_info(
        d: *const KjDec,
        w: *mut c_uint,
        h: *mut c_uint,
        components: *mut c_int,
        color_space: *mut c_int,
        h_samp: *mut c_int,
        v_samp: *mut c_int,
    ) -> c_int;
    fn kj_dec_start(
        d: *mut KjDec,
        out_space: c_int,
        denom: c_uint,
        fancy: c_int,
        out_w: *mut c_uint,
        out_h: *mut c_uint,
        channels: *mut c_int,
    ) -> c_int;
    fn kj_dec_crop(d: *mut KjDec, x: *mut c_uint, w: *mut c_uint) -> c_int;
    fn kj_dec_skip(d: *mut KjDec, n: c_uint) -> c_int;
    fn kj_dec_read(d: *mut KjDec, buf: *mut u8, stride: usize, n: c_uint) -> c_long;
    fn kj_enc_open(
        path: *const c_char,
        w: c_uint,
        h: c_uint,
        in_space: c_int,
        h_samp: c_int,
        v_samp: c_int,
        quality: c_int,
        icc: *const u8,
        icc_len: c_uint,
    ) -> *mut KjEnc;
    fn kj_enc_error(e: *const KjEnc) -> *const c_char;
    fn kj_enc_free(e: *mut KjEnc);
    fn kj_enc_write(e: *mut KjEnc, buf: *const u8, stride: usize, n: c_uint) -> c_int;
    fn kj_enc_finish(e: *mut KjEnc) -> c_int;
}

/// libjpeg's colour spaces (`J_COLOR_SPACE`) this module reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Space {
    Gray = 1,
    Rgb = 2,
    YCbCr = 3,
}

impl Space {
    pub(crate) fn channels(self) -> usize {
        if self == Space::Gray {
            1
        } else {
            3
        }
    }
}

/// A JPEG's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Info {
    pub width: u32,
    pub height: u32,
    /// Gray or YCbCr; `None` for the others (CMYK, YCCK, RGB).
    pub space: Option<Space>,
    /// Luma samples per chroma sample across and down (1, 1: 4:4:4;
    /// 2, 2: 4:2:0); `None` for a layout other than one luma factor over
    /// unsampled chroma.
    pub sampling: Option<(u8, u8)>,
}

fn path_arg(path: &Path) -> Result<CString, JpegRowsError> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| JpegRowsError::Path(path.into()))
}

fn message(ptr: *const c_char) -> String {
    // SAFETY: the shim's messages are NUL-terminated buffers inside the
    // live handle; copied out at once.
    unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}

/// A JPEG file being decoded.
pub(crate) struct Decoder {
    raw: NonNull<KjDec>,
    info: Info,
    /// Channels and bytes in one output row, once started.
    channels: usize,
    row_bytes: usize,
}

impl Drop for Decoder {
    fn drop(&mut self) {
        // SAFETY: made by kj_dec_open, freed once (an unfinished decode is
        // abandoned, which libjpeg allows).
        unsafe { kj_dec_free(self.raw.as_ptr()) }
    }
}

impl Decoder {
    /// Opens `path` and reads its header; libjpeg may allocate at most
    /// `max_memory` bytes (a progressive file holds all its coefficients).
    pub(crate) fn open(path: &Path, max_memory: u64) -> Result<Decoder, JpegRowsError> {
        let c_path = path_arg(path)?;
        // libjpeg keeps the limit in a C long.
        let max = max_memory.min(c_long::MAX as u64) as c_ulong;
        // SAFETY: a valid C string; the handle is owned by the Decoder.
        let raw = NonNull::new(unsafe { kj_dec_open(c_path.as_ptr(), max) })
            .ok_or(JpegRowsError::NoMemory)?;
        let mut d = Decoder {
            raw,
            info: Info {
                width: 0,
                height: 0,
                space: None,
                sampling: None,
            },
            channels: 0,
            row_bytes: 0,
        };
        let (mut w, mut h, mut comps, mut cs, mut hs, mut vs) = (0, 0, 0, 0, 0, 0);
        // SAFETY: the handle is live; every pointer is to a local.
        let rc = unsafe {
            kj_dec_info(
                d.raw.as_ptr(),
                &mut w,
                &mut h,
                &mut comps,
                &mut cs,
                &mut hs,
                &mut vs,
            )
        };
        if rc != 0 {
            return Err(d.error());
        }
        let space = match (comps, cs) {
            (1, 1) => Some(Space::Gray),
            (3, 3) => Some(Space::YCbCr),
            _ => None,
        };
        let sampling = match (u8::try_from(hs), u8::try_from(vs)) {
            (Ok(h @ 1..=4), Ok(v @ 1..=4)) => Some((h, v)),
            _ => None,
        };
        d.info = Info {
            width: w,
            height: h,
            space,
            sampling,
        };
        Ok(d)
    }

    pub(crate) fn info(&self) -> Info {
        self.info
    }

    fn error(&self) -> JpegRowsError {
        // SAFETY: the handle is live.
        JpegRowsError::Libjpeg(message(unsafe { kj_dec_error(self.raw.as_ptr()) }))
    }

    /// Starts decoding into `space` at 1/`denom` of the size (1, 2, 4 or
    /// 8); `fancy`: smooth chroma upsampling (else each chroma sample is
    /// repeated). The output's width and height.
    pub(crate) fn start(
        &mut self,
        space: Space,
        denom: u32,
        fancy: bool,
    ) -> Result<(u32, u32), JpegRowsError> {
        let (mut w, mut h, mut channels) = (0, 0, 0);
        // SAFETY: the handle is live; the pointers are to locals.
        let rc = unsafe {
            kj_dec_start(
                self.raw.as_ptr(),
                space as c_int,
                denom,
                c_int::from(fancy),
                &mut w,
                &mut h,
                &mut channels,
            )
        };
        if rc != 0 {
            return Err(self.error());
        }
        self.channels = usize::try_from(channels).unwrap_or(0);
        self.row_bytes = w as usize * self.channels;
        if self.channels != space.channels() {
            return Err(JpegRowsError::Libjpeg(format!(
                "{channels} channels decoded for {space:?}"
            )));
        }
        Ok((w, h))
    }

    /// After `start`: decode only columns `x .. x + w`. libjpeg widens them
    /// to whole blocks; the columns the rows then hold (first, count).
    pub(crate) fn crop(&mut self, x: u32, w: u32) -> Result<(u32, u32), JpegRowsError> {
        let (mut cx, mut cw) = (x, w);
        // SAFETY: the handle is live; the pointers are to locals.
        if unsafe { kj_dec_crop(self.raw.as_ptr(), &mut cx, &mut cw) } != 0 {
            return Err(self.error());
        }
        self.row_bytes = cw as usize * self.channels;
        Ok((cx, cw))
    }

    /// Skips `n` rows.
    pub(crate) fn skip(&mut self, n: u32) -> Result<(), JpegRowsError> {
        // SAFETY: the handle is live.
        if unsafe { kj_dec_skip(self.raw.as_ptr(), n) } != 0 {
            return Err(self.error());
        }
        Ok(())
    }

    /// Bytes in one decoded row.
    pub(crate) fn row_bytes(&self) -> usize {
        self.row_bytes
    }

    /// Decodes up to `n` rows into `buf`, `stride` bytes apart: how many
    /// (fewer only at the end of the picture).
    pub(crate) fn read(
        &mut self,
        buf: &mut [u8],
        stride: usize,
        n: u32,
    ) -> Result<u32, JpegRowsError> {
        let want = stride * n as usize;
        if self.row_bytes == 0 || stride < self.row_bytes || buf.len() < want {
            return Err(JpegRowsError::Buffer {
                have: buf.len(),
                want: want.max(self.row_bytes),
            });
        }
        // SAFETY: `buf` holds `n` rows of `stride` >= `row_bytes` bytes,
        // the most libjpeg writes per row.
        let got = unsafe { kj_dec_read(self.raw.as_ptr(), buf.as_mut_ptr(), stride, n) };
        u32::try_from(got).map_err(|_| self.error())
    }
}

/// A JPEG file being written, a band of rows at a time.
pub(crate) struct Encoder {
    raw: NonNull<KjEnc>,
    row_bytes: usize,
}

impl Drop for Encoder {
    fn drop(&mut self) {
        // SAFETY: made by kj_enc_open, freed once.
        unsafe { kj_enc_free(self.raw.as_ptr()) }
    }
}

/// How [`Encoder::create`] writes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EncodeAs<'a> {
    pub width: u32,
    pub height: u32,
    /// The rows handed in: gray (a one-channel JPEG), RGB or YCbCr.
    pub space: Space,
    /// Luma samples per chroma sample across and down.
    pub sampling: (u8, u8),
    pub quality: u8,
    pub icc: Option<&'a [u8]>,
}

impl Encoder {
    /// Creates `path` and writes the JPEG's headers.
    pub(crate) fn create(path: &Path, how: EncodeAs<'_>) -> Result<Encoder, JpegRowsError> {
        let c_path = path_arg(path)?;
        let icc = how.icc.unwrap_or_default();
        let icc_len = c_uint::try_from(icc.len()).unwrap_or(0);
        // SAFETY: a valid C string; `icc` is read within `icc_len` bytes
        // before the call returns; the handle is owned by the Encoder.
        let raw = NonNull::new(unsafe {
            kj_enc_open(
                c_path.as_ptr(),
                how.width,
                how.height,
                how.space as c_int,
                c_int::from(how.sampling.0),
                c_int::from(how.sampling.1),
                c_int::from(how.quality.clamp(1, 100)),
                icc.as_ptr(),
                icc_len,
            )
        })
        .ok_or(JpegRowsError::NoMemory)?;
        let e = Encoder {
            raw,
            row_bytes: how.width as usize * how.space.channels(),
        };
        // SAFETY: the handle is live.
        let msg = message(unsafe { kj_enc_error(e.raw.as_ptr()) });
        if !msg.is_empty() {
            return Err(JpegRowsError::Libjpeg(msg));
        }
        Ok(e)
    }

    fn error(&self) -> JpegRowsError {
        // SAFETY: the handle is live.
        JpegRowsError::Libjpeg(message(unsafe { kj_enc_error(self.raw.as_ptr()) }))
    }

    /// Writes `n` rows from `buf`, `stride` bytes apart.
    pub(crate) fn write(&mut self, buf: &[u8], stride: usize, n: u32) -> Result<(), JpegRowsError> {
        let want = match n {
            0 => 0,
            n => stride * (n as usize - 1) + self.row_bytes,
        };
        if stride < self.row_bytes || buf.len() < want {
            return Err(JpegRowsError::Buffer {
                have: buf.len(),
                want,
            });
        }
        // SAFETY: `buf` holds `n` rows of `row_bytes` (the width times the
        // channels the encoder was made for), `stride` apart.
        if unsafe { kj_enc_write(self.raw.as_ptr(), buf.as_ptr(), stride, n) } != 0 {
            return Err(self.error());
        }
        Ok(())
    }

    /// Ends the JPEG and closes its file.
    pub(crate) fn finish(self) -> Result<(), JpegRowsError> {
        // SAFETY: the handle is live.
        if unsafe { kj_enc_finish(self.raw.as_ptr()) } != 0 {
            return Err(self.error());
        }
        Ok(())
    }
}
