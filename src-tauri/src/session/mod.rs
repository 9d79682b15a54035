//! The window's planning session: none, one it hosts, or one it joined,
//! held in one place behind one lock. Hosting and joining exclude each
//! other by construction: there is one slot.

pub mod hosting;
pub mod joining;

use std::sync::{Mutex, MutexGuard};

use accord_api::{ApiError, ErrorCode};
use accord_sync::joined::{not_joined, Joined};
use accord_sync::net::Changes;
use tauri::{AppHandle, Emitter};

type Res<T> = Result<T, ApiError>;

/// What the window is doing in a planning session.
#[derive(Default)]
enum WindowSession {
    #[default]
    Alone,
    Hosting(hosting::Hosted),
    Joined(Joined),
}

/// The window's one session state.
#[derive(Default)]
pub struct Session(Mutex<WindowSession>);

impl Session {
    fn lock(&self) -> MutexGuard<'_, WindowSession> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the hosted session, if the window hosts one.
    fn hosted<T>(&self, f: impl FnOnce(&hosting::Hosted) -> T) -> Option<T> {
        match &*self.lock() {
            WindowSession::Hosting(h) => Some(f(h)),
            _ => None,
        }
    }

    /// Runs `f` on the joined session, or says the window has none.
    fn joined<T>(&self, f: impl FnOnce(&mut Joined) -> Res<T>) -> Res<T> {
        match &mut *self.lock() {
            WindowSession::Joined(j) => f(j),
            _ => Err(not_joined()),
        }
    }

    /// One session at a time: hosting while joined (or the reverse) is refused.
    /// Refuses what replaces the database file while a session runs on it.
    pub(crate) fn refuse_in_session(&self, what: &str) -> Res<()> {
        match &*self.lock() {
            WindowSession::Alone => Ok(()),
            _ => Err(ApiError::new(ErrorCode::InvalidInput, format!("leave the planning session before {what}"))),
        }
    }

    fn refuse_busy(&self) -> Res<()> {
        let busy = match &*self.lock() {
            WindowSession::Alone => return Ok(()),
            WindowSession::Hosting(_) => "end the session you host before joining another",
            WindowSession::Joined(_) => "leave the session you joined before hosting one",
        };
        Err(ApiError::new(ErrorCode::InvalidInput, busy))
    }

    /// Tells a session this window hosts (if any) that the window just
    /// wrote, or that someone else now acts at it.
    pub(crate) fn nudge(&self, acting: Option<accord_api::domain::ProfileId>) {
        self.hosted(|h| match acting {
            Some(profile) => h.server.nudger().acting(profile),
            None => h.server.nudger().nudge(),
        });
    }
}

/// A failure of the network: a port that cannot be listened on, a peer out of reach.
pub(crate) fn network(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Network, e.to_string())
}

/// A bug of Accord's own (a task that panicked, a file that should exist).
pub(crate) fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

/// What the page is told of a session change: whether what it shows of
/// the roadmap changed (else only who is here, where they are, or the link).
#[derive(Clone, serde::Serialize)]
struct SessionChanged {
    items: bool,
}

/// Tells the page of every change of a hosted or joined session, until it ends.
async fn tell_page(app: AppHandle, mut changes: tokio::sync::watch::Receiver<Changes>) {
    let mut seen = *changes.borrow();
    while changes.changed().await.is_ok() {
        let now = *changes.borrow_and_update();
        let _ = app.emit("session-changed", SessionChanged { items: now.items != seen.items });
        seen = now;
    }
}
