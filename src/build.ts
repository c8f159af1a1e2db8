// The dossier pipeline: load -> validate -> derive -> charts -> html -> pdf -> write.
// Each stage is a function of its own module; this file only runs them in order and times them.
import type { Browser } from "puppeteer";
import type { Language } from "./schema.js";
import { renderCharts } from "./stages/charts.js";
import { derive } from "./stages/derive.js";
import { loadTemplates, renderHtml } from "./stages/html.js";
import { loadData } from "./stages/load.js";
import { type PageFormat, printPdf } from "./stages/pdf.js";
import { validate } from "./stages/validate.js";
import { writeOutput } from "./stages/write.js";

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
  /** The longest the print may take, in milliseconds. */
  timeout: number;
  onStage?: (stage: Stage, milliseconds: number) => void;
  log?: (message: string) => void;
}

export interface BuildResult {
  path: string;
  bytes: number;
  timings: Record<Stage, number>;
}

/** The output file's name: meta-ai-strategy-2026-11-22.pdf, or ...-2026-11-22.fr.pdf in French. */
export function outputFileName(slug: string, date: string, lang: Language): string {
  return `${slug}-${date}${lang === "en" ? "" : `.${lang}`}.pdf`;
}

export async function buildDossier(options: BuildOptions): Promise<BuildResult> {
  const timings = {} as Record<Stage, number>;
  async function stage<T>(name: Stage, run: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await run();
    timings[name] = performance.now() - start;
    options.onStage?.(name, timings[name]);
    return result;
  }

  const [raw, templates] = await stage("load", () => Promise.all([loadData(options.dataDir), loadTemplates(options.templatesDir)]));
  const dossier = await stage("validate", () => validate(raw));
  const view = await stage("derive", () => derive(dossier, { reportDate: options.date }));
  const charts = await stage("charts", () => renderCharts(view, { lang: options.lang, labels: templates.labels[options.lang] }));
  const html = await stage("html", () => renderHtml(view, charts, templates, { lang: options.lang }));
  const pdf = await stage("pdf", async () =>
    printPdf(html, {
      browser: await options.browser(),
      format: options.format,
      timeout: options.timeout,
      metadata: {
        title: dossier.report.title[options.lang],
        author: dossier.report.author,
        subject: dossier.report.subject[options.lang],
        keywords: dossier.report.keywords,
        creator: "dossier",
        date: options.date,
      },
      ...(options.log ? { log: options.log } : {}),
    }),
  );
  const path = await stage("write", () =>
    writeOutput(pdf, { dir: options.outDir, fileName: outputFileName(dossier.report.slug, options.date, options.lang) }),
  );
  return { path, bytes: pdf.byteLength, timings };
}
