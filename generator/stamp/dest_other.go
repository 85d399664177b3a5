//go:build !linux

package stamp

// folderDigest digests the files under one top-level folder of dest.
func folderDigest(dest, folder string) (string, error) { return folderDigestWalk(dest, folder) }

// folderDigestListed is folderDigest; it lists no files (Keep walks).
func folderDigestListed(dest, folder string, list bool) (string, []string, error) {
	sum, err := folderDigestWalk(dest, folder)
	return sum, nil, err
}
