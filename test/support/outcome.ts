// What a build of broken data may end in: a dossier, or problems a person can find in the files.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createChartCache, renderCharts } from "../../src/charts/index.js";
import { DataError, formatProblem } from "../../src/errors.js";
import { dossierFrame } from "../../src/prepare.js";
import { type DossierFolder, resolveSections } from "../../src/profile/load.js";
import { derive, type View } from "../../src/stages/derive.js";
import { renderHtml, type Templates } from "../../src/stages/html.js";
import { type Article, collectData, type Loaded, parseDataFile, readArticle } from "../../src/stages/load.js";
import { validate } from "../../src/stages/validate.js";
import { type Corpus, DATA_FILES, type DataFileName, type FuzzCase } from "./fuzz.js";

/** A located problem as the command prints it: file:line:column, then what is wrong. */
export const LOCATED = /^\S+\.(yaml|txt):\d+:\d+ \S/;

/** Writes a case's changed files over a copy of the data. */
export async function writeCase(dir: string, fuzzCase: FuzzCase): Promise<void> {
  await Promise.all(Object.entries(fuzzCase.files).map(([name, bytes]) => writeFile(join(dir, name), bytes)));
}

/** The real data and what the stages make of it, parsed once; each case re-parses only what it changed. */
export interface Baseline {
  dir: string;
  /** The Meta dossier's settings, which the cases do not change. */
  folder: DossierFolder;
  corpus: Corpus;
  templates: Templates;
  loaded: Record<DataFileName, Loaded>;
  /** The articles and the passages left out of them, which the cases do not change. */
  evidence: { articles: Loaded<Article>[]; leftOut: Loaded };
}

export function baseline(dir: string, corpus: Corpus, templates: Templates, folder: DossierFolder): Baseline {
  const loaded = Object.fromEntries(
    DATA_FILES.map((name) => [name, parseDataFile(name, join(dir, name), Buffer.from(corpus.texts[name]))]),
  ) as Record<DataFileName, Loaded>;
  const articles = Object.entries(corpus.articles).map(([name, text]) => readArticle(name, join(dir, "articles", name), Buffer.from(text)));
  const leftOut = parseDataFile(LEFT_OUT, join(dir, LEFT_OUT), Buffer.from(corpus.leftOut));
  return { dir, folder, corpus, templates, loaded, evidence: { articles, leftOut } };
}

const LEFT_OUT = "articles/not-facts.yaml";

/** The lines of a file a problem may point into: a data file as the case left it, or an article. */
function linesOf(base: Baseline, fuzzCase: FuzzCase, path: string): number | undefined {
  const name = DATA_FILES.find((file) => path === join(base.dir, file));
  if (name !== undefined) return (fuzzCase.files[name]?.toString("latin1") ?? base.corpus.texts[name]).split("\n").length;
  if (path === join(base.dir, LEFT_OUT)) return base.corpus.leftOut.split("\n").length;
  const article = Object.entries(base.corpus.articles).find(([file]) => path === join(base.dir, "articles", file));
  return article?.[1].split("\n").length;
}

/** Why a rejection does not point into the files, or undefined when every problem does. */
function unlocated(base: Baseline, fuzzCase: FuzzCase, error: DataError): string | undefined {
  if (error.problems.length === 0) return "a DataError without problems";
  for (const problem of error.problems) {
    const line = formatProblem(problem);
    const lineCount = linesOf(base, fuzzCase, problem.file);
    if (!LOCATED.test(line) || lineCount === undefined) return `not located in a data file: ${line}`;
    if (problem.line === undefined || problem.column === undefined || problem.line < 1 || problem.line > lineCount || problem.column < 1)
      return `outside the file (${lineCount} lines): ${line}`;
    if (problem.message.trim() === "") return `no message: ${line}`;
  }
  return undefined;
}

export type Outcome = { kind: "built"; html: string } | { kind: "rejected"; messages: string[] };

/**
 * Runs the pure stages (parse, validate, derive, charts, html) on a case. Anything but a dossier
 * or a DataError whose every problem is located is thrown: that is a bug to fix in src/.
 */
export async function outcomeOf(base: Baseline, fuzzCase: FuzzCase): Promise<Outcome> {
  const parse = (name: DataFileName) => {
    const bytes = fuzzCase.files[name];
    return bytes === undefined ? base.loaded[name] : parseDataFile(name, join(base.dir, name), bytes);
  };
  let view: View;
  try {
    const loaded = Object.fromEntries(DATA_FILES.map((name) => [name, parse(name)])) as Record<DataFileName, Loaded>;
    const { articles, leftOut } = base.evidence;
    const { profile } = base.folder;
    view = derive(validate(collectData({ ...loaded, [LEFT_OUT]: leftOut }, articles), dossierFrame(base.folder)), {
      reportDate: "2026-11-22",
      sections: resolveSections(profile),
      charts: profile.charts,
    });
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    const why = unlocated(base, fuzzCase, error);
    if (why !== undefined) throw new Error(why, { cause: error });
    return { kind: "rejected", messages: error.problems.map(formatProblem) };
  }
  return {
    kind: "built",
    html: await renderHtml(
      view,
      renderCharts(view.charts, { lang: "en", labels: base.templates.labels.en ?? {}, cache: createChartCache() }),
      base.templates,
      { lang: "en", fonts: {} },
    ),
  };
}
