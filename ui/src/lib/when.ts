// The structured *when* as the item panel edits it: a target, a confidence
// and a note. Inputs hold text while the person types; `whenOf` turns them
// into the When the core receives (as JSON), and the core checks it again.
import type { Level } from "../bindings/Level";
import type { Target } from "../bindings/Target";
import type { When } from "../bindings/When";

export type TargetKind = Target["kind"];

/** What the editor's inputs hold; `kind` "" is "No target". */
export type WhenDraft = {
  kind: TargetKind | "";
  year: string;
  quarter: string;
  month: string;
  /** `YYYY-MM-DD`, as a date input gives it. */
  date: string;
  confidence: Level | "";
  note: string;
};

export const TARGET_KINDS: readonly { value: TargetKind | ""; label: string }[] = [
  { value: "", label: "No target" },
  { value: "quarter", label: "Quarter" },
  { value: "month", label: "Month" },
  { value: "date", label: "Date" },
  { value: "now", label: "Now" },
  { value: "next", label: "Next" },
  { value: "later", label: "Later" },
];

export const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

/** The years the core accepts in a target. */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

const pad = (n: number) => String(n).padStart(2, "0");

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The inputs for a stored When. The fields its target does not use start
 * from today, so switching the kind offers a sensible value at once.
 */
export function draftOf(w: When, today: Date): WhenDraft {
  const y = today.getFullYear(), m = today.getMonth() + 1, d = today.getDate();
  const draft: WhenDraft = {
    kind: w.target?.kind ?? "",
    year: String(y),
    quarter: String(Math.floor((m - 1) / 3) + 1),
    month: String(m),
    date: `${y}-${pad(m)}-${pad(d)}`,
    confidence: w.confidence ?? "",
    note: w.note,
  };
  return w.target ? withTarget(draft, w.target) : draft;
}

function withTarget(d: WhenDraft, t: Target): WhenDraft {
  switch (t.kind) {
    case "quarter":
      return { ...d, year: String(t.year), quarter: String(t.quarter), month: String((t.quarter - 1) * 3 + 1) };
    case "month":
      return { ...d, year: String(t.year), month: String(t.month), quarter: String(Math.floor((t.month - 1) / 3) + 1) };
    case "date":
      return {
        ...d, year: String(t.year), month: String(t.month), quarter: String(Math.floor((t.month - 1) / 3) + 1),
        date: `${t.year}-${pad(t.month)}-${pad(t.day)}`,
      };
    default:
      return d;
  }
}

/**
 * Another target kind picked: the period already chosen carries over
 * (2027-Q2 becomes April 2027, then 1 April 2027), so the person refines
 * the target instead of starting again.
 */
export function switchKind(d: WhenDraft, kind: TargetKind | ""): WhenDraft {
  const next = { ...d, kind };
  if (d.kind === "quarter" && (kind === "month" || kind === "date")) {
    const month = (Number(d.quarter) - 1) * 3 + 1;
    if (month >= 1 && month <= 12) {
      next.month = String(month);
      next.date = `${d.year}-${pad(month)}-01`;
    }
  } else if (d.kind === "month" && kind === "date") {
    const month = Number(d.month);
    if (month >= 1 && month <= 12) next.date = `${d.year}-${pad(month)}-01`;
  } else if (d.kind === "month" && kind === "quarter") {
    next.quarter = String(Math.floor((Number(d.month) - 1) / 3) + 1);
  } else if (d.kind === "date" && (kind === "month" || kind === "quarter")) {
    const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(d.date);
    if (m) {
      next.year = String(Number(m[1]));
      next.month = String(Number(m[2]));
      next.quarter = String(Math.floor((Number(m[2]) - 1) / 3) + 1);
    }
  }
  return next;
}

function yearOf(text: string): number | null {
  const t = text.trim();
  if (!/^\d{4}$/.test(t)) return null;
  const y = Number(t);
  return y >= YEAR_MIN && y <= YEAR_MAX ? y : null;
}

const YEAR_ERROR = `Pick a year between ${YEAR_MIN} and ${YEAR_MAX}`;

/** The When the inputs say, or why they cannot be sent yet. */
export function whenOf(d: WhenDraft): { when: When } | { error: string } {
  let target: Target | null = null;
  switch (d.kind) {
    case "": break;
    case "now": case "next": case "later":
      target = { kind: d.kind };
      break;
    case "quarter": {
      const year = yearOf(d.year), quarter = Number(d.quarter);
      if (year === null) return { error: YEAR_ERROR };
      if (![1, 2, 3, 4].includes(quarter)) return { error: "Pick a quarter" };
      target = { kind: "quarter", year, quarter };
      break;
    }
    case "month": {
      const year = yearOf(d.year), month = Number(d.month);
      if (year === null) return { error: YEAR_ERROR };
      if (!Number.isInteger(month) || month < 1 || month > 12) return { error: "Pick a month" };
      target = { kind: "month", year, month };
      break;
    }
    case "date": {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.date.trim());
      if (!m) return { error: "Write the date as YYYY-MM-DD" };
      const year = yearOf(m[1]), month = Number(m[2]), day = Number(m[3]);
      if (year === null) return { error: YEAR_ERROR };
      if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { error: "That day is not in the calendar" };
      target = { kind: "date", year, month, day };
      break;
    }
  }
  return { when: { target, confidence: d.confidence || null, note: d.note.trim() } };
}

export function targetLabel(t: Target): string {
  switch (t.kind) {
    case "quarter": return `${t.year}-Q${t.quarter}`;
    case "month": return `${t.year}-${pad(t.month)}`;
    case "date": return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
    default: return t.kind;
  }
}

/** The one line the core stores and both partners sign (its `When::render`). */
export function whenLine(w: When): string {
  if (!w.target && !w.confidence && !w.note) return "";
  let out = w.target ? targetLabel(w.target) : "no target";
  if (w.confidence) out += ` · ${w.confidence} confidence`;
  if (w.note) out += ` — ${w.note}`;
  return out;
}

export function sameWhen(a: When, b: When): boolean {
  return whenLine(a) === whenLine(b);
}

/** A note that says when in words but names no target yet: worth a gentle nudge. */
export function needsTarget(w: When): boolean {
  return w.target === null && w.note.trim() !== "";
}
