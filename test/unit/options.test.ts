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
  ])("rejects %j with a one-line message and exit code 2", (argv, message) => {
    const error = usageErrorOf(argv);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/\(see --help\)$/);
    expect(error.message).not.toContain("\n");
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
