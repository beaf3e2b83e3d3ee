package plumbline.allowed_providers_test

import data.plumbline.allowed_providers

change(address, provider, actions) := {"address": address, "provider_name": provider, "change": {"actions": actions}}

test_an_unlisted_provider_is_denied if {
	denials := allowed_providers.deny with input as {"resource_changes": [change("random_pet.x", "registry.opentofu.org/hashicorp/random", ["create"])]}
		with data.params as {"providers": ["hashicorp/local"]}
	denials == {"random_pet.x uses provider registry.opentofu.org/hashicorp/random, which is not allowed (allowed: hashicorp/local)"}
}

test_a_listed_provider_passes_on_any_registry_or_in_full if {
	denials := allowed_providers.deny with input as {"resource_changes": [
		change("local_file.a", "registry.terraform.io/hashicorp/local", ["create"]),
		change("local_file.b", "registry.opentofu.org/hashicorp/local", ["update"]),
		change("random_pet.c", "registry.opentofu.org/hashicorp/random", ["delete"]),
	]}
		with data.params as {"providers": ["hashicorp/local", "registry.opentofu.org/hashicorp/random"]}
	count(denials) == 0
}

test_unchanged_resources_are_not_checked if {
	denials := allowed_providers.deny with input as {"resource_changes": [change("random_pet.x", "registry.opentofu.org/hashicorp/random", ["no-op"])]}
		with data.params as {"providers": ["hashicorp/local"]}
	count(denials) == 0
}
