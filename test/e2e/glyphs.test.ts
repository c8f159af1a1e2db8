// A character none of the dossier's fonts has, run through the commands as a person would meet it:
// a located message naming the character and its code, exit 1, and no PDF in which it would have
// printed as a blank or in a font of the machine's.
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { FONT_FACES } from "../../src/fonts.js";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { edit, lineOf } from "../support/data.js";
import { pdfFonts, pdfText } from "../support/pdf.js";
import { report, snapshot } from "../support/process.js";
import { copyOfData, copyOfTemplates, DATA_DIR, FIXTURE_DATA_DIR, ROOT, tempDir } from "../support/project.js";

const browser = useSharedBrowser();

const NOT_IN_FONTS = /no font of the dossier has (.+?): .+ cover Latin, Greek and Cyrillic; remove or replace (it|them)$/;

/** Runs a build into a new folder; it must fail without writing anything. Returns the problems it lists. */
async function rejected(args: string[]): Promise<{ heading: string; problems: string[] }> {
  const out = await tempDir();
  const { code, stderr } = await report(["--out", out, "--browser-url", inject("browserWSEndpoint"), ...args]);
  expect(code, stderr).toBe(1);
  expect(await snapshot(out)).toEqual({});
  const [heading = "", ...problems] = stderr.trimEnd().split("\n");
  return { heading, problems };
}

describe("a character no font of the dossier has", () => {
  it("in the data is named at its file, line, column and field, with its code, and no PDF is written", async () => {
    const data = await copyOfData(DATA_DIR);
    await edit(data, "facts.yaml", 'fr: "Mark Zuckerberg a récemment', 'fr: "Mark Zuckerberg 🚀 a récemment');
    await edit(data, "sources.yaml", "fr: Zuckerberg délaisse le métavers", "fr: Zuckerberg 漢 délaisse le métavers");
    const { heading, problems } = await rejected(["--data", data, "--lang", "fr"]);
    expect(heading).toBe("error: The data has 2 problems:");
    const [source, fact] = problems;
    expect(source).toMatch(
      new RegExp(`^  ${data}/sources\\.yaml:${await lineOf(data, "sources.yaml", "漢")}:11 sources\\[0\\]\\.headline\\.fr: `),
    );
    expect(source).toMatch(NOT_IN_FONTS);
    expect(source).toContain("has 漢 (U+6F22):");
    expect(fact).toMatch(new RegExp(`^  ${data}/facts\\.yaml:${await lineOf(data, "facts.yaml", "🚀")}:11 facts\\[0\\]\\.text\\.fr: `));
    expect(fact).toMatch(NOT_IN_FONTS);
    expect(fact).toContain("has 🚀 (U+1F680):");
  });

  it("in labels.yaml is named at its line and label", async () => {
    const templates = await copyOfTemplates();
    const path = join(templates, "labels.yaml");
    const labels = (await readFile(path, "utf8")).replace("  key_figures: Key figures", "  key_figures: Key figures 📊");
    await writeFile(path, labels);
    const line = labels.split("\n").findIndex((text) => text.includes("📊")) + 1;
    const { heading, problems } = await rejected(["--templates", templates]);
    expect(heading).toBe("error: The templates have 1 problem:");
    expect(problems[0]).toMatch(new RegExp(`^  ${path}:${line}:16 en\\.key_figures: no font of the dossier has 📊 \\(U\\+1F4CA\\): `));
    expect(problems[0]).toMatch(NOT_IN_FONTS);
  });

  it("in a template's own text is named with the templates folder, by the build and by npm run check", async () => {
    const templates = await copyOfTemplates();
    const cover = join(templates, "partials", "cover.hbs");
    await writeFile(cover, (await readFile(cover, "utf8")).replace(">Dossier<", ">Dossier 🚀<"));
    const says = new RegExp(`^  ${templates} no font of the dossier has 🚀 \\(U\\+1F680\\), which the templates print`, "m");
    const { heading, problems } = await rejected(["--templates", templates]);
    expect(heading).toBe("error: The templates have 1 problem:");
    expect(problems[0]).toMatch(says);
    expect(problems[0]).toMatch(NOT_IN_FONTS);
    const check = spawnSync(process.execPath, [join(ROOT, "dist", "check.js"), "--templates", templates, "--data", FIXTURE_DATA_DIR], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(says);
  });
});

describe("a letter set in capitals by the stylesheet", () => {
  it("is drawn in the dossier's own fonts, in capitals too", async () => {
    // A status is printed in capitals (.fact__meta); "Ŷ" is on no page of the dossier but this one.
    const templates = await copyOfTemplates();
    const path = join(templates, "labels.yaml");
    await writeFile(path, (await readFile(path, "utf8")).replace("  status_stated: affirmé\n", "  status_stated: affirmé ŷ\n"));
    const { path: pdf } = await buildWith(browser, { templatesDir: templates, lang: "fr" });
    // Each face's PostScript family, as its file is named: Inter_400Regular.ttf is Inter-Regular.
    const families = new Set(FONT_FACES.map((face) => basename(face.file).split("_")[0]));
    for (const { name } of pdfFonts(pdf)) expect(families, name).toContain(name.replace(/^[A-Z]{6}\+/, "").split("-")[0]);
  });

  it("beyond the faces the build cut (here Greek), is cut at run time and drawn in the dossier's fonts", async () => {
    const templates = await copyOfTemplates();
    const path = join(templates, "labels.yaml");
    await writeFile(path, (await readFile(path, "utf8")).replace("  status_stated: affirmé\n", "  status_stated: affirmé ω\n"));
    const { path: pdf } = await buildWith(browser, { templatesDir: templates, lang: "fr" });
    expect(pdfText(pdf)).toContain("AFFIRMÉ Ω");
    const families = new Set(FONT_FACES.map((face) => basename(face.file).split("_")[0]));
    for (const { name } of pdfFonts(pdf)) expect(families, name).toContain(name.replace(/^[A-Z]{6}\+/, "").split("-")[0]);
  });
});
