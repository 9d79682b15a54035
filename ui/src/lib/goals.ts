// Goals as the form edits them, and what a proposal would change. For
// display only: the core validates and decides who may write a goal.
import type { Goal } from "../bindings/Goal";
import type { GoalFields } from "../bindings/GoalFields";
import type { GoalStatus } from "../bindings/GoalStatus";
import { goalStatusLabel } from "./labels";

export const GOAL_STATUSES: readonly GoalStatus[] = ["on_track", "at_risk", "achieved", "missed"];

export function blankGoal(): GoalFields {
  return { objective: "", metric: "", from_value: "", to_value: "", by_when: "", status: "on_track" };
}

export function fieldsOf(g: GoalFields): GoalFields {
  return {
    objective: g.objective,
    metric: g.metric,
    from_value: g.from_value,
    to_value: g.to_value,
    by_when: g.by_when,
    status: g.status,
  };
}

/** The fields as the core keeps them: every text one trimmed line. */
export function trimmedGoal(g: GoalFields): GoalFields {
  return {
    objective: g.objective.trim(),
    metric: g.metric.trim(),
    from_value: g.from_value.trim(),
    to_value: g.to_value.trim(),
    by_when: g.by_when.trim(),
    status: g.status,
  };
}

/** "weekly active teams: 40 → 120 by 2027-Q2", or as much of it as is written (as the core words it). */
export function goalTarget(g: GoalFields): string {
  let out = g.metric.trim();
  const from = g.from_value.trim();
  const to = g.to_value.trim();
  if (from || to) {
    if (out) out += ": ";
    out += `${from} → ${to}`;
  }
  if (g.by_when.trim()) out += ` by ${g.by_when.trim()}`;
  return out.trim();
}

const goalFieldLabel: Record<keyof GoalFields, string> = {
  objective: "Objective",
  metric: "Metric",
  from_value: "From",
  to_value: "To",
  by_when: "By when",
  status: "Status",
};

export type GoalChange = { field: keyof GoalFields; label: string; before: string; after: string };

/** What a proposal changes, field by field, in the form's order. */
export function goalChanges(before: GoalFields, after: GoalFields): GoalChange[] {
  const shown = (f: keyof GoalFields, g: GoalFields) => (f === "status" ? goalStatusLabel[g.status] : g[f].trim());
  return (Object.keys(goalFieldLabel) as (keyof GoalFields)[])
    .filter((f) => shown(f, before) !== shown(f, after))
    .map((f) => ({ field: f, label: goalFieldLabel[f], before: shown(f, before), after: shown(f, after) }));
}

export function sameGoal(a: GoalFields, b: GoalFields): boolean {
  return goalChanges(a, b).length === 0;
}

/** Why the form cannot be sent yet; null when it can. */
export function goalMissing(draft: GoalFields, stored: GoalFields | null): string | null {
  if (!draft.objective.trim()) return "Write the objective";
  if (stored && sameGoal(draft, stored)) return "Nothing changed yet";
  return null;
}

/** Live goals first, then archived ones, each in the core's order. */
export function splitArchived<T extends { goal: Goal }>(rows: T[]): { live: T[]; archived: T[] } {
  return { live: rows.filter((r) => !r.goal.archived), archived: rows.filter((r) => r.goal.archived) };
}
