// The import page of `minhbach serve` in a real browser (issue 17, item 6): a plan picked in the
// file field is read and shown beside its text, "Ghi vào content/" writes it, and the result page
// links to the rebuilt document page; a form on another site posting to the page is refused.
// With MINHBACH_SCREENSHOTS=DIR set, the README's screenshots are taken into DIR.

import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { REPO, launch, startServe } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's WCAG 2.1 AA violations on the page (the page forbids scripts: the test's page
 * bypasses its Content-Security-Policy to run axe). */
async function violations(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } }))
    .violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), WCAG);
}

const SEED = join(REPO, 'tests', 'data', 'import', 'ubnd-binh-phuoc-263.txt');
const SHOTS = process.env.MINHBACH_SCREENSHOTS;

describe('the import page of minhbach serve in Chromium', () => {
  let site, server, origin, browser;

  before(async () => {
    ({ site, server, origin } = await startServe('import'));
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    server?.kill();
  });

  test('a plan is read, shown beside its text, written and its page built', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, bypassCSP: true });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${origin}/__minhbach/nhap/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    assert.equal(await page.textContent('label[for=mb-file]'), 'Tệp cần nhập');
    assert.deepEqual(await violations(page), []);
    await page.setInputFiles('#mb-file', SEED);
    await page.selectOption('#mb-kind', 'plan');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'nhap-1-chon-tep.png'), clip: { x: 0, y: 0, width: 1100, height: 400 } });
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);

    // Each field with its origin, linked to the line shown beside it.
    const date = page.locator('tr', { has: page.locator('th code', { hasText: /^date$/ }) });
    assert.match(await date.textContent(), /2022-09-16.*dòng 3/);
    assert.equal(await date.locator('a').getAttribute('href'), '#l3');
    assert.match(await page.textContent('.mb-src #l3'), /Bình Phước, ngày 16 tháng 9 năm 2022/);
    assert.match(await page.textContent('main'), /Kiểm tra lại:/);
    assert.deepEqual(await violations(page), []);
    const none = readdirSync(join(site, 'content', 'van-ban'));
    assert.equal(none.length, 2, 'the preview writes nothing');
    if (SHOTS) {
      await page.screenshot({ path: join(SHOTS, 'nhap-2-xem-truoc.png'), clip: { x: 0, y: 0, width: 1100, height: 620 } });
    }

    await Promise.all([page.waitForNavigation(), page.click('text=Ghi vào content/')]);
    const status = page.locator('[role=status]');
    assert.match(await status.textContent(), /content\/van-ban\/kh-uy-ban-nhan-dan-tinh-binh-phuoc-2022/);
    assert.match(await page.textContent('main'), /0 lỗi, 0 cảnh báo/);
    const written = readdirSync(join(site, 'content', 'van-ban')).find((f) => f.startsWith('kh-uy-ban'));
    const text = readFileSync(join(site, 'content', 'van-ban', written), 'utf8');
    assert.match(text, /^date: 2022-09-16$/m);
    assert.match(text, /^type: "KH"$/m);
    assert.match(text, /^issuer: "Ủy ban nhân dân tỉnh Bình Phước"  # kiểm tra lại/m);
    assert.deepEqual(await violations(page), []);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'nhap-3-da-ghi.png'), clip: { x: 0, y: 0, width: 1100, height: 400 } });

    await Promise.all([page.waitForNavigation(), status.locator('a').first().click()]);
    assert.match(page.url(), /\/van-ban\/kh-ubnd-tinh-binh-phuoc-2022-/);
    assert.match(await page.textContent('main'), /trên địa bàn tỉnh Bình Phước/);
    assert.deepEqual(errors, []);
  });

  test('a form on another site cannot post to the page', async () => {
    // The token is even given to it: the browser's Origin header gives the other site away.
    const token = (await (await fetch(`${origin}/__minhbach/nhap/`)).text()).match(/name="token" value="([0-9a-f]+)"/)[1];
    const evil = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><form method="post" enctype="multipart/form-data" action="${origin}/__minhbach/nhap/">
        <input type="hidden" name="token" value="${token}"><input id="f" type="file" name="file"><button>Gửi</button></form>`);
    });
    await new Promise((ok) => evil.listen(0, '127.0.0.1', ok));
    try {
      const docs = () => readdirSync(join(site, 'content', 'van-ban')).length;
      const before = docs();
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${evil.address().port}/`);
      await page.setInputFiles('#f', SEED);
      const [answer] = await Promise.all([page.waitForNavigation(), page.click('button')]);
      assert.equal(answer.status(), 403);
      assert.match(await page.textContent('[role=alert]'), /đến từ một trang khác/);
      assert.equal(docs(), before, 'nothing written');
    } finally {
      evil.close();
    }
  });
});
