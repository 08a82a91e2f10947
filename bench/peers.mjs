// JS runner of the speed comparison (bench/run): jiesu's Node build and the JS peers.
//
//   node bench/peers.mjs QUERIES.json CALENDAR.csv JIESU_PKG.js OUT.json
//
// Every method answers the same seeded queries ("the n-th working day strictly after X") and
// writes its timing (median ops/s of several repetitions) and its answers (days since 1970-01-01;
// due instants in Unix seconds for the deadline methods) to OUT.json for bench/report.py. Slow
// peers are timed on the first `timed` queries; every method still answers all of them, untimed,
// for the exactness check. A method that throws is recorded with its error (the report judges).

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const DAY_MS = 86_400_000;
const [queriesPath, csvPath, pkgPath, outPath] = process.argv.slice(2);
const q = JSON.parse(readFileSync(queriesPath, 'utf8'));
const count = q.days.length;
const days = Int32Array.from(q.days);
const ns = Int32Array.from(q.n);
const nsList = Array.from(q.n);
const isoOf = (d) => new Date(d * DAY_MS).toISOString().slice(0, 10);
const dayOfIso = (s) => Date.parse(s) / DAY_MS;
const isos = Array.from(q.days, isoOf);
const startsMs = Float64Array.from(q.starts, (s) => s * 1000);

function measure(pass, ops, reps, minRepS) {
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  let t = now();
  pass(); // warm-up (JIT) and calibration
  const once = Math.max(now() - t, 1e-9);
  const passes = Math.max(1, Math.ceil(minRepS / once));
  const rates = [];
  for (let r = 0; r < reps; r++) {
    t = now();
    for (let p = 0; p < passes; p++) pass();
    rates.push((ops * passes) / (now() - t));
  }
  const sorted = [...rates].sort((a, b) => a - b);
  return { ops: sorted[Math.floor(reps / 2)], reps: rates };
}

function perCall(f, xs, m) {
  const out = new Array(m);
  for (let i = 0; i < m; i++) out[i] = f(xs[i], nsList[i]);
  return out;
}

const methods = [];
const versions = { node: process.versions.node };

function add({ id, method, kind, run, answers, timed = count, reps = 9, minRepS = 0.1,
  exactExpected = true, compare = 'days', note = '' }) {
  timed = Math.min(timed, count);
  const entry = { id, method, lang: 'JS', kind, exact_expected: exactExpected, compare, note };
  process.stderr.write(`  ${method.padEnd(72)}`);
  try {
    const t = process.hrtime.bigint();
    const full = answers(run(count));
    const fullS = Number(process.hrtime.bigint() - t) / 1e9;
    const { ops, reps: rates } = measure(() => run(timed), timed, reps, minRepS);
    Object.assign(entry, { queries: count, timed, ops, reps: rates, full_pass_ops: count / fullS, answers: full });
    process.stderr.write(`${Math.round(ops).toLocaleString('en-US').padStart(14)} ops/s\n`);
  } catch (e) {
    Object.assign(entry, { error: `${e?.name ?? 'Error'}: ${e?.message ?? e}`, traceback: String(e?.stack ?? e) });
    process.stderr.write(`  FAILED: ${e?.name}: ${e?.message ?? e}\n`);
  }
  methods.push(entry);
}

// ---- jiesu (Node build) ------------------------------------------------------------------------
let cal = null;
let rules = null;
let loadError = null;
try {
  const jiesu = require(path.resolve(pkgPath));
  versions.jiesu = typeof jiesu.version === 'function' ? jiesu.version() : (jiesu.VERSION ?? '?');
  cal = typeof jiesu.Calendar?.china === 'function' ? jiesu.Calendar.china() : new jiesu.Calendar();
  rules = new jiesu.Rules();
} catch (e) {
  loadError = e;
  process.stderr.write(`  jiesu is not loadable: ${e?.message ?? e}\n`);
}
const need = (obj, name) => {
  if (obj === null) throw loadError ?? new Error('jiesu is not loadable');
  const f = obj[name];
  if (typeof f !== 'function') throw new TypeError(`${name} is not a function of the binding`);
  return f.bind(obj);
};

add({
  id: 'js_per_call', method: 'jiesu calendar.addWorkingDays("YYYY-MM-DD", n), per call', kind: 'jiesu',
  run: (m) => perCall(need(cal, 'addWorkingDays'), isos, m),
  answers: (out) => out.map(dayOfIso),
});
add({
  id: 'js_batch', method: 'jiesu calendar.addWorkingDaysDays(Int32Array, Int32Array), batch', kind: 'jiesu',
  run: (m) => need(cal, 'addWorkingDaysDays')(days.subarray(0, m), ns.subarray(0, m)),
  answers: (out) => Array.from(out), reps: 15,
});
add({
  id: 'js_batch_strings', method: 'jiesu calendar.addWorkingDaysMany(string[], number[]), batch', kind: 'jiesu',
  run: (m) => need(cal, 'addWorkingDaysMany')(m === count ? isos : isos.slice(0, m), m === count ? nsList : nsList.slice(0, m)),
  answers: (out) => Array.from(out, dayOfIso),
});
add({
  id: 'js_dues', method: 'jiesu rules.feedbackDues(Float64Array epoch ms), bulk due instants', kind: 'jiesu',
  run: (m) => need(rules, 'feedbackDues')(startsMs.subarray(0, m)),
  answers: (out) => Array.from(out, (ms) => ms / 1000), reps: 15, compare: 'dues',
});

// ---- a prefix-sum table in plain JS (ISO string in, ISO string out, as jiesu per call) --------
{
  const overrides = new Map();
  for (const line of readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, '').split('\n').slice(1)) {
    const [date, kind] = line.trim().split(',');
    if (date) overrides.set(date, kind);
  }
  const base = dayOfIso('2018-01-01');
  const last = dayOfIso('2026-12-31');
  const cum = new Int32Array(last - base + 2);
  const work = [];
  for (let d = base; d <= last; d++) {
    const kind = overrides.get(isoOf(d));
    const weekday = (d + 3) % 7; // Monday = 0
    if (kind ? kind === 'work' : weekday < 5) work.push(d - base);
    cum[d - base + 1] = work.length;
  }
  const workDays = Int32Array.from(work);
  const prefixAdd = (iso, n) => {
    const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
    return new Date((workDays[cum[t - base + 1] + n - 1] + base) * DAY_MS).toISOString().slice(0, 10);
  };
  add({
    id: 'js_prefix_sum', method: 'prefix-sum table in plain JS, per call', kind: 'peer',
    run: (m) => perCall(prefixAdd, isos, m), answers: (out) => out.map(dayOfIso),
    note: "table from jiesu's CSV",
  });
}

// ---- chinese-days -------------------------------------------------------------------------------
{
  let findWorkday = null;
  let err = null;
  try {
    const cd = require('chinese-days');
    findWorkday = cd.findWorkday ?? cd.default?.findWorkday;
    versions['chinese-days'] = JSON.parse(
      readFileSync(path.join(path.dirname(require.resolve('chinese-days')), '..', 'package.json'), 'utf8'),
    ).version;
  } catch (e) {
    err = e;
  }
  add({
    id: 'chinese_days', method: 'chinese-days findWorkday(n, "YYYY-MM-DD"), per call', kind: 'peer',
    run: (m) => {
      if (!findWorkday) throw err ?? new Error('chinese-days has no findWorkday');
      return perCall((iso, n) => findWorkday(n, iso), isos, m);
    },
    answers: (out) => out.map(dayOfIso), timed: 20_000, reps: 5,
  });
}

writeFileSync(outPath, JSON.stringify({ runner: 'js', versions, methods }));
