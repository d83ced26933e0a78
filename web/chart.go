package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/refsync/refsync/store"
)

// chartOutcomes are the stacked series, bottom first, with their colours.
var chartOutcomes = []struct{ Name, Color string }{
	{"processed", "#2e7d32"}, {"review", "#f9a825"}, {"failed", "#c62828"}, {"ignored", "#90a4ae"}, {"dismissed", "#5c6bc0"},
}

// entriesChart draws entries per day by outcome as a stacked bar chart in SVG.
func entriesChart(days []store.DayCount) template.HTML { return drawChart(days, 960, 7, "chart") }

// entriesChartNarrow is the same chart drawn for phone width: fewer day labels,
// a legend that fits, so that its text is as large as the page's.
func entriesChartNarrow(days []store.DayCount) template.HTML {
	return drawChart(days, 360, 3, "chart-n")
}

// drawChart draws the chart w units wide with about `labels` day labels; id names its title.
func drawChart(days []store.DayCount, w float64, labels int, id string) template.HTML {
	const h, left, bottom, top = 240.0, 40.0, 24.0, 10.0
	var peak int
	for _, d := range days {
		var sum int
		for _, n := range d.Outcomes {
			sum += n
		}
		peak = max(peak, sum)
	}
	scale := niceMax(peak)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-title"><title id="%s-title">Entries per day by outcome, last %d days</title>`, w, h+20, id, id, len(days))
	plotH := h - bottom - top
	for i := 0; i <= 4; i++ { // grid lines and their labels
		y := top + plotH - plotH*float64(i)/4
		fmt.Fprintf(&b, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" class="grid"/><text x="%.0f" y="%.1f" class="axis" text-anchor="end">%d</text>`,
			left, w, y, y, left-4, y+4, scale*i/4)
	}
	slot := (w - left) / float64(max(len(days), 1))
	for i, d := range days {
		x, y := left+float64(i)*slot+slot*0.15, top+plotH
		for _, o := range chartOutcomes {
			n := d.Outcomes[o.Name]
			if n == 0 {
				continue
			}
			bh := plotH * float64(n) / float64(scale)
			y -= bh
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %d</title></rect>`,
				x, y, slot*0.7, bh, o.Color, d.Day, o.Name, n)
		}
		every := max(len(days)/labels, 1) // the last day too, unless it would touch the label before it
		if i%every == 0 || (i == len(days)-1 && 2*(i%every) >= every) {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" class="axis" text-anchor="middle">%s</text>`, x+slot*0.35, h-6, d.Day[5:])
		}
	}
	lx, step := left, 110.0
	if w < 600 {
		lx, step = 0, w/float64(len(chartOutcomes))
	}
	for _, o := range chartOutcomes {
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.0f" width="10" height="10" fill="%s"/><text x="%.0f" y="%.0f" class="axis">%s</text>`,
			lx, h+6, o.Color, lx+13, h+15, o.Name)
		lx += step
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every value written above is a number, a date or a fixed word
}

// niceMax rounds the tallest bar up to a round axis maximum divisible by 4.
func niceMax(n int) int {
	if n <= 4 {
		return 4
	}
	step := 1
	for step*10 < n {
		step *= 10
	}
	for _, m := range []int{1, 2, 4, 5, 8, 10} {
		if v := step * m; v >= n && v%4 == 0 {
			return v
		}
	}
	return (n + 3) / 4 * 4
}
