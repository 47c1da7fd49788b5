import type { RuleMetadata } from '../src/model/rule.js';

/** MQ003: a broker whose deployment mode the scan cannot determine. */
export const MQ003: RuleMetadata = {
  id: 'MQ003',
  slug: 'deployment-mode-unknown',
  title: 'Deployment mode of a broker cannot be determined',
  level: 'warning',
  rationale:
    'MQ001 and MQ002 report single-instance brokers only when the deployment mode is known: a mode that comes from a ' +
    'variable nobody set, a CloudFormation parameter without a value, a data source or an attribute known only after ' +
    'apply is never guessed. That keeps them free of false alarms, but it also means a production broker whose mode ' +
    'the scan cannot read passes silently, and the mode is the one setting that cannot be fixed later: changing it ' +
    'replaces the broker with a new one with new endpoints. This rule says which brokers were not checked, and why.',
  remediation:
    'Give the scan the values the deployment uses. Terraform: pass the environment\'s variable file (`--var-file ' +
    'prod.tfvars`) or `--var deployment_mode=…`, keep the variable files beside the root where they are discovered, ' +
    'or declare the contexts in `.iac-mq-lint.yml` (`terraform.varFiles`); for a value Terraform reads from a data ' +
    'source or another resource, scan the plan (`terraform show -json`). CloudFormation: pass the stack\'s parameter ' +
    'file (`--parameters params/prod.json`), keep it where it is discovered, or declare it in `.iac-mq-lint.yml` ' +
    '(`cloudformation.parameterFiles`). A mode known only after apply is better written as a literal or a variable.',
  helpUri: 'https://github.com/iac-mq-lint/iac-mq-lint/blob/main/docs/rules/MQ003.md',
  formats: ['terraform', 'cloudformation'],
  controls: [
    'Security Hub MQ.5',
    'Security Hub MQ.6',
    'AWS Config mq-active-deployment-mode',
    'AWS Config mq-rabbit-deployment-mode',
  ],
  tags: ['reliability', 'availability', 'amazon-mq', 'unknown-value'],
  appliesIn: 'production',
  securitySeverity: '3.0',
  messages: {
    unknownTerraform:
      'The deployment mode of broker {resource} cannot be determined: {reason}. It was not checked for a single ' +
      'instance: set it in a var file, with --var, or declare the context in .iac-mq-lint.yml (or scan the plan).',
    unknownCloudFormation:
      'The deployment mode of broker {resource} cannot be determined: {reason}. It was not checked for a single ' +
      'instance: set it in a parameter file, with --parameters, or declare the parameter file in .iac-mq-lint.yml.',
    unknownAfterApply:
      'The plan knows the deployment mode of broker {resource} only after apply. It was not checked for a single ' +
      'instance: write the mode as a literal or a variable.',
  },
  implementation: { language: 'rego', package: 'iac_mq_lint.rules.MQ003' },
};
