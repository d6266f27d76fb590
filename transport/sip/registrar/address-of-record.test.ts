import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addressOfRecord } from './address-of-record.ts';

describe('addressOfRecord', () => {
  it('MUST drop URI parameters and headers', () => {
    assert.equal(addressOfRecord('sip:alice@pbx.example.com;user=phone?subject=x'), 'sip:alice@pbx.example.com');
  });

  it('MUST unescape the user part and lower-case the host', () => {
    assert.equal(addressOfRecord('sip:%61lice@PBX.Example.COM'), 'sip:alice@pbx.example.com');
  });

  it('MUST give the same AOR for sips, an explicit port and a password', () => {
    assert.equal(addressOfRecord('sips:alice:secret@pbx.example.com:5061'), 'sip:alice@pbx.example.com');
  });

  it('MUST keep the user part case-sensitive', () => {
    assert.equal(addressOfRecord('sip:Alice@pbx.example.com'), 'sip:Alice@pbx.example.com');
  });

  it('MUST escape what the user part cannot carry raw, so each AOR has one spelling', () => {
    assert.equal(addressOfRecord('sip:a%40b@pbx.example.com'), 'sip:a%40b@pbx.example.com');
  });

  it('MUST give nothing for a URI without user or for a tel URI', () => {
    assert.deepEqual([addressOfRecord('sip:pbx.example.com'), addressOfRecord('tel:+15551234')], [undefined, undefined]);
  });
});
