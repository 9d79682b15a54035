//! Decision records: create, edit, supersede, sign; the partners'
//! positions; escalation to the director and head of product, and its
//! resolution.

use accord_domain::{
    authorize_decision_edit, authorize_position, authorize_roadmap_change, authorize_signature, check_escalation,
    validate, CapacityShare, Decision, DecisionId, DecisionKind, DecisionStatus, DecisionTopic, EscalationError,
    HistoryAction, HistoryEntry, ItemId, Limits, Position, Profile, ProfileId, PublicIdentity, RoadmapId, Role,
    Subject,
};
use accord_store::decisions::{self, EscalationRow, Resolution};
use accord_store::history::{self, Change};
use accord_store::rusqlite::Connection;
use accord_store::{items, signoffs};

use crate::signoff::{hash_of, lapsing_changes, sign, signoff_state, Proof};
use crate::{
    Accord, ApiError, ApiResult, DecisionSummary, DecisionView, EscalateDecision, EscalationView, NewDecision,
    ResolutionView, ResolveEscalation, SignDecision, SignoffState, SupersedeDecision, UpdateDecision, WritePosition,
};

/// The fields a signature covers, as history names them.
const SIGNED_FIELDS: [&str; 6] = ["title", "context", "options", "outcome", "linked_items", "capacity"];
const DECIDERS: &[Role] = &[Role::DirectorOfEngineering, Role::HeadOfProduct];

pub(crate) fn load(conn: &Connection, id: DecisionId) -> ApiResult<Decision> {
    decisions::get(conn, id)?.ok_or_else(|| ApiError::not_found("decision", id))
}

fn current(conn: &Connection, id: DecisionId, base_revision: i64) -> ApiResult<Decision> {
    let d = load(conn, id)?;
    if d.revision != base_revision {
        return Err(ApiError::stale_decision(&d.title, d.revision));
    }
    Ok(d)
}

fn not_superseded(d: &Decision) -> ApiResult<()> {
    match d.superseded_by {
        Some(by) => Err(ApiError::invalid(format!(
            "\u{201c}{}\u{201d} was superseded by decision {by}; work on that one instead",
            d.title
        ))),
        None => Ok(()),
    }
}

fn open_escalation(conn: &Connection, d: &Decision) -> ApiResult<Option<EscalationRow>> {
    Ok(decisions::escalation(conn, d.id)?.filter(|e| e.resolved_at.is_none()))
}

/// Items a decision links to: existing, live, in its roadmap; duplicates dropped.
pub(crate) fn linked_items(conn: &Connection, roadmap_id: RoadmapId, ids: &[ItemId]) -> ApiResult<Vec<ItemId>> {
    let mut out: Vec<ItemId> = Vec::new();
    for &id in ids {
        if out.contains(&id) {
            continue;
        }
        let item = items::get(conn, id)?.ok_or_else(|| ApiError::not_found("item", id))?;
        if item.roadmap_id != roadmap_id {
            return Err(ApiError::invalid(format!("item {id} is on another roadmap")));
        }
        if item.archived {
            return Err(ApiError::invalid(format!("\u{201c}{}\u{201d} is archived", item.title)));
        }
        out.push(id);
    }
    if out.len() > Limits::LINKED_MAX {
        return Err(ApiError::invalid(format!("linked items: {} is more than {}", out.len(), Limits::LINKED_MAX)));
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)] // the history line's columns, in order
pub(crate) fn record(
    conn: &Connection,
    d: &Decision,
    actor: &Profile,
    at: &str,
    action: HistoryAction,
    field: &str,
    before: &str,
    after: &str,
) -> ApiResult<()> {
    history::append(
        conn,
        &Change {
            roadmap_id: d.roadmap_id,
            item_id: d.trade_off_for,
            decision_id: Some(d.id),
            actor,
            at,
            action,
            field,
            before,
            after,
            undoes: None,
        },
    )?;
    Ok(())
}

fn text(field: &'static str, v: &str) -> ApiResult<String> {
    Ok(validate::text(field, v, Limits::DECISION_TEXT_MAX)?)
}

fn capacity_text(d: &Decision) -> String {
    d.capacity.map(|c| c.to_text()).unwrap_or_default()
}

fn ids_text(ids: &[ItemId]) -> String {
    ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
}

/// Inserts a new decision (validated by the caller) and its history line.
pub(crate) fn insert(conn: &Connection, d: &Decision, actor: &Profile, at: &str) -> ApiResult<Decision> {
    let id = decisions::insert(conn, d, actor.id, at)?;
    let d = load(conn, id)?;
    record(conn, &d, actor, at, HistoryAction::DecisionCreated, "title", "", &d.title)?;
    Ok(d)
}

fn new_record(conn: &Connection, req: &NewDecision) -> ApiResult<Decision> {
    let title = validate::required_line("title", &req.title, Limits::TITLE_MAX)?;
    Ok(Decision {
        context: text("context", &req.context)?,
        options: text("options", &req.options)?,
        outcome: text("outcome", &req.outcome)?,
        linked_items: linked_items(conn, req.roadmap_id, &req.linked_items)?,
        capacity: capacity(req.kind, req.topic, req.capacity)?,
        status: if req.proposed { DecisionStatus::Proposed } else { DecisionStatus::Draft },
        ..Decision::new_record(req.roadmap_id, req.kind, req.topic, title)
    })
}

/// A capacity share is a shared decision of its own topic, and only it carries one.
fn capacity(
    kind: DecisionKind,
    topic: DecisionTopic,
    share: Option<CapacityShare>,
) -> ApiResult<Option<CapacityShare>> {
    match (topic, share) {
        (DecisionTopic::CapacityShare, Some(share)) => {
            if kind != DecisionKind::Shared {
                return Err(ApiError::invalid("a capacity share is a shared decision: both partners sign it"));
            }
            Ok(Some(share.validated()?))
        }
        (DecisionTopic::CapacityShare, None) => {
            Err(ApiError::invalid("capacity share: give the features, tech debt and experiments shares"))
        }
        (_, Some(_)) => Err(ApiError::invalid("only a capacity-share decision carries a capacity share")),
        (_, None) => Ok(None),
    }
}

/// Writes `next` over `d` (compare-and-set) with one history line per changed field.
fn write(conn: &Connection, d: &Decision, next: &Decision, actor: &Profile, at: &str) -> ApiResult<Decision> {
    if !decisions::update_if_current(conn, next, d.revision, at)? {
        let now = load(conn, d.id)?;
        return Err(ApiError::stale_decision(&now.title, now.revision));
    }
    let pairs = [
        ("title", d.title.clone(), next.title.clone()),
        ("context", d.context.clone(), next.context.clone()),
        ("options", d.options.clone(), next.options.clone()),
        ("outcome", d.outcome.clone(), next.outcome.clone()),
        ("linked_items", ids_text(&d.linked_items), ids_text(&next.linked_items)),
        ("capacity", capacity_text(d), capacity_text(next)),
        ("status", d.status.as_str().to_string(), next.status.as_str().to_string()),
    ];
    for (field, before, after) in pairs {
        if before != after {
            record(conn, d, actor, at, HistoryAction::DecisionEdited, field, &before, &after)?;
        }
    }
    load(conn, d.id)
}

impl Accord {
    pub fn decisions(&self, roadmap_id: RoadmapId) -> ApiResult<Vec<DecisionSummary>> {
        self.roadmap(roadmap_id)?;
        let conn = self.store.conn();
        let people = signoffs::identities(conn)?;
        decisions::list(conn, roadmap_id)?
            .into_iter()
            .map(|d| {
                let (status, state, _) = derive(conn, &people, &d)?;
                Ok(DecisionSummary {
                    id: d.id,
                    kind: d.kind,
                    topic: d.topic,
                    title: d.title,
                    status,
                    signed: state.agreement.signed,
                    lapsed: state.agreement.lapsed,
                    trade_off_for: d.trade_off_for,
                    updated_at: d.updated_at,
                })
            })
            .collect()
    }

    /// The trade-off log: every trade-off made on a committed item, newest first.
    pub fn trade_offs(&self, roadmap_id: RoadmapId) -> ApiResult<Vec<DecisionSummary>> {
        Ok(self.decisions(roadmap_id)?.into_iter().filter(|d| d.trade_off_for.is_some()).collect())
    }

    pub fn decision(&self, id: DecisionId) -> ApiResult<DecisionView> {
        let conn = self.store.conn();
        view(conn, &load(conn, id)?)
    }

    pub fn create_decision(&mut self, actor: ProfileId, req: NewDecision) -> ApiResult<DecisionView> {
        let actor = self.profile(actor)?;
        authorize_decision_edit(actor.role, req.kind)?;
        self.roadmap(req.roadmap_id)?;
        let at = accord_store::now();
        let d = self.store.write(|tx| {
            let d = new_record(tx, &req)?;
            insert(tx, &d, &actor, &at)
        })?;
        self.decision(d.id)
    }

    pub fn update_decision(&mut self, actor: ProfileId, req: UpdateDecision) -> ApiResult<DecisionView> {
        let actor = self.profile(actor)?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            let d = current(tx, req.decision_id, req.base_revision)?;
            authorize_decision_edit(actor.role, d.kind)?;
            not_superseded(&d)?;
            if let Some(e) = open_escalation(tx, &d)? {
                return Err(ApiError::invalid(format!(
                    "\u{201c}{}\u{201d} is escalated to {} and {}; it changes with their resolution",
                    d.title, e.director_name, e.head_of_product_name
                )));
            }
            let next = Decision {
                title: validate::required_line("title", &req.title, Limits::TITLE_MAX)?,
                context: text("context", &req.context)?,
                options: text("options", &req.options)?,
                outcome: text("outcome", &req.outcome)?,
                linked_items: linked_items(tx, d.roadmap_id, &req.linked_items)?,
                capacity: capacity(d.kind, d.topic, req.capacity)?,
                status: if req.proposed { DecisionStatus::Proposed } else { DecisionStatus::Draft },
                ..d.clone()
            };
            write(tx, &d, &next, &actor, &at).map(|d| d.id)
        })?;
        self.decision(id)
    }

    /// Replaces a decision with a new record; both records point at each other.
    pub fn supersede_decision(&mut self, actor: ProfileId, req: SupersedeDecision) -> ApiResult<DecisionView> {
        let actor = self.profile(actor)?;
        let at = accord_store::now();
        let id = self.store.write(|tx| {
            let old = current(tx, req.decision_id, req.base_revision)?;
            authorize_decision_edit(actor.role, old.kind)?;
            not_superseded(&old)?;
            if req.replacement.roadmap_id != old.roadmap_id || req.replacement.kind != old.kind {
                return Err(ApiError::invalid(format!(
                    "the replacement must be a {} on the same roadmap",
                    old.kind.label()
                )));
            }
            let mut new = new_record(tx, &req.replacement)?;
            new.supersedes = Some(old.id);
            let new = insert(tx, &new, &actor, &at)?;
            let retired = Decision { status: DecisionStatus::Superseded, superseded_by: Some(new.id), ..old.clone() };
            write(tx, &old, &retired, &actor, &at)?;
            record(tx, &old, &actor, &at, HistoryAction::DecisionSuperseded, "superseded_by", "", &new.id.to_string())?;
            Ok::<_, ApiError>(new.id)
        })?;
        self.decision(id)
    }

    /// Signs a decision's current content as the acting person, with their own key.
    pub fn sign_decision(&mut self, actor: ProfileId, req: SignDecision) -> ApiResult<DecisionView> {
        self.sign_decision_with(actor, req.decision_id, req.base_revision, Proof::Passphrase(&req.passphrase))
    }

    pub(crate) fn sign_decision_with(
        &mut self,
        actor: ProfileId,
        decision_id: DecisionId,
        base_revision: i64,
        proof: Proof<'_>,
    ) -> ApiResult<DecisionView> {
        let actor = self.profile(actor)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let d = current(tx, decision_id, base_revision)?;
            authorize_signature(actor.role, d.kind.signers())?;
            not_superseded(&d)?;
            if d.outcome.trim().is_empty() {
                return Err(ApiError::invalid("there is no outcome to sign yet: write what was decided first"));
            }
            sign(tx, &actor, proof, d.roadmap_id, Subject::Decision(d.id), d.revision, hash_of(&d.content())?, &at)?;
            record(tx, &d, &actor, &at, HistoryAction::SignedOff, "outcome", "", &d.outcome)?;
            if d.status == DecisionStatus::Draft {
                // Signing puts a draft forward; the status is outside the signed content.
                write(tx, &d, &Decision { status: DecisionStatus::Proposed, ..d.clone() }, &actor, &at)?;
            }
            Ok::<_, ApiError>(())
        })?;
        self.decision(decision_id)
    }

    /// A partner writes their side of a shared decision: their position,
    /// their understanding of the other's, and the compromises explored.
    pub fn write_position(&mut self, actor: ProfileId, req: WritePosition) -> ApiResult<DecisionView> {
        let actor = self.profile(actor)?;
        authorize_position(actor.role)?;
        let at = accord_store::now();
        let position = Position {
            role: actor.role,
            author_name: actor.name.clone(),
            position: text("position", &req.position)?,
            understanding: text("understanding", &req.understanding)?,
            compromises: text("compromises", &req.compromises)?,
            updated_at: at.clone(),
        };
        self.store.write(|tx| {
            let d = load(tx, req.decision_id)?;
            if d.kind != DecisionKind::Shared {
                return Err(ApiError::from(EscalationError::NotShared(d.kind.label())));
            }
            not_superseded(&d)?;
            if decisions::escalation(tx, d.id)?.is_some() {
                return Err(ApiError::invalid("the decision was escalated; the positions are kept as they were then"));
            }
            decisions::upsert_position(tx, d.id, actor.id, &position)?;
            record(tx, &d, &actor, &at, HistoryAction::PositionWritten, actor.role.as_str(), "", &position.position)?;
            Ok::<_, ApiError>(())
        })?;
        self.decision(req.decision_id)
    }

    pub fn escalate(&mut self, actor: ProfileId, req: EscalateDecision) -> ApiResult<DecisionView> {
        let actor = self.profile(actor)?;
        authorize_roadmap_change(actor.role)?;
        let director = validate::optional_line("director of engineering", &req.director_name, Limits::NAME_MAX)?;
        let head = validate::optional_line("head of product", &req.head_of_product_name, Limits::NAME_MAX)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let d = current(tx, req.decision_id, req.base_revision)?;
            if d.superseded_by.is_some() {
                return Err(EscalationError::Superseded.into());
            }
            if decisions::escalation(tx, d.id)?.is_some() {
                return Err(EscalationError::AlreadyEscalated.into());
            }
            let people = signoffs::identities(tx)?;
            if derive(tx, &people, &d)?.0 == DecisionStatus::Agreed {
                return Err(EscalationError::AlreadyAgreed.into());
            }
            check_escalation(d.kind, &decisions::positions(tx, d.id)?, &director, &head)?;
            decisions::insert_escalation(tx, d.id, &director, &head, actor.id, &at)?;
            record(tx, &d, &actor, &at, HistoryAction::Escalated, "escalation", "", &format!("{director}, {head}"))?;
            Ok::<_, ApiError>(())
        })?;
        self.decision(req.decision_id)
    }

    /// Records how an escalation was resolved. The outcome becomes the
    /// decision's content; a director or head of product resolving it here
    /// signs it with their own key.
    pub fn resolve_escalation(&mut self, actor: ProfileId, req: ResolveEscalation) -> ApiResult<DecisionView> {
        let passphrase = req.passphrase.clone();
        self.resolve_escalation_with(actor, req, Some(Proof::Passphrase(&passphrase)))
    }

    /// As [`Accord::resolve_escalation`]; a resolver who decides signs the
    /// resolved content with `proof` (`req.passphrase` is not read).
    pub(crate) fn resolve_escalation_with(
        &mut self,
        actor: ProfileId,
        req: ResolveEscalation,
        proof: Option<Proof<'_>>,
    ) -> ApiResult<DecisionView> {
        let actor = self.profile(actor)?;
        let outcome = text("outcome", &req.outcome)?;
        if outcome.trim().is_empty() {
            return Err(ApiError::invalid("outcome: say what was decided"));
        }
        let decider = DECIDERS.contains(&actor.role);
        let decided_by = if decider {
            format!("{} ({})", actor.name, actor.role.label())
        } else {
            authorize_roadmap_change(actor.role)?;
            validate::required_line("decided by", &req.decided_by, Limits::NAME_MAX)?
        };
        let at = accord_store::now();
        self.store.write(|tx| {
            let d = current(tx, req.decision_id, req.base_revision)?;
            if open_escalation(tx, &d)?.is_none() {
                return Err(ApiError::invalid(format!("\u{201c}{}\u{201d} has no open escalation", d.title)));
            }
            let resolved = write(
                tx,
                &d,
                &Decision { outcome: outcome.clone(), status: DecisionStatus::Proposed, ..d.clone() },
                &actor,
                &at,
            )?;
            let hash = hash_of(&resolved.content())?;
            if decider {
                let proof = proof.ok_or_else(|| ApiError::invalid("a resolution you decide is signed: sign it"))?;
                let subject = Subject::Decision(d.id);
                sign(tx, &actor, proof, d.roadmap_id, subject, resolved.revision, hash, &at)?;
            }
            decisions::resolve_escalation(
                tx,
                d.id,
                &Resolution {
                    decided_by: &decided_by,
                    outcome: &outcome,
                    resolved_hash: &hash.to_hex(),
                    recorded_by: actor.id,
                    at: &at,
                },
            )?;
            record(tx, &resolved, &actor, &at, HistoryAction::EscalationResolved, "decided_by", &decided_by, &outcome)?;
            Ok::<_, ApiError>(())
        })?;
        self.decision(req.decision_id)
    }
}

/// A decision's derived status, its sign-off state, and its escalation.
pub(crate) fn derive(
    conn: &Connection,
    people: &[(ProfileId, PublicIdentity)],
    d: &Decision,
) -> ApiResult<(DecisionStatus, SignoffState, Option<EscalationRow>)> {
    let hash = hash_of(&d.content())?;
    let state = signoff_state(conn, people, d.roadmap_id, Subject::Decision(d.id), hash, d.kind.signers())?;
    let escalation = decisions::escalation(conn, d.id)?;
    let resolved_as_now =
        escalation.as_ref().is_some_and(|e| e.resolved_hash.as_deref() == Some(state.content_hash.as_str()));
    let status = if d.superseded_by.is_some() || d.status == DecisionStatus::Superseded {
        DecisionStatus::Superseded
    } else if state.agreement.agreed || resolved_as_now {
        DecisionStatus::Agreed
    } else if escalation.as_ref().is_some_and(|e| e.resolved_at.is_none()) {
        DecisionStatus::Escalated
    } else {
        d.status
    };
    Ok((status, state, escalation))
}

fn view(conn: &Connection, d: &Decision) -> ApiResult<DecisionView> {
    let people = signoffs::identities(conn)?;
    let (status, signoff, escalation) = derive(conn, &people, d)?;
    let history = history::for_decision(conn, d.id)?;
    let lapsed_by = lapsing_changes(&signoff, history.clone(), |e: &HistoryEntry| {
        e.action == HistoryAction::DecisionEdited && SIGNED_FIELDS.contains(&e.field.as_str())
    });
    let escalation = match escalation {
        None => None,
        Some(e) => {
            let resolution = match (e.decided_by, e.resolution, e.resolved_at) {
                (Some(decided_by), Some(outcome), Some(resolved_at)) => {
                    let hash = e.resolved_hash.unwrap_or_default();
                    let deciders = signoff_state(
                        conn,
                        &people,
                        d.roadmap_id,
                        Subject::Decision(d.id),
                        accord_domain::ContentHash::from_hex(&hash).map_err(|e| ApiError::invalid(e.to_string()))?,
                        DECIDERS,
                    )?;
                    Some(ResolutionView {
                        decided_by,
                        outcome,
                        recorded_by_name: e.recorded_by_name.unwrap_or_default(),
                        resolved_at,
                        current: hash == signoff.content_hash,
                        signatures: deciders.signatures.into_iter().filter(|s| s.current).collect(),
                    })
                }
                _ => None,
            };
            Some(EscalationView {
                director_name: e.director_name,
                head_of_product_name: e.head_of_product_name,
                escalated_by_name: e.escalated_by_name,
                escalated_at: e.escalated_at,
                resolution,
            })
        }
    };
    Ok(DecisionView {
        decision: d.clone(),
        status,
        signoff,
        lapsed_by,
        positions: decisions::positions(conn, d.id)?,
        escalation,
        history,
    })
}
