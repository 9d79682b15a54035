// Dependencies between items as the item panel shows them: what an item
// needs first, what needs it, and the ones the plan breaks. The core keeps
// the list and refuses a cycle; these only read it.
import type { Item } from "../bindings/Item";
import type { Violation } from "../bindings/Violation";

/** The items whose dependencies include `itemId`, in priority order. */
export function neededBy(items: readonly Item[], itemId: number): Item[] {
  return items.filter((i) => i.id !== itemId && i.planning.depends_on.includes(itemId));
}

/** The items `itemId` could depend on next: every other live item not already on its list. */
export function candidates(items: readonly Item[], itemId: number, current: readonly number[]): Item[] {
  const taken = new Set(current);
  return items.filter((i) => i.id !== itemId && !taken.has(i.id));
}

/** Broken dependencies this item is on either end of. */
export function involving(violations: readonly Violation[], itemId: number): Violation[] {
  return violations.filter((v) => v.item_id === itemId || v.depends_on === itemId);
}

/** The violations each item is part of, by item id: one lookup per row in long lists. */
export function violationsByItem(violations: readonly Violation[]): Map<number, Violation[]> {
  const out = new Map<number, Violation[]>();
  for (const v of violations) {
    for (const id of v.item_id === v.depends_on ? [v.item_id] : [v.item_id, v.depends_on]) {
      const list = out.get(id);
      if (list) list.push(v);
      else out.set(id, [v]);
    }
  }
  return out;
}

/** A dependency list with one more, kept sorted as the core keeps it. */
export function withDependency(current: readonly number[], id: number): number[] {
  return current.includes(id) ? [...current] : [...current, id].sort((a, b) => a - b);
}

export function withoutDependency(current: readonly number[], id: number): number[] {
  return current.filter((x) => x !== id);
}
