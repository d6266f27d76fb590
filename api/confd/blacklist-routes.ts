/**
 * The tenant's blacklist and incoming caller-ID normalisation rules (seed CF-07, CF-06 point 3).
 * The reference platform has no API for either (the blacklist is the AstDB family `blacklist`, the
 * rules are the sections of `xivo_in_callerid.conf`): these paths are parley's own
 * (docs/decisions.md).
 *
 * - `GET|POST /blacklist`, `DELETE /blacklist/{number}`: entries `{number, reason}`; a POST of a
 *   number already there replaces its reason (`database put` semantics).
 * - `GET|POST /incoming_callerid_rules`, `DELETE /incoming_callerid_rules/{rule_id}`: rules
 *   `{id, name, callerid, strip, add}`, tried in id order; a `callerid` that is not a valid regular
 *   expression is a 400.
 *
 * Both act in the request's tenant; a change reaches live routing through the configuration
 * version (the tables' triggers move it on), and is published as an event.
 */
import { z } from 'zod';
import { routing } from '../../actors/index.ts';
import { createCallerIdRule, deleteBlacklistEntry, deleteCallerIdRule, listBlacklist, listCallerIdRules, putBlacklistEntry, type CallerIdRuleRow, type TenantUuid } from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, param } from './confd-lists.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;
const noControl = /^[^\u0000-\u001f\u007f]*$/;

/** A blacklist key: a caller number, or a caller name (Asterisk's `BLACKLIST()` tries both). */
export const BlacklistNumber = z.string().min(1).max(80).regex(noControl, 'no control characters');
export const NewBlacklistEntry = z.object({
  number: BlacklistNumber,
  reason: z.string().max(256).regex(noControl, 'no control characters').default(''),
});

export const NewCallerIdRule = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, _ . or -'),
  callerid: z.string().min(1).max(256).regex(noControl, 'no control characters').superRefine((expression, context) => {
    const problem = routing.callerIdRuleError(expression);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `not a valid regular expression: ${problem}` });
  }),
  strip: z.number().int().min(0).max(40).default(0),
  add: z.string().regex(/^[0-9*#+]{0,32}$/, 'must be dial characters').default(''),
});

export function callerIdRuleView(rule: CallerIdRuleRow): Record<string, unknown> {
  return { id: rule.id, tenant_uuid: rule.tenantUuid, name: rule.name, callerid: rule.callerId, strip: rule.strip, add: rule.add };
}

export function blacklistRoutes(deps: ConfdDeps): ApiRoute[] {
  const tenantOf = (request: ApiRequest) => creationTenant(request) as TenantUuid;
  const publish = (request: ApiRequest, name: string, routingKey: string, data: Record<string, unknown>) =>
    publishChange(deps, tenantOf(request), name, routingKey, { ...data, tenant_uuid: tenantOf(request) });
  return [
    {
      method: 'GET', path: '/blacklist',
      async handle(request) {
        const entries = await listBlacklist(deps.db, tenantOf(request));
        const items = entries.map((entry) => ({ number: entry.key, reason: entry.reason, tenant_uuid: tenantOf(request) }));
        return { status: 200, body: { total: items.length, filtered: items.length, items } };
      },
    },
    {
      method: 'POST', path: '/blacklist',
      async handle(request) {
        const parsed = NewBlacklistEntry.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const written = await putBlacklistEntry(deps.db, tenantOf(request), { key: parsed.data.number, reason: parsed.data.reason });
        if (written.type === 'error') return writeFailure(written, 'blacklist entry');
        const entry = { number: written.value.key, reason: written.value.reason };
        publish(request, 'blacklist_entry_created', 'config.blacklist.created', entry);
        return { status: 201, body: { ...entry, tenant_uuid: tenantOf(request) } };
      },
    },
    {
      method: 'DELETE', path: '/blacklist/:number',
      async handle(request) {
        const number = param(request, 'number');
        if (!(await deleteBlacklistEntry(deps.db, tenantOf(request), number))) return apiError(404, 'no such blacklist entry');
        publish(request, 'blacklist_entry_deleted', 'config.blacklist.deleted', { number });
        return NO_CONTENT;
      },
    },
    {
      method: 'GET', path: '/incoming_callerid_rules',
      async handle(request) {
        const items = (await listCallerIdRules(deps.db, [tenantOf(request)])).map(callerIdRuleView);
        return { status: 200, body: { total: items.length, filtered: items.length, items } };
      },
    },
    {
      method: 'POST', path: '/incoming_callerid_rules',
      async handle(request) {
        const parsed = NewCallerIdRule.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const { name, callerid, strip, add } = parsed.data;
        const created = await createCallerIdRule(deps.db, { tenantUuid: tenantOf(request), name, callerId: callerid, strip, add });
        if (created.type === 'error') return writeFailure(created, 'caller-ID rule');
        publish(request, 'incoming_callerid_rule_created', 'config.incoming_callerid_rules.created', { id: created.value.id, name });
        return { status: 201, body: callerIdRuleView(created.value) };
      },
    },
    {
      method: 'DELETE', path: '/incoming_callerid_rules/:rule_id',
      async handle(request) {
        const ruleId = Number(param(request, 'rule_id'));
        if (!Number.isSafeInteger(ruleId) || ruleId < 1 || ruleId > 2_147_483_647) return apiError(404, 'no such caller-ID rule');
        if (!(await deleteCallerIdRule(deps.db, ruleId, [tenantOf(request)]))) return apiError(404, 'no such caller-ID rule');
        publish(request, 'incoming_callerid_rule_deleted', 'config.incoming_callerid_rules.deleted', { id: ruleId });
        return NO_CONTENT;
      },
    },
  ];
}
