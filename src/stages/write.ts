import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors.js";

export interface WriteOptions {
  dir: string;
  fileName: string;
}

/**
 * Writes the PDF beside its final name and renames it into place, so a reader (or a mail job
 * picking up the newest file) never sees half a PDF, and a failed write leaves the old one.
 */
export async function writeOutput(pdf: Uint8Array, { dir, fileName }: WriteOptions): Promise<string> {
  const path = join(dir, fileName);
  const partial = join(dir, `.${fileName}.${process.pid}.partial`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(partial, pdf);
    await rename(partial, path);
    return path;
  } catch (error) {
    await rm(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const why =
      code === "ENOSPC"
        ? "the disk is full"
        : code === "EACCES" || code === "EPERM" || code === "EROFS"
          ? "it is not writable"
          : (error as Error).message;
    throw new UserError(`Cannot write ${path}: ${why}.`, 1, { cause: error });
  }
}
