//! `strip_metadata`: "remove the exif data", "delete the covers from the
//! mp3 files".

use super::{Clause, Found, Intent, REMOVE};
use crate::media::ops::{Operation, StripMetadata};
use crate::planner::tokens::T;

/// Words between a removing word and the cover art it removes: "delete the
/// embedded album art", "get rid of all the front covers".
const COVER_GAP: &[&str] = &[
    "the", "a", "an", "all", "any", "my", "its", "their", "this", "that", "these", "those", "of",
    "embed", "attached", "album", "front", "cover", "song", "mp3",
];

/// Words that put cover art in, in its place or back, or keep it: "remove
/// the cover and add a new one", "it removes my album art, please keep it"
/// ask no removal kiln can do.
const COVER_WANTED: &[&str] = &[
    "add",
    "insert",
    "attach",
    "replace",
    "change",
    "swap",
    "new",
    "resize",
    "set",
    "put",
    "back",
    "restore",
    "recover",
    "keep",
    "keeping",
    "preserve",
    "preserving",
    "retain",
];

/// Words before a removing word that make it what a program does ("it
/// removes my album art"), not what is asked.
const DOER: &[&str] = &["it", "which", "player"];

/// Words taking tags away ("strip the ID3 tags", "an mp3 without tags";
/// "no metadata in the output", "the tags get lost" tell of a file).
const TAKEN_AWAY: &[&str] = &[
    "remove",
    "strip",
    "drop",
    "delete",
    "discard",
    "erase",
    "eliminate",
    "scrub",
    "wipe",
    "rid",
    "ditch",
    "clear",
    "removal",
    "without",
];

/// Words of a mistake: "I accidentally embedded a cover".
const MISTAKE: &[&str] = &["accidentally", "accidently", "mistakenly"];

/// Words of working on tags or reading them ("edit the tags", "copy the
/// metadata", "the tags are wrong"): no removal unless one is said.
/// ("the EXIF is ignored", "an EXIF rotation applied": tags a program
/// should have used.)
const TAGS_USED: &[&str] = &[
    "edit",
    "editing",
    "modify",
    "update",
    "fix",
    "correct",
    "copy",
    "read",
    "view",
    "show",
    "display",
    "wrong",
    "based",
    "fill",
    "sort",
    "change",
    "changing",
    "adjust",
    "shift",
    "ignored",
    "ignore",
    "ignores",
    "ignoring",
    "applied",
    "respect",
    "respected",
    "respects",
    "honor",
    "honored",
    "honour",
    "honoured",
];

/// Whether the word at `i` names a song's cover art: "the covers", "the
/// cover image", "album art", "the embedded art", "the embedded picture".
fn names_cover(c: &Clause, i: usize) -> bool {
    let before = i.wrapping_sub(1);
    c.is(i, &["cover", "artwork", "coverart", "albumart"])
        || c.is(i, &["art"]) && c.is(before, &["album", "cover", "embed"])
        || c.is(i, &["image", "picture", "photo", "thumbnail"])
            && c.is(before, &["embed", "attached"])
}

/// Words telling the files hold sound: cover art is a song's, not
/// something covering a picture.
const SOUND: &[&str] = &[
    "album", "embed", "song", "music", "audio", "track", "mp3", "m4a", "flac", "ogg", "podcast",
];

/// Where cover art of sound files is asked away: "delete the covers from
/// the mp3 files", "remove the album art", "I want them without a cover",
/// "I accidentally embedded a cover image".
pub(super) fn cover_removed(c: &Clause) -> Option<usize> {
    let sound = c.sources.iter().any(|f| f.is_audio()) || c.has(SOUND);
    // ("I accidentally deleted the album art": the removal was the mistake.)
    let mistake = c.has(MISTAKE);
    if !sound || c.pictures_only() || c.has(COVER_WANTED) || mistake && !c.has(&["embed"]) {
        return None;
    }
    let removed = (0..c.toks.len()).find(|&i| {
        names_cover(c, i)
            && (0..i).rev().take(5).any(|k| {
                c.is(k, REMOVE)
                    && !c.is(k.wrapping_sub(1), DOER)
                    && (k + 1..i).all(|g| c.is(g, COVER_GAP) || names_cover(c, g))
            })
    });
    // "I've accidentally embedded a 20 MB cover": it is not wanted there.
    let unwanted = mistake && c.has(&["embed"]);
    removed.or_else(|| (0..c.toks.len()).find(|&i| unwanted && names_cover(c, i)))
}

/// The cover art of sound files goes with their tags. The size asked
/// beside it is what the cover takes ("remove the cover art to reduce the
/// file size"), no compression.
fn cover(c: &mut Clause, out: &mut Found) -> bool {
    let Some(i) = cover_removed(c) else {
        return false;
    };
    out.retain(|(_, it)| !matches!(it, Intent::Default(Operation::Compress(_))));
    c.take_trig(i);
    c.take_all(&[
        "cover", "artwork", "art", "embed", "album", "remove", "strip", "delete",
    ]);
    out.push((i, Intent::Op(StripMetadata {}.into())));
    true
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    if cover(c, out) {
        return;
    }
    // "remove the tags but keep the album art": the cover would go too.
    let kept_cover = (0..c.toks.len()).any(|i| {
        names_cover(c, i)
            && (i.saturating_sub(4)..i).any(|k| c.is(k, &["keep", "keeping", "preserve", "retain"]))
    });
    if kept_cover && c.has(REMOVE) {
        return;
    }
    // "edit the tags of my mp3", "the metadata is wrong": tags worked on or
    // read, not taken away ("edit out the location data" takes it away).
    if c.has(TAGS_USED) && !c.has(REMOVE) && !c.has_seq(&["edit", "out"]) {
        return;
    }
    // Of sound files, only their tags are metadata (their "personal info"
    // may be what is said in them, anonymising them a voice changed), and
    // taggers' users speak of them for much else ("the tags are missing
    // after conversion", "add support for m4b metadata"): they go only
    // when said to.
    if !c.sources.is_empty() && c.sources.iter().all(|f| f.is_audio()) {
        let trig = c
            .near(TAKEN_AWAY, &["metadata", "tags"], 4)
            .or_else(|| c.near(&["metadata", "tags"], TAKEN_AWAY, 2))
            .or_else(|| stripped_of(c));
        if let Some(i) = trig.filter(|&i| !kept(c, i)) {
            take(c, i, out);
        }
        return;
    }
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
            // ("disable front camera mirroring": the camera's setting.)
            .filter(|&k| {
                !c.is(k, &["camera"])
                    || k + 1 == c.toks.len()
                    || c.is(
                        k + 1,
                        &[
                            "info",
                            "information",
                            "data",
                            "details",
                            "model",
                            "make",
                            "name",
                        ],
                    )
            })
        })
        // "all this information stripped from the file".
        .or_else(|| c.near(&["information", "info", "details"], REMOVE, 2))
        // "an EXIF data remover".
        .or_else(|| c.near(&["exif", "gps"], REMOVE, 3))
        // "location data should be stripped".
        .or_else(|| c.near(&["location"], REMOVE, 4))
        // "strip the author and title from this pdf": what a PDF says of
        // who made it.
        .or_else(|| document_information(c))
        .or_else(|| field_cleared(c));
    let Some(i) = trig else { return };
    if !kept(c, i) {
        take(c, i, out);
    }
}

/// "remove the author from the pdf properties", "remove the author from
/// this docx": a document's information, taken away.
fn document_information(c: &Clause) -> Option<usize> {
    if !c
        .sources
        .iter()
        .any(|f| f.kind() == crate::media::ops::MediaKind::Document)
    {
        return None;
    }
    c.near(
        REMOVE,
        &[
            "author",
            "authors",
            "title",
            "properties",
            "producer",
            "creator",
            "identifying",
        ],
        4,
    )
}

/// "remove my name from the copyright field", "the author field should be
/// left blank", "clear the date taken": a field the file carries, emptied.
fn field_cleared(c: &Clause) -> Option<usize> {
    const FIELDS: &[&str] = &[
        "author",
        "authors",
        "copyright",
        "creator",
        "producer",
        "artist",
        "owner",
        "comment",
        "comments",
        "geotag",
        "geolocation",
        "coordinates",
        "modify",
        "modified",
        "date",
        "title",
    ];
    const EMPTIED: &[&str] = &[
        "blank", "empty", "clear", "cleared", "remove", "strip", "delete", "erase", "wipe", "rid",
        "scrub", "drop",
    ];
    // ("optimize it without removing the copyright, keep the Artist").
    let kept = c.has(&[
        "keep",
        "keeping",
        "preserve",
        "preserving",
        "retain",
        "without",
    ]);
    // ("remove the copyright watermark": a mark on the picture, not a field.)
    let visible = c.has(&[
        "watermark",
        "logo",
        "text",
        "stamp",
        "overlay",
        "signature",
        "caption",
    ]);
    let emptied = c.has(EMPTIED) && !kept && !visible;
    let near =
        |i: usize| (i.saturating_sub(5)..(i + 5).min(c.toks.len())).any(|k| c.is(k, EMPTIED));
    let field = |i: usize| {
        let named = c.is(
            i + 1,
            &["field", "fields", "tag", "tags", "entry", "property"],
        ) || c.is(i, &["date"]) && c.is(i + 1, &["taken"]);
        // ("the "Last modified by" field".)
        let quoted = matches!(c.toks[i].t, T::Quote(_)) && c.is(i + 1, &["field", "fields"]);
        quoted
            || c.is(i, FIELDS)
                && (named
                    || near(i)
                        && !c.is(
                            i,
                            &["date", "title", "modify", "modified", "comment", "comments"],
                        ))
    };
    (0..c.toks.len()).find(|&i| emptied && field(i))
}

/// "strip all my MP3 files of ID3v1 tags": the files stripped of their tags.
fn stripped_of(c: &Clause) -> Option<usize> {
    let k = c.find(&["strip", "rid"])?;
    let of = (k + 1..(k + 7).min(c.toks.len())).find(|&j| c.is(j, &["of"]))?;
    (of + 1..(of + 4).min(c.toks.len()))
        .any(|j| c.is(j, &["metadata", "tags"]))
        .then_some(k)
}

/// The step, read at `i`.
fn take(c: &mut Clause, i: usize, out: &mut Found) {
    c.take_trig(i);
    c.take_all(&[
        "metadata", "location", "data", "remove", "strip", "info", "tags",
    ]);
    out.push((i, Intent::Op(StripMetadata {}.into())));
}

/// "keeping tags and album art", "the orientation set in the EXIF", "GIF
/// metadata to loop": the metadata at `i` kept or used, not stripped.
fn kept(c: &Clause, i: usize) -> bool {
    // "add an EXIF data remover", "use Exif-Remove": the remover is added.
    if (i + 1..(i + 3).min(c.toks.len())).any(|k| c.is(k, REMOVE)) {
        return false;
    }
    // "I need the metadata kept", "with the exif data intact".
    let after = (i + 1..(i + 3).min(c.toks.len())).any(|k| {
        matches!(
            c.toks[k].orig.to_lowercase().as_str(),
            "kept" | "preserved" | "retained" | "intact" | "untouched" | "unchanged"
        )
    });
    // "EXIF orientation is not considered", "the exif rotation flag": the
    // tag named, for its use.
    if after || c.is(i + 1, &["orientation", "rotation"]) {
        return true;
    }
    (i.saturating_sub(4)..i).any(|k| {
        c.is(
            k,
            &[
                "keep",
                "keeping",
                "preserve",
                "preserving",
                "retain",
                "retaining",
                "maintain",
                "maintaining",
                "with",
                // "without losing the exif data".
                "losing",
                "lose",
                "loosing",
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
}

/// "I don't want to share the EXIF tags", "it doesn't strip location data",
/// "I don't want the album art in the files": metadata (or the cover art
/// of sound files) not wanted, said with a negation.
pub(super) fn unwanted(c: &mut Clause, out: &mut Found) -> bool {
    let sound = c.sources.iter().any(|f| f.is_audio()) || c.has(SOUND);
    let named = c
        .find(&["metadata", "exif", "location", "gps", "tags"])
        .or_else(|| (0..c.toks.len()).find(|&i| sound && names_cover(c, i)));
    let Some(i) = named else {
        return false;
    };
    if !c.has(&[
        "want", "need", "share", "keep", "include", "strip", "remove", "leak", "expose", "contain",
    ]) {
        return false;
    }
    // "I don't want to lose the tags", "it doesn't keep the album art":
    // kept is what is wanted.
    if c.has(&["lose", "losing"]) || c.is(0, DOER) && c.has(&["keep", "include", "preserve"]) {
        return false;
    }
    // "I do not want to strip the metadata": the stripping is not wanted.
    let not_to_strip = (0..c.toks.len()).any(|k| {
        c.is(k, &["want", "need"])
            && (k + 1..(k + 4).min(c.toks.len()))
                .any(|j| c.is(j, &["strip", "remove", "delete", "erase", "wipe"]))
    });
    if not_to_strip {
        c.take_trig(i);
        return true;
    }
    c.take_trig(i);
    out.push((i, Intent::Op(StripMetadata {}.into())));
    true
}
