//! The document a roadmap PDF is rendered from: the roadmap as it stands,
//! signed off when both partners signed a baseline of exactly this content,
//! a draft otherwise (and the reason why).

use accord_domain::{
    ContentHash, DecisionKind, DecisionStatus, DecisionTopic, ExportBaseline, ExportDecision, ExportDoc,
    ExportEscalation, ExportFraming, ExportGoal, ExportLink, ExportPlanning, ExportRoadmap, ExportSigner, ExportStatus,
    ExportTimeline, ExportTimelineCard, ExportTimelineColumn, ExportTradeOff, ExportViolation, Field, Item, RoadmapId,
    Role, Subject, EXPORT_FORMAT, PARTNERS,
};
use accord_store::{baselines, decisions, items, signoffs};

use crate::baselines::snapshot;
use crate::decisions::derive;
use crate::signoff::{hash_of, Signers};
use crate::{Accord, ApiResult, SignatureView};

/// "Accord 0.1.0": the version that renders (and re-renders, to verify) a document.
pub fn generator() -> String {
    format!("Accord {}", env!("CARGO_PKG_VERSION"))
}

fn signer(v: &SignatureView) -> ExportSigner {
    ExportSigner {
        name: v.name.clone(),
        role: v.role,
        fingerprint: v.fingerprint.clone(),
        signed_at: v.signed_at.clone(),
    }
}

fn role_names(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(" and ")
}

impl Accord {
    /// Everything the PDF of `roadmap_id` shows and carries, as of `exported_at` (RFC 3339).
    pub fn export_document(&self, roadmap_id: RoadmapId, exported_at: &str) -> ApiResult<ExportDoc> {
        let r = self.roadmap(roadmap_id)?;
        let conn = self.store.conn();
        let signers = Signers::load(conn, roadmap_id)?;
        let people = &signers.people;
        let snap = snapshot(conn, roadmap_id)?;
        let hash = hash_of(&snap)?;
        let content_hash = hash.to_hex();

        // The newest baseline of exactly this content, with its valid signatures.
        let all = baselines::list(conn, roadmap_id)?;
        let matching =
            all.iter().find(|b| b.content_hash == content_hash && ContentHash::of_canonical(&b.snapshot) == hash);
        let (status, draft_reason, baseline, signatures, signer_views) = match matching {
            None => {
                let reason = match all.first() {
                    None => "No baseline has been signed yet.".to_string(),
                    Some(b) => format!("The roadmap changed since the baseline \u{201c}{}\u{201d} was taken.", b.name),
                };
                (ExportStatus::Draft, reason, None, Vec::new(), Vec::new())
            }
            Some(b) => {
                let state =
                    crate::signoff::signoff_state(conn, people, roadmap_id, Subject::Baseline(b.id), hash, PARTNERS)?;
                // Valid signatures over this content, each with who made it.
                let (stored, views): (Vec<_>, Vec<_>) =
                    signoffs::for_subject(conn, roadmap_id, Subject::Baseline(b.id))?
                        .into_iter()
                        .filter_map(|(_, s)| s)
                        .filter(|s| s.statement.content_hash == content_hash)
                        .filter_map(|s| {
                            let (_, who) =
                                people.iter().find(|(_, p)| p.public_key == s.public_key && s.verify(p).is_ok())?;
                            let view = ExportSigner {
                                name: who.name.clone(),
                                role: s.statement.role,
                                fingerprint: who.fingerprint.clone(),
                                signed_at: s.statement.signed_at.clone(),
                            };
                            Some((s, view))
                        })
                        .unzip();
                let (status, reason) = if state.agreement.agreed {
                    (ExportStatus::SignedOff, String::new())
                } else {
                    let waiting = role_names(&state.agreement.missing);
                    (
                        ExportStatus::Draft,
                        format!("The baseline \u{201c}{}\u{201d} awaits the {waiting}'s signature.", b.name),
                    )
                };
                let baseline = ExportBaseline {
                    id: b.id,
                    name: b.name.clone(),
                    created_at: b.created_at.clone(),
                    created_by_name: b.created_by_name.clone(),
                };
                (status, reason, Some(baseline), stored, views)
            }
        };

        let mut shared = Vec::new();
        let mut trade_offs = Vec::new();
        let mut escalations = Vec::new();
        for d in decisions::list(conn, roadmap_id)? {
            let (derived, state, escalation) = derive(conn, people, &d)?;
            if derived == DecisionStatus::Superseded {
                continue;
            }
            if let (Some(item_id), Some(item)) =
                (d.trade_off_for, d.trade_off_for.and_then(|id| items::get(conn, id).ok().flatten()))
            {
                let deprioritised = d
                    .deprioritised
                    .iter()
                    .filter_map(|id| items::get(conn, *id).ok().flatten().map(|i| i.title))
                    .collect();
                trade_offs.push(ExportTradeOff {
                    decision_id: d.id,
                    item_id,
                    item_title: item.title,
                    changed: if d.topic == DecisionTopic::ScopeTradeOff { "What" } else { "When" }.into(),
                    deprioritised,
                    capacity_reason: d.capacity_reason.clone(),
                    why: d.outcome.clone(),
                    status: derived,
                    recorded_at: d.created_at.clone(),
                });
            }
            if let Some(e) = escalation.filter(|e| e.resolved_at.is_none()) {
                escalations.push(ExportEscalation {
                    decision_id: d.id,
                    title: d.title.clone(),
                    director_name: e.director_name,
                    head_of_product_name: e.head_of_product_name,
                    escalated_by: e.escalated_by_name,
                    escalated_at: e.escalated_at,
                });
            }
            if d.kind == DecisionKind::Shared {
                shared.push(ExportDecision {
                    id: d.id,
                    kind: d.kind,
                    topic: d.topic,
                    title: d.title,
                    context: d.context,
                    outcome: d.outcome,
                    status: derived,
                    signed_by: state.signatures.iter().filter(|s| s.current).map(signer).collect(),
                });
            }
        }
        shared.reverse(); // oldest first, as decided

        let live = self.items(roadmap_id, false)?;
        // As of the export's day, so re-rendering gives the same page.
        let timeline = self.timeline_on(roadmap_id, crate::timeline::day_of(exported_at))?;
        Ok(ExportDoc {
            format: EXPORT_FORMAT.into(),
            generator: generator(),
            exported_at: exported_at.into(),
            status,
            draft_reason,
            roadmap: ExportRoadmap {
                id: r.id,
                uid: Some(r.uid),
                name: r.name,
                team: r.team,
                em_name: r.em_name,
                pm_name: r.pm_name,
                director_name: r.director_name,
                head_of_product_name: r.head_of_product_name,
            },
            baseline,
            snapshot: snap,
            content_hash,
            signatures,
            signers: signer_views,
            identities: self.identities()?,
            decisions: shared,
            trade_offs,
            escalations,
            goals: self.export_goals(roadmap_id, &live)?,
            planning: live.iter().filter_map(export_planning).collect(),
            violations: timeline
                .violations
                .iter()
                .map(|v| ExportViolation { item_id: v.item_id, message: v.message.clone() })
                .collect(),
            timeline: Some(export_timeline(&timeline)),
        })
    }
}

/// The timeline page of the document.
fn export_timeline(t: &crate::Timeline) -> ExportTimeline {
    let card = |c: &crate::TimelineCard| ExportTimelineCard {
        item_id: c.item_id,
        title: c.title.clone(),
        target: c.target.clone(),
        agreed: c.agreed,
        violated: c.violated,
    };
    let mut columns: Vec<ExportTimelineColumn> = t
        .columns
        .iter()
        .enumerate()
        .map(|(n, col)| ExportTimelineColumn {
            label: col.label.clone(),
            current: col.current,
            items: t.cards.iter().filter(|c| c.column == Some(n as u32)).map(card).collect(),
        })
        .collect();
    for (label, later) in [("Later", true), ("No target", false)] {
        let items: Vec<ExportTimelineCard> =
            t.cards.iter().filter(|c| c.column.is_none() && c.later == later).map(card).collect();
        columns.push(ExportTimelineColumn { label: label.into(), current: false, items });
    }
    let links = t.links.iter().map(|l| ExportLink { from: l.from, to: l.to, violated: l.violated }).collect();
    ExportTimeline { columns, links }
}

impl Accord {
    fn export_goals(&self, roadmap_id: RoadmapId, items: &[Item]) -> ApiResult<Vec<ExportGoal>> {
        Ok(accord_store::goals::list(self.store.conn(), roadmap_id)?
            .into_iter()
            .filter(|g| !g.archived)
            .map(|g| ExportGoal {
                id: g.id,
                target: g.fields.target(),
                objective: g.fields.objective,
                status: g.fields.status,
                items: items.iter().filter(|i| i.planning.goals.contains(&g.id)).map(|i| i.id).collect(),
            })
            .collect())
    }
}

/// A number as the pages print it: "1,200", "0.5", "2.25".
pub fn figure(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let whole = rounded.trunc() as i64;
    let mut digits = whole.abs().to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    let mut out = format!("{}{digits}{grouped}", if rounded < 0.0 { "-" } else { "" });
    let frac = ((rounded - rounded.trunc()).abs() * 100.0).round() as i64;
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

fn export_planning(item: &Item) -> Option<ExportPlanning> {
    let p = &item.planning;
    let framing: Vec<ExportFraming> = [
        (Field::CustomerImpact, &p.customer_impact),
        (Field::VelocityCost, &p.velocity_cost),
        (Field::IncidentRisk, &p.incident_risk),
    ]
    .into_iter()
    .filter_map(|(f, v)| {
        v.as_ref().map(|v| ExportFraming { label: f.label().into(), level: v.level, note: v.note.clone() })
    })
    .collect();
    let any_factor = p.reach.is_some() || p.impact.is_some() || p.confidence.is_some() || p.effort.is_some();
    if !any_factor && framing.is_empty() {
        return None;
    }
    let opt = |v: Option<f64>| v.map(figure).unwrap_or_default();
    Some(ExportPlanning {
        item_id: item.id,
        reach: opt(p.reach.map(|r| r as f64)),
        impact: opt(p.impact),
        confidence: p.confidence.map(|c| format!("{c} %")).unwrap_or_default(),
        effort: opt(p.effort),
        score: opt(p.score()),
        framing,
    })
}
