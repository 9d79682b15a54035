// The window reopens where and as large as it was left, even when the app
// did not get to exit cleanly (the harness ends it with a signal).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, find } from "./harness.mjs";

async function until(check, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}

test("the window reopens at the size and place it was left", async () => {
  // The window's place is per user (the OS config directory), not per data directory.
  const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), "accord-config-")) };
  const stateFile = join(env.XDG_CONFIG_HOME, "app.accord.desktop", ".window-state.json");

  const first = await launch({ env });
  let left;
  try {
    await find(first.browser, "setup");
    const window = first.browser.manage().window();
    const initial = await window.getRect();
    assert.deepEqual([initial.width, initial.height], [1280, 820], "the first launch uses the default size");
    await window.setRect({ x: 60, y: 40, width: 1024, height: 700 });
    left = await window.getRect();
    assert.deepEqual([left.width, left.height], [1024, 700]);
    // Saved shortly after the window settles, without waiting for a clean exit.
    const saved = () => (existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")).main : undefined);
    await until(() => saved()?.width === left.width && saved()?.height === left.height).catch(() => {
      assert.fail(`the window's new size was not saved: ${JSON.stringify(saved())}`);
    });
  } finally {
    await first.quit();
  }

  const second = await launch({ dataDir: first.dataDir, env });
  try {
    await find(second.browser, "setup");
    const again = await second.browser.manage().window().getRect();
    assert.deepEqual([again.width, again.height], [left.width, left.height]);
    assert.deepEqual([again.x, again.y], [left.x, left.y]);
  } finally {
    await second.quit();
  }
});
