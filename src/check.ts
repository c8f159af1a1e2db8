#!/usr/bin/env node
// `npm run check`: every data and template check a build makes, without a browser, in well under
// a second: for editors while they work and for pre-commit hooks.
import { everyKindOfChange, factRecords } from "./changes.js";
import { failed, type Problem, warningLines } from "./errors.js";
import { CHECK_HELP, ENGINE_TEMPLATES, parseCheckOptions, userCwd } from "./options.js";
import { checkDossier, checkEveryFactPrinted, readInputs } from "./prepare.js";
import { resolveDossier } from "./profile/editions.js";
import { resolveSections } from "./profile/load.js";
import { derive, editionView } from "./stages/derive.js";
import { checkPageGlyphs, fillLayout, renderSummary } from "./stages/html.js";

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
    const { raw, templates } = await readInputs(folder);
    const warnings: Problem[] = [];
    const dossier = checkDossier(folder, raw, { strict: options.strict, warn: (problem) => warnings.push(problem) });
    // The report date only fills the cover and footer; any real day shows a template's mistakes.
    const view = derive(dossier, { reportDate: "2000-01-01", sections: resolveSections(profile), charts: profile.charts });
    // Every language: each has its own texts and labels; as a first edition, and as one that
    // follows an earlier edition with every kind of change.
    for (const lang of profile.languages) {
      const views = [view, editionView(view, everyKindOfChange(factRecords(dossier.facts, lang)), lang)];
      for (const shown of views) {
        const { html } = fillLayout(shown, [], templates, { lang });
        checkEveryFactPrinted(html, shown, folder);
        checkPageGlyphs(html, templates.dir);
        renderSummary(shown, templates, { lang });
      }
    }
    const articles = raw.articles.size;
    process.stderr.write(warningLines(warnings, userCwd()));
    process.stdout.write(
      `ok: ${profile.name}: ${dossier.facts.length} facts, ${dossier.sources.length} sources, ${articles} articles and the templates checked in ${Math.round(performance.now() - started)} ms\n`,
    );
    return 0;
  } catch (error) {
    return failed(error, debug, userCwd());
  }
}

process.exitCode = await main(process.argv.slice(2));
