//! Exports read into rows: what each column is used for, and the exact rows.

use accord_csv::{read, Column, Format, Mapping, Row, Skipped};

const JIRA: &[u8] = include_bytes!("../../../tests/fixtures/import/jira-all-fields.csv");
const JIRA_CYCLE: &[u8] = include_bytes!("../../../tests/fixtures/import/jira-cycle.csv");
const LINEAR: &[u8] = include_bytes!("../../../tests/fixtures/import/linear.csv");
const GENERIC: &[u8] = include_bytes!("../../../tests/fixtures/import/generic.csv");
const GENERIC_MAPPING: &str = include_str!("../../../tests/fixtures/import/generic-mapping.json");

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn maps_to(sheet: &accord_csv::Sheet) -> Vec<(usize, &str, Option<Column>)> {
    sheet.columns.iter().map(|c| (c.position, c.header.as_str(), c.maps_to)).collect()
}

#[test]
fn jira_export_keeps_repeated_columns_apart_by_position() {
    let sheet = read(JIRA, Format::Jira, None).unwrap();
    let used: Vec<(usize, &str, Option<Column>)> =
        maps_to(&sheet).into_iter().filter(|(_, _, to)| to.is_some()).collect();
    assert_eq!(
        used,
        vec![
            (0, "Summary", Some(Column::Title)),
            (1, "Issue key", Some(Column::Key)),
            (3, "Issue Type", Some(Column::Kind)),
            (4, "Status", Some(Column::Status)),
            (7, "Assignee", Some(Column::Who)),
            (12, "Fix versions", Some(Column::FixVersion)),
            (13, "Fix versions", Some(Column::FixVersion)),
            (14, "Due date", Some(Column::When)),
            (15, "Labels", Some(Column::Labels)),
            (16, "Labels", Some(Column::Labels)),
            (17, "Labels", Some(Column::Labels)),
            (18, "Description", Some(Column::What)),
            (21, "Custom field (Story point estimate)", Some(Column::Effort)),
            (22, "Outward issue link (Blocks)", Some(Column::Blocks)),
            (23, "Inward issue link (Blocks)", Some(Column::DependsOn)),
        ]
    );
    assert_eq!(sheet.columns.len(), 27);
    // The BOM is not part of the first header.
    assert_eq!(sheet.columns[0].header, "Summary");
    let unused: Vec<&str> = sheet.columns.iter().filter(|c| c.maps_to.is_none()).map(|c| c.header.as_str()).collect();
    assert_eq!(
        unused,
        vec![
            "Issue id",
            "Project key",
            "Priority",
            "Reporter",
            "Created",
            "Updated",
            "Resolved",
            "Sprint",
            "Sprint",
            "Outward issue link (Relates)",
            "Comment",
            "Comment"
        ]
    );
}

#[test]
fn jira_export_rows() {
    let sheet = read(JIRA, Format::Jira, None).unwrap();
    let epic_what = "Goal\n\
        Cut cart abandonment from 68% to 55% with a one-page checkout.\n\
        \n\
        Scope\n\
        • Address autocomplete\n\
        • Saved cards (see design doc (https://example.com/checkout-design))\n\
        • Apple Pay later\n\
        1. Ship behind the checkout_v2 flag\n\
        2. Ramp to 100% by Q3\n\
        \n\
        if (flags.checkout_v2) { render(<OnePage />); }";
    let expected = vec![
        Row {
            row: 2,
            key: "ACC-101".into(),
            title: "Checkout redesign".into(),
            what: epic_what.into(),
            who: "Emil Novak".into(),
            when: "2025-07-14".into(),
            // The first Fix versions cell is empty; the second one counts.
            fix_version: "2025.3".into(),
            kind: "Epic".into(),
            status: "In Progress".into(),
            blocks: strings(&["ACC-102"]),
            labels: strings(&["checkout", "growth"]),
            ..Row::default()
        },
        Row {
            row: 3,
            key: "ACC-102".into(),
            title: "Saved cards at checkout".into(),
            what: "Store cards with the payments service's vault.\nNo PANs in our database.".into(),
            who: "Sam Lee".into(),
            when: "2025-08-01".into(),
            fix_version: "2025.3".into(),
            kind: "Story".into(),
            status: "To Do".into(),
            effort: Some(5.0),
            depends_on: strings(&["ACC-101"]),
            blocks: strings(&["ACC-104"]),
            labels: strings(&["checkout", "payments"]),
            ..Row::default()
        },
        Row {
            row: 4,
            key: "ACC-103".into(),
            // Read as text, never as a formula.
            title: "=HYPERLINK(\"https://evil.example/\",\"Open\")".into(),
            what: "Totals round to 0.01 on refunds.".into(),
            who: "Sam Lee".into(),
            when: "2025-09-03".into(),
            fix_version: "2025.2".into(),
            kind: "Bug".into(),
            status: "Done".into(),
            effort: Some(1.0),
            labels: strings(&["bug"]),
            ..Row::default()
        },
        Row {
            row: 6,
            key: "ACC-104".into(),
            title: "Retire legacy payment gateway".into(),
            what: "Depends on saved cards: the old gateway keeps card tokens.".into(),
            when: "2025-09-30".into(),
            kind: "Tech Debt".into(),
            status: "Backlog".into(),
            effort: Some(8.0),
            depends_on: strings(&["ACC-102"]),
            labels: strings(&["tech-debt", "payments"]),
            ..Row::default()
        },
        Row {
            row: 7,
            key: "ACC-105".into(),
            title: "Address autocomplete".into(),
            what: "Use the maps provider's places API.".into(),
            who: "Ana Ruiz".into(),
            fix_version: "2025.3".into(),
            kind: "Story".into(),
            status: "In Review".into(),
            effort: Some(3.0),
            labels: strings(&["checkout"]),
            ..Row::default()
        },
        Row {
            row: 8,
            key: "ACC-106".into(),
            title: "Checkout analytics events".into(),
            kind: "Story".into(),
            status: "To Do".into(),
            effort: Some(2.0),
            labels: strings(&["analytics", "growth"]),
            ..Row::default()
        },
    ];
    assert_eq!(sheet.rows, expected);
    assert_eq!(sheet.skipped, vec![Skipped { row: 5, reason: "row 5 is empty".into() }]);
}

#[test]
fn jira_links_that_form_a_cycle_are_read_as_written() {
    let sheet = read(JIRA_CYCLE, Format::Jira, None).unwrap();
    let links: Vec<(&str, Vec<String>, Vec<String>)> =
        sheet.rows.iter().map(|r| (r.key.as_str(), r.depends_on.clone(), r.blocks.clone())).collect();
    assert_eq!(
        links,
        vec![
            ("ACC-201", strings(&["ACC-203"]), strings(&["ACC-202"])),
            ("ACC-202", strings(&["ACC-201"]), strings(&["ACC-203"])),
            ("ACC-203", strings(&["ACC-202"]), strings(&["ACC-201"])),
        ]
    );
    assert_eq!(sheet.rows[2].kind, "Tech Debt");
}

#[test]
fn linear_export_rows() {
    let sheet = read(LINEAR, Format::Linear, None).unwrap();
    let used: Vec<(usize, &str, Option<Column>)> =
        maps_to(&sheet).into_iter().filter(|(_, _, to)| to.is_some()).collect();
    assert_eq!(
        used,
        vec![
            (0, "ID", Some(Column::Key)),
            (2, "Title", Some(Column::Title)),
            (3, "Description", Some(Column::What)),
            (4, "Status", Some(Column::Status)),
            (5, "Estimate", Some(Column::Effort)),
            (9, "Assignee", Some(Column::Who)),
            (10, "Labels", Some(Column::Labels)),
            (21, "Blocks", Some(Column::Blocks)),
            (22, "Blocked By", Some(Column::DependsOn)),
            (23, "Due Date", Some(Column::When)),
        ]
    );
    let expected = vec![
        Row {
            row: 2,
            key: "ENG-41".into(),
            title: "Usage-based billing".into(),
            // Markdown stays as written.
            what: "## Why\nFlat plans undercharge our largest accounts.\n\n- meter API calls\n- invoice monthly".into(),
            who: "Sam Lee".into(),
            when: "2025-09-30".into(),
            status: "In Progress".into(),
            effort: Some(5.0),
            blocks: strings(&["ENG-42", "ENG-44"]),
            labels: strings(&["Growth", "Tech Debt"]),
            ..Row::default()
        },
        Row {
            row: 3,
            key: "ENG-42".into(),
            // Linear's apostrophe before a formula character is removed.
            title: "=1+2 pricing test".into(),
            what: "Try three price points.".into(),
            when: "2025-10-15".into(),
            status: "Todo".into(),
            depends_on: strings(&["ENG-41"]),
            labels: strings(&["Experiment"]),
            ..Row::default()
        },
        Row {
            row: 4,
            key: "ENG-43".into(),
            title: "Invoice PDF rendering".into(),
            what: "Totals overflow on long names.".into(),
            who: "Ana Ruiz".into(),
            status: "Todo".into(),
            effort: Some(2.0),
            labels: strings(&["Bug", "Growth"]),
            ..Row::default()
        },
        Row {
            row: 5,
            key: "ENG-44".into(),
            title: "Dunning emails".into(),
            when: "2025-11-03".into(),
            status: "Backlog".into(),
            effort: Some(0.5),
            depends_on: strings(&["ENG-41"]),
            ..Row::default()
        },
    ];
    assert_eq!(sheet.rows, expected);
    assert!(sheet.skipped.is_empty());
}

#[test]
fn generic_file_with_a_mapping() {
    let mapping = Mapping::from_json(GENERIC_MAPPING).unwrap();
    assert_eq!(mapping.columns.get(&Column::DependsOn).map(String::as_str), Some("Needs"));
    let sheet = read(GENERIC, Format::Generic, Some(&mapping)).unwrap();
    assert_eq!(
        maps_to(&sheet),
        vec![
            (0, "ID", Some(Column::Key)),
            (1, "Name", Some(Column::Title)),
            (2, "Problem", Some(Column::Why)),
            (3, "Approach", Some(Column::How)),
            (4, "Team", Some(Column::Who)),
            (5, "Target", Some(Column::When)),
            (6, "Tags", Some(Column::Labels)),
            (7, "Needs", Some(Column::DependsOn)),
        ]
    );
    let row = |row: usize, key: &str, title: &str, why: &str, how: &str, who: &str, when: &str| Row {
        row,
        key: key.into(),
        title: title.into(),
        why: why.into(),
        how: how.into(),
        who: who.into(),
        when: when.into(),
        ..Row::default()
    };
    let expected = vec![
        Row {
            labels: strings(&["onboarding", "growth"]),
            ..row(
                2,
                "G-1",
                "Self-serve onboarding",
                "Trials stall at setup",
                "Wizard with templates",
                "Growth squad",
                "2027-Q1",
            )
        },
        Row {
            labels: strings(&["enterprise", "security"]),
            depends_on: strings(&["G-1"]),
            ..row(
                3,
                "G-2",
                "SSO for enterprise",
                "Deals blocked on security review",
                "SAML via the identity provider",
                "Platform",
                "Q3 2027",
            )
        },
        Row {
            labels: strings(&["compliance", "security"]),
            depends_on: strings(&["G-2", "G-1"]),
            ..row(
                5,
                "G-4",
                "Audit log export",
                "Auditors ask for CSVs by email",
                "Nightly export to object storage",
                "Platform",
                "2027-03",
            )
        },
        Row {
            labels: strings(&["enterprise"]),
            depends_on: strings(&["G-4"]),
            ..row(
                7,
                "G-5",
                "Data residency (EU)",
                "EU customers need data kept in the EU",
                "Second region",
                "Platform",
                "H2 2027",
            )
        },
    ];
    assert_eq!(sheet.rows, expected);
    // Row 6 is a blank line: it still counts as a row, as in a spreadsheet.
    assert_eq!(
        sheet.skipped,
        vec![
            Skipped { row: 4, reason: "row 4 has no title".into() },
            Skipped { row: 6, reason: "row 6 is empty".into() },
        ]
    );
}

#[test]
fn generic_file_without_a_mapping_matches_headers_by_name() {
    let sheet = read(GENERIC, Format::Generic, None).unwrap();
    let used: Vec<(usize, Option<Column>)> = sheet.columns.iter().map(|c| (c.position, c.maps_to)).collect();
    assert_eq!(
        used,
        vec![
            (0, Some(Column::Key)),
            (1, Some(Column::Title)),
            (2, None),
            (3, None),
            (4, None),
            (5, Some(Column::When)),
            (6, Some(Column::Labels)),
            (7, None),
        ]
    );
    let second = &sheet.rows[1];
    assert_eq!(
        (second.key.as_str(), second.title.as_str(), second.when.as_str()),
        ("G-2", "SSO for enterprise", "Q3 2027")
    );
    assert!(second.why.is_empty() && second.depends_on.is_empty());
}

#[test]
fn mapping_headers_match_ignoring_case_and_spaces() {
    let mapping = Mapping::from_json(r#"{"title": " name ", "depends_on": "NEEDS"}"#).unwrap();
    let sheet = read(GENERIC, Format::Generic, Some(&mapping)).unwrap();
    assert_eq!(sheet.rows[3].depends_on, strings(&["G-4"]));
    // Unmapped headers are not matched by name when a mapping is given.
    assert!(sheet.rows[0].key.is_empty());
}

#[test]
fn columns_serialise_as_their_names() {
    for column in Column::ALL {
        assert_eq!(serde_json::to_string(&column).unwrap(), format!("\"{}\"", column.as_str()));
        let back: Column = serde_json::from_str(&format!("\"{}\"", column.as_str())).unwrap();
        assert_eq!(back, column);
    }
    assert_eq!(Column::FixVersion.as_str(), "fix_version");
    assert_eq!(Column::DependsOn.as_str(), "depends_on");
}
