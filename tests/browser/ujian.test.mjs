// The phone test page (issue 5): a participant answers on a 360px screen, the answers stay in
// localStorage, the network goes away, submit is pressed (twice): the page says it is offline and
// nothing is recorded; the network comes back: the page sends by itself and shows the result;
// exactly one attempt is recorded, and sending the same key again records nothing new.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPERATOR, PHONE, baseUrl, launch, participant, screenshot } from './lib.mjs';

async function operatorApi(browser) {
  const ctx = await browser.newContext();
  const login = await ctx.request.post(`${baseUrl()}/api/v1/login`, { data: OPERATOR });
  assert.equal(login.status(), 200, await login.text());
  const csrf = (await login.json()).csrf_token;
  return { ctx, csrf };
}

async function attempts(op, testId) {
  const r = await op.ctx.request.get(`${baseUrl()}/api/v1/tests/${testId}/results`);
  assert.equal(r.status(), 200, await r.text());
  return (await r.json()).total.attempts;
}

test('answer, go offline, submit twice, come back online: one result', async () => {
  const browser = await launch();
  try {
    const op = await operatorApi(browser);
    const now = Math.floor(Date.now() / 1000);
    const created = await op.ctx.request.post(`${baseUrl()}/api/v1/tests`, {
      headers: { 'X-CSRF-Token': op.csrf },
      data: { name: 'Pra-tes browser', kind: 'pre', scope: '32.71', opens: now - 60,
              closes: now + 3600, blueprint: 'M1:2,M3:2', pass_mark: 50, remedial_mark: 25 },
    });
    assert.equal(created.status(), 201, await created.text());
    const testId = (await created.json()).test.id;

    const ctx = await browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    const { code, birth } = participant();
    const login = await page.request.post(`${baseUrl()}/api/v1/login/participant`,
                                          { data: { code, birth_date: birth } });
    assert.equal(login.status(), 200, await login.text());
    const csrf = (await login.json()).csrf_token;

    const response = await page.goto(`${baseUrl()}/ujian/${testId}`);
    assert.equal(response.status(), 200);
    const items = await page.$$('li.soal');
    assert.equal(items.length, 4);
    for (const li of items) {  // single/true-false, multiple response, or matching
      const choice = (await li.$('input[type=radio]')) || (await li.$('input[type=checkbox]'));
      if (choice) {
        await choice.check();
      } else {
        for (const sel of await li.$$('select')) await sel.selectOption({ index: 1 });
      }
    }
    const key = await page.inputValue('input[name=key]');
    const stored = await page.evaluate((id) => localStorage.getItem(`bimtek.ujian.${id}`), testId);
    assert.ok(stored && Object.keys(JSON.parse(stored).answers).length === 4,
              `answers kept on the device: ${stored}`);
    await screenshot(page, 'ujian-phone');

    await ctx.setOffline(true);
    await page.click('#ujian button[type=submit]');
    await page.click('#ujian button[type=submit]');  // a double tap
    await page.waitForFunction(() => /Tidak ada sinyal/.test(document.getElementById('status').textContent));
    await screenshot(page, 'ujian-offline');
    assert.equal(await attempts(op, testId), 0);

    await ctx.setOffline(false);
    await page.waitForSelector('p.hasil', { timeout: 20000 });
    assert.match(await page.textContent('p.hasil'), /Nilai/);
    await screenshot(page, 'ujian-result');
    assert.equal(await attempts(op, testId), 1);

    // The same key sent twice more (a retry after a lost answer): the first result, no new row.
    const again = await Promise.all([1, 2].map(() => page.request.post(
      `${baseUrl()}/api/v1/tests/${testId}/submit`,
      { headers: { 'X-CSRF-Token': csrf }, data: { key, answers: {} } })));
    for (const r of again) {
      assert.equal(r.status(), 200);
      assert.equal((await r.json()).attempt.duplicate, true);
    }
    assert.equal(await attempts(op, testId), 1);
    await ctx.close();
    await op.ctx.close();
  } finally {
    await browser.close();
  }
});
