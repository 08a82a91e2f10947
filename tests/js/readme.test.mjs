// The JS snippets of README.md run (style §9), from the repository root as the README says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

import { ROOT } from './jiesu.mjs';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test('README.md has JS snippets', () => {
  assert.ok(snippets.length > 0);
});

snippets.forEach((code, i) => {
  test(`README.md JS snippet ${i}`, () => {
    // `require` relative to the root; console.assert failures become test failures.
    const requireFromRoot = createRequire(path.join(ROOT, 'README.md'));
    const failures = [];
    const consoleAssert = (ok, ...msg) => { if (!ok) failures.push(msg.join(' ') || 'console.assert failed'); };
    const run = new Function('require', 'console', code);
    run(requireFromRoot, { ...console, assert: consoleAssert });
    assert.deepEqual(failures, []);
  });
});
