// Template mistakes found while filling: a name the view does not have, and a helper that fails,
// located by Handlebars' own positions.
import Handlebars from "handlebars";
import { type Problem, TemplateError, UserError } from "../errors.js";
import {
  BUILTIN_HELPERS,
  type Call,
  type Expression,
  isHelperCall,
  isPath,
  nodesOf,
  type PathExpression,
  type Program,
  type SubExpression,
  simpleName,
  TemplateMistake,
} from "./tree.js";

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
