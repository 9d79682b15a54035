//! The roadmap as CSV: one row per live item, in priority order, with its
//! matrix, *when*, dependencies and score. A cell that a spreadsheet would
//! read as a formula is escaped (see `accord_csv::escape_formula`).

use std::collections::HashMap;

use accord_domain::RoadmapId;

use crate::{Accord, ApiResult};

pub const CSV_HEADER: [&str; 17] = [
    "Key",
    "Rank",
    "Title",
    "Kind",
    "Status",
    "What",
    "Why",
    "How",
    "Who",
    "When",
    "Target",
    "Confidence",
    "When note",
    "Depends on",
    "Goals",
    "Effort",
    "Score",
];

impl Accord {
    pub fn export_csv(&self, roadmap_id: RoadmapId) -> ApiResult<String> {
        let items = self.items(roadmap_id, false)?;
        let goals: HashMap<i64, String> = accord_store::goals::list(self.store.conn(), roadmap_id)?
            .into_iter()
            .map(|g| (g.id, g.fields.objective))
            .collect();
        // Keyed by place, as the JSON export is.
        let keys: HashMap<i64, String> = items.iter().enumerate().map(|(n, i)| (i.id, format!("i{}", n + 1))).collect();
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|i| {
                let s = &i.schedule;
                vec![
                    keys[&i.id].clone(),
                    i.rank.to_string(),
                    i.title.clone(),
                    i.kind.as_str().into(),
                    i.status.as_str().into(),
                    i.matrix.what.clone(),
                    i.matrix.why.clone(),
                    i.matrix.how.clone(),
                    i.matrix.who.clone(),
                    i.matrix.when.clone(),
                    s.target.map(|t| t.label()).unwrap_or_default(),
                    s.confidence.map(|c| c.as_str().to_string()).unwrap_or_default(),
                    s.note.clone(),
                    i.planning.depends_on.iter().filter_map(|d| keys.get(d).cloned()).collect::<Vec<_>>().join(", "),
                    i.planning.goals.iter().filter_map(|g| goals.get(g).cloned()).collect::<Vec<_>>().join(", "),
                    i.planning.effort.map(crate::export::figure).unwrap_or_default(),
                    i.planning.score().map(crate::export::figure).unwrap_or_default(),
                ]
            })
            .collect();
        Ok(accord_csv::write(&CSV_HEADER, &rows))
    }
}
