//! Hosting a planning session from the window. The session's host owns a
//! second connection to the same database file; the window's own edits
//! reach guests because the host watches the file, and guests' edits reach
//! the window through `session-changed` events.

use std::net::{SocketAddr, UdpSocket};
use std::sync::Mutex;

use accord_api::domain::{Item, RoadmapId};
use accord_api::{Accord, ApiError, ErrorCode, SessionHosting, SessionPerson};
use accord_sync::net::{host_identity, serve, ServerHandle};
use accord_sync::Host;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

/// The session this window hosts, if any.
#[derive(Default)]
pub struct Hosting(Mutex<Option<Hosted>>);

struct Hosted {
    roadmap_id: RoadmapId,
    server: ServerHandle,
}

fn storage(e: impl std::fmt::Display) -> ApiError {
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

/// The session as the window shows it; `items` name what people are editing.
fn view(h: &Hosted, items: &[Item]) -> SessionHosting {
    let title = |id: i64| items.iter().find(|i| i.id == id).map(|i| i.title.as_str());
    SessionHosting {
        roadmap_id: h.roadmap_id,
        port: h.server.addr().port(),
        addresses: addresses(h.server.addr().port()),
        code: h.server.code(),
        host_key: h.server.fingerprint().to_string(),
        people: h
            .server
            .people()
            .into_iter()
            .map(|p| SessionPerson {
                says: p.describe(p.editing.as_ref().and_then(|e| title(e.item_id))),
                name: p.name,
                role: p.role,
                host: p.host,
            })
            .collect(),
    }
}

/// Starts hosting the roadmap (or shows the session already hosted).
#[tauri::command]
pub async fn host_session(app: AppHandle, roadmap_id: RoadmapId) -> Res<SessionHosting> {
    let state: State<'_, AppState> = app.state();
    let hosting: State<'_, Hosting> = app.state();
    let (path, acting, items) = crate::commands::with(&state, |a| {
        a.roadmap(roadmap_id)?;
        let path = a.store().path().map(|p| p.to_path_buf()).ok_or_else(|| storage("no database file"))?;
        Ok((path, a.acting()?.id, a.items(roadmap_id, false)?))
    })?;
    if let Some(h) = hosting.0.lock().expect("hosting lock").as_ref() {
        return Ok(view(h, &items));
    }
    let mut accord = Accord::open(&path)?;
    let identity = host_identity(&mut accord)?;
    let mut host = Host::new(accord, roadmap_id)?;
    host.set_local(acting, None)?;
    let port: u16 = std::env::var("ACCORD_SESSION_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(0);
    let server = serve(host, SocketAddr::from(([0, 0, 0, 0], port)), &identity).await.map_err(storage)?;
    let mut changes = server.changes();
    let emitter = app.clone();
    tauri::async_runtime::spawn(async move {
        while changes.changed().await.is_ok() {
            let _ = emitter.emit("session-changed", ());
        }
    });
    let hosted = Hosted { roadmap_id, server };
    let shown = view(&hosted, &items);
    *hosting.0.lock().expect("hosting lock") = Some(hosted);
    Ok(shown)
}

/// The hosted session as it is now, or `None`.
#[tauri::command]
pub fn hosting(state: State<'_, AppState>, hosting: State<'_, Hosting>) -> Res<Option<SessionHosting>> {
    let guard = hosting.0.lock().expect("hosting lock");
    let Some(h) = guard.as_ref() else { return Ok(None) };
    let items = crate::commands::with(&state, |a| a.items(h.roadmap_id, false))?;
    Ok(Some(view(h, &items)))
}

/// Ends the hosted session: every guest is disconnected.
#[tauri::command]
pub fn stop_hosting(hosting: State<'_, Hosting>) {
    if let Some(h) = hosting.0.lock().expect("hosting lock").take() {
        h.server.stop();
    }
}
