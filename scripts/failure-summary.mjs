// A test reporter that prints nothing while the tests run, then, at the end, every failed or
// cancelled test with its file and the first lines of its error, so the end of a long log names
// what went wrong. Used beside the TAP reporter by run-tests.mjs.
import { relative } from 'node:path';

export default async function* failureSummary(source) {
  const failures = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, file, line, details } = event.data;
    const error = details?.error;
    // A suite fails when one of its tests does: its own entry adds nothing.
    if (error?.failureType === 'subtestsFailed') continue;
    const cause = error?.cause ?? error;
    const message = String(cause?.message ?? cause ?? error?.failureType ?? 'failed').split('\n').slice(0, 6).join('\n    ');
    failures.push(`- ${file === undefined ? '?' : relative(process.cwd(), file)}${line === undefined ? '' : `:${line}`} ${name}\n    [${error?.failureType ?? 'failed'}] ${message}`);
  }
  if (failures.length === 0) return;
  yield `\n# ${failures.length} failed or cancelled test(s):\n${failures.join('\n')}\n`;
}
