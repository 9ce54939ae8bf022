package mock

import (
	"net/http"
	"strings"

	"github.com/isoconform/isoconform/spec"
)

// runAcross executes the probes that compare exchanges with each other: two isolations get
// distinct ids; the list shows the created action with its type and machine; a cancelled
// action reads Cancelled afterwards.
func (c *checker) runAcross() {
	p := c.p
	tok := c.h.token(c.role, p)
	probes := []func(){
		func() { // ISO-ACT-001: distinct ids
			first, _ := c.isolate(c.body)
			second, _ := c.isolate(c.body)
			if ok2xx(first) && ok2xx(second) && str(obj(first)["id"]) == str(obj(second)["id"]) {
				c.fail("ISO-ACT-001")
			}
		},
		func() { // ISO-LIST-001: the listed action is the created one
			r, m := c.isolate(c.body)
			id := str(obj(r)["id"])
			if !ok2xx(r) || id == "" {
				return
			}
			l := c.withToken(http.MethodGet, "/machineactions?%24filter="+strings.ReplaceAll("machineId eq '"+m+"'", " ", "%20"), tok, "")
			values, _ := obj(l)["value"].([]any)
			for _, v := range values {
				if it, _ := v.(map[string]any); it["id"] == id && (it["type"] != typeIsolate || it["machineId"] != m) {
					c.fail("ISO-LIST-001")
				}
			}
		},
		func() { // ISO-CANCEL-001: the cancellation is recorded
			if p != spec.Current {
				return
			}
			r, _ := c.isolate(c.body)
			id := str(obj(r)["id"])
			if !ok2xx(r) || id == "" {
				return
			}
			x := c.post("/machineactions/"+id+"/cancel", c.role, "application/json", `{"Comment":"stop"}`)
			if x.status != http.StatusOK || obj(x)["status"] != statusCancelled {
				return
			}
			if g := c.withToken(http.MethodGet, "/machineactions/"+id, tok, ""); g.status == http.StatusOK && obj(g)["status"] != statusCancelled {
				c.fail("ISO-CANCEL-001")
			}
		},
	}
	for _, pr := range probes {
		c.h.s.store.reset()
		pr()
	}
}
