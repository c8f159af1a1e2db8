#!/usr/bin/env node
// `npm run check`: every data and template check a build makes, without a browser, in well under
// a second: for editors while they work and for pre-commit hooks.
import { describeError } from "./errors.js";
import { CHECK_HELP, ENGINE_TEMPLATES, parseCheckOptions, userCwd } from "./options.js";
import { checkEveryFactPrinted } from "./pipeline.js";
import { resolveDossier } from "./profile/editions.js";
import { checkAgainstTemplates, checkChartSelections, resolveSections, topicsOf } from "./profile/load.js";
import { derive } from "./stages/derive.js";
import { fillLayout, loadTemplates, renderSummary } from "./stages/html.js";
import { loadData } from "./stages/load.js";
import { validate } from "./stages/validate.js";

export async function main(argv: string[]): Promise<number> {
  let debug = false;
  try {
    const options = parseCheckOptions(argv);
    debug = options.debug;
    if (options.help) {
      process.stdout.write(`${CHECK_HELP}\n`);
      return 0;
    }
    const started = performance.now();
    const { folder } = await resolveDossier(options.dir, ENGINE_TEMPLATES, options);
    const { profile } = folder;
    const sections = resolveSections(profile);
    const [raw, templates] = await Promise.all([
      loadData(folder.dataDir),
      loadTemplates(
        folder.templatesDir,
        sections.map((section) => section.id),
      ),
    ]);
    checkAgainstTemplates(folder, templates);
    const dossier = validate(raw, { languages: profile.languages, topics: topicsOf(profile), profilePath: folder.file.path });
    checkChartSelections(folder, new Set(dossier.facts.map((fact) => fact.id)));
    // The report date only fills the cover and footer; any real day shows a template's mistakes.
    const view = derive(dossier, { reportDate: "2000-01-01", sections, charts: profile.charts });
    // Every language: each has its own texts and labels.
    for (const lang of profile.languages) {
      const { html } = fillLayout(view, [], templates, { lang });
      checkEveryFactPrinted(html, view, folder);
      renderSummary(view, templates, { lang });
    }
    const articles = raw.articles.size;
    process.stdout.write(
      `ok: ${profile.name}: ${dossier.facts.length} facts, ${dossier.sources.length} sources, ${articles} articles and the templates checked in ${Math.round(performance.now() - started)} ms\n`,
    );
    return 0;
  } catch (error) {
    const { message, exitCode } = describeError(error, debug, userCwd());
    process.stderr.write(`${message}\n`);
    return exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
