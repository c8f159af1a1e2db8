import type { Chart, ChartConfiguration, Plugin, Scale } from "chart.js";
import { ChartJSNodeCanvas, type ChartJSNodeCanvasOptions } from "chartjs-node-canvas";
import { FONT_FACES, SANS } from "../fonts.js";
import { amountValue, formatAxisMoney, formatDate, formatList, formatMoney, formatShare, htmlLang } from "../format.js";
import type { Amount, FigureFact, Language, MoveFact, Status } from "../schema.js";
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
const ROW_GUIDE = "#eef0f3";
const STRIPE = "#f4f6f8";
const ACCENT = "#1f5aa6";
const ACCENT_LIGHT = "#a8c0e0";
const CONTEXT = "#8d96a1";
const ARRIVAL = "#1d7a46";
const DEPARTURE = "#a33a2b";

/** The content width of an A4 page between the margins, in CSS pixels. */
const WIDTH = 640;

/** What laying a chart out needs of a canvas: the width of a text in a font. */
interface TextMeasurer {
  font: string;
  measureText(text: string): { width: number };
}

/**
 * chartjs-node-canvas loads a fresh chart.js for every renderer, to keep one renderer's plugins
 * and defaults from leaking into another's. Ours all share the same defaults and pass their
 * plugins per chart, so one chart.js serves every size: three fewer loads, ~25 ms and some
 * memory each.
 */
class SharedChartJsCanvas extends ChartJSNodeCanvas {
  private static chartJs: ReturnType<ChartJSNodeCanvas["initialize"]> | undefined;
  private static measuring: TextMeasurer | undefined;

  protected override initialize(options: ChartJSNodeCanvasOptions): ReturnType<ChartJSNodeCanvas["initialize"]> {
    SharedChartJsCanvas.chartJs ??= super.initialize(options);
    return SharedChartJsCanvas.chartJs;
  }

  /** A context of the same kind as the charts', so that a layout made before drawing fits the drawing. */
  measurer(): TextMeasurer {
    SharedChartJsCanvas.measuring ??= this._createCanvas(1, 1, "svg").getContext("2d");
    return SharedChartJsCanvas.measuring;
  }
}

const canvases = new Map<number, SharedChartJsCanvas>();

/** One renderer per height (a renderer draws at one size), all on the same chart.js. */
function canvasFor(height: number): SharedChartJsCanvas {
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

/** Any renderer measures alike (the fonts are the process's), so the first one made serves. */
function textWidth(text: string, font: string): number {
  const measurer = (canvases.values().next().value ?? canvasFor(1)).measurer();
  measurer.font = font;
  return measurer.measureText(text).width;
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

/** A word wider than a line, cut where it must be: a pasted address must not run off the chart. */
function cutWord(word: string, font: string, width: number): string[] {
  if (textWidth(word, font) <= width) return [word];
  const pieces = [""];
  for (const char of word) {
    const last = pieces.at(-1) ?? "";
    if (last !== "" && textWidth(last + char, font) > width) pieces.push(char);
    else pieces[pieces.length - 1] = last + char;
  }
  return pieces;
}

/** Splits a text into lines no wider than `width` pixels in the font it is drawn in. */
function wrapToWidth(text: string, font: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).flatMap((part) => cutWord(part, font, width))) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`, font) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** As few lines as `width` allows, as even as that count allows: no word left alone on a line. */
function evenLines(text: string, font: string, width: number): string[] {
  const count = wrapToWidth(text, font, width).length;
  let [narrow, wide] = [0, width];
  while (count > 1 && wide - narrow > 1) {
    const middle = (narrow + wide) / 2;
    if (wrapToWidth(text, font, middle).length > count) narrow = middle;
    else wide = middle;
  }
  return wrapToWidth(text, font, wide);
}

function widest(lines: string[], font: string): number {
  return Math.max(0, ...lines.map((line) => textWidth(line, font)));
}

/** "Reported" for a legend, from the status word the rest of the dossier prints. */
function capitalised(text: string, lang: Language): string {
  return text.charAt(0).toLocaleUpperCase(htmlLang(lang)) + text.slice(1);
}

function statusWord(labels: Labels, status: Status): string {
  return fillLabel(labels, `status_${status}`);
}

/** Only what an article states in its own voice is drawn solid; the rest is drawn hollow. */
function isHollow(status: Status): boolean {
  return status !== "stated";
}

/** The axes' tick labels, as chart.js draws them with the defaults set in canvasFor and a size of 10. */
const TICK_FONT = `10px ${SANS}`;

/** Items of a list a screen reader reads out, each with commas of its own. */
const ITEM_SEPARATOR: Record<Language, string> = { en: "; ", fr: " ; " };

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

// ── Marks ─────────────────────────────────────────────────────────────────────────────────────
// Drawn by hand rather than by chart.js: a bound is a shape of its own, and the legend must show
// the very shapes the chart uses.

type Context = CanvasRenderingContext2D;

const DOT_RADIUS = 4.5;
const ARROW_LENGTH = 24;
const BRACKET_HALF = 11;
const STROKE = 1.6;

function dot(ctx: Context, x: number, y: number, colour: string, hollow: boolean): void {
  ctx.beginPath();
  ctx.arc(x, y, DOT_RADIUS, 0, 2 * Math.PI);
  ctx.fillStyle = hollow ? "#ffffff" : colour;
  ctx.fill();
  ctx.lineWidth = STROKE;
  ctx.strokeStyle = colour;
  ctx.stroke();
}

/** A shaft from the dot with a head at its far end: towards less for "up to", more for "more than". */
function arrow(ctx: Context, x: number, y: number, colour: string, direction: 1 | -1): void {
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
function bracket(ctx: Context, x: number, y: number, colour: string): void {
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

/** How far a bound's mark reaches left and right of the amount's dot. */
function reach(bound: Amount["bound"]): { left: number; right: number } {
  const left = bound === "up-to" ? ARROW_LENGTH : bound === "about" ? BRACKET_HALF : DOT_RADIUS;
  const right = bound === "more-than" ? ARROW_LENGTH : bound === "about" ? BRACKET_HALF : DOT_RADIUS;
  return { left: left + STROKE, right: right + STROKE };
}

function amountMark(ctx: Context, x: number, y: number, bound: Amount["bound"], colour: string, hollow: boolean): void {
  if (bound === "up-to") arrow(ctx, x, y, colour, -1);
  if (bound === "more-than") arrow(ctx, x, y, colour, 1);
  if (bound === "about") bracket(ctx, x, y, colour);
  dot(ctx, x, y, colour, hollow);
}

/** A period known only to the year: a bar across it, so that it cannot be read as a day. */
function span(ctx: Context, from: number, to: number, y: number, colour: string, hollow: boolean): void {
  ctx.beginPath();
  ctx.roundRect(from + 1, y - 4, Math.max(to - from - 2, 2), 8, 4);
  ctx.fillStyle = hollow ? "#ffffff" : colour;
  ctx.fill();
  ctx.lineWidth = STROKE;
  ctx.strokeStyle = colour;
  ctx.stroke();
}

/** A wrapped text whose lines sit evenly around `middle`, in the context's current font and alignment. */
function lines(ctx: Context, texts: string[], x: number, middle: number, lineHeight: number): void {
  texts.forEach((text, index) => {
    ctx.fillText(text, x, middle + (index - (texts.length - 1) / 2) * lineHeight);
  });
}

// ── A legend of drawn marks ───────────────────────────────────────────────────────────────────

interface LegendEntry {
  text: string;
  /** Width of the glyph, drawn from its left edge at x, centred on y. */
  glyphWidth: number;
  glyph: (ctx: Context, x: number, y: number) => void;
}

const LEGEND_FONT = `10px ${SANS}`;
const LEGEND_LINE = 17;
const LEGEND_GAP = 18;

function entryWidth(entry: LegendEntry): number {
  return entry.glyphWidth + 5 + textWidth(entry.text, LEGEND_FONT);
}

/** Entries flowed into lines the width of the chart, in order. */
function legendLines(entries: LegendEntry[]): LegendEntry[][] {
  const flowed: LegendEntry[][] = [];
  let used = Number.POSITIVE_INFINITY;
  for (const entry of entries) {
    const width = entryWidth(entry);
    const last = flowed.at(-1);
    if (last !== undefined && used + LEGEND_GAP + width <= WIDTH - 16) {
      last.push(entry);
      used += LEGEND_GAP + width;
    } else {
      flowed.push([entry]);
      used = width;
    }
  }
  return flowed;
}

function legendHeight(flowed: LegendEntry[][]): number {
  return flowed.length * LEGEND_LINE;
}

/** Draws the legend in the room left below the chart, each line centred. */
function markLegend(flowed: LegendEntry[][]): Plugin {
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
        const total = line.reduce((sum, entry) => sum + entryWidth(entry), 0) + LEGEND_GAP * (line.length - 1);
        let x = (WIDTH - total) / 2;
        for (const entry of line) {
          entry.glyph(ctx, x, y);
          ctx.fillStyle = INK;
          ctx.fillText(entry.text, x + entry.glyphWidth + 5, y);
          x += entryWidth(entry) + LEGEND_GAP;
        }
      });
      ctx.restore();
    },
  };
}

function dotEntry(text: string, colour: string, hollow: boolean): LegendEntry {
  return { text, glyphWidth: 2 * DOT_RADIUS + 2, glyph: (ctx, x, y) => dot(ctx, x + DOT_RADIUS + 1, y, colour, hollow) };
}

function boundEntry(text: string, bound: Amount["bound"]): LegendEntry {
  const { left, right } = reach(bound);
  return { text, glyphWidth: left + right, glyph: (ctx, x, y) => amountMark(ctx, x + left, y, bound, INK, true) };
}

function spanEntry(text: string): LegendEntry {
  return { text, glyphWidth: 26, glyph: (ctx, x, y) => span(ctx, x, x + 26, y, MUTED, false) };
}

/** "Stated" filled, then one hollow entry naming every other status the chart shows. */
function statusEntries(statuses: Status[], { lang, labels }: ChartOptions): LegendEntry[] {
  const open = [...new Set(statuses.filter(isHollow))].map((status) => statusWord(labels, status));
  return [
    ...(statuses.some((status) => !isHollow(status)) ? [dotEntry(capitalised(statusWord(labels, "stated"), lang), INK, false)] : []),
    ...(open.length > 0 ? [dotEntry(capitalised(formatList(open, lang, { or: true }), lang), INK, true)] : []),
  ];
}

// ── Money ─────────────────────────────────────────────────────────────────────────────────────

type Priced = Cited<FigureFact> & { amount: Amount };

/** What the money chart draws, and what it leaves to the caption. */
interface MoneySelection {
  currency: Amount["currency"];
  drawn: Priced[];
  /** What one person may be paid: on the totals' scale it would read as spending. */
  pay: Priced[];
  /** Amounts in a currency other than the axis's: no axis serves two currencies. */
  otherCurrency: Priced[];
}

/** The currency most figures are in; on a tie, that of the larger amount, since figures come largest first. */
function majorityCurrency(figures: Priced[]): Amount["currency"] | undefined {
  const counts = new Map<Amount["currency"], number>();
  for (const { amount } of figures) counts.set(amount.currency, (counts.get(amount.currency) ?? 0) + 1);
  let best: Amount["currency"] | undefined;
  for (const [currency, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = currency;
  return best;
}

function selectMoney(figures: Cited<FigureFact>[]): MoneySelection | undefined {
  const priced = figures.flatMap((fact) => (fact.amount === undefined ? [] : [{ ...fact, amount: fact.amount }]));
  const totals = priced.filter((fact) => fact.chart !== "pay");
  const currency = majorityCurrency(totals);
  if (currency === undefined) return undefined;
  return {
    currency,
    drawn: totals.filter((fact) => fact.amount.currency === currency),
    pay: priced.filter((fact) => fact.chart === "pay"),
    otherCurrency: totals.filter((fact) => fact.amount.currency !== currency),
  };
}

/** "AI spending (2028)": the year a spending figure runs to, as the money table gives it, says it is a total over years. */
function figureName(fact: Priced, lang: Language): string {
  return fact.horizon === undefined ? fact.label[lang] : `${fact.label[lang]} (${fact.horizon})`;
}

/** "AI spending (2028): up to $600 billion (reported)", for the alt text. */
function moneyItem(fact: Priced, { lang, labels }: ChartOptions): string {
  return fillLabel(labels, fact.chart === "context" ? "chart_money_item_context" : "chart_money_item", {
    label: figureName(fact, lang),
    amount: formatMoney(fact.amount, lang),
    status: statusWord(labels, fact.status),
  });
}

/** A figure the caption names as left out: "Largest recruiting packages, up to $100 million (reported)". */
function leftOutItem(fact: Priced, { lang, labels }: ChartOptions): string {
  return fillLabel(labels, "chart_money_left_out", {
    label: figureName(fact, lang),
    amount: formatMoney(fact.amount, lang),
    status: statusWord(labels, fact.status),
  });
}

function moneyCaption({ drawn, pay, otherCurrency }: MoneySelection, options: ChartOptions): string {
  const items = (facts: Priced[]) => facts.map((fact) => leftOutItem(fact, options)).join(ITEM_SEPARATOR[options.lang]);
  return [
    fillLabel(options.labels, "chart_commitments_caption"),
    ...(drawn.some((fact) => fact.chart === "context") ? [fillLabel(options.labels, "chart_commitments_context")] : []),
    ...(pay.length > 0 ? [fillLabel(options.labels, "chart_commitments_pay", { items: items(pay) })] : []),
    ...(otherCurrency.length > 0 ? [fillLabel(options.labels, "chart_commitments_currency", { items: items(otherCurrency) })] : []),
  ].join(" ");
}

const NAME_FONT = `600 11px ${SANS}`;
const VALUE_FONT = `11px ${SANS}`;
const LINE_HEIGHT = 13;
/** The widest a figure's name may be before it wraps: the rest of the width is the scale's. */
const MONEY_NAME_WIDTH = 170;
/** Below the plot: the ticks and the axis title. */
const LOG_AXIS_HEIGHT = 46;

interface MoneyRow {
  fact: Priced;
  value: number;
  colour: string;
  hollow: boolean;
  name: string[];
  /** The amount as the article words it ("up to $600 billion"), and its status when not stated. */
  amountText: string;
  statusText: string;
  textWidth: number;
  top: number;
  height: number;
  /** From the row's top to its mark: the amount is written just above the mark, the name's last line level with it. */
  markAt: number;
}

function moneyRows(drawn: Priced[], { lang, labels }: ChartOptions): MoneyRow[] {
  let top = 0;
  return drawn.map((fact) => {
    const name = evenLines(figureName(fact, lang), NAME_FONT, MONEY_NAME_WIDTH);
    const amountText = formatMoney(fact.amount, lang);
    const statusText = isHollow(fact.status) ? ` · ${statusWord(labels, fact.status)}` : "";
    const markAt = 4 + Math.max(LINE_HEIGHT + 4, (name.length - 1) * LINE_HEIGHT) + 7;
    const height = markAt + 11;
    const row = {
      fact,
      value: amountValue(fact.amount),
      colour: fact.chart === "context" ? CONTEXT : ACCENT,
      hollow: isHollow(fact.status),
      name,
      amountText,
      statusText,
      textWidth: textWidth(amountText + statusText, VALUE_FONT),
      top,
      height,
      markAt,
    };
    top += height;
    return row;
  });
}

interface LogAxis {
  /** Powers of ten at either end. */
  low: number;
  high: number;
  /** Room right of the plot for a mark reaching past its end (a "more than" arrow). */
  right: number;
}

/**
 * Whole powers of ten around the amounts, and room on the right for the marks that reach past
 * the last one. The low end goes down a power while a mark reaching left (an "up to" arrow) would
 * leave the plot.
 */
function fitLogAxis(rows: MoneyRow[], plotLeft: number): LogAxis {
  const logs = rows.map((row) => Math.log10(row.value));
  const high = Math.max(Math.ceil(Math.max(...logs)), Math.floor(Math.min(...logs)) + 1);
  const available = WIDTH - plotLeft;
  for (let low = Math.floor(Math.min(...logs)); ; low -= 1) {
    const at = (row: MoneyRow) => (Math.log10(row.value) - low) / (high - low);
    // A mark at a fraction `at` of the plot ends at at * (available - right) + its reach.
    const needs = rows.map((row) => (at(row) === 0 ? 0 : available - (available - 2 - reach(row.fact.amount.bound).right) / at(row)));
    const right = Math.ceil(Math.max(8, ...needs));
    const fits = rows.every((row) => at(row) * (available - right) >= reach(row.fact.amount.bound).left);
    if (fits || low < Math.min(...logs) - 3) return { low, high, right };
  }
}

/** "1 000 milliards" over two lines, "1 000" above "milliards"; "$1bn" has no space and stays whole. */
function twoLines(text: string): string[] {
  const space = text.lastIndexOf(" ");
  return space < 0 ? [text] : [text.slice(0, space), text.slice(space + 1)];
}

/**
 * A label per power of ten: on one line where they fit side by side, else on two lines, else on
 * every other power (the gridlines stay). French words are long: "100 milliards".
 */
function logTickLabels(axis: LogAxis, plotWidth: number, currency: Amount["currency"], lang: Language): Map<number, string[]> {
  const powers = Array.from({ length: axis.high - axis.low + 1 }, (_, index) => axis.low + index);
  const spacing = plotWidth / (axis.high - axis.low);
  const sideBySide = (labels: string[][]) => Math.max(...labels.map((label) => widest(label, TICK_FONT))) + 16 <= spacing;
  const byPower = (labels: string[][]) => new Map(powers.map((power, index) => [power, labels[index] ?? [""]]));
  const oneLine = powers.map((power) => [formatAxisMoney(10 ** power, currency, lang)]);
  if (sideBySide(oneLine)) return byPower(oneLine);
  const split = oneLine.map(([text = ""]) => twoLines(text));
  if (sideBySide(split)) return byPower(split);
  // Counted from the top power, so that the largest amounts' end of the scale stays labelled.
  return byPower(split.map((label, index) => ((powers.length - 1 - index) % 2 === 0 ? label : [""])));
}

function moneyLegend(rows: MoneyRow[], options: ChartOptions): LegendEntry[] {
  const bounds = new Set(rows.map((row) => row.fact.amount.bound));
  const label = (key: string) => fillLabel(options.labels, key);
  return [
    ...statusEntries(
      rows.map((row) => row.fact.status),
      options,
    ),
    ...(bounds.has("up-to") ? [boundEntry(label("chart_mark_up_to"), "up-to")] : []),
    ...(bounds.has("more-than") ? [boundEntry(label("chart_mark_more_than"), "more-than")] : []),
    ...(bounds.has("about") ? [boundEntry(label("chart_mark_about"), "about")] : []),
    ...(rows.some((row) => row.fact.chart === "context") ? [dotEntry(label("chart_mark_context"), CONTEXT, false)] : []),
  ];
}

/** The amount and its status just above the mark, from where its mark starts, kept inside the chart. */
function amountText(ctx: Context, row: MoneyRow, at: number, markY: number): void {
  const left = Math.min(at - reach(row.fact.amount.bound).left, WIDTH - 2 - row.textWidth);
  ctx.textAlign = "left";
  ctx.font = VALUE_FONT;
  ctx.fillStyle = INK;
  ctx.fillText(row.amountText, left, markY - 14);
  ctx.fillStyle = MUTED;
  ctx.fillText(row.statusText, left + textWidth(row.amountText, VALUE_FONT), markY - 14);
}

/** A guide across the plot for each row, the mark on it, the amount above it, the name on the left. */
function moneyMarks(rows: MoneyRow[]): Plugin {
  return drawnOver("moneyMarks", ({ ctx, chartArea }, x, y) => {
    ctx.textBaseline = "middle";
    for (const row of rows) {
      const markY = y.getPixelForValue(row.top + row.markAt);
      const at = x.getPixelForValue(row.value);
      rule(ctx, [chartArea.left, markY], [chartArea.right, markY], ROW_GUIDE);
      amountMark(ctx, at, markY, row.fact.amount.bound, row.colour, row.hollow);
      amountText(ctx, row, at, markY);
      ctx.textAlign = "right";
      ctx.font = NAME_FONT;
      ctx.fillStyle = INK;
      lines(ctx, row.name, chartArea.left - 12, markY - ((row.name.length - 1) * LINE_HEIGHT) / 2, LINE_HEIGHT);
    }
  });
}

/** A plugin that draws over the plotted data once the scales are laid out, leaving the context as it found it. */
function drawnOver(id: string, draw: (chart: Chart, x: Scale, y: Scale) => void): Plugin {
  return {
    id,
    afterDatasetsDraw(chart: Chart) {
      const { x, y } = chart.scales;
      if (x === undefined || y === undefined) return;
      chart.ctx.save();
      draw(chart, x, y);
      chart.ctx.restore();
    },
  };
}

/** A one-pixel line from one point to another. */
function rule(ctx: Context, [fromX, fromY]: [number, number], [toX, toY]: [number, number], colour: string): void {
  ctx.beginPath();
  ctx.moveTo(fromX, fromY);
  ctx.lineTo(toX, toY);
  ctx.lineWidth = 1;
  ctx.strokeStyle = colour;
  ctx.stroke();
}

/**
 * Amounts as dots on a log scale: no bar from an arbitrary origin, so that $600 billion does
 * not look five times $100 million. A bound is a mark of its own, a status short of stated is a
 * hollow dot with its word, others' money is grey; pay and other currencies go to the caption.
 */
function commitmentsChart(figures: Cited<FigureFact>[], options: ChartOptions): ChartImage | undefined {
  const selection = selectMoney(figures);
  if (selection === undefined || selection.drawn.length === 0) return undefined;
  const { lang, labels } = options;
  const rows = moneyRows(selection.drawn, options);
  const plotLeft = Math.ceil(Math.max(...rows.map((row) => widest(row.name, NAME_FONT)))) + 24;
  const axis = fitLogAxis(rows, plotLeft);
  const { currency } = selection;
  const ticks = logTickLabels(axis, WIDTH - plotLeft - axis.right, currency, lang);
  const tickLines = Math.max(...[...ticks.values()].map((label) => label.length));
  const flowed = legendLines(moneyLegend(rows, options));
  const rowsHeight = rows.reduce((sum, row) => sum + row.height, 0);
  const height = Math.ceil(6 + rowsHeight + LOG_AXIS_HEIGHT + (tickLines - 1) * 12 + legendHeight(flowed) + 8);
  const svg = draw(
    {
      type: "scatter",
      data: { datasets: [] },
      options: {
        responsive: false,
        layout: { padding: { left: plotLeft, right: axis.right, top: 6, bottom: legendHeight(flowed) + 8 } },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: {
          x: {
            type: "logarithmic",
            min: 10 ** axis.low,
            max: 10 ** axis.high,
            title: {
              display: true,
              text: fillLabel(labels, currency === "EUR" ? "chart_axis_eur_log" : "chart_axis_usd_log"),
              color: MUTED,
            },
            grid: { color: GRID },
            ticks: {
              color: MUTED,
              font: { size: 10 },
              maxRotation: 0,
              autoSkip: false,
              // Only powers of ten: each gridline ten times the one before, as the caption says.
              callback: (value) => {
                const power = Math.log10(Number(value));
                return Math.abs(power - Math.round(power)) < 1e-9 ? (ticks.get(Math.round(power)) ?? null) : null;
              },
            },
          },
          y: { type: "linear", display: false, reverse: true, min: 0, max: rowsHeight },
        },
      },
      plugins: [moneyMarks(rows), markLegend(flowed)],
    },
    height,
  );
  return {
    id: "commitments",
    svg,
    width: WIDTH,
    height,
    caption: moneyCaption(selection, options),
    // The caption names the figures left out, with their amounts: their sources are cited too.
    cites: sortedUnique([...selection.drawn, ...selection.pay, ...selection.otherCurrency].flatMap((fact) => fact.cites)),
    alt: fillLabel(labels, "chart_commitments_alt", {
      items: selection.drawn.map((fact) => moneyItem(fact, options)).join(ITEM_SEPARATOR[lang]),
    }),
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

// ── Talent ────────────────────────────────────────────────────────────────────────────────────

/** Where a move goes: at its month or day, across its year, or in the column of the undated. */
type Placement = { kind: "point"; at: number } | { kind: "year"; start: number; end: number } | { kind: "undated" };

function placement(date: string | undefined): Placement {
  if (date === undefined) return { kind: "undated" };
  const [year = 0, month, day] = date.split("-").map(Number);
  if (month === undefined) return { kind: "year", start: monthIndex(year, 1), end: monthIndex(year, 13) };
  if (day === undefined) return { kind: "point", at: monthIndex(year, month) + 0.5 };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { kind: "point", at: monthIndex(year, month) + (day - 0.5) / daysInMonth };
}

interface TalentRow {
  move: Cited<MoveFact>;
  /** Who moved, wrapped for the name column. */
  name: string[];
  place: Placement;
  colour: string;
  hollow: boolean;
  top: number;
  height: number;
}

interface Lane {
  title: string;
  colour: string;
  top: number;
  rows: TalentRow[];
}

const TALENT_NAME_FONT = `11px ${SANS}`;
const LANE_FONT = `600 11px ${SANS}`;
/** The widest the name column may be: the rest is the time line's and the undated column's. */
const TALENT_NAME_WIDTH = 220;
const INDENT = 12;
const LANE_HEAD = 20;
const LANE_GAP = 8;
/** Below the plot: the ticks, and the undated column's heading beside them. */
const DATE_AXIS_HEIGHT = 26;

/** Dated moves first, oldest first; the undated keep the order of the data. */
const undatedLast = (a: Cited<MoveFact>, b: Cited<MoveFact>) => (a.date ?? "\uffff").localeCompare(b.date ?? "\uffff");

/** Arrivals then departures, one row per move; a lane nobody is in is left out rather than shown empty. */
function talentLanes({ arrivals, departures }: View["moves"], { lang, labels }: ChartOptions): Lane[] {
  const lanes: Lane[] = [];
  let top = 0;
  const kinds = [
    { title: fillLabel(labels, "arrivals"), colour: ARRIVAL, moves: arrivals },
    { title: fillLabel(labels, "departures"), colour: DEPARTURE, moves: departures },
  ];
  for (const { title, colour, moves } of kinds) {
    if (moves.length === 0) continue;
    if (lanes.length > 0) top += LANE_GAP;
    const lane: Lane = { title, colour, top, rows: [] };
    top += LANE_HEAD;
    for (const move of [...moves].sort(undatedLast)) {
      const name = evenLines(move.who[lang], TALENT_NAME_FONT, TALENT_NAME_WIDTH - INDENT);
      const height = Math.max(18, name.length * LINE_HEIGHT + 5);
      lane.rows.push({ move, name, place: placement(move.date), colour, hollow: isHollow(move.status), top, height });
      top += height;
    }
    lanes.push(lane);
  }
  return lanes;
}

function lanesHeight(lanes: Lane[]): number {
  const last = lanes.at(-1)?.rows.at(-1);
  return last === undefined ? 0 : last.top + last.height;
}

interface DateAxis {
  min: number;
  max: number;
  /** Months between ticks: quarters over a short span, years or decades over a long one. */
  step: number;
}

/** Months between ticks, shortest first; from a year up, a tick is a year's number alone. */
const DATE_STEPS = [3, 6, 12, 24, 60, 120];
/** Room for a tick's label ("janv. 2025") and some air. */
const DATE_TICK_ROOM = 60;

/** Whole steps around the dated moves, as fine as the width allows; undefined when none is dated. */
function dateAxis(rows: TalentRow[], width: number): DateAxis | undefined {
  const ends = rows.flatMap(({ place }) => (place.kind === "point" ? [place.at] : place.kind === "year" ? [place.start, place.end] : []));
  if (ends.length === 0) return undefined;
  const first = Math.min(...ends);
  const last = Math.max(...ends);
  const fitting = (step: number) => {
    const min = Math.floor(first / step) * step;
    return { min, max: Math.max(Math.ceil(last / step) * step, min + step), step };
  };
  const room = DATE_STEPS.map(fitting).find((axis) => ((axis.max - axis.min) / axis.step) * DATE_TICK_ROOM <= width);
  return room ?? fitting(DATE_STEPS.at(-1) ?? 12);
}

/** "Jan 2025", "Apr", "Jul": the year on the first tick and on each January, months short. */
function monthTick(index: number, first: boolean, step: number, lang: Language): string {
  const year = Math.floor(index / 12);
  if (step >= 12) return String(year);
  const month = new Intl.DateTimeFormat(htmlLang(lang), { month: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, index % 12, 1)),
  );
  return first || index % 12 === 0 ? `${month} ${year}` : month;
}

/** The column of moves no source dates, right of the time line. */
interface UndatedColumn {
  heading: string;
  width: number;
  /** Room between the time line and the column: the last date on the axis is centred on its end. */
  gap: number;
}

/** Light stripes on every other row, so that a name and its mark far to the right read as one line. */
function talentStripes(lanes: Lane[]): Plugin {
  return {
    id: "talentStripes",
    beforeDraw(chart: Chart) {
      const { ctx } = chart;
      const { y } = chart.scales;
      if (y === undefined) return;
      ctx.save();
      ctx.fillStyle = STRIPE;
      for (const lane of lanes)
        lane.rows.forEach((row, index) => {
          if (index % 2 === 1) return;
          const top = y.getPixelForValue(row.top);
          ctx.fillRect(0, top, WIDTH, y.getPixelForValue(row.top + row.height) - top);
        });
      ctx.restore();
    },
  };
}

function talentMarks(lanes: Lane[], undated: UndatedColumn | undefined): Plugin {
  return drawnOver("talentMarks", ({ ctx, chartArea }, x, y) => {
    const column = WIDTH - 2 - (undated?.width ?? 0) / 2;
    if (undated !== undefined) {
      // A rule between the time line and the column, so that the undated cannot be read as late.
      const between = WIDTH - 2 - undated.width - 6;
      rule(ctx, [between, chartArea.top], [between, chartArea.bottom + DATE_AXIS_HEIGHT - 6], GRID);
      ctx.font = TICK_FONT;
      ctx.fillStyle = MUTED;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.fillText(undated.heading, column, chartArea.bottom + 11);
    }
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    for (const lane of lanes) {
      ctx.font = LANE_FONT;
      ctx.fillStyle = lane.colour;
      ctx.fillText(lane.title, 0, y.getPixelForValue(lane.top + LANE_HEAD / 2));
      for (const row of lane.rows) {
        const middle = y.getPixelForValue(row.top + row.height / 2);
        const { place } = row;
        if (place.kind === "year")
          span(ctx, x.getPixelForValue(place.start), x.getPixelForValue(place.end), middle, row.colour, row.hollow);
        else dot(ctx, place.kind === "point" ? x.getPixelForValue(place.at) : column, middle, row.colour, row.hollow);
        ctx.font = TALENT_NAME_FONT;
        ctx.fillStyle = INK;
        lines(ctx, row.name, INDENT, middle, LINE_HEIGHT);
      }
    }
  });
}

function talentLegend(rows: TalentRow[], options: ChartOptions): LegendEntry[] {
  return [
    ...statusEntries(
      rows.map((row) => row.move.status),
      options,
    ),
    ...(rows.some((row) => row.place.kind === "year") ? [spanEntry(fillLabel(options.labels, "chart_year_only"))] : []),
  ];
}

/** "Alexandr Wang (May 2025, derived; stated)": who, when and how the article puts it. */
function moveItem(row: TalentRow, { lang, labels }: ChartOptions): string {
  const { move } = row;
  const when =
    move.date === undefined
      ? fillLabel(labels, "chart_move_undated")
      : `${formatDate(move.date, lang)}${move.date_derived === undefined ? "" : `, ${fillLabel(labels, "derived_mark")}`}`;
  return fillLabel(labels, "chart_move_item", { who: move.who[lang], when, status: statusWord(labels, move.status) });
}

function talentText(lanes: Lane[], rows: TalentRow[], options: ChartOptions): { caption: string; alt: string } {
  const { lang, labels } = options;
  const caption = [
    fillLabel(labels, "chart_talent_caption"),
    ...(rows.some((row) => row.place.kind === "year") ? [fillLabel(labels, "chart_talent_year")] : []),
    ...(rows.some((row) => row.place.kind === "undated") ? [fillLabel(labels, "chart_talent_undated")] : []),
  ].join(" ");
  const laneTexts = lanes.map((lane) =>
    fillLabel(labels, "chart_talent_lane", {
      lane: lane.title,
      items: lane.rows.map((row) => moveItem(row, options)).join(ITEM_SEPARATOR[lang]),
    }),
  );
  return { caption, alt: fillLabel(labels, "chart_talent_alt", { lanes: laneTexts.join(" ") }) };
}

/**
 * Each move a mark on its own row, named: at its month on a time line, as a bar across its year
 * when only the year is known, or in a column of its own when no source dates it. No count axis:
 * "dozens of talents" and "Yann LeCun" are one mark each, and do not add up to a net flow.
 */
function talentChart(moves: View["moves"], options: ChartOptions): ChartImage | undefined {
  const lanes = talentLanes(moves, options);
  const rows = lanes.flatMap((lane) => lane.rows);
  if (rows.length === 0) return undefined;
  const { lang, labels } = options;
  const nameColumn = Math.max(
    ...lanes.map((lane) => textWidth(lane.title, LANE_FONT)),
    ...rows.map((row) => INDENT + widest(row.name, TALENT_NAME_FONT)),
  );
  const heading = fillLabel(labels, "chart_undated");
  const undatedWidth = Math.ceil(Math.max(textWidth(heading, TICK_FONT), 2 * DOT_RADIUS)) + 16;
  const axis = dateAxis(rows, WIDTH - nameColumn - 16 - undatedWidth - 40);
  const lastTick = axis === undefined ? 0 : textWidth(monthTick(axis.max, false, axis.step, lang), TICK_FONT);
  const undated = rows.some((row) => row.place.kind === "undated")
    ? { heading, width: undatedWidth, gap: Math.ceil(lastTick / 2) + 14 }
    : undefined;
  const flowed = legendLines(talentLegend(rows, options));
  const rowsHeight = lanesHeight(lanes);
  const bottom = legendHeight(flowed) + 8 + (axis === undefined ? DATE_AXIS_HEIGHT : 0);
  const height = Math.ceil(4 + rowsHeight + DATE_AXIS_HEIGHT + legendHeight(flowed) + 8);
  const svg = draw(
    {
      type: "scatter",
      data: { datasets: [] },
      options: {
        responsive: false,
        layout: {
          padding: {
            left: Math.ceil(nameColumn) + 16,
            right: undated === undefined ? Math.ceil(lastTick / 2) + 2 : undated.width + undated.gap,
            top: 4,
            bottom,
          },
        },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: {
          x:
            axis === undefined
              ? { type: "linear", display: false, min: 0, max: 1 }
              : {
                  type: "linear",
                  min: axis.min,
                  max: axis.max,
                  grid: { color: GRID },
                  ticks: {
                    stepSize: axis.step,
                    color: MUTED,
                    font: { size: 10 },
                    maxRotation: 0,
                    autoSkip: false,
                    callback: (value, index) => monthTick(Number(value), index === 0, axis.step, lang),
                  },
                },
          y: { type: "linear", display: false, reverse: true, min: 0, max: rowsHeight },
        },
      },
      plugins: [talentStripes(lanes), talentMarks(lanes, undated), markLegend(flowed)],
    },
    height,
  );
  return {
    id: "talent",
    svg,
    width: WIDTH,
    height,
    ...talentText(lanes, rows, options),
    cites: sortedUnique(rows.flatMap((row) => row.move.cites)),
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
