// The content checks a newsroom fact-checker makes, run on every build: each excerpt is in its
// article word for word, each figure is stated by every source cited for it and with the same
// qualifier, the summary says only what its facts say, quotation marks surround only words an
// article quotes, and every sentence of every article is either cited or left out with a reason.

import { amountValue } from "../format.js";
import { normalise, quotedSpans, sentencesOf } from "../passages.js";
import { BOUND_WORDS, numbersIn, quantitiesIn, sameNumber } from "../quantities.js";
import type { DataFileName, Dossier, Fact, Language, LeftOut, Text } from "../schema.js";
import type { Article } from "./load.js";

type Path = readonly PropertyKey[];

/**
 * Where the checks report: a field of a data file, or a line of an article; and a sentence of an
 * article no fact covers, which is work still to do rather than a mistake (an error only when strict).
 */
export interface Reporter {
  field(file: DataFileName, path: Path, message: string): void;
  article(article: Article, line: number, column: number, message: string): void;
  uncovered(article: Article, line: number, column: number, message: string): void;
}

export interface Evidence {
  dossier: Dossier;
  articles: ReadonlyMap<string, Article>;
  /** Per article file, the passages deliberately not cited. */
  leftOut: Readonly<Record<string, readonly LeftOut[]>>;
  /** The dossier's languages: every text is in each. */
  languages: readonly Language[];
}

const shorten = (text: string, length = 70) => (text.length > length ? `${text.slice(0, length - 3)}...` : text);

/** The longest start of the excerpt that the article has, to show where the two part ways. */
function agreesUpTo(article: string, excerpt: string): string {
  let low = 0;
  let high = excerpt.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (article.includes(excerpt.slice(0, middle))) low = middle;
    else high = middle - 1;
  }
  return excerpt.slice(0, low);
}

function checkArticles({ dossier, articles }: Evidence, report: Reporter): void {
  const files = new Set(dossier.sources.map((source) => source.file));
  dossier.sources.forEach((source, index) => {
    if (!articles.has(source.file))
      report.field("sources.yaml", ["sources", index, "file"], `article file not found: put the article's text in articles/${source.file}`);
  });
  for (const article of articles.values())
    if (!files.has(article.name))
      report.article(article, 1, 1, "this article is not in sources.yaml: add a source for it, or remove the file");
}

function checkExcerpts({ dossier, articles }: Evidence, report: Reporter, normalised: Map<string, string>): void {
  const fileOf = new Map(dossier.sources.map((source) => [source.id, source.file]));
  dossier.facts.forEach((fact, index) => {
    fact.sources.forEach(({ id, excerpt }, at) => {
      const file = fileOf.get(id) ?? "";
      const text = normalised.get(file);
      if (text === undefined || !articles.has(file)) return;
      const wanted = normalise(excerpt);
      if (text.includes(wanted)) return;
      const agreed = agreesUpTo(text, wanted);
      const where = agreed.length < 12 ? "no part of it is there" : `it agrees up to "...${agreed.slice(-30)}" and then reads otherwise`;
      report.field("facts.yaml", ["facts", index, "sources", at, "excerpt"], `not found word for word in articles/${file}: ${where}`);
    });
  });
}

function textsOf(fact: Fact, source: string): string[] {
  return fact.sources.filter(({ id }) => id === source).map(({ excerpt }) => excerpt);
}

/** Every source cited for an amount or a share states it, with the figure's own qualifier. */
function checkFigures({ dossier }: Evidence, report: Reporter): void {
  dossier.facts.forEach((fact, index) => {
    if (fact.kind !== "figure") return;
    const wanted = fact.amount
      ? { kind: "amount" as const, value: amountValue(fact.amount), bound: fact.amount.bound, field: "amount" }
      : fact.share !== undefined
        ? { kind: "share" as const, value: fact.share, bound: undefined, field: "share" }
        : undefined;
    if (wanted === undefined) return;
    for (const source of new Set(fact.sources.map(({ id }) => id))) {
      const at = fact.sources.findIndex(({ id }) => id === source);
      const stated = textsOf(fact, source)
        .flatMap(quantitiesIn)
        .filter((quantity) => quantity.kind === wanted.kind && sameNumber(quantity.value, wanted.value));
      if (stated.length === 0)
        report.field(
          "facts.yaml",
          ["facts", index, "sources", at, "id"],
          `source "${source}" is cited for the ${wanted.field} but none of its excerpts here states that number: quote the passage that does, or do not cite it for this figure`,
        );
      else if (wanted.bound !== undefined && !stated.some((quantity) => quantity.bound === wanted.bound)) {
        const said = stated[0];
        report.field(
          "facts.yaml",
          ["facts", index, "amount", "bound"],
          `the figure is ${wanted.bound} but source "${source}" says "${said?.words}", which is ${BOUND_WORDS[said?.bound ?? "exact"]}`,
        );
      }
    }
  });
}

const MONTHS = [
  ["janvier", "january"],
  ["février", "february"],
  ["mars", "march"],
  ["avril", "april"],
  ["mai", "may"],
  ["juin", "june"],
  ["juillet", "july"],
  ["août", "august"],
  ["septembre", "september"],
  ["octobre", "october"],
  ["novembre", "november"],
  ["décembre", "december"],
];

/** Whether a passage names the date at the precision given: the year, the month's name, the day. */
function states(passage: string, iso: string): boolean {
  const text = normalise(passage).toLowerCase();
  const [year, month, day] = iso.split("-").map(Number);
  if (!numbersIn(text).includes(year ?? 0)) return false;
  if (month !== undefined && !(MONTHS[month - 1] ?? []).some((name) => text.includes(name))) return false;
  return day === undefined || numbersIn(text).includes(day);
}

/** A date the data gives without saying it was derived is printed in an excerpt. */
function checkDates({ dossier }: Evidence, report: Reporter): void {
  dossier.facts.forEach((fact, index) => {
    const excerpts = fact.sources.map(({ excerpt }) => excerpt);
    if (fact.date !== undefined && fact.date_derived === undefined && !excerpts.some((excerpt) => states(excerpt, fact.date ?? "")))
      report.field(
        "facts.yaml",
        ["facts", index, "date"],
        `no excerpt states ${fact.date}: quote the passage that does, or add date_derived saying how the date was worked out`,
      );
    if (fact.kind === "figure" && fact.horizon !== undefined && !excerpts.some((excerpt) => numbersIn(excerpt).includes(fact.horizon ?? 0)))
      report.field("facts.yaml", ["facts", index, "horizon"], `no excerpt states ${fact.horizon}: quote the passage that does`);
  });
}

/** The numbers a fact gives in one language: in its words, and in its figures and dates. */
function numbersOf(fact: Fact, lang: keyof Text): number[] {
  const words = [fact.text[lang] ?? "", fact.label?.[lang] ?? ""].flatMap(numbersIn);
  const dates = (fact.date ?? "").split("-").filter(Boolean).map(Number);
  const figures = fact.kind === "figure" ? [fact.amount?.value, fact.share, fact.horizon].filter((value) => value !== undefined) : [];
  return [...words, ...dates, ...figures];
}

/** The summary, and the labels the key figures print, say no number their facts do not say. */
function checkSummaryNumbers({ dossier, languages }: Evidence, report: Reporter): void {
  const facts = new Map(dossier.facts.map((fact) => [fact.id, fact]));
  const unknownNumbers = (text: string, known: number[]) =>
    [...new Set(numbersIn(text))].filter((number) => !known.some((value) => sameNumber(value, number)));
  dossier.summary.points.forEach((point, index) => {
    const cited = point.facts.flatMap((id) => facts.get(id) ?? []);
    for (const lang of languages)
      for (const number of unknownNumbers(
        point.text[lang] ?? "",
        cited.flatMap((fact) => numbersOf(fact, lang)),
      ))
        report.field(
          "summary.yaml",
          ["points", index, "text", lang],
          `${number} is not in the facts this cites (${cited.map((fact) => fact.id).join(", ")})`,
        );
  });
  for (const id of new Set(dossier.summary.key_figures)) {
    const index = dossier.facts.findIndex((fact) => fact.id === id);
    const fact = dossier.facts[index];
    if (fact?.kind !== "figure") continue;
    for (const lang of languages)
      for (const number of unknownNumbers(fact.label[lang] ?? "", numbersOf({ ...fact, label: {} }, lang)))
        report.field(
          "facts.yaml",
          ["facts", index, "label", lang],
          `this key figure's label says ${number}, which the fact's text and figure do not`,
        );
  }
}

/** The articles' own quotations, by source id: what a text may put between quotation marks. */
function quotationsBySource({ dossier, articles }: Evidence): Map<string, string[]> {
  return new Map(dossier.sources.map((source) => [source.id, quotedSpans(articles.get(source.file)?.text ?? "")]));
}

/**
 * Quotation marks in the articles' language surround only words an article quotes; a text in
 * another language quotes as many passages, so that a translation adds no quotation of its own.
 */
function checkQuotedText(
  texts: Text,
  sourceIds: readonly string[],
  context: { evidence: Evidence; quotations: Map<string, string[]>; report: Reporter; file: DataFileName; path: Path },
): void {
  const { evidence, quotations, report, file, path } = context;
  const languages = new Set(evidence.dossier.sources.filter((source) => sourceIds.includes(source.id)).map((source) => source.language));
  // A dossier none of whose languages is an article's has no text to hold against the articles' words.
  const original = evidence.languages.find((lang) => languages.has(lang));
  if (original === undefined) return;
  const quoted = sourceIds.flatMap((id) => quotations.get(id) ?? []);
  const spans = quotedSpans(texts[original] ?? "");
  for (const span of spans)
    if (!quoted.some((quotation) => quotation.includes(span)))
      report.field(
        file,
        [...path, original],
        `"${shorten(span)}" is in quotation marks, but no article cited here quotes these words: remove the marks, or quote only what the article quotes`,
      );
  for (const lang of evidence.languages) {
    const count = quotedSpans(texts[lang] ?? "").length;
    if (lang !== original && count !== spans.length)
      report.field(
        file,
        [...path, lang],
        `${count} passage${count === 1 ? "" : "s"} in quotation marks where the ${original} text has ${spans.length}: quote the same words in every language`,
      );
  }
}

function checkQuotations(evidence: Evidence, report: Reporter, normalised: Map<string, string>): void {
  const { dossier } = evidence;
  const quotations = quotationsBySource(evidence);
  const facts = new Map(dossier.facts.map((fact) => [fact.id, fact]));
  const fileOf = new Map(dossier.sources.map((source) => [source.id, source.file]));
  dossier.facts.forEach((fact, index) => {
    const cited = fact.sources.map(({ id }) => id);
    checkQuotedText(fact.text, cited, { evidence, quotations, report, file: "facts.yaml", path: ["facts", index, "text"] });
    if (fact.kind === "statement") {
      const quote = normalise(fact.quote.original);
      if (!cited.some((id) => (quotations.get(id) ?? []).some((quotation) => quotation.includes(quote))))
        report.field("facts.yaml", ["facts", index, "quote", "original"], "no article cited here quotes these words");
    }
    // A note may quote an article's own wording, quoted there or not, but only its real words.
    const articleText = cited.map((id) => normalised.get(fileOf.get(id) ?? "") ?? "").join("\n");
    for (const lang of evidence.languages)
      for (const span of quotedSpans(fact.note?.[lang] ?? ""))
        if (dossier.sources.some((source) => source.language === lang && cited.includes(source.id)) && !articleText.includes(span))
          report.field(
            "facts.yaml",
            ["facts", index, "note", lang],
            `"${shorten(span)}" is in quotation marks but is not in the articles cited`,
          );
  });
  dossier.summary.points.forEach((point, index) => {
    const cited = [...new Set(point.facts.flatMap((id) => facts.get(id)?.sources.map((source) => source.id) ?? []))];
    checkQuotedText(point.text, cited, { evidence, quotations, report, file: "summary.yaml", path: ["points", index, "text"] });
  });
}

/** Every sentence of every article is cited by a fact or left out on purpose, with a reason. */
function checkCoverage({ dossier, articles, leftOut }: Evidence, report: Reporter, normalised: Map<string, string>): void {
  for (const [file, passages] of Object.entries(leftOut)) {
    const text = normalised.get(file);
    if (text === undefined) {
      report.field("articles/not-facts.yaml", ["files", file], `no article articles/${file}: remove this entry or fix the name`);
      continue;
    }
    passages.forEach(({ passage }, index) => {
      if (!text.includes(normalise(passage)))
        report.field("articles/not-facts.yaml", ["files", file, index, "passage"], `not found word for word in articles/${file}`);
    });
  }
  for (const source of dossier.sources) {
    const article = articles.get(source.file);
    if (article === undefined) continue;
    const passages = [
      ...dossier.facts.flatMap((fact) => fact.sources.filter(({ id }) => id === source.id).map(({ excerpt }) => excerpt)),
      ...(leftOut[source.file] ?? []).map(({ passage }) => passage),
    ].map(normalise);
    for (const sentence of sentencesOf(article.text))
      if (!passages.some((passage) => sentence.text.includes(passage) || passage.includes(sentence.text)))
        report.uncovered(
          article,
          sentence.line,
          sentence.column,
          `no fact cites this sentence and articles/not-facts.yaml does not leave it out with a reason: "${shorten(sentence.text)}"`,
        );
  }
}

/** Runs every content check; each failure goes to the reporter, located. */
export function checkEvidence(evidence: Evidence, report: Reporter): void {
  const normalised = new Map([...evidence.articles.values()].map((article) => [article.name, normalise(article.text)]));
  checkArticles(evidence, report);
  checkExcerpts(evidence, report, normalised);
  checkFigures(evidence, report);
  checkDates(evidence, report);
  checkSummaryNumbers(evidence, report);
  checkQuotations(evidence, report, normalised);
  checkCoverage(evidence, report, normalised);
}
