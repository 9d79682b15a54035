import { describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import type { Attention } from "../bindings/Attention";
import type { AttentionEntry } from "../bindings/AttentionEntry";
import type { ItemWhenState } from "../bindings/ItemWhenState";
import type { Item } from "../bindings/Item";
import type { MoveItem } from "../bindings/MoveItem";
import type { Moved } from "../bindings/Moved";

import "./node-window";
const { AppState, moveItem, countAttention } = await import("./app.svelte");

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
  planning: { goals: [], reach: null, impact: null, confidence: null, effort: null, customer_impact: null, velocity_cost: null, incident_risk: null, depends_on: [] },
  schedule: { target: null, confidence: null, note: "" }, when_before_upgrade: null,
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

const entry = (title: string): AttentionEntry => ({
  subject: { kind: "decision", id: 1 },
  item_id: null,
  title,
  detail: "",
  waiting_on: ["em"],
});
const agenda = (n: number): Attention => ({
  proposals: Array.from({ length: n }, (_, i) => entry(`p${i}`)),
  awaiting_signature: [entry("a")],
  lapsed: [],
  escalations: [entry("e")],
  incomplete: [],
});

/** A backend whose agreement and agenda reads finish only when the test says so. */
function slowReads() {
  let calls = 0;
  const finish: Array<() => void> = [];
  const backend = {
    whenStates() {
      const n = ++calls;
      return new Promise<ItemWhenState[]>((ok) =>
        finish.push(() => ok([{ item_id: 1, state: n === 1 ? "partial" : "agreed" }, { item_id: 2, state: "lapsed" }])),
      );
    },
    attention: async () => agenda(calls),
  } as unknown as Backend;
  return { backend, finish, calls: () => calls };
}

describe("agreement marks and the sync agenda", () => {
  it("collapse a burst of refreshes into one more round trip and keep the latest answer", async () => {
    const { backend, finish, calls } = slowReads();
    const app = new AppState(backend);
    app.roadmap = { id: 1 } as never;

    const first = app.refreshStates();
    // Three more changes while the first read is in flight: one more read, not three.
    void app.refreshStates();
    void app.refreshStates();
    void app.refreshStates();
    expect(calls()).toBe(1);
    finish[0]();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls()).toBe(2);
    expect(app.whenStates.get(1)).toBe("partial");
    finish[1]();
    await first;
    expect(app.whenStates.get(1)).toBe("agreed");
    expect(app.whenStates.get(2)).toBe("lapsed");
    expect(app.attention?.proposals).toHaveLength(2);
  });

  it("counts every entry of every section", () => {
    expect(countAttention(null)).toBe(0);
    expect(countAttention(agenda(3))).toBe(5);
  });
});

describe("views", () => {
  it("opens a decision in the decisions view and remembers the view", async () => {
    const app = new AppState({} as Backend);
    await app.openDecision(7);
    expect(app.view).toBe("decisions");
    expect(app.selectedDecisionId).toBe(7);
    expect(localStorage.getItem("accord.view")).toBe("decisions");
  });

  it("starts on the roadmap when the remembered view is unknown", () => {
    localStorage.setItem("accord.view", "gantt");
    expect(new AppState({} as Backend).view).toBe("roadmap");
    localStorage.setItem("accord.view", "attention");
    expect(new AppState({} as Backend).view).toBe("attention");
    localStorage.setItem("accord.view", "timeline");
    expect(new AppState({} as Backend).view).toBe("timeline");
  });
});
