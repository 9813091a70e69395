//! `strip_metadata`: a still without its EXIF and other metadata; a video
//! without its tags (creation time, location, device), streams copied; an
//! audio file without its tags (title, artist, album...) and its cover art,
//! the sound copied; a PDF without its document information and XMP
//! metadata; an office document without its document properties.

use ::image::DynamicImage;
use serde::{Deserialize, Serialize};

use std::path::PathBuf;

use super::command::file_arg;
use super::document::{self, DocJob};
use super::image::Encoding;
use super::op::Op;
use super::plan::Draft;
use super::{FileFacts, Format, MediaKind, OpError};
use crate::media::{docs, MediaError};

/// JPEG quality of a still written again without its metadata.
const JPEG_QUALITY: u8 = 95;

/// Stills: drop EXIF and other metadata (pixels re-encoded in the same
/// format; JPEG at quality 95). Videos: the streams copied into the same
/// container without the file's and the streams' tags (the picture's
/// rotation is kept: it is how the video is shown, not a tag). Audio
/// (mp3, m4a, flac, ogg, wav...): the sound copied into the same format
/// without the tags and without the embedded cover art (a picture stored
/// as an attached-picture stream, which is not copied). PDFs: the
/// document information (title, author, creator, producer, dates) and the
/// XMP metadata dropped, the pages kept as they are. Office documents
/// (docx, xlsx, pptx, odt, ods, odp): the document properties (author,
/// last modified by, title, company, dates...) emptied, every other part
/// copied as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StripMetadata {}

impl Op for StripMetadata {
    const NAME: &'static str = "strip_metadata";
    const SUMMARY: &'static str = "Drop EXIF, GPS and other metadata (pictures; videos are copied without their tags; audio without its tags and cover art; PDFs and office documents without their author, title and other document properties).";
    const ACCEPTS: &'static [MediaKind] = &[
        MediaKind::Image,
        MediaKind::Gif,
        MediaKind::Video,
        MediaKind::Audio,
        MediaKind::Document,
    ];
    const GIF_AS_STILL: bool = true;

    fn describe(&self) -> String {
        "Remove metadata".into()
    }

    fn suffix(&self) -> String {
        "_clean".into()
    }

    fn predict(&self, input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
        // The streams are copied as they are.
        out.video_codec = input.video_codec.clone();
        out.audio_codec = input.audio_codec.clone();
        if input.kind == MediaKind::Audio {
            return audio_output(input, out);
        }
        if input.kind == MediaKind::Document {
            if props_kept_in_zip(input.format) {
                return Ok(());
            }
            return document::need_pdf("remove its metadata", input);
        }
        if input.kind != MediaKind::Video {
            return Ok(());
        }
        match &input.video_codec {
            Some(codec) if !super::remux::holds(out.format, codec) => Err(OpError::Invalid(format!(
                "{} holds {codec} video, which a {} file cannot hold without encoding it again",
                input.name,
                out.format.extension()
            ))),
            _ => Ok(()),
        }
    }

    fn shape(&self, plan: &mut Draft) -> Result<(), OpError> {
        super::remux::copy_streams(plan);
        Ok(())
    }

    fn still(&self, img: DynamicImage) -> Result<DynamicImage, MediaError> {
        Ok(img)
    }

    fn encoding(&self) -> Encoding {
        Encoding {
            quality: Some(JPEG_QUALITY),
            ..Encoding::default()
        }
    }

    fn document(&self, job: &mut DocJob) -> Result<Vec<PathBuf>, MediaError> {
        let input = job.inputs[0].clone();
        if props_kept_in_zip(job.facts[0].format) {
            return job.one_file(|out| docs::strip_office_metadata(&input, out));
        }
        job.one_file(|out| docs::strip_pdf_metadata(&input, out))
    }

    fn document_command(&self, inputs: &[FileFacts], output: &str) -> Result<String, OpError> {
        if props_kept_in_zip(inputs[0].format) {
            // MAT2 empties the same property parts.
            return Ok(format!(
                "mat2 --inplace {0} && mv {0} {1}",
                file_arg(&inputs[0].name),
                file_arg(output)
            ));
        }
        Ok(format!(
            "qpdf --remove-info --remove-metadata {} {}",
            file_arg(&inputs[0].name),
            file_arg(output)
        ))
    }

    fn magick(&self, _input: &FileFacts, out_format: Format) -> Result<Vec<String>, OpError> {
        let mut args = vec!["-strip".to_string()];
        if out_format == Format::Jpeg {
            args.extend(["-quality".into(), JPEG_QUALITY.to_string()]);
        }
        Ok(args)
    }
}

/// Office formats that keep their properties in parts of a zip kiln can
/// empty: Office Open XML and OpenDocument (not the older binary `doc`,
/// `xls`, `ppt` or `rtf`).
fn props_kept_in_zip(format: Format) -> bool {
    matches!(
        format,
        Format::Docx | Format::Xlsx | Format::Pptx | Format::Odt | Format::Ods | Format::Odp
    )
}

/// The output of audio copied as it is: the sound in the input's own
/// format (audio in a video container stays audio); formats kiln does not
/// write (ADTS AAC, AIFF...) are refused, as the sound could only be
/// encoded again.
fn audio_output(input: &FileFacts, out: &mut FileFacts) -> Result<(), OpError> {
    if !input.format.is_audio() && !input.format.is_video_container() {
        return Err(OpError::Invalid(format!(
            "{} is in a format kiln does not write, so its sound cannot be copied without its tags; converting it to mp3, m4a, wav, flac or ogg drops the tags too",
            input.name
        )));
    }
    out.kind = MediaKind::Audio;
    Ok(())
}
