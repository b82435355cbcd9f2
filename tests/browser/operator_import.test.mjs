// A kabupaten/kota operator (Kota Bogor, 32.71) in a laptop-sized browser: logs in, browses the
// region pages down to a desa's TPS, uploads a people file with errors and reads the error table,
// uploads the fixed file, saves it, and sees the new count; then downloads an export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, launch, login, newPage, screenshot, tableRows } from './lib.mjs';

const HEADER = 'nik,nama,jenis_kelamin,tanggal_lahir,peran,wilayah_tugas\n';
// Three facilitators of Kota Bogor (NIKs of kecamatan 32.71.01, men born 1990-02-14).
const GOOD = HEADER +
  '3271011402906631,Budi Santoso,L,1990-02-14,FASILITATOR,32.71\n' +
  '3271011402906632,Agus Salim,L,1990-02-14,FASILITATOR,32.71.01\n' +
  '3271011402906633,Dedi Kurnia,L,1990-02-14,FASILITATOR,32.71\n';
// Row 3: a NIK of 15 digits; row 4: a facilitator of Kabupaten Bogor (32.01), outside 32.71.
const BAD = HEADER +
  '3271011402906631,Budi Santoso,L,1990-02-14,FASILITATOR,32.71\n' +
  '327101140290663,Agus Salim,L,1990-02-14,FASILITATOR,32.71.01\n' +
  '3271011402906633,Dedi Kurnia,L,1990-02-14,FASILITATOR,32.01\n';

async function facilitators(page) {
  const r = await page.request.get(`${baseUrl()}/api/v1/regions/32.71/summary`);
  assert.equal(r.status(), 200);
  return (await r.json()).people.fasilitator;
}

async function upload(page, name, text) {
  await page.goto(`${baseUrl()}/impor`);
  await page.check('#kind-people');
  await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.click('main form[enctype="multipart/form-data"] button[type=submit]'),
  ]);
  return response;
}

test('operator browses to a TPS, fixes an import from its error table, and exports', async () => {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await login(page);
    assert.match(await page.textContent('main'), /kpu-kota-bogor/);

    // Region browser: the kota, a kecamatan, a desa, and its TPS table.
    await page.click('a[href="/wilayah/32.71"]');
    assert.match(await page.textContent('h1'), /BOGOR/i);
    await page.click('main table tbody th a');  // the first kecamatan
    assert.equal(await page.getAttribute('nav.crumbs li[aria-current=page]', 'aria-current'),
                 'page');
    await page.click('main table tbody th a');  // its first desa/kelurahan
    const tps = await tableRows(page, 'main table');
    assert.ok(tps.length > 0, 'the desa page lists its TPS');
    assert.match(tps[0][0], /^\d{13}$/, `a TPS code in the first cell, got ${tps[0][0]}`);
    await screenshot(page, 'operator-desa-tps');

    const before = await facilitators(page);

    // A file with errors: the table says row, column, masked value and reason; nothing saved.
    const bad = await upload(page, 'fasilitator.csv', BAD);
    assert.equal(bad.status(), 422);
    assert.match(await page.textContent('p.error'), /2 kesalahan pada 3 baris/);
    const errors = await tableRows(page, 'table.problems');
    assert.deepEqual(errors[0],
                     ['3', 'A (nik)', '3271*******0663', 'NIK harus 16 digit, tertulis 15 digit']);
    assert.equal(errors[1][0], '4');
    assert.equal(errors[1][3], '32.01 berada di luar wilayah Anda (32.71)');
    assert.equal(errors.length, 2);
    assert.equal(await page.locator('input[name=token]').count(), 0, 'nothing to save');
    await screenshot(page, 'operator-import-errors');
    assert.equal(await facilitators(page), before);

    // The fixed file: a clean dry run, then Save.
    const good = await upload(page, 'fasilitator.csv', GOOD);
    assert.equal(good.status(), 200);
    assert.match(await page.textContent('p.ok'), /lolos pemeriksaan/);
    await screenshot(page, 'operator-import-dry-run');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/impor/simpan"] button')]);
    assert.match(await page.textContent('h1'), /Impor selesai/);
    const counts = await page.$$eval('dl.counts dt', (dts) =>
      Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    assert.equal(counts['Baru'], '3');
    assert.equal(counts['Baris data'], '3');
    await screenshot(page, 'operator-import-done');
    // Region summaries are cached for up to a second (docs/http.md).
    let after = before;
    for (let i = 0; i < 30 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = await facilitators(page);
    }
    assert.equal(after, before + 3);

    // Export: a kecamatan of the scope as CSV, in the import layout, with the new people.
    await page.goto(`${baseUrl()}/ekspor`);
    await page.selectOption('#region', '32.71.01');
    await page.check('#format-csv');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('main button[type=submit]'),
    ]);
    assert.equal(download.suggestedFilename(), 'bimtek-people-32.71.01.csv');
    const csv = await new Promise((resolve, reject) => {
      download.createReadStream().then((s) => {
        let text = '';
        s.on('data', (d) => { text += d; });
        s.on('end', () => resolve(text));
        s.on('error', reject);
      }, reject);
    });
    assert.ok(csv.startsWith('nik,nama,jenis_kelamin,tanggal_lahir,'), csv.slice(0, 80));
    assert.match(csv, /\n3271011402906632,Agus Salim,L,1990-02-14,/);
  } finally {
    await browser.close();
  }
});
