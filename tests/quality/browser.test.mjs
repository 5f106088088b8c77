// Every page type in headless Chromium (Debian's, through playwright-core) at 360 px and
// 1280 px: no console error, no failed request, no horizontal overflow at 360 px, and axe-core
// finds 0 violations of the WCAG 2.1 A/AA rules. On the root build and the /mb/ sub-path build.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { builds, launch, pageTypes } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [360, 1280];

const sites = await builds();
let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  for (const s of sites) await s.srv.close();
});

test('axe-core finds violations on a bad page (the check can fail)', async () => {
  const page = await browser.newPage();
  await page.setContent('<html><body style="background:#fff"><img src="data:,"><a href="#"></a><p style="color:#bbb">Chữ nhạt khó đọc trên nền trắng</p></body></html>');
  await page.addScriptTag({ content: AXE });
  const ids = await page.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations.map((v) => v.id), WCAG);
  await page.close();
  for (const id of ['html-has-lang', 'image-alt', 'link-name', 'color-contrast']) assert.ok(ids.includes(id), `${id} not in ${ids}`);
});

for (const site of sites) {
  const types = pageTypes(site.dir);
  describe(`pages in Chromium and axe-core (${site.name}, ${types.length} page types)`, () => {
    test('the output has the page types the site is made of', () => {
      for (const t of ['/', '404.html', 'guong-dien-hinh/*', 'khen-thuong/*', 'quy-vi-nguoi-ngheo']) {
        assert.ok(types.some((x) => x.type === t), `no ${t} among ${types.map((x) => x.type)}`);
      }
    });
    for (const width of WIDTHS) {
      test(`${width} px: loads clean, no overflow, 0 WCAG 2.1 AA violations`, async () => {
        const ctx = await browser.newContext({ viewport: { width, height: 800 } });
        const problems = [];
        const page = await ctx.newPage();
        let current = '';
        page.on('console', (m) => { if (m.type() === 'error') problems.push(`${current}: console error: ${m.text()}`); });
        page.on('pageerror', (e) => problems.push(`${current}: page error: ${e.message}`));
        page.on('requestfailed', (r) => problems.push(`${current}: request failed: ${r.url()} (${r.failure()?.errorText})`));
        page.on('response', (r) => {
          // The 404 page is served with 200 by this static server; any 4xx/5xx is a broken request.
          if (r.status() >= 400) problems.push(`${current}: HTTP ${r.status()} for ${r.url()}`);
        });
        for (const t of types) {
          current = t.path || '/';
          const url = site.srv.base + t.path;
          await page.goto(url, { waitUntil: 'load' });
          await page.waitForLoadState('networkidle');
          if (width === 360) {
            const over = await page.evaluate(() => {
              const w = document.documentElement.clientWidth;
              const wide = [...document.querySelectorAll('body *')]
                .filter((e) => e.getBoundingClientRect().right > w + 1 && getComputedStyle(e).position !== 'fixed')
                // Only the outermost culprits; content inside a scroll container is fine.
                .filter((e) => !e.closest('.table-scroll, [data-scroll]') && !e.parentElement.closest('*:is(pre, code)'))
                .slice(0, 3)
                .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> right=${Math.round(e.getBoundingClientRect().right)}`);
              return { scroll: document.documentElement.scrollWidth, w, wide };
            });
            if (over.scroll > over.w) problems.push(`${current}: horizontal overflow at 360 px: scrollWidth ${over.scroll} > ${over.w}; ${over.wide.join('; ')}`);
          }
          if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
          const res = await page.evaluate(async (tags) => {
            const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + (n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : '')).join(' | ')}`);
          }, WCAG);
          for (const v of res) problems.push(`${current}: axe ${v}`);
        }
        await ctx.close();
        assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
      });
    }
  });
}
