//! Picture quality measures on one 8-bit plane: PSNR and SSIM (8x8 windows
//! on a 4-pixel grid, the usual constants), as used by the benchmark.

use rayon::prelude::*;

/// Peak signal-to-noise ratio in dB (capped at 100 for identical planes).
pub fn psnr(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len(), "planes of different sizes");
    let sse: u64 = a
        .par_chunks(4096)
        .zip(b.par_chunks(4096))
        .map(|(x, y)| {
            x.iter()
                .zip(y)
                .map(|(&p, &q)| {
                    let d = u64::from(p.abs_diff(q));
                    d * d
                })
                .sum::<u64>()
        })
        .sum();
    if sse == 0 {
        return 100.0;
    }
    let mse = sse as f64 / a.len().max(1) as f64;
    (10.0 * (255.0f64 * 255.0 / mse).log10()).min(100.0)
}

/// Mean structural similarity of two `w x h` planes.
pub fn ssim(a: &[u8], b: &[u8], w: usize, h: usize) -> f64 {
    assert_eq!(a.len(), w * h);
    assert_eq!(b.len(), w * h);
    const WIN: usize = 8;
    const STEP: usize = 4;
    let (c1, c2) = ((0.01f64 * 255.0).powi(2), (0.03f64 * 255.0).powi(2));
    if w < WIN || h < WIN {
        return if a == b { 1.0 } else { 0.0 };
    }
    let ys: Vec<usize> = (0..=h - WIN).step_by(STEP).collect();
    let (sum, n) = ys
        .par_iter()
        .map(|&y0| {
            let mut sum = 0f64;
            let mut n = 0usize;
            for x0 in (0..=w - WIN).step_by(STEP) {
                let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0u64, 0u64, 0u64, 0u64, 0u64);
                for y in y0..y0 + WIN {
                    let r = y * w + x0;
                    for (&p, &q) in a[r..r + WIN].iter().zip(&b[r..r + WIN]) {
                        let (p, q) = (u64::from(p), u64::from(q));
                        sa += p;
                        sb += q;
                        saa += p * p;
                        sbb += q * q;
                        sab += p * q;
                    }
                }
                let k = (WIN * WIN) as f64;
                let (ma, mb) = (sa as f64 / k, sb as f64 / k);
                let va = saa as f64 / k - ma * ma;
                let vb = sbb as f64 / k - mb * mb;
                let cov = sab as f64 / k - ma * mb;
                sum += ((2.0 * ma * mb + c1) * (2.0 * cov + c2))
                    / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                n += 1;
            }
            (sum, n)
        })
        .reduce(|| (0.0, 0), |x, y| (x.0 + y.0, x.1 + y.1));
    sum / n.max(1) as f64
}
