package plumbline.required_tags_test

import data.plumbline.required_tags

change(address, actions, after) := {"address": address, "type": "aws_s3_bucket", "change": {"actions": actions, "after": after}}

params := {"tags": ["owner", "cost-center"]}

test_a_missing_tag_is_denied if {
	denials := required_tags.deny with input as {"resource_changes": [change("aws_s3_bucket.a", ["create"], {"tags": {"owner": "ops"}})]}
		with data.params as params
	denials == {"aws_s3_bucket.a lacks required tags: cost-center"}
}

test_null_or_empty_tags_miss_all if {
	denials := required_tags.deny with input as {"resource_changes": [
		change("aws_s3_bucket.a", ["update"], {"tags": null}),
		change("aws_s3_bucket.b", ["create"], {"tags": {"owner": "", "cost-center": "1"}}),
	]}
		with data.params as params
	denials == {"aws_s3_bucket.a lacks required tags: owner, cost-center", "aws_s3_bucket.b lacks required tags: owner"}
}

test_untaggable_and_deleted_resources_pass if {
	denials := required_tags.deny with input as {"resource_changes": [
		change("terraform_data.x", ["create"], {"input": "a"}),
		change("aws_s3_bucket.gone", ["delete"], null),
		change("aws_s3_bucket.ok", ["create"], {"tags": {"owner": "ops", "cost-center": "42"}}),
	]}
		with data.params as params
	count(denials) == 0
}

test_types_limit_the_check if {
	denials := required_tags.deny with input as {"resource_changes": [change("aws_s3_bucket.a", ["create"], {"tags": {}})]}
		with data.params as {"tags": ["owner"], "types": ["aws_instance"]}
	count(denials) == 0
}
