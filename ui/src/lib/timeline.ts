// The timeline as drawn: which lane and column each card sits in, where a
// key press or a drop sends it, and the arrows between cards. The core
// places every card (`column`, `later`); nothing here decides a date.
import type { ItemKind } from "../bindings/ItemKind";
import type { Quarter } from "../bindings/Quarter";
import type { Timeline } from "../bindings/Timeline";
import type { TimelineCard } from "../bindings/TimelineCard";
import { kindLabel } from "./labels";

export type LaneMode = "goal" | "kind";

/** A quarter column by index, the Later column, or the tray of cards without a target. */
export type Place = number | "later" | "none";

export type Lane = {
  key: string;
  label: string;
  /** One list per quarter column, then Later; each in priority order. */
  cells: TimelineCard[][];
  count: number;
};

export function placeOf(card: TimelineCard): Place {
  if (card.column !== null) return card.column;
  return card.later ? "later" : "none";
}

const KINDS: readonly ItemKind[] = ["feature", "tech_debt", "experiment"];

/**
 * Cards grouped into lanes, and the ones without a target apart. By goal,
 * a card serving several goals sits in the lane of its first live one.
 * Lanes with nothing on the timeline are left out; with no lane at all one
 * empty lane remains, so the columns can still be dropped on.
 */
export function lanesOf(t: Timeline, mode: LaneMode): { lanes: Lane[]; noTarget: TimelineCard[] } {
  const width = t.columns.length + 1;
  const defs: { key: string; label: string }[] =
    mode === "goal"
      ? [...t.goals.map((g) => ({ key: `goal:${g.id}`, label: g.objective })), { key: "goal:none", label: "No goal" }]
      : KINDS.map((k) => ({ key: `kind:${k}`, label: kindLabel[k] }));
  const lanes = new Map<string, Lane>(defs.map((d) => [d.key, { ...d, cells: Array.from({ length: width }, () => []), count: 0 }]));
  const live = new Set(t.goals.map((g) => g.id));
  const noTarget: TimelineCard[] = [];
  for (const card of t.cards) {
    const place = placeOf(card);
    if (place === "none") {
      noTarget.push(card);
      continue;
    }
    const goal = card.goals.find((g) => live.has(g));
    const lane = lanes.get(mode === "goal" ? `goal:${goal ?? "none"}` : `kind:${card.kind}`)!;
    lane.cells[place === "later" ? width - 1 : Math.min(place, width - 2)].push(card);
    lane.count++;
  }
  const shown = [...lanes.values()].filter((l) => l.count > 0);
  if (shown.length === 0) {
    shown.push({ key: "all", label: mode === "goal" ? "No goal" : "Items", cells: Array.from({ length: width }, () => []), count: 0 });
  }
  return { lanes: shown, noTarget };
}

/**
 * Where Alt+→ / Alt+← sends a card: the next or previous quarter; past the
 * last quarter is Later; a card without a target starts in the current
 * quarter. Null when it has nowhere further to go.
 */
export function keyTarget(from: Place, columns: number, dir: "next" | "previous", current: number): Place | null {
  if (from === "none") return dir === "next" && columns > 0 ? Math.max(0, current) : null;
  if (from === "later") return dir === "previous" && columns > 0 ? columns - 1 : null;
  if (dir === "next") return from + 1 < columns ? from + 1 : "later";
  return from > 0 ? from - 1 : null;
}

/** What `moveInTime` is asked for a place: a quarter, or null for Later. */
export function destination(t: Timeline, place: number | "later"): { to: Quarter | null; label: string } {
  if (place === "later") return { to: null, label: "Later" };
  const c = t.columns[place];
  return { to: c.quarter, label: c.label };
}

/** The toast after a move; an agreed when lapses, and both partners are told so. */
export function movedMessage(label: string, agreed: boolean): string {
  return agreed ? `Moved to ${label}: the agreed when lapsed; both partners sign again` : `Moved to ${label}`;
}

/**
 * The cards a cell draws: the first `limit`, all of them once expanded,
 * and the card being moved by keys even when it falls past the limit (so
 * focus can follow it).
 */
export function visibleCards(cards: TimelineCard[], limit: number, expanded: boolean, pinned: number | null): { shown: TimelineCard[]; more: number } {
  if (expanded || cards.length <= limit) return { shown: cards, more: 0 };
  const shown = cards.slice(0, limit);
  if (pinned !== null) {
    const p = cards.findIndex((c) => c.item_id === pinned);
    if (p >= limit) shown.push(cards[p]);
  }
  return { shown, more: cards.length - shown.length };
}

export type Box = { x: number; y: number; w: number; h: number };

const r = (n: number) => Math.round(n * 10) / 10;

/**
 * An arrow from a card (`from`) to what it depends on (`to`), edge to edge:
 * leftwards to an earlier card, rightwards to a later one, and in a loop
 * out on the right between cards of the same column (the left edge sits
 * against the lane's title, which would hide it).
 */
export function arrowPath(from: Box, to: Box): string {
  const y1 = from.y + from.h / 2, y2 = to.y + to.h / 2;
  if (to.x + to.w <= from.x) {
    const x1 = from.x, x2 = to.x + to.w, dx = Math.max(20, (x1 - x2) / 2);
    return `M${r(x1)},${r(y1)} C${r(x1 - dx)},${r(y1)} ${r(x2 + dx)},${r(y2)} ${r(x2)},${r(y2)}`;
  }
  if (to.x >= from.x + from.w) {
    const x1 = from.x + from.w, x2 = to.x, dx = Math.max(20, (x2 - x1) / 2);
    return `M${r(x1)},${r(y1)} C${r(x1 + dx)},${r(y1)} ${r(x2 - dx)},${r(y2)} ${r(x2)},${r(y2)}`;
  }
  const x1 = from.x + from.w, x2 = to.x + to.w;
  const right = Math.max(x1, x2) + 18 + Math.min(30, Math.abs(y2 - y1) / 8);
  return `M${r(x1)},${r(y1)} C${r(right)},${r(y1)} ${r(right)},${r(y2)} ${r(x2)},${r(y2)}`;
}
