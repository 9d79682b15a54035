// Decision records as the forms edit them, and what the acting person may
// do with one. For display only: the core checks the same on every call.
import type { CapacityShare } from "../bindings/CapacityShare";
import type { Decision } from "../bindings/Decision";
import type { DecisionKind } from "../bindings/DecisionKind";
import type { DecisionTopic } from "../bindings/DecisionTopic";
import type { DecisionView } from "../bindings/DecisionView";
import type { NewDecision } from "../bindings/NewDecision";
import type { Role } from "../bindings/Role";
import type { UpdateDecision } from "../bindings/UpdateDecision";
import { isPartner, mayEditDecision } from "./rights";
import { capacityProblem, defaultCapacity, sameCapacity } from "./capacity";

export type DecisionDraft = {
  kind: DecisionKind;
  topic: DecisionTopic;
  title: string;
  context: string;
  options: string;
  outcome: string;
  linked_items: number[];
  /** Put forward for signature rather than kept as a draft. */
  proposed: boolean;
  /** For a capacity-share decision: the split, in per cent. */
  capacity?: CapacityShare | null;
};

export function blankDraft(kind: DecisionKind): DecisionDraft {
  return { kind, topic: "other", title: "", context: "", options: "", outcome: "", linked_items: [], proposed: true };
}

/** A record's editable content; `live` keeps only items still on the roadmap. */
export function draftOf(d: Decision, live?: (id: number) => boolean): DecisionDraft {
  return {
    kind: d.kind,
    topic: d.topic,
    capacity: d.capacity ? { ...d.capacity } : null,
    title: d.title,
    context: d.context,
    options: d.options,
    outcome: d.outcome,
    linked_items: live ? d.linked_items.filter(live) : [...d.linked_items],
    proposed: d.status === "proposed",
  };
}

export function sameDraft(a: DecisionDraft, b: DecisionDraft): boolean {
  return (
    a.kind === b.kind &&
    a.topic === b.topic &&
    a.title.trim() === b.title.trim() &&
    a.context.trimEnd() === b.context.trimEnd() &&
    a.options.trimEnd() === b.options.trimEnd() &&
    a.outcome.trimEnd() === b.outcome.trimEnd() &&
    a.proposed === b.proposed &&
    a.linked_items.length === b.linked_items.length &&
    a.linked_items.every((id) => b.linked_items.includes(id)) &&
    sameCapacity(capacityOf(a), capacityOf(b))
  );
}

/** Only a capacity-share decision carries a split (the core refuses one on any other topic). */
function capacityOf(d: DecisionDraft): CapacityShare | null {
  return d.topic === "capacity_share" ? (d.capacity ?? null) : null;
}

/**
 * The draft with a new topic: a capacity share is a shared decision with a
 * split to fill in (starting from the one it had, if any); any other topic
 * carries no split.
 */
export function withTopic(d: DecisionDraft, topic: DecisionTopic): DecisionDraft {
  if (topic === "capacity_share") return { ...d, topic, kind: "shared", capacity: d.capacity ?? defaultCapacity() };
  return { ...d, topic, capacity: null };
}

/** Why the draft cannot be sent yet, in the words the form shows; null when it can. */
export function draftMissing(d: DecisionDraft): string | null {
  if (!d.title.trim()) return "Give it a title";
  if (d.topic === "capacity_share") {
    if (d.kind !== "shared") return "A capacity share is a shared decision";
    return capacityProblem(d.capacity);
  }
  return null;
}

export function newDecision(roadmap_id: number, d: DecisionDraft): NewDecision {
  return {
    roadmap_id,
    kind: d.kind,
    topic: d.topic,
    title: d.title.trim(),
    context: d.context,
    options: d.options,
    outcome: d.outcome,
    linked_items: [...d.linked_items],
    proposed: d.proposed,
    capacity: capacityOf(d),
  };
}

export function updateDecision(d: Decision, draft: DecisionDraft): UpdateDecision {
  return {
    decision_id: d.id,
    base_revision: d.revision,
    title: draft.title.trim(),
    context: draft.context,
    options: draft.options,
    outcome: draft.outcome,
    linked_items: [...draft.linked_items],
    proposed: draft.proposed,
    capacity: capacityOf({ ...draft, topic: d.topic }),
  };
}

const owners: Record<DecisionKind, string> = { product: "the PM's", engineering: "the EM's", shared: "the EM's and the PM's" };

/** Why the acting person cannot edit this record, or null when they can. */
export function readOnlyReason(role: Role | undefined, v: DecisionView): string | null {
  const d = v.decision;
  if (d.superseded_by !== null || v.status === "superseded")
    return `Superseded${d.superseded_by !== null ? ` by #${d.superseded_by}` : ""}: the record is kept as it was.`;
  const e = v.escalation;
  if (e && !e.resolution)
    return `Escalated to ${e.director_name} and ${e.head_of_product_name}: it changes with their resolution.`;
  if (!isPartner(role)) return "Only the EM and the PM edit decision records.";
  if (!mayEditDecision(role, d.kind)) return `${d.kind === "engineering" ? "An" : "A"} ${d.kind} decision is ${owners[d.kind]} to edit; you can read it.`;
  return null;
}
