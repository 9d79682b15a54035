// Human words for the core's enums.
import type { DecisionKind } from "../bindings/DecisionKind";
import type { DecisionStatus } from "../bindings/DecisionStatus";
import type { DecisionTopic } from "../bindings/DecisionTopic";
import type { Dimension } from "../bindings/Dimension";
import type { GoalStatus } from "../bindings/GoalStatus";
import type { HealthAnswer } from "../bindings/HealthAnswer";
import type { HistoryAction } from "../bindings/HistoryAction";
import type { ItemKind } from "../bindings/ItemKind";
import type { ItemStatus } from "../bindings/ItemStatus";
import type { Owner } from "../bindings/Owner";
import type { Role } from "../bindings/Role";
import type { WhenState } from "../bindings/WhenState";

export const roleLabel: Record<Role, string> = {
  em: "EM",
  pm: "PM",
  director_of_engineering: "Director of Engineering",
  head_of_product: "Head of Product",
};

/** For tight places (the acting switcher): the partners' and the deciders' short titles. */
export const roleShort: Record<Role, string> = {
  em: "EM",
  pm: "PM",
  director_of_engineering: "Director",
  head_of_product: "Head of Product",
};

export const roleLong: Record<Role, string> = {
  em: "Engineering manager",
  pm: "Product manager",
  director_of_engineering: "Director of engineering",
  head_of_product: "Head of product",
};

export const ownerLabel: Record<Owner, string> = { pm: "PM", em: "EM", shared: "EM + PM" };

export const dimensionLabel: Record<Dimension, string> = {
  what: "What",
  why: "Why",
  how: "How",
  who: "Who",
  when: "When",
};

export const statusLabel: Record<ItemStatus, string> = {
  idea: "Idea",
  planned: "Planned",
  in_progress: "In progress",
  shipped: "Shipped",
  dropped: "Dropped",
};

export const kindLabel: Record<ItemKind, string> = {
  feature: "Feature",
  tech_debt: "Tech debt",
  experiment: "Experiment",
};

export const actionLabel: Record<HistoryAction, string> = {
  item_created: "created the item",
  title_changed: "renamed the item",
  status_changed: "changed the status",
  kind_changed: "changed the kind",
  horizon_changed: "changed the horizon",
  moved: "moved it in priority",
  dimension_edited: "edited",
  proposal_filed: "proposed a change to",
  proposal_accepted: "accepted a proposal on",
  proposal_declined: "declined a proposal on",
  archived: "archived the item",
  restored: "restored the item",
  signed_off: "signed off",
  decision_created: "recorded the decision",
  decision_edited: "edited",
  decision_superseded: "superseded the decision",
  position_written: "wrote their position",
  escalated: "escalated the decision",
  escalation_resolved: "recorded the resolution",
  baseline_created: "created a baseline",
  planning_changed: "set",
  goal_created: "added a goal",
  goal_edited: "edited a goal",
  commented: "commented",
  sync_held: "marked the weekly sync held",
  health_answered: "answered the health check",
  roadmap_archived: "archived the roadmap",
  roadmap_restored: "restored the roadmap",
};

export const decisionKindLabel: Record<DecisionKind, string> = {
  product: "Product",
  engineering: "Engineering",
  shared: "Shared",
};

export const decisionKindHint: Record<DecisionKind, string> = {
  product: "The PM decides and signs",
  engineering: "The EM decides and signs",
  shared: "The EM and the PM both sign",
};

export const topicLabel: Record<DecisionTopic, string> = {
  timeline: "Timeline",
  scope_trade_off: "Scope trade-off",
  risk: "Risk",
  other: "Other",
  capacity_share: "Capacity share",
};

export const decisionStatusLabel: Record<DecisionStatus, string> = {
  draft: "Draft",
  proposed: "Proposed",
  agreed: "Agreed",
  escalated: "Escalated",
  superseded: "Superseded",
};

export const goalStatusLabel: Record<GoalStatus, string> = {
  on_track: "On track",
  at_risk: "At risk",
  achieved: "Achieved",
  missed: "Missed",
};

export const healthAnswerLabel: Record<HealthAnswer, string> = {
  yes: "Yes",
  partly: "Partly",
  no: "No",
};

export const whenStateLabel: Record<WhenState, string> = {
  unsigned: "Not signed",
  partial: "1 of 2 signed",
  lapsed: "Lapsed",
  agreed: "Agreed",
};

/** Names of the fields decisions, baselines and their diffs talk about. */
const fieldNames: Record<string, string> = {
  title: "Title",
  status: "Status",
  kind: "Kind",
  horizon: "Horizon",
  when_agreed: "When agreed",
  topic: "Topic",
  context: "Context",
  options: "Options considered",
  outcome: "Outcome",
  linked_items: "Linked items",
  rank: "Priority",
  capacity: "Capacity share",
  ...dimensionLabel,
};

export function fieldLabel(field: string): string {
  return fieldNames[field] ?? field.replace(/_/g, " ");
}

/** The quarter a date falls in, as horizons name it: `2026-Q4`. */
export function quarterOf(date: Date): string {
  return `${date.getFullYear()}-Q${Math.floor(date.getMonth() / 3) + 1}`;
}

export function horizonLabel(h: string): string {
  if (h === "now") return "Now";
  if (h === "next") return "Next";
  if (h === "later") return "Later";
  return h.replace("-Q", " Q");
}

/** "1 change", "2 changes". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join("");
}

/**
 * How long ago, in words. No `Intl`: its first use in a page loads the
 * locale data (about 10 ms here), and the roadmap's first screen shows one
 * of these per row. Where the exact moment matters, a title gives it.
 */
export function relativeTime(iso: string, now = Date.now()): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  const days = Math.floor(s / 86400);
  const months = Math.floor(days / 30.44);
  const years = Math.floor(days / 365.25);
  // Each unit from the first count that is plural: never "1 months" or "0 years".
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  if (months < 2) return `${Math.floor(days / 7)} weeks ago`;
  if (years < 1) return `${months} months ago`;
  return years === 1 ? "a year ago" : `${years} years ago`;
}
