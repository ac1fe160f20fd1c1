package graph_test

import "kgrag/kg/kgtest/teststore"

// The end-to-end tests run once more against Neo4j when it is configured.
func init() {
	backends = append(backends, backend{"neo4j", teststore.Neo4jStore})
}
