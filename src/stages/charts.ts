import type { ChartConfiguration } from "chart.js";
import { ChartJSNodeCanvas } from "chartjs-node-canvas";
import { FONT_FACES, SANS } from "../fonts.js";
import { amountValue, formatCompact, formatMoney } from "../format.js";
import type { FigureFact, Language } from "../schema.js";
import type { Cited, View } from "./derive.js";
import type { Labels } from "./html.js";

/** A chart drawn as SVG, with what a reader and a screen reader need beside it. */
export interface ChartImage {
  id: string;
  svg: string;
  /** CSS pixels; the SVG scales without loss in print. */
  width: number;
  height: number;
  caption: string;
  /** Numbers of the sources the plotted figures come from. */
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
const CONTEXT = "#a9b1bb";

/** The content width of an A4 page between the margins, in CSS pixels. */
const WIDTH = 640;

let canvases: Map<number, ChartJSNodeCanvas> | undefined;

/** One renderer per height: each one loads its own copy of chart.js, which is slow to repeat. */
function canvasFor(height: number): ChartJSNodeCanvas {
  canvases ??= new Map();
  let canvas = canvases.get(height);
  if (canvas === undefined) {
    canvas = new ChartJSNodeCanvas({
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
    for (const face of FONT_FACES) canvas.registerFont(face.file, { family: face.family, weight: String(face.weight), style: face.style });
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

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
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

/** Meta's commitments on a log scale, with others' money drawn in grey as context. */
function commitmentsChart(figures: Cited<FigureFact>[], { lang, labels }: ChartOptions): ChartImage | undefined {
  const plotted = figures.flatMap((fact) => (fact.amount === undefined ? [] : [{ fact, amount: fact.amount }]));
  if (plotted.length === 0) return undefined;
  const height = 70 + plotted.length * 42;
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
        layout: { padding: { right: 120, left: 4 } },
        plugins: { legend: { display: false } },
        scales: {
          x: {
            type: "logarithmic",
            ...logBounds(plotted.map(({ amount }) => amountValue(amount))),
            title: { display: true, text: labels.chart_axis_usd_log, color: MUTED },
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
      plugins: [
        {
          // Values printed at the end of each bar: a log axis alone is hard to read off.
          id: "values",
          afterDatasetsDraw(chart) {
            const { ctx } = chart;
            const bars = chart.getDatasetMeta(0).data;
            ctx.save();
            ctx.font = `11px ${SANS}`;
            ctx.fillStyle = INK;
            ctx.textBaseline = "middle";
            bars.forEach((bar, index) => {
              const item = plotted[index];
              if (item !== undefined) ctx.fillText(formatMoney(item.amount, lang), bar.x + 6, bar.y);
            });
            ctx.restore();
          },
        },
      ],
    },
    height,
  );
  const items = plotted.map(({ fact, amount }) => `${fact.label[lang]}: ${formatMoney(amount, lang)}`);
  return {
    id: "commitments",
    svg,
    width: WIDTH,
    height,
    caption: labels.chart_commitments_caption,
    cites: sortedUnique(plotted.flatMap(({ fact }) => fact.cites)),
    alt: fill(labels.chart_commitments_alt, { items: items.join("; ") }),
  };
}

/** Draws every chart the view has data for, in the order the dossier shows them. */
export function renderCharts(view: View, options: ChartOptions): ChartImage[] {
  return [commitmentsChart(view.commitments, options)].filter((chart) => chart !== undefined);
}
