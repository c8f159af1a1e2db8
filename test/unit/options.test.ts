import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { PROJECT_ROOT, parseReportOptions as parseCli, parseScheduleOptions, today, userCwd } from "../../src/options.js";
import { folderOf, META } from "../support/dossiers.js";

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
  it("defaults to today and this project's dossier, and leaves languages, sizes and folders to it", () => {
    const options = parseCli([]);
    expect(options).toMatchObject({ dir: PROJECT_ROOT, timeout: 60_000, html: false });
    // Undefined: each build works out today's date, so a scheduler that runs for days stays right.
    expect(options.date).toBeUndefined();
    // Undefined: every language and paper size dossier.yaml declares, in the folders it names.
    for (const key of ["languages", "formats", "out", "data", "templates"] as const) expect(options[key], key).toBeUndefined();
  });

  it("takes a pinned date, an output folder, languages and paper sizes", () => {
    expect(
      parseCli(["--date", "2026-11-22", "--out", "/tmp/x", "--lang", "fr", "--format", "letter", "--keep", "3", "--html"]),
    ).toMatchObject({
      keep: 3,
      html: true,
      date: "2026-11-22",
      out: "/tmp/x",
      languages: ["fr"],
      formats: ["Letter"],
    });
    expect(parseCli(["--lang", "en,fr", "--format", "a4, Letter"])).toMatchObject({ languages: ["en", "fr"], formats: ["A4", "Letter"] });
  });

  it("takes the dossier folder as its one argument, relative to where the command was run", () => {
    expect(parseCli(["/srv/dossiers/scale-ai", "--lang", "en"])).toMatchObject({ dir: "/srv/dossiers/scale-ai", languages: ["en"] });
    expect(parseCli(["dossiers/scale-ai"]).dir).toBe(resolve(userCwd(), "dossiers/scale-ai"));
    expect(parseCli(["--data", "facts"]).data).toBe(resolve(userCwd(), "facts"));
  });

  it.each([
    [["--colour"], /Unknown option '--colour'/],
    [["--date", "2026-13-45"], /--date must be a real day as YYYY-MM-DD \(got "2026-13-45"\)/],
    [["--date", "22/11/2026"], /--date must be a real day/],
    [["--lang", "english"], /^--lang must be one or more language codes such as en or fr, comma-separated \(got "english"\)/],
    [["--lang", "en,"], /^--lang must be one or more language codes such as en or fr, comma-separated \(got "en,"\)/],
    [["--format", "A3"], /^--format must be one or more of A4, Letter, comma-separated \(got "A3"\)/],
    [["--format", "A4,A3"], /^--format must be one or more of A4, Letter, comma-separated \(got "A4,A3"\)/],
    [["one", "two"], /^give one dossier folder \(got "one", "two"\)/],
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

describe("today", () => {
  it("is the calendar date in this machine's zone, or in the zone given", () => {
    const zone = process.env.TZ;
    try {
      // Node follows TZ as it changes: zones on both sides of UTC, one a half hour off, and this machine's own.
      for (const machineZone of ["America/St_Johns", "Asia/Tokyo", "UTC", zone]) {
        if (machineZone === undefined) delete process.env.TZ;
        else process.env.TZ = machineZone;
        const local = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
        // Around midnight UTC, where the date depends on the zone, and a year's last instant.
        for (const instant of ["2026-11-23T23:59:59Z", "2026-11-24T00:00:00Z", "2026-06-30T22:30:00Z", "2026-12-31T23:59:59.999Z"]) {
          const now = new Date(instant);
          expect(today(undefined, now), `${machineZone} ${instant}`).toBe(local.format(now));
        }
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(today("Pacific/Kiritimati", new Date("2026-11-23T12:00:00Z"))).toBe("2026-11-24");
    expect(today("Pacific/Pago_Pago", new Date("2026-11-23T08:00:00Z"))).toBe("2026-11-22");
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
  it("takes --cron or --once, not both; with neither, the schedule is dossier.yaml's", () => {
    expect(() => parseScheduleOptions(["--once", "--cron", "* * * * *"], noCheck)).toThrow(
      /give either --cron EXPRESSION or --once, not both/,
    );
    expect(parseScheduleOptions(["--once", "--force"], noCheck)).toMatchObject({ once: true, force: true, cron: undefined });
    expect(parseScheduleOptions(["--cron", "0 6 * * 1-5"], noCheck)).toMatchObject({ once: false, cron: "0 6 * * 1-5" });
    expect(parseScheduleOptions([], noCheck)).toMatchObject({ once: false, cron: undefined, tz: undefined });
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

describe("--lang and --format against the dossier", () => {
  it("a language the dossier is not written in is a command-line mistake, named once dossier.yaml is read", async () => {
    const error = await folderOf(META.dir, { languages: ["de"] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toMatch(
      /^--lang must be among the dossier's languages, en, fr \(got "de"; .*dossier\.yaml\) \(see --help\)$/,
    );
  });

  it("picks the editions: by default every language and paper size the dossier declares", async () => {
    const all = await folderOf(META.dir);
    expect(all.editions).toEqual([
      { lang: "en", format: "A4" },
      { lang: "fr", format: "A4" },
    ]);
    const some = await folderOf(META.dir, { languages: ["fr"], formats: ["Letter", "A4"] });
    expect(some.editions).toEqual([
      { lang: "fr", format: "Letter" },
      { lang: "fr", format: "A4" },
    ]);
  });
});
