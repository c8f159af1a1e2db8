import { createRequire } from "node:module";

/** The tool's version from package.json: stamped in the PDF's Creator and in the inputs' hash. */
export const VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;
