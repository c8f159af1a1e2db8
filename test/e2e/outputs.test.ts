// What a build leaves in the output folder, and what a failed build does not.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { DOSSIERS, prepare } from "../support/dossiers.js";
import { pageCount } from "../support/pdf.js";
import { plain } from "../support/plain.js";
import { snapshot, stagesReported, start } from "../support/process.js";
import { copyOfTemplates, sha256Of, tempDir, withoutSectionsInFrench } from "../support/project.js";

const browser = useSharedBrowser();

function build(outDir: string, date: string, extra: { html?: boolean; keep?: number } = {}) {
  return buildWith(browser, { outDir, date, ...extra });
}

describe("the output folder", () => {
  it("holds the dated PDF, the dossier's latest PDF, a manifest and a markdown summary; --html adds the final HTML", async () => {
    const out = await tempDir();
    await build(out, "2026-11-22", { html: true });
    expect((await readdir(out)).sort()).toEqual([
      "meta-ai-strategy-2026-11-22.html",
      "meta-ai-strategy-2026-11-22.manifest.json",
      "meta-ai-strategy-2026-11-22.pdf",
      "meta-ai-strategy-2026-11-22.summary.md",
      "meta-ai-strategy-latest.manifest.json",
      "meta-ai-strategy-latest.pdf",
    ]);
    const pdf = await readFile(join(out, "meta-ai-strategy-2026-11-22.pdf"));
    expect(await readFile(join(out, "meta-ai-strategy-latest.pdf"))).toEqual(pdf);
    const manifest = JSON.parse(await readFile(join(out, "meta-ai-strategy-2026-11-22.manifest.json"), "utf8"));
    expect(manifest).toMatchObject({
      file: "meta-ai-strategy-2026-11-22.pdf",
      sha256: await sha256Of(join(out, "meta-ai-strategy-2026-11-22.pdf")),
      bytes: pdf.length,
      pages: pageCount(join(out, "meta-ai-strategy-latest.pdf")),
      reportDate: "2026-11-22",
      language: "en",
    });
    expect(manifest.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.durationMs).toBeGreaterThan(0);
    const summary = await readFile(join(out, "meta-ai-strategy-2026-11-22.summary.md"), "utf8");
    expect(plain(summary)).toContain("# Meta's AI strategy, 22 November 2026");
    expect(plain(summary)).toContain("- **up to $600 billion**: AI spending by 2028 (according to the Financial Times) [1]");
    const html = await readFile(join(out, "meta-ai-strategy-2026-11-22.html"), "utf8");
    expect(html).toMatch(/<span class="contents__page">\d+<\/span>/);
  });

  it("keeps only the newest N dated PDFs with --keep", async () => {
    const out = await tempDir();
    for (const date of ["2026-11-20", "2026-11-21", "2026-11-22"]) await build(out, date, { keep: 2 });
    const pdfs = (await readdir(out)).filter((name) => /^meta-ai-strategy-\d{4}-\d{2}-\d{2}.*\.pdf$/.test(name)).sort();
    expect(pdfs).toEqual(["meta-ai-strategy-2026-11-21.pdf", "meta-ai-strategy-2026-11-22.pdf"]);
    expect(await readdir(out)).not.toContain("meta-ai-strategy-2026-11-20.manifest.json");
  });

  it("is left exactly as it was by a build that fails mid-way (the browser is unreachable at the pdf stage)", async () => {
    const out = await tempDir();
    await build(out, "2026-11-22");
    await writeFile(join(out, "notes.txt"), "kept");
    const before = await snapshot(out);
    const failing = start("cli.js", ["--date", "2026-11-23", "--out", out, "--browser-url", "ws://127.0.0.1:9/devtools/browser/none"]);
    expect(await failing.exited).toBe(1);
    expect(failing.output()).toMatch(/validate .*\n.*derive[\s\S]*html[\s\S]*error: Cannot reach the browser at ws:\/\/127\.0\.0\.1:9/);
    expect(await snapshot(out)).toEqual(before);
  });

  // The French edition is filled while the browser prints the English one: its failure still ends
  // the build with the English PDF printed and nothing written, the stages reported as they ran.
  it("is left exactly as it was by a build whose second edition fails while the first prints", async () => {
    const out = await tempDir();
    await build(out, "2026-11-22");
    const before = await snapshot(out);
    const templates = await copyOfTemplates();
    await withoutSectionsInFrench(templates);
    const failing = start("cli.js", ["--date", "2026-11-23", "--out", out, "--templates", templates]);
    expect(await failing.exited).toBe(1);
    const output = failing.output();
    // The French charts were drawn while the English printed; its failed html stage is not reported.
    expect(stagesReported(output)).toEqual(["load", "validate", "derive", "charts", "html", "pdf", "charts"]);
    expect(output.slice(output.indexOf("\nerror"))).toMatch(/the templates do not print this section/);
    expect(await snapshot(out)).toEqual(before);
  });
});

describe.each(DOSSIERS.map((dossier) => [dossier.label, dossier] as const))("the output folder of the %s", (_, dossier) => {
  it("holds every edition with its side files, named for the dossier, and each latest copy of its edition", async () => {
    const { folder, dossier: facts } = await prepare(dossier.dir);
    const { name, languages } = folder.profile;
    const out = await tempDir();
    const result = await buildWith(browser, {
      dir: dossier.dir,
      outDir: out,
      html: true,
      editions: languages.map((lang) => ({ lang, format: "A4" })),
    });
    const suffixes = languages.map((lang, index) => (index === 0 ? "" : `.${lang}`));
    const expected = suffixes.flatMap((suffix) => [
      ...[".html", ".manifest.json", ".pdf", ".summary.md"].map((ending) => `${name}-2026-11-22${suffix}${ending}`),
      ...[".manifest.json", ".pdf"].map((ending) => `${name}-latest${suffix}${ending}`),
    ]);
    expect((await readdir(out)).filter((file) => !file.startsWith(".")).sort()).toEqual(expected.sort());
    for (const [index, { edition, manifest }] of result.editions.entries()) {
      const suffix = suffixes[index] ?? "";
      const pdf = await readFile(join(out, `${name}-2026-11-22${suffix}.pdf`));
      expect(await readFile(join(out, `${name}-latest${suffix}.pdf`))).toEqual(pdf);
      expect(manifest).toMatchObject({ file: `${name}-2026-11-22${suffix}.pdf`, language: edition.lang, bytes: pdf.length });
      const summary = await readFile(join(out, `${name}-2026-11-22${suffix}.summary.md`), "utf8");
      expect(plain(summary.split("\n")[0] ?? "")).toContain(`# ${plain(facts.report.title[edition.lang] ?? "")}`);
    }
  });
});
