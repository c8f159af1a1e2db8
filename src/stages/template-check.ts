// Template mistakes named with their file and line. Before filling: syntax errors, unknown helpers
// and missing partials, found on each file's syntax tree. While filling: a name the view does not
// have, and a helper that fails, located by Handlebars' own positions.
import Handlebars from "handlebars";
import { type Problem, TemplateError, UserError } from "../errors.js";

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;
type SubExpression = hbs.AST.SubExpression;
type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | SubExpression;
type Partial = hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement;

/** Helpers every Handlebars instance has: if, unless, each, with, lookup, log... */
const BUILTIN_HELPERS: ReadonlySet<string> = new Set(Object.keys(Handlebars.helpers));

/** What a mistake needs to be found: where, once known, and what. */
class TemplateMistake extends Error {
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

// ---- before filling: the syntax tree -------------------------------------------------------

function isPath(node: unknown): node is PathExpression {
  return (node as Node | undefined)?.type === "PathExpression";
}

/** A plain name (foo, not foo.bar, ../foo or @foo): the only kind Handlebars looks up as a helper. */
function simpleName(path: PathExpression): string | undefined {
  return path.parts.length === 1 && path.depth === 0 && !path.data ? path.parts[0] : undefined;
}

function isHelperCall(node: Call): boolean {
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
function* nodesOf(node: Node | undefined): Generator<Node> {
  if (node === undefined) return;
  yield node;
  const { body = [], path, name, params = [], hash, program, inverse } = node as Branches;
  for (const child of [...body, path, name, ...params, ...(hash?.pairs.map((pair) => pair.value) ?? []), program, inverse])
    yield* nodesOf(child);
}

/** Handlebars' parse error names the line only; its excerpt and expectation say the rest. */
function syntaxProblem(file: string, error: unknown): Problem {
  const exception = error as Handlebars.Exception;
  const message = exception.message ?? String(error);
  if (typeof exception.lineNumber === "number") {
    // "if doesn't match each - 3:4": a closing tag that closes another block.
    const text = message.replace(/ - \d+:\d+$/, "").replace(/^(\S+) doesn't match (\S+)$/, "{{#$1}} is closed by {{/$2}}");
    return { file, line: exception.lineNumber, column: Number(exception.column) + 1, message: `syntax error: ${text}` };
  }
  const parsed = /^Parse error on line (\d+):\n(.*)\n-*\^\n(.*)$/s.exec(message);
  if (parsed === null) return { file, message: `syntax error: ${message.split("\n")[0]}` };
  const [, line, excerpt, expected = ""] = parsed;
  const got = /got '(\w+)'$/.exec(expected)?.[1] ?? "";
  const hint =
    got === "EOF" ? "a block is not closed ({{/if}}, {{/each}}...)" : got === "INVALID" ? "a {{ }} tag is not written right" : expected;
  return { file, line: Number(line), message: `syntax error near "${excerpt}": ${hint}` };
}

export interface TemplateFile {
  path: string;
  source: string;
}

export interface KnownNames {
  helpers: ReadonlySet<string>;
  /** The partials the file may include; none for a file filled without them. */
  partials: ReadonlySet<string>;
  /** The dossier's sections, which `section "id"` names; undefined where any name is accepted. */
  sections?: ReadonlySet<string> | undefined;
}

/** The helper by which a template names a section of the dossier: {{#with (section "money")}}. */
export const SECTION_HELPER = "section";

function namingProblems(file: string, program: Program, known: KnownNames): Problem[] {
  const problems: Problem[] = [];
  const at = (node: Node, message: string) =>
    problems.push({ file, line: node.loc.start.line, column: node.loc.start.column + 1, message });
  for (const node of nodesOf(program)) {
    if (node.type === "MustacheStatement" || node.type === "BlockStatement" || node.type === "SubExpression") {
      const call = node as Call;
      const name = isPath(call.path) ? simpleName(call.path) : undefined;
      if (name !== undefined && isHelperCall(call) && !known.helpers.has(name) && !BUILTIN_HELPERS.has(name))
        at(call, `unknown helper "${name}" (the helpers are ${[...known.helpers].join(", ")})`);
      const named = call.params[0];
      if (name === SECTION_HELPER && known.sections !== undefined && named?.type === "StringLiteral") {
        const id = (named as hbs.AST.StringLiteral).value;
        if (!known.sections.has(id))
          at(named, `unknown section "${id}": the dossier's sections are ${[...known.sections].join(", ")} (dossier.yaml)`);
      }
    } else if (node.type === "PartialStatement" || node.type === "PartialBlockStatement") {
      const partial = node as Partial;
      // {{> (expression)}} and {{> @partial-block}} are named at run time.
      if (isPath(partial.name) && !partial.name.data && !known.partials.has(partial.name.original))
        at(
          partial,
          known.partials.size === 0
            ? `unknown partial "${partial.name.original}": this template is filled without partials`
            : `unknown partial "${partial.name.original}": there is no partials/${partial.name.original}.hbs`,
        );
    }
  }
  return problems;
}

/** Parses every template and names each syntax error, unknown helper and missing partial, with file and line. */
export function checkTemplates(files: readonly TemplateFile[], known: (file: TemplateFile) => KnownNames): void {
  const problems = files.flatMap((file) => {
    try {
      return namingProblems(file.path, Handlebars.parseWithoutProcessing(file.source), known(file));
    } catch (error) {
      return [syntaxProblem(file.path, error)];
    }
  });
  if (problems.length > 0) throw new TemplateError(problems);
}

// ---- while filling: strict names and located helper failures -------------------------------

/** The helper that stands in for a name the template prints or hands to a helper. */
const DEFINED = "__defined";

function helperName(loc: hbs.AST.SourceLocation): PathExpression {
  return { type: "PathExpression", data: false, depth: 0, parts: [DEFINED], original: DEFINED, loc };
}

/** The arguments of __defined: the name as written, for the message, then its value. */
function definedArguments(path: PathExpression): Expression[] {
  const name: hbs.AST.StringLiteral = { type: "StringLiteral", value: path.original, original: path.original, loc: path.loc };
  return [name, path];
}

/** (__defined "name" name): the value, or a located error when the view has no such name. */
function defined(path: PathExpression): SubExpression {
  const hash: hbs.AST.Hash = { type: "Hash", pairs: [], loc: path.loc };
  return { type: "SubExpression", path: helperName(path.loc), params: definedArguments(path), hash, loc: path.loc };
}

/** A name looked up in the view, as opposed to this, ../, @index or a literal. */
function isViewName(node: Expression): node is PathExpression {
  return isPath(node) && !node.data && node.parts.length > 0;
}

function strictArguments(call: Call): void {
  call.params = call.params.map((param) => (isViewName(param) ? defined(param) : param));
  for (const pair of call.hash?.pairs ?? []) if (isViewName(pair.value)) pair.value = defined(pair.value);
}

/**
 * Rewrites a syntax tree so that a missing name is an error where a template uses it: printed
 * ({{name}}) or handed to one of the dossier's helpers ({{t name}}). Conditions and loops
 * ({{#if name}}, {{#each name}}) and helpers that test ({{eq a b}}) stay lenient: they are how a
 * template asks whether an optional field is there. Handlebars' own strict mode would also throw
 * on {{#if a.b}} when a is missing, making optional fields awkward to test.
 */
function strictNames(program: Program, helpers: ReadonlySet<string>, lenient: ReadonlySet<string>): Program {
  for (const node of [...nodesOf(program)]) {
    if (node.type !== "MustacheStatement" && node.type !== "BlockStatement" && node.type !== "SubExpression") continue;
    const call = node as Call;
    const name = isPath(call.path) ? simpleName(call.path) : undefined;
    if (isHelperCall(call)) {
      if (name !== undefined && helpers.has(name) && !lenient.has(name)) strictArguments(call);
    } else if (node.type === "MustacheStatement" && isViewName(call.path)) {
      // {{label}} with no arguments still calls the helper; only a name from the view is checked.
      if (name !== undefined && (helpers.has(name) || BUILTIN_HELPERS.has(name))) continue;
      call.params = definedArguments(call.path);
      call.path = helperName(call.path.loc);
    }
  }
  return program;
}

/** The options Handlebars passes every helper, with the position of the call (not in its typings). */
type CallOptions = Handlebars.HelperOptions & { loc?: hbs.AST.SourceLocation };

function shownArguments(args: unknown[]): string {
  return args.map((arg) => (arg === undefined ? "nothing" : (JSON.stringify(arg)?.slice(0, 60) ?? String(arg)))).join(", ");
}

function whyHelperFailed(error: unknown, args: unknown[]): string {
  if (error instanceof UserError) return error.message;
  // A schema's complaint is a page of JSON; what the helper was given says it better.
  if (error instanceof Error && error.name === "ZodError") return `cannot use ${shownArguments(args)}`;
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error);
}

/** A helper whose failure names the helper and the call's line, not a stack. */
function located(name: string, helper: Handlebars.HelperDelegate): Handlebars.HelperDelegate {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return (helper as (...all: unknown[]) => unknown).apply(this, args);
    } catch (error) {
      if (error instanceof TemplateMistake) throw error;
      const options = args.at(-1) as CallOptions | undefined;
      throw TemplateMistake.at(`{{${name}}}: ${whyHelperFailed(error, args.slice(0, -1))}`, options?.loc, { cause: error });
    }
  };
}

function inFile(error: unknown, file: string): TemplateMistake {
  if (error instanceof TemplateMistake) {
    // The innermost partial names the file; the partials around it leave it so.
    error.file ??= file;
    return error;
  }
  const exception = error as Handlebars.Exception;
  if (typeof exception.lineNumber === "number") {
    const message = exception.message.replace(/ - \d+:\d+$/, "");
    return new TemplateMistake(message, exception.lineNumber, Number(exception.column) + 1, file, { cause: error });
  }
  return new TemplateMistake((error as Error).message?.split("\n")[0] ?? String(error), undefined, undefined, file, { cause: error });
}

export type CompileTemplate = (source: string, file: string) => Handlebars.TemplateDelegate;

/**
 * Registers the helpers on a Handlebars instance so that their failures are located, and
 * returns a compiler whose templates name their file and line in every error they throw.
 */
export function strictCompiler(
  handlebars: typeof Handlebars,
  helpers: Handlebars.HelperDeclareSpec,
  { lenient = [], compileOptions = {} }: { lenient?: readonly string[]; compileOptions?: CompileOptions } = {},
): CompileTemplate {
  const names = new Set(Object.keys(helpers));
  for (const [name, helper] of Object.entries(helpers)) handlebars.registerHelper(name, located(name, helper));
  handlebars.registerHelper(DEFINED, (name: string, value: unknown, call: CallOptions) => {
    if (value === undefined)
      throw TemplateMistake.at(
        `"${name}" is not defined here: check its spelling, or test it with {{#if ${name}}} if it may be missing`,
        call.loc,
      );
    return value;
  });
  const lenientNames = new Set(lenient);
  return (source, file) => {
    const template = handlebars.compile(strictNames(Handlebars.parseWithoutProcessing(source), names, lenientNames), compileOptions);
    return (context, runtime) => {
      try {
        return template(context, runtime);
      } catch (error) {
        throw inFile(error, file);
      }
    };
  };
}

/** A failure while filling, as the error the command prints: located when it can be. */
export function templateFailure(error: unknown, fallbackFile: string): UserError {
  if (error instanceof TemplateMistake) {
    const problem: Problem = { file: error.file ?? fallbackFile, line: error.line, column: error.column, message: error.message };
    return new TemplateError([problem], { cause: error.cause ?? error });
  }
  if (error instanceof UserError) return error;
  return new UserError(`${fallbackFile}: the templates could not be filled: ${(error as Error).message}`, 1, { cause: error });
}
