package answer_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kgrag/kg"
	. "kgrag/retrieval/answer"
)

// A promotion in force prices a product by its model code: a price
// question asked while it runs gets the promotion's price beside the list
// price, and one asked after it ends does not.
func TestPromotionPrice(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HX-1001", "name": "禾夕扫地机器人R7 Max", "category": "扫地机器人", "price_cny": 3299, "channels": ["tmall", "web"], "launched": "2024-03-01", "attributes": {"保修期": "2年"}, "related": []}
{"id": "HX-1002", "name": "禾夕扫地机器人R5", "category": "扫地机器人", "price_cny": 1999, "channels": ["tmall", "web"], "launched": "2024-03-01", "attributes": {"保修期": "1年"}, "related": []}
`,
		"policies/hx-618.md": `---
id: hx-618
title: 618年中大促活动规则
channels: all
applies_to: all
effective_from: 2025-06-01
effective_to: 2025-06-20
supersedes: null
---

# 618年中大促活动规则

## 一、发货

大件商品付款后5天内发货，R7 Max赠送边刷一套。

## 二、活动价

1. R7 Max活动到手价2899元，每个账户限购2台。
2. 活动价仅限活动期内有效。
`,
	}
	// More text about R7 Max than the search returns, each row matching
	// the question's words better than the promotion's price does.
	faq := "id,question,answer,tags\n"
	for i := range 12 {
		faq += fmt.Sprintf("F%02d,R7 Max现在第%d项功能怎么用？,R7 Max现在的第%d项功能在App里打开，多少都可以设置。,功能\n", i, i, i)
	}
	sources["faq.csv"] = faq
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		during := e.ask(Request{Question: "r7 max现在多少钱", AsOf: day("2025-06-10")})
		if !strings.Contains(during.Text, "2899") || !strings.Contains(during.Text, "3299") {
			t.Errorf("during the promotion: %s %q, want its price 2899 beside the list price 3299", during.Status, during.Text)
		}
		after := e.ask(Request{Question: "r7 max现在多少钱", AsOf: day("2025-07-10")})
		if strings.Contains(after.Text, "2899") || !strings.Contains(after.Text, "3299") {
			t.Errorf("after the promotion: %s %q, want the list price only", after.Status, after.Text)
		}
		other := e.ask(Request{Question: "R5多少钱", AsOf: day("2025-06-10")})
		if strings.Contains(other.Text, "2899") {
			t.Errorf("another product during the promotion: %q quotes the promotion's price", other.Text)
		}
	})
}

// The policies of the order date answer, and text that states the rules of
// a version not in force then is left out.
func TestRulesOfTheOrderDate(t *testing.T) {
	policy := func(id, title, from, to, months string) string {
		return "---\nid: " + id + "\ntitle: " + title + "\nchannels: all\napplies_to: all\neffective_from: " + from + "\neffective_to: " + to + "\nsupersedes: null\n---\n\n# " + title + "\n\n## 一、积分有效期\n\n积分自获得之日起" + months + "内有效，到期自动清零。\n"
	}
	sources := map[string]string{
		"policies/m-2024.md": policy("m-2024", "会员积分规则（2024版）", "2024-01-01", "2025-06-30", "12个月"),
		"policies/m-2025.md": policy("m-2025", "会员积分规则（2025版）", "2025-07-01", "null", "24个月"),
		"faq.csv":            "id,question,answer,tags\nF1,积分多久过期？,现行《会员积分规则（2025版）》积分自获得之日起24个月有效。,积分\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		before := e.ask(Request{Question: "积分多久过期", AsOf: day("2025-05-10")})
		if !strings.Contains(before.Text, "12个月") || strings.Contains(before.Text, "24个月") {
			t.Errorf("before the 2025 version: %q, want 12个月 and not the FAQ's 24个月", before.Text)
		}
		after := e.ask(Request{Question: "积分多久过期", AsOf: day("2025-08-10")})
		if !strings.Contains(after.Text, "24个月") {
			t.Errorf("after: %q, want 24个月", after.Text)
		}
		ordered := e.ask(Request{Question: "我6月20号下单的 积分多久过期", AsOf: day("2025-08-10")})
		if !strings.Contains(ordered.Text, "12个月") || strings.Contains(ordered.Text, "24个月") {
			t.Errorf("ordered on 6月20号: %q, want the 2024 version's 12个月", ordered.Text)
		}
	})
}

// A question that names a product and a word of its refill's name ("我家那台
// 的滤芯还能买到吗") gets the refill, though it asks in no relation's words.
func TestNamedAccessory(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "NZ-5101", "name": "糯爪智能饮水机W1", "category": "智能设备", "price_cny": 199, "channels": ["tmall"], "launched": "2023-05-01", "discontinued": "2025-04-30", "attributes": {"滤芯更换周期": "15天"}, "related": []}
{"id": "NZ-5102", "name": "糯爪无线饮水机W2", "category": "智能设备", "price_cny": 299, "channels": ["tmall"], "launched": "2025-05-01", "attributes": {"滤芯更换周期": "30天"}, "related": [{"type": "replaces", "id": "NZ-5101"}]}
{"id": "NZ-6001", "name": "糯爪W1饮水机滤芯（4片装）", "category": "耗材", "price_cny": 39, "channels": ["tmall"], "launched": "2023-05-01", "attributes": {"适配说明": "仅适配W1"}, "related": [{"type": "compatible_with", "id": "NZ-5101"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"W1饮水机停产了吗 我家那台的滤芯还能买到吗 多少钱", "W1饮水机的滤芯多少钱一盒"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, "39") {
				t.Errorf("Ask(%q) = %s %q, want the W1 filter's price 39", q, a.Status, a.Text)
			}
		}
	})
}

// A number the customer quotes is read by the positional format a policy
// states, and the reading is evidence of its own.
func TestSerialRead(t *testing.T) {
	sources := map[string]string{
		"policies/formula.md": "---\nid: formula\ntitle: 奶粉防伪与批号说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 奶粉防伪与批号说明\n\n## 一、批号规则\n\n1. 生产批号共10位，印于罐底：第1-2位为品牌代码\"BW\"，第3位为段位（1=1段，2=2段，3=3段），第4位为工厂代码，第5-10位为生产日期（YYMMDD）。\n2. 示例：批号BW1A250315表示1段、A工厂、2025年3月15日生产。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "罐底批号BW3A250602 这是几段的 哪天生产的"})
		if !strings.Contains(a.Text, "3段") || !strings.Contains(a.Text, "2025-06-02") {
			t.Errorf("Ask = %s %q, want the number read: 3段, 2025-06-02", a.Status, a.Text)
		}
		found := false
		for _, ev := range a.Trace.Evidence {
			found = found || strings.Contains(ev.Text, "BW3A250602") && ev.Source == "policies/formula.md"
		}
		if !found {
			t.Errorf("no evidence reads BW3A250602 from policies/formula.md: %+v", a.Trace.Evidence)
		}
	})
}

// Words that name a product and an accessory of it alike link the product
// unless the question says what only the accessory's name says.
func TestMainOverAccessory(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WH-1002", "name": "鲸听Pods 3 主动降噪真无线耳机", "name_en": "WHALEAR Pods 3 ANC True Wireless Earbuds", "category": "真无线耳机", "price_cny": 399, "channels": ["tmall"], "launched": "2024-09-01", "attributes": {"最新固件": "V2.3.0"}, "specs": {"单次续航": "8h"}, "related": []}
{"id": "WH-1106", "name": "鲸听Pods 3 耳机保护套", "name_en": "WHALEAR Pods 3 Case Cover", "category": "耳机配件", "price_cny": 29, "channels": ["tmall"], "launched": "2024-09-01", "attributes": {"材质": "硅胶"}, "related": [{"type": "compatible_with", "id": "WH-1002"}]}
{"id": "WH-1200", "name": "鲸听充电头", "name_en": "WHALEAR Charger", "category": "充电头", "price_cny": 59, "channels": ["tmall"], "launched": "2024-09-01", "attributes": {"功率": "35W"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string]string{"pods3现在最新固件是多少": "V2.3.0", "pods3续航多久": "8h", "pods3的保护套多少钱": "29"} {
			if a := e.ask(Request{Question: q}); !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%q) = %s %q, want %s", q, a.Status, a.Text, want)
			}
		}
	})
}

// A comparison links both products by words of their names, though a
// series shares the word and an accessory's name carries it too.
func TestCompareByNameWords(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZF-1001", "name": "逐风疾速3代跑鞋", "category": "跑鞋", "price_cny": 499, "channels": ["tmall"], "launched": "2023-03-01", "attributes": {"系列": "疾速系列"}, "specs": {"鞋重": "245g"}, "related": []}
{"id": "ZF-1002", "name": "逐风疾速4代跑鞋", "category": "跑鞋", "price_cny": 599, "channels": ["tmall"], "launched": "2025-03-01", "attributes": {"系列": "疾速系列"}, "specs": {"鞋重": "228g"}, "related": []}
{"id": "ZF-1003", "name": "逐风凌云碳板竞速跑鞋", "category": "跑鞋", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-09-01", "attributes": {"系列": "凌云系列"}, "specs": {"鞋重": "198g"}, "related": []}
{"id": "ZF-3002", "name": "逐风凌云原厂替换鞋垫", "category": "鞋垫", "price_cny": 59, "channels": ["tmall"], "launched": "2024-09-01", "attributes": {"系列": "凌云系列"}, "specs": {"鞋重": "18g"}, "related": [{"type": "compatible_with", "id": "ZF-1003"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "疾速4跟凌云哪个轻 差多少"})
		if !strings.Contains(a.Text, "228g") || !strings.Contains(a.Text, "198g") || strings.Contains(a.Text, "18g") || strings.Contains(a.Text, "599") {
			t.Errorf("Ask = %s %q, want the weights of 疾速4代 (228g) and 凌云碳板 (198g) only", a.Status, a.Text)
		}
	})
}

// A word of an accessory's name inside a key of the main product that the
// question writes whole asks that key of the main product; the accessory's
// own words still link the accessory.
func TestMainByItsKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WH-1003", "name": "鲸听Pods Pro 2 旗舰降噪真无线耳机", "category": "真无线耳机", "price_cny": 799, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"无线充电": "支持Qi无线充电", "充电接口": "USB-C", "充电时间": "1h"}, "related": []}
{"id": "WH-1103", "name": "鲸听Pods Pro 2 替换充电盒", "category": "耳机配件", "price_cny": 249, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"无线充电": "支持Qi无线充电"}, "related": [{"type": "compatible_with", "id": "WH-1003"}]}
{"id": "WH-5001", "name": "鲸听GaN 35W 双口充电头", "category": "充电头", "price_cny": 99, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"最大功率": "35W"}, "related": []}
{"id": "WH-3001", "name": "鲸听MagGo 5000 磁吸无线充电宝", "category": "充电宝", "price_cny": 199, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"无线输出": "15W"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "pro2 支持无线充电吗", AsOf: day("2025-12-01")})
		if len(a.Trace.Plan.Entities) == 0 || a.Trace.Plan.Entities[0].ID != "WH-1003" {
			t.Errorf("Ask(pro2 支持无线充电吗) linked %+v, want the earbuds WH-1003", a.Trace.Plan.Entities)
		}
		a = e.ask(Request{Question: "pro2充电盒多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "249") {
			t.Errorf("Ask(pro2充电盒多少钱) = %q, want the case's price 249", a.Text)
		}
	})
}

// A key the question writes part of asks the entity's other keys that
// hold that part; a word a picked attribute's value says beside the
// measure asked picks nothing more, and a key that says a word comes
// before values that mention it.
func TestKeyRunsAndAnsweredWords(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WH-1002", "name": "鲸听Pods 3 主动降噪真无线耳机", "category": "真无线耳机", "price_cny": 399, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"单次续航": "8h（降噪关）/6h（降噪开）", "总续航（含充电盒）": "32h", "主动降噪深度": "最高42dB", "充电接口": "USB-C", "无线充电": "不支持"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "pods3续航多久", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "32h") || !strings.Contains(a.Text, "6h") {
			t.Errorf("Ask(pods3续航多久) = %q, want both battery lives (6h, 32h)", a.Text)
		}
		a = e.ask(Request{Question: "pods3能无线充电吗", AsOf: day("2025-12-01")})
		if strings.Contains(a.Text, "USB-C") {
			t.Errorf("Ask(pods3能无线充电吗) = %q, want 无线充电 alone, not 充电接口", a.Text)
		}
		a = e.ask(Request{Question: "pods3开降噪能用几个小时", AsOf: day("2025-12-01")})
		if strings.Contains(a.Text, "42dB") || !strings.Contains(a.Text, "6h") {
			t.Errorf("Ask(pods3开降噪能用几个小时) = %q, want the hours (6h) without the noise cancelling depth", a.Text)
		}
	})
}

// A store in a city the knowledge base never mentions is refused; the
// hours of a store it lists are answered, though the question asks when
// it closes and the text says 营业时间.
func TestStoreHoursAndUnknownCity(t *testing.T) {
	sources := map[string]string{
		"policies/stores.md": "---\nid: stores\ntitle: 线下门店服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 线下门店服务说明\n\n青目目前在3个城市设有直营门店：\n\n1. 上海静安店：上海市静安区南京西路1088号1层，营业时间每天10:00-22:00。\n2. 杭州湖滨店：杭州市上城区东坡路66号，营业时间每天10:00-21:30。\n3. 成都太古里店：成都市锦江区中纱帽街8号，营业时间每天10:00-22:00。\n",
		// (A service named for the stores: its name's 门店 still asks
		// about a store.)
		"products.jsonl": `{"id": "QM-9001", "name": "青目门店验光服务", "category": "服务", "price_cny": 0, "channels": ["web"], "launched": "2024-01-01", "specs": {"时长": "约20分钟"}, "related": []}` + "\n",
		// 广州 as a factory's city says nothing of a store there.
		"policies/lots.md": "---\nid: lots\ntitle: 批号说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 批号说明\n\n批号第2位为工厂代码：G=广州工厂，S=苏州工厂。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "杭州店晚上几点关门", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "21:30") {
			t.Errorf("Ask(杭州店晚上几点关门) = %s %q, want the Hangzhou store's hours 21:30", a.Status, a.Text)
		}
		for _, q := range []string{"北京有你们的店吗 想去配镜", "深圳那家门店几点开门", "广州有你们线下门店吗 地址发一下", "西安那家青目门店地址电话发我下", "拉萨有你们的维修网点吗 地址发我一下"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused || a.Reason != ReasonOutOfScope {
				t.Errorf("Ask(%q) = %s %s %q, want refused OUT_OF_SCOPE: no store there", q, a.Status, a.Reason, a.Text)
			}
		}
	})
}

// A coined word of one English name links its product, and a number of
// the question inside a range only some variants state picks those.
func TestCoinedNameAndVariantRange(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-5001", "name": "青目水润日抛隐形眼镜", "name_en": "QINGMU HydraDaily Daily Contact Lenses", "category": "隐形眼镜", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"含水量": "58%"}, "variants": [{"sku": "QM-5001-30A", "pack": "30片装", "power": "-0.50D ~ -6.00D", "price_cny": 129}, {"sku": "QM-5001-30B", "pack": "30片装", "power": "-6.50D ~ -10.00D", "price_cny": 139}, {"sku": "QM-5001-90B", "pack": "90片装", "power": "-6.50D ~ -10.00D", "price_cny": 369}], "related": []}
{"id": "QM-5003", "name": "青目雾眸彩色日抛隐形眼镜", "name_en": "QINGMU MistEye Color Daily Contacts", "category": "隐形眼镜", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"含水量": "38%"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "How much is HydraDaily in -7.00?", AsOf: day("2025-12-01")})
		if len(a.Trace.Plan.Entities) == 0 || a.Trace.Plan.Entities[0].ID != "QM-5001" {
			t.Errorf("Ask(How much is HydraDaily in -7.00?) linked %+v, want QM-5001 by its coined English word", a.Trace.Plan.Entities)
		}
		if !strings.Contains(a.Text, "369") || strings.Contains(a.Text, "-0.50D") {
			t.Errorf("Ask(How much is HydraDaily in -7.00?) = %q, want the -6.50D ~ -10.00D variants (369), not the -0.50D ~ -6.00D one", a.Text)
		}
	})
}

// A model code two names carry alike ("山脊2pro" of a tent and of its
// footprint) links the one the other is an accessory of, and the
// accessories (配件) of a product are what is used with it.
func TestCodeTieAndAccessories(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YL-1002", "name": "野岭山脊2 Pro双人帐篷", "category": "帐篷", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "1.85kg"}, "related": []}
{"id": "YL-1003", "name": "野岭山脊1单人帐篷", "category": "帐篷", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "1.35kg"}, "related": []}
{"id": "YL-1101", "name": "野岭山脊2 Pro专用地布", "category": "帐篷配件", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "320g"}, "related": [{"type": "compatible_with", "id": "YL-1002"}]}
{"id": "YL-1103", "name": "野岭山脊系列备用帐杆", "category": "帐篷配件", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "7075铝合金"}, "related": [{"type": "compatible_with", "id": "YL-1002"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "山脊2pro多重啊", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1.85kg") || strings.Contains(a.Text, "320g") {
			t.Errorf("Ask(山脊2pro多重啊) = %q, want the tent's weight 1.85kg, not its footprint's", a.Text)
		}
		// Two of a series compared, one by its code, the other by the
		// series' word and its number.
		a = e.ask(Request{Question: "山脊1跟山脊2pro重量差多少", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1.35kg") || !strings.Contains(a.Text, "1.85kg") {
			t.Errorf("Ask(山脊1跟山脊2pro重量差多少) = %q, want both tents' weights 1.35kg and 1.85kg", a.Text)
		}
		a = e.ask(Request{Question: "配山脊2pro的配件有哪些", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "专用地布") || !strings.Contains(a.Text, "备用帐杆") {
			t.Errorf("Ask(配山脊2pro的配件有哪些) = %q, want the footprint and the spare pole", a.Text)
		}
	})
}

// An undated FAQ that states a rule with other numbers than the policy in
// force at the as-of date gives way to the policy.
func TestPolicyOverFAQ(t *testing.T) {
	pol := func(id, title, from, to, body string) string {
		return "---\nid: " + id + "\ntitle: " + title + "\nchannels: all\napplies_to: all\neffective_from: " + from + "\neffective_to: " + to + "\nsupersedes: null\n---\n\n# " + title + "\n\n## 积分抵扣\n\n" + body + "\n"
	}
	sources := map[string]string{
		"policies/m2024.md": pol("m2024", "会员积分规则（2024版）", "2024-01-01", "2025-02-28", "100积分抵1元，在微信小程序、官网下单时可直接抵扣；单笔订单积分抵扣金额不超过订单实付金额的10%。"),
		"policies/m2025.md": pol("m2025", "会员积分规则（2025版）", "2025-03-01", "null", "100积分抵1元，在微信小程序、官网下单时可直接抵扣；单笔订单积分抵扣金额不超过订单实付金额的20%。"),
		"faq.csv":           "id,question,answer,tags\nF01,会员积分怎么用？,100积分抵1元，在微信小程序、官网下单时直接抵扣，单笔抵扣不超过订单实付金额的20%。,积分\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "下单用积分 一单最多能抵多少", AsOf: day("2025-01-15")})
		if !strings.Contains(a.Text, "10%") || strings.Contains(a.Text, "20%") {
			t.Errorf("Ask(一单最多能抵多少, 2025-01-15) = %q, want the 2024 rule's 10%% alone", a.Text)
		}
	})
}

// An English word of the question, or two it says as one, asks the
// Chinese key that holds its dictionary translation, and labels it in the
// answer; a Chinese label's
// field is no English text to answer with.
func TestEnglishWordAsksKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-5002", "name": "青目硅水凝胶月抛隐形眼镜", "name_en": "QINGMU SiHy Monthly Contact Lenses", "category": "隐形眼镜", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"基弧": "8.5mm", "直径": "14.0mm", "含水量": "48%"}, "related": []}
{"id": "MZ-1004", "name": "眠舟乳胶独袋弹簧床垫Pro", "name_en": "MIANZHOU Latex Hybrid Mattress Pro", "category": "床垫", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "32cm", "乳胶层": "5cm泰国天然乳胶"}, "related": []}
{"id": "YL-3002", "name": "野岭蛋巢折叠泡沫垫", "name_en": "YELING EggCrate Foam Pad", "category": "睡垫", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"R值": "2.0", "厚度": "2cm"}, "related": []}
{"id": "QF-1003", "name": "擎风 L9 增程SUV", "name_en": "QINGFENG L9 Range-Extended SUV", "category": "整车", "price_cny": 299800, "channels": ["web"], "launched": "2024-09-01", "attributes": {"整车质保": "4年或10万公里"}, "specs": {"车身尺寸": "5130×1990×1780mm", "油箱容积": "65L", "燃油标号": "92号及以上汽油"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "What's the diameter of the SiHy monthly lenses?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "diameter is 14.0mm") {
			t.Errorf("Ask(diameter of the SiHy lenses) = %q, want \"diameter is 14.0mm\"", a.Text)
		}
		// A word of the name written again as a word ("the latex layer");
		// a Latin letter and a word ("r value" for R值).
		a = e.ask(Request{Question: "How thick is the Latex Hybrid Mattress Pro, and how thick is the latex layer?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "5cm") || !strings.Contains(a.Text, "32cm") {
			t.Errorf("Ask(how thick is the latex layer) = %q, want 32cm and the latex layer's 5cm", a.Text)
		}
		a = e.ask(Request{Question: "what r value is the eggcrate foam pad", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2.0") {
			t.Errorf("Ask(what r value is the eggcrate foam pad) = %q, want its R值 2.0", a.Text)
		}
		// Two words the dictionary translates as one: "fuel tank" is 油箱.
		a = e.ask(Request{Question: "How big is the L9's fuel tank?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "65L") {
			t.Errorf("Ask(How big is the L9's fuel tank?) = %q, want its 油箱容积 65L", a.Text)
		}
	})
}

// A format whose code table follows a colon ("第1位为产品类型：D=透明日抛，
// M=月抛") reads a number quoted alone, found by the format's own words.
func TestSerialReadColonTable(t *testing.T) {
	sources := map[string]string{
		"policies/lots.md": "---\nid: lots\ntitle: 隐形眼镜正品保障与批号说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 隐形眼镜正品保障与批号说明\n\n## 批号规则\n\n1. 外盒侧面印有10位批号。\n2. 第1位为产品类型：D=透明日抛，M=月抛，C=彩色日抛。\n3. 第2位为工厂代码：S=苏州工厂，Z=珠海工厂。\n4. 第3-6位为生产年月（YYMM），第7-10位为流水号。\n",
		"faq.csv":          "id,question,answer,tags\nF01,门店几点营业？,每天10:00-22:00。,门店\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"CZ25030718", "MS24110033 这批是月抛吗"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			want := map[string]string{"CZ25030718": "彩色日抛", "MS24110033 这批是月抛吗": "产品类型：月抛"}[q]
			if a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%q) = %s %q, want the number read: %s; notes %v", q, a.Status, a.Text, want, a.Trace.Notes)
			}
		}
	})
}

// A run of the question that product names hold links the one on sale
// though the segmenter cut it ("月抛拆开了"), a made-up word of one name
// links it wherever it stands ("雾眸彩片有哪几个色"), and a product whose
// facts do not answer what is asked is not answered with its variants.
func TestNameRunsAndCoinedWords(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-5002", "name": "青目硅水凝胶月抛隐形眼镜", "category": "隐形眼镜", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"使用周期": "月抛（开封后30天）"}, "related": []}
{"id": "QM-5004", "name": "青目水润月抛隐形眼镜（旧款）", "category": "隐形眼镜", "price_cny": 69, "channels": ["tmall"], "launched": "2022-01-01", "discontinued": "2025-03-31", "specs": {"使用周期": "月抛（开封后30天）"}, "related": []}
{"id": "ZF-2001", "name": "青目速干短袖T恤（男款）", "category": "服饰", "price_cny": 159, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料": "聚酯纤维"}, "variants": [{"sku": "ZF-2001-M", "size": "M", "chest": "96cm", "price_cny": 159}, {"sku": "ZF-2001-3XL", "size": "3XL", "chest": "112cm", "price_cny": 169}], "related": []}
{"id": "QM-5003", "name": "青目雾眸彩色日抛隐形眼镜", "category": "隐形眼镜", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"使用周期": "日抛"}, "variants": [{"sku": "QM-5003-GB", "color": "雾灰棕", "price_cny": 79}, {"sku": "QM-5003-AB", "color": "琥珀棕", "price_cny": 79}], "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF01,彩片能戴多久？,雾眸彩色日抛建议每天佩戴不超过8小时。,彩片\nF02,速干衣怎么洗？,水温不超过30℃，不要放柔顺剂。,洗护\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "月抛拆开了能戴几天", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "30天") || len(a.Trace.Plan.Entities) == 0 || a.Trace.Plan.Entities[0].ID != "QM-5002" {
			t.Errorf("Ask(月抛拆开了能戴几天) = %s %q linking %+v, want QM-5002's 30天", a.Status, a.Text, a.Trace.Plan.Entities)
		}
		a = e.ask(Request{Question: "雾眸彩片有哪几个色", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "雾灰棕") || !strings.Contains(a.Text, "琥珀棕") {
			t.Errorf("Ask(雾眸彩片有哪几个色) = %s %q, want its colours", a.Status, a.Text)
		}
		a = e.ask(Request{Question: "速干衣洗的时候水温多少合适", AsOf: day("2025-12-01")})
		if strings.Contains(a.Text, "112cm") {
			t.Errorf("Ask(速干衣洗的时候水温多少合适) = %q, want no variants: they do not say it", a.Text)
		}
	})
}

// A question that is a product's id alone is answered with what it is.
func TestIDAlone(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YL-8002", "name": "野岭登山杖杖尖保护套（4只装）", "name_en": "YELING Pole Tip Protectors (4-pack)", "category": "登山杖配件", "price_cny": 19, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "橡胶"}, "related": []}
{"id": "YL-4003", "name": "野岭蛋卷桌", "category": "露营桌", "price_cny": 269, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "铝合金"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "YL-8002", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "杖尖保护套") || !strings.Contains(a.Text, "19") {
			t.Errorf("Ask(YL-8002) = %s %q, want its name and price 19, in Chinese", a.Status, a.Text)
		}
	})
}

// A variant named answers with what its product states for all its
// variants ("r值" with a Latin letter in a Chinese key), and what is used
// with the product (its refill) is its too.
func TestVariantInheritsProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YL-3001", "name": "野岭云朵充气睡垫", "category": "睡垫", "price_cny": 499, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"R值": "4.2", "厚度": "8cm"}, "variants": [{"sku": "YL-3001-S", "size": "标准版", "price_cny": 499}, {"sku": "YL-3001-W", "size": "宽版", "price_cny": 599}], "related": []}
{"id": "NY-2002", "name": "暖屿空气净化器P5", "category": "空气净化器", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"CADR": "500m³/h"}, "variants": [{"sku": "NY-2002-S", "edition": "标准版", "price_cny": 1299}, {"sku": "NY-2002-F", "edition": "除醛版", "price_cny": 1599}], "related": []}
{"id": "NY-2102", "name": "暖屿P5复合滤芯", "category": "耗材", "price_cny": 269, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"更换周期": "8-12个月"}, "related": [{"type": "refill_of", "id": "NY-2002"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "云朵睡垫r值多少 宽版的多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "4.2") || !strings.Contains(a.Text, "599") {
			t.Errorf("Ask(云朵睡垫r值多少 宽版的多少钱) = %q, want the pad's R值 4.2 and the wide one's 599", a.Text)
		}
		a = e.ask(Request{Question: "P5除醛版要换滤芯 买哪个 多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "269") {
			t.Errorf("Ask(P5除醛版要换滤芯 买哪个 多少钱) = %q, want the filter's price 269 (plan %+v, notes %v)", a.Text, a.Trace.Plan, a.Trace.Notes)
		}
	})
}

// A short model code no name or text of the knowledge base carries names a
// product the brand does not have; a size written with x is no model.
func TestUnknownShortModel(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-1009", "name": "眠舟深睡智能调温床垫", "category": "床垫", "price_cny": 8999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺寸": "180x200cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "你们家电动升降智能床E9多少钱", AsOf: day("2025-12-01")}); a.Status != StatusRefused || a.Reason != ReasonOutOfScope {
			t.Errorf("Ask(智能床E9多少钱) = %s %s %q, want refused OUT_OF_SCOPE: no E9", a.Status, a.Reason, a.Text)
		}
		if a := e.ask(Request{Question: "智能调温床垫180x220有吗 多少钱", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "8999") {
			t.Errorf("Ask(智能调温床垫180x220有吗 多少钱) = %s %q, want its price 8999, not a refusal", a.Status, a.Text)
		}
	})
}

// A comparison with an old model names it though it is no longer sold.
func TestCompareWithOldModel(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-1001", "name": "眠舟云棉弹簧床垫（一代）", "category": "床垫", "price_cny": 1999, "channels": ["tmall"], "launched": "2023-01-01", "discontinued": "2025-03-31", "specs": {"厚度": "22cm"}, "related": []}
{"id": "MZ-1002", "name": "眠舟云棉弹簧床垫二代", "category": "床垫", "price_cny": 1799, "channels": ["tmall"], "launched": "2025-04-01", "specs": {"厚度": "24cm"}, "related": [{"type": "replaces", "id": "MZ-1001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "云棉二代跟一代比 厚了多少", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "22cm") || !strings.Contains(a.Text, "24cm") {
			t.Errorf("Ask(云棉二代跟一代比 厚了多少) = %q, want both thicknesses 22cm and 24cm", a.Text)
		}
	})
}

// An order placed during a sales event ("双十一买的", "during the Double 11
// sale") is answered by the rules in force during the event, after it ended.
func TestEventOrderDate(t *testing.T) {
	pol := func(id, title, from, to, body string) string {
		return "---\nid: " + id + "\ntitle: " + title + "\nchannels: all\napplies_to: all\neffective_from: " + from + "\neffective_to: " + to + "\nsupersedes: null\n---\n\n# " + title + "\n\n## 退货\n\n" + body + "\n"
	}
	sources := map[string]string{
		"policies/returns.md": pol("returns", "退换货政策", "2024-01-01", "null", "自签收次日起15天内，商品未佩戴外出的，可申请无理由退货。"),
		"policies/d11.md":     pol("d11", "2025年双11活动规则", "2025-10-20", "2025-11-21", "活动订单中的成品眼镜，无理由退货期由签收后15天延长至签收后30天。"),
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "双十一买的墨镜 签收20天了 能无理由退吗", AsOf: day("2025-11-28")})
		if !strings.Contains(a.Text, "30") {
			t.Errorf("Ask(双十一买的墨镜…) = %s %q, want the event's 30-day window; notes %v", a.Status, a.Text, a.Trace.Notes)
		}
		// The festival a few words before the verb ("当天在天猫下单的").
		if a := e.ask(Request{Question: "双十一当天在天猫下单的墨镜 签收20天了 能无理由退吗", AsOf: day("2025-11-28")}); !strings.Contains(a.Text, "30") {
			t.Errorf("Ask(双十一当天在天猫下单的墨镜…) = %s %q, want the event's 30-day window; notes %v", a.Status, a.Text, a.Trace.Notes)
		}
		// The title writes 双11, the question 双十一, and the other way round.
		e2 := newTestEnv(t, s, extractive, map[string]string{
			"policies/returns.md": sources["policies/returns.md"],
			"policies/d11.md":     pol("d11", "2025年双十一活动规则", "2025-10-20", "2025-11-21", "活动订单中的成品眼镜，无理由退货期由签收后15天延长至签收后30天。"),
		})
		if a := e2.ask(Request{Question: "双11买的墨镜 签收20天了 能无理由退吗", AsOf: day("2025-11-28")}); !strings.Contains(a.Text, "30") {
			t.Errorf("Ask(双11买的墨镜…) of 《2025年双十一活动规则》 = %s %q, want the event's 30-day window; notes %v", a.Status, a.Text, a.Trace.Notes)
		}
		a = e.ask(Request{Question: "I bought it during the Double 11 sale and got it 20 days ago. Can I still return it?", AsOf: day("2025-11-28")})
		if !slices.ContainsFunc(a.Trace.Notes, func(n string) bool { return strings.Contains(n, "the order was placed on 2025-11-2") }) {
			t.Errorf("Ask(bought during the Double 11 sale…) notes %v, want the order dated in the event", a.Trace.Notes)
		}
	})
}

// What a set's items cost separately comes with what the set costs.
func TestSetTotalWithPrice(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-9002", "name": "青目月抛护理入门套装", "category": "套装", "price_cny": 239, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"单品合计价值": "315.9元"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "月抛护理入门套装 单买加起来多少", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "239") || !strings.Contains(a.Text, "315.9") {
			t.Errorf("Ask(月抛护理入门套装 单买加起来多少) = %q, want the set's 239 and the separate 315.9", a.Text)
		}
	})
}

// A discontinued product compared with what replaced it ("比原来高多少")
// answers with both products' facts.
func TestReplacedComparedWithOld(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-5004", "name": "青目水润月抛隐形眼镜（旧款）", "category": "隐形眼镜", "price_cny": 69, "channels": ["tmall"], "launched": "2022-01-01", "discontinued": "2025-03-31", "specs": {"透氧量": "Dk/t 24"}, "related": []}
{"id": "QM-5002", "name": "青目硅水凝胶月抛隐形眼镜", "category": "隐形眼镜", "price_cny": 89, "channels": ["tmall"], "launched": "2025-04-01", "specs": {"透氧量": "Dk/t 138"}, "related": [{"type": "replaces", "id": "QM-5004"}]}
{"id": "QM-9002", "name": "青目月抛护理入门套装", "category": "套装", "price_cny": 239, "channels": ["tmall"], "launched": "2025-04-01", "related": [{"type": "set_contains", "id": "QM-5002"}]}
{"id": "QM-5001", "name": "青目水润日抛隐形眼镜", "category": "隐形眼镜", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"透氧量": "Dk/t 28"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "水润月抛停了换成啥了 透氧比原来高多少", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "Dk/t 24") || !strings.Contains(a.Text, "Dk/t 138") {
			t.Errorf("Ask(水润月抛停了换成啥了 透氧比原来高多少) = %q, want both Dk/t 24 and Dk/t 138", a.Text)
		}
	})
}

// A fact that refers to a document by its title ("见《…服务承诺》") brings
// the document's sentences that say what the facts leave unsaid.
func TestReferencedDocument(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-3006", "name": "青目星护儿童离焦镜片", "category": "镜片", "price_cny": 1680, "channels": ["tmall"], "launched": "2024-07-01", "attributes": {"验光要求": "需提供3个月内的医院验光单", "服务承诺": "见《星护儿童离焦镜片服务承诺》"}, "related": []}
`,
		"policies/kids.md": "---\nid: kids\ntitle: 星护儿童离焦镜片服务承诺\nchannels: all\napplies_to: all\neffective_from: 2024-07-01\neffective_to: null\nsupersedes: null\n---\n\n# 星护儿童离焦镜片服务承诺\n\n## 一、验光要求\n\n下单须提供3个月内的医院验光单。\n\n## 二、佩戴建议\n\n建议每天佩戴不少于8小时，并每3个月复查一次。\n\n## 三、换片保障\n\n签收后12个月内度数变化达到50度的，可免费换片1次。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "星护的片子一天要戴多长时间 多久复查", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "8小时") {
			t.Errorf("Ask(星护的片子一天要戴多长时间 多久复查) = %q, want the promise's 8小时", a.Text)
		}
	})
}

// English words none of whose translations a Chinese knowledge base uses
// name a product it does not have ("smart audio glasses").
func TestEnglishUnknownProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-4101", "name": "青目折叠老花镜", "name_en": "QINGMU Foldable Reading Glasses", "category": "老花镜", "price_cny": 169, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约14g"}, "related": []}
{"id": "QM-4102", "name": "青目便携老花镜", "name_en": "QINGMU Slim Reading Glasses", "category": "老花镜", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约10g"}, "related": []}
{"id": "QM-6003", "name": "青目超细纤维擦镜布（5片装）", "name_en": "QINGMU Microfiber Lens Cloths (5-pack)", "category": "清洁护理", "price_cny": 19.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺寸": "15×15cm"}, "related": []}
{"id": "QM-5001", "name": "青目水润日抛隐形眼镜", "name_en": "QINGMU HydraDaily Daily Contact Lenses", "category": "隐形眼镜", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"含水量": "58%"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "How much are QINGMU's smart audio glasses?", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(smart audio glasses) = %s %q, want refused; plan %+v notes %v", a.Status, a.Text, a.Trace.Plan.Terms, a.Trace.Notes)
		}
		if a := e.ask(Request{Question: "How much are the foldable reading glasses?", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "169") {
			t.Errorf("Ask(foldable reading glasses) = %s %q, want 169", a.Status, a.Text)
		}
	})
}

// The rules of a sales event in force on the order date a question states
// override the general rules, though the question does not name the event.
func TestEventRulesOfTheOrderDate(t *testing.T) {
	pol := func(id, title, from, to, body string) string {
		return "---\nid: " + id + "\ntitle: " + title + "\nchannels: all\napplies_to: all\neffective_from: " + from + "\neffective_to: " + to + "\nsupersedes: null\n---\n\n# " + title + "\n\n## 退货\n\n" + body + "\n"
	}
	sources := map[string]string{
		"policies/returns.md": pol("returns", "退换货政策", "2024-01-01", "null", "自签收次日起7天内，商品未拆封的，可申请无理由退货。"),
		"policies/d11.md":     pol("d11", "2025年双十一大促活动规则", "2025-10-20", "2025-11-20", "活动期间下单的耳机，未拆封的，无理由退货期由签收后7天延长至签收后15天。"),
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "11.8下单的耳机 没拆封 签收第12天了还能退吗", AsOf: day("2025-11-25")})
		if !strings.Contains(a.Text, "15天") || strings.Contains(a.Text, "自签收次日起7天内") {
			t.Errorf("Ask(11.8下单的耳机…还能退吗) = %s %q, want the event's 15天 over the general 7天; notes %v", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "功率多大" answered by the key it names leaves nothing of "多大" open: no
// text about a size or capacity joins the answer.
func TestSharedCueAnswered(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ML-101", "name": "摩卡实验室 意式咖啡机 M2 Pro", "category": "咖啡机", "price_cny": 4599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"功率": "1800W", "水箱容量": "2.5L"}, "related": []}
{"id": "ML-100", "name": "摩卡实验室 意式半自动咖啡机 M1", "category": "咖啡机", "price_cny": 2999, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"功率": "1350W", "水箱容量": "1.8L"}, "related": []}
{"id": "ML-201", "name": "摩卡实验室 磨豆机 G1", "category": "磨豆机", "price_cny": 899, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"功率": "150W"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF01,M1和M2 Pro有什么区别？,M1 为单锅炉，水箱1.8L，保修2年。M2 Pro 为双锅炉，水箱2.5L，保修3年。,区别\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "M2 Pro 功率多大", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1800W") || strings.Contains(a.Text, "水箱") {
			t.Errorf("Ask(M2 Pro 功率多大) = %q, want its power 1800W alone", a.Text)
		}
	})
}

// A comparison of models named by decimals ("1.60跟1.67的片") links the
// model like the other one named.
func TestCompareDecimalModels(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-3002", "name": "青目1.60非球面树脂镜片", "category": "镜片", "price_cny": 399, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"中心厚度": "约1.9mm"}, "related": []}
{"id": "QM-3003", "name": "青目1.67非球面树脂镜片", "category": "镜片", "price_cny": 699, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"中心厚度": "约1.6mm"}, "related": []}
{"id": "QM-3005", "name": "青目1.60变色镜片", "category": "镜片", "price_cny": 799, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"中心厚度": "约2.0mm"}, "related": []}
{"id": "QM-4101", "name": "青目折叠老花镜", "category": "老花镜", "price_cny": 169, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"重量": "约14g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "1.60跟1.67的片差多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "399") || !strings.Contains(a.Text, "699") || strings.Contains(a.Text, "799") {
			t.Errorf("Ask(1.60跟1.67的片差多少钱) = %q, want 399 and 699, not the photochromic 799", a.Text)
		}
	})
}

// A name found by part of it links the product for everyone over the one
// for a group the question does not name.
func TestGeneralOverGroupProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-2001", "name": "眠舟泰国天然乳胶枕", "category": "枕头", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"高度": "10/12cm"}, "related": []}
{"id": "MZ-2002", "name": "眠舟儿童乳胶枕", "category": "枕头", "price_cny": 169, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"高度": "5/6cm"}, "related": []}
{"id": "MZ-2101", "name": "眠舟乳胶枕替换外套（2只装）", "category": "配件", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "天丝"}, "related": [{"type": "compatible_with", "id": "MZ-2001"}]}
{"id": "MZ-1002", "name": "眠舟云棉弹簧床垫二代", "category": "床垫", "price_cny": 1799, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "24cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "乳胶枕多高啊", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "10/12cm") {
			t.Errorf("Ask(乳胶枕多高啊) = %q, want the pillow for everyone's 10/12cm", a.Text)
		}
		if a := e.ask(Request{Question: "儿童乳胶枕多高", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "5/6cm") {
			t.Errorf("Ask(儿童乳胶枕多高) = %q, want the children's 5/6cm", a.Text)
		}
	})
}

// A run of the question a value says whole ("是纯钛的吗": 纯钛) asks that
// attribute, though the segmenter made no word of it.
func TestValueSaysQuestionRun(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-1001", "name": "青目轻钛方框镜架T1", "category": "光学镜架", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "镜圈纯钛，镜腿β钛", "重量": "约9.8g（52码）", "镜框宽度": "138mm"}, "related": []}
{"id": "QM-1002", "name": "青目TR90圆框镜架R2", "category": "光学镜架", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "TR90", "重量": "约12g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "T1镜架多重啊 是纯钛的吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "9.8g") || !strings.Contains(a.Text, "纯钛") {
			t.Errorf("Ask(T1镜架多重啊 是纯钛的吗) = %q, want its weight and its 材质 (纯钛)", a.Text)
		}
	})
}

// A city the knowledge never names is searched and covered by its
// province ("我在乌鲁木齐" against rules that name 新疆).
func TestCityByProvince(t *testing.T) {
	sources := map[string]string{
		"policies/ship.md": "---\nid: ship\ntitle: 气罐运输与销售限制说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 气罐运输与销售限制说明\n\n## 配送范围\n\n气罐属危险品，新疆、西藏、青海、海南地区不配送气罐及含气罐的套装。\n\n## 发货\n\n其他地区付款后48小时内发货。\n",
		"faq.csv":          "id,question,answer,tags\nF01,门店几点营业？,每天10:00-22:00。,门店\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "我在乌鲁木齐 气罐能发过来吗", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "不配送") {
			t.Errorf("Ask(我在乌鲁木齐 气罐能发过来吗) = %s %q, want the rule for 新疆 (不配送); notes %v", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A sentence cut at its semicolon goes on in the next clause: the clause
// that states the measure asked ("放几天": 保留7天) joins the clause picked.
func TestClauseAfterSemicolon(t *testing.T) {
	sources := map[string]string{
		"policies/stores.md": "---\nid: stores\ntitle: 门店服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 门店服务说明\n\n## 自提\n\n1. 官网订单可选择「门店自提」，到店后出示提货码领取；商品到店后保留7天，逾期未取自动取消订单并退款。\n2. 官网订单可到任一门店办理退换货。\n\n## 营业\n\n门店每天10:00-22:00营业。\n",
		"faq.csv":            "id,question,answer,tags\nF01,门店几点营业？,每天10:00-22:00。,门店\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "官网下单能去店里自提吗 到了能放几天", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "提货码") || !strings.Contains(a.Text, "7天") {
			t.Errorf("Ask(…自提吗 到了能放几天) = %s %q, want the pick-up rule with its 7天", a.Status, a.Text)
		}
	})
}

// "哪几个城市" asks which: the sentence that names them answers, not the one
// that counts them; a table's rows list their things one a row.
func TestListAnsweredByEnumeration(t *testing.T) {
	sources := map[string]string{
		"policies/stores.md": "---\nid: stores\ntitle: 线下门店服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 线下门店服务说明\n\n目前共有3家线下直营门店，其他城市暂无门店，也未授权任何加盟店。\n\n## 门店购物\n\n门店商品价格与官网日常价一致。\n",
		"faq.csv":            "id,question,answer,tags\nF01,有哪些线下门店？,目前有3家直营门店：成都旗舰店（天府大道1688号）、北京店（望京街10号）、广州店（体育西路191号）。其他城市暂无门店。,门店\nF02,门店几点营业？,每天10:00-22:00。,门店\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "你们线下店开在哪几个城市", AsOf: day("2025-12-01")})
		for _, city := range []string{"成都", "北京", "广州"} {
			if !strings.Contains(a.Text, city) {
				t.Errorf("Ask(你们线下店开在哪几个城市) = %s %q, want %s among the stores named", a.Status, a.Text, city)
			}
		}
	})
	tiers := map[string]string{
		"policies/members.md": "---\nid: members\ntitle: 会员积分规则\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 会员积分规则\n\n## 会员等级\n\n| 等级 | 升级条件 | 权益 |\n|---|---|---|\n| 小爪会员 | 注册即可 | 1倍积分 |\n| 银爪会员 | 满600元 | 1.2倍积分 |\n| 金爪会员 | 满2000元 | 1.5倍积分 |\n\n## 注销\n\n注销后积分、优惠券、会员等级将被清空，且无法恢复。\n\n## 变更\n\n会员等级、积分、生日礼可在小程序、官网查看。\n\n会员等级的升级门槛、权益如有调整，以小程序、官网公告为准。\n",
		"faq.csv":             "id,question,answer,tags\nF02,门店几点营业？,每天10:00-22:00。,门店\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, tiers)
		a := e.ask(Request{Question: "会员有几个等级 各要花多少钱", AsOf: day("2025-12-01")})
		for _, v := range []string{"注册即可", "600", "2000"} {
			if !strings.Contains(a.Text, v) {
				t.Errorf("Ask(会员有几个等级 各要花多少钱) = %s %q, want the table's rows (%s)", a.Status, a.Text, v)
			}
		}
	})
}

// A word both compared names hold ("A1和A2 Pro防水差多少": 防水) is what
// they are compared by, when a key of theirs holds it; "差多少" then asks
// that difference, not the price's.
func TestCompareBySharedNameWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HB-1001", "name": "禾边防水运动手表A1", "category": "手表", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水等级": "5ATM", "重量": "38g"}, "related": []}
{"id": "HB-1002", "name": "禾边专业防水潜水表A2 Pro", "category": "手表", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水等级": "10ATM", "重量": "52g"}, "related": []}
{"id": "HB-2001", "name": "禾边智能手环B1", "category": "手环", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "20g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "A1和A2 Pro防水差多少", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "5ATM") || !strings.Contains(a.Text, "10ATM") || strings.Contains(a.Text, "1299") {
			t.Errorf("Ask(A1和A2 Pro防水差多少) = %q, want both 防水等级 (5ATM, 10ATM) and not the prices", a.Text)
		}
		if a := e.ask(Request{Question: "A1和A2 Pro差多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "1299") {
			t.Errorf("Ask(A1和A2 Pro差多少钱) = %q, want the prices", a.Text)
		}
	})
}

// Two products asked about together are each answered by what the other
// is: B1's 表壳 says 不防水, so A1's 表壳 answers too, beside its 防水等级.
func TestTwoNamedAnsweredAlike(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HB-1001", "name": "禾边运动手表A1", "category": "手表", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水等级": "5ATM", "表壳": "不锈钢防水表壳", "重量": "38g"}, "related": []}
{"id": "HB-1002", "name": "禾边时装表B1", "category": "手表", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"表壳": "塑料表壳（不防水）", "重量": "30g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "A1和B1都防水吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "不锈钢防水表壳") || !strings.Contains(a.Text, "不防水") || strings.Contains(a.Text, "38g") {
			t.Errorf("Ask(A1和B1都防水吗) = %q, want both 表壳 (不锈钢防水表壳, 不防水) and no weight", a.Text)
		}
	})
}

// "X还有吗" of something no longer sold asks whether it still is: the date
// it left the shelves answers.
func TestStillThereAsksAvailability(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QM-8004", "name": "青目双十一镜片清洁礼盒（限定）", "category": "套装", "price_cny": 79, "channels": ["tmall"], "launched": "2025-10-20", "discontinued": "2025-11-20", "specs": {"规格": "喷雾60ml + 擦镜布5片"}, "related": [{"type": "set_contains", "id": "QM-6001"}]}
{"id": "QM-6001", "name": "青目镜片清洁喷雾60ml", "category": "清洁", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "60ml"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "双十一那个镜片清洁礼盒还有吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2025-11-20") {
			t.Errorf("Ask(双十一那个镜片清洁礼盒还有吗) = %s %q, want the date it left the shelves (2025-11-20)", a.Status, a.Text)
		}
	})
}

// An everyday word inside several names ("城市" of …城市通勤电动自行车)
// names none of them: "开在哪几个城市" asks about the stores.
func TestCommonWordLinksNoProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YC-1001", "name": "越驰C1城市通勤电动自行车（一代）", "category": "电动自行车", "price_cny": 2999, "channels": ["tmall"], "launched": "2023-01-01", "discontinued": "2025-03-01", "specs": {"续航里程": "约60km"}, "related": []}
{"id": "YC-1002", "name": "越驰C1 Pro城市通勤电动自行车", "category": "电动自行车", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"续航里程": "约75km"}, "suitable_for": ["城市通勤"], "related": [{"type": "replaces", "id": "YC-1001"}]}
`,
		"policies/stores.md": "---\nid: stores\ntitle: 门店服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 门店服务说明\n\n越驰目前在3个城市设有直营门店：杭州滨江旗舰店、苏州园区店、南京河西店。\n\n## 价格\n\n门店商品价格与官网日常价一致。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "你们线下店都开在哪几个城市", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "苏州") || strings.Contains(a.Text, "通勤") {
			t.Errorf("Ask(你们线下店都开在哪几个城市) = %s %q, want the stores' cities, not a bike", a.Status, a.Text)
		}
	})
}

// What the knowledge does not know is refused though the rest of the
// question matches: a seller that is not one of the brand's channels
// ("宜家买的"), a generation of a series it does not have ("三代"), a
// showroom in a city where it has none.
func TestRefusesUnknownSellerGenerationShowroom(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SJ-1001", "name": "松居云朵布艺沙发", "category": "沙发", "price_cny": 2999, "channels": ["tmall"], "launched": "2023-01-01", "discontinued": "2025-03-01", "specs": {"坐深": "600mm"}, "related": []}
{"id": "SJ-1002", "name": "松居云朵布艺沙发二代", "category": "沙发", "price_cny": 3999, "channels": ["tmall"], "launched": "2025-03-01", "specs": {"坐深": "650mm"}, "related": [{"type": "replaces", "id": "SJ-1001"}]}
`,
		"policies/service.md": "---\nid: service\ntitle: 售后与上门服务\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 售后与上门服务\n\n## 上门维修\n\n松居沙发在质保期内可预约上门维修，天猫订单同样适用。\n\n## 体验馆\n\n松居在杭州滨江、上海徐汇设有直营体验馆，每天10:00-21:00营业，可试坐全部沙发。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"我的沙发是宜家买的 你们能上门修吗", "云朵沙发三代什么时候出 多少钱", "广州有体验馆吗 周末想去试坐"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
				t.Errorf("Ask(%s) = %s %q, want it refused", q, a.Status, a.Text)
			}
		}
		for q, want := range map[string]string{"我的沙发是天猫买的 你们能上门修吗": "上门维修", "云朵沙发二代多少钱": "3999", "杭州有体验馆吗 周末想去试坐": "杭州"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%s) = %s %q, want %s", q, a.Status, a.Text, want)
			}
		}
	})
}

// Asked on one channel, a rule with numbers that names only another
// channel is that channel's, where the text states the asker's by name;
// a sentence that points to other channels without numbers stays.
func TestOtherChannelsRuleLeftOut(t *testing.T) {
	sources := map[string]string{
		"policies/service.md": "---\nid: service\ntitle: 客服与积分说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 客服与积分说明\n\n## 客服时间\n\n在线客服（天猫、小红书、官网）的服务时间为每天9:00-22:00。抖音旗舰店客服在线时间为每天9:00-24:00。\n\n## 积分\n\n抖音订单不累计积分，积分抵扣仅限微信小程序和官网使用。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "客服几点下班啊", Channel: "tmall", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "22:00") || strings.Contains(a.Text, "24:00") {
			t.Errorf("Ask(客服几点下班啊) on tmall = %s %q, want 22:00 and not Douyin's 24:00", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "客服几点下班啊", Channel: "douyin", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "24:00") {
			t.Errorf("Ask(客服几点下班啊) on douyin = %s %q, want Douyin's 24:00", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "抖音下单可以用积分抵扣吗", Channel: "douyin", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "官网") {
			t.Errorf("Ask(抖音下单可以用积分抵扣吗) = %s %q, want where points can be used (官网)", a.Status, a.Text)
		}
	})
}

// A short code that ends in a linked product's code is the customer's
// shorthand for it ("VD3" of 维生素D3软胶囊), not an unknown model; a store
// question about a place where the knowledge names a store is in scope,
// whatever else it says.
func TestShorthandCodeAndKnownStorePlace(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZY-1004", "name": "知养维生素D3软胶囊（800IU）", "category": "维生素", "price_cny": 79, "channels": ["tmall"], "launched": "2025-05-01", "specs": {"囊壳": "植物来源囊壳", "维生素D3来源": "羊毛脂"}, "related": []}
`,
		"faq.csv":            "id,question,answer,tags\nF01,吃素的人能吃哪些？,植物蛋白粉适合素食者。维生素D3软胶囊（800IU）使用植物来源囊壳，但维生素D3提取自羊毛脂，纯素人群请注意。,素食\n",
		"policies/stores.md": "---\nid: stores\ntitle: 门店服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 门店服务说明\n\n知养在广州、厦门设有直营体验店。厦门思明店于2025-10-18开业，营业时间每天10:00-22:00。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "VD3 800IU那个素食能吃吗", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "羊毛脂") {
			t.Errorf("Ask(VD3 800IU那个素食能吃吗) = %s %q, want it answered (羊毛脂)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "厦门有你们店吗 下周末想去做个体测", AsOf: day("2025-09-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "2025-10-18") {
			t.Errorf("Ask(厦门有你们店吗 下周末想去做个体测) = %s %q, want the store's opening date", a.Status, a.Text)
		}
	})
}

// "一片多少叶酸": what one piece holds is what a key says per piece.
func TestOnePieceAsksPerPiece(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZY-1007", "name": "知养孕期叶酸片", "category": "维生素", "price_cny": 59, "channels": ["tmall"], "launched": "2023-05-01", "specs": {"每片功效成分": "叶酸400μg、维生素B12 2.6μg", "规格": "0.2g/片×93片", "食用量": "每日1次，每次1片"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "叶酸片一片多少叶酸", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "400μg") {
			t.Errorf("Ask(叶酸片一片多少叶酸) = %s %q, want 每片功效成分 (400μg)", a.Status, a.Text)
		}
	})
}

// A category's head inside a longer word of the question names something
// else: "营养师" is no 运动营养.
func TestGroupHeadInsideWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZY-6001", "name": "知养一水肌酸粉", "category": "运动营养", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "300g"}, "related": []}
{"id": "ZY-6002", "name": "知养运动电解质冲剂", "category": "运动营养", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "20袋"}, "related": []}
`,
		"policies/stores.md": "---\nid: stores\ntitle: 门店服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 门店服务说明\n\n门店驻店营养师提供免费营养咨询，营养师在店时间为每天10:00-20:00。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "营养师几点下班", AsOf: day("2025-12-01")})
		if a.Trace.Plan.Group != "" || strings.Contains(a.Text, "肌酸") || !strings.Contains(a.Text, "20:00") {
			t.Errorf("Ask(营养师几点下班) = %q (group %q), want the nutritionist's hours and no 运动营养 product", a.Text, a.Trace.Plan.Group)
		}
	})
}

// A question of several clauses asks each: the clause the best text does
// not speak to ("门店晚上几点关门") gets the sentence that does.
func TestEachClauseAnswered(t *testing.T) {
	sources := map[string]string{
		"policies/stores.md": "---\nid: stores\ntitle: 门店服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 门店服务说明\n\n## 一、门店信息\n\n1. 广州天河店：广州市天河区体育东路116号1层，营业时间每天10:00-22:00。\n\n## 二、营养咨询\n\n门店驻店营养师提供免费营养咨询（每次约30分钟），请通过微信小程序预约。营养师在店时间为每天10:00-20:00。\n\n线上营养师咨询：微信小程序「问营养师」，服务时间每天9:00-21:00。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "门店晚上几点关门 营养师几点下班", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "22:00") || !strings.Contains(a.Text, "20:00") {
			t.Errorf("Ask(门店晚上几点关门 营养师几点下班) = %s %q, want the store's 22:00 and the nutritionist's 20:00", a.Status, a.Text)
		}
	})
}

// A set linked beside a product it holds, by the words they share, gives
// way when the question names no set: "C1 Pro比一代续航多多少" compares the
// bike with the old one, not the bundle.
func TestSetOfLinkedUnlinked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YC-1001", "name": "越驰C1城市通勤电动自行车（一代）", "name_en": "YUECHI C1 City Commuter E-bike (Gen 1)", "category": "电动自行车", "price_cny": 2899, "channels": ["tmall"], "launched": "2023-01-01", "discontinued": "2025-04-30", "specs": {"续航里程": "约60km"}, "related": []}
{"id": "YC-1002", "name": "越驰C1 Pro城市通勤电动自行车", "name_en": "YUECHI C1 Pro City Commuter E-bike", "category": "电动自行车", "price_cny": 3299, "channels": ["tmall"], "launched": "2025-05-01", "specs": {"续航里程": "约75km"}, "related": [{"type": "replaces", "id": "YC-1001"}]}
{"id": "YC-9001", "name": "越驰C1 Pro通勤套装", "name_en": "YUECHI C1 Pro Commuter Bundle", "category": "套装", "price_cny": 3399, "channels": ["tmall"], "launched": "2025-05-01", "attributes": {"规格": "C1 Pro + 头盔"}, "related": [{"type": "set_contains", "id": "YC-1002"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "C1 Pro比一代续航多多少", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "60km") || !strings.Contains(a.Text, "75km") || strings.Contains(a.Text, "套装") {
			t.Errorf("Ask(C1 Pro比一代续航多多少) = %s %q, want both ranges (60km, 75km) and not the bundle", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "C1 Pro通勤套装多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "3399") {
			t.Errorf("Ask(C1 Pro通勤套装多少钱) = %s %q, want the bundle's 3399", a.Status, a.Text)
		}
	})
}

// "多大的娃" asks an age, "限重" a mass.
func TestAgeAndWeightLimitCues(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YC-5002", "name": "越驰儿童后座椅", "category": "骑行配件", "price_cny": 199, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"适用年龄": "2-6岁", "最大承重": "22kg", "安全带": "三点式安全带"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "儿童后座椅多大的娃能坐 限重多少", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2-6岁") || !strings.Contains(a.Text, "22kg") {
			t.Errorf("Ask(儿童后座椅多大的娃能坐 限重多少) = %s %q, want its age (2-6岁) and its limit (22kg)", a.Status, a.Text)
		}
	})
}

// A longer name around a shorter one is the better match only when the
// question writes it as one run: "实木床架承重多少 床板离地多高" asks of the
// bed frame, not of its riser legs (实木床架加高床脚), whose 床 and 高 it
// holds further on.
func TestLongerNameWrittenAsOneRun(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-5001", "name": "眠舟白橡木实木床架", "name_en": "MIANZHOU White Oak Solid Wood Bed Frame", "category": "床架", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"床板离地高度": "25cm", "床头高度": "100cm", "承重": "500kg"}, "variants": [{"sku": "MZ-5001-150", "size": "150×200cm床垫适用", "price_cny": 3299}, {"sku": "MZ-5001-180", "size": "180×200cm床垫适用", "price_cny": 3699}], "related": []}
{"id": "MZ-5004", "name": "眠舟实木床架加高床脚（4只装）", "name_en": "MIANZHOU Solid Wood Frame Riser Legs (4-pack)", "category": "床架配件", "price_cny": 199, "channels": ["tmall"], "launched": "2024-03-01", "attributes": {"适配说明": "仅适配眠舟白橡木实木床架，加装后床板离地33cm"}, "specs": {"加高": "8cm", "数量": "4只/套"}, "related": [{"type": "compatible_with", "id": "MZ-5001"}]}
{"id": "MZ-1002", "name": "眠舟云棉弹簧床垫二代", "category": "床垫", "price_cny": 1799, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"厚度": "24cm"}, "related": []}
{"id": "MZ-2001", "name": "眠舟泰国天然乳胶枕", "category": "枕头", "price_cny": 299, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"高度": "10/12cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "实木床架承重多少 床板离地多高", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "500kg") || !strings.Contains(a.Text, "25cm") {
			t.Errorf("Ask(实木床架承重多少 床板离地多高) = %s %q, want the frame's 500kg and 25cm", a.Status, a.Text)
		}
	})
}

// A word of an accessory's name inside the run of a key of its main
// product that the question writes most of ("白蜡木床1米8的多少钱 床头有多高":
// 床头 of the bed's 床头高度) names the main product, not the accessory
// (白蜡木床头柜).
func TestAccessoryWordInPartOfKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SJ-2001", "name": "松居北欧白蜡木实木床", "category": "床", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"床头高度": "1000mm", "承重": "500kg"}, "variants": [{"sku": "SJ-2001-150", "size": "1.5m（床垫1500×2000mm）", "price_cny": 3299}, {"sku": "SJ-2001-180", "size": "1.8m（床垫1800×2000mm）", "price_cny": 3599}], "related": []}
{"id": "SJ-2101", "name": "松居白蜡木床头柜", "category": "床头柜", "price_cny": 599, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"外形尺寸": "500×400×500mm"}, "related": [{"type": "compatible_with", "id": "SJ-2001"}]}
{"id": "SJ-1001", "name": "松居云朵布艺沙发", "category": "沙发", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"坐深": "620mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "白蜡木床1米8的多少钱 床头有多高", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1000mm") || strings.Contains(a.Text, "床头柜") {
			t.Errorf("Ask(白蜡木床1米8的多少钱 床头有多高) = %s %q, want the bed's 床头高度 (1000mm), not the nightstand", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "白蜡木床头柜多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "599") {
			t.Errorf("Ask(白蜡木床头柜多少钱) = %s %q, want the nightstand's 599", a.Status, a.Text)
		}
	})
}

// "皮多厚" asks the attribute whose value says the dimension (厚度 in
// "头层黄牛皮（厚度1.2-1.4mm）"), over another length the product states.
func TestDimensionWordInValue(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SJ-1003", "name": "松居意境头层牛皮贵妃沙发", "category": "沙发", "price_cny": 8999, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"皮料": "头层黄牛皮（厚度1.2-1.4mm）", "座深": "600mm", "贵妃位长度": "1650mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "意境那款真皮沙发是啥皮 皮多厚", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1.2-1.4mm") {
			t.Errorf("Ask(意境那款真皮沙发是啥皮 皮多厚) = %s %q, want 皮料 (1.2-1.4mm)", a.Status, a.Text)
		}
	})
}

// "4门衣柜宽多少": a variant value the product found by part of its name
// (推拉门衣柜) does not have, and another product of its category does
// (平开门实木衣柜 4门), names that product and its variant.
func TestVariantOfKin(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SJ-4001", "name": "松居平开门实木衣柜", "category": "衣柜", "price_cny": 2599, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"柜体材质": "实木多层板"}, "variants": [{"sku": "SJ-4001-2D", "doors": "2门", "dimensions": "800×580×2200mm", "price_cny": 2599}, {"sku": "SJ-4001-4D", "doors": "4门", "dimensions": "1600×580×2200mm", "price_cny": 4399}], "related": []}
{"id": "SJ-4002", "name": "松居推拉门衣柜", "category": "衣柜", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"外形尺寸": "1800×600×2200mm", "柜门": "2扇推拉门"}, "related": []}
{"id": "SJ-1001", "name": "松居云朵布艺沙发", "category": "沙发", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"坐深": "620mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "4门衣柜宽多少 价格呢", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "4399") || !strings.Contains(a.Text, "1600") || strings.Contains(a.Text, "4999") {
			t.Errorf("Ask(4门衣柜宽多少 价格呢) = %s %q, want the 4-door wardrobe's 4399 and 1600", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "推拉门衣柜多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "4999") {
			t.Errorf("Ask(推拉门衣柜多少钱) = %s %q, want 4999", a.Status, a.Text)
		}
	})
}

// Latin words each known, written together as a name no name has ("Pods
// Max" of a catalog with Pods 3 and an iPhone Pro Max case), name a model
// the brand does not have.
func TestUnknownLatinName(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WH-1001", "name": "鲸听Pods 3 主动降噪真无线耳机", "category": "耳机", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"单次续航": "8h"}, "related": []}
{"id": "WH-1002", "name": "鲸听Pods Pro 2 旗舰降噪真无线耳机", "category": "耳机", "price_cny": 799, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"单次续航": "7h"}, "related": []}
{"id": "WH-2001", "name": "鲸听Dome H2 头戴式降噪耳机", "category": "耳机", "price_cny": 999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "265g"}, "related": []}
{"id": "WH-5001", "name": "鲸听iPhone 16 Pro Max 磁吸保护壳", "category": "手机壳", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "TPU"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "你们那个Pods Max头戴多少钱", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(你们那个Pods Max头戴多少钱) = %s %q, want it refused: no Pods Max", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "Pods Pro 2多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "799") {
			t.Errorf("Ask(Pods Pro 2多少钱) = %s %q, want 799", a.Status, a.Text)
		}
	})
}

// A rule's item cut at its semicolons goes on in the clause that says a
// word of the question the clause picked leaves out: "金穗会员生日礼送的啥"
// is answered by "生日礼为…", not by the item's first clause alone.
func TestItemClauseWithQuestionWord(t *testing.T) {
	sources := map[string]string{
		"policies/members.md": "---\nid: members\ntitle: 会员积分规则\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 会员积分规则\n\n## 会员权益\n\n1. 青禾会员：生日当月购物享双倍积分。\n2. 金穗会员：生日当月购物享双倍积分；生日礼为益生菌冻干粉30条装1盒；每季度发放1张满199减20元优惠券。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "金穗会员生日礼送的啥", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "益生菌冻干粉") || strings.Contains(a.Text, "优惠券") {
			t.Errorf("Ask(金穗会员生日礼送的啥) = %s %q, want the gift (益生菌冻干粉) and not the coupon", a.Status, a.Text)
		}
	})
}

// "是召回的那批吗 要怎么弄": the remedy the text states answers the second
// part, though it matches the question's words less than the facts and
// the rule that answered the first.
func TestRemedyAnswersWhatToDo(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WH-6001", "name": "鲸听PB10 快充充电宝 10000mAh", "category": "充电宝", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"召回说明": "部分批次在召回范围内，详见《PB10充电宝召回公告》", "序列号前缀": "PB10"}, "specs": {"容量": "10000mAh"}, "related": []}
`,
		"policies/recall.md": "---\nid: recall\ntitle: PB10充电宝召回公告\nchannels: all\napplies_to: all\neffective_from: 2025-06-01\neffective_to: null\nsupersedes: null\n---\n\n# PB10充电宝召回公告\n\n## 一、召回范围\n\n1. PB10序列号为14位，印于机身底部。\n2. 序列号以PB102503或PB102504开头的，属于本次召回范围；\n3. 其他序列号的PB10不在本次召回范围内，可继续正常使用。\n\n## 二、处理方式\n\n1. 召回范围内的产品，请立即停止使用和充电。\n2. 用户可任选其一：免费更换同款新批次PB10，或按实际支付金额全额退款。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "充电宝底下序列号PB102504001236 是召回的那批吗 要怎么弄", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "PB102504") || !strings.Contains(a.Text, "免费更换") {
			t.Errorf("Ask(…是召回的那批吗 要怎么弄) = %s %q, want the recall range and the remedy (免费更换)", a.Status, a.Text)
		}
	})
}

// A code both names carry links the main product over its accessory
// unless the question says a word only the accessory's name says; one
// character of it ("换" of "买哪个换", in 替换充电盒) is no such word.
func TestAccessoryOwnWordIsAWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WH-1003", "name": "鲸听Pods Pro 2 旗舰降噪真无线耳机", "category": "耳机", "price_cny": 799, "channels": ["tmall"], "launched": "2024-10-10", "specs": {"随附耳塞": "硅胶耳塞套S/M/L各1对"}, "related": []}
{"id": "WH-1103", "name": "鲸听Pods Pro 2 替换充电盒", "category": "配件", "price_cny": 249, "channels": ["tmall"], "launched": "2024-10-10", "specs": {"电池": "500mAh"}, "related": [{"type": "compatible_with", "id": "WH-1003"}]}
{"id": "WH-1002", "name": "鲸听Pods 3 主动降噪真无线耳机", "category": "耳机", "price_cny": 399, "channels": ["tmall"], "launched": "2025-06-01", "specs": {"单次续航": "8h"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "我的pro2耳塞破了 买哪个换 多少钱", AsOf: day("2025-12-01")})
		if len(a.Trace.Plan.Entities) == 0 || a.Trace.Plan.Entities[0].ID != "WH-1003" {
			t.Errorf("Ask(我的pro2耳塞破了 买哪个换 多少钱) linked %+v, want the earbuds WH-1003 first; answer %q", a.Trace.Plan.Entities, a.Text)
		}
		if a := e.ask(Request{Question: "pro2替换充电盒多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "249") {
			t.Errorf("Ask(pro2替换充电盒多少钱) = %q, want the case's 249", a.Text)
		}
	})
}

// Asked on a channel whether a product is sold there, a product not sold
// on it is named all the same, and its channels answer; "能下单" asks
// where it is sold.
func TestNotOnAskersChannel(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZY-2006", "name": "知养一水肌酸粉", "category": "运动营养", "price_cny": 99, "channels": ["tmall", "douyin"], "launched": "2024-01-01", "specs": {"纯度": "≥99.5%"}, "related": []}
{"id": "ZY-3005", "name": "知养益生菌冻干粉Pro", "category": "益生菌", "price_cny": 199, "channels": ["tmall", "wechat"], "launched": "2026-03-01", "specs": {"活菌数": "500亿"}, "related": []}
{"id": "SJ-4003", "name": "松居全屋定制衣柜", "category": "定制衣柜", "price_cny": 1299, "channels": ["wechat", "web"], "launched": "2024-05-01", "attributes": {"渠道说明": "仅微信小程序、官网下单；天猫、抖音不销售"}, "specs": {"板材": "实木多层板"}, "related": []}
{"id": "SJ-4001", "name": "松居平开门实木衣柜", "category": "衣柜", "price_cny": 2599, "channels": ["tmall", "wechat"], "launched": "2024-03-01", "specs": {"柜体材质": "实木多层板"}, "related": []}
{"id": "SJ-1001", "name": "松居云朵布艺沙发", "category": "沙发", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"坐深": "620mm"}, "related": []}
{"id": "SJ-2001", "name": "松居北欧白蜡木实木床", "category": "床", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"承重": "500kg"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF01,益生菌Pro什么时候上市？,知养益生菌冻干粉Pro将于2026-03-01上市，可在微信小程序「到货提醒」登记。,上市\nF02,下单后多久发货？,现货商品下单后48小时内发货。,发货\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "肌酸小程序能买到吗", Channel: "wechat", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "天猫") || !strings.Contains(a.Text, "肌酸") {
			t.Errorf("Ask(肌酸小程序能买到吗) on wechat = %s %q, want the creatine's channels (天猫)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "天猫能下单定制衣柜吗", Channel: "tmall", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "微信小程序") {
			t.Errorf("Ask(天猫能下单定制衣柜吗) on tmall = %s %q, want where it is sold (微信小程序)", a.Status, a.Text)
		}
	})
}

// Time passed is weighed against a time limit: a question that says when
// it bought ("3月20号…今天4月5号了 还能换码吗") gets the rule's window
// though the rule words the exchange otherwise (更换…尺码).
func TestElapsedGetsWindow(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZF-1002", "name": "逐风云垫缓震慢跑鞋", "category": "跑鞋", "price_cny": 499, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"尺码建议": "码数正常，按脚长选择"}, "specs": {"重量": "260g"}, "related": []}
`,
		"policies/returns.md": "---\nid: returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n## 一、换货\n\n1. 自签收次日起7天内，鞋服商品可申请更换同款同价的其他尺码或颜色，每笔订单限换1次。\n2. 寄回运费由顾客承担。\n\n## 二、门店\n\n官网订单可以到任一门店换码，门店有货当场更换。天猫订单不支持在门店办理退换，请在下单平台申请售后。换码以库存为准。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "3月20号天猫买的云垫 码数小了 今天4月5号了 还能换码吗", Channel: "tmall", AsOf: day("2025-04-05")})
		if !strings.Contains(a.Text, "7天") {
			t.Errorf("Ask(…今天4月5号了 还能换码吗) = %s %q, want the exchange window (7天)", a.Status, a.Text)
		}
	})
}

// A Chinese place an English question writes in pinyin is that place:
// "Hangzhou" finds the store in 杭州, and a showroom in a city without one
// is refused.
func TestPlaceInPinyin(t *testing.T) {
	sources := map[string]string{
		"policies/stores.md": "---\nid: stores\ntitle: 体验馆服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 体验馆服务说明\n\n## 一、体验馆信息\n\n1. 杭州滨江体验馆：杭州市滨江区江南大道3766号1层，营业时间每天10:00-21:00。\n2. 上海徐汇体验馆：上海市徐汇区漕宝路1288号，营业时间每天10:00-21:00。\n\n## 二、到店\n\n体验馆可试坐全部沙发。\n",
		"faq.csv":            "id,question,answer,tags\nF01,沙发能试坐吗？,可以，体验馆可试坐全部沙发。,门店\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "Where is your Hangzhou showroom, and what time does it close?", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "3766") {
			t.Errorf("Ask(Where is your Hangzhou showroom…) = %s %q, want the 杭州 address (3766)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "Do you have a showroom in Beijing?", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(Do you have a showroom in Beijing?) = %s %q, want it refused: no store in 北京", a.Status, a.Text)
		}
	})
}

// "南京店开了没": the store the place names is found and answers, though
// other text names the place more often.
func TestStoreNamedByPlace(t *testing.T) {
	faq := "id,question,answer,tags\n"
	for i, q := range []string{"上门量尺收费吗？", "旧家具能帮忙搬走吗？", "金卡会员的免费上门保养包括什么？", "沙发能送货上楼吗？"} {
		faq += fmt.Sprintf("F%02d,%s,限上海、杭州、南京、苏州市区，沙发和床均可，每次约1小时，需提前3天在微信小程序预约。,服务\n", i, q)
	}
	sources := map[string]string{
		"policies/stores.md": "---\nid: stores\ntitle: 松居体验馆\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 松居体验馆\n\n## 一、体验馆信息\n\n松居目前共有3家直营体验馆：\n\n1. 上海徐汇体验馆：上海市徐汇区漕宝路1288号，营业时间每天10:00-21:00。\n2. 杭州滨江体验馆：杭州市滨江区江南大道3766号1层，营业时间每天10:00-21:00。\n3. 南京建邺体验馆：南京市建邺区江东中路369号B1层，于2025-10-18开业，营业时间每天10:00-22:00。\n\n## 二、到店服务\n\n体验馆可试坐全部沙发。\n",
		"faq.csv":            faq,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "南京店开了没 国庆想去看看沙发", AsOf: day("2025-09-28")})
		if !strings.Contains(a.Text, "2025-10-18") {
			t.Errorf("Ask(南京店开了没 国庆想去看看沙发) = %s %q, want the 南京 store's opening date", a.Status, a.Text)
		}
	})
}

// "能吃不" asks who it suits, and who it does not suit answers too.
func TestCanEatAsksSuitability(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZY-7002", "name": "知养海外 新西兰麦卢卡蜂蜜UMF10+", "category": "蜂蜜", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"MGO含量": "≥263mg/kg"}, "suitable_for": ["成人", "1岁以上儿童"], "not_suitable_for": ["1岁以下婴儿"], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "麦卢卡蜂蜜MGO多少 我家宝宝10个月能吃不", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "263") || !strings.Contains(a.Text, "1岁以下") {
			t.Errorf("Ask(…我家宝宝10个月能吃不) = %s %q, want the MGO and who it does not suit (1岁以下)", a.Status, a.Text)
		}
	})
}

// "升金卡要消费多少" asks an amount of money: the tier's threshold in 元
// answers, not a rule about which spending counts.
func TestSpendAsksMoney(t *testing.T) {
	sources := map[string]string{
		"policies/members.md": "---\nid: members\ntitle: 会员积分规则\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 会员积分规则\n\n## 一、积分\n\n1. 在微信小程序、官网下单，实付金额每1元积1分，订单确认收货后到账；退货时扣回相应积分。\n2. 天猫、抖音订单及体验馆消费不累计积分。\n\n## 二、会员等级\n\n1. 普通会员：注册即可；\n2. 银卡会员：近12个月累计实付满3000元；\n3. 金卡会员：近12个月累计实付满10000元。\n\n## 三、权益\n\n金卡会员：享银卡权益，另每年1次免费上门家具保养。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "升金卡要消费多少", AsOf: day("2025-03-15")})
		if !strings.Contains(a.Text, "10000") {
			t.Errorf("Ask(升金卡要消费多少) = %s %q, want the gold tier's threshold (10000)", a.Status, a.Text)
		}
	})
}

// "要放冰相吗": a word the knowledge never uses, typed by its sound, is read
// as the knowledge's word of that sound (冰箱), and the trace says so; a
// word the knowledge does use is left as typed.
func TestSoundAlikeWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YG-1", "name": "悦谷益生菌粉", "category": "益生菌", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"食用方法": "每日1条，温水冲服"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\n" +
			"F1,益生菌需要放冰箱吗？,常温干燥处保存即可；室温高于25℃时建议放入2-8℃冷藏。,保存\n" +
			"F2,益生菌什么时候吃？,建议饭后半小时用40℃以下温水冲服，不要用开水。,食用\n" +
			"F3,益生菌要放多久才能吃？,开袋后即可食用，无需放置。,食用\n" +
			"F4,益生菌能和抗生素一起吃吗？,请间隔2小时以上。,食用\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "益生菌要放冰相吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2-8℃") {
			t.Errorf("Ask(益生菌要放冰相吗) = %s %q, want the storage answer (2-8℃)", a.Status, a.Text)
		}
		if !slices.ContainsFunc(a.Trace.Notes, func(n string) bool { return strings.Contains(n, `冰相" read as "`) && strings.Contains(n, `冰箱"`) }) {
			t.Errorf("Ask(益生菌要放冰相吗): notes %q, want 冰相 read as 冰箱", a.Trace.Notes)
		}
		b := e.ask(Request{Question: "益生菌什么时候吃", AsOf: day("2025-12-01")})
		if slices.ContainsFunc(b.Trace.Notes, func(n string) bool { return strings.Contains(n, "read as") }) {
			t.Errorf("Ask(益生菌什么时候吃): notes %q, want no word read as another", b.Trace.Notes)
		}
	})
}

// "P3和P5有什么区别", asking no attribute: the keys both products have and
// differ on answer for each, and what they share is left out.
func TestDifferenceAsksDifferingKeys(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QL-1", "name": "青岚加湿器H3", "category": "加湿器", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"水箱容量": "3L", "噪音": "≤30dB", "颜色": "白色"}, "related": []}
{"id": "QL-2", "name": "青岚加湿器H5", "category": "加湿器", "price_cny": 459, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"水箱容量": "5L", "噪音": "≤30dB", "颜色": "白色"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"H3和H5有什么区别", "H3跟H5有啥不一样"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if a.Status != StatusAnswered || !strings.Contains(a.Text, "3L") || !strings.Contains(a.Text, "5L") || strings.Contains(a.Text, "白色") {
				t.Errorf("Ask(%s) = %s %q, want both tanks (3L, 5L) and not the colour they share", q, a.Status, a.Text)
			}
		}
	})
}

// A pickup point (自提点) is a store: asked in a city where the knowledge
// names none, the question is refused; where it names one, answered.
func TestPickupPointIsAStore(t *testing.T) {
	sources := map[string]string{
		"policies/pickup.md": "---\nid: pickup\ntitle: 门店与自提点\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 门店与自提点\n\n## 自提点\n\n1. 上海自提点·张江：浦东新区祖冲之路1505弄5号，营业时间10:00-20:00。\n2. 杭州自提点·文三路：西湖区文三路259号，营业时间10:00-20:00。\n\n## 自提规则\n\n到店出示提货码领取，商品到店后保留3天。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "广州天河那个自提点在哪 几点关门", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(广州天河那个自提点在哪) = %s %q, want it refused: no pickup point in 广州", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "杭州的自提点在哪 几点关门", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "文三路") {
			t.Errorf("Ask(杭州的自提点在哪) = %s %q, want the 杭州 pickup point", a.Status, a.Text)
		}
	})
}

// "the New Year Festival": a sales event English writes with capitals is
// no name the knowledge does not know; the question is answered, not
// refused as about another brand's thing.
func TestCapitalisedEventIsNoUnknownName(t *testing.T) {
	sources := map[string]string{
		"policies/price.md": "---\nid: price\ntitle: 价保规则\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 价保规则\n\n## 一、价保\n\n自下单之日起7天内，同一商品降价的，可申请价保，退还差价。年货节等大促期间以活动规则为准。\n",
		"faq.csv":           "id,question,answer,tags\nF1,What if the price drops after I buy?,\"Within 7 days of your order, if the same item's price drops, you can apply for price protection and get the difference back.\",price\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "I bought in the New Year Festival and the price dropped later. Can I get the difference back?", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "7 days") {
			t.Errorf("Ask(…New Year Festival…) = %s %q, want the price-protection rule (7 days)", a.Status, a.Text)
		}
	})
}

// "星期几送" asks a day of the week: a value that names one answers,
// whatever its key is called.
func TestWeekdayAskedByValue(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HB-1", "name": "禾本鲜花月订", "category": "周期购", "price_cny": 199, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"送达安排": "每周三上午送达", "花材": "当季鲜花3-5种"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "鲜花月订一般星期几送", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "每周三") {
			t.Errorf("Ask(鲜花月订一般星期几送) = %s %q, want the delivery day (每周三)", a.Status, a.Text)
		}
	})
}

// "2月14号下的单 啥时候能发出来", asked that day: the event rule whose span
// of days holds the order's day answers, with its item's next clause,
// though that clause names a later day.
func TestRuleSpanHoldsOrderDay(t *testing.T) {
	sources := map[string]string{
		"policies/shipping.md": "---\nid: shipping\ntitle: 发货与配送说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 发货与配送说明\n\n## 一、发货时效\n\n1. 现货订单付款后48小时内发货。\n2. 预售商品按商品页的发货日期发货。\n3. 周五15:00后付款的订单顺延到下周一发货。\n\n## 二、快递\n\n常温商品使用顺丰标快发货，冷链商品使用顺丰冷运发货。\n\n## 三、运费\n\n单笔实付满59元包邮，未满收运费8元，发货后不可改地址。\n",
		"policies/spring.md":   "---\nid: spring\ntitle: 年货节活动规则\nchannels: all\napplies_to: all\neffective_from: 2026-01-05\neffective_to: 2026-02-28\nsupersedes: null\n---\n\n# 年货节活动规则\n\n## 一、满赠\n\n活动期间单笔实付满199元赠果篮1个。\n\n## 二、春节安排\n\n1. 春节停发期：2026-02-12至2026-02-22，仓库暂停出库；停发期内付款的订单，自2026-02-23起陆续发出。\n",
		"faq.csv":              "id,question,answer,tags\nF1,下单后什么时候发货？,现货订单付款后48小时内发货，预售商品按商品页日期发货。,发货\nF2,发什么快递？,常温商品发顺丰标快，冷链商品发顺丰冷运。,发货\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "2月14号下的单 什么时候能发货", AsOf: day("2026-02-14")})
		if !strings.Contains(a.Text, "2026-02-23") {
			t.Errorf("Ask(2月14号下的单 什么时候能发货) = %s %q, want the day orders of the pause ship from (2026-02-23)", a.Status, a.Text)
		}
	})
}

// "跟褚橙比哪个更甜": what the brand's product is compared with is a name
// the knowledge never mentions, though the segmenter glues 比 to it.
func TestComparedWithUnknownNameGlued(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GL-1", "name": "甘垄赣南脐橙", "category": "柑橘", "price_cny": 49.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"糖度": "12-14°Brix", "口感": "清甜多汁，比普通脐橙更甜"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "你家脐橙跟褚橙比哪个更甜", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(你家脐橙跟褚橙比哪个更甜) = %s %q, want it refused: 褚橙 is not the brand's", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "脐橙甜不甜 糖度多少", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "12-14") {
			t.Errorf("Ask(脐橙甜不甜 糖度多少) = %s %q, want its 糖度", a.Status, a.Text)
		}
	})
}

// "我在兰州 能买你们的草莓吗": the rule that names the province of a city
// the knowledge never names answers beside the product's channels.
func TestCityAnsweredByProvinceRule(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GL-2", "name": "甘垄丹东草莓", "category": "浆果", "price_cny": 99, "channels": ["tmall", "wechat"], "launched": "2024-01-01", "specs": {"储存": "0-4℃冷藏"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\n" +
			"F1,草莓怎么保存？,草莓到货后请立即放入冰箱0-4℃冷藏，建议3天内吃完，可用保鲜盒存放草莓。,草莓\n" +
			"F2,哪些地方不发货？,新疆、西藏暂不发货。甘肃、宁夏属于偏远地区：常温商品可以发货，冷链商品不发货。,发货\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "我在兰州 能买你们的草莓吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "甘肃") {
			t.Errorf("Ask(我在兰州 能买你们的草莓吗) = %s %q, want the rule for 甘肃", a.Status, a.Text)
		}
	})
}

// "该买几号戒指": a question word before a category's name is no kind of
// product the brand lacks; "家里的旧金能抵吗" asks the trade-in rule.
func TestSizeQuestionAndTradeIn(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JY-1", "name": "璟曜足金素圈戒指", "category": "戒指", "price_cny": 198, "channels": ["tmall", "wechat"], "launched": "2024-01-01", "specs": {"圈号": "#8-#18"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\n" +
			"F1,怎么量圈号？,用纸条在手指指根绕一圈量出内周长，对照圈号表：#10约50mm、#12约52mm、#14约54mm。,圈号\n" +
			"F2,以旧换新怎么办理？,可到门店或在微信小程序办理以旧换新，旧品检测后抵扣新品货款；天猫订单不支持以旧换新。,以旧换新\n" +
			"F3,发票怎么开？,所有订单均可开具电子普通发票。,发票\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "手指一圈量出来52mm 该买几号戒指", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "#12") {
			t.Errorf("Ask(手指一圈量出来52mm 该买几号戒指) = %s %q, want the size table (#12)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "想在天猫买个金镯子 家里的旧金能抵吗", Channel: "tmall", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "以旧换新") {
			t.Errorf("Ask(…家里的旧金能抵吗) = %s %q, want the trade-in rule", a.Status, a.Text)
		}
	})
}

// "珍珠多大颗": a key the question names whose value is no measure (珍珠：
// Akoya海水珍珠) leaves the size asked to the key that measures it (珍珠直径).
func TestNamedKeyNoMeasureLeavesSize(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JY-9", "name": "璟曜珍珠耳钉", "category": "耳饰", "price_cny": 1680, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"珍珠": "海水珍珠", "珍珠直径": "7-7.5mm", "光泽": "强光"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "珍珠耳钉的珍珠多大颗", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "7-7.5mm") {
			t.Errorf("Ask(珍珠耳钉的珍珠多大颗) = %s %q, want its diameter (7-7.5mm)", a.Status, a.Text)
		}
	})
}

// "初见30分钻戒": words of a name and a category together name the
// product of that category whose name holds them, not one of another
// category that the words alone found first.
func TestNameWordsAndCategoryNameOne(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XC-1", "name": "星辰「初见」钻石吊坠30分", "category": "吊坠", "price_cny": 5980, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"主石重量": "0.30ct"}, "related": []}
{"id": "XC-2", "name": "星辰「初见」六爪单钻戒30分", "category": "钻戒", "price_cny": 6980, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"主石重量": "0.30ct"}, "related": []}
{"id": "XC-3", "name": "星辰「初见」六爪单钻戒50分", "category": "钻戒", "price_cny": 12800, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"主石重量": "0.50ct"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "初见30分钻戒多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "6980") || strings.Contains(a.Text, "5980") {
			t.Errorf("Ask(初见30分钻戒多少钱) = %s %q, want the ring's price (6980), not the pendant's", a.Status, a.Text)
		}
	})
}

// "宝宝能戴的首饰有哪些": a list over a series named by the word its name
// says before 系列 (宝宝系列) lists the series.
func TestListBySeriesStem(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YJ-1", "name": "月珏足银手镯", "category": "手镯", "series": "宝宝系列", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "足银"}, "related": []}
{"id": "YJ-2", "name": "月珏儿童平安锁", "category": "吊坠", "series": "宝宝系列", "price_cny": 520, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "足金"}, "related": []}
{"id": "YJ-3", "name": "月珏首饰收纳盒", "category": "配件", "series": "配件系列", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "皮革"}, "related": []}
{"id": "YJ-4", "name": "月珏锁骨链", "category": "项链", "series": "星光系列", "price_cny": 1280, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "18K金"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "宝宝能戴的首饰有哪些", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "足银手镯") || !strings.Contains(a.Text, "平安锁") || strings.Contains(a.Text, "锁骨链") {
			t.Errorf("Ask(宝宝能戴的首饰有哪些) = %s %q, want the 宝宝系列 (手镯, 平安锁) only", a.Status, a.Text)
		}
	})
}

// "云朵二代沙发座深多少": the product whose name says another generation
// (一代), found by the words the two names share, is not asked about.
func TestOtherGenerationUnlinked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YD-1", "name": "云朵布艺沙发（一代）", "category": "沙发", "price_cny": 2999, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"座深": "580mm"}, "related": []}
{"id": "YD-2", "name": "云朵布艺沙发二代", "category": "沙发", "price_cny": 3999, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"座深": "620mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "云朵二代沙发座深多少", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "620mm") || strings.Contains(a.Text, "580mm") {
			t.Errorf("Ask(云朵二代沙发座深多少) = %s %q, want 二代's 620mm only", a.Status, a.Text)
		}
		b := e.ask(Request{Question: "云朵二代和一代座深差多少", AsOf: day("2025-12-01")})
		if !strings.Contains(b.Text, "620mm") || !strings.Contains(b.Text, "580mm") {
			t.Errorf("Ask(云朵二代和一代座深差多少) = %s %q, want both generations", b.Status, b.Text)
		}
	})
}

// "订阅打几折" asks a discount: the rule's sentence in its form (9折)
// answers beside what the facts say, though it shares no other word.
func TestDiscountAskedByForm(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZY-1", "name": "知禾深海鱼油软胶囊", "category": "鱼油", "price_cny": 139, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"规格": "100粒/瓶"}, "related": []}
`,
		"policies/sub.md": "---\nid: sub\ntitle: 月月订阅规则\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 月月订阅规则\n\n## 一、开通\n\n1. 订阅仅在微信小程序开通，天猫暂不支持订阅。\n2. 可订阅商品：知禾深海鱼油软胶囊，各规格均可订阅。\n\n## 二、结算\n\n1. 可选择每30天或每60天发货一次。\n2. 每期按日常价的9折结算，每期包邮。\n3. 订阅价不与大促活动价叠加。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "鱼油能订阅吗 订阅打几折", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "9折") {
			t.Errorf("Ask(鱼油能订阅吗 订阅打几折) = %s %q, want the discount (9折)", a.Status, a.Text)
		}
	})
}

// "仪表一直跳E04": the FAQ answer that holds the code the customer quotes
// answers, over rules that share more of the question's other words.
func TestQuotedCodeFindsFAQ(t *testing.T) {
	sources := map[string]string{
		"policies/returns.md": "---\nid: returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n## 一、质量问题\n\n签收后30天内，车出现非人为的质量问题（如电机异响、仪表不亮）的，可申请退换货。\n\n## 二、无理由退货\n\n未上牌、仪表总里程不超过10km的整车，可申请无理由退货。\n",
		"faq.csv":             "id,question,answer,tags\nF1,仪表上显示故障码是什么意思？,常见故障码：E01 转把故障；E03 电机霍尔故障；E04 电池欠压（电量过低，请尽快充电）。,故障码\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "车子仪表一直跳E04 还能退吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "欠压") {
			t.Errorf("Ask(车子仪表一直跳E04 还能退吗) = %s %q, want the code's meaning (欠压)", a.Status, a.Text)
		}
	})
}

// "dp300": a model code written without its hyphen is the product's, not
// an unknown model; a 品鉴馆 is a store, refused in a city without one.
func TestCodeWithoutHyphenAndHallStore(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-2001", "name": "声屿 DP-300 数码钢琴", "category": "数码钢琴", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"复音数": "128"}, "related": []}
{"id": "SY-2002", "name": "声屿 DP-500 数码钢琴", "category": "数码钢琴", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"复音数": "256"}, "related": []}
{"id": "SY-1002", "name": "声屿 UP121 立式钢琴", "category": "立式钢琴", "price_cny": 25800, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"琴高": "121cm"}, "related": []}
`,
		"policies/halls.md": "---\nid: halls\ntitle: 品鉴馆\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 品鉴馆\n\n## 一、地址\n\n1. 成都品鉴馆：成都市锦江区红星路88号，营业时间10:00-21:00。\n2. 上海品鉴馆：上海市静安区南京西路1266号，营业时间10:00-21:00。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "dp300和dp500复音数分别多少", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "128") || !strings.Contains(a.Text, "256") {
			t.Errorf("Ask(dp300和dp500复音数分别多少) = %s %q, want both (128, 256)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "北京有你们的品鉴馆吗 地址发我一下", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(北京有你们的品鉴馆吗) = %s %q, want it refused: no hall in 北京", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "成都的品鉴馆在哪", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "红星路") {
			t.Errorf("Ask(成都的品鉴馆在哪) = %s %q, want the 成都 hall", a.Status, a.Text)
		}
	})
}

// "几鼓几镲", "有几个品": a count asked by its measure word is answered by
// the value that writes a number with that word, whatever its key.
func TestCountByMeasureWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-5", "name": "声屿 ED-200 电子鼓", "category": "电子鼓", "price_cny": 2999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"配置": "5鼓3镲（军鼓、通鼓、底鼓）", "音色": "300种", "保修期": "2年"}, "related": []}
{"id": "SY-4", "name": "声屿 UK-26 尤克里里", "category": "尤克里里", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺寸": "26寸", "品数": "19品", "保修期": "1年"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "ED-200是几鼓几镲的", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "5鼓3镲") {
			t.Errorf("Ask(ED-200是几鼓几镲的) = %s %q, want 5鼓3镲", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "ED-200带几个镲", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "3镲") {
			t.Errorf("Ask(ED-200带几个镲) = %s %q, want 5鼓3镲", a.Status, a.Text)
		}
	})
}

// "卡西欧PX-S1100和你家PK-88哪个手感更好": what the customer compares with
// "你家" (the brand's) product is another brand's.
func TestComparedWithYourHouse(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-6", "name": "声屿 PK-88 便携数码钢琴", "category": "数码钢琴", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"键数": "88键", "手感": "半配重键盘"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "卡西欧PX-S1100和你家PK-88哪个手感更好", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(卡西欧PX-S1100和你家PK-88哪个手感更好) = %s %q, want it refused: 卡西欧 is another brand", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "PK-88手感怎么样", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "半配重") {
			t.Errorf("Ask(PK-88手感怎么样) = %s %q, want its 手感", a.Status, a.Text)
		}
	})
}

// "我180斤能坐吗": a quantity the customer states of themselves, with a
// can-I, asks the product's limit in that measure (承重).
func TestStatedQuantityAsksLimit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SJ-5", "name": "松居人体工学椅E2", "category": "办公椅", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"座高调节": "440-540mm", "承重": "150kg", "净重": "18kg", "网布": "弹力网布"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "E2椅子 我180斤能坐吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "150kg") {
			t.Errorf("Ask(E2椅子 我180斤能坐吗) = %s %q, want its load limit (150kg)", a.Status, a.Text)
		}
	})
}

// "18瓶和32瓶的酒柜差多少钱": two variant values of one product, compared,
// name those two variants, not a product some text mentions.
func TestComparedVariants(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LC-7", "name": "醴川恒温酒柜", "category": "酒柜", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"控温范围": "5-18℃"}, "variants": [{"sku": "LC-7-18", "capacity": "18瓶", "price_cny": 1999}, {"sku": "LC-7-32", "capacity": "32瓶", "price_cny": 2999}], "related": []}
{"id": "LC-2", "name": "醴川桃红葡萄酒", "category": "葡萄酒", "price_cny": 118, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "750ml"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF1,酒柜温度调多少？,红葡萄酒长期储存建议设为12-14℃；醴川桃红葡萄酒饮用前可调至6-10℃。,酒柜\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "18瓶和32瓶的酒柜差多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1999") || !strings.Contains(a.Text, "2999") {
			t.Errorf("Ask(18瓶和32瓶的酒柜差多少钱) = %s %q, want both variants' prices (1999, 2999)", a.Status, a.Text)
		}
	})
}

// "坤沙多少度", "哪个度数高": no value is written in degrees (℃, °), and
// the key whose head is the cue's 度 answers (酒精度), not one ending in a
// measure's own word (适饮温度).
func TestCueHeadNamesKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LC-1", "name": "醴川坤沙酱香白酒", "category": "白酒", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"酒精度": "53%vol", "产地": "贵州仁怀"}, "related": []}
{"id": "LC-2", "name": "醴川赤霞珠干红", "category": "葡萄酒", "price_cny": 168, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"酒精度": "13.5%vol", "适饮温度": "16-18℃"}, "related": []}
{"id": "LC-3", "name": "醴川蛇龙珠干红", "category": "葡萄酒", "price_cny": 188, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"酒精度": "14%vol", "适饮温度": "16-18℃"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "坤沙酱香是多少度的", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "53%vol") {
			t.Errorf("Ask(坤沙酱香是多少度的) = %s %q, want its 酒精度 (53%%vol)", a.Status, a.Text)
		}
		a := e.ask(Request{Question: "赤霞珠跟蛇龙珠哪个度数高", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "13.5%vol") || !strings.Contains(a.Text, "14%vol") || strings.Contains(a.Text, "16-18℃") {
			t.Errorf("Ask(赤霞珠跟蛇龙珠哪个度数高) = %s %q, want both 酒精度 and no 适饮温度", a.Status, a.Text)
		}
	})
}

// "坏果要多久之内申请": the rule section that answers is long and shares
// no asking word with the question, while short FAQ entries share 多久;
// the policy whose title names 坏果 is searched by the question's content
// words and its section answers.
func TestTitledPolicyAnswers(t *testing.T) {
	sources := map[string]string{
		"policies/aftersale.md": "---\nid: gl-aftersale\ntitle: 坏果包赔与售后规则\nchannels: all\napplies_to: all\neffective_from: 2025-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 坏果包赔与售后规则\n\n## 一、坏果包赔\n\n" +
			"1. 申报时限：签收后36小时内，在订单页「申请售后」→「坏果包赔」中提交，超过时限不予受理。门店自提订单以提货时间为签收时间。\n" +
			"2. 所需照片：①带快递面单的整箱外观照片1张；②全部坏果集中摆放的照片（坏果需与好果分开）；③按重量赔付的，需提供坏果放在电子秤上的称重照片。\n" +
			"3. 坏果认定：腐烂、发霉、破皮流汁、严重压伤变软、冻伤。表皮斑点、疤痕、轻微压痕、果形大小不一等属于自然现象，不属于坏果。\n" +
			"4. 赔付标准：按坏果重量赔付，赔付金额 = 坏果斤数 × 每斤单价，不足1斤的按实际重量计算。\n" +
			"5. 坏果率达到20%及以上的，可选择整箱退款或整箱补发。\n6. 坏果无需寄回，请自行处理。\n",
		"faq.csv": "id,question,answer,tags\n" +
			"F1,退货要多久之内申请？,签收后7天内申请退货，坏果另按坏果包赔规则处理。,退货\n" +
			"F2,换货要多久之内申请？,签收后15天内申请换货，坏果另按坏果包赔规则处理。,换货\n" +
			"F3,价保要多久之内申请？,下单后10天内申请价保，坏果另按坏果包赔规则处理。,价保\n" +
			"F4,发票要多久之内申请？,下单后90天内申请发票，坏果另按坏果包赔规则处理。,发票\n" +
			"F5,保修要多久之内申请？,购买后1年内申请保修，坏果另按坏果包赔规则处理。,保修\n" +
			"F6,退款要多久之内申请？,审核后3个工作日内申请退款，坏果另按坏果包赔规则处理。,退款\n" +
			"F7,补发要多久之内申请？,签收后5天内申请补发，坏果另按坏果包赔规则处理。,补发\n" +
			"F8,改地址要多久之内申请？,发货前2小时内申请改地址，坏果另按坏果包赔规则处理。,改地址\n" +
			"F9,取消订单要多久之内申请？,付款后30分钟内申请取消订单，坏果另按坏果包赔规则处理。,取消订单\n" +
			"F10,积分补录要多久之内申请？,下单后60天内申请积分补录，坏果另按坏果包赔规则处理。,积分补录\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "坏果要多久之内申请啊", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "36小时") {
			t.Errorf("Ask(坏果要多久之内申请啊) = %s %q, want the rule's window (36小时)", a.Status, a.Text)
		}
	})
}

// A text that lists more than two products ("大米、红枣、玉米、蜂蜜等常温
// 农产品") names none of them: a question about a rule that names no product
// gets no product's facts from it.
func TestListedProductsNameNone(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GL-1", "name": "甘垄五常大米", "category": "粮油", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"保质期": "12个月"}, "related": []}
{"id": "GL-2", "name": "甘垄和田红枣", "category": "干果", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"保质期": "18个月"}, "related": []}
{"id": "GL-3", "name": "甘垄甜糯玉米", "category": "粮油", "price_cny": 49, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"保质期": "常温9个月"}, "related": []}
{"id": "GL-4", "name": "甘垄土蜂蜜", "category": "蜂蜜", "price_cny": 69, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"保质期": "24个月"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\n" +
			"F1,水果能退吗？,鲜果不支持无理由退货，坏果请在签收后48小时内申请坏果包赔。甘垄五常大米、甘垄和田红枣、甘垄甜糯玉米、甘垄土蜂蜜等常温农产品签收后7天内未拆封的可申请退货。,坏果\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "坏果要多久之内申请啊", AsOf: day("2025-12-01")})
		if strings.Contains(a.Text, "保质期") || !strings.Contains(a.Text, "48小时") {
			t.Errorf("Ask(坏果要多久之内申请啊) = %s %q, want the 48小时 rule and no product's 保质期", a.Status, a.Text)
		}
	})
}

// "x2跟老款x1比": a Chinese word beside a compared product the question
// links describes it (老款); it names no other brand's product.
func TestComparedOwnOldModel(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CX-1", "name": "澈翔行车记录仪X1", "category": "行车记录仪", "price_cny": 299, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"分辨率": "2560×1440"}, "related": []}
{"id": "CX-2", "name": "澈翔行车记录仪X2", "category": "行车记录仪", "price_cny": 499, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"分辨率": "3840×2160"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "x2跟老款x1比 分辨率差多少", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "2560×1440") || !strings.Contains(a.Text, "3840×2160") {
			t.Errorf("Ask(x2跟老款x1比 分辨率差多少) = %s %q, want both 分辨率", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "x2跟华为x1比 分辨率差多少", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(x2跟华为x1比 分辨率差多少) = %s %q, want it refused: 华为 is another brand", a.Status, a.Text)
		}
		// "70迈" is cut into 70 and 迈, neither a name; the whole is another brand.
		if a := e.ask(Request{Question: "你们家记录仪跟70迈的比 哪个分辨率高", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(你们家记录仪跟70迈的比 哪个分辨率高) = %s %q, want it refused: 70迈 is another brand", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "x1和x2 同样1kg哪个便宜", AsOf: day("2025-12-01")}); a.Status != StatusAnswered {
			t.Errorf("Ask(x1和x2 同样1kg哪个便宜) = %s %q, want it answered: 1kg is a quantity, not a model", a.Status, a.Text)
		}
	})
}

// "啥时候出", "能先订吗" ask when a product comes out; "不开机" is a
// quality problem, whose rule answers.
func TestLaunchAndDefectCues(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CX-3", "name": "澈翔行车记录仪X3 Pro", "category": "行车记录仪", "price_cny": 799, "channels": ["tmall"], "launched": "2026-01-10", "specs": {"分辨率": "3840×2160"}, "related": []}
{"id": "CX-2", "name": "澈翔行车记录仪X2", "category": "行车记录仪", "price_cny": 499, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"分辨率": "3840×2160"}, "related": []}
`,
		"policies/returns.md": "---\nid: cx-returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2025-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n## 一、无理由退货\n\n1. 签收后7天内，商品未使用的，可申请无理由退货。\n\n## 二、质量问题\n\n1. 签收后30天内出现质量问题，可申请退货或换货。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "x3 pro啥时候出 现在能先订吗", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "2026-01-10") {
			t.Errorf("Ask(x3 pro啥时候出 现在能先订吗) = %s %q, want its launch day (2026-01-10)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "X2记录仪用了20天突然不开机了 咋整", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "30天") {
			t.Errorf("Ask(X2记录仪用了20天突然不开机了 咋整) = %s %q, want the quality rule (30天)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "X2记录仪用了20天 按键失灵了 咋整", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "30天") {
			t.Errorf("Ask(X2记录仪用了20天 按键失灵了 咋整) = %s %q, want the quality rule (30天)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "x3 pro现在有得卖吗", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "2026-01-10") {
			t.Errorf("Ask(x3 pro现在有得卖吗) = %s %q, want its launch day (2026-01-10)", a.Status, a.Text)
		}
	})
}

// "多厚 多宽": each dimension a question names is asked, and a size
// written length × width states the width.
func TestTwoDimensionsAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LX-2", "name": "力行天然橡胶PU瑜伽垫", "category": "瑜伽", "price_cny": 368, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "PU表层 + 天然橡胶底层", "厚度": "4.5mm", "尺寸": "185×68cm", "重量": "2.5kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "天然橡胶那个瑜伽垫多厚 多宽", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "4.5mm") || !strings.Contains(a.Text, "185×68cm") {
			t.Errorf("Ask(天然橡胶那个瑜伽垫多厚 多宽) = %s %q, want its 厚度 (4.5mm) and 尺寸 (185×68cm)", a.Status, a.Text)
		}
	})
}

// "瑜珈垫": a word of the dictionary, but far rarer than the word of its
// sound the knowledge uses (瑜伽, whose 伽 is read jia as well as ga), is
// read as that word.
func TestCommonerSoundAlike(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LX-1", "name": "力行TPE瑜伽垫", "category": "瑜伽垫", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "6mm"}, "related": []}
{"id": "LX-3", "name": "力行健身垫", "category": "健身垫", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "10mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "瑜珈垫多厚", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "6mm") || strings.Contains(a.Text, "10mm") {
			t.Errorf("Ask(瑜珈垫多厚) = %s %q, want the yoga mat's 厚度 (6mm) only", a.Status, a.Text)
		}
	})
}

// "你们家的遥控车都适合多大的孩子玩": 玩 is in the brand name every member
// carries and tells none apart, so the question is about the category, and
// it is read the same way every time it is asked.
func TestCharEveryMemberHasNamesNone(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WQ-1", "name": "玩趣1:16四驱遥控攀爬车", "category": "遥控车", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适用年龄": "8岁以上", "车身尺寸": "28×18×17cm"}, "related": []}
{"id": "WQ-2", "name": "玩趣双面特技翻滚车2代", "category": "遥控车", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适用年龄": "6岁以上", "车身尺寸": "20×17×9cm"}, "related": []}
{"id": "WQ-3", "name": "玩趣合金遥控挖掘机", "category": "遥控车", "price_cny": 259, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适用年龄": "3岁以上", "车身尺寸": "33×11×16cm", "说明": "适合在家玩沙"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for range 5 {
			a := e.ask(Request{Question: "你们家的遥控车都适合多大的孩子玩", AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, "8岁以上") || !strings.Contains(a.Text, "6岁以上") || !strings.Contains(a.Text, "3岁以上") {
				t.Fatalf("Ask(你们家的遥控车都适合多大的孩子玩) = %s %q, want the ages of all three", a.Status, a.Text)
			}
		}
	})
}

// "攀爬车多重": a measure asked of a named product that no evidence writes
// in its units is refused, not answered with another fact.
func TestUnansweredMeasureRefused(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WQ-1", "name": "玩趣四驱遥控攀爬车", "category": "遥控车", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"车身尺寸": "28×18×17cm", "续航": "约25分钟", "防水等级": "IPX4"}, "related": []}
{"id": "CX-5", "name": "澈翔压缩机车载冰箱C系列", "category": "车载冰箱", "price_cny": 1699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"温控范围": "-20℃~10℃", "容量": "25L"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "四驱攀爬车多重", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(四驱攀爬车多重) = %s %q, want it refused: no weight is stated", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "四驱攀爬车多大", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "28×18×17cm") {
			t.Errorf("Ask(四驱攀爬车多大) = %s %q, want its size", a.Status, a.Text)
		}
		// "几度电" asks electricity, not the temperature its "几度" would.
		if a := e.ask(Request{Question: "C系列冰箱开一整天大概耗几度电", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(C系列冰箱开一整天大概耗几度电) = %s %q, want it refused: no consumption is stated", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "久坐长痔疮了 你们那个冰箱能治吗", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(久坐长痔疮了 你们那个冰箱能治吗) = %s %q, want it refused: medical advice", a.Status, a.Text)
		}
	})
}

// "声音大不大": the loudness of a product, stated in dB under a key of its own.
func TestSoundLoudness(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WQ-5", "name": "玩趣宝宝音乐拍拍鼓", "category": "婴幼儿玩具", "price_cny": 119, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保修期": "6个月"}, "specs": {"适用年龄": "6个月以上", "电池": "3节5号电池（随附体验装电池）", "音量": "两档音量，最大不超过80dB", "内容": "中英双语、儿歌36首", "尺寸": "直径22cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "拍拍鼓声音大不大 会不会吵到宝宝耳朵", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "80dB") {
			t.Errorf("Ask(拍拍鼓声音大不大 会不会吵到宝宝耳朵) = %s %q, want its 音量 (80dB)", a.Status, a.Text)
		}
	})
}

// "要收费吗": a sentence stating a fee with its amount (品鉴费每位98元)
// answers it, as one saying 免费 or 收费 does; one with other numbers
// does not.
func TestFeeAmountAnswersCharge(t *testing.T) {
	if !AspectSays("去品鉴馆品鉴要收费吗", "品鉴费每位98元，品鉴当日在该门店消费满500元可全额抵扣") {
		t.Error("a fee with its amount (品鉴费每位98元) does not answer 要收费吗")
	}
	if AspectSays("去品鉴馆品鉴要收费吗", "每场品鉴90分钟，每场不超过8人") {
		t.Error("a sentence of other numbers answers 要收费吗")
	}
	// "要另外加钱吗": the amount stated before the fee answers; a rule that
	// a fee is charged, with no amount, leaves it open.
	if !AspectSays("T5跑步机送6楼 没电梯 要另外加钱吗", "送至无电梯住宅的，按（所在楼层-1）×20元/台收取楼层搬运费") {
		t.Error("a fee's amount (20元/台…搬运费) does not answer 要另外加钱吗")
	}
	if AspectSays("T5跑步机送6楼 没电梯 要另外加钱吗", "物流送货入户；无电梯住宅按楼层收取搬运费") {
		t.Error("a fee without its amount answers 要另外加钱吗")
	}
}

// "T5跑步机": a model code and a category named together name the product
// of that category with the code, not an accessory whose variant carries
// both (跑步机防尘罩 T5).
func TestCodeOfNamedCategory(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LX-1", "name": "力行T5家用减震跑步机", "category": "跑步机", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"保修": "车架终身，电机10年，跑带1年"}, "related": []}
{"id": "LX-2", "name": "力行T3 Pro折叠跑步机", "category": "跑步机", "price_cny": 2999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"保修": "车架终身，电机5年，跑带1年"}, "related": []}
{"id": "LX-7", "name": "力行跑步机防尘罩", "category": "配件", "price_cny": 119, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "牛津布"}, "variants": [{"sku": "LX-7-T3", "fits": "T3 Pro", "price_cny": 99}, {"sku": "LX-7-T5", "fits": "T5", "price_cny": 119}], "related": []}
{"id": "LX-8", "name": "力行跑步机延保服务（1年）", "category": "服务", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"服务说明": "在原保修期基础上延长1年"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "T5跑步机电机保几年", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "电机10年") || strings.Contains(a.Text, "119") {
			t.Errorf("Ask(T5跑步机电机保几年) = %s %q, want the T5 treadmill's 保修 (电机10年)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "T3 Pro跑带坏了保不保", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "跑带1年") {
			t.Errorf("Ask(T3 Pro跑带坏了保不保) = %s %q, want its 保修 (跑带1年)", a.Status, a.Text)
		}
	})
}

// "甲醛释放量多少": an amount of a thing the knowledge never mentions is
// refused; "一根热量多少" asks an energy the product states in kJ.
func TestUnknownQuantityRefused(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CX-3", "name": "澈翔全包围TPE脚垫", "category": "脚垫", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "TPE", "厚度": "约3.5mm"}, "related": []}
{"id": "ZY-4", "name": "知养乳清蛋白棒", "category": "蛋白棒", "price_cny": 119, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"每支能量": "880kJ", "每支蛋白质": "20g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "tpe脚垫甲醛释放量多少", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(tpe脚垫甲醛释放量多少) = %s %q, want it refused: no 甲醛 is stated", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "蛋白棒一根热量多少", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "880kJ") {
			t.Errorf("Ask(蛋白棒一根热量多少) = %s %q, want its 每支能量 (880kJ)", a.Status, a.Text)
		}
	})
}

// "前面是几K的": a count asked by a Latin unit is answered by the value
// writing a number with it (4K), not by one where it starts a longer unit
// (10kg).
func TestLatinCountUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CX-2", "name": "澈翔行车记录仪X2", "category": "行车记录仪", "price_cny": 499, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"前摄分辨率": "3840×2160（4K画质）", "后摄分辨率": "1920×1080", "包装重量": "1kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "x2记录仪前面是几K的", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "4K") || strings.Contains(a.Text, "1kg") {
			t.Errorf("Ask(x2记录仪前面是几K的) = %s %q, want its 前摄分辨率 (4K) only", a.Status, a.Text)
		}
	})
}

// "抖音能买盲盒吗": a category asked about on a channel is answered with
// where each of its products is sold.
func TestCategoryChannels(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WQ-6", "name": "玩趣城市系列人仔盲盒", "category": "盲盒", "price_cny": 39, "channels": ["xiaohongshu", "wechat"], "launched": "2024-01-01", "specs": {"适用年龄": "8岁以上"}, "related": []}
{"id": "WQ-7", "name": "玩趣合金遥控挖掘机", "category": "遥控车", "price_cny": 259, "channels": ["tmall", "douyin"], "launched": "2024-01-01", "specs": {"适用年龄": "3岁以上"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "抖音直播间能买盲盒吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "小红书") || !strings.Contains(a.Text, "微信小程序") {
			t.Errorf("Ask(抖音直播间能买盲盒吗) = %s %q, want where it is sold (小红书, 微信小程序)", a.Status, a.Text)
		}
	})
}

// "中秋活动下的单 价保到哪天": a word of the question in the title of a
// time-limited policy (2025中秋国庆活动规则) names its event, whose rule
// answers over an FAQ stating the general rule it overrides.
func TestEventNamedByLimitedTitle(t *testing.T) {
	sources := map[string]string{
		"policies/douyin.md":    "---\nid: lc-douyin\ntitle: 抖音渠道售后规则\nchannels: [douyin]\napplies_to: all\neffective_from: 2025-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 抖音渠道售后规则\n\n## 价保\n\n1. 自下单之日起10天内，若同一商品在抖音旗舰店降价，可申请价保，退还差价。\n2. 中秋、春节等节日活动期间，价保规则以活动规则为准。\n",
		"policies/midautumn.md": "---\nid: lc-midautumn-2025\ntitle: 2025中秋国庆活动规则\nchannels: all\napplies_to: all\neffective_from: 2025-09-01\neffective_to: 2025-10-15\nsupersedes: null\n---\n\n# 2025中秋国庆活动规则\n\n## 一、活动时间\n\n1. 活动订单：2025-09-01至2025-10-08期间下单的订单。\n\n## 二、价保\n\n1. 活动订单在2025-10-08 23:59:59前，若同一渠道同一商品降价，可申请退还差价。\n2. 活动期间，抖音渠道常规的下单后10天价保暂停执行。\n",
		"faq.csv":               "id,question,answer,tags\nF1,买了之后降价了能退差价吗？,抖音渠道订单自下单之日起10天内，同一商品在抖音旗舰店降价的，可申请价保退差价；天猫、官网暂不提供常规价保；中秋、春节等活动期间以活动规则为准。,价保\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "抖音中秋活动下的单 后面又降价了 价保到哪天", Channel: "douyin", AsOf: day("2025-09-18")})
		if !strings.Contains(a.Text, "2025-10-08") || strings.Contains(a.Text, "10天内") {
			t.Errorf("Ask(抖音中秋活动下的单 后面又降价了 价保到哪天) = %s %q, want the event's rule (2025-10-08) and not the 10天 one", a.Status, a.Text)
		}
	})
}

// "积分有效期多久" asked before a later version took effect: the FAQ,
// written for today, states the later rule (24个月), and the version in
// force then answers (12个月).
func TestFAQOfLaterRuleGivesWay(t *testing.T) {
	sources := map[string]string{
		"policies/m2024.md": "---\nid: gl-membership-2024\ntitle: 会员积分规则（2024版）\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: 2025-09-30\nsupersedes: null\n---\n\n# 会员积分规则（2024版）\n\n## 积分有效期\n\n积分自获得之日起12个月内有效，到期自动清零。\n\n## 状态\n\n状态：已失效。2025-10-01起由《会员积分规则（2025版）》取代。\n",
		"policies/m2025.md": "---\nid: gl-membership-2025\ntitle: 会员积分规则（2025版）\nchannels: all\napplies_to: all\neffective_from: 2025-10-01\neffective_to: null\nsupersedes: gl-membership-2024\n---\n\n# 会员积分规则（2025版）\n\n## 积分有效期\n\n积分自获得之日起24个月内有效。\n",
		"faq.csv":           "id,question,answer,tags\nF1,积分怎么攒、怎么用？,实付每1元累计1积分，100积分抵1元，积分有效期24个月。,积分\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "积分有效期多久", AsOf: day("2025-05-01")})
		if !strings.Contains(a.Text, "12个月") || strings.Contains(a.Text, "24个月") {
			t.Errorf("Ask(积分有效期多久, 2025-05-01) = %s %q, want the 2024 rule (12个月) only", a.Status, a.Text)
		}
	})
}

// "top speed", "base curve": an English word whose translations no key
// holds asks the key holding the character most of them share (速 of
// 速度, 航速, 速率: 最高车速; 基 and 弧: 基弧), and the answer names it by
// the customer's word.
func TestEnglishCoreCharacters(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YC-2", "name": "越驰C1 Pro城市通勤电动自行车", "name_en": "YUECHI C1 Pro City E-bike", "category": "电动自行车", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最高车速": "25km/h", "续航": "约60km", "整车重量": "55kg"}, "related": []}
{"id": "QM-5", "name": "青目硅水凝胶月抛隐形眼镜", "name_en": "QINGMU SiHy Monthly Contact Lenses", "category": "隐形眼镜", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"基弧": "8.5mm", "直径": "14.0mm", "含水量": "48%"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "What's the top speed of the C1 Pro?", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "25km/h") || strings.Contains(a.Text, "55kg") {
			t.Errorf("Ask(What's the top speed of the C1 Pro?) = %s %q, want its 最高车速 (25km/h) only", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "What's the base curve of the SiHy monthly lenses?", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "8.5mm") {
			t.Errorf("Ask(What's the base curve of the SiHy monthly lenses?) = %s %q, want its 基弧 (8.5mm)", a.Status, a.Text)
		}
	})
}

// "多快" asks a speed: the value in km/h, not the product's weight or
// range.
func TestHowFastAsksSpeed(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HX-2", "name": "禾行折叠电动滑板车S2", "category": "滑板车", "price_cny": 2199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最高时速": "25km/h", "续航": "约30km", "重量": "13kg"}, "related": []}
{"id": "HX-3", "name": "禾行防爆轮胎R1", "category": "轮胎", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"漏气续行": "漏气后以不超过20km/h的速度最多再行驶10km", "重量": "1.2kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "S2滑板车能跑多快"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "25km/h") || strings.Contains(a.Text, "13kg") {
			t.Errorf("Ask(%s) = %s %q, want its 最高时速 (25km/h) only", q, a.Status, a.Text)
		}
		// (A speed written inside a sentence: "20km/h的速度" is in km/h.)
		q = "防爆轮胎R1扎破了还能跑多快"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "20km/h") {
			t.Errorf("Ask(%s) = %s %q, want 20km/h", q, a.Status, a.Text)
		}
	})
}

// "扭力多大" asks a torque: the value in N·m (最大扭矩), though another
// key holds the cue whole (扭力档位：21档).
func TestTorqueAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GJ-1", "name": "工匠20V无刷电钻", "category": "电钻", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大扭矩": "65N·m", "扭力档位": "21档", "重量": "1.6kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "工匠电钻扭力多大"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "65N·m") {
			t.Errorf("Ask(%s) = %s %q, want its 最大扭矩 (65N·m)", q, a.Status, a.Text)
		}
	})
}

// A value per piece of any classifier (25kg/组) is in its measure's unit;
// "一平米用多少" asks the value stated per square metre (约4kg/平方米).
func TestRatePerUnitAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JC-1", "name": "筑岩双组分瓷砖胶", "category": "瓷砖胶", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "25kg/组（胶液+胶粉）", "用量": "约4kg/平方米（齿形刮板8mm）", "保质期": "12个月"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "瓷砖胶一组多重 一平米大概用多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "25kg") || !strings.Contains(a.Text, "4kg/平方米") {
			t.Errorf("Ask(%s) = %s %q, want 25kg and 约4kg/平方米", q, a.Status, a.Text)
		}
		q = "瓷砖胶一组多重"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "25kg") {
			t.Errorf("Ask(%s) = %s %q, want 25kg", q, a.Status, a.Text)
		}
	})
}

// "without a reason" asks the no-reason return: its words ask no key
// (reason → 理 of 理论涂布率).
func TestWithoutReasonAsksReturn(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HB-1", "name": "绘景厨卫防霉乳胶漆", "name_en": "HUIJING Kitchen & Bath Paint", "category": "乳胶漆", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"理论涂布率": "约10平方米/L（单遍）", "容量": "5L"}, "related": []}
`,
		"policies/returns.md": "---\nid: returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n涂料类商品自签收次日起15天内，未开封的，可申请无理由退货。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "Can I return the Kitchen & Bath Paint without a reason? It's still sealed."
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); strings.Contains(a.Text, "10平方米") || !strings.Contains(a.Text, "15") {
			t.Errorf("Ask(%s) = %s %q, want the 15-day return rule and no coverage rate", q, a.Status, a.Text)
		}
	})
}

// A pressure may be written in psi or bar: "max pressure" is 最大压力's
// 150psi, not a line that passes through a value in kPa.
func TestPressureInPSI(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QB-1", "name": "行驰P3便携充气泵", "name_en": "XINGCHI P3 Portable Inflator", "category": "充气泵", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大压力": "150psi", "充气速度": "从0充至250kPa约4分钟", "重量": "0.9kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"P3 inflator - max pressure?", "P3充气泵最大气压多少"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "150psi") {
				t.Errorf("Ask(%s) = %s %q, want 150psi", q, a.Status, a.Text)
			}
		}
	})
}

// An English question about a rule is answered by the Chinese rule when
// the English text says nothing of the rule (an English FAQ about the
// product's recoat time, for a return question).
func TestEnglishTextOffTheRule(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HB-1", "name": "绘景厨卫防霉乳胶漆", "name_en": "HUIJING Kitchen & Bath Paint", "category": "乳胶漆", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "5L"}, "related": []}
`,
		"policies/returns.md": "---\nid: returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n厨房、卫生间用乳胶漆等涂料类商品自签收次日起15天内，未开封的，可申请无理由退货。\n",
		"faq.csv":             "id,question,answer,tags\nF030,How long should I wait between two coats of the Kitchen & Bath Paint?,Wait at least 6 hours at about 25°C before the second coat of the Kitchen & Bath Paint.,paint\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "I got the kitchen & bath paint a week ago, still sealed. Can I return it?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "15") {
			t.Errorf("Ask(%s) = %s %q, want the 15-day return rule", q, a.Status, a.Text)
		}
	})
}

// A category the question names with one product in it names that
// product, launched or not ("往复锯多少钱" of a saw launched next month);
// a kind of it the knowledge lacks (激光切割往复锯) is still no product of it.
func TestOnlyProductOfCategory(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "TL-8", "name": "工匠20V无刷往复锯", "category": "往复锯", "price_cny": 699, "channels": ["tmall"], "launched": "2026-01-10", "specs": {"往复频率": "0-3000spm"}, "related": []}
{"id": "TL-1", "name": "工匠20V无刷电钻", "category": "电钻", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大扭矩": "65N·m"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "往复锯多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "699") {
			t.Errorf("Ask(%s) = %s %q, want its price 699", q, a.Status, a.Text)
		}
		q = "你们家的激光切割往复锯多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(%s) = %s %q, want a refusal", q, a.Status, a.Text)
		}
	})
}

// An FAQ entry's question says what it answers: where the facts leave
// 插座 unsaid, the entry asking "能插插座用吗" answers beside them, though
// its answer says 适配器 and 在家.
func TestFAQQuestionSaysWhatItAnswers(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CX-5", "name": "澈翔压缩机车载冰箱C系列", "category": "车载冰箱", "price_cny": 1699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"温控范围": "-20℃~10℃", "容量": "25L"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF1,车载冰箱能插插座用吗？,压缩机车载冰箱C系列可搭配家用电源适配器（159元）在家使用。,冰箱\nF2,冰箱能冷冻吗？,C系列温控范围-20℃~10℃，可以冷冻。,冰箱\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "C系列冰箱能插插座用吗 多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "159元") {
			t.Errorf("Ask(C系列冰箱能插插座用吗 多少钱) = %s %q, want the adapter the FAQ names (159元)", a.Status, a.Text)
		}
	})
}

// "你们有哈密瓜卖吗": what the customer asks the shop to sell, never
// mentioned by the knowledge, is no product of the brand's; one it sells
// is answered.
func TestAskedToSellUnknown(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GL-1", "name": "甘垄库尔勒香梨", "category": "梨", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"产地": "新疆巴音郭楞蒙古自治州库尔勒市", "规格": "5斤装"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "你们有新疆哈密瓜卖吗 一箱多少钱", AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("Ask(你们有新疆哈密瓜卖吗 一箱多少钱) = %s %q, want it refused: no 哈密瓜 is sold", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "你们有新疆香梨卖吗 多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "59") {
			t.Errorf("Ask(你们有新疆香梨卖吗 多少钱) = %s %q, want its price (59)", a.Status, a.Text)
		}
	})
}

// "一节多长时间": a duration asked per one of a unit is the value given
// per that unit (课时：4节，每节45分钟), not another duration (有效期).
func TestPerUnitValue(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-8", "name": "声屿钢琴体验课", "category": "课程", "price_cny": 199, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"有效期": "购买后60天内上完", "课时": "4节，每节45分钟"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "钢琴体验课一节多长时间", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "45分钟") || strings.Contains(a.Text, "60天") {
			t.Errorf("Ask(钢琴体验课一节多长时间) = %s %q, want the duration per lesson (45分钟) only", a.Status, a.Text)
		}
	})
}

// "冰酒": a character only one name has and that name's last one, its
// head, written together, are the customer's short name for it.
func TestShortNameByRareCharAndHead(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LC-7", "name": "醴川天山威代尔冰白葡萄酒", "category": "葡萄酒", "price_cny": 328, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "375ml"}, "related": []}
{"id": "LC-1", "name": "醴川贺兰山赤霞珠干红葡萄酒", "category": "葡萄酒", "price_cny": 168, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "750ml"}, "related": []}
{"id": "LC-2", "name": "醴川贺兰山霞多丽干白葡萄酒", "category": "葡萄酒", "price_cny": 158, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "750ml"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "冰酒一瓶多少毫升", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "375ml") || strings.Contains(a.Text, "750ml") {
			t.Errorf("Ask(冰酒一瓶多少毫升) = %s %q, want the icewine's 375ml only", a.Status, a.Text)
		}
		// 白 is in two names: "白酒" names neither.
		if l := e.ask(Request{Question: "白酒一瓶多少毫升", AsOf: day("2025-12-01")}); strings.Contains(l.Text, "375ml") {
			t.Errorf("Ask(白酒一瓶多少毫升) = %q, want no link to the icewine", l.Text)
		}
	})
}

// "是甜的吗": one adjective asked yes or no is answered by the value
// that says it when no key does (类型：甜型).
func TestAdjectiveInValue(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LC-7", "name": "醴川冰白葡萄酒", "category": "葡萄酒", "price_cny": 328, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "375ml", "类型": "甜型（残糖约180g/L）", "产区": "新疆伊犁河谷"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "冰白葡萄酒是甜的吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "甜型") {
			t.Errorf("Ask(冰白葡萄酒是甜的吗) = %s %q, want its 类型 (甜型)", a.Status, a.Text)
		}
	})
}

// "积分多久过期 多少积分抵1块钱": 过期 asks how long something stays
// valid, which the rule about redeeming points does not say; the FAQ
// answer that does (24个月内有效) joins it, as no rule's sentence does.
func TestClauseMeasureAndValidity(t *testing.T) {
	sources := map[string]string{
		"policies/points.md": "---\nid: sy-points\ntitle: 会员积分规则\nchannels: all\napplies_to: all\neffective_from: 2025-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 会员积分规则\n\n## 积分获取\n\n1. 微信小程序、官网及线下门店订单，实付每1元累计1积分（运费不计积分）。\n2. 积分在订单确认收货7天后到账。\n3. 天猫、抖音渠道订单暂不累计积分，也不支持积分抵扣。\n\n## 积分使用\n\n1. 100积分抵1元，在微信小程序、官网下单时可直接抵扣；单笔订单积分抵扣金额不超过订单实付金额的10%。\n2. 积分商城兑换（微信小程序「积分商城」）：\n   - 800积分兑换吉他弦1套；\n   - 1500积分兑换调音器1个。\n\n## 退货\n\n订单退货后，该订单获得的积分将被扣回；下单时使用积分抵扣的，按退货比例退回积分。\n",
		"faq.csv":            "id,question,answer,tags\nF1,积分怎么用？,100积分抵1元，单笔订单抵扣不超过实付金额的10%；也可以在积分商城兑换琴弦。积分自获得之日起24个月内有效。,积分\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "积分多久过期 多少积分抵1块钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "100积分") || !strings.Contains(a.Text, "24个月") {
			t.Errorf("Ask(积分多久过期 多少积分抵1块钱) = %s %q, want how points are redeemed (100积分) and how long they are valid (24个月)", a.Status, a.Text)
		}
	})
}

// "虎皮蓝": the segmenter cuts the slip into a word of the name (虎皮) and
// a lone character; together they sound as the end of a name (虎皮兰).
func TestSlipCutInTwo(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HX-3", "name": "花溪虎皮兰", "category": "盆栽绿植", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"浇水": "春夏约2-3周浇1次，冬季约1个月浇1次"}, "related": []}
{"id": "HX-4", "name": "花溪玉露", "category": "多肉", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"浇水": "春秋10-15天一次"}, "related": []}
{"id": "HX-5", "name": "花溪金钱树", "category": "盆栽绿植", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"浇水": "约7天一次"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF1,多肉多久浇一次水？,多肉遵循干透浇透：春秋一般10-15天一次。,养护\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "虎皮蓝多久浇一次水", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2-3周") {
			t.Errorf("Ask(虎皮蓝多久浇一次水) = %s %q, want 虎皮兰's watering (2-3周)", a.Status, a.Text)
		}
	})
}

// "芍药": what a name says before a head many names end with (花束) names
// it, when no other name holds it.
func TestStemBeforeSharedHead(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HX-5", "name": "花溪芍药花束", "category": "鲜花花束", "price_cny": 259, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"花材": "芍药5枝"}, "related": []}
{"id": "HX-1", "name": "花溪红玫瑰花束", "category": "鲜花花束", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"花材": "红玫瑰11枝"}, "related": []}
{"id": "HX-2", "name": "花溪康乃馨花束", "category": "鲜花花束", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"花材": "康乃馨9枝"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "芍药多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "259") || strings.Contains(a.Text, "199") {
			t.Errorf("Ask(芍药多少钱) = %s %q, want the peony bouquet's price (259) only", a.Status, a.Text)
		}
	})
}

// "小程序下单去门店自提 多久能拿": a clause that asks only a measure asks
// it of what the rest of the question is about; the sentence stating a
// duration of it (付款后2小时可到店自提) joins the answer.
func TestClauseAskingOnlyAMeasure(t *testing.T) {
	sources := map[string]string{
		"policies/stores.md": "---\nid: hx-stores\ntitle: 线下花店与门店服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 线下花店与门店服务说明\n\n## 门店\n\n城市 | 门店 | 地址 | 营业时间\n---|---|---|---\n上海 | 花溪安澜路花店 | 上海市徐汇区安澜路118号 | 每天09:00-22:00\n杭州 | 花溪南岚路花店 | 杭州市上城区南岚路57号 | 每天09:00-21:30\n\n## 门店自提\n\n1. 在花溪微信小程序下单时可选择门店自提，所有门店均支持。\n2. 鲜花花束付款后2小时可到店自提，须在当天营业结束前取走；非鲜花商品保留3天。\n3. 天猫、抖音和官网订单不支持门店自提。\n\n## 花艺课\n\n1. 上海、杭州门店每周六、周日14:00-16:00开设花艺课，每位168元，每场不超过10人。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "小程序下单去上海门店自提 多久能拿", Channel: "wechat", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2小时") {
			t.Errorf("Ask(小程序下单去上海门店自提 多久能拿) = %s %q, want how soon it can be picked up (2小时)", a.Status, a.Text)
		}
	})
}

// "多硬": hardness is a measure (HRC, HV), and so is "how far" a length.
func TestHardnessAndDistance(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YH-4001", "name": "烟火大马士革中片刀", "category": "刀具", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"钢材": "67层大马士革钢（VG10钢芯）", "硬度": "60±2HRC", "刃长": "20cm", "重量": "约230g"}, "related": []}
{"id": "HX-9", "name": "花溪植物补光灯", "name_en": "HUAXI Plant Grow Light", "category": "养护用品", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"功率": "20W", "使用建议": "灯距植物20-40cm，每天补光8-12小时", "保修": "1年"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "大马士革中片刀多硬", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "60±2HRC") || strings.Contains(a.Text, "230g") {
			t.Errorf("Ask(大马士革中片刀多硬) = %s %q, want its hardness (60±2HRC) only", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "How far from the plants should the grow light go?", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "20-40cm") {
			t.Errorf("Ask(How far from the plants should the grow light go?) = %s %q, want 20-40cm", a.Status, a.Text)
		}
	})
}

// "我在香港": rules name Hong Kong, Macau and Taiwan together (港澳台).
func TestRegionGroup(t *testing.T) {
	sources := map[string]string{
		"policies/shipping.md": "---\nid: yh-shipping\ntitle: 配送与运费说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 配送与运费说明\n\n## 配送范围\n\n新疆、西藏、青海为偏远地区，单笔实付满199元包邮，未满收运费20元。其他大陆地区满99元包邮。港澳台地区及海外暂不发货。\n\n## 发货时间\n\n现货商品付款后48小时内发货。锅具由永康仓寄出，刀具由阳江仓寄出。\n",
		"products.jsonl":       `{"id": "YH-1", "name": "烟火不粘炒锅", "category": "炒锅", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"口径": "32cm"}, "related": []}` + "\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "我在香港 炒锅能寄过来吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "暂不发货") {
			t.Errorf("Ask(我在香港 炒锅能寄过来吗) = %s %q, want the rule for 港澳台 (暂不发货)", a.Status, a.Text)
		}
	})
}

// "充满电能刮多久": how long a charge lasts (续航), beside how long it
// takes to charge.
func TestEndurance(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QC-3", "name": "清齿旋转式电动剃须刀 R5", "category": "剃须刀", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"充电方式": "磁吸充电底座（USB-C供电）", "充电时间": "约1小时", "续航": "约90分钟", "防水等级": "IPX7"}, "related": []}` + "\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "R5剃须刀充满电能刮多久 充电要多长时间", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "90分钟") || !strings.Contains(a.Text, "1小时") {
			t.Errorf("Ask(R5剃须刀充满电能刮多久 充电要多长时间) = %s %q, want its 续航 (90分钟) and 充电时间 (1小时)", a.Status, a.Text)
		}
	})
}

// "H3 Pro吹风机噪音多少分贝": another product's 噪音 key does not answer
// the measure of the product named, which states none.
func TestKeyOfAnotherProductAnswersNothing(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QC-5002", "name": "清齿高速吹风机 H3 Pro", "category": "吹风机", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"功率": "1600W", "风速": "70m/s", "重量": "约350g"}, "related": []}
{"id": "QC-6001", "name": "清齿家用理发器 C1", "category": "理发器", "price_cny": 149, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"噪音": "约60dB", "续航": "约120分钟"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "H3 Pro吹风机噪音多少分贝", AsOf: day("2025-12-01")})
		if a.Status != StatusRefused || strings.Contains(a.Text, "60dB") {
			t.Errorf("Ask(H3 Pro吹风机噪音多少分贝) = %s %q, want a refusal: the dryer states no noise", a.Status, a.Text)
		}
	})
}

// "customer service": two English words the dictionary has as one word
// the knowledge uses (客服) search for it.
func TestEnglishTwoWordGloss(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\nid: qc-service\ntitle: 售后服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 售后服务说明\n")
	for i, part := range []string{"牙刷", "冲牙器", "剃须刀", "理发器", "吹风机", "刷头", "喷嘴", "刀头", "充电座", "收纳盒", "清洁液", "滤网"} {
		fmt.Fprintf(&b, "\n## %d. %s\n\n%s的保修服务由顾客在订单页申请，客户寄回后3个工作日内检测，检测费用由清齿承担，服务完成后寄回顾客。\n", i+1, part, part)
	}
	sources := map[string]string{
		"products.jsonl":      `{"id": "QC-1", "name": "清齿声波电动牙刷 S2", "name_en": "QINGCHI Sonic Toothbrush S2", "category": "电动牙刷", "price_cny": 299, "channels": ["tmall", "douyin"], "launched": "2024-01-01", "specs": {"续航": "约60天"}, "related": []}` + "\n",
		"policies/douyin.md":  "---\nid: qc-douyin\ntitle: 抖音渠道售后与价保规则\nchannels: [douyin]\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 抖音渠道售后与价保规则\n\n## 价保\n\n1. 自下单之日起7天内降价的，可申请价保。\n\n## 其他\n\n1. 抖音订单不累计会员积分。\n2. 抖音旗舰店客服在线时间：每天9:00-24:00。\n",
		"policies/service.md": b.String(),
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "What time does customer service close on Douyin?", Channel: "douyin", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "24:00") {
			t.Errorf("Ask(What time does customer service close on Douyin?) = %s %q, want 9:00-24:00", a.Status, a.Text)
		}
	})
}

// "Is the T1 still sold?" asks availability, not a key holding a
// translation of "sold".
func TestStillSold(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QC-5003", "name": "清齿折叠吹风机 T1", "name_en": "QINGCHI Foldable Hair Dryer T1", "category": "吹风机", "price_cny": 199, "channels": ["tmall"], "launched": "2023-03-01", "discontinued": "2025-08-31", "specs": {"温度档位": "2档（冷风/热风）", "风速档位": "2档"}, "related": []}` + "\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "Is the T1 foldable hair dryer still sold?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2025-08-31") || strings.Contains(a.Text, "冷风") {
			t.Errorf("Ask(Is the T1 foldable hair dryer still sold?) = %s %q, want when it was discontinued (2025-08-31) only", a.Status, a.Text)
		}
	})
}

// "营养土2.0跟以前那款有啥区别": one product compared with the one it
// replaced names that one too, and the keys they differ on answer.
func TestComparedWithReplaced(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HX-5004", "name": "花溪通用营养土2.0", "category": "营养土", "price_cny": 19.9, "channels": ["tmall"], "launched": "2025-03-01", "specs": {"配方": "泥炭土+椰糠+珍珠岩", "pH值": "5.5-6.5"}, "related": [{"type": "replaces", "id": "HX-5003"}]}
{"id": "HX-5003", "name": "花溪通用营养土", "category": "营养土", "price_cny": 16.9, "channels": ["tmall"], "launched": "2023-03-01", "discontinued": "2025-02-28", "specs": {"配方": "泥炭土+珍珠岩", "pH值": "6.0-7.0"}, "related": []}
{"id": "HX-5005", "name": "花溪多肉颗粒土", "category": "营养土", "price_cny": 29, "channels": ["tmall"], "launched": "2023-03-01", "specs": {"配方": "赤玉土+鹿沼土+火山石", "pH值": "6.0-6.5"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "营养土2.0跟以前那款有啥区别", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "5.5-6.5") || !strings.Contains(a.Text, "6.0-7.0") {
			t.Errorf("Ask(营养土2.0跟以前那款有啥区别) = %s %q, want both pH values (5.5-6.5, 6.0-7.0)", a.Status, a.Text)
		}
	})
}

// "同城配送能约具体几点吗 要加钱不": a clause asking only an aspect of a
// rule (a fee) asks it of the rest of the question, and the sentence
// stating the fee joins the answer.
func TestClauseAskingOnlyAnAspect(t *testing.T) {
	sources := map[string]string{
		"policies/shipping.md": "---\nid: yh-shipping\ntitle: 配送与运费说明\nchannels: all\napplies_to: all\neffective_from: 2025-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 配送与运费说明\n\n## 一、发货仓与发货时效\n\n1. 锅具、锅盖、砧板、配件及养护用品由浙江永康仓发货；刀具（含刀具五件套、厨房剪刀、磨刀器、磨刀石）由广东阳江仓发货。\n2. 同一订单同时购买锅具和刀具的，将分别从两个仓库发出，分两个包裹送达，运费只收一次。\n3. 现货商品付款后48小时内发货；激光刻字的刀具按《刀具激光刻字定制服务》的时效发货；大促期间以活动规则为准。\n\n## 二、运费\n\n1. 中国大陆地区（偏远地区除外）：单笔订单实付满99元包邮，未满99元收取运费8元。\n2. 偏远地区（新疆、西藏、青海、甘肃、宁夏、内蒙古）：单笔订单实付满199元包邮，未满199元收取运费20元。\n3. 港澳台地区及海外暂不发货。\n\n## 三、快递公司\n\n1. 默认使用中通或韵达快递，不支持指定快递公司。\n2. 珐琅铸铁锅及各类套装、礼盒默认使用顺丰速运发货，不另收费。\n3. 其他商品如需改发顺丰，可在下单时选择\"顺丰加急\"，加收12元（偏远地区不支持）。\n\n## 四、刀具寄递要求\n\n1. 按快递实名寄递要求，刀具包裹的收件人须年满18周岁，并由收件人本人当面签收。\n2. 刀具包裹不投递至快递柜、驿站，也不支持他人代收。\n3. 刀具包裹无法当面签收且联系不上收件人的，将退回阳江仓，订单按取消处理并全额退款。\n\n## 五、签收与运输破损\n\n1. 签收时请当面检查外包装；珐琅铸铁锅、砂锅、玻璃锅盖等易碎商品建议当面开箱验货。\n2. 签收后48小时内发现运输破损（包括珐琅崩瓷、砂锅开裂、玻璃盖破碎、锅体磕瘪），请联系客服并提供外箱面单照片和破损部位照片，核实后补发或退款，破损商品无需寄回。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "能发顺丰不 要加钱吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "12元") {
			t.Errorf("Ask(能发顺丰不 要加钱吗) = %s %q, want the fee for SF Express (12元)", a.Status, a.Text)
		}
	})
}

// "新疆包邮吗 运费多少 大概几天能到": a word of a clause that no evidence
// says (能到) picks nothing; the clause asks only a duration, and the
// sentence stating one (新疆、西藏7-12天) joins the answer.
func TestClauseWordNoEvidenceSays(t *testing.T) {
	sources := map[string]string{
		"policies/shipping.md": "---\nid: qc-shipping\ntitle: 配送与运费说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 配送与运费说明\n\n## 一、发货时间\n\n1. 清齿商品由华南仓（广东东莞）和华东仓（浙江嘉兴）发货，系统按收货地址自动分配仓库，不支持指定发货仓。\n2. 每天16:00前付款的现货订单当天发货，16:00后付款的次日发货；周末及法定节假日正常发货。\n3. 大促期间发货时效以活动规则为准（如《2025年双十一活动规则》）。\n\n## 二、运费\n\n| 收货地区 | 包邮条件 | 未满包邮条件的运费 |\n|---|---|---|\n| 全国大部分地区（下列地区除外） | 单笔实付满49元 | 6元 |\n| 内蒙古、甘肃、青海、宁夏 | 单笔实付满99元 | 12元 |\n| 新疆、西藏 | 单笔实付满199元 | 20元 |\n\n1. 耗材订阅订单每期包邮（含新疆、西藏等偏远地区）。\n2. 以旧换新寄回旧机、质量问题退换货的运费规则分别见《以旧换新服务规则》和《退换货政策》。\n3. 暂不支持寄往港澳台地区及海外。\n\n## 三、快递公司\n\n1. 默认使用中通快递；单笔实付满399元的订单使用顺丰速运。\n2. 不支持指定快递公司，也不支持到付。\n\n## 四、含锂电池商品的运输\n\n1. 电动牙刷、冲牙器（台式冲牙器 D1 除外）、剃须刀、理发器以及带电池的配件内置锂电池，按国家快递运输规定走陆运，不能走航空件。\n2. 因此顺丰订单也以陆运方式发出。预计送达时间：江浙沪、广东省内2-3天，其他大部分地区3-5天，新疆、西藏7-12天。\n3. 吹风机、刷头、喷嘴等不含电池的商品按快递公司标准时效配送。\n\n## 五、签收与运输损坏\n\n1. 签收时请当面检查外箱，外箱明显破损、变形的可拒收。\n2. 签收后48小时内发现商品运输损坏或缺件的，请联系客服并提供外箱面单照片和商品照片，核实后补发或换新。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "新疆包邮吗 运费多少 大概几天能到", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "7-12天") || !strings.Contains(a.Text, "199") {
			t.Errorf("Ask(新疆包邮吗 运费多少 大概几天能到) = %s %q, want the fee rule (199) and the time to Xinjiang (7-12天)", a.Status, a.Text)
		}
	})
}

// "叠叠锅的手柄断了 手柄有单卖的吗": a part asked to be sold on its own
// is the part, though the main product's name holds the same words.
func TestPartSoldAlone(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YH-3004", "name": "烟火可拆卸手柄叠叠锅", "category": "套装", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"组成": "18cm奶锅+24cm煎锅+26cm炒锅+可拆卸手柄1个"}, "related": []}
{"id": "YH-8003", "name": "烟火叠叠锅可拆卸手柄（替换装）", "category": "配件", "price_cny": 49, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适配说明": "仅适配烟火可拆卸手柄叠叠锅"}, "related": [{"type": "refill_of", "id": "YH-3004"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "叠叠锅的手柄断了 手柄有单卖的吗 多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "49") || strings.Contains(a.Text, "599") {
			t.Errorf("Ask(叠叠锅的手柄断了 手柄有单卖的吗 多少钱) = %s %q, want the handle's price (49) only", a.Status, a.Text)
		}
	})
}

// A quantity asked in a unit the question names is unanswered unless
// the product's evidence writes that unit: "多少微米" of an enamel layer
// by a pot whose sizes are in cm, "多少勒克斯" by 光照：明亮散射光. "多少流明"
// is answered by 1000lm. A 系数 is a quantity too (导热系数).
func TestNamedUnitMustBeWritten(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YH-2002", "name": "烟火珐琅铸铁锅", "category": "汤锅", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"口径": "24cm", "高度": "10cm", "珐琅保修": "2年"}, "related": []}
{"id": "HX-4003", "name": "花溪玉露", "category": "多肉", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"光照": "明亮散射光，避免直射", "株径": "约6-8cm"}, "related": []}
{"id": "YL-6001", "name": "野岭星灯露营灯", "category": "灯具", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大亮度": "1000lm", "电池": "10400mAh锂电池"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"珐琅锅的珐琅层有多厚 多少微米", "玉露一天需要多少勒克斯的光照", "珐琅锅导热系数是多少"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("Ask(%s) = %s %q, want a refusal", q, a.Status, a.Text)
			}
		}
		if a := e.ask(Request{Question: "星灯最亮多少流明", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "1000lm") {
			t.Errorf("Ask(星灯最亮多少流明) = %s %q, want 1000lm", a.Status, a.Text)
		}
	})
}

// "你们有卷发棒吗": a thing the shop is asked to have that the knowledge
// never mentions whole is not sold, however much of its words the
// knowledge uses (卷发); one it mentions (门店) is asked about.
func TestAskedToHaveUnknown(t *testing.T) {
	sources := map[string]string{
		"products.jsonl":     `{"id": "QC-5002", "name": "清齿高速吹风机 H3 Pro", "category": "吹风机", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"功率": "1600W", "使用建议": "适合卷发、烫发吹干定型"}, "related": []}` + "\n",
		"policies/stores.md": "---\nid: qc-stores\ntitle: 线下体验店\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 线下体验店\n\n清齿在深圳、广州设有门店，营业时间每天10:00-22:00。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "你们有卷发棒吗 多少钱", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(你们有卷发棒吗 多少钱) = %s %q, want a refusal", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "你们有门店吗", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "深圳") {
			t.Errorf("Ask(你们有门店吗) = %s %q, want the stores (深圳)", a.Status, a.Text)
		}
	})
}

// What is done at the shop is no thing it is asked to have: "你们有卖不"
// asks whether it sells what the question names, "去你们店修要多少钱" what
// a repair there costs.
func TestShopWordsNameNoThing(t *testing.T) {
	sources := map[string]string{
		"products.jsonl":     `{"id": "QC-5002", "name": "清齿高速吹风机 H3 Pro", "category": "吹风机", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"功率": "1600W"}, "related": []}` + "\n",
		"policies/stores.md": "---\nid: qc-stores\ntitle: 门店维修\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 门店维修\n\n吹风机过保后可到清齿门店维修，检测免费，维修费每次80元。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct{ q, want string }{
			{"H3 Pro吹风机过保了 去你们店修要多少钱", "80元"},
			{"高速吹风机H3 Pro 你们有卖不", "天猫"},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, c.want) {
				t.Errorf("Ask(%s) = %s %q, want %s", c.q, a.Status, a.Text, c.want)
			}
		}
	})
}

// A word with a Latin letter (T恤) has no sound to read a slip by: the
// question is answered, not a panic.
func TestSlipWithLatinLetter(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZF-9", "name": "逐风山海联名T恤", "category": "T恤", "price_cny": 199, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"面料": "速干面料"}, "related": []}` + "\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "山海联名那件T恤小程序能买吗", AsOf: day("2025-12-01")}); a.Status != StatusAnswered {
			t.Errorf("Ask(山海联名那件T恤小程序能买吗) = %s %q, want an answer", a.Status, a.Text)
		}
	})
}

// "Which lasts longer": how long each lasts (a duration) is compared.
func TestLastsLonger(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HX-1007", "name": "花溪香水百合花束", "name_en": "HUAXI Oriental Lily Bouquet", "category": "鲜花花束", "price_cny": 239, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"瓶插期": "7-10天", "尺寸": "约高55cm×宽35cm"}, "related": []}
{"id": "HX-1004", "name": "花溪向日葵花束", "name_en": "HUAXI Sunflower Bouquet", "category": "鲜花花束", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"瓶插期": "4-6天", "尺寸": "约高50cm×宽30cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "Which lasts longer in a vase, the lily bouquet or the sunflower bouquet?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "7-10") || !strings.Contains(a.Text, "4-6") || strings.Contains(a.Text, "55cm") {
			t.Errorf("Ask(Which lasts longer in a vase, …) = %s %q, want both vase lives (7-10, 4-6) and not their sizes", a.Status, a.Text)
		}
	})
}

// "P系列刷头有几种 各多少钱": a list question names each product its words
// match as well as the best one, at the same place.
func TestListNamesPeers(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QC-2002", "name": "清齿P系列深洁刷头（2支装）", "category": "刷头", "price_cny": 69, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"刷毛": "杜邦刷毛"}, "related": []}
{"id": "QC-2003", "name": "清齿P系列敏感护龈刷头（2支装）", "category": "刷头", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"刷毛": "超软刷毛"}, "related": []}
{"id": "QC-2004", "name": "清齿P系列正畸刷头（2支装）", "category": "刷头", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"刷毛": "V型刷毛"}, "related": []}
{"id": "QC-2001", "name": "清齿S系列标准清洁刷头（3支装）", "category": "刷头", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"刷毛": "杜邦刷毛"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "P系列刷头有几种 各多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "69") || !strings.Contains(a.Text, "79") || !strings.Contains(a.Text, "89") || strings.Contains(a.Text, "59") {
			t.Errorf("Ask(P系列刷头有几种 各多少钱) = %s %q, want the three P series heads' prices (69, 79, 89) only", a.Status, a.Text)
		}
	})
}

// The item used with a product that the question's own words name is what
// a "which one, how much" question asks about, whichever relation holds
// it: 滤网 names the refill 复合滤芯 by a character, "filter" its English
// name; the travel bag (compatible with the same purifier) is not asked
// about. Among items its name alone does not tell apart, the one whose
// facts say a word of the question wins (钢牙套 of 正畸喷嘴's 适合).
func TestFittingItemNamedByQuestion(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "NY-5002", "name": "暖屿空气净化器P3", "name_en": "NUANYU P3 Air Purifier", "category": "空气净化器", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"滤网等级": "H13级HEPA复合滤芯"}, "related": []}
{"id": "NY-6001", "name": "暖屿P3复合滤芯", "name_en": "NUANYU P3 Composite Filter", "category": "替换装", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"建议更换周期": "6-12个月"}, "related": [{"type": "refill_of", "id": "NY-5002"}]}
{"id": "NY-6002", "name": "暖屿净化器收纳包", "name_en": "NUANYU Purifier Travel Bag", "category": "配件", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "牛津布"}, "related": [{"type": "compatible_with", "id": "NY-5002"}]}
{"id": "QC-3002", "name": "清齿便携冲牙器 F2", "category": "冲牙器", "price_cny": 229, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"水箱": "200ml"}, "related": []}
{"id": "QC-3004", "name": "清齿F系列标准喷嘴（4支装）", "category": "替换装", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"喷嘴类型": "标准"}, "related": [{"type": "refill_of", "id": "QC-3002"}]}
{"id": "QC-3005", "name": "清齿F系列正畸喷嘴（2支装）", "category": "替换装", "price_cny": 35, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"喷嘴类型": "正畸"}, "suitable_for": ["佩戴固定矫治器（钢牙套）人群"], "related": [{"type": "compatible_with", "id": "QC-3002"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"我有P3净化器 需要换哪个滤网 多少钱", "I have the P3 purifier. Which replacement filter do I need and how much is it?"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, "199") || strings.Contains(a.Text, "79") {
				t.Errorf("Ask(%s) = %s %q, want the filter's price (199), not the bag's (79)", q, a.Status, a.Text)
			}
		}
		a := e.ask(Request{Question: "戴钢牙套 F2冲牙器的喷嘴买哪种", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "正畸喷嘴") || strings.Contains(a.Text, "标准喷嘴") {
			t.Errorf("Ask(戴钢牙套 F2冲牙器的喷嘴买哪种) = %s %q, want the orthodontic nozzles only", a.Status, a.Text)
		}
	})
}

// How much of a product to use at a time ("一次倒多少", "放多少") asks its
// directions (用法), whatever else the question's measure words find.
func TestUsageConcept(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JL-5004", "name": "洁翎管道疏通剂", "category": "清洁剂", "price_cny": 29.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "1L", "用法": "倒入约250ml（约1/4瓶），静置30分钟后用热水冲洗"}, "attributes": {"保质期": "3年"}, "related": []}
{"id": "JL-3002", "name": "洁翎衣物除菌液", "category": "消毒剂", "price_cny": 39.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"除菌率": "99.99%", "用法": "机洗：每4kg衣物加约30ml，与洗衣液一同加入"}, "attributes": {"保质期": "2年"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string][]string{
			"下水道堵了 疏通剂一次倒多少 要等多久":  {"250ml", "30分钟"},
			"衣物除菌液除菌率多少 洗衣机里一次放多少": {"99.99%", "30ml"},
		} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			for _, w := range want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("Ask(%s) = %s %q, want %s", q, a.Status, a.Text, w)
				}
			}
		}
	})
}

// A question naming two variants of one product ("长款比中长款贵多少",
// "两件装划算还是单件划算") is answered by both, though the linker finds one
// variant's name where both are said.
func TestNamedSiblingVariants(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-4001", "name": "云裳双面羊毛羊绒大衣（2025款）", "category": "外套", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料": "90%绵羊毛 10%山羊绒"}, "variants": [{"sku": "YS-4001-MID", "version": "中长款", "length": "约105cm（M码）", "price_cny": 3999}, {"sku": "YS-4001-LONG", "version": "长款", "length": "约118cm（M码）", "price_cny": 4299}], "related": []}
{"id": "YS-3003", "name": "云裳冰丝针织短袖", "category": "针织", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料": "冰丝"}, "variants": [{"sku": "YS-3003-1", "pack": "单件", "price_cny": 199}, {"sku": "YS-3003-2", "pack": "两件装", "price_cny": 359}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string][]string{
			"羊毛羊绒大衣长款比中长款贵多少":  {"3999", "4299"},
			"冰丝短袖买两件装划算还是单件划算": {"199", "359"},
		} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			for _, w := range want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("Ask(%s) = %s %q, want %s", q, a.Status, a.Text, w)
				}
			}
		}
	})
}

// A product described by what its facts say ("皂香那个洗衣液": the 洗衣液
// whose 香型 is 清新皂香) is linked over one whose name holds more of the
// question's words (香氛洗衣液) but whose facts do not say it.
func TestDescribedProductLinked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JL-1001", "name": "洁翎深层洁净洗衣液", "category": "洗衣液", "price_cny": 39.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"香型": "清新皂香", "净含量": "2kg"}, "related": []}
{"id": "JL-1002", "name": "洁翎香氛洗衣液", "category": "洗衣液", "price_cny": 49.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"香型说明": "樱花白茶", "净含量": "1.5kg"}, "related": []}
{"id": "JL-1003", "name": "洁翎婴童洗衣液", "category": "洗衣液", "price_cny": 45.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"香型": "无香", "净含量": "1kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "皂香那个洗衣液多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "39.9") || strings.Contains(a.Text, "49.9") {
			t.Errorf("Ask(皂香那个洗衣液多少钱) = %s %q, want 深层洁净洗衣液's price (39.9)", a.Status, a.Text)
		}
		a = e.ask(Request{Question: "香氛洗衣液多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "49.9") {
			t.Errorf("Ask(香氛洗衣液多少钱) = %s %q, want 49.9", a.Status, a.Text)
		}
	})
}

// A concentration asked in ppm is unanswered unless the evidence writes
// ppm; one the evidence writes in ppm answers.
func TestPPMIsAUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "DL-5001", "name": "冬岭燃气热水器13L", "category": "热水器", "price_cny": 1699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"热效率": "一级能效", "防冻": "电加热防冻"}, "related": []}
{"id": "DL-7001", "name": "冬岭净水器R1", "category": "净水器", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"出水TDS": "≤50ppm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "燃气热水器的一氧化碳排放是多少ppm", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(燃气热水器的一氧化碳排放是多少ppm) = %s %q, want a refusal", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "净水器R1出水是多少ppm", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "50ppm") {
			t.Errorf("Ask(净水器R1出水是多少ppm) = %s %q, want 50ppm", a.Status, a.Text)
		}
	})
}

// "460升" names 零嵌…冰箱460L (a number's Chinese unit is read as the sign
// the name writes); 省电 asks electricity, which 0.82kW·h/24h states.
func TestChineseUnitNamesSignedName(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "DL-1001", "name": "冬岭云鲜十字对开门冰箱502L", "category": "冰箱", "price_cny": 4299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"总容积": "502L", "耗电量": "0.89kW·h/24h"}, "related": []}
{"id": "DL-1002", "name": "冬岭零嵌法式多门冰箱460L", "category": "冰箱", "price_cny": 5999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"总容积": "460L", "耗电量": "0.82kW·h/24h"}, "related": []}
{"id": "DL-1003", "name": "冬岭法式多门冰箱455L", "category": "冰箱", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"总容积": "455L", "耗电量": "0.95kW·h/24h"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "云鲜502升和零嵌460升 哪个更省电", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "0.89") || !strings.Contains(a.Text, "0.82") || strings.Contains(a.Text, "0.95") {
			t.Errorf("Ask(云鲜502升和零嵌460升 哪个更省电) = %s %q, want 0.89 and 0.82", a.Status, a.Text)
		}
	})
}

// A measure asked in two clauses is asked twice, each of its clause's own
// words: "一盒几支" of 规格 15g×20支 (per 盒), "一天能喂几根" of 喂食建议
// 每天不超过4支. "那几袋" points at bags and asks no count.
func TestMeasurePerClause(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "NZ-3002", "name": "糯爪猫条", "category": "宠物零食", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"喂食建议": "成猫每天不超过4支，作为零食或拌粮", "保质期": "18个月"}, "specs": {"规格": "15g×20支", "水分": "≤88%"}, "related": []}` + "\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "猫条一盒几支 一天能喂几根", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "20支") || !strings.Contains(a.Text, "4支") {
			t.Errorf("Ask(猫条一盒几支 一天能喂几根) = %s %q, want 20支 and 4支", a.Status, a.Text)
		}
	})
}

// Time passed since receipt ("收到12天了") is weighed against a limit
// counted from receipt (签收后15天), not against a refund's 4个工作日.
func TestReceiptWindowForElapsed(t *testing.T) {
	sources := map[string]string{
		"products.jsonl":       `{"id": "QC-4001", "name": "清齿往复式剃须刀 R3", "category": "剃须刀", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"刀头": "3刀头"}, "related": []}` + "\n",
		"policies/returns.md":  "---\nid: qc-returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n## 一、无理由退货\n\n1. 自签收次日起7天内（含第7天），商品未使用、包装完好的，可申请无理由退货。\n2. 剃须刀已使用的，不支持无理由退货。\n",
		"policies/double11.md": "---\nid: qc-double11-2025\ntitle: 2025年双十一活动规则\nchannels: all\napplies_to: all\neffective_from: 2025-10-20\neffective_to: 2025-11-20\nsupersedes: null\n---\n\n# 2025年双十一活动规则\n\n## 一、无理由退货期延长\n\n1. 活动订单的无理由退货期由签收后7天延长至签收后15天。\n2. 卫生规则不变：已使用的剃须刀、理发器仍不支持无理由退货。\n\n## 二、发货与售后\n\n1. 活动订单付款后72小时内发货。\n2. 活动期间售后量较大，退货退款时效调整为仓库签收退货后4个工作日内。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "双十一买的剃须刀 收到12天了还没拆 能退吗", AsOf: day("2025-11-20"), Channel: "tmall"})
		if !strings.Contains(a.Text, "15天") {
			t.Errorf("Ask(双十一买的剃须刀 收到12天了还没拆 能退吗) = %s %q, want 签收后15天", a.Status, a.Text)
		}
	})
}

// An amount asked of a named product (E2的网布透气率) that none of its facts
// or texts speaks of is unanswered, though another product's says the
// thing (透气); the product whose fact states it is answered.
func TestAmountUnsaidOfNamedProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SJ-3002", "name": "松居人体工学椅E2", "category": "椅子", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"网布": "韩国进口弹力网布", "座高调节": "440-540mm"}, "related": []}
{"id": "SJ-5001", "name": "松居透气床垫M1", "category": "床垫", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"透气率": "95%", "厚度": "22cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "E2的网布透气率是多少", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(E2的网布透气率是多少) = %s %q, want a refusal", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "M1床垫透气率是多少", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "95%") {
			t.Errorf("Ask(M1床垫透气率是多少) = %s %q, want 95%%", a.Status, a.Text)
		}
	})
}

// An amount a text about no product names whole ("胎体密度指数" where the
// FAQ explains TPI) may be stated for any product in the text's own
// notation: it is no amount the knowledge never mentions.
func TestAmountNamedInGeneralText(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XT-1001", "name": "行途公路车外胎", "category": "外胎", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "700×25C", "胎压": "80-110psi"}, "related": []}` + "\n",
		"faq.csv":        "id,question,answer,tags\nF001,胎体密度指数（TPI）是什么？,TPI是胎体密度指数，数值越高胎体越柔软，本店所有型号均为120TPI。,规格\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "行途公路车外胎的胎体密度指数多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "120TPI") {
			t.Errorf("Ask(%s) = %s %q, want 120TPI", q, a.Status, a.Text)
		}
	})
}

// A negated verb the question says ("还没装") is covered by the rule that
// says it with another negation and the verb's longer word (未安装).
func TestNegatedVerbCovered(t *testing.T) {
	sources := map[string]string{
		"policies/returns.md": "---\nid: returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n自签收次日起7天内（含第7天），商品未安装、未使用、包装完好的，可申请无理由退货。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "收到5天了 还没装 能退不"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "7天") {
			t.Errorf("Ask(%s) = %s %q, want the 7天 rule", q, a.Status, a.Text)
		}
	})
}

// A serial number read against a recall's prefixes: inside them, the
// notice's remedies answer; outside them, the sentence saying the other
// numbers are not concerned does, though the product's own facts speak of
// the recall too.
func TestSerialAgainstRecallRule(t *testing.T) {
	notice := "---\nid: wh-recall-pb10\ntitle: PB10充电宝召回公告\nchannels: all\napplies_to: all\neffective_from: 2025-09-15\neffective_to: null\nsupersedes: null\n---\n\n# PB10充电宝召回公告\n\n" +
		"## 一、召回原因\n\n经内部检测发现，2025年3月、4月生产的部分鲸听PB10 快充充电宝，电芯在长时间高温环境下存在鼓包风险。\n\n" +
		"## 二、召回范围\n\n1. PB10序列号为14位，印于机身底部：型号代码4位（PB10）+ 生产年月4位（YYMM）+ 流水号6位。\n2. 序列号以PB102503或PB102504开头的，属于本次召回范围。\n3. 其他序列号的PB10不在本次召回范围内，可继续正常使用。\n\n" +
		"## 三、处理方式\n\n1. 召回范围内的产品，请立即停止使用和充电。\n2. 用户可任选其一：免费更换同款新批次PB10，或按实际支付金额全额退款。\n\n" +
		"## 四、登记方式\n\n鲸听App「服务」-「召回查询」输入序列号登记。\n"
	sources := map[string]string{
		"products.jsonl":     `{"id": "WH-3001", "name": "鲸听PB10 快充充电宝 10000mAh", "category": "充电宝", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"召回说明": "部分批次在召回范围内，详见《PB10充电宝召回公告》", "序列号位置": "机身底部激光刻印，14位", "序列号前缀": "PB10"}, "specs": {"容量": "10000mAh"}, "related": []}` + "\n",
		"policies/recall.md": notice,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "PB10 序列号PB102507001236 需要召回吗", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "不在本次召回范围") || strings.Contains(a.Text, "同款新批次") {
			t.Errorf("Ask(…PB102507001236…) = %s %q, want 不在本次召回范围 and no remedy", a.Status, a.Text)
		}
		a = e.ask(Request{Question: "充电宝底下序列号PB102504001236 是召回的那批吗 要怎么弄", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "同款新批次") {
			t.Errorf("Ask(…PB102504001236…) = %s %q, want the remedy (同款新批次)", a.Status, a.Text)
		}
	})
}

// Each side of a comparison names a product of its own: "初见30分钻戒跟初见
// 30分吊坠" links the pendant too, though the question's best links found
// the ring's name over both sides.
func TestComparisonSidesLinkEach(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JY-4001", "name": "璟曜「初见」六爪单钻戒30分", "category": "钻戒", "price_cny": 6980, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"主钻": "30分"}, "variants": [{"sku": "JY-4001-8", "size": "#8", "price_cny": 6980}, {"sku": "JY-4001-10", "size": "#10", "price_cny": 6980}], "related": []}
{"id": "JY-4002", "name": "璟曜「初见」六爪单钻戒50分", "category": "钻戒", "price_cny": 11800, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"主钻": "50分"}, "related": []}
{"id": "JY-4005", "name": "璟曜「初见」钻石吊坠30分", "category": "钻石吊坠", "price_cny": 5980, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"主钻": "30分"}, "related": []}
{"id": "JY-5001", "name": "璟曜古法足金葫芦吊坠", "category": "吊坠", "price_cny": 260, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "足金"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		// (比较 is "rather", no side's connector.)
		for _, q := range []string{"初见30分钻戒跟初见30分吊坠差多少钱", "初见30分钻戒跟初见30分吊坠哪个比较贵"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, "6980") || !strings.Contains(a.Text, "5980") {
				t.Errorf("Ask(%s) = %s %q, want 6980 and 5980", q, a.Status, a.Text)
			}
		}
	})
}

// A fact of a linked product that names another product (起球说明：…可用
// 羊绒梳去除) brings that product's price when the price is asked.
func TestPriceOfProductAFactNames(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-3001", "name": "云裳羊绒圆领毛衣", "category": "针织", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料": "100%山羊绒", "起球说明": "羊绒属短纤维，穿着初期摩擦部位轻微起球属正常现象，可用羊绒梳去除。"}, "related": []}
{"id": "YS-7003", "name": "云裳羊绒梳", "category": "护理工具", "price_cny": 69, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "桃木"}, "related": []}
{"id": "YS-1001", "name": "云裳桑蚕丝印花连衣裙", "category": "连衣裙", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料": "100%桑蚕丝"}, "related": []}
{"id": "YS-2001", "name": "云裳真丝通勤衬衫", "category": "衬衫", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料": "100%桑蚕丝"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "羊绒毛衣起球了 你家有啥工具能弄 多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "69") {
			t.Errorf("Ask(羊绒毛衣起球了 你家有啥工具能弄 多少钱) = %s %q, want the comb's price (69)", a.Status, a.Text)
		}
	})
}

// A set's member the question's words name (开荒套装里那个拖把) has the items
// used with it too: its refill's price answers "拖布用烂了 换啥 多钱".
func TestFittingItemOfSetMember(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JL-6001", "name": "洁翎免手洗平板拖把2代", "category": "清洁工具", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"拖布尺寸": "38×12cm"}, "related": []}
{"id": "JL-6101", "name": "洁翎平板拖把2代替换拖布（3片装）", "category": "替换装", "price_cny": 29.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺寸": "38×12cm"}, "related": [{"type": "refill_of", "id": "JL-6001"}]}
{"id": "JL-4001", "name": "洁翎地板清洁剂", "category": "清洁剂", "price_cny": 19.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "2L"}, "related": []}
{"id": "JL-8001", "name": "洁翎新居开荒清洁套装", "category": "套装", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "平板拖把2代×1 + 地板清洁剂2L×1"}, "related": [{"type": "set_contains", "id": "JL-6001"}, {"type": "set_contains", "id": "JL-4001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "开荒套装里那个拖把 拖布用烂了 换啥 多钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "29.9") {
			t.Errorf("Ask(开荒套装里那个拖把 拖布用烂了 换啥 多钱) = %s %q, want the refill's price (29.9)", a.Status, a.Text)
		}
	})
}

// A measure's cue asked again in a later clause ("能放多久 开了盖多久得用完")
// asks it of that clause: the value its own words choose (开封后建议3个月内
// 用完), beside the first clause's (保质期 12个月); the product's name in a
// clause chooses nothing (消毒 of 84消毒液 is no 物体表面消毒).
func TestSameCueInTwoClauses(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JL-3001", "name": "洁翎84消毒液", "category": "消毒剂", "price_cny": 19.9, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保质期": "12个月", "储存": "避光、阴凉处密封保存；开封后建议3个月内用完"}, "specs": {"物体表面消毒": "1:100稀释，作用20分钟后用清水擦净", "餐具消毒": "1:200稀释，浸泡20分钟后用清水冲净"}, "related": []}` + "\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "84消毒液能放多久 开了盖多久得用完", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "12个月") || !strings.Contains(a.Text, "3个月") || strings.Contains(a.Text, "20分钟") {
			t.Errorf("Ask(84消毒液能放多久 开了盖多久得用完) = %s %q, want 12个月 and 3个月, not 20分钟", a.Status, a.Text)
		}
	})
}

// What a thing is made of ("made of", "什么面料") asks its material keys
// (面料成分, 材质), beside the price asked with it.
func TestMaterialConcept(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-2001", "name": "云裳真丝通勤衬衫", "name_en": "YUNSHANG Silk Office Shirt", "category": "衬衫", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料成分": "100%桑蚕丝（22姆米）", "版型": "宽松", "衣长": "约66cm（M码）"}, "related": []}` + "\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"What's the silk office shirt made of, and what does it cost?", "真丝衬衫是什么面料的 多少钱"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, "100%") || !strings.Contains(a.Text, "699") {
				t.Errorf("Ask(%s) = %s %q, want 100%% and 699", q, a.Status, a.Text)
			}
		}
	})
}

// A word that is only a part of a cue the question does not say names the
// topic: "充满" of "充满电要多久" (the endurance cue is 充满电能) makes
// the FAQ on charging answer, not the endurance fact the duration unit
// alone picks.
func TestCuePartNamesTopic(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JL-6002", "name": "洁翎自动感应泡沫洗手机", "name_en": "JIELING Automatic Foaming Soap Dispenser", "category": "洗手液", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"续航": "满电约可使用3个月（每天约30次）", "防水等级": "IPX4"}, "related": []}` + "\n",
		"faq.csv":        "id,question,answer,tags\nF025,洗手机怎么充电？多久能充满？,洗手机使用Type-C接口充电，约2小时可充满，充电时指示灯为红色。,洗手机|充电\nF026,洗手机能加普通洗手液吗？,不建议，容易堵塞出液泵。,洗手机\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "自动洗手机充满电要多久"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2小时") {
			t.Errorf("Ask(%s) = %s %q, want 2小时", q, a.Status, a.Text)
		}
	})
}

// Loosely worded questions are not refused for words the evidence says
// another way: each case rests on one reading of the question's words.
func TestLooseWordsCovered(t *testing.T) {
	returns := `---
id: aj-returns
title: 退换货政策
channels: all
applies_to: all
effective_from: 2025-01-01
effective_to: null
supersedes: null
---

# 退换货政策

## 一、无理由退货

1. 自签收次日起7天内，商品未安装、包装完好的，可申请无理由退货。
2. 智能锁已由师傅安装的，不支持无理由退货。

## 二、质量问题

签收后30天内出现质量问题的，可申请换货。

## 三、配送

默认中通快递发货；需要顺丰速运的，每单加收运费12元。
`
	sources := map[string]string{
		"products.jsonl": `{"id": "AJ-1001", "name": "安笺S3指纹智能锁", "category": "智能锁", "price_cny": 1299, "channels": ["tmall", "douyin"], "launched": "2024-01-01", "attributes": {"保修期": "2年"}, "related": []}
{"id": "LK-5001", "name": "洛咖冷萃咖啡液", "category": "冷萃", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "25ml/条"}, "variants": [{"sku": "LK-5001-12", "count": "12条", "price_cny": 59}, {"sku": "LK-5001-24", "count": "24条", "price_cny": 99}], "related": []}
{"id": "MZ-1003", "name": "墨栈按动中性笔K3", "category": "中性笔", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"替芯": "K3按动替芯"}, "related": []}
{"id": "MZ-1002", "name": "墨栈S1中性笔替芯", "category": "替芯", "price_cny": 15, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"适配说明": "仅适配速干中性笔S1，不适配按动中性笔K3"}, "related": []}
`,
		"policies/aj-returns.md": returns,
		"policies/aj-double11.md": `---
id: aj-double11
title: 2025年双11大促活动规则
channels: all
applies_to: all
effective_from: 2025-10-20
effective_to: 2025-11-20
supersedes: null
---

# 2025年双11大促活动规则

## 一、售后

活动订单退货退款时效调整为仓库签收退货后4个工作日内。
`,
	}
	cases := []struct{ q, want string }{
		{"锁装好用了几天 能退吗", "不支持"},           // 装好: the verb 装 of 安装 (stemIn)
		{"收到三天了 坏了 能换吗", "30天"},          // 三天 is an amount, not a topic (hanQuantityRE)
		{"双十一买的锁还没装 退了 钱几天回来", "4个工作日"},  // 十一 of 双十一 is 双11 (arabicNumerals)
		{"能发顺丰吗", "顺丰"},                  // 发顺丰 glued: 顺丰 (partlyIn of a coined word)
		{"要加钱吗 急用", "12元"},               // 加钱: a fee the text states (aspects)
		{"冷萃液12条和24条买哪个划算", "99"},        // 12条 ends a word: not 条买 (quantityEndRE)
		{"买了一盒s1的笔芯 能装到k3按动笔里用吗", "不适配"}, // 动笔 of 按动笔: characters of the linked names (charsIn)
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range cases {
			a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")})
			if a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) {
				t.Errorf("Ask(%s) = %s %q, want an answer with %s", c.q, a.Status, a.Text, c.want)
			}
		}
	})
}

// Text that states both a concept and a measure the question asks
// ("多久过期": validity, a duration) answers though sentences on other
// rules of the same thing match the question's words better.
func TestTextStatingConceptAndMeasure(t *testing.T) {
	sources := map[string]string{
		"policies/lk-membership.md": `---
id: lk-membership
title: 会员积分规则
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 会员积分规则

> 状态：本规则有效期为2024-01-01起。

## 零、入会

在微信小程序或官网使用手机号注册，即可免费成为会员。

## 一、积分获取

1. 微信小程序、官网订单，实付每1元累计1积分（运费不计积分）。
2. 积分在订单确认收货7天后到账。
3. 天猫、抖音渠道订单暂不累计积分。

## 二、积分使用

1. 100积分抵1元，在微信小程序、官网下单时可直接抵扣。
2. 单笔订单积分抵扣金额不超过订单实付金额的10%。

## 三、积分有效期

积分自获得之日起12个月内有效，到期自动清零。

## 四、会员等级

| 等级 | 升级条件（近一年累计实付） | 权益 |
|---|---|---|
| 普通会员 | 注册即可 | 1倍积分 |
| 银卡会员 | 满3000元 | 1.2倍积分 |

## 五、退货

订单退货后，该订单获得的积分将被扣回；下单时使用积分抵扣的，按退货比例退回积分。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		// ("啥时候" asks when, which a duration answers too.)
		for _, q := range []string{"我的积分多久过期啊", "积分啥时候过期啊"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-06-15")}); !strings.Contains(a.Text, "12个月") {
				t.Errorf("Ask(%s) = %s %q, want 12个月", q, a.Status, a.Text)
			}
		}
	})
}

// A catalog record's field quoted from its text ("适合：没有宽带的工地")
// is said of the product it describes.
func TestProductFieldNamesItsProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "AJ-2006", "name": "安笺E9 4G室外摄像机", "category": "室外摄像机", "price_cny": 699, "channels": ["wechat", "web"], "launched": "2024-01-01", "attributes": {"适合": "没有宽带的工地、鱼塘、果园"}, "specs": {"联网": "4G全网通（需插SIM卡）"}, "related": []}
{"id": "AJ-2004", "name": "安笺E6室外摄像机", "category": "室外摄像机", "price_cny": 399, "channels": ["tmall", "douyin"], "launched": "2024-01-01", "attributes": {"适合": "庭院、门口"}, "specs": {"联网": "2.4GHz Wi-Fi"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "老家鱼塘没拉宽带 想装个监控看着 用你们哪款", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "E9") {
			t.Errorf("Ask(老家鱼塘没拉宽带 想装个监控看着 用你们哪款) = %s %q, want E9 named", a.Status, a.Text)
		}
	})
}

// "能装不" asks whether one thing fits another: what the item's facts say
// it fits answers.
func TestFitsAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LK-5302", "name": "洛咖58mm无底手柄", "category": "咖啡机配件", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"适配说明": "仅适配洛咖半自动意式咖啡机S1（58mm冲煮头）"}, "specs": {"口径": "58mm"}, "related": []}
{"id": "LK-7002", "name": "洛咖小方胶囊咖啡机", "category": "胶囊机", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"水箱": "0.8L", "适配胶囊": "仅适配洛咖胶囊"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF009,胶囊能用在别的牌子的胶囊机上吗？,洛咖胶囊仅适配洛咖小方胶囊咖啡机，不保证适配其他品牌的胶囊机。,胶囊\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "那个无底手柄 我家小方胶囊机能装不", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "仅适配洛咖半自动意式咖啡机S1") {
			t.Errorf("Ask(那个无底手柄 我家小方胶囊机能装不) = %s %q, want what the portafilter fits", a.Status, a.Text)
		}
	})
}

// A clause that asks no measure or concept and that nothing picked speaks
// to asks the attribute whose key (or value) holds its rarest characters:
// "到手要自己装吗" → 安装, "没电了能插线听吗" → 有线连接 (线, not 电 of
// three keys), "外面那层膜要撕掉吗" → 包装：水溶膜，无需撕开.
func TestClauseAsksByItsCharacters(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-4003", "name": "墨栈楠竹显示器增高架", "category": "桌面收纳", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"安装": "免安装", "保修期": "1年"}, "specs": {"尺寸": "60×22×9cm", "材质": "楠竹", "承重": "20kg", "抽屉": "1个"}, "related": []}
{"id": "WH-2001", "name": "鲸听Dome H2 头戴式降噪耳机", "category": "头戴式耳机", "price_cny": 999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"续航": "70h", "电池容量": "800mAh", "充电时间": "约2h", "重量": "265g", "有线连接": "支持3.5mm音频线（随附1.2m）", "充电接口": "USB-C", "无线充电": "不支持"}, "related": []}
{"id": "JL-2002", "name": "洁翎洗碗机专用洗涤块", "category": "洗碗机用品", "price_cny": 49.9, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保质期": "2年", "储存": "密封防潮；受潮后溶解变慢"}, "specs": {"单块重量": "18g", "配方": "三合一（洗涤+亮碟+护机）", "包装": "水溶膜，无需撕开，直接放入", "用法": "每次1块，放入洗碗机洗涤剂盒"}, "related": []}
`,
	}
	cases := []struct{ q, want string }{
		{"竹子的显示器架子能承重多少 到手要自己装吗", "免安装"},
		{"Dome H2头戴耳机多重？没电了能插线听吗", "3.5mm"},
		{"洗碗块一块多重 外面那层膜要撕掉吗", "无需撕开"},
		// ("有没有…" asks yes or no as "…吗" does.)
		{"Dome H2头戴耳机多重 有没有插线听的", "3.5mm"},
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range cases {
			a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, c.want) {
				t.Errorf("Ask(%s) = %s %q, want %s", c.q, a.Status, a.Text, c.want)
			}
		}
	})
}

// A clause that asks a measure, or an amount, whose picked attributes say
// none of its own characters asks the attribute that does: "多久浇一次" is
// 用法's 每两周浇1次, not 保质期's 24个月; "一次放多少粉" is 用粉量, the key
// of the two that hold 粉 which names an amount.
func TestAskingClauseByItsCharacters(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GT-1001", "name": "绿庭绿植营养液", "category": "园艺", "price_cny": 25, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保质期": "24个月"}, "specs": {"净含量": "500ml", "用法": "兑水1000倍，每两周浇1次"}, "related": []}
{"id": "GT-2001", "name": "绿庭挂耳咖啡粉", "category": "咖啡", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"粉质": "中细研磨"}, "specs": {"冲泡建议": {"水温": "92℃", "用粉量": "15g（约250ml水）"}}, "related": []}
`,
	}
	cases := []struct{ q, want string }{
		{"绿植营养液能放多久 多久浇一次", "每两周浇1次"},
		{"挂耳咖啡用多少度水冲 一次放多少粉", "15g"},
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range cases {
			a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, c.want) {
				t.Errorf("Ask(%s) = %s %q, want %s", c.q, a.Status, a.Text, c.want)
			}
		}
	})
}

// "要买什么芯" names the item it asks for by one character after the
// question word: the refill used with the pen (and its price) answers; "没水
// 了" is the pen running dry, not a slip for 墨水.
func TestWhatThingNamesItem(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-1005", "name": "墨栈砚台金属签字笔", "category": "签字笔", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "32g", "笔身材质": "黄铜"}, "related": []}
{"id": "MZ-1003", "name": "墨栈按动中性笔K3", "category": "中性笔", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"笔尖": "0.5mm"}, "related": []}
{"id": "MZ-1004", "name": "墨栈K3按动替芯", "category": "替芯", "price_cny": 19, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"墨水": "中性墨水", "包装": "20支/盒"}, "related": [{"type": "refill_of", "id": "MZ-1003"}, {"type": "compatible_with", "id": "MZ-1005"}]}
{"id": "MZ-1009", "name": "墨栈瓶装钢笔墨水", "category": "墨水", "price_cny": 45, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "50ml"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "那支金属签字笔没水了 要买什么芯 多少钱一盒"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "19元") || strings.Contains(a.Text, "45元") {
			t.Errorf("Ask(%s) = %s %q, want the refill's 19元, not the ink's 45元", q, a.Status, a.Text)
		}
	})
}

// "想换蓝色的" names the variant whose colour holds 蓝 (海蓝) when no other
// variant's does; "有几个颜色" still asks them all.
func TestColourNamesVariant(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-1009", "name": "墨栈瓶装钢笔墨水", "category": "墨水", "price_cny": 45, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "50ml"}, "variants": [{"sku": "MZ-1009-BK", "color": "墨黑", "price_cny": 45}, {"sku": "MZ-1009-BL", "color": "海蓝", "price_cny": 49}, {"sku": "MZ-1009-RD", "color": "酒红", "price_cny": 52}], "related": []}` + "\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "钢笔墨水想换蓝色的 有吗 多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "海蓝") || !strings.Contains(a.Text, "49") || strings.Contains(a.Text, "酒红") {
			t.Errorf("Ask(钢笔墨水想换蓝色的 有吗 多少钱) = %s %q, want 海蓝 at 49元 alone", a.Status, a.Text)
		}
		all := e.ask(Request{Question: "钢笔墨水有几个颜色 蓝色的贵吗", AsOf: day("2025-12-01")})
		if !strings.Contains(all.Text, "酒红") || !strings.Contains(all.Text, "海蓝") {
			t.Errorf("Ask(钢笔墨水有几个颜色 蓝色的贵吗) = %s %q, want every colour", all.Status, all.Text)
		}
	})
}

// Time passed that every limit picked has passed ("用了20天", beside 7天内
// 无理由退货) brings the limit that still holds it (签收后30天内).
func TestLimitHoldingTimePassed(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "AJ-2001", "name": "安笺C3室内摄像头", "category": "摄像头", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"联网": "2.4GHz Wi-Fi"}, "related": []}` + "\n",
		"policies/aj-returns.md": `---
id: aj-returns
title: 退换货政策
channels: all
applies_to: all
effective_from: 2025-01-01
effective_to: null
supersedes: null
---

# 退换货政策

## 一、无理由退货

1. 自签收次日起7天内（含第7天），商品包装完好、配件及赠品齐全、不影响二次销售的，可申请无理由退货。
2. 摄像机、可视门铃：已在App中激活绑定的，外观完好、配件齐全即可无理由退货，申请前请先在App中删除设备。

## 二、质量问题

1. 签收后30天内，商品出现功能故障、无法联网、外观破损等质量问题，可申请退货或换货。
2. 超过上述期限的，按保修政策处理。

## 三、退款

退货商品经仓库签收后，3个工作日内退款。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "摄像头用了20天突然连不上网了 还能换新吗"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "30天") {
			t.Errorf("Ask(%s) = %s %q, want the 30天 limit", q, a.Status, a.Text)
		}
	})
}

// A product sold in variants costs up to its dearest one: "最贵的" ranks it
// by that, and the dearest variant answers (not the cheapest's price the
// product states).
func TestDearestVariantRanks(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "AJ-1001", "name": "安笺S3指纹智能锁", "category": "智能锁", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"解锁方式": "指纹、密码"}, "related": []}
{"id": "AJ-1003", "name": "安笺V5掌静脉智能锁", "category": "智能锁", "price_cny": 999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"解锁方式": "掌静脉"}, "variants": [{"sku": "AJ-1003-V5", "version": "V5", "price_cny": 999}, {"sku": "AJ-1003-MAX", "version": "V5 Max", "price_cny": 1599}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "你们最贵的智能锁是哪款", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1599") || strings.Contains(a.Text, "1299") {
			t.Errorf("Ask(你们最贵的智能锁是哪款) = %s %q, want the V5 Max at 1599元", a.Status, a.Text)
		}
	})
}

// Where the text that answers best is the brand's rule that its service
// gives no such advice, the question is refused as out of scope.
func TestBrandDeclinesAdvice(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LK-5001", "name": "洛咖冷萃咖啡液", "category": "冷萃", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "25ml/条"}, "related": []}` + "\n",
		"faq.csv":        "id,question,answer,tags\nF025,孕期或者哺乳期能喝咖啡吗？,洛咖客服无法提供医疗或饮食建议，请咨询医生。如希望减少咖啡因摄入，可选择低因咖啡豆。,健康\nF026,冷萃咖啡液怎么喝？,1条兑150-200ml冰水或牛奶即可。,冷萃\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "我有胃溃疡 医生说少喝咖啡 冷萃一天喝两条行不行"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if a.Status != StatusRefused {
			t.Errorf("Ask(%s) = %s %q, want REFUSED", q, a.Status, a.Text)
		}
		ok := e.ask(Request{Question: "冷萃咖啡液怎么喝", AsOf: day("2025-12-01")})
		if ok.Status != StatusAnswered {
			t.Errorf("Ask(冷萃咖啡液怎么喝) = %s %q, want an answer", ok.Status, ok.Text)
		}
	})
}

// A joining word glued to the next word ("咖啡机加磨豆机": 加磨) is no slip
// for a word of the same sound (咖磨 of 洛咖磨豆机清洁颗粒).
func TestJoiningWordIsNoSlip(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LK-6002", "name": "洛咖电动磨豆机E2", "category": "磨豆机", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"档位": "共40档：意式1-8档，手冲18-26档"}, "related": []}
{"id": "LK-6901", "name": "洛咖磨豆机清洁颗粒", "category": "清洁", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "430g"}, "related": []}
{"id": "LK-8004", "name": "洛咖意式咖啡角套装", "category": "套装", "price_cny": 2999, "channels": ["wechat"], "launched": "2024-01-01", "attributes": {"规格": "半自动意式咖啡机S1×1 + 电动磨豆机E2×1"}, "related": [{"type": "set_contains", "id": "LK-6002"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "咖啡机加磨豆机那个套装 磨豆机是哪款", AsOf: day("2025-12-01")})
		for _, n := range a.Trace.Notes {
			if strings.Contains(n, "咖磨") {
				t.Errorf("Ask(咖啡机加磨豆机那个套装 磨豆机是哪款): %s", n)
			}
		}
	})
}

// "a Gold member", "a VAT invoice": a shop's terms written with a capital
// are no names the knowledge lacks; they meet the tiers and invoices the
// Chinese text names (金卡会员, 增值税专用发票).
func TestCapitalisedShopTerms(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "AJ-1001", "name": "安笺S3指纹智能锁", "category": "智能锁", "price_cny": 1299, "channels": ["tmall", "web"], "launched": "2024-01-01", "related": []}` + "\n",
		"policies/aj-membership.md": `---
id: aj-membership
title: 会员规则
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 会员规则

## 一、会员等级

1. 等级：普通会员，升级条件（近一年累计实付）：注册即可，权益：1倍积分。
2. 等级：银卡会员，升级条件（近一年累计实付）：满1500元，权益：1.2倍积分。
3. 等级：金卡会员，升级条件（近一年累计实付）：满5000元，权益：1.5倍积分。

## 二、发票

所有订单均可开具电子普通发票；增值税专用发票仅支持企业客户在官网下单后申请。天猫订单请在天猫订单页申请电子普通发票。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string]string{
			"How much do I need to spend in a year to become a Gold member?": "5000",
			"Bought on Tmall for my company - can I get a VAT invoice?":      "增值税专用发票",
		} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%s) = %s %q, want %s", q, a.Status, a.Text, want)
			}
		}
	})
}

// Words around a comparison or a product kind that say what is done with
// the thing are no names the knowledge lacks: "拿在手里" (a place it is
// held), "开成办公用品" (a verb and its result).
func TestVerbPhrasesNameNothing(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-1006", "name": "墨栈青松钢笔", "category": "钢笔", "price_cny": 168, "channels": ["tmall"], "launched": "2025-04-01", "specs": {"重量": "16g"}, "related": [{"type": "replaces", "id": "MZ-1010"}]}
{"id": "MZ-1010", "name": "墨栈青竹钢笔（旧款）", "category": "钢笔", "price_cny": 138, "channels": ["tmall"], "launched": "2022-01-01", "specs": {"重量": "21g"}, "related": []}
{"id": "MZ-6001", "name": "墨栈企业定制笔记本", "category": "办公用品", "price_cny": 29, "channels": ["web"], "launched": "2024-01-01", "specs": {"起订量": "100本"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF020,发票能开办公用品吗？,可以，发票内容可选择商品明细或办公用品。,发票\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "新出的青松跟老青竹钢笔拿在手里哪个轻点", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "16g") || !strings.Contains(a.Text, "21g") {
			t.Errorf("Ask(新出的青松跟老青竹钢笔拿在手里哪个轻点) = %s %q, want 16g and 21g", a.Status, a.Text)
		}
		b := e.ask(Request{Question: "发票能开成办公用品吗 公司报销要", AsOf: day("2025-12-01")})
		if b.Status != StatusAnswered || !strings.Contains(b.Text, "办公用品") {
			t.Errorf("Ask(发票能开成办公用品吗 公司报销要) = %s %q, want an answer", b.Status, b.Text)
		}
		// A number of things counts them: "两箱" is no kind of 办公用品.
		c := e.ask(Request{Question: "买了两箱办公用品 起订量是多少", AsOf: day("2025-12-01")})
		if c.Status != StatusAnswered || !strings.Contains(c.Text, "100本") {
			t.Errorf("Ask(买了两箱办公用品 起订量是多少) = %s %q, want an answer", c.Status, c.Text)
		}
	})
}

// "纸厚不厚" asks whether the paper is thick: the key naming 纸 answers
// (纸张：100g/㎡), not a value whose 厚 is of the product's own name
// (系列：厚书写系列).
func TestAdjectiveSubjectNamesKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-2002", "name": "墨栈厚书写B5线圈本", "category": "本册", "price_cny": 19.9, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"系列": "厚书写系列"}, "specs": {"尺寸": "B5（176×250mm）", "纸张": "100g/㎡ 米黄护眼纸", "页数": "120页（60张）"}, "related": []}` + "\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "b5的线圈本有多少页 纸厚不厚", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "100g") || strings.Contains(a.Text, "厚书写系列") {
			t.Errorf("Ask(b5的线圈本有多少页 纸厚不厚) = %s %q, want 100g, not the series", a.Status, a.Text)
		}
	})
}

// A series named for a property (低因系列) that a list question asks of the
// products lists every product whose name says it, of other series too.
func TestSeriesPropertyListsAllHolding(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LK-1007", "name": "洛咖低因咖啡豆（中烘）", "category": "咖啡豆", "price_cny": 88, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"系列": "低因系列"}, "related": []}
{"id": "LK-3003", "name": "洛咖低因胶囊咖啡", "category": "胶囊", "price_cny": 45, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"系列": "胶囊系列"}, "related": []}
{"id": "LK-3001", "name": "洛咖意式浓烈胶囊咖啡", "category": "胶囊", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"系列": "胶囊系列"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "你们有哪几样是低因的", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "低因咖啡豆") || !strings.Contains(a.Text, "低因胶囊") || strings.Contains(a.Text, "意式浓烈") {
			t.Errorf("Ask(你们有哪几样是低因的) = %s %q, want both 低因 products alone", a.Status, a.Text)
		}
	})
}

// A word the question adds after a shared run of names ("耶加雪菲的豆子")
// links the product whose name says it (…耶加雪菲G1咖啡豆), not the one whose
// shorter name the run covers more of (耶加雪菲挂耳咖啡).
func TestKindWordAfterSharedRun(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LK-1002", "name": "洛咖埃塞俄比亚耶加雪菲G1咖啡豆（浅烘）", "category": "咖啡豆", "price_cny": 98, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"风味描述": "柑橘、茉莉花，酸质明亮"}, "related": []}
{"id": "LK-2002", "name": "洛咖耶加雪菲挂耳咖啡（10袋装）", "category": "挂耳咖啡", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"风味描述": "花香、柠檬"}, "related": []}
{"id": "LK-1003", "name": "洛咖哥伦比亚慧兰咖啡豆（中深烘）", "category": "咖啡豆", "price_cny": 88, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"风味描述": "黑巧克力、焦糖"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "耶加雪菲的豆子多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "98") || strings.Contains(a.Text, "59") {
			t.Errorf("Ask(耶加雪菲的豆子多少钱) = %s %q, want the beans' price (98)", a.Status, a.Text)
		}
		a = e.ask(Request{Question: "耶加雪菲多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "59") {
			t.Errorf("Ask(耶加雪菲多少钱) = %s %q, want the drip bags' price (59)", a.Status, a.Text)
		}
	})
}

// "你们哪些东西含虾" lists, of all products, those whose values say 虾; a
// list of something else ("哪几个城市") is left to the text.
func TestListByWordsOfClause(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HS-1001", "name": "禾膳三鲜虾仁水饺", "category": "速冻水饺", "price_cny": 32.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"过敏原": "含小麦、虾"}, "related": []}
{"id": "HS-1002", "name": "禾膳鲜肉小馄饨", "category": "馄饨", "price_cny": 19.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"过敏原": "含小麦、虾皮"}, "related": []}
{"id": "HS-1003", "name": "禾膳玉米猪肉水饺", "category": "速冻水饺", "price_cny": 29.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"过敏原": "含小麦"}, "related": []}
{"id": "HS-1004", "name": "禾膳城市轻食沙拉", "category": "轻食", "price_cny": 25.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"过敏原": "含芝麻"}, "related": []}
{"id": "HS-1005", "name": "禾膳金牌佛跳墙", "category": "汤品", "price_cny": 268, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"主料": "鲍鱼、海参、花胶、干贝、虾干", "过敏原": "含鱼、贝类"}, "related": []}
{"id": "HS-1006", "name": "禾膳水晶虾饺皇", "category": "点心", "price_cny": 39.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"过敏原": "含虾、小麦"}, "related": []}
{"id": "HS-1007", "name": "禾膳鲜虾云吞面", "category": "面食", "price_cny": 29.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"过敏原": "含虾、小麦、鸡蛋"}, "related": []}
`,
		"policies/hs-allergens.md": `---
id: hs-allergens
title: 过敏原说明
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 过敏原说明

禾膳食品包装背面标注常见过敏原：含麸质的谷物、甲壳类（虾、蟹）、鱼类、蛋类、花生、大豆、乳、坚果。对虾过敏的顾客请查看包装。
`,
		"policies/hs-stores.md": `---
id: hs-stores
title: 线下门店
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 线下门店

禾膳在上海、苏州两个城市设有体验店。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "娃对虾过敏 你们哪些东西含虾", AsOf: day("2025-12-01")})
		for _, w := range []string{"三鲜虾仁水饺", "小馄饨", "佛跳墙", "虾饺皇", "云吞面"} {
			if !strings.Contains(a.Text, w) {
				t.Errorf("Ask(你们哪些东西含虾) = %s %q, want %s", a.Status, a.Text, w)
			}
		}
		if strings.Contains(a.Text, "玉米猪肉") {
			t.Errorf("Ask(你们哪些东西含虾) = %s %q, want no 玉米猪肉水饺", a.Status, a.Text)
		}
		a = e.ask(Request{Question: "你们线下店开在哪几个城市", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "苏州") || strings.Contains(a.Text, "轻食沙拉") {
			t.Errorf("Ask(你们线下店开在哪几个城市) = %s %q, want the stores' cities, not a product", a.Status, a.Text)
		}
	})
}

// "最贵的马桶" ranks the kinds of 马桶 too (智能马桶: a category whose name
// ends with the one named), not what only starts like one (智能马桶盖).
func TestCategoryKindsAreMembers(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LW-3001", "name": "澜卫静音虹吸马桶", "category": "马桶", "price_cny": 1599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"坑距": "400mm"}, "related": []}
{"id": "LW-3002", "name": "澜卫悬空壁挂马桶", "category": "马桶", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"坑距": "无"}, "related": []}
{"id": "LW-4001", "name": "澜卫智能马桶盖S3", "category": "智能马桶盖", "price_cny": 2999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"座圈加热": "支持"}, "related": []}
{"id": "LW-4002", "name": "澜卫一体式智能马桶Z7", "category": "智能马桶", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"坑距": "400mm"}, "related": []}
{"id": "XR-1001", "name": "澜卫K75三模机械键盘", "category": "机械键盘", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"轴体": "红轴"}, "related": []}
{"id": "XR-1002", "name": "澜卫K98三模机械键盘", "category": "机械键盘", "price_cny": 529, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"轴体": "银轴"}, "related": []}
{"id": "XR-1003", "name": "澜卫M68磁轴键盘", "category": "磁轴键盘", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"轴体": "磁玉轴"}, "related": []}
{"id": "XR-1004", "name": "澜卫键盘腕托", "category": "键盘配件", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "胡桃木"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "你们家最贵的马桶是哪个", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "Z7") || strings.Contains(a.Text, "S3") {
			t.Errorf("Ask(你们家最贵的马桶是哪个) = %s %q, want 一体式智能马桶Z7, not 智能马桶盖S3", a.Status, a.Text)
		}
		// (Categories that end alike, the question saying only their end.)
		a = e.ask(Request{Question: "你家最贵的键盘是哪把", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "M68") || strings.Contains(a.Text, "腕托") {
			t.Errorf("Ask(你家最贵的键盘是哪把) = %s %q, want M68磁轴键盘, not 键盘腕托", a.Status, a.Text)
		}
	})
}

// "4米5" is 4.5m (metres and tenths, as Chinese says a length): the
// variant of that length answers.
func TestMetresAndTenths(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YY-1001", "name": "渔悦青锋台钓竿", "category": "台钓竿", "price_cny": 168, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "碳素"}, "variants": [{"sku": "YY-1001-36", "length": "3.6m", "weight": "98g", "price_cny": 168}, {"sku": "YY-1001-45", "length": "4.5m", "weight": "135g", "price_cny": 218}, {"sku": "YY-1001-54", "length": "5.4m", "weight": "176g", "price_cny": 268}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "青锋4米5的多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "218") || strings.Contains(a.Text, "268") {
			t.Errorf("Ask(青锋4米5的多少钱) = %s %q, want the 4.5m variant's 218 alone", a.Status, a.Text)
		}
	})
	for q, want := range map[string]string{"一米八的床": "1.8m的床", "3米5米的": "3米5米的", "2米5厘米": "2米5厘米"} {
		if got := Normalize(q); got != want {
			t.Errorf("Normalize(%s) = %s, want %s", q, got, want)
		}
	}
}

// A code two products carry ("k75银轴") names the one whose variants say
// the question's word (K75三模机械键盘 sold with 风刃银轴), not the plainer
// name (K75樱雾限定版).
func TestCodeProductWithVariantSaid(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XR-1001", "name": "迅刃K75三模机械键盘", "category": "机械键盘", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"配列": "75%"}, "variants": [{"sku": "XR-1001-R", "switch": "风刃红轴", "price_cny": 399}, {"sku": "XR-1001-S", "switch": "风刃银轴", "price_cny": 429}], "related": []}
{"id": "XR-1002", "name": "迅刃K75樱雾限定版", "category": "机械键盘", "price_cny": 459, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"轴体": "樱雾轴"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "k75银轴的多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "429") || strings.Contains(a.Text, "459") {
			t.Errorf("Ask(k75银轴的多少钱) = %s %q, want the 银轴 variant's 429", a.Status, a.Text)
		}
	})
}

// A measure asked of a verb ("笔尖要泡多久") that only a fact picked by its
// unit answers (保修期：1年) is answered by text saying the verb too
// (温水浸泡约10分钟).
func TestMeasureOfVerbFromText(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-1006", "name": "墨栈青松钢笔", "category": "钢笔", "price_cny": 168, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"保修期": "1年", "笔尖": "铱金钢尖"}, "related": []}
{"id": "MZ-1007", "name": "墨栈钢笔墨囊（20支装）", "category": "墨水", "price_cny": 15, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"保质期": "36个月"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF1,钢笔不出水怎么办？,先检查墨囊是否已插破；长时间不用导致干涸的，可将笔尖部分用温水浸泡约10分钟，清洗后重新上墨。,钢笔\nF2,钢笔保修多久？,青松钢笔保修1年。,保修\nF3,下单后多久发货？,现货订单48小时内发货。,发货\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "钢笔放久了干住了 笔尖要泡多久", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "10分钟") {
			t.Errorf("Ask(钢笔放久了干住了 笔尖要泡多久) = %s %q, want 10分钟", a.Status, a.Text)
		}
		// (A key that says the verb answers it: no text needed.)
		a = e.ask(Request{Question: "青松钢笔保修多久", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1年") {
			t.Errorf("Ask(青松钢笔保修多久) = %s %q, want 1年", a.Status, a.Text)
		}
	})
}

// A code two generations carry ("k87": K87（一代） and the K87 Pro that
// replaced it) names the old one when the question asks after what was sold
// before, else the new one.
func TestCodeOfTwoGenerations(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XR-1004", "name": "迅刃K87有线机械键盘（一代）", "category": "机械键盘", "price_cny": 299, "channels": ["tmall"], "launched": "2023-01-01", "discontinued": "2025-03-31", "specs": {"热插拔": "不支持（焊接轴）"}, "related": []}
{"id": "XR-1005", "name": "迅刃K87 Pro有线机械键盘", "category": "机械键盘", "price_cny": 349, "channels": ["tmall"], "launched": "2025-04-01", "specs": {"热插拔": "支持3/5针"}, "related": [{"type": "replaces", "id": "XR-1004"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "以前那个k87怎么搜不到了 现在换成啥了", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "K87 Pro") || !strings.Contains(a.Text, "替代") {
			t.Errorf("Ask(以前那个k87怎么搜不到了 现在换成啥了) = %s %q, want K87 Pro named as its replacement", a.Status, a.Text)
		}
		a = e.ask(Request{Question: "k87多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "349") {
			t.Errorf("Ask(k87多少钱) = %s %q, want the K87 Pro's 349", a.Status, a.Text)
		}
	})
}

// "一袋几个" asks a count in any measure word (个 is the general one):
// 500g（约28只） answers it.
func TestGeneralMeasureWordCount(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HS-1004", "name": "禾膳甜玉米鲜肉水饺", "category": "速冻水饺", "price_cny": 31.9, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保质期": "12个月"}, "specs": {"净含量": "500g（约28只）", "馅料占比": "60%"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "甜玉米鲜肉水饺一袋几个", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "28只") {
			t.Errorf("Ask(甜玉米鲜肉水饺一袋几个) = %s %q, want 28只", a.Status, a.Text)
		}
	})
}

// A slip of two characters the segmenter leaves alone ("静音马捅": 马, 捅)
// is read by its sound too (马桶), and the product it names is linked.
func TestSlipOfLoneCharacters(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LW-3001", "name": "澜卫静音虹吸马桶", "category": "马桶", "price_cny": 1599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"用水量": "大冲4.0L/小冲2.8L"}, "related": []}
{"id": "LW-3005", "name": "澜卫缓降马桶盖板（替换件）", "category": "马桶配件", "price_cny": 159, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适配说明": "适配澜卫静音虹吸马桶"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "静音马捅冲一次多少水", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "4.0L") {
			t.Errorf("Ask(静音马捅冲一次多少水) = %s %q, want 4.0L", a.Status, a.Text)
		}
		if !slices.ContainsFunc(a.Trace.Notes, func(n string) bool { return strings.Contains(n, `马捅" read as "马桶"`) }) {
			t.Errorf("Ask(静音马捅冲一次多少水): notes %q, want 马捅 read as 马桶", a.Trace.Notes)
		}
	})
}

// "啥味的" asks the keys that hold 味 (味型), a thing asked by one character.
func TestWhatCharacterNamesKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YY-5003", "name": "渔悦颗粒打窝料", "category": "饵料", "price_cny": 19.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"味型": "酒香型", "颗粒直径": "2-4mm", "净含量": "1kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "打窝的颗粒料啥味的", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "酒香型") {
			t.Errorf("Ask(打窝的颗粒料啥味的) = %s %q, want 酒香型", a.Status, a.Text)
		}
	})
}

// "套装里的本子" names the set's member whose name says 本 (the stem of
// 本子), and only that one.
func TestSetMemberByWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-7001", "name": "墨栈水彩入门套装", "category": "套装", "price_cny": 109, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"规格": "固体水彩颜料×1 + 尼龙水彩画笔×1 + 棉浆水彩本×1"}, "related": [{"type": "set_contains", "id": "MZ-4001"}, {"type": "set_contains", "id": "MZ-4002"}, {"type": "set_contains", "id": "MZ-4003"}]}
{"id": "MZ-4001", "name": "墨栈固体水彩颜料", "category": "颜料", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"色数": "24色"}, "related": []}
{"id": "MZ-4002", "name": "墨栈尼龙水彩画笔（6支装）", "category": "画笔", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"数量": "6支"}, "related": []}
{"id": "MZ-4003", "name": "墨栈棉浆水彩本", "category": "本册", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺寸": "A5"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "水彩入门套装里的本子单买多少钱", AsOf: day("2025-12-01")})
		if first, _, _ := strings.Cut(a.Text, "[1]"); !strings.Contains(first, "棉浆水彩本的价格：39") {
			t.Errorf("Ask(水彩入门套装里的本子单买多少钱) = %s %q, want the 水彩本's 39 first", a.Status, a.Text)
		}
	})
}

// A defect said as customers say one ("不出水了", "咔咔响") is a quality
// problem: the question searches for that rule too.
func TestDefectIsQualityProblem(t *testing.T) {
	for _, q := range []string{"冲牙器收到10天就不出水了 能退货吗", "动感单车到了25天 飞轮咔咔响", "钢笔漏墨了", "跑鞋前掌开胶了"} {
		if got := Expansion(Normalize(q)); !strings.Contains(got, "质量问题") {
			t.Errorf("Expansion(%q) = %q, want 质量问题", q, got)
		}
	}
	for _, q := range []string{"冲牙器能用多久", "出水量多大", "不想要了能退吗"} {
		if got := Expansion(Normalize(q)); got != "" {
			t.Errorf("Expansion(%q) = %q, want none", q, got)
		}
	}
}

// Chinese text an English answer quotes gives the English names of the
// channels it names (官网: Official website), inside its sentence.
func TestChannelNamesGlossedInEnglish(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LK-1001", "name": "洛咖云南小粒咖啡豆", "name_en": "LUOKA Yunnan Coffee Beans", "category": "咖啡豆", "price_cny": 68, "channels": ["tmall", "douyin", "wechat", "web"], "launched": "2024-01-01", "specs": {"净含量": "250g"}, "related": []}
`,
		"policies/lk-invoice.md": `---
id: lk-invoice
title: 发票说明
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 发票说明

## 一、普通发票

所有订单均可开具电子普通发票，抬头可为个人或企业。

## 二、增值税专用发票

增值税专用发票：仅支持企业客户在官网下单后申请，需提供公司名称、纳税人识别号。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "Bought on Tmall for my company - can I get a VAT special invoice?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "官网: Official website") {
			t.Errorf("Ask(Bought on Tmall for my company - can I get a VAT special invoice?) = %s %q, want 官网 glossed as Official website", a.Status, a.Text)
		}
	})
}

// "在卖的锁都有哪些": a lone character that ends exactly one category's
// name (智能门锁, not 门锁配件) names that category in a catalog question.
func TestLoneCharacterNamesCategory(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "AJ-1001", "name": "安笺F2 3D人脸识别智能锁", "category": "智能门锁", "price_cny": 2299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"解锁方式": "人脸、指纹"}, "related": []}
{"id": "AJ-1002", "name": "安笺G1指纹智能锁", "category": "智能门锁", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"解锁方式": "指纹、密码"}, "related": []}
{"id": "AJ-5001", "name": "安笺NFC门卡（2张装）", "category": "门锁配件", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"数量": "2张"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "现在在卖的锁都有哪些 各多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2299") || !strings.Contains(a.Text, "899") || strings.Contains(a.Text, "39元") {
			t.Errorf("Ask(现在在卖的锁都有哪些 各多少钱) = %s %q, want both locks' prices, not the card's", a.Status, a.Text)
		}
	})
}

// "现在在卖的椅子有哪几款": the stem of 椅子 names every category ending
// with 椅; "办公椅电竞椅那种" lists every category the question names.
func TestCategoriesByStemAndByName(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SJ-3001", "name": "松居人体工学椅E2", "category": "办公椅", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"腰托": "自适应"}, "related": []}
{"id": "SJ-3002", "name": "松居电竞椅G1", "category": "电竞椅", "price_cny": 999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"靠背": "可躺155°"}, "related": []}
{"id": "SJ-3003", "name": "松居儿童学习椅K1", "category": "儿童学习椅", "price_cny": 799, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适用身高": "110-180cm"}, "related": []}
{"id": "SJ-3004", "name": "松居办公椅头枕", "category": "办公椅配件", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适配": "E2"}, "related": []}
{"id": "SJ-1001", "name": "松居云朵布艺沙发", "category": "沙发", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"座深": "60cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"现在在卖的椅子有哪几款", "办公椅电竞椅学习椅那种 有哪几款"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			for _, w := range []string{"E2", "G1", "K1"} {
				if !strings.Contains(a.Text, w) {
					t.Errorf("Ask(%s) = %s %q, want %s listed", q, a.Status, a.Text, w)
				}
			}
			if strings.Contains(a.Text, "头枕") || strings.Contains(a.Text, "沙发") {
				t.Errorf("Ask(%s) = %s %q, want no 头枕 or 沙发", q, a.Status, a.Text)
			}
		}
	})
}

// "单买的话值多少": a condition (的话) ends before the amount asked, so 值
// names no unknown thing ("话值") to refuse for.
func TestConditionEndsBeforeAmount(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YY-5006", "name": "渔悦饵料订阅盒（月卡）", "category": "订阅", "price_cny": 99, "channels": ["wechat"], "launched": "2024-01-01", "attributes": {"每期内容": "野钓鲫鱼饵300g×3袋 + 颗粒打窝料1kg×1袋"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "饵料订阅盒单买的话值多少", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "99") {
			t.Errorf("Ask(饵料订阅盒单买的话值多少) = %s %q, want 99 answered", a.Status, a.Text)
		}
	})
}

// A word's stem counts, at half weight, in how much of the question a
// sentence says ("豆子": 咖啡豆), so text about 咖啡豆 answers a question
// that only says 豆子.
func TestStemInSentenceCoverage(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LK-1001", "name": "洛咖云南小粒咖啡豆", "category": "咖啡豆", "price_cny": 68, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "250g"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF1,咖啡豆开封后怎么保存？要放冰箱吗？,开封后挤出空气、夹紧封口，放在阴凉避光处。不建议冷藏，冷藏室湿度大容易吸潮串味。开封后建议2-3周内喝完。,保存\nF2,下单后多久发货？,现货订单48小时内发货。,发货\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "豆子开了放冰箱里行不行 开了能放多久", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "2-3周") {
			t.Errorf("Ask(豆子开了放冰箱里行不行 开了能放多久) = %s %q, want 2-3周", a.Status, a.Text)
		}
	})
}

// "地漏有几种 各多少钱": a list question whose asks every variant states
// is answered by the variants, each with its own price.
func TestVariantsAnswerEachPrice(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LW-5005", "name": "澜卫防臭地漏", "category": "地漏", "price_cny": 69, "channels": ["tmall"], "launched": "2023-06-01", "specs": {"材质": "304不锈钢"}, "variants": [{"sku": "LW-5005-SQ", "type": "方形10×10cm", "price_cny": 69}, {"sku": "LW-5005-WM", "type": "洗衣机专用（带接口）", "price_cny": 89}, {"sku": "LW-5005-LN", "type": "长条形30cm", "price_cny": 199}], "related": []}
{"id": "LW-5006", "name": "澜卫翻板下水器", "category": "下水器", "price_cny": 59, "channels": ["tmall"], "launched": "2023-06-01", "specs": {"材质": "黄铜"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "地漏有几种 各多少钱", AsOf: day("2025-12-01")})
		for _, w := range []string{"69", "89", "199", "长条形30cm"} {
			if !strings.Contains(a.Text, w) {
				t.Errorf("Ask(地漏有几种 各多少钱) = %s %q, want %s", a.Status, a.Text, w)
			}
		}
	})
}

// "客服电话几点能打通" asks a number to call: the FAQ whose answer gives
// the hotline and its hours says it, over another channel's chat hours.
func TestPhoneNumberAsked(t *testing.T) {
	sources := map[string]string{
		"faq.csv":            "id,question,answer,tags\nF002,客服几点上班？,澜卫在线客服（天猫、官网）服务时间为每天9:00-22:00；客服热线400-820-6677服务时间为每天8:00-20:00；抖音旗舰店客服在线时间为每天9:00-24:00。,客服\nF003,下单后多久发货？,现货订单48小时内发货。,发货\n",
		"policies/douyin.md": "---\nid: douyin\ntitle: 抖音渠道售后规则\nchannels: [douyin]\napplies_to: all\neffective_from: 2025-01-01\n---\n# 抖音渠道售后规则\n## 一、7天无理由退货\n签收后7天内可申请无理由退货。\n## 七、售后入口与客服\n1. 售后入口：抖音App →「我的」→「订单」→ 选择订单 →「申请售后」。\n2. 抖音旗舰店客服在线时间：每天9:00-24:00。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "客服电话几点能打通", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "8:00-20:00") {
			t.Errorf("Ask(客服电话几点能打通) = %s %q, want 8:00-20:00", a.Status, a.Text)
		}
	})
}

// "快客杯二代" is the product named "快客杯2代": a Chinese numeral is the
// digit a name writes, in linking and in coverage; a stray character of a
// longer name after a gap ("能装": 装 of "（2只装）") links no accessory over it.
func TestChineseNumeralNamesDigit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MX-6003", "name": "茗岫便携快客杯（一代）", "category": "茶器", "price_cny": 199, "channels": ["tmall"], "launched": "2023-09-01", "specs": {"容量": "150ml", "重量": "约420g"}, "related": []}
{"id": "MX-6004", "name": "茗岫便携快客杯2代", "category": "茶器", "price_cny": 229, "channels": ["tmall"], "launched": "2025-06-01", "specs": {"容量": "180ml", "重量": "约380g"}, "related": [{"type": "replaces", "id": "MX-6003"}]}
{"id": "MX-6009", "name": "茗岫快客杯2代替换密封圈（2只装）", "category": "替换装", "price_cny": 19, "channels": ["tmall"], "launched": "2025-06-01", "specs": {"材质": "食品级硅胶"}, "related": []}
{"id": "MX-1001", "name": "茗岫明前龙井", "category": "绿茶", "price_cny": 268, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"净含量": "100g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "快客杯二代能装多少ml 重不重", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "180ml") || !strings.Contains(a.Text, "380g") {
			t.Errorf("Ask(快客杯二代能装多少ml 重不重) = %s %q, want 180ml and 380g", a.Status, a.Text)
		}
	})
}

// Another brand compared with, written with a space before 哪个 or after
// initials ("A.O. Smith"), is a name the knowledge never mentions.
func TestComparedBrandRefused(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QY-1002", "name": "沁源清泉Pro反渗透净水器", "name_en": "QINYUAN ClearSpring Pro RO Purifier", "category": "厨下净水器", "price_cny": 2999, "channels": ["tmall"], "launched": "2025-03-01", "specs": {"通量": "800G", "净废水比": "3:1"}, "related": []}
{"id": "QY-2001", "name": "沁源清泉PCB复合滤芯", "name_en": "QINYUAN PCB Composite Filter", "category": "替换滤芯", "price_cny": 199, "channels": ["tmall"], "launched": "2025-03-01", "specs": {"建议更换周期": "12个月"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF1,滤芯多久换一次？,PCB复合滤芯建议12个月更换，RO膜滤芯36个月更换，耐用程度与原水水质有关。,滤芯\nF2,RO purifier removes what?,The RO membrane removes heavy metals such as lead and scale.,滤芯\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"沁源和安吉尔的滤芯 哪个更耐用", "Is your RO purifier better than A.O. Smith? Which removes more lead?"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("Ask(%s) = %s %q, want it refused: another brand", q, a.Status, a.Text)
			}
		}
	})
}

// A batch number a recall quotes ("批号以FZ2406或FZ2407开头") is known
// though it has the shape of the ids; a model of a product line the names
// carry ("稳拍R5" beside 稳拍R3) is not known by another thing's code in
// the text ("佳能R5").
func TestQuotedBatchNumberKnown(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YT-3003", "name": "影拓NP-FZ100兼容电池（2280mAh）", "category": "电池", "price_cny": 199, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"容量": "2280mAh", "适配机型": "佳能R5、R6"}, "related": []}
{"id": "YT-4003", "name": "影拓ND1000减光镜", "category": "滤镜", "price_cny": 229, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"减光": "10档"}, "related": []}
{"id": "YT-2003", "name": "影拓稳拍R3微单稳定器", "category": "稳定器", "price_cny": 2399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"载重": "3kg"}, "related": []}
`,
		"policies/recall.md": "---\nid: yt-recall\ntitle: NP-FZ100兼容电池召回公告\napplies_to: all\neffective_from: 2025-03-15\n---\n# 召回公告\n## 召回范围\n2024年6月1日至2024年7月31日生产的旧款2040mAh电池，电池底部批号以FZ2406或FZ2407开头。\n## 处理方式\n免费更换为NP-FZ100兼容电池（2280mAh）新款1块，或按原购买价格全额退款。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "我那块旧的fz100电池底下批号是FZ2407开头的 要紧吗 能给换啥", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "免费更换") {
			t.Errorf("Ask(…批号是FZ2407开头的 要紧吗) = %s %q, want 免费更换 answered", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "你们那个稳拍R5多少钱", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(你们那个稳拍R5多少钱) = %s %q, want it refused: no R5 of 稳拍", a.Status, a.Text)
		}
	})
}

// "金俊眉": a dictionary word (金俊) and the character after it sound as a
// run of a name (金骏眉), which the question then names.
func TestSoundSlipOfNameRun(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MX-3002", "name": "茗岫金骏眉", "category": "红茶", "price_cny": 368, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"冲泡水温": "85-90℃", "投茶量": "4g配150ml水"}, "related": []}
{"id": "MX-3001", "name": "茗岫正山小种", "category": "红茶", "price_cny": 198, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"冲泡水温": "90-95℃", "投茶量": "5g配150ml水"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "金俊眉泡的话水温多少 放几克茶", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "85-90") {
			t.Errorf("Ask(金俊眉泡的话水温多少 放几克茶) = %s %q, want 85-90℃", a.Status, a.Text)
		}
	})
}

// "cfe卡" is the card whose name has the one word starting so (CFexpress),
// and "读写多快" asks its speeds, answered by the values in MB/s.
func TestLatinShortFormAndSpeed(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YT-7002", "name": "影拓CFexpress Type B存储卡", "name_en": "YINGTUO CFexpress Type B Card", "category": "存储卡", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"读取速度": "最高1700MB/s", "写入速度": "最高1500MB/s", "保修期": "5年"}, "related": []}
{"id": "YT-7001", "name": "影拓V60 SD存储卡", "name_en": "YINGTUO V60 SD Card", "category": "存储卡", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"读取速度": "最高280MB/s", "写入速度": "最高150MB/s"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "你们cfe卡读写多快", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "1700MB/s") || !strings.Contains(a.Text, "1500MB/s") || strings.Contains(a.Text, "280MB/s") {
			t.Errorf("Ask(你们cfe卡读写多快) = %s %q, want 1700MB/s and 1500MB/s of the CFexpress card alone", a.Status, a.Text)
		}
	})
}

// A return policy in sections by kind: the section that names the kind of
// the product asked about (茶器 of 汝窑盖碗) holds its rule.
func TestSectionOfProductKind(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MX-6001", "name": "茗岫汝窑盖碗", "category": "茶器", "price_cny": 168, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "150ml"}, "related": []}
{"id": "MX-1001", "name": "茗岫明前龙井", "category": "绿茶", "price_cny": 268, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"净含量": "100g"}, "related": []}
`,
		"policies/returns.md": "---\nid: mx-returns\ntitle: 退换货政策\napplies_to: all\neffective_from: 2025-01-01\n---\n# 退换货政策\n## 一、茶叶\n1. 自签收次日起7天内，茶叶未拆封、不影响二次销售的，可申请无理由退货。\n2. 茶叶一经拆封，不支持无理由退货。\n## 二、茶器\n1. 自签收次日起15天内，未使用、配件齐全、包装完好的，可申请无理由退货。\n2. 刻字定制的商品不支持无理由退货。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "盖碗还没拆封 不想要了 能退吗", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "15天") {
			t.Errorf("Ask(盖碗还没拆封 不想要了 能退吗) = %s %q, want the 茶器 rule (15天)", a.Status, a.Text)
		}
	})
}

// "花洒的滤芯多久换一次 一盒几支": the refill states the count asked
// (3支/盒) and the shower does not, so the refill stays linked.
func TestRefillStatesMeasureAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QY-1501", "name": "沁源维C过滤花洒", "category": "过滤花洒", "price_cny": 159, "channels": ["tmall"], "launched": "2025-03-01", "specs": {"滤芯寿命": "约2个月", "出水模式": "3种"}, "related": []}
{"id": "QY-1502", "name": "沁源维C花洒替换滤芯（3支装）", "category": "替换滤芯", "price_cny": 69, "channels": ["tmall"], "launched": "2025-03-01", "attributes": {"建议更换周期": "约2个月"}, "specs": {"数量": "3支/盒"}, "related": [{"type": "refill_of", "id": "QY-1501"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "维c花洒的滤芯多久换一次 一盒几支", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "3支/盒") || !strings.Contains(a.Text, "2个月") {
			t.Errorf("Ask(维c花洒的滤芯多久换一次 一盒几支) = %s %q, want 约2个月 and 3支/盒", a.Status, a.Text)
		}
	})
}

// "100克的多少钱 250的呢": beside the variant named by its value (100g), a
// bare number starting another variant's value of that key (250g) names it.
func TestBareNumberNamesSiblingVariant(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MX-1001", "name": "茗岫明前西湖龙井·特级", "category": "绿茶", "price_cny": 298, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"产地": "杭州"}, "variants": [{"sku": "MX-1001-50", "net_weight": "50g", "price_cny": 298}, {"sku": "MX-1001-100", "net_weight": "100g", "price_cny": 568}, {"sku": "MX-1001-250", "net_weight": "250g", "price_cny": 1298}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "明前龙井100克的多少钱 250的呢", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "568") || !strings.Contains(a.Text, "1298") {
			t.Errorf("Ask(明前龙井100克的多少钱 250的呢) = %s %q, want 568 and 1298", a.Status, a.Text)
		}
	})
}

// "5节的收起来多长": a whole number and a measure word that is no unit
// names the variant whose plain number of a varying key is it.
func TestCountWordNamesVariant(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YT-1001", "name": "影拓云行碳纤维旅行三脚架", "category": "三脚架", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"材质": "10层碳纤维"}, "variants": [{"sku": "YT-1001-4S", "sections": 4, "folded_length": "43cm", "weight": "1.32kg", "price_cny": 1299}, {"sku": "YT-1001-5S", "sections": 5, "folded_length": "36cm", "weight": "1.28kg", "price_cny": 1399}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "碳纤维那个脚架 5节的收起来多长？多重", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "36cm") || !strings.Contains(a.Text, "1.28kg") || strings.Contains(a.Text, "43cm") {
			t.Errorf("Ask(碳纤维那个脚架 5节的收起来多长？多重) = %s %q, want the 5-section variant's 36cm and 1.28kg alone", a.Status, a.Text)
		}
	})
}

// "最多扛多重" asks the most the product takes (最大承重), not its own
// weight (重量).
func TestMostAskedKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YT-1003", "name": "影拓稳流V60液压视频三脚架", "category": "三脚架", "price_cny": 2199, "channels": ["tmall"], "launched": "2024-05-01", "specs": {"最大承重": "8kg", "高度范围": "78-172cm", "重量": "4.6kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "V60液压脚架最多扛多重", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "8kg") {
			t.Errorf("Ask(V60液压脚架最多扛多重) = %s %q, want 最大承重 8kg", a.Status, a.Text)
		}
	})
}

// "咋煮" asks the way to do it: the key that tells the way to 煮 (煮饮方法).
func TestHowToKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MX-5003", "name": "茗岫2018年老寿眉饼", "category": "白茶", "price_cny": 328, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"饼重": "350g", "煮饮方法": "取5g，300ml水煮沸后小火煮3分钟", "产地": "福建福鼎"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "老寿眉饼咋煮 放多少茶", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "3分钟") {
			t.Errorf("Ask(老寿眉饼咋煮 放多少茶) = %s %q, want its 煮饮方法", a.Status, a.Text)
		}
	})
}

// "索尼电池充电套装天猫有没有": a measure's cue said only inside the
// linked name (电池) asks nothing else, so the product and the channel ask
// where it is sold.
func TestCueInsideNameAsksChannels(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YT-9004", "name": "影拓索尼电池充电套装", "category": "套装", "price_cny": 299, "channels": ["wechat", "web"], "launched": "2025-01-01", "attributes": {"规格": "NP-FZ100兼容电池（2280mAh）×1 + 双槽USB-C充电器×1"}, "related": []}
{"id": "YT-5001", "name": "影拓双槽USB-C充电器", "category": "充电器", "price_cny": 129, "channels": ["tmall", "wechat", "web"], "launched": "2025-01-01", "specs": {"输入": "USB-C 5V/3A"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "索尼电池充电套装天猫有没有", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "微信小程序") {
			t.Errorf("Ask(索尼电池充电套装天猫有没有) = %s %q, want where it is sold (微信小程序)", a.Status, a.Text)
		}
	})
}

// "积分商城2000分能换个啥 那东西单买多少钱": the line of the number the
// question says names the product, whose price the graph gives; so does a
// gift named by most of a variant's name written whole (V2鼠标脚贴（纯PTFE）).
func TestProductNamedByAnsweringLine(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MX-6002", "name": "茗岫玻璃公道杯", "category": "茶器", "price_cny": 68, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "300ml"}, "related": []}
{"id": "MX-7001", "name": "茗岫红茶袋泡茶（2.5g×25袋）", "category": "袋泡茶", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "62.5g"}, "related": []}
{"id": "XR-2005", "name": "迅刃V2鼠标脚贴（2套装）", "category": "配件", "price_cny": 19, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "0.8mm"}, "variants": [{"sku": "XR-2005-ST", "type": "标准", "price_cny": 19}, {"sku": "XR-2005-PT", "type": "纯PTFE", "price_cny": 29}], "related": []}
`,
		"policies/points.md": "---\nid: mx-points\ntitle: 会员积分规则\napplies_to: all\neffective_from: 2025-01-01\n---\n# 会员积分规则\n## 积分使用\n1. 100积分抵1元，在微信小程序、官网下单时可直接抵扣。\n2. 积分商城兑换（微信小程序「积分商城」）：\n   - 800积分兑换茗岫红茶袋泡茶（2.5g×25袋）1盒；\n   - 2000积分兑换茗岫玻璃公道杯1个。\n## 会员生日礼\n1. 黄金会员生日礼调整为V2鼠标脚贴（纯PTFE）1盒。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string]string{"积分商城2000分能换个啥 那东西单买多少钱": "68元", "黄金会员生日送的那个东西 单买要多少钱": "29元", "积分攒到2000了能换啥 那东西平时卖多少": "68元"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%s) = %s %q, want %s", q, a.Status, a.Text, want)
			}
		}
	})
}

// A change list's "由签收后15天延长至签收后30天" is quoted as the rule in
// force ("延长至签收后30天") unless the question asks what changed.
func TestChangeQuotedAsRuleInForce(t *testing.T) {
	sources := map[string]string{
		"policies/returns.md": "---\nid: qy-returns\ntitle: 退换货政策（2025版）\napplies_to: all\neffective_from: 2025-05-01\n---\n# 退换货政策（2025版）\n## 与2024版相比的主要变化\n1. 质量问题退换货期限由签收后15天延长至签收后30天。\n2. 退款时效由5个工作日缩短为3个工作日。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "质量问题退换货期限是多久", AsOf: day("2025-07-15")})
		if !strings.Contains(a.Text, "30天") || strings.Contains(a.Text, "15天") {
			t.Errorf("Ask(质量问题退换货期限是多久) = %s %q, want 30天 without the replaced 15天", a.Status, a.Text)
		}
		a = e.ask(Request{Question: "质量问题退换货期限和以前比有什么变化", AsOf: day("2025-07-15")})
		if !strings.Contains(a.Text, "15天") {
			t.Errorf("Ask(…和以前比有什么变化) = %s %q, want the change quoted whole (15天)", a.Status, a.Text)
		}
	})
}

// "你们家蹲便器多少钱": the price of a thing of the shop's that the
// knowledge never mentions (after its description's last 的) is refused;
// the price of a thing done ("清洗一次") is not such a thing.
func TestUnknownThingPriceRefused(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LW-4002", "name": "澜卫一体式智能马桶Z7", "category": "智能马桶", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"冲水方式": "无水箱即热式，带辅助增压泵"}, "related": []}
{"id": "LW-3001", "name": "澜卫静音虹吸马桶", "category": "马桶", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"冲水方式": "虹吸式", "水箱": "带水箱"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF1,马桶能上门清洗吗？多少钱？,可以预约上门深度清洗，每次80元。,服务\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"你们家蹲便器多少钱 要带水箱的那种", "你们那款会自己冲刷的智能蹲便器多少钱"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("Ask(%s) = %s %q, want it refused: no 蹲便器 is sold", q, a.Status, a.Text)
			}
		}
		if a := e.ask(Request{Question: "马桶脏了 你们清洗一次多少钱", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "80元") {
			t.Errorf("Ask(马桶脏了 你们清洗一次多少钱) = %s %q, want 80元", a.Status, a.Text)
		}
		// (A word of the thing asked before, after a demonstrative: "那个桶".)
		if a := e.ask(Request{Question: "静音虹吸马桶带水箱吗 你们家那个桶多少钱", AsOf: day("2025-12-01")}); a.Status != StatusAnswered {
			t.Errorf("Ask(…你们家那个桶多少钱) = %s %q, want it answered", a.Status, a.Text)
		}
	})
}

// "max weight" asks the key that states the most of the weight (骑行最大承重
// beside 重量), labelled as a most in English.
func TestMaxOfKeyAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LX-6001", "name": "旅匣小旅人儿童骑行箱18英寸", "name_en": "LVXIA Little Traveler Kids Ride-on Case 18\"", "category": "儿童箱", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "2.7kg", "容量": "22L", "骑行最大承重": "35kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "what's the max weight a kid can be to ride the little traveler case?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "max weight is 35kg") {
			t.Errorf("Ask(what's the max weight…) = %s %q, want max weight is 35kg", a.Status, a.Text)
		}
	})
}

// "今天金价多少一克": 一克 is a unit's price, no 1克 of a name (璟曜1克拉钻戒)
// or of a text: the day's gold price, which the knowledge does not state,
// is refused.
func TestUnitPriceNumeralNotAmount(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JY-4003", "name": "璟曜「挚爱」1克拉钻戒", "category": "钻戒", "price_cny": 29999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"主石": "1克拉"}, "related": []}
{"id": "JY-1001", "name": "璟曜足金古法手镯", "category": "黄金", "price_cny": 0, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"计价方式": "按克计价"}, "specs": {"参考克重": "30g"}, "related": []}
`,
		"policies/gold.md": "---\nid: jy-gold\ntitle: 黄金计价与金价说明\napplies_to: all\neffective_from: 2024-01-01\n---\n# 黄金计价与金价说明\n## 金价\n1. 璟曜足金金价每天10:00更新，在微信小程序和官网首页「今日金价」公布。\n2. 发货前逐件称重，实际克重与参考克重的差额按付款时锁定的金价多退少补，1克起计。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "今天金价多少一克", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(今天金价多少一克) = %s %q, want it refused", a.Status, a.Text)
		}
	})
}

// "玉樽会员生日送的那瓶白酒是什么香型": the gift the answering line names is
// a variant, and its product states what the question asks; it stands for
// the 白酒 the question describes, and for the kind's other members. A
// change line names what is given now ("由…改为番茄牛腩汤450g"); the row of
// the member level that holds more of the question's characters wins over
// a change line; a long name written in another order names its variant
// (30天全天云存储年卡).
func TestGiftNamedByAnsweringLine(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LC-1004", "name": "醴川坤沙酱香白酒", "category": "白酒", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"香型": "酱香型", "酒精度": "53%vol", "用途": "生日送礼、宴请用酒", "包装": "瓶装"}, "related": []}
{"id": "LC-1005", "name": "醴川清香小酒", "category": "白酒", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"香型": "清香型", "酒精度": "42%vol"}, "related": []}
{"id": "LC-1006", "name": "醴川老酱十年", "category": "白酒", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"香型": "酱香型", "酒精度": "53%vol", "包装": "瓶装礼盒"}, "related": []}
{"id": "LC-1001", "name": "醴川窖藏5年浓香白酒", "category": "白酒", "price_cny": 298, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"香型": "浓香型", "酒精度": "52%vol"}, "variants": [{"sku": "LC-1001-500", "volume": "500ml", "pack": "单瓶", "price_cny": 298}, {"sku": "LC-1001-6", "volume": "500ml×6", "pack": "整箱", "price_cny": 1699}], "related": []}
{"id": "HS-1005", "name": "醴川鲜肉小馄饨", "category": "速冻", "price_cny": 19.9, "channels": ["tmall"], "launched": "2024-01-01", "variants": [{"sku": "HS-1005-300", "net_weight": "300g", "price_cny": 19.9}], "related": []}
{"id": "HS-4002", "name": "醴川番茄牛腩汤", "category": "速冻", "price_cny": 35.9, "channels": ["tmall"], "launched": "2024-01-01", "variants": [{"sku": "HS-4002-450", "net_weight": "450g", "price_cny": 35.9}], "related": []}
{"id": "AJ-6001", "name": "醴川云存储·7天循环", "category": "云存储", "price_cny": 15, "channels": ["tmall"], "launched": "2024-01-01", "variants": [{"sku": "AJ-6001-M", "plan": "月卡", "price_cny": 15}, {"sku": "AJ-6001-Y", "plan": "年卡", "price_cny": 128}], "related": []}
{"id": "AJ-6002", "name": "醴川云存储·30天全天", "category": "云存储", "price_cny": 30, "channels": ["tmall"], "launched": "2024-01-01", "variants": [{"sku": "AJ-6002-M", "plan": "月卡", "price_cny": 30}, {"sku": "AJ-6002-Y", "plan": "年卡", "price_cny": 298}], "related": []}
{"id": "KY-6002", "name": "醴川颈部按摩仪C3", "category": "按摩仪", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"档位": "3档"}, "related": []}
{"id": "KY-6004", "name": "醴川颈部按摩仪凝胶贴片（3对）", "category": "配件", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"数量": "3对"}, "related": [{"type": "refill_of", "id": "KY-6002"}]}
{"id": "GL-1001", "name": "醴川赣南脐橙", "category": "水果", "price_cny": 39.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"产地": "江西赣州"}, "variants": [{"sku": "GL-1001-5S", "weight": "5斤装", "fruit_size": "65-70mm", "price_cny": 39.9}, {"sku": "GL-1001-5L", "weight": "5斤装", "fruit_size": "75-80mm", "price_cny": 49.9}, {"sku": "GL-1001-10S", "weight": "10斤装", "fruit_size": "65-70mm", "price_cny": 69.9}], "related": []}
`,
		"policies/members.md": "---\nid: lc-members\ntitle: 会员积分规则（2025版）\napplies_to: all\neffective_from: 2025-01-01\n---\n# 会员积分规则（2025版）\n## 会员等级\n| 等级 | 升级条件 | 权益 |\n| --- | --- | --- |\n| 银樽会员 | 满1500元 | 1.2倍积分 |\n| 玉樽会员 | 满15000元 | 2倍积分；生日当月赠醴川窖藏5年浓香白酒500ml 1瓶 |\n| 钻樽会员 | 满25000元 | 3倍积分；生日当月赠赣南脐橙5斤装（果径65-70mm）1箱 |\n| 黑金会员 | 满50000元 | 5倍积分；每年赠30天全天云存储年卡1张 |\n| 金卡会员 | 满2500元 | 1.5倍积分；生日当月赠颈部按摩仪凝胶贴片（3对）1盒 |\n## 与2024版相比的主要变化\n1. 钻樽会员生日礼由20元无门槛优惠券调整为赣南脐橙5斤装1箱；\n2. 金樽会员生日礼由鲜肉小馄饨300g改为番茄牛腩汤450g；\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "玉樽会员生日送的那瓶是什么香型 多少度", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "浓香型") || !strings.Contains(a.Text, "52%") || strings.Contains(a.Text, "酱香型") {
			t.Errorf("Ask(玉樽会员生日送的那瓶是什么香型 多少度) = %s %q, want the gift's 浓香型 and 52%%vol only", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "玉樽会员生日送的那瓶白酒是什么香型", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "浓香型") || strings.Contains(a.Text, "酱香型") {
			t.Errorf("Ask(玉樽会员生日送的那瓶白酒是什么香型) = %s %q, want the gift's 浓香型 only", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "我是金樽会员 生日送的那个汤 平时单买多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "35.9") || strings.Contains(a.Text, "19.9") {
			t.Errorf("Ask(我是金樽会员 生日送的那个汤 平时单买多少钱) = %s %q, want the soup's 35.9元, not the replaced gift's 19.9元", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "黑金会员每年送的云存储 自己买要多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "298") || strings.Contains(a.Text, "128") {
			t.Errorf("Ask(黑金会员每年送的云存储 自己买要多少钱) = %s %q, want the 30天全天 年卡's 298元 only", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "金卡生日送的那个贴片 是给哪个机器用的", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "按摩仪C3的替换装") {
			t.Errorf("Ask(金卡生日送的那个贴片 是给哪个机器用的) = %s %q, want the machine it is the refill of (按摩仪C3)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "钻樽会员生日送的是啥 那个单买多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "39.9") {
			t.Errorf("Ask(钻樽会员生日送的是啥 那个单买多少钱) = %s %q, want the 5斤装 65-70mm's 39.9元", a.Status, a.Text)
		}
	})
}

// "大路灯标准版跟感应版各多少钱": the name a catalog says customers call a
// product by (俗称) links it, and the tail of a variant's value that no
// other variant's says ("感应版" of 人体感应版（…）) names that variant.
func TestNicknameAndPartOfVariantValue(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GY-3002", "name": "光屿书航全光谱立式学习灯", "category": "落地灯", "price_cny": 1599, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"俗称": "大路灯、立式护眼灯"}, "variants": [{"sku": "GY-3002-STD", "version": "标准版", "price_cny": 1599}, {"sku": "GY-3002-SEN", "version": "人体感应版（人来灯亮、人走灯灭）", "price_cny": 1799}], "related": []}
{"id": "GY-2002", "name": "光屿书航护眼台灯", "category": "台灯", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"照度": "1000lux"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "大路灯标准版跟感应版各多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "1599") || !strings.Contains(a.Text, "1799") {
			t.Errorf("Ask(大路灯标准版跟感应版各多少钱) = %s %q, want both variants' prices (1599, 1799)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "立式护眼灯感应版多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "1799") || strings.Contains(a.Text, "399元") {
			t.Errorf("Ask(立式护眼灯感应版多少钱) = %s %q, want the 感应版's 1799元", a.Status, a.Text)
		}
	})
}

// "显指多少": a four-character key said by the first character of each of
// its words (显色指数) is asked.
func TestKeyShortFormAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GY-1003", "name": "光屿朗月全光谱吸顶灯", "category": "吸顶灯", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"显色指数": "Ra≥98", "频闪": "无可视频闪", "灯体厚度": "5.8cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "朗月吸顶灯显指多少啊", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "Ra≥98") {
			t.Errorf("Ask(朗月吸顶灯显指多少啊) = %s %q, want its 显色指数 Ra≥98", a.Status, a.Text)
		}
	})
}

// "下午4点多付的款 今天能发货不": the time of day an order was paid asks
// the rule that states a cut-off clock time.
func TestOrderTimeOfDayAsksCutoff(t *testing.T) {
	sources := map[string]string{
		"policies/shipping.md": "---\nid: ky-shipping\ntitle: 配送说明\napplies_to: all\neffective_from: 2025-01-01\n---\n# 配送说明\n## 一、发货时效\n1. 现货订单：当日15:00前付款的，当天发货；15:00后付款的，次日发货（含周末及节假日）。\n2. 家用制氧机、电动轮椅、折叠轮椅等大件商品：付款后48小时内发货。\n3. 预售商品按商品页标注的时间发货。\n4. 双11等大促期间，发货时效以活动规则为准。\n## 二、快递公司\n1. 天猫、抖音订单默认使用中通快递发货；京东订单由京东物流配送。\n2. 家用制氧机、电动轮椅由德邦物流送货上门。\n3. 暂不支持指定其他快递公司。\n## 三、配送时长参考\n1. 广东省内：发货后1-2天送达；\n2. 其他普通地区：发货后2-4天送达；\n3. 偏远地区：发货后5-8天送达；\n4. 大件商品：发货后3-7天送达。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "下午4点多付的款 今天能发货不", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "15:00") {
			t.Errorf("Ask(下午4点多付的款 今天能发货不) = %s %q, want the 15:00 cut-off", a.Status, a.Text)
		}
	})
}

// "What's the widest label the LB1 can print on?": a superlative asks the
// key its base word's translations name (wide: 宽 of 纸宽), and each key
// found so is labelled by its own English word.
func TestEnglishSuperlativeAsksKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YN-6001", "name": "印岚便携标签机LB1", "name_en": "YINLAN Portable Label Maker LB1", "category": "标签打印机", "price_cny": 199, "channels": ["tmall"], "launched": "2024-05-01", "specs": {"打印方式": "热敏（无需墨水或碳带）", "分辨率": "203dpi", "纸宽": "15-50mm", "重量": "约260g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "What's the widest label the LB1 can print on?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "15-50mm") || strings.Contains(a.Text, "widest is 热敏") {
			t.Errorf("Ask(What's the widest label the LB1 can print on?) = %s %q, want its 纸宽 15-50mm, labelled by its own word", a.Status, a.Text)
		}
	})
}

// "Which nebulizer do your Mesh Nebulizer Masks fit": a name the customer
// writes in the plural ("Masks") is the knowledge's "…Mask", not a thing it
// never mentions.
func TestEnglishPluralOfKnownName(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "KY-4002", "name": "康屹便携网式雾化器N3", "name_en": "KANGYI Portable Mesh Nebulizer N3", "category": "雾化器", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"雾化方式": "振动网孔式"}, "related": []}
{"id": "KY-4004", "name": "康屹网式雾化器专用面罩", "name_en": "KANGYI Mesh Nebulizer Mask", "category": "雾化配件", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"适配说明": "仅适配便携网式雾化器N3"}, "related": [{"type": "compatible_with", "id": "KY-4002"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "Which nebulizer do your Mesh Nebulizer Masks fit, and how much is that nebulizer?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "399") {
			t.Errorf("Ask(%s) = %s %q, want N3's 399", q, a.Status, a.Text)
		}
	})
}

// "血氧仪夹上以后等几秒再看数": seconds asked are a duration, which the
// text that says one answers.
func TestSecondsAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "KY-3001", "name": "康屹指夹式脉搏血氧仪O1", "category": "血氧仪", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保修期": "1年", "适用手指直径": "8-25mm"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF008,血氧仪测不出来或者数值跳动怎么办？,请保持手指静止、干燥、温暖，去除指甲油后将手指完全插入夹口；手部过冷时先搓热再测。等待读数稳定约5秒后读取。仍无法测量的，请更换电池后重试。,血氧仪\nF009,孩子能用大人的血氧仪吗？,指夹式脉搏血氧仪O1适用于手指直径约8-25mm，手指较细的孩子夹不紧会影响读数。1岁以下婴儿不适用。,血氧仪|儿童\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "血氧仪夹上以后等几秒再看数", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "5秒") {
			t.Errorf("Ask(血氧仪夹上以后等几秒再看数) = %s %q, want 5秒", a.Status, a.Text)
		}
	})
}

// "N1跟N3哪个雾出来的颗粒细": fineness is a measure, stated in μm.
func TestFinenessAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "KY-4001", "name": "康屹压缩式雾化器N1", "category": "雾化器", "price_cny": 259, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"雾粒大小": "MMAD≤5μm", "噪音": "≤55dB", "重量": "约1.2kg"}, "related": []}
{"id": "KY-4002", "name": "康屹便携网式雾化器N3", "category": "雾化器", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"雾粒大小": "MMAD≤4μm", "噪音": "≤30dB", "重量": "约110g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "N1跟N3哪个雾出来的颗粒细", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "4μm") || !strings.Contains(a.Text, "5μm") {
			t.Errorf("Ask(N1跟N3哪个雾出来的颗粒细) = %s %q, want both 雾粒大小 (4μm, 5μm)", a.Status, a.Text)
		}
	})
}

// "光屿那款吊扇灯多少钱": the brand's name says the shop's thing as 你们家
// does; a thing it never mentions is refused, one it sells is answered.
func TestBrandThingPriceUnknownRefused(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GY-1003", "name": "光屿朗月全光谱吸顶灯", "category": "吸顶灯", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"显色指数": "Ra≥98"}, "related": []}
{"id": "GY-2002", "name": "光屿书航护眼台灯", "category": "台灯", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"照度": "1000lux"}, "related": []}
{"id": "GY-5001", "name": "光屿智能网关", "category": "智能配件", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"协议": "Zigbee 3.0"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "光屿那款吊扇灯多少钱 带遥控的那个", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(光屿那款吊扇灯多少钱 带遥控的那个) = %s %q, want refused (no 吊扇灯 in the knowledge)", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "光屿那款吸顶灯多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "899") {
			t.Errorf("Ask(光屿那款吸顶灯多少钱) = %s %q, want 899元", a.Status, a.Text)
		}
	})
}

// "how many lumens each and what wattage?": a value stated per piece
// ("7W/只", "806lm/只") is in its measure's unit.
func TestPerPieceUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GY-4002", "name": "光屿LED球泡灯（6只装）", "name_en": "GUANGYU LED Bulb E27 (6-pack)", "category": "灯泡", "price_cny": 59, "channels": ["tmall"], "launched": "2023-01-01", "attributes": {"保修期": "1年（只换不修）", "包装": "6只/盒"}, "specs": {"灯头": "E27", "功率": "7W/只", "光通量": "806lm/只", "寿命": "15000小时"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "the 6-pack bulbs - how many lumens each and what wattage?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "806lm") || !strings.Contains(a.Text, "7W") {
			t.Errorf("Ask(%s) = %s %q, want 806lm and 7W", q, a.Status, a.Text)
		}
	})
}

// "what temp can the silicone spatula take?": temp is temperature.
func TestTempAsksTemperature(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YH-5003", "name": "烟火耐高温硅胶锅铲", "name_en": "YANHUO Silicone Turner", "category": "厨具", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "食品级硅胶+不锈钢芯", "耐温": "230℃", "长度": "30cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "what temp can the silicone spatula take?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "230℃") {
			t.Errorf("Ask(%s) = %s %q, want 230℃", q, a.Status, a.Text)
		}
	})
}

// A variant's value said without its parenthesis ("16线" of 16线（4D）)
// names that variant; one a linked name says (V5 of V5（无猫眼）) does not.
func TestVariantValueWithoutParenthesis(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "TL-2006", "name": "铁砺轻享12V绿光激光水平仪", "category": "激光水平仪", "price_cny": 599, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"精度": "±3mm/10m"}, "variants": [{"sku": "TL-2006-12", "lines": "12线（4D）", "price_cny": 599}, {"sku": "TL-2006-16", "lines": "16线（4D）", "price_cny": 699}], "related": []}
{"id": "AJ-1003", "name": "安笺V5掌静脉智能锁", "category": "智能锁", "price_cny": 3299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"续航": "约8个月"}, "variants": [{"sku": "AJ-1003-S", "version": "V5（无猫眼）", "price_cny": 3299}, {"sku": "AJ-1003-M", "version": "V5 Max（猫眼）", "price_cny": 3799}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "绿光水平仪16线的多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "699") || strings.Contains(a.Text, "12线") {
			t.Errorf("Ask(%s) = %s %q, want the 16线 variant (699) alone", q, a.Status, a.Text)
		}
		q = "V5续航多久"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "约8个月") || strings.Contains(a.Text, "无猫眼") {
			t.Errorf("Ask(%s) = %s %q, want 约8个月 and no variant: V5 names the product", q, a.Status, a.Text)
		}
	})
}

// "上了没" asks whether a product is on sale yet: its launch date answers.
func TestLaunchedYetAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LX-4006", "name": "力行快调节哑铃40kg", "category": "力量器材", "price_cny": 1899, "channels": ["tmall"], "launched": "2025-12-15", "specs": {"调节档位": "17档"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "40公斤的快调节哑铃上了没"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "2025-12-15") {
			t.Errorf("Ask(%s) = %s %q, want its launch date 2025-12-15", q, a.Status, a.Text)
		}
	})
}

// A category and a series named together ("pro床垫") name the one product
// on sale of both, not every product of the category.
func TestCategoryAndSeriesMeet(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-1002", "name": "眠舟云棉弹簧床垫二代", "category": "床垫", "price_cny": 1799, "channels": ["tmall"], "launched": "2025-01-01", "attributes": {"系列": "云棉系列"}, "specs": {"厚度": "25cm"}, "related": []}
{"id": "MZ-1004", "name": "眠舟乳胶独袋弹簧床垫Pro", "category": "床垫", "price_cny": 3999, "channels": ["tmall"], "launched": "2025-01-01", "attributes": {"系列": "Pro系列"}, "specs": {"厚度": "28cm"}, "variants": [{"sku": "MZ-1004-15", "size": "150×200cm", "price_cny": 3999}, {"sku": "MZ-1004-18", "size": "180×200cm", "price_cny": 4599}], "related": []}
{"id": "MZ-1007", "name": "眠舟深睡智能调温床垫", "category": "床垫", "price_cny": 8999, "channels": ["tmall"], "launched": "2026-03-01", "attributes": {"系列": "Pro系列"}, "specs": {"厚度": "30cm"}, "related": []}
{"id": "MZ-3001", "name": "眠舟乳胶枕Pro", "category": "枕头", "price_cny": 399, "channels": ["tmall"], "launched": "2025-01-01", "attributes": {"系列": "Pro系列"}, "specs": {"高度": "12cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "pro床垫1.5和1.8差多少钱"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "4599") || strings.Contains(a.Text, "1799") {
			t.Errorf("Ask(%s) = %s %q, want the Pro mattress's sizes (4599), not the other mattresses (1799)", q, a.Status, a.Text)
		}
	})
}

// A word of one product's name that is not its head names it when the
// question points with it ("丝绒那款"), over a product whose text merely
// mentions the word.
func TestWordPointedAtNamesProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LS-1004", "name": "帘舍绒光丝绒遮光窗帘", "category": "布艺窗帘", "price_cny": 138, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"面料成分": "100%聚酯纤维"}, "variants": [{"sku": "LS-1004-N", "color": "奶咖", "price_cny": 138}, {"sku": "LS-1004-G", "color": "复古绿", "price_cny": 138}], "related": []}
{"id": "LS-5004", "name": "帘舍织物清洁喷雾", "category": "清洁护理", "price_cny": 59, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"容量": "500ml"}, "not_suitable_for": ["丝绒面料"], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "丝绒那款都有啥色"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "复古绿") || strings.Contains(a.Text, "喷雾") {
			t.Errorf("Ask(%s) = %s %q, want the velvet curtain's colours (复古绿), not the spray", q, a.Status, a.Text)
		}
	})
}

// "安静了多少" asks loudness: the values in dB answer.
func TestQuietAsksLoudness(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LS-3004", "name": "帘舍电动轨道（一代）", "category": "电动轨道", "price_cny": 799, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"运行噪音": "≤45dB", "最大承重": "40kg"}, "related": []}
{"id": "LS-3007", "name": "帘舍智能电动轨道Pro", "category": "电动轨道", "price_cny": 899, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"运行噪音": "≤35dB", "最大承重": "60kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "智能电动轨道Pro跟一代比 安静了多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "35dB") || !strings.Contains(a.Text, "45dB") {
			t.Errorf("Ask(%s) = %s %q, want both noise levels (35dB, 45dB)", q, a.Status, a.Text)
		}
	})
}

// A Latin word of one product's name names it in a comparison ("pro和锂电的
// air": …轨道Pro and …轨道Air).
func TestLatinWordNamesComparedProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LS-3005", "name": "帘舍锂电电动轨道Air", "category": "电动轨道", "price_cny": 1099, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"运行噪音": "≤38dB", "最大承重": "25kg"}, "related": []}
{"id": "LS-3007", "name": "帘舍智能电动轨道Pro", "category": "电动轨道", "price_cny": 899, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"运行噪音": "≤35dB", "最大承重": "60kg"}, "related": []}
{"id": "LS-3001", "name": "帘舍静音直轨", "category": "手动轨道", "price_cny": 39, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"最大承重": "30kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "pro和锂电的air 哪个能挂重的"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "60kg") || !strings.Contains(a.Text, "25kg") {
			t.Errorf("Ask(%s) = %s %q, want both tracks' loads (60kg, 25kg)", q, a.Status, a.Text)
		}
	})
}

// A number that starts one variant's value (77 of 77mm) names that variant
// when the question asks what variants state; a day ("签收20天") does not.
func TestNumberStartsVariantValue(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YT-3002", "name": "影拓CPL偏振镜", "category": "滤镜", "price_cny": 199, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"镀膜": "16层"}, "variants": [{"sku": "YT-3002-67", "filter_size": "67mm", "price_cny": 199}, {"sku": "YT-3002-77", "filter_size": "77mm", "price_cny": 249}, {"sku": "YT-3002-82", "filter_size": "82mm", "price_cny": 279}], "related": []}
{"id": "LX-1001", "name": "旅匣轻翼拉杆箱", "category": "拉杆箱", "price_cny": 399, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"箱壳": "PC"}, "variants": [{"sku": "LX-1001-20", "size": "20英寸", "weight": "2.9kg", "price_cny": 399}, {"sku": "LX-1001-24", "size": "24英寸", "weight": "3.6kg", "price_cny": 499}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "CPL偏振镜77口径的多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "249") || strings.Contains(a.Text, "279") {
			t.Errorf("Ask(%s) = %s %q, want the 77mm variant (249) alone", q, a.Status, a.Text)
		}
		q = "轻翼拉杆箱签收24天了 多重"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "2.9kg") {
			t.Errorf("Ask(%s) = %s %q, want every size's weight (2.9kg too): 24天 is a day, not 24英寸", q, a.Status, a.Text)
		}
	})
}

// "大的那个流量多少": the word before a demonstrative says which one is
// meant; it names no amount the knowledge lacks (大流量).
func TestDescribedOneNamesNoAmount(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LY-2002", "name": "澜渊静音外置过滤桶F2", "category": "过滤器", "price_cny": 359, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"滤材篮": "三层"}, "variants": [{"sku": "LY-2002-600", "flow": "600L/h", "power": "12W", "price_cny": 359}, {"sku": "LY-2002-1000", "flow": "1000L/h", "power": "18W", "price_cny": 459}], "related": []}
{"id": "LY-1003", "name": "澜渊静岚一体背滤鱼缸", "category": "鱼缸", "price_cny": 1599, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"玻璃": "10mm"}, "suitable_for": ["大型鱼缸爱好者"], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "f2过虑桶大的那个流量多少 多少瓦"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "1000L/h") {
			t.Errorf("Ask(%s) = %s %q, want the variants' flow (1000L/h)", q, a.Status, a.Text)
		}
	})
}

// A cue that asks a quantity in a unit ("多少米") names no unit for another
// measure's cue beside it ("多大个"): a length in cm answers that.
func TestUnitCueBindsItsOwnAsk(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LY-8002", "name": "澜渊樱花虾", "category": "活体", "price_cny": 39, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"体长": "1.5-2cm"}, "variants": [{"sku": "LY-8002-10", "pack": "10只装", "price_cny": 39}, {"sku": "LY-8002-20", "pack": "20只装", "price_cny": 69}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "樱花虾20只装的多少米 虾有多大个"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "1.5-2cm") {
			t.Errorf("Ask(%s) = %s %q, want 1.5-2cm", q, a.Status, a.Text)
		}
	})
}

// "一半灯珠不亮 能换吗": the words that say a defect are covered by the
// rule the evidence states for quality problems.
func TestDefectCoveredByQualityRule(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LY-4001", "name": "澜渊水草灯", "category": "灯具", "price_cny": 199, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"功率": "24W"}, "related": []}
`,
		"policies/returns.md": "---\nid: P-RET\ntitle: 退换货政策\neffective_from: 2025-01-01\n---\n# 退换货政策\n\n签收后30天内，商品出现功能故障、漏水、缺件等质量问题，可申请退货或换货。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "灯收到20天了 一半灯珠不亮 能换吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "30天") {
			t.Errorf("Ask(%s) = %s %q, want the quality-problem rule (30天)", q, a.Status, a.Text)
		}
	})
}

// "能定做鱼缸吗" where the knowledge has the category 定制鱼缸: a modifier
// sharing a character with a linked group's of the same head names that
// group loosely, no unknown kind.
func TestLooseModifierNamesLinkedGroup(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LY-1001", "name": "澜渊晶透超白鱼缸", "category": "鱼缸", "price_cny": 199, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"玻璃": "5mm"}, "related": []}
{"id": "LY-1002", "name": "澜渊晶透圆角鱼缸", "category": "鱼缸", "price_cny": 99, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"玻璃": "4mm"}, "related": []}
{"id": "LY-1009", "name": "澜渊超白定制服务", "category": "定制鱼缸", "price_cny": 399, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"工期": "确认图纸后15个工作日发货"}, "related": []}
{"id": "LY-1010", "name": "澜渊定制加急服务", "category": "定制鱼缸", "price_cny": 99, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"工期": "确认图纸后7个工作日发货"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "能定做鱼缸吗"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if a.Status == StatusRefused && a.Reason == ReasonOutOfScope {
			t.Errorf("Ask(%s) = %s %s %q, want no unknown kind: 定做鱼缸 is the 定制鱼缸 the knowledge has", q, a.Status, a.Reason, a.Text)
		}
	})
}

// "K3表带断了 买哪个": a category the product is not of names the kind of
// item used with it that the question asks for.
func TestCategoryNamesFittedItem(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-3001", "name": "时跃儿童手表K3", "category": "儿童手表", "price_cny": 598, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"续航": "3天"}, "related": []}
{"id": "SY-4005", "name": "时跃儿童手表表带", "category": "表带", "price_cny": 49, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"材质": "亲肤硅胶"}, "related": [{"type": "compatible_with", "id": "SY-3001"}]}
{"id": "SY-4001", "name": "时跃22mm氟橡胶表带", "category": "表带", "price_cny": 99, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"材质": "氟橡胶"}, "related": []}
{"id": "SY-6003", "name": "时跃K3钢化膜", "category": "贴膜", "price_cny": 29, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"数量": "2片"}, "related": [{"type": "compatible_with", "id": "SY-3001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "闺女的K3表带断了 买哪个 多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "49") || strings.Contains(a.Text, "钢化膜") {
			t.Errorf("Ask(%s) = %s %q, want the strap that fits K3 (49), not its screen protector", q, a.Status, a.Text)
		}
	})
}

// "卷帘拉不下来了 能退换吗": a thing that will not move as it should has a
// quality problem, and the quality-problem rule answers.
func TestWillNotMoveIsDefect(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LS-2001", "name": "帘舍防水卷帘", "category": "卷帘", "price_cny": 128, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"操作方式": "手动拉珠"}, "related": []}
`,
		"policies/returns.md": "---\nid: P-RET\ntitle: 退换货政策\neffective_from: 2025-01-01\n---\n# 退换货政策\n\n## 一、无理由退货\n\n标准商品签收后7天内未拆封的，可申请无理由退货。\n\n## 二、质量问题\n\n签收后30天内，商品出现破洞、功能故障等质量问题，可申请退换或免费重做。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "卷帘拉不下来了 收到25天 还能退换吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "30天") || strings.Contains(a.Text, "7天") {
			t.Errorf("Ask(%s) = %s %q, want the quality-problem rule (30天), not the no-reason one (7天)", q, a.Status, a.Text)
		}
	})
}

// "心率带 我的watch5能连吗": whether one thing fits another names both,
// and the fitting one's own statement of what it fits answers.
func TestFitQuestionNamesBoth(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-1002", "name": "时跃 Watch 5 智能手表", "category": "智能手表", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"健康监测": "心率、血氧"}, "related": []}
{"id": "SY-1001", "name": "时跃 Watch 5 Pro 智能手表", "category": "智能手表", "price_cny": 1999, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"健康监测": "心率、血氧、ECG"}, "related": []}
{"id": "SY-7001", "name": "时跃心率带 HR1", "category": "运动配件", "price_cny": 249, "channels": ["tmall"], "launched": "2025-01-01", "attributes": {"适配说明": "适配 Watch GT 户外版、Watch 5 Pro（需固件3.1.0及以上）"}, "specs": {"连接方式": "蓝牙5.0"}, "related": [{"type": "compatible_with", "id": "SY-1001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "心率带 我的watch5能连吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "心率带") || !strings.Contains(a.Text, "Watch 5 Pro") {
			t.Errorf("Ask(%s) = %s %q, want what the strap fits (Watch 5 Pro)", q, a.Status, a.Text)
		}
	})
}

// "哪个水流大" asks a flow (L/h); "哪个声音小" asks loudness (dB).
func TestFlowAndQuieterAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LY-2001", "name": "澜渊静音外置过滤桶F1", "category": "过滤器", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"流量": "800L/h", "噪音": "≤35dB", "滤材篮直径": "20cm"}, "related": []}
{"id": "LY-2002", "name": "澜渊静音外置过滤桶F2", "category": "过滤器", "price_cny": 359, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"流量": "1000L/h", "噪音": "≤28dB", "滤材篮直径": "18cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string][]string{"F1跟F2哪个声音小": {"35dB", "28dB"}, "F1跟F2哪个水流大": {"800L/h", "1000L/h"}} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, want[0]) || !strings.Contains(a.Text, want[1]) || strings.Contains(a.Text, "20cm") {
				t.Errorf("Ask(%s) = %s %q, want %v and not the basket size", q, a.Status, a.Text, want)
			}
		}
	})
}

// "丝绒和纯亚麻 哪个贵": a word of one name that is a side of a comparison
// names that product, head of the name or not.
func TestComparedSideNamesProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LS-1004", "name": "帘舍绒光丝绒遮光窗帘", "category": "布艺窗帘", "price_cny": 138, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"面料成分": "100%聚酯纤维"}, "related": []}
{"id": "LS-1008", "name": "帘舍素麻纯亚麻窗帘", "category": "布艺窗帘", "price_cny": 118, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"面料成分": "100%亚麻"}, "related": []}
{"id": "LS-5004", "name": "帘舍织物清洁喷雾", "category": "清洁护理", "price_cny": 59, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"容量": "500ml"}, "not_suitable_for": ["丝绒面料"], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "丝绒和纯亚麻 哪个贵"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "138") || !strings.Contains(a.Text, "118") {
			t.Errorf("Ask(%s) = %s %q, want both curtains' prices (138, 118)", q, a.Status, a.Text)
		}
	})
}

// "积分 是不是今年年底就清零了": a sentence that states a validity (有效期,
// 清零) answers a question about one over the rule's other sentences.
func TestValiditySentencePreferred(t *testing.T) {
	sources := map[string]string{
		"policies/points.md": "---\nid: P-PTS\ntitle: 会员积分规则（2025版）\neffective_from: 2025-04-01\n---\n# 会员积分规则（2025版）\n\n本规则自2025-04-01起生效。2025-04-01前已获得且尚未清零的积分，有效期统一延长至2027-03-31。\n\n## 一、积分获取\n\n1. 微信小程序、官网订单，实付每1元累计1积分。\n\n## 二、积分使用\n\n1. 100积分抵1元，在微信小程序、官网下单时可直接抵扣。\n2. 积分商城兑换：3000积分兑换腕带1条。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "去年在小程序攒的积分 是不是今年年底就清零了"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "2027-03-31") || strings.Index(a.Text, "2027-03-31") > strings.Index(a.Text, "100积分抵1元") {
			t.Errorf("Ask(%s) = %s %q, want the validity (2027-03-31) first", q, a.Status, a.Text)
		}
	})
}

// "亚麻窗帘下水会缩吗 缩多少": a question of several clauses that asks no
// measure or concept, and for which nothing else is picked, is answered by
// the key holding its clause's own characters (缩水率).
func TestClauseKeyWhereNothingPicked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LS-1008", "name": "帘舍素麻纯亚麻窗帘", "category": "布艺窗帘", "price_cny": 118, "channels": ["tmall"], "launched": "2025-01-01", "attributes": {"缩水率": "首次水洗约3%", "清洗方式": "建议干洗"}, "specs": {"面料成分": "100%亚麻", "遮光率": "约30%"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "亚麻窗帘下水会缩吗 缩多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "3%") {
			t.Errorf("Ask(%s) = %s %q, want 首次水洗约3%%", q, a.Status, a.Text)
		}
	})
}

// "走步机最快能到多少": a degree adverb (最) picks no key that holds it
// (最大承重); the text that states the speed answers.
func TestDegreeAdverbPicksNoKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LX-1001", "name": "力行T1平板走步机", "category": "走步机", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"最大承重": "100kg", "跑带尺寸": "40×110cm"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF1,走步机和跑步机怎么选？,T1平板走步机只能步行（最高6km/h），适合小户型和办公间隙健走。,选购\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "走步机最快能到多少 能拿来跑步不"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "6km/h") || strings.Contains(a.Text, "100kg") {
			t.Errorf("Ask(%s) = %s %q, want the speed (6km/h), not the load (100kg)", q, a.Status, a.Text)
		}
	})
}

// "f2两个型号 各配多长的缸": a question of each of a product's models is
// answered by every variant.
func TestEachModelAsksVariants(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LY-2002", "name": "澜渊静音外置过滤桶F2", "category": "过滤器", "price_cny": 359, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"随机配件": "进出水管各1.5m"}, "variants": [{"sku": "LY-2002-600", "flow": "600L/h", "tank_fit": "45-60cm", "price_cny": 359}, {"sku": "LY-2002-1000", "flow": "1000L/h", "tank_fit": "60-90cm", "price_cny": 459}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "f2两个型号 各配多长的缸"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "45-60cm") || !strings.Contains(a.Text, "60-90cm") {
			t.Errorf("Ask(%s) = %s %q, want each model's tank length (45-60cm, 60-90cm)", q, a.Status, a.Text)
		}
	})
}

// "远征1000跟1500差多少度电": in a comparison, a number alone names the
// model like the other one named (远征1500), and a battery's 度电 are its
// capacity in Wh.
func TestCompareSiblingByNumber(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "PN-1005", "name": "沛能行者600户外电源", "category": "户外电源", "price_cny": 1999, "channels": ["tmall"], "launched": "2025-03-01", "specs": {"电池容量": "512Wh"}, "related": []}
{"id": "PN-1101", "name": "沛能远征1000户外电源", "category": "户外电源", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-06-01", "specs": {"电池容量": "1024Wh"}, "related": []}
{"id": "PN-1102", "name": "沛能远征1500户外电源", "category": "户外电源", "price_cny": 5499, "channels": ["tmall"], "launched": "2025-03-01", "specs": {"电池容量": "1536Wh"}, "related": []}
{"id": "PN-1103", "name": "沛能远征700户外电源（抖音专供）", "category": "户外电源", "price_cny": 2499, "channels": ["douyin"], "launched": "2025-04-15", "specs": {"电池容量": "768Wh"}, "related": []}
{"id": "PN-1201", "name": "沛能擎天3000家庭储能电源", "category": "家庭储能", "price_cny": 9999, "channels": ["tmall"], "launched": "2024-10-01", "specs": {"电池容量": "3072Wh"}, "related": []}
{"id": "PN-3002", "name": "沛能200W折叠太阳能板", "category": "太阳能板", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-06-01", "related": [{"type": "compatible_with", "id": "PN-1005"}, {"type": "compatible_with", "id": "PN-1103"}, {"type": "compatible_with", "id": "PN-1101"}, {"type": "compatible_with", "id": "PN-1102"}, {"type": "compatible_with", "id": "PN-1201"}]}
{"id": "PN-6002", "name": "沛能远征1000太阳能套装", "category": "套装", "price_cny": 4699, "channels": ["tmall"], "launched": "2024-06-01", "specs": {"总容量": "1024Wh"}, "related": [{"type": "set_contains", "id": "PN-1101"}, {"type": "set_contains", "id": "PN-3002"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "远征1000跟1500差多少度电"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "1024Wh") || !strings.Contains(a.Text, "1536Wh") || strings.Contains(a.Text, "768Wh") {
			t.Errorf("Ask(%s) = %s %q, want both capacities (1024Wh, 1536Wh), not 远征700's", q, a.Status, a.Text)
		}
	})
}

// "比老款轻了多少 容量谁大": a comparative says a measure besides the one
// the question names.
func TestComparativeBesideNamedMeasure(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "PN-1001", "name": "沛能行者300户外电源（一代）", "category": "户外电源", "price_cny": 1299, "channels": ["tmall"], "launched": "2023-01-01", "discontinued": "2025-04-30", "specs": {"电池容量": "296Wh", "重量": "3.9kg"}, "related": []}
{"id": "PN-1002", "name": "沛能行者300二代户外电源", "category": "户外电源", "price_cny": 1199, "channels": ["tmall"], "launched": "2025-05-01", "specs": {"电池容量": "288Wh", "重量": "3.8kg"}, "related": [{"type": "replaces", "id": "PN-1001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "行者300二代比老款轻了多少 容量谁大"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "3.9kg") || !strings.Contains(a.Text, "3.8kg") || !strings.Contains(a.Text, "288Wh") {
			t.Errorf("Ask(%s) = %s %q, want both weights (3.9kg, 3.8kg) and the capacities", q, a.Status, a.Text)
		}
	})
}

// "要补多少" asks a price: what is paid on top to change from one variant
// to another.
func TestTopUpAsksPrice(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QS-1003", "name": "启思少儿英语进阶课", "category": "英语课程", "price_cny": 3280, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"每课时时长": "小班45分钟；1对1为25分钟"}, "variants": [{"sku": "QS-1003-4-48", "class_size": "1对4小班", "lessons": 48, "price_cny": 3280}, {"sku": "QS-1003-4-96", "class_size": "1对4小班", "lessons": 96, "price_cny": 6180}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "英语进阶小班48节 买了两周 想改成96节的 要补多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "3280") || !strings.Contains(a.Text, "6180") {
			t.Errorf("Ask(%s) = %s %q, want both prices (3280, 6180)", q, a.Status, a.Text)
		}
	})
}

// "最快能跑多快": a speed is written in mm/s too; an acceleration
// (mm/s²) is none.
func TestSpeedInMillimetresPerSecond(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "DY-1003", "name": "叠元S1 Pro高速3D打印机", "category": "3D打印机", "price_cny": 3499, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"最高热床温度": "110℃", "最大加速度": "20000mm/s²", "最大打印速度": "600mm/s"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "s1pro最快能跑多快"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "600mm/s") || strings.Contains(a.Text, "20000") {
			t.Errorf("Ask(%s) = %s %q, want the speed (600mm/s), not the acceleration", q, a.Status, a.Text)
		}
	})
}

// "D1跟D2有啥区别 差多少钱": a clause asking how two things differ is
// answered by the keys they differ on, beside the price another clause
// asks; "容量有什么区别" asks the capacity only.
func TestDifferenceBesidePrice(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "DY-4204", "name": "叠元耗材烘干盒D1（单盘）", "category": "烘干盒", "price_cny": 349, "channels": ["tmall"], "launched": "2024-05-01", "specs": {"温度范围": "35-70℃", "定时": "1-24小时", "容量": "1卷"}, "related": []}
{"id": "DY-4205", "name": "叠元耗材烘干盒D2（双盘）", "category": "烘干盒", "price_cny": 499, "channels": ["tmall"], "launched": "2025-05-01", "specs": {"温度范围": "35-75℃", "定时": "1-48小时", "容量": "2卷"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "D1跟D2有啥区别 差多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "499") || !strings.Contains(a.Text, "1-48小时") || !strings.Contains(a.Text, "2卷") {
			t.Errorf("Ask(%s) = %s %q, want the prices and what differs (1-48小时, 2卷)", q, a.Status, a.Text)
		}
		q = "D1跟D2容量有什么区别"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "2卷") || strings.Contains(a.Text, "1-48小时") {
			t.Errorf("Ask(%s) = %s %q, want the capacities only", q, a.Status, a.Text)
		}
	})
}

// "最贵的打印机是哪台": a word that ends some categories' names (FDM
// 3D打印机, 光固化3D打印机) names them, not a category it only modifies
// (打印机配件) or one matched by its modifier and a measure word (打印平台
// of 打印…台).
func TestCategoryByItsHead(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "DY-1003", "name": "叠元S1 Pro高速3D打印机", "category": "FDM 3D打印机", "price_cny": 3499, "channels": ["tmall"], "launched": "2025-01-01", "related": []}
{"id": "DY-1004", "name": "叠元K2大尺寸3D打印机", "category": "FDM 3D打印机", "price_cny": 4999, "channels": ["tmall"], "launched": "2025-01-01", "related": []}
{"id": "DY-2001", "name": "叠元光刻R1光固化打印机", "category": "光固化3D打印机", "price_cny": 1999, "channels": ["tmall"], "launched": "2025-01-01", "related": []}
{"id": "DY-4001", "name": "叠元四色换料器MC4", "category": "打印机配件", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-01-01", "related": []}
{"id": "DY-4002", "name": "叠元打印机外罩", "category": "打印机配件", "price_cny": 299, "channels": ["tmall"], "launched": "2025-01-01", "related": []}
{"id": "DY-4101", "name": "叠元光面PEI磁吸钢板", "category": "打印平台", "price_cny": 199, "channels": ["tmall"], "launched": "2025-01-01", "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你们最贵的打印机是哪台"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "K2") || strings.Contains(a.Text, "MC4") || strings.Contains(a.Text, "钢板") {
			t.Errorf("Ask(%s) = %s %q, want the K2 (4999元), no accessory", q, a.Status, a.Text)
		}
	})
}

// "tpu多少钱": a Latin abbreviation only one product's name holds names
// it; one an attribute's key holds too ("DHA" of 每粒DHA) names what
// products have.
func TestAbbreviationNamesProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "DY-3001", "name": "叠元 PLA基础耗材（1kg）", "category": "3D打印耗材", "price_cny": 69, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"打印温度": "190-220℃"}, "related": []}
{"id": "DY-3005", "name": "叠元 TPU 95A 软性耗材（1kg）", "category": "3D打印耗材", "price_cny": 119, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"打印温度": "210-230℃"}, "related": []}
{"id": "DY-1002", "name": "叠元 Mini 2 桌面3D打印机", "category": "3D打印机", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"支持耗材": "PLA、PETG、TPU"}, "related": []}
{"id": "ZY-4001", "name": "知养深海鱼油软胶囊", "category": "鱼油", "price_cny": 159, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"每粒EPA": "300mg", "每粒DHA": "200mg"}, "related": []}
{"id": "ZY-4003", "name": "知养藻油DHA软胶囊", "category": "藻油", "price_cny": 199, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"每粒DHA": "100mg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "tpu多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "119") {
			t.Errorf("Ask(%s) = %s %q, want the TPU filament's price 119", q, a.Status, a.Text)
		}
		q = "鱼油一粒里EPA DHA各有多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "200mg") || strings.Contains(a.Text, "100mg") {
			t.Errorf("Ask(%s) = %s %q, want the fish oil's 200mg, not the algal oil's", q, a.Status, a.Text)
		}
	})
}

// "下雨能放外面吗": rain asks a product's water resistance.
func TestRainAsksWaterResistance(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "PN-3002", "name": "沛能200W折叠太阳能板", "category": "太阳能板", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"开路电压（Voc）": "47.6V", "重量": "7.9kg", "防水等级": "IP67"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "200瓦那块折叠板开路电压多少 下雨能放外面吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "47.6V") || !strings.Contains(a.Text, "IP67") {
			t.Errorf("Ask(%s) = %s %q, want the voltage and the water rating (IP67)", q, a.Status, a.Text)
		}
	})
}

// "擎天10000多少钱": a number right after the word of a line of numbered
// models (擎天3000, 擎天5000) that nothing writes with it is a model the
// brand does not have; a known one, an amount (行者600瓦) or a variant's
// size (手镯56) is not.
func TestUnknownNumberOfLine(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "PN-1201", "name": "沛能擎天3000家庭储能电源", "category": "家庭储能", "price_cny": 9999, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"电池容量": "3072Wh"}, "related": []}
{"id": "PN-1202", "name": "沛能擎天5000家庭储能电源", "category": "家庭储能", "price_cny": 15999, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"电池容量": "5120Wh"}, "related": []}
{"id": "PN-7002", "name": "沛能擎天上门安装服务", "category": "服务", "price_cny": 399, "channels": ["tmall"], "launched": "2025-01-01", "related": []}
{"id": "JY-1001", "name": "晶耀古法金手镯", "category": "手镯", "price_cny": 9800, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"工费": "980元"}, "variants": [{"sku": "JY-1001-54", "size": "内径54mm", "weight": "28g", "price_cny": 9800}, {"sku": "JY-1001-56", "size": "内径56mm", "weight": "30g", "price_cny": 10500}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "你们擎天10000多少钱", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(擎天10000多少钱) = %s %q, want a refusal", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "擎天3000多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "9999") {
			t.Errorf("Ask(擎天3000多少钱) = %s %q, want 9999", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "古法金手镯56的多重", AsOf: day("2025-12-01")}); a.Status == StatusRefused {
			t.Errorf("Ask(古法金手镯56的多重) = %s %q, want an answer", a.Status, a.Text)
		}
	})
}

// "c++竞赛班要啥基础才能报 一节课多长": a name written with its signs (C++)
// is linked; a clause of its own that the facts its words picked answer
// (要啥基础) keeps the question from asking only a length no fact states.
func TestSignedNameAndClauseOfItsOwn(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QS-2004", "name": "启思C++信息学竞赛课", "category": "编程课程", "price_cny": 7980, "channels": ["tmall"], "launched": "2024-09-01", "attributes": {"入学要求": "需通过入学测评", "上课设备": "须使用电脑上课"}, "specs": {"适用年龄": "11-16岁", "班型": "1对6小班", "课时数": "72课时", "有效期": "12个月", "每课时时长": "90分钟"}, "suitable_for": ["11-16岁有编程基础的学生"], "not_suitable_for": ["编程零基础学员"], "related": []}
{"id": "QS-2001", "name": "启思图形化编程Scratch入门课", "category": "编程课程", "price_cny": 2680, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"每课时时长": "45分钟"}, "suitable_for": ["6-9岁零基础儿童"], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "c++竞赛班要啥基础才能报 一节课多长"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !slices.Contains(a.Trace.LinkedEntities, "QS-2004") || !strings.Contains(a.Text, "编程基础") {
			t.Errorf("Ask(%s) = %s %q linking %v, want QS-2004's suitability", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// "how many Wh does it hold": a count asked by a unit in English is
// answered by the value that writes a number with it, as "多少wh" is.
func TestEnglishHowManyUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "PN-1005", "name": "沛能行者600户外电源", "name_en": "PEINENG Trek 600 Portable Power Station", "category": "户外电源", "price_cny": 1999, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"电池容量": "512Wh", "重量": "7.2kg", "额定输出功率": "600W"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "How heavy is the Trek 600 and how many Wh does it hold?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "7.2kg") || !strings.Contains(a.Text, "512Wh") {
			t.Errorf("Ask(%s) = %s %q, want the weight (7.2kg) and the capacity (512Wh)", q, a.Status, a.Text)
		}
	})
}

// A superlative over a kind the question names by its head ranges over
// every product whose own name ends with that head, in whatever category
// ("容量最大的电源": a 家庭储能 power station beside the 户外电源 ones).
func TestRankByNameHeadAcrossCategories(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "PN-1101", "name": "沛能远征1000户外电源", "category": "户外电源", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池容量": "1024Wh"}, "related": []}
{"id": "PN-1102", "name": "沛能远征1500户外电源", "category": "户外电源", "price_cny": 5999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池容量": "1536Wh"}, "related": []}
{"id": "PN-1201", "name": "沛能擎天3000家庭储能电源", "category": "家庭储能", "price_cny": 9999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池容量": "3072Wh"}, "related": []}
{"id": "PN-2001", "name": "沛能EB500扩展电池", "category": "扩展电池", "price_cny": 1599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池容量": "5120Wh"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你家现在能买到的容量最大的电源是哪个"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "擎天3000") || !strings.Contains(a.Text, "3072Wh") || strings.Contains(a.Text, "EB500") {
			t.Errorf("Ask(%s) = %s %q, want 擎天3000 at 3072Wh (not the battery, which is no 电源)", q, a.Status, a.Text)
		}
	})
}

// "差在哪" asks how compared things differ, and "除了价格" sets the price
// aside as known: the keys they differ on answer, with both products named
// though the first is said by its own word alone ("穹顶跟初心头盔").
func TestDifferBesidesPrice(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-5001", "name": "雪麓 穹顶 MIPS头盔", "category": "头盔", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防护系统": "MIPS防旋转系统", "通风": "8个通风孔（可开合）"}, "related": []}
{"id": "XL-5002", "name": "雪麓 初心 入门头盔", "category": "头盔", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防护系统": "无MIPS", "通风": "4个固定通风孔"}, "related": []}
{"id": "XL-5003", "name": "雪麓 小雪团 儿童头盔", "category": "头盔", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防护系统": "无MIPS", "通风": "4个固定通风孔"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "穹顶跟初心头盔除了价格还差在哪"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, want := range []string{"899", "399", "MIPS防旋转系统", "8个通风孔"} {
			if !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%s) = %s %q, want %s among what tells them apart", q, a.Status, a.Text, want)
			}
		}
	})
}

// A short model code is not known by a longer number that holds it
// ("X9" of "Flex 90", folded "flex90"): it names a model the brand does
// not have.
func TestShortCodeInsideLongerNumber(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-3101", "name": "雪麓 峰刃 双板雪鞋", "category": "雪鞋", "price_cny": 2299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"硬度选择": "初中级选Flex 90；中高级选Flex 110"}, "variants": [{"sku": "XL-3101-F90", "edition": "Flex 90", "price_cny": 2299}, {"sku": "XL-3101-F110", "edition": "Flex 110", "price_cny": 2599}], "related": []}
{"id": "XL-1002", "name": "雪麓 山岚 Pro 全能单板", "category": "单板", "price_cny": 2999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"腰宽": "25.0cm"}, "related": []}
{"id": "XL-9001", "name": "雪麓 X5 4K 头盔相机", "category": "相机", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"分辨率": "4K"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你们雪麓X9竞速单板多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(%s) = %s %q, want REFUSED (no X9)", q, a.Status, a.Text)
		}
		// (A space ends a code: "X5 4K" writes X5.)
		q = "X5多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "1999") {
			t.Errorf("Ask(%s) = %s %q, want 1999", q, a.Status, a.Text)
		}
		q = "峰刃雪鞋flex 110多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "2599") {
			t.Errorf("Ask(%s) = %s %q, want 2599", q, a.Status, a.Text)
		}
	})
}

// A bare number right after a numeric attribute's key ("防水两万以上")
// is a condition on that attribute, not on the price.
func TestConditionOnKeyBeforeNumber(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-6001", "name": "雪麓 凌峰 三合一滑雪服", "category": "滑雪服", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水指数": "20000mm"}, "related": []}
{"id": "XL-6003", "name": "雪麓 飞絮 单板滑雪服", "category": "滑雪服", "price_cny": 999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水指数": "10000mm"}, "related": []}
{"id": "XL-6005", "name": "雪麓 崇礼雪线 限定滑雪服", "category": "滑雪服", "price_cny": 2599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水指数": "25000mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "防水两万以上的都有哪几件"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "凌峰") || !strings.Contains(a.Text, "崇礼雪线") || strings.Contains(a.Text, "飞絮") {
			t.Errorf("Ask(%s) = %s %q, want 凌峰 and 崇礼雪线 (20000mm and more), not 飞絮", q, a.Status, a.Text)
		}
	})
}

// A word asked by 多少 that a value writes right after its number, past a
// Latin word ("2800 ANSI流明"), is that value's unit: the value answers.
func TestUnitWrittenAfterNumber(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GY-3002", "name": "光映 L2 三色激光电视", "category": "激光电视", "price_cny": 10999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"亮度": "2800 ANSI流明", "投射比": "0.21:1", "整机功耗": "220W"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "L2激光电视多少流明 投射比多少"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2800 ANSI流明") || !strings.Contains(a.Text, "0.21:1") {
			t.Errorf("Ask(%s) = %s %q, want 2800 ANSI流明 and 0.21:1", q, a.Status, a.Text)
		}
	})
}

// A comparative of any measure ("比亮多少", "哪个硬一点") asks that
// measure, which a key named by its noun of degree states whatever unit
// its value is written in ("3200 CVIA流明", "84D").
func TestComparativeByNounOfDegree(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GY-1004", "name": "光映 X7 Pro 4K 激光投影仪", "name_en": "GUANGYING X7 Pro 4K Laser Projector", "category": "家用智能投影仪", "price_cny": 8999, "channels": ["wechat", "web"], "launched": "2026-01-15", "discontinued": null, "attributes": {"系列": "X系列", "上市状态": "2026-01-15上市，2025-12-12起官网、微信小程序开放预约登记（不收定金），上市前不接受下单", "渠道说明": "首发仅在微信小程序、官网销售", "保修期": "整机2年，激光光源3年"}, "specs": {"分辨率": "3840×2160（4K，XPR像素位移）", "显示技术": "DLP（0.47英寸DMD）", "光源": "三色激光", "亮度": "3200 CVIA流明", "投射比": "1.2-1.8:1", "光学变焦": "1.5倍光学变焦", "镜头位移": "垂直±60%、水平±25%光学镜头位移", "对焦方式": "自动对焦", "MEMC": "支持", "HDR": "HDR10+/HLG", "噪音": "≤29dB（观影模式）", "整机功耗": "≤380W", "整机重量": "7.6kg", "吊装孔": "底部M4螺孔×4"}, "suitable_for": ["大客厅、影音室", "需要侧投或吊装位置受限的空间"], "not_suitable_for": [], "related": []}
{"id": "GY-1003", "name": "光映 X5 4K 激光投影仪", "name_en": "GUANGYING X5 4K Laser Projector", "category": "家用智能投影仪", "price_cny": 5999, "channels": ["tmall", "douyin", "xiaohongshu", "wechat", "web"], "launched": "2024-09-01", "discontinued": null, "attributes": {"系列": "X系列", "保修期": "整机2年，激光光源3年", "系统": "GYOS 5.2", "遥控器": "蓝牙语音遥控器RC2（X3/X5背光款）", "产品定位": "客厅4K激光主力机"}, "specs": {"分辨率": "3840×2160（4K，XPR像素位移）", "显示技术": "DLP（0.47英寸DMD）", "光源": "三色激光", "亮度": "2400 CVIA流明", "色域": "110% BT.2020", "投射比": "1.27:1", "推荐画面尺寸": "80-200英寸", "100英寸投射距离": "约2.81m", "对焦方式": "自动对焦", "梯形校正": "全自动六向梯形校正", "MEMC": "支持", "HDR": "HDR10+/HLG", "光源寿命": "25000小时", "噪音": "≤28dB（观影模式）", "整机功耗": "≤300W", "内存": "4GB+128GB", "接口": "HDMI 2.1×2（其一支持eARC）、USB 3.0×2、光纤音频×1", "整机重量": "4.8kg", "吊装孔": "底部M4螺孔×4"}, "variants": [{"sku": "GY-1003-STD", "edition": "标准版", "price_cny": 5999}, {"sku": "GY-1003-AV", "edition": "影音版（含无线低音炮S1）", "price_cny": 6599}], "suitable_for": ["客厅观影", "4K蓝光片源", "主机游戏"], "not_suitable_for": [], "related": []}
{"id": "DY-2001", "name": "叠元 标准光敏树脂", "category": "树脂", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"邵氏硬度": "84D", "黏度": "150-200mPa·s"}, "related": []}
{"id": "DY-2002", "name": "叠元 水洗树脂", "category": "树脂", "price_cny": 149, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"邵氏硬度": "80D", "黏度": "120-180mPa·s"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string][]string{
			"x7 pro跟x5比亮多少 贵多少": {"3200 CVIA流明", "2400 CVIA流明", "8999", "5999"},
			"标准树脂和水洗树脂 哪个硬一点":   {"84D", "80D"},
		} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			for _, w := range want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("Ask(%s) = %s %q, want %s", q, a.Status, a.Text, w)
				}
			}
		}
	})
}

// A demonstrative before a description ("20寸那个变速的") points at the
// one product whose name says it, as one after it does ("变速那款").
func TestPointedAtByDemonstrativeBefore(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CT-2006", "name": "橙途少年骑士20寸变速自行车", "category": "儿童自行车", "price_cny": 1399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"轮径": "20寸", "刹车方式": "前后机械碟刹", "变速": "7速指拨变速"}, "related": []}
{"id": "CT-2004", "name": "橙途探索者16寸儿童自行车", "category": "儿童自行车", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"轮径": "20寸", "刹车方式": "前后V刹"}, "related": []}
{"id": "CT-5003", "name": "橙途挡泥板套装", "category": "配件", "price_cny": 49, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "PP塑料"}, "variants": [{"sku": "CT-5003-20", "fits": "20寸", "price_cny": 55}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "那个变速的是几速的？刹车是啥刹"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "7速") || !strings.Contains(a.Text, "机械碟刹") || strings.Contains(a.Text, "V刹") {
			t.Errorf("Ask(%s) = %s %q, want the 变速 bike's 7速 and 机械碟刹", q, a.Status, a.Text)
		}
	})
}

// "能放多久" asks how long a thing stays valid: of points, the rule's
// validity, beside what another clause asks of them.
func TestKeepsHowLongAsksValidity(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-8001", "name": "雪麓 单次打蜡修刃服务", "category": "服务", "price_cny": 99, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"服务内容": "基础热打蜡"}, "related": []}
`,
		"policies/xl-membership-2025.md": `---
id: xl-membership-2025
title: 会员积分规则（2025版）
channels: all
applies_to: all
effective_from: 2025-01-01
effective_to: null
supersedes: null
---

# 会员积分规则（2025版）

## 一、积分获取

1. 在雪麓微信小程序、雪麓官网购买商品，每实付1元累计1积分，订单确认收货7天后发放。
2. 抖音、小红书渠道订单不累计积分，也不能使用积分。

## 二、积分使用

1. 100积分抵扣1元，仅限微信小程序、官网订单使用。
2. 每笔订单积分抵扣不超过实付金额的20%。

## 三、积分有效期

每笔积分自获得之日起18个月有效，到期自动清零。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "现在积分抵扣上限多少 积分能放多久"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "20%") || !strings.Contains(a.Text, "18个月") {
			t.Errorf("Ask(%s) = %s %q, want 20%% and 18个月", q, a.Status, a.Text)
		}
	})
}

// A choice between two qualities ("软还是硬") asks the key that holds
// both (软硬度).
func TestChoiceAsksKeyOfBoth(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-1003", "name": "雪麓 青檐 公园单板", "category": "单板", "price_cny": 2399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"板型": "平板（Flat）+ 板头板尾反弓", "软硬度": "4/10", "板芯": "杨木板芯"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "青檐是什么板型 软还是硬"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "4/10") || !strings.Contains(a.Text, "平板") {
			t.Errorf("Ask(%s) = %s %q, want 板型 and 软硬度 4/10", q, a.Status, a.Text)
		}
	})
}

// "零下能用不" asks a temperature: the range a product works in.
func TestBelowZeroAsksTemperature(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-5004", "name": "雪麓 蓝牙头盔耳机模块", "category": "头盔配件", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"续航": "约12小时", "工作温度": "-20℃至40℃", "防水等级": "IPX5", "蓝牙版本": "5.3"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "头盔那个蓝牙耳机能用多久 零下能用不"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "12小时") || !strings.Contains(a.Text, "-20℃") {
			t.Errorf("Ask(%s) = %s %q, want 12小时 and -20℃", q, a.Status, a.Text)
		}
	})
}

// A choice between two measure words ("是一根的价格还是一副") asks how many
// one is: the value counting in either ("1副（2支）").
func TestPieceChoiceAsksCount(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-1201", "name": "雪麓 碳素雪杖", "category": "雪杖", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"规格": "1副（2支）"}, "specs": {"重量": "约210g/支（120cm）", "材质": "碳纤维"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "碳素雪杖多重 是一根的价格还是一副"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "210g") || !strings.Contains(a.Text, "1副（2支）") {
			t.Errorf("Ask(%s) = %s %q, want 210g and 1副（2支）", q, a.Status, a.Text)
		}
	})
}

// A number joined to letters that one variant's value says, inside its
// parenthesis too ("158w" of 158cm（宽板158W）), names that variant; and
// a number a named variant holds does not name another whose range holds
// it (150cm's height 158-170cm).
func TestVariantNamedByNumberCode(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-1002", "name": "雪麓 山岚 Pro 全能单板", "category": "单板", "price_cny": 2999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"腰宽": "25.0cm（146-154cm）/26.0cm（158W）"}, "variants": [{"sku": "XL-1002-146", "length": "146cm", "height_range": "150-163cm", "price_cny": 2999}, {"sku": "XL-1002-150", "length": "150cm", "height_range": "158-170cm", "price_cny": 2999}, {"sku": "XL-1002-158W", "length": "158cm（宽板158W）", "height_range": "175-190cm", "price_cny": 3199}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"山岚pro 158w多钱", "山岚pro 158cm多钱"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, "3199") || strings.Contains(a.Text, "150cm") {
				t.Errorf("Ask(%s) = %s %q, want the 158W variant at 3199, not 150cm", q, a.Status, a.Text)
			}
		}
	})
}

// A question with a list clause and a ranking clause ("在卖的单板有哪几块
// 最便宜的多少") lists the members on sale, each with what the ranking
// asks.
func TestListBesideRanking(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-1001", "name": "雪麓 山岚 全能单板（2023款）", "category": "单板", "price_cny": 2699, "channels": ["tmall"], "launched": "2023-01-01", "discontinued": "2025-06-30", "specs": {"腰宽": "25.0cm"}, "related": []}
{"id": "XL-1002", "name": "雪麓 山岚 Pro 全能单板", "category": "单板", "price_cny": 2999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"腰宽": "25.0cm"}, "related": []}
{"id": "XL-1003", "name": "雪麓 青檐 公园单板", "category": "单板", "price_cny": 2399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"软硬度": "4/10"}, "related": []}
{"id": "XL-1004", "name": "雪麓 初雪 入门单板", "category": "单板", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"软硬度": "3/10"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "现在在卖的单板有哪几块 最便宜的多少"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, w := range []string{"山岚 Pro", "青檐", "初雪", "1299"} {
			if !strings.Contains(a.Text, w) || strings.Contains(a.Text, "2699") {
				t.Errorf("Ask(%s) = %s %q, want %s among the boards on sale (not the 2023 one)", q, a.Status, a.Text, w)
			}
		}
	})
}

// Whether a thing fits another ("S1套得上吗") is answered by what the
// knowledge says it fits (适配说明), not by a device named with the same
// characters (电源适配器型号).
func TestFitAsksWhatItFits(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QS-4002", "name": "启思学习平板S1", "category": "学习设备", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"屏幕": "10.1英寸", "电源适配器型号": "QS-PA10"}, "related": []}
{"id": "QS-4003", "name": "启思学习平板S2", "category": "学习设备", "price_cny": 2599, "channels": ["tmall"], "launched": "2024-06-01", "specs": {"屏幕": "11英寸", "电源适配器型号": "QS-PA20"}, "related": []}
{"id": "QS-4006", "name": "启思学习平板S2磁吸保护套", "category": "配件", "price_cny": 129, "channels": ["tmall"], "launched": "2024-06-01", "attributes": {"适配说明": "仅适配启思学习平板S2，不适配S1"}, "specs": {"材质": "PU皮革"}, "related": [{"type": "compatible_with", "id": "QS-4003"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "S2的保护壳 S1套得上吗"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "不适配S1") || strings.Contains(a.Text, "QS-PA") {
			t.Errorf("Ask(%s) = %s %q, want 不适配S1 (and no power adapter)", q, a.Status, a.Text)
		}
	})
}

// A variant is named by its product's words and its own value run together
// ("金柚自然级": 金柚…地板 自然级), where another product's variant has the
// same value; and a bare value said after one product's variant ("那自然级
// 呢") is that product's.
func TestVariantOfNamedProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-1001", "name": "木屿金柚·缅甸柚木实木地板", "category": "实木地板", "price_cny": 598, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "18mm"}, "variants": [{"sku": "MY-1001-N", "grade": "自然级", "price_cny": 598}, {"sku": "MY-1001-P", "grade": "优选级", "price_cny": 698}], "related": []}
{"id": "MY-1002", "name": "木屿北美黑胡桃实木地板", "category": "实木地板", "price_cny": 798, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "18mm"}, "variants": [{"sku": "MY-1002-N", "grade": "自然级", "price_cny": 798}, {"sku": "MY-1002-P", "grade": "优选级", "price_cny": 898}], "related": []}
{"id": "MY-3001", "name": "木屿净醛·强化复合地板", "category": "强化复合地板", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "8mm"}, "related": []}
{"id": "MY-5103", "name": "木屿金柚实木楼梯踏步板", "category": "辅料", "price_cny": 368, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "40mm"}, "related": []}
{"id": "MY-8005", "name": "木屿自流平找平服务", "category": "铺装服务", "price_cny": 35, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "3-5mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string][]string{"金柚自然级多少钱一平": {"598"}, "金柚优选级的多少钱一平？那自然级呢": {"698", "598"}} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			for _, w := range want {
				if !strings.Contains(a.Text, w) || strings.Contains(a.Text, "798") {
					t.Errorf("Ask(%s) = %s %q, want the teak floor's %v, not the walnut's 798", q, a.Status, a.Text, want)
					break
				}
			}
		}
	})
}

// A variant's code typed as one word ("5ug6" of "疾风JF-5 羽毛球拍 5U G6")
// names it, and 什么价 asks its price.
func TestVariantCodeTypedAsOneWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YL-1003", "name": "羽翎 疾风JF-5 羽毛球拍", "category": "羽毛球拍", "price_cny": 459, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"平衡点": "约285mm"}, "variants": [{"sku": "YL-1003-4UG5", "weight": "4U", "grip": "G5", "price_cny": 459}, {"sku": "YL-1003-5UG5", "weight": "5U", "grip": "G5", "price_cny": 479}, {"sku": "YL-1003-5UG6", "weight": "5U", "grip": "G6", "price_cny": 489}], "related": []}
{"id": "YL-1002", "name": "羽翎 锋影FY-9 羽毛球拍", "category": "羽毛球拍", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"平衡点": "约300mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "疾风jf5 5ug6什么价"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !slices.Contains(a.Trace.LinkedEntities, "YL-1003-5UG6") || !strings.Contains(a.Text, "489") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the 5U G6 variant's 489", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
		q = "锋影fy9什么价 平衡点多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "899") || !strings.Contains(a.Text, "300mm") {
			t.Errorf("Ask(%s) = %s %q, want its price 899 and balance point 300mm", q, a.Status, a.Text)
		}
	})
}

// A model code names the model, not another line of it ("p5": 闪电 P5, not
// 闪电 P5 Pro, however plain its name); and "每个容量多少钱" goes through
// each capacity: it asks no amount called 容量 of its own.
func TestCodeNotItsLine(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-3001", "name": "芯垒 闪电 P5 PCIe 4.0 固态硬盘", "category": "固态硬盘", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"接口": "M.2 NVMe"}, "variants": [{"sku": "XL-3001-512", "capacity": "512GB", "price_cny": 299}, {"sku": "XL-3001-1T", "capacity": "1TB", "price_cny": 469}], "related": []}
{"id": "XL-3002", "name": "芯垒 闪电 P5 Pro 散热片版固态硬盘", "category": "固态硬盘", "price_cny": 529, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"接口": "M.2 NVMe"}, "variants": [{"sku": "XL-3002-1T", "capacity": "1TB", "price_cny": 529}, {"sku": "XL-3002-2T", "capacity": "2TB", "price_cny": 949}], "related": []}
{"id": "XL-3003", "name": "芯垒 闪电 P6 PCIe 5.0 固态硬盘", "category": "固态硬盘", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"接口": "M.2 NVMe"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "闪电p5每个容量多少钱 列一下"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "469") || strings.Contains(a.Text, "529") {
			t.Errorf("Ask(%s) = %s %q, want the P5's capacities (469), not the P5 Pro's (529)", q, a.Status, a.Text)
		}
		q = "闪电p5 pro多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "529") {
			t.Errorf("Ask(%s) = %s %q, want the P5 Pro's 529", q, a.Status, a.Text)
		}
	})
}

// How thick a round thing is (多粗, gauge) asks its diameter: the key named
// with 径, not any length.
func TestDiameterAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YL-2002", "name": "羽翎 穿云CY-63 高弹羽毛球线", "name_en": "YULING Cloud CY-63 Badminton String", "category": "羽毛球线", "price_cny": 45, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"线径": "0.63mm", "长度": "10m（单条）"}, "related": []}
{"id": "YL-2001", "name": "羽翎 穿云CY-70 耐打羽毛球线", "name_en": "YULING Cloud CY-70 Badminton String", "category": "羽毛球线", "price_cny": 35, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"线径": "0.70mm", "长度": "10m（单条）"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"cy63线多粗", "what gauge is the CY-63 string"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if !strings.Contains(a.Text, "0.63mm") || strings.Contains(a.Text, "10m") {
				t.Errorf("Ask(%s) = %s %q, want its diameter 0.63mm, not its length", q, a.Status, a.Text)
			}
		}
	})
}

// Two variants of one product compared by their own words name both, where
// one is written in Latin letters ("wifi版") and the other's word other
// products' variants share (标准版).
func TestComparedVariantsSharedWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-1001", "name": "芯垒 B650M 战舰 主板", "category": "主板", "price_cny": 999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"芯片组": "AMD B650"}, "variants": [{"sku": "XL-1001-STD", "edition": "标准版", "price_cny": 999}, {"sku": "XL-1001-WIFI", "edition": "WiFi版", "price_cny": 1099}], "related": []}
{"id": "XL-5004", "name": "芯垒 冰川 360 一体式水冷散热器", "category": "散热器", "price_cny": 569, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"冷排尺寸": "360mm"}, "variants": [{"sku": "XL-5004-STD", "edition": "标准版", "price_cny": 569}, {"sku": "XL-5004-LCD", "edition": "屏显版", "price_cny": 769}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "b650m战舰wifi版多少钱 跟标准版差多少"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1099") || !strings.Contains(a.Text, "999") || strings.Contains(a.Text, "569") {
			t.Errorf("Ask(%s) = %s %q, want both editions, 1099 and 999", q, a.Status, a.Text)
		}
	})
}

// A side of a comparison that names a model by a word and its number
// ("翎王和翎5", where 翎 is the brand's too) links the one product whose
// name holds that run.
func TestComparedNumberedModel(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YL-3001", "name": "羽翎 翎王No.1 比赛级鹅毛羽毛球", "category": "羽毛球", "price_cny": 139, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"羽毛": "鹅毛"}, "related": []}
{"id": "YL-3002", "name": "羽翎 翎5 训练级鸭毛羽毛球", "category": "羽毛球", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"羽毛": "鸭毛"}, "related": []}
{"id": "YL-3004", "name": "羽翎 翎8 训练羽毛球", "category": "羽毛球", "price_cny": 45, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"羽毛": "鸭毛"}, "related": []}
{"id": "YL-1002", "name": "羽翎 锋影FY-9 羽毛球拍", "category": "羽毛球拍", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"平衡点": "约300mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "翎王和翎5差在哪 价格差多少"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "139") || !strings.Contains(a.Text, "59") || strings.Contains(a.Text, "45元") {
			t.Errorf("Ask(%s) = %s %q, want both prices, 139 and 59", q, a.Status, a.Text)
		}
	})
}

// The variant of a product that is for another product the question names
// (a protection card's 网球拍 variant, for a tennis racket) is the one
// asked about.
func TestVariantForOtherProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YL-6002", "name": "羽翎 球拍意外保障卡", "category": "服务", "price_cny": 69, "channels": ["wechat"], "launched": "2024-01-01", "attributes": {"使用说明": "须在球拍签收后30天内绑定拍框序列号"}, "variants": [{"sku": "YL-6002-BD", "fits": "羽毛球拍", "price_cny": 69}, {"sku": "YL-6002-TN", "fits": "网球拍", "price_cny": 99}], "related": []}
{"id": "YL-1101", "name": "羽翎 破风PF100 网球拍", "category": "网球拍", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"拍面": "100平方英寸"}, "related": []}
{"id": "YL-1002", "name": "羽翎 锋影FY-9 羽毛球拍", "category": "羽毛球拍", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"平衡点": "约300mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "买的pf100 能买那个断拍保障卡吗 多少钱"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !slices.Contains(a.Trace.LinkedEntities, "YL-6002-TN") || !strings.Contains(a.Text, "99元") || strings.Contains(a.Text, "69元") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the card's 网球拍 variant at 99元, not 69元", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// Of two products a question names alike ("磐石spc"), a number said
// without its unit ("0.5耐磨层") names the one with a variant that writes
// it (0.5mm), not the other whose own facts say 0.5mm.
func TestNumberWithoutUnitPicksProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-4001", "name": "木屿磐石·SPC石塑锁扣地板", "category": "SPC石塑地板", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "1220×180mm"}, "variants": [{"sku": "MY-4001-03", "wear_layer": "0.3mm", "abrasion": "≥5000转", "price_cny": 129}, {"sku": "MY-4001-05", "wear_layer": "0.5mm", "abrasion": "≥10000转", "price_cny": 159}], "related": []}
{"id": "MY-4002", "name": "木屿磐石·SPC鱼骨拼地板", "category": "SPC石塑地板", "price_cny": 169, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"规格": "615×123mm", "耐磨层": "0.5mm", "耐磨转数": "≥10000转"}, "related": []}
{"id": "MY-3001", "name": "木屿净醛·强化复合地板", "category": "强化复合地板", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"耐磨转数": "≥9000转"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "磐石spc 0.5耐磨层的多少钱一平"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "159") || strings.Contains(a.Text, "169") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the 0.5mm variant's 159, not the herringbone floor's 169", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// A model code the product and its accessories all carry ("air3") names
// the product where the question says no word of an accessory's name, and
// the accessory where it does ("air3电池").
func TestCodeNamesProductNotAccessory(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-1003", "name": "云隼 Air 3 双摄航拍无人机", "category": "航拍无人机", "price_cny": 6988, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"机身存储": "8GB", "起飞重量": "720g"}, "related": []}
{"id": "YS-2003", "name": "云隼 Air 3 智能飞行电池", "category": "智能飞行电池", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约267g", "电池能量": "62.6Wh"}, "related": [{"type": "compatible_with", "id": "YS-1003"}]}
{"id": "YS-2302", "name": "云隼 Air 3 充电管家", "category": "充电配件", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池槽位": "4个"}, "related": [{"type": "compatible_with", "id": "YS-2003"}]}
{"id": "YS-1002", "name": "云隼 Mini 2 迷你航拍无人机", "category": "航拍无人机", "price_cny": 2499, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"机身存储": "2GB", "起飞重量": "249g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "air3机身自带内存多大"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "8GB") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the drone's 8GB", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
		q = "air3电池多重"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "267g") || strings.Contains(a.Text, "720g") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the battery's 267g", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// A number joined to letters that the question says outside the names
// ("4k") asks the attribute whose value writes it whole (4K/120fps), not
// one that writes it inside a longer code (24K).
func TestCodeWordAsksItsValue(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-1004", "name": "云隼 Pro 5 专业航拍无人机", "category": "航拍无人机", "price_cny": 13888, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"起飞重量": "958g", "视频分辨率": "5.1K/50fps，4K/120fps", "机身涂层": "24K镀金标识"}, "related": []}
{"id": "YS-1002", "name": "云隼 Mini 2 迷你航拍无人机", "category": "航拍无人机", "price_cny": 2499, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"起飞重量": "249g", "视频分辨率": "4K/60fps"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "pro5 4k最高能拍多少帧"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "4K/120fps") || strings.Contains(a.Text, "24K") {
			t.Errorf("Ask(%s) = %s %q, want the video resolutions (4K/120fps), not the 24K coating", q, a.Status, a.Text)
		}
	})
}

// A verb with its aspect particle ("戴过") is covered by text that says
// the verb in a word of its own (佩戴): the question is answered.
func TestAspectParticleCovered(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HK-1002", "name": "衡刻 远山38 自动机械表", "category": "机械表", "price_cny": 1899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"表壳直径": "38mm"}, "related": []}
`,
		"policies/hk-returns.md": `---
id: hk-returns
title: 退换货政策
channels: all
applies_to: all
effective_from: 2025-01-01
effective_to: null
supersedes: null
---

# 退换货政策

## 一、无理由退货

手表自签收次日起15天内可申请无理由退货。须同时满足：保护膜未撕除、无佩戴痕迹、包装齐全。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "表收到第10天 膜没撕也没戴过 能退不"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "15天") {
			t.Errorf("Ask(%s) = %s %q, want the 15-day return rule", q, a.Status, a.Text)
		}
	})
}

// A Chinese word and the number after it that one product's name alone
// holds ("经纬40") names that model where nothing else in the question
// names a product; a number in a unit ("保养3年") names none.
func TestNumberedModelLinked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HK-1004", "name": "衡刻 经纬40 GMT自动表", "category": "机械表", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水": "100m"}, "related": []}
{"id": "HK-1002", "name": "衡刻 远山38 自动机械表（二代）", "category": "机械表", "price_cny": 1899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水": "50m"}, "related": []}
{"id": "HK-2003", "name": "衡刻 城际40 石英表", "category": "石英表", "price_cny": 1099, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水": "30m"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "经纬40要保养了 防水多少米"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !slices.Contains(a.Trace.LinkedEntities, "HK-1004") || !strings.Contains(a.Text, "100m") {
			t.Errorf("Ask(%s) = %s %q linking %v, want 经纬40 (HK-1004) and its 100m", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// A variant value word that other products' names hold ("开关" of an
// installation service's 开关/插座 variant, beside the switches) names no
// variant: the question is about the switch.
func TestVariantWordOfOtherNames(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QL-9501", "name": "栖联上门安装服务", "category": "服务", "price_cny": 20, "channels": ["wechat"], "launched": "2024-01-01", "attributes": {"计价说明": "一个86型暗盒为1个点位"}, "variants": [{"sku": "QL-9501-SW", "edition": "开关/插座/中枢屏（每点位）", "price_cny": 30}, {"sku": "QL-9501-SN", "edition": "传感器/网关（每点位）", "price_cny": 20}], "related": []}
{"id": "QL-2001", "name": "栖联智能墙壁开关 S1 零火版", "category": "智能开关", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"每路最大负载": "阻性负载800W / LED灯具200W"}, "variants": [{"sku": "QL-2001-1", "gang": "单键", "price_cny": 129}, {"sku": "QL-2001-3", "gang": "三键", "price_cny": 169}], "related": []}
{"id": "QL-2002", "name": "栖联智能墙壁开关 S1 单火版", "category": "智能开关", "price_cny": 119, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"每路最大负载": "LED灯具100W"}, "related": []}
{"id": "QL-2003", "name": "栖联Wi-Fi墙壁开关 W1 零火版", "category": "智能开关", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"每路最大负载": "LED灯具150W"}, "related": []}
{"id": "QL-2004", "name": "栖联无线场景开关 K1", "category": "智能开关", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"供电": "CR2032"}, "related": []}
{"id": "QL-2005", "name": "栖联单火开关 E1", "category": "智能开关", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"每路最大负载": "LED灯具60W"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "三开的零火开关多少钱 每路能带多大瓦数的灯"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "200W") || slices.Contains(a.Trace.LinkedEntities, "QL-9501-SW") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the switch's 200W, not the service", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// English words several English names hold ("Chaoxi 42" of a watch, its
// bracelet and its set) name the one the others are parts or sets of.
func TestSharedEnglishWordsNameMain(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HK-1003", "name": "衡刻 潮汐42 潜水自动表", "name_en": "HENGKE Chaoxi 42 Automatic Diver", "category": "机械表", "price_cny": 2799, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水": "300m"}, "variants": [{"sku": "HK-1003-BK", "dial": "黑盘", "price_cny": 2799}, {"sku": "HK-1003-GR", "dial": "墨绿盘", "price_cny": 3099}], "related": []}
{"id": "HK-3007", "name": "衡刻 潮汐42 专用精钢表带", "name_en": "HENGKE Chaoxi 42 Steel Bracelet", "category": "表带", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"表耳宽度": "22mm"}, "related": [{"type": "compatible_with", "id": "HK-1003"}]}
{"id": "HK-5002", "name": "衡刻 潮汐42 双表带套装", "name_en": "HENGKE Chaoxi 42 Diver Two-Strap Set", "category": "套装", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"件数": "2件"}, "related": [{"type": "set_contains", "id": "HK-1003"}, {"type": "set_contains", "id": "HK-3007"}]}
{"id": "HK-1002", "name": "衡刻 远山38 自动机械表", "name_en": "HENGKE Yuanshan 38 Automatic", "category": "机械表", "price_cny": 1899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水": "100m"}, "related": []}
{"id": "HK-1004", "name": "衡刻 经纬40 GMT自动表", "name_en": "HENGKE Jingwei 40 GMT", "category": "机械表", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水": "100m"}, "related": []}
{"id": "HK-2001", "name": "衡刻 晨曦28 石英女表", "name_en": "HENGKE Chenxi 28 Quartz", "category": "石英表", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水": "30m"}, "related": []}
{"id": "HK-2003", "name": "衡刻 城际40 石英表", "name_en": "HENGKE Chengji 40 Quartz", "category": "石英表", "price_cny": 1099, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水": "50m"}, "related": []}
`,
	}
	// (Enough other products that the words the three share are no brand.)
	for k, n := range []string{"Yunhai", "Xingye", "Qiushui", "Mingyue", "Songtao", "Lanting", "Beichen", "Nanfeng", "Xishan", "Donghu"} {
		sources["products.jsonl"] += fmt.Sprintf(`{"id": "HK-70%02d", "name": "衡刻 %s 腕表%d", "name_en": "HENGKE %s Watch", "category": "石英表", "price_cny": 999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水": "30m"}, "related": []}
`, k, n, k, n)
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "What dial colours does the Chaoxi 42 come in, and how much is each?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !slices.Contains(a.Trace.LinkedEntities, "HK-1003") || !strings.Contains(a.Text, "3099") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the watch (HK-1003) and its dials' prices", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// A question about falling short of a threshold ("不到20平") gets the
// rule for what falls short of it (不足20㎡的…), not only the rule for
// reaching it.
func TestBelowThresholdRule(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-2001", "name": "木屿森语·多层实木复合地板", "category": "实木复合地板", "price_cny": 258, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "15mm"}, "related": []}
`,
		"policies/my-shipping.md": `---
id: my-shipping
title: 配送与运费说明
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 配送与运费说明

## 一、地板（物流配送）

1. 地板按整箱发货，下单面积不足一箱的按一箱计。
2. 单笔订单地板满20㎡，免费配送到楼下；不足20㎡的，收取物流费150元/单。
3. 上楼搬运：有电梯的免费搬运入户；无电梯的按每箱每层3元收取搬运费。

## 二、护理用品（快递）

1. 单笔实付满99元包邮，未满99元收取运费8元。
2. 新疆、西藏、青海可快递，运费15元/单，满199元包邮。

## 三、发货时效

1. 现货地板：付款后48小时内出库，物流到货一般3-7天。
2. 定制地板：付款后15天内发货。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "地板买的不到20平 要运费不 多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "150元") {
			t.Errorf("Ask(%s) = %s %q, want the 150元 charge below 20㎡", q, a.Status, a.Text)
		}
	})
}

// "桨叶一共有几种": a question asking how many kinds of a thing there are
// lists every product on sale of its kind whose name carries the word, not
// the plainest alone, and not a product of another kind that carries it.
func TestKindsListedByWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-2101", "name": "云隼 Mini 2 低噪桨叶", "category": "螺旋桨", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"桨叶尺寸": "6.0英寸"}, "related": []}
{"id": "YS-2102", "name": "云隼 Air 3 低噪桨叶（2对装）", "category": "螺旋桨", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"桨叶尺寸": "8.8英寸"}, "related": []}
{"id": "YS-2103", "name": "云隼 Pro 5 低噪桨叶（2对装）", "category": "螺旋桨", "price_cny": 149, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"桨叶尺寸": "9.4英寸"}, "related": []}
{"id": "YS-2501", "name": "云隼 Mini 2 桨叶保护罩", "category": "保护配件", "price_cny": 69, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约37g"}, "related": []}
{"id": "YS-1003", "name": "云隼 Air 3 双摄航拍无人机", "category": "航拍无人机", "price_cny": 6988, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"起飞重量": "720g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你们桨叶一共有几种 各多少钱"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, p := range []string{"39元", "89元", "149元"} {
			if !strings.Contains(a.Text, p) {
				t.Errorf("Ask(%s) = %s %q, want every propeller's price (%s missing)", q, a.Status, a.Text, p)
			}
		}
		if slices.Contains(a.Trace.LinkedEntities, "YS-2501") {
			t.Errorf("Ask(%s) links the propeller guard: %v", q, a.Trace.LinkedEntities)
		}
	})
}

// A word of a refill's name that is half of a key of its product
// ("滤芯" of 滤芯寿命) names the refill when the question says nothing
// of the key's other half: "花洒 滤芯用完了 多少钱" asks the refill's
// price, not the shower head's.
func TestRefillWordHalfOfMainKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QY-1501", "name": "沁源维C过滤花洒", "category": "过滤花洒", "price_cny": 159, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"过滤介质": "维C滤芯+KDF", "滤芯寿命": "约2个月"}, "related": []}
{"id": "QY-1502", "name": "沁源维C花洒替换滤芯（3支装）", "category": "替换滤芯", "price_cny": 69, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"数量": "3支/盒"}, "related": [{"type": "refill_of", "id": "QY-1501"}]}
{"id": "QY-1201", "name": "沁源龙头净水器F1", "category": "龙头净水器", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"滤芯寿命": "约3个月"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "花洒的滤芯用完了 多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !slices.Contains(a.Trace.LinkedEntities, "QY-1502") || !strings.Contains(a.Text, "69") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the refill (QY-1502) and its 69元", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
		// The key said with its other half stays the product's.
		q = "花洒滤芯寿命多久"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "约2个月") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the shower head's 约2个月", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// A table row of a product the question names, in a column it names
// ("x5pro 换个电池多少钱": the repair price list's row "X5 Pro", column
// 电池), answers what the product's facts do not, though a row of figures
// shares few words with the question: the search finds it by the product
// (tableHits), and the composer takes the row ("X5 Pro", not "X5").
func TestTableRowOfNamedProduct(t *testing.T) {
	policy := func(id, title, body string) string {
		return "---\nid: " + id + "\ntitle: " + title + "\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# " + title + "\n\n" + body
	}
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-1001", "name": "曜石 X5 Pro", "category": "手机", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池容量": "5000mAh", "屏幕": "6.78英寸"}, "related": []}
{"id": "YS-1002", "name": "曜石 X5", "category": "手机", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池容量": "4800mAh"}, "related": []}
{"id": "YS-1003", "name": "曜石 Q3", "category": "手机", "price_cny": 1199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池容量": "5500mAh"}, "related": []}
`,
		"policies/repair.md": policy("repair", "保外维修备件价格", "以下价格为保外维修的一口价，单位：元。\n\n"+
			"| 机型 | 屏幕总成 | 电池 | 后盖 |\n|---|---|---|---|\n| X5 | 1199 | 199 | 299 |\n| X5 Pro | 1499 | 229 | 349 |\n| Q3 | 499 | 159 | 129 |\n"),
		"policies/members.md":    policy("members", "会员积分规则", "1. 黑曜会员每年可享1次保外电池免费更换。\n2. 会员积分可抵扣现金。\n3. 会员生日当月赠配件券。\n"),
		"policies/battery.md":    policy("battery", "电池使用说明", "1. 电池健康度低于80%建议更换电池。\n2. 换电池请预约寄修，电池为消耗品。\n3. 电池在保修期内免费更换。\n"),
		"policies/repair-how.md": policy("repair-how", "寄修服务说明", "1. 换电池、换屏幕请在小程序预约寄修。\n2. 维修多少钱以检测报价为准。\n3. 电池更换一般3个工作日寄回。\n"),
	}
	// Rules that share the question's words, as a brand's many do.
	for i, w := range []string{"以旧换新", "延长保修", "会员等级", "充电器", "电池保养", "门店服务", "寄修须知", "积分商城"} {
		sources[fmt.Sprintf("policies/p%d.md", i)] = policy(fmt.Sprintf("p%d", i), w+"说明", fmt.Sprintf("1. %s：会员用了两年的手机想换电池，可以免费咨询。\n2. %s多少钱以页面为准。\n3. 黑曜会员%s享优先服务。\n", w, w, w))
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "x5pro用了快两年 想换个电池 多少钱 我是黑曜会员能免费吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "229") || strings.Contains(a.Text, "199") {
			t.Errorf("Ask(%s) = %s %q, want the X5 Pro row's 229 (not the X5's 199)", q, a.Status, a.Text)
		}
	})
}

// "疾风8": a line's word and the number of a model whose code writes
// letters before it (疾风 R8) links that model, not the line's others.
func TestNumberedModelWithoutCodeLetters(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "FC-1001", "name": "风骋 疾风 R7 碳纤维公路车", "category": "公路车", "price_cny": 9999, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"车架材质": "T700碳纤维"}, "related": []}
{"id": "FC-1002", "name": "风骋 疾风 R8 碳纤维公路车", "category": "公路车", "price_cny": 12999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"车架材质": "T800碳纤维"}, "related": []}
{"id": "FC-1003", "name": "风骋 疾风 R9 Aero 碳纤维公路车", "category": "公路车", "price_cny": 21999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"车架材质": "T1000碳纤维"}, "related": []}
{"id": "FC-1101", "name": "风骋 逐风 A3 铝合金公路车", "category": "公路车", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"车架材质": "6061铝合金"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "疾风8的车架是什么材质"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !slices.Contains(a.Trace.LinkedEntities, "FC-1002") || !strings.Contains(a.Text, "T800") {
			t.Errorf("Ask(%s) = %s %q linking %v, want 疾风 R8 (FC-1002) and its T800", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// A key of one character ("钙" of a nutrition list) said in the question
// ("含钙多少") is asked.
func TestOneCharacterKey(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MC-5002", "name": "牧澄 学生成长奶粉", "category": "儿童奶粉", "price_cny": 158, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适用年龄": "3-15岁", "蛋白质": "≥20g/100g", "钙": "900mg/100g", "锌": "5mg/100g", "净含量": "800g（罐装）"}, "related": []}
{"id": "MC-5001", "name": "牧澄 中老年高钙奶粉", "category": "成人奶粉", "price_cny": 128, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"钙": "1200mg/100g", "净含量": "800g（罐装）"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "学生奶粉适合几岁喝 含钙多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "900mg/100g") || !strings.Contains(a.Text, "3-15岁") {
			t.Errorf("Ask(%s) = %s %q, want its 900mg/100g of 钙 and 3-15岁", q, a.Status, a.Text)
		}
	})
}

// "q3 8+256跟12+256差多少钱": values of numbers in units joined by a sign
// (8GB+256GB), said with their units left out, name those variants.
func TestVariantNumbersWithoutUnits(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-1202", "name": "曜石 Q3", "category": "手机", "price_cny": 1199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池容量": "6000mAh"}, "variants": [{"sku": "YS-1202-8128", "memory": "8GB+128GB", "price_cny": 1199}, {"sku": "YS-1202-8256", "memory": "8GB+256GB", "price_cny": 1399}, {"sku": "YS-1202-12256", "memory": "12GB+256GB", "price_cny": 1599}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "q3 8+256跟12+256差多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "1399") || !strings.Contains(a.Text, "1599") {
			t.Errorf("Ask(%s) = %s %q, want 8GB+256GB's 1399 and 12GB+256GB's 1599", q, a.Status, a.Text)
		}
	})
}

// "星轨换电池 多少钱": the price of replacing a part is stated by text that
// says the part ("电池更换价格：…"), not by the product's own price, and
// the clause naming the product goes with it (石英计时（星轨）149元).
func TestPartReplacementPrice(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HK-2003", "name": "衡刻 星轨41 石英计时表", "category": "石英表", "price_cny": 1699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池型号": "SR927W", "电池寿命": "约3年"}, "related": []}
{"id": "HK-2001", "name": "衡刻 晨曦28 石英女表", "category": "石英表", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池型号": "SR626SW"}, "related": []}
`,
		"policies/service.md": "---\nid: service\ntitle: 保养与维修服务\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 保养与维修服务\n\n## 二、石英表电池更换\n\n1. 秒针每4秒跳动一次，表示电池电量低，请尽快更换。\n2. 电池更换价格：石英三针（晨曦）99元；石英计时（星轨）149元。均包含防水测试。\n3. 自行开底盖换电池导致防水失效的，不再享受保修。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "星轨换电池 多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "149元") {
			t.Errorf("Ask(%s) = %s %q, want the 149元 of replacing its battery", q, a.Status, a.Text)
		}
	})
}

// "现在换成哪款了 电池大了多少": "大了多少" asks a difference, so the
// discontinued product's value answers beside its replacement's.
func TestDifferenceAskedByLe(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-1001", "name": "曜石 X5 Pro", "category": "手机", "price_cny": 4999, "channels": ["tmall"], "launched": "2023-01-01", "discontinued": "2025-03-31", "specs": {"电池容量": "5000mAh"}, "related": []}
{"id": "YS-1002", "name": "曜石 X6 Pro", "category": "手机", "price_cny": 5499, "channels": ["tmall"], "launched": "2025-04-01", "specs": {"电池容量": "6000mAh"}, "related": [{"type": "replaces", "id": "YS-1001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "x5pro现在换成哪款了 电池大了多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "5000mAh") || !strings.Contains(a.Text, "6000mAh") {
			t.Errorf("Ask(%s) = %s %q, want both 5000mAh and 6000mAh", q, a.Status, a.Text)
		}
	})
}

// "Roman rod": an English word written as a name, whose dictionary
// translations mostly start with a word the knowledge says (罗马 of
// 罗马帝国, 罗马数字…; the knowledge's 罗马杆), is no unknown name to refuse.
func TestEnglishNameByGlossStem(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QL-6001", "name": "栖联智能窗帘电机 C1", "name_en": "QILIAN Smart Curtain Motor C1", "category": "窗帘电机", "price_cny": 499, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"适配说明": "需更换为栖联电动窗帘轨道，不能装在罗马杆上"}, "specs": {"最大负载": "50kg"}, "related": []}
{"id": "QL-6002", "name": "栖联窗帘伴侣 C2", "name_en": "QILIAN Curtain Companion C2", "category": "窗帘电机", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"适配说明": "免打孔，直接装在现有罗马杆或轨道上"}, "specs": {"最大负载": "12kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "I have a Roman rod, not a track. Can I use the C1 curtain motor?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered {
			t.Errorf("Ask(%s) = %s %q (notes %v), want an answer", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "那个2万毫安的充电宝 天猫怎么搜不到": an amount in 万 is the product's
// 20000mAh, and a unit said after a number states the value that names the
// product; it asks no charge, so the channel the question names asks
// where the product is sold.
func TestStatedAmountNamesProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-2006", "name": "曜石 20000mAh 快充移动电源", "category": "移动电源", "price_cny": 149, "channels": ["douyin"], "launched": "2024-01-01", "specs": {"电池容量": "20000mAh", "最大输出": "33W"}, "related": []}
{"id": "YS-2007", "name": "曜石 10000mAh 口袋移动电源", "category": "移动电源", "price_cny": 99, "channels": ["tmall", "douyin"], "launched": "2024-01-01", "specs": {"电池容量": "10000mAh", "最大输出": "22.5W"}, "related": []}
{"id": "YS-2003", "name": "曜石 33W 快充充电器", "category": "充电器", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大输出": "33W"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "那个2万毫安的充电宝 天猫怎么搜不到"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if !slices.Contains(a.Trace.LinkedEntities, "YS-2006") || slices.Contains(a.Trace.LinkedEntities, "YS-2007") {
			t.Errorf("Ask(%s) linked %v, want the 20000mAh power bank (YS-2006) alone", q, a.Trace.LinkedEntities)
		}
		if !strings.Contains(a.Text, "在售渠道：抖音") {
			t.Errorf("Ask(%s) = %s %q, want where it is sold (抖音)", q, a.Status, a.Text)
		}
	})
}

// "x1pro吸力多大": of the names carrying the code, the plainest is a kit of
// the accessories of another that carries it (X1 Pro 年度耗材包, of the X1
// Pro robot's dust bags and brushes): the code names the robot.
func TestCodeOfKitOfAccessories(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JT-1003", "name": "净途 X1 Pro 全能扫拖机器人", "category": "扫地机器人", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大吸力": "12000Pa", "越障高度": "4cm"}, "related": []}
{"id": "JT-4001", "name": "净途 X系列尘袋", "category": "耗材", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "3.2L"}, "related": [{"type": "compatible_with", "id": "JT-1003"}]}
{"id": "JT-4004", "name": "净途 X系列边刷", "category": "耗材", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "尼龙"}, "related": [{"type": "compatible_with", "id": "JT-1003"}]}
{"id": "JT-5001", "name": "净途 X1 Pro 年度耗材包", "category": "套装", "price_cny": 219, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"包装": "一箱发货"}, "related": [{"type": "set_contains", "id": "JT-4001"}, {"type": "set_contains", "id": "JT-4004"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "x1pro吸力多大"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !slices.Contains(a.Trace.LinkedEntities, "JT-1003") || slices.Contains(a.Trace.LinkedEntities, "JT-5001") || !strings.Contains(a.Text, "12000Pa") {
			t.Errorf("Ask(%s) = %s %q linking %v, want the robot (JT-1003) and its 12000Pa", q, a.Status, a.Text, a.Trace.LinkedEntities)
		}
	})
}

// "老陈醋和镇江香醋哪个更酸": a comparison by an adjective with 更 is by
// the keys that hold it (总酸), and by those alone.
func TestComparisonByAdjective(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WZ-2001", "name": "味臻山西老陈醋", "category": "食醋", "price_cny": 16.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"总酸": "≥6.00g/100ml", "原料": "高粱、大麦、豌豆"}, "related": []}
{"id": "WZ-2002", "name": "味臻镇江香醋", "category": "食醋", "price_cny": 9.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"总酸": "≥5.00g/100ml", "原料": "糯米、麸皮"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "老陈醋和镇江香醋哪个更酸"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "6.00g/100ml") || !strings.Contains(a.Text, "5.00g/100ml") || strings.Contains(a.Text, "糯米") {
			t.Errorf("Ask(%s) = %s %q, want both 总酸 values and no other key", q, a.Status, a.Text)
		}
	})
}

// "荣泰和你们家的按摩椅哪个更耐用": the thing compared with the brand's is
// refused though the segmenter cuts its name across the joining word
// (荣|泰和); "耳温枪跟额温枪哪个便宜", whose cut 跟额 is of a name the
// question links, is answered.
func TestComparedNameAcrossJoiningWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MQ-1003", "name": "沐憩御憩L7按摩椅", "category": "按摩椅", "price_cny": 12999, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保修": "钢架框架5年；机芯、电机3年"}, "specs": {"气囊数量": "42个"}, "related": []}
{"id": "MQ-1002", "name": "沐憩云憩S2按摩椅", "category": "按摩椅", "price_cny": 7999, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保修": "钢架框架5年；机芯、电机3年"}, "specs": {"气囊数量": "32个"}, "related": []}
{"id": "KY-2001", "name": "康屹红外额温枪F1", "category": "体温计", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"测量范围": "32.0-42.9℃"}, "related": []}
{"id": "KY-2002", "name": "康屹红外耳温枪E1", "category": "体温计", "price_cny": 149, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"测量范围": "34.0-42.2℃"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "荣泰和你们家的按摩椅哪个更耐用 用几年会坏"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(%s) = %s %q (notes %v), want it refused", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "耳温枪跟额温枪哪个便宜 能量的温度范围一样吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "129元") || !strings.Contains(a.Text, "149元") {
			t.Errorf("Ask(%s) = %s %q (notes %v), want both prices", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "帮我看下我账户里还有多少积分" looks up the customer's own account, which
// no knowledge answers: refused, though the points rules are there. "T10现在
// 还有的卖吗" asks whether it is still sold.
func TestAccountLookupAndStillSold(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JT-1001", "name": "净途 T10 扫拖机器人", "category": "扫地机器人", "price_cny": 1999, "channels": ["tmall"], "launched": "2023-04-01", "discontinued": "2025-05-31", "specs": {"续航": "150分钟"}, "related": []}
{"id": "JT-1002", "name": "净途 T20 扫拖机器人", "category": "扫地机器人", "price_cny": 2999, "channels": ["tmall"], "launched": "2025-05-20", "specs": {"续航": "180分钟"}, "related": [{"type": "replaces", "id": "JT-1001"}]}
`,
		"policies/points.md": "---\nid: points\ntitle: 会员积分规则\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 会员积分规则\n\n1. 微信小程序、官网订单，实付每1元累计1积分。\n2. 100积分抵扣1元，积分在账户中查看。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "帮我看下我账户里还有多少积分"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(%s) = %s %q, want it refused (a lookup of the customer's account)", q, a.Status, a.Text)
		}
		q = "T10跟T20续航哪个长 T10现在还有的卖吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "2025-05-31") {
			t.Errorf("Ask(%s) = %s %q, want T10's 2025-05-31 discontinuation", q, a.Status, a.Text)
		}
	})
}

// "要寄回去吗" asks whether the item goes back: the rule's sentence that
// says so answers it, though the clause has no other word.
func TestWhetherItemGoesBack(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WZ-2001", "name": "味臻山西老陈醋", "category": "食醋", "price_cny": 16.9, "channels": ["douyin"], "launched": "2024-01-01", "specs": {"总酸": "≥6.00g/100ml"}, "related": []}
`,
		"policies/douyin.md": "---\nid: douyin\ntitle: 抖音渠道售后规则\nchannels: [douyin]\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 抖音渠道售后规则\n\n## 破损包赔\n\n1. 签收后72小时内，在抖音订单页申请售后并上传外箱、破损商品照片，即可申请破损包赔。\n2. 破损商品无需寄回，审核通过后24小时内按破损商品金额退款，或按顾客选择补发。\n\n## 运费险\n\n抖音订单均赠送退货运费险。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "抖音买的醋到了碎了两瓶 箱子都湿透了 要寄回去吗 咋赔"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "无需寄回") {
			t.Errorf("Ask(%s) = %s %q, want whether it goes back (无需寄回)", q, a.Status, a.Text)
		}
	})
}

// "上门安装收钱吗" asks the fee: the rule's sentence with the fee answers.
func TestFeeAskedAsMoneyTaken(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JT-4015", "name": "净途 X系列自动上下水套件", "category": "配件", "price_cny": 299, "channels": ["tmall", "wechat"], "launched": "2024-01-01", "attributes": {"安装说明": "需专业上门安装，规则见《自动上下水上门安装服务说明》"}, "specs": {"水管长度": "3m"}, "related": []}
`,
		"policies/install.md": "---\nid: install\ntitle: 自动上下水上门安装服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 自动上下水上门安装服务说明\n\n## 预约\n\n签收后在微信小程序「服务-预约安装」提交预约，师傅48小时内联系上门。安装前请确认厨房或卫生间有进水角阀和地漏。\n\n## 费用\n\n1. 微信小程序、官网订单：免费上门安装。\n2. 天猫、抖音订单：安装费149元/次，由安装师傅上门收取。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "天猫买的上下水套件 上门安装收钱吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "149元") {
			t.Errorf("Ask(%s) = %s %q, want the 149元 fee", q, a.Status, a.Text)
		}
	})
}

// "buds3和buds3pro有啥区别": besides the keys both state and differ on,
// what each states under a key that holds the other's (降噪 beside 主动降噪
// 深度) answers.
func TestDifferenceByCounterpartKeys(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-4001", "name": "曜石 Buds 3 Pro 降噪耳机", "category": "耳机", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"佩戴方式": "入耳式"}, "specs": {"主动降噪深度": "52dB", "单次续航": "8小时", "总续航": "36小时", "防水等级": "IP55", "单耳重量": "5.2g", "蓝牙版本": "5.4", "充电接口": "USB-C"}, "related": []}
{"id": "YS-4003", "name": "曜石 Buds 3 半入耳耳机", "category": "耳机", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"佩戴方式": "半入耳式", "降噪": "仅通话降噪，不支持主动降噪"}, "specs": {"单次续航": "6.5小时", "总续航": "30小时", "防水等级": "IP54", "单耳重量": "4.1g", "蓝牙版本": "5.3", "充电接口": "Type-C"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "buds3和buds3pro有啥区别 差多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "52dB") || !strings.Contains(a.Text, "仅通话降噪") {
			t.Errorf("Ask(%s) = %s %q, want 52dB and 仅通话降噪", q, a.Status, a.Text)
		}
	})
}

// "有股哈喇味 收货20来天了 能退不": about twenty days since receipt is
// twenty days; the quality rule whose limit holds them answers.
func TestAboutDaysSinceReceipt(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WZ-3001", "name": "味臻鲜蚝油", "category": "蚝油", "price_cny": 12.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "520g"}, "related": []}
`,
		"policies/returns.md": "---\nid: returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n## 无理由退货\n\n自签收次日起7天内，商品未开封、不影响二次销售的，可申请无理由退货。\n\n## 质量问题\n\n签收后30天内且在保质期内，商品出现异味、胀袋、异物、霉变等质量问题的，可申请退货或换货。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "蚝油有股哈喇味 收货20来天了 能退不"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "30天") {
			t.Errorf("Ask(%s) = %s %q, want the 30天 quality rule", q, a.Status, a.Text)
		}
	})
}

// "双11买的 收到10天了 还能退吗", asked while the event's rule is still in
// force: the rule's section that answers (not its calendar) is gathered,
// and its 15天 answers.
func TestEventNamedWhileInForce(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WZ-1001", "name": "味臻特级头道生抽", "category": "酱油", "price_cny": 15.9, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"净含量": "500ml"}, "related": []}
`,
		"policies/returns.md": "---\nid: returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n## 无理由退货\n\n自签收次日起7天内，商品未开封、不影响二次销售的，可申请无理由退货。食品一经开封，不支持无理由退货。\n\n## 退款\n\n仓库签收退货后3个工作日内退款。\n\n## 运费\n\n非质量问题退货，寄回运费由顾客承担。\n\n## 礼盒\n\n礼盒需整盒退回，不支持拆分退货。\n\n## 质量问题\n\n签收后30天内，商品出现异味、胀袋等质量问题的，可申请退货或换货。\n",
		"policies/d11.md":     "---\nid: d11\ntitle: 2025年双11活动规则\nchannels: all\napplies_to: all\neffective_from: 2025-10-20\neffective_to: 2025-11-20\nsupersedes: null\n---\n\n# 2025年双11活动规则\n\n## 一、活动时间\n\n1. 预售期：2025-10-20 20:00 至 2025-10-31 23:59；\n2. 尾款及现货开售：2025-11-01 00:00 至 2025-11-11 23:59:59；\n3. 活动订单：2025-10-20至2025-11-11期间下单的订单。\n\n## 二、无理由退货期延长\n\n1. 活动订单中未开封的商品，无理由退货期由签收后7天延长至签收后15天。\n2. 开封规则不变：食品一经开封不支持无理由退货。\n\n## 三、满赠\n\n单笔实付满199元赠调味罐1个。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "双11买的酱油还没拆 收到10天了 还能退吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-11-18")}); !strings.Contains(a.Text, "15天") {
			t.Errorf("Ask(%s) = %s %q, want the event's 15天", q, a.Status, a.Text)
		}
	})
}

// "礼盒里都有啥": the set's own line naming its members says which of each
// (the candle's 80g), beside the members the relations name.
func TestSetMemberList(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XC-1001", "name": "香岑 山岚白茶香薰蜡烛", "category": "香薰蜡烛", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"燃烧时长": "约20小时"}, "variants": [{"sku": "XC-1001-80", "net_weight": "80g", "price_cny": 59}, {"sku": "XC-1001-200", "net_weight": "200g", "price_cny": 129}], "related": []}
{"id": "XC-2001", "name": "香岑 山岚白茶藤条香薰", "category": "藤条香薰", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"扩香时长": "约30天"}, "related": []}
{"id": "XC-9002", "name": "香岑 山岚白茶居家香氛礼盒", "category": "套装", "price_cny": 239, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"规格": "山岚白茶香薰蜡烛80g＋山岚白茶藤条香薰100ml", "单品合计价值": "188元", "包装": "自带礼盒与手提袋", "退货说明": "需整套退回"}, "specs": {"礼盒尺寸": "32×24×10cm"}, "related": [{"type": "set_contains", "id": "XC-1001"}, {"type": "set_contains", "id": "XC-2001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "居家礼盒里都有啥 单买一共多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "蜡烛80g") {
			t.Errorf("Ask(%s) = %s %q, want the set's own list (蜡烛80g)", q, a.Status, a.Text)
		}
	})
}

// "10月28号双11下的单 11月3号收到的 没用过 还能退不": a limit counted from
// receipt is a limit though it does not say 内 ("由签收后7天延长至签收后15
// 天"), and answers beside the event's calendar.
func TestReceiptLimitWithoutWithin(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "TW-3001", "name": "庭芜 SK5 园艺修枝剪", "category": "修枝剪", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大剪切直径": "20mm"}, "related": []}
`,
		"policies/returns.md": "---\nid: returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n## 无理由退货\n\n自签收次日起7天内，商品未使用、不影响二次销售的，可申请无理由退货。\n\n## 退款\n\n仓库签收退货后3个工作日内退款。\n",
		"policies/d11.md":     "---\nid: d11\ntitle: 2025年双11活动规则\nchannels: all\napplies_to: all\neffective_from: 2025-10-20\neffective_to: 2025-11-20\nsupersedes: null\n---\n\n# 2025年双11活动规则\n\n## 一、活动时间\n\n1. 预售期：2025-10-20 20:00 至 2025-10-31 23:59；\n2. 尾款及现货开售：2025-11-01 00:00 至 2025-11-11 23:59:59；\n3. 活动订单：2025-10-20至2025-11-11期间下单的订单；\n4. 本规则有效期：2025-10-20至2025-11-20，到期后恢复执行常规规则；活动订单的售后在活动结束后仍按本规则执行。\n\n## 二、无理由退货期延长\n\n1. 活动订单中的一般商品，未使用的，无理由退货期由签收后7天延长至签收后15天。\n2. 已使用工具的规则不变。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "10月28号双11下的单 11月3号收到的 修枝剪没用过 现在还能退不"
		if a := e.ask(Request{Question: q, AsOf: day("2025-11-16")}); !strings.Contains(a.Text, "15天") {
			t.Errorf("Ask(%s) = %s %q, want the event's 15天", q, a.Status, a.Text)
		}
	})
}

// "山止1.5L那个空杯多重": a quantity in another metric unit than the
// variant's (1500ml) is no model code, and names the variant.
func TestQuantityInAnotherUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZH-1003", "name": "盏禾山止大容量保温杯", "category": "保温杯", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "1000ml约520g，1500ml约650g", "口径": "66mm"}, "variants": [{"sku": "ZH-1003-1000", "capacity": "1000ml", "price_cny": 199}, {"sku": "ZH-1003-1500", "capacity": "1500ml", "price_cny": 239}], "related": []}
{"id": "ZH-1002", "name": "盏禾轻岚保温杯2代", "category": "保温杯", "price_cny": 139, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约260g", "口径": "55mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "山止1.5L那个空杯多重啊 背着爬山怕太沉"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "650g") {
			t.Errorf("Ask(%s) = %s %q, want its weight (650g)", q, a.Status, a.Text)
		}
	})
}

// "茶隐那个泡茶杯空杯多重": a word of one product's name beside a category
// whose only product is another names the product the category describes.
func TestNameWordBesideDescribingCategory(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZH-1005", "name": "盏禾茶隐茶水分离保温杯", "category": "保温杯", "price_cny": 229, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约360g", "容量": "400ml"}, "related": []}
{"id": "ZH-1002", "name": "盏禾轻岚保温杯2代", "category": "保温杯", "price_cny": 139, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约260g", "容量": "500ml"}, "related": []}
{"id": "ZH-3002", "name": "盏禾清川双层玻璃泡茶杯", "category": "泡茶杯", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约320g", "容量": "350ml"}, "related": []}
{"id": "ZH-4401", "name": "盏禾茶隐滤网替换装", "category": "替换装", "price_cny": 49, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "316不锈钢"}, "related": [{"type": "refill_of", "id": "ZH-1005"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "茶隐那个泡茶杯空杯多重"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "360g") || strings.Contains(a.Text, "320g") {
			t.Errorf("Ask(%s) = %s %q, want 茶隐's 360g, not the 泡茶杯's 320g", q, a.Status, a.Text)
		}
	})
}

// "how much does it hold" asks a volume, not a price; "what room size is it
// good for" asks an area.
func TestEnglishHoldAndRoomSize(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZH-1101", "name": "盏禾云朵随行咖啡杯", "name_en": "ZHANHE Yunduo Travel Coffee Tumbler", "category": "随行杯", "price_cny": 149, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "400ml", "重量": "约290g"}, "related": []}
{"id": "XC-5001", "name": "香岑 超声波香薰机 A1", "name_en": "XIANGCEN Ultrasonic Aroma Diffuser A1", "category": "香薰机", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"水箱容量": "150ml", "适用面积": "15-25㎡", "噪音": "≤30dB"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "How heavy is the Yunduo tumbler and how much does it hold?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "400ml") || strings.Contains(a.Text, "149") {
			t.Errorf("Ask(%s) = %s %q, want its 400ml and no price", q, a.Status, a.Text)
		}
		q = "What room size is the A1 diffuser good for?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "15-25") {
			t.Errorf("Ask(%s) = %s %q, want its 15-25㎡", q, a.Status, a.Text)
		}
	})
}

// "how long does the mountain white tea EDT last": of the products whose
// English names the question's words match alike, the one whose name says
// the Latin word it adds (EDT).
func TestLatinWordPicksAmongAlikeNames(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XC-1001", "name": "香岑 山岚白茶香薰蜡烛", "name_en": "XIANGCEN Mountain White Tea Scented Candle", "category": "香薰蜡烛", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"燃烧时长": "约20小时"}, "related": []}
{"id": "XC-2001", "name": "香岑 山岚白茶藤条香薰", "name_en": "XIANGCEN Mountain White Tea Reed Diffuser", "category": "藤条香薰", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"扩香时长": "约30天"}, "related": []}
{"id": "XC-7001", "name": "香岑 山岚白茶淡香水 EDT", "name_en": "XIANGCEN Mountain White Tea Eau de Toilette", "category": "香水", "price_cny": 239, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"留香时间": "约4-6小时", "浓度": "EDT"}, "related": []}
{"id": "XC-9002", "name": "香岑 山岚白茶居家香氛礼盒", "name_en": "XIANGCEN Mountain White Tea Home Gift Set", "category": "套装", "price_cny": 239, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"规格": "山岚白茶香薰蜡烛80g＋山岚白茶藤条香薰100ml"}, "related": [{"type": "set_contains", "id": "XC-1001"}, {"type": "set_contains", "id": "XC-2001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "how long does the mountain white tea EDT last on skin?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "4-6") {
			t.Errorf("Ask(%s) = %s %q, want the EDT's 4-6 hours", q, a.Status, a.Text)
		}
	})
}

// "盏禾智能测温保温杯 多少钱": a product linked by nothing but the brand's and
// the category's names is not the one asked about; the kind the question
// names (智能测温) is one the knowledge never mentions.
func TestBrandAndCategoryNameNoProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZH-1001", "name": "盏禾轻岚保温杯（1代）", "category": "保温杯", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "350ml", "保温效能": "6小时≥65℃"}, "related": []}
{"id": "ZH-1003", "name": "盏禾山止大容量保温杯", "category": "保温杯", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "1000ml", "保温效能": "12小时≥60℃"}, "related": []}
{"id": "ZH-3001", "name": "盏禾清川高硼硅玻璃杯", "category": "玻璃杯", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "400ml"}, "related": []}
{"id": "ZH-4001", "name": "盏禾轻岚弹跳杯盖", "category": "杯盖", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"口径": "48mm"}, "related": [{"type": "compatible_with", "id": "ZH-1001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "盏禾智能测温保温杯 盖子上能显示温度那款 多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(%s) = %s %q, want refused (no such product)", q, a.Status, a.Text)
		}
		q = "盏禾轻岚保温杯多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "129") {
			t.Errorf("Ask(%s) = %s %q, want its 129元", q, a.Status, a.Text)
		}
	})
}

// "x1能爬多陡的坡" asks an angle: the key whose value states one (50%（约
// 27°）) answers.
func TestHowSteepAsksAngle(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "TW-1003", "name": "庭芜 割草机器人 X1（RTK+视觉免埋线）", "category": "割草机器人", "price_cny": 5999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大爬坡能力": "50%（约27°）", "切割宽度": "22cm", "适用面积": "1500㎡"}, "related": []}
{"id": "TW-1002", "name": "庭芜 割草机器人 G2（边界线版）", "category": "割草机器人", "price_cny": 2999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大爬坡能力": "35%（约19°）", "切割宽度": "18cm", "适用面积": "600㎡"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "x1能爬多陡的坡 我家后院有个斜坡大概25度"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "27°") {
			t.Errorf("Ask(%s) = %s %q, want its 27°", q, a.Status, a.Text)
		}
	})
}

// "清川玻璃杯500的 想配个盖子 哪个": of the variants of the item used with
// the product, the one whose values say the number the question says.
func TestFittingVariantOfItem(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZH-3001", "name": "盏禾清川高硼硅玻璃杯", "category": "玻璃杯", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "高硼硅玻璃"}, "variants": [{"sku": "ZH-3001-350", "capacity": "350ml", "price_cny": 59}, {"sku": "ZH-3001-500", "capacity": "500ml", "price_cny": 69}], "related": []}
{"id": "ZH-4003", "name": "盏禾清川竹木杯盖", "category": "杯盖", "price_cny": 19, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"适配说明": "仅适配清川高硼硅玻璃杯，按容量选择"}, "specs": {"材质": "楠竹"}, "variants": [{"sku": "ZH-4003-75", "fits": "清川玻璃杯350ml（口径75mm）", "price_cny": 19}, {"sku": "ZH-4003-80", "fits": "清川玻璃杯500ml（口径80mm）", "price_cny": 21}], "related": [{"type": "compatible_with", "id": "ZH-3001"}]}
{"id": "ZH-1002", "name": "盏禾轻岚保温杯2代", "category": "保温杯", "price_cny": 139, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "500ml"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "清川玻璃杯500的 想配个盖子 哪个 多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "口径80mm") || strings.Contains(a.Text, "口径75mm") {
			t.Errorf("Ask(%s) = %s %q, want the lid for 500ml (口径80mm) only", q, a.Status, a.Text)
		}
	})
}

// "经纬40要保养了 多少钱": of the variants of the service used with the
// watch, the one whose values name the watch ("GMT自动（经纬）"), not the
// service's starting price; and "经纬40" names the watch, though 经纬 alone
// names the service's variant too.
func TestFittingVariantByName(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HK-1004", "name": "衡刻 经纬40 GMT自动表", "category": "机械表", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"表壳直径": "40mm"}, "related": []}
{"id": "HK-1006", "name": "衡刻 天穹40 自动表", "category": "机械表", "price_cny": 2999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"表壳直径": "40mm"}, "related": []}
{"id": "HK-1005", "name": "衡刻 潮汐42 自动潜水表", "category": "机械表", "price_cny": 4599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"表壳直径": "42mm"}, "related": []}
{"id": "HK-6001", "name": "衡刻 机械表标准保养服务", "category": "服务", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"建议周期": "每3-5年保养一次"}, "specs": {"服务周期": "4-6周"}, "variants": [{"sku": "HK-6001-3H", "tier": "三针自动（潮汐）", "price_cny": 899}, {"sku": "HK-6001-GMT", "tier": "GMT自动（经纬）", "price_cny": 1199}], "related": [{"type": "compatible_with", "id": "HK-1004"}, {"type": "compatible_with", "id": "HK-1005"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"经纬40要保养了 多少钱", "经纬40要保养了 我是金卡会员 能打几折"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "1199") {
				t.Errorf("Ask(%s) = %s %q, want the GMT service's 1199", q, a.Status, a.Text)
			}
		}
		// The word and its number name the watch, not the service whose
		// variant the word alone names.
		if a := e.ask(Request{Question: "经纬40多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "3999") || strings.Contains(a.Text, "899") {
			t.Errorf("Ask(经纬40多少钱) = %s %q, want the watch's 3999, not the service's prices", a.Status, a.Text)
		}
	})
}

// A change list's "由2000元/5000元下调为1500元/4000元" states the replaced
// rule beside the one in force: the answer quotes the rule in force
// whatever verb says the change (下调, 降, 上调), and an English question's
// "before they expire" is not a question about what was before.
func TestChangeVerbsAndBefore(t *testing.T) {
	sources := map[string]string{
		"policies/m-2025.md": `---
id: m-2025
title: 会员积分规则（2025版）
channels: all
applies_to: all
effective_from: 2025-03-01
effective_to: null
supersedes: null
---

# 会员积分规则（2025版）

## 一、积分有效期

积分自获得之日起24个月内有效，到期自动清零。

## 二、会员等级

1. 银岭会员：近12个月累计实付满1500元，购物享1.2倍积分；
2. 金岭会员：近12个月累计实付满4000元，购物享1.5倍积分。

## 三、与2024版相比的主要变化

1. 积分有效期由12个月延长至24个月；
2. 银岭、金岭会员门槛由2000元/5000元下调为1500元/4000元；
3. 楼梯搬运费由每层100元降至每层80元。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct{ q, want, not string }{
			{"金岭会员要花多少钱 有啥福利", "4000", "5000"},
			{"楼梯搬运费一层多少钱", "80元", "100元"},
			// (The replaced rule is "由12个月延长至24个月"; the tiers' "近12个月"
			// is no rule of how long points last.)
			{"How long do my points last before they expire?", "24", "由12个月"},
		} {
			a := e.ask(Request{Question: c.q, AsOf: day("2025-09-01")})
			if !strings.Contains(a.Text, c.want) || strings.Contains(a.Text, c.not) {
				t.Errorf("%q: %s %q, want %s and not the replaced %s", c.q, a.Status, a.Text, c.want, c.not)
			}
		}
	})
}

// "有没有国标转特斯拉的转接头": a word the knowledge never says, between two
// runs of a name the question links (国标转…转接头 of 国标转Type 2转接头) in
// place of what the name has there, names a thing like it that the shop
// does not have. A shortened name ("手推水管车" of 手推式水管卷盘车) is still
// the product.
func TestWordInPlaceOfNamePart(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XC-3002", "name": "星充 国标转Type 2转接头", "category": "转接头", "price_cny": 449, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适用车辆": "欧标Type 2交流接口车辆"}, "related": []}
{"id": "XC-3003", "name": "星充 手推式水管卷盘车 30m", "category": "水管", "price_cny": 259, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"水管规格": "4分管"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "有没有国标转特斯拉的转接头 多少钱", AsOf: day("2025-12-01")}); a.Status != StatusRefused || a.Reason != ReasonOutOfScope {
			t.Errorf("a Tesla adapter the shop does not sell: %s %s %q, want refused as out of scope", a.Status, a.Reason, a.Text)
		}
		if a := e.ask(Request{Question: "国标转type 2的转接头多少钱", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "449") {
			t.Errorf("the adapter it sells: %s %q, want its 449", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "手推水管车30米的多少钱", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "259") {
			t.Errorf("a shortened name: %s %q, want its 259", a.Status, a.Text)
		}
	})
}

// "约了明天上门安装 师傅叫啥 电话多少" asks who was sent to the customer's
// own booking: refused, though the installation rules name 师傅. The
// brand's hotline and what the technician charges are answered.
func TestAssignedPersonLookup(t *testing.T) {
	sources := map[string]string{
		"policies/install.md": "---\nid: install\ntitle: 上门安装服务说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 上门安装服务说明\n\n1. 安装师傅在预约后2个工作日内上门，上门前1小时电话联系顾客。\n2. 师傅不收现金，超出线缆费用35元/米，在App线上支付。\n3. 客服热线400-860-3721，服务时间每天8:30-22:00。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "约了明天上门安装 师傅叫啥 电话多少 几点到"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Ask(%s) = %s %q, want it refused (who was sent to the customer's booking)", q, a.Status, a.Text)
		}
		for q, want := range map[string]string{"客服电话多少": "400-860-3721", "安装师傅收现金吗 线超了怎么收": "35元/米"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%s) = %s %q, want %s", q, a.Status, a.Text, want)
			}
		}
	})
}

// "你们有没有出奥特曼联名的盲盒": a word of three characters the knowledge
// never uses, before 的 and a category's name, names a kind the shop does
// not have. A verb and its direction ("退回去的盲盒") and a superlative
// ("最贵的盲盒") do not.
func TestUnknownWordBeforeDe(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SQ-1001", "name": "拾趣 糯糯梦游星球系列盲盒", "category": "盲盒", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"款式": "12个常规款+1个隐藏款"}, "related": []}
{"id": "SQ-1002", "name": "拾趣 阿柚夏日汽水系列盲盒", "category": "盲盒", "price_cny": 69, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"款式": "8个常规款+1个隐藏款"}, "related": []}
`,
		"policies/returns.md": "---\nid: returns\ntitle: 退换货政策\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 退换货政策\n\n1. 盲盒拆封后不支持无理由退货。\n2. 退货商品经仓库签收后，3个工作日内原路退款。\n",
		"faq.csv":             "id,question,answer,tags\nF1,整盒买会不会重复？有没有隐藏款？,整盒内常规款不重复，隐藏款随机出现。,盲盒\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "你们有没有出奥特曼联名的盲盒", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("a collaboration the shop never made: %s %q, want refused", a.Status, a.Text)
		}
		for q, want := range map[string]string{"退回去的盲盒仓库签收了 多久退款": "3个工作日", "你家最贵的盲盒是哪款 多少钱": "69"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%s) = %s %q, want %s", q, a.Status, a.Text, want)
			}
		}
	})
}

// "有没有儿童睡衣": a thing asked for whose name shares a word with a
// linked product (睡衣) but says a word the knowledge never uses (儿童) is
// one the shop does not have. "有新疆香梨卖吗" of 库尔勒香梨, where the
// knowledge says 新疆, is the pear it sells.
func TestHadWithUnknownWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SM-3003", "name": "素眠 纯棉格纹长袖睡衣", "category": "睡衣家居服", "price_cny": 229, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料": "100%棉"}, "related": []}
{"id": "SM-3004", "name": "素眠 莫代尔短袖睡衣", "category": "睡衣家居服", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料": "莫代尔"}, "related": []}
{"id": "GL-1001", "name": "库尔勒香梨", "category": "水果", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"产地": "新疆库尔勒"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF1,睡衣怎么选码？有没有大码？,睡衣按身高体重选码，有S到XL四个码。,尺码\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "有没有儿童睡衣 给我女儿5岁穿的", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("children's pyjamas the shop does not sell: %s %q, want refused", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "有新疆香梨卖吗 多少钱", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "59") {
			t.Errorf("the pear it sells: %s %q, want its 59", a.Status, a.Text)
		}
	})
}

// A product's text found by search, its name not linked ("刻字铭牌" of 展示柜
// 铭牌刻字定制): its name's line alone states nothing and is not an
// answer's sentence.
func TestNameLineStatesNothing(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SQ-8001", "name": "拾趣 展示柜铭牌刻字定制", "category": "服务", "price_cny": 29, "channels": ["wechat", "web"], "launched": "2025-06-01", "attributes": {"渠道说明": "仅微信小程序、官网销售", "退换说明": "定制商品刻字后不支持无理由退货"}, "specs": {"铭牌尺寸": "6×1.5cm"}, "related": []}
{"id": "SQ-6001", "name": "拾趣 磁吸LED展示盒", "category": "展示", "price_cny": 89, "channels": ["tmall", "wechat", "web"], "launched": "2025-06-01", "specs": {"内部尺寸": "10×10×12cm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "刻字铭牌天猫能一起拍吗", Channel: "tmall", AsOf: day("2025-12-01")})
		for _, sent := range strings.Split(a.Text, "。") {
			if strings.HasPrefix(sent, "[") {
				sent = sent[strings.Index(sent, "]")+1:]
			}
			if strings.TrimSpace(sent) == "拾趣 展示柜铭牌刻字定制" {
				t.Errorf("Ask(刻字铭牌天猫能一起拍吗) = %s %q: a sentence that is the product's name alone", a.Status, a.Text)
			}
		}
	})
}

// "表带 运费咋算": a rule asked of a kind the question names is answered by
// the rule; the kind's members' names alone are no answer's sentences.
func TestKindRuleWithoutMemberNames(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HK-3001", "name": "衡刻 快拆小牛皮表带", "category": "表带", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "小牛皮"}, "related": []}
{"id": "HK-3002", "name": "衡刻 快拆氟橡胶表带", "category": "表带", "price_cny": 269, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "氟橡胶"}, "related": []}
`,
		"policies/shipping.md": "---\nid: shipping\ntitle: 配送与运费说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 配送与运费说明\n\n1. 配件订单单笔实付满99元包邮，未满收取运费10元。\n2. 新疆、西藏地区配件订单满199元包邮。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "只买根表带 运费咋算 满多少包邮", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "99元") || strings.Contains(a.Text, "衡刻 快拆小牛皮表带。") {
			t.Errorf("Ask(只买根表带 运费咋算) = %s %q, want the shipping rule without the straps' names alone", a.Status, a.Text)
		}
	})
}

// "积分咋抵钱 一单最多能抵多少": 抵钱, a verb with money as its object, is
// said by the rule that puts an amount in its place (100积分抵1元), which
// answers the first clause beside the cap.
func TestVerbWithMoney(t *testing.T) {
	sources := map[string]string{
		"policies/points.md":  "---\nid: points\ntitle: 会员积分规则（2025版）\nchannels: all\napplies_to: all\neffective_from: 2025-10-01\neffective_to: null\nsupersedes: null\n---\n\n# 会员积分规则（2025版）\n\n## 一、积分获取\n\n1. 微信小程序、官网订单实付每1元累计1积分。\n2. 抖音、小红书渠道订单暂不累计积分，也不支持积分抵扣。\n3. 参加《空瓶回收计划》可获得积分，规则见该计划。\n\n## 二、积分使用\n\n1. 100积分抵1元，在微信小程序、官网下单时可直接抵扣；天猫订单暂不支持积分抵扣。\n2. 单笔订单积分抵扣金额不超过订单实付金额的20%。\n\n## 三、与2024版相比的主要变化\n\n1. 积分抵扣上限由订单实付金额的10%提高至20%；\n2. 新增空瓶回收积分。\n",
		"policies/recycle.md": "---\nid: recycle\ntitle: 空瓶回收计划\nchannels: all\napplies_to: all\neffective_from: 2025-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 空瓶回收计划\n\n1. 每个空瓶可得50积分，每个补充袋可得10积分。\n2. 积分计入会员账户，需先在微信小程序或官网注册会员。\n3. 积分在空瓶验收后3个工作日内到账，积分规则按《会员积分规则》现行版本执行。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "积分咋抵钱 一单最多能抵多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "100积分抵1元") || !strings.Contains(a.Text, "20%") {
			t.Errorf("Ask(%s) = %s %q, want 100积分抵1元 and the 20%% cap", q, a.Status, a.Text)
		}
	})
}

// "刻字铭牌天猫能一起拍吗": words of one product's name said in another order
// (刻字 and 铭牌 of 展示柜铭牌刻字定制), which together no other name holds,
// name it. A word of a name that the question's next character makes a
// key's ("猫粮蛋白质": 蛋白质 of 粗蛋白质) does not.
func TestNameWordsInAnotherOrder(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SQ-8001", "name": "拾趣 展示柜铭牌刻字定制", "category": "服务", "price_cny": 29, "channels": ["wechat", "web"], "launched": "2025-06-01", "attributes": {"渠道说明": "仅微信小程序、官网销售"}, "specs": {"铭牌尺寸": "6×1.5cm"}, "related": []}
{"id": "SQ-6001", "name": "拾趣 磁吸LED展示盒", "category": "展示", "price_cny": 89, "channels": ["tmall", "wechat", "web"], "launched": "2025-06-01", "specs": {"内部尺寸": "10×10×12cm"}, "related": []}
{"id": "NZ-1001", "name": "糯爪兔肉单一蛋白低敏猫粮", "category": "猫粮", "price_cny": 169, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"粗蛋白质": "≥36%"}, "related": []}
{"id": "NZ-1002", "name": "糯爪幼猫奶糕猫粮", "category": "猫粮", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"粗蛋白质": "≥42%"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "刻字铭牌天猫能一起拍吗", Channel: "tmall", AsOf: day("2025-12-01")})
		if !slices.ContainsFunc(a.Trace.Plan.Entities, func(p kg.PlanEntity) bool { return p.ID == "SQ-8001" }) {
			t.Errorf("Ask(刻字铭牌天猫能一起拍吗) = %s %q, want 展示柜铭牌刻字定制 linked", a.Status, a.Text)
		}
		a = e.ask(Request{Question: "幼猫粮蛋白质含量多少呀", AsOf: day("2025-12-01")})
		if slices.ContainsFunc(a.Trace.Plan.Entities, func(p kg.PlanEntity) bool { return p.ID == "NZ-1001" }) {
			t.Errorf("Ask(幼猫粮蛋白质含量多少呀) = %s %q: 兔肉单一蛋白低敏猫粮 linked by 蛋白 of 蛋白质", a.Status, a.Text)
		}
	})
}

// "x1跟x2有啥区别": two products compared, asking nothing in particular,
// are answered by the keys they differ on, not by a list of one's
// variants; a shop assistant names every difference (here nine), not the
// first six.
func TestDifferenceOfTwoProducts(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XC-1001", "name": "星充 家用交流充电桩 X1（7kW）", "category": "充电桩", "price_cny": 1499, "channels": ["tmall"], "launched": "2023-03-01", "attributes": {"保修期": "主机2年"}, "specs": {"尺寸": "320×220×110mm", "工作温度": "-25℃~50℃", "漏电保护": "前端需配Type A 30mA漏电断路器", "联网": "仅蓝牙", "重量": "约5.1kg", "防护等级": "IP54", "额定电流": "32A"}, "related": []}
{"id": "XC-1002", "name": "星充 家用交流充电桩 X2（7kW）", "category": "充电桩", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-06-01", "attributes": {"保修期": "主机3年"}, "specs": {"尺寸": "290×200×98mm", "工作温度": "-30℃~55℃", "漏电保护": "内置6mA直流漏电检测", "联网": "Wi-Fi（仅2.4GHz）+蓝牙", "重量": "约4.2kg", "防护等级": "IP65", "额定电流": "32A（App可调6-32A）"}, "variants": [{"sku": "XC-1002-5", "cable": "5m", "price_cny": 1299}, {"sku": "XC-1002-7", "cable": "7m", "price_cny": 1399}, {"sku": "XC-1002-10", "cable": "10m", "price_cny": 1599}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "老款x1跟现在的x2有啥区别", AsOf: day("2025-12-01")})
		for _, want := range []string{"IP54", "IP65", "仅蓝牙", "Wi-Fi"} {
			if !strings.Contains(a.Text, want) {
				t.Errorf("Ask(老款x1跟现在的x2有啥区别) = %s %q, want %s among the differences", a.Status, a.Text, want)
			}
		}
		if strings.Contains(a.Text, "1599") {
			t.Errorf("Ask(老款x1跟现在的x2有啥区别) = %s %q: X2's variants listed", a.Status, a.Text)
		}
	})
}

// "x2和x2 lite差在哪": an accessory sold in a variant named by both
// models' codes ("X2/X2 Lite") is not what the question compares, though
// more of the question's units are in its name than in either model's.
func TestCodesOfOtherProducts(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XC-1002", "name": "星充 家用交流充电桩 X2（7kW）", "category": "充电桩", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-06-01", "specs": {"防护等级": "IP65", "重量": "约4.2kg"}, "related": []}
{"id": "XC-1004", "name": "星充 即插即充充电桩 X2 Lite（7kW）", "category": "充电桩", "price_cny": 999, "channels": ["tmall"], "launched": "2025-06-01", "specs": {"防护等级": "IP55", "重量": "约3.6kg"}, "related": []}
{"id": "XC-6003", "name": "星充 充电桩延保服务卡", "category": "服务", "price_cny": 199, "channels": ["tmall"], "launched": "2025-06-01", "specs": {"延保时长": "2年"}, "variants": [{"sku": "XC-6003-X2", "model": "X2/X2 Lite", "price_cny": 199}, {"sku": "XC-6003-P", "model": "X2 Pro", "price_cny": 299}], "related": [{"type": "compatible_with", "id": "XC-1002"}, {"type": "compatible_with", "id": "XC-1004"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "x2和x2 lite差在哪", AsOf: day("2025-12-01")})
		if slices.ContainsFunc(a.Trace.Plan.Entities, func(p kg.PlanEntity) bool { return p.ID == "XC-6003" }) || !strings.Contains(a.Text, "IP55") || !strings.Contains(a.Text, "IP65") {
			t.Errorf("Ask(x2和x2 lite差在哪) = %s %q (entities %v), want the two chargers compared and not the card", a.Status, a.Text, a.Trace.Plan.Entities)
		}
		a = e.ask(Request{Question: "x2的延保卡多少钱", AsOf: day("2025-12-01")})
		if !slices.ContainsFunc(a.Trace.Plan.Entities, func(p kg.PlanEntity) bool { return p.ID == "XC-6003" }) {
			t.Errorf("Ask(x2的延保卡多少钱) = %s %q (entities %v), want the card linked", a.Status, a.Text, a.Trace.Plan.Entities)
		}
	})
}

// "q6二代多重", "p7防水吗": a code no name carries shortens a numbered
// model's name, by the first letter of the word before its number (Pro 7)
// or of its Chinese characters' readings (轻阅6). A name that carries the
// code itself is meant before any it shortens.
func TestShortenedModelCode(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-1001", "name": "墨页 轻阅6（一代）", "category": "电子书阅读器", "price_cny": 599, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"重量": "175g"}, "related": []}
{"id": "MY-1002", "name": "墨页 轻阅6 二代", "category": "电子书阅读器", "price_cny": 699, "channels": ["tmall"], "launched": "2025-06-01", "specs": {"重量": "168g", "防水等级": "不防水"}, "related": []}
{"id": "MY-1003", "name": "墨页 阅Pro 7", "category": "电子书阅读器", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"重量": "210g", "防水等级": "IPX8"}, "related": []}
{"id": "MY-3001", "name": "墨页 书写本 N10", "category": "书写本", "price_cny": 2299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"重量": "410g"}, "related": []}
{"id": "MY-3002", "name": "墨页 笔记本 Note 10 Plus", "category": "书写本", "price_cny": 2999, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"重量": "520g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string]string{"q6二代拿手上重不重": "168g", "p7防水吗": "IPX8", "n10多重": "410g"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, want) {
				t.Errorf("Ask(%s) = %s %q, want %s", q, a.Status, a.Text, want)
			}
		}
	})
}

// "R9和R2哪个轻 轻多少", "by how much": a comparison asked by how much
// states the difference of the two values, which the verifier keeps as
// the difference of two cited numbers.
func TestDifferenceByHowMuch(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "DX-1001", "name": "铎行 R9 碳纤维赛道全盔", "name_en": "DUOXING R9 Carbon Race Helmet", "category": "全盔", "price_cny": 2599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约1280g（M码）"}, "related": []}
{"id": "DX-1002", "name": "铎行 R2 全盔", "name_en": "DUOXING R2 Full-Face Helmet", "category": "全盔", "price_cny": 999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "约1450g（M码）"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"r9和r2哪个轻 轻多少", "Which is lighter, the R9 or the R2, and by how much?"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "170g") {
				t.Errorf("Ask(%s) = %s %q, want the difference 170g", q, a.Status, a.Text)
			}
		}
		if a := e.ask(Request{Question: "r9和r2哪个贵", AsOf: day("2025-12-01")}); strings.Contains(a.Text, "1600") {
			t.Errorf("Ask(r9和r2哪个贵) = %s %q: a difference nobody asked for", a.Status, a.Text)
		}
	})
}

// "森林会员生日送啥 那个东西单买多少钱": the sentence that answers names
// several products (a service discounted, a tool, the gift); the clause
// that says the question's word (生日) names the one asked about.
func TestGiftNamedInClause(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "TW-4007", "name": "庭芜 8功能喷枪", "category": "浇灌", "price_cny": 49, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"接口": "4分快接"}, "related": []}
{"id": "TW-6001", "name": "庭芜 上门安装服务", "category": "服务", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"服务范围": "江浙沪"}, "related": []}
{"id": "TW-3001", "name": "庭芜 SK5修枝剪", "category": "手动工具", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"刀片": "SK5钢"}, "related": []}
`,
		"policies/member.md": "---\nid: member\ntitle: 会员权益说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 会员权益说明\n\n1. 繁花会员：近12个月累计消费满2000元，购物享9.5折。\n2. 森林会员：近12个月累计消费满8000元，购物享9折，上门安装服务8折，SK5修枝剪9折，生日当月赠8功能喷枪1个。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "森林会员生日送啥 那个东西单买多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "49元") {
			t.Errorf("Ask(%s) = %s %q, want the gift's price 49元", q, a.Status, a.Text)
		}
	})
}

// "破风会员生日送啥 那个单买多少钱": a word of a product's name said inside
// a longer word that the knowledge's text uses and no name has (破风会员, a
// membership tier) does not name the product (the 破风Aero helmet).
func TestNameWordInsideTextWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "FC-2601", "name": "风骋 破风Aero 公路头盔", "category": "头盔", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "260g"}, "related": []}
{"id": "FC-2701", "name": "风骋 竞速短袖骑行服", "category": "骑行服", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面料": "速干"}, "related": []}
{"id": "FC-2801", "name": "风骋 碳纤维水壶架", "category": "配件", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "18g"}, "related": []}
`,
		"policies/member.md": "---\nid: member\ntitle: 会员权益说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 会员权益说明\n\n1. 领骑会员：近12个月累计实付满8000元，生日当月赠风骋碳纤维水壶架1个。\n2. 破风会员：近12个月累计实付满20000元，生日当月赠风骋竞速短袖骑行服1件。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "破风会员生日送啥 那个单买多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "399元") || strings.Contains(a.Text, "699") {
			t.Errorf("Ask(%s) = %s %q, want the jersey's 399元 and not the helmet", q, a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "破风头盔多少钱", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "699") {
			t.Errorf("Ask(破风头盔多少钱) = %s %q, want the helmet's 699元", a.Status, a.Text)
		}
	})
}

// "公司团建订蛋糕要报销": the words before a verb of buying and the kind
// bought say who buys, not a kind of cake the shop does not have.
func TestBuyVerbBeforeKind(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-1001", "name": "麦屿 草莓云朵奶油蛋糕", "category": "生日蛋糕", "price_cny": 198, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"尺寸": "6寸"}, "related": []}
{"id": "MY-1002", "name": "麦屿 生巧黑巧慕斯", "category": "慕斯蛋糕", "price_cny": 228, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"尺寸": "6寸"}, "related": []}
{"id": "MY-1003", "name": "麦屿 芒果椰椰奶油蛋糕", "category": "生日蛋糕", "price_cny": 208, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"尺寸": "6寸"}, "related": []}
{"id": "MY-1004", "name": "麦屿 白桃乌龙慕斯蛋糕", "category": "慕斯蛋糕", "price_cny": 218, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"尺寸": "6寸"}, "related": []}
{"id": "MY-1005", "name": "麦屿 冷冻巴斯克芝士蛋糕", "category": "慕斯蛋糕", "price_cny": 89, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"净含量": "400g"}, "related": []}
`,
		"policies/invoice.md": "---\nid: invoice\ntitle: 发票说明\nchannels: all\napplies_to: all\neffective_from: 2024-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 发票说明\n\n1. 所有订单均可开具电子普通发票。\n2. 增值税专用发票仅官网订单可申请，需提供企业开票信息。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "小程序能开专票吗 公司团建订蛋糕要报销"
		if a := e.ask(Request{Question: q, Channel: "wechat", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "官网") {
			t.Errorf("Ask(%s) = %s %q, want the invoice rule", q, a.Status, a.Text)
		}
	})
}

// "草莓蛋糕8寸的多少钱": a number in a Chinese unit, as the question writes
// it, names the variant whose value it is (8寸), not the one whose range
// holds the number (10寸 serves 8-10人).
func TestVariantByNumberInChineseUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-1002", "name": "麦屿 草莓云朵奶油蛋糕", "category": "生日蛋糕", "price_cny": 198, "channels": ["wechat"], "launched": "2025-06-01", "specs": {"奶油": "动物奶油"}, "variants": [{"sku": "MY-1002-6", "size": "6寸", "servings": "2-4人", "price_cny": 198}, {"sku": "MY-1002-8", "size": "8寸", "servings": "4-6人", "price_cny": 268}, {"sku": "MY-1002-10", "size": "10寸", "servings": "8-10人", "price_cny": 368}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "草莓蛋糕8寸的多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "268") || strings.Contains(a.Text, "368") {
			t.Errorf("Ask(%s) = %s %q, want the 8寸 variant's 268元 alone", q, a.Status, a.Text)
		}
	})
}

// "脚长258mm 穿多大码": a measure between two sizes' values (255mm, 260mm)
// names those two sizes, beside the rule for choosing between them; "do
// you have it in 72mm" asks whether, not which.
func TestMeasureBetweenSizes(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "DX-5101", "name": "铎行 B1 城市短靴", "name_en": "DUOXING B1 Urban Riding Boots", "category": "骑行靴", "price_cny": 899, "channels": ["tmall"], "launched": "2024-03-01", "attributes": {"尺码建议": "按脚长选码，介于两个尺码之间选大一码"}, "specs": {"靴筒高度": "约17cm"}, "variants": [{"sku": "DX-5101-40", "size": "40", "foot": "250mm", "price_cny": 899}, {"sku": "DX-5101-41", "size": "41", "foot": "255mm", "price_cny": 899}, {"sku": "DX-5101-42", "size": "42", "foot": "260mm", "price_cny": 899}, {"sku": "DX-5101-43", "size": "43", "foot": "265mm", "price_cny": 899}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "b1短靴 脚长258mm 穿多大码"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "260mm") || !strings.Contains(a.Text, "255mm") || strings.Contains(a.Text, "265mm") {
			t.Errorf("Ask(%s) = %s %q, want the sizes of 255mm and 260mm", q, a.Status, a.Text)
		}
	})
}

// "看彩图的时候分辨率多少": a time clause ends before the amount asked, as a
// condition does; the amount is 分辨率, which the knowledge states.
func TestAmountAfterTimeClause(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-1004", "name": "墨页 彩阅C7", "category": "电子书阅读器", "price_cny": 1699, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"分辨率": "黑白300ppi，彩色150ppi", "屏幕尺寸": "7英寸"}, "related": []}
{"id": "MY-1003", "name": "墨页 阅Pro 7", "category": "电子书阅读器", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"分辨率": "300ppi", "屏幕尺寸": "7英寸"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "彩阅c7看彩图的时候分辨率多少 黑白呢"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "150ppi") {
			t.Errorf("Ask(%s) = %s %q, want 彩色150ppi", q, a.Status, a.Text)
		}
	})
}

// "不带的话要买哪个": a word 不 negates is no slip of a word of the same
// sound the knowledge says (附带).
func TestNegatedWordIsNoSlip(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-1101", "name": "墨页 书写本 N10", "category": "电子墨水书写本", "price_cny": 2299, "channels": ["tmall"], "launched": "2025-01-01", "attributes": {"包装清单": "主机、数据线（不附带手写笔）"}, "specs": {"屏幕尺寸": "10.3英寸"}, "related": []}
{"id": "MY-2001", "name": "墨页 智能笔 Pen S", "category": "手写笔", "price_cny": 169, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"压感": "4096级"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nf1,N10带笔吗,N10包装内附带说明书，手写笔需另购Pen S。,配件\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "n10 盒子里带笔吗 不带的话要买哪个 多少钱"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if slices.ContainsFunc(a.Trace.Notes, func(n string) bool { return strings.Contains(n, "read as") && strings.Contains(n, "不") }) {
			t.Errorf("Ask(%s): notes %v, want no word with 不 read by its sound", q, a.Trace.Notes)
		}
	})
}

// "咋解冻 解冻完能放几天": a key asked by its words whose value is in hours
// (解冻方法：放冷藏室解冻4-6小时) does not answer a clause asking days; the
// value written in days does (保质期：…180天；解冻后冷藏48小时内食用).
func TestDaysNotAnsweredByHours(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-2004", "name": "麦屿 冷冻纽约芝士蛋糕", "category": "慕斯蛋糕", "price_cny": 99, "channels": ["tmall"], "launched": "2024-03-01", "attributes": {"保质期": "冷冻（-18℃）180天；解冻后冷藏48小时内食用"}, "specs": {"储存条件": "-18℃冷冻保存", "解冻方法": "放冷藏室解冻4-6小时", "规格": "6寸，约550g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "冷冻纽约芝士到了咋解冻 解冻完能放几天"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "4-6小时") || !strings.Contains(a.Text, "48小时") {
			t.Errorf("Ask(%s) = %s %q, want 4-6小时 and 48小时", q, a.Status, a.Text)
		}
	})
}

// "现在在卖的阅读器有哪几款 各多少钱": a variant found by nothing but a
// word that ends a category's name (a warranty's variant 阅读器) yields to
// that category in a question that lists.
func TestListKindOverVariantWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-1002", "name": "墨页 轻阅6 二代", "category": "电子书阅读器", "price_cny": 699, "channels": ["tmall"], "launched": "2025-06-01", "specs": {"重量": "168g"}, "related": []}
{"id": "MY-1003", "name": "墨页 阅Pro 7", "category": "电子书阅读器", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"重量": "210g"}, "related": []}
{"id": "MY-1101", "name": "墨页 书写本 N10", "category": "电子墨水书写本", "price_cny": 2299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"重量": "410g"}, "related": []}
{"id": "MY-6102", "name": "墨页 延保服务（1年）", "category": "服务", "price_cny": 79, "channels": ["tmall"], "launched": "2024-03-15", "specs": {"服务内容": "延长1年"}, "variants": [{"sku": "MY-6102-R", "fits": "阅读器", "price_cny": 79}, {"sku": "MY-6102-N", "fits": "书写本", "price_cny": 129}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "现在在卖的阅读器有哪几款 各多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "699") || !strings.Contains(a.Text, "1299") {
			t.Errorf("Ask(%s) = %s %q, want the readers and their prices", q, a.Status, a.Text)
		}
	})
}

// "屏幕多大 分别多重": 分别 ("respectively") is no word of a key; the
// resolution (分辨率) is not what the clause asks.
func TestRespectivelyIsNoKeyWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-1101", "name": "墨页 书写本 N10", "category": "书写本", "price_cny": 2299, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"屏幕尺寸": "10.3英寸", "分辨率": "1872×1404（227ppi）", "重量": "410g", "电池": "3800mAh"}, "related": []}
{"id": "MY-1102", "name": "墨页 书写本 N13 Pro", "category": "书写本", "price_cny": 3999, "channels": ["tmall"], "launched": "2025-01-01", "specs": {"屏幕尺寸": "13.3英寸", "分辨率": "2200×1650（207ppi）", "重量": "575g", "电池": "5000mAh"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "n10和n13pro 屏幕多大 分别多重"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "575g") || strings.Contains(a.Text, "ppi") {
			t.Errorf("Ask(%s) = %s %q, want the weights and no resolution", q, a.Status, a.Text)
		}
	})
}

// A list of a kind no category names ("花剪有哪几把") ranges over the
// products whose names end with the kind's last character, the head of a
// Chinese compound (修枝剪, 高枝剪, 粗枝剪), on sale at the date: not a
// product whose name ends otherwise (替换刀片) or one discontinued.
func TestKindNamedByNameEnds(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YL-1001", "name": "园岭SK5修枝剪", "category": "园林工具", "price_cny": 89, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"刃长": "55mm"}, "related": []}
{"id": "YL-1002", "name": "园岭伸缩高枝剪", "category": "园林工具", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"伸缩长度": "1.8-3m"}, "related": []}
{"id": "YL-1003", "name": "园岭省力粗枝剪", "category": "园林工具", "price_cny": 139, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"最大剪径": "40mm"}, "related": []}
{"id": "YL-1004", "name": "园岭修枝剪（一代）", "category": "园林工具", "price_cny": 69, "channels": ["tmall"], "launched": "2022-01-01", "discontinued": "2024-06-30", "specs": {"刃长": "50mm"}, "related": []}
{"id": "YL-2001", "name": "园岭修枝剪替换刀片", "category": "配件", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "SK5"}, "related": []}
{"id": "YL-2002", "name": "园岭双面磨刀石", "category": "配件", "price_cny": 49, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"目数": "400/1000"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你家花剪都有哪几把 各多少钱"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, p := range []string{"89元", "199元", "139元"} {
			if !strings.Contains(a.Text, p) {
				t.Errorf("Ask(%s) = %s %q, want every shear's price (%s missing)", q, a.Status, a.Text, p)
			}
		}
		for _, p := range []string{"29元", "69元"} {
			if strings.Contains(a.Text, p) {
				t.Errorf("Ask(%s) = %q, want no blade or discontinued shear (%s)", q, a.Text, p)
			}
		}
	})
}

// A list question that says a key of what it lists ("哪些耳机支持LDAC",
// "带降噪的耳机有哪几款") lists the products that state it, and not as its
// absence (不支持, 无); asked for the absence ("不支持LDAC"), those that
// state that.
func TestListByKeyStated(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SQ-1001", "name": "声趣 Air 3 真无线耳机", "category": "真无线耳机", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"LDAC": "支持", "降噪": "主动降噪，最深-42dB"}, "related": []}
{"id": "SQ-1002", "name": "声趣 Lite 2 真无线耳机", "category": "真无线耳机", "price_cny": 159, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"LDAC": "不支持", "降噪": "无"}, "related": []}
{"id": "SQ-1003", "name": "声趣 Max 头戴耳机", "category": "头戴耳机", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"LDAC": "支持", "降噪": "自适应主动降噪"}, "related": []}
{"id": "SQ-2001", "name": "声趣 耳机收纳盒", "category": "配件", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "EVA"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct{ q, want, not string }{
			{"哪些耳机支持LDAC", "Air 3|Max", "Lite 2"},
			{"带降噪的耳机有哪几款", "Air 3|Max", "Lite 2"},
			{"哪些耳机不支持LDAC", "Lite 2", "Air 3|Max"},
		} {
			a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")})
			for _, w := range strings.Split(c.want, "|") {
				if !strings.Contains(a.Text, w) {
					t.Errorf("Ask(%s) = %s %q, want %s listed", c.q, a.Status, a.Text, w)
				}
			}
			for _, w := range strings.Split(c.not, "|") {
				if strings.Contains(a.Text, w) {
					t.Errorf("Ask(%s) = %q, want no %s", c.q, a.Text, w)
				}
			}
		}
	})
}

// A thing asked for whose head the knowledge never says ("瑜伽裤" of 瑜伽垫:
// a 裤), one described as doing what the knowledge never says ("能折叠的
// 瑜伽垫"), and one asked of a model by its code whose thing the knowledge
// never names ("m3有没有配套的收纳袋") are things the shop does not have;
// what it says ("能机洗的瑜伽垫", "能上地暖的": 地暖, "m3有没有配套的
// 背带") is answered.
func TestHadThingHeadAndDescription(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JY-1001", "name": "静语 M3 天然橡胶瑜伽垫", "category": "瑜伽垫", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "5mm", "清洗": "可机洗（30℃以下轻柔模式）", "地暖": "可铺在地暖上（表面温度30℃以下）"}, "related": []}
{"id": "JY-1002", "name": "静语 TPE双色瑜伽垫", "category": "瑜伽垫", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "8mm", "清洗": "可机洗"}, "related": []}
{"id": "JY-2001", "name": "静语 瑜伽垫背带", "category": "配件", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"长度": "150cm"}, "related": [{"type": "compatible_with", "id": "JY-1001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"你们有瑜伽裤吗 M码多少钱", "有没有能折叠的瑜伽垫", "m3有没有配套的收纳袋 多少钱"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("Ask(%s) = %s %q, want refused: the shop has no such thing", q, a.Status, a.Text)
			}
		}
		for _, c := range []struct{ q, want string }{{"有没有能机洗的瑜伽垫", "瑜伽垫"}, {"你们有能上地暖的瑜伽垫吗", "瑜伽垫"}, {"m3有没有配套的背带 多少钱", "39"}, {"你们有瑜伽垫吗 多少钱", "元"}} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) {
				t.Errorf("Ask(%s) = %s %q, want it answered with %s", c.q, a.Status, a.Text, c.want)
			}
		}
	})
}

// What a question compares with, a word the segmenter knows no word of
// ("跟倍思的比": 倍|思) and the knowledge never says, is another brand's:
// refused. A word of the language compared ("跟老款的比") is no name.
func TestComparedCoinedName(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "RC-1001", "name": "锐驰 晶透磁吸壳", "category": "手机壳", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"磁吸": "N52磁环，吸力约1200g"}, "related": []}
{"id": "RC-1002", "name": "锐驰 晶透磁吸壳（老款）", "category": "手机壳", "price_cny": 59, "channels": ["tmall"], "launched": "2023-01-01", "specs": {"磁吸": "N50磁环，吸力约900g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "你家磁吸壳跟倍思的比 哪个吸得牢", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("another brand's case compared: %s %q, want refused", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "晶透磁吸壳跟老款的比 吸力差多少", AsOf: day("2025-12-01")}); a.Status != StatusAnswered {
			t.Errorf("the brand's own old model compared: %s %q, want answered", a.Status, a.Text)
		}
	})
}

// "车载支架有哪几款": the kind is the longest run of the question that ends
// products' names, their bracketed remarks aside (…车载支架（出风口款）,
// …无线充车载支架 15W), not a series named for its last word (支架系列).
func TestKindRunOverSeriesStem(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XD-5001", "name": "迅达 磁吸车载支架（出风口款）", "category": "车载配件", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"夹口": "钩式夹"}, "related": []}
{"id": "XD-5002", "name": "迅达 磁吸车载支架（仪表台款）", "category": "车载配件", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"底座": "3M胶"}, "related": []}
{"id": "XD-5003", "name": "迅达 无线充车载支架 15W", "category": "车载配件", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"无线充电": "15W"}, "related": []}
{"id": "XD-1007", "name": "迅达 支架手机壳", "category": "手机壳", "series": "支架系列", "price_cny": 109, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"支架": "隐藏式金属支架"}, "related": []}
{"id": "XD-3103", "name": "迅达 充电宝 10000 支架款", "category": "移动电源", "series": "支架系列", "price_cny": 229, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"支架": "折叠支架"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "车载支架你家有哪几款 各多少钱"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, p := range []string{"99元", "129元", "199元"} {
			if !strings.Contains(a.Text, p) {
				t.Errorf("Ask(%s) = %s %q, want every car mount's price (%s missing)", q, a.Status, a.Text, p)
			}
		}
		for _, p := range []string{"109元", "229元"} {
			if strings.Contains(a.Text, p) {
				t.Errorf("Ask(%s) = %q, want no product of the stand series (%s)", q, a.Text, p)
			}
		}
	})
}

// Words that name no thing are not refused as things the shop lacks:
// whether it is sold ("你们有卖吗多少钱"), a preposition before the thing it
// takes ("能把旧手电筒拿来"), the customer's own pronoun beside a compared
// model ("跟l2我用哪个").
func TestNoThingWords(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GJ-1001", "name": "光迹 L1 强光手电筒", "category": "手电筒", "price_cny": 199, "channels": ["tmall", "web"], "launched": "2024-01-01", "specs": {"亮度": "1200流明", "电池": "18650锂电池×1"}, "suitable_for": ["夜跑", "露营"], "related": []}
{"id": "GJ-1002", "name": "光迹 L2 远射手电筒", "category": "手电筒", "price_cny": 299, "channels": ["tmall", "web"], "launched": "2024-01-01", "specs": {"亮度": "2000流明", "电池": "21700锂电池×1"}, "suitable_for": ["搜救", "巡检"], "related": []}
{"id": "GJ-2001", "name": "光迹 18650 锂电池", "category": "电池", "price_cny": 39, "channels": ["tmall", "web"], "launched": "2024-01-01", "specs": {"容量": "3400mAh"}, "related": [{"type": "compatible_with", "id": "GJ-1001"}]}
`,
		"policies/gj-tradein.md": `---
id: gj-tradein
title: 以旧换新
channels: [web]
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 以旧换新

在光迹官网购买新手电筒，可寄回任意品牌旧手电筒1支，抵扣30元。天猫订单不参加以旧换新。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct{ q, want string }{
			{"l1没电了 该换啥电池 你们有卖吗多少钱", "39"},
			{"天猫买的新灯 能把旧手电筒拿来以旧换新吗", "天猫"},
			{"l1跟l2我用哪个 晚上夜跑", "L1"},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) {
				t.Errorf("Ask(%s) = %s %q, want it answered with %s", c.q, a.Status, a.Text, c.want)
			}
		}
	})
}

// "哪台线迹最多": a superlative ranks by the numeric key the question
// names right before it (线迹数量), not by price.
func TestRankByKeyBeforeSuperlative(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "FR-1001", "name": "飞绒 电脑缝纫机 A1", "category": "缝纫机", "price_cny": 1599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"线迹数量": "120种"}, "related": []}
{"id": "FR-1002", "name": "飞绒 重型缝纫机 B5", "category": "缝纫机", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"线迹数量": "32种"}, "related": []}
{"id": "FR-1003", "name": "飞绒 机械缝纫机 M2", "category": "缝纫机", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"线迹数量": "23种"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你们家的缝纫机 哪台线迹最多"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "A1") || strings.Contains(a.Text, "B5") {
			t.Errorf("Ask(%s) = %s %q, want A1 (120种), not the dearest", q, a.Status, a.Text)
		}
	})
}

// "天猫能买吗 亲子的多少钱": a question that asks where a thing is sold
// names its variants on any channel, and the one it names answers.
func TestVariantOfOtherChannelNamed(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QS-8003", "name": "巧手 线下体验课·3小时陶艺入门", "category": "课程", "price_cny": 299, "channels": ["wechat"], "launched": "2024-01-01", "attributes": {"渠道说明": "仅微信小程序预约购买", "有效期": "购买后90天内预约上课"}, "specs": {"开课城市": "上海、杭州", "时长": "3小时", "年龄要求": "亲子课孩子须满8岁，须1名家长陪同"}, "variants": [{"sku": "QS-8003-1", "edition": "单人", "price_cny": 299}, {"sku": "QS-8003-PC", "edition": "亲子（1大1小）", "price_cny": 459}], "related": []}
{"id": "QS-1001", "name": "巧手 陶艺工具套装", "category": "工具", "price_cny": 89, "channels": ["tmall", "wechat"], "launched": "2024-01-01", "specs": {"件数": "12件"}, "related": []}
{"id": "QS-8004", "name": "巧手 线上课·拉坯入门", "category": "课程", "price_cny": 99, "channels": ["tmall", "wechat"], "launched": "2024-01-01", "specs": {"课时": "12节"}, "variants": [{"sku": "QS-8004-1", "edition": "单人", "price_cny": 99}, {"sku": "QS-8004-PC", "edition": "亲子（1大1小）", "price_cny": 149}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "线下体验课天猫能买吗 亲子的多少钱"
		if a := e.ask(Request{Question: q, Channel: "tmall", AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "459") {
			t.Errorf("Ask(%s) on tmall = %s %q, want the parent-child variant 459", q, a.Status, a.Text)
		}
	})
}

// "拆开看了一眼 能退吗": a verb with the complement 开 is said by text with
// its stem (拆封), half as well as the word itself: the rule for opened
// goods answers.
func TestOpenedSaidByStem(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MG-1001", "name": "明光 护眼台灯 T1", "category": "台灯", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"功率": "12W"}, "related": []}
`,
		"policies/mg-returns.md": `---
id: mg-returns
title: 退换货政策
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 退换货政策

## 一、七天无理由退货

1. 自签收次日起7天内（含第7天），商品未拆封（外包装塑封完好）、未使用、配件及赠品齐全的，可申请无理由退货。
2. 灯具一经拆封（撕开塑封）即不支持无理由退货。

## 二、不支持无理由退货的商品

1. 定制刻字商品；
2. 灯泡、灯管等易耗件拆封后；
3. 已使用过的商品。

## 三、质量问题退换货

1. 签收后15天内，商品出现不亮、闪烁、缺件、灯罩破裂等质量问题的，可申请退货或换新。
2. 质量问题退换货的运费由明光承担。
3. 超过15天的质量问题，按《保修说明》处理。

## 四、退款

仓库签收退货并验货通过后，3个工作日内按原支付方式退款。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "台灯拆开看了一眼 没用过 收到第5天 能退吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "拆封") {
			t.Errorf("Ask(%s) = %s %q, want the rule for opened goods (拆封)", q, a.Status, a.Text)
		}
	})
}

// A festival before a kind ("情人节蛋糕") says when it is for, not a kind
// the shop does not have: the rule answers.
func TestFestivalIsNoKind(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "TL-1001", "name": "甜麓 草莓慕斯蛋糕", "category": "慕斯蛋糕", "price_cny": 168, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺寸": "6寸"}, "related": []}
{"id": "TL-1002", "name": "甜麓 芒果慕斯蛋糕", "category": "慕斯蛋糕", "price_cny": 178, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺寸": "6寸"}, "related": []}
`,
		"policies/tl-aftersale.md": `---
id: tl-aftersale
title: 蛋糕售后规则
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 蛋糕售后规则

蛋糕送达后1小时内发现塌陷、破损，请拍照联系客服，核实后补做或退款。超过1小时的，不再受理外观问题。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "情人节蛋糕送到半小时 奶油塌了 还能找你们吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-02-14")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "1小时") {
			t.Errorf("Ask(%s) = %s %q, want the rule (1小时)", q, a.Status, a.Text)
		}
	})
}

// Not things the shop lacks, nor names: a measure ("我看你家有3毫米那种"),
// one of the shop's people doing the work ("找你们师傅装"), a count of
// things compared ("和单买三样比": 样 counts things), verbs in a row
// before a kind ("拿去穿网球拍").
func TestMeasuresRolesCountsVerbs(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MD-2001", "name": "木岛 地板防潮垫", "category": "辅料", "price_cny": 8, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"厚度": "3mm", "计价": "每平方米"}, "related": []}
{"id": "MD-3001", "name": "木岛 地板上门安装服务", "category": "服务", "price_cny": 25, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"计价": "每平方米，含踢脚线安装"}, "related": []}
{"id": "MD-4001", "name": "木岛 护膝", "category": "护具", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺码": "S-L"}, "related": []}
{"id": "MD-4002", "name": "木岛 护腕", "category": "护具", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺码": "S-L"}, "related": []}
{"id": "MD-4003", "name": "木岛 护臀", "category": "护具", "price_cny": 259, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺码": "S-L"}, "related": []}
{"id": "MD-9001", "name": "木岛 护具三件套", "category": "套装", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"单品合计价值": "487元"}, "specs": {"包含": "护膝、护腕、护臀各1件"}, "related": [{"type": "set_contains", "id": "MD-4001"}, {"type": "set_contains", "id": "MD-4002"}, {"type": "set_contains", "id": "MD-4003"}]}
{"id": "MD-5001", "name": "木岛 碳素网球拍", "category": "网球拍", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "300g"}, "related": []}
`,
		"policies/md-stringing.md": `---
id: md-stringing
title: 穿线服务
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 穿线服务

会员每年赠送2张穿线券，羽毛球拍、网球拍均可使用，每张抵扣一次穿线工费。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct{ q, want string }{
			{"地板底下要不要垫防潮垫 我看你家有3毫米那种", "3mm"},
			{"地板买了 找你们师傅装要多少钱", "元"},
			{"护具三件套和单买三样比 分别多少钱", "399"},
			{"穿线券能拿去穿网球拍吗", "网球拍"},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) {
				t.Errorf("Ask(%s) = %s %q, want it answered with %s", c.q, a.Status, a.Text, c.want)
			}
		}
	})
}

// "樱语那个粉色保温杯 抖音店有吗" asked on Douyin: whether a channel the
// question names has a thing links the member it describes though that is
// sold elsewhere, and where it is sold answers.
func TestChannelHasOtherChannelMember(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "NB-1001", "name": "暖杯 樱语限定版保温杯", "category": "保温杯", "price_cny": 199, "channels": ["xiaohongshu"], "launched": "2024-01-01", "specs": {"容量": "400ml", "颜色": "樱花粉"}, "related": []}
{"id": "NB-1002", "name": "暖杯 经典保温杯", "category": "保温杯", "price_cny": 129, "channels": ["tmall", "douyin"], "launched": "2024-01-01", "specs": {"容量": "500ml", "颜色": "黑、白"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "樱语那个粉色保温杯 抖音店有吗"
		if a := e.ask(Request{Question: q, Channel: "douyin", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "小红书") {
			t.Errorf("Ask(%s) on douyin = %s %q, want where it is sold (小红书)", q, a.Status, a.Text)
		}
	})
}

// "晶透壳17pro": of the products a question's words name alike, the one
// whose variant writes the number and the word glued after it ("iPhone 17
// Pro") is linked; a side of a comparison that says such a code alone
// ("晶透壳16pro跟17pro") names that product too. A measure's noun that no
// attribute is measured in ("吸力", a pressure) is answered by the value
// that states it with a number ("吸力约1500g"), not by the length the
// size cue 多大 would pick.
func TestNumberedCodeOfNamedAlike(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "RC-1001", "name": "锐驰 晶透磁吸壳（iPhone 16系列）", "category": "手机壳", "price_cny": 79, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"厚度": "1.2mm", "磁吸": "内置N52磁环，兼容MagSafe，吸力约1200g", "防摔": "四角气囊，1.8m防摔（SGS测试）"}, "variants": [{"sku": "RC-1001-16", "model": "iPhone 16", "price_cny": 79}, {"sku": "RC-1001-16P", "model": "iPhone 16 Pro", "price_cny": 79}], "related": []}
{"id": "RC-1002", "name": "锐驰 晶透磁吸壳（iPhone 17系列）", "category": "手机壳", "price_cny": 79, "channels": ["tmall"], "launched": "2025-09-01", "specs": {"厚度": "1.3mm", "磁吸": "内置N52磁环，兼容MagSafe，吸力约1500g", "防摔": "四角气囊，2.0m防摔（SGS测试）"}, "variants": [{"sku": "RC-1002-17", "model": "iPhone 17", "price_cny": 79}, {"sku": "RC-1002-17P", "model": "iPhone 17 Pro", "price_cny": 89}], "related": []}
{"id": "RC-1003", "name": "锐驰 晶透磁吸壳（iPhone 15系列）", "category": "手机壳", "price_cny": 59, "channels": ["tmall"], "launched": "2023-09-01", "specs": {"厚度": "1.2mm", "磁吸": "N50磁环，吸力约900g", "防摔": "1.5m防摔"}, "variants": [{"sku": "RC-1003-15", "model": "iPhone 15", "price_cny": 59}, {"sku": "RC-1003-15P", "model": "iPhone 15 Pro", "price_cny": 59}], "related": []}
{"id": "RC-1008", "name": "锐驰 液态硅胶磁吸壳（iPhone 17系列）", "category": "手机壳", "price_cny": 99, "channels": ["tmall"], "launched": "2025-09-01", "specs": {"厚度": "1.5mm", "磁吸": "N52磁环，吸力约1500g"}, "variants": [{"sku": "RC-1008-17P", "model": "iPhone 17 Pro", "price_cny": 99}], "related": []}
{"id": "RC-3001", "name": "锐驰 Qi2磁吸无线充电器 15W", "category": "充电器", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"功率": "15W"}, "related": []}
{"id": "RC-4001", "name": "锐驰 20W PD快充充电器", "category": "充电器", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"功率": "20W"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "晶透壳17pro 吸力多大", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "1500g") || strings.Contains(a.Text, "1200g") || strings.Contains(a.Text, "900g") || strings.Contains(a.Text, "1.3mm") {
			t.Errorf("晶透壳17pro 吸力多大: %s %q, want the 17 series' 1500g alone", a.Status, a.Text)
		}
		a = e.ask(Request{Question: "晶透壳16pro跟17pro 吸力差多少 防摔多高", AsOf: day("2025-12-01")})
		for _, w := range []string{"1200g", "1500g", "1.8m", "2.0m"} {
			if !strings.Contains(a.Text, w) {
				t.Errorf("晶透壳16pro跟17pro: %s %q, want %s", a.Status, a.Text, w)
			}
		}
		if strings.Contains(a.Text, "900g") || strings.Contains(a.Text, "厚度") {
			t.Errorf("晶透壳16pro跟17pro: %q names the 15 series or the thickness nobody asked", a.Text)
		}
	})
}

// Refused as out of the knowledge: an address asked in a place the
// knowledge never names ("北京…地址发我", of classes in two other cities);
// a thing asked for by the brand's name as the shop's ("泳汐有卖潜水电脑表
// 吗") or described by a feature the knowledge does not say ("带抬头显示
// 的智能泳镜"), or to connect the product with ("能连蓝牙耳机吗"); whether
// eyesight gets worse. Asked of what the knowledge has, each is answered.
func TestUnknownAddressThingPairing(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YX-6002", "name": "泳汐 智能游泳追踪器 T2", "category": "智能设备", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"数据同步": "蓝牙同步至泳汐运动App", "防水": "5ATM"}, "related": []}
{"id": "YX-7002", "name": "泳汐 儿童近视泳镜 K2", "category": "泳镜", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"度数范围": "近视100-500度"}, "related": []}
{"id": "YX-1001", "name": "泳汐 竞速泳镜 R2", "category": "泳镜", "price_cny": 149, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"镜片": "防雾镀膜"}, "related": []}
{"id": "YX-8001", "name": "泳汐 成人游泳入门课（合作泳池）", "category": "课程", "price_cny": 1280, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"开课城市": "上海、杭州", "上课地点": "泳汐合作泳池（下单后在微信小程序选择泳池与时段）"}, "related": []}
{"id": "YX-4102", "name": "泳汐 半脸潜水面罩 D2", "category": "潜水", "price_cny": 259, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"建议使用深度": "浮潜及10米以内自由潜"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF01,怎么开发票？,下单时填写发票抬头与税号，确认收货后开具电子发票。,发票\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{
			"北京朝阳哪个泳池能上你们的课 地址发我下",
			"泳汐有卖潜水电脑表吗 就是水肺潜水看深度那种 多少钱",
			"你家有没有带抬头显示的智能泳镜 镜片上直接能看配速那种 多少钱",
			"t2能连蓝牙耳机在水下听歌吗",
			"孩子天天戴k2近视泳镜游泳会不会让度数涨得更快",
		} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("Ask(%s) = %s %q, want refused", q, a.Status, a.Text)
			}
		}
		for _, c := range []struct{ q, want string }{
			{"杭州哪个泳池能上你们的课 地址发我下", "合作泳池"},
			{"泳汐有卖潜水面罩吗 多少钱", "259"},
			{"t2能连app吗", "蓝牙"},
			{"k2近视泳镜度数范围多少", "100-500"},
			{"店里有那个竞速泳镜r2吗 多少钱", "149"},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) {
				t.Errorf("Ask(%s) = %s %q, want it answered with %s", c.q, a.Status, a.Text, c.want)
			}
		}
	})
}

// "直板夹" of 直发夹板: a run the question says in another order than one
// name alone holds it links that name; not a run said in the name's order
// with a gap ("蓝牙音箱" is no 蓝牙语音遥控器), nor one another name says
// all but one character of in order ("包缝机用了" of 四线包缝机).
func TestScrambledNameRun(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WY-6001", "name": "绾云 假发专用卷发棒", "category": "造型工具", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"加热时间": "约45秒"}, "related": []}
{"id": "WY-6002", "name": "绾云 假发专用直发夹板", "category": "造型工具", "price_cny": 219, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"加热时间": "约60秒"}, "related": []}
{"id": "ZY-2001", "name": "绾云 四线包缝机 L4", "category": "包缝机", "price_cny": 2399, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保修期": "整机2年"}, "related": []}
{"id": "ZY-2002", "name": "绾云 绷缝包缝两用机 L5", "category": "包缝机", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保修期": "整机3年"}, "related": []}
{"id": "GY-3001", "name": "绾云 口袋P2 便携投影仪", "category": "投影仪", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"续航": "观影约2.5小时；蓝牙音箱模式约8小时"}, "related": []}
{"id": "GY-5001", "name": "绾云 蓝牙语音遥控器RC2", "category": "配件", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池": "2节7号电池"}, "related": []}
{"id": "CX-8001", "name": "绾云 座套上门安装服务", "category": "服务", "price_cny": 149, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"服务城市": "上海、杭州"}, "related": []}
{"id": "CX-2001", "name": "绾云 行车记录仪X2", "category": "记录仪", "price_cny": 499, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"像素": "4K"}, "related": []}
{"id": "WY-2001", "name": "绾云 抓夹马尾", "category": "马尾", "price_cny": 159, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"长度": "50cm"}, "related": []}
{"id": "WY-8001", "name": "绾云 补发块替换BB夹 6只装", "category": "配件", "price_cny": 15, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"数量": "6只"}, "related": []}
{"id": "WY-1001", "name": "绾云 真人发前蕾丝长直发整顶", "category": "整顶", "price_cny": 1680, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"加热上限": "200℃"}, "related": []}
{"id": "WY-1003", "name": "绾云 高温丝直发整顶", "category": "整顶", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"加热上限": "150℃"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF01,记录仪能上门安装吗？,记录仪安装服务覆盖上海、杭州、苏州、南京，可选上门或到店，标准安装129元。,安装\n",
	}
	for _, c := range []struct{ name, q, want string }{
		{"假发专用直发夹板", "直板夹插上电要热多久", "直板夹"},
		{"座套上门安装服务", "哪些城市能上门装记录仪", ""}, // in the name's order
		{"蓝牙语音遥控器", "那当蓝牙音箱用呢", ""},
	} {
		if got := ScrambledRun(c.name, c.q); got != c.want {
			t.Errorf("ScrambledRun(%s, %s) = %q, want %q", c.name, c.q, got, c.want)
		}
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct{ q, want, not string }{
			{"直板夹插上电要热多久", "60秒", "45秒"},
			{"四线的包缝机用了几次就坏了 保修多久", "整机2年", "整机3年"},
			{"口袋2满电能看多久电影 那当蓝牙音箱用呢", "8小时", "遥控器"},
			{"哪些城市能上门装记录仪", "苏州", "座套"},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, c.want) || strings.Contains(a.Text, c.not) {
				t.Errorf("Ask(%s) = %s %q, want %s and no %s", c.q, a.Status, a.Text, c.want, c.not)
			}
		}
	})
}

// "base和hook新手选哪个 鞋底各多厚": choosing between two, or asking each
// of two, compares them (both linked, each with its value). "flow9.8" of
// "Flow 9.8mm": a word glued to the decimal its name writes after it. A
// degree before a series' descriptor ("哪根更耐磨") says a quality, not a
// kind the shop lacks. "有讲究不", "踩了一脚" are no topic of the question.
func TestChoiceEachDecimalCodeDegree(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QY-5001", "name": "峭岩 入门攀岩鞋 Base", "category": "攀岩鞋", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"大底": "峭岩Grip橡胶，厚4.2mm"}, "suitable_for": ["新手"], "related": []}
{"id": "QY-5002", "name": "峭岩 进阶攀岩鞋 Hook", "category": "攀岩鞋", "price_cny": 799, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"大底": "峭岩Grip Pro橡胶，厚3.5mm"}, "suitable_for": ["进阶"], "related": []}
{"id": "QY-1001", "name": "峭岩 动力绳 Flow 9.8mm", "category": "动力绳", "price_cny": 799, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"系列": "Flow系列（全能）"}, "specs": {"皮层比例": "38%", "每米重量": "62g/m"}, "related": []}
{"id": "QY-1004", "name": "峭岩 动力绳 Gym 10.0mm", "category": "动力绳", "price_cny": 499, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"系列": "Gym系列（室内耐磨）"}, "specs": {"皮层比例": "42%", "每米重量": "64g/m"}, "related": []}
{"id": "QY-1005", "name": "峭岩 动力绳 Edge 9.2mm", "category": "动力绳", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"系列": "Edge系列（轻量）"}, "specs": {"皮层比例": "36%", "每米重量": "55g/m"}, "related": []}
{"id": "QY-3001", "name": "峭岩 辅助制动保护器 Lock", "category": "保护器", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适用绳径": "单绳9.4-10.5mm"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF01,绳子脏了怎么洗？,用30℃以下清水手洗，可使用专用洗绳剂，不可机洗、不可烘干。,保养\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"base和hook新手选哪个 鞋底多厚", []string{"4.2mm", "3.5mm"}},
			{"base和hook 鞋底各多厚", []string{"4.2mm", "3.5mm"}},
			{"flow9.8一米多重", []string{"62g/m"}},
			{"gym10.0和flow9.8 岩馆天天用哪根更耐磨 皮层比例各多少", []string{"42%", "38%"}},
			{"绳子踩了一脚泥 能直接丢洗衣机吗 水温有讲究不", []string{"30℃", "机洗"}},
		} {
			a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")})
			for _, w := range c.want {
				if a.Status != StatusAnswered || !strings.Contains(a.Text, w) {
					t.Errorf("Ask(%s) = %s %q, want %s", c.q, a.Status, a.Text, w)
				}
			}
		}
		a := e.ask(Request{Question: "岩馆天天用 哪根更耐磨", AsOf: day("2025-12-01")})
		if slices.ContainsFunc(a.Trace.Notes, func(n string) bool { return strings.Contains(n, "a kind of product") }) {
			t.Errorf("哪根更耐磨: notes %q read 更耐磨 as a kind the shop lacks", a.Trace.Notes)
		}
	})
}

// Refused as things the shop does not have: a thing made for the product
// ("有没有配套的防雨罩") or a function ("有负离子功能吗") the knowledge never
// says, and a thing asked whether the shop sells that no entity of the
// catalog names, though its text mentions it ("B3全硬底高山靴" of what the
// crampons fit). Asked of what the catalog has, each is answered.
func TestMadeForFunctionSold(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QY-6001", "name": "峭岩 抱石垫 Pad L", "category": "抱石垫", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"尺寸": "120×90×10cm"}, "related": []}
{"id": "QY-6002", "name": "峭岩 抱石垫收纳背带", "category": "配件", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"适配": "Pad L"}, "related": [{"type": "compatible_with", "id": "QY-6001"}]}
{"id": "QY-7003", "name": "峭岩 全自动冰爪 Pro C3", "category": "冰爪", "price_cny": 1499, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"适配说明": "适配B3全硬底高山靴（前后都有卡槽）"}, "related": []}
{"id": "WY-6002", "name": "峭岩 直发夹板", "category": "造型工具", "price_cny": 219, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"温度": "100-200℃", "加热时间": "约60秒"}, "related": []}
{"id": "WY-8001", "name": "峭岩 补发块替换BB夹 6只装", "category": "替换装", "price_cny": 15, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"数量": "6只"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"pad l有没有配套的防雨罩 多少钱", "直发夹板有负离子功能吗 加热温度多少", "你家有没有卖高山靴 想配pro冰爪一起买"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("Ask(%s) = %s %q, want refused", q, a.Status, a.Text)
			}
		}
		for _, c := range []struct{ q, want string }{
			{"pad l有没有配套的收纳背带 多少钱", "99"},
			{"你家有没有卖冰爪 多少钱", "1499"},
			{"补发块的夹子掉了 你们有单卖夹子吗 多少钱", "15"}, // (a way of selling; 夹子 of BB夹)
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) {
				t.Errorf("Ask(%s) = %s %q, want it answered with %s", c.q, a.Status, a.Text, c.want)
			}
		}
	})
}

// An English name the question compares with is known only as a whole
// word of the knowledge: "UNice" is no word of "WANYUN Ice Silk…", whose
// folded name holds its letters (wanyunicesilk). A word the knowledge
// says whole ("Silk") is known.
func TestEnglishNameWholeWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "WY-1003", "name": "绾云 真人发前蕾丝长直发整顶", "name_en": "WANYUN Human Hair Lace Front Straight Wig", "category": "整顶", "price_cny": 1680, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "100%真人发"}, "related": []}
{"id": "WY-4005", "name": "绾云 冰丝防滑发带", "name_en": "WANYUN Ice Silk Non-slip Grip Band", "category": "配件", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"材质": "冰丝"}, "related": []}
{"id": "WY-1001", "name": "绾云 自然短发整顶 S2", "name_en": "WANYUN Natural Short Wig S2", "category": "整顶", "price_cny": 459, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "高温丝"}, "related": []}
{"id": "WY-1002", "name": "绾云 蛋白丝大波浪整顶", "name_en": "WANYUN Protein Fibre Big Wave Wig", "category": "整顶", "price_cny": 699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "蛋白丝"}, "related": []}
{"id": "WY-1004", "name": "绾云 全手织真人发整顶", "name_en": "WANYUN Hand-tied Human Hair Wig", "category": "整顶", "price_cny": 3280, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "100%真人发"}, "related": []}
{"id": "WY-2000", "name": "绾云 蕾丝前额大波浪整顶", "name_en": "WANYUN Lace Front Body Wave Wig", "category": "整顶", "price_cny": 500, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "高温丝"}, "related": []}
{"id": "WY-2001", "name": "绾云 蕾丝前额羊毛卷整顶", "name_en": "WANYUN Lace Front Curly Wig", "category": "整顶", "price_cny": 501, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "高温丝"}, "related": []}
{"id": "WY-2002", "name": "绾云 蕾丝前额短波波头", "name_en": "WANYUN Lace Front Bob Wig", "category": "整顶", "price_cny": 502, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "高温丝"}, "related": []}
{"id": "WY-2003", "name": "绾云 蕾丝前额中分长卷", "name_en": "WANYUN Lace Front Long Curl Wig", "category": "整顶", "price_cny": 503, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "高温丝"}, "related": []}
{"id": "WY-2004", "name": "绾云 蕾丝前额空气刘海整顶", "name_en": "WANYUN Lace Front Bang Wig", "category": "整顶", "price_cny": 504, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "高温丝"}, "related": []}
{"id": "WY-2005", "name": "绾云 蕾丝前额挑染整顶", "name_en": "WANYUN Lace Front Highlight Wig", "category": "整顶", "price_cny": 505, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "高温丝"}, "related": []}
{"id": "WY-2006", "name": "绾云 蕾丝修剪剪刀", "name_en": "WANYUN Lace Front Trimming Scissors", "category": "整顶", "price_cny": 506, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "高温丝"}, "related": []}
{"id": "WY-2007", "name": "绾云 蕾丝胶水", "name_en": "WANYUN Lace Front Wig Glue", "category": "整顶", "price_cny": 507, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"发质": "高温丝"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "Are your lace front wigs better than UNice's?", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("compared with UNice: %s %q, want refused", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "How much is the Ice Silk grip band?", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "39") {
			t.Errorf("the Ice Silk band: %s %q, want 39", a.Status, a.Text)
		}
	})
}

// "how many days does the battery last": the duration in days, not the
// charging time in hours, as "能用几天" asks.
func TestEnglishCueUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YX-6002", "name": "泳汐 智能游泳追踪器 T2", "name_en": "YONGXI Smart Swim Tracker T2", "category": "智能设备", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水等级": "10ATM（可用于泳池、公开水域游泳）", "续航": "约14天（每天游泳1小时）；开启GPS约12小时", "充电时长": "约2小时", "重量": "约31g"}, "related": []}
{"id": "YX-6001", "name": "泳汐 智能游泳追踪器 T1", "name_en": "YONGXI Smart Swim Tracker T1", "category": "智能设备", "price_cny": 399, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"防水等级": "5ATM", "续航": "约7天（每天游泳1小时）", "充电时长": "约1.5小时", "重量": "约28g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "What's the water rating on the T2 tracker, and how many days does the battery last?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "14") || strings.Contains(a.Text, "约2 hours") {
			t.Errorf("how many days: %s %q, want 14 days, not the charging time", a.Status, a.Text)
		}
	})
}

// "weight per meter": an English "per" and its unit asks what a key states
// per that unit (每米重量), as "一米多重" does.
func TestEnglishPerUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QY-1004", "name": "峭岩 动力绳 Gym 10.0mm", "name_en": "QIAOYAN Gym Rope 10.0mm", "category": "动力绳", "price_cny": 499, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"每米重量": "64g/m", "冲击力": "8.8kN", "整绳重量": "2.6kg（40m）"}, "related": []}
{"id": "QY-1001", "name": "峭岩 动力绳 Flow 9.8mm", "name_en": "QIAOYAN Flow Rope 9.8mm", "category": "动力绳", "price_cny": 799, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"每米重量": "62g/m", "冲击力": "8.6kN", "整绳重量": "3.7kg（60m）"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "What's the weight per meter and the impact force of the Gym 10.0mm rope?", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "64g/m") || !strings.Contains(a.Text, "8.8kN") {
			t.Errorf("weight per meter: %s %q, want 64g/m and 8.8kN", a.Status, a.Text)
		}
	})
}

// A total of a count asked right after it ("一共上几节") is no sum of
// prices; a count in a measure word (节) is answered by the value written
// in it; a variant is named by the first two characters of its value
// ("蛙泳" of 蛙泳入门（8节）), which no other variant's value holds.
func TestTotalCountVariantHead(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YX-8001", "name": "泳汐 成人游泳入门课", "category": "课程", "price_cny": 1280, "channels": ["wechat"], "launched": "2024-07-01", "specs": {"班型": "1教练对3学员小班", "单节时长": "60分钟"}, "variants": [{"sku": "YX-8001-BR", "edition": "蛙泳入门（8节）", "price_cny": 1280}, {"sku": "YX-8001-FR", "edition": "自由泳进阶（10节）", "price_cny": 1680}], "related": []}
{"id": "YX-8002", "name": "泳汐 儿童游泳课", "category": "课程", "price_cny": 980, "channels": ["wechat"], "launched": "2024-07-01", "specs": {"班型": "1教练对4学员小班", "单节时长": "45分钟"}, "related": []}
{"id": "YX-1001", "name": "泳汐 竞速泳镜 R2", "category": "泳镜", "price_cny": 149, "channels": ["wechat"], "launched": "2024-01-01", "specs": {"镜片": "透明镜片"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "成人蛙泳课一共上几节", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "8节") || strings.Contains(a.Text, "10节") {
			t.Errorf("一共上几节: %s %q, want 8节 (the 蛙泳 variant) and not 10节", a.Status, a.Text)
		}
		if a.Trace.Plan.Operation == "sum" {
			t.Errorf("一共上几节 is planned as a sum of prices: %+v", a.Trace.Plan)
		}
	})
}

// A question's "750x1500" names what a name writes "750×1500mm" (not
// "10x42", one word); "比较小" of the customer ("我耳道比较小") compares
// nothing.
func TestDimensionXRatherAdjective(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CJ-1001", "name": "瓷境 云岫 柔光大板地砖 750×1500mm", "category": "地砖", "price_cny": 259, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"每箱片数": "2片", "每箱面积": "2.25㎡"}, "related": []}
{"id": "CJ-1002", "name": "瓷境 云岫 柔光地砖 600×1200mm", "category": "地砖", "price_cny": 169, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"每箱片数": "3片", "每箱面积": "2.16㎡"}, "related": []}
{"id": "CJ-9004", "name": "瓷境 全屋铺贴套餐", "category": "全屋套餐", "price_cny": 299, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"包含": "地砖、瓷砖胶、铺贴人工"}, "variants": [{"sku": "CJ-9004-BAS", "edition": "基础版（600×1200mm）", "price_cny": 299}, {"sku": "CJ-9004-PRO", "edition": "大板版（云岫 750×1500mm）", "price_cny": 369}], "related": []}
{"id": "CJ-3101", "name": "瓷境 硅胶耳塞（3对装）", "category": "配件", "price_cny": 29, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"尺码": "S/M/L各1对"}, "related": []}
`,
		"policies/cj-guide.md": `---
id: cj-guide
title: 瓷砖选购与用量指南
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 瓷砖选购与用量指南

## 一、用砖量

1. 用砖箱数 = 铺贴面积 ×（1+损耗率）÷ 每箱面积，结果向上取整。
2. 示例：30㎡客厅直铺云岫750×1500mm大板（每箱2.25㎡），按8%损耗：30×1.08÷2.25=14.4，需买15箱。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "云岫750x1500一箱几片", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "2片") || strings.Contains(a.Text, "3片") || len(a.Trace.Plan.Entities) == 0 || a.Trace.Plan.Entities[0].ID != "CJ-1001" {
			t.Errorf("750x1500: %s %q, linked %+v, want the 750×1500mm tile (CJ-1001) and its 2片", a.Status, a.Text, a.Trace.Plan.Entities)
		}
		a = e.ask(Request{Question: "耳塞我耳道比较小 有小号的吗", AsOf: day("2025-12-01")})
		if a.Trace.Plan.Operation == "compare" {
			t.Errorf("比较小 is planned as a comparison: %+v", a.Trace.Plan)
		}
	})
}

// A generation the question names is the member of a series whose name
// states it: "一代" of 爵士白（一代）, "二代" of 爵士白Ⅱ, a Roman numeral,
// which also covers the word (no refusal of 二代 as a thing unknown).
func TestGenerationRomanNumeral(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CJ-1002", "name": "瓷境 爵士白 全抛釉地砖 600×1200mm（一代）", "category": "地砖", "price_cny": 189, "channels": ["tmall"], "launched": "2022-04-01", "discontinued": "2025-05-31", "attributes": {"系列": "爵士白系列", "销售状态": "已停产（2025-05-31），由 爵士白Ⅱ全抛釉地砖（CJ-1003）替代"}, "specs": {"厚度": "9.5mm", "每箱片数": "3片"}, "related": []}
{"id": "CJ-1003", "name": "瓷境 爵士白Ⅱ 全抛釉地砖 600×1200mm", "category": "地砖", "price_cny": 169, "channels": ["tmall"], "launched": "2025-06-01", "attributes": {"系列": "爵士白系列", "换代说明": "替代一代爵士白：厚度更厚，每箱片数更少"}, "specs": {"厚度": "11mm", "每箱片数": "2片"}, "related": [{"type": "replaces", "id": "CJ-1002"}]}
{"id": "CJ-1001", "name": "瓷境 云岫 柔光大板地砖 750×1500mm", "category": "地砖", "price_cny": 259, "channels": ["tmall"], "launched": "2024-03-01", "attributes": {"系列": "云岫系列"}, "specs": {"厚度": "10mm", "每箱片数": "2片"}, "related": []}
{"id": "CJ-1004", "name": "瓷境 爵士白 哑光墙砖 300×600mm", "category": "墙砖", "price_cny": 89, "channels": ["tmall"], "launched": "2024-03-01", "attributes": {"系列": "爵士白系列"}, "specs": {"厚度": "8mm", "每箱片数": "8片"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "爵士白一代停产了吗", AsOf: day("2025-12-01")})
		if !slices.ContainsFunc(a.Trace.Plan.Entities, func(x kg.PlanEntity) bool { return x.ID == "CJ-1002" }) || !strings.Contains(a.Text, "2025-05-31") {
			t.Errorf("爵士白一代: %s %q, linked %+v, want CJ-1002 and its 2025-05-31", a.Status, a.Text, a.Trace.Plan.Entities)
		}
		a = e.ask(Request{Question: "爵士白一代和二代差在哪 厚度", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "11mm") {
			t.Errorf("一代和二代: %s %q, want an answer with 11mm", a.Status, a.Text)
		}
	})
}

// A word of the knowledge the segmenter's dictionary lacks ("地暖"), cut
// into characters (有 地 暖 能) or across two words (开地 暖要), is a
// word of the question, covered where the evidence says it.
func TestSegmenterDebris(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CJ-1001", "name": "瓷境 云岫 柔光大板地砖 750×1500mm", "category": "地砖", "price_cny": 259, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"每箱片数": "2片", "防滑等级": "R10"}, "related": []}
{"id": "CJ-4001", "name": "瓷境 C2TE 大板瓷砖胶 20kg", "category": "辅料", "price_cny": 69, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"适用": "750×1500mm及以上大板和岩板上墙"}, "related": []}
`,
		"faq.csv": `id,question,answer,tags
F001,大板上墙用什么胶？,750×1500mm及以上大板和岩板上墙须使用C2TE大板瓷砖胶，铺贴前在砖背滚涂瓷砖背胶。,铺贴
F002,地暖能铺瓷砖吗？,瓷境全部地砖均可用于地暖地面。地暖首次开启时须逐步升温，每天升温不超过3℃；升温过快导致的开裂不在质保范围。,地暖
F003,瓷砖要多买多少？,常规直铺多备5%；大板、斜铺多备8%；人字铺多备10%。,用量
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "家里有地暖能铺你们的砖吗 第一次开地暖要注意啥", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "3℃") {
			t.Errorf("地暖: %s %q, want the answer with 3℃", a.Status, a.Text)
		}
	})
}

// A question asking advice the knowledge says the shop's service does not
// give ("客服不提供楼板承重…方面的评估或意见") is refused though other text
// answered better; not one that only names the service (客服). Whether
// something is against the law or a regulation, or needs a business
// licence, is a lawyer's answer.
func TestDeclinedAdviceAndLaw(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CJ-1001", "name": "瓷境 云岫 柔光大板地砖 750×1500mm", "category": "地砖", "price_cny": 259, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"厚度": "10mm", "每箱重量": "约58kg"}, "related": []}
{"id": "CJ-1008", "name": "瓷境 户外庭院砖 600×600×20mm", "category": "地砖", "price_cny": 129, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"厚度": "20mm", "每箱重量": "约30kg"}, "related": []}
{"id": "CJ-3001", "name": "瓷境 岩板橱柜台面（定制）", "category": "岩板台面", "price_cny": 1099, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"板材厚度": "12mm"}, "related": []}
`,
		"policies/cj-service.md": `---
id: cj-service
title: 客服服务说明
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 客服服务说明

## 一、防骗提示

瓷境客服不会要求您加私人微信、向个人账户转账付定金。遇到此类情况请通过官方渠道联系客服核实。

## 二、发票

增值税专用发票仅支持企业客户在官网下单后申请，需上传营业执照与开票信息，审核通过后10个工作日内邮寄。

## 三、不提供的服务

瓷境客服与师傅不提供楼板承重、结构安全、建筑规范与消防验收方面的评估或意见，请咨询房屋设计单位、物业或有资质的专业机构。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{
			"我家是老楼 整屋铺20mm户外砖再加岩板台面 楼板扛得住吗 帮我算下承重",
			"阳台想改成淋浴间 地面加高铺砖 违不违反建筑规范",
			"我在家给朋友接单铺砖收钱 需要办营业执照吗",
			"我在家给朋友接单铺砖收钱开专票 会不会违法",
		} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
				t.Errorf("%s: answered %q, want a refusal", q, a.Text)
			}
		}
		for _, q := range []string{"需要办营业执照吗", "这样铺会不会违法", "违不违反建筑规范"} {
			if s := Classify(q); s.Stop != ReasonOutOfScope {
				t.Errorf("%s: classified %+v, want out of scope (a lawyer's answer)", q, s)
			}
		}
		a := e.ask(Request{Question: "有个人加我微信说是瓷境客服 让我先转500定金 靠谱不", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "私人微信") {
			t.Errorf("客服 scam: %s %q, want the answer that 客服 never asks for a transfer", a.Status, a.Text)
		}
	})
}

// Things the shop lacks, asked "你们卖X和Y吗" (each of them), as a kind of
// a known thing described by words the knowledge never says (嫁接睫毛的
// 胶水), or after a long description (…的美甲打印机); not what the shop
// sells, said as a relative clause ("你们店里卖的胶水").
func TestUnknownThingsDescribedOrJoined(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QJ-1202", "name": "绮甲 穿戴甲专用胶水", "category": "工具", "price_cny": 19, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"容量": "7.5ml", "使用提示": "卸除后需用卸除液清理残胶"}, "related": []}
{"id": "QJ-1001", "name": "绮甲 穿戴甲·奶咖短方", "category": "穿戴甲", "price_cny": 59, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"片数": "24片", "厚度": "0.7mm"}, "related": [{"type": "compatible_with", "id": "QJ-1202"}]}
{"id": "QJ-3001", "name": "绮甲 美甲灯 L36", "category": "美甲灯", "price_cny": 129, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"功率": "36W", "固化时间": "60秒"}, "related": []}
`,
		"faq.csv": `id,question,answer,tags
F001,穿戴甲的图案是怎么做的？,穿戴甲图案在工厂直接打印到甲片上，再封层固化，不能用手机传图定制。,穿戴甲
F002,穿戴甲专用胶水能粘几天？,穿戴甲专用胶水可把甲片粘在指甲上约5-7天。,胶水
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{
			"你们卖胶水和花洒吗 想一起买了",
			"你们有卖嫁接睫毛的胶水吗",
			"有没有那种手机传图直接打印到指甲上的美甲打印机",
		} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("%s: %s %q, want a refusal", q, a.Status, a.Text)
			}
		}
		for _, q := range []string{"你们有卖穿戴甲的胶水吗", "你们店里卖的胶水能粘甲片不"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "7.5ml") && !strings.Contains(a.Text, "胶水") {
				t.Errorf("%s: %s %q, want an answer about the glue", q, a.Status, a.Text)
			}
		}
	})
}

// Each capitalised part of a hyphenated English name ("Sky-Watcher") is a
// name the knowledge must know; tonight's cloud or weather is a forecast,
// no knowledge of the shop's.
func TestHyphenatedNameAndForecast(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XW-1005", "name": "星望 多布森望远镜 D200", "name_en": "XINGWANG Dobsonian Telescope D200", "category": "天文望远镜", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"口径": "200mm", "焦距": "1200mm"}, "related": []}
{"id": "XW-1001", "name": "星望 折射天文望远镜 R80", "name_en": "XINGWANG Refractor R80", "category": "天文望远镜", "price_cny": 999, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"口径": "80mm", "焦距": "900mm"}, "related": []}
`,
		"faq.csv": `id,question,answer,tags
F001,Which is better for deep sky: the D200 Dobsonian or the R80?,The D200 Dobsonian has a 200mm (8-inch) aperture and is better for deep sky; the R80 is lighter.,选购
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "Is the D200 better than a Sky-Watcher 8-inch Dobsonian?", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("Sky-Watcher: %s %q, want a refusal (another brand)", a.Status, a.Text)
		}
	})
	for _, q := range []string{"今晚杭州云量多少 能看到星星吗", "明天天气怎么样 适合去看星星吗"} {
		if s := Classify(q); s.Stop != ReasonOutOfScope {
			t.Errorf("%s: classified %+v, want out of scope (a forecast)", q, s)
		}
	}
	if s := Classify("明天下雨能送货吗"); s.Stop != "" {
		t.Errorf("明天下雨能送货吗: classified %+v, want no stop (a delivery question)", s)
	}
}

// A time of day and whether someone is still there ("晚上九点半找客服还有
// 人回吗") asks the hours a text states; a thing to add to the product
// that the knowledge never names ("能加装wifi模块吗") is one the shop lacks.
func TestHoursAtAndAddOn(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XW-4002", "name": "星望 德式赤道仪 EQ3", "category": "支架", "price_cny": 1599, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"载重": "7kg", "电跟": "单轴电跟版为赤经轴电机"}, "related": []}
{"id": "XW-4001", "name": "星望 经纬仪 AZ2", "category": "支架", "price_cny": 599, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"载重": "4kg"}, "related": []}
`,
		"faq.csv": `id,question,answer,tags
F001,客服什么时候在线？,在线客服及客服热线的服务时间为每天9:00-21:00，全年无休。,客服
F002,赤道仪可以用手机控制吗？,EQ3单轴电跟版可用手柄调速，手机App可查看星图。,赤道仪
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "晚上九点半找客服还有人回吗", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "21:00") {
			t.Errorf("九点半: %s %q, want the hours 9:00-21:00", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "eq3能加装wifi模块用手机app自动寻星吗 那个模块多少钱", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("wifi模块: %s %q, want a refusal", a.Status, a.Text)
		}
	})
}

// "cure" is a medical word, except of a gel, a resin or a coat cured under
// a lamp.
func TestCureOfMaterials(t *testing.T) {
	if s := Classify("which lamps can i use to cure the semi-cured gel nail strips?"); s.Stop != "" {
		t.Errorf("cure the gel: classified %+v, want no stop", s)
	}
	if s := Classify("can this cream cure my eczema?"); s.Stop != ReasonOutOfScope {
		t.Errorf("cure my eczema: classified %+v, want out of scope", s)
	}
}

// A character of a channel's name the question says (猫 of 天猫) names no
// variant (猫眼) of a product the question links.
func TestChannelCharNamesNoVariant(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QJ-8001", "name": "绮甲 门店美甲", "category": "服务", "price_cny": 128, "channels": ["wechat"], "launched": "2024-03-01", "attributes": {"渠道说明": "仅微信小程序预约购买"}, "specs": {"时长": "约60分钟"}, "variants": [{"sku": "QJ-8001-SC", "edition": "纯色", "price_cny": 128}, {"sku": "QJ-8001-CE", "edition": "猫眼", "price_cny": 168}], "related": []}
{"id": "QJ-1001", "name": "绮甲 穿戴甲·奶咖短方", "category": "穿戴甲", "price_cny": 59, "channels": ["tmall", "wechat"], "launched": "2024-03-01", "specs": {"片数": "24片"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "门店美甲能在天猫买了去店里做吗", AsOf: day("2025-12-01"), Channel: "tmall"})
		if slices.ContainsFunc(a.Trace.Plan.Entities, func(x kg.PlanEntity) bool { return x.ID == "QJ-8001-CE" }) || strings.Contains(a.Text, "168") {
			t.Errorf("天猫: %s %q, linked %+v, want no 猫眼 variant", a.Status, a.Text, a.Trace.Plan.Entities)
		}
	})
}

// "免费量几次" counts times of a verb (量, to measure): no amount the
// knowledge never mentions.
func TestVerbOfTimesNoAmount(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CJ-8001", "name": "瓷境 上门测量服务", "category": "服务", "price_cny": 99, "channels": ["wechat"], "launched": "2024-03-01", "specs": {"服务内容": "现场测量房间尺寸，出具铺贴排版图"}, "related": []}
{"id": "CJ-1001", "name": "瓷境 云岫 柔光大板地砖 750×1500mm", "category": "地砖", "price_cny": 259, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"每箱片数": "2片"}, "related": []}
`,
		"policies/cj-member.md": `---
id: cj-member
title: 会员权益说明
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 会员权益说明

金卡会员：近12个月累计消费满20000元，每年可免费预约上门测量2次，补砖订单免物流费。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "金卡会员一年能免费量几次房 平时上门测量一次多少钱", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "2次") {
			t.Errorf("免费量几次: %s %q %v, want the answer with 2次", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A model code that is a variant's own value (the warranty card's APO102)
// and that a product's own name carries names that product, where the
// question says nothing of the card.
func TestCodeVariantNamesProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XW-1003", "name": "星望 复消色差折射望远镜 APO102", "category": "天文望远镜", "price_cny": 5999, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"镜筒重量": "4.3kg", "口径": "102mm"}, "related": []}
{"id": "XW-1005", "name": "星望 多布森望远镜 D200", "category": "天文望远镜", "price_cny": 3299, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"镜筒重量": "9.5kg", "口径": "200mm"}, "related": []}
{"id": "XW-8102", "name": "星望 延保卡", "category": "服务", "price_cny": 149, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"购买时限": "签收后30天内购买"}, "variants": [{"sku": "XW-8102-APO", "model": "APO102", "price_cny": 299}, {"sku": "XW-8102-D200", "model": "D200", "price_cny": 249}], "related": [{"type": "compatible_with", "id": "XW-1003"}, {"type": "compatible_with", "id": "XW-1005"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "我的apo102多重", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "4.3kg") || slices.ContainsFunc(a.Trace.Plan.Entities, func(x kg.PlanEntity) bool { return x.ID == "XW-8102-APO" }) {
			t.Errorf("apo102: %s %q, linked %+v, want the telescope's 4.3kg, not its warranty card", a.Status, a.Text, a.Trace.Plan.Entities)
		}
		a = e.ask(Request{Question: "apo102的延保卡多少钱", AsOf: day("2025-12-01")})
		if !strings.Contains(a.Text, "299") {
			t.Errorf("apo102的延保卡: %s %q, want the card's 299", a.Status, a.Text)
		}
	})
}

// A measure of the one who uses the product ("多重的人能坐") asks what the
// product bears, the key that states the most (最大承重), not its own weight.
func TestMeasureOfUserAsksMost(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "KY-7002", "name": "康屹电动轮椅E5", "category": "轮椅", "price_cny": 4999, "channels": ["tmall"], "launched": "2024-05-01", "specs": {"最高时速": "6km/h", "最大承重": "120kg", "重量": "约24kg（含10Ah电池）", "充电时间": "约6小时"}, "related": []}
{"id": "KY-7001", "name": "康屹手动轮椅M2", "category": "轮椅", "price_cny": 999, "channels": ["tmall"], "launched": "2024-05-01", "specs": {"最大承重": "100kg", "重量": "约12kg"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "电动轮椅最快能跑多快 多重的人能坐", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "120kg") || !strings.Contains(a.Text, "6km/h") {
			t.Errorf("多重的人能坐: %s %q %v, want 120kg and 6km/h", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// Whether a thing fits another, the thing said between the verb and the
// question's end ("盖子能配你们那个木盖吗"), names both: the lid whose note
// says it does not fit the candle.
func TestFitsAskThingBetween(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XC-1006", "name": "香岑 焚木檀香木芯蜡烛", "category": "香薰蜡烛", "price_cny": 129, "channels": ["douyin"], "launched": "2024-03-01", "specs": {"蜡材": "椰子蜡", "容器": "陶瓷杯"}, "related": []}
{"id": "XC-1001", "name": "香岑 山岚白茶香薰蜡烛", "category": "香薰蜡烛", "price_cny": 59, "channels": ["douyin"], "launched": "2024-03-01", "specs": {"蜡材": "大豆蜡", "容器": "磨砂玻璃杯，附木盖"}, "related": []}
{"id": "XC-8103", "name": "香岑 蜡烛木盖", "category": "配件", "price_cny": 19, "channels": ["douyin"], "launched": "2024-03-01", "attributes": {"适配说明": "按蜡烛杯口直径选择；不适配焚木檀香木芯蜡烛（陶瓷杯直径8cm）"}, "specs": {"材质": "榉木＋硅胶密封圈"}, "related": [{"type": "compatible_with", "id": "XC-1001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "抖音买的焚木檀香蜡烛 盖子能配你们那个木盖吗", AsOf: day("2025-12-01"), Channel: "douyin"})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "不适配焚木檀香") {
			t.Errorf("能配你们那个木盖吗: %s %q, linked %+v, want the lid's 不适配 note", a.Status, a.Text, a.Trace.Plan.Entities)
		}
	})
}

// heyingSources is a photo studio's knowledge: stores in two cities, a
// package with outdoor shots, an add-on and a policy.
var heyingSources = map[string]string{
	"products.jsonl": `{"id": "HY-1002", "name": "禾影 西湖外景婚纱照套餐", "category": "婚纱摄影", "price_cny": 6999, "channels": ["wechat", "tmall"], "launched": "2024-03-01", "attributes": {"适用门店": "仅杭州湖滨店承接"}, "specs": {"拍摄时长": "约8小时", "精修张数": "40张", "外景": "西湖外景2处"}, "related": []}
{"id": "HY-1003", "name": "禾影 孕妇照「期待」", "category": "写真", "price_cny": 1299, "channels": ["wechat", "tmall"], "launched": "2024-03-01", "specs": {"适拍孕周": "孕28-36周（最佳为孕30周左右）", "精修张数": "12张"}, "related": []}
{"id": "HY-5001", "name": "禾影 外景加拍", "category": "加选项目", "price_cny": 599, "channels": ["wechat", "tmall"], "launched": "2024-03-01", "attributes": {"适用说明": "适用于个人写真、古风写真、全家福；婚纱摄影套餐（已含外景）不适用"}, "related": []}
{"id": "HY-5003", "name": "禾影 全程跟妆升级", "category": "加选项目", "price_cny": 800, "channels": ["wechat", "tmall"], "launched": "2024-03-01", "specs": {"内容": "化妆师全程跟拍，随时补妆、整理发型与服装"}, "related": []}
{"id": "HY-5002", "name": "禾影 加选精修", "category": "加选项目", "price_cny": 50, "channels": ["wechat", "tmall"], "launched": "2024-03-01", "attributes": {"说明": "在套餐精修张数之外，从原片中加选精修"}, "related": []}
`,
	"policies/hy-stores.md": `---
id: hy-stores
title: 门店地址与营业时间
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 门店地址与营业时间

杭州湖滨店：杭州市上城区东坡路88号3楼，营业时间每天10:00-20:00。
成都太古里店：成都市锦江区中纱帽街8号2楼，营业时间每天10:30-20:30。
禾影在线客服及客服热线400-826-5170的服务时间为每天9:00-21:00，门店电话在门店营业时间内接听。孕妇照建议孕28-36周拍摄，每套造型之间安排休息。
`,
}

// A store's hours asked in a city where the knowledge names no store
// ("南京…那家几点开门") is refused as an address there is; a store's hours
// where there is one are answered.
func TestOpeningHoursAskStore(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, heyingSources)
		a := e.ask(Request{Question: "南京新街口那家禾影几点开门 电话多少", AsOf: day("2025-12-01")})
		if a.Status != StatusRefused || a.Reason != ReasonOutOfScope {
			t.Errorf("南京…几点开门: %s %s %q %v, want refused OUT_OF_SCOPE: no store there", a.Status, a.Reason, a.Text, a.Trace.Notes)
		}
		a = e.ask(Request{Question: "成都那家几点开门", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "10:30") {
			t.Errorf("成都…几点开门: %s %q %v, want 10:30", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A job the shop is asked to take on (你们接…吗), a thing to add (能加…
// 吗) or to take (能吃点…吗) that the knowledge never mentions is refused;
// 加 in a word of its own (加水化开) adds no thing.
func TestUnknownJobAddOnIntake(t *testing.T) {
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, heyingSources)
		for _, q := range []string{"你们接婚礼当天跟拍吗 一天多少钱", "西湖外景能加无人机航拍吗 多少钱", "孕32周 拍孕妇照前睡不着 能吃点褪黑素吗"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused || a.Reason != ReasonOutOfScope {
				t.Errorf("%s: %s %s %q %v, want refused OUT_OF_SCOPE", q, a.Status, a.Reason, a.Text, a.Trace.Notes)
			}
		}
		for _, q := range []string{"西湖外景能加外景加拍吗 多少钱", "孕妇照几周拍合适"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered {
				t.Errorf("%s: %s %q %v, want answered", q, a.Status, a.Text, a.Trace.Notes)
			}
		}
	})
}

// Matching another shop's price, whether a date still has room and what
// the customer's own thing would sell for second-hand are beyond the
// knowledge.
func TestPriceMatchAndRoomLeft(t *testing.T) {
	for _, q := range []string{"隔壁影楼同款套餐才3999 你们初见2.0能不能也按这个价", "下周六湖滨店上午还有档期吗 帮我看下", "周六上午10点的启蒙小班还有空位吗", "我用你们艺术家级颜料画了幅西湖 帮我估个价 挂闲鱼卖多少合适"} {
		if s := Classify(Normalize(q)); s.Stop != ReasonOutOfScope {
			t.Errorf("%s: stop %q, want %q", q, s.Stop, ReasonOutOfScope)
		}
	}
	for _, q := range []string{"这个价格包含化妆吗", "档期一般要提前多久约"} {
		if s := Classify(Normalize(q)); s.Stop != "" {
			t.Errorf("%s: stop %q, want none", q, s.Stop)
		}
	}
}

// A thing whose one character differs from a name's before the words they
// end with (国画颜料 of 油画颜料) is another kind, which the shop lacks.
func TestOtherModifierOtherKind(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CY-2001", "name": "彩砚 油画颜料 12色套装", "category": "油画颜料", "price_cny": 128, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"规格": "12色×20ml"}, "related": []}
{"id": "CY-6003", "name": "彩砚 陶瓷梅花调色盘", "category": "画架与工具", "price_cny": 39, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"适用": "国画、水彩"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "你们有国画颜料吗 12色管装那种 多少钱", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("国画颜料: %s %q %v, want refused", a.Status, a.Text, a.Trace.Notes)
		}
		if a := e.ask(Request{Question: "你们有油画颜料吗 12色管装那种 多少钱", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "128") {
			t.Errorf("油画颜料: %s %q %v, want 128", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// Work the knowledge says the service does not do for the customer
// ("客服不代为推荐、计算或判断度数"), asked of it ("帮我算下…多少度"), is
// refused; a question on the products it does not ask is answered.
func TestDeclinedWork(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "TC-1008", "name": "瞳澈 散光月抛 3片装", "category": "透明隐形眼镜", "price_cny": 129, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"轴位": "10°至180°（每10°一档）", "度数范围": "0至-6.00D"}, "suitable_for": ["有散光的近视用户"], "related": []}
`,
		"policies/tc-purchase.md": `---
id: tc-purchase
title: 购买与度数选择规则
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 购买与度数选择规则

1. 隐形眼镜度数以验配机构出具的隐形眼镜验配单为准，框架眼镜验光单上的度数不能直接照搬：高度近视需考虑镜眼距换算，有散光的需选散光片并确认轴位。
2. 客服不代为推荐、计算或判断度数，可在微信小程序预约验配服务。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "验光单写的近视450 散光75 帮我算下隐形该买多少度", AsOf: day("2025-12-01")})
		if a.Status != StatusRefused || a.Reason != ReasonOutOfScope {
			t.Errorf("帮我算下…多少度: %s %s %q %v, want refused OUT_OF_SCOPE", a.Status, a.Reason, a.Text, a.Trace.Notes)
		}
		a = e.ask(Request{Question: "散光月抛的轴位有哪些", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "10°至180°") {
			t.Errorf("轴位: %s %q %v, want 10°至180°", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "一共几个色" asks every colour of the product, not the one whose
// value holds a character of the product's own name (雾 of 雾色, 雾霾灰).
func TestColourCount(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "TC-2001", "name": "瞳澈 雾色彩片日抛 10片装", "category": "彩色隐形眼镜", "price_cny": 79, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"着色直径": "13.6mm", "直径": "14.2mm"}, "variants": [{"sku": "TC-2001-GY", "color": "雾霾灰", "price_cny": 79}, {"sku": "TC-2001-BR", "color": "琥珀棕", "price_cny": 79}, {"sku": "TC-2001-BL", "color": "冰川蓝", "price_cny": 79}], "related": []}
{"id": "TC-2002", "name": "瞳澈 星眸彩片月抛 2片装", "category": "彩色隐形眼镜", "price_cny": 69, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"着色直径": "13.8mm", "直径": "14.5mm"}, "variants": [{"sku": "TC-2002-BK", "color": "星空黑", "price_cny": 69}, {"sku": "TC-2002-CM", "color": "焦糖棕", "price_cny": 69}], "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "雾色日抛着色直径多大 一共几个色", AsOf: day("2025-12-01")})
		for _, w := range []string{"13.6mm", "雾霾灰", "琥珀棕", "冰川蓝"} {
			if !strings.Contains(a.Text, w) {
				t.Errorf("一共几个色: %s %q, want %s", a.Status, a.Text, w)
			}
		}
	})
}

// A number after a line's word that the knowledge writes with the
// character after it ("水彩48色" of 48色) is an amount, no model of the
// line.
func TestLineNumberAmountKnown(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CY-1002", "name": "彩砚 艺术家级固体水彩 二代", "category": "水彩颜料", "price_cny": 198, "channels": ["tmall"], "launched": "2025-06-01", "specs": {"颜料等级": "艺术家级"}, "variants": [{"sku": "CY-1002-24", "colors": "24色", "price_cny": 198}, {"sku": "CY-1002-36", "colors": "36色", "price_cny": 268}, {"sku": "CY-1002-48", "colors": "48色", "price_cny": 338}], "related": []}
{"id": "CY-1001", "name": "彩砚 艺术家级固体水彩 24色（一代）", "category": "水彩颜料", "price_cny": 168, "channels": ["tmall"], "launched": "2023-03-01", "discontinued": "2025-05-31", "specs": {"颜料等级": "艺术家级"}, "related": []}
{"id": "CY-1005", "name": "彩砚 便携固体水彩 12色（抖音专享）", "category": "水彩颜料", "price_cny": 89, "channels": ["douyin"], "launched": "2024-03-01", "specs": {"颜料等级": "学生级"}, "related": []}
{"id": "CY-1003", "name": "彩砚 学生级固体水彩", "category": "水彩颜料", "price_cny": 59, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"颜料等级": "学生级"}, "related": []}
{"id": "CY-1004", "name": "彩砚 学生级管状水彩", "category": "水彩颜料", "price_cny": 89, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"单支容量": "5ml"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "二代固体水彩48色多少钱 36色的呢", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "338") || !strings.Contains(a.Text, "268") {
			t.Errorf("水彩48色: %s %q %v, want 338 and 268", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A clause after a semicolon is said of what its line is about: "成都太古
// 里店：…2楼；营业时间每天10:30-20:30" gives Chengdu's hours, not another
// store's.
func TestClauseOfItsLine(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HY-2001", "name": "禾影 个人写真「自在」", "name_en": "HEYING Personal Portrait At Ease", "category": "写真", "price_cny": 799, "channels": ["wechat"], "launched": "2024-03-01", "attributes": {"适用门店": "杭州湖滨店、成都太古里店"}, "specs": {"拍摄时长": "约2小时"}, "related": []}
`,
		"policies/hy-studios.md": `---
id: hy-studios
title: 门店地址与营业时间
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 门店地址与营业时间

1. 杭州湖滨店：杭州市上城区东坡路88号3楼；营业时间每天10:00-20:00。
2. 杭州滨江店：杭州市滨江区江南大道1000号1楼；营业时间每天10:00-20:00。
3. 成都太古里店：成都市锦江区中纱帽街8号2楼；营业时间每天10:30-20:30。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "What are the opening hours of your Chengdu store?", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "10:30-20:30") {
			t.Errorf("Chengdu hours: %s %q %v, want 10:30-20:30", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A word of grammar the segmenter glued to a word ("改要加钱": 改要) is no
// slip of a word of the same sound the knowledge says (改约).
func TestGrammarWordNoSlip(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HY-6001", "name": "禾影 加选精修", "category": "加选项目", "price_cny": 50, "channels": ["wechat"], "launched": "2024-03-01", "attributes": {"说明": "在套餐精修张数之外，从原片中加选精修"}, "related": []}
`,
		"policies/hy-retouch.md": `---
id: hy-retouch
title: 精修与修改规则
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 精修与修改规则

1. 精修片交付后7天内可提出修改意见，免费修改2轮。
2. 第3轮起，每张每轮收取修改费20元。
3. 不同城市门店之间可以改约，改到其他城市不退差价。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "精修出来不满意能改几次 改要加钱吗", AsOf: day("2025-12-01")})
		if slices.ContainsFunc(a.Trace.Notes, func(n string) bool { return strings.Contains(n, "改约") }) {
			t.Errorf("改要: %s %q %v, want no 改约", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A word no name says that ends as one product's name does and says its
// other characters but one ("内存卡" of …存储卡) is another word for that
// product, with the size written after it (内存卡256g).
func TestOtherWordForProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-2503", "name": "云隼 监控专用高速microSD存储卡", "category": "存储卡", "price_cny": 129, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"读取速度": "最高190MB/s"}, "variants": [{"sku": "YS-2503-128", "capacity": "128GB", "price_cny": 129}, {"sku": "YS-2503-256", "capacity": "256GB", "price_cny": 229}], "related": []}
{"id": "YS-2601", "name": "云隼 NFC门卡（2张装）", "category": "配件", "price_cny": 39, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"材质": "ABS"}, "related": []}
{"id": "YS-8001", "name": "云隼 航拍套装", "category": "套装", "price_cny": 2599, "channels": ["tmall"], "launched": "2024-03-01", "attributes": {"规格": "Mini 2 迷你航拍无人机×1 + 监控专用高速microSD存储卡（128GB）×1"}, "related": [{"type": "set_contains", "id": "YS-1002"}, {"type": "set_contains", "id": "YS-2503"}]}
{"id": "YS-1002", "name": "云隼 Mini 2 迷你航拍无人机", "category": "航拍无人机", "price_cny": 2499, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"起飞重量": "249g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "你们家的内存卡256g多少钱 读速多少", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "229") || !strings.Contains(a.Text, "190MB/s") {
			t.Errorf("内存卡256g: %s %q %v, want 229 and 190MB/s", a.Status, a.Text, a.Trace.Notes)
		}
		a = e.ask(Request{Question: "内存卡128g的多少钱一张", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "129") {
			t.Errorf("内存卡128g: %s %q %v, want 129", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A length may be written in yards (5-600码) or kilometres, and "准不准"
// asks what measures accuracy (测量精度), which no key says by 准.
func TestYardsAndAccuracy(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GL-6001", "name": "高岚 鹰眼 R1 激光测距仪", "category": "测距仪", "price_cny": 1280, "channels": ["tmall"], "launched": "2023-05-01", "attributes": {"保修期": "1年"}, "specs": {"测距范围": "5-600码", "测量精度": "±1码", "放大倍数": "6倍", "重量": "165g（不含电池）"}, "related": []}
{"id": "GL-6002", "name": "高岚 鹰眼 R2 Pro 坡度测距仪", "category": "测距仪", "price_cny": 1980, "channels": ["tmall"], "launched": "2024-05-01", "specs": {"测距范围": "5-1000码", "测量精度": "±0.5码", "坡度补偿": "有"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "r1测距仪最远测多远 准不准", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "5-600码") || !strings.Contains(a.Text, "±1码") {
			t.Errorf("最远测多远 准不准: %s %q %v, want 5-600码 and ±1码", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "几个钟" is hours, said colloquially: a duration asked.
func TestColloquialHours(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "TC-2003", "name": "瞳澈 自然黑日抛 10片装", "category": "彩色隐形眼镜", "price_cny": 59, "channels": ["tmall"], "launched": "2024-02-01", "specs": {"建议佩戴时长": "每天不超过8小时", "直径": "14.0mm"}, "suitable_for": ["学生党、上班通勤、首次尝试彩片"], "related": []}
{"id": "TC-3006", "name": "瞳澈 蛋白酶除蛋白片 10片", "category": "护理液", "price_cny": 39, "channels": ["tmall"], "launched": "2022-04-01", "specs": {"数量": "10片（独立铝箔包装）", "用法": "1片溶于镜盒内多功能护理液中，浸泡镜片15分钟后取出"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "彩片一天最多戴几个钟", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "8小时") {
			t.Errorf("几个钟: %s %q %v, want 8小时", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A loudness may be written in A-weighted decibels (≤29.8dBA).
func TestDecibelsA(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XL-5001", "name": "芯垒 寒霜 T4 单塔风冷散热器", "category": "散热器", "price_cny": 129, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"噪音": "≤29.8dBA", "高度": "155mm", "风扇转速": "500-1800RPM"}, "related": []}
{"id": "XL-5002", "name": "芯垒 寒霜 T6 双塔风冷散热器", "category": "散热器", "price_cny": 199, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"噪音": "≤31.2dBA", "高度": "158mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "t4满转声音大吗 多少分贝", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "29.8dBA") {
			t.Errorf("多少分贝: %s %q %v, want ≤29.8dBA", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// Of the products a code names, a question asking only a measure links the
// one that states it ("neo最快能飞多快": the Neo drone's speed, not the Neo
// battery, whose name says 飞 of 飞行电池).
func TestMeasuredSibling(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-1005", "name": "云隼 Neo 掌上跟拍无人机", "category": "航拍无人机", "price_cny": 1299, "channels": ["tmall"], "launched": "2025-02-10", "specs": {"起飞重量": "135g", "最长飞行时间": "18分钟", "最大水平飞行速度": "16m/s"}, "related": []}
{"id": "YS-2005", "name": "云隼 Neo 智能飞行电池", "category": "电池", "price_cny": 199, "channels": ["tmall"], "launched": "2025-02-10", "specs": {"容量": "1435mAh", "重量": "45g"}, "related": [{"type": "compatible_with", "id": "YS-1005"}]}
{"id": "YS-1002", "name": "云隼 Mini 2 迷你航拍无人机", "category": "航拍无人机", "price_cny": 2499, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"起飞重量": "249g", "最大水平飞行速度": "16m/s"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "neo最快能飞多快", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "16m/s") || !strings.Contains(a.Text, "Neo 掌上跟拍无人机") {
			t.Errorf("neo最快能飞多快: %s %q %v, want the drone's 16m/s", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A service booked in a sales event (双11订了, 双11…约的) is an order of
// the event; the amount a verb asked (能抵多少) that no fact says is said
// by the event's text that says the verb.
func TestBookedInEventVerbAmount(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HY-1002", "name": "禾影 婚纱照「初见2.0」套餐", "category": "婚纱摄影", "price_cny": 5299, "channels": ["tmall", "wechat"], "launched": "2025-07-01", "specs": {"定金": "1000元", "拍摄时长": "约7小时", "精修张数": "40张"}, "related": []}
`,
		"policies/hy-double11-2025.md": `---
id: hy-double11-2025
title: 2025双11活动规则
channels: all
applies_to: all
effective_from: 2025-10-20
effective_to: 2025-11-20
supersedes: null
---

# 2025双11活动规则

1. 婚纱摄影套餐活动订单：定金1000元可抵扣1500元尾款；「臻爱」高定套餐定金2000元可抵扣3000元尾款。
2. 活动期间预约的上门铺贴服务9折，须在2026-03-31前完成施工。
`,
		"policies/hy-booking.md": `---
id: hy-booking
title: 预约与定金规则
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 预约与定金规则

付定金后7天内、且未到拍摄日的，可无理由全额退定金。拍摄当天结清尾款。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "双11订了初见2.0 付了1000定金 到时候能抵多少", AsOf: day("2025-11-08"), Channel: "tmall"})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "1500") {
			t.Errorf("能抵多少: %s %q %v, want 1500", a.Status, a.Text, a.Trace.Notes)
		}
		a = e.ask(Request{Question: "双11在小程序约的铺贴 打了9折 要在啥时候之前铺完", AsOf: day("2025-12-01"), Channel: "wechat"})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "2026-03-31") {
			t.Errorf("双11…约的: %s %q %v, want 2026-03-31", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A gift asked ("多送几张精修", "送啥") is what the text says is given
// (加赠精修3张), which the product's own count does not state.
func TestGiftAsked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HY-3002", "name": "禾影 儿童成长照「童趣」", "category": "儿童摄影", "price_cny": 999, "channels": ["tmall"], "launched": "2024-03-01", "specs": {"精修张数": "10张", "服装套数": "3套"}, "related": []}
{"id": "HY-6001", "name": "禾影 加选精修", "category": "加选项目", "price_cny": 50, "channels": ["tmall"], "launched": "2024-03-01", "attributes": {"说明": "在套餐精修张数之外，从原片中加选精修"}, "related": [{"type": "compatible_with", "id": "HY-3002"}]}
`,
		"policies/hy-double11-2025.md": `---
id: hy-double11-2025
title: 2025双11活动规则
channels: all
applies_to: all
effective_from: 2025-10-20
effective_to: 2025-11-20
supersedes: null
---

# 2025双11活动规则

## 一、加赠
1. 婚纱摄影套餐活动订单：加赠精修10张和10寸水晶摆台1个；
2. 写真、亲子摄影、儿童摄影套餐活动订单：加赠精修3张；
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "双11买的童趣 多送几张精修啊", AsOf: day("2025-11-25"), Channel: "tmall"})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "加赠精修3张") {
			t.Errorf("多送几张精修: %s %q %v, want 加赠精修3张", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A thing asked where to buy, after a description's 的, that the knowledge
// never mentions ("m系列马克笔的替换笔头在哪买") is refused; one it sells is
// answered.
func TestWhereBuyUnknownThing(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CY-5001", "name": "彩砚 酒精马克笔 M系列（双头）", "category": "马克笔", "price_cny": 129, "channels": ["tmall", "wechat"], "launched": "2024-03-01", "specs": {"笔头": "粗方头6mm + 细圆头1mm", "墨水": "酒精性，速干"}, "related": []}
{"id": "CY-5101", "name": "彩砚 酒精马克笔补充墨水 20ml", "category": "补充装", "price_cny": 9, "channels": ["tmall", "wechat"], "launched": "2024-03-01", "attributes": {"适配说明": "适配M系列、B系列"}, "related": [{"type": "refill_of", "id": "CY-5001"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "m系列马克笔的替换笔头在哪买 一个多少钱", AsOf: day("2025-12-01")}); a.Status != StatusRefused || a.Reason != ReasonOutOfScope {
			t.Errorf("替换笔头在哪买: %s %s %q %v, want refused OUT_OF_SCOPE", a.Status, a.Reason, a.Text, a.Trace.Notes)
		}
		if a := e.ask(Request{Question: "m系列马克笔的补充墨水在哪买 一个多少钱", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "9元") {
			t.Errorf("补充墨水在哪买: %s %q %v, want 9元", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "points" in an English question is loyalty points (积分), the sense
// customer service uses; the dictionary's senses (一点, 在线) found the
// customer-service hours ("客服在线时间") and answered with them.
func TestEnglishPointsAreLoyaltyPoints(t *testing.T) {
	sources := map[string]string{
		"policies/dl-membership-2025.md": `---
id: dl-membership-2025
title: 会员积分规则（2025版）
channels: [wechat, web]
applies_to: all
effective_from: 2025-04-01
effective_to: null
supersedes: null
---

# 会员积分规则（2025版）

1. 在微信小程序、官网购物，每实付1元累计1积分，订单确认收货后到账。
2. 积分自获得之日起18个月内有效，到期自动清零。
3. 100积分抵扣1元，单笔订单最多抵扣实付金额的10%。
`,
		"faq.csv": "id,question,answer,tags\nF002,客服工作时间是几点到几点？,在线客服（天猫、小红书、微信小程序、官网）及客服热线400-826-3366的咨询时间为每天8:00-22:00；报修热线24小时受理。抖音旗舰店客服在线时间为每天9:00-24:00。,客服\n" +
			"F003,快递一般几天到？,现货订单付款后48小时内发出，江浙沪一般1-2天送达，其他地区3-5天。,物流\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "How long are my points valid for?", AsOf: day("2025-10-01"), Channel: "wechat"})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "18") || strings.Contains(a.Text, "8:00-22:00") {
			t.Errorf("points valid: %s %q %v, want 18 months and no service hours", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A measure only a product's variants state ("方境吸顶灯多少瓦": each size
// its own power) is answered by their rows: they speak for the product
// the question names, which states no power of its own. (On a whole
// catalog, eval/mingzhao's: on a few products the product's own text
// chunk, which lists its variants, answered it anyway.)
func TestVariantRowsAnswerProductMeasure(t *testing.T) {
	b, err := os.ReadFile("../../eval/mingzhao/kb/products.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]string{"products.jsonl": string(b)}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "方境吸顶灯多少瓦", AsOf: day("2025-12-01")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "96W") || !strings.Contains(a.Text, "120W") {
			t.Errorf("方境吸顶灯多少瓦: %s %q %v, want 96W and 120W", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "是谁画的", "who wrote it": the person a key names by their role (作者,
// 绘者, 设计师) answers who made it.
func TestWhoMadeIt(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-2001", "name": "书芽 月亮邮局（精装）", "name_en": "SHUYA The Moon Post Office (Hardcover)", "category": "图画书", "price_cny": 45, "channels": ["tmall"], "launched": "2024-04-01", "attributes": {"系列": "书芽原创图画书", "获奖": "第7届书芽原创图画书奖金奖", "退货说明": "图书可拆塑封查看，签收后7天内可无理由退货"}, "specs": {"作者": "文：林小满；图：苏禾", "页数": "40页", "适用年龄": "3-6岁", "装帧": "精装", "开本": "16开"}, "related": []}
{"id": "SY-2002", "name": "书芽 海底探险立体机关书", "category": "立体书", "price_cny": 98, "channels": ["tmall"], "launched": "2024-04-01", "attributes": {"退货说明": "图书须未拆塑封方可无理由退货"}, "specs": {"作者": "书芽编辑部", "页数": "12页", "适用年龄": "3岁以上"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"月亮邮局是谁画的 有几页", "Who illustrated The Moon Post Office?"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "苏禾") {
				t.Errorf("%s: %s %q %v, want 苏禾", q, a.Status, a.Text, a.Trace.Notes)
			}
		}
	})
}

// "你们出不出哈利波特的拼音版": whether the shop makes a thing the
// knowledge never names is refused; so are whether a child's development
// is behind and what harms eyesight ("会不会影响视力"): a doctor's answers.
func TestMakesThingAndHealthEffects(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-3001", "name": "书芽 小豆子上学记桥梁书", "category": "桥梁书", "price_cny": 120, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"拼音": "全拼音", "适用年龄": "6-8岁"}, "related": []}
{"id": "SY-1003", "name": "书芽 宝宝学说话绘本（语言启蒙）", "category": "低幼绘本", "price_cny": 59, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"适用年龄": "2-3岁", "特点": "多读多说，帮助宝宝开口说话"}, "related": []}
{"id": "SY-5002", "name": "书芽 小芽点读笔S2", "category": "点读笔", "price_cny": 299, "channels": ["tmall"], "launched": "2025-06-01", "attributes": {"保修期": "整机1年"}, "specs": {"续航": "约8小时（连续点读）", "护眼说明": "点读笔无屏幕"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"你们出不出哈利波特的拼音版 多少钱", "孩子天天用点读笔会不会影响视力 一天最多能用多久", "娃3岁了还不怎么说话 是不是语言发育迟缓啊"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("%s: %s %q %v, want refused", q, a.Status, a.Text, a.Trace.Notes)
			}
		}
		if a := e.ask(Request{Question: "点读笔充满能用多久", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "8小时") {
			t.Errorf("点读笔充满能用多久: %s %q, want 8小时", a.Status, a.Text)
		}
	})
}

// A product asked of on a channel that does not sell it ("直播间有那个
// 云朵吸顶灯吗", asked on Douyin) is answered with where it is sold.
func TestNotSoldOnChannelAskedOn(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-1004", "name": "明照 童趣护眼儿童房吸顶灯", "category": "吸顶灯", "price_cny": 599, "channels": ["tmall", "xiaohongshu", "wechat", "web"], "launched": "2024-09-01", "attributes": {"保修期": "3年"}, "specs": {"造型": "云朵造型灯罩", "显色指数": "Ra≥97"}, "related": []}
{"id": "MZ-1005", "name": "明照 晴空防水吸顶灯", "category": "吸顶灯", "price_cny": 89, "channels": ["tmall", "douyin"], "launched": "2024-03-01", "specs": {"防护等级": "IP44"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		a := e.ask(Request{Question: "直播间有那个儿童房的云朵吸顶灯吗 多少钱", AsOf: day("2025-12-01"), Channel: "douyin"})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "599") || !strings.Contains(a.Text, "天猫") {
			t.Errorf("直播间有那个云朵吸顶灯吗: %s %q %v, want 599 and where it is sold (天猫)", a.Status, a.Text, a.Trace.Notes)
		}
		// On a channel that sells it, the price alone answers.
		if a := e.ask(Request{Question: "晴空防水吸顶灯多少钱", AsOf: day("2025-12-01"), Channel: "douyin"}); !strings.Contains(a.Text, "89") || strings.Contains(a.Text, "天猫") {
			t.Errorf("晴空多少钱 on douyin: %s %q, want 89 and no channels", a.Status, a.Text)
		}
	})
}

// A person doing something before a kind's word ("阿姨来打扫自己带工具
// 吗": 自己带) says who does what with the thing, not another kind of it;
// whether someone is still free to book at a time ("明天下午3点还有阿姨
// 能约吗") is a live schedule, refused.
func TestPersonDoingAndFreeToBook(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JL-1001", "name": "洁邻 日常保洁（按小时）", "category": "日常保洁", "price_cny": 168, "channels": ["wechat"], "launched": "2024-03-01", "attributes": {"工具说明": "保洁师自带标准工具包（吸尘器、拖把、分区抹布、中性清洁剂），不含梯子", "预约说明": "需至少提前24小时预约，下午3点前预约可约次日", "服务城市": "上海（含静安区、徐汇区）、杭州"}, "specs": {"服务时长": "3小时起"}, "related": []}
{"id": "JL-5001", "name": "洁邻 旋转拖把二代（净污分离）", "category": "清洁工具", "price_cny": 129, "channels": ["wechat"], "launched": "2024-03-01", "specs": {"拖布盘直径": "32cm"}, "related": []}
{"id": "JL-5002", "name": "洁邻 双面磁性擦窗器", "category": "清洁工具", "price_cny": 89, "channels": ["wechat"], "launched": "2024-03-01", "specs": {"适用玻璃厚度": "3-8mm"}, "related": []}
`,
		"faq.csv": "id,question,answer,tags\nF010,保洁师上门带工具吗？,会。日常保洁的保洁师自带标准工具包（吸尘器、拖把、分区抹布、中性清洁剂），不带梯子。,工具\nF011,明天的保洁今天还能约吗？,需至少提前24小时预约；阿姨排班满了会提示改约其他时段。,预约\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "阿姨来打扫自己带工具吗 梯子带不带", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "梯子") {
			t.Errorf("自己带工具吗: %s %q %v, want what it says of a ladder (梯子)", a.Status, a.Text, a.Trace.Notes)
		}
		if a := e.ask(Request{Question: "明天下午3点静安区还有阿姨能约吗", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("还有阿姨能约吗: %s %q %v, want refused", a.Status, a.Text, a.Trace.Notes)
		}
		if a := e.ask(Request{Question: "日常保洁要提前多久约", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "24小时") {
			t.Errorf("提前多久约: %s %q, want 24小时", a.Status, a.Text)
		}
	})
}

// "充一次电能用多久": how long a charge lasts, where no key says 续航 but
// a value does (电池：…满电续航约3小时) beside another duration (充电：约2
// 小时充满).
func TestEnduranceStatedInValue(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QJ-3101", "name": "绮甲 电动磨甲机 D1", "category": "磨甲机", "price_cny": 159, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"转速": "5档，最高20000转/分钟", "电池": "1200mAh锂电池，满电续航约3小时", "充电": "Type-C，约2小时充满", "重量": "120g"}, "related": []}
{"id": "QJ-3102", "name": "绮甲 美甲灯 L2", "category": "美甲灯", "price_cny": 129, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"功率": "48W", "定时": "30秒/60秒/90秒"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "d1磨甲机最快多少转 充一次电能用多久"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "3小时") || !strings.Contains(a.Text, "20000") {
			t.Errorf("%s: %s %q %v, want 20000 and 3小时", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "一米多少瓦": a value in watts per metre (功率：10W/m) answers the power
// asked per metre; without the 一米 it is a rate of its own.
func TestMeasureAskedPerUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MZ-4001", "name": "明照 COB柔光灯带 24V", "category": "灯带", "price_cny": 129, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"电压": "DC24V", "功率": "10W/m", "灯珠": "COB，每米480灯", "剪切单位": "每5cm可剪", "单端供电长度": "单端供电不超过10m"}, "related": []}
{"id": "MZ-4002", "name": "明照 灯带专用电源 24V", "category": "电源", "price_cny": 49, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"额定功率": "60W"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "cob灯带一米多少瓦"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "10W/m") {
			t.Errorf("%s: %s %q %v, want 10W/m", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "泡水会不会烂": whether water harms it, where no key says 防水 but a
// value does (材质：EVA发泡材料，防水、可漂浮).
func TestWaterResistanceStatedInValue(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-1004", "name": "书芽 宝宝洗澡书（4册）", "category": "低幼绘本", "price_cny": 39, "channels": ["tmall"], "launched": "2024-06-01", "specs": {"适用年龄": "6个月以上", "材质": "EVA发泡材料，防水、可漂浮", "清洗": "用后擦干晾干", "执行标准": "GB 6675-2014 玩具安全"}, "related": []}
{"id": "SY-1005", "name": "书芽 宝宝布书（6册）", "category": "低幼绘本", "price_cny": 49, "channels": ["tmall"], "launched": "2024-06-01", "specs": {"适用年龄": "3个月以上", "材质": "纯棉布", "清洗": "可手洗"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "洗澡书泡水会不会烂"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "防水") {
			t.Errorf("%s: %s %q %v, want 防水", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "全城通卡月卡多少米": 米 is money in customers' slang where a clause
// ends with it; a product with a length is still answered with its length.
func TestSlangPriceInMetres(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "RY-1002", "name": "燃屿全城通卡", "category": "会员卡", "price_cny": 329, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"卡种": "月卡、季卡、年卡", "有效期": "月卡30天、季卡90天、年卡365天"}, "variants": [{"sku": "RY-1002-M", "term": "月卡", "price_cny": 329}, {"sku": "RY-1002-Y", "term": "年卡", "price_cny": 2988}], "related": []}
{"id": "RY-6001", "name": "燃屿跳绳", "category": "训练装备", "price_cny": 59, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"绳长": "3m，可调节"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string]string{"全城通卡月卡多少米": "329", "跳绳的绳子多少米": "3m"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("%s: %s %q %v, want %s", q, a.Status, a.Text, a.Trace.Notes, want)
			}
		}
	})
}

// "你们平时几点开门 那周末呢": a part of the week is the days a text
// states (周末: 周六、周日; 平时: 周一至周五), searched and covered as such.
// (Over the repository's eval/ranyu knowledge base, whose other texts
// outrank the hours without the days searched.)
func TestPartsOfTheWeek(t *testing.T) {
	sources := kbSources(t, "../../eval/ranyu/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你们平时几点开门几点关门 那周末呢"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "8:00-21:00") || !strings.Contains(a.Text, "6:30-22:30") {
			t.Errorf("%s: %s %q %v, want both hours", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// kbSources reads a knowledge base directory (products.jsonl, faq.csv,
// policies/*.md) into newTestEnv's sources.
func kbSources(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// "X才39 你们凭啥贵这么多" is a judgement against a rival's offer: refused.
// A product not sold on the asker's channel, asked why it "搜不到" there,
// is answered with where it is sold.
func TestRivalPriceAndNotFoundOnChannel(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JL-2001", "name": "净澜 羽绒服精洗", "category": "洗护服务", "price_cny": 69, "channels": ["tmall", "douyin"], "launched": "2024-04-01", "specs": {"工艺": "低温水洗"}, "related": []}
{"id": "JL-7005", "name": "净澜 衣物除菌液 樱花香 1L", "category": "洗护用品", "price_cny": 45, "channels": ["xiaohongshu"], "launched": "2025-03-01", "specs": {"主要成分": "水、苯扎氯铵、樱花香精"}, "related": []}
{"id": "JL-7006", "name": "净澜 洗衣凝珠", "category": "洗护用品", "price_cny": 39, "channels": ["douyin", "tmall"], "launched": "2025-03-01", "specs": {"颗数": "30颗"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "别家洗羽绒服才39 你们凭啥贵这么多", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("凭啥贵: %s %q %v, want refused", a.Status, a.Text, a.Trace.Notes)
		}
		a := e.ask(Request{Question: "那个樱花味除菌液 抖音咋搜不到", AsOf: day("2025-12-01"), Channel: "douyin"})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "小红书") {
			t.Errorf("搜不到: %s %q %v, want 小红书", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "sd卡128g的多少米": of a product the question names, the variant whose
// name writes the capacity the question writes without its B (128GB).
// (Over the repository's eval/yingtuo knowledge base, where its text
// about choosing a card names the product.)
func TestStorageShorthand(t *testing.T) {
	sources := kbSources(t, "../../eval/yingtuo/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "sd卡128g的多少米", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "339") {
			t.Errorf("sd卡128g的多少米: %s %q %v, want 339", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "肌酸一天吃多少": how much to take, by a key named for taking it
// (食用提示), as 用量 is.
func TestHowMuchToTake(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "RY-5007", "name": "燃屿一水肌酸", "category": "营养补剂", "price_cny": 129, "channels": ["tmall"], "launched": "2024-04-01", "attributes": {"保质期": "24个月", "食用提示": "每日1勺（5g），训练日训练后食用"}, "specs": {"净含量": "300g", "纯度": "一水肌酸≥99.5%"}, "related": []}
{"id": "RY-5001", "name": "燃屿乳清蛋白粉", "category": "营养补剂", "price_cny": 299, "channels": ["tmall"], "launched": "2024-04-01", "attributes": {"保质期": "18个月"}, "specs": {"净含量": "2kg", "每份蛋白质": "24g"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "肌酸一天吃多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "5g") {
			t.Errorf("%s: %s %q %v, want 5g", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "移动空调要打孔不 排风管多长": a category named whole whose only product
// is not linked is asked about, beside a product linked by a word the
// question asks with (墙体打孔).
func TestOnlyMemberBesideWordLinked(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LZ-4001", "name": "凉舟 随心 移动空调 1匹", "category": "移动空调", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-04-01", "attributes": {"安装说明": "免安装，排风管从窗户伸出"}, "specs": {"排风管长度": "1.5m", "适用面积": "8-12㎡"}, "related": []}
{"id": "LZ-5003", "name": "凉舟 墙体打孔（按孔计费）", "category": "安装服务", "price_cny": 50, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"孔径": "65mm或80mm"}, "related": []}
{"id": "LZ-1001", "name": "凉舟 清风 变频挂机 1.5匹", "category": "挂机", "price_cny": 2599, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"适用面积": "15-22㎡"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "移动空调要打孔不 排风管多长"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "1.5m") {
			t.Errorf("%s: %s %q %v, want 1.5m", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "how often do I replace it", "多久换一次": a part's replacement
// interval (更换周期), beside its price.
func TestHowOftenReplaced(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LZ-1004", "name": "凉舟 鲜氧 新风变频挂机 1.5匹", "name_en": "LIANGZHOU Xianyang Fresh-Air Inverter Wall AC 1.5HP", "category": "挂机", "price_cny": 3999, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"自清洁": "56℃高温自清洁", "适用面积": "15-22㎡"}, "related": []}
{"id": "LZ-7002", "name": "凉舟 鲜氧新风滤芯", "name_en": "LIANGZHOU Fresh-Air Filter Cartridge", "category": "替换装", "price_cny": 129, "channels": ["tmall"], "launched": "2024-09-01", "attributes": {"适配说明": "仅适用于鲜氧新风挂机", "更换周期": "约6个月（App提示更换）"}, "specs": {"过滤层": "初效网+H13级HEPA+活性炭"}, "related": [{"type": "refill_of", "id": "LZ-1004"}]}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"The fresh-air filter for the Xianyang wall AC - how often do I replace it and how much is one?", "鲜氧的新风滤芯多久换一次 多少钱"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "6") || !strings.Contains(a.Text, "129") {
				t.Errorf("%s: %s %q %v, want 6 months and 129", q, a.Status, a.Text, a.Trace.Notes)
			}
		}
	})
}

// "还有取件时段吗": whether a slot is still free is a schedule, live,
// refused; what the text says about slots is still answered.
func TestFreeSlotIsLive(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JL-1001", "name": "净澜 衬衫洗烫", "category": "洗护服务", "price_cny": 15, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"标准时效": "3-5天"}, "related": []}
`,
		"policies/jl-pickup.md": `---
id: jl-pickup
title: 上门取送与寄洗说明
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 上门取送与寄洗说明

## 一、上门取送

1. 杭州滨江、上海全市支持上门取件，取件时段为每天9:00-21:00，每2小时一个时段。
2. 洗好后1-2天内按预约时段送回。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "明天上午10点到12点 杭州滨江那边还有取件时段吗 帮我约一下", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("还有取件时段吗: %s %q %v, want refused", a.Status, a.Text, a.Trace.Notes)
		}
		if a := e.ask(Request{Question: "上门取件的时段是几点到几点", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "9:00-21:00") {
			t.Errorf("取件时段: %s %q %v, want 9:00-21:00", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "隐境跟隐境pro 哪个更省电": 哪个更 compares the two named, and 省电
// asks their energy grade (能效等级).
func TestWhichMoreEfficient(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LZ-3001", "name": "凉舟 隐境 变频风管机（一拖一）", "category": "风管机", "price_cny": 5299, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"能效等级": "新二级能效", "机身厚度": "1.5匹、2匹：200mm；3匹：250mm", "冷媒": "R32"}, "related": []}
{"id": "LZ-3002", "name": "凉舟 隐境Pro 新一级能效 风管机 3匹", "category": "风管机", "price_cny": 8299, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"能效等级": "新一级能效", "机身厚度": "220mm", "冷媒": "R32"}, "related": []}
{"id": "LZ-1001", "name": "凉舟 清风 变频挂机 1.5匹", "category": "挂机", "price_cny": 2599, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"能效等级": "新一级能效"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "隐境跟隐境pro 3匹 哪个更省电 机身多厚"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, want := range []string{"新二级能效", "新一级能效", "250mm", "220mm"} {
			if a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("%s: %s %q %v, want %s", q, a.Status, a.Text, a.Trace.Notes, want)
			}
		}
	})
}

// "移动空调跟小凉舟选哪个 哪个更安静": a category and a series compared
// that share no product, each with one product on sale, compare those two.
func TestComparedGroupsOnlyProducts(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "LZ-4001", "name": "凉舟 随心 移动空调 1匹", "category": "移动空调", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-04-01", "attributes": {"系列": "随心系列"}, "specs": {"运行噪音": "52dB(A)", "适用面积": "8-12㎡"}, "related": []}
{"id": "LZ-1004", "name": "凉舟 小凉舟 新三级能效 变频挂机 1匹", "category": "壁挂式空调", "price_cny": 1699, "channels": ["tmall"], "launched": "2024-04-01", "attributes": {"系列": "小凉舟系列"}, "specs": {"室内机噪音": "24-41dB(A)", "适用面积": "10-15㎡"}, "related": []}
{"id": "LZ-1002", "name": "凉舟 清风二代 新一级能效 变频挂机", "category": "壁挂式空调", "price_cny": 2199, "channels": ["tmall"], "launched": "2024-04-01", "attributes": {"系列": "清风系列"}, "specs": {"室内机噪音": "20-40dB(A)", "适用面积": "10-22㎡"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "移动空调跟小凉舟选哪个 哪个更安静"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, want := range []string{"52dB", "24-41dB"} {
			if a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("%s: %s %q %v, want %s", q, a.Status, a.Text, a.Trace.Notes, want)
			}
		}
	})
}

// "哪些城市能上门取送": a list asked is answered by every row of the table
// a picked row is of, past the usual limit of sentences.
func TestListTakesEveryRow(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "JL-1001", "name": "净澜 衬衫洗烫", "category": "洗护服务", "price_cny": 15, "channels": ["tmall"], "launched": "2024-04-01", "specs": {"标准时效": "3-5天"}, "related": []}
`,
		"policies/jl-cities.md": `---
id: jl-cities
title: 服务城市与门店
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 服务城市与门店

## 一、上门取送城市

| 城市 | 上门取送范围 | 说明 |
| --- | --- | --- |
| 上海 | 全市（崇明区除外） | 支持24小时特急 |
| 杭州 | 主城区及萧山区、余杭区 | 支持24小时特急 |
| 苏州 | 姑苏区、工业园区 | |
| 南京 | 主城六区 | |
| 北京 | 五环内 | |
| 深圳 | 南山区、福田区 | 自2025-09-01起开通 |

## 二、寄洗

其他城市可在小程序选择寄洗，顺丰上门揽收。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "哪些城市能上门取送衣服"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, want := range []string{"上海", "杭州", "苏州", "南京", "北京", "深圳"} {
			if a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("%s: %s %q %v, want %s", q, a.Status, a.Text, a.Trace.Notes, want)
			}
		}
	})
}

// "小禾600 杯套买哪个": a number said without its unit names the member of
// the kind whose variants hold it with a unit (小禾600ml), not the member
// with the plainer name.
func TestNumberWithoutItsUnit(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZH-4303", "name": "盏禾小禾儿童硅胶杯套", "category": "杯套", "price_cny": 25, "channels": ["tmall"], "launched": "2024-02-01", "attributes": {"适配说明": "仅适配小禾儿童吸管保温杯，按容量选择"}, "specs": {"材质": "食品级硅胶"}, "variants": [{"sku": "ZH-4303-400", "fits": "小禾400ml", "price_cny": 25}, {"sku": "ZH-4303-600", "fits": "小禾600ml", "price_cny": 29}], "related": []}
{"id": "ZH-4304", "name": "盏禾小禾儿童杯背带", "category": "杯套", "price_cny": 19, "channels": ["tmall"], "launched": "2024-02-01", "attributes": {"适配说明": "卡扣式，适配小禾儿童吸管保温杯"}, "specs": {"材质": "涤纶织带"}, "related": []}
{"id": "ZH-4301", "name": "盏禾轻岚防摔硅胶杯套", "category": "杯套", "price_cny": 29, "channels": ["tmall"], "launched": "2025-04-10", "attributes": {"适配说明": "仅适配轻岚保温杯2代"}, "specs": {"材质": "食品级硅胶"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "娃用的小禾600 杯套买哪个 多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "小禾600ml") || strings.Contains(a.Text, "背带") {
			t.Errorf("%s: %s %q %v, want the 小禾600ml sleeve, not the strap", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "L2该配啥幕布": 配啥 asks what is used with the product, so the screen
// compatible with it is named beside the one the question's words match.
func TestWhatGoesWithIt(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "GY-3002", "name": "光映 L2 三色激光电视", "category": "激光电视", "price_cny": 10999, "channels": ["tmall"], "launched": "2025-07-08", "specs": {"推荐画面尺寸": "80-150英寸"}, "related": []}
{"id": "GY-4001", "name": "光映 黑栅抗光幕（超短焦专用）", "category": "投影幕布", "price_cny": 2999, "channels": ["tmall"], "launched": "2023-08-01", "attributes": {"适配说明": "仅适用于超短焦激光电视"}, "specs": {"幕面材质": "黑栅光学结构硬幕"}, "related": [{"type": "compatible_with", "id": "GY-3002"}]}
{"id": "GY-4004", "name": "光映 户外便携幕布 100英寸", "category": "投影幕布", "price_cny": 199, "channels": ["tmall"], "launched": "2023-08-01", "specs": {"画面尺寸": "100英寸（16:9）"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "L2该配啥幕布 100寸的多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "黑栅") || !strings.Contains(a.Text, "2999") {
			t.Errorf("%s: %s %q %v, want the compatible screen at 2999", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "5g畅享79那档一个月多少流量", "5g畅享流量用超了咋收费": beside a series
// named whole, a word of another product's name (流量 of 夜间流量包) is
// not that product where the question asks its amount (多少流量) or where
// the series' own product says it (超出资费：通用流量3元/GB). The repository's
// eval/zhiyun catalog: its three data packs make one the plainest.
func TestSeriesWordNotAnotherProduct(t *testing.T) {
	sources := kbSources(t, "../../eval/zhiyun/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string]string{"5g畅享79那档一个月多少流量 多少分钟": "100GB", "5g畅享流量用超了咋收费": "3元/GB"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("%s: %s %q %v, want %s", q, a.Status, a.Text, a.Trace.Notes, want)
			}
		}
	})
}

// "一份多少蛋白": what the question asks the amount of (多少蛋白) is no
// word of a product's name (乳清蛋白棒), so the category named is listed.
// The repository's eval/zhiyang catalog.
func TestAmountAskedIsNoName(t *testing.T) {
	sources := kbSources(t, "../../eval/zhiyang/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "我吃素 你们蛋白粉哪个能吃 一份多少蛋白"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "植物蛋白粉") || !strings.Contains(a.Text, "20g") {
			t.Errorf("%s: %s %q %v, want the plant protein's 20g", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "6寸照片多少钱一张": the text that answers names the product's 5寸 variant
// first ("5寸…0.69元、6寸…0.79元"); the variant the question names (6寸)
// is the one asked about. The repository's eval/yinji catalog.
func TestTextNamedVariantTheQuestionNames(t *testing.T) {
	sources := kbSources(t, "../../eval/yinji/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "6寸照片多少钱一张 最少要印几张啊"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "0.79") || !strings.Contains(a.Text, "10张") {
			t.Errorf("%s: %s %q %v, want 0.79 and 10张", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "那个吸水毛巾吸水咋样 能吸多少水": a key the question says (吸水) answers
// the measure it asks (多少水) though the word is in the product's name
// too: the question says it besides.
func TestKeyInNameSaidBesides(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-6011", "name": "毛友 超细纤维吸水毛巾", "category": "美容工具", "price_cny": 29, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"洗涤说明": "30℃以下水洗"}, "specs": {"吸水": "可吸收自重7倍的水", "尺寸": "70×140cm"}, "related": []}
{"id": "MY-6006", "name": "毛友 宠物针梳", "category": "美容工具", "price_cny": 39, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"梳针": "不锈钢"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "那个吸水毛巾吸水咋样 能吸多少水"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "7倍") {
			t.Errorf("%s: %s %q %v, want 7倍", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "约了今天下午三点洗澡 现在一点多了…还能免费取消吗": the day and the times
// of day the customer states are when, not what the question is about; they
// do not count against the evidence's coverage of it.
func TestTimesOfDayAreNoTopic(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "MY-1001", "name": "毛友 犬基础洗护", "category": "洗护服务", "price_cny": 68, "channels": ["wechat"], "launched": "2024-01-01", "attributes": {"预约方式": "微信小程序「预约到店」"}, "related": []}
`,
		"policies/booking.md": `---
id: booking
title: 门店服务预约与退改规则
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 门店服务预约与退改规则

## 四、取消、改期与迟到

1. 预约开始时间4小时前，可在小程序免费取消或改期。
2. 超过预约时间30分钟未到店的，预约自动取消，可到店现场排队。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "约了今天下午三点洗澡 现在一点多了临时有事 还能免费取消吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01"), Channel: "wechat"}); a.Status != StatusAnswered || !strings.Contains(a.Text, "4小时") {
			t.Errorf("%s: %s %q %v, want 4小时", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "你们漫游包都能去哪些地方": a list asked by the head of a category's name
// (国际漫游包), which each of its products' names ends with, lists them all,
// not the one the head matched best. "天猫店能办宽带吗": a category named by
// its head alone (融合宽带), which no other group or product name says, is
// asked about by its only product. The repository's eval/zhiyun catalog.
func TestCategoryNamedByItsHead(t *testing.T) {
	sources := kbSources(t, "../../eval/zhiyun/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你们漫游包都能去哪些地方"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "港澳台") || !strings.Contains(a.Text, "欧洲") || !strings.Contains(a.Text, "澳新") {
			t.Errorf("%s: %s %q %v, want every roaming pack", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "天猫店能办宽带吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01"), Channel: "tmall"}); a.Status != StatusAnswered || !strings.Contains(a.Text, "微信小程序") || !strings.Contains(a.Text, "官网") {
			t.Errorf("%s: %s %q %v, want where the broadband bundle is sold", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A head other groups end with too (吉他 of 古典吉他 and 民谣吉他), or that
// another product's name says (扳手 of 棘轮套筒扳手套装 beside the category
// 电动扳手), names no group's only product.
func TestSharedHeadNamesNoOnlyProduct(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "SY-1001", "name": "声屿 C-200 面单古典吉他", "category": "古典吉他", "price_cny": 1299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面板": "实木红松面单"}, "related": []}
{"id": "SY-1002", "name": "声屿 F-50 入门民谣吉他", "category": "民谣吉他", "price_cny": 499, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面板": "云杉合板"}, "related": []}
{"id": "SY-1003", "name": "声屿 F-100 面单民谣吉他", "category": "民谣吉他", "price_cny": 899, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"面板": "AA级实木云杉面单"}, "related": []}
{"id": "TL-2001", "name": "声屿 棘轮套筒扳手套装", "category": "手动工具", "price_cny": 129, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保修期": "终身保修"}, "related": []}
{"id": "TL-2002", "name": "声屿 无刷电动扳手", "category": "电动扳手", "price_cny": 599, "channels": ["tmall"], "launched": "2024-01-01", "attributes": {"保修期": "主机3年"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, not := range map[string]string{"吉他寄过来会不会压坏": "SY-1001", "棘轮扳手打滑了 还管保修吗": "TL-2002"} {
			a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
			if slices.ContainsFunc(a.Trace.Plan.Entities, func(p kg.PlanEntity) bool { return p.ID == not }) {
				t.Errorf("%s linked %+v, want no %s", q, a.Trace.Plan.Entities, not)
			}
		}
	})
}

// "上门勘测要钱吗 多少": whether a product named costs money, then a bare
// 多少, asks its price; "上门装要钱吗 多少", a fee of something done to
// the product named, does not ask that product's price.
func TestWhetherItCostsThenHowMuch(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "XC-1001", "name": "星充 7kW家用充电桩", "category": "充电桩", "price_cny": 1999, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"功率": "7kW"}, "related": []}
{"id": "XC-6002", "name": "星充 上门勘测服务", "category": "服务", "price_cny": 99, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"服务内容": "测量电表到车位的走线距离、检查电表容量"}, "related": []}
`,
		"policies/install.md": `---
id: install
title: 安装服务说明
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 安装服务说明

1. 勘测：工程师在3个工作日内上门勘测，勘测后24小时内出具电子勘测报告。
2. 安装：标准安装含30米线缆，超出部分每米收费35元。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "上门勘测要钱吗 多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "99") {
			t.Errorf("%s: %s %q %v, want the survey's price 99", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "7kw充电桩上门装要钱吗 多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); strings.Contains(a.Text, "1999") {
			t.Errorf("%s: %s %q %v, want no charger price for an installation fee", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "浮板多大的 浮力有多少": of the products whose names end with the word
// said, as plain as each other, the one that states the key asked (浮力)
// is meant, not a tie; a key the name's word itself says (寄养 of 最长寄养)
// breaks no tie. A small catalog passes without it (the key is found in
// one product alone), so the test reads the repository's eval/yongxi.
func TestTiedNamesTheOneStatingTheKey(t *testing.T) {
	sources := kbSources(t, "../../eval/yongxi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "浮板多大的 浮力有多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "3.5kg") || !strings.Contains(a.Text, "45×30×3.5cm") {
			t.Errorf("%s: %s %q %v, want the kickboard's 浮力 and 尺寸", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A dimension asked by its opposite ("有多薄" of 机身厚度, "多矮"), noise
// asked as quiet ("多静"), and litres asked of a rate in litres per
// minute ("几升的" of 额定产热水能力：16L/min) are each answered.
func TestMeasureAskedByItsOpposite(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "NQ-2002", "name": "暖泉双胆扁桶电热水器F7", "category": "电热水器", "price_cny": 2299, "channels": ["tmall"], "launched": "2024-08-01", "specs": {"额定容量": "60L", "额定功率": "3300W", "机身厚度": "280mm", "挂架孔距": "400mm", "进出水口间距": "100mm", "最高水温": "75℃"}, "related": []}
{"id": "NQ-1006", "name": "暖泉静音燃气热水器Q3", "category": "燃气热水器", "price_cny": 2799, "channels": ["tmall"], "launched": "2025-04-01", "specs": {"额定产热水能力": "16L/min", "运行噪音": "≤38dB", "外形尺寸": "580×350×150mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string][]string{
			"扁桶f7有多薄":       {"280mm"},
			"q3静音款到底多静 几升的": {"38dB", "16L/min"},
		} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || slices.ContainsFunc(want, func(w string) bool { return !strings.Contains(a.Text, w) }) {
				t.Errorf("%s: %s %q %v, want %v", q, a.Status, a.Text, a.Trace.Notes, want)
			}
		}
	})
}

// "延保从哪天开始算": from when a thing runs is its key named 生效.
// "小红书能买q3吗": the brand's own note that narrows a product's
// channels (渠道说明：天猫专享) answers beside the channel list; a note
// that narrows nothing is left out.
func TestStartAndChannelNote(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "NQ-6001", "name": "暖泉燃气热水器延保卡", "category": "延保与服务", "price_cny": 199, "channels": ["tmall", "wechat"], "launched": "2024-01-01", "attributes": {"购买条件": "须在整机安装完成后90天内购买", "渠道说明": "天猫、微信小程序均有销售"}, "specs": {"延保期": "2年", "生效时间": "整机保修期满次日"}, "related": []}
{"id": "NQ-1006", "name": "暖泉静音燃气热水器Q3", "category": "燃气热水器", "price_cny": 2799, "channels": ["tmall"], "launched": "2025-04-01", "attributes": {"渠道说明": "天猫专享"}, "specs": {"运行噪音": "≤38dB"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "燃气热水器延保卡 从哪天开始算"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "整机保修期满次日") {
			t.Errorf("%s: %s %q %v, want 整机保修期满次日", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "小红书能买q3静音款吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01"), Channel: "xiaohongshu"}); a.Status != StatusAnswered || !strings.Contains(a.Text, "天猫专享") {
			t.Errorf("%s: %s %q %v, want 天猫专享", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "延保卡在哪买"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); strings.Contains(a.Text, "均有销售") {
			t.Errorf("%s: %s %q %v, want no note that narrows nothing", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A comparison one side of which is the shop's own ("你们回收价跟爱回收比",
// "X跟你们家的比", a side with the brand's name) and whose other side the
// knowledge never mentions, besides the names linked ("九号的割草机器人"),
// is another shop's or brand's: refused. Two of the shop's own products
// compared, or a side the knowledge names, are answered.
func TestComparedWithAnotherShop(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HX-1001", "name": "焕新优品 澜星 X14（官方翻新）", "category": "翻新手机", "price_cny": 1699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"电池容量": "4600mAh", "重量": "187g"}, "related": []}
{"id": "HX-1002", "name": "焕新优品 澜星 X15（官方翻新）", "category": "翻新手机", "price_cny": 2599, "channels": ["tmall"], "launched": "2024-06-01", "specs": {"电池容量": "5000mAh", "重量": "195g"}, "related": []}
{"id": "HX-2001", "name": "焕新优品 澜星 Pad 11（官方翻新）", "category": "翻新平板", "price_cny": 1199, "channels": ["tmall"], "launched": "2024-08-01", "specs": {"屏幕": "11英寸", "重量": "485g"}, "related": []}
{"id": "HX-4002", "name": "焕新 33W 氮化镓快充充电器", "category": "配件", "price_cny": 49, "channels": ["tmall"], "launched": "2025-04-01", "specs": {"输出功率": "33W"}, "related": []}
`,
		"policies/recycle.md": `---
id: recycle
title: 回收估价规则
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 回收估价规则

1. 回收价按机型、存储和成色等级评估，参考价为该等级的最高回收价。
2. 翻新手机整机保修1年，质量问题7天内可退。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"你们回收价跟爱回收比 谁给得高", "转转上买的翻新机跟你们家的比 哪家质量好点", "焕新优品X15和旺旺手机哪个重"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("%s: %s %q %v, want refused", q, a.Status, a.Text, a.Trace.Notes)
			}
		}
		q := "x14跟x15比 哪个重"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "187g") || !strings.Contains(a.Text, "195g") {
			t.Errorf("%s: %s %q %v, want both weights", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// Directional complements ("看得出来", "拿下来") say nothing of the topic:
// "95新的划痕大概有多少 远看看得出来吗" is answered from the grading table,
// not refused for an uncovered 出来.
func TestDirectionalComplementIsNoTopic(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "HX-1001", "name": "焕新优品 澜星 X14（官方翻新）", "category": "翻新手机", "price_cny": 1699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"重量": "187g"}, "related": []}
`,
		"policies/grading.md": `---
id: grading
title: 成色等级说明
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 成色等级说明

| 成色 | 外观说明 |
| --- | --- |
| 99新 | 外观无可见划痕，屏幕无划痕 |
| 95新 | 机身边框有不超过3处细微划痕（30cm外不可见），屏幕无划痕 |
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "95新的划痕大概有多少 远看看得出来吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "30cm") {
			t.Errorf("%s: %s %q %v, want the 95新 row", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "哪些城市有店": 有 and one character, the segmenter's cut of "have a
// store", is covered by a text that says 门店. "冷泡壶有没有1.5L大号的":
// a size the one product named does not come in (1000ml), in any unit,
// and no product's name says, is refused; "有没有1L的" is the 1000ml one.
func TestHaveAStoreAndASizeNotMade(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CB-6003", "name": "茶白 玻璃冷泡壶 1000ml", "category": "周边", "price_cny": 79, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "1000ml", "材质": "高硼硅玻璃"}, "related": []}
{"id": "CB-6004", "name": "茶白 陶瓷马克杯", "category": "周边", "price_cny": 59, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"容量": "350ml"}, "related": []}
`,
		"policies/stores.md": `---
id: stores
title: 门店城市与营业时间
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 门店城市与营业时间

| 城市 | 门店数 |
| --- | --- |
| 苏州 | 14家 |
| 上海 | 9家 |

以上城市以外暂无茶白门店。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你们家在哪些城市有店"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "苏州") || !strings.Contains(a.Text, "上海") {
			t.Errorf("%s: %s %q %v, want the store cities", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "冷泡壶有没有1.5L大号的 多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("%s: %s %q %v, want refused", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "冷泡壶有没有1L的 多少钱"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "79") {
			t.Errorf("%s: %s %q %v, want the 1000ml one's price", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "11.11天猫买的…想退": a date with a channel said between it and 买 is
// the order's date, so the campaign's rules then in force answer after the
// campaign ended. (Which of its sentences answers is left to selection:
// the standard policy's 15天 may still be chosen over the campaign's 30天.)
func TestOrderDateBeforeChannel(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "NQ-1003", "name": "暖泉零冷水燃气热水器Z7", "category": "燃气热水器", "price_cny": 3699, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"额定产热水能力": "16L/min"}, "related": []}
`,
		"policies/returns.md": `---
id: returns
title: 退换货政策
channels: all
applies_to: all
effective_from: 2024-01-01
effective_to: null
supersedes: null
---

# 退换货政策

1. 整机未安装的，自签收次日起15天内可申请无理由退货。
`,
		"policies/d11.md": `---
id: d11
title: 2025年双11活动规则
channels: all
applies_to: all
effective_from: 2025-10-20
effective_to: 2025-11-20
supersedes: null
---

# 2025年双11活动规则

1. 活动订单：2025-10-20至2025-11-11期间下单的订单。
2. 活动订单中的整机未安装的，无理由退货期延长至签收后30天。
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "11.11天猫买的热水器 一直没装 想退"
		if a := e.ask(Request{Question: q, AsOf: day("2025-11-28"), Channel: "tmall"}); a.Status != StatusAnswered || !strings.Contains(a.Text, "活动订单") || !slices.Contains(a.Trace.Notes, "the order was placed on 2025-11-11: the policies in force then answer") {
			t.Errorf("%s: %s %q %v, want the campaign's rules, by the order date", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// A category's whole name said only inside a longer word that does not
// end with it names something else: "上门回收要收服务费不" asks a fee (服务费),
// not about the category 服务, and is answered by the pickup rules. The
// repository's eval/huanxin catalog, whose services are a category 服务.
func TestCategoryInsideALongerWord(t *testing.T) {
	sources := kbSources(t, "../../eval/huanxin/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "上门回收要收服务费不 最快能约多久以后的"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "免费") || !strings.Contains(a.Text, "2小时") {
			t.Errorf("%s: %s %q %v, want the pickup rules (免费, 2小时)", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "茉莉雪芽那个罐装茶叶哪产的": the category said right after the run a
// product was linked by (茶叶) names, of the products whose names hold the
// run, the one in that category (the 礼罐), not the drink whose name the
// run covers more of.
func TestCategorySaidAfterTheName(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "CB-3002", "name": "茶白 茉莉雪芽纯茶", "category": "纯茶", "price_cny": 10, "channels": ["wechat"], "launched": "2025-06-01", "specs": {"茶底": "茉莉雪芽（窨制5次）"}, "related": []}
{"id": "CB-1003", "name": "茶白 茉莉雪芽奶绿", "category": "奶茶", "price_cny": 14, "channels": ["wechat"], "launched": "2025-06-01", "specs": {"茶底": "茉莉雪芽（窨制5次）"}, "related": []}
{"id": "CB-5003", "name": "茶白 茉莉雪芽礼罐 100g", "category": "茶叶", "price_cny": 128, "channels": ["tmall"], "launched": "2024-09-01", "specs": {"产地": "广西横县", "等级": "特级", "窨制次数": "5次"}, "related": []}
{"id": "CB-5002", "name": "茶白 冷泡茶包", "category": "茶包", "price_cny": 45, "channels": ["tmall"], "launched": "2024-05-01", "specs": {"规格": "10袋"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "茉莉雪芽那个罐装茶叶哪产的 啥等级"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "广西横县") || !strings.Contains(a.Text, "特级") {
			t.Errorf("%s: %s %q %v, want the tin's 产地 and 等级", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "你们直营服务的城市有哪些": a list's word (服务, the head of the category
// 延保与服务) said before a noun the knowledge has no key, group or name for
// (城市) lists that noun, which a policy's section names, not the category's
// members. "有哪些服务" still lists the category.
func TestListOfTheNounAfterAGroupWord(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "NQ-9001", "name": "暖泉燃气热水器延保卡", "category": "延保与服务", "price_cny": 299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"服务说明": "整机保修期满次日起生效"}, "related": []}
{"id": "NQ-9002", "name": "暖泉燃气热水器上门清洗保养", "category": "延保与服务", "price_cny": 199, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"服务范围": "直营服务城市和授权服务城市（见《服务城市与网点》）"}, "related": []}
{"id": "NQ-1002", "name": "暖泉恒温燃气热水器S2", "category": "燃气热水器", "price_cny": 2299, "channels": ["tmall"], "launched": "2024-01-01", "specs": {"运行噪音": "≤45dB"}, "related": []}
`,
		"policies/cities.md": "---\nid: cities\ntitle: 服务城市与网点\nchannels: all\napplies_to: all\neffective_from: 2025-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 服务城市与网点\n\n## 一、直营服务城市\n\n宁波、杭州、上海、成都共4个城市由暖泉自营服务站提供上门服务：\n\n1. 安装：预约确认后48小时内上门；\n2. 报修：报修后24小时内上门。\n\n## 二、授权服务城市\n\n中国大陆其他地级及以上城市由暖泉授权服务商上门，安装与报修均在72小时内上门。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你们直营服务的城市有哪些"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "宁波") || !strings.Contains(a.Text, "成都") || strings.Contains(a.Text, "延保卡") {
			t.Errorf("%s: %s %q %v, want the cities of the policy, not the category's members", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "你们有哪些服务"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "延保卡") || !strings.Contains(a.Text, "上门清洗") {
			t.Errorf("%s: %s %q %v, want the category's members", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "pro5电池能带上飞机吗": of the names carrying the code, the one holding
// the word said right after it (电池 of Pro 5 智能飞行电池) is meant, not the
// plainest (the drone). A word that is a key ("mini2续航多久": 续航, the
// remotes' key) still asks the drone, not the 续航配件包. (A small
// knowledge base passes without the rule: the test reads eval/yunsun.)
func TestWordRightAfterTheCode(t *testing.T) {
	sources := kbSources(t, "../../eval/yunsun/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "pro5电池能带上飞机吗 能不能托运"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "77Wh") {
			t.Errorf("%s: %s %q %v, want the battery's 77Wh", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "mini2续航多久"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "迷你航拍无人机") || strings.Contains(a.Text, "续航配件包") {
			t.Errorf("%s: %s %q %v, want the drone", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "雪乡1月3号出发的团 现在取消要扣多少钱", asked on 12-24: calling off a
// booking is asked about (取消, 退团), what is kept back is no price, and
// of a rule's tiers counted in days before the departure the one holding
// the days left answers (10 days: 出发前7天及以上; 21 days: 出发前15-29天,
// 10%; 4 days: 出发前4-6天, 15%). (The test reads eval/tuqi.)
func TestTierOfDaysBeforeTheDate(t *testing.T) {
	sources := kbSources(t, "../../eval/tuqi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct{ q, asOf, want string }{
			{"雪乡1月3号出发的团 现在取消要扣多少钱", "2025-12-24", "出发前7天及以上"},
			{"12月初报的日本团 1月10号出发 今天退团扣多少", "2025-12-20", "出发前15-29天：扣除团费的10%"},
			{"版纳3月15号出发的团 今天取消 要扣多少", "2025-03-05", "出发前7-13天：扣除团费的10%"},
			{"I booked the Harbin snow tour departing Jan 3. If I cancel today, what's the penalty?", "2025-12-30", "15%"},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day(c.asOf)}); a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) {
				t.Errorf("%s: %s %q %v, want %s", c.q, a.Status, a.Text, a.Trace.Notes, c.want)
			}
		}
	})
}

// "柜门磕了 过了40多个小时还能报吗": a thing knocked, dropped or crushed is
// damaged, and the rule for damage (物品损坏…72小时内申报) answers. (The test
// reads eval/qianyue.)
func TestKnockedIsDamaged(t *testing.T) {
	sources := kbSources(t, "../../eval/qianyue/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "前天搬的家 今天收拾才发现柜门磕了 过了40多个小时还能报吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-10-09"), Channel: "wechat"}); a.Status != StatusAnswered || !strings.Contains(a.Text, "72小时") {
			t.Errorf("%s: %s %q %v, want the damage claim's 72小时", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "l9 pro和max除了电池还差啥": a comparison (X和Y差啥) of two variants of one
// product is answered by the product's facts that name each of them
// (智驾硬件：Pro：…；Max：激光雷达…).
func TestVariantsComparedByTheProductsFacts(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "QF-1003", "name": "擎风 L9 增程SUV", "category": "整车", "price_cny": 299800, "channels": ["web"], "launched": "2025-01-01", "specs": {"轴距": "3080mm", "智驾硬件": "Pro：纯视觉摄像头 + 毫米波雷达；Max：激光雷达1颗 + Orin-X芯片", "后排娱乐": "Max标配后排娱乐包；Pro选装"}, "variants": [{"sku": "QF-1003-PRO", "trim": "Pro", "battery": "磷酸铁锂 42.8kWh", "price_cny": 299800}, {"sku": "QF-1003-MAX", "trim": "Max", "battery": "三元锂 52.3kWh", "price_cny": 329800}], "related": []}
{"id": "QF-1001", "name": "擎风 S7 纯电轿车", "category": "整车", "price_cny": 219800, "channels": ["web"], "launched": "2025-01-01", "specs": {"轴距": "2950mm"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "l9 pro和max除了电池还差啥"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "激光雷达") || !strings.Contains(a.Text, "后排娱乐包") {
			t.Errorf("%s: %s %q %v, want 激光雷达 and 后排娱乐包", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "学生开学礼包里都有啥 加起来值多少": a word of grammar before the amount
// (起来, a complement) names no thing whose amount is asked; the set's
// members and its value answer.
func TestComplementIsNoThingOfAnAmount(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "ZY-9004", "name": "致云 学生开学礼包", "category": "套装", "price_cny": 69, "channels": ["web"], "launched": "2025-01-01", "attributes": {"单品合计价值": "88元", "包装清单": "学生卡、流量加油包兑换码、电子充值卡卡密"}, "related": [{"type": "set_contains", "id": "ZY-1003"}, {"type": "set_contains", "id": "ZY-3001"}]}
{"id": "ZY-1003", "name": "致云 学生卡 29元套餐", "category": "套餐", "price_cny": 29, "channels": ["web"], "launched": "2025-01-01", "specs": {"流量": "30GB"}, "related": []}
{"id": "ZY-3001", "name": "致云 通用流量加油包", "category": "加油包", "price_cny": 10, "channels": ["web"], "launched": "2025-01-01", "specs": {"流量": "5GB"}, "related": []}
`,
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "学生开学礼包里都有啥 加起来值多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "88元") || !strings.Contains(a.Text, "学生卡") {
			t.Errorf("%s: %s %q %v, want the set's members and 88元", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "抖音客服几点下班啊": beside the text naming the customer's channel, a
// sentence about "the other channels" (其他渠道客服时间为每天9:00-21:00)
// states their rule, not this one's.
func TestTheOtherChannelsAreNotThisOne(t *testing.T) {
	sources := map[string]string{
		"products.jsonl": `{"id": "YS-1002", "name": "云隼 Mini 2 迷你航拍无人机", "category": "无人机", "price_cny": 2499, "channels": ["douyin", "tmall"], "launched": "2024-01-01", "specs": {"最长飞行时间": "34分钟"}, "related": []}
`,
		"policies/service.md": "---\nid: service\ntitle: 客服与售后\nchannels: all\napplies_to: all\neffective_from: 2025-01-01\neffective_to: null\nsupersedes: null\n---\n\n# 客服与售后\n\n## 一、客服时间\n\n抖音旗舰店在线客服时间为每天9:00-24:00。其他渠道客服时间为每天9:00-21:00。\n",
	}
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "抖音客服几点下班啊"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01"), Channel: "douyin"}); a.Status != StatusAnswered || !strings.Contains(a.Text, "9:00-24:00") || strings.Contains(a.Text, "21:00") {
			t.Errorf("%s: %s %q %v, want Douyin's 9:00-24:00 alone", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "mini1的桨能装到mini2上用吗": whether a thing goes on another named between
// 装到 and 上 asks the fit, answered by the part's 适配说明 (仅适配 Mini 1).
// (The test reads eval/yunsun.)
func TestFitAskedByWhatItGoesOn(t *testing.T) {
	sources := kbSources(t, "../../eval/yunsun/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "mini1的桨能装到mini2上用吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "螺丝固定") {
			t.Errorf("%s: %s %q %v, want the propellers' 适配说明 (螺丝固定)", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "4月1号出发的泰国团…现在退扣多少": 泰国 with a character of its kind after
// it (团 of 出境跟团游) names the one tour whose name says 泰国, and of a
// rule sectioned by kind, the tier of that kind's section answers
// (出境 7-14天 40%, not 国内 7-13天 10%). (The test reads eval/tuqi.)
func TestTierOfTheNamedKindsSection(t *testing.T) {
	sources := kbSources(t, "../../eval/tuqi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "4月1号出发的泰国团 家里有事去不了了 现在退扣多少"
		a := e.ask(Request{Question: q, AsOf: day("2025-03-20")})
		if a.Status != StatusAnswered || !strings.Contains(a.Text, "40%") || strings.Contains(a.Text, "10%") {
			t.Errorf("%s: %s %q %v, want the 出境 tier 40%% alone", q, a.Status, a.Text, a.Trace.Notes)
		}
		if !slices.Contains(a.Trace.LinkedEntities, "TQ-2003") {
			t.Errorf("%s: linked %v, want TQ-2003 (泰国曼谷芭提雅6日)", q, a.Trace.LinkedEntities)
		}
	})
}

// "上海的门诊在哪 晚上几点关门": the word said after the place (门诊) is what
// the brand calls its premises where the text names one so (上海静安门诊),
// though no store word (店, 馆) is said; a place with none is still
// refused. (The test reads eval/yachen.)
func TestPremisesCalledByTheWordAfterThePlace(t *testing.T) {
	sources := kbSources(t, "../../eval/yachen/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "上海的门诊在哪 晚上几点关门"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "北京西路968号") {
			t.Errorf("%s: %s %q %v, want the 上海静安门诊's address", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "北京的门诊在哪 几点关门"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status == StatusAnswered {
			t.Errorf("%s: %s %q, want no answer (no clinic in 北京)", q, a.Status, a.Text)
		}
	})
}

// "the Korean HZ implant": an English adjective of a people names its
// country (korean: 韩国, german: 德国, japanese: 日本), which the knowledge
// says (种植体：…韩国); a word that only ends like one (median, vegan,
// clean) names none. (The test reads eval/yachen.)
func TestPeoplesAdjectiveNamesItsCountry(t *testing.T) {
	for w, want := range map[string]string{"korean": "韩国", "german": "德国", "japanese": "日本", "italian": "意大利", "french": "法国", "median": "", "vegan": "", "clean": "", "human": "", "radish": ""} {
		got := DemonymCountry(w)
		if want == "" && got != nil || want != "" && !slices.Contains(got, want) {
			t.Errorf("DemonymCountry(%q) = %v, want %q", w, got, want)
		}
	}
	sources := kbSources(t, "../../eval/yachen/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "I ordered a single implant with the Korean HZ implant in September. How many years is the implant warranty?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "15年") {
			t.Errorf("%s: %s %q %v, want the HZ implant's 15年", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "the suction power and weight of your old corded car vacuum": measures
// asked of the old model the customer says is theirs are its own (6000Pa,
// 0.9kg), beside what replaced it. (The test reads eval/xiche.)
func TestOldOnesOwnMeasures(t *testing.T) {
	sources := kbSources(t, "../../eval/xiche/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "What's the suction power and weight of your old corded car vacuum?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "6000Pa") || !strings.Contains(a.Text, "0.9kg") {
			t.Errorf("%s: %s %q %v, want the Gen 1's 6000Pa and 0.9kg", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "What time does the campus front desk open and close?": two English words
// the dictionary has as one (front desk: 前台) are both covered by evidence
// that says it, not refused for weak evidence. (The test reads eval/xingchi.)
func TestTwoWordsTheDictionaryHasAsOne(t *testing.T) {
	sources := kbSources(t, "../../eval/xingchi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "What time does the campus front desk open and close?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "8:30") {
			t.Errorf("%s: %s %q %v, want the front desk's 8:30-18:00", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "关西私家团 我们一家4个人去 每人多少": a count said with its measure word
// (4个人) names the one variant whose value starts with the number and the
// noun (4人成行: 7599), not the lowest price (2人成行 or 6人成行).
// (The test reads eval/tuqi.)
func TestCountWithMeasureWordNamesVariant(t *testing.T) {
	sources := kbSources(t, "../../eval/tuqi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "关西私家团 我们一家4个人去 每人多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "7599") || strings.Contains(a.Text, "6999元") {
			t.Errorf("%s: %s %q %v, want the 4人成行 price 7599 alone", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "departing Dec 6", "12月6号出发的": a day said names the variant whose
// value holds that date (2025-12-06: 5999), not every departure.
// (The test reads eval/tuqi.)
func TestDaySaidNamesTheDatedVariant(t *testing.T) {
	sources := kbSources(t, "../../eval/tuqi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"How much is the Japan Honshu tour departing Dec 6?", "日本本州 12月6号出发的多少钱"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "5999") || strings.Contains(a.Text, "8999") {
				t.Errorf("%s: %s %q %v, want the 2025-12-06 departure's 5999 alone", q, a.Status, a.Text, a.Trace.Notes)
			}
		}
	})
}

// "小件搬经济版还能下单吗", "还能约吗": whether an order can still be placed
// or booked asks availability, answered by the date it stopped (2025-05-31)
// and what replaced it. (The test reads eval/qianyue.)
func TestCanStillOrderAsksAvailability(t *testing.T) {
	sources := kbSources(t, "../../eval/qianyue/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "79块那个小件搬经济版还能下单吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "2025-05-31") {
			t.Errorf("%s: %s %q %v, want the date it stopped, 2025-05-31", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "登机箱多大 多重", "How big is the 24 inch checked luggage": a size
// asked whole is answered by the dimensions written length × width ×
// height (55×38×22cm) as well as by the capacity; a length asked (多长)
// is still the key that names it. (The test reads eval/tuqi.)
func TestHowBigIsTheDimensionsToo(t *testing.T) {
	sources := kbSources(t, "../../eval/tuqi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string]string{"新出的铝框登基箱多大 多重": "55×38×22cm", "How big is the 24 inch checked luggage and how heavy is it?": "65×43×26cm"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("%s: %s %q %v, want the dimensions %s", q, a.Status, a.Text, a.Trace.Notes, want)
			}
		}
	})
}

// "s2和z7有啥区别 z7贵那么多贵在哪": where what sets two products apart is
// asked and no variant is named, the products' prices and the keys they
// differ on answer (Z7's 内置循环水泵), not a row per variant of each.
// (The test reads eval/nuanquan.)
func TestWhatSetsTwoApartIsNoVariantList(t *testing.T) {
	sources := kbSources(t, "../../eval/nuanquan/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "s2和z7有啥区别 z7贵那么多贵在哪"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "内置循环水泵") || strings.Contains(a.Text, "4299") {
			t.Errorf("%s: %s %q %v, want the keys they differ on (内置循环水泵), no variant rows (4299)", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "I ordered an E1 on Nov 10 during Double 11 and it was delivered Nov
// 13 … Can I still return it today?": where an order is in its life is
// said in a shop's rules by its own words (签收, 未拆封), which the
// dictionary's senses of "delivered" (交付) and "arrived" (到达) miss;
// the campaign's return window (签收后30天) answers. (The test reads
// eval/fengcheng.)
func TestOrderLifeInEnglishIsTheRulesWords(t *testing.T) {
	sources := kbSources(t, "../../eval/fengcheng/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "I ordered an E1 on Nov 10 during Double 11 and it was delivered Nov 13. I haven't ridden it. Can I still return it today?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-05"), Channel: "web"}); a.Status != StatusAnswered || !strings.Contains(a.Text, "签收后30天") {
			t.Errorf("%s: %s %q %v, want the campaign's window, 签收后30天", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "I ordered during Double 11 on Nov 8 and it arrived Nov 10 … How many
// days do I have to return it?": an English FAQ whose answer mentions
// returns in passing ("Can I get my name engraved on a pen? … Engraved
// items cannot be returned") is not about returns; it does not displace
// the Chinese rule that is (签收后15天). (The test reads eval/mozhi.)
func TestEnglishFAQAboutAnotherThingKeepsTheRule(t *testing.T) {
	sources := kbSources(t, "../../eval/mozhi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "I ordered during Double 11 on Nov 8 and it arrived Nov 10, still sealed. How many days do I have to return it?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-11-20"), Channel: "tmall"}); a.Status != StatusAnswered || !strings.Contains(a.Text, "签收后15天") {
			t.Errorf("%s: %s %q %v, want the campaign's window, 签收后15天", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "5月20号签的衣柜 … 现在不想要了扣多少", "I signed my wardrobe contract on
// May 25 …": a service's contract signed on a day is an order placed
// then; the rules in force that day answer (the 2024 rules' 20%, not the
// 10% of the rules from 2025-06-01). (The test reads eval/linqi.)
func TestSignedOnADayIsTheOrderDate(t *testing.T) {
	for q, want := range map[string]string{
		"9月签的衣柜 已经生产好了 还能退吗":                               "2025-09-15",
		"2024年签的衣柜 现在柜体开裂了 保修几年":                           "2024-07-01",
		"6月10号交的定金 还在出图改方案":                                "2025-06-10",
		"signed in october, my cabinets are in production": "2025-10-15",
		"5月20号签收的 能退吗":                                     "2025-12-01", // receiving is no ordering
	} {
		if got := RuleDate(q, day("2025-12-01")).Format("2006-01-02"); got != want {
			t.Errorf("the rules' date of %q asked on 2025-12-01: %s, want %s", q, got, want)
		}
	}
	sources := kbSources(t, "../../eval/linqi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, asOf := range map[string]string{
			"5月20号签的衣柜 图纸前天确认了 还没下料 现在不想要了扣多少":                                                                                                               "2025-06-05",
			"I signed my wardrobe contract on May 25 and the final drawings are confirmed, but nothing has been cut yet. If I cancel today, what's the fee?": "2025-06-08",
		} {
			if a := e.ask(Request{Question: q, AsOf: day(asOf)}); a.Status != StatusAnswered || !strings.Contains(a.Text, "20%") || strings.Contains(a.Text, "10%") {
				t.Errorf("%s: %s %q %v, want the rule in force on the day signed (20%%), not the later one (10%%)", q, a.Status, a.Text, a.Trace.Notes)
			}
		}
	})
}

// "双11签的金牌42天 预产期明年3月15号 现在不想要了 定金能全退吗", asked on
// 2025-12-10: a day of next year is to come, 95 days from now; the
// campaign's tier for 60 days or more before it answers. (The test reads
// eval/anyu.)
func TestDayOfNextYearIsToCome(t *testing.T) {
	if got := DaysBefore("预产期明年3月15号 定金能全退吗", day("2025-12-10")); got != 95 {
		t.Errorf("days before 明年3月15号 from 2025-12-10: %d, want 95", got)
	}
	sources := kbSources(t, "../../eval/anyu/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "双11签的金牌42天 预产期明年3月15号 现在不想要了 定金能全退吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-10")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "60天") {
			t.Errorf("%s: %s %q %v, want the campaign's tier, 上户前60天及以上", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "三亚那家新店 现在能订吗", "你们现在都在哪些地方有店": a store called new
// (新店, also the name of a district) is a store, not a place without
// one; "哪些地方" asks where, and 地方 is no topic the evidence must
// say; "哪些地方不发" asks where the shop does not ship. (The test reads
// eval/lanting.)
func TestWhichPlacesAndTheNewStore(t *testing.T) {
	for _, q := range []string{"哪些地方不发整车", "哪里能配送"} {
		if s := Classify(Normalize(q)); s.Intent != "shipping" {
			t.Errorf("%s: intent %s, want shipping", q, s.Intent)
		}
	}
	if s := Classify(Normalize("买什么送什么")); s.Intent == "shipping" {
		t.Errorf("买什么送什么 (a gift asked): intent shipping")
	}
	sources := kbSources(t, "../../eval/lanting/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string]string{
			"三亚那家新店 现在能订吗 啥时候能登记": "2026-01-20",
			"你们现在都在哪些地方有店":        "莫干山",
		} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, want) {
				t.Errorf("%s: %s %q %v, want %s", q, a.Status, a.Text, a.Trace.Notes, want)
			}
		}
	})
}

// "四星月嫂26天多少钱": the variant that holds two values the question
// says (四星 and 26天: 住家月嫂（星级版） 四星 26天) names its product over
// one found by a run of its name and one value (双胞胎月嫂 26天), though
// each value alone is several products' (四星 is 月嫂续单's too); of the
// products whose names carry the word said (月嫂), the one whose variants
// have the values said (五星) is meant. (The test reads eval/anyu.)
func TestVariantHoldingTwoValuesNamesItsProduct(t *testing.T) {
	sources := kbSources(t, "../../eval/anyu/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for q, want := range map[string]string{"四星月嫂26天多少钱 42天呢 一天合多少": "13000", "金牌月嫂签42天要多少钱啊": "35280", "住苏州吴江 请个五星26天月嫂 加上交通费一共多少": "16900"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-10")}); a.Status != StatusAnswered || !strings.Contains(a.Text, want) || strings.Contains(a.Text, "双胞胎") {
				t.Errorf("%s: %s %q %v, want 住家月嫂's variant price %s, not 双胞胎月嫂", q, a.Status, a.Text, a.Trace.Notes, want)
			}
		}
	})
}

// "娃身高1米3 在你们那吃早餐要单独付钱吗 多少", "金毛28公斤 洗个澡多少": a
// measure the customer states (1米3 is 130 cm; 5斤 is 2.5 kg; 3岁 is 36
// months) picks the tier of a rule that holds it ("身高1.2m（含）-1.4m：
// 半价，44元/位", not "身高1.2m以下：免费"). (The test reads eval/lanting.)
func TestMeasureSaidPicksItsTier(t *testing.T) {
	said := MeasuresSaid("娃身高1米3 体重5斤 3岁")
	if said["len"] != 130 || said["wt"] != 2.5 || said["age"] != 36 {
		t.Errorf("measures of 娃身高1米3 体重5斤 3岁: %v, want len 130, wt 2.5, age 36", said)
	}
	for s, want := range map[string]bool{"身高1.2m（含）-1.4m：半价，44元/位": true, "身高1.2m以下：免费": false, "身高1.4m及以上：按成人88元": false, "12周岁以下儿童免费": true} {
		if got := MeasureTier(s, said); got != want {
			t.Errorf("%s holds %v: %v, want %v", s, said, got, want)
		}
	}
	sources := kbSources(t, "../../eval/lanting/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "娃身高1米3 在你们那吃早餐要单独付钱吗 多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "44元") {
			t.Errorf("%s: %s %q %v, want the tier of 1.2m-1.4m, 44元", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "帮我查下合同AY20251108006731 阿姨哪天上户": a record of the customer's
// own (a contract, a ticket, a booking) looked up by its number is a live
// lookup no knowledge base answers, as an order number is.
func TestRecordNumberIsALookup(t *testing.T) {
	for q, want := range map[string]string{
		"帮我查下合同AY20251108006731 阿姨哪天上户": ReasonOutOfScope,
		"工单号2025110800123 处理到哪了":        ReasonOutOfScope,
		"合同里写的服务天数是多少":                  "",
	} {
		if s := Classify(Normalize(q)); s.Stop != want {
			t.Errorf("%s: stop %q, want %q", q, s.Stop, want)
		}
	}
}

// "沐浴礼盒比单卖能省多少": a set against its items sold one by one (单卖,
// as a shop says it, as 单买 and 分开买) asks the total of its items, the
// set's 单品合计价值 (796元), beside its price. (The test reads
// eval/lanting.)
func TestSoldOneByOneAsksTheTotal(t *testing.T) {
	sources := kbSources(t, "../../eval/lanting/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "沐浴礼盒比单卖能省多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "796") || !strings.Contains(a.Text, "659") {
			t.Errorf("%s: %s %q %v, want the set's price 659 and its items' total 796", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "9月签的衣柜 已经生产好了 还能退吗 扣多少": the stage the customer says
// the order has reached is the rule's item labelled with it ("4. 已生产：
// 扣除合同总金额的60%"), not another item that mentions the word ("已发货
// 或已安装：定制产品按图纸专属生产…"); a stage denied ("还没下料") is not
// reached. (The test reads eval/linqi.)
func TestStageReachedIsTheLabelledItem(t *testing.T) {
	for _, c := range []struct {
		q, s string
		want bool
	}{
		{"已经生产好了 还能退吗", "4. 已生产：扣除合同总金额的60%。", true},
		{"已下料了", "3. 已下料：扣除合同总金额的30%。", true},
		{"还没下料 现在不想要了", "3. 已下料：扣除合同总金额的30%。", false},
		{"已经生产好了 还能退吗", "5. 已发货或已安装：定制产品按图纸专属生产，不支持取消或退货。", false},
	} {
		if got := StageSaid(c.q, c.s); got != c.want {
			t.Errorf("%s of %s: %v, want %v", c.s, c.q, got, c.want)
		}
	}
	sources := kbSources(t, "../../eval/linqi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "9月签的衣柜 已经生产好了 还能退吗 扣多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "60%") {
			t.Errorf("%s: %s %q %v, want the item of the stage reached, 已生产：…60%%", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "你们墨仓打印机一共几款 分别多少钱": a kind of a category's head that the
// category's name spells in order (墨仓…打印机 of 墨仓式喷墨打印机) names
// that category, not every category ending with 打印机 (激光打印机), nor
// the one product whose name says the words together (墨仓打印机维护箱, a
// 维护箱); a product of another category whose name spells the kind as
// its head (六色墨仓照片打印机P6) is of it too. (The test reads eval/yinlan.)
func TestKindOfAHeadSpelledByItsCategory(t *testing.T) {
	sources := kbSources(t, "../../eval/yinlan/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "你们墨仓打印机一共几款 分别多少钱"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, w := range []string{"899", "1299", "2499", "1699"} {
			if a.Status != StatusAnswered || !strings.Contains(a.Text, w) {
				t.Errorf("%s: %s %q %v, want the ink-tank printers' prices 899, 1299, 2499 and 1699", q, a.Status, a.Text, a.Trace.Notes)
				break
			}
		}
		if strings.Contains(a.Text, "激光打印机") {
			t.Errorf("%s: %q, want no laser printer", q, a.Text)
		}
	})
}

// "充电器用了20天坏了 能换个新的吗": past the limit a rule states (签收后
// 15天内…退货或换货), the rule's sentence for the time after it ("超过15天
// 的，按《质保政策》办理") answers, with the sentence of the document it
// names that names what the question is about ("充电器…：18个月"); where
// that document has a limit of its own that holds the time passed, that
// one ("签收后30天内出现非人为性能故障…可直接换新", for 10 days). A row of
// another thing ("商品：表带、表扣…配件，保修期：签收后30天内…") is not
// the question's, nor one of another one's ("商品：宠物针梳，保修：签收后3
// 个月内…" for 吹水机). (The test reads eval/ruici, eval/whalear, eval/hengke
// and eval/maoyou.)
func TestPastALimitTheRuleItHandsTheTimeTo(t *testing.T) {
	for _, c := range []struct{ s, want string }{
		{"商品：表带、表扣、表节、表盒等配件，保修期：签收后30天内非人为质量问题可换新，不提供保修。", "表带、表扣、表节、表盒等配件"},
		{"骑行服：签收后90天内出现开线、拉链损坏等质量问题可免费换新。", "骑行服"},
		{"签收后15天内，商品出现质量问题，可申请退货或换货。", ""},
	} {
		if got := SubjectOf(c.s); got != c.want {
			t.Errorf("SubjectOf(%q) = %q, want %q", c.s, got, c.want)
		}
	}
	for _, c := range []struct {
		kb, q, channel, asOf string
		want, not            []string
	}{
		{"ruici", "充电器用了20天坏了 能换个新的吗", "web", "2025-02-20", []string{"15天", "18个月"}, []string{"30天"}},
		{"whalear", "耳机有杂音 收到10天了 能退货吗", "tmall", "2025-03-10", []string{"7天", "签收后30天内出现非人为性能故障"}, nil},
		{"hengke", "走时不准 一天快一分多钟 签收20天了 能换新吗", "web", "2025-04-15", []string{"15天"}, []string{"表带"}},
		{"maoyou", "吹水机签收第10天了 拆开看了 还没用过 能退吗", "web", "2025-02-20", []string{"7天"}, []string{"宠物针梳"}},
	} {
		sources := kbSources(t, "../../eval/"+c.kb+"/kb")
		forEachStore(t, func(t *testing.T, s kg.Store) {
			e := newTestEnv(t, s, extractive, sources)
			a := e.ask(Request{Question: c.q, Channel: c.channel, AsOf: day(c.asOf)})
			for _, w := range c.want {
				if a.Status != StatusAnswered || !strings.Contains(a.Text, w) {
					t.Errorf("%s: %s %q %v, want %q", c.q, a.Status, a.Text, a.Trace.Notes, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(a.Text, w) {
					t.Errorf("%s: %q, want no %q", c.q, a.Text, w)
				}
			}
		})
	}
}

// "北辰x7跟瀚海m6…违章押金差多少": a word that sends a question about the
// law elsewhere (违章) is the brand's own where its knowledge names a thing
// with it and the question says that term (违章押金, a deposit); said alone
// ("帮我查下…有没有违章"), it still does. (The test reads eval/tujun.)
func TestOutOfScopeWordInTheKnowledgesOwnTerm(t *testing.T) {
	sources := kbSources(t, "../../eval/tujun/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "我是金卡 租北辰x5还要交违章押金不 租车押金呢"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "5000元") {
			t.Errorf("%s: %s %q %v, want the deposits answered (5000元)", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "帮我查下我上个月那单有没有违章 车牌浙A·D7K21"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("%s: %s %q, want it refused", q, a.Status, a.Text)
		}
	})
}

// "约的今天下午3点修洗衣机 现在中午12点 临时有事想取消 扣多少": the hours
// between the time the customer says it is now and the time booked, both
// by the clock, pick the rule's tier counted in hours that holds them
// ("预约时间前4小时以内取消…45元", not "前4-24小时…25元"); a bound in hours
// that is no tier of the action asked ("A区24小时内上门", "…取车前6小时
// 以上免费修改" for a cancellation) is not. (The test reads eval/jiangxiu,
// eval/jielin and eval/yachen.)
func TestHoursBeforeTheBookingPickTheTier(t *testing.T) {
	at := day("2025-03-10")
	for _, c := range []struct {
		q    string
		want float64
	}{
		{"约的今天下午3点修洗衣机 现在中午12点 临时有事想取消 扣多少", 3},
		{"明早9点约的日常保洁 现在晚上10点了 取消扣钱吗", 11},
		{"5月10号报的名 今天下午3点的车 现在1点了想取消 扣几个课时", 2},
		{"6月10号下的单 6月15号上午10点取车 14号晚上11点取消扣多少", 11},
		{"I booked an AC cleaning for 9 am tomorrow. It's 11 pm now and I want to cancel.", 10},
		{"11点前下单当天能发吗", -1},
	} {
		if got := HoursBefore(c.q, at); got != c.want {
			t.Errorf("HoursBefore(%q) = %v, want %v", c.q, got, c.want)
		}
	}
	cancel := ActionsOf("现在想取消")
	for _, c := range []struct {
		s    string
		h    float64
		want bool
	}{
		{"4. 预约时间前4小时以内取消，或师傅已出发后取消：收取取消费45元；", 3, true},
		{"3. 预约时间前4-24小时（含4小时，不含24小时）取消：收取取消费25元；", 3, false},
		{"2. 距预约时间4小时及以上、不足24小时：此时段取消预约不扣费；", 11, true},
		{"2025-06-01及之后下单的日租订单：取车前24小时以上取消免费；取车前6-24小时取消扣除首日租金的20%", 13, true},
		{"尊享版免远郊附加费，A区24小时内上门。", 11, false},
		{"3. 修改订单由免费1次改为取车前6小时以上免费修改、最多3次；", 13, false},
	} {
		if got := HourTierHolds(c.s, c.h, cancel); got != c.want {
			t.Errorf("HourTierHolds(%q, %v) = %v, want %v", c.s, c.h, got, c.want)
		}
	}
	for _, c := range []struct{ kb, q, asOf, want, not string }{
		{"jiangxiu", "约的今天下午3点修洗衣机 现在中午12点 临时有事想取消 扣多少", "2025-03-10", "45元", "15元"},
		{"jielin", "明早9点约的日常保洁 现在晚上10点了 取消扣钱吗", "2025-12-01", "30元", ""},
		// (In English, "I want to cancel" asks a cancellation.)
		{"jiangxiu", "I booked an AC cleaning for 9 am tomorrow. It's 11 pm now and I want to cancel. Is there a fee?", "2025-12-03", "收取取消费15元", ""},
		// (With the sum asked to be recalled, "多少来着", a sentence that
		// states it.)
		{"yachen", "种植手术约的8月18号上午9点 今天15号下午3点 想取消 预约金能退吗 多少来着", "2025-08-15", "200元", "300元"},
	} {
		sources := kbSources(t, "../../eval/"+c.kb+"/kb")
		forEachStore(t, func(t *testing.T, s kg.Store) {
			e := newTestEnv(t, s, extractive, sources)
			a := e.ask(Request{Question: c.q, AsOf: day(c.asOf)})
			if a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) || c.not != "" && strings.Contains(a.Text, c.not) {
				t.Errorf("%s: %s %q %v, want the tier of the hours left (%s)", c.q, a.Status, a.Text, a.Trace.Notes, c.want)
			}
		})
	}
}

// "6月10号签的约 婚期2026-01-15 现在取消扣多少": the one day a question
// names that is still to come, said by no word of what happens then (婚期,
// 婚宴是…), is the day tiers counted in days before it are counted to ("宴
// 会前8-29天：扣除…50%"); an order's day (签的) and a deadline (…前) are
// not. A change list's summary of the tiers is no tier ("…（2024版为不可
// 取消、扣全部房费）"). (The test reads eval/xiyan and eval/lanting.)
func TestTheOneDayToComeCountsTheTiers(t *testing.T) {
	for _, c := range []struct {
		q    string
		at   string
		want int
	}{
		{"6月10号签的约 婚期2026-01-15 现在取消扣多少", "2025-12-20", 26},
		{"去年10月签的 婚宴是5月16号 现在退还能退多少", "2025-05-10", 6},
		{"I signed in September 2025 for a wedding on March 28, 2026. If I cancel today, what's the penalty?", "2025-12-28", 90},
		{"券12月31号前能用吗", "2025-12-01", -1},
		{"12月5号下的单 能退吗", "2025-12-01", -1},
	} {
		if got := DaysBefore(c.q, day(c.at)); got != c.want {
			t.Errorf("DaysBefore(%q, %s) = %d, want %d", c.q, c.at, got, c.want)
		}
	}
	for _, c := range []struct{ kb, q, asOf, want, not string }{
		{"xiyan", "6月10号签的约 婚期2026-01-15 现在取消扣多少", "2025-12-20", "50%", "60%"},
		{"lanting", "元旦12月31号住大理海西院 今天取消扣多少", "2025-12-25", "25%", "全部房费"},
	} {
		sources := kbSources(t, "../../eval/"+c.kb+"/kb")
		forEachStore(t, func(t *testing.T, s kg.Store) {
			e := newTestEnv(t, s, extractive, sources)
			a := e.ask(Request{Question: c.q, AsOf: day(c.asOf)})
			if a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) || strings.Contains(a.Text, c.not) {
				t.Errorf("%s: %s %q %v, want the tier of the days left (%s, not %s)", c.q, a.Status, a.Text, a.Trace.Notes, c.want, c.not)
			}
		})
	}
}

// "抖音买的9.9量尺券 还没用 不想要了能退不": a sentence that hands what is
// asked to another document ("抖音9.9元量尺设计券按《抖音团购券使用与售后
// 规则》执行") says nothing of it itself; that document's best sentence in
// the evidence answers too ("未核销的团购券可随时…申请全额退款"). (The
// test reads eval/linqi.)
func TestAReferralHandsOnToTheDocumentItNames(t *testing.T) {
	sources := kbSources(t, "../../eval/linqi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "抖音买的9.9量尺券 还没用 不想要了能退不"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "全额退款") {
			t.Errorf("%s: %s %q %v, want the voucher rules' 全额退款", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "发票忘开了 已经5个多月了 还能补吗": what was forgotten and is asked to
// be made up is searched in the word rules use for it (补开); the time
// passed is weighed against a limit counted from another moment of the
// order where none counts from receipt (订单完成后90天内), and half a
// year passed is six months. Where the chunks found of the document the
// question names (发票说明) hold no limit the time passed fits, its chunk
// with the longest limit is kept. (The test reads eval/muyu, eval/zhiyun
// and eval/jielin.)
func TestForgottenAndMadeUpWithinTheLimit(t *testing.T) {
	for _, c := range []struct{ kb, q, want string }{
		{"muyu", "地板买了2个多月了 发票忘开了 还能补吗", "订单完成后90天内可申请补开发票"},
		{"muyu", "地板买了2个多月了 发票还能开吗", "订单完成后90天内可申请补开发票"},
		{"zhiyun", "今年4月买的cpe 发票忘开了 已经5个多月了 还能补吗", "订单完成后180天内可补开"},
		{"jielin", "去年年底做的保洁 过了半年了 还能补开发票吗", "服务完成或确认收货后180天内"},
	} {
		sources := kbSources(t, "../../eval/"+c.kb+"/kb")
		forEachStore(t, func(t *testing.T, s kg.Store) {
			e := newTestEnv(t, s, extractive, sources)
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) {
				t.Errorf("%s: %s %q %v, want the limit %s", c.q, a.Status, a.Text, a.Trace.Notes, c.want)
			}
		})
	}
}

// "6月8号的票 明天就去了 现在退扣多少": a booking said by a one-character
// noun after 的 and called off by 退 alone is a cancellation, searched in
// the rules' word (退票); a verb with 钱 as its object (扣钱, 收钱) is said
// by the text that does it to a sum (扣除票款的20%, 收取改图费100元), not
// by a change to one (上限提高到20%). Of the rule found, the section whose
// tier holds the days left is kept where no chunk found holds them, or
// where those found are of another thing than the one booked (入住日前1天
// of the hotel packages, not 门票退票). (The test reads eval/leyuan,
// eval/lanting and eval/xiyan.)
func TestTicketCalledOffTodayTakesItsTier(t *testing.T) {
	if got := Classify(Normalize("3月15号的票 今天退 扣钱不")).Intent; got != "cancel" {
		t.Errorf("intent of 3月15号的票 今天退 = %q, want cancel", got)
	}
	if got := Expansion("3月15号的票 今天退 扣钱不"); !strings.Contains(got, "退票") {
		t.Errorf("Expansion(3月15号的票 今天退) = %q, want 退票", got)
	}
	for _, c := range []struct {
		term, text string
		want       bool
	}{
		{"扣钱", "2. 入园日前1-2天：扣除票款的20%；", true},
		{"收钱", "第4次起每次收取改图费100元", true},
		{"扣钱", "单笔抵扣上限提高到20%。", false},
		{"扣钱", "到店核销后不可退款。", false},
	} {
		if got := MoneyIn(c.term, c.text); got != c.want {
			t.Errorf("MoneyIn(%q, %q) = %v, want %v", c.term, c.text, got, c.want)
		}
	}
	// (Of a question that says the hour it cancels, the tier found in
	// hours is not displaced by a special case's in days: 节假日….)
	for _, c := range []struct{ kb, q, asOf, want, not string }{
		{"leyuan", "3月15号的票 今天退 扣钱不", "2025-03-12", "免费退票", ""},
		{"leyuan", "6月8号的票 明天就去了 现在退扣多少", "2025-06-07", "扣除票款的20%", ""},
		{"lanting", "12月20号入住湖畔院 我19号上午10点取消 要扣多少", "2025-12-19", "20%", "30%"},
		// (Nor a tier found of one document by another's, 附加项目….)
		{"xiyan", "去年11月签的婚宴 明年3月1号办 现在取消咋扣", "2025-12-10", "40%", "宴会前7天以前可退"},
	} {
		sources := kbSources(t, "../../eval/"+c.kb+"/kb")
		forEachStore(t, func(t *testing.T, s kg.Store) {
			e := newTestEnv(t, s, extractive, sources)
			if a := e.ask(Request{Question: c.q, AsOf: day(c.asOf)}); a.Status != StatusAnswered || !strings.Contains(a.Text, c.want) || c.not != "" && strings.Contains(a.Text, c.not) {
				t.Errorf("%s: %s %q %v, want the tier %s", c.q, a.Status, a.Text, a.Trace.Notes, c.want)
			}
		})
	}
}

// "开车去体检 停车免费几个小时": the words before a category's head that end
// in going (去, 来) say the customer goes to do it, not a kind of it the
// knowledge lacks (团体体检's 体检). (The test reads eval/kangjian.)
func TestGoingToDoItIsNoUnknownKind(t *testing.T) {
	sources := kbSources(t, "../../eval/kangjian/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "开车去体检 停车免费几个小时"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-05")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "免费停车2小时") {
			t.Errorf("%s: %s %q %v, want 免费停车2小时", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "成都的奇遇乐园在哪": where a place is asked of a city the knowledge never
// names, the brand has none there; asked of its own city, the address
// answers. (The test reads eval/leyuan.)
func TestWhereInACityTheKnowledgeNeverNames(t *testing.T) {
	sources := kbSources(t, "../../eval/leyuan/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "成都的奇遇乐园在哪 门票多少", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("成都的奇遇乐园在哪: %s %q %v, want it refused", a.Status, a.Text, a.Trace.Notes)
		}
		if a := e.ask(Request{Question: "宁波的奇遇乐园在哪", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "北仑区") {
			t.Errorf("宁波的奇遇乐园在哪: %s %q %v, want its address", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "单日票周末大人多少 小孩1米3的呢": a clause that names another variant of
// the linked one's product by its own value (小孩, the dictionary's same
// word as 儿童; 1米3, which 1.2-1.5m holds), its other values the linked
// one's (周末), names that variant too; where the question says nothing of
// the linked one's own value, the other takes its place ("儿童体检 孩子8岁":
// the 7-17岁 one's, not the 3-6岁 one's). A measure the question states
// that a variant's span does not hold ("孩子1米1") does not say its value.
// (The test reads eval/leyuan and eval/kangjian.)
func TestAClauseNamesAnotherVariantByItsOwnValue(t *testing.T) {
	// (A code's number and a unit's letter, "r2 m码", are no measure.)
	if said := MeasuresSaid("r2 m码适合多大头围"); len(said) > 0 {
		t.Errorf("MeasuresSaid(r2 m码适合多大头围) = %v, want none", said)
	}
	if !ValueSaid("小孩1米3的呢", "儿童（1.2-1.5m）") || ValueSaid("孩子1米1要钱不", "儿童（1.2-1.5m）") || ValueSaid("大人多少", "儿童（1.2-1.5m）") {
		t.Errorf("ValueSaid: want 小孩1米3 to say 儿童（1.2-1.5m）, and neither 孩子1米1 nor 大人")
	}
	for _, c := range []struct {
		kb, q, asOf, linked string
		want                []string
	}{
		{"leyuan", "单日票周末大人多少 小孩1米3的呢", "2025-12-01", "QY-1001-WE-C", []string{"349元", "239元"}},
		{"leyuan", "单日票周末小孩多少", "2025-12-01", "QY-1001-WE-C", []string{"239元"}},
		{"kangjian", "儿童体检 孩子8岁 多少钱 也要空腹吗", "2025-12-05", "KJ-1009-S", []string{"459元"}},
	} {
		sources := kbSources(t, "../../eval/"+c.kb+"/kb")
		forEachStore(t, func(t *testing.T, s kg.Store) {
			e := newTestEnv(t, s, extractive, sources)
			a := e.ask(Request{Question: c.q, AsOf: day(c.asOf)})
			if !slices.Contains(a.Trace.LinkedEntities, c.linked) {
				t.Errorf("%s: linked %v, want %s", c.q, a.Trace.LinkedEntities, c.linked)
			}
			for _, w := range c.want {
				if a.Status != StatusAnswered || !strings.Contains(a.Text, w) {
					t.Errorf("%s: %s %q %v, want %s", c.q, a.Status, a.Text, a.Trace.LinkedEntities, w)
				}
			}
		})
	}
}

// "西安有你们的剧场吗": a place of the brand's own asked after in a city the
// knowledge never names; "音乐剧《北岸灯塔》什么时候开票": a title it never
// mentions; "大麦上林屿的票比你们便宜": a place said to sell cheaper than the
// shop, which it never mentions. Each is refused; asked of what the
// knowledge has, each is answered. (The test reads eval/yanchu.)
func TestAPlaceATitleOrARivalTheKnowledgeNeverNames(t *testing.T) {
	sources := kbSources(t, "../../eval/yanchu/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct {
			q    string
			want string
		}{
			{"西安有你们的剧场吗 最近有啥演出", StatusRefused},
			{"音乐剧《北岸灯塔》你们什么时候开票", StatusRefused},
			{"大麦上林屿的票比你们便宜 哪边买更靠谱", StatusRefused},
			{"杭州有你们的剧场吗", StatusAnswered},
			{"《雾港》演多久", StatusAnswered},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); a.Status != c.want {
				t.Errorf("%s: %s %q %v, want %s", c.q, a.Status, a.Text, a.Trace.Notes, c.want)
			}
		}
	})
}

// "狂犬疫苗一针多少": an out-of-scope word said inside a run of the
// knowledge's own name (狂犬 of 狂犬疫苗（单针）) no longer refuses the
// question before it is read, and "一针多少" asks a price; "被狗咬了要不要
// 打狂犬疫苗" still asks a doctor. (The test reads eval/chongyi.)
func TestAnOutOfScopeWordInsideARunOfAName(t *testing.T) {
	sources := kbSources(t, "../../eval/chongyi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "狂犬疫苗一针多少", AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "80元") {
			t.Errorf("狂犬疫苗一针多少: %s %q %v, want 80元", a.Status, a.Text, a.Trace.Notes)
		}
		if a := e.ask(Request{Question: "被狗咬了要不要打狂犬疫苗", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("被狗咬了要不要打狂犬疫苗: %s %q, want refused", a.Status, a.Text)
		}
	})
}

// "Same on Tuesdays?": a weekday said of every week is no name, so the
// knowledge's 周二 answers it; a capitalised name still is one.
func TestAWeekdayOfEveryWeekIsNoName(t *testing.T) {
	got := ProperWords("What time does the Shanghai store close? Same on Tuesdays? And on Sundays at Riverside?")
	if got["tuesdays"] || got["sundays"] {
		t.Errorf("ProperWords = %v, want no tuesdays or sundays", got)
	}
	if !got["riverside"] {
		t.Errorf("ProperWords = %v, want riverside", got)
	}
}

// "3岁的猫 术前检查…重做要多少": a measure the question states names the
// variants whose span or bound holds it (7岁以下, not 7岁及以上), a bound
// a span leaves out not holding it ("10-20kg（不含10kg，含20kg）" does not
// hold 10kg). (The test reads eval/chongyi.)
func TestAMeasureStatedNamesTheVariantsHoldingIt(t *testing.T) {
	for _, c := range []struct {
		q, val string
		want   bool
	}{
		{"狗子正好10kg", "10-20kg（不含10kg，含20kg）", false},
		{"狗子正好10kg", "5-10kg（不含5kg，含10kg）", true},
		{"那10.5公斤呢", "10-20kg（不含10kg，含20kg）", true},
	} {
		if got := ValueSaid(c.q, c.val); got != c.want {
			t.Errorf("ValueSaid(%q, %q) = %v, want %v", c.q, c.val, got, c.want)
		}
	}
	sources := kbSources(t, "../../eval/chongyi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "3岁的猫 术前检查是8天前做的 今天能直接绝育吗 重做要多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "260元") || strings.Contains(a.Text, "580元") {
			t.Errorf("%s: %s %q, want 260元 and not 580元", q, a.Status, a.Text)
		}
	})
}

// "11月1号下单的python课 上了2节 不想学了 能全退吗": what the customer has
// used of a course or a card picks the rule's tier of use that holds it
// ("期间已上课不超过3课时的，可全额退款"). (The test reads eval/qisi.)
func TestTheTierOfWhatIsUsedUp(t *testing.T) {
	for _, c := range []struct {
		q    string
		n    int
		unit string
	}{
		{"上完一个周末16课时了 今天想退", 16, "lesson"},
		{"私教上了五节不想上了", 5, "lesson"},
		{"洁牙次卡用了2次 剩下1次能退吗", 2, "use"},
		{"i have attended 20 of the 64 class hours", 20, "lesson"},
		{"上了年纪能学吗", 0, ""},
	} {
		if n, u := UsedSaid(Normalize(c.q)); n != c.n || u != c.unit {
			t.Errorf("UsedSaid(%q) = %d %q, want %d %q", c.q, n, u, c.n, c.unit)
		}
	}
	for _, c := range []struct {
		s        string
		n, total int
		want     bool
	}{
		{"3. 开课后，已上课时不超过12课时：退还学费的80%；", 16, 0, false},
		{"4. 已上课时超过12课时、未超过总课时一半：退还学费的50%；", 16, 0, true},
		{"5. 已上课时超过总课时一半：不予退费。", 16, 0, false},
		{"活动订单中的课包，冷静期延长至付款后30天，期间已上课不超过3课时的，可全额退款", 2, 0, true},
		// A share of the whole the question says (20 of 48).
		{"2. 已上课时不超过总课时的1/3：退还剩余课时金额的70%。", 20, 48, false},
		{"3. 已上课时超过1/3、不超过1/2：退还剩余课时金额的50%。", 20, 48, true},
		{"4. 已上课时超过1/2：不予退费", 20, 48, false},
		{"5. 已上课时超过总课时一半：不予退费。", 40, 64, true},
	} {
		if got := UsedTierHolds(c.s, c.n, c.total, "lesson"); got != c.want {
			t.Errorf("UsedTierHolds(%q, %d, %d) = %v, want %v", c.s, c.n, c.total, got, c.want)
		}
	}
	for q, want := range map[string]int{"游泳小班48节 5280 上了12节 现在想退": 48, "i bought a 48-lesson swimming group package and my kid has used 20 lessons": 48, "上了12节 想退": 0} {
		n, _ := UsedSaid(Normalize(q))
		if got := UsedTotal(Normalize(q), n); got != want {
			t.Errorf("UsedTotal(%q) = %d, want %d", q, got, want)
		}
	}
	sources := kbSources(t, "../../eval/qisi/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "11月1号下单的python课 上了2节 不想学了 能全退吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-11-20"), Channel: "wechat"}); a.Status != StatusAnswered || !strings.Contains(a.Text, "30天") {
			t.Errorf("%s: %s %q, want 30天", q, a.Status, a.Text)
		}
	})
}

// "约了普洗 可能要晚到18分钟": the word a product was found by (普洗 of
// 手工普洗) is its name, not a word asking the fact that says it (会员折扣：
// 手工普洗不参与会员折扣, which alone would answer); the rule of being late
// answers. (The
// test reads eval/xiche.)
func TestTheWordThatFoundAProductAsksNoFact(t *testing.T) {
	sources := kbSources(t, "../../eval/xiche/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "约了普洗 可能要晚到18分钟左右 还能给我留着不"
		if a := e.ask(Request{Question: q, AsOf: day("2025-10-15")}); !strings.Contains(a.Text, "20分钟") {
			t.Errorf("%s: %s %q, want the 20分钟 a booking is held", q, a.Status, a.Text)
		}
	})
}

// "西安有你们营业部吗": a branch office (营业部) is a store, and none is
// known in 西安; "中通 圆通 极送…谁家最便宜": which of several shops listed,
// the brand among them, asks of others the knowledge never names. (The
// test reads eval/jisong.)
func TestAnOfficeInAnUnknownPlaceAndShopsListedBesideTheBrand(t *testing.T) {
	sources := kbSources(t, "../../eval/jisong/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct {
			q    string
			want string
		}{
			{"西安有你们营业部吗 地址发我一下", StatusRefused},
			{"中通 圆通 极送 寄3公斤到北京 谁家最便宜", StatusRefused},
			{"杭州有你们营业部吗 几点关门", StatusAnswered},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); a.Status != c.want {
				t.Errorf("%s: %s %q %v, want %s", c.q, a.Status, a.Text, a.Trace.Notes, c.want)
			}
		}
	})
}

// A rule that declines advice or a judgement, said of no service in
// particular ("教练不对孩子的运动天赋、能否入选校队…作出判断或承诺"), or
// naming examples of what it declines ("康复训练建议（如是否冰敷…）"), refuses
// the question that asks it. (The test reads eval/shaoti.)
func TestAJudgementTheRulesDecline(t *testing.T) {
	advice, examples := DeclinedAdvice("客服和教练不提供医疗诊断、伤后处理或康复训练建议（如是否冰敷、何时可以恢复运动），请遵医嘱")
	if !strings.Contains(advice, "康复训练建议") || !strings.Contains(examples, "冰敷") {
		t.Errorf("DeclinedAdvice = %q, %q, want the advice and its examples", advice, examples)
	}
	if a, _ := DeclinedAdvice("上海暂不提供适老化改造"); a != "" {
		t.Errorf("DeclinedAdvice(a service not offered) = %q, want none", a)
	}
	sources := kbSources(t, "../../eval/shaoti/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, q := range []string{"孩子昨天上课把脚踝扭了 今天还能上课吗 要不要冰敷", "我家娃打篮球有没有天赋啊 在你们这练两年能进校队不"} {
			if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
				t.Errorf("%s: %s %q, want refused", q, a.Status, a.Text)
			}
		}
	})
}

// "我妈4月10号签的西溪 要提前几天说": of an answer that states the rule for
// contracts signed since a date and the one for those signed before it
// ("2025-04-01及之后签约的，须提前15天…；2025-04-01前签约、仍在合同期内的，
// 须提前30天…"), the sentence of the customer's contract answers. (The test
// reads eval/anju.)
func TestTheRuleForOrdersBeforeADate(t *testing.T) {
	sources := kbSources(t, "../../eval/anju/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct {
			q, asOf, want, not string
		}{
			{"我妈4月10号签的西溪 现在不想住了 要提前几天说 说晚了咋算", "2025-06-15", "15天", "30天"},
			{"准备给我爸签西溪院区 压金要交多少 以后搬走了多久能退回来", "2025-12-01", "20000元", "30000元"},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day(c.asOf)}); !strings.Contains(a.Text, c.want) || strings.Contains(a.Text, c.not) {
				t.Errorf("%s: %s %q, want %s and not %s", c.q, a.Status, a.Text, c.want, c.not)
			}
		}
	})
}

// "寒假游泳营 滨江和苏州哪个便宜": a place the question says inside a
// variant's value (滨江 of 杭州滨江校区) names that variant, as one its value
// starts with (苏州 of 苏州金鸡湖校区) does. (The test reads eval/shaoti.)
func TestAPlaceInsideAVariantsValueNamesIt(t *testing.T) {
	sources := kbSources(t, "../../eval/shaoti/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "寒假游泳营 滨江和苏州哪个便宜"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "1980") || !strings.Contains(a.Text, "1880") {
			t.Errorf("%s: %s %q, want both campuses' prices, 1980 and 1880", q, a.Status, a.Text)
		}
	})
}

// "a 48-lesson package… has used 20 lessons. What refund percentage
// applies?": the rule's tier of a share of the whole that holds 20 of 48
// ("已上课时超过1/3、不超过1/2：…50%") is sought in the rules found, though
// the question's words find another rule first. (The test reads
// eval/shaoti.)
func TestTheTierOfAShareUsedIsSought(t *testing.T) {
	sources := kbSources(t, "../../eval/shaoti/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "I bought a 48-lesson swimming group package in April 2025 and my kid has used 20 lessons. What refund percentage applies if we quit now?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "50%") || strings.Contains(a.Text, "70%") {
			t.Errorf("%s: %s %q, want the tier of 20 of 48 (50%%), not the one of a third (70%%)", q, a.Status, a.Text)
		}
	})
}

// "刚跟滨江签了合同 押金要交多少 退住后多久退": a fact whose clause hands the
// matter to a rule ("押金与请假、退住退费按签约时适用的《入住收费与退费规则》
// 执行") says none of it, so the rule's sentence answers beside it. (The test
// reads eval/anju.)
func TestAFactThatHandsTheMatterToARuleSaysNoneOfIt(t *testing.T) {
	sources := kbSources(t, "../../eval/anju/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "刚跟滨江签了合同 押金要交多少 退住后多久退"
		if a := e.ask(Request{Question: q, AsOf: day("2025-03-20")}); !strings.Contains(a.Text, "30个工作日") {
			t.Errorf("%s: %s %q, want the rule's 30个工作日", q, a.Status, a.Text)
		}
	})
}

// "抖音买的3公里券还没用 不想要了能退不": what the customer has not used
// yet is the rule's item for the unused ("未兑换的团购券可随时…全额退款"),
// not the used one's. (The test reads eval/jisong.)
func TestWhatIsNotUsedYetIsTheUnusedItem(t *testing.T) {
	sources := kbSources(t, "../../eval/jisong/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "抖音买的3公里券还没用 不想要了能退不"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01"), Channel: "douyin"}); !strings.Contains(a.Text, "随时") {
			t.Errorf("%s: %s %q, want the unused voucher's 随时", q, a.Status, a.Text)
		}
	})
}

// "住6天跟住7天 哪个总价便宜": a comparison of two quantities of one verb,
// segmented 跟住, compares no name the knowledge never mentions. (The test
// reads eval/anju.)
func TestTwoQuantitiesComparedAreNoUnknownName(t *testing.T) {
	sources := kbSources(t, "../../eval/anju/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "西溪喘息 自理的 住6天跟住7天 哪个总价便宜"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "360") {
			t.Errorf("%s: %s %q %v, want the daily price of 1-6 days, 360", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "复评从半护理变全护理了": a word between one word of a linked name said
// twice (护理 of 上门护理·专业护理) names no other thing in its place. (The
// test reads eval/anju.)
func TestAWordSaidTwiceFramesNoOtherName(t *testing.T) {
	sources := kbSources(t, "../../eval/anju/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "我妈住西溪双人间 这个月复评从半护理变全护理了 下个月开始交多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status == StatusRefused {
			t.Errorf("%s: %s %q %v, want it read", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "How long are my TUJUN points valid now?": the word after how asks a
// measure and names nothing (not the Corporate Long-Term Lease). (The test
// reads eval/tujun.)
func TestTheWordAfterHowNamesNothing(t *testing.T) {
	sources := kbSources(t, "../../eval/tujun/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "How long are my TUJUN points valid now?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-09-01"), Channel: "wechat"}); strings.Contains(a.Text, "Long-Term Lease") || !strings.Contains(a.Text, "24") {
			t.Errorf("%s: %s %q, want the points' 24 months and no lease", q, a.Status, a.Text)
		}
	})
}

// "抖音上能买到哪几种团购券": the noun the segmenter cut from the end of a
// word after the list word (团购 and 券) names the kind by that noun, so
// every product whose name ends with it is listed (长辈食堂午餐券 too,
// which the text answering the question calls only 午餐券). (The test reads
// eval/anju.)
func TestANounCutFromAListedWordNamesTheKind(t *testing.T) {
	sources := kbSources(t, "../../eval/anju/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "抖音上能买到哪几种团购券"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01"), Channel: "douyin"})
		for _, w := range []string{"日间照料体验日券", "长辈食堂午餐券", "上门助浴体验券"} {
			if !strings.Contains(a.Text, w) {
				t.Errorf("%s: %s %q, want %s listed", q, a.Status, a.Text, w)
			}
		}
	})
}

// "晚上9点想约人上门 要加钱不": the rule whose span of the clock holds the
// time of day the customer wants ("20:00至次日7:00的夜间上门…每次加收80
// 元") is sought and answers, though the question's words find the
// services' own text first. (The test reads eval/anju.)
func TestASpanOfTheClockHoldingTheTimeAsked(t *testing.T) {
	sources := kbSources(t, "../../eval/anju/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "晚上9点想约人上门给老人翻身擦洗 能约吗 要加钱不"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "80元") {
			t.Errorf("%s: %s %q, want the night visit's 80元", q, a.Status, a.Text)
		}
	})
}

// "苏州那家店开了没": a demonstrative with the measure word of a shop or a
// place (那家, 这边) points and names nothing the knowledge must know.
// (The test reads eval/gongyu.)
func TestThatOneOfAPlaceNamesNothing(t *testing.T) {
	sources := kbSources(t, "../../eval/gongyu/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "苏州那家店开了没 现在能先交定金吗"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusAnswered || !strings.Contains(a.Text, "2026-03-01") {
			t.Errorf("%s: %s %q %v, want the opening date 2026-03-01", q, a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "拍完的照片你们那边给存多久": the one-character verb whose time is asked
// (存) is searched and weighed as the rules' word holding it says it (保存
// 原片和精修片1年). (The test reads eval/heying.)
func TestTheVerbWhoseTimeIsAsked(t *testing.T) {
	sources := kbSources(t, "../../eval/heying/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "拍完的照片你们那边给存多久 我怕手机换了找不到"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "1年") {
			t.Errorf("%s: %s %q, want the photos kept 1年", q, a.Status, a.Text)
		}
	})
}

// "养在你们那要交多少钱": 你们那 is the shop's place, and the verb after it
// is no thing of the shop's the knowledge must name. (The test reads
// eval/gongyu.)
func TestYourPlaceThenAVerbIsNoThing(t *testing.T) {
	sources := kbSources(t, "../../eval/gongyu/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "我家猫9斤 养在你们那要交多少钱"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		if slices.ContainsFunc(a.Trace.Notes, func(n string) bool { return strings.Contains(n, "那要交") }) {
			t.Errorf("%s: %s %v, want 那要交 no thing asked for", q, a.Status, a.Trace.Notes)
		}
	})
}

// "孩子能积分入学吗": a rule that judges nothing of what it names before
// it ("能否用于办理居住证、积分入学、落户，以当地主管部门审核为准，栖城不做资格
// 判断") declines the question; a word that only starts one of its items
// (积分 of 积分入学) does not ("积分能抵房租不" is answered). (The test reads
// eval/gongyu.)
func TestAJudgementDeclinedOfWhatItNamesBefore(t *testing.T) {
	sources := kbSources(t, "../../eval/gongyu/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		for _, c := range []struct {
			q      string
			refuse bool
		}{
			{"租你们滨江的房子 孩子能积分入学吗 能加多少分", true},
			{"我社保断过两个月 用你们的租赁备案能办下来上海居住证吗", true},
			{"积分能抵房租不 一次最多抵多少", false},
		} {
			if a := e.ask(Request{Question: c.q, AsOf: day("2025-12-01")}); (a.Status == StatusRefused) != c.refuse {
				t.Errorf("%s: %s %q %v, want refused %v", c.q, a.Status, a.Text, a.Trace.Notes, c.refuse)
			}
		}
	})
}

// "成都有栖城公寓吗": a place every sentence of the knowledge naming it says
// the brand has none there ("其他城市（如北京、深圳、成都、武汉等）暂无门店") is
// refused like one it never names; a city with a store is answered.
// (The test reads eval/gongyu.)
func TestAPlaceTheKnowledgeSaysHasNone(t *testing.T) {
	sources := kbSources(t, "../../eval/gongyu/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		if a := e.ask(Request{Question: "成都有栖城公寓吗 想租个一室一厅", AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("成都: %s %q, want it refused", a.Status, a.Text)
		}
		if a := e.ask(Request{Question: "南京有栖城公寓吗 想租个一室一厅", AsOf: day("2025-12-01")}); a.Status != StatusAnswered {
			t.Errorf("南京: %s %q %v, want it answered", a.Status, a.Text, a.Trace.Notes)
		}
	})
}

// "储值卡现在充1000送多少": a text that states the deal the question asks
// the rest of (an amount between two verbs: "充值档位：充500送50、充1000送
// 150…") answers, though it does not name the card. (The test reads
// eval/huoguo.)
func TestADealAskedTheRestOf(t *testing.T) {
	sources := kbSources(t, "../../eval/huoguo/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "储值卡现在充1000送多少"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.Contains(a.Text, "送150") {
			t.Errorf("%s: %s %q, want 充1000送150", q, a.Status, a.Text)
		}
	})
}

// "the Chunxi Road store", "the Jiefangbei store": an English name whose
// letters spell the readings of Chinese characters the knowledge names
// (春熙 of 春熙路店, 解放碑 of 解放碑旗舰店) is that name, searched and
// weighed as it; Road, Street, Campus… say the kind of place, no name.
// (The test reads eval/huoguo.)
func TestAChineseNameSpelledInEnglish(t *testing.T) {
	sources := kbSources(t, "../../eval/huoguo/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "We're a group of 12. Which private room fits us, and what's the weekend minimum spend at the Chunxi Road store?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status == StatusRefused {
			t.Errorf("%s: %s %q %v, want it answered", q, a.Status, a.Text, a.Trace.Notes)
		}
		q = "What time does the Jiefangbei store close?"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); !strings.HasPrefix(a.Text, "解放碑旗舰店") || strings.Contains(a.Text, "春熙路店（") {
			t.Errorf("%s: %s %q, want the Jiefangbei store's hours first and no other store's", q, a.Status, a.Text)
		}
	})
}

// "南京有你们的店吗": a place's name that starts a street's (南京西路 of
// "上海市静安区南京西路1266号") names no store in that place. (The test reads
// eval/meifa.)
func TestAStreetNamedAfterAPlaceIsNoStoreThere(t *testing.T) {
	sources := kbSources(t, "../../eval/meifa/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "南京有你们的店吗 地址发我一下"
		if a := e.ask(Request{Question: q, AsOf: day("2025-12-01")}); a.Status != StatusRefused {
			t.Errorf("%s: %s %q, want it refused: no store in 南京", q, a.Status, a.Text)
		}
	})
}

// "会员分几个等级 各要消费多少": a question asking each item of a list gets
// every item in a row with the one picked whose label ends as the
// question says (银卡会员, 金卡会员, 黑钻会员). (The test reads eval/meifa.)
func TestEachItemOfTheListAsked(t *testing.T) {
	sources := kbSources(t, "../../eval/meifa/kb")
	forEachStore(t, func(t *testing.T, s kg.Store) {
		e := newTestEnv(t, s, extractive, sources)
		q := "会员分几个等级 各要消费多少"
		a := e.ask(Request{Question: q, AsOf: day("2025-12-01")})
		for _, w := range []string{"3000元", "8000元", "20000元"} {
			if !strings.Contains(a.Text, w) {
				t.Errorf("%s: %s %q, want %s", q, a.Status, a.Text, w)
			}
		}
	})
}
