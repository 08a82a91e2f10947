// Forms (rules §9; the guideline's 附件2–5) through the JS API: buildForm, Form (toCsv / toJson /
// toJSON and its getters), FormKind and formKinds(), the golden vectors of fixtures/vectors/forms/
// (run as core/tests/forms_vectors.rs runs them), the sample city's year (every form's rows counted
// again from the replayed states, its CSV read back to the cells), byte identity with the CSV files
// of `jiesu report --forms`, FormsError, TypeErrors and the web build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  Rules, Directory, FormKind, formKinds, Form, buildForm, ROOT, FIXTURES, PKG_WEB_DIR,
} from './jiesu.mjs';
import { vectorTests, assertThrowsCode, cityText } from './vectors.mjs';

vectorTests(test, 'forms');

const directory = Directory.fromJson(cityText('directory.json'));
const YEAR = cityText('year-2026.jsonl');
const year = new Rules(undefined, undefined, directory).replayStream(YEAR);
const CLI = path.join(ROOT, 'target', 'release', 'jiesu');
const KEYS = ['ledger', 'transfer', 'feedback', 'satisfaction'];
const OCTOBER = ['2026-10-01', '2026-10-31'];

test('formKinds(): the four forms of 附件2–5, in order, as FormKind gives them', () => {
  const kinds = formKinds();
  assert.deepStrictEqual(kinds.map((k) => [k.key, k.label_zh, k.attachment]), [
    ['ledger', '问题台账', '附件2'], ['transfer', '转办清单', '附件3'],
    ['feedback', '解决反馈表', '附件4'], ['satisfaction', '满意度评价表', '附件5'],
  ]);
  assert.deepStrictEqual(kinds[0], {
    key: 'ledger', label_zh: '问题台账', title: '企业发展、项目建设问题台账', attachment: '附件2',
    headers: ['序号', '企业名称', '存在问题、困难、诉求描述', '建议解决部门', '企业联系人及联系方式', '备注'],
  });
  for (const info of kinds) {
    assert.equal(info.headers[0], '序号');
    // Every name of a form reads back to it.
    for (const name of [info.key, info.key.toUpperCase(), ` ${info.key} `, info.label_zh, info.title, info.attachment]) {
      const kind = FormKind.parse(name);
      assert.ok(kind instanceof FormKind);
      assert.deepStrictEqual(kind.info(), info, name);
    }
    const kind = FormKind.parse(info.key);
    assert.deepStrictEqual([kind.key, kind.labelZh, kind.title, kind.attachment, kind.headers],
      [info.key, info.label_zh, info.title, info.attachment, info.headers]);
    assert.equal(String(kind), info.key);
    assert.equal(JSON.stringify({ kind }), `{"kind":"${info.key}"}`);
  }
});

test('buildForm: a FormKind or any name of it, the arguments stay usable, no directory gives unit ids', () => {
  const a = buildForm('ledger', year, directory, ...OCTOBER);
  assert.ok(a instanceof Form);
  const kind = FormKind.parse('附件2');
  const b = buildForm(kind, year, directory, ...OCTOBER);
  assert.equal(b.toCsv(), a.toCsv());
  assert.equal(kind.key, 'ledger');
  assert.equal(year.counts.demands, 2000);
  assert.equal(directory.units().length > 0, true);
  // Without a directory (undefined or null) the units are named by their ids.
  const ids = buildForm('transfer', year, null, ...OCTOBER);
  assert.deepStrictEqual(buildForm('transfer', year, undefined, ...OCTOBER).toJSON(), ids.toJSON());
  const names = buildForm('transfer', year, directory, ...OCTOBER);
  assert.equal(ids.rows.length, names.rows.length);
  const unitIds = new Set(directory.units().map((u) => u.id));
  const lead = (cell) => cell.split('（')[0];
  assert.ok(ids.rows.every((r) => unitIds.has(lead(r.cells[4]))));
  assert.ok(names.rows.every((r) => !unitIds.has(lead(r.cells[4]))));
});

test('Form: getters, toJSON and toJson are the same form; JSON.stringify writes the core\'s JSON text', () => {
  for (const key of KEYS) {
    const form = buildForm(key, year, directory, ...OCTOBER);
    const fields = form.toJSON();
    assert.deepStrictEqual(Object.keys(fields), ['kind', 'attachment', 'title', 'from', 'to', 'headers', 'rows']);
    assert.deepStrictEqual(fields, {
      kind: form.kind, attachment: form.attachment, title: form.title, from: form.from, to: form.to,
      headers: form.headers, rows: form.rows,
    });
    assert.deepStrictEqual(fields, JSON.parse(form.toJson()));
    assert.equal(JSON.stringify(form), form.toJson(), key);
    assert.deepStrictEqual([form.kind, form.from, form.to], [key, ...OCTOBER]);
    assert.deepStrictEqual(form.headers, FormKind.parse(key).headers);
    assert.ok(form.rows.length > 0, key);
  }
});

// ---- the sample year: each form's rows counted again from the replayed states -----------------

/** The +08:00 date of an RFC 3339 instant (the states' instants are +08:00 already). */
const dateOf = (at) => {
  assert.ok(at.endsWith('+08:00'), at);
  return at.slice(0, 10);
};

/** What makes each form's rows, per state: the receipt, the dispatches, the replies, the reached callbacks. */
const SOURCES = {
  ledger: (s) => [{ at: s.received_at }],
  transfer: (s) => s.dispatches,
  feedback: (s) => s.rounds.filter((r) => r.reply !== null).map((r) => ({ at: r.replied_at })),
  satisfaction: (s) => s.callbacks.filter((c) => c.satisfaction !== 'unreached'),
};

test('the sample year, month by month: one row per receipt, dispatch, reply and reached callback in the range', () => {
  const states = year.toJSON().states;
  for (let m = 1; m <= 12; m += 1) {
    const month = `2026-${String(m).padStart(2, '0')}`;
    const last = new Date(Date.UTC(2026, m, 0)).toISOString().slice(0, 10);
    for (const key of KEYS) {
      const form = buildForm(key, year, directory, `${month}-01`, last);
      const expected = states.flatMap((s) => SOURCES[key](s).filter((x) => dateOf(x.at).startsWith(month))
        .map((x) => ({ demand: s.demand, at: x.at })));
      expected.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.demand < b.demand ? -1 : a.demand > b.demand ? 1 : 0));
      assert.deepStrictEqual(form.rows.map((r) => ({ demand: r.demand, at: r.at })), expected, `${key} ${month}`);
      form.rows.forEach((r, i) => {
        assert.equal(r.cells[0], String(i + 1));
        assert.equal(r.cells.length, form.headers.length);
      });
    }
  }
});

/** RFC 4180 records (CRLF-terminated; quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      record.push(field);
      field = '';
    } else if (!quoted && c === '\r') {
      assert.equal(text[i + 1], '\n', 'CR without LF outside quotes');
      i += 1;
      record.push(field);
      records.push(record);
      [record, field] = [[], ''];
    } else {
      assert.ok(quoted || c !== '\n', 'bare LF outside quotes');
      field += c;
    }
  }
  assert.ok(record.length === 0 && field === '', 'the last record ends in CRLF');
  return records;
}

/** A cell as the CSV writes it: a formula-like cell gets a leading apostrophe. */
const neutralised = (cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

test('toCsv() reads back to the headers and the cells: BOM, CRLF, RFC 4180, formula-safe', () => {
  for (const key of KEYS) {
    const form = buildForm(key, year, directory, '2026-01-01', '2026-12-31');
    const csv = form.toCsv();
    assert.ok(csv.startsWith('\ufeff'), key);
    const [headers, ...rows] = parseCsv(csv.slice(1));
    assert.deepStrictEqual(headers, form.headers);
    assert.deepStrictEqual(rows, form.rows.map((r) => r.cells.map(neutralised)), key);
  }
  const tricky = [
    { v: 1, demand: 'D-1', type: 'received', at: '2026-10-12T09:00+08:00', category: 'help', topics: ['tax'],
      territory: 'kaifaqu', enterprise: '=某公司,"甲"', text: '第一行\r\n第二行', contact: '-王' },
  ];
  const form = buildForm('ledger', new Rules().replayStream(tricky.map((e) => JSON.stringify(e)).join('\n')),
    null, ...OCTOBER);
  assert.equal(form.rows[0].cells[1], '=某公司,"甲"', 'the JSON keeps the text as given');
  assert.equal(form.toCsv().split('\r\n')[1], `1,"'=某公司,""甲""","第一行`);
  assert.deepStrictEqual(parseCsv(form.toCsv().slice(1))[1], ['1', `'=某公司,"甲"`, '第一行\r\n第二行', '', "'-王", '已受理']);
});

test('byte identity: buildForm(…).toCsv() is the CSV that `jiesu report --forms` writes', (t) => {
  if (!existsSync(CLI)) {
    t.skip(`${path.relative(ROOT, CLI)} is not built`);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiesu-forms-'));
  try {
    execFileSync(CLI, ['report', path.join(FIXTURES, 'city', 'year-2026.jsonl'), '--directory',
      path.join(FIXTURES, 'city', 'directory.json'), '--month', '2026-10', '--forms', dir],
    { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    for (const key of KEYS) {
      const written = readFileSync(path.join(dir, `${key}.csv`));
      const csv = buildForm(key, year, directory, ...OCTOBER).toCsv();
      assert.ok(Buffer.from(csv, 'utf8').equals(written), `${key}.csv differs`);
    }
    // The brief's own example, spelled out.
    assert.equal(buildForm('ledger', year, directory, '2026-10-01', '2026-10-31').toCsv(),
      readFileSync(path.join(dir, 'ledger.csv'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every FormsError code; a bad date is invalid_date; wrong JS types are TypeErrors', () => {
  const e = assertThrowsCode(() => FormKind.parse('台账'), 'forms_unknown_form');
  assert.equal(e.name, 'FormsError');
  assert.match(e.message, /台账/);
  assertThrowsCode(() => buildForm('ledgers', year, directory, ...OCTOBER), 'forms_unknown_form');
  assertThrowsCode(() => buildForm('ledger', year, directory, '2026-10-31', '2026-10-01'), 'forms_invalid_range');
  assertThrowsCode(() => buildForm('ledger', year, directory, '2026-10-01', '2026-10-32'), 'invalid_date');
  for (const f of [
    () => FormKind.parse(2),
    () => buildForm(2, year, directory, ...OCTOBER),
    () => buildForm(directory, year, directory, ...OCTOBER),
    () => buildForm('ledger', year.toJSON(), directory, ...OCTOBER),
    () => buildForm('ledger', YEAR, directory, ...OCTOBER),
    () => buildForm('ledger', year, cityText('directory.json'), ...OCTOBER),
    () => buildForm('ledger', year, year, ...OCTOBER),
    () => buildForm('ledger', year, directory, new Date(), '2026-10-31'),
    () => buildForm('ledger', year, directory, '2026-10-01'),
  ]) {
    assert.throws(f, TypeError, f.toString());
  }
  assert.equal(buildForm('ledger', year, directory, ...OCTOBER).kind, 'ledger');
});

test('pkg-web: buildForm, formKinds and the duties checks in the web build', async () => {
  const web = await import(pathToFileURL(path.join(PKG_WEB_DIR, 'jiesu.js')).href);
  await web.default({ module_or_path: await readFile(path.join(PKG_WEB_DIR, 'jiesu_bg.wasm')) });
  const dir = web.Directory.fromJson(cityText('directory.json'));
  const result = new web.Rules(undefined, undefined, dir).replayStream(YEAR);
  assert.equal(web.buildForm('ledger', result, dir, ...OCTOBER).toCsv(),
    buildForm('ledger', year, directory, ...OCTOBER).toCsv());
  assert.deepStrictEqual(web.formKinds(), formKinds());
  assert.throws(() => web.FormKind.parse('x'), (e) => e instanceof Error && e.name === 'FormsError' && e.code === 'forms_unknown_form');
  const duties = (name) => readFileSync(path.join(FIXTURES, 'duties', name), 'utf8');
  const report = web.collectionShortfalls(web.Register.fromJson(duties('register.json')),
    web.CollectionLog.fromJsonl(duties('collection.jsonl')), '2026-10-01', '2026-12-31');
  assert.equal(report.totals.rows_short, 7);
  const days = web.fieldDayShortfalls(web.Leaders.fromJson(duties('leaders.json')),
    web.FieldDayLog.fromJsonl(duties('field_days.jsonl')), '2026-10-01', '2026-12-31');
  assert.equal(days.totals.shortfall, 7);
  assert.throws(() => web.Register.fromJson('[]'), (e) => e.name === 'DutiesError' && e.code === 'duties_invalid_register');
});
