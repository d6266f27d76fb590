/**
 * The network-namespace lab itself: it builds over what a crashed run of the same name left, the
 * root namespace reaches both nodes over the bridge, the virtual address moves with a gratuitous
 * ARP, and nothing is left once it is destroyed. Needs root; skipped otherwise, saying why.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { after, describe, it } from 'node:test';
import { createNetnsLab, netnsLabUnavailable, runCommand, type LabNodeName, type NetnsLab } from './netns-lab.ts';
import { waitUntil } from './wait-until.ts';

const NAME = 'labself';
const unavailable = await netnsLabUnavailable();

/** A listener inside a node's namespace that answers each TCP connection with the node's name. */
interface NameServer {
  stop(): void;
  readonly exited: Promise<unknown>;
}

function nameServer(lab: NetnsLab, node: LabNodeName, port: number): Promise<NameServer> {
  const script = `require('net').createServer((s) => s.end(${JSON.stringify(node)})).listen(${String(port)}, '0.0.0.0', () => console.log('listening'))`;
  const child = spawn('ip', ['netns', 'exec', lab.namespace(node), process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ stop: () => child.kill('SIGKILL'), exited }));
    void exited.then((code) => reject(new Error(`the listener in ${lab.namespace(node)} exited with ${String(code)}`)));
  });
}

/** What the listener at `address:port` answers (the node it runs on), or undefined when nothing does. */
function reached(address: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const socket = createConnection({ host: address, port, timeout: 1000 });
    socket.on('data', (data: Buffer) => (text += data.toString()));
    socket.once('end', () => resolve(text));
    socket.once('timeout', () => socket.destroy(new Error('timeout')));
    socket.once('error', () => resolve(undefined));
  });
}

const PORT = 7_070;

describe('the network-namespace lab', { skip: unavailable ?? false }, () => {
  let lab: NetnsLab | undefined;
  const stops: (() => void)[] = [];
  after(async () => {
    for (const stop of stops) stop();
    await lab?.destroy();
  });

  it('MUST build over the leftovers of a crashed run of the same name, ending the processes it left in the namespaces', async () => {
    const crashed = await createNetnsLab(NAME);
    const leftover = await nameServer(crashed, 'a', PORT);
    await crashed.addVirtualAddress('a');
    lab = await createNetnsLab(NAME);
    assert.deepEqual(await lab.virtualAddressHolders(), []);
    assert.equal(await leftover.exited, null, 'the leftover process was killed');
  });

  it('MUST let the root namespace reach both nodes, and the virtual address on whichever node holds it', async () => {
    assert.ok(lab !== undefined);
    const port = PORT;
    stops.push((await nameServer(lab, 'a', port)).stop, (await nameServer(lab, 'b', port)).stop);
    assert.deepEqual([await reached(lab.nodeAddress('a'), port), await reached(lab.nodeAddress('b'), port)], ['a', 'b']);
    await lab.addVirtualAddress('a');
    assert.equal(await reached(lab.virtualAddress, port), 'a');
    await lab.removeVirtualAddress('a');
    await lab.addVirtualAddress('b');
    // A gratuitous ARP within a second of the entry's last update is ignored (the kernel's locktime); under load both may be,
    // and the root namespace then finds b by probing the stale entry (delay_first_probe_time 5 s, then unicast probes).
    assert.ok(await waitUntil(async () => (await reached(lab!.virtualAddress, port)) === 'b', { timeoutMs: 12_000 }), 'the gratuitous ARP moved the address to b');
  });

  it('MUST leave no namespace, interface or process once destroyed', async () => {
    assert.ok(lab !== undefined);
    const namespaces = [lab.namespace('a'), lab.namespace('b')];
    await lab.destroy();
    lab = undefined;
    stops.length = 0;
    const left = `${(await runCommand('ip', ['netns', 'list'])).stdout}${(await runCommand('ip', ['-o', 'link', 'show'])).stdout}`;
    assert.deepEqual(namespaces.filter((namespace) => left.includes(namespace)), []);
    assert.doesNotMatch(left, new RegExp(`${NAME}-`));
  });
});
