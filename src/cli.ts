#!/usr/bin/env node
// `npm run report`: parses flags, prints progress and sets the exit code. The work is in build.ts.
import { describeError } from "./errors.js";
import { parseReportOptions, REPORT_HELP, type ReportOptions, userCwd } from "./options.js";
import { resultLine } from "./result.js";
import { createRunner, type Runner } from "./runner.js";
import { onStopSignal } from "./signals.js";
import { exitProcess } from "./time-limit.js";

function stageLine(stage: string, ms: number): string {
  return `${stage.padEnd(9)}${Math.round(ms).toString().padStart(6)} ms\n`;
}

export async function main(argv: string[]): Promise<number> {
  let options: ReportOptions | undefined;
  let runner: Runner | undefined;
  let signalled: () => number | undefined = () => undefined;
  const started = performance.now();
  try {
    options = parseReportOptions(argv);
    if (options.help) {
      process.stdout.write(`${REPORT_HELP}\n`);
      return 0;
    }
    const log = (message: string) => process.stderr.write(`browser: ${message}\n`);
    const trace = (message: string) => process.stderr.write(`debug: ${message}\n`);
    // With --json, stdout holds the result line alone.
    const progress = options.json ? process.stderr : process.stdout;
    const onStage = (stage: string, ms: number) => progress.write(stageLine(stage, ms));
    runner = createRunner(options, { onStage, log, ...(options.debug ? { trace } : {}) });
    signalled = onStopSignal(runner);
    if (options.watch) {
      const { watchAndBuild } = await import("./watch.js");
      return await watchAndBuild(options, runner);
    }
    const result = await runner.build();
    process.stdout.write(
      options.json ? resultLine("built", options.out, options, result.manifest, performance.now() - started) : `${result.path}\n`,
    );
    return 0;
  } catch (error) {
    const { message, exitCode } = describeError(error, options?.debug ?? false, userCwd());
    process.stderr.write(`${message}\n`);
    return signalled() ?? exitCode;
  } finally {
    await runner?.close();
  }
}

// Exit as soon as the work is done: a browser that crashed can leave puppeteer's connection
// timers pending for a while, and the user should not wait for them.
await exitProcess(await main(process.argv.slice(2)));
