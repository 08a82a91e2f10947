// Every case of fixtures/vectors/policy_library/ through the JS API (fixtures/README.md, policy
// library ops), and PolicyLibrary on the sample city's library (fixtures/city/policy_library.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Category, Consultation, PolicyLibrary } from './jiesu.mjs';
import {
  vectorTests, loadVectors, runPolicyLibraryCase, checkCase, assertThrowsCode, cityText,
} from './vectors.mjs';

vectorTests(test, 'policy_library');

test('vectors: a consultation as JSON text gives what the plain object gives', () => {
  const { cases } = loadVectors('policy_library');
  const inputs = cases.filter((c) => c.op !== 'load');
  assert.ok(inputs.length > 0);
  for (const c of inputs) checkCase((x) => runPolicyLibraryCase(x, { asText: true }), c);
});

const city = PolicyLibrary.fromJson(cityText('policy_library.json'));
const cityJson = JSON.parse(cityText('policy_library.json'));

test('city library: name, version, entries() and entry(id) in the serde shape', () => {
  assert.equal(city.name, cityJson.name);
  assert.equal(city.version, cityJson.version);
  const entries = city.entries();
  assert.equal(entries.length, cityJson.entries.length);
  entries.forEach((e, i) => {
    const given = cityJson.entries[i];
    // Absent optional fields come back as null (source: left out when absent).
    assert.deepStrictEqual(e, { topics: [], keywords: [], valid_from: null, valid_to: null, ...given });
    assert.deepStrictEqual(city.entry(given.id), e);
  });
  assert.equal(city.entry('no-such-entry'), null);
  const bare = PolicyLibrary.fromJson('{"entries": []}');
  assert.equal(bare.name, null);
  assert.equal(bare.version, null);
  assert.deepStrictEqual(bare.entries(), []);
});

test('city library: inForce(date) keeps the entries in force, both ends inclusive', () => {
  const ids = (date) => city.inForce(date).map((e) => e.id);
  assert.ok(ids('2022-12-31').includes('tax-small-scale-vat-2022'));
  assert.ok(!ids('2023-01-01').includes('tax-small-scale-vat-2022'));
  assert.ok(ids('2023-01-01').includes('tax-small-scale-vat-1pct'));
  assert.ok(!ids('2026-06-30').includes('industry-digital-transformation'));
  assert.ok(ids('2026-07-01').includes('industry-digital-transformation'));
  // Every entry in force is one of entries(), in the order given.
  const all = city.entries().map((e) => e.id);
  const some = ids('2026-03-02');
  assert.deepStrictEqual(some, all.filter((id) => some.includes(id)));
  assertThrowsCode(() => city.inForce('2026-02-30'), 'invalid_date');
  assert.throws(() => city.inForce(new Date()), TypeError);
});

test('city library: matchConsultation ranks with the reason for every point', () => {
  const c = { topics: ['tech_innovation'], text: '研发费用怎么加计扣除?', date: '2026-03-02' };
  const m = city.matchConsultation(c);
  assert.equal(m[0].id, 'tax-rd-super-deduction');
  assert.equal(m[0].score, 10 + 4 + 4);
  assert.deepStrictEqual(m[0].hits, [
    { kind: 'topic', value: 'tech_innovation', points: 10 },
    { kind: 'keyword', value: '研发费用', points: 4 },
    { kind: 'keyword', value: '加计扣除', points: 4 },
  ]);
  for (let i = 1; i < m.length; i++) {
    assert.ok(m[i - 1].score > m[i].score || (m[i - 1].score === m[i].score && m[i - 1].id < m[i].id));
  }
  // JSON text, and fields left out or undefined (JSON.stringify drops them), read the same.
  assert.deepStrictEqual(city.matchConsultation(JSON.stringify(c)), m);
  assert.deepStrictEqual(city.matchConsultation({ ...c, extra: undefined }), m);
  assert.deepStrictEqual(city.matchConsultation({ date: '2026-03-02' }), []);
});

test('city library: instantAnswer takes a Category or its text', () => {
  const c = { topics: ['labour'], text: '新招员工多久内要办社保登记?', date: '2026-03-02' };
  const byText = city.instantAnswer('咨询类', c);
  assert.equal(byText.answered, true);
  assert.equal(byText.reason, 'clear_match');
  assert.equal(typeof byText.answer, 'string');
  assert.equal(byText.answer, city.entry(byText.entry).answer);
  const consultation = Category.parse('consultation');
  assert.deepStrictEqual(city.instantAnswer(consultation, c), byText);
  assert.equal(consultation.key, 'consultation', 'the Category stays usable');
  const help = city.instantAnswer(Category.parse('help'), c);
  assert.deepStrictEqual([help.answered, help.reason, help.entry, help.answer], [false, 'not_consultation', null, null]);
  assert.deepStrictEqual(help.matches, byText.matches);
  assertThrowsCode(() => city.instantAnswer('inquiry', c), 'category_unknown');
  for (const x of [undefined, null, 1, {}, ['help'], city]) {
    assert.throws(() => city.instantAnswer(x, c), TypeError, String(x));
  }
});

test('consultations that are not consultations are policy_library_invalid_consultation', () => {
  const bad = [
    undefined, null, 5, true, 'not json', '[]', [], {}, { date: '2026-02-30' }, { date: 20260302 },
    { topics: 'tax', date: '2026-03-02' }, { topics: [1], date: '2026-03-02' },
    { date: '2026-03-02', category: 'consultation' }, 1n, Symbol('s'), () => 1,
  ];
  const cyclic = { date: '2026-03-02' };
  cyclic.self = cyclic;
  for (const x of [...bad, cyclic]) {
    const e = assertThrowsCode(() => city.matchConsultation(x), 'policy_library_invalid_consultation');
    assert.equal(e.name, 'PolicyLibraryError');
    assertThrowsCode(() => city.instantAnswer('consultation', x), 'policy_library_invalid_consultation');
  }
  // A date may be an instant (a JS Date writes one): its China date is the intake date.
  assert.deepStrictEqual(
    city.matchConsultation({ topics: ['tax'], date: new Date('2026-03-01T16:30:00Z') }),
    city.matchConsultation({ topics: ['tax'], date: '2026-03-02' }));
  const e = assertThrowsCode(() => city.matchConsultation({ text: 'x', date: '2026-03-02', when: 1 }),
    'policy_library_invalid_consultation');
  assert.match(e.message, /when/);
});

test('fromJson: text only; entry(id) takes a string', () => {
  for (const x of [undefined, null, {}, cityJson, 1]) assert.throws(() => PolicyLibrary.fromJson(x), TypeError);
  assert.throws(() => city.entry(1), TypeError);
  assertThrowsCode(() => PolicyLibrary.fromJson('{"entries": [{"id": "x", "title": "t", "answer": "a"}]}'),
    'policy_library_unmatchable');
});

test('Consultation: built from parts or JSON text, accepted wherever a consultation is', () => {
  const c = new Consultation(['tech_innovation'], '研发费用怎么加计扣除?', '2026-03-02');
  assert.deepStrictEqual(c.topics, ['tech_innovation']);
  assert.equal(c.text, '研发费用怎么加计扣除?');
  assert.equal(c.date, '2026-03-02');
  const fields = { topics: ['tech_innovation'], text: '研发费用怎么加计扣除?', date: '2026-03-02' };
  assert.deepStrictEqual(c.toJSON(), fields);
  assert.equal(JSON.stringify(c), JSON.stringify(fields));
  assert.deepStrictEqual(Consultation.fromJson(JSON.stringify(fields)).toJSON(), fields);
  assert.deepStrictEqual(Consultation.fromJson('{"date": "2026-03-02"}').toJSON(), { topics: [], text: '', date: '2026-03-02' });
  assert.deepStrictEqual(city.matchConsultation(c), city.matchConsultation(fields));
  assert.deepStrictEqual(city.instantAnswer('consultation', c), city.instantAnswer('consultation', fields));
  assert.equal(c.date, '2026-03-02', 'the Consultation stays usable');
  assertThrowsCode(() => Consultation.fromJson('{"text": "x"}'), 'policy_library_invalid_consultation');
  assertThrowsCode(() => Consultation.fromJson('[["tax"], "x", "2026-03-02"]'), 'policy_library_invalid_consultation');
  assertThrowsCode(() => new Consultation([], '', '2026-02-30'), 'invalid_date');
  for (const args of [['tax', '', '2026-03-02'], [[1], '', '2026-03-02'], [[], 1, '2026-03-02'], [[], '', new Date()]]) {
    assert.throws(() => new Consultation(...args), TypeError, JSON.stringify(args));
  }
  assert.throws(() => Consultation.fromJson(fields), TypeError);
});

test('instantAnswerMany (issue 13 §10): each item decided as instantAnswer() decides it, in order', () => {
  const consultation = { topics: ['tax'], text: '留抵退税', date: '2026-03-02' };
  const items = [
    { category: 'consultation', consultation },
    { category: '咨询类', consultation: JSON.stringify(consultation) },
    { category: Category.parse('complaint'), consultation },
    { category: '咨询', consultation: new Consultation([], '今天天气', '2026-03-02') },
    { category: 'consultation', consultation: { ...consultation, date: new Date('2026-03-01T17:00:00Z') } },
  ];
  const decisions = city.instantAnswerMany(items);
  assert.equal(decisions.length, items.length);
  items.forEach((it, i) => assert.deepStrictEqual(decisions[i], city.instantAnswer(it.category, it.consultation), `item ${i}`));
  assert.deepStrictEqual(decisions.map((d) => d.reason).slice(0, 3), ['clear_match', 'clear_match', 'not_consultation']);
  assert.deepStrictEqual(decisions[4], decisions[0]);
  assert.deepStrictEqual(city.instantAnswerMany([]), []);
  // The first item that does not read throws its error, naming its row and value.
  let e = assertThrowsCode(() => city.instantAnswerMany([items[0], { category: '表扬', consultation }]), 'category_unknown');
  assert.deepStrictEqual([e.row, e.value], [1, '表扬']);
  e = assertThrowsCode(() => city.instantAnswerMany([items[0], items[0], { category: 'help', consultation: { date: '2026-02-30' } }]),
    'policy_library_invalid_consultation');
  assert.equal(e.row, 2);
  assert.match(e.value, /2026-02-30/);
  for (const bad of [null, 'consultation', [items[0]]]) assert.throws(() => city.instantAnswerMany([bad]), TypeError);
  assert.throws(() => city.instantAnswerMany([{ category: 1, consultation }]), TypeError);
  assert.throws(() => city.instantAnswerMany(items[0]), TypeError);
  // errors: "coerce".
  const out = city.instantAnswerMany([items[0], { category: 'x', consultation }, { category: 'help', consultation: {} }],
    { errors: 'coerce' });
  assert.deepStrictEqual(out, { result: [decisions[0], null, null], codes: [null, 'category_unknown', 'policy_library_invalid_consultation'] });
});
