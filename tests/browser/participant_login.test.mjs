// A participant (a KPPS member) on a phone-sized screen (360x740): a wrong birth date is refused
// with a message; the access code from `bimtek demo` with the right birth date signs in and the
// home page shows them as a participant, without horizontal scrolling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, baseUrl, launch, newPage, participant, screenshot } from './lib.mjs';

test('participant signs in with access code and birth date on a phone', async () => {
  const { code, birth } = participant();
  const browser = await launch();
  try {
    const page = await newPage(browser, { viewport: PHONE });
    await page.goto(`${baseUrl()}/login`);
    await Promise.all([page.waitForURL(`${baseUrl()}/login/peserta`),
                       page.click('a[href="/login/peserta"]')]);
    // Labels name the fields (what a screen reader says).
    assert.equal(await page.textContent('label[for=code]'), 'Kode akses');
    assert.equal(await page.textContent('label[for=birth_date]'), 'Tanggal lahir');
    await screenshot(page, 'participant-login-phone');

    // A wrong birth date: refused, with the reason, and the code kept in the field.
    const wrongYear = String(Number(birth.slice(0, 4)) - 1) + birth.slice(4);
    await page.fill('#code', code.toLowerCase());  // case does not matter
    await page.fill('#birth_date', wrongYear);
    const [refused] = await Promise.all([page.waitForNavigation(),
                                         page.click('main button[type=submit]')]);
    assert.equal(refused.status(), 401);
    assert.match(await page.textContent('p.error'), /Kode akses atau tanggal lahir salah/);

    await page.fill('#code', code);
    await page.fill('#birth_date', birth);
    await Promise.all([page.waitForURL(`${baseUrl()}/`), page.click('main button[type=submit]')]);
    assert.match(await page.textContent('main'), /Peserta/);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the home page scrolls sideways by ${overflow}px on a phone`);
    await screenshot(page, 'participant-home-phone');

    // A participant sees no part of the region tree and cannot import.
    const r = await page.request.get(`${baseUrl()}/api/v1/export/people`);
    assert.equal(r.status(), 403);
  } finally {
    await browser.close();
  }
});
