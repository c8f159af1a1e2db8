#!/usr/bin/env node
// The command line: parses flags, prints progress and sets the exit code. All the work is in build.ts.
import type { Browser } from "puppeteer";
import { launchBrowser } from "./browser.js";
import { buildDossier } from "./build.js";
import { UserError } from "./errors.js";
import { type CliOptions, HELP, parseCli } from "./options.js";

export async function main(argv: string[]): Promise<number> {
  let options: CliOptions | undefined;
  let browser: Promise<Browser> | undefined;
  try {
    options = parseCli(argv);
    if (options.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const timeout = options.timeout * 1000;
    // Chromium starts while the data is read and the charts are drawn.
    browser = launchBrowser({ timeout });
    browser.catch(() => {});
    const result = await buildDossier({
      dataDir: options.data,
      templatesDir: options.templates,
      outDir: options.out,
      date: options.date,
      lang: options.lang,
      format: options.format,
      timeout,
      browser: () => browser as Promise<Browser>,
      onStage: (stage, ms) => process.stdout.write(`${stage.padEnd(9)}${Math.round(ms).toString().padStart(6)} ms\n`),
      log: (message) => process.stderr.write(`browser: ${message}\n`),
    });
    process.stdout.write(`${result.path}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`error: ${error.message}\n`);
      if (options?.debug && error.cause instanceof Error) process.stderr.write(`${error.cause.stack}\n`);
      return error.exitCode;
    }
    process.stderr.write(`internal error (a bug, please report it): ${error instanceof Error ? error.stack : String(error)}\n`);
    return 1;
  } finally {
    if (browser !== undefined) await browser.then((b) => b.close()).catch(() => {});
  }
}

process.exitCode = await main(process.argv.slice(2));
