// dossier.yaml as a person edits it: every mistake in its shape or in what refers to what is a
// ProfileError whose problem points at the line and column where the fix goes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, type Problem, ProfileError } from "../../src/errors.js";
import { checkChartSelections, parseProfile, resolveSections, topicsOf } from "../../src/profile/load.js";
import { ROOT } from "../support/project.js";

const PATH = "/dossiers/test/dossier.yaml";

/** A small dossier.yaml that is right: each test breaks it in one place. */
const VALID = `name: test-dossier
languages: [en, fr]
sections:
  - summary
  - id: money
    title: { en: Money, fr: Argent }
    charts: [sizes]
  - id: people
    title: { en: People, fr: Gens }
    topics: [talent, hires]
    charts: [moves]
  - sources
charts:
  - id: sizes
    type: amounts
    facts: { kinds: [figure] }
  - id: moves
    type: flows
`;

/** VALID with one piece of text replaced; fails if the text is not there. */
function changed(from: string, to: string): string {
  expect(VALID, from).toContain(from);
  return VALID.replace(from, to);
}

/** The problems parseProfile refuses the text with, as the command prints them. */
function problemsOf(text: string): string[] {
  let problems: Problem[];
  try {
    parseProfile(PATH, Buffer.from(text));
    throw new Error("dossier.yaml was accepted");
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    problems = error.problems;
  }
  return problems.map(formatProblem);
}

/** file:line:column of the `nth` occurrence of a piece of text, 1-based, as a problem names it. */
function at(text: string, needle: string, nth = 1): string {
  let offset = -1;
  for (let found = 0; found < nth; found++) {
    offset = text.indexOf(needle, offset + 1);
    expect(offset, `${needle} (${nth})`).toBeGreaterThanOrEqual(0);
  }
  const before = text.slice(0, offset).split("\n");
  return `${PATH}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

describe("parseProfile", () => {
  it("accepts a dossier.yaml that is right, and fills in what it leaves out", () => {
    const { profile } = parseProfile(PATH, Buffer.from(VALID));
    expect(profile).toMatchObject({ name: "test-dossier", languages: ["en", "fr"], formats: ["A4"], output: "out", data: "data" });
    expect(resolveSections(profile).map(({ id, partial, topics, charts }) => ({ id, partial, topics, charts }))).toEqual([
      { id: "summary", partial: "summary", topics: [], charts: [] },
      // What changed since the previous edition follows the summary unless dossier.yaml places it.
      { id: "changes", partial: "changes", topics: [], charts: [] },
      // A section of the dossier's own prints the topic of its id unless it names its topics.
      { id: "money", partial: "topic", topics: ["money"], charts: ["sizes"] },
      { id: "people", partial: "topic", topics: ["talent", "hires"], charts: ["moves"] },
      { id: "sources", partial: "sources", topics: [], charts: [] },
    ]);
    expect([...topicsOf(profile)]).toEqual([
      ["money", "money"],
      ["talent", "people"],
      ["hires", "people"],
    ]);
    expect(profile.charts[0]).toEqual({ id: "sizes", type: "amounts", scale: "log", facts: { kinds: ["figure"] } });
  });

  it("refuses a chart type it does not draw, at the type", () => {
    const text = changed("    type: flows", "    type: pie");
    expect(problemsOf(text)).toEqual([
      `${at(text, "pie")} charts[1].type: expected one of "amounts", "shares", "events", "flows" (got "pie")`,
    ]);
  });

  it("refuses a section that names a chart there is not, at the name, with the charts there are", () => {
    const text = changed("    charts: [sizes]", "    charts: [sizes, totals]");
    expect(problemsOf(text)).toEqual([`${at(text, "totals")} sections[1].charts[1]: unknown chart "totals": the charts are sizes, moves`]);
  });

  it("refuses a second chart of the same id, at the second", () => {
    const text = changed("  - id: moves\n    type: flows\n", "  - id: moves\n    type: flows\n  - id: sizes\n    type: shares\n");
    expect(problemsOf(text)).toEqual([`${at(text, "sizes", 3)} charts[2].id: a second chart "sizes": each chart has its own id`]);
  });

  it("accepts the delivery README shows, with its defaults", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const example = /```yaml\n(delivery:\n[\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(example).not.toBe("");
    const { profile } = parseProfile(PATH, Buffer.from(`${VALID}${example}`));
    expect(profile.delivery?.subscriptions.map(({ to, lang, format, send }) => ({ to, lang, format, send }))).toEqual([
      { to: ["alice@example.org", "bob@example.org"], lang: undefined, format: undefined, send: "changed" },
      { to: ["dora@example.org"], lang: "fr", format: "Letter", send: "every" },
    ]);
    expect(problemsOf(`${VALID}${example.replace('"Dossier IA : {title}"', '"{titel}"')}`)).toEqual([
      expect.stringMatching(/ delivery\.subscriptions\[1\]\.subject: a subject fills in \{title\} and \{date\} only \(got "\{titel\}"\)$/),
    ]);
  });

  it("refuses a subscription with a bad address, with no recipient, or in a language the dossier is not printed in, at the field", () => {
    const delivery = (subscriptions: string) =>
      `${VALID}delivery:\n  from: Dossier <dossier@example.org>\n  subscriptions:\n${subscriptions}`;
    const text = delivery("    - to: [alice@example, bob@example.org]\n    - cc: []\n");
    expect(problemsOf(text)).toEqual([
      `${at(text, "alice@example")} delivery.subscriptions[0].to[0]: an e-mail address such as name@example.org (got "alice@example")`,
      `${at(text, "cc: []")} delivery.subscriptions[1].to: name at least one recipient in to, cc or bcc`,
    ]);
    const german = delivery("    - to: [dora@example.org]\n      lang: de\n");
    expect(problemsOf(german)).toEqual([
      `${at(german, "de", 2)} delivery.subscriptions[0].lang: "de" is not one of the dossier's languages (en, fr)`,
    ]);
  });

  it("refuses a paper size listed twice, at the second", () => {
    const text = changed("languages: [en, fr]\n", "languages: [en, fr]\nformats: [A4, Letter, A4]\n");
    expect(problemsOf(text)).toEqual([`${at(text, "A4", 2)} formats[2]: "A4" is listed twice`]);
  });

  it("refuses a chart that selects a topic no section prints, at the topic", () => {
    const text = changed("    facts: { kinds: [figure] }", "    facts: { kinds: [figure], topics: [mony] }");
    expect(problemsOf(text)).toEqual([
      `${at(text, "mony")} charts[0].facts.topics[0]: no section prints the topic "mony": the topics are money, talent, hires`,
    ]);
  });

  it("refuses, once the facts are read, a chart that selects a fact id the data does not have, at the id", () => {
    const text = changed("    facts: { kinds: [figure] }", "    facts: { ids: [scale-ai-stake, scale-ai-stak] }");
    const loaded = parseProfile(PATH, Buffer.from(text));
    const error = (() => {
      try {
        checkChartSelections(loaded, new Set(["scale-ai-stake"]));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).problems.map(formatProblem)).toEqual([
      `${at(text, "scale-ai-stak]")} charts[0].facts.ids[1]: unknown fact id "scale-ai-stak": it is not in facts.yaml`,
    ]);
  });

  it("refuses a chart that no section draws, at its id", () => {
    const text = changed("    charts: [moves]\n", "");
    expect(problemsOf(text)).toEqual([
      `${at(text, "moves")} charts[1].id: the chart "moves" is in no section: add it to a section's charts, or remove it`,
    ]);
  });

  it("refuses a section listed twice, at the second", () => {
    const builtIn = changed("  - sources\n", "  - sources\n  - summary\n");
    expect(problemsOf(builtIn)).toEqual([
      `${at(builtIn, "summary", 2)} sections[4]: a second section "summary": each section is listed once`,
    ]);
    const own = changed(
      "  - sources\n",
      "  - sources\n  - id: money\n    title: { en: More money, fr: Plus d'argent }\n    topics: [spending]\n",
    );
    expect(problemsOf(own)).toEqual([
      `${at(own, "money\n    title: { en: More")} sections[4].id: a second section "money": each section is listed once`,
    ]);
  });

  it("refuses a topic printed by two sections, at the second", () => {
    const text = changed("    topics: [talent, hires]", "    topics: [talent, money]");
    expect(problemsOf(text)).toEqual([
      `${at(text, "money]")} sections[2].topics[1]: the topic "money" is already printed by the section "money"`,
    ]);
  });

  it("refuses a section of its own without a title, where the section begins", () => {
    const text = changed("    title: { en: People, fr: Gens }\n", "");
    expect(problemsOf(text)).toEqual([`${at(text, "id: people")} sections[2]: missing: title (the section's heading, in en, fr)`]);
  });

  it("keeps a title's translation made ahead of its edition, and refuses a field that is no language", () => {
    const ahead = parseProfile(PATH, Buffer.from(changed("{ en: Money, fr: Argent }", "{ en: Money, fr: Argent, de: Geld }")));
    expect(ahead.profile.sections[1]).toMatchObject({ title: { en: "Money", fr: "Argent", de: "Geld" } });
    const text = changed("{ en: Money, fr: Argent }", "{ en: Money, fr: Argent, german: Geld }");
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        new RegExp(`^${at(text, "Geld")} sections\\[1\\]\\.title\\.german: unknown field: .*"german" is not a language code`),
      ),
    ]);
  });

  it("refuses a title missing one of the dossier's languages, within its section", () => {
    const text = changed("{ en: Money, fr: Argent }", "{ en: Money }");
    // Located at the section rather than at title.fr: a section is a built-in name or a group of
    // fields, and the schema's union does not say which of its shapes went wrong (see the report).
    expect(problemsOf(text)).toEqual([expect.stringMatching(new RegExp(`^${at(text, "id: money")} sections\\[1\\]`))]);
  });

  it("reports every problem at once, in the order of the file", () => {
    const text = changed("    charts: [sizes]", "    charts: [totals]").replace("  - sources\n", "  - sources\n  - sources\n");
    expect(problemsOf(text)).toEqual([
      `${at(text, "totals")} sections[1].charts[0]: unknown chart "totals": the charts are sizes, moves`,
      `${at(text, "sources", 2)} sections[4]: a second section "sources": each section is listed once`,
      `${at(text, "sizes")} charts[0].id: the chart "sizes" is in no section: add it to a section's charts, or remove it`,
    ]);
  });
});
