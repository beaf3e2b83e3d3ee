# Taggable resources carry the required tags.
#
# A resource is taggable when its planned state has a "tags" attribute (as AWS, Azure and Google resources do);
# those that are created or updated must hold every required tag with a value that is not empty.
#
# Parameters (data.params):
#   tags:  the required tag names, e.g. ["owner", "cost-center"]
#   types: optional; only these resource types are checked
package plumbline.required_tags

default params := {}

params := data.params

required := object.get(params, "tags", [])

types := {t | some t in object.get(params, "types", [])}

checked(rc) if count(types) == 0

checked(rc) if rc.type in types

writes(rc) if "create" in rc.change.actions

writes(rc) if "update" in rc.change.actions

tags(after) := t if {
	t := after.tags
	is_object(t)
} else := {}

deny contains msg if {
	some rc in input.resource_changes
	writes(rc)
	checked(rc)
	is_object(rc.change.after)
	"tags" in object.keys(rc.change.after)
	have := tags(rc.change.after)
	missing := [name | some name in required; object.get(have, name, "") == ""]
	count(missing) > 0
	msg := sprintf("%s lacks required tags: %s", [rc.address, concat(", ", missing)])
}
