import { describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import type { CapacityView } from "../bindings/CapacityView";
import type { Item } from "../bindings/Item";
import type { Profile } from "../bindings/Profile";
import type { Proposal } from "../bindings/Proposal";
import type { ProposeMove } from "../bindings/ProposeMove";
import type { MoveItem } from "../bindings/MoveItem";
import {
  capacitySummary, dropTarget, fieldCapability, fieldName, formatScore, framingOf, incompleteReason, isUndoKey, parseFactor,
  planningText, proposedTarget, proposedValue, scoreOf, targetFor, targetWords,
} from "./planning";

import "./node-window";
const { AppState } = await import("./app.svelte");
const { reorder } = await import("../features/roadmap/reorder");
const { undo } = await import("./undo");

const item = (id: number, rank: number): Item => ({
  id, roadmap_id: 1, title: `Item ${id}`, rank, status: "idea", kind: "feature", horizon: "later",
  matrix: { what: "", why: "", how: "", who: "", when: "" }, revision: 1, archived: false,
  updated_at: "2026-01-01T00:00:00Z", pending: [],
  planning: { goals: [], reach: null, impact: null, confidence: null, effort: null, customer_impact: null, velocity_cost: null, incident_risk: null, depends_on: [] },
  schedule: { target: null, confidence: null, note: "" }, when_before_upgrade: null,
});

describe("RICE scores", () => {
  it("format like the roadmap shows them", () => {
    expect(formatScore(2400)).toBe("2,400");
    expect(formatScore(16000 / 3)).toBe("5,333.3");
    expect(formatScore(0.25)).toBe("0.3");
    expect(formatScore(0)).toBe("0");
  });

  it("are computed as the core does, and incomplete while a factor is missing", () => {
    const p = { ...item(1, 1).planning, reach: 1000, impact: 2, confidence: 80, effort: 4 };
    expect(scoreOf(p)).toBe(400);
    expect(scoreOf({ ...p, effort: null })).toBeNull();
    expect(incompleteReason(["reach", "effort"], fieldName)).toBe("Incomplete: no reach and effort yet");
    expect(incompleteReason(["reach", "impact", "effort"], fieldName)).toBe("Incomplete: no reach, impact and effort yet");
  });

  it("name fields as the core does", () => {
    expect(fieldName("velocity_cost")).toBe("Team velocity");
    expect(fieldName("rank")).toBe("Priority");
    expect(fieldName("what")).toBe("What");
    expect(fieldName("outcome")).toBe("Outcome");
  });
});

describe("who sets a planning field", () => {
  it("lets the owner edit, the other partner propose, and either set confidence", () => {
    expect(fieldCapability("pm", "reach")).toBe("edit");
    expect(fieldCapability("em", "reach")).toBe("propose");
    expect(fieldCapability("em", "effort")).toBe("edit");
    expect(fieldCapability("pm", "incident_risk")).toBe("propose");
    expect(fieldCapability("em", "confidence")).toBe("edit");
    expect(fieldCapability("pm", "confidence")).toBe("edit");
    expect(fieldCapability("em", "rank")).toBe("propose");
    expect(fieldCapability("pm", "rank")).toBe("edit");
    expect(fieldCapability("head_of_product", "goals")).toBe("none");
  });
});

describe("reorder targets", () => {
  const order = [10, 20, 30, 40];
  it("names the item a moved one lands above, or the last one it lands below", () => {
    expect(targetFor(order, 30, 0)).toEqual({ place: "above", item_id: 10 });
    expect(targetFor(order, 30, 1)).toEqual({ place: "above", item_id: 20 });
    expect(targetFor(order, 10, 1)).toEqual({ place: "above", item_id: 30 });
    expect(targetFor(order, 10, 3)).toEqual({ place: "below", item_id: 40 });
    expect(targetFor(order, 30, 3)).toEqual({ place: "below", item_id: 40 });
  });
  it("is nothing when the item stays or the place is outside the list", () => {
    expect(targetFor(order, 20, 1)).toBeNull();
    expect(targetFor(order, 10, -1)).toBeNull();
    expect(targetFor(order, 40, 4)).toBeNull();
    expect(targetFor(order, 99, 0)).toBeNull();
  });
  it("turns the gap a row is dropped in into its new index", () => {
    // Dropped before the first row, between rows, after the last one.
    expect(dropTarget(2, 0)).toBe(0);
    expect(dropTarget(0, 2)).toBe(1);
    expect(dropTarget(0, 4)).toBe(3);
    expect(targetFor(order, 10, dropTarget(0, 4))).toEqual({ place: "below", item_id: 40 });
  });
});

describe("planning inputs", () => {
  it("read reach and effort on their scales, empty clearing them", () => {
    expect(parseFactor("reach", "1,200")).toEqual({ value: 1200 });
    expect(parseFactor("reach", "")).toEqual({ value: null });
    expect(parseFactor("reach", "2.5")).toHaveProperty("error");
    expect(parseFactor("reach", "-1")).toHaveProperty("error");
    expect(parseFactor("effort", "2.5")).toEqual({ value: 2.5 });
    expect(parseFactor("effort", "0")).toHaveProperty("error");
    expect(parseFactor("effort", "abc")).toHaveProperty("error");
  });
  it("ask a framing row for both its level and its sentence", () => {
    expect(framingOf("high", "  Checkout fails for 2 % of orders ")).toEqual({ value: { level: "high", note: "Checkout fails for 2 % of orders" } });
    expect(framingOf("", "")).toEqual({ value: null });
    expect(framingOf("low", " ")).toHaveProperty("error");
    expect(framingOf("", "words")).toHaveProperty("error");
  });
});

const proposal = (field: Proposal["field"], body: string): Proposal => ({
  id: 1, item_id: 1, field, body, before_text: "", base_revision: 1, author_id: 2, author_name: "Marco", author_role: "em",
  status: "pending", response_reason: "", responder_name: null, created_at: "2026-01-01T00:00:00Z", responded_at: null,
});

describe("proposals on planning fields and the rank", () => {
  it("read their bodies", () => {
    expect(proposedValue(proposal("reach", '{"field":"reach","value":1200}'))).toEqual({ field: "reach", value: 1200 });
    expect(proposedValue(proposal("reach", "not json"))).toBeNull();
    const t = proposedTarget(proposal("rank", '{"place":"above","item_id":7}'));
    expect(t).toEqual({ place: "above", item_id: 7 });
    expect(targetWords(t!, (id) => (id === 7 ? "Checkout" : undefined))).toBe("Move above “Checkout”");
    expect(targetWords({ place: "below", item_id: 9 }, () => undefined)).toBe("Move below “item 9”");
  });
  it("write a value as the core's before text does", () => {
    expect(planningText({ field: "confidence", value: 80 })).toBe("80%");
    expect(planningText({ field: "impact", value: 0.5 })).toBe("0.5");
    expect(planningText({ field: "goals", value: [1, 2] })).toBe("1,2");
    expect(planningText({ field: "velocity_cost", value: { level: "high", note: "Slow builds" } })).toBe("high: Slow builds");
    expect(planningText({ field: "effort", value: null })).toBe("");
  });
});

describe("the capacity line", () => {
  const view = (over: Partial<CapacityView>): CapacityView => ({
    agreed_decision: null, agreed: null, pending_decision: null, horizon: "now · 2026-Q4",
    parts: [
      { kind: "feature", effort: 0, actual: 0, agreed: null },
      { kind: "tech_debt", effort: 0, actual: 0, agreed: null },
      { kind: "experiment", effort: 0, actual: 0, agreed: null },
    ],
    unestimated: 0, respects: null, tolerance: 5, ...over,
  });
  it("says nothing is agreed when nothing is", () => {
    expect(capacitySummary(view({ pending_decision: 4 }))).toEqual({ kind: "none", pending: 4 });
  });
  it("sets the shares against the agreed split", () => {
    const s = capacitySummary(view({
      agreed_decision: 3, agreed: { feature: 70, tech_debt: 20, experiment: 10 }, respects: false,
      parts: [
        { kind: "feature", effort: 12.4, actual: 62, agreed: 70 },
        { kind: "tech_debt", effort: 5.6, actual: 28, agreed: 20 },
        { kind: "experiment", effort: 2, actual: 10, agreed: 10 },
      ],
    }));
    expect(s.kind === "shares" && [s.agreed, s.respects, s.parts?.map((p) => p.actual)]).toEqual(["70/20/10", false, [62, 28, 10]]);
  });
  it("leaves the shares out while nothing committed is estimated", () => {
    const s = capacitySummary(view({ agreed: { feature: 70, tech_debt: 20, experiment: 10 }, unestimated: 2 }));
    expect(s.kind === "shares" && s.parts).toBeNull();
  });
});

describe("the undo key", () => {
  const key = (over: Partial<KeyboardEvent>) => ({ key: "z", ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...over });
  it("is Ctrl+Z, or Cmd+Z on macOS, outside text fields", () => {
    expect(isUndoKey(key({ ctrlKey: true }), false, false)).toBe(true);
    expect(isUndoKey(key({ metaKey: true }), true, false)).toBe(true);
    expect(isUndoKey(key({ metaKey: true }), false, false)).toBe(false);
    expect(isUndoKey(key({ ctrlKey: true }), true, false)).toBe(false);
    expect(isUndoKey(key({ ctrlKey: true, key: "Z" }), false, false)).toBe(true);
  });
  it("leaves redo and text fields alone", () => {
    expect(isUndoKey(key({ ctrlKey: true, shiftKey: true }), false, false)).toBe(false);
    expect(isUndoKey(key({ ctrlKey: true }), false, true)).toBe(false);
    expect(isUndoKey(key({ ctrlKey: true, key: "y" }), false, false)).toBe(false);
  });
});

const person = (role: Profile["role"]): Profile => ({ id: 1, uid: "u", name: role, role, created_at: "" });

function roadmapWith(role: Profile["role"], backend: Partial<Backend>) {
  const app = new AppState(backend as Backend);
  app.boot = { profiles: [], roadmaps: [], open_roadmap: null, acting: person(role), data_file: "", dimensions: [], without_key: [], first_screen: null };
  app.roadmap = { id: 1 } as never;
  app.items = [item(1, 1), item(2, 2), item(3, 3)];
  return app;
}

describe("reordering", () => {
  it("moves for the PM", async () => {
    const moves: MoveItem[] = [];
    const app = roadmapWith("pm", {
      moveItem: async (req) => {
        moves.push(req);
        return { item: { ...item(3, 1), revision: 2 }, order: [3, 1, 2] };
      },
    });
    expect(await reorder(app, 3, 0)).toBe(true);
    expect(moves).toEqual([{ item_id: 3, base_revision: 1, to_index: 0 }]);
    expect(app.items.map((i) => i.id)).toEqual([3, 1, 2]);
  });

  it("proposes for the EM and leaves the order as it is", async () => {
    const proposed: ProposeMove[] = [];
    const app = roadmapWith("em", {
      proposeMove: async (req) => {
        proposed.push(req);
        return proposal("rank", JSON.stringify(req.target));
      },
      getItem: async (id) => ({ ...item(id, id), pending: ["rank"] }),
    });
    expect(await reorder(app, 3, 0)).toBe(false);
    expect(await reorder(app, 1, 2)).toBe(false);
    expect(proposed.map((p) => p.target)).toEqual([{ place: "above", item_id: 1 }, { place: "below", item_id: 3 }]);
    expect(app.items.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(app.items[0].pending).toEqual(["rank"]);
    expect(app.toasts.map((t) => t.text)).toContain("Proposed to the PM: move “Item 3” above “Item 1”");
  });
});

describe("undo", () => {
  it("says what it did and reloads the order", async () => {
    const app = roadmapWith("pm", {
      undo: async () => ({ summary: "Undid your change of place on “Item 2”", item: item(2, 1) }),
      listItems: async () => [item(2, 1), item(1, 2), item(3, 3)],
    });
    expect(await undo(app)).toBe(true);
    expect(app.items.map((i) => i.id)).toEqual([2, 1, 3]);
    expect(app.toasts.at(-1)).toMatchObject({ kind: "info", text: "Undid your change of place on “Item 2”" });
  });

  it("says why nothing was undone", async () => {
    const app = roadmapWith("em", {
      undo: async () => {
        throw { code: "cannot_undo", message: "there is no change of yours left to undo on this roadmap", current: null };
      },
    });
    expect(await undo(app)).toBe(false);
    expect(app.toasts.at(-1)).toMatchObject({ kind: "error", text: "Nothing undone: there is no change of yours left to undo on this roadmap" });
  });
});
