package qdrantvec

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/qdrant/go-client/qdrant"
)

func TestCreateRequest(t *testing.T) {
	cfg := &Config{Collection: "kgrag_chunks", Dim: 384, Model: "hashed-384+bigrams", Shards: 2, Replicas: 3}
	req := createRequest(cfg, "kgrag_chunks__lj", "lj")
	if req.GetCollectionName() != "kgrag_chunks__lj" {
		t.Errorf("collection name = %q", req.GetCollectionName())
	}
	dense := req.GetVectorsConfig().GetParamsMap().GetMap()[denseVector]
	if dense.GetSize() != 384 || dense.GetDistance() != qdrant.Distance_Cosine {
		t.Errorf("dense vector = %v, want size 384, cosine", dense)
	}
	if sp, ok := req.GetSparseVectorsConfig().GetMap()[sparseVector]; !ok || sp.GetModifier() != qdrant.Modifier_Idf {
		t.Errorf("sparse vector = %v, want the IDF modifier", sp)
	}
	meta := req.GetMetadata()
	if meta[metaModel].GetStringValue() != cfg.Model || meta[metaKB].GetStringValue() != "lj" || meta[metaLayout].GetStringValue() != payloadLayout {
		t.Errorf("metadata = %v, want model, kb and payload layout", meta)
	}
	if req.GetShardNumber() != 2 || req.GetReplicationFactor() != 3 {
		t.Errorf("shards/replicas = %d/%d, want 2/3", req.GetShardNumber(), req.GetReplicationFactor())
	}
	// Defaults leave the cluster settings to the server.
	req = createRequest(&Config{Dim: 8}, "c__kb", "kb")
	if req.ShardNumber != nil || req.ReplicationFactor != nil {
		t.Errorf("unset shards/replicas sent as %v/%v, want them left out", req.ShardNumber, req.ReplicationFactor)
	}
	if _, ok := req.GetMetadata()[metaModel]; ok {
		t.Error("metadata has a model though Config.Model is empty")
	}
}

// info builds what GetCollectionInfo returns for a collection this package
// created with cfg, for edit in the cases below.
func info(cfg *Config) *qdrant.CollectionInfo {
	req := createRequest(cfg, "c__kb", "kb")
	schema := map[string]*qdrant.PayloadSchemaInfo{}
	for _, ix := range payloadIndexes {
		schema[ix.field] = &qdrant.PayloadSchemaInfo{DataType: ix.schema}
	}
	return &qdrant.CollectionInfo{
		Status: qdrant.CollectionStatus_Green,
		Config: &qdrant.CollectionConfig{
			Params: &qdrant.CollectionParams{
				ShardNumber:         1,
				VectorsConfig:       req.VectorsConfig,
				SparseVectorsConfig: req.SparseVectorsConfig,
			},
			Metadata: req.Metadata,
		},
		PayloadSchema: schema,
	}
}

func TestCheckCollection(t *testing.T) {
	cfg := &Config{Collection: "c", Dim: 256, Model: "m1"}
	tests := []struct {
		name string
		edit func(ci *qdrant.CollectionInfo)
		cfg  *Config
		want []string // substrings, one per expected difference
	}{
		{name: "as created", edit: func(*qdrant.CollectionInfo) {}},
		{name: "other size", edit: func(ci *qdrant.CollectionInfo) {
			ci.Config.Params.VectorsConfig.GetParamsMap().Map[denseVector].Size = 384
		}, want: []string{"dense vector size 384, want 256"}},
		{name: "other distance", edit: func(ci *qdrant.CollectionInfo) {
			ci.Config.Params.VectorsConfig.GetParamsMap().Map[denseVector].Distance = qdrant.Distance_Dot
		}, want: []string{"distance Dot, want Cosine"}},
		{name: "size and distance", edit: func(ci *qdrant.CollectionInfo) {
			v := ci.Config.Params.VectorsConfig.GetParamsMap().Map[denseVector]
			v.Size, v.Distance = 8, qdrant.Distance_Euclid
		}, want: []string{"size 8", "distance Euclid"}},
		{name: "unnamed vector", edit: func(ci *qdrant.CollectionInfo) {
			ci.Config.Params.VectorsConfig = qdrant.NewVectorsConfig(&qdrant.VectorParams{Size: 256, Distance: qdrant.Distance_Cosine})
		}, want: []string{"single unnamed vector"}},
		{name: "no vectors", edit: func(ci *qdrant.CollectionInfo) { ci.Config.Params.VectorsConfig = nil },
			want: []string{`no dense vector named "dense"`}},
		{name: "dense under another name", edit: func(ci *qdrant.CollectionInfo) {
			ci.Config.Params.VectorsConfig = qdrant.NewVectorsConfigMap(map[string]*qdrant.VectorParams{
				"text": {Size: 256, Distance: qdrant.Distance_Cosine}})
		}, want: []string{`no dense vector named "dense"`}},
		{name: "extra vectors are fine", edit: func(ci *qdrant.CollectionInfo) {
			ci.Config.Params.VectorsConfig.GetParamsMap().Map["image"] = &qdrant.VectorParams{Size: 512, Distance: qdrant.Distance_Dot}
			ci.Config.Params.SparseVectorsConfig.Map["splade"] = &qdrant.SparseVectorParams{}
		}},
		{name: "multivector", edit: func(ci *qdrant.CollectionInfo) {
			ci.Config.Params.VectorsConfig.GetParamsMap().Map[denseVector].MultivectorConfig = &qdrant.MultiVectorConfig{}
		}, want: []string{"multivector"}},
		{name: "no sparse", edit: func(ci *qdrant.CollectionInfo) { ci.Config.Params.SparseVectorsConfig = nil },
			want: []string{`no sparse vector named "sparse"`}},
		{name: "sparse without IDF", edit: func(ci *qdrant.CollectionInfo) {
			ci.Config.Params.SparseVectorsConfig.Map[sparseVector].Modifier = nil
		}, want: []string{"sparse vector modifier None, want Idf"}},
		{name: "other model", edit: func(ci *qdrant.CollectionInfo) {
			ci.Config.Metadata[metaModel] = qdrant.NewValueString("m0")
		}, want: []string{`made by "m0", want "m1"`}},
		{name: "no metadata (Qdrant 1.15)", edit: func(ci *qdrant.CollectionInfo) { ci.Config.Metadata = nil }},
		{name: "model not configured", cfg: &Config{Collection: "c", Dim: 256}, edit: func(*qdrant.CollectionInfo) {}},
		{name: "other payload layout", edit: func(ci *qdrant.CollectionInfo) {
			ci.Config.Metadata[metaLayout] = qdrant.NewValueString("0")
		}, want: []string{"payload layout 0"}},
		{name: "index of another type", edit: func(ci *qdrant.CollectionInfo) {
			ci.PayloadSchema[fValidFrom] = &qdrant.PayloadSchemaInfo{DataType: qdrant.PayloadSchemaType_Integer}
		}, want: []string{`payload index "validFrom" is Integer, want Datetime`}},
		{name: "missing indexes are added, not a mismatch", edit: func(ci *qdrant.CollectionInfo) {
			delete(ci.PayloadSchema, fChannels)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			if tc.cfg != nil {
				c = tc.cfg
			}
			ci := info(cfg)
			tc.edit(ci)
			got := checkCollection(ci, c)
			if len(got) != len(tc.want) {
				t.Fatalf("checkCollection = %q, want %d differences like %q", got, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("checkCollection difference %d = %q, want it to mention %q", i, got[i], w)
				}
			}
		})
	}
}

func TestMissingIndexes(t *testing.T) {
	ci := info(&Config{Dim: 8})
	if got := missingIndexes(ci); len(got) != 0 {
		t.Errorf("missingIndexes of a complete collection = %v", got)
	}
	delete(ci.PayloadSchema, fKB)
	delete(ci.PayloadSchema, fValidTo)
	var fields []string
	for _, ix := range missingIndexes(ci) {
		fields = append(fields, ix.field)
	}
	if !slices.Equal(fields, []string{fKB, fValidTo}) {
		t.Errorf("missingIndexes = %v, want [kb validTo]", fields)
	}
	req := fieldIndexRequest("c__kb", payloadIndexes[len(payloadIndexes)-1])
	if req.GetFieldName() != fValidTo || req.GetFieldType() != qdrant.FieldType_FieldTypeDatetime || !req.GetWait() {
		t.Errorf("fieldIndexRequest(validTo) = %v, want a datetime index, with wait", req)
	}
}

func TestMismatchError(t *testing.T) {
	err := error(&mismatch{name: "kgrag_chunks__lj", diffs: []string{"dense vector size 384, want 256"}})
	if !errors.Is(err, ErrMismatch) {
		t.Errorf("mismatch error %v is not ErrMismatch", err)
	}
	for _, want := range []string{`"kgrag_chunks__lj"`, "size 384, want 256", "KGRAG_QDRANT_RECREATE", "KGRAG_QDRANT_COLLECTION"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("mismatch error %q does not mention %s", err, want)
		}
	}
}
