import type { RuleMetadata } from '../src/model/rule.js';

/** MQ011: a broker reachable from the internet. */
export const MQ011: RuleMetadata = {
  id: 'MQ011',
  slug: 'publicly-accessible-broker',
  title: 'Broker is publicly accessible',
  level: 'error',
  levelOutsideProduction: 'warning',
  rationale:
    'A broker with `publicly_accessible = true` (CloudFormation: `PubliclyAccessible: true`) gets endpoints that ' +
    'resolve to public IP addresses, so its wire protocols and its web console can be reached from the internet and ' +
    'stand between an attacker and your messages only by their passwords. AWS\'s security guidance for Amazon MQ ' +
    'prefers brokers that are not public; AWS Config `mq-no-public-access` and tfsec/Trivy `aws-mq-no-public-access` ' +
    '(High) flag them after the fact. The setting is create-only: making a public broker private replaces it. A public ' +
    'test broker is a smaller risk than a production one, so outside production this is a warning.',
  remediation:
    'Set `publicly_accessible = false` (the Terraform default; CloudFormation: `PubliclyAccessible: false`), put the ' +
    'broker in private subnets with `security_groups` that admit only the clients that need it, and reach it from ' +
    'outside the VPC through a VPN, Direct Connect, a peering or a bastion. The change replaces the broker with a new ' +
    'one with new endpoints: stand the private broker up beside the public one, move clients, drain, then delete the ' +
    'public broker.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ011.md',
  formats: ['terraform', 'cloudformation'],
  controls: ['AWS Config mq-no-public-access', 'tfsec/Trivy aws-mq-no-public-access'],
  tags: ['security', 'network', 'amazon-mq'],
  appliesIn: 'every-environment',
  securitySeverity: '7.5',
  messages: {
    publiclyAccessible:
      '{engine} broker {resource} is publicly accessible: its endpoints and web console can be reached from the internet. ' +
      'Make it private and reach it from inside the VPC.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ011' },
};
