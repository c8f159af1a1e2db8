import puppeteer, { type Browser } from "puppeteer";
import { afterAll, beforeAll, inject } from "vitest";
import { releasePages } from "../../src/stages/pdf.js";

/** Connects the test file to the Chromium that globalSetup started; closes its pages and disconnects (not closes) after. */
export function useSharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await puppeteer.connect({ browserWSEndpoint: inject("browserWSEndpoint") });
  });
  afterAll(async () => {
    if (browser !== undefined) await releasePages(browser);
    await browser?.disconnect();
  });
  return () => {
    if (browser === undefined) throw new Error("the shared browser is not connected yet");
    return browser;
  };
}
