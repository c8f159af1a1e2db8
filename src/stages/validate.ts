import { isMap, isNode, isScalar, isSeq, type Node } from "yaml";
import { z } from "zod";
import { DataError, type Problem } from "../errors.js";
import { type DataFileName, DataFiles, type Dossier } from "../schema.js";
import { checkEvidence } from "./integrity.js";
import { type DataFile, inReadingOrder, type RawData } from "./load.js";

type Path = readonly PropertyKey[];

function fieldName(path: Path): string {
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`)).join("");
}

function childOf(node: unknown, key: PropertyKey): unknown {
  if (isMap(node) || isSeq(node)) return node.get(typeof key === "symbol" ? String(key) : key, true);
  return undefined;
}

/** The deepest YAML node along the path: a missing field is reported where its parent stands. */
function deepestNode(file: DataFile, path: Path): { node: Node | undefined; found: boolean } {
  let node: unknown = file.document.contents;
  for (const key of path) {
    const child = childOf(node, key);
    if (!isNode(child)) return { node: isNode(node) ? node : undefined, found: false };
    node = child;
  }
  return { node: isNode(node) ? node : undefined, found: true };
}

function keyNode(file: DataFile, path: Path, key: string): Node | undefined {
  const { node } = deepestNode(file, path);
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
  return isNode(pair?.key) ? pair.key : undefined;
}

function position(file: DataFile, node: Node | undefined): { line: number; column: number } {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = file.lines.linePos(offset);
  return { line, column: col };
}

/** A value as the person typed it, kept short; invisible characters are made visible when printed. */
function shown(value: unknown): string {
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
const isRecord = (value: unknown): value is Loose => typeof value === "object" && value !== null && !Array.isArray(value);
const listAt = (value: unknown, key: string): unknown[] | undefined => {
  const list = isRecord(value) ? value[key] : undefined;
  return Array.isArray(list) ? list : undefined;
};
const textAt = (value: unknown, key: string): string | undefined => {
  const text = isRecord(value) ? value[key] : undefined;
  return typeof text === "string" ? text : undefined;
};

class ProblemList {
  readonly items: Problem[];
  constructor(private readonly raw: RawData) {
    this.items = [...raw.problems];
  }

  /** Records a problem at a field, or at one of a map's keys when `key` is given. */
  add(name: DataFileName, path: Path, message: string, key?: string): void {
    const file = this.raw.files[name];
    // Only a file that was read has fields to point at.
    if (file === undefined) return;
    const node = key === undefined ? deepestNode(file, path).node : keyNode(file, path, key);
    const field = fieldName(key === undefined ? path : [...path, key]);
    this.items.push({ file: file.path, ...position(file, node), field, message });
  }

  private about(name: DataFileName): Problem[] {
    const path = this.raw.files[name]?.path;
    return this.items.filter((problem) => problem.file === path);
  }

  /** True when no entry of the list has a problem with its id (the schema's or a reference's). */
  idsSound(name: DataFileName, list: string): boolean {
    const idField = new RegExp(`^${list}\\[\\d+\\]\\.id$`);
    return !this.about(name).some((problem) => idField.test(problem.field) || problem.field === list || problem.field === "");
  }

  has(name: DataFileName, path: Path): boolean {
    const field = fieldName(path);
    return this.about(name).some((problem) => problem.field === field);
  }

  /** Records a problem unless that field has one already: one mistake, one message. */
  addUnlessKnown(name: DataFileName, path: Path, message: string): void {
    if (!this.has(name, path)) this.add(name, path, message);
  }
}

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
      return fields.length > 0 ? `a group of fields: ${fields.join(", ")}` : issue.expected;
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

/** The file as plain data, or undefined (with a problem) when its aliases cannot be expanded. */
function plainData(file: DataFile, problems: ProblemList): { data: unknown } | undefined {
  try {
    return { data: file.document.toJS() };
  } catch (error) {
    // An alias that expands too far ("billion laughs").
    problems.items.push({ file: file.path, line: 1, column: 1, field: "", message: `cannot read the YAML: ${(error as Error).message}` });
    return undefined;
  }
}

function checkShape<Name extends DataFileName>(
  name: Name,
  data: unknown,
  problems: ProblemList,
): z.infer<(typeof DataFiles)[Name]> | undefined {
  const result = DataFiles[name].safeParse(data);
  if (result.success) return result.data as z.infer<(typeof DataFiles)[Name]>;
  const root: z.ZodType = DataFiles[name];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      const known = fieldsOf(schemaAt(root, issue.path, data));
      for (const key of issue.keys) problems.add(name, issue.path, unknownFieldMessage(key, known), key);
    } else {
      problems.add(name, issue.path, describeIssue(issue, data, root));
    }
  }
  return undefined;
}

/**
 * Control characters, bidirectional overrides and byte-order marks print as nothing or reorder
 * the text around them: a reader could not see what the data says. Only the line break is text
 * (in prose; one-line fields refuse it): a carriage return or a tab is a stray from a paste.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/;

function checkInvisible(name: DataFileName, node: unknown, path: PropertyKey[], problems: ProblemList): void {
  if (isScalar(node) && typeof node.value === "string") {
    const found = INVISIBLE.exec(node.value);
    if (found !== null) {
      const code = `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
      // The characters around it, so that it can be found in a long text.
      const around = `${found.index > 20 ? "..." : ""}${node.value.slice(Math.max(0, found.index - 20), found.index + 20)}`;
      problems.addUnlessKnown(name, path, `an invisible character (${code}) is in the text: delete it (got ${shown(around)})`);
    }
  } else if (isMap(node)) {
    for (const pair of node.items) if (isScalar(pair.key)) checkInvisible(name, pair.value, [...path, String(pair.key.value)], problems);
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      checkInvisible(name, item, [...path, index], problems);
    });
  }
}

/** Every entry's id, or undefined when one lacks it: a check against an incomplete list would cry wolf. */
function allIds(entries: unknown[] | undefined): Set<string> | undefined {
  const ids = entries?.map((entry) => textAt(entry, "id"));
  return ids?.every((id) => id !== undefined) ? new Set(ids as string[]) : undefined;
}

/** Files as plain data, before the schema: ids are checked even where the shapes have problems. */
type PlainData = Partial<Record<DataFileName, unknown>>;

function checkIds(sources: unknown[], facts: unknown[], problems: ProblemList): void {
  const firstUse = new Map<string, string>();
  const claimId = (name: DataFileName, path: Path, id: string | undefined) => {
    if (id === undefined) return;
    const earlier = firstUse.get(id);
    if (earlier !== undefined) problems.addUnlessKnown(name, path, `duplicate id "${id}" (first used at ${earlier})`);
    else firstUse.set(id, fieldName(path));
  };
  for (const [index, source] of sources.entries()) claimId("sources.yaml", ["sources", index, "id"], textAt(source, "id"));
  for (const [index, fact] of facts.entries()) claimId("facts.yaml", ["facts", index, "id"], textAt(fact, "id"));
}

function checkCitations(sources: unknown[], facts: unknown[], factsSound: boolean, problems: ProblemList): void {
  const sourceIds = allIds(sources);
  const cited = new Set<string>();
  let citationsComplete = true;
  facts.forEach((fact, index) => {
    const citations = listAt(fact, "sources");
    if (citations === undefined) citationsComplete = false;
    citations?.forEach((citation, at) => {
      const sourceId = textAt(citation, "id");
      if (sourceId === undefined) citationsComplete = false;
      else cited.add(sourceId);
      if (sourceId !== undefined && sourceIds !== undefined && !sourceIds.has(sourceId))
        problems.addUnlessKnown(
          "facts.yaml",
          ["facts", index, "sources", at, "id"],
          `unknown source id "${sourceId}": it is not in sources.yaml`,
        );
    });
  });
  if (!citationsComplete || !factsSound) return;
  sources.forEach((source, index) => {
    const id = textAt(source, "id");
    if (id !== undefined && !cited.has(id))
      problems.addUnlessKnown("sources.yaml", ["sources", index, "id"], `source "${id}" is never cited by a fact`);
  });
}

function checkLabels(facts: unknown[], problems: ProblemList): void {
  facts.forEach((fact, index) => {
    // A figure's label is required by the schema, which says so itself.
    if (isRecord(fact) && fact.kind !== "figure" && fact.date !== undefined && fact.label === undefined)
      problems.addUnlessKnown("facts.yaml", ["facts", index, "date"], "a dated fact needs a label (a few words for the timeline chart)");
  });
}

function checkSummary(summary: unknown, facts: unknown[], problems: ProblemList): void {
  if (allIds(facts) === undefined) return;
  // A kind the schema refused is reported there; "is a figur, not a figure" would say it twice.
  const kindOf = (fact: unknown, index: number) =>
    problems.has("facts.yaml", ["facts", index, "kind"]) ? undefined : textAt(fact, "kind");
  const kinds = new Map(facts.map((fact, index) => [textAt(fact, "id") ?? "", kindOf(fact, index)]));
  listAt(summary, "points")?.forEach((point, index) => {
    listAt(point, "facts")?.forEach((factId, at) => {
      if (typeof factId === "string" && !kinds.has(factId))
        problems.addUnlessKnown("summary.yaml", ["points", index, "facts", at], `unknown fact id "${factId}": it is not in facts.yaml`);
    });
  });
  listAt(summary, "key_figures")?.forEach((factId, at) => {
    if (typeof factId !== "string") return;
    const kind = kinds.get(factId);
    if (!kinds.has(factId))
      problems.addUnlessKnown("summary.yaml", ["key_figures", at], `unknown fact id "${factId}": it is not in facts.yaml`);
    else if (kind !== undefined && kind !== "figure")
      problems.addUnlessKnown("summary.yaml", ["key_figures", at], `"${factId}" is a ${kind}, not a figure`);
  });
}

/**
 * Ids against ids, on whatever parts of the data are readable, so that one run reports them with
 * the other problems. A list is looked up in only when its own ids are sound: a misspelt source
 * id is one problem, not one more for every fact that cites it.
 */
function checkReferences(plain: PlainData, problems: ProblemList): void {
  const sources = listAt(plain["sources.yaml"], "sources");
  const facts = listAt(plain["facts.yaml"], "facts");
  const sound = { sources: problems.idsSound("sources.yaml", "sources"), facts: problems.idsSound("facts.yaml", "facts") };
  checkIds(sources ?? [], facts ?? [], problems);
  if (facts === undefined) return;
  checkLabels(facts, problems);
  if (sources !== undefined && sound.sources) checkCitations(sources, facts, sound.facts, problems);
  if (sound.facts) checkSummary(plain["summary.yaml"], facts, problems);
}

/** Checks every data file against the schema and every id against the others; reports all problems at once. */
export function validate(raw: RawData): Dossier {
  const problems = new ProblemList(raw);
  const plain: PlainData = {};
  for (const file of Object.values(raw.files)) {
    const read = plainData(file, problems);
    if (read !== undefined) plain[file.name] = read.data;
  }
  const report = plain["report.yaml"] === undefined ? undefined : checkShape("report.yaml", plain["report.yaml"], problems);
  const sources = plain["sources.yaml"] === undefined ? undefined : checkShape("sources.yaml", plain["sources.yaml"], problems);
  const facts = plain["facts.yaml"] === undefined ? undefined : checkShape("facts.yaml", plain["facts.yaml"], problems);
  const summary = plain["summary.yaml"] === undefined ? undefined : checkShape("summary.yaml", plain["summary.yaml"], problems);
  const leftOut =
    plain["articles/not-facts.yaml"] === undefined
      ? { files: {} }
      : checkShape("articles/not-facts.yaml", plain["articles/not-facts.yaml"], problems);
  // After the shapes: a character the schema already refused (in an id, say) is not a second problem.
  for (const file of Object.values(raw.files)) checkInvisible(file.name, file.document.contents, [], problems);
  checkReferences(plain, problems);
  if (!(report && sources && facts && summary && leftOut && problems.items.length === 0))
    throw new DataError(inReadingOrder(problems.items));
  const dossier = { report, sources: sources.sources, facts: facts.facts, summary };
  // What the facts say against what the articles say, once the facts are sound enough to read.
  checkEvidence(
    { dossier, articles: raw.articles, leftOut: leftOut.files },
    {
      field: (name, path, message) => problems.add(name, path, message),
      article: (article, line, column, message) => problems.items.push({ file: article.path, line, column, field: "", message }),
    },
  );
  if (problems.items.length > 0) throw new DataError(inReadingOrder(problems.items));
  return dossier;
}
