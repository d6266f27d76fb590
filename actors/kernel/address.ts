/**
 * Actor identity and activation: who an actor is, and which running copy of it answers.
 *
 * @remarks
 * An actor is an identity `{ kind, id }` that outlives any process, plus at most one live
 * activation `{ node, incarnation }` at a time (the Orleans virtual-actor split). Identities are
 * what snapshots, the directory and messages name; activations are what the kernel runs.
 */

/** The name of a node of the cluster (one engine process). */
export type NodeName = string & { readonly __brand: 'NodeName' };

/** A correlation id carried by every envelope, kept across the sends a message causes. */
export type TraceId = string & { readonly __brand: 'TraceId' };

/**
 * The identity of an actor: its kind (`call`, `channel`, `agent`, `queue` …) and its id within
 * the kind.
 *
 * @remarks
 * Kinds narrow both parts with their own branded id: `ActorAddress<'call', CallId>`.
 */
export interface ActorAddress<Kind extends string = string, Id extends string = string> {
  readonly kind: Kind;
  readonly id: Id;
}

/**
 * One running copy of an actor: the node that hosts it and a number that grows with every
 * activation on that node.
 *
 * @remarks
 * A restarted or rehydrated actor keeps its address and gets a new incarnation, so logs and
 * diagnostics can tell the copies apart.
 */
export interface Activation {
  readonly node: NodeName;
  readonly incarnation: number;
}

/** Brands a node name. */
export function nodeName(name: string): NodeName {
  return name as NodeName;
}

/** Builds an address; kinds use it with their branded ids. */
export function actorAddress<Kind extends string, Id extends string>(kind: Kind, id: Id): ActorAddress<Kind, Id> {
  return { kind, id };
}

/**
 * The map key of an address: `kind/id`, with `/` and `%` in either part percent-escaped.
 *
 * @remarks
 * The escaping keeps the key injective (`a/b` + `c` never collides with `a` + `b/c`).
 */
export function addressKey(address: ActorAddress): string {
  return `${escapeKeyPart(address.kind)}/${escapeKeyPart(address.id)}`;
}

/** True when both addresses name the same actor. */
export function sameAddress(left: ActorAddress, right: ActorAddress): boolean {
  return left.kind === right.kind && left.id === right.id;
}

function escapeKeyPart(part: string): string {
  return part.replace(/[%/]/g, (character) => (character === '%' ? '%25' : '%2F'));
}
