// Package i18n holds the messages editors read (problems, hints, the
// command line's summaries and help) in Chinese and in English, and
// renders them in the language the editor chose. Messages are kept as a
// key and arguments (Text) until they are printed, so that one list of
// problems can be shown in either language, and each catalogue lives in
// one file (zh.go, en.go) rather than in strings scattered through the
// code.
package i18n

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Lang is a language messages are shown in.
type Lang int

const (
	// Zh is Simplified Chinese, the default: editors are clerks of a
	// Chinese bureau.
	Zh Lang = iota
	// En is English.
	En
)

// Langs are the languages there are catalogues for.
var Langs = []Lang{Zh, En}

func (l Lang) String() string {
	if l == En {
		return "en"
	}
	return "zh"
}

func (l Lang) tag() language.Tag {
	if l == En {
		return language.English
	}
	return language.Chinese
}

// Parse reads a language name: zh (zh-CN, zh_CN.UTF-8…) or en (en-US…).
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "zh" || strings.HasPrefix(s, "zh-") || strings.HasPrefix(s, "zh_") || strings.HasPrefix(s, "zh."):
		return Zh, true
	case s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en."):
		return En, true
	}
	return Zh, false
}

// FromEnv is the language the locale asks for: English when the first
// of LC_ALL, LC_MESSAGES and LANG that is set (the POSIX order) starts
// with "en", else Chinese.
func FromEnv(getenv func(string) string) Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "en") {
				return En
			}
			return Zh
		}
	}
	return Zh
}

// Text is a message by its key in the catalogue with its arguments, or a
// literal (Key empty) that reads the same in every language: a key name,
// a figure, a name from the file. It is rendered only when printed.
type Text struct {
	Key  string `json:"key,omitempty"`
	Lit  string `json:"lit,omitempty"`
	Args []Text `json:"args,omitempty"`
}

// T is the message key with args. A Text argument is rendered in the same
// language; a string is a literal; an int is written in digits; anything
// else is formatted with fmt.
func T(key string, args ...any) Text {
	t := Text{Key: key}
	if len(args) > 0 {
		// Of its size at once: the checks make a text for every row of
		// every report, and appending grew the slice one step an argument.
		t.Args = make([]Text, len(args))
		for i, a := range args {
			t.Args[i] = Arg(a)
		}
	}
	return t
}

// Lit is a literal text, the same in every language.
func Lit(s string) Text { return Text{Lit: s} }

// Arg turns a value into a Text argument (see T).
func Arg(a any) Text {
	switch x := a.(type) {
	case Text:
		return x
	case string:
		return Lit(x)
	case int:
		return Lit(strconv.Itoa(x))
	case int64:
		return Lit(strconv.FormatInt(x, 10))
	case error:
		return Lit(x.Error())
	}
	return Lit(fmt.Sprint(a))
}

// IsZero reports whether t is empty (no message, e.g. no hint).
func (t Text) IsZero() bool { return t.Key == "" && t.Lit == "" && len(t.Args) == 0 }

// Equal reports whether two texts are the same message.
func (t Text) Equal(u Text) bool {
	if t.Key != u.Key || t.Lit != u.Lit || len(t.Args) != len(u.Args) {
		return false
	}
	for i := range t.Args {
		if !t.Args[i].Equal(u.Args[i]) {
			return false
		}
	}
	return true
}

// Compare orders texts by key, literal, then arguments: a stable order
// that needs no rendering.
func (t Text) Compare(u Text) int {
	if c := strings.Compare(t.Key, u.Key); c != 0 {
		return c
	}
	if c := strings.Compare(t.Lit, u.Lit); c != 0 {
		return c
	}
	for i := 0; i < len(t.Args) && i < len(u.Args); i++ {
		if c := t.Args[i].Compare(u.Args[i]); c != 0 {
			return c
		}
	}
	return len(t.Args) - len(u.Args)
}

// In renders t in lang.
func (t Text) In(lang Lang) string {
	if t.Key == "" {
		return t.Lit
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		args[i] = a.In(lang)
	}
	return Sprintf(lang, t.Key, args...)
}

// The catalogue: every key in every language, registered by the files
// that hold the messages (zh.go, en.go, and those of other packages).
var (
	mu      sync.Mutex
	builder = catalog.NewBuilder(catalog.Fallback(language.Chinese))
	keys    = map[Lang]map[string]string{Zh: {}, En: {}}
	plurals = map[string]bool{} // keys with a plural form: one count argument
	printer = map[Lang]*message.Printer{}
)

// Register adds the messages of one language, key → fmt format. Formats
// should take their arguments as strings (%s, %q; a Text argument is
// rendered before it is formatted). A key registered twice panics: two
// packages would be fighting over one message.
func Register(lang Lang, msgs map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	for k, m := range msgs {
		add(lang, k, m)
		if err := builder.SetString(lang.tag(), k, m); err != nil {
			panic(err)
		}
	}
}

// RegisterPlural adds one message of a language that needs a plural
// form ("1 bureau", "2 bureaus"): format %d with the count is chosen by
// the count's plural category, one ("=1") or "other".
func RegisterPlural(lang Lang, key, one, other string) {
	mu.Lock()
	defer mu.Unlock()
	add(lang, key, one+" | "+other)
	plurals[key] = true
	var m catalog.Message = catalog.String(other)
	if one != other {
		m = pluralSelect(one, other)
	}
	if err := builder.Set(lang.tag(), key, m); err != nil {
		panic(err)
	}
}

func add(lang Lang, key, text string) {
	if _, dup := keys[lang][key]; dup {
		panic("i18n: message " + key + " registered twice for " + lang.String())
	}
	keys[lang][key] = text
}

// Sprintf formats the message key in lang with args as they are (an int
// count chooses a plural form).
func Sprintf(lang Lang, key string, args ...any) string {
	mu.Lock()
	p := printer[lang]
	if p == nil {
		p = message.NewPrinter(lang.tag(), message.Catalog(builder))
		printer[lang] = p
	}
	mu.Unlock()
	return p.Sprintf(key, args...)
}

// Keys lists the registered keys of lang with their formats (the plural
// ones as "one | other"), sorted by key.
func Keys(lang Lang) []string {
	mu.Lock()
	defer mu.Unlock()
	out := make([]string, 0, len(keys[lang]))
	for k := range keys[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Format is the registered format of key in lang ("" when there is none).
func Format(lang Lang, key string) (string, bool) {
	mu.Lock()
	defer mu.Unlock()
	f, ok := keys[lang][key]
	return f, ok
}

// Plural reports whether key was registered with RegisterPlural: it
// takes one count, and its format (Format) lists both forms.
func Plural(key string) bool {
	mu.Lock()
	defer mu.Unlock()
	return plurals[key]
}

var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*[0-9]*(?:\.[0-9]+)?([a-zA-Z%])`)

// Arity is how many arguments a format takes: the highest argument it
// refers to.
func Arity(format string) int {
	n, next := 0, 1
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
		}
		next = i + 1
		n = max(n, i)
	}
	return n
}

// Row names a row of a table as the editor sees it: kind (a row.* key)
// with its name and id where it has them (项目「商事制度改革」(id =
// business-registration)), else by its place n, counted from 1 (第3个项目).
func Row(kind string, n int, name, id string) Text {
	switch {
	case name != "" && id != "":
		return T("row.named_id", T(kind), name, id)
	case name != "":
		return T("row.named", T(kind), name)
	case id != "":
		return T("row.id", T(kind), id)
	}
	return T("row.nth", T(kind), n)
}

// Within names inner inside outer (项目「…」的指标「…」); inner alone when
// outer is zero.
func Within(outer, inner Text) Text {
	if outer.IsZero() {
		return inner
	}
	return T("row.within", outer, inner)
}

// What is the description of a key (what the key holds, as a table of the
// report prints it), from the table in whats.go.
func What(s string) Text { return T("what." + s) }
