package answer_test

import (
	"strings"
	"testing"

	"kgrag/kg"
	. "kgrag/retrieval/answer"
)

// applianceKB is a brand of an industry neither dev set has (home
// appliances), in the shapes real catalogs come in: nested specs with
// units, SKU variants, a channel code of its own. Nothing in the engine
// knows its words; the answers below come from its keys, units and names.
var applianceKB = map[string]string{
	"products.jsonl": `{"id": "RB-100", "name": "云扫扫地机器人AF45", "name_en": "Yunsao Robot Vacuum AF45", "category": "扫地机器人", "price_cny": 2999, "channels": ["tmall", "suning"], "launched": "2024-03-01", "specs": {"吸力": "8000Pa", "尘盒容量": "0.45L", "续航": "180分钟", "噪音": "≤62dB", "重量": "3.6kg"}}
{"id": "RB-200", "name": "云扫扫地机器人X7", "name_en": "Yunsao Robot Vacuum X7", "category": "扫地机器人", "price_cny": 3999, "channels": ["tmall", "jd"], "launched": "2024-09-01", "specs": {"吸力": "12000Pa", "尘盒容量": "0.35L", "续航": "200分钟", "噪音": "≤65dB", "重量": "4.1kg"}}
{"id": "RB-300", "name": "云扫扫地机器人AF45专用滤网", "name_en": "Yunsao AF45 Filter", "category": "配件", "price_cny": 59, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"材质": "HEPA"}, "related": [{"type": "compatible_with", "id": "RB-100"}]}
{"id": "KT-100", "name": "云扫恒温电水壶", "name_en": "Yunsao Temperature Kettle", "category": "厨房电器", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "1.5L", "保温时长": "最长12小时"}}
{"id": "HU-100", "name": "云扫加湿器H3", "name_en": "Yunsao Humidifier H3", "category": "加湿器", "price_cny": 399, "channels": ["tmall", "suning"], "launched": "2024-01-01", "specs": {"加湿量": "350ml/h", "水箱容量": "4.5L", "适用面积": "30㎡", "功率": "25W"}, "variants": [{"sku": "HU-100-W", "color": "白色", "price_cny": 399}, {"sku": "HU-100-G", "color": "灰色", "price_cny": 429}]}
`,
	"policies/warranty.md": `---
id: ys-warranty
title: 保修政策
channels: all
applies_to: all
---

# 保修政策

扫地机器人整机保修2年，加湿器整机保修1年，自签收之日起计算。
`,
	"policies/returns.md": `---
id: ys-returns
title: 退货政策
channels: all
applies_to: all
---

# 退货政策

签收后7天内，商品未安装、未使用的，可申请无理由退货。已安装使用的商品不支持无理由退货，质量问题除外。
`,
	"policies/double11.md": `---
id: ys-double11
title: 双11活动规则
channels: all
applies_to: all
---

# 双11活动规则

活动订单在2025-11-11 23:59:59前降价的，可申请退还差价。

扫地机器人X7活动到手价3599元。
`,
}

func TestAnswersFromAnUnseenCatalog(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, applianceKB)
		cases := []struct {
			q       string
			want    []string
			wantNot []string
			refused bool
		}{
			{q: "AF45吸力多大", want: []string{"8000Pa"}, wantNot: []string{"12000Pa", "2999"}},
			{q: "AF45扫地机器人多少钱", want: []string{"2999"}, wantNot: []string{"59"}},
			{q: "X7续航多久 多重", want: []string{"200分钟", "4.1kg"}},
			{q: "加湿器H3水箱几升", want: []string{"4.5L"}},
			{q: "H3多少瓦", want: []string{"25W"}},
			{q: "加湿器H3灰色的多少钱", want: []string{"429"}},
			{q: "AF45和X7哪个吸力大", want: []string{"8000Pa", "12000Pa"}},
			{q: "最轻的扫地机器人是哪款", want: []string{"AF45", "3.6kg"}, wantNot: []string{"X7"}},
			{q: "How much is the Yunsao Robot Vacuum X7?", want: []string{"3999"}},
			// A promotion in force prices it too.
			{q: "X7现在多少钱", want: []string{"3999", "3599"}},
			// A compound's head names the one product whose name ends so.
			{q: "烧水壶能保温多久", want: []string{"12小时"}},
			{q: "你们的扫地机器人跟科沃斯X2比哪个好", refused: true},
			{q: "云扫扫地机器人T9多少钱", refused: true},
			{q: "谢谢", want: []string{"不客气"}},
			{q: "4kg以下的扫地机器人有哪些", want: []string{"AF45"}, wantNot: []string{"X7"}},
			{q: "H3加湿器适合多大面积的房间", want: []string{"30㎡"}},
			{q: "AF45的滤网多少钱", want: []string{"59"}},
			{q: "加湿器保修多久", want: []string{"1年"}},
			{q: "H3有几种颜色", want: []string{"白色", "灰色"}},
			{q: "Which is lighter, AF45 or X7?", want: []string{"3.6kg", "4.1kg"}},
			{q: "How loud is the X7?", want: []string{"65dB"}},
			{q: "Do you have a robot vacuum under 3500 yuan?", want: []string{"AF45", "2999"}, wantNot: []string{"X7", "Humidifier"}},
			// English over Chinese text: a general dictionary's words
			// (installed → 安装) and the e-commerce event's Chinese name.
			{q: "I already installed it. Can I still return it for no reason?", want: []string{"已安装使用的商品不支持无理由退货"}},
			{q: "My Double 11 order got cheaper later. Until when can I get the difference refunded?", want: []string{"2025-11-11"}},
		}
		for _, tc := range cases {
			a := e.ask(Request{Question: tc.q})
			if tc.refused {
				if a.Status != StatusRefused {
					t.Errorf("Ask(%q) = %s %q, want refused", tc.q, a.Status, a.Text)
				}
				continue
			}
			if a.Status != StatusAnswered {
				t.Errorf("Ask(%q) = %s %s %q, want answered", tc.q, a.Status, a.Reason, a.Text)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("Ask(%q) = %q, want it to say %q (plan %+v)", tc.q, a.Text, w, a.Trace.Plan)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(a.Text, w) {
					t.Errorf("Ask(%q) = %q, want it not to say %q", tc.q, a.Text, w)
				}
			}
		}
	})
}
