// `npm run bench`: how long the dossier takes and how much memory it needs, side by side with the
// floor (a bare Chromium printing the same final HTML once), on this machine, in one run.
// Not a test: the numbers depend on the machine, so the targets are reported, never asserted.
//
// BENCH_RUNS=N changes the number of runs of each kind (default 5; median, min and max are shown).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as BrowserModule from "../../src/browser.js";
import type * as OptionsModule from "../../src/options.js";
import type * as PdfDocumentModule from "../../src/pdf/document.js";
import type * as PageContentModule from "../../src/pdf/page-content.js";
import type * as StructureModule from "../../src/pdf/structure.js";
import type * as PipelineModule from "../../src/pipeline.js";
import type * as SessionModule from "../../src/session.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Pinned, so that every run builds the very same PDF and the skip path has a date to match. */
const DATE = "2026-11-22";
const RUNS = Number.parseInt(process.env.BENCH_RUNS ?? "5", 10);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`BENCH_RUNS must be a whole number above 0 (got "${process.env.BENCH_RUNS}")`);
/** npm's own overhead needs fewer cold runs to show than the comparison with the floor. */
const NPM_RUNS = Math.min(RUNS, 3);
const SAMPLE_EVERY_MS = 50;
/** Decimal units throughout, the stricter reading of the targets' "KB" and "MB". */
const KB = 1000;
const MB = 1000 * 1000;

const TARGETS = { coldOverFloor: 1.3, warmOverCold: 0.35, skipMs: 100, pdfBytes: 500 * KB, memoryBytes: 400 * MB } as const;

/** What `npm run report` and `npm run schedule` run: the bundles, with V8's code cache (src/setup/launch.cjs). */
const LAUNCH = "src/setup/launch.cjs";
/** What the README's cron line and systemd unit run: the set-up check and the bundle, in one process. */
const BIN = "src/setup/bin.mjs";
/** Words of the charts' axes and marks, as pdftotext reads them from the PDF when they are text. */
const CHART_WORDS = ["US dollars, logarithmic scale", "$1bn", "more than $14 billion", "Month known"];

// The command's own compiled modules, as `npm run report` runs them; typed from src/ so that the
// bench type-checks on a fresh clone before dist/ exists.
async function fromDist<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(join(ROOT, "dist", file)).href)) as T;
}
const { STAGES } = await fromDist<typeof PipelineModule>("pipeline.js");
type Stage = PipelineModule.Stage;
const { buildRequest, ENGINE_TEMPLATES, parseReportOptions } = await fromDist<typeof OptionsModule>("options.js");
const { openSession } = await fromDist<typeof SessionModule>("session.js");
const { closeBrowser, launchBrowser } = await fromDist<typeof BrowserModule>("browser.js");
const { parsePdf, readOutline, stampMetadata } = await fromDist<typeof PdfDocumentModule>("pdf/document.js");
const { mendPageContents } = await fromDist<typeof PageContentModule>("pdf/page-content.js");
const { mendStructure } = await fromDist<typeof StructureModule>("pdf/structure.js");

// ---------------------------------------------------------------------------------------------
// Figures

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? (sorted[Math.floor(middle)] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

const median = (values: number[]) => spread(values).median;
const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "-");
const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / MB).toFixed(0)} MB` : "n/a");
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;
const say = (line = "") => process.stdout.write(`${line}\n`);
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** Columns of text: the first and any in leftAligned padded on the right, the figures on the left. */
function table(rows: string[][], leftAligned: number[] = []): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 || leftAligned.includes(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

// ---------------------------------------------------------------------------------------------
// Memory, from /proc: the measured process and every process below it (Chromium's browser,
// zygotes, GPU, utility and renderer processes). Chromium's two crash handlers detach from the
// tree and are left out (about 2 MB together). Linux only; elsewhere the figures read n/a.

interface ProcessInfo {
  parent: number;
  name: string;
  /** R running, S sleeping, Z zombie... */
  state: string;
  /** CPU time used so far (user + system), in clock ticks. */
  ticks: number;
}

/** Every process on the machine, by pid. */
function processTable(): Map<number, ProcessInfo> {
  const table = new Map<number, ProcessInfo>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name may hold spaces and parentheses: the fields after its last ")" are safe.
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      table.set(Number(entry), {
        parent: Number(fields[1]),
        name: text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")),
        state: fields[0] ?? "",
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // Exited while we looked.
    }
  }
  return table;
}

function descendantsOf(root: number, table = processTable()): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of table) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const found: number[] = [];
  for (let queue = [...(children.get(root) ?? [])]; queue.length > 0; ) {
    const pid = queue.shift() ?? 0;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Our own Chromium, once its parent is gone (a browser being closed, the crash handlers) is adopted by init. */
const isOrphanedChromium = (info: ProcessInfo) => info.parent === 1 && /^chrom/i.test(info.name);

/** A "Name:   123 kB" line of a /proc file, in bytes. */
const kbField = (text: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) * 1024;

/** A process's resident memory now, in bytes; 0 when it is gone. */
function resident(pid: number): number {
  try {
    return kbField(readFileSync(`/proc/${pid}/status`, "utf8"), "VmRSS");
  } catch {
    return 0;
  }
}

/** A process's proportional and private memory now, in bytes; 0 when it is gone. */
function shares(pid: number): { pss: number; private: number } {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    return { pss: kbField(text, "Pss"), private: kbField(text, "Private_Clean") + kbField(text, "Private_Dirty") };
  } catch {
    return { pss: 0, private: 0 };
  }
}

interface TreeMemory {
  /** Resident memory of Chromium's processes added up: pages they share are counted once per process. */
  rss: number;
  /** Proportional set size: each shared page split between the processes sharing it, so the sum is fair. */
  pss: number;
  /** Pages no other process maps: what PSS cannot fall below, however many other processes share the rest. */
  private: number;
  processes: number;
}

function chromiumMemory(parent: number): TreeMemory {
  const pids = descendantsOf(parent);
  const each = pids.map((pid) => ({ rss: resident(pid), ...shares(pid) }));
  return {
    rss: each.reduce((sum, process) => sum + process.rss, 0),
    pss: each.reduce((sum, process) => sum + process.pss, 0),
    private: each.reduce((sum, process) => sum + process.private, 0),
    processes: pids.length,
  };
}

interface MemoryPeak {
  /** The Node process's own peak, kept by the kernel (process.resourceUsage().maxRSS). */
  node: number;
  chromium: TreeMemory;
  /** Node's resident memory and Chromium's PSS sampled at the same instant, at their highest. */
  sameInstant: number;
}

const together = (peak: MemoryPeak) => peak.node + peak.chromium.pss;

/** The run whose Node + Chromium peak is the median of the runs'; undefined where memory cannot be read. */
function medianPeak(peaks: (MemoryPeak | undefined)[]): MemoryPeak | undefined {
  const read = peaks.filter((peak) => peak !== undefined).sort((a, b) => together(a) - together(b));
  return read[Math.floor((read.length - 1) / 2)];
}

/** "from 405 MB to 430 MB": how far the runs' Node + Chromium peaks spread. */
function spreadOf(peaks: (MemoryPeak | undefined)[]): string {
  const read = peaks.filter((peak) => peak !== undefined).map(together);
  return read.length === 0 ? "n/a" : `from ${mb(Math.min(...read))} to ${mb(Math.max(...read))}`;
}

function sampleMemory(child: ChildProcess): () => Omit<MemoryPeak, "node"> {
  const pid = child.pid ?? -1;
  const peak = { chromium: { rss: 0, pss: 0, private: 0, processes: 0 }, sameInstant: 0 };
  const sample = () => {
    const chromium = chromiumMemory(pid);
    peak.chromium = {
      rss: Math.max(peak.chromium.rss, chromium.rss),
      pss: Math.max(peak.chromium.pss, chromium.pss),
      private: Math.max(peak.chromium.private, chromium.private),
      processes: Math.max(peak.chromium.processes, chromium.processes),
    };
    peak.sameInstant = Math.max(peak.sameInstant, resident(pid) + chromium.pss);
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

const canSampleMemory = process.platform === "linux";

// ---------------------------------------------------------------------------------------------
// Processes

interface Line {
  /** Milliseconds after the spawn at which the line arrived. */
  at: number;
  text: string;
}

interface Exited {
  /** From spawn to exit, in milliseconds: what the user waits for. */
  ms: number;
  stdout: string;
  stderr: string;
  lines: Line[];
  memory: MemoryPeak | undefined;
}

/** Runs a command to its end; with memory, samples its process tree and reads its own peak. */
interface RunOptions {
  memory?: boolean;
  exitCode?: number;
  /** Where the command keeps its caches (DOSSIER_CACHE_DIR). */
  cacheDir?: string;
}

async function runProcess(command: string, args: string[], { memory = false, exitCode = 0, cacheDir }: RunOptions = {}): Promise<Exited> {
  const peakFile = join(os.tmpdir(), `dossier-bench-peak-${process.pid}`);
  const argv =
    memory && command === process.execPath ? ["--import", pathToFileURL(join(ROOT, "test/bench/peak-rss.mjs")).href, ...args] : args;
  const env = {
    ...process.env,
    INIT_CWD: ROOT,
    ...(memory ? { BENCH_PEAK_FILE: peakFile } : {}),
    ...(cacheDir === undefined ? {} : { DOSSIER_CACHE_DIR: cacheDir }),
  };
  const result = await new Promise<Omit<Exited, "memory"> & { sampled: Omit<MemoryPeak, "node"> | undefined }>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const stopSampling = memory && canSampleMemory ? sampleMemory(child) : undefined;
    let stdout = "";
    let stderr = "";
    let partial = "";
    const lines: Line[] = [];
    let exitedAt = Number.NaN;
    let sampled: Omit<MemoryPeak, "node"> | undefined;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const at = performance.now() - started;
      stdout += chunk;
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const text of parts) lines.push({ at, text });
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("exit", () => {
      exitedAt = performance.now() - started;
      sampled = stopSampling?.();
    });
    child.on("close", (code) => {
      if (code === exitCode) resolve({ ms: exitedAt, stdout, stderr, lines, sampled });
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stderr}${stdout}`));
    });
  });
  let node = Number.NaN;
  if (memory) {
    node = Number((await readFile(peakFile, "utf8").catch(() => "")).trim() || Number.NaN);
    await rm(peakFile, { force: true });
  }
  const { sampled, ...rest } = result;
  return {
    ...rest,
    memory: memory
      ? {
          node,
          ...(sampled ?? { chromium: { rss: Number.NaN, pss: Number.NaN, private: Number.NaN, processes: 0 }, sameInstant: Number.NaN }),
        }
      : undefined,
  };
}

const node = (script: string, args: string[], options?: RunOptions) => runProcess(process.execPath, [script, ...args], options);

// ---------------------------------------------------------------------------------------------
// The four runs

interface ColdRun {
  ms: number;
  stages: Record<Stage, number>;
  /** Spawn to the start of the load stage: Node starting and loading the command's modules. */
  startup: number;
  /** End of the write stage to exit: closing the browser, releasing the lock, exiting. */
  teardown: number;
}

const STAGE_LINE = /^(\w+)\s+(\d+) ms$/;

function coldRun(exited: Exited): ColdRun {
  const stages = {} as Record<Stage, number>;
  const arrivals = new Map<string, number>();
  for (const line of exited.lines) {
    const match = STAGE_LINE.exec(line.text);
    const stage = STAGES.find((name) => name === match?.[1]);
    if (stage === undefined || match?.[2] === undefined) continue;
    stages[stage] = Number(match[2]);
    arrivals.set(stage, line.at);
  }
  const missing = STAGES.filter((stage) => stages[stage] === undefined);
  if (missing.length > 0) throw new Error(`the report printed no time for ${missing.join(", ")}:\n${exited.stdout}`);
  return {
    ms: exited.ms,
    stages,
    startup: (arrivals.get("load") ?? Number.NaN) - stages.load,
    teardown: exited.ms - (arrivals.get("write") ?? Number.NaN),
  };
}

interface FloorPhases {
  import: number;
  launch: number;
  load: number;
  print: number;
  close: number;
  bytes: number;
}

function floorRun(exited: Exited): { ms: number; phases: FloorPhases } {
  return { ms: exited.ms, phases: JSON.parse(exited.stdout.trim().split("\n").at(-1) ?? "{}") as FloorPhases };
}

interface Manifest {
  file: string;
  bytes: number;
  pages: number;
}

async function manifestIn(dir: string, lang = "en"): Promise<Manifest> {
  const name = `meta-ai-strategy-latest${lang === "en" ? "" : `.${lang}`}.manifest.json`;
  return JSON.parse(await readFile(join(dir, name), "utf8")) as Manifest;
}

/** The English edition's PDF in a folder, as a digest: the same bytes or not. */
async function pdfDigest(dir: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(join(dir, `meta-ai-strategy-${DATE}.pdf`)))
    .digest("hex");
}

/** One kept runner, as watch mode has: the first build (browser start, first chart) is reported apart. */
async function warmRuns(out: string) {
  let stages = {} as Record<Stage, number>;
  const session = openSession({ timeout: 60_000, engineTemplates: ENGINE_TEMPLATES });
  const request = buildRequest(parseReportOptions(["--date", DATE, "--out", out, "--lang", "en"]), (stage, milliseconds) => {
    stages[stage] = milliseconds;
  });
  const runs: { ms: number; stages: Record<Stage, number> }[] = [];
  const chromium: TreeMemory[] = [];
  try {
    for (let run = 0; run <= RUNS; run++) {
      stages = {} as Record<Stage, number>;
      const start = performance.now();
      await session.build(request());
      runs.push({ ms: performance.now() - start, stages });
      if (canSampleMemory && (run === 0 || run === RUNS)) chromium.push(chromiumMemory(process.pid));
    }
  } finally {
    await session.close();
  }
  const [first, ...rest] = runs;
  return { first, runs: rest, chromium };
}

/** The pdf stage's steps one by one on a warm browser, with the same calls as src/stages/pdf.ts. */
async function pdfSteps(html: string) {
  const launches: number[] = [];
  const steps: Record<string, number[]> = {};
  const time = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await run();
    steps[step] = [...(steps[step] ?? []), performance.now() - start];
    return result;
  };
  let version = "";
  for (let launch = 0; launch < 3; launch++) {
    const start = performance.now();
    const browser = await launchBrowser();
    launches.push(performance.now() - start);
    try {
      version = await browser.version();
      if (launch > 0) continue;
      const page = await time("newPage", () => browser.newPage());
      await page.setRequestInterception(true);
      page.on("request", (request) => void (request.url().startsWith("data:") ? request.continue() : request.abort("blockedbyclient")));
      await page.setJavaScriptEnabled(false);
      // The pdf stage keeps its page between builds: the first load is a new page's, the others a kept one's.
      for (let run = 0; run < 4; run++) {
        await time(run === 0 ? "setContent (new page)" : "setContent (kept page)", () => page.setContent(html, { waitUntil: "load" }));
        const print = () => page.pdf({ format: "A4", printBackground: true, tagged: true, outline: true });
        const first = await time("print 1", print);
        readOutline(await time("parse", () => parsePdf(first)));
        const second = await time("print 2", print);
        const parsed = await time("parse", () => parsePdf(second));
        readOutline(parsed);
        const metadata = { title: "t", author: "a", subject: "s", keywords: ["k"], creator: "c", date: DATE };
        const decorations = await time("mendStructure", async () => mendStructure(parsed));
        await time("mendPageContents", async () => mendPageContents(parsed, decorations));
        await time("stampMetadata (and archival, save)", () => stampMetadata(parsed, metadata));
        await time("page.content", () => page.content());
      }
      await page.close();
    } finally {
      await closeBrowser(browser);
    }
  }
  // Each print is parsed once (its outline read from it); the figure is the two parses together.
  const perBuild = Object.entries(steps).map(([step, values]) => [step, median(values) * (step === "parse" ? 2 : 1)] as const);
  return { launch: spread(launches), steps: perBuild, version };
}

// ---------------------------------------------------------------------------------------------

const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

/** Chromium processes that are not ours: another build, test run or watcher on the machine. */
function otherChromium(): number {
  if (!canSampleMemory) return 0;
  const table = processTable();
  const ours = new Set(descendantsOf(process.pid, table));
  return [...table].filter(([pid, info]) => !ours.has(pid) && !isOrphanedChromium(info) && info.state !== "Z" && /^chrom/i.test(info.name))
    .length;
}

/**
 * Another build, test run or compiler on the machine skews the figures. A look at every process's
 * CPU time twice a second, per part of the bench, says how much of the CPUs others took and so
 * which figures to distrust, instead of hiding it.
 */
const TICKS_PER_SECOND = 100; // Linux's USER_HZ
const contention = new Map<string, { ticks: number; seconds: number }>();
let part = "set-up";
function begin(name: string, detail = name): void {
  part = name;
  progress(detail);
}
let lastTicks = new Map<number, number>();
let lastLook = performance.now();
const watcher = setInterval(() => {
  if (!canSampleMemory) return;
  const table = processTable();
  const ours = new Set([process.pid, ...descendantsOf(process.pid, table)]);
  let ticks = 0;
  for (const [pid, info] of table) {
    const before = lastTicks.get(pid);
    if (before !== undefined && !ours.has(pid) && !isOrphanedChromium(info)) ticks += info.ticks - before;
  }
  lastTicks = new Map([...table].map(([pid, info]) => [pid, info.ticks]));
  const now = performance.now();
  const seen = contention.get(part) ?? { ticks: 0, seconds: 0 };
  contention.set(part, { ticks: seen.ticks + ticks, seconds: seen.seconds + (now - lastLook) / 1000 });
  lastLook = now;
}, 500);
/** The share of the machine's CPUs that other processes used during a part of the bench. */
const othersShare = (name: string) => {
  const seen = contention.get(name);
  return seen === undefined || seen.seconds === 0 ? Number.NaN : seen.ticks / (TICKS_PER_SECOND * seen.seconds * os.cpus().length);
};

/** The chart words pdftotext finds missing in a PDF; undefined when pdftotext is not installed. */
function chartWordsMissing(pdf: string): string[] | undefined {
  try {
    const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
    return CHART_WORDS.filter((words) => !text.includes(words));
  } catch {
    return undefined;
  }
}

const scratch = await mkdtemp(join(os.tmpdir(), "dossier-bench-"));
const dir = (name: string) => join(scratch, name);
const started = performance.now();
try {
  const load = loadAverage();
  const busy = otherChromium();

  begin("set-up", "the compiled code's cache, the final HTML and the French edition");
  // One edition, English, as the figures have always measured.
  const cliArgs = (out: string) => ["--date", DATE, "--out", out, "--lang", "en"];
  // The code cache as every run after a command's first finds it, and nothing else: no chart, no
  // fonts' cut. Each cold run gets its own copy, so that what one run keeps never reaches the next.
  const seed = dir("seed-cache");
  await node(LAUNCH, ["report", ...cliArgs(dir("seed"))], { cacheDir: seed });
  await node(LAUNCH, ["schedule", "--once", "--force", ...cliArgs(dir("seed"))], { cacheDir: seed });
  await node(LAUNCH, ["schedule", "--once", ...cliArgs(dir("seed"))], { cacheDir: seed, exitCode: 3 });
  const codeOnly = dir("code-cache");
  await cp(seed, codeOnly, { recursive: true, filter: (path) => path === seed || /\/(report|schedule|skip)-[0-9a-f]+\.v8$/.test(path) });
  let copies = 0;
  const codeCache = async () => {
    const copy = dir(`code-cache-${copies++}`);
    await cp(codeOnly, copy, { recursive: true });
    return copy;
  };
  await node(LAUNCH, ["report", ...cliArgs(dir("html")), "--html"], { cacheDir: await codeCache() });
  const built = await manifestIn(dir("html"));
  const htmlPath = join(dir("html"), built.file.replace(/\.pdf$/, ".html"));
  const html = await readFile(htmlPath, "utf8");
  await node(LAUNCH, ["report", "--date", DATE, "--out", dir("fr"), "--lang", "fr"], { cacheDir: await codeCache() });
  const french = await manifestIn(dir("fr"), "fr");

  begin("Node start");
  const bare: number[] = [];
  const bundled: number[] = [];
  const modules: number[] = [];
  const setup: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    bare.push((await runProcess(process.execPath, ["-e", "0"])).ms);
    bundled.push((await node(LAUNCH, ["report", "--help"], { cacheDir: codeOnly })).ms);
    modules.push((await node("dist/cli.js", ["--help"])).ms);
    setup.push((await node("src/setup/ensure.mjs", ["--for", "report"])).ms);
  }

  // As out/ is on the day after the first build: its manifest holds the last table of contents.
  await node(LAUNCH, ["report", ...cliArgs(dir("cold"))], { cacheDir: await codeCache() });
  // With the charts and the fonts' cut of the same data kept, as a daily run finds them.
  await cp(codeOnly, dir("hit-cache"), { recursive: true });
  await node(LAUNCH, ["report", ...cliArgs(dir("hit"))], { cacheDir: dir("hit-cache") });
  // Cold, floor and the others take turns, so that a machine that gets busier or quieter weighs on all alike.
  const cold: ColdRun[] = [];
  const unbundled: ColdRun[] = [];
  const hit: ColdRun[] = [];
  const firstBuild: ColdRun[] = [];
  /** The README's npm run report as typed: every edition the dossier declares, not only the English. */
  const everyEdition: number[] = [];
  const floor: { ms: number; phases: FloorPhases }[] = [];
  const digests = new Map<string, Set<string>>();
  const digest = async (kind: string, folder: string) => {
    digests.set(kind, (digests.get(kind) ?? new Set()).add(await pdfDigest(folder)));
  };
  for (let run = 0; run < RUNS; run++) {
    begin("cold and floor", `cold and floor, run ${run + 1} of ${RUNS}`);
    cold.push(coldRun(await node(LAUNCH, ["report", ...cliArgs(dir("cold"))], { cacheDir: await codeCache() })));
    await digest("cold", dir("cold"));
    floor.push(floorRun(await node("test/bench/floor.mjs", [htmlPath, dir("floor.pdf")])));
    unbundled.push(coldRun(await node("dist/cli.js", cliArgs(dir("cold")), { cacheDir: dir(`empty-cache-${run}`) })));
    await digest("unbundled", dir("cold"));
    hit.push(coldRun(await node(LAUNCH, ["report", ...cliArgs(dir("hit"))], { cacheDir: dir("hit-cache") })));
    await digest("cache hit", dir("hit"));
    firstBuild.push(coldRun(await node(LAUNCH, ["report", ...cliArgs(dir(`empty-${run}`))], { cacheDir: await codeCache() })));
    everyEdition.push((await node(LAUNCH, ["report", "--date", DATE, "--out", dir("every")], { cacheDir: await codeCache() })).ms);
  }
  const product = await manifestIn(dir("cold"));
  begin("npm", "through npm run report");
  // The set-up check compiles or installs when someone changed src/ or package.json meanwhile: said, not hidden.
  let setupWorked = false;
  const viaNpmRun = async (args: string[], exitCode = 0) => {
    const exited = await runProcess("npm", ["run", ...args], { exitCode, cacheDir: await codeCache() });
    if (/^setup: (compiling|installing)/m.test(exited.stderr)) setupWorked = true;
    return exited.ms;
  };
  const viaNpm: number[] = [];
  for (let run = 0; run < NPM_RUNS; run++) {
    viaNpm.push(await viaNpmRun(["report", "--", ...cliArgs(dir("npm"))]));
    await digest("npm run report", dir("npm"));
  }

  begin("memory", `peak memory (${RUNS} cold runs and ${RUNS} floor runs, sampled)`);
  // Each peak moves by 10-20 MB from run to run (Chromium's renderer most): the median run of several.
  const coldPeaks: (MemoryPeak | undefined)[] = [];
  const floorPeaks: (MemoryPeak | undefined)[] = [];
  for (let run = 0; run < RUNS; run++) {
    coldPeaks.push((await node(LAUNCH, ["report", ...cliArgs(dir("memory"))], { memory: true, cacheDir: await codeCache() })).memory);
    floorPeaks.push((await node("test/bench/floor.mjs", [htmlPath, dir("floor-memory.pdf")], { memory: true })).memory);
  }
  const coldMemory = medianPeak(coldPeaks);
  const floorMemory = medianPeak(floorPeaks);

  begin("warm", `warm: ${RUNS + 1} builds with one browser`);
  const warm = await warmRuns(dir("warm"));
  await digest("warm", dir("warm"));

  begin("remote", "one build on a running browser (--browser-url)");
  const remoteBrowser = await launchBrowser();
  try {
    const args = [...cliArgs(dir("remote")), "--browser-url", remoteBrowser.wsEndpoint()];
    await node(LAUNCH, ["report", ...args], { cacheDir: await codeCache() });
    await digest("remote", dir("remote"));
  } finally {
    await closeBrowser(remoteBrowser);
  }

  begin("skip", "scheduled runs on unchanged input");
  // 3: skipped, as it should.
  const skipOnce = async (script: string, args: string[]) => {
    const exited = await node(script, [...args, "--once", ...cliArgs(dir("warm"))], { exitCode: 3, cacheDir: codeOnly });
    const own = /skipped: .* in (\d+) ms/.exec(exited.stdout);
    if (own?.[1] === undefined) throw new Error(`the scheduled run did not skip:\n${exited.stdout}`);
    return { ms: exited.ms, own: Number(own[1]) };
  };
  // As cron finds it after the day's build: the scheduler has seen the dossier with this command line.
  await skipOnce(BIN, ["schedule"]);
  const skip: { ms: number; own: number }[] = [];
  const skipLaunched: number[] = [];
  const skipViaNpm: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    skip.push(await skipOnce(BIN, ["schedule"]));
    skipLaunched.push((await skipOnce(LAUNCH, ["schedule"])).ms);
    skipViaNpm.push(await viaNpmRun(["schedule", "--", "--once", ...cliArgs(dir("warm"))], 3));
  }

  begin("pdf steps", "the pdf stage step by step, and Chromium's launch");
  const steps = await pdfSteps(html);

  // -------------------------------------------------------------------------------------------
  // Report

  const coldMs = spread(cold.map((run) => run.ms));
  const npmMs = spread(viaNpm);
  const unbundledMs = spread(unbundled.map((run) => run.ms));
  const hitMs = spread(hit.map((run) => run.ms));
  const floorMs = spread(floor.map((run) => run.ms));
  const warmMs = spread(warm.runs.map((run) => run.ms));
  const skipMs = spread(skip.map((run) => run.ms));
  const overFloor = (value: Spread) => `${(value.median / floorMs.median).toFixed(2)}x`;
  const row = (name: string, value: Spread, ratio = "") => [name, ms(value.median), ms(value.min), ms(value.max), ratio];
  const once = (name: string, value: number) => [name, ms(value), "", "", ""];
  const cpus = os.cpus();

  say(
    `dossier bench, ${new Date().toISOString().slice(0, 10)}: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "?"}), ${mb(os.totalmem())} RAM, Node ${process.version}, ${steps.version}`,
  );
  say(
    `${RUNS} runs of each, report date ${DATE}; load average before: ${load}${busy > 0 ? `; ${busy} other Chromium processes were running` : ""}`,
  );
  const percent = (share: number) => (Number.isFinite(share) ? `${Math.round(100 * share)}%` : "n/a");
  say(`Other processes' share of the CPUs during the cold and floor runs: ${percent(othersShare("cold and floor"))}`);
  const disturbed = [...contention.keys()].filter((name) => othersShare(name) > 0.05);
  if (disturbed.length > 0) {
    const shares = disturbed.map((name) => `${name} ${percent(othersShare(name))}`);
    say(`Other processes took more than 5% of the CPUs during: ${shares.join(", ")}; those figures read high.`);
  }
  say(
    "Cold: a new process; new data, so no chart or fonts' cut kept can serve (only the compiled code's cache); out/ holds the last build.",
  );
  say();
  say(
    table([
      ["", "median", "min", "max", "/ floor"],
      row(`1. cold: npm run report, the daily command (${NPM_RUNS} runs)`, npmMs, overFloor(npmMs)),
      row("   the same without npm: node src/setup/launch.cjs report", coldMs, overFloor(coldMs)),
      row("   the same from the modules, unbundled, no cache: node dist/cli.js", unbundledMs, overFloor(unbundledMs)),
      row("   launch.cjs into an empty folder (no table of contents to start from)", spread(firstBuild.map((run) => run.ms))),
      row("   launch.cjs, every edition the dossier declares (English and French)", spread(everyEdition)),
      row("   the set-up check alone (ensure.mjs)", spread(setup)),
      row("2. floor: bare Chromium, one print", floorMs),
      row("3. cache hit: same data, its charts and fonts' cut kept (launch.cjs)", hitMs, overFloor(hitMs)),
      row("4. warm rebuild, browser kept", warmMs),
      once("   first build in that process (dropped)", warm.first?.ms ?? Number.NaN),
      row("5. skip: node src/setup/bin.mjs schedule --once (cron, systemd)", skipMs),
      row("   the time it logs itself", spread(skip.map((run) => run.own))),
      row("   node src/setup/launch.cjs schedule --once", spread(skipLaunched)),
      row("   npm run schedule -- --once", spread(skipViaNpm)),
    ]),
  );
  if (setupWorked) say("   (during the npm runs the set-up check compiled src/ or installed packages: their max includes it)");
  say();

  say("Where the time goes (medians, ms): startup = spawn to the load stage, teardown = write stage to exit");
  const stageMedians = (runs: { stages: Record<Stage, number> }[]) => STAGES.map((stage) => median(runs.map((run) => run.stages[stage])));
  const round = (values: number[]) => values.map((value) => (Number.isFinite(value) ? String(Math.round(value)) : "-"));
  const coldRow = (name: string, runs: ColdRun[]) => [
    name,
    ...round([
      median(runs.map((run) => run.startup)),
      ...stageMedians(runs),
      median(runs.map((run) => run.teardown)),
      median(runs.map((run) => run.ms)),
    ]),
  ];
  say(
    table([
      ["", "startup", ...STAGES, "teardown", "total"],
      coldRow("cold (launch.cjs)", cold),
      coldRow("cold, unbundled", unbundled),
      coldRow("cold, empty folder", firstBuild),
      coldRow("cache hit", hit),
      ["warm", ...round([Number.NaN, ...stageMedians(warm.runs), Number.NaN, warmMs.median])],
      [
        "warm, first build",
        ...round([Number.NaN, ...stageMedians(warm.first ? [warm.first] : []), Number.NaN, warm.first?.ms ?? Number.NaN]),
      ],
    ]),
  );
  const phase = (name: keyof FloorPhases) => median(floor.map((run) => run.phases[name]));
  say(
    `floor's own phases: Node + imports ${ms(phase("import"))}, launch ${ms(phase("launch"))}, setContent ${ms(phase("load"))}, print ${ms(phase("print"))}, close ${ms(phase("close"))}`,
  );
  say(
    `Node: bare start ${ms(median(bare))}; to the report's --help from the bundle and its code cache ${ms(median(bundled))}, from the modules one by one ${ms(median(modules))}`,
  );
  say(
    `Chromium launch (launchBrowser, to a connected browser): ${ms(steps.launch.median)} [${ms(steps.launch.min)}-${ms(steps.launch.max)}]`,
  );
  say(
    `pdf stage step by step (warm browser, median of 4 prints on one page): ${steps.steps.map(([step, value]) => `${step} ${ms(value)}`).join(", ")}`,
  );
  say();

  say(
    `Peak memory (the median of ${RUNS} runs each by Node + Chromium, ${spreadOf(coldPeaks)} for the cold runs; sampled every ${SAMPLE_EVERY_MS} ms; MB = 10^6 bytes)`,
  );
  const memoryRow = (name: string, peak: MemoryPeak | undefined) =>
    peak === undefined
      ? [name, "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"]
      : [
          name,
          mb(peak.node),
          mb(peak.chromium.pss),
          mb(peak.chromium.private),
          String(peak.chromium.processes),
          mb(peak.node + peak.chromium.pss),
          mb(peak.sameInstant),
          mb(peak.chromium.rss),
        ];
  say(
    table([
      ["", "Node (peak RSS)", "Chromium (PSS)", "of it private", "processes", "together", "at one instant", "Chromium RSS added up"],
      memoryRow("cold (launch.cjs)", coldMemory),
      memoryRow("floor", floorMemory),
    ]),
  );
  say("  together = Node's peak + Chromium's peak. Chromium's PSS splits each shared page between the processes sharing it, so it adds up");
  say("  to what the process tree really holds; its RSS added up counts the shared binary and shared memory once per process.");
  if (busy > 0) say("  Other Chromium processes were running: they share pages with ours, so Chromium's PSS reads low.");
  const [afterFirst, afterLast] = warm.chromium;
  if (afterFirst !== undefined && afterLast !== undefined) {
    say(`  warm Chromium (PSS) after build 1: ${mb(afterFirst.pss)}; after build ${RUNS + 1}: ${mb(afterLast.pss)}`);
  }
  say();

  const floorBytes = median(floor.map((run) => run.phases.bytes));
  const htmlBytes = (await stat(htmlPath)).size;
  say(
    `PDF: English ${product.bytes.toLocaleString("en")} bytes (${kb(product.bytes)}), ${product.pages} pages; French ${kb(french.bytes)}, ${french.pages} pages; Chrome's own print of the English (floor): ${kb(floorBytes)}; final HTML: ${kb(htmlBytes)}`,
  );
  const allDigests = new Set([...digests.values()].flatMap((set) => [...set]));
  const digestsBy = [...digests].map(([kind, set]) => `${kind} ${set.size === 1 ? [...set][0]?.slice(0, 12) : `${set.size} different`}`);
  say(`Bytes of the English PDF (sha256) by how it was built: ${digestsBy.join(", ")}`);
  const missingWords = chartWordsMissing(join(dir("cold"), `meta-ai-strategy-${DATE}.pdf`));
  say();

  const ratio = (value: Spread, base: Spread) => value.median / base.median;
  const npmOverFloor = ratio(npmMs, floorMs);
  const warmOverCold = ratio(warmMs, coldMs);
  const memory = coldMemory === undefined ? Number.NaN : coldMemory.node + coldMemory.chromium.pss;
  const targets: [string, string, boolean, string][] = [
    [
      `cold, new data, npm run report <= ${TARGETS.coldOverFloor}x floor`,
      `${npmOverFloor.toFixed(2)}x`,
      npmOverFloor <= TARGETS.coldOverFloor,
      `${ms(npmMs.median - TARGETS.coldOverFloor * floorMs.median)} (${(npmOverFloor - TARGETS.coldOverFloor).toFixed(2)}x)`,
    ],
    [
      `warm <= ${TARGETS.warmOverCold}x cold`,
      `${warmOverCold.toFixed(2)}x`,
      warmOverCold <= TARGETS.warmOverCold,
      `${ms(warmMs.median - TARGETS.warmOverCold * coldMs.median)} (${(warmOverCold - TARGETS.warmOverCold).toFixed(2)}x)`,
    ],
    [
      `skip, cron's command <= ${TARGETS.skipMs} ms`,
      ms(skipMs.median),
      skipMs.median <= TARGETS.skipMs,
      ms(skipMs.median - TARGETS.skipMs),
    ],
    [`English PDF <= ${kb(TARGETS.pdfBytes)}`, kb(product.bytes), product.bytes <= TARGETS.pdfBytes, kb(product.bytes - TARGETS.pdfBytes)],
    [`French PDF <= ${kb(TARGETS.pdfBytes)}`, kb(french.bytes), french.bytes <= TARGETS.pdfBytes, kb(french.bytes - TARGETS.pdfBytes)],
    [
      "chart text is text (pdftotext finds it)",
      missingWords === undefined ? "n/a" : `${CHART_WORDS.length - missingWords.length} of ${CHART_WORDS.length}`,
      missingWords !== undefined && missingWords.length === 0,
      missingWords === undefined ? "n/a (needs pdftotext)" : `missing ${missingWords.join(", ")}`,
    ],
    [
      "same bytes: cold, unbundled, npm, cache hit, warm, remote",
      allDigests.size === 1 ? "identical" : `${allDigests.size} different`,
      allDigests.size === 1,
      "differs",
    ],
    [`Node + Chromium peak <= ${mb(TARGETS.memoryBytes)}`, mb(memory), memory <= TARGETS.memoryBytes, mb(memory - TARGETS.memoryBytes)],
  ];
  say("Targets");
  const verdict = (ok: boolean, by: string) =>
    ok
      ? "ok"
      : by.startsWith("n/a")
        ? `not measured here (${by.slice(4, -1) || "needs Linux's /proc"})`
        : by === "differs"
          ? "differs"
          : by.startsWith("missing")
            ? by
            : `missed by ${by}`;
  say(table([["target", "measured", ""], ...targets.map(([name, measured, ok, by]) => [name, measured, verdict(ok, by)])], [2]));
  progress(`done in ${ms(performance.now() - started)}`);
} finally {
  clearInterval(watcher);
  await rm(scratch, { recursive: true, force: true });
}
