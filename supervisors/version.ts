/** The version of parley, from package.json, for the Server header and the health endpoint. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const PARLEY_VERSION: string = (require('../package.json') as { version: string }).version;
