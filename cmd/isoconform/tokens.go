package main

// secretValues returns the token values, for the redactor.
func secretValues(toks map[string]string) []string {
	out := make([]string, 0, len(toks))
	for _, v := range toks {
		out = append(out, v)
	}
	return out
}
