// Script injection: every payload of tests/fixtures/xss/payloads.txt (OWASP filter-evasion
// style) is put into every free-text field of every kind of record, into site.yaml and into
// Markdown bodies; the site is built, served from 127.0.0.1 and every page opened in headless
// Chromium. A payload that runs sets window.__xss (or opens a dialog): none may. (Link fields
// given a javascript:/data: URL are refused at build time: tests/hostile.rs.)
//
//   npm run test:browser

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { REPO, buildSite, launch, serve, settled } from './helpers.mjs';

const PAYLOADS = readFileSync(join(REPO, 'tests', 'fixtures', 'xss', 'payloads.txt'), 'utf8')
  .split('\n').filter((l) => l.trim() !== '');
const N = PAYLOADS.length;
/** Payload i, tagged so a search for "xss" finds the records and titles stay distinct. */
const P = (i) => `XSS${i % N} ${PAYLOADS[i % N]}`;
/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (s) => JSON.stringify(s);

/** Every payload as Markdown: one paragraph each, inline in a sentence, in a list and a table. */
function markdownBody(k) {
  const lines = ['# ' + P(k), ''];
  for (let i = 0; i < N; i++) lines.push(`Đoạn ${i}: ${PAYLOADS[i]}`, '');
  lines.push('- ' + P(k + 1), '- ' + P(k + 2), '', '| a | b |', '|---|---|', `| ${PAYLOADS[k % N].replaceAll('|', '\\|')} | x |`, '');
  lines.push('[bấm] và [bấm][bấm]', '');
  return lines.join('\n');
}

function write(root, rel, text) {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

/** A site with the payloads everywhere; returns its folder. */
export function makeSite({ allowHtml = false } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mb-xss-site-'));
  write(root, 'site.yaml', [
    `title: ${q(P(0))}`,
    'base_url: https://thidua.example.gov.vn/',
    `description: ${q(P(1))}`,
    `organization: { name: ${q(P(2))}, address: ${q(P(3))}, email: ${q('x@example.gov.vn')}, url: ${q('https://x.example/"onmouseover="window.__xss=1')} }`,
    'illustrative: true',
    `allow_html: ${allowHtml}`,
    `menu: [ { title: ${q(P(4))}, url: ${q('/x/"><script>window.__xss=1</script>')} }, { title: ${q(P(5))}, url: ${q('/van-ban/')} } ]`,
    `extra: { note: ${q(P(6))} }`,
    '',
  ].join('\n'));
  write(root, 'content/_index.md', `---\ntitle: ${q(P(7))}\ndescription: ${q(P(8))}\n---\n${markdownBody(0)}`);
  write(root, 'content/tin-tuc/_index.md', `---\ntitle: ${q(P(9))}\n---\n${markdownBody(1)}`);
  write(root, 'content/phong-trao/c.md', [
    '---', 'id: c', `title: ${q(P(10))}`, `short_title: ${q(P(11))}`, 'period: { from: 2021, to: 2025 }', 'status: active',
    `names: [${q(P(12))}]`, `key_figures: [ { label: ${q(P(13))}, value: 1, unit: ${q(P(14))}, note: ${q(P(15))} } ]`,
    '---', markdownBody(2)].join('\n'));
  for (let k = 0; k < N; k++) {
    write(root, `content/tin-tuc/t${k}.md`, [
      '---', `title: ${q(P(k))}`, `description: ${q(P(k + 1))}`, 'date: 2024-01-15',
      `tags: [${q(P(k + 2))}]`, `categories: [${q(P(k + 3))}]`, `extra: { note: ${q(P(k + 4))} }`,
      '---', k < 3 ? markdownBody(k) : `${P(k)}\n\n${P(k + 5)}\n`].join('\n'));
    write(root, `content/van-ban/d${k}.md`, [
      '---', `number: ${k + 1}/KH-UBND`, `issuer: ${q(P(k))}`, `issuer_short: ${q(P(k + 1))}`, `place: ${q(P(k + 2))}`,
      'date: 2023-03-01', `title: ${q(P(k + 3))}`, `type_name: ${q(P(k + 4))}`,
      `signer: { authority: ${q('KT.')}, superior: ${q(P(k + 5))}, title: ${q(P(k + 6))}, name: ${q(P(k + 7))} }`,
      `recipients: [${q(P(k + 8))}]`,
      `bases: [ { number: ${q(`${k + 1}/QĐ-TTg`)}, date: 2022-06-02, issuer: ${q(P(k + 9))}, title: ${q(P(k + 10))} } ]`,
      'campaign: c',
      `targets: [ { label: ${q(P(k + 11))}, value: 5, unit: ${q(P(k + 12))} } ]`,
      `milestones: [ { date: 2023-10-14, label: ${q(P(k + 13))}, kind: deadline } ]`,
      `source: { note: ${q(P(k + 14))}, url: ${q("https://x.example/'onmouseover='window.__xss=1")} }`,
      '---', k < 3 ? markdownBody(k) : P(k)].join('\n'));
    write(root, `content/guong-dien-hinh/e${k}.md`, [
      '---', `id: e${k}`, `name: ${q(P(k))}`, 'kind: individual', `position: ${q(P(k + 1))}`, `unit: ${q(P(k + 2))}`,
      `locality: { hamlet: ${q(P(k + 3))}, commune: ${q(P(k + 4))}, district: ${q(P(k + 5))}, province: ${q(P(k + 6))} }`,
      'campaign: c', `achievements: [${q(P(k + 7))}]`,
      `photo: { src: ${q(k % 2 ? '/anh/x.jpg" onerror="window.__xss=1' : "/anh/x.jpg' onerror='window.__xss=1")}, alt: ${q(P(k + 8))}, consent: true }`,
      '---', k < 3 ? markdownBody(k) : P(k)].join('\n'));
    write(root, `content/khen-thuong/q${k}.md`, [
      '---', `number: ${k + 1}/QĐ-UBND`, `issuer: ${q(P(k))}`, `place: ${q(P(k + 1))}`, 'date: 2023-11-20',
      `title: ${q(P(k + 2))}`, 'form: BKTINH', 'round: so-ket-2023', 'campaign: c',
      `signer: { title: ${q(P(k + 3))}, name: ${q(P(k + 4))} }`,
      'recipients:',
      `  - { id: r${k}, kind: individual, name: ${q(P(k + 5))}, position: ${q(P(k + 6))}, unit: ${q(P(k + 7))}, achievement: ${q(P(k + 8))}, exemplar: e${k}, locality: { commune: ${q(P(k + 9))}, province: ${q(P(k + 10))} } }`,
      `  - { id: t${k}, kind: collective, name: ${q(P(k + 11))}, achievement: ${q(P(k + 12))} }`,
      '---', k < 3 ? markdownBody(k) : P(k)].join('\n'));
  }
  const receipts = [];
  const disb = [];
  for (let k = 0; k < N; k++) {
    receipts.push(`  - { date: 2024-10-20, donor: ${q(P(k))}, donor_kind: doanh-nghiep, channel: chuyen-khoan, amount: 1000, receipt_no: ${q(`PT-${k}`)}, purpose: ${q(P(k + 1))} }`);
    disb.push(`  - { date: 2024-11-05, category: sinh-ke, count: 1, amount: 500, locality: ${q(P(k + 2))} }`);
  }
  write(root, 'content/quy/2024.yaml', [
    `fund: ${q(P(3))}`, 'level: tinh', 'period: { id: 2024, from: 2024-01-01, to: 2024-12-31 }', 'opening: 0',
    'receipts:', ...receipts, 'disbursements:', ...disb, `closing: ${N * 500}`, ''].join('\n'));
  return root;
}

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

/** What a page holds that could run script: checked inside the page. */
function audit() {
  const bad = [];
  const schemes = /^\s*(javascript|data|vbscript):/i;
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href', 'poster', 'srcset'].includes(a.name.toLowerCase())) {
        if (a.name === 'srcdoc' || schemes.test(a.value)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
      }
    }
  }
  for (const t of ['iframe', 'object', 'embed', 'frame', 'base', 'meta[http-equiv=refresh]:not([content^="0; url=/"]):not([content^="0;url=/"])']) {
    for (const el of document.querySelectorAll(t)) bad.push(`<${el.tagName}> ${el.outerHTML.slice(0, 80)}`);
  }
  for (const s of document.querySelectorAll('script')) {
    const ok = s.type === 'application/ld+json' || (s.src && new URL(s.src).origin === location.origin && !/xss/i.test(s.src)) || /__mbSearch|mb-search/.test(s.textContent) || s.textContent.trim() === '';
    if (!ok || /__xss/.test(s.textContent) && s.type !== 'application/ld+json') bad.push(`script ${s.outerHTML.slice(0, 120)}`);
  }
  if (/XSS\d+ 49/.test(document.body?.innerText || '')) bad.push('template expression evaluated');
  return { canary: window.__xss, bad };
}

describe('script injection', () => {
  let browser, server, page, out, dialogs;

  before(async () => {
    out = buildSite(makeSite());
    server = await serve(out, '/');
    browser = await launch();
    page = await browser.newPage();
    dialogs = [];
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('no payload runs on any built page', async () => {
    const pages = htmlFiles(out);
    assert.ok(pages.length > 4 * N, `only ${pages.length} pages`);
    const failures = [];
    for (const file of pages) {
      const path = '/' + relative(out, file).split('\\').join('/');
      await page.goto(server.origin + path, { waitUntil: 'load' });
      // Focus and hover everything once, so focus/mouse handlers would fire if any existed.
      await page.evaluate(() => { for (const el of document.querySelectorAll('body *')) { el.dispatchEvent(new Event('mouseover')); } });
      const r = await page.evaluate(audit);
      if (r.canary !== undefined || r.bad.length) failures.push(`${path}: canary=${r.canary} ${r.bad.slice(0, 3).join(' | ')}`);
    }
    assert.deepEqual(dialogs, []);
    assert.deepEqual(failures, [], failures.slice(0, 20).join('\n'));
  });

  test('search results render payloads as text', async () => {
    for (const query of ['xss', 'xss script', 'onerror', 'javascript']) {
      await page.goto(`${server.origin}/tim-kiem/?q=${encodeURIComponent(query)}`);
      await settled(page);
      const n = await page.$$eval('#mb-results li', (l) => l.length);
      if (query === 'xss') assert.ok(n > 0, 'search found nothing');
      const r = await page.evaluate(audit);
      assert.equal(r.canary, undefined, query);
      assert.deepEqual(r.bad, [], query);
    }
    assert.deepEqual(dialogs, []);
  });

  test('the canary works: a site that opts in to raw HTML (allow_html: true) does run them', async () => {
    const raw = buildSite(makeSite({ allowHtml: true }));
    const srv = await serve(raw, '/');
    try {
      await page.goto(`${srv.origin}/tin-tuc/t0/`, { waitUntil: 'load' });
      const r = await page.evaluate(audit);
      assert.equal(r.canary, 1, 'the payloads did not run even with raw HTML allowed: the test could not fail');
      assert.ok(r.bad.length > 0);
    } finally {
      await srv.close();
    }
  });

  test('payloads stay visible as text (escaped, not dropped)', async () => {
    await page.goto(`${server.origin}/tin-tuc/t0/`);
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(text.includes('<script>window.__xss=1</script>'), 'escaped payload not shown');
  });
});
