// pdf-lib's stream writer (a cross-reference stream, objects grouped in object streams) with the
// deflate done by node:zlib instead of pako, pdf-lib's JavaScript port of zlib: pako's code runs
// once a build, too little for V8 to compile it well, and took ~40 ms of a cold build's ~60 ms of
// saving where zlib takes a few. The objects, their grouping and their order are pdf-lib's; the
// streams' dictionaries name their filter last.
import { deflateSync } from "node:zlib";
import {
  type PDFContext,
  PDFCrossRefStream,
  PDFHeader,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFObjectStream,
  PDFRef,
  PDFStream,
  PDFTrailer,
  PDFWriter,
} from "pdf-lib";

type IndirectObject = [PDFRef, PDFObject];
type Plain = PDFObjectStream | PDFCrossRefStream;

/** One of pdf-lib's object or cross-reference streams, built plain, deflated by zlib once it is complete. */
class Deflated extends PDFStream {
  private deflated: Uint8Array | undefined;

  constructor(private readonly plain: Plain) {
    super(plain.dict);
  }

  override getContents(): Uint8Array {
    this.deflated ??= deflateSync(this.plain.getContents());
    return this.deflated;
  }

  override getContentsSize(): number {
    return this.getContents().length;
  }

  /** What toString() shows: the plain contents, as pdf-lib's own streams show theirs. */
  override getContentsString(): string {
    return this.plain.getContentsString();
  }

  override updateDict(): void {
    // The cross-reference stream sets its /W and /Index here, from the entries added so far.
    this.plain.updateDict();
    this.dict.set(PDFName.of("Filter"), PDFName.of("FlateDecode"));
    super.updateDict();
  }
}

/** What pdf-lib's PDFStreamWriter.computeBufferSize lays out, in one go and with Deflated streams. */
export class ZlibStreamWriter extends PDFWriter {
  private constructor(
    context: PDFContext,
    private readonly objectsPerStream: number,
  ) {
    super(context, Number.POSITIVE_INFINITY);
  }

  static of(context: PDFContext, objectsPerStream: number): ZlibStreamWriter {
    return new ZlibStreamWriter(context, objectsPerStream);
  }

  protected override async computeBufferSize() {
    const { context } = this;
    let objectNumber = context.largestObjectNumber + 1;
    const header = PDFHeader.forVersion(1, 7);
    let size = header.sizeInBytes() + 2;
    const plainXref = PDFCrossRefStream.create(this.createTrailerDict(), false);
    const uncompressed: IndirectObject[] = [];
    const chunks: { ref: PDFRef; objects: IndirectObject[] }[] = [];
    for (const indirect of context.enumerateIndirectObjects()) {
      const [ref, object] = indirect;
      // As pdf-lib: streams, and what a reader must find without first inflating a stream, stay outside.
      const outside =
        ref === context.trailerInfo.Encrypt ||
        object instanceof PDFStream ||
        object instanceof PDFInvalidObject ||
        ref.generationNumber !== 0;
      if (outside) {
        uncompressed.push(indirect);
        plainXref.addUncompressedEntry(ref, size);
        size += this.computeIndirectObjectSize(indirect);
        continue;
      }
      let chunk = chunks.at(-1);
      if (chunk === undefined || chunk.objects.length % this.objectsPerStream === 0) {
        chunk = { ref: PDFRef.of(objectNumber++), objects: [] };
        chunks.push(chunk);
      }
      plainXref.addCompressedEntry(ref, chunk.ref, chunk.objects.length);
      chunk.objects.push(indirect);
    }
    for (const { ref, objects } of chunks) {
      const stream = new Deflated(PDFObjectStream.withContextAndObjects(context, objects, false));
      plainXref.addUncompressedEntry(ref, size);
      size += this.computeIndirectObjectSize([ref, stream]);
      uncompressed.push([ref, stream]);
    }
    const xrefRef = PDFRef.of(objectNumber++);
    plainXref.dict.set(PDFName.of("Size"), PDFNumber.of(objectNumber));
    plainXref.addUncompressedEntry(xrefRef, size);
    const xrefOffset = size;
    // Deflated last, when every entry is in: the cross-reference stream lists its own offset too.
    const xref = new Deflated(plainXref);
    size += this.computeIndirectObjectSize([xrefRef, xref]);
    uncompressed.push([xrefRef, xref]);
    const trailer = PDFTrailer.forLastCrossRefSectionOffset(xrefOffset);
    size += trailer.sizeInBytes();
    return { size, header, indirectObjects: uncompressed, trailer };
  }
}
