# METADATA
# title: Aggregate entrypoint
# description: |
#   The one entrypoint compiled to Wasm: the findings of every package under
#   iac_mq_lint.rules, so a new rule file needs no edit here.
package iac_mq_lint.main

# METADATA
# description: |
#   Every rule's findings; when input.only_rules is a non-empty array, only
#   those of the rules it lists.
findings contains finding if {
	some finding in data.iac_mq_lint.rules[_].deny
	_enabled(finding.rule_id)
}

_enabled(_) if not _filtered

_enabled(rule_id) if {
	_filtered
	rule_id in input.only_rules
}

_filtered if {
	is_array(input.only_rules)
	count(input.only_rules) > 0
}
