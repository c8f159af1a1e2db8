// Nothing reaches the network while a dossier is printed, whatever the templates or the data ask
// for: a listener on 127.0.0.1 hears no connection, no byte and no request from any tag, link or
// stylesheet that loads something. Two guards, each tested alone: the browser we start has no
// network at all, and the page we print on is offline, which also holds on a browser someone else
// runs (--browser-url). Request interception alone let a <link rel=prefetch> through.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import puppeteer, { type Browser } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { closeBrowser, findBrowserExecutable } from "../../src/browser.js";
import { PrintError } from "../../src/errors.js";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { listen } from "../support/listener.js";
import { copyOfData, copyOfTemplates, FIXTURE_DATA_DIR } from "../support/project.js";

const sharedBrowser = useSharedBrowser();

/**
 * Every way markup can make a page ask for something, each aimed at its own path. Attributes are
 * unquoted, as browsers accept them: a fact's text may hold no quotation marks.
 */
function asking(base: string): Record<string, string> {
  return {
    prefetch: `<link rel=prefetch href=${base}/prefetch>`,
    preload: `<link rel=preload as=image href=${base}/preload>`,
    "dns-prefetch": `<link rel=dns-prefetch href=${base}/dns-prefetch>`,
    preconnect: `<link rel=preconnect href=${base}/preconnect>`,
    "@import": `<style>@import url(${base}/import);</style>`,
    "url()": `<div style=background-image:url(${base}/url)>x</div>`,
    "@font-face": `<style>@font-face{font-family:remote;src:url(${base}/font)}p{font-family:remote}</style>`,
    img: `<img src=${base}/img>`,
    iframe: `<iframe src=${base}/iframe></iframe>`,
    "meta refresh": `<meta http-equiv=refresh content=0;url=${base}/refresh>`,
    object: `<object data=${base}/object></object>`,
  };
}
const KINDS = Object.keys(asking(""));

/** A request the browser makes late (a prefetch waits for the page to be idle) still lands in this. */
const SETTLE_MS = 500;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

function page(markup: string): string {
  return `<!doctype html><html><head><meta charset=utf-8><title>t</title>${markup}</head><body><p>text</p></body></html>`;
}

/** A Chromium started as a shared one may be (browserless, chromium --remote-debugging-port): none of our flags. */
function launchPlainBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: findBrowserExecutable(),
    headless: "shell",
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
}

let plain: Browser;
beforeAll(async () => {
  plain = await launchPlainBrowser();
});
afterAll(async () => {
  await closeBrowser(plain);
});

describe("the markup is live", () => {
  it("on a page with no guard, in a browser without our flags, most of it reaches the listener", async () => {
    // Without this, a listener that hears nothing would prove nothing.
    const listener = await listen();
    // A page each: a refresh, a frame or an object replaces the document, or a page in it.
    const tabs = await Promise.all(KINDS.map(() => plain.newPage()));
    try {
      await Promise.all(Object.values(asking(listener.base)).map((markup, index) => tabs[index]?.setContent(page(markup))));
      await settle();
      const reached = listener.heard().requests.map((request) => request.replace(/^GET \//, ""));
      // A hint to resolve or connect to an origin opens nothing from a page that has none (about:blank).
      expect(new Set(reached)).toEqual(new Set(["prefetch", "preload", "import", "url", "font", "img", "iframe", "refresh", "object"]));
    } finally {
      await Promise.all(tabs.map((tab) => tab.close()));
      await listener.close();
    }
  });
});

describe("the browser we start", () => {
  it("has no network, even for a page with no guard that runs scripts", async () => {
    // The shared browser is started as the commands start theirs (launchOptions).
    const listener = await listen();
    const tabs = await Promise.all(KINDS.map(() => sharedBrowser().newPage()));
    try {
      await Promise.all(
        Object.entries(asking(listener.base)).map(([kind, markup], index) =>
          tabs[index]?.setContent(page(`${markup}<script>fetch("${listener.base}/fetch-${kind}")</script>`)),
        ),
      );
      await settle();
      expect(listener.heard()).toEqual({ connections: 0, bytes: 0, requests: [] });
    } finally {
      await Promise.all(tabs.map((tab) => tab.close()));
      await listener.close();
    }
  });
});

/** A copy of the templates with the markup in the layout's head. */
async function templatesAsking(markup: string): Promise<string> {
  const dir = await copyOfTemplates();
  const layout = join(dir, "layout.hbs");
  await writeFile(layout, (await readFile(layout, "utf8")).replace("</head>", `${markup}\n</head>`));
  return dir;
}

/** A copy of the data with the markup in a fact's text, in both languages. */
async function dataAsking(markup: string): Promise<string> {
  const dir = await copyOfData(FIXTURE_DATA_DIR);
  const file = join(dir, "facts.yaml");
  const document = parseDocument(await readFile(file, "utf8"));
  for (const lang of ["en", "fr"]) document.setIn(["facts", 0, "text", lang], `Asking: ${markup} end.`);
  await writeFile(file, String(document));
  return dir;
}

describe.each(["in a template", "in the data"])("each request %s, printed on a browser without our flags (as --browser-url)", (where) => {
  it.each(KINDS)("%s reaches nothing", async (kind) => {
    const listener = await listen();
    try {
      const markup = asking(listener.base)[kind] ?? "";
      const build = buildWith(() => plain, {
        dataDir: where === "in a template" ? FIXTURE_DATA_DIR : await dataAsking(markup),
        ...(where === "in a template" ? { templatesDir: await templatesAsking(markup) } : {}),
      });
      if (where === "in a template" && kind === "meta refresh") {
        // The page would be replaced by another: the build fails (see replaced-page.test.ts).
        await expect(build).rejects.toThrow(PrintError);
      } else await build;
      await settle();
      expect(listener.heard()).toEqual({ connections: 0, bytes: 0, requests: [] });
    } finally {
      await listener.close();
    }
  });
});
