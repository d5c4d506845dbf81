// Package pdfdoc typesets the PDF documents of the case conference: a small
// document builder (Doc) with a running header and footer, headings,
// paragraphs, key/value blocks and tables, and the agenda (WriteAgenda).
//
// It takes plain structs and knows nothing of the domain packages; callers
// translate labels and decide what a reader may see (need-to-know) before
// handing data over. Redacted values are never printed: a redacted cell or
// pair shows only the word "afgeschermd".
//
// This is the only package that imports github.com/jung-kurt/gofpdf, which is
// archived upstream; keeping it behind this package makes it replaceable.
package pdfdoc
