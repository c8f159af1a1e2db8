// The money and talent charts must not mislead: read through the SVG Cairo writes (absolute M, L
// and C commands, one <path> per fill or stroke) and through the words beside the picture.
import { beforeAll, describe, expect, it } from "vitest";
import type { Amount, Dossier, Fact, FigureFact, Language, MoveFact } from "../../src/schema.js";
import { type ChartImage, renderCharts } from "../../src/stages/charts.js";
import { derive } from "../../src/stages/derive.js";
import { loadTemplates, type Templates } from "../../src/stages/html.js";
import { TEMPLATES_DIR } from "../support/project.js";

let templates: Templates;

beforeAll(async () => {
  templates = await loadTemplates(TEMPLATES_DIR);
});

const text = (en: string, fr = en) => ({ en, fr });

const base = {
  topic: "money",
  status: "stated",
  people: [],
  orgs: [],
  sources: [{ id: "s", excerpt: "x" }],
} as const;

function figure(id: string, amount: Partial<Amount> & { value: number }, extra: Partial<FigureFact> = {}): Fact {
  return {
    ...base,
    id,
    kind: "figure",
    text: text(id),
    label: text(`Figure ${id}`, `Chiffre ${id}`),
    amount: { scale: "billion", currency: "USD", bound: "exact", ...amount },
    chart: "commitment",
    ...extra,
  } as Fact;
}

function move(id: string, direction: MoveFact["direction"], extra: Partial<MoveFact> = {}): Fact {
  return { ...base, id, kind: "move", topic: "talent", direction, text: text(id), who: text(`Person ${id}`), ...extra } as Fact;
}

function chart(facts: Fact[], id: string, lang: Language = "en"): ChartImage {
  const dossier: Dossier = {
    report: { slug: "r", title: text("T"), subtitle: text("S"), author: "a", subject: text("s"), keywords: ["k"], method: text("m") },
    sources: [{ id: "s", file: "s.txt", language: "en", headline: text("s"), cites: [] }],
    facts,
    summary: { points: [], key_figures: [] },
  };
  const view = derive(dossier, { reportDate: "2026-11-22" });
  const found = renderCharts(view, { lang, labels: templates.labels[lang] }).find((image) => image.id === id);
  if (found === undefined) throw new Error(`no ${id} chart`);
  return found;
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

/** Axis-aligned rectangles big enough to be bars: text glyphs and rules are thinner. */
function bars(svg: string): ReturnType<typeof box>[] {
  return shapes(svg)
    .filter((shape) => !shape.curved && shape.d.split("M").filter((part) => part.trim() !== "").length <= 2)
    .map(box)
    .filter(({ width, height }) => width > 20 && height > 12);
}

describe("the money chart", () => {
  const spending = figure("spending", { value: 600, bound: "up-to" }, { status: "reported", horizon: 2028 });
  const scale = figure("scale", { value: 14 });
  const perplexity = figure("round", { value: 500, scale: "million" }, { chart: "context", status: "reported", topic: "deals" });
  const packages = figure("packages", { value: 100, scale: "million", bound: "up-to" }, { chart: "pay", status: "reported" });

  it("draws each amount as a dot on the log scale, with no bar from the axis's start", () => {
    const image = chart([spending, scale, perplexity], "commitments");
    expect(bars(image.svg)).toEqual([]);
    expect(plotted(image.svg, ACCENT)).toHaveLength(2);
    expect(plotted(image.svg, CONTEXT)).toHaveLength(1);
  });

  it("marks an up-to amount with an arrow towards less, a more-than one towards more, an exact one with none", () => {
    const upTo = chart([spending], "commitments").svg;
    const [dot] = plotted(upTo, ACCENT);
    expect(arrowHeads(upTo, ACCENT)).toEqual([{ tip: expect.any(Number), y: dot?.y, pointing: "left" }]);
    expect(arrowHeads(upTo, ACCENT)[0]?.tip).toBeLessThan((dot?.x ?? 0) - 15);
    const moreThan = chart([figure("more", { value: 14, bound: "more-than" })], "commitments").svg;
    expect(arrowHeads(moreThan, ACCENT).map((head) => head.pointing)).toEqual(["right"]);
    expect(arrowHeads(chart([scale], "commitments").svg, ACCENT)).toEqual([]);
  });

  it("draws what the article does not state as done hollow, and says how it puts it", () => {
    const image = chart([spending, scale, perplexity], "commitments");
    expect(plotted(image.svg, ACCENT).map((dot) => dot.hollow)).toEqual([true, false]);
    expect(plotted(image.svg, CONTEXT).map((dot) => dot.hollow)).toEqual([true]);
    expect(image.alt).toContain("Figure spending (2028): up to $600 billion (reported)");
    expect(image.alt).toContain("Figure scale: $14 billion (stated)");
    expect(image.alt).toContain("Figure round: $500 million (reported; another company's money, in grey)");
  });

  it("keeps what one person may be paid off the totals' scale, and names it in the caption", () => {
    const image = chart([spending, scale, packages], "commitments");
    expect(plotted(image.svg, ACCENT)).toHaveLength(2);
    expect(image.alt).not.toContain("packages");
    expect(image.caption).toContain("Not in the chart (pay for one person, not a total): Figure packages, up to $100 million (reported).");
  });

  it("never draws two currencies on one axis: the minority goes to the caption", () => {
    const euros = figure("euros", { value: 2, currency: "EUR", bound: "about" });
    const image = chart([spending, scale, euros], "commitments", "fr");
    expect(plotted(image.svg, ACCENT)).toHaveLength(2);
    expect(image.alt).not.toContain("euros");
    expect(image.caption).toContain("Hors graphique (autre devise) : Chiffre euros, environ 2 milliards d'euros (affirmé).");
    expect(image.alt).toContain("Chiffre spending (2028) : jusqu'à 600 milliards de dollars (rapporté)");
  });

  it("draws nothing when only pay is left", () => {
    const dossierFacts = [packages];
    expect(() => chart(dossierFacts, "commitments")).toThrow("no commitments chart");
  });
});

describe("the talent chart", () => {
  const moves = [
    move("wang", "arrival", { date: "2025-02" }),
    move("late", "arrival", { date: "2025-11" }),
    move("engineers", "arrival", { status: "planned" }),
    move("gross", "arrival", { status: "planned" }),
    move("dozens", "departure", { date: "2025" }),
    move("lecun", "departure"),
  ];

  it("places each move by its date and the undated in a column of their own: a time line, not a count", () => {
    const svg = chart(moves, "talent").svg;
    const arrivals = dots(svg, ARRIVAL).sort((a, b) => a.y - b.y);
    expect(arrivals).toHaveLength(4);
    const [february, november, engineers, gross] = arrivals.map((dot) => dot.x);
    expect(february).toBeLessThan(november ?? 0);
    expect(november).toBeLessThan(engineers ?? 0);
    expect(gross).toBeCloseTo(engineers ?? 0);
    expect(dots(svg, DEPARTURE).map((dot) => dot.x)[0]).toBeCloseTo(engineers ?? 0);
  });

  it("draws a year-only date across the year, and planned moves hollow", () => {
    const svg = chart(moves, "talent").svg;
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
      const image = chart(moves, "talent", lang);
      for (const fact of moves) if (fact.kind === "move") expect(image.alt).toContain(fact.who[lang]);
      expect(image.alt).not.toMatch(/\d+ (reported )?(arrivals|departures|arrivées|départs)/i);
    }
    const { alt } = chart(moves, "talent");
    expect(alt).toContain("Person wang (February 2025; stated)");
    expect(alt).toContain("Person engineers (no date given; planned)");
    expect(alt).toContain("Person dozens (2025; stated)");
  });

  it("says nothing is confirmed: the statuses are stated, reported, planned, rumoured and opinion", () => {
    for (const lang of ["en", "fr"] as const) {
      const chartLabels = Object.entries(templates.labels[lang]).filter(([key]) => key.startsWith("chart_"));
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
    for (const id of ["commitments", "talent"]) {
      const image = chart(facts, id, lang);
      expect(rightmostX(image.svg), id).toBeLessThanOrEqual(image.width);
    }
  });
});
