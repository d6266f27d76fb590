/**
 * `/extensions/features` of confd 1.1 (seed CF-26): the feature extensions (star codes), global to
 * the installation as Wazo's context xivo-features is. List, read, and edit a code's exten and
 * whether it is enabled; `extension_feature_edited` tells the change.
 *
 * @remarks
 * An exten must be a number or a `_` pattern that compiles as routing compiles it, and no two
 * enabled codes may answer the same numbers (equivalent patterns, or a forward code dialed alone
 * and an exact code): a 400 names the code in the way. The check and the write run under a lock
 * of the table, so two edits at once cannot both pass it. The event carries the tenant of the
 * request (the codes have none of their own).
 */
import { z } from 'zod';
import {
  findFeatureExtension, listFeatureExtensionPage, loadFeatureExtensions, lockFeatureExtensions, updateFeatureExtension,
  type FeatureExtensionOrder, type FeatureExtensionRow, type WriteResult,
} from '../../store/index.ts';
import { routing } from '../../actors/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { listAnswer, param } from './confd-lists.ts';
import { patternProblem } from './routing-forms.ts';

/** The context the reference platform shows feature extensions in. */
export const FEATURES_CONTEXT = 'xivo-features';

const FeatureExten = z.string().regex(/^(\+?[0-9*#]{1,40}|_[0-9A-Za-z*#+.!\[\]-]{1,40})$/, 'must be a number or a pattern starting with _')
  .superRefine((exten, context) => {
    const problem = patternProblem(exten);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
export const FeatureExtensionUpdate = z.object({ exten: FeatureExten, enabled: z.boolean() }).partial();

const ORDERS: readonly FeatureExtensionOrder[] = ['exten', 'feature', 'enabled', 'uuid'];

export function featureExtensionView(row: FeatureExtensionRow): Record<string, unknown> {
  return { uuid: row.uuid, context: FEATURES_CONTEXT, exten: row.exten, feature: row.feature, enabled: row.enabled };
}

type Edit = { readonly type: 'written'; readonly written: WriteResult<FeatureExtensionRow> } | { readonly type: 'answer'; readonly answer: JsonAnswer };

export function featureExtensionRoutes(deps: ConfdDeps): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/extensions/features',
      handle: (request) => listAnswer(request, ORDERS, 'exten', (_tenants, query) => listFeatureExtensionPage(deps.db, query), featureExtensionView),
    },
    {
      method: 'GET', path: '/extensions/features/:feature_uuid',
      async handle(request) {
        const row = await findFeatureExtension(deps.db, param(request, 'feature_uuid'));
        return row === undefined ? apiError(404, 'no such feature extension') : { status: 200, body: featureExtensionView(row) };
      },
    },
    {
      method: 'PUT', path: '/extensions/features/:feature_uuid',
      async handle(request) {
        const parsed = FeatureExtensionUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const uuid = param(request, 'feature_uuid');
        const edit = await deps.db.transaction(async (tx): Promise<Edit> => {
          await lockFeatureExtensions(tx);
          const all = await loadFeatureExtensions(tx);
          const current = all.find((row) => row.uuid === uuid);
          if (current === undefined) return { type: 'answer', answer: apiError(404, 'no such feature extension') };
          const wanted = { exten: parsed.data.exten ?? current.exten, enabled: parsed.data.enabled ?? current.enabled };
          const clash = wanted.enabled ? all.find((other) => other.uuid !== uuid && other.enabled && routing.featureExtensCollide(other, { exten: wanted.exten, feature: current.feature })) : undefined;
          if (clash !== undefined) return { type: 'answer', answer: apiError(400, `exten: '${wanted.exten}' is already used by the enabled feature ${clash.feature} ('${clash.exten}')`) };
          return { type: 'written', written: await updateFeatureExtension(tx, uuid, wanted) };
        });
        if (edit.type === 'answer') return edit.answer;
        if (edit.written.type === 'error') return writeFailure(edit.written, 'feature extension');
        const row = edit.written.value;
        publishChange(deps, request.tenantUuid ?? '', 'extension_feature_edited', 'config.extension_feature.edited', { uuid: row.uuid, exten: row.exten, feature: row.feature, enabled: row.enabled });
        return { status: 204, body: undefined };
      },
    },
  ];
}
