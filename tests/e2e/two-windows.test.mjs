// Two laptops, two app processes with their own data: the EM hosts from
// one window, the PM finds the session on the network and joins from the
// other window with the code. A wrong code is refused. Each sees where the
// other is working; an edit in either window appears in the other's; the
// PM's window cannot write the how. The PM leaves and rejoins without a
// code. When the host ends the session the PM's window says so and goes
// back to its own roadmap.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, find, findAll, scenario, type, click, firstRun, ARTIFACTS, screenshot } from "./harness.mjs";

const WHAT = "Saved cards for returning shoppers, typed in the PM's own window.";
const HOW = "Tokenise cards in the vault service; the EM writes this on the host.";
const text = (b, el) => b.executeScript("return arguments[0].textContent", el);
/** The texts of every match, read in one go (rows re-render as the session changes). */
const texts = (b, testid) =>
  b.executeScript(`return [...document.querySelectorAll('[data-testid="${testid}"]')].map((e) => e.textContent)`);
const bodyText = (b) => b.executeScript("return document.body.innerText");
const shot = async (b, name) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), await screenshot(b), "base64");
};

/** The EM sets up a roadmap with `titles` and hosts it; the code and the loopback address. */
async function hostRoadmap(h, titles) {
  await h.manage().window().setRect({ width: 1360, height: 860 });
  await firstRun(h, { name: "Sam Okafor", role: "Engineering manager", passphrase: "sam signs here", roadmap: "Checkout 2027", team: "Payments" });
  for (const title of titles) {
    await type(h, "new-item-title", title);
    await click(h, "new-item-submit");
    await find(h, "item-panel");
    await h.actions().sendKeys("\uE00C").perform();
  }
  await click(h, "session-open");
  await click(h, "session-host");
  const code = (await text(h, await find(h, "session-code"))).replace(/\s/g, "");
  assert.match(code, /^\d{6}$/);
  const local = (await texts(h, "session-address")).find((a) => a.startsWith("127.0.0.1:"));
  await h.actions().sendKeys("\uE00C").perform();
  return { code, local };
}

test("the PM joins the EM's session from their own window; edits and presence cross both ways", async () => {
  const host = await launch();
  let guest;
  const h = host.browser;
  try {
    await scenario(h, "two-windows-host", async () => {
      const { code } = await hostRoadmap(h, ["Checkout redesign", "Fraud rules v2"]);

      guest = await launch();
      const g = guest.browser;
      await scenario(g, "two-windows-guest", async () => {
        await g.manage().window().setRect({ width: 1360, height: 860 });
        await firstRun(g, { name: "Priya Raman", role: "Product manager", passphrase: "priya signs here", roadmap: "Priya's drafts" });
        await click(g, "session-open");
        await click(g, "session-mode-join");
        // The host is found on the network (mDNS) and fills in its address.
        await g.wait(async () => {
          for (const el of await findAll(g, '[data-testid="session-found"]')) {
            if ((await text(g, el)).includes("Checkout 2027")) { await el.click(); return true; }
          }
          return false;
        }, 15000, "the hosted session is found on the network");
        assert.match(await (await find(g, "join-address")).getAttribute("value"), /:\d+$/);

        // A wrong code is refused, and nothing changes in the window.
        await type(g, "join-code", code === "000000" ? "111111" : "000000");
        await type(g, "join-passphrase", "priya signs here");
        await click(g, "join-submit");
        assert.match(await text(g, await find(g, "join-error")), /not accepted/);
        assert.equal(await text(g, await find(g, "roadmap-title")), "Priya's drafts");

        await type(g, "join-code", code);
        await shot(g, "two-windows-join.png");
        await click(g, "join-submit");
        await g.wait(async () => (await text(g, await find(g, "roadmap-title"))) === "Checkout 2027", 10000, "the host's roadmap is shown");
        assert.equal((await find(g, "session-banner")) && (await (await find(g, "session-banner")).getAttribute("data-link")), "connected");
        assert.deepEqual(await texts(g, "item-title"), ["Checkout redesign", "Fraud rules v2"]);

        // The host opens the item and writes in its How: the guest sees where.
        await h.executeScript(`document.querySelector('[data-testid="item-row"]').click()`);
        await (await find(h, "dim-how-input")).click();
        const marks = () => g.executeScript(`return [...document.querySelectorAll('[data-testid="presence-person"]')].map((e) => e.title)`);
        await g.wait(async () => (await marks()).includes("Sam Okafor (EM) is editing How of “Checkout redesign”"), 10000, "the host's mark on the item");

        // The PM opens the same item: the how is read-only in their window.
        await g.executeScript(`document.querySelector('[data-testid="item-row"]').click()`);
        await find(g, "dim-how-readonly");
        await g.wait(async () => /Sam Okafor is editing this now/.test((await texts(g, "dim-how-presence")).join()), 10000, "the host's mark on the how");

        // The PM writes the what; the host's window shows it without a reload.
        await (await find(g, "dim-what-input")).click();
        await h.wait(async () => /Priya Raman is editing this now/.test((await texts(h, "dim-what-presence")).join()), 10000, "the guest's mark on the what, in the host's window");
        await type(g, "dim-what-input", WHAT);
        await click(g, "dim-what-save");
        await h.wait(async () => (await texts(h, "dim-what-readonly")).map((t) => t.trim()).includes(WHAT), 10000, "the PM's what in the host's window");
        await shot(h, "two-windows-host.png");

        // The EM saves the how on the host; the PM's window shows it.
        await type(h, "dim-how-input", HOW);
        await click(h, "dim-how-save");
        await g.wait(async () => (await texts(g, "dim-how-readonly")).map((t) => t.trim()).includes(HOW), 10000, "the EM's how in the PM's window");
        await g.actions().sendKeys("\uE00C").perform();
        await click(g, "tab-matrix");
        await g.wait(async () => (await bodyText(g)).includes(HOW) && (await bodyText(g)).includes(WHAT), 10000, "both edits in the PM's matrix");
        await shot(g, "two-windows-guest.png");

        // The PM leaves, then comes back without a code: both keys are pinned.
        await click(g, "session-open");
        await click(g, "session-leave");
        await click(g, "session-leave-confirm");
        await g.wait(async () => (await text(g, await find(g, "roadmap-title"))) === "Priya's drafts", 10000, "the PM's own roadmap again");
        await click(g, "session-open");
        await click(g, "session-mode-join");
        await click(g, "session-known");
        await g.wait(async () => (await text(g, await find(g, "roadmap-title"))) === "Checkout 2027", 10000, "rejoined without a code");
        await g.wait(async () => (await bodyText(g)).includes(HOW), 10000, "the host's roadmap as it is");

        // The host ends the session: the PM's window says so and goes home.
        await click(h, "session-open");
        await click(h, "session-stop");
        await click(h, "session-stop-confirm");
        await g.wait(async () => (await (await find(g, "session-banner")).getAttribute("data-link")) === "closed", 10000, "the guest is told the session ended");
        await shot(g, "two-windows-ended.png");
        await click(g, "session-back");
        await g.wait(async () => (await text(g, await find(g, "roadmap-title"))) === "Priya's drafts", 10000, "back to the PM's own roadmap");
      });
    });
  } finally {
    if (guest) await guest.quit();
    await host.quit();
  }
});

test("while the host is gone the PM keeps reading and queues; the changes are answered when the host is back, a refusal with what was written", async () => {
  const QUEUED = "Written while the host's laptop was closed.";
  const CLASHES = "Fraud scoring at checkout, also written offline.";
  let host = await launch();
  const dataDir = host.dataDir;
  const guest = await launch();
  const g = guest.browser;
  try {
    await scenario(g, "queued-guest", async () => {
      const { code, local } = await hostRoadmap(host.browser, ["Checkout redesign", "Fraud rules v2"]);

      {
        await g.manage().window().setRect({ width: 1360, height: 860 });
        await firstRun(g, { name: "Priya Raman", role: "Product manager", passphrase: "priya signs here", roadmap: "Priya's drafts" });
        await click(g, "session-open");
        await click(g, "session-mode-join");
        await type(g, "join-address", local);
        await type(g, "join-code", code);
        await type(g, "join-passphrase", "priya signs here");
        await click(g, "join-submit");
        await g.wait(async () => (await text(g, await find(g, "roadmap-title"))) === "Checkout 2027", 10000, "joined");

        // The host's app goes away: the PM still reads, and writes into a queue.
        await host.quit();
        await g.wait(async () => (await (await find(g, "session-banner")).getAttribute("data-link")) === "reconnecting", 15000, "the link is lost");
        const openRow = (n) => g.executeScript(`document.querySelectorAll('[data-testid="item-row"]')[${n}].click()`);
        await openRow(1);
        await type(g, "dim-what-input", CLASHES);
        await click(g, "dim-what-save");
        await g.wait(async () => /1 change queued/.test(await text(g, await find(g, "session-banner"))), 10000, "the first change is queued");
        await openRow(0);
        await type(g, "dim-what-input", QUEUED);
        await click(g, "dim-what-save");
        await g.wait(async () => /2 changes queued/.test(await text(g, await find(g, "session-banner"))), 10000, "both changes are queued");
        // The field keeps what was written; nothing is lost while it waits.
        assert.equal(await g.executeScript(`return document.querySelector('[data-testid="dim-what-input"]').value`), QUEUED);
        await shot(g, "session-reconnecting.png");

        // The host's app is back and hosts again (on the same port): the PM's
        // window reconnects on its own and the queued change is applied.
        // Before hosting again, the EM renames the second item: the PM's
        // change to it was made on the old version and will be refused.
        host = await launch({ dataDir });
        const h2 = host.browser;
        await click(h2, "tab-roadmap");
        await h2.wait(async () => (await texts(h2, "item-title")).length === 2, 15000, "the host's roadmap is shown");
        await h2.executeScript(`document.querySelectorAll('[data-testid="item-row"]')[1].click()`);
        await find(h2, "panel-title"); // the item panel's code loads on its first opening
        await h2.executeScript(`document.querySelector('[data-testid="panel-title"]').dispatchEvent(new MouseEvent("dblclick", { bubbles: true }))`);
        // The new name goes in as typed input (clearing the box would blur
        // it, which ends the rename), then Enter.
        await find(h2, "title-input");
        await h2.executeScript(`const el = document.querySelector('[data-testid="title-input"]');
          el.value = "Fraud rules v3"; el.dispatchEvent(new Event("input", { bubbles: true }));`);
        await (await find(h2, "title-input")).sendKeys("\uE007");
        await h2.wait(async () => (await texts(h2, "item-title")).includes("Fraud rules v3"), 10000, "renamed on the host");
        await h2.actions().sendKeys("\uE00C").perform();
        await click(h2, "session-open");
        await click(h2, "session-host");
        await g.wait(async () => (await (await find(g, "session-banner")).getAttribute("data-link")) === "connected", 20000, "reconnected on its own");
        await h2.actions().sendKeys("\uE00C").perform();
        await click(h2, "tab-matrix");
        await h2.wait(async () => (await bodyText(h2)).includes(QUEUED), 10000, "the queued change reached the host");
        assert.ok(!(await bodyText(h2)).includes(CLASHES), "the stale change did not land");
        // The refusal is said, and what was written is kept to read again.
        await g.wait(async () => /1 queued change was refused/.test(await text(g, await find(g, "session-banner"))), 10000, "the refusal is shown");
        assert.doesNotMatch(await text(g, await find(g, "session-banner")), /changes? queued/);
        await click(g, "session-open");
        const refused = await text(g, await find(g, "session-refused"));
        assert.ok(refused.includes(CLASHES) && /changed by someone else/.test(refused), refused);
        await shot(g, "session-refused.png");
      }
    });
  } finally {
    await guest.quit();
    await host.quit();
  }
});
