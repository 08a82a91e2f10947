// Evaluation (评价督导, rules §7) through the JS API: rules.evaluate and the four products of the
// cadence (notification, quarterlyEvaluation, halfYearRanking, annualEvaluation), the what-if
// (rules.compare, rules.withPolicy), Period, the golden vectors of fixtures/vectors/evaluation/,
// byte identity with the CLI's `--json report`, and seeded random streams. Every rate and score
// is recomputed here from the counts with exact BigInt rationals: the strings must be its digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import {
  Calendar, Policy, Rules, Directory, DemandState, StreamResult, Period, periodLabelZh, ROOT, FIXTURES,
} from './jiesu.mjs';
import { vectorTests, assertThrowsCode, cityText } from './vectors.mjs';

if (existsSync(path.join(FIXTURES, 'vectors', 'evaluation'))) {
  vectorTests(test, 'evaluation');
} else {
  test('fixtures/vectors/evaluation', { skip: 'the folder is not written yet' }, () => {});
}

const YEAR = cityText('year-2026.jsonl');
const directory = Directory.fromJson(cityText('directory.json'));
const cityRules = new Rules(undefined, undefined, directory);
const year = cityRules.replayStream(YEAR);
const CLI = path.join(ROOT, 'target', 'release', 'jiesu');
const DECIMAL = /^\d{1,3}\.\d{2}$/;

// ---- exact arithmetic (BigInt rationals), to recompute the published figures -------------------

const gcd = (a, b) => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
/** n/d, reduced, d > 0. */
function q(n, d = 1n) {
  const [bn, bd] = [BigInt(n), BigInt(d)];
  const g = gcd(bn, bd) || 1n;
  return bd < 0n ? { n: -bn / g, d: -bd / g } : { n: bn / g, d: bd / g };
}
const add = (a, b) => q(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a, b) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a, b) => q(a.n * b.n, a.d * b.d);
const div = (a, b) => q(a.n * b.d, a.d * b.n);
const cmp = (a, b) => { const x = a.n * b.d - b.n * a.d; return x < 0n ? -1 : x > 0n ? 1 : 0; };
/** A policy decimal string ("0.5", "30") as a rational. */
function dec(s) {
  const [i, f = ''] = s.split('.');
  return q(BigInt(i + f), 10n ** BigInt(f.length));
}
/** Rounded to 2 places, half to even, written as the core writes it ("87.35", "0.00"). */
function round2(r) {
  assert.ok(r.n >= 0n, 'figures are never negative');
  const scaled = r.n * 100n;
  let cents = scaled / r.d;
  const twice = 2n * (scaled - cents * r.d);
  if (twice > r.d || (twice === r.d && cents % 2n === 1n)) cents += 1n;
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}
const ratio = (n, d) => (d === 0 ? null : q(n, d));

/** The rates, score and score parts of rules §7, from a unit's counts and the policy's knobs. */
function expectedFigures(counts, knobs) {
  const cb = counts.callbacks;
  const reached = cb.very_satisfied + cb.fairly_satisfied + cb.basically_satisfied + cb.unsatisfied;
  const hundred = q(100);
  const pct = (r) => (r === null ? null : round2(mul(r, hundred)));
  const onTime = ratio(counts.on_time, counts.replies_due);
  const resolution = ratio(counts.resolved, reached);
  const satisfied = ratio(cb.very_satisfied + cb.fairly_satisfied + cb.basically_satisfied, reached);
  const p = knobs.points;
  const pointsSum = [['very_satisfied'], ['fairly_satisfied'], ['basically_satisfied'], ['unsatisfied']]
    .reduce((s, [k]) => add(s, mul(q(cb[k]), dec(p[k]))), q(0));
  const points = reached === 0 ? null : div(pointsSum, q(reached));
  const w = knobs.weights;
  let [weighted, weights] = [q(0), q(0)];
  for (const [v, k] of [[onTime && mul(onTime, hundred), 'on_time'], [resolution && mul(resolution, hundred), 'resolution'],
    [points, 'satisfaction']]) {
    if (v !== null) {
      weighted = add(weighted, mul(v, dec(w[k])));
      weights = add(weights, dec(w[k]));
    }
  }
  const base = weights.n === 0n ? null : div(weighted, weights);
  const d = knobs.deductions;
  const yellow = mul(q(counts.yellow_cards), dec(d.yellow_card));
  const red = mul(q(counts.red_cards), dec(d.red_card));
  const ff = mul(q(counts.false_feedback), dec(d.false_feedback));
  let score = null;
  if (base !== null) {
    let s = sub(sub(sub(base, yellow), red), ff);
    if (cmp(s, q(0)) < 0) s = q(0);
    if (cmp(s, hundred) > 0) s = hundred;
    score = round2(s);
  }
  return {
    rates: { on_time_rate: pct(onTime), resolution_rate: pct(resolution), satisfaction_rate: pct(satisfied),
      satisfaction_points: points === null ? null : round2(points) },
    score,
    score_parts: { base: base === null ? null : round2(base), yellow_deduction: round2(yellow),
      red_deduction: round2(red), false_feedback_deduction: round2(ff) },
  };
}

/** A published figure for the ranking: "87.35" → 8735, missing lowest. */
const figure = (s) => (s === null ? -1 : Number(s.replace('.', '')));
/** The tie-break chain of rules §7 on the published figures: negative when `a` ranks first. */
function rankOrder(a, b) {
  const cards = (u) => u.counts.yellow_cards + u.counts.red_cards;
  return (figure(b.score) - figure(a.score))
    || (figure(b.rates.satisfaction_rate) - figure(a.rates.satisfaction_rate))
    || (figure(b.rates.on_time_rate) - figure(a.rates.on_time_rate))
    || (cards(a) - cards(b))
    || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0);
}

/**
 * The invariants of an evaluation under `policy`: figures are exact decimal strings recomputed
 * from the counts, scores in 0–100, counts add up, each group ranked in a strict total order
 * (ranks 1..n on the units too), the unranked listed by id, bottom units only in the annual.
 */
function checkEvaluation(e, policy) {
  const knobs = policy.evaluation;
  for (const u of e.units) {
    const where = `${e.period.label} ${u.unit}`;
    assert.deepStrictEqual({ rates: u.rates, score: u.score, score_parts: u.score_parts },
      expectedFigures(u.counts, knobs), where);
    if (u.score !== null) {
      assert.equal(typeof u.score, 'string');
      assert.match(u.score, DECIMAL, where);
      assert.ok(Number(u.score) >= 0 && Number(u.score) <= 100, `${where}: ${u.score}`);
    }
    for (const r of Object.values(u.rates)) {
      if (r !== null) assert.ok(DECIMAL.test(r) && Number(r) <= 100, `${where}: ${r}`);
    }
    assert.equal(u.counts.on_time + u.counts.overdue, u.counts.replies_due, where);
    assert.ok(['green', 'yellow', 'red'].includes(u.colour));
  }
  const byUnit = new Map(e.units.map((u) => [u.unit, u]));
  const groups = [...new Set(e.units.map((u) => u.group).filter((g) => g !== null))];
  assert.deepStrictEqual(e.ranking.map((g) => g.group), groups, 'groups in the order they first appear');
  for (const g of e.ranking) {
    const ranked = g.ranked.map((r) => byUnit.get(r.unit));
    g.ranked.forEach((r, i) => {
      const u = ranked[i];
      assert.equal(r.rank, i + 1);
      assert.equal(u.rank, i + 1);
      assert.deepStrictEqual([r.name, r.score, r.satisfaction_rate, r.on_time_rate, r.cards],
        [u.name, u.score, u.rates.satisfaction_rate, u.rates.on_time_rate, u.counts.yellow_cards + u.counts.red_cards]);
      assert.ok(u.score !== null && u.counts.replies_due >= knobs.min_ranked_cases);
      if (i > 0) assert.ok(rankOrder(ranked[i - 1], u) < 0, `${g.group}: ${ranked[i - 1].unit} before ${u.unit}`);
    });
    assert.deepStrictEqual(g.unranked, [...g.unranked].sort());
    for (const id of g.unranked) {
      const u = byUnit.get(id);
      assert.equal(u.rank, null);
      assert.ok(u.score === null || u.counts.replies_due < knobs.min_ranked_cases);
    }
    const members = e.units.filter((u) => u.group === g.group).map((u) => u.unit).sort();
    assert.deepStrictEqual([...g.ranked.map((r) => r.unit), ...g.unranked].sort(), members);
  }
  assert.ok(e.units.filter((u) => u.group === null).every((u) => u.rank === null));
  if (e.product !== 'annual_evaluation') assert.deepStrictEqual(e.bottom_two, []);
  const period = Period.parse(e.period.label);
  assert.deepStrictEqual(e.period, period.toJSON());
  for (const c of e.cards) assert.ok(period.contains(c.at));
  for (const list of Object.values(e.accountability)) {
    for (const a of list) assert.ok(period.contains(a.at));
  }
}

// ---- the sample city ------------------------------------------------------------------------

test('the monthly notification of October 2026 for the sample city', () => {
  const e = cityRules.notification(year, '2026-10');
  assert.equal(e.product, 'monthly_notification');
  assert.deepStrictEqual(e.period, { label: '2026-10', kind: 'month', from: '2026-10-01', to: '2026-10-31' });
  assert.equal(e.policy, 'seed');
  assert.equal(e.policy_fingerprint, Policy.seed().fingerprint);
  assert.equal(e.at, year.at);
  assert.deepStrictEqual(Object.keys(e), ['product', 'period', 'policy', 'policy_fingerprint', 'at', 'units', 'ranking', 'bottom_two',
    'accountability', 'cards']);
  // Every ranked unit of the directory, in directory order.
  const ranked = directory.units().filter((u) => u.group !== null).map((u) => u.id);
  assert.deepStrictEqual(e.units.filter((u) => u.group !== null).map((u) => u.unit), ranked);
  for (const u of e.units) assert.equal(u.name, directory.unit(u.unit).name);
  assert.deepStrictEqual(e.ranking.map((g) => g.group), ['towns_streets', 'departments', 'stationed_units']);
  // Scores, rates and points are decimal strings, never numbers.
  const scored = e.units.filter((u) => u.score !== null);
  assert.ok(scored.length > 10, `${scored.length} units scored`);
  assert.ok(scored.every((u) => typeof u.score === 'string' && DECIMAL.test(u.score)));
  assert.ok(e.units.every((u) => typeof u.score_parts.yellow_deduction === 'string'));
  assert.ok(e.units.some((u) => u.counts.replies_due > 0 && u.rates.on_time_rate !== null));
  checkEvaluation(e, cityRules.policy);
  // Each unit's colour is the card board's at the end of the period.
  const board = cityRules.cards(year);
  for (const u of e.units) assert.equal(u.colour, board.colour(u.unit, '2026-10-31T23:59:59+08:00'), u.unit);
  // The period's card events are the board's events of October (notices, cards, interviews).
  const october = Period.parse('2026-10');
  assert.deepStrictEqual(e.cards, board.events().filter((c) => october.contains(c.at)));
  for (const u of e.units) {
    const mine = e.cards.filter((c) => c.unit === u.unit);
    assert.equal(u.counts.yellow_cards, mine.filter((c) => c.kind === 'yellow').length, u.unit);
    assert.equal(u.counts.red_cards, mine.filter((c) => c.kind === 'red').length, u.unit);
  }
  assert.deepStrictEqual(e.accountability.limits_missed.length, e.units.reduce((n, u) => n + u.counts.overdue, 0));
  // A month is the same figures as an `evaluate` of it, under another product name.
  assert.deepStrictEqual({ ...cityRules.evaluate(year, '2026-10'), product: 'monthly_notification' }, e);
  assert.deepStrictEqual(cityRules.evaluate(year, '2026-10-01..2026-10-31').units, e.units);
  // The stream result is taken, not consumed.
  assert.ok(year instanceof StreamResult);
  assert.equal(year.counts.rejected, 0);
});

test('the four products of the year: exact figures, total rankings, the annual bottom two', () => {
  const products = [
    cityRules.quarterlyEvaluation(year, '2026-Q3'),
    cityRules.halfYearRanking(year, '2026-H1'),
    cityRules.annualEvaluation(year, '2026'),
  ];
  assert.deepStrictEqual(products.map((e) => e.product), ['quarterly_evaluation', 'half_year_ranking', 'annual_evaluation']);
  for (const e of products) checkEvaluation(e, cityRules.policy);
  const annual = products[2];
  // The last two ranked of each flagged group (seed: towns_streets and departments).
  const knobs = cityRules.policy.evaluation;
  assert.deepStrictEqual(annual.bottom_two.map((b) => b.group), knobs.bottom_groups);
  for (const b of annual.bottom_two) {
    const g = annual.ranking.find((r) => r.group === b.group);
    assert.deepStrictEqual(b.units, g.ranked.slice(-knobs.bottom_flagged).map((r) => r.unit));
  }
  // The months add up to the year (counts are taken where their instant falls).
  const months = Array.from({ length: 12 }, (_, i) => cityRules.notification(year, `2026-${String(i + 1).padStart(2, '0')}`));
  for (const u of annual.units) {
    for (const k of ['work_orders', 'replies_due', 'on_time', 'overdue', 'plans', 'yellow_cards', 'red_cards', 'false_feedback']) {
      const sum = months.reduce((n, m) => n + m.units.find((x) => x.unit === u.unit).counts[k], 0);
      assert.equal(sum, u.counts[k], `${u.unit} ${k}`);
    }
  }
});

test('byte identity: JSON.stringify of each product is what the CLI prints (`--json report`)', (t) => {
  if (!existsSync(CLI)) {
    t.skip(`${path.relative(ROOT, CLI)} is not built`);
    return;
  }
  const cli = (...args) => execFileSync(CLI, ['--json', 'report', path.join(FIXTURES, 'city', 'year-2026.jsonl'),
    '--directory', path.join(FIXTURES, 'city', 'directory.json'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const annual = cityRules.annualEvaluation(year, '2026');
  const printed = cli('--year', '2026');
  assert.deepStrictEqual(annual, JSON.parse(printed));
  // serde_json's pretty printer and JSON.stringify(…, 2) agree byte for byte.
  assert.equal(`${JSON.stringify(annual, null, 2)}\n`, printed);
  assert.equal(JSON.stringify(annual), JSON.stringify(JSON.parse(printed)));
  for (const [args, e] of [
    [['--month', '2026-10'], cityRules.notification(year, '2026-10')],
    [['--quarter', '2026-Q4'], cityRules.quarterlyEvaluation(year, '2026-Q4')],
    [['--half', '2026-H2'], cityRules.halfYearRanking(year, '2026-H2')],
    [['--period', '2026-03-15..2026-04-15'], cityRules.evaluate(year, '2026-03-15..2026-04-15')],
  ]) {
    assert.equal(`${JSON.stringify(e, null, 2)}\n`, cli(...args), args.join(' '));
  }
});

test('each product checks its period; evaluate takes any; Period reads them all', () => {
  const rules = cityRules;
  const wrong = [
    () => rules.notification(year, '2026-Q4'),
    () => rules.notification(year, '2026'),
    () => rules.quarterlyEvaluation(year, '2026-10'),
    () => rules.halfYearRanking(year, '2026-Q2'),
    () => rules.annualEvaluation(year, '2026-H2'),
    () => rules.annualEvaluation(year, '2026-01-01..2026-12-31'),
  ];
  for (const call of wrong) {
    const e = assertThrowsCode(call, 'evaluation_wrong_period');
    assert.equal(e.name, 'EvaluationError');
    assert.equal(e.module, 'evaluation');
  }
  assert.match(assertThrowsCode(wrong[0], 'evaluation_wrong_period').message, /monthly notification.*month.*2026-Q4/);
  for (const bad of ['', '2026-13', '2026-Q5', '2026-H3', '26', '2026-1', '2026-10-31..2026-10-01', 'October', '2026-02-30..2026-03-01']) {
    assertThrowsCode(() => Period.parse(bad), 'evaluation_invalid_period');
    assertThrowsCode(() => rules.evaluate(year, bad), 'evaluation_invalid_period');
  }
  const kinds = {
    '2026-10': ['month', '2026-10-01', '2026-10-31', '2026年10月'],
    '2026-Q1': ['quarter', '2026-01-01', '2026-03-31', '2026年第1季度'],
    '2026-h2': ['half', '2026-07-01', '2026-12-31', '2026年下半年'],
    2026: ['year', '2026-01-01', '2026-12-31', '2026年'],
    ' 2026-02-01..2026-02-28 ': ['range', '2026-02-01', '2026-02-28', '2026-02-01至2026-02-28'],
  };
  for (const [text, [kind, from, to, zh]] of Object.entries(kinds)) {
    const p = Period.parse(text);
    assert.deepStrictEqual([p.kind, p.from, p.to, periodLabelZh(p), periodLabelZh(text), p.label],
      [kind, from, to, zh, zh, text.trim()]);
    assert.deepStrictEqual(p.toJSON(), { label: text.trim(), kind, from, to });
    assert.deepStrictEqual(JSON.parse(JSON.stringify(p)), p.toJSON());
    assert.equal(rules.evaluate(year, text).period.kind, kind);
    // A Period will do wherever a period is an argument (as in Python).
    assert.deepStrictEqual(rules.evaluate(year, p), rules.evaluate(year, text));
  }
  // So will a year as a number; a Period argument stays usable.
  const p2026 = Period.parse('2026');
  assert.deepStrictEqual(rules.annualEvaluation(year, 2026), rules.annualEvaluation(year, p2026));
  assert.equal(p2026.kind, 'year');
  assert.equal(periodLabelZh(2026), '2026年');
  assertThrowsCode(() => rules.notification(year, Period.parse('2026-Q4')), 'evaluation_wrong_period');
  assertThrowsCode(() => rules.evaluate(year, 99999), 'evaluation_invalid_period');
  assert.throws(() => rules.evaluate(year, 2026.5), TypeError);
  // A period runs from 00:00 of its first day to 24:00 of its last, +08:00, the end excluded.
  const oct = Period.parse('2026-10');
  assert.deepStrictEqual([oct.start, oct.end], ['2026-10-01T00:00:00+08:00', '2026-11-01T00:00:00+08:00']);
  assert.deepStrictEqual(['2026-09-30T23:59:59+08:00', '2026-10-01T00:00+08:00', '2026-10-31T23:59:59+08:00',
    '2026-11-01T00:00+08:00', '2026-10-31T16:00:00Z', '2026-10-31T15:59:59Z'].map((t) => oct.contains(t)),
  [false, true, true, false, false, true]);
});

test('the what-if: §6–§7 knobs on the same stream; fold knobs need the stream replayed', () => {
  const harsher = Policy.fromJson(JSON.stringify({
    name: 'harsher', consecutive: 'periods', evaluation: { deductions: { yellow_card: '2.5', red_card: '6', false_feedback: '5' } },
  }));
  const c = cityRules.compare(year, harsher, '2026-Q4');
  assert.deepStrictEqual(Object.keys(c), ['period', 'base_policy', 'other_policy', 'knobs', 'changes', 'unchanged', 'base', 'other']);
  assert.deepStrictEqual([c.base_policy, c.other_policy, c.period.label], ['seed', 'harsher', '2026-Q4']);
  assert.deepStrictEqual(c.knobs, [
    { knob: 'consecutive', before: 'events', after: 'periods' },
    { knob: 'evaluation.deductions.red_card', before: '3', after: '6' },
    { knob: 'evaluation.deductions.yellow_card', before: '1', after: '2.5' },
  ]);
  // Side by side: `evaluate` under each policy.
  const other = cityRules.withPolicy(harsher);
  assert.deepStrictEqual(c.base, cityRules.evaluate(year, '2026-Q4'));
  assert.deepStrictEqual(c.other, other.evaluate(year, '2026-Q4'));
  checkEvaluation(c.other, other.policy);
  assert.ok(c.changes.length > 0);
  assert.equal(c.changes.length + c.unchanged, c.base.units.length);
  for (const ch of c.changes) {
    const [a, b] = [c.base, c.other].map((e) => e.units.find((u) => u.unit === ch.unit));
    assert.deepStrictEqual(ch.before, { colour: a.colour, score: a.score, rank: a.rank });
    assert.deepStrictEqual(ch.after, { colour: b.colour, score: b.score, rank: b.rank });
    assert.deepStrictEqual(ch.changed, ['colour', 'score', 'rank'].filter((k) => ch.before[k] !== ch.after[k]));
    assert.ok(ch.changed.length > 0);
  }
  // A changed score says why; a colour (streaks) or a rank (others moved) may change alone.
  assert.ok(c.changes.filter((ch) => ch.changed.includes('score')).every((ch) => ch.why.length > 0));
  // Deductions alone: the same counts and colours, no score higher.
  const deductions = Policy.fromJson('{"name": "d", "evaluation": {"deductions": {"yellow_card": "4"}}}');
  const d = cityRules.compare(year, deductions, '2026');
  assert.deepStrictEqual(d.knobs, [{ knob: 'evaluation.deductions.yellow_card', before: '1', after: '4' }]);
  assert.deepStrictEqual(d.other.units.map((u) => [u.counts, u.colour]), d.base.units.map((u) => [u.counts, u.colour]));
  assert.ok(d.changes.length > 0);
  for (const ch of d.changes) {
    assert.ok(ch.before.score === null || Number(ch.after.score) <= Number(ch.before.score), ch.unit);
    assert.ok(!ch.changed.includes('colour'));
    assert.ok(ch.why.some((w) => w.startsWith('score parts: ')), ch.why.join('; '));
  }

  // A knob of the fold (the limit itself): the other stream must be replayed.
  const longer = Policy.fromJson('{"name": "longer", "feedback_working_days": 7}');
  const e = assertThrowsCode(() => cityRules.compare(year, longer, '2026-Q4'), 'evaluation_needs_replay');
  assert.equal(e.name, 'EvaluationError');
  assert.match(e.message, /feedback_working_days/);
  // A JS caller replays the text under the other policy (same calendar and directory).
  const replayed = new Rules(Calendar.china(), longer, directory).replayStream(YEAR);
  const w = cityRules.compare(year, longer, '2026-Q4', replayed);
  assert.deepStrictEqual(w.knobs, [{ knob: 'feedback_working_days', before: 5, after: 7 }]);
  assert.deepStrictEqual(w.other, cityRules.withPolicy(longer).evaluate(replayed, '2026-Q4'));
  assert.deepStrictEqual(cityRules.withPolicy(longer).replayStream(YEAR).toJSON(), replayed.toJSON());
  // Two more working days: no more overdue replies than before.
  const overdue = (ev) => ev.units.reduce((n, u) => n + u.counts.overdue, 0);
  assert.ok(overdue(w.other) <= overdue(w.base), `${overdue(w.other)} > ${overdue(w.base)}`);
  // `otherResult: null` and `undefined` reuse the stream; the same policy changes nothing.
  const same = cityRules.compare(year, Policy.seed(), '2026-10', null);
  assert.deepStrictEqual([same.knobs, same.changes, same.unchanged], [[], [], same.base.units.length]);
});

test('withPolicy: the same calendar and directory, the arguments stay usable', () => {
  const p = Policy.fromJson('{"name": "p", "consecutive": "periods"}');
  const r = cityRules.withPolicy(p);
  assert.equal(p.name, 'p');
  assert.equal(r.policy.name, 'p');
  assert.equal(r.directory.units().length, directory.units().length);
  assert.equal(r.calendar.version, cityRules.calendar.version);
  assert.equal(cityRules.policy.name, 'seed');
  // The policy's beyond_coverage governs the calendar, as in new Rules.
  const lenient = Policy.fromJson('{"name": "l", "beyond_coverage": "weekends_only"}');
  assert.equal(cityRules.withPolicy(lenient).calendar.beyondCoverage, 'weekends_only');
  assert.equal(cityRules.calendar.beyondCoverage, 'error');
  assert.equal(r.cards(year).colour('tax', '2026-12-31T00:00+08:00'), new Rules(undefined, p, directory).cards(year)
    .colour('tax', '2026-12-31T00:00+08:00'));
});

test('an empty stream and a stream without a directory: one group, `all`', () => {
  const rules = new Rules();
  const empty = rules.replayStream('');
  const e = rules.annualEvaluation(empty, '2026');
  assert.deepStrictEqual([e.at, e.units, e.ranking, e.bottom_two, e.cards], [null, [], [], [], []]);
  assert.deepStrictEqual(e.accountability, { false_feedback: [], buck_passing: [], limits_missed: [] });
  const lines = [
    { v: 1, demand: 'X-1', type: 'received', at: '2026-03-02T09:00+08:00', category: 'help', topics: ['tax'],
      territory: 'kaifaqu', enterprise: '某企业', text: '办税' },
    { v: 1, demand: 'X-1', type: 'dispatched', at: '2026-03-02T10:00+08:00', lead: 'tax', co_units: [] },
    { v: 1, demand: 'X-1', type: 'replied', at: '2026-03-05T10:00+08:00', unit: 'tax', resolved: true, contacted: true,
      method: '电话' },
    { v: 1, demand: 'X-1', type: 'callback', at: '2026-03-06T10:00+08:00', satisfaction: 'fairly_satisfied',
      resolved: true, contacted: true },
  ];
  const r = rules.replayStream(lines.map((l) => JSON.stringify(l)).join('\n'));
  const m = rules.notification(r, '2026-03');
  assert.deepStrictEqual(m.units.map((u) => [u.unit, u.group, u.name, u.rank, u.colour]), [['tax', 'all', null, 1, 'green']]);
  // 30 × 100 % + 30 × 100 % + 40 × 80 points, over 100: 92.
  assert.deepStrictEqual(m.units[0].rates, { on_time_rate: '100.00', resolution_rate: '100.00',
    satisfaction_rate: '100.00', satisfaction_points: '80.00' });
  assert.equal(m.units[0].score, '92.00');
  assert.deepStrictEqual(m.ranking, [{ group: 'all', ranked: [{ rank: 1, unit: 'tax', name: null, score: '92.00',
    satisfaction_rate: '100.00', on_time_rate: '100.00', cards: 0 }], unranked: [] }]);
  checkEvaluation(m, rules.policy);
});

// ---- seeded random streams --------------------------------------------------------------------

/** mulberry32: a small seeded generator (reproducible failures without new dependencies). */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

const UNITS = ['state_grid', 'natural_resources', 'approval', 'tax', 'housing'];
const SATISFACTION = ['very_satisfied', 'fairly_satisfied', 'basically_satisfied', 'unsatisfied', 'unreached'];
const MINUTE = 60_000;
const CST = 8 * 60 * MINUTE;
const T0 = Date.parse('2026-01-05T08:00:00+08:00');
/** Epoch ms as RFC 3339 `+08:00`. */
const instant = (ms) => `${new Date(ms + CST).toISOString().slice(0, 19)}+08:00`;
const dateOf = (ms, days) => new Date(ms + CST + days * 86_400_000).toISOString().slice(0, 10);

/** A next event for a demand in `state`, chosen by `c`. */
function candidate(state, c, t, rnd) {
  const lead = state.lead ?? '';
  const pick = UNITS[c % UNITS.length];
  switch (state.stage) {
    case 'received':
      return [['territory_handling', { unit: 'kaifaqu' }], ['escalated', { to: 'center', reason: 'r' }],
        ['dispatched', { lead: pick, co_units: c % 3 === 0 ? ['kaifaqu'] : [] }]][c % 3];
    case 'escalated':
    case 'returned_by_unit':
      return ['dispatched', { lead: pick, co_units: [] }];
    case 'in_progress':
      return [
        ['signed', { unit: lead }],
        ['plan_submitted', { unit: lead, completion: dateOf(t, c % 20), explanation: '工期' }],
        ['returned_by_unit', { unit: lead, reason: '非本单位职责' }],
        ['replied', { unit: lead, resolved: c % 2 === 0, contacted: c % 3 !== 0, method: 'm' }],
        ['replied', { unit: lead, resolved: true, contacted: true, method: 'm' }],
      ][c % 5];
    case 'replied': {
      const s = SATISFACTION[c % 5];
      return ['callback', s === 'unreached' ? { satisfaction: s } : { satisfaction: s, resolved: c % 2 === 0, contacted: c % 4 !== 0 }];
    }
    case 'unsatisfied': return ['returned', {}];
    case 'verification': return ['verification_submitted', { unit: lead, signed_by: '主要负责人' }];
    case 'verifying': return ['verified', { opinion: rnd.next() < 0.5 ? 'close' : 'redo' }];
    case 'closable': return ['closed', {}];
    default: return null;
  }
}

/** A valid log of one demand from random choices (refused candidates are left out). */
function buildLog(rules, demand, rnd) {
  let t = T0 + rnd.int(280 * 24 * 60) * MINUTE;
  const ev = (type, fields) => ({ v: 1, demand, type, at: instant(t), ...fields });
  const first = ev('received', { category: rnd.pick(['help', 'suggestion', 'complaint']), topics: ['tax'],
    territory: 'kaifaqu', enterprise: `企业${demand}`, text: '诉求' });
  let state = DemandState.receive(rules, first);
  const log = [first];
  for (let i = 0, steps = rnd.int(20); i < steps && state.stage !== 'closed'; i += 1) {
    t += rnd.int(7 * 24 * 60) * MINUTE;
    const next = candidate(state, rnd.int(256), t, rnd);
    if (next === null) break;
    const e = ev(...next);
    try {
      state = state.apply(rules, e);
      log.push(e);
    } catch (err) {
      assert.equal(typeof err.code, 'string', String(err));
    }
  }
  return log;
}

/** The logs' lines interleaved at random, each demand's own order kept. */
function interleave(logs, rnd) {
  const next = logs.map(() => 0);
  const lines = [];
  let left = logs.reduce((n, l) => n + l.length, 0);
  while (left > 0) {
    const k = rnd.int(logs.length);
    if (next[k] < logs[k].length) {
      lines.push(JSON.stringify(logs[k][next[k]]));
      next[k] += 1;
      left -= 1;
    }
  }
  return lines.join('\n');
}

function randomPolicy(rnd) {
  return Policy.fromJson(JSON.stringify({
    name: 'prop', consecutive: rnd.pick(['events', 'periods']), card_co_units: rnd.next() < 0.3,
    clock_start: rnd.pick(['dispatched', 'signed']), reset_yearly: rnd.next() < 0.8,
    evaluation: {
      min_ranked_cases: rnd.int(4),
      deductions: { yellow_card: rnd.pick(['1', '0.5', '2.25', '12']), red_card: rnd.pick(['3', '7.5', '40']),
        false_feedback: rnd.pick(['5', '0', '33.3']) },
      weights: { on_time: rnd.pick(['30', '1']), resolution: rnd.pick(['30', '0.5']), satisfaction: '40' },
    },
  }));
}

test('seeded random streams: exact figures in 0–100, total rankings, independent of interleaving', () => {
  const rnd = generator(20260701);
  let units = 0;
  let ranked = 0;
  let clamped = 0;
  for (let n = 0; n < 30; n += 1) {
    const policy = randomPolicy(rnd);
    const rules = new Rules(undefined, policy);
    const logs = Array.from({ length: 2 + rnd.int(14) }, (_, i) => buildLog(rules, `R${n}-${i}`, rnd));
    const text = interleave(logs, rnd);
    const a = rules.replayStream(text);
    const b = rules.replayStream(interleave(logs, rnd));
    assert.equal(a.counts.rejected, 0);
    assert.equal(a.at, b.at);
    const month = `2026-${String(1 + rnd.int(10)).padStart(2, '0')}`;
    const [half, quarter] = [rnd.pick(['2026-H1', '2026-H2']), `2026-Q${1 + rnd.int(4)}`];
    const calls = [
      (res) => rules.annualEvaluation(res, '2026'),
      (res) => rules.halfYearRanking(res, half),
      (res) => rules.quarterlyEvaluation(res, quarter),
      (res) => rules.notification(res, month),
      (res) => rules.evaluate(res, `${month}-10..2026-11-20`),
    ];
    for (const call of calls) {
      const [ea, eb] = [call(a), call(b)];
      assert.equal(JSON.stringify(ea), JSON.stringify(eb), 'the interleaving changes nothing');
      checkEvaluation(ea, policy);
      units += ea.units.length;
      ranked += ea.ranking.reduce((k, g) => k + g.ranked.length, 0);
      clamped += ea.units.filter((u) => u.score === '0.00').length;
    }
    assert.deepStrictEqual(rules.cards(a).toJSON(), rules.cards(b).toJSON());
    // The what-if against another random policy, with the stream replayed under it.
    const otherPolicy = randomPolicy(rnd);
    const otherResult = rules.withPolicy(otherPolicy).replayStream(text);
    const c = rules.compare(a, otherPolicy, '2026', otherResult);
    assert.equal(c.changes.length + c.unchanged, c.base.units.filter((u) => c.other.units.some((v) => v.unit === u.unit)).length);
    assert.deepStrictEqual(c.other, rules.withPolicy(otherPolicy).evaluate(otherResult, '2026'));
    checkEvaluation(c.other, otherPolicy);
  }
  assert.ok(units > 200, `${units} unit evaluations`);
  assert.ok(ranked > 50, `${ranked} ranked`);
  assert.ok(clamped > 0, 'some scores are clamped to 0');
});

const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

test('Python and JS give byte-identical evaluations of random streams', (t) => {
  if (!existsSync(PYTHON)) {
    t.skip('no .venv (scripts/test builds the Python package before the JS suite)');
    return;
  }
  // Each stream under each random policy: JS's annual evaluation and card board as JSON text,
  // next to what the Python package prints for the same stream and policy.
  const rnd = generator(20261128);
  const cases = [];
  for (let n = 0; n < 12; n += 1) {
    const policy = randomPolicy(rnd);
    const rules = new Rules(undefined, policy);
    const logs = Array.from({ length: 3 + rnd.int(12) }, (_, i) => buildLog(rules, `X${n}-${i}`, rnd));
    const text = interleave(logs, rnd);
    const result = rules.replayStream(text);
    cases.push({
      policy: policy.toJson(), text,
      js: JSON.stringify(rules.annualEvaluation(result, '2026')),
      cards: JSON.stringify(rules.cards(result).toJSON()),
    });
  }
  const script = [
    'import json, sys, jiesu',
    'for case in json.load(sys.stdin):',
    '    rules = jiesu.Rules(policy=jiesu.Policy.from_json(case["policy"]))',
    '    result = rules.replay_stream(case["text"] + "\\n")',
    '    print(json.dumps([rules.annual_evaluation(result, "2026").to_json(), rules.cards(result).to_dict()], ensure_ascii=False))',
  ].join('\n');
  const out = execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(cases), cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = out.trim().split('\n');
  assert.equal(lines.length, cases.length);
  lines.forEach((line, i) => {
    const [evaluation, cards] = JSON.parse(line);
    assert.equal(evaluation, cases[i].js, `case ${i}: the evaluation's JSON text`);
    assert.deepStrictEqual(cards, JSON.parse(cases[i].cards), `case ${i}: the card board`);
  });
});
