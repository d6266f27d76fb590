import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureTlsFiles } from './tls-certificate.ts';

describe('the certificate of the HTTPS port', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-tls-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('MUST make a self-signed certificate for the node names at first start, with a private key only the node reads', async () => {
    const files = await ensureTlsFiles({ dataDir, certFile: undefined, keyFile: undefined, hostnames: ['pbx.example.com', '127.0.0.1'], now: Date.now });
    assert.equal(files.created, true);
    const certificate = new X509Certificate(await readFile(files.certFile));
    assert.match(certificate.subjectAltName ?? '', /DNS:pbx\.example\.com/);
    assert.match(certificate.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    assert.ok(certificate.checkPrivateKey((await import('node:crypto')).createPrivateKey(await readFile(files.keyFile))));
    assert.equal((await stat(files.keyFile)).mode & 0o077, 0);
  });

  it('MUST keep the certificate across starts, and renew it only when it is about to lapse', async () => {
    const first = await ensureTlsFiles({ dataDir, certFile: undefined, keyFile: undefined, hostnames: ['a'], now: Date.now });
    const again = await ensureTlsFiles({ dataDir, certFile: undefined, keyFile: undefined, hostnames: ['a'], now: Date.now });
    assert.deepEqual([again.created, again.fingerprint256], [false, first.fingerprint256]);
    const later = await ensureTlsFiles({ dataDir, certFile: undefined, keyFile: undefined, hostnames: ['a'], now: () => Date.now() + 3649 * 24 * 3_600_000 });
    assert.equal(later.created, true);
    assert.notEqual(later.fingerprint256, first.fingerprint256);
  });

  it('MUST refuse configured files that are not a certificate and a key, naming the key', async () => {
    await assert.rejects(ensureTlsFiles({ dataDir, certFile: join(dataDir, 'missing.pem'), keyFile: join(dataDir, 'k.pem'), hostnames: [], now: Date.now }), /--tls-cert-file/);
    const made = await ensureTlsFiles({ dataDir, certFile: undefined, keyFile: undefined, hostnames: ['a'], now: Date.now });
    await assert.rejects(ensureTlsFiles({ dataDir, certFile: made.certFile, keyFile: join(dataDir, 'missing-key.pem'), hostnames: [], now: Date.now }), /--tls-key-file/);
  });
});
