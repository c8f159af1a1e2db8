// Command-line options for `npm run report` and `npm run schedule`: defaults, parsing and checks
// in one place. Kept free of heavy imports: the scheduler's skip path loads this and little else.
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { isRealDate, PAGE_FORMATS, type PageFormat } from "./choices.js";
import { UserError } from "./errors.js";
import type { BuildRequest } from "./session.js";

const COMMON_HELP = `  DIR                 the dossier folder, holding dossier.yaml (default: this project's, the Meta dossier)
  --date YYYY-MM-DD   the report date, printed in the dossier and its file names (default: today, local time)
  --lang CODES        only these of the dossier's languages, comma-separated: --lang fr (default: all it declares)
  --format SIZES      only these paper sizes, A4 and/or Letter: --format Letter (default: the dossier's formats)
  --out DIR           where the PDFs go (default: the dossier's output, out/)
  --data DIR          the facts to read (default: the dossier's data/)
  --templates DIR     the templates to fill (default: the dossier's, else the engine's templates/)
  --html              also write the final HTML beside each PDF
  --strict            a sentence of an article that no fact cites nor leaves out is an error (default: a warning)
  --keep N            keep only the newest N dated PDFs of each edition, the one built among them (1 to 10000)
  --browser-url URL   print on a running Chrome (ws://... or http://host:port) instead of starting one
  --timeout SECONDS   the longest a stage may take; pdf: to start the browser, then to print (default: 60, at most 3600)
  --json              print the result as one line of JSON on stdout ({"result":"built",...}), the log on stderr
  --debug             print a stack trace with errors
  --clear-cache       first delete what earlier runs kept in node_modules/.cache/dossier/ (compiled code, charts)
  -h, --help          show this help`;

export const REPORT_HELP = `Usage: npm run report -- [DIR] [options]
       dossier report [DIR] [options]

Builds a dossier folder's editions (each language and paper size its dossier.yaml declares) in
one run: out/NAME-YYYY-MM-DD.pdf (NAME-YYYY-MM-DD.fr.pdf, .letter.pdf for the others), each with
NAME-latest.pdf, a manifest (.manifest.json) and a markdown summary (.summary.md) beside it.

Options:
${COMMON_HELP}
  --since YYYY-MM-DD  tell what changed since the edition of that date in the output folder
                      (default: the newest edition dated before the report date)
  --watch             rebuild whenever a file in the data or templates folder changes

Exit codes: 0 built, 1 bad input or failed build, 2 bad command line, 137 ended by SIGKILL (from outside, or a stage
stuck in a system call), 130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM.`;

export const SCHEDULE_HELP = `Usage: npm run schedule -- [DIR] --cron "0 6 * * 1-5" [options]
       npm run schedule -- [DIR] --once [options]
       npm run schedule -- [DIR]             (the schedule in the dossier's dossier.yaml)

Rebuilds the dossier's editions on a schedule, skipping runs whose inputs and date did not change.

Options:
  --cron EXPR         when to build, as a cron expression (minute hour day month weekday; seconds may lead;
                      default: dossier.yaml's schedule.cron)
  --tz ZONE           the time zone of the cron expression and of "today" (default: dossier.yaml's schedule.tz, else this machine's)
  --once              build once now (or skip if nothing changed), then exit
  --force             build even when nothing changed
  --dry-run           write the mails of dossier.yaml's delivery as .eml files in the output folder instead of sending them
${COMMON_HELP}

Exit codes: 0 built, 3 skipped (--once, nothing changed), 4 built or skipped but a mail was not accepted
(sent again on the next run), 1 bad input or failed build, 2 bad command line, 137 ended by SIGKILL (from
outside, or a stage stuck in a system call), 130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM.`;

export const CHECK_HELP = `Usage: npm run check -- [DIR] [options]

Checks the data and the templates as a build would, without a browser: the schema, every
excerpt against its article, every figure against the sources cited for it, the summary against
its facts, quotation marks, every sentence of every article cited or left out with a reason, and
every template filled in each language. For editors and pre-commit hooks.

Options:
  DIR                 the dossier folder, holding dossier.yaml (default: this project's, the Meta dossier)
  --data DIR          the facts to read (default: the dossier's data/)
  --templates DIR     the templates to fill (default: the dossier's, else the engine's templates/)
  --strict            a sentence of an article that no fact cites nor leaves out is an error (default: a warning)
  --debug             print a stack trace with errors
  -h, --help          show this help

Exit codes: 0 no problem, 1 problems (each printed as file:line:column field: message), 2 bad command line,
130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM.`;

export const PREVIEW_HELP = `Usage: npm run preview -- [DIR] [options]
       dossier preview [DIR] [options]

Serves a live preview of the dossier on this machine: open the address it prints in a browser.
The page shows the PDF as it prints, page by page, in pdf.js; every save of dossier.yaml, the
data or the templates rebuilds it (with the browser kept warm) and the page follows, keeping its
place. A bad edit shows its located errors over the last good preview. The page switches between
the dossier's languages and the paper sizes. Nothing is written to the output folder.

Options:
  DIR                 the dossier folder, holding dossier.yaml (default: this project's, the Meta dossier)
  --port N            the port to listen on (default: any free one, printed)
  --host ADDRESS      listen on this address instead of 127.0.0.1 (say 0.0.0.0 to share the preview on a network)
  --data DIR          the facts to read (default: the dossier's data/)
  --templates DIR     the templates to fill (default: the dossier's, else the engine's templates/)
  --browser-url URL   print on a running Chrome (ws://... or http://host:port) instead of starting one
  --timeout SECONDS   the longest a stage may take (default: 60, at most 3600)
  --debug             print a stack trace with errors
  -h, --help          show this help

Exit codes: 1 the server cannot start (the port is taken...), 2 bad command line, 130 stopped by Ctrl-C
(SIGINT), 143 stopped by SIGTERM.`;

export const ADD_SOURCE_HELP = `Usage: npm run add-source -- FILE.txt [options]
       dossier add-source FILE.txt [options]

Adds a press article to a dossier: copies FILE.txt into its data/articles/, appends its entry to
data/sources.yaml (keeping the file's comments and layout) and prints the article's sentences,
each at its line: the claims still to record in facts.yaml, or to leave out with a reason in
articles/not-facts.yaml. Until then, npm run check and every build list them as warnings.

Options:
  --outlet NAME         the outlet that published it, where the article names it
  --date YYYY-MM-DD     its publication date, where the article states it (else it is "undated")
  --language CODE       the article's language (default: the language of the dossier's other sources)
  --id ID               the source's id (default: from the file's name)
  --dossier DIR         the dossier folder, holding dossier.yaml (default: this project's, the Meta dossier)
  -h, --help            show this help

Exit codes: 0 added, 1 the article cannot be added (already there, its text not in UTF-8, sources.yaml
unreadable), 2 bad command line.`;

/** The project folder: defaults are found here wherever the command is run from. */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The engine's own templates, used by a dossier folder that has none. */
export const ENGINE_TEMPLATES = join(PROJECT_ROOT, "templates");

export interface ReportOptions {
  /** The dossier folder. */
  dir: string;
  /** Undefined means today, worked out at each build (a scheduler runs for days). */
  date: string | undefined;
  /** Undefined: every language and paper size the dossier declares. */
  languages: string[] | undefined;
  formats: PageFormat[] | undefined;
  /** Undefined: what dossier.yaml says. */
  out: string | undefined;
  data: string | undefined;
  templates: string | undefined;
  html: boolean;
  /** Uncovered sentences of the articles are errors. */
  strict: boolean;
  keep: number | undefined;
  browserUrl: string | undefined;
  /** Milliseconds. */
  timeout: number;
  debug: boolean;
  /** Delete what earlier runs kept (disk-cache.ts) before this one. */
  clearCache: boolean;
  help: boolean;
  watch: boolean;
  /** One line of JSON on stdout for each build (see result.ts); the log goes to stderr. */
  json: boolean;
  /** The edition whose changes since are told; undefined: the newest earlier one. */
  since: string | undefined;
}

export interface ScheduleOptions extends ReportOptions {
  cron: string | undefined;
  tz: string | undefined;
  once: boolean;
  force: boolean;
  /** Write the mails that would be sent as .eml files in the output folder instead of sending them. */
  dryRun: boolean;
}

/** Today's date as YYYY-MM-DD, in a time zone if given, else local time. */
export function today(timeZone?: string, now = new Date()): string {
  // This machine's zone is Date's own: no ICU, whose first use costs ~12 ms of the scheduler's skip.
  if (timeZone === undefined || timeZone === "") {
    const twoDigits = (value: number) => String(value).padStart(2, "0");
    return `${now.getFullYear()}-${twoDigits(now.getMonth() + 1)}-${twoDigits(now.getDate())}`;
  }
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }).format(now);
}

function usageError(message: string): UserError {
  return new UserError(`${message} (see --help)`, 2);
}

/** A path the user typed is relative to where they ran npm, not to the project folder. */
/** The folder the person ran the command from: npm runs scripts in the project's root and says where in INIT_CWD. */
export function userCwd(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(userCwd(), path);
}

const COMMON = {
  date: { type: "string" },
  lang: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  data: { type: "string" },
  templates: { type: "string" },
  html: { type: "boolean" },
  strict: { type: "boolean" },
  keep: { type: "string" },
  "browser-url": { type: "string" },
  timeout: { type: "string" },
  debug: { type: "boolean" },
  json: { type: "boolean" },
  // Acted on by src/setup/launch.cjs too, before any of the command's code is loaded.
  "clear-cache": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const SCHEDULE = {
  ...COMMON,
  cron: { type: "string" },
  tz: { type: "string" },
  once: { type: "boolean" },
  force: { type: "boolean" },
  "dry-run": { type: "boolean" },
} as const;
const REPORT = { ...COMMON, watch: { type: "boolean" }, since: { type: "string" } } as const;

/**
 * parseArgs reads "--keep -1" as an option missing its value followed by an option "-1": a value
 * that starts with a dash and a digit is taken as the value, so that its check can say what is wrong.
 */
function withNegativeValues(argv: string[], options: NonNullable<ParseArgsConfig["options"]>): string[] {
  const args: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? "";
    const value = argv[index + 1];
    const takesValue = arg.startsWith("--") && options[arg.slice(2)]?.type === "string";
    if (takesValue && value !== undefined && /^-\.?\d/.test(value)) {
      args.push(`${arg}=${value}`);
      index++;
    } else args.push(arg);
  }
  return args;
}

function parseArgsOf<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    const { values, positionals } = parseArgs({ args: withNegativeValues(argv, options), strict: true, allowPositionals: true, options });
    if (positionals.length > 1) throw usageError(`give one dossier folder (got ${positionals.map((arg) => `"${arg}"`).join(", ")})`);
    return { ...values, dir: positionals[0] };
  } catch (error) {
    const message = (error as Error).message.replace(/ \(see --help\)$/, "").split("\n")[0] ?? "bad arguments";
    // With positionals allowed, node explains how to pass "--x" as one: no one here means that.
    throw usageError(message.replace(/\. To specify a positional argument .*$/, ""));
  }
}

/** The dossier folder a command works on: the one given, else this project's (the Meta dossier). */
function dossierDir(dir: string | undefined): string {
  return dir === undefined ? PROJECT_ROOT : userPath(dir);
}

/** "en,fr" as a list of codes, or undefined when not given. */
function codes(
  option: string,
  value: string | undefined,
  valid: (code: string) => string | undefined,
  expected: string,
): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(",").map((code) => code.trim());
  return list.map((code) => {
    const found = valid(code);
    if (found === undefined) throw usageError(`--${option} must be ${expected}, comma-separated (got "${value}")`);
    return found;
  });
}

/**
 * The longest --timeout: an hour is more than any build needs, and far below the ~24.8 days past
 * which Node's timers fire at once instead of late.
 */
export const MAX_TIMEOUT_SECONDS = 3600;
/** The most dated PDFs --keep may keep: about 27 years of daily builds. */
export const MAX_KEEP = 10_000;

function timeoutSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw usageError(`--timeout must be a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS} (got "${value}")`);
  }
  return seconds;
}

function keepCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(count >= 1 && count <= MAX_KEEP)) throw usageError(`--keep must be a positive whole number, at most ${MAX_KEEP} (got "${value}")`);
  return count;
}

function realDay(option: string, value: string | undefined): string | undefined {
  if (value !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isRealDate(value)))
    throw usageError(`--${option} must be a real day as YYYY-MM-DD (got "${value}")`);
  return value;
}

function common(values: ReturnType<typeof parseArgsOf<typeof REPORT | typeof SCHEDULE>>): Omit<ReportOptions, "watch" | "since"> {
  const date = realDay("date", values.date);
  const languages = codes(
    "lang",
    values.lang,
    (code) => (/^[a-z]{2,3}$/.test(code) ? code : undefined),
    "one or more language codes such as en or fr",
  );
  const formats = codes(
    "format",
    values.format,
    (name) => PAGE_FORMATS.find((format) => format.toLowerCase() === name.toLowerCase()),
    `one or more of ${PAGE_FORMATS.join(", ")}`,
  ) as PageFormat[] | undefined;
  const browserUrl = values["browser-url"];
  if (browserUrl !== undefined && !/^(wss?|https?):\/\/\S+$/.test(browserUrl)) {
    throw usageError(`--browser-url must be a ws:// endpoint or an http://host:port address (got "${browserUrl}")`);
  }
  return {
    dir: dossierDir(values.dir),
    date,
    languages,
    formats,
    out: values.out === undefined ? undefined : userPath(values.out),
    data: values.data === undefined ? undefined : userPath(values.data),
    templates: values.templates === undefined ? undefined : userPath(values.templates),
    html: values.html ?? false,
    strict: values.strict ?? false,
    keep: keepCount(values.keep),
    browserUrl,
    timeout: (timeoutSeconds(values.timeout) ?? 60) * 1000,
    debug: values.debug ?? false,
    clearCache: values["clear-cache"] ?? false,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

/** Turns `npm run report` arguments into options, or throws a one-line UserError with exit code 2. */
export function parseReportOptions(argv: string[]): ReportOptions {
  const values = parseArgsOf(argv, REPORT);
  return { ...common(values), watch: values.watch ?? false, since: realDay("since", values.since) };
}

/** Turns `npm run schedule` arguments into options, or throws a one-line UserError with exit code 2. */
export function parseScheduleOptions(argv: string[], checkCron: (expression: string, timeZone?: string) => void): ScheduleOptions {
  const values = parseArgsOf(argv, SCHEDULE);
  const options = {
    ...common(values),
    watch: false,
    since: undefined,
    cron: values.cron,
    tz: values.tz,
    once: values.once ?? false,
    force: values.force ?? false,
    dryRun: values["dry-run"] ?? false,
  };
  if (options.help) return options;
  if (options.tz !== undefined) {
    try {
      today(options.tz);
    } catch {
      throw usageError(`--tz must be a time zone such as Europe/Paris (got "${options.tz}")`);
    }
  }
  if (options.once && options.cron !== undefined) throw usageError("give either --cron EXPRESSION or --once, not both");
  if (options.cron !== undefined) {
    try {
      checkCron(options.cron, options.tz);
    } catch (error) {
      throw usageError(`--cron "${options.cron}" is not a cron expression: ${(error as Error).message}`);
    }
  }
  return options;
}

export interface CheckOptions {
  dir: string;
  data: string | undefined;
  templates: string | undefined;
  strict: boolean;
  debug: boolean;
  help: boolean;
}

const CHECK = { data: COMMON.data, templates: COMMON.templates, strict: COMMON.strict, debug: COMMON.debug, help: COMMON.help } as const;

/** Turns `npm run check` arguments into options, or throws a one-line UserError with exit code 2. */
export function parseCheckOptions(argv: string[]): CheckOptions {
  const values = parseArgsOf(argv, CHECK);
  return {
    dir: dossierDir(values.dir),
    data: values.data === undefined ? undefined : userPath(values.data),
    templates: values.templates === undefined ? undefined : userPath(values.templates),
    strict: values.strict ?? false,
    debug: values.debug ?? false,
    help: values.help ?? false,
  };
}

/** What one build of these options asks of a session; the date is worked out at each build (a scheduler runs for days). */
export function buildRequest(options: ReportOptions, onStage?: BuildRequest["onStage"], tz?: string): () => BuildRequest {
  return () => ({
    dir: options.dir,
    date: options.date ?? today(tz),
    overrides: {
      languages: options.languages,
      formats: options.formats,
      out: options.out,
      data: options.data,
      templates: options.templates,
    },
    html: options.html,
    keep: options.keep,
    since: options.since,
    strict: options.strict,
    onStage,
  });
}

export interface PreviewOptions extends Pick<ReportOptions, "dir" | "data" | "templates" | "browserUrl" | "timeout" | "debug" | "help"> {
  /** 0: any free port. */
  port: number;
  host: string;
}

const PREVIEW = {
  port: { type: "string" },
  host: { type: "string" },
  data: COMMON.data,
  templates: COMMON.templates,
  "browser-url": COMMON["browser-url"],
  timeout: COMMON.timeout,
  debug: COMMON.debug,
  help: COMMON.help,
} as const;

/** Turns `npm run preview` arguments into options, or throws a one-line UserError with exit code 2. */
export function parsePreviewOptions(argv: string[]): PreviewOptions {
  const values = parseArgsOf(argv, PREVIEW);
  const port = values.port === undefined ? 0 : /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw usageError(`--port must be a port number, 0 to 65535 (got "${values.port}")`);
  const host = values.host ?? "127.0.0.1";
  if (!/^[\w.:-]+$/.test(host)) throw usageError(`--host must be an address such as 127.0.0.1 or 0.0.0.0 (got "${host}")`);
  const browserUrl = values["browser-url"];
  if (browserUrl !== undefined && !/^(wss?|https?):\/\/\S+$/.test(browserUrl))
    throw usageError(`--browser-url must be a ws:// endpoint or an http://host:port address (got "${browserUrl}")`);
  return {
    dir: dossierDir(values.dir),
    data: values.data === undefined ? undefined : userPath(values.data),
    templates: values.templates === undefined ? undefined : userPath(values.templates),
    browserUrl,
    timeout: (timeoutSeconds(values.timeout) ?? 60) * 1000,
    debug: values.debug ?? false,
    help: values.help ?? false,
    port,
    host,
  };
}
