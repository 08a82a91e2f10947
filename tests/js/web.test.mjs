// The `web` target (bindings-wasm/pkg-web/, ES module): initialise it with the .wasm bytes read
// from disk, as a bundler-free page would with fetch(), then make one call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { PKG_WEB_DIR, FIXTURES } from './jiesu.mjs';

test('pkg-web: init(bytes) then a calendar, a deadline, a category, a route and a replay call', async () => {
  const web = await import(pathToFileURL(path.join(PKG_WEB_DIR, 'jiesu.js')).href);
  const bytes = await readFile(path.join(PKG_WEB_DIR, 'jiesu_bg.wasm'));
  await web.default({ module_or_path: bytes });
  assert.equal(web.Calendar.china().addWorkingDays('2026-09-30', 1), '2026-10-08');
  assert.equal(new web.Rules().feedbackDeadline('2026-09-30T16:20+08:00').due, '2026-10-14T00:00:00+08:00');
  assert.throws(() => web.Calendar.china().day('2026-02-30'), (e) => e instanceof Error && e.code === 'invalid_date');
  assert.equal(web.Category.parse('投诉类').handling, 'dispatch');
  const dir = web.Directory.fromJson(await readFile(path.join(FIXTURES, 'city', 'directory.json'), 'utf8'));
  assert.equal(dir.route({ category: 'help', topics: ['tax'], level: 'center' }).lead, 'tax');
  assert.throws(() => dir.route({ category: 'help', level: 'province' }),
    (e) => e instanceof Error && e.name === 'DirectoryError' && e.code === 'directory_invalid_request');
  const events = (await readFile(path.join(FIXTURES, 'events', 'sample.jsonl'), 'utf8'));
  const stream = new web.Rules(undefined, undefined, dir).replayStream(events);
  assert.deepEqual(stream.counts, { lines: 21, applied: 21, rejected: 0, blank: 0, demands: 3, open: 1, finished: 2 });
  const one = events.split('\n').filter((line) => line.includes('TZ-2026-0001'));
  assert.equal(new web.Rules().replay(one).rounds[0].due_date, '2026-10-30');
  assert.throws(() => web.DemandState.fromJson('{}'),
    (e) => e instanceof Error && e.name === 'DemandError' && e.code === 'demand_state_invalid_json');
});

test('pkg-web-deadlines: the slim web build counts days and has no routing', async () => {
  const dir = path.join(PKG_WEB_DIR, '..', 'pkg-web-deadlines');
  const web = await import(pathToFileURL(path.join(dir, 'jiesu.js')).href);
  await web.default({ module_or_path: await readFile(path.join(dir, 'jiesu_bg.wasm')) });
  const d = new web.Rules().feedbackDeadline('2026-02-13T09:00+08:00');
  assert.equal(d.due, '2026-02-28T00:00:00+08:00');
  assert.deepEqual(d.make_up_days.map((x) => x.date), ['2026-02-14']);
  assert.deepEqual(Array.from(web.Calendar.china().addWorkingDaysDays(new Int32Array([20726]), 1)), [20734]);
  assert.equal(web.Directory, undefined);
  assert.equal(web.PolicyLibrary, undefined);
  assert.equal(web.DemandState, undefined);
  assert.equal(web.Replayer, undefined);
  assert.equal(new web.Rules().replay, undefined);
  assert.equal(web.Policy.seed().territoryLimit, true);
});
