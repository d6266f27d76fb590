import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Mailbox } from './mailbox.ts';
import { createDeferred } from './testing/deferred.ts';

function idle(mailbox: { readonly busy: boolean }): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (!mailbox.busy) resolve();
      else setImmediate(check);
    };
    check();
  });
}

describe('Mailbox', () => {
  it('MUST consume items in arrival order', async () => {
    const seen: number[] = [];
    const mailbox = new Mailbox<number>((item) => {
      seen.push(item);
    }, 100);
    for (const item of [1, 2, 3, 4]) mailbox.enqueue(item);
    await idle(mailbox);
    assert.deepEqual(seen, [1, 2, 3, 4]);
  });

  it('MUST NOT start an item before the previous one has settled', async () => {
    const marks: string[] = [];
    const gate = createDeferred();
    const mailbox = new Mailbox<number>(async (item) => {
      marks.push(`start ${item}`);
      if (item === 1) await gate.promise;
      marks.push(`end ${item}`);
    }, 100);
    mailbox.enqueue(1);
    mailbox.enqueue(2);
    await new Promise((resolve) => setImmediate(resolve));
    gate.resolve();
    await idle(mailbox);
    assert.deepEqual(marks, ['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('MUST NOT consume inside the caller of enqueue', () => {
    let consumed = false;
    const mailbox = new Mailbox<number>(() => {
      consumed = true;
    }, 100);
    mailbox.enqueue(1);
    assert.equal(consumed, false);
  });

  it("MUST refuse an item past its limit with 'full', unless told to go over the limit", () => {
    const mailbox = new Mailbox<number>(() => undefined, 1);
    mailbox.enqueue(1);
    assert.equal(mailbox.enqueue(2), 'full');
    assert.equal(mailbox.enqueue(3, true), undefined);
  });

  it("MUST return the waiting items on close and refuse later ones with 'closed'", () => {
    const mailbox = new Mailbox<number>(() => undefined, 10);
    mailbox.enqueue(1);
    mailbox.enqueue(2);
    assert.deepEqual(mailbox.close(), [1, 2]);
    assert.equal(mailbox.enqueue(3), 'closed');
  });

  it('MUST keep order across its internal compaction (more than 1024 items)', async () => {
    const seen: number[] = [];
    const mailbox = new Mailbox<number>((item) => {
      seen.push(item);
    }, 10_000);
    const items = Array.from({ length: 3_000 }, (_, index) => index);
    for (const item of items) mailbox.enqueue(item);
    await idle(mailbox);
    assert.deepEqual(seen, items);
  });
});
