/**
 * Checks the commands a worker receives before acting on them.
 *
 * @remarks
 * Commands come from the main thread, which builds them from SDP the far end wrote: ports,
 * addresses and payload types are checked here so that a bad value is a clear
 * `PBX_ERR_MEDIA_INVALID_COMMAND`, not a socket exception deep in a relay.
 */
import { isIP } from 'node:net';
import { MEDIA_ERROR_CODES, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import type { LegConfig, MediaCommand, MixerCommand, TalkDetection, TransportAddress } from '../media-protocol.ts';
import { bridgedPair } from '../session/relay-pairs.ts';

function invalid(message: string): MediaFailure {
  return mediaFailure(MEDIA_ERROR_CODES.invalidCommand, message);
}

/** Checks a far-end address: an IP literal and a port in 1..65535. */
export function validateRemote(remote: TransportAddress): MediaFailure | undefined {
  if (isIP(remote.address) === 0) return invalid(`remote address ${JSON.stringify(remote.address)} is not an IP address`);
  if (!Number.isInteger(remote.port) || remote.port < 1 || remote.port > 65535) return invalid(`remote port ${remote.port} is out of range`);
  return undefined;
}

/**
 * Checks a telephone-event payload type: dynamic, 96..127 (RFC 3551 §6, RFC 4733 §7.1.1 registers
 * no static type for it).
 */
export function validateTelephoneEventPt(payloadType: number): MediaFailure | undefined {
  return Number.isInteger(payloadType) && payloadType >= 96 && payloadType <= 127 ? undefined : invalid(`telephone-event payload type ${payloadType} is not in 96..127`);
}

/**
 * Checks one leg: an even RTP port in 1024..65534 (RTCP takes the next one, RFC 3550 §11), a known
 * codec, a boolean `inbandDtmf`, a valid remote and telephone-event payload type when present.
 */
export function validateLegConfig(config: LegConfig): MediaFailure | undefined {
  const port = config.rtpPort;
  if (!Number.isInteger(port) || port < 1024 || port > 65534 || port % 2 !== 0) return invalid(`RTP port ${port} must be even and in 1024..65534`);
  if (config.codec !== 'PCMA' && config.codec !== 'PCMU') return invalid(`codec ${String(config.codec)} is not supported (PCMA, PCMU)`);
  if (config.inbandDtmf !== undefined && typeof config.inbandDtmf !== 'boolean') return invalid('inbandDtmf must be a boolean');
  if (config.remote !== undefined) {
    const problem = validateRemote(config.remote);
    if (problem !== undefined) return problem;
  }
  return config.telephoneEventPt === undefined ? undefined : validateTelephoneEventPt(config.telephoneEventPt);
}

/**
 * Checks the parts every command shares: a non-empty session id and, for leg commands, a leg
 * named `A`, `B` or `C`; `session.create` must carry exactly two legs; the consult commands name
 * leg C (`leg.add`, `leg.remove`, `leg.promote`'s `from`), promote into A or B, and bridge two
 * distinct legs.
 */
export function validateCommandShape(command: MediaCommand): MediaFailure | undefined {
  if (typeof command !== 'object' || command === null || typeof command.type !== 'string') return invalid('a command is an object with a type');
  if (isMixerCommand(command)) return validateMixerCommand(command);
  if (typeof command.sessionId !== 'string' || command.sessionId.length === 0 || command.sessionId.length > 256) return invalid('the session id must be a non-empty string');
  if ('leg' in command && command.leg !== 'A' && command.leg !== 'B' && command.leg !== 'C') return invalid(`leg ${String(command.leg)} is not A, B or C`);
  switch (command.type) {
    case 'session.create':
      return Array.isArray(command.legs) && command.legs.length === 2 ? undefined : invalid('a session has exactly two legs');
    case 'leg.add':
      if (typeof command.config !== 'object' || command.config === null) return invalid('leg.add needs the leg configuration');
      return command.leg === 'C' ? undefined : invalid('leg.add adds the consult leg C only');
    case 'leg.remove':
      return command.leg === 'C' ? undefined : invalid('leg.remove removes the consult leg C only');
    case 'leg.promote':
      if (command.from !== 'C') return invalid(`only the consult leg C can be promoted, not ${String(command.from)}`);
      return command.into === 'A' || command.into === 'B' ? undefined : invalid(`leg C can be promoted into A or B, not ${String(command.into)}`);
    case 'session.bridge':
      return bridgedPair(Array.isArray(command.legs) ? command.legs : []) === undefined ? invalid('a bridge names two distinct legs of A, B and C') : undefined;
    default:
      return undefined;
  }
}

/** Whether a command is one of the `mixer.*` commands. */
export function isMixerCommand(command: MediaCommand): command is MixerCommand {
  return command.type.startsWith('mixer.');
}

const MIXER_COMMANDS: ReadonlySet<string> = new Set(['mixer.create', 'mixer.join', 'mixer.leave', 'mixer.mute', 'mixer.play', 'mixer.record', 'mixer.stop_record', 'mixer.destroy']);

function isId(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= 256;
}

/** A whole number in 0..`max`, or absent. */
function optionalCount(value: unknown, max: number): boolean {
  return value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max);
}

function validateTalkDetection(detection: TalkDetection | undefined): MediaFailure | undefined {
  if (detection === undefined) return undefined;
  if (typeof detection !== 'object' || detection === null) return invalid('talkDetection must be an object');
  if (!optionalCount(detection.energyThreshold, 32768)) return invalid('talkDetection.energyThreshold must be an integer in 0..32768');
  if (!optionalCount(detection.talkingMs, 60_000) || !optionalCount(detection.silenceMs, 60_000)) return invalid('talkDetection.talkingMs and silenceMs must be integers in 0..60000');
  return undefined;
}

/**
 * Checks a mixer command: a known type, a non-empty mixer id, a non-empty session id for the
 * membership commands, booleans for `muted`, a non-empty `file` for `mixer.play`, an absolute
 * `.wav` path for `mixer.record`, and sane talk-detection settings.
 */
export function validateMixerCommand(command: MixerCommand): MediaFailure | undefined {
  if (!MIXER_COMMANDS.has(command.type)) return invalid(`unknown command ${command.type}`);
  if (!isId(command.mixerId)) return invalid('the mixer id must be a non-empty string');
  switch (command.type) {
    case 'mixer.create':
      return validateTalkDetection(command.talkDetection);
    case 'mixer.join':
      if (command.muted !== undefined && typeof command.muted !== 'boolean') return invalid('muted must be a boolean');
      return isId(command.sessionId) ? undefined : invalid('the session id must be a non-empty string');
    case 'mixer.mute':
      if (typeof command.muted !== 'boolean') return invalid('muted must be a boolean');
      return isId(command.sessionId) ? undefined : invalid('the session id must be a non-empty string');
    case 'mixer.leave':
      return isId(command.sessionId) ? undefined : invalid('the session id must be a non-empty string');
    case 'mixer.play':
      return typeof command.file === 'string' && command.file.length > 0 && !command.file.includes('\0') ? undefined : invalid('mixer.play needs the path of a sound file');
    case 'mixer.record':
      return typeof command.file === 'string' && command.file.startsWith('/') && command.file.endsWith('.wav') && !command.file.includes('\0') ? undefined : invalid('mixer.record needs an absolute path of a .wav file');
    default:
      return undefined;
  }
}
