package feedback_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kgrag/feedback"
	"kgrag/kg"
)

func measured(key, path, value string) kg.Attribute {
	return kg.Measure(kg.Attribute{Key: key, Path: path, Kind: kg.KindString, Value: value})
}

func numText(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}

// TestCorrectionFlattenedAttribute: a correction may name a flattened
// attribute by its key ("噪音") or its path ("specs.噪音"); the new version
// keeps the path and reads its number and unit from the new value; a
// re-ingested record keeps the correction.
func TestCorrectionFlattenedAttribute(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		mustApply(t, e, kg.Batch{At: tSeed, Entities: []kg.EntityUpsert{{ID: "BW-2004", Type: "Product", Name: "电动双边吸奶器",
			Attributes: []kg.Attribute{kg.Measure(num("price_cny", "599")), measured("噪音", "specs.噪音", "≤45dB"),
				measured("吸力", "specs.吸力", "8000Pa"), measured("续航", "specs.续航", "约4次")}, Provenance: srcProv}}})

		for _, key := range []string{"噪音", "specs.噪音"} {
			c, err := e.fb.Submit(e.ctx, e.kb, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "BW-2004", Key: key},
				NewValue: "≤42dB", Reason: "详情页已更新"})
			if err != nil {
				t.Fatalf("Submit(key %q) = %v", key, err)
			}
			if c.Target.Key != "噪音" || c.OldValue != "≤45dB" {
				t.Errorf("Submit(key %q) = target key %q, old %q; want 噪音, ≤45dB", key, c.Target.Key, c.OldValue)
			}
			if key == "噪音" {
				if _, err := e.fb.Reject(e.ctx, e.kb, "trainer", c.ID, "duplicate"); err != nil {
					t.Fatal(err)
				}
				continue
			}
			mustApprove(t, e, c.ID)
		}
		ent := mustEntity(t, e, "BW-2004", time.Time{})
		a, ok := ent.Attr("specs.噪音")
		if !ok || a.Key != "噪音" || a.Path != "specs.噪音" || a.Value != "≤42dB" || numText(a.Num) != "42" || a.Unit != "dB" {
			t.Errorf("噪音 after approval = %+v (found %v); want ≤42dB at specs.噪音 with 42 dB", a, ok)
		}

		// A new value that is no measure clears the number; a number keeps one.
		mustApprove(t, e, mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "BW-2004", Key: "specs.吸力"},
			NewValue: "三档可调", Reason: "r"}).ID)
		mustApprove(t, e, mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "BW-2004", Key: "price_cny"},
			NewValue: "559.00", Reason: "r"}).ID)
		ent = mustEntity(t, e, "BW-2004", time.Time{})
		if a, _ := ent.Attr("吸力"); a.Value != "三档可调" || a.Num != nil || a.Unit != "" || a.Path != "specs.吸力" {
			t.Errorf("吸力 = %+v; want 三档可调 without number or unit, path kept", a)
		}
		if a, _ := ent.Attr("price_cny"); a.Value != "559" || numText(a.Num) != "559" {
			t.Errorf("price_cny = %+v; want 559 with Num 559", a)
		}

		// A text correction keeps the path and reads the number again.
		mustApprove(t, e, mustSubmit(t, e, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetText, EntityID: "BW-2004"},
			OldValue: "约4次", NewValue: "约5次", Reason: "r"}).ID)
		ent = mustEntity(t, e, "BW-2004", time.Time{})
		if a, _ := ent.Attr("specs.续航"); a.Value != "约5次" || a.Path != "specs.续航" || numText(a.Num) != "5" || a.Unit != "次" {
			t.Errorf("续航 after the text correction = %+v", a)
		}

		// Re-ingesting the record, still saying ≤45dB and 约4次, keeps the corrections.
		rec := kg.EntityUpsert{ID: "BW-2004", Type: "Product", Name: "电动双边吸奶器", ReplaceAttributes: true, Provenance: srcProv,
			Attributes: []kg.Attribute{kg.Measure(num("price_cny", "599")), measured("噪音", "specs.噪音", "≤45dB"),
				measured("吸力", "specs.吸力", "8000Pa"), measured("续航", "specs.续航", "约4次"), measured("重量", "specs.重量", "约230g")}}
		kept, notes, err := e.fb.Keep(e.ctx, e.kb, "products.jsonl", rec)
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string]kg.Attribute{}
		for _, a := range kept.Attributes {
			byKey[a.Key] = a
		}
		if a := byKey["噪音"]; a.Value != "≤42dB" || a.Path != "specs.噪音" || numText(a.Num) != "42" {
			t.Errorf("kept 噪音 = %+v", a)
		}
		if a := byKey["续航"]; a.Value != "约5次" || a.Path != "specs.续航" {
			t.Errorf("kept 续航 = %+v", a)
		}
		if a := byKey["重量"]; a.Value != "约230g" {
			t.Errorf("重量 = %+v, want the source's value", a)
		}
		if len(notes) < 3 || !strings.Contains(strings.Join(notes, "\n"), "BW-2004.噪音") {
			t.Errorf("notes = %q", notes)
		}

		// An unknown key or path says which ones there are, paths included.
		_, err = e.fb.Submit(e.ctx, e.kb, "agent", feedback.SubmitInput{Target: feedback.Target{Kind: feedback.TargetAttribute, EntityID: "BW-2004", Key: "specs.功率"},
			NewValue: "10W", Reason: "r"})
		if errKind(err) != "invalid" || !strings.Contains(err.Error(), "噪音 (specs.噪音)") {
			t.Errorf("Submit(specs.功率) = %v; want invalid listing 噪音 (specs.噪音)", err)
		}
	})
}
