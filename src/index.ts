// The engine as a library: open a session (it owns the browser, its pages and the caches), build
// dossier folders through it, close it. The command line, --watch and the scheduler use the same.
//
//   import { openSession, ENGINE_TEMPLATES } from "dossier";
//   const session = openSession({ timeout: 60_000, engineTemplates: ENGINE_TEMPLATES });
//   try {
//     const { editions } = await session.build({ dir: "briefs/scale-ai", date: "2026-11-23" });
//     for (const { path } of editions) console.log(path);
//   } finally {
//     await session.close();
//   }

export { DataError, formatProblem, type Problem, ProblemsError, ProfileError, TemplateError, UserError } from "./errors.js";
export { PROFILE_FILE } from "./input-files.js";
export { ENGINE_TEMPLATES } from "./options.js";
export { type BuildResult, type EditionResult, STAGES, type Stage } from "./pipeline.js";
export { type Overrides, resolveDossier } from "./profile/editions.js";
export { type DossierFolder, loadDossierFolder, parseProfile } from "./profile/load.js";
export { BUILT_IN_SECTIONS, CHART_TYPES, type ChartSpec, type Profile, profileSchema } from "./profile/schema.js";
export { type Amount, type Dossier, dataSchemas, type Fact, type Source, Status } from "./schema.js";
export {
  type BuildRequest,
  openSession,
  type Session,
  type SessionBuild,
  type SessionOptions,
} from "./session.js";
export { type Edition, type OutputNames, outputNames } from "./stages/output-names.js";
export type { Manifest } from "./stages/write.js";
