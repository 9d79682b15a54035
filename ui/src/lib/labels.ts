// Human words for the core's enums.
import type { Dimension } from "../bindings/Dimension";
import type { HistoryAction } from "../bindings/HistoryAction";
import type { ItemKind } from "../bindings/ItemKind";
import type { ItemStatus } from "../bindings/ItemStatus";
import type { Owner } from "../bindings/Owner";
import type { Role } from "../bindings/Role";

export const roleLabel: Record<Role, string> = {
  em: "EM",
  pm: "PM",
  director_of_engineering: "Director of Engineering",
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
};

export function horizonLabel(h: string): string {
  if (h === "now") return "Now";
  if (h === "next") return "Next";
  if (h === "later") return "Later";
  return h.replace("-Q", " Q");
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join("");
}

export function relativeTime(iso: string, now = Date.now()): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}
