import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Two tiers, run separately: pure stages without a browser, then real PDFs through one shared
// Chromium (started once in globalSetup; tests connect to it by its WebSocket endpoint).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    setupFiles: ["test/support/font-coverage.ts"],
    // The commands the tests run keep their charts and compiled code here, not in the project's
    // node_modules/.cache: a test run neither reads what a user's runs kept nor leaves its own.
    env: { DOSSIER_CACHE_DIR: join(tmpdir(), `dossier-test-cache-${process.pid}`) },
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/browser-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
