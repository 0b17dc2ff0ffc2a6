// A tiny static file server for the end-to-end tests.
//
// It serves one or more directories under URL prefixes ("mounts") on 127.0.0.1 and a free
// port, like a plain static host (nginx folder, S3 bucket, GitHub Pages): no SPA fallback, a
// directory answers with its index.html, a directory URL without its trailing slash is
// redirected to it, anything else is 404. Every request is logged so tests can check what the
// app fetched from the server's side too.
//
//   const server = await serve({ '/': dist, '/tools/spanmark/': dist });
//   server.url('/tools/spanmark/')  // http://127.0.0.1:PORT/tools/spanmark/
//   server.requests                 // [{ method, path, status }]
//   server.setAvailable(false)      // the host is down: every request gets 503 (until true)
//   await server.close();

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};

function normalisePrefix(prefix) {
  let p = prefix.startsWith('/') ? prefix : `/${prefix}`;
  if (!p.endsWith('/')) p += '/';
  return p;
}

/**
 * Starts a static server.
 * @param {Record<string, string>} mounts URL prefix -> directory on disk.
 * @returns {Promise<{origin: string, port: number, url: (p?: string) => string,
 *   requests: {method: string, path: string, status: number}[],
 *   setAvailable: (up: boolean) => void, close: () => Promise<void>}>}
 */
export async function serve(mounts) {
  const table = Object.entries(mounts)
    .map(([prefix, dir]) => {
      const root = path.resolve(dir);
      if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
        throw new Error(`serve: mount ${prefix} -> ${root} is not a directory`);
      }
      return { prefix: normalisePrefix(prefix), root };
    })
    // Longest prefix first, so /tools/spanmark/ wins over /.
    .sort((a, b) => b.prefix.length - a.prefix.length);

  const requests = [];
  let available = true;

  const server = http.createServer((req, res) => {
    const entry = { method: req.method, path: req.url, status: 0 };
    requests.push(entry);
    const send = (status, headers = {}, body = '') => {
      entry.status = status;
      res.writeHead(status, { 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };

    if (!available) return send(503, { 'content-type': 'text/plain' }, 'service unavailable\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { 'content-type': 'text/plain' }, 'method not allowed\n');
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, { 'content-type': 'text/plain' }, 'bad request\n');
    }
    if (pathname.includes('\0')) return send(400, { 'content-type': 'text/plain' }, 'bad request\n');

    // "/tools/spanmark" (no slash) -> redirect to the directory URL, as static hosts do.
    const bare = table.find((m) => m.prefix !== '/' && `${pathname}/` === m.prefix);
    if (bare) return send(301, { location: bare.prefix }, '');

    const mount = table.find((m) => pathname.startsWith(m.prefix));
    if (!mount) return send(404, { 'content-type': 'text/plain' }, 'not found\n');

    const rel = pathname.slice(mount.prefix.length);
    let file = path.resolve(mount.root, `.${path.sep}${rel}`);
    if (file !== mount.root && !file.startsWith(mount.root + path.sep)) {
      return send(403, { 'content-type': 'text/plain' }, 'forbidden\n');
    }
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, { location: `${pathname}/` }, '');
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat?.isFile()) return send(404, { 'content-type': 'text/plain' }, 'not found\n');

    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = fs.readFileSync(file);
    return send(200, { 'content-type': type, 'content-length': body.length }, body);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    requests,
    url: (p = '/') => new URL(p, origin).href,
    setAvailable: (up) => {
      available = up;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
