package i18n

import (
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/message/catalog"
)

// pluralSelect chooses between one and other by the first argument.
func pluralSelect(one, other string) catalog.Message {
	return plural.Selectf(1, "%d", "=1", one, plural.Other, other)
}
