//! JPEG for documents: pages and pictures inside PDFs, written as PDF
//! tools write them (4:2:0 chroma for colour, as libjpeg's default), with a
//! fast SIMD encoder.

use image::DynamicImage;
use jpeg_encoder::{ColorType, Encoder, SamplingFactor};

use super::DocError;

/// `img` as a JPEG of `quality` (1–100): gray stays gray, anything else is
/// written as RGB.
pub(crate) fn encode(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, DocError> {
    let (w, h) = (img.width(), img.height());
    let (w16, h16) = match (u16::try_from(w), u16::try_from(h)) {
        (Ok(w), Ok(h)) => (w, h),
        _ => {
            return Err(DocError::BadPdf(format!(
                "a {w}x{h} picture is too large for JPEG"
            )))
        }
    };
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, quality.clamp(1, 100));
    let result = if img.color().has_color() {
        encoder.set_sampling_factor(SamplingFactor::R_4_2_0);
        encoder.encode(img.to_rgb8().as_raw(), w16, h16, ColorType::Rgb)
    } else {
        encoder.encode(img.to_luma8().as_raw(), w16, h16, ColorType::Luma)
    };
    result.map_err(|e| DocError::BadPdf(format!("writing a JPEG failed: {e}")))?;
    Ok(out)
}
