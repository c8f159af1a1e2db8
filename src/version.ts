import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import systemBrowser from "./setup/system-browser.cjs";

/** The tool's version from package.json: stamped in the PDF's Creator. */
export const VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

/** What prints the dossier besides its data and templates. */
export interface Software {
  /** The running code's folder: dist/, or src/ when run by tsx or vitest. */
  codeDir: string;
  /** npm's record of the installed packages (chart.js, the fonts, puppeteer...), with their versions. */
  installedPackages: string;
  nodeVersion: string;
  /** Where PUPPETEER_EXECUTABLE_PATH and PUPPETEER_CACHE_DIR are read: they choose the browser. */
  env: NodeJS.ProcessEnv;
}

export const THIS_PROCESS: Software = {
  codeDir: fileURLToPath(new URL(".", import.meta.url)),
  installedPackages: fileURLToPath(new URL("../node_modules/.package-lock.json", import.meta.url)),
  nodeVersion: process.version,
  env: process.env,
};

/**
 * The browsers a local launch may pick (browser.ts), in no particular order: all of them stand
 * for the one picked, since naming it exactly would mean loading puppeteer (~250 ms), more than
 * the whole skip check may take. puppeteer keeps one folder per version
 * (chrome-headless-shell/linux-148.0.7778.97), which stands for the browser inside.
 */
async function localBrowsers(env: NodeJS.ProcessEnv): Promise<string[]> {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv !== undefined && fromEnv !== "") return [fromEnv];
  const cache = env.PUPPETEER_CACHE_DIR ?? join(homedir(), ".cache", "puppeteer");
  const downloads = await Promise.all(
    ["chrome-headless-shell", "chrome"].map(async (browser) =>
      (await readdir(join(cache, browser)).catch(() => [])).map((version) => join(cache, browser, version)),
    ),
  );
  return [...downloads.flat(), ...systemBrowser.systemBrowserCandidates()];
}

/**
 * A digest of the software that prints: the code (by content, so that recompiling the same
 * source changes nothing), the installed packages, Node, and the local browsers by path, size
 * and modification time (their 200 MB would take longer to hash than a build). A few
 * milliseconds. A browser reached with --browser-url is not in it.
 */
export async function fingerprint(software: Software): Promise<string> {
  const browsers = localBrowsers(software.env).then((paths) =>
    Promise.all(
      paths.map((path) =>
        stat(path).then(
          (found) => `${path} ${found.size} ${found.mtimeMs}`,
          () => "absent",
        ),
      ),
    ),
  );
  const code = readdirSync(software.codeDir, { withFileTypes: true, recursive: true })
    // A bundle is made from the modules beside it and the installed packages, both hashed here,
    // and bundle.mjs writes its digest beside it (hashed here as a file of dist/): its 7 MB would
    // only cost the scheduler's skip time. Source maps and type declarations never run.
    .filter((entry) => entry.isFile() && !/\.(map|bundle\.cjs|d\.ts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  // Read one after the other, without the thread pool: ~100 small files take ~2 ms so, ~15 ms as
  // promises, most of the scheduler's skip check. Once per process.
  const contents = [...code, software.installedPackages].map((file) => {
    try {
      return readFileSync(file);
    } catch {
      return Buffer.alloc(0);
    }
  });
  const hash = createHash("sha256");
  hash.update(JSON.stringify([VERSION, software.nodeVersion, await browsers]));
  [...code.map((file) => relative(software.codeDir, file)), "installed packages"].forEach((name, index) => {
    const bytes = contents[index] ?? Buffer.alloc(0);
    hash.update(`\0${name}\0${bytes.length}\0`);
    hash.update(bytes);
  });
  return hash.digest("hex");
}

// Of the process, not of a session: the code a process loaded at its start is what it runs.
let thisProcess: Promise<string> | undefined;

/**
 * This process's fingerprint, taken once: the code it loaded at its start is what runs, even
 * when dist/ is rebuilt while a scheduler or a watcher goes on.
 */
export function runningSoftware(): Promise<string> {
  thisProcess ??= fingerprint(THIS_PROCESS);
  return thisProcess;
}
