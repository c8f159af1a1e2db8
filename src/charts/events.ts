// Dated facts on a time axis, each a bar over the period its source gives: a year-only date is
// drawn across its year, not as a point that would read as a day.
import { compareDates } from "../choices.js";
import { dateFormat, formatDate, htmlLang } from "../format.js";
import { fillLabel } from "../i18n/labels.js";
import type { ChartSpec } from "../profile/schema.js";
import type { Cited } from "../stages/derive.js";
import {
  ACCENT,
  ACCENT_LIGHT,
  BREAKING_SPACES,
  type ChartImage,
  type ChartOptions,
  draw,
  GRID,
  INK,
  inLanguage,
  itemSeparator,
  MUTED,
  monthIndex,
  sortedUnique,
  WIDTH,
} from "./frame.js";

type EventsSpec = Extract<ChartSpec, { type: "events" }>;

/** The span a partial date covers: a whole year for YYYY, one month for YYYY-MM or a day in it. */
function period(iso: string): { start: number; end: number; yearOnly: boolean } {
  const [year = 0, month] = iso.split("-").map(Number);
  return month === undefined
    ? { start: monthIndex(year, 1), end: monthIndex(year, 13), yearOnly: true }
    : { start: monthIndex(year, month), end: monthIndex(year, month + 1), yearOnly: false };
}

/** Splits a label into lines of at most `width` characters: chart.js draws each as a line of the axis. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(BREAKING_SPACES)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
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

/** Oldest first; facts of the same date keep the order they were chosen in. */
const byDate = (a: { date: string }, b: { date: string }) => compareDates(a.date, b.date);

/** The facts with a date among `facts`, oldest first, each a bar over the period the sources give. */
export function eventsChart(spec: EventsSpec, facts: readonly Cited[], { lang, labels, cache }: ChartOptions): ChartImage | undefined {
  const events = facts
    .flatMap((fact) => (fact.date === undefined ? [] : [{ fact, date: fact.date, span: period(fact.date) }]))
    .sort(byDate);
  if (events.length === 0) return undefined;
  const inferred = fillLabel(labels, "derived_mark");
  const name = (fact: Cited) => `${inLanguage(fact.label ?? fact.text, lang)}${fact.date_derived ? ` (${inferred})` : ""}`;
  const first = Math.min(...events.map(({ span }) => span.start));
  const last = Math.max(...events.map(({ span }) => span.end));
  const height = 80 + events.length * 30;
  const monthFormat = dateFormat(htmlLang(lang), { month: "short", year: "numeric", timeZone: "UTC" });
  const svg = draw(
    cache,
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
    spec.id,
  );
  const items = events.map(({ fact, date }) => fillLabel(labels, "chart_events_item", { date: formatDate(date, lang), label: name(fact) }));
  return {
    id: spec.id,
    svg,
    width: WIDTH,
    height,
    caption: [
      spec.caption?.[lang] ?? fillLabel(labels, "chart_events_caption"),
      ...(events.some(({ span }) => span.yearOnly) ? [fillLabel(labels, "chart_events_year")] : []),
    ].join(" "),
    cites: sortedUnique(events.flatMap(({ fact }) => fact.cites)),
    alt: fillLabel(labels, "chart_events_alt", { items: items.join(itemSeparator(labels)) }),
  };
}
