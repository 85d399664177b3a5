//go:build !linux

package stamp

// folderDigest digests the files under one top-level folder of dest.
func folderDigest(dest, folder string) (string, error) { return folderDigestWalk(dest, folder) }
