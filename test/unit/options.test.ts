import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { parseCli } from "../../src/options.js";

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
    expect(options).toMatchObject({ lang: "en", format: "A4", out: "out", data: "data", templates: "templates", timeout: 60 });
    expect(options.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("takes a pinned date, an output folder and a language", () => {
    expect(parseCli(["--date", "2026-11-22", "--out", "/tmp/x", "--lang", "fr", "--format", "letter"])).toMatchObject({
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
  ])("rejects %j with a one-line message and exit code 2", (argv, message) => {
    const error = usageErrorOf(argv);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/\(see --help\)$/);
    expect(error.message).not.toContain("\n");
  });
});
