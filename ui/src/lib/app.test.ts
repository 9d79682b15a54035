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

describe("the first screen", () => {
  const all = Array.from({ length: 5 }, (_, i) => item(i + 1, i + 1));
  const roadmap = { id: 1, uid: "r", name: "Payments", team: "", em_name: "", pm_name: "", director_name: "", head_of_product_name: "", created_at: "", archived: false };
  /** A backend whose whole list arrives only when the test releases it. */
  function opening(first: Item[]) {
    const reads: Array<() => void> = [];
    let current = all;
    const backend = {
      bootstrap: async () => ({
        profiles: [], roadmaps: [roadmap], open_roadmap: 1, acting: null, data_file: "", dimensions: [], without_key: [],
        first_screen: { roadmap_id: 1, items: first, total: all.length },
      }),
      hosting: async () => null,
      listItems: () => new Promise<Item[]>((ok) => reads.push(() => ok(current))),
      whenStates: async () => [],
      attention: async () => agenda(0),
    } as unknown as Backend;
    return { backend, reads, change: (items: Item[]) => (current = items) };
  }
  // Frames come at once here: the rest is read after "the next frame".
  const frames = globalThis.requestAnimationFrame;
  const settle = () => new Promise((r) => setTimeout(r, 5));

  it("shows the top of a long roadmap from the bootstrap and counts all of it, then reads the rest", async () => {
    globalThis.requestAnimationFrame = ((f: FrameRequestCallback) => setTimeout(() => f(0), 0)) as typeof requestAnimationFrame;
    try {
      const { backend, reads } = opening(all.slice(0, 2));
      const app = new AppState(backend);
      await app.load();
      expect(app.items.map((i) => i.id)).toEqual([1, 2]);
      expect(app.itemCount).toBe(5);
      await settle();
      expect(reads).toHaveLength(1);
      reads[0]();
      await app.whole();
      expect(app.items.map((i) => i.id)).toEqual([1, 2, 3, 4, 5]);
      expect(app.itemsTotal).toBeNull();
      expect(app.itemCount).toBe(5);
    } finally {
      globalThis.requestAnimationFrame = frames;
    }
  });

  it("reads the rest again when a change lands while it is read, and a move waits for it", async () => {
    globalThis.requestAnimationFrame = ((f: FrameRequestCallback) => setTimeout(() => f(0), 0)) as typeof requestAnimationFrame;
    try {
      const { backend, reads, change } = opening(all.slice(0, 2));
      const moves: MoveItem[] = [];
      (backend as unknown as { moveItem: unknown }).moveItem = async (req: MoveItem) => {
        moves.push(req);
        return { item: { ...all[4], rank: 1, revision: 2 }, order: [5, 1, 2, 3, 4] };
      };
      const app = new AppState(backend);
      await app.load();
      await settle();
      const moved = moveItem(app, 5, 0); // item 5 is not among the first two yet
      app.changes++; // a change landed while the list was being read
      change([...all.slice(0, 2), { ...all[2], title: "Renamed" }, ...all.slice(3)]);
      reads[0]();
      await settle();
      expect(app.itemsTotal).toBe(5);
      expect(moves).toHaveLength(0);
      expect(reads).toHaveLength(2);
      reads[1]();
      await moved;
      expect(moves).toEqual([{ item_id: 5, base_revision: 1, to_index: 0 }]);
      expect(app.items.map((i) => [i.id, i.title])).toEqual([[5, "Item 5"], [1, "Item 1"], [2, "Item 2"], [3, "Renamed"], [4, "Item 4"]]);
    } finally {
      globalThis.requestAnimationFrame = frames;
    }
  });

  it("says so when the rest cannot be read, keeps the first screen counted whole, and moves nothing", async () => {
    globalThis.requestAnimationFrame = ((f: FrameRequestCallback) => setTimeout(() => f(0), 0)) as typeof requestAnimationFrame;
    try {
      const { backend } = opening(all.slice(0, 2));
      const moves: MoveItem[] = [];
      Object.assign(backend, {
        listItems: async () => { throw { code: "storage", message: "disk I/O error" }; },
        moveItem: async (req: MoveItem) => { moves.push(req); throw new Error("not reached"); },
      });
      const app = new AppState(backend);
      await app.load();
      await app.whole();
      expect(app.items.map((i) => i.id)).toEqual([1, 2]);
      expect(app.itemCount).toBe(5);
      expect(app.toasts.map((t) => t.text)).toEqual(["disk I/O error"]);
      await moveItem(app, 2, 0);
      expect(moves).toHaveLength(0);
    } finally {
      globalThis.requestAnimationFrame = frames;
    }
  });

  it("reads nothing more when the first screen is the whole roadmap", async () => {
    const { backend, reads } = opening(all);
    const app = new AppState(backend);
    await app.load();
    await settle();
    expect(app.items).toHaveLength(5);
    expect(app.itemsTotal).toBeNull();
    expect(reads).toHaveLength(0);
  });
});

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
