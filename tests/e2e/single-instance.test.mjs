// A second launch on the same data directory hands over to the first
// window and exits, instead of opening the database twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { launch, find, APP } from "./harness.mjs";

test("a second launch on the same data directory brings the first window forward and exits", async () => {
  const s = await launch();
  try {
    await find(s.browser, "setup");
    const second = spawn(APP, ["--data-dir", s.dataDir], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    second.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise((ok, fail) => {
      const timer = setTimeout(() => { second.kill(); fail(new Error("the second launch did not exit")); }, 20000);
      second.on("exit", (c) => { clearTimeout(timer); ok(c); });
    });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /already open/);
    const toast = await find(s.browser, "toast-info");
    assert.match(await toast.getText(), /already open/);
  } finally {
    await s.quit();
  }
});
