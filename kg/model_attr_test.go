package kg

import "testing"

func TestAttrByKeyPathOrPathEnd(t *testing.T) {
	e := Entity{Attributes: []Attribute{
		{Key: "水温", Path: "specs.冲泡建议.水温", Value: "95℃"},
		{Key: "时间", Path: "specs.冲泡建议.时间", Value: "3分钟"},
		{Key: "时间2", Path: "specs.存储.时间", Value: "1年"},
	}}
	for key, want := range map[string]string{"水温": "95℃", "specs.冲泡建议.水温": "95℃", "冲泡建议.水温": "95℃", "存储.时间": "1年"} {
		if a, ok := e.Attr(key); !ok || a.Value != want {
			t.Errorf("Attr(%q) = %+v, %v; want %s", key, a, ok, want)
		}
	}
	// ".时间" ends two paths: no guess. A bare key is never a path end.
	for _, key := range []string{"时间.x", "冲泡建议", "建议.水温"} {
		if a, ok := e.Attr(key); ok {
			t.Errorf("Attr(%q) = %+v, want none", key, a)
		}
	}
}
