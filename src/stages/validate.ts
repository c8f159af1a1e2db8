import { isMap, isNode, isScalar, isSeq, type Node } from "yaml";
import type { z } from "zod";
import { DataError, type Problem } from "../errors.js";
import { type DataFileName, DataFiles, type Dossier } from "../schema.js";
import type { DataFile, RawData } from "./load.js";

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

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

class ProblemList {
  readonly items: Problem[] = [];
  constructor(private readonly raw: RawData) {}

  /** Records a problem at a field, or at one of a map's keys when `key` is given. */
  add(name: DataFileName, path: Path, message: string, key?: string): void {
    const file = this.raw[name];
    const node = key === undefined ? deepestNode(file, path).node : keyNode(file, path, key);
    const field = fieldName(key === undefined ? path : [...path, key]);
    this.items.push({ file: file.path, ...position(file, node), field, message });
  }
}

function describeIssue(file: DataFile, issue: z.core.$ZodIssue): string {
  const { node, found } = deepestNode(file, issue.path);
  const got = found && isNode(node) ? ` (got ${shown(node.toJSON())})` : "";
  const expected =
    issue.code === "invalid_type"
      ? issue.expected
      : issue.code === "invalid_value"
        ? `one of ${issue.values.map((value) => shown(value)).join(", ")}`
        : undefined;
  if (!found && expected !== undefined) return `missing: add this field (${expected})`;
  switch (issue.code) {
    case "invalid_type":
    case "invalid_value":
      return `expected ${expected}${got}`;
    case "invalid_union":
      return `not one of the allowed shapes${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

function checkShape<Name extends DataFileName>(
  raw: RawData,
  name: Name,
  problems: ProblemList,
): z.infer<(typeof DataFiles)[Name]> | undefined {
  const file = raw[name];
  const result = DataFiles[name].safeParse(file.document.toJS());
  if (result.success) return result.data as z.infer<(typeof DataFiles)[Name]>;
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.add(name, issue.path, "unknown field: remove it or check its spelling", key);
    } else {
      problems.add(name, issue.path, describeIssue(file, issue));
    }
  }
  return undefined;
}

function checkReferences(dossier: Dossier, problems: ProblemList): void {
  const firstUse = new Map<string, string>();
  const claimId = (name: DataFileName, path: Path, id: string) => {
    const earlier = firstUse.get(id);
    if (earlier !== undefined) problems.add(name, path, `duplicate id "${id}" (first used at ${earlier})`);
    else firstUse.set(id, fieldName(path));
  };
  for (const [index, source] of dossier.sources.entries()) claimId("sources.yaml", ["sources", index, "id"], source.id);
  for (const [index, fact] of dossier.facts.entries()) claimId("facts.yaml", ["facts", index, "id"], fact.id);

  const sourceIds = new Set(dossier.sources.map((source) => source.id));
  const cited = new Set<string>();
  dossier.facts.forEach((fact, index) => {
    fact.sources.forEach(({ id: sourceId }, at) => {
      cited.add(sourceId);
      if (!sourceIds.has(sourceId))
        problems.add("facts.yaml", ["facts", index, "sources", at, "id"], `unknown source id "${sourceId}": it is not in sources.yaml`);
    });
  });
  dossier.sources.forEach((source, index) => {
    if (!cited.has(source.id)) problems.add("sources.yaml", ["sources", index, "id"], `source "${source.id}" is never cited by a fact`);
  });

  for (const [index, fact] of dossier.facts.entries()) {
    if (fact.date !== undefined && fact.label === undefined)
      problems.add("facts.yaml", ["facts", index, "date"], "a dated fact needs a label (a few words for the timeline chart)");
  }

  const facts = new Map(dossier.facts.map((fact) => [fact.id, fact]));
  dossier.summary.points.forEach((point, index) => {
    point.facts.forEach((factId, at) => {
      if (!facts.has(factId))
        problems.add("summary.yaml", ["points", index, "facts", at], `unknown fact id "${factId}": it is not in facts.yaml`);
    });
  });
  dossier.summary.key_figures.forEach((factId, at) => {
    const fact = facts.get(factId);
    if (fact === undefined) problems.add("summary.yaml", ["key_figures", at], `unknown fact id "${factId}": it is not in facts.yaml`);
    else if (fact.kind !== "figure") problems.add("summary.yaml", ["key_figures", at], `"${factId}" is a ${fact.kind}, not a figure`);
  });
}

/** Checks every data file against the schema and every id against the others; reports all problems at once. */
export function validate(raw: RawData): Dossier {
  const problems = new ProblemList(raw);
  const report = checkShape(raw, "report.yaml", problems);
  const sources = checkShape(raw, "sources.yaml", problems);
  const facts = checkShape(raw, "facts.yaml", problems);
  const summary = checkShape(raw, "summary.yaml", problems);
  if (report && sources && facts && summary) {
    const dossier: Dossier = { report, sources: sources.sources, facts: facts.facts, summary };
    checkReferences(dossier, problems);
    if (problems.items.length === 0) return dossier;
  }
  throw new DataError(problems.items);
}
