// Where in a YAML file a field is, and what is wrong with it in words: zod's issues turned into
// problems at a line and column, for the data files and dossier.yaml alike.
import { type Document, isMap, isNode, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import { z } from "zod";
import { INVISIBLE, type Problem } from "../errors.js";

/** A parsed YAML file: its values, and what it takes to point back at a line and column. */
export interface YamlFile {
  /** The path as the user would type it, used in every message about this file. */
  path: string;
  /** The values as plain data, or the problem that stops them being read (an alias that expands too far). */
  values: { data: unknown } | { problem: Problem };
  /**
   * Whether js-yaml read the values (yaml-values.ts): no alias, no tag, every key text as written,
   * so they tell the checks all the document would. Else the checks read the document.
   */
  readByValues: boolean;
  /**
   * The yaml library's document, whose nodes know their place in the text. A file js-yaml read
   * (yaml-values.ts) has it parsed on first use: when a problem is to be pointed at.
   */
  readonly document: Document.Parsed;
  readonly lines: LineCounter;
}

export type Path = readonly PropertyKey[];

export function fieldName(path: Path): string {
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`)).join("");
}

function childOf(node: unknown, key: PropertyKey): unknown {
  if (isMap(node) || isSeq(node)) return node.get(typeof key === "symbol" ? String(key) : key, true);
  return undefined;
}

/** The deepest YAML node along the path: a missing field is reported where its parent stands. */
function deepestNode(file: YamlFile, path: Path): { node: Node | undefined; found: boolean } {
  let node: unknown = file.document.contents;
  for (const key of path) {
    const child = childOf(node, key);
    if (!isNode(child)) return { node: isNode(node) ? node : undefined, found: false };
    node = child;
  }
  return { node: isNode(node) ? node : undefined, found: true };
}

function keyNode(file: YamlFile, path: Path, key: string): Node | undefined {
  const { node } = deepestNode(file, path);
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
  return isNode(pair?.key) ? pair.key : undefined;
}

function position(file: YamlFile, node: Node | undefined): { line: number; column: number } {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = file.lines.linePos(offset);
  return { line, column: col };
}

/** A value as the person typed it, kept short; invisible characters are made visible when printed. */
export function shown(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf";
  if (value instanceof Uint8Array) return "binary data";
  // JSON writes line breaks as \n, but the line and paragraph separators as they are.
  const text = (JSON.stringify(value) ?? String(value)).replace(/[\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16)}`);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(data: unknown, path: Path): { found: boolean; value: unknown } {
  let value = data;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return { found: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value };
}

/** Readers for the data as plain values, before the schema has vouched for their shape. */
type Loose = Record<string, unknown>;
export const isRecord = (value: unknown): value is Loose => typeof value === "object" && value !== null && !Array.isArray(value);
export const listAt = (value: unknown, key: string): unknown[] | undefined => {
  const list = isRecord(value) ? value[key] : undefined;
  return Array.isArray(list) ? list : undefined;
};
export const textAt = (value: unknown, key: string): string | undefined => {
  const text = isRecord(value) ? value[key] : undefined;
  return typeof text === "string" ? text : undefined;
};

/** A schema without its optional/default wrappers; a fact's kind picks its shape out of the union. */
function unwrapped(schema: z.ZodType, value: unknown): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrapped(schema.unwrap() as z.ZodType, value);
  if (schema instanceof z.ZodDefault) return unwrapped(schema.removeDefault() as z.ZodType, value);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const kind = isRecord(value) ? value[schema.def.discriminator] : undefined;
    const options = schema.options as readonly z.ZodType[];
    const chosen = options.find((option) => option instanceof z.ZodObject && literalValue(option.shape[schema.def.discriminator]) === kind);
    return chosen ?? schema;
  }
  return schema;
}

function literalValue(schema: unknown): unknown {
  return schema instanceof z.ZodLiteral ? schema.value : undefined;
}

/** The schema of the field a path leads to, for words about what belongs there. */
function schemaAt(root: z.ZodType, path: Path, data: unknown): z.ZodType | undefined {
  let schema: z.ZodType | undefined = unwrapped(root, data);
  let value = data;
  for (const key of path) {
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    const child: unknown =
      schema instanceof z.ZodObject ? schema.shape[String(key)] : schema instanceof z.ZodArray ? schema.element : undefined;
    if (!(child instanceof z.ZodType)) return undefined;
    schema = unwrapped(child, value);
  }
  return schema;
}

/** "en, fr": the fields an object takes, for a person who wrote something else there. */
function fieldsOf(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Edits (insert, delete, replace) between two short words: 1 for "outlett" and "outlet". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (const [i, charA] of [...a].entries()) {
    const next = [i + 1];
    for (const [j, charB] of [...b].entries())
      next.push(Math.min((row[j + 1] ?? 0) + 1, (next[j] ?? 0) + 1, (row[j] ?? 0) + (charA === charB ? 0 : 1)));
    row = next;
  }
  return row[b.length] ?? 0;
}

function unknownFieldMessage(key: string, known: string[]): string {
  // A typo costs about one edit in four letters; further off, a list helps more than a guess.
  const scored = known.map((name) => ({ name, edits: name.toLowerCase() === key.toLowerCase() ? 0 : distance(name, key) }));
  const close = scored.filter(({ edits }) => edits <= Math.max(1, Math.floor(key.length / 4))).sort((a, b) => a.edits - b.edits)[0];
  if (close !== undefined) return `unknown field: did you mean "${close.name}"?`;
  return known.length > 0 ? `unknown field: remove it or use one of ${known.join(", ")}` : "unknown field: remove it or check its spelling";
}

/** What the schema wanted, in words; undefined when the issue does not say. */
function expectation(issue: z.core.$ZodIssue, schema: z.ZodType | undefined): string | undefined {
  switch (issue.code) {
    case "invalid_type": {
      // "object" means nothing to a person; the fields it takes do.
      const fields = issue.expected === "object" ? fieldsOf(schema) : [];
      // A field that says what it holds ("a language code such as en or fr") says it best.
      return fields.length > 0 ? `a group of fields: ${fields.join(", ")}` : (schema?.description ?? issue.expected);
    }
    case "invalid_value":
      return `one of ${issue.values.map((value) => shown(value)).join(", ")}`;
    case "invalid_union":
      // A fact's kind: the union knows its choices when no option's discriminator matched.
      return "options" in issue && issue.options !== undefined && issue.options.length > 0
        ? `one of ${issue.options.map((value) => shown(value)).join(", ")}`
        : undefined;
    default:
      return undefined;
  }
}

/** zod's own words for a size ("Too small: expected string to have >=1 characters") are for programmers. */
function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  if (!/^Too (small|big)/.test(issue.message)) return issue.message;
  const small = issue.code === "too_small";
  const limit = Number(small ? issue.minimum : issue.maximum);
  const bound = issue.inclusive === false ? (small ? "more than" : "less than") : small ? "at least" : "at most";
  switch (issue.origin) {
    case "string":
      return small && limit <= 1 ? "is empty: write something here" : `must be ${bound} ${limit} characters long`;
    case "array":
      return `must have ${bound} ${limit} ${limit === 1 ? "entry" : "entries"}`;
    default:
      return `must be ${bound} ${limit}`;
  }
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown, root: z.ZodType): string {
  const { found, value } = valueAt(data, issue.path);
  const got = found ? ` (got ${shown(value)})` : "";
  const expected = expectation(issue, schemaAt(root, issue.path, data));
  if (!found && expected !== undefined) return `missing: add this field (${expected})`;
  switch (issue.code) {
    case "invalid_type": {
      // YAML reads 2025 or true as a number or a yes; quotes make them text.
      const quote = issue.expected === "string" && ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean");
      return `expected ${expected}${got}${quote ? `: put it in quotes, ${JSON.stringify(String(value))}` : ""}`;
    }
    case "invalid_value":
      return `expected ${expected}${got}`;
    case "invalid_union":
      return expected === undefined ? `not one of the allowed shapes${got}` : `expected ${expected}${got}`;
    case "too_small":
    case "too_big":
      return `${sizeMessage(issue)}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

/** A problem at a field, or at one of a map's keys when `key` is given; a missing field is placed where its parent stands. */
export function problemAt(file: YamlFile, path: Path, message: string, key?: string): Problem {
  const node = key === undefined ? deepestNode(file, path).node : keyNode(file, path, key);
  return { file: file.path, ...position(file, node), field: fieldName(key === undefined ? path : [...path, key]), message };
}

/** A document's values as plain data, or the problem that stops them (an alias that expands too far, "billion laughs"). */
export function valuesOf(document: Document.Parsed, path: string): YamlFile["values"] {
  try {
    return { data: document.toJS() };
  } catch (error) {
    return { problem: { file: path, line: 1, column: 1, field: "", message: `cannot read the YAML: ${(error as Error).message}` } };
  }
}

/** The value as the schema makes it, or every place it does not fit, in words. */
export function checkShape<Schema extends z.ZodType>(
  schema: Schema,
  file: YamlFile,
  data: unknown,
): { value: z.infer<Schema>; problems: [] } | { value?: undefined; problems: Problem[] } {
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, problems: [] };
  const root: z.ZodType = schema;
  const problems = result.error.issues.flatMap((issue) => {
    if (issue.code !== "unrecognized_keys") return [problemAt(file, issue.path, describeIssue(issue, data, root))];
    const known = fieldsOf(schemaAt(root, issue.path, data));
    return issue.keys.map((key) => problemAt(file, issue.path, unknownFieldMessage(key, known), key));
  });
  return { problems };
}

/**
 * Invisible characters (see INVISIBLE) print as nothing or reorder the text around them: a reader
 * could not see what the file says. The line break is text (in prose; one-line fields refuse it);
 * a tab is a stray from a paste.
 */
const REFUSED = new RegExp(`${INVISIBLE.source}|\t`);

/**
 * Every text of a YAML file (its string values, not its keys) with the path to it: from the values
 * js-yaml read, else from the document, where an alias is not a text of its own.
 */
export function textsIn(file: Pick<YamlFile, "values" | "readByValues" | "document">): { path: PropertyKey[]; text: string }[] {
  const texts: { path: PropertyKey[]; text: string }[] = [];
  const visitValue = (value: unknown, path: PropertyKey[]) => {
    if (typeof value === "string") texts.push({ path, text: value });
    else if (Array.isArray(value)) for (const [index, item] of value.entries()) visitValue(item, [...path, index]);
    else if (isRecord(value)) for (const [key, item] of Object.entries(value)) visitValue(item, [...path, key]);
  };
  const visitNode = (node: unknown, path: PropertyKey[]) => {
    if (isScalar(node) && typeof node.value === "string") texts.push({ path, text: node.value });
    else if (isMap(node)) {
      for (const pair of node.items) if (isScalar(pair.key)) visitNode(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) for (const [index, item] of node.items.entries()) visitNode(item, [...path, index]);
  };
  if (!file.readByValues) visitNode(file.document.contents, []);
  else if ("data" in file.values) visitValue(file.values.data, []);
  return texts;
}

/** Every text of the file that holds an invisible character, each located at its field. */
export function invisibleProblems(file: YamlFile): Problem[] {
  return textsIn(file).flatMap(({ path, text }) => {
    const found = REFUSED.exec(text);
    if (found === null) return [];
    const code = `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
    // The characters around it, so that it can be found in a long text.
    const around = `${found.index > 20 ? "..." : ""}${text.slice(Math.max(0, found.index - 20), found.index + 20)}`;
    return [problemAt(file, path, `an invisible character (${code}) is in the text: delete it (got ${shown(around)})`)];
  });
}
