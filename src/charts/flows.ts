// Moves in and out, each a mark on its own named row: at its month on a time line, as a bar
// across its year when only the year is known, or in a column of its own when no source dates it.
// No count axis: "dozens of talents" and one named person are one mark each, and do not add up to
// a net flow.
import type { Chart, Plugin } from "chart.js";
import { compareDates } from "../choices.js";
import { SANS } from "../fonts.js";
import { dateFormat, formatDate, htmlLang } from "../format.js";
import { fillLabel } from "../i18n/labels.js";
import type { ChartSpec, Language } from "../profile/schema.js";
import type { MoveFact } from "../schema.js";
import type { Cited } from "../stages/derive.js";
import {
  ARRIVAL,
  type ChartImage,
  type ChartOptions,
  DEPARTURE,
  DOT_RADIUS,
  dot,
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
  monthIndex,
  rule,
  STRIPE,
  sortedUnique,
  span,
  spanEntry,
  statusEntries,
  statusWord,
  TICK_FONT,
  textWidth,
  WIDTH,
  widest,
} from "./frame.js";

type FlowsSpec = Extract<ChartSpec, { type: "flows" }>;

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

interface MoveRow {
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
  rows: MoveRow[];
}

const NAME_FONT = `11px ${SANS}`;
const LANE_FONT = `600 11px ${SANS}`;
/** The widest the name column may be: the rest is the time line's and the undated column's. */
const NAME_WIDTH = 220;
const INDENT = 12;
const LANE_HEAD = 20;
const LANE_GAP = 8;
/** Below the plot: the ticks, and the undated column's heading beside them. */
const DATE_AXIS_HEIGHT = 26;

/** Dated moves first, oldest first; the undated keep the order they were chosen in. */
const undatedLast = (a: Cited<MoveFact>, b: Cited<MoveFact>) => compareDates(a.date ?? "\uffff", b.date ?? "\uffff");

/** Arrivals then departures, one row per move; a lane nobody is in is left out rather than shown empty. */
function moveLanes(moves: Cited<MoveFact>[], { lang, labels, cache }: ChartOptions): Lane[] {
  const lanes: Lane[] = [];
  let top = 0;
  const kinds = [
    { title: fillLabel(labels, "arrivals"), colour: ARRIVAL, direction: "arrival" },
    { title: fillLabel(labels, "departures"), colour: DEPARTURE, direction: "departure" },
  ] as const;
  for (const { title, colour, direction } of kinds) {
    const inLane = moves.filter((move) => move.direction === direction).sort(undatedLast);
    if (inLane.length === 0) continue;
    if (lanes.length > 0) top += LANE_GAP;
    const lane: Lane = { title, colour, top, rows: [] };
    top += LANE_HEAD;
    for (const move of inLane) {
      const name = evenLines(cache, inLanguage(move.who, lang), NAME_FONT, NAME_WIDTH - INDENT);
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
function dateAxis(rows: MoveRow[], width: number): DateAxis | undefined {
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
  const month = dateFormat(htmlLang(lang), { month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(year, index % 12, 1)));
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
function stripes(lanes: Lane[]): Plugin {
  return {
    id: "flowStripes",
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

function moveMarks(lanes: Lane[], undated: UndatedColumn | undefined): Plugin {
  return drawnOver("moveMarks", ({ ctx, chartArea }, x, y) => {
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
        ctx.font = NAME_FONT;
        ctx.fillStyle = INK;
        lines(ctx, row.name, INDENT, middle, LINE_HEIGHT);
      }
    }
  });
}

function flowsLegend(rows: MoveRow[], options: ChartOptions): LegendEntry[] {
  return [
    ...statusEntries(
      rows.map((row) => row.move.status),
      options,
    ),
    ...(rows.some((row) => row.place.kind === "year") ? [spanEntry(fillLabel(options.labels, "chart_year_only"))] : []),
  ];
}

/** "Alexandr Wang (May 2025, derived; stated)": who, when and how the article puts it. */
function moveItem(row: MoveRow, { lang, labels }: ChartOptions): string {
  const { move } = row;
  const when =
    move.date === undefined
      ? fillLabel(labels, "chart_move_undated")
      : `${formatDate(move.date, lang)}${move.date_derived === undefined ? "" : `, ${fillLabel(labels, "derived_mark")}`}`;
  return fillLabel(labels, "chart_move_item", { who: inLanguage(move.who, lang), when, status: statusWord(labels, move.status) });
}

function flowsText(spec: FlowsSpec, lanes: Lane[], rows: MoveRow[], options: ChartOptions): { caption: string; alt: string } {
  const { lang, labels } = options;
  const caption = [
    spec.caption?.[lang] ?? fillLabel(labels, "chart_flows_caption"),
    ...(rows.some((row) => row.place.kind === "year") ? [fillLabel(labels, "chart_flows_year")] : []),
    ...(rows.some((row) => row.place.kind === "undated") ? [fillLabel(labels, "chart_flows_undated")] : []),
  ].join(" ");
  const laneTexts = lanes.map((lane) =>
    fillLabel(labels, "chart_flows_lane", {
      lane: lane.title,
      items: lane.rows.map((row) => moveItem(row, options)).join(itemSeparator(labels)),
    }),
  );
  return { caption, alt: fillLabel(labels, "chart_flows_alt", { lanes: laneTexts.join(" ") }) };
}

/** The moves among `facts` in two lanes, arrivals then departures, each move on its own row. */
export function flowsChart(spec: FlowsSpec, facts: readonly Cited[], options: ChartOptions): ChartImage | undefined {
  const moves = facts.flatMap((fact) => (fact.kind === "move" ? [fact] : []));
  const lanes = moveLanes(moves, options);
  const rows = lanes.flatMap((lane) => lane.rows);
  if (rows.length === 0) return undefined;
  const { lang, labels, cache } = options;
  const nameColumn = Math.max(
    ...lanes.map((lane) => textWidth(cache, lane.title, LANE_FONT)),
    ...rows.map((row) => INDENT + widest(cache, row.name, NAME_FONT)),
  );
  const heading = fillLabel(labels, "chart_undated");
  const undatedWidth = Math.ceil(Math.max(textWidth(cache, heading, TICK_FONT), 2 * DOT_RADIUS)) + 16;
  const axis = dateAxis(rows, WIDTH - nameColumn - 16 - undatedWidth - 40);
  const lastTick = axis === undefined ? 0 : textWidth(cache, monthTick(axis.max, false, axis.step, lang), TICK_FONT);
  const undated = rows.some((row) => row.place.kind === "undated")
    ? { heading, width: undatedWidth, gap: Math.ceil(lastTick / 2) + 14 }
    : undefined;
  const flowed = legendLines(cache, flowsLegend(rows, options));
  const rowsHeight = lanesHeight(lanes);
  const bottom = legendHeight(flowed) + 8 + (axis === undefined ? DATE_AXIS_HEIGHT : 0);
  const height = Math.ceil(4 + rowsHeight + DATE_AXIS_HEIGHT + legendHeight(flowed) + 8);
  const svg = draw(
    cache,
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
      plugins: [stripes(lanes), moveMarks(lanes, undated), markLegend(flowed)],
    },
    height,
    spec.id,
  );
  return {
    id: spec.id,
    svg,
    width: WIDTH,
    height,
    ...flowsText(spec, lanes, rows, options),
    cites: sortedUnique(rows.flatMap((row) => row.move.cites)),
  };
}
