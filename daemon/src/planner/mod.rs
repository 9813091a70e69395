//! The planner: a user's sentence plus the facts of their files become a
//! checked pipeline of operations, a chat answer, or a clear refusal.
//! Pure and deterministic: no I/O, no network, no model.
//!
//! This first grammar knows two intents, "black and white" and "convert to
//! FORMAT", composed with "and"/"then"/commas; the shape of its answer
//! (plan → checked pipeline with commands → outputs) is the full one.

use serde::{Deserialize, Serialize};

use crate::media::ops::{check_pipeline, FileFacts, Format, Operation};

/// One planned step: the operation, what it does in words, and the command
/// line a user could run to do the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedStep {
    pub op: Operation,
    pub description: String,
    pub command: String,
}

/// What the planner made of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Plan {
    /// Run these steps, in order, each on the previous step's outputs.
    Command { steps: Vec<PlannedStep> },
    /// Answer in words; nothing to run.
    Chat { message: String },
    /// Not understood, or not possible: say why and what is possible.
    Refuse { message: String },
}

impl Plan {
    /// The planned command lines, joined as one shell line.
    pub fn description(&self) -> Option<String> {
        match self {
            Plan::Command { steps } => Some(
                steps
                    .iter()
                    .map(|s| s.command.as_str())
                    .collect::<Vec<_>>()
                    .join(" && "),
            ),
            _ => None,
        }
    }
}

const FORMATS: &[(&str, Format)] = &[
    ("png", Format::Png),
    ("jpg", Format::Jpeg),
    ("jpeg", Format::Jpeg),
    ("webp", Format::Webp),
    ("bmp", Format::Bmp),
    ("tiff", Format::Tiff),
    ("tif", Format::Tiff),
    ("gif", Format::Gif),
    ("mp4", Format::Mp4),
    ("webm", Format::Webm),
    ("mov", Format::Mov),
    ("mkv", Format::Mkv),
    ("mp3", Format::Mp3),
    ("m4a", Format::M4a),
    ("wav", Format::Wav),
    ("flac", Format::Flac),
    ("ogg", Format::Ogg),
];

const GRAY_WORDS: &[&str] = &[
    "grayscale",
    "greyscale",
    "gray scale",
    "grey scale",
    "monochrome",
    "desaturate",
    "colorless",
    "colourless",
];

/// Plan a request. `inputs` are the files it works on (uploaded, or the
/// previous outputs of its thread).
pub fn plan(prompt: &str, inputs: &[FileFacts]) -> Plan {
    let text = normalize(prompt);
    let mut ops = Vec::new();
    let mut unknown = Vec::new();
    for clause in clauses(&text) {
        match clause_op(&clause) {
            Some(op) => ops.push(op),
            None if is_filler(&clause) => {}
            None => unknown.push(clause),
        }
    }
    if ops.is_empty() {
        if is_question(prompt) {
            return Plan::Chat {
                message: answer(&text, inputs),
            };
        }
        return Plan::Refuse {
            message: format!(
                "I could not work out what to do with \"{}\". {}",
                prompt.trim().chars().take(200).collect::<String>(),
                CAN_DO
            ),
        };
    }
    if !unknown.is_empty() {
        return Plan::Refuse {
            message: format!(
                "I understood part of the request but not \"{}\", so I did nothing. {}",
                unknown.join(", "),
                CAN_DO
            ),
        };
    }
    if inputs.is_empty() {
        return Plan::Refuse {
            message: "This request needs a file: upload one and name it in `files`, or continue a thread that has one.".into(),
        };
    }
    match checked(inputs, ops) {
        Ok(steps) => Plan::Command { steps },
        Err(message) => Plan::Refuse { message },
    }
}

const CAN_DO: &str = "Right now I can make images and videos black and white, and convert between formats (png, jpg, webp, gif, bmp, tiff, mp4, webm, mov, mkv, mp3, m4a, wav, flac, ogg), for example \"make this black and white\" or \"convert to png\".";

/// Type-check the pipeline and attach each step's words and command line.
fn checked(inputs: &[FileFacts], ops: Vec<Operation>) -> Result<Vec<PlannedStep>, String> {
    let predicted =
        check_pipeline(inputs, &ops).map_err(|e| format!("That can't be done: {e}."))?;
    let mut current = inputs.to_vec();
    let mut steps = Vec::with_capacity(ops.len());
    for (op, outputs) in ops.into_iter().zip(predicted) {
        let out_name = outputs.first().map(|f| f.name.clone()).unwrap_or_default();
        let command = op
            .command_line(&current, &out_name)
            .map_err(|e| format!("That can't be done: {e}."))?;
        steps.push(PlannedStep {
            description: op.describe(),
            command,
            op,
        });
        current = outputs;
    }
    Ok(steps)
}

fn normalize(prompt: &str) -> String {
    let lower = prompt.to_lowercase();
    let lower = lower
        .replace("black and white", " grayscale ")
        .replace("black & white", " grayscale ")
        .replace("black-and-white", " grayscale ")
        .replace("b&w", " grayscale ")
        .replace("b/w", " grayscale ");
    lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == ',' || c == ';' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Split on "and", "then", "also", commas and semicolons.
fn clauses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let words = text.replace([',', ';'], " , ");
    for word in words.split_whitespace() {
        match word {
            "," | "and" | "then" | "also" | "after" | "afterwards" | "next" => {
                if !current.is_empty() {
                    out.push(current.join(" "));
                    current.clear();
                }
            }
            w => current.push(w.trim_end_matches('.')),
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

fn clause_op(clause: &str) -> Option<Operation> {
    if GRAY_WORDS.iter().any(|w| clause.contains(w))
        || clause
            .split_whitespace()
            .any(|w| w == "gray" || w == "grey" || w == "bw")
    {
        return Some(Operation::Grayscale);
    }
    let format = clause
        .split_whitespace()
        .find_map(|w| {
            FORMATS
                .iter()
                .find(|(name, _)| *name == w.trim_start_matches('.'))
        })
        .map(|(_, f)| *f)?;
    Some(Operation::Convert {
        to: format,
        quality: None,
    })
}

/// Words that carry no request on their own ("please", "thanks").
fn is_filler(clause: &str) -> bool {
    clause.split_whitespace().all(|w| {
        matches!(
            w,
            "please"
                | "thanks"
                | "thank"
                | "you"
                | "pls"
                | "this"
                | "it"
                | "that"
                | "the"
                | "file"
                | "image"
                | "photo"
                | "picture"
                | "video"
                | "for"
                | "me"
                | "can"
                | "could"
                | "hi"
                | "hey"
        )
    })
}

fn is_question(prompt: &str) -> bool {
    let p = prompt.trim().to_lowercase();
    p.ends_with('?')
        || [
            "what", "which", "how", "can you", "do you", "is it", "is this", "tell me",
        ]
        .iter()
        .any(|w| p.starts_with(w))
}

/// Answer a question about the files or about what kiln can do.
fn answer(text: &str, inputs: &[FileFacts]) -> String {
    let about_files = [
        "resolution",
        "size",
        "dimension",
        "how long",
        "duration",
        "format",
        "fps",
        "frame rate",
        "audio",
        "how big",
    ]
    .iter()
    .any(|w| text.contains(w));
    if about_files && !inputs.is_empty() {
        return inputs
            .iter()
            .map(describe_file)
            .collect::<Vec<_>>()
            .join(" ");
    }
    format!("I run file operations on the box, no upload elsewhere. {CAN_DO}")
}

fn describe_file(f: &FileFacts) -> String {
    let mut parts = vec![format!(
        "{} is {} ({})",
        f.name,
        f.kind.word(),
        f.format.extension()
    )];
    if let (Some(w), Some(h)) = (f.width, f.height) {
        parts.push(format!("{w}×{h} pixels"));
    }
    if let Some(d) = f.duration_secs {
        parts.push(format!("{d:.2} seconds long"));
    }
    if let Some(fps) = f.fps {
        parts.push(format!("{fps:.2} fps"));
    }
    if matches!(f.kind, crate::media::ops::MediaKind::Video) {
        parts.push(if f.has_audio {
            "with audio".into()
        } else {
            "without audio".into()
        });
    }
    format!("{}.", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(name: &str) -> FileFacts {
        let mut f = FileFacts::named(name, Format::Png);
        f.width = Some(64);
        f.height = Some(48);
        f
    }

    fn ops(plan: &Plan) -> Vec<Operation> {
        match plan {
            Plan::Command { steps } => steps.iter().map(|s| s.op.clone()).collect(),
            other => panic!("not a command: {other:?}"),
        }
    }

    #[test]
    fn black_and_white_in_many_words() {
        for prompt in [
            "make this black and white",
            "Make it B&W please",
            "convert to grayscale",
            "greyscale",
            "turn the photo black & white!",
            "monochrome it",
        ] {
            assert_eq!(
                ops(&plan(prompt, &[png("photo.png")])),
                vec![Operation::Grayscale],
                "{prompt}"
            );
        }
    }

    #[test]
    fn conversions_and_composition() {
        let p = plan(
            "convert to jpg and make it black and white",
            &[png("photo.png")],
        );
        assert_eq!(
            ops(&p),
            vec![
                Operation::Convert {
                    to: Format::Jpeg,
                    quality: None
                },
                Operation::Grayscale
            ]
        );
        let Plan::Command { steps } = &p else {
            unreachable!()
        };
        assert!(
            steps[0].command.contains("photo.png"),
            "{}",
            steps[0].command
        );
        assert!(steps[1].command.contains(".jpg"), "{}", steps[1].command);
        assert!(p.description().unwrap().contains(" && "));
        assert_eq!(
            ops(&plan("save as .webp", &[png("a.png")])),
            vec![Operation::Convert {
                to: Format::Webp,
                quality: None
            }]
        );
    }

    #[test]
    fn questions_get_answers_and_nonsense_gets_a_refusal() {
        match plan("what resolution is this?", &[png("photo.png")]) {
            Plan::Chat { message } => assert!(message.contains("64×48"), "{message}"),
            other => panic!("{other:?}"),
        }
        match plan("what can you do?", &[]) {
            Plan::Chat { message } => assert!(message.contains("convert"), "{message}"),
            other => panic!("{other:?}"),
        }
        match plan("summon a dragon", &[png("photo.png")]) {
            Plan::Refuse { message } => {
                assert!(message.contains("summon a dragon") && message.contains("black and white"))
            }
            other => panic!("{other:?}"),
        }
        match plan(
            "make it black and white and summon a dragon",
            &[png("photo.png")],
        ) {
            Plan::Refuse { message } => assert!(message.contains("summon a dragon")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            plan("make it black and white", &[]),
            Plan::Refuse { .. }
        ));
    }

    #[test]
    fn impossible_pipelines_are_refused_not_run() {
        let mut wav = FileFacts::named("song.wav", Format::Wav);
        wav.duration_secs = Some(3.0);
        assert!(matches!(
            plan("convert to png", &[wav]),
            Plan::Refuse { .. }
        ));
    }

    #[test]
    fn arbitrary_text_never_panics() {
        let long = "make it black and white then convert to png, ".repeat(50);
        for prompt in [
            "",
            " ",
            "🦀🦀",
            "and and and",
            ",,,;;",
            "then",
            &long,
            "to .",
            "?",
        ] {
            let _ = plan(prompt, &[png("x.png")]);
        }
    }
}
