//! Several roadmaps: the window reopens the one open last, a new roadmap
//! carries chosen items over with their matrix, and archiving keeps all.

use accord_api::{Accord, ArchiveRoadmap, CarryOver, ErrorCode, ItemChange, MoveItem, NewRoadmap, UpdateItem};
use accord_domain::{Dimension, ItemKind, PlanningValue};

use crate::api::refused;
use crate::planning::desk;

fn named(name: &str) -> NewRoadmap {
    NewRoadmap {
        name: name.into(),
        team: String::new(),
        em_name: String::new(),
        pm_name: String::new(),
        director_name: String::new(),
        head_of_product_name: String::new(),
    }
}

#[test]
fn a_new_roadmap_carries_chosen_items_and_is_reopened_next_time() {
    let mut d = desk();
    let (pm, em) = (d.pm.clone(), d.em.clone());
    let a = d.add("Checkout", ItemKind::Feature);
    let b = d.add("Payments API", ItemKind::Feature);
    let left = d.add("Left behind", ItemKind::Feature);
    d.edit(&pm, a.id, Dimension::What, "One-page checkout").unwrap();
    d.edit(&pm, a.id, Dimension::When, "2027-Q3").unwrap();
    d.set(&em, a.id, PlanningValue::DependsOn(vec![b.id, left.id])).unwrap();
    let next = d
        .app
        .carry_over(pm.id, CarryOver { roadmap: named("H2 plan"), from_roadmap: d.roadmap.id, items: vec![b.id, a.id] })
        .unwrap();
    let items = d.app.items(next.id, false).unwrap();
    assert_eq!(items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Checkout", "Payments API"]);
    assert_eq!((items[0].matrix.what.as_str(), items[0].matrix.when.as_str()), ("One-page checkout", "2027-Q3"));
    assert_eq!(items[0].planning.depends_on, [items[1].id], "links among carried items follow them");
    assert!(!d.app.when_signoff(items[0].id).unwrap().agreement.agreed);
    assert_eq!(d.app.roadmap_to_open().unwrap(), Some(next.id));

    d.app.open_roadmap(d.roadmap.id).unwrap();
    assert_eq!(d.app.bootstrap().unwrap().open_roadmap, Some(d.roadmap.id));
}

#[test]
fn an_archived_roadmap_is_kept_and_not_reopened() {
    let mut d = desk();
    let (pm, director) = (d.pm.clone(), d.director.clone());
    let other = d.app.create_roadmap(pm.id, named("Old plan")).unwrap();
    d.app.open_roadmap(other.id).unwrap();
    let before = d.dump();
    refused(
        d.app.archive_roadmap(director.id, ArchiveRoadmap { roadmap_id: other.id, archived: true }),
        ErrorCode::Forbidden,
    );
    assert_eq!(d.dump(), before);
    let archived = d.app.archive_roadmap(pm.id, ArchiveRoadmap { roadmap_id: other.id, archived: true }).unwrap();
    assert!(archived.archived);
    assert_eq!(d.app.roadmap_to_open().unwrap(), Some(d.roadmap.id), "the first live roadmap opens instead");
    refused(d.app.open_roadmap(other.id), ErrorCode::InvalidInput);
    assert!(d.app.bootstrap().unwrap().roadmaps.iter().any(|r| r.id == other.id && r.archived), "kept, marked");
    d.app.archive_roadmap(pm.id, ArchiveRoadmap { roadmap_id: other.id, archived: false }).unwrap();
    d.app.open_roadmap(other.id).unwrap();
}

#[test]
fn the_bootstrap_carries_the_top_of_the_roadmap_it_opens_and_counts_the_rest() {
    let mut d = desk();
    let pm = d.pm.clone();
    let n = Accord::FIRST_SCREEN_ITEMS as usize + 5;
    let items: Vec<_> = (0..n).map(|i| d.add(&format!("Item {i}"), ItemKind::Feature)).collect();
    // The last item moved to the top, one archived: the first screen follows the priority order.
    let last = &items[n - 1];
    d.app.move_item(pm.id, MoveItem { item_id: last.id, base_revision: last.revision, to_index: 0 }).unwrap();
    let gone = d.item(items[3].id);
    let change = ItemChange::Archived(true);
    d.app.update_item(pm.id, UpdateItem { item_id: gone.id, base_revision: gone.revision, change }).unwrap();

    let first = d.app.bootstrap().unwrap().first_screen.expect("the open roadmap's first screen");
    let all = d.app.items(d.roadmap.id, false).unwrap();
    assert_eq!(first.roadmap_id, d.roadmap.id);
    assert_eq!(first.total as usize, n - 1, "every live item is counted, the archived one is not");
    assert_eq!(first.items.len(), Accord::FIRST_SCREEN_ITEMS as usize);
    let ids = |v: &[accord_domain::Item]| v.iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(ids(&first.items), ids(&all[..first.items.len()]), "the top of the list, as the whole list reads");
    assert_eq!(first.items[0].id, last.id);

    // A roadmap shorter than a screen comes whole.
    let short = d.app.create_roadmap(pm.id, named("Short")).unwrap();
    d.app.open_roadmap(short.id).unwrap();
    let first = d.app.bootstrap().unwrap().first_screen.unwrap();
    assert_eq!((first.roadmap_id, first.items.len(), first.total), (short.id, 0, 0));
}

#[test]
fn a_bootstrap_without_a_roadmap_has_no_first_screen() {
    let app = Accord::open_in_memory().unwrap();
    let boot = app.bootstrap().unwrap();
    assert_eq!(boot.open_roadmap, None);
    assert!(boot.first_screen.is_none());
}
