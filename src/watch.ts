// `npm run report -- --watch`: rebuilds when the data or the templates change, with the browser
// kept warm. A bad edit prints its error and the watcher goes on; the last good PDF stays.
import { watch } from "chokidar";
import { describeError } from "./errors.js";
import { type ReportOptions, userCwd } from "./options.js";
import type { Runner } from "./runner.js";

/** Editors save in bursts (temporary file, rename, touch): wait for the burst to end. */
const DEBOUNCE_MS = 300;

export async function watchAndBuild(
  options: ReportOptions,
  runner: Runner,
  say = (message: string) => process.stdout.write(`${message}\n`),
): Promise<number> {
  let pending = false;
  let running = false;
  let timer: NodeJS.Timeout | undefined;

  const build = async () => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      const result = await runner.build();
      say(`built ${result.path}`);
    } catch (error) {
      say(describeError(error, options.debug, userCwd()).message);
      say("the last good PDF is unchanged; waiting for the next change");
    } finally {
      running = false;
    }
    if (pending) {
      pending = false;
      await build();
    }
  };

  await build();
  const watcher = watch([options.data, options.templates], { ignoreInitial: true });
  watcher.on("all", (_event, path) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      say(`changed: ${path}`);
      void build();
    }, DEBOUNCE_MS);
  });
  watcher.on("error", (error) => say(`watch error: ${(error as Error).message}`));
  await new Promise<void>((resolve) => watcher.on("ready", resolve));
  say(`watching ${options.data} and ${options.templates} (Ctrl-C to stop)`);
  // Runs until a signal stops the process (see signals.ts).
  return new Promise<number>(() => {});
}
