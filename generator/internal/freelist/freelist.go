// Package freelist keeps a few values (buffers, maps, scratch documents)
// for reuse from one report to the next. A build collects garbage every
// few reports, and a sync.Pool is emptied at each collection, so what it
// held was allocated and grown again; a bounded channel keeps them.
package freelist

import "runtime"

// List holds up to its capacity of values given back and not yet taken
// again. It is a channel, so len and cap say how many it holds and may.
type List[T any] chan T

// New is a list of perCore values for each core: as many as the reports
// worked on at once, with room to spare.
func New[T any](perCore int) List[T] {
	return make(List[T], perCore*runtime.GOMAXPROCS(0))
}

// Take returns a value given back, if there is one.
func (l List[T]) Take() (T, bool) {
	select {
	case v := <-l:
		return v, true
	default:
		var zero T
		return zero, false
	}
}

// Give keeps v for a later Take, or lets it go when the list is full.
func (l List[T]) Give(v T) {
	select {
	case l <- v:
	default:
	}
}
