#!/usr/bin/env node
// `npm run report`: parses flags, prints progress and sets the exit code. The work is in build.ts.
import { describeError } from "./errors.js";
import { parseReportOptions, REPORT_HELP, type ReportOptions } from "./options.js";
import { createRunner, type Runner } from "./runner.js";
import { onStopSignal } from "./signals.js";
import { watchAndBuild } from "./watch.js";

function printStage(stage: string, ms: number): void {
  process.stdout.write(`${stage.padEnd(9)}${Math.round(ms).toString().padStart(6)} ms\n`);
}

export async function main(argv: string[]): Promise<number> {
  let options: ReportOptions | undefined;
  let runner: Runner | undefined;
  try {
    options = parseReportOptions(argv);
    if (options.help) {
      process.stdout.write(`${REPORT_HELP}\n`);
      return 0;
    }
    const log = (message: string) => process.stderr.write(`browser: ${message}\n`);
    runner = createRunner(options, { onStage: printStage, log });
    onStopSignal(runner);
    if (options.watch) return await watchAndBuild(options, runner);
    const result = await runner.build();
    process.stdout.write(`${result.path}\n`);
    return 0;
  } catch (error) {
    const { message, exitCode } = describeError(error, options?.debug ?? false);
    process.stderr.write(`${message}\n`);
    return exitCode;
  } finally {
    await runner?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
