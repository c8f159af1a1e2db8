// What a build depends on, as one hash: the scheduler skips a run when neither it nor the date
// changed. Light on purpose (no browser, no chart library), so that the skip path stays fast.
import { createHash } from "node:crypto";
import { dirname, relative } from "node:path";
import { readFolderFiles, readInputFile } from "./input-files.js";
import { runningSoftware } from "./version.js";

export interface InputKey {
  /** dossier.yaml: its sections, charts and names shape every edition. */
  profilePath: string;
  dataDir: string;
  templatesDir: string;
}

/**
 * sha256 over dossier.yaml and every file of the data and templates folders (names and bytes) and
 * the software that prints (version.ts): changed code, Node or browser may print the same facts
 * differently.
 */
export async function hashInputs(key: InputKey): Promise<string> {
  const hash = createHash("sha256");
  // Taken while the folders are read: it reads the code's files.
  const software = runningSoftware();
  // Read as a build reads it: a link out of its folder or a named pipe is refused, not followed.
  hash.update(await readInputFile(key.profilePath, { dir: dirname(key.profilePath), kind: "dossier" }));
  // Read all at once, hashed in a fixed order: the scheduler's skip check is mostly this.
  // Links that stay inside are followed, as a build follows them; what a build refuses is refused here.
  const folders = await Promise.all(
    [
      { dir: key.dataDir, kind: "data" as const },
      { dir: key.templatesDir, kind: "templates" as const },
    ].map(async (folder) => ({ dir: folder.dir, entries: await readFolderFiles(folder) })),
  );
  for (const { dir, entries } of folders) {
    for (const { path, bytes } of entries) {
      hash.update(`\0${relative(dir, path)}\0${bytes.length}\0`);
      hash.update(bytes);
    }
  }
  hash.update(await software);
  return hash.digest("hex");
}

/** One edition's hash: the inputs', and which language and paper size it prints. */
export function editionHash(inputs: string, edition: { lang: string; format: string }): string {
  return createHash("sha256")
    .update(JSON.stringify([inputs, edition.lang, edition.format]))
    .digest("hex");
}
