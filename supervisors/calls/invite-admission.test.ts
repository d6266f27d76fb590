import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthorizationHeader, createDigestAuthenticator, sipMessage, type DigestAuthenticator } from '../../transport/index.ts';
import { admitInvite, type InviteAdmissionOptions, type LineIdentity } from './invite-admission.ts';

const REALM = 'pbx.example.com';
const REQUEST_URI = 'sip:1002@pbx.example.com';
const ALICE_LINE: LineIdentity = { name: 'Alice Liddell', number: '1001', context: 'default', userUuid: 'user-alice', lineId: '7' };

interface Harness {
  readonly clock: { nowMs: number; now(): number };
  readonly authenticator: DigestAuthenticator;
  readonly options: InviteAdmissionOptions;
  readonly lineLookups: string[];
}

function harness(): Harness {
  const clock = { nowMs: 5_000_000, now() { return this.nowMs; } };
  let seed = 0;
  const authenticator = createDigestAuthenticator({
    realm: REALM,
    nonceSecret: new Uint8Array(32).fill(7),
    algorithms: ['SHA-256', 'MD5'],
    clock,
    random: (byteCount) => new Uint8Array(byteCount).fill(++seed),
    lookup: async (username) => (username === 'alice' || username === 'lineless' ? { password: 'wonderland' } : undefined),
  });
  const lineLookups: string[] = [];
  const lookupLine = async (username: string): Promise<LineIdentity | undefined> => {
    lineLookups.push(username);
    return username === 'alice' ? ALICE_LINE : undefined;
  };
  return { clock, authenticator, options: { authenticator, lookupLine }, lineLookups };
}

function invite(headers: Record<string, readonly string[]> = {}): sipMessage.SipRequest {
  return { type: 'request', method: 'INVITE', uri: REQUEST_URI, headers, body: new Uint8Array(0) };
}

/** Challenges an INVITE, then answers the MD5 challenge as a phone would. */
function credentials(authenticator: DigestAuthenticator, answer: { username?: string; password?: string; uri?: string } = {}): sipMessage.SipRequest {
  const challenge = authenticator.challenge(invite());
  const params = (challenge.headers['www-authenticate'] ?? []).map(sipMessage.parseDigest).find((found) => found?.params['algorithm'] === 'MD5');
  assert.ok(params);
  const header = createAuthorizationHeader(params, {
    username: answer.username ?? 'alice',
    password: answer.password ?? 'wonderland',
    method: 'INVITE',
    uri: answer.uri ?? REQUEST_URI,
    cnonce: 'phone-nonce',
    nc: 1,
  });
  assert.equal(header.type, 'authorization');
  return invite({ authorization: [header.type === 'authorization' ? header.value : ''] });
}

describe('admitInvite', () => {
  it('MUST challenge an INVITE without credentials with 401 and WWW-Authenticate', async () => {
    const { options } = harness();
    const admission = await admitInvite(invite(), options);
    assert.equal(admission.type === 'challenge' ? admission.status : admission.type, 401);
    assert.equal(admission.type === 'challenge' ? admission.headers['www-authenticate']?.length : 0, 2);
  });

  it('MUST admit valid credentials with the caller identity and context of the line', async () => {
    const { authenticator, options } = harness();
    const admission = await admitInvite(credentials(authenticator), options);
    assert.deepEqual(admission, { type: 'admitted', username: 'alice', caller: ALICE_LINE });
  });

  it('MUST look the line up by the authenticated username', async () => {
    const { authenticator, options, lineLookups } = harness();
    await admitInvite(credentials(authenticator), options);
    assert.deepEqual(lineLookups, ['alice']);
  });

  it('MUST refuse a wrong password with 403', async () => {
    const { authenticator, options } = harness();
    const admission = await admitInvite(credentials(authenticator, { password: 'looking-glass' }), options);
    assert.deepEqual(admission, { type: 'forbidden', status: 403 });
  });

  it('MUST answer an unknown user exactly as a wrong password', async () => {
    const { authenticator, options } = harness();
    const unknown = await admitInvite(credentials(authenticator, { username: 'mallory' }), options);
    const wrong = await admitInvite(credentials(authenticator, { password: 'looking-glass' }), options);
    assert.deepEqual(unknown, wrong);
  });

  it('MUST refuse an authenticated user without a line with 403', async () => {
    const { authenticator, options } = harness();
    const admission = await admitInvite(credentials(authenticator, { username: 'lineless' }), options);
    assert.deepEqual(admission, { type: 'forbidden', status: 403 });
  });

  it('MUST challenge again with stale=true once the nonce has expired', async () => {
    const { authenticator, options, clock } = harness();
    const request = credentials(authenticator);
    clock.nowMs += 60_000;
    const admission = await admitInvite(request, options);
    const values = admission.type === 'challenge' ? admission.headers['www-authenticate'] ?? [] : [];
    assert.ok(values.length > 0 && values.every((value) => sipMessage.parseDigest(value)?.params['stale']?.toLowerCase() === 'true'));
  });

  it('MUST refuse credentials computed for another Request-URI with 400', async () => {
    const { authenticator, options } = harness();
    const admission = await admitInvite(credentials(authenticator, { uri: 'sip:1003@pbx.example.com' }), options);
    assert.equal(admission.type === 'malformed' ? admission.status : admission.type, 400);
  });

  it('MUST refuse a replayed nonce count with a stale challenge, not an admission', async () => {
    const { authenticator, options } = harness();
    const request = credentials(authenticator);
    await admitInvite(request, options);
    const replay = await admitInvite(request, options);
    assert.equal(replay.type, 'challenge');
  });
});
