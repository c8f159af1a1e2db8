// The output folder's lock: a build waits for a live one, and takes over at once from one that was
// killed (SIGKILL leaves its lock behind, fresh for another 15 s).
import { spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { lockOutput } from "../../src/output-lock.js";
import { tempDir } from "../support/project.js";

/** The PID of a process that has ended. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(ended.stdout);
}

/** A lock as a build leaves it: proper-lockfile's folder, and its holder's PID beside it. */
async function heldBy(dir: string, pid: number): Promise<void> {
  await mkdir(join(dir, ".build.lock"));
  await writeFile(join(dir, ".build.owner"), String(pid));
}

describe("the output folder's lock", () => {
  it("is taken over from a holder that is gone, and names its new holder until released", async () => {
    const dir = await tempDir();
    await heldBy(dir, deadPid());
    const release = await lockOutput(dir, 1_000);
    expect(await readFile(join(dir, ".build.owner"), "utf8")).toBe(String(process.pid));
    await release();
    expect((await readdir(dir)).filter((name) => name.startsWith(".build"))).toEqual([]);
  });

  it("is waited for while its holder lives, and then refused with the reason", async () => {
    const dir = await tempDir();
    // This very process holds it, as another build of the folder would.
    await heldBy(dir, process.pid);
    const error = await lockOutput(dir, 1_000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`Another build is writing to ${dir} and did not finish within 1 s; try again later.`);
  });
});
