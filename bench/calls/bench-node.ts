/**
 * The node under test of bench/calls: started in the bench process on PostgreSQL (its own schema)
 * with the demo users 1001 and 1002, their `simultaneous_calls` raised so that thousands of calls
 * between the two are not refused as busy, and SIPp's UAS port registered as 1002's phone.
 *
 * @remarks
 * In-process, as the tests run it: its CPU profile and heap are the bench's own, while SIPp and
 * the RTP endpoints run as other processes. The media port range is set apart from the default one
 * that tests use (`BENCH_RTP_PORTS`).
 */
import { runSipp } from '../../test/support/sipp.ts';
import { freeSipPort } from '../../test/support/free-port.ts';
import { startTestNode, type TestNode } from '../../test/support/test-node.ts';

/** The node's media ports: 5,000 pairs, two pairs per relayed call. */
export const BENCH_RTP_PORTS = '20000-29999';
/** So many calls per user never make the bench's users busy. */
const BENCH_SIMULTANEOUS_CALLS = 1_000_000;

export interface BenchNode {
  readonly testNode: TestNode;
  /** The port SIPp's UAS must listen on: 1002's registered phone. */
  readonly calleePort: number;
  /** The target and credentials of 1001 calling 1002. */
  readonly callerArgs: { readonly user: string; readonly password: string; readonly extraArgs: readonly string[] };
}

/** Starts a node, raises the users' simultaneous calls and registers 1002 at a fresh port. */
export async function startBenchNode(): Promise<BenchNode> {
  const testNode = await startTestNode({ extraArgs: ['--log-level', 'error', '--rtp-ports', BENCH_RTP_PORTS] });
  try {
    // Before the first call: the routing table is read from the store on the first route.
    await testNode.node.store.database.query('UPDATE users SET simultaneous_calls = $1', [BENCH_SIMULTANEOUS_CALLS]);
    const calleePort = await freeSipPort();
    const registration = await runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort: calleePort, scenario: 'uac-register-expect-200.xml',
      user: '1002', password: testNode.passwords['1002'], injection: ['3600;'],
    });
    if (registration.exitCode !== 0) throw new Error(`1002 could not register: ${registration.errors || registration.stdout}`);
    return {
      testNode,
      calleePort,
      callerArgs: {
        user: '1001', password: testNode.passwords['1001'],
        // SIPp digests `sip:<remote>` unless told the Request-URI; parley checks the uri.
        extraArgs: ['-auth_uri', `1002@127.0.0.1:${testNode.sipPort}`],
      },
    };
  } catch (error) {
    await testNode.close();
    throw error;
  }
}
