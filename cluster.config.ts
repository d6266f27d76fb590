import { defineClusterConfig } from './supervisors/config/index.ts';

/**
 * The settings of this installation, between the built-in defaults and the environment.
 *
 * @remarks
 * Every key is optional; `parley --help` lists them with their defaults. Command-line flags and
 * environment variables override what is set here, so one file can serve every node of a cluster
 * while each node gets its own `PARLEY_NODE_NAME`. Secrets such as `DATABASE_URL` belong in the
 * environment rather than in this file.
 */
export default defineClusterConfig({});
