import { describe, expect, it } from "vitest";
import type { HealthRound } from "../bindings/HealthRound";
import type { HealthView } from "../bindings/HealthView";
import type { HistoryEntry } from "../bindings/HistoryEntry";
import { capacityProblem, capacitySum, capacityText, sameCapacity } from "./capacity";
import { blankDraft, draftMissing, newDecision, sameDraft, withTopic } from "./decisions";
import { blankGoal, goalChanges, goalMissing, goalTarget, trimmedGoal } from "./goals";
import {
  blankHealthDraft,
  declinedShare,
  formatHours,
  frequentEscalation,
  healthResponses,
  healthStage,
  healthTrend,
  intervalLabel,
  nextDue,
  unanswered,
  weeksOf,
} from "./health";
import { attendeesOf, changesBy, describeEntry, groupHistory } from "./sync";

describe("capacity share", () => {
  it("sums the parts and accepts only whole per cents adding up to 100", () => {
    expect(capacitySum({ feature: 70, tech_debt: 20, experiment: 10 })).toBe(100);
    expect(capacityProblem({ feature: 70, tech_debt: 20, experiment: 10 })).toBeNull();
    expect(capacityProblem({ feature: 70, tech_debt: 20, experiment: 5 })).toBe("The shares add up to 95%, not 100%");
    expect(capacityProblem({ feature: 80, tech_debt: 30, experiment: 0 })).toBe("The shares add up to 110%, not 100%");
    expect(capacityProblem({ feature: 50.5, tech_debt: 39.5, experiment: 10 })).toMatch(/whole per cent/);
    expect(capacityProblem({ feature: 120, tech_debt: -20, experiment: 0 })).toMatch(/Features/);
    expect(capacityProblem(null)).not.toBeNull();
  });

  it("counts an emptied input as nothing and asks for it", () => {
    const emptied = { feature: null as unknown as number, tech_debt: 20, experiment: 10 };
    expect(capacitySum(emptied)).toBe(30);
    expect(capacityProblem(emptied)).toBe("Give the features share");
  });

  it("words the split and compares two", () => {
    expect(capacityText({ feature: 60, tech_debt: 30, experiment: 10 })).toBe("60% features · 30% tech debt · 10% experiments");
    expect(sameCapacity({ feature: 60, tech_debt: 30, experiment: 10 }, { feature: 60, tech_debt: 30, experiment: 10 })).toBe(true);
    expect(sameCapacity({ feature: 60, tech_debt: 30, experiment: 10 }, null)).toBe(false);
    expect(sameCapacity(null, undefined)).toBe(true);
  });
});

describe("a capacity-share decision draft", () => {
  it("is forced shared with a split, and loses the split on any other topic", () => {
    const d = withTopic(blankDraft("product"), "capacity_share");
    expect(d.kind).toBe("shared");
    expect(capacitySum(d.capacity!)).toBe(100);
    const back = withTopic(d, "risk");
    expect(back.capacity).toBeNull();
    expect(newDecision(1, back).capacity).toBeNull();
  });

  it("sends the split only for its own topic", () => {
    const d = { ...withTopic(blankDraft("shared"), "capacity_share"), title: "Q3 split" };
    expect(newDecision(1, d).capacity).toEqual(d.capacity);
    expect(newDecision(1, { ...d, topic: "other" }).capacity).toBeNull();
  });

  it("cannot be sent until the split adds up", () => {
    const d = { ...withTopic(blankDraft("shared"), "capacity_share"), title: "Q3 split" };
    expect(draftMissing(d)).toBeNull();
    expect(draftMissing({ ...d, capacity: { feature: 50, tech_debt: 20, experiment: 10 } })).toBe("The shares add up to 80%, not 100%");
    expect(draftMissing({ ...d, title: " " })).toBe("Give it a title");
  });

  it("counts a changed split as an edit", () => {
    const d = { ...withTopic(blankDraft("shared"), "capacity_share"), title: "Q3 split" };
    expect(sameDraft(d, { ...d, capacity: { ...d.capacity! } })).toBe(true);
    expect(sameDraft(d, { ...d, capacity: { feature: 60, tech_debt: 30, experiment: 10 } })).toBe(false);
  });
});

describe("goals", () => {
  const goal = { objective: "Teams plan together", metric: "weekly active teams", from_value: "40", to_value: "120", by_when: "2027-Q2", status: "on_track" as const };

  it("words the target as the core does, with as much of it as is written", () => {
    expect(goalTarget(goal)).toBe("weekly active teams: 40 → 120 by 2027-Q2");
    expect(goalTarget({ ...goal, from_value: "", to_value: "" })).toBe("weekly active teams by 2027-Q2");
    expect(goalTarget({ ...goal, metric: "", by_when: "" })).toBe("40 → 120");
    expect(goalTarget(blankGoal())).toBe("");
  });

  it("lists what a proposal changes, field by field", () => {
    const changes = goalChanges(goal, { ...goal, to_value: "150", status: "at_risk" });
    expect(changes).toEqual([
      { field: "to_value", label: "To", before: "120", after: "150" },
      { field: "status", label: "Status", before: "On track", after: "At risk" },
    ]);
    expect(goalChanges(goal, { ...goal, objective: " Teams plan together " })).toEqual([]);
  });

  it("needs an objective, and a change when editing", () => {
    expect(goalMissing(blankGoal(), null)).toBe("Write the objective");
    expect(goalMissing(goal, null)).toBeNull();
    expect(goalMissing(goal, goal)).toBe("Nothing changed yet");
    expect(trimmedGoal({ ...goal, metric: "  teams " }).metric).toBe("teams");
  });
});

describe("health check", () => {
  const view = (over: Partial<HealthView> = {}): HealthView => ({
    questions: ["a", "b", "c", "d", "e"], interval_days: 28, round: 1, answered: [], mine: null, past: [], due: true,
    last_completed_at: null,
    signals: { escalations_per_quarter: [], proposals_answered: 0, proposals_declined: 0, median_answer_hours: null },
    ...over,
  });
  const yes = { answer: "yes" as const, note: "" };

  it("asks a partner to answer, then to wait, never showing the other's answers", () => {
    expect(healthStage(view(), "em")).toBe("answer");
    expect(healthStage(view({ answered: ["pm"] }), "em")).toBe("answer");
    expect(healthStage(view({ answered: ["em"], mine: [yes, yes, yes, yes, yes] }), "em")).toBe("waiting");
    expect(healthStage(view(), "director_of_engineering")).toBe("observer");
  });

  it("waits between check-ins unless the other partner has started the next", () => {
    const done = { due: false, last_completed_at: "2026-01-01T00:00:00Z", round: 2 };
    expect(healthStage(view(done), "pm")).toBe("between");
    expect(healthStage(view({ ...done, answered: ["em"] }), "pm")).toBe("answer");
    expect(nextDue(view(done))?.toISOString()).toBe("2026-01-29T00:00:00.000Z");
    expect(nextDue(view())).toBeNull();
  });

  it("sends five answers only when each has one", () => {
    const d = blankHealthDraft(5);
    expect(unanswered(d)).toEqual([1, 2, 3, 4, 5]);
    d.forEach((r, n) => (r.answer = n % 2 ? "partly" : "no"));
    d[0].note = "  we disagree on scope ";
    expect(unanswered(d)).toEqual([]);
    expect(healthResponses(d)[0]).toEqual({ answer: "no", note: "we disagree on scope" });
    d[4].answer = null;
    expect(() => healthResponses(d)).toThrow();
  });

  it("speaks of the interval in weeks", () => {
    expect(weeksOf(28)).toBe(4);
    expect(weeksOf(3)).toBe(1);
    expect(weeksOf(400)).toBe(26);
    expect(intervalLabel(7)).toBe("every week");
    expect(intervalLabel(28)).toBe("every 4 weeks");
    expect(intervalLabel(10)).toBe("every 10 days");
  });

  it("orders the trend oldest first with both partners' scores", () => {
    const round = (n: number, em: number, pm: number): HealthRound => ({
      round: n, completed_at: `2026-0${n}-01T00:00:00Z`,
      answers: [
        { role: "pm", name: "Pat", responses: [], answered_at: "", score: pm },
        { role: "em", name: "Eve", responses: [], answered_at: "", score: em },
      ],
    });
    expect(healthTrend([round(3, 8, 9), round(2, 6, 7), round(1, 4, 5)]).map((t) => [t.round, t.em, t.pm])).toEqual([
      [1, 4, 5], [2, 6, 7], [3, 8, 9],
    ]);
  });

  it("words the signals", () => {
    expect(formatHours(null)).toBe("—");
    expect(formatHours(0.25)).toBe("15 min");
    expect(formatHours(5.5)).toBe("5.5 h");
    expect(formatHours(72)).toBe("3 days");
    expect(declinedShare(0, 0)).toBeNull();
    expect(declinedShare(8, 2)).toBe(25);
    expect(frequentEscalation([{ quarter: "2026-Q1", count: 1 }, { quarter: "2026-Q2", count: 0 }])).toBe(false);
    expect(frequentEscalation([{ quarter: "2026-Q1", count: 3 }])).toBe(true);
  });
});

describe("changed since the last sync", () => {
  let id = 0;
  const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
    id: ++id, item_id: null, decision_id: null, actor_name: "Eve", actor_role: "em", at: "2026-03-02T10:00:00Z",
    action: "dimension_edited", field: "how", before: "", after: "", undoes: null, ...over,
  });

  it("groups lines by subject, newest group first, each group in the order given", () => {
    const entries = [
      entry({ item_id: 1, at: "2026-03-02T09:00:00Z", field: "how", after: "Rewrite" }),
      entry({ decision_id: 7, item_id: 1, action: "decision_created", at: "2026-03-02T09:30:00Z" }),
      entry({ item_id: 2, at: "2026-03-02T10:00:00Z", action: "moved" }),
      entry({ action: "goal_created", field: "goal", after: "Teams plan together", at: "2026-03-02T10:30:00Z" }),
      entry({ item_id: 1, at: "2026-03-02T11:00:00Z", action: "status_changed", field: "status", before: "planned", after: "in_progress" }),
      entry({ item_id: 2, action: "commented", at: "2026-03-02T12:00:00Z", after: "looks good" }),
    ];
    const groups = groupHistory(entries);
    expect(groups.map((g) => [g.key, g.entries.length])).toEqual([
      ["item:1", 2],
      ["goals", 1],
      ["item:2", 1],
      ["decision:7", 1],
    ]);
    expect(groups[0].entries.map((e) => e.action)).toEqual(["dimension_edited", "status_changed"]);
  });

  it("puts the roadmap's own lines under goals, the health check or the sync", () => {
    const keys = groupHistory([
      entry({ action: "health_answered", field: "health_check", after: "check-in 2" }),
      entry({ action: "sync_held", field: "sync", after: "Eve, Pat" }),
      entry({ action: "goal_edited", field: "archived", after: "Old goal" }),
      entry({ action: "proposal_filed", field: "goal", after: "New wording" }),
    ]).map((g) => g.key);
    expect(keys.sort()).toEqual(["goals", "health", "sync"]);
  });

  it("says each line in words", () => {
    expect(describeEntry(entry({ action: "dimension_edited", field: "how", before: "a", after: "b" }))).toEqual({
      text: "edited How", change: { before: "a", after: "b" }, note: null,
    });
    expect(describeEntry(entry({ action: "status_changed", field: "status", before: "planned", after: "in_progress" })).change).toEqual({
      before: "Planned", after: "In progress",
    });
    expect(describeEntry(entry({ action: "goal_edited", field: "archived", after: "Old goal" })).text).toBe("archived a goal");
    expect(describeEntry(entry({ action: "proposal_declined", field: "goal", after: "Not now" }))).toEqual({
      text: "declined a change to a goal", change: null, note: "Reason: Not now",
    });
    expect(describeEntry(entry({ action: "proposal_filed", field: "what", before: "x", after: "y" })).text).toBe("proposed a change to What");
    expect(describeEntry(entry({ action: "sync_held", field: "sync", after: "Eve, Pat" })).note).toBe("Attended: Eve, Pat");
    expect(describeEntry(entry({ action: "health_answered", field: "health_check", after: "check-in 2" })).note).toBe("Check-in 2");
  });

  it("counts lines per person and reads attendees from a list", () => {
    expect(changesBy([entry({}), entry({ actor_name: "Pat" }), entry({})])).toEqual([
      { name: "Eve", count: 2 },
      { name: "Pat", count: 1 },
    ]);
    expect(attendeesOf(" Eve , Pat\n\neve,  Sam ")).toEqual(["Eve", "Pat", "Sam"]);
  });
});
