//! A client generated from `/openapi.json` with openapi-python-client runs
//! both published workflows fully typed: the document is what generators
//! trust, so it must describe exactly what the daemon sends and takes.

use std::path::Path;
use std::process::Command;

use kiln_tests::client::get;
use kiln_tests::{assert_success, make_clip, make_png, Daemon};

const DRIVER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/generated_client.py");

/// mypy settings: everything generated from the document is checked; the
/// generator's own transport module has a typing bug of its own (its
/// context-manager passthrough), unrelated to the document.
const MYPY_INI: &str = "[mypy]\n\n[mypy-kiln_client.client]\ndisable_error_code = arg-type\n";

fn run(what: &str, cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e} (make test installs it)"));
    assert_success(what, &out);
}

#[tokio::test]
async fn a_generated_python_client_runs_both_workflows_typed() {
    let d = Daemon::start();
    let key = d.account_with("generated", 100, 100);
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();

    let (status, spec) = get(&d, None, "/openapi.json").await;
    assert_eq!(status, 200);
    let spec_path = work.join("openapi.json");
    std::fs::write(&spec_path, serde_json::to_vec(&spec).unwrap()).unwrap();
    run(
        "openapi-python-client generate",
        Command::new("python3")
            .current_dir(work)
            .args(["-m", "openapi_python_client", "generate"])
            .args(["--meta", "none", "--output-path", "kiln_client"])
            .arg("--path")
            .arg(&spec_path),
    );
    let generated = work.join("kiln_client");
    assert!(generated.join("api/files/files_create_job.py").exists());

    std::fs::write(work.join("mypy.ini"), MYPY_INI).unwrap();
    run(
        "mypy on the generated client",
        Command::new("python3").current_dir(work).args([
            "-m",
            "mypy",
            "--config-file",
            "mypy.ini",
            "kiln_client",
        ]),
    );
    run(
        "mypy --strict on the workflow driver",
        Command::new("python3")
            .current_dir(work)
            .env("MYPYPATH", work)
            .args(["-m", "mypy", "--strict", "--follow-imports=silent"])
            .arg(DRIVER),
    );

    let clip = make_clip(work, "clip.mp4", 2.0, 30, (320, 240), true);
    let picture = make_png(work, "photo.png", 64, 48);
    let out = Command::new("python3")
        .env("PYTHONPATH", work)
        .arg(DRIVER)
        .arg(d.url(""))
        .arg(&key)
        .args([path(&clip), path(&picture)])
        .output()
        .expect("python3");
    assert_success("the workflows through the generated client", &out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("both workflows ran typed"));
    d.assert_audit_clean();
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}
