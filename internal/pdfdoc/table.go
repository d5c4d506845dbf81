package pdfdoc

// Table writes a table with a shaded header row that is repeated after every
// page break. Cells wrap onto as many lines as they need; a row is kept on
// one page unless it is taller than a whole page, in which case it continues
// on the next page under a repeated header.
func (d *Doc) Table(cols []Column, rows [][]Cell) {
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
	}
	wrappedRows := make([]wrapped, len(rows))
	for r, row := range rows {
		wr := wrapped{cells: make([][]string, len(cols)), styles: make([]fontState, len(cols)), n: 1}
		for i := range cols {
			var c Cell
			if i < len(row) {
				c = row[i]
			}
			switch {
			case c.Redacted:
				wr.styles[i] = fontState{"I", sizeTable, colRedacts}
			case c.Bold:
				wr.styles[i] = fontState{"B", sizeTable, colText}
			default:
				wr.styles[i] = fontState{"", sizeTable, colText}
			}
			if c.Redacted {
				wr.cells[i] = []string{RedactedText}
			} else {
				d.setFont(wr.styles[i])
				wr.cells[i] = d.split(c.Text, inner(i))
			}
			wr.n = max(wr.n, len(wr.cells[i]))
		}
		wrappedRows[r] = wr
	}

	// The header shares its page with the first row (or a page's worth of it).
	fullPage := bodyBottom - bodyTop - headH
	first := 0.0
	if len(wrappedRows) > 0 {
		first = float64(wrappedRows[0].n)*leadTable + 2*padTable
	}
	d.need(headH + min(first, fullPage))
	drawHeader()

	for _, wr := range wrappedRows {
		cells, styles, n := wr.cells, wr.styles, wr.n
		for {
			h := float64(n)*leadTable + 2*padTable
			avail := bodyBottom - p.GetY()
			if h <= avail {
				d.drawRow(widths, cols, cells, styles, n)
				break
			}
			if h <= fullPage || avail < 2*leadTable+2*padTable {
				// Fits on a fresh page, or hardly anything fits here.
				p.AddPage()
				drawHeader()
				continue
			}
			// Taller than a page: write what fits, continue on the next page.
			k := int((avail - 2*padTable) / leadTable)
			head := make([][]string, len(cells))
			for i := range cells {
				head[i] = cells[i][:min(k, len(cells[i]))]
				cells[i] = cells[i][min(k, len(cells[i])):]
			}
			d.drawRow(widths, cols, head, styles, k)
			n -= k
			p.AddPage()
			drawHeader()
		}
	}
	p.SetY(p.GetY() + 3)
	d.setFont(bodyFont)
}

// drawRow draws one row of n lines at the current y and a rule under it.
func (d *Doc) drawRow(widths []float64, cols []Column, cells [][]string, styles []fontState, n int) {
	p := d.pdf
	y := p.GetY()
	x := d.left()
	for i := range cols {
		d.setFont(styles[i])
		d.cellLines(x+padX, y+padTable, widths[i]-2*padX, leadTable, cells[i], cols[i].Right)
		x += widths[i]
	}
	p.SetY(y + float64(n)*leadTable + 2*padTable)
	d.tableRule(p.GetY(), 0.15)
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
