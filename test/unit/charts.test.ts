// The chart types must not mislead: read through the SVG Cairo writes (absolute M, L and C
// commands, one <path> per fill or stroke, text as outlines) and through the words beside the picture.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ChartCache, type ChartImage, createChartCache, renderCharts } from "../../src/charts/index.js";
import type { DiskCache } from "../../src/disk-cache.js";
import { type LabelSets, type Labels, readLabels } from "../../src/i18n/labels.js";
import type { ChartSpec, Language } from "../../src/profile/schema.js";
import type { Amount, FigureFact, MoveFact } from "../../src/schema.js";
import type { Cited } from "../../src/stages/derive.js";
import { TEMPLATES_DIR, tempDir } from "../support/project.js";

let labelSets: LabelSets;
/** One cache for the whole file, as one session keeps one; the cache tests make their own. */
const cache = createChartCache();

beforeAll(async () => {
  const path = join(TEMPLATES_DIR, "labels.yaml");
  labelSets = readLabels(path, await readFile(path));
});

function labelsIn(lang: Language): Labels {
  const labels = labelSets[lang];
  if (labels === undefined) throw new Error(`labels.yaml has no ${lang} labels`);
  return labels;
}

const text = (en: string, fr = en) => ({ en, fr });

const base = {
  topic: "money",
  status: "stated" as const,
  people: [],
  orgs: [],
  sources: [{ id: "s", excerpt: "x" }],
  /** The language of the articles they are drawn from, in which a quote's original is printed. */
  original: "fr",
};

/** What every fact drawn here cites: source 1. */
const cites = () => ({ cites: [1] });

function figure(id: string, amount: Partial<Amount> & { value: number }, extra: Partial<FigureFact> = {}): Cited {
  return {
    ...base,
    ...cites(),
    id,
    kind: "figure",
    text: text(id),
    label: text(`Figure ${id}`, `Chiffre ${id}`),
    amount: { scale: "billion", currency: "USD", bound: "exact", ...amount },
    chart: "commitment",
    ...extra,
  } as Cited;
}

function stake(id: string, share: number): Cited {
  return { ...base, ...cites(), id, kind: "figure", text: text(id), label: text(`Stake ${id}`, `Part ${id}`), share } as Cited;
}

function move(id: string, direction: MoveFact["direction"], extra: Partial<MoveFact> = {}): Cited {
  return {
    ...base,
    ...cites(),
    id,
    kind: "move",
    topic: "talent",
    direction,
    text: text(id),
    who: text(`Person ${id}`),
    ...extra,
  } as Cited;
}

function event(id: string, date: string): Cited {
  return { ...base, ...cites(), id, kind: "claim", date, text: text(id), label: text(`Event ${id}`, `Événement ${id}`) } as Cited;
}

const LOG: ChartSpec = { id: "money", type: "amounts", scale: "log", facts: {} };
const LINEAR: ChartSpec = { id: "money", type: "amounts", scale: "linear", facts: {} };
const SHARES: ChartSpec = { id: "stakes", type: "shares", facts: {} };
const EVENTS: ChartSpec = { id: "when", type: "events", facts: {} };
const FLOWS: ChartSpec = { id: "people", type: "flows", facts: {} };

interface Drawing {
  lang?: Language;
  labels?: Labels;
  cache?: ChartCache;
}

/** The chart `spec` draws from `facts`; undefined when it has nothing to draw. */
function maybeChart(spec: ChartSpec, facts: Cited[], { lang = "en", labels = labelsIn(lang), cache: own = cache }: Drawing = {}) {
  const images = renderCharts([{ spec, facts }], { lang, labels, cache: own });
  expect(images.map((image) => image.id)).toEqual(images.length === 0 ? [] : [spec.id]);
  return images[0];
}

function chart(spec: ChartSpec, facts: Cited[], drawing: Drawing = {}): ChartImage {
  const image = maybeChart(spec, facts, drawing);
  if (image === undefined) throw new Error(`no ${spec.id} chart`);
  return image;
}

/** A colour as Cairo writes it in the SVG: rgb(12.156863%,35.294118%,65.098039%). */
function cairo(hex: string): string {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${channels.map((channel) => `${Number(((channel / 255) * 100).toFixed(6))}%`).join(",")})`;
}

const ACCENT = cairo("#1f5aa6");
const CONTEXT = cairo("#8d96a1");
const ARRIVAL = cairo("#1d7a46");
const DEPARTURE = cairo("#a33a2b");
const WHITE = cairo("#ffffff");
const ROW_GUIDE = cairo("#eef0f3");
const GRID = cairo("#dde1e6");

interface Shape {
  fill: string | undefined;
  stroke: string | undefined;
  d: string;
  curved: boolean;
  points: [number, number][];
}

function shapes(svg: string): Shape[] {
  return [...svg.matchAll(/<path (?:style="([^"]*)" )?d="([^"]*)"/g)].map(([, style = "", d = ""]) => {
    const numbers = [...d.matchAll(/-?\d+(?:\.\d+)?/g)].map(([number]) => Number(number));
    return {
      fill: /(?:^|;|\s)fill:(rgb\([^)]*\))/.exec(style)?.[1],
      stroke: /(?:^|;|\s)stroke:(rgb\([^)]*\))/.exec(style)?.[1],
      d,
      curved: d.includes("C"),
      points: numbers.flatMap((_, index) => (index % 2 === 0 ? [[numbers[index] ?? 0, numbers[index + 1] ?? 0] as [number, number]] : [])),
    };
  });
}

function box(shape: Shape) {
  const xs = shape.points.map(([x]) => x);
  const ys = shape.points.map(([, y]) => y);
  const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { left, right, top, bottom, width: right - left, height: bottom - top, x: (left + right) / 2, y: (top + bottom) / 2 };
}

/** The circles of one colour's outline, each with whether its inside is white. */
function dots(svg: string, colour: string): { x: number; y: number; hollow: boolean }[] {
  const all = shapes(svg);
  return all
    .filter((shape) => shape.stroke === colour && shape.curved && box(shape).width > 7 && box(shape).width < 13)
    .map((outline) => ({ ...box(outline), hollow: all.some((shape) => shape.d === outline.d && shape.fill === WHITE) }));
}

/** The money chart's dots on a row's guide line: the legend's samples are not on one. */
function plotted(svg: string, colour: string): ReturnType<typeof dots> {
  const guides = shapes(svg)
    .filter((shape) => shape.stroke === ROW_GUIDE)
    .map((shape) => box(shape).y);
  return dots(svg, colour).filter((dot) => guides.some((y) => Math.abs(y - dot.y) < 0.5));
}

/** Filled triangles of a colour, pointing left or right: the heads of the bound arrows. */
function arrowHeads(svg: string, colour: string): { tip: number; y: number; pointing: "left" | "right" }[] {
  return shapes(svg)
    .filter((shape) => shape.fill === colour && !shape.curved && new Set(shape.points.map((point) => point.join())).size === 3)
    .map((shape) => {
      const [tip = [0, 0], base = [0, 0]] = shape.points;
      return { tip: tip[0], y: tip[1], pointing: tip[0] < base[0] ? "left" : "right" };
    });
}

/** Axis-aligned rectangles big enough to be bars, with their fill: text outlines and rules are thinner. */
function bars(svg: string): (ReturnType<typeof box> & { fill: string | undefined })[] {
  return shapes(svg)
    .filter((shape) => !shape.curved && shape.d.split("M").filter((part) => part.trim() !== "").length <= 2)
    .map((shape) => ({ ...box(shape), fill: shape.fill }))
    .filter(({ width, height }) => width > 20 && height > 12);
}

/** Where the gridlines cross the value axis, left to right. */
function gridlines(svg: string): number[] {
  const xs = shapes(svg)
    .filter((shape) => shape.stroke === GRID && box(shape).width < 0.01 && box(shape).height > 5)
    .map((shape) => box(shape).x);
  return [...new Set(xs)].sort((a, b) => a - b);
}

describe("the amounts chart", () => {
  const spending = figure("spending", { value: 600, bound: "up-to" }, { status: "reported", horizon: 2028 });
  const scale = figure("scale", { value: 14 });
  const perplexity = figure("round", { value: 500, scale: "million" }, { chart: "context", status: "reported", topic: "deals" });
  const packages = figure("packages", { value: 100, scale: "million", bound: "up-to" }, { chart: "pay", status: "reported" });

  it("draws each amount as a dot on the log scale, with no bar from the axis's start", () => {
    const image = chart(LOG, [spending, scale, perplexity]);
    expect(bars(image.svg)).toEqual([]);
    expect(plotted(image.svg, ACCENT)).toHaveLength(2);
    expect(plotted(image.svg, CONTEXT)).toHaveLength(1);
  });

  it("rounds every coordinate to an eighth of a pixel, which a PDF prints in a few digits", () => {
    const { svg } = chart(LOG, [spending, scale, perplexity]);
    const coordinates = [
      ...[...svg.matchAll(/ d="([^"]*)"/g)].flatMap(([, path]) => path?.match(/-?\d+(\.\d+)?/g) ?? []),
      ...[...svg.matchAll(/<text x="([^"]*)" y="([^"]*)"/g)].flatMap(([, x = "", y = ""]) => [x, y]),
    ];
    expect(coordinates.length).toBeGreaterThan(150);
    expect(coordinates.filter((n) => !Number.isInteger(Number(n) * 8))).toEqual([]);
  });

  it("writes its words as SVG text for the page's fonts, not as outlines, and its ids as the chart's own", () => {
    const { svg } = chart(LOG, [spending, scale, perplexity]);
    const words = [...svg.matchAll(/<text [^>]*>(.*?)<\/text>/g)].map(([, inner = ""]) => inner.replace(/<[^>]*>/g, ""));
    expect(words).toEqual(
      expect.arrayContaining(["$1bn", "$100bn", "$14 billion", "up to $600 billion · reported", "Figure scale", "Stated"]),
    );
    expect(svg).not.toMatch(/<symbol|glyph/);
    // "--" sets them apart from the page's own chart ids ("chart-money" and a chart "money-1").
    expect([...svg.matchAll(/ id="([^"]*)"/g)].map(([, id]) => id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^chart-money--\d+$/)]),
    );
    expect(svg).not.toMatch(/ id="(?!chart-money--)|url\(#(?!chart-money--)|href="#(?!chart-money--)/);
  });

  it("keeps a text drawn where another ends as one line of runs, each in its own colour", () => {
    const { svg } = chart(LOG, [spending]);
    expect(svg).toMatch(
      /<text [^>]*><tspan fill="#1b2430"[^>]*>up to \$600 billion<\/tspan><tspan fill="#6b7480"[^>]*> · reported<\/tspan><\/text>/,
    );
  });

  it("draws a figure with no chart field as the subject's own", () => {
    const { chart: _, ...unmarked } = scale as Cited<FigureFact>;
    expect(plotted(chart(LOG, [spending, unmarked as Cited]).svg, ACCENT)).toHaveLength(2);
  });

  it("marks an up-to amount with an arrow towards less, a more-than one towards more, an exact one with none", () => {
    const upTo = chart(LOG, [spending]).svg;
    const [dot] = plotted(upTo, ACCENT);
    expect(arrowHeads(upTo, ACCENT)).toEqual([{ tip: expect.any(Number), y: dot?.y, pointing: "left" }]);
    expect(arrowHeads(upTo, ACCENT)[0]?.tip).toBeLessThan((dot?.x ?? 0) - 15);
    const moreThan = chart(LOG, [figure("more", { value: 14, bound: "more-than" })]).svg;
    expect(arrowHeads(moreThan, ACCENT).map((head) => head.pointing)).toEqual(["right"]);
    expect(arrowHeads(chart(LOG, [scale]).svg, ACCENT)).toEqual([]);
  });

  it("draws what the article does not state as done hollow, and says how it puts it", () => {
    const image = chart(LOG, [spending, scale, perplexity]);
    expect(plotted(image.svg, ACCENT).map((dot) => dot.hollow)).toEqual([true, false]);
    expect(plotted(image.svg, CONTEXT).map((dot) => dot.hollow)).toEqual([true]);
    expect(image.alt).toContain("Figure spending (2028): up to $600 billion (reported)");
    expect(image.alt).toContain("Figure scale: $14 billion (stated)");
    expect(image.alt).toContain("Figure round: $500 million (reported; another company’s money, in grey)");
  });

  it("keeps what one person may be paid off the totals' scale, and names it in the caption", () => {
    const image = chart(LOG, [spending, scale, packages]);
    expect(plotted(image.svg, ACCENT)).toHaveLength(2);
    expect(image.alt).not.toContain("packages");
    expect(image.caption).toContain("Not in the chart (pay for one person, not a total): Figure packages, up to $100 million (reported).");
  });

  it("draws nothing when only pay is left", () => {
    expect(maybeChart(LOG, [packages])).toBeUndefined();
  });

  it("opens its caption with the dossier's sentence when it gives one, and keeps the sentences that follow", () => {
    const own = { ...LOG, caption: text("Our own opening.", "Notre propre phrase.") };
    expect(chart(own, [spending, perplexity]).caption).toBe("Our own opening. In grey, another company’s money, for scale.");
    expect(chart(own, [spending, perplexity], { lang: "fr" }).caption).toMatch(/^Notre propre phrase\. En gris, /);
    expect(chart(LOG, [spending]).caption).toBe(labelsIn("en").chart_amounts_caption);
    expect(chart(LINEAR, [spending]).caption).toBe(labelsIn("en").chart_amounts_caption_linear);
  });
});

describe("currencies", () => {
  const dollars = figure("dollars", { value: 14 });
  const more = figure("more", { value: 600 });
  const euros = figure("euros", { value: 2, currency: "EUR", bound: "about" });
  const moreEuros = figure("moreeuros", { value: 10, currency: "EUR" });

  /** Whether the drawing changes when one label changes: what the chart writes on its axis. */
  function writes(facts: Cited[], key: string): boolean {
    const labels = labelsIn("en");
    const before = chart(LOG, facts, { labels });
    const after = chart(LOG, facts, { labels: { ...labels, [key]: "Something else entirely" } });
    return before.svg !== after.svg;
  }

  it("never draws two currencies on one axis: the minority goes to the caption", () => {
    const image = chart(LOG, [more, dollars, euros], { lang: "fr" });
    expect(plotted(image.svg, ACCENT)).toHaveLength(2);
    expect(image.alt).not.toContain("euros");
    expect(image.caption).toContain("Hors graphique (autre devise)\u00a0: Chiffre euros, environ 2 milliards d’euros (affirmé).");
    expect(image.alt).toContain("Chiffre more\u00a0: 600 milliards de dollars (affirmé)");
    expect(writes([more, dollars, euros], "chart_axis_usd_log")).toBe(true);
    expect(writes([more, dollars, euros], "chart_axis_eur_log")).toBe(false);
  });

  it("draws the euros when most amounts are in euros, and names the dollars in the caption", () => {
    const image = chart(LOG, [dollars, euros, moreEuros]);
    expect(plotted(image.svg, ACCENT)).toHaveLength(2);
    expect(image.alt).toContain("Figure moreeuros: €10 billion (stated)");
    expect(image.alt).not.toContain("$");
    expect(image.caption).toContain("Not in the chart (another currency): Figure dollars, $14 billion (stated).");
    expect(writes([dollars, euros, moreEuros], "chart_axis_eur_log")).toBe(true);
    expect(writes([dollars, euros, moreEuros], "chart_axis_usd_log")).toBe(false);
  });

  it("labels the axis of a chart in euros only in euros", () => {
    const image = chart(LOG, [euros, moreEuros]);
    expect(image.caption).not.toContain("Not in the chart");
    expect(writes([euros, moreEuros], "chart_axis_eur_log")).toBe(true);
    expect(writes([euros, moreEuros], "chart_axis_usd_log")).toBe(false);
  });
});

describe("the linear scale", () => {
  const amounts = [50, 100, 200].map((value) => figure(`f${value}`, { value }));

  it("starts at zero: each amount's distance from the first gridline is in proportion to the amount", () => {
    const svg = chart(LINEAR, amounts).svg;
    const [zero = 0] = gridlines(svg);
    const [x200 = 0, x100 = 0, x50 = 0] = plotted(svg, ACCENT).map((dot) => dot.x - zero);
    expect(x50).toBeGreaterThan(10);
    expect(x100 / x50).toBeCloseTo(2, 1);
    expect(x200 / x100).toBeCloseTo(2, 1);
    expect(bars(svg)).toEqual([]);
  });

  it("is not the log scale's drawing, and says which scale it is", () => {
    const log = chart(LOG, amounts);
    const [zero = 0] = gridlines(log.svg);
    const [x200 = 0, x100 = 0] = plotted(log.svg, ACCENT).map((dot) => dot.x - zero);
    expect(x200 / x100).not.toBeCloseTo(2, 1);
    expect(chart(LINEAR, amounts).alt).toMatch(/^Dot chart on a scale that starts at zero\. /);
  });

  it("keeps an up-to arrow near zero off the names", () => {
    const small = figure("small", { value: 1, bound: "up-to" });
    const svg = chart(LINEAR, [...amounts, small]).svg;
    const [head] = arrowHeads(svg, ACCENT);
    const nameEnd = Math.max(
      ...shapes(svg)
        .filter((shape) => shape.fill === cairo("#1b2430") && box(shape).x < (head?.tip ?? 0))
        .map((shape) => box(shape).right),
    );
    expect(head?.tip).toBeGreaterThan(nameEnd + 4);
  });
});

describe("the shares chart", () => {
  it("draws every share as its own divided bar, and names them all", () => {
    const image = chart(SHARES, [figure("money", { value: 14 }), stake("big", 49), stake("small", 10)]);
    const held = bars(image.svg).filter((bar) => bar.fill === ACCENT);
    const rest = bars(image.svg).filter((bar) => bar.fill === GRID);
    expect(held).toHaveLength(2);
    expect(rest).toHaveLength(2);
    const [big, small] = held.sort((a, b) => a.y - b.y);
    expect((big?.width ?? 0) / (small?.width ?? 1)).toBeCloseTo(4.9, 1);
    expect(image.alt).toBe(
      "Bar divided in two: Stake big 49%; other shareholders 51%. Bar divided in two: Stake small 10%; other shareholders 90%.",
    );
    expect(image.caption).toBe("Stake big: 49%; Stake small: 10%");
    // Intl puts a no-break space before "%" in French, narrow or not depending on its version.
    const french = chart(SHARES, [stake("big", 49), stake("small", 10)], { lang: "fr" }).caption;
    expect(french.replace(/[\u00a0\u202f]/g, " ")).toBe("Part big : 49 % ; Part small : 10 %");
  });

  it("keeps a small stake's words on the chart, beside its bar, in both languages", () => {
    for (const lang of ["en", "fr"] as const) {
      const image = chart(SHARES, [stake("a-company-with-a-long-name", 3), stake("nearly-all", 97)], { lang });
      const points = shapes(image.svg).flatMap((shape) => shape.points.map(([x]) => x));
      expect(Math.min(...points), lang).toBeGreaterThanOrEqual(0);
      expect(Math.max(...points), lang).toBeLessThanOrEqual(image.width);
    }
  });

  it("draws one bar for one share, and nothing without a share", () => {
    expect(bars(chart(SHARES, [stake("big", 49)]).svg).filter((bar) => bar.fill === ACCENT)).toHaveLength(1);
    expect(maybeChart(SHARES, [figure("money", { value: 14 })])).toBeUndefined();
  });

  it("puts the dossier's sentence before the stakes it lists", () => {
    const own = { ...SHARES, caption: text("Who owns what.") };
    expect(chart(own, [stake("big", 49)]).caption).toBe("Who owns what. Stake big: 49%");
  });
});

describe("the events chart", () => {
  it("draws the dated facts oldest first, and says a bar across a year means only the year is known", () => {
    const image = chart(EVENTS, [event("late", "2025-06"), move("undated", "arrival"), event("early", "2024")]);
    expect(image.alt).toBe("Timeline. 2024: Event early; June 2025: Event late.");
    expect(image.caption).toBe(`${labelsIn("en").chart_events_caption} ${labelsIn("en").chart_events_year}`);
    expect(chart(EVENTS, [event("late", "2025-06")]).caption).toBe(labelsIn("en").chart_events_caption);
    expect(chart(EVENTS, [event("late", "2025-06")], { lang: "fr" }).alt).toBe("Chronologie. juin 2025\u00a0: Événement late.");
  });

  it("opens its caption with the dossier's sentence when it gives one", () => {
    const own = { ...EVENTS, caption: text("What happened.") };
    expect(chart(own, [event("early", "2024")]).caption).toBe(`What happened. ${labelsIn("en").chart_events_year}`);
  });
});

describe("the flows chart", () => {
  const moves = [
    move("wang", "arrival", { date: "2025-02" }),
    move("late", "arrival", { date: "2025-11" }),
    move("engineers", "arrival", { status: "planned" }),
    move("gross", "arrival", { status: "planned" }),
    move("dozens", "departure", { date: "2025" }),
    move("lecun", "departure"),
  ];

  it("places each move by its date and the undated in a column of their own: a time line, not a count", () => {
    const svg = chart(FLOWS, moves).svg;
    const arrivals = dots(svg, ARRIVAL).sort((a, b) => a.y - b.y);
    expect(arrivals).toHaveLength(4);
    const [february, november, engineers, gross] = arrivals.map((dot) => dot.x);
    expect(february).toBeLessThan(november ?? 0);
    expect(november).toBeLessThan(engineers ?? 0);
    expect(gross).toBeCloseTo(engineers ?? 0);
    expect(dots(svg, DEPARTURE).map((dot) => dot.x)[0]).toBeCloseTo(engineers ?? 0);
  });

  it("draws a year-only date across the year, and planned moves hollow", () => {
    const svg = chart(FLOWS, moves).svg;
    const yearBars = shapes(svg).filter((shape) => shape.stroke === DEPARTURE && shape.curved && box(shape).width > 40);
    expect(yearBars).toHaveLength(1);
    expect(
      dots(svg, ARRIVAL)
        .sort((a, b) => a.y - b.y)
        .map((dot) => dot.hollow),
    ).toEqual([false, false, true, true]);
  });

  it("lists every move in the text alternative with its date and status, and no count", () => {
    for (const lang of ["en", "fr"] as const) {
      const image = chart(FLOWS, moves, { lang });
      for (const fact of moves) if (fact.kind === "move") expect(image.alt).toContain(fact.who[lang]);
      expect(image.alt).not.toMatch(/\d+ (reported )?(arrivals|departures|arrivées|départs)/i);
    }
    const { alt } = chart(FLOWS, moves);
    expect(alt).toContain("Person wang (February 2025; stated)");
    expect(alt).toContain("Person engineers (no date given; planned)");
    expect(alt).toContain("Person dozens (2025; stated)");
  });

  it("draws only the moves among the facts it is given", () => {
    expect(maybeChart(FLOWS, [figure("money", { value: 14 })])).toBeUndefined();
    expect(dots(chart(FLOWS, [figure("money", { value: 14 }), ...moves.slice(0, 1)]).svg, ARRIVAL)).toHaveLength(1);
  });

  it("opens its caption with the dossier's sentence when it gives one, and keeps the sentences that follow", () => {
    const own = { ...FLOWS, caption: text("Who came and went.") };
    const { caption } = chart(own, moves);
    expect(caption).toMatch(/^Who came and went\. A bar across a whole year means only the year is known\. Moves no source dates/);
    expect(caption).not.toContain(labelsIn("en").chart_flows_caption);
  });

  it("says nothing is confirmed: the statuses are stated, reported, planned, rumoured and opinion", () => {
    for (const lang of ["en", "fr"] as const) {
      const chartLabels = Object.entries(labelsIn(lang)).filter(([key]) => key.startsWith("chart_"));
      expect(chartLabels.filter(([, label]) => /confirm/i.test(label))).toEqual([]);
    }
  });
});

/** The largest x any shape of the SVG reaches. */
function rightmostX(svg: string): number {
  return Math.max(...shapes(svg).flatMap((shape) => shape.points.map(([x]) => x)));
}

describe("long names and amounts", () => {
  it.each(["en", "fr"] as const)("stay inside the charts (%s)", (lang) => {
    const long = "An extraordinarily long label pasted from somewhere, https://example.com/a/very/long/address/that/never/breaks";
    const facts = [
      figure("long", { value: 600, bound: "more-than" }, { label: text(long), status: "rumoured" }),
      figure("small", { value: 1, scale: "thousand", bound: "about" }),
      move("long", "arrival", { who: text(long), date: "2019-03-04", status: "planned" }),
      move("recent", "departure", { date: "2026" }),
    ];
    for (const spec of [LOG, LINEAR, FLOWS]) {
      const image = chart(spec, facts, { lang });
      expect(rightmostX(image.svg), `${spec.type} ${spec.type === "amounts" ? spec.scale : ""}`).toBeLessThanOrEqual(image.width);
    }
  });
});

describe("the chart cache", () => {
  const facts = [figure("spending", { value: 600, bound: "up-to" }), move("wang", "arrival", { date: "2025-02" })];
  const people = { spec: FLOWS, facts };
  const request = [{ spec: LOG, facts }, people];

  it("gives back the images it drew when nothing they were drawn from changed", () => {
    const own = createChartCache();
    const options = { lang: "en", labels: labelsIn("en"), cache: own };
    const first = renderCharts(request, options);
    expect(first.map((image) => image.id)).toEqual(["money", "people"]);
    const again = renderCharts(request, options);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
    // One chart's facts change: that chart alone is drawn again.
    const edited = renderCharts([{ spec: LOG, facts: [figure("spending", { value: 700, bound: "up-to" })] }, people], options);
    expect(edited[0]).not.toBe(first[0]);
    expect(edited[1]).toBe(first[1]);
    expect(renderCharts(request, { ...options, labels: { ...labelsIn("en"), chart_undated: "Some time" } })[1]).not.toBe(first[1]);
    expect(renderCharts(request, { ...options, lang: "fr", labels: labelsIn("fr") })[0]?.alt).toMatch(/^Graphique à points/);
  });

  it("is not shared between two caches", () => {
    const one = createChartCache();
    const other = createChartCache();
    const [fromOne] = renderCharts(request, { lang: "en", labels: labelsIn("en"), cache: one });
    const [fromOther] = renderCharts(request, { lang: "en", labels: labelsIn("en"), cache: other });
    expect(fromOther).not.toBe(fromOne);
    // The same markup from two renderers: Cairo's process-wide surface numbers are not in it.
    expect(fromOther?.svg).toBe(fromOne?.svg);
    expect(one.chartJs).toBeDefined();
    expect(other.chartJs).not.toBe(one.chartJs);
    expect([...other.renderers.values()].some((renderer) => [...one.renderers.values()].includes(renderer))).toBe(false);
  });
});

describe("charts kept on disk between runs", () => {
  const facts = [figure("spending", { value: 600, bound: "up-to" }), figure("scale", { value: 14 })];
  const request = [{ spec: LOG, facts }];
  const drawing = (disk: DiskCache) => ({ lang: "en" as const, labels: labelsIn("en"), cache: createChartCache(), disk });

  it("gives a later run the very chart, and draws it anew for other software or other facts", async () => {
    const disk = { dir: await tempDir("dossier-cache-"), software: "one" };
    const [first] = renderCharts(request, drawing(disk));
    expect(await readdir(disk.dir)).toEqual([expect.stringMatching(/^chart-[0-9a-f]{32}$/)]);
    // A new process: nothing in memory, the renderer never started.
    const later = drawing(disk);
    expect(renderCharts(request, later)[0]).toEqual(first);
    expect(later.cache.chartJs).toBeUndefined();
    const otherSoftware = drawing({ ...disk, software: "two" });
    renderCharts(request, otherSoftware);
    expect(otherSoftware.cache.chartJs).toBeDefined();
    const otherFacts = drawing(disk);
    renderCharts([{ spec: LOG, facts: [figure("spending", { value: 700, bound: "up-to" })] }], otherFacts);
    expect(otherFacts.cache.chartJs).toBeDefined();
    expect(await readdir(disk.dir)).toHaveLength(3);
  });

  it("draws again over a kept file that does not read back, and keeps the new drawing", async () => {
    const disk = { dir: await tempDir("dossier-cache-"), software: "one" };
    const [first] = renderCharts(request, drawing(disk));
    const [file = ""] = await readdir(disk.dir);
    await writeFile(join(disk.dir, file), '{"id":"money","svg":"<sv');
    const again = drawing(disk);
    expect(renderCharts(request, again)[0]).toEqual(first);
    expect(again.cache.chartJs).toBeDefined();
    expect(JSON.parse(await readFile(join(disk.dir, file), "utf8"))).toEqual(first);
  });

  it("runs without it on a disk that refuses to write", async () => {
    const blocked = join(await tempDir("dossier-cache-"), "a-file");
    await writeFile(blocked, "");
    expect(renderCharts(request, drawing({ dir: join(blocked, "cache"), software: "one" })).map((image) => image.id)).toEqual(["money"]);
  });
});
