import type { RuleMetadata } from '../src/model/rule.js';

/** MQ008: an Amazon MQ broker without a tag that says who owns it. */
export const MQ008: RuleMetadata = {
  id: 'MQ008',
  slug: 'missing-owner-tag',
  title: 'Amazon MQ broker has no ownership tag',
  level: 'warning',
  rationale:
    'A broker nobody is known to own is a broker nobody patches, right-sizes, migrates or answers for when it ' +
    'fails at night. Tags are where AWS tooling (cost allocation, Security Hub, resource groups) looks for the ' +
    'owner. Security Hub MQ.4 (Low) flags brokers without the tag keys it is configured with (`requiredTagKeys`, ' +
    'case-sensitive, no default; with none it only asks for one tag whose key does not start with `aws:`). This rule ' +
    'asks by default for one of `Owner`, `owner`, `Team` or `team`, or, when the project configuration names keys ' +
    '(`rules: {MQ008: {requiredTags: [...]}}` in `.iac-mq-lint.yml`), for every one of them. Keys are compared ' +
    'exactly, as AWS compares tag keys. The tags counted are those AWS gives the broker: its own, the Terraform ' +
    "provider's `default_tags`, and the stack tags of a CloudFormation deployment (a template configuration's " +
    '`Tags`, samconfig `tags`). A broker whose tags cannot be determined is not reported.',
  remediation:
    'Add the tag to the broker (`tags = { Owner = "team-payments" }`; CloudFormation: `Tags: [{Key: Owner, Value: ' +
    'team-payments}]`), or, to tag every resource of a deployment at once, to the AWS provider\'s ' +
    '`default_tags { tags = { ... } }` or the stack tags of the CloudFormation deployment. Tags change in place, ' +
    'without a reboot.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ008.md',
  formats: ['terraform', 'cloudformation'],
  controls: ['Security Hub MQ.4'],
  tags: ['governance', 'tagging', 'amazon-mq'],
  appliesIn: 'production',
  securitySeverity: '2.0',
  messages: {
    noOwnerTag:
      'Broker {resource} has no ownership tag: none of {keys} is among its tags or those it inherits. Tag it with its owner.',
    missingRequiredTags:
      'Broker {resource} does not have every required tag: {missing} missing of {required}, counting those it ' +
      'inherits. Add them.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ008' },
};
