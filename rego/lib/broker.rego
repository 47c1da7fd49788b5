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

# METADATA
# description: |
#   True when the attribute is present, known and false: the boolean, or the text
#   "false" in any case (producers other than the normalizer may not convert it).
attribute_is_false(resource, name) if {
	attribute := resource.attributes[name]
	attribute.known == true
	_is_false(attribute.value)
}

_is_false(false)

_is_false(value) if {
	is_string(value)
	lower(value) == "false"
}

# METADATA
# description: |
#   The set of keys of a map attribute: those of its value when it is known, else
#   the `keys` a producer gives for a map whose keys are known but some values are
#   not. Undefined when the keys themselves are unknown.
known_keys(attribute) := {key | some key, _ in attribute.value} if {
	attribute.known == true
	is_object(attribute.value)
} else := {key | some key in attribute.keys} if {
	attribute.known == false
	is_array(attribute.keys)
}
