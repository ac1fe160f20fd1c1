package memvec

import (
	"os"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"
)

// releaseMapped tells the kernel that the pages of the bbolt file mapped
// while loading are no longer needed by this process (madvise
// MADV_DONTNEED on the read-only shared mapping): they leave its resident
// set and stay in the page cache, and the few that searches read (the hits'
// chunks) are mapped back on demand. Without this the whole file, read
// once at Open, counts in the process's RSS. Best effort.
func releaseMapped(db *bolt.DB) {
	st, err := os.Stat(db.Path())
	if err != nil || st.Size() == 0 {
		return
	}
	page := int64(os.Getpagesize())
	n := (st.Size() + page - 1) / page * page // bbolt maps at least the file
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, db.Info().Data, uintptr(n), unix.MADV_DONTNEED)
}
