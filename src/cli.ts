#!/usr/bin/env node
// `npm run report` and `dossier report`: parses flags, prints progress and sets the exit code. The
// work is in session.ts and pipeline.ts.
import { clearCache, defaultCacheDir } from "./disk-cache.js";
import { failed, warningLines } from "./errors.js";
import { buildRequest, ENGINE_TEMPLATES, parseReportOptions, REPORT_HELP, type ReportOptions, userCwd } from "./options.js";
import { builtLine } from "./result.js";
import { openSession, type Session } from "./session.js";
import { onStopSignal } from "./signals.js";
import { exitProcess } from "./time-limit.js";

function stageLine(stage: string, ms: number): string {
  return `${stage.padEnd(9)}${Math.round(ms).toString().padStart(6)} ms\n`;
}

export async function main(argv: string[]): Promise<number> {
  let options: ReportOptions | undefined;
  let session: Session | undefined;
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
    // With --json, stdout holds the result lines alone.
    const progress = options.json ? process.stderr : process.stdout;
    const onStage = (stage: string, ms: number) => progress.write(stageLine(stage, ms));
    if (options.clearCache) await clearCache(defaultCacheDir());
    session = openSession({
      browserUrl: options.browserUrl,
      timeout: options.timeout,
      engineTemplates: ENGINE_TEMPLATES,
      cacheDir: defaultCacheDir(),
      once: !options.watch,
      log,
      ...(options.debug ? { trace } : {}),
    });
    signalled = onStopSignal(session);
    const request = buildRequest(options, onStage);
    if (options.watch) {
      const { watchAndBuild } = await import("./watch.js");
      return await watchAndBuild(options, session, request);
    }
    const result = await session.build(request());
    process.stderr.write(warningLines(result.warnings, userCwd()));
    process.stdout.write(
      options.json ? builtLine(result, performance.now() - started) : result.editions.map(({ path }) => `${path}\n`).join(""),
    );
    return 0;
  } catch (error) {
    const exitCode = failed(error, options?.debug ?? false, userCwd());
    return signalled() ?? exitCode;
  } finally {
    await session?.close();
  }
}

// Exit as soon as the work is done: a browser that crashed can leave puppeteer's connection
// timers pending for a while, and the user should not wait for them.
// No top-level await: the bundle that src/setup/launch.cjs runs is a CommonJS script.
void main(process.argv.slice(2)).then(exitProcess);
