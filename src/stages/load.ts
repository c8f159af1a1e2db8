import { basename, join } from "node:path";
import { type Document, isMap, isScalar, LineCounter, parseDocument, visit } from "yaml";
import { isRecord, valuesOf, type YamlFile } from "../diagnostics/yaml-fields.js";
import type { Problem } from "../errors.js";
import { type InputFolder, listInputFolder, readInputFile, requireFolder, unreadable } from "../input-files.js";
import { DATA_FILE_NAMES, type DataFileName, OPTIONAL_DATA_FILES } from "../schema.js";
import { yamlValues } from "../yaml-values.js";

/** One parsed data file: its values, and what it takes to point back at a line and column. */
export interface DataFile extends YamlFile {
  name: DataFileName;
}

/** A press article the facts quote, as its text file in data/articles/. */
export interface Article {
  /** The file's name, as sources.yaml gives it. */
  name: string;
  /** The path as the user would type it. */
  path: string;
  text: string;
}

/**
 * The data as read: the files that parsed, and what stopped the others. A broken file does not
 * stop the rest being checked, so that one run reports every problem in every file.
 */
export interface RawData {
  files: Partial<Record<DataFileName, DataFile>>;
  /** Every readable article of data/articles/, by file name. */
  articles: ReadonlyMap<string, Article>;
  problems: Problem[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  return { line: before.filter((byte) => byte === 0x0a).length + 1, column: offset - lineStart + 1 };
}

/** A truncated multi-byte sequence fails at the byte after it; point at its lead byte instead. */
function startOfSequence(bytes: Uint8Array, failedAt: number): number {
  for (let back = 1; back <= 3 && failedAt - back >= 0; back++) {
    const byte = bytes[failedAt - back] ?? 0;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 0;
    if (length > back) return failedAt - back;
  }
  return failedAt;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // The fatal decoder only says "invalid"; feeding it byte by byte finds where (on the error path only).
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let offset = 0; offset < bytes.length; offset++) {
    try {
      decoder.decode(bytes.subarray(offset, offset + 1), { stream: true });
    } catch {
      return startOfSequence(bytes, offset);
    }
  }
  return bytes.length;
}

/** Only comments, or a lone "---": as empty as a blank file to the person who saved it. */
function holdsNothing(document: Document.Parsed): boolean {
  const contents = document.contents;
  return contents === null || (isScalar(contents) && contents.value === null && contents.range[0] === contents.range[1]);
}

/**
 * The yaml library reports an alias (*name) without its anchor (&name) only when the value is
 * read, and one inside its own anchor not at all; both are found here, where they stand.
 */
function badAliases(document: Document.Parsed): { at: number; message: string }[] {
  const found: { at: number; message: string }[] = [];
  visit(document, {
    Alias(_key, alias, path) {
      const target = alias.resolve(document);
      const at = alias.range?.[0] ?? 0;
      if (target === undefined) found.push({ at, message: `*${alias.source} has no &${alias.source} above it to refer to` });
      else if (path.includes(target))
        found.push({ at, message: `*${alias.source} is inside &${alias.source}, which would repeat forever` });
    },
  });
  return found;
}

/** Problems in the order a person reads them: file by file as DataFiles lists them, then line by line. */
export function inReadingOrder(problems: readonly Problem[]): Problem[] {
  const names: readonly string[] = DATA_FILE_NAMES;
  const rank = (problem: Problem) => {
    const index = names.indexOf(basename(problem.file));
    return index < 0 ? names.length : index;
  };
  // Array.prototype.sort is stable: problems on one spot keep the order they were found in.
  return [...problems].sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** One file's outcome: parsed, or the problems that stop it being read (none for an optional file that is absent). */
export interface Loaded<File = DataFile> {
  file?: File;
  problems: Problem[];
}

/**
 * Some YAML messages quote the text they stumbled on (a key, a token, a whole line): capped, so
 * that they show enough to find the spot, never the lines of a file that is not YAML at all.
 */
function capped(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 3)}...` : text;
}

/**
 * One YAML mistake derails the lines after it: past this many, the rest are counted, not listed
 * (a file that is not YAML at all would list every line).
 */
const YAML_ERRORS_SHOWN = 5;

function located(text: string): { document: Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter();
  return { document: parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true }), lines };
}

/** A file js-yaml read: the yaml library parses it only if a problem is to be located in it. */
function readQuickly(path: string, text: string, data: unknown): YamlFile {
  let parsed: ReturnType<typeof located> | undefined;
  const parse = () => {
    parsed ??= located(text);
    return parsed;
  };
  return {
    path,
    values: { data },
    readByValues: true,
    get document() {
      return parse().document;
    },
    get lines() {
      return parse().lines;
    },
  };
}

/**
 * A YAML file's values and document, or the problems that stop it being read: the same rules for
 * the data, dossier.yaml and labels.yaml. Each of those holds named fields: a file whose values
 * are not a mapping takes the yaml library's path, whose messages say what is wrong with it.
 */
export function parseYaml(path: string, bytes: Uint8Array): YamlFile | { problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (message: string, line = 1, column = 1) => problems.push({ file: path, line, column, field: "", message });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const { line, column } = positionOfByte(bytes, firstInvalidUtf8(bytes));
    problem("the file is not UTF-8 text: save it as UTF-8", line, column);
    return { problems };
  }
  if (text.trim() === "") {
    problem("the file is empty");
    return { problems };
  }
  const quick = yamlValues(text);
  if (quick !== undefined && isRecord(quick.data)) return readQuickly(path, text, quick.data);
  const { document, lines } = located(text);
  for (const error of document.errors.slice(0, YAML_ERRORS_SHOWN)) {
    const at = error.linePos?.[0] ?? { line: 1, col: 1 };
    const summary = (error.message.split("\n")[0] ?? error.code)
      .replace(/ at line \d+, column \d+:?$/, "")
      // "Unexpected scalar token in YAML stream: "the whole line"": the line:column says where.
      .replace(/: ".*"$/, "");
    // "Map keys must be unique" does not say which: a pasted line is found by its key.
    const key = error.code === "DUPLICATE_KEY" ? /^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0].trim() : undefined;
    problem(
      key ? `invalid YAML: the key "${capped(key, 60)}" appears twice here: keep one` : `invalid YAML: ${capped(summary, 100)}`,
      at.line,
      at.col,
    );
  }
  const unshown = document.errors.length - YAML_ERRORS_SHOWN;
  if (unshown > 0) {
    const { line, col } = document.errors[YAML_ERRORS_SHOWN]?.linePos?.[0] ?? { line: 1, col: 1 };
    problem(
      `invalid YAML: ${unshown} more YAML ${unshown === 1 ? "error follows" : "errors follow"}, most caused by those above: fix them first`,
      line,
      col,
    );
  }
  if (problems.length === 0 && holdsNothing(document)) problem("the file is empty (it holds only comments)");
  if (problems.length === 0) {
    for (const { at, message } of badAliases(document)) {
      const { line, col } = lines.linePos(at);
      problem(`invalid YAML: ${message}`, line, col);
    }
  }
  return problems.length > 0 ? { problems } : { path, document, lines, values: valuesOf(document, path), readByValues: false };
}

/** A field's name as the data files write them. */
const FIELD = /^[A-Za-z_][\w-]*$/;

/**
 * Whether every key of a file's top level is a field's name: from the values js-yaml read (their
 * keys are text as written, see yaml-values.ts), else from the document, as scalars.
 */
function holdsFields(file: YamlFile): boolean {
  if (file.readByValues) {
    const data = "data" in file.values ? file.values.data : undefined;
    return isRecord(data) && Object.keys(data).every((key) => FIELD.test(key));
  }
  const contents = file.document.contents;
  return isMap(contents) && contents.items.every(({ key }) => isScalar(key) && typeof key.value === "string" && FIELD.test(key.value));
}

/** Parses one data file's bytes; pure, so that tests can feed it bytes without a disk. */
export function parseDataFile(name: DataFileName, path: string, bytes: Uint8Array): Loaded {
  const parsed = parseYaml(path, bytes);
  if ("problems" in parsed) return parsed;
  // Every data file is a set of named fields: anything else is another file (a link, a wrong
  // copy, /etc/shadow's "user:hash:..." lines read as keys), whose text is not ours to print.
  if (!holdsFields(parsed)) {
    const message = `the file does not hold the dossier's fields (name: value): is it the dossier's ${name}?`;
    return { problems: [{ file: path, line: 1, column: 1, field: "", message }] };
  }
  return { file: Object.assign(parsed, { name }), problems: [] };
}

async function loadFile(folder: InputFolder, name: DataFileName): Promise<Loaded> {
  const path = join(folder.dir, name);
  let bytes: Uint8Array;
  try {
    bytes = await readInputFile(path, folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && OPTIONAL_DATA_FILES.includes(name)) return { problems: [] };
    const message = code === "ENOENT" ? "file not found: every dossier needs it" : unreadable(error, "file");
    return { problems: [{ file: path, line: 1, column: 1, field: "", message }] };
  }
  return parseDataFile(name, path, bytes);
}

/** The files that parsed and the articles, with every problem of those that did not. */
export function collectData(loaded: Partial<Record<DataFileName, Loaded>>, articles: Loaded<Article>[]): RawData {
  const names = DATA_FILE_NAMES;
  return {
    files: Object.fromEntries(names.flatMap((name) => (loaded[name]?.file ? [[name, loaded[name].file]] : []))),
    articles: new Map(articles.flatMap(({ file }) => (file ? [[file.name, file]] : []))),
    problems: [...names.flatMap((name) => loaded[name]?.problems ?? []), ...articles.flatMap(({ problems }) => problems)],
  };
}

/** An article's text; pure, like parseDataFile. */
export function readArticle(name: string, path: string, bytes: Uint8Array): Loaded<Article> {
  try {
    return { file: { name, path, text: utf8.decode(bytes) }, problems: [] };
  } catch {
    const { line, column } = positionOfByte(bytes, firstInvalidUtf8(bytes));
    return { problems: [{ file: path, line, column, field: "", message: "the article is not UTF-8 text: save it as UTF-8" }] };
  }
}

/** The .txt files of data/articles/; a dossier without the folder has no articles, which validate reports. */
async function loadArticles(folder: InputFolder): Promise<Loaded<Article>[]> {
  const articles = join(folder.dir, "articles");
  let names: string[];
  try {
    names = (await listInputFolder(articles, folder)).filter((name) => name.endsWith(".txt")).sort();
  } catch (error) {
    return [{ problems: [{ file: articles, line: 1, column: 1, field: "", message: unreadable(error, "folder") }] }];
  }
  return Promise.all(
    names.map(async (name) => {
      const path = join(articles, name);
      try {
        return readArticle(name, path, await readInputFile(path, folder));
      } catch (error) {
        return { problems: [{ file: path, line: 1, column: 1, field: "", message: unreadable(error, "article") }] };
      }
    }),
  );
}

/** Reads and parses every data file of a dossier; validate reports what could not be read with the rest. */
export async function loadData(dir: string): Promise<RawData> {
  const names = DATA_FILE_NAMES;
  const folder: InputFolder = { dir, kind: "data" };
  await requireFolder(folder);
  const [loaded, articles] = await Promise.all([
    Promise.all(names.map(async (name) => [name, await loadFile(folder, name)] as const)),
    loadArticles(folder),
  ]);
  return collectData(Object.fromEntries(loaded), articles);
}
