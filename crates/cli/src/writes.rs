//! The writes the window makes, headless: each goes through the same
//! use-case, so the same rights, revisions and trade-off rules hold, and a
//! refused one writes nothing.

use accord_api::domain::{Dimension, ItemId, ItemKind, RoadmapId};
use accord_api::{
    Accord, EditDimension, ItemChange, MoveItem, NewBaseline, NewItem, ProposeChange, RespondToProposal, SignBaseline,
    SignDecision, SignWhen, TradeOff, UpdateItem,
};
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::{fail, passphrase, roadmap_id, DimensionArg, Failure, Output};

/// A committed item's scope or date change names what gives way.
#[derive(Args, Default)]
pub struct TradeOffArgs {
    /// Why the change is worth what it costs (needed for a committed item's what or when).
    #[arg(long, value_name = "WHY")]
    trade_off: Option<String>,
    /// An item deprioritised by the change (repeat for several).
    #[arg(long, value_name = "ITEM")]
    deprioritise: Vec<ItemId>,
    /// Or: the capacity that makes room, instead of deprioritised items.
    #[arg(long, value_name = "TEXT", default_value = "")]
    capacity_reason: String,
}

impl TradeOffArgs {
    fn get(self) -> Option<TradeOff> {
        self.trade_off.map(|why| TradeOff {
            deprioritised: self.deprioritise,
            capacity_reason: self.capacity_reason,
            why,
        })
    }
}

/// A dimension's new text, written or proposed.
#[derive(Args)]
pub struct DimensionText {
    item: ItemId,
    #[arg(long, value_enum)]
    dimension: DimensionArg,
    #[arg(long)]
    text: String,
    /// The revision the change was made against; refused if the item changed since.
    #[arg(long)]
    base_revision: i64,
}

#[derive(Args)]
pub struct Edit {
    #[command(flatten)]
    change: DimensionText,
    #[command(flatten)]
    trade_off: TradeOffArgs,
}

#[derive(Args)]
pub struct Propose {
    #[command(flatten)]
    change: DimensionText,
}

#[derive(Args)]
pub struct Answer {
    proposal: i64,
    #[arg(long, conflicts_with = "decline", required_unless_present = "decline")]
    accept: bool,
    #[arg(long)]
    decline: bool,
    /// Why it is declined (required to decline).
    #[arg(long, default_value = "")]
    reason: String,
    /// The item's revision the answer was made against.
    #[arg(long)]
    base_revision: i64,
    #[command(flatten)]
    trade_off: TradeOffArgs,
}

#[derive(Args)]
pub struct Move {
    item: ItemId,
    /// The 0-based place in the live order.
    #[arg(long)]
    to: u32,
    #[arg(long)]
    base_revision: i64,
}

#[derive(Args)]
pub struct Add {
    #[arg(long)]
    roadmap: Option<RoadmapId>,
    #[arg(long)]
    title: String,
    /// feature, tech_debt or experiment.
    #[arg(long, default_value = "feature", value_parser = parse_kind)]
    kind: ItemKind,
    #[arg(long, default_value = "later")]
    horizon: String,
}

#[derive(Args)]
pub struct Archive {
    item: ItemId,
    #[arg(long)]
    base_revision: i64,
    /// Brings an archived item back instead.
    #[arg(long)]
    restore: bool,
}

#[derive(Subcommand)]
pub enum Sign {
    /// An item's shared *when*, at the revision you read.
    When {
        item: ItemId,
        #[arg(long)]
        base_revision: i64,
    },
    /// A decision record you may sign, at the revision you read.
    Decision {
        decision: i64,
        #[arg(long)]
        base_revision: i64,
    },
    /// A baseline of the roadmap.
    Baseline { baseline: i64 },
}

#[derive(Args)]
pub struct Baseline {
    #[arg(long)]
    roadmap: Option<RoadmapId>,
    #[arg(long)]
    name: String,
}

/// "agreed", or who has signed and who is still to.
fn agreement_line(a: &accord_api::domain::Agreement) -> String {
    let roles = |rs: &[accord_api::domain::Role]| rs.iter().map(|r| r.label()).collect::<Vec<_>>().join(" and ");
    let waiting = [a.missing.as_slice(), a.lapsed.as_slice()].concat();
    if a.agreed {
        "agreed".into()
    } else if a.signed.is_empty() {
        format!("waiting for {}", roles(&waiting))
    } else {
        format!("signed by {}, waiting for {}", roles(&a.signed), roles(&waiting))
    }
}

fn parse_kind(s: &str) -> Result<ItemKind, String> {
    ItemKind::parse(s).ok_or_else(|| "one of feature, tech_debt, experiment".into())
}

fn me(accord: &Accord) -> Result<accord_api::domain::ProfileId, Failure> {
    Ok(accord.acting()?.id)
}

/// Prints a result: its JSON with `--json`, else the line a person reads.
fn done<T: Serialize>(out: Output, value: &T, line: impl FnOnce(&T) -> String) -> Result<(), Failure> {
    let text = if out.json { serde_json::to_string_pretty(value).expect("results serialise") } else { line(value) };
    println!("{text}");
    Ok(())
}

fn item_line(verb: &str) -> impl FnOnce(&accord_api::domain::Item) -> String + '_ {
    move |i| format!("{verb} \u{201c}{}\u{201d} (item {}), now at revision {}.", i.title, i.id, i.revision)
}

pub fn edit(accord: &mut Accord, e: Edit, out: Output) -> Result<(), Failure> {
    let who = me(accord)?;
    let item = accord.edit_dimension(
        who,
        EditDimension {
            item_id: e.change.item,
            base_revision: e.change.base_revision,
            dimension: Dimension::from(e.change.dimension),
            text: e.change.text,
            trade_off: e.trade_off.get(),
        },
    )?;
    done(out, &item, item_line("Edited"))
}

pub fn propose(accord: &mut Accord, p: Propose, out: Output) -> Result<(), Failure> {
    let who = me(accord)?;
    let proposal = accord.propose(
        who,
        ProposeChange {
            item_id: p.change.item,
            base_revision: p.change.base_revision,
            dimension: Dimension::from(p.change.dimension),
            text: p.change.text,
        },
    )?;
    done(out, &proposal, |p| {
        format!("Proposed (proposal {}): the {} of item {}, to its owner.", p.id, p.field.label(), p.item_id)
    })
}

pub fn answer(accord: &mut Accord, a: Answer, out: Output) -> Result<(), Failure> {
    let who = me(accord)?;
    let proposal = accord.proposal(a.proposal)?;
    let item = accord.respond(
        who,
        RespondToProposal {
            item_id: proposal.item_id,
            proposal_id: a.proposal,
            base_revision: a.base_revision,
            accept: a.accept,
            reason: a.reason,
            trade_off: a.trade_off.get(),
        },
    )?;
    done(out, &item, item_line(if a.accept { "Accepted; applied to" } else { "Declined; kept" }))
}

pub fn move_item(accord: &mut Accord, m: Move, out: Output) -> Result<(), Failure> {
    let who = me(accord)?;
    let moved = accord.move_item(who, MoveItem { item_id: m.item, base_revision: m.base_revision, to_index: m.to })?;
    done(out, &moved, |m| {
        let place = m.order.iter().position(|id| *id == m.item.id).map_or(0, |p| p + 1);
        format!("Moved \u{201c}{}\u{201d} to place {place} of {}.", m.item.title, m.order.len())
    })
}

pub fn add(accord: &mut Accord, a: Add, out: Output) -> Result<(), Failure> {
    let who = me(accord)?;
    let roadmap_id = roadmap_id(accord, a.roadmap)?;
    let item = accord.create_item(who, NewItem { roadmap_id, title: a.title, kind: a.kind, horizon: a.horizon })?;
    done(out, &item, item_line("Added"))
}

pub fn archive(accord: &mut Accord, a: Archive, out: Output) -> Result<(), Failure> {
    let who = me(accord)?;
    let item = accord.update_item(
        who,
        UpdateItem { item_id: a.item, base_revision: a.base_revision, change: ItemChange::Archived(!a.restore) },
    )?;
    done(out, &item, item_line(if a.restore { "Restored" } else { "Archived" }))
}

pub fn sign(accord: &mut Accord, s: Sign, passphrase_stdin: bool, out: Output) -> Result<(), Failure> {
    let who = me(accord)?;
    let passphrase = passphrase(passphrase_stdin)?;
    match s {
        Sign::When { item, base_revision } => {
            let view = accord.sign_when(who, SignWhen { item_id: item, base_revision, passphrase })?;
            done(out, &view, |v| format!("Signed the when of item {}: {}.", v.item_id, agreement_line(&v.agreement)))
        }
        Sign::Decision { decision, base_revision } => {
            let view = accord.sign_decision(who, SignDecision { decision_id: decision, base_revision, passphrase })?;
            done(out, &view, |v| {
                format!("Signed decision {}: {}.", v.decision.id, agreement_line(&v.signoff.agreement))
            })
        }
        Sign::Baseline { baseline } => {
            let view = accord.sign_baseline(who, SignBaseline { baseline_id: baseline, passphrase })?;
            done(out, &view, |v| {
                format!(
                    "Signed baseline {} \u{201c}{}\u{201d}: {}.",
                    v.id,
                    v.name,
                    agreement_line(&v.signoff.agreement)
                )
            })
        }
    }
}

pub fn baseline(accord: &mut Accord, b: Baseline, passphrase_stdin: bool, out: Output) -> Result<(), Failure> {
    let who = me(accord)?;
    let passphrase = passphrase(passphrase_stdin)?;
    let roadmap_id = roadmap_id(accord, b.roadmap)?;
    if b.name.trim().is_empty() {
        return Err(fail("a baseline needs a name"));
    }
    let view = accord.create_baseline(who, NewBaseline { roadmap_id, name: b.name, passphrase })?;
    done(out, &view, |v| {
        format!(
            "Created and signed baseline {} \u{201c}{}\u{201d}: {}.",
            v.id,
            v.name,
            agreement_line(&v.signoff.agreement)
        )
    })
}
