import type { RuleMetadata } from '../src/model/rule.js';

/** MQ012: a broker on an engine version AWS no longer supports. */
export const MQ012: RuleMetadata = {
  id: 'MQ012',
  slug: 'engine-version-end-of-support',
  title: 'Engine version is past AWS end of support',
  level: 'warning',
  rationale:
    'Amazon MQ supports each engine version until a published end-of-support date. After it, AWS upgrades every ' +
    'broker still on the version to the next supported one in a maintenance window within 45 days, whenever that ' +
    'suits AWS rather than you, and new brokers cannot be created on it (from 30 days before the date), so a ' +
    'configuration that names it fails for every new environment. The versions are read from a table shipped with ' +
    'the rule, taken from the AWS version support calendars and checked in 2026: ActiveMQ 5.17 (ended 2025-06-16), ' +
    '5.16 (2024-11-15) and 5.15 (2024-09-16); RabbitMQ 3.12 (2025-03-17), 3.11 (2025-02-17), 3.10 (2024-10-15), 3.9 ' +
    '(2024-09-16) and 3.8 (earlier). The rule never reads the clock, so the same configuration gives the same ' +
    'findings on every run; a version whose end of support is still ahead is not reported.',
  remediation:
    'Upgrade to a supported version: ActiveMQ 5.19 (recommended) or 5.18; RabbitMQ 4.2 (recommended, `mq.m7g` ' +
    'instance types only) or 3.13. From these versions on, write only `major.minor` and turn on automatic minor ' +
    'version upgrades (MQ009). An engine version upgrade is an in-place update with a reboot, but RabbitMQ upgrades ' +
    'go one minor version at a time (3.11 → 3.12 → 3.13 → 4.2), and reaching 4.2 from an `mq.m5` broker also ' +
    'needs an `mq.m7g` instance type. Test clients against the new version first.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ012.md',
  formats: ['terraform', 'cloudformation'],
  controls: [],
  tags: ['maintenance', 'lifecycle', 'amazon-mq'],
  appliesIn: 'every-environment',
  securitySeverity: '4.0',
  messages: {
    endOfSupport:
      '{engine} {version} reached end of support on {date}; AWS upgrades such brokers automatically within 45 days and ' +
      'no new brokers can be created on it. Use {recommended}.',
    endOfSupportBefore:
      '{engine} {version} reached end of support before {date}; AWS upgrades such brokers automatically within 45 days ' +
      'and no new brokers can be created on it. Use {recommended}.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ012' },
};
