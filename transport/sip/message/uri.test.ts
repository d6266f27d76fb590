import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatUri, parseUri } from './uri.ts';

describe('parseUri', () => {
  it('reads user, host, port, parameters and headers of a SIP URI', () => {
    assert.deepEqual(parseUri('sip:alice@atlanta.com:5060;transport=tcp;lr?subject=project%20x&priority=urgent'), {
      scheme: 'sip',
      user: 'alice',
      host: 'atlanta.com',
      port: 5060,
      params: { transport: 'tcp', lr: null },
      headers: { subject: 'project x', priority: 'urgent' },
    });
  });

  it('reads a password', () => {
    assert.deepEqual(parseUri('sips:alice:secretword@atlanta.com')?.password, 'secretword');
  });

  it('reads a URI without user part', () => {
    assert.deepEqual(parseUri('sip:registrar.biloxi.com'), { scheme: 'sip', host: 'registrar.biloxi.com', params: {}, headers: {} });
  });

  it('lower-cases the scheme, the host and parameter names', () => {
    const uri = parseUri('SIP:Bob@BiloXi.COM;Transport=UDP');
    assert.deepEqual([uri?.scheme, uri?.host, uri?.params['transport']], ['sip', 'biloxi.com', 'UDP']);
  });

  it('unescapes the user part (RFC 4475 esc01: sip:sips%3Auser%40example.com@example.net)', () => {
    assert.equal(parseUri('sip:sips%3Auser%40example.com@example.net')?.user, 'sips:user@example.com');
  });

  it('keeps an escaped NUL in the user part (RFC 4475 escnull)', () => {
    assert.equal(parseUri('sip:null-%00-null@example.com')?.user, 'null-\u0000-null');
  });

  it('lets the user part carry ; ? and / (RFC 4475 semiuri)', () => {
    assert.equal(parseUri('sip:user;par=u%40example.net@example.com')?.user, 'user;par=u@example.net');
  });

  it('unescapes parameter names and values (RFC 4475 esc01 Contact)', () => {
    assert.deepEqual(parseUri('sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31')?.params, {
      lr: null,
      name: 'value%41',
    });
  });

  it('reads IPv6 references with their brackets (RFC 5118 §4.1)', () => {
    const uri = parseUri('sip:[2001:db8::10]:5070;maddr=[2001:db8::20]');
    assert.deepEqual([uri?.host, uri?.port, uri?.params['maddr']], ['[2001:db8::10]', 5070, '[2001:db8::20]']);
  });

  it('reads an IPv6 reference with an embedded IPv4 address', () => {
    assert.equal(parseUri('sip:user@[2001:db8::192.0.2.1]')?.host, '[2001:db8::192.0.2.1]');
  });

  it('reads a tel URI as user = subscriber number, empty host (RFC 3966)', () => {
    assert.deepEqual(parseUri('tel:+1-201-555-0123;phone-context=example.com'), {
      scheme: 'tel',
      user: '+1-201-555-0123',
      host: '',
      params: { 'phone-context': 'example.com' },
      headers: {},
    });
  });

  it('MUST reject other schemes, bad escapes, bad ports, spaces and unbalanced brackets', () => {
    const bad = [
      'http://example.com', 'sip:', 'sip:user@', 'sip:us%zzer@h', 'sip:u@h:65536', 'sip:u@h:5o60', 'sip:user@exa mple.com',
      'sip:[2001:db8::1', 'sip:u@[]', 'sip:u@h;', 'sip:u@h;=x', 'sip:u@h?x', 'sip:%4@h', 'nocolon', 'sip:<u@h>',
    ];
    assert.deepEqual(bad.map(parseUri), bad.map(() => undefined));
  });

  it('does not read inherited properties as parameters', () => {
    assert.equal(Object.hasOwn(parseUri('sip:h')?.params ?? {}, 'toString'), false);
  });
});

describe('formatUri', () => {
  it('escapes characters the user part may not carry', () => {
    assert.equal(formatUri({ scheme: 'sip', user: 'I have spaces', host: 'example.net', params: {}, headers: {} }), 'sip:I%20have%20spaces@example.net');
  });

  it('writes non-ASCII text as escaped UTF-8', () => {
    assert.equal(formatUri({ scheme: 'sip', user: 'é', host: 'h', params: {}, headers: {} }), 'sip:%C3%A9@h');
  });

  it('round-trips every component: parseUri(formatUri(u)) equals u', () => {
    const uri = {
      scheme: 'sips' as const,
      user: 'a;b?c@d é',
      password: 'p@ss',
      host: '[2001:db8::1]',
      port: 5061,
      params: { transport: 'tls', lr: null, 'we ird': 'v=a;l' },
      headers: { subject: 'hi & bye', 'x=y': '<z>' },
    };
    assert.deepEqual(parseUri(formatUri(uri)), uri);
  });

  it('writes a tel URI without @', () => {
    assert.equal(formatUri({ scheme: 'tel', user: '+44-20', host: '', params: { ext: '12' }, headers: {} }), 'tel:+44-20;ext=12');
  });
});
