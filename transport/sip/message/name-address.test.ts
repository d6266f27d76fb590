import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatNameAddress, parseNameAddress } from './name-address.ts';

describe('parseNameAddress', () => {
  it('reads a quoted display name, the URI and the header parameters', () => {
    assert.deepEqual(parseNameAddress('"Bob Smith" <sip:bob@biloxi.com>;tag=a6c85cf'), {
      displayName: 'Bob Smith',
      uri: 'sip:bob@biloxi.com',
      params: { tag: 'a6c85cf' },
    });
  });

  it('unescapes quoted-pairs in the display name (RFC 4475 wsinv: "J Rosenberg \\\\\\"")', () => {
    assert.equal(parseNameAddress('"J Rosenberg \\\\\\""       <sip:jdrosen@example.com>')?.displayName, 'J Rosenberg \\"');
  });

  it('reads a token display name and collapses its LWS to one space', () => {
    assert.equal(parseNameAddress('Bob \t Smith <sip:bob@biloxi.com>')?.displayName, 'Bob Smith');
  });

  it('accepts a display name with no space before < (RFC 4475 lwsdisp)', () => {
    assert.deepEqual(parseNameAddress('caller<sip:caller@example.com>;tag=323'), {
      displayName: 'caller',
      uri: 'sip:caller@example.com',
      params: { tag: '323' },
    });
  });

  it('has no display name for <uri>', () => {
    assert.equal(Object.hasOwn(parseNameAddress('<sip:a@b>') ?? {}, 'displayName'), false);
  });

  it('keeps an empty quoted display name as the empty string', () => {
    assert.equal(parseNameAddress('"" <sip:a@b>')?.displayName, '');
  });

  it('gives parameters after a bare addr-spec to the header, not the URI (RFC 3261 §20.10)', () => {
    assert.deepEqual(parseNameAddress('sip:+12125551212@server.phone2net.com;tag=887s'), {
      uri: 'sip:+12125551212@server.phone2net.com',
      params: { tag: '887s' },
    });
  });

  it('keeps URI parameters inside the angle brackets with the URI', () => {
    assert.deepEqual(parseNameAddress('<sip:a@b;transport=tcp>;expires=60')?.params, { expires: '60' });
  });

  it('accepts LWS around ; and = in parameters (RFC 4475 wsinv)', () => {
    assert.deepEqual(parseNameAddress('sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n')?.params, { tag: '1918181833n' });
  });

  it('keeps a quoted parameter value with its quotes', () => {
    assert.equal(parseNameAddress('<sip:a@b>;+sip.instance="<urn:uuid:f81d4fae>"')?.params['+sip.instance'], '"<urn:uuid:f81d4fae>"');
  });

  it('MUST reject the Contact wildcard * (it is not a name-addr)', () => {
    assert.equal(parseNameAddress('*'), undefined);
  });

  it('MUST reject an unquoted display name with non-token characters (RFC 4475 baddn)', () => {
    assert.equal(parseNameAddress('Bell, Alexander <sip:a.g.bell@example.com>;tag=43'), undefined);
  });

  it('MUST reject an unterminated quoted display name (RFC 4475 quotbal)', () => {
    assert.equal(parseNameAddress('"Mr. J. User <sip:j.user@example.com>'), undefined);
  });

  it('MUST reject spaces inside the addr-spec (RFC 4475 badaspec)', () => {
    assert.equal(parseNameAddress('"Watson, Thomas" < sip:t.watson@example.org >'), undefined);
  });

  it('MUST reject a bare addr-spec carrying URI headers (RFC 4475 regbadct)', () => {
    assert.equal(parseNameAddress('sip:user@example.com?Route=%3Csip:sip.example.com%3E'), undefined);
  });

  it('MUST reject missing brackets, empty URIs and garbage after the address', () => {
    const bad = ['<sip:a@b', '<>', '"x"', '"x" sip:a@b', '<sip:a@b> junk', '<sip:a@b>;', '', 'nocolon'];
    assert.deepEqual(bad.map(parseNameAddress), bad.map(() => undefined));
  });
});

describe('formatNameAddress', () => {
  it('quotes and escapes the display name and brackets the URI', () => {
    assert.equal(
      formatNameAddress({ displayName: 'A "B" \\ C', uri: 'sip:a@b', params: { tag: 'x', lr: null } }),
      '"A \\"B\\" \\\\ C" <sip:a@b>;tag=x;lr',
    );
  });

  it('round-trips: parseNameAddress(formatNameAddress(v)) equals v', () => {
    const value = { displayName: 'Zoë "the" \\ user', uri: 'sips:z@example.com;transport=tls', params: { tag: '1', q: '0.5' } };
    assert.deepEqual(parseNameAddress(formatNameAddress(value)), value);
  });

  it('MUST NOT let CR or LF in a display name escape the header line', () => {
    assert.equal(formatNameAddress({ displayName: 'a\r\nVia: x', uri: 'sip:a@b', params: {} }), '"a  Via: x" <sip:a@b>');
  });

  it('quotes a parameter value that is not a token, so that it cannot break the header', () => {
    assert.equal(formatNameAddress({ uri: 'sip:a@b', params: { x: 'a b;c' } }), '<sip:a@b>;x="a b;c"');
  });
});
