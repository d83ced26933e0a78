//go:build !linux

package store

// freeBytes is unknown here (-1): the database's own limits are all there is to go by.
func freeBytes(string) int64 { return -1 }
