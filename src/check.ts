#!/usr/bin/env node
// `npm run check`: every data and template check a build makes, without a browser, in well under
// a second: for editors while they work and for pre-commit hooks.
import { describeError } from "./errors.js";
import { CHECK_HELP, parseCheckOptions, userCwd } from "./options.js";
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
    const [raw, templates] = await Promise.all([loadData(options.data), loadTemplates(options.templates)]);
    const dossier = validate(raw);
    // The report date only fills the cover and footer; any real day shows a template's mistakes.
    const view = derive(dossier, { reportDate: "2000-01-01" });
    // One language is enough: every language has the same labels (checked on load) and the same view.
    fillLayout(view, [], templates, { lang: "en" });
    renderSummary(view, templates, { lang: "en" });
    const articles = raw.articles.size;
    process.stdout.write(
      `ok: ${dossier.facts.length} facts, ${dossier.sources.length} sources, ${articles} articles and the templates checked in ${Math.round(performance.now() - started)} ms\n`,
    );
    return 0;
  } catch (error) {
    const { message, exitCode } = describeError(error, debug, userCwd());
    process.stderr.write(`${message}\n`);
    return exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
