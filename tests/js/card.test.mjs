// Cards (督办亮牌 红黄绿, rules §6) through the JS API: rules.cards (a StreamResult or its derived
// events), CardBoard (history / colour / board / units / events / toJSON), the golden vectors of
// fixtures/vectors/card/, CardError, and the web builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  Policy, Rules, Directory, CardBoard, StreamResult, PKG_WEB_DIR,
} from './jiesu.mjs';
import { vectorTests, assertThrowsCode, cityText } from './vectors.mjs';

vectorTests(test, 'card');

const ev = (demand, type, at, fields = {}) => ({ v: 1, demand, type, at, ...fields });
const received = (demand, at) => ev(demand, 'received', at, {
  category: 'help', topics: ['tax'], territory: 'longquan_jd', enterprise: `滕州${demand}企业`, text: '办税事项',
});
const dispatched = (demand, at, lead = 'tax') => ev(demand, 'dispatched', at, { lead, co_units: [], rule: 'tax' });
const jsonl = (events) => events.map((e) => JSON.stringify(e)).join('\n');

/**
 * March 2026 has no holiday. A dispatched Mon 03-02 10:00: wd 03-03, 03-04, 03-05, 03-06, 03-09
 * → ends 03-10T00:00, missed → notice + yellow. B dispatched Tue 03-03 10:00 → ends 03-11T00:00,
 * missed → notice + yellow, the second in a row → red + deputy interview (consuming the yellow
 * streak). C dispatched Wed 03-04 10:00 (ends 03-12T00:00), replied on time 03-11 15:00: under
 * `consecutive = events` the on-time reply clears both streaks.
 */
const MARCH = [
  received('A', '2026-03-02T09:00+08:00'), dispatched('A', '2026-03-02T10:00+08:00'),
  received('B', '2026-03-03T09:00+08:00'), dispatched('B', '2026-03-03T10:00+08:00'),
  received('C', '2026-03-04T09:00+08:00'), dispatched('C', '2026-03-04T10:00+08:00'),
  ev('C', 'replied', '2026-03-11T15:00+08:00', { unit: 'tax', resolved: true, contacted: true, method: '电话答复' }),
];
const END = '2026-03-12T12:00+08:00';
const cause = (demand, due) => ({ demand, round: 1, round_kind: 'first', limit: 'feedback', due });
const A = cause('A', '2026-03-10T00:00:00+08:00');
const B = cause('B', '2026-03-11T00:00:00+08:00');

test('a unit carded twice in a row: yellow, red and the deputy interview, cleared by an on-time reply', () => {
  const rules = new Rules();
  const result = rules.replayStream(jsonl(MARCH), { at: END });
  const board = rules.cards(result);
  assert.ok(board instanceof CardBoard);
  assert.deepStrictEqual(board.units, ['tax']);
  const at10 = '2026-03-10T00:00:00+08:00';
  const at11 = '2026-03-11T00:00:00+08:00';
  assert.deepStrictEqual(board.history('tax'), [
    { kind: 'notice', at: at10, unit: 'tax', causes: [A] },
    { kind: 'yellow', at: at10, unit: 'tax', causes: [A] },
    { kind: 'notice', at: at11, unit: 'tax', causes: [B] },
    { kind: 'yellow', at: at11, unit: 'tax', causes: [B] },
    { kind: 'red', at: at11, unit: 'tax', causes: [A, B] },
    { kind: 'deputy_interview', at: at11, unit: 'tax', causes: [A, B] },
  ]);
  const colours = ['2026-03-09T23:59:59+08:00', at10, '2026-03-10T23:59+08:00', at11, '2026-03-11T14:59+08:00',
    '2026-03-11T15:00+08:00', END].map((t) => board.colour('tax', t));
  assert.deepStrictEqual(colours, ['green', 'yellow', 'yellow', 'red', 'red', 'green', 'green']);
  // Any offset in: 2026-03-10T16:00Z is 03-11 00:00 in +08:00.
  assert.equal(board.colour('tax', '2026-03-10T16:00:00Z'), 'red');
  // A unit never carded, without a directory: green, no history.
  assert.equal(board.colour('approval', END), 'green');
  assert.deepStrictEqual(board.history('approval'), []);

  const [row] = board.board('2026-03-11T12:00+08:00');
  assert.deepStrictEqual(row, {
    unit: 'tax', name: null, colour: 'red', yellow_streak: 0, red_streak: 1, notices: 2, yellow_cards: 2,
    red_cards: 1, deputy_interviews: 1, principal_interviews: 0,
    latest: { kind: 'deputy_interview', at: at11, unit: 'tax', causes: [A, B] },
  });
  const [early] = board.board('2026-03-10T12:00+08:00');
  assert.deepStrictEqual([early.colour, early.yellow_streak, early.notices, early.latest.kind], ['yellow', 1, 1, 'yellow']);
  const [later] = board.board(END);
  assert.deepStrictEqual([later.colour, later.red_streak, later.red_cards], ['green', 0, 1]);
  assert.equal(board.board('2026-03-01T00:00+08:00')[0].latest, null);

  // events(): every unit's history by instant, then unit; toJSON is {units, events}.
  assert.deepStrictEqual(board.events(), board.history('tax'));
  assert.deepStrictEqual(board.toJSON(), { units: ['tax'], events: board.events() });
  assert.deepStrictEqual(JSON.parse(JSON.stringify(board)), board.toJSON());
  // The result stays usable (rules.cards takes it without consuming it).
  assert.ok(result instanceof StreamResult);
  assert.equal(result.counts.demands, 3);
});

test('cards(result) = cards(result.derived), in any order of instants, from JSON, flags ignored', () => {
  const rules = new Rules();
  const result = rules.replayStream(jsonl(MARCH), { at: END });
  const expected = rules.cards(result).toJSON();
  const derived = result.derived;
  assert.deepStrictEqual(rules.cards(derived).toJSON(), expected);
  // The core takes them by instant, stably: events of one instant keep their order (the notice
  // before its yellow card), instants may come in any order.
  const byInstant = new Map();
  for (const d of derived) byInstant.set(d.at, [...(byInstant.get(d.at) ?? []), d]);
  assert.deepStrictEqual(rules.cards([...byInstant.values()].reverse().flat()).toJSON(), expected);
  assert.deepStrictEqual(rules.cards(JSON.parse(JSON.stringify(derived))).toJSON(), expected);
  const flag = { type: 'flag', kind: 'buck_passing', at: '2026-03-05T10:00:00+08:00', demand: 'A', unit: 'tax', round: 1 };
  assert.deepStrictEqual(rules.cards([flag, ...derived]).toJSON(), expected);
  // Only the notices and on-time replies matter: without C's reply tax stays red.
  const noReply = derived.filter((d) => d.type !== 'reply');
  assert.equal(rules.cards(noReply).colour('tax', END), 'red');
  assert.deepStrictEqual(rules.cards([]).toJSON(), { units: [], events: [] });
  // A derived event that does not read is the demand module's event_invalid (as in Python),
  // naming the first bad item; a value that is not an array of them is a TypeError.
  const bad = assertThrowsCode(() => rules.cards([derived[0], { ...derived[1], kind: 'red_card' }]), 'event_invalid');
  assert.equal(bad.name, 'DemandError');
  assert.match(bad.message, /derived event \[1\]/);
  assertThrowsCode(() => rules.cards([{ ...derived[0], at: 'noon' }]), 'event_invalid');
  assertThrowsCode(() => rules.cards([{ type: 'card' }]), 'event_invalid');
  assertThrowsCode(() => rules.cards([1n]), 'event_invalid');
  for (const notArray of [undefined, null, {}, 'x', 1, derived[0]]) assert.throws(() => rules.cards(notArray), TypeError);
});

test('the policy decides: consecutive = periods, reset_yearly; the same stream, another board', () => {
  const periods = new Rules(undefined, Policy.fromJson('{"name": "periods", "consecutive": "periods"}'));
  const result = periods.replayStream(jsonl(MARCH), { at: END });
  const board = periods.cards(result);
  // Two yellows in the same month count once: no red.
  assert.deepStrictEqual(board.history('tax').map((h) => h.kind), ['notice', 'yellow', 'notice', 'yellow']);
  // An on-time reply clears nothing under periods.
  assert.equal(board.colour('tax', END), 'yellow');
  const [row] = board.board(END);
  assert.deepStrictEqual([row.yellow_streak, row.yellow_cards, row.red_cards], [1, 2, 0]);
  // A month without a yellow breaks the streak: green from May.
  assert.equal(board.colour('tax', '2026-04-30T23:59+08:00'), 'yellow');
  assert.equal(board.colour('tax', '2026-05-01T00:00+08:00'), 'green');
  // The seed rules on the same result: the events reading.
  assert.equal(new Rules().cards(result).history('tax').length, 6);
  // reset_yearly: the streaks restart on 1 January (green in 2027 under seed, yellow without).
  const noReset = new Rules(undefined, Policy.fromJson('{"name": "keep", "reset_yearly": false}'));
  const one = new Rules().replayStream(jsonl(MARCH.slice(0, 2)), { at: END });
  assert.equal(new Rules().cards(one).colour('tax', '2027-01-01T00:00+08:00'), 'green');
  assert.equal(noReset.cards(one).colour('tax', '2027-01-01T00:00+08:00'), 'yellow');
});

test('with the city directory: the handling units listed with names, card_unknown_unit', () => {
  const dir = Directory.fromJson(cityText('directory.json'));
  const rules = new Rules(undefined, undefined, dir);
  const result = rules.replayStream(jsonl(MARCH), { at: END });
  assert.equal(result.counts.rejected, 0);
  const board = rules.cards(result);
  const handling = dir.units()
    .filter((u) => ['territory', 'development_zone', 'department', 'stationed_unit'].includes(u.kind))
    .map((u) => u.id);
  assert.deepStrictEqual(board.units, handling);
  const rows = board.board(END);
  assert.deepStrictEqual(rows.map((r) => r.unit), handling);
  const tax = rows.find((r) => r.unit === 'tax');
  assert.equal(tax.name, dir.unit('tax').name);
  assert.ok(rows.filter((r) => r.unit !== 'tax').every((r) => r.colour === 'green' && r.latest === null
    && r.yellow_cards === 0 && r.name === dir.unit(r.unit).name));
  // A known unit that is not listed (the center) is green; an unknown one is an error.
  assert.equal(board.colour('center', END), 'green');
  assert.deepStrictEqual(board.history('center'), []);
  for (const call of [() => board.colour('weather_bureau', END), () => board.history('weather_bureau')]) {
    const e = assertThrowsCode(call, 'card_unknown_unit');
    assert.equal(e.name, 'CardError');
    assert.equal(e.module, 'card');
    assert.match(e.message, /weather_bureau/);
  }
  // The same board from the derived events, with the rules' directory.
  assert.deepStrictEqual(rules.cards(result.derived).toJSON(), board.toJSON());
});

test('the sample year: every red follows two yellows, colours are the three keys, board = units', () => {
  const dir = Directory.fromJson(cityText('directory.json'));
  const rules = new Rules(undefined, undefined, dir);
  const result = rules.replayStream(cityText('year-2026.jsonl'));
  const board = rules.cards(result);
  const events = board.events();
  assert.ok(events.length > 100, `${events.length} card events`);
  for (let i = 1; i < events.length; i += 1) {
    const [a, b] = [events[i - 1], events[i]];
    assert.ok(Date.parse(a.at) < Date.parse(b.at) || (a.at === b.at && a.unit <= b.unit), 'by instant, then unit');
  }
  for (const unit of board.units) {
    const history = board.history(unit);
    let yellows = 0;
    let reds = 0;
    let year = null;
    for (const h of history) {
      // The seed resets the streaks on 1 January; the sample is one year.
      if (year !== null) assert.equal(h.at.slice(0, 4), year);
      year = h.at.slice(0, 4);
      assert.ok(h.causes.length >= 1);
      if (h.kind === 'yellow') yellows += 1;
      if (h.kind === 'red') {
        assert.ok(yellows >= 2 * (reds + 1), `${unit}: a red card without two yellows before it`);
        assert.equal(h.causes.length, 2);
        reds += 1;
      }
    }
    assert.equal(history.filter((h) => h.kind === 'deputy_interview').length, reds);
  }
  for (const at of ['2026-03-31T12:00+08:00', '2026-07-01T00:00+08:00', result.at]) {
    const rows = board.board(at);
    assert.deepStrictEqual(rows.map((r) => r.unit), board.units);
    for (const r of rows) {
      assert.equal(r.colour, board.colour(r.unit, at));
      assert.equal(r.colour, r.red_streak > 0 ? 'red' : r.yellow_streak > 0 ? 'yellow' : 'green');
      assert.ok(r.yellow_cards >= 2 * r.red_cards && r.notices === r.yellow_cards);
    }
  }
});

test('pkg-web has the cards; the slim pkg-web-deadlines has none', async () => {
  const web = await import(pathToFileURL(path.join(PKG_WEB_DIR, 'jiesu.js')).href);
  await web.default({ module_or_path: await readFile(path.join(PKG_WEB_DIR, 'jiesu_bg.wasm')) });
  const rules = new web.Rules();
  const board = rules.cards(rules.replayStream(jsonl(MARCH), { at: END }));
  assert.equal(board.colour('tax', '2026-03-11T12:00+08:00'), 'red');
  assert.throws(() => web.Period.parse('2026-13'), (e) => e instanceof Error && e.name === 'EvaluationError'
    && e.code === 'evaluation_invalid_period');
  const dir = path.join(PKG_WEB_DIR, '..', 'pkg-web-deadlines');
  const slim = await import(pathToFileURL(path.join(dir, 'jiesu.js')).href);
  await slim.default({ module_or_path: await readFile(path.join(dir, 'jiesu_bg.wasm')) });
  assert.equal(slim.CardBoard, undefined);
  assert.equal(slim.Period, undefined);
  const slimRules = new slim.Rules();
  for (const m of ['cards', 'evaluate', 'notification', 'annualEvaluation', 'compare', 'withPolicy']) {
    assert.equal(slimRules[m], undefined, m);
  }
});
