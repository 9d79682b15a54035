// Undo is a new change made by the core (same rights, revision and
// trade-off checks as any other), so the window only asks and shows.
import { BackendError } from "../backend";
import type { AppState } from "./app.svelte";

let undoing = false;

/** Reverses the acting person's own last change on the roadmap, and says what it did or why not. */
export async function undo(app: AppState): Promise<boolean> {
  const roadmap = app.roadmap;
  if (!roadmap || undoing) return false;
  undoing = true;
  try {
    const undone = await app.backend.undo(roadmap.id);
    app.put(undone.item);
    // An undone move renumbers the others too.
    await app.reloadItems().catch(() => {});
    app.info(undone.summary);
    return true;
  } catch (raw) {
    const e = BackendError.from(raw);
    if (e.code === "stale_revision" && e.current) app.put(e.current);
    app.error(`Nothing undone: ${e.message}`);
    return false;
  } finally {
    undoing = false;
  }
}

export function isMac(): boolean {
  return typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
