// The dossier's fonts as the build knows them: what they draw, what a page in capitals needs from
// them, and every text of the data, labels.yaml and dossier.yaml held against them, located.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, ProfileError, TemplateError } from "../../src/errors.js";
import { FONT_FACES } from "../../src/fonts.js";
import { readLabels } from "../../src/i18n/labels.js";
import { PROFILE_FILE } from "../../src/input-files.js";
import { readInputs } from "../../src/prepare.js";
import { missingCharacters, notInFonts, renderedCharacters } from "../../src/typography/glyphs.js";
import { edit, lineOf, problemsIn } from "../support/data.js";
import { folderOf, META } from "../support/dossiers.js";
import { copyOfData, copyOfTemplates, DATA_DIR, tempDir } from "../support/project.js";

/** What every message says after the characters: the fonts, what they cover, what to do. */
const HINT = `${[...new Set(FONT_FACES.map((face) => face.family))].join(" and ")} cover Latin, Greek and Cyrillic; remove or replace`;

describe("the fonts' coverage", () => {
  it("draws Latin, Greek and Cyrillic, and the marks the typography pass sets", () => {
    expect(missingCharacters("Élan, naïve, Œuvre, Łódź, ß, ŉ")).toEqual([]);
    expect(missingCharacters("Αθήνα Ωμέγα, Москва Ёжик")).toEqual([]);
    expect(missingCharacters("\u00a0\u202f’“”«»…–—€$£•")).toEqual([]);
  });

  it("never counts what draws nothing: line breaks, soft hyphens, zero-width marks, variation selectors", () => {
    expect(missingCharacters("a\nb\tc\r\n")).toEqual([]);
    expect(missingCharacters("hyphen\u00adation\u200bzero\u200cwidth\u200djoin\u2060er\ufe0f\ufe0e\u034f")).toEqual([]);
  });

  it("finds emoji, CJK, Arabic and Hebrew, each once, in the order they come", () => {
    expect(missingCharacters("launch 🚀 at 漢字 and 🚀 again")).toEqual(["🚀", "漢", "字"]);
    expect(missingCharacters("مرحبا")).toEqual(["م", "ر", "ح", "ب", "ا"]);
    expect(missingCharacters("שלום")).toEqual(["ש", "ל", "ו", "ם"]);
  });

  it("says which characters, by their code, and what to do", () => {
    expect(notInFonts(["🚀"])).toBe(`no font of the dossier has 🚀 (U+1F680): ${HINT} it`);
    expect(notInFonts(["漢", "字", "🚀", "م", "ر"])).toMatch(
      /^no font of the dossier has 漢 \(U\+6F22\), 字 \(U\+5B57\), 🚀 \(U\+1F680\) and 2 more: .* replace them$/,
    );
  });
});

describe("the characters a page renders", () => {
  it("include the capitals a text-transform makes, in the page's language", () => {
    expect(renderedCharacters("é", "fr")).toContain("É");
    expect(renderedCharacters("É", "fr")).toContain("é");
    expect([...renderedCharacters("ß", "de")]).toEqual(expect.arrayContaining(["ß", "S"]));
    expect(renderedCharacters("i", "tr")).toContain("İ");
  });

  it("include the final sigma of a Greek word in lower case, and the sigma of the same letter elsewhere", () => {
    expect([...renderedCharacters("ΟΔΟΣ", "el")]).toEqual(expect.arrayContaining(["ς", "σ"]));
  });

  it("are all in the fonts for a text in French and English", () => {
    const text = "Rôle « été » : œuvre d’Ève — çà et là… Straße";
    expect(missingCharacters([...renderedCharacters(text, "fr"), ...renderedCharacters(text, "en")].join(""))).toEqual([]);
  });
});

describe("the data's printed texts", () => {
  it("are located, field and character, once per field", async () => {
    const dir = await copyOfData();
    await edit(dir, "facts.yaml", "fr: Selon le Financial Times,", "fr: Selon le 🚀 Financial Times 🚀,");
    await edit(dir, "sources.yaml", "en: Zuckerberg leaves", "en: 漢 Zuckerberg leaves");
    const factLine = await lineOf(dir, "facts.yaml", "fr: Selon le 🚀");
    const sourceLine = await lineOf(dir, "sources.yaml", "en: 漢");
    expect((await problemsIn(dir)).map(formatProblem)).toEqual([
      `${join(dir, "sources.yaml")}:${sourceLine}:11 sources[0].headline.en: no font of the dossier has 漢 (U+6F22): ${HINT} it`,
      `${join(dir, "facts.yaml")}:${factLine}:11 facts[0].text.fr: no font of the dossier has 🚀 (U+1F680): ${HINT} it`,
    ]);
  });

  it("leave out what no page prints: the names a fact is about", async () => {
    const dir = await copyOfData();
    await edit(dir, "facts.yaml", "people: [Mark Zuckerberg]", "people: [Mark Zuckerberg, 马化腾]");
    await edit(dir, "facts.yaml", "en: According to the Financial Times,", "en: According to the 🚀 Financial Times,");
    expect((await problemsIn(dir)).map((problem) => problem.field)).toEqual(["facts[0].text.en"]);
  });
});

describe("labels.yaml", () => {
  it("is checked in every language, each label located", async () => {
    const templates = await copyOfTemplates();
    const path = join(templates, "labels.yaml");
    const labels = (await readFile(path, "utf8")).replace("  contents: Contents", "  contents: Contents 📚");
    await writeFile(path, labels);
    const line = labels.split("\n").findIndex((text) => text.includes("📚")) + 1;
    const error = await Promise.resolve()
      .then(() => readLabels(path, Buffer.from(labels)))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).problems.map(formatProblem)).toEqual([
      `${path}:${line}:13 en.contents: no font of the dossier has 📚 (U+1F4DA): ${HINT} it`,
    ]);
  });
});

describe("dossier.yaml", () => {
  it("has its sections' titles and charts' captions checked, each located", async () => {
    const dir = await tempDir();
    const settings = (await readFile(join(META.dir, PROFILE_FILE), "utf8"))
      .replace("title: { en: Money, fr: Argent }", "title: { en: Money, fr: Argent 💶 }")
      .replace("output: out", `output: out\ndata: ${DATA_DIR}`);
    await writeFile(join(dir, PROFILE_FILE), settings);
    const lines = settings.split("\n");
    const line = lines.findIndex((text) => text.includes("💶")) + 1;
    const column = (lines[line - 1]?.indexOf("Argent") ?? 0) + 1;
    const { folder } = await folderOf(dir);
    const error = await readInputs(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).problems.map(formatProblem)).toEqual([
      `${join(dir, PROFILE_FILE)}:${line}:${column} sections[3].title.fr: no font of the dossier has 💶 (U+1F4B6): ${HINT} it`,
    ]);
  });
});
