// The dossiers the engine is tested against: the Meta dossier (this project's own folder, French
// and English) and a short English-only brief on Scale AI with sections and charts of its own.
// Engine tests run against both; tests of the Meta content say so in their names.
import { join } from "node:path";
import { type ChartImage, createChartCache, renderCharts } from "../../src/charts/index.js";
import { checkDossier, dossierFrame, readInputs } from "../../src/prepare.js";
import { type Overrides, resolveDossier } from "../../src/profile/editions.js";
import { type DossierFolder, resolveSections } from "../../src/profile/load.js";
import type { Dossier } from "../../src/schema.js";
import { derive, type View } from "../../src/stages/derive.js";
import { renderHtml, type Templates } from "../../src/stages/html.js";
import type { Edition } from "../../src/stages/output-names.js";
import type { DossierFrame } from "../../src/stages/validate.js";
import { ROOT, TEMPLATES_DIR } from "./project.js";

export interface TestDossier {
  label: string;
  dir: string;
}

export const META: TestDossier = { label: "Meta dossier", dir: ROOT };
export const BRIEF: TestDossier = { label: "Scale AI brief", dir: join(ROOT, "test", "fixtures", "brief") };
export const DOSSIERS = [META, BRIEF] as const;

export function folderOf(dir: string, overrides: Overrides = {}): Promise<{ folder: DossierFolder; editions: Edition[] }> {
  return resolveDossier(dir, TEMPLATES_DIR, overrides);
}

/** The Meta dossier's frame, for the trimmed copy of its data in test/fixtures/valid. */
export async function metaFrame(): Promise<DossierFrame> {
  return dossierFrame((await folderOf(META.dir)).folder);
}

/** A dossier read, checked and ordered as a build does it, before the charts and the page. */
export interface Prepared {
  folder: DossierFolder;
  dossier: Dossier;
  view: View;
  templates: Templates;
}

export async function prepare(dir: string = META.dir, overrides: Overrides = {}, reportDate = "2026-11-22"): Promise<Prepared> {
  const { folder } = await folderOf(dir, overrides);
  const { raw, templates } = await readInputs(folder);
  const dossier = checkDossier(folder, raw);
  const sections = resolveSections(folder.profile);
  return { folder, dossier, templates, view: derive(dossier, { reportDate, sections, charts: folder.profile.charts }) };
}

/** The charts of a prepared dossier in one language, drawn with a cache of their own. */
export function chartsOf({ view, templates }: Prepared, lang: string): ChartImage[] {
  return renderCharts(view.charts, { lang, labels: templates.labels[lang] ?? {}, cache: createChartCache() });
}

/** The final HTML of a prepared dossier in one language. */
export function htmlOf(prepared: Prepared, lang: string): Promise<string> {
  return renderHtml(prepared.view, chartsOf(prepared, lang), prepared.templates, { lang, fonts: {} });
}
