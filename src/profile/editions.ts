// Which editions of a dossier a run prints: the dossier folder read with the command line's
// overrides. Light on purpose (no browser, no chart library): the scheduler's skip path uses it.
import { UserError } from "../errors.js";
import type { PageFormat } from "../schema.js";
import type { Edition } from "../stages/output-names.js";
import { type DossierFolder, loadDossierFolder } from "./load.js";

/** What the command line may set over a dossier's own settings. */
export interface Overrides {
  languages?: readonly string[] | undefined;
  formats?: readonly PageFormat[] | undefined;
  out?: string | undefined;
  data?: string | undefined;
  templates?: string | undefined;
}

/** The dossier's main edition: its first language and paper size, whose files carry no suffix. */
export function mainEdition(folder: DossierFolder): Edition {
  return { lang: folder.profile.languages[0] ?? "en", format: folder.profile.formats[0] ?? "A4" };
}

/** The dossier folder with the command line's overrides, and the editions they ask for. */
export async function resolveDossier(
  dir: string,
  engineTemplates: string,
  overrides: Overrides = {},
): Promise<{ folder: DossierFolder; editions: Edition[] }> {
  const loaded = await loadDossierFolder(dir, engineTemplates);
  const { profile } = loaded;
  for (const lang of overrides.languages ?? [])
    if (!profile.languages.includes(lang))
      throw new UserError(
        `--lang must be among the dossier's languages, ${profile.languages.join(", ")} (got "${lang}"; ${loaded.file.path}) (see --help)`,
        2,
      );
  // Any paper size prints: unlike a language, it needs nothing of the data.
  const folder: DossierFolder = {
    ...loaded,
    outDir: overrides.out ?? loaded.outDir,
    dataDir: overrides.data ?? loaded.dataDir,
    templatesDir: overrides.templates ?? loaded.templatesDir,
  };
  // "--lang en,en" asks for one edition, not the same one twice.
  const languages = [...new Set(overrides.languages ?? profile.languages)];
  const formats = [...new Set(overrides.formats ?? profile.formats)];
  return { folder, editions: languages.flatMap((lang) => formats.map((format) => ({ lang, format }))) };
}
