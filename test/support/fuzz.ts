// Mutations of the real data files, the kind a hurried hand edit makes: a key deleted or
// misspelt, a value of the wrong type, an entry pasted twice, an id changed, a file cut short,
// stray bytes, markup pasted into a text. Every case is derived from its seed alone.
//
// Edits are made to the text, at the places a one-time parse found, so the rest of each file
// keeps the formatting a person gave it (and a case costs a splice, not a parse and a print).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isMap, isScalar, isSeq, type Node, parseDocument } from "yaml";
import { type Random, seeded } from "./random.js";

export const DATA_FILES = ["report.yaml", "sources.yaml", "facts.yaml", "summary.yaml"] as const;
export type DataFileName = (typeof DATA_FILES)[number];
export type DataTexts = Record<DataFileName, string>;

/** Markup, template syntax and characters that must come out as text or as a located problem. */
export const HOSTILE_STRINGS = [
  "<script>fetch('http://127.0.0.1:9/x')</script>",
  '<img src="http://127.0.0.1:9/img" onerror="alert(1)">',
  '<iframe src="file:///etc/passwd"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<div style="background:url(http://127.0.0.1:9/css)">',
  "</style></head><body onload=alert(1)>",
  "{{report.title}}",
  "{{{css}}}",
  "{{> cover}}",
  "]]><!--",
  "&lt;&amp;",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u202e",
  "\ufeff",
  "\r\n",
  "\t",
  "\\",
  '"',
  ": ",
  "# ",
  "*anchor",
  "%",
] as const;

/** Values of every YAML type, written as a person would type them, to put where another type belongs. */
const OTHER_VALUES = [
  "0",
  "-1",
  "3.5",
  "1e300",
  ".inf",
  ".nan",
  "true",
  "null",
  "~",
  '""',
  '"   "',
  "text",
  "14bn",
  "2025-02-30",
  "[]",
  "[a, 1]",
  "{}",
  "{ en: only English }",
  "{ en: x, fr: y, de: z }",
  "&anchor x",
  "*anchor",
  "!!binary aGVsbG8=",
  "!custom x",
];

const BAD_DATES = [
  '"2025-02-30"',
  '"2025-13"',
  '"2025-00-10"',
  '"25-01-01"',
  "2025/01/01",
  "yesterday",
  '"2025-1-1"',
  "2025",
  "2025-02-30",
];
const BAD_AMOUNTS = ["-600", "0", '"14bn"', "14bn", '"600"', "$14", "null", "1e308", "[14]", "-0.0", "0x10"];
const BAD_IDS = ["no-such-id", "Bad Id", "x--y", '""', "-lead", "42", "null"];
const KEY_TYPOS = [
  (key: string) => `${key}s`,
  (key: string) => key.slice(1),
  (key: string) => key.toUpperCase(),
  () => "colour",
  () => "__proto__",
  () => "constructor",
];
const STRAY_BYTES: readonly (readonly number[])[] = [
  [0xff],
  [0xc3],
  [0xe2, 0x82],
  [0x00],
  [0x09],
  [0x0d],
  [0xef, 0xbb, 0xbf],
  [0x80, 0x80],
];
const STRAY_CHARACTERS = [":", "-", "[", "{", '"', "'", "#", "&", "*", "|", ">", "!", "%", "@", "`", " ", "\t"];

/** An entry of a parsed file: a map's key and value, or a list's item, with where each sits in the text. */
interface Site {
  /** Such as facts[3].amount.value. */
  path: string;
  /** The key, for a map's entry. */
  key?: { name: string; from: number; to: number };
  value: { from: number; to: number; kind: "string" | "scalar" | "collection" };
  /** The whole lines the entry spans, as offsets. */
  lines: { from: number; to: number };
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf("\n", at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const newline = text.indexOf("\n", at);
  return newline < 0 ? text.length : newline + 1;
}

function site(text: string, path: string, node: Node, key?: Site["key"]): Site {
  const [from, to] = node.range ?? [0, 0];
  const kind = isScalar(node) ? (typeof node.value === "string" ? "string" : "scalar") : "collection";
  const end = text[to - 1] === "\n" ? to : lineEnd(text, to);
  return { path, ...(key ? { key } : {}), value: { from, to, kind }, lines: { from: lineStart(text, key?.from ?? from), to: end } };
}

function sitesOf(text: string, node: unknown, path = "", into: Site[] = []): Site[] {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !(isScalar(pair.value) || isMap(pair.value) || isSeq(pair.value))) continue;
      const name = String(pair.key.value);
      const at = path === "" ? name : `${path}.${name}`;
      const [from, to] = pair.key.range ?? [0, 0];
      into.push(site(text, at, pair.value, { name, from, to }));
      sitesOf(text, pair.value, at, into);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      if (!(isScalar(item) || isMap(item) || isSeq(item))) return;
      const at = `${path}[${index}]`;
      into.push(site(text, at, item));
      sitesOf(text, item, at, into);
    });
  }
  return into;
}

function splice(text: string, from: number, to: number, insert: string): string {
  // A block value's range runs to the end of its line: keep that line break.
  const keepNewline = to > from && text[to - 1] === "\n" && !insert.endsWith("\n") ? "\n" : "";
  return `${text.slice(0, from)}${insert}${keepNewline}${text.slice(to)}`;
}

/** A change to one file: the new text, and what was done; undefined when the file has no place for it. */
type Structural = (text: string, sites: Site[], random: Random, ids: string[]) => { text: string; change: string } | undefined;

function replaceValue(text: string, target: Site, by: string): { text: string; change: string } {
  return { text: splice(text, target.value.from, target.value.to, by), change: `set ${target.path} to ${by}` };
}

function withKey(sites: Site[], ...names: string[]): Site[] {
  return sites.filter((entry) => entry.key !== undefined && names.includes(entry.key.name));
}

const STRUCTURAL: Record<string, Structural> = {
  "delete an entry": (text, sites, random) => {
    const target = random.pick(sites);
    return { text: splice(text, target.lines.from, target.lines.to, ""), change: `deleted the lines of ${target.path}` };
  },
  "misspell a key": (text, sites, random) => {
    const keyed = sites.filter((entry) => entry.key !== undefined);
    if (keyed.length === 0) return undefined;
    const target = random.pick(keyed);
    const key = target.key as NonNullable<Site["key"]>;
    const to = random.pick(KEY_TYPOS)(key.name);
    return { text: splice(text, key.from, key.to, to), change: `renamed ${target.path} to ${to}` };
  },
  "swap a type": (text, sites, random) => replaceValue(text, random.pick(sites), random.pick(OTHER_VALUES)),
  "inject markup": (text, sites, random) => {
    const strings = sites.filter((entry) => entry.value.kind === "string");
    if (strings.length === 0) return undefined;
    const target = random.pick(strings);
    const node = parseDocument(text.slice(target.value.from, target.value.to)).contents;
    const value = isScalar(node) ? String(node.value) : "";
    const hostile = random.pick(HOSTILE_STRINGS);
    const at = random.below(value.length + 1);
    // JSON's escapes are all valid in a YAML double-quoted string.
    return replaceValue(text, target, JSON.stringify(`${value.slice(0, at)}${hostile}${value.slice(at)}`));
  },
  "paste an entry twice": (text, sites, random) => {
    const target = random.pick(sites);
    return {
      text: splice(text, target.lines.from, target.lines.from, text.slice(target.lines.from, target.lines.to)),
      change: `pasted ${target.path} twice`,
    };
  },
  "change an id": (text, sites, random, ids) => {
    const targets = [
      ...withKey(sites, "id"),
      ...sites.filter((entry) => /(^|\.)(facts|key_figures)\[\d+\]$/.test(entry.path) && entry.value.kind === "string"),
    ];
    if (targets.length === 0) return undefined;
    return replaceValue(text, random.pick(targets), random.chance(0.6) ? random.pick(ids) : random.pick(BAD_IDS));
  },
  "make a date impossible": (text, sites, random) => {
    const dates = withKey(sites, "date", "published");
    return dates.length === 0 ? undefined : replaceValue(text, random.pick(dates), random.pick(BAD_DATES));
  },
  "spoil an amount": (text, sites, random) => {
    const amounts = withKey(sites, "value", "share", "horizon");
    return amounts.length === 0 ? undefined : replaceValue(text, random.pick(amounts), random.pick(BAD_AMOUNTS));
  },
};

type Textual = (bytes: Buffer, random: Random) => { bytes: Buffer; change: string };

const lines = (bytes: Buffer) => bytes.toString("utf8").split("\n");
const joined = (parts: string[]) => Buffer.from(parts.join("\n"));

const TEXTUAL: Record<string, Textual> = {
  "cut the file short": (bytes, random) => {
    const at = random.below(bytes.length);
    return { bytes: bytes.subarray(0, at), change: `truncated at byte ${at}` };
  },
  "insert stray bytes": (bytes, random) => {
    const at = random.below(bytes.length + 1);
    const stray = random.pick(STRAY_BYTES);
    return {
      bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from(stray), bytes.subarray(at)]),
      change: `inserted bytes [${stray}] at ${at}`,
    };
  },
  "type a stray character": (bytes, random) => {
    const text = bytes.toString("utf8");
    const at = random.below(text.length + 1);
    const character = random.pick(STRAY_CHARACTERS);
    return {
      bytes: Buffer.from(`${text.slice(0, at)}${character}${text.slice(at)}`),
      change: `typed ${JSON.stringify(character)} at ${at}`,
    };
  },
  "delete a line": (bytes, random) => {
    const all = lines(bytes);
    const at = random.below(all.length);
    all.splice(at, 1);
    return { bytes: joined(all), change: `deleted line ${at + 1}` };
  },
  "shift a line's indent": (bytes, random) => {
    const all = lines(bytes);
    const at = random.below(all.length);
    const line = all[at] ?? "";
    all[at] = random.chance(0.5) ? `  ${line}` : line.replace(/^ {1,2}/, "");
    return { bytes: joined(all), change: `re-indented line ${at + 1}` };
  },
  "empty the file": (_bytes, random) =>
    random.chance(0.5)
      ? { bytes: Buffer.alloc(0), change: "emptied" }
      : { bytes: Buffer.from("# nothing yet\n"), change: "left only a comment" },
};

/** The real data, parsed once: its text and the entries a mutation can aim at. */
export interface Corpus {
  texts: DataTexts;
  sites: Record<DataFileName, Site[]>;
  /** Every id the data defines, so that an id can be changed into another real one (a duplicate). */
  ids: string[];
  /** The articles by file name, and the passages left out of them: the evidence the cases are checked against. */
  articles: Record<string, string>;
  leftOut: string;
}

export async function readCorpus(dir: string): Promise<Corpus> {
  const texts = Object.fromEntries(
    await Promise.all(DATA_FILES.map(async (name) => [name, await readFile(join(dir, name), "utf8")] as const)),
  ) as DataTexts;
  const sites = Object.fromEntries(
    DATA_FILES.map((name) => [name, sitesOf(texts[name], parseDocument(texts[name]).contents)]),
  ) as Corpus["sites"];
  const ids = [...sites["sources.yaml"], ...sites["facts.yaml"]]
    .filter((entry) => /^(sources|facts)\[\d+\]\.id$/.test(entry.path))
    .map((entry) => texts[entry.path.startsWith("sources") ? "sources.yaml" : "facts.yaml"].slice(entry.value.from, entry.value.to).trim());
  const articleNames = (await readdir(join(dir, "articles"))).filter((name) => name.endsWith(".txt"));
  const articles = Object.fromEntries(
    await Promise.all(articleNames.map(async (name) => [name, await readFile(join(dir, "articles", name), "utf8")] as const)),
  );
  const leftOut = await readFile(join(dir, "articles", "not-facts.yaml"), "utf8");
  return { texts, sites, ids: [...new Set(ids)], articles, leftOut };
}

export interface FuzzCase {
  seed: number;
  /** What was done, file by file: enough to tell a failure apart without replaying it. */
  changes: string[];
  /** Only the files that changed. */
  files: Partial<Record<DataFileName, Buffer>>;
}

/** One to three changes: at most one structural change per file (its sites are the original's), then raw ones. */
export function mutate(corpus: Corpus, seed: number): FuzzCase {
  const random = seeded(seed);
  const texts = new Map<DataFileName, string>();
  const raw: [DataFileName, string][] = [];
  const changes: string[] = [];
  const count = 1 + random.below(3);
  for (let index = 0; index < count; index++) {
    const name = random.pick(DATA_FILES);
    if (texts.has(name) || random.chance(0.25)) {
      raw.push([name, random.pick(Object.keys(TEXTUAL))]);
      continue;
    }
    const kind = random.pick(Object.keys(STRUCTURAL));
    const done = STRUCTURAL[kind]?.(corpus.texts[name], corpus.sites[name], random, corpus.ids);
    if (done === undefined) continue;
    texts.set(name, done.text);
    changes.push(`${name}: ${done.change}`);
  }
  const files: FuzzCase["files"] = Object.fromEntries([...texts].map(([name, text]) => [name, Buffer.from(text)]));
  for (const [name, kind] of raw) {
    const done = TEXTUAL[kind]?.(files[name] ?? Buffer.from(corpus.texts[name]), random);
    if (done === undefined) continue;
    files[name] = done.bytes;
    changes.push(`${name}: ${done.change}`);
  }
  return { seed, changes, files };
}
