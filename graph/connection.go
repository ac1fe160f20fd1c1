package graph

// Relay connections: every list that pages has edges (each node with its
// cursor), the same nodes without cursors, and a PageInfo.

// edges pairs nodes[i] with cursors[i]; the edges point into nodes.
func edges[N, E any](nodes []N, cursors []string, edge func(cursor string, node *N) E) []E {
	out := make([]E, 0, len(nodes))
	for i := range nodes {
		c := ""
		if i < len(cursors) {
			c = cursors[i]
		}
		out = append(out, edge(c, &nodes[i]))
	}
	return out
}

// pageInfo describes a page of a forward-paging connection: its first and
// last cursors, whether more follow, and whether it continues an earlier
// page (after was given).
func pageInfo(cursors []string, hasNext bool, after *string) *PageInfo {
	p := &PageInfo{HasNextPage: hasNext, HasPreviousPage: deref(after) != ""}
	if len(cursors) > 0 {
		p.StartCursor, p.EndCursor = &cursors[0], &cursors[len(cursors)-1]
	}
	return p
}

// recordCursors are the cursors of a page of feedback records (corrections,
// audit entries): feedback pages by record id, so a record's id is its
// cursor.
func recordCursors[T any](records []T, id func(*T) string) []string {
	out := make([]string, len(records))
	for i := range records {
		out[i] = id(&records[i])
	}
	return out
}
