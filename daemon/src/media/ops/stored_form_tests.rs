//! The stored form of [`Operation`]: steps live in job records and in the
//! API's plan JSON, so their serde form is pinned here byte for byte (tag,
//! field names and order, defaults filled in, omitted empty options,
//! unknown fields refused).

use super::Operation;

/// `(as written, as stored)`: what a client or an older record may hold,
/// and the exact JSON the step serializes to after reading it.
const FORMS: &[(&str, &str)] = &[
    (
        r#"{"op":"convert","to":"webm"}"#,
        r#"{"op":"convert","to":"webm"}"#,
    ),
    (
        r#"{"op":"convert","to":"jpeg","quality":80}"#,
        r#"{"op":"convert","to":"jpeg","quality":80}"#,
    ),
    (
        r#"{"op":"convert","codec":"hevc","to":"mp4"}"#,
        r#"{"op":"convert","to":"mp4","codec":"hevc"}"#,
    ),
    (
        r#"{"op":"convert","lossless":true,"to":"m4a"}"#,
        r#"{"op":"convert","to":"m4a","lossless":true}"#,
    ),
    (
        r#"{"op":"convert","to":"m4a","lossless":false}"#,
        r#"{"op":"convert","to":"m4a"}"#,
    ),
    (
        r#"{"op":"compress","quality":"high"}"#,
        r#"{"op":"compress","quality":"high"}"#,
    ),
    (
        r#"{"op":"compress","target_mb":8.5}"#,
        r#"{"op":"compress","target_mb":8.5}"#,
    ),
    (
        r#"{"op":"scale","width":640}"#,
        r#"{"op":"scale","width":640,"keep_aspect":true}"#,
    ),
    (
        r#"{"op":"scale","keep_aspect":false,"height":480,"width":640}"#,
        r#"{"op":"scale","width":640,"height":480,"keep_aspect":false}"#,
    ),
    (
        r#"{"op":"scale","percent":50}"#,
        r#"{"op":"scale","percent":50.0,"keep_aspect":true}"#,
    ),
    (
        r#"{"op":"scale","resolution":"720p"}"#,
        r#"{"op":"scale","resolution":"720p","keep_aspect":true}"#,
    ),
    (
        r#"{"op":"scale","width":1080,"height":1920,"fill":true}"#,
        r#"{"op":"scale","width":1080,"height":1920,"keep_aspect":true,"fill":true}"#,
    ),
    (
        r#"{"op":"crop","rect":{"x":1,"y":2,"width":30,"height":40}}"#,
        r#"{"op":"crop","rect":{"x":1,"y":2,"width":30,"height":40}}"#,
    ),
    (
        r#"{"op":"crop","aspect":"9:16"}"#,
        r#"{"op":"crop","aspect":"9:16"}"#,
    ),
    (r#"{"op":"crop_borders"}"#, r#"{"op":"crop_borders"}"#),
    (
        r#"{"op":"pad","aspect":"9:16"}"#,
        r#"{"op":"pad","aspect":"9:16","color":"black"}"#,
    ),
    (
        r#"{"op":"pad","border":24,"color":"white"}"#,
        r#"{"op":"pad","border":24,"color":"white"}"#,
    ),
    (
        r#"{"op":"pad","color":"transparent","height":630,"width":1200}"#,
        r#"{"op":"pad","width":1200,"height":630,"color":"transparent"}"#,
    ),
    (
        r#"{"degrees":90,"op":"rotate"}"#,
        r#"{"op":"rotate","degrees":90}"#,
    ),
    (
        r#"{"op":"flip","direction":"horizontal"}"#,
        r#"{"op":"flip","direction":"horizontal"}"#,
    ),
    (
        r#"{"op":"trim","start":1.0,"end":2.5}"#,
        r#"{"op":"trim","start":1.0,"end":2.5}"#,
    ),
    (
        r#"{"op":"trim","duration":3}"#,
        r#"{"op":"trim","duration":3.0}"#,
    ),
    (r#"{"op":"trim","last":4.5}"#, r#"{"op":"trim","last":4.5}"#),
    (
        r#"{"op":"trim","start":1,"duration":2}"#,
        r#"{"op":"trim","start":1.0,"duration":2.0}"#,
    ),
    (
        r#"{"op":"trim_silence"}"#,
        r#"{"op":"trim_silence","threshold_db":-50.0}"#,
    ),
    (
        r#"{"op":"trim_silence","ends":"start"}"#,
        r#"{"op":"trim_silence","threshold_db":-50.0,"ends":"start"}"#,
    ),
    (
        r#"{"op":"speed","factor":1.5}"#,
        r#"{"op":"speed","factor":1.5}"#,
    ),
    (r#"{"op":"reverse"}"#, r#"{"op":"reverse"}"#),
    (
        r#"{"op":"change_fps","fps":24}"#,
        r#"{"op":"change_fps","fps":24.0}"#,
    ),
    (
        r#"{"op":"extract_audio"}"#,
        r#"{"op":"extract_audio","to":"mp3"}"#,
    ),
    (
        r#"{"op":"extract_audio","to":"wav"}"#,
        r#"{"op":"extract_audio","to":"wav"}"#,
    ),
    (r#"{"op":"remove_audio"}"#, r#"{"op":"remove_audio"}"#),
    (
        r#"{"op":"volume","factor":0.5}"#,
        r#"{"op":"volume","factor":0.5}"#,
    ),
    (r#"{"op":"volume","db":-3}"#, r#"{"op":"volume","db":-3.0}"#),
    (r#"{"op":"normalize"}"#, r#"{"op":"normalize"}"#),
    (
        r#"{"op":"normalize","lufs":-14}"#,
        r#"{"op":"normalize","lufs":-14.0}"#,
    ),
    (
        r#"{"op":"shift_audio","seconds":-0.3}"#,
        r#"{"op":"shift_audio","seconds":-0.3}"#,
    ),
    (r#"{"op":"grayscale"}"#, r#"{"op":"grayscale"}"#),
    (
        r#"{"op":"adjust"}"#,
        r#"{"op":"adjust","brightness":0.0,"contrast":1.0,"saturation":1.0}"#,
    ),
    (
        r#"{"op":"adjust","saturation":0.8,"brightness":0.2,"contrast":1.5}"#,
        r#"{"op":"adjust","brightness":0.2,"contrast":1.5,"saturation":0.8}"#,
    ),
    (r#"{"op":"negate"}"#, r#"{"op":"negate"}"#),
    (r#"{"op":"flatten"}"#, r#"{"op":"flatten","color":"white"}"#),
    (r#"{"op":"to_gif"}"#, r#"{"op":"to_gif"}"#),
    (
        r#"{"op":"to_gif","fps":10,"width":320}"#,
        r#"{"op":"to_gif","fps":10,"width":320}"#,
    ),
    (
        r#"{"op":"frames","at":1.5}"#,
        r#"{"op":"frames","at":1.5,"format":"png"}"#,
    ),
    (
        r#"{"op":"frames","every":2,"format":"jpeg"}"#,
        r#"{"op":"frames","every":2.0,"format":"jpeg"}"#,
    ),
    (
        r#"{"op":"frames","count":5}"#,
        r#"{"op":"frames","count":5,"format":"png"}"#,
    ),
    (r#"{"op":"concat"}"#, r#"{"op":"concat"}"#),
    (
        r#"{"op":"watermark","text":"Kiln 2026"}"#,
        r#"{"op":"watermark","text":"Kiln 2026","position":"bottom_right","opacity":0.7}"#,
    ),
    (
        r#"{"op":"watermark","position":"top_left","opacity":0.5}"#,
        r#"{"op":"watermark","position":"top_left","opacity":0.5}"#,
    ),
    (
        r#"{"op":"slideshow"}"#,
        r#"{"op":"slideshow","seconds_per_image":3.0,"width":1280,"height":720,"fps":25}"#,
    ),
    (
        r#"{"op":"slideshow","seconds_per_image":2,"width":640,"height":360,"fps":30}"#,
        r#"{"op":"slideshow","seconds_per_image":2.0,"width":640,"height":360,"fps":30}"#,
    ),
    (r#"{"op":"thumbnail"}"#, r#"{"op":"thumbnail","max":256}"#),
    (
        r#"{"op":"thumbnail","max":128}"#,
        r#"{"op":"thumbnail","max":128}"#,
    ),
    (r#"{"op":"auto_orient"}"#, r#"{"op":"auto_orient"}"#),
    (r#"{"op":"blur","sigma":2}"#, r#"{"op":"blur","sigma":2.0}"#),
    (r#"{"op":"sharpen"}"#, r#"{"op":"sharpen","sigma":1.0}"#),
    (
        r#"{"op":"sharpen","sigma":2.5}"#,
        r#"{"op":"sharpen","sigma":2.5}"#,
    ),
    (r#"{"op":"optimize_png"}"#, r#"{"op":"optimize_png"}"#),
    (r#"{"op":"strip_metadata"}"#, r#"{"op":"strip_metadata"}"#),
    (
        r#"{"op":"cut","start":5,"end":8}"#,
        r#"{"op":"cut","start":5.0,"end":8.0}"#,
    ),
    (
        r#"{"op":"split","every":600}"#,
        r#"{"op":"split","every":600.0}"#,
    ),
    (r#"{"op":"split","parts":3}"#, r#"{"op":"split","parts":3}"#),
    (
        r#"{"op":"split","at":[90,180]}"#,
        r#"{"op":"split","at":[90.0,180.0]}"#,
    ),
    (
        r#"{"op":"fade","fade_out":2}"#,
        r#"{"op":"fade","fade_out":2.0}"#,
    ),
    (r#"{"op":"loop","times":3}"#, r#"{"op":"loop","times":3}"#),
    (r#"{"op":"boomerang"}"#, r#"{"op":"boomerang"}"#),
    (
        r#"{"op":"remux","to":"mkv"}"#,
        r#"{"op":"remux","to":"mkv"}"#,
    ),
    (
        r#"{"op":"audio_settings","sample_rate":44100,"channels":1}"#,
        r#"{"op":"audio_settings","channels":1,"sample_rate":44100}"#,
    ),
    (r#"{"op":"quantize"}"#, r#"{"op":"quantize"}"#),
    (
        r#"{"op":"quantize","colors":64}"#,
        r#"{"op":"quantize","colors":64}"#,
    ),
    (
        r#"{"op":"pdf_to_images"}"#,
        r#"{"op":"pdf_to_images","format":"png"}"#,
    ),
    (
        r#"{"op":"pdf_to_images","format":"jpeg","pages":"1-3,last","dpi":300,"quality":80}"#,
        r#"{"op":"pdf_to_images","format":"jpeg","pages":"1-3,last","dpi":300,"quality":80}"#,
    ),
    (
        r#"{"op":"pdf_to_images","width":800,"pages":"2"}"#,
        r#"{"op":"pdf_to_images","format":"png","pages":"2","width":800}"#,
    ),
    (r#"{"op":"office_to_pdf"}"#, r#"{"op":"office_to_pdf"}"#),
    (
        r#"{"op":"compress_pdf"}"#,
        r#"{"op":"compress_pdf","level":"ebook"}"#,
    ),
    (
        r#"{"op":"compress_pdf","target_mb":2}"#,
        r#"{"op":"compress_pdf","level":"ebook","target_mb":2.0}"#,
    ),
    (
        r#"{"op":"images_to_pdf"}"#,
        r#"{"op":"images_to_pdf","page_size":"image"}"#,
    ),
    (
        r#"{"op":"images_to_pdf","page_size":"a4"}"#,
        r#"{"op":"images_to_pdf","page_size":"a4"}"#,
    ),
    (r#"{"op":"merge_pdfs"}"#, r#"{"op":"merge_pdfs"}"#),
    (
        r#"{"op":"extract_pages","pages":"3"}"#,
        r#"{"op":"extract_pages","pages":"3","split":false}"#,
    ),
    (
        r#"{"op":"extract_pages","split":true}"#,
        r#"{"op":"extract_pages","split":true}"#,
    ),
];

/// Forms that must be refused: unknown fields on steps with parameters,
/// unknown, duplicated or missing tags, missing required parameters.
const REFUSED: &[&str] = &[
    r#"{"op":"rotate","degrees":90,"path":"/etc"}"#,
    r#"{"op":"scale","width":640,"keep":true}"#,
    r#"{"op":"format_disk"}"#,
    r#"{"degrees":90}"#,
    r#"{"op":"rotate"}"#,
    r#"{"op":"blur"}"#,
    r#"{"op":"convert"}"#,
    r#"{"op":"Grayscale"}"#,
    r#"{"op":"grayscale","op":"reverse"}"#,
    r#""grayscale""#,
    r#"{"op":"pdf_to_images","pages":"0"}"#,
    r#"{"op":"extract_pages","pages":"1;rm"}"#,
    r#"{"op":"compress_pdf","level":"extreme"}"#,
];

#[test]
fn every_operation_keeps_its_stored_form() {
    for (written, stored) in FORMS {
        let op: Operation = serde_json::from_str(written)
            .unwrap_or_else(|e| panic!("{written} no longer reads: {e}"));
        assert_eq!(serde_json::to_string(&op).unwrap(), *stored, "{written}");
        let again: Operation = serde_json::from_str(stored).unwrap();
        assert_eq!(again, op, "{stored}");
        assert_eq!(serde_json::to_string(&again).unwrap(), *stored);
        // The value form (as plans are embedded in other records) agrees.
        let value = serde_json::to_value(&op).unwrap();
        let expected: serde_json::Value = serde_json::from_str(stored).unwrap();
        assert_eq!(value, expected, "{written}");
        assert_eq!(serde_json::from_value::<Operation>(value).unwrap(), op);
    }
}

#[test]
fn unknown_fields_and_tags_are_refused() {
    for form in REFUSED {
        assert!(
            serde_json::from_str::<Operation>(form).is_err(),
            "{form} should be refused"
        );
    }
}

/// Steps without parameters have always read past extra fields (serde's
/// unit variants of an internally tagged enum ignore them); kept as it was.
const LENIENT: &[(&str, &str)] = &[
    (r#"{"op":"grayscale","x":1}"#, r#"{"op":"grayscale"}"#),
    (r#"{"op":"reverse","path":"/etc"}"#, r#"{"op":"reverse"}"#),
    (r#"{"path":"/etc","op":"concat"}"#, r#"{"op":"concat"}"#),
    (r#"{"op":"negate","x":1}"#, r#"{"op":"negate"}"#),
];

#[test]
fn steps_without_parameters_read_past_extra_fields() {
    for (written, stored) in LENIENT {
        let op: Operation = serde_json::from_str(written).unwrap();
        assert_eq!(serde_json::to_string(&op).unwrap(), *stored);
    }
}

#[test]
fn every_operation_is_pinned() {
    let mut pinned: Vec<String> = FORMS
        .iter()
        .map(|(_, stored)| {
            let v: serde_json::Value = serde_json::from_str(stored).unwrap();
            let tag = v["op"].as_str().unwrap().to_string();
            let op: Operation = serde_json::from_str(stored).unwrap();
            assert_eq!(op.name(), tag, "{stored}");
            tag
        })
        .collect();
    pinned.dedup();
    let listed: Vec<&str> = super::CATALOG.iter().map(|info| info.name).collect();
    assert_eq!(
        pinned, listed,
        "one stored form per operation, in registry order"
    );
}
