// What Chrome cannot do to its own PDF: tell where headings landed, keep links to what is safe to
// open, and stamp reproducible metadata. All read or rewrite the printed bytes with pdf-lib; the
// other modules of src/pdf/ mend its pages (page-content.ts), its structure tree (structure.ts)
// and make it archival (archival.ts).
import {
  ParseSpeeds,
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRef,
  PDFStream,
  PDFString,
} from "pdf-lib";
import { makeArchival, withContentId } from "./archival.js";
import { ZlibStreamWriter } from "./writer.js";

export interface OutlineEntry {
  title: string;
  /** 1-based, as "Page X of Y" counts. */
  page: number;
}

function titleOf(item: PDFDict): string {
  const title = item.lookup(PDFName.of("Title"));
  return title instanceof PDFString || title instanceof PDFHexString ? title.decodeText() : "";
}

/** A printed PDF, parsed once for both reading its outline and stamping it. */
export type PrintedDocument = PDFDocument;

export function parsePdf(pdf: Uint8Array): Promise<PrintedDocument> {
  // In one go: by default pdf-lib waits for a timer tick every 100 objects, ~20 ms of idle for
  // Chrome's ~2,000 (half the parse), to keep a browser's page responsive, which a build has no use for.
  return PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/** The PDF's bookmarks in document order, with the page each one points to. */
export function readOutline(document: PrintedDocument): OutlineEntry[] {
  const pageOf = new Map(document.getPages().map((page, index) => [page.ref.toString(), index + 1]));
  const entries: OutlineEntry[] = [];
  const walk = (first: unknown) => {
    for (let item = first; item instanceof PDFDict; item = item.lookup(PDFName.of("Next"))) {
      const dest = item.lookup(PDFName.of("Dest"));
      const target = dest instanceof PDFArray ? dest.get(0) : undefined;
      const page = target instanceof PDFRef ? pageOf.get(target.toString()) : undefined;
      if (page !== undefined) entries.push({ title: titleOf(item), page });
      walk(item.lookup(PDFName.of("First")));
    }
  };
  const outlines = document.catalog.lookup(PDFName.of("Outlines"));
  if (outlines instanceof PDFDict) walk(outlines.lookup(PDFName.of("First")));
  return entries;
}

const NODE_ID = /^node(\d+)$/;

function nodeId(object: PDFObject | undefined): string | undefined {
  const text = object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined;
  return text !== undefined && NODE_ID.test(text) ? text : undefined;
}

/** Calls visit on every string held by a dictionary or array, with a way to replace it. */
function eachString(context: PDFContext, visit: (value: PDFObject, replace: (next: PDFObject) => void) => void): void {
  const walk = (object: PDFObject) => {
    const dict = object instanceof PDFStream ? object.dict : object;
    if (dict instanceof PDFDict) {
      for (const [key, value] of dict.entries()) {
        visit(value, (next) => dict.set(key, next));
        walk(value);
      }
    } else if (dict instanceof PDFArray) {
      for (let index = 0; index < dict.size(); index++) {
        const value = dict.get(index);
        visit(value, (next) => dict.set(index, next));
        walk(value);
      }
    }
  };
  for (const [, object] of context.enumerateIndirectObjects()) walk(object);
}

/**
 * Chrome names tagged structure elements after DOM node ids ("node00000161"), which count up
 * across every page a renderer process has built. Renumbering them by rank keeps their order
 * (the ID tree stays sorted) and makes the bytes independent of what the browser printed before.
 */
function renumberNodeIds(context: PDFContext): void {
  // Found in one walk over the file, with where each stands; replaced once all are known.
  const found: { id: string; replace: (next: PDFObject) => void }[] = [];
  eachString(context, (value, replace) => {
    const id = nodeId(value);
    if (id !== undefined) found.push({ id, replace });
  });
  const ranked = [...new Set(found.map(({ id }) => id))].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  const renamed = new Map(ranked.map((id, rank) => [id, PDFString.of(`node${String(rank + 1).padStart(8, "0")}`)]));
  for (const { id, replace } of found) replace(renamed.get(id) ?? PDFString.of(id));
}

/** The schemes a link in the PDF may open: web pages and e-mail, never a script, a file or a program. */
const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);

function isSafeUri(uri: PDFObject | undefined): boolean {
  const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : "";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  return scheme !== undefined && SAFE_SCHEMES.has(scheme);
}

/**
 * The action of a link that may stay, rebuilt from its target alone (so that nothing chained to it
 * stays either): a web or e-mail address, or a place in the document; undefined for anything else
 * (a javascript: or file: address, a launch, a script).
 */
function safeAction(context: PDFContext, action: PDFObject | undefined): PDFDict | undefined {
  if (!(action instanceof PDFDict)) return undefined;
  const type = action.lookup(PDFName.of("S"));
  const uri = action.lookup(PDFName.of("URI"));
  if (type === PDFName.of("URI") && isSafeUri(uri)) return context.obj({ Type: "Action", S: "URI", URI: uri });
  const destination = action.lookup(PDFName.of("D"));
  if (type === PDFName.of("GoTo") && destination !== undefined) return context.obj({ Type: "Action", S: "GoTo", D: destination });
  return undefined;
}

/**
 * Leaves every link able to open only a web page, an e-mail or a place in the document. Chrome
 * turns any <a href> into a link, so a template that lets markup through ({{{ }}}) would otherwise
 * hand a reader live javascript: and file: links; those lose their action and become plain text.
 */
export function keepSafeLinks(document: PrintedDocument): void {
  const { context } = document;
  for (const page of document.getPages()) {
    const annotations = page.node.lookup(PDFName.of("Annots"));
    if (!(annotations instanceof PDFArray)) continue;
    for (let index = 0; index < annotations.size(); index++) {
      const annotation = annotations.lookup(index);
      if (!(annotation instanceof PDFDict)) continue;
      // Actions on opening, closing or hovering: no link of ours needs one.
      annotation.delete(PDFName.of("AA"));
      const action = annotation.lookup(PDFName.of("A"));
      if (action === undefined) continue;
      const safe = safeAction(context, action);
      if (safe === undefined) annotation.delete(PDFName.of("A"));
      else annotation.set(PDFName.of("A"), safe);
    }
  }
}

/** Objects per object stream: the dossier's ~2,000 in two or three streams, a reader's one inflate each. */
const OBJECTS_PER_STREAM = 1000;

export interface Metadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  /** The report date, YYYY-MM-DD: the PDF's creation and modification dates, never the clock. */
  date: string;
}

/**
 * Sets the document information and drops what differs between two prints of the same HTML
 * (Chrome stamps the current time; puppeteer #4396), so the same inputs give the same bytes.
 */
export async function stampMetadata(document: PrintedDocument, metadata: Metadata): Promise<{ bytes: Uint8Array; pages: number }> {
  renumberNodeIds(document.context);
  const date = new Date(`${metadata.date}T00:00:00Z`);
  document.setTitle(metadata.title, { showInWindowTitleBar: true });
  document.setAuthor(metadata.author);
  document.setSubject(metadata.subject);
  // pdf-lib joins keywords with spaces, which would run multi-word keywords together.
  document.setKeywords([metadata.keywords.join(", ")]);
  document.setCreator(metadata.creator);
  document.setCreationDate(date);
  document.setModificationDate(date);
  makeArchival(document);
  // document.save() with fewer, larger object streams, deflated by zlib (writer.ts); a printed
  // dossier has pages and no form, so save()'s blank page and form appearances have nothing to do.
  // 40 streams of 50 objects (pdf-lib's default) each took their own deflate buffers; 1,000
  // objects each make the file 4 % smaller.
  await document.flush();
  const writer = ZlibStreamWriter.of(document.context, OBJECTS_PER_STREAM);
  return { bytes: withContentId(await writer.serializeToBuffer()), pages: document.getPageCount() };
}
