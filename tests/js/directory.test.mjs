// Every case of fixtures/vectors/directory/ through the JS API (fixtures/README.md, directory ops),
// and Directory on the sample city's dispatch directory (fixtures/city/directory.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Category, Directory, RouteRequest } from './jiesu.mjs';
import {
  vectorTests, loadVectors, runDirectoryCase, checkCase, assertThrowsCode, cityText,
} from './vectors.mjs';

vectorTests(test, 'directory');

test('vectors: a route request as JSON text gives what the plain object gives', () => {
  const { cases } = loadVectors('directory');
  const routes = cases.filter((c) => c.op === 'route');
  assert.ok(routes.length > 0);
  for (const c of routes) checkCase((x) => runDirectoryCase(x, { asText: true }), c);
});

const city = Directory.fromJson(cityText('directory.json'));
const cityJson = JSON.parse(cityText('directory.json'));

test('city directory: name, version, units(), topics(), rules() in the serde shape', () => {
  assert.equal(city.name, cityJson.name);
  assert.equal(city.version, cityJson.version);
  assert.deepStrictEqual(city.units(), cityJson.units.map((u) => ({ group: null, ...u })));
  assert.deepStrictEqual(city.topics(), cityJson.topics);
  const rules = city.rules();
  assert.equal(rules.length, cityJson.rules.length);
  rules.forEach((r, i) => {
    const given = cityJson.rules[i];
    assert.deepStrictEqual(r, {
      category: null, territory: null, co_units: [], priority: 0, territory_assists: false, ...given,
    });
    assert.deepStrictEqual(city.rule(given.id), r);
  });
});

test('city directory: unit(id), rule(id), center(), government()', () => {
  assert.deepStrictEqual(city.unit('kaifaqu'), cityJson.units.find((u) => u.id === 'kaifaqu'));
  assert.equal(city.unit('nowhere'), null);
  assert.equal(city.rule('no-such-rule'), null);
  assert.equal(city.center().kind, 'center');
  assert.equal(city.government().kind, 'government');
  assert.equal(city.units().filter((u) => u.kind === 'center').length, 1);
  assert.throws(() => city.unit(1), TypeError);
  assert.throws(() => city.rule(undefined), TypeError);
  const bare = Directory.fromJson(JSON.stringify({ ...cityJson, name: undefined, version: undefined }));
  assert.equal(bare.name, null);
  assert.equal(bare.version, null);
});

const LAND_APPROVAL = { category: 'help', topics: ['project_approval', 'land_use'], territory: 'guanqiao_zhen', level: 'center' };

test('city directory: route a multi-unit demand up the ladder', () => {
  const center = city.route(LAND_APPROVAL);
  assert.equal(center.outcome, 'routed');
  assert.equal(center.lead, 'natural_resources');
  assert.equal(center.lead_rule, 'land-use');
  assert.equal(center.lead_reason, 'highest_priority');
  assert.ok(center.co_units.length >= 2 && !center.co_units.includes(center.lead));
  assert.ok(center.co_units.includes('guanqiao_zhen'), 'territory_assists');
  assert.equal(center.next_level, 'government');
  assert.deepStrictEqual(Object.keys(center), ['level', 'outcome', 'lead', 'lead_rule', 'lead_reason',
    'co_units', 'matched', 'unmatched_topics', 'next_level']);
  const territory = city.route({ ...LAND_APPROVAL, level: 'territory' });
  assert.deepStrictEqual([territory.lead, territory.lead_reason, territory.next_level], ['guanqiao_zhen', 'territory', 'center']);
  const gov = city.route({ ...LAND_APPROVAL, level: 'government' });
  assert.deepStrictEqual([gov.lead, gov.lead_reason, gov.next_level], [city.government().id, 'government', null]);
  assert.deepStrictEqual(gov.co_units, city.units().map((u) => u.id)
    .filter((id) => id === center.lead || center.co_units.includes(id)));
  // No rule: manual, not a crash.
  const manual = city.route({ category: 'help', topics: ['other'], level: 'center' });
  assert.deepStrictEqual([manual.outcome, manual.lead, manual.co_units, manual.unmatched_topics], ['manual', null, [], ['other']]);
});

test('city directory: request forms — JSON text, a Category, topic order — route the same', () => {
  const route = city.route(LAND_APPROVAL);
  assert.deepStrictEqual(city.route(JSON.stringify(LAND_APPROVAL)), route);
  const category = Category.parse('求助类');
  assert.deepStrictEqual(city.route({ ...LAND_APPROVAL, category }), route);
  assert.equal(category.key, 'help', 'the Category stays usable');
  assert.deepStrictEqual(city.route({ ...LAND_APPROVAL, topics: ['land_use', 'project_approval', 'land_use'] }), route);
  assert.deepStrictEqual(city.route({ ...LAND_APPROVAL, territory: undefined }).lead, route.lead);
});

test('requests that are not requests are directory_invalid_request', () => {
  const bad = [
    undefined, null, 5, 'help', '{', [], {}, { ...LAND_APPROVAL, level: 'province' },
    { ...LAND_APPROVAL, category: 'inquiry' },
    { ...LAND_APPROVAL, topics: 'land_use' }, { ...LAND_APPROVAL, priority: 1 },
    { ...LAND_APPROVAL, level: 'territory', territory: null }, 1n, Symbol('s'), () => 1,
  ];
  const cyclic = { ...LAND_APPROVAL };
  cyclic.self = cyclic;
  for (const x of [...bad, cyclic]) {
    const e = assertThrowsCode(() => city.route(x), 'directory_invalid_request');
    assert.equal(e.name, 'DirectoryError');
  }
  // One vocabulary: a category by its Chinese label; a request without a level is at the center.
  assert.deepStrictEqual(city.route({ ...LAND_APPROVAL, category: '求助类' }), city.route(LAND_APPROVAL));
  assert.equal(city.route({ category: '投诉类', topics: ['tax'] }).level, 'center');
  assertThrowsCode(() => city.route({ ...LAND_APPROVAL, territory: 'nowhere' }), 'directory_unknown_unit');
  assertThrowsCode(() => city.route({ ...LAND_APPROVAL, territory: 'natural_resources' }), 'directory_not_territory');
});

test('fromJson: text only', () => {
  for (const x of [undefined, null, {}, cityJson, 1]) assert.throws(() => Directory.fromJson(x), TypeError);
});

test('RouteRequest: read from JSON text, accepted wherever a request is', () => {
  const r = RouteRequest.fromJson(JSON.stringify(LAND_APPROVAL));
  assert.ok(r.category instanceof Category);
  assert.equal(r.category.key, 'help');
  assert.deepStrictEqual(r.topics, LAND_APPROVAL.topics);
  assert.equal(r.territory, 'guanqiao_zhen');
  assert.equal(r.level, 'center');
  assert.deepStrictEqual(r.toJSON(), LAND_APPROVAL);
  assert.equal(JSON.stringify(r), JSON.stringify(LAND_APPROVAL));
  assert.deepStrictEqual(city.route(r), city.route(LAND_APPROVAL));
  assert.equal(r.level, 'center', 'the RouteRequest stays usable');
  const bare = RouteRequest.fromJson('{"category": "complaint", "level": "government"}');
  assert.deepStrictEqual(bare.toJSON(), { category: 'complaint', topics: [], territory: null, level: 'government' });
  assert.equal(bare.territory, null);
  assertThrowsCode(() => RouteRequest.fromJson('["help", ["tax"], null, "center"]'), 'directory_invalid_request');
  assertThrowsCode(() => RouteRequest.fromJson('{"category": "help", "level": "province"}'), 'directory_invalid_request');
  assert.throws(() => RouteRequest.fromJson(LAND_APPROVAL), TypeError);
});

test('routeMany (issue 13 §10): each request routed as route() routes it, in order', () => {
  const requests = [
    { category: 'help', topics: ['tax'], territory: 'kaifaqu', level: 'center' },
    { category: '投诉类', topics: ['power_supply'], territory: 'kaifaqu' },
    JSON.stringify({ category: 'suggestion', topics: ['nothing_known'], level: 'center' }),
    RouteRequest.fromJson('{"category": "help", "topics": ["tax"], "level": "government"}'),
  ];
  const routes = city.routeMany(requests);
  assert.equal(routes.length, requests.length);
  requests.forEach((r, i) => assert.deepStrictEqual(routes[i], city.route(r), `request ${i}`));
  assert.equal(routes[0].lead, 'tax');
  assert.deepStrictEqual(city.routeMany([]), []);
  // The first failing request throws its own error, naming its row and value.
  let e = assertThrowsCode(() => city.routeMany([requests[0], { category: 'help', level: 'province' }]),
    'directory_invalid_request');
  assert.deepStrictEqual([e.row, e.name], [1, 'DirectoryError']);
  assert.match(e.value, /province/);
  e = assertThrowsCode(() => city.routeMany([requests[0], requests[0], { category: 'help', topics: ['tax'], territory: 'tax', level: 'territory' }]),
    'directory_not_territory');
  assert.equal(e.row, 2);
  assert.match(e.message, /^row 2 \(\{/);
  assert.equal(assertThrowsCode(() => city.routeMany([{ category: 'praise', level: 'center' }]), 'directory_invalid_request').row, 0);
  assert.throws(() => city.routeMany(requests[0]), TypeError);
  // errors: "coerce": every request answered, null and a code for a failed one.
  const out = city.routeMany([requests[0], { category: 'help', level: 'province' }, undefined, requests[1]],
    { errors: 'coerce' });
  assert.deepStrictEqual(out.result, [routes[0], null, null, routes[1]]);
  assert.deepStrictEqual(out.codes, [null, 'directory_invalid_request', 'directory_invalid_request', null]);
});
