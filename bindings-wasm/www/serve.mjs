// The static server of the web front end: the page (bindings-wasm/www/) refers to the builds and
// the sample data by relative URLs that mirror the repository (../pkg-web-deadlines/,
// ../pkg-web/, ../../fixtures/), so it is served from the repository root — but only those
// folders, read-only, on 127.0.0.1. No dependencies: `node bindings-wasm/www/serve.mjs [port]`
// (scripts/demo --web) and the browser test (tests/browser/) both run it; port 0 picks a free
// one, and the first line printed is the page's URL. JIESU_WEB_ROOT serves another tree of the
// same layout instead of the repository (e.g. builds made elsewhere).
import http from 'node:http';
import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const ROOT = path.resolve(here, '../..');
/** The page's path on the server. */
export const PAGE = '/bindings-wasm/www/';
/** The only folders served (URL prefixes = repository paths). */
export const MOUNTS = [
  '/bindings-wasm/www/',
  '/bindings-wasm/pkg-web/',
  '/bindings-wasm/pkg-web-deadlines/',
  '/fixtures/events/',
  '/fixtures/city/',
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};

/** The file a URL path names, or null when it is outside the mounts. */
export function resolvePath(urlPath, root = ROOT) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  p = path.posix.normalize(p);
  if (p.endsWith('/')) p += 'index.html';
  if (p.includes('\0') || !MOUNTS.some((m) => p.startsWith(m))) return null;
  const file = path.join(root, ...p.split('/'));
  return file.startsWith(root + path.sep) ? file : null;
}

/** Starts the server; resolves to `{server, origin, url, close}`. `port: 0` picks a free port. */
export function startServer({ host = '127.0.0.1', port = 0, root = ROOT } = {}) {
  const server = http.createServer(async (req, res) => {
    const urlPath = new URL(req.url, 'http://x').pathname;
    const done = (status, body, headers = {}) => {
      res.writeHead(status, { 'Cache-Control': 'no-cache', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return done(405, 'method not allowed');
    if (urlPath === '/' || urlPath === PAGE.slice(0, -1)) return done(302, '', { Location: PAGE });
    const file = resolvePath(urlPath, root);
    if (!file) return done(404, 'not found');
    try {
      if (!(await stat(file)).isFile()) return done(404, 'not found');
      const body = await readFile(file);
      return done(200, body, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
      });
    } catch {
      return done(404, 'not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const origin = `http://${host}:${server.address().port}`;
      resolve({ server, origin, url: origin + PAGE, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const { url } = await startServer({ port, root: process.env.JIESU_WEB_ROOT || ROOT });
  console.log(`jiesu web: ${url}  (Ctrl-C to stop)`);
}
