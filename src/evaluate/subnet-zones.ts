import type { NormalizedAttribute } from '../model/resource.js';
import { known, unknown, type Origin, type Value } from '../model/value.js';

/** No configuration writes a NUL character, so a string holding one was built from a stand-in. */
const STAND_IN_MARKER = '\u0000iac-mq-lint:';

/**
 * Strings that stand for values known only at deploy time (a subnet's ID, the n-th zone of a zone list), so that
 * the evaluators can follow them through expressions like any string. A string that merely contains one (it was
 * interpolated or transformed) stands for nothing: its real value is unknown.
 */
export class StandIns<Meaning> {
  private readonly meanings = new Map<string, Meaning>();

  constructor(private readonly kind: string) {}

  /** The stand-in for `key`: the same key always gives the same string. */
  create(key: string, meaning: Meaning): string {
    const text = `${STAND_IN_MARKER}${this.kind}:${key}`;
    if (!this.meanings.has(text)) this.meanings.set(text, meaning);
    return text;
  }

  /** What a string stands for, or undefined when it is not one of these stand-ins. */
  meaning(text: string): Meaning | undefined {
    return this.meanings.get(text);
  }
}

/** Whether a string holds a stand-in: then it is a real value only if it is exactly one. */
export function containsStandIn(text: string): boolean {
  return text.includes(STAND_IN_MARKER);
}

/**
 * How many zones the stand-in for a zone list (`data.aws_availability_zones`, `Fn::GetAZs`) holds. The real number
 * is known only at deploy time, so a broker whose subnets read such a list is followed twice, with two lengths:
 * a result that changes with the length (`length()`, `element()` past the end) is unknown.
 */
export const ZONE_LIST_LENGTHS: readonly [number, number] = [16, 17];

/** The Availability Zone one subnet is in. */
export interface SubnetZone {
  /** The subnet's address (`aws_subnet.private[0]`) or logical id. */
  subnet: string;
  /**
   * A zone name or zone ID as written (`us-east-1a`, `use1-az1`), or, when `symbolic`, the expression that picks an
   * entry of a zone list (`data.aws_availability_zones.available.names[0]`, `!Select [0, !GetAZs ""]`). The entries
   * of one zone list are distinct zones, so two equal expressions are one zone and two different ones tell nothing.
   */
  zone: string;
  symbolic: boolean;
  /** Where the zone is written or chosen, shown as a related location. */
  origin?: Origin;
}

/** What following a broker's subnets gave, and whether a zone list was read on the way. */
export type SubnetZonesResolution = ({ zones: SubnetZone[] } | { unknown: string }) & { readZoneList: boolean };

/** The resolution of the first evaluation, unless a zone list was read and the second evaluation differs. */
export function independentOfZoneCount(first: SubnetZonesResolution, second: SubnetZonesResolution | undefined): SubnetZonesResolution {
  if (!second || !('zones' in first)) return first;
  const key = (resolution: SubnetZonesResolution) =>
    'zones' in resolution ? JSON.stringify(resolution.zones.map(({ subnet, zone, symbolic }) => [subnet, zone, symbolic])) : resolution.unknown;
  if (key(first) === key(second)) return first;
  return { unknown: 'the subnets or their zones depend on how many Availability Zones the region has', readZoneList: true };
}

/**
 * The normalized `subnet_zones` attribute: one `{subnet, zone, symbolic}` entry per distinct subnet (`subnet_ids`
 * is a set), located at `subnet_ids` (the attribute to change; `trail` starts there) with each zone as a related
 * location; unknown with the reason when any subnet or zone cannot be told.
 */
export function subnetZonesAttribute(path: string, resolution: SubnetZonesResolution, trail: Origin[]): NormalizedAttribute {
  if (!('zones' in resolution)) return { path, value: unknown(resolution.unknown, undefined, trail), defaulted: false };
  const distinct = new Map<string, SubnetZone>();
  for (const zone of resolution.zones) if (!distinct.has(zone.subnet)) distinct.set(zone.subnet, zone);
  const entries: Value[] = [...distinct.values()].map((entry) =>
    known({ subnet: known(entry.subnet), zone: known(entry.zone, entry.origin), symbolic: known(entry.symbolic) }),
  );
  const zoneOrigins = [...distinct.values()].flatMap((entry) => (entry.origin ? [entry.origin] : []));
  return { path, value: known(entries, undefined, [...trail, ...zoneOrigins]), defaulted: false };
}
