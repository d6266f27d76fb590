import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';

const HOST = { hostname: 'pbx-1', cores: 4 };

function errorsFor(argv: readonly string[]): readonly ConfigError[] {
  const result = loadConfig({ argv, env: {}, host: HOST });
  return result.type === 'error' ? result.errors : [];
}

describe('cross-field checks', () => {
  it('MUST refuse a registrar minimum above the default, naming both keys', () => {
    const [error] = errorsFor(['--registrar-min-expires', '600', '--registrar-default-expires', '300']);
    assert.deepEqual(error?.type === 'inconsistentValues' && error.keys, ['registrarMinExpires', 'registrarDefaultExpires']);
  });

  it('MUST word the contradiction with both flags, variables and values', () => {
    const [error] = errorsFor(['--registrar-min-expires', '600', '--registrar-default-expires', '300']);
    assert.equal(
      error?.message,
      '--registrar-min-expires (PARLEY_REGISTRAR_MIN_EXPIRES) = 600 must not exceed ' +
        '--registrar-default-expires (PARLEY_REGISTRAR_DEFAULT_EXPIRES) = 300',
    );
  });

  it('MUST refuse a Min-SE above the session interval of calls', () => {
    const [error] = errorsFor(['--sip-min-se', '600', '--sip-session-expires', '300']);
    assert.deepEqual(error?.type === 'inconsistentValues' && error.keys, ['sipMinSe', 'sipSessionExpires']);
  });

  it('MUST refuse a registrar default above the maximum', () => {
    const [error] = errorsFor(['--registrar-max-expires', '1800']);
    assert.deepEqual(error?.type === 'inconsistentValues' && error.keys, ['registrarDefaultExpires', 'registrarMaxExpires']);
  });

  it('MUST accept minimum = default = maximum', () => {
    const errors = errorsFor(['--registrar-min-expires', '120', '--registrar-default-expires', '120', '--registrar-max-expires', '120']);
    assert.deepEqual(errors, []);
  });

  it('MUST refuse a SIP port inside the RTP range while SIP runs over UDP', () => {
    const [error] = errorsFor(['--sip-port', '10002']);
    assert.deepEqual(error?.type === 'inconsistentValues' && error.keys, ['sipPort', 'rtpPorts', 'sipTransports']);
  });

  it('MUST accept a SIP port inside the RTP range when SIP does not use UDP', () => {
    assert.deepEqual(errorsFor(['--sip-port', '10002', '--sip-transports', 'tcp,ws']), []);
  });

  it('MUST NOT check combinations while a key is invalid on its own', () => {
    const errors = errorsFor(['--registrar-min-expires', '600', '--registrar-default-expires', '300', '--http-port', '0']);
    assert.deepEqual(errors.map((error) => error.type), ['invalidValue']);
  });
});
