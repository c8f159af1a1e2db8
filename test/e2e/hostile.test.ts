// Markup in the facts is text: a fact, a source's headline, a figure's label or the title holding
// <script>, an image with onerror, an iframe on /etc/passwd, a javascript: link, a CSS url() or a
// markdown link prints as those characters, in the PDF and in summary.md, and the browser asks
// nothing of anyone. A listener on 127.0.0.1 records every connection and every byte that reaches it.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import type { Language } from "../../src/schema.js";
import { renderHtml } from "../../src/stages/html.js";
import { printPdf } from "../../src/stages/pdf.js";
import { poolOf, useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { chartsOf, META, prepare } from "../support/dossiers.js";
import { type Heard, type Listener, listen } from "../support/listener.js";
import { pageCount, pdfInfo, pdfText } from "../support/pdf.js";
import { plain } from "../support/plain.js";
import { copyOfData, DATA_DIR, FIXTURE_DATA_DIR, tempDir } from "../support/project.js";

const browser = useSharedBrowser();

let listener: Listener;
let base: string;

beforeAll(async () => {
  listener = await listen();
  base = listener.base;
});

beforeEach(() => listener.reset());

afterAll(() => listener.close());

/**
 * Markup that would run a script, load a resource or read a local file if it were markup. Its
 * attributes are unquoted, as browsers accept them: quotation marks in a fact's text would be
 * refused first, as quotes no article makes (the content checks are tested on their own).
 */
function hostile(where: string): string[] {
  return [
    `<script>fetch('${base}/${where}/script')</script>`,
    `<img src=${base}/${where}/img onerror=fetch('${base}/${where}/onerror')>`,
    `<iframe src=file:///etc/passwd></iframe>`,
    `<a href=javascript:fetch('${base}/${where}/js')>x</a>`,
    `<div style=background:url(${base}/${where}/css)>`,
    `<link rel=stylesheet href=${base}/${where}/link><style>@import url(${base}/${where}/import);</style>`,
    `[markdown link](javascript:fetch('${base}/${where}/md')) ![markdown image](${base}/${where}/md-img)`,
  ];
}

const PLACES = ["fact", "label", "headline", "title"] as const;

/** The markup planted at a place: the title holds what fits the cover's 300 characters. */
function planted(where: string): string[] {
  return where === "title" ? hostile(where).slice(0, 2) : hostile(where);
}

/**
 * The characters of a text without its typography, quotation marks and spaces: the typographic
 * pass makes the planted quotes curly (or guillemets) and spaces no-break, as it does any text's.
 */
function bare(text: string): string {
  return plain(text)
    .replace(/['"«»]/g, "")
    .replace(/\s+/g, "");
}

/** A copy of the real data with the markup in a fact's text, a figure's label, a source's headline and the title, in both languages. */
async function hostileData(): Promise<string> {
  const dir = await copyOfData(DATA_DIR);
  const plant = async (file: string, path: (data: Record<string, { id?: string }[]>) => (string | number)[], where: string) => {
    const document = parseDocument(await readFile(join(dir, file), "utf8"));
    const at = path(document.toJS());
    for (const lang of ["en", "fr"]) document.setIn([...at, lang], `${where} ${lang}: ${planted(where).join(" ")} end.`);
    await writeFile(join(dir, file), String(document));
  };
  const fact = (data: Record<string, { id?: string }[]>, id: string) => ["facts", data.facts?.findIndex((entry) => entry.id === id) ?? -1];
  await plant("facts.yaml", (data) => [...fact(data, "pivot-from-metaverse"), "text"], "fact");
  // A figure's label is printed in the money table and drawn in a chart. (A key figure's label
  // may not hold numbers its fact lacks, and markup with a port number would be refused.)
  await plant("facts.yaml", (data) => [...fact(data, "perplexity-funding-500m"), "label"], "label");
  await plant("sources.yaml", () => ["sources", 0, "headline"], "headline");
  // The title also goes into the stylesheet (the running footer) and the PDF's metadata.
  await plant("report.yaml", () => ["title"], "title");
  // (The title keeps the markup that fits the cover's 300 characters: see hostile's TITLE_MARKUP.)
  return dir;
}

/** The PDF's text in the order it was written, without white space: a table cell's lines stay together. */
function pdfTextInOrder(file: string): string {
  return execFileSync("pdftotext", ["-raw", file, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
}

/** What the page's DOM holds that could run, load or navigate: all must be empty. */
function activeParts(): Record<string, string[]> {
  const all = [...document.querySelectorAll("*")];
  const urls = all.flatMap((element) => ["src", "href", "data", "action", "poster"].flatMap((name) => element.getAttribute(name) ?? []));
  return {
    elements: [...document.querySelectorAll("script, iframe, frame, object, embed, link, base, meta[http-equiv], form")].map((element) =>
      element.outerHTML.slice(0, 80),
    ),
    handlers: all.flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((a) => a.name)),
    urls: urls.filter((url) => !url.startsWith("data:") && !url.startsWith("#")),
    inlineStyles: all.flatMap((element) => (/url\(/i.test(element.getAttribute("style") ?? "") ? [element.tagName] : [])),
  };
}

describe("hostile content in the data", () => {
  const built: Partial<Record<Language, { pdf: string; html: string; summary: string; log: string[] }>> = {};
  let listenerHeard: Heard;

  beforeAll(async () => {
    listener.reset();
    const dataDir = await hostileData();
    for (const lang of ["en", "fr"] as const) {
      const log: string[] = [];
      const result = await buildWith(browser, { dataDir, lang, html: true, log: (message) => log.push(message) });
      built[lang] = {
        pdf: result.path,
        html: await readFile(result.path.replace(/\.pdf$/, ".html"), "utf8"),
        summary: await readFile(result.path.replace(/\.pdf$/, ".summary.md"), "utf8"),
        log,
      };
    }
    listenerHeard = listener.heard();
  });

  it("prints the markup as text, in both languages", () => {
    for (const lang of ["en", "fr"] as const) {
      const text = bare(pdfTextInOrder(built[lang]?.pdf ?? ""));
      for (const where of PLACES) {
        for (const markup of planted(where)) expect(text, `${lang}, ${where}`).toContain(bare(markup));
      }
      expect(text).not.toContain("root:x:0:0");
    }
  });

  it("makes no element of it: no script, frame, handler, link, remote URL or styled URL", async () => {
    const page = await browser().newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on("request", (request) => void request.abort("blockedbyclient"));
      for (const lang of ["en", "fr"] as const) {
        await page.setContent(built[lang]?.html ?? "", { waitUntil: "load" });
        expect(await page.evaluate(activeParts)).toEqual({ elements: [], handlers: [], urls: [], inlineStyles: [] });
        expect(plain((await page.evaluate(() => document.body.textContent)) ?? "")).toContain(`fact ${lang}: <script>fetch(`);
      }
    } finally {
      await page.close();
    }
  });

  it("writes summary.md with the markup as text: no tag, link or image for a markdown reader to make", () => {
    for (const lang of ["en", "fr"] as const) {
      const summary = built[lang]?.summary ?? "";
      expect(summary).not.toMatch(/</);
      // Every bracket left unescaped is a citation: [1] or [1, 3].
      expect(summary.replace(/\[\d+(, \d+)*\]/g, "")).not.toMatch(/(?<!\\)[[\]]/);
      // It still reads as the text it is, in the title and in a source's headline.
      expect(bare(summary)).toContain(bare(`# title ${lang}: &lt;script&gt;fetch('${base}/title/script')&lt;/script&gt;`));
      expect(plain(summary)).toContain(plain(`headline ${lang}: &lt;script&gt;`));
      expect(bare(summary)).toContain(bare(`\\[markdown link\\](javascript:fetch('${base}/headline/md'))`));
    }
  });

  it("sends nothing anywhere: no connection to the listener, and nothing the browser had to refuse", () => {
    expect(listenerHeard).toEqual({ connections: 0, bytes: 0, requests: [] });
    for (const lang of ["en", "fr"] as const)
      expect(built[lang]?.log.filter((line) => /refused|page error|local resource/.test(line))).toEqual([]);
  });
});

describe("the print page itself, given live markup", () => {
  it("runs no script and sends no request: everything but embedded data is refused", async () => {
    // Straight to the pdf stage, as if escaping had failed: its own guard must hold.
    const html = `<!doctype html><html><head><title>t</title>
      <link rel="stylesheet" href="${base}/page/link">
      <style>@import url(${base}/page/import); body { background: url(${base}/page/css); }</style>
      <script src="${base}/page/script.js"></script>
      <script>document.documentElement.textContent = "SCRIPT RAN"; fetch("${base}/page/fetch");</script>
      </head><body><p>Printed page.</p>
      <img src="${base}/page/img" onerror="document.body.textContent = 'HANDLER RAN'">
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
      <iframe src="file:///etc/passwd"></iframe><iframe src="${base}/page/frame"></iframe>
      <script>document.write("SCRIPT RAN");</script></body></html>`;
    const log: string[] = [];
    const printed = await printPdf(html, {
      pages: poolOf(browser()),
      format: "A4",
      timeout: 60_000,
      metadata: { title: "t", author: "a", subject: "s", keywords: ["k"], creator: "test", date: "2026-11-22" },
      log: (message) => log.push(message),
    });
    const out = join(await tempDir(), "page.pdf");
    await writeFile(out, printed.bytes);
    const text = pdfTextInOrder(out);
    expect(text).toContain("Printedpage.");
    expect(text).not.toMatch(/SCRIPTRAN|HANDLERRAN|root:x:0:0/);
    // Chrome may open a connection ahead of a frame's navigation, but not one byte is sent on it.
    const { bytes, requests } = listener.heard();
    expect({ bytes, requests }).toEqual({ bytes: 0, requests: [] });
    // The browser did try: each attempt was stopped before it left the page.
    const said = log.join("\n");
    for (const attempt of ["img", "frame", "css", "link", "import"])
      expect(said).toContain(`refused a request from the page: ${base}/page/${attempt}`);
    expect(said).toMatch(/file:\/\/\/etc\/passwd/);
  });
});

describe("the running footer, given a title that validation would refuse", () => {
  it("prints the title as text on every page: no character ends the stylesheet string it is quoted in", async () => {
    // Past validation, as if it had let these through: the footer's own escaping must hold.
    const prepared = await prepare(META.dir, { data: FIXTURE_DATA_DIR });
    const { view, templates } = prepared;
    const charts = chartsOf(prepared, "en");
    const printWithTitle = async (title: string) => {
      view.report.title.en = title;
      const printed = await printPdf(await renderHtml(view, charts, templates, { lang: "en", fonts: {} }), {
        pages: poolOf(browser()),
        format: "A4",
        timeout: 60_000,
        metadata: { title, author: "a", subject: "s", keywords: ["k"], creator: "test", date: "2026-11-22" },
      });
      const file = join(await tempDir(), "footer.pdf");
      await writeFile(file, printed.bytes);
      return file;
    };
    const plainTitle = await printWithTitle("Plain title");
    const rules = "} main { display: none } html { background: red } @page { size: A2 }";
    const hostile = await printWithTitle(`Meta\r}${rules}\n"\f'\\"</style><p>out</p>\u2028\u0000 end`);
    // The rules stayed text: the dossier keeps its pages, its paper and its words.
    expect(pageCount(hostile)).toBe(pageCount(plainTitle));
    expect(pdfInfo(hostile)["Page size"]).toBe(pdfInfo(plainTitle)["Page size"]);
    for (let page = 2; page <= pageCount(hostile); page++) {
      const text = pdfText(hostile, page);
      expect(text, `page ${page}`).toContain(rules);
      expect(text, `page ${page}`).toContain("</style><p>out</p>");
    }
  });
});
