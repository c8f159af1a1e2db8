// The page that is printed is the page that was loaded. A <meta http-equiv=refresh> in a template
// once replaced the dossier by a blank page, printed as a one-page latest.pdf with exit code 0;
// now a page that navigates, or asks to, fails the build, and so does a PDF that lacks the
// headings the page has. Nothing is written either way.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PrintError } from "../../src/errors.js";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { pageCount } from "../support/pdf.js";
import { report, snapshot } from "../support/process.js";
import { copyOfTemplates, FIXTURE_DATA_DIR, tempDir, withoutSectionsInFrench } from "../support/project.js";

const browser = useSharedBrowser();

/** A copy of the templates with the markup at the end of the layout's head. */
async function templatesWith(markup: string): Promise<string> {
  const dir = await copyOfTemplates();
  const layout = join(dir, "layout.hbs");
  await writeFile(layout, (await readFile(layout, "utf8")).replace("</head>", `${markup}\n</head>`));
  return dir;
}

describe("a page that would be replaced", () => {
  it("fails the command with one line and exit code 1, and leaves out/ as it was", async () => {
    const out = await tempDir();
    const good = await report(["--data", FIXTURE_DATA_DIR, "--out", out]);
    expect(good.code, good.stderr).toBe(0);
    const before = await snapshot(out);
    const templates = await templatesWith("<meta http-equiv=refresh content=0;url=about:blank>");
    const failed = await report(["--data", FIXTURE_DATA_DIR, "--templates", templates, "--out", out]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /^error: The page to print was replaced by another \(.+\): remove the redirect from the templates\. Nothing was written\.\n$/,
    );
    expect(await snapshot(out)).toEqual(before);
  });

  it.each([
    ["a refresh to a blank page", "<meta http-equiv=refresh content=0;url=about:blank>"],
    ["a refresh of the page itself", "<meta http-equiv=Refresh content=0>"],
    ["a refresh to a server", "<meta http-equiv=refresh content=0;url=http://127.0.0.1:9/>"],
    ["a refresh after the print would be done", "<meta http-equiv=refresh content=30;url=about:blank>"],
  ])("fails the build: %s", async (_, markup) => {
    const build = buildWith(browser, { dataDir: FIXTURE_DATA_DIR, templatesDir: await templatesWith(markup) });
    await expect(build).rejects.toThrow(PrintError);
    await expect(build).rejects.toThrow(/replaced by another/);
  });

  it("leaves the browser printing the next dossier as before", async () => {
    const first = await buildWith(browser, { dataDir: FIXTURE_DATA_DIR });
    await expect(
      buildWith(browser, { dataDir: FIXTURE_DATA_DIR, templatesDir: await templatesWith("<meta http-equiv=refresh content=1>") }),
    ).rejects.toThrow(/replaced by another/);
    // Past the refused page's refresh: had its page been kept, it would have navigated by now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const next = await buildWith(browser, { dataDir: FIXTURE_DATA_DIR });
    expect(next.manifest.sha256).toBe(first.manifest.sha256);
    expect(pageCount(next.path)).toBe(pageCount(first.path));
  });
});

/** A copy of the templates with a rule added to the stylesheet. */
async function templatesStyled(rule: string): Promise<string> {
  const dir = await copyOfTemplates();
  const styles = join(dir, "styles.css");
  await writeFile(styles, `${await readFile(styles, "utf8")}\n${rule}\n`);
  return dir;
}

describe("a PDF without the page's headings", () => {
  it("fails the build, naming the headings it lacks", async () => {
    // Chrome leaves hidden headings out of the PDF's bookmarks, as it does every heading of a page it did not print.
    const templates = await templatesStyled("main section > h2 { display: none; }");
    const build = buildWith(browser, { dataDir: FIXTURE_DATA_DIR, templatesDir: templates });
    await expect(build).rejects.toThrow(PrintError);
    await expect(build).rejects.toThrow(
      /^The printed PDF lacks \d+ headings the page has \(.+\): the page printed was not the page loaded/,
    );
  });

  // The next edition is filled while the first prints: its print must not start once the first failed.
  it("ends a build of two editions at the first, whose print failed, without printing the second", async () => {
    const templates = await templatesStyled("html:lang(en) main section > h2 { display: none; }");
    const traced: string[] = [];
    const build = buildWith(browser, {
      templatesDir: templates,
      editions: [
        { lang: "en", format: "A4" },
        { lang: "fr", format: "A4" },
      ],
      trace: (message) => traced.push(message),
    });
    await expect(build).rejects.toThrow(/^The printed PDF lacks \d+ headings the page has/);
    expect(traced.filter((message) => message.startsWith("printing in the browser"))).toHaveLength(1);
  });

  it("reports the first edition's failed print, not the second's failure met while it printed, as one edition after the other would", async () => {
    const templates = await templatesStyled("html:lang(en) main section > h2 { display: none; }");
    // The French edition also leaves every section out, which its html stage finds while the English prints.
    await withoutSectionsInFrench(templates);
    const build = buildWith(browser, {
      templatesDir: templates,
      editions: [
        { lang: "en", format: "A4" },
        { lang: "fr", format: "A4" },
      ],
    });
    await expect(build).rejects.toThrow(PrintError);
    await expect(build).rejects.toThrow(/^The printed PDF lacks \d+ headings the page has/);
  });
});

describe("headings the templates restyle", () => {
  it("are found in the PDF as drawn, in capitals, and numbered in the table of contents", async () => {
    const templates = await templatesStyled("main section > h2 { text-transform: uppercase; }");
    const built = await buildWith(browser, { dataDir: FIXTURE_DATA_DIR, templatesDir: templates });
    const plain = await buildWith(browser, { dataDir: FIXTURE_DATA_DIR });
    expect(built.manifest.contents.map((entry) => entry.title)).toEqual(plain.manifest.contents.map((entry) => entry.title));
    expect(built.manifest.contents.filter((entry) => !(entry.page > 1))).toEqual([]);
  });
});
