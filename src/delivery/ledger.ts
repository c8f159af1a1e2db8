// The record of deliveries, kept in the edition's manifest: for each subscription, its message's
// id and each recipient's state. A recipient is marked "sending" before the server is asked and
// "accepted", "refused" or "failed" after, so a run that crashed in between does not send again
// what the server may already have accepted, and the next run sends only what was not.
import { readFile, rename, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { z } from "zod";
import { latestStem, type OutputNames, outputStem } from "../stages/output-names.js";

const RecipientState = z.object({
  status: z.enum(["sending", "accepted", "refused", "failed"]),
  /** The server's answer, or why no server answered (no credential in it). */
  response: z.string().optional(),
  attempts: z.number().int().nonnegative().default(0),
});
export type RecipientState = z.infer<typeof RecipientState>;

const DeliveryRecord = z.object({ messageId: z.string(), recipients: z.record(z.string(), RecipientState) });
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

/** What delivery reads of an edition's newest manifest. */
export const DeliveredEdition = z.object({
  file: z.string(),
  title: z.string(),
  reportDate: z.string(),
  changed: z.boolean().default(true),
  deliveries: z.record(z.string(), DeliveryRecord).default({}),
});
export type DeliveredEdition = z.infer<typeof DeliveredEdition>;

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, "utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The newest build of an edition, as delivery sees it; undefined when it was never built (or its manifest is not one). */
export async function readDeliveredEdition(dir: string, names: OutputNames): Promise<DeliveredEdition | undefined> {
  const parsed = DeliveredEdition.safeParse(await readJson(join(dir, `${latestStem(names)}.manifest.json`)));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Records one subscription's delivery in the edition's dated manifest, and in the latest one while
 * it is the same edition: each file rewritten beside itself and renamed into place, never half-written.
 */
export async function recordDelivery(
  dir: string,
  names: OutputNames,
  edition: DeliveredEdition,
  key: string,
  record: DeliveryRecord,
): Promise<void> {
  const dated = join(dir, `${outputStem(names, edition.reportDate)}.manifest.json`);
  const latest = join(dir, `${latestStem(names)}.manifest.json`);
  for (const path of [dated, latest]) {
    const manifest = await readJson(path);
    if (manifest === undefined || manifest.file !== edition.file) continue;
    const deliveries = typeof manifest.deliveries === "object" && manifest.deliveries !== null ? manifest.deliveries : {};
    // Named as the build names its temporary files, so that a crash's leftover is cleared the same way.
    const partial = join(dir, `.${basename(path)}.${process.pid}.partial`);
    await writeFile(partial, `${JSON.stringify({ ...manifest, deliveries: { ...deliveries, [key]: record } }, null, 2)}\n`);
    await rename(partial, path);
  }
}
