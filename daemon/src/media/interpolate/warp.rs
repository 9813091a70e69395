//! Dense bidirectional compensation: block vectors are interpolated
//! bilinearly into a smooth per-pixel flow, the flows through the
//! intermediate picture are approximated from the forward and backward
//! flows at the same place (`F_t0 = -t(1-t)F + t²B`, `F_t1 = (1-t)²F - t(1-t)B`),
//! both neighbours are sampled bicubically (Catmull-Rom) and blended by time
//! distance and, mildly, by how consistent (forward-backward) and
//! well-matched each side's motion is (occlusion handling).

use rayon::prelude::*;

use super::motion::{Field, BLOCK};

/// Per-block motion of one source pair, both directions, with per-block
/// reliability (0 = unreliable .. 1 = consistent and well matched).
pub(crate) struct Motion {
    pub fwd: Field,
    pub bwd: Field,
    pub fwd_rel: Vec<f32>,
    pub bwd_rel: Vec<f32>,
}

/// Bilinear interpolation of a per-block quantity at luma position (x, y).
#[inline]
fn block_coords(x: f32, n: usize) -> (isize, isize, f32) {
    let f = (x + 0.5) / BLOCK as f32 - 0.5;
    let f0 = f.floor();
    let w = f - f0;
    let i0 = (f0 as isize).clamp(0, n as isize - 1);
    let i1 = (f0 as isize + 1).clamp(0, n as isize - 1);
    (i0, i1, w)
}

#[inline]
fn interp_block(field: &Field, extra: &[f32], x: f32, y: f32) -> [f32; 3] {
    let (x0, x1, wx) = block_coords(x, field.bw);
    let (y0, y1, wy) = block_coords(y, field.bh);
    let bw = field.bw as isize;
    let mut out = [0f32; 3];
    for (bx, by, w) in [
        (x0, y0, (1.0 - wx) * (1.0 - wy)),
        (x1, y0, wx * (1.0 - wy)),
        (x0, y1, (1.0 - wx) * wy),
        (x1, y1, wx * wy),
    ] {
        let i = (by * bw + bx) as usize;
        let v = field.v[i];
        out[0] += v[0] * w;
        out[1] += v[1] * w;
        out[2] += extra[i] * w;
    }
    out
}

impl Motion {
    pub fn new(fwd: Field, bwd: Field) -> Motion {
        let fwd_rel = reliability(&fwd, &bwd);
        let bwd_rel = reliability(&bwd, &fwd);
        Motion {
            fwd,
            bwd,
            fwd_rel,
            bwd_rel,
        }
    }
}

/// Scale of the forward-backward inconsistency (pixels) at which a vector
/// counts half.
const CONSISTENCY_PX: f32 = 1.5;
/// Matching error (per sample) at which a vector counts half.
const MATCH_ERR: f32 = 12.0;

fn reliability(f: &Field, g: &Field) -> Vec<f32> {
    let zeros = vec![0f32; g.v.len()];
    let mut rel = vec![0f32; f.v.len()];
    rel.par_chunks_mut(f.bw).enumerate().for_each(|(by, row)| {
        for (bx, r) in row.iter_mut().enumerate() {
            let v = f.v[by * f.bw + bx];
            let cx = (bx * BLOCK) as f32 + BLOCK as f32 / 2.0 - 0.5;
            let cy = (by * BLOCK) as f32 + BLOCK as f32 / 2.0 - 0.5;
            let back = interp_block(g, &zeros, cx + v[0], cy + v[1]);
            let dx = v[0] + back[0];
            let dy = v[1] + back[1];
            let cp = CONSISTENCY_PX;
            let inc = (dx * dx + dy * dy) / (cp * cp);
            let e = f.err[by * f.bw + bx] / MATCH_ERR;
            *r = 1.0 / (1.0 + inc + e * e);
        }
    });
    rel
}

/// Weight every side keeps however unreliable its motion looks.
const REL_FLOOR: f32 = 2.0;

/// A borrowed plane for sampling.
#[derive(Clone, Copy)]
pub(crate) struct PlaneRef<'a> {
    pub w: usize,
    pub h: usize,
    pub px: &'a [u8],
}

/// Catmull-Rom weights of the four taps around a fraction `f`.
#[inline]
fn cubic_weights(f: f32) -> [f32; 4] {
    let f2 = f * f;
    let f3 = f2 * f;
    [
        -0.5 * f3 + f2 - 0.5 * f,
        1.5 * f3 - 2.5 * f2 + 1.0,
        -1.5 * f3 + 2.0 * f2 + 0.5 * f,
        0.5 * f3 - 0.5 * f2,
    ]
}

impl PlaneRef<'_> {
    /// Bicubic (Catmull-Rom) sample, edges replicated; sharper than
    /// bilinear, which matters for detail (SSIM).
    #[inline]
    fn sample_cubic(&self, x: f32, y: f32) -> f32 {
        let x = x.clamp(0.0, (self.w - 1) as f32);
        let y = y.clamp(0.0, (self.h - 1) as f32);
        let (xi, yi) = (x.floor(), y.floor());
        let (wx, wy) = (cubic_weights(x - xi), cubic_weights(y - yi));
        let (xi, yi) = (xi as isize, yi as isize);
        let (wm, hm) = (self.w as isize - 1, self.h as isize - 1);
        let xs = [
            (xi - 1).clamp(0, wm) as usize,
            xi as usize,
            (xi + 1).min(wm) as usize,
            (xi + 2).min(wm) as usize,
        ];
        let mut acc = 0f32;
        for (k, wyk) in wy.iter().enumerate() {
            let r = (yi - 1 + k as isize).clamp(0, hm) as usize * self.w;
            let row = &self.px[r..r + self.w];
            let v = wx[0] * f32::from(row[xs[0]])
                + wx[1] * f32::from(row[xs[1]])
                + wx[2] * f32::from(row[xs[2]])
                + wx[3] * f32::from(row[xs[3]]);
            acc += wyk * v;
        }
        acc
    }
}

/// Synthesises one plane at time `t`. `scale` is the plane's subsampling
/// relative to luma (1 or 2).
pub(crate) fn synth_plane(
    motion: &Motion,
    a: PlaneRef<'_>,
    b: PlaneRef<'_>,
    t: f32,
    scale: usize,
    out: &mut [u8],
) {
    let s = scale as f32;
    let floor = REL_FLOOR;
    let (ka, kb) = (-t * (1.0 - t), t * t);
    let (la, lb) = ((1.0 - t) * (1.0 - t), -t * (1.0 - t));
    out.par_chunks_mut(a.w).enumerate().for_each(|(y, row)| {
        let ly = (y as f32 + 0.5) * s - 0.5;
        for (x, o) in row.iter_mut().enumerate() {
            let lx = (x as f32 + 0.5) * s - 0.5;
            let f = interp_block(&motion.fwd, &motion.fwd_rel, lx, ly);
            let g = interp_block(&motion.bwd, &motion.bwd_rel, lx, ly);
            // Flows from the intermediate picture to a and to b (luma px).
            let t0 = [ka * f[0] + kb * g[0], ka * f[1] + kb * g[1]];
            let t1 = [la * f[0] + lb * g[0], la * f[1] + lb * g[1]];
            let (xf, yf) = (x as f32, y as f32);
            let sa = a.sample_cubic(xf + t0[0] / s, yf + t0[1] / s);
            let sb = b.sample_cubic(xf + t1[0] / s, yf + t1[1] / s);
            // Time distance, tempered by each side's motion reliability here.
            let wa = (1.0 - t) * (floor + f[2]);
            let wb = t * (floor + g[2]);
            let v = (wa * sa + wb * sb) / (wa + wb).max(1e-6);
            *o = (v + 0.5).clamp(0.0, 255.0) as u8;
        }
    });
}
