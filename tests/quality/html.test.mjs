// Nu Html Checker (npm vnu-jar, needs Java): 0 errors on every HTML file of the output, on
// the root build and the /mb/ sub-path build. One Java run per build, over all files.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { builds, run, walk } from './lib.mjs';

const require = createRequire(import.meta.url);
const VNU = require('vnu-jar');

/** Runs vnu over `files`; returns its messages of type error (and fatal). */
function vnu(files) {
  const r = run('java', ['-Xss4m', '-jar', VNU, '--format', 'json', '--exit-zero-always', ...files]);
  let out;
  try { out = JSON.parse(r.stderr || r.stdout); } catch {
    throw new Error(`vnu did not answer in JSON (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return out.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
}

test('the checker finds errors in invalid HTML (it can fail)', () => {
  const bad = join(mkdtempSync(join(tmpdir(), 'mb-vnu-')), 'bad.html');
  writeFileSync(bad, '<!doctype html><html lang="vi"><title>x</title><p><div>x</div><span id=a></span><span id=a></span>');
  assert.ok(vnu([bad]).length > 0);
});

const sites = await builds();
after(async () => { for (const s of sites) await s.srv.close(); });

for (const site of sites) {
  describe(`Nu Html Checker (${site.name})`, () => {
    test('0 errors on every HTML file', () => {
      const files = walk(site.dir).filter((f) => f.endsWith('.html'));
      assert.ok(files.length > 20, `only ${files.length} HTML files`);
      const errors = vnu(files.map((f) => join(site.dir, f)));
      const lines = errors.map((m) => `${m.url.replace(/^file:.*?\/public\//, '')}:${m.lastLine ?? ''}: ${m.message} «${(m.extract || '').replace(/\s+/g, ' ').slice(0, 120)}»`);
      // One line per distinct message first, so a template bug repeated on every page reads once.
      const distinct = [...new Set(errors.map((m) => m.message))];
      assert.equal(errors.length, 0, `${errors.length} errors in ${files.length} files; ${distinct.length} distinct:\n${distinct.join('\n')}\n\n${lines.slice(0, 60).join('\n')}`);
    });
  });
}
