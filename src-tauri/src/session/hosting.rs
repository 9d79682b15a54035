//! Hosting a planning session from the window. The session's host owns a
//! second connection to the same database file; the window's own edits
//! reach guests because each one nudges the host (which also watches the
//! file), and guests' edits reach the window through `session-changed`
//! events.

use std::net::{SocketAddr, UdpSocket};

use accord_api::domain::{ItemId, RoadmapId};
use accord_api::{Accord, ApiError, SessionAwaiting, SessionFocus, SessionHosting};
use accord_sync::joined::people;
use accord_sync::net::discovery::{self, Advertisement};
use accord_sync::net::{host_identity, serve, ServerHandle};
use accord_sync::{Editing, Host};
use tauri::{AppHandle, Manager, State};

use super::{internal, network, tell_page, Res, Session, WindowSession};
use crate::AppState;

pub(super) struct Hosted {
    roadmap_id: RoadmapId,
    pub(super) server: ServerHandle,
    /// The session on the LAN's mDNS, while it is hosted (none where the
    /// network allows no multicast: joining by address still works).
    _advertised: Option<Advertisement>,
}

/// The address other machines reach this one at: the interface the OS
/// would route outward through (no packet is sent), and loopback.
fn addresses(port: u16) -> Vec<String> {
    let lan = UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|_| s))
        .and_then(|s| s.local_addr())
        .ok()
        .map(|a| a.ip())
        .filter(|ip| !ip.is_unspecified() && !ip.is_loopback());
    lan.into_iter().map(|ip| format!("{ip}:{port}")).chain([format!("127.0.0.1:{port}")]).collect()
}

/// The session as the window shows it; `title` names what people are editing.
fn view(h: &Hosted, title: impl Fn(ItemId) -> Option<String>) -> SessionHosting {
    SessionHosting {
        roadmap_id: h.roadmap_id,
        port: h.server.addr().port(),
        addresses: addresses(h.server.addr().port()),
        code: h.server.code(),
        host_key: h.server.fingerprint().to_string(),
        people: people(h.server.people(), title),
        awaiting: h
            .server
            .awaiting()
            .into_iter()
            .map(|a| SessionAwaiting {
                name: a.person.name,
                role: a.person.role,
                public_key: a.person.public_key,
                fingerprint: a.fingerprint,
                placeholder: a.placeholder,
            })
            .collect(),
    }
}

/// `ACCORD_SESSION_PORT`, else the port hosted on last time if it is free
/// (guests paired before come back to it on their own), else any.
fn port(accord: &Accord) -> Result<u16, ApiError> {
    if let Some(port) = std::env::var("ACCORD_SESSION_PORT").ok().and_then(|p| p.parse().ok()) {
        return Ok(port);
    }
    let free = |p: u16| std::net::TcpListener::bind(SocketAddr::from(([0, 0, 0, 0], p))).is_ok();
    Ok(accord.session_port()?.filter(|&p| free(p)).unwrap_or(0))
}

/// Starts hosting the roadmap (or shows the session already hosted). The
/// person at the window takes their seat on it, if it is open: a guest
/// with another key cannot then claim it.
#[tauri::command]
pub async fn host_session(app: AppHandle, roadmap_id: RoadmapId) -> Res<SessionHosting> {
    let state: State<'_, AppState> = app.state();
    if let Some(shown) = shown(&state)? {
        return Ok(shown);
    }
    state.session.refuse_busy()?;
    let (path, acting, roadmap) = crate::commands::with(&state, |a| {
        let roadmap = a.roadmap(roadmap_id)?;
        let path = a
            .store()
            .path()
            .map(|p| p.to_path_buf())
            .ok_or_else(|| internal("a session is hosted from a database file, and this one is in memory"))?;
        let acting = a.acting()?;
        a.hold_seat(roadmap_id, acting.id)?;
        Ok((path, acting, roadmap))
    })?;
    let mut accord = Accord::open(&path)?;
    let identity = host_identity(&mut accord)?;
    let port = port(&accord)?;
    let mut host = Host::new(accord, roadmap_id)?;
    host.set_local(acting.id, None)?;
    let server = serve(host, SocketAddr::from(([0, 0, 0, 0], port)), &identity).await.map_err(network)?;
    crate::commands::with(&state, |a| a.set_session_port(server.addr().port()))?;
    tauri::async_runtime::spawn(tell_page(app.clone(), server.changes()));
    let host_name = format!("{} ({})", acting.name, acting.role.label());
    let advertised = discovery::advertise(server.addr().port(), &roadmap.name, &host_name, server.fingerprint())
        .inspect_err(|e| eprintln!("accord: the session is not advertised on the LAN: {e}"))
        .ok();
    {
        let mut slot = state.session.lock();
        if !matches!(*slot, WindowSession::Alone) {
            return Err(ApiError::new(accord_api::ErrorCode::InvalidInput, "a session started meanwhile"));
        }
        *slot = WindowSession::Hosting(Hosted { roadmap_id, server, _advertised: advertised });
    }
    Ok(shown(&state)?.expect("just hosted"))
}

/// The hosted session as it is now, or `None`. Only the items someone is
/// on are read (this runs on every presence change).
fn shown(state: &State<'_, AppState>) -> Res<Option<SessionHosting>> {
    let session: &Session = &state.session;
    let on_items = |h: &Hosted| -> Vec<ItemId> {
        h.server.people().iter().filter_map(|p| p.editing.as_ref().map(|e| e.item_id)).collect()
    };
    let Some(on) = session.hosted(on_items) else { return Ok(None) };
    let titles = crate::commands::with(state, |a| {
        Ok(on.into_iter().filter_map(|id| a.item(id).ok().map(|i| (id, i.title))).collect::<Vec<_>>())
    })?;
    Ok(session.hosted(|h| view(h, |id| titles.iter().find(|(i, _)| *i == id).map(|(_, t)| t.clone()))))
}

/// The hosted session as it is now, or `None`.
#[tauri::command]
pub fn hosting(state: State<'_, AppState>) -> Res<Option<SessionHosting>> {
    shown(&state)
}

/// The host's person says whether the guest who proved `public_key` is the
/// person the profile without a key stands for (`same`), or someone else.
#[tauri::command]
pub fn session_confirm_guest(state: State<'_, AppState>, public_key: String, same: bool) -> Res<()> {
    state.session.hosted(|h| h.server.confirm(&public_key, same)).ok_or_else(not_hosting)
}

fn not_hosting() -> ApiError {
    ApiError::new(accord_api::ErrorCode::NotInSession, "this window hosts no planning session")
}

/// Ends the hosted session: every guest is told, and disconnected.
#[tauri::command]
pub fn stop_hosting(state: State<'_, AppState>) {
    let mut slot = state.session.lock();
    if matches!(*slot, WindowSession::Hosting(_)) {
        // Dropping the server tells every guest and stops it.
        *slot = WindowSession::Alone;
    }
}

/// Where the person at this window is working, for the others in the
/// session (hosted or joined) to see; nothing when there is no session.
#[tauri::command]
pub fn session_editing(state: State<'_, AppState>, focus: Option<SessionFocus>) {
    let editing = focus.map(|f| Editing { item_id: f.item_id, dimension: f.dimension });
    match &*state.session.lock() {
        WindowSession::Hosting(h) => h.server.editing(editing),
        WindowSession::Joined(j) => j.handle.editing(editing),
        WindowSession::Alone => {}
    }
}
