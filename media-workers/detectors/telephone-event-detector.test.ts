import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serializeTelephoneEvent } from '../rtp/telephone-event.ts';
import { TelephoneEventDetector } from './telephone-event-detector.ts';

const progress = serializeTelephoneEvent({ event: 1, end: false, volume: 10, duration: 400 });
const end = serializeTelephoneEvent({ event: 1, end: true, volume: 10, duration: 800 });

describe('RFC 4733 digit detection', () => {
  it('MUST report nothing before the end packet', () => {
    assert.equal(new TelephoneEventDetector(8000).accept(1000, progress), undefined);
  });

  it('MUST report the digit and its duration on the end packet', () => {
    assert.deepEqual(new TelephoneEventDetector(8000).accept(1000, end), { digit: '1', durationMs: 100 });
  });

  it('MUST report an event once although its end packet is sent three times', () => {
    const detector = new TelephoneEventDetector(8000);
    const reports = [detector.accept(1000, end), detector.accept(1000, end), detector.accept(1000, end)].filter((report) => report !== undefined);
    assert.equal(reports.length, 1);
  });

  it('MUST report the same digit again when it is a new event (new timestamp)', () => {
    const detector = new TelephoneEventDetector(8000);
    detector.accept(1000, end);
    assert.deepEqual(detector.accept(5000, end), { digit: '1', durationMs: 100 });
  });
});
