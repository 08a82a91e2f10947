// Every case of fixtures/vectors/deadline/ through the JS API (fixtures/README.md, deadline ops),
// and isOnTime.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Rules, isOnTime } from './jiesu.mjs';
import { vectorTests, assertThrowsCode } from './vectors.mjs';

vectorTests(test, 'deadline');

test('isOnTime(deadline, reply): strictly before the due instant, any offset', () => {
  const d = new Rules().feedbackDeadline('2026-09-30T16:20+08:00');
  assert.equal(d.due, '2026-10-14T00:00:00+08:00');
  assert.equal(isOnTime(d, '2026-10-13T23:59:59+08:00'), true);
  assert.equal(isOnTime(d, '2026-10-14T00:00:00+08:00'), false);
  assert.equal(isOnTime(d, '2026-10-13T15:59:59Z'), true);
  assert.equal(isOnTime(d, '2026-10-13 23:59'), true);
  assertThrowsCode(() => isOnTime(d, 'tomorrow'), 'invalid_instant');
  // The deadline's due instant is what counts.
  assert.equal(isOnTime({ due: d.due }, '2026-10-13T23:59:59+08:00'), true);
  assertThrowsCode(() => isOnTime({ due: 'soon' }, '2026-10-13T10:00'), 'invalid_instant');
  for (const x of [undefined, null, {}, { due: 1 }, 'x', d.due]) assert.throws(() => isOnTime(x, d.due), TypeError);
  // A JS Date is the instant it is (issue 13 §8); an invalid one is the core's invalid_instant.
  assert.equal(isOnTime(d, new Date('2026-10-13T15:59:59Z')), true);
  assert.equal(isOnTime(d, new Date('2026-10-13T16:00:00Z')), false);
  assertThrowsCode(() => isOnTime(d, new Date('soon')), 'invalid_instant');
  for (const x of [undefined, null, 1, {}, [d.due]]) assert.throws(() => isOnTime(d, x), TypeError);
});
