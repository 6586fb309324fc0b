// The `placemap serve` page in a real headless Chromium: it loads and draws the starting
// scene, redraws when the scene is edited, shows a guess as a warning and a bad scene as an
// error, and the screenshots land in target/browser/. Also reads the TopoJSON export back
// with topojson-client, as d3 and Observable do.
//
// Run by tests/run.sh (PLACEMAP_BIN names the built binary). Uses Debian's Chromium.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import * as topojson from "topojson-client";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.PLACEMAP_BIN || join(root, "target/debug/placemap");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = join(root, "target/browser");
mkdirSync(shots, { recursive: true });

// The whole test stops by itself.
const deadline = setTimeout(() => {
  console.error("browser test: timed out after 120 s");
  process.exit(1);
}, 120_000);

function startServer() {
  const child = spawn(bin, ["serve", "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((ok, fail) => {
    let seen = "";
    child.stderr.on("data", (chunk) => {
      seen += chunk;
      const m = seen.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) ok({ child, url: `http://127.0.0.1:${m[1]}/` });
    });
    child.on("exit", (code) => fail(new Error(`placemap serve exited (${code}): ${seen}`)));
    child.on("error", fail);
  });
}

const { child: server, url } = await startServer();
const profile = mkdtempSync(join(tmpdir(), "placemap-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 800 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const page = context.pages()[0] || (await context.newPage());
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  // Waits until the page has drawn (or failed) after an edit, and returns what it shows.
  async function settled(previousSrc) {
    await page.waitForFunction(
      (prev) => {
        const status = document.getElementById("status").textContent;
        const img = document.getElementById("map");
        return status === "error" ||
          (status === "drawn" && img.complete && img.naturalWidth > 0 && img.src !== prev);
      },
      previousSrc,
      { timeout: 60_000 },
    );
    return page.evaluate(async () => {
      const img = document.getElementById("map");
      const svg = img.src ? await (await fetch(img.src)).text() : "";
      return {
        status: document.getElementById("status").textContent,
        src: img.src,
        width: img.naturalWidth,
        svg,
        errors: [...document.querySelectorAll("#messages .error")].map((e) => e.textContent),
        warnings: [...document.querySelectorAll("#messages .warning")].map((e) => e.textContent),
      };
    });
  }

  await page.goto(url);
  let shown = await settled("");
  assert.equal(shown.status, "drawn", JSON.stringify(shown.errors));
  assert.ok(shown.width >= 1000, `map width ${shown.width}`);
  assert.ok(shown.svg.includes("Xi and Putin meet in Samarkand"), "the starting title is drawn");
  assert.deepEqual(shown.errors, []);
  await page.screenshot({ path: join(shots, "serve-start.png") });

  // Edit the scene: a new title and a misspelt place, which is guessed with a warning.
  const edited = {
    title: "Edited in the browser",
    markers: [{ place: "Samarknd", icon: "star" }, { place: "Kyiv" }],
    highlight: [{ place: "Ukraine" }],
  };
  await page.fill("#scene", JSON.stringify(edited, null, 2));
  shown = await settled(shown.src);
  assert.equal(shown.status, "drawn", JSON.stringify(shown.errors));
  assert.ok(shown.svg.includes("Edited in the browser"), "the edited title is drawn");
  assert.ok(!shown.svg.includes("Xi and Putin"), "the old title is gone");
  assert.ok(
    shown.warnings.some((w) => w.includes('"Samarknd" is not a known place; guessed Samarkand')),
    `warnings: ${JSON.stringify(shown.warnings)}`,
  );
  await page.screenshot({ path: join(shots, "serve-edited.png") });

  // A bad scene: the library's message, with its JSON path, under the editor.
  const previous = shown.src;
  await page.fill("#scene", JSON.stringify({ markers: [{ place: "Paris", icon: "blob" }] }));
  shown = await settled(previous);
  assert.equal(shown.status, "error");
  assert.ok(
    shown.errors.some((e) => e.startsWith("error: markers[0].icon: ")),
    `errors: ${JSON.stringify(shown.errors)}`,
  );
  await page.screenshot({ path: join(shots, "serve-error.png") });
  assert.deepEqual(pageErrors, [], "no script errors on the page");

  // TopoJSON read back as d3 does: the same features as the GeoJSON export.
  const scene = readFileSync(join(root, "examples/sco-samarkand.json"), "utf8");
  const post = (path) => fetch(url + path, { method: "POST", body: scene }).then((r) => r.json());
  const [geojson, topo] = await Promise.all([post("export"), post("export?format=topojson")]);
  const back = Object.keys(topo.objects).flatMap((k) => topojson.feature(topo, topo.objects[k]).features);
  assert.equal(back.length, geojson.features.length);
  const layers = (fs) => fs.map((f) => f.properties.layer).sort();
  assert.deepEqual(layers(back), layers(geojson.features));
  const samarkand = back.find((f) => f.properties.layer === "marker" && f.properties.name === "Samarkand");
  const original = geojson.features.find((f) => f.properties.layer === "marker" && f.properties.name === "Samarkand");
  for (const i of [0, 1]) {
    assert.ok(Math.abs(samarkand.geometry.coordinates[i] - original.geometry.coordinates[i]) < 1e-4);
  }
  console.log(`browser test: ok (screenshots in ${shots})`);
} finally {
  if (context) await context.close();
  server.kill();
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(deadline);
}
