import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dialplan, DialplanUser } from './dialplan.ts';
import { MAX_FORWARD_HOPS, route, routeToUser, type Caller, type ForwardHop, type RouteResult } from './route.ts';
import { indexDialplan } from './routing-table.ts';
import { context, extension, user, userId } from './testing/dialplan-builder.ts';

const FROM_USER: Caller = { type: 'user', userId: userId(100) };
const FROM_TRUNK: Caller = { type: 'external', number: '+33123456789' };

/** Users 1..n on extensions 1001..100n in `default`, which includes `to-extern`. */
function dialplanOf(...users: readonly DialplanUser[]): Dialplan {
  return {
    contexts: [context('default', ['to-extern']), context('to-extern', [], 'outcall'), context('from-extern', [], 'incall')],
    extensions: [
      ...users.map((each) => extension(each.id, String(1000 + each.id), 'default', each.id)),
      extension(900, '_0X.', 'to-extern', { type: 'none' }),
    ],
    users,
  };
}

function routeIn(dialplan: Dialplan, dialed: string, options: { context?: string; caller?: Caller; previousHops?: readonly ForwardHop[] } = {}): RouteResult {
  const request = { context: options.context ?? 'default', dialed, caller: options.caller ?? FROM_USER };
  const table = indexDialplan(dialplan).table;
  return route(table, options.previousHops === undefined ? request : { ...request, previousHops: options.previousHops });
}

function finalType(result: RouteResult): string {
  return result.type === 'forward' ? `forward→${result.target.type}` : result.type;
}

describe('route: reaching a user', () => {
  it('MUST route a user extension to that user with their ring time', () => {
    const result = routeIn(dialplanOf(user(1, { ringSeconds: 25 })), '1001');
    assert.deepEqual(result.type === 'user' ? [result.userId, result.ringSeconds] : result, [1, 25]);
  });

  it("MUST mark a call from a user as 'intern' and one from a trunk as 'extern'", () => {
    const dialplan = dialplanOf(user(1));
    const origins = [routeIn(dialplan, '1001'), routeIn(dialplan, '1001', { caller: FROM_TRUNK })].map((result) => (result.type === 'user' ? result.origin : result.type));
    assert.deepEqual(origins, ['intern', 'extern']);
  });

  it('MUST answer not-found (404) for a number nothing matches', () => {
    const result = routeIn(dialplanOf(user(1)), '1999');
    assert.deepEqual(result.type === 'not-found' ? [result.reason, result.status] : result, ['no-extension', 404]);
  });

  it('MUST answer not-found for an unknown context', () => {
    const result = routeIn(dialplanOf(user(1)), '1001', { context: 'ghost' });
    assert.equal(result.type === 'not-found' ? result.reason : result.type, 'unknown-context');
  });

  it("MUST answer not-found for an extension whose destination is 'none'", () => {
    const result = routeIn(dialplanOf(user(1)), '0123');
    assert.equal(result.type === 'not-found' ? result.reason : result.type, 'no-destination');
  });

  it('MUST NOT reach users of default from from-extern, which includes nothing', () => {
    assert.equal(routeIn(dialplanOf(user(1)), '1001', { context: 'from-extern', caller: FROM_TRUNK }).type, 'not-found');
  });

  it('MUST answer unavailable (480) for a disabled user', () => {
    const result = routeIn(dialplanOf(user(1, { enabled: false })), '1001');
    assert.deepEqual(result.type === 'unavailable' ? [result.reason, result.status] : result, ['user-disabled', 480]);
  });

  it('MUST treat a disabled user as unavailable even with an unconditional forward', () => {
    assert.equal(routeIn(dialplanOf(user(1, { enabled: false, unconditional: '1002' }), user(2)), '1001').type, 'unavailable');
  });
});

describe('route: do not disturb', () => {
  it("MUST answer busy (486) with reason 'dnd' for a user in DND without a busy forward", () => {
    const result = routeIn(dialplanOf(user(1, { dnd: true })), '1001');
    assert.deepEqual(result.type === 'busy' ? [result.reason, result.status] : result, ['dnd', 486]);
  });

  it('MUST NOT follow the busy forward of a user in DND (the DND forward action is none)', () => {
    const result = routeIn(dialplanOf(user(1, { dnd: true, busy: '1002' }), user(2)), '1001');
    assert.equal(result.type === 'busy' ? result.reason : result.type, 'dnd');
  });

  it('MUST refuse as busy a user in DND reached through a forward', () => {
    assert.equal(finalType(routeIn(dialplanOf(user(1, { unconditional: '1002' }), user(2, { dnd: true })), '1001')), 'forward→busy');
  });

  it('MUST let DND win over an unconditional forward', () => {
    const result = routeIn(dialplanOf(user(1, { dnd: true, unconditional: '1002' }), user(2)), '1001');
    assert.equal(result.type, 'busy');
  });
});

describe('route: unconditional forwards', () => {
  it('MUST follow an unconditional forward to its final user', () => {
    const result = routeIn(dialplanOf(user(1, { unconditional: '1002' }), user(2)), '1001');
    assert.deepEqual(result.type === 'forward' && result.target.type === 'user' ? [result.kind, result.target.userId] : result, ['unconditional', 2]);
  });

  it('MUST follow a chain of forwards and list every hop', () => {
    const result = routeIn(dialplanOf(user(1, { unconditional: '1002' }), user(2, { unconditional: '1003' }), user(3)), '1001');
    assert.deepEqual(result.type === 'forward' ? result.hops.map((hop) => `${hop.fromUserId}→${hop.destination}`) : result, ['1→1002', '2→1003']);
  });

  it("MUST dial a forward destination in the forwarding user's context", () => {
    const dialplan: Dialplan = {
      contexts: [context('default'), context('sales')],
      extensions: [extension(1, '1001', 'default', 1), extension(2, '2000', 'sales', 2), extension(3, '2000', 'default', 3)],
      users: [user(1, { context: 'sales', unconditional: '2000' }), user(2, { context: 'sales' }), user(3)],
    };
    const result = routeIn(dialplan, '1001');
    assert.equal(result.type === 'forward' && result.target.type === 'user' ? result.target.userId : result.type, 2);
  });

  it('MUST end a forward to an unknown number as not-found, keeping the hop', () => {
    assert.equal(finalType(routeIn(dialplanOf(user(1, { unconditional: '1999' })), '1001')), 'forward→not-found');
  });

  it('MUST dial an external forward destination through the included outgoing context', () => {
    const result = routeIn(dialplanOf(user(1, { unconditional: '0612345678' })), '1001');
    assert.equal(result.type === 'forward' && result.target.type === 'not-found' ? result.target.reason : result.type, 'no-destination');
  });

  it('MUST ignore an unconditional forward that is disabled', () => {
    const disabled = { enabled: false, destination: '1002' };
    assert.equal(routeIn(dialplanOf(user(1, { unconditional: disabled }), user(2)), '1001').type, 'user');
  });

  it('MUST ignore an enabled forward without a destination', () => {
    const results = [null, '', '  '].map((destination) => routeIn(dialplanOf(user(1, { unconditional: { enabled: true, destination } })), '1001').type);
    assert.deepEqual(results, ['user', 'user', 'user']);
  });
});

describe('route: forward loops', () => {
  it('MUST detect two users forwarding to each other as a loop (482)', () => {
    const result = routeIn(dialplanOf(user(1, { unconditional: '1002' }), user(2, { unconditional: '1001' })), '1001');
    assert.deepEqual(result.type === 'loop' ? [result.reason, result.status, result.hops.length] : result, ['cycle', 482, 2]);
  });

  it('MUST detect a user forwarding to themselves as a loop', () => {
    assert.equal(routeIn(dialplanOf(user(1, { unconditional: '1001' })), '1001').type, 'loop');
  });

  it('MUST detect a cycle through three users', () => {
    const result = routeIn(dialplanOf(user(1, { unconditional: '1002' }), user(2, { unconditional: '1003' }), user(3, { unconditional: '1002' })), '1001');
    assert.deepEqual(result.type === 'loop' ? [result.reason, result.hops.length] : result, ['cycle', 3]);
  });

  it('MUST detect a loop back to a user of previous hops (a busy forward taken by the call)', () => {
    const previousHops: readonly ForwardHop[] = [{ kind: 'busy', fromUserId: userId(1), destination: '1002', context: 'default' }];
    assert.equal(routeIn(dialplanOf(user(1), user(2, { unconditional: '1001' })), '1002', { previousHops }).type, 'loop');
  });

  it(`MUST stop an acyclic chain longer than ${MAX_FORWARD_HOPS} forwards with hop-limit (483)`, () => {
    const count = MAX_FORWARD_HOPS + 2;
    const users = Array.from({ length: count }, (_, index) => user(index + 1, index + 1 < count ? { unconditional: String(1002 + index) } : {}));
    const result = routeIn(dialplanOf(...users), '1001');
    assert.deepEqual(result.type === 'loop' ? [result.reason, result.status] : result, ['hop-limit', 483]);
  });

  it(`MUST follow a chain of exactly ${MAX_FORWARD_HOPS} forwards`, () => {
    const count = MAX_FORWARD_HOPS + 1;
    const users = Array.from({ length: count }, (_, index) => user(index + 1, index + 1 < count ? { unconditional: String(1002 + index) } : {}));
    assert.equal(finalType(routeIn(dialplanOf(...users), '1001')), 'forward→user');
  });

  it('MUST NOT call it a loop when the chain reaches the caller', () => {
    const result = routeIn(dialplanOf(user(1, { unconditional: '1100' }), user(100)), '1001', { caller: { type: 'user', userId: userId(100) } });
    assert.equal(finalType(result), 'forward→user');
  });
});

describe('route: an IVR', () => {
  const withIvr = (users: readonly DialplanUser[]): Dialplan => {
    const base = dialplanOf(...users);
    return { ...base, extensions: [...base.extensions, extension(800, '8899', 'default', { type: 'ivr', ivrId: 7 })] };
  };

  it('MUST route an extension whose destination is an IVR to that IVR, in the context that holds it', () => {
    const result = routeIn(withIvr([user(1)]), '8899');
    assert.deepEqual(result.type === 'ivr' ? [result.ivrId, result.context, result.extensionId] : result, [7, 'default', 800]);
  });

  it('MUST route to a user by id with the checks of a dialed user and a given ring time', () => {
    const table = indexDialplan(withIvr([user(1), user(2, { unconditional: '1001' }), user(3, { enabled: false })])).table;
    const direct = routeToUser(table, userId(1), FROM_USER, 40);
    const forwarded = routeToUser(table, userId(2), FROM_USER);
    assert.deepEqual(direct.type === 'user' ? [direct.userId, direct.ringSeconds] : direct, [1, 40]);
    assert.deepEqual(forwarded.type === 'forward' ? [forwarded.kind, forwarded.target.type] : forwarded, ['unconditional', 'user']);
    assert.equal(routeToUser(table, userId(3), FROM_USER).type, 'unavailable');
    assert.equal(routeToUser(table, userId(9), FROM_USER).type, 'not-found');
  });
});

describe('route: reaching a conference room', () => {
  const withRoom = (...users: readonly DialplanUser[]): Dialplan => {
    const base = dialplanOf(...users);
    return { ...base, extensions: [...base.extensions, extension(700, '4000', 'default', { type: 'conference', conferenceId: 3 })] };
  };

  it('MUST route a conference extension to its room, in the context it was found', () => {
    const result = routeIn(withRoom(user(1)), '4000');
    assert.deepEqual(result, { type: 'conference', conferenceId: 3, extensionId: 700, context: 'default' });
  });

  it("MUST follow a user's unconditional forward to a conference number", () => {
    assert.equal(finalType(routeIn(withRoom(user(1, { unconditional: '4000' })), '1001')), 'forward→conference');
  });
});
