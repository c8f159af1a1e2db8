// What a build and `npm run check` do alike before anything is drawn: read the dossier's data and
// templates, check them against dossier.yaml and each other, and, once the page is filled, that
// it prints every fact. No browser and no chart library here: `check` loads only this.
import { fieldName, problemAt, textsIn } from "./diagnostics/yaml-fields.js";
import { type Problem, ProfileError } from "./errors.js";
import { checkAgainstTemplates, checkChartSelections, type DossierFolder, resolveSections, topicsOf } from "./profile/load.js";
import type { Dossier } from "./schema.js";
import type { View } from "./stages/derive.js";
import { loadTemplates, type Templates } from "./stages/html.js";
import { loadData, type RawData } from "./stages/load.js";
import { type DossierFrame, validate } from "./stages/validate.js";
import { loadFontCoverage, missingCharacters, notInFonts } from "./typography/glyphs.js";

/** What validate holds the data against: the dossier's languages, and the topics its sections print. */
export function dossierFrame({ file, profile }: Pick<DossierFolder, "file" | "profile">): DossierFrame {
  return { languages: profile.languages, topics: topicsOf(profile), profilePath: file.path };
}

/** The texts of dossier.yaml the page prints, in every language given: the sections' titles and the charts' captions. */
const PRINTED_SETTINGS = /^(sections\[\d+\]\.title|charts\[\d+\]\.caption)\./;

/**
 * dossier.yaml's printed texts against the fonts, each problem located. Here rather than in
 * parseProfile, which a scheduler's skip also runs: only what prints or checks loads the fonts' maps.
 */
function checkSettingsGlyphs({ file }: Pick<DossierFolder, "file">): void {
  const problems = textsIn(file).flatMap(({ path, text }) => {
    const missing = missingCharacters(text);
    return missing.length > 0 && PRINTED_SETTINGS.test(fieldName(path)) ? [problemAt(file, path, notInFonts(missing))] : [];
  });
  if (problems.length > 0) throw new ProfileError(problems);
}

/** The data and the templates as read, the templates checked against what dossier.yaml names. */
export async function readInputs(folder: DossierFolder): Promise<{ raw: RawData; templates: Templates }> {
  await loadFontCoverage();
  checkSettingsGlyphs(folder);
  const sections = resolveSections(folder.profile).map((section) => section.id);
  const [raw, templates] = await Promise.all([loadData(folder.dataDir), loadTemplates(folder.templatesDir, sections)]);
  checkAgainstTemplates(folder, templates);
  return { raw, templates };
}

/** How uncovered sentences of the articles are told: as errors when strict, else to `warn`. */
export type Coverage = Pick<DossierFrame, "strict" | "warn">;

/** The data validated against itself, its articles and dossier.yaml, whose charts' selections name its facts. */
export function checkDossier(folder: DossierFolder, raw: RawData, coverage: Coverage = {}): Dossier {
  const dossier = validate(raw, { ...dossierFrame(folder), ...coverage });
  checkChartSelections(folder, new Set(dossier.facts.map((fact) => fact.id)));
  return dossier;
}

/**
 * A layout that leaves a section out would drop its facts without a word: each such section is a
 * problem at its entry in dossier.yaml.
 */
export function checkEveryFactPrinted(html: string, view: View, folder: DossierFolder): void {
  const sections = resolveSections(folder.profile);
  // A plan is printed twice when the dossier has an outlook: in its section and there.
  const hasOutlook = view.sections.some((section) => section.partial === "outlook");
  const planned = new Set([...view.outlook, ...view.overdue].map((fact) => fact.id));
  // Counted in one pass: splitting the page (~600 kB with its fonts) once per fact took ~10 ms a build.
  const times = new Map<string, number>();
  for (const [, id = ""] of html.matchAll(/id="fact-([^"]*)"/g)) times.set(id, (times.get(id) ?? 0) + 1);
  const printed = (id: string) => times.get(id) ?? 0;
  const problems: Problem[] = view.sections.flatMap((section, index) => {
    const lost = section.facts.filter((fact) => printed(fact.id) < 1 + (hasOutlook && planned.has(fact.id) ? 1 : 0));
    if (lost.length === 0) return [];
    const what = lost.length === 1 ? `the fact "${lost[0]?.id}"` : `${lost.length} facts (${lost.map((fact) => fact.id).join(", ")})`;
    return [
      problemAt(
        folder.file,
        sections[index]?.path ?? [],
        `the templates do not print this section, so ${what} would be missing from the PDF: print it in layout.hbs, or take its topics out`,
      ),
    ];
  });
  if (problems.length > 0) throw new ProfileError(problems);
}
