// Every fact the dossier's sections hold is on the page: a layout that leaves a section out is
// named at that section of dossier.yaml, even when its plans still show in the outlook.
import { beforeAll, describe, expect, it } from "vitest";
import { formatProblem, ProfileError } from "../../src/errors.js";
import { checkEveryFactPrinted } from "../../src/prepare.js";
import { resolveSections } from "../../src/profile/load.js";
import { DOSSIERS, type Prepared, prepare } from "../support/dossiers.js";

const anchors = (ids: readonly string[]) => ids.map((id) => `<li id="fact-${id}"></li>`).join("");

describe.each(DOSSIERS.map((dossier) => [dossier.label, dossier] as const))("the %s", (_, dossier) => {
  let prepared: Prepared;
  beforeAll(async () => {
    prepared = await prepare(dossier.dir);
  });

  it("passes when each fact is in its section and each plan in the outlook too", () => {
    const { view, folder } = prepared;
    const html = anchors([
      ...view.sections.flatMap((section) => section.facts.map((fact) => fact.id)),
      ...[...view.outlook, ...view.overdue].map((fact) => fact.id),
    ]);
    expect(() => checkEveryFactPrinted(html, view, folder)).not.toThrow();
  });

  it("names the section a layout left out, though its plans show once in the outlook", () => {
    const { view, folder } = prepared;
    const withPlans = view.sections.findIndex((section) => section.facts.some((fact) => fact.status === "planned"));
    expect(withPlans).toBeGreaterThanOrEqual(0);
    // That section's plans show in the outlook only (its other facts are on the page, say in a
    // layout's own list): a plan printed once is still one missing from its section.
    const planned = new Set([...view.outlook, ...view.overdue].map((fact) => fact.id));
    const html = anchors([
      ...view.sections.flatMap((section, index) =>
        section.facts.filter((fact) => index !== withPlans || !planned.has(fact.id)).map((fact) => fact.id),
      ),
      ...planned,
    ]);
    const error = (() => {
      try {
        checkEveryFactPrinted(html, view, folder);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${folder.file.path}:\\d+:\\d+ sections\\[${String(resolveSections(folder.profile)[withPlans]?.path[1])}\\]: the templates do not print this section`,
        ),
      ),
    ]);
  });
});
