// Search in headless Chromium: the site built from tests/fixtures/search, served under a
// sub-path from 127.0.0.1, and its --offline copy opened from file://.
//
//   npm test            (after `cargo build`; the runner builds it when the binary is missing)

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { REPO, buildSite, launch, results, serve, settled } from './helpers.mjs';

const FIXTURE = join(REPO, 'tests', 'fixtures', 'search');

describe('search page (http, sub-path base_url)', () => {
  let browser, server, base, page;

  before(async () => {
    const out = buildSite(FIXTURE, ['--base-url', 'https://thidua.example.gov.vn/thi-dua/']);
    server = await serve(out, '/thi-dua/');
    base = `${server.origin}/thi-dua/`;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    page.on('pageerror', (e) => { throw e; });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function search(q) {
    await page.goto(`${base}tim-kiem/?q=${encodeURIComponent(q)}`);
    await settled(page);
    return results(page);
  }

  test('"nguoi ngheo" finds "người nghèo", highlighted', async () => {
    const r = await search('nguoi ngheo');
    assert.ok(r.length > 0);
    assert.ok(r.some((x) => x.marks.includes('người') && x.marks.includes('nghèo')), JSON.stringify(r));
    const status = await page.textContent('#mb-status');
    assert.match(status, /Tìm thấy \d+ kết quả/);
    assert.equal(await page.getAttribute('#mb-status', 'aria-live'), 'polite');
  });

  test('numbers match however grouped: "giam 1000 ho ngheo" finds "giảm 1.000 hộ nghèo"', async () => {
    for (const q of ['giam 1000 ho ngheo', 'giảm 1.000 hộ nghèo', '1,000 ho ngheo', '2.5 tan gao']) {
      const r = await search(q);
      assert.equal(r[0]?.title, 'Bù Đăng vượt chỉ tiêu giảm nghèo', `${q}: ${JSON.stringify(r.map((x) => x.title))}`);
    }
  });

  test('"dien hinh" finds "điển hình" (đ folded to d)', async () => {
    const r = await search('dien hinh');
    assert.ok(r.some((x) => x.title === 'Nhân rộng các gương điển hình vì người nghèo'), JSON.stringify(r));
  });

  test('exact diacritics rank first', async () => {
    const r = await search('điển hình');
    assert.notEqual(r[r.length - 1]?.title, undefined);
    assert.notEqual(r[0].title, 'Dien hinh viet khong dau');
    assert.equal(r[r.length - 1].title, 'Dien hinh viet khong dau', JSON.stringify(r.map((x) => x.title)));
  });

  test("a recipient's name without diacritics finds the recipient's row", async () => {
    const r = await search('pham thi nguyet anh');
    assert.equal(r[0].title, 'Phạm Thị Nguyệt Ánh');
    assert.ok(r[0].href.endsWith('/thi-dua/khen-thuong/2105-qd-ubnd-2023/#pham-thi-nguyet-anh'), r[0].href);
    await page.click('#mb-results li:first-child h2 a');
    await page.waitForURL(/#pham-thi-nguyet-anh$/);
    assert.equal(await page.$eval('tr:target th', (th) => th.textContent.trim()), 'Phạm Thị Nguyệt Ánh');
  });

  test('the last word is a prefix while typing', async () => {
    await page.goto(`${base}tim-kiem/`);
    await settled(page);
    await page.fill('#mb-q', '');
    await page.type('#mb-q', 'nguy');
    await settled(page);
    await page.waitForFunction(() => document.querySelectorAll('#mb-results li').length > 0);
    const r = await results(page);
    assert.ok(r.some((x) => x.title === 'Nguyễn Thị Hòa'), JSON.stringify(r));
    assert.match(page.url(), /\?q=nguy$/);
  });

  test('results show within 50 ms of a keystroke once the index part is loaded', async () => {
    await search('nguoi ngheo');
    await page.focus('#mb-q');
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await settled(page);
    await page.keyboard.type('b');
    await settled(page);
    const ms = await page.evaluate(() => window.__mbSearch.lastMs);
    assert.ok(ms < 50, `${ms} ms`);
  });

  test('document symbols: as written, and typed without Đ, exact first', async () => {
    let r = await search('263/KH-UBND');
    assert.ok(r[0].title.startsWith('263/KH-UBND'), JSON.stringify(r));
    r = await search('666/QD-TTg');
    assert.ok(r[0].title.startsWith('666/QĐ-TTg'), JSON.stringify(r));
  });

  test('tone placement and i/y variants are equal', async () => {
    const a = await search('hoà');
    const b = await search('hòa');
    assert.deepEqual(a.map((x) => x.href), b.map((x) => x.href));
    assert.ok(a.some((x) => x.title === 'Nguyễn Thị Hòa'));
    const t1 = await search('tỉ đồng');
    const t2 = await search('tỷ đồng');
    assert.deepEqual(t1.map((x) => x.href).sort(), t2.map((x) => x.href).sort());
    assert.equal(t1.length, 2);
  });

  test('donors are found and link to their row on the donors page', async () => {
    const r = await search('cao su song be');
    assert.equal(r[0].title, 'Công ty Cổ phần Cao su Sông Bé Xanh');
    assert.ok(
      r[0].href.endsWith('/thi-dua/quy-vi-nguoi-ngheo/nha-hao-tam/#nht-cong-ty-co-phan-cao-su-song-be-xanh'),
      r[0].href,
    );
  });

  test('facets narrow the results and stay in the URL', async () => {
    const all = await search('ngheo');
    const before = Number((await page.textContent('#mb-status')).match(/(\d+) kết quả/)[1]);
    assert.ok(before > 3);
    const box = page.locator('#mb-facets input[name="dia-ban"][value="Ninh Thuận"]');
    const label = await box.locator('xpath=..').textContent();
    const expected = Number(label.match(/(\d+)$/)[1]);
    await box.check();
    await settled(page);
    const after = Number((await page.textContent('#mb-status')).match(/(\d+) kết quả/)[1]);
    assert.equal(after, expected);
    assert.ok(after < before && after > 0);
    assert.match(page.url(), /dia-ban=Ninh\+Th/);
    const narrowed = await results(page);
    assert.ok(narrowed.length <= all.length);
    // Reloading the shared link gives the same list.
    await page.reload();
    await settled(page);
    assert.equal(Number((await page.textContent('#mb-status')).match(/(\d+) kết quả/)[1]), after);
    assert.ok(await page.isChecked('#mb-facets input[name="dia-ban"][value="Ninh Thuận"]'));
  });

  test('keyboard: type, Enter, Tab to the first result', async () => {
    await page.goto(`${base}tim-kiem/`);
    await settled(page);
    await page.focus('#mb-q');
    await page.keyboard.type('dieu khanh');
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(page.url().endsWith('?q=dieu+khanh'), true, page.url());
    await page.keyboard.press('Tab'); // the Tìm button
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => [document.activeElement.closest('#mb-results') !== null, document.activeElement.textContent]);
    assert.deepEqual(focused, [true, 'Điểu Khanh']);
  });

  test('the header box is a GET form to the search page', async () => {
    await page.goto(`${base}van-ban/`);
    await page.fill('#site-q', 'dieu khanh');
    await page.press('#site-q', 'Enter');
    await page.waitForURL(/tim-kiem\/\?q=dieu\+khanh/);
    await settled(page);
    const r = await results(page);
    assert.ok(r.some((x) => x.title === 'Điểu Khanh'));
  });

  test('fits a 360 px wide phone without horizontal scrolling', async () => {
    await search('nguoi ngheo');
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 360, `scrollWidth ${w}`);
  });

  test('without JavaScript the page offers the listings', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const p = await ctx.newPage();
    await p.goto(`${base}tim-kiem/?q=nguoi`);
    assert.ok(await p.isVisible('#mb-nojs'));
    const links = await p.$$eval('#mb-nojs a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.includes('/thi-dua/van-ban/'), JSON.stringify(links));
    await ctx.close();
  });

  test('loads nothing from elsewhere', () => {
    // Every request went to our server (the log holds only its own paths).
    assert.ok(server.log.every((r) => r.url.startsWith('/thi-dua/')));
  });
});

describe('offline copy (file://)', () => {
  let browser, out;
  before(async () => {
    out = buildSite(FIXTURE, ['--offline']);
    browser = await launch();
  });
  after(async () => { await browser?.close(); });

  test('searches from files, with relative result links', async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    await page.fill('#site-q', 'pham thi nguyet anh');
    await page.press('#site-q', 'Enter');
    await page.waitForURL(/tim-kiem\/index\.html\?q=/);
    await settled(page);
    const r = await results(page);
    assert.equal(r[0]?.title, 'Phạm Thị Nguyệt Ánh', JSON.stringify(r));
    assert.ok(r[0].href.endsWith('khen-thuong/2105-qd-ubnd-2023/index.html#pham-thi-nguyet-anh'), r[0].href);
    await page.click('#mb-results li:first-child h2 a');
    await page.waitForURL(/index\.html#pham-thi-nguyet-anh$/);
    assert.deepEqual(errors, []);
  });
});
