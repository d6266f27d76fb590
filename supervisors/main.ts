/**
 * `npm start` / `parley`: reads the configuration, starts the node and stops it cleanly on SIGINT
 * or SIGTERM (a second signal exits at once).
 *
 * Exit codes: 0 after a clean stop, 1 when the node could not start or the supervision tree gave
 * up, 2 for a bad configuration (every bad key is named).
 */
import clusterConfig from '../cluster.config.ts';
import { loadConfig } from './config/index.ts';
import { startNode, type RunningNode } from './boot.ts';

const result = loadConfig({ argv: process.argv.slice(2), env: process.env, file: clusterConfig });
if (result.type === 'help') {
  process.stdout.write(result.text);
  process.exit(0);
}
if (result.type === 'error') {
  for (const error of result.errors) process.stderr.write(`parley: ${error.message}\n`);
  process.stderr.write('parley: invalid configuration; `npm start -- --help` lists every setting\n');
  process.exit(2);
}

let node: RunningNode | undefined;
let stopping = false;

const stop = (signal: NodeJS.Signals): void => {
  if (stopping) {
    process.stderr.write(`parley: ${signal} again, exiting now\n`);
    process.exit(1);
  }
  stopping = true;
  const running = node;
  if (running === undefined) process.exit(0);
  running.shutdown().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`parley: shutdown failed: ${describe(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  node = await startNode(result.config, {
    env: process.env,
    callHooks: result.callHooks,
    onFatal: () => {
      if (!stopping) stop('SIGTERM');
    },
  });
  if (stopping) await node.shutdown().finally(() => process.exit(0));
} catch (error) {
  process.stderr.write(`parley: cannot start: ${describe(error)}\n`);
  process.exit(1);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
  return `${code}${error.message}`;
}
