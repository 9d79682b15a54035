// A burst of edits through the window's own backend (the commands the UI
// calls), with the app killed by SIGKILL at a random moment in each round.
// After each kill the file is checked as the CLI's crash harness checks it:
// SQLite's integrity check, every edit the window saw acknowledged present
// in the history, the items as their history left them; and the app opens
// it again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, find, APP, ROOT } from "./harness.mjs";

const CLI = join(ROOT, "target/debug/accord");
const ROUNDS = Number(process.env.ACCORD_BURST_ROUNDS ?? 10);
const cli = (dataDir, args, input = "") =>
  execFileSync(CLI, ["--data-dir", dataDir, ...args], { encoding: "utf8", input });

/** What the file holds, read by SQLite itself (python3's sqlite3), not by Accord. */
function inspect(db, acked) {
  const script = `
import json, sqlite3, sys
acked = json.load(sys.stdin)
c = sqlite3.connect(sys.argv[1])
out = {"integrity": c.execute("PRAGMA integrity_check").fetchone()[0], "missing": [], "drift": [], "back": []}
for a in acked:
    n = c.execute("SELECT count(*) FROM history WHERE item_id = ? AND field = ? AND after = ?", (a["item"], a["field"], a["text"])).fetchone()[0]
    if n == 0: out["missing"].append(a)
    rev = c.execute("SELECT revision FROM item WHERE id = ?", (a["item"],)).fetchone()[0]
    if rev < a["revision"]: out["back"].append(a)
for (iid, what, why) in c.execute("SELECT id, dim_what, dim_why FROM item"):
    for field, now in (("what", what), ("why", why)):
        last = c.execute("SELECT after FROM history WHERE item_id = ? AND field = ? ORDER BY id DESC LIMIT 1", (iid, field)).fetchone()
        if last and last[0] != now: out["drift"].append([iid, field, last[0], now])
print(json.dumps(out))`;
  return JSON.parse(execFileSync("python3", ["-c", script, db], { encoding: "utf8", input: JSON.stringify(acked) }));
}

const appPid = () => {
  const pids = execFileSync("pgrep", ["-f", "-x", `${APP}.*`], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  assert.equal(pids.length, 1, `one app running: ${pids}`);
  return Number(pids[0]);
};

test(`${ROUNDS} rounds of edits through the window, each ended by SIGKILL, lose nothing acknowledged`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "accord-burst-"));
  cli(dataDir, ["init", "--name", "Priya Raman", "--role", "pm", "--roadmap", "Checkout 2027", "--passphrase-stdin"], "priya signs here\n");
  for (const title of ["Checkout redesign", "Search relevance", "Saved cards"]) cli(dataDir, ["add", "--title", title]);
  let [acked, edits] = [[], 0];

  for (let round = 0; round < ROUNDS; round++) {
    const s = await launch({ dataDir });
    const b = s.browser;
    await find(b, "tab-roadmap", 20000);
    const items = JSON.parse(cli(dataDir, ["list", "--json"])).map(({ item }) => ({ id: item.id, revision: item.revision }));
    // The burst runs in the page; each acknowledgement is kept as the window got it.
    await b.executeScript(
      `const [items, round] = arguments;
       const burst = (window.__burst = { acks: [], done: false, error: null });
       (async () => {
         for (let n = 0; n < 100000; n++) {
           const item = items[n % items.length];
           const field = n % 2 ? "why" : "what";
           const text = "round " + round + ", edit " + n;
           const req = { item_id: item.id, base_revision: item.revision, dimension: field, text, trade_off: null };
           const saved = await window.__TAURI_INTERNALS__.invoke("edit_dimension", { req });
           item.revision = saved.revision;
           burst.acks.push({ item: item.id, field, text, revision: saved.revision });
         }
         burst.done = true;
       })().catch((e) => (burst.error = String(e?.message ?? e)));`,
      items,
      round,
    );
    // Kill at a random moment: what the window saw acknowledged up to
    // its last look is what must survive.
    const killAt = Date.now() + 150 + Math.random() * 1500;
    let seen = 0;
    while (Date.now() < killAt) {
      const [more, error] = await b.executeScript("return [window.__burst.acks.slice(arguments[0]), window.__burst.error]", seen);
      assert.equal(error, null, "the burst runs without a refusal");
      acked.push(...more);
      seen += more.length;
    }
    process.kill(appPid(), "SIGKILL");
    await s.quit();
    edits += seen;

    const found = inspect(join(dataDir, "accord.db"), acked);
    assert.equal(found.integrity, "ok", `round ${round}: integrity`);
    assert.deepEqual(found.missing, [], `round ${round}: every acknowledged edit is in the history`);
    assert.deepEqual(found.back, [], `round ${round}: no item went back in revision`);
    assert.deepEqual(found.drift, [], `round ${round}: each item is what its history left`);
  }
  console.log(`window burst: ${ROUNDS} rounds, ${edits} edits acknowledged and found after a SIGKILL each`);
  assert.ok(edits > ROUNDS, "each round acknowledged edits before its kill");
});
