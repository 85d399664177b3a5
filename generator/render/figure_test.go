package render

import (
	"testing"
	"unsafe"
)

// A figure's two flags share one word: 88 bytes, not 96 (a report's
// views hold a dozen figures a project until its page is written).
func TestFigureSize(t *testing.T) {
	if n := unsafe.Sizeof(Figure{}); n != 88 {
		t.Errorf("a figure is %d bytes, want 88", n)
	}
}
