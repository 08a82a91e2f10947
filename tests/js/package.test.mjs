// The npm package as shipped: package.json entry points exist and are the boundary wrapper
// (jiesu.js, bindings-wasm/js/boundary.js inlined) over the generated glue (jiesu_glue.js), and
// the generated TypeScript declarations (jiesu_glue.d.ts, re-exported by jiesu.d.ts) are typed
// (no `any`), with the custom Day / Deadline / JiesuError interfaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import jiesu, { ROOT, PKG_DIR, PKG_WEB_DIR, version } from './jiesu.mjs';

const PACKAGE_DIR = path.join(ROOT, 'bindings-wasm');
const manifest = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

/** Every file path named in an `exports` map. */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  return Object.values(value).flatMap(exportTargets);
}

test('package.json: name, version and every entry point exist', () => {
  assert.equal(manifest.name, 'jiesu');
  assert.equal(manifest.version, version());
  for (const file of [manifest.main, manifest.types, manifest.browser, ...exportTargets(manifest.exports), ...manifest.files]) {
    assert.ok(existsSync(path.join(PACKAGE_DIR, file)), file);
  }
  assert.equal(path.join(PACKAGE_DIR, manifest.main), path.join(PKG_DIR, 'jiesu.js'));
  assert.equal(path.join(PACKAGE_DIR, manifest.browser), path.join(PKG_WEB_DIR, 'jiesu.js'));
});

for (const dir of ['pkg', 'pkg-web', 'pkg-web-deadlines']) {
  test(`${dir}: the entry is the boundary wrapper, its typings re-export the generated ones`, () => {
    const entry = readFileSync(path.join(PACKAGE_DIR, dir, 'jiesu.js'), 'utf8');
    assert.ok(entry.startsWith('// jiesu: the package entry, written by bindings-wasm/js/write-entry.mjs'));
    assert.match(entry, dir === 'pkg' ? /require\('\.\/jiesu_glue\.js'\)/ : /from '\.\/jiesu_glue\.js'/);
    assert.ok(entry.includes('function wrap(glue, options)'));
    const dts = readFileSync(path.join(PACKAGE_DIR, dir, 'jiesu.d.ts'), 'utf8');
    assert.ok(dts.includes("export * from './jiesu_glue.js';"), dts);
    assert.equal(dts.includes("export { default } from './jiesu_glue.js';"), dir !== 'pkg');
    const glue = readFileSync(path.join(PACKAGE_DIR, dir, 'jiesu_glue.js'), 'utf8');
    assert.ok(glue.startsWith('/* @ts-self-types="./jiesu_glue.d.ts" */'));
  });
}

for (const dir of [PKG_DIR, PKG_WEB_DIR]) {
  const name = path.relative(ROOT, path.join(dir, 'jiesu_glue.d.ts'));
  test(`${name}: typed, no any`, () => {
    const dts = readFileSync(path.join(dir, 'jiesu_glue.d.ts'), 'utf8');
    for (const decl of ['interface Day', 'interface Deadline', 'interface JiesuError extends Error',
      'interface Override', 'type DayKind', 'class Calendar', 'class Policy', 'class Rules',
      'class Category', 'class PolicyLibrary', 'class Consultation', 'class Directory', 'class RouteRequest', 'type CategoryKey', 'type Handling',
      'interface CategoryInfo', 'interface PolicyEntry', 'interface ConsultationFields', 'interface Hit',
      'interface PolicyMatch', 'interface NotInForce', 'interface AnswerDecision', 'interface Unit',
      'interface Topic', 'interface Rule', 'interface RouteRequestFields', 'interface RuleMatch',
      'interface Route', 'type UnitKind', 'type Level', 'type Outcome', 'type LeadReason',
      'type Specificity', 'type Validity', 'type HitKind', 'type AnswerReason', 'type ClockStart',
      'type Consecutive', 'class Event', 'class DemandState', 'class StreamResult', 'class Replayer',
      'type EventType', 'type EventFields', 'interface EventCommon', 'type Satisfaction', 'type Opinion',
      'type Stage', 'type RoundKind', 'type Opening', 'type RoundEnd', 'interface Reply', 'interface Round',
      'interface Dispatch', 'interface Escalation', 'interface UnitReturn', 'interface Plan',
      'interface Callback', 'interface Return', 'interface Verification', 'type NoticeKind', 'type Role',
      'interface Notice', 'type FlagKind', 'interface Flag', 'type ClosedAs', 'interface ExtRecord',
      'interface DemandStateFields', 'type Waiting', 'interface Status', 'interface ReplyEvent',
      'type DerivedEvent', 'interface DemandLabel', 'interface Rejected', 'interface StreamCounts',
      'interface StreamResultFields', 'interface ReplayStreamOptions', 'interface EvaluationKnobs',
      'class CardBoard', 'type Colour', 'type CardKind', 'interface Cause', 'interface CardEvent',
      'interface BoardRow', 'interface CardBoardFields', 'class Period', 'type PeriodKind',
      'interface PeriodFields', 'type Product', 'interface CallbackCounts', 'interface UnitCounts',
      'interface Rates', 'interface ScoreParts', 'interface UnitEvaluation', 'interface RankEntry',
      'interface GroupRanking', 'interface BottomUnits', 'type AccountabilityKind',
      'interface AccountabilityEntry', 'interface Accountability', 'interface Evaluation',
      'interface KnobChange', 'interface Standing', 'interface UnitChange', 'interface Comparison',
      'class Register', 'class Leaders', 'class CollectionLog', 'class FieldDayLog', 'type EnterpriseKind',
      'interface RegisteredEnterprise', 'interface RegisterFields', 'interface Leader', 'interface LeadersFields',
      'interface CollectionConsultation', 'interface WeeklyReport', 'interface CollectionLogFields',
      'interface FieldDay', 'interface FieldDayLogFields', 'interface CollectionRow', 'interface TerritorySummary',
      'interface CollectionTotals', 'type CollectionIssueKind', 'interface CollectionIssue',
      'interface CollectionReport', 'interface FieldDayRow', 'interface LeaderSummary', 'interface FieldDayTotals',
      'type FieldDayIssueKind', 'interface FieldDayIssue', 'interface FieldDayReport', 'class Form',
      'class FormKind', 'type FormKindKey', 'interface FormKindInfo', 'interface FormRow',
      'interface FormFields']) {
      assert.ok(dts.includes(`export ${decl}`), decl);
    }
    // The public surface only: wasm-bindgen's own init types (web target) may use `any`.
    const surface = dts.split('export type InitInput')[0];
    const anys = surface.split('\n').filter((line) => /\bany\b/.test(line) && !line.trim().startsWith('*'));
    assert.deepStrictEqual(anys, []);
    for (const sig of ['feedbackDeadline(start: string | Date): Deadline;', 'day(date: string): Day;',
      'arrangement(year: number): Day[];', 'addWorkingDaysMany(dates: string[], n: number | number[] | Int32Array, options?: RaiseOptions): string[];',
      'addWorkingDaysDays(days: Int32Array', 'isWorkingDayMany(dates: string[]): boolean[];',
      'feedbackDues(starts: Float64Array', 'constructor(calendar?: Calendar, policy?: Policy, directory?: Directory);',
      'errorCodes(): ErrorCode[];', 'overrides(): Override[];', 'readonly beyondCoverage: BeyondCoverage;',
      'categories(): CategoryInfo[];', 'static parse(text: string): Category;', 'readonly key: CategoryKey;',
      'readonly labelZh: string;', 'readonly handling: Handling;', 'readonly isDispatched: boolean;',
      'info(): CategoryInfo;', 'toJSON(): CategoryKey;', 'static fromJson(text: string): PolicyLibrary;',
      'readonly name: string | null;', 'entries(): PolicyEntry[];', 'entry(id: string): PolicyEntry | null;',
      'inForce(date: string): PolicyEntry[];',
      'matchConsultation(consultation: Consultation | ConsultationFields | string): PolicyMatch[];',
      'instantAnswer(category: Category | string, consultation: Consultation | ConsultationFields | string): AnswerDecision;',
      'constructor(topics: string[], text: string, date: string);', 'static fromJson(text: string): Consultation;',
      'toJSON(): ConsultationFields;', 'static fromJson(text: string): RouteRequest;', 'readonly category: Category;',
      'readonly territory: string | null;', 'readonly level: Level;', 'toJSON(): RouteRequestFields;',
      'notableDaysIn(from: string, to: string): Day[];', 'isOnTime(deadline: Deadline, reply: string | Date): boolean;',
      'static fromJson(text: string): Directory;', 'units(): Unit[];', 'topics(): Topic[];', 'rules(): Rule[];',
      'unit(id: string): Unit | null;', 'rule(id: string): Rule | null;', 'center(): Unit;', 'government(): Unit;',
      'route(request: RouteRequest | RouteRequestFields | string): Route;',
      'readonly directory: Directory | null;', 'withDirectory(directory: Directory): Rules;',
      'replay(events: (Event | EventFields | string)[], at?: string | Date): DemandState;',
      'replayStream(text: string, options?: ReplayStreamOptions): StreamResult;',
      'static receive(rules: Rules, event: Event | EventFields | string): DemandState;',
      'apply(rules: Rules, event: Event | EventFields | string): DemandState;',
      'statusAt(now: string | Date, policy?: Policy): Status;', 'toJSON(): DemandStateFields;',
      'static fromJson(text: string, policy?: Policy): DemandState;', 'readonly stage: Stage;',
      'readonly coUnits: string[];', 'readonly lead: string | null;', 'readonly rounds: Round[];',
      'readonly notices: Notice[];', 'readonly flags: Flag[];', 'static fromJson(text: string): Event;',
      'toJSON(): EventFields;', 'readonly type: EventType;', 'readonly states: DemandState[];',
      'readonly rejected: Rejected[];', 'readonly derived: DerivedEvent[];', 'readonly counts: StreamCounts;',
      'toJSON(): StreamResultFields;', 'constructor(rules: Rules, strict?: boolean);',
      'pushLine(line: string): void;', 'finish(at?: string | Date): StreamResult;', 'demandLabels(): DemandLabel[];',
      'readonly territoryLimit: boolean;', 'readonly cardCoUnits: boolean;',
      'readonly consecutive: Consecutive;', 'readonly resetYearly: boolean;',
      'readonly maxPlanWorkingDays: number | null;', 'readonly clockStart: ClockStart;',
      'readonly evaluation: EvaluationKnobs;',
      'cards(source: StreamResult | DerivedEvent[]): CardBoard;', 'history(unit: string): CardEvent[];',
      'colour(unit: string, at: string | Date): Colour;', 'board(at: string | Date): BoardRow[];', 'events(): CardEvent[];',
      'readonly units: string[];', 'toJSON(): CardBoardFields;',
      'evaluate(result: StreamResult, period: Period | string | number): Evaluation;',
      'notification(result: StreamResult, month: Period | string | number): Evaluation;',
      'quarterlyEvaluation(result: StreamResult, quarter: Period | string | number): Evaluation;',
      'halfYearRanking(result: StreamResult, half: Period | string | number): Evaluation;',
      'annualEvaluation(result: StreamResult, year: Period | string | number): Evaluation;',
      'compare(result: StreamResult, otherPolicy: Policy, period: Period | string | number, otherResult?: StreamResult): Comparison;',
      'periodLabelZh(period: Period | string | number): string;',
      'withPolicy(policy: Policy): Rules;', 'static parse(text: string): Period;', 'contains(at: string | Date): boolean;',
      'readonly kind: PeriodKind;', 'readonly from: string;', 'readonly start: string;', 'toJSON(): PeriodFields;',
      'score: string | null;', 'on_time_rate: string | null;', '| "CardError"', '| "EvaluationError"',
      '| "DutiesError"', '| "FormsError"',
      'static fromJson(text: string): Register;', 'enterprises(): RegisteredEnterprise[];',
      'checkTerritories(directory: Directory): void;', 'toJSON(): RegisterFields;',
      'static fromJson(text: string): Leaders;', 'leaders(): Leader[];', 'quota(id: string): number | null;',
      'toJSON(): LeadersFields;', 'static fromJsonl(text: string): CollectionLog;',
      'readonly consultations: CollectionConsultation[];', 'readonly reports: WeeklyReport[];',
      'toJSON(): CollectionLogFields;', 'static fromJsonl(text: string): FieldDayLog;',
      'readonly days: FieldDay[];', 'toJSON(): FieldDayLogFields;',
      'collectionShortfalls(register: Register, log: CollectionLog, from: string, to: string): CollectionReport;',
      'fieldDayShortfalls(leaders: Leaders, log: FieldDayLog, from: string, to: string): FieldDayReport;',
      'reported_at: string | null;', 'registered_territory: string | null;', 'enterprise?: string;', 'quota?: number;',
      'buildForm(kind: FormKind | string, result: StreamResult, directory: Directory | null | undefined, from: string, to: string): Form;',
      'formKinds(): FormKindInfo[];', 'static parse(name: string): FormKind;', 'readonly key: FormKindKey;',
      'info(): FormKindInfo;', 'toJSON(): FormKindKey;', 'toCsv(): string;', 'toJson(): string;',
      'toJSON(): FormFields;', 'readonly kind: FormKindKey;', 'readonly rows: FormRow[];',
      'readonly headers: string[];']) {
      assert.ok(surface.includes(sig), sig);
    }
  });
}

test('the Node build exports the API, and nothing internal in the typings', () => {
  for (const name of ['Calendar', 'Policy', 'Rules', 'isOnTime', 'Category', 'categories', 'PolicyLibrary',
    'Consultation', 'Directory', 'RouteRequest', 'errorCodes', 'version', 'Event', 'DemandState',
    'StreamResult', 'Replayer', 'demandLabels', 'CardBoard', 'Period', 'periodLabelZh', 'Register', 'Leaders',
    'CollectionLog', 'FieldDayLog', 'collectionShortfalls', 'fieldDayShortfalls', 'FormKind', 'formKinds', 'Form',
    'buildForm']) {
    assert.equal(typeof jiesu[name], 'function', name);
  }
  const dts = readFileSync(path.join(PKG_DIR, 'jiesu_glue.d.ts'), 'utf8');
  assert.ok(!dts.includes('__clone') && !dts.includes('__jiesuStart') && !dts.includes('__panicForTest'));
  // The start function stays inside; the test-only panic is exported, hidden (no typings).
  assert.equal(jiesu.__jiesuStart, undefined);
  assert.equal(typeof jiesu.__panicForTest, 'function');
});

test('pkg-web-deadlines/jiesu_glue.d.ts: the slim typings name no routing type, and type the batches', () => {
  const dts = readFileSync(path.join(ROOT, 'bindings-wasm', 'pkg-web-deadlines', 'jiesu_glue.d.ts'), 'utf8');
  for (const name of ['Category', 'Directory', 'PolicyLibrary', 'RouteRequest', 'Route', 'AnswerDecision']) {
    assert.ok(!new RegExp(`\\b${name}\\b`).test(dts), name);
  }
  for (const sig of ['export interface BatchOptions', 'export interface Coerced<T>', 'export type Instants',
    'feedbackDues(starts: Float64Array | (number | Date)[], options: CoerceOptions): CoercedDues<Float64Array>;',
    'redoDuesIso(starts: (string | Date)[], options?: RaiseOptions): string[];',
    'addWorkingDaysDays(days: Int32Array | number[], n: number | Int32Array | number[], options: CoerceOptions): Coerced<Float64Array>;',
    'export function isOnTimeMany(dues: Instants, replies: Instants, options?: RaiseOptions): boolean[];',
    'feedbackDeadline(start: string | Date): Deadline;', 'row?: number;', 'value?: string;']) {
    assert.ok(dts.includes(sig), sig);
  }
});
