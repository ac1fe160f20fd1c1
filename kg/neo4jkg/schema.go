package neo4jkg

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// A migration brings the schema from version-1 to version. Statements run
// in order, each in a transaction of its own (Neo4j does not mix schema and
// data changes in one transaction), and must be idempotent: several kgrag
// instances may start against one database at the same time.
type migration struct {
	version    int64
	about      string
	statements []string
}

// migrations are applied in order; append, never edit a released one.
//
// Uniqueness constraints on several properties are available in Neo4j 5
// Community (node key constraints are not), and each one is backed by a range
// index that also serves lookups by its leading properties: (kb, id) for
// heads, (kb, id, version) for versions.
var migrations = []migration{
	{version: 1, about: "constraints and indexes of the initial model", statements: []string{
		`CREATE CONSTRAINT kgrag_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE (e.kb, e.id) IS UNIQUE`,
		`CREATE CONSTRAINT kgrag_entity_version IF NOT EXISTS FOR (v:EntityVersion) REQUIRE (v.kb, v.id, v.version) IS UNIQUE`,
		`CREATE CONSTRAINT kgrag_relation_id IF NOT EXISTS FOR (r:Relation) REQUIRE (r.kb, r.id) IS UNIQUE`,
		`CREATE CONSTRAINT kgrag_relation_version IF NOT EXISTS FOR (v:RelationVersion) REQUIRE (v.kb, v.id, v.version) IS UNIQUE`,
		`CREATE CONSTRAINT kgrag_trace_id IF NOT EXISTS FOR (t:Trace) REQUIRE (t.kb, t.id) IS UNIQUE`,
		`CREATE CONSTRAINT kgrag_schema_name IF NOT EXISTS FOR (s:KgragSchema) REQUIRE s.name IS UNIQUE`,
		`CREATE INDEX kgrag_entity_version_valid IF NOT EXISTS FOR (v:EntityVersion) ON (v.kb, v.id, v.validFrom)`,
		`CREATE INDEX kgrag_relation_version_valid IF NOT EXISTS FOR (v:RelationVersion) ON (v.kb, v.id, v.validFrom)`,
		`CREATE INDEX kgrag_relation_from IF NOT EXISTS FOR (r:Relation) ON (r.kb, r.from)`,
		`CREATE INDEX kgrag_relation_to IF NOT EXISTS FOR (r:Relation) ON (r.kb, r.to)`,
		`CREATE INDEX kgrag_entity_type IF NOT EXISTS FOR (e:Entity) ON (e.kb, e.type)`,
		`CREATE INDEX kgrag_name_norm IF NOT EXISTS FOR (n:Name) ON (n.kb, n.norm)`,
		`CREATE INDEX kgrag_trace_created IF NOT EXISTS FOR (t:Trace) ON (t.kb, t.createdAt)`,
	}},
	{version: 2, about: "documents (corrections, ratings, audit log, source registry)", statements: []string{
		`CREATE CONSTRAINT kgrag_doc_id IF NOT EXISTS FOR (d:Doc) REQUIRE (d.kb, d.coll, d.id) IS UNIQUE`,
	}},
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int64 { return migrations[len(migrations)-1].version }

// Codes of "it is already there", which a concurrent start-up may produce
// despite IF NOT EXISTS.
var schemaExists = map[string]bool{
	"Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists": true,
	"Neo.ClientError.Schema.ConstraintAlreadyExists":           true,
	"Neo.ClientError.Schema.IndexAlreadyExists":                true,
}

func (s *Store) migrate(ctx context.Context) error {
	cur, err := s.schemaVersion(ctx)
	if err != nil {
		return err
	}
	if latest := SchemaVersion(); cur > latest {
		return fmt.Errorf("the database has schema version %d, newer than this build's %d; upgrade kgrag", cur, latest)
	}
	ran := false
	for _, m := range migrations {
		if m.version <= cur {
			continue
		}
		for _, stmt := range m.statements {
			_, err := neo4j.ExecuteQuery(ctx, s.drv, stmt, nil, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting())
			var dbErr *neo4j.Neo4jError
			if err != nil && !(errors.As(err, &dbErr) && schemaExists[dbErr.Code]) {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.about, err)
			}
		}
		_, err := neo4j.ExecuteQuery(ctx, s.drv, `
MERGE (s:KgragSchema {name: 'kgrag'})
SET s.version = CASE WHEN coalesce(s.version, 0) < $version THEN $version ELSE s.version END,
    s.about = $about, s.migratedAt = datetime()`,
			map[string]any{"version": m.version, "about": m.about}, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting())
		if err != nil {
			return fmt.Errorf("record schema version %d: %w", m.version, err)
		}
		ran = true
	}
	if ran {
		// Constraints are online once created; plain indexes fill in the
		// background. Wait, so the first queries are not full scans.
		_, err := neo4j.ExecuteQuery(ctx, s.drv, `CALL db.awaitIndexes(300)`, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting())
		if err != nil {
			return fmt.Errorf("wait for indexes: %w", err)
		}
	}
	return nil
}

// schemaVersion reads the recorded schema version (0: none yet).
func (s *Store) schemaVersion(ctx context.Context) (int64, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.drv, `OPTIONAL MATCH (s:KgragSchema {name: 'kgrag'}) RETURN s.version AS version`,
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return 0, err
	}
	if len(res.Records) == 0 {
		return 0, nil
	}
	v, _ := res.Records[0].Get("version")
	n, _ := v.(int64)
	return n, nil
}
