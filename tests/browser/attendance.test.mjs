// The facilitator's check-in page (issue 4, attendance) on a 360px phone: the kecamatan is
// planned with the CLI, the batch's facilitator logs in, the network goes away, one person is
// checked in by typing their access code and one by ticking the list (both queued on the
// phone), the network comes back and the first sync's answer is lost on the way (the server has
// stored the check-ins, the phone does not know), the page is reloaded and sends its queue
// again, and once more by hand: exactly two attendance rows, no duplicate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPERATOR, PHONE, baseUrl, launch, login, participant, screenshot } from './lib.mjs';

const SCOPE = '32.71.01';

function cli(args, input) {
  const bin = process.env.BIMTEK_BIN;
  const db = process.env.BIMTEK_DB;
  if (!bin || !db) throw new Error('BIMTEK_BIN/BIMTEK_DB are not set (run.mjs)');
  return execFileSync(bin, [...args, '--db', db, '--lang', 'en'], { encoding: 'utf8', input });
}

async function operatorApi(browser) {
  const ctx = await browser.newContext();
  const r = await ctx.request.post(`${baseUrl()}/api/v1/login`, { data: OPERATOR });
  assert.equal(r.status(), 200, await r.text());
  return { ctx, csrf: (await r.json()).csrf_token };
}

// The registry id of the demo participant (whose access code the other browser tests use):
// never re-issue that code here. Their account is "participant-<person id>".
async function demoParticipantId(browser) {
  const ctx = await browser.newContext();
  const { code, birth } = participant();
  const r = await ctx.request.post(`${baseUrl()}/api/v1/login/participant`,
                                   { data: { code, birth_date: birth } });
  assert.equal(r.status(), 200, await r.text());
  const m = /participant-(\d+)/.exec((await r.json()).user.username);
  await ctx.close();
  assert.ok(m, 'the demo participant account is named participant-<person id>');
  return Number(m[1]);
}

async function batchState(op, batch) {
  const r = await op.ctx.request.get(`${baseUrl()}/api/v1/attendance/${SCOPE}/${batch}`);
  assert.equal(r.status(), 200, await r.text());
  return r.json();
}

test('offline check-in by code and by list, lost answer, reload: two rows, no duplicate',
     async () => {
  // The plan of one kecamatan (the demo has its venues and facilitators), saved in the store.
  const plan = JSON.parse(cli(['plan', '--scope', SCOPE, '--from', '2024-01-25',
                               '--to', '2024-01-29', '--fresh', '--json']));
  const batch = plan.batch_list[0];
  assert.ok(batch, 'the plan has a batch');
  // Its first facilitator gets an account named by their code (docs/attendance.md).
  const facCode = batch.sessions[0].facilitator.code;
  assert.ok(facCode, JSON.stringify(batch.sessions[0]));
  const username = facCode.toLowerCase();
  const pwFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bimtek-fac-')), 'pw');
  fs.writeFileSync(pwFile, 'fasilitator-rahasia-1\n');
  cli(['user', 'add', '--username', username, '--role', 'facilitator', '--scope', SCOPE,
       '--password-file', pwFile]);

  const browser = await launch();
  try {
    const op = await operatorApi(browser);
    const before = await batchState(op, batch.id);
    assert.ok(before.people.length >= 3);
    assert.equal(before.present, 0);
    const demo = await demoParticipantId(browser);
    const [typed, ticked] = before.people.filter((p) => p.id !== demo);
    const issued = await op.ctx.request.post(
      `${baseUrl()}/api/v1/people/${typed.id}/access-code`, { headers: { 'X-CSRF-Token': op.csrf } });
    assert.equal(issued.status(), 200, await issued.text());
    const code = (await issued.json()).code;

    const ctx = await browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await login(page, { username, password: 'fasilitator-rahasia-1' });
    const res = await page.goto(`${baseUrl()}/hadir/${SCOPE}/${batch.id}`);
    assert.equal(res.status(), 200);
    await page.waitForFunction(() => /terkirim|Semua/.test(document.getElementById('net').textContent));

    await ctx.setOffline(true);
    await page.fill('#kode', `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase());
    await page.click('#form-kode button[type=submit]');
    await page.check(`li[data-person="${ticked.id}"] input[type=checkbox]`);
    await page.waitForFunction(() => document.getElementById('jumlah-antre').textContent === '2');
    assert.match(await page.textContent('#net'), /Tidak ada sambungan/);
    assert.equal(await page.getAttribute(`li[data-person="${ticked.id}"]`, 'data-state'), 'queued');
    const queued = await page.evaluate((b) => JSON.parse(localStorage.getItem(`bimtek.hadir.32.71.01.${b}`)),
                                       batch.id);
    assert.equal(queued.queue.length, 2);
    assert.deepEqual(queued.queue.map((q) => q.method).sort(), ['list', 'typed']);
    await screenshot(page, 'attendance-offline-phone');
    assert.equal((await batchState(op, batch.id)).present, 0, 'nothing reached the server');

    // Online again, but the answer of the first sync is lost: the server stores, the phone
    // keeps its queue.
    // Later retries (every 5 s) fail before reaching the server, until the reload.
    let sent = 0;
    let stored = false;
    await page.route('**/checkins', async (route) => {
      sent += 1;
      if (sent === 1) {
        await route.fetch();  // the server handles the first one
        stored = true;
      }
      await route.abort('connectionreset');
    });
    await ctx.setOffline(false);
    for (let i = 0; i < 600 && !stored; i++) await page.waitForTimeout(50);
    assert.ok(stored, 'the first sync went out and reached the server');
    assert.equal((await batchState(op, batch.id)).present, 2);
    const still = await page.evaluate((b) => JSON.parse(localStorage.getItem(`bimtek.hadir.32.71.01.${b}`)),
                                      batch.id);
    assert.equal(still.queue.length, 2, 'the phone did not learn of the lost answer');

    // Reload: the queue is sent again with the same client ids; the server says "replay".
    const replies = [];
    page.on('response', async (r) => {
      if (!r.url().endsWith('/checkins')) return;
      try { replies.push(await r.json()); } catch { /* the page went away meanwhile */ }
    });
    await page.unroute('**/checkins');
    await page.reload();
    await page.waitForFunction(() => document.getElementById('jumlah-antre').textContent === '0');
    await page.waitForFunction(() => /Semua data terkirim/.test(document.getElementById('net').textContent));
    for (let i = 0; i < 100 && replies.length === 0; i++) await page.waitForTimeout(50);
    assert.deepEqual(replies.flatMap((r) => r.results.map((x) => x.status)), ['replay', 'replay']);
    // And by hand once more: nothing queued, nothing sent twice.
    await page.click('#kirim');
    await screenshot(page, 'attendance-synced-phone');
    assert.equal(await page.textContent('#jumlah-hadir'), '2');
    assert.equal(await page.getAttribute(`li[data-person="${typed.id}"]`, 'data-state'), 'synced');
    assert.equal(await page.getAttribute(`li[data-person="${ticked.id}"]`, 'data-state'), 'synced');

    const after = await batchState(op, batch.id);
    assert.equal(after.present, 2);
    const present = after.people.filter((p) => p.present);
    assert.deepEqual(present.map((p) => p.id).sort((a, b) => a - b),
                     [typed.id, ticked.id].sort((a, b) => a - b));
    assert.deepEqual(present.map((p) => p.method).sort(), ['list', 'typed']);
    for (const p of present) assert.equal(p.by, username);
    await ctx.close();
    await op.ctx.close();
  } finally {
    await browser.close();
  }
});
