// The dossier pipeline: load -> validate -> derive -> charts -> html -> pdf -> write, for every
// edition (language and paper size) asked for. The data is read, checked and ordered once; each
// edition is drawn, filled and printed; all are written only once every one has printed, so a
// failure leaves the output folder as it was.
import { factRecords } from "./changes.js";
import { type ChartCache, renderCharts } from "./charts/index.js";
import { PrintError, type Problem, UserError } from "./errors.js";
import { editionHash, hashInputs } from "./inputs.js";
import { checkDossier, checkEveryFactPrinted, readInputs } from "./prepare.js";
import { mainEdition } from "./profile/editions.js";
import { type DossierFolder, resolveSections } from "./profile/load.js";
import { derive, editionView } from "./stages/derive.js";
import { type FontCache, renderHtml, renderSummary } from "./stages/html.js";
import { type Edition, type OutputNames, outputNames } from "./stages/output-names.js";
import { type PagePool, type PrintedPdf, printPdf } from "./stages/pdf.js";
import { type Manifest, readEarlierEdition, readLastContents, writeOutput } from "./stages/write.js";
import { withinTime } from "./time-limit.js";
import { typesetterFor } from "./typography/typeset.js";
import { runningSoftware, VERSION } from "./version.js";

export const STAGES = ["load", "validate", "derive", "charts", "html", "pdf", "write"] as const;
export type Stage = (typeof STAGES)[number];

/** What a build needs: the dossier, what to print of it, and the session's browser and caches. */
export interface BuildInput {
  folder: DossierFolder;
  /** The editions to print; every one the dossier declares unless the command line chose. */
  editions: readonly Edition[];
  /** The report date, YYYY-MM-DD: printed in the dossier and in the file names. */
  date: string;
  /** The longest a stage may take, in milliseconds (the pdf stage: to get the browser, then to print, each). */
  timeout: number;
  /** Also write the final HTML beside each PDF. */
  html?: boolean | undefined;
  /** Keep only the newest N dated PDFs of each edition in the output folder. */
  keep?: number | undefined;
  /** Tell what changed since the edition of this date, instead of the newest earlier one. */
  since?: string | undefined;
  /** Sentences of the articles no fact covers are errors instead of warnings. */
  strict?: boolean | undefined;
  /** Where the earlier editions are, to tell what changed since (default: the output folder). */
  history?: string | undefined;
  /** The browser's pages, started on first need (or early, by the caller) and reused. */
  pages: () => Promise<PagePool>;
  /** Called once every edition has printed: the build needs the browser no more. */
  printed?: (() => void) | undefined;
  caches: { charts: ChartCache; fonts: FontCache };
  /** Where the charts are kept between runs (disk-cache.ts); none: drawn each run. */
  cacheDir?: string | undefined;
  onStage?: ((stage: Stage, milliseconds: number) => void) | undefined;
  log?: ((message: string) => void) | undefined;
  trace?: ((message: string) => void) | undefined;
}

export interface EditionResult {
  edition: Edition;
  names: OutputNames;
  path: string;
  manifest: Manifest;
}

export interface BuildResult {
  editions: EditionResult[];
  /** What is not an error but still to do: each sentence of an article no fact covers, located. */
  warnings: Problem[];
  /** Each stage's time, summed over the editions. */
  timings: Record<Stage, number>;
}

/** Each stage gets --timeout; the pdf stage waits for the browser to start, then prints, each within it. */
function stageLimit(stage: Stage, timeout: number): number {
  return stage === "pdf" ? 2 * timeout : timeout;
}

function overrun(stage: Stage, { timeout, folder }: BuildInput): UserError {
  const limit = stage === "pdf" ? "(twice --timeout: starting the browser, then printing)" : "(--timeout)";
  const took = `The ${stage} stage took longer than ${stageLimit(stage, timeout) / 1000} s ${limit} and was stopped`;
  // A write stopped half-way may have renamed some files into place: say where to look, not that nothing changed.
  if (stage === "write") return new UserError(`${took}; the disk holding ${folder.outDir} is not answering.`);
  // A print that overran leaves the browser in an unknown state: a PrintError makes the next build start another.
  if (stage === "pdf") return new PrintError(`${took}; nothing was written.`);
  return new UserError(`${took}; nothing was written.`);
}

/** One edition, printed and mended, waiting for the others before all are written. */
interface PrintedEdition {
  edition: Edition;
  names: OutputNames;
  pdf: PrintedPdf;
  summary: string;
  changed: boolean;
}

interface StageRunner {
  /** Runs a stage within its time limit and reports its time once it and those started before it are done. */
  run<T>(name: Stage, work: () => T | Promise<T>): Promise<T>;
  /** Records an error met between stages. */
  fail(error: unknown): void;
  /** The failure the build reports, once one happened. */
  failure(): { error: unknown } | undefined;
}

/**
 * One edition's print overlaps the next edition's stages, yet the build reads as if they ran one
 * after the other: the stages are reported in the order they started, each once it and those
 * before it are done, up to the first that failed; and the failure reported is the one that
 * order meets first, the failed stage that started first. Except a stage other than pdf that ran
 * out of time: a template stuck in a loop holds Node's one thread, and so makes a print running
 * meanwhile time out too, through no fault of the browser, which is then kept.
 */
function stageRunner(input: BuildInput, timings: Record<Stage, number>): StageRunner {
  const unreported: { name: Stage; took?: number }[] = [];
  let started = 0;
  let failure: { error: unknown; order: number; stuck: boolean } | undefined;
  const record = (error: unknown, order: number, stuck: boolean) => {
    const first = failure === undefined || (stuck && !failure.stuck) || (stuck === failure.stuck && order < failure.order);
    if (first) failure = { error, order, stuck };
  };
  const report = () => {
    for (let next = unreported[0]; next?.took !== undefined; next = unreported[0]) {
      unreported.shift();
      input.onStage?.(next.name, next.took);
    }
  };
  return {
    async run(name, work) {
      const start = performance.now();
      const order = started++;
      const entry: { name: Stage; took?: number } = { name };
      unreported.push(entry);
      const late = overrun(name, input);
      try {
        const result = await withinTime(stageLimit(name, input.timeout), late, work);
        entry.took = performance.now() - start;
        timings[name] += entry.took;
        report();
        return result;
      } catch (error) {
        record(error, order, error === late && name !== "pdf");
        throw error;
      }
    },
    fail: (error) => record(error, started, false),
    failure: () => failure,
  };
}

export async function buildDossier(input: BuildInput): Promise<BuildResult> {
  const started = performance.now();
  const timings = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  const stages = stageRunner(input, timings);
  const stage = <T>(name: Stage, run: () => T | Promise<T>) => stages.run(name, run);
  const { folder } = input;
  const { profile } = folder;
  const sections = resolveSections(profile);
  const main = mainEdition(folder);

  const namesOf = (edition: Edition) => outputNames(profile.name, edition, main);
  const [{ raw, templates }, inputHash, earlier] = await stage("load", () =>
    Promise.all([
      readInputs(folder),
      hashInputs({ profilePath: folder.file.path, dataDir: folder.dataDir, templatesDir: folder.templatesDir }),
      // The editions each one follows: its readers are told what changed since.
      Promise.all(
        input.editions.map((edition) => readEarlierEdition(input.history ?? folder.outDir, namesOf(edition), input.date, input.since)),
      ),
    ]),
  );
  // Taken by hashInputs during the load stage already: at hand.
  const disk = input.cacheDir === undefined ? undefined : { dir: input.cacheDir, software: await runningSoftware() };
  const warnings: Problem[] = [];
  const dossier = await stage("validate", () =>
    checkDossier(folder, raw, { strict: input.strict, warn: (problem) => warnings.push(problem) }),
  );
  const view = await stage("derive", () =>
    derive(dossier, { reportDate: input.date, sections, charts: profile.charts, articles: raw.articles }),
  );

  const printing: Promise<PrintedEdition>[] = [];
  /** Settles once the browser is free: the previous edition's print is done with it, or failed. */
  let browserFree: Promise<unknown> = Promise.resolve();
  try {
    for (const [index, edition] of input.editions.entries()) {
      const { lang } = edition;
      const typeset = typesetterFor(lang);
      const names = namesOf(edition);
      const shown = editionView(view, earlier[index], lang);
      // Read now, so that nothing but the browser stands between the previous print and this one.
      const lastContents = readLastContents(folder.outDir, names);
      lastContents.catch(() => {});
      const charts = await stage("charts", () =>
        renderCharts(view.charts, { lang, labels: templates.labels[lang] ?? {}, cache: input.caches.charts, disk }),
      );
      const [html, summary] = await stage("html", async () => {
        const page = await renderHtml(shown, charts, templates, { lang, fonts: input.caches.fonts });
        checkEveryFactPrinted(page, shown, folder);
        return [page, renderSummary(shown, templates, { lang })] as const;
      });
      // One print at a time: the browser prints this edition while Node mends the previous one's PDF.
      // A print that failed meanwhile ends the build: no other print starts.
      await browserFree;
      if (stages.failure() !== undefined) break;
      const last = index === input.editions.length - 1;
      let onBrowserDone = () => {};
      const browserDone = new Promise<void>((resolve) => {
        onBrowserDone = () => {
          resolve();
          if (last) input.printed?.();
        };
      });
      const pdf = stage("pdf", async () =>
        printPdf(html, {
          pages: await input.pages(),
          lastContents: await lastContents,
          format: edition.format === "Letter" ? "Letter" : "A4",
          timeout: input.timeout,
          keepHtml: input.html ?? false,
          // The viewer's title bar and document properties read as the page does.
          metadata: {
            title: typeset(dossier.report.title[lang] ?? ""),
            author: typeset(dossier.report.author),
            subject: typeset(dossier.report.subject[lang] ?? ""),
            keywords: dossier.report.keywords.map((keyword) => typeset(typeof keyword === "string" ? keyword : (keyword[lang] ?? ""))),
            creator: `dossier ${VERSION}`,
            date: input.date,
          },
          ...(input.log ? { log: input.log } : {}),
          ...(input.trace ? { trace: input.trace } : {}),
          onBrowserDone,
        }),
      );
      const { changes } = shown;
      const changed = changes === undefined || changes.added.length + changes.updated.length + changes.withdrawn.length > 0;
      const printed = pdf.then((bytes) => ({ edition, names, pdf: bytes, summary, changed }));
      printed.catch(() => {});
      printing.push(printed);
      // A print that failed never calls onBrowserDone: the failure is recorded before the loop goes on.
      browserFree = Promise.race([browserDone, printed.catch(() => {})]);
    }
  } catch (error) {
    stages.fail(error);
  }
  // Once every edition's pdf stage has settled, so that the failure reported is the right one.
  const settled = await Promise.allSettled(printing);
  const failure = stages.failure();
  if (failure !== undefined) throw failure.error;
  const printed = settled.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
  const editions = await stage("write", async () => {
    const written: EditionResult[] = [];
    for (const { edition, names, pdf, summary, changed } of printed) {
      const { path, manifest } = await writeOutput(
        {
          pdf: pdf.bytes,
          title: typesetterFor(edition.lang)(dossier.report.title[edition.lang] ?? ""),
          pages: pdf.pages,
          contents: pdf.contents,
          facts: factRecords(dossier.facts, edition.lang),
          changed,
          summary,
          html: pdf.html,
        },
        {
          dir: folder.outDir,
          names,
          date: input.date,
          lang: edition.lang,
          format: edition.format,
          inputHash: editionHash(inputHash, edition),
          durationMs: performance.now() - started,
          keep: input.keep,
        },
      );
      written.push({ edition, names, path, manifest });
    }
    return written;
  });
  return { editions, warnings, timings };
}
