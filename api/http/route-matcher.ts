/**
 * Finds the route of a request path among a service's routes: literal segments before parameters,
 * so `/users/me/calls` wins over `/users/:uuid/calls`, whatever order the routes were declared in.
 * Paths are decoded segment by segment; a segment that does not decode is a bad request, never a
 * thrown URIError.
 */
import type { ApiMethod, ApiRoute } from './api-route.ts';

export type RouteMatch =
  | { readonly type: 'found'; readonly route: ApiRoute; readonly params: Readonly<Record<string, string>> }
  | { readonly type: 'method-not-allowed'; readonly allowed: readonly ApiMethod[] }
  | { readonly type: 'not-found' }
  | { readonly type: 'bad-path'; readonly reason: string };

type Segment = { readonly literal: string } | { readonly param: string };

interface CompiledRoute {
  readonly route: ApiRoute;
  readonly segments: readonly Segment[];
  /** Literal segments weigh more than parameters, earlier ones more than later ones. */
  readonly specificity: number;
}

export interface RouteMatcher {
  match(method: ApiMethod, path: string): RouteMatch;
}

/** Compiles the routes once; throws at startup on a malformed pattern or two routes for one method and shape. */
export function createRouteMatcher(routes: readonly ApiRoute[]): RouteMatcher {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const segments = splitPath(route.path).map((segment): Segment => (segment.startsWith(':') ? { param: segment.slice(1) } : { literal: segment }));
    if (segments.some((segment) => 'param' in segment && !/^[a-z_][a-z0-9_]*$/.test(segment.param))) throw new Error(`bad route pattern ${route.path}`);
    const specificity = segments.reduce((sum, segment, index) => sum + ('literal' in segment ? 2 ** (30 - index) : 0), 0);
    return { route, segments, specificity };
  });
  const seen = new Set<string>();
  for (const { route, segments } of compiled) {
    const shape = `${route.method} /${segments.map((segment) => ('literal' in segment ? segment.literal : ':')).join('/')}`;
    if (seen.has(shape)) throw new Error(`two routes for ${shape}`);
    seen.add(shape);
  }
  compiled.sort((a, b) => b.specificity - a.specificity);
  return {
    match(method, path) {
      let words: string[];
      try {
        words = splitPath(path).map((segment) => decodeURIComponent(segment));
      } catch {
        return { type: 'bad-path', reason: 'the path is not valid percent-encoding' };
      }
      const allowed: ApiMethod[] = [];
      for (const candidate of compiled) {
        const params = bind(candidate.segments, words);
        if (params === undefined) continue;
        if (candidate.route.method === method || (method === 'HEAD' && candidate.route.method === 'GET' && !hasOwnHead(compiled, candidate))) {
          return { type: 'found', route: candidate.route, params };
        }
        allowed.push(candidate.route.method);
      }
      return allowed.length === 0 ? { type: 'not-found' } : { type: 'method-not-allowed', allowed: [...new Set(allowed)] };
    },
  };
}

function hasOwnHead(compiled: readonly CompiledRoute[], get: CompiledRoute): boolean {
  return compiled.some((other) => other.route.method === 'HEAD' && other.route.path === get.route.path);
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function bind(segments: CompiledRoute['segments'], words: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== words.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const word = words[index] ?? '';
    if ('literal' in segment) {
      if (segment.literal !== word) return undefined;
    } else {
      params[segment.param] = word;
    }
  }
  return params;
}
