// "Changed since the last sync": the roadmap's history lines since the sync
// was last held, grouped by what they are about so the partners go through
// each item, decision or goal once.
import type { HistoryEntry } from "../bindings/HistoryEntry";
import type { ItemKind } from "../bindings/ItemKind";
import type { ItemStatus } from "../bindings/ItemStatus";
import { actionLabel, dimensionLabel, fieldLabel, horizonLabel, kindLabel, statusLabel } from "./labels";

export type ChangeSubject = "item" | "decision" | "goals" | "health" | "sync" | "roadmap";

export type ChangeGroup = {
  key: string;
  subject: ChangeSubject;
  /** The item's or the decision's id; null for the roadmap's own lines. */
  id: number | null;
  entries: HistoryEntry[];
  /** When the group last changed: groups are listed newest first. */
  last: string;
};

/** A decision's line may also name the item it is a trade-off for: it is the decision's. */
export function subjectOfEntry(e: HistoryEntry): { subject: ChangeSubject; id: number | null } {
  if (e.decision_id !== null) return { subject: "decision", id: e.decision_id };
  if (e.item_id !== null) return { subject: "item", id: e.item_id };
  if (e.field === "goal" || e.field === "archived" || e.action === "goal_created" || e.action === "goal_edited")
    return { subject: "goals", id: null };
  if (e.action === "health_answered") return { subject: "health", id: null };
  if (e.action === "sync_held") return { subject: "sync", id: null };
  return { subject: "roadmap", id: null };
}

/**
 * Groups the lines by subject, each group's lines in the order given (the
 * core gives them oldest first), the groups by their latest line, newest first.
 * Comments are left out: the agenda lists them on their own, with their words.
 */
export function groupHistory(entries: HistoryEntry[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  entries.forEach((e) => {
    if (e.action === "commented") return;
    const { subject, id } = subjectOfEntry(e);
    const key = id === null ? subject : `${subject}:${id}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, subject, id, entries: [], last: e.at }));
    g.entries.push(e);
    if (e.at >= g.last) g.last = e.at;
  });
  // Sorting is stable: groups whose latest line has the same time keep the order they first appeared in.
  return [...groups.values()].sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0));
}

const dims = new Set(["what", "why", "how", "who", "when"]);

export type EntryWords = {
  /** What was done, after the actor's name: "edited What", "archived a goal". */
  text: string;
  /** What it was and became, when the line carries both. */
  change: { before: string; after: string } | null;
  /** A single value to show: a reason, an objective, who attended. */
  note: string | null;
};

/** One history line in words, as the weekly sync reads it. */
export function describeEntry(e: HistoryEntry): EntryWords {
  const onGoal = e.field === "goal" || e.field === "archived";
  const note = (text: string, value: string | null = e.after || null): EntryWords => ({ text, change: null, note: value });
  switch (e.action) {
    case "goal_created":
      return note("added a goal");
    case "goal_edited":
      return note(e.field === "archived" ? "archived a goal" : "edited a goal");
    case "proposal_filed":
      if (onGoal) return note("proposed a change to a goal");
      break;
    case "proposal_accepted":
      if (onGoal) return note("accepted a change to a goal");
      break;
    case "proposal_declined":
      return note(onGoal ? "declined a change to a goal" : `${actionLabel[e.action]} ${fieldWord(e.field)}`.trim(), e.after ? `Reason: ${e.after}` : null);
    case "sync_held":
      return note(actionLabel[e.action], e.after ? `Attended: ${e.after}` : null);
    case "health_answered":
      return note(actionLabel[e.action], e.after ? e.after.replace(/^check-in/, "Check-in") : null);
    case "item_created":
    case "decision_created":
    case "signed_off":
    case "position_written":
    case "baseline_created":
    case "archived":
    case "restored":
      return note(actionLabel[e.action]);
    case "decision_superseded":
      return note(actionLabel[e.action], e.after ? `Replaced by #${e.after}` : null);
    case "escalated":
      return note(actionLabel[e.action], e.after ? `To ${e.after}` : null);
    case "escalation_resolved":
      return note(actionLabel[e.action], e.after ? `Decided by ${e.before}: ${e.after}` : null);
  }
  const named = dims.has(e.field) || e.action === "decision_edited" || e.action === "planning_changed" || e.action.startsWith("proposal_");
  const text = named && e.field ? `${actionLabel[e.action]} ${fieldWord(e.field)}` : actionLabel[e.action];
  if (e.before || e.after) return { text, change: { before: valueWords(e, e.before), after: valueWords(e, e.after) }, note: null };
  return { text, change: null, note: null };
}

/** The core's codes for a status, kind or horizon, in words. */
function valueWords(e: HistoryEntry, v: string): string {
  if (!v) return v;
  if (e.action === "status_changed") return statusLabel[v as ItemStatus] ?? v;
  if (e.action === "kind_changed") return kindLabel[v as ItemKind] ?? v;
  if (e.action === "horizon_changed") return horizonLabel(v);
  return v;
}

function fieldWord(field: string): string {
  if (!field) return "";
  return dims.has(field) ? dimensionLabel[field as keyof typeof dimensionLabel] : fieldLabel(field);
}

/** How many lines each person wrote, most first: "Ana 12 · Ben 3". */
export function changesBy(entries: HistoryEntry[]): { name: string; count: number }[] {
  const by = new Map<string, number>();
  for (const e of entries) by.set(e.actor_name, (by.get(e.actor_name) ?? 0) + 1);
  return [...by.entries()].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
}

/** Who attended, from a comma- or line-separated list: trimmed, blanks and repeats dropped. */
export function attendeesOf(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[,\n]/)) {
    const name = raw.trim();
    if (name && !out.some((n) => n.toLowerCase() === name.toLowerCase())) out.push(name);
  }
  return out;
}
