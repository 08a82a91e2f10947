// The stream benchmark, JS side (bench/stream): replay + cards + annual evaluation of a generated
// year through the WASM package (Node). Prints one JSON object.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [, , path, directory, pkg] = process.argv;
const { Rules, Directory } = require(pkg);
const t0 = performance.now();
const text = readFileSync(path, 'utf8');
const rules = new Rules(undefined, undefined, Directory.fromJson(readFileSync(directory, 'utf8')));
const result = rules.replayStream(text);
const board = rules.cards(result);
const evaluation = rules.annualEvaluation(result, '2026');
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({
  runner: 'js', seconds: Math.round(seconds * 1000) / 1000, peak_bytes: process.resourceUsage().maxRSS * 1024,
  events: result.counts.applied, units: evaluation.units.length, board_units: board.units.length,
}));
