// Helpers for the browser tests: build a site with the minhbach binary, serve it from
// 127.0.0.1 with node's http module, drive Debian's Chromium through playwright-core.
// No browser is ever downloaded: Chromium must be at /usr/bin/chromium (or $CHROMIUM).

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run',
];

/** The minhbach binary: $MINHBACH, else target/debug/minhbach (built by `cargo build`). */
export function binary() {
  const target = process.env.CARGO_TARGET_DIR || join(REPO, 'target');
  const bin = process.env.MINHBACH || join(target, 'debug', 'minhbach');
  if (!existsSync(bin)) {
    const r = spawnSync('cargo', ['build', '--quiet'], { cwd: REPO, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('cargo build failed');
  }
  return bin;
}

/** Builds `root` into a new temporary folder; returns the output folder. */
export function buildSite(root, args = []) {
  const out = join(mkdtempSync(join(tmpdir(), 'mb-browser-')), 'public');
  const r = spawnSync(binary(), ['build', '--root', root, '--output', out, '--quiet', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`minhbach build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css',
  '.xml': 'application/xml', '.json': 'application/json', '.wasm': 'application/wasm', '.txt': 'text/plain',
};

/** Serves `dir` under the URL prefix `prefix` (`/` or `/thi-dua/`) on 127.0.0.1; records requests. */
export async function serve(dir, prefix = '/') {
  const log = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    path = normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404); res.end('not found'); log.push({ url: req.url, status: 404, bytes: 0 }); return; }
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'content-length': body.length });
    res.end(body);
    log.push({ url: req.url, status: 200, bytes: body.length });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, log, close: () => new Promise((ok) => server.close(ok)) };
}

/** Copies the fixture site `tests/fixtures/<fixture>` to a temporary folder and runs
 * `minhbach serve --port 0` on it: its root, the child process and the origin it printed. */
export async function startServe(fixture) {
  const site = join(mkdtempSync(join(tmpdir(), `mb-${fixture}-`)), 'site');
  cpSync(join(REPO, 'tests', 'fixtures', fixture), site, { recursive: true });
  const server = spawn(binary(), ['serve', '--port', '0', '--root', site], {
    env: { ...process.env, MINHBACH_LANG: 'vi', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const origin = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`serve printed no address: ${out}`)), 120000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/[0-9.]+:\d+/);
      if (m) { clearTimeout(timer); ok(m[0]); }
    });
  });
  return { site, server, origin };
}

/** Launches headless Chromium. */
export async function launch() {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Waits until the search page has finished its last query. */
export async function settled(page) {
  await page.waitForFunction(() => window.__mbSearch && window.__mbSearch.ready === true, null, { timeout: 10000 });
}

/** Titles and links of the result list. */
export async function results(page) {
  return page.$$eval('#mb-results li', (lis) => lis.map((li) => ({
    kind: li.querySelector('.mb-kind')?.textContent,
    title: li.querySelector('h2')?.textContent,
    href: li.querySelector('h2 a')?.getAttribute('href'),
    marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
  })));
}
