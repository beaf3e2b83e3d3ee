# Protected resources are never deleted or replaced.
#
# Parameters (data.params):
#   types:     resource types, e.g. ["aws_db_instance", "random_pet"]
#   addresses: resource addresses or glob patterns over them
#              ("*" within one dot-separated part, "**" across them), e.g. ["aws_s3_bucket.state", "module.db.**"]
package plumbline.protected

default params := {}

params := data.params

types := {t | some t in object.get(params, "types", [])}

addresses := {a | some a in object.get(params, "addresses", [])}

protected(rc) if rc.type in types

protected(rc) if rc.address in addresses

protected(rc) if {
	some pattern in addresses
	glob.match(pattern, [], rc.address)
}

deletes(rc) if "delete" in rc.change.actions

deny contains msg if {
	some rc in input.resource_changes
	deletes(rc)
	protected(rc)
	msg := sprintf("%s is protected and would be %s", [rc.address, verb(rc.change.actions)])
}

verb(actions) := "replaced" if {
	"create" in actions
} else := "deleted"
