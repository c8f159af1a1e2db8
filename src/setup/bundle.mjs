// @ts-check
// The second half of `npm run build`: the daily commands (report, schedule) as one CommonJS file
// each, dist/report.bundle.cjs and dist/schedule.bundle.cjs, which src/setup/launch.cjs runs with
// V8's code cache; and the scheduler's skip alone (dist/skip.bundle.cjs), which it runs first.
// Loading ~600 modules file by file took half a second before anything ran; one file whose
// compiled code is kept takes a fraction of it. The bundles sit in dist/ beside the
// modules they are made of, so that every path a module finds from its own place (the project's
// root, the fonts, the package.json) is the same from the bundle.
//
// Usage: node src/setup/bundle.mjs   (after tsc has written dist/)
import { createHash } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { oneBytePerCharacter } from "./one-byte.mjs";

const rootDir = fileURLToPath(new URL("../..", import.meta.url));

/** The commands, by the name launch.cjs is given, with the compiled module each starts from. */
export const ENTRIES = { report: "dist/cli.js", schedule: "dist/schedule.js", skip: "dist/schedule-skip.js" };

// Left to Node's own loading: a native addon, and packages that read files beside themselves
// (harfbuzz's WebAssembly); and packages no daily run loads, which would only add to the code
// every run reads, hashes and keeps (~2.7 MB of 7): puppeteer's WebDriver BiDi, its browser
// downloader's command line, archives and proxies, cosmiconfig's TypeScript and YAML readers,
// and the file watcher of --watch. Should a run need one, Node loads it from node_modules (none
// has a second, nested copy there that its user would need instead; tar-fs has, and stays in).
const EXTERNAL = [
  "canvas",
  "subset-font",
  "harfbuzzjs",
  "typescript",
  "@tootallnate/quickjs-emscripten",
  "chromium-bidi",
  "yargs",
  "extract-zip",
  "pac-proxy-agent",
  "pac-resolver",
  "socks-proxy-agent",
  "socks",
  "get-uri",
  "basic-ftp",
  "ip-address",
  "esprima",
  "ast-types",
  "escodegen",
  "chokidar",
];

/**
 * cosmiconfig's YAML reader (its own js-yaml 4, nested in its folder) stays out with the others
 * above; the project's js-yaml, which reads the data on every run, is bundled.
 * @type {import("esbuild").Plugin}
 */
const cosmiconfigYamlLeftOut = {
  name: "cosmiconfig-yaml-left-out",
  setup(build) {
    build.onResolve({ filter: /^js-yaml$/ }, ({ path, importer }) =>
      /[\\/]node_modules[\\/]cosmiconfig[\\/]/.test(importer) ? { path, external: true } : undefined,
    );
  },
};

/**
 * A script compiled from V8's code cache loses what Node needs for import() (Node 20: "A dynamic
 * import callback was not specified"), and harfbuzz can only be imported. The bundle's import()
 * of the packages left out goes instead through __import, which launch.cjs hands in from a module
 * of its own, where import() works. Only an import() of one of them, written as a literal, is
 * rewritten (a package's subpath too, "yargs/helpers"): the same letters in a string or a
 * comment are left alone.
 * @param {string} code
 */
function importThroughLauncher(code) {
  const left = EXTERNAL.map((name) => name.replace(/[/.-]/g, "\\$&")).join("|");
  const literal = new RegExp(`(?<![\\w$.])import\\((["'])((?:${left})(?:/[\\w./-]+)?|node:[\\w/]+)\\1\\)`, "g");
  return code.replace(literal, "__import($1$2$1)");
}

/**
 * The bundle as the one function expression launch.cjs compiles and calls with a CommonJS module's
 * parameters, and __import and __bundleUrl (the entry's "#!" line dropped, esbuild's "use strict"
 * first in its body), at one byte per character. Wrapped here, not by the launcher: the launcher
 * compiles the file's text as it reads it, where a string built around it (and the "#!" line cut
 * from it) made two more copies of the bundle, at two bytes per character (~21 MB).
 * @param {string} code
 */
function asFunction(code) {
  const body = oneBytePerCharacter(code.replace(/^#!.*\n/, ""));
  return `(function (exports, require, module, __filename, __dirname, __import, __bundleUrl) {${body}\n})`;
}

await Promise.all(
  Object.entries(ENTRIES).map(async ([name, entry]) => {
    const outfile = join(rootDir, "dist", `${name}.bundle.cjs`);
    const { outputFiles } = await build({
      absWorkingDir: rootDir,
      entryPoints: [entry],
      outfile,
      write: false,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external: EXTERNAL,
      plugins: [cosmiconfigYamlLeftOut],
      // Each module's import.meta.url becomes the bundle's own, in the same folder, dist/: launch.cjs
      // hands it in, as it hands in require and __filename, so that esbuild's "use strict" stays first.
      define: { "import.meta.url": "__bundleUrl" },
      legalComments: "none",
      logLevel: "warning",
    });
    const [bundled] = outputFiles;
    if (bundled === undefined) throw new Error(`esbuild wrote nothing for ${entry}`);
    // Whole or not at all: a run started meanwhile reads the last bundle or this one, never half of it.
    const partial = `${outfile}.${process.pid}.tmp`;
    const code = asFunction(importThroughLauncher(bundled.text));
    // The commands that print cut fonts: a bundle whose harfbuzz import was not rerouted would fail then, not now.
    if (name !== "skip" && !code.includes('__import("harfbuzzjs")'))
      throw new Error(`${entry}: no import("harfbuzzjs") found to route through the launcher`);
    await writeFile(partial, code);
    await rename(partial, outfile);
    // The bundle's digest, which the software's fingerprint (version.ts) reads instead of its bytes.
    await writeFile(`${outfile}.sha256`, `${createHash("sha256").update(code).digest("hex")}\n`);
  }),
);
