//! The `accord` binary, run as a person would run it, on real files.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const PASS: &str = "priya's long passphrase";

fn accord(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("ACCORD_DATA_DIR")
        .env_remove("ACCORD_PASSPHRASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run accord");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn refused(out: &Output, code: i32, says: &str) {
    assert_eq!(out.status.code(), Some(code), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    if code != 2 {
        assert!(err.starts_with("accord: ") && err.lines().count() == 1, "one line a person reads: {err}");
    }
    assert!(err.contains(says), "expected {says:?} in {err}");
}

fn init(dir: &Path) {
    let out = accord(
        dir,
        &["init", "--name", "Priya Raman", "--role", "pm", "--roadmap", "Checkout 2027", "--passphrase-stdin"],
        &format!("{PASS}\n"),
    );
    let text = ok(&out);
    assert!(text.contains("Set up \u{201c}Checkout 2027\u{201d} for Priya Raman (PM)"), "{text}");
    assert!(text.contains("fingerprint"), "{text}");
}

const FILE: &str = r#"{
  "format": "accord.roadmap.v1",
  "roadmap": { "name": "Payments", "em_name": "Marco", "pm_name": "Priya" },
  "items": [
    { "title": "Saved cards", "status": "planned", "horizon": "2027-Q1",
      "matrix": { "what": "Store cards with the provider", "how": "Tokenise on the client", "when": "Beta in Q1" } },
    { "title": "Wallets", "matrix": { "why": "4% conversion" } }
  ]
}"#;

#[test]
fn init_import_list_and_export_round_trip_with_rights_applied() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    assert_eq!(ok(&accord(dir.path(), &["list"], "")).trim(), "No items.");

    let file = dir.path().join("payments.json");
    std::fs::write(&file, FILE).unwrap();
    let text = ok(&accord(dir.path(), &["import", file.to_str().unwrap()], ""));
    // A PM sets what, why and when; the EM's how arrives as a proposal.
    assert!(text.contains("2 items; 3 matrix entries written as Priya Raman's, 1 filed as proposals"), "{text}");

    let table = ok(&accord(dir.path(), &["list", "--roadmap", "2"], ""));
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("#  Title"), "{table}");
    assert!(
        lines[1].contains("Saved cards") && lines[1].contains("planned") && lines[1].contains("Beta in Q1"),
        "{table}"
    );
    assert!(lines[1].trim_end().ends_with('1'), "one proposal pending: {table}");
    assert!(lines[2].contains("Wallets") && lines[2].contains("later"), "{table}");

    let json: serde_json::Value =
        serde_json::from_str(&ok(&accord(dir.path(), &["list", "--roadmap", "2", "--json"], ""))).unwrap();
    assert_eq!(json[0]["item"]["matrix"]["how"], "", "the how is the EM's to accept");
    assert_eq!(json[0]["item"]["pending"], serde_json::json!(["how"]));
    assert_eq!(json[0]["when_state"], "unsigned");

    // Export, then import the export: the same items and matrix, as far as the PM may write.
    let exported = dir.path().join("out.json");
    ok(&accord(dir.path(), &["export", "--roadmap", "2", "--output", exported.to_str().unwrap()], ""));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&exported).unwrap()).unwrap();
    assert_eq!(doc["format"], "accord.roadmap.v2");
    assert_eq!(doc["items"][0]["title"], "Saved cards");
    assert_eq!(doc["items"][1]["matrix"]["why"], "4% conversion");
    ok(&accord(dir.path(), &["import", exported.to_str().unwrap()], ""));
    let again = ok(&accord(dir.path(), &["export", "--roadmap", "3"], ""));
    let again: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again["items"], doc["items"]);

    let people = ok(&accord(dir.path(), &["people"], ""));
    assert!(people.starts_with("Priya Raman\tPM\t") && people.contains("(acting)"), "{people}");
}

#[test]
fn bad_input_is_refused_with_a_message_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    refused(&accord(dir.path(), &["list"], ""), 1, "run `accord init`");
    refused(
        &accord(dir.path(), &["init", "--name", "Priya", "--role", "pm", "--roadmap", "X"], ""),
        1,
        "ACCORD_PASSPHRASE",
    );
    refused(
        &accord(
            dir.path(),
            &["init", "--name", "Dana", "--role", "director", "--roadmap", "X", "--passphrase-stdin"],
            "dana's passphrase\n",
        ),
        1,
        "set up by its EM or PM",
    );
    refused(
        &accord(
            dir.path(),
            &["init", "--name", "Priya", "--role", "pm", "--roadmap", " ", "--passphrase-stdin"],
            "long enough passphrase\n",
        ),
        1,
        "roadmap name",
    );
    refused(
        &accord(
            dir.path(),
            &["init", "--name", "Priya", "--role", "pm", "--roadmap", "X", "--passphrase-stdin"],
            "short\n",
        ),
        1,
        "passphrase",
    );
    refused(&accord(dir.path(), &["frobnicate"], ""), 2, "unrecognized subcommand");
    init(dir.path());
    let before = ok(&accord(dir.path(), &["export"], ""));

    let bad = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let cases = [
        (bad("not.json", "roadmap, but not JSON"), "not an Accord roadmap file"),
        (bad("format.json", &FILE.replace("accord.roadmap.v1", "accord.roadmap.v9")), "unknown format"),
        (bad("field.json", &FILE.replace("\"horizon\": \"2027-Q1\"", "\"horizon\": \"someday\"")), "item 1: horizon"),
        (bad("status.json", &FILE.replace("planned", "finished")), "not an Accord roadmap file"),
        (bad("long.json", &FILE.replace("Wallets", &"W".repeat(201))), "item 2: title"),
        (
            bad("extra.json", &FILE.replace("\"title\": \"Wallets\"", "\"title\": \"Wallets\", \"owner\": \"me\"")),
            "unknown field",
        ),
        (bad("binary.json", "\u{0}\u{1}"), "not an Accord roadmap file"),
    ];
    for (path, says) in &cases {
        refused(&accord(dir.path(), &["import", path.to_str().unwrap()], ""), 1, says);
    }
    std::fs::write(dir.path().join("latin1.json"), [0xff, 0xfe, 0x41]).unwrap();
    refused(&accord(dir.path(), &["import", dir.path().join("latin1.json").to_str().unwrap()], ""), 1, "not UTF-8");
    refused(&accord(dir.path(), &["import", "/nonexistent/file.json"], ""), 1, "/nonexistent/file.json");
    refused(&accord(dir.path(), &["list", "--roadmap", "99"], ""), 1, "roadmap 99 does not exist");
    assert_eq!(ok(&accord(dir.path(), &["export"], "")), before, "nothing was written");
}

#[test]
fn a_database_from_a_newer_accord_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let db = dir.path().join("accord.db");
    {
        // Another process bumps the schema version, as a newer Accord would.
        let out = Command::new("sqlite3").arg(&db).arg("PRAGMA user_version = 999;").output();
        if out.map(|o| !o.status.success()).unwrap_or(true) {
            write_user_version(&db, 999);
        }
    }
    let before = std::fs::read(&db).unwrap();
    refused(&accord(dir.path(), &["list"], ""), 3, "newer");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Sets SQLite's user_version (bytes 60..64 of the header, big-endian)
/// without a SQLite library.
fn write_user_version(db: &Path, v: u32) {
    let mut bytes = std::fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&v.to_be_bytes());
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn export_pdf_then_verify_reports_a_draft_and_refuses_damage() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let file = dir.path().join("payments.json");
    std::fs::write(&file, FILE).unwrap();
    ok(&accord(dir.path(), &["import", file.to_str().unwrap()], ""));
    let pdf = dir.path().join("roadmap.pdf");
    let text = ok(&accord(dir.path(), &["export-pdf", "--roadmap", "2", "--output", pdf.to_str().unwrap()], ""));
    assert!(text.contains("2 items") && text.contains("DRAFT: No baseline"), "{text}");

    // Untouched but not signed off: exit 4, every check listed.
    let out = accord(dir.path(), &["verify", pdf.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stdout));
    let report = String::from_utf8_lossy(&out.stdout);
    for check in ["Content hash", "Signatures", "Pages", "Signed off"] {
        assert!(report.contains(check), "{check} missing from {report}");
    }
    assert!(!report.contains("FAIL"), "{report}");
    let json: serde_json::Value =
        serde_json::from_slice(&accord(dir.path(), &["verify", "--json", pdf.to_str().unwrap()], "").stdout).unwrap();
    assert_eq!(json["roadmap"], "Payments");
    assert!(json["checks"].as_array().unwrap().len() >= 5);

    // Not a PDF, a truncated PDF, a missing file: exit 1 with the reason.
    let bytes = std::fs::read(&pdf).unwrap();
    let truncated = dir.path().join("truncated.pdf");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let out = accord(dir.path(), &["verify", truncated.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    refused(&accord(dir.path(), &["verify", file.to_str().unwrap()], ""), 1, "payments.json");
    refused(&accord(dir.path(), &["verify", "/nonexistent.pdf"], ""), 1, "/nonexistent.pdf");
}

/// `accord host` in its own process on a real data directory; a guest
/// joins over loopback TCP with the code it prints, edits with the EM's
/// rights, and the change is in the host's file after the session ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_joins_a_hosted_session_with_the_printed_code_and_edits_the_hosts_file() {
    use std::io::{BufRead, BufReader};

    use accord_api::{ErrorCode, RemoteOp};
    use accord_domain::{Dimension, Role};
    use accord_sync::net::join;
    use accord_sync::OpState;

    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let file = dir.path().join("payments.json");
    std::fs::write(&file, FILE).unwrap();
    ok(&accord(dir.path(), &["import", file.to_str().unwrap()], ""));

    let mut host = Command::new(env!("CARGO_BIN_EXE_accord"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["host", "--roadmap", "2", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (lines_tx, mut lines) = tokio::sync::mpsc::unbounded_channel::<String>();
    let stdout = host.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let hosting = next_line(&mut lines, "Hosting").await.expect("the host says where it listens");
    assert!(hosting.contains("\u{201c}Payments\u{201d}"), "{hosting}");
    let port: u16 = hosting.split("on port ").nth(1).unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let code_line = next_line(&mut lines, "Pairing code:").await.unwrap();
    let code = code_line.split_whitespace().nth(2).unwrap().to_string();
    assert_eq!(code.len(), 6, "{code_line}");

    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    assert!(join(addr, "000000", "Marco", Role::Em).await.is_err(), "a wrong code gets nothing");
    let em = join(addr, &code, "Marco", Role::Em).await.unwrap();
    // The person acting on the host's machine hosts; the guest comes in beside them.
    let joined = next_line(&mut lines, "In the session: Priya Raman (PM) is here; Marco (EM)")
        .await
        .expect("the host shows its own person and who joined");
    assert!(joined.contains("Marco (EM) is here"), "{joined}");

    let wallets = em.items().into_iter().find(|i| i.title == "Wallets").unwrap();
    let edit = |dimension, text: &str| RemoteOp::edit(&wallets, dimension, text);
    let what = em.submit(edit(Dimension::What, "Apple Pay only"));
    assert!(em.wait_for(std::time::Duration::from_secs(10), |g| g.state(&what) != Some(OpState::Pending)).await);
    let Some(OpState::Rejected { error }) = em.state(&what) else { panic!("{:?}", em.state(&what)) };
    assert_eq!(error.code, ErrorCode::Forbidden, "an EM guest cannot write the PM's what");
    let how = em.submit(edit(Dimension::How, "Payment Request API behind a flag"));
    assert!(em.wait_for(std::time::Duration::from_secs(10), |g| g.state(&how) != Some(OpState::Pending)).await);
    assert!(matches!(em.state(&how), Some(OpState::Applied { .. })), "{:?}", em.state(&how));

    drop(host.stdin.take()); // Ctrl+D: the session ends
    let status = tokio::task::spawn_blocking(move || host.wait()).await.unwrap().unwrap();
    assert!(status.success());
    let exported = ok(&accord(dir.path(), &["export", "--roadmap", "2"], ""));
    assert!(exported.contains("Payment Request API behind a flag"), "{exported}");
    assert!(!exported.contains("Apple Pay only"));
}

/// The host's next printed line that starts with `starts` (within 20 s).
async fn next_line(lines: &mut tokio::sync::mpsc::UnboundedReceiver<String>, starts: &str) -> Option<String> {
    let wait = async {
        loop {
            let line = lines.recv().await?;
            if line.starts_with(starts) {
                return Some(line);
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), wait).await.ok().flatten()
}

/// Every file under `dir` with its bytes, to prove nothing was written.
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_read_only_directory_refuses_writes_with_a_typed_error_and_reads_go_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    ok(&accord(dir.path(), &["add", "--title", "Saved cards"], ""));
    ok(&accord(dir.path(), &["backup"], ""));
    let before = files(dir.path());
    let set = |p: &Path, mode: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    for (path, _) in &before {
        set(path, 0o444);
    }
    set(&dir.path().join("backups"), 0o555);
    set(dir.path(), 0o555);

    // Root writes through any permission: as root, run as nobody, from a
    // copy of the binary nobody can reach.
    let root = std::process::Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let bin_dir = tempfile::tempdir().unwrap();
    set(bin_dir.path(), 0o755);
    let bin = bin_dir.path().join("accord");
    std::fs::copy(env!("CARGO_BIN_EXE_accord"), &bin).unwrap();
    let run = |args: &[&str]| {
        let mut c = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            c
        } else {
            Command::new(&bin)
        };
        c.arg("--data-dir").arg(dir.path()).args(args).env("HOME", bin_dir.path()).env_remove("ACCORD_DATA_DIR");
        c.stdin(Stdio::null()).output().expect("run accord as another user")
    };

    let list = run(&["list"]);
    let table = ok(&list);
    assert!(table.contains("Saved cards"), "reads still work: {table}");
    let json = ok(&run(&["export"]));
    assert!(json.contains("Saved cards"), "{json}");
    for args in [
        &["add", "--title", "Wallets", "--json"][..],
        &["archive", "1", "--base-revision", "1", "--json"],
        &["backup", "--json"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(8), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let error: serde_json::Value = serde_json::from_slice(&out.stdout).expect("--json prints the error");
        assert_eq!(error["error"]["code"], "read_only", "{error}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("cannot be written"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    set(dir.path(), 0o755);
    set(&dir.path().join("backups"), 0o755);
    assert_eq!(files(dir.path()), before, "nothing was written, not even a backup or a WAL file");
}
