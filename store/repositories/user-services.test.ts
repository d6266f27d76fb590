import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { UserUuid } from '../ids.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { findUserCallSettings, setUserForward, setUserService } from './user-services.ts';
import { createUser } from './users.ts';

const UNKNOWN_USER = '00000000-0000-4000-8000-000000000000' as UserUuid;

for (const kind of TEST_DATABASE_KINDS) {
  describe(`user services and forwards, on ${kind}`, () => {
    let db: TestDatabase;
    let userUuid: UserUuid;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    async function newUser(): Promise<UserUuid> {
      return expectWritten(await createUser(db, { firstname: 'Services' })).uuid;
    }

    it('MUST give a new user every service and forward disabled, forwards without destination', async () => {
      userUuid = await newUser();
      const off = { enabled: false, destination: null };
      assert.deepEqual(await findUserCallSettings(db, userUuid), {
        userUuid,
        services: { dnd: { enabled: false }, incallfilter: { enabled: false } },
        forwards: { busy: off, noanswer: off, unconditional: off },
      });
    });

    it('MUST switch do not disturb on and leave the incoming-call filter alone', async () => {
      const result = expectWritten(await setUserService(db, await newUser(), 'dnd', true));
      assert.deepEqual(result.services, { dnd: { enabled: true }, incallfilter: { enabled: false } });
    });

    it('MUST switch a service off again', async () => {
      const user = await newUser();
      expectWritten(await setUserService(db, user, 'incallfilter', true));
      const result = expectWritten(await setUserService(db, user, 'incallfilter', false));
      assert.equal(result.services.incallfilter.enabled, false);
    });

    it('MUST set the no-answer forward and leave the busy and unconditional forwards alone', async () => {
      const result = expectWritten(await setUserForward(db, await newUser(), 'noanswer', { enabled: true, destination: '1002' }));
      assert.deepEqual(
        [result.forwards.noanswer, result.forwards.busy.enabled, result.forwards.unconditional.enabled],
        [{ enabled: true, destination: '1002' }, false, false],
      );
    });

    it('MUST accept an enabled forward without a destination', async () => {
      const result = expectWritten(await setUserForward(db, await newUser(), 'busy', { enabled: true, destination: null }));
      assert.deepEqual(result.forwards.busy, { enabled: true, destination: null });
    });

    it('MUST refuse a forward destination that is not an extension number, naming its constraint', async () => {
      const result = await setUserForward(db, await newUser(), 'unconditional', { enabled: true, destination: 'sip:evil@example.com' });
      assert.deepEqual(
        result.type === 'error' && [result.code, result.constraint],
        ['PBX_ERR_STORE_INVALID_VALUE', 'users_unconditional_forward_destination_check'],
      );
    });

    it('MUST answer PBX_ERR_STORE_NOT_FOUND for an unknown user', async () => {
      const result = await setUserService(db, UNKNOWN_USER, 'dnd', true);
      assert.equal(result.type === 'error' && result.code, 'PBX_ERR_STORE_NOT_FOUND');
    });

    it('MUST answer PBX_ERR_STORE_NOT_FOUND for a malformed user uuid rather than throw', async () => {
      const result = await setUserForward(db, 'not-a-uuid' as UserUuid, 'busy', { enabled: false, destination: null });
      assert.equal(result.type === 'error' && result.code, 'PBX_ERR_STORE_NOT_FOUND');
    });

    it('MUST find no settings for an unknown user', async () => {
      assert.equal(await findUserCallSettings(db, UNKNOWN_USER), undefined);
    });
  });
}
