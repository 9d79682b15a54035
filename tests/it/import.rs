//! Importing Jira, Linear and mapped CSV exports (and Accord files) through
//! a preview that writes nothing: the expected items, dependencies and
//! proposals, and each kind of bad file refused with nothing written.

use std::path::PathBuf;

use accord_api::{ErrorCode, ImportFormat, ImportRequest};
use accord_domain::{Field, ItemKind, ItemStatus, Target};

use crate::api::refused;
use crate::planning::{desk, Desk};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name).display().to_string()
}

fn request(name: &str, format: Option<ImportFormat>) -> ImportRequest {
    ImportRequest { path: fixture(name), format, mapping_path: None }
}

fn titles(d: &Desk, roadmap: i64) -> Vec<String> {
    d.app.items(roadmap, false).unwrap().into_iter().map(|i| i.title).collect()
}

#[test]
fn a_jira_export_imports_after_a_preview_that_writes_nothing() {
    let mut d = desk();
    let em = d.em.clone();
    let req = request("jira-all-fields.csv", None);
    let before = d.dump();
    let preview = d.app.preview_import(em.id, &req).unwrap();
    assert_eq!(d.dump(), before, "a preview writes nothing");
    assert_eq!(preview.format, ImportFormat::Jira);
    let labels: Vec<usize> =
        preview.columns.iter().filter(|c| c.header == "Labels").map(|c| c.position as usize).collect();
    assert_eq!(labels.len(), 3, "repeated headers are read by position");
    assert!(preview.columns.iter().all(|c| c.header != "Summary" || c.maps_to.as_deref() == Some("title")));
    assert!(preview.report.dependencies > 0);
    // The EM writes how, who, effort and dependencies; what the PM owns is proposed.
    assert!(preview.changes.iter().any(|c| c.field == Field::What && c.proposal));
    assert!(preview.changes.iter().any(|c| c.field == Field::Who && !c.proposal));

    let report = d.app.import_file(em.id, &req).unwrap();
    assert_eq!(
        (report.items, report.written, report.proposed),
        (preview.report.items, preview.report.written, preview.report.proposed)
    );
    let items = d.app.items(report.roadmap.id, false).unwrap();
    let formula = items.iter().find(|i| i.title.starts_with("=HYPERLINK")).expect("a formula stays text");
    assert_eq!(formula.kind, ItemKind::Feature);
    let epic = items.iter().find(|i| i.title == "Checkout redesign").unwrap();
    assert_eq!(epic.schedule.target, Some(Target::Date { year: 2025, month: 7, day: 14 }));
    assert!(items.iter().any(|i| i.kind == ItemKind::TechDebt && i.status == ItemStatus::Idea));
    assert!(items.iter().any(|i| !i.planning.depends_on.is_empty()));
    assert!(!epic.pending.is_empty(), "its what waits on the PM");
}

#[test]
fn a_pm_importing_how_files_it_as_proposals() {
    let mut d = desk();
    let pm = d.pm.clone();
    let req = ImportRequest {
        path: fixture("generic.csv"),
        format: Some(ImportFormat::Csv),
        mapping_path: Some(fixture("generic-mapping.json")),
    };
    let report = d.app.import_file(pm.id, &req).unwrap();
    assert_eq!(
        titles(&d, report.roadmap.id),
        ["Self-serve onboarding", "SSO for enterprise", "Audit log export", "Data residency (EU)"]
    );
    let items = d.app.items(report.roadmap.id, false).unwrap();
    assert!(items.iter().all(|i| i.matrix.how.is_empty()), "the how is the EM's");
    assert!(items[0].pending.contains(&Field::How));
    assert!(items[1].pending.contains(&Field::DependsOn), "dependencies are proposed to the EM");
    assert_eq!(items[1].schedule.target, Some(Target::Quarter { year: 2027, quarter: 3 }));
    assert_eq!(report.goals, 5, "labels become goals: onboarding, growth, enterprise, security, compliance");
    assert_eq!(report.needs_target, 1, "H2 2027 is kept as a note");
}

#[test]
fn a_linear_export_imports_with_its_links() {
    let mut d = desk();
    let em = d.em.clone();
    let report = d.app.import_file(em.id, &request("linear.csv", None)).unwrap();
    let items = d.app.items(report.roadmap.id, false).unwrap();
    assert!(
        items.iter().any(|i| i.title == "=1+2 pricing test"),
        "the apostrophe that guarded a formula is gone, the text stays"
    );
    assert!(report.dependencies > 0);
    assert!(items.iter().any(|i| i.kind == ItemKind::TechDebt));
}

#[test]
fn each_kind_of_bad_file_is_refused_with_its_code_and_writes_nothing() {
    let mut d = desk();
    let em = d.em.clone();
    let before = d.dump();
    let cases = [
        ("ragged.csv", ErrorCode::BadFile, "row 4"),
        ("no-title.csv", ErrorCode::BadFile, "title"),
        ("invalid-utf8.csv", ErrorCode::BadFile, "row 3"),
        ("jira-bad-date.csv", ErrorCode::BadFile, "sometime soon"),
        ("jira-cycle.csv", ErrorCode::DependencyCycle, "row 2"),
    ];
    for (name, code, says) in cases {
        let format = if name.starts_with("jira") { Some(ImportFormat::Jira) } else { Some(ImportFormat::Csv) };
        let e = refused(d.app.preview_import(em.id, &request(name, format)), code);
        assert!(e.message.contains(says), "{name}: {}", e.message);
        refused(d.app.import_file(em.id, &request(name, format)), code);
    }
    // A file over the cap is refused before it is read.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    std::fs::write(&big, vec![b'a'; accord_csv::MAX_FILE_BYTES + 1]).unwrap();
    let req = ImportRequest { path: big.display().to_string(), format: None, mapping_path: None };
    let e = refused(d.app.import_file(em.id, &req), ErrorCode::BadFile);
    assert!(e.message.contains("at most"), "{}", e.message);
    // A dependency on a key the file does not hold.
    let unknown = dir.path().join("unknown.csv");
    std::fs::write(&unknown, "Key,Title,Depends on\nA-1,One,A-9\n").unwrap();
    let req = ImportRequest { path: unknown.display().to_string(), format: None, mapping_path: None };
    let e = refused(d.app.import_file(em.id, &req), ErrorCode::BadFile);
    assert!(e.message.contains("row 2") && e.message.contains("A-9"), "{}", e.message);
    assert_eq!(d.dump(), before);
}

#[test]
fn the_roadmap_exports_as_csv_with_formulas_escaped() {
    let mut d = desk();
    let pm = d.pm.clone();
    let item = d.add("=SUM(A1:A9)", ItemKind::Feature);
    d.edit(&pm, item.id, accord_domain::Dimension::When, "2027-Q1").unwrap();
    let csv = d.app.export_csv(d.roadmap.id).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, accord_api::CSV_HEADER);
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[2], "'=SUM(A1:A9)");
    assert_eq!(&row[10], "2027-Q1");
}
