// What the acting person may do on a dimension, for display only: the core
// decides, and refuses anything else whatever the UI sends.
import type { DimensionRule } from "../bindings/DimensionRule";
import type { Role } from "../bindings/Role";

export type Capability = "edit" | "propose" | "none";

export function capability(role: Role | undefined, rule: DimensionRule): Capability {
  if (role !== "em" && role !== "pm") return "none";
  if (rule.owner === "shared" || rule.owner === role) return "edit";
  return "propose";
}
