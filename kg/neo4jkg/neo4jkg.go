// Package neo4jkg is the Neo4j kg.Store (neo4j-go-driver v5, Neo4j 5
// Community or Enterprise). Every knowledge base lives in one Neo4j
// database, scoped by a kb property that every node carries and every query
// matches on.
//
// # Graph model
//
//	(:Entity:<Type> {kb, id, type, name, status, version, validFrom, mergedInto, channels, names, nid, data})
//	    head of an entity: a copy of its latest version. <Type> is a label from
//	    kg.EntityTypes (Product, Policy, …), set when the entity is created.
//	(:Entity)-[:VERSION]->(:EntityVersion {kb, id, version, type, status, validFrom, validTo, recordedAt, data})
//	    every version ever written; as-of reads seek (kb, id, validFrom).
//	(:Relation {kb, id, from, type, to, status, version, validFrom, channels, data})
//	    head of a relation; id is kg.Relation.ID(), "from-[TYPE]->to".
//	(:Relation)-[:VERSION]->(:RelationVersion {kb, id, version, status, validFrom, validTo, recordedAt, data})
//	(:Entity)-[:<TYPE> {kb, status, version, validFrom, channels}]->(:Entity)
//	    a mirror of each relation's latest version with its type from
//	    kg.RelationTypes, so the graph can be explored in Neo4j Browser
//	    (MATCH (a {kb:'…'})-[r {status:'ACTIVE'}]->(b) RETURN a, r, b).
//	(:Name {kb, norm, id})-[:NAMES]->(:Entity)
//	    kg.NormalizeName of the name and aliases of active entities (Lookup).
//	(:Entity)-[:MERGED_FROM]->(:Entity)
//	(:Trace {kb, id, createdAt, status, reason, channel, question, mentions, data})-[:USED]->(:Entity)
//	(:KgragSchema {name, version})  the one node without kb: the schema version.
//
// data is the JSON of the kg.Entity, kg.Relation or kg.Trace, and it is what
// reads return; the other properties are copies for indexes, filters and
// people. Labels and relationship types come only from kg.EntityTypes and
// kg.RelationTypes, never from input, and every value is a query parameter.
//
// # Transactions
//
// Apply and MergeEntities run in one managed write transaction each, so a
// batch is stored whole or not at all. The transaction first locks the head
// nodes it will change (an exclusive lock taken by SET and held until commit),
// then reads them, computes the next versions with the rules of package kg,
// and writes them with a few UNWIND statements. Concurrent writers to one
// entity therefore serialise, and a stale BaseVersion is an ErrConflict
// rather than a lost update. Deadlocks are transient errors the driver
// retries; the work functions only read the database and their arguments, so
// a retry recomputes everything from scratch.
//
// Sessions share the driver's ExecuteQuery bookmark manager, so a read sees
// every write this process made before it, in a cluster too.
package neo4jkg

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"kgrag/kg"
)

// Store is the Neo4j kg.Store. It is safe for concurrent use.
type Store struct {
	drv       neo4j.DriverWithContext
	db        string
	now       func() time.Time
	ownDriver bool
}

var _ kg.Store = (*Store)(nil)

// Options tune the store; the zero value is right for production.
type Options struct {
	// Now replaces the clock (tests).
	Now func() time.Time
}

// Config says how Open reaches Neo4j.
type Config struct {
	URI      string // bolt://host:7687, neo4j://host:7687 (cluster), neo4j+s://…
	User     string
	Password string // empty: no authentication
	Database string // empty: the user's home database
}

// New returns a store over drv using database ("" is the home database). It
// checks that Neo4j is reachable and brings the schema (constraints,
// indexes) up to date. The caller keeps ownership of drv: Close does not
// close it.
func New(ctx context.Context, drv neo4j.DriverWithContext, database string, opts Options) (*Store, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Store{drv: drv, db: database, now: now}
	if err := drv.VerifyConnectivity(ctx); err != nil {
		return nil, wrap("connect", err)
	}
	if err := s.migrate(ctx); err != nil {
		return nil, wrap("migrate schema", err)
	}
	return s, nil
}

// Open builds a driver from cfg and returns a store that owns it, with the
// default Options.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	auth := neo4j.NoAuth()
	if cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	// Short retry and connect times: when Neo4j is down a request should
	// fail with UNAVAILABLE within seconds, not hang for the driver's 30 s.
	drv, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxTransactionRetryTime = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 5 * time.Second
		c.SocketConnectTimeout = 3 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("neo4jkg: %w: driver for %q: %v", kg.ErrInvalid, cfg.URI, err)
	}
	s, err := New(ctx, drv, cfg.Database, Options{})
	if err != nil {
		drv.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	s.ownDriver = true
	return s, nil
}

// Close closes the driver if Open created it.
func (s *Store) Close() error {
	if !s.ownDriver {
		return nil
	}
	if err := s.drv.Close(context.Background()); err != nil {
		return fmt.Errorf("neo4jkg: close: %v", err)
	}
	return nil
}

// Ping reports whether Neo4j can serve requests.
func (s *Store) Ping(ctx context.Context) error {
	return wrap("ping", s.drv.VerifyConnectivity(ctx))
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.drv.NewSession(ctx, neo4j.SessionConfig{
		AccessMode:      mode,
		DatabaseName:    s.db,
		BookmarkManager: s.drv.ExecuteQueryBookmarkManager(),
	})
}

// writeTx runs work in a managed write transaction of its own session. work
// may run more than once (the driver retries transient failures); it must
// return driver errors unwrapped so the driver can tell which ones to retry,
// and it returns kg errors to roll back without a retry.
func writeTx[T any](ctx context.Context, s *Store, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	return neo4j.ExecuteWrite(ctx, sess, work)
}

// readTx is writeTx for reads.
func readTx[T any](ctx context.Context, s *Store, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	return neo4j.ExecuteRead(ctx, sess, work)
}

// observe, when set (by tests), sees every statement the store runs.
var observe atomic.Pointer[func(cypher string, params map[string]any)]

func run(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	if f := observe.Load(); f != nil {
		(*f)(cypher, params)
	}
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// Neo4j status codes the store reacts to.
const (
	codeConstraintViolation = "Neo.ClientError.Schema.ConstraintValidationFailed"
	codeDatabaseUnavailable = "Neo.TransientError.General.DatabaseUnavailable"
)

// wrap names the operation and translates driver errors into kg sentinels:
// anything that means "Neo4j cannot serve this now" becomes ErrUnavailable, a
// uniqueness violation (two writers creating one thing) ErrConflict. kg errors
// from the shared rules pass through with %w; other driver errors are wrapped
// with %v so callers do not come to depend on driver types.
func wrap(op string, err error) error {
	var dbErr *neo4j.Neo4jError
	switch {
	case err == nil:
		return nil
	case isDomain(err), errors.Is(err, context.Canceled):
		return fmt.Errorf("neo4jkg: %s: %w", op, err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("neo4jkg: %s: %w: %w", op, kg.ErrUnavailable, err)
	case unavailable(err):
		return fmt.Errorf("neo4jkg: %s: %w: %v", op, kg.ErrUnavailable, err)
	case errors.As(err, &dbErr) && dbErr.Code == codeConstraintViolation:
		return fmt.Errorf("neo4jkg: %s: %w: %v", op, kg.ErrConflict, err)
	default:
		return fmt.Errorf("neo4jkg: %s: %v", op, err)
	}
}

func isDomain(err error) bool {
	return errors.Is(err, kg.ErrInvalid) || errors.Is(err, kg.ErrNotFound) ||
		errors.Is(err, kg.ErrConflict) || errors.Is(err, kg.ErrUnavailable)
}

func unavailable(err error) bool {
	var (
		connErr  *neo4j.ConnectivityError
		limitErr *neo4j.TransactionExecutionLimit
		netErr   net.Error
		dbErr    *neo4j.Neo4jError
	)
	switch {
	case errors.As(err, &connErr), errors.As(err, &netErr):
		return true
	case errors.As(err, &limitErr):
		// The driver gave up retrying transient failures (lost
		// connections, leader changes, lock timeouts).
		return true
	case errors.As(err, &dbErr):
		return dbErr.Code == codeDatabaseUnavailable || dbErr.IsRetriable()
	}
	return false
}

// annotate adds context to a kg error. Driver errors are returned as they
// are: the driver decides on retries by their type.
func annotate(err error, format string, args ...any) error {
	if err == nil || !isDomain(err) {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
