// A trade-off on a committed item: what makes room for more scope or a
// later date. The dialog keeps a draft; these turn it into the request.
import type { TradeOff } from "../bindings/TradeOff";

export type TradeOffDraft = {
  /** Items to deprioritise, by id. */
  deprioritised: number[];
  /** "Nothing — capacity exists" instead of naming items. */
  capacity: boolean;
  capacityReason: string;
  why: string;
};

export function emptyTradeOff(): TradeOffDraft {
  return { deprioritised: [], capacity: false, capacityReason: "", why: "" };
}

/** The trade-off to send: items, or else the capacity reason; never both. */
export function tradeOffOf(d: TradeOffDraft): TradeOff {
  return d.capacity
    ? { deprioritised: [], capacity_reason: d.capacityReason.trim(), why: d.why.trim() }
    : { deprioritised: [...d.deprioritised], capacity_reason: "", why: d.why.trim() };
}

/** Why the draft cannot be sent yet, in the words the submit button shows; null when it can. */
export function tradeOffMissing(d: TradeOffDraft): string | null {
  if (d.capacity ? !d.capacityReason.trim() : d.deprioritised.length === 0)
    return d.capacity ? "Say why capacity exists" : "Pick what is deprioritised, or that capacity exists";
  if (!d.why.trim()) return "Say why it is worth it";
  return null;
}

/** The same request again, now carrying the trade-off. */
export function withTradeOff<T extends { trade_off: TradeOff | null }>(req: T, t: TradeOff): T {
  return { ...req, trade_off: t };
}
