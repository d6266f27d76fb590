/**
 * The Request-URI and Route header of a request sent within a dialog.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.1
 */
import { formatUri, parseUri } from '../message/index.ts';

/** Where a request in the dialog is addressed, and the Route values (URIs, in order) it carries. */
export interface RequestTarget {
  readonly requestUri: string;
  readonly routes: readonly string[];
}

/**
 * Builds the Request-URI and Route set of an in-dialog request.
 *
 * @remarks "If the route set is empty, the UAC MUST place the remote target URI into the
 * Request-URI. The UAC MUST NOT add a Route header field to the request. If the route set is not
 * empty, and the first URI in the route set contains the lr parameter (see Section 19.1.1), the
 * UAC MUST place the remote target URI into the Request-URI and MUST include a Route header field
 * containing the route set values in order, including all parameters. If the route set is not
 * empty, and its first URI does not contain the lr parameter, the UAC MUST place the first URI
 * from the route set into the Request-URI, stripping any parameters that are not allowed in a
 * Request-URI. The UAC MUST add a Route header field containing the remainder of the route set
 * values in order, including all parameters. The UAC MUST then place the remote target URI into
 * the Route header field as the last value." https://www.rfc-editor.org/rfc/rfc3261#section-12.2.1.1
 */
export function requestTarget(remoteTarget: string, routeSet: readonly string[]): RequestTarget {
  const [first, ...rest] = routeSet;
  if (first === undefined) return { requestUri: remoteTarget, routes: [] };
  if (isLooseRouter(first)) return { requestUri: remoteTarget, routes: routeSet };
  return { requestUri: asRequestUri(first), routes: [...rest, remoteTarget] };
}

/** True when a route URI carries `lr` (RFC 3261 §19.1.1), i.e. the proxy routes loosely. */
export function isLooseRouter(uri: string): boolean {
  const parsed = parseUri(uri);
  return parsed !== undefined && Object.hasOwn(parsed.params, 'lr');
}

/**
 * A route URI made fit for the Request-URI: Table 1 of §19.1.1 forbids the `method` parameter and
 * URI headers there. https://www.rfc-editor.org/rfc/rfc3261#section-19.1.1
 */
function asRequestUri(uri: string): string {
  const parsed = parseUri(uri);
  if (parsed === undefined) return uri;
  const { method: _forbidden, ...params } = parsed.params;
  return formatUri({ ...parsed, params, headers: {} });
}
