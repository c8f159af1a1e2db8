// What a build depends on, as one hash: the scheduler skips a run when neither it nor the date
// changed. Light on purpose (no browser, no chart library), so that the skip path stays fast.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export interface InputKey {
  dataDir: string;
  templatesDir: string;
  lang: string;
  format: string;
  /** The tool's version: a new release may print the same facts differently. */
  version: string;
}

/** sha256 over every file of the data and templates folders (names and bytes) and the options. */
export async function hashInputs(key: InputKey): Promise<string> {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([key.lang, key.format, key.version]));
  for (const dir of [key.dataDir, key.templatesDir]) {
    for (const file of await filesBelow(dir)) {
      const bytes = await readFile(file);
      hash.update(`\0${relative(dir, file)}\0${bytes.length}\0`);
      hash.update(bytes);
    }
  }
  return hash.digest("hex");
}
