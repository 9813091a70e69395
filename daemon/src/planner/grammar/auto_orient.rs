//! `auto_orient`: "fix the orientation".

use super::{Clause, Found, Intent};
use crate::media::ops::AutoOrient;

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    let trig = c
        .find(&["autoorient", "upright"])
        .or_else(|| {
            c.near(
                &[
                    "fix",
                    "correct",
                    "repair",
                    "apply",
                    "auto",
                    "automatically",
                    "straighten",
                    "respect",
                    "use",
                ],
                &[
                    "orientation",
                    "rotate",
                    "rotation",
                    "sideways",
                    "metadata",
                    "exif",
                ],
                3,
            )
        })
        .or_else(|| c.near(&["orientation"], &["metadata", "fix", "correct", "auto"], 3))
        .or_else(|| {
            c.near(
                &["rotate", "orient"],
                &[
                    "exif",
                    "metadata",
                    "automatically",
                    "auto",
                    "correctly",
                    "properly",
                ],
                4,
            )
        })
        // "rotation according to the orientation set in the exif".
        .or_else(|| {
            c.find(&["rotate", "rotation", "orientation"]).filter(|_| {
                c.has(&["metadata", "exif"])
                    && c.has(&[
                        "according",
                        "based",
                        "per",
                        "automatic",
                        "set",
                        "flag",
                        "tag",
                    ])
            })
        });
    let Some(i) = trig else { return };
    // "get the metadata removed automatically" is not about orientation.
    if !c.has(&[
        "orientation",
        "rotate",
        "rotation",
        "sideways",
        "upright",
        "orient",
        "autoorient",
        "rotated",
    ]) {
        return;
    }
    c.take_trig(i);
    c.take_all(&[
        "rotate",
        "rotation",
        "orientation",
        "exif",
        "metadata",
        "upright",
        "sideways",
        "fix",
        "correct",
        "auto",
        "automatic",
        "according",
        "set",
        "information",
        "info",
    ]);
    // A video's turn is said, not read from EXIF ("turn it upright": which way?).
    let moving = !c.sources.is_empty() && c.sources.iter().all(|f| !f.is_still());
    if moving && !c.has(&["exif", "metadata", "tag", "flag"]) {
        out.push((i, Intent::Upright));
        return;
    }
    out.push((i, Intent::Op(AutoOrient {}.into())));
}
