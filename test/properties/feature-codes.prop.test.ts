/**
 * Properties of feature-code matching, for Wazo's default catalogue and random dialed numbers:
 * - a forward code followed by any number runs that forward with exactly that number as argument,
 *   and an agent code followed by digits runs it with exactly those digits (the agent number);
 * - a match is never a disabled code, and the code matched answers the number (as a pattern, or
 *   as its prefix dialed alone);
 * - the default catalogue passes confd's collision check: no two enabled codes answer one number.
 */
import '../support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileFeatureCodes, featureExtensCollide, matchFeatureCode, matchPattern, type FeatureExtension } from '../../actors/routing/index.ts';

const CATALOGUE: readonly FeatureExtension[] = [
  ['*1', 'blindxfer'], ['*2', 'atxfer'], ['*3', 'automixmon'], ['*0', 'disconnect'], ['*8', 'pickupexten'], ['_*8.', 'pickup', false],
  ['*10', 'phonestatus'], ['_*11.', 'paging'], ['*20', 'fwdundoall'], ['_*21.', 'fwdunc'], ['_*22.', 'fwdrna'], ['_*23.', 'fwdbusy'],
  ['*25', 'enablednd'], ['*26', 'callrecord'], ['*27', 'incallfilter'], ['_*37.', 'bsfilter'], ['*90', 'enablevm'], ['*92', 'vmuserpurge'],
  ['*98', 'vmusermsg'], ['_*99.', 'vmboxmsgslt'], ['_*31.', 'agentstaticlogin'], ['_*32.', 'agentstaticlogoff'], ['_*30.', 'agentstaticlogtoggle'],
].map(([exten, feature, enabled], index) => ({ uuid: `uuid-${index}`, exten: String(exten), feature: String(feature), enabled: enabled !== false }));
const codes = compileFeatureCodes(CATALOGUE).codes;
const number = fc.stringMatching(/^[0-9*#]{1,12}$/);

describe('feature codes (properties)', () => {
  it('MUST run a forward code with the number that follows it as its argument', () => {
    fc.assert(fc.property(fc.constantFrom(['*21', 'fwdunc'], ['*22', 'fwdrna'], ['*23', 'fwdbusy']), number, ([prefix, feature], digits) => {
      assert.deepEqual(matchFeatureCode(codes, `${prefix}${digits}`), { feature, uuid: CATALOGUE.find((code) => code.feature === feature)?.uuid, argument: digits });
    }), { numRuns: 300 });
  });

  it('MUST run an agent code with the agent number that follows it as its argument', () => {
    fc.assert(fc.property(fc.constantFrom(['*31', 'agentstaticlogin'], ['*32', 'agentstaticlogoff'], ['*30', 'agentstaticlogtoggle']), fc.stringMatching(/^[0-9]{1,12}$/), ([prefix, feature], digits) => {
      assert.deepEqual(matchFeatureCode(codes, `${prefix}${digits}`), { feature, uuid: CATALOGUE.find((code) => code.feature === feature)?.uuid, argument: digits });
    }), { numRuns: 300 });
  });

  it('MUST match only enabled codes, and only codes that answer the number', () => {
    fc.assert(fc.property(fc.stringMatching(/^[*#0-9]{1,8}$/), (dialed) => {
      const match = matchFeatureCode(codes, dialed);
      if (match === undefined) return;
      const code = codes.codes.find((candidate) => candidate.code.uuid === match.uuid);
      assert.ok(code?.code.enabled);
      assert.ok(matchPattern(code.pattern, dialed) || (code.answersBare && code.prefix === dialed));
    }), { numRuns: 500 });
  });

  it("MUST find no collision among the default catalogue's enabled codes", () => {
    const enabled = CATALOGUE.filter((code) => code.enabled);
    for (const one of enabled) for (const other of enabled) if (one !== other) assert.equal(featureExtensCollide(one, other), false, `${one.exten} ${other.exten}`);
  });
});
