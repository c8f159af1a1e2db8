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

/** One located problem in a data or template file. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  /** The field's path, such as facts[12].amount.value; empty for the file as a whole. */
  field: string;
  message: string;
}

/**
 * Characters a terminal would act on or that print as nothing (escape sequences, bidirectional
 * overrides, zero-width marks), written as \u codes: a message shows what the file holds.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
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

export function formatProblem(problem: Problem): string {
  return problemLine(problem, undefined);
}

function problemLine(problem: Problem, cwd: string | undefined): string {
  const where = `${shownPath(problem.file, cwd)}:${problem.line}:${problem.column}`;
  return printable(problem.field === "" ? `${where} ${problem.message}` : `${where} ${problem.field}: ${problem.message}`);
}

/** "The data has 2 problems:" and one indented line each: a list a person can work down. */
function listOfProblems(subject: string, lines: string[]): string {
  const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
  return `${subject} ${count}:\n${lines.map((line) => `  ${line}`).join("\n")}`;
}

/** The browser failed while printing: it crashed, was killed, or did not answer in time. */
export class PrintError extends UserError {
  override name = "PrintError";
}

/** Every problem found in the data at once, so one edit-and-rerun fixes them all. */
export class DataError extends UserError {
  override name = "DataError";
  constructor(readonly problems: Problem[]) {
    super(listOfProblems("The data has", problems.map(formatProblem)));
  }
}

/**
 * One mistake in a template. Handlebars knows the line of most mistakes and the column of some;
 * a failure it cannot place still names the file.
 */
export interface TemplateProblem {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  message: string;
}

export function formatTemplateProblem(problem: TemplateProblem): string {
  return templateProblemLine(problem, undefined);
}

function templateProblemLine({ file, line, column, message }: TemplateProblem, cwd: string | undefined): string {
  const path = shownPath(file, cwd);
  const where = line === undefined ? path : column === undefined ? `${path}:${line}` : `${path}:${line}:${column}`;
  return printable(`${where} ${message}`);
}

/** Mistakes in the templates: syntax, unknown helpers and partials, names the view does not have. */
export class TemplateError extends UserError {
  override name = "TemplateError";
  constructor(
    readonly problems: TemplateProblem[],
    options?: ErrorOptions,
  ) {
    super(listOfProblems("The templates have", problems.map(formatTemplateProblem)), 1, options);
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
    const text =
      error instanceof DataError
        ? listOfProblems(
            "The data has",
            error.problems.map((problem) => problemLine(problem, cwd)),
          )
        : error instanceof TemplateError
          ? listOfProblems(
              "The templates have",
              error.problems.map((problem) => templateProblemLine(problem, cwd)),
            )
          : printable(error.message);
    return { message: `error: ${text}${stack}`, exitCode: error.exitCode };
  }
  return { message: `internal error (a bug, please report it): ${error instanceof Error ? error.stack : String(error)}`, exitCode: 1 };
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
