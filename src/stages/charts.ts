import type { Chart, ChartConfiguration, Plugin } from "chart.js";
import { ChartJSNodeCanvas, type ChartJSNodeCanvasOptions } from "chartjs-node-canvas";
import { FONT_FACES, SANS } from "../fonts.js";
import { amountValue, formatCompact, formatDate, formatList, formatMoney, formatShare } from "../format.js";
import type { FigureFact, Language, MoveFact } from "../schema.js";
import type { Cited, View } from "./derive.js";
import { fillLabel, type Labels } from "./html.js";

/** A chart drawn as SVG, with what a reader and a screen reader need beside it. */
export interface ChartImage {
  id: string;
  svg: string;
  /** CSS pixels; the SVG scales without loss in print. */
  width: number;
  height: number;
  caption: string;
  /** Numbers of the sources the plotted facts come from. */
  cites: number[];
  /** The text alternative: every value the chart shows, in words. */
  alt: string;
}

export interface ChartOptions {
  lang: Language;
  labels: Labels;
}

const INK = "#1b2430";
const MUTED = "#6b7480";
const GRID = "#dde1e6";
const ACCENT = "#1f5aa6";
const ACCENT_LIGHT = "#a8c0e0";
const CONTEXT = "#a9b1bb";
const ARRIVAL = "#1d7a46";
const ARRIVAL_PLANNED = "#9fcfb2";
const DEPARTURE = "#a33a2b";

/** The content width of an A4 page between the margins, in CSS pixels. */
const WIDTH = 640;

/**
 * chartjs-node-canvas loads a fresh chart.js for every renderer, to keep one renderer's plugins
 * and defaults from leaking into another's. Ours all share the same defaults and pass their
 * plugins per chart, so one chart.js serves every size: three fewer loads, ~25 ms and some
 * memory each.
 */
class SharedChartJsCanvas extends ChartJSNodeCanvas {
  private static chartJs: ReturnType<ChartJSNodeCanvas["initialize"]> | undefined;

  protected override initialize(options: ChartJSNodeCanvasOptions): ReturnType<ChartJSNodeCanvas["initialize"]> {
    SharedChartJsCanvas.chartJs ??= super.initialize(options);
    return SharedChartJsCanvas.chartJs;
  }
}

const canvases = new Map<number, ChartJSNodeCanvas>();

/** One renderer per height (a renderer draws at one size), all on the same chart.js. */
function canvasFor(height: number): ChartJSNodeCanvas {
  let canvas = canvases.get(height);
  if (canvas === undefined) {
    canvas = new SharedChartJsCanvas({
      width: WIDTH,
      height,
      type: "svg",
      chartCallback: (chart) => {
        chart.defaults.font.family = SANS;
        chart.defaults.font.size = 11;
        chart.defaults.color = INK;
        chart.defaults.animation = false;
      },
    });
    // Fonts are registered with Cairo for the whole process: once is enough.
    if (canvases.size === 0)
      for (const face of FONT_FACES)
        canvas.registerFont(face.file, { family: face.family, weight: String(face.weight), style: face.style });
    canvases.set(height, canvas);
  }
  return canvas;
}

function draw(config: ChartConfiguration, height: number): string {
  return canvasFor(height).renderToBufferSync(config, "image/svg+xml").toString("utf8");
}

function sortedUnique(numbers: number[]): number[] {
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** Splits a label into lines short enough for the chart's label column. */
function wrap(text: string, width = 26): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Powers of ten around the values, so that the smallest bar still has a visible length. */
function logBounds(values: number[]): { min: number; max: number } {
  return { min: 10 ** (Math.floor(Math.log10(Math.min(...values))) - 1), max: 10 ** Math.ceil(Math.log10(Math.max(...values))) };
}

/** A legend below the chart with one square per entry: colours say what the data cannot. */
function legend(entries: [text: string, colour: string][]) {
  return {
    position: "bottom" as const,
    labels: {
      boxWidth: 10,
      generateLabels: () => entries.map(([text, colour]) => ({ text, fillStyle: colour, strokeStyle: colour, lineWidth: 0 })),
    },
  };
}

const VALUE_FONT = `11px ${SANS}`;

/** Room right of the plot for the widest value label, measured in its font: "jusqu'à 600 milliards de dollars" is long. */
function roomForValues(texts: string[]) {
  return ({ chart }: { chart: Chart }) => {
    chart.ctx.save();
    chart.ctx.font = VALUE_FONT;
    const widest = Math.max(0, ...texts.map((text) => chart.ctx.measureText(text).width));
    chart.ctx.restore();
    return { right: Math.ceil(widest) + 12, left: 4 };
  };
}

/** Writes a text at the end of each bar of the first dataset. */
function valueLabels(texts: string[]): Plugin<"bar"> {
  return {
    id: "valueLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = VALUE_FONT;
      ctx.fillStyle = INK;
      ctx.textBaseline = "middle";
      chart.getDatasetMeta(0).data.forEach((bar, index) => {
        const text = texts[index];
        if (text !== undefined) ctx.fillText(text, bar.x + 6, bar.y);
      });
      ctx.restore();
    },
  };
}

/** Meta's commitments on a log scale, with others' money drawn in grey as context. */
function commitmentsChart(figures: Cited<FigureFact>[], { lang, labels }: ChartOptions): ChartImage | undefined {
  const plotted = figures.flatMap((fact) => (fact.amount === undefined ? [] : [{ fact, amount: fact.amount }]));
  if (plotted.length === 0) return undefined;
  const height = 70 + plotted.length * 42;
  const values = plotted.map(({ amount }) => formatMoney(amount, lang));
  const svg = draw(
    {
      type: "bar",
      data: {
        labels: plotted.map(({ fact }) => wrap(fact.label[lang])),
        datasets: [
          {
            data: plotted.map(({ amount }) => amountValue(amount)),
            backgroundColor: plotted.map(({ fact }) => (fact.chart === "context" ? CONTEXT : ACCENT)),
            barPercentage: 0.7,
          },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: false,
        layout: { padding: roomForValues(values) },
        plugins: { legend: { display: false } },
        scales: {
          x: {
            type: "logarithmic",
            ...logBounds(plotted.map(({ amount }) => amountValue(amount))),
            title: { display: true, text: fillLabel(labels, "chart_axis_usd_log"), color: MUTED },
            grid: { color: GRID },
            ticks: {
              color: MUTED,
              maxRotation: 0,
              autoSkip: false,
              // Only powers of ten, in short compact form: the axis title names the currency.
              callback: (value) => (Number.isInteger(Math.log10(Number(value))) ? formatCompact(Number(value), lang) : null),
            },
          },
          y: { grid: { display: false }, ticks: { color: INK, font: { weight: 600 } } },
        },
      },
      plugins: [valueLabels(values)],
    },
    height,
  );
  const items = plotted.map(({ fact, amount }) => `${fact.label[lang]}: ${formatMoney(amount, lang)}`);
  return {
    id: "commitments",
    svg,
    width: WIDTH,
    height,
    caption: fillLabel(labels, "chart_commitments_caption"),
    cites: sortedUnique(plotted.flatMap(({ fact }) => fact.cites)),
    alt: fillLabel(labels, "chart_commitments_alt", { items: items.join("; ") }),
  };
}

/** A stake as one bar split between the holder and everyone else. */
function stakeChart(figures: Cited<FigureFact>[], { lang, labels }: ChartOptions): ChartImage | undefined {
  const stake = figures.find((fact) => fact.share !== undefined);
  if (stake?.share === undefined) return undefined;
  const share = stake.share;
  const height = 90;
  const parts = [
    { text: `${stake.label[lang]} · ${formatShare(share, lang)}`, value: share, color: ACCENT, ink: "#ffffff" },
    { text: `${fillLabel(labels, "chart_stake_rest")} · ${formatShare(100 - share, lang)}`, value: 100 - share, color: GRID, ink: INK },
  ];
  const insideLabels: Plugin<"bar"> = {
    id: "insideLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `600 11px ${SANS}`;
      ctx.textBaseline = "middle";
      ctx.textAlign = "center";
      parts.forEach((part, index) => {
        const bar = chart.getDatasetMeta(index).data[0] as unknown as { x: number; y: number; base: number } | undefined;
        if (bar === undefined) return;
        ctx.fillStyle = part.ink;
        ctx.fillText(part.text, (bar.x + bar.base) / 2, bar.y);
      });
      ctx.restore();
    },
  };
  const svg = draw(
    {
      type: "bar",
      data: {
        labels: [""],
        datasets: parts.map((part) => ({ data: [part.value], backgroundColor: part.color, barPercentage: 1, categoryPercentage: 0.9 })),
      },
      options: {
        indexAxis: "y",
        responsive: false,
        plugins: { legend: { display: false } },
        scales: {
          x: {
            stacked: true,
            min: 0,
            max: 100,
            grid: { color: GRID },
            ticks: { color: MUTED, stepSize: 25, callback: (value) => formatShare(Number(value), lang) },
          },
          y: { stacked: true, display: false },
        },
      },
      plugins: [insideLabels],
    },
    height,
  );
  const values = { label: stake.label[lang], share: formatShare(share, lang), rest: formatShare(100 - share, lang) };
  return {
    id: "stake",
    svg,
    width: WIDTH,
    height,
    caption: fillLabel(labels, "chart_stake_caption", values),
    cites: stake.cites,
    alt: fillLabel(labels, "chart_stake_alt", values),
  };
}

/** Months since year 0, so that a date's period becomes a span on a linear axis. */
function monthIndex(year: number, month: number): number {
  return year * 12 + month - 1;
}

/** The span a partial date covers: a whole year for YYYY, one month for YYYY-MM or a day in it. */
function period(iso: string): { start: number; end: number; yearOnly: boolean } {
  const [year = 0, month] = iso.split("-").map(Number);
  return month === undefined
    ? { start: monthIndex(year, 1), end: monthIndex(year, 13), yearOnly: true }
    : { start: monthIndex(year, month), end: monthIndex(year, month + 1), yearOnly: false };
}

/** Dated events as bars over the period the sources give, so a year-only date is not drawn as a point. */
function timelineChart(timeline: Cited[], { lang, labels }: ChartOptions): ChartImage | undefined {
  const events = timeline.flatMap((fact) => (fact.date === undefined ? [] : [{ fact, date: fact.date, span: period(fact.date) }]));
  if (events.length === 0) return undefined;
  const inferred = fillLabel(labels, "derived_mark");
  const name = (fact: Cited) => `${(fact.label ?? fact.text)[lang]}${fact.date_derived ? ` (${inferred})` : ""}`;
  const first = Math.min(...events.map(({ span }) => span.start));
  const last = Math.max(...events.map(({ span }) => span.end));
  const height = 80 + events.length * 30;
  const monthFormat = new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
  const svg = draw(
    {
      type: "bar",
      data: {
        labels: events.map(({ fact }) => wrap(name(fact), 34)),
        datasets: [
          {
            data: events.map(({ span }) => [span.start, span.end]),
            backgroundColor: events.map(({ span }) => (span.yearOnly ? ACCENT_LIGHT : ACCENT)),
            barPercentage: 0.6,
          },
        ],
      },
      options: {
        indexAxis: "y",
        responsive: false,
        plugins: {
          legend: legend([
            [fillLabel(labels, "chart_month_known"), ACCENT],
            [fillLabel(labels, "chart_year_only"), ACCENT_LIGHT],
          ]),
        },
        scales: {
          x: {
            type: "linear",
            min: first - (first % 3),
            max: last + ((3 - (last % 3)) % 3),
            grid: { color: GRID },
            ticks: {
              stepSize: 3,
              color: MUTED,
              maxRotation: 0,
              callback: (value) => {
                const index = Number(value);
                return monthFormat.format(new Date(Date.UTC(Math.floor(index / 12), index % 12, 1)));
              },
            },
          },
          y: { grid: { display: false }, ticks: { color: INK, font: { size: 10 } } },
        },
      },
    },
    height,
  );
  const items = events.map(({ fact, date }) => `${formatDate(date, lang)}: ${name(fact)}`);
  return {
    id: "timeline",
    svg,
    width: WIDTH,
    height,
    caption: fillLabel(labels, "chart_timeline_caption"),
    cites: sortedUnique(events.flatMap(({ fact }) => fact.cites)),
    alt: fillLabel(labels, "chart_timeline_alt", { items: items.join("; ") }),
  };
}

/** Arrivals against departures: one block per reported move, named inside the block. */
function talentChart({ arrivals, departures }: View["moves"], { lang, labels }: ChartOptions): ChartImage | undefined {
  const moves = [...arrivals, ...departures];
  if (moves.length === 0) return undefined;
  const height = 190;
  const colour = (move: MoveFact) => (move.direction === "departure" ? DEPARTURE : move.status === "planned" ? ARRIVAL_PLANNED : ARRIVAL);
  const blockNames: Plugin<"bar"> = {
    id: "blockNames",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `10px ${SANS}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      moves.forEach((move, index) => {
        const bar = chart.getDatasetMeta(index).data.find((element) => (element as unknown as { width: number }).width > 0) as unknown as
          | { x: number; y: number; base: number }
          | undefined;
        if (bar === undefined) return;
        const lines = wrap(move.who[lang], 16);
        ctx.fillStyle = move.status === "planned" ? INK : "#ffffff";
        for (const [at, line] of lines.entries()) ctx.fillText(line, (bar.x + bar.base) / 2, bar.y + (at - (lines.length - 1) / 2) * 12);
      });
      ctx.restore();
    },
  };
  const svg = draw(
    {
      type: "bar",
      data: {
        labels: [fillLabel(labels, "arrivals"), fillLabel(labels, "departures")],
        datasets: moves.map((move) => ({
          data: move.direction === "arrival" ? [1, 0] : [0, 1],
          backgroundColor: colour(move),
          borderColor: "#ffffff",
          borderWidth: 1,
          barPercentage: 0.9,
          categoryPercentage: 0.9,
        })),
      },
      options: {
        indexAxis: "y",
        responsive: false,
        plugins: {
          legend: legend([
            [`${fillLabel(labels, "arrivals")} · ${fillLabel(labels, "chart_confirmed")}`, ARRIVAL],
            [`${fillLabel(labels, "arrivals")} · ${fillLabel(labels, "chart_planned")}`, ARRIVAL_PLANNED],
            [fillLabel(labels, "departures"), DEPARTURE],
          ]),
        },
        scales: {
          x: {
            stacked: true,
            min: 0,
            max: Math.max(arrivals.length, departures.length),
            grid: { color: GRID },
            ticks: { stepSize: 1, color: MUTED },
          },
          y: { stacked: true, grid: { display: false }, ticks: { color: INK, font: { weight: 600 } } },
        },
      },
      plugins: [blockNames],
    },
    height,
  );
  const names = (list: Cited<MoveFact>[]) =>
    formatList(
      list.map((move) => move.who[lang]),
      lang,
    );
  return {
    id: "talent",
    svg,
    width: WIDTH,
    height,
    caption: fillLabel(labels, "chart_talent_caption"),
    cites: sortedUnique(moves.flatMap((move) => move.cites)),
    alt: fillLabel(labels, "chart_talent_alt", {
      arrivals: arrivals.length,
      arrivalItems: names(arrivals),
      departures: departures.length,
      departureItems: names(departures),
    }),
  };
}

/** The last charts drawn and what they were drawn from: an edit in watch mode seldom touches them. */
let lastDrawn: { key: string; charts: ChartImage[] } | undefined;

/** Draws every chart the view has data for, in the order the dossier shows them. */
export function renderCharts(view: View, options: ChartOptions): ChartImage[] {
  const key = JSON.stringify([view.commitments, view.figures, view.timeline, view.moves, options.lang, options.labels]);
  if (lastDrawn?.key !== key) {
    const charts = [
      commitmentsChart(view.commitments, options),
      stakeChart(view.figures, options),
      timelineChart(view.timeline, options),
      talentChart(view.moves, options),
    ].filter((chart) => chart !== undefined);
    lastDrawn = { key, charts };
  }
  return lastDrawn.charts;
}
