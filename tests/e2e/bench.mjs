// Whole-app figures: time to first paint of the roadmap, matrix and timeline views on
// a seeded data directory, in the real window.
//   node bench.mjs DATA_DIR [RUNS]   (ACCORD_APP selects the binary)
import { launch, find } from "./harness.mjs";

const [dataDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const s = await launch({ dataDir });
const b = s.browser;

async function metric(name) {
  // A poll that meets the old page unloading fails: poll again, on the new page.
  const read = () => b.executeScript(`return window.__accordMetrics?.[arguments[0]] ?? null`, name).catch(() => null);
  return b.wait(read, 20000);
}

const steps = { booted: [], itemsLoaded: [], mounted: [] };
async function firstPaint(view) {
  // The reload is scheduled, not done in the script: a page that unloads
  // before the script returns fails the WebDriver call. The old page's
  // figures are cleared so that only the new page's are read.
  await b.executeScript(
    `localStorage.setItem("accord.view", arguments[0]); window.__accordMetrics = {}; setTimeout(() => location.reload(), 0);`,
    view,
  );
  return metric(`${view}FirstPaint`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = { roadmap: [], matrix: [], switchToMatrix: [], timeline: [] };
await find(b, "tab-roadmap", 20000);
let rows = 0;
for (let i = 0; i < runs; i++) {
  out.roadmap.push(await firstPaint("roadmap"));
  if (i === 0) rows = await b.executeScript(`return document.querySelectorAll('[data-testid="item-row"]').length`);
  const m = await b.executeScript("return window.__accordMetrics");
  for (const k of Object.keys(steps)) steps[k].push(m[k]);
  await (await find(b, "tab-matrix")).click();
  out.switchToMatrix.push(await metric("matrixSwitch"));
  out.matrix.push(await firstPaint("matrix"));
  out.timeline.push(await firstPaint("timeline"));
}
const items = (await b.executeScript(`return document.querySelector('[data-testid="tab-roadmap"] .count')?.textContent`)) ?? "?";
const cards = await b.executeScript(`return document.querySelectorAll('[data-testid="timeline-card"]').length`);
await b.executeScript(`localStorage.setItem("accord.view", "roadmap")`);
await s.quit();
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
console.log(`items on the roadmap: ${items}; rows in the DOM at first paint: ${rows}`);
console.log(`roadmap first paint (navigation start → painted with data): ${fmt(out.roadmap)}`);
console.log(`  of which: bootstrap answered ${fmt(steps.booted)}; items in ${fmt(steps.itemsLoaded)}; views mounted ${fmt(steps.mounted)}`);
console.log(`matrix first paint  (navigation start → painted with data): ${fmt(out.matrix)}`);
console.log(`switch roadmap → matrix (click → painted):                  ${fmt(out.switchToMatrix)}`);
console.log(`timeline first paint (navigation start → painted with data): ${fmt(out.timeline)}; cards in the DOM: ${cards}`);
