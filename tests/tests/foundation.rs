//! The foundation slice: an operator makes an account and key with the real
//! `kiln` CLI, a client calls the real `kilnd` over HTTP with it.

use kiln_tests::client::get_me;
use kiln_tests::{assert_success, command, http, kilnd_bin, Daemon};
use serde_json::Value;

#[tokio::test]
async fn operator_key_works_until_revoked_and_accounts_survive_restart() {
    let mut d = Daemon::start();

    let key = d.kiln_ok(&["account", "create", "acme", "--xeconds", "30"]);
    let key = key.trim().to_string();
    assert_eq!(key.lines().count(), 1, "the key alone on stdout: {key:?}");
    assert!(key.starts_with("kiln_live_"), "{key}");

    d.kiln_ok(&["credits", "grant", "acme", "100", "--paid"]);

    let (status, me) = get_me(&d, &key).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["name"], "acme");
    assert_eq!(me["balance"]["free_xeconds"], 30);
    assert_eq!(me["balance"]["paid_xeconds"], 100);
    assert_eq!(me["balance"]["total_xeconds"], 130);
    assert_eq!(me["api_key"]["state"], "active");
    assert!(key.starts_with(me["api_key"]["prefix"].as_str().unwrap()));

    // A second key, so the account keeps one after the revoke.
    let second = d.kiln_ok(&["key", "create", "acme"]).trim().to_string();
    let listed = d.kiln_ok(&["key", "list", "acme"]);
    assert!(
        listed.contains(&key[..18]) && listed.contains(&second[..18]),
        "{listed}"
    );
    assert!(
        !listed.contains(&key[18..]),
        "key list must never show the secret"
    );

    d.kiln_ok(&["key", "revoke", &key[..18]]);
    let (status, body) = get_me(&d, &key).await;
    assert_eq!(status, 401);
    assert!(
        body["detail"].as_str().unwrap().contains("API key"),
        "{body}"
    );

    d.restart();

    let (status, me) = get_me(&d, &second).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["balance"]["total_xeconds"], 130);
    let (status, _) = get_me(&d, &key).await;
    assert_eq!(status, 401, "a revoked key stays revoked after restart");

    let accounts: Value = serde_json::from_str(&d.kiln_ok(&["--json", "account", "list"])).unwrap();
    let acme = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "acme")
        .expect("acme listed");
    assert_eq!(acme["balance"]["free"], 30);
    assert_eq!(acme["balance"]["paid"], 100);
    assert_eq!(acme["active_keys"], 1);
}

#[tokio::test]
async fn first_start_creates_admin_once() {
    let mut d = Daemon::start();
    let admin_key = d.first_key();
    let (status, me) = get_me(&d, &admin_key).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["name"], "admin");
    assert!(
        d.log().contains(&admin_key),
        "the key is shown in the first-start banner"
    );
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(d.data.join("first-api-key"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
    let socket_mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(d.socket()).unwrap().permissions(),
    );
    assert_eq!(socket_mode & 0o777, 0o660);

    std::fs::remove_file(d.data.join("first-api-key")).unwrap();
    d.restart();
    assert!(
        !d.data.join("first-api-key").exists(),
        "later starts create no admin and write no key"
    );
    let listed = d.kiln_ok(&["account", "list"]);
    assert_eq!(listed.matches("admin").count(), 1, "{listed}");
}

#[tokio::test]
async fn each_api_answers_errors_in_its_own_dialect() {
    let d = Daemon::start();
    let client = http();

    let r = client.get(d.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = client.get(d.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ready");

    let r = client.get(d.url("/me")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let body: Value = r.json().await.unwrap();
    assert!(body["detail"].is_string(), "{body}");

    let r = client
        .get(d.url("/me"))
        .header("Authorization", "Bearer kiln_live_not-a-real-key")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    let r = client.get(d.url("/no/such/thing")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let body: Value = r.json().await.unwrap();
    assert!(body["detail"].is_string(), "{body}");

    let r = client.get(d.url("/api/v1/no-such")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found", "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");

    let r = client.delete(d.url("/me")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    let body: Value = r.json().await.unwrap();
    assert!(body["detail"].is_string(), "{body}");
}

#[test]
fn operator_errors_are_clear() {
    let d = Daemon::start();
    let out = d.kiln(&["account", "create", "has space"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("account name"), "{err}");

    let out = d.kiln(&["account", "create", "x", "--plan", "platinum"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown plan"));

    let out = d.kiln(&["credits", "grant", "nobody", "5"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not found"));

    let out = command(&kiln_tests::kiln_bin())
        .args(["--socket", "/nonexistent/kiln.sock", "account", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is kilnd running?"), "{err}");
    assert!(err.contains("/nonexistent/kiln.sock"), "{err}");
}

#[test]
fn one_daemon_per_data_dir_and_sigterm_exits_cleanly() {
    let mut d = Daemon::start();
    let out = command(&kilnd_bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&d.data)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "a second kilnd on the same data dir must refuse"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("another kilnd"), "{err}");

    assert_eq!(d.stop(), Some(0));
    assert!(
        !d.socket().exists(),
        "the control socket is removed on exit"
    );
}

#[test]
fn check_config_prints_effective_settings_and_rejects_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kilnd.toml");
    std::fs::write(
        &file,
        "data_dir = \"/srv/kiln\"\n[http]\nlisten = \"0.0.0.0:9000\"\n",
    )
    .unwrap();
    let out = command(&kilnd_bin())
        .args(["check-config", "--config"])
        .arg(&file)
        .env("KILN_HTTP__REQUEST_TIMEOUT_SECS", "9")
        .output()
        .unwrap();
    assert_success("kilnd check-config", &out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("listen = \"0.0.0.0:9000\""), "{text}");
    assert!(text.contains("request_timeout_secs = 9"), "{text}");
    assert!(text.contains("/srv/kiln/control.sock"), "{text}");

    std::fs::write(&file, "[http]\nlisten = \"nowhere\"\n").unwrap();
    let out = command(&kilnd_bin())
        .args(["check-config", "--config"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("http.listen"));

    for bin in [kilnd_bin(), kiln_tests::kiln_bin()] {
        let out = command(&bin).arg("--version").output().unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
    }
}
