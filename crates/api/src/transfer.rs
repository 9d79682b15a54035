//! A roadmap as a JSON document: exported for automation and backups,
//! imported as a new roadmap. Import obeys the decision rights like any
//! other path: the importer's own dimensions (and the shared `when`) are
//! written as their edits; the other partner's arrive as proposals for that
//! partner to answer. A PM importing a file cannot set the *how*.

use accord_domain::{
    authorize_roadmap_change, owner_of, validate, Action, Dimension, HistoryAction, ItemKind, ItemStatus, Limits,
    Matrix, Owner, ProfileId, Roadmap, RoadmapId,
};
use accord_store::items::{self, Column, NewItem as NewRow};
use accord_store::proposals::{self, NewProposal};
use accord_store::roadmaps;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::items::{horizon, record, reload};
use crate::{validated_roadmap, Accord, ApiError, ApiResult, NewRoadmap};

pub const ROADMAP_FORMAT: &str = "accord.roadmap.v1";
/// A larger file is refused before it is parsed.
pub const IMPORT_MAX_BYTES: usize = 32 * 1024 * 1024;
pub const IMPORT_MAX_ITEMS: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapDocument {
    pub format: String,
    pub roadmap: RoadmapFields,
    /// Live items in priority order.
    pub items: Vec<ItemFields>,
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
}

fn invalid_at(n: usize, e: impl std::fmt::Display) -> ApiError {
    ApiError::invalid(format!("item {}: {e}", n + 1))
}

impl Accord {
    /// The roadmap's live items, in priority order, as a JSON document.
    pub fn export_roadmap(&self, roadmap_id: RoadmapId) -> ApiResult<String> {
        let r = self.roadmap(roadmap_id)?;
        let doc = RoadmapDocument {
            format: ROADMAP_FORMAT.into(),
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
        if doc.format != ROADMAP_FORMAT {
            return Err(ApiError::invalid(format!("unknown format {:?}; expected {ROADMAP_FORMAT}", doc.format)));
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
            items.push((title, i.status, i.kind, horizon, matrix));
        }

        let at = roadmap.created_at.clone();
        let (mut written, mut proposed) = (0u32, 0u32);
        let roadmap = self.store.write(|tx| {
            let id = roadmaps::insert(tx, &roadmap)?;
            // The person who imports a roadmap holds their seat on it.
            accord_store::seats::bind(tx, id, actor.role, actor.id, &at)?;
            for (title, status, kind, horizon, matrix) in &items {
                let row = NewRow { roadmap_id: id, title, status: *status, kind: *kind, horizon, at: &at };
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
                            dimension: d,
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
            }
            Ok::<_, ApiError>(Roadmap { id, ..roadmap.clone() })
        })?;
        Ok(ImportReport { roadmap, items: items.len() as u32, written, proposed })
    }
}
