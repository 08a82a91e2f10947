// Never a panic, never an error without a code: a seeded, deterministic random walk over the
// whole JS API. Every exported function, every constructor, static method, prototype method and
// getter of every exported class (found by reflection over the package's exports) is called with
// arbitrary arguments: date-like junk, full-width digits, BOMs, huge strings, NaN/±Infinity/-0/
// 2**53, null/undefined, booleans, arrays, nested and self-referential objects, a 10,000-deep
// nested array, Dates (an invalid one too), typed arrays, and the package's own objects. Every
// thrown value must be an `Error` with a non-empty string `.code`, never a
// `WebAssembly.RuntimeError` (a trap: a Rust panic) nor `internal`, and the shared instance must
// still answer at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import jiesu, {
  FIXTURES, Calendar, Policy, Rules, Category, PolicyLibrary, Consultation, Directory, RouteRequest,
  Event, Replayer, Period, Register, Leaders, CollectionLog, FieldDayLog, FormKind, buildForm,
} from './jiesu.mjs';
import { mulberry32 } from './random.mjs';

const SEEDS = [1, 2, 3, 4, 5, 20261001];
const CALLS_PER_SEED = 2000;
/** The package's objects are made afresh this often (a call may consume or break one). */
const FRESH_OBJECTS_EVERY = 250;
/** Not called: `free` (the boundary test covers it), the test-only panic, and the glue's own
 * hook that hands an object's memory over to Rust (it is how `free()` and by-value arguments
 * work; a caller never calls it). */
const NOT_CALLED = new Set(['free', '__panicForTest', '__destroy_into_raw']);

const text = (...p) => readFileSync(path.join(FIXTURES, ...p), 'utf8');
const SAMPLE = text('events', 'sample.jsonl');
const SAMPLE_LINES = SAMPLE.split('\n').filter(Boolean);

/** The package's objects, from the known-good fixtures: one factory per class. */
function fixtures() {
  const directory = Directory.fromJson(text('city', 'directory.json'));
  const rules = new Rules(undefined, undefined, directory);
  const stream = rules.replayStream(SAMPLE);
  const o = {
    Calendar: Calendar.china(),
    Policy: Policy.seed(),
    Rules: rules,
    Directory: directory,
    PolicyLibrary: PolicyLibrary.fromJson(text('city', 'policy_library.json')),
    Category: Category.parse('投诉类'),
    Consultation: new Consultation(['tax'], '研发费用能否加计扣除', '2026-10-08'),
    RouteRequest: RouteRequest.fromJson('{"category": "help", "topics": ["tax"], "level": "center"}'),
    Event: Event.fromJson(SAMPLE_LINES[0]),
    StreamResult: stream,
    DemandState: stream.states[0],
    Replayer: new Replayer(rules, false),
    CardBoard: rules.cards(stream),
    Period: Period.parse('2026-10'),
    Register: Register.fromJson(text('duties', 'register.json')),
    Leaders: Leaders.fromJson(text('duties', 'leaders.json')),
    CollectionLog: CollectionLog.fromJsonl(text('duties', 'collection.jsonl')),
    FieldDayLog: FieldDayLog.fromJsonl(text('duties', 'field_days.jsonl')),
    FormKind: FormKind.parse('ledger'),
    Form: buildForm('ledger', stream, directory, '2026-09-01', '2026-10-31'),
  };
  o.Replayer.pushLine(SAMPLE_LINES[0]);
  return o;
}

/** Every callable of the package: `{name, call(rng, args)}`; classes without a fixture fail. */
function callables(objects) {
  const out = [];
  for (const [name, value] of Object.entries(jiesu)) {
    if (typeof value !== 'function' || NOT_CALLED.has(name)) continue;
    if (!value.prototype || Reflect.ownKeys(value.prototype).length <= 1) {
      out.push({ name: `${name}()`, arity: value.length, call: (args) => value(...args) });
      continue;
    }
    out.push({ name: `new ${name}()`, arity: value.length, call: (args) => new value(...args) });
    for (const key of Reflect.ownKeys(value)) {
      if (['length', 'name', 'prototype', '__wrap', '__unwrap'].includes(key) || typeof value[key] !== 'function') continue;
      out.push({ name: `${name}.${String(key)}()`, arity: value[key].length, call: (args) => value[key](...args) });
    }
    assert.ok(name in objects, `no fixture object for class ${name}: add one to fixtures()`);
    for (const key of Reflect.ownKeys(value.prototype)) {
      const d = Object.getOwnPropertyDescriptor(value.prototype, key);
      const label = `${name}#${String(key)}`;
      if (key === 'constructor' || typeof key === 'symbol' || NOT_CALLED.has(key)) continue;
      if (d.get) out.push({ name: label, arity: 0, call: () => d.get.call(objects[name]) });
      else if (typeof d.value === 'function') {
        out.push({ name: `${label}()`, arity: d.value.length, call: (args) => d.value.apply(objects[name], args) });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- arbitrary values

let deep = [];
for (let i = 0; i < 10000; i += 1) deep = [deep];
let deepObject = {};
for (let i = 0; i < 10000; i += 1) deepObject = { v: deepObject };
const selfObject = { v: 1, type: 'received' };
selfObject.self = selfObject;
const selfArray = ['2026-09-30'];
selfArray.push(selfArray);
const HUGE = '2026-09-30,'.repeat(20000);
const throwingToString = { toString() { throw new Error('a toString of the caller throws'); } };
const throwingProxy = new Proxy([], { get() { throw new Error('a Proxy of the caller throws'); } });
const HUGE_LINE = `{"v":1,"text":"${'字'.repeat(200000)}"}`;

const STRINGS = [
  '', ' ', '2026-09-30', '2026-10-08', '2026-02-30', '2026-13-01', '2026-1-1', '0000-01-01', '9999-12-31',
  '+275760-09-13', '-2026-01-01', '2026-09-30T16:20+08:00', '2026-09-30T16:20', '2026-09-30 16:20',
  '2026-09-30T25:61+08:00', '2026-09-30T16:20Z', '2026-09-30T16:20:00.123456789+14:00', '1970-01-01T00:00Z',
  '２０２６-１０-０１', '２０２６－１０－０１', '\ufeff2026-10-01', '\ufeff', '2026-10-01\u0000', '\ud800',
  '2026\u200b-10-01', ' 2026-10-01 ', 'NaN', 'Infinity', 'null', 'undefined', 'true', '{}', '[]', '{"v":1}',
  '{"v":2}', '{"', '\n\n\n', 'a,b,c', ',', '2026', '2026-10', '2026-Q4', '2026-H2', '2026-W40', '2026年10月',
  'tax', 'ledger', 'collection', 'consultation', 'help', 'complaint', '咨询类', '投诉类', 'center', 'territory',
  'government', 'province', 'state_grid', 'kaifaqu', 'raise', 'coerce', 'weekends_only', 'error', 'L01', 'KFQ-01',
  'TZ-2026-0001', SAMPLE_LINES[0], SAMPLE_LINES[3], SAMPLE, 'date,kind,name\n2030-10-01,off,国庆节\n',
  '{"year": 2030, "days": []}', '{"name": "x", "beyond_coverage": "weekends_only"}', '{"entries": []}',
  '{"units": [], "topics": [], "rules": []}', HUGE, HUGE_LINE,
];
const NUMBERS = [
  0, -0, 1, -1, 5, 3, 10, 1.5, -0.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), 2 ** 31, -(2 ** 31),
  2 ** 31 - 1, 2 ** 32, 1e308, Number.MIN_VALUE, Number.EPSILON, 20726, 20726.9, 2026, 1900, 2199,
  Date.parse('2026-09-30T16:20+08:00'), 8.64e15, 8.64e15 + 1,
];
const KEYS = ['v', 'demand', 'type', 'at', 'category', 'topics', 'territory', 'level', 'date', 'text', 'errors',
  'strict', 'name', 'kind', 'lead', 'co_units', 'unit', 'id', 'entries', 'units', 'rules', 'days', 'year',
  'module_or_path', '__proto__', 'constructor', 'toJSON', 'length', '0'];

function pick(rng, list) {
  return list[Math.floor(rng() * list.length)];
}

/** An arbitrary JS value (`objects`: the package's objects, sometimes passed). */
function arbitrary(rng, objects, depth = 0) {
  const r = rng();
  if (r < 0.30) return pick(rng, STRINGS);
  if (r < 0.42) return pick(rng, NUMBERS);
  if (r < 0.45) return Math.floor(rng() * 4000) - 2000;
  if (r < 0.50) return pick(rng, [null, undefined, true, false, 0n, 2n ** 70n, Symbol('x'), () => 1]);
  if (r < 0.60) return objects[pick(rng, Object.keys(objects))];
  if (r < 0.64) {
    return pick(rng, [new Date(), new Date(NaN), new Date('2026-09-30T08:20:00Z'), new Date(8.64e15),
      new Date(-8.64e15)]);
  }
  if (r < 0.69) {
    return pick(rng, [
      Float64Array.of(Date.parse('2026-09-30T16:20+08:00'), NaN, Infinity, -0),
      Float64Array.of(20726, 20726.9), new Float64Array(0), Int32Array.of(20726, -1, 2 ** 31 - 1),
      Int32Array.of(5), Uint8Array.of(1, 2, 3), new BigInt64Array(2), new Float32Array(3),
      new DataView(new ArrayBuffer(8)), new ArrayBuffer(8),
    ]);
  }
  if (r < 0.72) return pick(rng, [deep, deepObject, selfObject, selfArray, [deep], { topics: deep }]);
  if (r < 0.74) {
    return pick(rng, [{ get date() { throw new Error('a getter of the caller throws'); } },
      ['2026-09-30', throwingToString], throwingToString, throwingProxy, [throwingProxy]]);
  }
  if (depth > 2) return pick(rng, STRINGS);
  if (r < 0.87) {
    const n = Math.floor(rng() * 5);
    return Array.from({ length: n }, () => arbitrary(rng, objects, depth + 1));
  }
  // Own data properties only (an own `__proto__` key too, as JSON.parse makes one).
  const o = rng() < 0.3 ? JSON.parse(pick(rng, SAMPLE_LINES)) : {};
  const n = Math.floor(rng() * 5);
  for (let i = 0; i < n; i += 1) {
    Object.defineProperty(o, pick(rng, KEYS), {
      value: arbitrary(rng, objects, depth + 1), enumerable: true, writable: true, configurable: true,
    });
  }
  return o;
}

/** A short description of a value, for a failure message (never throws). */
function describe(value, depth = 0) {
  try {
    if (value === deep) return '<10,000-deep nested array>';
    if (value === deepObject) return '<10,000-deep nested object>';
    if (value === selfObject || value === selfArray) return '<self-referential>';
    if (typeof value === 'string') return value.length > 80 ? `<string of ${value.length}: ${JSON.stringify(value.slice(0, 40))}…>` : JSON.stringify(value);
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol' || typeof value === 'function') return String(value);
    if (value === null || typeof value !== 'object') return Object.is(value, -0) ? '-0' : String(value);
    if (value instanceof Date) return `new Date(${value.getTime()})`;
    if (ArrayBuffer.isView(value)) return `${value.constructor.name}.of(${Array.from(value.length === undefined ? [] : value).join(', ')})`;
    if (value.constructor && value.constructor !== Object && value.constructor !== Array) return `<${value.constructor.name}>`;
    if (depth > 2) return '…';
    if (Array.isArray(value)) return `[${value.map((v) => describe(v, depth + 1)).join(', ')}]`;
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${describe(v, depth + 1)}`).join(', ')}}`;
  } catch {
    return '<?>';
  }
}

/** The arguments of a call: arbitrary, or (one call in three) strings only, so that more calls
 * get past the type checks into the core. */
function argumentsFor(rng, target, objects) {
  const n = Math.max(0, target.arity + Math.floor(rng() * 4) - 1);
  const strings = rng() < 0.33;
  return Array.from({ length: n }, () => (strings && rng() < 0.8 ? pick(rng, STRINGS) : arbitrary(rng, objects)));
}

/** Messages of errors that are the engine's, not the binding's (reported, not failed). */
const ENGINE = /Maximum call stack|Cannot read|Cannot convert|is not a function|is not iterable|circular|Invalid array length|held by another call|of the caller throws/;

test('a seeded random walk over every function and method: errors always have a code, never a trap', (t) => {
  let objects = fixtures();
  // The method list closes over `objects.current`, so fresh objects need no new list.
  const holder = { current: objects };
  const all = callables(new Proxy({}, {
    get: (_, k) => holder.current[k],
    has: (_, k) => k in holder.current,
  }));
  assert.ok(all.length > 150, `only ${all.length} callables found`);
  let calls = 0;
  let threw = 0;
  const codes = new Map();
  const engineErrors = new Map(); // invalid_argument whose cause is not the binding's own TypeError
  const slow = [];
  const started = performance.now();
  for (const seed of SEEDS) {
    const rng = mulberry32(seed);
    for (let i = 0; i < CALLS_PER_SEED; i += 1) {
      if (i % FRESH_OBJECTS_EVERY === 0) {
        objects = fixtures();
        holder.current = objects;
      }
      const target = pick(rng, all);
      const args = argumentsFor(rng, target, objects);
      const call = () => `seed ${seed} call ${i}: ${target.name} with (${args.map((a) => describe(a)).join(', ')})`;
      calls += 1;
      const t0 = performance.now();
      try {
        target.call(args);
      } catch (e) {
        threw += 1;
        assert.ok(e instanceof Error, `${call()} threw a ${typeof e}: ${describe(e)}`);
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `${call()} trapped: ${e.message}`);
        assert.ok(typeof e.code === 'string' && e.code !== '', `${call()} threw without a code: ${e}`);
        assert.notEqual(e.code, 'internal', `${call()}: the instance trapped (a panic in Rust): ${e.message}`);
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        if (e.code === 'invalid_argument' && (ENGINE.test(e.message) || ENGINE.test(String(e.cause?.message)))) {
          const key = `${target.name}: ${e.message.split('\n')[0].slice(0, 100)}`;
          engineErrors.set(key, (engineErrors.get(key) ?? 0) + 1);
        }
      }
      const ms = performance.now() - t0;
      if (ms > 1000) slow.push(`${call()}: ${ms.toFixed(0)} ms`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`${calls} calls over ${all.length} callables (${SEEDS.length} seeds), ${threw} threw, `
    + `${calls - threw} returned, in ${seconds.toFixed(1)} s`);
  t.diagnostic(`codes: ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  for (const [key, n] of engineErrors) t.diagnostic(`engine error → invalid_argument (${n}×): ${key}`);
  for (const s of slow) t.diagnostic(`slow: ${s}`);
  assert.ok(threw > 0 && threw < calls);

  // The shared instance still answers.
  assert.equal(Calendar.china().addWorkingDays('2026-09-30', 5), '2026-10-13');
  assert.equal(new Rules().feedbackDeadline('2026-09-30T16:20+08:00').due, '2026-10-14T00:00:00+08:00');
  assert.equal(fixtures().Directory.route({ category: 'help', topics: ['tax'], level: 'center' }).lead, 'tax');
  assert.equal(new Rules().replayStream(SAMPLE).counts.lines, SAMPLE_LINES.length);
});
