/**
 * A store refusal as an API answer: a duplicate or an invalid value is a 400 naming the
 * constraint, a missing row a 404 (seed API-01: errors as a JSON list).
 */
import type { StoreViolation } from '../../store/index.ts';
import { apiError } from './api-route.ts';
import type { JsonAnswer } from './respond-json.ts';

export function writeFailure(violation: StoreViolation, resource: string): JsonAnswer {
  switch (violation.code) {
    case 'PBX_ERR_STORE_NOT_FOUND':
      return apiError(404, `no such ${resource}`);
    case 'PBX_ERR_STORE_DUPLICATE':
      return apiError(400, `${resource}: already exists (${violation.constraint ?? 'duplicate'})`);
    case 'PBX_ERR_STORE_BROKEN_REFERENCE':
      return apiError(400, `${resource}: refers to something that does not exist or is still in use (${violation.constraint ?? 'reference'})`);
    case 'PBX_ERR_STORE_INVALID_VALUE':
      return apiError(400, `${resource}: invalid value (${violation.constraint ?? violation.message})`);
  }
}
