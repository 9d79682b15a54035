//! Signing off shared decisions. The first one is an item's `when`: agreed
//! only while both partners' signatures are over its current content.

use accord_domain::sealed_key::{self, KdfCost, SealError};
use accord_domain::{
    agreement_of_checked, authorize_signature, ContentHash, HistoryAction, HistoryEntry, Item, ItemId, Keypair,
    Profile, ProfileId, PublicIdentity, RoadmapId, Role, Signature, Statement, Subject, PARTNERS,
};
use accord_store::rusqlite::Connection;
use accord_store::{history, items, signoffs};
use serde::Serialize;

use crate::items::{current, record};
use crate::{Accord, ApiError, ApiResult, ErrorCode, SignWhen, SignatureView, SignoffState, WhenSignoff, WhenState};

/// What a `when` signature covers: the item and the text of its `when`.
#[derive(Serialize)]
struct WhenContent<'a> {
    item_id: ItemId,
    when: &'a str,
}

fn when_hash(item: &Item) -> ApiResult<ContentHash> {
    hash_of(&WhenContent { item_id: item.id, when: &item.matrix.when })
}

pub(crate) fn hash_of<T: Serialize>(content: &T) -> ApiResult<ContentHash> {
    ContentHash::of(content).map_err(|e| ApiError::invalid(e.to_string()))
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
        let conn = self.store.conn();
        let here = signoffs::identities(conn)?.into_iter().map(|(_, who)| who);
        Ok(here.chain(signoffs::known_identities(conn)?).collect())
    }

    /// Signs the current `when` of an item as the acting person. The
    /// passphrase opens that person's own key; nobody can sign for another.
    pub fn sign_when(&mut self, actor: ProfileId, req: SignWhen) -> ApiResult<WhenSignoff> {
        let actor = self.profile(actor)?;
        authorize_signature(actor.role, PARTNERS)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = current(tx, req.item_id, req.base_revision)?;
            if item.archived {
                return Err(ApiError::invalid("the item is archived; restore it first"));
            }
            if item.matrix.when.trim().is_empty() {
                return Err(ApiError::invalid("there is no when to sign yet: write the target first"));
            }
            let subject = Subject::ItemWhen(item.id);
            sign(tx, &actor, &req.passphrase, item.roadmap_id, subject, item.revision, when_hash(&item)?, &at)?;
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

/// Opens the actor's own key with their passphrase and signs `subject` as
/// it now hashes, inside the caller's transaction.
#[allow(clippy::too_many_arguments)] // the statement's fields, in order
pub(crate) fn sign(
    tx: &Connection,
    actor: &Profile,
    passphrase: &str,
    roadmap_id: RoadmapId,
    subject: Subject,
    revision: i64,
    hash: ContentHash,
    at: &str,
) -> ApiResult<()> {
    let sealed = signoffs::sealed_key(tx, actor.id)?.ok_or_else(|| {
        ApiError::invalid(format!("{} has no signing key yet: create one from the people menu", actor.name))
    })?;
    let keypair = sealed_key::open(&sealed, passphrase).map_err(seal_error)?;
    let statement = Statement::new(roadmap_id, subject, revision, hash, actor.role, at);
    let signature = keypair.sign(statement).map_err(|e| ApiError::invalid(e.to_string()))?;
    signoffs::insert(tx, roadmap_id, actor.id, &signature)?;
    Ok(())
}

/// Where `subject` stands against the roles in `signers`, now that its
/// content hashes to `hash`.
pub(crate) fn signoff_state(
    conn: &Connection,
    people: &[(ProfileId, PublicIdentity)],
    roadmap_id: RoadmapId,
    subject: Subject,
    hash: ContentHash,
    signers: &[Role],
) -> ApiResult<SignoffState> {
    let rows = signoffs::for_subject(conn, roadmap_id, subject)?;
    let identity_of = |key: &str| people.iter().find(|(_, p)| p.public_key == key).map(|(_, p)| p);
    let unreadable = rows.iter().filter(|(_, s)| s.is_none()).count();
    // Each signature verified once, for the agreement and for what is shown.
    let checked: Vec<(ProfileId, &Signature, Option<&PublicIdentity>)> = rows
        .iter()
        .filter_map(|(signer, s)| s.as_ref().map(|s| (*signer, s)))
        .map(|(signer, sig)| (signer, sig, identity_of(&sig.public_key).filter(|who| sig.verify(who).is_ok())))
        .collect();
    let mut agreement =
        agreement_of_checked(roadmap_id, subject, hash, signers, checked.iter().map(|(_, s, who)| (*s, who.is_some())));
    agreement.invalid += unreadable;

    // One valid signature per role, as the people at the screen see it: the
    // latest over the current content if there is one (as `agreement` counts
    // it, e.g. after the text was changed back), else the latest at all.
    let current_hex = hash.to_hex();
    let mut views: Vec<SignatureView> = Vec::new();
    for (signer, sig, who) in checked.iter().rev() {
        let Some(who) = who else { continue };
        let view = SignatureView {
            profile_id: *signer,
            name: who.name.clone(),
            role: sig.statement.role,
            fingerprint: who.fingerprint.clone(),
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
    views.sort_by_key(|v| Role::ALL.iter().position(|r| *r == v.role));
    Ok(SignoffState { subject, content_hash: current_hex, agreement, signatures: views })
}

/// The changes in `history` to the signed fields since the earliest lapsed
/// signature in `state`.
pub(crate) fn lapsing_changes(
    state: &SignoffState,
    history: Vec<HistoryEntry>,
    signed_field: impl Fn(&HistoryEntry) -> bool,
) -> Vec<HistoryEntry> {
    let since = state.signatures.iter().filter(|v| !v.current).map(|v| v.signed_at.as_str()).min();
    match since {
        Some(since) => history.into_iter().filter(|e| e.at.as_str() >= since && signed_field(e)).collect(),
        None => Vec::new(),
    }
}

fn when_signoff(conn: &Connection, item: &Item) -> ApiResult<WhenSignoff> {
    let people = signoffs::identities(conn)?;
    let state = signoff_state(conn, &people, item.roadmap_id, Subject::ItemWhen(item.id), when_hash(item)?, PARTNERS)?;
    let lapsed_by = lapsing_changes(&state, history::for_item(conn, item.id)?, |e| {
        e.field == "when" && matches!(e.action, HistoryAction::DimensionEdited | HistoryAction::ProposalAccepted)
    });
    Ok(WhenSignoff {
        item_id: item.id,
        content_hash: state.content_hash,
        agreement: state.agreement,
        signatures: state.signatures,
        lapsed_by,
    })
}

/// Who can sign, and which items' `when` has any signature: loaded once
/// for a pass over a roadmap's items.
pub(crate) struct Signers {
    pub people: Vec<(ProfileId, PublicIdentity)>,
    signed_whens: std::collections::HashSet<ItemId>,
}

impl Signers {
    pub fn load(conn: &Connection, roadmap_id: RoadmapId) -> ApiResult<Signers> {
        Ok(Signers { people: signoffs::identities(conn)?, signed_whens: signoffs::signed_whens(conn, roadmap_id)? })
    }
}

/// How far the partners agree on an item's `when`, for lists and checks.
pub(crate) fn when_state(conn: &Connection, signers: &Signers, item: &Item) -> ApiResult<WhenState> {
    if !signers.signed_whens.contains(&item.id) {
        return Ok(WhenState::Unsigned);
    }
    let subject = Subject::ItemWhen(item.id);
    let state = signoff_state(conn, &signers.people, item.roadmap_id, subject, when_hash(item)?, PARTNERS)?;
    let a = &state.agreement;
    Ok(if a.agreed {
        WhenState::Agreed
    } else if !a.lapsed.is_empty() {
        WhenState::Lapsed
    } else if !a.signed.is_empty() {
        WhenState::Partial
    } else {
        WhenState::Unsigned
    })
}
