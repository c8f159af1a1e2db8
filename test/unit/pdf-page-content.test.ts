// Page content streams shaped as Chrome writes them, mended for PDF/UA-1: the footer drawn last
// as a pagination artifact, other untagged painting marked where it is, wrapped lines' spaces
// drawn, decorations given up by the structure tree marked as artifacts.
import { describe, expect, it } from "vitest";
import { mendContent, operationsOf, type PageFont, readToUnicode } from "../../src/pdf/page-content.js";

const A4_HEIGHT = 841.92;
/** Chrome's page matrix: CSS pixels, the origin at the top. */
const PAGE = ".23999999 0 0 -.23999999 0 841.91998 cm\n";
const FOOTER = "q\n3.125 0 0 3.125 0 0 cm\n.3 .3 .3 rg\nBT\n/F4 10 Tf\n1 0 0 -1 668 1073 Tm\n<0016> Tj\n6 0 Td <0022> Tj\nET\nQ\n";
const BODY = "q\n/P <</MCID 0 >>BDC\nBT\n/F4 12 Tf\n1 0 0 -1 68 100 Tm\n<0001> Tj\n7 0 Td <0002> Tj\nET\nEMC\nQ\n";

const font = (entries: [string, string][]): PageFont => {
  const textOf = new Map(entries);
  return { textOf, spaceCode: entries.find(([, text]) => text === " ")?.[0] };
};
/** F4 has a space glyph (016D); F5 has none. */
const FONTS = new Map([
  [
    "F4",
    font([
      ["0001", "a"],
      ["0002", "n"],
      ["0003", "d"],
      ["0004", "r"],
      ["0005", "-"],
      ["016D", " "],
    ]),
  ],
  ["F5", font([["0001", "x"]])],
]);

const mend = (text: string, decorative?: ReadonlySet<number>) => mendContent(text, FONTS, A4_HEIGHT, decorative);

describe("reading a content stream", () => {
  it("reads operators with their operands, strings, arrays and dictionaries included", () => {
    const operations = operationsOf(
      "/P <</MCID 3 /Alt (a (nested) \\) b)>> BDC [<0001> -120 <0002>] TJ % note\nEMC BI /W 1 /H 1 ID \x00\xff EI Q",
    );
    expect(operations.map((operation) => operation.operator)).toEqual(["BDC", "TJ", "EMC", "BI", "Q"]);
    expect(operations[0]?.operands).toEqual(["/P", "<<", "/MCID", "3", "/Alt", "(a (nested) \\) b)", ">>"]);
    expect(operations[1]?.operands).toEqual(["[", "<0001>", "-120", "<0002>", "]"]);
  });

  it("takes only NUL, tab, line feed, form feed, carriage return and space for white space: another control character is a regular one", () => {
    const text = "<0041> \x01 Tj q\x0bQ\0Q\t<< /A 1 >> <0042 \n0043>>) Tj";
    const operations = operationsOf(text);
    // ISO 32000-1, 7.2.2: \x01 and \x0b end no token, so "q\x0bQ" is one token, and no operator.
    expect(operations.map((operation) => operation.operator)).toEqual(["Tj", "Q", "Tj"]);
    expect(operations[0]?.operands).toEqual(["<0041>", "\x01"]);
    expect(operations[1]?.start).toBe(text.indexOf("q\x0bQ"));
    expect(operations[2]?.operands).toEqual(["<<", "/A", "1", ">>", "<0042 \n0043>", ">", ")"]);
  });

  it("reads a ToUnicode CMap's single codes and ranges", () => {
    const map = readToUnicode("2 beginbfchar\n<0001> <0041>\n<016D> <0020>\nendbfchar\n1 beginbfrange\n<0003> <0005> <0061>\nendbfrange\n");
    expect([...map]).toEqual([
      ["0001", "A"],
      ["016D", " "],
      ["0003", "a"],
      ["0004", "b"],
      ["0005", "c"],
    ]);
  });
});

describe("mending a page's content", () => {
  it("draws the untagged footer last, as a pagination artifact, with the rest of the page saved and restored around it", () => {
    const mended = mend(PAGE + FOOTER + BODY);
    expect(mended).toBe(`${PAGE}q\n\n${BODY}\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n${FOOTER.trimEnd()}\nEMC\n`);
  });

  it("calls a block at the top of the page a header", () => {
    const header = FOOTER.replace("668 1073 Tm", "668 20 Tm");
    expect(mend(PAGE + header + BODY)).toContain("/Subtype /Header");
  });

  it("leaves the footer where it is when the rest of the page does not restore what it saves", () => {
    const unbalanced = `${PAGE + FOOTER}Q\n${BODY}`;
    const mended = mend(unbalanced);
    expect(mended).not.toContain("/Pagination");
    expect(mended).toContain("/Artifact BMC\n<0016> Tj\n6 0 Td <0022> Tj\nEMC");
  });

  it("marks other untagged painting as an artifact where it is drawn, a path from its first point", () => {
    const mended = mend(`${PAGE}1 1 1 rg\n0 0 10 10 re\nf\n${BODY}`);
    expect(mended).toBe(`${PAGE}1 1 1 rg\n/Artifact BMC\n0 0 10 10 re\nf\nEMC\n${BODY}`);
  });

  it("draws a space after the last glyph of a wrapped line of tagged text, in its font", () => {
    const wrapped =
      "/P <</MCID 0 >>BDC\nBT\n/F4 12 Tf\n1 0 0 -1 68 100 Tm\n<0001> Tj\n7 0 Td <0003> Tj\nET\nBT\n/F4 12 Tf\n1 0 0 -1 68 116 Tm\n<0004> Tj\nET\nEMC\n";
    expect(mend(wrapped)).toBe(wrapped.replace("7 0 Td <0003> Tj\n", "7 0 Td <0003> Tj\n0 Tz <016D> Tj 100 Tz\n"));
  });

  it("draws none where the page's text has the two pieces as one word: a word too long for its line", () => {
    const wrapped =
      "/P <</MCID 0 >>BDC\nBT\n/F4 12 Tf\n1 0 0 -1 68 100 Tm\n<0001> Tj\nET\nBT\n/F4 12 Tf\n1 0 0 -1 68 116 Tm\n<0002> Tj\nET\nEMC\n";
    expect(mendContent(wrapped, FONTS, A4_HEIGHT, new Set(), "ban anna")).toBe(wrapped);
    expect(mendContent(wrapped, FONTS, A4_HEIGHT, new Set(), "a n")).toContain("<016D> Tj");
  });

  it("draws none after a hyphen, on the same line, or where the font has none but another does, in that other font", () => {
    const line = (y: number, code: string, fontName = "F4") => `BT\n/${fontName} 12 Tf\n1 0 0 -1 68 ${y} Tm\n<${code}> Tj\nET\n`;
    const hyphen = `/P <</MCID 0 >>BDC\n${line(100, "0005")}${line(116, "0001")}EMC\n`;
    expect(mend(hyphen)).toBe(hyphen);
    const sameLine = `/P <</MCID 0 >>BDC\n${line(100, "0001")}${line(100.5, "0002")}EMC\n`;
    expect(mend(sameLine)).toBe(sameLine);
    const noSpace = `/P <</MCID 0 >>BDC\n${line(100, "0001", "F5")}${line(116, "0001")}EMC\n`;
    expect(mend(noSpace)).toContain("<0001> Tj\n/F4 12 Tf 0 Tz <016D> Tj 100 Tz /F5 12 Tf\nET");
  });

  it("marks content the structure tree gave up as an artifact, and no longer counts it as tagged", () => {
    const table = "/Table <</MCID 1 >>BDC\n0 0 10 10 re\nf\nEMC\n";
    expect(mend(table, new Set([1]))).toBe("/Artifact BMC\n0 0 10 10 re\nf\nEMC\n");
    expect(mend(table, new Set([2]))).toBe(table);
  });

  it("leaves a page with nothing to mend byte for byte", () => {
    expect(mend(PAGE + BODY)).toBe(PAGE + BODY);
  });
});
