import { describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import type { Item } from "../bindings/Item";
import type { MoveItem } from "../bindings/MoveItem";
import type { Moved } from "../bindings/Moved";

// AppState remembers the last view in localStorage, which Node lacks.
globalThis.localStorage ??= { getItem: () => null, setItem: () => {} } as unknown as Storage;
const { AppState, moveItem } = await import("./app.svelte");

const item = (id: number, rank: number): Item => ({
  id,
  roadmap_id: 1,
  title: `Item ${id}`,
  rank,
  status: "idea",
  kind: "feature",
  horizon: "later",
  matrix: { what: "", why: "", how: "", who: "", when: "" },
  revision: 1,
  archived: false,
  updated_at: "2026-01-01T00:00:00Z",
  pending: [],
});

/** A backend whose moves finish only when the test says so. */
function slowMoves() {
  const calls: MoveItem[] = [];
  const finish: Array<() => void> = [];
  const backend = {
    moveItem(req: MoveItem) {
      calls.push(req);
      return new Promise<Moved>((ok) =>
        finish.push(() => ok({ item: { ...item(req.item_id, req.to_index + 1), revision: 2 }, order: [2, 1, 3] })),
      );
    },
  } as unknown as Backend;
  return { backend, calls, finish };
}

describe("moving items", () => {
  it("sends one move at a time and mirrors the core's order", async () => {
    const { backend, calls, finish } = slowMoves();
    const app = new AppState(backend);
    app.items = [item(1, 1), item(2, 2), item(3, 3)];

    const first = moveItem(app, 2, 0);
    // A second key press while the first move is in flight is ignored, not
    // sent with a revision that is about to be replaced.
    await moveItem(app, 2, 0);
    expect(calls).toHaveLength(1);
    finish[0]();
    await first;
    expect(app.items.map((i) => [i.id, i.rank])).toEqual([[2, 1], [1, 2], [3, 3]]);

    // Once it is done, the next move goes through.
    const next = moveItem(app, 2, 1);
    expect(calls).toHaveLength(2);
    finish[1]();
    await next;
  });
});
