#!/usr/bin/python3
"""PDF/UA-1 and PDF/A-2a checks a machine can make, read with pikepdf (qpdf), not with the
library that wrote the file. Each finding names its checkpoint, page and object.

    /usr/bin/python3 test/support/pdfua.py FILE.pdf           a readable summary
    /usr/bin/python3 test/support/pdfua.py FILE.pdf --all     ... with every finding
    /usr/bin/python3 test/support/pdfua.py FILE.pdf --json    the JSON test/support/pdfua.ts reads

Checkpoint ids: "01-005" and the like are the Matterhorn Protocol 1.1's failure conditions for
PDF/UA-1 (ISO 14289-1); "A2 6.1.3-1" and the like are ISO 19005-2 (PDF/A-2) clauses with
veraPDF's test numbers; "A2 Info=XMP" and "A2 XMP-plain" are what veraPDF and XMP packet scanners
expect of the metadata beyond a numbered clause; "PT-1", "PT-2" are ISO 32000-1 14.7.4
structure-tree integrity. The exit status is 0 when there is no finding, 1 when there are
findings, 2 when the file cannot be read.
Standard library and pikepdf only (Debian's python3-pikepdf), Python 3.11.
"""

import argparse
import datetime
import json
import re
import sys
import xml.etree.ElementTree as ElementTree

import pikepdf

# Every check this script makes, with what a finding under it means. The JSON lists a count for
# each, zero included, so a test can tell "checked and clean" from "not checked".
CHECKS = {
    "01-003": "Content marked as Artifact is present inside tagged content",
    "01-004": "Tagged content is present inside content marked as Artifact",
    "01-005": "Content is neither marked as Artifact nor tagged as real content",
    "01-007": "Suspects entry has a value of true",
    "02-001": "A non-standard structure type's mapping does not end at a standard type",
    "02-003": "A circular role mapping exists",
    "02-004": "A standard structure type is remapped",
    "06-001": "Document does not contain an XMP metadata stream",
    "06-002": "XMP metadata does not include the PDF/UA identifier (pdfuaid:part = 1)",
    "06-003": "XMP metadata does not contain dc:title (or the Info /Title is empty)",
    "07-001": "ViewerPreferences has no DisplayDocTitle entry",
    "07-002": "ViewerPreferences has DisplayDocTitle false",
    "09-004": "A table element breaks ISO 32000-1 Table 337 (Table/THead/TBody/TFoot/TR/TH/TD)",
    "09-005": "A list element breaks ISO 32000-1 Table 336 (L/LI/Lbl/LBody)",
    "09-006": "A TOC element breaks ISO 32000-1 Table 333 (TOC/TOCI)",
    "11-001": "A /Lang entry is not a language tag (natural language cannot be determined)",
    "11-006": "Catalog /Lang missing or not a language tag (metadata language cannot be determined)",
    "13-004": "Figure has no alternative text (Alt) or replacement text (ActualText)",
    "14-002": "Numbered headings are used but the first is not H1",
    "14-003": "Numbered heading levels are skipped going down",
    "14-006": "A node contains more than one H element",
    "14-007": "Document uses both H and H1-H6",
    "15-003": "TH without Scope in a table not organised with Headers/IDs",
    "17-002": "Formula has no Alt",
    "19-003": "Note has no ID",
    "19-004": "Note ID is not unique",
    "28-002": "Annotation (other than Widget, Link, PrinterMark, Popup) is not in an Annot element",
    "28-008": "Page with annotations has no /Tabs",
    "28-009": "Page with annotations has /Tabs other than /S",
    "28-011": "Link annotation is not nested in a Link structure element (OBJR via /StructParent)",
    "28-012": "Link annotation has no alternate description in /Contents",
    "10-001": "A character code drawn on a page cannot be mapped to Unicode (no ToUnicode entry)",
    "31-009": "Font program is not embedded",
    "31-027": "Font has no /ToUnicode and no standard encoding",
    "31-028": "A ToUnicode CMap maps a code to U+0000",
    "31-029": "A ToUnicode CMap maps a code to U+FEFF or U+FFFE",
    "PT-1": "Marked content's MCID is not mapped back to its structure element by the ParentTree",
    "PT-2": "A structure element refers to an MCID its page does not have",
    "A2 6.1.2-2": "Header has no binary comment (% and four bytes above 127)",
    "A2 6.1.3-1": "Trailer has no /ID",
    "A2 6.1.3-2": "File is encrypted (/Encrypt)",
    "A2 6.1.7-3": "A stream refers to external data (/F, /FFilter, /FDecodeParms)",
    "A2 6.2.3": "No PDF/A output intent (/S /GTS_PDFA1 with an RGB /DestOutputProfile, /N 3)",
    "A2 6.3.2": "Annotation flags: Print must be set, Hidden/Invisible/NoView/ToggleNoView clear",
    "A2 6.5.1": "Forbidden action (Launch, ImportData, JavaScript...), or GoToR: external content",
    "A2 6.5.2": "Additional-actions (/AA) dictionary present",
    "A2 6.6.2.1": "No metadata stream in the catalog",
    "A2 XMP-plain": "The metadata stream is compressed: tools that scan files for XMP packets cannot find it",
    "A2 Info=XMP": "Info dictionary and XMP disagree (Title, Author, Subject, Keywords, Creator, Producer, dates)",
    "A2 6.6.4": "XMP does not identify PDF/A-2a (pdfaid:part = 2, pdfaid:conformance = A)",
    "A2 6.7.2": "Catalog /MarkInfo has no /Marked true",
    "A2 6.7.3": "Catalog has no /StructTreeRoot",
    "A2 6.8": "Embedded files present (/EmbeddedFiles or /EF): PDF/A-2 allows PDF/A ones, the dossier has none",
}

# ISO 32000-1, 14.8.4: the structure types a PDF/UA-1 reader knows without a role map.
STANDARD_TYPES = set(
    (
        "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private H H1 H2 H3 H4 H5 H6 "
        "P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
        "Ruby RB RT RP Warichu WT WP Figure Formula Form"
    ).split()
)

HEADINGS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6}
TABLE_GROUPS = {"THead", "TBody", "TFoot"}
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
PATH_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
# ISO 19005-2, 6.5.1: actions a PDF/A-2 file may not hold; GoToR is allowed there but reaches
# outside the file, which this project's dossiers must not.
FORBIDDEN_ACTIONS = {
    "Launch", "Sound", "Movie", "ResetForm", "ImportData", "Hide", "SetOCGState", "Rendition", "Trans",
    "GoTo3DView", "JavaScript", "set-state", "no-op", "GoToR",
}
# veraPDF's reading of a language tag (RFC 3066 / BCP 47 shape), ISO 14289-1 7.2.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Findings:
    def __init__(self):
        self.items = []

    def add(self, check, message, page=None, obj=None, **extra):
        assert check in CHECKS, check
        finding = {"check": check, "page": page, "object": obj, "message": message}
        finding.update(extra)
        self.items.append(finding)

    def counts(self):
        counts = {check: 0 for check in CHECKS}
        for finding in self.items:
            counts[finding["check"]] += 1
        return counts


def ref(obj):
    """ "12 0 R" for an indirect object, "direct" otherwise: the object a finding is about."""
    try:
        number, generation = obj.objgen
    except (AttributeError, ValueError):
        return "direct"
    return f"{number} {generation} R" if number else "direct"


def name(value):
    """A PDF name without its slash, or "" for anything else."""
    return str(value)[1:] if isinstance(value, pikepdf.Name) else ""


def text(value):
    """A PDF text string as Python text, or None."""
    if isinstance(value, pikepdf.String):
        return str(value)
    return None


def kids_of(value):
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return list(value)
    return [value]


def snippet(value, limit=60):
    value = re.sub(r"\s+", " ", value).strip()
    return value if len(value) <= limit else value[: limit - 1] + "…"


# ── Text decoding, for messages only: which words an untagged operator draws ────────────────────


class FontDecoder:
    """Maps a font's character codes to text through its ToUnicode CMap (bfchar and bfrange)."""

    def __init__(self, font):
        self.two_bytes = name(font.get("/Subtype")) == "Type0"
        self.map = {}
        self.unmapped = set()
        to_unicode = font.get("/ToUnicode")
        if isinstance(to_unicode, pikepdf.Stream):
            try:
                self.parse(to_unicode.read_bytes().decode("latin-1"))
            except pikepdf.PdfError:
                pass

    @staticmethod
    def utf16(hex_digits):
        return bytes.fromhex(hex_digits).decode("utf-16-be", errors="replace")

    def parse(self, cmap):
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
            for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                self.map[int(source, 16)] = self.utf16(target)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
                low, high = int(low, 16), int(high, 16)
                if target.startswith("["):
                    for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                        self.map[low + offset] = self.utf16(item)
                else:
                    start = bytearray.fromhex(target[1:-1])
                    for offset in range(min(high - low + 1, 65536)):
                        value = bytearray(start)
                        value[-1:] = bytes([(start[-1] + offset) & 0xFF]) if start else b""
                        self.map[low + offset] = value.decode("utf-16-be", errors="replace")

    def decode(self, raw):
        if self.two_bytes:
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
        else:
            codes = list(raw)
        if self.map:
            self.unmapped.update(code for code in codes if code not in self.map)
        return "".join(self.map.get(code, "\ufffd" if self.map else chr(code)) for code in codes)


def shown_text(operator, operands, decoder):
    if decoder is None:
        return ""
    if operator == "TJ":
        parts = []
        for item in operands[0] if operands else []:
            if isinstance(item, pikepdf.String):
                parts.append(decoder.decode(bytes(item)))
            elif float(item) < -250:
                parts.append(" ")  # a wide move left is a word space to every extractor
        return "".join(parts)
    if operands and isinstance(operands[-1], pikepdf.String):
        return decoder.decode(bytes(operands[-1]))
    return ""


# ── The structure tree ──────────────────────────────────────────────────────────────────────────


class Element:
    def __init__(self, obj, parent, role_type, standard):
        self.obj = obj
        self.parent = parent
        self.type = role_type
        self.standard = standard
        self.kids = []  # Element, ("mcid", key, mcid) or ("objr", object)
        self.page = None

    def path(self):
        names = []
        node = self
        while node is not None:
            names.append(node.type)
            node = node.parent
        names.reverse()
        shown = names if len(names) <= 5 else ["…"] + names[-4:]
        return " > ".join(shown)

    def label(self):
        return f"{self.type} {ref(self.obj)} ({self.path()})"

    def kid_elements(self):
        return [kid for kid in self.kids if isinstance(kid, Element)]

    def has_content(self):
        return any(isinstance(kid, tuple) and kid[0] == "mcid" for kid in self.kids)

    def direct_content(self, contents):
        """ " and marked content directly (MCID 3: graphics)" when the element holds content itself, else ""."""
        described = []
        for kid in self.kids:
            if isinstance(kid, tuple) and kid[0] == "mcid":
                drawn = snippet("".join(contents.get((kid[1], kid[2]), {}).get("text", [])), 30)
                described.append(f"MCID {kid[2]}: {'«' + drawn + '»' if drawn else 'graphics'}")
        if not described:
            return ""
        shown = ", ".join(described[:3]) + (f", … {len(described) - 3} more" if len(described) > 3 else "")
        return f" and marked content directly ({shown})"


class Document:
    def __init__(self, pdf):
        self.pdf = pdf
        self.pages = list(pdf.pages)
        self.page_number = {page.obj.objgen: number for number, page in enumerate(self.pages, 1)}
        root = pdf.Root.get("/StructTreeRoot")
        self.struct_root = root if isinstance(root, pikepdf.Dictionary) else None
        role_map = self.struct_root.get("/RoleMap") if self.struct_root is not None else None
        self.role_map = {str(key)[1:]: name(value) for key, value in role_map.items()} if isinstance(role_map, pikepdf.Dictionary) else {}
        class_map = self.struct_root.get("/ClassMap") if self.struct_root is not None else None
        self.class_map = class_map if isinstance(class_map, pikepdf.Dictionary) else {}
        self.elements = []  # document order, parents first
        self.struct_mcids = {}  # (key, mcid) -> Element
        self.struct_objrs = {}  # annotation objgen -> Element
        self.unmapped = set()
        self.cycles = set()

    def page_of(self, page_ref):
        if isinstance(page_ref, pikepdf.Dictionary):
            return self.page_number.get(page_ref.objgen)
        return None

    def standard_type(self, role_type):
        """The standard type a type maps to, following role map chains; None if it never does."""
        seen = []
        current = role_type
        while current not in STANDARD_TYPES:
            if current in seen:
                self.cycles.add(" -> ".join(seen + [current]))
                return None
            seen.append(current)
            mapped = self.role_map.get(current)
            if not mapped:
                self.unmapped.add(role_type)
                return None
            current = mapped
        return current

    def read_tree(self):
        if self.struct_root is None:
            return
        visited = set()

        def visit(obj, parent, page_ref):
            if not isinstance(obj, pikepdf.Dictionary):
                # An integer kid is an MCID on the element's page.
                if parent is not None and isinstance(page_ref, pikepdf.Dictionary) and _is_int(obj):
                    key = ("page", page_ref.objgen)
                    parent.kids.append(("mcid", key, int(obj)))
                    self.struct_mcids.setdefault((key, int(obj)), parent)
                return
            kind = name(obj.get("/Type"))
            if kind == "MCR":
                own_page = obj.get("/Pg", page_ref)
                stream = obj.get("/Stm")
                key = ("stm", stream.objgen) if isinstance(stream, pikepdf.Stream) else ("page", own_page.objgen if own_page is not None else None)
                mcid = int(obj.get("/MCID", -1))
                if parent is not None:
                    parent.kids.append(("mcid", key, mcid))
                    self.struct_mcids.setdefault((key, mcid), parent)
                return
            if kind == "OBJR":
                target = obj.get("/Obj")
                if parent is not None and target is not None:
                    parent.kids.append(("objr", target))
                    self.struct_objrs.setdefault(target.objgen, parent)
                return
            if "/S" not in obj:
                return
            identity = obj.objgen if obj.objgen[0] else id(obj)
            if identity in visited:
                return
            visited.add(identity)
            role_type = name(obj.get("/S"))
            element = Element(obj, parent, role_type, self.standard_type(role_type))
            own_page = obj.get("/Pg", page_ref)
            element.page = self.page_of(obj.get("/Pg"))
            self.elements.append(element)
            if parent is not None:
                parent.kids.append(element)
            for kid in kids_of(obj.get("/K")):
                visit(kid, element, own_page)

        for kid in kids_of(self.struct_root.get("/K")):
            visit(kid, None, None)
        # An element without /Pg is on the page of its first content, or else of its parent, for messages.
        for element in reversed(self.elements):
            if element.page is None:
                for kid in element.kids:
                    if isinstance(kid, Element) and kid.page is not None:
                        element.page = kid.page
                        break
                    if isinstance(kid, tuple) and kid[0] == "mcid" and kid[1][0] == "page":
                        element.page = self.page_number.get(kid[1][1])
                        break
        for element in self.elements:
            if element.page is None and element.parent is not None:
                element.page = element.parent.page

    def parent_tree(self):
        """The ParentTree number tree, flattened."""
        entries = {}
        tree = self.struct_root.get("/ParentTree") if self.struct_root is not None else None
        stack = [tree] if isinstance(tree, pikepdf.Dictionary) else []
        seen = set()
        while stack:
            node = stack.pop()
            if node.objgen[0] and node.objgen in seen:
                continue
            seen.add(node.objgen)
            nums = node.get("/Nums")
            if isinstance(nums, pikepdf.Array):
                for index in range(0, len(nums) - 1, 2):
                    entries[int(nums[index])] = nums[index + 1]
            for kid in kids_of(node.get("/Kids")):
                if isinstance(kid, pikepdf.Dictionary):
                    stack.append(kid)
        return entries


def _is_int(value):
    try:
        return float(value) == int(value)
    except (TypeError, ValueError):
        return False


def attributes_of(element, document):
    """Every attribute dictionary of an element: its /A (dict or array with revisions) and its /C classes."""
    found = []
    for item in kids_of(element.obj.get("/A")):
        if isinstance(item, pikepdf.Dictionary):
            found.append(item)
    for class_name in kids_of(element.obj.get("/C")):
        for item in kids_of(document.class_map.get(str(class_name)) if isinstance(class_name, pikepdf.Name) else None):
            if isinstance(item, pikepdf.Dictionary):
                found.append(item)
    return found


# ── Content streams: what is painted, and under which marked content ────────────────────────────


class ContentWalk:
    def __init__(self, document, findings):
        self.document = document
        self.findings = findings
        self.content_mcids = {}  # (key, mcid) -> {"page", "text", "tag"}
        self.painting = 0
        self.untagged = 0
        self.artifacts = 0
        self.decoders = {}  # font identity -> (font, FontDecoder, pages)

    def walk_page(self, number, page):
        resources = page.obj.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            resources = pikepdf.Dictionary()
        self.run = None
        self.walk(pikepdf.parse_content_stream(page), resources, number, [], ("page", page.obj.objgen), set())
        self.flush()

    def flush(self):
        run = self.run
        self.run = None
        if run is None:
            return
        kinds = ", ".join(f"{operator}×{count}" for operator, count in sorted(run["operators"].items()))
        drawn = snippet(run["text"]) if run["text"].strip() else "no text (graphics)"
        self.findings.add(
            "01-005",
            f"page {run['page']}: {run['count']} painting operators ({kinds}) neither tagged nor marked /Artifact: «{drawn}»",
            page=run["page"],
            obj=f"page {run['page']} content, operator #{run['first']}",
            operators=run["count"],
            text=snippet(run["text"], 200),
        )

    def walk(self, instructions, resources, number, stack, key, forms):
        fonts = resources.get("/Font", pikepdf.Dictionary())
        xobjects = resources.get("/XObject", pikepdf.Dictionary())
        properties = resources.get("/Properties", pikepdf.Dictionary())
        decoder = None
        for index, instruction in enumerate(instructions):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                self.paint(number, stack, "BI", "", index)
                continue
            operator = str(instruction.operator)
            operands = instruction.operands
            if operator in ("BDC", "BMC"):
                tag = name(operands[0]) if operands else ""
                props = operands[1] if operator == "BDC" and len(operands) > 1 else None
                if isinstance(props, pikepdf.Name):
                    props = properties.get(str(props))
                mcid = None
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid = int(props.get("/MCID"))
                lang = text(props.get("/Lang")) if isinstance(props, pikepdf.Dictionary) else None
                if lang is not None and not LANGUAGE_TAG.match(lang):
                    self.findings.add("11-001", f"page {number}: marked content {tag} has /Lang «{lang}», not a language tag", page=number, obj=f"page {number} content, operator #{index}")
                entry = {"tag": tag, "mcid": mcid, "text": []}
                if mcid is not None and any(outer["tag"] == "Artifact" for outer in stack):
                    self.findings.add("01-004", f"page {number}: {tag} with MCID {mcid} is inside an /Artifact sequence", page=number, obj=f"page {number} content, operator #{index}")
                if tag == "Artifact" and any(outer["mcid"] is not None for outer in stack):
                    self.findings.add("01-003", f"page {number}: /Artifact sequence inside tagged content (MCID {next(o['mcid'] for o in reversed(stack) if o['mcid'] is not None)})", page=number, obj=f"page {number} content, operator #{index}")
                if tag == "Artifact":
                    self.artifacts += 1
                stack.append(entry)
                if mcid is not None:
                    self.content_mcids[(key, mcid)] = {"page": number, "tag": tag, "text": entry["text"]}
                continue
            if operator == "EMC":
                if stack:
                    stack.pop()
                continue
            if operator == "Tf" and operands:
                font = fonts.get(str(operands[0]))
                decoder = self.decoder(font, number) if isinstance(font, pikepdf.Dictionary) else None
                continue
            if operator in TEXT_OPERATORS:
                self.paint(number, stack, operator, shown_text(operator, operands, decoder), index)
            elif operator in PATH_PAINTING or operator == "sh":
                self.paint(number, stack, operator, "", index)
            elif operator == "Do" and operands:
                xobject = xobjects.get(str(operands[0]))
                if isinstance(xobject, pikepdf.Stream) and name(xobject.get("/Subtype")) == "Form" and xobject.objgen not in forms:
                    # A form's contents are painted where it is drawn, under the same marked content.
                    inner = xobject.get("/Resources", resources)
                    self.walk(pikepdf.parse_content_stream(xobject), inner, number, list(stack), ("stm", xobject.objgen), forms | {xobject.objgen})
                else:
                    self.paint(number, stack, "Do", "", index)

    def decoder(self, font, number):
        """One decoder per font object, which also collects the codes it could not map and where."""
        identity = font.objgen if font.objgen[0] else id(font)
        if identity not in self.decoders:
            self.decoders[identity] = (font, FontDecoder(font), set())
        self.decoders[identity][2].add(number)
        return self.decoders[identity][1]

    def paint(self, number, stack, operator, drawn, index):
        self.painting += 1
        state = None
        for entry in reversed(stack):
            if entry["tag"] == "Artifact":
                state = "artifact"
                break
            if entry["mcid"] is not None:
                state = "tagged"
                entry["text"].append(drawn)
                break
        if state is not None:
            if self.run is not None:
                self.flush()
            return
        self.untagged += 1
        run = self.run
        if run is None:
            run = self.run = {"page": number, "first": index, "count": 0, "operators": {}, "text": ""}
        run["count"] += 1
        run["operators"][operator] = run["operators"].get(operator, 0) + 1
        run["text"] += drawn


# ── The checks ──────────────────────────────────────────────────────────────────────────────────


def check_structure(document, findings, contents):
    if document.struct_root is None:
        findings.add("A2 6.7.3", "the catalog has no /StructTreeRoot: the document is not tagged", obj="catalog")
        return
    document.read_tree()
    for role_type in sorted(document.role_map):
        if role_type in STANDARD_TYPES:
            findings.add("02-004", f"/RoleMap remaps the standard type {role_type} to {document.role_map[role_type]}", obj="StructTreeRoot /RoleMap")
    for cycle in sorted(document.cycles):
        findings.add("02-003", f"/RoleMap maps in a circle: {cycle}", obj="StructTreeRoot /RoleMap")

    notes = {}
    headings = []
    uses_h = uses_hn = False
    for element in document.elements:
        standard = element.standard
        where = element.label()
        if standard is None:
            mapped = document.role_map.get(element.type)
            how = f"maps to {mapped}, which is not standard" if mapped else "has no /RoleMap entry"
            findings.add("02-001", f"page {element.page}: {element.type} is not a standard structure type and {how}: {where}", page=element.page, obj=ref(element.obj), type=element.type)
        kids = element.kid_elements()
        kid_types = [kid.standard or kid.type for kid in kids]
        parent_type = element.parent.standard if element.parent is not None else None
        content = element.direct_content(contents)

        if standard in HEADINGS:
            uses_hn = True
            headings.append(element)
        if standard == "H":
            uses_h = True
        if kid_types.count("H") > 1:
            findings.add("14-006", f"page {element.page}: {kid_types.count('H')} H children in {where}", page=element.page, obj=ref(element.obj))

        if standard == "L":
            allowed = all(t in ("L", "LI") for t in kid_types[1:]) and (not kid_types or kid_types[0] in ("L", "LI", "Caption"))
            if not allowed or element.has_content():
                findings.add("09-005", f"page {element.page}: L holds {', '.join(kid_types) or 'no element'}{content} (only an optional first Caption, then L and LI): {where}", page=element.page, obj=ref(element.obj))
        elif standard == "LI":
            wrong = sorted({t for t in kid_types if t not in ("Lbl", "LBody")})
            if wrong or element.has_content():
                holds = ", ".join(wrong) + content if wrong else content.removeprefix(" and ")
                findings.add("09-005", f"page {element.page}: LI holds {holds} (only Lbl and LBody): {where}", page=element.page, obj=ref(element.obj), holds=wrong)
            if parent_type != "L":
                findings.add("09-005", f"page {element.page}: LI inside {parent_type}, not L: {where}", page=element.page, obj=ref(element.obj))
        elif standard == "LBody" and parent_type != "LI":
            findings.add("09-005", f"page {element.page}: LBody inside {parent_type}, not LI: {where}", page=element.page, obj=ref(element.obj))

        if standard == "Table":
            body = [t for t in kid_types if t != "Caption"]
            captions = [i for i, t in enumerate(kid_types) if t == "Caption"]
            bad_caption = len(captions) > 1 or any(i not in (0, len(kid_types) - 1) for i in captions)
            if bad_caption or any(t not in ("TR",) + tuple(TABLE_GROUPS) for t in body) or element.has_content():
                findings.add("09-004", f"page {element.page}: Table holds {', '.join(kid_types) or 'no element'}{content}: {where}", page=element.page, obj=ref(element.obj))
            if kid_types.count("THead") > 1 or kid_types.count("TFoot") > 1:
                findings.add("09-004", f"page {element.page}: Table has more than one THead or TFoot: {where}", page=element.page, obj=ref(element.obj))
        elif standard in TABLE_GROUPS:
            if parent_type != "Table":
                findings.add("09-004", f"page {element.page}: {standard} inside {parent_type}, not Table: {where}", page=element.page, obj=ref(element.obj))
            if any(t != "TR" for t in kid_types) or element.has_content():
                findings.add("09-004", f"page {element.page}: {standard} holds {', '.join(kid_types)}{content} (only TR): {where}", page=element.page, obj=ref(element.obj))
        elif standard == "TR":
            if parent_type not in ("Table",) + tuple(TABLE_GROUPS):
                findings.add("09-004", f"page {element.page}: TR inside {parent_type}: {where}", page=element.page, obj=ref(element.obj))
            if any(t not in ("TH", "TD") for t in kid_types) or element.has_content():
                findings.add("09-004", f"page {element.page}: TR holds {', '.join(kid_types)}{content} (only TH and TD): {where}", page=element.page, obj=ref(element.obj))
        elif standard in ("TH", "TD") and parent_type != "TR":
            findings.add("09-004", f"page {element.page}: {standard} inside {parent_type}, not TR: {where}", page=element.page, obj=ref(element.obj))

        if standard == "TOC":
            if any(t not in ("TOC", "TOCI") for t in (kid_types[1:] if kid_types[:1] == ["Caption"] else kid_types)):
                findings.add("09-006", f"page {element.page}: TOC holds {', '.join(kid_types)}: {where}", page=element.page, obj=ref(element.obj))
        elif standard == "TOCI" and parent_type != "TOC":
            findings.add("09-006", f"page {element.page}: TOCI inside {parent_type}, not TOC: {where}", page=element.page, obj=ref(element.obj))

        if standard in ("Figure", "Formula"):
            alternative = (text(element.obj.get("/Alt")) or "").strip() or (text(element.obj.get("/ActualText")) or "").strip()
            if not alternative:
                check = "13-004" if standard == "Figure" else "17-002"
                findings.add(check, f"page {element.page}: {element.type} has no /Alt or /ActualText: {where}", page=element.page, obj=ref(element.obj))

        if standard == "Note":
            note_id = element.obj.get("/ID")
            note_id = bytes(note_id) if isinstance(note_id, pikepdf.String) else b""
            if not note_id:
                findings.add("19-003", f"page {element.page}: Note without /ID: {where}", page=element.page, obj=ref(element.obj))
            elif note_id in notes:
                findings.add("19-004", f"page {element.page}: Note /ID {note_id!r} also used by {notes[note_id]}", page=element.page, obj=ref(element.obj))
            else:
                notes[note_id] = ref(element.obj)

        lang = element.obj.get("/Lang")
        if lang is not None and not LANGUAGE_TAG.match(text(lang) or ""):
            findings.add("11-001", f"page {element.page}: /Lang «{text(lang)}» is not a language tag: {where}", page=element.page, obj=ref(element.obj))

    check_table_headers(document, findings)

    if uses_h and uses_hn:
        findings.add("14-007", "the document uses both H and numbered headings H1-H6", obj="structure tree")
    previous = 0
    for element in headings:
        level = HEADINGS[element.standard]
        if previous == 0 and level != 1:
            findings.add("14-002", f"page {element.page}: the first numbered heading is {element.standard}, not H1: {element.label()}", page=element.page, obj=ref(element.obj))
        elif previous and level > previous + 1:
            findings.add("14-003", f"page {element.page}: {element.standard} follows H{previous}, skipping a level: {element.label()}", page=element.page, obj=ref(element.obj))
        previous = level


def check_table_headers(document, findings):
    def cells(element):
        for kid in element.kid_elements():
            if kid.standard in ("TH", "TD"):
                yield kid
            elif kid.standard not in ("Table",):
                yield from cells(kid)

    for table in (element for element in document.elements if element.standard == "Table"):
        all_cells = list(cells(table))
        uses_headers = any("/Headers" in attributes for cell in all_cells for attributes in attributes_of(cell, document))
        if uses_headers:
            continue
        for cell in all_cells:
            if cell.standard == "TH" and not any("/Scope" in attributes for attributes in attributes_of(cell, document)):
                findings.add("15-003", f"page {cell.page}: TH without /Scope in a table without /Headers: {cell.label()}", page=cell.page, obj=ref(cell.obj))


def walk_content(document, findings):
    walk = ContentWalk(document, findings)
    for number, page in enumerate(document.pages, 1):
        walk.walk_page(number, page)
    return walk


def check_mcids(document, findings, walk):
    parent_tree = document.parent_tree()
    reached = {element.obj.objgen for element in document.elements}
    for (key, mcid), found in sorted(walk.content_mcids.items(), key=lambda item: (item[1]["page"], item[0][1])):
        number = found["page"]
        drawn = snippet("".join(found["text"])) or "no text"
        element = document.struct_mcids.get((key, mcid))
        if element is None:
            findings.add("01-005", f"page {number}: marked content {found['tag']} MCID {mcid} is in no structure element: «{drawn}»", page=number, obj=f"page {number} MCID {mcid}")
            continue
        if key[0] != "page":
            continue
        page = document.pages[number - 1]
        struct_parents = page.obj.get("/StructParents")
        entry = parent_tree.get(int(struct_parents)) if struct_parents is not None else None
        target = entry[mcid] if isinstance(entry, pikepdf.Array) and mcid < len(entry) else None
        if struct_parents is None:
            findings.add("PT-1", f"page {number}: the page has MCIDs but no /StructParents", page=number, obj=f"page {number}")
        elif not isinstance(target, pikepdf.Dictionary):
            findings.add("PT-1", f"page {number}: ParentTree[{int(struct_parents)}] has no element for MCID {mcid} «{drawn}»", page=number, obj=f"page {number} MCID {mcid}")
        elif target.objgen != element.obj.objgen or target.objgen not in reached:
            findings.add("PT-1", f"page {number}: ParentTree maps MCID {mcid} to {ref(target)}, but {element.label()} holds it", page=number, obj=f"page {number} MCID {mcid}")
    for (key, mcid), element in document.struct_mcids.items():
        if (key, mcid) not in walk.content_mcids:
            page = document.page_number.get(key[1]) if key[0] == "page" else None
            findings.add("PT-2", f"page {page}: {element.label()} refers to MCID {mcid}, which the {'page' if key[0] == 'page' else 'stream'} does not have", page=page, obj=ref(element.obj))


def check_annotations(document, findings):
    parent_tree = document.parent_tree()
    links = annotations = 0
    for number, page in enumerate(document.pages, 1):
        annots = [annot for annot in kids_of(page.obj.get("/Annots")) if isinstance(annot, pikepdf.Dictionary)]
        if not annots:
            continue
        tabs = page.obj.get("/Tabs")
        if tabs is None:
            findings.add("28-008", f"page {number}: {len(annots)} annotations and no /Tabs", page=number, obj=ref(page.obj))
        elif name(tabs) != "S":
            findings.add("28-009", f"page {number}: /Tabs is {tabs}, not /S", page=number, obj=ref(page.obj))
        for annot in annots:
            annotations += 1
            subtype = name(annot.get("/Subtype"))
            where = f"{subtype} annotation {ref(annot)}"
            flags = int(annot.get("/F", 0)) if _is_int(annot.get("/F", 0)) else 0
            if subtype != "Popup" and (annot.get("/F") is None or not flags & 4 or flags & (1 | 2 | 32 | 256)):
                findings.add("A2 6.3.2", f"page {number}: {where} has /F {flags}: Print must be set, Invisible/Hidden/NoView/ToggleNoView clear", page=number, obj=ref(annot))
            owner = document.struct_objrs.get(annot.objgen)
            if subtype == "Link":
                links += 1
                target = describe_link(annot)
                contents = (text(annot.get("/Contents")) or "").strip()
                if not contents:
                    findings.add("28-012", f"page {number}: link to {target} has no /Contents", page=number, obj=ref(annot))
                struct_parent = annot.get("/StructParent")
                parent = parent_tree.get(int(struct_parent)) if struct_parent is not None else None
                if struct_parent is None:
                    findings.add("28-011", f"page {number}: link to {target} has no /StructParent", page=number, obj=ref(annot))
                elif not isinstance(parent, pikepdf.Dictionary):
                    findings.add("28-011", f"page {number}: link to {target}: ParentTree[{int(struct_parent)}] is not a structure element", page=number, obj=ref(annot))
                elif owner is None or owner.obj.objgen != parent.objgen:
                    findings.add("28-011", f"page {number}: link to {target}: no structure element holds an OBJR to it where /StructParent points", page=number, obj=ref(annot))
                elif owner.standard != "Link":
                    findings.add("28-011", f"page {number}: link to {target} is held by {owner.label()}, not a Link element", page=number, obj=ref(annot))
            elif subtype not in ("Widget", "PrinterMark", "Popup") and (owner is None or owner.standard != "Annot"):
                findings.add("28-002", f"page {number}: {where} is not in an Annot element", page=number, obj=ref(annot))
    return links, annotations


def describe_link(annot):
    action = annot.get("/A")
    if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
        return text(action.get("/URI")) or str(action.get("/URI"))
    dest = annot.get("/Dest")
    if isinstance(dest, (pikepdf.String, pikepdf.Name)):
        return f"#{str(dest).lstrip('/')}"
    if isinstance(action, pikepdf.Dictionary) and "/D" in action:
        return f"#{str(action.get('/D')).lstrip('/')}"
    return ref(annot)


def check_objects(document, findings):
    """Every object reachable from the trailer: actions, /AA, embedded files, external streams."""
    seen = set()
    stack = [(document.pdf.trailer, "trailer")]
    while stack:
        obj, where = stack.pop()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
            where = ref(obj)
        if isinstance(obj, pikepdf.Array):
            stack.extend((item, where) for item in obj)
            continue
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        keys = set(obj.keys())
        if isinstance(obj, pikepdf.Stream) and keys & {"/F", "/FFilter", "/FDecodeParms"}:
            findings.add("A2 6.1.7-3", f"stream {where} has {', '.join(sorted(keys & {'/F', '/FFilter', '/FDecodeParms'}))}: its data is outside the file", obj=where)
        action = name(obj.get("/S"))
        if action in FORBIDDEN_ACTIONS:  # no structure type or transition style has these names
            findings.add("A2 6.5.1", f"{action} action in {where}", obj=where)
        if "/AA" in keys:
            findings.add("A2 6.5.2", f"{where} has an /AA additional-actions dictionary", obj=where)
        if "/EmbeddedFiles" in keys or "/EF" in keys:
            findings.add("A2 6.8", f"{where} holds embedded files", obj=where)
        if "/JavaScript" in keys and name(obj.get("/Type")) != "Action":
            findings.add("A2 6.5.1", f"{where} has a /JavaScript name tree", obj=where)
        for key in keys:
            if key in ("/Parent", "/P"):
                continue  # reached from their owners anyway; skipping keeps the walk shallow
            stack.append((obj.get(key), where))


def check_unicode(walk, findings):
    """What the fonts' ToUnicode maps say of the codes the pages draw (10-001, 31-028, 31-029)."""
    for font, decoder, pages in walk.decoders.values():
        if not decoder.map:
            continue  # no ToUnicode at all: 31-027 says so
        base = name(font.get("/BaseFont")) or "(unnamed)"
        on = f"page{'s' if len(pages) > 1 else ''} {', '.join(map(str, sorted(pages)))}"
        if decoder.unmapped:
            codes = ", ".join(f"{code:#06x}" for code in sorted(decoder.unmapped)[:8])
            findings.add("10-001", f"font {base} ({on}) draws {len(decoder.unmapped)} codes its ToUnicode does not map: {codes}", page=min(pages), obj=ref(font))
        zero = sorted(code for code, value in decoder.map.items() if "\x00" in value)
        if zero:
            codes = ", ".join(f"{code:#06x}" for code in zero[:8])
            findings.add("31-028", f"font {base} ({on}) maps {len(zero)} codes to U+0000 (a reader gets nothing for them): {codes}", page=min(pages), obj=ref(font))
        marks = sorted(code for code, value in decoder.map.items() if "\ufeff" in value or "\ufffe" in value)
        if marks:
            findings.add("31-029", f"font {base} ({on}) maps {len(marks)} codes to U+FEFF or U+FFFE", page=min(pages), obj=ref(font))


def check_fonts(document, findings):
    fonts = {}

    def collect(resources, number, depth=0):
        if not isinstance(resources, pikepdf.Dictionary) or depth > 8:
            return
        font_dict = resources.get("/Font")
        for _, font in font_dict.items() if isinstance(font_dict, pikepdf.Dictionary) else []:
            if isinstance(font, pikepdf.Dictionary):
                fonts.setdefault(font.objgen if font.objgen[0] else id(font), (font, set()))[1].add(number)
        xobjects = resources.get("/XObject")
        for _, xobject in xobjects.items() if isinstance(xobjects, pikepdf.Dictionary) else []:
            if isinstance(xobject, pikepdf.Stream) and name(xobject.get("/Subtype")) == "Form":
                collect(xobject.get("/Resources"), number, depth + 1)

    for number, page in enumerate(document.pages, 1):
        collect(page.obj.get("/Resources"), number)
    for font, pages in fonts.values():
        subtype = name(font.get("/Subtype"))
        base = name(font.get("/BaseFont")) or "(unnamed)"
        on = f"used on page{'s' if len(pages) > 1 else ''} {', '.join(map(str, sorted(pages)))}"
        first = min(pages)
        program = font
        if subtype == "Type0":
            descendants = kids_of(font.get("/DescendantFonts"))
            program = descendants[0] if descendants and isinstance(descendants[0], pikepdf.Dictionary) else None
        descriptor = program.get("/FontDescriptor") if program is not None else None
        embedded = isinstance(descriptor, pikepdf.Dictionary) and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        if subtype != "Type3" and not embedded:
            findings.add("31-009", f"font {base} ({subtype}, {on}) has no embedded font program", page=first, obj=ref(font))
        if "/ToUnicode" in font:
            continue
        encoding = font.get("/Encoding")
        standard_encoding = name(encoding) in ("MacRomanEncoding", "WinAnsiEncoding", "MacExpertEncoding")
        collection = ""
        if subtype == "Type0" and program is not None:
            info = program.get("/CIDSystemInfo")
            if isinstance(info, pikepdf.Dictionary):
                collection = str(info.get("/Ordering", ""))
        if not standard_encoding and collection not in ("GB1", "CNS1", "Japan1", "Korea1"):
            findings.add("31-027", f"font {base} ({subtype}, {on}) has no /ToUnicode and no standard encoding", page=first, obj=ref(font))


# ── Document-level entries, XMP and PDF/A ───────────────────────────────────────────────────────


PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz])|([+\-])(\d{2})'?(\d{2})?'?)?")
XMP_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?)?(?:([Zz])|([+\-])(\d{2}):?(\d{2}))?$")


def instant(value, pattern):
    """A PDF or XMP date as an aware datetime (a date without a zone is taken as UTC), or None."""
    match = pattern.match((value or "").strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zulu, sign, zone_hours, zone_minutes = match.groups()
    offset = datetime.timedelta(0)
    if sign:
        offset = datetime.timedelta(hours=int(zone_hours), minutes=int(zone_minutes or 0)) * (1 if sign == "+" else -1)
    try:
        return datetime.datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0),
            tzinfo=datetime.timezone(offset),
        )
    except ValueError:
        return None


class Xmp:
    def __init__(self, data):
        self.root = ElementTree.fromstring(data)
        self.descriptions = self.root.findall(f".//{{{NS['rdf']}}}Description")

    def node(self, prefix, local):
        tag = f"{{{NS[prefix]}}}{local}"
        for description in self.descriptions:
            if tag in description.attrib:
                return description.attrib[tag]
            child = description.find(tag)
            if child is not None:
                return child
        return None

    def simple(self, prefix, local):
        node = self.node(prefix, local)
        if node is None or isinstance(node, str):
            return node
        return (node.text or "").strip()

    def items(self, prefix, local):
        """The rdf:li of an Alt, Seq or Bag, each as (xml:lang, text); a plain value as one item."""
        node = self.node(prefix, local)
        if node is None:
            return []
        if isinstance(node, str):
            return [(None, node)]
        found = [(item.get(XML_LANG), (item.text or "").strip()) for item in node.iter(f"{{{NS['rdf']}}}li")]
        return found or [(None, (node.text or "").strip())]

    def default(self, prefix, local):
        items = self.items(prefix, local)
        for lang, value in items:
            if lang == "x-default":
                return value
        return items[0][1] if items else None


def check_document(document, findings, path):
    pdf = document.pdf
    root = pdf.Root

    with open(path, "rb") as handle:
        head = handle.read(1024)
    lines = head.split(b"\n", 2)
    if len(lines) < 2 or not lines[1].startswith(b"%") or sum(byte > 127 for byte in lines[1][1:5]) < 4:
        findings.add("A2 6.1.2-2", f"the line after {lines[0][:8]!r} is {lines[1][:12]!r}, not % and four bytes above 127" if len(lines) > 1 else "no second header line", obj="file header")
    if "/ID" not in pdf.trailer:
        findings.add("A2 6.1.3-1", "the trailer has no /ID", obj="trailer")
    if "/Encrypt" in pdf.trailer or pdf.is_encrypted:
        findings.add("A2 6.1.3-2", "the file is encrypted", obj="trailer")

    lang = text(root.get("/Lang"))
    if not lang or not LANGUAGE_TAG.match(lang):
        findings.add("11-006", f"catalog /Lang is {lang!r}: the natural language cannot be determined", obj="catalog")

    mark_info = root.get("/MarkInfo")
    if not isinstance(mark_info, pikepdf.Dictionary) or mark_info.get("/Marked") is not True:
        findings.add("A2 6.7.2", "catalog /MarkInfo has no /Marked true (also required by PDF/UA-1 7.1)", obj="catalog")
    elif bool(mark_info.get("/Suspects", False)):
        findings.add("01-007", "catalog /MarkInfo has /Suspects true", obj="catalog")

    preferences = root.get("/ViewerPreferences")
    display = preferences.get("/DisplayDocTitle") if isinstance(preferences, pikepdf.Dictionary) else None
    if display is None:
        findings.add("07-001", "catalog /ViewerPreferences has no /DisplayDocTitle", obj="catalog")
    elif not bool(display):
        findings.add("07-002", "catalog /ViewerPreferences has /DisplayDocTitle false", obj="catalog")

    intents = [intent for intent in kids_of(root.get("/OutputIntents")) if isinstance(intent, pikepdf.Dictionary)]
    pdfa = [intent for intent in intents if name(intent.get("/S")) == "GTS_PDFA1"]
    if not pdfa:
        findings.add("A2 6.2.3", f"no /OutputIntents entry with /S /GTS_PDFA1 ({len(intents)} output intents)", obj="catalog")
    profiles = {intent.get("/DestOutputProfile").objgen for intent in intents if isinstance(intent.get("/DestOutputProfile"), pikepdf.Stream)}
    if len(profiles) > 1:
        findings.add("A2 6.2.3", "output intents name different /DestOutputProfile streams", obj="catalog")
    for intent in pdfa:
        profile = intent.get("/DestOutputProfile")
        if not isinstance(profile, pikepdf.Stream):
            findings.add("A2 6.2.3", "the GTS_PDFA1 output intent has no /DestOutputProfile stream", obj=ref(intent))
            continue
        components = profile.get("/N")
        icc = profile.read_bytes()[:20]
        device, space, version = icc[12:16], icc[16:20], icc[8] if len(icc) > 8 else 0
        if components is None or int(components) != 3 or space != b"RGB " or device not in (b"mntr", b"prtr") or version >= 5:
            findings.add("A2 6.2.3", f"output profile {ref(profile)}: /N {components}, ICC class {device!r}, colour space {space!r}, version {version} (want /N 3, RGB, mntr or prtr, v2 or v4)", obj=ref(profile))

    metadata = root.get("/Metadata")
    xmp = None
    if not isinstance(metadata, pikepdf.Stream):
        findings.add("06-001", "the catalog has no /Metadata XMP stream", obj="catalog")
        findings.add("A2 6.6.2.1", "the catalog has no /Metadata stream", obj="catalog")
    else:
        if "/Filter" in metadata:
            findings.add("A2 XMP-plain", f"the metadata stream {ref(metadata)} is compressed ({metadata.get('/Filter')}): tools that do not parse PDF cannot find it", obj=ref(metadata))
        try:
            xmp = Xmp(metadata.read_bytes())
        except (ElementTree.ParseError, pikepdf.PdfError) as error:
            findings.add("06-001", f"the metadata stream {ref(metadata)} is not well-formed XMP: {error}", obj=ref(metadata))

    info = pdf.trailer.get("/Info")
    info = info if isinstance(info, pikepdf.Dictionary) else pikepdf.Dictionary()
    info_title = (text(info.get("/Title")) or "").strip()
    if not info_title:
        findings.add("06-003", "the Info dictionary has no /Title", obj="Info")
    if xmp is None:
        return
    if not (xmp.default("dc", "title") or "").strip():
        findings.add("06-003", "XMP has no dc:title", obj=ref(metadata))
    part = xmp.simple("pdfuaid", "part")
    if part != "1":
        findings.add("06-002", f"XMP pdfuaid:part is {part!r}, not 1", obj=ref(metadata))
    part, conformance = xmp.simple("pdfaid", "part"), xmp.simple("pdfaid", "conformance")
    if part != "2" or conformance != "A":
        findings.add("A2 6.6.4", f"XMP pdfaid:part is {part!r} and pdfaid:conformance {conformance!r}, not 2 and A", obj=ref(metadata))

    pairs = [
        ("/Title", "dc:title (x-default)", xmp.default("dc", "title")),
        ("/Author", "dc:creator (first)", (xmp.items("dc", "creator") or [(None, None)])[0][1]),
        ("/Subject", "dc:description (x-default)", xmp.default("dc", "description")),
        ("/Keywords", "pdf:Keywords", xmp.simple("pdf", "Keywords")),
        ("/Creator", "xmp:CreatorTool", xmp.simple("xmp", "CreatorTool")),
        ("/Producer", "pdf:Producer", xmp.simple("pdf", "Producer")),
    ]
    for key, property_name, value in pairs:
        if key not in info:
            continue
        wanted = text(info.get(key))
        if value is None:
            findings.add("A2 Info=XMP", f"Info {key} is «{wanted}» but XMP has no {property_name}", obj="Info")
        elif value != wanted:
            findings.add("A2 Info=XMP", f"Info {key} «{wanted}» differs from XMP {property_name} «{value}»", obj="Info")
    for key, property_name in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if key not in info:
            continue
        wanted = text(info.get(key))
        value = xmp.simple("xmp", property_name.split(":")[1])
        if value is None:
            findings.add("A2 Info=XMP", f"Info {key} is {wanted} but XMP has no {property_name}", obj="Info")
        elif instant(wanted, PDF_DATE) is None or instant(wanted, PDF_DATE) != instant(value, XMP_DATE):
            findings.add("A2 Info=XMP", f"Info {key} {wanted} and XMP {property_name} {value} are not the same instant", obj="Info")


def check(path):
    findings = Findings()
    pdf = pikepdf.open(path)
    document = Document(pdf)
    check_document(document, findings, path)
    walk = walk_content(document, findings)
    check_structure(document, findings, walk.content_mcids)
    if document.struct_root is not None:
        check_mcids(document, findings, walk)
    links, annotations = check_annotations(document, findings)
    check_objects(document, findings)
    check_fonts(document, findings)
    check_unicode(walk, findings)
    standard = sum(1 for element in document.elements if element.standard is not None)
    return {
        "file": path,
        "pages": len(document.pages),
        "findings": findings.items,
        "counts": findings.counts(),
        "checks": CHECKS,
        "stats": {
            "structElements": len(document.elements),
            "standardElements": standard,
            "roleMap": dict(sorted(document.role_map.items())),
            "unmappedTypes": sorted(document.unmapped),
            "contentMcids": len(walk.content_mcids),
            "structMcids": len(document.struct_mcids),
            "paintingOperators": walk.painting,
            "untaggedOperators": walk.untagged,
            "artifactSequences": walk.artifacts,
            "annotations": annotations,
            "links": links,
            "headings": [element.standard for element in document.elements if element.standard in HEADINGS],
        },
    }


def summary(result, show_all):
    lines = [f"{result['file']}: {result['pages']} pages, {len(result['findings'])} findings"]
    stats = result["stats"]
    lines.append(
        f"  {stats['structElements']} structure elements, {stats['contentMcids']} marked-content MCIDs, "
        f"{stats['untaggedOperators']} of {stats['paintingOperators']} painting operators untagged, "
        f"{stats['artifactSequences']} artifact sequences, {stats['links']} links"
    )
    by_check = {}
    for finding in result["findings"]:
        by_check.setdefault(finding["check"], []).append(finding)
    for check_id, description in CHECKS.items():
        found = by_check.get(check_id, [])
        mark = "FAIL" if found else " ok "
        lines.append(f"{mark} {check_id:<12} {len(found):>5}  {description}")
        for finding in found if show_all else found[:4]:
            lines.append(f"                    - {finding['message']}")
        if not show_all and len(found) > 4:
            lines.append(f"                    … and {len(found) - 4} more (--all lists them)")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="PDF/UA-1 and PDF/A-2a machine checks with pikepdf")
    parser.add_argument("pdf")
    parser.add_argument("--json", action="store_true", help="print the JSON the tests read")
    parser.add_argument("--all", action="store_true", help="list every finding in the summary")
    arguments = parser.parse_args()
    try:
        result = check(arguments.pdf)
    except (pikepdf.PdfError, OSError) as error:
        print(f"{arguments.pdf}: cannot read: {error}", file=sys.stderr)
        return 2
    if arguments.json:
        json.dump(result, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(summary(result, arguments.all))
    return 1 if result["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
