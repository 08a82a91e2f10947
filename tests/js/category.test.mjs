// Every case of fixtures/vectors/category/ through the JS API (fixtures/README.md, category ops),
// and the `Category` class: every public function of core::category has its counterpart here.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Category, categories } from './jiesu.mjs';
import { vectorTests, assertThrowsCode } from './vectors.mjs';

vectorTests(test, 'category');

const KEYS = ['consultation', 'help', 'suggestion', 'complaint'];

test('Category: key, labels, handling, isDispatched and info() agree with categories()', () => {
  const all = categories();
  assert.deepStrictEqual(all.map((c) => c.key), KEYS);
  for (const info of all) {
    for (const text of [info.key, info.label_zh, info.label_zh.slice(0, -1), info.key.toUpperCase()]) {
      const c = Category.parse(text);
      assert.ok(c instanceof Category);
      assert.equal(c.key, info.key);
      assert.equal(c.labelZh, info.label_zh);
      assert.equal(c.labelEn, info.label_en);
      assert.equal(c.handling, info.handling);
      assert.equal(c.isDispatched, info.handling === 'dispatch');
      assert.deepStrictEqual(c.info(), info);
      assert.deepStrictEqual(Object.keys(c.info()), ['key', 'label_zh', 'label_en', 'handling']);
    }
  }
  assert.equal(Category.parse('咨询类').isDispatched, false);
  assert.equal(Category.parse('投诉').isDispatched, true);
});

test('Category: written as its key by String() and JSON.stringify', () => {
  const c = Category.parse('求助类');
  assert.equal(String(c), 'help');
  assert.equal(`${c}`, 'help');
  assert.equal(JSON.stringify({ category: c }), '{"category":"help"}');
});

test('Category.parse: unknown text is category_unknown naming it, a non-string a TypeError', () => {
  const e = assertThrowsCode(() => Category.parse('举报类'), 'category_unknown');
  assert.equal(e.name, 'CategoryError');
  assert.equal(e.module, 'category');
  assert.match(e.message, /举报类/);
  for (const x of [undefined, null, 1, {}, ['help'], Category.parse('help')]) {
    assert.throws(() => Category.parse(x), TypeError, String(x));
  }
});

test('Category objects stay usable after being passed as an argument', () => {
  // (PolicyLibrary.instantAnswer takes a Category or its text; see policy_library.test.mjs.)
  const c = Category.parse('consultation');
  assert.equal(c.key, 'consultation');
  c.free();
  assert.throws(() => c.key);
});
