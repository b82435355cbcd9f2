// A participant does one whole counting exercise on a phone-sized screen (360x740): opens an
// exercise number, starts it, judges every sampled ballot of every race (tapping the drawing to
// pick a contestant, or saying invalid), reads the feedback with its rule, sends a wrong C.Hasil
// and reads the checker's violations, sends the right one for every race, and finds the result
// on the home page. Screenshots: counting-ballot-phone, counting-chasil-errors-phone,
// counting-done-phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, baseUrl, launch, newPage, participant, screenshot } from './lib.mjs';

async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

// Fills the white (computed) fields of the C.Hasil from the grey ones, as a careful KPPS would;
// with `spoil`, one vote too many in the valid votes.
async function fillChasil(page, spoil) {
  await page.evaluate((spoilIt) => {
    const get = (n) => Number(document.querySelector(`input[name="${n}"]`).value);
    const set = (n, x) => { document.querySelector(`input[name="${n}"]`).value = String(x); };
    for (const g of ['voters', 'voted']) {
      for (const s of ['male', 'female', 'total']) {
        set(`f.${g}.total.${s}`, get(`f.${g}.dpt.${s}`) + get(`f.${g}.dptb.${s}`) +
                                 get(`f.${g}.dpk.${s}`));
      }
    }
    const used = get('f.voted.total.total');
    set('f.ballots.used', used);
    let valid = 0;
    for (const el of document.querySelectorAll('input[name^="f.tickets."], input[name^="f.candidates."]')) {
      valid += Number(el.value);
    }
    for (const el of document.querySelectorAll('input[name$=".party_votes"]')) {
      const party = el.name.split('.')[2];
      let total = Number(el.value);
      for (const c of document.querySelectorAll(`input[name^="f.parties.${party}.candidates."]`)) {
        total += Number(c.value);
      }
      set(`f.parties.${party}.total`, total);
      valid += total;
    }
    set('f.valid_votes', valid + (spoilIt ? 1 : 0));
    set('f.invalid_votes', used - valid);
    set('f.total_votes', used);
  }, spoil);
}

test('a participant does a whole counting exercise on a phone', async () => {
  const { code, birth } = participant();
  const browser = await launch();
  try {
    const page = await newPage(browser, { viewport: PHONE });
    // Sign in as the demo participant.
    await page.goto(`${baseUrl()}/login/peserta`);
    await page.fill('#code', code);
    await page.fill('#birth_date', birth);
    await Promise.all([page.waitForURL(`${baseUrl()}/`), page.click('main button[type=submit]')]);

    // From the practice page, open exercise number 5 and start it.
    await page.goto(`${baseUrl()}/latihan`);
    await page.fill('#seed', '5');
    await Promise.all([page.waitForURL(`${baseUrl()}/latihan/hitung/5`),
                       page.click('main form[action="/latihan/hitung"] button')]);
    await submit(page, 'button[value=start]');

    let ballots = 0;
    let forms = 0;
    let spoiled = false;
    for (let guard = 0; guard < 200; guard++) {
      if (await page.$('svg.ballot')) {
        // The drawing: labelled for screen readers, with the chair's signature box.
        assert.equal(await page.getAttribute('svg.ballot', 'role'), 'img');
        assert.match(await page.textContent('svg.ballot desc'), /Ketua KPPS/);
        if (ballots === 0) {
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `the ballot page scrolls sideways by ${overflow}px`);
          await screenshot(page, 'counting-ballot-phone');
        }
        if (ballots % 2 === 0) {
          // Tap a contestant on the drawing: the script picks it in the answer list.
          const part = page.locator('svg.ballot [data-choice]').nth(ballots % 3);
          const choice = await part.getAttribute('data-choice');
          await part.dispatchEvent('click');
          assert.equal(await page.inputValue('#answer'), choice);
          await submit(page, 'button[name=verdict][value=valid]');
        } else {
          await submit(page, 'button[name=verdict][value=invalid]');
        }
        ballots++;
        // Feedback names the rule that decides the ballot.
        const feedback = await page.textContent('div[role=status]');
        assert.match(feedback, /(Benar|Kurang tepat)\./);
        assert.match(await page.textContent('div[role=status] .rule-id'), /^(ppwp|party|dpd|any)\./);
        continue;
      }
      if (await page.$('input[name="f.valid_votes"]')) {
        if (!spoiled) {
          await fillChasil(page, true);
          const r = await submit(page, 'button[name=action][value=form]');
          assert.equal(r.status(), 200);
          const errors = await page.textContent('div[role=alert]');
          assert.match(errors, /C\.Hasil ini belum benar/);
          assert.match(errors, /chasil\.4\.valid_sum/);
          await screenshot(page, 'counting-chasil-errors-phone');
          spoiled = true;
        }
        await fillChasil(page, false);
        await submit(page, 'button[name=action][value=form]');
        forms++;
        const said = await page.textContent('main');
        assert.match(said, /C\.Hasil benar|Latihan selesai/);
        continue;
      }
      break;
    }
    assert.ok(ballots >= 16, `only ${ballots} ballots were judged`);
    assert.ok(forms >= 2, `only ${forms} C.Hasil forms were filled`);
    assert.match(await page.textContent('main'), /Latihan selesai\. Skor: \d+\/\d+/);
    assert.match(await page.textContent('main'), /Ketepatan per aturan/);
    await screenshot(page, 'counting-done-phone');

    // The result is on the participant's home page.
    await page.goto(`${baseUrl()}/`);
    assert.match(await page.textContent('main'), /Hasil latihan saya/);
    assert.match(await page.textContent('main'), /Penghitungan 5: \d+\/\d+/);
  } finally {
    await browser.close();
  }
});
