/**
 * `GET /console` and `GET /console/<file>`: the admin console, served by the node itself. The page
 * and its module are revalidated on every load (`no-cache` with an ETag, 304 when unchanged), so an
 * upgraded node never leaves an operator on stale code; an unknown file is 404.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { CONSOLE_PATH, lookupConsoleAsset, type ConsoleAssets } from './console-assets.ts';

/** Registers the console's routes on an app. */
export function registerConsoleRoute(app: TemplatedApp, assets: ConsoleAssets): void {
  const serve = (res: HttpResponse, req: HttpRequest) => serveConsole(res, assets, req.getUrl(), req.getHeader('if-none-match'), req.getMethod() === 'head');
  app.get(CONSOLE_PATH, serve);
  app.get(`${CONSOLE_PATH}/*`, serve);
  app.head(CONSOLE_PATH, serve);
  app.head(`${CONSOLE_PATH}/*`, serve);
}

function serveConsole(res: HttpResponse, assets: ConsoleAssets, path: string, ifNoneMatch: string, headOnly: boolean): void {
  const found = lookupConsoleAsset(assets, path);
  res.cork(() => {
    if (found.type === 'redirect') {
      res.writeStatus('308 Permanent Redirect').writeHeader('location', found.location).end();
      return;
    }
    if (found.type === 'not-found') {
      res.writeStatus('404 Not Found').writeHeader('content-type', 'text/plain; charset=utf-8').writeHeader('cache-control', 'no-store').end('not found\n');
      return;
    }
    const { asset } = found;
    const notModified = ifNoneMatch.split(',').some((tag) => tag.trim() === asset.etag);
    res.writeStatus(notModified ? '304 Not Modified' : '200 OK')
      .writeHeader('content-type', asset.contentType)
      .writeHeader('cache-control', 'no-cache')
      .writeHeader('etag', asset.etag)
      .writeHeader('x-content-type-options', 'nosniff');
    if (asset.contentType.startsWith('text/html')) {
      res.writeHeader('content-security-policy', "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'");
      res.writeHeader('x-frame-options', 'DENY');
    }
    if (notModified) res.end();
    else if (headOnly) res.endWithoutBody(asset.body.length);
    else res.end(asset.body);
  });
}
