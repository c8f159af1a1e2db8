import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeError } from "../errors.js";
import type { Language } from "../schema.js";
import type { ContentsEntry } from "./pdf.js";

/** What a build leaves beside each dated PDF, so a mail or archive job can trust it. */
export interface Manifest {
  file: string;
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
}

export interface Outputs {
  pdf: Uint8Array;
  pages: number;
  contents: ContentsEntry[];
  /** The markdown summary of the key figures, for an e-mail body. */
  summary: string;
  /** The final HTML, when --html asked for it. */
  html?: string | undefined;
}

export interface WriteOptions {
  dir: string;
  slug: string;
  date: string;
  lang: Language;
  format: string;
  inputHash: string;
  durationMs: number;
  /** Keep only the newest N dated PDFs of this language (and their side files). */
  keep?: number | undefined;
}

/** meta-ai-strategy-2026-11-22, or meta-ai-strategy-2026-11-22.fr: every output file's stem. */
export function outputStem(slug: string, date: string, lang: Language): string {
  return `${slug}-${date}${lang === "en" ? "" : `.${lang}`}`;
}

/** The names of the newest-build copies: latest.pdf, latest.fr.pdf and their manifests. */
export function latestStem(lang: Language): string {
  return lang === "en" ? "latest" : `latest.${lang}`;
}

const SIDE_FILES = [".pdf", ".manifest.json", ".summary.md", ".html"];

async function prune(dir: string, slug: string, lang: Language, keep: number): Promise<void> {
  const pattern = new RegExp(`^${slug}-(\\d{4}-\\d{2}-\\d{2})${lang === "en" ? "" : `\\.${lang}`}\\.pdf$`);
  const dated = (await readdir(dir)).flatMap((name) => pattern.exec(name)?.[1] ?? []).sort();
  for (const date of dated.slice(0, Math.max(0, dated.length - keep))) {
    await Promise.all(SIDE_FILES.map((ending) => rm(join(dir, `${outputStem(slug, date, lang)}${ending}`), { force: true })));
  }
}

function isContentsEntry(value: unknown): value is ContentsEntry {
  const entry = value as Partial<ContentsEntry> | null;
  return typeof entry?.title === "string" && typeof entry.page === "number";
}

/**
 * The manifest of the newest build in a folder, as read from disk: nothing in it is trusted
 * (an older version, a hand edit), so every field is checked where it is used.
 */
export async function readLatestManifest(dir: string, lang: Language): Promise<Partial<Record<keyof Manifest, unknown>> | undefined> {
  try {
    const manifest: unknown = JSON.parse(await readFile(join(dir, `${latestStem(lang)}.manifest.json`), "utf8"));
    return typeof manifest === "object" && manifest !== null ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** The table of contents of the newest build in this folder, if its manifest holds one; a guess, never trusted. */
export async function readLastContents(dir: string, lang: Language): Promise<ContentsEntry[] | undefined> {
  const contents = (await readLatestManifest(dir, lang))?.contents;
  return Array.isArray(contents) && contents.every(isContentsEntry) ? contents : undefined;
}

/**
 * Writes every file beside its final name and only then renames them into place, so a reader
 * (or a mail job picking up latest.pdf) never sees half a file, and a failed build leaves out/
 * exactly as it was.
 */
export async function writeOutput(outputs: Outputs, options: WriteOptions): Promise<{ path: string; manifest: Manifest }> {
  const { dir, lang } = options;
  const stem = outputStem(options.slug, options.date, lang);
  const manifest: Manifest = {
    file: `${stem}.pdf`,
    sha256: createHash("sha256").update(outputs.pdf).digest("hex"),
    bytes: outputs.pdf.byteLength,
    pages: outputs.pages,
    reportDate: options.date,
    language: lang,
    format: options.format,
    inputHash: options.inputHash,
    durationMs: Math.round(options.durationMs),
    contents: outputs.contents,
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const files: [string, Uint8Array | string][] = [
    [`${stem}.pdf`, outputs.pdf],
    [`${stem}.manifest.json`, manifestText],
    [`${stem}.summary.md`, outputs.summary],
    ...(outputs.html === undefined ? [] : ([[`${stem}.html`, outputs.html]] as [string, string][])),
    [`${latestStem(lang)}.pdf`, outputs.pdf],
    [`${latestStem(lang)}.manifest.json`, manifestText],
  ];
  const partial = (name: string) => join(dir, `.${name}.${process.pid}.partial`);
  try {
    await mkdir(dir, { recursive: true });
    await Promise.all(files.map(([name, content]) => writeFile(partial(name), content)));
    // The dated files first: latest.pdf only ever points at a complete build.
    for (const [name] of files) await rename(partial(name), join(dir, name));
  } catch (error) {
    await Promise.all(files.map(([name]) => rm(partial(name), { force: true })));
    throw writeError(join(dir, `${stem}.pdf`), error);
  }
  if (options.keep !== undefined) await prune(dir, options.slug, lang, options.keep);
  return { path: join(dir, `${stem}.pdf`), manifest };
}
