import { existsSync } from "node:fs";
import puppeteer, { type Browser } from "puppeteer";
import { UserError } from "./errors.js";
import systemBrowser from "./setup/system-browser.cjs";

/**
 * Flags for a quiet, offline-safe headless Chromium. Without the networking flags Chromium tries
 * Google's hosts at start and waits on a closed network; as root it refuses to start sandboxed.
 */
export function chromiumArgs(): string[] {
  const args = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--mute-audio",
  ];
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  return args;
}

function puppeteersOwnBrowser(): string | undefined {
  try {
    const path = puppeteer.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** PUPPETEER_EXECUTABLE_PATH if set, else puppeteer's own download, else a system Chrome or Chromium. */
export function findBrowserExecutable(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (existsSync(fromEnv)) return fromEnv;
    throw new UserError(
      `PUPPETEER_EXECUTABLE_PATH is ${fromEnv}, but there is no browser there. Fix the path, or unset it to use an installed Chrome or Chromium.`,
    );
  }
  const found = puppeteersOwnBrowser() ?? systemBrowser.findSystemBrowser();
  if (found !== undefined) return found;
  const tried = ["puppeteer's own browser (none downloaded)", ...systemBrowser.systemBrowserCandidates()];
  throw new UserError(
    [
      "No Chrome or Chromium found to print the PDF. Tried:",
      ...tried.map((place) => `  - ${place}`),
      "Get one with any of:",
      "  - Debian/Ubuntu: sudo apt-get install chromium",
      "  - anywhere with internet: npx puppeteer browsers install chrome",
      "  - an existing browser: export PUPPETEER_EXECUTABLE_PATH=/path/to/chrome",
    ].join("\n"),
  );
}

export interface LaunchOptions {
  executablePath?: string;
  /** How long the browser may take to start, in milliseconds. */
  timeout?: number;
}

/** Starts a headless Chromium; the caller owns it and must close it. */
export async function launchBrowser({ executablePath = findBrowserExecutable(), timeout = 30_000 }: LaunchOptions = {}): Promise<Browser> {
  try {
    // The commands handle SIGINT and SIGTERM themselves: they close the browser and remove any
    // partial output before exiting, which puppeteer's own handlers (exit at once) would skip.
    return await puppeteer.launch({
      executablePath,
      headless: true,
      args: chromiumArgs(),
      timeout,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    throw new UserError(`The browser at ${executablePath} could not start: ${(error as Error).message.split("\n")[0]}`, 1, {
      cause: error,
    });
  }
}
