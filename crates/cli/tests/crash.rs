//! The crash harness: thousands of writes through `accord` on one data
//! directory, each round ended by SIGKILL at a random point of a write.
//! After every round the file is checked as a person would need it: sound,
//! every acknowledged write present, the history matching the items, and no
//! signature or baseline half-written.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use accord_api::domain::{Item, Signature};
use accord_api::Accord;

const PASS: &str = "emil's long passphrase";
const ROUNDS: usize = 50;
/// Writes acknowledged in full before the one each round kills.
const WRITES_PER_ROUND: usize = 40;

/// xorshift64*: the harness is repeatable from its printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn command(dir: &Path, args: &[String]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_accord"));
    c.arg("--data-dir").arg(dir).args(args).env_remove("ACCORD_DATA_DIR").env_remove("ACCORD_PASSPHRASE");
    c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

fn run(dir: &Path, args: &[&str], stdin: &str) -> String {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let mut child = command(dir, &args).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A write the harness made, and what its acknowledgement said.
enum Acked {
    Edit { item: i64, field: &'static str, text: String, revision: i64 },
    SignWhen { item: i64 },
    Baseline { id: i64 },
}

/// One write through the CLI; `kill_after` kills it that long after it starts.
fn write(dir: &Path, args: Vec<String>, stdin: &str, kill_after: Option<Duration>) -> Option<serde_json::Value> {
    let mut child = command(dir, &args).spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    if let Some(after) = kill_after {
        let started = Instant::now();
        // The kill point is random: not a wait for anything to happen.
        while started.elapsed() < after {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let _ = child.kill(); // SIGKILL on Unix
    }
    let out = child.wait_with_output().unwrap();
    if !out.status.success() {
        // Killed, or refused (a stale base after a kill): not acknowledged.
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

#[test]
#[cfg(unix)]
fn thousands_of_writes_survive_sigkill_at_random_points() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run(
        d,
        &["init", "--name", "Emil", "--role", "em", "--roadmap", "Platform", "--passphrase-stdin"],
        &format!("{PASS}\n"),
    );
    run(d, &["add-person", "--name", "Priya", "--role", "pm", "--passphrase-stdin"], "priya's long passphrase\n");
    for n in 0..8 {
        run(d, &["add", "--title", &format!("Item {n}")], "");
    }
    let seed = std::env::var("ACCORD_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_acc0_4d00_0001u64);
    let mut rng = Rng(seed);
    let mut acked: Vec<Acked> = Vec::new();
    let (mut attempted, mut killed_mid_write) = (0usize, 0usize);
    let started = Instant::now();

    for round in 0..ROUNDS {
        let mut revisions: HashMap<i64, i64> = current_items(d).iter().map(|i| (i.id, i.revision)).collect();
        let ids: Vec<i64> = {
            let mut v: Vec<i64> = revisions.keys().copied().collect();
            v.sort();
            v
        };
        let kill_at = WRITES_PER_ROUND;
        let round_started = Instant::now();
        for n in 0..=kill_at {
            let item = ids[rng.below(ids.len() as u64) as usize];
            let base = revisions[&item].to_string();
            let pick = rng.below(100);
            let kind: u8 = if pick < 3 {
                1
            } else if pick < 4 {
                2
            } else {
                0
            };
            let field = ["how", "who", "when"][rng.below(3) as usize];
            let text = format!("r{round} w{n} {}", rng.next() % 100_000);
            let text = if field == "when" { format!("2027-Q{} \u{b7} {text}", 1 + rng.below(4)) } else { text };
            let id = item.to_string();
            let mut args: Vec<&str> = match kind {
                1 => vec!["--passphrase-stdin", "sign", "when", &id, "--base-revision", &base],
                2 => vec!["--passphrase-stdin", "baseline", "--name", "Round"],
                _ => vec!["edit", &id, "--dimension", field, "--text", &text, "--base-revision", &base],
            };
            args.insert(0, "--json");
            let args: Vec<String> = args.into_iter().map(String::from).collect();
            let stdin = if kind == 0 { "" } else { PASS };
            attempted += 1;
            // Somewhere within what a write took this round, so that most
            // kills land inside one.
            let typical = round_started.elapsed().as_micros() as u64 / (n as u64).max(1);
            let kill = (n == kill_at).then(|| Duration::from_micros(rng.below(typical.max(1))));
            let Some(out) = write(d, args, &format!("{stdin}\n"), kill) else {
                if kill.is_some() {
                    killed_mid_write += 1;
                }
                continue;
            };
            match kind {
                0 => {
                    let item_out: Item = serde_json::from_value(out).unwrap();
                    revisions.insert(item, item_out.revision);
                    let stored = match field {
                        "how" => item_out.matrix.how,
                        "who" => item_out.matrix.who,
                        _ => item_out.matrix.when,
                    };
                    acked.push(Acked::Edit { item, field, text: stored, revision: item_out.revision });
                }
                1 => acked.push(Acked::SignWhen { item }),
                _ => acked.push(Acked::Baseline { id: out["id"].as_i64().unwrap() }),
            }
        }
        check(d, &acked, round);
    }
    let edits = acked.iter().filter(|a| matches!(a, Acked::Edit { .. })).count();
    show(&format!(
        "crash harness (seed {seed:#x}): {ROUNDS} rounds, {attempted} writes attempted, {} acknowledged ({edits} edits), {killed_mid_write} killed before acknowledging, {:.1} s",
        acked.len(),
        started.elapsed().as_secs_f64()
    ));
    assert!(attempted >= 1000, "thousands of writes: {attempted}");
    assert!(killed_mid_write >= ROUNDS / 4, "kills landed inside writes: {killed_mid_write}");
}

/// A figure for the log: written to stderr itself, which the test harness
/// does not capture, so a passing run prints it too.
fn show(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn current_items(d: &Path) -> Vec<Item> {
    let app = Accord::open(&d.join("accord.db")).unwrap();
    let roadmap = app.bootstrap().unwrap().roadmaps[0].id;
    app.items(roadmap, false).unwrap()
}

fn check(d: &Path, acked: &[Acked], round: usize) {
    let app = Accord::open(&d.join("accord.db")).unwrap();
    let conn = app.store().conn();
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(verdict, "ok", "round {round}: integrity");
    let roadmap = app.bootstrap().unwrap().roadmaps[0].id;
    let items = app.items(roadmap, false).unwrap();

    for a in acked {
        match a {
            Acked::Edit { item, field, text, revision } => {
                let found: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM history WHERE item_id = ?1 AND field = ?2 AND after = ?3",
                        (item, field, text),
                        |r| r.get(0),
                    )
                    .unwrap();
                assert!(found >= 1, "round {round}: acknowledged edit of {item}.{field} to {text:?} is missing");
                let now = items.iter().find(|i| i.id == *item).unwrap();
                assert!(now.revision >= *revision, "round {round}: item {item} went back in revision");
            }
            Acked::SignWhen { item } => {
                let n: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM signoff WHERE subject_kind = 'item_when' AND subject_id = ?1",
                        [item],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert!(n >= 1, "round {round}: acknowledged signature on {item} is missing");
            }
            Acked::Baseline { id } => {
                assert!(app.baselines(roadmap).unwrap().iter().any(|b| b.id == *id), "round {round}: baseline {id}");
            }
        }
    }

    // The history matches the items: each dimension is what its last change left.
    for item in &items {
        for (field, now) in [("how", &item.matrix.how), ("who", &item.matrix.who), ("when", &item.matrix.when)] {
            let last: Option<String> = conn
                .query_row(
                    "SELECT after FROM history WHERE item_id = ?1 AND field = ?2 ORDER BY id DESC LIMIT 1",
                    (item.id, field),
                    |r| r.get(0),
                )
                .ok();
            if let Some(last) = last {
                assert_eq!(&last, now, "round {round}: {}.{field} differs from its history", item.title);
            }
        }
    }

    // Every stored signature is whole and verifies against its signer's key;
    // every baseline is intact and carries its creator's signature.
    let people = app.identities().unwrap();
    let mut rows = conn.prepare("SELECT signature FROM signoff").unwrap();
    let sigs: Vec<String> = rows.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    for json in sigs {
        let sig: Signature = serde_json::from_str(&json).expect("a stored signature is whole JSON");
        let signer = people.iter().find(|p| p.public_key == sig.public_key).expect("a known signer");
        sig.verify(signer).expect("a stored signature verifies");
    }
    for b in app.baselines(roadmap).unwrap() {
        assert!(b.intact, "round {round}: baseline {} is intact", b.id);
        assert!(!b.signoff.signatures.is_empty(), "round {round}: baseline {} has its creator's signature", b.id);
    }
}
