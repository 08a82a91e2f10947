// Duties (rules §8: 问题征询 weekly collection, 领导现场督导 leader field days) through the JS API:
// Register, Leaders, CollectionLog, FieldDayLog, collectionShortfalls, fieldDayShortfalls, the
// golden vectors of fixtures/vectors/duties/ (run as core/tests/duties_vectors.rs runs them), the
// sample city's October–December 2026 logs (fixtures/duties/: every planted shortfall of its
// README), an oracle of this file's own over seeded random ranges, DutiesError, and TypeErrors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  Directory, Register, Leaders, CollectionLog, FieldDayLog, collectionShortfalls, fieldDayShortfalls, FIXTURES,
} from './jiesu.mjs';
import { vectorTests, assertThrowsCode, cityText } from './vectors.mjs';
import { mulberry32 as rng } from './random.mjs';

vectorTests(test, 'duties');

const duties = (name) => readFileSync(path.join(FIXTURES, 'duties', name), 'utf8');
const REGISTER_TEXT = duties('register.json');
const LEADERS_TEXT = duties('leaders.json');
const COLLECTION_TEXT = duties('collection.jsonl');
const FIELD_DAYS_TEXT = duties('field_days.jsonl');
const register = Register.fromJson(REGISTER_TEXT);
const leaders = Leaders.fromJson(LEADERS_TEXT);
const collection = CollectionLog.fromJsonl(COLLECTION_TEXT);
const fieldDays = FieldDayLog.fromJsonl(FIELD_DAYS_TEXT);
const directory = Directory.fromJson(cityText('directory.json'));
const Q4 = ['2026-10-01', '2026-12-31'];
const MONTHS = [['2026-10-01', '2026-10-31'], ['2026-11-01', '2026-11-30'], ['2026-12-01', '2026-12-31']];

test('the sample register: 40 entries in 6 territories, all of them territories of the city directory', () => {
  const entries = register.enterprises();
  assert.equal(entries.length, 40);
  assert.deepStrictEqual(Object.keys(entries[0]), ['id', 'name', 'territory', 'kind']);
  assert.deepStrictEqual(new Set(entries.map((e) => e.kind)), new Set(['enterprise', 'project']));
  const territories = [...new Set(entries.map((e) => e.territory))];
  assert.equal(territories.length, 6);
  assert.equal(register.checkTerritories(directory), undefined);
  for (const t of territories) assert.ok(['territory', 'development_zone'].includes(directory.unit(t).kind), t);
  // toJSON is the serde shape: the file's name and version, the entries as enterprises() gives them.
  const file = JSON.parse(REGISTER_TEXT);
  assert.deepStrictEqual(register.toJSON(), { name: file.name, version: file.version, enterprises: entries });
  assert.deepStrictEqual(JSON.parse(JSON.stringify(register)), register.toJSON());
  // Chinese kinds are read too; the serde shape writes the key.
  const zh = Register.fromJson('{"enterprises": [{"id": "X", "name": "某项目", "territory": "kaifaqu", "kind": "项目"}]}');
  assert.deepStrictEqual(zh.enterprises(), [{ id: 'X', name: '某项目', territory: 'kaifaqu', kind: 'project' }]);
  assert.deepStrictEqual(zh.toJSON(), { name: null, version: null, enterprises: zh.enterprises() });
});

test('the sample leaders: quotas from the file (1 principal, 2 others) and a leader\'s own', () => {
  assert.deepStrictEqual(leaders.leaders().map((l) => [l.id, leaders.quota(l.id)]),
    [['L01', 1], ['L02', 2], ['L03', 2], ['L04', 2], ['L05', 2], ['L06', 1]]);
  assert.equal(leaders.quota('L99'), null);
  // `quota` is absent from a leader that does not give one (the serde shape skips it).
  assert.deepStrictEqual(leaders.leaders()[0], { id: 'L01', name: '市长', principal: true });
  assert.deepStrictEqual(leaders.leaders()[5], { id: 'L06', name: '副市长(挂职)', principal: false, quota: 1 });
  assert.deepStrictEqual(leaders.toJSON(), JSON.parse(LEADERS_TEXT));
  // Defaults when the file gives no quotas; a quota of 0 exempts.
  const bare = Leaders.fromJson('{"leaders": [{"id": "m", "name": "市长", "principal": true}, '
    + '{"id": "v", "name": "副市长", "principal": false}, {"id": "x", "name": "挂职", "principal": false, "quota": 0}]}');
  assert.deepStrictEqual(['m', 'v', 'x'].map((id) => bare.quota(id)), [1, 2, 0]);
  assert.deepStrictEqual([bare.toJSON().principal_quota, bare.toJSON().other_quota], [1, 2]);
});

test('the sample logs read: every line, numbered, instants in +08:00', () => {
  const lines = COLLECTION_TEXT.split('\n').filter((l) => l.trim() !== '');
  const { consultations, reports } = collection.toJSON();
  assert.equal(consultations.length + reports.length, lines.length);
  assert.deepStrictEqual(collection.consultations, consultations);
  assert.deepStrictEqual(collection.reports, reports);
  assert.deepStrictEqual(consultations[0], { line: 1, at: '2026-09-30T09:00:00+08:00', territory: 'kaifaqu', enterprise: 'KFQ-01' });
  for (const r of reports) assert.match(r.week, /^\d{4}-W\d{2}$/);
  const days = fieldDays.days;
  assert.deepStrictEqual(fieldDays.toJSON(), { days });
  assert.equal(days.length, FIELD_DAYS_TEXT.split('\n').filter((l) => l.trim() !== '').length);
  assert.deepStrictEqual(days[0], { line: 1, date: '2026-09-30', leader: 'L02', enterprise: 'KFQ-01' });
});

test('Q4 collection: the planted shortfalls of fixtures/duties/README.md', () => {
  const report = collectionShortfalls(register, collection, ...Q4);
  assert.equal(report.from, '2026-10-01');
  assert.equal(report.to, '2026-12-31');
  assert.equal(report.weeks.length, 14);
  assert.deepStrictEqual([report.weeks[0], report.weeks[13]], ['2026-W40', '2026-W53']);
  assert.deepStrictEqual(report.totals, {
    weeks: 14, territories: 6, rows: 84, rows_short: 7, required: 560, consulted: 549, shortfall: 11,
    reports_missing: 3, territories_short: 4,
  });
  const short = report.rows.filter((r) => r.short).map((r) => [r.week, r.territory, r.missing, r.report_filed]);
  assert.deepStrictEqual(short, [
    ['2026-W42', 'mushi_zhen', ['MS-03'], true],
    ['2026-W43', 'mushi_zhen', ['MS-03'], true],
    ['2026-W45', 'xigang_zhen', [], false],
    ['2026-W47', 'jinghe_jd', short[3][2], false],
    ['2026-W49', 'guanqiao_zhen', ['GQ-05'], true],
    ['2026-W53', 'guanqiao_zhen', [], false],
    ['2026-W53', 'mushi_zhen', ['MS-01', 'MS-02'], true],
  ]);
  assert.equal(short[3][2].length, 6, 'W47 jinghe_jd: nobody consulted');
  const row = (week, territory) => report.rows.find((r) => r.week === week && r.territory === territory);
  // W40: longquan_jd consulted everyone on 09-29, before the range: the week is judged whole.
  assert.deepStrictEqual([row('2026-W40', 'longquan_jd').short, row('2026-W40', 'longquan_jd').partial,
    row('2026-W40', 'longquan_jd').days_in_range], [false, true, 4]);
  // W44 spans October and November: KFQ-07 consulted on Sunday 11-01 counts.
  assert.equal(row('2026-W44', 'kaifaqu').short, false);
  // W50: xigang_zhen's report filed the next Monday counts for the week it names.
  assert.match(row('2026-W50', 'xigang_zhen').reported_at, /^2026-12-14T/);
  assert.deepStrictEqual(report.issues.map((i) => [i.kind, i.week, i.territory, i.enterprise, i.registered_territory]), [
    ['unregistered_territory', '2026-W48', 'dongguo_zhen', null, null],
    ['territory_mismatch', '2026-W49', 'longquan_jd', 'GQ-05', 'guanqiao_zhen'],
    ['unregistered_enterprise', '2026-W50', 'kaifaqu', 'KFQ-11', null],
  ]);
  assert.deepStrictEqual(report.territories.filter((t) => t.short).map((t) => t.territory).sort(),
    ['guanqiao_zhen', 'jinghe_jd', 'mushi_zhen', 'xigang_zhen']);
  // The arguments stay usable, and the same inputs give the same report.
  assert.deepStrictEqual(collectionShortfalls(register, collection, ...Q4), report);
});

test('Q4 field days: the planted shortfalls of fixtures/duties/README.md', () => {
  const report = fieldDayShortfalls(leaders, fieldDays, ...Q4);
  assert.deepStrictEqual(report.months, ['2026-10', '2026-11', '2026-12']);
  assert.deepStrictEqual(report.totals, {
    months: 3, leaders: 6, rows: 18, rows_short: 6, quota: 30, days: 24, shortfall: 7, leaders_short: 5,
  });
  assert.deepStrictEqual(report.rows.filter((r) => r.short).map((r) => [r.month, r.leader, r.days, r.shortfall]), [
    ['2026-10', 'L04', 1, 1], ['2026-10', 'L05', 1, 1], ['2026-11', 'L01', 0, 1],
    ['2026-12', 'L03', 1, 1], ['2026-12', 'L05', 0, 2], ['2026-12', 'L06', 0, 1],
  ]);
  const l05 = report.rows.find((r) => r.month === '2026-10' && r.leader === 'L05');
  assert.equal(l05.dates.length, 1, 'two sites on 10-23 are one day');
  const l02 = report.leaders.find((l) => l.leader === 'L02');
  assert.equal(l02.short, false);
  assert.ok(report.rows.some((r) => r.leader === 'L02' && r.month === '2026-11' && r.days === 3));
  assert.deepStrictEqual(report.issues, [
    { line: report.issues[0].line, kind: 'unknown_leader', month: '2026-12', date: '2026-12-10', leader: 'L99' },
  ]);
  assert.ok(report.rows.every((r) => !r.partial), 'a range aligned to months has no partial month');
});

test('a month of Q4 lists the weeks that overlap it, each judged whole: its rows are the quarter\'s', () => {
  const quarter = collectionShortfalls(register, collection, ...Q4);
  const key = (r) => `${r.week} ${r.territory}`;
  const byKey = new Map(quarter.rows.map((r) => [key(r), r]));
  const weeks = [];
  for (const [from, to] of MONTHS) {
    const month = collectionShortfalls(register, collection, from, to);
    weeks.push(...month.weeks);
    for (const r of month.rows) {
      const q = byKey.get(key(r));
      assert.ok(q, key(r));
      // Only the range-relative fields differ.
      assert.deepStrictEqual({ ...r, partial: q.partial, days_in_range: q.days_in_range }, q, key(r));
      assert.equal(r.partial, r.week_start < from || r.week_end > to, key(r));
    }
  }
  // W44 (10-26..11-01) and W49 (11-30..12-06) straddle month ends: both months list them.
  const twice = weeks.filter((w, i) => weeks.indexOf(w) !== i);
  assert.deepStrictEqual(twice, ['2026-W44', '2026-W49']);
  const days = MONTHS.map(([from, to]) => fieldDayShortfalls(leaders, fieldDays, from, to));
  assert.deepStrictEqual(days.flatMap((d) => d.rows), fieldDayShortfalls(leaders, fieldDays, ...Q4).rows);
});

// ---- an oracle of this file's own: the rules of §8 written again in plain JS -----------------

const DAY = 86_400_000;
const ms = (date) => Date.parse(`${date}T00:00:00Z`);
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const mondayOf = (date) => iso(ms(date) - ((new Date(ms(date)).getUTCDay() + 6) % 7) * DAY);
function weekLabel(monday) {
  const thursday = new Date(ms(monday) + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The rows of the collection check, from the raw JSON lines of the sample (all +08:00). */
function oracleCollection(from, to) {
  const entries = JSON.parse(REGISTER_TEXT).enterprises;
  const territories = [...new Set(entries.map((e) => e.territory))];
  const lines = COLLECTION_TEXT.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  const rows = [];
  for (let monday = mondayOf(from); monday <= to; monday = iso(ms(monday) + 7 * DAY)) {
    const sunday = iso(ms(monday) + 6 * DAY);
    const week = weekLabel(monday);
    for (const t of territories) {
      const mine = entries.filter((e) => e.territory === t);
      const consulted = new Set(lines.filter((l) => l.type === 'consulted' && l.territory === t
        && mondayOf(l.at.slice(0, 10)) === monday).map((l) => l.enterprise));
      const missing = mine.filter((e) => !consulted.has(e.id)).map((e) => e.id);
      const reports = lines.filter((l) => l.type === 'weekly_report' && l.territory === t && l.week === week)
        .map((l) => l.at).sort();
      const lo = monday > from ? monday : from;
      const hi = sunday < to ? sunday : to;
      rows.push({
        week, week_start: monday, week_end: sunday, partial: monday < from || sunday > to,
        days_in_range: (ms(hi) - ms(lo)) / DAY + 1, territory: t, required: mine.length,
        consulted: mine.length - missing.length, missing, shortfall: missing.length,
        report_filed: reports.length > 0, reported_at: reports[0] ?? null,
        short: missing.length > 0 || reports.length === 0,
      });
    }
  }
  return rows;
}

/** The rows of the field-day check, from the raw JSON lines of the sample. */
function oracleFieldDays(from, to) {
  const file = JSON.parse(LEADERS_TEXT);
  const lines = FIELD_DAYS_TEXT.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  const rows = [];
  for (let first = `${from.slice(0, 7)}-01`; first <= to;) {
    const [y, m] = first.split('-').map(Number);
    const next = iso(Date.UTC(y, m, 1));
    const last = iso(ms(next) - DAY);
    for (const l of file.leaders) {
      const quota = l.quota ?? (l.principal ? file.principal_quota : file.other_quota);
      const dates = [...new Set(lines.filter((d) => d.leader === l.id && d.date >= first && d.date <= last)
        .map((d) => d.date))].sort();
      const lo = first > from ? first : from;
      const hi = last < to ? last : to;
      rows.push({
        month: first.slice(0, 7), month_start: first, month_end: last, partial: first < from || last > to,
        days_in_range: (ms(hi) - ms(lo)) / DAY + 1, leader: l.id, name: l.name, principal: l.principal, quota,
        days: dates.length, dates, shortfall: Math.max(0, quota - dates.length), short: dates.length < quota,
      });
    }
    first = next;
  }
  return rows;
}

test('random ranges over the sample (seeded): the rows are the oracle\'s, the totals their sums', () => {
  const random = rng(20261001);
  const start = ms('2026-09-20');
  for (let i = 0; i < 60; i += 1) {
    const a = iso(start + Math.floor(random() * 110) * DAY);
    const b = iso(ms(a) + Math.floor(random() * 40) * DAY);
    const report = collectionShortfalls(register, collection, a, b);
    assert.deepStrictEqual(report.rows, oracleCollection(a, b), `${a}..${b}`);
    assert.deepStrictEqual(report.weeks, [...new Set(report.rows.map((r) => r.week))]);
    const sum = (k) => report.rows.reduce((s, r) => s + Number(r[k]), 0);
    assert.deepStrictEqual([report.totals.required, report.totals.consulted, report.totals.shortfall,
      report.totals.rows_short], [sum('required'), sum('consulted'), sum('shortfall'), sum('short')], `${a}..${b}`);
    const days = fieldDayShortfalls(leaders, fieldDays, a, b);
    assert.deepStrictEqual(days.rows, oracleFieldDays(a, b), `${a}..${b}`);
    assert.equal(days.totals.shortfall, days.rows.reduce((s, r) => s + r.shortfall, 0));
  }
});

// ---- reading: line numbers, BOM, CRLF, and what a bad line says -------------------------------

test('log readers: blank lines count, a BOM and CRLF are accepted, a bad line names its line and field', () => {
  const good = '{"v":1,"type":"consulted","at":"2026-10-13T10:00","territory":"kaifaqu","enterprise":"E1"}';
  const log = CollectionLog.fromJsonl(`\ufeff\r\n${good}\r\n\r\n${good.replace('10:00', '02:00Z')}\r\n`);
  assert.deepStrictEqual(log.consultations.map((c) => [c.line, c.at]),
    [[2, '2026-10-13T10:00:00+08:00'], [4, '2026-10-13T10:00:00+08:00']]);
  assert.deepStrictEqual(CollectionLog.fromJsonl('').toJSON(), { consultations: [], reports: [] });
  assert.deepStrictEqual(FieldDayLog.fromJsonl('\n\n').toJSON(), { days: [] });
  const e = assertThrowsCode(() => CollectionLog.fromJsonl(`${good}\n\n${good.replace('"E1"', '""')}`),
    'duties_invalid_line');
  assert.ok(e.message.startsWith('line 3 (field `enterprise`)'), e.message);
  assert.equal(e.name, 'DutiesError');
  assert.equal(e.module, 'duties');
  const v = assertThrowsCode(() => FieldDayLog.fromJsonl('{"v":2,"type":"field_day"}'), 'duties_unsupported_version');
  assert.match(v.message, /^line 1: unsupported log schema version 2/);
});

test('every DutiesError code, from the JS calls a user would make', () => {
  const reg = (entries) => JSON.stringify({ enterprises: entries });
  const e1 = { id: 'E1', name: '甲', territory: 'kaifaqu', kind: 'enterprise' };
  assertThrowsCode(() => Register.fromJson('{"enterprises": [], "size": 1}'), 'duties_invalid_register');
  assertThrowsCode(() => Register.fromJson(reg([e1, e1])), 'duties_duplicate_enterprise');
  const stray = Register.fromJson(reg([{ ...e1, territory: 'tax' }]));
  const t = assertThrowsCode(() => stray.checkTerritories(directory), 'duties_unknown_territory');
  assert.match(t.message, /"E1".*"tax"/);
  assertThrowsCode(() => Leaders.fromJson('{"leaders": [], "principal_quota": 32}'), 'duties_invalid_leaders');
  const l = { id: 'a', name: '甲', principal: false };
  assertThrowsCode(() => Leaders.fromJson(JSON.stringify({ leaders: [l, l] })), 'duties_duplicate_leader');
  assertThrowsCode(() => FieldDayLog.fromJsonl('not json'), 'duties_invalid_line');
  assertThrowsCode(() => CollectionLog.fromJsonl('{"v":"1"}'), 'duties_unsupported_version');
  assertThrowsCode(() => collectionShortfalls(register, collection, '2026-10-02', '2026-10-01'), 'duties_invalid_range');
  assertThrowsCode(() => fieldDayShortfalls(leaders, fieldDays, '2026-11-01', '2026-10-31'), 'duties_invalid_range');
  assertThrowsCode(() => fieldDayShortfalls(leaders, fieldDays, '2026-10-01', '2026-10-32'), 'invalid_date');
});

test('wrong JS types are TypeErrors; the objects stay usable after being passed', () => {
  for (const f of [
    () => Register.fromJson({ enterprises: [] }),
    () => Leaders.fromJson(undefined),
    () => CollectionLog.fromJsonl(['{}']),
    () => FieldDayLog.fromJsonl(1),
    () => register.checkTerritories(undefined),
    () => register.checkTerritories(cityText('directory.json')),
    () => leaders.quota(1),
    () => collectionShortfalls(REGISTER_TEXT, collection, ...Q4),
    () => collectionShortfalls(register, COLLECTION_TEXT, ...Q4),
    () => collectionShortfalls(register, fieldDays, ...Q4),
    () => collectionShortfalls(register, collection, new Date(), '2026-12-31'),
    () => fieldDayShortfalls(register, fieldDays, ...Q4),
    () => fieldDayShortfalls(leaders, collection, ...Q4),
    () => fieldDayShortfalls(leaders, fieldDays, '2026-10-01'),
  ]) {
    assert.throws(f, TypeError, f.toString());
  }
  assert.equal(register.enterprises().length, 40);
  assert.equal(collectionShortfalls(register, collection, ...Q4).totals.rows, 84);
  assert.equal(fieldDayShortfalls(leaders, fieldDays, ...Q4).totals.rows, 18);
  assert.equal(Directory.fromJson(cityText('directory.json')).units().length, directory.units().length);
});
