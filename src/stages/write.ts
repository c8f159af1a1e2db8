import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type FactRecord, RecordedEdition } from "../changes.js";
import { UserError, writeError } from "../errors.js";
import type { Language } from "../schema.js";
import { latestStem, type OutputNames, outputStem, readLatestManifest } from "./output-names.js";
import type { ContentsEntry } from "./pdf.js";

/** What a build leaves beside each dated PDF, so a mail or archive job can trust it. */
export interface Manifest {
  file: string;
  /** The dossier's title in the edition's language, as printed: for a mail's subject. */
  title: string;
  sha256: string;
  bytes: number;
  pages: number;
  reportDate: string;
  language: Language;
  format: string;
  inputHash: string;
  durationMs: number;
  /** Each section of the table of contents and its page. */
  contents: ContentsEntry[];
  /** What the edition says of each fact: the next edition tells its readers what changed since. */
  facts: FactRecord[];
  /** True when its facts changed since the edition before it, or it has none before it: worth sending. */
  changed: boolean;
}

export interface Outputs {
  pdf: Uint8Array;
  title: string;
  pages: number;
  contents: ContentsEntry[];
  facts: FactRecord[];
  changed: boolean;
  /** The markdown summary of the key figures, for an e-mail body. */
  summary: string;
  /** The final HTML, when --html asked for it. */
  html?: string | undefined;
}

export interface WriteOptions {
  dir: string;
  names: OutputNames;
  date: string;
  lang: Language;
  format: string;
  inputHash: string;
  durationMs: number;
  /** Keep only the newest N dated PDFs of this edition (and their side files), the one built among them. */
  keep?: number | undefined;
}

const SIDE_FILES = [".pdf", ".manifest.json", ".summary.md", ".html"];

/**
 * Keeps the newest `keep` dated PDFs of the edition, the one just built always among them (an
 * older date built today is not deleted by its own build): the others go newest first.
 */
async function prune(dir: string, names: OutputNames, keep: number, built: string): Promise<void> {
  const suffix = names.suffix.replaceAll(".", "\\.");
  const pattern = new RegExp(`^${names.name}-(\\d{4}-\\d{2}-\\d{2})${suffix}\\.pdf$`);
  const others = (await readdir(dir)).flatMap((name) => pattern.exec(name)?.[1] ?? []).filter((date) => date !== built);
  const removed = others
    .sort()
    .reverse()
    .slice(Math.max(0, keep - 1));
  for (const date of removed) {
    await Promise.all(SIDE_FILES.map((ending) => rm(join(dir, `${outputStem(names, date)}${ending}`), { force: true })));
  }
}

/** Creates the output folder and its missing parents, or says in words why it cannot. */
export async function makeOutputFolder(dir: string): Promise<void> {
  // mkdir's recursive mode never returns for some paths (/proc/nope spins): one level at a time.
  const missing: string[] = [];
  for (let path = resolve(dir); ; path = dirname(path)) {
    const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw writeError(dir, error);
    });
    if (found?.isDirectory()) break;
    // A file on the way up would have failed the stat below it (ENOTDIR): a file here is the folder itself.
    if (found !== undefined) throw new UserError(`The output folder ${dir} is a file, not a folder.`);
    missing.unshift(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing) {
    await mkdir(path).catch((error: NodeJS.ErrnoException) => {
      // A file system such as /proc or /sys refuses new folders with ENOENT.
      if (error.code === "ENOENT")
        throw new UserError(`The output folder ${dir} cannot be created: ${dirname(path)} does not take new folders.`, 1, { cause: error });
      if (error.code !== "EEXIST") throw writeError(dir, error);
    });
  }
}

/** Linux's clock for process start times, in ticks per second (USER_HZ: 100 on every architecture). */
const TICKS_PER_SECOND = 100;

/** When a process started, in ms since the epoch; undefined where /proc does not say (not Linux). */
function processStart(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
    // Field 22 of /proc/PID/stat, the 20th after the command's name: the start, in ticks after boot.
    const ticks = Number(fields[19]);
    return Number.isFinite(bootSeconds) && Number.isFinite(ticks) ? bootSeconds * 1000 + (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The temporary file of a build whose process is gone (killed while writing): its PID is not
 * alive, or belongs to a process that started after the file was last written (the PID was
 * reused). A live build's files are left alone.
 */
export function isAbandoned(pid: number, writtenAt: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  // btime is in whole seconds: a process counts as younger than the file only with a margin.
  const started = processStart(pid);
  return started !== undefined && started > writtenAt + 2_000;
}

async function removeAbandonedPartials(dir: string): Promise<void> {
  const partials = (await readdir(dir)).flatMap((name) => {
    const pid = /^\..+\.(\d+)\.partial$/.exec(name)?.[1];
    return pid === undefined ? [] : [{ path: join(dir, name), pid: Number(pid) }];
  });
  await Promise.all(
    partials.map(async ({ path, pid }) => {
      const written = await stat(path).catch(() => undefined);
      if (written !== undefined && isAbandoned(pid, written.mtimeMs)) await rm(path, { force: true });
    }),
  );
}

function isContentsEntry(value: unknown): value is ContentsEntry {
  const entry = value as Partial<ContentsEntry> | null;
  return typeof entry?.title === "string" && typeof entry.page === "number";
}

/** The table of contents of the newest build in this folder, if its manifest holds one; a guess, never trusted. */
export async function readLastContents(dir: string, names: OutputNames): Promise<ContentsEntry[] | undefined> {
  const contents = (await readLatestManifest(dir, names))?.contents;
  return Array.isArray(contents) && contents.every(isContentsEntry) ? contents : undefined;
}

/** The report dates of the edition's dated manifests in the folder, oldest first. */
async function editionDates(dir: string, names: OutputNames): Promise<string[]> {
  const suffix = names.suffix.replaceAll(".", "\\.");
  const pattern = new RegExp(`^${names.name}-(\\d{4}-\\d{2}-\\d{2})${suffix}\\.manifest\\.json$`);
  const files = await readdir(dir).catch(() => [] as string[]);
  return files.flatMap((name) => pattern.exec(name)?.[1] ?? []).sort();
}

async function readRecordedEdition(dir: string, names: OutputNames, date: string): Promise<RecordedEdition | undefined> {
  try {
    const parsed = RecordedEdition.safeParse(JSON.parse(await readFile(join(dir, `${outputStem(names, date)}.manifest.json`), "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The edition a build tells its readers what changed since: the one dated `since`, else the newest
 * one dated before `date`. Undefined for a first edition, and when that edition's manifest records
 * no facts (an older version's); a `since` naming no such edition is a mistake on the command line.
 */
export async function readEarlierEdition(
  dir: string,
  names: OutputNames,
  date: string,
  since?: string,
): Promise<RecordedEdition | undefined> {
  const dates = await editionDates(dir, names);
  if (since !== undefined) {
    const recorded = dates.includes(since) ? await readRecordedEdition(dir, names, since) : undefined;
    if (recorded !== undefined) return recorded;
    const stem = outputStem(names, since);
    const why = dates.includes(since)
      ? `${stem}.manifest.json does not record its facts (it was built by an older version)`
      : `${dir} holds no ${stem}.manifest.json${dates.length > 0 ? ` (its editions: ${dates.join(", ")})` : ""}`;
    throw new UserError(`--since ${since}: ${why}.`, 2);
  }
  const newest = dates.filter((day) => day < date).at(-1);
  return newest === undefined ? undefined : readRecordedEdition(dir, names, newest);
}

/**
 * Writes every file beside its final name and only then renames them into place, so a reader
 * (or a mail job picking up latest.pdf) never sees half a file, and a failed build leaves out/
 * exactly as it was.
 */
export async function writeOutput(outputs: Outputs, options: WriteOptions): Promise<{ path: string; manifest: Manifest }> {
  const { dir, lang, names } = options;
  const stem = outputStem(names, options.date);
  const manifest: Manifest = {
    file: `${stem}.pdf`,
    title: outputs.title,
    sha256: createHash("sha256").update(outputs.pdf).digest("hex"),
    bytes: outputs.pdf.byteLength,
    pages: outputs.pages,
    reportDate: options.date,
    language: lang,
    format: options.format,
    inputHash: options.inputHash,
    durationMs: Math.round(options.durationMs),
    contents: outputs.contents,
    facts: outputs.facts,
    changed: outputs.changed,
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const files: [string, Uint8Array | string][] = [
    [`${stem}.pdf`, outputs.pdf],
    [`${stem}.manifest.json`, manifestText],
    [`${stem}.summary.md`, outputs.summary],
    ...(outputs.html === undefined ? [] : ([[`${stem}.html`, outputs.html]] as [string, string][])),
    [`${latestStem(names)}.pdf`, outputs.pdf],
    [`${latestStem(names)}.manifest.json`, manifestText],
  ];
  const partial = (name: string) => join(dir, `.${name}.${process.pid}.partial`);
  await makeOutputFolder(dir);
  try {
    await removeAbandonedPartials(dir);
    await Promise.all(files.map(([name, content]) => writeFile(partial(name), content)));
    // The dated files first: latest.pdf only ever points at a complete build.
    for (const [name] of files) await rename(partial(name), join(dir, name));
  } catch (error) {
    await Promise.all(files.map(([name]) => rm(partial(name), { force: true })));
    throw writeError(join(dir, `${stem}.pdf`), error);
  }
  // The HTML of an earlier build of this date no longer matches its PDF.
  if (outputs.html === undefined) await rm(join(dir, `${stem}.html`), { force: true });
  if (options.keep !== undefined) await prune(dir, names, options.keep, options.date);
  return { path: join(dir, `${stem}.pdf`), manifest };
}
