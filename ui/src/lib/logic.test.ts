import { describe, expect, it } from "vitest";
import type { DecisionView } from "../bindings/DecisionView";
import type { DiffChange } from "../bindings/DiffChange";
import type { EditDimension } from "../bindings/EditDimension";
import type { Position } from "../bindings/Position";
import { displayValue, groupChanges, summarize } from "./diff";
import { emptyTradeOff, tradeOffMissing, tradeOffOf, withTradeOff } from "./tradeoff";
import { creatableKinds, escalationGaps, mayEditDecision, signersOf } from "./rights";
import { readOnlyReason } from "./decisions";
import { fieldLabel, quarterOf } from "./labels";

const change = (kind: DiffChange["kind"], id: number, title: string, field = "rank", before = "", after = ""): DiffChange => ({
  kind, id, title, field, before, after,
});

describe("baseline diff", () => {
  const changes = [
    change("item_added", 5, "Search", "rank", "", "1"),
    change("item_moved", 2, "Checkout", "rank", "3", "2"),
    change("item_changed", 2, "Checkout", "when", "Q1", "Q2"),
    change("item_changed", 2, "Checkout", "status", "planned", "in_progress"),
    change("item_removed", 9, "Old thing", "rank", "4", ""),
    // A decision may share an item's id: it is a different subject.
    change("decision_changed", 2, "Cut scope", "outcome", "a", "b"),
  ];

  it("groups changes by item or decision, in the order reported", () => {
    const groups = groupChanges(changes);
    expect(groups.map((g) => [g.key, g.changes.length])).toEqual([
      ["item:5", 1],
      ["item:2", 3],
      ["item:9", 1],
      ["decision:2", 1],
    ]);
    expect(groups[1].changes.map((c) => c.field)).toEqual(["rank", "when", "status"]);
    expect(groups[3].subject).toBe("decision");
  });

  it("counts an item changed in several fields once", () => {
    expect(summarize(changes)).toEqual({ added: 1, removed: 1, moved: 1, changed: 2 });
  });

  it("shows stored values in human words", () => {
    expect(displayValue(changes[3], "in_progress")).toBe("In progress");
    expect(displayValue(change("decision_changed", 1, "x", "status"), "escalated")).toBe("Escalated");
    expect(displayValue(change("item_changed", 1, "x", "horizon"), "2027-Q1")).toBe("2027 Q1");
    expect(displayValue(change("item_changed", 1, "x", "when_agreed"), "not agreed")).toBe("Not agreed");
    expect(displayValue(change("item_changed", 1, "x", "what"), "Free text")).toBe("Free text");
    expect(fieldLabel("when_agreed")).toBe("When agreed");
    expect(fieldLabel("what")).toBe("What");
  });
});

describe("trade-off", () => {
  it("sends either the deprioritised items or the capacity reason, never both", () => {
    const d = { ...emptyTradeOff(), deprioritised: [3, 4], capacityReason: "left over", why: " worth it " };
    expect(tradeOffOf(d)).toEqual({ deprioritised: [3, 4], capacity_reason: "", why: "worth it" });
    expect(tradeOffOf({ ...d, capacity: true })).toEqual({ deprioritised: [], capacity_reason: "left over", why: "worth it" });
  });

  it("says what is missing before it can be sent", () => {
    expect(tradeOffMissing(emptyTradeOff())).toMatch(/deprioritised/);
    expect(tradeOffMissing({ ...emptyTradeOff(), capacity: true })).toMatch(/capacity/);
    expect(tradeOffMissing({ ...emptyTradeOff(), deprioritised: [1] })).toMatch(/worth/);
    expect(tradeOffMissing({ ...emptyTradeOff(), deprioritised: [1], why: "because" })).toBeNull();
  });

  it("re-sends the same request with the trade-off added", () => {
    const req: EditDimension = { item_id: 1, base_revision: 7, dimension: "when", text: "Q2", trade_off: null };
    const t = tradeOffOf({ ...emptyTradeOff(), deprioritised: [2], why: "launch" });
    expect(withTradeOff(req, t)).toEqual({ ...req, trade_off: t });
    expect(req.trade_off).toBeNull();
  });
});

describe("decision rights, for display", () => {
  const pos = (role: "em" | "pm", p: Partial<Position> = {}): Position => ({
    role, author_name: role, position: "want", understanding: "they want", compromises: "tried", updated_at: "", ...p,
  });

  it("lets each partner record their own kind and shared ones", () => {
    expect(creatableKinds("pm")).toEqual(["product", "shared"]);
    expect(creatableKinds("em")).toEqual(["engineering", "shared"]);
    expect(creatableKinds("head_of_product")).toEqual([]);
    expect(signersOf("shared")).toEqual(["em", "pm"]);
    expect(mayEditDecision("em", "product")).toBe(false);
    expect(mayEditDecision("pm", "shared")).toBe(true);
    expect(mayEditDecision("director_of_engineering", "shared")).toBe(false);
  });

  it("escalates only once both sides wrote all three parts", () => {
    expect(escalationGaps([pos("em"), pos("pm")])).toEqual([]);
    expect(escalationGaps([pos("em")])).toEqual(["the PM has not written a position"]);
    expect(escalationGaps([pos("em", { understanding: " " }), pos("pm", { compromises: "" })])).toEqual([
      "the EM has not written their understanding of the other side",
      "the PM has not written their compromise options explored",
    ]);
  });

  it("explains why a record is read-only", () => {
    const view = (over: Partial<DecisionView["decision"]>, rest: Partial<DecisionView> = {}) =>
      ({
        decision: { kind: "product", superseded_by: null, ...over },
        status: "proposed",
        escalation: null,
        ...rest,
      }) as DecisionView;
    expect(readOnlyReason("pm", view({}))).toBeNull();
    expect(readOnlyReason("em", view({}))).toMatch(/PM's to edit/);
    expect(readOnlyReason("pm", view({ superseded_by: 9 }, { status: "superseded" }))).toMatch(/Superseded by #9/);
    const escalated = { director_name: "Dana", head_of_product_name: "Lee", escalated_by_name: "", escalated_at: "", resolution: null };
    expect(readOnlyReason("pm", view({ kind: "shared" }, { escalation: escalated }))).toMatch(/Escalated to Dana and Lee/);
    expect(readOnlyReason("head_of_product", view({ kind: "shared" }))).toMatch(/Only the EM and the PM/);
  });
});

describe("quarters", () => {
  it("names the quarter a date falls in", () => {
    expect(quarterOf(new Date(2026, 9, 3))).toBe("2026-Q4");
    expect(quarterOf(new Date(2027, 0, 1))).toBe("2027-Q1");
  });
});
