//go:build !linux

package stamp

import "errors"

func unixMkfifo(p string) error { return errors.New("no named pipes here") }
