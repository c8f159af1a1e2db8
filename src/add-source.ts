#!/usr/bin/env node
// `npm run add-source -- FILE.txt`: a new press article into a dossier. It copies the article into
// data/articles/, appends its entry to sources.yaml (the file's comments and layout kept), and
// prints the article's sentences, each at its line, as the claims still to record. From then on
// `npm run check` and every build list the sentences no fact covers yet, as warnings.
import { constants } from "node:fs";
import { copyFile, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { isRealDate } from "./choices.js";
import { failed, shownPath, UserError, writeError } from "./errors.js";
import { ADD_SOURCE_HELP, ENGINE_TEMPLATES, PROJECT_ROOT, userCwd, userPath } from "./options.js";
import { sentencesOf } from "./passages.js";
import { resolveDossier } from "./profile/editions.js";
import { LanguageCode } from "./profile/schema.js";
import { slug } from "./slug.js";
import { type NewSource, sharedLanguage, sourceIds, withSource } from "./sources-file.js";

const OPTIONS = {
  outlet: { type: "string" },
  date: { type: "string" },
  language: { type: "string" },
  id: { type: "string" },
  dossier: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function usageError(message: string): UserError {
  return new UserError(`${message} (see --help)`, 2);
}

interface AddSourceOptions {
  file: string;
  outlet: string | undefined;
  date: string | undefined;
  language: string | undefined;
  id: string | undefined;
  dir: string;
}

function parseOptions(argv: string[]): AddSourceOptions | "help" {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError((error as Error).message.split("\n")[0] ?? "bad arguments");
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 1) throw usageError("give one article file, FILE.txt");
  const { date, language, id, outlet } = values;
  if (date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealDate(date)))
    throw usageError(`--date must be a real day as YYYY-MM-DD (got "${date}")`);
  if (language !== undefined && !LanguageCode.safeParse(language).success)
    throw usageError(`--language must be a language code such as fr or en (got "${language}")`);
  if (id !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id))
    throw usageError(`--id must be lowercase letters, digits and single hyphens (got "${id}")`);
  if (outlet !== undefined && (outlet.trim() === "" || /[\p{Cc}]/u.test(outlet)))
    throw usageError(`--outlet must be a name on one line (got ${JSON.stringify(outlet)})`);
  return {
    file: userPath(positionals[0] ?? ""),
    outlet: outlet?.trim(),
    date,
    language,
    id,
    dir: values.dossier === undefined ? PROJECT_ROOT : userPath(values.dossier),
  };
}

/** The article's text, refused unless it is UTF-8 text with something to read. */
async function readArticle(path: string): Promise<string> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}.`);
  });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${path} is not UTF-8 text: save the article as plain UTF-8 text.`);
  }
  if (sentencesOf(text).length === 0) throw new UserError(`${path} has no text to record.`);
  return text;
}

/** The id from the file's name ("Le Monde, 3 mars.txt" -> "le-monde-3-mars"), made unique among the sources'. */
function freeId(wanted: string, taken: readonly string[]): string {
  if (!taken.includes(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.includes(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

export async function addSource(options: AddSourceOptions): Promise<{ source: NewSource; article: string; text: string }> {
  const { folder } = await resolveDossier(options.dir, ENGINE_TEMPLATES);
  const text = await readArticle(options.file);
  const sourcesPath = join(folder.dataDir, "sources.yaml");
  const sourcesText = await readFile(sourcesPath, "utf8").catch((error: Error) => {
    throw new UserError(`Cannot read ${sourcesPath}: ${error.message}.`);
  });
  const name = `${slug(basename(options.file).replace(/\.txt$/i, ""), "article")}.txt`;
  const article = join(folder.dataDir, "articles", name);
  const existing = await readFile(article, "utf8").catch(() => undefined);
  if (existing !== undefined)
    throw new UserError(
      existing === text
        ? `${article} is already in the dossier: the article was added before.`
        : `${article} already holds another article: rename the file to add this one.`,
    );
  const ids = sourceIds(sourcesText);
  const language = options.language ?? sharedLanguage(sourcesText);
  if (language === undefined)
    throw usageError("the dossier's sources are in several languages: say which this article is in with --language");
  const source: NewSource = {
    id: options.id ?? freeId(name.replace(/\.txt$/, ""), ids),
    file: name,
    language,
    outlet: options.outlet,
    published: options.date,
  };
  if (options.id !== undefined && ids.includes(options.id)) throw usageError(`--id "${options.id}" is already a source's id`);
  const updated = withSource(sourcesText, source);
  if (updated === undefined)
    throw new UserError(`${sourcesPath} has no list of sources to add to: run npm run check to see what is wrong with it.`);
  // The article first, then the list that names it; a failure on the way leaves neither.
  const partial = `${sourcesPath}.${process.pid}.partial`;
  try {
    await copyFile(options.file, article, constants.COPYFILE_EXCL);
    await writeFile(partial, updated);
    await rename(partial, sourcesPath);
  } catch (error) {
    await Promise.all([rm(partial, { force: true }), rm(article, { force: true })]);
    throw writeError(folder.dataDir, error);
  }
  return { source, article, text };
}

export async function main(argv: string[]): Promise<number> {
  try {
    const options = parseOptions(argv);
    if (options === "help") {
      process.stdout.write(`${ADD_SOURCE_HELP}\n`);
      return 0;
    }
    const { source, article, text } = await addSource(options);
    const cwd = userCwd();
    const sentences = sentencesOf(text);
    const shown = shownPath(article, cwd);
    process.stdout.write(
      `added ${shown} as the source "${source.id}" (${source.language}${source.outlet ? `, ${source.outlet}` : ""}, ${source.published ?? "undated"})\n` +
        `still to record: its ${sentences.length} sentences, each to cite in facts.yaml or to leave out with a reason in articles/not-facts.yaml; and its headline in sources.yaml\n` +
        sentences.map((sentence) => `  ${shown}:${sentence.line}:${sentence.column} ${sentence.text}\n`).join(""),
    );
    return 0;
  } catch (error) {
    return failed(error, false, userCwd());
  }
}

process.exitCode = await main(process.argv.slice(2));
