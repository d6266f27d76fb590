/** The phones of the contact center's members: users' lines and the extensions agents log in at. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { phoneBookOf } from './phone-book.ts';

const line = (id: number, username: string | null, exten: string, context = 'default') => ({ id, context, position: id, mainLine: id === 1, username, extensions: [{ exten, context }] });
const user = (id: number, tenantUuid: string, lines: ReturnType<typeof line>[]) => ({
  id, uuid: `uuid-${id}`, tenantUuid, firstname: 'Alice', lastname: 'Martin', enabled: true, callerId: null, outgoingCallerId: 'default', userfield: null,
  ringSeconds: 30, simultaneousCalls: 5, musicOnHold: null, lines,
}) as never;

describe('phone book', () => {
  const book = phoneBookOf({ users: [user(1, 't1', [line(1, 'desk1', '1001'), line(2, 'soft1', '1002')]), user(2, 't2', [line(3, 'desk2', '1001')])] });

  it('MUST find the line at an extension@context in the given tenant only', () => {
    assert.deepEqual([book.at('t1', '1001', 'default'), book.at('t2', '1001', 'default'), book.at('t1', '1001', 'other')], [{ userId: 1, usernames: ['desk1'] }, { userId: 2, usernames: ['desk2'] }, undefined]);
  });

  it("MUST give a user's ring identity and the usernames of all its lines, main line first", () => {
    const found = book.user(1);
    assert.deepEqual([found?.usernames, found?.user.name, found?.user.number, found?.user.userUuid], [['desk1', 'soft1'], 'Alice Martin', '1001', 'uuid-1']);
  });
});
