package qdrantvec

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/qdrant/go-client/qdrant"

	"kgrag/retrieval"
)

func TestPointID(t *testing.T) {
	tests := []struct {
		name     string
		kb, id   string
		kb2, id2 string
		wantSame bool
	}{
		{name: "stable", kb: "lj", id: "policies/returns.md#3", kb2: "lj", id2: "policies/returns.md#3", wantSame: true},
		{name: "kbs apart", kb: "brand-a", id: "c1", kb2: "brand-b", id2: "c1"},
		{name: "separator cannot be moved", kb: "a", id: "bc", kb2: "ab", id2: "c"},
		{name: "digits in kb", kb: "1", id: "1:x", kb2: "1:1", id2: "x"},
		{name: "ids apart", kb: "lj", id: "c1", kb2: "lj", id2: "c2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := PointID(tc.kb, tc.id), PointID(tc.kb2, tc.id2)
			if (a == b) != tc.wantSame {
				t.Errorf("PointID(%q, %q) = %s, PointID(%q, %q) = %s; same = %v, want %v", tc.kb, tc.id, a, tc.kb2, tc.id2, b, a == b, tc.wantSame)
			}
			u, err := uuid.Parse(a)
			if err != nil || u.Version() != 5 || u.Variant() != uuid.RFC4122 {
				t.Errorf("PointID(%q, %q) = %s: want an RFC 4122 version 5 UUID (%v)", tc.kb, tc.id, a, err)
			}
		})
	}
	// A fixed value (also what Python's uuid.uuid5(uuid.uuid5(NAMESPACE_URL,
	// "kgrag/chunk"), "2:ljfaq.csv#12") gives), so a change of namespace or
	// name layout fails here: it would orphan every stored point.
	if got, want := PointID("lj", "faq.csv#12"), "26e93056-3720-5280-9c69-f8bbc9012fff"; got != want {
		t.Errorf(`PointID("lj", "faq.csv#12") = %s, want %s`, got, want)
	}
}

func fullChunk() retrieval.Chunk {
	from := time.Date(2025, 7, 1, 8, 0, 0, 123456789, time.FixedZone("CST", 8*3600))
	to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return retrieval.Chunk{
		KB: "lj", ID: "c1", SourceID: "policies/returns.md", Kind: "policy", Title: "退换货政策",
		HeadingPath: []string{"退换货政策", "一、7天无理由退货"}, Position: 3, Text: "自签收次日起7天内可申请无理由退货。",
		Hash: "abc", Lang: "zh", Channels: []string{"web", "wechat"}, ValidFrom: &from, ValidTo: &to,
		EntityIDs: []string{"policy:lj-returns-2025", "P-1"},
	}
}

// sameChunk compares chunks with times by instant.
func sameChunk(a, b retrieval.Chunk) bool {
	sameTime := func(x, y *time.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(*y)) }
	if !sameTime(a.ValidFrom, b.ValidFrom) || !sameTime(a.ValidTo, b.ValidTo) {
		return false
	}
	a.ValidFrom, a.ValidTo, b.ValidFrom, b.ValidTo = nil, nil, nil, nil
	return reflect.DeepEqual(a, b)
}

func TestPayloadRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		c    retrieval.Chunk
	}{
		{"every field", fullChunk()},
		{"minimal", retrieval.Chunk{KB: "kb", ID: "x", SourceID: "s", Kind: "doc", Text: "t", Hash: "h"}},
		{"only a start date", func() retrieval.Chunk {
			c := retrieval.Chunk{KB: "kb", ID: "x", Position: -1}
			from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			c.ValidFrom = &from
			return c
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := payload(&tc.c)
			got, err := chunkFrom(p)
			if err != nil {
				t.Fatalf("chunkFrom(payload(%+v)) = %v", tc.c, err)
			}
			if !sameChunk(got, tc.c) {
				t.Errorf("chunkFrom(payload(c)) = %+v, want %+v", got, tc.c)
			}
		})
	}
}

func TestPayloadLayout(t *testing.T) {
	c := fullChunk()
	p := payload(&c)
	// Dates are UTC RFC 3339 strings (Qdrant's datetime index parses them),
	// lists are lists, the chunk id is under "id".
	if got := p[fValidFrom].GetStringValue(); got != "2025-07-01T00:00:00.123456789Z" {
		t.Errorf("payload validFrom = %q, want the UTC RFC 3339 form", got)
	}
	if got := p[fID].GetStringValue(); got != "c1" {
		t.Errorf("payload id = %q, want c1", got)
	}
	if got := p[fPosition].GetIntegerValue(); got != 3 {
		t.Errorf("payload position = %d, want 3", got)
	}
	if l := p[fChannels].GetListValue().GetValues(); len(l) != 2 || l[1].GetStringValue() != "wechat" {
		t.Errorf("payload channels = %v, want [web wechat]", l)
	}
	// Unset optional fields are absent, so "is empty" matches them.
	minimal := retrieval.Chunk{KB: "kb", ID: "x"}
	p = payload(&minimal)
	for _, k := range []string{fTitle, fHeadingPath, fLang, fChannels, fValidFrom, fValidTo, fEntityIDs} {
		if _, ok := p[k]; ok {
			t.Errorf("payload of a chunk without %s has the key", k)
		}
	}
}

func TestChunkFromForeignPayload(t *testing.T) {
	good := func() map[string]*qdrant.Value { c := fullChunk(); return payload(&c) }
	tests := []struct {
		name    string
		edit    func(p map[string]*qdrant.Value)
		wantErr string
	}{
		{"no kb", func(p map[string]*qdrant.Value) { delete(p, fKB) }, "not a kgrag chunk"},
		{"no id", func(p map[string]*qdrant.Value) { delete(p, fID) }, "not a kgrag chunk"},
		{"number as text", func(p map[string]*qdrant.Value) { p[fText] = qdrant.NewValueInt(1) }, "want a string"},
		{"bad date", func(p map[string]*qdrant.Value) { p[fValidTo] = qdrant.NewValueString("tomorrow") }, "validTo"},
		{"list of numbers", func(p map[string]*qdrant.Value) {
			p[fChannels] = qdrant.NewValueFromList(qdrant.NewValueInt(1))
		}, "list of strings"},
		{"position as text", func(p map[string]*qdrant.Value) { p[fPosition] = qdrant.NewValueString("3") }, "want a number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := good()
			tc.edit(p)
			if _, err := chunkFrom(p); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("chunkFrom = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
	// What the REST API or a dashboard edit may leave: tolerated.
	p := good()
	p[fPosition] = qdrant.NewValueDouble(3)
	p[fEntityIDs] = qdrant.NewValueString("P-1")
	p[fTitle] = qdrant.NewValueNull()
	c, err := chunkFrom(p)
	if err != nil || c.Position != 3 || !reflect.DeepEqual(c.EntityIDs, []string{"P-1"}) || c.Title != "" {
		t.Errorf("chunkFrom(REST-style payload) = %+v, %v; want position 3, entityIds [P-1], no title", c, err)
	}
}

func TestToPoint(t *testing.T) {
	c := fullChunk()
	p := retrieval.Point{Chunk: c, Dense: []float32{0.6, 0.8}, Sparse: retrieval.Sparse{Indices: []uint32{3, 9}, Values: []float32{1, 0.5}}}
	got := toPoint(&p)
	if id := got.GetId().GetUuid(); id != PointID("lj", "c1") {
		t.Errorf("point id = %s, want PointID(lj, c1) = %s", id, PointID("lj", "c1"))
	}
	vecs := got.GetVectors().GetVectors().GetVectors()
	if d := vecs[denseVector].GetDense().GetData(); !reflect.DeepEqual(d, p.Dense) {
		t.Errorf("dense vector = %v, want %v", d, p.Dense)
	}
	sp := vecs[sparseVector].GetSparse()
	if !reflect.DeepEqual(sp.GetIndices(), p.Sparse.Indices) || !reflect.DeepEqual(sp.GetValues(), p.Sparse.Values) {
		t.Errorf("sparse vector = %v/%v, want %v", sp.GetIndices(), sp.GetValues(), p.Sparse)
	}
	if back, err := chunkFrom(got.GetPayload()); err != nil || !sameChunk(back, c) {
		t.Errorf("payload of the point = %+v, %v; want the chunk", back, err)
	}
	// No terms: no sparse vector at all (never a sparse candidate).
	p.Sparse = retrieval.Sparse{}
	if _, ok := toPoint(&p).GetVectors().GetVectors().GetVectors()[sparseVector]; ok {
		t.Error("point without terms has a sparse vector, want none")
	}
}
