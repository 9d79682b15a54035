// What the acting person may do on a dimension, for display only: the core
// decides, and refuses anything else whatever the UI sends.
import type { DimensionRule } from "../bindings/DimensionRule";
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
