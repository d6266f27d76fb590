/**
 * Orders the formats of an answer: our preferred codec, then the joint codecs in the offer's
 * order, then (optionally) our other codecs.
 *
 * @remarks This is the Asterisk 13 preference that existing Wazo deployments expect: "1. Our
 * preferred codec 2. Any joint codecs offered by the inbound offer 3. All other codecs that are not
 * the preferred codec and not a joint codec offered by the inbound offer". Our preferred codec goes
 * first only when the offer has it: leading with a codec the offerer never listed would make it
 * the codec the offerer should send, which it may not have. Joint codecs keep the offerer's payload
 * type numbers (https://www.rfc-editor.org/rfc/rfc3264#section-6.1) but our own fmtp, since an
 * answer's fmtp describes what the answerer receives. Our other codecs, which
 * RFC 3264 §6.1 allows ("the stream MAY indicate other media formats, not listed in the offer"),
 * take their static type or a dynamic one the offer does not use.
 */
import { findLocalCodec, isSameCodec, type CodecIdentity, type LocalCodec } from './local-codec.ts';
import type { Codec } from './session-description.ts';
import { FIRST_DYNAMIC_PAYLOAD_TYPE, LAST_PAYLOAD_TYPE, staticPayloadTypeOf } from './static-payload-types.ts';

/** The ordered formats of an answer. */
export interface AnswerCodecs {
  /** Codecs both sides have, best first, with the offerer's payload types. */
  readonly joint: readonly Codec[];
  /** Our codecs the offer lacks (rule 3), with payload types the offer leaves free. */
  readonly others: readonly Codec[];
}

/**
 * Orders `offered` against `supported` (our allow list in our order of preference).
 *
 * @param preferred the codec to put first when joint; defaults to the first of `supported` that the
 * offer has. A B2BUA passes the codec already running on the other leg, to avoid transcoding.
 */
export function orderAnswerCodecs(
  offered: readonly Codec[],
  supported: readonly LocalCodec[],
  preferred?: CodecIdentity,
  usedPayloadTypes: readonly number[] = offered.map((codec) => codec.pt),
): AnswerCodecs {
  const jointInOfferOrder = offered.filter((codec) => findLocalCodec(supported, codec) !== undefined);
  const leader = preferred === undefined ? firstSupportedJoint(jointInOfferOrder, supported) : jointInOfferOrder.find((codec) => isSameCodec(codec, preferred));
  const joint = leader === undefined ? jointInOfferOrder : [leader, ...jointInOfferOrder.filter((codec) => codec !== leader)];
  const missing = supported.filter((local) => !offered.some((codec) => isSameCodec(codec, local)));
  return { joint: joint.map((codec) => withLocalParameters(codec, supported)), others: assignFreePayloadTypes(missing, usedPayloadTypes) };
}

/** The offered format with our fmtp instead of the offerer's: an answer's fmtp describes what we receive. */
function withLocalParameters(codec: Codec, supported: readonly LocalCodec[]): Codec {
  const { fmtp: _offered, ...rest } = codec;
  const local = findLocalCodec(supported, codec);
  return local?.fmtp === undefined ? rest : { ...rest, fmtp: local.fmtp };
}

function firstSupportedJoint(joint: readonly Codec[], supported: readonly LocalCodec[]): Codec | undefined {
  for (const local of supported) {
    const match = joint.find((codec) => isSameCodec(codec, local));
    if (match !== undefined) return match;
  }
  return undefined;
}

function assignFreePayloadTypes(codecs: readonly LocalCodec[], used: readonly number[]): readonly Codec[] {
  const taken = new Set(used);
  const assigned: Codec[] = [];
  for (const local of codecs) {
    const staticPt = staticPayloadTypeOf(local.name, local.clockRate, local.channels);
    const pt = staticPt !== undefined && !taken.has(staticPt) ? staticPt : nextFree(taken);
    if (pt === undefined) break;
    taken.add(pt);
    assigned.push(toCodec(local, pt));
  }
  return assigned;
}

/** The lowest dynamic payload type not in `taken`. */
export function nextFree(taken: ReadonlySet<number>): number | undefined {
  for (let pt = FIRST_DYNAMIC_PAYLOAD_TYPE; pt <= LAST_PAYLOAD_TYPE; pt += 1) {
    if (!taken.has(pt)) return pt;
  }
  return undefined;
}

/** A local codec with its payload type, as written in our descriptions. */
export function toCodec(local: LocalCodec, pt: number): Codec {
  return {
    name: local.name,
    pt,
    clockRate: local.clockRate,
    ...(local.channels === undefined ? {} : { channels: local.channels }),
    ...(local.fmtp === undefined ? {} : { fmtp: local.fmtp }),
  };
}
