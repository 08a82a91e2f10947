// A demand's life (rules §5) and the event stream through the JS API: Rules.replay,
// DemandState (receive / apply / statusAt / JSON), Event, Rules.replayStream, Replayer, the
// golden vectors of fixtures/vectors/demand/, and seeded random logs (the invariants of
// core/tests/demand_properties.rs, without new npm dependencies).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  Calendar, Policy, Rules, Directory, Event, DemandState, StreamResult, Replayer, demandLabels,
  errorCodes, className,
} from './jiesu.mjs';
import { vectorTests, assertThrowsCode, cityText } from './vectors.mjs';

vectorTests(test, 'demand');

const china = Calendar.china();
const D = 'TZ-2026-0100';
const ev = (type, at, fields = {}, demand = D) => ({ v: 1, demand, type, at, ...fields });
const RECEIVED = ev('received', '2026-09-30T09:00+08:00', {
  category: 'help', topics: ['power_supply'], territory: 'kaifaqu', enterprise: '滕州某机械有限公司',
  text: '新厂房用电增容', ext: { channel: 'e呼善应', form_id: 'F-889' },
});
const DISPATCHED = ev('dispatched', '2026-09-30T16:20+08:00', {
  lead: 'state_grid', co_units: ['kaifaqu'], rule: 'power-supply',
});

/** A life across National Day 2026: a first round, a redo after the return, a verification
 * with `redo`, a late reply (notices and a flag), then closed. */
const LIFE = [
  RECEIVED,
  DISPATCHED,
  ev('signed', '2026-10-08T09:00+08:00', { unit: 'state_grid' }),
  ev('replied', '2026-10-13T17:00+08:00', { unit: 'state_grid', resolved: true, contacted: true, method: '现场办理' }),
  ev('callback', '2026-10-14T09:00+08:00', { satisfaction: 'unsatisfied', resolved: false, contacted: true }),
  ev('returned', '2026-10-14T11:00+08:00'),
  ev('replied', '2026-10-19T10:00+08:00', { unit: 'state_grid', resolved: true, contacted: true, method: '再次办理' }),
  ev('callback', '2026-10-20T09:00+08:00', { satisfaction: '不满意', resolved: false, contacted: false }),
  ev('verification_submitted', '2026-10-21T10:00+08:00', { unit: 'state_grid', signed_by: '李主任' }),
  ev('verified', '2026-10-22T10:00+08:00', { opinion: 'redo' }),
  ev('replied', '2026-10-28T10:00+08:00', { unit: 'state_grid', resolved: true, contacted: true, method: '第三次' }),
  ev('callback', '2026-10-29T09:00+08:00', { satisfaction: 'very_satisfied', resolved: true, contacted: true }),
  ev('closed', '2026-10-29T11:00+08:00'),
];

const cityDirectory = () => Directory.fromJson(cityText('directory.json'));

test('a full life across National Day 2026, event by event and replayed', () => {
  const rules = new Rules();
  let s = DemandState.receive(rules, LIFE[0]);
  assert.equal(s.stage, 'received');
  assert.equal(s.level, 'territory');
  assert.equal(s.lead, null);
  assert.equal(s.round, 0);
  const stages = [];
  for (const e of LIFE.slice(1)) {
    s = s.apply(rules, e);
    stages.push(s.stage);
  }
  assert.deepStrictEqual(stages, ['in_progress', 'in_progress', 'replied', 'unsatisfied', 'in_progress', 'replied',
    'verification', 'verifying', 'in_progress', 'replied', 'closable', 'closed']);
  assert.equal(s.toJson(), rules.replay(LIFE).toJson());
  assert.equal(s.demand, D);
  assert.equal(s.level, 'center');
  assert.equal(s.lead, 'state_grid');
  assert.deepStrictEqual(s.coUnits, ['kaifaqu']);
  assert.equal(s.round, 3);

  const [first, redo, verified] = s.rounds;
  // 5 working days from 09-30 16:20: 10-08, 10-09, Saturday 10-10 (make-up), 10-12, 10-13.
  assert.equal(first.kind, 'first');
  assert.equal(first.opened_by, 'dispatched');
  assert.equal(first.due_date, '2026-10-13');
  assert.equal(first.due, '2026-10-14T00:00:00+08:00');
  assert.equal(first.signed_at, '2026-10-08T09:00:00+08:00');
  assert.equal(first.replied_at, '2026-10-13T17:00:00+08:00');
  assert.equal(first.on_time, true);
  assert.equal(first.same_day, false);
  assert.deepStrictEqual(first.reply, { resolved: true, contacted: true, method: '现场办理' });
  assert.deepStrictEqual(first.limit.make_up_days.map((d) => d.date), ['2026-10-10']);
  // Redo: 3 working days from the return on 10-14: 10-15, 10-16, 10-19.
  assert.deepStrictEqual([redo.kind, redo.opened_by, redo.due_date, redo.on_time], ['redo', 'returned', '2026-10-19', true]);
  // Redo after the task force's `redo` on 10-22: 10-23, 10-26, 10-27; the reply on 10-28 is late.
  assert.deepStrictEqual([verified.kind, verified.opened_by, verified.due_date, verified.on_time, verified.overdue],
    ['redo', 'verified', '2026-10-27', false, true]);

  const notice = { at: '2026-10-28T00:00:00+08:00', demand: D, unit: 'state_grid', role: 'lead', round: 3,
    round_kind: 'redo', limit: 'redo', due: '2026-10-28T00:00:00+08:00' };
  assert.deepStrictEqual(s.notices, [{ kind: 'supervision_notice', ...notice }, { kind: 'yellow_card', ...notice }]);
  assert.deepStrictEqual(s.flags, [
    { kind: 'false_feedback', at: '2026-10-20T09:00:00+08:00', demand: D, unit: 'state_grid', round: 2 },
    { kind: 'late_reply', at: '2026-10-28T10:00:00+08:00', demand: D, unit: 'state_grid', round: 3 },
  ]);
  const json = s.toJSON();
  assert.equal(json.closed_as, 'satisfied');
  assert.equal(json.closed_at, '2026-10-29T11:00:00+08:00');
  assert.equal(json.events, LIFE.length);
  assert.equal(json.callbacks[1].satisfaction, 'unsatisfied'); // read from 不满意
  assert.deepStrictEqual(json.ext, [{ event: 1, type: 'received', ext: { channel: 'e呼善应', form_id: 'F-889' } }]);
  assert.deepStrictEqual(json.dispatches, [{ at: '2026-09-30T16:20:00+08:00', level: 'center', lead: 'state_grid',
    co_units: ['kaifaqu'], rule: 'power-supply' }]);
  assert.equal(s.statusAt('2026-11-01T00:00+08:00').open, false);
  // Every due date is a working day.
  for (const r of s.rounds) assert.ok(china.isWorkingDay(r.due_date), r.due_date);
});

test('events as plain objects, JSON text or Event objects replay alike', () => {
  const rules = new Rules();
  const expected = rules.replay(LIFE).toJson();
  assert.equal(rules.replay(LIFE.map((e) => JSON.stringify(e))).toJson(), expected);
  assert.equal(rules.replay(LIFE.map((e) => Event.fromJson(JSON.stringify(e)))).toJson(), expected);
  const mixed = LIFE.map((e, i) => [e, JSON.stringify(e), Event.fromJson(JSON.stringify(e))][i % 3]);
  assert.equal(rules.replay(mixed).toJson(), expected);
  // Naive local times are +08:00; other offsets are converted.
  const utc = { ...DISPATCHED, at: '2026-09-30T08:20:00Z' };
  const naive = { ...DISPATCHED, at: '2026-09-30 16:20' };
  assert.equal(rules.replay([RECEIVED, utc]).toJson(), rules.replay([RECEIVED, naive]).toJson());
});

test('Event: fromJson, getters, toJSON and toJson', () => {
  const e = Event.fromJson(`\ufeff${JSON.stringify({ ...RECEIVED, category: '求助类', at: '2026-09-30 09:00' })}\n`);
  assert.equal(e.type, 'received');
  assert.equal(e.demand, D);
  assert.equal(e.at, '2026-09-30T09:00:00+08:00');
  const json = e.toJSON();
  assert.equal(json.category, 'help');
  assert.equal(json.v, 1);
  assert.deepStrictEqual(json.ext, RECEIVED.ext);
  assert.deepStrictEqual(JSON.parse(e.toJson()), json);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(e)), json);
  assert.equal(Event.fromJson(e.toJson()).toJson(), e.toJson());
  const cb = Event.fromJson(JSON.stringify(ev('callback', '2026-10-14T09:00+08:00', { satisfaction: 'unreached' })));
  assert.deepStrictEqual(cb.toJSON(), { v: 1, demand: D, at: '2026-10-14T09:00:00+08:00', type: 'callback',
    satisfaction: 'unreached' });
});

test('statusAt: what is owed, the notices due by an instant, the next due; the policy of the rules', () => {
  const carded = Policy.fromJson('{"name": "carded", "card_co_units": true}');
  const rules = new Rules(undefined, carded);
  const s = rules.replay([RECEIVED, DISPATCHED]);
  const before = s.statusAt('2026-10-13T23:59+08:00');
  assert.deepStrictEqual(before, {
    demand: D, at: '2026-10-13T23:59:00+08:00', stage: 'in_progress', open: true, waiting_for: 'reply',
    waiting_on: 'state_grid', round: 1, due: '2026-10-14T00:00:00+08:00', overdue: false, return_due: null,
    return_overdue: false, notices_due: [], next_due: '2026-10-14T00:00:00+08:00',
  });
  const due = s.statusAt('2026-10-14T00:00+08:00');
  assert.equal(due.overdue, true);
  assert.equal(due.next_due, null);
  // Under card_co_units the co-unit is carded too: 2 kinds × (lead + co-unit).
  assert.deepStrictEqual(due.notices_due.map((n) => [n.kind, n.unit, n.role]), [
    ['supervision_notice', 'state_grid', 'lead'], ['yellow_card', 'state_grid', 'lead'],
    ['supervision_notice', 'kaifaqu', 'co_unit'], ['yellow_card', 'kaifaqu', 'co_unit'],
  ]);
  assert.ok(due.notices_due.every((n) => n.at === '2026-10-14T00:00:00+08:00' && n.limit === 'feedback'));
  // Another policy, given explicitly: the lead only.
  assert.equal(s.statusAt('2026-10-14T00:00+08:00', Policy.seed()).notices_due.length, 2);
  // statusAt changes nothing; replay(…, at) issues the notices into the state.
  assert.deepStrictEqual(s.notices, []);
  const at = rules.replay([RECEIVED, DISPATCHED], '2026-10-20T12:00+08:00');
  assert.deepStrictEqual(at.notices, due.notices_due);
  assert.deepStrictEqual(at.statusAt('2026-10-20T12:00+08:00').notices_due, []);
  // A state read from JSON has the seed policy, unless given one.
  assert.equal(DemandState.fromJson(s.toJson()).statusAt('2026-10-14T00:00+08:00').notices_due.length, 2);
  assert.equal(DemandState.fromJson(s.toJson(), carded).statusAt('2026-10-14T00:00+08:00').notices_due.length, 4);
  // The states of a stream keep the stream's policy.
  const stream = rules.replayStream([RECEIVED, DISPATCHED].map((e) => JSON.stringify(e)).join('\n'));
  assert.equal(stream.states[0].statusAt('2026-10-14T00:00+08:00').notices_due.length, 4);
  // Waiting for the return: the end of the callback's day.
  const unsatisfied = new Rules().replay(LIFE.slice(0, 5));
  const ret = unsatisfied.statusAt('2026-10-15T08:00+08:00');
  assert.deepStrictEqual([ret.waiting_for, ret.return_due, ret.return_overdue],
    ['return', '2026-10-15T00:00:00+08:00', true]);
});

test('JSON round trip: fromJson(toJson()) gives the same JSON; toJSON is its plain object', () => {
  const rules = new Rules();
  for (let k = 1; k <= LIFE.length; k += 1) {
    const s = rules.replay(LIFE.slice(0, k));
    const text = s.toJson();
    const again = DemandState.fromJson(text);
    assert.equal(again.toJson(), text);
    assert.deepStrictEqual(again.toJSON(), s.toJSON());
    assert.deepStrictEqual(JSON.parse(text), s.toJSON());
    assert.deepStrictEqual(JSON.parse(JSON.stringify(s)), s.toJSON());
    // A state read back folds on exactly like the original.
    if (k < LIFE.length) assert.equal(again.apply(rules, LIFE[k]).toJson(), s.apply(rules, LIFE[k]).toJson());
  }
});

test('apply is atomic: a rejected event throws and leaves the state as it was', () => {
  const rules = new Rules();
  const s = rules.replay(LIFE.slice(0, 4)); // replied
  const before = s.toJson();
  const refused = [
    [ev('closed', '2026-10-14T09:00+08:00'), 'event_not_allowed'],
    [ev('callback', '2026-10-13T09:00+08:00', { satisfaction: 'very_satisfied', resolved: true, contacted: true }),
      'event_out_of_order'],
    [ev('callback', '2026-10-14T09:00+08:00', { satisfaction: 'very_satisfied' }), 'event_invalid'],
    [{ ...ev('returned', '2026-10-14T09:00+08:00'), v: 2 }, 'event_unsupported_version'],
    ['{"v":1,', 'event_invalid'],
  ];
  for (const [e, code] of refused) {
    const err = assertThrowsCode(() => s.apply(rules, e), code);
    assert.equal(err.name, 'DemandError');
    assert.equal(s.toJson(), before);
    assert.equal(s.stage, 'replied');
  }
  // A plan over the policy's cap is a deadline error; nothing changes either.
  const capped = new Rules(undefined, Policy.fromJson('{"name": "capped", "max_plan_working_days": 10}'));
  const open = capped.replay([RECEIVED, DISPATCHED]);
  const openBefore = open.toJson();
  const plan = ev('plan_submitted', '2026-10-09T10:00+08:00', { unit: 'state_grid', completion: '2026-12-01',
    explanation: '需新建线路' });
  assert.equal(assertThrowsCode(() => open.apply(capped, plan), 'plan_over_cap').name, 'DeadlineError');
  assert.equal(open.toJson(), openBefore);
  // The accepted event gives a new state; the old one is untouched.
  const next = s.apply(rules, LIFE[4]);
  assert.equal(next.stage, 'unsatisfied');
  assert.equal(s.toJson(), before);
});

test('every demand and stream error code, thrown as DemandError / StreamError', () => {
  const rules = new Rules();
  const city = new Rules(undefined, undefined, cityDirectory());
  const triggers = {
    event_invalid: () => rules.replay([{ ...RECEIVED, enterprise: '' }]),
    event_unsupported_version: () => Event.fromJson(JSON.stringify({ ...RECEIVED, v: '1' })),
    event_not_allowed: () => rules.replay([RECEIVED, ev('answered', '2026-09-30T10:00+08:00', { entry: 'x' })]),
    event_out_of_order: () => rules.replay([RECEIVED, { ...DISPATCHED, at: '2026-09-30T08:59+08:00' }]),
    event_unknown_unit: () => city.replay([RECEIVED, { ...DISPATCHED, co_units: ['kaifaqu', 'nobody'] }]),
    event_unknown_topic: () => city.replay([{ ...RECEIVED, topics: ['power_supply', 'weather'] }]),
    event_unknown_demand: () => DemandState.receive(rules, DISPATCHED),
    demand_state_invalid_json: () => DemandState.fromJson(JSON.stringify({ ...rules.replay([RECEIVED]).toJSON(), x: 1 })),
    stream_line_rejected: () => rules.replayStream(`${JSON.stringify(RECEIVED)}\n\n{"v":1}`, { strict: true }),
    event_too_large: () => Event.fromJson(JSON.stringify({ ...RECEIVED, text: 'x'.repeat(70000) })),
    demand_too_many_events: () => new Rules(undefined, Policy.fromJson('{"name": "two", "limits": {"events_per_demand": 2}}'))
      .replay([RECEIVED, DISPATCHED, ev('signed', '2026-09-30T17:00+08:00', { unit: 'state_grid' })]),
    stream_too_many_open_demands: () => new Rules(undefined, Policy.fromJson('{"name": "one", "limits": {"open_demands": 1}}'))
      .replayStream([RECEIVED, { ...RECEIVED, demand: 'D-2' }].map((e) => JSON.stringify(e)).join('\n')),
  };
  const codes = errorCodes().filter((c) => c.module === 'demand' || c.module === 'stream');
  assert.deepStrictEqual(codes.map((c) => c.code).sort(), Object.keys(triggers).sort());
  for (const { module, code } of codes) {
    const e = assertThrowsCode(triggers[code], code);
    assert.equal(e.name, className(module));
    assert.equal(e.module, module);
  }
  const e = assertThrowsCode(triggers.event_unknown_unit, 'event_unknown_unit');
  assert.match(e.message, /nobody/);
  const s = assertThrowsCode(triggers.stream_line_rejected, 'stream_line_rejected');
  assert.equal(s.name, 'StreamError');
  assert.match(s.message, /^line 3: event_invalid/);
  // Without a directory, any unit and topic is taken.
  assert.equal(rules.replay([{ ...RECEIVED, topics: ['weather'] }, { ...DISPATCHED, lead: 'nobody' }]).lead, 'nobody');
});

test('Rules with a directory: the getter, withDirectory, buck-passing', () => {
  const dir = cityDirectory();
  const rules = new Rules(undefined, undefined, dir);
  assert.equal(dir.name, rules.directory.name); // the argument stays usable
  assert.equal(new Rules().directory, null);
  const same = new Rules().withDirectory(dir);
  assert.equal(same.directory.units().length, dir.units().length);
  assert.equal(same.policy.name, 'seed');
  // state_grid returns an order the directory assigns to it (power-supply): 推诿.
  const returned = ev('returned_by_unit', '2026-10-08T10:00+08:00', { unit: 'state_grid', reason: '不属于本单位职责' });
  const flagged = rules.replay([RECEIVED, DISPATCHED, returned]);
  assert.equal(flagged.stage, 'returned_by_unit');
  assert.equal(flagged.lead, null);
  assert.deepStrictEqual(flagged.flags.map((f) => f.kind), ['buck_passing']);
  assert.equal(flagged.toJSON().unit_returns[0].buck_passing, true);
  assert.deepStrictEqual(new Rules().replay([RECEIVED, DISPATCHED, returned]).flags, []);
});

test('replayStream: lenient counts (lines = applied + rejected + blank), strict throws', () => {
  const rules = new Rules();
  const other = (e) => ({ ...e, demand: 'TZ-2026-0200' });
  const lines = [
    JSON.stringify(RECEIVED),
    JSON.stringify(other(RECEIVED)),
    '',
    JSON.stringify(DISPATCHED),
    '{"v":1,"demand":"TZ-2026-0200","type":"closed","at":"2026-09-30T17:00+08:00"}', // not allowed
    '   ',
    'not json',
    JSON.stringify(ev('signed', '2026-09-30T17:00+08:00', { unit: 'state_grid' }, 'TZ-2026-0300')), // unknown demand
    JSON.stringify(other({ ...DISPATCHED, lead: 'tax', co_units: [] })),
  ];
  const r = rules.replayStream(`${lines.join('\r\n')}\r\n`);
  assert.ok(r instanceof StreamResult);
  assert.deepStrictEqual(r.counts, { lines: 9, applied: 4, rejected: 3, blank: 2, demands: 2, open: 2, finished: 0 });
  assert.equal(r.counts.lines, r.counts.applied + r.counts.rejected + r.counts.blank);
  assert.deepStrictEqual(r.rejected.map((x) => [x.line, x.demand, x.code]), [
    [5, 'TZ-2026-0200', 'event_not_allowed'], [7, null, 'event_invalid'], [8, 'TZ-2026-0300', 'event_unknown_demand'],
  ]);
  assert.equal(r.at, '2026-09-30T16:20:00+08:00');
  assert.deepStrictEqual(r.states.map((s) => [s.demand, s.lead]), [[D, 'state_grid'], ['TZ-2026-0200', 'tax']]);
  assert.ok(r.states.every((s) => s instanceof DemandState));
  assert.deepStrictEqual(r.toJSON().counts, r.counts);
  assert.deepStrictEqual(JSON.parse(r.toJson()), r.toJSON());
  assert.deepStrictEqual(JSON.parse(JSON.stringify(r)), r.toJSON());
  assert.deepStrictEqual(r.derived, []);
  // At a later instant, the open rounds' limits have ended: notices for both demands.
  const later = rules.replayStream(lines.join('\n'), { at: '2026-10-20T00:00+08:00' });
  assert.equal(later.at, '2026-10-20T00:00:00+08:00');
  assert.deepStrictEqual(later.derived.map((d) => [d.type, d.kind, d.demand]), [
    ['notice', 'supervision_notice', D], ['notice', 'yellow_card', D],
    ['notice', 'supervision_notice', 'TZ-2026-0200'], ['notice', 'yellow_card', 'TZ-2026-0200'],
  ]);
  // Strict: the first rejected line throws.
  const e = assertThrowsCode(() => rules.replayStream(lines.join('\n'), { strict: true }), 'stream_line_rejected');
  assert.equal(e.name, 'StreamError');
  assert.match(e.message, /^line 5 \(demand "TZ-2026-0200"\): event_not_allowed/);
  assert.equal(rules.replayStream(lines.slice(0, 4).join('\n'), { strict: true }).counts.applied, 3);
  // An empty stream.
  const empty = rules.replayStream('');
  assert.equal(empty.at, null);
  assert.deepStrictEqual(empty.counts, { lines: 0, applied: 0, rejected: 0, blank: 0, demands: 0, open: 0, finished: 0 });
  // A whole life: the demand is finished.
  const life = rules.replayStream(LIFE.map((x) => JSON.stringify(x)).join('\n'));
  assert.deepStrictEqual([life.counts.finished, life.counts.open, life.states[0].stage], [1, 0, 'closed']);
  assert.deepStrictEqual(life.derived.map((d) => d.type),
    ['reply', 'reply', 'flag', 'notice', 'notice', 'reply', 'flag']);
});

test('Replayer: line by line gives what replayStream gives; finished once', () => {
  const rules = new Rules();
  const lines = [...LIFE.map((e) => JSON.stringify(e)), '', '{"v":1}'];
  const whole = rules.replayStream(lines.join('\n'), { at: '2026-11-01T00:00+08:00' });
  const replayer = new Replayer(rules);
  for (const line of lines) replayer.pushLine(line);
  const result = replayer.finish('2026-11-01T00:00+08:00');
  assert.equal(result.toJson(), whole.toJson());
  assert.throws(() => replayer.finish(), TypeError);
  assert.throws(() => replayer.pushLine(''), TypeError);
  const strict = new Replayer(rules, true);
  strict.pushLine(lines[0]);
  assertThrowsCode(() => strict.pushLine(lines[lines.length - 1]), 'stream_line_rejected');
  assert.equal(strict.finish().counts.applied, 1);
});

test('demandLabels(): every stage, round kind, satisfaction, notice, flag and wait, in Chinese', () => {
  const labels = demandLabels();
  const kinds = (k) => labels.filter((l) => l.kind === k).map((l) => l.key);
  assert.equal(kinds('stage').length, 11);
  assert.deepStrictEqual(kinds('round_kind'), ['first', 'redo']);
  assert.deepStrictEqual(kinds('notice'), ['supervision_notice', 'yellow_card']);
  assert.deepStrictEqual(kinds('flag'), ['late_reply', 'false_feedback', 'buck_passing', 'late_return']);
  assert.equal(kinds('satisfaction').length, 5);
  assert.equal(kinds('waiting').length, 9);
  assert.ok(labels.every((l) => Object.keys(l).join() === 'kind,key,label_zh' && /[\u4e00-\u9fff]/.test(l.label_zh)));
  assert.deepStrictEqual(labels.find((l) => l.kind === 'stage' && l.key === 'in_progress'),
    { kind: 'stage', key: 'in_progress', label_zh: '办理中' });
});

test('Policy: the knob getters', () => {
  const seed = Policy.seed();
  assert.deepStrictEqual([seed.beyondCoverage, seed.clockStart, seed.countStartDay, seed.intakeCutoff, seed.dayEnd,
    seed.feedbackWorkingDays, seed.redoWorkingDays, seed.maxPlanWorkingDays, seed.territoryLimit, seed.cardCoUnits,
    seed.consecutive, seed.resetYearly], ['error', 'dispatched', false, '24:00', '24:00', 5, 3, null, true, false,
    'events', true]);
  const p = Policy.fromJson(JSON.stringify({ name: 'p', territory_limit: false, card_co_units: true,
    consecutive: 'periods', reset_yearly: false, max_plan_working_days: 20, clock_start: 'signed' }));
  assert.deepStrictEqual([p.territoryLimit, p.cardCoUnits, p.consecutive, p.resetYearly, p.maxPlanWorkingDays,
    p.clockStart], [false, true, 'periods', false, 20, 'signed']);
  assert.deepStrictEqual(seed.evaluation.weights, { on_time: '30', resolution: '30', satisfaction: '40' });
  assert.equal(seed.evaluation.min_ranked_cases, 1);
  // territory_limit off: a territory's own work order has no limit.
  const handling = ev('territory_handling', '2026-09-30T10:00+08:00', { unit: 'kaifaqu' });
  assert.equal(new Rules(undefined, p).replay([RECEIVED, handling]).rounds[0].due, null);
  assert.equal(new Rules().replay([RECEIVED, handling]).rounds[0].due_date, '2026-10-13');
});

// ---- seeded random logs --------------------------------------------------------------------

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

const UNITS = ['state_grid', 'natural_resources', 'approval', 'tax'];
const SATISFACTION = ['very_satisfied', 'fairly_satisfied', 'basically_satisfied', 'unsatisfied', 'unreached'];
const T0 = Date.parse('2025-12-01T08:00:00+08:00');
const MINUTE = 60_000;
const CST = 8 * 60 * MINUTE;
/** Epoch ms as RFC 3339 `+08:00`. */
const instant = (ms) => `${new Date(ms + CST).toISOString().slice(0, 19)}+08:00`;
/** The `+08:00` date of epoch ms plus `days`. */
const dateOf = (ms, days = 0) => new Date(ms + CST + days * 86_400_000).toISOString().slice(0, 10);
const ERROR_NAMES = new Set(['DemandError', 'DeadlineError', 'CalendarError', 'TimeError']);

/** Applies `e` to `state`: the new state, or null when refused (with a coded error and no change). */
function tryApply(rules, state, e) {
  const before = state.toJson();
  try {
    return state.apply(rules, e);
  } catch (err) {
    assert.ok(err instanceof Error && !(err instanceof TypeError), String(err));
    assert.equal(typeof err.code, 'string', `${err.name}: ${err.message}`);
    assert.ok(ERROR_NAMES.has(err.name), `${err.name}: ${err.message}`);
    assert.equal(state.toJson(), before, 'a rejected event leaves the state unchanged');
    return null;
  }
}

/** A candidate next event for a demand in `state`, chosen by `c` (as the core's property test). */
function candidate(state, c, t, rnd) {
  const lead = state.lead ?? '';
  const pick = UNITS[c % UNITS.length];
  switch (state.stage) {
    case 'received':
      return [['answered', { entry: 'tax-rd' }], ['territory_handling', { unit: 'kaifaqu' }],
        ['escalated', { to: 'center', reason: 'r' }], ['dispatched', { lead: pick, co_units: ['kaifaqu'] }]][c % 4];
    case 'escalated':
    case 'returned_by_unit':
      return c % 5 === 0 ? ['escalated', { to: 'government', reason: 'r' }] : ['dispatched', { lead: pick, co_units: [] }];
    case 'in_progress':
      return [
        ['signed', { unit: lead }],
        ['plan_submitted', { unit: lead, completion: dateOf(t, c % 20), explanation: c % 3 === 0 ? '' : '工期' }],
        ['returned_by_unit', { unit: lead, reason: '非本单位职责' }],
        ['escalated', { to: 'government', reason: 'r' }],
        ['replied', { unit: lead, resolved: c % 2 === 0, contacted: c % 3 !== 0, method: 'm' }],
        ['replied', { unit: lead, resolved: true, contacted: true, method: 'm' }],
      ][c % 6];
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

/** An event of any type with plausible fields: most are refused. */
function anyEvent(demand, state, rnd, t) {
  const lead = state.lead ?? rnd.pick(UNITS);
  const fields = {
    received: { category: 'help', topics: [], territory: 'kaifaqu', enterprise: 'e', text: '' },
    answered: { entry: 'x' },
    territory_handling: { unit: 'kaifaqu' },
    escalated: { to: rnd.pick(['center', 'government']), reason: 'r' },
    dispatched: { lead: rnd.pick(UNITS), co_units: [] },
    signed: { unit: lead },
    returned_by_unit: { unit: lead, reason: 'r' },
    plan_submitted: { unit: lead, completion: dateOf(t, rnd.int(30)) },
    replied: { unit: lead, resolved: true, contacted: true, method: 'm' },
    callback: { satisfaction: rnd.pick(SATISFACTION), resolved: true, contacted: true },
    returned: {},
    verification_submitted: { unit: lead, signed_by: 's' },
    verified: { opinion: 'redo' },
    closed: {},
  };
  const type = rnd.pick(Object.keys(fields));
  return ev(type, instant(t), fields[type], demand);
}

/** A valid log of one demand from random choices; every refused candidate is checked and left out. */
function buildLog(rules, demand, rnd) {
  let t = T0 + rnd.int(300 * 24 * 60) * MINUTE;
  const first = ev('received', instant(t), {
    category: rnd.pick(['consultation', 'help', 'suggestion', 'complaint']), topics: ['power_supply'],
    territory: 'kaifaqu', enterprise: '某公司', text: '诉求',
  }, demand);
  let state = DemandState.receive(rules, first);
  const log = [first];
  const steps = rnd.int(24);
  for (let i = 0; i < steps && state.stage !== 'closed' && state.stage !== 'answered'; i += 1) {
    t += rnd.int(6 * 24 * 60) * MINUTE;
    const [type, fields] = candidate(state, rnd.int(256), t, rnd);
    const e = ev(type, instant(t), fields, demand);
    const next = tryApply(rules, state, e);
    if (next !== null) {
      state = next;
      log.push(e);
    }
  }
  return { log, state };
}

function randomRules(rnd) {
  const policy = Policy.fromJson(JSON.stringify({
    name: 'prop', clock_start: rnd.pick(['dispatched', 'signed']), card_co_units: rnd.next() < 0.5,
    territory_limit: rnd.next() < 0.5,
  }));
  return new Rules(china, policy);
}

test('seeded random logs: limits on working days, prefixes, round trips, atomic refusals', () => {
  const rnd = generator(20261001);
  let rounds = 0;
  let refused = 0;
  for (let n = 0; n < 150; n += 1) {
    const rules = randomRules(rnd);
    const { log, state } = buildLog(rules, `D${n}`, rnd);
    const replayed = rules.replay(log);
    assert.equal(replayed.toJson(), state.toJson(), 'replay is the fold, deterministic');
    for (const r of replayed.rounds) {
      rounds += 1;
      if (r.limit !== null) {
        if (r.limit.kind === 'feedback' || r.limit.kind === 'redo') {
          assert.ok(china.isWorkingDay(r.due_date), `${r.due_date} in ${JSON.stringify(r)}`);
        }
        assert.equal(r.due, r.limit.due);
        assert.equal(r.due_date, r.limit.due_date);
      }
      if (r.on_time !== null && r.replied_at !== null && r.due !== null) {
        assert.equal(r.on_time, Date.parse(r.replied_at) < Date.parse(r.due));
      }
    }
    for (const notice of replayed.notices) assert.equal(notice.at, notice.due);
    for (let k = 1; k < log.length; k += 1) rules.replay(log.slice(0, k)); // every prefix is valid
    assert.equal(DemandState.fromJson(replayed.toJson()).toJson(), replayed.toJson());
    // An event of any type at a random instant: applied, or refused with no change.
    const t = Date.parse(replayed.toJSON().last_at) + (rnd.int(6600) - 600) * MINUTE;
    for (let i = 0; i < 3; i += 1) {
      if (tryApply(rules, replayed, anyEvent(`D${n}`, replayed, rnd, t)) === null) refused += 1;
    }
  }
  assert.ok(rounds > 100, `${rounds} rounds`);
  assert.ok(refused > 100, `${refused} refusals`);
});

/** JSON Lines of several logs, interleaved as `order` says (each step: whose next event goes next). */
function interleave(logs, order) {
  const next = logs.map(() => 0);
  const lines = [];
  for (const i of order) {
    const k = i % logs.length;
    if (next[k] < logs[k].length) {
      lines.push(JSON.stringify(logs[k][next[k]]));
      next[k] += 1;
    }
  }
  logs.forEach((log, k) => lines.push(...log.slice(next[k]).map((e) => JSON.stringify(e))));
  return lines;
}

test('seeded random streams: independent of interleaving, counts add up, strict refuses junk', () => {
  const rnd = generator(7);
  for (let n = 0; n < 40; n += 1) {
    const rules = randomRules(rnd);
    const logs = Array.from({ length: 1 + rnd.int(5) }, (_, i) => buildLog(rules, `S${n}-${i}`, rnd).log);
    const order = () => Array.from({ length: rnd.int(80) }, () => rnd.int(6));
    const a = interleave(logs, order());
    const b = interleave(logs, order());
    const junk = Array.from({ length: rnd.int(4) }, () => rnd.pick(['', '{', '[]', '{"v":1}', '  ']));
    const ra = rules.replayStream(a.join('\n'));
    const rb = rules.replayStream([...b, ...junk].join('\n'));
    assert.equal(JSON.stringify(ra.toJSON().states), JSON.stringify(rb.toJSON().states));
    assert.deepStrictEqual(ra.derived, rb.derived);
    for (const r of [ra, rb]) {
      const c = r.counts;
      assert.equal(c.lines, c.applied + c.rejected + c.blank);
      assert.equal(c.demands, logs.length);
      assert.equal(c.open + c.finished, logs.length);
    }
    assert.equal(ra.counts.rejected, 0);
    // Each demand's state is its own log replayed to the stream's instant.
    logs.forEach((log, i) => assert.equal(ra.states[i].toJson(), rules.replay(log, ra.at).toJson()));
    // Strict accepts the clean stream and refuses the junk (when some is not blank).
    rules.replayStream(a.join('\n'), { strict: true });
    const refused = junk.some((j) => j.trim() !== '');
    let threw = false;
    try {
      rules.replayStream([...b, ...junk].join('\n'), { strict: true });
    } catch (e) {
      assert.equal(e.code, 'stream_line_rejected');
      threw = true;
    }
    assert.equal(threw, refused);
    // A refused line changes nothing: the stream with one more refused event gives the same states.
    const last = logs[0][logs[0].length - 1];
    const stale = { ...last, at: instant(Date.parse(last.at) - 60 * MINUTE), type: 'closed' };
    for (const k of Object.keys(stale)) if (!['v', 'demand', 'type', 'at'].includes(k)) delete stale[k];
    const withStale = rules.replayStream([...a, JSON.stringify(stale)].join('\n'), { at: ra.at });
    assert.equal(withStale.counts.rejected, 1);
    assert.equal(JSON.stringify(withStale.toJSON().states), JSON.stringify(ra.toJSON().states));
    assert.deepStrictEqual(withStale.derived, ra.derived);
  }
});
