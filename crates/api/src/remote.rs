//! Ops a planning-session guest sends to the host. The host applies each
//! with the guest's own decision rights (its paired profile, never a role the
//! op claims), at most once per client op id: a re-sent op gets its first
//! outcome back. Applied ops are logged in the transaction of their change;
//! rejected ones are logged after, with nothing else written.

use accord_domain::{
    authorize, validate, Action, Dimension, Item, ItemId, Limits, Profile, ProfileId, RoadmapId, Role, SessionKnown,
};
use accord_store::op_log::{self, OpEntry, Outcome};
use accord_store::profiles;
use serde::{Deserialize, Serialize};

use crate::{
    Accord, ApiError, ApiResult, EditDimension, ErrorCode, MoveItem, NewItem, ProposeChange, RespondToProposal,
    UpdateItem,
};

/// Longest client op id accepted (a UUID is 36 characters).
pub const CLIENT_OP_ID_MAX: usize = 64;

/// A change a guest asks the host to make: the same requests the app's own
/// commands take, so a guest can do exactly what a local user can.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "request", rename_all = "snake_case")]
pub enum RemoteOp {
    CreateItem(NewItem),
    UpdateItem(UpdateItem),
    EditDimension(EditDimension),
    MoveItem(MoveItem),
    ProposeChange(ProposeChange),
    RespondToProposal(RespondToProposal),
}

impl RemoteOp {
    /// Writing `text` into `item`'s `dimension`, at the revision the sender saw.
    pub fn edit(item: &Item, dimension: Dimension, text: impl Into<String>) -> RemoteOp {
        RemoteOp::EditDimension(EditDimension {
            item_id: item.id,
            base_revision: item.revision,
            dimension,
            text: text.into(),
            trade_off: None,
        })
    }

    pub fn kind(&self) -> &'static str {
        match self {
            RemoteOp::CreateItem(_) => "create_item",
            RemoteOp::UpdateItem(_) => "update_item",
            RemoteOp::EditDimension(_) => "edit_dimension",
            RemoteOp::MoveItem(_) => "move_item",
            RemoteOp::ProposeChange(_) => "propose_change",
            RemoteOp::RespondToProposal(_) => "respond_to_proposal",
        }
    }

    /// The existing item the op changes (none for a new item).
    pub fn item_id(&self) -> Option<ItemId> {
        match self {
            RemoteOp::CreateItem(_) => None,
            RemoteOp::UpdateItem(r) => Some(r.item_id),
            RemoteOp::EditDimension(r) => Some(r.item_id),
            RemoteOp::MoveItem(r) => Some(r.item_id),
            RemoteOp::ProposeChange(r) => Some(r.item_id),
            RemoteOp::RespondToProposal(r) => Some(r.item_id),
        }
    }
}

/// What became of a remote op.
#[derive(Debug, Clone, PartialEq)]
pub enum RemoteOutcome {
    /// Applied as op `seq` of the host's log. `item` is the item as the op
    /// left it; `None` when this answers a re-sent op (the item has moved on
    /// since, and the guest has it from the broadcast or its catch-up).
    Applied { seq: i64, item: Option<Box<Item>> },
    /// Refused, and nothing was written. For a stale op `error.current` is
    /// the item as it is now.
    Rejected { seq: i64, error: ApiError },
}

impl Accord {
    /// The host's profile for a guest who paired as `name` in `role`: the
    /// one already here with that name and role, else a new one. It has no
    /// signing key on this machine (the guest signs on their own), and its
    /// rights are its role's, whatever its ops claim.
    pub fn guest_profile(&mut self, name: &str, role: Role) -> ApiResult<Profile> {
        let name = validate::required_line("name", name, Limits::NAME_MAX)?;
        if let Some(p) = profiles::list(self.store.conn())?.into_iter().find(|p| p.name == name && p.role == role) {
            return Ok(p);
        }
        let at = accord_store::now();
        let id = self.store.write(|tx| profiles::insert(tx, &name, role, &at))?;
        self.profile(id)
    }

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

    /// Remembers a guest's key, so it reconnects without a code as the same person.
    pub fn pin_session_guest(&mut self, fingerprint: &str, name: &str, role: Role) -> ApiResult<()> {
        let at = accord_store::now();
        Ok(self.store.write(|tx| accord_store::session::pin_guest(tx, fingerprint, name, role, &at))?)
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

    /// Every guest paired before: key fingerprint, name, role.
    pub fn session_guests(&self) -> ApiResult<Vec<(String, String, Role)>> {
        Ok(accord_store::session::pinned_guests(self.store.conn())?)
    }

    /// Applies `op` from `peer` to the session's roadmap, exactly once per
    /// `client_op_id`. An `Err` means the op was not even logged (a bad op
    /// id, an op for another roadmap, or a storage failure); the guest may
    /// send it again.
    pub fn apply_remote(
        &mut self,
        roadmap_id: RoadmapId,
        peer: ProfileId,
        client_op_id: &str,
        op: &RemoteOp,
    ) -> ApiResult<RemoteOutcome> {
        self.apply_remote_after(roadmap_id, peer, client_op_id, op, None)
    }

    /// As [`Accord::apply_remote`], for an op the guest built on its own
    /// earlier op `after` (the same item, changed while that one was still
    /// unanswered): if `after` was not applied, this one is refused as
    /// stale too, whatever revision it names, so it can never land on a
    /// state its author did not see.
    pub fn apply_remote_after(
        &mut self,
        roadmap_id: RoadmapId,
        peer: ProfileId,
        client_op_id: &str,
        op: &RemoteOp,
        after: Option<&str>,
    ) -> ApiResult<RemoteOutcome> {
        if client_op_id.trim().is_empty() || client_op_id.len() > CLIENT_OP_ID_MAX {
            return Err(ApiError::invalid(format!(
                "an op id is 1 to {CLIENT_OP_ID_MAX} characters; this one has {}",
                client_op_id.len()
            )));
        }
        if let Some(logged) = op_log::find(self.store.conn(), client_op_id)? {
            return self.replay(peer, op, logged);
        }
        self.profile(peer)?;
        self.check_roadmap(roadmap_id, op)?;

        let entry = OpEntry {
            client_op_id: client_op_id.to_string(),
            roadmap_id,
            peer_id: peer,
            kind: op.kind().to_string(),
            body: serde_json::to_string(op).map_err(|e| ApiError::invalid(e.to_string()))?,
            at: accord_store::now(),
        };
        let built_on_refused = match after {
            Some(prev) => !matches!(op_log::find(self.store.conn(), prev)?, Some(l) if l.outcome == Outcome::Applied),
            None => false,
        };
        let applied = if built_on_refused {
            // Not the peer's to make at all: say that first.
            let role = self.profile(peer)?.role;
            let forbidden = match op {
                RemoteOp::EditDimension(e) => authorize(role, e.dimension, Action::Edit).err(),
                _ => None,
            };
            let current = op.item_id().and_then(|id| self.item(id).ok());
            let message = "it was made on top of an earlier change of yours that was refused; nothing was written";
            Err(forbidden.map(ApiError::from).unwrap_or(ApiError {
                code: ErrorCode::StaleRevision,
                message: message.into(),
                current: current.map(Box::new),
            }))
        } else {
            self.store.log_next_write(entry.clone());
            let applied = self.dispatch(peer, op.clone());
            self.store.forget_op();
            applied
        };
        match applied {
            Ok(item) => {
                let seq = op_log::find(self.store.conn(), client_op_id)?
                    .map(|l| l.seq)
                    .ok_or_else(|| ApiError::new(ErrorCode::Storage, "an applied op was not logged"))?;
                Ok(RemoteOutcome::Applied { seq, item: Some(Box::new(item)) })
            }
            Err(error) if error.code == ErrorCode::Storage => Err(error),
            Err(error) => {
                let outcome = Outcome::Rejected { code: code_name(error.code), message: error.message.clone() };
                let seq = self.store.write(|tx| op_log::append(tx, &entry, &outcome))?;
                Ok(RemoteOutcome::Rejected { seq, error })
            }
        }
    }

    fn dispatch(&mut self, peer: ProfileId, op: RemoteOp) -> ApiResult<Item> {
        match op {
            RemoteOp::CreateItem(r) => self.create_item(peer, r),
            RemoteOp::UpdateItem(r) => self.update_item(peer, r),
            RemoteOp::EditDimension(r) => self.edit_dimension(peer, r),
            RemoteOp::MoveItem(r) => self.move_item(peer, r).map(|m| m.item),
            RemoteOp::ProposeChange(r) => {
                let item_id = r.item_id;
                self.propose(peer, r)?;
                self.item(item_id)
            }
            RemoteOp::RespondToProposal(r) => self.respond(peer, r),
        }
    }

    /// A session edits one roadmap: an op aimed elsewhere is refused unlogged.
    fn check_roadmap(&self, roadmap_id: RoadmapId, op: &RemoteOp) -> ApiResult<()> {
        let target = match (op, op.item_id()) {
            (RemoteOp::CreateItem(r), _) => r.roadmap_id,
            (_, Some(id)) => self.item(id)?.roadmap_id,
            (_, None) => roadmap_id,
        };
        if target != roadmap_id {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("this planning session edits roadmap {roadmap_id}, not roadmap {target}"),
            ));
        }
        Ok(())
    }

    fn replay(&self, peer: ProfileId, op: &RemoteOp, logged: op_log::Logged) -> ApiResult<RemoteOutcome> {
        // Op ids are random per guest: the same id from someone else, or for
        // another op, is a forgery or a bug, never a retry.
        let same_op = serde_json::to_string(op).ok().as_deref() == Some(logged.entry.body.as_str());
        if logged.entry.peer_id != peer || !same_op {
            return Err(ApiError::invalid(format!(
                "op id {} was already used for another op",
                logged.entry.client_op_id
            )));
        }
        Ok(match logged.outcome {
            Outcome::Applied => RemoteOutcome::Applied { seq: logged.seq, item: None },
            Outcome::Rejected { code, message } => {
                let code = code_from_name(&code);
                let current = if code == ErrorCode::StaleRevision {
                    op.item_id().and_then(|id| self.item(id).ok())
                } else {
                    None
                };
                RemoteOutcome::Rejected {
                    seq: logged.seq,
                    error: ApiError { code, message, current: current.map(Box::new) },
                }
            }
        })
    }
}

fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn code_from_name(name: &str) -> ErrorCode {
    serde_json::from_value(serde_json::Value::String(name.into())).unwrap_or(ErrorCode::InvalidInput)
}
