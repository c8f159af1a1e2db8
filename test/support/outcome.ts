// What a build of broken data may end in: a dossier, or problems a person can find in the files.
import { writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { DataError, formatProblem } from "../../src/errors.js";
import { renderCharts } from "../../src/stages/charts.js";
import { derive, type View } from "../../src/stages/derive.js";
import { renderHtml, type Templates } from "../../src/stages/html.js";
import { collectData, type Loaded, parseDataFile } from "../../src/stages/load.js";
import { validate } from "../../src/stages/validate.js";
import { type Corpus, DATA_FILES, type DataFileName, type FuzzCase } from "./fuzz.js";

/** A located problem as the command prints it: file:line:column, then what is wrong. */
export const LOCATED = /^\S+\.yaml:\d+:\d+ \S/;

/** Writes a case's changed files over a copy of the data. */
export async function writeCase(dir: string, fuzzCase: FuzzCase): Promise<void> {
  await Promise.all(Object.entries(fuzzCase.files).map(([name, bytes]) => writeFile(join(dir, name), bytes)));
}

/** The real data and what the stages make of it, parsed once; each case re-parses only what it changed. */
export interface Baseline {
  dir: string;
  corpus: Corpus;
  templates: Templates;
  loaded: Record<DataFileName, Loaded>;
}

export function baseline(dir: string, corpus: Corpus, templates: Templates): Baseline {
  const loaded = Object.fromEntries(
    DATA_FILES.map((name) => [name, parseDataFile(name, join(dir, name), Buffer.from(corpus.texts[name]))]),
  ) as Record<DataFileName, Loaded>;
  return { dir, corpus, templates, loaded };
}

/** Why a rejection does not point into the files, or undefined when every problem does. */
function unlocated(base: Baseline, fuzzCase: FuzzCase, error: DataError): string | undefined {
  if (error.problems.length === 0) return "a DataError without problems";
  const lineCounts = new Map<DataFileName, number>();
  const linesIn = (name: DataFileName) => {
    const count = lineCounts.get(name) ?? (fuzzCase.files[name]?.toString("latin1") ?? base.corpus.texts[name]).split("\n").length;
    lineCounts.set(name, count);
    return count;
  };
  for (const problem of error.problems) {
    const line = formatProblem(problem);
    const name = basename(problem.file) as DataFileName;
    if (!LOCATED.test(line) || !DATA_FILES.includes(name) || problem.file !== join(base.dir, name))
      return `not located in a data file: ${line}`;
    const lineCount = linesIn(name);
    if (problem.line < 1 || problem.line > lineCount || problem.column < 1) return `outside the file (${lineCount} lines): ${line}`;
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
    view = derive(validate(collectData(loaded)), { reportDate: "2026-11-22" });
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    const why = unlocated(base, fuzzCase, error);
    if (why !== undefined) throw new Error(why, { cause: error });
    return { kind: "rejected", messages: error.problems.map(formatProblem) };
  }
  return {
    kind: "built",
    html: await renderHtml(view, renderCharts(view, { lang: "en", labels: base.templates.labels.en }), base.templates, { lang: "en" }),
  };
}
