/**
 * Parser throughput: our parseMessage plus the field reads of a transaction layer, against the
 * `sip` package's parse doing the same reads, on a realistic INVITE and a REGISTER.
 *
 * Run with `node --import tsx bench/sip-parser.bench.ts`. Each message comes in 4,096 variants
 * (branch, tags, Call-ID and CSeq differ, as between real messages) so that no parser sees the
 * same text twice in a row; both parsers read the same variants. The two do not do the same
 * work: the `sip` package parses Via, From, To, Contact, CSeq and Authorization eagerly with
 * regular expressions and checks nothing, while parseMessage checks the start line, the
 * characters of the header section and the required headers (RFC 4475), splits every list header
 * and decodes UTF-8; the values it checked are handed to the first read (parse-hand-over.ts), the
 * Contact is parsed on read. The `sip` package keeps the body as a substring of the message it
 * decoded whole, parseMessage copies it into a Uint8Array of its own (an off-heap allocation that
 * costs about a tenth of the INVITE's time). Both read the same fields: the top Via branch, the
 * CSeq number, Call-ID, the From and To tags and the first Contact's URI. Rounds of each parser
 * alternate after a warm-up; the ratio is the median of per-round ratios, which resists the load
 * of a shared machine. It prints; it asserts nothing.
 */
import sip from 'sip';
import {
  getHeader,
  getHeaders,
  parseCSeq,
  parseMessage,
  parseNameAddress,
  topVia,
} from '../transport/sip/message/index.ts';

const SDP = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.101',
  's=-',
  'c=IN IP4 192.0.2.101',
  't=0 0',
  'm=audio 49172 RTP/AVP 0 8 9 18 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:18 G729/8000',
  'a=fmtp:18 annexb=no',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  '',
].join('\r\n');

const invite = (variant: string): string => [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  `Via: SIP/2.0/UDP 192.0.2.101:5060;rport;branch=z9hG4bK776asdhds.${variant}`,
  'Max-Forwards: 70',
  `From: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=19283${variant}`,
  'To: "Bob Dylan" <sip:bob@biloxi.example.com>',
  'Contact: <sip:alice@192.0.2.101:5060;transport=udp>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"',
  `Call-ID: a84b4c76e${variant}@pc33.atlanta.example.com`,
  `CSeq: 31${variant.length} INVITE`,
  'Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, PRACK, UPDATE',
  'Supported: replaces, timer, 100rel, path, gruu',
  'User-Agent: Parley-Bench/1.0 (softphone)',
  'Content-Type: application/sdp',
  `Content-Length: ${String(Buffer.byteLength(SDP))}`,
  '',
  SDP,
].join('\r\n');

const register = (variant: string): string => [
  'REGISTER sip:registrar.biloxi.example.com SIP/2.0',
  `Via: SIP/2.0/TCP 192.0.2.4:52301;rport;branch=z9hG4bKnashds7.${variant}`,
  'Max-Forwards: 70',
  `From: Bob <sip:bob@biloxi.example.com>;tag=a73k${variant}`,
  'To: Bob <sip:bob@biloxi.example.com>',
  `Call-ID: 1j9FpLxk3${variant}@192.0.2.4`,
  `CSeq: ${variant.length} REGISTER`,
  'Contact: <sip:bob@192.0.2.4:52301;transport=tcp>;expires=3600;+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>";reg-id=1',
  'Authorization: Digest username="bob", realm="biloxi.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:registrar.biloxi.example.com", response="245f23415f11432b3434341c022", algorithm=MD5, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001',
  'Supported: path, gruu, outbound',
  'User-Agent: Parley-Bench/1.0 (softphone)',
  'Expires: 3600',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

let sink = 0;

function readOurs(bytes: Buffer): void {
  const result = parseMessage(bytes);
  if (result.type !== 'ok') throw new Error(`benchmark message does not parse: ${result.code}`);
  const message = result.message;
  const branch = topVia(message)?.params['branch'] ?? '';
  const cseq = parseCSeq(getHeader(message, 'cseq') ?? '');
  const callId = getHeader(message, 'call-id') ?? '';
  const fromTag = parseNameAddress(getHeader(message, 'from') ?? '')?.params['tag'] ?? '';
  const toTag = parseNameAddress(getHeader(message, 'to') ?? '')?.params['tag'] ?? '';
  const contact = parseNameAddress(getHeaders(message, 'contact')[0] ?? '')?.uri ?? '';
  sink += branch.length + (cseq?.sequence ?? 0) + callId.length + fromTag.length + toTag.length + contact.length;
}

function readTheirs(bytes: Buffer): void {
  const message = sip.parse(bytes);
  if (message === undefined) throw new Error('benchmark message does not parse with the sip package');
  const headers = message.headers;
  const branch = headers.via?.[0]?.params['branch'] ?? '';
  const sequence = headers.cseq?.seq ?? 0;
  const callId = headers['call-id'] ?? '';
  const fromTag = headers.from?.params['tag'] ?? '';
  const toTag = headers.to?.params['tag'] ?? '';
  const contacts = headers.contact;
  const contact = contacts === undefined || contacts === '*' ? '' : (contacts[0]?.uri ?? '');
  sink += branch.length + sequence + callId.length + fromTag.length + toTag.length + contact.length;
}

function messagesPerSecond(read: (bytes: Buffer) => void, variants: readonly Buffer[], iterations: number): number {
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) read(variants[index & (VARIANTS - 1)] ?? EMPTY);
  const elapsedNs = Number(process.hrtime.bigint() - started);
  return (iterations * 1e9) / elapsedNs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const VARIANTS = 4096;
const EMPTY = Buffer.alloc(0);
const ROUNDS = 31;
const ITERATIONS = 8_000;

interface Row {
  readonly name: string;
  readonly ours: number;
  readonly theirs: number;
  readonly ratio: number;
}

/**
 * Runs both parsers in alternating order, round after round; the ratio is taken per round (the
 * two runs of a round share the machine's load of that moment) and the median reported.
 */
function compare(name: string, build: (variant: string) => string): Row {
  const variants = Array.from({ length: VARIANTS }, (_, index) => Buffer.from(build(index.toString(36).padStart(4, '0')), 'utf8'));
  for (let warmUp = 0; warmUp < 3; warmUp++) {
    messagesPerSecond(readOurs, variants, ITERATIONS);
    messagesPerSecond(readTheirs, variants, ITERATIONS);
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const oursFirst = round % 2 === 0;
    const first = messagesPerSecond(oursFirst ? readOurs : readTheirs, variants, ITERATIONS);
    const second = messagesPerSecond(oursFirst ? readTheirs : readOurs, variants, ITERATIONS);
    const [oursRate, theirsRate] = oursFirst ? [first, second] : [second, first];
    ours.push(oursRate);
    theirs.push(theirsRate);
    ratios.push(oursRate / theirsRate);
  }
  return { name: `${name} (${String(variants[0]?.length ?? 0)} B)`, ours: median(ours), theirs: median(theirs), ratio: median(ratios) };
}

const rows = [compare('INVITE with SDP', invite), compare('REGISTER with Authorization', register)];
const format = (value: number): string => Math.round(value).toLocaleString('en-US').padStart(12);
console.log(`${'message'.padEnd(36)}${'ours msg/s'.padStart(12)}${'sip msg/s'.padStart(12)}${'ours/sip'.padStart(10)}`);
for (const row of rows) {
  console.log(`${row.name.padEnd(36)}${format(row.ours)}${format(row.theirs)}${row.ratio.toFixed(2).padStart(10)}`);
}
console.log(`(medians of ${String(ROUNDS)} interleaved rounds of ${String(ITERATIONS)} messages; the ratio is the median of per-round ratios; checksum ${String(sink % 997)})`);
