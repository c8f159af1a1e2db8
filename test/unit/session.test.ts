// The library's session checks what a caller hands it as the command line checks what a person types.
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { openSession } from "../../src/session.js";
import { META } from "../support/dossiers.js";
import { TEMPLATES_DIR, tempDir } from "../support/project.js";

describe("a session", () => {
  it.each(["../../escape", "2026-02-30", "22/11/2026"])("refuses the report date %j before it names any file", async (date) => {
    const session = openSession({ timeout: 10_000, engineTemplates: TEMPLATES_DIR });
    const out = await tempDir();
    try {
      const error = await session.build({ dir: META.dir, date, overrides: { out } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(`The report date must be a real day as YYYY-MM-DD (got "${date}").`);
      expect(await readdir(out)).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
