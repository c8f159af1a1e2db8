// A build as the end-to-end tests make it: a dossier folder (the Meta dossier unless a test says
// otherwise), one edition, a pinned date, a new temporary folder and the shared browser.
import type { Browser } from "puppeteer";
import { createChartCache } from "../../src/charts/index.js";
import { type BuildInput, type BuildResult, buildDossier, type EditionResult } from "../../src/pipeline.js";
import type { Edition } from "../../src/stages/output-names.js";
import { poolOf } from "./browser.js";
import { folderOf } from "./dossiers.js";
import { ROOT, tempDir } from "./project.js";

export interface TestBuild {
  dir?: string;
  dataDir?: string;
  templatesDir?: string;
  outDir?: string;
  date?: string;
  /** One edition (default: English, A4), or several with `editions`. */
  lang?: string;
  format?: Edition["format"];
  editions?: Edition[];
  timeout?: number;
  html?: boolean;
  keep?: number;
  since?: string;
  strict?: boolean;
  log?: BuildInput["log"];
  trace?: BuildInput["trace"];
}

/** The build's result, with its first edition's PDF and manifest at hand. */
export type TestResult = BuildResult & Pick<EditionResult, "path" | "manifest">;

export async function buildWith(browser: () => Browser, options: TestBuild = {}): Promise<TestResult> {
  const { folder } = await folderOf(options.dir ?? ROOT, {
    out: options.outDir ?? (await tempDir()),
    data: options.dataDir,
    templates: options.templatesDir,
  });
  const result = await buildDossier({
    folder,
    editions: options.editions ?? [{ lang: options.lang ?? "en", format: options.format ?? "A4" }],
    date: options.date ?? "2026-11-22",
    timeout: options.timeout ?? 60_000,
    html: options.html,
    keep: options.keep,
    since: options.since,
    strict: options.strict,
    pages: async () => poolOf(browser()),
    caches: { charts: createChartCache(), fonts: {} },
    log: options.log,
    trace: options.trace,
  });
  const first = result.editions[0];
  if (first === undefined) throw new Error("the build printed no edition");
  return { ...result, path: first.path, manifest: first.manifest };
}
