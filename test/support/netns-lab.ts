/**
 * A lab of Linux network namespaces for high-availability tests: two node namespaces joined by veth
 * pairs to a bridge in the root namespace, and a virtual service address that moves between them.
 *
 * ```
 *  root namespace (the test process, SIPp, the RTP meter, PostgreSQL and Redis forwarders)
 *    <lab>-br  10.R.0.1/24
 *      ├── <lab>-a0 ══ veth ══ <lab>-a1  10.R.0.11/24 (+ 10.R.0.100/32 while it serves)   namespace <lab>-a
 *      └── <lab>-b0 ══ veth ══ <lab>-b1  10.R.0.12/24 (+ 10.R.0.100/32 while it serves)   namespace <lab>-b
 * ```
 *
 * @remarks
 * Needs root (CAP_NET_ADMIN) and `ip` (iproute2) and `arping` (iputils-arping). Interface names
 * are at most 15 bytes (IFNAMSIZ 16 with its NUL), hence lab names of at most 10 characters. `R`
 * is drawn from the lab's name and moved on while another interface of the root namespace already
 * uses `10.R.0.0/24`. Creating a lab first removes whatever a crashed run of the same name left.
 * The virtual address is added as a /32 beside the node's own address, so the node's outgoing
 * packets keep their own source address; a gratuitous ARP from the new holder updates the root
 * namespace's neighbour entry (the way keepalived and Wazo's HA move a service address). arping
 * runs in the background: it sends its first packet at once, then waits a second for the next.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';

/** One of the lab's two node namespaces. */
export type LabNodeName = 'a' | 'b';

/** Both node names, in order. */
export const LAB_NODE_NAMES: readonly LabNodeName[] = ['a', 'b'];

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NetnsLab {
  readonly name: string;
  /** The bridge's address in the root namespace (10.R.0.1): where the nodes reach the test's services. */
  readonly bridgeAddress: string;
  /** The virtual service address (10.R.0.100). */
  readonly virtualAddress: string;
  /** The namespace of a node (`<lab>-a`). */
  namespace(node: LabNodeName): string;
  /** A node's own address (10.R.0.11 or 10.R.0.12). */
  nodeAddress(node: LabNodeName): string;
  /** The node's interface inside its namespace (`<lab>-a1`). */
  interfaceOf(node: LabNodeName): string;
  /** Runs a command inside a node's namespace. */
  exec(node: LabNodeName, command: readonly string[]): Promise<CommandResult>;
  /** The shell command that puts the virtual address on a node and announces it (gratuitous ARP). */
  takeoverCommand(node: LabNodeName): string;
  /** The shell command that removes the virtual address from a node; it succeeds when the address is not there. */
  releaseCommand(node: LabNodeName): string;
  /** Puts the virtual address on a node and announces it with a gratuitous ARP. */
  addVirtualAddress(node: LabNodeName): Promise<void>;
  /** Removes the virtual address from a node (nothing when it does not hold it). */
  removeVirtualAddress(node: LabNodeName): Promise<void>;
  /** The nodes whose namespace holds the virtual address (two means a split brain). */
  virtualAddressHolders(): Promise<readonly LabNodeName[]>;
  /** Removes the namespaces, veth pairs and bridge. */
  destroy(): Promise<void>;
}

/** A lab name: a lowercase letter, then up to 9 lowercase letters or digits. */
const LAB_NAME = /^[a-z][a-z0-9]{0,9}$/;

/** Runs a program without a shell; a failure to start counts as exit code 127. */
export function runCommand(program: string, args: readonly string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(program, args, { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 127;
      resolve({ exitCode: code, stdout, stderr: stderr || (error?.message ?? '') });
    });
  });
}

async function must(program: string, args: readonly string[]): Promise<string> {
  const result = await runCommand(program, args);
  if (result.exitCode !== 0) throw new Error(`${program} ${args.join(' ')} failed (${String(result.exitCode)}): ${result.stderr.trim()}`);
  return result.stdout;
}

/** Whether this process may build a lab: root, with `ip` and `arping`; else why not. */
export async function netnsLabUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'the network-namespace lab needs root (ip netns, veth, bridge)';
  for (const program of ['ip', 'arping']) {
    const found = await runCommand('sh', ['-c', `command -v ${program}`]);
    if (found.exitCode !== 0) return `the network-namespace lab needs \`${program}\` (${program === 'ip' ? 'iproute2' : 'iputils-arping'})`;
  }
  return undefined;
}

/** Builds the lab `name`, after removing what an earlier run of that name left behind. */
export async function createNetnsLab(name: string): Promise<NetnsLab> {
  if (!LAB_NAME.test(name)) throw new Error(`lab name ${JSON.stringify(name)} must match ${String(LAB_NAME)} (interface names fit 15 bytes)`);
  await removeLab(name);
  const subnet = await freeSubnet(name);
  const bridge = `${name}-br`;
  const bridgeAddress = `10.${String(subnet)}.0.1`;
  const virtualAddress = `10.${String(subnet)}.0.100`;
  const namespace = (node: LabNodeName): string => `${name}-${node}`;
  const nodeAddress = (node: LabNodeName): string => `10.${String(subnet)}.0.${node === 'a' ? '11' : '12'}`;
  const interfaceOf = (node: LabNodeName): string => `${name}-${node}1`;
  const exec = (node: LabNodeName, command: readonly string[]): Promise<CommandResult> => runCommand('ip', ['netns', 'exec', namespace(node), ...command]);
  const takeoverCommand = (node: LabNodeName): string =>
    `ip addr replace ${virtualAddress}/32 dev ${interfaceOf(node)} && { arping -q -U -c 2 -I ${interfaceOf(node)} ${virtualAddress} >/dev/null 2>&1 & }`;
  const releaseCommand = (node: LabNodeName): string => `ip addr del ${virtualAddress}/32 dev ${interfaceOf(node)} 2>/dev/null; true`;
  try {
    await must('ip', ['link', 'add', bridge, 'type', 'bridge']);
    await must('ip', ['addr', 'add', `${bridgeAddress}/24`, 'dev', bridge]);
    await must('ip', ['link', 'set', bridge, 'up']);
    for (const node of LAB_NODE_NAMES) {
      await must('ip', ['netns', 'add', namespace(node)]);
      await must('ip', ['link', 'add', `${name}-${node}0`, 'type', 'veth', 'peer', 'name', interfaceOf(node)]);
      await must('ip', ['link', 'set', interfaceOf(node), 'netns', namespace(node)]);
      await must('ip', ['link', 'set', `${name}-${node}0`, 'master', bridge, 'up']);
      await must('ip', ['-n', namespace(node), 'link', 'set', 'lo', 'up']);
      await must('ip', ['-n', namespace(node), 'addr', 'add', `${nodeAddress(node)}/24`, 'dev', interfaceOf(node)]);
      await must('ip', ['-n', namespace(node), 'link', 'set', interfaceOf(node), 'up']);
      // A node may bind the service address before it holds it, as keepalived setups do.
      await must('ip', ['netns', 'exec', namespace(node), 'sysctl', '-qw', 'net.ipv4.ip_nonlocal_bind=1']);
    }
  } catch (error) {
    await removeLab(name);
    throw error;
  }
  return {
    name,
    bridgeAddress,
    virtualAddress,
    namespace,
    nodeAddress,
    interfaceOf,
    exec,
    takeoverCommand,
    releaseCommand,
    async addVirtualAddress(node) {
      const result = await exec(node, ['sh', '-c', takeoverCommand(node)]);
      if (result.exitCode !== 0) throw new Error(`taking ${virtualAddress} on ${namespace(node)} failed: ${result.stderr.trim()}`);
    },
    async removeVirtualAddress(node) {
      await exec(node, ['sh', '-c', releaseCommand(node)]);
    },
    async virtualAddressHolders() {
      const holders: LabNodeName[] = [];
      for (const node of LAB_NODE_NAMES) {
        const shown = await runCommand('ip', ['-n', namespace(node), '-4', '-o', 'addr', 'show']);
        if (shown.stdout.includes(` ${virtualAddress}/`)) holders.push(node);
      }
      return holders;
    },
    destroy: () => removeLab(name),
  };
}

/**
 * Ends the processes left in a lab's namespaces, removes the namespaces (which takes their veth
 * ends and so the pairs) and the bridge; whatever is not there is skipped.
 */
async function removeLab(name: string): Promise<void> {
  for (const node of LAB_NODE_NAMES) {
    // Processes a crashed run left in the namespace (its nodes) would outlive the namespace.
    const pids = await runCommand('ip', ['netns', 'pids', `${name}-${node}`]);
    for (const pid of pids.stdout.split(/\s+/).filter((text) => /^\d+$/.test(text))) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // It ended meanwhile.
      }
    }
    await runCommand('ip', ['netns', 'del', `${name}-${node}`]);
    await runCommand('ip', ['link', 'del', `${name}-${node}0`]);
  }
  await runCommand('ip', ['link', 'del', `${name}-br`]);
}

/** The second octet R of a `10.R.0.0/24` no interface of the root namespace uses, starting from one drawn from the name. */
async function freeSubnet(name: string): Promise<number> {
  const shown = await must('ip', ['-4', '-o', 'addr', 'show']);
  const used = new Set([...shown.matchAll(/ inet 10\.(\d+)\./g)].map((match) => Number(match[1])));
  const start = createHash('sha256').update(name).digest().readUInt16BE(0) % 200;
  for (let offset = 0; offset < 200; offset += 1) {
    const candidate = 20 + ((start + offset) % 200);
    if (!used.has(candidate)) return candidate;
  }
  throw new Error('no free 10.R.0.0/24 for a lab');
}
