package plumbline.protected_test

import data.plumbline.protected

change(address, type, actions) := {"address": address, "type": type, "change": {"actions": actions}}

params := {"types": ["random_pet"], "addresses": ["local_file.keep", "module.db.**"]}

test_a_protected_type_deleted_is_denied if {
	denials := protected.deny with input as {"resource_changes": [change("random_pet.name", "random_pet", ["delete"])]}
		with data.params as params
	denials == {"random_pet.name is protected and would be deleted"}
}

test_a_protected_address_replaced_is_denied if {
	denials := protected.deny with input as {"resource_changes": [change("local_file.keep", "local_file", ["create", "delete"])]}
		with data.params as params
	denials == {"local_file.keep is protected and would be replaced"}
}

test_a_glob_covers_a_module if {
	denials := protected.deny with input as {"resource_changes": [change("module.db.local_file.x", "local_file", ["delete"])]}
		with data.params as params
	count(denials) == 1
}

test_updates_and_unprotected_deletions_pass if {
	denials := protected.deny with input as {"resource_changes": [
		change("random_pet.name", "random_pet", ["update"]),
		change("local_file.other", "local_file", ["delete"]),
	]}
		with data.params as params
	count(denials) == 0
}

test_without_parameters_nothing_is_protected if {
	denials := protected.deny with input as {"resource_changes": [change("random_pet.name", "random_pet", ["delete"])]}
	count(denials) == 0
}
