// Shared helpers of the browser tests (tests/browser/*.test.mjs) and of their driver (run.mjs):
// starting and stopping a real `bimtek serve` on a demo database, launching Debian's chromium
// through playwright-core, logging in, and keeping screenshots under tests/artifacts/.
//
// The driver sets these variables for the test files:
//   BIMTEK_URL                  the server's base URL, e.g. http://127.0.0.1:41234
//   BIMTEK_PARTICIPANT_CODE     the demo participant's access code (printed by `bimtek demo`)
//   BIMTEK_PARTICIPANT_BIRTH    their birth date, YYYY-MM-DD
//   BIMTEK_ARTIFACTS            where screenshots go (default: tests/artifacts/)
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');

// The demo accounts `bimtek demo` creates (password = username + "-demo").
export const OPERATOR = { username: 'kpu-kota-bogor', password: 'kpu-kota-bogor-demo' };
export const PHONE = { width: 360, height: 740 };

export function baseUrl() {
  const url = process.env.BIMTEK_URL;
  if (!url) throw new Error('BIMTEK_URL is not set: run the tests through tests/browser/run.mjs');
  return url;
}

export function participant() {
  const code = process.env.BIMTEK_PARTICIPANT_CODE;
  const birth = process.env.BIMTEK_PARTICIPANT_BIRTH;
  if (!code || !birth) throw new Error('BIMTEK_PARTICIPANT_CODE/BIRTH are not set (run.mjs)');
  return { code, birth };
}

// Runs `bimtek demo` on `db` (in English, so the output is stable to parse) and returns the
// participant's access code and birth date from its line
// "  participant NAME: access code CODE, birth date YYYY-MM-DD".
export function makeDemo(bimtek, db) {
  const out = execFileSync(bimtek, ['demo', '--db', db, '--lang', 'en'], { encoding: 'utf8' });
  const m = out.match(/access code ([A-Z0-9]+), birth date (\d{4}-\d{2}-\d{2})/);
  if (!m) throw new Error(`no participant line in the output of bimtek demo:\n${out}`);
  return { code: m[1], birth: m[2], output: out };
}

// Starts `bimtek serve` on a free port of 127.0.0.1 and resolves once /healthz answers 200.
// Returns { url, process, stop() }.
export async function startServer(bimtek, db, { timeoutMs = 30000 } = {}) {
  const child = spawn(
    bimtek,
    ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--access-log', 'off'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`bimtek serve did not start:\n${stderr}`)),
                             timeoutMs);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bimtek serve exited with ${code}:\n${stderr}`));
    });
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) break;
    } catch { /* not yet accepting */ }
    if (Date.now() > deadline) throw new Error(`${url}/healthz did not answer 200`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.removeAllListeners('exit');
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');  // the server drains and exits
  });
  return { url, process: child, stop };
}

// Debian's chromium, headless; --no-sandbox because CI runs as root.
export function launch() {
  return chromium.launch({
    executablePath: process.env.BIMTEK_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
}

// A new page with its own cookies; `viewport` defaults to a laptop's.
export async function newPage(browser, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  return context.newPage();
}

// Logs a staff account in through the /login form; resolves on the home page.
export async function login(page, { username, password } = OPERATOR) {
  await page.goto(`${baseUrl()}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${baseUrl()}/`), page.click('main button[type=submit]')]);
}

// Saves a full-page screenshot as tests/artifacts/NAME.png (or under BIMTEK_ARTIFACTS).
export async function screenshot(page, name) {
  const dir = process.env.BIMTEK_ARTIFACTS || path.join(repoRoot, 'tests', 'artifacts');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

// The rows of the first table matching `selector`, as arrays of cell texts (th and td).
export async function tableRows(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('th,td'), (c) => c.textContent.trim())));
}
