//! Fills a data directory with a demo roadmap: a PM and an EM profile and
//! N items with partly filled matrices and a few pending proposals.
//! Used for screenshots and the whole-app benchmark.
//!
//!     cargo run -p accord-api --example seed -- DATA_DIR [ITEMS]

use accord_api::domain::{Dimension, ItemKind, Role};
use accord_api::*;

const THEMES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "Checkout redesign",
        "One-page checkout with saved cards and address autocomplete.",
        "Cart abandonment is 68%; target 55% by Q3.",
        "New React checkout behind a flag; reuse the payments service.",
        "Payments squad: 3 engineers, 1 designer.",
        "Beta by 2027-Q1, confidence medium",
    ),
    (
        "Search relevance",
        "Typo-tolerant product search with synonyms.",
        "A third of searches end with no click.",
        "Move to OpenSearch with a learning-to-rank stage.",
        "Discovery team, with one data scientist.",
        "",
    ),
    (
        "Retire the legacy billing cron",
        "",
        "Two incidents a quarter come from the nightly batch.",
        "Event-driven invoices; drain the cron queue.",
        "",
        "Before the December freeze",
    ),
    (
        "Team workspaces",
        "Shared spaces with roles for teams of up to 50.",
        "Enterprise deals stall without shared ownership.",
        "",
        "",
        "",
    ),
    (
        "Mobile offline mode",
        "Read and draft offline; sync on reconnect.",
        "Field users lose work on trains and in basements.",
        "SQLite on device, CRDT merge for drafts.",
        "Mobile team, 4 engineers.",
        "2027-Q2, confidence low",
    ),
    (
        "SSO with SAML",
        "SAML and SCIM for enterprise customers.",
        "Required by 8 of the top 20 prospects.",
        "",
        "Identity squad.",
        "",
    ),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().ok_or("usage: seed DATA_DIR [ITEMS]")?);
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(THEMES.len());
    let mut a = Accord::open(&dir.join("accord.db"))?;
    let pm = a.create_profile(NewProfile {
        name: "Priya Raman".into(),
        role: Role::Pm,
        passphrase: "demo passphrase".into(),
    })?;
    let em = a.create_profile(NewProfile {
        name: "Marco Keller".into(),
        role: Role::Em,
        passphrase: "demo passphrase".into(),
    })?;
    let roadmap = a.create_roadmap(
        pm.id,
        NewRoadmap {
            name: "Checkout & Growth 2027".into(),
            team: "Payments".into(),
            em_name: em.name.clone(),
            pm_name: pm.name.clone(),
            director_name: "Dana Okafor".into(),
            head_of_product_name: "Lena Fischer".into(),
        },
    )?;
    let horizons = ["now", "now", "next", "next", "later", "2027-Q2"];
    for i in 0..n {
        let (title, what, why, how, who, when) = THEMES[i % THEMES.len()];
        // Past the themes, the items spread over two years of quarters.
        let spread;
        let when = if i < THEMES.len() {
            when
        } else {
            spread = format!("{}-Q{} \u{b7} medium confidence", 2027 + (i / 4) % 2, i % 4 + 1);
            spread.as_str()
        };
        let title =
            if i < THEMES.len() { title.to_string() } else { format!("{title} — phase {}", i / THEMES.len() + 1) };
        let kind = if title.contains("Retire") {
            ItemKind::TechDebt
        } else if i % 7 == 3 {
            ItemKind::Experiment
        } else {
            ItemKind::Feature
        };
        let mut item = a.create_item(
            pm.id,
            NewItem { roadmap_id: roadmap.id, title, kind, horizon: horizons[i % horizons.len()].into() },
        )?;
        for (d, text, who_edits) in [
            (Dimension::What, what, pm.id),
            (Dimension::Why, why, pm.id),
            (Dimension::How, how, em.id),
            (Dimension::Who, who, em.id),
            (Dimension::When, when, pm.id),
        ] {
            if !text.is_empty() {
                item = a.edit_dimension(
                    who_edits,
                    EditDimension {
                        item_id: item.id,
                        base_revision: item.revision,
                        dimension: d,
                        text: text.into(),
                        trade_off: None,
                    },
                )?;
            }
        }
        if i % 6 == 0 {
            a.propose(
                em.id,
                ProposeChange {
                    item_id: item.id,
                    base_revision: item.revision,
                    dimension: Dimension::What,
                    text: format!("{what} Ship saved cards first; autocomplete in a second release."),
                },
            )?;
        }
        if i % 6 == 4 {
            a.propose(
                pm.id,
                ProposeChange {
                    item_id: item.id,
                    base_revision: item.revision,
                    dimension: Dimension::Who,
                    text: "Pair with the platform team for the sync engine.".into(),
                },
            )?;
        }
        // Every seventh item waits on the one before it (the EM's to say).
        if i % 7 == 6 {
            item = a.set_planning(
                em.id,
                SetPlanning {
                    item_id: item.id,
                    base_revision: item.revision,
                    value: accord_api::domain::PlanningValue::DependsOn(vec![item.id - 1]),
                },
            )?;
        }
        // Tech debt is committed only once framed: the seeded debt stays an idea.
        if i % 5 == 1 && kind != ItemKind::TechDebt {
            a.update_item(
                pm.id,
                UpdateItem {
                    item_id: item.id,
                    base_revision: item.revision,
                    change: ItemChange::Status(accord_api::domain::ItemStatus::Planned),
                },
            )?;
        }
    }
    println!("seeded {} with {n} items", dir.display());
    Ok(())
}
