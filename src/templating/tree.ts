// What both template checks read of a Handlebars syntax tree: its nodes, calls and names, and the
// mistake type that carries a position until the file is known.
import Handlebars from "handlebars";

export type Node = hbs.AST.Node;
export type Program = hbs.AST.Program;
export type Expression = hbs.AST.Expression;
export type PathExpression = hbs.AST.PathExpression;
export type SubExpression = hbs.AST.SubExpression;
export type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | SubExpression;
export type Partial = hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement;

/** Helpers every Handlebars instance has: if, unless, each, with, lookup, log... */
export const BUILTIN_HELPERS: ReadonlySet<string> = new Set(Object.keys(Handlebars.helpers));

/** What a mistake needs to be found: where, once known, and what. */
export class TemplateMistake extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    public file?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  static at(message: string, loc: hbs.AST.SourceLocation | undefined, options?: ErrorOptions): TemplateMistake {
    // Handlebars counts columns from 0; editors, and the data's messages, from 1.
    return new TemplateMistake(message, loc?.start.line, loc === undefined ? undefined : loc.start.column + 1, undefined, options);
  }
}

export function isPath(node: unknown): node is PathExpression {
  return (node as Node | undefined)?.type === "PathExpression";
}

/** A plain name (foo, not foo.bar, ../foo or @foo): the only kind Handlebars looks up as a helper. */
export function simpleName(path: PathExpression): string | undefined {
  return path.parts.length === 1 && path.depth === 0 && !path.data ? path.parts[0] : undefined;
}

export function isHelperCall(node: Call): boolean {
  return node.type === "SubExpression" || node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
}

/** The parts of any node that hold other nodes; each kind of node has some of them. */
interface Branches {
  type?: string;
  body?: Node[];
  path?: Node;
  name?: Node;
  params?: Expression[];
  hash?: hbs.AST.Hash;
  program?: Program;
  inverse?: Program;
}

/** Every node below a program, depth first: statements, their arguments and their blocks. */
export function* nodesOf(node: Node | undefined): Generator<Node> {
  if (node === undefined) return;
  yield node;
  const { body = [], path, name, params = [], hash, program, inverse } = node as Branches;
  for (const child of [...body, path, name, ...params, ...(hash?.pairs.map((pair) => pair.value) ?? []), program, inverse])
    yield* nodesOf(child);
}

/** Handlebars' parse error names the line only; its excerpt and expectation say the rest. */
