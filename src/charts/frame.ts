// What every chart type shares: the colours and fonts, the renderer and the cache it lives in,
// text measuring and wrapping, the marks drawn by hand and the legend that shows them.
import type { Chart, ChartConfiguration, Plugin, Scale } from "chart.js";
import { ChartJSNodeCanvas, type ChartJSNodeCanvasOptions } from "chartjs-node-canvas";
import type { DiskCache } from "../disk-cache.js";
import { FONT_FACES, SANS, SERIF } from "../fonts.js";
import { formatList, htmlLang } from "../format.js";
import { fillLabel, type Labels } from "../i18n/labels.js";
import type { Language } from "../profile/schema.js";
import type { Status } from "../schema.js";
import { typesetterFor } from "../typography/typeset.js";

/** A chart drawn as SVG, with what a reader and a screen reader need beside it. */
export interface ChartImage {
  /** The chart's id in dossier.yaml. */
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
  /** The renderers and the charts last drawn, owned by the caller's session (see createChartCache). */
  cache: ChartCache;
  /** Charts drawn by earlier runs, kept on disk by what each was drawn from. */
  disk?: DiskCache | undefined;
}

/** What laying a chart out needs of a canvas: the width of a text in a font. */
interface TextMeasurer {
  font: string;
  measureText(text: string): { width: number };
}

type ChartJs = typeof Chart;

/**
 * What drawing charts keeps between calls: loading chart.js and making renderers costs tens of
 * milliseconds each, and a watch-mode rebuild seldom changes a chart. Made by createChartCache and
 * owned by whoever runs the builds, so that two sessions (or two tests) share nothing.
 */
export interface ChartCache {
  /** The one chart.js every renderer of this cache draws with; loaded with the first renderer. */
  chartJs: ChartJs | undefined;
  /** One renderer per height: a renderer draws at one size. */
  readonly renderers: Map<number, SharedChartJsCanvas>;
  /** A context to measure text with before drawing; made with the first measurement. */
  measuring: TextMeasurer | undefined;
  /** The images of the last renderCharts call, by what each was drawn from (undefined: nothing to draw). */
  lastDrawn: Map<string, ChartImage | undefined>;
}

export function createChartCache(): ChartCache {
  return { chartJs: undefined, renderers: new Map(), measuring: undefined, lastDrawn: new Map() };
}

export const INK = "#1b2430";
export const MUTED = "#6b7480";
export const GRID = "#dde1e6";
export const ROW_GUIDE = "#eef0f3";
export const STRIPE = "#f4f6f8";
export const ACCENT = "#1f5aa6";
export const ACCENT_LIGHT = "#a8c0e0";
export const CONTEXT = "#8d96a1";
export const ARRIVAL = "#1d7a46";
export const DEPARTURE = "#a33a2b";

/** The content width of an A4 page between the margins, in CSS pixels. */
export const WIDTH = 640;

/** The axes' tick labels, as chart.js draws them with the defaults set in canvasFor and a size of 10. */
export const TICK_FONT = `10px ${SANS}`;
/** Between the lines of a wrapped name. */
export const LINE_HEIGHT = 13;

interface SharedCanvasOptions extends ChartJSNodeCanvasOptions {
  /** Read in initialize, which the base class calls from its constructor: before this class's own fields exist. */
  cache: ChartCache;
}

/**
 * chartjs-node-canvas loads a fresh chart.js for every renderer, to keep one renderer's plugins
 * and defaults from leaking into another's. Ours all share the same defaults and pass their
 * plugins per chart, so one chart.js per cache serves every size: fewer loads, ~25 ms and some
 * memory each.
 */
class SharedChartJsCanvas extends ChartJSNodeCanvas {
  protected override initialize(options: SharedCanvasOptions): ChartJs {
    options.cache.chartJs ??= super.initialize(options);
    return options.cache.chartJs;
  }

  /** A context of the same kind as the charts', so that a layout made before drawing fits the drawing. */
  measurer(): TextMeasurer {
    return this._createCanvas(1, 1, "svg").getContext("2d");
  }
}

// Cairo registers fonts for the whole process, whatever renderer or cache asks: the one state
// here that is not a cache's. Registering them again with each cache would only add duplicates.
let fontsRegistered = false;

/** The cache's renderer for a height, made on first use. */
function canvasFor(cache: ChartCache, height: number): SharedChartJsCanvas {
  let canvas = cache.renderers.get(height);
  if (canvas === undefined) {
    const options: SharedCanvasOptions = {
      cache,
      width: WIDTH,
      height,
      type: "svg",
      chartCallback: (chart) => {
        chart.defaults.font.family = SANS;
        chart.defaults.font.size = 11;
        chart.defaults.color = INK;
        chart.defaults.animation = false;
      },
    };
    canvas = new SharedChartJsCanvas(options);
    if (!fontsRegistered)
      for (const face of FONT_FACES)
        canvas.registerFont(face.file, { family: face.family, weight: String(face.weight), style: face.style });
    fontsRegistered = true;
    cache.renderers.set(height, canvas);
  }
  return canvas;
}

/**
 * Cairo writes every coordinate with six decimals, and Chromium prints each one of an SVG as a
 * 32-bit float ("224.26172"). Rounded to an eighth of a CSS pixel (under 0.03 mm on the page,
 * below any printer's dot), a coordinate is a float that prints short ("224.25"): a smaller PDF
 * with no visible change.
 */
const STEPS_PER_PIXEL = 8;

const rounded = (n: number) => Math.round(n * STEPS_PER_PIXEL) / STEPS_PER_PIXEL;

function roundPathData(svg: string): string {
  return svg.replace(/ d="([^"]*)"/g, (_, path: string) => ` d="${path.replace(/-?\d+\.\d+/g, (n) => String(rounded(Number(n))))}"`);
}

/** A piece of text in one font and colour. */
interface TextRun {
  text: string;
  font: string;
  fill: string;
}

/** A text as chart.js or a mark asked the canvas to draw it, in page coordinates. */
interface DrawnText {
  /** More than one when a text was drawn where the one before it ended: "$14 billion" then "· reported". */
  runs: TextRun[];
  x: number;
  y: number;
  /** Where the last run ends, as the canvas measured it. */
  end: number;
  anchor: "start" | "middle" | "end";
  /** The canvas transform when it is more than a move, as SVG's matrix(a b c d e f). */
  matrix: string | undefined;
  /** The width a text wider than fillText's maxWidth is squeezed to, as the canvas would. */
  squeezed: number | undefined;
}

const ANCHORS: Readonly<Record<CanvasTextAlign, DrawnText["anchor"]>> = {
  left: "start",
  start: "start",
  center: "middle",
  right: "end",
  end: "end",
};

/**
 * Cairo would draw each letter as an outline: words a reader can neither find nor copy in the
 * PDF, and three quarters of the chart's bytes. Instead the chart's texts are taken from the
 * canvas as they are drawn and written as SVG <text> at the very same baseline, so that the page
 * sets them in its own embedded fonts. Canvas texts sit on the line textBaseline names; SVG's on
 * the alphabetic baseline: the distance between the two comes from the canvas's own measure.
 * Chromium sets letters a little tighter than Cairo measures them, so a text drawn where another
 * ended is written as a run of that one: the two stay a space apart, as drawn.
 */
function recordTexts(into: DrawnText[]): Plugin {
  return {
    id: "textAsText",
    beforeInit(chart: Chart) {
      const ctx = chart.ctx;
      ctx.fillText = (given: string, x: number, y: number, maxWidth?: number) => {
        const text = String(given);
        if (text === "") return;
        const baseline = ctx.textBaseline;
        const { actualBoundingBoxAscent: ascentOnItsLine, width } = ctx.measureText(text);
        ctx.textBaseline = "alphabetic";
        const shift = ctx.measureText(text).actualBoundingBoxAscent - ascentOnItsLine;
        ctx.textBaseline = baseline;
        const { a, b, c, d, e, f } = ctx.getTransform();
        const moveOnly = a === 1 && b === 0 && c === 0 && d === 1;
        const drawn: DrawnText = {
          runs: [{ text, font: ctx.font, fill: String(ctx.fillStyle) }],
          x: moveOnly ? x + e : x,
          y: moveOnly ? y + f + shift : y + shift,
          end: (moveOnly ? x + e : x) + width,
          anchor: ANCHORS[ctx.textAlign],
          matrix: moveOnly ? undefined : [a, b, c, d, e, f].join(" "),
          squeezed: maxWidth !== undefined && width > maxWidth ? maxWidth : undefined,
        };
        const last = into.at(-1);
        const continues =
          last !== undefined &&
          last.squeezed === undefined &&
          drawn.squeezed === undefined &&
          last.anchor === "start" &&
          drawn.anchor === "start" &&
          last.matrix === drawn.matrix &&
          Math.abs(last.y - drawn.y) < 0.01 &&
          Math.abs(last.end - drawn.x) < 0.01;
        if (continues) {
          last.runs.push(...drawn.runs);
          last.end = drawn.end;
        } else into.push(drawn);
      };
    },
  };
}

const XML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const xml = (text: string) => text.replace(/[&<>"]/g, (char) => XML_ESCAPES[char] ?? char);

/**
 * The run's colour and font, falling back to the other face as the page's stylesheet does, its
 * spaces kept as the canvas keeps them (SVG would collapse them).
 */
const painted = ({ font, fill }: TextRun) => `fill="${xml(fill)}" style="font: ${xml(`${font}, "${SERIF}"`)}; white-space: pre"`;

function svgText({ runs, x, y, anchor, matrix, squeezed }: DrawnText): string {
  const place =
    (matrix === undefined ? "" : ` transform="matrix(${matrix})"`) +
    (squeezed === undefined ? "" : ` textLength="${rounded(squeezed)}" lengthAdjust="spacingAndGlyphs"`);
  const [first, ...rest] = runs;
  const opening = `<text x="${rounded(x)}" y="${rounded(y)}" text-anchor="${anchor}"${place}`;
  if (first === undefined) return "";
  if (rest.length === 0) return `${opening} ${painted(first)}>${xml(first.text)}</text>`;
  return `${opening}>${runs.map((run) => `<tspan ${painted(run)}>${xml(run.text)}</tspan>`).join("")}</text>`;
}

/**
 * The drawing made fit to sit inside the page: the size in CSS pixels, an id of its own for each
 * of Cairo's clip paths, patterns and surfaces, numbered in order (two charts on one page would
 * otherwise share "clip1", and Cairo counts surfaces across the process, so the same chart would
 * not give the same markup twice), and the texts drawn last, over the shapes, as they were.
 */
function inlineSvg(svg: string, prefix: string, width: number, height: number, texts: DrawnText[]): string {
  const ids = new Map<string, string>();
  // "--": no chart id holds it, so that no id here is another chart's figure id ("chart-stake-1").
  const idOf = (id: string) => ids.get(id) ?? ids.set(id, `${prefix}--${ids.size + 1}`).get(id);
  const body = svg
    .slice(svg.indexOf(">", svg.indexOf("<svg")) + 1, svg.lastIndexOf("</svg>"))
    .replace(/ id="([^"]+)"/g, (_, id: string) => ` id="${idOf(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${idOf(id)})`)
    .replace(/ xlink:href="#([^"]+)"/g, (_, id: string) => ` href="#${idOf(id)}"`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${roundPathData(body)}${texts.map(svgText).join("")}</svg>`;
}

/** The chart as SVG markup for the page, the width of the page and `height` tall, its texts as text. */
export function draw(cache: ChartCache, config: ChartConfiguration, height: number, id: string): string {
  const texts: DrawnText[] = [];
  const recording = { ...config, plugins: [recordTexts(texts), ...(config.plugins ?? [])] };
  const svg = canvasFor(cache, height).renderToBufferSync(recording, "image/svg+xml").toString("utf8");
  return inlineSvg(svg, `chart-${id}`, WIDTH, height, texts);
}

/** Any renderer measures alike (the fonts are the process's), so the first one made serves. */
export function textWidth(cache: ChartCache, text: string, font: string): number {
  cache.measuring ??= (cache.renderers.values().next().value ?? canvasFor(cache, 1)).measurer();
  cache.measuring.font = font;
  return cache.measuring.measureText(text).width;
}

/**
 * A fact's text in the language drawn, typeset as the page is; validation gives every text every
 * language of the dossier.
 */
export function inLanguage(text: Readonly<Record<string, string>>, lang: Language): string {
  const found = text[lang];
  if (found === undefined) throw new Error(`a text has no "${lang}" version: ${JSON.stringify(text)}`);
  return typesetterFor(lang)(found);
}

export function sortedUnique(numbers: number[]): number[] {
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** Between the items of a list a screen reader reads out, each with commas of its own: "; ", French " ; ". */
export function itemSeparator(labels: Labels): string {
  return fillLabel(labels, "chart_item_separator");
}

// ── Text ──────────────────────────────────────────────────────────────────────────────────────

/**
 * The spaces a line may break at: white space but the no-break ones, which typograf sets where
 * words must stay together ("2025 « chaotique »", "14 milliards").
 */
export const BREAKING_SPACES = /[^\S\u00a0\u2007\u202f]+/;

/** A word wider than a line, cut where it must be: a pasted address must not run off the chart. */
function cutWord(cache: ChartCache, word: string, font: string, width: number): string[] {
  if (textWidth(cache, word, font) <= width) return [word];
  const pieces = [""];
  for (const char of word) {
    const last = pieces.at(-1) ?? "";
    if (last !== "" && textWidth(cache, last + char, font) > width) pieces.push(char);
    else pieces[pieces.length - 1] = last + char;
  }
  return pieces;
}

/** Splits a text into lines no wider than `width` pixels in the font it is drawn in. */
function wrapToWidth(cache: ChartCache, text: string, font: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(BREAKING_SPACES).flatMap((part) => cutWord(cache, part, font, width))) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(cache, `${last} ${word}`, font) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** As few lines as `width` allows, as even as that count allows: no word left alone on a line. */
export function evenLines(cache: ChartCache, text: string, font: string, width: number): string[] {
  const count = wrapToWidth(cache, text, font, width).length;
  let [narrow, wide] = [0, width];
  while (count > 1 && wide - narrow > 1) {
    const middle = (narrow + wide) / 2;
    if (wrapToWidth(cache, text, font, middle).length > count) narrow = middle;
    else wide = middle;
  }
  return wrapToWidth(cache, text, font, wide);
}

export function widest(cache: ChartCache, lines: string[], font: string): number {
  return Math.max(0, ...lines.map((line) => textWidth(cache, line, font)));
}

// ── Status ────────────────────────────────────────────────────────────────────────────────────

/** "Reported" for a legend, from the status word the rest of the dossier prints. */
function capitalised(text: string, lang: Language): string {
  return text.charAt(0).toLocaleUpperCase(htmlLang(lang)) + text.slice(1);
}

export function statusWord(labels: Labels, status: Status): string {
  return fillLabel(labels, `status_${status}`);
}

/** Only what an article states in its own voice is drawn solid; the rest is drawn hollow. */
export function isHollow(status: Status): boolean {
  return status !== "stated";
}

// ── Marks ─────────────────────────────────────────────────────────────────────────────────────
// Drawn by hand rather than by chart.js: a bound is a shape of its own, and the legend must show
// the very shapes the chart uses.

export type Context = CanvasRenderingContext2D;

export const DOT_RADIUS = 4.5;
export const ARROW_LENGTH = 24;
export const BRACKET_HALF = 11;
export const STROKE = 1.6;

export function dot(ctx: Context, x: number, y: number, colour: string, hollow: boolean): void {
  ctx.beginPath();
  ctx.arc(x, y, DOT_RADIUS, 0, 2 * Math.PI);
  ctx.fillStyle = hollow ? "#ffffff" : colour;
  ctx.fill();
  ctx.lineWidth = STROKE;
  ctx.strokeStyle = colour;
  ctx.stroke();
}

/** A shaft from the dot with a head at its far end: towards less for "up to", more for "more than". */
export function arrow(ctx: Context, x: number, y: number, colour: string, direction: 1 | -1): void {
  const tip = x + direction * ARROW_LENGTH;
  const base = tip - direction * 6;
  ctx.beginPath();
  ctx.moveTo(x + direction * DOT_RADIUS, y);
  ctx.lineTo(base, y);
  ctx.lineWidth = STROKE;
  ctx.strokeStyle = colour;
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(tip, y);
  ctx.lineTo(base, y - 3.5);
  ctx.lineTo(base, y + 3.5);
  ctx.closePath();
  ctx.fillStyle = colour;
  ctx.fill();
}

/** |—•—| : "about" reaches a little either way. */
export function bracket(ctx: Context, x: number, y: number, colour: string): void {
  ctx.beginPath();
  ctx.moveTo(x - BRACKET_HALF, y - 4);
  ctx.lineTo(x - BRACKET_HALF, y + 4);
  ctx.moveTo(x - BRACKET_HALF, y);
  ctx.lineTo(x + BRACKET_HALF, y);
  ctx.moveTo(x + BRACKET_HALF, y - 4);
  ctx.lineTo(x + BRACKET_HALF, y + 4);
  ctx.lineWidth = STROKE;
  ctx.strokeStyle = colour;
  ctx.stroke();
}

/** A period known only to the year: a bar across it, so that it cannot be read as a day. */
export function span(ctx: Context, from: number, to: number, y: number, colour: string, hollow: boolean): void {
  ctx.beginPath();
  ctx.roundRect(from + 1, y - 4, Math.max(to - from - 2, 2), 8, 4);
  ctx.fillStyle = hollow ? "#ffffff" : colour;
  ctx.fill();
  ctx.lineWidth = STROKE;
  ctx.strokeStyle = colour;
  ctx.stroke();
}

/** A wrapped text whose lines sit evenly around `middle`, in the context's current font and alignment. */
export function lines(ctx: Context, texts: string[], x: number, middle: number, lineHeight: number): void {
  texts.forEach((text, index) => {
    ctx.fillText(text, x, middle + (index - (texts.length - 1) / 2) * lineHeight);
  });
}

/** A one-pixel line from one point to another. */
export function rule(ctx: Context, [fromX, fromY]: [number, number], [toX, toY]: [number, number], colour: string): void {
  ctx.beginPath();
  ctx.moveTo(fromX, fromY);
  ctx.lineTo(toX, toY);
  ctx.lineWidth = 1;
  ctx.strokeStyle = colour;
  ctx.stroke();
}

/** A plugin that draws over the plotted data once the scales are laid out, leaving the context as it found it. */
export function drawnOver(id: string, paint: (chart: Chart, x: Scale, y: Scale) => void): Plugin {
  return {
    id,
    afterDatasetsDraw(chart: Chart) {
      const { x, y } = chart.scales;
      if (x === undefined || y === undefined) return;
      chart.ctx.save();
      paint(chart, x, y);
      chart.ctx.restore();
    },
  };
}

// ── A legend of drawn marks ───────────────────────────────────────────────────────────────────

export interface LegendEntry {
  text: string;
  /** Width of the glyph, drawn from its left edge at x, centred on y. */
  glyphWidth: number;
  glyph: (ctx: Context, x: number, y: number) => void;
}

/** An entry placed in a legend line, with its width measured. */
interface FlowedEntry extends LegendEntry {
  width: number;
}

/** A legend's entries flowed into lines the width of the chart. */
export type FlowedLegend = FlowedEntry[][];

const LEGEND_FONT = `10px ${SANS}`;
const LEGEND_LINE = 17;
const LEGEND_GAP = 18;

/** Entries flowed into lines the width of the chart, in order. */
export function legendLines(cache: ChartCache, entries: LegendEntry[]): FlowedLegend {
  const flowed: FlowedLegend = [];
  let used = Number.POSITIVE_INFINITY;
  for (const entry of entries) {
    const width = entry.glyphWidth + 5 + textWidth(cache, entry.text, LEGEND_FONT);
    const last = flowed.at(-1);
    if (last !== undefined && used + LEGEND_GAP + width <= WIDTH - 16) {
      last.push({ ...entry, width });
      used += LEGEND_GAP + width;
    } else {
      flowed.push([{ ...entry, width }]);
      used = width;
    }
  }
  return flowed;
}

export function legendHeight(flowed: FlowedLegend): number {
  return flowed.length * LEGEND_LINE;
}

/** Draws the legend in the room left below the chart, each line centred. */
export function markLegend(flowed: FlowedLegend): Plugin {
  return {
    id: "markLegend",
    afterDraw(chart: Chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = LEGEND_FONT;
      ctx.textBaseline = "middle";
      ctx.textAlign = "left";
      flowed.forEach((line, index) => {
        const y = chart.height - legendHeight(flowed) + index * LEGEND_LINE + LEGEND_LINE / 2 - 2;
        const total = line.reduce((sum, entry) => sum + entry.width, 0) + LEGEND_GAP * (line.length - 1);
        let x = (WIDTH - total) / 2;
        for (const entry of line) {
          entry.glyph(ctx, x, y);
          ctx.fillStyle = INK;
          ctx.fillText(entry.text, x + entry.glyphWidth + 5, y);
          x += entry.width + LEGEND_GAP;
        }
      });
      ctx.restore();
    },
  };
}

export function dotEntry(text: string, colour: string, hollow: boolean): LegendEntry {
  return { text, glyphWidth: 2 * DOT_RADIUS + 2, glyph: (ctx, x, y) => dot(ctx, x + DOT_RADIUS + 1, y, colour, hollow) };
}

export function spanEntry(text: string): LegendEntry {
  return { text, glyphWidth: 26, glyph: (ctx, x, y) => span(ctx, x, x + 26, y, MUTED, false) };
}

/** "Stated" filled, then one hollow entry naming every other status the chart shows. */
export function statusEntries(statuses: Status[], { lang, labels }: ChartOptions): LegendEntry[] {
  const open = [...new Set(statuses.filter(isHollow))].map((status) => statusWord(labels, status));
  return [
    ...(statuses.some((status) => !isHollow(status)) ? [dotEntry(capitalised(statusWord(labels, "stated"), lang), INK, false)] : []),
    ...(open.length > 0 ? [dotEntry(capitalised(formatList(open, lang, { or: true }), lang), INK, true)] : []),
  ];
}

// ── Dates ─────────────────────────────────────────────────────────────────────────────────────

/** Months since year 0, so that a date's period becomes a span on a linear axis. */
export function monthIndex(year: number, month: number): number {
  return year * 12 + month - 1;
}
