//! What a machine remembers between planning sessions: its TLS key (it
//! hosts and joins with it), the port it hosted on, the guests that paired
//! with it (each TLS key bound to the signing key it proved), and the hosts
//! it joined.

use accord_domain::SessionKnown;
pub use accord_store::session::PinnedGuest;

use crate::{Accord, ApiError, ApiResult, ErrorCode};

impl Accord {
    /// The TLS certificate and key (DER) this machine hosts sessions with,
    /// if it has made them.
    pub fn session_host_identity(&self) -> ApiResult<Option<accord_store::session::CertAndKey>> {
        Ok(accord_store::session::host_identity(self.store.conn())?)
    }

    pub fn set_session_host_identity(&mut self, cert: &[u8], key: &[u8]) -> ApiResult<()> {
        Ok(self.store.write(|tx| accord_store::session::set_host_identity(tx, cert, key))?)
    }

    /// The port this machine last hosted a session on, if any.
    pub fn session_port(&self) -> ApiResult<Option<u16>> {
        Ok(accord_store::session::last_port(self.store.conn())?)
    }

    pub fn set_session_port(&mut self, port: u16) -> ApiResult<()> {
        Ok(self.store.write(|tx| accord_store::session::set_last_port(tx, port))?)
    }

    /// Remembers a guest's TLS key and the signing key it proved, so it
    /// reconnects without a code as the same person.
    pub fn pin_session_guest(&mut self, guest: &PinnedGuest) -> ApiResult<()> {
        let at = accord_store::now();
        Ok(self.store.write(|tx| accord_store::session::pin_guest(tx, guest, &at))?)
    }

    /// Remembers a host this machine joined, so it can rejoin without a code.
    /// `joined_at` is set to now.
    pub fn remember_session_host(&mut self, known: &SessionKnown) -> ApiResult<()> {
        let host = SessionKnown { joined_at: accord_store::now(), ..known.clone() };
        Ok(self.store.write(|tx| accord_store::session::remember_host(tx, &host))?)
    }

    /// Hosts joined before, the latest first.
    pub fn session_hosts(&self) -> ApiResult<Vec<SessionKnown>> {
        Ok(accord_store::session::joined_hosts(self.store.conn())?)
    }

    /// Forgets a host joined before: joining it again takes a new code.
    pub fn forget_session_host(&mut self, host_key: &str) -> ApiResult<()> {
        if self.store.write(|tx| accord_store::session::forget_host(tx, host_key))? {
            Ok(())
        } else {
            Err(ApiError::new(ErrorCode::NotFound, "no session host with that key was joined from here"))
        }
    }

    /// Every guest paired before.
    pub fn session_guests(&self) -> ApiResult<Vec<PinnedGuest>> {
        Ok(accord_store::session::pinned_guests(self.store.conn())?)
    }
}
