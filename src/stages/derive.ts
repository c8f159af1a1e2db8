import { amountValue } from "../format.js";
import type { Dossier, Fact, FigureFact, MoveFact, Report, Source, Text, Topic } from "../schema.js";
import { Status, TOPICS } from "../schema.js";

/** A fact with the numbers of the sources it cites, as they appear in the sources list. */
export type Cited<T extends Fact = Fact> = T & { cites: number[] };
export type NumberedSource = Source & { number: number };

export interface View {
  report: Report;
  /** The date the dossier is printed for, YYYY-MM-DD. */
  reportDate: string;
  /** The newest date an article states for itself; undefined when none does. */
  factsAsOf: string | undefined;
  sources: NumberedSource[];
  summary: { points: { text: Text; cites: number[] }[]; keyFigures: Cited<FigureFact>[] };
  sections: Record<Topic, Cited[]>;
  /** Facts with a date, oldest first. */
  timeline: Cited[];
  /** What the sources say is coming. */
  outlook: Cited[];
  /** Plans whose deadline passed before the newest source, which does not report how they ended. */
  overdue: Cited[];
  /** Every figure, the largest amount first; shares after amounts. */
  figures: Cited<FigureFact>[];
  /** Figures drawn in the commitments chart (Meta's money and context), largest first. */
  commitments: Cited<FigureFact>[];
  moves: { arrivals: Cited<MoveFact>[]; departures: Cited<MoveFact>[] };
  totals: { facts: number; sources: number; datedSources: number; undatedFacts: number };
  /** Every status a fact can have, for the Method section to explain. */
  statuses: readonly Status[];
}

export interface DeriveOptions {
  reportDate: string;
}

const byDate = (a: { date?: string | undefined }, b: { date?: string | undefined }) => (a.date ?? "").localeCompare(b.date ?? "");

/** True when the whole of a YYYY, YYYY-MM or YYYY-MM-DD period lies before the day given. */
export function isPast(period: string | undefined, day: string | undefined): boolean {
  if (period === undefined || day === undefined) return false;
  return `${period}\uffff` < day;
}

function figureSize(fact: FigureFact): number {
  return fact.amount === undefined ? -1 : amountValue(fact.amount);
}

/** Orders, groups, numbers and counts the validated facts; the same View serves every language. */
export function derive(dossier: Dossier, { reportDate }: DeriveOptions): View {
  const sources = dossier.sources.map((source, index) => ({ ...source, number: index + 1 }));
  const numberOf = new Map(sources.map((source) => [source.id, source.number]));
  const citesOf = (citations: readonly { id: string }[]) =>
    [...new Set(citations.map(({ id }) => numberOf.get(id) ?? 0))].sort((a, b) => a - b);

  const facts: Cited[] = dossier.facts.map((fact) => ({ ...fact, cites: citesOf(fact.sources) }));
  const factById = new Map(facts.map((fact) => [fact.id, fact]));
  const isFigure = (fact: Cited): fact is Cited<FigureFact> => fact.kind === "figure";
  const isMove = (fact: Cited): fact is Cited<MoveFact> => fact.kind === "move";

  const figures = facts.filter(isFigure).sort((a, b) => figureSize(b) - figureSize(a));
  const moves = facts.filter(isMove);
  const published = dossier.sources.flatMap((source) => (source.published === undefined ? [] : [source.published])).sort();

  return {
    report: dossier.report,
    reportDate,
    factsAsOf: published.at(-1),
    sources,
    summary: {
      points: dossier.summary.points.map((point) => ({
        text: point.text,
        cites: [...new Set(point.facts.flatMap((id) => factById.get(id)?.cites ?? []))].sort((a, b) => a - b),
      })),
      keyFigures: dossier.summary.key_figures.flatMap((id) => {
        const fact = factById.get(id);
        return fact !== undefined && isFigure(fact) ? [fact] : [];
      }),
    },
    sections: Object.fromEntries(TOPICS.map((topic) => [topic, facts.filter((fact) => fact.topic === topic)])) as Record<Topic, Cited[]>,
    timeline: facts.filter((fact) => fact.date !== undefined).sort(byDate),
    outlook: facts.filter((fact) => fact.status === "planned" && !isPast(fact.due, published.at(-1))),
    overdue: facts.filter((fact) => fact.status === "planned" && isPast(fact.due, published.at(-1))),
    figures,
    commitments: figures.filter((fact) => fact.chart !== undefined && fact.amount !== undefined),
    moves: {
      arrivals: moves.filter((move) => move.direction === "arrival"),
      departures: moves.filter((move) => move.direction === "departure"),
    },
    totals: {
      facts: facts.length,
      sources: sources.length,
      datedSources: published.length,
      undatedFacts: facts.filter((fact) => fact.date === undefined).length,
    },
    statuses: Status.options,
  };
}
