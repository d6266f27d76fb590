/**
 * The media-type rules of the reference API (seed API-01): a JSON answer needs the request to
 * accept JSON (`Accept`), else 406 with an empty body; a JSON body needs `Content-Type:
 * application/json`, else 415 with an empty body.
 *
 * @remarks
 * `Accept` is read as RFC 9110 §12.5.1 has it: a list of media ranges with parameters and
 * q-values; `application/json`, `application/*` and the full wildcard accept JSON unless their q is 0. A
 * request without `Accept` accepts any media type (RFC 9110 §12.5.1): the Wazo clients send none
 * when they log in (docs/decisions.md D-039). An empty `Accept` accepts nothing. `Content-Type` may
 * carry parameters (`; charset=utf-8`); only UTF-8 is accepted as a charset.
 */

/** Whether an `Accept` header value lets the server answer JSON. */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined) return true;
  if (accept.trim() === '') return false;
  let best: number | undefined;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim());
    const mediaRange = type.toLowerCase();
    if (mediaRange !== 'application/json' && mediaRange !== 'application/*' && mediaRange !== '*/*') continue;
    const qParam = params.find((param) => /^q\s*=/i.test(param));
    const q = qParam === undefined ? 1 : Number(qParam.split('=')[1]);
    if (!Number.isFinite(q) || q < 0 || q > 1) continue;
    // The most specific range decides (RFC 9110 §12.5.1): application/json over application/* over */*.
    if (mediaRange === 'application/json') return q > 0;
    best = Math.max(best ?? 0, q);
  }
  return best !== undefined && best > 0;
}

/** Whether a `Content-Type` header value names a JSON body this server reads. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type = '', ...params] = contentType.split(';').map((part) => part.trim());
  if (type.toLowerCase() !== 'application/json') return false;
  const charset = params.find((param) => /^charset\s*=/i.test(param))?.split('=')[1]?.trim().replace(/^"|"$/g, '').toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/** The refusal a request gets before it is handled, if any: 406 or 415, with an empty body. */
export function mediaTypeRefusal(request: { readonly accept?: string; readonly contentType?: string; readonly hasBody: boolean }): 406 | 415 | undefined {
  if (!acceptsJson(request.accept)) return 406;
  if (request.hasBody && !isJsonContentType(request.contentType)) return 415;
  return undefined;
}
