// What Chrome's tagged PDF lacks for PDF/UA-1, mended in its structure tree: tag names from HTML
// that PDF 1.7 does not define, figures that only wrap a figure, list items without a body, and
// links a screen reader can only call "link".
import { PDFArray, type PDFContext, PDFDict, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFObject, PDFRef, PDFString } from "pdf-lib";
import type { PrintedDocument } from "./document.js";

/** The structure types of PDF 1.7 (ISO 32000-1, 14.8.4), which PDF/UA-1 readers know without a role map. */
const STANDARD_TYPES = new Set(
  (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private H H1 H2 H3 H4 H5 H6 P L LI Lbl " +
    "LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT " +
    "WP Figure Formula Form"
  ).split(" "),
);

/**
 * Chrome names some elements after HTML or PDF 2.0 (aside, strong, em); PDF/UA-1 needs each mapped
 * to a standard type. Note would fit an aside but must then carry an ID; Div says nothing wrong.
 */
const KNOWN_ROLES: Record<string, string> = {
  Aside: "Div",
  Strong: "Span",
  Em: "Span",
  Sub: "Span",
  Title: "P",
  FENote: "Div",
  DocumentFragment: "Div",
};

const S = PDFName.of("S");
const K = PDFName.of("K");
const P = PDFName.of("P");
const PG = PDFName.of("Pg");
const ALT = PDFName.of("Alt");

interface Element {
  ref: PDFRef;
  dict: PDFDict;
}

function typeOf(dict: PDFDict): string {
  const type = dict.lookup(S);
  return type instanceof PDFName ? type.decodeText() : "";
}

/** A structure element's kids as an array: Chrome writes a lone kid without one. */
function kidsOf(dict: PDFDict): PDFObject[] {
  const kids = dict.get(K);
  if (kids === undefined) return [];
  return kids instanceof PDFArray ? kids.asArray() : [kids];
}

/** Every structure element under the root, parents before their children. */
function elementsOf(context: PDFContext, root: PDFDict): Element[] {
  const elements: Element[] = [];
  const seen = new Set<string>();
  const visit = (kid: PDFObject) => {
    if (!(kid instanceof PDFRef) || seen.has(kid.toString())) return;
    seen.add(kid.toString());
    const dict = context.lookup(kid);
    if (!(dict instanceof PDFDict) || dict.get(S) === undefined) return;
    elements.push({ ref: kid, dict });
    kidsOf(dict).forEach(visit);
  };
  kidsOf(root).forEach(visit);
  return elements;
}

function structTreeRoot(document: PrintedDocument): PDFDict | undefined {
  const root = document.catalog.lookup(PDFName.of("StructTreeRoot"));
  return root instanceof PDFDict ? root : undefined;
}

/** Maps every structure type outside PDF 1.7 to a standard one: known HTML names to their kin, the rest to NonStruct. */
function mapRoles(context: PDFContext, root: PDFDict, elements: Element[]): void {
  const roleMap = root.lookup(PDFName.of("RoleMap"));
  const map = roleMap instanceof PDFDict ? roleMap : context.obj({});
  for (const type of new Set(elements.map(({ dict }) => typeOf(dict)))) {
    if (type === "" || STANDARD_TYPES.has(type) || map.get(PDFName.of(type)) !== undefined) continue;
    map.set(PDFName.of(type), PDFName.of(KNOWN_ROLES[type] ?? "NonStruct"));
  }
  if (map.keys().length > 0) root.set(PDFName.of("RoleMap"), map);
}

function hasText(dict: PDFDict, key: PDFName): boolean {
  const value = dict.lookup(key);
  return (value instanceof PDFString || value instanceof PDFHexString) && value.decodeText().trim() !== "";
}

/**
 * An HTML <figure> is tagged Figure, and so is the <img> inside it, which carries the alt text.
 * A Figure without alternative text is a failure in PDF/UA; the wrapper is a group, so it becomes a Div.
 */
function ungroupFigures(elements: Element[]): void {
  const byRef = new Map(elements.map((element) => [element.ref.toString(), element]));
  const holdsDescribedFigure = (dict: PDFDict): boolean =>
    kidsOf(dict).some((kid) => {
      const child = kid instanceof PDFRef ? byRef.get(kid.toString()) : undefined;
      if (child === undefined) return false;
      return (typeOf(child.dict) === "Figure" && hasText(child.dict, ALT)) || holdsDescribedFigure(child.dict);
    });
  for (const { dict } of elements) {
    if (typeOf(dict) !== "Figure" || hasText(dict, ALT) || hasText(dict, PDFName.of("ActualText"))) continue;
    if (holdsDescribedFigure(dict)) dict.set(S, PDFName.of("Div"));
  }
}

/** The parent tree's entries by key (a page's StructParents, an annotation's StructParent). */
function parentTreeEntries(context: PDFContext, root: PDFDict): Map<number, PDFObject> {
  const entries = new Map<number, PDFObject>();
  const walk = (node: PDFObject | undefined) => {
    const dict = node instanceof PDFRef ? context.lookup(node) : node;
    if (!(dict instanceof PDFDict)) return;
    const nums = dict.lookup(PDFName.of("Nums"));
    if (nums instanceof PDFArray) {
      for (let index = 0; index + 1 < nums.size(); index += 2) {
        const key = nums.get(index);
        if (key instanceof PDFNumber) entries.set(key.asNumber(), nums.get(index + 1));
      }
    }
    const kids = dict.lookup(PDFName.of("Kids"));
    if (kids instanceof PDFArray) kids.asArray().forEach(walk);
  };
  walk(root.get(PDFName.of("ParentTree")));
  return entries;
}

/**
 * PDF/UA wants a list item's content in an LBody beside its Lbl; Chrome puts it in the LI. Each LI
 * gets one LBody holding everything but its labels, and every pointer back up (a child's /P, the
 * parent tree's entry for content and for link annotations) is moved to the LBody.
 */
function addListBodies(document: PrintedDocument, root: PDFDict, elements: Element[]): void {
  const { context } = document;
  const entries = parentTreeEntries(context, root);
  const pageKeys = new Map(
    document.getPages().map((page) => [page.ref.toString(), page.node.lookup(PDFName.of("StructParents"))] as const),
  );
  /** Points the parent tree's entry for a piece of content of `item` at `body` instead. */
  const repoint = (key: number | undefined, mcid: number | undefined, item: PDFRef, body: PDFRef) => {
    const entry = key === undefined ? undefined : entries.get(key);
    if (mcid === undefined) {
      if (entry instanceof PDFRef && entry.toString() === item.toString() && key !== undefined) setEntry(context, root, key, body);
      return;
    }
    const slots = entry instanceof PDFRef ? context.lookup(entry) : entry;
    if (slots instanceof PDFArray && slots.get(mcid)?.toString() === item.toString()) slots.set(mcid, body);
  };
  const pageKey = (page: PDFObject | undefined) => {
    const key = page instanceof PDFRef ? pageKeys.get(page.toString()) : undefined;
    return key instanceof PDFNumber ? key.asNumber() : undefined;
  };

  for (const { ref, dict } of elements) {
    if (typeOf(dict) !== "LI") continue;
    const kids = kidsOf(dict);
    const isLabel = (kid: PDFObject) => {
      const child = kid instanceof PDFRef ? context.lookup(kid) : undefined;
      return child instanceof PDFDict && typeOf(child) === "Lbl";
    };
    const content = kids.filter((kid) => !isLabel(kid));
    if (content.length === 0) continue;
    const body = context.register(context.obj({ Type: "StructElem", S: "LBody", P: ref }));
    const bodyDict = context.lookup(body, PDFDict);
    const page = dict.get(PG);
    if (page !== undefined) bodyDict.set(PG, page);
    bodyDict.set(K, context.obj(content));
    for (const kid of content) {
      if (kid instanceof PDFNumber) repoint(pageKey(page), kid.asNumber(), ref, body);
      const child = kid instanceof PDFRef ? context.lookup(kid) : kid;
      if (!(child instanceof PDFDict)) continue;
      const kind = child.lookup(PDFName.of("Type"));
      if (kind === PDFName.of("MCR")) {
        const mcid = child.lookup(PDFName.of("MCID"));
        if (mcid instanceof PDFNumber) repoint(pageKey(child.get(PG) ?? page), mcid.asNumber(), ref, body);
      } else if (kind === PDFName.of("OBJR")) {
        const annotation = child.lookup(PDFName.of("Obj"));
        const key = annotation instanceof PDFDict ? annotation.lookup(PDFName.of("StructParent")) : undefined;
        if (key instanceof PDFNumber) repoint(key.asNumber(), undefined, ref, body);
      } else if (child.get(S) !== undefined) child.set(P, body);
    }
    dict.set(K, context.obj([...kids.filter(isLabel), body]));
  }
}

/** Sets the parent tree's value for a key, in whichever node of the number tree holds it. */
function setEntry(context: PDFContext, root: PDFDict, key: number, value: PDFRef): void {
  const walk = (node: PDFObject | undefined): boolean => {
    const dict = node instanceof PDFRef ? context.lookup(node) : node;
    if (!(dict instanceof PDFDict)) return false;
    const nums = dict.lookup(PDFName.of("Nums"));
    if (nums instanceof PDFArray) {
      for (let index = 0; index + 1 < nums.size(); index += 2) {
        const found = nums.get(index);
        if (found instanceof PDFNumber && found.asNumber() === key) {
          nums.set(index + 1, value);
          return true;
        }
      }
    }
    const kids = dict.lookup(PDFName.of("Kids"));
    return kids instanceof PDFArray && kids.asArray().some(walk);
  };
  walk(root.get(PDFName.of("ParentTree")));
}

/** Elements that hold other elements only (ISO 32000-1, Tables 336 and 337): content in them is their borders and backgrounds. */
const CONTAINERS = new Set(["Table", "THead", "TBody", "TFoot", "TR", "L"]);

/** Marked content, by page reference, that the structure tree no longer holds and the page must mark as artifacts. */
export type Decorations = Map<string, Set<number>>;

/**
 * Chrome tags a table's or a list's own borders and backgrounds as content of the Table, TR or L,
 * which may hold only rows, cells or items. They are decoration: taken out of the tree here (and
 * out of the parent tree), to be marked as artifacts in the page.
 */
function detachDecorations(document: PrintedDocument, root: PDFDict, elements: Element[]): Decorations {
  const { context } = document;
  const entries = parentTreeEntries(context, root);
  const keyOf = new Map(document.getPages().map((page) => [page.ref.toString(), page.node.lookup(PDFName.of("StructParents"))] as const));
  const decorations: Decorations = new Map();
  const detach = (page: PDFObject | undefined, mcid: number) => {
    if (!(page instanceof PDFRef)) return;
    decorations.set(page.toString(), (decorations.get(page.toString()) ?? new Set()).add(mcid));
    const key = keyOf.get(page.toString());
    const entry = key instanceof PDFNumber ? entries.get(key.asNumber()) : undefined;
    const slots = entry instanceof PDFRef ? context.lookup(entry) : entry;
    if (slots instanceof PDFArray && mcid < slots.size()) slots.set(mcid, PDFNull);
  };
  for (const { dict } of elements) {
    if (!CONTAINERS.has(typeOf(dict))) continue;
    const kids = kidsOf(dict);
    const kept = kids.filter((kid) => {
      const marked = kid instanceof PDFDict && kid.lookup(PDFName.of("Type")) === PDFName.of("MCR") ? kid : undefined;
      const mcid = kid instanceof PDFNumber ? kid : marked?.lookup(PDFName.of("MCID"));
      if (!(mcid instanceof PDFNumber)) return true;
      detach(marked?.get(PG) ?? dict.get(PG), mcid.asNumber());
      return false;
    });
    if (kept.length !== kids.length) dict.set(K, context.obj(kept));
  }
  return decorations;
}

/**
 * Mends the structure tree for PDF/UA-1: standard types or a role map, Figures with alt text,
 * lists with bodies, no content in tables' and lists' own elements. Returns that content, for
 * mendPageContents to mark as artifacts.
 */
export function mendStructure(document: PrintedDocument): Decorations {
  const root = structTreeRoot(document);
  if (root === undefined) return new Map();
  const elements = elementsOf(document.context, root);
  mapRoles(document.context, root, elements);
  ungroupFigures(elements);
  const decorations = detachDecorations(document, root, elements);
  addListBodies(document, root, elements);
  return decorations;
}

/**
 * What each link says to a screen reader, by where it goes: "#source-1" for a place in the
 * document, the address itself for the web. Made from the page the PDF was printed from.
 */
export type LinkDescriptions = ReadonlyMap<string, string>;

function destinationOf(annotation: PDFDict): string | undefined {
  const text = (value: PDFObject | undefined) =>
    value instanceof PDFString || value instanceof PDFHexString
      ? value.decodeText()
      : value instanceof PDFName
        ? value.decodeText()
        : undefined;
  const dest = text(annotation.lookup(PDFName.of("Dest")));
  if (dest !== undefined) return `#${dest}`;
  const action = annotation.lookup(PDFName.of("A"));
  if (!(action instanceof PDFDict)) return undefined;
  const named = text(action.lookup(PDFName.of("D")));
  return named !== undefined ? `#${named}` : text(action.lookup(PDFName.of("URI")));
}

/**
 * Gives every link annotation a /Contents (PDF/UA-1 7.18.5): the description of its target, else
 * the target itself, so that no link is only "link".
 */
export function describeLinks(document: PrintedDocument, descriptions: LinkDescriptions): void {
  for (const page of document.getPages()) {
    const annotations = page.node.lookup(PDFName.of("Annots"));
    if (!(annotations instanceof PDFArray)) continue;
    for (const annotation of annotations.asArray().map((item) => document.context.lookup(item))) {
      if (!(annotation instanceof PDFDict) || annotation.lookup(PDFName.of("Subtype")) !== PDFName.of("Link")) continue;
      const target = destinationOf(annotation);
      // A target is its own description only where it may stay in the file: a place, a web or e-mail address.
      const shown = target !== undefined && /^(#|https?:|mailto:)/i.test(target) ? target : undefined;
      const description = (target === undefined ? undefined : descriptions.get(target)) ?? shown;
      if (description !== undefined) annotation.set(PDFName.of("Contents"), PDFHexString.fromText(description));
    }
  }
}
