// The partnership health check as the view shows it. The core keeps the
// other partner's answers hidden until both have answered; nothing here
// could reveal them, it only words what the core returned.
import type { HealthAnswer } from "../bindings/HealthAnswer";
import type { HealthResponse } from "../bindings/HealthResponse";
import type { HealthRound } from "../bindings/HealthRound";
import type { HealthView } from "../bindings/HealthView";
import type { QuarterCount } from "../bindings/QuarterCount";
import type { Role } from "../bindings/Role";

/**
 * What the viewer can do with the open check-in: answer it, wait for the
 * other partner, or (`between`) nothing is due yet and nobody has started
 * the next one. Only the EM and the PM answer (`observer` for anyone else).
 */
export type HealthStage = "answer" | "waiting" | "between" | "observer";

export function healthStage(view: HealthView, role: Role | undefined): HealthStage {
  if (role !== "em" && role !== "pm") return "observer";
  if (view.mine !== null || view.answered.includes(role)) return "waiting";
  return view.due || view.answered.length > 0 ? "answer" : "between";
}

/** When the next check-in comes due; null when one is due now or none was ever completed. */
export function nextDue(view: HealthView): Date | null {
  if (view.due || !view.last_completed_at) return null;
  const t = Date.parse(view.last_completed_at);
  return Number.isFinite(t) ? new Date(t + view.interval_days * 86_400_000) : null;
}

export function otherPartner(role: Role | undefined): "em" | "pm" {
  return role === "pm" ? "em" : "pm";
}

export type HealthDraft = { answer: HealthAnswer | null; note: string }[];

export function blankHealthDraft(questions: number): HealthDraft {
  return Array.from({ length: questions }, () => ({ answer: null, note: "" }));
}

/** The questions still without an answer, numbered from 1. */
export function unanswered(draft: HealthDraft): number[] {
  return draft.flatMap((r, n) => (r.answer === null ? [n + 1] : []));
}

export function healthResponses(draft: HealthDraft): HealthResponse[] {
  if (unanswered(draft).length) throw new Error("every question needs an answer");
  return draft.map((r) => ({ answer: r.answer!, note: r.note.trim() }));
}

/** The core takes 7 to 182 days; the setting speaks in weeks. */
export const INTERVAL_WEEKS: readonly number[] = Array.from({ length: 26 }, (_, n) => n + 1);

export function weeksOf(days: number): number {
  return Math.min(26, Math.max(1, Math.round(days / 7)));
}

export function intervalLabel(days: number): string {
  if (days % 7 !== 0) return `every ${days} days`;
  const w = days / 7;
  return w === 1 ? "every week" : `every ${w} weeks`;
}

export type TrendPoint = { round: number; completed_at: string; em: number | null; pm: number | null };

/** Both partners' scores per completed check-in, oldest first (the core lists them newest first). */
export function healthTrend(past: HealthRound[]): TrendPoint[] {
  return [...past]
    .sort((a, b) => a.round - b.round)
    .map((r) => ({
      round: r.round,
      completed_at: r.completed_at,
      em: r.answers.find((a) => a.role === "em")?.score ?? null,
      pm: r.answers.find((a) => a.role === "pm")?.score ?? null,
    }));
}

/** "35 min", "5.5 h", "3 days": how long a proposal waited for its answer. */
export function formatHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return "—";
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Number(hours.toFixed(1))} h`;
  const days = hours / 24;
  return `${Number(days.toFixed(days < 10 ? 1 : 0))} days`;
}

/**
 * Escalation is for the rare disagreement; more than one in a quarter is a
 * sign the partnership itself needs work.
 */
export function frequentEscalation(quarters: QuarterCount[]): boolean {
  return quarters.some((q) => q.count > 1);
}

/** Share of answered proposals that were declined, in per cent; null before any answer. */
export function declinedShare(answered: number, declined: number): number | null {
  return answered > 0 ? Math.round((declined / answered) * 100) : null;
}
