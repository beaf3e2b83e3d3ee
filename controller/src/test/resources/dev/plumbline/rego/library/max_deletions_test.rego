package plumbline.max_deletions_test

import data.plumbline.max_deletions

change(address, actions) := {"address": address, "change": {"actions": actions}}

test_more_deletions_than_allowed_are_denied if {
	denials := max_deletions.deny with input as {"resource_changes": [
		change("a.x", ["delete"]),
		change("b.y", ["create", "delete"]),
		change("c.z", ["create"]),
	]}
		with data.params as {"max": 1}
	denials == {"the plan deletes 2 resources, more than the 1 allowed without an operator: a.x, b.y"}
}

test_up_to_the_limit_passes if {
	denials := max_deletions.deny with input as {"resource_changes": [change("a.x", ["delete"])]}
		with data.params as {"max": 1}
	count(denials) == 0
}

test_the_default_allows_none if {
	denials := max_deletions.deny with input as {"resource_changes": [change("a.x", ["delete"])]}
	count(denials) == 1
}
