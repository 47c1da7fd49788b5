# METADATA
# title: Deployment mode of a broker cannot be determined
# custom:
#   id: MQ003
#   slug: deployment-mode-unknown
package iac_mq_lint.rules.MQ003

import data.iac_mq_lint.lib.broker

# The one rule that reports an unknown: MQ001 and MQ002 stay silent on it, so without this rule a production
# broker whose mode nobody can read would pass unseen. An omitted Terraform mode is known (the provider default);
# CloudFormation requires the property, so a missing one is a template error, not an unknown.
deny contains finding if {
	some resource in broker.brokers
	mode := resource.attributes.deployment_mode
	mode.known == false
	finding := {
		"rule_id": "MQ003",
		"resource": resource.address,
		"attribute": "deployment_mode",
		"message_id": _message_id[resource.format],
		"params": {"reason": mode.reason},
	}
}

# Each format is given its values its own way, so each message says how.
_message_id := {
	"terraform": "unknownTerraform",
	"cloudformation": "unknownCloudFormation",
	"terraform-plan": "unknownAfterApply",
}
