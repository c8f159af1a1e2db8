import { beforeAll, describe, expect, it } from "vitest";
import { renderCharts } from "../../src/stages/charts.js";
import { derive, type View } from "../../src/stages/derive.js";
import { loadTemplates, renderHtml, type Templates } from "../../src/stages/html.js";
import { loadData } from "../../src/stages/load.js";
import { validate } from "../../src/stages/validate.js";
import { DATA_DIR, TEMPLATES_DIR } from "../support/project.js";

let view: View;
let templates: Templates;

beforeAll(async () => {
  view = derive(validate(await loadData(DATA_DIR)), { reportDate: "2026-11-22" });
  templates = await loadTemplates(TEMPLATES_DIR);
});

describe("renderCharts", () => {
  it("draws the commitments as SVG with a caption, its sources and every value in the text alternative", () => {
    const [chart] = renderCharts(view, { lang: "en", labels: templates.labels.en });
    expect(chart?.id).toBe("commitments");
    expect(chart?.svg).toMatch(/^<\?xml[^>]*>\s*<svg/);
    expect(chart?.alt).toContain("up to $600 billion");
    expect(chart?.alt).toContain("$14 billion");
    expect(chart?.cites.length).toBeGreaterThan(0);
  });
});

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

describe("renderCharts, in both languages", () => {
  it.each(["en", "fr"] as const)("keeps every label inside the chart (%s): the longest French amount is not cut", (lang) => {
    for (const chart of renderCharts(view, { lang, labels: templates.labels[lang] })) {
      expect(rightmostX(chart.svg), chart.id).toBeLessThanOrEqual(chart.width);
      expect(rightmostX(chart.svg), chart.id).toBeGreaterThan(chart.width / 2);
    }
  });
});

describe("renderHtml", () => {
  it("fills the layout in English with the report date, the footer and the sources' anchors", async () => {
    const html = await renderHtml(view, renderCharts(view, { lang: "en", labels: templates.labels.en }), templates, { lang: "en" });
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain("22 November 2026");
    expect(html).toContain('counter(page) " of " counter(pages)');
    expect(html).toContain('id="source-1"');
    expect(html).toContain('href="#source-1"');
  });

  it("fills it in French", async () => {
    const html = await renderHtml(view, [], templates, { lang: "fr" });
    expect(html).toContain('<html lang="fr-FR">');
    expect(html).toContain("22 novembre 2026");
    expect(html).toContain("14 milliards de dollars");
  });
});
