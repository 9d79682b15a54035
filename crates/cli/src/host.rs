//! `accord host` and `accord join`: planning sessions without a window.

use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;

use accord_api::domain::RoadmapId;
use accord_api::Accord;
use accord_sync::net::{host_identity, serve};
use accord_sync::Host;
use tokio::io::AsyncReadExt;

use crate::{fail, Failure};

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| fail(format!("cannot start: {e}")))
}

pub fn run(mut accord: Accord, roadmap: RoadmapId, listen: SocketAddr) -> Result<(), Failure> {
    let name = accord.roadmap(roadmap)?.name;
    // The same key every time, so guests paired before come back without a code.
    let identity = host_identity(&mut accord)?;
    // The person acting here hosts: they hold their seat, and guests see them.
    let acting = accord.acting().ok();
    if let Some(me) = &acting {
        accord.hold_seat(roadmap, me.id)?;
    }
    let mut host = Host::new(accord, roadmap)?;
    if let Some(me) = &acting {
        host.set_local(me.id, None)?;
    }
    let rt = runtime()?;
    rt.block_on(async move {
        let server =
            serve(host, listen, &identity).await.map_err(|e| fail(format!("cannot listen on {listen}: {e}")))?;
        let port = server.addr().port();
        let mut out = std::io::stdout().lock();
        let say = |out: &mut std::io::StdoutLock<'_>, line: String| {
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        };
        say(&mut out, format!("Hosting \u{201c}{name}\u{201d} on port {port} ({})", server.addr()));
        say(&mut out, format!("Host key: {}", server.fingerprint()));
        let mut code = String::new();
        let mut people = Vec::new();
        let mut asked = Vec::new();
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 256];
        loop {
            let awaiting = server.awaiting();
            if awaiting != asked {
                for a in awaiting.iter().filter(|a| !asked.contains(*a)) {
                    say(
                        &mut out,
                        format!(
                            "{} ({}) asks to join with key {}: is this {}, who is here without a key? \
                             Type yes or no, then Enter.",
                            a.person.name,
                            a.person.role.label(),
                            a.fingerprint,
                            a.placeholder
                        ),
                    );
                }
                asked = awaiting;
            }
            if server.code() != code {
                code = server.code();
                say(&mut out, format!("Pairing code: {code} (for one guest; 5 minutes, 5 tries)"));
            }
            let now = server.people();
            if now != people {
                let names: Vec<String> = now.iter().map(|p| p.describe(None)).collect();
                say(
                    &mut out,
                    format!(
                        "In the session: {}",
                        if names.is_empty() { "nobody yet".into() } else { names.join("; ") }
                    ),
                );
                people = now;
            }
            tokio::select! {
                read = stdin.read(&mut buf) => match read {
                    Ok(0) | Err(_) => break,
                    // The answer is for the first guest waiting for one.
                    Ok(n) => if let Some(first) = asked.first() {
                        match String::from_utf8_lossy(&buf[..n]).trim() {
                            "yes" | "y" => server.confirm(&first.person.public_key, true),
                            "no" | "n" => server.confirm(&first.person.public_key, false),
                            _ => {}
                        }
                    },
                },
                _ = tokio::time::sleep(Duration::from_millis(200)) => {}
            }
        }
        say(&mut out, "Session ended.".into());
        server.stop();
        Ok(())
    })
}

/// Joins a session; makes `edit` (item title, dimension, text) if given;
/// stays until stdin closes.
pub fn join(
    address: SocketAddr,
    code: &str,
    name: &str,
    role: accord_api::domain::Role,
    edit: Option<(String, accord_api::domain::Dimension, String)>,
) -> Result<(), Failure> {
    use accord_api::RemoteOp;
    use accord_sync::OpState;
    let rt = runtime()?;
    rt.block_on(async move {
        let guest = accord_sync::net::join(address, code, name, role).await.map_err(|e| fail(e.to_string()))?;
        println!("Joined: {} items", guest.items().len());
        if let Some((title, dimension, text)) = edit {
            let item = guest
                .items()
                .into_iter()
                .find(|i| i.title == title)
                .ok_or_else(|| fail(format!("no item is called \u{201c}{title}\u{201d}")))?;
            guest.editing(Some(accord_sync::Editing { item_id: item.id, dimension: Some(dimension) }));
            let id = guest.submit(RemoteOp::edit(&item, dimension, text));
            let answered = guest.wait_for(Duration::from_secs(30), |g| g.state(&id) != Some(OpState::Pending)).await;
            match guest.state(&id) {
                Some(OpState::Applied { seq, .. }) if answered => println!("Applied as op {seq}"),
                Some(OpState::Rejected { error }) => println!("Refused: {}", error.message),
                _ => println!("Not answered yet: it will be sent when the host is back"),
            }
        }
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 256];
        while !matches!(stdin.read(&mut buf).await, Ok(0) | Err(_)) {}
        println!("Left the session.");
        Ok(())
    })
}
