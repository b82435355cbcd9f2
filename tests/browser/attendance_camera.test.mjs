// The camera path of the check-in page (issue 4, attendance): a participant's invitation letter
// is made by `bimtek invitations` with their access code, its lower half is rendered (pdftoppm)
// into the frames of chromium's fake camera (a .y4m file), and the facilitator presses the scan
// button: jsQR reads the QR, the check-in is queued, sent, and stored once with method "scan".
// Runs after attendance.test.mjs (same server and plan); uses batch 2 of that plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { OPERATOR, PHONE, baseUrl, login, participant, screenshot } from './lib.mjs';

const SCOPE = '32.71.01';

function cli(args) {
  return execFileSync(process.env.BIMTEK_BIN, [...args, '--db', process.env.BIMTEK_DB, '--lang', 'en'],
                      { encoding: 'utf8' });
}

// A 640x480 grey PGM (P5) -> one-frame YUV 4:2:0 .y4m (chroma neutral); chromium loops it.
function pgmToY4m(pgm, out) {
  const text = pgm.subarray(0, 64).toString('latin1');
  const m = text.match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!m) throw new Error('not a binary PGM');
  const [w, h] = [Number(m[1]), Number(m[2])];
  const luma = pgm.subarray(m[0].length, m[0].length + w * h);
  const chroma = Buffer.alloc((w / 2) * (h / 2), 128);
  fs.writeFileSync(out, Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\nFRAME\n`, 'latin1'),
    luma, chroma, chroma]));
}

test('a scanned invitation QR checks its participant in', async () => {
  let plan;
  try {
    plan = JSON.parse(cli(['plan', 'show', '--scope', SCOPE, '--json']));
  } catch {  // run alone: plan first
    plan = JSON.parse(cli(['plan', '--scope', SCOPE, '--from', '2024-01-25', '--to', '2024-01-29',
                           '--fresh', '--json']));
  }
  const batch = plan.batch_list[1] || plan.batch_list[0];
  const username = batch.sessions[0].facilitator.code.toLowerCase();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bimtek-cam-'));
  const pwFile = path.join(tmp, 'pw');
  let password = 'fasilitator-rahasia-2';
  fs.writeFileSync(pwFile, `${password}\n`);
  try {
    cli(['user', 'add', '--username', username, '--role', 'facilitator', '--scope', SCOPE,
         '--password-file', pwFile]);
  } catch (e) {
    // The same facilitator may lead batch 1 too: attendance.test.mjs made the account.
    if (!/exist|taken|already/i.test(`${e.stderr}${e.stdout}`)) throw e;
    password = 'fasilitator-rahasia-1';
  }

  // The operator issues the first person's access code; their letter carries it as a QR.
  const opCtx = await (await chromium.launch({
    executablePath: process.env.BIMTEK_CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox'] })).newContext();
  const lr = await opCtx.request.post(`${baseUrl()}/api/v1/login`, { data: OPERATOR });
  assert.equal(lr.status(), 200, await lr.text());
  const state = await (await opCtx.request.get(`${baseUrl()}/api/v1/attendance/${SCOPE}/${batch.id}`)).json();
  // Not the demo participant: the other browser tests log in with their code.
  const { code: demoCode, birth } = participant();
  const pl = await opCtx.request.post(`${baseUrl()}/api/v1/login/participant`,
                                      { data: { code: demoCode, birth_date: birth } });
  assert.equal(pl.status(), 200, await pl.text());
  const demo = Number((/participant-(\d+)/.exec((await pl.json()).user.username) || [])[1]);
  const lr2 = await opCtx.request.post(`${baseUrl()}/api/v1/login`, { data: OPERATOR });
  const csrf2 = (await lr2.json()).csrf_token;
  const person = state.people.find((p) => !p.present && p.id !== demo);
  const issued = await opCtx.request.post(`${baseUrl()}/api/v1/people/${person.id}/access-code`,
                                          { headers: { 'X-CSRF-Token': csrf2 } });
  assert.equal(issued.status(), 200, await issued.text());
  const code = (await issued.json()).code;
  await opCtx.browser().close();

  const letter = {
    id: 'kamera', office: { name: 'KOMISI PEMILIHAN UMUM KOTA BOGOR', place: 'Kota Bogor',
                            signer_title: 'Ketua KPU Kota Bogor' },
    letter_date: '2024-01-20', date: '2024-01-25', zone: 'WIB', start: '08:00', end: '16:00',
    venue: { name: 'Aula' },
    participants: [{ name: person.name, position: 'Anggota KPPS', tps: 'TPS 001', access_code: code }],
  };
  fs.writeFileSync(path.join(tmp, 'b.json'), JSON.stringify(letter));
  execFileSync(process.env.BIMTEK_BIN, ['invitations', '--batch-json', path.join(tmp, 'b.json'),
                                        '--out', path.join(tmp, 'out')]);
  // 640x480 px of the page at 200 dpi around the QR box (left margin, about 36% down the
  // page): the QR about 215 px wide, as a phone held over the letter sees it.
  execFileSync('pdftoppm', ['-gray', '-r', '200', '-f', '1', '-l', '1', '-x', '0', '-y', '900',
                            '-W', '640', '-H', '480', path.join(tmp, 'out', 'kamera.pdf'),
                            path.join(tmp, 'frame')]);
  const pgm = fs.readdirSync(tmp).find((f) => f.startsWith('frame') && f.endsWith('.pgm'));
  const y4m = path.join(tmp, 'qr.y4m');
  pgmToY4m(fs.readFileSync(path.join(tmp, pgm)), y4m);

  const browser = await chromium.launch({
    executablePath: process.env.BIMTEK_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
           `--use-file-for-fake-video-capture=${y4m}`],
  });
  try {
    const ctx = await browser.newContext({ viewport: PHONE });
    await ctx.grantPermissions(['camera'], { origin: baseUrl() });
    const page = await ctx.newPage();
    await login(page, { username, password });
    await page.goto(`${baseUrl()}/hadir/${SCOPE}/${batch.id}`);
    assert.equal(await page.isVisible('#pindai'), true, 'the scan button (jsQR served)');
    const logs = [];
    page.on('console', (msg) => logs.push(msg.text()));
    await page.click('#pindai');
    try {
      await page.waitForSelector(`li[data-person="${person.id}"][data-state="synced"]`,
                                 { timeout: 30000 });
    } catch (e) {
      const said = await page.evaluate(() => [document.getElementById('last').textContent,
                                              document.getElementById('net').textContent,
                                              document.getElementById('kamera').hidden,
                                              document.getElementById('kamera').videoWidth]);
      throw new Error(`no scan check-in: page said ${JSON.stringify(said)}; console ${logs.join(' | ')}`);
    }
    await page.click('#pindai');  // stop the camera
    await screenshot(page, 'attendance-scanned-phone');
    const after = await (await page.request.get(`${baseUrl()}/api/v1/attendance/${SCOPE}/${batch.id}`)).json();
    const row = after.people.find((p) => p.id === person.id);
    assert.equal(row.present, true);
    assert.equal(row.method, 'scan');
    assert.equal(after.people.filter((p) => p.present && p.method === 'scan').length, 1,
                 'one QR held in front of the camera is one check-in');
    await ctx.close();
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
