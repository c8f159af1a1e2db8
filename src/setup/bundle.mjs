// @ts-check
// The second half of `npm run build`: the daily commands (report, schedule) as one CommonJS file
// each, dist/report.bundle.cjs and dist/schedule.bundle.cjs, which src/setup/launch.cjs runs with
// V8's code cache. Loading ~600 modules file by file took half a second before anything ran; one
// file whose compiled code is kept takes a fraction of it. The bundles sit in dist/ beside the
// modules they are made of, so that every path a module finds from its own place (the project's
// root, the fonts, the package.json) is the same from the bundle.
//
// Usage: node src/setup/bundle.mjs   (after tsc has written dist/)
import { readFile, writeFile } from "node:fs/promises";
import { build } from "esbuild";

const root = new URL("../..", import.meta.url);

/** The commands, by the name launch.cjs is given, with the compiled module each starts from. */
export const ENTRIES = { report: "dist/cli.js", schedule: "dist/schedule.js" };

// Left to Node's own loading: a native addon, and packages that read files beside themselves
// (harfbuzz's WebAssembly) or that only a configuration we never use would load (puppeteer's
// cosmiconfig can require typescript; the proxy agent's PAC interpreter).
const EXTERNAL = ["canvas", "subset-font", "harfbuzzjs", "typescript", "@tootallnate/quickjs-emscripten"];

/**
 * A script compiled from V8's code cache loses what Node needs for import() (Node 20: "A dynamic
 * import callback was not specified"), and harfbuzz can only be imported. The bundle's import() of
 * the packages left out goes instead through __import, which launch.cjs hands in from a module
 * of its own, where import() works.
 */
/** @param {URL} file */
async function importThroughLauncher(file) {
  const code = await readFile(file, "utf8");
  const routed = code.replace(/(?<![\w$.])import\((?=["'])/g, "__import(");
  if (!routed.includes('__import("harfbuzzjs")')) throw new Error(`${file}: no import("harfbuzzjs") found to route through the launcher`);
  await writeFile(file, routed);
}

await Promise.all(
  Object.entries(ENTRIES).map(async ([name, entry]) => {
    const outfile = `dist/${name}.bundle.cjs`;
    await build({
      absWorkingDir: new URL(".", root).pathname,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external: EXTERNAL,
      // Each module's import.meta.url becomes the bundle's own: the same folder, dist/.
      define: { "import.meta.url": "__bundleUrl" },
      banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
      legalComments: "none",
      logLevel: "warning",
    });
    await importThroughLauncher(new URL(outfile, root));
  }),
);
