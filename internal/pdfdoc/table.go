package pdfdoc

// Table writes a table with a shaded header row that is repeated after every
// page break. Cells wrap onto as many lines as they need; a row is kept on
// one page unless it is taller than a whole page, in which case it continues
// on the next page under a repeated header.
func (d *Doc) Table(cols []Column, rows [][]Cell) {
	trs := make([]tableRow, len(rows))
	for i, r := range rows {
		trs[i] = tableRow{cells: r, start: true}
	}
	d.table(cols, trs, false)
}

// RowGroup is a group of rows of a grouped table: its Label fills the first
// column, its rows' cells the other columns.
type RowGroup struct {
	Label string
	Rows  [][]Cell
}

// maxGroupKeep is the height (mm) up to which a group of a grouped table is
// kept on one page.
const maxGroupKeep = 70.0

// GroupedTable writes a table whose first column names a group of rows, as a
// merged cell: the label is printed on the group's first row (and again, with
// "(vervolg)", at the top of a page the group continues on), rules inside a
// group leave the first column open, and a group that fits is kept on one
// page. cols includes the group column; each row of a group has the cells of
// the other columns.
func (d *Doc) GroupedTable(cols []Column, groups []RowGroup) {
	var trs []tableRow
	for _, g := range groups {
		rows := g.Rows
		if len(rows) == 0 {
			rows = [][]Cell{nil}
		}
		for i, r := range rows {
			cells := make([]Cell, 0, len(r)+1)
			label := Cell{Text: g.Label, Bold: true}
			if i > 0 {
				label = Cell{}
			}
			cells = append(append(cells, label), r...)
			trs = append(trs, tableRow{cells: cells, start: i == 0, group: g.Label})
		}
	}
	d.table(cols, trs, true)
}

// tableRow is one row of a table as table() draws it.
type tableRow struct {
	cells []Cell
	// start marks the first row of a group; every row of an ungrouped table.
	start bool
	// group is the label of the row's group, repeated on a continuation page.
	group string
}

// table draws the rows of Table and GroupedTable.
func (d *Doc) table(cols []Column, rows []tableRow, grouped bool) {
	if len(cols) == 0 {
		return
	}
	p := d.pdf
	widths := d.columnWidths(cols)
	inner := func(i int) float64 { return widths[i] - 2*padX }

	// Header lines, computed once in the header font.
	d.font("B", sizeSmall, colText)
	headLines := make([][]string, len(cols))
	headN := 1
	for i, c := range cols {
		headLines[i] = d.split(c.Header, inner(i))
		headN = max(headN, len(headLines[i]))
	}
	headH := float64(headN)*leadSmall + 2*padTable

	drawHeader := func() {
		y := p.GetY()
		p.SetFillColor(colFill.r, colFill.g, colFill.b)
		p.Rect(d.left(), y, d.width(), headH, "F")
		d.font("B", sizeSmall, colText)
		x := d.left()
		for i, c := range cols {
			d.cellLines(x+padX, y+padTable, inner(i), leadSmall, headLines[i], c.Right)
			x += widths[i]
		}
		p.SetY(y + headH)
		d.tableRule(p.GetY(), 0.3)
	}

	// Wrap every cell in its own font first.
	type wrapped struct {
		cells  [][]string
		styles []fontState
		n      int // lines of the tallest cell
		// cont is the group label for the first column when the row opens a
		// continuation page, contN the row's lines then.
		cont  []string
		contN int
	}
	cellStyle := func(c Cell) fontState {
		switch {
		case c.Redacted:
			return fontState{"I", sizeTable, colRedacts}
		case c.Bold:
			return fontState{"B", sizeTable, colText}
		case c.Muted:
			return fontState{"", sizeTable, colMuted}
		default:
			return fontState{"", sizeTable, colText}
		}
	}
	wrappedRows := make([]wrapped, len(rows))
	for r, row := range rows {
		wr := wrapped{cells: make([][]string, len(cols)), styles: make([]fontState, len(cols)), n: 1}
		for i := range cols {
			var c Cell
			if i < len(row.cells) {
				c = row.cells[i]
			}
			wr.styles[i] = cellStyle(c)
			if c.Redacted {
				wr.cells[i] = []string{d.tr(RedactedText)}
			} else {
				d.setFont(wr.styles[i])
				wr.cells[i] = d.split(c.Text, inner(i))
			}
			wr.n = max(wr.n, len(wr.cells[i]))
		}
		if grouped && !row.start {
			d.setFont(fontState{"I", sizeTable, colMuted})
			wr.cont = d.split(row.group+" (vervolg)", inner(0))
			wr.contN = max(wr.n, len(wr.cont))
		}
		wrappedRows[r] = wr
	}
	rowH := func(n int) float64 { return float64(n)*leadTable + 2*padTable }

	// The header shares its page with the first row (or a page's worth of it).
	fullPage := bodyBottom - bodyTop - headH
	first := 0.0
	if len(wrappedRows) > 0 {
		first = rowH(wrappedRows[0].n)
	}
	d.need(headH + min(first, fullPage))
	drawHeader()
	// fresh: nothing but the header is on this page yet.
	fresh := true

	for r, wr := range wrappedRows {
		cells, styles, n := wr.cells, wr.styles, wr.n
		// A group that fits on a page starts on the next one rather than split.
		if grouped && rows[r].start && !fresh {
			h := 0.0
			for k := r; k < len(rows) && (k == r || !rows[k].start); k++ {
				h += rowH(wrappedRows[k].n)
			}
			if h <= maxGroupKeep && h > bodyBottom-p.GetY() {
				p.AddPage()
				drawHeader()
				fresh = true
			}
		}
		// Rules inside a group leave the group column open.
		ruleX := d.left()
		if grouped && r+1 < len(rows) && !rows[r+1].start {
			ruleX += widths[0]
		}
		for {
			if fresh && wr.cont != nil {
				cells = append([][]string{wr.cont}, cells[1:]...)
				styles = append([]fontState{{"I", sizeTable, colMuted}}, styles[1:]...)
				n = max(n, len(wr.cont))
			}
			h := rowH(n)
			avail := bodyBottom - p.GetY()
			if h <= avail {
				d.drawRow(widths, cols, cells, styles, n, ruleX)
				fresh = false
				break
			}
			if h <= fullPage || avail < 2*leadTable+2*padTable {
				// Fits on a fresh page, or hardly anything fits here.
				p.AddPage()
				drawHeader()
				fresh = true
				continue
			}
			// Taller than a page: write what fits, continue on the next page.
			k := int((avail - 2*padTable) / leadTable)
			head := make([][]string, len(cells))
			for i := range cells {
				head[i] = cells[i][:min(k, len(cells[i]))]
				cells[i] = cells[i][min(k, len(cells[i])):]
			}
			d.drawRow(widths, cols, head, styles, k, d.left())
			n -= k
			p.AddPage()
			drawHeader()
			// The rest of the row goes on as it is, without a group label.
			fresh = false
		}
	}
	p.SetY(p.GetY() + 3)
	d.setFont(bodyFont)
}

// tableHeight is the height Table(cols, rows) takes without a page break.
func (d *Doc) tableHeight(cols []Column, rows [][]Cell) float64 {
	if len(cols) == 0 {
		return 0
	}
	widths := d.columnWidths(cols)
	d.font("B", sizeSmall, colText)
	headN := 1
	for i, c := range cols {
		headN = max(headN, len(d.split(c.Header, widths[i]-2*padX)))
	}
	h := float64(headN)*leadSmall + 2*padTable + 3
	for _, row := range rows {
		n := 1
		for i := range cols {
			if i >= len(row) || row[i].Redacted {
				continue
			}
			style := ""
			if row[i].Bold {
				style = "B"
			}
			d.font(style, sizeTable, colText)
			n = max(n, len(d.split(row[i].Text, widths[i]-2*padX)))
		}
		h += float64(n)*leadTable + 2*padTable
	}
	d.restoreFont()
	return h
}

// drawRow draws one row of n lines at the current y and a rule under it
// from ruleX to the right edge.
func (d *Doc) drawRow(widths []float64, cols []Column, cells [][]string, styles []fontState, n int, ruleX float64) {
	p := d.pdf
	y := p.GetY()
	x := d.left()
	for i := range cols {
		d.setFont(styles[i])
		d.cellLines(x+padX, y+padTable, widths[i]-2*padX, leadTable, cells[i], cols[i].Right)
		x += widths[i]
	}
	p.SetY(y + float64(n)*leadTable + 2*padTable)
	p.SetDrawColor(colRule.r, colRule.g, colRule.b)
	p.SetLineWidth(0.15)
	p.Line(ruleX, p.GetY(), d.left()+d.width(), p.GetY())
}

// cellLines draws lines top-down from (x, y) within width w.
func (d *Doc) cellLines(x, y, w, lead float64, ls []string, right bool) {
	align := "L"
	if right {
		align = "R"
	}
	for j, l := range ls {
		d.pdf.SetXY(x, y+float64(j)*lead)
		d.pdf.CellFormat(w, lead, l, "", 0, align, false, 0, "")
	}
}

// tableRule draws a horizontal rule across the table at y.
func (d *Doc) tableRule(y, width float64) {
	p := d.pdf
	p.SetDrawColor(colRule.r, colRule.g, colRule.b)
	p.SetLineWidth(width)
	p.Line(d.left(), y, d.left()+d.width(), y)
}

// columnWidths turns the columns' widths, read as weights, into
// millimetres filling the available width. A column without a width weighs
// as much as the average column with one.
func (d *Doc) columnWidths(cols []Column) []float64 {
	total, set := 0.0, 0
	for _, c := range cols {
		if c.Width > 0 {
			total += c.Width
			set++
		}
	}
	avg := 1.0
	if set > 0 {
		avg = total / float64(set)
	}
	w := make([]float64, len(cols))
	sum := 0.0
	for i, c := range cols {
		w[i] = c.Width
		if w[i] <= 0 {
			w[i] = avg
		}
		sum += w[i]
	}
	for i := range w {
		w[i] *= d.width() / sum
	}
	return w
}
