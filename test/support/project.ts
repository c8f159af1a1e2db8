import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const DATA_DIR = join(ROOT, "data");
export const TEMPLATES_DIR = join(ROOT, "templates");
export const CLI = join(ROOT, "dist", "cli.js");
/** A small, stable, valid data set for tests that break data on purpose (the real data grows). */
export const FIXTURE_DATA_DIR = join(ROOT, "test", "fixtures", "valid");

export function tempDir(prefix = "dossier-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A writable copy of a data folder (the fixture by default), for tests that break it on purpose. */
export async function copyOfData(from = FIXTURE_DATA_DIR): Promise<string> {
  const dir = await tempDir("dossier-data-");
  await cp(from, dir, { recursive: true });
  return dir;
}

/** A writable copy of the templates folder, for tests that break a template on purpose. */
export async function copyOfTemplates(from = TEMPLATES_DIR): Promise<string> {
  const dir = await tempDir("dossier-templates-");
  await cp(from, dir, { recursive: true });
  return dir;
}

/** The layout's loop over the dossier's sections, as templates/layout.hbs writes it. */
const EVERY_SECTION = '{{#each sections}}{{> (lookup this "partial") @root section=this}}{{/each}}';

/**
 * Makes a copy of the templates (copyOfTemplates) print no section in French, whose html stage then
 * fails (facts left unprinted) while the English edition builds as before.
 */
export async function withoutSectionsInFrench(templates: string): Promise<void> {
  const layout = join(templates, "layout.hbs");
  const source = await readFile(layout, "utf8");
  if (!source.includes(EVERY_SECTION)) throw new Error(`${layout} no longer loops over the sections as ${EVERY_SECTION}`);
  await writeFile(layout, source.replace(EVERY_SECTION, `{{#unless (eq lang "fr")}}${EVERY_SECTION}{{/unless}}`));
}

/** A file's sha256, hex: "the same bytes" as a test can say it. */
export async function sha256Of(file: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
}
