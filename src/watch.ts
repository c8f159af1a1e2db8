// `npm run report -- --watch`: rebuilds when the data or the templates change, with the browser
// kept warm. A bad edit prints its error and the watcher goes on; the last good PDF stays.
import { basename, join } from "node:path";
import { watch } from "chokidar";
import { describeError, shownPath, warningLines } from "./errors.js";
import { PROFILE_FILE } from "./input-files.js";
import { ENGINE_TEMPLATES, type ReportOptions, userCwd } from "./options.js";
import { resolveDossier } from "./profile/editions.js";
import { builtLine } from "./result.js";
import type { BuildRequest, Session } from "./session.js";

/** Editors save in bursts (temporary file, rename, touch): wait for the burst to end. */
const DEBOUNCE_MS = 300;

/**
 * Files that editors and tools write beside the one being saved, never data: sed -i's sedXXXXXX,
 * vim's swap files and its 4913 write test, backups~, emacs's .#locks and #autosaves#, *.tmp,
 * gedit's .goutputstream-*, JetBrains' ___jb_tmp___.
 */
const TEMPORARY = [
  /^sed[A-Za-z0-9]{6}$/,
  /\.sw[a-px]$/,
  /^4913$/,
  /~$/,
  /^\.#/,
  /^#.*#$/,
  /\.te?mp$/i,
  /^\.goutputstream-/,
  /___jb_(tmp|old)___$/,
];

function isTemporaryFile(path: string): boolean {
  const name = basename(path);
  return TEMPORARY.some((pattern) => pattern.test(name));
}

/** dossier.yaml and the folders it names; those of a dossier folder with no such settings when they cannot be read yet. */
async function watchedPaths(options: Pick<ReportOptions, "dir" | "data" | "templates">): Promise<string[]> {
  const profile = join(options.dir, PROFILE_FILE);
  try {
    const { folder } = await resolveDossier(options.dir, ENGINE_TEMPLATES, options);
    return [profile, folder.dataDir, folder.templatesDir];
  } catch {
    return [profile, options.data ?? join(options.dir, "data"), options.templates ?? ENGINE_TEMPLATES];
  }
}

/** The inputs being watched, and how to stop watching them. */
export interface InputWatcher {
  paths: string[];
  close(): Promise<void>;
}

/**
 * Calls `onChange` with the files a save changed (named from where the command runs) once each
 * burst of saves to dossier.yaml, the data or the templates has settled; editors' temporary files
 * are left out. Shared by --watch and the preview.
 */
export async function watchInputs(
  options: Pick<ReportOptions, "dir" | "data" | "templates">,
  onChange: (changed: string[]) => void,
  onError: (error: Error) => void,
): Promise<InputWatcher> {
  let timer: NodeJS.Timeout | undefined;
  // Every path the burst touched, and whether it came and went within it: an atomic save's
  // temporary file (written, then renamed over the file it replaces) did, whatever its name.
  const burst = new Map<string, { created: boolean; gone: boolean }>();
  const paths = await watchedPaths(options);
  const watcher = watch(paths, { ignoreInitial: true, ignored: isTemporaryFile });
  watcher.on("all", (event, path) => {
    burst.set(path, {
      created: burst.get(path)?.created ?? (event === "add" || event === "addDir"),
      gone: event === "unlink" || event === "unlinkDir",
    });
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...burst].filter(([, { created, gone }]) => !(created && gone)).map(([file]) => shownPath(file, userCwd()));
      burst.clear();
      if (changed.length > 0) onChange(changed);
    }, DEBOUNCE_MS);
  });
  watcher.on("error", (error) => onError(error as Error));
  await new Promise<void>((resolve) => watcher.on("ready", resolve));
  return {
    paths,
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

export async function watchAndBuild(
  options: ReportOptions,
  session: Session,
  request: () => BuildRequest,
  // With --json, stdout holds the result lines alone.
  say = (message: string) => (options.json ? process.stderr : process.stdout).write(`${message}\n`),
): Promise<number> {
  let pending = false;
  let running = false;

  const build = async () => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      const started = performance.now();
      const result = await session.build(request());
      // The sentences still to cover, after each save: the list an editor works down.
      const warnings = warningLines(result.warnings, userCwd());
      if (warnings !== "") say(warnings.trimEnd());
      if (options.json) process.stdout.write(builtLine(result, performance.now() - started));
      else for (const { path } of result.editions) say(`built ${path}`);
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
  const { paths } = await watchInputs(
    options,
    (changed) => {
      say(`changed: ${changed.join(", ")}`);
      void build();
    },
    (error) => say(`watch error: ${error.message}`),
  );
  say(`watching ${paths.map((path) => shownPath(path, userCwd())).join(", ")} (Ctrl-C to stop)`);
  // Runs until a signal stops the process (see signals.ts).
  return new Promise<number>(() => {});
}
