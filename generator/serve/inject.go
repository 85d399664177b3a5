package serve

// Inject puts head before the page's </head> tag and body right after its
// <body> tag. Without a </head>, both go at the start of the page; with a
// </head> but no <body> tag after it, body goes at the end.
//
// The page is read as it is, never a lowered copy: bytes.ToLower changes
// the length of some characters (U+212A KELVIN SIGN becomes ASCII 'k',
// invalid bytes become U+FFFD), so offsets found in a copy do not fit the
// page. Tag names are matched folding ASCII letters only, as HTML does, and
// both places are on an ASCII '<' or just after an ASCII '>', so nothing
// inserted can split a character. The output is the page with head and
// body inserted and no other byte changed.
func Inject(page, head, body []byte) []byte {
	h, b := places(page)
	out := make([]byte, 0, len(page)+len(head)+len(body))
	out = append(out, page[:h]...)
	out = append(out, head...)
	out = append(out, page[h:b]...)
	out = append(out, body...)
	out = append(out, page[b:]...)
	return out
}

// places returns where Inject puts head and body, h <= b.
func places(page []byte) (h, b int) {
	headEnd, bodyIn := scan(page)
	switch {
	case headEnd >= 0 && bodyIn > headEnd:
		return headEnd, bodyIn
	case headEnd >= 0:
		return headEnd, len(page)
	default:
		return 0, 0
	}
}

// rawText lists the elements whose content the HTML tokenizer reads as
// text up to their own end tag: a "</head>" written inside a script's
// string or a style's comment is not the end of the head.
var rawText = []string{"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}

// scan walks the page the way an HTML tokenizer does, far enough to tell
// markup from text, and returns the offset of the '<' of the first </head>
// end tag and the offset just after the '>' of the first <body> start
// tag, -1 for what it does not find. Comments, doctypes and the attribute
// values of other tags are skipped, so a "</head>" in them does not count.
func scan(page []byte) (headEnd, bodyIn int) {
	headEnd, bodyIn = -1, -1
	for i := 0; i < len(page) && (headEnd < 0 || bodyIn < 0); {
		if page[i] != '<' {
			i++
			continue
		}
		rest := page[i+1:]
		switch {
		case hasPrefix(rest, "!--"):
			i = commentEnd(page, i+4)
		case len(rest) > 0 && (rest[0] == '!' || rest[0] == '?'):
			// Doctype, CDATA or bogus comment: it ends at the first '>'.
			i = after(page, i+2, '>')
		case len(rest) > 1 && rest[0] == '/' && isAlpha(rest[1]):
			name, end := tagName(page, i+2)
			end = tagEnd(page, end)
			// A tag cut off by the end of the page is dropped by the
			// tokenizer: it does not count.
			if headEnd < 0 && end <= len(page) && equalFold(name, "head") {
				headEnd = i
			}
			i = end
		case len(rest) > 1 && rest[0] == '/':
			// "</>" is dropped; "</" and anything else but a letter
			// starts a bogus comment, which ends at the first '>'.
			i = after(page, i+2, '>')
		case len(rest) > 0 && isAlpha(rest[0]):
			name, end := tagName(page, i+1)
			i = tagEnd(page, end)
			if i > len(page) {
				return headEnd, bodyIn // cut off, as above
			}
			if bodyIn < 0 && equalFold(name, "body") {
				bodyIn = i
			}
			for _, raw := range rawText {
				if equalFold(name, raw) {
					i = rawTextEnd(page, i, raw)
					break
				}
			}
		default:
			// A '<' not followed by a letter, '/', '!' or '?' is text.
			i++
		}
	}
	return headEnd, bodyIn
}

// commentEnd returns the offset after the comment whose text starts at i
// (just after "<!--"), len(page) when it is not closed. As in HTML, "-->"
// and "--!>" close a comment, and "<!-->" and "<!--->" are empty comments.
func commentEnd(page []byte, i int) int {
	if hasPrefix(page[i:], ">") {
		return i + 1
	}
	if hasPrefix(page[i:], "->") {
		return i + 2
	}
	for j := i; j < len(page); j++ {
		if hasPrefix(page[j:], "-->") {
			return j + 3
		}
		if hasPrefix(page[j:], "--!>") {
			return j + 4
		}
	}
	return len(page)
}

// tagName returns the tag name starting at i and the offset after it: as
// in HTML, it runs up to white space, '/' or '>'.
func tagName(page []byte, i int) ([]byte, int) {
	j := i
	for j < len(page) && !isSpace(page[j]) && page[j] != '/' && page[j] != '>' {
		j++
	}
	return page[i:j], j
}

// tagEnd skips the attributes of a tag from i and returns the offset after
// its closing '>', or len(page)+1 when the page ends inside the tag. A '>'
// in a quoted attribute value does not close the tag; a quote counts only
// where a value starts, just after '=', as in HTML.
func tagEnd(page []byte, i int) int {
	for {
		for i < len(page) && (isSpace(page[i]) || page[i] == '/') {
			i++
		}
		if i >= len(page) {
			return len(page) + 1
		}
		if page[i] == '>' {
			return i + 1
		}
		// The attribute name: a leading '=' belongs to it.
		i++
		for i < len(page) && !isSpace(page[i]) && page[i] != '/' && page[i] != '>' && page[i] != '=' {
			i++
		}
		for i < len(page) && isSpace(page[i]) {
			i++
		}
		if i >= len(page) || page[i] != '=' {
			continue
		}
		i++
		for i < len(page) && isSpace(page[i]) {
			i++
		}
		if i >= len(page) {
			return len(page) + 1
		}
		switch q := page[i]; q {
		case '"', '\'':
			i = after(page, i+1, q)
			if i > len(page) {
				return i
			}
		case '>':
			// A missing value: the '>' still closes the tag.
		default:
			for i < len(page) && !isSpace(page[i]) && page[i] != '>' {
				i++
			}
		}
	}
}

// rawTextEnd returns the offset of the end tag "</name" that closes the
// raw text starting at i, or len(page) when the text runs to the end. Like
// the tokenizer, it does not model the escaped states of script text
// ("<!--" ... "<script>" inside a script), which pages seldom use.
func rawTextEnd(page []byte, i int, name string) int {
	for ; i < len(page); i++ {
		if page[i] != '<' || !hasPrefix(page[i+1:], "/") {
			continue
		}
		j := i + 2 + len(name)
		if j <= len(page) && equalFold(page[i+2:j], name) && (j == len(page) || isSpace(page[j]) || page[j] == '/' || page[j] == '>') {
			return i
		}
	}
	return len(page)
}

// after returns the offset after the first c at or after i, or
// len(page)+1 when there is none.
func after(page []byte, i int, c byte) int {
	for ; i < len(page); i++ {
		if page[i] == c {
			return i + 1
		}
	}
	return len(page) + 1
}

// hasPrefix reports whether b starts with the ASCII string s, exactly.
func hasPrefix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[:len(s)]) == s
}

// equalFold reports whether b equals the lower-case ASCII name, folding
// only A-Z: HTML tag names fold no other letter, and folding more (as
// bytes.EqualFold does, 'K' with U+212A) would match tags a browser does
// not see.
func equalFold(b []byte, name string) bool {
	if len(b) != len(name) {
		return false
	}
	for i := range len(b) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[i] {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isSpace reports HTML white space: tab, line feed, form feed, carriage
// return and space.
func isSpace(c byte) bool {
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}
