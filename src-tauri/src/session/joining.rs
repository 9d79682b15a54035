//! Joining a planning session from the window: the window then shows and
//! works on the host's roadmap. Reads go to the host; changes go as ops,
//! which the host applies with this person's rights and answers one by
//! one; what this person signs is signed here, with their own key, and only
//! the signature travels. While the link is down the copy stays readable and
//! changes queue; they are sent again when it comes back.

use std::net::SocketAddr;
use std::time::Duration;

use accord_api::domain::{Item, SessionKnown, Subject};
use accord_api::{
    ApiError, ErrorCode, RemoteOp, RemoteRead, ResolveElsewhere, ResolveEscalation, SessionAnswer, SessionFound,
    SessionJoined, SignElsewhere,
};
use accord_sync::joined::{from_answer, not_joined, resolution_target, signing_target, Joined};
use accord_sync::net::{discovery, host_identity, join_as, rejoin, Connection, GuestHandle, JoinError};
use tauri::{AppHandle, Manager, State};

use super::{tell_page, Res, WindowSession};
use crate::AppState;

static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How long a change waits for the host's answer before it counts as queued.
const ANSWER_WAIT: Duration = Duration::from_secs(10);
/// How long the LAN is listened to for sessions.
const BROWSE_FOR: Duration = Duration::from_millis(1500);

fn joined_error(e: JoinError) -> ApiError {
    let code = match e {
        JoinError::WrongCode => ErrorCode::WrongPairingCode,
        JoinError::UpdateRequired(_) => ErrorCode::UpdateRequired,
        JoinError::SeatHeld(_) => ErrorCode::SeatHeld,
        JoinError::WrongKey(_) => ErrorCode::WrongKey,
        JoinError::Unreachable(_) | JoinError::Refused(_) | JoinError::Protocol(_) | JoinError::NotPinned => {
            ErrorCode::SessionUnavailable
        }
    };
    ApiError::new(code, e.to_string())
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

/// Sessions advertised on the LAN just now.
#[tauri::command]
pub async fn discover_sessions() -> Res<Vec<SessionFound>> {
    let found = tauri::async_runtime::spawn_blocking(|| discovery::browse(BROWSE_FOR))
        .await
        .map_err(crate::session::internal)?
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
/// person acting at this window, proving their key (opened by their
/// passphrase for that alone), and starts following its roadmap.
#[tauri::command]
pub async fn join_session(app: AppHandle, address: String, code: String, passphrase: String) -> Res<SessionJoined> {
    let code = parse_code(&code)?;
    let addr = resolve(&address).await?;
    let state: State<'_, AppState> = app.state();
    state.session.refuse_busy()?;
    // This machine's own TLS key: pinned by the host, so it can rejoin later.
    let (person, key, identity) = crate::commands::with(&state, |a| {
        let me = a.acting()?;
        let (person, key) = a.unlock_person(me.id, &passphrase)?;
        Ok((person, key, host_identity(a)?))
    })?;
    let guest = join_as(addr, identity, &code, &person, &key).await.map_err(joined_error)?;
    drop(key);
    follow(&app, guest).await
}

/// Rejoins a host joined before, without a code: the host must still
/// know this machine's key, and show the key pinned here.
#[tauri::command]
pub async fn rejoin_session(app: AppHandle, host_key: String) -> Res<SessionJoined> {
    let state: State<'_, AppState> = app.state();
    state.session.refuse_busy()?;
    let (known, identity, public_key) = crate::commands::with(&state, |a| {
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
        Ok((known, host_identity(a)?, a.person(me.id)?.public_key))
    })?;
    let addr = resolve(&known.address).await?;
    let guest = rejoin(addr, identity, &known.host_key, &public_key).await.map_err(|e| match e {
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
    let mut joined = Joined::new(guest, generation);
    let shown = joined.view()?;
    let host_name = shown.people.iter().find(|p| p.host).map(|p| p.name.clone()).unwrap_or_default();
    let state: State<'_, AppState> = app.state();
    crate::commands::with(&state, |a| {
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
    tauri::async_runtime::spawn(tell_page(app.clone(), joined.handle.changes()));
    tauri::async_runtime::spawn(keep_the_meeting(
        app.clone(),
        joined.handle.reader(),
        joined.handle.changes(),
        generation,
    ));
    let mut slot = state.session.lock();
    if matches!(*slot, WindowSession::Hosting(_)) {
        return Err(ApiError::new(ErrorCode::InvalidInput, "end the session you host before joining another"));
    }
    *slot = WindowSession::Joined(joined);
    Ok(shown)
}

/// The joined session as it is now, or `None`.
#[tauri::command]
pub fn joined(state: State<'_, AppState>) -> Res<Option<SessionJoined>> {
    match &mut *state.session.lock() {
        WindowSession::Joined(j) => j.view().map(Some),
        _ => Ok(None),
    }
}

/// The host's live items as this guest's copy holds them, its unanswered changes laid over.
#[tauri::command]
pub fn guest_items(state: State<'_, AppState>) -> Res<Vec<Item>> {
    state.session.joined(|g| Ok(g.handle.items_as_sent()))
}

/// Reads from the host's file, with this person's rights.
#[tauri::command]
pub async fn guest_read(state: State<'_, AppState>, read: RemoteRead) -> Res<serde_json::Value> {
    let guest = state.session.joined(|g| Ok(g.handle.reader()))?;
    guest.read(read).await
}

/// Sends a change to the host and waits for its answer; while the link is
/// down the change is queued, and the item comes back with it laid over.
#[tauri::command]
pub async fn guest_submit(state: State<'_, AppState>, op: RemoteOp) -> Res<SessionAnswer> {
    submit(&state, op).await
}

async fn submit(state: &State<'_, AppState>, op: RemoteOp) -> Res<SessionAnswer> {
    // The handle stays in its slot; waiting holds no lock.
    let (id, generation, waiting) = state.session.joined(|g| {
        if let Connection::Closed { reason } = g.handle.connection() {
            return Err(ApiError::new(ErrorCode::SessionUnavailable, format!("the session is over: {reason}")));
        }
        let id = g.handle.submit(op.clone());
        Ok((id.clone(), g.generation, g.handle.answer_waiter(&id)))
    })?;
    let answer = waiting.wait(ANSWER_WAIT).await;
    state.session.joined(|g| {
        if g.generation != generation {
            return Err(not_joined());
        }
        g.answer(&id, &op, answer)
    })
}

/// Signs `subject` as it stands on the host, here, with the acting
/// person's own key opened by their passphrase, and sends the signature:
/// the passphrase and the key stay on this machine. Returns what the host
/// answers (the sign-off, decision or baseline as it is now).
#[tauri::command]
pub async fn guest_sign(
    state: State<'_, AppState>,
    subject: Subject,
    base_revision: Option<i64>,
    passphrase: String,
) -> Res<serde_json::Value> {
    let (guest, roadmap) =
        state.session.joined(|g| Ok((g.handle.reader(), g.handle.roadmap().ok_or_else(not_joined)?)))?;
    let (revision, hash) = signing_target(&guest, subject, base_revision).await?;
    let signature = crate::commands::with(&state, |a| {
        a.sign_elsewhere(a.acting()?.id, &passphrase, &roadmap, subject, revision, hash)
    })?;
    let op = RemoteOp::Sign(SignElsewhere { subject, base_revision: revision, signature });
    applied_view(submit(&state, op).await?)
}

/// Resolves an escalation from this machine; a director or head of product
/// signs the resolved content here, with their own key.
#[tauri::command]
pub async fn guest_resolve(state: State<'_, AppState>, req: ResolveEscalation) -> Res<serde_json::Value> {
    let (guest, roadmap) =
        state.session.joined(|g| Ok((g.handle.reader(), g.handle.roadmap().ok_or_else(not_joined)?)))?;
    let view: accord_api::DecisionView =
        from_answer(guest.read(RemoteRead::Decision { decision_id: req.decision_id }).await?)?;
    let (revision, hash) = resolution_target(&view.decision, &req.outcome)?;
    let signature = crate::commands::with(&state, |a| {
        let me = a.acting()?;
        if !matches!(me.role, accord_api::domain::Role::DirectorOfEngineering | accord_api::domain::Role::HeadOfProduct)
        {
            return Ok(None);
        }
        let subject = Subject::Decision(req.decision_id);
        a.sign_elsewhere(me.id, &req.passphrase, &roadmap, subject, revision, hash).map(Some)
    })?;
    let op = RemoteOp::ResolveEscalation(ResolveElsewhere {
        decision_id: req.decision_id,
        base_revision: req.base_revision,
        outcome: req.outcome,
        decided_by: req.decided_by,
        signature,
    });
    applied_view(submit(&state, op).await?)
}

/// What an applied change's command returned; a queued one has none yet.
fn applied_view(answer: SessionAnswer) -> Res<serde_json::Value> {
    answer.view.ok_or_else(|| {
        ApiError::new(
            ErrorCode::SessionUnavailable,
            "the host is out of reach: it is queued and sent when the link is back",
        )
    })
}

/// How long the copy kept here waits after a change before it is taken
/// again: a burst of edits is one copy, and the host (whose one thread
/// serves every guest) assembles the whole document at most this often
/// for this guest. Leaving takes it once more, as it is then.
const KEEP_AFTER: Duration = Duration::from_secs(5);

/// Keeps the host's roadmap on this machine as last seen (and the host's
/// people's public identities), from joining until the session ends, so it
/// stays readable and its PDF exportable and verifiable here afterwards.
async fn keep_the_meeting(
    app: AppHandle,
    reader: accord_sync::net::Reader,
    mut changes: tokio::sync::watch::Receiver<accord_sync::net::Changes>,
    generation: u64,
) {
    let state: State<'_, AppState> = app.state();
    loop {
        let still = state.session.joined(|g| Ok(g.generation == generation)).unwrap_or(false);
        if !still {
            return;
        }
        if let Err(e) = keep(&state, &reader).await {
            if e.code != ErrorCode::SessionUnavailable {
                eprintln!("accord: the host's roadmap could not be kept here: {}", e.message);
            }
        }
        if changes.changed().await.is_err() {
            return;
        }
        tokio::time::sleep(KEEP_AFTER).await;
        changes.borrow_and_update();
    }
}

/// Takes the host's roadmap document and keeps it here; returns it.
async fn keep(state: &State<'_, AppState>, reader: &accord_sync::net::Reader) -> Res<accord_api::domain::ExportDoc> {
    let doc: accord_api::domain::ExportDoc = from_answer(reader.read(RemoteRead::ExportDocument).await?)?;
    let (host_key, host_name) = state.session.joined(|g| {
        let view = g.view()?;
        let host = view.people.iter().find(|p| p.host).map(|p| format!("{} ({})", p.name, p.role.label()));
        Ok((view.host_key, host.unwrap_or_default()))
    })?;
    crate::commands::with(state, |a| a.keep_host_roadmap(&host_key, &host_name, &doc))?;
    Ok(doc)
}

/// Renders the host's roadmap PDF here, from its document as it is now
/// (kept here too); asks where to save it.
#[tauri::command]
pub async fn guest_export_pdf(app: AppHandle) -> Res<Option<accord_api::PdfExported>> {
    let state: State<'_, AppState> = app.state();
    let (reader, name) = state.session.joined(|g| {
        let name = g.handle.roadmap().map(|r| r.name).unwrap_or_default();
        Ok((g.handle.reader(), name))
    })?;
    let document = async { keep(&app.state::<AppState>(), &reader).await };
    crate::pdf::save(&app, &name, document).await
}

/// The hosts' roadmaps kept on this machine after sessions, the latest first.
#[tauri::command]
pub fn kept_roadmaps(state: State<'_, AppState>) -> Res<Vec<accord_api::KeptRoadmap>> {
    crate::commands::with(&state, |a| a.kept_roadmaps())
}

/// A kept roadmap's document, to read it here, offline.
#[tauri::command]
pub fn kept_document(state: State<'_, AppState>, roadmap_uid: String) -> Res<accord_api::domain::ExportDoc> {
    crate::commands::with(&state, |a| a.kept_document(&roadmap_uid))
}

/// Leaves the joined session; the window goes back to its own roadmap.
/// The host's roadmap is kept here once more as it is at leaving.
#[tauri::command]
pub async fn leave_session(state: State<'_, AppState>) -> Res<()> {
    if let Ok(reader) = state.session.joined(|g| Ok(g.handle.reader())) {
        // Out of reach: the copy kept last stays.
        let _ = keep(&state, &reader).await;
    }
    let mut slot = state.session.lock();
    if let WindowSession::Joined(j) = &mut *slot {
        j.handle.leave();
        *slot = WindowSession::Alone;
    }
    Ok(())
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

/// Moves an item of the host's roadmap in time: the edit of its *when*
/// is made from this guest's copy and sent as any edit is.
#[tauri::command]
pub async fn guest_move_in_time(state: State<'_, AppState>, req: accord_api::MoveInTime) -> Res<SessionAnswer> {
    let item = state.session.joined(|g| {
        g.handle
            .items_as_sent()
            .into_iter()
            .find(|i| i.id == req.item_id)
            .ok_or_else(|| ApiError::not_found("item", req.item_id))
    })?;
    submit(&state, RemoteOp::EditDimension(accord_api::when_moved(&item, req))).await
}

/// Saves the host's roadmap as CSV or JSON on this machine.
#[tauri::command]
pub async fn guest_export_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    format: String,
) -> Res<Option<String>> {
    let guest = state.session.joined(|g| Ok(g.handle.reader()))?;
    let read = if format == "csv" { RemoteRead::ExportCsv } else { RemoteRead::ExportJson };
    let text: String = serde_json::from_value(guest.read(read).await?)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the host's file: {e}")))?;
    let name = state.session.joined(|g| Ok(g.handle.roadmap().map(|r| r.name).unwrap_or_default()))?;
    crate::roadmap_commands::save_text(&app, &name, &format, &text)
}
