//! Hosting a planning session from the window. The session's host owns a
//! second connection to the same database file; the window's own edits
//! reach guests because each one nudges the host (which also watches the
//! file), and guests' edits reach the window through `session-changed`
//! events.

use std::net::{SocketAddr, UdpSocket};
use std::sync::Mutex;

use accord_api::domain::{ItemId, RoadmapId};
use accord_api::{Accord, ApiError, ErrorCode, SessionFocus, SessionHosting, SessionPerson};
use accord_sync::net::discovery::{self, Advertisement};
use accord_sync::net::{host_identity, serve, Changes, ServerHandle};
use accord_sync::{Editing, Host, Present};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

/// The session this window hosts, if any.
#[derive(Default)]
pub struct Hosting(Mutex<Option<Hosted>>);

struct Hosted {
    roadmap_id: RoadmapId,
    server: ServerHandle,
    /// The session on the LAN's mDNS, while it is hosted (none where the
    /// network allows no multicast: joining by address still works).
    _advertised: Option<Advertisement>,
}

pub(crate) fn storage(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, e.to_string())
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
    }
}

/// Everyone in a session as a window lists them: what each is editing, in words and by id.
pub(crate) fn people(present: Vec<Present>, title: impl Fn(ItemId) -> Option<String>) -> Vec<SessionPerson> {
    present
        .into_iter()
        .map(|p| SessionPerson {
            says: p.describe(p.editing.as_ref().and_then(|e| title(e.item_id)).as_deref()),
            item_id: p.editing.as_ref().map(|e| e.item_id),
            dimension: p.editing.as_ref().and_then(|e| e.dimension),
            name: p.name,
            role: p.role,
            host: p.host,
        })
        .collect()
}

/// What the page is told of a session change: whether the roadmap's items
/// changed (else only who is here, where they are, or the link).
#[derive(Clone, serde::Serialize)]
struct SessionChanged {
    items: bool,
}

/// Tells the page of every change of a hosted or joined session, until it ends.
pub(crate) async fn tell_page(app: AppHandle, mut changes: tokio::sync::watch::Receiver<Changes>) {
    let mut seen = *changes.borrow();
    while changes.changed().await.is_ok() {
        let now = *changes.borrow_and_update();
        let _ = app.emit("session-changed", SessionChanged { items: now.items != seen.items });
        seen = now;
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

/// Starts hosting the roadmap (or shows the session already hosted).
#[tauri::command]
pub async fn host_session(app: AppHandle, roadmap_id: RoadmapId) -> Res<SessionHosting> {
    let state: State<'_, AppState> = app.state();
    let hosting: State<'_, Hosting> = app.state();
    if let Some(shown) = shown(&state, &hosting)? {
        return Ok(shown);
    }
    let (path, acting, roadmap) = crate::commands::with(&state, |a| {
        let roadmap = a.roadmap(roadmap_id)?;
        let path = a.store().path().map(|p| p.to_path_buf()).ok_or_else(|| storage("no database file"))?;
        Ok((path, a.acting()?, roadmap))
    })?;
    crate::joining::refuse_while_joined(&app)?;
    let mut accord = Accord::open(&path)?;
    let identity = host_identity(&mut accord)?;
    let port = port(&accord)?;
    let mut host = Host::new(accord, roadmap_id)?;
    host.set_local(acting.id, None)?;
    let server = serve(host, SocketAddr::from(([0, 0, 0, 0], port)), &identity).await.map_err(storage)?;
    crate::commands::with(&state, |a| a.set_session_port(server.addr().port()))?;
    let changes = server.changes();
    let emitter = app.clone();
    tauri::async_runtime::spawn(crate::session::tell_page(emitter, changes));
    let host_name = format!("{} ({})", acting.name, acting.role.label());
    let advertised = discovery::advertise(server.addr().port(), &roadmap.name, &host_name, server.fingerprint())
        .inspect_err(|e| eprintln!("accord: the session is not advertised on the LAN: {e}"))
        .ok();
    *state.nudge.lock().expect("nudge lock") = Some(server.nudger());
    *hosting.0.lock().expect("hosting lock") = Some(Hosted { roadmap_id, server, _advertised: advertised });
    Ok(shown(&state, &hosting)?.expect("just hosted"))
}

/// The hosted session as it is now, or `None`. Only the items someone is
/// on are read (this runs on every presence change).
fn shown(state: &State<'_, AppState>, hosting: &State<'_, Hosting>) -> Res<Option<SessionHosting>> {
    let guard = hosting.0.lock().expect("hosting lock");
    let Some(h) = guard.as_ref() else { return Ok(None) };
    crate::commands::with(state, |a| Ok(Some(view(h, |id| a.item(id).ok().map(|i| i.title)))))
}

/// The hosted session as it is now, or `None`.
#[tauri::command]
pub fn hosting(state: State<'_, AppState>, hosting: State<'_, Hosting>) -> Res<Option<SessionHosting>> {
    shown(&state, &hosting)
}

/// Ends the hosted session: every guest is told, and disconnected.
#[tauri::command]
pub fn stop_hosting(state: State<'_, AppState>, hosting: State<'_, Hosting>) {
    *state.nudge.lock().expect("nudge lock") = None;
    if let Some(h) = hosting.0.lock().expect("hosting lock").take() {
        h.server.stop();
    }
}

/// Hosting and joining exclude each other: one roadmap at a time.
pub(crate) fn refuse_while_hosting(app: &AppHandle) -> Res<()> {
    if app.state::<Hosting>().0.lock().expect("hosting lock").is_some() {
        return Err(ApiError::new(ErrorCode::InvalidInput, "end the session you host before joining another"));
    }
    Ok(())
}

/// Where the person at this window is working, for the others in the
/// session (hosted or joined) to see; nothing when there is no session.
#[tauri::command]
pub fn session_editing(app: AppHandle, focus: Option<SessionFocus>) {
    let editing = focus.map(|f| Editing { item_id: f.item_id, dimension: f.dimension });
    if let Some(h) = app.state::<Hosting>().0.lock().expect("hosting lock").as_ref() {
        h.server.editing(editing);
    } else {
        crate::joining::editing(&app, editing);
    }
}
