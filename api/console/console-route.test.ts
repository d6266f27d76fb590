/**
 * The console's static route on a real uWebSockets.js app: the page and its files with their
 * content types and revalidation headers, 304 on a matching ETag, 404 for unknown files, and no
 * request path (`..`, encoded or not) reaching a file outside the console's folder.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { us_listen_socket } from 'uWebSockets.js';
import { loadNativeUws } from '../../transport/index.ts';
import { CONSOLE_PATH, loadConsoleAssets, lookupConsoleAsset } from './console-assets.ts';
import { registerConsoleRoute } from './console-route.ts';

let listen: us_listen_socket | undefined;
let port = 0;

/** A GET sent with the path exactly as written (fetch would normalise `..` away before sending). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ host: '127.0.0.1', port, path, headers }, (answer) => {
      let body = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => { body += chunk; });
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

before(async () => {
  const uws = loadNativeUws();
  const app = uws.App();
  registerConsoleRoute(app, loadConsoleAssets());
  app.any('/*', (res) => void res.writeStatus('404 Not Found').end('fallback'));
  listen = await new Promise<us_listen_socket>((resolve, reject) => app.listen('127.0.0.1', 0, (socket) => (socket ? resolve(socket) : reject(new Error('listen')))));
  port = uws.us_socket_local_port(listen);
});
after(() => {
  if (listen) loadNativeUws().us_listen_socket_close(listen);
});

describe('the console route', () => {
  it('MUST serve the page at /console as HTML, revalidated on every load, with a restrictive CSP', async () => {
    const page = await rawGet('/console');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.match(String(page.headers['etag']), /^".+"$/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    assert.match(page.body, /<h2 id="login-heading">Log in<\/h2>/);
    assert.match(page.body, /<div id="views"><\/div>/);
    assert.match(page.body, /src="\/console\/console\.js"/);
  });

  it('MUST serve the module and the stylesheet with their content types', async () => {
    const script = await rawGet('/console/console.js');
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.match(script.body, /from '\.\/control-connection\.js'/);
    const connection = await rawGet('/console/control-connection.js');
    assert.equal(connection.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.match(connection.body, /\/api\/control/);
    const style = await rawGet('/console/console.css');
    assert.equal(style.status, 200);
    assert.equal(style.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(style.headers['x-content-type-options'], 'nosniff');
  });

  it('MUST answer 304 without a body when the ETag still matches', async () => {
    const first = await rawGet('/console/console.js');
    const again = await rawGet('/console/console.js', { 'if-none-match': String(first.headers['etag']) });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
    const changed = await rawGet('/console/console.js', { 'if-none-match': '"stale"' });
    assert.equal(changed.status, 200);
  });

  it('MUST redirect /console/ and /console/index.html to /console', async () => {
    for (const path of ['/console/', '/console/index.html']) {
      const answer = await rawGet(path);
      assert.equal(answer.status, 308, path);
      assert.equal(answer.headers['location'], CONSOLE_PATH, path);
    }
  });

  it('MUST answer 404 for an unknown file', async () => {
    const answer = await rawGet('/console/nothing.js');
    assert.equal(answer.status, 404);
    assert.equal(answer.headers['content-type'], 'text/plain; charset=utf-8');
  });

  it('MUST NOT let a path walk out of the console folder', async () => {
    for (const path of ['/console/../package.json', '/console/../x', '/console/%2e%2e/package.json', '/console/..%2fconsole-route.ts', '/console/./console.js', '/console//console.js', '/console/console-assets.ts']) {
      const answer = await rawGet(path);
      assert.equal(answer.status, 404, `${path} answered ${answer.status}`);
      assert.doesNotMatch(answer.body, /"name": "parley"|import /, path);
    }
  });
});

describe('lookupConsoleAsset', () => {
  const assets = loadConsoleAssets();

  it('MUST find only the exact names of the console files', () => {
    assert.equal(lookupConsoleAsset(assets, '/console').type, 'asset');
    assert.equal(lookupConsoleAsset(assets, '/console/console.css').type, 'asset');
    assert.equal(lookupConsoleAsset(assets, '/console/CONSOLE.CSS').type, 'not-found');
    assert.equal(lookupConsoleAsset(assets, '/console/console.css?x').type, 'not-found');
    assert.equal(lookupConsoleAsset(assets, '/consolex').type, 'not-found');
  });
});
