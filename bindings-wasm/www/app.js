// The page: three views behind the tabs. The deadline calculator (期限计算) runs on the slim
// build (pkg-web-deadlines: calendar + deadlines, ~117 KB gzipped); the timeline and the board
// load the full build (pkg-web) on first use, by dynamic import() of ./timeline.js / ./board.js.
import init, { Policy, Rules, version } from '../pkg-web-deadlines/jiesu.js';
import {
  h, dayNumber, dateOf, weekday, weekdayIndex, fmtInstant, dateOfInstant, nowLocal, dayLabel, errorBox,
} from './util.js';

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- views (hash routing)

const lazy = {
  timeline: () => import('./timeline.js'),
  board: () => import('./board.js'),
};
const mounted = new Map();

function route() {
  const name = (location.hash.slice(1).split('?')[0] || 'calculator');
  const view = ['calculator', 'timeline', 'board'].includes(name) ? name : 'calculator';
  for (const section of document.querySelectorAll('main > .view')) section.hidden = section.id !== view;
  for (const a of document.querySelectorAll('nav a')) a.toggleAttribute('aria-current', a.dataset.view === view);
  if (lazy[view] && !mounted.has(view)) {
    const section = $(view);
    mounted.set(view, lazy[view]()
      .then((m) => m.mount(section.querySelector('.mount')))
      .catch((e) => section.querySelector('.mount').replaceChildren(errorBox(e))));
  }
}
window.addEventListener('hashchange', route);
route();

// ---------------------------------------------------------------- the deadline calculator

performance.mark('jiesu:app-start');
try {
  await init();
} catch (e) {
  $('calc-result').replaceChildren(errorBox(e), h('p', { class: 'hint' },
    '无法加载 WASM:请通过本地服务器打开本页 (scripts/demo --web),不要直接打开文件。',
    h('span', { class: 'en' }, ' Serve the page (scripts/demo --web); file:// cannot load the module.')));
  throw e;
}
performance.mark('jiesu:wasm-ready');
// Two rule sets, made on first use: the seed, and the seed answering beyond coverage (§1).
const ruleSets = {};
const rulesFor = (provisional) => (provisional
  ? (ruleSets.provisional ??= new Rules(undefined,
    Policy.fromJson('{"name": "seed-provisional", "beyond_coverage": "weekends_only"}')))
  : (ruleSets.strict ??= new Rules()));

const KIND_LABEL = {
  feedback: '报结果/申请销号 feedback',
  redo: '重新办理 redo',
  plan: '解决方案 plan',
  working_days: '工作日 working days',
  same_day: '当天解决 same-day target',
};

const form = $('calc-form');
const params = new URLSearchParams(location.search);
$('start').value = params.get('start') ?? nowLocal();
if (params.get('kind')) form.kind.value = params.get('kind');
if (params.get('completion')) $('completion').value = params.get('completion');
if (params.get('n')) $('n').value = params.get('n');

function compute() {
  const start = $('start').value;
  if (!start) return null;
  const rules = rulesFor($('provisional').checked);
  switch (form.kind.value) {
    case 'redo': return [rules, rules.redoDeadline(start)];
    case 'same_day': return [rules, rules.sameDayTarget(start)];
    case 'working_days': return [rules, rules.deadline(start, Number($('n').value))];
    case 'plan': {
      if (!$('completion').value) {
        // A plan names its own date: start from the feedback limit's last day.
        $('completion').value = rules.feedbackDeadline(start).due_date;
      }
      return [rules, rules.planDeadline(start, $('completion').value, $('explanation').value || undefined)];
    }
    default: return [rules, rules.feedbackDeadline(start)];
  }
}

let firstShown = false;
function update() {
  const out = $('calc-result');
  let rules;
  let d;
  try {
    const r = compute();
    if (!r) return;
    [rules, d] = r;
  } catch (e) {
    out.replaceChildren(errorBox(e), e?.code === 'calendar_out_of_range'
      ? h('p', { class: 'hint' }, '勾选“按周末推算”可得到临时结果 (tick “weekends only” for a provisional answer).')
      : null);
    return;
  }
  out.replaceChildren(renderDeadline(d, rules));
  if (!firstShown) {
    firstShown = true;
    performance.mark('jiesu:first-deadline');
    document.documentElement.dataset.firstDeadlineMs = performance.now().toFixed(1);
    $('versions').textContent = ` · jiesu ${version()} · 日历 calendar ${d.calendar_version}`;
  }
}

function renderDeadline(d, rules) {
  const dueDay = d.due_date;
  const parts = [];
  if (d.provisional) {
    parts.push(h('div', { class: 'provisional-warning', role: 'status' },
      h('strong', {}, '临时结果 '),
      `${rules.calendar.lastYear + 1} 年节假日安排尚未发布,超出部分按周末推算,发布后请重新计算。`,
      h('span', { class: 'en' }, ` Provisional: the ${rules.calendar.lastYear + 1} arrangement is not yet published;`
        + ' days beyond the calendar\'s coverage count weekends only. Recompute when it is.')));
  }
  parts.push(h('div', { class: 'due-panel panel' },
    h('div', { class: 'due-main' },
      h('span', { class: 'label' }, '截止日期 ', h('span', { class: 'en' }, 'due date')),
      h('span', { id: 'due-date', class: 'big' }, dueDay),
      h('span', { id: 'due-weekday', class: 'wd' }, weekday(dueDay))),
    h('dl', { class: 'facts' },
      h('dt', {}, '截止时刻 ', h('span', { class: 'en' }, 'due instant')),
      h('dd', {}, h('span', { id: 'due-instant' }, fmtInstant(d.due)), ' ',
        h('span', { class: 'hint' }, '早于此刻答复为按时 (on time iff strictly before)')),
      h('dt', {}, '时限 ', h('span', { class: 'en' }, 'limit')),
      h('dd', { id: 'limit-kind' }, KIND_LABEL[d.kind] ?? d.kind),
      h('dt', {}, '起算 ', h('span', { class: 'en' }, 'clock start')),
      h('dd', {}, `${fmtInstant(d.start)} ${weekday(dateOfInstant(d.start))}`),
      h('dt', {}, '工作日数 ', h('span', { class: 'en' }, 'working days')),
      h('dd', { id: 'working-days' }, String(d.working_days)),
      d.extension_working_days != null ? [
        h('dt', {}, '延期 ', h('span', { class: 'en' }, 'extension')),
        h('dd', { id: 'extension' }, d.extension_working_days > 0
          ? `超出 5 个工作日时限 ${d.extension_working_days} 个工作日 (an extension)` : '未延期 (within the limit)'),
      ] : null,
      h('dt', {}, '日历版本 ', h('span', { class: 'en' }, 'calendar')),
      h('dd', { id: 'calendar-version' }, h('code', {}, d.calendar_version), ` · 规则配置 policy ${d.policy}`))));

  parts.push(h('div', { class: 'panel days' },
    h('h3', {}, `跳过 ${d.skipped.length} 天 `, h('span', { class: 'en' }, 'days skipped')),
    d.skipped.length
      ? h('ul', { id: 'skipped', class: 'chips' }, d.skipped.map((x) => h('li', {
        class: `chip ${x.kind}${x.provisional ? ' provisional' : ''}`, dataset: { date: x.date },
      }, h('span', { class: 'date' }, `${x.date.slice(5)} ${weekday(x.date).slice(2)}`), ' ', dayLabel(x),
      x.provisional ? ' (临时)' : '')))
      : h('p', { class: 'hint', id: 'skipped' }, '无 (none)'),
    d.make_up_days.length ? [
      h('h3', {}, `调休补班 ${d.make_up_days.length} 天 `, h('span', { class: 'en' }, 'make-up working days counted')),
      h('ul', { id: 'make-up', class: 'chips' }, d.make_up_days.map((x) => h('li', { class: 'chip make_up_workday', dataset: { date: x.date } },
        h('span', { class: 'date' }, `${x.date.slice(5)} ${weekday(x.date).slice(2)}`), ' ', dayLabel(x)))),
    ] : null));

  parts.push(renderMonths(d, rules));
  return h('div', { class: 'result' }, parts);
}

/** Month grids from the start's month to the due date's month (at most 4, else the ends). */
function renderMonths(d, rules) {
  const startDay = dateOfInstant(d.start);
  const first = startDay.slice(0, 7);
  const last = d.due_date.slice(0, 7);
  const months = [];
  for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
  const shown = months.length > 4 ? [months[0], null, ...months.slice(-2)] : months;
  // Counted working days: (start, due] — with 含本数 the start day counts too.
  const counted = new Map();
  const notable = new Map();
  for (const m of shown.filter(Boolean)) {
    try {
      for (const x of rules.calendar.notableDaysIn(`${m}-01`, monthEnd(m))) notable.set(x.date, x);
    } catch { /* beyond coverage without the provisional mode: plain weekdays */ }
  }
  const isWorking = (date) => (notable.has(date) ? notable.get(date).working : weekdayIndex(date) % 6 !== 0);
  if (d.working_days > 0 && months.length <= 4) {
    const days = [];
    for (let n = dayNumber(startDay); n <= dayNumber(d.due_date); n += 1) if (isWorking(dateOf(n))) days.push(dateOf(n));
    const from = Math.max(0, days.length - d.working_days);
    days.slice(from).forEach((date, i) => counted.set(date, i + 1));
  }
  const skipped = new Set(d.skipped.map((x) => x.date));
  return h('div', { class: 'panel months' },
    h('h3', {}, '日历 ', h('span', { class: 'en' }, 'calendar')),
    h('div', { class: 'month-row' }, shown.map((m) => (m ? renderMonth(m, {
      startDay, dueDay: d.due_date, notable, counted, skipped, isWorking,
    }) : h('div', { class: 'month gap' }, '…')))),
    h('ul', { class: 'legend' },
      h('li', { class: 'cell workday' }, '工作日 working day'),
      h('li', { class: 'cell weekend' }, '周末 weekend'),
      h('li', { class: 'cell holiday' }, '法定节假日 holiday'),
      h('li', { class: 'cell make_up_workday' }, '调休补班 make-up working day'),
      h('li', { class: 'cell counted' }, '计入 counted (第 n 个工作日)'),
      h('li', { class: 'cell start' }, '起算 start'),
      h('li', { class: 'cell due' }, '截止 due')));
}

function renderMonth(m, { startDay, dueDay, notable, counted, skipped, isWorking }) {
  const [y, mo] = m.split('-').map(Number);
  const firstDay = `${m}-01`;
  const lead = (weekdayIndex(firstDay) + 6) % 7; // weeks start on Monday
  const cells = [];
  for (let i = 0; i < lead; i += 1) cells.push(h('div', { class: 'cell pad' }));
  for (let n = dayNumber(firstDay); n <= dayNumber(monthEnd(m)); n += 1) {
    const date = dateOf(n);
    const x = notable.get(date);
    const kind = x ? x.kind : (isWorking(date) ? 'workday' : 'weekend');
    const classes = ['cell', kind];
    if (counted.has(date)) classes.push('counted');
    if (skipped.has(date)) classes.push('skipped');
    if (date === startDay) classes.push('start');
    if (date === dueDay) classes.push('due');
    if (x?.provisional) classes.push('provisional');
    const note = date === dueDay ? '截止'
      : date === startDay ? '起算'
        : kind === 'holiday' ? x.name
          : kind === 'make_up_workday' ? '补班'
            : kind === 'weekend' ? '休' : '';
    cells.push(h('div', {
      class: classes.join(' '), dataset: { date }, title: `${date} ${weekday(date)} ${x ? dayLabel(x) : (isWorking(date) ? '工作日' : '周末')}`
        + (counted.has(date) ? ` · 第 ${counted.get(date)} 个工作日` : ''),
    },
    h('span', { class: 'dn' }, String(Number(date.slice(8)))),
    counted.has(date) ? h('span', { class: 'nth' }, String(counted.get(date))) : null,
    h('span', { class: 'note' }, note)));
  }
  return h('div', { class: 'month' },
    h('div', { class: 'month-title' }, `${y} 年 ${mo} 月`),
    h('div', { class: 'grid' },
      ['一', '二', '三', '四', '五', '六', '日'].map((w) => h('div', { class: 'cell head' }, w)),
      cells));
}

function nextMonth(m) {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

function monthEnd(m) {
  return dateOf(dayNumber(`${nextMonth(m)}-01`) - 1);
}

form.addEventListener('input', update);
form.addEventListener('change', update);
form.addEventListener('submit', (e) => { e.preventDefault(); update(); });
update();
