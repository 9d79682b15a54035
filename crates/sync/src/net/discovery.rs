//! Finding sessions on the LAN: a host advertises `_accord._tcp` over mDNS
//! while it hosts; a guest browses for a moment and lists what answered.
//! Discovery is a convenience only: what it finds is an address to try,
//! and pairing (the code, then the pinned key) is what is trusted.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use mdns_sd::{ServiceDaemon, ServiceEvent, ServiceInfo};

/// The DNS-SD service type of a planning session (also in Info.plist's
/// `NSBonjourServices`).
pub const SERVICE_TYPE: &str = "_accord._tcp.local.";

/// A session found on the LAN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The roadmap hosted, as the host names it.
    pub roadmap: String,
    /// Who hosts it ("Sam Okafor (EM)").
    pub host: String,
    /// Where to join, IPv4 first.
    pub addresses: Vec<SocketAddr>,
    /// The start of the host's key fingerprint, to compare with the host's screen.
    pub key_prefix: String,
}

/// A session advertised on the LAN; withdrawn when dropped.
pub struct Advertisement {
    daemon: ServiceDaemon,
    fullname: String,
}

fn mdns_error(e: mdns_sd::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Advertises the session on `port` under the instance `roadmap`, hosted by `host`.
pub fn advertise(port: u16, roadmap: &str, host: &str, host_key: &str) -> std::io::Result<Advertisement> {
    let daemon = ServiceDaemon::new().map_err(mdns_error)?;
    // Instance names must be unique on the LAN; the key prefix tells two
    // hosts of equally named roadmaps apart.
    let key_prefix: String = host_key.chars().take(8).collect();
    // A DNS label is at most 63 bytes: the roadmap's name gives way, the key stays.
    let instance = format!("{} ({key_prefix})", clip(roadmap, 63 - key_prefix.len() - 3));
    let hostname = format!("accord-{key_prefix}.local.");
    let txt = [("roadmap", clip(roadmap, 200)), ("host", clip(host, 200)), ("key", key_prefix)];
    let info = ServiceInfo::new(SERVICE_TYPE, &instance, &hostname, (), port, &txt[..])
        .map_err(mdns_error)?
        .enable_addr_auto();
    let fullname = info.get_fullname().to_string();
    daemon.register(info).map_err(mdns_error)?;
    Ok(Advertisement { daemon, fullname })
}

/// At most `bytes` bytes of `text`, cut between characters (a TXT value
/// stays under the 255-byte limit of key and value, a label under 63).
fn clip(text: &str, bytes: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if out.len() + c.len_utf8() > bytes {
            break;
        }
        out.push(c);
    }
    out
}

impl Drop for Advertisement {
    fn drop(&mut self) {
        let _ = self.daemon.unregister(&self.fullname);
        let _ = self.daemon.shutdown();
    }
}

/// Listens for sessions on the LAN for `wait`; returns those that answered.
/// Blocking: run it off the UI's thread.
pub fn browse(wait: Duration) -> std::io::Result<Vec<Found>> {
    let daemon = ServiceDaemon::new().map_err(mdns_error)?;
    let events = daemon.browse(SERVICE_TYPE).map_err(mdns_error)?;
    let deadline = Instant::now() + wait;
    let mut found = BTreeMap::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(event) = events.recv_timeout(left) else { break };
        match event {
            ServiceEvent::ServiceResolved(s) => {
                let mut ips: Vec<IpAddr> = s.addresses.iter().map(|a| a.to_ip_addr()).collect();
                ips.sort_by_key(|ip| (ip.is_ipv6(), ip.is_loopback(), *ip));
                let prop = |k: &str| s.txt_properties.get_property_val_str(k).unwrap_or_default().to_string();
                found.insert(
                    s.fullname.clone(),
                    Found {
                        roadmap: prop("roadmap"),
                        host: prop("host"),
                        addresses: ips.into_iter().map(|ip| SocketAddr::new(ip, s.port)).collect(),
                        key_prefix: prop("key"),
                    },
                );
            }
            ServiceEvent::ServiceRemoved(_, fullname) => {
                found.remove(&fullname);
            }
            _ => {}
        }
    }
    let _ = daemon.stop_browse(SERVICE_TYPE);
    let _ = daemon.shutdown();
    Ok(found.into_values().collect())
}
