# Only allowed providers are used.
#
# Parameters (data.params):
#   providers: provider sources, in full ("registry.opentofu.org/hashicorp/local") or without the registry host
#              ("hashicorp/local"), which then matches on any registry
package plumbline.allowed_providers

default params := {}

params := data.params

allowed := {p | some p in object.get(params, "providers", [])}

permitted(name) if name in allowed

permitted(name) if {
	some p in allowed
	endswith(name, concat("", ["/", p]))
}

deny contains msg if {
	some rc in input.resource_changes
	not rc.change.actions == ["no-op"]
	not permitted(rc.provider_name)
	msg := sprintf(
		"%s uses provider %s, which is not allowed (allowed: %s)",
		[rc.address, rc.provider_name, concat(", ", sort([p | some p in allowed]))],
	)
}
