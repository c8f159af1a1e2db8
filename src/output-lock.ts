// One build at a time per output folder, across processes: proper-lockfile's lock (a folder it
// refreshes while held, stale 15 s after its holder stops refreshing it), with the holder's PID
// beside it, so that the lock of a build that was killed is taken over at once instead of after 15 s.
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import lockfile from "proper-lockfile";
import { UserError, writeError } from "./errors.js";
import { isAbandoned, makeOutputFolder } from "./stages/write.js";

/**
 * The lock's folder (proper-lockfile's `<path>.lock`) and the file beside it naming its holder
 * (not in it: proper-lockfile checks that the folder's mtime is the one it last set).
 */
const LOCKED = ".build";
const lockFolder = (dir: string) => join(dir, `${LOCKED}.lock`);
const ownerFile = (dir: string) => join(dir, `${LOCKED}.owner`);

/**
 * True when the lock's holder is a process that is gone (killed: SIGKILL leaves no chance to
 * unlock). Then the lock is moved aside under a name of this process's own and removed. A lock
 * moved aside that is not the one found abandoned (another waiter took that one over first and
 * holds a fresh lock: its folder's mtime is newer) is put back, untouched.
 */
async function tookOverAbandoned(dir: string): Promise<boolean> {
  const [owner, written, locked] = await Promise.all([
    readFile(ownerFile(dir), "utf8").catch(() => undefined),
    stat(ownerFile(dir)).catch(() => undefined),
    stat(lockFolder(dir)).catch(() => undefined),
  ]);
  const pid = Number(owner);
  if (owner === undefined || written === undefined || locked === undefined) return false;
  // An owner older than the lock names an earlier holder, not this lock's (which has yet to name itself).
  if (written.mtimeMs + 1_000 < locked.birthtimeMs || !Number.isInteger(pid) || !isAbandoned(pid, written.mtimeMs)) return false;
  const aside = join(dir, `.${LOCKED}.lock.${process.pid}.abandoned`);
  try {
    await rename(lockFolder(dir), aside);
  } catch {
    return false;
  }
  if ((await stat(aside)).mtimeMs !== locked.mtimeMs) {
    await rename(aside, lockFolder(dir)).catch(() => rm(aside, { recursive: true, force: true }));
    return false;
  }
  await rm(aside, { recursive: true, force: true });
  // Unless a new holder has already named itself.
  if ((await readFile(ownerFile(dir), "utf8").catch(() => undefined)) === owner) await rm(ownerFile(dir), { force: true });
  return true;
}

/** Waits for another build of the folder to finish (at most waitMs), then holds the folder; returns the release. */
export async function lockOutput(dir: string, waitMs: number): Promise<() => Promise<void>> {
  await makeOutputFolder(dir);
  const deadline = Date.now() + waitMs;
  // Only a lock held by another build is waited for: proper-lockfile's own retries would retry a
  // read-only or full disk just the same, for a minute, before saying anything.
  for (;;) {
    try {
      // proper-lockfile keys its locks by the locked path: each lock gets a path of its own.
      const release = await lockfile.lock(join(dir, LOCKED), {
        realpath: false,
        stale: 15_000,
        update: 5_000,
        // proper-lockfile throws from a timer when another process took the lock over: in a
        // session that outlives the build (watch, schedule, a library host), that would end the
        // process. The build goes on; its files are renamed into place whole either way.
        onCompromised: () => {},
      });
      await writeFile(ownerFile(dir), String(process.pid)).catch(() => {});
      // The owner goes first: a holder named is a holder whose lock stands.
      return async () => {
        await rm(ownerFile(dir), { force: true });
        await release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw writeError(dir, error);
      if (await tookOverAbandoned(dir)) continue;
      if (Date.now() >= deadline)
        throw new UserError(
          `Another build is writing to ${dir} and did not finish within ${Math.round(waitMs / 1000)} s; try again later.`,
        );
      await sleep(1000);
    }
  }
}
