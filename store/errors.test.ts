import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DataDirLockedError,
  DemoConflictError,
  hasStoreErrorCode,
  InvalidStoreOptionsError,
  MigrationFailedError,
  MigrationInvalidError,
  MigrationMismatchError,
  SchemaTooNewError,
  STORE_ERROR_CODES,
  StoreError,
  StoreQueryError,
  StoreUnavailableError,
} from './errors.ts';

const cause = new Error('underlying');

const ONE_OF_EACH: readonly StoreError[] = [
  new StoreUnavailableError('down', cause),
  new StoreQueryError('rejected', { sqlState: '23505', constraint: 'users_email_key' }, cause),
  new MigrationFailedError(2, 'second', cause),
  new MigrationInvalidError('bad file name'),
  new MigrationMismatchError('other history'),
  new SchemaTooNewError(9, 1),
  new DataDirLockedError('in use'),
  new InvalidStoreOptionsError('bad schema'),
  new DemoConflictError('extension taken'),
];

describe('store errors', () => {
  it('MUST give every code of STORE_ERROR_CODES exactly one error class', () => {
    assert.deepEqual(ONE_OF_EACH.map((error) => error.code).sort(), [...STORE_ERROR_CODES].sort());
  });

  it('MUST brand each error with Symbol.for(pbx.error.<code>)', () => {
    const branded = ONE_OF_EACH.every((error) => Reflect.get(error, Symbol.for(`pbx.error.${error.code}`)) === true);
    assert.equal(branded, true);
  });

  it('MUST recognise an error by its code through the brand', () => {
    assert.equal(hasStoreErrorCode(new StoreUnavailableError('down'), 'PBX_ERR_STORE_UNAVAILABLE'), true);
  });

  it('MUST NOT recognise an error under another code', () => {
    assert.equal(hasStoreErrorCode(new StoreUnavailableError('down'), 'PBX_ERR_STORE_QUERY_FAILED'), false);
  });

  it('MUST keep the underlying error as cause', () => {
    assert.equal(new StoreUnavailableError('down', cause).cause, cause);
  });

  it('MUST name the class in name, for logs', () => {
    assert.equal(new SchemaTooNewError(9, 1).name, 'SchemaTooNewError');
  });
});
