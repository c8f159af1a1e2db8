// Every stage of a build has a time limit (--timeout). A stage that waits (for a file, for the
// browser) is raced against a timer. A stage stuck in synchronous JavaScript (a template whose
// loops run for minutes) never lets a timer run, so a watchdog thread interrupts it the way a
// debugger stops a runaway script (the inspector's Runtime.terminateExecution); the timer then
// reports the overrun like any other. The interrupted code is abandoned, and with it whatever
// promise callbacks were queued at that moment: the build is reported failed, never resumed.
import { Worker } from "node:worker_threads";
import type { UserError } from "./errors.js";

/**
 * The watchdog, in its own thread: it sees the main thread stuck when a limit it was given is
 * past by GRACE_MS (a free main thread clears the limit when its timer fires). Where the inspector
 * is missing from Node, or the main thread is stuck in a system call (which no interrupt reaches),
 * it prints the overrun itself and ends the process (status 137): late, but it ends.
 */
const WATCHDOG = `
const { parentPort } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const GRACE_MS = 1000;
const UNSTUCK_MS = 2000;
const limits = new Map();
function interruptMainThread() {
  // Connected only now: a session left connected makes Node print "Waiting for the debugger to
  // disconnect..." as it exits.
  try {
    const { Session } = require("node:inspector");
    const session = new Session();
    session.connectToMainThread();
    session.post("Runtime.terminateExecution", () => session.disconnect());
    return true;
  } catch {
    return false;
  }
}
parentPort.on("message", ({ id, deadline, message }) => {
  if (deadline === undefined) limits.delete(id);
  else limits.set(id, { deadline, message, interruptedAt: undefined });
});
setInterval(() => {
  const now = performance.timeOrigin + performance.now();
  const overdue = [...limits.values()].filter((limit) => now >= limit.deadline + GRACE_MS);
  if (overdue.length === 0) return;
  const interrupted = overdue.find((limit) => limit.interruptedAt !== undefined);
  if (interrupted === undefined && interruptMainThread()) {
    for (const limit of overdue) limit.interruptedAt = now;
  } else if (interrupted === undefined || now >= interrupted.interruptedAt + UNSTUCK_MS) {
    writeSync(2, "error: " + overdue[0].message + "\\n");
    process.kill(process.pid, "SIGKILL");
  }
}, 250);
`;

// The process's one watchdog, shared by every session in it: it watches the main thread, which is
// the process's, not a session's (and may end the process, as only a stuck system call leaves it).
let watchdog: Worker | undefined;
let nextId = 0;
let abandoned = false;

function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Runs one stage of work within limitMs, or rejects with the overrun error when it takes longer.
 * The watchdog thread starts with the first limit and lives as long as the process, without
 * keeping it alive.
 */
export async function withinTime<T>(limitMs: number, overrun: UserError, work: () => T | Promise<T>): Promise<T> {
  if (watchdog === undefined) {
    // Its own empty execArgv: the code is CommonJS even where Node runs with --input-type=module.
    watchdog = new Worker(WATCHDOG, { eval: true, execArgv: [] });
    // A watchdog that cannot run must not take the build down: the timers still bound every wait.
    watchdog.on("error", () => {});
    watchdog.unref();
  }
  const id = nextId++;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandoned = true;
      reject(overrun);
    }, limitMs);
  });
  watchdog.postMessage({ id, deadline: now() + limitMs, message: overrun.message });
  try {
    return await Promise.race([Promise.resolve().then(work), late]);
  } finally {
    clearTimeout(timer);
    watchdog.postMessage({ id });
  }
}

/** How long pending file-system calls may go without any of them finishing before they are taken for stuck. */
const STUCK_MS = 2_000;

function fileSystemCallsPending(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith("FSReq")).length;
}

/**
 * process.exit, except after a stage was abandoned while a file-system call is still pending:
 * Node waits at exit for its file-system threads, and a call that never returns (opening a FIFO
 * that nobody writes to, a hung network disk) would hold the exit forever. Pending calls are
 * given time while they progress (a busy machine is slow, not stuck); when none has finished for
 * STUCK_MS, the process ends itself with SIGKILL (status 137), its error already printed.
 */
export async function exitProcess(code: number | undefined): Promise<never> {
  let pending = abandoned ? fileSystemCallsPending() : 0;
  let progressAt = performance.now();
  while (pending > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = fileSystemCallsPending();
    if (now !== pending) progressAt = performance.now();
    else if (performance.now() - progressAt > STUCK_MS) process.kill(process.pid, "SIGKILL");
    pending = now;
  }
  return process.exit(code);
}
