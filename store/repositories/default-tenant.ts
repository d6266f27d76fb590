/**
 * SQL for "the given tenant, or the default tenant when none is given".
 *
 * @remarks
 * The default tenant is the row with `is_default` (created by the first migration); a
 * single-company installation never names a tenant.
 */
export function tenantOrDefault(placeholder: string): string {
  return `COALESCE(${placeholder}::uuid, (SELECT uuid FROM tenant WHERE is_default))`;
}
