//! A roadmap as a JSON document: exported for automation and backups,
//! imported as a new roadmap. Import obeys the decision rights like any
//! other path: the importer's own dimensions (and the shared `when`) are
//! written as their edits; the other partner's arrive as proposals for that
//! partner to answer. A PM importing a file cannot set the *how*.
//!
//! Version 2 also carries goals, items' goal links, RICE factors and
//! tech-debt framing, owned the same way (a goal list arrives with its new
//! roadmap, whoever imports it; linking items to goals is the PM's).
//! Version 1 files still import.

use accord_domain::{
    authorize_roadmap_change, check_commitment, owner_of, validate, Action, Dimension, Framing, GoalFields, GoalStatus,
    HistoryAction, ItemKind, ItemStatus, Limits, Matrix, Owner, Planning, PlanningValue, ProfileId, Roadmap, RoadmapId,
};
use accord_store::items::{self, Column, NewItem as NewRow};
use accord_store::proposals::{self, NewProposal};
use accord_store::roadmaps;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::record::{horizon, record, reload};
use crate::{validated_roadmap, Accord, ApiError, ApiResult, NewRoadmap};

pub const ROADMAP_FORMAT: &str = "accord.roadmap.v2";
/// The first format, without goals and planning fields: still imported.
pub const ROADMAP_FORMAT_V1: &str = "accord.roadmap.v1";
/// A larger file is refused before it is parsed.
pub const IMPORT_MAX_BYTES: usize = 32 * 1024 * 1024;
pub const IMPORT_MAX_ITEMS: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapDocument {
    pub format: String,
    pub roadmap: RoadmapFields,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<GoalEntry>,
    /// Live items in priority order.
    pub items: Vec<ItemFields>,
}

/// A goal in a file; items name it by `key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalEntry {
    pub key: String,
    pub objective: String,
    #[serde(default)]
    pub metric: String,
    #[serde(default)]
    pub from_value: String,
    #[serde(default)]
    pub to_value: String,
    #[serde(default)]
    pub by_when: String,
    #[serde(default = "on_track")]
    pub status: GoalStatus,
}

/// An item's RICE factors and tech-debt framing in a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanningFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reach: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_impact: Option<Framing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub velocity_cost: Option<Framing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_risk: Option<Framing>,
}

impl PlanningFields {
    fn values(&self) -> Vec<PlanningValue> {
        let mut out = Vec::new();
        if self.reach.is_some() {
            out.push(PlanningValue::Reach(self.reach));
        }
        if self.impact.is_some() {
            out.push(PlanningValue::Impact(self.impact));
        }
        if self.confidence.is_some() {
            out.push(PlanningValue::Confidence(self.confidence));
        }
        if self.effort.is_some() {
            out.push(PlanningValue::Effort(self.effort));
        }
        for (f, v) in [
            (&self.customer_impact, PlanningValue::CustomerImpact as fn(_) -> _),
            (&self.velocity_cost, PlanningValue::VelocityCost),
            (&self.incident_risk, PlanningValue::IncidentRisk),
        ] {
            if f.is_some() {
                out.push(v(f.clone()));
            }
        }
        out
    }

    fn is_empty(&self) -> bool {
        self == &PlanningFields::default()
    }
}

impl From<&Planning> for PlanningFields {
    fn from(p: &Planning) -> Self {
        PlanningFields {
            reach: p.reach,
            impact: p.impact,
            confidence: p.confidence,
            effort: p.effort,
            customer_impact: p.customer_impact.clone(),
            velocity_cost: p.velocity_cost.clone(),
            incident_risk: p.incident_risk.clone(),
        }
    }
}

fn on_track() -> GoalStatus {
    GoalStatus::OnTrack
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapFields {
    pub name: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub em_name: String,
    #[serde(default)]
    pub pm_name: String,
    #[serde(default)]
    pub director_name: String,
    #[serde(default)]
    pub head_of_product_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFields {
    pub title: String,
    #[serde(default = "idea")]
    pub status: ItemStatus,
    #[serde(default = "feature")]
    pub kind: ItemKind,
    #[serde(default = "later")]
    pub horizon: String,
    #[serde(default)]
    pub matrix: MatrixFields,
    /// Keys of the goals it serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
    #[serde(default, skip_serializing_if = "PlanningFields::is_empty")]
    pub planning: PlanningFields,
}

/// The matrix as written in a file: any dimension may be left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatrixFields {
    pub what: String,
    pub why: String,
    pub how: String,
    pub who: String,
    pub when: String,
}

impl From<Matrix> for MatrixFields {
    fn from(m: Matrix) -> Self {
        MatrixFields { what: m.what, why: m.why, how: m.how, who: m.who, when: m.when }
    }
}

impl From<&MatrixFields> for Matrix {
    fn from(m: &MatrixFields) -> Self {
        Matrix {
            what: m.what.clone(),
            why: m.why.clone(),
            how: m.how.clone(),
            who: m.who.clone(),
            when: m.when.clone(),
        }
    }
}

fn idea() -> ItemStatus {
    ItemStatus::Idea
}
fn feature() -> ItemKind {
    ItemKind::Feature
}
fn later() -> String {
    "later".into()
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub roadmap: Roadmap,
    pub items: u32,
    /// Dimensions written as the importer's own edits.
    pub written: u32,
    /// Dimensions owned by the other partner, filed as proposals to them.
    pub proposed: u32,
    pub goals: u32,
    /// Committed tech-debt items brought in as ideas: their framing
    /// arrives as proposals, and they are committed once it is written.
    pub uncommitted: u32,
}

fn invalid_at(n: usize, e: impl std::fmt::Display) -> ApiError {
    ApiError::invalid(format!("item {}: {e}", n + 1))
}

impl Accord {
    /// The roadmap's live items, in priority order, as a JSON document.
    pub fn export_roadmap(&self, roadmap_id: RoadmapId) -> ApiResult<String> {
        let r = self.roadmap(roadmap_id)?;
        let goals = accord_store::goals::list(self.store.conn(), roadmap_id)?;
        let key = |id: i64| format!("g{id}");
        let live: Vec<i64> = goals.iter().filter(|g| !g.archived).map(|g| g.id).collect();
        let doc = RoadmapDocument {
            format: ROADMAP_FORMAT.into(),
            goals: goals
                .iter()
                .filter(|g| !g.archived)
                .map(|g| GoalEntry {
                    key: key(g.id),
                    objective: g.fields.objective.clone(),
                    metric: g.fields.metric.clone(),
                    from_value: g.fields.from_value.clone(),
                    to_value: g.fields.to_value.clone(),
                    by_when: g.fields.by_when.clone(),
                    status: g.fields.status,
                })
                .collect(),
            roadmap: RoadmapFields {
                name: r.name,
                team: r.team,
                em_name: r.em_name,
                pm_name: r.pm_name,
                director_name: r.director_name,
                head_of_product_name: r.head_of_product_name,
            },
            items: self
                .items(roadmap_id, false)?
                .into_iter()
                .map(|i| ItemFields {
                    goals: i.planning.goals.iter().filter(|g| live.contains(g)).map(|&g| key(g)).collect(),
                    planning: PlanningFields::from(&i.planning),
                    title: i.title,
                    status: i.status,
                    kind: i.kind,
                    horizon: i.horizon,
                    matrix: i.matrix.into(),
                })
                .collect(),
        };
        Ok(serde_json::to_string_pretty(&doc).expect("a roadmap document serialises"))
    }

    /// Creates a new roadmap from a document, as `actor`. Everything is
    /// checked before anything is written; one transaction writes it all.
    pub fn import_roadmap(&mut self, actor: ProfileId, text: &str) -> ApiResult<ImportReport> {
        let actor = self.profile(actor)?;
        authorize_roadmap_change(actor.role)?;
        if text.len() > IMPORT_MAX_BYTES {
            return Err(ApiError::invalid(format!(
                "the file is {} MB; an import is at most {} MB",
                text.len() / (1024 * 1024),
                IMPORT_MAX_BYTES / (1024 * 1024)
            )));
        }
        let doc: RoadmapDocument = serde_json::from_str(text)
            .map_err(|e| ApiError::invalid(format!("this is not an Accord roadmap file: {e}")))?;
        if doc.format != ROADMAP_FORMAT && doc.format != ROADMAP_FORMAT_V1 {
            return Err(ApiError::invalid(format!(
                "unknown format {:?}; expected {ROADMAP_FORMAT} (or {ROADMAP_FORMAT_V1})",
                doc.format
            )));
        }
        if doc.goals.len() > crate::goals::GOALS_PER_ROADMAP_MAX {
            return Err(ApiError::invalid(format!(
                "{} goals; a roadmap has at most {}",
                doc.goals.len(),
                crate::goals::GOALS_PER_ROADMAP_MAX
            )));
        }
        let mut goals: Vec<(String, GoalFields)> = Vec::with_capacity(doc.goals.len());
        for (n, g) in doc.goals.iter().enumerate() {
            let fields = GoalFields {
                objective: g.objective.clone(),
                metric: g.metric.clone(),
                from_value: g.from_value.clone(),
                to_value: g.to_value.clone(),
                by_when: g.by_when.clone(),
                status: g.status,
            }
            .validated()
            .map_err(|e| ApiError::invalid(format!("goal {}: {e}", n + 1)))?;
            if g.key.trim().is_empty() || goals.iter().any(|(k, _)| k == &g.key) {
                return Err(ApiError::invalid(format!("goal {}: its key {:?} is empty or used twice", n + 1, g.key)));
            }
            goals.push((g.key.clone(), fields));
        }
        if doc.items.len() > IMPORT_MAX_ITEMS {
            return Err(ApiError::invalid(format!(
                "{} items; an import is at most {IMPORT_MAX_ITEMS}",
                doc.items.len()
            )));
        }
        let r = doc.roadmap;
        let roadmap = validated_roadmap(NewRoadmap {
            name: r.name,
            team: r.team,
            em_name: r.em_name,
            pm_name: r.pm_name,
            director_name: r.director_name,
            head_of_product_name: r.head_of_product_name,
        })?;
        let mut items = Vec::with_capacity(doc.items.len());
        for (n, i) in doc.items.iter().enumerate() {
            let title = validate::required_line("title", &i.title, Limits::TITLE_MAX).map_err(|e| invalid_at(n, e))?;
            let horizon = horizon(&i.horizon).map_err(|e| invalid_at(n, e))?;
            let given = Matrix::from(&i.matrix);
            let mut matrix = Matrix::default();
            for d in Dimension::ALL {
                let text =
                    validate::text(d.as_str(), given.get(d), Limits::DIMENSION_MAX).map_err(|e| invalid_at(n, e))?;
                matrix.set(d, text);
            }
            let mut links = Vec::with_capacity(i.goals.len());
            for k in &i.goals {
                let at = goals
                    .iter()
                    .position(|(key, _)| key == k)
                    .ok_or_else(|| invalid_at(n, format!("goals: {k:?} is not the key of a goal in this file")))?;
                links.push(at);
            }
            let mut values = Vec::new();
            for v in i.planning.values() {
                values.push(v.validated().map_err(|e| invalid_at(n, e))?);
            }
            let mut planned = Planning::default();
            for v in &values {
                planned.set(v.clone());
            }
            // A v1 file cannot carry framing: its committed tech debt comes in
            // uncommitted (below); a v2 file that leaves it out is refused.
            if doc.format == ROADMAP_FORMAT {
                check_commitment(&title, i.kind, i.status.is_committed(), &planned)
                    .map_err(|e| ApiError::new(crate::ErrorCode::FramingRequired, format!("item {}: {e}", n + 1)))?;
            }
            items.push((title, i.status, i.kind, horizon, matrix, links, values));
        }

        let at = roadmap.created_at.clone();
        let (mut written, mut proposed, mut uncommitted) = (0u32, 0u32, 0u32);
        let roadmap = self.store.write(|tx| {
            let id = roadmaps::insert(tx, &roadmap)?;
            // The person who imports a roadmap holds their seat on it.
            accord_store::seats::bind(tx, id, actor.role, actor.id, &at)?;
            let mut goal_ids = Vec::with_capacity(goals.len());
            for (_, fields) in &goals {
                goal_ids.push(accord_store::goals::insert(tx, id, fields, &at)?);
                let line = &fields.objective;
                crate::record::record_roadmap(tx, id, &actor, &at, HistoryAction::GoalCreated, "goal", line)?;
            }
            for (title, status, kind, horizon, matrix, links, values) in &items {
                let mut values = values.clone();
                if !links.is_empty() {
                    values.insert(0, PlanningValue::Goals(links.iter().map(|&n| goal_ids[n]).collect()));
                }
                let mut status = *status;
                let mut own_planning = Planning::default();
                for v in &values {
                    if accord_domain::authorize(actor.role, v.field(), Action::Edit).is_ok() {
                        own_planning.set(v.clone());
                    }
                }
                if check_commitment(title, *kind, status.is_committed(), &own_planning).is_err() {
                    status = ItemStatus::Idea;
                    uncommitted += 1;
                }
                let row = NewRow { roadmap_id: id, title, status, kind: *kind, horizon, at: &at };
                let item_id = items::insert(tx, &row)?;
                let mut item = reload(tx, item_id)?;
                record(tx, &item, &actor, &at, HistoryAction::ItemCreated, "title", "", title)?;
                for d in Dimension::ALL {
                    let text = matrix.get(d);
                    if text.is_empty() {
                        continue;
                    }
                    let own = accord_domain::authorize(actor.role, d, Action::Edit).is_ok();
                    if own {
                        if !items::set_if_current(tx, item.id, item.revision, Column::Dim(d), &text, &at)? {
                            return Err(ApiError::invalid("the new item changed during the import"));
                        }
                        record(tx, &item, &actor, &at, HistoryAction::DimensionEdited, d.as_str(), "", text)?;
                        item = reload(tx, item.id)?;
                        written += 1;
                    } else {
                        debug_assert_ne!(owner_of(d), Owner::Shared);
                        let proposal = NewProposal {
                            item_id: item.id,
                            field: d.into(),
                            body: text,
                            before_text: "",
                            base_revision: item.revision,
                            author_id: actor.id,
                            at: &at,
                        };
                        proposals::insert(tx, &proposal)?;
                        record(tx, &item, &actor, &at, HistoryAction::ProposalFiled, d.as_str(), "", text)?;
                        proposed += 1;
                    }
                }
                for v in values {
                    let field = v.field();
                    if accord_domain::authorize(actor.role, field, Action::Edit).is_ok() {
                        item = crate::planning::apply_planning(
                            tx,
                            &item,
                            &actor,
                            &at,
                            v,
                            HistoryAction::PlanningChanged,
                            None,
                        )?;
                        written += 1;
                    } else {
                        let body = serde_json::to_string(&v)
                            .map_err(|e| ApiError::new(crate::ErrorCode::Internal, e.to_string()))?;
                        let proposal = NewProposal {
                            item_id: item.id,
                            field,
                            body: &body,
                            before_text: "",
                            base_revision: item.revision,
                            author_id: actor.id,
                            at: &at,
                        };
                        proposals::insert(tx, &proposal)?;
                        let words = v.to_text();
                        record(tx, &item, &actor, &at, HistoryAction::ProposalFiled, field.as_str(), "", &words)?;
                        proposed += 1;
                    }
                }
            }
            Ok::<_, ApiError>(Roadmap { id, ..roadmap.clone() })
        })?;
        Ok(ImportReport {
            roadmap,
            items: items.len() as u32,
            written,
            proposed,
            goals: goals.len() as u32,
            uncommitted,
        })
    }
}
