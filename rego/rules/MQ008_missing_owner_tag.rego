# METADATA
# title: Amazon MQ broker has no ownership tag
# custom:
#   id: MQ008
#   slug: missing-owner-tag
package iac_mq_lint.rules.MQ008

import data.iac_mq_lint.lib.broker

# Security Hub MQ.4 has no default keys; without configured ones, any of these says who owns the broker.
# Tag keys are case-sensitive in AWS, so these are the spellings accepted, not a case-insensitive match.
_owner_keys := {"Owner", "owner", "Team", "team"}

# input.settings.required_tags: the project configuration's rules.MQ008.requiredTags, when set.
_required_keys := {key | some key in input.settings.required_tags}

deny contains finding if {
	count(_required_keys) == 0
	some resource in broker.brokers
	keys := broker.known_keys(resource.attributes.effective_tags)
	count(keys & _owner_keys) == 0
	finding := {
		"rule_id": "MQ008",
		"resource": resource.address,
		"attribute": "tags",
		"message_id": "noOwnerTag",
		"params": {"keys": "Owner, owner, Team or team"},
	}
}

deny contains finding if {
	count(_required_keys) > 0
	some resource in broker.brokers
	keys := broker.known_keys(resource.attributes.effective_tags)
	missing := _required_keys - keys
	count(missing) > 0
	finding := {
		"rule_id": "MQ008",
		"resource": resource.address,
		"attribute": "tags",
		"message_id": "missingRequiredTags",
		"params": {"missing": concat(", ", sort(missing)), "required": concat(", ", sort(_required_keys))},
	}
}
