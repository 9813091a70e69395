//! Hostile documents through the file API: truncated, bit-flipped, deeply
//! nested, a 10,000-page claim, password-protected, billion laughs and a
//! zip bomb in .docx. Each is refused at upload or fails its job with a
//! clear error, the daemon stays up, and nothing is charged for failures.

use kiln_tests::files;
use kiln_tests::{http, Daemon};
use kilnd::media::docs::testdoc;

fn flip_bits(mut bytes: Vec<u8>, every: usize) -> Vec<u8> {
    let mut i = 64;
    while i < bytes.len() {
        bytes[i] ^= 0x5a;
        i += every;
    }
    bytes
}

#[tokio::test]
async fn hostile_documents_fail_clearly_and_kilnd_stays_up() {
    let d = Daemon::start_with_env(&[("KILN_WORKERS__MEMORY_MB", "2048")]);
    let key = d.account_with("mallory", 0, 100);
    let pdf = testdoc::pdf(&["page one", "page two"], Some(300));
    let docx = testdoc::docx(&["hello"]);
    let corpus: Vec<(&str, &str, Vec<u8>)> = vec![
        ("truncated pdf", "x.pdf", pdf[..pdf.len() / 2].to_vec()),
        ("bit-flipped pdf", "x.pdf", flip_bits(pdf.clone(), 7)),
        ("nested pdf", "x.pdf", testdoc::pdf_nested(200_000)),
        (
            "10,000-page claim",
            "x.pdf",
            testdoc::pdf_claiming_pages(10_000),
        ),
        ("password-protected pdf", "x.pdf", testdoc::pdf_encrypted()),
        ("header-only pdf", "x.pdf", b"%PDF-1.7\n".to_vec()),
        (
            "billion laughs docx",
            "x.docx",
            testdoc::docx_billion_laughs(),
        ),
        ("zip bomb docx", "x.docx", testdoc::docx_zip_bomb()),
        ("truncated docx", "x.docx", docx[..docx.len() / 2].to_vec()),
        ("bit-flipped docx", "x.docx", flip_bits(docx, 5)),
    ];
    for (what, name, bytes) in corpus {
        let (status, body) = files::upload_bytes(&d, &key, bytes).await;
        match status {
            400 | 402 => assert!(body["error"]["code"].is_string(), "{what}: {body}"),
            200 => {
                let storage = body["storageId"].as_str().unwrap();
                for prompt in ["turn it into jpgs", "compress it"] {
                    let job = files::run(&d, &key, prompt, storage, name).await;
                    assert!(
                        job["status"] == "succeeded" || job["error"]["code"].is_string(),
                        "{what}: {job}"
                    );
                }
            }
            other => panic!("{what}: upload answered {other}: {body}"),
        }
    }
    assert_eq!(
        http().get(d.url("/healthz")).send().await.unwrap().status(),
        200
    );
    d.assert_audit_clean();
    assert!(!d.log().contains("panicked"), "{}", d.log());
}
