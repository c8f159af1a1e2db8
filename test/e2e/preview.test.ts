// `npm run preview` against a copy of the Meta dossier, driven in a real browser as an editor
// would use it: the page shows the PDF, follows every save without reloading, shows a bad edit's
// located error over the last good preview and clears it once fixed; the server gives nothing
// but its own files and the page loads nothing from elsewhere.
import { cp, readFile, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowserExecutable } from "../../src/browser.js";
import { lineOf } from "../support/data.js";
import { type Running, start } from "../support/process.js";
import { DATA_DIR, ROOT, tempDir } from "../support/project.js";

const OLD = "Mark Zuckerberg has recently set Meta's course for artificial intelligence, leaving the utopia of the metaverse behind.";
const NEW = "Mark Zuckerberg has steered Meta towards artificial intelligence, as the preview now shows.";

/** The status of a GET of this exact path (sent as written: no client resolves its dots), with a Host header. */
function statusOf(origin: URL, path: string, host = origin.host): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: origin.hostname, port: origin.port, path, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.on("error", reject);
    sent.end();
  });
}

/** The words the page's text layers show, spaces folded. */
function shownText(page: Page): Promise<string> {
  return page.evaluate(() => (document.querySelector("#pages") as HTMLElement).innerText.replace(/\s+/g, " "));
}

async function waitForText(page: Page, words: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (wanted: string) =>
      (document.querySelector("#pages") as HTMLElement).innerText
        .replace(/\s+/g, " ")
        .replace(/\u2019/g, "'")
        .includes(wanted),
    { timeout, polling: 200 },
    words,
  );
}

describe("npm run preview", () => {
  let dossier: string;
  let facts: string;
  let preview: Running;
  let origin: URL;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    dossier = await tempDir("dossier-preview-test-");
    await cp(join(ROOT, "dossier.yaml"), join(dossier, "dossier.yaml"));
    await cp(DATA_DIR, join(dossier, "data"), { recursive: true });
    facts = join(dossier, "data", "facts.yaml");
    preview = start("preview.js", [dossier]);
    await preview.waitFor(/preview: http:\/\/\S+\//);
    origin = new URL(/preview: (http:\/\/\S+\/)/.exec(preview.output())?.[1] ?? "");
    browser = await puppeteer.launch({ executablePath: findBrowserExecutable(), args: ["--no-sandbox"] });
    page = await browser.newPage();
    page.on("request", (sent) => requested.push(sent.url()));
    await page.setViewport({ width: 1000, height: 900 });
    await page.goto(origin.href);
    await page.evaluate(() => {
      (window as unknown as { loaded: string }).loaded = "once";
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    preview?.child.kill("SIGTERM");
    await preview?.exited;
  });

  it("listens on 127.0.0.1 only, on the port it prints", () => {
    expect(origin.hostname).toBe("127.0.0.1");
    expect(Number(origin.port)).toBeGreaterThan(0);
  });

  it("shows the dossier as it prints, page by page", { timeout: 120_000 }, async () => {
    // The first build starts the preview's browser: it takes longest.
    await waitForText(page, "Meta's AI strategy", 90_000);
    await waitForText(page, OLD.slice(0, 45));
    expect(await page.$$eval(".page canvas", (canvases) => canvases.length)).toBeGreaterThan(10);
  });

  it("follows an edit of a fact within seconds, without reloading, keeping the reader's place", async () => {
    await page.evaluate(() => window.scrollTo(0, 2500));
    const before = await page.evaluate(() => window.scrollY);
    expect(before).toBe(2500);
    await writeFile(facts, (await readFile(facts, "utf8")).replace(OLD, NEW));
    await waitForText(page, NEW.slice(0, 40));
    expect(await shownText(page)).not.toContain("recently set Meta");
    expect(await page.evaluate(() => (window as unknown as { loaded: string }).loaded)).toBe("once");
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
  }, 60_000);

  it("shows a broken edit's file:line:column over the last good preview, and clears it once fixed", async () => {
    const good = await readFile(facts, "utf8");
    const line = await lineOf(join(dossier, "data"), "facts.yaml", "status: stated");
    await writeFile(facts, good.replace("status: stated", "status: staated"));
    await page.waitForSelector("#problems:not([hidden])", { timeout: 30_000 });
    const message = await page.$eval("#problems", (box) => (box as HTMLElement).innerText);
    expect(message).toMatch(new RegExp(`facts\\.yaml:${line}:13 facts\\[\\d+\\]\\.status:`));
    // The last good preview stays under it.
    expect(await shownText(page)).toContain(NEW.slice(0, 40));
    await writeFile(facts, good);
    await page.waitForSelector("#problems[hidden]", { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { loaded: string }).loaded)).toBe("once");
  }, 60_000);

  it("switches to the other language and paper size", async () => {
    await page.select("#lang", "fr");
    await waitForText(page, "La stratégie de Meta dans l'IA");
    const a4 = await page.$eval(".page", (box) => (box as HTMLElement).offsetWidth);
    await page.select("#format", "Letter");
    await page.waitForFunction(
      (width: number) => (document.querySelector(".page") as HTMLElement).offsetWidth !== width,
      { timeout: 30_000 },
      a4,
    );
    expect(await page.$eval(".page", (box) => (box as HTMLElement).offsetWidth)).toBeGreaterThan(a4);
  }, 90_000);

  it("serves nothing outside its own files, to nobody but its own address, and the page loads nothing from elsewhere", async () => {
    for (const path of [
      "/../package.json",
      "/..%2fpackage.json",
      "/%2e%2e/package.json",
      "//etc/passwd",
      "/etc/passwd",
      "/pdfjs/../../package.json",
      "/src/preview.ts",
    ])
      expect(await statusOf(origin, path), path).toBe(404);
    expect(await statusOf(origin, "/")).toBe(200);
    // A page of another site that resolves its name to this machine gets nothing.
    expect(await statusOf(origin, "/", `attacker.example:${origin.port}`)).toBe(421);
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => new URL(url).origin !== origin.origin)).toEqual([]);
  });
});
