// @ts-check
// Preloaded (node --import) into a measured command by `npm run bench`: on exit, writes the
// process's peak resident memory to $BENCH_PEAK_FILE. The kernel keeps the true peak, which a
// sampler polling every few tens of milliseconds can miss; the commands end with process.exit(),
// which still runs "exit" listeners.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_PEAK_FILE;
if (file !== undefined && file !== "") {
  process.on("exit", () => {
    // maxRSS is in kilobytes (KiB).
    writeFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`);
  });
}
