// `minhbach serve` in a real browser: a saved edit reloads the open tab, a broken file shows the
// overlay with file, line and fix over the last good page, and fixing it removes the overlay.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, startServe } from './helpers.mjs';

describe('minhbach serve in Chromium', () => {
  let site, server, origin, browser;
  const file = () => join(site, 'content', 'tin-tuc', 'tin-1.md');

  before(async () => {
    ({ site, server, origin } = await startServe('mini'));
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    server?.kill();
  });

  test('an edit reloads the tab; an error shows the overlay; the fix removes it', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${origin}/tin-tuc/tin-1/`);
    assert.match(await page.textContent('main'), /Nội dung tin 1\./);
    // Wait until the page listens for changes.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/__minhbach/live.js')));
    await page.waitForTimeout(300);

    // A good edit: the tab reloads by itself and shows it.
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('Nội dung tin 1.', 'Nội dung vừa sửa.'));
    await page.waitForFunction(() => document.querySelector('main')?.textContent.includes('Nội dung vừa sửa.'), null, { timeout: 60000 });

    // A broken file: an overlay names the file and line, the last good page stays.
    writeFileSync(file(), '---\ntitle: Tin số 1\ndate: 2023-01-15\ntitel: Tin 1\n---\nHỏng.\n');
    const overlay = await page.waitForSelector('#minhbach-overlay', { timeout: 60000 });
    const text = await overlay.textContent();
    assert.match(text, /tin-tuc\/tin-1\.md:4/);
    assert.match(text, /titel/);
    assert.equal(await overlay.getAttribute('role'), 'alert');
    assert.match(await page.textContent('main'), /Nội dung vừa sửa\./);

    // Fixed: the overlay goes and the page shows the fix.
    writeFileSync(file(), '---\ntitle: Tin số 1\ndate: 2023-01-15\n---\nĐã lành.\n');
    await page.waitForFunction(() => !document.querySelector('#minhbach-overlay') && document.querySelector('main')?.textContent.includes('Đã lành.'), null, { timeout: 60000 });
    assert.deepEqual(errors, []);
  });
});
