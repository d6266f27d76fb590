/**
 * zod's validation issues as the seed's error list: one message per problem, naming the field,
 * e.g. `expiration: Too big: expected number to be <=315360000`.
 */
import type { z } from 'zod';

export function zodMessages(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}
