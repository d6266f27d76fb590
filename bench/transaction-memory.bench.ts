/**
 * bench/transaction-memory: heap kept per completed non-INVITE server transaction (a REGISTER
 * answered 200, which Timer J keeps 32 s over UDP, RFC 3261 §17.2.2), against the heap of the same
 * parsed requests held without a transaction layer, in the same run.
 *
 *   npm run bench:transaction-memory     (node --expose-gc; prints, asserts nothing)
 */
import { createSystemClock, createTransactionLayer } from '../transport/sip/transactions/index.ts';
import { createResponse, parseMessage, type SipMessage } from '../transport/sip/message/index.ts';

const COUNT = 20_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

function register(index: number): Buffer {
  return Buffer.from(
    `REGISTER sip:127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5199;branch=z9hG4bK-${index}-abc;rport\r\n` +
      `Max-Forwards: 70\r\nFrom: <sip:1001@127.0.0.1>;tag=abc${index}\r\nTo: <sip:1001@127.0.0.1>\r\nCall-ID: ${index}-1835@127.0.0.1\r\n` +
      `CSeq: 2 REGISTER\r\nContact: <sip:1001@127.0.0.1:5199;transport=UDP>\r\n` +
      `Authorization: Digest username="1001",realm="parley",cnonce="6b8b4567",nc=00000001,qop=auth,uri="sip:127.0.0.1:5099",` +
      `nonce="AAABohhXBAzLias2rYLqa4yjPg1YGrD1Y24DmkWPcQl8uADM",response="04b3a67be057bec2775c74debad179b3",algorithm=MD5\r\n` +
      `Expires: 120\r\nUser-Agent: SIPp\r\nContent-Length: 0\r\n\r\n`,
  );
}

/** Heap after a full collection, once the current job has ended (WeakRefs are released). */
async function settledHeap(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const source = { transport: 'udp' as const, address: '127.0.0.1', port: 5199 };
const baselineStart = await settledHeap();
const held: SipMessage[] = [];
for (let index = 0; index < COUNT; index += 1) {
  const parsed = parseMessage(register(index));
  if (parsed.type === 'ok') held.push(parsed.message);
}
const perParsedRequest = ((await settledHeap()) - baselineStart) / COUNT;
held.length = 0;

const layer = createTransactionLayer({
  sender: { send: async () => true },
  clock: createSystemClock(),
  transactionUser: {
    onRequest(transaction) {
      layer.respond(transaction, createResponse(transaction.request, 200, { toTag: 'x1', headers: { contact: ['<sip:1001@127.0.0.1:5199>;expires=120'] } }));
    },
    onAck: () => undefined,
    onStraySuccess: () => undefined,
  },
  maxTransactions: 1_000_000,
});
const start = await settledHeap();
for (let index = 0; index < COUNT; index += 1) {
  const parsed = parseMessage(register(index));
  if (parsed.type === 'ok') layer.receive(parsed.message, source);
}
const perTransaction = ((await settledHeap()) - start) / COUNT;
console.log(`completed non-INVITE server transactions: ${COUNT}, live: ${layer.counters().active.nonInviteServer}`);
console.log(`bytes per completed transaction:          ${perTransaction.toFixed(0)}`);
console.log(`bytes per parsed REGISTER (baseline):     ${perParsedRequest.toFixed(0)}`);
console.log(`ratio transaction / parsed request:       ${(perTransaction / perParsedRequest).toFixed(2)}`);
layer.close();
