// Batches agree with the per-call API: string-array and typed-array forms of addWorkingDays and
// isWorkingDay, and the bulk due instants (epoch ms and RFC 3339) with feedback/redo deadlines.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Calendar, Policy, Rules, isOnTime, isOnTimeMany } from './jiesu.mjs';
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

// ---- issue 13: Dates as instants, redoDuesIso, isOnTimeMany, errors: "coerce" ----------------

test('a JS Date is the instant it is, wherever an instant string is taken (§8)', () => {
  const rules = new Rules();
  const at = '2026-09-30T16:20:00+08:00';
  const date = new Date(at);
  assert.deepStrictEqual(rules.feedbackDeadline(date), rules.feedbackDeadline(at));
  assert.deepStrictEqual(rules.redoDeadline(date), rules.redoDeadline(at));
  assert.deepStrictEqual(rules.deadline(date, 3), rules.deadline(at, 3));
  assert.deepStrictEqual(rules.planDeadline(date, '2026-10-09'), rules.planDeadline(at, '2026-10-09'));
  // Absolute: the Date's own instant, whatever the machine's time zone; seconds' fractions too.
  assert.equal(rules.sameDayTarget(new Date('2026-09-30T08:20:00.750Z')).start, '2026-09-30T16:20:00.750+08:00');
  assertThrowsCode(() => rules.feedbackDeadline(new Date('soon')), 'invalid_instant');
  // In batches: among instant strings, and among epoch milliseconds.
  const starts = ['2026-09-30T16:20+08:00', new Date('2026-10-09T02:00:00Z'), '2026-02-13 09:00'];
  const strings = starts.map((s) => (s instanceof Date ? s.toISOString() : s));
  assert.deepStrictEqual(rules.feedbackDuesIso(starts), rules.feedbackDuesIso(strings));
  assert.deepStrictEqual(rules.redoDues([date, Date.parse(at)]), rules.redoDues(Float64Array.of(Date.parse(at), Date.parse(at))));
});

test('redoDuesIso equals redoDeadline().due, and agrees with redoDues', () => {
  for (const policy of POLICIES) {
    const rules = new Rules(china, policy);
    const starts = Array.from(randomStarts(500, 9), iso);
    const dues = rules.redoDuesIso(starts);
    starts.forEach((s, i) => assert.equal(dues[i], rules.redoDeadline(s).due, s));
    assert.deepStrictEqual(dues.map(Date.parse), Array.from(rules.redoDues(Float64Array.from(starts, Date.parse))));
  }
  assert.deepStrictEqual(new Rules().redoDuesIso([]), []);
});

test('isOnTimeMany: each reply strictly before its due, epoch ms or instants, as isOnTime', () => {
  const rules = new Rules();
  const starts = randomStarts(300, 13);
  const dues = rules.feedbackDues(starts);
  const duesIso = rules.feedbackDuesIso(Array.from(starts, iso));
  const rand = lcg(17);
  const replies = Float64Array.from(dues, (d) => d + Math.floor((rand() - 0.5) * 4 * DAY_MS));
  replies.set([dues[0], dues[1] - 1000, dues[2] - 1, dues[3] + 999]);
  const expected = Array.from(replies, (r, i) => isOnTime({ due: duesIso[i] }, new Date(r)));
  assert.deepStrictEqual(isOnTimeMany(dues, replies), expected);
  assert.deepStrictEqual(isOnTimeMany(duesIso, Array.from(replies, (r) => new Date(r))), expected);
  assert.deepStrictEqual(isOnTimeMany(Array.from(dues), Array.from(replies, iso)), expected);
  assert.deepStrictEqual(expected.slice(0, 4), [false, true, true, false]);
  assert.deepStrictEqual(isOnTimeMany([], []), []);
  assertThrowsCode(() => isOnTimeMany(dues, replies.slice(1)), 'calendar_batch_length_mismatch');
  const coerced = isOnTimeMany([duesIso[0], 'x', duesIso[2]], [replies[0], replies[1], Number.NaN], { errors: 'coerce' });
  assert.deepStrictEqual(coerced, { result: [expected[0], null, null], codes: [null, 'invalid_instant', 'invalid_instant'] });
  assertThrowsCode(() => isOnTimeMany(['x'], [1, 2], { errors: 'coerce' }), 'calendar_batch_length_mismatch');
});

test('errors: "coerce" — addWorkingDaysDays: Float64Array with NaN and a code per failed row', () => {
  const days = Int32Array.of(dayOf('2026-09-30'), dayOf('2026-12-28'), dayOf('2026-03-02'), dayOf('2030-01-01'));
  const out = china.addWorkingDaysDays(days, Int32Array.of(1, 5, -1, 1), { errors: 'coerce' });
  assert.deepStrictEqual(Object.keys(out), ['result', 'codes']);
  assert.ok(out.result instanceof Float64Array);
  assert.deepStrictEqual(Array.from(out.result), [dayOf('2026-10-08'), NaN, NaN, NaN]);
  assert.deepStrictEqual(out.codes, [null, 'calendar_out_of_range', 'calendar_invalid_day_count', 'calendar_out_of_range']);
  // Rows that succeed are what the raising form gives.
  const all = china.addWorkingDaysDays(Int32Array.from(ALL_DAYS.slice(0, 2000)), 7, { errors: 'coerce' });
  assert.deepStrictEqual(Array.from(all.result), Array.from(china.addWorkingDaysDays(Int32Array.from(ALL_DAYS.slice(0, 2000)), 7)));
  assert.ok(all.codes.every((c) => c === null));
  // A whole-batch error still throws: the counts are neither one nor one per day.
  assertThrowsCode(() => china.addWorkingDaysDays(days, [1, 2], { errors: 'coerce' }), 'calendar_batch_length_mismatch');
  // And a wrong JS type is still a TypeError.
  assert.throws(() => china.addWorkingDaysDays([1.5], 1, { errors: 'coerce' }), TypeError);
  assert.deepStrictEqual(china.addWorkingDaysDays(new Int32Array(0), 1, { errors: 'coerce' }),
    { result: new Float64Array(0), codes: [] });
});

test('errors: "coerce" — addWorkingDaysMany: null and a code per failed row, counts kept in line', () => {
  const out = china.addWorkingDaysMany(['2026-09-30', 'someday', null, '2026-12-28', '2026-03-02'], [1, 2, 3, 5, 3],
    { errors: 'coerce' });
  assert.deepStrictEqual(out, {
    result: ['2026-10-08', null, null, null, china.addWorkingDays('2026-03-02', 3)],
    codes: [null, 'invalid_date', 'invalid_date', 'calendar_out_of_range', null],
  });
  assert.deepStrictEqual(china.addWorkingDaysMany(['x'], [4], { errors: 'coerce' }), { result: [null], codes: ['invalid_date'] });
  assert.deepStrictEqual(china.addWorkingDaysMany([], [], { errors: 'coerce' }), { result: [], codes: [] });
  assert.deepStrictEqual(china.addWorkingDaysMany(['2026-09-30'], 1, { errors: 'raise' }), ['2026-10-08']);
});

test('errors: "coerce" — feedbackDues / redoDues: NaN, a code and a provisional flag per row', () => {
  const rules = new Rules();
  const ms = (s) => Date.parse(s);
  const starts = [ms('2026-09-30T16:20+08:00'), Number.NaN, ms('2026-12-30T10:00+08:00'), ms('2026-02-13T09:00+08:00')];
  const out = rules.feedbackDues(starts, { errors: 'coerce' });
  assert.deepStrictEqual(Object.keys(out), ['result', 'codes', 'provisional']);
  assert.ok(out.result instanceof Float64Array && out.provisional instanceof Uint8Array);
  assert.deepStrictEqual(Array.from(out.result), [ms('2026-10-14T00:00+08:00'), NaN, NaN, ms('2026-02-28T00:00+08:00')]);
  assert.deepStrictEqual(out.codes, [null, 'invalid_instant', 'calendar_out_of_range', null]);
  assert.deepStrictEqual(Array.from(out.provisional), [0, 0, 0, 0]);
  // Beyond coverage with weekends_only: an answer, marked provisional as the deadline is.
  const lenient = new Rules(china.withBeyondCoverage('weekends_only'));
  const late = lenient.redoDues(starts, { errors: 'coerce' });
  assert.deepStrictEqual(late.codes, [null, 'invalid_instant', null, null]);
  starts.forEach((s, i) => {
    if (Number.isNaN(s)) return;
    const d = lenient.redoDeadline(iso(s));
    assert.equal(late.result[i], Date.parse(d.due));
    assert.equal(late.provisional[i], d.provisional ? 1 : 0);
  });
  assert.equal(late.provisional[2], 1);
  // The rows that succeed are what the raising form gives, on many starts.
  const many = randomStarts(2000, 21);
  assert.deepStrictEqual(Array.from(rules.feedbackDues(many, { errors: 'coerce' }).result), Array.from(rules.feedbackDues(many)));
});

test('errors: "coerce" — feedbackDuesIso / redoDuesIso: null, a code and a provisional flag per row', () => {
  const rules = new Rules();
  const out = rules.feedbackDuesIso(['2026-09-30T16:20+08:00', 'soon', new Date('2026-12-30T02:00Z'), null,
    new Date('x')], { errors: 'coerce' });
  assert.deepStrictEqual(out.result, ['2026-10-14T00:00:00+08:00', null, null, null, null]);
  assert.deepStrictEqual(out.codes, [null, 'invalid_instant', 'calendar_out_of_range', 'invalid_instant', 'invalid_instant']);
  assert.deepStrictEqual(Array.from(out.provisional), [0, 0, 0, 0, 0]);
  const redo = new Rules(china.withBeyondCoverage('weekends_only')).redoDuesIso(['2026-12-30T10:00'], { errors: 'coerce' });
  assert.deepStrictEqual([redo.result, redo.codes, Array.from(redo.provisional)], [['2027-01-05T00:00:00+08:00'], [null], [1]]);
});
