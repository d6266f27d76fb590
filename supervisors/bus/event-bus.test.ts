import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEventBus, type BusEvent } from './event-bus.ts';

const event = (name: string): BusEvent => ({ name, origin_uuid: 'node-1', required_acl: `events.calls.u1`, data: {} });

describe('event bus', () => {
  it('MUST deliver an event to the subscribers of its name and to wildcard subscribers only', () => {
    const bus = createEventBus(() => undefined);
    const seen: string[] = [];
    bus.subscribe(['call_created'], (e) => seen.push(`named:${e.name}`));
    bus.subscribe(['*'], (e) => seen.push(`all:${e.name}`));
    bus.subscribe(['call_ended'], (e) => seen.push(`other:${e.name}`));
    bus.publish(event('call_created'));
    assert.deepEqual(seen, ['named:call_created', 'all:call_created']);
  });

  it('a subscriber that throws MUST NOT stop delivery to the others, and MUST be reported', () => {
    const errors: string[] = [];
    const bus = createEventBus((name) => errors.push(name));
    const seen: string[] = [];
    bus.subscribe([], () => {
      throw new Error('broken subscriber');
    });
    bus.subscribe([], (e) => seen.push(e.name));
    bus.publish(event('call_updated'));
    assert.deepEqual([seen, errors], [['call_updated'], ['call_updated']]);
  });

  it('MUST stop delivering after unsubscribe', () => {
    const bus = createEventBus(() => undefined);
    const seen: string[] = [];
    const unsubscribe = bus.subscribe([], (e) => seen.push(e.name));
    unsubscribe();
    bus.publish(event('call_ended'));
    assert.deepEqual(seen, []);
  });
});
