import { deflateSync, inflateSync } from "node:zlib";
import { PDFDocument, PDFName, PDFRawStream, type PDFRef } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { dropHiddenSoftHyphens } from "../../src/pdf-document.js";

/** A one-page PDF whose content stream is the given operators, deflated as Chrome's are. */
async function pageWith(content: string): Promise<PDFDocument> {
  const document = await PDFDocument.create();
  const page = document.addPage();
  const ref = document.context.register(document.context.stream(deflateSync(Buffer.from(content, "latin1")), { Filter: "FlateDecode" }));
  page.node.set(PDFName.of("Contents"), ref);
  return document;
}

function contentOf(document: PDFDocument): string {
  const ref = document.getPages()[0]?.node.get(PDFName.of("Contents")) as PDFRef;
  const stream = document.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) throw new Error("no content stream");
  return inflateSync(stream.contents).toString("latin1");
}

describe("soft hyphens in the PDF's text", () => {
  it("drops the invisible glyph Chrome draws for a soft hyphen that breaks no line, keeping the move to its place", async () => {
    const document = await pageWith(
      "BT\n/F4 10 Tf\n1 0 0 -1 0 100 Tm\n<0001> Tj\n7.5 0 Td <0007> Tj\n/Span<</ActualText <FEFF00AD> >> BDC\n6.5 0 Td <016B> Tj\nEMC\n0 0 Td <0007> Tj\nET\n",
    );
    dropHiddenSoftHyphens(document);
    expect(contentOf(document)).toBe("BT\n/F4 10 Tf\n1 0 0 -1 0 100 Tm\n<0001> Tj\n7.5 0 Td <0007> Tj\n6.5 0 Td 0 0 Td <0007> Tj\nET\n");
  });

  it("drops one that opens a text object, with no move before it", async () => {
    const document = await pageWith("BT\n/Span<</ActualText <feff00ad> >> BDC\n<0001> Tj\nEMC\n0 0 Td <0007> Tj\nET\n");
    dropHiddenSoftHyphens(document);
    expect(contentOf(document)).toBe("BT\n0 0 Td <0007> Tj\nET\n");
  });

  it("takes the soft hyphen out of a ligature's ActualText and keeps its letters", async () => {
    const document = await pageWith("BT\n/Span<</ActualText <FEFF006600AD0066> >> BDC\n6 0 Td <0190> Tj\nEMC\nET\n");
    dropHiddenSoftHyphens(document);
    expect(contentOf(document)).toBe("BT\n/Span<</ActualText <FEFF00660066> >> BDC\n6 0 Td <0190> Tj\nEMC\nET\n");
  });

  it("keeps the hyphen drawn where a soft hyphen breaks the line, and a page without any as it was", async () => {
    const content = "BT\n6 0 Td <0007> Tj\n6 0 Td <0100> Tj\nET\n";
    const document = await pageWith(content);
    const before = document.getPages()[0]?.node.get(PDFName.of("Contents"));
    const stream = document.context.lookup(before as PDFRef);
    dropHiddenSoftHyphens(document);
    expect(document.context.lookup(before as PDFRef)).toBe(stream);
    expect(contentOf(document)).toBe(content);
  });
});
