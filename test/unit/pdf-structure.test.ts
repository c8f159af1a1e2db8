// The structure tree as Chrome writes it, mended for PDF/UA-1: read back from a saved file, so
// that what is checked is what a reader gets.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { describeLinks, mendStructure } from "../../src/pdf/structure.js";

/** A one-page document with Chrome's shapes: an LI holding its content directly, a figure around an image, an aside. */
async function chromeLike() {
  const document = await PDFDocument.create();
  const page = document.addPage();
  const { context } = document;
  const element = (type: string, extra: Record<string, unknown> = {}) =>
    context.register(context.obj({ Type: "StructElem", S: type, ...extra } as never));
  const rootRef = context.nextRef();
  const documentElement = element("Document", { P: rootRef });
  const item = element("LI", { P: documentElement, Pg: page.ref });
  const label = element("Lbl", { P: item, Pg: page.ref, K: 0 });
  const paragraph = element("P", { P: item, Pg: page.ref, K: 2 });
  const annotation = context.register(
    context.obj({ Type: "Annot", Subtype: "Link", Rect: [0, 0, 10, 10], StructParent: 1, Dest: PDFName.of("source-1") } as never),
  );
  const objr = context.obj({ Type: "OBJR", Obj: annotation, Pg: page.ref });
  context.lookup(item, PDFDict).set(PDFName.of("K"), context.obj([label, PDFNumber.of(1), paragraph, objr]));
  const image = element("Figure", { Alt: PDFHexString.fromText("A chart"), K: 3, Pg: page.ref });
  const wrapper = element("Figure", { P: documentElement, K: [image] });
  context.lookup(image, PDFDict).set(PDFName.of("P"), wrapper);
  const aside = element("Aside", { P: documentElement });
  context.lookup(documentElement, PDFDict).set(PDFName.of("K"), context.obj([item, wrapper, aside]));
  const parentTree = context.obj({ Nums: [0, context.obj([label, item, paragraph, image]), 1, item] } as never);
  context.assign(rootRef, context.obj({ Type: "StructTreeRoot", K: documentElement, ParentTree: parentTree }));
  document.catalog.set(PDFName.of("StructTreeRoot"), rootRef);
  page.node.set(PDFName.of("StructParents"), PDFNumber.of(0));
  page.node.set(PDFName.of("Annots"), context.obj([annotation]));
  return { document, refs: { item, paragraph, wrapper, image, annotation } };
}

async function reloaded(document: PDFDocument): Promise<PDFDocument> {
  return PDFDocument.load(await document.save(), { updateMetadata: false });
}

const typeOf = (document: PDFDocument, ref: PDFRef) => document.context.lookup(ref, PDFDict).lookup(PDFName.of("S"))?.toString();

describe("mending the structure tree", () => {
  it("gives each list item a body holding all but its label, and points the content back at the body", async () => {
    const { document, refs } = await chromeLike();
    mendStructure(document);
    const saved = await reloaded(document);
    const kids = saved.context.lookup(refs.item, PDFDict).lookup(PDFName.of("K"), PDFArray).asArray();
    expect(kids.map((kid) => typeOf(saved, kid as PDFRef))).toEqual(["/Lbl", "/LBody"]);
    const body = kids[1] as PDFRef;
    const bodyKids = saved.context.lookup(body, PDFDict).lookup(PDFName.of("K"), PDFArray).asArray();
    expect(bodyKids).toHaveLength(3);
    expect(saved.context.lookup(refs.paragraph, PDFDict).get(PDFName.of("P"))?.toString()).toBe(body.toString());
    const root = saved.catalog.lookup(PDFName.of("StructTreeRoot"), PDFDict);
    const nums = root.lookup(PDFName.of("ParentTree"), PDFDict).lookup(PDFName.of("Nums"), PDFArray);
    // MCID 1 was the LI's own content, and the link annotation (StructParent 1) was its kid.
    expect(nums.lookup(1, PDFArray).get(1)?.toString()).toBe(body.toString());
    expect(nums.get(3)?.toString()).toBe(body.toString());
  });

  it("turns a figure that only wraps a described figure into a Div, and keeps the described one", async () => {
    const { document, refs } = await chromeLike();
    mendStructure(document);
    const saved = await reloaded(document);
    expect(typeOf(saved, refs.wrapper)).toBe("/Div");
    expect(typeOf(saved, refs.image)).toBe("/Figure");
  });

  it("maps the types PDF 1.7 lacks to standard ones in the role map", async () => {
    const { document } = await chromeLike();
    mendStructure(document);
    const root = (await reloaded(document)).catalog.lookup(PDFName.of("StructTreeRoot"), PDFDict);
    const roleMap = root.lookup(PDFName.of("RoleMap"), PDFDict);
    expect(roleMap.entries().map(([key, value]) => [key.toString(), value.toString()])).toEqual([["/Aside", "/Div"]]);
  });
});

describe("describing links", () => {
  it("says where a link goes, from its description or else its target", async () => {
    const { document, refs } = await chromeLike();
    describeLinks(document, new Map([["#source-1", "Source 1: Zuckerberg leaves the metaverse"]]));
    const contents = (await reloaded(document)).context.lookup(refs.annotation, PDFDict).lookup(PDFName.of("Contents"));
    expect(contents instanceof PDFHexString ? contents.decodeText() : undefined).toBe("Source 1: Zuckerberg leaves the metaverse");

    const { document: other, refs: otherRefs } = await chromeLike();
    describeLinks(other, new Map());
    const fallback = (await reloaded(other)).context.lookup(otherRefs.annotation, PDFDict).lookup(PDFName.of("Contents"));
    expect(fallback instanceof PDFHexString ? fallback.decodeText() : undefined).toBe("#source-1");
  });
});
