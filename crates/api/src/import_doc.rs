//! Writing a roadmap document (from an Accord file or a spreadsheet) as a
//! new roadmap. Everything is checked before anything is written, and one
//! transaction writes it all. The decision rights hold as on every other
//! path: the importer's own fields (and the shared ones) are written as
//! their edits, the other partner's are filed as proposals to them.

use std::collections::{HashMap, VecDeque};

use accord_domain::dependencies::find_cycle;
use accord_domain::{
    authorize, authorize_roadmap_change, check_commitment, validate, Action, Dimension, Field, GoalFields,
    HistoryAction, Item, ItemStatus, Limits, Matrix, Planning, PlanningValue, Profile, ProfileId, Roadmap, When,
};
use accord_store::items::{self, Column};
use accord_store::roadmaps;
use accord_store::rusqlite::Connection;

use crate::record::{dimension_text, horizon, planning_json, record, reload};
use crate::transfer::{Framed, ImportChange, ImportReport, Places, RoadmapDocument, IMPORT_MAX_ITEMS};
use crate::{validated_roadmap, Accord, ApiError, ApiResult, ErrorCode, NewRoadmap};

/// Changes listed in a preview; the counts cover them all.
pub const PREVIEW_CHANGES_MAX: usize = 500;

struct Checked {
    title: String,
    status: ItemStatus,
    kind: accord_domain::ItemKind,
    horizon: String,
    matrix: Matrix,
    goals: Vec<usize>,
    values: Vec<PlanningValue>,
    depends_on: Vec<usize>,
    needs_target: bool,
}

/// What a write collects: the report's counts and, for a preview, the changes.
struct Tally {
    report: ImportReport,
    changes: Vec<ImportChange>,
}

impl Tally {
    fn add(&mut self, row: usize, title: &str, field: Field, value: &str, proposal: bool) {
        if proposal {
            self.report.proposed += 1;
        } else {
            self.report.written += 1;
        }
        if self.changes.len() < PREVIEW_CHANGES_MAX {
            self.changes.push(ImportChange {
                row: row as u32,
                title: title.to_string(),
                field,
                value: value.to_string(),
                proposal,
            });
        }
    }
}

/// The first cycle among the document's dependencies, by item index.
fn cycle_in(deps: &[Vec<usize>]) -> Option<Vec<usize>> {
    // Kahn's algorithm finds whether any cycle exists in linear time; only
    // then is one traced, to name it.
    let mut needed_by = vec![0usize; deps.len()];
    for ds in deps {
        for &d in ds {
            needed_by[d] += 1;
        }
    }
    let mut queue: VecDeque<usize> = (0..deps.len()).filter(|&n| needed_by[n] == 0).collect();
    let mut done = 0;
    while let Some(n) = queue.pop_front() {
        done += 1;
        for &d in &deps[n] {
            needed_by[d] -= 1;
            if needed_by[d] == 0 {
                queue.push_back(d);
            }
        }
    }
    if done == deps.len() {
        return None;
    }
    let edges: HashMap<i64, Vec<i64>> =
        deps.iter().enumerate().map(|(n, ds)| (n as i64, ds.iter().map(|&d| d as i64).collect())).collect();
    (0..deps.len()).filter(|&n| needed_by[n] > 0).find_map(|n| {
        let mut others = edges.clone();
        let own = others.remove(&(n as i64)).unwrap_or_default();
        find_cycle(&others, n as i64, &own).map(|c| c.into_iter().map(|i| i as usize).collect())
    })
}

fn check(doc: &RoadmapDocument, places: &Places<'_>, framed: Framed) -> ApiResult<Vec<Checked>> {
    if doc.items.len() > IMPORT_MAX_ITEMS {
        return Err(ApiError::new(
            ErrorCode::BadFile,
            format!("{} items; an import is at most {IMPORT_MAX_ITEMS}", doc.items.len()),
        ));
    }
    let at = |n: usize, e: &dyn std::fmt::Display| places.at(n, e);
    let mut keys: HashMap<&str, usize> = HashMap::new();
    for (n, i) in doc.items.iter().enumerate() {
        if !i.key.is_empty() && keys.insert(i.key.as_str(), n).is_some() {
            return Err(at(n, &format!("the key {:?} is used by another item too", i.key)));
        }
    }
    let mut out = Vec::with_capacity(doc.items.len());
    for (n, i) in doc.items.iter().enumerate() {
        let title = validate::required_line("title", &i.title, Limits::TITLE_MAX).map_err(|e| at(n, &e))?;
        let horizon = horizon(&i.horizon).map_err(|e| at(n, &e))?;
        let given = Matrix::from(&i.matrix);
        let mut matrix = Matrix::default();
        for d in Dimension::ALL {
            matrix.set(d, dimension_text(d, given.get(d)).map_err(|e| at(n, &e))?);
        }
        let when = When::parse(&matrix.when);
        let needs_target = !when.is_empty() && when.target.is_none();
        let goals = i
            .goals
            .iter()
            .map(|k| {
                doc.goals
                    .iter()
                    .position(|g| &g.key == k)
                    .ok_or_else(|| at(n, &format!("goals: {k:?} is not the key of a goal in this file")))
            })
            .collect::<ApiResult<Vec<_>>>()?;
        let mut depends_on = Vec::with_capacity(i.depends_on.len());
        for k in &i.depends_on {
            let d = *keys
                .get(k.as_str())
                .ok_or_else(|| at(n, &format!("depends on {k:?}, which is not an item in this file")))?;
            if d == n {
                return Err(at(n, &"an item cannot depend on itself"));
            }
            if !depends_on.contains(&d) {
                depends_on.push(d);
            }
        }
        let values = i
            .planning
            .values()
            .into_iter()
            .map(|v| v.validated().map_err(|e| at(n, &e)))
            .collect::<ApiResult<Vec<_>>>()?;
        if framed == Framed::Required {
            let mut planned = Planning::default();
            values.iter().for_each(|v| planned.set(v.clone()));
            check_commitment(&title, i.kind, i.status.is_committed(), &planned)
                .map_err(|e| ApiError::new(ErrorCode::FramingRequired, format!("{}: {e}", places.name(n))))?;
        }
        out.push(Checked {
            title,
            status: i.status,
            kind: i.kind,
            horizon,
            matrix,
            goals,
            values,
            depends_on,
            needs_target,
        });
    }
    let deps: Vec<Vec<usize>> = out.iter().map(|c| c.depends_on.clone()).collect();
    if let Some(chain) = cycle_in(&deps) {
        let names: Vec<String> =
            chain.iter().map(|&n| format!("{} \u{201c}{}\u{201d}", places.name(n), out[n].title)).collect();
        return Err(ApiError::new(
            ErrorCode::DependencyCycle,
            format!("the dependencies in this file form a cycle: {}", names.join(" \u{2192} ")),
        ));
    }
    Ok(out)
}

fn propose(
    tx: &Connection,
    item: &Item,
    actor: &Profile,
    at: &str,
    field: Field,
    body: &str,
    words: &str,
) -> ApiResult<()> {
    crate::planning::file(tx, item, actor, at, field, body, "", words).map(|_| ())
}

fn json_of(v: &PlanningValue) -> ApiResult<String> {
    serde_json::to_string(v).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

impl Accord {
    /// Writes `doc` as a new roadmap, or (`rehearse`) does all of it and
    /// rolls it back, to show what it would write.
    pub(crate) fn write_document(
        &mut self,
        actor: ProfileId,
        doc: RoadmapDocument,
        places: &Places<'_>,
        framed: Framed,
        rehearse: bool,
    ) -> ApiResult<(ImportReport, Vec<ImportChange>)> {
        let actor = self.profile(actor)?;
        authorize_roadmap_change(actor.role)?;
        if doc.goals.len() > crate::goals::GOALS_PER_ROADMAP_MAX {
            return Err(ApiError::new(
                ErrorCode::BadFile,
                format!("{} goals; a roadmap has at most {}", doc.goals.len(), crate::goals::GOALS_PER_ROADMAP_MAX),
            ));
        }
        let mut goals: Vec<GoalFields> = Vec::with_capacity(doc.goals.len());
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
            .map_err(|e| ApiError::new(ErrorCode::BadFile, format!("goal {}: {e}", n + 1)))?;
            if g.key.trim().is_empty() || doc.goals[..n].iter().any(|o| o.key == g.key) {
                return Err(ApiError::new(
                    ErrorCode::BadFile,
                    format!("goal {}: its key {:?} is empty or used twice", n + 1, g.key),
                ));
            }
            goals.push(fields);
        }
        let items = check(&doc, places, framed)?;
        let r = doc.roadmap;
        let roadmap = validated_roadmap(NewRoadmap {
            name: r.name,
            team: r.team,
            em_name: r.em_name,
            pm_name: r.pm_name,
            director_name: r.director_name,
            head_of_product_name: r.head_of_product_name,
        })
        .map_err(|e| ApiError::new(ErrorCode::BadFile, format!("the file's roadmap: {}", e.message)))?;
        let at = roadmap.created_at.clone();
        let mut tally = Tally {
            report: ImportReport {
                roadmap: roadmap.clone(),
                items: items.len() as u32,
                written: 0,
                proposed: 0,
                goals: goals.len() as u32,
                uncommitted: 0,
                dependencies: items.iter().map(|i| i.depends_on.len() as u32).sum(),
                needs_target: items.iter().filter(|i| i.needs_target).count() as u32,
            },
            changes: Vec::new(),
        };
        let write = |tx: &accord_store::rusqlite::Transaction<'_>| -> ApiResult<RoadmapId> {
            write_all(tx, &actor, &at, &roadmap, &goals, &items, places, &mut tally)
        };
        let id = if rehearse { self.store.rehearse(write)? } else { self.store.write(write)? };
        tally.report.roadmap = Roadmap { id, ..roadmap };
        Ok((tally.report, tally.changes))
    }
}

type RoadmapId = accord_domain::RoadmapId;

#[allow(clippy::too_many_arguments)] // the one transaction's inputs
fn write_all(
    tx: &Connection,
    actor: &Profile,
    at: &str,
    roadmap: &Roadmap,
    goals: &[GoalFields],
    items: &[Checked],
    places: &Places<'_>,
    tally: &mut Tally,
) -> ApiResult<RoadmapId> {
    let id = roadmaps::insert(tx, roadmap)?;
    // The person who imports a roadmap holds their seat on it.
    accord_store::seats::bind(tx, id, actor.role, actor.id, at)?;
    let mut goal_ids = Vec::with_capacity(goals.len());
    for fields in goals {
        goal_ids.push(accord_store::goals::insert(tx, id, fields, at)?);
        crate::record::record_roadmap(tx, id, actor, at, HistoryAction::GoalCreated, "goal", &fields.objective)?;
    }
    let own = |field: Field| authorize(actor.role, field, Action::Edit).is_ok();
    // Each item is inserted once with everything the importer may write
    // (one row, one history line per field), the rest filed as proposals.
    let mut created: Vec<Item> = Vec::with_capacity(items.len());
    for (n, c) in items.iter().enumerate() {
        let row = places.number(n);
        let mut values = c.values.clone();
        if !c.goals.is_empty() {
            values.insert(0, PlanningValue::Goals(c.goals.iter().map(|&g| goal_ids[g]).collect()));
        }
        let (mine, theirs): (Vec<PlanningValue>, Vec<PlanningValue>) = values.into_iter().partition(|v| own(v.field()));
        let mut planning = Planning::default();
        mine.iter().for_each(|v| planning.set(v.clone()));
        let mut status = c.status;
        if check_commitment(&c.title, c.kind, status.is_committed(), &planning).is_err() {
            status = ItemStatus::Idea;
            tally.report.uncommitted += 1;
        }
        let mut matrix = Matrix::default();
        for d in Dimension::ALL.into_iter().filter(|d| own((*d).into())) {
            matrix.set(d, c.matrix.get(d).to_string());
        }
        let draft = Item {
            id: 0,
            roadmap_id: id,
            title: c.title.clone(),
            rank: 0,
            status,
            kind: c.kind,
            horizon: c.horizon.clone(),
            matrix,
            schedule: When::default(),
            when_before_upgrade: None,
            planning,
            revision: 0,
            archived: false,
            pending: Vec::new(),
            updated_at: String::new(),
        };
        let json = planning_json(&draft.planning)?;
        let item = reload(tx, items::insert_copy(tx, id, &draft, &json, at)?)?;
        record(tx, &item, actor, at, HistoryAction::ItemCreated, "title", "", &c.title)?;
        for d in Dimension::ALL {
            let text = c.matrix.get(d);
            if text.is_empty() {
                continue;
            }
            let proposal = !own(d.into());
            if proposal {
                propose(tx, &item, actor, at, d.into(), text, text)?;
            } else {
                record(tx, &item, actor, at, HistoryAction::DimensionEdited, d.as_str(), "", text)?;
            }
            tally.add(row, &c.title, d.into(), text, proposal);
        }
        for v in &mine {
            let words = v.to_text();
            record(tx, &item, actor, at, HistoryAction::PlanningChanged, v.field().as_str(), "", &words)?;
            tally.add(row, &c.title, v.field(), &words, false);
        }
        for v in &theirs {
            let words = v.to_text();
            propose(tx, &item, actor, at, v.field(), &json_of(v)?, &words)?;
            tally.add(row, &c.title, v.field(), &words, true);
        }
        created.push(item);
    }
    // Dependencies name items by their new ids, so they follow every item;
    // the file's graph was checked for cycles before anything was written.
    for (n, c) in items.iter().enumerate().filter(|(_, c)| !c.depends_on.is_empty()) {
        let mut ids: Vec<i64> = c.depends_on.iter().map(|&d| created[d].id).collect();
        ids.sort_unstable();
        let words = c.depends_on.iter().map(|&d| created[d].title.as_str()).collect::<Vec<_>>().join(", ");
        let value = PlanningValue::DependsOn(ids);
        let item = &created[n];
        if own(Field::DependsOn) {
            let mut planning = item.planning.clone();
            planning.set(value.clone());
            let json = planning_json(&planning)?;
            if !items::set_if_current(tx, item.id, item.revision, Column::Planning, &json, at)? {
                return Err(ApiError::new(ErrorCode::Internal, "a new item changed during its import"));
            }
            record(
                tx,
                item,
                actor,
                at,
                HistoryAction::PlanningChanged,
                Field::DependsOn.as_str(),
                "",
                &value.to_text(),
            )?;
            tally.add(places.number(n), &c.title, Field::DependsOn, &words, false);
        } else {
            propose(tx, item, actor, at, Field::DependsOn, &json_of(&value)?, &value.to_text())?;
            tally.add(places.number(n), &c.title, Field::DependsOn, &words, true);
        }
    }
    Ok(id)
}
