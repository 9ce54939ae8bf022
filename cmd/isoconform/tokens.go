package main

import "github.com/isoconform/isoconform/internal/steps"

// secretValues returns the token values, for the redactor: each as given and, for one pasted
// with its "Bearer " prefix, also without it, as the run sends it.
func secretValues(toks map[string]string) []string {
	out := make([]string, 0, 2*len(toks))
	for _, v := range toks {
		out = append(out, v)
	}
	stripped, roles := steps.StripBearer(toks)
	for _, role := range roles {
		out = append(out, stripped[role])
	}
	return out
}
