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
        })
        // "all this information stripped from the file".
        .or_else(|| c.near(&["information", "info", "details"], REMOVE, 2))
        // "an EXIF data remover".
        .or_else(|| c.near(&["exif", "gps"], REMOVE, 3));
    let Some(i) = trig else { return };
    // "keeping tags and album art": kept, not stripped.
    if (i.saturating_sub(4)..i).any(|k| {
        c.is(
            k,
            &[
                "keep",
                "keeping",
                "preserve",
                "preserving",
                "retain",
                "with",
                // "based on the Exif:Orientation tag", "read it through EXIF".
                "based",
                "through",
                "via",
                "read",
                // "the orientation set in the EXIF": metadata used, not
                // removed.
                "add",
                "set",
                "write",
                "use",
                "using",
                "according",
            ],
        )
    }) || c.has(&["loop", "looping"])
    {
        // "include GIF metadata to loop": the loop count is metadata kept.
        return;
    }
    c.take_trig(i);
    c.take_all(&[
        "metadata", "location", "data", "remove", "strip", "info", "tags",
    ]);
    out.push((i, Intent::Op(StripMetadata {}.into())));
}

/// "I don't want to share the EXIF tags", "it doesn't strip location data":
/// metadata not wanted, said with a negation.
pub(super) fn unwanted(c: &mut Clause, out: &mut Found) -> bool {
    let Some(i) = c.find(&["metadata", "exif", "location", "gps", "tags"]) else {
        return false;
    };
    if !c.has(&[
        "want", "share", "keep", "include", "strip", "remove", "leak", "expose", "contain",
    ]) {
        return false;
    }
    c.take_trig(i);
    out.push((i, Intent::Op(StripMetadata {}.into())));
    true
}
