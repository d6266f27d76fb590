/**
 * Which headers are comma-separated lists, and how to split one into its elements.
 *
 * @remarks "Multiple header field rows with the same field-name MAY be present in a message if and
 * only if the entire field-value for that header field is defined as a comma-separated list"
 * (RFC 3261 §7.3.1). Only headers whose grammar is such a list are split; any other header,
 * including unknown extension headers, is kept whole, since a comma in it (a Date, a Digest
 * challenge, a free-text Subject) is not a separator.
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.3.1
 */

/** Lower-case long names of headers whose grammar is `x *(COMMA x)`. */
export const LIST_HEADERS: ReadonlySet<string> = new Set([
  // RFC 3261 §20
  'accept',
  'accept-encoding',
  'accept-language',
  'alert-info',
  'allow',
  'call-info',
  'contact',
  'content-encoding',
  'content-language',
  'error-info',
  'in-reply-to',
  'proxy-require',
  'record-route',
  'require',
  'route',
  'supported',
  'unsupported',
  'via',
  'warning',
  // extensions
  'allow-events', // RFC 6665
  'path', // RFC 3327
  'service-route', // RFC 3608
  'p-asserted-identity', // RFC 3325
  'p-preferred-identity', // RFC 3325
  'p-associated-uri', // RFC 7315
  'history-info', // RFC 7044
  'diversion', // RFC 5806
  'reason', // RFC 3326
  'security-client', // RFC 3329
  'security-server',
  'security-verify',
  'accept-contact', // RFC 3841
  'reject-contact',
  'request-disposition',
  'recv-info', // RFC 6086
  'resource-priority', // RFC 4412
  'accept-resource-priority',
  'permission-missing', // RFC 5360
  'trigger-consent',
]);

/**
 * Splits a list header value at its top-level commas: never inside a quoted-string (where a
 * backslash escapes the next character) nor inside `<…>`. Elements are trimmed and empty ones
 * dropped (RFC 7230 §7 asks recipients to accept them); an empty value stays one empty element.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-7.3.1
 */
export function splitList(value: string): string[] {
  return splitListRange(value, 0, value.length);
}

/**
 * {@link splitList} of `text[start, end)`, read in place: the parser splits a header line
 * without first cutting its value out.
 */
export function splitListRange(text: string, start: number, end: number): string[] {
  const comma = text.indexOf(',', start);
  if (comma < 0 || comma >= end) return [text.slice(start, end)];
  if (!containsBefore(text, '"', start, end) && !containsBefore(text, '<', start, end)) return splitPlain(text, start, end);
  const elements: string[] = [];
  let elementStart = start;
  let inQuotes = false;
  let inBrackets = false;
  for (let position = start; position < end; position++) {
    const code = text.charCodeAt(position);
    if (inQuotes) {
      if (code === 92 /* \ */) position++;
      else if (code === 34 /* " */) inQuotes = false;
    } else if (inBrackets) {
      inBrackets = code !== 62 /* > */;
    } else if (code === 34) {
      inQuotes = true;
    } else if (code === 60 /* < */) {
      inBrackets = true;
    } else if (code === 44 /* , */) {
      pushTrimmed(elements, text, elementStart, position);
      elementStart = position + 1;
    }
  }
  pushTrimmed(elements, text, elementStart, end);
  return elements.length === 0 ? [''] : elements;
}

function containsBefore(text: string, character: string, start: number, end: number): boolean {
  const index = text.indexOf(character, start);
  return index >= 0 && index < end;
}

function splitPlain(text: string, start: number, end: number): string[] {
  const elements: string[] = [];
  let elementStart = start;
  for (let comma = text.indexOf(',', start); comma >= 0 && comma < end; comma = text.indexOf(',', elementStart)) {
    pushTrimmed(elements, text, elementStart, comma);
    elementStart = comma + 1;
  }
  pushTrimmed(elements, text, elementStart, end);
  return elements.length === 0 ? [''] : elements;
}

function pushTrimmed(elements: string[], text: string, from: number, to: number): void {
  let start = from;
  let end = to;
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  if (end > start) elements.push(text.slice(start, end));
}
