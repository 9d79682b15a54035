import { describe, expect, it } from "vitest";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { ImportReport } from "../bindings/ImportReport";
import {
  changeFieldLabel, changeMarker, columnLabel, importCounts, importErrorTitle, importingText, importSummary, recipientOf,
} from "./importing";

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  roadmap: {
    id: 0, uid: "", name: "Jira export", team: "", em_name: "", pm_name: "", director_name: "", head_of_product_name: "",
    created_at: "", archived: false,
  },
  items: 5000, written: 12000, proposed: 3400, goals: 4, uncommitted: 2, dependencies: 310, needs_target: 1,
  ...over,
});
const preview = (format: ImportPreview["format"], skipped = 0): ImportPreview => ({
  format, file_name: "export.csv", columns: [], changes: [], report: report(),
  skipped: Array.from({ length: skipped }, (_, i) => ({ row: i + 2, reason: "no title" })),
});

describe("an import's proposals", () => {
  it("go to the other partner", () => {
    expect(recipientOf("em")).toBe("PM");
    expect(recipientOf("pm")).toBe("EM");
    expect(recipientOf("head_of_product")).toBeNull();
    expect(changeMarker(false, "em")).toBe("You write");
    expect(changeMarker(true, "em")).toBe("Proposal to the PM");
    expect(changeMarker(true, "pm")).toBe("Proposal to the EM");
  });
});

describe("the preview's counts", () => {
  it("lists every count of the report, naming the proposals' recipient", () => {
    const counts = importCounts(report(), "em");
    expect(counts.map((c) => [c.key, c.value, c.label])).toEqual([
      ["items", 5000, "items"],
      ["written", 12000, "written as yours"],
      ["proposed", 3400, "proposals to the PM"],
      ["goals", 4, "goals from labels"],
      ["dependencies", 310, "dependencies"],
      ["needs_target", 1, "item needs a target"],
      ["uncommitted", 2, "committed tech debt brought in as ideas"],
    ]);
  });

  it("marks what is worth a look before confirming, and nothing when it is zero", () => {
    const tones = (r: ImportReport) => Object.fromEntries(importCounts(r, "pm").map((c) => [c.key, c.tone]));
    expect(tones(report())).toMatchObject({ proposed: "proposal", needs_target: "warn", uncommitted: "warn", items: "plain" });
    expect(tones(report({ proposed: 0, needs_target: 0, uncommitted: 0 }))).toMatchObject({ proposed: "plain", needs_target: "plain", uncommitted: "plain" });
    expect(importCounts(report({ proposed: 1, items: 1 }), "pm").slice(0, 3).map((c) => c.label)).toEqual(["item", "written as yours", "proposal to the EM"]);
  });
});

describe("words for columns, fields and progress", () => {
  it("names what each column fills and greys the unused ones", () => {
    expect(columnLabel("labels")).toBe("Goals (labels)");
    expect(columnLabel("why")).toBe("Why");
    expect(columnLabel("fix_version")).toBe("When (fix version)");
    expect(columnLabel(null)).toBe("Not used");
    expect(columnLabel("sprint_name")).toBe("sprint name");
    expect(changeFieldLabel("customer_impact")).toBe("Customer impact");
  });

  it("counts a spreadsheet's rows (skipped ones too) and a JSON file's items", () => {
    expect(importingText(preview("jira", 3))).toBe("Importing 5,003 rows…");
    expect(importingText(preview("json"))).toBe("Importing 5,000 items…");
  });

  it("sums up what was imported", () => {
    expect(importSummary(report(), "em")).toBe("Imported “Jira export”: 5,000 items, 3,400 proposals to the PM, 1 needs a target.");
    expect(importSummary(report({ items: 1, proposed: 0, needs_target: 0 }), "pm")).toBe("Imported “Jira export”: 1 item.");
  });

  it("heads an error by what went wrong", () => {
    expect(importErrorTitle("bad_file")).toBe("This file cannot be imported");
    expect(importErrorTitle("dependency_cycle")).toMatch(/circle/);
    expect(importErrorTitle("storage")).toBe("The import did not go through");
  });
});
