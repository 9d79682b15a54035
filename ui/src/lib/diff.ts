// What changed between two baselines (or a baseline and now), grouped by
// the item or decision it is about, in the order the core reports them.
import type { DiffChange } from "../bindings/DiffChange";
import type { DiffKind } from "../bindings/DiffKind";
import type { DecisionStatus } from "../bindings/DecisionStatus";
import type { DecisionTopic } from "../bindings/DecisionTopic";
import type { ItemKind } from "../bindings/ItemKind";
import type { ItemStatus } from "../bindings/ItemStatus";
import { decisionStatusLabel, horizonLabel, kindLabel, statusLabel, topicLabel } from "./labels";

export type DiffGroup = {
  key: string;
  subject: "item" | "decision";
  id: number;
  title: string;
  changes: DiffChange[];
};

export function subjectOf(kind: DiffKind): "item" | "decision" {
  return kind.startsWith("decision_") ? "decision" : "item";
}

export function groupChanges(changes: DiffChange[]): DiffGroup[] {
  const groups = new Map<string, DiffGroup>();
  for (const c of changes) {
    const subject = subjectOf(c.kind);
    const key = `${subject}:${c.id}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, subject, id: c.id, title: c.title, changes: [] }));
    g.changes.push(c);
  }
  return [...groups.values()];
}

export type DiffSummary = { added: number; removed: number; moved: number; changed: number };

/** Counts per kind of change: an item or decision changed in three fields counts once. */
export function summarize(changes: DiffChange[]): DiffSummary {
  const out: DiffSummary = { added: 0, removed: 0, moved: 0, changed: 0 };
  const changed = new Set<string>();
  for (const c of changes) {
    if (c.kind.endsWith("_added")) out.added++;
    else if (c.kind.endsWith("_removed")) out.removed++;
    else if (c.kind === "item_moved") out.moved++;
    else changed.add(`${subjectOf(c.kind)}:${c.id}`);
  }
  out.changed = changed.size;
  return out;
}

/** A snapshot value in human words (statuses, kinds, horizons by their labels). */
export function displayValue(c: DiffChange, value: string): string {
  if (value === "") return "";
  const decision = subjectOf(c.kind) === "decision";
  switch (c.field) {
    case "status":
      return decision
        ? (decisionStatusLabel[value as DecisionStatus] ?? value)
        : (statusLabel[value as ItemStatus] ?? value);
    case "kind":
      return kindLabel[value as ItemKind] ?? value;
    case "topic":
      return topicLabel[value as DecisionTopic] ?? value;
    case "horizon":
      return horizonLabel(value);
    case "when_agreed":
      return value === "agreed" ? "Agreed" : "Not agreed";
    default:
      return value;
  }
}
