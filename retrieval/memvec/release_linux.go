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
//
// The length is the data's high-water mark (Tx.Size), which bbolt always
// keeps mapped; not the file size, which can run ahead of the mapping by
// bbolt's allocation step, where madvise would hit other mappings. Callers
// hold the writer lock (or are in Open), so no commit remaps meanwhile.
func releaseMapped(db *bolt.DB) {
	var n int64
	if err := db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil }); err != nil || n <= 0 {
		return
	}
	page := int64(os.Getpagesize())
	n = n / page * page // whole pages only: the mapping starts page aligned
	if n == 0 {
		return
	}
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, db.Info().Data, uintptr(n), unix.MADV_DONTNEED)
}
