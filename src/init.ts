#!/usr/bin/env node
// `npm run init -- DIR`: a new dossier folder that builds at once (one source, two facts, one
// section, one chart), its files commented to teach the format. A copy of src/init/skeleton/.
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { failed, UserError, writeError } from "./errors.js";
import { PROFILE_FILE } from "./input-files.js";
import { PROJECT_ROOT, userCwd, userPath } from "./options.js";
import { slug } from "./slug.js";

export const INIT_HELP = `Usage: npm run init -- DIR
       dossier init DIR

Creates DIR as a new dossier folder: dossier.yaml (its name, languages, sections, charts) and
data/ (one article excerpt, one source, two facts, a summary), each file commented to teach the
format. It builds at once: npm run report -- DIR. The folder must not exist or be empty.

Exit codes: 0 created, 1 the folder exists and is not empty or cannot be written, 2 bad command line.`;

const SKELETON = join(PROJECT_ROOT, "src", "init", "skeleton");

/** The file names' stem from the folder's name: "Scale AI brief" -> "scale-ai-brief". */
export function nameFor(dir: string): string {
  return slug(basename(dir), "my-dossier");
}

export async function createDossier(dir: string): Promise<void> {
  const present = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw writeError(dir, error);
  });
  if (present.length > 0) throw new UserError(`${dir} already exists and is not empty: give a new folder's name.`);
  try {
    await cp(SKELETON, dir, { recursive: true, errorOnExist: true, force: false });
    const profile = join(dir, PROFILE_FILE);
    const text = await readFile(profile, "utf8");
    await writeFile(profile, text.replace(/^name: my-dossier$/m, `name: ${nameFor(dir)}`));
  } catch (error) {
    throw writeError(dir, error);
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    let parsed: ReturnType<typeof parseArgs<{ options: { help: { type: "boolean"; short: "h" } }; allowPositionals: true }>>;
    try {
      parsed = parseArgs({ args: argv, options: { help: { type: "boolean", short: "h" } }, allowPositionals: true });
    } catch (error) {
      throw new UserError(`${(error as Error).message} (see --help)`, 2);
    }
    if (parsed.values.help) {
      process.stdout.write(`${INIT_HELP}\n`);
      return 0;
    }
    if (parsed.positionals.length !== 1) throw new UserError("give the new dossier's folder: npm run init -- DIR (see --help)", 2);
    const dir = userPath(parsed.positionals[0] ?? "");
    await createDossier(dir);
    const shown = relative(userCwd(), dir) || ".";
    // Quoted for the shell where it needs it: "Scale AI brief" is one argument.
    const typed = /^[\w./-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", "'\\''")}'`;
    process.stdout.write(
      `created ${shown}: edit ${join(shown, PROFILE_FILE)} and ${join(shown, "data")}/, then build it with\n  npm run report -- ${typed}\n`,
    );
    return 0;
  } catch (error) {
    return failed(error, false, userCwd());
  }
}

process.exitCode = await main(process.argv.slice(2));
