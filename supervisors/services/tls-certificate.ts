/**
 * The certificate of the HTTPS/WSS port: the configured one, or a self-signed one made at first
 * start and kept in the data directory (seed §1.4.5: the reference platform installs a
 * self-signed certificate until the administrator provides one). Later starts reuse it, so
 * clients that pinned it keep working; it is renewed only when it is about to lapse.
 */
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** Whether this start made the certificate. */
  readonly created: boolean;
  /** SHA-256 fingerprint, for operators who pin it. */
  readonly fingerprint256: string;
}

const VALIDITY_DAYS = 3650;
const RENEW_BEFORE_MS = 30 * 24 * 3_600_000;

export async function ensureTlsFiles(options: {
  readonly dataDir: string;
  readonly certFile: string | undefined;
  readonly keyFile: string | undefined;
  readonly hostnames: readonly string[];
  readonly now: () => number;
}): Promise<TlsFiles> {
  if (options.certFile !== undefined && options.keyFile !== undefined) {
    const certificate = await readCertificate(options.certFile);
    if (certificate === undefined) throw new Error(`--tls-cert-file ${options.certFile}: not a readable PEM certificate`);
    await readFile(options.keyFile).catch((error: unknown) => {
      throw new Error(`--tls-key-file ${options.keyFile}: ${error instanceof Error ? error.message : String(error)}`);
    });
    return { certFile: options.certFile, keyFile: options.keyFile, created: false, fingerprint256: certificate.fingerprint256 };
  }
  const directory = join(options.dataDir, 'tls');
  const certFile = join(directory, 'self-signed-cert.pem');
  const keyFile = join(directory, 'self-signed-key.pem');
  const existing = await readCertificate(certFile);
  if (existing !== undefined && Date.parse(existing.validTo) - options.now() > RENEW_BEFORE_MS) {
    return { certFile, keyFile, created: false, fingerprint256: existing.fingerprint256 };
  }
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const names = [...new Set(options.hostnames.filter((name) => name !== '' && name !== '0.0.0.0' && name !== '::'))];
  const ip = (name: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':');
  const now = new Date(options.now());
  const pems = await generate([{ name: 'commonName', value: names.find((name) => !ip(name)) ?? 'parley' }, { name: 'organizationName', value: 'parley' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 3_600_000),
    notAfterDate: new Date(now.getTime() + VALIDITY_DAYS * 24 * 3_600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((name) => (ip(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name })) },
    ],
  });
  // Written aside then renamed: a crash never leaves a key without its certificate.
  await writeFile(`${keyFile}.tmp`, pems.private, { mode: 0o600 });
  await writeFile(`${certFile}.tmp`, pems.cert, { mode: 0o644 });
  await rename(`${keyFile}.tmp`, keyFile);
  await rename(`${certFile}.tmp`, certFile);
  const made = await readCertificate(certFile);
  return { certFile, keyFile, created: true, fingerprint256: made?.fingerprint256 ?? '' };
}

async function readCertificate(path: string): Promise<X509Certificate | undefined> {
  try {
    return new X509Certificate(await readFile(path));
  } catch {
    return undefined;
  }
}
