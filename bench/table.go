package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// table collects the rows of the one table the bench prints.
type table struct {
	rows    [][4]string // section, measure, value, note
	targets [][3]string // target, met, measured
}

func (t *table) add(section, measure, value, note string) {
	t.rows = append(t.rows, [4]string{section, measure, value, note})
}

// load adds a load run; ceiling, when it ran, gives the ratio.
func (t *table) load(name string, r loadResult, ceiling loadResult) {
	note := fmt.Sprintf("%d requests in %s", r.Requests, r.Elapsed.Round(time.Millisecond))
	if ceiling.Requests > 0 {
		note += fmt.Sprintf("; %.0f%% of bare", 100*r.RPS()/ceiling.RPS())
	}
	t.add("load: "+name, "req/s  p50  p99  statuses",
		fmt.Sprintf("%.0f  %s  %s  %s", r.RPS(), ms(r.P50), ms(r.P99), r.StatusMix()), note)
}

func (t *table) target(name string, met bool, measured string) {
	mark := "MET"
	if !met {
		mark = "NOT MET"
	}
	t.targets = append(t.targets, [3]string{name, mark, measured})
}

func (t *table) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SECTION\tMEASURE\tVALUE\tNOTE")
	for _, r := range t.rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3])
	}
	for _, r := range t.targets {
		fmt.Fprintf(tw, "target: %s\t%s\t%s\t\n", r[0], r[1], r[2])
	}
	_ = tw.Flush()
}

// ms prints a duration in milliseconds with three decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond)) }
