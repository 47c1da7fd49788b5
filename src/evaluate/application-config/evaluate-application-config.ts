import path from 'node:path';
import { readTextOrRecord, type TextReader } from '../../discover/text-cache.js';
import { directoryEvidence } from '../../environment/evidence.js';
import type { FileError } from '../../model/finding.js';
import type { ScanOptions } from '../../model/options.js';
import { CLIENT_ENDPOINT_KIND, type Resource } from '../../model/resource.js';
import { known } from '../../model/value.js';
import { APPLICATION_CONFIG_MAXIMUM_BYTES, findBrokerUrls, mayNameBrokerEndpoint } from '../../parsers/application-config/broker-urls.js';

/** What reading the application configuration of a scan produced. */
export interface ApplicationConfigEvaluation {
  resources: Resource[];
  errors: FileError[];
  /** Files that named a broker endpoint. */
  filesParsed: number;
}

/** The URL of the other instance of the pair: `-1.mq.` and `-2.mq.` swapped, nothing else changed. */
function peerUrl(url: string, instance: number): string {
  return url.replace(new RegExp(`-${instance}(\\.mq\\.)`, 'i'), `-${instance === 1 ? 2 : 1}$1`);
}

/** A file the text scan reads: its path and size as discovery found them. */
export interface ApplicationConfigFile {
  path: string;
  size: number;
}

// A NUL in the first kilobytes marks a binary file that only looks like configuration by name.
const BINARY_SAMPLE_LENGTH = 8000;

/**
 * Reads application configuration for Amazon MQ endpoints: each OpenWire URL becomes a client endpoint resource
 * whose attributes say whether a `failover:(…)` list holds it with its peer. Large and binary files are skipped:
 * configuration is small, and a megabyte of text is data, not settings.
 */
export async function evaluateApplicationConfig(
  files: ApplicationConfigFile[],
  options: ScanOptions,
  readText: TextReader,
  scanRoots: string[],
): Promise<ApplicationConfigEvaluation> {
  const result: ApplicationConfigEvaluation = { resources: [], errors: [], filesParsed: 0 };
  for (const file of files) {
    if (file.size > APPLICATION_CONFIG_MAXIMUM_BYTES) continue;
    const text = await readTextOrRecord(readText, file.path, result.errors);
    if (text === undefined || !mayNameBrokerEndpoint(text) || text.slice(0, BINARY_SAMPLE_LENGTH).includes('\u0000')) continue;
    const urls = findBrokerUrls(text);
    if (urls.length === 0) continue;
    result.filesParsed++;
    const evidence = directoryEvidence(file.path, scanRoots, options.cwd, 'configuration file');
    const seen = new Map<string, number>();
    for (const url of urls) {
      const host = `${url.brokerId}-${url.instance}`;
      const occurrence = (seen.get(host) ?? 0) + 1;
      seen.set(host, occurrence);
      const location = { file: file.path, range: url.range };
      const source = { ...location, role: 'literal' as const, label: url.url };
      result.resources.push({
        // Stable across line moves: the host, and which of its mentions in this file.
        address: occurrence === 1 ? host : `${host}#${occurrence}`,
        root: file.path,
        kind: CLIENT_ENDPOINT_KIND,
        sourceType: path.extname(file.path) || path.basename(file.path),
        format: 'application-config',
        location,
        moduleCalls: [],
        attributes: {
          endpoint_url: { path: 'url', value: known(url.url, source), defaulted: false },
          peer_endpoint_url: { path: 'url', value: known(peerUrl(url.url, url.instance), source), defaulted: false },
          broker: { path: 'url', value: known(url.brokerId, source), defaulted: false },
          in_failover: { path: 'failover', value: known(url.inFailover, source), defaulted: false },
          failover_has_peer: { path: 'failover', value: known(url.failoverHasPeer, source), defaulted: false },
        },
        references: [],
        context: { name: 'default', evidence, files: [] },
      });
    }
  }
  return result;
}
