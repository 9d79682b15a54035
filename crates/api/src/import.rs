//! Bringing a roadmap in from a file: an Accord JSON file, a Jira or
//! Linear CSV export, or any CSV with a mapping. A preview shows what the
//! import would write (and what would become a proposal to the other
//! partner) by doing it all and rolling it back; nothing is written until
//! the person confirms.

use std::collections::HashMap;
use std::path::Path;

use accord_csv::{CsvError, Format, Mapping, Sheet};
use accord_domain::{ItemKind, ItemStatus, ProfileId, When};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::transfer::{
    parse_document, Framed, GoalEntry, ImportChange, ImportReport, ItemFields, MatrixFields, Places, PlanningFields,
    RoadmapDocument, RoadmapFields, IMPORT_MAX_BYTES, ROADMAP_FORMAT,
};
use crate::{Accord, ApiError, ApiResult, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Json,
    Jira,
    Linear,
    Csv,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportRequest {
    pub path: String,
    /// `None`: told from the file (its extension, then its headers).
    pub format: Option<ImportFormat>,
    /// A generic CSV's mapping file (JSON: column → header).
    pub mapping_path: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportColumn {
    pub position: u32,
    pub header: String,
    /// What it fills (`title`, `depends_on`…), or `None` when not used.
    pub maps_to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportSkip {
    pub row: u32,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub format: ImportFormat,
    pub file_name: String,
    /// A spreadsheet's columns and how each maps (empty for a JSON file).
    pub columns: Vec<ImportColumn>,
    pub skipped: Vec<ImportSkip>,
    /// The counts the import would report (its roadmap id is not real yet).
    pub report: ImportReport,
    /// The first changes, in file order; `report` counts them all.
    pub changes: Vec<ImportChange>,
}

fn bad_file(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::BadFile, e.to_string())
}

fn read_capped(path: &Path, cap: u64) -> ApiResult<Vec<u8>> {
    let size = std::fs::metadata(path).map_err(|e| bad_file(format!("{}: {e}", path.display())))?.len();
    // Refused before a byte is read.
    if size > cap {
        return Err(bad_file(format!(
            "{} is {:.1} MB; a file to import is at most {} MB",
            path.display(),
            size as f64 / 1_048_576.0,
            cap / 1_048_576
        )));
    }
    std::fs::read(path).map_err(|e| bad_file(format!("{}: {e}", path.display())))
}

fn csv_error(e: CsvError) -> ApiError {
    bad_file(e)
}

/// Which tool wrote a CSV, from its header row.
fn sniff(bytes: &[u8]) -> ImportFormat {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let first = head.lines().next().unwrap_or("");
    let has = |h: &str| first.split(',').any(|c| c.trim().trim_matches('"') == h);
    if has("issue key") && has("summary") {
        ImportFormat::Jira
    } else if has("id") && has("title") && (has("team") || has("blocked by")) {
        ImportFormat::Linear
    } else {
        ImportFormat::Csv
    }
}

/// A spreadsheet's status, in Accord's words.
fn status_of(text: &str) -> ItemStatus {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "done" | "closed" | "resolved" | "shipped" | "released" | "completed" | "complete" => ItemStatus::Shipped,
        "in progress" | "in review" | "in development" | "started" | "doing" | "in qa" | "review" => {
            ItemStatus::InProgress
        }
        "to do" | "todo" | "selected for development" | "planned" | "ready" | "committed" | "unstarted" => {
            ItemStatus::Planned
        }
        "canceled" | "cancelled" | "won't do" | "wont do" | "dropped" | "duplicate" => ItemStatus::Dropped,
        _ => ItemStatus::Idea,
    }
}

/// An issue type or label, in Accord's kinds.
fn kind_of(kind: &str, labels: &[String]) -> ItemKind {
    let is = |t: &str, words: &[&str]| {
        let t = t.to_lowercase().replace(['-', '_'], " ");
        words.iter().any(|w| t.contains(w))
    };
    let named = std::iter::once(kind).chain(labels.iter().map(String::as_str));
    for t in named {
        if is(t, &["tech debt", "technical debt", "debt", "chore", "refactor"]) {
            return ItemKind::TechDebt;
        }
        if is(t, &["experiment", "spike", "a/b", "prototype"]) {
            return ItemKind::Experiment;
        }
    }
    ItemKind::Feature
}

/// A spreadsheet read into a roadmap document: labels become goals, keys
/// and links become dependencies, and a row's date its *when*.
fn document_of(sheet: &Sheet, name: &str) -> (RoadmapDocument, Vec<usize>) {
    let mut labels: Vec<String> = Vec::new();
    for row in &sheet.rows {
        for l in &row.labels {
            if !labels.iter().any(|k| k.eq_ignore_ascii_case(l)) {
                labels.push(l.clone());
            }
        }
    }
    let key_of = |n: usize| {
        let r = &sheet.rows[n];
        if r.key.is_empty() {
            format!("row {}", r.row)
        } else {
            r.key.clone()
        }
    };
    // "A blocks B" is "B depends on A": gather both directions per row.
    let mut depends: Vec<Vec<String>> = sheet.rows.iter().map(|r| r.depends_on.clone()).collect();
    let at: HashMap<&str, usize> =
        sheet.rows.iter().enumerate().filter(|(_, r)| !r.key.is_empty()).map(|(n, r)| (r.key.as_str(), n)).collect();
    for (n, r) in sheet.rows.iter().enumerate() {
        for b in &r.blocks {
            match at.get(b.as_str()) {
                Some(&m) => {
                    if !depends[m].contains(&key_of(n)) {
                        depends[m].push(key_of(n));
                    }
                }
                // Named so the check reports it as unknown, with this row.
                None => depends[n].push(format!("{b} (blocked by this row)")),
            }
        }
    }
    let items = sheet
        .rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let when = if !r.when.is_empty() {
                When::parse(&r.when).render()
            } else if !r.fix_version.is_empty() {
                When::read_free(&r.fix_version).render()
            } else {
                String::new()
            };
            ItemFields {
                key: key_of(n),
                title: r.title.clone(),
                status: status_of(&r.status),
                kind: kind_of(&r.kind, &r.labels),
                horizon: "later".into(),
                matrix: MatrixFields {
                    what: r.what.clone(),
                    why: r.why.clone(),
                    how: r.how.clone(),
                    who: r.who.clone(),
                    when,
                },
                goals: r
                    .labels
                    .iter()
                    .filter_map(|l| labels.iter().find(|k| k.eq_ignore_ascii_case(l)).cloned())
                    .collect(),
                planning: PlanningFields { effort: r.effort.filter(|e| *e > 0.0), ..PlanningFields::default() },
                depends_on: depends[n].clone(),
            }
        })
        .collect();
    let doc = RoadmapDocument {
        format: ROADMAP_FORMAT.into(),
        roadmap: RoadmapFields {
            name: name.to_string(),
            team: String::new(),
            em_name: String::new(),
            pm_name: String::new(),
            director_name: String::new(),
            head_of_product_name: String::new(),
        },
        goals: labels
            .iter()
            .map(|l| GoalEntry {
                key: l.clone(),
                objective: l.clone(),
                metric: String::new(),
                from_value: String::new(),
                to_value: String::new(),
                by_when: String::new(),
                status: accord_domain::GoalStatus::OnTrack,
            })
            .collect(),
        items,
    };
    (doc, sheet.rows.iter().map(|r| r.row).collect())
}

/// A file read and understood, before anything is written.
struct Read {
    format: ImportFormat,
    file_name: String,
    doc: RoadmapDocument,
    framed: Framed,
    rows: Option<Vec<usize>>,
    sheet: Option<Sheet>,
}

fn read_file(req: &ImportRequest) -> ApiResult<Read> {
    let path = Path::new(&req.path);
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let format = req.format.unwrap_or(if is_json { ImportFormat::Json } else { ImportFormat::Csv });
    if format == ImportFormat::Json {
        let bytes = read_capped(path, IMPORT_MAX_BYTES as u64)?;
        let text = String::from_utf8(bytes).map_err(|_| bad_file("the file is not UTF-8 text"))?;
        let (doc, framed) = parse_document(&text)?;
        return Ok(Read { format, file_name, doc, framed, rows: None, sheet: None });
    }
    let bytes = read_capped(path, accord_csv::MAX_FILE_BYTES as u64)?;
    let format = if req.format.is_none() { sniff(&bytes) } else { format };
    let mapping = match &req.mapping_path {
        Some(p) => {
            let text = String::from_utf8(read_capped(Path::new(p), 1_048_576)?)
                .map_err(|_| bad_file("the mapping file is not UTF-8 text"))?;
            Some(Mapping::from_json(&text).map_err(csv_error)?)
        }
        None => None,
    };
    let csv_format = match format {
        ImportFormat::Jira => Format::Jira,
        ImportFormat::Linear => Format::Linear,
        _ => Format::Generic,
    };
    let sheet = accord_csv::read(&bytes, csv_format, mapping.as_ref()).map_err(csv_error)?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Imported".into());
    let (doc, rows) = document_of(&sheet, &name);
    // A spreadsheet cannot frame tech debt: committed debt comes in as an idea.
    Ok(Read { format, file_name, doc, framed: Framed::Lenient, rows: Some(rows), sheet: Some(sheet) })
}

impl Accord {
    /// What importing the file would do, written nowhere.
    pub fn preview_import(&mut self, actor: ProfileId, req: &ImportRequest) -> ApiResult<ImportPreview> {
        let read = read_file(req)?;
        let places = Places(read.rows.as_deref());
        let (report, changes) = self.write_document(actor, read.doc, &places, read.framed, true)?;
        let sheet = read.sheet.as_ref();
        Ok(ImportPreview {
            format: read.format,
            file_name: read.file_name,
            columns: sheet
                .map(|s| {
                    s.columns
                        .iter()
                        .map(|c| ImportColumn {
                            position: c.position as u32,
                            header: c.header.clone(),
                            maps_to: c.maps_to.map(|m| m.as_str().to_string()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            skipped: sheet
                .map(|s| s.skipped.iter().map(|k| ImportSkip { row: k.row as u32, reason: k.reason.clone() }).collect())
                .unwrap_or_default(),
            report,
            changes,
        })
    }

    /// Imports the file as a new roadmap: all of it, or nothing.
    pub fn import_file(&mut self, actor: ProfileId, req: &ImportRequest) -> ApiResult<ImportReport> {
        let read = read_file(req)?;
        let places = Places(read.rows.as_deref());
        self.write_document(actor, read.doc, &places, read.framed, false).map(|(report, _)| report)
    }
}
