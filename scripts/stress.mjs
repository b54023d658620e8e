#!/usr/bin/env node
/**
 * The whole suite on a machine whose every core is busy: one spinning process per core, at
 * normal priority, for as long as the runs take. It passes only if every run passes, and it
 * prints each run's duration, so a suite that leans on the clock shows up here first.
 *
 *   npm run test:stress                  # 3 runs in a row, as many spinners as cores
 *   STRESS_RUNS=1 STRESS_SPINNERS=4 npm run test:stress
 *
 * Extra arguments go to vitest (e.g. `npm run test:stress -- --project integration`).
 * Expects a built tree (the npm script builds first).
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const runs = Number(process.env.STRESS_RUNS ?? 3);
const spinnerCount = Number(process.env.STRESS_SPINNERS ?? availableParallelism());
const vitestArgs = process.argv.slice(2);

const spinners = Array.from({ length: spinnerCount }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopSpinners = () => {
  for (const spinner of spinners) spinner.kill('SIGKILL');
};
process.on('exit', stopSpinners);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopSpinners();
    process.exit(130);
  });
}

/** One `vitest run`; resolves with its exit code. */
function runSuite() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...vitestArgs], { stdio: 'inherit' });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const results = [];
for (let run = 1; run <= runs; run++) {
  process.stderr.write(`\nstress: run ${run} of ${runs}, ${spinnerCount} spinner(s) busy\n`);
  const started = performance.now();
  const code = await runSuite();
  const seconds = Math.round((performance.now() - started) / 1000);
  results.push({ run, code, seconds });
  process.stderr.write(`stress: run ${run} ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s\n`);
  if (code !== 0) break;
}

stopSpinners();
const failed = results.some((result) => result.code !== 0) || results.length < runs;
process.stderr.write(
  `\nstress: ${results.map((r) => `run ${r.run} ${r.code === 0 ? 'ok' : 'failed'} ${r.seconds} s`).join(', ')}; ${spinnerCount} spinner(s)\n`,
);
process.exit(failed ? 1 : 0);
