/**
 * The stable error codes of the berofos binding.
 *
 * @remarks
 * Everything that can go wrong with a bnfos.conf or with the device is expected (a typo in the
 * file, a switch that is off or unplugged, a wrong password) and travels as a value
 * ({@link BnfosConfigProblem}, {@link BerofosFailure}). Only the start of a node on a bad file
 * throws, with {@link BnfosConfigInvalidError}, so that the node stops with a message naming the
 * file, the line and the key. Branch on `code` or the brand, never on the message text.
 */

/** The codes of this table. */
export const BEROFOS_ERROR_CODES = {
  configSyntax: 'PBX_ERR_BEROFOS_CONFIG_SYNTAX',
  configSection: 'PBX_ERR_BEROFOS_CONFIG_SECTION',
  configKey: 'PBX_ERR_BEROFOS_CONFIG_KEY',
  configValue: 'PBX_ERR_BEROFOS_CONFIG_VALUE',
  configMissing: 'PBX_ERR_BEROFOS_CONFIG_MISSING',
  configUnreadable: 'PBX_ERR_BEROFOS_CONFIG_UNREADABLE',
  configInvalid: 'PBX_ERR_BEROFOS_CONFIG_INVALID',
  unreachable: 'PBX_ERR_BEROFOS_UNREACHABLE',
  loginRefused: 'PBX_ERR_BEROFOS_LOGIN_REFUSED',
  badAnswer: 'PBX_ERR_BEROFOS_BAD_ANSWER',
} as const;

/** A code of a bnfos.conf that cannot be used. */
export type BnfosConfigProblemCode =
  | typeof BEROFOS_ERROR_CODES.configSyntax
  | typeof BEROFOS_ERROR_CODES.configSection
  | typeof BEROFOS_ERROR_CODES.configKey
  | typeof BEROFOS_ERROR_CODES.configValue
  | typeof BEROFOS_ERROR_CODES.configMissing
  | typeof BEROFOS_ERROR_CODES.configUnreadable;

/** A code of a failed exchange with a device. */
export type BerofosFailureCode =
  | typeof BEROFOS_ERROR_CODES.unreachable
  | typeof BEROFOS_ERROR_CODES.loginRefused
  | typeof BEROFOS_ERROR_CODES.badAnswer;

/**
 * One problem of a bnfos.conf: where (line, 1-based; 0 for the file as a whole) and which key.
 *
 * @remarks
 * `key` is the key of the line (`host`), the section name for a section problem, or absent for a
 * line that is not even `key = value`.
 */
export interface BnfosConfigProblem {
  readonly code: BnfosConfigProblemCode;
  readonly line: number;
  readonly key?: string;
  readonly message: string;
}

/** Why an exchange with a device failed: plain data, safe to put in a snapshot or a log line. */
export interface BerofosFailure {
  readonly code: BerofosFailureCode;
  readonly message: string;
}

/**
 * Thrown when a node is started on a bnfos.conf it cannot use (the node does not start).
 *
 * @remarks
 * The message names the file, then each problem's line and key:
 * `/etc/parley/bnfos.conf line 4, key 'host': ...`.
 */
export class BnfosConfigInvalidError extends Error {
  static readonly CODE = BEROFOS_ERROR_CODES.configInvalid;
  readonly code = BnfosConfigInvalidError.CODE;
  readonly path: string;
  readonly problems: readonly BnfosConfigProblem[];

  constructor(path: string, problems: readonly BnfosConfigProblem[]) {
    super(`${path}: ${problems.map(describeProblem).join('; ')}`);
    this.name = 'BnfosConfigInvalidError';
    this.path = path;
    this.problems = problems;
    Object.defineProperty(this, Symbol.for(`pbx.error.${BnfosConfigInvalidError.CODE}`), { value: true });
  }
}

/** `line 4, key 'host': must be ...` (or without the key, or `file: ...` for line 0). */
export function describeProblem(problem: BnfosConfigProblem): string {
  const where = problem.line === 0 ? 'file' : `line ${problem.line}`;
  const key = problem.key === undefined ? '' : `, key '${problem.key}'`;
  return `${where}${key}: ${problem.message}`;
}
