//! Hierarchical block motion estimation on luma: a 2x2 box pyramid, an
//! exhaustive search at the coarsest level, candidate search (parent vectors
//! and their neighbours) plus a small refinement at every finer level, a
//! vector median after each level and sub-pixel refinement at full size
//! (a parabola through the matching errors around the best vector).
//! One direction is estimated on one thread (the two directions of a pair
//! run side by side): the levels are too small to be worth splitting.

/// Block size (pixels) at every pyramid level.
pub(crate) const BLOCK: usize = 8;
/// Matching window margin around a block (overlapped matching).
const MARGIN: usize = 2;
/// Exhaustive search radius at the coarsest level.
const COARSE_RADIUS: i32 = 4;
/// Smallest side of the coarsest level.
const MIN_LEVEL_SIDE: usize = 16;
/// Refinement steps per block at the coarser levels and at full size
/// (where sub-pixel fitting follows and the per-frame choice of vectors
/// corrects most of what is left).
const STEPS: usize = 4;
const FINE_STEPS: usize = 1;
/// Most pyramid levels.
const MAX_LEVELS: usize = 6;
/// Smoothness penalty per pixel of distance to the predicted vector, per
/// matched sample.
const LAMBDA: f32 = 0.02;
/// A block keeps its own vector against its neighbours' median when the
/// median matches it this much worse (a small moving object among still
/// blocks is motion, not noise), and by at least [`KEEP_MIN_ERR`] per sample.
const KEEP_RATIO: f32 = 1.5;
const KEEP_MIN_ERR: f32 = 2.0;

/// Zero bytes kept after the samples of a [`Gray`] so that 16-byte loads at
/// the end of its last row stay in bounds.
const PAD: usize = 16;

/// One grey plane (`px` holds `w * h` samples, then [`PAD`] zeros).
#[derive(Debug, Clone)]
pub(crate) struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Gray {
    pub fn from_slice(w: usize, h: usize, px: &[u8]) -> Gray {
        let mut v = Vec::with_capacity(w * h + PAD);
        v.extend_from_slice(&px[..w * h]);
        v.resize(w * h + PAD, 0);
        Gray { w, h, px: v }
    }

    /// Half size, 2x2 box filter (edges replicated for odd sizes).
    fn half(&self) -> Gray {
        let (w2, h2) = (self.w.div_ceil(2), self.h.div_ceil(2));
        let mut px = vec![0u8; w2 * h2 + PAD];
        let (w, h) = (self.w, self.h);
        let src = &self.px;
        px[..w2 * h2]
            .chunks_mut(w2)
            .enumerate()
            .for_each(|(y, row)| {
                let y0 = 2 * y;
                let y1 = (y0 + 1).min(h - 1);
                let (r0, r1) = (&src[y0 * w..y0 * w + w], &src[y1 * w..y1 * w + w]);
                for (x, o) in row.iter_mut().enumerate() {
                    let x0 = 2 * x;
                    let x1 = (x0 + 1).min(w - 1);
                    let s = u32::from(r0[x0])
                        + u32::from(r0[x1])
                        + u32::from(r1[x0])
                        + u32::from(r1[x1]);
                    *o = ((s + 2) >> 2) as u8;
                }
            });
        Gray { w: w2, h: h2, px }
    }

    #[inline]
    fn at(&self, x: isize, y: isize) -> u8 {
        let x = x.clamp(0, self.w as isize - 1) as usize;
        let y = y.clamp(0, self.h as isize - 1) as usize;
        self.px[y * self.w + x]
    }
}

/// `v.round() as i32` (halves away from zero) without the library call
/// `f32::round` is on x86_64 without SSE4.1: the truncation is exact, and so
/// is the fraction it leaves.
#[inline]
pub(crate) fn round(v: f32) -> i32 {
    let t = v as i32;
    let d = v - t as f32;
    if d >= 0.5 {
        t + 1
    } else if d <= -0.5 {
        t - 1
    } else {
        t
    }
}

/// A pyramid, level 0 the full-size plane.
pub(crate) struct Pyramid {
    pub levels: Vec<Gray>,
}

impl Pyramid {
    /// Whether level 0 holds exactly these samples.
    pub fn luma_is(&self, px: &[u8]) -> bool {
        let g = &self.levels[0];
        g.px.get(..g.w * g.h) == Some(px)
    }

    pub fn new(base: Gray) -> Pyramid {
        let mut levels = vec![base];
        while levels.len() < MAX_LEVELS {
            let last = &levels[levels.len() - 1];
            if last.w.min(last.h) / 2 < MIN_LEVEL_SIDE {
                break;
            }
            let next = last.half();
            levels.push(next);
        }
        Pyramid { levels }
    }
}

/// A block vector field: `v[i]` moves block `i` of the source onto the
/// destination (source pixel `p` matches destination pixel `p + v`).
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub bw: usize,
    pub bh: usize,
    pub v: Vec<[f32; 2]>,
    /// Mean absolute matching error per sample of each block.
    pub err: Vec<f32>,
}

impl Field {
    fn zeros(w: usize, h: usize) -> Field {
        let (bw, bh) = (w.div_ceil(BLOCK), h.div_ceil(BLOCK));
        Field {
            bw,
            bh,
            v: vec![[0.0; 2]; bw * bh],
            err: vec![0.0; bw * bh],
        }
    }

    #[inline]
    pub fn get(&self, bx: isize, by: isize) -> [f32; 2] {
        let bx = bx.clamp(0, self.bw as isize - 1) as usize;
        let by = by.clamp(0, self.bh as isize - 1) as usize;
        self.v[by * self.bw + bx]
    }

    /// Mean matching error over all blocks.
    pub fn mean_err(&self) -> f32 {
        self.err.iter().sum::<f32>() / self.err.len().max(1) as f32
    }

    /// 3x3 component-wise vector median, except where a block's own vector
    /// matches clearly better than the median (`s` onto `d`).
    fn median(&mut self, s: &Gray, d: &Gray) {
        let old = self.clone();
        self.median_all(&old);
        for (i, v) in self.v.iter_mut().enumerate() {
            if *v == old.v[i] {
                continue;
            }
            let (bx, by) = (i % self.bw, i / self.bw);
            let win = window(s, bx, by);
            let n = (win.2 * win.3).max(1) as f32;
            let m = [round(v[0]), round(v[1])];
            let e = sad_int(s, d, win, m) as f32 / n;
            if e > old.err[i] * KEEP_RATIO && e - old.err[i] > KEEP_MIN_ERR {
                *v = old.v[i];
            } else {
                self.err[i] = e;
            }
        }
    }

    fn median_all(&mut self, old: &Field) {
        let bw = self.bw;
        self.v.chunks_mut(bw).enumerate().for_each(|(by, row)| {
            for (bx, o) in row.iter_mut().enumerate() {
                let mut xs = [0f32; 9];
                let mut ys = [0f32; 9];
                let mut n = 0;
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        let v = old.get(bx as isize + dx, by as isize + dy);
                        xs[n] = v[0];
                        ys[n] = v[1];
                        n += 1;
                    }
                }
                *o = [median9(&mut xs), median9(&mut ys)];
            }
        });
    }
}

fn median9(v: &mut [f32; 9]) -> f32 {
    v.sort_unstable_by(f32::total_cmp);
    v[4]
}

/// The matching window of block (bx, by): x0, y0, width, height.
#[inline]
fn window(g: &Gray, bx: usize, by: usize) -> (isize, isize, usize, usize) {
    let x0 = (bx * BLOCK) as isize - MARGIN as isize;
    let y0 = (by * BLOCK) as isize - MARGIN as isize;
    let x0c = x0.max(0);
    let y0c = y0.max(0);
    let x1 = ((bx + 1) * BLOCK + MARGIN).min(g.w) as isize;
    let y1 = ((by + 1) * BLOCK + MARGIN).min(g.h) as isize;
    (x0c, y0c, (x1 - x0c) as usize, (y1 - y0c) as usize)
}

/// Sum of absolute differences of the window at integer displacement.
#[inline]
fn sad_int(src: &Gray, dst: &Gray, win: (isize, isize, usize, usize), d: [i32; 2]) -> u32 {
    let (x0, y0, ww, wh) = win;
    let (dx, dy) = (d[0] as isize, d[1] as isize);
    let inside = x0 + dx >= 0
        && y0 + dy >= 0
        && x0 + dx + ww as isize <= dst.w as isize
        && y0 + dy + wh as isize <= dst.h as isize;
    if inside {
        let so = y0 as usize * src.w + x0 as usize;
        let dof = (y0 + dy) as usize * dst.w + (x0 + dx) as usize;
        return sad_rect(&src.px, so, src.w, &dst.px, dof, dst.w, ww, wh);
    }
    let mut sum = 0u32;
    for r in 0..wh as isize {
        for c in 0..ww as isize {
            let a = src.at(x0 + c, y0 + r);
            let b = dst.at(x0 + c + dx, y0 + r + dy);
            sum += u32::from(a.abs_diff(b));
        }
    }
    sum
}

/// Sum of absolute differences of a `ww x wh` rectangle starting at offset
/// `so` of `s` (rows `ss` apart) and at `dof` of `d` (rows `ds` apart).
#[allow(clippy::too_many_arguments)]
#[inline]
pub(crate) fn sad_rect(
    s: &[u8],
    so: usize,
    ss: usize,
    d: &[u8],
    dof: usize,
    ds: usize,
    ww: usize,
    wh: usize,
) -> u32 {
    if wh == 0 || ww == 0 {
        return 0;
    }
    #[cfg(target_arch = "x86_64")]
    {
        if ww <= 16 && so + (wh - 1) * ss + 16 <= s.len() && dof + (wh - 1) * ds + 16 <= d.len() {
            // SAFETY: every 16-byte load below lies within the slices (checked
            // just above); SSE2 is part of the x86_64 baseline.
            return unsafe { sad_rect_sse2(s, so, ss, d, dof, ds, ww, wh) };
        }
    }
    let mut sum = 0u32;
    for r in 0..wh {
        let a = &s[so + r * ss..so + r * ss + ww];
        let b = &d[dof + r * ds..dof + r * ds + ww];
        sum += a
            .iter()
            .zip(b)
            .map(|(&x, &y)| u32::from(x.abs_diff(y)))
            .sum::<u32>();
    }
    sum
}

#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[inline]
unsafe fn sad_rect_sse2(
    s: &[u8],
    so: usize,
    ss: usize,
    d: &[u8],
    dof: usize,
    ds: usize,
    ww: usize,
    wh: usize,
) -> u32 {
    use std::arch::x86_64::*;
    static MASKS: [u8; 32] = {
        let mut m = [0u8; 32];
        let mut i = 0;
        while i < 16 {
            m[i] = 0xff;
            i += 1;
        }
        m
    };
    // Bytes past `ww` in each 16-byte load are masked out of both sides.
    let mask = _mm_loadu_si128(MASKS.as_ptr().add(16 - ww) as *const __m128i);
    let (sp, dp) = (s.as_ptr().add(so), d.as_ptr().add(dof));
    let mut acc = _mm_setzero_si128();
    for r in 0..wh {
        let a = _mm_and_si128(_mm_loadu_si128(sp.add(r * ss) as *const __m128i), mask);
        let b = _mm_and_si128(_mm_loadu_si128(dp.add(r * ds) as *const __m128i), mask);
        acc = _mm_add_epi64(acc, _mm_sad_epu8(a, b));
    }
    let hi = _mm_unpackhi_epi64(acc, acc);
    (_mm_cvtsi128_si32(acc) + _mm_cvtsi128_si32(hi)) as u32
}

/// Estimates the field moving `src` onto `dst` (same-size pyramids).
pub(crate) fn estimate(src: &Pyramid, dst: &Pyramid) -> Field {
    let top = src.levels.len() - 1;
    let mut parent: Option<Field> = None;
    for level in (0..=top).rev() {
        let (s, d) = (&src.levels[level], &dst.levels[level]);
        let mut field = Field::zeros(s.w, s.h);
        let bw = field.bw;
        let iters = if level == 0 { FINE_STEPS } else { STEPS };
        for by in 0..field.bh {
            for bx in 0..bw {
                let (v, e) = search_block(s, d, bx, by, parent.as_ref(), iters);
                field.v[by * bw + bx] = v;
                field.err[by * bw + bx] = e;
            }
        }
        field.median(s, d);
        if level == 0 {
            subpel_fit(s, d, &mut field);
        }
        parent = Some(field);
    }
    parent.unwrap_or_else(|| Field::zeros(1, 1))
}

/// Best integer vector of one block and its mean error per sample, with
/// at most `iters` steps of refinement around the best candidate.
fn search_block(
    s: &Gray,
    d: &Gray,
    bx: usize,
    by: usize,
    parent: Option<&Field>,
    iters: usize,
) -> ([f32; 2], f32) {
    let win = window(s, bx, by);
    let n = (win.2 * win.3).max(1) as f32;
    let lambda = LAMBDA * n;
    let mut best = [0i32; 2];
    let mut best_cost = f32::INFINITY;
    let mut best_sad = 0u32;
    // Vectors already tried (the candidates often coincide).
    let mut seen = [[i32::MIN; 2]; 32];
    let mut nseen = 0;
    let mut try_vec = |v: [i32; 2], pred: [f32; 2], best: &mut [i32; 2]| -> bool {
        if seen[..nseen].contains(&v) {
            return false;
        }
        if nseen < seen.len() {
            seen[nseen] = v;
            nseen += 1;
        }
        let sad = sad_int(s, d, win, v);
        let k =
            sad as f32 + lambda * ((v[0] as f32 - pred[0]).abs() + (v[1] as f32 - pred[1]).abs());
        if k < best_cost {
            best_cost = k;
            best_sad = sad;
            *best = v;
            true
        } else {
            false
        }
    };
    match parent {
        None => {
            for dy in -COARSE_RADIUS..=COARSE_RADIUS {
                for dx in -COARSE_RADIUS..=COARSE_RADIUS {
                    let v = [dx, dy];
                    let sad = sad_int(s, d, win, v);
                    let k = sad as f32 + lambda * (dx.abs() + dy.abs()) as f32;
                    if k < best_cost {
                        best_cost = k;
                        best_sad = sad;
                        best = v;
                    }
                }
            }
        }
        Some(p) => {
            let (px, py) = ((bx / 2) as isize, (by / 2) as isize);
            let sx = if bx.is_multiple_of(2) { -1 } else { 1 };
            let sy = if by.is_multiple_of(2) { -1 } else { 1 };
            let c0 = p.get(px, py);
            let pred = [c0[0] * 2.0, c0[1] * 2.0];
            for (ox, oy) in [(0, 0), (sx, 0), (0, sy), (sx, sy), (-sx, 0), (0, -sy)] {
                let v = p.get(px + ox, py + oy);
                let c = [round(v[0] * 2.0), round(v[1] * 2.0)];
                try_vec(c, pred, &mut best);
            }
            try_vec([0, 0], pred, &mut best);
            // Small diamond refinement.
            for _ in 0..iters {
                let mut moved = false;
                let centre = best;
                for (ox, oy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                    moved |= try_vec([centre[0] + ox, centre[1] + oy], pred, &mut best);
                }
                if !moved {
                    break;
                }
            }
        }
    }
    let err = best_sad as f32 / n;
    ([best[0] as f32, best[1] as f32], err)
}

/// Exhaustive block match of two same-size planes (used on the coarsest
/// level to tell a scene cut from motion).
pub(crate) fn coarse_match(s: &Gray, d: &Gray) -> Field {
    let mut field = Field::zeros(s.w, s.h);
    let bw = field.bw;
    for by in 0..field.bh {
        for bx in 0..bw {
            let (v, e) = search_block(s, d, bx, by, None, 0);
            field.v[by * bw + bx] = v;
            field.err[by * bw + bx] = e;
        }
    }
    field
}

/// Sub-pixel refinement of every (integer) block vector by fitting a
/// parabola through the matching errors at the vector and its four
/// neighbours, per axis (cheap; accurate to about a tenth of a pixel on
/// textured blocks).
fn subpel_fit(s: &Gray, d: &Gray, field: &mut Field) {
    let bw = field.bw;
    field
        .v
        .chunks_mut(bw)
        .zip(field.err.chunks_mut(bw))
        .enumerate()
        .for_each(|(by, (row, errs))| {
            for (bx, (v, e)) in row.iter_mut().zip(errs.iter_mut()).enumerate() {
                let win = window(s, bx, by);
                let c = [round(v[0]), round(v[1])];
                let at = |dx: i32, dy: i32| sad_int(s, d, win, [c[0] + dx, c[1] + dy]) as f32;
                let e0 = at(0, 0);
                let fit = |m: f32, p: f32| {
                    let den = m + p - 2.0 * e0;
                    if den > 1e-3 {
                        (0.5 * (m - p) / den).clamp(-0.5, 0.5)
                    } else {
                        0.0
                    }
                };
                let ox = fit(at(-1, 0), at(1, 0));
                let oy = fit(at(0, -1), at(0, 1));
                *v = [c[0] as f32 + ox, c[1] as f32 + oy];
                *e = e0 / (win.2 * win.3).max(1) as f32;
            }
        });
}
