import { type Changes, compareFacts, type RecordedEdition } from "../changes.js";
import { compareDates } from "../choices.js";
import { amountValue } from "../format.js";
import { normalise, quotedRanges, sentencesOf } from "../passages.js";
import type { ResolvedSection } from "../profile/load.js";
import type { ChartSpec, Selection } from "../profile/schema.js";
import type { Dossier, Fact, FigureFact, Language, Report, Source, Text } from "../schema.js";
import { Status } from "../schema.js";

/**
 * A fact with the numbers of the sources it cites, as they appear in the sources list, and the
 * language of the first, in which a quote's original is printed.
 */
export type Cited<T extends Fact = Fact> = T & { cites: number[]; original: string };
/** A source as the list numbers it; `opening` is its article's first words, shown until it has a headline. */
export type NumberedSource = Source & { number: number; opening: string };

export interface View {
  report: Report;
  /** The date the dossier is printed for, YYYY-MM-DD. */
  reportDate: string;
  /** The newest date an article states for itself; undefined when none does. */
  factsAsOf: string | undefined;
  sources: NumberedSource[];
  /** Every fact, in the data's order. */
  facts: Cited[];
  summary: { points: { text: Text; cites: number[] }[]; keyFigures: Cited<FigureFact>[] };
  /** The dossier's sections in its order, each with the facts of its topics. */
  sections: SectionView[];
  /** Facts with a date, oldest first. */
  timeline: Cited[];
  /** What the sources say is coming. */
  outlook: Cited[];
  /** Plans whose deadline passed before the newest source, which does not report how they ended. */
  overdue: Cited[];
  /** Every figure, the largest amount first; shares after amounts. */
  figures: Cited<FigureFact>[];
  /** Each chart of the dossier with the facts it draws, in the order its type reads them. */
  charts: { spec: ChartSpec; facts: Cited[] }[];
  totals: { facts: number; sources: number; datedSources: number; undatedFacts: number };
  /** Every status a fact can have, for the Method section to explain. */
  statuses: readonly Status[];
  /** The articles' own words quoted in a text of another language, for the page to mark in theirs. */
  quotations: ForeignQuotation[];
  /** What changed since an earlier edition: set per edition, absent in a first one. */
  changes?: Changes<Cited> | undefined;
}

/** Words a text in one language quotes from an article in another: "semble déterminé" in an English note. */
export interface ForeignQuotation {
  /** The language of the text that quotes. */
  within: string;
  /** The language of the article, and so of the words. */
  lang: string;
  /** The words, normalised (see passages.ts). */
  words: string;
}

/** A section as the templates print it. */
export interface SectionView {
  id: string;
  partial: string;
  title: Text | undefined;
  facts: Cited[];
  /** The figures among its facts, the largest amount first. */
  figures: Cited<FigureFact>[];
  /** The ids of the charts drawn at its head. */
  charts: string[];
}

export interface DeriveOptions {
  reportDate: string;
  sections: readonly ResolvedSection[];
  charts: readonly ChartSpec[];
  /** The articles' texts by file name; without them no quotation is marked as the article's language. */
  articles?: ReadonlyMap<string, { text: string }>;
}

function selects(selection: Selection, fact: Fact): boolean {
  return (
    (selection.topics?.includes(fact.topic) ?? true) &&
    (selection.kinds?.includes(fact.kind) ?? true) &&
    (selection.ids?.includes(fact.id) ?? true)
  );
}

const byDate = (a: { date?: string | undefined }, b: { date?: string | undefined }) => compareDates(a.date ?? "", b.date ?? "");

/** True when the whole of a YYYY, YYYY-MM or YYYY-MM-DD period lies before the day given. */
export function isPast(period: string | undefined, day: string | undefined): boolean {
  if (period === undefined || day === undefined) return false;
  return `${period}\uffff` < day;
}

function figureSize(fact: FigureFact): number {
  return fact.amount === undefined ? -1 : amountValue(fact.amount);
}

/**
 * The passages of the facts' texts and notes, and of the summary, that quote a cited article's
 * words in another language than the text's own, so that a screen reader speaks them in the
 * article's language. A quotation not found word for word in the article is a translation and stays.
 */
function foreignQuotations(dossier: Dossier, articles: ReadonlyMap<string, { text: string }>): ForeignQuotation[] {
  const sourceById = new Map(dossier.sources.map((source) => [source.id, source]));
  const articleWords = new Map([...articles].map(([file, article]) => [file, normalise(article.text)]));
  const found = new Map<string, ForeignQuotation>();
  const scan = (texts: Readonly<Record<string, string | undefined>> | undefined, sourceIds: readonly string[]) => {
    for (const [within, text] of Object.entries(texts ?? {}))
      for (const { words } of quotedRanges(text ?? ""))
        for (const id of sourceIds) {
          const source = sourceById.get(id);
          if (source === undefined || source.language === within || !articleWords.get(source.file)?.includes(words)) continue;
          found.set(`${within}\u0000${words}`, { within, lang: source.language, words });
        }
  };
  const sourcesOf = new Map(dossier.facts.map((fact) => [fact.id, fact.sources.map(({ id }) => id)]));
  for (const fact of dossier.facts) {
    const cited = sourcesOf.get(fact.id) ?? [];
    scan(fact.text, cited);
    scan(fact.note, cited);
  }
  for (const point of dossier.summary.points) scan(point.text, [...new Set(point.facts.flatMap((id) => sourcesOf.get(id) ?? []))]);
  return [...found.values()];
}

/** The first words of an article, up to a dozen, to name it where it has no headline yet. */
function openingWords(text: string): string {
  const words = (sentencesOf(text)[0]?.text ?? "").split(/\s+/).filter((word) => word !== "");
  return words.length > 12 ? `${words.slice(0, 12).join(" ")}...` : words.join(" ");
}

/** Orders, groups, numbers and counts the validated facts; the same View serves every language. */
export function derive(dossier: Dossier, { reportDate, sections, charts, articles }: DeriveOptions): View {
  const sources = dossier.sources.map((source, index) => ({
    ...source,
    number: index + 1,
    opening: openingWords(articles?.get(source.file)?.text ?? ""),
  }));
  const numberOf = new Map(sources.map((source) => [source.id, source.number]));
  const citesOf = (citations: readonly { id: string }[]) =>
    [...new Set(citations.map(({ id }) => numberOf.get(id) ?? 0))].sort((a, b) => a - b);

  const languageOf = new Map(dossier.sources.map((source) => [source.id, source.language]));
  const facts: Cited[] = dossier.facts.map((fact) => ({
    ...fact,
    cites: citesOf(fact.sources),
    original: languageOf.get(fact.sources[0]?.id ?? "") ?? "",
  }));
  const factById = new Map(facts.map((fact) => [fact.id, fact]));
  const isFigure = (fact: Cited): fact is Cited<FigureFact> => fact.kind === "figure";
  const figures = facts.filter(isFigure).sort((a, b) => figureSize(b) - figureSize(a));
  const timeline = facts.filter((fact) => fact.date !== undefined).sort(byDate);
  // Each type of chart reads its facts in one order: money and stakes by size, events by date.
  const chartOrder: Record<ChartSpec["type"], Cited[]> = { amounts: figures, shares: figures, events: timeline, flows: facts };
  const published = dossier.sources.flatMap((source) => (source.published === undefined ? [] : [source.published])).sort();

  return {
    report: dossier.report,
    reportDate,
    factsAsOf: published.at(-1),
    sources,
    facts,
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
    sections: sections.map((section) => ({
      id: section.id,
      partial: section.partial,
      title: section.title,
      facts: facts.filter((fact) => section.topics.includes(fact.topic)),
      figures: figures.filter((fact) => section.topics.includes(fact.topic)),
      charts: section.charts,
    })),
    timeline,
    outlook: facts.filter((fact) => fact.status === "planned" && !isPast(fact.due, published.at(-1))),
    overdue: facts.filter((fact) => fact.status === "planned" && isPast(fact.due, published.at(-1))),
    figures,
    charts: charts.map((spec) => ({ spec, facts: chartOrder[spec.type].filter((fact) => selects(spec.facts, fact)) })),
    totals: {
      facts: facts.length,
      sources: sources.length,
      datedSources: published.length,
      undatedFacts: facts.filter((fact) => fact.date === undefined).length,
    },
    statuses: Status.options,
    quotations: articles === undefined ? [] : foreignQuotations(dossier, articles),
  };
}

/** An edition's view: the shared one, told what changed since the edition it follows, if any. */
export function editionView(view: View, earlier: RecordedEdition | undefined, lang: Language): View {
  return earlier === undefined ? view : { ...view, changes: compareFacts(view.facts, earlier, lang) };
}
