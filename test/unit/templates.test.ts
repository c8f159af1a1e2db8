// A mistake in a template names the template file and the line, as the command prints it.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeError, formatProblem, TemplateError } from "../../src/errors.js";
import type { View } from "../../src/stages/derive.js";
import { fillLayout, loadTemplates, renderHtml, renderSummary } from "../../src/stages/html.js";
import { DOSSIERS, prepare } from "../support/dossiers.js";
import { copyOfTemplates } from "../support/project.js";

describe.each(DOSSIERS.map((dossier) => [dossier.label, dossier] as const))(
  "the templates, filled with the %s",
  (_, { dir: dossierDir }) => {
    let view: View;
    /** The dossier's section ids, which `section "id"` in a template must name. */
    let sections: string[];
    beforeAll(async () => {
      ({ view } = await prepare(dossierDir));
      sections = view.sections.map((section) => section.id);
    });

    /** Breaks one template of a copy of templates/, builds the HTML, and returns what the command would print. */
    async function printedFor(file: string, from: string, to: string): Promise<{ dir: string; printed: string; error: unknown }> {
      const dir = await copyOfTemplates();
      const path = join(dir, file);
      const before = await readFile(path, "utf8");
      expect(before, `${from} in ${file}`).toContain(from);
      await writeFile(path, before.replace(from, to));
      try {
        await renderHtml(view, [], await loadTemplates(dir, sections), { lang: "en", fonts: {} });
      } catch (error) {
        return { dir, printed: describeError(error, false).message, error };
      }
      throw new Error("the broken template was accepted");
    }

    async function lineOf(dir: string, file: string, text: string): Promise<number> {
      return (await readFile(join(dir, file), "utf8")).split("\n").findIndex((line) => line.includes(text)) + 1;
    }

    describe("template mistakes", () => {
      it("a Handlebars syntax error: the file, the line and the text around it", async () => {
        const { dir, printed, error } = await printedFor("partials/fact.hbs", "{{statusLabel status}}", "{{statusLabel status}");
        expect(error).toBeInstanceOf(TemplateError);
        const line = await lineOf(dir, "partials/fact.hbs", "{{statusLabel status}");
        expect(printed).toContain(`${join(dir, "partials/fact.hbs")}:${line} syntax error near "`);
        expect(printed).toContain("{{statusLabel status}{{/if}}<");
        expect(printed).not.toMatch(/\n\s+at /);
      });

      it("a block left open or closed by the wrong tag", async () => {
        const unclosed = await printedFor("partials/topic.hbs", "{{/if}}", "");
        expect(unclosed.printed).toMatch(/partials\/topic\.hbs:\d+ syntax error near ".*": a block is not closed/);
        const crossed = await printedFor("partials/fact.hbs", "{{/if}}\n</li>", "{{/each}}\n</li>");
        expect(crossed.printed).toMatch(/partials\/fact\.hbs:\d+:\d+ syntax error: \{\{#if\}\} is closed by \{\{\/each\}\}/);
      });

      it("a missing partial: where it is included, before any data is filled in", async () => {
        const { dir, printed } = await printedFor("partials/topic.hbs", "{{> fact}}", "{{> fakt}}");
        const line = await lineOf(dir, "partials/topic.hbs", "{{> fakt}}");
        expect(printed).toMatch(new RegExp(`partials/topic\\.hbs:${line}:\\d+ unknown partial "fakt": there is no partials/fakt\\.hbs`));
      });

      it("an unknown helper, with the helpers there are", async () => {
        const { dir, printed } = await printedFor("partials/fact.hbs", "{{statusLabel status}}", "{{stautsLabel status}}");
        const line = await lineOf(dir, "partials/fact.hbs", "stautsLabel");
        const column = (await readFile(join(dir, "partials/fact.hbs"), "utf8")).split("\n")[line - 1]?.indexOf("{{stautsLabel") ?? -1;
        expect(printed).toContain(`partials/fact.hbs:${line}:${column + 1} unknown helper "stautsLabel" (the helpers are t, `);
        // The one it resembles is among them.
        expect(printed).toMatch(/\(the helpers are [^)]*\bstatusLabel\b/);
      });

      it("a misspelt name, printed or handed to a helper: strict, in the partial where it is", async () => {
        const printedName = await printedFor("partials/fact.hbs", 'id="fact-{{id}}"', 'id="fact-{{idd}}"');
        expect(printedName.printed).toMatch(/partials\/fact\.hbs:1:\d+ "idd" is not defined here: check its spelling/);
        const argument = await printedFor("partials/sources.hbs", "{{t headline}}", "{{t headlin}}");
        const line = await lineOf(argument.dir, "partials/sources.hbs", "headlin}}");
        expect(argument.printed).toMatch(new RegExp(`partials/sources\\.hbs:${line}:\\d+ "headlin" is not defined here`));
        const inLayout = await printedFor("layout.hbs", "{{htmlLang}}", "{{htmlLnag}}");
        expect(inLayout.printed).toMatch(/layout\.hbs:2:\d+ "htmlLnag" is not defined here/);
      });

      it("still lets a template test an optional field, however deep", async () => {
        const dir = await copyOfTemplates();
        const path = join(dir, "partials/fact.hbs");
        const source = await readFile(path, "utf8");
        // Most facts have no quote and no amount: testing them must not be an error.
        await writeFile(path, source.replace("{{#if quote}}", "{{#if quote.original}}{{#if amount.value}}{{/if}}"));
        const html = await renderHtml(view, [], await loadTemplates(dir, sections), { lang: "en", fonts: {} });
        expect(html).toContain("fact__text");
      });

      it("a helper given the wrong thing, or an unknown label: the helper and the line", async () => {
        const wrong = await printedFor("partials/fact.hbs", "{{t text}}", "{{t id}}");
        expect(wrong.printed).toMatch(/partials\/fact\.hbs:\d+:\d+ \{\{t\}\}: expected a text with a "en" field \(got "[a-z0-9-]+"\)/);
        const label = await printedFor("partials/fact.hbs", '{{label "note"}}', '{{label "nope"}}');
        expect(label.printed).toMatch(/partials\/fact\.hbs:\d+:\d+ \{\{label\}\}: the templates' labels\.yaml has no label "nope"/);
      });

      it("checks the summary template too, which is filled without partials", async () => {
        const { printed } = await printedFor("summary.md.hbs", "{{refs cites}}", "{{> cite}}");
        expect(printed).toMatch(/summary\.md\.hbs:\d+:\d+ unknown partial "cite": this template is filled without partials/);
      });

      it("is as strict in the summary, which is markdown and not escaped", async () => {
        const dir = await copyOfTemplates();
        const path = join(dir, "summary.md.hbs");
        await writeFile(path, (await readFile(path, "utf8")).replace("{{t headline}}", "{{t headlien}}"));
        const templates = await loadTemplates(dir, sections);
        const line = await lineOf(dir, "summary.md.hbs", "headlien");
        expect(() => renderSummary(view, templates, { lang: "en" })).toThrow(
          expect.objectContaining({
            message: expect.stringMatching(new RegExp(`summary\\.md\\.hbs:${line}:\\d+ "headlien" is not defined here`)),
          }),
        );
        expect(renderSummary(view, await loadTemplates(await copyOfTemplates(), sections), { lang: "en" })).toContain("- **");
      });

      it("reports every broken template at once", async () => {
        const dir = await copyOfTemplates();
        for (const [file, from, to] of [
          ["partials/fact.hbs", "{{statusLabel status}}", "{{nope status}}"],
          ["partials/money.hbs", "{{/each}}", ""],
        ] as const) {
          const path = join(dir, file);
          await writeFile(path, (await readFile(path, "utf8")).replace(from, to));
        }
        const error = await loadTemplates(dir, sections).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(TemplateError);
        expect((error as TemplateError).problems.map((problem) => problem.file)).toEqual([
          join(dir, "partials/fact.hbs"),
          join(dir, "partials/money.hbs"),
        ]);
      });
    });

    describe("a layout that names its sections", () => {
      /** A copy of templates/ whose layout.hbs has `from` replaced by `to`. */
      async function layoutWith(from: string, to: string): Promise<string> {
        const dir = await copyOfTemplates();
        const path = join(dir, "layout.hbs");
        const before = await readFile(path, "utf8");
        expect(before, `${from} in layout.hbs`).toContain(from);
        await writeFile(path, before.replace(from, to));
        return dir;
      }

      it("is refused when it names a section the dossier does not have, at the name's line and column", async () => {
        const dir = await layoutWith("<main>\n", '<main>\n{{#with (section "nope")}}<p>{{id}}</p>{{/with}}\n');
        const error = await loadTemplates(dir, sections).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(TemplateError);
        const line = await lineOf(dir, "layout.hbs", '(section "nope")');
        const column = ((await readFile(join(dir, "layout.hbs"), "utf8")).split("\n")[line - 1] ?? "").indexOf('"nope"') + 1;
        expect((error as TemplateError).problems.map(formatProblem)).toEqual([
          `${join(dir, "layout.hbs")}:${line}:${column} unknown section "nope": the dossier's sections are ${sections.join(", ")} (dossier.yaml)`,
        ]);
      });

      it("prints the sections it names, in its own order", async () => {
        // Every section by name, last first, each by its partial as the engine's layout prints them.
        const named = [...sections]
          .reverse()
          .map((id) => `{{#with (section "${id}")}}{{> (lookup this "partial") @root section=this}}{{/with}}`)
          .join("\n");
        const dir = await layoutWith('{{#each sections}}{{> (lookup this "partial") @root section=this}}{{/each}}', named);
        const { html } = fillLayout(view, [], await loadTemplates(dir, sections), { lang: "en" });
        const main = html.slice(html.indexOf("<main>"));
        const positions = view.sections
          // A topic with no facts, and what changed since an earlier edition in a first one, print nothing.
          .filter((section) => (section.partial !== "topic" || section.facts.length > 0) && section.id !== "changes")
          .map((section) => main.indexOf(`id="section-${section.id}"`));
        expect(positions.every((at) => at >= 0)).toBe(true);
        expect(positions).toEqual([...positions].sort((a, b) => b - a));
      });
    });
  },
);
