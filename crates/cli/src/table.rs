//! Plain-text tables for a terminal.

use accord_api::domain::Item;
use accord_api::{ItemWhenState, WhenState};

fn cut(s: &str, width: usize) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() <= width {
        line.to_string()
    } else {
        let mut out: String = line.chars().take(width - 1).collect();
        out.push('\u{2026}');
        out
    }
}

fn agreement(state: Option<WhenState>) -> &'static str {
    match state {
        Some(WhenState::Agreed) => "agreed",
        Some(WhenState::Lapsed) => "lapsed",
        Some(WhenState::Partial) => "1 of 2",
        Some(WhenState::Unsigned) | None => "-",
    }
}

/// One row per item: rank, title, status, horizon, when and its agreement.
pub fn items(items: &[Item], states: &[ItemWhenState]) -> String {
    if items.is_empty() {
        return "No items.".into();
    }
    let mut rows = vec![[
        "#".to_string(),
        "Title".into(),
        "Status".into(),
        "Horizon".into(),
        "When".into(),
        "Agreed".into(),
        "Proposals".into(),
    ]];
    for i in items {
        let state = states.iter().find(|s| s.item_id == i.id).map(|s| s.state);
        rows.push([
            i.rank.to_string(),
            cut(&i.title, 40),
            i.status.as_str().replace('_', " "),
            i.horizon.clone(),
            cut(&i.matrix.when, 30),
            agreement(state).into(),
            if i.pending.is_empty() { "-".into() } else { i.pending.len().to_string() },
        ]);
    }
    let widths: Vec<usize> = (0..7).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    rows.iter()
        .map(|r| {
            r.iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:<w$}"))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
