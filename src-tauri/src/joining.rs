//! Joining a planning session from the window: the window then shows and
//! edits the host's roadmap through the guest's copy. Changes go to the
//! host as ops; the host applies them with this person's rights and
//! answers each one. While the link is down the copy stays readable and
//! changes queue; they are sent again when it comes back.

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use accord_api::domain::{Item, ItemId, SessionKnown};
use accord_api::ItemChange;
use accord_api::{
    ApiError, ErrorCode, RemoteOp, SessionAnswer, SessionFound, SessionJoined, SessionLink, SessionRefused,
};
use accord_sync::net::{discovery, host_identity, join_as, rejoin, Connection, GuestHandle, JoinError};
use accord_sync::{Editing, OpState};
use tauri::{AppHandle, Manager, State};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

/// The session this window joined, if any.
#[derive(Default)]
pub struct Joined(Mutex<Option<Guesting>>);

struct Guesting {
    handle: GuestHandle,
    /// Which joining this is: an answer awaited across a leave and a new
    /// join must not land in the next session.
    generation: u64,
    /// Changes handed back as queued: their answer comes later, and a
    /// refusal must still reach the person who made them, with what they wrote.
    late: Vec<(String, RemoteOp)>,
}

static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A change in words, for the person who made it: "What of “Checkout”: “Saved cards…”".
fn describe(op: &RemoteOp, named: impl Fn(ItemId) -> Option<String>) -> String {
    let title = |id: ItemId| named(id).map_or_else(|| format!("item {id}"), |t| format!("“{t}”"));
    match op {
        RemoteOp::CreateItem(n) => format!("New item “{}”", n.title),
        RemoteOp::EditDimension(e) => format!("{} of {}: “{}”", e.dimension.label(), title(e.item_id), e.text),
        RemoteOp::UpdateItem(u) => match &u.change {
            ItemChange::Title(t) => format!("Renaming {} to “{t}”", title(u.item_id)),
            ItemChange::Status(v) => format!("Status of {}: {}", title(u.item_id), v.as_str()),
            ItemChange::Kind(v) => format!("Kind of {}: {}", title(u.item_id), v.as_str()),
            ItemChange::Horizon(v) => format!("Horizon of {}: {v}", title(u.item_id)),
            ItemChange::Archived(_) => format!("Archiving {}", title(u.item_id)),
        },
        RemoteOp::MoveItem(m) => format!("Moving {} to place {}", title(m.item_id), m.to_index + 1),
        RemoteOp::ProposeChange(p) => {
            format!("Proposal for {} of {}: “{}”", p.dimension.label(), title(p.item_id), p.text)
        }
        RemoteOp::RespondToProposal(r) => {
            format!("{} a proposal on {}", if r.accept { "Accepting" } else { "Declining" }, title(r.item_id))
        }
    }
}

impl Joined {
    fn with<T>(&self, f: impl FnOnce(&mut Guesting) -> Res<T>) -> Res<T> {
        let mut guard = self.0.lock().expect("joined lock");
        f(guard.as_mut().ok_or_else(not_joined)?)
    }
}

/// How long a change waits for the host's answer before it counts as queued.
const ANSWER_WAIT: Duration = Duration::from_secs(10);
/// How long the LAN is listened to for sessions.
const BROWSE_FOR: Duration = Duration::from_millis(1500);

fn not_joined() -> ApiError {
    ApiError::new(ErrorCode::NotInSession, "this window has not joined a planning session")
}

fn joined_error(e: JoinError) -> ApiError {
    let code = match e {
        JoinError::WrongCode => ErrorCode::WrongPairingCode,
        JoinError::Unreachable(_) | JoinError::Refused(_) | JoinError::Protocol(_) | JoinError::NotPinned => {
            ErrorCode::SessionUnavailable
        }
    };
    ApiError::new(code, e.to_string())
}

/// Hosting and joining exclude each other (see `session::refuse_while_hosting`).
pub(crate) fn refuse_while_joined(app: &AppHandle) -> Res<()> {
    if app.state::<Joined>().0.lock().expect("joined lock").is_some() {
        return Err(ApiError::new(ErrorCode::InvalidInput, "leave the session you joined before hosting one"));
    }
    Ok(())
}

pub(crate) fn editing(app: &AppHandle, editing: Option<Editing>) {
    // Not in a session: nobody to tell.
    let _ = app.state::<Joined>().with(|g| {
        g.handle.editing(editing);
        Ok(())
    });
}

/// "192.168.1.20:41234", or a name with a port that resolves.
async fn resolve(address: &str) -> Res<SocketAddr> {
    let invalid = match parse_address(address) {
        Ok(addr) => return Ok(addr),
        Err(invalid) => invalid,
    };
    let name = address.trim();
    if !name.contains(':') || name.len() > 255 {
        return Err(invalid);
    }
    tokio::net::lookup_host(name).await.ok().and_then(|mut a| a.next()).ok_or(invalid)
}

/// "192.168.1.20:41234" or "[fe80::1]:41234".
fn parse_address(address: &str) -> Res<SocketAddr> {
    let address = address.trim();
    let invalid = || {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("“{address}” is not an address with a port, such as 192.168.1.20:41234"),
        )
    };
    address.parse().map_err(|_| invalid())
}

/// "123 456" or "123456": six digits, spaces ignored.
fn parse_code(code: &str) -> Res<String> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(ApiError::new(ErrorCode::InvalidInput, "the pairing code is the 6 digits the host's screen shows"));
    }
    Ok(code)
}

fn view(joined: &mut Guesting) -> Res<SessionJoined> {
    let g = &joined.handle;
    let title = |id: ItemId| g.item(id).map(|i| i.title);
    // Late answers: a refusal is shown until the session ends; an applied
    // change needs no word.
    joined.late.retain(|(id, _)| g.state(id).is_none_or(|s| !matches!(s, OpState::Applied { .. })));
    let refused = joined
        .late
        .iter()
        .filter_map(|(id, op)| match g.state(id) {
            Some(OpState::Rejected { error }) => {
                Some(SessionRefused { op_id: id.clone(), message: error.message, change: describe(op, title) })
            }
            _ => None,
        })
        .collect();
    let unsent = g.unanswered().iter().map(|(_, op)| describe(op, title)).collect();
    let roadmap = g.roadmap().ok_or_else(not_joined)?;
    let (link, reason) = match g.connection() {
        Connection::Connected => (SessionLink::Connected, None),
        Connection::Reconnecting { reason } => (SessionLink::Reconnecting, Some(reason)),
        Connection::Closed { reason } => (SessionLink::Closed, Some(reason)),
    };
    Ok(SessionJoined {
        roadmap,
        address: g.addr().to_string(),
        host_key: g.host_key().to_string(),
        link,
        reason,
        queued: u32::try_from(g.pending()).unwrap_or(u32::MAX),
        people: crate::session::people(g.people(), title),
        refused,
        unsent,
    })
}

/// Sessions advertised on the LAN just now.
#[tauri::command]
pub async fn discover_sessions() -> Res<Vec<SessionFound>> {
    let found = tauri::async_runtime::spawn_blocking(|| discovery::browse(BROWSE_FOR))
        .await
        .map_err(crate::session::storage)?
        .map_err(|e| {
            ApiError::new(ErrorCode::SessionUnavailable, format!("cannot look for sessions on the LAN: {e}"))
        })?;
    Ok(found
        .into_iter()
        .filter_map(|f| {
            let address = f.addresses.first()?.to_string();
            Some(SessionFound { roadmap: f.roadmap, host: f.host, address, key_prefix: f.key_prefix })
        })
        .collect())
}

/// Pairs with the host at `address` using its one-time `code`, as the
/// person acting at this window, and starts following its roadmap.
#[tauri::command]
pub async fn join_session(app: AppHandle, address: String, code: String) -> Res<SessionJoined> {
    let code = parse_code(&code)?;
    let addr = resolve(&address).await?;
    crate::session::refuse_while_hosting(&app)?;
    // This machine's own key: pinned by the host, so it can rejoin later.
    let (me, identity) = crate::commands::with(&app.state::<AppState>(), |a| Ok((a.acting()?, host_identity(a)?)))?;
    let guest = join_as(addr, identity, &code, &me.name, me.role).await.map_err(joined_error)?;
    follow(&app, guest).await
}

/// Rejoins a host joined before, without a code: the host must still
/// know this machine's key, and show the key pinned here.
#[tauri::command]
pub async fn rejoin_session(app: AppHandle, host_key: String) -> Res<SessionJoined> {
    crate::session::refuse_while_hosting(&app)?;
    let (known, identity) = crate::commands::with(&app.state::<AppState>(), |a| {
        let known = a.session_hosts()?.into_iter().find(|h| h.host_key == host_key);
        let known = known.ok_or_else(|| ApiError::new(ErrorCode::NotFound, "this session was not joined from here"))?;
        // The host knows this machine as the person it paired as; the
        // window must show (and judge rights as) that same person.
        let me = a.acting()?;
        if (me.name.as_str(), me.role) != (known.as_name.as_str(), known.as_role) {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "you joined “{}” as {} ({}); act as them to rejoin, or join with a new code as {}",
                    known.roadmap_name,
                    known.as_name,
                    known.as_role.label(),
                    me.name
                ),
            ));
        }
        Ok((known, host_identity(a)?))
    })?;
    let addr = resolve(&known.address).await?;
    let guest = rejoin(addr, identity, &known.host_key).await.map_err(|e| match e {
        JoinError::Refused(_) | JoinError::NotPinned => {
            ApiError::new(ErrorCode::SessionUnavailable, format!("{e}; ask your partner for a new code and join again"))
        }
        e => joined_error(e),
    })?;
    follow(&app, guest).await
}

/// Hosts joined from here before.
#[tauri::command]
pub fn known_sessions(state: State<'_, AppState>) -> Res<Vec<SessionKnown>> {
    crate::commands::with(&state, |a| a.session_hosts())
}

/// Forgets a host joined before.
#[tauri::command]
pub fn forget_session(state: State<'_, AppState>, host_key: String) -> Res<()> {
    crate::commands::with(&state, |a| a.forget_session_host(&host_key))
}

/// Makes `guest` this window's session: remembered for rejoining, and
/// followed, every change told to the page.
async fn follow(app: &AppHandle, guest: GuestHandle) -> Res<SessionJoined> {
    // Who hosts arrives just after the roadmap; wait a moment to name them.
    guest.wait_for(Duration::from_secs(1), |g| g.people().iter().any(|p| p.host)).await;
    let generation = GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut guest = Guesting { handle: guest, generation, late: Vec::new() };
    let shown = view(&mut guest)?;
    let host_name = shown.people.iter().find(|p| p.host).map(|p| p.name.clone()).unwrap_or_default();
    crate::commands::with(&app.state::<AppState>(), |a| {
        let me = a.acting()?;
        a.remember_session_host(&SessionKnown {
            host_key: shown.host_key.clone(),
            address: shown.address.clone(),
            roadmap_name: shown.roadmap.name.clone(),
            host_name,
            as_name: me.name,
            as_role: me.role,
            joined_at: String::new(),
        })
    })?;
    let changes = guest.handle.changes();
    let emitter = app.clone();
    tauri::async_runtime::spawn(crate::session::tell_page(emitter, changes));
    let joined: State<'_, Joined> = app.state();
    if let Some(mut before) = joined.0.lock().expect("joined lock").replace(guest) {
        before.handle.leave();
    }
    Ok(shown)
}

/// The joined session as it is now, or `None`.
#[tauri::command]
pub fn joined(joined: State<'_, Joined>) -> Res<Option<SessionJoined>> {
    joined.0.lock().expect("joined lock").as_mut().map(view).transpose()
}

/// The host's live items as this guest's copy holds them, its unanswered changes laid over.
#[tauri::command]
pub fn guest_items(joined: State<'_, Joined>) -> Res<Vec<Item>> {
    joined.with(|g| Ok(g.handle.items_as_sent()))
}

/// Sends a change to the host and waits for its answer; while the link is
/// down the change is queued, and the item comes back with it laid over.
#[tauri::command]
pub async fn guest_submit(joined: State<'_, Joined>, op: RemoteOp) -> Res<SessionAnswer> {
    // The handle stays in its slot; waiting holds no lock.
    let (id, generation, waiting) = joined.with(|g| {
        if let Connection::Closed { reason } = g.handle.connection() {
            return Err(ApiError::new(ErrorCode::SessionUnavailable, format!("the session is over: {reason}")));
        }
        let id = g.handle.submit(op.clone());
        Ok((id.clone(), g.generation, g.handle.answer_waiter(&id)))
    })?;
    let state = waiting.wait(ANSWER_WAIT).await;
    let mut guard = joined.0.lock().expect("joined lock");
    let guesting = guard.as_mut().filter(|g| g.generation == generation).ok_or_else(not_joined)?;
    if state == OpState::Pending {
        guesting.late.push((id.clone(), op.clone()));
    }
    let g = &guesting.handle;
    let shown = g.items_as_sent();
    let order = shown.iter().map(|i| i.id).collect();
    match state {
        OpState::Applied { item, .. } => {
            let item = item.map(|i| *i).or_else(|| op.item_id().and_then(|id| g.item(id)));
            Ok(SessionAnswer { item, order, queued: false })
        }
        OpState::Rejected { error } => Err(error),
        OpState::Pending => {
            // The item as it now shows, the change laid over (a new one is
            // the last placeholder).
            let item = match op.item_id() {
                Some(id) => shown.into_iter().find(|i| i.id == id),
                None => shown.into_iter().filter(|i| i.id < 0).min_by_key(|i| i.id),
            };
            Ok(SessionAnswer { item, order, queued: true })
        }
    }
}

/// Leaves the joined session; the window goes back to its own roadmap.
#[tauri::command]
pub fn leave_session(joined: State<'_, Joined>) {
    if let Some(mut g) = joined.0.lock().expect("joined lock").take() {
        g.handle.leave();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_needs_a_port_and_a_code_six_digits() {
        assert_eq!(parse_address(" 192.0.2.7:41234 ").unwrap(), "192.0.2.7:41234".parse().unwrap());
        assert_eq!(parse_address("[::1]:9").unwrap(), "[::1]:9".parse().unwrap());
        for bad in ["", "192.0.2.7", "192.0.2.7:port", "not an address", &"a".repeat(300)] {
            assert_eq!(parse_address(bad).unwrap_err().code, ErrorCode::InvalidInput, "{bad:?}");
        }
        assert_eq!(parse_code("123 456").unwrap(), "123456");
        for bad in ["12345", "1234567", "12345a", "١٢٣٤٥٦", ""] {
            assert_eq!(parse_code(bad).unwrap_err().code, ErrorCode::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn a_refused_code_and_an_unreachable_host_have_their_own_codes() {
        assert_eq!(joined_error(JoinError::WrongCode).code, ErrorCode::WrongPairingCode);
        for e in [JoinError::Unreachable("refused".into()), JoinError::Refused("spent".into()), JoinError::NotPinned] {
            assert_eq!(joined_error(e).code, ErrorCode::SessionUnavailable);
        }
    }
}
