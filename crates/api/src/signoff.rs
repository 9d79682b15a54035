//! Signing off shared decisions. The first one is an item's `when`: agreed
//! only while both partners' signatures are over its current content.

use accord_domain::sealed_key::{self, KdfCost, SealError};
use accord_domain::{
    agreement, authorize_signature, required_signers, ContentHash, HistoryAction, HistoryEntry, Item, ItemId, Keypair,
    ProfileId, PublicIdentity, Role, Statement, Subject,
};
use accord_store::rusqlite::Connection;
use accord_store::{history, items, signoffs};
use serde::Serialize;

use crate::items::{current, record};
use crate::{Accord, ApiError, ApiResult, ErrorCode, SignWhen, SignatureView, WhenSignoff};

/// What a `when` signature covers: the item and the text of its `when`.
#[derive(Serialize)]
struct WhenContent<'a> {
    item_id: ItemId,
    when: &'a str,
}

fn when_hash(item: &Item) -> ApiResult<ContentHash> {
    ContentHash::of(&WhenContent { item_id: item.id, when: &item.matrix.when })
        .map_err(|e| ApiError::invalid(e.to_string()))
}

/// Fresh random bytes from the OS.
fn random<const N: usize>() -> ApiResult<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out)
        .map_err(|e| ApiError::new(ErrorCode::Storage, format!("no randomness from the OS: {e}")))?;
    Ok(out)
}

/// A new key pair for a profile, sealed under its passphrase.
pub(crate) fn new_sealed_key(passphrase: &str) -> ApiResult<sealed_key::SealedKey> {
    let seed = zeroize::Zeroizing::new(random::<32>()?);
    let keypair = Keypair::from_seed(&seed);
    sealed_key::seal(&keypair, passphrase, KdfCost::default(), random()?, random()?).map_err(seal_error)
}

fn seal_error(e: SealError) -> ApiError {
    match e {
        SealError::WrongPassphrase => ApiError::new(ErrorCode::WrongPassphrase, "wrong passphrase; nothing was signed"),
        SealError::WeakPassphrase => ApiError::invalid(e.to_string()),
        SealError::Malformed(_) => ApiError::new(ErrorCode::Storage, e.to_string()),
    }
}

impl Accord {
    /// The public half of every profile that can sign, for the other
    /// machine and for verifiers.
    pub fn identities(&self) -> ApiResult<Vec<PublicIdentity>> {
        Ok(signoffs::identities(self.store.conn())?.into_iter().map(|(_, who)| who).collect())
    }

    /// Signs the current `when` of an item as the acting person. The
    /// passphrase opens that person's own key; nobody can sign for another.
    pub fn sign_when(&mut self, actor: ProfileId, req: SignWhen) -> ApiResult<WhenSignoff> {
        let actor = self.profile(actor)?;
        let subject = Subject::ItemWhen(req.item_id);
        authorize_signature(actor.role, subject)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = current(tx, req.item_id, req.base_revision)?;
            if item.archived {
                return Err(ApiError::invalid("the item is archived; restore it first"));
            }
            if item.matrix.when.trim().is_empty() {
                return Err(ApiError::invalid("there is no when to sign yet: write the target first"));
            }
            let sealed = signoffs::sealed_key(tx, actor.id)?.ok_or_else(|| {
                ApiError::invalid(format!("{} has no signing key (the profile predates sign-off)", actor.name))
            })?;
            let keypair = sealed_key::open(&sealed, &req.passphrase).map_err(seal_error)?;
            let statement = Statement::new(item.roadmap_id, subject, item.revision, when_hash(&item)?, actor.role, &at);
            let signature = keypair.sign(statement).map_err(|e| ApiError::invalid(e.to_string()))?;
            signoffs::insert(tx, item.roadmap_id, actor.id, &signature)?;
            record(tx, &item, &actor, &at, HistoryAction::SignedOff, "when", "", &item.matrix.when)?;
            Ok(())
        })?;
        self.when_signoff(req.item_id)
    }

    /// Where an item's `when` stands: who signed the current content, whose
    /// signature lapsed, and the change that lapsed it.
    pub fn when_signoff(&self, item_id: ItemId) -> ApiResult<WhenSignoff> {
        let conn = self.store.conn();
        let item = items::get(conn, item_id)?.ok_or_else(|| ApiError::not_found("item", item_id))?;
        when_signoff(conn, &item)
    }
}

fn when_signoff(conn: &Connection, item: &Item) -> ApiResult<WhenSignoff> {
    let subject = Subject::ItemWhen(item.id);
    let hash = when_hash(item)?;
    let people = signoffs::identities(conn)?;
    let rows = signoffs::for_subject(conn, item.roadmap_id, subject)?;
    let identity_of = |key: &str| people.iter().find(|(_, p)| p.public_key == key).map(|(_, p)| p.clone());
    let unreadable = rows.iter().filter(|(_, s)| s.is_none()).count();
    let signatures: Vec<_> = rows.iter().filter_map(|(signer, s)| s.as_ref().map(|s| (*signer, s))).collect();
    let mut agreement = agreement(
        item.roadmap_id,
        subject,
        hash,
        required_signers(subject),
        signatures.iter().map(|(_, s)| *s),
        identity_of,
    );
    agreement.invalid += unreadable;

    // One valid signature per role, as the people at the screen see it: the
    // latest over the current content if there is one (as `agreement` counts
    // it, e.g. after the text was changed back), else the latest at all.
    let current_hex = hash.to_hex();
    let mut views: Vec<SignatureView> = Vec::new();
    for (signer, sig) in signatures.iter().rev() {
        let Some(who) = identity_of(&sig.public_key) else { continue };
        if sig.verify(&who).is_err() {
            continue;
        }
        let view = SignatureView {
            profile_id: *signer,
            name: who.name,
            role: sig.statement.role,
            fingerprint: who.fingerprint,
            signed_at: sig.statement.signed_at.clone(),
            revision: sig.statement.revision,
            content_hash: sig.statement.content_hash.clone(),
            current: sig.statement.content_hash == current_hex,
        };
        match views.iter_mut().find(|v| v.role == view.role) {
            None => views.push(view),
            Some(seen) if !seen.current && view.current => *seen = view,
            Some(_) => {}
        }
    }
    views.sort_by_key(|v| v.role != Role::Em);

    // What lapsed it: the changes to `when` since the earliest lapsed signature.
    let since = views.iter().filter(|v| !v.current).map(|v| v.signed_at.as_str()).min();
    let lapsed_by: Vec<HistoryEntry> = match since {
        Some(since) => history::for_item(conn, item.id)?
            .into_iter()
            .filter(|e| {
                e.field == "when"
                    && e.at.as_str() >= since
                    && matches!(e.action, HistoryAction::DimensionEdited | HistoryAction::ProposalAccepted)
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(WhenSignoff { item_id: item.id, content_hash: current_hex, agreement, signatures: views, lapsed_by })
}
