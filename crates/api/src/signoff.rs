//! Signing off shared decisions. The first one is an item's `when`: agreed
//! only while both partners' signatures are over its current content.

use accord_domain::sealed_key::{self, KdfCost, SealError};
use accord_domain::{
    agreement_of_checked, authorize_signature, ContentHash, HistoryAction, HistoryEntry, Item, ItemId, Keypair,
    Profile, ProfileId, PublicIdentity, RoadmapId, Role, Signature, SignedRoadmap, Statement, Subject, When, PARTNERS,
};
use accord_store::rusqlite::Connection;
use accord_store::{history, items, roadmaps, signoffs};
use serde::Serialize;

use crate::record::{current, record};
use crate::{Accord, ApiError, ApiResult, ErrorCode, SignWhen, SignatureView, SignoffState, WhenSignoff, WhenState};

/// What a `when` signature covered before the *when* had a structure:
/// the item and the free text.
#[derive(Serialize)]
struct WhenContentV1<'a> {
    item_id: ItemId,
    when: &'a str,
}

/// What a `when` signature covers: the item and its target, confidence
/// and note. `v` keeps it from ever hashing like a version 1 content.
#[derive(Serialize)]
struct WhenContent<'a> {
    v: u8,
    item_id: ItemId,
    when: &'a When,
}

/// What a signature on `item`'s `when` covers, as it reads now: the guest
/// computes it from its copy to sign on its own machine. Until its first
/// change since the upgrade, an item's *when* is the free text signed before it.
pub fn when_hash(item: &Item) -> ApiResult<ContentHash> {
    match &item.when_before_upgrade {
        Some(text) => hash_of(&WhenContentV1 { item_id: item.id, when: text }),
        None => hash_of(&WhenContent { v: 2, item_id: item.id, when: &item.schedule }),
    }
}

pub(crate) fn hash_of<T: Serialize>(content: &T) -> ApiResult<ContentHash> {
    ContentHash::of(content).map_err(|e| ApiError::invalid(e.to_string()))
}

/// Fresh random bytes from the OS.
fn random<const N: usize>() -> ApiResult<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("no randomness from the OS: {e}")))?;
    Ok(out)
}

/// A new key pair for a profile, sealed under its passphrase.
pub(crate) fn new_sealed_key(passphrase: &str) -> ApiResult<sealed_key::SealedKey> {
    let seed = zeroize::Zeroizing::new(random::<32>()?);
    let keypair = Keypair::from_seed(&seed);
    sealed_key::seal(&keypair, passphrase, KdfCost::default(), random()?, random()?).map_err(seal_error)
}

pub(crate) fn seal_error(e: SealError) -> ApiError {
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
        self.sign_when_with(actor, req.item_id, req.base_revision, Proof::Passphrase(&req.passphrase))
    }

    pub(crate) fn sign_when_with(
        &mut self,
        actor: ProfileId,
        item_id: ItemId,
        base_revision: i64,
        proof: Proof<'_>,
    ) -> ApiResult<WhenSignoff> {
        let actor = self.profile(actor)?;
        authorize_signature(actor.role, PARTNERS)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = current(tx, item_id, base_revision)?;
            if item.archived {
                return Err(ApiError::invalid("the item is archived; restore it first"));
            }
            if item.matrix.when.trim().is_empty() {
                return Err(ApiError::invalid("there is no when to sign yet: write the target first"));
            }
            let subject = Subject::ItemWhen(item.id);
            sign(tx, &actor, proof, item.roadmap_id, subject, item.revision, when_hash(&item)?, &at)?;
            record(tx, &item, &actor, &at, HistoryAction::SignedOff, "when", "", &item.matrix.when)?;
            Ok(())
        })?;
        self.when_signoff(item_id)
    }

    /// Where an item's `when` stands: who signed the current content, whose
    /// signature lapsed, and the change that lapsed it.
    pub fn when_signoff(&self, item_id: ItemId) -> ApiResult<WhenSignoff> {
        let conn = self.store.conn();
        let item = items::get(conn, item_id)?.ok_or_else(|| ApiError::not_found("item", item_id))?;
        when_signoff(conn, &item)
    }
}

/// How a signature comes to be: made here, with the actor's own key opened
/// by their passphrase, or made on the actor's own machine (a planning-
/// session guest) and checked here against the key they are bound to.
#[derive(Clone, Copy)]
pub(crate) enum Proof<'a> {
    Passphrase(&'a str),
    Signed(&'a Signature),
}

/// How far from the host's clock a signature made elsewhere may say it was made.
pub const SIGNED_AT_TOLERANCE_SECS: i64 = 5 * 60;

/// Signs `subject` as it now hashes, as `actor`, inside the caller's
/// transaction: with their own key opened by their passphrase, or by
/// checking the signature they made on their own machine.
#[allow(clippy::too_many_arguments)] // the statement's fields, in order
pub(crate) fn sign(
    tx: &Connection,
    actor: &Profile,
    proof: Proof<'_>,
    roadmap_id: RoadmapId,
    subject: Subject,
    revision: i64,
    hash: ContentHash,
    at: &str,
) -> ApiResult<()> {
    let uid = roadmap_uid(tx, roadmap_id)?;
    let roadmap = SignedRoadmap { id: roadmap_id, uid: &uid };
    let signature = match proof {
        Proof::Passphrase(passphrase) => {
            sign_with_own_key(tx, actor, passphrase, Statement::new(roadmap, subject, revision, hash, actor.role, at))?
        }
        Proof::Signed(signature) => {
            check_signed_elsewhere(tx, actor, signature, roadmap, subject, revision, hash, at)?;
            signature.clone()
        }
    };
    signoffs::insert(tx, roadmap_id, actor.id, &signature)?;
    Ok(())
}

fn bad_signature(why: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::BadSignature, format!("the signature is refused: {why}; nothing was written"))
}

/// A signature made on the signer's own machine holds here only when it is
/// by the key `actor` is bound to, in their role, over exactly this
/// subject of this roadmap as it is now, made about now.
#[allow(clippy::too_many_arguments)] // the statement's fields, in order
fn check_signed_elsewhere(
    tx: &Connection,
    actor: &Profile,
    signature: &Signature,
    roadmap: SignedRoadmap<'_>,
    subject: Subject,
    revision: i64,
    hash: ContentHash,
    at: &str,
) -> ApiResult<()> {
    let st = &signature.statement;
    let bound = signoffs::public_key_of(tx, actor.id)?;
    if bound.as_deref() != Some(signature.public_key.as_str()) {
        return Err(ApiError::new(
            ErrorCode::WrongKey,
            format!("the signature was made with another key than {}'s; nothing was written", actor.name),
        ));
    }
    if st.context != accord_domain::signoff::CONTEXT || st.roadmap_uid.as_deref() != Some(roadmap.uid) {
        return Err(bad_signature("it is not over this roadmap (another database or an older statement)"));
    }
    if st.roadmap_id != roadmap.id || st.subject != subject {
        return Err(bad_signature("it is over something else than what it was sent for"));
    }
    if st.role != actor.role {
        return Err(bad_signature(format!("it claims the role {}, not {}", st.role.label(), actor.role.label())));
    }
    if st.revision != revision {
        return Err(ApiError::new(
            ErrorCode::StaleRevision,
            format!(
                "the signature is over revision {}, but it is at revision {revision} now: read it again and sign \
                 what it says now",
                st.revision
            ),
        ));
    }
    if st.content_hash != hash.to_hex() {
        return Err(bad_signature("it is over other content than what stands now"));
    }
    let (Ok(signed), Ok(now)) =
        (chrono::DateTime::parse_from_rfc3339(&st.signed_at), chrono::DateTime::parse_from_rfc3339(at))
    else {
        return Err(bad_signature("its time is not readable"));
    };
    if (now - signed).num_seconds().abs() > SIGNED_AT_TOLERANCE_SECS {
        return Err(bad_signature(format!(
            "it says it was made at {}, more than {} minutes from now here",
            st.signed_at,
            SIGNED_AT_TOLERANCE_SECS / 60
        )));
    }
    let who = PublicIdentity::new(
        &actor.name,
        actor.role,
        accord_domain::PublicKey::from_hex(&signature.public_key).map_err(bad_signature)?,
    );
    signature.verify(&who).map_err(bad_signature)
}

/// Makes a signature over `subject` of `roadmap`, as it hashes to `hash`
/// at `revision`, with `signer`'s own key opened by their passphrase: on
/// the signer's machine, for a host to check and keep. Nothing is written.
pub(crate) fn sign_for_elsewhere(
    conn: &Connection,
    signer: &Profile,
    passphrase: &str,
    roadmap: SignedRoadmap<'_>,
    subject: Subject,
    revision: i64,
    hash: ContentHash,
) -> ApiResult<Signature> {
    let statement = Statement::new(roadmap, subject, revision, hash, signer.role, &accord_store::now());
    sign_with_own_key(conn, signer, passphrase, statement)
}

/// Opens `signer`'s key sealed on this machine with their passphrase, for
/// this one statement, and signs it.
fn sign_with_own_key(
    conn: &Connection,
    signer: &Profile,
    passphrase: &str,
    statement: Statement,
) -> ApiResult<Signature> {
    let sealed = signoffs::sealed_key(conn, signer.id)?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::MissingKey,
            format!("{} has no signing key yet: create one from the people menu", signer.name),
        )
    })?;
    let keypair = sealed_key::open(&sealed, passphrase).map_err(seal_error)?;
    keypair.sign(statement).map_err(|e| ApiError::invalid(e.to_string()))
}

/// The global identity a signature over `roadmap_id` names.
pub(crate) fn roadmap_uid(conn: &Connection, roadmap_id: RoadmapId) -> ApiResult<String> {
    roadmaps::uid(conn, roadmap_id)?.ok_or_else(|| ApiError::not_found("roadmap", roadmap_id))
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
    let uid = roadmap_uid(conn, roadmap_id)?;
    let roadmap = SignedRoadmap { id: roadmap_id, uid: &uid };
    let mut agreement =
        agreement_of_checked(roadmap, subject, hash, signers, checked.iter().map(|(_, s, who)| (*s, who.is_some())));
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
