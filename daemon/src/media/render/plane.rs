//! One yuv420p picture, the frame type interpolators work on.

use ffmpeg::{format, frame};
use ffmpeg_next as ffmpeg;

/// One yuv420p picture with tightly packed planes: `y` is `width x height`,
/// `u` and `v` are `chroma_width() x chroma_height()`, rows back to back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plane3 {
    pub width: u32,
    pub height: u32,
    pub y: Vec<u8>,
    pub u: Vec<u8>,
    pub v: Vec<u8>,
}

impl Plane3 {
    /// A black picture.
    pub fn new(width: u32, height: u32) -> Self {
        let (cw, ch) = (width.div_ceil(2) as usize, height.div_ceil(2) as usize);
        Plane3 {
            width,
            height,
            y: vec![16; width as usize * height as usize],
            u: vec![128; cw * ch],
            v: vec![128; cw * ch],
        }
    }

    pub fn chroma_width(&self) -> u32 {
        self.width.div_ceil(2)
    }

    pub fn chroma_height(&self) -> u32 {
        self.height.div_ceil(2)
    }

    /// Width and height of plane `i` (0 = Y, 1 = U, 2 = V).
    pub fn plane_size(&self, i: usize) -> (usize, usize) {
        if i == 0 {
            (self.width as usize, self.height as usize)
        } else {
            (self.chroma_width() as usize, self.chroma_height() as usize)
        }
    }

    pub fn planes(&self) -> [&[u8]; 3] {
        [&self.y, &self.u, &self.v]
    }

    pub fn planes_mut(&mut self) -> [&mut [u8]; 3] {
        [&mut self.y, &mut self.u, &mut self.v]
    }

    /// Whether `other` has the same size (so planes match one to one).
    pub fn same_size(&self, other: &Plane3) -> bool {
        self.width == other.width && self.height == other.height
    }

    /// Makes `self` an exact copy of `src`, reusing its buffers.
    pub fn copy_from(&mut self, src: &Plane3) {
        self.width = src.width;
        self.height = src.height;
        self.y.clone_from(&src.y);
        self.u.clone_from(&src.u);
        self.v.clone_from(&src.v);
    }

    /// Copies a yuv420p frame of the same size in (strides removed).
    pub(crate) fn copy_from_frame(&mut self, f: &frame::Video) {
        debug_assert_eq!(f.format(), format::Pixel::YUV420P);
        debug_assert_eq!((f.width(), f.height()), (self.width, self.height));
        for i in 0..3 {
            let (w, h) = self.plane_size(i);
            let stride = f.stride(i);
            let src = f.data(i);
            let dst = &mut self.planes_mut()[i];
            for (row, d) in dst.chunks_exact_mut(w).take(h).enumerate() {
                if let Some(s) = src.get(row * stride..row * stride + w) {
                    d.copy_from_slice(s);
                }
            }
        }
    }

    /// Copies into a yuv420p frame of the same size (honouring its strides).
    pub(crate) fn copy_to_frame(&self, f: &mut frame::Video) {
        debug_assert_eq!(f.format(), format::Pixel::YUV420P);
        debug_assert_eq!((f.width(), f.height()), (self.width, self.height));
        for i in 0..3 {
            let (w, h) = self.plane_size(i);
            let stride = f.stride(i);
            let dst = f.data_mut(i);
            for (row, s) in self.planes()[i].chunks_exact(w).take(h).enumerate() {
                if let Some(d) = dst.get_mut(row * stride..row * stride + w) {
                    d.copy_from_slice(s);
                }
            }
        }
    }
}
