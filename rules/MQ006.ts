import type { RuleMetadata } from '../src/model/rule.js';

/** MQ006: an application connects to one instance of an Amazon MQ broker, so a failover takes it down. */
export const MQ006: RuleMetadata = {
  id: 'MQ006',
  slug: 'single-endpoint-client',
  title: 'Client connects to one instance of an Amazon MQ broker',
  level: 'warning',
  rationale:
    'An `ACTIVE_STANDBY_MULTI_AZ` ActiveMQ broker has two instances, `b-…-1` and `b-…-2`, in two Availability Zones, and ' +
    'only one of them is active at a time. A client configured with one instance\'s OpenWire URL ' +
    '(`ssl://b-…-1.mq.<region>.amazonaws.com:61617`) cannot follow a failover: during every maintenance window and ' +
    'zone fault it loses the broker, and the standby AWS pays for does nothing for it. The ActiveMQ failover transport ' +
    'with both instances, `failover:(ssl://b-…-1…:61617,ssl://b-…-2…:61617)`, is what AWS recommends. ' +
    'A single-instance broker has only `-1`; a failover URL costs nothing there and survives the move to active/standby.',
  remediation:
    'Connect through the failover transport with both instances of the pair: ' +
    '`failover:(ssl://b-<id>-1.mq.<region>.amazonaws.com:61617,ssl://b-<id>-2.mq.<region>.amazonaws.com:61617)?randomize=true`, ' +
    'and consider `timeout=3000` so that sends fail fast while no instance is reachable. In IaC, build the URL from every ' +
    'entry of the broker\'s instances (`aws_mq_broker.x.instances[*].endpoints[0]`, both elements of ' +
    '`!GetAtt Broker.OpenWireEndpoints`), not from the first one.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ006.md',
  formats: ['terraform', 'cloudformation', 'application-config'],
  controls: [],
  tags: ['reliability', 'availability', 'amazon-mq', 'activemq', 'client'],
  appliesIn: 'production',
  securitySeverity: '4.0',
  messages: {
    singleEndpoint:
      'The client connects to {endpoint} alone: one instance of broker {broker}. If the broker is active/standby, the client loses it at every failover. Use failover:({endpoint},{peer}).',
    failoverWithoutPeer:
      'The failover list names {endpoint} but not {peer}, the other instance of broker {broker}: at a failover the client has nowhere to go. Add {peer} to the list.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ006' },
};
