package qdrantvec

import (
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/qdrant/go-client/qdrant"

	"kgrag/retrieval"
)

// Names of the two vectors every point carries.
const (
	denseVector  = "dense"
	sparseVector = "sparse"
)

// Payload keys. They are the JSON names of retrieval.Chunk's fields, so a
// point looks like the chunk it holds in the Qdrant dashboard; "id" is the
// chunk id (the point id is derived from it, see PointID).
const (
	fKB          = "kb"
	fID          = "id"
	fSourceID    = "sourceId"
	fKind        = "kind"
	fTitle       = "title"
	fHeadingPath = "headingPath"
	fPosition    = "position"
	fText        = "text"
	fHash        = "hash"
	fLang        = "lang"
	fChannels    = "channels"
	fValidFrom   = "validFrom"
	fValidTo     = "validTo"
	fEntityIDs   = "entityIds"
	// fSeq is the number of the ordered write (the Outbox's queue) that
	// stored the point; not a chunk field.
	fSeq = "seq"
)

// pointNamespace is the UUID v5 namespace of chunk point ids. It is itself
// the name-based UUID of "kgrag/chunk" in the URL namespace, so anyone can
// recompute it; changing it would orphan every stored point.
var pointNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("kgrag/chunk"))

// PointID returns the Qdrant point id of the chunk (kb, id): a UUID v5 over
// the length-prefixed knowledge base and the chunk id, so the same chunk
// always maps to the same point (upserts replace it), the same chunk id in
// two knowledge bases maps to two points, and no pair of strings can be
// made to collide with another by moving a separator between them.
func PointID(kb, id string) string {
	name := strconv.Itoa(len(kb)) + ":" + kb + id
	return uuid.NewSHA1(pointNamespace, []byte(name)).String()
}

// toPoint converts a point of the index into a Qdrant point: the derived
// UUID, the named dense and sparse vectors (the sparse one omitted when it
// has no terms: such a point is simply never a sparse candidate) and the
// chunk as payload.
func toPoint(p *retrieval.Point) *qdrant.PointStruct {
	vecs := map[string]*qdrant.Vector{denseVector: qdrant.NewVectorDense(p.Dense)}
	if len(p.Sparse.Indices) > 0 {
		vecs[sparseVector] = qdrant.NewVectorSparse(p.Sparse.Indices, p.Sparse.Values)
	}
	return &qdrant.PointStruct{
		Id:      qdrant.NewIDUUID(PointID(p.Chunk.KB, p.Chunk.ID)),
		Vectors: qdrant.NewVectorsMap(vecs),
		Payload: payload(&p.Chunk),
	}
}

// payload is the chunk as a Qdrant payload. Optional fields are left out
// when empty, so "is empty" conditions match them (a chunk without channels
// is for every channel, one without validity dates always in force). Dates
// are RFC 3339 strings in UTC with full precision: Qdrant's datetime index
// and range conditions parse them (with microsecond resolution).
func payload(c *retrieval.Chunk) map[string]*qdrant.Value {
	p := map[string]*qdrant.Value{
		fKB:       qdrant.NewValueString(c.KB),
		fID:       qdrant.NewValueString(c.ID),
		fSourceID: qdrant.NewValueString(c.SourceID),
		fKind:     qdrant.NewValueString(c.Kind),
		fPosition: qdrant.NewValueInt(int64(c.Position)),
		fText:     qdrant.NewValueString(c.Text),
		fHash:     qdrant.NewValueString(c.Hash),
	}
	setString := func(k, v string) {
		if v != "" {
			p[k] = qdrant.NewValueString(v)
		}
	}
	setList := func(k string, vs []string) {
		if len(vs) == 0 {
			return
		}
		l := make([]*qdrant.Value, len(vs))
		for i, v := range vs {
			l[i] = qdrant.NewValueString(v)
		}
		p[k] = qdrant.NewValueFromList(l...)
	}
	setTime := func(k string, t *time.Time) {
		if t != nil {
			p[k] = qdrant.NewValueString(formatTime(*t))
		}
	}
	setString(fTitle, c.Title)
	setList(fHeadingPath, c.HeadingPath)
	setString(fLang, c.Lang)
	setList(fChannels, c.Channels)
	setTime(fValidFrom, c.ValidFrom)
	setTime(fValidTo, c.ValidTo)
	setList(fEntityIDs, c.EntityIDs)
	return p
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// chunkFrom rebuilds a chunk from a payload written by payload. A point
// without kb or id was not written by this package, and is an error.
func chunkFrom(p map[string]*qdrant.Value) (retrieval.Chunk, error) {
	var c retrieval.Chunk
	var err error
	str := func(k string) string {
		v, ok := p[k]
		if !ok || err != nil {
			return ""
		}
		if _, isNull := v.GetKind().(*qdrant.Value_NullValue); isNull {
			return ""
		}
		s, ok := v.GetKind().(*qdrant.Value_StringValue)
		if !ok {
			err = fmt.Errorf("payload %s: want a string, got %v", k, v)
			return ""
		}
		return s.StringValue
	}
	list := func(k string) []string {
		v, ok := p[k]
		if !ok || err != nil {
			return nil
		}
		switch x := v.GetKind().(type) {
		case *qdrant.Value_NullValue:
			return nil
		case *qdrant.Value_StringValue: // a single value stored without a list
			return []string{x.StringValue}
		case *qdrant.Value_ListValue:
			if len(x.ListValue.GetValues()) == 0 {
				return nil
			}
			out := make([]string, 0, len(x.ListValue.GetValues()))
			for _, e := range x.ListValue.GetValues() {
				s, ok := e.GetKind().(*qdrant.Value_StringValue)
				if !ok {
					err = fmt.Errorf("payload %s: want a list of strings, got element %v", k, e)
					return nil
				}
				out = append(out, s.StringValue)
			}
			return out
		}
		err = fmt.Errorf("payload %s: want a list of strings, got %v", k, v)
		return nil
	}
	date := func(k string) *time.Time {
		s := str(k)
		if s == "" || err != nil {
			return nil
		}
		t, perr := time.Parse(time.RFC3339Nano, s)
		if perr != nil {
			err = fmt.Errorf("payload %s: %v", k, perr)
			return nil
		}
		return &t
	}
	c.KB = str(fKB)
	c.ID = str(fID)
	c.SourceID = str(fSourceID)
	c.Kind = str(fKind)
	c.Title = str(fTitle)
	c.HeadingPath = list(fHeadingPath)
	c.Text = str(fText)
	c.Hash = str(fHash)
	c.Lang = str(fLang)
	c.Channels = list(fChannels)
	c.ValidFrom = date(fValidFrom)
	c.ValidTo = date(fValidTo)
	c.EntityIDs = list(fEntityIDs)
	if v, ok := p[fPosition]; ok && err == nil {
		switch x := v.GetKind().(type) {
		case *qdrant.Value_IntegerValue:
			c.Position = int(x.IntegerValue)
		case *qdrant.Value_DoubleValue: // written through the REST API as a JSON number
			c.Position = int(x.DoubleValue)
		default:
			err = fmt.Errorf("payload %s: want a number, got %v", fPosition, v)
		}
	}
	if err == nil && (c.KB == "" || c.ID == "") {
		err = fmt.Errorf("payload has no %s or %s: not a kgrag chunk", fKB, fID)
	}
	return c, err
}
