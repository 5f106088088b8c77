// Lighthouse (npm, with Debian's Chromium; never a downloaded browser) mobile scores for the
// home, an exemplar, an award decision and the fund page, on the root build and the /mb/
// sub-path build. Prints the scores; fails below 95 in any category (the goal is 100).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { CHROMIUM, CHROMIUM_ARGS, builds, lighthousePages } from './lib.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const MIN = Number(process.env.LIGHTHOUSE_MIN || 95);

process.env.CHROME_PATH = CHROMIUM;
const { default: lighthouse } = await import('lighthouse');
const { launch } = await import('chrome-launcher');

const sites = await builds();
let chrome;
before(async () => {
  chrome = await launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_ARGS });
});
after(async () => {
  await chrome?.kill();
  for (const s of sites) await s.srv.close();
});

for (const site of sites) {
  describe(`Lighthouse, mobile (${site.name})`, () => {
    for (const p of lighthousePages(site.dir)) {
      test(`${p.name} (${p.path || '/'}): ≥ ${MIN} in ${CATEGORIES.join(', ')}`, async () => {
        const url = site.srv.base + p.path;
        const r = await lighthouse(url, {
          port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES,
          formFactor: 'mobile', // the default config: a mid-range phone, simulated slow 4G
        });
        const lhr = r.lhr;
        assert.equal(lhr.runtimeError, undefined, JSON.stringify(lhr.runtimeError));
        const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]));
        console.log(`lighthouse ${site.name} ${p.name}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')}`);
        // What keeps a category below 100: the failing audits that carry weight.
        const missed = [];
        for (const c of CATEGORIES) {
          for (const ref of lhr.categories[c].auditRefs) {
            const a = lhr.audits[ref.id];
            if (ref.weight > 0 && a.score !== null && a.score < 1) {
              missed.push(`${c}/${ref.id} ${a.score}${a.displayValue ? ` (${a.displayValue})` : ''}: ${a.title}`);
            }
          }
        }
        if (missed.length) console.log(`  below 100: ${missed.join('; ')}`);
        for (const c of CATEGORIES) assert.ok(scores[c] >= MIN, `${p.name} ${c} ${scores[c]} < ${MIN}: ${missed.join('; ')}`);
      });
    }
  });
}
