import { describe, expect, it } from "vitest";
import { withoutHiddenSoftHyphens } from "../../src/pdf/page-content.js";

describe("soft hyphens in the PDF's text", () => {
  it("drops the invisible glyph Chrome draws for a soft hyphen that breaks no line, keeping the move to its place", () => {
    expect(
      withoutHiddenSoftHyphens(
        "BT\n/F4 10 Tf\n1 0 0 -1 0 100 Tm\n<0001> Tj\n7.5 0 Td <0007> Tj\n/Span<</ActualText <FEFF00AD> >> BDC\n6.5 0 Td <016B> Tj\nEMC\n0 0 Td <0007> Tj\nET\n",
      ),
    ).toBe("BT\n/F4 10 Tf\n1 0 0 -1 0 100 Tm\n<0001> Tj\n7.5 0 Td <0007> Tj\n6.5 0 Td 0 0 Td <0007> Tj\nET\n");
  });

  it("drops one that opens a text object, with no move before it", () => {
    expect(withoutHiddenSoftHyphens("BT\n/Span<</ActualText <feff00ad> >> BDC\n<0001> Tj\nEMC\n0 0 Td <0007> Tj\nET\n")).toBe(
      "BT\n0 0 Td <0007> Tj\nET\n",
    );
  });

  it("takes the soft hyphen out of a ligature's ActualText and keeps its letters", () => {
    expect(withoutHiddenSoftHyphens("BT\n/Span<</ActualText <FEFF006600AD0066> >> BDC\n6 0 Td <0190> Tj\nEMC\nET\n")).toBe(
      "BT\n/Span<</ActualText <FEFF00660066> >> BDC\n6 0 Td <0190> Tj\nEMC\nET\n",
    );
  });

  it("keeps the hyphen drawn where a soft hyphen breaks the line, and a page without any as it was", () => {
    const content = "BT\n6 0 Td <0007> Tj\n6 0 Td <0100> Tj\nET\n";
    expect(withoutHiddenSoftHyphens(content)).toBe(content);
  });
});
