// The service limits (README "Hostile input and limits"): fixedLimits() and policy.limits are the
// core's, and an event line at the limit is read while one byte past it is refused unread.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Event, Rules, fixedLimits } from './jiesu.mjs';
import { assertThrowsCode } from './vectors.mjs';

test('fixedLimits() and the policy limits', () => {
  const limits = fixedLimits();
  assert.deepStrictEqual(limits, {
    event_bytes: 65536, json_depth: 32, directory_units: 1000, directory_rules: 2000, duties_range_days: 3660,
  });
  assert.deepStrictEqual(new Rules().policy.limits, { events_per_demand: 1000, open_demands: 1000000 });
  const event = (pad) => `{"v":1,"demand":"L","type":"closed","at":"2026-10-01 09:00","ext":{"pad":"${pad}"}}`;
  const fits = event('x'.repeat(limits.event_bytes - event('').length));
  assert.equal(Buffer.byteLength(fits), limits.event_bytes);
  assert.equal(Event.fromJson(fits).type, 'closed');
  assertThrowsCode(() => Event.fromJson(`${fits} `), 'event_too_large');
});
