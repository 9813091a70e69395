//! PDF pages to pixels with `hayro` (pure Rust), on white, each page
//! checked against the pixel limits before it is drawn.

use std::path::Path;
use std::time::Instant;

use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::{LoadPdfError, Pdf};
use hayro::kurbo::Affine;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::vello_cpu::{Pixmap, RasterizerSettings, RenderContext, Resources, TargetInit};
use hayro::{render_into, RenderCache, RenderSettings};
use image::{DynamicImage, RgbImage};

use super::limits::{MAX_PAGES, MAX_PAGE_SECS};
use super::{pdf, DocError};
use crate::media::ops::{Deadline, OpLimits};
use crate::media::MediaError;

/// How large a page is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum RenderSize {
    /// Dots per inch (72 draws a point as a pixel).
    Dpi(u32),
    /// This many pixels wide, the height following.
    Width(u32),
}

impl RenderSize {
    /// Pixels of a page of `w` × `h` points.
    pub(crate) fn pixels(self, w: f64, h: f64) -> (u64, u64) {
        let scale = match self {
            RenderSize::Dpi(d) => f64::from(d) / 72.0,
            RenderSize::Width(px) => f64::from(px) / w.max(1.0),
        };
        let px = |v: f64| (v * scale).round().max(1.0) as u64;
        (px(w), px(h))
    }
}

/// A page drawn: its number (from 1), how many of the chosen pages are
/// drawn with it, of how many, and the picture.
pub(crate) struct Drawn {
    pub page: u32,
    pub done: u64,
    pub of: u64,
    pub picture: DynamicImage,
}

/// Draws the pages `choose` picks (numbered from 1, given the page count)
/// of the PDF at `path`, handing each to `each`, within the pixel limits,
/// the per-page time limit and the step's deadline.
pub(crate) fn render_pages(
    path: &Path,
    choose: &dyn Fn(u32) -> Result<Vec<u32>, String>,
    size: RenderSize,
    limits: &OpLimits,
    deadline: Deadline,
    each: &mut dyn FnMut(Drawn) -> Result<(), MediaError>,
) -> Result<(), MediaError> {
    let bytes = pdf::read(path)?;
    let pdf = Pdf::new(bytes).map_err(|e| match e {
        LoadPdfError::Decryption(_) => DocError::Encrypted,
        LoadPdfError::Invalid => DocError::BadPdf("its structure cannot be read".into()),
    })?;
    let all = pdf.pages();
    if all.len() > MAX_PAGES as usize {
        return Err(DocError::TooManyPages {
            pages: all.len() as u64,
            max: MAX_PAGES,
        }
        .into());
    }
    let pages = choose(all.len() as u32).map_err(MediaError::InvalidRequest)?;
    let cache = RenderCache::new();
    let settings = InterpreterSettings::default();
    let mut ctx = RenderContext::new(1, 1);
    let mut resources = Resources::default();
    for (i, &n) in pages.iter().enumerate() {
        deadline.check()?;
        let page = all.get(n as usize - 1).ok_or(DocError::NoSuchPage {
            page: n,
            pages: all.len() as u32,
        })?;
        let (w, h) = page.render_dimensions();
        let (pw, ph) = size.pixels(f64::from(w), f64::from(h));
        check_pixels(n, pw, ph, limits)?;
        let started = Instant::now();
        ctx.reset_and_resize(pw as u16, ph as u16);
        let transform =
            Affine::scale_non_uniform(pw as f64 / f64::from(w), ph as f64 / f64::from(h))
                * page.initial_transform(true).to_kurbo();
        render_into(
            page,
            &cache,
            &settings,
            &RenderSettings::default(),
            &mut ctx,
            transform,
        );
        ctx.flush();
        let mut pixmap = Pixmap::new(pw as u16, ph as u16);
        ctx.render_with(
            &mut pixmap,
            &mut resources,
            RasterizerSettings {
                target_init: TargetInit::Clear(WHITE),
                ..Default::default()
            },
        );
        if started.elapsed().as_secs_f64() > MAX_PAGE_SECS {
            return Err(DocError::PageTimeLimit {
                page: n,
                secs: MAX_PAGE_SECS,
            }
            .into());
        }
        each(Drawn {
            page: n,
            done: i as u64 + 1,
            of: pages.len() as u64,
            picture: to_rgb(&pixmap),
        })?;
    }
    Ok(())
}

fn check_pixels(page: u32, w: u64, h: u64, limits: &OpLimits) -> Result<(), DocError> {
    let max_w = u64::from(limits.max_width).min(u64::from(u16::MAX));
    let max_h = u64::from(limits.max_height).min(u64::from(u16::MAX));
    if w > max_w || h > max_h || w * h * 4 > limits.max_image_alloc_bytes {
        return Err(DocError::PageTooLarge {
            page,
            width: w,
            height: h,
            max_width: max_w as u32,
            max_height: max_h as u32,
        });
    }
    Ok(())
}

/// The opaque page (drawn on white, so premultiplied is plain) as RGB.
fn to_rgb(pixmap: &Pixmap) -> DynamicImage {
    let rgb: Vec<u8> = pixmap
        .data_as_u8_slice()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let img = RgbImage::from_raw(u32::from(pixmap.width()), u32::from(pixmap.height()), rgb)
        .expect("a pixmap holds width × height pixels");
    DynamicImage::ImageRgb8(img)
}
