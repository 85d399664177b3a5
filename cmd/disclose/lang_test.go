package main

import (
	"testing"

	"github.com/disclose-portal/disclose/generator/i18n"
)

// Chinese unless --lang or the locale asks for English; --lang wins, and
// LC_ALL, LC_MESSAGES, LANG are asked in that order. (The cases of
// disclose import's own language choice, before it used langOf.)
func TestLangOf(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		want i18n.Lang
	}{
		{nil, nil, i18n.Zh},
		{nil, map[string]string{"LANG": "zh_CN.UTF-8"}, i18n.Zh},
		{nil, map[string]string{"LANG": "en_US.UTF-8"}, i18n.En},
		{nil, map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, i18n.En},
		{nil, map[string]string{"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, i18n.Zh},
		{nil, map[string]string{"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, i18n.En},
		{[]string{"x.xlsx", "--lang", "zh"}, map[string]string{"LC_ALL": "en_US.UTF-8"}, i18n.Zh},
		{[]string{"--lang=en", "x.xlsx"}, map[string]string{"LANG": "zh_CN.UTF-8"}, i18n.En},
		{[]string{"-lang", "en"}, nil, i18n.En},
		// Not a language: the locale's, and the flag set says what is wrong.
		{[]string{"--lang", "fr"}, map[string]string{"LANG": "en_US.UTF-8"}, i18n.En},
		// After --, --lang is an argument, not the flag.
		{[]string{"--", "--lang", "en"}, nil, i18n.Zh},
	} {
		getenv := func(k string) string { return c.env[k] }
		if got := langOf(c.args, getenv); got != c.want {
			t.Errorf("langOf(%q) with %v = %s, want %s", c.args, c.env, got, c.want)
		}
	}
}
