//! PNGs reduced to a palette (NeuQuant colour quantisation, the
//! `color_quant` crate), transparency kept: each palette entry carries its
//! alpha, written as the PNG's tRNS chunk.

use ::image::DynamicImage;
use color_quant::NeuQuant;

use crate::media::MediaError;

/// Colours a palette holds at most.
pub(crate) const MAX_COLORS: u16 = 256;

/// `img` as an indexed PNG of at most `colors` colours (2–256). Fully
/// transparent pixels get an entry of their own, so they stay clear. With
/// `dither`, each pixel's error is spread to its neighbours
/// (Floyd–Steinberg), so few colours still show the shades.
pub(crate) fn encode(img: &DynamicImage, colors: u16, dither: bool) -> Result<Vec<u8>, MediaError> {
    let rgba = img.to_rgba8();
    let (w, h) = rgba.dimensions();
    let colors = usize::from(colors.clamp(2, MAX_COLORS));
    let raw = rgba.as_raw();
    let clear = raw.chunks_exact(4).any(|p| p[3] == 0);
    let seen: Vec<u8> = if clear {
        raw.chunks_exact(4)
            .filter(|p| p[3] > 0)
            .flatten()
            .copied()
            .collect()
    } else {
        raw.clone()
    };
    // Sample every 10th pixel: the speed/quality point NeuQuant suggests.
    let quant = (!seen.is_empty()).then(|| NeuQuant::new(10, colors - usize::from(clear), &seen));
    let mut map = quant
        .as_ref()
        .map_or_else(Vec::new, NeuQuant::color_map_rgba);
    let clear_index = (map.len() / 4) as u8;
    if clear {
        map.extend_from_slice(&[0, 0, 0, 0]);
    }
    let indices: Vec<u8> = match &quant {
        Some(q) if dither => diffused(raw, w as usize, q, &map, clear_index),
        _ => raw
            .chunks_exact(4)
            .map(|px| match (&quant, px[3]) {
                (Some(q), a) if a > 0 => q.index_of(px) as u8,
                _ => clear_index,
            })
            .collect(),
    };
    let palette: Vec<u8> = map
        .chunks_exact(4)
        .flat_map(|c| [c[0], c[1], c[2]])
        .collect();
    let alphas: Vec<u8> = map.chunks_exact(4).map(|c| c[3]).collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Indexed);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_palette(palette);
        if alphas.iter().any(|a| *a < 255) {
            enc.set_trns(alphas);
        }
        enc.set_compression(png::Compression::High);
        let bad = |e: png::EncodingError| MediaError::BadImage(format!("PNG: {e}"));
        let mut writer = enc.write_header().map_err(bad)?;
        writer.write_image_data(&indices).map_err(bad)?;
    }
    Ok(out)
}

/// The palette index of each pixel of `raw` (RGBA rows `w` wide), each
/// pixel's colour error carried to the pixels right and below it
/// (Floyd–Steinberg weights 7, 3, 5, 1 sixteenths).
fn diffused(raw: &[u8], w: usize, q: &NeuQuant, map: &[u8], clear_index: u8) -> Vec<u8> {
    let w = w.max(1);
    // The error carried into this row and the next, per channel.
    let mut this = vec![[0f32; 3]; w + 2];
    let mut next = vec![[0f32; 3]; w + 2];
    let mut out = Vec::with_capacity(raw.len() / 4);
    for row in raw.chunks(w * 4) {
        for (x, px) in row.chunks_exact(4).enumerate() {
            if px[3] == 0 {
                out.push(clear_index);
                continue;
            }
            let want: [f32; 3] =
                std::array::from_fn(|c| (f32::from(px[c]) + this[x + 1][c]).clamp(0.0, 255.0));
            let probe = [want[0] as u8, want[1] as u8, want[2] as u8, px[3]];
            let i = q.index_of(&probe);
            out.push(i as u8);
            for c in 0..3 {
                let err = want[c] - f32::from(map[i * 4 + c]);
                this[x + 2][c] += err * 7.0 / 16.0;
                next[x][c] += err * 3.0 / 16.0;
                next[x + 1][c] += err * 5.0 / 16.0;
                next[x + 2][c] += err / 16.0;
            }
        }
        std::mem::swap(&mut this, &mut next);
        next.iter_mut().for_each(|e| *e = [0.0; 3]);
    }
    out
}
