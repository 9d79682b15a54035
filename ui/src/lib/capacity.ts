// A capacity share: how committed effort splits between features, tech
// debt and experiments. The core refuses a split that is not whole per
// cent summing to 100; the form says so before it is sent.
import type { CapacityShare } from "../bindings/CapacityShare";

export const CAPACITY_PARTS: readonly { key: keyof CapacityShare; label: string }[] = [
  { key: "feature", label: "Features" },
  { key: "tech_debt", label: "Tech debt" },
  { key: "experiment", label: "Experiments" },
];

/** A starting point partners usually argue from. */
export function defaultCapacity(): CapacityShare {
  return { feature: 70, tech_debt: 20, experiment: 10 };
}

/** The sum of the parts; a part left empty (NaN or null from a number input) counts as nothing. */
export function capacitySum(c: CapacityShare): number {
  return CAPACITY_PARTS.reduce((n, p) => n + (Number.isFinite(c[p.key]) ? c[p.key] : 0), 0);
}

/** What is wrong with the split, or null when it can be sent. */
export function capacityProblem(c: CapacityShare | null | undefined): string | null {
  if (!c) return "Give the features, tech debt and experiments shares";
  for (const p of CAPACITY_PARTS) {
    const v = c[p.key];
    if (typeof v !== "number" || !Number.isFinite(v)) return `Give the ${p.label.toLowerCase()} share`;
    if (!Number.isInteger(v) || v < 0 || v > 100) return `${p.label}: a whole per cent from 0 to 100`;
  }
  const sum = capacitySum(c);
  return sum === 100 ? null : `The shares add up to ${sum}%, not 100%`;
}

/** "70% features · 20% tech debt · 10% experiments". */
export function capacityText(c: CapacityShare): string {
  return CAPACITY_PARTS.map((p) => `${c[p.key]}% ${p.label.toLowerCase()}`).join(" · ");
}

export function sameCapacity(a: CapacityShare | null | undefined, b: CapacityShare | null | undefined): boolean {
  if (!a || !b) return !a === !b;
  return CAPACITY_PARTS.every((p) => a[p.key] === b[p.key]);
}
