// Hosting a planning session from the window: the partner joins from
// another process over TCP with the address and code the window shows, a
// wrong code gets nothing, and the guest's edit appears in the host's
// window (with the guest listed as present) without a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, find, findAll, scenario, type, click, firstRun, ROOT, ARTIFACTS, screenshot } from "./harness.mjs";

const ACCORD = join(ROOT, "target/debug/accord");
const WHAT = "Saved cards for returning shoppers, written from the PM's laptop.";

/** Runs `accord join …`; resolves once it printed `until`, or when it exits. */
function joinProcess(args, until) {
  const child = spawn(ACCORD, ["join", ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const done = new Promise((ok) => {
    child.stdout.on("data", (d) => {
      out += d;
      if (until && out.includes(until)) ok({ out, err, code: null });
    });
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => ok({ out, err, code }));
  });
  return { child, done };
}

const text = (b, el) => b.executeScript("return arguments[0].textContent", el);

test("a partner joins the hosted roadmap with the code and their edit appears live", async () => {
  const s = await launch();
  const b = s.browser;
  try {
    await scenario(b, "session", async () => {
      await b.manage().window().setRect({ width: 1360, height: 860 });
      await firstRun(b, { name: "Marco Keller", role: "Engineering manager", passphrase: "marco signs here", roadmap: "Checkout 2027", team: "Payments" });
      await type(b, "new-item-title", "Checkout redesign");
      await click(b, "new-item-submit");
      await find(b, "item-panel");
      await b.actions().sendKeys("\uE00C").perform(); // Escape closes the panel

      await click(b, "session-open");
      await click(b, "session-host");
      const code = (await text(b, await find(b, "session-code"))).replace(/\s/g, "");
      assert.match(code, /^\d{6}$/);
      const addresses = await Promise.all((await findAll(b, '[data-testid="session-address"]')).map((el) => text(b, el)));
      const local = addresses.find((a) => a.startsWith("127.0.0.1:"));
      assert.ok(local, `a loopback address among ${addresses}`);
      assert.match(await text(b, await find(b, "session-waiting")), /Waiting for your partner/);

      // A wrong code gets nothing.
      const wrong = await joinProcess([local, code === "000000" ? "111111" : "000000", "--name", "Mallory", "--role", "pm"]).done;
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.err, /wrong pairing code/);

      // The PM joins with the code and writes the what of the item.
      const guest = joinProcess(
        [local, code, "--name", "Priya Raman", "--role", "pm", "--item", "Checkout redesign", "--dimension", "what", "--text", WHAT],
        "Applied",
      );
      const joined = await guest.done;
      assert.match(joined.out, /Applied as op \d+/, joined.err);

      // The host's window lists the guest, and where they are working.
      await b.wait(async () => {
        const people = await Promise.all((await findAll(b, '[data-testid="session-person"]')).map((el) => text(b, el)));
        return people.some((p) => p.startsWith("Priya Raman (PM) is editing What of"));
      }, 10000, "the guest is listed in the session");
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, "session-host.png"), await screenshot(b), "base64");

      // The guest's edit is in the host's roadmap, without a reload.
      await b.actions().sendKeys("\uE00C").perform();
      await click(b, "tab-matrix");
      await b.wait(async () => (await b.executeScript("return document.body.innerText")).includes(WHAT), 10000, "the guest's what is shown");
      writeFileSync(join(ARTIFACTS, "session-matrix.png"), await screenshot(b), "base64");
      assert.match(await text(b, await find(b, "session-open")), /Live · 1 guest/);

      // The guest leaves; the window says so.
      guest.child.stdin.end();
      await b.wait(async () => !/guest/.test(await text(b, await find(b, "session-open"))), 10000, "the guest left");
    });
  } finally {
    await s.quit();
  }
});
