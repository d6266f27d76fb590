/**
 * Splits a session description into its session section and its media sections.
 *
 * @remarks The grammar is line based: `<type>=<value>`, `<type>` one lower-case letter, no space
 * around `=`, lines ended by CRLF, though a parser should also take a bare LF
 * (https://www.rfc-editor.org/rfc/rfc8866#section-5). Values may hold any byte but NUL, CR and LF.
 * Each `m=` line opens a media section that runs to the next `m=` or the end. Empty lines, which
 * some stacks leave at the end of a body, are skipped.
 * Bounds on size, lines and streams keep hostile input cheap.
 */
import { MAX_SDP_BYTES, sdpFailure, type SdpFailure } from './sdp-errors.ts';

/** One `<type>=<value>` line. */
export interface SdpLine {
  readonly letter: string;
  readonly value: string;
}

/** A media section: its `m=` value and the lines after it. */
export interface MediaSection {
  readonly mediaLine: string;
  readonly lines: readonly SdpLine[];
}

/** The lines of a description, grouped. */
export interface SdpSections {
  readonly session: readonly SdpLine[];
  readonly media: readonly MediaSection[];
}

/** The most lines accepted; real descriptions have well under 100. */
export const MAX_SDP_LINES = 512;

/** The most `m=` sections accepted. */
export const MAX_MEDIA_SECTIONS = 16;

const LINE_PATTERN = /^([a-z])=(.*)$/s;
// NUL and the control characters other than tab have no place in an SDP value.
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * Splits `text` into sections, checking the line syntax and that the first line is `v=0`.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc8866#section-5.1: "v=0"; the version is the first line.
 */
export function splitSections(text: string): { readonly type: 'ok'; readonly sections: SdpSections } | SdpFailure {
  if (text.length > MAX_SDP_BYTES) return sdpFailure('PBX_ERR_SDP_TOO_LARGE', `description longer than ${MAX_SDP_BYTES}`);
  const rawLines = text.split(/\r?\n/);
  if (rawLines.length > MAX_SDP_LINES + 1) return sdpFailure('PBX_ERR_SDP_TOO_LARGE', `more than ${MAX_SDP_LINES} lines`);
  const lines: SdpLine[] = [];
  for (const raw of rawLines) {
    if (raw === '') continue;
    const line = readLine(raw);
    if (line === undefined) return sdpFailure('PBX_ERR_SDP_LINE', `malformed line ${JSON.stringify(raw.slice(0, 40))}`);
    lines.push(line);
  }
  const first = lines[0];
  if (first === undefined || first.letter !== 'v') return sdpFailure('PBX_ERR_SDP_VERSION', 'the first line is not v=');
  if (first.value.trim() !== '0') return sdpFailure('PBX_ERR_SDP_VERSION', `unsupported version ${JSON.stringify(first.value.slice(0, 10))}`);
  return group(lines.slice(1));
}

function readLine(raw: string): SdpLine | undefined {
  const match = LINE_PATTERN.exec(raw);
  if (match === null) return undefined;
  const [, letter, value] = match;
  if (letter === undefined || value === undefined || FORBIDDEN_CHARACTERS.test(value)) return undefined;
  return { letter, value };
}

function group(lines: readonly SdpLine[]): { readonly type: 'ok'; readonly sections: SdpSections } | SdpFailure {
  const session: SdpLine[] = [];
  const media: { mediaLine: string; lines: SdpLine[] }[] = [];
  for (const line of lines) {
    const current = media.at(-1);
    if (line.letter === 'm') {
      if (media.length === MAX_MEDIA_SECTIONS) return sdpFailure('PBX_ERR_SDP_TOO_LARGE', `more than ${MAX_MEDIA_SECTIONS} media sections`);
      media.push({ mediaLine: line.value, lines: [] });
    } else if (current === undefined) {
      session.push(line);
    } else {
      current.lines.push(line);
    }
  }
  return { type: 'ok', sections: { session, media } };
}
