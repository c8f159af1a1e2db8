// Ctrl-C (SIGINT) and SIGTERM: close the browser, let the build in progress remove its partial
// files, then exit. A second signal exits at once.
interface Closable {
  close(): Promise<void>;
}

export function onStopSignal(target: Closable, say: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    say(`${signal}: stopping (the browser is closed, no partial file is left)`);
    void target.close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
