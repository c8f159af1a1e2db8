import type { TestProject } from "vitest/node";
import { closeBrowser, launchBrowser } from "../../src/browser.js";

declare module "vitest" {
  export interface ProvidedContext {
    browserWSEndpoint: string;
  }
}

/** One Chromium for the whole e2e run; closed even when tests fail. */
export default async function setup(project: TestProject) {
  const browser = await launchBrowser();
  project.provide("browserWSEndpoint", browser.wsEndpoint());
  return async () => {
    await closeBrowser(browser);
  };
}
