import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featureAction } from './feature-actions.ts';
import { compileFeatureCodes, featureExtensCollide, matchFeatureCode, type FeatureExtension } from './feature-codes.ts';

let next = 0;
const code = (exten: string, feature: string, enabled = true): FeatureExtension => ({ uuid: `uuid-${++next}`, exten, feature, enabled });

const CATALOGUE: readonly FeatureExtension[] = [
  code('*25', 'enablednd'), code('*27', 'incallfilter'), code('*20', 'fwdundoall'),
  code('_*21.', 'fwdunc'), code('_*22.', 'fwdrna'), code('_*23.', 'fwdbusy'),
  code('*8', 'pickupexten'), code('_*8.', 'pickup', false), code('_*11.', 'paging'), code('*1', 'blindxfer'),
];
const codes = compileFeatureCodes(CATALOGUE).codes;
const matched = (dialed: string) => {
  const match = matchFeatureCode(codes, dialed);
  return match === undefined ? undefined : { feature: match.feature, argument: match.argument };
};

describe('feature codes: matching', () => {
  it('MUST match an exact code with no argument', () => {
    assert.deepEqual(matched('*25'), { feature: 'enablednd', argument: '' });
  });

  it('MUST take what follows a pattern code\'s literal prefix as its argument (*211002 is fwdunc to 1002)', () => {
    assert.deepEqual(matched('*211002'), { feature: 'fwdunc', argument: '1002' });
  });

  it('MUST answer a forward code dialed alone with an empty argument (*21)', () => {
    assert.deepEqual(matched('*21'), { feature: 'fwdunc', argument: '' });
  });

  it('MUST ignore the visual separator - in the dialed number, as routing does', () => {
    assert.deepEqual(matched('*22-1234'), { feature: 'fwdrna', argument: '1234' });
  });

  it('MUST NOT answer the prefix alone of a code that is no forward', () => {
    const compiled = compileFeatureCodes([code('_*11.', 'paging')]).codes;
    assert.equal(matchFeatureCode(compiled, '*11'), undefined);
  });

  it('MUST NOT match a disabled code (_*8. directed pickup is off by default)', () => {
    assert.deepEqual(matched('*81001'), undefined);
  });

  it('MUST NOT match a number that is no code', () => {
    assert.deepEqual([matched('1001'), matched('*2'), matched('*250')], [undefined, undefined, undefined]);
  });

  it('MUST follow an edited code: *250 answers, *25 no longer does', () => {
    const edited = compileFeatureCodes(CATALOGUE.map((row) => (row.feature === 'enablednd' ? { ...row, exten: '*250' } : row))).codes;
    assert.deepEqual([matchFeatureCode(edited, '*250')?.feature, matchFeatureCode(edited, '*25')], ['enablednd', undefined]);
  });

  it('MUST leave out and report a code whose exten does not compile', () => {
    const compiled = compileFeatureCodes([code('_*2[5', 'enablednd')]);
    assert.deepEqual([compiled.codes.codes.length, compiled.problems[0]?.error], [0, 'unclosed-set']);
  });

  it('MUST prefer the most specific code, as Asterisk orders patterns', () => {
    const compiled = compileFeatureCodes([code('_*2.', 'fwdunc'), code('_*25X', 'bsfilter')]).codes;
    assert.deepEqual(matchFeatureCode(compiled, '*251')?.feature, 'bsfilter');
  });
});

describe('feature codes: collisions', () => {
  it('MUST tell equivalent extens apart from different ones', () => {
    const dnd = (exten: string) => ({ exten, feature: 'enablednd' });
    assert.deepEqual([featureExtensCollide(dnd('*25'), dnd('*25')), featureExtensCollide(dnd('*25'), dnd('_*25')), featureExtensCollide(dnd('*25'), dnd('*26'))], [true, true, false]);
  });

  it('MUST count a forward code dialed alone as its prefix (_*21. and *21 collide)', () => {
    const fwdunc = { exten: '_*21.', feature: 'fwdunc' };
    const other = (exten: string) => ({ exten, feature: 'enablednd' });
    assert.deepEqual([featureExtensCollide(fwdunc, other('*21')), featureExtensCollide(other('*21'), fwdunc), featureExtensCollide(fwdunc, other('*211'))], [true, true, false]);
  });

  it('MUST NOT count the prefix of a code that is no forward (_*8. directed pickup and *8 group pickup)', () => {
    assert.equal(featureExtensCollide({ exten: '_*8.', feature: 'pickup' }, { exten: '*8', feature: 'pickupexten' }), false);
  });
});

describe('feature codes: actions', () => {
  const action = (dialed: string) => {
    const match = matchFeatureCode(codes, dialed);
    return match === undefined ? undefined : featureAction(match);
  };

  it('MUST toggle do not disturb and the incoming-call filter', () => {
    assert.deepEqual([action('*25'), action('*27')], [{ type: 'service.toggle', service: 'dnd' }, { type: 'service.toggle', service: 'incallfilter' }]);
  });

  it('MUST enable a forward to the number given, and disable it when the code is dialed alone', () => {
    assert.deepEqual([action('*231002'), action('*23')], [
      { type: 'forward.set', forward: 'busy', destination: '1002' },
      { type: 'forward.set', forward: 'busy', destination: null },
    ]);
  });

  it('MUST refuse a forward to something that is not a number', () => {
    assert.equal(action('*21abc')?.type, 'invalid-argument');
  });

  it('MUST disable every forward on fwdundoall', () => {
    assert.deepEqual(action('*20'), { type: 'forwards.disable_all' });
  });

  it('MUST answer a catalogued feature without an engine (paging, pickup, DTMF transfer) as unavailable', () => {
    assert.deepEqual([action('*111001')?.type, action('*8')?.type, action('*1')?.type], ['unavailable', 'unavailable', 'unavailable']);
  });
});
