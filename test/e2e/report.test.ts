import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useSharedBrowser } from "../support/browser.js";
import { buildWith } from "../support/build.js";
import { folded, pageCount, pdfInfo, pdfText } from "../support/pdf.js";
import { tempDir } from "../support/project.js";

const browser = useSharedBrowser();

describe("the dossier, built with a pinned date and read back", () => {
  let pdf: string;
  beforeAll(async () => {
    const outDir = await tempDir();
    const result = await buildWith(browser, { outDir });
    pdf = result.path;
    expect(pdf).toBe(join(outDir, "meta-ai-strategy-2026-11-22.pdf"));
  });

  it("is an A4 document of several pages with a title", () => {
    const info = pdfInfo(pdf);
    expect(info["Page size"]).toContain("(A4)");
    expect(info.Title).toBe("Meta's AI strategy");
    expect(info.Tagged).toBe("yes");
    expect(pageCount(pdf)).toBeGreaterThan(2);
  });

  it("shows the report date and 'Page 1 of N' on page one", () => {
    const first = pdfText(pdf, 1);
    expect(first).toContain("22 November 2026");
    expect(first).toContain(`Page 1 of ${pageCount(pdf)}`);
  });

  it("numbers every page with the right total", () => {
    const total = pageCount(pdf);
    for (let page = 1; page <= total; page++) expect(pdfText(pdf, page)).toContain(`Page ${page} of ${total}`);
  });

  it("holds the $600 billion and $14 billion figures with their sources", () => {
    const text = folded(pdfText(pdf));
    expect(text).toMatch(/up to \$600 billion by 2028\. \[1\]/);
    expect(text).toMatch(/\$14 billion in the start-up Scale AI[^[]*\[(\d, )*\d\]/);
    expect(text).toContain("Financial Times");
    // The sources list names every article file, so each citation can be traced.
    for (const file of ["000_2ec81d983aa082d8.txt", "001_977c48ad5bda7198.txt", "004_bab072e71f1879b0.txt"]) expect(text).toContain(file);
  });
});
