// What an edition's files are called, and its newest manifest as the folder holds it: all the
// scheduler's skip check needs of the output folder, apart from the writing (no schema, no zod).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Language } from "../schema.js";
import type { Manifest } from "./write.js";

/** A language and a paper size: one PDF of a dossier for a date. */
export interface Edition {
  lang: Language;
  format: string;
}

/**
 * What an edition's files are called: the dossier's name, and a suffix for each way the edition
 * differs from the dossier's main one (its first language and paper size), so that the files of
 * one edition never replace another's, nor one dossier's another's in a shared folder.
 */
export interface OutputNames {
  name: string;
  suffix: string;
}

export function outputNames(name: string, edition: Edition, main: Edition): OutputNames {
  const lang = edition.lang === main.lang ? "" : `.${edition.lang}`;
  const format = edition.format === main.format ? "" : `.${edition.format.toLowerCase()}`;
  return { name, suffix: `${lang}${format}` };
}

/** meta-ai-strategy-2026-11-22, meta-ai-strategy-2026-11-22.fr or ...-2026-11-22.fr.letter: every output file's stem. */
export function outputStem({ name, suffix }: OutputNames, date: string): string {
  return `${name}-${date}${suffix}`;
}

/** The newest build's copies: meta-ai-strategy-latest.pdf, meta-ai-strategy-latest.fr.pdf... and their manifests. */
export function latestStem({ name, suffix }: OutputNames): string {
  return `${name}-latest${suffix}`;
}

/**
 * The manifest of the newest build in a folder, as read from disk: nothing in it is trusted
 * (an older version, a hand edit), so every field is checked where it is used.
 */
export async function readLatestManifest(dir: string, names: OutputNames): Promise<Partial<Record<keyof Manifest, unknown>> | undefined> {
  try {
    const manifest: unknown = JSON.parse(await readFile(join(dir, `${latestStem(names)}.manifest.json`), "utf8"));
    return typeof manifest === "object" && manifest !== null ? manifest : undefined;
  } catch {
    return undefined;
  }
}
