//! Linear's CSV export. Multi-valued fields are comma-joined in one cell.
//! Linear adds columns from time to time, so headers it did not have when
//! this was written are ignored rather than refused.
//!
//! Linear has no issue type; the kind stays empty and the api decides it.

use crate::sheet::{Rule, Slot};
use crate::Column;

pub(crate) fn slots(header: &[String]) -> Vec<Option<Slot>> {
    header.iter().map(|h| slot(&h.to_lowercase())).collect()
}

fn slot(header: &str) -> Option<Slot> {
    let column = match header {
        "id" => Column::Key,
        "title" => Column::Title,
        // Markdown reads well enough as it is.
        "description" => Column::What,
        "status" => Column::Status,
        "estimate" => Column::Effort,
        "assignee" => Column::Who,
        "labels" => Column::Labels,
        "due date" => return Some(Slot::new(Column::When, Rule::Date)),
        "blocks" => Column::Blocks,
        "blocked by" => Column::DependsOn,
        _ => return None,
    };
    Some(Slot::plain(column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_linear_adds_later_are_ignored() {
        for header in ["Parent issue", "Project Milestone", "Cycle Name", "Priority", "Team", "Creator", "SLA"] {
            assert_eq!(slot(&header.to_lowercase()), None, "{header}");
        }
        assert_eq!(slot("blocked by"), Some(Slot::new(Column::DependsOn, Rule::Split)));
        assert_eq!(slot("estimate"), Some(Slot::new(Column::Effort, Rule::Number)));
    }
}
