//go:build linux

package store

import "syscall"

// freeBytes is the space left to an unprivileged writer on the file system
// holding dir, or -1 when it cannot be read.
func freeBytes(dir string) int64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return -1
	}
	return int64(st.Bavail) * st.Bsize
}
