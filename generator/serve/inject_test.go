package serve

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// injectCases are pages and where Inject must put "HEAD" and "BODY". They
// also seed FuzzInject.
var injectCases = []struct{ name, in, want string }{
	{"plain", "<html><head><title>x</title></head><body class=\"a\"><p>1</p></body></html>", "<html><head><title>x</title>HEAD</head><body class=\"a\">BODY<p>1</p></body></html>"},
	{"upper case tags", "<HTML><HEAD></HEAD><BODY>x</BODY>", "<HTML><HEAD>HEAD</HEAD><BODY>BODYx</BODY>"},
	{"mixed case tags with spaces", "<Html><HeAd></hEaD ><Body\n\tclass=x>y", "<Html><HeAd>HEAD</hEaD ><Body\n\tclass=x>BODYy"},
	{"fragment", "<p>fragment</p>", "HEADBODY<p>fragment</p>"},
	{"empty page", "", "HEADBODY"},

	// bytes.ToLower changes the length of these: the places must not move.
	{"kelvin sign", "<head><title>\u212A\u212A</title></head><body>x</body>", "<head><title>\u212A\u212A</title>HEAD</head><body>BODYx</body>"},
	{"dotted capital I", "<head><title>İstanbul İ</title></head><body>İ</body>", "<head><title>İstanbul İ</title>HEAD</head><body>BODYİ</body>"},
	{"invalid UTF-8", "<head>\xff\xfe<title>\xe4</title>\xc3</head>\xff<body\xfe>\xfe", "<head>\xff\xfe<title>\xe4</title>\xc3HEAD</head>\xff<body\xfe>\xfeBODY"},
	{"invalid UTF-8 body", "<head>\xff\xfe</head>\xff<body>\xfe", "<head>\xff\xfeHEAD</head>\xff<body>BODY\xfe"},

	// A "</head>" or "<body>" that is not a tag does not count.
	{"comment", "<head><!-- </head><body> --></head><body>x", "<head><!-- </head><body> -->HEAD</head><body>BODYx"},
	{"empty comments", "<head><!--></head><!---></head><body>", "<head><!-->HEAD</head><!---></head><body>BODY"},
	{"comment closed by --!>", "<head><!-- </head> --!></head><body>", "<head><!-- </head> --!>HEAD</head><body>BODY"},
	{"unclosed comment", "<head><!-- </head><body>", "HEADBODY<head><!-- </head><body>"},
	{"bogus comment", "<head><? </head ?></head><body>", "<head><? </head ?>HEAD</head><body>BODY"},
	{"script text", "<head><script>var s = \"</head><body>\";</script></head><body>", "<head><script>var s = \"</head><body>\";</script>HEAD</head><body>BODY"},
	{"upper case script", "<head><SCRIPT type=module>'</head>'</SCRIPT ></head><body>", "<head><SCRIPT type=module>'</head>'</SCRIPT >HEAD</head><body>BODY"},
	{"script closed only by its own end tag", "<head><script>'</scripts></head>'</script></head><body>", "<head><script>'</scripts></head>'</script>HEAD</head><body>BODY"},
	{"unclosed script", "<head><script></head><body>", "HEADBODY<head><script></head><body>"},
	{"style text", "<head><style>/* </head> */</style></head><body>", "<head><style>/* </head> */</style>HEAD</head><body>BODY"},
	{"title text", "<head><title></head></title></head><body>", "<head><title></head></title>HEAD</head><body>BODY"},
	{"attribute value", "<head><meta content=\"</head>\"><meta content='<body>'></head><body>", "<head><meta content=\"</head>\"><meta content='<body>'>HEAD</head><body>BODY"},
	{"'>' in a body attribute", "<head></head><body data-x=\"a>b\" id=c>x", "<head>HEAD</head><body data-x=\"a>b\" id=c>BODYx"},
	{"other tags", "<header></header><body-x>", "HEADBODY<header></header><body-x>"},
	{"kelvin sign is no k", "<head></head><\u212Abody>", "<head>HEAD</head><\u212Abody>BODY"},

	// Missing tags: the policy of Inject's comment.
	{"no head", "<body><p>x</p></body>", "HEADBODY<body><p>x</p></body>"},
	{"no body", "<head></head><p>x</p>", "<head>HEAD</head><p>x</p>BODY"},
	{"body before the head end", "<body></head>", "<body>HEAD</head>BODY"},
	{"cut off head end tag", "<head></head", "HEADBODY<head></head"},
	{"cut off body tag", "<head></head><body class='x>", "<head>HEAD</head><body class='x>BODY"},
}

func TestInject(t *testing.T) {
	for _, tt := range injectCases {
		got := Inject([]byte(tt.in), []byte("HEAD"), []byte("BODY"))
		if string(got) != tt.want {
			t.Errorf("%s: Inject(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
		if back := uninject(got, []byte(tt.in), []byte("HEAD"), []byte("BODY")); !bytes.Equal(back, []byte(tt.in)) {
			t.Errorf("%s: without the inserted text, Inject(%q) is %q", tt.name, tt.in, back)
		}
	}
}

// uninject removes from out what Inject(page, head, body) inserted, at the
// places Inject chose; nil if head or body is not there.
func uninject(out, page, head, body []byte) []byte {
	h, b := places(page)
	b += len(head)
	if len(out) != len(page)+len(head)+len(body) || !bytes.Equal(out[h:h+len(head)], head) || !bytes.Equal(out[b:b+len(body)], body) {
		return nil
	}
	back := append([]byte{}, out[:h]...)
	back = append(back, out[h+len(head):b]...)
	return append(back, out[b+len(body):]...)
}

func FuzzInject(f *testing.F) {
	for _, tt := range injectCases {
		f.Add([]byte(tt.in))
	}
	// NUL bytes mark the inserted text, so that it is found exactly once
	// in any page without one.
	head, body := []byte("\x00HEAD\x00"), []byte("\x00BODY\x00")
	f.Fuzz(func(t *testing.T, page []byte) {
		in := bytes.Clone(page)
		out := Inject(page, head, body)
		if !bytes.Equal(page, in) {
			t.Fatalf("Inject changed its argument")
		}
		h, b := places(page)
		if h < 0 || h > b || b > len(page) {
			t.Fatalf("places(%q) = %d, %d", page, h, b)
		}
		if back := uninject(out, page, head, body); !bytes.Equal(back, page) {
			t.Fatalf("Inject(%q) = %q: not the page with the inserted text", page, out)
		}
		if !bytes.Contains(page, []byte{0}) && (bytes.Count(out, head) != 1 || bytes.Count(out, body) != 1) {
			t.Fatalf("Inject(%q) = %q: inserted text not there exactly once", page, out)
		}
		// Each place is the start of the page, its end, the '<' of a
		// </head> tag or just after a '>': never inside a character.
		if h != 0 && !equalFold(page[h:h+len("</head")], "</head") {
			t.Fatalf("places(%q): head at %d, not at </head>", page, h)
		}
		if b != 0 && b != len(page) && page[b-1] != '>' {
			t.Fatalf("places(%q): body at %d, not after a tag", page, b)
		}
		if utf8.Valid(page) && !utf8.Valid(out) {
			t.Fatalf("Inject(%q) = %q: a character split", page, out)
		}
	})
}
