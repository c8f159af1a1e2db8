// What a build reads from data/ and templates/: regular files, directly or through links that stay
// in the folder; never a link out of it (its target's lines would end up in an error message), never
// a named pipe (its read would block for good), and the same rule for the skip check's hash.
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, describeError, formatProblem, TemplateError, UserError } from "../../src/errors.js";
import { PROFILE_FILE } from "../../src/input-files.js";
import { editionHash, hashInputs } from "../../src/inputs.js";
import { resolveSections } from "../../src/profile/load.js";
import { loadTemplates } from "../../src/stages/html.js";
import { loadData } from "../../src/stages/load.js";
import { lineOf, problemsIn } from "../support/data.js";
import { folderOf, META } from "../support/dossiers.js";
import { copyOfData, copyOfTemplates, tempDir } from "../support/project.js";

/** A file outside the dossier, such as /etc/shadow: what none of its messages may show. */
const SECRET = "root:$6$secret-hash-of-the-root-password:19000:0:99999:7:::";

async function secretFile(): Promise<string> {
  const path = join(await tempDir("dossier-elsewhere-"), "shadow");
  await writeFile(path, `${SECRET}\ndaemon:*:19000:0:99999:7:::\n`);
  return path;
}

/** A named pipe nobody writes to: opening it to read would wait for ever. */
function fifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

async function messagesOf(dir: string): Promise<string[]> {
  return (await problemsIn(dir)).map((problem) => formatProblem(problem).replace(`${dir}/`, ""));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("accepted");
    },
    (error: unknown) => error,
  );
}

const hashOf = (dataDir: string, templatesDir: string) => hashInputs({ profilePath: join(META.dir, PROFILE_FILE), dataDir, templatesDir });

/** The Meta dossier's section ids, which the templates are checked against. */
const sectionIds = async () => resolveSections((await folderOf(META.dir)).folder.profile).map((section) => section.id);

describe("links in the data folder", () => {
  it("one that leads out of it is refused, naming where it points, and nothing of the target is printed", async () => {
    const dir = await copyOfData();
    const secret = await secretFile();
    await rm(join(dir, "facts.yaml"));
    await symlink(secret, join(dir, "facts.yaml"));
    const messages = await messagesOf(dir);
    expect(messages).toContain(
      `facts.yaml:1:1 is a link to ${secret}, outside the data folder: only links that stay inside it are followed (copy the file in instead)`,
    );
    expect(messages.join("\n")).not.toContain("root:");
  });

  it("an article, or the articles folder, that leads out of it is refused too", async () => {
    const dir = await copyOfData();
    const secret = await secretFile();
    await symlink(secret, join(dir, "articles", "leak.txt"));
    expect(await messagesOf(dir)).toContain(
      `articles/leak.txt:1:1 is a link to ${secret}, outside the data folder: only links that stay inside it are followed (copy the file in instead)`,
    );

    const elsewhere = await tempDir("dossier-articles-");
    await rename(join(dir, "articles"), join(elsewhere, "articles"));
    await symlink(join(elsewhere, "articles"), join(dir, "articles"));
    expect(await messagesOf(dir)).toContain(
      `articles:1:1 is a link to ${join(elsewhere, "articles")}, outside the data folder: only links that stay inside it are followed (copy the file in instead)`,
    );
  });

  it("one that stays inside is followed by the build and by the skip check, which sees its target change", async () => {
    const dir = await copyOfData();
    const templates = await copyOfTemplates();
    await mkdir(join(dir, "versions"));
    await rename(join(dir, "facts.yaml"), join(dir, "versions", "a.yaml"));
    await writeFile(join(dir, "versions", "b.yaml"), "facts: []\n");
    await symlink("versions/a.yaml", join(dir, "facts.yaml"));
    expect((await loadData(dir)).problems).toEqual([]);

    const first = await hashOf(dir, templates);
    // The link pointed elsewhere, every file's bytes unchanged: another build, not a skip.
    await rm(join(dir, "facts.yaml"));
    await symlink("versions/b.yaml", join(dir, "facts.yaml"));
    expect(await hashOf(dir, templates)).not.toBe(first);
  });

  it("the skip check refuses a link out as the build does, with the same message", async () => {
    const dir = await copyOfData();
    const templates = await copyOfTemplates();
    const secret = await secretFile();
    await symlink(secret, join(dir, "notes.yaml"));
    const error = await rejection(hashOf(dir, templates));
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).problems.map(formatProblem)).toEqual([
      `${join(dir, "notes.yaml")}:1:1 is a link to ${secret}, outside the data folder: only links that stay inside it are followed (copy the file in instead)`,
    ]);
  });

  it("a link out of the templates folder is refused by the templates and by the skip check", async () => {
    const data = await copyOfData();
    const dir = await copyOfTemplates();
    const secret = await secretFile();
    await rm(join(dir, "labels.yaml"));
    await symlink(secret, join(dir, "labels.yaml"));
    for (const error of [await rejection(loadTemplates(dir, await sectionIds())), await rejection(hashOf(data, dir))]) {
      expect(error).toBeInstanceOf(TemplateError);
      const printed = describeError(error, false).message;
      expect(printed).toContain(`${join(dir, "labels.yaml")}:1:1 is a link to ${secret}, outside the templates folder`);
      expect(printed).not.toContain("root:");
    }
  });
});

describe("the skip check's hash", () => {
  it("changes with dossier.yaml, and differs for each edition of the same inputs", async () => {
    const data = await copyOfData();
    const templates = await copyOfTemplates();
    const profilePath = join(await tempDir("dossier-profile-"), PROFILE_FILE);
    await copyFile(join(META.dir, PROFILE_FILE), profilePath);
    const hash = () => hashInputs({ profilePath, dataDir: data, templatesDir: templates });
    const first = await hash();
    expect(await hash()).toBe(first);
    // A section moved or a chart's caption reworded prints another dossier from the same facts.
    await writeFile(profilePath, (await readFile(profilePath, "utf8")).replace("scale: log", "scale: linear"));
    const edited = await hash();
    expect(edited).not.toBe(first);

    const editions = [
      { lang: "en", format: "A4" },
      { lang: "fr", format: "A4" },
      { lang: "en", format: "Letter" },
    ];
    const hashes = editions.map((edition) => editionHash(edited, edition));
    expect(new Set(hashes).size).toBe(editions.length);
    expect(editionHash(edited, { lang: "en", format: "A4" })).toBe(hashes[0]);
    expect(editionHash(first, { lang: "en", format: "A4" })).not.toBe(hashes[0]);
  });
});

describe("files that are not regular files", () => {
  it("a named pipe as a data file, an article or a template is refused at once, located", async () => {
    const dir = await copyOfData();
    await rm(join(dir, "facts.yaml"));
    fifo(join(dir, "facts.yaml"));
    fifo(join(dir, "articles", "pipe.txt"));
    const messages = await messagesOf(dir);
    expect(messages).toContain("facts.yaml:1:1 is a named pipe (FIFO), not a regular file: only regular files are read");
    expect(messages).toContain("articles/pipe.txt:1:1 is a named pipe (FIFO), not a regular file: only regular files are read");

    const templates = await copyOfTemplates();
    await rm(join(templates, "styles.css"));
    fifo(join(templates, "styles.css"));
    expect(describeError(await rejection(loadTemplates(templates, await sectionIds())), false).message).toContain(
      `${join(templates, "styles.css")}:1:1 is a named pipe (FIFO), not a regular file`,
    );
  }, 10_000);

  it("the skip check refuses a named pipe rather than skipping it or waiting on it", async () => {
    const dir = await copyOfData();
    fifo(join(dir, "notes.yaml"));
    const error = await rejection(hashOf(dir, await copyOfTemplates()));
    expect((error as DataError).problems.map(formatProblem)).toEqual([
      `${join(dir, "notes.yaml")}:1:1 is a named pipe (FIFO), not a regular file: only regular files are read`,
    ]);
  }, 10_000);

  it("a folder where a data file should be says so", async () => {
    const dir = await copyOfData();
    await rm(join(dir, "summary.yaml"));
    await mkdir(join(dir, "summary.yaml"));
    expect(await messagesOf(dir)).toContain("summary.yaml:1:1 is a folder, not a regular file: only regular files are read");
  });
});

describe("a file that is not the dossier's YAML", () => {
  it("is named as such, without its lines", async () => {
    const dir = await copyOfData();
    await writeFile(join(dir, "facts.yaml"), `${SECRET}\ndaemon:*:19000:0:99999:7:::\n`);
    const messages = await messagesOf(dir);
    expect(messages).toContain("facts.yaml:1:1 the file does not hold the dossier's fields (name: value): is it the dossier's facts.yaml?");
    expect(messages.join("\n")).not.toMatch(/root:|daemon/);
  });

  it("shows at most a short piece of a line a YAML message quotes", async () => {
    const dir = await copyOfData();
    await writeFile(join(dir, "facts.yaml"), `facts: |x${"secret".repeat(30)}\n  text\n`);
    const [message] = await messagesOf(dir);
    expect(message).toMatch(/^facts\.yaml:1:9 invalid YAML: Block scalar header includes extra characters: \|xsecret.*\.\.\.$/);
    expect(message?.length).toBeLessThan(130);
  });
});

describe("labels.yaml", () => {
  async function labelsError(change: (labels: string) => string): Promise<{ dir: string; error: unknown; printed: string }> {
    const dir = await copyOfTemplates();
    const path = join(dir, "labels.yaml");
    await writeFile(path, change(await readFile(path, "utf8")));
    const error = await rejection(loadTemplates(dir, await sectionIds()));
    return { dir, error, printed: describeError(error, false, dir).message };
  }

  it("broken YAML: located like the data's problems, no stack", async () => {
    const { error, printed } = await labelsError((labels) => labels.replace(/^en:$/m, "en: ["));
    expect(error).toBeInstanceOf(TemplateError);
    expect(printed).toMatch(/^error: The templates have \d problems?:\n {2}labels\.yaml:\d+:\d+ invalid YAML: /);
    expect(printed).not.toMatch(/\n\s+at /);
  });

  it("an alias that expands without end is refused, not followed", async () => {
    let bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (let level = 1; level < 9; level++)
      bomb += `a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(", ")}]\n`;
    const { printed } = await labelsError(() => bomb);
    expect(printed).toMatch(/^error: The templates have 1 problem:\n {2}labels\.yaml:1:1 cannot read the YAML: Excessive alias count/);
  });

  it("a label of the wrong kind, or missing in a language, at its line and column", async () => {
    const wrongKind = await labelsError((labels) => labels.replace(/^( {2}footer_page:).*$/m, "$1 [1, 2]"));
    const line = await lineOf(wrongKind.dir, "labels.yaml", "footer_page: [1, 2]");
    expect(wrongKind.printed).toContain(`labels.yaml:${line}:16 en.footer_page: Invalid input: expected string, received array`);

    const missing = await labelsError((labels) => labels.replace(/^( {2}footer_page:.*\n)([\s\S]*)^ {2}footer_page:.*\n/m, "$1$2"));
    expect(missing.printed).toContain(
      `labels.yaml:${(await readFile(join(missing.dir, "labels.yaml"), "utf8")).split("\n").indexOf("fr:") + 1}:1 fr.footer_page: missing in this language`,
    );
  });

  it("a templates folder that is not there is named, with what it should hold", async () => {
    const error = await rejection(loadTemplates("/no/such/templates", await sectionIds()));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      "The templates folder /no/such/templates does not exist: give the folder that holds layout.hbs, partials/, styles.css, summary.md.hbs and labels.yaml.",
    );
  });
});
