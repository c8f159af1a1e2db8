import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { PROJECT_ROOT, parseReportOptions as parseCli, parseScheduleOptions } from "../../src/options.js";

function usageErrorOf(argv: string[]): UserError {
  try {
    parseCli(argv);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("parseCli", () => {
  it("defaults to today, English, A4 and the project's folders", () => {
    const options = parseCli([]);
    expect(options).toMatchObject({
      lang: "en",
      format: "A4",
      out: join(PROJECT_ROOT, "out"),
      data: join(PROJECT_ROOT, "data"),
      templates: join(PROJECT_ROOT, "templates"),
      timeout: 60_000,
    });
    // Undefined: each build works out today's date, so a scheduler that runs for days stays right.
    expect(options.date).toBeUndefined();
  });

  it("takes a pinned date, an output folder and a language", () => {
    expect(
      parseCli(["--date", "2026-11-22", "--out", "/tmp/x", "--lang", "fr", "--format", "letter", "--keep", "3", "--html"]),
    ).toMatchObject({
      keep: 3,
      html: true,
      date: "2026-11-22",
      out: "/tmp/x",
      lang: "fr",
      format: "Letter",
    });
  });

  it.each([
    [["--colour"], /Unknown option '--colour'/],
    [["--date", "2026-13-45"], /--date must be a real day as YYYY-MM-DD \(got "2026-13-45"\)/],
    [["--date", "22/11/2026"], /--date must be a real day/],
    [["--lang", "de"], /--lang must be one of en, fr/],
    [["--format", "A3"], /--format must be one of A4, Letter/],
    [["stray"], /positional argument/],
    [["--keep", "0"], /--keep must be a positive whole number/],
    [["--browser-url", "localhost:9222"], /--browser-url must be a ws:\/\/ endpoint/],
    // A negative number is a value to check, not an option parseArgs would call "ambiguous".
    [["--timeout", "-1"], /^--timeout must be a positive number of seconds, at most 3600 \(got "-1"\)/],
    [["--keep", "-1"], /^--keep must be a positive whole number, at most 10000 \(got "-1"\)/],
    // Past Node's timer limit (2147483.647 s) a timer fires at once; 1e9 s made the lock's retries exhaust memory.
    [["--timeout", "2147484"], /^--timeout must be a positive number of seconds, at most 3600 \(got "2147484"\)/],
    [["--timeout", "1e9"], /^--timeout must be a positive number of seconds, at most 3600 \(got "1e9"\)/],
    [["--timeout", "3601"], /at most 3600 \(got "3601"\)/],
    [["--timeout", "0"], /--timeout must be a positive number of seconds/],
    [["--keep", "10001"], /^--keep must be a positive whole number, at most 10000 \(got "10001"\)/],
    [["--keep", "2.5"], /^--keep must be a positive whole number/],
  ])("rejects %j with a one-line message and exit code 2", (argv, message) => {
    const error = usageErrorOf(argv);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/\(see --help\)$/);
    expect(error.message).not.toContain("\n");
  });
});

describe("numbers on the command line", () => {
  it("take the whole allowed range, in either spelling of an option", () => {
    expect(parseCli(["--timeout", "0.5", "--keep", "1"])).toMatchObject({ timeout: 500, keep: 1 });
    expect(parseCli(["--timeout", "3600", "--keep", "10000"])).toMatchObject({ timeout: 3_600_000, keep: 10_000 });
    expect(parseCli(["--timeout=90"])).toMatchObject({ timeout: 90_000 });
  });
});

describe("parseScheduleOptions", () => {
  const noCheck = () => {};
  it("needs either --cron or --once", () => {
    expect(() => parseScheduleOptions([], noCheck)).toThrow(/give either --cron EXPRESSION or --once/);
    expect(() => parseScheduleOptions(["--once", "--cron", "* * * * *"], noCheck)).toThrow(/give either/);
    expect(parseScheduleOptions(["--once", "--force"], noCheck)).toMatchObject({ once: true, force: true });
  });

  it("rejects an unknown time zone and a cron expression the checker refuses", () => {
    expect(() => parseScheduleOptions(["--once", "--tz", "Mars/Olympus"], noCheck)).toThrow(/--tz must be a time zone/);
    const refuse = () => {
      throw new Error("bad field");
    };
    expect(() => parseScheduleOptions(["--cron", "61 * * * *"], refuse)).toThrow(
      /--cron "61 \* \* \* \*" is not a cron expression: bad field/,
    );
  });
});
