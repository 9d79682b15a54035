// A new roadmap, optionally carrying chosen items of the open one over
// with their matrix (the core copies them; goal links and signatures stay).
import type { Item } from "../bindings/Item";
import type { NewRoadmap } from "../bindings/NewRoadmap";
import type { Roadmap } from "../bindings/Roadmap";
import type { AppState } from "./app.svelte";
import { horizonLabel } from "./labels";

/** An item's when as the list shows it: its words, else its horizon. */
export function whenOf(item: Item): string {
  const words = item.matrix.when.trim();
  if (words) return words;
  return item.horizon ? horizonLabel(item.horizon) : "No when yet";
}

/** What a next plan usually carries: everything not shipped or dropped. */
export function unfinished(items: Item[]): number[] {
  return items.filter((i) => i.status !== "shipped" && i.status !== "dropped").map((i) => i.id);
}

/** The people on a new roadmap: the open one's, unless given. */
export function newRoadmapFrom(fields: Partial<NewRoadmap> & { name: string }, from: Roadmap | null): NewRoadmap {
  const pick = (k: keyof NewRoadmap) => (fields[k] ?? from?.[k] ?? "").trim();
  return {
    name: fields.name.trim(),
    team: pick("team"),
    em_name: pick("em_name"),
    pm_name: pick("pm_name"),
    director_name: pick("director_name"),
    head_of_product_name: pick("head_of_product_name"),
  };
}

/**
 * Creates the roadmap (carrying the chosen items over, when there are any)
 * and opens it. Failures are thrown for the dialog to show.
 */
export async function createRoadmap(app: AppState, roadmap: NewRoadmap, from: Roadmap | null, items: number[]): Promise<Roadmap> {
  const created =
    from && items.length
      ? await app.backend.carryOver({ roadmap, from_roadmap: from.id, items })
      : await app.backend.createRoadmap(roadmap);
  await app.switchRoadmap(created.id);
  return created;
}
