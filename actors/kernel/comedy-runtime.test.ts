import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActorSystem } from './actor-system.ts';
import { withoutAddedSignalListeners } from './comedy-runtime.ts';
import { createSimulatedClock } from './simulated-clock.ts';
import { createRecordingLogger } from './testing/recording-logger.ts';

function signalListeners(): readonly unknown[] {
  return [...process.rawListeners('SIGINT'), ...process.rawListeners('SIGTERM')];
}

describe('comedy runtime', () => {
  it('MUST leave SIGINT and SIGTERM listeners as they were after createActorSystem (SIGINT no longer exits)', async () => {
    const before = signalListeners();
    const system = await createActorSystem({ nodeName: 'n1', clock: createSimulatedClock() });
    const after = signalListeners();
    await system.shutdown();
    assert.deepEqual(after, before);
  });

  it('MUST remove only the listeners added during creation, keeping one installed before', () => {
    const ours = (): void => undefined;
    process.on('SIGINT', ours);
    try {
      withoutAddedSignalListeners(() => process.once('SIGINT', () => process.exit(0)));
      assert.deepEqual(process.rawListeners('SIGINT'), [ours]);
    } finally {
      process.removeListener('SIGINT', ours);
    }
  });

  it('MUST remove the added listeners even when creation throws', () => {
    const before = process.rawListeners('SIGTERM');
    assert.throws(() =>
      withoutAddedSignalListeners(() => {
        process.once('SIGTERM', () => process.exit(0));
        throw new Error('creation failed');
      }),
    );
    assert.deepEqual(process.rawListeners('SIGTERM'), before);
  });

  it("MUST route comedy's own log lines to the kernel logger instead of the console", async () => {
    const logger = createRecordingLogger();
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      const system = await createActorSystem({ nodeName: 'n1', clock: createSimulatedClock(), logger });
      await system.shutdown();
    } finally {
      process.stdout.write = write;
    }
    assert.equal(written.some((chunk) => /Logger configuration|actor configuration/i.test(chunk)), false);
    assert.equal(logger.lines.some((line) => line.fields['component'] === 'comedy'), true);
  });
});
