// Command-line options: defaults, parsing and checks in one place.
import { parseArgs } from "node:util";
import { UserError } from "./errors.js";
import { IsoDate, LANGUAGES, Language } from "./schema.js";
import { PAGE_FORMATS, type PageFormat } from "./stages/pdf.js";

export const HELP = `Usage: npm run report -- [options]

Builds the dossier from data/ and templates/ and prints it to out/<slug>-YYYY-MM-DD.pdf.

Options:
  --date YYYY-MM-DD   the report date, printed in the dossier and its file name (default: today, local time)
  --lang en|fr        the dossier's language; French writes <slug>-YYYY-MM-DD.fr.pdf (default: en)
  --format A4|Letter  the paper size (default: A4)
  --out DIR           where the PDF goes (default: out/)
  --data DIR          the facts to read (default: data/)
  --templates DIR     the templates to fill (default: templates/)
  --timeout SECONDS   the longest the browser may take to start or print (default: 60)
  --debug             print a stack trace with errors
  -h, --help          show this help

Exit codes: 0 built, 1 bad input or failed build, 2 bad command line.`;

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function usageError(message: string): UserError {
  return new UserError(`${message} (see --help)`, 2);
}

export interface CliOptions {
  date: string;
  lang: Language;
  format: PageFormat;
  out: string;
  data: string;
  templates: string;
  timeout: number;
  debug: boolean;
  help: boolean;
}

/** Turns argv into options, or throws a one-line UserError with exit code 2. */
export function parseCli(argv: string[]): CliOptions {
  let values: ReturnType<typeof parse>["values"];
  function parse() {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        date: { type: "string" },
        lang: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        data: { type: "string" },
        templates: { type: "string" },
        timeout: { type: "string" },
        debug: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  }
  try {
    values = parse().values;
  } catch (error) {
    throw usageError((error as Error).message.split("\n")[0] ?? "bad arguments");
  }
  const date = values.date ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !IsoDate.safeParse(date).success)
    throw usageError(`--date must be a real day as YYYY-MM-DD (got "${date}")`);
  const lang = Language.safeParse(values.lang ?? "en");
  if (!lang.success) throw usageError(`--lang must be one of ${LANGUAGES.join(", ")} (got "${values.lang}")`);
  const format = PAGE_FORMATS.find((name) => name.toLowerCase() === (values.format ?? "A4").toLowerCase());
  if (format === undefined) throw usageError(`--format must be one of ${PAGE_FORMATS.join(", ")} (got "${values.format}")`);
  const timeout = Number(values.timeout ?? "60");
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw usageError(`--timeout must be a positive number of seconds (got "${values.timeout}")`);
  return {
    date,
    lang: lang.data,
    format,
    out: values.out ?? "out",
    data: values.data ?? "data",
    templates: values.templates ?? "templates",
    timeout,
    debug: values.debug ?? false,
    help: values.help ?? false,
  };
}
