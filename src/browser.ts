import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import puppeteer, { type Browser } from "puppeteer";
import { UserError } from "./errors.js";
import systemBrowser from "./setup/system-browser.cjs";

/**
 * Flags for a quiet, offline headless Chromium. Without the background flags Chromium tries
 * Google's hosts at start and waits on a closed network; as root it refuses to start sandboxed.
 * The printing browser has no network at all, below anything a page can ask for (a prefetch
 * escapes request interception): no name resolves, and every request, loopback included (which
 * Chromium otherwise sends direct), goes to a proxy whose name does not resolve either.
 */
export function chromiumArgs(): string[] {
  const args = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://no-network.invalid:9",
    "--proxy-bypass-list=<-loopback>",
    // Less memory for the same bytes (Skia writes the PDF; nothing is shown on a screen): the
    // network service runs inside the browser process, no GPU process rasterises, and the
    // renderer composites on its main thread (~50 MB of ~240 together).
    "--enable-features=NetworkServiceInProcess2",
    "--disable-gpu",
    "--disable-software-rasterizer",
    "--disable-threaded-compositing",
  ];
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  return args;
}

function puppeteersOwnBrowser(): string | undefined {
  // puppeteer downloads its headless shell beside Chrome; the shell is the lighter of the two.
  for (const headless of ["shell", true] as const) {
    try {
      const path = puppeteer.executablePath({ headless });
      if (existsSync(path)) return path;
    } catch {
      // Not downloaded.
    }
  }
  return undefined;
}

/**
 * Chromium must not outlive the command, however the command ends: SIGKILL, an out-of-memory
 * kill and a crash run no handler in Node. So sh starts it and leaves a guard beside it that reads
 * its standard input, the pipe puppeteer opens from this process and never writes to: it ends only
 * when this process is gone (the kernel closes it, whatever the cause), and the guard then kills
 * its own process group. puppeteer makes that group Chromium's: sh is its leader and becomes
 * Chromium by exec (same pid), and every process Chromium starts stays in it. Works with any POSIX
 * sh (Linux, macOS). Linux's PR_SET_PDEATHSIG would reach Chromium's first process only (the
 * others exit when they notice it gone, a hung one never), and macOS has no such thing.
 */
const GUARDED_START = ["exec 3<&0 </dev/null", "sh -c 'read -r _; kill -s KILL 0' <&3 >/dev/null 2>&1 &", 'exec "$@" 3<&-'].join("\n");

/** How puppeteer must start a given browser; the bench's floor starts it the very same way. */
export function launchOptions(executablePath: string): {
  executablePath: string;
  headless: true | "shell";
  args: string[];
  ignoreDefaultArgs: true;
  waitForInitialPage: boolean;
} {
  const shell = systemBrowser.isHeadlessShell(executablePath);
  const headless = shell ? "shell" : true;
  // puppeteer puts its own flags before ours: they are given here, after the browser's path.
  // The headless shell starts with no tab: puppeteer's about:blank would be a renderer process
  // (~30 MB) that prints nothing, since each print opens a page of its own.
  const args = puppeteer.defaultArgs({ headless, args: chromiumArgs() }).filter((arg) => !(shell && arg === "about:blank"));
  const waitForInitialPage = !shell;
  // Windows has no sh and no process groups: there puppeteer's own clean-up on exit is all there is.
  if (process.platform === "win32") return { executablePath, headless, args, ignoreDefaultArgs: true, waitForInitialPage };
  return {
    executablePath: "/bin/sh",
    headless,
    args: ["-c", GUARDED_START, "chromium-guard", executablePath, ...args],
    ignoreDefaultArgs: true,
    waitForInitialPage,
  };
}

/** PUPPETEER_EXECUTABLE_PATH if set, else puppeteer's own download, else a system headless shell, Chrome or Chromium. */
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
  /** How long the browser may take to start, and to answer any one command, in milliseconds. */
  timeout?: number;
}

/** Starts a headless Chromium; the caller owns it and must close it. */
export async function launchBrowser({ executablePath = findBrowserExecutable(), timeout = 30_000 }: LaunchOptions = {}): Promise<Browser> {
  const started = new AbortController();
  try {
    // The commands handle SIGINT and SIGTERM themselves: they close the browser and remove any
    // partial output before exiting, which puppeteer's own handlers (exit at once) would skip.
    return await puppeteer.launch({
      ...launchOptions(executablePath),
      timeout,
      // A stalled browser must not hold a command for puppeteer's default three minutes.
      protocolTimeout: timeout,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      signal: started.signal,
    });
  } catch (error) {
    // A browser that did not answer in time is still starting: puppeteer would kill it only after
    // deleting its profile, too late if the command exits first. Aborting kills its group now.
    started.abort();
    const why = (error as Error).message.split("\n")[0];
    throw new UserError(
      `The browser at ${executablePath} could not start (${why}). Check that it is Chrome or Chromium and runs (${executablePath} --version), or point PUPPETEER_EXECUTABLE_PATH at one.`,
      1,
      { cause: error },
    );
  }
}

const CLOSE_GRACE_MS = 2_000;

/** Kills a browser's processes: its process group where it leads one (see launchOptions), and itself. */
function killProcesses(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const running = child.exitCode === null && child.signalCode === null;
  for (const target of running ? [-child.pid, child.pid] : [-child.pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // Already gone, or no such group (Windows).
    }
  }
}

/**
 * Ends a browser we started, and makes sure its processes are gone. Where Chromium leads its own
 * process group (every system but Windows, see launchOptions), the group is killed rather than
 * asked to close: its profile is a throwaway, and Chromium's orderly shutdown (~35 ms) saves
 * nothing a print needs; puppeteer then deletes the temporary profile. On Windows, where killing
 * Chromium would leave its child processes holding the profile's files, it is asked to close, and
 * killed only if it has not closed within the grace, as a crashed or stalled Chromium is
 * everywhere. The group's kill also ends the guard, which would otherwise wait for this process
 * to end (the group lives as long as the guard, so its id is not reused).
 */
export async function closeBrowser(browser: Browser): Promise<void> {
  const child = browser.process();
  const killedFirst = child !== null && process.platform !== "win32";
  if (killedFirst) killProcesses(child);
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_GRACE_MS);
  });
  await Promise.race([browser.close().catch(() => {}), grace]);
  clearTimeout(timer);
  if (child !== null && !killedFirst) killProcesses(child);
}
