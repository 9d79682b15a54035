// A roadmap longer than a screen opens on its top (sent with the bootstrap),
// counted whole; the rest follows, so the list scrolls to its last item and
// a move there goes through and persists.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Key } from "selenium-webdriver";
import { launch, find, firstRun } from "./harness.mjs";

const ITEMS = 150;
let s;
before(async () => { s = await launch(); });
after(async () => { await s?.quit(); });

const titles = (b) =>
  b.executeScript(`return [...document.querySelectorAll('[data-testid="item-title"]')].map((e) => e.textContent.trim())`);

async function reload(b) {
  // Wait for the new page before touching it: the old page's elements go stale.
  await b.executeScript(`localStorage.setItem("accord.view", "roadmap"); window.__oldPage = true; setTimeout(() => location.reload(), 0)`);
  const fresh = "return !window.__oldPage && document.readyState === 'complete'";
  await b.wait(() => b.executeScript(fresh).catch(() => false), 10000, "the page should reload");
}

test("a long roadmap opens on its top, counted whole, and the rest follows", async () => {
  const b = s.browser;
  await firstRun(b, { name: "Priya Raman", role: "Product manager", passphrase: "priya signs here", roadmap: "Platform 2027" });
  await find(b, "tab-roadmap");
  // Written through the window's own backend: the same command the add box calls.
  const made = await b.executeAsyncScript(
    `const [n, done] = [arguments[0], arguments[arguments.length - 1]];
     (async () => {
       const invoke = window.__TAURI_INTERNALS__.invoke;
       const boot = await invoke("bootstrap");
       for (let i = 1; i <= n; i++) {
         await invoke("create_item", { req: { roadmap_id: boot.open_roadmap, title: "Item " + i, kind: "feature", horizon: "" } });
       }
       done(n);
     })().catch((e) => done(String(e?.message ?? e)));`,
    ITEMS,
  );
  assert.equal(made, ITEMS);

  const boot = await b.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke("bootstrap").then((r) => done({ shown: r.first_screen.items.length, total: r.first_screen.total }));`,
  );
  assert.ok(boot.shown < ITEMS, `the bootstrap carries the top only (${boot.shown} items)`);
  assert.equal(boot.total, ITEMS);

  await reload(b);
  const count = async () => (await find(b, "tab-roadmap")).getText();
  await b.wait(async () => (await count()).includes(String(ITEMS)), 10000, "the tab counts every item");
  await b.wait(async () => (await titles(b))[0] === "Item 1", 10000, "the top of the roadmap first");

  // The list is as tall as the whole roadmap: its bottom shows the last item.
  await b.executeScript(`document.querySelector('.vlist').scrollTop = 1e9`);
  await b.wait(async () => (await titles(b)).includes(`Item ${ITEMS}`), 10000, "the last item at the bottom");

  // A move at the bottom of the list, from the keyboard, persists.
  await b.executeScript(`document.querySelector('[data-testid="item-row"][data-index="${ITEMS - 1}"]').focus()`);
  await b.actions().keyDown(Key.ALT).sendKeys(Key.ARROW_UP).keyUp(Key.ALT).perform();
  const order = () =>
    b.executeScript(`return [...document.querySelectorAll('[data-testid="item-row"]')].map((r) => [Number(r.dataset.index), r.querySelector('[data-testid="item-title"]').textContent.trim()])`);
  const at = async (index) => (await order()).find(([i]) => i === index)?.[1];
  await b.wait(async () => (await at(ITEMS - 2)) === `Item ${ITEMS}`, 5000, "the last item moved up one");

  await reload(b);
  await b.wait(async () => (await count()).includes(String(ITEMS)), 10000);
  await b.executeScript(`document.querySelector('.vlist').scrollTop = 1e9`);
  await b.wait(async () => (await at(ITEMS - 2)) === `Item ${ITEMS}` && (await at(ITEMS - 1)) === `Item ${ITEMS - 1}`, 10000, "the move persists");
});
