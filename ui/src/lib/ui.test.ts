import { describe, expect, it } from "vitest";
import { BackendError } from "../backend";
import type { DimensionRule } from "../bindings/DimensionRule";
import { capability, isPartner } from "./rights";
import { horizonLabel, initials, relativeTime } from "./labels";

const rule = (dimension: DimensionRule["dimension"], owner: DimensionRule["owner"]): DimensionRule => ({
  dimension,
  owner,
  question: "",
});

describe("capability mirrors the core's decision rights for display", () => {
  it("lets the owner edit and the other partner propose", () => {
    expect(capability("pm", rule("why", "pm"))).toBe("edit");
    expect(capability("em", rule("why", "pm"))).toBe("propose");
    expect(capability("em", rule("how", "em"))).toBe("edit");
    expect(capability("pm", rule("how", "em"))).toBe("propose");
  });
  it("shares when between both partners and gives escalation contacts nothing", () => {
    expect(capability("pm", rule("when", "shared"))).toBe("edit");
    expect(capability("em", rule("when", "shared"))).toBe("edit");
    expect(capability("director_of_engineering", rule("what", "pm"))).toBe("none");
    expect(capability(undefined, rule("what", "pm"))).toBe("none");
  });
  it("counts only the EM and the PM as partners who keep the roadmap", () => {
    expect(isPartner("em") && isPartner("pm")).toBe(true);
    expect(isPartner("director_of_engineering") || isPartner("head_of_product") || isPartner(undefined)).toBe(false);
  });
});

describe("BackendError", () => {
  it("keeps the core's code and current item", () => {
    const e = BackendError.from({ code: "stale_revision", message: "changed", current: null });
    expect(e.code).toBe("stale_revision");
    expect(e.message).toBe("changed");
  });
  it("wraps anything else as a storage error", () => {
    expect(BackendError.from("boom").code).toBe("storage");
  });
});

describe("labels", () => {
  it("formats horizons, initials and times", () => {
    expect(horizonLabel("2027-Q1")).toBe("2027 Q1");
    expect(horizonLabel("now")).toBe("Now");
    expect(initials("Priya  Raman")).toBe("PR");
    const at = (iso: string) => relativeTime("2026-01-01T00:00:00Z", Date.parse(iso));
    expect(at("2025-12-31T23:59:00Z")).toBe("just now"); // a clock a minute behind
    expect(at("2026-01-01T00:10:00Z")).toBe("10 min ago");
    expect(at("2026-01-01T05:00:00Z")).toBe("5 h ago");
    expect(at("2026-01-02T03:00:00Z")).toBe("yesterday");
    expect(at("2026-01-11T00:00:00Z")).toBe("10 days ago");
    expect(at("2026-01-29T00:00:00Z")).toBe("4 weeks ago");
    expect(at("2026-03-02T00:00:00Z")).toBe("8 weeks ago"); // 60 days: not yet two months
    expect(at("2026-05-01T00:00:00Z")).toBe("3 months ago");
    expect(at("2027-01-01T00:00:00Z")).toBe("11 months ago"); // 365 days: not yet a year
    expect(at("2027-01-02T00:00:00Z")).toBe("a year ago");
    expect(at("2029-03-01T00:00:00Z")).toBe("3 years ago");
  });
});
