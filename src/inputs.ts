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
  // Read all at once, hashed in a fixed order: the scheduler's skip check is mostly this.
  const folders = await Promise.all(
    [key.dataDir, key.templatesDir].map(async (dir) => {
      const files = await filesBelow(dir);
      return { dir, files, contents: await Promise.all(files.map((file) => readFile(file))) };
    }),
  );
  for (const { dir, files, contents } of folders) {
    files.forEach((file, index) => {
      const bytes = contents[index] ?? Buffer.alloc(0);
      hash.update(`\0${relative(dir, file)}\0${bytes.length}\0`);
      hash.update(bytes);
    });
  }
  return hash.digest("hex");
}
