package opendata

import (
	"regexp"
	"strings"
)

var ccLicense = regexp.MustCompile(`^CC-(BY(?:-NC)?(?:-SA|-ND)?)-([0-9]\.[0-9])$`)

// LicenseURL is the address of a license's text for the usual SPDX ids of
// open-data licenses (CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, …), the license
// itself when it is a URL, else "" (search engines and Frictionless want
// a URL; a name alone stays in the name field).
func LicenseURL(l string) string {
	switch {
	case strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://"):
		return l
	case strings.EqualFold(l, "CC0-1.0"):
		return "https://creativecommons.org/publicdomain/zero/1.0/"
	case strings.EqualFold(l, "PDDL-1.0") || strings.EqualFold(l, "ODC-PDDL-1.0"):
		return "https://opendatacommons.org/licenses/pddl/1-0/"
	case strings.EqualFold(l, "ODbL-1.0") || strings.EqualFold(l, "ODC-ODbL-1.0"):
		return "https://opendatacommons.org/licenses/odbl/1-0/"
	}
	if m := ccLicense.FindStringSubmatch(strings.ToUpper(l)); m != nil {
		return "https://creativecommons.org/licenses/" + strings.ToLower(m[1]) + "/" + m[2] + "/"
	}
	return ""
}
