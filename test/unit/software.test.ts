// The software's fingerprint is part of the inputs' hash: whatever may print the same facts
// differently must change it, and nothing else may (else the scheduler never skips).
import { mkdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprint, type Software } from "../../src/version.js";
import { tempDir } from "../support/project.js";

async function someSoftware(): Promise<Software> {
  const codeDir = await tempDir("dossier-code-");
  await mkdir(join(codeDir, "stages"));
  await writeFile(join(codeDir, "cli.js"), "console.log('cli');\n");
  await writeFile(join(codeDir, "stages", "pdf.js"), "console.log('pdf');\n");
  const installedPackages = join(codeDir, "package-lock.json");
  await writeFile(installedPackages, '{"packages":{"node_modules/chart.js":{"version":"4.6.1"}}}');
  const browser = join(await tempDir("dossier-browser-"), "chrome-headless-shell");
  await writeFile(browser, "a browser");
  return { codeDir, installedPackages, nodeVersion: "v20.19.0", env: { PUPPETEER_EXECUTABLE_PATH: browser } };
}

describe("fingerprint", () => {
  it("changes with the code, the packages, Node and the browser", async () => {
    const software = await someSoftware();
    const first = await fingerprint(software);
    const browser = software.env.PUPPETEER_EXECUTABLE_PATH ?? "";

    await writeFile(join(software.codeDir, "stages", "pdf.js"), "console.log('pdf, fixed');\n");
    const fixed = await fingerprint(software);
    expect(fixed).not.toBe(first);

    await writeFile(software.installedPackages, '{"packages":{"node_modules/chart.js":{"version":"4.7.0"}}}');
    const upgraded = await fingerprint(software);
    expect(upgraded).not.toBe(fixed);

    expect(await fingerprint({ ...software, nodeVersion: "v22.12.0" })).not.toBe(upgraded);
    expect(await fingerprint({ ...software, env: { PUPPETEER_EXECUTABLE_PATH: `${browser}-other` } })).not.toBe(upgraded);

    // A browser upgraded in place: same path, another size and date.
    await writeFile(browser, "a newer browser");
    expect(await fingerprint(software)).not.toBe(upgraded);
  });

  it("stays the same when only dates, source maps or type declarations of the code change", async () => {
    const software = await someSoftware();
    const first = await fingerprint(software);
    // Recompiling unchanged sources rewrites the same bytes with a new date.
    const later = new Date(Date.now() + 60_000);
    await utimes(join(software.codeDir, "cli.js"), later, later);
    await writeFile(join(software.codeDir, "cli.js.map"), '{"version":3}');
    await writeFile(join(software.codeDir, "cli.d.ts"), "export {};\n");
    expect(await fingerprint(software)).toBe(first);
  });
});
