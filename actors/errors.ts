/**
 * The error table of the actor layer: every failure the kernel or an actor kind throws.
 *
 * @remarks
 * Only bugs and failed I/O are thrown (expected outcomes such as a busy callee travel as values and
 * events). Each class carries a stable `code` (`PBX_ERR_ACTOR_<WHAT>`) and a process-wide brand
 * `Symbol.for('pbx.error.<code>')`: `instanceof` answers through the brand, so an error built by
 * another copy of this module (another bundle, a worker) is still recognised. Branch on `code` or
 * the brand, never on the message text.
 */

/** The codes of this table, one per class. */
export const ACTOR_ERROR_CODES = [
  'PBX_ERR_ACTOR_STATE_TRANSITION',
  'PBX_ERR_ACTOR_INVALID_EFFECT',
  'PBX_ERR_ACTOR_ESCALATED',
  'PBX_ERR_ACTOR_DUPLICATE',
  'PBX_ERR_ACTOR_SNAPSHOT_INVALID',
  'PBX_ERR_ACTOR_SYSTEM_STOPPED',
] as const;

/** A stable code of the actor error table. */
export type ActorErrorCode = (typeof ACTOR_ERROR_CODES)[number];

const ACTOR_ERROR_BRAND = Symbol.for('pbx.error.actor');

function brandOf(code: ActorErrorCode): symbol {
  return Symbol.for(`pbx.error.${code}`);
}

function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/**
 * The base of every error the actor layer throws.
 *
 * @remarks
 * Sets `cause` (possibly `undefined`) so that a supervisor's log shows the whole chain, and brands
 * the instance both as an actor error and with its own code.
 */
export abstract class ActorError extends Error {
  /** The stable code; see {@link ACTOR_ERROR_CODES}. */
  abstract readonly code: ActorErrorCode;

  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = new.target.name;
    Object.defineProperty(this, ACTOR_ERROR_BRAND, { value: true });
  }

  /** Brand check, so that `instanceof` works across module copies. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this === ActorError) return hasBrand(value, ACTOR_ERROR_BRAND);
    const code = (this as unknown as { readonly CODE?: ActorErrorCode }).CODE;
    return code !== undefined && hasBrand(value, brandOf(code));
  }
}

function brand(error: ActorError): void {
  Object.defineProperty(error, brandOf(error.code), { value: true });
}

/**
 * A machine was asked to move between two states its allowed-transitions table does not join.
 *
 * @remarks
 * This is a bug in the machine, never an expected outcome: the actor crashes and its supervisor
 * decides (for a call: free the media, send BYE or CANCEL, write the call log).
 */
export class StateTransitionError extends ActorError {
  static readonly CODE = 'PBX_ERR_ACTOR_STATE_TRANSITION';
  readonly code = StateTransitionError.CODE;
  /** The actor kind whose machine tried the move. */
  readonly kind: string;
  readonly from: string;
  readonly to: string;

  constructor(details: { readonly kind: string; readonly from: string; readonly to: string }, cause?: unknown) {
    super(`${details.kind}: illegal transition '${details.from}' -> '${details.to}'`, cause);
    this.kind = details.kind;
    this.from = details.from;
    this.to = details.to;
    brand(this);
  }
}

/**
 * A machine returned an effect the shell cannot run: an unknown effect type (no runner in the
 * table) or a timer with a deadline that is not a finite number.
 *
 * @remarks
 * A bug in the machine or in the composition root that built the runner table; the actor crashes.
 */
export class InvalidEffectError extends ActorError {
  static readonly CODE = 'PBX_ERR_ACTOR_INVALID_EFFECT';
  readonly code = InvalidEffectError.CODE;
  readonly effectType: string;

  constructor(effectType: string, detail: string, cause?: unknown) {
    super(`invalid effect '${effectType}': ${detail}`, cause);
    this.effectType = effectType;
    brand(this);
  }
}

/**
 * A supervisor restarted its children more than `maxRestarts` times within `withinMs` and gave up;
 * it stopped its children and failed upward.
 *
 * @remarks
 * The parent supervisor treats this exit as a crash of that child (Erlang/OTP restart intensity).
 * `cause` is the failure that broke the limit.
 */
export class ActorEscalatedError extends ActorError {
  static readonly CODE = 'PBX_ERR_ACTOR_ESCALATED';
  readonly code = ActorEscalatedError.CODE;
  /** The name of the supervisor that gave up. */
  readonly supervisor: string;

  constructor(supervisor: string, restarts: { readonly maxRestarts: number; readonly withinMs: number }, cause: unknown) {
    super(`supervisor '${supervisor}' exceeded ${restarts.maxRestarts} restarts within ${restarts.withinMs} ms`, cause);
    this.supervisor = supervisor;
    brand(this);
  }
}

/**
 * An activation was requested for an address that already has one on this node.
 *
 * @remarks
 * The directory (with its epochs) decides which activation stands down; spawning twice locally is a
 * bug in the caller.
 */
export class ActorDuplicateError extends ActorError {
  static readonly CODE = 'PBX_ERR_ACTOR_DUPLICATE';
  readonly code = ActorDuplicateError.CODE;
  readonly address: string;

  constructor(address: string) {
    super(`actor ${address} is already active on this node`, undefined);
    this.address = address;
    brand(this);
  }
}

/**
 * A snapshot given to spawn does not belong to the address it is spawned at, or has a shape or
 * version this code cannot read.
 *
 * @remarks
 * Snapshots read from a replica are checked with `readActorSnapshot`, which returns a value; this is
 * thrown only when unchecked data reaches spawn.
 */
export class ActorSnapshotError extends ActorError {
  static readonly CODE = 'PBX_ERR_ACTOR_SNAPSHOT_INVALID';
  readonly code = ActorSnapshotError.CODE;

  constructor(detail: string, cause?: unknown) {
    super(`invalid actor snapshot: ${detail}`, cause);
    brand(this);
  }
}

/**
 * The actor system was asked to spawn or supervise after its shutdown began.
 *
 * @remarks
 * Shutdown is one-way; a caller still spawning is racing the composition root.
 */
export class ActorSystemStoppedError extends ActorError {
  static readonly CODE = 'PBX_ERR_ACTOR_SYSTEM_STOPPED';
  readonly code = ActorSystemStoppedError.CODE;

  constructor(nodeName: string) {
    super(`actor system of node '${nodeName}' is shutting down`, undefined);
    brand(this);
  }
}

/**
 * Marks a branch the type system proves unreachable (the end of a `switch` over a union).
 *
 * @remarks
 * Reaching it at run time means data that does not match its type crossed a boundary unchecked:
 * a bug, so it throws.
 */
export function assertNever(value: never, context = 'unexpected value'): never {
  const shown = typeof value === 'object' && value !== null && 'type' in value ? String((value as { type: unknown }).type) : String(value);
  throw new TypeError(`${context}: ${shown}`);
}
