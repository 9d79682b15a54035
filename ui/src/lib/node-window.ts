// What AppState needs of a browser window, for unit tests under Node:
// localStorage (it remembers the last view) and requestAnimationFrame
// (timing marks; the tests do not measure paint). Import before AppState.
const stored = new Map<string, string>();
globalThis.localStorage ??= {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
} as unknown as Storage;
globalThis.requestAnimationFrame ??= (() => 0) as typeof requestAnimationFrame;
