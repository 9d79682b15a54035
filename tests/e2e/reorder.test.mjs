// Priority order is changed from the keyboard and survives a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Key } from "selenium-webdriver";
import { launch, find, firstRun } from "./harness.mjs";

let s;
before(async () => { s = await launch(); });
after(async () => { await s?.quit(); });

async function titles(b) {
  return b.executeScript(
    `return [...document.querySelectorAll('[data-testid="item-title"]')].map((e) => e.textContent.trim())`,
  );
}

test("Alt+Up moves the selected item up the priority order (the PM's decision), and it persists", async () => {
  const b = s.browser;
  await firstRun(b, { name: "Priya Raman", role: "Product manager", passphrase: "priya signs here", roadmap: "Platform 2027" });

  for (const t of ["Alpha", "Bravo", "Charlie"]) {
    // Found afresh each time: the view may re-render while the roadmap loads.
    await (await find(b, "new-item-title")).sendKeys(t, Key.ENTER);
    await b.wait(async () => (await titles(b)).includes(t), 5000);
  }
  await b.actions().sendKeys(Key.ESCAPE).perform();
  assert.deepEqual(await titles(b), ["Alpha", "Bravo", "Charlie"]);

  await b.executeScript(`document.querySelector('[data-testid="item-row"][data-index="2"]').focus()`);
  for (let i = 0; i < 2; i++) {
    await b.actions().keyDown(Key.ALT).sendKeys(Key.ARROW_UP).keyUp(Key.ALT).perform();
    await b.sleep(150);
  }
  await b.wait(async () => (await titles(b))[0] === "Charlie", 5000, "Charlie should be first");
  assert.deepEqual(await titles(b), ["Charlie", "Alpha", "Bravo"]);

  // Reload, and wait for the new page before touching it: until then the old
  // page's elements are still found and go stale under the click.
  await b.executeScript("window.__oldPage = true; location.reload()");
  const fresh = "return !window.__oldPage && document.readyState === 'complete'";
  await b.wait(() => b.executeScript(fresh).catch(() => false), 10000, "the page should reload");
  await (await find(b, "tab-roadmap")).click();
  await b.wait(async () => (await titles(b)).length === 3, 10000);
  assert.deepEqual(await titles(b), ["Charlie", "Alpha", "Bravo"]);
});
