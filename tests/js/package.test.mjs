// The npm package as shipped: package.json entry points exist, and the generated TypeScript
// declarations are typed (no `any`), with the custom Day / Deadline / JiesuError interfaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import jiesu, { ROOT, PKG_DIR, PKG_WEB_DIR, version } from './jiesu.mjs';

const PACKAGE_DIR = path.join(ROOT, 'bindings-wasm');
const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

/** Every file path named in an `exports` map. */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  return Object.values(value).flatMap(exportTargets);
}

test('package.json: name, version and every entry point exist', () => {
  assert.equal(manifest.name, 'jiesu');
  assert.equal(manifest.version, version());
  for (const file of [manifest.main, manifest.types, manifest.browser, ...exportTargets(manifest.exports), ...manifest.files]) {
    assert.ok(existsSync(path.join(PACKAGE_DIR, file)), file);
  }
  assert.equal(path.join(PACKAGE_DIR, manifest.main), path.join(PKG_DIR, 'jiesu.js'));
  assert.equal(path.join(PACKAGE_DIR, manifest.browser), path.join(PKG_WEB_DIR, 'jiesu.js'));
});

for (const dir of [PKG_DIR, PKG_WEB_DIR]) {
  const name = path.relative(ROOT, path.join(dir, 'jiesu.d.ts'));
  test(`${name}: typed, no any`, () => {
    const dts = readFileSync(path.join(dir, 'jiesu.d.ts'), 'utf8');
    for (const decl of ['interface Day', 'interface Deadline', 'interface JiesuError extends Error',
      'interface Override', 'type DayKind', 'class Calendar', 'class Policy', 'class Rules']) {
      assert.ok(dts.includes(`export ${decl}`), decl);
    }
    // The public surface only: wasm-bindgen's own init types (web target) may use `any`.
    const surface = dts.split('export type InitInput')[0];
    const anys = surface.split('\n').filter((line) => /\bany\b/.test(line) && !line.trim().startsWith('*'));
    assert.deepStrictEqual(anys, []);
    for (const sig of ['feedbackDeadline(start: string): Deadline;', 'day(date: string): Day;',
      'arrangement(year: number): Day[];', 'addWorkingDaysMany(dates: string[], n: number | number[]): string[];',
      'addWorkingDaysDays(days: Int32Array', 'isWorkingDayMany(dates: string[]): boolean[];',
      'feedbackDues(starts: Float64Array', 'constructor(calendar?: Calendar, policy?: Policy);',
      'errorCodes(): ErrorCode[];', 'overrides(): Override[];', 'readonly beyondCoverage: BeyondCoverage;']) {
      assert.ok(surface.includes(sig), sig);
    }
  });
}

test('the Node build exports the API, and nothing internal in the typings', () => {
  for (const name of ['Calendar', 'Policy', 'Rules', 'errorCodes', 'version']) {
    assert.equal(typeof jiesu[name], 'function', name);
  }
  const dts = readFileSync(path.join(PKG_DIR, 'jiesu.d.ts'), 'utf8');
  assert.ok(!dts.includes('__clone') && !dts.includes('__jiesuStart'));
});
