// Measures minhbach's search and Pagefind's on the same built site, in headless Chromium.
// Called by benches/search_bench.sh:  node benches/search_bench.mjs OUT SITE PAGEFIND_DIR
//   OUT           the built site (with search/ and pagefind/ in it)
//   SITE          the generated source site (titles and names are read for the queries)
//   PAGEFIND_DIR  a folder whose node_modules has playwright-core (the repo's is used first)
// Prints JSON: per tool, the first cold query's requests and bytes, every query of the list cold
// (each in a new page: requests and bytes, with median and max), and recall.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { launch, serve } from '../tests/browser/helpers.mjs';

const [OUT, SITE] = process.argv.slice(2);
const fold = (s) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');

// Unaccented queries: fixed phrases, plus exemplar names and page-title words from the site.
const queries = process.env.QUERIES ? process.env.QUERIES.split(",") : ['nguoi ngheo', 'dien hinh', 'dong bao dan toc thieu so', 'nha dai doan ket', 'thoat ngheo', 'hoc bong', 'chuyen doi so', 'tin dung chinh sach'];
const ex = readdirSync(join(SITE, 'content', 'guong-dien-hinh')).filter((f) => f.endsWith('.md') && !f.startsWith('_')).sort();
for (let i = 0; !process.env.QUERIES && i < ex.length && queries.length < 18; i += Math.max(1, Math.floor(ex.length / 10))) {
  const m = readFileSync(join(SITE, 'content', 'guong-dien-hinh', ex[i]), 'utf8').match(/^name: (.*)$/m);
  if (m) queries.push(fold(m[1].replace(/^"|"$/g, '')));
}
const pages = readdirSync(join(SITE, 'content', 'tin-tuc')).filter((f) => f.endsWith('.md') && !f.startsWith('_')).sort();
for (let i = 3; !process.env.QUERIES && i < pages.length && queries.length < 24; i += Math.max(1, Math.floor(pages.length / 6))) {
  const m = readFileSync(join(SITE, 'content', 'tin-tuc', pages[i]), 'utf8').match(/^title: "?(.*?)"?$/m);
  const name = m && m[1].match(/(?:ông|bà|anh|chị) ([^,:]+?) (?:giúp|vận|tham|đã|được|với)/);
  if (name) queries.push(fold(name[1]));
}
const FIRST = 'nguoi ngheo';

const server = await serve(OUT, '/');
const browser = await launch();
const report = { queries, first_query: FIRST, minhbach: {}, pagefind: {} };

function tally(log, from, filter) {
  const reqs = log.slice(from).filter((r) => filter(r.url));
  return { requests: reqs.length, bytes: reqs.reduce((a, r) => a + r.bytes, 0), files: reqs.map((r) => `${r.url} ${r.bytes}`) };
}
// Median and max of requests and bytes over cold queries.
function summary(rows) {
  const med = (v) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  const req = rows.map((r) => r.requests), bytes = rows.map((r) => r.bytes);
  const within3 = req.filter((n) => n <= 3).length;
  return { queries: rows.length, median_requests: med(req), max_requests: Math.max(...req), median_bytes: med(bytes), max_bytes: Math.max(...bytes), at_most_3_requests: within3 };
}
const hit = (q, titles) => titles.some((t) => fold(t || '').includes(q));

// ---------------------------------------------------------------- minhbach
{
  const page = await browser.newPage();
  let mark = server.log.length;
  await page.goto(`${server.origin}/tim-kiem/`);
  await page.waitForFunction(() => window.__mbSearch && window.__mbSearch.ready);
  const load = tally(server.log, mark, (u) => u.startsWith('/search'));
  mark = server.log.length;
  const t0 = Date.now();
  await page.fill('#mb-q', FIRST);
  await page.waitForFunction(() => window.__mbSearch.ready && document.querySelectorAll('#mb-results li').length > 0);
  const query = tally(server.log, mark, (u) => u.startsWith('/search'));
  report.minhbach.page_load = load;
  report.minhbach.first_query = query;
  report.minhbach.first_query_ms = Date.now() - t0;
  await page.keyboard.type(' a');
  await page.waitForFunction(() => window.__mbSearch.ready);
  report.minhbach.keystroke_ms = await page.evaluate(() => window.__mbSearch.lastMs);
  const phrase = tally(server.log, server.log.length, () => true);
  void phrase;
  let hits = 0;
  const misses = [];
  for (const q of queries) {
    const r = await page.evaluate((q) => window.__mbSearch.search(q, 10), q);
    if (hit(q, r.results.map((x) => x.title))) hits++; else misses.push(q);
  }
  report.minhbach.recall = `${hits}/${queries.length}`;
  report.minhbach.misses = misses;
  // Requests of the 6-word phrase, cold.
  const p2 = await browser.newPage();
  await p2.goto(`${server.origin}/tim-kiem/`);
  await p2.waitForFunction(() => window.__mbSearch && window.__mbSearch.ready);
  mark = server.log.length;
  await p2.fill('#mb-q', 'dong bao dan toc thieu so');
  await p2.waitForFunction(() => window.__mbSearch.ready && document.querySelectorAll('#mb-results li').length > 0);
  report.minhbach.phrase_query = tally(server.log, mark, (u) => u.startsWith('/search'));
  // Every query cold, each in a new page (engine and meta.js loaded with the page, not counted).
  report.minhbach.cold = [];
  for (const q of queries) {
    const pc = await browser.newPage();
    await pc.goto(`${server.origin}/tim-kiem/`);
    await pc.waitForFunction(() => window.__mbSearch && window.__mbSearch.ready);
    const m0 = server.log.length;
    await pc.fill('#mb-q', q);
    await pc.waitForFunction(() => window.__mbSearch.ready && document.getElementById('mb-status').textContent !== '');
    report.minhbach.cold.push({ query: q, ...tally(server.log, m0, (u) => u.startsWith('/search')) });
    await pc.close();
  }
  report.minhbach.cold_summary = summary(report.minhbach.cold);
}

// ---------------------------------------------------------------- Pagefind
{
  const page = await browser.newPage();
  await page.goto(`${server.origin}/404.html`);
  const mark = server.log.length;
  const t0 = Date.now();
  const first = await page.evaluate(async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    await pf.options({ baseUrl: '/' });
    const r = await pf.search(q);
    const data = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
    window.__pf = pf;
    return { total: r.results.length, titles: data.map((d) => d.meta.title) };
  }, FIRST);
  report.pagefind.first_query = tally(server.log, mark, (u) => u.startsWith('/pagefind'));
  report.pagefind.first_query_ms = Date.now() - t0;
  report.pagefind.first_total = first.total;
  let hits = 0;
  const misses = [];
  for (const q of queries) {
    const titles = await page.evaluate(async (q) => {
      const r = await window.__pf.search(q);
      const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      return data.map((d) => d.meta.title);
    }, q);
    if (hit(q, titles)) hits++; else misses.push(q);
  }
  report.pagefind.recall = `${hits}/${queries.length}`;
  report.pagefind.misses = misses;
  // Every query cold, each in a new page, as the first query (the 5 first results' data).
  report.pagefind.cold = [];
  for (const q of queries) {
    const pc = await browser.newPage();
    await pc.goto(`${server.origin}/404.html`);
    const m0 = server.log.length;
    await pc.evaluate(async (q) => {
      const pf = await import('/pagefind/pagefind.js');
      await pf.options({ baseUrl: '/' });
      const r = await pf.search(q);
      await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
    }, q);
    report.pagefind.cold.push({ query: q, ...tally(server.log, m0, (u) => u.startsWith('/pagefind')) });
    await pc.close();
  }
  report.pagefind.cold_summary = summary(report.pagefind.cold);
}

await browser.close();
await server.close();
for (const t of ['minhbach', 'pagefind']) for (const k of Object.keys(report[t])) if (report[t][k] && report[t][k].files && process.env.VERBOSE !== '1') delete report[t][k].files;
for (const t of ['minhbach', 'pagefind']) for (const r of report[t].cold || []) if (process.env.VERBOSE !== '1') delete r.files;
console.log(JSON.stringify(report, null, 1));
