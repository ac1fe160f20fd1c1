package qdrantvec

import (
	"errors"
	"fmt"

	"github.com/qdrant/go-client/qdrant"
)

// ErrMismatch reports an existing collection whose vectors, model or
// payload indexes differ from the configuration. Its message lists the
// differences and the two ways out: Config.Recreate, or another
// Config.Collection prefix.
var ErrMismatch = errors.New("qdrantvec: collection does not match the configuration")

// Collection metadata keys (Qdrant 1.16+; older servers drop metadata, and
// then only the vector configuration is checked).
const (
	metaKB     = "kgrag_kb"
	metaModel  = "kgrag_model"
	metaLayout = "kgrag_payload"
	// payloadLayout versions the payload written by payload(); bump it when
	// a field changes meaning, so old collections are detected.
	payloadLayout = "1"
)

// indexSpec is a payload index the collection must have.
type indexSpec struct {
	field  string
	typ    qdrant.FieldType
	schema qdrant.PayloadSchemaType // how CollectionInfo reports typ
}

// payloadIndexes covers every field a Filter can test (kb too: every
// filter repeats it, as a guard). Qdrant Cloud's strict mode refuses
// filters on unindexed fields, so this list must follow buildFilter.
var payloadIndexes = []indexSpec{
	{field: fKB, typ: qdrant.FieldType_FieldTypeKeyword, schema: qdrant.PayloadSchemaType_Keyword},
	{field: fID, typ: qdrant.FieldType_FieldTypeKeyword, schema: qdrant.PayloadSchemaType_Keyword},
	{field: fSourceID, typ: qdrant.FieldType_FieldTypeKeyword, schema: qdrant.PayloadSchemaType_Keyword},
	{field: fKind, typ: qdrant.FieldType_FieldTypeKeyword, schema: qdrant.PayloadSchemaType_Keyword},
	{field: fChannels, typ: qdrant.FieldType_FieldTypeKeyword, schema: qdrant.PayloadSchemaType_Keyword},
	{field: fEntityIDs, typ: qdrant.FieldType_FieldTypeKeyword, schema: qdrant.PayloadSchemaType_Keyword},
	{field: fValidFrom, typ: qdrant.FieldType_FieldTypeDatetime, schema: qdrant.PayloadSchemaType_Datetime},
	{field: fValidTo, typ: qdrant.FieldType_FieldTypeDatetime, schema: qdrant.PayloadSchemaType_Datetime},
}

// createRequest is the collection the configuration asks for: a named
// cosine dense vector of the embedder's dimension and a named sparse vector
// whose weights Qdrant multiplies by IDF at query time (document values
// carry BM25's term-frequency part, see package retrieval/sparse).
func createRequest(cfg *Config, name, kb string) *qdrant.CreateCollection {
	req := &qdrant.CreateCollection{
		CollectionName: name,
		VectorsConfig: qdrant.NewVectorsConfigMap(map[string]*qdrant.VectorParams{
			denseVector: {Size: uint64(cfg.Dim), Distance: qdrant.Distance_Cosine},
		}),
		SparseVectorsConfig: qdrant.NewSparseVectorsConfig(map[string]*qdrant.SparseVectorParams{
			sparseVector: {Modifier: qdrant.Modifier_Idf.Enum()},
		}),
		Metadata: qdrant.NewValueMap(map[string]any{metaKB: kb, metaLayout: payloadLayout}),
	}
	if cfg.Model != "" {
		req.Metadata[metaModel] = qdrant.NewValueString(cfg.Model)
	}
	if cfg.Shards > 0 {
		req.ShardNumber = qdrant.PtrOf(uint32(cfg.Shards))
	}
	if cfg.Replicas > 0 {
		req.ReplicationFactor = qdrant.PtrOf(uint32(cfg.Replicas))
	}
	return req
}

// checkCollection compares an existing collection with the configuration
// and returns what differs, one readable line each; nil means it can be
// used as it is (possibly after adding missing payload indexes, which
// missingIndexes lists). Extra vectors, extra payload indexes and extra
// metadata are tolerated: they do not change what this package reads.
func checkCollection(info *qdrant.CollectionInfo, cfg *Config) []string {
	var diffs []string
	params := info.GetConfig().GetParams()
	switch vc := params.GetVectorsConfig().GetConfig().(type) {
	case *qdrant.VectorsConfig_ParamsMap:
		dense, ok := vc.ParamsMap.GetMap()[denseVector]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("no dense vector named %q", denseVector))
		default:
			if dense.GetSize() != uint64(cfg.Dim) {
				diffs = append(diffs, fmt.Sprintf("dense vector size %d, want %d", dense.GetSize(), cfg.Dim))
			}
			if dense.GetDistance() != qdrant.Distance_Cosine {
				diffs = append(diffs, fmt.Sprintf("dense vector distance %s, want %s", dense.GetDistance(), qdrant.Distance_Cosine))
			}
			if dense.MultivectorConfig != nil {
				diffs = append(diffs, "dense vector is a multivector")
			}
		}
	case *qdrant.VectorsConfig_Params:
		diffs = append(diffs, fmt.Sprintf("a single unnamed vector (size %d), want a named vector %q", vc.Params.GetSize(), denseVector))
	default:
		diffs = append(diffs, fmt.Sprintf("no dense vector named %q", denseVector))
	}
	sparse, ok := params.GetSparseVectorsConfig().GetMap()[sparseVector]
	switch {
	case !ok:
		diffs = append(diffs, fmt.Sprintf("no sparse vector named %q", sparseVector))
	case sparse.GetModifier() != qdrant.Modifier_Idf:
		diffs = append(diffs, fmt.Sprintf("sparse vector modifier %s, want %s", sparse.GetModifier(), qdrant.Modifier_Idf))
	}
	meta := info.GetConfig().GetMetadata()
	if got := meta[metaModel].GetStringValue(); got != "" && cfg.Model != "" && got != cfg.Model {
		diffs = append(diffs, fmt.Sprintf("vectors made by %q, want %q", got, cfg.Model))
	}
	if got := meta[metaLayout].GetStringValue(); got != "" && got != payloadLayout {
		diffs = append(diffs, fmt.Sprintf("payload layout %s, this build writes %s", got, payloadLayout))
	}
	for _, ix := range payloadIndexes {
		if s, ok := info.GetPayloadSchema()[ix.field]; ok && s.GetDataType() != ix.schema {
			diffs = append(diffs, fmt.Sprintf("payload index %q is %s, want %s", ix.field, s.GetDataType(), ix.schema))
		}
	}
	return diffs
}

// missingIndexes lists the payload indexes the collection lacks.
func missingIndexes(info *qdrant.CollectionInfo) []indexSpec {
	var out []indexSpec
	for _, ix := range payloadIndexes {
		if _, ok := info.GetPayloadSchema()[ix.field]; !ok {
			out = append(out, ix)
		}
	}
	return out
}

// fieldIndexRequest creates one payload index and waits for it.
func fieldIndexRequest(collection string, ix indexSpec) *qdrant.CreateFieldIndexCollection {
	req := &qdrant.CreateFieldIndexCollection{
		CollectionName: collection,
		Wait:           qdrant.PtrOf(true),
		FieldName:      ix.field,
		FieldType:      ix.typ.Enum(),
	}
	return req
}
