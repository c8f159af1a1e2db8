// Amounts of money as dots, one row per figure: no bar from an arbitrary origin, so that $600
// billion does not look five times $100 million. A bound is a mark of its own, a status short of
// stated is a hollow dot with its word, others' money is grey; pay and other currencies go to the
// caption, never onto the axis.
import type { ScaleOptions } from "chart.js";
import { SANS } from "../fonts.js";
import { amountValue, formatAxisMoney, formatMoney } from "../format.js";
import { fillLabel } from "../i18n/labels.js";
import type { ChartSpec, Language } from "../profile/schema.js";
import type { Amount, FigureFact } from "../schema.js";
import type { Cited } from "../stages/derive.js";
import {
  ACCENT,
  ARROW_LENGTH,
  arrow,
  BRACKET_HALF,
  bracket,
  type ChartCache,
  type ChartImage,
  type ChartOptions,
  CONTEXT,
  type Context,
  DOT_RADIUS,
  dot,
  dotEntry,
  draw,
  drawnOver,
  evenLines,
  GRID,
  INK,
  inLanguage,
  isHollow,
  itemSeparator,
  type LegendEntry,
  LINE_HEIGHT,
  legendHeight,
  legendLines,
  lines,
  MUTED,
  markLegend,
  ROW_GUIDE,
  rule,
  STROKE,
  sortedUnique,
  statusEntries,
  statusWord,
  TICK_FONT,
  textWidth,
  WIDTH,
  widest,
} from "./frame.js";

type AmountsSpec = Extract<ChartSpec, { type: "amounts" }>;
type Scale = AmountsSpec["scale"];
type Priced = Cited<FigureFact> & { amount: Amount };

/** The axis's title, by its currency and scale: every currency an amount may have needs one. */
const AXIS_TITLES: Record<Amount["currency"], Record<Scale, string>> = {
  USD: { log: "chart_axis_usd_log", linear: "chart_axis_usd_linear" },
  EUR: { log: "chart_axis_eur_log", linear: "chart_axis_eur_linear" },
};

/** What the chart draws, and what it leaves to the caption. */
interface AmountSelection {
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

/** The figures with an amount, largest first: the order of the rows, whatever order they were chosen in. */
function selectAmounts(facts: readonly Cited[]): AmountSelection | undefined {
  const priced = facts
    .flatMap((fact) => (fact.kind === "figure" && fact.amount !== undefined ? [{ ...fact, amount: fact.amount }] : []))
    .sort((a, b) => amountValue(b.amount) - amountValue(a.amount));
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
  const label = inLanguage(fact.label, lang);
  return fact.horizon === undefined ? label : `${label} (${fact.horizon})`;
}

/** "AI spending (2028): up to $600 billion (reported)", for the alt text. */
function amountItem(fact: Priced, { lang, labels }: ChartOptions): string {
  return fillLabel(labels, fact.chart === "context" ? "chart_amounts_item_context" : "chart_amounts_item", {
    label: figureName(fact, lang),
    amount: formatMoney(fact.amount, lang),
    status: statusWord(labels, fact.status),
  });
}

/** A figure the caption names as left out: "Largest recruiting packages, up to $100 million (reported)". */
function leftOutItem(fact: Priced, { lang, labels }: ChartOptions): string {
  return fillLabel(labels, "chart_amounts_left_out", {
    label: figureName(fact, lang),
    amount: formatMoney(fact.amount, lang),
    status: statusWord(labels, fact.status),
  });
}

function amountsCaption(spec: AmountsSpec, { drawn, pay, otherCurrency }: AmountSelection, options: ChartOptions): string {
  const { lang, labels } = options;
  const items = (facts: Priced[]) => facts.map((fact) => leftOutItem(fact, options)).join(itemSeparator(labels));
  return [
    spec.caption?.[lang] ?? fillLabel(labels, spec.scale === "log" ? "chart_amounts_caption" : "chart_amounts_caption_linear"),
    ...(drawn.some((fact) => fact.chart === "context") ? [fillLabel(labels, "chart_amounts_context")] : []),
    ...(pay.length > 0 ? [fillLabel(labels, "chart_amounts_pay", { items: items(pay) })] : []),
    ...(otherCurrency.length > 0 ? [fillLabel(labels, "chart_amounts_currency", { items: items(otherCurrency) })] : []),
  ].join(" ");
}

// ── Marks ─────────────────────────────────────────────────────────────────────────────────────

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

function boundEntry(text: string, bound: Amount["bound"]): LegendEntry {
  const { left, right } = reach(bound);
  return { text, glyphWidth: left + right, glyph: (ctx, x, y) => amountMark(ctx, x + left, y, bound, INK, true) };
}

// ── Rows ──────────────────────────────────────────────────────────────────────────────────────

const NAME_FONT = `600 11px ${SANS}`;
const VALUE_FONT = `11px ${SANS}`;
/** The widest a figure's name may be before it wraps: the rest of the width is the scale's. */
const NAME_WIDTH = 170;
/** Below the plot: the ticks and the axis title. */
const AXIS_HEIGHT = 46;

interface AmountRow {
  fact: Priced;
  value: number;
  colour: string;
  hollow: boolean;
  name: string[];
  /** The amount as the article words it ("up to $600 billion"), and its status when not stated. */
  amountText: string;
  statusText: string;
  /** Widths of the amount alone and with its status, measured before drawing. */
  amountWidth: number;
  textWidth: number;
  top: number;
  height: number;
  /** From the row's top to its mark: the amount is written just above the mark, the name's last line level with it. */
  markAt: number;
}

function amountRows(drawn: Priced[], { lang, labels, cache }: ChartOptions): AmountRow[] {
  let top = 0;
  return drawn.map((fact) => {
    const name = evenLines(cache, figureName(fact, lang), NAME_FONT, NAME_WIDTH);
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
      amountWidth: textWidth(cache, amountText, VALUE_FONT),
      textWidth: textWidth(cache, amountText + statusText, VALUE_FONT),
      top,
      height,
      markAt,
    };
    top += height;
    return row;
  });
}

function amountsLegend(rows: AmountRow[], options: ChartOptions): LegendEntry[] {
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
function amountText(ctx: Context, row: AmountRow, at: number, markY: number): void {
  const left = Math.min(at - reach(row.fact.amount.bound).left, WIDTH - 2 - row.textWidth);
  ctx.textAlign = "left";
  ctx.font = VALUE_FONT;
  ctx.fillStyle = INK;
  ctx.fillText(row.amountText, left, markY - 14);
  ctx.fillStyle = MUTED;
  ctx.fillText(row.statusText, left + row.amountWidth, markY - 14);
}

/**
 * A guide across the plot for each row, the mark on it, the amount above it, the name on the
 * left. `before` is the room between the names and the axis's start, for marks that reach past it.
 */
function amountMarks(rows: AmountRow[], before: number) {
  return drawnOver("amountMarks", ({ ctx, chartArea }, x, y) => {
    ctx.textBaseline = "middle";
    const start = chartArea.left - before;
    for (const row of rows) {
      const markY = y.getPixelForValue(row.top + row.markAt);
      const at = x.getPixelForValue(row.value);
      rule(ctx, [start, markY], [chartArea.right, markY], ROW_GUIDE);
      amountMark(ctx, at, markY, row.fact.amount.bound, row.colour, row.hollow);
      amountText(ctx, row, at, markY);
      ctx.textAlign = "right";
      ctx.font = NAME_FONT;
      ctx.fillStyle = INK;
      lines(ctx, row.name, start - 12, markY - ((row.name.length - 1) * LINE_HEIGHT) / 2, LINE_HEIGHT);
    }
  });
}

// ── Axes ──────────────────────────────────────────────────────────────────────────────────────

/** The x axis as laid out: the scale chart.js draws and the room either side of it for the marks. */
interface ValueAxis {
  scale: ScaleOptions<"logarithmic"> | ScaleOptions<"linear">;
  /** Room between the names and the axis's start, for a mark reaching left of it. */
  before: number;
  /** Room right of the plot for a mark reaching past its end (a "more than" arrow). */
  right: number;
  /** Lines in the tallest tick label. */
  tickLines: number;
}

/**
 * The room right of the plot so that every mark ends inside the chart: a mark at a fraction `at`
 * of a plot `available` wide, less that room, ends at at * (available - right) + its reach.
 */
function rightRoom(rows: AmountRow[], fraction: (row: AmountRow) => number, available: number): number {
  const needs = rows.map((row) =>
    fraction(row) === 0 ? 0 : available - (available - 2 - reach(row.fact.amount.bound).right) / fraction(row),
  );
  return Math.ceil(Math.max(8, ...needs));
}

/**
 * Whole powers of ten around the amounts, and room on the right for the marks that reach past
 * the last one. The low end goes down a power while a mark reaching left (an "up to" arrow) would
 * leave the plot.
 */
function fitLogAxis(rows: AmountRow[], plotLeft: number): { low: number; high: number; right: number } {
  const logs = rows.map((row) => Math.log10(row.value));
  const high = Math.max(Math.ceil(Math.max(...logs)), Math.floor(Math.min(...logs)) + 1);
  const available = WIDTH - plotLeft;
  for (let low = Math.floor(Math.min(...logs)); ; low -= 1) {
    const at = (row: AmountRow) => (Math.log10(row.value) - low) / (high - low);
    const right = rightRoom(rows, at, available);
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
function logTickLabels(
  cache: ChartCache,
  axis: { low: number; high: number },
  plotWidth: number,
  currency: Amount["currency"],
  lang: Language,
): Map<number, string[]> {
  const powers = Array.from({ length: axis.high - axis.low + 1 }, (_, index) => axis.low + index);
  const spacing = plotWidth / (axis.high - axis.low);
  const sideBySide = (labels: string[][]) => Math.max(...labels.map((label) => widest(cache, label, TICK_FONT))) + 16 <= spacing;
  const byPower = (labels: string[][]) => new Map(powers.map((power, index) => [power, labels[index] ?? [""]]));
  const oneLine = powers.map((power) => [formatAxisMoney(10 ** power, currency, lang)]);
  if (sideBySide(oneLine)) return byPower(oneLine);
  const split = oneLine.map(([text = ""]) => twoLines(text));
  if (sideBySide(split)) return byPower(split);
  // Counted from the top power, so that the largest amounts' end of the scale stays labelled.
  return byPower(split.map((label, index) => ((powers.length - 1 - index) % 2 === 0 ? label : [""])));
}

/** Tick labels every value axis shares; a fresh object each time, as chart.js keeps what it is given. */
function tickStyle() {
  return { color: MUTED, font: { size: 10 }, maxRotation: 0, autoSkip: false };
}

function logAxis(
  rows: AmountRow[],
  plotLeft: number,
  title: string,
  currency: Amount["currency"],
  { lang, cache }: ChartOptions,
): ValueAxis {
  const axis = fitLogAxis(rows, plotLeft);
  const ticks = logTickLabels(cache, axis, WIDTH - plotLeft - axis.right, currency, lang);
  return {
    scale: {
      type: "logarithmic",
      min: 10 ** axis.low,
      max: 10 ** axis.high,
      title: { display: true, text: title, color: MUTED },
      grid: { color: GRID },
      ticks: {
        ...tickStyle(),
        // Only powers of ten: each gridline ten times the one before, as the caption says.
        callback: (value) => {
          const power = Math.log10(Number(value));
          return Math.abs(power - Math.round(power)) < 1e-9 ? (ticks.get(Math.round(power)) ?? null) : null;
        },
      },
    },
    before: 0,
    right: axis.right,
    tickLines: Math.max(...[...ticks.values()].map((label) => label.length)),
  };
}

/** Steps of a linear axis, as multiples of a power of ten: 1, 2, 5, 10, 20, 50... */
const LINEAR_STEPS = [1, 2, 5];
/** More gridlines than this only crowd the axis. */
const MOST_LINEAR_TICKS = 10;

/**
 * From zero to a whole step at or past the largest amount, with the finest step whose labels fit
 * side by side; room left of zero for an "up to" arrow near it, right of the end for a "more than".
 */
function linearAxis(
  rows: AmountRow[],
  plotLeft: number,
  title: string,
  currency: Amount["currency"],
  { lang, cache }: ChartOptions,
): ValueAxis {
  const largest = Math.max(...rows.map((row) => row.value));
  const total = WIDTH - plotLeft;
  for (let power = Math.floor(Math.log10(largest)) - 1; ; power += 1)
    for (const multiple of LINEAR_STEPS) {
      const step = multiple * 10 ** power;
      const count = Math.ceil(largest / step);
      if (count > MOST_LINEAR_TICKS) continue;
      const max = count * step;
      const at = (row: AmountRow) => row.value / max;
      // The room either side depends on the plot's width, which depends on the room: a few rounds settle it.
      let [before, right] = [0, 8];
      for (let round = 0; round < 3; round += 1) {
        right = rightRoom(rows, at, total - before);
        const needs = rows.map((row) =>
          at(row) === 1 ? 0 : (reach(row.fact.amount.bound).left - at(row) * (total - right)) / (1 - at(row)),
        );
        before = Math.ceil(Math.max(0, ...needs));
      }
      const labels = Array.from({ length: count + 1 }, (_, index) => formatAxisMoney(index * step, currency, lang));
      const spacing = (total - before - right) / count;
      if (count > 1 && widest(cache, labels, TICK_FONT) + 16 > spacing) continue;
      return {
        scale: {
          type: "linear",
          min: 0,
          max,
          title: { display: true, text: title, color: MUTED },
          grid: { color: GRID },
          ticks: { ...tickStyle(), stepSize: step, callback: (value) => formatAxisMoney(Number(value), currency, lang) },
        },
        before,
        right,
        tickLines: 1,
      };
    }
}

/**
 * The figures with an amount among `facts`, each a dot on a log scale (each gridline ten times the
 * one before) or a linear one from zero, as `spec.scale` says. Figures marked `chart: pay` are
 * named in the caption, not drawn; `chart: context` are drawn grey; the others are the subject's
 * own. Only the currency most amounts are in is drawn; the others are named in the caption.
 */
export function amountsChart(spec: AmountsSpec, facts: readonly Cited[], options: ChartOptions): ChartImage | undefined {
  const selection = selectAmounts(facts);
  if (selection === undefined || selection.drawn.length === 0) return undefined;
  const { labels, cache } = options;
  const rows = amountRows(selection.drawn, options);
  const plotLeft = Math.ceil(Math.max(...rows.map((row) => widest(cache, row.name, NAME_FONT)))) + 24;
  const { currency } = selection;
  const title = fillLabel(labels, AXIS_TITLES[currency][spec.scale]);
  const axis = (spec.scale === "log" ? logAxis : linearAxis)(rows, plotLeft, title, currency, options);
  const flowed = legendLines(cache, amountsLegend(rows, options));
  const rowsHeight = rows.reduce((sum, row) => sum + row.height, 0);
  const height = Math.ceil(6 + rowsHeight + AXIS_HEIGHT + (axis.tickLines - 1) * 12 + legendHeight(flowed) + 8);
  const svg = draw(
    cache,
    {
      type: "scatter",
      data: { datasets: [] },
      options: {
        responsive: false,
        layout: { padding: { left: plotLeft + axis.before, right: axis.right, top: 6, bottom: legendHeight(flowed) + 8 } },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: {
          x: axis.scale,
          y: { type: "linear", display: false, reverse: true, min: 0, max: rowsHeight },
        },
      },
      plugins: [amountMarks(rows, axis.before), markLegend(flowed)],
    },
    height,
    spec.id,
  );
  return {
    id: spec.id,
    svg,
    width: WIDTH,
    height,
    caption: amountsCaption(spec, selection, options),
    // The caption names the figures left out, with their amounts: their sources are cited too.
    cites: sortedUnique([...selection.drawn, ...selection.pay, ...selection.otherCurrency].flatMap((fact) => fact.cites)),
    alt: fillLabel(labels, spec.scale === "log" ? "chart_amounts_alt" : "chart_amounts_alt_linear", {
      items: selection.drawn.map((fact) => amountItem(fact, options)).join(itemSeparator(labels)),
    }),
  };
}
