package serve

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"
)

// client is one open page listening for events.
type client struct {
	page string      // the output path the page shows
	ch   chan string // events to send; closed when the hub drops it
}

// clientBuffer is how many events a client may lag behind before the hub
// drops it: one reload is all a page needs, so a client that has not
// taken several is stuck.
const clientBuffer = 4

// hub is the one goroutine that owns the set of clients: registering,
// unregistering and notifying go through it, so that many tabs and slow
// clients never hold up a rebuild.
type hub struct {
	add     chan *client
	remove  chan *client
	notices chan notice
	started chan struct{}
	done    chan struct{}
	pages   chan chan []string
}

type notice struct {
	affected func(page string) bool
	gen      uint64
	reply    chan int
}

func newHub() *hub {
	return &hub{
		add:     make(chan *client),
		remove:  make(chan *client),
		notices: make(chan notice),
		pages:   make(chan chan []string),
		started: make(chan struct{}),
		done:    make(chan struct{}),
	}
}

// Run runs the event hub until ctx is done, then closes every event
// stream so that their handlers return.
func (s *Server) Run(ctx context.Context) { s.hub.run(ctx) }

func (h *hub) run(ctx context.Context) {
	clients := map[*client]bool{}
	close(h.started)
	defer func() {
		for c := range clients {
			close(c.ch)
		}
		close(h.done)
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-h.add:
			clients[c] = true
		case c := <-h.remove:
			delete(clients, c)
		case reply := <-h.pages:
			var pages []string
			for c := range clients {
				pages = append(pages, c.page)
			}
			reply <- pages
		case n := <-h.notices:
			sent := 0
			msg := strconv.FormatUint(n.gen, 10)
			for c := range clients {
				if !n.affected(c.page) {
					continue
				}
				select {
				case c.ch <- msg:
					sent++
				default: // too slow: drop it; its browser reconnects and catches up
					close(c.ch)
					delete(clients, c)
				}
			}
			n.reply <- sent
		}
	}
}

// register adds a client; false when the hub has stopped.
func (h *hub) register(c *client) bool {
	select {
	case h.add <- c:
		return true
	case <-h.done:
		return false
	}
}

func (h *hub) unregister(c *client) {
	select {
	case h.remove <- c:
	case <-h.done:
	}
}

// notify tells the affected clients to reload and returns how many were
// told. Before Run has started there are no clients.
func (h *hub) notify(affected func(page string) bool, gen uint64) int {
	select {
	case <-h.started:
	default:
		return 0
	}
	reply := make(chan int, 1)
	select {
	case h.notices <- notice{affected: affected, gen: gen, reply: reply}:
		return <-reply
	case <-h.done:
		return 0
	}
}

// Clients counts the open event streams (for tests and the terminal).
func (s *Server) Clients() int { return len(s.openPages()) }

// OpenPages tells which pages browsers show now, by output path.
func (s *Server) OpenPages() map[string]bool {
	open := map[string]bool{}
	for _, p := range s.openPages() {
		open[p] = true
	}
	return open
}

// openPages lists the page of each client.
func (s *Server) openPages() []string {
	reply := make(chan []string, 1)
	select {
	case s.hub.pages <- reply:
		return <-reply
	case <-s.hub.done:
		return nil
	}
}

// heartbeat is how often an idle event stream sends a comment, so that a
// closed browser is noticed and proxies keep the stream open.
var heartbeat = 20 * time.Second

// writeTimeout bounds each write to an event stream: a client that does
// not read is dropped rather than holding its handler forever.
const writeTimeout = 10 * time.Second

// serveEvents is the server-sent events stream of one page. The page
// sends the token of the version it shows; when that is not the current
// one (the page changed between its load and this request, or the server
// restarted), it is told to reload at once.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c := &client{page: q.Get("page"), ch: make(chan string, clientBuffer)}
	if !s.hub.register(c) {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unregister(c)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	send := func(text string) bool {
		rc.SetWriteDeadline(time.Now().Add(writeTimeout)) // not every writer supports it
		if _, err := io.WriteString(w, text); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	// Registered first, compared second: an update in between is either
	// seen here or notified through the hub.
	first := "retry: 1000\n: connected\n\n"
	if tok := q.Get("token"); tok != s.token(c.page) {
		first += "event: reload\ndata: stale\n\n"
	}
	if !send(first) {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg, ok := <-c.ch:
			if !ok {
				return
			}
			if !send("event: reload\ndata: " + msg + "\n\n") {
				return
			}
		case <-tick.C:
			if !send(": ping\n\n") {
				return
			}
		}
	}
}
