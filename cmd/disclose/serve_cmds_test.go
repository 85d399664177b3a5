package main

import (
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// Commands for the serve scripts.
func init() {
	scriptCmds["freeport"] = cmdFreeport
	scriptCmds["httpwait"] = cmdHTTPWait
}

// freeport NAME sets $NAME to a TCP port on 127.0.0.1 that is free now.
func cmdFreeport(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: freeport NAME")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := ln.Addr().(*net.TCPAddr).Port
	ts.Check(ln.Close())
	ts.Setenv(args[0], strconv.Itoa(port))
}

// httpwaitTimeout bounds each httpwait: the server must have started (or
// rebuilt) and answered by then.
const httpwaitTimeout = 20 * time.Second

// httpwait [-status N] URL REGEXP gets URL again and again until the
// answer has status N (default 200) and its body matches REGEXP; with !,
// until it has status N and does not match. It fails after 20 s, showing
// the last answer.
func cmdHTTPWait(ts *testscript.TestScript, neg bool, args []string) {
	status := 200
	if len(args) == 4 && args[0] == "-status" {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		status, args = n, args[2:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: [!] httpwait [-status N] URL REGEXP")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	deadline := time.Now().Add(httpwaitTimeout)
	last := "no answer"
	for {
		res, err := client.Get(args[0])
		if err == nil {
			body, rerr := io.ReadAll(res.Body)
			res.Body.Close()
			if rerr == nil {
				if res.StatusCode == status && re.Match(body) != neg {
					return
				}
				last = res.Status + "\n" + string(body)
			}
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			want := "matching"
			if neg {
				want = "not matching"
			}
			ts.Fatalf("no answer %d %s %q from %s within %s; last:\n%s", status, want, args[1], args[0], httpwaitTimeout, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
