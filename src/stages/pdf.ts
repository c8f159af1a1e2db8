import { setImmediate } from "node:timers/promises";
import type { Browser, Frame, Page } from "puppeteer";
import { PrintError, UserError } from "../errors.js";
import { keepSafeLinks, type Metadata, type PrintedDocument, parsePdf, readOutline, stampMetadata } from "../pdf/document.js";
import { mendPageContents } from "../pdf/page-content.js";
import { describeLinks, type LinkDescriptions, mendStructure } from "../pdf/structure.js";
import type { PageFormat } from "../schema.js";

export interface PdfOptions {
  /** The pages of a running browser, owned by the caller (tests share one; watch mode keeps one warm). */
  pages: PagePool;
  format: PageFormat;
  /** The longest the print may take, in milliseconds. */
  timeout: number;
  metadata: Metadata;
  /** Also return the HTML as printed, with the table of contents filled in. */
  keepHtml?: boolean;
  /** Receives what the page reports: refused requests, console messages, errors. */
  log?: (message: string) => void;
  /** Receives progress for --debug: which browser prints, and when. */
  trace?: (message: string) => void;
  /**
   * Called once the browser has printed, before the PDF is mended in Node alone: the browser is
   * then free for the next edition's print. Not called when the print fails.
   */
  onBrowserDone?: () => void;
  /**
   * The table of contents of the last build, as LaTeX keeps it in its .aux file: when the
   * sections and their pages are unchanged, the first print already shows the right numbers and
   * is the only one. A wrong guess costs nothing but the second print it would have had anyway.
   */
  lastContents?: readonly ContentsEntry[] | undefined;
}

/** A section of the table of contents and the page it starts on. */
export interface ContentsEntry {
  title: string;
  page: number;
}

/** Where the table of contents goes: an empty list the pdf stage fills from the page's headings. */
const CONTENTS = "[data-contents]";
/** The headings the table of contents lists: one per section of the body. */
const HEADINGS = "main section > h2";
/** Wide enough for any page number, so that filling the numbers in cannot move a line. */
const PLACEHOLDER = "000";

/** What the loaded page holds: its sections' titles, and the refresh that would replace it, if any. */
interface LoadedPage {
  titles: string[];
  /** Whether the layout has a table of contents, now listing the titles. */
  listed: boolean;
  refresh: string | undefined;
}

/**
 * Lists the sections in the table of contents, when the layout has one, with placeholder page
 * numbers, and returns their titles with the content of any <meta http-equiv=refresh>, which
 * would replace the page after a delay of its choosing.
 */
function listSections(page: Page): Promise<LoadedPage> {
  return page.evaluate(
    (contents, headings, placeholder) => {
      const refresh = document.querySelector('meta[http-equiv="refresh" i]')?.getAttribute("content") ?? undefined;
      const list = document.querySelector(contents);
      const linkTitle = list?.getAttribute("data-link-title") ?? "";
      const titles = [...document.querySelectorAll<HTMLHeadingElement>(headings)].map((heading) => {
        const title = (heading.textContent ?? "").replace(/\s+/g, " ").trim();
        if (list === null) return title;
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `#${heading.closest("section")?.id ?? ""}`;
        link.dataset.title = linkTitle.replace("{title}", title);
        const name = document.createElement("span");
        name.className = "contents__title";
        name.textContent = title;
        const number = document.createElement("span");
        number.className = "contents__page";
        number.textContent = placeholder;
        link.append(name, number);
        item.append(link);
        list.append(item);
        return title;
      });
      return { titles, listed: list !== null, refresh };
    },
    CONTENTS,
    HEADINGS,
    PLACEHOLDER,
  );
}

function fillPageNumbers(page: Page, numbers: string[]): Promise<void> {
  return page.evaluate(
    (contents, numbers) => {
      document.querySelectorAll(`${contents} .contents__page`).forEach((cell, index) => {
        cell.textContent = numbers[index] ?? "";
        const link = cell.closest("a");
        if (link !== null) link.title = (link.dataset.title ?? "").replace("{page}", numbers[index] ?? "");
      });
    },
    CONTENTS,
    numbers,
  );
}

/**
 * What each link of the page says to a screen reader, by its target: its title, else its
 * aria-label, else its text. The first link to a target speaks for all links to it.
 */
async function linkDescriptions(page: Page): Promise<LinkDescriptions> {
  const pairs = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLAnchorElement>("a[href]")].map((link) => {
      const href = link.getAttribute("href") ?? "";
      const said = link.title || link.getAttribute("aria-label") || link.textContent || "";
      return [href.startsWith("#") ? href : link.href, said.replace(/\s+/g, " ").trim()] as const;
    }),
  );
  const descriptions = new Map<string, string>();
  for (const [target, said] of pairs) if (said !== "" && !descriptions.has(target)) descriptions.set(target, said);
  return descriptions;
}

/**
 * A heading's title as both the DOM and Chrome's bookmarks give it: the bookmarks hold the text as
 * drawn, with a template's text-transform applied and a <br> dropped rather than spaced.
 */
const titleKey = (title: string) => title.replace(/\s+/g, "").toUpperCase();

/** The page each title landed on, read from the bookmarks Chrome wrote for the headings. */
function pagesOf(document: PrintedDocument, titles: string[]): string[] {
  const outline = readOutline(document).map((entry) => ({ key: titleKey(entry.title), page: entry.page }));
  let from = 0;
  return titles.map((title) => {
    const key = titleKey(title);
    const index = outline.findIndex((entry, at) => at >= from && entry.key === key);
    if (index < 0) return "";
    from = index + 1;
    return String(outline[index]?.page ?? "");
  });
}

/** Our own deadline and puppeteer's per-command timeout say the same thing to the user. */
function tookTooLong(timeout: number, cause?: unknown): PrintError {
  return new PrintError(`Printing the PDF took longer than ${timeout / 1000} s and was stopped; nothing was written.`, 1, { cause });
}

/** The page printed must be the page loaded: a navigation would print another page, or a blank one. */
function pageReplaced(how: string): PrintError {
  return new PrintError(`The page to print was replaced by another (${how}): remove the redirect from the templates. Nothing was written.`);
}

/** A PDF without the page's headings shows something other than the dossier that was loaded. */
function headingsLost(titles: string[]): PrintError {
  const shown = titles.length > 3 ? `${titles.slice(0, 3).join(", ")}...` : titles.join(", ");
  return new PrintError(
    `The printed PDF lacks ${titles.length === 1 ? "a heading" : `${titles.length} headings`} the page has (${shown}): the page printed was not the page loaded, or the templates hide them, or a part of them. Nothing was written.`,
  );
}

/** puppeteer's words for an evaluation whose page navigated away under it. */
function isContextDestroyed(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("Execution context was destroyed");
}

function deadline(timeout: number): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tookTooLong(timeout)), timeout);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export interface PrintedPdf {
  bytes: Uint8Array;
  pages: number;
  /** The table of contents as printed, for the next build's first guess. */
  contents: ContentsEntry[];
  /** The final HTML, when asked for with keepHtml. */
  html?: string;
}

/** What the browser's page gave: the printed document, and what the mending reads from the page. */
interface FromPage {
  document: PrintedDocument;
  links: LinkDescriptions;
  /** The page's text, which tells a line broken inside a word too long for it from one broken at a space. */
  text: string;
  contents: ContentsEntry[];
  html?: string;
}

/** A page set up for printing: no script, no request but embedded data, its messages to the current build's log. */
interface PrintPage {
  page: Page;
  log: (message: string) => void;
}

/**
 * The pages of one browser that printed and were kept, owned by the session that owns the browser.
 * A kept page loads the next dossier in half the time of a new one (Chromium still holds its
 * decoded fonts and images), which is most of what a rebuild in watch mode costs; a page that
 * failed in any way is closed, never kept.
 */
export class PagePool {
  private idle: Promise<PrintPage>[] = [];
  constructor(readonly browser: Browser) {}

  /** Opens a page ready to print while the caller does other work: the first print then skips that step. */
  prepare(): void {
    const printPage = setUpPage(this.browser);
    printPage.catch(() => {});
    this.idle.push(printPage);
  }

  async take(): Promise<PrintPage> {
    const kept = await this.idle.pop()?.catch(() => undefined);
    return kept !== undefined && !kept.page.isClosed() ? kept : setUpPage(this.browser);
  }

  keep(printPage: PrintPage): void {
    this.idle.push(Promise.resolve(printPage));
  }

  /** Closes the kept pages: a shared remote browser must not be left holding them. */
  async release(): Promise<void> {
    const kept = this.idle;
    this.idle = [];
    await Promise.all(kept.map((printPage) => printPage.then(({ page }) => page.close()).catch(() => {})));
  }
}

async function setUpPage(browser: Browser): Promise<PrintPage> {
  const page = await browser.newPage();
  const printPage: PrintPage = { page, log: () => {} };
  // The HTML embeds its fonts and charts; anything else it asks for is refused, so no data
  // file can make the browser fetch, call home or read local files. Offline, the page reaches no
  // network even on a browser we did not start (--browser-url), and even with what request
  // interception never sees (a prefetch); interception still names what was refused.
  await page.setOfflineMode(true);
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url().startsWith("data:")) void request.continue();
    else {
      printPage.log(`refused a request from the page: ${request.url()}`);
      void request.abort("blockedbyclient");
    }
  });
  page.on("pageerror", (error) => printPage.log(`page error: ${error instanceof Error ? error.message : String(error)}`));
  page.on("console", (message) => printPage.log(`page console: ${message.text()}`));
  // A page whose renderer crashed between two builds is closed, so that the next build opens another.
  page.on("error", () => void page.close().catch(() => {}));
  await page.setJavaScriptEnabled(false);
  return printPage;
}

const STOPPED_WHILE_PRINTING = "The browser stopped while printing (it crashed or was killed); nothing was written. Run the build again.";

/**
 * Prints the HTML to PDF, then mends the PDF in Node (PDF/UA, PDF/A, safe links, reproducible
 * bytes). Chrome cannot tell where a heading lands (puppeteer #1778), so a document with a table
 * of contents is printed twice: the first print's bookmarks give each heading's page, the second
 * prints them in place of same-width placeholders, and the bookmarks of that second print are
 * checked against the numbers it shows.
 */
export async function printPdf(html: string, options: PdfOptions): Promise<PrintedPdf> {
  const { document, links, text, contents, html: printedHtml } = await printInBrowser(html, options);
  // The mending takes Node's thread for a while: first, whatever waited for the browser to be
  // free (the next edition's print) gets it going.
  await setImmediate();
  // Described while each still has its target: a link that loses its action below keeps its words.
  describeLinks(document, links);
  // Whatever the templates made of links, the PDF may only open web pages and e-mails, or move within itself.
  keepSafeLinks(document);
  mendPageContents(document, mendStructure(document), text);
  const stamped = await stampMetadata(document, options.metadata);
  return { ...stamped, contents, ...(printedHtml === undefined ? {} : { html: printedHtml }) };
}

/** Loads the HTML in a page of the browser and prints it, with what the mending needs from the page. */
async function printInBrowser(html: string, options: PdfOptions): Promise<FromPage> {
  const { pages, timeout } = options;
  const { browser } = pages;
  const limit = deadline(timeout);
  limit.promise.catch(() => {});
  // A browser that dies mid-print ends the print at once: a command waiting on it (a page's load,
  // say) may otherwise notice only when its own timer runs out.
  let onGone = () => {};
  const gone = new Promise<never>((_, reject) => {
    onGone = () => reject(new PrintError(STOPPED_WHILE_PRINTING));
    browser.once("disconnected", onGone);
  });
  gone.catch(() => {});
  let printPage: PrintPage | undefined;
  let printed = false;
  try {
    options.trace?.(`printing in the browser with pid ${browser.process()?.pid ?? "(remote)"}`);
    printPage = await Promise.race([pages.take(), limit.promise, gone]);
    printPage.log = options.log ?? (() => {});
    const result = await Promise.race([printOnPage(printPage.page, html, options), limit.promise, gone]);
    printed = true;
    return result;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError") throw tookTooLong(timeout, error);
    if (!browser.connected || name === "TargetCloseError" || name === "ProtocolError") {
      throw new PrintError(STOPPED_WHILE_PRINTING, 1, { cause: error });
    }
    throw error;
  } finally {
    limit.cancel();
    browser.off("disconnected", onGone);
    if (printPage !== undefined) {
      if (printed) {
        printPage.log = () => {};
        pages.keep(printPage);
      } else void printPage.page.close().catch(() => {});
    }
    if (printed) options.onBrowserDone?.();
  }
}

/** The last build's page numbers when it listed the very same sections; nothing to go on otherwise. */
function guessFrom(titles: string[], lastContents: readonly ContentsEntry[] | undefined): string[] {
  const same = lastContents?.length === titles.length && lastContents.every((entry, index) => entry.title === titles[index]);
  return same ? lastContents.map((entry) => String(entry.page)) : [];
}

/** Prints the page, failing the build when the page that is printed is not the page that was loaded. */
async function printOnPage(page: Page, html: string, options: PdfOptions): Promise<FromPage> {
  // setContent itself is no navigation: any navigation of the main frame from here on is the page's own.
  let navigatedTo: string | undefined;
  const onNavigated = (frame: Frame) => {
    if (frame === page.mainFrame()) navigatedTo ??= frame.url();
  };
  page.on("framenavigated", onNavigated);
  try {
    const printed = await printLoadedPage(page, html, options);
    if (navigatedTo !== undefined) throw pageReplaced(`it navigated to ${navigatedTo}`);
    return printed;
  } catch (error) {
    if (navigatedTo !== undefined) throw pageReplaced(`it navigated to ${navigatedTo}`);
    // A page closed under the evaluation, or a browser gone, is a crash, which printPdf names.
    if (isContextDestroyed(error) && !page.isClosed() && page.browser().connected) throw pageReplaced("it navigated away");
    throw error;
  } finally {
    page.off("framenavigated", onNavigated);
  }
}

async function printLoadedPage(
  page: Page,
  html: string,
  { format, timeout, keepHtml = false, lastContents, trace }: PdfOptions,
): Promise<FromPage> {
  await page.setContent(html, { waitUntil: "load", timeout });

  const { titles, listed, refresh } = await listSections(page);
  // Caught before it fires, however long its delay: a kept page would carry it into the next build.
  if (refresh !== undefined) throw pageReplaced(`a <meta http-equiv=refresh content=${refresh}>`);
  /** Prints, and reads back where each heading landed: every heading must be in the PDF. */
  const print = async () => {
    const document = await parsePdf(await page.pdf({ format, printBackground: true, tagged: true, outline: true, timeout }));
    const landed = pagesOf(document, titles);
    const lost = titles.filter((_, index) => landed[index] === "");
    if (lost.length > 0) throw headingsLost(lost);
    return { document, landed };
  };
  const numbered = listed ? titles : [];
  let shown = guessFrom(numbered, lastContents);
  if (shown.length > 0) await fillPageNumbers(page, shown);
  let printed = await print();
  let prints = 1;
  for (let attempt = 0; listed && attempt < 3 && printed.landed.join() !== shown.join(); attempt++) {
    await fillPageNumbers(page, printed.landed);
    shown = printed.landed;
    printed = await print();
    prints++;
  }
  trace?.(`printed ${prints === 1 ? "once" : `${prints} times`} to put the page numbers in the table of contents`);
  return {
    document: printed.document,
    links: await linkDescriptions(page),
    text: await page.evaluate(() => globalThis.document.body.innerText),
    contents: numbered.map((title, index) => ({ title, page: Number(shown[index]) })),
    ...(keepHtml ? { html: await page.content() } : {}),
  };
}
