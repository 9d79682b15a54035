// Planning fields for display: who owns each, the RICE scales, how values
// read, and where a reorder asks an item to go. The core checks all of it
// again; nothing here decides.
import type { CapacityView } from "../bindings/CapacityView";
import type { Field } from "../bindings/Field";
import type { Framing } from "../bindings/Framing";
import type { ItemKind } from "../bindings/ItemKind";
import type { Level } from "../bindings/Level";
import type { Owner } from "../bindings/Owner";
import type { Planning } from "../bindings/Planning";
import type { PlanningValue } from "../bindings/PlanningValue";
import type { Proposal } from "../bindings/Proposal";
import type { RankTarget } from "../bindings/RankTarget";
import type { Role } from "../bindings/Role";
import { isPartner, type Capability } from "./rights";
import { fieldLabel } from "./labels";

/** Mirrors the core's `Field::owner`. */
export const fieldOwner: Record<Field, Owner> = {
  what: "pm",
  why: "pm",
  rank: "pm",
  goals: "pm",
  reach: "pm",
  impact: "pm",
  how: "em",
  who: "em",
  effort: "em",
  customer_impact: "em",
  velocity_cost: "em",
  incident_risk: "em",
  depends_on: "em",
  when: "shared",
  confidence: "shared",
};

export function fieldCapability(role: Role | undefined, field: Field): Capability {
  if (!isPartner(role)) return "none";
  const owner = fieldOwner[field];
  return owner === "shared" || owner === role ? "edit" : "propose";
}

const FIELD_NAMES: Record<string, string> = {
  rank: "Priority",
  goals: "Goals",
  reach: "Reach",
  impact: "Impact",
  confidence: "Confidence",
  effort: "Effort",
  customer_impact: "Customer impact",
  velocity_cost: "Team velocity",
  incident_risk: "Incident risk",
  depends_on: "Depends on",
};

/** A field's name as the core's `Field::label` gives it (matrix, planning and record fields alike). */
export function fieldName(field: string): string {
  return FIELD_NAMES[field] ?? fieldLabel(field);
}

export type PlanningField = PlanningValue["field"];
export type FramingField = "customer_impact" | "velocity_cost" | "incident_risk";
export const FRAMING_FIELDS: readonly FramingField[] = ["customer_impact", "velocity_cost", "incident_risk"];
export const RICE_FIELDS = ["reach", "impact", "confidence", "effort"] as const;

/** The core's scales (`IMPACTS`, `CONFIDENCES`), with their words. */
export const IMPACTS: readonly { value: number; label: string }[] = [
  { value: 3, label: "Massive" },
  { value: 2, label: "High" },
  { value: 1, label: "Medium" },
  { value: 0.5, label: "Low" },
  { value: 0.25, label: "Minimal" },
];
export const CONFIDENCES: readonly { value: number; label: string }[] = [
  { value: 100, label: "High" },
  { value: 80, label: "Medium" },
  { value: 50, label: "Low" },
];
export const LEVELS: readonly Level[] = ["low", "medium", "high"];
export const levelLabel: Record<Level, string> = { low: "Low", medium: "Medium", high: "High" };

/** What each framing row asks the EM to say, in business terms. */
export const framingQuestion: Record<FramingField, string> = {
  customer_impact: "What do customers feel while this debt stays?",
  velocity_cost: "How much does it slow the team down?",
  incident_risk: "How likely is it to cause an incident, and how bad?",
};

// Made on first use: the first Intl object loads ICU's data, which the
// first screen does not need (its scores arrive after it is drawn).
let numbers: Intl.NumberFormat | undefined;

/** A RICE score as the roadmap shows it: "2,400", "5,333.3". */
export function formatScore(score: number): string {
  return (numbers ??= new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 })).format(score);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(n);
}

/** The same score the core computes, for an item being edited. */
export function scoreOf(p: Planning): number | null {
  if (p.reach === null || p.impact === null || p.confidence === null || p.effort === null) return null;
  return (p.reach * p.impact * (p.confidence / 100)) / p.effort;
}

export function missingFactors(p: Planning): Field[] {
  return RICE_FIELDS.filter((f) => p[f] === null);
}

export function missingFraming(p: Planning): FramingField[] {
  return FRAMING_FIELDS.filter((f) => p[f] === null);
}

/** "reach and effort", "reach, impact and effort". */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** Why a score is incomplete, in the tooltip's words. */
export function incompleteReason(missing: Field[], label: (f: Field) => string): string {
  if (missing.length === 0) return "Incomplete";
  return `Incomplete: no ${listWords(missing.map((f) => label(f).toLowerCase()))} yet`;
}

export function impactLabel(v: number): string {
  const known = IMPACTS.find((i) => i.value === v);
  return known ? `${known.label} (${formatNumber(v)}×)` : `${formatNumber(v)}×`;
}

export function confidenceLabel(v: number): string {
  const known = CONFIDENCES.find((c) => c.value === v);
  return known ? `${known.label} (${v} %)` : `${v} %`;
}

/** A planning value in words, for proposals ("1,200 people / quarter"). */
export function planningWords(
  value: PlanningValue,
  goalName: (id: number) => string,
  itemTitle: (id: number) => string | undefined = () => undefined,
): string {
  switch (value.field) {
    case "goals":
      return value.value.length ? value.value.map(goalName).join(", ") : "No goals";
    case "depends_on":
      return value.value.length ? value.value.map((id) => `“${itemTitle(id) ?? `item ${id}`}”`).join(", ") : "Nothing";
    case "reach":
      return value.value === null ? "Not set" : `${formatNumber(value.value)} people / quarter`;
    case "impact":
      return value.value === null ? "Not set" : impactLabel(value.value);
    case "confidence":
      return value.value === null ? "Not set" : confidenceLabel(value.value);
    case "effort":
      return value.value === null ? "Not set" : `${formatNumber(value.value)} person-weeks`;
    default:
      return value.value === null ? "Not written" : `${levelLabel[value.value.level]} — ${value.value.note}`;
  }
}

/** A planning value as the core writes it in a proposal's `before_text` (`PlanningValue::to_text`). */
export function planningText(value: PlanningValue): string {
  switch (value.field) {
    case "goals":
    case "depends_on":
      return value.value.join(",");
    case "confidence":
      return value.value === null ? "" : `${value.value}%`;
    case "reach":
    case "impact":
    case "effort":
      return value.value === null ? "" : String(value.value);
    default:
      return value.value === null ? "" : `${value.value.level}: ${value.value.note}`;
  }
}

/** The item's current value of a planning field, as a PlanningValue. */
export function currentValue(p: Planning, field: PlanningField): PlanningValue {
  return { field, value: p[field] } as PlanningValue;
}

export function sameValue(a: PlanningValue, b: PlanningValue): boolean {
  return a.field === b.field && planningText(a) === planningText(b);
}

const PLANNING_FIELDS = new Set<string>(["goals", ...RICE_FIELDS, ...FRAMING_FIELDS, "depends_on"]);

export function isPlanningField(f: Field): f is PlanningField {
  return PLANNING_FIELDS.has(f);
}

/** A planning proposal's body (the JSON of a PlanningValue), or null if it cannot be read. */
export function proposedValue(p: Proposal): PlanningValue | null {
  if (!isPlanningField(p.field)) return null;
  try {
    const v = JSON.parse(p.body) as PlanningValue;
    return v && v.field === p.field ? v : null;
  } catch {
    return null;
  }
}

/** A rank proposal's body (the JSON of a RankTarget), or null. */
export function proposedTarget(p: Proposal): RankTarget | null {
  if (p.field !== "rank") return null;
  try {
    const t = JSON.parse(p.body) as RankTarget;
    return t && (t.place === "above" || t.place === "below") && typeof t.item_id === "number" ? t : null;
  } catch {
    return null;
  }
}

/** "Move above “Checkout”". */
export function targetWords(t: RankTarget, title: (id: number) => string | undefined): string {
  return `Move ${t.place} “${title(t.item_id) ?? `item ${t.item_id}`}”`;
}

/**
 * Where an item moved to zero-based `toIndex` of `order` (ids in priority
 * order) lands, said as the core's RankTarget: above the item that will
 * follow it, or below the last one. Null when it does not move.
 */
export function targetFor(order: readonly number[], itemId: number, toIndex: number): RankTarget | null {
  const from = order.indexOf(itemId);
  if (from < 0 || toIndex === from || toIndex < 0 || toIndex >= order.length) return null;
  const rest = order.filter((id) => id !== itemId);
  return toIndex < rest.length ? { place: "above", item_id: rest[toIndex] } : { place: "below", item_id: rest[rest.length - 1] };
}

/** The zero-based index a drop lands on, from the gap it was dropped in (0 = before the first row). */
export function dropTarget(from: number, gap: number): number {
  return gap > from ? gap - 1 : gap;
}

/**
 * A number typed into a planning input: empty clears it, anything else must
 * fit the field's scale. The message is shown beside the input.
 */
export function parseFactor(field: "reach" | "effort", text: string): { value: number | null } | { error: string } {
  const t = text.trim().replace(/,/g, "");
  if (t === "") return { value: null };
  const n = Number(t);
  if (field === "reach") {
    if (!Number.isInteger(n) || n < 0) return { error: "Reach is a whole number of people, 0 or more" };
    if (n > 1_000_000_000) return { error: "Reach is at most 1,000,000,000 people" };
    return { value: n };
  }
  if (!Number.isFinite(n) || n <= 0) return { error: "Effort is person-weeks above 0" };
  if (n > 10_000) return { error: "Effort is at most 10,000 person-weeks" };
  return { value: n };
}

/** A framing row's draft: both the level and the sentence, or neither (cleared). */
export function framingOf(level: Level | "", note: string): { value: Framing | null } | { error: string } {
  const n = note.trim();
  if (!level && !n) return { value: null };
  if (!level) return { error: "Pick a level" };
  if (!n) return { error: "Write the sentence in business terms" };
  return { value: { level, note: n } };
}

export type CapacitySummary =
  | { kind: "none"; pending: number | null }
  | {
      kind: "shares";
      horizon: string;
      /** Null while nothing committed in the horizon has an effort. */
      parts: { kind: ItemKind; actual: number; agreed: number | null; effort: number }[] | null;
      agreed: string | null;
      respects: boolean | null;
      unestimated: number;
      decision: number | null;
      pending: number | null;
    };

/** The capacity line's content: nothing agreed yet, or each kind's share against the agreed split. */
export function capacitySummary(c: CapacityView): CapacitySummary {
  const total = c.parts.reduce((n, p) => n + p.effort, 0);
  if (!c.agreed && total === 0) return { kind: "none", pending: c.pending_decision };
  return {
    kind: "shares",
    horizon: c.horizon,
    parts: total > 0 ? c.parts.map((p) => ({ kind: p.kind, actual: p.actual, agreed: p.agreed, effort: p.effort })) : null,
    agreed: c.agreed ? `${c.agreed.feature}/${c.agreed.tech_debt}/${c.agreed.experiment}` : null,
    respects: c.respects,
    unestimated: c.unestimated,
    decision: c.agreed_decision,
    pending: c.pending_decision,
  };
}

export function formatPercent(n: number): string {
  return `${Math.round(n)} %`;
}

/** Whether a key press asks this app to undo: Ctrl+Z (Cmd+Z on macOS), not inside a text field, where native undo applies. */
export function isUndoKey(
  e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean },
  mac: boolean,
  inText: boolean,
): boolean {
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  return mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "z" && !inText;
}

const NOT_TEXT = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** Inside a field that has its own native undo. */
export function inTextField(target: EventTarget | null): boolean {
  const el = target as (Element & { isContentEditable?: boolean }) | null;
  if (!el || typeof el.closest !== "function") return false;
  if (el.isContentEditable) return true;
  const field = el.closest("input, textarea, [contenteditable]:not([contenteditable='false'])");
  if (!field) return false;
  if (field.tagName === "INPUT") return !NOT_TEXT.has((field as HTMLInputElement).type);
  return true;
}
