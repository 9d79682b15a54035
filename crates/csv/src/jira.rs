//! Jira's CSV export: fixed header names, repeated columns for multi-valued
//! fields (Labels, Sprint, Fix versions, Comment), and one pair of columns per
//! issue link type, named after the instance's own link types.

use crate::sheet::{Rule, Slot};
use crate::Column;

pub(crate) fn slots(header: &[String]) -> Vec<Option<Slot>> {
    header.iter().map(|h| slot(&h.to_lowercase())).collect()
}

fn slot(header: &str) -> Option<Slot> {
    let plain = |column| Some(Slot::new(column, Rule::Text));
    match header {
        "summary" => plain(Column::Title),
        "issue key" => plain(Column::Key),
        "issue type" => plain(Column::Kind),
        "status" => plain(Column::Status),
        "assignee" => plain(Column::Who),
        "description" => Some(Slot::new(Column::What, Rule::JiraMarkup)),
        "labels" => Some(Slot::new(Column::Labels, Rule::One)),
        "fix versions" | "fix version/s" => plain(Column::FixVersion),
        "due date" => Some(Slot::new(Column::When, Rule::Date)),
        // Company-managed projects call the field "Story Points",
        // team-managed ones "Story point estimate"; exports may hold both.
        "custom field (story point estimate)"
        | "custom field (story points)"
        | "story points"
        | "story point estimate" => Some(Slot::new(Column::Effort, Rule::Number)),
        _ => link(header),
    }
}

/// `Outward issue link (Blocks)` lists the issues this one blocks, `Inward
/// issue link (Blocks)` those that block it. Only blocking and dependency
/// link types order work; relates, clones and duplicates do not.
fn link(header: &str) -> Option<Slot> {
    let (outward, kind) = if let Some(kind) = header.strip_prefix("outward issue link (") {
        (true, kind)
    } else {
        (false, header.strip_prefix("inward issue link (")?)
    };
    let kind = kind.strip_suffix(')')?;
    let column = if kind.contains("block") {
        if outward {
            Column::Blocks
        } else {
            Column::DependsOn
        }
    } else if kind.contains("depend") {
        // A dependency type reads the other way round: its outward
        // description is "depends on", its inward one "is depended on by".
        if outward {
            Column::DependsOn
        } else {
            Column::Blocks
        }
    } else {
        return None;
    };
    Some(Slot::new(column, Rule::Split))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(header: &str) -> Option<Column> {
        slot(&header.to_lowercase()).map(|s| s.column)
    }

    #[test]
    fn link_types_that_order_work_are_dependencies() {
        assert_eq!(column("Outward issue link (Blocks)"), Some(Column::Blocks));
        assert_eq!(column("Inward issue link (Blocks)"), Some(Column::DependsOn));
        assert_eq!(column("Inward issue link (Blocker)"), Some(Column::DependsOn));
        assert_eq!(column("Outward issue link (Dependency)"), Some(Column::DependsOn));
        assert_eq!(column("Inward issue link (Dependency)"), Some(Column::Blocks));
        for other in ["Outward issue link (Relates)", "Inward issue link (Cloners)", "Outward issue link (Duplicate)"] {
            assert_eq!(column(other), None, "{other}");
        }
    }

    #[test]
    fn unused_fields_map_to_nothing() {
        for header in ["Sprint", "Comment", "Created", "Updated", "Resolved", "Reporter", "Priority", "Issue id"] {
            assert_eq!(column(header), None, "{header}");
        }
        assert_eq!(column("Fix Version/s"), Some(Column::FixVersion));
        assert_eq!(column("Due Date"), Some(Column::When));
        assert_eq!(column("Custom field (Story Points)"), Some(Column::Effort));
    }
}
