import { defineConfig } from 'vitest/config';

/**
 * Four projects, by what a test needs (see test/README.md): `npm test` runs them all,
 * `npm run test:<project>` one of them.
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    reporters: ['default'],
    // `npm run coverage`: what the in-process tests reach (code run only in child processes, such
    // as the CLI under integration tests, is not counted).
    coverage: { provider: 'v8', include: ['src/**/*.ts'], reporter: ['text-summary', 'html'], reportsDirectory: 'coverage' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
      { extends: true, test: { name: 'soak', include: ['test/soak/**/*.test.ts'] } },
    ],
  },
});
