// What the acting person may do on a dimension, for display only: the core
// decides, and refuses anything else whatever the UI sends.
import type { DecisionKind } from "../bindings/DecisionKind";
import type { DimensionRule } from "../bindings/DimensionRule";
import type { Owner } from "../bindings/Owner";
import type { Position } from "../bindings/Position";
import type { Role } from "../bindings/Role";

export type Capability = "edit" | "propose" | "none";

/** The EM and the PM keep the roadmap; the escalation contacts read it. */
export function isPartner(role: Role | undefined): boolean {
  return role === "em" || role === "pm";
}

export function capability(role: Role | undefined, rule: DimensionRule): Capability {
  if (!isPartner(role)) return "none";
  if (rule.owner === "shared" || rule.owner === role) return "edit";
  return "propose";
}

/** Who must sign a decision of this kind for it to be agreed. */
export function signersOf(kind: DecisionKind): Role[] {
  return kind === "product" ? ["pm"] : kind === "engineering" ? ["em"] : ["em", "pm"];
}

/** Whose colour a decision kind wears: the PM's, the EM's, or both. */
export function kindOwner(kind: DecisionKind): Owner {
  return kind === "product" ? "pm" : kind === "engineering" ? "em" : "shared";
}

/** The kinds of decision a role may record: its own, and shared ones. */
export function creatableKinds(role: Role | undefined): DecisionKind[] {
  if (role === "pm") return ["product", "shared"];
  if (role === "em") return ["engineering", "shared"];
  return [];
}

/** Its owner edits a decision record; either partner edits a shared one. */
export function mayEditDecision(role: Role | undefined, kind: DecisionKind): boolean {
  return isPartner(role) && signersOf(kind).includes(role!);
}

/**
 * What is still missing before a shared decision can be escalated: each
 * side's position, its understanding of the other's, and the compromises
 * explored (the core checks the same).
 */
export function escalationGaps(positions: Position[]): string[] {
  const gaps: string[] = [];
  for (const role of ["em", "pm"] as const) {
    const p = positions.find((x) => x.role === role);
    const who = role === "em" ? "the EM" : "the PM";
    if (!p) {
      gaps.push(`${who} has not written a position`);
      continue;
    }
    const missing = [
      !p.position.trim() && "position",
      !p.understanding.trim() && "understanding of the other side",
      !p.compromises.trim() && "compromise options explored",
    ].filter(Boolean);
    if (missing.length) gaps.push(`${who} has not written their ${missing.join(", ")}`);
  }
  return gaps;
}
