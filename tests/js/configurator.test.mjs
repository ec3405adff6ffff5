/// <reference lib="dom" />
// The configurator page (pkg/configurator.html) in a real browser: Debian's
// chromium, driven by playwright-core (both installed by scripts/setup.sh).
// Every page fails the test on a console error or warning, an uncaught
// error, or a request that leaves the page's own origin. What the page shows
// for each sample is compared with what the file it hands over answers,
// run by the model of authgear-deno on the same event, through the oracle.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { callHook, ROOT, sample, startAuthgearDeno } from "./harness.mjs";
import { assertAccepted } from "./contract.mjs";
import { startMock } from "./mock-providers.mjs";
import { serve } from "../../scripts/configurator-serve.mjs";
import { configOf, withConfig } from "../../backfill/hook-file.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = join(ROOT, "target/screenshots");
const SAMPLES = [
  "german-signup",
  "oauth-google-workspace-signup",
  "japanese-phone-signup",
  "admin-created",
  "profile-update",
  "login",
  "malformed-event",
];

let browser, site, mock, service;
before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} missing: run scripts/setup.sh (it installs Debian's chromium)`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  site = await serve(0);
  mock = await startMock();
  service = await startAuthgearDeno("deno2", { grantNet: "127.0.0.1" });
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  site?.close();
  service?.close();
  mock?.close();
});

/** A fresh page at `url`, watched: `problems` collects console errors and warnings, page errors, off-origin requests. */
async function open(url, viewport = { width: 1400, height: 1000 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(url).protocol === "file:" ? "file://" : new URL(url).origin;
  page.on(
    "console",
    (m) => ["error", "warning"].includes(m.type()) && problems.push(`console ${m.type()}: ${m.text()}`),
  );
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("blob:") && !u.startsWith("data:")) {
      problems.push(`request off the page: ${u}`);
    }
  });
  await page.goto(url);
  await settled(page);
  return { page, problems, close: () => context.close() };
}

/** The page has shown the results of its latest state. */
async function settled(page) {
  await page.waitForFunction(() => (document.getElementById("path")?.textContent ?? "") !== "");
  // Each change starts a new refresh; wait until the shown file matches the link's state.
  await page.waitForFunction(() => {
    const t = /** @type {HTMLTextAreaElement} */ (document.getElementById("file-text")).value;
    return t.length > 0;
  });
  await page.waitForTimeout(50);
}

/** The config the page would hand over, read from the file it shows. */
const handedConfig = (page) =>
  page.$eval("#file-text", (t) => /** @type {HTMLTextAreaElement} */ (t).value).then(configOf);

/** The config the test builds through the form. */
async function buildThroughForm(page) {
  await page.selectOption("#std-address-country", "country");
  await page.click("#add-custom");
  await page.fill('[aria-label="custom attribute 1: name"]', "country");
  await page.press('[aria-label="custom attribute 1: name"]', "Tab");
  await page.selectOption('[aria-label="country: type"]', "country_code");
  await page.selectOption('[aria-label="country: from field"]', "country");
  await page.click("#add-custom");
  await page.fill('[aria-label="custom attribute 2: name"]', "city");
  await page.press('[aria-label="custom attribute 2: name"]', "Tab");
  await page.selectOption('[aria-label="city: from field"]', "city");
  await page.click("#add-custom");
  await page.fill('[aria-label="custom attribute 3: name"]', "enrich_status");
  await page.press('[aria-label="custom attribute 3: name"]', "Tab");
  await page.selectOption("#status-attribute", "enrich_status");
  await page.selectOption("#add-source", "preset:ipapi.co");
  await page.fill('[aria-label="ipapi.co: key"]', "sk-SECRET-in-the-form");
  await page.press('[aria-label="ipapi.co: key"]', "Tab");
  await settled(page);
}

describe("the configurator page in chromium", { concurrency: 1 }, () => {
  test("a config built through the form is the config the file hands over, and the core takes it", async () => {
    const { page, problems, close } = await open(site.url);
    try {
      await buildThroughForm(page);
      const c = await handedConfig(page);
      assert.deepEqual(c.standard, { zoneinfo: "timezone", locale: "locale", address: { country: "country" } });
      assert.deepEqual(c.custom, {
        country: { type: "country_code", from: "country" },
        city: { type: "string", from: "city" },
        enrich_status: { type: "string" },
      });
      assert.equal(c.statusAttribute, "enrich_status");
      assert.deepEqual(c.sources.at(-1), { preset: "ipapi.co", key: "sk-SECRET-in-the-form" });
      assert.match(await page.textContent("#config-check"), /The core takes this config/);
      // The recorded answer filled the city; the status line says where from.
      assert.match(await page.textContent("#status"), /city<-ipapi\.co/);
      assert.match(await page.textContent("#requests"), /ipapi\.co \(ip\): recorded answer of ipapi\.co/);
      // The key is in the file, never in the link.
      assert.ok(
        !(await page.$eval("#share-link", (i) => /** @type {HTMLInputElement} */ (i).value)).includes("SECRET"),
      );
      assert.ok(!page.url().includes("SECRET") && !decodeURIComponent(page.url()).includes("SECRET"));
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("every sample: what the page shows is what the handed-over file answers under authgear-deno", async () => {
    const { page, problems, close } = await open(site.url);
    try {
      // The form's config, its live preset's base URL the mock that serves the same recorded answer the page replays.
      const config = {
        standard: { zoneinfo: "timezone", locale: "locale", address: { country: "country" } },
        custom: {
          country: { type: "country_code", from: "country" },
          city: { type: "string", from: "city" },
          enrich_status: { type: "string" },
        },
        requestFieldsFor: ["user"],
        sources: ["profile", "geo", "languages", "email", {
          preset: "ipapi.co",
          key: "k",
          baseUrl: mock.base("ok", "ipapi.co"),
          allowHttp: true,
        }],
        deadlineMs: 2000,
        statusAttribute: "enrich_status",
      };
      await page.click("details summary");
      await page.fill("#load-text", withConfig(readFileSync(join(ROOT, "pkg/enrich-hook.ts"), "utf8"), config));
      await page.click("#load-button");
      await settled(page);
      assert.deepEqual(await handedConfig(page), config, "the loaded file's config is the one handed over");
      for (const name of SAMPLES) {
        await page.selectOption("#sample", name);
        await settled(page);
        const shown = JSON.parse(await page.textContent("#response"));
        const log = (await page.textContent("#log")).split("\n").filter((l) => l.startsWith("enrich-hook: "));
        const file = await page.$eval("#file-text", (t) => t.value);
        const event = sample(`${name}.json`);
        const run = await callHook(service.url, file, event, 10_000);
        assertAccepted(run, event, config);
        assert.deepEqual(shown, run.response, `${name}: the page shows what the file answers`);
        const said = (run.body?.stderr?.string ?? "").split("\n").filter((l) => l.startsWith("enrich-hook: "));
        assert.deepEqual(log, said, `${name}: the page's log lines are the file's`);
        const verdict = await page.textContent("#verdict");
        assert.match(verdict, /Authgear accepts the answer/, `${name}: ${verdict}`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("a downloaded file loads back into the form, and a share link reproduces the page without its keys", async () => {
    const first = await open(site.url);
    let text, link;
    try {
      await buildThroughForm(first.page);
      await first.page.selectOption("#sample", "japanese-phone-signup");
      await settled(first.page);
      const [download] = await Promise.all([first.page.waitForEvent("download"), first.page.click("#download")]);
      assert.equal(download.suggestedFilename(), "enrichhook.ts");
      text = readFileSync(await download.path(), "utf8");
      assert.equal(text, await first.page.$eval("#file-text", (t) => t.value));
      // Byte for byte pkg/'s file outside the config block.
      const pkg = readFileSync(join(ROOT, "pkg/enrich-hook.ts"), "utf8");
      const outside = (t) => t.replace(/\/\/ ---- config: begin ----[\s\S]*\/\/ ---- config: end ----/, "");
      assert.equal(outside(text), outside(pkg));
      link = await first.page.$eval("#share-link", (i) => /** @type {HTMLInputElement} */ (i).value);
      assert.deepEqual(first.problems, []);
    } finally {
      await first.close();
    }
    const loaded = await open(site.url);
    try {
      await loaded.page.click("details summary");
      await loaded.page.fill("#load-text", text);
      await loaded.page.click("#load-button");
      await settled(loaded.page);
      assert.match(await loaded.page.textContent("#load-result"), /Loaded the config of a signup file/);
      assert.equal(await loaded.page.$eval("#file-text", (t) => t.value), text, "the same file comes back out");
      assert.equal(await loaded.page.inputValue('[aria-label="ipapi.co: key"]'), "sk-SECRET-in-the-form");
      assert.deepEqual(loaded.problems, []);
    } finally {
      await loaded.close();
    }
    const shared = await open(link);
    try {
      assert.equal(await shared.page.inputValue("#sample"), "japanese-phone-signup");
      const c = await handedConfig(shared.page);
      const want = configOf(text);
      delete want.sources.at(-1).key;
      assert.deepEqual(c, want, "the link's config is the page's, without the key");
      assert.deepEqual(shared.problems, []);
    } finally {
      await shared.close();
    }
  });

  test("the main flow works from the keyboard alone: choose a field, pick a sample, download", async () => {
    const { page, problems, close } = await open(site.url);
    try {
      const focused = () => page.evaluate(() => document.activeElement?.id ?? "");
      const tabTo = async (id) => {
        for (let i = 0; i < 400 && (await focused()) !== id; i++) await page.keyboard.press("Tab");
        assert.equal(await focused(), id, `Tab reaches #${id}`);
      };
      await tabTo("std-given_name");
      // A closed select takes arrow keys: the first field, then on.
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      await tabTo("sample");
      await page.keyboard.press("ArrowDown");
      await settled(page);
      await tabTo("download");
      const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
      const text = readFileSync(await download.path(), "utf8");
      const c = configOf(text);
      assert.ok(typeof c.standard.given_name === "string", JSON.stringify(c.standard));
      assert.equal(await page.inputValue("#sample"), "oauth-google-workspace-signup");
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("the project's attribute list declares them all, and flags what the config names that it lacks", async () => {
    const { page, problems, close } = await open(site.url);
    try {
      await buildThroughForm(page);
      // authgear.yaml's list, as the portal's config editor shows it (pkg/lib/config/user_profile.go).
      const yaml = [
        "user_profile:",
        "  custom_attributes:",
        "    attributes:",
        '    - id: "0000"',
        "      pointer: /country",
        "      type: country_code",
        '    - id: "0001"',
        "      pointer: /plan",
        "      type: enum",
        "      enum:",
        "      - free",
        "      - pro",
        '    - id: "0002"',
        "      pointer: /seats",
        "      type: integer",
        "      minimum: 1",
      ].join("\n");
      await page.fill("#project", yaml);
      await page.click("#declare-all");
      await settled(page);
      const c = await handedConfig(page);
      assert.deepEqual(c.custom.plan, { type: "enum", enum: ["free", "pro"] });
      assert.deepEqual(c.custom.seats, { type: "integer", minimum: 1 });
      const check = await page.textContent("#config-check");
      assert.match(check, /city: the project has no such custom attribute/);
      assert.match(check, /enrich_status: the project has no such custom attribute/);
      assert.doesNotMatch(check, /country: the project/);
      // Authgear's verdict, against the project: it would drop what the project lacks.
      assert.match(await page.textContent("#verdict"), /Authgear drops city, enrich_status without an error/);
      // A name or type Authgear would not take is named in the core's own words.
      await page.fill("#project", "country country_code\n1seats integer\nplan colour");
      await page.dispatchEvent("#project", "change");
      await settled(page);
      const named = await page.textContent("#config-check");
      assert.match(named, /project list: config\.custom\.1seats: not a custom attribute name/);
      assert.match(named, /project list: config\.custom\.plan\.type: "colour" is not a custom attribute type/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("a source's switch simulates a 500 or a timeout: the log, the status line and the explanation say so", async () => {
    const { page, problems, close } = await open(site.url);
    try {
      await buildThroughForm(page);
      await page.selectOption('[aria-label="ipapi.co: simulate"]', "500");
      await settled(page);
      await page.waitForFunction(() => document.getElementById("requests")?.textContent?.includes("HTTP 500"));
      assert.match(await page.textContent("#log"), /^enrich-hook: source ipapi\.co failed: HTTP 500/m);
      assert.match(await page.textContent("#status"), /ipapi\.co:500/);
      await page.fill('[aria-label="ipapi.co: timeout in ms"]', "150");
      await page.press('[aria-label="ipapi.co: timeout in ms"]', "Tab");
      await page.selectOption('[aria-label="ipapi.co: simulate"]', "timeout");
      await page.waitForFunction(() => document.getElementById("status")?.textContent?.includes("ipapi.co:timeout"));
      assert.match(await page.textContent("#requests"), /no answer \(simulated\): the request's 150 ms timeout passes/);
      // Per attribute: the value written, its source, and what lost, with why.
      const table = await page.textContent("#attributes");
      assert.match(table, /standard_attributes\.zoneinfo\s*set\s*"Europe\/Berlin"\s*geo\+tzdata/);
      assert.match(table, /languages: "de" lost to a higher-priority source/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("the login file: a returning user's write is shown as the login path sends it, and the token stays out of the link", async () => {
    const { page, problems, close } = await open(site.url);
    try {
      await page.check("#file-login");
      await settled(page);
      await page.fill("#admin-endpoint", "https://myapp.authgear.cloud");
      await page.press("#admin-endpoint", "Tab");
      await page.fill("#admin-token", "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJteWFwcCJ9.c2lnbmF0dXJl");
      await page.press("#admin-token", "Tab");
      await page.selectOption("#sample", "login");
      await settled(page);
      await page.waitForFunction(() => !document.getElementById("write-box")?.hidden);
      assert.deepEqual(JSON.parse(await page.textContent("#response")), { is_allowed: true });
      const write = JSON.parse(await page.textContent("#write"));
      assert.equal(write.standard_attributes.zoneinfo, "Europe/London");
      assert.match(await page.textContent("#path"), /the login path/);
      assert.match(await page.textContent("#verdict"), /the Admin API validates each map sent: accepted/);
      assert.equal(await page.getAttribute("#download", "download"), "enrichlogin.ts");
      assert.match(await page.textContent("#steps"), /Non-blocking Events: add the same file for user\.authenticated/);
      assert.match(
        await page.textContent("#commands"),
        /node backfill\/login-token\.mjs --endpoint https:\/\/myapp\.authgear\.cloud/,
      );
      const link = await page.inputValue("#share-link");
      assert.ok(
        !link.includes("c2lnbmF0dXJl") && !decodeURIComponent(link).includes("c2lnbmF0dXJl"),
        "no token in the link",
      );
      assert.match(link, /file=login/);
      const c = await handedConfig(page);
      assert.equal(c.adminApi.token, "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJteWFwcCJ9.c2lnbmF0dXJl", "the file carries it");
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("from disk, with no network: the page runs the core", async () => {
    const { page, problems, close } = await open(`file://${join(ROOT, "pkg/configurator.html")}`);
    try {
      assert.match(await page.textContent("#path"), /user\.pre_create/);
      assert.match(await page.textContent("#response"), /Europe\/Berlin/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  const VIEWPORTS = /** @type {[string, { width: number, height: number }][]} */ ([
    ["desktop", { width: 1400, height: 1000 }],
    ["phone", { width: 390, height: 844 }],
  ]);
  for (const [name, viewport] of VIEWPORTS) {
    test(`${name} width: nothing wider than the screen; screenshot in target/screenshots/`, async () => {
      const { page, problems, close } = await open(site.url, viewport);
      try {
        // The first screen, as README.md shows it (docs/configurator.png is the desktop one, copied).
        await page.screenshot({ path: join(SHOTS, `configurator-${name}-top.png`) });
        await buildThroughForm(page);
        const overflow = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth - globalThis.innerWidth,
          wide: [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > globalThis.innerWidth + 1)
            .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`)
            .slice(0, 5),
        }));
        await page.screenshot({ path: join(SHOTS, `configurator-${name}.png`), fullPage: true });
        assert.deepEqual(overflow, { page: 0, wide: [] });
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  }
});
