// A build as the end-to-end tests make it: the real data and templates, a pinned date, a new
// temporary folder and the shared browser, unless a test says otherwise.
import type { Browser } from "puppeteer";
import { type BuildOptions, type BuildResult, buildDossier } from "../../src/build.js";
import { DATA_DIR, TEMPLATES_DIR, tempDir } from "./project.js";

export async function buildWith(browser: () => Browser, options: Partial<BuildOptions> = {}): Promise<BuildResult> {
  return buildDossier({
    dataDir: DATA_DIR,
    templatesDir: TEMPLATES_DIR,
    outDir: options.outDir ?? (await tempDir()),
    date: "2026-11-22",
    lang: "en",
    format: "A4",
    timeout: 60_000,
    browser: async () => browser(),
    ...options,
  });
}
