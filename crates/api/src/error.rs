//! The errors every use-case returns, and the codes the UI switches on.

use accord_domain::{EscalationError, Invalid, Item, RightsError};
use accord_store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The acting role may not make this change (decision rights).
    Forbidden,
    /// The record changed since the caller read it; `current` holds it now.
    StaleRevision,
    NotFound,
    InvalidInput,
    /// The database file was written by a newer Accord.
    NewerDatabase,
    /// No profile is acting yet: first-run set-up is not finished.
    NotSetUp,
    /// The passphrase does not open the acting person's signing key.
    WrongPassphrase,
    /// A committed item's scope or date changes only with a named trade-off.
    TradeOffRequired,
    /// A shared decision is escalated only once both positions are written.
    EscalationIncomplete,
    /// A planning session's host refused the pairing code.
    WrongPairingCode,
    /// A planning session's host cannot be reached, or ended the session.
    SessionUnavailable,
    /// This window is not in the planning session the call needs.
    NotInSession,
    /// A roadmap's EM or PM seat is held by another person's key.
    SeatHeld,
    /// A key that is not the one this person is bound to (at pairing, on a
    /// reconnect, on a signature).
    WrongKey,
    /// A signature that does not hold here: forged, over other content or
    /// another roadmap, of a stale revision, or made at a time far from now.
    BadSignature,
    /// The other machine runs another version of Accord's session protocol.
    UpdateRequired,
    /// A tech-debt item is committed only once framed in business terms.
    FramingRequired,
    /// The other partner's health-check answers stay hidden until both have answered.
    AnswersHidden,
    /// The change cannot be undone any more (it was changed or signed since).
    CannotUndo,
    /// A dependency that would close a cycle; the message names the chain.
    DependencyCycle,
    /// A file to import that cannot be read as what it says it is: the
    /// message names the row or field.
    BadFile,
    /// The database file is damaged or is not an Accord database; it was
    /// not changed, and a backup can be restored in its place.
    DamagedDatabase,
    /// The disk is full: the change was not written.
    DiskFull,
    /// The data directory or file cannot be written: the change was not
    /// written, and the roadmap can still be read.
    ReadOnly,
    /// The person has no signing key on this machine.
    MissingKey,
    /// The network failed: a peer cannot be reached or the link broke.
    Network,
    /// The database could not be read or written.
    Storage,
    /// A bug: something Accord itself got wrong.
    Internal,
}

/// What crosses every boundary (IPC, CLI, sync) when a use-case fails.
/// Nothing was written when one of these is returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// For a stale write: the record as it is now, so nothing is silently lost.
    pub current: Option<Box<Item>>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), current: None }
    }

    pub fn not_found(what: &str, id: i64) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} {id} does not exist"))
    }

    pub fn stale(current: Item) -> Self {
        ApiError {
            code: ErrorCode::StaleRevision,
            message: format!(
                "\u{201c}{}\u{201d} was changed by someone else (now at revision {}); review the current version and try again",
                current.title, current.revision
            ),
            current: Some(Box::new(current)),
        }
    }

    /// A decision changed since the caller read it.
    pub fn stale_decision(title: &str, revision: i64) -> Self {
        Self::new(
            ErrorCode::StaleRevision,
            format!("\u{201c}{title}\u{201d} was changed by someone else (now at revision {revision}); review it and try again"),
        )
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }
}

impl From<RightsError> for ApiError {
    fn from(e: RightsError) -> Self {
        Self::new(ErrorCode::Forbidden, e.to_string())
    }
}

impl From<EscalationError> for ApiError {
    fn from(e: EscalationError) -> Self {
        let code = match e {
            EscalationError::Incomplete(_) | EscalationError::NoContact(_) => ErrorCode::EscalationIncomplete,
            _ => ErrorCode::InvalidInput,
        };
        Self::new(code, e.to_string())
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> Self {
        Self::new(ErrorCode::InvalidInput, e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match e {
            StoreError::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            StoreError::Damaged(_) => ErrorCode::DamagedDatabase,
            StoreError::BadBackup(_) => ErrorCode::BadFile,
            StoreError::DiskFull => ErrorCode::DiskFull,
            StoreError::ReadOnly(_) => ErrorCode::ReadOnly,
            StoreError::Sqlite(_) | StoreError::Io(_) | StoreError::Corrupt(_) => ErrorCode::Storage,
        };
        Self::new(code, e.to_string())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
