/**
 * bnfos.conf: the berofos switches a node drives, in the format the `bnfos --scan -x` tool writes
 * (seed HA-10).
 *
 * @remarks
 * ```
 * [fos1]
 * mac = 00:19:32:00:12:1D
 * host = 10.100.0.201
 * login = admin:foobar
 * node_port = B
 * ```
 * Sections are named `fos1`, `fos2`, … consecutive from 1 (the bnfos tool misbehaves otherwise).
 * Lines starting with `#` or `;` are comments. `host` is required; `mac` and `login` are optional
 * as in the seed (a device without a password takes no login). parley adds two keys the bnfos tool
 * does not know: `node_port` (required: the port, B or D, this node's ISDN lines are wired to) and
 * `http_port` (the device's HTTP port, default 80). Every problem is reported with its line and key.
 */
import { isIP } from 'node:net';
import type { BnfosConfigProblem, BnfosConfigProblemCode } from './errors.ts';
import type { NodePort } from './berofos-relays.ts';

/** The user and password of a device's HTTP control interface. */
export interface BerofosLogin {
  readonly user: string;
  readonly password: string;
}

/** One `[fosN]` section. */
export interface BerofosDevice {
  /** `fos1`, `fos2`, … */
  readonly name: string;
  readonly host: string;
  readonly httpPort: number;
  readonly nodePort: NodePort;
  /** Upper-case `XX:XX:XX:XX:XX:XX`, when given. */
  readonly mac?: string;
  readonly login?: BerofosLogin;
  /** The line of the section header. */
  readonly line: number;
}

/** The devices of a valid file, or every problem of an invalid one. */
export type BnfosConfigResult =
  | { readonly type: 'ok'; readonly devices: readonly BerofosDevice[] }
  | { readonly type: 'invalid'; readonly problems: readonly BnfosConfigProblem[] };

/** The largest file read (a scan of a whole network writes well under 1 KiB per device). */
export const MAX_BNFOS_CONFIG_BYTES = 64 * 1024;
/** The bnfos tool names sections with one digit; more devices than this are refused. */
export const MAX_BEROFOS_DEVICES = 9;

const SECTION = /^\[([^\]]*)\]$/;
const DEVICE_NAME = /^fos([1-9][0-9]*)$/;
const MAC = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const USER = /^[\x21-\x39\x3B-\x7E]{1,32}$/;
const PASSWORD = /^[\x20-\x7E]{1,15}$/;
const DIGITS = /^[0-9]{1,5}$/;

type Key = 'mac' | 'host' | 'login' | 'http_port' | 'node_port';
const KEYS: readonly Key[] = ['mac', 'host', 'login', 'http_port', 'node_port'];

interface SectionDraft {
  name: string;
  line: number;
  seen: Set<Key>;
  host?: string;
  httpPort?: number;
  nodePort?: NodePort;
  mac?: string;
  login?: BerofosLogin;
}

type ValueCheck = { readonly ok: true; readonly apply: (draft: SectionDraft) => void } | { readonly ok: false; readonly message: string };

const VALUE_CHECKS: Readonly<Record<Key, (value: string) => ValueCheck>> = {
  mac: (value) => (MAC.test(value) ? { ok: true, apply: (draft) => void (draft.mac = value.toUpperCase()) } : { ok: false, message: 'must be a MAC address XX:XX:XX:XX:XX:XX' }),
  host: (value) => (isIP(value) !== 0 || HOST_NAME.test(value) ? { ok: true, apply: (draft) => void (draft.host = value) } : { ok: false, message: 'must be an IP address or a host name' }),
  login: (value) => {
    const colon = value.indexOf(':');
    const user = value.slice(0, colon);
    const password = value.slice(colon + 1);
    if (colon < 0 || !USER.test(user) || !PASSWORD.test(password)) return { ok: false, message: 'must be <user>:<password>, the password 1 to 15 printable characters' };
    return { ok: true, apply: (draft) => void (draft.login = { user, password }) };
  },
  http_port: (value) => {
    const port = DIGITS.test(value) ? Number(value) : Number.NaN;
    return port >= 1 && port <= 65_535 ? { ok: true, apply: (draft) => void (draft.httpPort = port) } : { ok: false, message: 'must be an integer from 1 to 65535' };
  },
  node_port: (value) => (value === 'B' || value === 'D' ? { ok: true, apply: (draft) => void (draft.nodePort = value) } : { ok: false, message: 'must be B or D (the berofos port this node is wired to)' }),
};

/** Parses and checks a bnfos.conf text; never throws. */
export function parseBnfosConfig(text: string): BnfosConfigResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_BNFOS_CONFIG_BYTES) return invalid([problem('PBX_ERR_BEROFOS_CONFIG_SYNTAX', 0, undefined, `larger than ${MAX_BNFOS_CONFIG_BYTES} bytes`)]);
  const problems: BnfosConfigProblem[] = [];
  const sections: SectionDraft[] = [];
  text.split('\n').forEach((raw, index) => readLine(raw.replace(/\r$/, '').trim(), index + 1, sections, problems));
  if (sections.length === 0 && problems.length === 0) problems.push(problem('PBX_ERR_BEROFOS_CONFIG_MISSING', 0, 'fos1', 'no [fos1] section: at least one device is needed'));
  const devices = sections.flatMap((section) => finish(section, problems));
  return problems.length > 0 ? invalid(problems) : { type: 'ok', devices };
}

function readLine(line: string, lineNumber: number, sections: SectionDraft[], problems: BnfosConfigProblem[]): void {
  if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
  const header = SECTION.exec(line);
  if (header !== null) {
    openSection(header[1]?.trim() ?? '', lineNumber, sections, problems);
    return;
  }
  const equals = line.indexOf('=');
  if (equals < 0) {
    problems.push(problem('PBX_ERR_BEROFOS_CONFIG_SYNTAX', lineNumber, undefined, 'expected [fosN] or <key> = <value>'));
    return;
  }
  const key = line.slice(0, equals).trim();
  const value = line.slice(equals + 1).trim();
  const section = sections.at(-1);
  if (!isKey(key)) {
    problems.push(problem('PBX_ERR_BEROFOS_CONFIG_KEY', lineNumber, key, `unknown key; the keys are ${KEYS.join(', ')}`));
  } else if (section === undefined) {
    problems.push(problem('PBX_ERR_BEROFOS_CONFIG_KEY', lineNumber, key, 'outside a [fosN] section'));
  } else if (section.seen.has(key)) {
    problems.push(problem('PBX_ERR_BEROFOS_CONFIG_KEY', lineNumber, key, `given twice in [${section.name}]`));
  } else {
    section.seen.add(key);
    const check = VALUE_CHECKS[key](value);
    if (check.ok) check.apply(section);
    else problems.push(problem('PBX_ERR_BEROFOS_CONFIG_VALUE', lineNumber, key, check.message));
  }
}

function openSection(name: string, lineNumber: number, sections: SectionDraft[], problems: BnfosConfigProblem[]): void {
  const expected = `fos${sections.length + 1}`;
  const number = DEVICE_NAME.exec(name.toLowerCase())?.[1];
  if (number === undefined) {
    problems.push(problem('PBX_ERR_BEROFOS_CONFIG_SECTION', lineNumber, name, `section names are fos1, fos2, … (expected [${expected}])`));
  } else if (name.toLowerCase() !== expected) {
    problems.push(problem('PBX_ERR_BEROFOS_CONFIG_SECTION', lineNumber, name, `sections must be consecutive from fos1 (expected [${expected}])`));
  } else if (sections.length >= MAX_BEROFOS_DEVICES) {
    problems.push(problem('PBX_ERR_BEROFOS_CONFIG_SECTION', lineNumber, name, `at most ${MAX_BEROFOS_DEVICES} devices`));
  }
  // The section is kept even when misnamed, so that its keys are checked and later names counted.
  sections.push({ name: expected, line: lineNumber, seen: new Set() });
}

function finish(section: SectionDraft, problems: BnfosConfigProblem[]): BerofosDevice[] {
  const missing = (['host', 'node_port'] as const).filter((key) => !section.seen.has(key));
  for (const key of missing) problems.push(problem('PBX_ERR_BEROFOS_CONFIG_MISSING', section.line, key, `[${section.name}] has no ${key}`));
  if (section.host === undefined || section.nodePort === undefined) return [];
  return [{
    name: section.name,
    host: section.host,
    httpPort: section.httpPort ?? 80,
    nodePort: section.nodePort,
    line: section.line,
    ...(section.mac === undefined ? {} : { mac: section.mac }),
    ...(section.login === undefined ? {} : { login: section.login }),
  }];
}

function isKey(key: string): key is Key {
  return (KEYS as readonly string[]).includes(key);
}

function problem(code: BnfosConfigProblemCode, line: number, key: string | undefined, message: string): BnfosConfigProblem {
  return key === undefined ? { code, line, message } : { code, line, key, message };
}

function invalid(problems: readonly BnfosConfigProblem[]): BnfosConfigResult {
  return { type: 'invalid', problems };
}
