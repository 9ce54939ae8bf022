package mock

import (
	"encoding/json"

	"github.com/isoconform/isoconform/internal/guid"
)

// teethDeviations are faults a wrong server could commit on a 201 or in the lifecycle that a
// check within one exchange does not see: they need comparisons across exchanges.
func teethDeviations() []*behaviour {
	both, _, currentOnly := profileSets()
	return []*behaviour{
		{name: "shared-action-id", description: "Every isolate action gets the same id (one per server and profile); GET machineactions/{id} of it answers the newest.",
			breaks: []string{"ISO-ACT-001"}, profiles: both,
			hooks: hooks{lifecycle: func(l *lifecycle) {
				shared, faithful := guid.New(), l.newID
				l.newID = func(kind string) string {
					if kind == typeIsolate {
						return shared
					}
					return faithful(kind)
				}
			}}},
		{name: "listed-action-differs", description: "GET machineactions lists each isolate action with type Unisolate and another machine's machineId (its id is right).",
			breaks: []string{"ISO-LIST-001"}, profiles: both,
			hooks: hooks{respond: func(x *exchange, r *answer) {
				if !x.succeeded(r, opListActions) {
					return
				}
				for i, f := range r.body {
					items, ok := f.value.([]object)
					if !ok || f.key != "value" {
						continue
					}
					for j, it := range items {
						if v, _ := it.get("type"); v != typeIsolate {
							continue
						}
						m, _ := it.get("machineId")
						other := x.s.machines[0].ID
						if other == m {
							other = x.s.machines[1].ID
						}
						items[j] = it.set("type", typeUnisolate).set("machineId", other)
					}
					r.body[i].value = items
				}
			}}},
		{name: "cancel-not-recorded", description: "Cancelling a pending action answers 200 with the action shown Cancelled, but nothing is recorded: it goes on to Succeeded (the machine stays isolated).",
			breaks: []string{"ISO-CANCEL-001"}, profiles: currentOnly,
			hooks: hooks{lifecycle: ignorePendingCancel, respond: func(x *exchange, r *answer) {
				if !x.succeeded(r, opCancelAction) || r.body == nil {
					return
				}
				var body struct {
					Comment *string `json:"Comment"`
				}
				_ = json.Unmarshal(x.body, &body)
				var comment any
				if body.Comment != nil {
					comment = *body.Comment
				}
				now := formatDate(x.s.now())
				r.body = r.body.set("status", statusCancelled).set(x.profile.LastUpdateField(), now).
					set("cancellationRequestor", x.identity.Requestor()).set("cancellationComment", comment).
					set("cancellationDateTimeUtc", now)
			}}},
	}
}
