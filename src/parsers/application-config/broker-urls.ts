import { LineIndex, type SourceRange } from '../../model/source.js';

/**
 * One Amazon MQ ActiveMQ OpenWire endpoint written in an application's configuration, such as
 * `ssl://b-1234…-1.mq.eu-west-1.amazonaws.com:61617`, and the `failover:(…)` list it stands in, if any.
 */
export interface BrokerUrl {
  /** The URL as written. */
  url: string;
  range: SourceRange;
  /** The broker id (`b-` and a UUID) and the instance number of the host: `-1` or `-2` of an active/standby pair. */
  brokerId: string;
  instance: number;
  /** Whether the URL is inside a `failover:(…)` list. */
  inFailover: boolean;
  /** Inside a failover list: whether the list also names the other instance of the same broker. */
  failoverHasPeer: boolean;
}

/** Configuration that may name broker endpoints; the scan reads these besides templates. */
export const APPLICATION_CONFIG_MAXIMUM_BYTES = 1024 * 1024;

/** A cheap test before the regular expressions: only text naming an Amazon MQ host can hold an endpoint. */
export function mayNameBrokerEndpoint(text: string): boolean {
  return text.includes('.mq.') && text.includes('amazonaws.com');
}

// Amazon MQ ActiveMQ hosts are `<broker id>-<n>.mq.<region>.amazonaws.com` (fact sheet §1.2); OpenWire
// listens on 61617 behind `ssl://` (also written `nio+ssl://` or `tcp://` by some clients).
const OPENWIRE_URL = /\b(?:ssl|nio\+ssl|tcp|nio):\/\/(b-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([12])\.mq\.[a-z0-9-]+\.amazonaws\.com(?::\d+)?/gi;
const FAILOVER_LIST = /failover:\(([^)]*)\)/gi;

/** Finds every OpenWire endpoint of an Amazon MQ broker in a text, with whether a failover list covers both instances. */
export function findBrokerUrls(text: string): BrokerUrl[] {
  if (!mayNameBrokerEndpoint(text)) return [];
  const lines = new LineIndex(text);
  const failoverLists = [...text.matchAll(FAILOVER_LIST)].map((match) => {
    const start = (match.index ?? 0) + match[0].indexOf('(') + 1;
    const members = [...(match[1] ?? '').matchAll(OPENWIRE_URL)].map((member) => `${member[1]?.toLowerCase()}-${member[2]}`);
    return { start, end: start + (match[1] ?? '').length, members };
  });
  const urls: BrokerUrl[] = [];
  for (const match of text.matchAll(OPENWIRE_URL)) {
    const offset = match.index ?? 0;
    const brokerId = (match[1] ?? '').toLowerCase();
    const instance = Number(match[2]);
    const list = failoverLists.find((candidate) => offset >= candidate.start && offset < candidate.end);
    const peer = `${brokerId}-${instance === 1 ? 2 : 1}`;
    urls.push({
      url: match[0],
      range: lines.rangeAt(offset, offset + match[0].length),
      brokerId,
      instance,
      inFailover: list !== undefined,
      failoverHasPeer: list?.members.includes(peer) ?? false,
    });
  }
  return urls;
}
