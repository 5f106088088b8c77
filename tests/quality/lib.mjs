// Shared helpers of the quality checks (tests/quality/): build the example site twice (its own
// base_url served at `/`, and a sub-path base_url served under `/mb/`), serve each from
// 127.0.0.1, and pick one page of every page type from the built output itself, so that page
// types added later are checked without editing this list.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

import { REPO, buildSite } from '../browser/helpers.mjs';

export { REPO, CHROMIUM, CHROMIUM_ARGS, launch } from '../browser/helpers.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
  '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.pdf': 'application/pdf', '.wasm': 'application/wasm',
};

/** A static server for a folder set later (`srv.dir = ...`), under `prefix`, on 127.0.0.1. */
export async function staticServer(prefix) {
  const srv = { dir: null, prefix, log: [] };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let path = decodeURIComponent(url.pathname);
    const fail = (code) => { srv.log.push({ url: req.url, status: code }); res.writeHead(code); res.end(); };
    if (!srv.dir || !path.startsWith(prefix)) return fail(404);
    path = normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, '');
    let file = join(srv.dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!url.pathname.endsWith('/')) { res.writeHead(301, { location: `${url.pathname}/` }); res.end(); return; }
      file = join(file, 'index.html');
    }
    if (!existsSync(file)) return fail(404);
    let body = readFileSync(file);
    const type = TYPES[extname(file)] || 'application/octet-stream';
    const headers = {};
    if (/text|javascript|json|xml|svg/.test(type) && /gzip/.test(req.headers['accept-encoding'] || '')) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    // Like a production server: compressed text and long-lived caching of assets, so that
    // Lighthouse scores what a real deployment would serve.
    res.writeHead(200, {
      ...headers,
      'content-type': type,
      'content-length': body.length,
      'cache-control': extname(file) === '.html' ? 'no-cache' : 'public, max-age=31536000',
    });
    res.end(body);
    srv.log.push({ url: req.url, status: 200 });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  srv.origin = `http://127.0.0.1:${server.address().port}`;
  srv.base = `${srv.origin}${prefix}`;
  srv.close = () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); });
  return srv;
}

/**
 * The two builds every check runs on: `root` (the example site as configured, served at `/`)
 * and `subpath` (built with `--base-url http://127.0.0.1:PORT/mb/`, served under `/mb/`).
 * Each has `dir` (the output folder), `baseUrl` (the site's base_url, as links carry it) and
 * `srv` (a running server; `srv.base` is where the site is browsed).
 */
export async function builds() {
  const root = await staticServer('/');
  root.dir = buildSite(REPO);
  const sub = await staticServer('/mb/');
  sub.dir = buildSite(REPO, ['--base-url', `${sub.origin}/mb/`]);
  return [
    { name: 'root', dir: root.dir, baseUrl: siteBaseUrl(REPO), srv: root },
    { name: 'subpath /mb/', dir: sub.dir, baseUrl: `${sub.origin}/mb/`, srv: sub },
  ];
}

/** `base_url` of site.yaml (the example site's own address, which its links carry). */
export function siteBaseUrl(root) {
  const m = readFileSync(join(root, 'site.yaml'), 'utf8').match(/^base_url:\s*["']?([^"'\s#]+)/m);
  if (!m) throw new Error('no base_url in site.yaml');
  return m[1].endsWith('/') ? m[1] : `${m[1]}/`;
}

/** Every file of `dir`, as paths relative to it with `/` separators, sorted. */
export function walk(dir) {
  const out = [];
  const go = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) go(p); else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  go(dir);
  return out.sort();
}

/**
 * The page type of an output HTML file: its first folder and its depth, with listing pages
 * (`trang/N/`) folded into their listing. `guong-dien-hinh/x/index.html` → `guong-dien-hinh/*`,
 * `nguoi-duoc-khen/loai/ca-nhan/trang/2/index.html` → `nguoi-duoc-khen/*\/*`, `404.html` → `404.html`.
 */
export function pageType(file) {
  const parts = file.replace(/(^|\/)index\.html$/, '').split('/').filter(Boolean);
  const i = parts.indexOf('trang');
  if (i >= 0 && /^\d+$/.test(parts[i + 1] || '')) parts.splice(i, 2);
  if (parts.length === 0) return '/';
  return [parts[0], ...parts.slice(1).map(() => '*')].join('/');
}

/**
 * One page of every page type of the output in `dir`: the largest file of the type (the one
 * with the most content, so the most likely to show a problem). Returns `[{ type, file, path }]`
 * where `path` is the URL path relative to the base (`guong-dien-hinh/x/`).
 */
export function pageTypes(dir) {
  const best = new Map();
  for (const file of walk(dir).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(join(dir, file), 'utf8');
    // Alias redirect stubs are not pages of their own.
    if (/http-equiv=["']?refresh/i.test(html) && html.length < 2000) continue;
    const type = pageType(file);
    const size = html.length;
    if (!best.has(type) || size > best.get(type).size) best.set(type, { type, file, size });
  }
  // A page showing a photo is a type of its own (the largest), and so are a news item with a
  // `photo:` and a page with an image in its Markdown body (a <picture> inside the body's `prose`
  // block), so every check meets them all.
  for (const file of walk(dir).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(join(dir, file), 'utf8');
    if (!html.includes('<picture')) continue;
    const size = html.length;
    if (!best.has('photo') || size > best.get('photo').size) best.set('photo', { type: 'photo', file, size });
    // A news item with its own `photo:` (shown above its body).
    if (/^tin-tuc\/[^/]+\/index\.html$/.test(file) && /<figure class=["']?photo/.test(html) && (!best.has('news photo') || size > best.get('news photo').size)) {
      best.set('news photo', { type: 'news photo', file, size });
    }
    const prose = html.search(/class=["']?prose/);
    if (prose >= 0 && html.indexOf('<picture', prose) >= 0 && (!best.has('body image') || size > best.get('body image').size)) {
      best.set('body image', { type: 'body image', file, size });
    }
  }
  return [...best.values()]
    .sort((a, b) => a.type.localeCompare(b.type))
    .map(({ type, file }) => ({ type, file, path: file.replace(/index\.html$/, '') }));
}

/**
 * Pages for Lighthouse: home, one exemplar with a photo, one news item with an image in its body,
 * one news item with a `photo:`, one award decision and the fund page.
 */
export function lighthousePages(dir) {
  const files = walk(dir);
  const first = (re) => {
    const f = files.find((x) => re.test(x));
    if (!f) throw new Error(`no page matches ${re}`);
    return f.replace(/index\.html$/, '');
  };
  const withPhoto = (re, marker = /<picture/) => {
    const f = files.find((x) => re.test(x) && marker.test(readFileSync(join(dir, x), 'utf8')));
    if (!f) throw new Error(`no page matches ${re} with ${marker}`);
    return f.replace(/index\.html$/, '');
  };
  return [
    { name: 'home', path: '' },
    { name: 'exemplar with a photo', path: withPhoto(/^guong-dien-hinh\/[^/]+\/index\.html$/) },
    { name: 'news with a body image', path: withPhoto(/^tin-tuc\/(?!trang\/)[^/]+\/index\.html$/, /class=["']?prose["']?>(?:(?!<\/div>).)*<picture/s) },
    { name: 'news with a photo', path: withPhoto(/^tin-tuc\/(?!trang\/)[^/]+\/index\.html$/, /<figure class=["']?photo/) },
    { name: 'award decision', path: first(/^khen-thuong\/(?!trang\/)[^/]+\/index\.html$/) },
    { name: 'fund', path: first(/^quy-vi-nguoi-ngheo\/index\.html$/) },
  ];
}

/**
 * The Python that has feedparser and extruct: $QUALITY_PYTHON, else the venv `.venv-quality`,
 * created with tests/quality/requirements.txt on first use (.ci/run makes it beforehand).
 */
export function python() {
  if (process.env.QUALITY_PYTHON) return process.env.QUALITY_PYTHON;
  const venv = join(REPO, '.venv-quality');
  const py = join(venv, 'bin', 'python');
  if (!existsSync(py) || run(py, ['-c', 'import extruct, feedparser']).status !== 0) {
    const steps = [
      ['python3', ['-m', 'venv', venv]],
      [py, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', join(REPO, 'tests', 'quality', 'requirements.txt')]],
    ];
    for (const [cmd, args] of steps) {
      const r = run(cmd, args, { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (Debian: apt-get install -y python3-venv)`);
    }
  }
  return py;
}

/** Runs a command; returns `{ status, stdout, stderr }`. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}
