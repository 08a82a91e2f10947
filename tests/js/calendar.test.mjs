// Every case of fixtures/vectors/calendar/ through the JS API (fixtures/README.md, calendar ops),
// and notableDaysIn.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Calendar } from './jiesu.mjs';
import { vectorTests, assertThrowsCode } from './vectors.mjs';

vectorTests(test, 'calendar');

test('notableDaysIn: the days of the range that are not ordinary working days, with why', () => {
  const china = Calendar.china();
  const days = china.notableDaysIn('2026-09-26', '2026-10-11');
  const all = [];
  for (let d = new Date('2026-09-26T00:00:00Z'); d <= new Date('2026-10-11T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
    all.push(d.toISOString().slice(0, 10));
  }
  assert.deepStrictEqual(days, all.map((d) => china.day(d)).filter((d) => d.kind !== 'workday'));
  assert.ok(days.some((d) => d.kind === 'holiday') && days.some((d) => d.kind === 'make_up_workday'));
  assert.deepStrictEqual(china.notableDaysIn('2026-03-02', '2026-03-06'), []);
  assertThrowsCode(() => china.notableDaysIn('2026-12-28', '2027-01-05'), 'calendar_out_of_range');
  assertThrowsCode(() => china.notableDaysIn('2026-02-30', '2026-03-02'), 'invalid_date');
});
