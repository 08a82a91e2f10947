// Every error code of the library (`errorCodes()`, from core `all_codes`) is thrown by at least
// one vector case or one unit trigger below, as a real `Error` with `.name` = the module's class,
// `.code` and `.module`. A new core code without a trigger fails `every code is covered`.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  Calendar, Policy, Rules, isOnTime, isOnTimeMany, Category, categories, PolicyLibrary, Consultation, Directory,
  RouteRequest, errorCodes, className, Event, DemandState, Replayer, Period, periodLabelZh,
  Register, Leaders, CollectionLog, FieldDayLog, collectionShortfalls, fieldDayShortfalls, FormKind, formKinds,
  buildForm,
} from './jiesu.mjs';
import {
  loadVectors, RUNNERS, ERROR_RUNNERS, errorCode, assertThrowsCode, cityText,
} from './vectors.mjs';

const china = Calendar.china();
const START = '2026-09-30T10:00+08:00';
const RECEIVED = {
  v: 1, demand: 'D-1', type: 'received', at: '2026-09-30T09:00+08:00', category: 'help',
  topics: ['power_supply'], territory: 'kaifaqu', enterprise: '某机械公司', text: '用电增容',
};
const DISPATCHED = {
  v: 1, demand: 'D-1', type: 'dispatched', at: '2026-09-30T16:20+08:00', lead: 'state_grid', co_units: [],
};
/** Rules with the sample city's directory (units and topics are checked). */
const cityRules = () => new Rules(undefined, undefined, Directory.fromJson(cityText('directory.json')));
/** A replayed stream of one dispatched demand, past its limit (10-14): a notice and a yellow card. */
const dispatchedStream = (rules = new Rules()) => rules.replayStream(
  [RECEIVED, DISPATCHED].map((e) => JSON.stringify(e)).join('\n'), { at: '2026-10-20T00:00+08:00' });
/** A register entry and a leader (rules §8), for the duties triggers. */
const ENTERPRISE = { id: 'E1', name: '某机械公司', territory: 'kaifaqu', kind: 'enterprise' };
const LEADER = { id: 'L01', name: '市长', principal: true };
const registerOf = (...enterprises) => Register.fromJson(JSON.stringify({ enterprises }));
const leadersOf = (...leaders) => Leaders.fromJson(JSON.stringify({ leaders }));

/** One JS call per code: what a user would do to get it. */
const TRIGGERS = {
  calendar_out_of_range: () => china.addWorkingDays('2026-12-28', 5),
  calendar_invalid_csv: () => Calendar.fromCsv('when,what\n2030-01-01,off'),
  calendar_invalid_json: () => Calendar.fromHolidayCn(['{"year": 2030, "days": ']),
  calendar_conflicting_date: () => Calendar.fromOverrides(2030, 2030, [
    { date: '2030-01-01', kind: 'off', name: '元旦' },
    { date: '2030-01-01', kind: 'work', name: '元旦' },
  ]),
  calendar_coverage_gap: () => Calendar.fromCsv('date,kind,name\n2024-01-01,off,元旦\n2026-01-01,off,元旦\n'),
  calendar_no_coverage: () => Calendar.fromCsv('date,kind,name\n'),
  calendar_invalid_years: () => Calendar.fromOverrides(2031, 2030, []),
  calendar_invalid_day_count: () => china.addWorkingDays('2026-03-02', -1),
  calendar_invalid_beyond_coverage: () => china.withBeyondCoverage('sometimes'),
  calendar_invalid_override_kind: () => Calendar.fromOverrides(2030, 2030, [{ date: '2030-10-01', kind: 'holiday', name: '国庆节' }]),
  calendar_batch_length_mismatch: () => china.addWorkingDaysMany(['2026-03-02', '2026-03-03'], [1, 2, 3]),
  policy_invalid_json: () => Policy.fromJson('{"feedback_days": 5}'),
  policy_invalid_value: () => Policy.fromJson('{"feedback_working_days": 0}'),
  deadline_invalid_working_days: () => new Rules().deadline(START, 0),
  plan_before_start: () => new Rules().planDeadline(START, '2026-09-01'),
  plan_extension_unexplained: () => new Rules().planDeadline(START, '2026-11-30'),
  plan_over_cap: () => new Rules(china, Policy.fromJson('{"name": "capped", "max_plan_working_days": 10}'))
    .planDeadline(START, '2026-11-30', '需协调土地指标'),
  invalid_instant: () => new Rules().feedbackDeadline('yesterday'),
  invalid_date: () => china.day('2026-02-30'),
  event_invalid: () => Event.fromJson('{"v":1,"demand":"D-1","type":"closed","at":"2026-09-30T10:00","colour":"red"}'),
  event_unsupported_version: () => new Rules().replay([{ ...RECEIVED, v: 2 }]),
  event_not_allowed: () => new Rules().replay([RECEIVED, { v: 1, demand: 'D-1', type: 'closed', at: START }]),
  event_out_of_order: () => new Rules().replay([RECEIVED, { ...DISPATCHED, at: '2026-09-29T16:20+08:00' }]),
  event_unknown_unit: () => cityRules().replay([RECEIVED, { ...DISPATCHED, lead: 'weather_bureau' }]),
  event_unknown_topic: () => DemandState.receive(cityRules(), { ...RECEIVED, topics: ['weather'] }),
  event_unknown_demand: () => new Rules().replay([DISPATCHED]),
  demand_state_invalid_json: () => DemandState.fromJson('{"v": 1}'),
  stream_line_rejected: () => new Rules().replayStream(JSON.stringify(DISPATCHED), { strict: true }),
  event_too_large: () => Event.fromJson(JSON.stringify({ ...RECEIVED, text: '诉'.repeat(22000) })),
  demand_too_many_events: () => new Rules(china, Policy.fromJson('{"name": "tiny", "limits": {"events_per_demand": 1}}'))
    .replay([RECEIVED, DISPATCHED]),
  stream_too_many_open_demands: () => new Rules(china, Policy.fromJson('{"name": "one", "limits": {"open_demands": 1}}'))
    .replayStream([RECEIVED, { ...RECEIVED, demand: 'D-2' }].map((e) => JSON.stringify(e)).join('\n')),
  directory_too_large: () => Directory.fromJson(JSON.stringify({
    units: Array.from({ length: 1001 }, (_, i) => ({ id: `t${i}`, name: `镇${i}`, kind: 'territory' })), topics: [], rules: [],
  })),
  duties_range_too_long: () => fieldDayShortfalls(leadersOf(LEADER), FieldDayLog.fromJsonl(''), '1900-01-01', '2100-12-31'),
  card_unknown_unit: () => { const r = cityRules(); return r.cards(dispatchedStream(r)).colour('weather_bureau', START); },
  evaluation_invalid_period: () => Period.parse('2026-13'),
  evaluation_wrong_period: () => new Rules().notification(dispatchedStream(), '2026-Q4'),
  evaluation_needs_replay: () => new Rules().compare(dispatchedStream(),
    Policy.fromJson('{"name": "longer", "feedback_working_days": 7}'), '2026-10'),
  duties_invalid_register: () => Register.fromJson('{"enterprises": [{"id": "E1"}]}'),
  duties_duplicate_enterprise: () => registerOf(ENTERPRISE, { ...ENTERPRISE, name: '另一家' }),
  duties_unknown_territory: () => registerOf({ ...ENTERPRISE, territory: 'tax' })
    .checkTerritories(Directory.fromJson(cityText('directory.json'))),
  duties_invalid_leaders: () => leadersOf(LEADER, { ...LEADER, id: 'L02' }),
  duties_duplicate_leader: () => leadersOf(LEADER, { ...LEADER, principal: false }),
  duties_invalid_line: () => CollectionLog.fromJsonl('{"v":1,"type":"consulted","at":"2026-10-13"}'),
  duties_unsupported_version: () => FieldDayLog.fromJsonl('{"v":2,"type":"field_day","date":"2026-10-12","leader":"L01"}'),
  duties_invalid_range: () => fieldDayShortfalls(leadersOf(LEADER), FieldDayLog.fromJsonl(''), '2026-10-31', '2026-10-01'),
  forms_unknown_form: () => buildForm('台账', dispatchedStream(), null, '2026-10-01', '2026-10-31'),
  forms_invalid_range: () => buildForm(FormKind.parse('ledger'), dispatchedStream(), null, '2026-10-31', '2026-10-01'),
};

/**
 * Core modules that have no JS API yet, so no JS call can throw their codes. Short on purpose:
 * a module leaves this list in the change that binds it (its codes then need triggers).
 */
const NOT_YET_BOUND = new Set([]);

const codes = errorCodes();
const moduleOf = new Map(codes.map((c) => [c.code, c.module]));
/** Codes actually thrown in this process, with where. */
const thrown = new Map();

function record(code, where, error) {
  assert.equal(error.module, moduleOf.get(code), `module of ${code}`);
  if (!thrown.has(code)) thrown.set(code, []);
  thrown.get(code).push(where);
}

test('errorCodes() lists {module, code} pairs, codes unique and snake_case', () => {
  assert.ok(Array.isArray(codes) && codes.length > 0);
  for (const c of codes) {
    assert.deepStrictEqual(Object.keys(c).sort(), ['code', 'module']);
    assert.match(c.code, /^[a-z][a-z0-9_]*$/);
    assert.match(c.module, /^[a-z][a-z0-9_]*$/);
  }
  assert.equal(new Set(codes.map((c) => c.code)).size, codes.length);
});

for (const [code, trigger] of Object.entries(TRIGGERS)) {
  test(`unit trigger › ${code}`, () => {
    assert.ok(moduleOf.has(code), `${code} is not in errorCodes(): remove the trigger`);
    const e = assertThrowsCode(trigger, code);
    assert.equal(e.name, className(moduleOf.get(code)));
    assert.ok(e.stack.includes(e.message), 'a real Error with a stack');
    record(code, 'unit trigger', e);
  });
}

for (const [module, runner] of Object.entries(RUNNERS)) {
  const run = ERROR_RUNNERS[module] ?? runner;
  const { cases } = loadVectors(module);
  const errorCases = cases.filter((c) => 'error' in c);
  test(`vector error cases › ${module} (${errorCases.length})`, () => {
    for (const c of errorCases) {
      const e = assertThrowsCode(() => run(c), errorCode(c));
      record(errorCode(c), `${module}/${c.file} › ${c.name}`, e);
    }
  });
}

test('every code of errorCodes() is thrown by a vector case or a unit trigger', (t) => {
  const missing = codes
    .filter((c) => !thrown.has(c.code) && !NOT_YET_BOUND.has(c.module))
    .map((c) => `${c.module}/${c.code}`);
  assert.deepStrictEqual(missing, [], 'add a vector (fixtures/vectors/) or a trigger (TRIGGERS)');
  const pending = codes.filter((c) => NOT_YET_BOUND.has(c.module)).map((c) => c.code);
  if (pending.length > 0) t.diagnostic(`not yet bound in JS: ${pending.length} codes of ${[...NOT_YET_BOUND].join(', ')}`);
});

test('NOT_YET_BOUND names only core modules', () => {
  for (const module of NOT_YET_BOUND) {
    assert.ok(codes.some((c) => c.module === module), `${module} is not a core module: remove it from NOT_YET_BOUND`);
  }
});

test('wrong JS types are TypeErrors, not library errors', () => {
  const r = new Rules();
  const cases = [
    () => china.addWorkingDays('2026-03-02', 1.5),
    () => china.addWorkingDays('2026-03-02', Number.NaN),
    () => china.addWorkingDaysMany('2026-03-02', 1),
    () => china.addWorkingDaysMany(['2026-03-02'], 'five'),
    () => china.isWorkingDayMany(null),
    () => china.isWorkingDay(new Date()),
    () => china.addWorkingDays(20260302, 1),
    () => china.arrangement(2026.5),
    () => Calendar.fromCsv(undefined),
    () => Calendar.fromHolidayCn('{"year": 2030, "days": []}'),
    () => Calendar.fromHolidayCn([{ year: 2030, days: [] }]),
    () => Calendar.fromOverrides(2030, 2030, undefined),
    () => Policy.fromJson({ name: 'x' }),
    () => r.planDeadline(START, '2026-11-30', 5),
    () => r.deadline(START, 2.5),
    () => r.feedbackDues(null),
    () => r.feedbackDues([1, '2']),
    () => r.feedbackDues(new BigInt64Array(1)),
    () => r.feedbackDuesIso('2026-03-02T10:00'),
    () => new Rules(Policy.seed()),
    () => new Rules(china, china),
    () => Category.parse(1),
    () => PolicyLibrary.fromJson({ entries: [] }),
    () => PolicyLibrary.fromJson('{"entries": []}').entry(1),
    () => PolicyLibrary.fromJson('{"entries": []}').inForce(new Date()),
    () => PolicyLibrary.fromJson('{"entries": []}').instantAnswer(1, { date: '2026-03-02' }),
    () => PolicyLibrary.fromJson('{"entries": []}').instantAnswer(china, { date: '2026-03-02' }),
    () => Directory.fromJson({ units: [] }),
    () => new Consultation('tax', '', '2026-03-02'),
    () => Consultation.fromJson({ date: '2026-03-02' }),
    () => RouteRequest.fromJson({ category: 'help', level: 'center' }),
    () => new Rules(undefined, undefined, china),
    () => new Rules().withDirectory(undefined),
    () => r.replay(JSON.stringify(RECEIVED)),
    () => r.replay([RECEIVED], 1),
    () => r.replayStream([JSON.stringify(RECEIVED)]),
    () => r.replayStream('', { strict: 'yes' }),
    () => r.replayStream('', { strcit: true }),
    () => r.replayStream('', 'strict'),
    () => r.replayStream('', { at: 1 }),
    () => DemandState.receive({}, RECEIVED),
    () => DemandState.receive(Policy.seed(), RECEIVED),
    () => DemandState.fromJson({}),
    () => DemandState.fromJson(r.replay([RECEIVED]).toJson(), r),
    () => r.replay([RECEIVED]).statusAt({}),
    () => r.replay([RECEIVED]).statusAt(START, china),
    () => r.replay([RECEIVED]).apply(undefined, DISPATCHED),
    () => Event.fromJson(RECEIVED),
    () => new Replayer(r, 'yes'),
    () => new Replayer(undefined),
    () => new Replayer(r).pushLine(1),
    () => new Replayer(r).finish(true),
    () => { const p = new Replayer(r); p.finish(); p.finish(); },
    () => { const p = new Replayer(r); p.finish(); p.pushLine(''); },
    () => r.cards(undefined),
    () => r.cards({}),
    () => r.cards(JSON.stringify(RECEIVED)),
    () => r.cards(r),
    () => r.cards(dispatchedStream()).history(1),
    () => r.cards(dispatchedStream()).colour('tax', [START]),
    () => r.cards(dispatchedStream()).board(undefined),
    () => r.evaluate({}, '2026'),
    () => r.evaluate(dispatchedStream().toJSON(), '2026'),
    () => r.notification(dispatchedStream()),
    () => r.annualEvaluation(undefined, '2026'),
    () => r.compare(dispatchedStream(), r, '2026'),
    () => r.compare(dispatchedStream(), undefined, '2026'),
    () => r.compare(dispatchedStream(), Policy.seed(), '2026', {}),
    () => r.withPolicy('{"name": "x"}'),
    () => Period.parse(2026),
    () => Period.parse('2026').contains(2026),
    () => r.evaluate(dispatchedStream(), 2026.5),
    () => r.evaluate(dispatchedStream(), new Date()),
    () => r.evaluate(dispatchedStream(), r),
    () => periodLabelZh(undefined),
    () => Register.fromJson({ enterprises: [] }),
    () => registerOf(ENTERPRISE).checkTerritories('{"units": []}'),
    () => leadersOf(LEADER).quota(undefined),
    () => CollectionLog.fromJsonl(null),
    () => FieldDayLog.fromJsonl(['{}']),
    () => collectionShortfalls(registerOf(ENTERPRISE), FieldDayLog.fromJsonl(''), '2026-10-01', '2026-10-31'),
    () => collectionShortfalls(registerOf(ENTERPRISE), CollectionLog.fromJsonl(''), 20261001, '2026-10-31'),
    () => fieldDayShortfalls(registerOf(ENTERPRISE), FieldDayLog.fromJsonl(''), '2026-10-01', '2026-10-31'),
    () => FormKind.parse(undefined),
    () => buildForm(undefined, dispatchedStream(), null, '2026-10-01', '2026-10-31'),
    () => buildForm('ledger', dispatchedStream().toJSON(), null, '2026-10-01', '2026-10-31'),
    () => buildForm('ledger', dispatchedStream(), {}, '2026-10-01', '2026-10-31'),
    () => buildForm('ledger', dispatchedStream(), null, new Date(), '2026-10-31'),
  ];
  for (const f of cases) assert.throws(f, TypeError, f.toString());
});

test('overrides: bad values are typed errors, a bad shape is a TypeError', () => {
  const e = assertThrowsCode(() => china.withBeyondCoverage('sometimes'), 'calendar_invalid_beyond_coverage');
  assert.match(e.message, /sometimes/);
  assertThrowsCode(() => Calendar.fromOverrides(2030, 2030, [{ date: '2030-13-01', kind: 'off', name: 'x' }]),
    'invalid_date');
  assert.throws(() => Calendar.fromOverrides(2030, 2030, [{ date: '2030-10-01', kind: 'off' }]), TypeError);
  assert.throws(() => Calendar.fromOverrides(2030, 2030, ['2030-10-01,off,x']), TypeError);
  const cal = Calendar.fromOverrides(2030, 2030, [{ date: '2030-10-01', kind: 'off', name: '国庆节' }]);
  assert.deepStrictEqual(cal.overrides(), [{ date: '2030-10-01', kind: 'off', name: '国庆节' }]);
});

test('arguments stay usable after new Rules(calendar, policy)', () => {
  const cal = china.withBeyondCoverage('weekends_only');
  const policy = Policy.fromJson('{"name": "p"}');
  const rules = new Rules(cal, policy);
  assert.equal(cal.beyondCoverage, 'weekends_only');
  assert.equal(policy.name, 'p');
  // An explicit calendar setting is never dropped: either asking for provisional answers wins,
  // and the policy in force says so.
  assert.equal(rules.calendar.beyondCoverage, 'weekends_only');
  assert.equal(rules.policy.beyondCoverage, 'weekends_only');
  assert.equal(policy.beyondCoverage, 'error');
  assert.equal(new Rules(china, policy).calendar.beyondCoverage, 'error');
  assert.equal(rules.policy.name, 'p');
  assert.equal(new Rules(undefined, policy).calendar.version, china.version);
  assert.equal(new Rules(null, null).policy.name, 'seed');
});

test('no argument of any JS type traps the module: every failure is a thrown Error', () => {
  const odd = [undefined, null, 0, -1, 1.5, Number.NaN, Infinity, 1e20, 2 ** 31, '', 'x', '2026-02-30',
    '2026-09-30', '2026-09-30T16:20+08:00', 'a,b', new Date(0), {}, [], ['x'], [1], ['2026-09-30'],
    new Int32Array([1]), new Float64Array([Number.NaN]), 1n, Symbol('s'), () => 1, true, new Date(Number.NaN),
    [null], [1.5], ['2026-09-30', 3], new BigInt64Array(1), new DataView(new ArrayBuffer(8)), { errors: 'coerce' },
    { errors: 'x' }];
  const rules = new Rules();
  const lib = PolicyLibrary.fromJson(cityText('policy_library.json'));
  const dir = Directory.fromJson(cityText('directory.json'));
  const cityRulesOnce = cityRules();
  const received = rules.replay([RECEIVED]);
  const state = received.apply(rules, DISPATCHED);
  const replayer = new Replayer(rules);
  const stream = dispatchedStream(rules);
  const board = cityRulesOnce.cards(dispatchedStream(cityRulesOnce));
  const period = Period.parse('2026-Q4');
  const consultation = { topics: ['tax'], text: '留抵退税', date: '2026-03-02' };
  const request = { category: 'help', topics: ['tax'], territory: 'kaifaqu', level: 'center' };
  const register = registerOf(ENTERPRISE);
  const leaders = leadersOf(LEADER);
  const collection = CollectionLog.fromJsonl('{"v":1,"type":"consulted","at":"2026-10-13T10:00","territory":"kaifaqu","enterprise":"E1"}');
  const fieldDays = FieldDayLog.fromJsonl('{"v":1,"type":"field_day","date":"2026-10-12","leader":"L01"}');
  const ledger = FormKind.parse('ledger');
  const consulted = { v: 1, type: 'consulted', at: '2026-10-13T10:00', territory: 'kaifaqu', enterprise: 'E1' };
  const calls = [
    ...['isWorkingDay', 'day', 'nextWorkingDay', 'previousWorkingDay', 'covers', 'arrangement',
      'withBeyondCoverage', 'isWorkingDayMany'].map((m) => (x) => china[m](x)),
    ...['addWorkingDays', 'workingDaysBetween', 'workingDaysIn', 'notableDaysIn', 'addWorkingDaysMany', 'addWorkingDaysDays']
      .flatMap((m) => [(x) => china[m](x, 1), (x) => china[m]('2026-09-30', x), (x) => china[m](['2026-09-30'], x)]),
    (x) => Calendar.fromCsv(x), (x) => Calendar.fromHolidayCn(x), (x) => Calendar.fromOverrides(x, 2030, []),
    (x) => Calendar.fromOverrides(2030, 2030, x), (x) => Calendar.fromOverrides(2030, 2030, [x]),
    (x) => Policy.fromJson(x), (x) => new Rules(x), (x) => new Rules(undefined, x),
    ...['feedbackDeadline', 'redoDeadline', 'sameDayTarget', 'returnDeadline', 'feedbackDues', 'redoDues',
      'feedbackDuesIso', 'redoDuesIso'].map((m) => (x) => rules[m](x)),
    ...['feedbackDues', 'redoDues', 'feedbackDuesIso', 'redoDuesIso'].flatMap((m) => [
      (x) => rules[m]([x], { errors: 'coerce' }), (x) => rules[m]([0], x)]),
    ...['addWorkingDaysMany', 'addWorkingDaysDays'].flatMap((m) => [
      (x) => china[m]([x], 1, { errors: 'coerce' }), (x) => china[m](['2026-09-30'], [x], { errors: 'coerce' }),
      (x) => china[m]([20726], 1, x)]),
    (x) => isOnTimeMany(x, ['2026-10-14T00:00']), (x) => isOnTimeMany(['2026-10-14T00:00'], x),
    (x) => isOnTimeMany([x], [0], { errors: 'coerce' }), (x) => isOnTimeMany([0], [0], x),
    (x) => dir.routeMany(x), (x) => dir.routeMany([x]), (x) => dir.routeMany([request, x], { errors: 'coerce' }),
    (x) => dir.routeMany([request], x),
    (x) => lib.instantAnswerMany(x), (x) => lib.instantAnswerMany([x]),
    (x) => lib.instantAnswerMany([{ category: x, consultation }], { errors: 'coerce' }),
    (x) => lib.instantAnswerMany([{ category: 'consultation', consultation: x }], { errors: 'coerce' }),
    (x) => lib.instantAnswerMany([], x),
    (x) => rules.deadline('2026-09-30T16:20', x), (x) => rules.deadline(x, 5),
    (x) => rules.planDeadline(x, '2026-10-09'), (x) => rules.planDeadline('2026-09-30T16:20', x),
    (x) => rules.planDeadline('2026-09-30T16:20', '2026-12-01', x),
    (x) => isOnTime(x, '2026-10-13T10:00'), (x) => isOnTime(rules.feedbackDeadline('2026-09-30T16:20'), x),
    (x) => Category.parse(x), (x) => categories(x),
    (x) => PolicyLibrary.fromJson(x), (x) => lib.entry(x), (x) => lib.inForce(x),
    (x) => lib.matchConsultation(x), (x) => lib.matchConsultation({ ...consultation, date: x }),
    (x) => lib.matchConsultation({ ...consultation, topics: x }), (x) => lib.matchConsultation({ ...consultation, text: x }),
    (x) => lib.matchConsultation({ ...consultation, topics: [x] }),
    (x) => lib.instantAnswer(x, consultation), (x) => lib.instantAnswer('consultation', x),
    (x) => new Consultation(x, '', '2026-03-02'), (x) => new Consultation([], x, '2026-03-02'),
    (x) => new Consultation([], '', x), (x) => new Consultation([x], '', '2026-03-02'), (x) => Consultation.fromJson(x),
    (x) => RouteRequest.fromJson(x),
    (x) => Directory.fromJson(x), (x) => dir.unit(x), (x) => dir.rule(x), (x) => dir.route(x),
    ...['category', 'topics', 'territory', 'level'].map((k) => (x) => dir.route({ ...request, [k]: x })),
    (x) => dir.route({ ...request, topics: [x] }), (x) => dir.route({ ...request, [String(x)]: x }),
    (x) => new Rules(undefined, undefined, x), (x) => rules.withDirectory(x),
    (x) => rules.replay(x), (x) => rules.replay([x]), (x) => rules.replay([RECEIVED, x]), (x) => rules.replay([RECEIVED], x),
    (x) => cityRulesOnce.replay([RECEIVED, { ...DISPATCHED, lead: x }]),
    ...Object.keys(RECEIVED).map((k) => (x) => rules.replay([{ ...RECEIVED, [k]: x }])),
    ...Object.keys(DISPATCHED).map((k) => (x) => received.apply(rules, { ...DISPATCHED, [k]: x })),
    (x) => rules.replay([{ ...RECEIVED, [String(x)]: x }]),
    (x) => rules.replayStream(x), (x) => rules.replayStream('', x), (x) => rules.replayStream('', { strict: x }),
    (x) => rules.replayStream('', { at: x }), (x) => rules.replayStream(JSON.stringify(RECEIVED), { at: x }),
    (x) => DemandState.receive(x, RECEIVED), (x) => DemandState.receive(rules, x),
    (x) => state.apply(x, DISPATCHED), (x) => state.apply(rules, x),
    (x) => state.statusAt(x), (x) => state.statusAt('2026-10-14T00:00', x),
    (x) => DemandState.fromJson(x), (x) => DemandState.fromJson(state.toJson(), x), (x) => Event.fromJson(x),
    (x) => new Replayer(x), (x) => new Replayer(rules, x), (x) => replayer.pushLine(x), (x) => new Replayer(rules).finish(x),
    (x) => rules.cards(x), (x) => rules.cards([x]), (x) => rules.cards([{ ...stream.derived[0], at: x }]),
    (x) => board.history(x), (x) => board.colour(x, START), (x) => board.colour('tax', x), (x) => board.board(x),
    ...['evaluate', 'notification', 'quarterlyEvaluation', 'halfYearRanking', 'annualEvaluation']
      .flatMap((m) => [(x) => rules[m](x, '2026'), (x) => rules[m](stream, x)]),
    (x) => rules.compare(x, Policy.seed(), '2026'), (x) => rules.compare(stream, x, '2026'),
    (x) => rules.compare(stream, Policy.seed(), x), (x) => rules.compare(stream, Policy.seed(), '2026', x),
    (x) => rules.withPolicy(x), (x) => Period.parse(x), (x) => period.contains(x), (x) => periodLabelZh(x),
    (x) => Register.fromJson(x), (x) => registerOf({ ...ENTERPRISE, kind: x }), (x) => register.checkTerritories(x),
    (x) => Leaders.fromJson(x), (x) => leadersOf({ ...LEADER, quota: x }), (x) => leaders.quota(x),
    (x) => CollectionLog.fromJsonl(x), (x) => FieldDayLog.fromJsonl(x),
    ...Object.keys(consulted).map((k) => (x) => CollectionLog.fromJsonl(JSON.stringify({ ...consulted, [k]: x }))),
    (x) => collectionShortfalls(x, collection, '2026-10-01', '2026-10-31'),
    (x) => collectionShortfalls(register, x, '2026-10-01', '2026-10-31'),
    (x) => collectionShortfalls(register, collection, x, '2026-10-31'),
    (x) => collectionShortfalls(register, collection, '2026-10-01', x),
    (x) => fieldDayShortfalls(x, fieldDays, '2026-10-01', '2026-10-31'),
    (x) => fieldDayShortfalls(leaders, x, '2026-10-01', '2026-10-31'),
    (x) => fieldDayShortfalls(leaders, fieldDays, x, '2026-10-31'),
    (x) => FormKind.parse(x), (x) => formKinds(x),
    (x) => buildForm(x, stream, dir, '2026-10-01', '2026-10-31'), (x) => buildForm(ledger, x, dir, '2026-10-01', '2026-10-31'),
    (x) => buildForm(ledger, stream, x, '2026-10-01', '2026-10-31'), (x) => buildForm(ledger, stream, dir, x, '2026-10-31'),
    (x) => buildForm(ledger, stream, dir, '2026-10-01', x),
  ];
  let thrown = 0;
  for (const call of calls) {
    for (const x of odd) {
      try {
        call(x);
      } catch (e) {
        thrown += 1;
        assert.ok(e instanceof Error, `${call} with ${String(x)} threw ${typeof e}`);
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `${call} with ${String(x)} trapped: ${e.message}`);
        if (!(e instanceof TypeError)) assert.equal(typeof e.code, 'string', `${call} with ${String(x)}: ${e}`);
      }
    }
  }
  assert.ok(thrown > 0);
  // The module still answers.
  assert.equal(china.addWorkingDays('2026-09-30', 1), '2026-10-08');
  assert.equal(new Rules().feedbackDeadline('2026-09-30T16:20+08:00').due_date, '2026-10-13');
  assert.equal(dir.route(request).lead, 'tax');
  assert.equal(dir.routeMany([request])[0].lead, 'tax');
  assert.equal(lib.instantAnswer('咨询', consultation).reason, 'clear_match');
  const signed = { v: 1, demand: 'D-1', type: 'signed', at: '2026-09-30T17:00+08:00', unit: 'state_grid' };
  assert.equal(state.apply(rules, signed).rounds[0].signed_at, '2026-09-30T17:00:00+08:00');
  assert.equal(replayer.finish().counts.lines, odd.filter((x) => typeof x === 'string').length);
  assert.equal(rules.notification(stream, '2026-10').policy, 'seed');
  assert.equal(board.colour('state_grid', '2026-10-14T00:00+08:00'), 'yellow');
  assert.equal(periodLabelZh(period), '2026年第4季度');
  assert.equal(collectionShortfalls(register, collection, '2026-10-12', '2026-10-18').rows[0].consulted, 1);
  assert.equal(fieldDayShortfalls(leaders, fieldDays, '2026-10-01', '2026-10-31').rows[0].short, false);
  assert.equal(buildForm(ledger, stream, dir, '2026-09-01', '2026-09-30').rows[0].cells[3], '国网滕州市供电公司');
});

/** The `TypeError` that `fn` throws (it must throw one). */
function typeErrorOf(fn) {
  let error;
  assert.throws(fn, (e) => { error = e; return e instanceof TypeError; }, String(fn));
  return error;
}

test('issue 13 §2: a bad day count is a TypeError, never coerced to a number', () => {
  const r = new Rules();
  for (const n of [null, undefined, '', '3', [], [3], false, true, {}, 3n, new Int32Array([3])]) {
    const e = typeErrorOf(() => china.addWorkingDays('2026-09-30', n));
    assert.match(e.message, /^n must be an integer number, got (null|undefined|string|array|boolean|object|bigint)$/);
    typeErrorOf(() => r.deadline(START, n));
    typeErrorOf(() => china.arrangement(n));
    typeErrorOf(() => Calendar.fromOverrides(n, 2030, []));
  }
  for (const n of [1.5, -0.5, Number.NaN, Infinity]) {
    assert.match(typeErrorOf(() => china.addWorkingDays('2026-09-30', n)).message, /^n must be an integer, got/);
    typeErrorOf(() => r.deadline(START, n));
  }
  // Batches: one count, or one per date, each an integer; the element is named.
  for (const n of [null, '5', true, {}]) typeErrorOf(() => china.addWorkingDaysMany(['2026-09-30'], n));
  let e = typeErrorOf(() => china.addWorkingDaysMany(['2026-09-30', '2026-10-08'], [1, 1.5]));
  assert.equal(e.message, 'n[1] must be an integer, got 1.5');
  assert.deepStrictEqual([e.row, e.value], [1, '1.5']);
  e = typeErrorOf(() => china.addWorkingDaysMany(['2026-09-30', '2026-10-08'], [1, null]));
  assert.deepStrictEqual([e.message, e.row, e.value], ['n[1] must be a number, got null', 1, 'null']);
  typeErrorOf(() => china.addWorkingDaysMany(['2026-09-30'], [[3]]));
  typeErrorOf(() => china.addWorkingDaysMany(['2026-09-30'], ['3']));
  typeErrorOf(() => china.addWorkingDaysDays(Int32Array.of(20726), Float64Array.of(2.5)));
  // Day numbers: an Int32Array is whole by construction; a fraction from a Float64Array or an
  // Array is rejected, not truncated (it was: 20726.9 read as 20726).
  e = typeErrorOf(() => china.addWorkingDaysDays(Float64Array.of(20726, 20726.9), 1));
  assert.equal(e.message, 'days[1] must be a day number (an Int32 integer), got 20726.9');
  assert.deepStrictEqual([e.row, e.value], [1, '20726.9']);
  typeErrorOf(() => china.addWorkingDaysDays([20726.5], 1));
  typeErrorOf(() => china.addWorkingDaysDays([Number.NaN], 1));
  typeErrorOf(() => china.addWorkingDaysDays([2 ** 31], 1));
  typeErrorOf(() => china.addWorkingDaysDays(['20726'], 1));
  typeErrorOf(() => china.addWorkingDaysDays([20726, , 20727], 1)); // eslint-disable-line no-sparse-arrays
  typeErrorOf(() => china.addWorkingDaysDays([20726, undefined], 1));
  typeErrorOf(() => china.addWorkingDaysDays(new BigInt64Array(1), 1));
  typeErrorOf(() => china.addWorkingDaysDays(new DataView(new ArrayBuffer(8)), 1));
  // Every other typed array of whole numbers reads as it should.
  for (const T of [Int32Array, Float64Array, Float32Array, Uint32Array, Int16Array]) {
    assert.deepStrictEqual(china.addWorkingDaysDays(T.of(20726), T.of(1)), Int32Array.of(20734), T.name);
  }
  // And the good calls still answer.
  assert.equal(china.addWorkingDays('2026-09-30', 1), '2026-10-08');
  assert.equal(china.addWorkingDays('2026-09-30', -0), '2026-09-30');
});

test('issue 13 §6: wrong arguments to batches are clear TypeErrors, not the engine\'s messages', () => {
  const r = new Rules();
  const leaks = /Cannot read|null pointer|unreachable|is not a function|undefined \(reading/;
  const calls = [
    ...['feedbackDues', 'redoDues', 'feedbackDuesIso', 'redoDuesIso'].map((m) => (x) => r[m](x)),
    (x) => china.addWorkingDaysDays(x, 1),
    (x) => china.addWorkingDaysMany(x, 1), (x) => china.isWorkingDayMany(x),
    (x) => isOnTimeMany(x, []), (x) => isOnTimeMany([], x),
  ];
  for (const call of calls) {
    for (const x of [null, undefined, 1, 'x', {}, true, 1n]) {
      const e = typeErrorOf(() => call(x));
      assert.match(e.message, /^[a-z]+ must be /, `${call} with ${String(x)}`);
      assert.doesNotMatch(e.message, leaks);
    }
  }
  assert.equal(typeErrorOf(() => r.feedbackDues(null)).message,
    'starts must be a Float64Array or an array of numbers, got null');
  // The options of a batch: `errors` is "raise" or "coerce", nothing else, no other key.
  for (const options of [{ errors: 'ignore' }, { errors: true }, { errs: 'coerce' }, 'coerce', ['coerce'], 1]) {
    typeErrorOf(() => r.feedbackDues([0], options));
  }
  assert.ok(r.feedbackDues(Float64Array.of(Date.parse('2026-09-30T10:00+08:00')), { errors: 'raise' }) instanceof Float64Array);
  assert.ok(r.feedbackDues([], {}) instanceof Float64Array);
});

test('issue 13 §5: a batch error names its row (index) and value', () => {
  const r = new Rules();
  const rowOf = (fn, code) => { const e = assertThrowsCode(fn, code); return [e.row, e.value]; };
  assert.deepStrictEqual(rowOf(() => china.addWorkingDaysMany(['2026-03-02', '2026-02-30'], 1), 'invalid_date'),
    [1, '2026-02-30']);
  const e = assertThrowsCode(() => china.addWorkingDaysMany(['2026-03-02', '2026-12-28'], 5), 'calendar_out_of_range');
  assert.deepStrictEqual([e.row, e.value, e.name, e.module], [1, '2026-12-28', 'CalendarError', 'calendar']);
  assert.match(e.message, /^row 1 \(2026-12-28\): /);
  assert.deepStrictEqual(rowOf(() => china.addWorkingDaysMany(['2026-03-02', '2026-03-03'], [1, -1]),
    'calendar_invalid_day_count'), [1, '-1']);
  assert.deepStrictEqual(rowOf(() => china.addWorkingDaysMany(['2026-03-02', null], 1), 'invalid_date'), [1, 'null']);
  assert.deepStrictEqual(rowOf(() => china.addWorkingDaysDays(Int32Array.of(20514, 20815), 5), 'calendar_out_of_range'),
    [1, '2026-12-28']);
  assert.deepStrictEqual(rowOf(() => china.isWorkingDayMany(['2026-03-02', '2030-01-01']), 'calendar_out_of_range'),
    [1, '2030-01-01']);
  const ok = Date.parse('2026-03-02T10:00+08:00');
  assert.deepStrictEqual(rowOf(() => r.feedbackDues(Float64Array.of(ok, Date.parse('2026-12-30T10:00+08:00'))),
    'calendar_out_of_range'), [1, '2026-12-30T10:00:00+08:00']);
  assert.deepStrictEqual(rowOf(() => r.redoDues(Float64Array.of(ok, ok, Number.NaN)), 'invalid_instant'), [2, 'NaN']);
  assert.deepStrictEqual(rowOf(() => r.feedbackDues([ok, new Date('soon')]), 'invalid_instant'), [1, 'NaN']);
  assert.deepStrictEqual(rowOf(() => r.feedbackDuesIso(['2026-03-02T10:00', 'soon']), 'invalid_instant'), [1, 'soon']);
  assert.deepStrictEqual(rowOf(() => r.redoDuesIso(['2026-03-02T10:00', null]), 'invalid_instant'), [1, 'null']);
  assert.deepStrictEqual(rowOf(() => r.feedbackDuesIso([new Date('soon')]), 'invalid_instant'), [0, 'Invalid Date']);
  assert.deepStrictEqual(rowOf(() => isOnTimeMany(['2026-10-14T00:00', 'x'], Float64Array.of(ok, ok)), 'invalid_instant'),
    [1, 'x']);
  // An error of the whole batch has no row.
  const whole = assertThrowsCode(() => china.addWorkingDaysMany(['2026-03-02'], [1, 2]), 'calendar_batch_length_mismatch');
  assert.deepStrictEqual([whole.row, whole.value], [undefined, undefined]);
  assert.equal(assertThrowsCode(() => china.addWorkingDays('2026-12-28', 5), 'calendar_out_of_range').row, undefined);
});

test('issue 13 §6: calendar_invalid_years names the supported window', () => {
  for (const [a, b] of [[2031, 2030], [1800, 2030], [2030, 2300]]) {
    const e = assertThrowsCode(() => Calendar.fromOverrides(a, b, []), 'calendar_invalid_years');
    assert.match(e.message, /1900.2199/);
  }
});
