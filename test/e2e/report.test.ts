// Every dossier, built through the engine with a pinned date and read back as a reader sees it.
// The engine's promises are checked on both test dossiers; the Meta content on its own, below.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith, type TestResult } from "../support/build.js";
import { DOSSIERS, META, type Prepared, prepare } from "../support/dossiers.js";
import { folded, outlineTitles, pageCount, pdfFonts, pdfInfo, pdfText } from "../support/pdf.js";
import { plain } from "../support/plain.js";
import { tempDir } from "../support/project.js";

const browser = useSharedBrowser();

describe.each(DOSSIERS.map((dossier) => [dossier.label, dossier] as const))("%s, built and read back", (_, dossier) => {
  let prepared: Prepared;
  let outDir: string;
  let result: TestResult;
  beforeAll(async () => {
    prepared = await prepare(dossier.dir);
    outDir = await tempDir();
    // Every edition the dossier declares, in one build.
    result = await buildWith(browser, {
      html: true,
      dir: dossier.dir,
      outDir,
      editions: prepared.folder.profile.languages.map((lang) => ({ lang, format: "A4" })),
    });
  });

  it("writes one PDF per language, named for the dossier, the first without a suffix", () => {
    const { name, languages } = prepared.folder.profile;
    expect(result.editions.map(({ path }) => path)).toEqual(
      languages.map((lang, index) => join(outDir, `${name}-2026-11-22${index === 0 ? "" : `.${lang}`}.pdf`)),
    );
  });

  it("is an A4, tagged document titled as the dossier, with the date and 'Page X of N' on every page", () => {
    for (const { path, edition } of result.editions) {
      const info = pdfInfo(path);
      expect(info["Page size"]).toContain("(A4)");
      expect(info.Tagged).toBe("yes");
      expect(plain(info.Title ?? "")).toBe(plain(prepared.dossier.report.title[edition.lang] ?? ""));
      const total = pageCount(path);
      expect(total).toBeGreaterThan(2);
      for (let page = 1; page <= total; page++) expect(pdfText(path, page)).toMatch(new RegExp(`(Page|Page) ${page} (of|sur) ${total}`));
    }
  });

  it("prints the dossier's own sections in its order, each in the outline, and every fact", () => {
    for (const { path, edition } of result.editions) {
      const outline = outlineTitles(path);
      const own = prepared.view.sections.filter((section) => section.title !== undefined && section.facts.length > 0);
      const titles = own.map((section) => section.title?.[edition.lang] ?? "");
      expect(outline.filter((title) => titles.includes(title))).toEqual(titles);
      const text = folded(plain(pdfText(path)));
      // Each fact's first words, as printed.
      for (const section of own)
        for (const fact of section.facts) expect(text).toContain(folded(plain(fact.text[edition.lang] ?? "")).slice(0, 30));
    }
  });

  it("draws each of its charts in every edition, where its section says, with the caption the dossier gives", async () => {
    const drawn = prepared.view.charts.filter(({ facts }) => facts.length > 0).map(({ spec }) => spec.id);
    expect(drawn.length).toBeGreaterThanOrEqual(2);
    const placed = prepared.view.sections.flatMap((section) =>
      section.facts.length > 0 || section.title === undefined ? section.charts : [],
    );
    for (const { path, edition } of result.editions) {
      const html = await readFile(path.replace(/\.pdf$/, ".html"), "utf8");
      expect([...html.matchAll(/<figure class="chart" id="chart-([\w-]+)"/g)].map((match) => match[1])).toEqual(
        placed.filter((id) => drawn.includes(id)),
      );
      const text = folded(plain(pdfText(path)));
      for (const { spec } of prepared.view.charts)
        if (spec.caption && drawn.includes(spec.id)) expect(text).toContain(folded(plain(spec.caption[edition.lang] ?? "")).slice(0, 40));
    }
  });

  it("embeds every font it uses, as subsets", () => {
    const fonts = pdfFonts(result.path);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatchObject({ embedded: true, subset: true });
  });
});

describe("the Meta dossier's content", () => {
  let pdf: string;
  beforeAll(async () => {
    pdf = (await buildWith(browser, { dir: META.dir, outDir: await tempDir() })).path;
  });

  it("holds the $600 billion and $14 billion figures with their sources", () => {
    const text = folded(pdfText(pdf));
    expect(text).toMatch(/up to \$600 billion by 2028\. \[1\]/);
    expect(text).toMatch(/\$14 billion in the start-up Scale AI[^[]*\[(\d, )*\d\]/);
    expect(text).toContain("Financial Times");
    // The sources list names every article file, so each citation can be traced.
    for (const file of ["000_2ec81d983aa082d8.txt", "001_977c48ad5bda7198.txt", "004_bab072e71f1879b0.txt"]) expect(text).toContain(file);
  });

  it("sets the charts' axes, values and legends as text a reader can find and copy", () => {
    const text = folded(pdfText(pdf));
    for (const words of [
      "US dollars, logarithmic scale",
      "$100m",
      "$1bn",
      "$1tn",
      "more than $14 billion",
      "up to $600 billion · reported",
    ])
      expect(text).toContain(words);
    for (const words of ["Jan 2025", "Month known", "Only the year known", "Meta’s stake in Scale AI · 49%"]) expect(text).toContain(words);
  });
});
