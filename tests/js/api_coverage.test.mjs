// Every JS name that tests/api_coverage.json lists for a core item exists on the package
// (style §6). `tests/api_coverage.py` checks that the list covers every public core function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import jiesu, { ROOT } from './jiesu.mjs';

const list = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'api_coverage.json'), 'utf8'));
const entries = Object.entries(list.exposed);

test('the coverage list is not empty', () => {
  assert.ok(entries.length > 0);
});

/** `Calendar.addWorkingDays` resolves as a static, a prototype method or a getter. */
function resolves(name) {
  let obj = jiesu;
  for (const part of name.split('.')) {
    if (obj == null) return false;
    if (part in obj) obj = obj[part];
    else if (obj.prototype && part in obj.prototype) {
      const desc = Object.getOwnPropertyDescriptor(obj.prototype, part);
      obj = desc && desc.get ? desc.get : obj.prototype[part];
    } else return false;
  }
  return obj !== undefined;
}

test('hidden `__` exports (the test-only __panicForTest) are not API: no core item maps to one', () => {
  // The list maps core items to bindings; an export whose name starts with `__` is internal
  // (the glue's hooks, `__clone`, the test-only panic) and must never be listed as an item's name.
  assert.deepStrictEqual(entries.filter(([, names]) => /(^|\.)__/.test(names.js ?? '')).map(([item]) => item), []);
  const hidden = Object.keys(jiesu).filter((name) => name.startsWith('__'));
  assert.deepStrictEqual(hidden, ['__panicForTest']);
});

for (const [item, names] of entries) {
  test(`${item} → ${names.js}`, () => {
    assert.ok(names.js, `${item}: no JS name listed`);
    assert.ok(resolves(names.js), `${item}: ${names.js} is not on the JS package`);
  });
}
