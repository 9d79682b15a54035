// Run by scripts/test-deb.sh against the binary the .deb installed
// (ACCORD_APP=/usr/bin/accord-app): the window shows the app.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, find, ARTIFACTS, APP, screenshot } from "./harness.mjs";

test(`the installed ${APP} opens its window on the first-run screen`, async () => {
  assert.ok(APP.startsWith("/usr/"), `expected an installed binary, got ${APP}`);
  const s = await launch();
  try {
    const setup = await find(s.browser, "setup", 20000);
    assert.match(await setup.getText(), /Welcome to Accord/);
    assert.equal(await s.browser.getTitle(), "Accord");
    await s.browser.wait(() => s.browser.executeScript(`return document.querySelector(".setup img")?.complete`), 5000);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "installed.png"), await screenshot(s.browser), "base64");
  } finally {
    await s.quit();
  }
});
