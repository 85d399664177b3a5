package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"

	"github.com/disclose-portal/disclose/generator/i18n"
)

// msg renders a message of the command line in the command's language.
func (c *common) msg(key string, args ...any) string { return i18n.Sprintf(c.lang, key, args...) }

// langOf is the language of the messages: --lang (or -lang) among args,
// else the locale's (LC_ALL, LC_MESSAGES, LANG starting with "en" is
// English), else Chinese. It is worked out before the flags are parsed,
// so that the flags' help is in it too.
func langOf(args []string, getenv func(string) string) i18n.Lang {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			value = args[i+1]
		}
		if l, ok := i18n.Parse(value); ok {
			return l
		}
	}
	return i18n.FromEnv(getenv)
}

// langFlag registers --lang, already read by langOf; a value that is no
// language is an error of the command line.
func langFlag(fs *flag.FlagSet, lang i18n.Lang) {
	fs.Func("lang", i18n.Sprintf(lang, "flag.lang"), func(s string) error {
		if _, ok := i18n.Parse(s); !ok {
			return errors.New(i18n.Sprintf(lang, "cli.bad_lang", s))
		}
		return nil
	})
	fs.SetOutput(flagOutput{w: fs.Output(), lang: lang})
	name := strings.TrimPrefix(fs.Name(), "disclose ")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), i18n.Sprintf(lang, "cli.flags_of", name))
		printDefaults(fs, lang)
	}
}

// printDefaults is flag.PrintDefaults with its words in lang. A flag's
// value is named by the `word` its help quotes, in the help's language
// (-source 文件夹, not the flag package's English -source string); a
// shorthand (-s) has no such word, so it takes the one of the flag it
// shares its value with.
func printDefaults(fs *flag.FlagSet, lang i18n.Lang) {
	// Only values of a comparable type can be shared (a pointer); the
	// value of a flag.Func is a func, which cannot be a key.
	shareable := func(f *flag.Flag) bool { return reflect.TypeOf(f.Value).Comparable() }
	named := map[flag.Value]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if strings.Contains(f.Usage, "`") && shareable(f) {
			named[f.Value], _ = flag.UnquoteUsage(f)
		}
	})
	fs.VisitAll(func(f *flag.Flag) {
		kind, usage := flag.UnquoteUsage(f)
		if kind != "" && !strings.Contains(f.Usage, "`") && shareable(f) {
			if n, ok := named[f.Value]; ok {
				kind = n
			}
		}
		line := "  -" + f.Name
		if kind != "" {
			line += " " + kind
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			line += i18n.Sprintf(lang, "cli.flag_default", f.DefValue)
		}
		fmt.Fprintln(fs.Output(), line)
	})
}

// flagErrors are the flag package's messages, said in the catalogue.
var flagErrors = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^flag provided but not defined: (-\S+)$`), "cli.flag_undefined"},
	{regexp.MustCompile(`^flag needs an argument: (-\S+)$`), "cli.flag_needs_value"},
	{regexp.MustCompile(`^invalid value ("(?:[^"\\]|\\.)*") for flag (-\S+): (.*)$`), "cli.flag_invalid"},
	{regexp.MustCompile(`^invalid boolean value ("(?:[^"\\]|\\.)*") for (-\S+): (.*)$`), "cli.flag_invalid"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "cli.flag_syntax"},
}

// flagOutput is where a flag set writes: the flag package's own error
// messages are said in the editor's language, the rest passes as it is.
type flagOutput struct {
	w    io.Writer
	lang i18n.Lang
}

func (o flagOutput) Write(p []byte) (int, error) {
	line := strings.TrimSuffix(string(p), "\n")
	for _, e := range flagErrors {
		if m := e.re.FindStringSubmatch(line); m != nil {
			args := make([]any, len(m)-1)
			for i, s := range m[1:] {
				args[i] = s
			}
			if _, err := fmt.Fprintln(o.w, i18n.Sprintf(o.lang, e.key, args...)); err != nil {
				return 0, err
			}
			return len(p), nil
		}
	}
	return o.w.Write(p)
}
