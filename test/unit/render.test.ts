import { beforeAll, describe, expect, it } from "vitest";
import { formatDate, formatMoney, htmlLang } from "../../src/format.js";
import type { FigureFact } from "../../src/schema.js";
import { chartsOf, DOSSIERS, htmlOf, type Prepared, prepare } from "../support/dossiers.js";
import { plain } from "../support/plain.js";

/** The largest x any shape of the SVG reaches: Cairo writes absolute M, L and C commands, x then y. */
function rightmostX(svg: string): number {
  const xs = [...svg.matchAll(/ d="([^"]*)"/g)].flatMap(([, data]) =>
    [...(data ?? "").matchAll(/[MLC]([^MLCZ]*)/g)].flatMap(([, numbers]) =>
      (numbers ?? "")
        .trim()
        .split(/\s+/)
        .filter((_, index) => index % 2 === 0)
        .map(Number),
    ),
  );
  return Math.max(...xs);
}

/** What each language's page says that no dossier chooses: its lang attribute, the report date, the page counter. */
const PAGE: Record<string, { htmlLang: string; date: string; counter: string }> = {
  en: { htmlLang: "en-GB", date: "22 November 2026", counter: 'counter(page) " of " counter(pages)' },
  fr: { htmlLang: "fr-FR", date: "22 novembre 2026", counter: 'counter(page) " sur " counter(pages)' },
};

/** A text's words in one language, as the templates print them: escaped for HTML. */
/** A text's words in a language, as `plain` leaves them; the page is compared in the same terms. */
function printed(text: Readonly<Record<string, string>>, lang: string): string {
  const words = text[lang];
  if (words === undefined) throw new Error(`no ${lang} in ${JSON.stringify(text)}`);
  return plain(words);
}

describe.each(DOSSIERS.map((dossier) => [dossier.label, dossier] as const))("the %s", (_, { dir }) => {
  let prepared: Prepared;
  let languages: string[];
  /** Each language's page, filled once: cutting the fonts takes a while. */
  const pages = new Map<string, Promise<string>>();
  const page = (lang: string) => {
    if (!pages.has(lang)) pages.set(lang, htmlOf(prepared, lang));
    return pages.get(lang) as Promise<string>;
  };
  beforeAll(async () => {
    prepared = await prepare(dir);
    languages = prepared.folder.profile.languages;
  });

  describe("renderCharts", () => {
    it("draws every chart of dossier.yaml, in its order, as SVG with a caption and its sources, in each language", () => {
      for (const lang of languages) {
        const charts = chartsOf(prepared, lang);
        expect(
          charts.map((chart) => chart.id),
          lang,
        ).toEqual(prepared.folder.profile.charts.map((spec) => spec.id));
        for (const chart of charts) {
          expect(chart.svg, chart.id).toMatch(/^<svg [^>]*>[\s\S]*<text [^>]*>[^<]/);
          expect(chart.caption.trim(), chart.id).not.toBe("");
          expect(chart.alt.trim(), chart.id).not.toBe("");
          // It cites sources, and only those of the facts it draws.
          const facts = prepared.view.charts.find(({ spec }) => spec.id === chart.id)?.facts ?? [];
          expect(chart.cites.length, chart.id).toBeGreaterThan(0);
          for (const cite of chart.cites)
            expect(
              facts.flatMap((fact) => fact.cites),
              chart.id,
            ).toContain(cite);
        }
      }
    });

    it("says every amount an amounts chart draws in its text alternative, and names the pay it leaves out in its caption", () => {
      const amountCharts = prepared.view.charts.filter(({ spec }) => spec.type === "amounts");
      expect(amountCharts.length).toBeGreaterThan(0);
      for (const lang of languages) {
        const images = chartsOf(prepared, lang);
        for (const { spec, facts } of amountCharts) {
          const image = images.find((chart) => chart.id === spec.id);
          const figures = facts.filter((fact): fact is typeof fact & FigureFact => fact.kind === "figure" && fact.amount !== undefined);
          expect(figures.length, spec.id).toBeGreaterThan(0);
          for (const figure of figures) {
            const money = formatMoney(figure.amount ?? { value: 0, scale: "one", currency: "USD", bound: "exact" }, lang);
            // A pay package is named beside the chart, not drawn on the scale of totals.
            if (figure.chart === "pay") expect(image?.caption, `${spec.id} ${figure.id} ${lang}`).toContain(money);
            else expect(image?.alt, `${spec.id} ${figure.id} ${lang}`).toContain(money);
          }
        }
      }
    });

    it("keeps every label inside each chart, in each language: the longest amount is not cut", () => {
      for (const lang of languages) {
        for (const chart of chartsOf(prepared, lang)) {
          expect(rightmostX(chart.svg), `${chart.id} ${lang}`).toBeLessThanOrEqual(chart.width);
          expect(rightmostX(chart.svg), `${chart.id} ${lang}`).toBeGreaterThan(chart.width / 2);
        }
      }
    });
  });

  describe("renderHtml", () => {
    it("fills the layout in each language with the report date, the footer and the sources' anchors", async () => {
      for (const lang of languages) {
        const expected = PAGE[lang];
        if (expected === undefined) throw new Error(`no expectations for ${lang}: add them to PAGE`);
        const html = plain(await page(lang));
        expect(htmlLang(lang)).toBe(expected.htmlLang);
        expect(html).toContain(`<html lang="${expected.htmlLang}">`);
        expect(html).toContain(expected.date);
        expect(formatDate(prepared.view.reportDate, lang)).toBe(expected.date);
        expect(html).toContain(expected.counter);
        expect(html).toContain(`<title>${printed(prepared.dossier.report.title, lang)}</title>`);
        for (const source of prepared.view.sources)
          expect(html, `${lang} source ${source.number}`).toContain(`id="source-${source.number}"`);
        expect(html).toContain('href="#source-1"');
      }
    });

    it("prints the sections in dossier.yaml's order, each under its title, with its charts at its head", async () => {
      for (const lang of languages) {
        const html = plain(await page(lang));
        const drawn = new Set(chartsOf(prepared, lang).map((chart) => chart.id));
        const main = html.slice(html.indexOf("<main>"));
        // What changed since an earlier edition: nothing in this one, the first.
        const sections = prepared.view.sections.filter((section) => section.id !== "changes");
        const positions = sections.map((section) => main.indexOf(`id="section-${section.id}"`));
        for (const [index, section] of sections.entries())
          expect(positions[index], `${lang}: section ${section.id}`).toBeGreaterThanOrEqual(0);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        for (const [index, section] of sections.entries()) {
          const part = main.slice(positions[index], positions[index + 1] ?? main.length);
          if (section.title !== undefined) expect(part, section.id).toContain(`<h2>${printed(section.title, lang)}</h2>`);
          const charts = section.charts.filter((id) => drawn.has(id)).map((id) => part.indexOf(`id="chart-${id}"`));
          for (const at of charts) expect(at, section.id).toBeGreaterThanOrEqual(0);
          expect(charts).toEqual([...charts].sort((a, b) => a - b));
          // Its charts come before its facts.
          if (charts.length > 0 && section.facts.length > 0)
            expect(Math.max(...charts), section.id).toBeLessThan(part.indexOf('class="facts"'));
          for (const fact of section.facts) expect(part, `${section.id}: ${fact.id}`).toContain(`id="fact-${fact.id}"`);
        }
      }
    });

    it("prints the key figures' amounts in each language's words", async () => {
      expect(prepared.view.summary.keyFigures.length).toBeGreaterThan(0);
      for (const lang of languages) {
        const html = plain(await page(lang));
        for (const figure of prepared.view.summary.keyFigures)
          if (figure.amount !== undefined) expect(html, `${lang}: ${figure.id}`).toContain(plain(formatMoney(figure.amount, lang)));
      }
    });
  });
});

describe("renderHtml, on the Meta dossier", () => {
  it("writes its French amounts in French words", async () => {
    const html = plain(await htmlOf(await prepare(), "fr"));
    expect(html).toContain("14 milliards de dollars");
    expect(html).not.toContain("$14 billion");
  });
});
