import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { DataError, type Problem } from "../../src/errors.js";
import { loadData } from "../../src/stages/load.js";
import { type DossierFrame, validate } from "../../src/stages/validate.js";
import { metaFrame } from "./dossiers.js";

/** Replaces text in one data file of a copied data folder; fails if the text is not there. */
export async function edit(dir: string, file: string, from: string | RegExp, to: string): Promise<void> {
  const path = join(dir, file);
  const before = await readFile(path, "utf8");
  const after = before.replace(from, to);
  expect(after, `${from} not found in ${file}`).not.toBe(before);
  await writeFile(path, after);
}

/** Loads and validates a data folder (a copy of the Meta data unless a frame says otherwise) and returns the problems it was rejected with. */
export async function problemsIn(dir: string, frame?: DossierFrame): Promise<Problem[]> {
  try {
    validate(await loadData(dir), frame ?? (await metaFrame()));
  } catch (error) {
    if (error instanceof DataError) return error.problems;
    throw error;
  }
  throw new Error("the data was accepted");
}

/** The 1-based line on which a text first appears in a data file. */
export async function lineOf(dir: string, file: string, text: string): Promise<number> {
  const lines = (await readFile(join(dir, file), "utf8")).split("\n");
  const index = lines.findIndex((line) => line.includes(text));
  expect(index, `${text} not in ${file}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}
