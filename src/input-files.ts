// Reading the data and templates folders: only regular files, and no link that leads out of the
// folder. A link to /etc/shadow would print its lines in an error message, and a named pipe would
// block the reading thread for good (no signal reaches it), so both are refused before any read.
// Light on purpose: the scheduler's skip check reads the folders through this module.
import { constants, type Stats } from "node:fs";
import { lstat, open, readdir, readlink, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { DataError, type Problem, TemplateError, UserError } from "./errors.js";

/** A dossier folder's own file, beside its data/. */
export const PROFILE_FILE = "dossier.yaml";

/** A dossier, data or templates folder, as messages name it. */
export interface InputFolder {
  dir: string;
  kind: "dossier" | "data" | "templates";
}

/** A file of an input folder that is not read, and why, in words: its message follows the file's name. */
export class UnreadableInput extends Error {
  override name = "UnreadableInput";
}

/** Why an input file or folder could not be read, in words; codes such as EACCES as the system says them. */
export function unreadable(error: unknown, what: string): string {
  if (error instanceof UnreadableInput) return error.message;
  return `cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
}

const HOLDS: Record<InputFolder["kind"], string> = {
  dossier: "dossier.yaml and data/ (npm run init -- DIR makes one)",
  data: "report.yaml, sources.yaml, facts.yaml, summary.yaml and articles/",
  templates: "layout.hbs, partials/, styles.css, summary.md.hbs and labels.yaml",
};

/** Stops at once, and says what to give, when --data or --templates names no folder. */
export async function requireFolder({ dir, kind }: InputFolder): Promise<void> {
  const stats = await stat(dir).catch(() => undefined);
  if (stats?.isDirectory()) return;
  const what = stats === undefined ? "does not exist" : "is not a folder";
  throw new UserError(`The ${kind} folder ${dir} ${what}: give the folder that holds ${HOLDS[kind]}.`);
}

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside !== ".." && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

function kindOf(stats: Stats): string {
  if (stats.isFile()) return "a file";
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "an unknown kind of file";
}

function notAFile(stats: Stats): UnreadableInput {
  return new UnreadableInput(`is ${kindOf(stats)}, not a regular file: only regular files are read`);
}

/**
 * Where a path really leads, when that is inside the folder; a link out of it (or through a linked
 * folder out of it) or to nothing is refused, naming where it points. A path that is missing
 * throws ENOENT as usual.
 */
async function resolveInside(path: string, folder: InputFolder): Promise<string> {
  const real = await realpath(path).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" && (await lstat(path).catch(() => undefined))?.isSymbolicLink())
      throw new UnreadableInput(`is a link to ${await readlink(path)}, which does not exist`);
    throw error;
  });
  if (!isInside(await realpath(folder.dir), real))
    throw new UnreadableInput(
      `is a link to ${real}, outside the ${folder.kind} folder: only links that stay inside it are followed (copy the file in instead)`,
    );
  return real;
}

/** Reads a regular file at a real path; opened without blocking and checked again, in case it changed meanwhile. */
async function readRegularFile(real: string): Promise<Buffer> {
  const before = await stat(real);
  if (!before.isFile()) throw notAFile(before);
  // O_NONBLOCK: a file swapped for a named pipe since the stat opens at once instead of waiting for a writer.
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notAFile(opened);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of a file of an input folder: a regular file, directly or through links that stay in
 * the folder. Throws UnreadableInput for anything else, or the system's error (ENOENT, EACCES).
 */
export async function readInputFile(path: string, folder: InputFolder): Promise<Buffer> {
  return readRegularFile(await resolveInside(path, folder));
}

/** The names in a subfolder of an input folder (partials/, articles/); none when it is missing. */
export async function listInputFolder(path: string, folder: InputFolder): Promise<string[]> {
  let real: string;
  try {
    real = await resolveInside(path, folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const stats = await stat(real);
  if (!stats.isDirectory()) throw new UnreadableInput(`is ${kindOf(stats)}, not a folder`);
  return readdir(real);
}

/** One file of an input folder as the skip check hashes it: its path, and its bytes or, for a link to a folder, where it points. */
export interface InputEntry {
  path: string;
  bytes: Uint8Array;
}

async function readEntry(path: string, isLink: boolean, folder: InputFolder): Promise<InputEntry> {
  if (!isLink) return { path, bytes: await readRegularFile(path) };
  const leadsSomewhere = await stat(path).then(
    () => true,
    () => false,
  );
  // A link to nothing is read by no build (emacs leaves its locks so): the name it holds is hashed.
  if (!leadsSomewhere) return { path, bytes: Buffer.from(await readlink(path)) };
  const target = await resolveInside(path, folder);
  // The files of a linked folder inside are hashed where they are; the link, by where it points.
  if ((await stat(target)).isDirectory()) return { path, bytes: Buffer.from(await readlink(path)) };
  return { path, bytes: await readRegularFile(target) };
}

/**
 * Every file below an input folder, as a build reads them: links that stay inside are followed.
 * What a build would refuse (a link out, a named pipe...) is refused here too, every such file at
 * once, located as the build's own messages are.
 */
export async function readFolderFiles(folder: InputFolder): Promise<InputEntry[]> {
  await requireFolder(folder);
  const found = await readdir(folder.dir, { withFileTypes: true, recursive: true });
  const refused: Problem[] = [];
  const entries = await Promise.all(
    found
      .filter((entry) => !entry.isDirectory())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        try {
          return await readEntry(path, entry.isSymbolicLink(), folder);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // Gone since the folder was listed: the temporary file of an editor's save.
          if (code === "ENOENT") return undefined;
          refused.push({ file: path, line: 1, column: 1, field: "", message: unreadable(error, "file") });
          return undefined;
        }
      }),
  );
  if (refused.length > 0) {
    refused.sort((a, b) => (a.file < b.file ? -1 : 1));
    throw folder.kind === "data" ? new DataError(refused) : new TemplateError(refused);
  }
  return entries.filter((entry) => entry !== undefined).sort((a, b) => (a.path < b.path ? -1 : 1));
}
