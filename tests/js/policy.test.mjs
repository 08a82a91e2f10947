// Policy (the knobs): a getter for every knob of the profile's JSON, with its value, and every
// getter the Python binding has (issue 13 §8: one vocabulary in both languages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Policy, ROOT } from './jiesu.mjs';

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** A getter of `Policy.prototype` by its JS name. */
const getter = (name) => Object.getOwnPropertyDescriptor(Policy.prototype, name)?.get;

const PROFILES = [
  Policy.seed(),
  Policy.fromJson(JSON.stringify({
    name: 'strict', beyond_coverage: 'weekends_only', clock_start: 'signed', count_start_day: true,
    intake_cutoff: '17:30', day_end: '17:30', feedback_working_days: 3, redo_working_days: 2,
    max_plan_working_days: 20, territory_limit: false, card_co_units: true, consecutive: 'periods',
    reset_yearly: false, evaluation: { min_ranked_cases: 3 },
  })),
];

test('every knob of the profile JSON has a getter with its value', () => {
  for (const policy of PROFILES) {
    const knobs = JSON.parse(policy.toJson());
    for (const [knob, value] of Object.entries(knobs)) {
      assert.ok(getter(camel(knob)), `no getter ${camel(knob)} for the knob ${knob}`);
      assert.deepStrictEqual(policy[camel(knob)], value, `${policy.name}: ${knob}`);
    }
  }
  assert.equal(PROFILES[1].maxPlanWorkingDays, 20);
  assert.equal(PROFILES[0].maxPlanWorkingDays, null);
  assert.match(PROFILES[0].fingerprint, /^[0-9a-f]+$/);
  assert.notEqual(PROFILES[0].fingerprint, PROFILES[1].fingerprint);
});

test('every Policy getter of the Python binding has a JS getter', () => {
  const source = readFileSync(path.join(ROOT, 'bindings-python', 'src', 'policy.rs'), 'utf8');
  const getters = [...source.matchAll(/#\[getter\]\s*fn ([a-z_]+)/g)].map((m) => m[1]);
  assert.ok(getters.length >= 10, 'the Python getters were found');
  for (const name of getters) assert.ok(getter(camel(name)), `Python Policy.${name} has no JS getter ${camel(name)}`);
});
