//! `strip_metadata`: "remove the exif data".

use super::{Clause, Found, Intent, REMOVE};
use crate::media::ops::StripMetadata;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = c
        .find(&["metadata", "anonymize", "anonymise", "privacy", "tags"])
        .or_else(|| {
            c.near(
                REMOVE,
                &[
                    "location", "camera", "personal", "info", "data", "details", "tags",
                ],
                3,
            )
        });
    let Some(i) = trig else { return };
    c.take_trig(i);
    c.take_all(&[
        "metadata", "location", "data", "remove", "strip", "info", "tags",
    ]);
    out.push((i, Intent::Op(StripMetadata {}.into())));
}
