# METADATA
# title: Amazon MQ broker helpers
# description: |
#   Helpers shared by the broker rules. Every predicate here holds only for
#   known values, so a rule built from them stays silent on unknowns.
package iac_mq_lint.lib.broker

# METADATA
# description: The normalized Amazon MQ brokers of every input format.
brokers contains resource if {
	some resource in input.resources
	resource.kind == "amazonmq.broker"
}

# METADATA
# description: |
#   True when the attribute is present, known and a string equal to `expected`
#   ignoring case (producers other than the normalizer may not upper-case).
attribute_is(resource, name, expected) if {
	attribute := resource.attributes[name]
	attribute.known == true
	is_string(attribute.value)
	upper(attribute.value) == upper(expected)
}

# METADATA
# description: |
#   The message id for a finding about `attribute`: `base`, or `base` + `Defaulted`
#   when the value was not written but supplied by the tool's default.
message_id(base, attribute) := concat("", [base, "Defaulted"]) if {
	attribute.defaulted == true
} else := base
