/**
 * What SIPp cannot drive: SIP over WebSocket (RFC 7118), SHA-256 digest (RFC 7616), and hostile
 * bytes on the SIP port, against a running node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { answerChallenge, openUdpClient, openWebSocketClient, registerRequest } from '../support/sip-test-client.ts';

let testNode: TestNode;
before(async () => {
  testNode = await startTestNode();
});
after(async () => {
  await testNode.close();
});

describe('SIP over WebSocket (RFC 7118)', () => {
  it('a browser phone MUST register over ws://node/ws with the sip subprotocol', async () => {
    const client = await openWebSocketClient(`ws://127.0.0.1:${testNode.httpPort}/ws`);
    try {
      const base = { user: '1001', host: '127.0.0.1', port: testNode.sipPort, transport: 'WS' as const, localPort: 0, callId: randomBytes(8).toString('hex'), expires: 300 };
      const challenged = await client.exchange(registerRequest({ ...base, cseq: 1 }));
      assert.equal(challenged.status, 401);
      const authorization = answerChallenge(challenged, 'MD5', { user: '1001', password: testNode.passwords['1001'], uri: `sip:127.0.0.1:${testNode.sipPort}` });
      const accepted = await client.exchange(registerRequest({ ...base, cseq: 2, authorization }));
      assert.equal(accepted.status, 200);
      const [binding] = await testNode.node.sip.registrar.lookup('sip:1001@127.0.0.1');
      assert.equal(binding?.received.transport, 'ws');
    } finally {
      client.close();
    }
  });

  it('a WebRTC phone MUST register over wss:// on the HTTPS port, with the node\'s certificate', async () => {
    const ca = await readFile(join(testNode.node.config.dataDir, 'tls', 'self-signed-cert.pem'));
    const client = await openWebSocketClient(`wss://127.0.0.1:${testNode.httpsPort}/ws`, ['sip'], { ca });
    try {
      const base = { user: '1002', host: '127.0.0.1', port: testNode.sipPort, transport: 'WS' as const, localPort: 0, callId: randomBytes(8).toString('hex'), expires: 300 };
      const challenged = await client.exchange(registerRequest({ ...base, cseq: 1 }));
      assert.equal(challenged.status, 401);
      const authorization = answerChallenge(challenged, 'MD5', { user: '1002', password: testNode.passwords['1002'], uri: `sip:127.0.0.1:${testNode.sipPort}` });
      assert.equal((await client.exchange(registerRequest({ ...base, cseq: 2, authorization }))).status, 200);
    } finally {
      client.close();
    }
  });

  it('a handshake without the sip subprotocol MUST be refused', async () => {
    await assert.rejects(openWebSocketClient(`ws://127.0.0.1:${testNode.httpPort}/ws`, ['chat']), /HTTP 400/);
  });
});

describe('SHA-256 digest (RFC 7616)', () => {
  it('a phone answering the SHA-256 challenge MUST be registered', async () => {
    const client = await openUdpClient();
    try {
      const base = { user: '1002', host: '127.0.0.1', port: testNode.sipPort, transport: 'UDP' as const, localPort: client.port, callId: randomBytes(8).toString('hex'), expires: 300 };
      const challenged = await client.exchange(registerRequest({ ...base, cseq: 1 }), testNode.sipPort);
      const authorization = answerChallenge(challenged, 'SHA-256', { user: '1002', password: testNode.passwords['1002'], uri: `sip:127.0.0.1:${testNode.sipPort}` });
      const accepted = await client.exchange(registerRequest({ ...base, cseq: 2, authorization }), testNode.sipPort);
      assert.equal(accepted.status, 200);
    } finally {
      client.close();
    }
  });
});

describe('hostile input on the SIP port', () => {
  it('a request with a broken CSeq MUST be answered 400 with the reason in a Warning header', async () => {
    const client = await openUdpClient();
    try {
      const bad = registerRequest({ user: '1001', host: '127.0.0.1', port: testNode.sipPort, transport: 'UDP', localPort: client.port, callId: 'bad-1', cseq: 1, expires: 60 })
        .replace('CSeq: 1 REGISTER', 'CSeq: one REGISTER');
      // The answer echoes the broken CSeq (RFC 3261 §8.2.6.2 copies it), so it is read as text.
      const response = await client.exchangeRaw(bad, testNode.sipPort);
      assert.match(response, /^SIP\/2\.0 400 Bad Request\r\n/);
      assert.match(response, /\r\nWarning: 399 parley "[^"]+"\r\n/);
    } finally {
      client.close();
    }
  });

  it('garbage datagrams MUST NOT stop the node from serving', async () => {
    const client = await openUdpClient();
    try {
      for (let index = 0; index < 200; index += 1) {
        void client.exchange(randomBytes(1 + (index % 300)), testNode.sipPort).catch(() => undefined);
      }
      const options = [
        `OPTIONS sip:127.0.0.1:${testNode.sipPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
        'Max-Forwards: 70', 'From: <sip:probe@127.0.0.1>;tag=1', `To: <sip:127.0.0.1:${testNode.sipPort}>`,
        'Call-ID: alive-check', 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', '',
      ].join('\r\n');
      const fresh = await openUdpClient();
      try {
        const response = await fresh.exchange(options.replace(`:${client.port};`, `:${fresh.port};`), testNode.sipPort);
        assert.equal(response.status, 200);
      } finally {
        fresh.close();
      }
    } finally {
      client.close();
    }
  });
});
