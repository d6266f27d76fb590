/**
 * One live server transaction as its table keeps it: the matching keys, the runner and the TU's
 * handle.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.2.3
 */
import type { SipRequest } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { TransactionRunner, type TransactionRunnerPorts } from './transaction-runner.ts';
import { transitionServer, type ServerEvent, type ServerSnapshot, type ServerTransaction } from './server-transaction.ts';
import type { RunnerOwner } from './transaction-table-context.ts';

/** What a table computes about a request before it makes a transaction of it. */
export interface ServerEntryIdentity {
  /** The id of the logs: method, branch and a sequence number. */
  readonly id: string;
  /** The §17.2.3 key the request and its retransmissions match. */
  readonly key: string;
  /** For an INVITE without the magic cookie: the key its RFC 2543 ACK matches. */
  readonly ackKey: string | undefined;
  /** For a CANCEL: the key of the transaction it cancels (RFC 3261 §9.2). */
  readonly cancelledKey: string | undefined;
}

/** A live server transaction of a table. */
export class ServerEntry implements RunnerOwner {
  readonly id: string;
  readonly key: string;
  readonly ackKey: string | undefined;
  readonly cancelledKey: string | undefined;
  readonly runner: TransactionRunner<ServerSnapshot, ServerEvent, ServerEntry>;
  /** The To tag of the final response sent, which an RFC 2543 ACK must carry (§17.2.3). */
  finalToTag: string | undefined;
  #handle: ServerTransaction | WeakRef<ServerTransaction> | undefined;

  constructor(
    initial: ServerSnapshot,
    ports: TransactionRunnerPorts<ServerEntry>,
    destination: SipEndpoint,
    identity: ServerEntryIdentity,
  ) {
    this.id = identity.id;
    this.key = identity.key;
    this.ackKey = identity.ackKey;
    this.cancelledKey = identity.cancelledKey;
    this.finalToTag = undefined;
    this.#handle = undefined;
    this.runner = new TransactionRunner<ServerSnapshot, ServerEvent, ServerEntry>(initial, transitionServer, ports, this, destination);
  }

  /** The live state. */
  get state(): ServerSnapshot['state'] {
    return this.runner.snapshot.state;
  }

  /** Which of the two server machines runs. */
  get kind(): ServerSnapshot['kind'] {
    return this.runner.snapshot.kind;
  }

  /** The TU's handle, while the table holds it or the TU still does. */
  get handle(): ServerTransaction | undefined {
    return this.#handle instanceof WeakRef ? this.#handle.deref() : this.#handle;
  }

  /** Builds the TU's handle, which reads the state live from this entry. */
  createHandle(request: SipRequest, source: SipEndpoint): ServerTransaction {
    const entry = this;
    const handle: ServerTransaction = {
      id: this.id,
      kind: this.kind,
      request,
      source,
      responseDestination: this.runner.destination,
      get state() {
        return entry.state;
      },
    };
    this.#handle = handle;
    return handle;
  }

  /**
   * From now on, keeps the handle (and the request it carries) only while the TU does.
   *
   * @remarks Called once the transaction has nothing left to give the TU that needs the request.
   */
  holdHandleWeakly(): void {
    const handle = this.handle;
    this.#handle = handle === undefined ? undefined : new WeakRef(handle);
  }
}
