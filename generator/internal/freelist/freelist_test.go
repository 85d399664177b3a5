package freelist

import (
	"runtime"
	"testing"
)

func TestTakeGive(t *testing.T) {
	l := New[*int](2)
	if _, ok := l.Take(); ok {
		t.Fatal("a new list gave a value")
	}
	want := runtime.GOMAXPROCS(0) * 2
	vals := make([]*int, want+1)
	for i := range vals {
		vals[i] = new(int)
		l.Give(vals[i])
	}
	if len(l) != want {
		t.Fatalf("holds %d, want %d (the last one let go)", len(l), want)
	}
	for i := range want {
		v, ok := l.Take()
		if !ok || v != vals[i] {
			t.Fatalf("take %d: %p %v, want %p", i, v, ok, vals[i])
		}
	}
	if _, ok := l.Take(); ok {
		t.Fatal("an emptied list gave a value")
	}
}
