//! Dense bidirectional compensation at time `t`.
//!
//! The motion of the picture at `t` is chosen per block of that picture
//! among candidates taken from the forward and backward fields (the block's
//! neighbourhood, and the vectors found where the candidates point to in
//! either picture): the one whose two ends match best (bilateral error).
//! Where neighbouring blocks agree, their vectors are interpolated
//! bilinearly into a per-pixel flow; where they differ (motion boundaries,
//! occlusions, unreliable motion) each block's own prediction is made and
//! the predictions are blended (overlapped compensation), weighted by
//! distance and by how well each block matched, which gives soft ghosts
//! instead of torn texture. Both neighbours are blended by time distance.
//! Sampling is fixed point: bicubic (Catmull-Rom) for luma, bilinear for
//! chroma and for the blended predictions (which are soft anyway).

use rayon::prelude::*;

use super::motion::{sad_rect, Field, BLOCK};

/// Per-block motion of one source pair, both directions.
pub(crate) struct Motion {
    pub fwd: Field,
    pub bwd: Field,
}

impl Motion {
    pub fn new(fwd: Field, bwd: Field) -> Motion {
        Motion { fwd, bwd }
    }
}

/// A borrowed plane for sampling.
#[derive(Clone, Copy)]
pub(crate) struct PlaneRef<'a> {
    pub w: usize,
    pub h: usize,
    pub px: &'a [u8],
}

/// Motion of the picture at time `t`, per block.
pub(crate) struct MidField {
    bw: usize,
    bh: usize,
    /// Per block: the whole a-to-b displacement (luma px) of the content
    /// there, and the weight of the block's own prediction where blocks
    /// disagree (from its bilateral error).
    v: Vec<[f32; 3]>,
    /// Per cell between four block centres (indexed by its top-left
    /// block): whether their vectors differ enough to blend predictions.
    split: Vec<bool>,
}

/// Matching window margin around a block for the bilateral error.
const MARGIN: usize = 2;
/// Penalty per pixel of distance from the block's own forward/backward
/// average, per matched sample (prefers it where matching cannot tell).
const LAMBDA: f32 = 0.02;
/// Vector difference (pixels, L1) between neighbouring blocks above which
/// their predictions are blended instead of their vectors.
const SPLIT_PX: f32 = 4.0;
/// Bilateral error per sample at which a block's prediction counts half
/// where blocks disagree.
const MATCH_ERR: f32 = 8.0;

/// Bilinear interpolation of a block field at luma position (x, y).
#[inline]
fn field_at(f: &Field, x: f32, y: f32) -> [f32; 2] {
    let (x0, x1, wx) = block_coords(x, f.bw);
    let (y0, y1, wy) = block_coords(y, f.bh);
    let i = |bx: usize, by: usize| f.v[by * f.bw + bx];
    let (a, b, c, d) = (i(x0, y0), i(x1, y0), i(x0, y1), i(x1, y1));
    let lerp = |p: f32, q: f32, w: f32| p + (q - p) * w;
    [
        lerp(lerp(a[0], b[0], wx), lerp(c[0], d[0], wx), wy),
        lerp(lerp(a[1], b[1], wx), lerp(c[1], d[1], wx), wy),
    ]
}

/// The two block indices around luma coordinate `x` and the weight of the
/// second (block centres at `BLOCK * i + BLOCK / 2 - 0.5`).
#[inline]
fn block_coords(x: f32, n: usize) -> (usize, usize, f32) {
    let f = ((x + 0.5) / BLOCK as f32 - 0.5).clamp(0.0, (n - 1) as f32);
    // Non-negative, so truncation is the floor.
    let i0 = f as usize;
    let i1 = (i0 + 1).min(n - 1);
    (i0, i1, f - i0 as f32)
}

/// Bilateral error of a block window: `a` displaced by `oa`, `b` by `ob`.
fn bilateral_sad(
    a: PlaneRef<'_>,
    b: PlaneRef<'_>,
    win: (isize, isize, usize, usize),
    oa: [isize; 2],
    ob: [isize; 2],
) -> u32 {
    let (x0, y0, ww, wh) = win;
    let inside = |o: [isize; 2]| {
        x0 + o[0] >= 0
            && y0 + o[1] >= 0
            && x0 + o[0] + ww as isize <= a.w as isize
            && y0 + o[1] + wh as isize <= a.h as isize
    };
    if inside(oa) && inside(ob) {
        let sa = (y0 + oa[1]) as usize * a.w + (x0 + oa[0]) as usize;
        let sb = (y0 + ob[1]) as usize * b.w + (x0 + ob[0]) as usize;
        return sad_rect(a.px, sa, a.w, b.px, sb, b.w, ww, wh);
    }
    let at = |p: PlaneRef<'_>, x: isize, y: isize| {
        let x = x.clamp(0, p.w as isize - 1) as usize;
        let y = y.clamp(0, p.h as isize - 1) as usize;
        p.px[y * p.w + x]
    };
    let mut sum = 0u32;
    for r in 0..wh as isize {
        for c in 0..ww as isize {
            let (x, y) = (x0 + c, y0 + r);
            let p = at(a, x + oa[0], y + oa[1]);
            let q = at(b, x + ob[0], y + ob[1]);
            sum += u32::from(p.abs_diff(q));
        }
    }
    sum
}

/// `floor(v + 0.5)`, without the library call `f32::floor` is on x86_64
/// without SSE4.1 (the conversion truncates; one step down fixes negatives).
#[inline]
pub(crate) fn round_i(v: f32) -> isize {
    let s = v + 0.5;
    let t = s as isize;
    if t as f32 > s {
        t - 1
    } else {
        t
    }
}

/// Chooses the motion of every block of the picture at time `t` (luma).
pub(crate) fn mid_field(m: &Motion, a: PlaneRef<'_>, b: PlaneRef<'_>, t: f32) -> MidField {
    let (bw, bh) = (m.fwd.bw, m.fwd.bh);
    let mut v = vec![[0f32; 3]; bw * bh];
    v.par_chunks_mut(bw).enumerate().for_each(|(by, row)| {
        for (bx, o) in row.iter_mut().enumerate() {
            *o = choose(m, a, b, t, bx, by);
        }
    });
    let split = (0..bw * bh)
        .map(|i| {
            let (bx, by) = (i % bw, i / bw);
            let (x1, y1) = ((bx + 1).min(bw - 1), (by + 1).min(bh - 1));
            let c = v[i];
            [v[by * bw + x1], v[y1 * bw + bx], v[y1 * bw + x1]]
                .iter()
                .any(|o| (o[0] - c[0]).abs() + (o[1] - c[1]).abs() > SPLIT_PX)
        })
        .collect();
    MidField { bw, bh, v, split }
}

fn choose(m: &Motion, a: PlaneRef<'_>, b: PlaneRef<'_>, t: f32, bx: usize, by: usize) -> [f32; 3] {
    let (fwd, bwd) = (&m.fwd, &m.bwd);
    let x0 = (bx * BLOCK) as isize - MARGIN as isize;
    let y0 = (by * BLOCK) as isize - MARGIN as isize;
    let x0c = x0.max(0);
    let y0c = y0.max(0);
    let x1 = ((bx + 1) * BLOCK + MARGIN).min(a.w) as isize;
    let y1 = ((by + 1) * BLOCK + MARGIN).min(a.h) as isize;
    let win = (x0c, y0c, (x1 - x0c) as usize, (y1 - y0c) as usize);
    let n = (win.2 * win.3).max(1) as f32;
    let cx = (bx * BLOCK) as f32 + BLOCK as f32 / 2.0 - 0.5;
    let cy = (by * BLOCK) as f32 + BLOCK as f32 / 2.0 - 0.5;

    let mut cands = [[0f32; 2]; 24];
    let mut k = 0;
    let (ibx, iby) = (bx as isize, by as isize);
    for dy in -1..=1 {
        for dx in -1..=1 {
            let f = fwd.get(ibx + dx, iby + dy);
            let g = bwd.get(ibx + dx, iby + dy);
            cands[k] = f;
            cands[k + 1] = [-g[0], -g[1]];
            k += 2;
        }
    }
    let f0 = fwd.get(ibx, iby);
    let g0 = bwd.get(ibx, iby);
    let own = [(f0[0] - g0[0]) * 0.5, (f0[1] - g0[1]) * 0.5];
    for c in [f0, [-g0[0], -g0[1]]] {
        // The motion found where this candidate says the content was / goes.
        let f = field_at(fwd, cx - t * c[0], cy - t * c[1]);
        let g = field_at(bwd, cx + (1.0 - t) * c[0], cy + (1.0 - t) * c[1]);
        cands[k] = f;
        cands[k + 1] = [-g[0], -g[1]];
        k += 2;
    }
    cands[k] = own;
    k += 1;

    let lambda = LAMBDA * n;
    let mut best = own;
    let mut best_cost = f32::INFINITY;
    let mut best_err = 0.0;
    // Errors per distinct pair of integer offsets (candidates often share one).
    let mut done = [(0u64, 0u32); 24];
    let mut ndone = 0;
    for &c in &cands[..k] {
        let oa = [round_i(-t * c[0]), round_i(-t * c[1])];
        let ob = [round_i((1.0 - t) * c[0]), round_i((1.0 - t) * c[1])];
        // One word, compared in a register (an array key read back from
        // memory stalls on store forwarding).
        let key = [oa[0], oa[1], ob[0], ob[1]]
            .iter()
            .fold(0u64, |k, &o| (k << 16) | u64::from(o as i16 as u16));
        let sad = match done[..ndone].iter().find(|d| d.0 == key) {
            Some(d) => d.1,
            None => {
                let sad = bilateral_sad(a, b, win, oa, ob);
                done[ndone] = (key, sad);
                ndone += 1;
                sad
            }
        };
        let err = sad as f32;
        let cost = err + lambda * ((c[0] - own[0]).abs() + (c[1] - own[1]).abs());
        if cost < best_cost {
            best_cost = cost;
            best = c;
            best_err = err / n;
        }
    }
    let e = best_err / MATCH_ERR;
    [best[0], best[1], 1.0 / (1.0 + e * e)]
}

/// Catmull-Rom weights (sum 256) for fractions k/64, k = 0..64.
static CUBIC: [[i32; 4]; 65] = {
    let mut tab = [[0i32; 4]; 65];
    let mut k = 0;
    while k <= 64 {
        let k1 = k as i64;
        let (k2, k3) = (k1 * k1, k1 * k1 * k1);
        // Exact weights scaled by 2 * 64^3 = 524288.
        let w = [
            -k3 + 128 * k2 - 4096 * k1,
            3 * k3 - 320 * k2 + 524288,
            -3 * k3 + 256 * k2 + 4096 * k1,
            k3 - 64 * k2,
        ];
        let mut r = [0i32; 4];
        let mut sum = 0;
        let mut j = 0;
        while j < 4 {
            // Rounded division by 2048 (to a sum of 256).
            let q = if w[j] >= 0 {
                (w[j] + 1024) / 2048
            } else {
                -((-w[j] + 1024) / 2048)
            };
            r[j] = q as i32;
            sum += r[j];
            j += 1;
        }
        r[1] += 256 - sum;
        tab[k] = r;
        k += 1;
    }
    tab
};

/// [`CUBIC`] as i16, twice over (two rows per vector).
#[cfg(target_arch = "x86_64")]
static CUBIC16: [[i16; 8]; 65] = {
    let mut tab = [[0i16; 8]; 65];
    let mut k = 0;
    while k <= 64 {
        let mut j = 0;
        while j < 8 {
            tab[k][j] = CUBIC[k][j % 4] as i16;
            j += 1;
        }
        k += 1;
    }
    tab
};

/// Bicubic filter of a 4x4 neighbourhood (four rows of four samples,
/// little-endian in each i32); 1/16 units, as [`PlaneRef::cubic`].
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn cubic_sse2(rows: [i32; 4], wx: &[i16; 8], wy: &[i16; 8]) -> i32 {
    use std::arch::x86_64::*;
    let zero = _mm_setzero_si128();
    let r01 = _mm_unpacklo_epi8(
        _mm_unpacklo_epi32(_mm_cvtsi32_si128(rows[0]), _mm_cvtsi32_si128(rows[1])),
        zero,
    );
    let r23 = _mm_unpacklo_epi8(
        _mm_unpacklo_epi32(_mm_cvtsi32_si128(rows[2]), _mm_cvtsi32_si128(rows[3])),
        zero,
    );
    let wxv = _mm_loadu_si128(wx.as_ptr() as *const __m128i);
    // Pairs of products per row: [r0 lo, r0 hi, r1 lo, r1 hi], same for r2, r3.
    let h01 = _mm_castsi128_ps(_mm_madd_epi16(r01, wxv));
    let h23 = _mm_castsi128_ps(_mm_madd_epi16(r23, wxv));
    let h = _mm_add_epi32(
        _mm_castps_si128(_mm_shuffle_ps(h01, h23, 0b10_00_10_00)),
        _mm_castps_si128(_mm_shuffle_ps(h01, h23, 0b11_01_11_01)),
    );
    // Row sums (scale 256) reduced to fit i16 for the vertical pass.
    let h16 = _mm_packs_epi32(_mm_srai_epi32(h, 6), zero);
    let wyv = _mm_unpacklo_epi64(_mm_loadl_epi64(wy.as_ptr() as *const __m128i), zero);
    let v = _mm_madd_epi16(h16, wyv);
    let v = _mm_add_epi32(v, _mm_shuffle_epi32(v, 0b01));
    (_mm_cvtsi128_si32(v) + 32) >> 6
}

/// Fixed-point position (1/64 sample), clamped to the plane.
#[inline]
#[cfg(not(target_arch = "x86_64"))]
fn fixed_pos(p: f32, max: f32) -> i32 {
    // Non-negative after the clamp, so truncation rounds as intended.
    (p.clamp(0.0, max) * 64.0 + 0.5) as i32
}

/// Two bicubic filters at once ([`cubic_sse2`] for `a` and `b`): the
/// horizontal passes of both, then one vertical pass over both.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn cubic2_sse2(rows: [[i32; 4]; 2], wx: [&[i16; 8]; 2], wy: [&[i16; 8]; 2]) -> (i32, i32) {
    use std::arch::x86_64::*;
    let zero = _mm_setzero_si128();
    let pair = |r: [i32; 4], i: usize, w: __m128i| {
        let v = _mm_unpacklo_epi8(
            _mm_unpacklo_epi32(_mm_cvtsi32_si128(r[i]), _mm_cvtsi32_si128(r[i + 1])),
            zero,
        );
        _mm_castsi128_ps(_mm_madd_epi16(v, w))
    };
    let hsum = |r: [i32; 4], w: &[i16; 8]| {
        let w = _mm_loadu_si128(w.as_ptr() as *const __m128i);
        let (h01, h23) = (pair(r, 0, w), pair(r, 2, w));
        _mm_add_epi32(
            _mm_castps_si128(_mm_shuffle_ps(h01, h23, 0b10_00_10_00)),
            _mm_castps_si128(_mm_shuffle_ps(h01, h23, 0b11_01_11_01)),
        )
    };
    let (ha, hb) = (hsum(rows[0], wx[0]), hsum(rows[1], wx[1]));
    // Row sums (scale 256) reduced to i16: a's four rows, then b's.
    let h16 = _mm_packs_epi32(_mm_srai_epi32(ha, 6), _mm_srai_epi32(hb, 6));
    let wyv = _mm_unpacklo_epi64(
        _mm_loadl_epi64(wy[0].as_ptr() as *const __m128i),
        _mm_loadl_epi64(wy[1].as_ptr() as *const __m128i),
    );
    let v = _mm_madd_epi16(h16, wyv);
    // Lanes: a0+a1, a2+a3, b0+b1, b2+b3.
    let v = _mm_add_epi32(v, _mm_shuffle_epi32(v, 0b10_11_00_01));
    let a = _mm_cvtsi128_si32(v);
    let b = _mm_cvtsi128_si32(_mm_shuffle_epi32(v, 0b10));
    ((a + 32) >> 6, (b + 32) >> 6)
}

impl PlaneRef<'_> {
    /// The 4x4 neighbourhood of a fixed-point position (four rows of four
    /// samples, little-endian in each i32), when it lies inside the plane.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn taps(&self, p: [i32; 2]) -> Option<[i32; 4]> {
        let (xi, yi) = ((p[0] >> 6) as usize, (p[1] >> 6) as usize);
        let w = self.w;
        if xi >= 1 && xi + 2 < w && yi >= 1 && yi + 2 < self.h {
            let base = (yi - 1) * w + xi - 1;
            let taps = &self.px[base..base + 3 * w + 4];
            let row =
                |k: usize| i32::from_le_bytes(taps[k * w..k * w + 4].try_into().expect("4 taps"));
            // Built element by element: `array::map` is not inlined here and
            // its result read back whole stalls on store forwarding.
            Some([row(0), row(1), row(2), row(3)])
        } else {
            None
        }
    }

    /// Bicubic sample at fixed-point (x, y), edges replicated; 1/16 units.
    #[inline(always)]
    fn cubic(&self, x: i32, y: i32) -> i32 {
        let (fx, fy) = ((x & 63) as usize, (y & 63) as usize);
        #[cfg(target_arch = "x86_64")]
        if let Some(rows) = self.taps([x, y]) {
            // SAFETY: SSE2 is part of the x86_64 baseline; no memory access.
            return unsafe { cubic_sse2(rows, &CUBIC16[fx], &CUBIC16[fy]) };
        }
        let (xi, yi) = ((x >> 6) as usize, (y >> 6) as usize);
        let w = self.w;
        let (wx, wy) = (&CUBIC[fx], &CUBIC[fy]);
        let xs = [
            xi.saturating_sub(1),
            xi,
            (xi + 1).min(w - 1),
            (xi + 2).min(w - 1),
        ];
        let mut acc = 0i32;
        for (k, wyk) in wy.iter().enumerate() {
            let ry = (yi + k).saturating_sub(1).min(self.h - 1) * w;
            let r = &self.px[ry..ry + w];
            let hsum = wx[0] * i32::from(r[xs[0]])
                + wx[1] * i32::from(r[xs[1]])
                + wx[2] * i32::from(r[xs[2]])
                + wx[3] * i32::from(r[xs[3]]);
            acc += wyk * hsum;
        }
        (acc + 2048) >> 12
    }

    /// Bilinear sample at fixed-point (x, y), edges replicated; 1/16 units.
    #[inline(always)]
    fn bilinear(&self, x: i32, y: i32) -> i32 {
        let (xi, yi) = ((x >> 6) as usize, (y >> 6) as usize);
        let (fx, fy) = (x & 63, y & 63);
        let x1 = (xi + 1).min(self.w - 1);
        let r0 = &self.px[yi * self.w..yi * self.w + self.w];
        let y1 = (yi + 1).min(self.h - 1);
        let r1 = &self.px[y1 * self.w..y1 * self.w + self.w];
        let h0 = i32::from(r0[xi]) * (64 - fx) + i32::from(r0[x1]) * fx;
        let h1 = i32::from(r1[xi]) * (64 - fx) + i32::from(r1[x1]) * fx;
        (h0 * (64 - fy) + h1 * fy + 128) >> 8
    }
}

/// Synthesises one plane at time `t`. `scale` is the plane's subsampling
/// relative to luma (1 or 2).
pub(crate) fn synth_plane(
    mid: &MidField,
    a: PlaneRef<'_>,
    b: PlaneRef<'_>,
    t: f32,
    scale: usize,
    out: &mut [u8],
) {
    let s = scale as f32;
    let (w, h) = (a.w, a.h);
    // Block columns and weights of every column of this plane.
    let cols: Vec<(usize, usize, f32)> = (0..w)
        .map(|x| block_coords((x as f32 + 0.5) * s - 0.5, mid.bw))
        .collect();
    let (ka, kb) = (-t / s, (1.0 - t) / s);
    // Chroma (subsampled, not what the eye judges detail by) takes the
    // cheap path everywhere.
    let cubic = scale == 1;
    let wb = (t * 256.0 + 0.5) as i32;
    let k = Kernel {
        a,
        b,
        ka,
        kb,
        still: STILL / ka.abs().max(kb.abs()).max(1e-6),
        wb,
    };
    out[..w * h]
        .par_chunks_mut(w)
        .enumerate()
        .with_min_len(4)
        .for_each_init(
            || vec![[0f32; 2]; mid.bw],
            |rowv, (y, row)| {
                let (y0, y1, wy) = block_coords((y as f32 + 0.5) * s - 0.5, mid.bh);
                let (r0, r1) = (&mid.v[y0 * mid.bw..], &mid.v[y1 * mid.bw..]);
                for (i, o) in rowv.iter_mut().enumerate() {
                    for c in 0..2 {
                        o[c] = r0[i][c] + (r1[i][c] - r0[i][c]) * wy;
                    }
                }
                let split = &mid.split[y0 * mid.bw..y0 * mid.bw + mid.bw];
                for (x, o) in row.iter_mut().enumerate() {
                    let (x0, x1, wx) = cols[x];
                    let v = if cubic && split[x0] {
                        // Overlapped compensation: every block's own
                        // prediction, weighted by distance and match
                        // (blocks sharing a vector predict once).
                        let mut vs = [[0f32; 3]; 4];
                        let mut nv = 0;
                        for (bv, wgt) in [
                            (r0[x0], (1.0 - wx) * (1.0 - wy)),
                            (r0[x1], wx * (1.0 - wy)),
                            (r1[x0], (1.0 - wx) * wy),
                            (r1[x1], wx * wy),
                        ] {
                            let k = wgt * bv[2] + 1e-6;
                            match vs[..nv].iter_mut().find(|u| u[0] == bv[0] && u[1] == bv[1]) {
                                Some(u) => u[2] += k,
                                None => {
                                    vs[nv] = [bv[0], bv[1], k];
                                    nv += 1;
                                }
                            }
                        }
                        let (mut acc, mut wsum) = (0f32, 0f32);
                        for u in &vs[..nv] {
                            acc += u[2] * k.predict(x, y, u[0], u[1], false) as f32;
                            wsum += u[2];
                        }
                        (acc / wsum + 2048.0) as i32 >> 12
                    } else {
                        let (p, q) = (rowv[x0], rowv[x1]);
                        let vx = p[0] + (q[0] - p[0]) * wx;
                        let vy = p[1] + (q[1] - p[1]) * wx;
                        if k.still(vx, vy) {
                            k.blend(x, y)
                        } else {
                            (k.predict(x, y, vx, vy, cubic) + 2048) >> 12
                        }
                    };
                    *o = v.clamp(0, 255) as u8;
                }
            },
        );
}

/// What sampling one prediction needs.
struct Kernel<'a> {
    a: PlaneRef<'a>,
    b: PlaneRef<'a>,
    /// Flow factors to a and to b (vector to plane pixels).
    ka: f32,
    kb: f32,
    /// Vector components (luma px) under which both ends fall on the
    /// sample itself (see [`STILL`]).
    still: f32,
    /// Weight of b, out of 256.
    wb: i32,
}

/// Displacement (plane px) under which a fixed-point position (1/64 px,
/// rounded) is the integer position itself, with room for the rounding of
/// the float sum: a quarter of the half step.
const STILL: f32 = 1.0 / 256.0;

impl Kernel<'_> {
    /// Whether both ends of vector (vx, vy) fall on the sample itself, where
    /// every filter is the sample: the prediction is [`Kernel::blend`].
    #[inline(always)]
    fn still(&self, vx: f32, vy: f32) -> bool {
        vx.abs() < self.still && vy.abs() < self.still
    }

    /// The time blend of both pictures at (x, y), as [`Kernel::predict`]
    /// makes it (rounded to 8 bits) for a vector that does not move it.
    #[inline(always)]
    fn blend(&self, x: usize, y: usize) -> i32 {
        let i = y * self.a.w + x;
        let (pa, pb) = (i32::from(self.a.px[i]), i32::from(self.b.px[i]));
        (pa * (256 - self.wb) + pb * self.wb + 128) >> 8
    }

    /// Blend of both neighbours along vector (vx, vy) at (x, y); 1/4096 units.
    #[inline(always)]
    fn predict(&self, x: usize, y: usize, vx: f32, vy: f32, cubic: bool) -> i32 {
        let [ax, ay, bx, by] = self.positions(x as f32, y as f32, vx, vy);
        let (sa, sb) = if cubic {
            cubic_pair(&self.a, &self.b, [ax, ay], [bx, by])
        } else {
            (self.a.bilinear(ax, ay), self.b.bilinear(bx, by))
        };
        sa * (256 - self.wb) + sb * self.wb
    }

    /// Fixed-point positions (1/64 sample, clamped to the plane) of the
    /// two ends of vector (vx, vy) through (x, y): a's x and y, b's x and y.
    #[inline(always)]
    fn positions(&self, x: f32, y: f32, vx: f32, vy: f32) -> [i32; 4] {
        let max = [(self.a.w - 1) as f32, (self.a.h - 1) as f32];
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: SSE2 is part of the x86_64 baseline; no memory access.
            unsafe { positions_sse2([x, y], [self.ka, self.kb], [vx, vy], max) }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            [
                fixed_pos(x + self.ka * vx, max[0]),
                fixed_pos(y + self.ka * vy, max[1]),
                fixed_pos(x + self.kb * vx, max[0]),
                fixed_pos(y + self.kb * vy, max[1]),
            ]
        }
    }
}

/// [`Kernel::positions`] on four lanes at once. Out-of-range and NaN
/// positions clamp to the plane (`maxps`/`minps` return their second
/// operand when the first is NaN).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn positions_sse2(p: [f32; 2], k: [f32; 2], v: [f32; 2], max: [f32; 2]) -> [i32; 4] {
    use std::arch::x86_64::*;
    let base = _mm_setr_ps(p[0], p[1], p[0], p[1]);
    let kv = _mm_mul_ps(
        _mm_setr_ps(k[0], k[0], k[1], k[1]),
        _mm_setr_ps(v[0], v[1], v[0], v[1]),
    );
    let pos = _mm_add_ps(base, kv);
    let lim = _mm_setr_ps(max[0], max[1], max[0], max[1]);
    let pos = _mm_min_ps(_mm_max_ps(pos, _mm_setzero_ps()), lim);
    let fixed = _mm_cvttps_epi32(_mm_add_ps(
        _mm_mul_ps(pos, _mm_set1_ps(64.0)),
        _mm_set1_ps(0.5),
    ));
    std::mem::transmute::<__m128i, [i32; 4]>(fixed)
}

/// Bicubic samples of `a` at `pa` and `b` at `pb` (fixed point); 1/16 units.
#[inline(always)]
fn cubic_pair(a: &PlaneRef<'_>, b: &PlaneRef<'_>, pa: [i32; 2], pb: [i32; 2]) -> (i32, i32) {
    #[cfg(target_arch = "x86_64")]
    if let (Some(ra), Some(rb)) = (a.taps(pa), b.taps(pb)) {
        let (fa, fb) = (frac(pa), frac(pb));
        // SAFETY: SSE2 is part of the x86_64 baseline; no memory access.
        return unsafe {
            cubic2_sse2(
                [ra, rb],
                [&CUBIC16[fa[0]], &CUBIC16[fb[0]]],
                [&CUBIC16[fa[1]], &CUBIC16[fb[1]]],
            )
        };
    }
    (a.cubic(pa[0], pa[1]), b.cubic(pb[0], pb[1]))
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn frac(p: [i32; 2]) -> [usize; 2] {
    [(p[0] & 63) as usize, (p[1] & 63) as usize]
}
