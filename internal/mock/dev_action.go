package mock

import (
	"net/http"
	"time"

	"github.com/isoconform/isoconform/fixtures"
	"github.com/isoconform/isoconform/internal/guid"
	"github.com/isoconform/isoconform/spec"
)

// actionDeviations are the deviations of the action an isolate creates and of the machine it
// names, in catalogue order.
func actionDeviations() []*behaviour {
	both, _, currentOnly := profileSets()
	return []*behaviour{
		{name: "id-not-guid", description: "Isolate actions get a 40-hex id instead of a GUID (the 2017 draft's defect); GET by that id works.",
			breaks: []string{"ISO-ACT-001"}, profiles: both,
			hooks: hooks{lifecycle: func(l *lifecycle) {
				faithful := l.newID
				l.newID = func(kind string) string {
					if kind == typeIsolate {
						return guid.MachineID()
					}
					return faithful(kind)
				}
			}}},
		{name: "type-wrong", description: "The isolate 201 body says type Unisolate.",
			breaks: []string{"ISO-ACT-002", "ISO-EX-002"}, profiles: both,
			hooks: hooks{respond: rewriteCreated(func(_ *exchange, o object, _ *action) object { return o.set("type", typeUnisolate) })}},
		{name: "machine-id-differs", description: "The isolate 201 body names another machine in machineId (the 2017 example's defect).",
			breaks: []string{"ISO-ACT-003"}, profiles: both,
			hooks: hooks{respond: rewriteCreated(func(x *exchange, o object, a *action) object {
				other := x.s.machines[0].ID
				if other == a.machineID {
					other = x.s.machines[1].ID
				}
				return o.set("machineId", other)
			})}},
		{name: "status-failed", description: "The isolate 201 body says status Failed.",
			breaks: []string{"ISO-ACT-004"}, profiles: both,
			hooks: hooks{respond: rewriteCreated(func(_ *exchange, o object, _ *action) object { return o.set("status", "Failed") })}},
		{name: "date-not-date", description: "The isolate 201 body's creationDateTimeUtc is not an RFC 3339 date-time (12/04/2017 12:12:18).",
			breaks: []string{"ISO-ACT-001", "ISO-ACT-005"}, profiles: both,
			hooks: hooks{respond: rewriteCreated(func(_ *exchange, o object, a *action) object {
				return o.set("creationDateTimeUtc", a.created.UTC().Format("01/02/2006 15:04:05"))
			})}},
		{name: "last-update-before-creation", description: "The isolate 201 body's last-update timestamp lies a minute before its creation.",
			breaks: []string{"ISO-ACT-005"}, profiles: both,
			hooks: hooks{respond: rewriteCreated(func(x *exchange, o object, a *action) object {
				return o.set(x.profile.LastUpdateField(), formatDate(a.created.Add(-time.Minute)))
			})}},
		{name: "last-update-field-drift", description: "The isolate 201 body names its last-update timestamp with the other profile's property name.",
			breaks: []string{"ISO-ACT-001", "ISO-ACT-005", "ISO-ACT-009"}, profiles: both,
			hooks: hooks{respond: rewriteCreated(func(x *exchange, o object, _ *action) object {
				other := spec.Current.LastUpdateField()
				if x.profile == spec.Current {
					other = spec.Preview2017.LastUpdateField()
				}
				return o.rename(x.profile.LastUpdateField(), other)
			})}},
		{name: "requestor-empty", description: "The isolate 201 body's requestor is empty.",
			breaks: []string{"ISO-ACT-001", "ISO-ACT-006"}, profiles: both,
			hooks: hooks{respond: rewriteCreated(func(_ *exchange, o object, _ *action) object { return o.set("requestor", "") })}},
		{name: "odata-context-wrong", description: "The isolate 201 body's @odata.context names the collection ($metadata#MachineActions) instead of the entity.",
			breaks: []string{"ISO-ACT-001", "ISO-ACT-007"}, profiles: both,
			hooks: hooks{respond: rewriteCreated(func(_ *exchange, o object, _ *action) object {
				if v, ok := o.get("@odata.context"); ok {
					ctx, _ := v.(string)
					o = o.set("@odata.context", ctx[:len(ctx)-len("/$entity")])
				}
				return o
			})}},
		{name: "scope-wrong", description: "The isolate 201 body's scope is always Full, whatever IsolationType was sent.",
			breaks: []string{"ISO-ACT-008"}, profiles: currentOnly,
			hooks: hooks{respond: rewriteCreated(func(_ *exchange, o object, _ *action) object { return o.set("scope", "Full") })}},
		{name: "unknown-machine-201", description: "Isolating a machine that does not exist creates an action (201).",
			breaks: []string{"ISO-MACH-001"}, profiles: both,
			hooks: hooks{machine: func(x *exchange, m *machineLookup) {
				if x.op.kind == opIsolate {
					m.machine, m.known = fixtures.Machine{ID: m.id}, true
				}
			}}},
		{name: "unknown-machine-400", description: "Isolating a machine that does not exist is answered 400 InvalidInput instead of 404 ResourceNotFound.",
			breaks: []string{"ISO-MACH-001"}, profiles: both,
			hooks: hooks{machine: func(x *exchange, m *machineLookup) {
				if x.op.kind == opIsolate {
					m.refuse = &apiError{http.StatusBadRequest, codeInvalidInput, "Invalid input machine id " + m.id + "."}
				}
			}}},
	}
}

// rewriteCreated is a respond hook that rewrites the body of an isolate's 201 answer (only
// that body: the stored action stays right).
func rewriteCreated(rewrite func(x *exchange, o object, a *action) object) func(*exchange, *answer) {
	return func(x *exchange, r *answer) {
		if created(x, r) {
			r.body = rewrite(x, r.body, r.action)
		}
	}
}
