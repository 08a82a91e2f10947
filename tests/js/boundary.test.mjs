// The JS boundary (bindings-wasm/js/boundary.js, inlined into each package's entry jiesu.js):
// every error leaving the package is an `Error` with a `.code`. The core's errors pass through
// as the same object; module `boundary` adds used_after_free (free() then a call),
// not_initialized (the web build before init()), internal (a trap: a Rust panic is a
// WebAssembly.RuntimeError under panic = "abort", and the instance is dead afterwards) and
// invalid_argument (any other error without a code, its original kept as `.cause`).
//
// The panic tests kill an instance: each uses a fresh one (a cache-busted require of the Node
// build, or a second instance of the web glue initialised with initSync), never the shared one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import jiesu, {
  ROOT, PKG_DIR, PKG_WEB_DIR, PKG_WEB_DEADLINES_DIR, Calendar, Rules, Policy, Directory, Replayer,
  StreamResult, isOnTime,
} from './jiesu.mjs';
import { cityText } from './vectors.mjs';
import { wrap } from '../../bindings-wasm/js/boundary.js';

const require = createRequire(import.meta.url);
const START = '2026-09-30T16:20+08:00';

/** `fn` throws an `Error` with this code and module `boundary`; returns it. */
function boundaryError(fn, code) {
  let error;
  assert.throws(fn, (e) => {
    error = e;
    return e instanceof Error && e.code === code && e.module === 'boundary';
  }, String(fn));
  return error;
}

/** A second, independent instance of the Node build: its own glue, its own WebAssembly instance. */
function freshNodeInstance() {
  const keys = ['jiesu.js', 'jiesu_glue.js'].map((f) => require.resolve(path.join(PKG_DIR, f)));
  const saved = keys.map((k) => require.cache[k]);
  for (const k of keys) delete require.cache[k];
  try {
    return require(keys[0]);
  } finally {
    keys.forEach((k, i) => {
      if (saved[i]) require.cache[k] = saved[i];
      else delete require.cache[k];
    });
  }
}

/** `fn()` with console.error captured (a panic's message is written there): `[result, text]`. */
function capturingConsoleError(fn) {
  const original = console.error;
  const lines = [];
  console.error = (...args) => lines.push(args.map(String).join(' '));
  try {
    return [fn(), lines.join('\n')];
  } finally {
    console.error = original;
  }
}

// ---------------------------------------------------------------- the wrapper itself

test('every entry inlines the current boundary.js (rebuild the packages after editing it)', () => {
  const source = readFileSync(path.join(ROOT, 'bindings-wasm', 'js', 'boundary.js'), 'utf8');
  const sha = createHash('sha256').update(source).digest('hex');
  for (const dir of [PKG_DIR, PKG_WEB_DIR, PKG_WEB_DEADLINES_DIR]) {
    const entry = readFileSync(path.join(dir, 'jiesu.js'), 'utf8');
    assert.ok(entry.includes(`// from bindings-wasm/js/boundary.js (sha256 ${sha};`), `${dir}: stale, rebuild it`);
    assert.ok(entry.includes('function wrap(glue, options) {') && !entry.includes('export function wrap'), dir);
  }
});

test('wrap() on a stand-in glue: a coded error is the same object; each other kind gets its code', () => {
  let calls = 0;
  const coded = Object.assign(new Error('mine'), { code: 'my_code' });
  const glue = {
    passes() { calls += 1; throw coded; },
    typeError() { calls += 1; throw Object.assign(new TypeError('n must be an integer'), { row: 2, value: '1.5' }); },
    rangeError() { calls += 1; throw new RangeError('Maximum call stack size exceeded'); },
    thrownString() { calls += 1; throw 'a string'; }, // eslint-disable-line no-throw-literal
    nullPointer() { calls += 1; throw new Error('null pointer passed to rust'); },
    ok(a, b) { calls += 1; return [a, b, this === api]; },
    trap() { calls += 1; throw new WebAssembly.RuntimeError('unreachable'); },
  };
  const api = wrap(glue, { web: false });
  assert.deepStrictEqual(api.ok(1, 'x'), [1, 'x', true]);
  assert.equal(api.ok.name, 'ok');
  assert.equal(api.ok.length, 2);
  assert.throws(() => api.passes(), (e) => e === coded);

  const t = boundaryError(() => api.typeError(), 'invalid_argument');
  assert.ok(t instanceof TypeError);
  assert.deepStrictEqual([t.message, t.row, t.value, t.cause.message], ['n must be an integer', 2, '1.5', 'n must be an integer']);
  assert.equal(t.cause.code, undefined);
  const r = boundaryError(() => api.rangeError(), 'invalid_argument');
  assert.ok(r instanceof RangeError && r.cause instanceof RangeError);
  const s = boundaryError(() => api.thrownString(), 'invalid_argument');
  assert.deepStrictEqual([s.name, s.message, s.cause], ['BoundaryError', 'a string', 'a string']);
  boundaryError(() => api.nullPointer(), 'used_after_free');

  // A trap: `internal`, then every call refused without reaching the glue.
  const first = boundaryError(() => api.trap(), 'internal');
  assert.ok(first.cause instanceof WebAssembly.RuntimeError);
  assert.match(first.message, /WebAssembly instance is now unusable/);
  assert.match(first.message, /load the module again/);
  const before = calls;
  for (const f of [api.ok, api.passes, api.trap]) {
    const e = boundaryError(() => f(), 'internal');
    assert.equal(e.cause, first.cause);
  }
  assert.equal(calls, before, 'a dead instance is not called');
  // Wrapping the same glue again gives the same API (one state per instance).
  assert.equal(wrap(glue, { web: false }), api);
});

// ---------------------------------------------------------------- errors with a code pass through

test('an error with a code passes through the wrapper as the same object', () => {
  const mine = Object.assign(new Error('from a getter of mine'), { code: 'mine' });
  const options = { get strict() { throw mine; } };
  assert.throws(() => new Rules().replayStream('', options), (e) => e === mine);
  // A core error is the binding's own Error: not wrapped, no cause.
  let e;
  assert.throws(() => Calendar.china().addWorkingDays('2026-12-28', 5), (err) => { e = err; return true; });
  assert.deepStrictEqual([e.name, e.code, e.module, e.cause], ['CalendarError', 'calendar_out_of_range', 'calendar', undefined]);
  assert.equal(Object.getPrototypeOf(e), Error.prototype);
});

test('classes keep their identity: instanceof, constructor, prototype, results', () => {
  const glue = require(path.join(PKG_DIR, 'jiesu_glue.js'));
  const china = Calendar.china();
  assert.ok(china instanceof Calendar && china instanceof glue.Calendar);
  assert.equal(Object.getPrototypeOf(china), Calendar.prototype);
  assert.equal(Calendar.prototype, glue.Calendar.prototype);
  assert.equal(china.constructor, Calendar);
  const rules = new Rules();
  assert.ok(rules instanceof Rules && rules.withPolicy(Policy.seed()) instanceof Rules);
  class Mine extends Rules {}
  const mine = new Mine();
  assert.ok(mine instanceof Mine && mine instanceof Rules);
  assert.equal(mine.feedbackDeadline(START).due_date, '2026-10-13');
  const stream = new Rules(undefined, undefined, Directory.fromJson(cityText('directory.json')))
    .replayStream(readFileSync(path.join(ROOT, 'fixtures', 'events', 'sample.jsonl'), 'utf8'));
  assert.ok(stream instanceof StreamResult);
  // Results are the glue's own.
  assert.equal(jiesu.version(), glue.version());
  assert.deepStrictEqual(jiesu.errorCodes(), glue.errorCodes());
  assert.equal(Calendar.prototype.addWorkingDays.name, 'addWorkingDays');
  const d = rules.feedbackDeadline(START);
  assert.equal(isOnTime(d, '2026-10-13T23:59+08:00'), true);
});

// ---------------------------------------------------------------- used_after_free

test('used_after_free: a method, a getter, free() again, or the freed object as an argument', () => {
  const china = Calendar.china();
  china.free();
  let e = boundaryError(() => china.addWorkingDays('2026-09-30', 1), 'used_after_free');
  assert.equal(e.name, 'BoundaryError');
  assert.match(e.message, /Calendar object was used after free\(\)/);
  assert.match(e.cause.message, /null pointer passed to rust/);
  boundaryError(() => china.version, 'used_after_free');
  boundaryError(() => china.free(), 'used_after_free');
  e = boundaryError(() => new Rules(china), 'used_after_free');
  assert.match(e.message, /an object passed to new Rules\(\) was used after free\(\)/);
  const rules = new Rules();
  const stream = rules.replayStream('');
  stream.free();
  boundaryError(() => rules.cards(stream), 'used_after_free');
  boundaryError(() => rules.evaluate(stream, '2026'), 'used_after_free');
  const replayer = new Replayer(rules);
  replayer[Symbol.dispose]?.();
  if (Symbol.dispose) boundaryError(() => replayer.pushLine(''), 'used_after_free');
  // The shared instance is fine.
  assert.equal(Calendar.china().addWorkingDays('2026-09-30', 1), '2026-10-08');
});

// ---------------------------------------------------------------- not_initialized

test('not_initialized: the web build before init(); a failed init(); then init() and calls work', async () => {
  const url = pathToFileURL(path.join(PKG_WEB_DEADLINES_DIR, 'jiesu.js')).href;
  const web = await import(url);
  const raw = await import(pathToFileURL(path.join(PKG_WEB_DEADLINES_DIR, 'jiesu_glue.js')).href);
  // What the glue alone throws: a TypeError of its own, without a code.
  assert.throws(() => raw.version(), (e) => e instanceof TypeError && e.code === undefined);
  for (const call of [() => web.version(), () => web.Calendar.china(), () => new web.Rules(),
    () => web.isOnTime({}, START), () => web.errorCodes()]) {
    const e = boundaryError(call, 'not_initialized');
    assert.equal(e.name, 'BoundaryError');
    assert.match(e.message, /await the default export init\(\) first/);
  }
  // A module that is not WebAssembly: not_initialized, the reason as the cause; it may be retried.
  await assert.rejects(web.default({ module_or_path: new Uint8Array([0, 1, 2, 3]) }),
    (e) => e.code === 'not_initialized' && e.module === 'boundary' && e.cause instanceof WebAssembly.CompileError);
  boundaryError(() => web.version(), 'not_initialized');
  await web.default({ module_or_path: readFileSync(path.join(PKG_WEB_DEADLINES_DIR, 'jiesu_bg.wasm')) });
  assert.equal(web.Calendar.china().addWorkingDays('2026-09-30', 1), '2026-10-08');
  assert.equal(web.version(), jiesu.version());
  // Imported again under another URL, the entry shares the instance and its state.
  const again = await import(`${url}?again`);
  assert.equal(again.version(), jiesu.version());
});

// ---------------------------------------------------------------- internal

test('internal: __panicForTest traps a fresh Node instance; every later call is internal', () => {
  const fresh = freshNodeInstance();
  assert.notEqual(fresh.Calendar, Calendar);
  const before = fresh.Calendar.china();
  assert.equal(before.addWorkingDays('2026-09-30', 1), '2026-10-08');
  const [e, printed] = capturingConsoleError(() => boundaryError(() => fresh.__panicForTest(), 'internal'));
  assert.match(printed, /panicked at .*__panicForTest was called/s);
  assert.equal(e.name, 'BoundaryError');
  assert.ok(e.cause instanceof WebAssembly.RuntimeError, String(e.cause));
  assert.match(e.message, /the WebAssembly instance is now unusable/);
  assert.match(e.message, /load the module again \(a fresh instance\)/);
  for (const call of [() => fresh.version(), () => fresh.version(), () => fresh.Calendar.china(),
    () => new fresh.Rules(), () => before.addWorkingDays('2026-09-30', 1), () => before.version, () => before.free()]) {
    const later = boundaryError(call, 'internal');
    assert.equal(later.cause, e.cause);
  }
  // The shared instance the other tests use is untouched.
  assert.equal(Calendar.china().addWorkingDays('2026-09-30', 1), '2026-10-08');
  assert.equal(new Rules().feedbackDeadline(START).due_date, '2026-10-13');
});

test('internal: a second instance of the web build (initSync) traps; internal twice after', async () => {
  const glue = await import(`${pathToFileURL(path.join(PKG_WEB_DIR, 'jiesu_glue.js')).href}?panic`);
  const web = wrap(glue, { web: true });
  boundaryError(() => web.version(), 'not_initialized');
  web.initSync({ module: readFileSync(path.join(PKG_WEB_DIR, 'jiesu_bg.wasm')) });
  const rules = new web.Rules();
  assert.equal(rules.feedbackDeadline(START).due_date, '2026-10-13');
  const [first] = capturingConsoleError(() => boundaryError(() => web.__panicForTest(), 'internal'));
  assert.ok(first.cause instanceof WebAssembly.RuntimeError);
  boundaryError(() => rules.feedbackDeadline(START), 'internal');
  boundaryError(() => web.Calendar.china(), 'internal');
  // init() again does not revive it.
  await web.default();
  boundaryError(() => web.version(), 'internal');
  assert.equal(new Rules().feedbackDeadline(START).due_date, '2026-10-13');
});

// ---------------------------------------------------------------- invalid_argument

test('invalid_argument: wrong JS types and misuse of the glue; the original is the cause', () => {
  const rules = new Rules();
  // The binding's own TypeError: still a TypeError, same message, the original as the cause.
  let e = boundaryError(() => rules.feedbackDues(null), 'invalid_argument');
  assert.ok(e instanceof TypeError && e.cause instanceof TypeError && e.cause.code === undefined);
  assert.equal(e.message, 'starts must be a Float64Array or an array of numbers, got null');
  e = boundaryError(() => Calendar.china().addWorkingDaysMany(['2026-09-30', '2026-10-08'], [1, 1.5]), 'invalid_argument');
  assert.deepStrictEqual([e.row, e.value, e.message], [1, '1.5', 'n[1] must be an integer, got 1.5']);
  // A class called without `new`.
  e = boundaryError(() => Rules(), 'invalid_argument'); // eslint-disable-line new-cap
  assert.ok(e instanceof TypeError && e.cause instanceof TypeError);
  // A method called on something that is not an object of its class (another class's object
  // is refused before the glue would hand its pointer to Rust as a Calendar).
  for (const self of [null, undefined, {}, 'x', Policy.seed(), Object.create(Calendar.prototype)]) {
    e = boundaryError(() => Calendar.prototype.addWorkingDays.call(self, '2026-09-30', 1), 'invalid_argument');
    assert.match(e.message, /Calendar#addWorkingDays\(\) called on a value that is not a Calendar/);
  }
  boundaryError(() => Object.getOwnPropertyDescriptor(Calendar.prototype, 'version').get.call(undefined), 'invalid_argument');
  // An engine RangeError from inside a call (a getter of the caller's), and a stack overflow.
  e = boundaryError(() => rules.replayStream('', { get strict() { throw new RangeError('boom'); } }), 'invalid_argument');
  assert.ok(e instanceof RangeError && e.cause.message === 'boom');
  let deep = [];
  for (let i = 0; i < 100000; i += 1) deep = [deep];
  e = boundaryError(() => Calendar.china().addWorkingDaysMany(deep, 1), 'invalid_argument');
  assert.ok(e.cause instanceof RangeError, String(e.cause));
  // And the shared instance still answers.
  assert.equal(Calendar.china().addWorkingDays('2026-09-30', 1), '2026-10-08');
});
