import type { RuleMetadata } from '../src/model/rule.js';

/** MQ009: a broker on an engine version whose patch versions Amazon MQ manages, configured as if it did not. */
export const MQ009: RuleMetadata = {
  id: 'MQ009',
  slug: 'auto-minor-version-upgrade-required',
  title: 'Engine version requires automatic minor version upgrades',
  level: 'error',
  rationale:
    'From ActiveMQ 5.18 and RabbitMQ 3.13 on, Amazon MQ manages patch versions itself: it requires ' +
    '`autoMinorVersionUpgrade` to be `true` and otherwise rejects the broker with BadRequest ' +
    '("Brokers on [ActiveMQ] version [5.18] must have [autoMinorVersionUpgrade] set to [true]."). Terraform\'s ' +
    'default for `auto_minor_version_upgrade` is `false`, unlike the API\'s, so a Terraform broker that omits the ' +
    'argument fails at apply; CloudFormation leaves an omitted `AutoMinorVersionUpgrade` to the API default, `true`. ' +
    'The same versions take only `major.minor` as the engine version: the API lists its valid values as ' +
    '`[5.19, 5.18]`, and a patch-level version such as `5.18.4` is rejected or, where the provider shortens it, ' +
    'shows as a permanent diff (terraform-provider-aws #38708, #38930, #42516, #40806).',
  remediation:
    'Set `auto_minor_version_upgrade = true` (CloudFormation: `AutoMinorVersionUpgrade: true`, or leave it out) and ' +
    'write the engine version as `major.minor` (`engine_version = "5.18"`, `"3.13"`, `"4.2"`); Amazon MQ then applies ' +
    'patch versions in the maintenance window. Both are in-place updates that do not replace the broker.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ009.md',
  formats: ['terraform', 'cloudformation'],
  controls: ['Security Hub MQ.3', 'AWS Config mq-auto-minor-version-upgrade-enabled'],
  tags: ['correctness', 'maintenance', 'amazon-mq'],
  appliesIn: 'every-environment',
  securitySeverity: '5.0',
  messages: {
    autoMinorVersionUpgradeFalse:
      '{engine} {version} broker {resource} turns automatic minor version upgrades off: Amazon MQ rejects that for ' +
      '{engine} {minimum} and later. Set it to true.',
    autoMinorVersionUpgradeDefaulted:
      '{engine} {version} broker {resource} leaves auto_minor_version_upgrade unset (omitted or null), so it is false, ' +
      'the Terraform default: Amazon MQ rejects that for {engine} {minimum} and later. Set it to true.',
    patchLevelVersion:
      '{engine} broker {resource} pins the patch version {version}: from {engine} {minimum} on, Amazon MQ manages patch ' +
      'versions and accepts only major.minor. Use {majorMinor}.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ009' },
};
