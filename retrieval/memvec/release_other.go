//go:build !linux

package memvec

import bolt "go.etcd.io/bbolt"

func releaseMapped(*bolt.DB) {}
