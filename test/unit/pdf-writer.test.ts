// The writer that saves every printed PDF: pdf-lib's layout with zlib's deflate, read back by
// qpdf (which checks every offset and stream) and by pdf-lib itself, object for object.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, PDFName, type PDFObject, PDFStream, PDFString } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { ZlibStreamWriter } from "../../src/pdf/writer.js";
import { objectStreamsOf } from "../support/pdf.js";

const folder = mkdtempSync(join(tmpdir(), "dossier-writer-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A document of a few pages, each with text and a dictionary of its own, to fill several object streams. */
async function sample(): Promise<PDFDocument> {
  const document = await PDFDocument.create({ updateMetadata: false });
  for (let index = 1; index <= 4; index++) {
    const page = document.addPage([200, 200]);
    page.drawText(`Page ${index}`, { x: 20, y: 100, size: 12 });
    page.node.set(PDFName.of("PieceInfo"), document.context.obj({ Mark: PDFString.of(`mark ${index}`) }));
  }
  await document.flush();
  return document;
}

/** An object as written out: a stream by its dictionary and its bytes as stored, not as pdf-lib shows them. */
function written(object: PDFObject): string {
  return object instanceof PDFStream
    ? `${object.dict.toString()} ${Buffer.from(object.getContents()).toString("latin1")}`
    : object.toString();
}

/** Every object of a document, by object number. */
function objectsOf(document: PDFDocument): Map<number, string> {
  return new Map(document.context.enumerateIndirectObjects().map(([ref, object]) => [ref.objectNumber, written(object)]));
}

describe("ZlibStreamWriter", () => {
  it("writes a file qpdf finds sound, its objects in deflated object streams of the size asked for", async () => {
    const document = await sample();
    const path = join(folder, "sample.pdf");
    writeFileSync(path, await ZlibStreamWriter.of(document.context, 3).serializeToBuffer());
    expect(execFileSync("qpdf", ["--check", path], { encoding: "utf8" })).toContain("No syntax or stream encoding errors found");
    const inStreams = objectStreamsOf(path);
    expect(inStreams.length).toBeGreaterThan(6);
    expect(new Set(inStreams).size).toBe(Math.ceil(inStreams.length / 3));
    for (const stream of new Set(inStreams)) {
      const dict = execFileSync("qpdf", [`--show-object=${stream}`, path], { encoding: "utf8" });
      expect(dict).toMatch(/\/Type \/ObjStm/);
      expect(dict).toMatch(/\/Filter \/FlateDecode/);
    }
    const trailer = execFileSync("qpdf", ["--show-object=trailer", path], { encoding: "utf8" });
    expect(trailer).toMatch(/\/Type \/XRef/);
    expect(trailer).toMatch(/\/Filter \/FlateDecode/);
  });

  it("holds the very objects it was given", async () => {
    const document = await sample();
    const saved = await ZlibStreamWriter.of(document.context, 3).serializeToBuffer();
    const read = await PDFDocument.load(saved, { updateMetadata: false });
    const back = objectsOf(read);
    // Read back, the file also holds its object streams, which pdf-lib's parser keeps as objects.
    for (const [number, text] of objectsOf(document)) expect(back.get(number), `object ${number}`).toBe(text);
    expect(read.getPageCount()).toBe(4);
  });
});
