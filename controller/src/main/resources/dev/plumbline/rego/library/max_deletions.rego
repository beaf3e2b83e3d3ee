# At most N deletions (a replacement counts as one) without an operator: a plan deleting more is denied, and an
# operator who means it overrides the set (plumbline approve --override-policy <set> RUN).
#
# Parameters (data.params):
#   max: how many deletions a plan may carry (default 0)
package plumbline.max_deletions

default params := {}

params := data.params

limit := object.get(params, "max", 0)

deleted := sort([rc.address | some rc in input.resource_changes; "delete" in rc.change.actions])

deny contains msg if {
	count(deleted) > limit
	msg := sprintf(
		"the plan deletes %d resources, more than the %d allowed without an operator: %s",
		[count(deleted), limit, concat(", ", deleted)],
	)
}
