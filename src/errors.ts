// Errors a user can fix without reading code. The CLI prints their message without a stack trace
// (eleventy's SimpleError, jsreport's "weak" errors); anything else is a bug and keeps its stack.

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

export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.field === "" ? `${where} ${problem.message}` : `${where} ${problem.field}: ${problem.message}`;
}

/** Every problem found in the data at once, so one edit-and-rerun fixes them all. */
export class DataError extends UserError {
  override name = "DataError";
  constructor(readonly problems: Problem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`The data has ${count}:\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
  }
}

/** What the commands print for an error, and the exit code: no stack for a user's mistake unless --debug. */
export function describeError(error: unknown, debug: boolean): { message: string; exitCode: number } {
  if (error instanceof UserError) {
    const stack = debug && error.cause instanceof Error ? `\n${error.cause.stack}` : "";
    return { message: `error: ${error.message}${stack}`, exitCode: error.exitCode };
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
