import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isMessageSummaryEvent, messageSummaryBody, SUBSCRIPTION_EXPIRES, subscriptionExpires } from './message-summary.ts';

describe('messageSummaryBody (RFC 3842 §5.2)', () => {
  it("MUST say 'Messages-Waiting: yes' with the new/old counts when a message is new, and 'no' otherwise", () => {
    assert.equal(messageSummaryBody({ newCount: 2, oldCount: 1 }, 'sip:*98@pbx'), 'Messages-Waiting: yes\r\nMessage-Account: sip:*98@pbx\r\nVoice-Message: 2/1\r\n');
    assert.match(messageSummaryBody({ newCount: 0, oldCount: 3 }, 'sip:*98@pbx'), /^Messages-Waiting: no\r\n/);
  });
});

describe('subscriptionExpires (RFC 6665 §4.2.1.1)', () => {
  it('MUST grant the default without Expires, 0 for 0, and cap a long one at the maximum', () => {
    assert.deepEqual([subscriptionExpires(undefined), subscriptionExpires('0'), subscriptionExpires('86400')], [
      { type: 'granted', seconds: SUBSCRIPTION_EXPIRES.defaultS }, { type: 'granted', seconds: 0 }, { type: 'granted', seconds: SUBSCRIPTION_EXPIRES.maxS },
    ]);
  });

  it('MUST answer too brief under the minimum and invalid for a non-number', () => {
    assert.deepEqual([subscriptionExpires('5'), subscriptionExpires('soon')], [{ type: 'too-brief', minS: SUBSCRIPTION_EXPIRES.minS }, { type: 'invalid' }]);
  });
});

describe('isMessageSummaryEvent', () => {
  it('MUST accept message-summary with parameters and refuse other packages', () => {
    assert.deepEqual([isMessageSummaryEvent('message-summary;id=1'), isMessageSummaryEvent('presence'), isMessageSummaryEvent(undefined)], [true, false, false]);
  });
});
