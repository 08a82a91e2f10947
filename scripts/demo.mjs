// The demo's JS half: the sample city's demands through the WASM package, as a web front end
// would call it. Writes the same JSON summary as scripts/demo.py, which scripts/demo compares.
//
// Usage: node scripts/demo.mjs OUT.json
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CITY = path.join(ROOT, 'fixtures', 'city');
const require = createRequire(import.meta.url);
const { Category, Directory, PolicyLibrary, Policy, Rules } = require(path.join(ROOT, 'bindings-wasm', 'pkg', 'jiesu.js'));

const read = (file) => fs.readFileSync(path.join(CITY, file), 'utf8');
const directory = Directory.fromJson(read('directory.json'));
const library = PolicyLibrary.fromJson(read('policy_library.json'));
const { demands } = JSON.parse(read('demands.json'));
const rules = new Rules();
// In December the next year's notice is not out: answer provisionally, and say so (rules §1).
const provisional = new Rules(undefined, Policy.fromJson(read('policy-provisional.json')));

/** Python's json.dumps(sort_keys=True): objects with sorted keys, so the two summaries compare. */
const sorted = (v) => (Array.isArray(v) ? v.map(sorted)
  : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);

const summary = [];
for (const d of demands) {
  const category = Category.parse(d.category);
  const row = { id: d.id, category: category.key };
  const decision = library.instantAnswer(category, { topics: d.topics, text: d.text, date: d.received.slice(0, 10) });
  row.answered = decision.answered;
  if (!decision.answered) {
    const route = directory.route({ category: category.key, topics: d.topics, territory: d.territory, level: 'center' });
    row.route = Object.fromEntries(['outcome', 'lead', 'lead_rule', 'lead_reason', 'co_units'].map((k) => [k, route[k]]));
    let deadline;
    try {
      deadline = rules.feedbackDeadline(d.dispatched);
    } catch (e) {
      if (e.code !== 'calendar_out_of_range') throw e;
      deadline = provisional.feedbackDeadline(d.dispatched);
    }
    row.deadline = deadline;
    const lead = route.lead ? directory.unit(route.lead).name : '推进中心人工派单 (manual)';
    console.log(`${d.id}  首接 ${lead}  报结果时限 ${deadline.due}${deadline.provisional ? ' [临时 provisional]' : ''}`);
  } else {
    console.log(`${d.id}  即时答复 answered at once (${decision.entry})`);
  }
  summary.push(row);
}
fs.writeFileSync(process.argv[2], JSON.stringify(sorted(summary), null, 1) + '\n');
