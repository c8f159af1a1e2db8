// The dossier pipeline: load -> validate -> derive -> charts -> html -> pdf -> write.
// Each stage is a function of its own module; this file only runs them in order and times them.
import type { Browser } from "puppeteer";
import { PrintError, UserError } from "./errors.js";
import { hashInputs } from "./inputs.js";
import type { Language, PageFormat } from "./schema.js";
import { renderCharts } from "./stages/charts.js";
import { derive } from "./stages/derive.js";
import { loadTemplates, renderHtml, renderSummary } from "./stages/html.js";
import { loadData } from "./stages/load.js";
import { printPdf } from "./stages/pdf.js";
import { validate } from "./stages/validate.js";
import { type Manifest, readLastContents, writeOutput } from "./stages/write.js";
import { withinTime } from "./time-limit.js";
import { VERSION } from "./version.js";

export const STAGES = ["load", "validate", "derive", "charts", "html", "pdf", "write"] as const;
export type Stage = (typeof STAGES)[number];

export interface BuildOptions {
  dataDir: string;
  templatesDir: string;
  outDir: string;
  /** The report date, YYYY-MM-DD: printed in the dossier and in the file name. */
  date: string;
  lang: Language;
  format: PageFormat;
  /** Called when the pdf stage needs a browser; lets the caller start one early or reuse one. */
  browser: () => Promise<Browser>;
  /** The longest a stage may take, in milliseconds (the pdf stage: to get the browser, then to print, each). */
  timeout: number;
  /** Also write the final HTML beside the PDF. */
  html?: boolean;
  /** Keep only the newest N dated PDFs in the output folder. */
  keep?: number;
  onStage?: (stage: Stage, milliseconds: number) => void;
  log?: (message: string) => void;
  trace?: (message: string) => void;
}

export interface BuildResult {
  path: string;
  manifest: Manifest;
  timings: Record<Stage, number>;
}

/** Each stage gets --timeout; the pdf stage waits for the browser to start, then prints, each within it. */
function stageLimit(stage: Stage, timeout: number): number {
  return stage === "pdf" ? 2 * timeout : timeout;
}

function overrun(stage: Stage, { timeout, outDir }: BuildOptions): UserError {
  const limit = stage === "pdf" ? "(twice --timeout: starting the browser, then printing)" : "(--timeout)";
  const took = `The ${stage} stage took longer than ${stageLimit(stage, timeout) / 1000} s ${limit} and was stopped`;
  // A write stopped half-way may have renamed some files into place: say where to look, not that nothing changed.
  if (stage === "write") return new UserError(`${took}; the disk holding ${outDir} is not answering.`);
  // A print that overran leaves the browser in an unknown state: a PrintError makes the next build start another.
  if (stage === "pdf") return new PrintError(`${took}; nothing was written.`);
  return new UserError(`${took}; nothing was written.`);
}

export async function buildDossier(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const timings = {} as Record<Stage, number>;
  async function stage<T>(name: Stage, run: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await withinTime(stageLimit(name, options.timeout), overrun(name, options), run);
    timings[name] = performance.now() - start;
    options.onStage?.(name, timings[name]);
    return result;
  }
  const { lang } = options;

  const [raw, templates, inputHash] = await stage("load", () =>
    Promise.all([
      loadData(options.dataDir),
      loadTemplates(options.templatesDir),
      hashInputs({ dataDir: options.dataDir, templatesDir: options.templatesDir, lang, format: options.format }),
    ]),
  );
  const dossier = await stage("validate", () => validate(raw));
  const view = await stage("derive", () => derive(dossier, { reportDate: options.date }));
  const charts = await stage("charts", () => renderCharts(view, { lang, labels: templates.labels[lang] }));
  const [html, summary] = await stage(
    "html",
    async () => [await renderHtml(view, charts, templates, { lang }), renderSummary(view, templates, { lang })] as const,
  );
  const printed = await stage("pdf", async () =>
    printPdf(html, {
      browser: await options.browser(),
      lastContents: await readLastContents(options.outDir, { lang, format: options.format }),
      format: options.format,
      timeout: options.timeout,
      keepHtml: options.html ?? false,
      metadata: {
        title: dossier.report.title[lang],
        author: dossier.report.author,
        subject: dossier.report.subject[lang],
        keywords: dossier.report.keywords,
        creator: `dossier ${VERSION}`,
        date: options.date,
      },
      ...(options.log ? { log: options.log } : {}),
      ...(options.trace ? { trace: options.trace } : {}),
    }),
  );
  const { path, manifest } = await stage("write", () =>
    writeOutput(
      { pdf: printed.bytes, pages: printed.pages, contents: printed.contents, summary, html: printed.html },
      {
        dir: options.outDir,
        slug: dossier.report.slug,
        date: options.date,
        lang,
        format: options.format,
        inputHash,
        durationMs: performance.now() - started,
        keep: options.keep,
      },
    ),
  );
  return { path, manifest, timings };
}
