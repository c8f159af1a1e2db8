// Errors a user can fix without reading code. The CLI prints their message without a stack trace
// (eleventy's SimpleError, jsreport's "weak" errors); anything else is a bug and keeps its stack.
import { isAbsolute, relative } from "node:path";

/** A mistake in the input, the command line or the machine's set-up, with a message to act on. */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    message: string,
    /** The process exit code: 1 for bad input or a failed build, 2 for a bad command line. */
    readonly exitCode: 1 | 2 = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * One located problem in an input file (data, dossier.yaml, a template, labels.yaml): the same
 * shape and the same line for every kind of file, file:line:column field: message.
 */
export interface Problem {
  file: string;
  /** Unknown for a template mistake Handlebars cannot place: the file is still named. */
  line?: number | undefined;
  column?: number | undefined;
  /** The field's path, such as facts[12].amount.value; empty for the file as a whole. */
  field?: string | undefined;
  message: string;
}

/**
 * Characters a terminal would act on or that print as nothing: control characters but the line
 * break and the tab, zero-width marks and joiners, bidirectional overrides and isolates, the
 * byte-order mark. The data refuses them (a reader could not see what it says) and messages show
 * them as \u codes (a message shows what the file holds). The one list of them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function printable(text: string): string {
  return text.replace(INVISIBLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A path as the person would type it from the folder they ran the command in: relative inside
 * that folder (data/facts.yaml), whole outside it.
 */
export function shownPath(path: string, cwd: string | undefined): string {
  if (cwd === undefined) return path;
  const inside = relative(cwd, path);
  return inside === "" || inside.startsWith("..") || isAbsolute(inside) ? path : inside;
}

/** file:line:column field: message. */
export function formatProblem(problem: Problem): string {
  return problemLine(problem, undefined);
}

/** The same, with the file named relative to cwd when inside it. */
function problemLine({ file, line, column, field, message }: Problem, cwd: string | undefined): string {
  const path = shownPath(file, cwd);
  const where = line === undefined ? path : column === undefined ? `${path}:${line}` : `${path}:${line}:${column}`;
  return printable(field ? `${where} ${field}: ${message}` : `${where} ${message}`);
}

/** "The data has 2 problems:" and one indented line each: a list a person can work down. */
function listOfProblems(subject: string, problems: readonly Problem[], cwd?: string): string {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return `${subject} ${count}:\n${problems.map((problem) => `  ${problemLine(problem, cwd)}`).join("\n")}`;
}

/**
 * Work still to do while a dossier is edited (sentences of an article no fact covers yet, a source
 * not cited yet or without a headline): listed as problems are, located, one a line, but not an
 * error unless --strict.
 */
export function warningLines(problems: readonly Problem[], cwd?: string): string {
  if (problems.length === 0) return "";
  const count = problems.length === 1 ? "1 thing" : `${problems.length} things`;
  const lines = problems.map((problem) => `  ${problemLine(problem, cwd)}\n`).join("");
  return `warning: ${count} still to record (--strict makes them errors):\n${lines}`;
}

/** Every problem found in a set of input files at once, so one edit-and-rerun fixes them all. */
export class ProblemsError extends UserError {
  override name = "ProblemsError";
  constructor(
    /** "The data has", "The templates have", "dossier.yaml has". */
    readonly subject: string,
    readonly problems: Problem[],
    options?: ErrorOptions,
  ) {
    super(listOfProblems(subject, problems), 1, options);
  }

  /** The list with each file named as the person would type it from cwd. */
  describe(cwd: string | undefined): string {
    return listOfProblems(this.subject, this.problems, cwd);
  }
}

/** The browser failed while printing: it crashed, was killed, or did not answer in time. */
export class PrintError extends UserError {
  override name = "PrintError";
}

/** Problems in the data files. */
export class DataError extends ProblemsError {
  override name = "DataError";
  constructor(problems: Problem[]) {
    super("The data has", problems);
  }
}

/** Mistakes in the templates: syntax, unknown helpers and partials, names the view does not have, labels. */
export class TemplateError extends ProblemsError {
  override name = "TemplateError";
  constructor(problems: Problem[], options?: ErrorOptions) {
    super("The templates have", problems, options);
  }
}

/** Problems in a dossier's dossier.yaml. */
export class ProfileError extends ProblemsError {
  override name = "ProfileError";
  constructor(problems: Problem[]) {
    super("The dossier's settings have", problems);
  }
}

/** The frames of a stack without its message: the message is already printed above it. */
function framesOf(error: Error): string {
  return (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");
}

/**
 * What the commands print for an error, and the exit code: no stack for a user's mistake unless
 * --debug. Files are named relative to cwd, the folder the command was run from, when inside it.
 */
export function describeError(error: unknown, debug: boolean, cwd?: string): { message: string; exitCode: number } {
  if (error instanceof UserError) {
    const stack = !debug ? "" : error.cause instanceof Error ? `\n${error.cause.stack}` : `\n${framesOf(error)}`;
    const text = error instanceof ProblemsError ? error.describe(cwd) : printable(error.message);
    return { message: `error: ${text}${stack}`, exitCode: error.exitCode };
  }
  return { message: `internal error (a bug, please report it): ${error instanceof Error ? error.stack : String(error)}`, exitCode: 1 };
}

/** How a command ends on an error: the message on stderr, and the exit code to return. */
export function failed(error: unknown, debug: boolean, cwd?: string): number {
  const { message, exitCode } = describeError(error, debug, cwd);
  process.stderr.write(`${message}\n`);
  return exitCode;
}

/** A failed write explained for a person: where, and why in words rather than an errno. */
export function writeError(path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const reasons: Record<string, string> = {
    ENOSPC: "the disk is full",
    EDQUOT: "the disk quota is used up",
    EACCES: "it is not writable",
    EPERM: "it is not writable",
    EROFS: "it is on a read-only file system",
    ENOTDIR: "a part of the path is a file, not a folder",
  };
  return new UserError(`Cannot write ${path}: ${reasons[code] ?? (error as Error).message}.`, 1, { cause: error });
}
