/**
 * Adds the request bodies of a service's write routes to its OpenAPI document, as JSON Schema drawn
 * from the zod schemas the handlers validate with, so the document and the validation cannot
 * disagree. Keys are `METHOD /openapi/path`: `POST /users`, `PUT /users/{user_id}`.
 */
import { z } from 'zod';

interface Document {
  readonly paths: Record<string, Record<string, Record<string, unknown>>>;
}

export function withRequestBodies(document: unknown, bodies: Readonly<Record<string, z.ZodType>>): unknown {
  const { paths } = document as Document;
  for (const [key, schema] of Object.entries(bodies)) {
    const [method = '', path = ''] = key.split(' ');
    const operation = paths[path]?.[method.toLowerCase()];
    if (operation === undefined) throw new Error(`no operation ${key} for its request body`);
    const jsonSchema = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
    operation['requestBody'] = { required: method === 'POST', content: { 'application/json': { schema: jsonSchema } } };
  }
  return document;
}
