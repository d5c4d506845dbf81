// Package gcsettings holds the garbage collector's settings the binary starts
// with when the operator set none: Go's defaults suit a program whose live
// heap is large, this one's is small (about 10 MB) and its pages allocate
// several hundred KB each.
package gcsettings
