//! Documents: "turn this pdf into jpgs", "make a pdf from my word doc",
//! "shrink this pdf for email", "merge these pdfs", "put these photos into
//! one pdf", "just page 3 as png", "split it into pages". Runs before the
//! media recognizers, and only when a document is involved: the files are
//! documents, or pictures asked to become a PDF.

use super::{Clause, Found, Intent};
use crate::media::docs::pages::PageNo;
use crate::media::ops::{
    CompressLevel, CompressPdf, ExtractPages, FileFacts, Format, ImagesToPdf, MediaKind, MergePdfs,
    OfficeToPdf, Operation, PageSize, Pages, PdfToImages,
};
use crate::planner::lexicon::{format_word, FormatWord};
use crate::planner::tokens::{Unit, T};

/// Words this recognizer reads that no list below holds.
const OTHER_WORDS: &[&str] = &[
    "pdf",
    "pdfs",
    "page",
    "pages",
    "dpi",
    "ppi",
    "ebook",
    "screen",
    "print",
    "printing",
    "printer",
    "a4",
    "letter",
    "through",
    "scans",
    "scan",
    "each",
    "info",
    "size",
    "text",
    "producer",
    "searchable",
    "encrypted",
    "password",
    "made",
];
/// Names of office documents.
const OFFICE: &[&str] = &[
    "document",
    "word",
    "doc",
    "docx",
    "spreadsheet",
    "presentation",
    "slides",
    "excel",
    "powerpoint",
];

/// Every word this recognizer reads, for the vocabulary.
pub(crate) fn words() -> impl Iterator<Item = &'static &'static str> {
    [
        OTHER_WORDS,
        OFFICE,
        MERGE,
        SPLIT,
        COMPRESS,
        PICTURES,
        CHOOSE,
        THUMB,
    ]
    .into_iter()
    .flatten()
}

const MERGE: &[&str] = &[
    "merge",
    "combine",
    "join",
    "together",
    "concatenate",
    "append",
    "consolidate",
];
const SPLIT: &[&str] = &["split", "separate", "burst", "individually", "separately"];
/// A small picture of a document: its first page unless pages are named.
const THUMB: &[&str] = &["thumbnail", "thumbnails", "preview", "previews"];
const COMPRESS: &[&str] = &[
    "compress", "shrink", "smaller", "reduce", "mail", "lighter", "optimize", "optimise", "tiny",
    "small",
];
const PICTURES: &[&str] = &[
    "image", "picture", "pictures", "photo", "photos", "jpgs", "pngs",
];
const CHOOSE: &[&str] = &[
    "keep", "extract", "only", "just", "pull", "take", "get", "select", "choose", "pick", "export",
];

/// Words that take pages away.
const DROP: &[&str] = &[
    "remove", "delete", "drop", "without", "rid", "exclude", "skip", "lose", "cut", "ditch",
    "discard",
];

/// "take out page 3", "get rid of the last page": "take" and "get" that
/// take away.
fn taken_away(c: &Clause, k: usize) -> bool {
    c.is(k, &["get"]) && c.is(k + 1, &["rid"])
        || c.is(k, &["take"])
            && (k + 1..(k + 4).min(c.toks.len())).any(|j| c.is(j, &["out", "away", "off"]))
}

fn drops(c: &Clause) -> bool {
    c.has(DROP) || (0..c.toks.len()).any(|k| taken_away(c, k))
}

/// Pages chosen to keep ("extract", "only", "take"), not taken away.
fn chooses(c: &Clause) -> bool {
    (0..c.toks.len()).any(|k| c.is(k, CHOOSE) && !taken_away(c, k))
}

/// What the clause is about.
struct Files {
    pdf: bool,
    office: bool,
    pictures: bool,
}

pub(super) fn recognize(c: &mut Clause, sources: &[Format], out: &mut Found) {
    let files = Files {
        pdf: sources.contains(&Format::Pdf),
        office: sources.iter().any(|f| f.is_office()),
        pictures: !sources.is_empty() && sources.iter().all(|f| f.kind() == MediaKind::Image),
    };
    let says_pdf = c.has(&["pdf", "pdfs"]);
    // "turn this pdf into jpgs" said of a picture names no new PDF.
    // ("pull the gallery into the PDF": where the pictures go.)
    let names_source = c.find(&["pdf", "pdfs"]).is_some_and(|i| {
        c.is(i.wrapping_sub(1), &["this", "my", "the", "these"])
            && !c.is(i.wrapping_sub(2), &["into", "to", "onto"])
    });
    // "aggregate the scans and save them into 1 file": pages scanned, made
    // one document.
    let scans = c.has(&["scan", "scans", "pages", "document"])
        && (c.has_seq(&["one", "file"])
            || c.has_seq(&["1", "file"])
            || c.has_seq(&["single", "file"])
            || c.has_seq(&["same", "file"]));
    if files.pictures && (says_pdf && !names_source || scans) {
        pictures_to_pdf(c, out);
        return;
    }
    if !files.pdf && !files.office {
        return;
    }
    if files.pdf {
        // "this pdf", "the pdf": the file, never a format to write.
        c.take_all(&["pdf", "pdfs"]);
    }
    let at = c.find(&["pdf", "pdfs", "page", "pages"]).unwrap_or(0);
    let pages = page_selection(c);
    // "print both in the same PDF file", "1 PDF with 6 labels", "a single
    // large PDF", "a full PDF", "into one book" of several PDFs: one
    // document made of them.
    let several = sources.iter().filter(|f| **f == Format::Pdf).count() > 1;
    let one_document = several
        && (0..c.toks.len()).any(|k| {
            // ("the full pdf is too big": one there already.)
            let whole =
                c.is(k, &["full", "whole"]) && c.is(k.wrapping_sub(1), &["a", "one", "into"]);
            (c.is(k, &["one", "single", "same", "1", "cohesive", "combined"])
                || whole
                || c.num_at(k) == Some(1.0))
                && (k + 1..(k + 4).min(c.toks.len()))
                    .any(|j| c.is(j, &["pdf", "file", "document", "book", "booklet"]))
        });
    // "compress files in addition to splitting/merging them": what it does
    // already, named after "in addition to", is not asked.
    // ("... instead of only merging all pages": what it does instead.)
    let given = c
        .seq(&["in", "addition", "to"])
        .into_iter()
        .chain(c.seq(&["instead", "of"]))
        .min()
        .unwrap_or(c.toks.len());
    let merge = (0..given).any(|k| c.is(k, MERGE));
    // ("merge pages 1-3 only" of one PDF: those pages, one file.)
    let merge = merge && (several || pages.is_none());
    let op: Operation = if files.pdf && (merge || one_document) {
        MergePdfs {}.into()
    } else if let Some(to) = (!c.has(COMPRESS) || pictures_made(c))
        .then(|| picture_format(c))
        .flatten()
    {
        let pages = pages.or_else(|| c.has(THUMB).then(|| Pages::one(PageNo::Nth(1))));
        to_pictures(c, to, pages).into()
    } else if splits(c) {
        ExtractPages { pages, split: true }.into()
    } else if c.has(COMPRESS)
        || super::compress::app_named(c).is_some()
        || size_asked(c, Unit::Mb)
        || size_asked(c, Unit::Kb)
    {
        compress(c).into()
    } else if let Some(p) = pages
        .clone()
        // ("remove all pages except page 3", "all but the first": kept.)
        .filter(|_| drops(c) && !chooses(c) && !c.has(&["except", "but", "apart"]))
    {
        // "remove page 4", "delete the last page": the others are kept.
        c.take_all(DROP);
        c.take_all(&["page", "pages"]);
        out.push((at, Intent::DropPages(p)));
        return;
    } else if pages.is_some() && (chooses(c) || c.has(&["page", "pages"])) {
        ExtractPages {
            pages,
            split: false,
        }
        .into()
    } else if pages.is_none()
        && (chooses(c) && some_pages(c)
            || files.pdf && a_part(c) && (chooses(c) || c.has(&["need", "want"])))
    {
        // "extract a range of pages": which ones, not said.
        out.push((
            at,
            Intent::Need("say which pages, e.g. \"pages 2-5\"".into()),
        ));
        return;
    } else if pages.is_none()
        && files.pdf
        && drops(c)
        && c.has(&["page", "pages"])
        && !c.has(&["blank", "empty", "duplicate", "half"])
    {
        // "an option to delete pages from a PDF": which ones, not said.
        c.take_all(DROP);
        out.push((
            at,
            Intent::Need("say which pages to take out, e.g. \"remove pages 3-4\"".into()),
        ));
        return;
    } else if files.office && (says_pdf || c.has(&["convert", "export", "print"])) {
        OfficeToPdf {}.into()
    } else {
        return;
    };
    c.take_all(&[
        "pdf", "pdfs", "page", "pages", "convert", "turn", "make", "into", "save", "export",
        "file", "each", "one", "single", "per", "every", "all", "for", "print",
    ]);
    for words in [OFFICE, MERGE, SPLIT, COMPRESS, PICTURES, CHOOSE, THUMB] {
        c.take_all(words);
    }
    out.push(match op {
        Operation::OfficeToPdf(_) => (at, Intent::Op(op)),
        op => (at, Intent::OnPdf(op)),
    });
}

/// "I don't need page 5", "we don't want the last page": those pages go.
pub(super) fn unwanted(c: &mut Clause, sources: &[Format], out: &mut Found) -> bool {
    if !sources.contains(&Format::Pdf) || !c.has(&["need", "want", "needed", "wanted"]) {
        return false;
    }
    let at = c.find(&["page", "pages"]).unwrap_or(0);
    let Some(pages) = page_selection(c) else {
        return false;
    };
    c.take_all(&["page", "pages", "need", "want", "not"]);
    out.push((at, Intent::DropPages(pages)));
    true
}

/// The pages left when `dropped` go from the document in `files`.
pub(crate) fn pages_kept(dropped: &Pages, files: &[FileFacts]) -> Result<Pages, String> {
    let total = files
        .first()
        .and_then(|f| f.document.as_ref())
        .and_then(|d| d.pages)
        .ok_or("the page count of the document is not known")?;
    let gone = dropped.resolve(total)?;
    let kept: Vec<u32> = (1..=total).filter(|k| !gone.contains(k)).collect();
    if kept.is_empty() {
        return Err("that takes out every page".into());
    }
    // Runs of pages kept, as spans.
    let mut spans: Vec<Pages> = Vec::new();
    let mut start = kept[0];
    for w in kept.windows(2) {
        if w[1] != w[0] + 1 {
            spans.push(Pages::span(PageNo::Nth(start), PageNo::Nth(w[0])));
            start = w[1];
        }
    }
    spans.push(Pages::span(
        PageNo::Nth(start),
        PageNo::Nth(*kept.last().unwrap_or(&start)),
    ));
    Ok(Pages::join(spans))
}

/// `op` on `files`, office documents made PDFs first.
pub(crate) fn on_pdf(op: &Operation, files: &[FileFacts]) -> Vec<Operation> {
    if files.iter().any(|f| f.format.is_office()) {
        vec![OfficeToPdf {}.into(), op.clone()]
    } else {
        vec![op.clone()]
    }
}

/// A split asked: "split it", "burst the pdf", "into separate files"; not
/// "for every separate lecture" (the word describing a thing).
fn splits(c: &Clause) -> bool {
    // "save individual pages as pdf".
    // ("one PDF per page", "individual files": a file for each page.)
    let single = c
        .seq(&["individual", "pages"])
        .or_else(|| c.seq(&["single", "pages"]))
        .or_else(|| c.seq(&["individual", "files"]))
        .or_else(|| {
            c.seq(&["per", "page"])
                .filter(|&k| (k.saturating_sub(3)..k).any(|j| c.is(j, &["one", "a", "1"])))
        });
    single.is_some()
        || (0..c.toks.len()).any(|k| {
            c.is(k, SPLIT)
                && !(c.is(k, &["separate"])
                    && c.is(
                        k.wrapping_sub(1),
                        &[
                            "every", "a", "the", "each", "their", "its", "my", "our", "one",
                        ],
                    ))
        })
}

/// "put these photos into one pdf", "an A4 pdf of these scans".
fn pictures_to_pdf(c: &mut Clause, out: &mut Found) {
    let at = c.find(&["pdf", "pdfs"]).unwrap_or(0);
    let page_size = if c.has(&["a4"]) {
        PageSize::A4
    } else if c.has(&["letter"]) {
        PageSize::Letter
    } else {
        PageSize::Image
    };
    c.take_all(&[
        "pdf", "pdfs", "a4", "letter", "put", "make", "turn", "convert", "combine", "merge",
        "into", "one", "single", "save", "page", "pages", "size", "each", "scan", "scans",
        "document", "join", "together", "create", "all",
    ]);
    c.take_all(PICTURES);
    out.push((at, Intent::Op(ImagesToPdf { page_size }.into())));
}

/// "export the pages to jpg", "as images": pictures are what is made
/// ("compression by downsampling images" works on the pictures inside).
fn pictures_made(c: &Clause) -> bool {
    (0..c.toks.len()).any(|i| {
        let picture = c.is(i, PICTURES)
            || matches!(
                c.w(i).and_then(format_word),
                Some(FormatWord::Writable(
                    Format::Png | Format::Jpeg | Format::Webp | Format::Tiff | Format::Bmp
                ))
            );
        picture && (i.saturating_sub(2)..i).any(|k| c.is(k, &["to", "into", "as"]))
    })
}

/// A picture format asked for: a format word, or "images"/"pictures"
/// (PNG).
fn picture_format(c: &mut Clause) -> Option<Format> {
    for i in 0..c.toks.len() {
        if let Some(FormatWord::Writable(
            f @ (Format::Png | Format::Jpeg | Format::Webp | Format::Tiff | Format::Bmp),
        )) = c.w(i).and_then(format_word)
        {
            if !c.used[i] {
                c.take(i);
                return Some(f);
            }
        }
    }
    (c.has(PICTURES) || c.has(THUMB) || c.has(&["dpi", "ppi"])).then_some(Format::Png)
}

fn to_pictures(c: &mut Clause, format: Format, pages: Option<Pages>) -> PdfToImages {
    let mut dpi = None;
    if let Some(k) = c.find(&["dpi", "ppi"]) {
        if let Some((j, v)) = c.num_before(k, 1) {
            c.take(j);
            c.take(k);
            dpi = Some(v.round().clamp(0.0, 100_000.0) as u32);
        }
    }
    let mut width = None;
    if let Some((j, w)) = c.qty(Unit::Px) {
        c.take(j);
        width = Some(w.round().clamp(0.0, 100_000.0) as u32);
    } else if let Some(k) = c.find(&["wide", "width"]) {
        if let Some((j, w)) = c.num_before(k, 2).or_else(|| c.num_after(k, 2)) {
            c.take(j);
            c.take(k);
            width = Some(w.round().clamp(0.0, 100_000.0) as u32);
        }
    }
    c.take_all(&["wide", "width", "at", "as", "to"]);
    PdfToImages {
        format,
        pages,
        dpi,
        width,
        quality: None,
    }
}

/// "for email" (ebook), "as small as possible" (screen), "for print",
/// "under 2 MB".
/// A size alone asks for a smaller PDF, unless it tells the file's own
/// ("I had a 1.1 MB PDF file").
fn size_asked(c: &Clause, unit: Unit) -> bool {
    c.qty(unit).is_some_and(|(j, _)| {
        !c.is(
            j + 1,
            &[
                "pdf",
                "pdfs",
                "file",
                "files",
                "document",
                "documents",
                "scan",
            ],
        )
    })
}

fn compress(c: &mut Clause) -> CompressPdf {
    let level = if c.has(&["print", "printing", "printer", "quality"]) {
        CompressLevel::Print
    } else if c.has(&["screen", "smallest", "tiny", "maximum", "max"])
        || c.has_seq(&["as", "possible"])
    {
        CompressLevel::Screen
    } else {
        CompressLevel::Ebook
    };
    // "a 1.1 MB PDF ... below 200 KB": the size to reach, not the one it has.
    let sizes: Vec<(usize, f64)> = (0..c.toks.len())
        .filter(|&j| !c.used[j])
        .filter_map(|j| match c.toks[j].t {
            T::Qty(v, Unit::Mb) => Some((j, v)),
            T::Qty(v, Unit::Kb) => Some((j, crate::planner::tokens::kb_in_mb(v))),
            T::Qty(v, Unit::Gb) => Some((j, v * 1000.0)),
            _ => None,
        })
        .collect();
    let reached = |j: usize| {
        (j.saturating_sub(3)..j).any(|k| {
            c.is(
                k,
                &[
                    "under", "below", "to", "max", "maximum", "than", "within", "about", "around",
                ],
            )
        })
    };
    // "it's like 30mb": the size it has.
    let own = |j: usize| {
        !(j.saturating_sub(3)..j).any(|k| {
            c.is(
                k,
                &["under", "below", "to", "max", "maximum", "than", "within"],
            )
        }) && (j.saturating_sub(3)..j)
            .any(|k| c.is(k, &["is", "was", "are", "weighs", "currently", "has"]))
    };
    let target_mb = sizes
        .iter()
        .copied()
        .find(|&(j, _)| reached(j) && !own(j))
        .or_else(|| sizes.iter().copied().find(|&(j, _)| !own(j)));
    if let Some((j, _)) = target_mb {
        c.take(j);
    }
    c.take_all(&[
        "ebook", "screen", "print", "printing", "printer", "smallest", "maximum", "max", "size",
        "under", "below", "less", "than", "quality", "possible", "as", "much", "to",
    ]);
    CompressPdf {
        level,
        target_mb: target_mb.map(|(_, v)| v),
    }
}

/// "a range of pages", "some pages", "certain pages": pages meant, which
/// not said.
fn some_pages(c: &Clause) -> bool {
    (0..c.toks.len()).any(|k| {
        c.is(k, &["page", "pages"])
            && (k.saturating_sub(3)..k).any(|j| {
                c.is(
                    j,
                    &[
                        "range",
                        "some",
                        "certain",
                        "specific",
                        "selected",
                        "particular",
                        "few",
                    ],
                )
            })
    })
}

/// "only part of the document", "4 chapters": pages of a document, by
/// what they hold.
fn a_part(c: &Clause) -> bool {
    c.has(&[
        "part", "parts", "section", "sections", "chapter", "chapters", "portion",
    ])
}

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// "page 3", "pages 1-3", "pages 2 to 4", "the first page", "last page",
/// "the first 3 pages".
fn page_selection(c: &mut Clause) -> Option<Pages> {
    let k = c.find(&["page", "pages"])?;
    let num = |c: &Clause, i: usize| match c.toks.get(i).map(|t| &t.t) {
        Some(T::Num(v)) if !c.used[i] && *v >= 1.0 && v.fract() == 0.0 && *v < 1e6 => {
            Some(*v as u32)
        }
        // "page one", "page two".
        Some(T::Word(w)) if !c.used[i] && i > k => NUMBER_WORDS
            .iter()
            .position(|n| n == w)
            .map(|n| n as u32 + 1),
        _ => None,
    };
    if c.is(k.wrapping_sub(1), &["first"]) {
        c.take(k - 1);
        return Some(Pages::one(PageNo::Nth(1)));
    }
    if c.is(k.wrapping_sub(1), &["last"]) {
        c.take(k - 1);
        return Some(Pages::one(PageNo::Last));
    }
    // "the last two pages".
    if let Some(n) = num(c, k.wrapping_sub(1)).filter(|_| c.is(k.wrapping_sub(2), &["last"])) {
        c.take(k - 1);
        c.take(k - 2);
        return Some(Pages::span(PageNo::FromLast(n), PageNo::Last));
    }
    if let Some(n) = num(c, k.wrapping_sub(1)).filter(|_| c.is(k.wrapping_sub(2), &["first"])) {
        c.take(k - 1);
        c.take(k - 2);
        return Some(Pages::span(PageNo::Nth(1), PageNo::Nth(n)));
    }
    // "pages 2, 5 and 7-9": a list of pages and spans.
    let mut parts = Vec::new();
    let mut at = k + 1;
    while let Some(a) = num(c, at) {
        c.take(at);
        let mut j = at + 1;
        if c.is(j, &["to", "through", "until", "till"]) {
            j += 1;
        }
        let end = if c.is(j, &["last", "end"]) {
            Some(PageNo::Last)
        } else {
            num(c, j).map(PageNo::Nth)
        };
        match end {
            Some(b) => {
                for t in at + 1..=j {
                    c.take(t);
                }
                parts.push(Pages::span(PageNo::Nth(a), b));
                at = j + 1;
            }
            None => {
                parts.push(Pages::one(PageNo::Nth(a)));
                at += 1;
            }
        }
        let comma = matches!(
            c.toks.get(at).map(|t| (&t.t, t.orig.as_str())),
            Some((T::Sep, ","))
        );
        let next = if comma && c.is(at + 1, &["and", "&"]) {
            at + 2
        } else if comma || c.is(at, &["and", "&"]) {
            at + 1
        } else {
            break;
        };
        if num(c, next).is_none() {
            break;
        }
        for t in at..next {
            c.take(t);
        }
        at = next;
    }
    (!parts.is_empty()).then(|| Pages::join(parts))
}

/// Paper sizes by their name, in points (portrait).
const PAPER: &[(&str, u32, u32)] = &[
    ("A5", 420, 595),
    ("A4", 595, 842),
    ("A3", 842, 1191),
    ("Letter", 612, 792),
    ("Legal", 612, 1008),
];

/// A document described for a chat answer: pages, page size, text,
/// producer, encryption.
pub(crate) fn fact_line(f: &FileFacts) -> String {
    let doc = f.document.clone().unwrap_or_default();
    if f.format.is_office() {
        return format!(
            "{} is an office document ({}); I can make it into a PDF, then into pictures or a smaller PDF, or remove its author and other properties.",
            f.name,
            f.format.extension()
        );
    }
    let mut parts = Vec::new();
    match doc.pages {
        Some(1) => parts.push("1 page".into()),
        Some(n) => parts.push(format!("{n} pages")),
        None => {}
    }
    if let (Some(w), Some(h)) = (f.width, f.height) {
        let (short, long) = (w.min(h), w.max(h));
        let paper = PAPER
            .iter()
            .find(|(_, pw, ph)| short.abs_diff(*pw) <= 2 && long.abs_diff(*ph) <= 2)
            .map_or(String::new(), |(name, _, _)| format!("{name}, "));
        parts.push(format!(
            "{paper}{:.1}×{:.1} in ({w}×{h} pt) for the first page",
            f64::from(w) / 72.0,
            f64::from(h) / 72.0
        ));
    }
    parts.push(if doc.has_text {
        "with text (searchable)".into()
    } else {
        "without text (scanned pages or pictures only)".into()
    });
    if let Some(p) = &doc.producer {
        parts.push(format!("made by {p}"));
    }
    if doc.encrypted {
        parts.push("encrypted without a password (it opens as it is)".into());
    }
    format!("{} is a PDF: {}.", f.name, parts.join(", "))
}

/// Whether a question about `inputs` asks what a document is ("how many
/// pages?", "pdf info").
pub(crate) fn asks_about(words: &[&str], inputs: &[FileFacts]) -> bool {
    inputs.iter().any(|f| f.kind == MediaKind::Document)
        && words.iter().any(|w| {
            [
                "page",
                "pages",
                "pdf",
                "info",
                "size",
                "document",
                "producer",
                "text",
                "searchable",
                "encrypted",
                "password",
                "made",
            ]
            .contains(w)
        })
}

/// "rotate pages 2-3 by 90 degrees": the pages named are the ones turned,
/// not a selection kept apart. "some of them upside down" of a PDF: which
/// pages, asked.
pub(super) fn turned_pages(c: &Clause, out: &mut Found) {
    let rotate = out.iter().position(|(_, i)| {
        matches!(
            i,
            Intent::Op(Operation::Rotate(_)) | Intent::Default(Operation::Rotate(_))
        )
    });
    let some = c.sources.contains(&Format::Pdf)
        && c.has(&["some", "certain", "several", "few"])
        && !out.iter().any(|(_, i)| i.family() == Some("extract_pages"));
    if let (Some(r), true) = (rotate, some) {
        out[r].1 =
            Intent::Need("say which pages to turn, e.g. \"rotate pages 2-3 180 degrees\"".into());
        return;
    }
    let Some(k) = out.iter().position(|(_, i)| {
        matches!(
            i,
            Intent::Op(Operation::ExtractPages(ExtractPages {
                pages: Some(_),
                split: false
            })) | Intent::OnPdf(Operation::ExtractPages(ExtractPages {
                pages: Some(_),
                split: false
            }))
        )
    }) else {
        return;
    };
    let Some(r) = rotate else {
        return;
    };
    let (_, Intent::Op(Operation::ExtractPages(e)) | Intent::OnPdf(Operation::ExtractPages(e))) =
        out.remove(k)
    else {
        return;
    };
    let r = if r > k { r - 1 } else { r };
    if let (_, Intent::Op(Operation::Rotate(rot)) | Intent::Default(Operation::Rotate(rot))) =
        &mut out[r]
    {
        rot.pages = e.pages;
    }
}
