//! `crop`: an aspect ratio ("square", "9:16 for tiktok"), a rectangle or a border.

use super::{Clause, Found, Intent};
use crate::media::ops::{Aspect, Crop, CropBorders, MediaKind};
use crate::planner::tokens::{Unit, T};

pub(super) fn aspect_of(r: (u32, u32)) -> Option<Aspect> {
    Aspect::new(r.0, r.1)
}

/// The ratio asked for: of "from 16:9 to 9:16", the one after "to".
fn target_ratio(c: &Clause) -> Option<(usize, (u32, u32))> {
    let all = c.ratios();
    // ("a DVD whose aspect ratio is 4:3", "its ratio was 16:9": the file's
    // shape, told.)
    let told = |i: usize| {
        c.is(i.wrapping_sub(1), &["is", "are", "was", "were"])
            && (i.saturating_sub(6)..i).any(|k| c.is(k, &["whose", "its", "their"]))
    };
    all.iter()
        .find(|(i, _)| c.is(i.wrapping_sub(1), &["to", "into", "as"]))
        .or_else(|| {
            all.iter().find(|(i, _)| {
                !told(*i)
                    && !c.is(i + 1, &["source", "video", "original", "input"])
                    && !c.is(i.wrapping_sub(1), &["from"])
                    // ("rather than using a 16:9 aspect ratio ... 21:9".)
                    && !(i.saturating_sub(4)..*i).any(|k| {
                        c.is(k, &["than"]) && c.is(k.wrapping_sub(1), &["rather"])
                            || c.is(k, &["of"]) && c.is(k.wrapping_sub(1), &["instead"])
                    })
            })
        })
        .or_else(|| all.iter().find(|(i, _)| !told(*i)))
        .copied()
}

/// Platforms and orientations that name a shape.
const PLATFORMS: &[&str] = &[
    "tiktok",
    "reels",
    "reel",
    "shorts",
    "stories",
    "story",
    "instagram",
    "insta",
    "ig",
    "youtube",
    "widescreen",
    "portrait",
    "landscape",
    "vertical",
];

/// The words a crop may be asked for with.
struct Cues {
    crop_word: Option<usize>,
    ratio: Option<(usize, (u32, u32))>,
    square: Option<usize>,
    platform: Option<usize>,
}

impl Cues {
    fn new(c: &Clause) -> Cues {
        Cues {
            // ("export the resulting cropped image as black and white": the
            // picture described, cropped already.)
            crop_word: c
                .find(&["crop", "cropped", "cropping", "reframe"])
                // ("keeping the aspect ratio (no cropping)": refused.)
                .filter(|&k| !c.is(k.wrapping_sub(1), &["no", "without"]))
                .filter(|&k| {
                    !(c.toks[k].orig.eq_ignore_ascii_case("cropped")
                        && c.is(k + 1, &["image", "picture", "version", "area"])
                        && c.is(
                            k.wrapping_sub(1),
                            &["the", "this", "resulting", "final", "for"],
                        ))
                }),
            ratio: target_ratio(c),
            // ("hardware squared away": settled, no shape.)
            square: c
                .find(&["square"])
                .filter(|&k| !c.is(k + 1, &["away"]))
                .or_else(|| equal_sides(c)),
            // ("the juried competition for this story": a story told, not
            // one posted; "just the opposite format than for YouTube": the
            // platform set against.)
            platform: (0..c.toks.len()).find(|&k| platform_at(c, k)),
        }
    }

    fn trigger(&self, c: &Clause) -> Option<usize> {
        let aspect_word = c.has(&[
            "aspect",
            "ratio",
            "crop",
            "format",
            "make",
            "for",
            "to",
            "into",
            "bars",
            "letterbox",
            "pillarbox",
            "borders",
        ]);
        // "tiktok needs 9:16", "I want it 4:5": a shape kiln crops to, as a need.
        let needed = |r: (u32, u32)| {
            aspect_of(r).is_some()
                && (c.has(PLATFORMS)
                    || c.has(&[
                        "need", "needs", "must", "should", "want", "wants", "require", "requires",
                        "be",
                    ]))
        };
        self.crop_word
            .or(self
                .ratio
                .filter(|&(_, r)| aspect_word || needed(r))
                .map(|r| r.0))
            .or(self.square)
            .or(self.platform.filter(|&p| {
                // "for tiktok", "make it vertical": a shape; "taken from
                // YouTube": where it came from.
                let shaping = c.has(&[
                    "crop",
                    "make",
                    "turn",
                    "aspect",
                    "ratio",
                    "orientation",
                    "fit",
                    "shape",
                    "reframe",
                    "convert",
                ]) || c.is(p.wrapping_sub(1), &["for", "to", "into", "as"])
                    // "a vertical version", "portrait copy", "tiktok format"
                    // (not "youtube-dl ... in HEVC format").
                    || c.is(p + 1, &["version", "copy", "cut", "edit", "format"])
                    || c.is(p + 2, &["format"])
                    // "need vertical video for smart phones".
                    || c.is(p.wrapping_sub(1), &["need", "needs", "want", "wants", "require", "requires"])
                        && c.is(p + 1, &["video", "videos", "format"])
                    || c.is(p.wrapping_sub(2), &["for", "to", "into", "as"])
                    // "I need it in portrait (mode)", "need this video in
                    // portrait", not "it plays in landscape".
                    || c.is(p.wrapping_sub(1), &["in"])
                        && c.is(p, &["portrait", "landscape", "vertical"])
                        && c.is(
                            p.wrapping_sub(2),
                            &["it", "this", "them", "these", "video", "clip", "photo", "image", "picture"],
                        )
                        && (p.saturating_sub(4)..p.saturating_sub(2)).any(|k| {
                            c.is(k, &["need", "needs", "want", "wants", "put", "require", "requires", "like"])
                        })
                        // (Turned to it, a rotation's question.)
                        && !c.has(&["rotate", "rotated", "rotation", "turn", "turned"])
                        && c.has(&["need", "needs", "want", "wants", "put", "get", "require", "requires", "like"]);
                // "upload it to youtube": where it goes, not a shape.
                let sent = (p.saturating_sub(7)..p).any(|k| {
                    c.is(
                        k,
                        &[
                            "upload",
                            "uploading",
                            "uploaded",
                            "uploads",
                            "post",
                            "posting",
                            "posted",
                            "share",
                            "sharing",
                            "publish",
                            "send",
                            "sending",
                            "put",
                        ],
                    ) && !(c.is(k, &["put"]) && c.is(p.wrapping_sub(1), &["in"]))
                });
                // "converting png to jpg before uploading to IG": a format
                // asked, the platform where it goes.
                let format_named = c.has(&["convert"])
                    && (0..c.toks.len()).any(|k| {
                        c.w(k)
                            .and_then(crate::planner::lexicon::format_word)
                            .is_some()
                    })
                    && !c.has(&[
                        "crop", "aspect", "ratio", "fit", "shape", "reframe", "format",
                    ]);
                // "too long for Instagram": a limit of the platform's.
                let limit = (p.saturating_sub(3)..p).any(|k| {
                    c.is(
                        k,
                        &[
                            "long", "longer", "big", "bigger", "large", "larger", "heavy", "too",
                            "length", "size",
                        ],
                    )
                });
                // "1600x1200 in landscape format": the size's own shape,
                // made by the size.
                let sized = c.is(p, &["landscape", "portrait", "vertical"])
                    && c.toks.iter().any(|t| match t.t {
                        T::Dims(w, h) => (w > h) == c.is(p, &["landscape"]) && w != h,
                        _ => false,
                    });
                // (A sound has no shape: "avoid the youtube strike".)
                shaping
                    && !sized
                    && !sent
                    && !limit
                    && !format_named
                    && !c.sounds_only()
                    && !c.has(&["flip", "mirror", "rotate", "from"])
            }))
    }

    /// The aspect ratio asked for, if any; a ratio kiln does not crop to is
    /// a question back.
    fn aspect(&self, c: &mut Clause) -> Result<Option<Aspect>, Intent> {
        // "presets (e.g., 1:1, 16:9, etc.)", "16:9 or 4:3": shapes to
        // choose from, none asked.
        let all = c.ratios();
        let mut shapes: Vec<(u32, u32)> = all.iter().map(|r| r.1).collect();
        shapes.dedup();
        let offered = shapes.len() > 1
            && !all
                .iter()
                .any(|(i, _)| c.is(i.wrapping_sub(1), &["to", "into", "as", "from"]))
            && c.has(&["or", "etc", "eg", "preset", "option"]);
        if offered {
            for (j, _) in all {
                c.take(j);
            }
            return Err(Intent::Need(SHAPE_NEEDED.into()));
        }
        if let Some((j, r)) = self.ratio {
            c.take(j);
            return match aspect_of(r) {
                Some(a) => Ok(Some(a)),
                None => Err(Intent::Need(format!(
                    "kiln crops to shapes up to 10:1, not {}:{}",
                    r.0, r.1
                ))),
            };
        }
        // "crop a profile pic", "crop it for an avatar": profile pictures
        // are square.
        let avatar = c.has(&["avatar", "pfp"])
            || c.has_seq(&["profile", "image"])
            || c.has_seq(&["profile", "picture"])
            || c.has_seq(&["profile", "photo"]);
        if self.square.is_some() || self.crop_word.is_some() && avatar {
            return Ok(Some(Aspect::Square));
        }
        if let Some(p) = self.platform {
            return Ok(platform_aspect(c, p));
        }
        Ok(c.has_seq(&["4", "by", "3"]).then_some(Aspect::Classic4x3))
    }
}

/// "the height and width of the photo must be equal", "same width and
/// height": a square, said by its sides.
fn equal_sides(c: &Clause) -> Option<usize> {
    // ("The height and width ...": the clause read from the second side.)
    let sides = c.has(&["height"]) && c.has(&["width"]) || c.is(0, &["width", "height"]);
    let equal = c
        .find(&["equal", "same"])
        .filter(|&k| !c.is(k + 1, &["to", "as"]))?;
    (sides && c.has(&["must", "should", "need", "needs", "be", "have"])).then_some(equal)
}

/// Whether a platform named at `k` is where the file goes.
fn platform_at(c: &Clause, k: usize) -> bool {
    let social = c.has(&[
        "instagram",
        "insta",
        "ig",
        "snapchat",
        "facebook",
        "fb",
        "whatsapp",
        "tiktok",
    ]);
    let story_told = c.is(k, &["story", "stories"]) && !social;
    let set_against = c.is(k.wrapping_sub(1), &["than", "unlike"])
        || c.is(k.wrapping_sub(1), &["for"]) && c.is(k.wrapping_sub(2), &["than"]);
    // ("My portrait photos get sent in landscape": what the files are.)
    let described = c.is(k, &["portrait", "landscape", "vertical"])
        && c.is(k + 1, &["image", "photo", "picture", "video", "clip"])
        && c.is(
            k.wrapping_sub(1),
            &["my", "our", "the", "these", "those", "all", "your"],
        );
    // ("how do you convert a youtube video", "the link goes to Youtube":
    // where the video is, not a shape.)
    let source = c.is(
        k + 1,
        &[
            "video", "videos", "clip", "clips", "link", "links", "url", "channel",
        ],
    ) && c.is(
        k.wrapping_sub(1),
        &["a", "the", "this", "that", "my", "some", "any"],
    ) || c.is(k.wrapping_sub(1), &["to"])
        && c.is(k.wrapping_sub(2), &["goes", "go", "leads", "link", "links"]);
    !c.used[k] && c.is(k, PLATFORMS) && !story_told && !set_against && !described && !source
}

/// The shape a platform ("tiktok", "instagram", "youtube") wants.
fn platform_aspect(c: &Clause, p: usize) -> Option<Aspect> {
    match c.w(p) {
        Some("tiktok" | "reels" | "reel" | "shorts" | "stories" | "story" | "vertical") => {
            Some(Aspect::Portrait9x16)
        }
        Some("portrait") => Some(if c.has(&["story", "stories", "reel", "reels"]) {
            Aspect::Portrait9x16
        } else if c.has(&["instagram", "insta", "ig"]) {
            Aspect::Portrait4x5
        } else {
            Aspect::Portrait9x16
        }),
        Some("instagram" | "insta" | "ig") => {
            Some(if c.has(&["story", "stories", "reel", "reels"]) {
                Aspect::Portrait9x16
            } else if c.has(&["portrait"]) {
                Aspect::Portrait4x5
            } else {
                Aspect::Square
            })
        }
        // "youtube shorts": the vertical ones.
        // ("a few short videos to my youtube channel": short ones.)
        Some("youtube") if c.has(&["shorts"]) || c.is(p + 1, &["short"]) => {
            Some(Aspect::Portrait9x16)
        }
        Some("youtube" | "widescreen" | "landscape") => Some(Aspect::Wide16x9),
        _ => None,
    }
}

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // "crop silence at the beginning and end": the silence's to trim.
    if c.has(&["silence", "silences", "silent"]) {
        return;
    }
    if let Some(i) = screen_bar(c) {
        c.take(i);
        let what = "say how much to take off and where, e.g. \"100 px off the top\"".into();
        out.push((i, Intent::Vague { op: "crop", what }));
        return;
    }
    if let Some(i) = bars(c) {
        c.take_trig(i);
        c.take_all(BARS);
        c.take_all(&["black", "white", "crop", "remove", "auto"]);
        out.push((i, Intent::Op(CropBorders {}.into())));
        return;
    }
    if let Some((i, intent)) = edges(c) {
        out.push((i, intent));
        return;
    }
    if let Some((i, intent)) = aspect_range(c) {
        out.push((i, intent));
        return;
    }
    let cues = Cues::new(c);
    let Some(i) = cues.trigger(c) else { return };
    // "crop to a 16:9 or 4:3 ratio", "4:5 and 1.91:1": shapes to choose
    // from (not "from 16:9 to 9:16").
    let ratios = c.ratios();
    let listed = ratios
        .windows(2)
        .any(|w| w[1].0 == w[0].0 + 2 && c.is(w[0].0 + 1, &["or", "and"]) && w[0].1 != w[1].1);
    if listed && !c.has(&["from"]) {
        for (j, _) in &ratios {
            c.take(*j);
        }
        c.take_trig(i);
        let what = "say which shape: one of them, e.g. \"crop to 16:9\"".into();
        out.push((i, Intent::Vague { op: "crop", what }));
        return;
    }
    // "9:16 at 1080x1920": the shape and the size, filled ("a 1920x1080
    // video that is 4:3 with bars": the size is the file's).
    let filled = c.dims().filter(|&(j, _)| {
        !c.is(
            j + 1,
            &["video", "image", "photo", "picture", "clip", "file"],
        )
    });
    if let (Some((r, _)), Some((j, (w, h)))) = (cues.ratio, filled) {
        c.take(r);
        c.take(j);
        c.take_trig(i);
        c.take_all(&["crop", "fill", "aspect", "ratio", "center", "at", "size"]);
        out.push((i, Intent::Fill { w, h }));
        return;
    }
    match cues.aspect(c) {
        Err(need) => {
            c.take_trig(i);
            out.push((i, need));
            return;
        }
        Ok(Some(aspect)) => {
            c.take_trig(i);
            c.take_all(&["crop", "square", "aspect", "ratio", "center"]);
            c.take_all(PLATFORMS);
            let crop = Crop {
                rect: None,
                aspect: Some(aspect),
            };
            out.push((i, Intent::Op(crop.into())));
            return;
        }
        Ok(None) => {}
    }
    let Some(cw) = cues.crop_word else { return };
    c.take(cw);
    out.push((cw, by_size(c, cw)));
}

/// "exclude the navigation bar", "an option for the status bar": a phone's
/// bar along one edge of a screenshot or a recording, taken off by how
/// much it covers (not "the status bar shows \"Starting...\"").
fn screen_bar(c: &Clause) -> Option<usize> {
    let k = c
        .seq(&["status", "bar"])
        .or_else(|| c.seq(&["navigation", "bar"]))
        .or_else(|| c.seq(&["nav", "bar"]))?;
    let told = c.is(
        k + 2,
        &[
            "shows", "says", "displays", "show", "say", "display", "reads",
        ],
    );
    let pictured = c.sources.iter().all(|f| f.kind() != MediaKind::Audio);
    (!told && pictured && !c.sources.is_empty()).then_some(k)
}

/// Colours of a plain border: "the black bars", "white space", "the
/// colored bars at the right".
pub(crate) const PLAIN: &[&str] = &[
    "black",
    "white",
    "blank",
    "empty",
    "transparent",
    "colored",
    "coloured",
];

/// Words for the bars or frame around a picture.
const BARS: &[&str] = &[
    "bars", "bar", "borders", "border", "edges", "margins", "bands", "stripes", "frame", "space",
];

/// "remove the black bars", "crop the letterboxing", "autocrop": bars or a
/// plain border found in the picture (no size said), taken away.
pub(super) fn bars(c: &Clause) -> Option<usize> {
    let named = c.find(&[
        "letterbox",
        "letterboxing",
        "letterboxed",
        "pillarbox",
        "pillarboxing",
        "autocrop",
        "whitespace",
    ]);
    // ("Want the bounding box crop" of a scan: the picture inside its
    // plain border.)
    let named = named.or_else(|| c.seq(&["bounding", "box"]));
    // ("once I remove the black area by hand": a plain band.)
    // ("remove the black line around the cards", "the bottom line of white
    // pixels": a plain band, too.)
    let coloured = c
        .find(BARS)
        .or_else(|| c.find(&["area", "areas", "line", "lines"]))
        .filter(|&k| {
            (k.saturating_sub(3)..k).any(|j| c.is(j, PLAIN))
                || c.is(k + 1, &["of"]) && c.is(k + 2, PLAIN)
        });
    let auto = c.seq(&["auto", "crop"]);
    // "crop the margins", "the boundaries aren't so large": a picture's
    // plain border, whatever its colour.
    // ("cut those edges out" of a scan.)
    let plain = c.find(&[
        "margins",
        "margin",
        "boundaries",
        "borders",
        "border",
        "edges",
    ]);
    // "trim images", "the padding around the logos": a picture's plain
    // edges (a picture has no time to trim).
    let stills = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_still());
    let padded = c
        .find(&["padding", "space", "whitespace"])
        .filter(|&k| c.is(k + 1, &["around"]))
        // "cropping away the black areas around the panorama".
        .or_else(|| {
            c.find(&["areas", "area", "edges", "space"]).filter(|&k| {
                c.is(k.wrapping_sub(1), &["black", "white", "blank", "empty"])
                    && c.is(k + 1, &["around"])
            })
        });
    let trimmed = c.find(&["trim"]).filter(|_| {
        c.times(false).is_empty() && !c.has(&["part", "parts", "unwanted", "area", "section"])
    });
    let edged = padded.or(trimmed).filter(|_| stills);
    let i = named
        .or(coloured)
        .or(auto)
        .or(plain.filter(|_| stills))
        .or(edged)?;
    let away = c.has(&[
        "remove",
        "crop",
        "cropping",
        "detection",
        "cut",
        "rid",
        "trim",
        "delete",
        "strip",
        "without",
        "no",
        "get",
        "take",
        "autocrop",
        "auto",
        "eliminate",
        "lose",
        // "edit out the black bars", "drop the borders", "chop off".
        "out",
        "off",
        "drop",
        "ditch",
        "hide",
    ]);
    let sized = c.qty(Unit::Px).is_some() || c.qty(Unit::Pct).is_some();
    // "crop to 16:9 without black bars": the shape is what is asked.
    // ("vertical black bars": the bars' side, no shape.)
    let side_told = (i.saturating_sub(3)..i).any(|j| c.is(j, &["vertical", "horizontal"]));
    let ratio_said = c
        .toks
        .iter()
        .any(|t| matches!(t.t, T::Clock { ratio: Some(_), .. }));
    let shaped = (target_ratio(c).is_some() || c.has(PLATFORMS)) && (ratio_said || !side_told)
        || c.has(&["square"]);
    // ("add black bars", "keep the borders"; not "add an auto crop feature".)
    let adding = c.has(&["fit", "pad"])
        || auto != Some(i)
            && (i.saturating_sub(4)..i).any(|j| c.is(j, &["add", "put", "with", "keep"]));
    (away && !sized && !shaped && !adding).then_some(i)
}

/// The sides "top", "bottom", "left", "right" (and "sides": left and
/// right) named in the clause, as [top, bottom, left, right].
fn sides(c: &Clause) -> [bool; 4] {
    let lr = c.has(&["sides"]) && !c.has(&["all", "each", "every"]);
    [
        c.has(&["top", "above"]),
        c.has(&["bottom", "below"]),
        c.has(&["left"]) || lr,
        c.has(&["right"]) || lr,
    ]
}

/// "100px off the top and 50px off the bottom", "without a 100px strip at
/// the top and a 200px strip at the bottom": a size for each edge, as
/// [top, bottom, left, right], with the positions of the sizes.
fn sized_edges(c: &Clause) -> Option<([u32; 4], Vec<usize>)> {
    const BETWEEN: &[&str] = &[
        "off", "from", "strip", "at", "the", "of", "on", "in", "band", "bar", "a",
    ];
    let mut e = [0u32; 4];
    let mut at = Vec::new();
    for j in 0..c.toks.len() {
        let T::Qty(v, Unit::Px) = c.toks[j].t else {
            continue;
        };
        let mut k = j + 1;
        while k < (j + 6).min(c.toks.len()) && c.is(k, BETWEEN) {
            k += 1;
        }
        let side = ["top", "bottom", "left", "right"]
            .iter()
            .position(|s| c.is(k, &[s]));
        if let Some(s) = side.filter(|_| v >= 1.0 && v.fract() == 0.0 && v < 100_000.0) {
            e[s] = v as u32;
            at.push(j);
        }
    }
    // Two edges or more, each its own size ("... and 200px at the bottom").
    let cut = c.has(&[
        "crop", "cropped", "cut", "remove", "trim", "shave", "without", "off", "strip",
    ]) && !c.has(&["border", "pad", "padding", "add", "margin", "extend"]);
    (at.len() >= 2 && cut).then_some((e, at))
}

/// "crop 100 px off the top and bottom", "--crop 0,140,0,140" (left, top,
/// right, bottom): pixels off some edges.
fn edges(c: &mut Clause) -> Option<(usize, Intent)> {
    if let Some((e, at)) = sized_edges(c) {
        for j in &at {
            c.take(*j);
        }
        c.take_all(&[
            "crop", "cropped", "cut", "remove", "trim", "shave", "top", "bottom", "left", "right",
            "off", "strip",
        ]);
        return Some((at[0], Intent::CropEdges(e)));
    }
    // "100 px off top and bottom": pixels off the edges, the verb unsaid.
    let off = (0..c.toks.len()).find(|&k| {
        matches!(c.toks[k].t, T::Qty(_, Unit::Px))
            && c.is(k + 1, &["off", "from"])
            && sides(c).iter().any(|s| *s)
    });
    let i = c
        .find(&[
            "crop", "cropped", "cropping", "cut", "remove", "trim", "shave",
        ])
        .or(off)?;
    let whole = |v: &f64| *v >= 0.0 && v.fract() == 0.0 && *v < 100_000.0;
    for k in (0..c.toks.len()).filter(|&k| c.is(k, &["crop"])) {
        let four: Vec<(usize, f64)> = (k + 1..(k + 9).min(c.toks.len()))
            .filter_map(|j| c.num_at(j).map(|v| (j, v)))
            .collect();
        if four.len() == 4 && four.iter().all(|(_, v)| whole(v)) {
            for (j, _) in &four {
                c.take(*j);
            }
            c.take(k);
            let v: Vec<u32> = four.iter().map(|(_, v)| *v as u32).collect();
            return Some((k, Intent::CropEdges([v[1], v[3], v[0], v[2]])));
        }
    }
    let named = sides(c);
    if !named.iter().any(|s| *s) || c.has(&["corner", "watermark", "logo", "text"]) {
        return None;
    }
    // ("use the crop tool to crop one more pixel from the top": after any
    // of the verbs.)
    let (j, px) = c
        .qty(Unit::Px)
        .or_else(|| {
            (i..c.toks.len())
                .filter(|&k| k == i || c.is(k, &["crop", "cut", "remove", "trim", "shave"]))
                .find_map(|k| c.num_after(k, 4))
                .filter(|(_, v)| whole(v) && c.has(&["off", "from", "pixels", "pixel"]))
        })
        .or_else(|| {
            // "one more pixel", "a pixel": one.
            (0..c.toks.len()).find_map(|k| {
                let px = if c.is(k + 1, &["more", "extra"]) {
                    k + 2
                } else {
                    k + 1
                };
                (c.is(k, &["one", "a", "single"]) && c.is(px, &["pixel", "pixels"]))
                    .then_some((k, 1.0))
            })
        })?;
    if !whole(&px) {
        return None;
    }
    c.take(j);
    c.take(i);
    c.take_all(&[
        "top", "bottom", "left", "right", "sides", "off", "edge", "edges",
    ]);
    let n = px as u32;
    let e = named.map(|s| if s { n } else { 0 });
    Some((i, Intent::CropEdges(e)))
}

/// "crop 640x480 (at x, y)", "crop 10px off every edge".
fn by_size(c: &mut Clause, cw: usize) -> Intent {
    if let Some((j, (w, h))) = c.dims() {
        c.take(j);
        let nums: Vec<(usize, f64)> = (j + 1..c.toks.len())
            .filter_map(|k| c.num_at(k).map(|v| (k, v)))
            .take(2)
            .collect();
        // "starting at 1333x0": the corner written as a size.
        let corner = (j + 1..c.toks.len()).find_map(|k| match c.toks[k].t {
            T::Dims(x, y) if c.is(k.wrapping_sub(1), &["at", "from", "offset"]) => {
                Some((k, (x, y)))
            }
            _ => None,
        });
        let at = if let Some((k, xy)) = corner {
            c.take(k);
            Some(xy)
        } else if nums.len() == 2 && nums.iter().all(|(_, v)| *v >= 0.0 && v.fract() == 0.0) {
            for (k, _) in &nums {
                c.take(*k);
            }
            Some((nums[0].1 as u32, nums[1].1 as u32))
        } else {
            None
        };
        let centred = c.has(&["center", "centre", "centered", "centred", "middle"]);
        return Intent::CropRect { w, h, at, centred };
    }
    if let Some((j, px)) = c.qty(Unit::Px).or_else(|| c.num_after(cw, 4)) {
        if c.has(&[
            "each", "every", "all", "edges", "edge", "sides", "border", "borders", "around",
        ]) && px >= 0.0
        {
            c.take(j);
            return Intent::CropBorder(px.round().min(100_000.0) as u32);
        }
    }
    Intent::Need(SHAPE_NEEDED.into())
}

/// What a crop with no shape asks for.
pub const SHAPE_NEEDED: &str =
    "say the shape to crop to: square, 16:9, 9:16, 4:5, 4:3, or a size like \"crop 640x480\"";

/// "aspect ratios between 0.800 and 1.910", "within 4:5 to 1.91:1 range":
/// the shapes a place accepts; the file is cropped to the nearer bound
/// when it is outside them.
fn aspect_range(c: &mut Clause) -> Option<(usize, Intent)> {
    let shape = c.has(&["aspect", "ratio"]);
    // (Times such as "1:05" have no ratio; "2.35:1" has its decimals.)
    let aspect_at = |k: usize| -> Option<Aspect> {
        if c.used[k] {
            return None;
        }
        let aspect = match c.toks[k].t {
            T::Clock { ratio: Some(_), .. } => Aspect::parse(&c.toks[k].orig),
            T::Clock { .. } if c.toks[k].orig.split(':').next()?.contains('.') => {
                Aspect::parse(&c.toks[k].orig)
            }
            T::Num(v) if shape => Aspect::parse(&format!("{v}:1")),
            _ => None,
        }?;
        let (w, h) = aspect.ratio();
        (0.25..=4.0)
            .contains(&(f64::from(w) / f64::from(h)))
            .then_some(aspect)
    };
    let (a, lo, hi) = (0..c.toks.len().saturating_sub(2)).find_map(|a| {
        let b = a + 2;
        let joined = c.is(a + 1, &["to", "and", "-"]);
        let led = (a.saturating_sub(4)..a).any(|k| c.is(k, &["between", "within", "from"]));
        let (x, y) = (aspect_at(a)?, aspect_at(b)?);
        (joined && led && (shape || c.is(b + 1, &["range"]))).then_some((a, x, y))
    })?;
    for k in a..a + 3 {
        c.take(k);
    }
    let i = c.find(&["aspect", "ratio"]).unwrap_or(a);
    c.take(i);
    Some((i, Intent::AspectRange(lo, hi)))
}
