// Link check over the whole output (pages, fragments, assets, feeds, sitemap, robots.txt, CSS),
// Atom feeds through Python feedparser, OpenGraph and JSON-LD of record pages through Python
// extruct: tests/quality/check_output.py, on the root build and the /mb/ sub-path build.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { REPO, builds, python, run } from './lib.mjs';

const SCRIPT = join(REPO, 'tests', 'quality', 'check_output.py');
const check = (what, dir, base) => run(python(), [SCRIPT, what, dir, base]);

const sites = await builds();
after(async () => { for (const s of sites) await s.srv.close(); });

for (const site of sites) {
  describe(`built output (${site.name})`, () => {
    test('link check: 0 broken links, anchors, assets, feeds', () => {
      const r = check('links', site.dir, site.baseUrl);
      console.log(r.stdout.trim().split('\n')[0]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });
    test('feeds parse with feedparser; record pages have OpenGraph and JSON-LD (extruct)', () => {
      const r = check('meta', site.dir, site.baseUrl);
      console.log(r.stdout.trim().split('\n')[0]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });
    test('photos: files as listed, no metadata, sizes right, <= 100 KB on a 390 px phone', () => {
      const r = check('photos', site.dir, site.baseUrl);
      console.log(r.stdout.trim().split('\n')[0]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });
  });
}

describe('the checks can fail', () => {
  const site = sites[1];
  const copy = () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mb-quality-')), 'public');
    cpSync(site.dir, dir, { recursive: true });
    return dir;
  };
  const spoil = (dir, file, from, to) => {
    const p = join(dir, file);
    const s = readFileSync(p, 'utf8');
    assert.ok(s.includes(from), `${file} has no ${from}`);
    writeFileSync(p, s.replace(from, to));
  };

  test('a missing fragment, a link outside the base path and a missing asset are found', () => {
    const dir = copy();
    spoil(dir, 'index.html', 'href=#noi-dung', 'href=#khong-co');
    spoil(dir, 'gioi-thieu/index.html', '/mb/style.css', '/style.css');
    spoil(dir, 'van-ban/atom.xml', '/mb/van-ban/"/>', '/mb/van-ban-cu/"/>');
    spoil(dir, 'search/r/0.js', '"/phong-trao/', '"/phong-trao-cu/');
    const r = check('links', dir, site.baseUrl);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /index\.html .*no id 'khong-co'/);
    assert.match(r.stdout, /gioi-thieu\/index\.html .*outside its base path/);
    assert.match(r.stdout, /van-ban\/atom\.xml .*broken link/);
    assert.match(r.stdout, /search\/r\/0\.js \(page path\): broken link 'phong-trao-cu\//);
  });

  test('a photo whose size, file or metadata is wrong is found', () => {
    const dir = copy();
    const rec = run('sh', ['-c', `grep -l '<picture' ${dir}/guong-dien-hinh/*/index.html | head -1`]).stdout.trim();
    const page = rec.slice(dir.length + 1);
    const html = readFileSync(rec, 'utf8');
    const src = html.match(/<img [^>]*src=([^ >]+)/)[1].replace(/"/g, '');
    writeFileSync(rec, html.replace(/ height=(\d+)/, (_, h) => ` height=${Number(h) + 1}`));
    // A file carrying EXIF where a smaller one should be.
    const jpeg = join(dir, src.replace(site.baseUrl.replace(/^https?:\/\/[^/]+/, ''), ''));
    const b = readFileSync(jpeg);
    writeFileSync(jpeg, Buffer.concat([b.subarray(0, 2), Buffer.from('ffe1000a457869660000', 'hex'), Buffer.from('0000', 'hex'), b.subarray(2)]));
    const r = check('photos', dir, site.baseUrl);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`${page}: <img> says`));
    assert.match(r.stdout, /carries EXIF, XMP or IPTC/);
  });

  test('a share preview no page links, and a twitter:image that is not og:image, are found', () => {
    const dir = copy();
    const news = run('sh', ['-c', `grep -l 'twitter:image' ${dir}/tin-tuc/*/index.html | head -1`]).stdout.trim();
    assert.ok(news, 'a news item shares its photo');
    const html = readFileSync(news, 'utf8');
    const preview = html.match(/tin-tuc\/([a-z0-9-]+-\d+x\d+\.jpg)/)[1];
    cpSync(join(dir, 'tin-tuc', preview), join(dir, 'tin-tuc', 'thua-1200x630.jpg'));
    const twitter = /<meta [^>]*name=["']?twitter:image["']?[^>]*>/;
    assert.match(html, twitter);
    writeFileSync(news, html.replace(twitter, `<meta name=twitter:image content=${site.baseUrl}tin-tuc/thua-1200x630.jpg>`));
    const r = check('photos', dir, site.baseUrl);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /twitter:image .* is not og:image/);
    // With the page as it was, the copy is a preview that no page names.
    writeFileSync(news, html);
    const again = check('photos', dir, site.baseUrl);
    assert.equal(again.status, 1, again.stdout);
    assert.match(again.stdout, /tin-tuc\/thua-1200x630\.jpg: a share preview no page links/);
  });

  test('a broken feed and a record page without share tags are found', () => {
    const dir = copy();
    spoil(dir, 'khen-thuong/atom.xml', '</feed>', '');
    const rec = run('sh', ['-c', `ls -d ${dir}/guong-dien-hinh/*/ | head -1`]).stdout.trim();
    const page = rec.slice(dir.length + 1) + 'index.html';
    const html = readFileSync(join(dir, page), 'utf8');
    writeFileSync(join(dir, page), html.replace(/<meta[^>]*og:description[^>]*>/, '').replace(/<script type=application\/ld\+json>.*?<\/script>/, ''));
    const r = check('meta', dir, site.baseUrl);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /khen-thuong\/atom\.xml: feedparser/);
    assert.match(r.stdout, new RegExp(`${page}: no og:description`));
    assert.match(r.stdout, new RegExp(`${page}: record page without JSON-LD`));
  });
});
