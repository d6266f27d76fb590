/**
 * Runs baresip (Debian `baresip-core`) as a real softphone against a node on loopback, with no
 * sound card: audio comes from a WAV file (`aufile`), what the phone sends and receives is written
 * to WAV files (`sndfile`), and the test drives it through `ctrl_tcp` (netstring-framed JSON:
 * commands in, responses and call events out).
 *
 * @remarks
 * Each phone gets its own configuration folder under the system's temporary folder, its own SIP,
 * control and RTP ports, so test files run in parallel. baresip 1.0's `aufile` has no player, so
 * the received audio is read from `sndfile`'s `dump-<time>-dec.wav`; `aufile` ends the call when
 * its file runs out, so source files must outlast the call.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freeSipPort, freeTcpPort, freeUdpPortPair } from './free-port.ts';
import { encodeNetstring, readNetstrings } from './netstring.ts';
import { parseControlMessage, type BaresipEvent, type BaresipResponse } from './baresip-control.ts';
import { waitForValue } from './wait-until.ts';

export type { BaresipEvent, BaresipResponse } from './baresip-control.ts';

/** Where Debian installs baresip's modules; `PARLEY_BARESIP_MODULES` overrides it. */
const MODULE_PATH = process.env['PARLEY_BARESIP_MODULES'] ?? '/usr/lib/baresip/modules';

/** Whether a `baresip` executable is on PATH. */
export function baresipAvailable(): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((directory) => {
    try {
      accessSync(join(directory || '.', 'baresip'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface BaresipOptions {
  /** A label for logs and assertion messages. */
  readonly name: string;
  readonly username: string;
  readonly password: string;
  /** The node's SIP port on 127.0.0.1 (UDP). */
  readonly registrarPort: number;
  /** An 8 kHz mono 16-bit WAV the phone sends as its audio; it must outlast the call. */
  readonly audioSource: string;
  /** `auto` answers incoming calls at once; `manual` waits for the `accept` command. */
  readonly answerMode: 'auto' | 'manual';
  /** The codecs the phone offers and accepts, in its order of preference (default PCMA, PCMU). */
  readonly codecs?: readonly ('pcma' | 'pcmu')[];
  /** The SIP transport to the node (default UDP). */
  readonly transport?: 'udp' | 'tcp';
}

export interface BaresipPhone {
  readonly name: string;
  readonly sipPort: number;
  /** Where `sndfile` writes `dump-<time>-enc.wav` (sent) and `dump-<time>-dec.wav` (received). */
  readonly recordingDirectory: string;
  /** Every event received so far, oldest first. */
  readonly events: readonly BaresipEvent[];
  /** Sends a command (`dial`, `accept`, `hangup`, `sndcode`, `ausrc`, `listcalls`…) and waits for its response. */
  command(command: string, params?: string): Promise<BaresipResponse>;
  /** The first event (already received or still to come) that `matches`, or an error at the deadline. */
  waitForEvent(matches: (event: BaresipEvent) => boolean, timeoutMs: number, what: string): Promise<BaresipEvent>;
  /** baresip's own output so far, for assertion messages. */
  output(): string;
  /** The WAV files `sndfile` wrote whose names end with `suffix` (`-dec.wav`, `-enc.wav`). */
  recordings(suffix: string): Promise<string[]>;
  /** Stops the process (SIGTERM, then SIGKILL) and removes its folder. */
  close(): Promise<void>;
}

function configText(options: { sipPort: number; controlPort: number; rtpPort: number; audioSource: string; recordingDirectory: string }): string {
  return [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${options.sipPort}`,
    'net_interface 127.0.0.1',
    `audio_source aufile,${options.audioSource}`,
    'audio_player aufile,none',
    'audio_alert aufile,none',
    'ausrc_srate 8000',
    'auplay_srate 8000',
    'ausrc_channels 1',
    'auplay_channels 1',
    `rtp_ports ${options.rtpPort}-${options.rtpPort + 1}`,
    'rtcp_mux no',
    'jitter_buffer_delay 1-10',
    `module_path ${MODULE_PATH}`,
    'module g711.so',
    'module aufile.so',
    'module ctrl_tcp.so',
    'module sndfile.so',
    'module_tmp uuid.so',
    'module_tmp account.so',
    'module_app menu.so',
    `ctrl_tcp_listen 127.0.0.1:${options.controlPort}`,
    `snd_path ${options.recordingDirectory}`,
    '',
  ].join('\n');
}

function accountText(options: BaresipOptions): string {
  const aor = `<sip:${options.username}@127.0.0.1:${options.registrarPort};transport=${options.transport ?? 'udp'}>`;
  const codecs = (options.codecs ?? ['pcma', 'pcmu']).join(',');
  return `${aor};auth_user=${options.username};auth_pass=${options.password};answermode=${options.answerMode};regint=600;audio_codecs=${codecs};medianat=;ptime=20\n`;
}

/** Attempts at starting baresip when a port it binds was taken meanwhile by another process. */
const START_ATTEMPTS = 4;

/**
 * Starts a baresip phone; it resolves once the control socket answers (registration is an event).
 *
 * @remarks
 * baresip binds its SIP port on UDP and TCP and the port above it for TLS; the ports are chosen
 * free, but another test may take one before baresip binds it, so a start that fails on
 * "Address already in use" is tried again on other ports.
 */
export async function startBaresip(options: BaresipOptions): Promise<BaresipPhone> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt >= START_ATTEMPTS || !String(error).includes('Address already in use')) throw error;
    }
  }
}

/** A SIP port free on UDP and TCP whose next port (baresip's TLS) is free on TCP. */
async function freeBaresipPort(): Promise<number> {
  for (;;) {
    const port = await freeSipPort();
    if (await tcpIsFree(port + 1)) return port;
  }
}

function tcpIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function startOnce(options: BaresipOptions): Promise<BaresipPhone> {
  const directory = await mkdtemp(join(tmpdir(), `parley-baresip-${options.name}-`));
  const recordingDirectory = join(directory, 'recordings');
  await mkdir(recordingDirectory);
  const sipPort = await freeBaresipPort();
  const controlPort = await freeTcpPort();
  const rtpPort = await freeUdpPortPair();
  await writeFile(join(directory, 'config'), configText({ sipPort, controlPort, rtpPort, audioSource: options.audioSource, recordingDirectory }));
  await writeFile(join(directory, 'accounts'), accountText(options));
  await writeFile(join(directory, 'contacts'), '');
  let output = '';
  const child = spawn('baresip', ['-f', directory, '-v'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const control = await connectWithRetry(controlPort, () => child.exitCode !== null, () => output);
    return createPhone({ options, directory, recordingDirectory, sipPort, child, exited, control, output: () => output });
  } catch (error) {
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

async function connectWithRetry(port: number, hasExited: () => boolean, output: () => string): Promise<Socket> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (hasExited()) throw new Error(`baresip exited before its control socket opened:\n${output()}`);
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => resolve(socket));
        socket.once('error', reject);
      });
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`baresip control socket on ${port} never opened (${String(error)}):\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

interface PhoneParts {
  readonly options: BaresipOptions;
  readonly directory: string;
  readonly recordingDirectory: string;
  readonly sipPort: number;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  readonly control: Socket;
  readonly output: () => string;
}

interface Waiter {
  readonly matches: (event: BaresipEvent) => boolean;
  readonly resolve: (event: BaresipEvent) => void;
}

function createPhone(parts: PhoneParts): BaresipPhone {
  const events: BaresipEvent[] = [];
  const waiters = new Set<Waiter>();
  const pending = new Map<string, (response: BaresipResponse) => void>();
  let buffered = Buffer.alloc(0);
  let nextToken = 0;
  parts.control.on('data', (chunk: Buffer) => {
    const read = readNetstrings(Buffer.concat([buffered, chunk]));
    if (read.type === 'error') {
      parts.control.destroy(new Error(`${parts.options.name}: ${read.reason}`));
      return;
    }
    buffered = Buffer.from(read.rest);
    for (const message of read.messages) dispatch(message);
  });
  parts.control.on('error', () => undefined);

  function dispatch(message: string): void {
    const parsed = parseControlMessage(message);
    if (parsed.type === 'response') {
      pending.get(parsed.token)?.(parsed.response);
      pending.delete(parsed.token);
    } else if (parsed.type === 'event') {
      events.push(parsed.event);
      for (const waiter of waiters) {
        if (waiter.matches(parsed.event)) {
          waiters.delete(waiter);
          waiter.resolve(parsed.event);
        }
      }
    }
  }

  return {
    name: parts.options.name,
    sipPort: parts.sipPort,
    recordingDirectory: parts.recordingDirectory,
    events,
    command(command, params) {
      const token = `t${(nextToken += 1)}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(token);
          reject(new Error(`${parts.options.name}: no response to '${command}' within 10 s`));
        }, 10_000);
        pending.set(token, (response) => {
          clearTimeout(timer);
          resolve(response);
        });
        parts.control.write(encodeNetstring(JSON.stringify({ command, ...(params === undefined ? {} : { params }), token })));
      });
    },
    waitForEvent(matches, timeoutMs, what) {
      const seen = events.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          matches,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${parts.options.name}: no ${what} within ${timeoutMs} ms; events: ${events.map((event) => event.type).join(', ')}\n${parts.output().slice(-4000)}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    output: parts.output,
    async recordings(suffix) {
      const names = await readdir(parts.recordingDirectory);
      return names.filter((name) => name.endsWith(suffix)).sort().map((name) => join(parts.recordingDirectory, name));
    },
    async close() {
      parts.control.destroy();
      if (parts.child.exitCode === null && parts.child.signalCode === null) {
        parts.child.kill('SIGTERM');
        const stopped = await Promise.race([parts.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000))]);
        if (!stopped) {
          parts.child.kill('SIGKILL');
          await parts.exited;
        }
      }
      await rm(parts.directory, { recursive: true, force: true });
    },
  };
}

const TERMINAL_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Waits until the phone's registration is up (`reginfo` shows it OK). */
export async function waitRegistered(phone: BaresipPhone, timeoutMs: number): Promise<void> {
  await waitForValue(`${phone.name} registered`, async () => {
    const info = await phone.command('reginfo');
    return /\bOK\b/.test(info.data.replace(TERMINAL_COLOURS, '')) ? true : undefined;
  }, timeoutMs);
}
