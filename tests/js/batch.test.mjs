// Batches agree with the per-call API: string-array and typed-array forms of addWorkingDays and
// isWorkingDay, and the bulk due instants (epoch ms and RFC 3339) with feedback/redo deadlines.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Calendar, Policy, Rules } from './jiesu.mjs';
import { assertThrowsCode } from './vectors.mjs';

const china = Calendar.china();
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a day number (days since 1970-01-01). */
const dateOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Day number of `YYYY-MM-DD`. */
const dayOf = (date) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** A small deterministic generator (no Math.random: failures must replay). */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Every day of the covered years that leaves room for n ≤ 20 working days inside coverage.
const FIRST = dayOf('2004-01-01');
const LAST = dayOf('2026-11-30');
const ALL_DAYS = Array.from({ length: LAST - FIRST + 1 }, (_, i) => FIRST + i);
const ALL_DATES = ALL_DAYS.map(dateOf);

test('addWorkingDaysMany with one n equals addWorkingDays, for every day 2004–2026', () => {
  for (const n of [0, 1, 5, 20]) {
    const many = china.addWorkingDaysMany(ALL_DATES, n);
    assert.equal(many.length, ALL_DATES.length);
    ALL_DATES.forEach((d, i) => assert.equal(many[i], china.addWorkingDays(d, n), `${d} + ${n}`));
  }
});

test('addWorkingDaysMany with one n per date equals addWorkingDays', () => {
  const rand = lcg(7);
  const ns = ALL_DATES.map(() => Math.floor(rand() * 21));
  const many = china.addWorkingDaysMany(ALL_DATES, ns);
  ALL_DATES.forEach((d, i) => assert.equal(many[i], china.addWorkingDays(d, ns[i])));
  // A one-element array is one count for all, as in core.
  assert.deepStrictEqual(china.addWorkingDaysMany(ALL_DATES.slice(0, 50), [3]),
    china.addWorkingDaysMany(ALL_DATES.slice(0, 50), 3));
});

test('addWorkingDaysDays (Int32Array) equals addWorkingDaysMany (strings)', () => {
  const days = Int32Array.from(ALL_DAYS);
  for (const n of [1, 5]) {
    const out = china.addWorkingDaysDays(days, n);
    assert.ok(out instanceof Int32Array);
    assert.deepStrictEqual(Array.from(out, dateOf), china.addWorkingDaysMany(ALL_DATES, n));
  }
  const rand = lcg(11);
  const ns = Int32Array.from(ALL_DAYS, () => Math.floor(rand() * 21));
  const out = china.addWorkingDaysDays(days, ns);
  assert.deepStrictEqual(Array.from(out, dateOf), china.addWorkingDaysMany(ALL_DATES, Array.from(ns)));
  // Plain number arrays work too.
  assert.deepStrictEqual(china.addWorkingDaysDays([dayOf('2026-09-30')], [1]), Int32Array.of(dayOf('2026-10-08')));
});

test('isWorkingDayMany equals isWorkingDay, for every day 2004–2026', () => {
  const many = china.isWorkingDayMany(ALL_DATES);
  assert.equal(many.length, ALL_DATES.length);
  ALL_DATES.forEach((d, i) => assert.equal(many[i], china.isWorkingDay(d), d));
  assert.equal(many.filter((w) => typeof w !== 'boolean').length, 0);
});

test('empty batches give empty results', () => {
  assert.deepStrictEqual(china.addWorkingDaysMany([], 5), []);
  assert.deepStrictEqual(china.addWorkingDaysMany([], []), []);
  assert.deepStrictEqual(china.isWorkingDayMany([]), []);
  assert.deepStrictEqual(china.addWorkingDaysDays(new Int32Array(0), 5), new Int32Array(0));
  const rules = new Rules();
  assert.deepStrictEqual(rules.feedbackDues(new Float64Array(0)), new Float64Array(0));
  assert.deepStrictEqual(rules.feedbackDuesIso([]), []);
});

test('batch errors are the per-call errors, naming the offending value', () => {
  const e = assertThrowsCode(() => china.addWorkingDaysMany(['2026-03-02', 'x,y', '2026-03-03'], 1), 'invalid_date');
  assert.match(e.message, /"x,y"/);
  assertThrowsCode(() => china.addWorkingDaysMany(['2026-03-02', '2026-02-30'], 1), 'invalid_date');
  assertThrowsCode(() => china.isWorkingDayMany(['2026-03-02', '2026/03/03']), 'invalid_date');
  assertThrowsCode(() => china.addWorkingDaysMany(['2026-12-28'], 5), 'calendar_out_of_range');
  assertThrowsCode(() => china.addWorkingDaysMany(['2026-03-02'], [1, 2]), 'calendar_batch_length_mismatch');
  assertThrowsCode(() => china.addWorkingDaysMany(['2026-03-02', '2026-03-03'], [1, -1]), 'calendar_invalid_day_count');
  assertThrowsCode(() => china.addWorkingDaysDays(Int32Array.of(1, 2), Int32Array.of(1, 2, 3)), 'calendar_batch_length_mismatch');
  assertThrowsCode(() => china.isWorkingDayMany(['2030-01-01']), 'calendar_out_of_range');
  const rules = new Rules();
  assertThrowsCode(() => rules.feedbackDuesIso(['2026-03-02T10:00', 'soon']), 'invalid_instant');
  assertThrowsCode(() => rules.feedbackDues(Float64Array.of(Date.parse('2026-12-30T10:00:00+08:00'))), 'calendar_out_of_range');
  assertThrowsCode(() => rules.feedbackDues(Float64Array.of(1e20)), 'invalid_instant');
});

/** Random clock starts (epoch ms, whole seconds and not) in 2004-01-01 .. 2026-11-30, +08:00. */
function randomStarts(count, seed) {
  const rand = lcg(seed);
  const lo = Date.parse('2004-01-01T00:00:00+08:00');
  const hi = Date.parse('2026-11-30T23:59:59+08:00');
  const starts = new Float64Array(count);
  for (let i = 0; i < count; i++) starts[i] = Math.floor(lo + rand() * (hi - lo));
  // Edges of the day and of the cut-off times below.
  starts.set([
    Date.parse('2026-09-30T00:00:00+08:00'), Date.parse('2026-09-30T23:59:59.999+08:00'),
    Date.parse('2026-09-30T11:59:59.999+08:00'), Date.parse('2026-09-30T12:00:00+08:00'),
    Date.parse('2026-10-10T17:30:00+08:00'), Date.parse('2026-02-13T09:00:00+08:00'),
  ]);
  return starts;
}

const POLICIES = [
  Policy.seed(),
  Policy.fromJson('{"name": "k", "count_start_day": true, "intake_cutoff": "12:00", "day_end": "17:30"}'),
  Policy.fromJson('{"name": "f3", "feedback_working_days": 3, "redo_working_days": 7}'),
];

/** ISO `+08:00` instant of epoch ms, as the API writes it (whole seconds). */
function iso(ms) {
  const t = new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600_000).toISOString().slice(0, 19);
  return `${t}+08:00`;
}

for (const policy of POLICIES) {
  test(`feedbackDues / redoDues (epoch ms) equal the deadlines' due instants, policy ${policy.name}`, () => {
    const rules = new Rules(china, policy);
    const starts = randomStarts(2000, 3);
    const fb = rules.feedbackDues(starts);
    const redo = rules.redoDues(Array.from(starts));
    assert.ok(fb instanceof Float64Array && redo instanceof Float64Array);
    assert.equal(fb.length, starts.length);
    starts.forEach((ms, i) => {
      const start = iso(ms);
      assert.equal(fb[i], Date.parse(rules.feedbackDeadline(start).due), `feedback from ${start}`);
      assert.equal(redo[i], Date.parse(rules.redoDeadline(start).due), `redo from ${start}`);
    });
  });

  test(`feedbackDuesIso equals feedbackDeadline().due, policy ${policy.name}`, () => {
    const rules = new Rules(china, policy);
    const starts = Array.from(randomStarts(1000, 5), iso);
    // Other offsets and naive local times are read as core reads them.
    starts.push('2026-09-30T08:20:00Z', '2026-09-30 16:20', '2026-09-30T03:20-05:00');
    const dues = rules.feedbackDuesIso(starts);
    assert.equal(dues.length, starts.length);
    starts.forEach((s, i) => assert.equal(dues[i], rules.feedbackDeadline(s).due, s));
    // And agree with the epoch-ms form.
    assert.deepStrictEqual(dues.slice(0, 1000).map(Date.parse),
      Array.from(rules.feedbackDues(Float64Array.from(starts.slice(0, 1000), Date.parse))));
  });
}
