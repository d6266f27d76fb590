import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findPromptFile, isSafeSoundName, promptCandidates } from './prompt-files.ts';

describe('prompt files', () => {
  const TENANT = '2b1bb4d8-0b4c-4a0e-8e34-2d4bbf6d3c11';
  const made: string[] = [];
  after(async () => {
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  it("MUST look in the tenant's language folder first, then in the shared sounds", () => {
    assert.deepEqual(promptCandidates('/sounds', { sound: 'welcome', tenantUuid: TENANT, language: 'en_US' }), [`/sounds/${TENANT}/en_US/welcome.wav`, '/sounds/welcome.wav']);
  });

  it('MUST accept a name given with its .wav and a name in a subfolder', () => {
    assert.deepEqual(promptCandidates('/sounds', { sound: 'ivr/choices.wav', tenantUuid: TENANT, language: 'fr_FR' }), [`/sounds/${TENANT}/fr_FR/ivr/choices.wav`, '/sounds/ivr/choices.wav']);
  });

  it('MUST find nothing for a name that leaves the sounds folder', () => {
    for (const sound of ['../etc/passwd', '/etc/passwd', 'a/../../b', '', '.', 'a//b', 'name with space']) {
      assert.deepEqual(promptCandidates('/sounds', { sound, tenantUuid: TENANT, language: 'en_US' }), [], sound);
    }
    assert.equal(isSafeSoundName('..'), false);
  });

  it('MUST only use the shared sounds when the tenant or language is not a plain folder name', () => {
    assert.deepEqual(promptCandidates('/sounds', { sound: 'welcome', tenantUuid: '../x', language: 'en_US' }), ['/sounds/welcome.wav']);
  });

  it('MUST return the first file that exists, and undefined when none does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sounds-'));
    made.push(dir);
    await mkdir(join(dir, TENANT, 'en_US'), { recursive: true });
    await writeFile(join(dir, TENANT, 'en_US', 'welcome.wav'), 'x');
    await writeFile(join(dir, 'error.wav'), 'x');
    const find = (sound: string) => findPromptFile(dir, { sound, tenantUuid: TENANT, language: 'en_US' });
    assert.deepEqual([await find('welcome'), await find('error'), await find('missing')], [join(dir, TENANT, 'en_US', 'welcome.wav'), join(dir, 'error.wav'), undefined]);
  });
});
