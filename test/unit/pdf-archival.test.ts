// The XMP, output intent and file identifier PDF/A-2a and PDF/UA-1 ask for, read back by
// Firefox's pdf.js (which did not write them) and by pdf-lib for the raw objects.
import { createHash } from "node:crypto";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream } from "pdf-lib";
import { getDocument, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { makeArchival, withContentId, xmpDate } from "../../src/pdf/archival.js";
import { SRGB_PROFILE_BASE64 } from "../../src/pdf/srgb-profile.js";

const TITLE = "Meta & « l’IA » <2026>";

/** A document with its information set as stampMetadata sets it, made archival and saved. */
async function archived(title = TITLE): Promise<Uint8Array> {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.addPage();
  document.catalog.set(PDFName.of("Lang"), PDFHexString.fromText("fr-FR"));
  const date = new Date("2026-11-24T00:00:00Z");
  document.setTitle(title, { showInWindowTitleBar: true });
  document.setAuthor("dossier");
  document.setSubject("Un dossier sourcé");
  document.setKeywords(["Meta, IA"]);
  document.setCreator("dossier 0.1.0");
  document.setProducer("Skia/PDF m156");
  document.setCreationDate(date);
  document.setModificationDate(date);
  makeArchival(document);
  return withContentId(await document.save({ useObjectStreams: true }));
}

async function metadataOf(bytes: Uint8Array) {
  const document = await getDocument({ data: bytes.slice(), verbosity: VerbosityLevel.ERRORS }).promise;
  try {
    const { info, metadata } = await document.getMetadata();
    return { info: info as Record<string, unknown>, xmp: metadata };
  } finally {
    await document.destroy();
  }
}

describe("archival metadata", () => {
  it("writes XMP that pdf.js reads, agreeing with the document information, with the PDF/A and PDF/UA identifiers", async () => {
    const { info, xmp } = await metadataOf(await archived());
    expect(xmp).not.toBeNull();
    expect(xmp?.get("dc:title")).toBe(TITLE);
    expect(info.Title).toBe(TITLE);
    expect(xmp?.get("dc:creator")).toEqual(["dossier"]);
    expect(xmp?.get("dc:description")).toBe("Un dossier sourcé");
    expect(xmp?.get("pdf:keywords")).toBe("Meta, IA");
    expect(xmp?.get("xmp:creatortool")).toBe("dossier 0.1.0");
    expect(xmp?.get("pdf:producer")).toBe("Skia/PDF m156");
    expect(xmp?.get("xmp:createdate")).toBe("2026-11-24T00:00:00Z");
    expect(xmp?.get("pdfaid:part")).toBe("2");
    expect(xmp?.get("pdfaid:conformance")).toBe("A");
    expect(xmp?.get("pdfuaid:part")).toBe("1");
  });

  it("leaves the XMP uncompressed, in UTF-8, with the catalog's language", async () => {
    const document = await PDFDocument.load(await archived(), { updateMetadata: false });
    const stream = document.catalog.lookup(PDFName.of("Metadata"));
    expect(stream).toBeInstanceOf(PDFRawStream);
    const raw = stream as PDFRawStream;
    expect(raw.dict.get(PDFName.of("Filter"))).toBeUndefined();
    const text = Buffer.from(raw.contents).toString("utf8");
    expect(text).toContain("<rdf:li>fr-FR</rdf:li>");
    expect(text).toContain("Meta &amp; « l’IA » &lt;2026&gt;");
  });

  it("adds an sRGB output intent with a three-component ICC profile", async () => {
    const document = await PDFDocument.load(await archived(), { updateMetadata: false });
    const intent = document.catalog.lookup(PDFName.of("OutputIntents"), PDFArray).lookup(0, PDFDict);
    expect(intent.get(PDFName.of("S"))).toBe(PDFName.of("GTS_PDFA1"));
    const profile = intent.lookup(PDFName.of("DestOutputProfile"));
    expect(profile).toBeInstanceOf(PDFRawStream);
    expect((profile as PDFRawStream).dict.get(PDFName.of("N"))?.toString()).toBe("3");
  });

  it("gives the file an identifier from its content: the same for the same bytes, another for another title", async () => {
    const idOf = async (bytes: Uint8Array) => {
      const document = await PDFDocument.load(bytes, { updateMetadata: false });
      return String(document.context.trailerInfo.ID);
    };
    const first = await archived();
    expect(Buffer.from(first).equals(Buffer.from(await archived()))).toBe(true);
    expect(await idOf(first)).toMatch(/^\[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]$/);
    expect(await idOf(first)).not.toBe(await idOf(await archived("Another title")));
    // The identifier is the hash of the file with zeros in its place.
    const id = /<([0-9A-F]{32})>/.exec(await idOf(first))?.[1] ?? "";
    const zeroed = Buffer.from(first).toString("latin1").replaceAll(id, "0".repeat(32));
    expect(createHash("sha256").update(zeroed, "latin1").digest("hex").slice(0, 32).toUpperCase()).toBe(id);
  });

  it("ships the ICC's sRGB profile whole: its size, a display profile of RGB, the profile signature", () => {
    const profile = Buffer.from(SRGB_PROFILE_BASE64, "base64");
    expect(profile.length).toBe(3024);
    expect(profile.readUInt32BE(0)).toBe(profile.length);
    expect(profile.toString("latin1", 12, 20)).toBe("mntrRGB ");
    expect(profile.toString("latin1", 36, 40)).toBe("acsp");
  });

  it("writes dates as XMP says them, offsets included", () => {
    expect(xmpDate("D:20261124000000Z")).toBe("2026-11-24T00:00:00Z");
    expect(xmpDate("D:20261124103000+01'00'")).toBe("2026-11-24T10:30:00+01:00");
  });
});
