import { describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import type { Item } from "../bindings/Item";
import type { MoveInTime } from "../bindings/MoveInTime";
import type { Profile } from "../bindings/Profile";
import type { Timeline } from "../bindings/Timeline";
import type { TimelineCard } from "../bindings/TimelineCard";
import type { When } from "../bindings/When";
import { arrowPath, destination, keyTarget, lanesOf, movedMessage, placeOf, visibleCards } from "./timeline";
import { draftOf, needsTarget, sameWhen, switchKind, whenLine, whenOf, type WhenDraft } from "./when";
import { candidates, involving, neededBy, violationsByItem, withDependency, withoutDependency } from "./dependencies";

import "./node-window";
const { AppState } = await import("./app.svelte");
const { moveCard } = await import("../features/timeline/move");

const card = (id: number, over: Partial<TimelineCard> = {}): TimelineCard => ({
  item_id: id, revision: 1, rank: id, title: `Item ${id}`, kind: "feature", status: "planned", goals: [],
  target: "2027-Q1", column: 0, later: false, agreed: false, violated: false, ...over,
});

const timeline = (cards: TimelineCard[]): Timeline => ({
  today: { year: 2027, month: 2, day: 10 },
  columns: [
    { quarter: { year: 2027, quarter: 1 }, label: "2027-Q1", current: true },
    { quarter: { year: 2027, quarter: 2 }, label: "2027-Q2", current: false },
    { quarter: { year: 2027, quarter: 3 }, label: "2027-Q3", current: false },
  ],
  cards,
  links: [],
  violations: [],
  goals: [{ id: 10, objective: "Grow teams" }, { id: 20, objective: "Cut churn" }],
});

describe("timeline lanes", () => {
  const t = timeline([
    card(1, { goals: [20, 10] }),
    card(2, { goals: [99, 10], column: 1, kind: "tech_debt" }),
    card(3, { goals: [], column: null, later: true, target: "later", kind: "experiment" }),
    card(4, { goals: [10], column: null, target: "" }),
    card(5, { goals: [20], column: 2 }),
  ]);

  it("puts a card in its first live goal's lane, a card without one in No goal, and leaves empty lanes out", () => {
    const { lanes, noTarget } = lanesOf(t, "goal");
    expect(lanes.map((l) => [l.label, l.count])).toEqual([["Grow teams", 1], ["Cut churn", 2], ["No goal", 1]]);
    const churn = lanes[1];
    expect(churn.cells.map((c) => c.map((x) => x.item_id))).toEqual([[1], [], [5], []]);
    // Goal 99 is archived: the card sits in its next goal's lane.
    expect(lanes[0].cells[1].map((c) => c.item_id)).toEqual([2]);
    // Later is the last cell; a card without a target goes to the tray.
    expect(lanes[2].cells[3].map((c) => c.item_id)).toEqual([3]);
    expect(noTarget.map((c) => c.item_id)).toEqual([4]);
  });

  it("groups by kind in a fixed order", () => {
    const { lanes } = lanesOf(t, "kind");
    expect(lanes.map((l) => [l.key, l.count])).toEqual([["kind:feature", 2], ["kind:tech_debt", 1], ["kind:experiment", 1]]);
  });

  it("keeps one empty lane to drop on when nothing has a target", () => {
    const { lanes, noTarget } = lanesOf(timeline([card(1, { column: null, target: "" })]), "goal");
    expect(lanes).toHaveLength(1);
    expect(lanes[0].cells).toHaveLength(4);
    expect(noTarget).toHaveLength(1);
  });

  it("reads a card's place from the core's column and later mark", () => {
    expect(placeOf(card(1, { column: 2 }))).toBe(2);
    expect(placeOf(card(1, { column: null, later: true }))).toBe("later");
    expect(placeOf(card(1, { column: null }))).toBe("none");
  });
});

describe("moving a card by keys", () => {
  it("goes to the next quarter, past the last to Later, and no further", () => {
    expect(keyTarget(0, 3, "next", 0)).toBe(1);
    expect(keyTarget(2, 3, "next", 0)).toBe("later");
    expect(keyTarget("later", 3, "next", 0)).toBeNull();
  });
  it("goes back a quarter, from Later to the last quarter, and stops at the first", () => {
    expect(keyTarget(2, 3, "previous", 0)).toBe(1);
    expect(keyTarget("later", 3, "previous", 0)).toBe(2);
    expect(keyTarget(0, 3, "previous", 0)).toBeNull();
  });
  it("starts a card without a target in the current quarter", () => {
    expect(keyTarget("none", 3, "next", 1)).toBe(1);
    expect(keyTarget("none", 3, "next", -1)).toBe(0);
    expect(keyTarget("none", 3, "previous", 1)).toBeNull();
  });
  it("asks the core for the column's quarter, or null for Later", () => {
    const t = timeline([]);
    expect(destination(t, 1)).toEqual({ to: { year: 2027, quarter: 2 }, label: "2027-Q2" });
    expect(destination(t, "later")).toEqual({ to: null, label: "Later" });
  });
});

describe("cells with many cards", () => {
  const cards = [1, 2, 3, 4, 5].map((id) => card(id));
  it("draw the first few and count the rest", () => {
    const v = visibleCards(cards, 2, false, null);
    expect(v.shown.map((c) => c.item_id)).toEqual([1, 2]);
    expect(v.more).toBe(3);
    expect(visibleCards(cards, 2, true, null).shown).toHaveLength(5);
  });
  it("always draw the card just moved by keys", () => {
    const v = visibleCards(cards, 2, false, 5);
    expect(v.shown.map((c) => c.item_id)).toEqual([1, 2, 5]);
    expect(v.more).toBe(2);
  });
});

describe("dependency arrows", () => {
  const box = (x: number, y: number) => ({ x, y, w: 100, h: 40 });
  it("run from a card's left edge to the right edge of an earlier dependency", () => {
    expect(arrowPath(box(300, 0), box(0, 100))).toMatch(/^M300,20 C.* 100,120$/);
  });
  it("run from the right edge to a later dependency's left edge", () => {
    expect(arrowPath(box(0, 0), box(300, 0))).toMatch(/^M100,20 C.* 300,20$/);
  });
  it("loop out on the right between cards of one column", () => {
    const d = arrowPath(box(50, 0), box(50, 100));
    expect(d.startsWith("M150,20 C")).toBe(true);
    expect(d.endsWith(" 150,120")).toBe(true);
    const controlX = Number(d.split(" ")[1].slice(1).split(",")[0]);
    expect(controlX).toBeGreaterThan(150);
  });
});

describe("the when editor", () => {
  const today = new Date(2027, 1, 10);
  const draft = (over: Partial<WhenDraft>): WhenDraft => ({ ...draftOf({ target: null, confidence: null, note: "" }, today), ...over });

  it("starts from the stored when, with unused fields at today", () => {
    expect(draftOf({ target: { kind: "quarter", year: 2028, quarter: 3 }, confidence: "high", note: "vendor" }, today)).toEqual({
      kind: "quarter", year: "2028", quarter: "3", month: "7", date: "2027-02-10", confidence: "high", note: "vendor",
    });
    expect(draftOf({ target: null, confidence: null, note: "" }, today)).toMatchObject({ kind: "", year: "2027", quarter: "1", month: "2" });
  });

  it("builds the When the core receives", () => {
    expect(whenOf(draft({ kind: "quarter", year: "2027", quarter: "2", confidence: "medium", note: "  waiting on vendor " }))).toEqual({
      when: { target: { kind: "quarter", year: 2027, quarter: 2 }, confidence: "medium", note: "waiting on vendor" },
    });
    expect(whenOf(draft({ kind: "month", year: "2027", month: "3" }))).toEqual({ when: { target: { kind: "month", year: 2027, month: 3 }, confidence: null, note: "" } });
    expect(whenOf(draft({ kind: "date", date: "2028-02-29" }))).toEqual({ when: { target: { kind: "date", year: 2028, month: 2, day: 29 }, confidence: null, note: "" } });
    expect(whenOf(draft({ kind: "next" }))).toEqual({ when: { target: { kind: "next" }, confidence: null, note: "" } });
    expect(whenOf(draft({ kind: "", note: "someday" }))).toEqual({ when: { target: null, confidence: null, note: "someday" } });
  });

  it("says what is wrong before anything is sent", () => {
    expect(whenOf(draft({ kind: "quarter", year: "1999" }))).toEqual({ error: "Pick a year between 2000 and 2100" });
    expect(whenOf(draft({ kind: "month", year: "27" }))).toEqual({ error: "Pick a year between 2000 and 2100" });
    expect(whenOf(draft({ kind: "date", date: "2027-02-29" }))).toEqual({ error: "That day is not in the calendar" });
    expect(whenOf(draft({ kind: "date", date: "31/03/2027" }))).toEqual({ error: "Write the date as YYYY-MM-DD" });
  });

  it("carries the chosen period over when the kind changes", () => {
    const q = draft({ kind: "quarter", year: "2028", quarter: "2" });
    expect(switchKind(q, "month")).toMatchObject({ kind: "month", year: "2028", month: "4" });
    expect(switchKind(q, "date")).toMatchObject({ kind: "date", date: "2028-04-01" });
    expect(switchKind(draft({ kind: "date", date: "2029-11-15" }), "quarter")).toMatchObject({ kind: "quarter", year: "2029", quarter: "4" });
    expect(switchKind(draft({ kind: "month", year: "2028", month: "8" }), "quarter")).toMatchObject({ quarter: "3" });
  });

  it("previews the line the core stores, and compares by it", () => {
    const w: When = { target: { kind: "quarter", year: 2027, quarter: 1 }, confidence: "high", note: "waiting on vendor" };
    expect(whenLine(w)).toBe("2027-Q1 · high confidence — waiting on vendor");
    expect(whenLine({ target: null, confidence: null, note: "someday" })).toBe("no target — someday");
    expect(whenLine({ target: { kind: "date", year: 2027, month: 3, day: 5 }, confidence: null, note: "" })).toBe("2027-03-05");
    expect(whenLine({ target: null, confidence: null, note: "" })).toBe("");
    expect(sameWhen(w, { ...w })).toBe(true);
    expect(sameWhen(w, { ...w, confidence: "low" })).toBe(false);
  });

  it("nudges a when written only in words towards a target", () => {
    expect(needsTarget({ target: null, confidence: null, note: "after the vendor ships" })).toBe(true);
    expect(needsTarget({ target: null, confidence: null, note: "  " })).toBe(false);
    expect(needsTarget({ target: { kind: "later" }, confidence: null, note: "someday" })).toBe(false);
  });
});

const item = (id: number, depends_on: number[] = []): Item => ({
  id, roadmap_id: 1, title: `Item ${id}`, rank: id, status: "planned", kind: "feature", horizon: "later",
  matrix: { what: "", why: "", how: "", who: "", when: "2027-Q1" }, revision: 1, archived: false, updated_at: "", pending: [],
  planning: { goals: [], reach: null, impact: null, confidence: null, effort: null, customer_impact: null, velocity_cost: null, incident_risk: null, depends_on },
  schedule: { target: { kind: "quarter", year: 2027, quarter: 1 }, confidence: null, note: "" }, when_before_upgrade: null,
});

describe("dependencies in the item panel", () => {
  const items = [item(1, [2]), item(2), item(3, [2, 1]), item(4)];
  it("lists what needs an item and what it could depend on next", () => {
    expect(neededBy(items, 2).map((i) => i.id)).toEqual([1, 3]);
    expect(neededBy(items, 4)).toEqual([]);
    expect(candidates(items, 1, [2]).map((i) => i.id)).toEqual([3, 4]);
  });
  it("keeps the list sorted as the core does", () => {
    expect(withDependency([2, 5], 3)).toEqual([2, 3, 5]);
    expect(withDependency([2], 2)).toEqual([2]);
    expect(withoutDependency([2, 3, 5], 3)).toEqual([2, 5]);
  });
  it("finds the broken dependencies on either end of an item", () => {
    const v = [
      { item_id: 1, depends_on: 2, kind: "target_before" as const, message: "“Item 1” is aimed before “Item 2”" },
      { item_id: 3, depends_on: 4, kind: "committed_before_dependency" as const, message: "“Item 3” is committed before “Item 4”" },
    ];
    expect(involving(v, 2).map((x) => x.item_id)).toEqual([1]);
    expect(involving(v, 5)).toEqual([]);
    const byItem = violationsByItem(v);
    expect([...byItem.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(byItem.get(4)![0].message).toMatch(/committed before/);
  });
});

describe("a move on the timeline", () => {
  const pm: Profile = { id: 1, uid: "u", name: "Priya", role: "pm", created_at: "" };
  function appWith(backend: Partial<Backend>) {
    const app = new AppState(backend as Backend);
    app.boot = { profiles: [pm], roadmaps: [], open_roadmap: null, acting: pm, data_file: "", dimensions: [], without_key: [], first_screen: null };
    app.roadmap = { id: 1 } as never;
    app.items = [item(1), item(2)];
    return app;
  }

  it("sends the quarter and says an agreed when lapsed", async () => {
    const sent: MoveInTime[] = [];
    const app = appWith({ moveInTime: async (req) => { sent.push(req); return { ...item(1), revision: 2 }; } });
    const outcome = await moveCard(app, card(1, { agreed: true }), { year: 2027, quarter: 2 }, "2027-Q2");
    expect(outcome?.kind).toBe("moved");
    expect(sent).toEqual([{ item_id: 1, base_revision: 1, to: { year: 2027, quarter: 2 }, trade_off: null }]);
    expect(app.items[0].revision).toBe(2);
    expect(app.toasts.at(-1)?.text).toBe("Moved to 2027-Q2: the agreed when lapsed; both partners sign again");
  });

  it("asks for a trade-off and re-sends the same move with it", async () => {
    const sent: MoveInTime[] = [];
    const app = appWith({
      moveInTime: async (req) => {
        sent.push(req);
        if (!req.trade_off) throw { code: "trade_off_required", message: "“Item 1” is committed: name what makes room", current: null };
        return { ...item(1), revision: 2 };
      },
    });
    const first = await moveCard(app, card(1), null, "Later");
    expect(first).toEqual({ kind: "trade_off", message: "“Item 1” is committed: name what makes room" });
    expect(app.toasts).toEqual([]);
    const t = { deprioritised: [2], capacity_reason: "", why: "Vendor slipped" };
    const second = await moveCard(app, card(1), null, "Later", t);
    expect(second?.kind).toBe("moved");
    expect(sent.map((r) => [r.to, r.trade_off])).toEqual([[null, null], [null, t]]);
    expect(app.toasts.map((x) => x.text)).toEqual(["Moved to Later", "Trade-off recorded as a shared decision for both partners to sign"]);
  });

  it("brings in the current item when the card was stale", async () => {
    const current = { ...item(1), revision: 5, title: "Renamed" };
    const app = appWith({
      moveInTime: async () => { throw { code: "stale_revision", message: "changed meanwhile", current }; },
    });
    const outcome = await moveCard(app, card(1), { year: 2027, quarter: 3 }, "2027-Q3");
    expect(outcome?.kind === "failed" && outcome.error.code).toBe("stale_revision");
    expect(app.items[0].title).toBe("Renamed");
    expect(app.toasts.at(-1)).toMatchObject({ kind: "error", text: "changed meanwhile" });
  });
});
