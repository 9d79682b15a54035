//! The checks a dependency passes on every path (an edit, an accepted
//! proposal, an undo, an import): same roadmap, live, and no cycle.

use accord_domain::dependencies::find_cycle;
use accord_domain::{Item, ItemId};
use accord_store::items;
use accord_store::rusqlite::Connection;

use crate::{ApiError, ApiResult, ErrorCode};

pub(crate) fn check_dependencies(conn: &Connection, item: &Item, ids: &[ItemId]) -> ApiResult<()> {
    for &id in ids {
        if id == item.id {
            return Err(ApiError::invalid(format!("\u{201c}{}\u{201d} cannot depend on itself", item.title)));
        }
        let dep = items::get(conn, id)?.ok_or_else(|| ApiError::not_found("item", id))?;
        if dep.roadmap_id != item.roadmap_id {
            return Err(ApiError::invalid(format!("\u{201c}{}\u{201d} is on another roadmap", dep.title)));
        }
        if dep.archived && !item.planning.depends_on.contains(&id) {
            return Err(ApiError::invalid(format!(
                "\u{201c}{}\u{201d} is archived; restore it before depending on it",
                dep.title
            )));
        }
    }
    let mut edges = items::dependency_edges(conn, item.roadmap_id)?;
    edges.remove(&item.id);
    if let Some(chain) = find_cycle(&edges, item.id, ids) {
        return Err(cycle_error(conn, &chain)?);
    }
    Ok(())
}

/// "A → B → C → A", by title.
pub(crate) fn cycle_error(conn: &Connection, chain: &[ItemId]) -> ApiResult<ApiError> {
    let titles = items::titles(conn, chain)?;
    let names: Vec<String> = chain
        .iter()
        .map(|id| format!("\u{201c}{}\u{201d}", titles.get(id).map(String::as_str).unwrap_or("?")))
        .collect();
    Ok(ApiError::new(
        ErrorCode::DependencyCycle,
        format!("that dependency would close a cycle: {} (each waits on the next)", names.join(" \u{2192} ")),
    ))
}
