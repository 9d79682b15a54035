// A card moved on the timeline is an edit of the shared when: the core
// moves the target, lapses an agreement and, on a committed item whose
// when was agreed, asks for a trade-off before it takes the move.
import { BackendError } from "../../backend";
import type { AppState } from "../../lib/app.svelte";
import type { Item } from "../../bindings/Item";
import type { Quarter } from "../../bindings/Quarter";
import type { TimelineCard } from "../../bindings/TimelineCard";
import type { TradeOff } from "../../bindings/TradeOff";
import { movedMessage } from "../../lib/timeline";

export type MoveOutcome =
  | { kind: "moved"; item: Item }
  /** The core wants a trade-off: ask for it and send the same move again. */
  | { kind: "trade_off"; message: string }
  | { kind: "failed"; error: BackendError };

let moving = false;

/**
 * Moves `card` to a quarter (null: Later). One move at a time: a held
 * Alt+arrow must not send a second move on a revision the first replaces.
 */
export async function moveCard(
  app: AppState,
  card: TimelineCard,
  to: Quarter | null,
  label: string,
  tradeOff: TradeOff | null = null,
): Promise<MoveOutcome | null> {
  if (moving) return null;
  moving = true;
  try {
    const item = await app.backend.moveInTime({ item_id: card.item_id, base_revision: card.revision, to, trade_off: tradeOff });
    app.put(item);
    app.info(movedMessage(label, card.agreed));
    if (tradeOff) app.info("Trade-off recorded as a shared decision for both partners to sign");
    return { kind: "moved", item };
  } catch (raw) {
    const e = BackendError.from(raw);
    if (e.code === "trade_off_required") return { kind: "trade_off", message: e.message };
    // A stale card brings in the item as it is now, and the timeline reloads with it.
    app.fail(e);
    if (e.code === "stale_revision") app.changes++;
    return { kind: "failed", error: e };
  } finally {
    moving = false;
  }
}
