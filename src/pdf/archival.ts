// What PDF/A-2a and PDF/UA-1 ask of a file beyond its pages: XMP metadata that says which standards
// it follows and agrees with the document information, the colour space its DeviceRGB paint means,
// and a file identifier. All derived from the document itself, so the bytes stay reproducible.
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { type PDFContext, PDFDict, PDFHexString, PDFName, PDFString } from "pdf-lib";
import type { PrintedDocument } from "./document.js";
import { SRGB_PROFILE_BASE64 } from "./srgb-profile.js";

/** The sRGB profile's bytes (see srgb-profile.ts), decoded once per process. */
let srgbProfile: Uint8Array | undefined;

function infoText(info: PDFDict, key: string): string {
  const value = info.lookup(PDFName.of(key));
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : "";
}

/** D:20261124000000Z (the form stampMetadata writes) as XMP's 2026-11-24T00:00:00Z; PDF/A wants the same instant in both. */
export function xmpDate(pdfDate: string): string {
  const match = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:Z|([+-])(\d{2})'?(\d{2})'?)?$/.exec(pdfDate);
  if (match === null) throw new Error(`not a PDF date: ${pdfDate}`);
  const [, year, month, day, hour, minute, second, sign, offsetHours, offsetMinutes] = match;
  const zone = sign === undefined ? "Z" : `${sign}${offsetHours}:${offsetMinutes}`;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char] ?? char);

/** The document information as XMP would say it. */
export interface DocumentInformation {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  producer: string;
  created: string;
  modified: string;
  /** The catalog's /Lang. */
  lang: string;
}

/**
 * The XMP packet: Dublin Core and PDF properties equal to the document information, and the
 * PDF/A-2a and PDF/UA-1 identifiers. pdfuaid is not among PDF/A-2's predefined schemas, so the
 * packet describes it in an extension schema, as PDF/A requires. One x-default title only: pdf.js
 * runs the alternatives of a title together.
 */
export function xmpPacket(info: DocumentInformation): string {
  const x = escapeXml;
  const created = xmpDate(info.created);
  const modified = xmpDate(info.modified);
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${x(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${x(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${x(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>${x(info.lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>${x(info.keywords)}</pdf:Keywords>
   <pdf:Producer>${x(info.producer)}</pdf:Producer>
   <xmp:CreatorTool>${x(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>${created}</xmp:CreateDate>
   <xmp:ModifyDate>${modified}</xmp:ModifyDate>
   <xmp:MetadataDate>${modified}</xmp:MetadataDate>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>A</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>The part of ISO 14289 the document conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`;
}

function informationOf(document: PrintedDocument): DocumentInformation {
  const info = document.context.lookup(document.context.trailerInfo.Info);
  if (!(info instanceof PDFDict)) throw new Error("the PDF has no document information to describe in XMP");
  const lang = document.catalog.lookup(PDFName.of("Lang"));
  return {
    title: infoText(info, "Title"),
    author: infoText(info, "Author"),
    subject: infoText(info, "Subject"),
    keywords: infoText(info, "Keywords"),
    creator: infoText(info, "Creator"),
    producer: infoText(info, "Producer"),
    created: infoText(info, "CreationDate"),
    modified: infoText(info, "ModDate"),
    lang: lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : "",
  };
}

/** The sRGB output intent: what Chromium's DeviceRGB paint means, which PDF/A asks to be said. */
function srgbOutputIntent(context: PDFContext): PDFDict {
  srgbProfile ??= Buffer.from(SRGB_PROFILE_BASE64, "base64");
  const profile = context.register(context.stream(deflateSync(srgbProfile), { N: 3, Filter: "FlateDecode" }));
  return context.obj({
    Type: "OutputIntent",
    S: "GTS_PDFA1",
    OutputConditionIdentifier: PDFString.of("sRGB IEC61966-2.1"),
    Info: PDFString.of("sRGB IEC61966-2.1"),
    DestOutputProfile: profile,
  });
}

/** The file identifier as first written: 32 zeros, replaced in the saved bytes by withContentId. */
const UNSET_ID = "0".repeat(32);

/**
 * Gives saved bytes their file identifier (PDF/A-2 6.1.3), the same for the same content: the
 * first 16 bytes of a SHA-256 of the file as written with an identifier of zeros, put in place of
 * those zeros (the trailer's two, the last in the file). The bytes are hashed once, as written,
 * rather than every object serialized a second time for the hash.
 */
export function withContentId(bytes: Uint8Array): Uint8Array {
  const unset = Buffer.from(`[ <${UNSET_ID}> <${UNSET_ID}> ]`, "latin1");
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = file.lastIndexOf(unset);
  if (at < 0) throw new Error("the saved PDF has no identifier to set: makeArchival must come before the save");
  const id = createHash("sha256").update(file).digest("hex").slice(0, 32).toUpperCase();
  file.write(`[ <${id}> <${id}> ]`, at, "latin1");
  return bytes;
}

/**
 * Makes the printed document a PDF/A-2a and PDF/UA-1 file as far as its catalog and trailer go:
 * XMP from its document information, an sRGB output intent, and a file identifier that
 * withContentId sets in the saved bytes. Call it after the document information is final and
 * everything else is mended, just before saving.
 */
export function makeArchival(document: PrintedDocument): void {
  const { context, catalog } = document;
  // Uncompressed, as PDF/A asks, so that any tool can find the packet in the file.
  const xmp = context.stream(new TextEncoder().encode(xmpPacket(informationOf(document))), { Type: "Metadata", Subtype: "XML" });
  catalog.set(PDFName.of("Metadata"), context.register(xmp));
  catalog.set(PDFName.of("OutputIntents"), context.obj([srgbOutputIntent(context)]));
  const unset = PDFHexString.of(UNSET_ID);
  context.trailerInfo.ID = context.obj([unset, unset]);
}
