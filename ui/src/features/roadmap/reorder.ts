// The priority order is the PM's: the PM moves an item, the EM's same
// gesture files a proposal ("move X above Y") and the order stays as it is
// until the PM accepts.
import { moveItem, type AppState } from "../../lib/app.svelte";
import { fieldCapability, targetFor } from "../../lib/planning";

let proposing = false;

/** Moves (PM) or proposes moving (EM) an item to zero-based `toIndex`; true when the order changed. */
export async function reorder(app: AppState, itemId: number, toIndex: number): Promise<boolean> {
  if (app.itemsTotal !== null) await app.whole(); // an index among all the items, not only the first screen
  if (app.itemsTotal !== null) return false; // the rest could not be read (said already)
  const can = fieldCapability(app.acting?.role, "rank");
  if (can === "edit") {
    const before = app.items;
    await moveItem(app, itemId, toIndex);
    return app.items !== before;
  }
  if (can === "none") {
    app.info("The PM sets the priority order; the EM proposes moves");
    return false;
  }
  const item = app.items.find((i) => i.id === itemId);
  const target = targetFor(app.items.map((i) => i.id), itemId, toIndex);
  // One proposal at a time: a held key must not file a burst of them.
  if (!item || !target || proposing) return false;
  const other = app.items.find((i) => i.id === target.item_id);
  proposing = true;
  try {
    await app.backend.proposeMove({ item_id: itemId, base_revision: item.revision, target });
    app.info(`Proposed to the PM: move “${item.title}” ${target.place} “${other?.title ?? `item ${target.item_id}`}”`);
    // The item now has a pending rank proposal (and a new revision).
    app.put(await app.backend.getItem(itemId));
  } catch (raw) {
    app.fail(raw);
  } finally {
    proposing = false;
  }
  return false;
}
