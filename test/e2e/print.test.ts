// Print-grade checks with public tools: what a print shop's preflight and a screen reader see.
import { execFileSync } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith, type TestBuild } from "../support/build.js";
import { DOSSIERS, type Prepared, prepare } from "../support/dossiers.js";
import { folded, objectStreamsOf, outlineTitles, pageCount, pdfFonts, pdfInfo, pdfText } from "../support/pdf.js";
import { sha256Of, tempDir } from "../support/project.js";

const browser = useSharedBrowser();

async function build(options: TestBuild = {}): Promise<string> {
  return (await buildWith(browser, options)).path;
}

/** The table of contents (page 2) lists every section, each with the page its heading is on. */
function expectTrueContents(
  pdf: string,
  titles = ["Executive summary", "Money", "Talent", "Sources", "Method"],
  least = 12,
): { title: string; page: number }[] {
  const contents = pdfText(pdf, 2);
  const entries = [...contents.matchAll(/^(\S.*?)\s{2,}(\d+)$/gm)].map((match) => ({ title: match[1] ?? "", page: Number(match[2]) }));
  expect(entries.map((entry) => entry.title)).toEqual(expect.arrayContaining(titles));
  expect(entries.length).toBeGreaterThanOrEqual(least);
  const bookmarks = outlineTitles(pdf);
  for (const { title, page } of entries) {
    expect(bookmarks, title).toContain(title);
    expect(
      pdfText(pdf, page)
        .split("\n")
        .map((line) => line.trim()),
      `${title} on page ${page}`,
    ).toContain(title);
  }
  return entries;
}

describe("the printed Meta dossier", () => {
  let pdf: string;
  let pages: string[];
  beforeAll(async () => {
    pdf = await build();
    pages = Array.from({ length: pageCount(pdf) }, (_, index) => pdfText(pdf, index + 1));
  });

  it("passes qpdf's check", () => {
    expect(execFileSync("qpdf", ["--check", pdf], { encoding: "utf8" })).toContain("No syntax or stream encoding errors found");
  });

  it("keeps its objects in a few object streams of up to 1,000 each, not dozens of 50", () => {
    const inStreams = objectStreamsOf(pdf);
    const streams = new Set(inStreams);
    expect(inStreams.length).toBeGreaterThan(1000);
    expect(streams.size).toBe(Math.ceil(inStreams.length / 1000));
  });

  it("is tagged, A4, in English, with the metadata dated to the report date", () => {
    const info = pdfInfo(pdf);
    expect(info).toMatchObject({
      Tagged: "yes",
      Title: "Meta’s AI strategy",
      Author: "dossier",
      Subject: "A sourced dossier on Meta’s artificial-intelligence strategy",
      Creator: "dossier 0.1.0",
      CreationDate: "Sun Nov 22 00:00:00 2026 UTC",
      ModDate: "Sun Nov 22 00:00:00 2026 UTC",
    });
    expect(info.Keywords).toContain("Meta, artificial intelligence, Scale AI");
    expect(info["Page size"]).toContain("(A4)");
    expect(execFileSync("qpdf", ["--show-object=trailer", "--filtered-stream-data", pdf], { encoding: "utf8" })).toBeDefined();
    const catalog = execFileSync("mutool", ["show", pdf, "trailer/Root/Lang"], { encoding: "utf8" });
    expect(catalog).toContain("en-GB");
  });

  // Only the dossier's own faces: a character none of them has would bring in a font of the machine's.
  it.each(["en", "fr"])("embeds every font, subset, and only the dossier's own (%s)", async (lang) => {
    const fonts = pdfFonts(lang === "en" ? pdf : await build({ lang }));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, subset: true });
    expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, "")).sort()).toEqual([
      "Inter-Regular",
      "Inter-SemiBold",
      "NotoSerif-Italic",
      "NotoSerif-Regular",
      "NotoSerif-SemiBold",
    ]);
  });

  it("has a bookmark per section and a table of contents whose every number is the page its heading is on", () => {
    expectTrueContents(pdf);
  });

  it("shows 'Page X of Y' with the right X and Y on every page", () => {
    for (const [index, text] of pages.entries()) expect(text).toContain(`Page ${index + 1} of ${pages.length}`);
  });

  it("has no empty page, and never leaves a heading alone at the bottom of a page", () => {
    const headings = new Set(outlineTitles(pdf));
    pages.forEach((text, index) => {
      const body = text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !/Page \d+ of \d+/.test(line) && line !== "Meta’s AI strategy · 22 November 2026");
      expect(body.length, `page ${index + 1}`).toBeGreaterThan(3);
      expect(headings.has(body.at(-1) ?? ""), `page ${index + 1} ends with the heading "${body.at(-1)}"`).toBe(false);
    });
  });

  it("stays under 1 MB", async () => {
    expect((await stat(pdf)).size).toBeLessThan(1024 * 1024);
  });

  it.each(["en", "fr"] as const)("gives the same bytes twice for the same inputs and date (%s)", async (lang) => {
    // At the same time in one browser: the hardest case, as Chrome's tag ids count DOM nodes
    // across every page a renderer has built (regression: concurrent prints differed).
    const [first, second] = await Promise.all([build({ lang }), build({ lang })]);
    expect(await sha256Of(first)).toBe(await sha256Of(second));
  });

  it("prints on Letter paper when asked", async () => {
    const letter = await build({ format: "Letter" });
    expect(pdfInfo(letter)["Page size"]).toContain("(letter)");
    expect(folded(pdfText(letter, 1))).toContain("22 November 2026");
  });
});

describe.each(DOSSIERS.map((dossier) => [dossier.label, dossier] as const))("%s, as a print shop checks it", (_, dossier) => {
  let prepared: Prepared;
  let pdf: string;
  beforeAll(async () => {
    prepared = await prepare(dossier.dir);
    pdf = await build({ dir: dossier.dir });
  });

  it("passes qpdf's check, with every font embedded as a subset", () => {
    expect(execFileSync("qpdf", ["--check", pdf], { encoding: "utf8" })).toContain("No syntax or stream encoding errors found");
    for (const font of pdfFonts(pdf)) expect(font, font.name).toMatchObject({ embedded: true, subset: true });
  });

  it("has a table of contents whose every number is the page its section's heading is on", () => {
    const titles = prepared.view.sections.flatMap((section) => (section.title && section.facts.length > 0 ? [section.title.en ?? ""] : []));
    expectTrueContents(pdf, [...titles, "Executive summary", "Sources", "Method"], titles.length + 3);
  });

  it("has no empty page, and never leaves a heading alone at the bottom of a page", () => {
    const headings = new Set(outlineTitles(pdf));
    const footer = `${prepared.dossier.report.title.en} · 22 November 2026`;
    for (let page = 1; page <= pageCount(pdf); page++) {
      const body = pdfText(pdf, page)
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !/Page \d+ of \d+/.test(line) && line !== footer);
      expect(body.length, `page ${page}`).toBeGreaterThan(3);
      expect(headings.has(body.at(-1) ?? ""), `page ${page} ends with the heading "${body.at(-1)}"`).toBe(false);
    }
  });

  it("gives the same bytes twice for the same inputs and date", async () => {
    expect(await sha256Of(await build({ dir: dossier.dir }))).toBe(await sha256Of(pdf));
  });
});

describe("the table of contents of the last build, as a first guess", () => {
  async function buildInto(outDir: string): Promise<{ pdf: string; trace: string[] }> {
    const trace: string[] = [];
    const result = await buildWith(browser, { outDir, trace: (message) => trace.push(message) });
    return { pdf: result.path, trace };
  }

  it("prints once when it still holds, with the same bytes as two prints", async () => {
    const out = await tempDir();
    const first = await buildInto(out);
    expect(first.trace).toContain("printed 2 times to put the page numbers in the table of contents");
    const firstBytes = await sha256Of(first.pdf);
    const again = await buildInto(out);
    expect(again.trace).toContain("printed once to put the page numbers in the table of contents");
    expect(await sha256Of(again.pdf)).toBe(firstBytes);
  });

  it("is checked, never trusted: a wrong one is corrected by a second print", async () => {
    const out = await tempDir();
    const { pdf } = await buildInto(out);
    const manifestPath = join(out, "meta-ai-strategy-latest.manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { contents: { title: string; page: number }[] };
    expect(manifest.contents.map((entry) => entry.title)).toEqual(expectTrueContents(pdf).map((entry) => entry.title));
    const wrong = { ...manifest, contents: manifest.contents.map((entry) => ({ ...entry, page: entry.page + 1 })) };
    await writeFile(manifestPath, JSON.stringify(wrong));
    const corrected = await buildInto(out);
    expect(corrected.trace).toContain("printed 2 times to put the page numbers in the table of contents");
    expectTrueContents(corrected.pdf);
  });
});
