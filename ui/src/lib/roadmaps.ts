// Several roadmaps in one window: which one opens, what the switcher may
// offer, and the calls behind its entries. The core decides; these only
// choose what to ask it and what to show.
import type { Bootstrap } from "../bindings/Bootstrap";
import type { Roadmap } from "../bindings/Roadmap";
import type { Role } from "../bindings/Role";
import type { AppState } from "./app.svelte";
import { isPartner } from "./rights";

// A kept copy's roadmap has no `archived` flag at all: it counts as live.
const live = (r: Roadmap) => !r.archived;

export function liveRoadmaps(boot: Bootstrap | null): Roadmap[] {
  return (boot?.roadmaps ?? []).filter(live);
}

export function archivedRoadmaps(boot: Bootstrap | null): Roadmap[] {
  return (boot?.roadmaps ?? []).filter((r) => !live(r));
}

/**
 * The roadmap to show: `keep` (the one shown now) while it is live, else the
 * one the core says was open last, else the first live one. Never an
 * archived one: it cannot be opened until restored.
 */
export function roadmapToOpen(boot: Bootstrap, keep: number | null = null): Roadmap | null {
  const choices = liveRoadmaps(boot);
  const find = (id: number | null) => (id === null ? undefined : choices.find((r) => r.id === id));
  return find(keep) ?? find(boot.open_roadmap) ?? choices[0] ?? null;
}

export type RoadmapRights = {
  /** Open another of this window's roadmaps. */
  switch: boolean;
  /** Create, import, archive or restore one (the core lets only the partners). */
  change: boolean;
  /** Save the roadmap shown as CSV or JSON. */
  export: boolean;
  /** Why switching is not offered, said in the menu. */
  why: string | null;
};

type Situation = { joined: boolean; kept: boolean; hosting: boolean; role: Role | undefined };

export function roadmapRights(s: Situation): RoadmapRights {
  if (s.kept)
    return { switch: false, change: false, export: false, why: "A kept copy is read-only: go back to your roadmap to switch." };
  if (s.joined)
    return { switch: false, change: false, export: true, why: "You are in a planning session on the host's roadmap: leave it to switch." };
  // Guests are editing this roadmap live: the host stays on it.
  if (s.hosting)
    return { switch: false, change: false, export: true, why: "You are hosting a planning session on this roadmap: stop hosting to switch." };
  return { switch: true, change: isPartner(s.role), export: true, why: null };
}

export function rightsOf(app: AppState): RoadmapRights {
  return roadmapRights({ joined: !!app.joined, kept: !!app.kept, hosting: !!app.hosting, role: app.acting?.role });
}

const PARTNERS_ONLY = "A roadmap is kept by its engineering manager and product manager: ask one of them.";

/** Opens the new-roadmap or import dialog, or says why it is not offered here. */
export function askRoadmapDialog(app: AppState, which: "new" | "import") {
  const rights = rightsOf(app);
  if (app.roadmapDialog) return;
  if (rights.change) app.roadmapDialog = which;
  else app.info(rights.why ?? PARTNERS_ONLY);
}

/** Saves the roadmap shown as CSV or JSON where the person chooses; nothing when they cancel. */
export async function exportRoadmap(app: AppState, format: "csv" | "json") {
  const roadmap = app.roadmap;
  if (!roadmap) return;
  if (!rightsOf(app).export) return app.info("A kept copy exports as PDF only: use Export PDF.");
  const path = await app.run(() => app.backend.exportFile(roadmap.id, format));
  if (!path) return;
  app.info(`Saved to ${path}`, { label: "Show in folder", run: () => app.backend.showInFolder(path) });
}

/** Archives a roadmap and, when it was the one shown, opens the next live one. */
export async function archiveRoadmap(app: AppState, roadmap: Roadmap) {
  await app.run(async () => {
    await app.backend.archiveRoadmap({ roadmap_id: roadmap.id, archived: true });
    const boot = await app.backend.bootstrap();
    const next = roadmapToOpen(boot, app.roadmap?.id === roadmap.id ? null : (app.roadmap?.id ?? null));
    if (next) await app.switchRoadmap(next.id);
    else [app.boot, app.roadmap, app.items] = [boot, null, []];
    app.info(`“${roadmap.name}” is archived; restore it from Archived in the roadmap menu.`);
  });
}

/** Restores an archived roadmap and opens it. */
export async function restoreRoadmap(app: AppState, roadmap: Roadmap) {
  await app.run(async () => {
    await app.backend.archiveRoadmap({ roadmap_id: roadmap.id, archived: false });
    await app.switchRoadmap(roadmap.id);
    app.info(`“${roadmap.name}” is restored.`);
  });
}
