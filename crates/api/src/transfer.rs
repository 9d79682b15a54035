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
    Framing, GoalStatus, ItemKind, ItemStatus, Matrix, Planning, PlanningValue, ProfileId, Roadmap, RoadmapId,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Accord, ApiError, ApiResult};

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
    pub(crate) fn values(&self) -> Vec<PlanningValue> {
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
    /// The item's key in this file, which dependencies name (`i12` on export).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
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
    /// Keys of the items in this file it depends on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
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
    pub dependencies: u32,
    /// Items whose *when* has words but no target: the person is told.
    pub needs_target: u32,
}

/// One value an import writes, or files as a proposal to the other partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportChange {
    /// The spreadsheet row (or the item's place in a JSON file).
    pub row: u32,
    pub title: String,
    pub field: accord_domain::Field,
    pub value: String,
    pub proposal: bool,
}

/// Where each item of a document came from, for messages: a spreadsheet's
/// row numbers, or none (then "item N").
pub(crate) struct Places<'a>(pub Option<&'a [usize]>);

impl Places<'_> {
    pub(crate) fn number(&self, n: usize) -> usize {
        self.0.and_then(|rows| rows.get(n).copied()).unwrap_or(n + 1)
    }
    pub(crate) fn name(&self, n: usize) -> String {
        match self.0 {
            Some(_) => format!("row {}", self.number(n)),
            None => format!("item {}", n + 1),
        }
    }
    pub(crate) fn at(&self, n: usize, e: impl std::fmt::Display) -> ApiError {
        ApiError::new(crate::ErrorCode::BadFile, format!("{}: {e}", self.name(n)))
    }
}

/// Whether a document's committed tech debt without framing is refused
/// (an Accord v2 file) or brought in uncommitted (v1, a spreadsheet).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framed {
    Required,
    Lenient,
}

impl Accord {
    /// The roadmap's live items, in priority order, as a JSON document.
    pub fn export_roadmap(&self, roadmap_id: RoadmapId) -> ApiResult<String> {
        let r = self.roadmap(roadmap_id)?;
        let goals = accord_store::goals::list(self.store.conn(), roadmap_id)?;
        let key = |id: i64| format!("g{id}");
        let live: Vec<i64> = goals.iter().filter(|g| !g.archived).map(|g| g.id).collect();
        let items = self.items(roadmap_id, false)?;
        // Items are keyed by their place in the file, so an export of an
        // import reads the same.
        let item_key: std::collections::HashMap<i64, String> =
            items.iter().enumerate().map(|(n, i)| (i.id, format!("i{}", n + 1))).collect();
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
            items: items
                .into_iter()
                .map(|i| ItemFields {
                    key: item_key[&i.id].clone(),
                    depends_on: i.planning.depends_on.iter().filter_map(|d| item_key.get(d).cloned()).collect(),
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
        let (doc, framed) = parse_document(text)?;
        self.write_document(actor, doc, &Places(None), framed, false).map(|(report, _)| report)
    }
}

/// Reads an Accord roadmap file, refusing one too large before parsing it.
pub(crate) fn parse_document(text: &str) -> ApiResult<(RoadmapDocument, Framed)> {
    if text.len() > IMPORT_MAX_BYTES {
        return Err(ApiError::new(
            crate::ErrorCode::BadFile,
            format!(
                "the file is {} MB; an import is at most {} MB",
                text.len() / (1024 * 1024),
                IMPORT_MAX_BYTES / (1024 * 1024)
            ),
        ));
    }
    let doc: RoadmapDocument = serde_json::from_str(text)
        .map_err(|e| ApiError::new(crate::ErrorCode::BadFile, format!("this is not an Accord roadmap file: {e}")))?;
    let framed = match doc.format.as_str() {
        ROADMAP_FORMAT => Framed::Required,
        ROADMAP_FORMAT_V1 => Framed::Lenient,
        other => {
            return Err(ApiError::new(
                crate::ErrorCode::BadFile,
                format!("unknown format {other:?}; expected {ROADMAP_FORMAT} (or {ROADMAP_FORMAT_V1})"),
            ))
        }
    };
    Ok((doc, framed))
}
