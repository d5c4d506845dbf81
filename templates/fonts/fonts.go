// Package fonts embeds the TrueType fonts used to typeset PDF documents
// (agenda and minutes): DejaVu Sans regular, bold and oblique. They cover the
// Latin-1 and Latin Extended ranges plus typographic punctuation (é, ë, ï, €,
// „“, ’), which the PDF core fonts do not. The fonts are licensed under the
// Bitstream Vera licence with DejaVu changes in the public domain; see the
// LICENSE file in this directory. This package imports no package of this
// module.
package fonts

import "embed"

// FS holds the embedded font files: DejaVuSans.ttf, DejaVuSans-Bold.ttf and
// DejaVuSans-Oblique.ttf.
//
//go:embed *.ttf
var FS embed.FS
