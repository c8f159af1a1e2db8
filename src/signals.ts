// Ctrl-C (SIGINT) and SIGTERM: close the browser, let the build in progress remove its partial
// files, then exit with the shell's code for the signal. A second signal exits at once.
import { exitProcess } from "./time-limit.js";

interface Closable {
  close(): Promise<void>;
}

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Installs the handlers; the returned function gives the exit code of a signal received, if any. */
export function onStopSignal(
  target: Closable,
  say: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): () => number | undefined {
  let received: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      void exitProcess(EXIT_CODES[signal]);
      return;
    }
    received = signal;
    say(`${signal}: stopping (the browser is closed, no partial file is left)`);
    void target.close().finally(() => exitProcess(EXIT_CODES[signal]));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return () => (received === undefined ? undefined : EXIT_CODES[received]);
}
