//! Hierarchical block motion estimation on luma: a 2x2 box pyramid, an
//! exhaustive search at the coarsest level, candidate search (parent vectors
//! and their neighbours) plus a small refinement at every finer level, a
//! vector median after each level and sub-pixel refinement at full size
//! (a parabola through the matching errors around the best vector).
//! Every block is searched independently, so levels run in parallel.

use rayon::prelude::*;

/// Block size (pixels) at every pyramid level.
pub(crate) const BLOCK: usize = 8;
/// Matching window margin around a block (overlapped matching).
const MARGIN: usize = 2;
/// Exhaustive search radius at the coarsest level.
const COARSE_RADIUS: i32 = 4;
/// Smallest side of the coarsest level.
const MIN_LEVEL_SIDE: usize = 16;
/// Most pyramid levels.
const MAX_LEVELS: usize = 6;
/// Smoothness penalty per pixel of distance to the predicted vector, per
/// matched sample.
const LAMBDA: f32 = 0.02;

/// One grey plane.
#[derive(Debug, Clone)]
pub(crate) struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

impl Gray {
    pub fn from_slice(w: usize, h: usize, px: &[u8]) -> Gray {
        Gray {
            w,
            h,
            px: px.to_vec(),
        }
    }

    /// Half size, 2x2 box filter (edges replicated for odd sizes).
    fn half(&self) -> Gray {
        let (w2, h2) = (self.w.div_ceil(2), self.h.div_ceil(2));
        let mut px = vec![0u8; w2 * h2];
        let (w, h) = (self.w, self.h);
        let src = &self.px;
        px.par_chunks_mut(w2).enumerate().for_each(|(y, row)| {
            let y0 = 2 * y;
            let y1 = (y0 + 1).min(h - 1);
            let (r0, r1) = (&src[y0 * w..y0 * w + w], &src[y1 * w..y1 * w + w]);
            for (x, o) in row.iter_mut().enumerate() {
                let x0 = 2 * x;
                let x1 = (x0 + 1).min(w - 1);
                let s =
                    u32::from(r0[x0]) + u32::from(r0[x1]) + u32::from(r1[x0]) + u32::from(r1[x1]);
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

/// A pyramid, level 0 the full-size plane.
pub(crate) struct Pyramid {
    pub levels: Vec<Gray>,
}

impl Pyramid {
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

    /// 3x3 component-wise vector median.
    fn median(&mut self) {
        let old = self.clone();
        let bw = self.bw;
        self.v.par_chunks_mut(bw).enumerate().for_each(|(by, row)| {
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
    let mut sum = 0u32;
    if inside {
        for r in 0..wh {
            let sy = (y0 as usize + r) * src.w + x0 as usize;
            let dyy = (y0 + dy) as usize + r;
            let ds = dyy * dst.w + (x0 + dx) as usize;
            let s = &src.px[sy..sy + ww];
            let t = &dst.px[ds..ds + ww];
            sum += s
                .iter()
                .zip(t)
                .map(|(&a, &b)| u32::from(a.abs_diff(b)))
                .sum::<u32>();
        }
    } else {
        for r in 0..wh as isize {
            for c in 0..ww as isize {
                let a = src.at(x0 + c, y0 + r);
                let b = dst.at(x0 + c + dx, y0 + r + dy);
                sum += u32::from(a.abs_diff(b));
            }
        }
    }
    sum
}

/// Estimates the field moving `src` onto `dst` (same-size pyramids).
pub(crate) fn estimate(src: &Pyramid, dst: &Pyramid) -> Field {
    let top = src.levels.len() - 1;
    let mut parent: Option<Field> = None;
    for level in (0..=top).rev() {
        let (s, d) = (&src.levels[level], &dst.levels[level]);
        let mut field = Field::zeros(s.w, s.h);
        let bw = field.bw;
        let rows: Vec<(Vec<[f32; 2]>, Vec<f32>)> = (0..field.bh)
            .into_par_iter()
            .map(|by| {
                let mut vs = Vec::with_capacity(bw);
                let mut es = Vec::with_capacity(bw);
                for bx in 0..bw {
                    let (v, e) = search_block(s, d, bx, by, parent.as_ref());
                    vs.push(v);
                    es.push(e);
                }
                (vs, es)
            })
            .collect();
        for (by, (vs, es)) in rows.into_iter().enumerate() {
            field.v[by * bw..by * bw + bw].copy_from_slice(&vs);
            field.err[by * bw..by * bw + bw].copy_from_slice(&es);
        }
        field.median();
        if level == 0 {
            subpel_fit(s, d, &mut field);
        }
        parent = Some(field);
    }
    parent.unwrap_or_else(|| Field::zeros(1, 1))
}

/// Best integer vector of one block and its mean error per sample.
fn search_block(
    s: &Gray,
    d: &Gray,
    bx: usize,
    by: usize,
    parent: Option<&Field>,
) -> ([f32; 2], f32) {
    let win = window(s, bx, by);
    let n = (win.2 * win.3).max(1) as f32;
    let lambda = LAMBDA * n;
    let mut best = [0i32; 2];
    let mut best_cost = f32::INFINITY;
    let mut pred = [0f32; 2];
    let cost = |v: [i32; 2], pred: [f32; 2]| -> f32 {
        sad_int(s, d, win, v) as f32
            + lambda * ((v[0] as f32 - pred[0]).abs() + (v[1] as f32 - pred[1]).abs())
    };
    match parent {
        None => {
            for dy in -COARSE_RADIUS..=COARSE_RADIUS {
                for dx in -COARSE_RADIUS..=COARSE_RADIUS {
                    let c = cost([dx, dy], pred);
                    if c < best_cost {
                        best_cost = c;
                        best = [dx, dy];
                    }
                }
            }
        }
        Some(p) => {
            let (px, py) = ((bx / 2) as isize, (by / 2) as isize);
            let sx = if bx.is_multiple_of(2) { -1 } else { 1 };
            let sy = if by.is_multiple_of(2) { -1 } else { 1 };
            let c0 = p.get(px, py);
            pred = [c0[0] * 2.0, c0[1] * 2.0];
            let mut cands = [[0i32; 2]; 6];
            for (i, (ox, oy)) in [(0, 0), (sx, 0), (0, sy), (sx, sy), (-sx, 0), (0, -sy)]
                .into_iter()
                .enumerate()
            {
                let v = p.get(px + ox, py + oy);
                cands[i] = [(v[0] * 2.0).round() as i32, (v[1] * 2.0).round() as i32];
            }
            for c in cands.into_iter().chain(std::iter::once([0, 0])) {
                let k = cost(c, pred);
                if k < best_cost {
                    best_cost = k;
                    best = c;
                }
            }
            // Small diamond refinement.
            for _ in 0..4 {
                let mut moved = false;
                let centre = best;
                for (ox, oy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                    let c = [centre[0] + ox, centre[1] + oy];
                    let k = cost(c, pred);
                    if k < best_cost {
                        best_cost = k;
                        best = c;
                        moved = true;
                    }
                }
                if !moved {
                    break;
                }
            }
        }
    }
    let err = sad_int(s, d, win, best) as f32 / n;
    ([best[0] as f32, best[1] as f32], err)
}

/// Exhaustive block match of two same-size planes (used on the coarsest
/// level to tell a scene cut from motion).
pub(crate) fn coarse_match(s: &Gray, d: &Gray) -> Field {
    let mut field = Field::zeros(s.w, s.h);
    let bw = field.bw;
    for by in 0..field.bh {
        for bx in 0..bw {
            let (v, e) = search_block(s, d, bx, by, None);
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
        .par_chunks_mut(bw)
        .zip(field.err.par_chunks_mut(bw))
        .enumerate()
        .for_each(|(by, (row, errs))| {
            for (bx, (v, e)) in row.iter_mut().zip(errs.iter_mut()).enumerate() {
                let win = window(s, bx, by);
                let c = [v[0].round() as i32, v[1].round() as i32];
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
