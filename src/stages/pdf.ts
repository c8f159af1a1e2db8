import type { Browser } from "puppeteer";
import { UserError } from "../errors.js";

export const PAGE_FORMATS = ["A4", "Letter"] as const;
export type PageFormat = (typeof PAGE_FORMATS)[number];

export interface PdfOptions {
  /** A running browser, owned by the caller (tests share one; watch mode keeps one warm). */
  browser: Browser;
  format: PageFormat;
  /** The longest the print may take, in milliseconds. */
  timeout: number;
  /** Receives what the page reports: failed requests, console messages, errors. */
  log?: (message: string) => void;
}

/** Prints self-contained HTML to PDF in a fresh tab. */
export async function printPdf(html: string, { browser, format, timeout, log = () => {} }: PdfOptions): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    // The HTML embeds its fonts and charts; anything else it asks for is refused, so no data
    // file can make the browser fetch, call home or read local files.
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.url().startsWith("data:")) void request.continue();
      else {
        log(`refused a request from the page: ${request.url()}`);
        void request.abort("blockedbyclient");
      }
    });
    page.on("pageerror", (error) => log(`page error: ${error instanceof Error ? error.message : String(error)}`));
    page.on("console", (message) => log(`page console: ${message.text()}`));
    await page.setJavaScriptEnabled(false);
    await page.setContent(html, { waitUntil: "load", timeout });
    const pdf = await page.pdf({ format, printBackground: true, tagged: true, outline: true, timeout });
    return pdf;
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError")
      throw new UserError(`Printing the PDF took longer than ${timeout / 1000} s and was stopped.`, 1, { cause: error });
    throw error;
  } finally {
    await page.close().catch(() => {});
  }
}
