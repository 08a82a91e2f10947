// Golden vectors (fixtures/README.md): the shared loader and the JS call for each op.
//
// Every case runs through the public JS API: building the calendar and the policy is part of the
// case (a `load` case, or a policy with an unknown knob, fails there). `error` cases must throw a
// real `Error` whose `.code` is the expected code and whose `.name` is the module's class.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

import {
  Calendar, Policy, Rules, Category, categories, PolicyLibrary, Directory, DemandState, FIXTURES,
  className, Register, Leaders, CollectionLog, FieldDayLog, collectionShortfalls, fieldDayShortfalls,
  FormKind, buildForm,
} from './jiesu.mjs';

/** The folders whose cases may carry both `expect` and `error` (a card case checks its board,
 * then one call that must fail: fixtures/README.md, "Card ops"). */
const EXPECT_AND_ERROR = new Set(['card']);

/**
 * Every case of `fixtures/vectors/<module>/*.json`, in file then case order, each with its
 * `file`. Returns `{cases, problems}`: `problems` lists what is wrong with the folder itself (no
 * cases at all, a duplicate name, a case with both or neither of `expect` and `error`), so that
 * the caller can fail a test on it.
 */
export function loadVectors(module) {
  const dir = path.join(FIXTURES, 'vectors', module);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  const cases = [];
  const problems = [];
  const names = new Set();
  for (const file of files) {
    const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    if (doc.module !== undefined && doc.module !== module) {
      problems.push(`${file}: module is ${JSON.stringify(doc.module)}, not ${module}`);
    }
    for (const c of doc.cases ?? []) {
      if (names.has(c.name)) problems.push(`${file}: duplicate case name ${c.name}`);
      names.add(c.name);
      const both = 'expect' in c && 'error' in c;
      if (!('expect' in c) && !('error' in c)) {
        problems.push(`${file}: ${c.name} needs expect or error`);
      } else if (both && !EXPECT_AND_ERROR.has(module)) {
        problems.push(`${file}: ${c.name} needs exactly one of expect and error`);
      }
      cases.push({ ...c, file });
    }
  }
  if (cases.length === 0) problems.push(`fixtures/vectors/${module}/ has no cases`);
  return { cases, problems };
}

/** The calendar a case names (`calendar` key, default the bundled `china`). */
export function buildCalendar(spec) {
  if (spec === undefined || spec === 'china') return Calendar.china();
  if (typeof spec !== 'object' || spec === null) throw new Error(`unknown calendar spec ${JSON.stringify(spec)}`);
  if ('csv_text' in spec) return Calendar.fromCsv(spec.csv_text);
  if ('holiday_cn_files' in spec) {
    return Calendar.fromHolidayCn(spec.holiday_cn_files.map((p) => readFileSync(path.join(FIXTURES, p), 'utf8')));
  }
  if ('holiday_cn_texts' in spec) return Calendar.fromHolidayCn(spec.holiday_cn_texts);
  if ('overrides' in spec) {
    const o = spec.overrides;
    return Calendar.fromOverrides(o.first_year, o.last_year, o.days);
  }
  throw new Error(`unknown calendar spec ${JSON.stringify(spec)}`);
}

const CALENDAR_OPS = {
  is_working_day: (cal, a) => cal.isWorkingDay(a.date),
  day: (cal, a) => cal.day(a.date),
  add_working_days: (cal, a) => cal.addWorkingDays(a.date, a.n),
  working_days_between: (cal, a) => cal.workingDaysBetween(a.a, a.b),
  next_working_day: (cal, a) => cal.nextWorkingDay(a.date),
  previous_working_day: (cal, a) => cal.previousWorkingDay(a.date),
  working_days_in: (cal, a) => cal.workingDaysIn(a.from, a.to),
  arrangement: (cal, a) => cal.arrangement(a.year),
  info: (cal) => ({ first_year: cal.firstYear, last_year: cal.lastYear, version: cal.version, source: cal.source }),
  load: (cal) => ({ first_year: cal.firstYear, last_year: cal.lastYear }),
};

/** Runs a `calendar` case; returns the result or throws what the API threw. */
export function runCalendarCase(c) {
  const op = CALENDAR_OPS[c.op];
  if (op === undefined) throw new Error(`unknown calendar op ${c.op} (update tests/js/vectors.mjs)`);
  let cal = buildCalendar(c.calendar);
  if (c.beyond_coverage !== undefined) cal = cal.withBeyondCoverage(c.beyond_coverage);
  return op(cal, c.args ?? {});
}

const DEADLINE_OPS = {
  feedback_deadline: (r, a) => r.feedbackDeadline(a.start),
  redo_deadline: (r, a) => r.redoDeadline(a.start),
  same_day_target: (r, a) => r.sameDayTarget(a.start),
  return_deadline: (r, a) => r.returnDeadline(a.start),
  deadline: (r, a) => r.deadline(a.start, a.n),
  plan_deadline: (r, a) => r.planDeadline(a.start, a.completion, a.explanation),
};

/** Runs a `deadline` case on `new Rules(calendar, policy)`; returns the result or throws. */
export function runDeadlineCase(c) {
  const args = c.args ?? {};
  if (c.op === 'policy') return JSON.parse(Policy.fromJson(args.json).toJson());
  const op = DEADLINE_OPS[c.op];
  if (op === undefined) throw new Error(`unknown deadline op ${c.op} (update tests/js/vectors.mjs)`);
  const policy = c.policy === undefined ? Policy.seed() : Policy.fromJson(JSON.stringify(c.policy));
  const rules = new Rules(buildCalendar(c.calendar), policy);
  return op(rules, args);
}

const CATEGORY_OPS = {
  categories: () => categories(),
  category: (a) => Category.parse(a.text).info(),
};

/** Runs a `category` case; returns the result or throws. */
export function runCategoryCase(c) {
  const op = CATEGORY_OPS[c.op];
  if (op === undefined) throw new Error(`unknown category op ${c.op} (update tests/js/vectors.mjs)`);
  return op(c.args ?? {});
}

/** The sample city's data file (`fixtures/city/<name>`), as text. */
export function cityText(name) {
  return readFileSync(path.join(FIXTURES, 'city', name), 'utf8');
}

/**
 * The JSON text a case's `library` / `directory` key names: absent or `"city"` — the sample
 * city's file; `{json_text}` — that text; `{json}` — that value as JSON text.
 */
export function dataText(spec, cityFile) {
  if (spec === undefined || spec === 'city') return cityText(cityFile);
  if (typeof spec === 'object' && spec !== null && 'json_text' in spec) return spec.json_text;
  if (typeof spec === 'object' && spec !== null && 'json' in spec) return JSON.stringify(spec.json);
  throw new Error(`unknown data spec ${JSON.stringify(spec)}`);
}

/**
 * Consultations and route requests go in as plain objects (the JS form; the core reads their JSON
 * text, so a bad one is the core's typed error); `asText` passes them as JSON text instead.
 */
const POLICY_LIBRARY_OPS = {
  load: () => true,
  match: (lib, a, input) => lib.matchConsultation(input(a.consultation)),
  instant_answer: (lib, a, input) => lib.instantAnswer(a.category, input(a.consultation)),
};

/** Runs a `policy_library` case on `PolicyLibrary.fromJson(…)`; returns the result or throws. */
export function runPolicyLibraryCase(c, { asText = false } = {}) {
  const op = POLICY_LIBRARY_OPS[c.op];
  if (op === undefined) throw new Error(`unknown policy_library op ${c.op} (update tests/js/vectors.mjs)`);
  const lib = PolicyLibrary.fromJson(dataText(c.library, 'policy_library.json'));
  return op(lib, c.args ?? {}, asText ? JSON.stringify : (x) => x);
}

const DIRECTORY_OPS = {
  load: () => true,
  route: (dir, a, input) => dir.route(input(a.request)),
};

/** Runs a `directory` case on `Directory.fromJson(…)`; returns the result or throws. */
export function runDirectoryCase(c, { asText = false } = {}) {
  const op = DIRECTORY_OPS[c.op];
  if (op === undefined) throw new Error(`unknown directory op ${c.op} (update tests/js/vectors.mjs)`);
  const dir = Directory.fromJson(dataText(c.directory, 'directory.json'));
  return op(dir, c.args ?? {}, asText ? JSON.stringify : (x) => x);
}

/**
 * The recursive subset rule of the `demand` vectors: for an object, every key `expect` lists
 * matches the result's value recursively (other keys are not checked); lists have the same
 * length and match element-wise; scalars are equal.
 */
export function assertSubset(result, expect, where = '$') {
  if (Array.isArray(expect)) {
    assert.ok(Array.isArray(result), `${where}: expected a list, got ${JSON.stringify(result)}`);
    assert.equal(result.length, expect.length, `${where}: length`);
    expect.forEach((e, i) => assertSubset(result[i], e, `${where}[${i}]`));
  } else if (expect !== null && typeof expect === 'object') {
    assert.ok(result !== null && typeof result === 'object' && !Array.isArray(result),
      `${where}: expected an object, got ${JSON.stringify(result)}`);
    for (const [key, value] of Object.entries(expect)) {
      assert.ok(key in result, `${where}.${key}: missing`);
      assertSubset(result[key], value, `${where}.${key}`);
    }
  } else {
    assert.strictEqual(result, expect, where);
  }
}

/**
 * The rules a `demand` case names: `calendar` (as for deadline cases), `policy` (knobs over
 * `seed`, read by `Policy.fromJson`) and `directory` (absent: none; `"city"` or `{json_text}` /
 * `{json}`: read by `Directory.fromJson`).
 */
export function demandRules(c) {
  const policy = c.policy === undefined ? Policy.seed() : Policy.fromJson(JSON.stringify(c.policy));
  const directory = c.directory === undefined || c.directory === null
    ? undefined : Directory.fromJson(dataText(c.directory, 'directory.json'));
  return new Rules(buildCalendar(c.calendar), policy, directory);
}

/**
 * `replay`: `rules.replay(events, at)`, the state's `toJSON()` matched against `expect` (and,
 * with `status: {at, expect}`, `state.statusAt(at)` against it); the state must read back from
 * its JSON, and (without `at`) folding event by event with `apply` must give the same state. An
 * `error` case replays all but the last event, then applies the last: it must throw, leave the
 * state unchanged, and replaying the whole log must throw the same code (a single-event case:
 * `rules.replay([event])` must throw).
 */
function runReplay(rules, a, c) {
  const events = a.events ?? [];
  if (!('error' in c)) {
    const state = rules.replay(events, a.at);
    assert.equal(DemandState.fromJson(state.toJson()).toJson(), state.toJson(), 'the state reads back from its JSON');
    if (a.at === undefined && events.length > 0) {
      let step = DemandState.receive(rules, events[0]);
      for (const e of events.slice(1)) step = step.apply(rules, e);
      assert.equal(step.toJson(), state.toJson(), 'apply, one event at a time, folds as replay does');
    }
    const result = { state: state.toJSON() };
    const spec = a.status ?? c.status;
    if (spec !== undefined) result.status = state.statusAt(spec.at ?? a.at);
    return result;
  }
  if (events.length <= 1) return rules.replay(events, a.at);
  const state = rules.replay(events.slice(0, -1));
  const before = state.toJson();
  try {
    return state.apply(rules, events[events.length - 1]);
  } catch (e) {
    assert.equal(state.toJson(), before, 'a rejected event leaves the state unchanged');
    assertThrowsCode(() => rules.replay(events), e.code);
    throw e;
  }
}

/** `stream`: `rules.replayStream(lines.join("\n"), {strict, at}).toJSON()`, or the thrown error. */
function runStream(rules, a) {
  const options = {};
  if (a.strict !== undefined) options.strict = a.strict;
  if (a.at !== undefined) options.at = a.at;
  return rules.replayStream((a.lines ?? []).join('\n'), options).toJSON();
}

/** Runs a `demand` case; returns `{state, status?}`, the stream result, or throws. */
export function runDemandCase(c) {
  // The case's fields sit in `args` (the other modules' layout) or on the case itself.
  const a = c.args ?? c;
  const rules = demandRules(c);
  if (c.op === 'replay') return runReplay(rules, a, c);
  if (c.op === 'stream') return runStream(rules, a);
  throw new Error(`unknown demand op ${c.op} (update tests/js/vectors.mjs)`);
}

/** Checks a `demand` case: the recursive subset rule for `expect` (and `status`). */
export function checkDemandCase(c) {
  if ('error' in c) {
    assertThrowsCode(() => runDemandCase(c), c.error);
    return;
  }
  const result = runDemandCase(c);
  if (c.op === 'replay') {
    assertSubset(result.state, c.expect, 'state');
    const status = (c.args ?? c).status ?? c.status;
    if (status !== undefined) assertSubset(result.status, status.expect, 'status');
  } else {
    assertSubset(result, c.expect);
  }
}

/**
 * A stream of a `card` or `evaluation` case replayed leniently under `demandRules(c)`: `lines`
 * (event objects, each written as one JSON line; a string is taken as the raw line) joined with
 * "\n", brought to `at` when given (`rules.replayStream(text, {at})`). Returns `{rules, result}`.
 */
export function caseStream(c) {
  const rules = demandRules(c);
  const text = (c.lines ?? []).map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  const result = rules.replayStream(text, c.at === undefined ? {} : { at: c.at });
  return { rules, result };
}

/** The card board of a `card` case: `rules.cards(result)` of its stream. */
export function cardBoard(c) {
  const { rules, result } = caseStream(c);
  return { rules, result, board: rules.cards(result) };
}

/**
 * `card`: the board's answers to what `expect` asks — `history` (`{unit: board.history(unit)}`),
 * `colours` (`[{unit, at, colour: board.colour(unit, at)}]`), `board` (`{at, rows: {unit: row}}`
 * of `board.board(at)`) and `units` — for the recursive subset rule. The board built from the
 * derived events alone (`rules.cards(result.derived)`) must be the same board.
 */
export function runCardCase(c) {
  const { rules, result, board } = cardBoard(c);
  assert.deepStrictEqual(rules.cards(result.derived).toJSON(), board.toJSON(),
    'cards(result.derived) is cards(result)');
  const e = c.expect ?? {};
  const out = {};
  if (e.history !== undefined) {
    out.history = Object.fromEntries(Object.keys(e.history).map((u) => [u, board.history(u)]));
  }
  if (e.colours !== undefined) {
    out.colours = e.colours.map((x) => ({ unit: x.unit, at: x.at, colour: board.colour(x.unit, x.at) }));
  }
  if (e.board !== undefined) {
    out.board = { at: e.board.at, rows: Object.fromEntries(board.board(e.board.at).map((r) => [r.unit, r])) };
  }
  if (e.units !== undefined) out.units = board.units;
  return out;
}

/** The call a `card` case's `error` names (`board.colour(unit, at)`), which must throw. */
function runCardError(c) {
  const call = c.error.colour;
  return cardBoard(c).board.colour(call.unit, call.at);
}

/** Checks a `card` case: `expect` by the subset rule, then the `error` call. */
export function checkCardCase(c) {
  if ('expect' in c) assertSubset(runCardCase(c), c.expect);
  if ('error' in c) assertThrowsCode(() => runCardError(c), c.error.code);
}

/** `other_policy`: knobs over `seed` (absent: `seed`). */
const otherPolicy = (c) => (c.other_policy === undefined ? Policy.seed() : Policy.fromJson(JSON.stringify(c.other_policy)));

const EVALUATION_OPS = {
  evaluate: (r, res, c) => r.evaluate(res, c.period),
  notification: (r, res, c) => r.notification(res, c.period),
  quarterly_evaluation: (r, res, c) => r.quarterlyEvaluation(res, c.period),
  half_year_ranking: (r, res, c) => r.halfYearRanking(res, c.period),
  annual_evaluation: (r, res, c) => r.annualEvaluation(res, c.period),
  // Without the other stream: the core reuses this one, or throws evaluation_needs_replay.
  compare: (r, res, c) => r.compare(res, otherPolicy(c), c.period),
};

/** Runs an `evaluation` case on its stream; returns the Evaluation / Comparison or throws. */
export function runEvaluationCase(c) {
  const a = { ...c, ...(c.args ?? {}) };
  const op = EVALUATION_OPS[a.op];
  if (op === undefined) throw new Error(`unknown evaluation op ${a.op} (update tests/js/vectors.mjs)`);
  const { rules, result } = caseStream(a);
  return op(rules, result, a);
}

/** Checks an `evaluation` case: the recursive subset rule for `expect`, or the error code. */
export function checkEvaluationCase(c) {
  if ('error' in c) assertThrowsCode(() => runEvaluationCase(c), c.error);
  else assertSubset(runEvaluationCase(c), c.expect);
}

// ---- duties (rules §8) and forms (rules §9): each op called exactly as the Rust runners
// (core/tests/duties_vectors.rs, core/tests/forms_vectors.rs) call it, in the same order, so that
// the first failing step (and so the error code) is the same. -----------------------------------

/** A list of log lines or events: objects written as one JSON line, strings verbatim, joined with "\n". */
const linesOf = (items) => items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))).join('\n');

/** A duties JSON file: `"sample"` — `fixtures/duties/<sample>`; `{json_text}` — that text; `{json}` — that value. */
export function dutiesJson(spec, sample) {
  if (spec === 'sample') return readFileSync(path.join(FIXTURES, 'duties', sample), 'utf8');
  if (typeof spec === 'object' && spec !== null && 'json_text' in spec) return spec.json_text;
  if (typeof spec === 'object' && spec !== null && 'json' in spec) return JSON.stringify(spec.json);
  throw new Error(`unknown JSON source ${JSON.stringify(spec)}`);
}

/** A duties log: `"sample"` — `fixtures/duties/<sample>`; a string — the text itself; a list — its lines. */
export function dutiesLog(spec, sample) {
  if (spec === 'sample') return readFileSync(path.join(FIXTURES, 'duties', sample), 'utf8');
  if (typeof spec === 'string') return spec;
  if (Array.isArray(spec)) return linesOf(spec);
  throw new Error(`unknown log source ${JSON.stringify(spec)}`);
}

const caseRegister = (a) => Register.fromJson(dutiesJson(a.register, 'register.json'));
const caseLeaders = (a) => Leaders.fromJson(dutiesJson(a.leaders, 'leaders.json'));
const collectionReport = (a) => collectionShortfalls(caseRegister(a),
  CollectionLog.fromJsonl(dutiesLog(a.log, 'collection.jsonl')), a.from, a.to);

const DUTIES_OPS = {
  load_register: (a) => {
    const register = caseRegister(a);
    if (a.directory !== undefined) {
      assert.equal(a.directory, 'city', 'directory: only "city" is known');
      register.checkTerritories(Directory.fromJson(cityText('directory.json')));
    }
    return true;
  },
  load_leaders: (a) => {
    caseLeaders(a);
    return true;
  },
  read_collection_log: (a) => CollectionLog.fromJsonl(dutiesLog(a.log, 'collection.jsonl')).toJSON(),
  read_field_day_log: (a) => FieldDayLog.fromJsonl(dutiesLog(a.log, 'field_days.jsonl')).toJSON(),
  collection_shortfalls: (a) => collectionReport(a),
  // A runner-side filter: the report's rows with `short`, in order.
  collection_short_rows: (a) => collectionReport(a).rows.filter((r) => r.short),
  field_day_shortfalls: (a) => fieldDayShortfalls(caseLeaders(a),
    FieldDayLog.fromJsonl(dutiesLog(a.log, 'field_days.jsonl')), a.from, a.to),
};

/** Runs a `duties` case; returns the result in the Rust serde JSON shape, or throws. */
export function runDutiesCase(c) {
  const op = DUTIES_OPS[c.op];
  if (op === undefined) throw new Error(`unknown duties op ${c.op} (update tests/js/vectors.mjs)`);
  return op(c.args ?? {});
}

/** The stream of a `forms` case: `{file}` (a path under fixtures/) or a list of events. */
export function formsEvents(spec) {
  if (Array.isArray(spec)) return linesOf(spec);
  if (typeof spec === 'object' && spec !== null && 'file' in spec) {
    return readFileSync(path.join(FIXTURES, spec.file), 'utf8');
  }
  throw new Error(`unknown events ${JSON.stringify(spec)}`);
}

/**
 * The form of a `form` / `csv` case: `FormKind.parse(form)`, the directory (`"city"` or none),
 * the events replayed strictly by `new Rules()` (bundled calendar, `seed`, no directory), then
 * `buildForm(kind, result, directory, from, to)`.
 */
export function caseForm(a) {
  const kind = FormKind.parse(a.form);
  let directory;
  if (a.directory !== undefined) {
    assert.equal(a.directory, 'city', 'directory: only "city" is known');
    directory = Directory.fromJson(cityText('directory.json'));
  }
  const result = new Rules().replayStream(formsEvents(a.events), { strict: true });
  return buildForm(kind, result, directory, a.from, a.to);
}

const FORMS_OPS = {
  form_kind: (a) => FormKind.parse(a.name).info(),
  form: (a) => {
    const form = caseForm(a);
    const json = JSON.parse(form.toJson());
    assert.deepStrictEqual(form.toJSON(), json, 'form.toJSON() is form.toJson() read back');
    return json;
  },
  csv: (a) => caseForm(a).toCsv(),
};

/** Runs a `forms` case; returns the form's JSON, its CSV or a kind's info, or throws. */
export function runFormsCase(c) {
  const op = FORMS_OPS[c.op];
  if (op === undefined) throw new Error(`unknown forms op ${c.op} (update tests/js/vectors.mjs)`);
  return op(c.args ?? {});
}

/**
 * Checks a `duties` / `forms` case as their Rust runners do: `expect` by the recursive subset
 * rule (a CSV is a string, compared exactly), or the `error` code and, when given, a substring of
 * its message (`error_message_contains`).
 */
export function checkWithMessage(run, c) {
  if ('error' in c) {
    const e = assertThrowsCode(() => run(c), c.error);
    if (c.error_message_contains !== undefined) {
      assert.ok(e.message.includes(c.error_message_contains),
        `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(c.error_message_contains)}`);
    }
  } else {
    assertSubset(run(c), c.expect);
  }
}

/** The vector modules that have a JS runner. */
export const RUNNERS = {
  calendar: runCalendarCase,
  deadline: runDeadlineCase,
  category: runCategoryCase,
  policy_library: runPolicyLibraryCase,
  directory: runDirectoryCase,
  demand: runDemandCase,
  card: runCardCase,
  evaluation: runEvaluationCase,
  duties: runDutiesCase,
  forms: runFormsCase,
};

/** The call of an `error` case, where it is not the module's runner (card: one colour call). */
export const ERROR_RUNNERS = {
  card: runCardError,
};

/** The code an `error` case expects: the string, or `error.code` (card). */
export function errorCode(c) {
  return typeof c.error === 'string' ? c.error : c.error.code;
}

/** How each module's cases are checked (default: `checkCase` with the shallow rule). */
const CHECKS = {
  demand: checkDemandCase,
  card: checkCardCase,
  evaluation: checkEvaluationCase,
  duties: (c) => checkWithMessage(runDutiesCase, c),
  forms: (c) => checkWithMessage(runFormsCase, c),
};

/**
 * The partial-match rule: for an object `expect`, every key it lists must deep-equal the
 * result's value (other keys are not checked); lists and scalars compare exactly.
 */
export function assertMatches(result, expect) {
  if (expect !== null && typeof expect === 'object' && !Array.isArray(expect)) {
    assert.ok(result !== null && typeof result === 'object' && !Array.isArray(result),
      `expected an object, got ${JSON.stringify(result)}`);
    for (const [key, value] of Object.entries(expect)) {
      assert.deepStrictEqual(result[key], value, `field ${key}`);
    }
  } else {
    assert.deepStrictEqual(result, expect);
  }
}

/** Asserts that `fn` throws the library's typed error with `code`; returns the error. */
export function assertThrowsCode(fn, code) {
  let thrown;
  try {
    const result = fn();
    assert.fail(`expected error ${code}, got ${JSON.stringify(result)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    thrown = e;
  }
  assert.ok(thrown instanceof Error, `expected an Error object, got ${typeof thrown}: ${thrown}`);
  assert.equal(thrown.code, code, `${thrown.name}: ${thrown.message}`);
  assert.equal(typeof thrown.module, 'string');
  assert.equal(thrown.name, className(thrown.module));
  assert.ok(thrown.message.length > 0);
  return thrown;
}

/** Runs one case with `run` and checks it against `expect` or `error`. */
export function checkCase(run, c) {
  if ('error' in c) {
    assertThrowsCode(() => run(c), c.error);
  } else {
    assertMatches(run(c), c.expect);
  }
}

/** Registers one `test` per case of `module` (and one that fails on a bad or empty folder). */
export function vectorTests(test, module) {
  const run = RUNNERS[module];
  const check = CHECKS[module] ?? ((c) => checkCase(run, c));
  const { cases, problems } = loadVectors(module);
  test(`fixtures/vectors/${module}: ${cases.length} cases, well-formed`, () => {
    assert.deepStrictEqual(problems, []);
  });
  for (const c of cases) {
    test(`${module}/${c.file} › ${c.name}`, () => check(c));
  }
}
