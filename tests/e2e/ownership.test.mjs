// The walking skeleton end to end, in the real window: decision rights hold
// in the UI and in the core, proposals flow from one partner to the owner,
// and every step lands in the history.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, find, findAll, By, until, ARTIFACTS, scenario, type, click, gone, actAs, firstRun, addPerson, screenshot } from "./harness.mjs";

const WHAT = "One-page checkout with saved cards.";
const WHY = "Cart abandonment is 68%; target 55%.";
const PROPOSED_WHY = "Abandonment is 68%; saved cards alone should cut it to 60%.";

let s;
before(async () => { s = await launch(); });
after(async () => { await s?.quit(); });

/** Calls a command directly, as a tampered page would. */
async function forceInvoke(b, cmd, args) {
  return b.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
       .then((r) => done({ ok: r }), (e) => done({ err: e }));`,
    cmd,
    args,
  );
}

test("PM and EM keep to their decisions; a proposal becomes the owner's edit", async () => {
  const b = s.browser;
  await scenario(b, "ownership", async () => {
  await b.manage().window().setRect({ width: 1360, height: 860 });

  // First run: the PM's profile and the roadmap.
  await firstRun(b, {
    name: "Priya Raman",
    role: "Product manager",
    passphrase: "priya signs here",
    roadmap: "Checkout 2027",
    team: "Payments",
  });
  await find(b, "roadmap-empty");

  // The EM joins at the same screen.
  await addPerson(b, { name: "Marco Keller", role: "Engineering manager", passphrase: "marco signs here" });
  await find(b, "acting-em");
  await actAs(b, "pm");

  // The PM adds an item and writes what and why.
  await type(b, "new-item-title", "Checkout redesign");
  await click(b, "new-item-submit");
  await find(b, "item-panel");
  await type(b, "dim-what-input", WHAT);
  await click(b, "dim-what-save");
  await gone(b, "dim-what-save");
  await type(b, "dim-why-input", WHY);
  await click(b, "dim-why-save");
  await gone(b, "dim-why-save");

  // The EM cannot edit why: the UI offers a proposal instead...
  await actAs(b, "em");
  const why = await find(b, "dim-why");
  await b.wait(async () => (await why.getAttribute("data-capability")) === "propose", 5000);
  assert.equal((await findAll(b, '[data-testid="dim-why-input"]')).length, 0, "no editor for the EM on why");
  assert.equal(await (await find(b, "dim-why-readonly")).getText(), WHY);
  assert.equal(await (await find(b, "dim-how")).getAttribute("data-capability"), "edit");

  // ...and the core refuses a forced call, writing nothing.
  const items = (await forceInvoke(b, "list_items", { roadmapId: 1, archived: false })).ok;
  const item = items[0];
  const forced = await forceInvoke(b, "edit_dimension", {
    req: { item_id: item.id, base_revision: item.revision, dimension: "why", text: "Overridden by the EM" },
  });
  assert.equal(forced.err?.code, "forbidden", JSON.stringify(forced));
  const after = (await forceInvoke(b, "get_item", { itemId: item.id })).ok;
  assert.equal(after.matrix.why, WHY);
  assert.equal(after.revision, item.revision);

  // The EM proposes a change to why.
  await click(b, "dim-why-propose");
  await type(b, "dim-why-proposal-input", PROPOSED_WHY);
  await click(b, "dim-why-proposal-submit");
  await b.wait(until.elementLocated(By.css('[data-testid="dim-why"] [data-testid="proposal"]')), 5000);

  // The PM accepts it.
  await actAs(b, "pm");
  const accept = await b.wait(
    until.elementLocated(By.css('[data-testid="dim-why"] [data-testid="proposal-accept"]')),
    5000,
  );
  await accept.click();
  await gone(b, "proposal");
  await b.wait(async () => (await (await find(b, "dim-why-input")).getProperty("value")) === PROPOSED_WHY, 5000);

  // The matrix shows the accepted content.
  await b.actions().sendKeys("\uE00C").perform(); // Escape closes the panel
  await gone(b, "item-panel");
  await click(b, "tab-matrix");
  const row = await find(b, "matrix-row");
  const cell = await row.findElement(By.css('[data-testid="cell-why"]'));
  assert.equal(await cell.getAttribute("data-state"), "filled");
  assert.equal(await (await cell.findElement(By.css('[data-testid="cell-text"]'))).getProperty("textContent"), PROPOSED_WHY);
  assert.equal(await (await row.findElement(By.css('[data-testid="cell-how"]'))).getAttribute("data-state"), "empty");
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "matrix.png"), await screenshot(b), "base64");

  // The history holds all four changes, newest first.
  await cell.click();
  await click(b, "tab-history");
  await find(b, "history");
  const entries = await findAll(b, '[data-testid="history-entry"]');
  const seen = [];
  for (const e of entries) seen.push(`${await e.getAttribute("data-action")}:${await e.getAttribute("data-field")}`);
  assert.deepEqual(seen, [
    "proposal_accepted:why",
    "proposal_filed:why",
    "dimension_edited:why",
    "dimension_edited:what",
    "item_created:title",
  ]);
  writeFileSync(join(ARTIFACTS, "history.png"), await screenshot(b), "base64");
  });
});

test("a database from a newer Accord is refused with a clear message and left untouched", async () => {
  const dir = mkdtempSync(join(tmpdir(), "accord-newer-"));
  const file = join(dir, "accord.db");
  const py = (code) => execFileSync("python3", ["-c", code, file]).toString().trim();
  py("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('pragma user_version=99'); c.commit()");
  const t = await launch({ dataDir: dir });
  try {
    const fatal = await find(t.browser, "fatal");
    assert.match(await fatal.getText(), /newer version of Accord/);
  } finally {
    await t.quit();
  }
  assert.equal(py("import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma user_version').fetchone()[0])"), "99");
});
