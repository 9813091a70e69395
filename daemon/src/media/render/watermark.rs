//! The "KILN" watermark burnt into renders from free xeconds.

use super::Plane3;

/// 5x7 block letters of "KILN"; each row is 5 bits, MSB = leftmost column.
const GLYPHS: [[u8; 7]; 4] = [
    // K
    [
        0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001,
    ],
    // I
    [
        0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b11111,
    ],
    // L
    [
        0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111,
    ],
    // N
    [
        0b10001, 0b11001, 0b11001, 0b10101, 0b10011, 0b10011, 0b10001,
    ],
];
const GLYPH_COLS: u32 = 5;
const GLYPH_ROWS: u32 = 7;
/// Text width in cells: four glyphs and three one-cell gaps.
const TEXT_COLS: u32 = 4 * GLYPH_COLS + 3;

/// A semi-transparent "KILN" in the bottom-right corner, scaled with the
/// picture: bright letters over a soft dark shadow, chroma pulled to grey, so
/// it reads on light and dark content alike.
#[derive(Debug, Clone)]
pub(crate) struct Watermark {
    cell: u32,
    x0: u32,
    y0: u32,
    shadow: u32,
}

impl Watermark {
    pub(crate) fn new(width: u32, height: u32) -> Self {
        let short = width.min(height);
        let mut cell = (short / 60).max(2);
        // Shrink to fit narrow pictures (text plus margins of two cells).
        while cell > 1 && (TEXT_COLS + 4) * cell > width {
            cell -= 1;
        }
        let margin = 2 * cell;
        let x0 = width.saturating_sub(TEXT_COLS * cell + margin);
        let y0 = height.saturating_sub(GLYPH_ROWS * cell + margin);
        Watermark {
            cell,
            x0,
            y0,
            shadow: (cell / 2).max(1),
        }
    }

    /// The area the text covers (x, y, width, height), shadow included.
    #[cfg(test)]
    pub(crate) fn bounds(&self) -> (u32, u32, u32, u32) {
        (
            self.x0,
            self.y0,
            TEXT_COLS * self.cell + self.shadow,
            GLYPH_ROWS * self.cell + self.shadow,
        )
    }

    fn lit_cells(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        GLYPHS.iter().enumerate().flat_map(move |(g, rows)| {
            rows.iter().enumerate().flat_map(move |(r, bits)| {
                (0..GLYPH_COLS).filter_map(move |c| {
                    let on = bits & (1 << (GLYPH_COLS - 1 - c)) != 0;
                    on.then_some((g as u32 * (GLYPH_COLS + 1) + c, r as u32))
                })
            })
        })
    }

    pub(crate) fn apply(&self, pic: &mut Plane3) {
        let cell = self.cell;
        // Shadow first, offset down-right; letters on top.
        for (cx, cy) in self.lit_cells() {
            let x = self.x0 + cx * cell + self.shadow;
            let y = self.y0 + cy * cell + self.shadow;
            fill(pic, x, y, cell, &|v| (u32::from(v) * 2 / 5 + 6) as u8, None);
        }
        for (cx, cy) in self.lit_cells() {
            let x = self.x0 + cx * cell;
            let y = self.y0 + cy * cell;
            // 75 % of the way to white, chroma 75 % of the way to grey.
            fill(
                pic,
                x,
                y,
                cell,
                &|v| ((u32::from(v) * 25 + 235 * 75) / 100) as u8,
                Some(&|v| ((u32::from(v) * 25 + 128 * 75) / 100) as u8),
            );
        }
    }
}

/// Applies `luma` to a `size`-square block at (x, y), and `chroma` to the
/// matching chroma samples, clipped to the picture.
fn fill(
    pic: &mut Plane3,
    x: u32,
    y: u32,
    size: u32,
    luma: &dyn Fn(u8) -> u8,
    chroma: Option<&dyn Fn(u8) -> u8>,
) {
    let (w, h) = (pic.width, pic.height);
    let (x1, y1) = ((x + size).min(w), (y + size).min(h));
    if x >= x1 || y >= y1 {
        return;
    }
    for row in y..y1 {
        let base = (row * w) as usize;
        for v in &mut pic.y[base + x as usize..base + x1 as usize] {
            *v = luma(*v);
        }
    }
    if let Some(chroma) = chroma {
        let cw = pic.chroma_width();
        let (cx0, cx1) = (x / 2, x1.div_ceil(2));
        for row in y / 2..y1.div_ceil(2) {
            let base = (row * cw) as usize;
            for plane in [&mut pic.u, &mut pic.v] {
                if let Some(s) = plane.get_mut(base + cx0 as usize..base + cx1 as usize) {
                    for v in s {
                        *v = chroma(*v);
                    }
                }
            }
        }
    }
}
