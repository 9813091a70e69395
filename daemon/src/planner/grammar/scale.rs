//! `scale`: a new size ("800px wide", "720p", "50%", "1280x720").

use super::{Clause, Found, Intent};
use crate::media::ops::{Resolution, Scale};
use crate::planner::lexicon::format_word;
use crate::planner::tokens::{Unit, T};

fn scale_op(
    width: Option<u32>,
    height: Option<u32>,
    percent: Option<f64>,
    resolution: Option<Resolution>,
    keep_aspect: bool,
) -> Intent {
    let scale = Scale {
        width,
        height,
        percent,
        resolution,
        keep_aspect,
        fill: false,
    };
    Intent::Op(scale.into())
}

fn res_of(h: f64) -> Intent {
    let r = match h as u32 {
        360 => Some(Resolution::P360),
        480 => Some(Resolution::P480),
        720 => Some(Resolution::P720),
        1080 => Some(Resolution::P1080),
        _ => None,
    };
    match r {
        Some(r) => scale_op(None, None, None, Some(r), true),
        None => scale_op(
            None,
            Some(h.round().clamp(0.0, 100_000.0) as u32),
            None,
            None,
            true,
        ),
    }
}

fn px(v: f64) -> u32 {
    v.round().clamp(0.0, 100_000.0) as u32
}

/// Display sizes known by their names ("resize to VGA"): a box the picture
/// is fitted in. ("qHD", a lower-case q, is the quarter of full HD.)
const DISPLAY_SIZES: &[(&str, u32, u32)] = &[
    ("qqvga", 160, 120),
    ("qcif", 176, 144),
    ("qvga", 320, 240),
    ("cif", 352, 288),
    ("hvga", 480, 320),
    ("vga", 640, 480),
    ("wvga", 800, 480),
    ("svga", 800, 600),
    ("xga", 1024, 768),
    ("wxga", 1280, 800),
    ("sxga", 1280, 1024),
    ("uxga", 1600, 1200),
    ("wuxga", 1920, 1200),
    ("qxga", 2048, 1536),
    ("qhd", 2560, 1440),
    ("wqhd", 2560, 1440),
];

/// A display size said by its name, as the size wanted: "to VGA", "QVGA
/// resolution", "resize them VGA" (a "VGA cable" or "VGA port" is none).
pub(super) fn display_size(c: &Clause) -> Option<(usize, (u32, u32))> {
    let resized = c.has(&[
        "resize",
        "scale",
        "downscale",
        "downsize",
        "downsample",
        "upscale",
        "resolution",
    ]);
    (0..c.toks.len()).find_map(|k| {
        let w = c.w(k)?;
        let &(_, dw, dh) = DISPLAY_SIZES.iter().find(|(n, _, _)| *n == w)?;
        // ("resize it for a VGA screen": the screen's size, asked.)
        let port = c.is(
            k + 1,
            &[
                "cable",
                "cables",
                "port",
                "ports",
                "connector",
                "adapter",
                "output",
                "input",
                "out",
                "card",
            ],
        );
        let screen = c.is(k + 1, &["monitor", "screen", "display"]) && !resized;
        let wanted = resized || c.led_by(k, &["to", "into", "at", "in", "as", "it", "them"]);
        let quarter_hd = w == "qhd" && c.toks[k].orig.starts_with('q');
        let (dw, dh) = if quarter_hd { (960, 540) } else { (dw, dh) };
        (wanted && !port && !screen).then_some((k, (dw, dh)))
    })
}

/// Words of a resize, taken with it.
const WORDS: &[&str] = &[
    "resize",
    "bigger",
    "smaller",
    "width",
    "height",
    "wide",
    "tall",
    "resolution",
    "shrink",
    "reduce",
    "size",
    "dimensions",
    "enlarge",
    "hd",
    "fhd",
    "uhd",
    "sd",
    "4k",
    "big",
    "large",
    "small",
    "pixels",
    "halve",
    "double",
    "downsample",
    "upsample",
    "fit",
    "max",
    "maximum",
];

pub(super) fn recognize(c: &mut Clause, out: &mut Found) {
    // "mp3s can be reduced in size 10-100x": a sound has no pixels.
    if !c.sources.is_empty() && c.sources.iter().all(|f| f.is_audio()) {
        return;
    }
    // "a lower resolution than 1080p": a bound, not the size ("no bigger
    // than 1080p" is the size).
    if c.has(&["lower", "less", "smaller", "higher", "more", "bigger"]) && !c.has(&["no", "not"]) {
        let bounds: Vec<usize> = c
            .qtys(Unit::P)
            .into_iter()
            .map(|(j, _)| j)
            .filter(|&j| c.is(j.wrapping_sub(1), &["than"]))
            .collect();
        for j in bounds {
            c.take(j);
        }
    }
    // "compress it to half the size": the share was the file's bytes.
    if out.iter().any(|(_, i)| matches!(i, Intent::SizeShare(_))) {
        return;
    }
    let Some(i) = trigger(c) else { return };
    if source_alone(c, i) {
        c.take(i);
        return;
    }
    if let Some(j) = own_size_told(c, i) {
        c.take(j);
        c.take(i);
        return;
    }
    // "scale down frame rate", "scale the bitrate": something else scaled.
    let of_other = (i + 1..(i + 4).min(c.toks.len())).any(|k| {
        c.is(k, &["fps", "framerate", "bitrate", "volume", "speed"])
            || c.is(k, &["frame"]) && c.is(k + 1, &["rate"])
    });
    if of_other && c.dims().is_none() && c.qtys(Unit::P).is_empty() {
        return;
    }
    // "lower the resolution to get under 2 MB": the size target's means.
    let lowered =
        lower_resolution(c).is_some() && c.qtys(Unit::Mb).is_empty() && c.qtys(Unit::Kb).is_empty();
    let raised = raise_resolution(c).is_some();
    // "strip the metadata from resized files", "Image Resizer is great": the
    // files said by what was done to them, a tool by what it does.
    let orig = c.toks[i].orig.to_lowercase();
    let described = orig.strip_suffix('d').is_some_and(|o| o.ends_with('e'))
        && c.is(
            i + 1,
            &[
                "files", "file", "images", "image", "photos", "photo", "pictures", "videos",
                "video", "version", "versions", "copies", "copy",
            ],
        )
        && sizes_unsaid(c);
    let tool = matches!(
        orig.trim_end_matches('s'),
        "resizer" | "scaler" | "upscaler" | "downscaler" | "rescaler"
    );
    if described || tool {
        c.take(i);
        return;
    }
    // "crop it instead of resizing": not a resize.
    if c.is(i.wrapping_sub(1), &["of", "than", "without"])
        && c.is(i.wrapping_sub(2), &["instead", "rather", "not"])
        || c.is(i.wrapping_sub(1), &["without"])
        || c.is(i.wrapping_sub(1), &["using", "use", "any"])
            && c.is(i.wrapping_sub(2), &["without"])
    {
        c.take(i);
        return;
    }
    // "460x460 or 630x630": choices.
    let sizes: Vec<usize> = (0..c.toks.len())
        .filter(|&k| !c.used[k] && matches!(c.toks[k].t, T::Dims(..)))
        .collect();
    if sizes.len() > 1
        && c.has(&["or"])
        && !sizes
            .iter()
            .any(|k| c.is(k.wrapping_sub(1), &["to", "into"]))
    {
        for k in &sizes {
            c.take(*k);
        }
        c.take_trig(i);
        let what = "say which size, e.g. \"resize to 640x480\"".into();
        out.push((i, Intent::Vague { op: "scale", what }));
        return;
    }
    c.take_trig(i);
    // "scanned at 300dpi, scale it down to 150dpi": the pixels in that ratio.
    if let Some(p) = dpi_ratio(c) {
        out.push((i, Intent::Op(scale_by(p))));
        return;
    }
    let (exact, unstretched) = stretched(c);
    // "downscale", "downsize": lemmatised to the plain verb, so read as written.
    let down = c.has(&[
        "smaller",
        "shrink",
        "reduce",
        "down",
        "less",
        "decrease",
        "downsample",
        // "drop the resolution by 50%", "lower it by half".
        "drop",
        "lower",
        "cut",
    ]) || c
        .toks
        .iter()
        .any(|t| t.orig.to_lowercase().starts_with("down"));
    let up = c.has(&[
        "bigger", "larger", "enlarge", "increase", "up", "upsample", "grow",
    ]);
    let Some(intent) = named_size(c, down, up, exact, unstretched)
        .or_else(|| pixel_size(c, i, down, exact))
        .or_else(|| resolution_number(c))
        // "lower res please": no size said; half each side.
        .or_else(|| lowered.then(|| Intent::Default(scale_by(50.0))))
        // "increase the resolution": twice each side.
        .or_else(|| raised.then(|| Intent::Default(scale_by(200.0))))
    else {
        return;
    };
    c.take_all(WORDS);
    out.push((i, intent));
}

/// Whether the size is to be met exactly ("exactly", "force", "stretch"),
/// and whether the shape is to be kept ("exactly 1200x628 without it being
/// stretched": the size filled, the shape kept).
fn stretched(c: &Clause) -> (bool, bool) {
    const STRETCH: &[&str] = &[
        "stretch",
        "stretched",
        "stretching",
        "distort",
        "distorted",
        "distorting",
        "squash",
        "squish",
        "squished",
        "squashed",
    ];
    let unstretched = (0..c.toks.len()).any(|k| {
        c.is(k, STRETCH)
            && (k.saturating_sub(4)..k).any(|n| c.is(n, &["without", "not", "no", "never"]))
    });
    // ("fit into 512x512 with one side exactly 512px": a box.)
    let fitted = c.has(&["fit", "fits", "within"]);
    let exact = !unstretched
        && (c.has(&["exactly"]) && !fitted || c.has(&["force", "ignore"]) || c.has(STRETCH));
    (exact, unstretched)
}

/// "the original is 2000*2000, I want a 1200*628 version": of the sizes in
/// the clause, the first not told as the file's own, when one is.
fn asked_beside_own(c: &Clause) -> Option<(usize, (u32, u32))> {
    let own = |k: usize| {
        (k.saturating_sub(3)..k).any(|b| {
            c.is(
                b,
                &[
                    "is",
                    "was",
                    "were",
                    "are",
                    "original",
                    "originally",
                    "currently",
                ],
            )
        })
    };
    let all: Vec<(usize, (u32, u32))> = (0..c.toks.len())
        .filter_map(|k| match c.toks[k].t {
            T::Dims(w, h) if !c.used[k] => Some((k, (w, h))),
            _ => None,
        })
        .collect();
    (all.len() > 1)
        .then(|| all.iter().copied().find(|&(k, _)| !own(k)))
        .flatten()
        .filter(|_| all.iter().any(|&(k, _)| own(k)))
}

/// "... and from 2612x1272 (the 2nd)": a size after "from", alone in its
/// clause, is what the file was.
fn source_alone(c: &Clause, i: usize) -> bool {
    let sizes = (0..c.toks.len())
        .filter(|&k| matches!(c.toks[k].t, T::Dims(..) | T::Qty(_, Unit::Px | Unit::P)))
        .count();
    sizes == 1 && c.is(i.wrapping_sub(1), &["from"]) && c.dims().is_some_and(|d| d.0 == i)
}

/// "the original image size is 2000*2000": the file's own size told (its
/// place), the only size in the clause, read by the trigger at `i`.
fn own_size_told(c: &Clause, i: usize) -> Option<usize> {
    let (j, _) = c.dims()?;
    let told = (i == j || c.is(i, &["size", "dimensions", "resolution"]))
        && (j.saturating_sub(4)..j)
            .any(|b| c.is(b, &["original", "originally", "currently", "was", "were"]))
        && !c.is(j.wrapping_sub(1), &["to", "into", "at"]);
    let only = (0..c.toks.len())
        .filter(|&k| matches!(c.toks[k].t, T::Dims(..)))
        .count()
        == 1;
    (told && only || described(c, j)).then_some(j)
}

/// "a 91 MB mp4 (640X480, h264)", "scanned as TIF with 300 DPI 3500x2500",
/// "I've had 2.8 with 1680x1050", "is a relatively ordinary size,
/// 1920x1080", "an image that is 200x30px": the size at `j` told of the file.
fn described(c: &Clause, j: usize) -> bool {
    let file_said = |k: usize| {
        matches!(c.toks[k].t, T::Qty(_, Unit::Mb | Unit::Kb | Unit::Gb))
            || c.w(k).and_then(format_word).is_some()
    };
    let bracketed = j >= 1
        && c.toks[j - 1].orig == "("
        && (j.saturating_sub(4)..j - 1).any(|k| file_said(k) || c.is(k, &["is", "was"]))
        && !(j.saturating_sub(5)..j).any(|k| c.is(k, &["generate", "make", "create", "want"]));
    let had = (j.saturating_sub(3)..j).any(|k| c.is(k, &["with"]))
        && (j.saturating_sub(6)..j).any(|k| {
            c.is(
                k,
                &[
                    "had", "have", "has", "scanned", "recorded", "shot", "taken", "dpi",
                ],
            )
        });
    let sized = c.toks.get(j.wrapping_sub(1)).is_some_and(|t| t.orig == ",")
        && c.is(j.wrapping_sub(2), &["size", "resolution"])
        && (j.saturating_sub(6)..j).any(|k| c.is(k, &["is", "was", "are"]));
    // ("needs a feature graphic that is 1024x500": the one wanted.)
    let that_is = c.is(j.wrapping_sub(1), &["is", "are"])
        && c.is(j.wrapping_sub(2), &["that", "which"])
        && !(0..j).any(|k| c.is(k, &["need", "needs", "require", "requires", "want", "must"]));
    bracketed || had || sized || that_is
}

/// "a lower resolution", "drop the res", "smaller resolution": a lower
/// resolution asked, with or without a size.
fn lower_resolution(c: &Clause) -> Option<usize> {
    const LOWER: &[&str] = &[
        "lower",
        "low",
        "reduce",
        "decrease",
        "smaller",
        "drop",
        "downscale",
        "less",
        "down",
    ];
    c.near(LOWER, &["resolution"], 3)
        .and_then(|_| c.find(&["resolution"]))
        .or_else(|| {
            c.find(&["resolution"])
                .filter(|&k| (k + 1..(k + 3).min(c.toks.len())).any(|j| c.is(j, LOWER)))
        })
}

/// "the res to 480", "resolution 720": a height said as a bare number.
fn resolution_number(c: &mut Clause) -> Option<Intent> {
    let k = c
        .find(&["resolution"])
        .or_else(|| (0..c.toks.len()).find(|&k| c.is(k, &["resolution"]) && c.used[k]))?;
    let (j, v) = c.num_after(k, 3)?;
    if ![
        144.0, 240.0, 360.0, 480.0, 540.0, 720.0, 1080.0, 1440.0, 2160.0,
    ]
    .contains(&v)
    {
        return None;
    }
    c.take(j);
    Some(res_of(v))
}

/// "a higher resolution", "increase the res", "upscale the resolution".
fn raise_resolution(c: &Clause) -> Option<usize> {
    const RAISE: &[&str] = &[
        "higher", "increase", "raise", "bigger", "larger", "upscale", "boost", "improve",
    ];
    // ("taken at a much higher resolution than I can post": the file's,
    // set against a limit.)
    let compared = (0..c.toks.len()).any(|k| {
        c.is(k, &["higher", "bigger", "larger"])
            && (k + 1..(k + 4).min(c.toks.len())).any(|j| c.is(j, &["than"]))
    });
    c.near(RAISE, &["resolution"], 3)
        .and_then(|_| c.find(&["resolution"]))
        .filter(|_| lower_resolution(c).is_none() && !compared)
}

/// "increase photo sizes to 2048", "set the size to 1024": a size
/// changed to a bare number is pixels (a file size has its unit). Of
/// pictures, "make it 2048" too: a bare number is no length or rate there.
fn size_to_number(c: &Clause) -> Option<usize> {
    let bare_px = |k: usize| {
        matches!(c.toks.get(k).map(|t| &t.t), Some(T::Num(v)) if (16.0..=16384.0).contains(v))
            && c.toks.get(k + 1).is_none_or(|t| !matches!(t.t, T::Word(_)))
    };
    let stills = !c.sources.is_empty() && c.sources.iter().all(|f| f.is_still());
    let made = (0..c.toks.len())
        .find(|&k| stills && c.is(k, &["make"]) && c.is(k + 1, &["it", "them"]) && bare_px(k + 2));
    made.or_else(|| (0..c.toks.len()).find(|&k| {
        c.is(k, &["size", "sizes", "dimension", "dimensions"])
            && c.is(k + 1, &["to"])
            && matches!(c.toks.get(k + 2).map(|t| &t.t), Some(T::Num(v)) if (16.0..=16384.0).contains(v))
            && (k.saturating_sub(4)..k).any(|j| {
                c.is(
                    j,
                    &[
                        "increase", "reduce", "change", "set", "enlarge", "decrease", "limit",
                        "shrink",
                    ],
                )
            })
    }))
}

fn scale_by(percent: f64) -> crate::media::ops::Operation {
    Scale {
        width: None,
        height: None,
        percent: Some(percent),
        resolution: None,
        keep_aspect: true,
        fill: false,
    }
    .into()
}

/// "4 x 6 prints", "an 8x10", "16x9": inches of paper or a shape, no
/// pixels to scale to.
fn print_size(c: &Clause, w: u32, h: u32) -> bool {
    w.max(h) < 20 && !c.has(&["px", "pixel", "pixels"])
}

/// The usual photo prints, named short side first ("a 4x6", "5x7").
const PRINTS: &[(u32, u32)] = &[
    (2, 3),
    (3, 5),
    (4, 6),
    (5, 7),
    (8, 10),
    (8, 12),
    (11, 14),
    (12, 18),
    (16, 20),
    (3, 8),
];

/// Whether `w`x`h` names a print, turned whichever way the picture is.
fn a_print(c: &Clause, w: u32, h: u32) -> bool {
    let pair = (w.min(h), w.max(h));
    PRINTS.contains(&pair)
        || c.has(&[
            "print", "prints", "printing", "printed", "paper", "inch", "inches",
        ])
}

fn trigger(c: &Clause) -> Option<usize> {
    c.find(&["resize", "downsample", "upsample", "resample"])
        .or_else(|| size_to_number(c))
        .or_else(|| c.dims().map(|d| d.0))
        .or_else(|| c.qty(Unit::Px).map(|d| d.0))
        .or_else(|| c.qty(Unit::P).map(|d| d.0))
        .or_else(|| {
            c.qty(Unit::K)
                .filter(|(_, k)| (1.0..=16.0).contains(k))
                .map(|d| d.0)
        })
        // ("convert HD 25p to 24p": the footage's kind, said with its rate.)
        .or_else(|| {
            // ("very old VHS SD videos": the kind of files they are.)
            let kind_of_files = |k: usize| {
                c.is(k + 1, &["video", "footage", "clip", "file", "camera"])
                    && !c.is(k.wrapping_sub(1), &["to", "into", "as", "in", "an", "a"])
            };
            // "smaller but keep it HD": what must stay, not a size.
            let kept = |k: usize| {
                (k.saturating_sub(3)..k)
                    .any(|j| c.is(j, &["keep", "keeping", "stay", "remain", "still"]))
            };
            (0..c.toks.len()).find(|&k| {
                !c.used[k]
                    && c.is(k, &["hd", "fhd", "uhd", "sd", "1080p", "720p"])
                    && !matches!(c.toks.get(k + 1).map(|t| &t.t), Some(T::Qty(_, Unit::Fps)))
                    && !kind_of_files(k)
                    && !kept(k)
            })
        })
        .or_else(|| display_size(c).map(|d| d.0))
        .or_else(|| lower_resolution(c))
        .or_else(|| raise_resolution(c))
        .or_else(|| {
            c.find(&["resolution"]).filter(|&k| {
                c.num_after(k, 3).is_some_and(|(_, v)| {
                    [240.0, 360.0, 480.0, 540.0, 720.0, 1080.0, 1440.0, 2160.0].contains(&v)
                })
            })
        })
        .or_else(|| {
            c.find(&["width", "height"])
                .filter(|&k| c.num_after(k, 3).is_some())
        })
        .or_else(|| {
            c.find(&["wide", "tall"])
                .filter(|&k| c.num_before(k, 3).is_some())
        })
        .or_else(|| relative_size(c))
        // "make it bigger", "enlarge the picture": bigger in pixels, how
        // much asked below.
        .or_else(|| {
            c.find(&["bigger", "larger"])
                .filter(|&k| {
                    k == 0
                        || c.is(
                            k.wrapping_sub(1),
                            &["it", "them", "picture", "image", "photo", "video"],
                        )
                })
                .filter(|_| !c.has(&["file", "files", "filesize", "size", "mb", "kb", "than"]))
        })
}

/// "shrink it by half", "halve it", "double the size": a relative size, unless
/// the clause says it of something that is not the picture ("reduce the
/// volume by half", "halve the bitrate").
fn relative_size(c: &Clause) -> Option<usize> {
    let other = c.has(&[
        "volume",
        "loudness",
        "audio",
        "sound",
        "bitrate",
        "speed",
        "fps",
        "framerate",
        "duration",
        "length",
        "filesize",
        "quality",
        "brightness",
        "contrast",
        "saturation",
    ]);
    let pictorial = c.has(&[
        "resolution",
        "dimensions",
        "width",
        "height",
        "pixels",
        "px",
        "res",
        "image",
        "picture",
        "photo",
    ]);
    if other && !pictorial {
        return None;
    }
    c.find(&[
        "bigger",
        "smaller",
        "enlarge",
        "shrink",
        "reduce",
        "size",
        "dimensions",
        "resolution",
        "large",
        "big",
        "small",
    ])
    .filter(|_| {
        size_pct(c).is_some()
            || c.qty(Unit::X).is_some()
            || c.has(&["half", "halve", "double", "twice", "quarter", "triple"])
                // ("more than triple the storage space": bytes.)
                && !c.has(&["storage", "space"])
                // ("recordings in half hour increments": a time.)
                && !(0..c.toks.len()).any(|k| {
                    c.is(k, &["half", "quarter"])
                        && c.is(k + 1, &["hour", "minute", "second", "day", "an", "way"])
                })
    })
    // "halving audio filesize": bytes, not pixels.
    .or_else(|| {
        c.find(&["halve"])
            .filter(|&h| !c.is(h + 1, &["audio", "filesize", "file", "bitrate", "sound"]))
    })
    .or_else(|| {
        c.near(
            &["half", "double", "quarter"],
            &["size", "resolution", "dimensions", "big", "large", "width"],
            2,
        )
    })
}

/// "128 in the minimum dimension", "longest side 1024": one side, the
/// shorter or the longer.
pub(super) fn one_side(c: &mut Clause, out: &mut Found) {
    if let Some(found) = side(c) {
        out.push(found);
    }
}

fn side(c: &mut Clause) -> Option<(usize, Intent)> {
    // ("resize to fit 720 long-edge": the long edge.)
    let k = (0..c.toks.len()).find(|&k| {
        !c.used[k]
            && c.is(
                k,
                &[
                    "minimum", "min", "smallest", "shortest", "shorter", "maximum", "max",
                    "largest", "longest", "longer", "biggest", "long", "short",
                ],
            )
            && c.is(k + 1, &["side", "dimension", "edge", "dimensions", "sides"])
    })?;
    let (j, v) = c
        .qty(Unit::Px)
        .or_else(|| c.num_before(k, 6).or_else(|| c.num_after(k + 1, 4)))
        .filter(|(_, v)| *v >= 2.0)?;
    c.take(j);
    c.take(k);
    c.take_all(&[
        "side",
        "dimension",
        "edge",
        "resize",
        "reduce",
        "size",
        "sizes",
    ]);
    let n = px(v);
    let shortest = c.is(
        k,
        &["minimum", "min", "smallest", "shortest", "shorter", "short"],
    );
    Some((
        j,
        Intent::ScaleSide {
            px: n,
            longest: !shortest,
        },
    ))
}

/// Sizes given whole or relative: 1280x720, 720p, 4k, "full hd", 50%, 2x,
/// "half".
fn named_size(
    c: &mut Clause,
    down: bool,
    up: bool,
    exact: bool,
    unstretched: bool,
) -> Option<Intent> {
    let percent = |p: f64| scale_op(None, None, Some(p), None, true);
    // "upscale 640x640 videos into 1280x1280": the size after "to".
    let target_dims = (0..c.toks.len()).find_map(|k| match c.toks[k].t {
        T::Dims(w, h) if !c.used[k] && c.led_by(k, &["to", "into", "at"]) => Some((k, (w, h))),
        _ => None,
    });
    // "vertical, horizontal, 4x4 and so on": a grid of pictures, no size.
    // (A print size, "a 4x6", has two sides.)
    let grid = |w: u32, h: u32| {
        w == h && w <= 8 && !c.has(&["px", "pixel", "pixels", "print", "inch", "inches"])
    };
    let asked = asked_beside_own(c);
    let dims = target_dims
        .or(asked)
        .or_else(|| c.dims())
        .filter(|&(_, (w, h))| !grid(w, h));
    // "change it for 4x6", "print in 3x8": the paper's shape.
    if let Some((j, (w, h))) = dims.filter(|&(_, (w, h))| print_size(c, w, h)) {
        c.take(j);
        let print = a_print(c, w, h);
        return Some(Intent::PrintShape { w, h, print });
    }
    Some(if let Some((j, (w, h))) = dims {
        c.take(j);
        // "avatars should be 512x512": a square picture, filled.
        let square_use = w == h
            && c.has(&[
                "avatar",
                "profile",
                "icon",
                "pfp",
                "emoji",
                "instagram",
                "square",
            ])
            && !c.has(&[
                "fit", "within", "inside", "max", "maximum", "keep", "keeping",
            ]);
        // "9:16 at 1080x1920": the shape named with the size, filled.
        let shaped = c.toks.iter().any(|t| {
            matches!(t.t, T::Clock { ratio: Some((a, b)), .. }
                    if a > 0 && b > 0 && u64::from(a) * u64::from(h) == u64::from(b) * u64::from(w))
        });
        let boxed = boxed(c, j);
        if (square_use || unstretched || shaped) && !exact {
            Intent::Fill { w, h }
        } else if !exact && !boxed {
            Intent::Exact { w, h }
        } else {
            scale_op(Some(w), Some(h), None, None, !exact)
        }
    } else if let Some((j, v)) = c.qty(Unit::P) {
        // ("re-encode all those 1080p HD videos to 720p SD": of two, the
        // one led by "to" is made.)
        let (j, v) = c
            .qtys(Unit::P)
            .into_iter()
            .find(|&(k, _)| k > j && c.is(k.wrapping_sub(1), &["to", "into"]))
            .unwrap_or((j, v));
        c.take(j);
        res_of(v)
    } else if let Some(lines) = from_k_to_lines(c) {
        res_of(lines)
    } else if let Some((j, k)) = c.qty(Unit::K).filter(|(_, k)| (1.0..=16.0).contains(k)) {
        c.take(j);
        match k as u32 {
            4 => scale_op(None, Some(2160), None, None, true),
            2 => scale_op(None, Some(1440), None, None, true),
            8 => scale_op(None, Some(4320), None, None, true),
            _ => Intent::Need("say the size, e.g. 1280x720, 720p or 50%".into()),
        }
    } else if let Some((j, (w, h))) = display_size(c) {
        c.take(j);
        scale_op(Some(w), Some(h), None, None, true)
    } else if c.has(&["fhd"]) || c.has_seq(&["full", "hd"]) {
        res_of(1080.0)
    } else if c.has(&["uhd"]) || c.has_seq(&["ultra", "hd"]) {
        res_of(2160.0)
    } else if c.has(&["sd"]) && (!c.has(&["hd"]) || c.has_seq(&["to", "sd"])) {
        // "HD to SD": standard definition is 480 lines.
        res_of(480.0)
    } else if c.has(&["hd"]) {
        res_of(720.0)
    } else if let Some((j, p)) = size_pct(c) {
        c.take(j);
        // "to 50%" sets; "I want to make it 50% bigger" adds.
        let to = (j.saturating_sub(2)..j).any(|k| c.is(k, &["to", "at"]));
        let relative = c.has(&["by"]) || (down || up) && !to;
        percent(match (relative, down) {
            // "-50%": smaller by half, as resize dialogs write it.
            _ if p < 0.0 => 100.0 + p,
            (true, true) => 100.0 - p,
            (true, false) => 100.0 + p,
            (false, _) => p,
        })
    // ("half the size (1x)": one times is no change.)
    } else if let Some((j, x)) = c.qtys(Unit::X).into_iter().find(|&(_, x)| x != 1.0) {
        c.take(j);
        let pct = if (down || oversized_by(c, j)) && x > 1.0 {
            100.0 / x
        } else {
            100.0 * x
        };
        percent((pct * 100.0).round() / 100.0)
    } else if c.has(&["half", "halve"]) {
        percent(50.0)
    } else if c.has(&["quarter"]) {
        percent(25.0)
    } else if c.has(&["double", "twice"]) {
        percent(200.0)
    } else if c.has(&["triple"]) {
        percent(300.0)
    } else {
        return None;
    })
}

/// Words of a box a size is to stay in.
const BOX_WORDS: &[&str] = &[
    "fit", "fits", "within", "inside", "max", "maximum", "bound", "bounds", "bounding", "box",
    "limit", "under", "below", "most", "exceed", "than", "up",
];

/// "max 1920x1080", "fit within 800x800", "keeping the aspect ratio": a
/// box to stay in, said near the size at `j` ("inside Steam" far from it,
/// "to keep the file size down", "scaled up to 512x512" are none).
fn boxed(c: &Clause, j: usize) -> bool {
    let near = (j.saturating_sub(7)..(j + 4).min(c.toks.len())).any(|k| {
        c.is(k, BOX_WORDS)
            && !(c.is(k, &["up"]) && c.is(k.wrapping_sub(1), &["resize", "size", "scale"]))
    });
    near || shape_kept(c)
}

/// "keeping the aspect ratio", "proportionally", "keep its shape".
fn shape_kept(c: &Clause) -> bool {
    c.has(&[
        "aspect",
        "ratio",
        "proportion",
        "proportions",
        "proportionally",
    ]) || (0..c.toks.len()).any(|k| {
        c.is(
            k,
            &[
                "keep",
                "keeping",
                "maintain",
                "maintaining",
                "preserve",
                "preserving",
            ],
        ) && (k + 1..(k + 4).min(c.toks.len())).any(|n| c.is(n, &["shape"]))
    })
}

/// "the pasted image is 2x the correct size": how much too big the file
/// is, told, undone by making it that much smaller.
fn oversized_by(c: &Clause, j: usize) -> bool {
    let against = (j + 1..(j + 4).min(c.toks.len())).any(|k| {
        c.is(
            k,
            &[
                "correct", "right", "normal", "intended", "expected", "actual",
            ],
        )
    });
    against
        && c.is(j + 1, &["the"])
        && !c.has(&[
            "make", "resize", "scale", "want", "need", "upscale", "enlarge",
        ])
}

/// What the numbers of a clause say as pixels.
enum Pixels {
    /// A width, a height, a longest side.
    Sides(Option<u32>, Option<u32>, Option<u32>),
    /// "downscale to 720": a standard height.
    Height(f64),
}

/// Pixel sizes: "800px wide", "width 640", "600 pixels tall", "800px".
fn pixel_sides(c: &mut Clause, i: usize) -> Pixels {
    let mut width = None;
    let mut height = None;
    let mut longest = None;
    let sized: Vec<(usize, f64)> = (0..c.toks.len())
        .filter_map(|j| match c.toks[j].t {
            T::Qty(v, Unit::Px) if !c.used[j] => Some((j, v)),
            T::Num(v) if !c.used[j] && v >= 2.0 => Some((j, v)),
            _ => None,
        })
        .collect();
    for (j, v) in sized {
        // ("512 pixels instead of 618 pixels": the size it is not to be.)
        if c.is(j.wrapping_sub(1), &["of", "than"])
            && c.is(j.wrapping_sub(2), &["instead", "rather"])
        {
            c.take(j);
            continue;
        }
        // ("a height larger than 112px", "1080px in height".)
        let said_of = |side: &[&str]| {
            c.is(j.wrapping_sub(3), side)
                && (j.saturating_sub(2)..j).all(|k| {
                    c.is(
                        k,
                        &[
                            "larger",
                            "bigger",
                            "greater",
                            "more",
                            "than",
                            "over",
                            "above",
                            "of",
                            "is",
                            "to",
                            "exceeding",
                        ],
                    )
                })
                || c.is(j + 1, &["in"]) && c.is(j + 2, side)
        };
        // ("480 pixels of width", "480 píxeles de ancho".)
        let of_side = |side: &[&str]| c.is(j + 1, &["of", "de"]) && c.is(j + 2, side);
        let near_w = c.is(j + 1, &["wide", "width", "w", "horizontal", "across"])
            || of_side(&["width", "wide"])
            || !of_side(&["height", "high", "tall"])
                && (c.is(j.wrapping_sub(1), &["width", "w"])
                    || c.is(j.wrapping_sub(2), &["width"])
                    || c.is(j + 2, &["wide"])
                    || said_of(&["width"]));
        let near_h = c.is(j + 1, &["tall", "high", "height", "h", "vertical"])
            || of_side(&["height", "high", "tall"])
            || c.is(j.wrapping_sub(1), &["height", "h"])
            || c.is(j.wrapping_sub(2), &["height"])
            || c.is(j + 2, &["tall", "high"])
            || said_of(&["height"]);
        let is_px = matches!(c.toks[j].t, T::Qty(_, Unit::Px));
        // "no more than 1000px height or width": whichever side is longer.
        const SIDES: &[&str] = &["width", "height"];
        let either = c.is(j + 1, SIDES) && c.is(j + 2, &["or"]) && c.is(j + 3, SIDES)
            || c.is(j.wrapping_sub(1), SIDES)
                && c.is(j.wrapping_sub(2), &["or"])
                && c.is(j.wrapping_sub(3), SIDES);
        // "max width and height 2048", "width and height of 1000px": one
        // bound for both sides.
        let both = c.is(j + 1, SIDES) && c.is(j + 2, &["and"]) && c.is(j + 3, SIDES)
            || (j.saturating_sub(4)..j).any(|k| {
                k >= 2
                    && c.is(k, SIDES)
                    && c.is(k - 1, &["and"])
                    && c.is(k - 2, SIDES)
                    && (k + 1..j).all(|m| c.is(m, &["of", "to", "at", "is", "are", "be"]))
            });
        if either || both {
            longest = Some(px(v));
        } else if near_w {
            width = Some(px(v));
        } else if near_h {
            height = Some(px(v));
        } else if !is_px
            && [360.0, 480.0, 720.0, 1080.0, 1440.0, 2160.0].contains(&v)
            && c.is(i, &["resize"])
        {
            c.take(j);
            return Pixels::Height(v);
        } else if is_px
            // ("Figure 3 needs to be resized": a label; "by 4": a factor.)
            || (v >= 16.0 || c.has(&["by", "factor"]))
                && (c.is(i, &["resize"])
                    || c.has(&["max", "maximum", "longest", "longer", "fit"])
                    || j == i + 2 && size_to_number(c) == Some(i))
        {
            longest = Some(px(v));
        } else {
            continue;
        }
        c.take(j);
    }
    Pixels::Sides(width, height, longest)
}

/// A size in pixels, or a bare "bigger"/"smaller"; `None`: no size here.
fn pixel_size(c: &mut Clause, i: usize, down: bool, exact: bool) -> Option<Intent> {
    // "decrease them to 600px square": a square of that side, filled.
    let square = (0..c.toks.len()).find_map(|j| match c.toks[j].t {
        T::Qty(v, Unit::Px) if !c.used[j] && c.is(j + 1, &["square"]) => Some((j, v)),
        _ => None,
    });
    if let Some((j, v)) = square {
        c.take(j);
        c.take(j + 1);
        return Some(Intent::Fill { w: px(v), h: px(v) });
    }
    let (width, height, longest) = match pixel_sides(c, i) {
        Pixels::Height(v) => return Some(res_of(v)),
        Pixels::Sides(w, h, l) => (w, h, l),
    };
    Some(match (width, height, longest) {
        // "scale it down by 4", "by a factor of 2": a factor, not pixels.
        (None, None, Some(l)) if (2..=16).contains(&l) && c.has(&["by", "factor"]) => {
            let pct = if down {
                100.0 / f64::from(l)
            } else {
                100.0 * f64::from(l)
            };
            scale_op(None, None, Some((pct * 100.0).round() / 100.0), None, true)
        }
        (None, None, Some(l)) => {
            if c.has(&[
                "max", "maximum", "fit", "within", "inside", "longest", "longer", "most", "limit",
            ]) {
                scale_op(Some(l), Some(l), None, None, true)
            } else {
                Intent::ScaleLongest(l)
            }
        }
        (None, None, None) => {
            if c.is(i, &["bigger", "larger"]) {
                // "make it bigger": how big is asked.
                let what = "say the size, e.g. \"1600px wide\", 1920x1080, 1080p or 200%".into();
                Intent::Vague { op: "scale", what }
            } else if wished_bigger(c) && !c.has(&["file"]) && !selects(c) {
                scale_op(None, None, Some(200.0), None, true)
            } else if c.is(i, &["resize", "reduce", "shrink"]) || c.has(&["smaller"]) {
                // "downsize the images": how small is asked.
                let what = "say the size, e.g. \"800px wide\", 1280x720, 720p or 50%".into();
                Intent::Vague { op: "scale", what }
            } else {
                return None;
            }
        }
        // "a resolution of 320 pixels wide by 240 pixels high": both sides
        // said, the size whole unless a box is.
        (Some(w), Some(h), _) if !exact && !c.has(BOX_WORDS) && !shape_kept(c) => {
            Intent::Exact { w, h }
        }
        (w, h, _) => scale_op(w, h, None, None, !exact),
    })
}

/// "enlarge it", "make them bigger"; not "none of them larger than".
fn wished_bigger(c: &Clause) -> bool {
    (0..c.toks.len()).any(|k| c.is(k, &["bigger", "enlarge", "larger"]) && !c.is(k + 1, &["than"]))
}

/// "resize the ones that are larger": which files, not how.
fn selects(c: &Clause) -> bool {
    (1..c.toks.len()).any(|k| {
        c.is(k, &["bigger", "larger"])
            && c.is(k - 1, &["are", "is", "were"])
            && (k.saturating_sub(4)..k).any(|j| c.is(j, &["that", "which", "one"]))
    })
}

/// A percentage of the picture's size: not "at 90% quality", "quality 80%",
/// nor a share ("GIFs made up almost 90 percent of the project's size").
fn size_pct(c: &Clause) -> Option<(usize, f64)> {
    c.qty(Unit::Pct).filter(|&(j, _)| {
        let share = (j.saturating_sub(3)..j).any(|k| {
            c.is(k, &["up"]) && k > 0 && c.is(k - 1, &["made", "make", "makes", "making"])
                || c.is(k, &["for"]) && k > 0 && c.is(k - 1, &["account"])
        });
        !share
            && !c.is(j + 1, &["quality", "jpeg", "jpg", "webp"])
            && !(j.saturating_sub(3)..j).any(|k| c.is(k, &["quality"]))
    })
}

/// No size in the clause: no pixels, percent, resolution or dimensions.
fn sizes_unsaid(c: &Clause) -> bool {
    c.qty(Unit::Px).is_none()
        && size_pct(c).is_none()
        && c.qty(Unit::P).is_none()
        && c.dims().is_none()
}

/// Two print resolutions, the one after "to" the one wanted: the percent
/// the pixels are scaled by ("from 600 dpi to 300 dpi" is 50%).
pub(super) fn dpi_ratio(c: &mut Clause) -> Option<f64> {
    let marks: Vec<(usize, f64)> = (0..c.toks.len())
        .filter(|&k| c.is(k, &["dpi", "ppi"]))
        .filter_map(|k| c.num_at(k.wrapping_sub(1)).map(|v| (k, v)))
        .collect();
    let [(a, from), (b, to)] = marks[..] else {
        return None;
    };
    let (from, to) = if c.is(a.wrapping_sub(2), &["to"]) {
        (to, from)
    } else {
        (from, to)
    };
    let p = to / from * 100.0;
    if from <= 0.0 || !(5.0..=800.0).contains(&p) || (p - 100.0).abs() < 0.5 {
        return None;
    }
    for k in [a, a - 1, b, b - 1] {
        c.take(k);
    }
    Some(p)
}

/// "from 4k to 1080": the lines after "to", when they are a usual height.
fn from_k_to_lines(c: &mut Clause) -> Option<f64> {
    const HEIGHTS: &[f64] = &[240.0, 360.0, 480.0, 540.0, 576.0, 720.0, 1080.0, 1440.0];
    let (j, _) = c.qty(Unit::K)?;
    if !c.is(j.wrapping_sub(1), &["from"]) {
        return None;
    }
    let (t, v) = (j + 1..c.toks.len())
        .filter(|&t| c.is(t, &["to"]))
        .find_map(|t| c.num_at(t + 1).map(|v| (t + 1, v)))
        .filter(|(_, v)| HEIGHTS.contains(v))?;
    c.take(j);
    c.take(t);
    Some(v)
}
