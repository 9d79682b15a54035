//! One Accord per data directory. The first instance holds an exclusive
//! lock on `<data dir>/accord.lock` and listens on a loopback port written
//! beside it; a second launch on the same directory asks the first to come
//! to the front, then exits. Two instances on one SQLite file would each
//! believe they hold the acting person and the latest revisions.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::time::Duration;

const FOCUS: &str = "accord:focus\n";

pub enum Instance {
    /// This process is the one; keep the guard alive for the app's lifetime.
    First(Guard),
    /// Another process owns the directory and was asked to show itself.
    Second,
}

pub struct Guard {
    _lock: File,
}

/// Claims `dir`, or hands over to the instance that already has it.
/// `on_focus` runs (on a background thread) each time a later launch knocks.
pub fn claim(dir: &Path, on_focus: impl Fn() + Send + 'static) -> std::io::Result<Instance> {
    std::fs::create_dir_all(dir)?;
    let lock = OpenOptions::new().create(true).truncate(false).write(true).open(dir.join("accord.lock"))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            knock(dir);
            return Ok(Instance::Second);
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    // Written beside and renamed, so a knocking launch never reads half a port.
    let port_tmp = dir.join("accord.port.tmp");
    std::fs::write(&port_tmp, listener.local_addr()?.port().to_string())?;
    std::fs::rename(&port_tmp, dir.join("accord.port"))?;
    std::thread::Builder::new().name("single-instance".into()).spawn(move || {
        for stream in listener.incoming() {
            let stream = match stream {
                Ok(s) => s,
                Err(_) => {
                    // Out of descriptors and the like: do not spin.
                    std::thread::sleep(Duration::from_millis(200));
                    continue;
                }
            };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut line = String::new();
            if BufReader::new(stream.take(64)).read_line(&mut line).is_ok() && line == FOCUS {
                on_focus();
            }
        }
    })?;
    Ok(Instance::First(Guard { _lock: lock }))
}

/// Asks the first instance to show itself. It may have taken the lock a
/// moment ago and not yet published its port, so try for about a second.
fn knock(dir: &Path) {
    for _ in 0..10 {
        let port = std::fs::read_to_string(dir.join("accord.port")).ok().and_then(|p| p.trim().parse::<u16>().ok());
        if let Some(port) = port {
            if let Ok(mut s) = TcpStream::connect_timeout(&(Ipv4Addr::LOCALHOST, port).into(), Duration::from_secs(2)) {
                if s.write_all(FOCUS.as_bytes()).is_ok() {
                    return;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn a_second_claim_on_the_same_directory_knocks_on_the_first() {
        let dir = std::env::temp_dir().join(format!("accord-si-{}", std::process::id()));
        let knocks = Arc::new(AtomicUsize::new(0));
        let seen = knocks.clone();
        let first = claim(&dir, move || {
            seen.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
        assert!(matches!(first, Instance::First(_)));
        assert!(matches!(claim(&dir, || {}).unwrap(), Instance::Second));
        for _ in 0..100 {
            if knocks.load(Ordering::SeqCst) == 1 {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(knocks.load(Ordering::SeqCst), 1);
        drop(first);
        // Once the first instance is gone, the directory can be claimed again.
        assert!(matches!(claim(&dir, || {}).unwrap(), Instance::First(_)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
