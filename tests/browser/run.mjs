// The browser tests' driver (CTest runs it: tests/browser/CMakeLists.txt):
//   node tests/browser/run.mjs PATH/TO/bimtek
// makes a demo database in a temporary directory (`bimtek demo`), starts `bimtek serve` on a free
// port of 127.0.0.1, waits for /healthz, runs every tests/browser/*.test.mjs with node's test
// runner, stops the server (SIGTERM) and exits with the test runner's status.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

if (!fs.existsSync(path.join(repoRoot, 'node_modules', 'playwright-core'))) {
  console.error('browser tests: node_modules/playwright-core is missing; run scripts/setup.sh ' +
                '(it runs `npm ci` from package-lock.json)');
  process.exit(1);
}
// Imported only now, so that a missing node_modules gives the message above.
const { makeDemo, startServer } = await import('./lib.mjs');

const bimtek = path.resolve(process.argv[2] || path.join(repoRoot, 'build', 'bimtek'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bimtek-browser-'));
const db = path.join(tmp, 'bimtek.db');
let server;
let status = 1;
try {
  const demo = makeDemo(bimtek, db);
  server = await startServer(bimtek, db);
  console.log(`browser tests: ${server.url} on ${db}`);
  const files = fs.readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort()
    .map((f) => path.join(here, f));
  if (files.length === 0) throw new Error(`no *.test.mjs in ${here}`);
  status = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...files], {
      stdio: 'inherit',
      env: {
        ...process.env,
        BIMTEK_URL: server.url,
        BIMTEK_PARTICIPANT_CODE: demo.code,
        BIMTEK_PARTICIPANT_BIRTH: demo.birth,
        BIMTEK_BIN: bimtek,  // for tests that prepare data with the CLI (attendance)
        BIMTEK_DB: db,
        BIMTEK_ARTIFACTS: process.env.BIMTEK_ARTIFACTS || path.join(repoRoot, 'tests', 'artifacts'),
      },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
} catch (e) {
  console.error(`browser tests: ${e.stack || e}`);
  status = 1;
} finally {
  if (server) {
    const code = await server.stop();
    if (code !== 0) {
      console.error(`browser tests: bimtek serve exited with ${code} on SIGTERM`);
      status = status || 1;
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
