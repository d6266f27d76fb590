/**
 * HTTP Basic credentials (RFC 7617) of `POST /token`: `Basic base64(username:password)`, the
 * username up to the first colon. Anything else is no credentials, never a throw.
 */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

const MAX_HEADER_LENGTH = 4096;

export function parseBasicCredentials(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined || header.length > MAX_HEADER_LENGTH) return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (match === null || match[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const username = decoded.slice(0, colon);
  if (/[\u0000-\u001f\u007f]/.test(username)) return undefined;
  return { username, password: decoded.slice(colon + 1) };
}
