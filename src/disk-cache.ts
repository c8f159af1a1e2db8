// What the commands keep on disk between runs, in node_modules/.cache/dossier/ (DOSSIER_CACHE_DIR
// moves it): each result in a file named by a hash of everything that made it, the running
// software included (the code, the installed packages, Node and the browsers: version.ts), so a
// hit is only ever what the same work would give again. A file is written whole under another
// name, then renamed: a run killed meanwhile leaves no half file, and a file that does not read
// back is a miss. `--clear-cache` deletes its files (clearCache; src/setup/launch.cjs first, before
// the compiled code it keeps is read).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { PROJECT_ROOT } from "./options.js";
import cacheFiles from "./setup/cache-files.cjs";

export interface DiskCache {
  dir: string;
  /** The running software's fingerprint (runningSoftware): a new build of the code misses every result of the old. */
  software: string;
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return cacheFiles.cacheFolder(PROJECT_ROOT, env);
}

const { OURS } = cacheFiles;

/** Everything earlier runs kept: `--clear-cache`. */
export async function clearCache(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => []);
  await Promise.all(names.filter((name) => OURS.test(name)).map((name) => rm(join(dir, name), { force: true })));
}

/** Results of one kind kept at most: a dossier edited daily for a year does not fill the disk. */
const KEEP_PER_KIND = 64;

function fileOf(cache: DiskCache, kind: string, key: string): string {
  const hash = createHash("sha256").update(`${cache.software}\0${kind}\0`).update(key).digest("hex").slice(0, 32);
  return join(cache.dir, `${kind}-${hash}`);
}

/** The result kept for `key`, if there is one. */
export function readCached(cache: DiskCache, kind: string, key: string): string | undefined {
  try {
    return readFileSync(fileOf(cache, kind, key), "utf8");
  } catch {
    return undefined;
  }
}

/** Keeps a result for `key`; a disk that refuses (read-only, full) only costs the next run the work. */
export function writeCached(cache: DiskCache, kind: string, key: string, value: string): void {
  const file = fileOf(cache, kind, key);
  const partial = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(cache.dir, { recursive: true });
    writeFileSync(partial, value);
    renameSync(partial, file);
    pruneKind(cache.dir, kind);
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Not even that: the folder is not one.
    }
  }
}

/** The oldest results of a kind beyond KEEP_PER_KIND, and what killed runs left half written. */
function pruneKind(dir: string, kind: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.startsWith(`${kind}-`) && OURS.test(name))
    .map((name) => ({ path: join(dir, name), name, at: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  const stale = Date.now() - 60 * 60 * 1000;
  const left = files.filter((file) => file.name.endsWith(".tmp") && file.at < stale);
  const kept = files.filter((file) => !file.name.endsWith(".tmp")).sort((a, b) => b.at - a.at);
  for (const { path } of [...left, ...kept.slice(KEEP_PER_KIND)]) rmSync(path, { force: true });
}
