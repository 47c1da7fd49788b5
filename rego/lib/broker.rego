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
#   True when the attribute is known and true: a boolean, or the string "true" in any
#   case (CloudFormation templates often quote booleans, and AWS reads them as booleans).
attribute_is_true(resource, name) if _boolean(resource.attributes[name]) == true

# METADATA
# description: True when the attribute is known and false (a boolean, or "false" in any case).
attribute_is_false(resource, name) if _boolean(resource.attributes[name]) == false

_boolean(attribute) := attribute.value if {
	attribute.known == true
	is_boolean(attribute.value)
} else if {
	attribute.known == true
	is_string(attribute.value)
	lower(trim_space(attribute.value)) == "true"
} else := false if {
	attribute.known == true
	is_string(attribute.value)
	lower(trim_space(attribute.value)) == "false"
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

# METADATA
# description: |
#   The broker's engine version when it is known and written as dotted numbers (`5.18`,
#   `5.18.4`, `4.2`): its major and minor numbers, how many components it has, and
#   `major.minor` without leading zeros. Undefined for anything else.
engine_version(resource) := version if {
	text := _version_text(resource.attributes.engine_version)
	parts := split(text, ".")
	count(parts) >= 2
	every part in parts {
		_digits(part)
	}
	major := to_number(parts[0])
	minor := to_number(parts[1])
	version := {
		"text": text,
		"major": major,
		"minor": minor,
		"components": count(parts),
		"major_minor": sprintf("%d.%d", [major, minor]),
	}
}

# One or more decimal digits (a regular expression would pull a regex engine into the Wasm bundle).
_digits(text) if {
	text != ""
	trim(text, "0123456789") == ""
}

_version_text(attribute) := trim_space(attribute.value) if {
	attribute.known == true
	is_string(attribute.value)
}

# An unquoted YAML `EngineVersion: 5.17` is a number, which CloudFormation passes on as its text.
_version_text(attribute) := sprintf("%v", [attribute.value]) if {
	attribute.known == true
	is_number(attribute.value)
}

# METADATA
# description: True when `version` (from engine_version) is `major.minor` or later, compared as numbers.
version_at_least(version, major, _) if version.major > major

version_at_least(version, major, minor) if {
	version.major == major
	version.minor >= minor
}

# METADATA
# description: |
#   The number of subnets when it is known: the `length` the engine gives a list whose
#   length is known, also when some of its elements (subnets created in the same run) are not.
subnet_count(resource) := resource.attributes.subnet_ids.length if {
	is_number(resource.attributes.subnet_ids.length)
}

# METADATA
# description: |
#   The engine as AWS writes it in prose, for messages: ActiveMQ, RabbitMQ, or
#   Amazon MQ when the engine is unknown or absent.
engine_name(resource) := "ActiveMQ" if {
	attribute_is(resource, "engine", "ACTIVEMQ")
} else := "RabbitMQ" if {
	attribute_is(resource, "engine", "RABBITMQ")
} else := "Amazon MQ"
