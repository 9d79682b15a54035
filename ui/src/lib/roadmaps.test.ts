import { describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import type { Bootstrap } from "../bindings/Bootstrap";
import type { Item } from "../bindings/Item";
import type { NewRoadmap } from "../bindings/NewRoadmap";
import type { Profile } from "../bindings/Profile";
import type { Role } from "../bindings/Role";
import type { Roadmap } from "../bindings/Roadmap";

import "./node-window";
const { AppState } = await import("./app.svelte");
const { roadmapToOpen, roadmapRights, askRoadmapDialog, exportRoadmap, archiveRoadmap, restoreRoadmap } = await import("./roadmaps");
const { createRoadmap, unfinished, whenOf, newRoadmapFrom } = await import("./carry");

const roadmap = (id: number, archived = false): Roadmap => ({
  id, uid: `uid-${id}`, name: `Roadmap ${id}`, team: "Payments", em_name: "Sam", pm_name: "Priya",
  director_name: "Dana", head_of_product_name: "Hugo", created_at: "2026-01-01T00:00:00Z", archived,
});
const item = (id: number, roadmapId: number, status: Item["status"] = "idea"): Item => ({
  id, roadmap_id: roadmapId, title: `Item ${id}`, rank: id, status, kind: "feature", horizon: "later",
  matrix: { what: "", why: "", how: "", who: "", when: "" },
  schedule: { target: null, confidence: null, note: "" }, when_before_upgrade: null,
  revision: 1, archived: false, updated_at: "", pending: [],
  planning: { goals: [], reach: null, impact: null, confidence: null, effort: null, customer_impact: null, velocity_cost: null, incident_risk: null, depends_on: [] },
});
const person = (role: Role): Profile => ({ id: 1, uid: "me", name: "Priya Raman", role, created_at: "" });
const boot = (roadmaps: Roadmap[], open: number | null, role: Role = "pm"): Bootstrap => ({
  profiles: [person(role)], roadmaps, open_roadmap: open, acting: person(role), data_file: "", dimensions: [], without_key: [], first_screen: null,
});

/** A window's backend over a few roadmaps; records what it was asked. */
function fake(roadmaps: Roadmap[], open: number | null, role: Role = "pm") {
  const calls: string[] = [];
  const state = { roadmaps, open };
  const itemsOf = (id: number) => [item(id * 10 + 1, id), item(id * 10 + 2, id, "shipped")];
  const backend = {
    bootstrap: async () => boot(state.roadmaps, state.open, role),
    hosting: async () => null,
    listItems: async (id: number) => (calls.push(`listItems ${id}`), itemsOf(id)),
    whenStates: async () => [],
    attention: async () => ({ proposals: [], awaiting_signature: [], lapsed: [], escalations: [], incomplete: [] }),
    openRoadmap: async (id: number) => {
      calls.push(`openRoadmap ${id}`);
      const r = state.roadmaps.find((x) => x.id === id)!;
      if (r.archived) throw { code: "invalid_input", message: "archived", current: null };
      state.open = id;
      return r;
    },
    archiveRoadmap: async (req: { roadmap_id: number; archived: boolean }) => {
      calls.push(`archive ${req.roadmap_id} ${req.archived}`);
      state.roadmaps = state.roadmaps.map((r) => (r.id === req.roadmap_id ? { ...r, archived: req.archived } : r));
      return state.roadmaps.find((r) => r.id === req.roadmap_id)!;
    },
    createRoadmap: async (req: NewRoadmap) => {
      calls.push(`createRoadmap ${req.name}`);
      const r = { ...roadmap(100 + state.roadmaps.length), name: req.name };
      state.roadmaps = [...state.roadmaps, r];
      return r;
    },
    carryOver: async (req: { roadmap: NewRoadmap; from_roadmap: number; items: number[] }) => {
      calls.push(`carryOver ${req.roadmap.name} from ${req.from_roadmap}: ${req.items.join(",")}`);
      const r = { ...roadmap(100 + state.roadmaps.length), name: req.roadmap.name };
      state.roadmaps = [...state.roadmaps, r];
      return r;
    },
    exportFile: async (id: number, format: string) => (calls.push(`export ${id} ${format}`), format === "csv" ? "/home/p/roadmap.csv" : null),
    showInFolder: async (path: string) => void calls.push(`show ${path}`),
  } as unknown as Backend;
  return { backend, calls, state };
}

describe("which roadmap a window opens", () => {
  it("opens the one open last while it is live, else the first live one, never an archived one", () => {
    expect(roadmapToOpen(boot([roadmap(1), roadmap(2)], 2))?.id).toBe(2);
    expect(roadmapToOpen(boot([roadmap(1, true), roadmap(2), roadmap(3)], 1))?.id).toBe(2);
    expect(roadmapToOpen(boot([roadmap(1, true), roadmap(2)], null))?.id).toBe(2);
    expect(roadmapToOpen(boot([roadmap(1, true)], 1))).toBeNull();
    // An id the list does not hold (a guest sees only the host's roadmap) falls back too.
    expect(roadmapToOpen(boot([roadmap(7)], 1))?.id).toBe(7);
  });

  it("keeps the roadmap shown while it is live", () => {
    expect(roadmapToOpen(boot([roadmap(1), roadmap(2)], 1), 2)?.id).toBe(2);
    expect(roadmapToOpen(boot([roadmap(1), roadmap(2, true)], 1), 2)?.id).toBe(1);
  });

  it("loads the remembered roadmap and its items on launch", async () => {
    const { backend, calls } = fake([roadmap(1, true), roadmap(2), roadmap(3)], 3);
    const app = new AppState(backend);
    await app.load();
    expect(app.roadmap?.id).toBe(3);
    expect(app.items.map((i) => i.roadmap_id)).toEqual([3, 3]);
    expect(calls).toEqual(["listItems 3"]);
  });

  it("skips an archived roadmap remembered from before", async () => {
    const { backend, calls } = fake([roadmap(1, true), roadmap(2)], 1);
    const app = new AppState(backend);
    await app.load();
    expect(app.roadmap?.id).toBe(2);
    expect(calls).toEqual(["listItems 2"]);
  });

  it("keeps the roadmap shown when the bootstrap is read again", async () => {
    const { backend } = fake([roadmap(1), roadmap(2)], 1);
    const app = new AppState(backend);
    app.roadmap = roadmap(2);
    await app.refreshBoot();
    expect(app.roadmap?.id).toBe(2);
  });
});

describe("switching roadmaps", () => {
  it("remembers the choice in the core and shows its items, with nothing of the previous one", async () => {
    const { backend, calls } = fake([roadmap(1), roadmap(2)], 1);
    const app = new AppState(backend);
    await app.load();
    app.selectedId = 11;
    app.selectedDecisionId = 4;
    const changes = app.changes;
    await app.switchRoadmap(2);
    expect(calls.slice(1)).toEqual(["openRoadmap 2", "listItems 2"]);
    expect(app.roadmap?.id).toBe(2);
    expect(app.items.map((i) => i.id)).toEqual([21, 22]);
    expect([app.selectedId, app.selectedDecisionId]).toEqual([null, null]);
    expect(app.changes).toBe(changes + 1);
    expect(app.boot?.open_roadmap).toBe(2);
  });

  it("lets the later of two quick switches win over an earlier one still loading", async () => {
    const { backend } = fake([roadmap(1), roadmap(2), roadmap(3)], 1);
    let release = () => {};
    const slow = new Promise<void>((ok) => (release = ok));
    const listItems = backend.listItems;
    // Roadmap 2's items arrive only after roadmap 3 is shown.
    backend.listItems = async (id, archived) => (id === 2 && (await slow), listItems(id, archived));
    const app = new AppState(backend);
    const first = app.switchRoadmap(2);
    await app.switchRoadmap(3);
    release();
    await first;
    expect(app.roadmap?.id).toBe(3);
    expect(app.items.every((i) => i.roadmap_id === 3)).toBe(true);
  });

  it("archives the roadmap shown and opens the next live one; restoring opens it again", async () => {
    const { backend, calls } = fake([roadmap(1), roadmap(2)], 1);
    const app = new AppState(backend);
    await app.load();
    await archiveRoadmap(app, roadmap(1));
    expect(calls).toContain("archive 1 true");
    expect(app.roadmap?.id).toBe(2);
    expect(app.boot?.roadmaps.find((r) => r.id === 1)?.archived).toBe(true);
    await restoreRoadmap(app, app.boot!.roadmaps[0]);
    expect(calls).toContain("archive 1 false");
    expect(app.roadmap?.id).toBe(1);
    expect(app.toasts.map((t) => t.text)).toEqual([
      "“Roadmap 1” is archived; restore it from Archived in the roadmap menu.",
      "“Roadmap 1” is restored.",
    ]);
  });
});

describe("a new roadmap", () => {
  it("carries the chosen items over and opens it", async () => {
    const { backend, calls } = fake([roadmap(1)], 1);
    const app = new AppState(backend);
    await app.load();
    const created = await createRoadmap(app, newRoadmapFrom({ name: " H2 plan " }, app.roadmap), app.roadmap, [12, 11]);
    expect(calls).toContain("carryOver H2 plan from 1: 12,11");
    expect(app.roadmap?.id).toBe(created.id);
    expect(calls.at(-1)).toBe(`listItems ${created.id}`);
  });

  it("is created empty when nothing is carried", async () => {
    const { backend, calls } = fake([roadmap(1)], 1);
    const app = new AppState(backend);
    await app.load();
    await createRoadmap(app, newRoadmapFrom({ name: "Fresh" }, null), app.roadmap, []);
    expect(calls).toContain("createRoadmap Fresh");
    expect(calls.some((c) => c.startsWith("carryOver"))).toBe(false);
  });

  it("keeps the open roadmap's people unless changed, and offers the unfinished items", () => {
    expect(newRoadmapFrom({ name: "Next", pm_name: "Ana" }, roadmap(1))).toEqual({
      name: "Next", team: "Payments", em_name: "Sam", pm_name: "Ana", director_name: "Dana", head_of_product_name: "Hugo",
    });
    expect(unfinished([item(1, 1), item(2, 1, "shipped"), item(3, 1, "dropped"), item(4, 1, "in_progress")])).toEqual([1, 4]);
    expect(whenOf({ ...item(1, 1), matrix: { ...item(1, 1).matrix, when: " Q3, after the audit " } })).toBe("Q3, after the audit");
    expect(whenOf({ ...item(1, 1), horizon: "2027-Q1" })).toBe("2027 Q1");
    expect(whenOf({ ...item(1, 1), horizon: "" })).toBe("No when yet");
  });
});

describe("what the roadmap menu offers", () => {
  it("lets the partners change roadmaps and anyone else only switch", () => {
    expect(roadmapRights({ joined: false, kept: false, hosting: false, role: "em" })).toMatchObject({ switch: true, change: true, export: true, why: null });
    expect(roadmapRights({ joined: false, kept: false, hosting: false, role: "director_of_engineering" })).toMatchObject({ switch: true, change: false });
  });

  it("keeps a guest, a host and a kept copy on the roadmap they show", () => {
    const guest = roadmapRights({ joined: true, kept: false, hosting: false, role: "pm" });
    expect(guest).toMatchObject({ switch: false, change: false, export: true });
    expect(guest.why).toMatch(/leave it to switch/);
    expect(roadmapRights({ joined: false, kept: false, hosting: true, role: "pm" })).toMatchObject({ switch: false, change: false, export: true });
    expect(roadmapRights({ joined: false, kept: true, hosting: false, role: "pm" })).toMatchObject({ switch: false, change: false, export: false });
  });

  it("opens the new-roadmap and import dialogs only for a partner at their own roadmap", async () => {
    const { backend } = fake([roadmap(1)], 1, "pm");
    const app = new AppState(backend);
    await app.load();
    askRoadmapDialog(app, "import");
    expect(app.roadmapDialog).toBe("import");

    const director = new AppState(fake([roadmap(1)], 1, "head_of_product").backend);
    await director.load();
    askRoadmapDialog(director, "new");
    expect(director.roadmapDialog).toBeNull();
    expect(director.toasts[0].text).toMatch(/engineering manager and product manager/);
  });
});

describe("exporting", () => {
  it("says where the file was saved, with a way to show it", async () => {
    const { backend, calls } = fake([roadmap(1), roadmap(2)], 2);
    const app = new AppState(backend);
    await app.load();
    await exportRoadmap(app, "csv");
    expect(calls).toContain("export 2 csv");
    const toast = app.toasts.at(-1)!;
    expect(toast.text).toBe("Saved to /home/p/roadmap.csv");
    await toast.action!.run();
    expect(calls.at(-1)).toBe("show /home/p/roadmap.csv");
  });

  it("says nothing when the save dialog is cancelled", async () => {
    const { backend, calls } = fake([roadmap(1)], 1);
    const app = new AppState(backend);
    await app.load();
    await exportRoadmap(app, "json");
    expect(calls).toContain("export 1 json");
    expect(app.toasts).toHaveLength(0);
  });
});
