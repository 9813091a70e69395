//! Render pricing: pure band arithmetic in integer xeconds.
//! charged = ceil(duration in seconds) × the band's multiplier for the target fps.

use serde::{Deserialize, Serialize};

pub const MIN_TARGET_FPS: u32 = 24;
pub const MAX_TARGET_FPS: u32 = 240;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// `smooth`, `slomo`, `ultra`.
    pub name: String,
    /// Highest target fps in this band (inclusive); bands are ordered by it.
    pub max_fps: u32,
    pub multiplier: u64,
}

/// A pack of paid xeconds for sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pack {
    pub name: String,
    pub xeconds: u64,
    /// Price in the smallest unit of `currency` (cents).
    pub price_cents: u64,
    pub currency: String,
}

pub fn default_packs() -> Vec<Pack> {
    [
        ("starter", 600, 500),
        ("creator", 3_000, 2_000),
        ("studio", 12_000, 6_000),
    ]
    .into_iter()
    .map(|(name, xeconds, price_cents)| Pack {
        name: name.into(),
        xeconds,
        price_cents,
        currency: "usd".into(),
    })
    .collect()
}

/// The published bands: up to 60 fps ×1, 61–120 ×2, 121–240 ×4.
pub fn default_bands() -> Vec<Band> {
    vec![
        Band {
            name: "smooth".into(),
            max_fps: 60,
            multiplier: 1,
        },
        Band {
            name: "slomo".into(),
            max_fps: 120,
            multiplier: 2,
        },
        Band {
            name: "ultra".into(),
            max_fps: 240,
            multiplier: 4,
        },
    ]
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PricingError {
    #[error("target_fps must be between {MIN_TARGET_FPS} and {MAX_TARGET_FPS}, got {0}")]
    OutOfRange(u32),
    #[error("target_fps {target} must be greater than the source's {source_fps:.3} fps")]
    NotAboveSource { target: u32, source_fps: f64 },
    #[error("duration must be a positive number of seconds")]
    BadDuration,
}

pub fn band_for(bands: &[Band], target_fps: u32) -> Result<&Band, PricingError> {
    if !(MIN_TARGET_FPS..=MAX_TARGET_FPS).contains(&target_fps) {
        return Err(PricingError::OutOfRange(target_fps));
    }
    bands
        .iter()
        .find(|b| target_fps <= b.max_fps)
        .ok_or(PricingError::OutOfRange(target_fps))
}

/// Whole seconds billed for a clip: any started second counts.
pub fn billable_seconds(duration_secs: f64) -> Result<u64, PricingError> {
    if !duration_secs.is_finite() || duration_secs <= 0.0 {
        return Err(PricingError::BadDuration);
    }
    // A container that says 2.0000001 s for a 2 s clip should not bill 3 s.
    Ok((duration_secs - 1e-3).ceil().max(1.0) as u64)
}

/// Xeconds charged to render `duration_secs` of video at `target_fps`,
/// checking the target against the source fps when it is known.
pub fn charged_xeconds(
    bands: &[Band],
    duration_secs: f64,
    source_fps: Option<f64>,
    target_fps: u32,
) -> Result<(u64, &Band), PricingError> {
    let band = band_for(bands, target_fps)?;
    if let Some(source_fps) = source_fps {
        if f64::from(target_fps) <= source_fps + 1e-3 {
            return Err(PricingError::NotAboveSource {
                target: target_fps,
                source_fps,
            });
        }
    }
    Ok((billable_seconds(duration_secs)? * band.multiplier, band))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_match_the_published_prices() {
        let b = default_bands();
        assert_eq!(charged_xeconds(&b, 10.0, None, 60).unwrap().0, 10);
        assert_eq!(charged_xeconds(&b, 10.2, None, 60).unwrap().0, 11);
        assert_eq!(charged_xeconds(&b, 10.0, None, 61).unwrap().0, 20);
        assert_eq!(charged_xeconds(&b, 10.0, None, 120).unwrap().0, 20);
        assert_eq!(charged_xeconds(&b, 10.0, None, 121).unwrap().0, 40);
        assert_eq!(charged_xeconds(&b, 0.4, Some(30.0), 240).unwrap().0, 4);
        assert_eq!(charged_xeconds(&b, 2.0000001, None, 24).unwrap().0, 2);
        assert!(matches!(
            charged_xeconds(&b, 10.0, None, 23),
            Err(PricingError::OutOfRange(23))
        ));
        assert!(matches!(
            charged_xeconds(&b, 10.0, None, 241),
            Err(PricingError::OutOfRange(241))
        ));
        assert!(matches!(
            charged_xeconds(&b, 10.0, Some(60.0), 60),
            Err(PricingError::NotAboveSource { .. })
        ));
        assert!(charged_xeconds(&b, 0.0, None, 60).is_err());
        assert!(charged_xeconds(&b, f64::NAN, None, 60).is_err());
    }
}
