package answer

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// devKB is the shared dev knowledge base (read, never copied).
func devKB(t testing.TB) string {
	t.Helper()
	dir, _ := os.Getwd()
	for range 6 {
		p := filepath.Join(dir, "..", "shared", "eval", "dev", "kb")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		dir = filepath.Dir(dir)
	}
	t.Skip("../shared/eval/dev/kb not found beside the repository")
	return ""
}

func devProductNames(t testing.TB) [][2]string {
	f, err := os.Open(filepath.Join(devKB(t), "products.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var p struct {
			ID, Name, NameEn string `json:"-"`
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		p.ID, p.Name, p.NameEn = m["id"].(string), m["name"].(string), m["name_en"].(string)
		out = append(out, [2]string{p.ID, p.Name}, [2]string{p.ID, p.NameEn})
	}
	return out
}

func TestLinkerDevQuestions(t *testing.T) {
	l := NewLinker(devProductNames(t))
	cases := []struct{ q, want string }{
		{"澜肌水光玻尿酸精华多少钱一瓶？多大容量的", "LJ-1001"},
		{"亲 A醇紧致精华里视黄醇浓度多少啊", "LJ-1003"},
		{"积雪草修护霜一罐多少克 多少钱", "LJ-1011"},
		{"清透防晒乳防晒指数是多少", "LJ-1025"},
		{"维C焕亮精华2.0的维C浓度是多少", "LJ-1006"},
		{"在抖音买的A醇晚霜替换装，拆开用了两次", "LJ-1013"},
		{"A醇晚霜的替换装比正装便宜多少", "LJ-1013"},
		{"How much is the Cica Repair Serum and how big is the bottle?", "LJ-1004"},
		{"What's the SPF of your Clear Sunscreen Fluid?", "LJ-1025"},
		{"抖音能买到水光精华的替换装吗", "LJ-1041"},
		{"积雪草修护礼盒里都有啥", "LJ-1036"},
		{"男士两件套里的洁面单买多少钱", "LJ-1038"},
		{"两款眼霜哪个便宜点", ""},
		{"你们发什么快递 能发顺丰吗", ""},
	}
	for _, tc := range cases {
		links := l.Find(tc.q)
		got := ""
		if len(links) > 0 {
			got = links[0].ID
		}
		var all []string
		for _, x := range links {
			all = append(all, x.ID)
		}
		if got != tc.want {
			t.Errorf("Find(%q) = %v, want first %q", tc.q, all, tc.want)
		} else {
			t.Logf("Find(%q) = %s", tc.q, strings.Join(all, " "))
		}
	}
}

// TestLinkerMostSpecific: a question naming a model code and the product's
// category links the product, not an accessory whose name also carries
// the code; a brand prefix is dropped even in a small catalog; English
// names match word by word.
func TestLinkerMostSpecific(t *testing.T) {
	l := NewLinker([][2]string{
		{"P1", "小熊AF45空气炸锅"}, {"P2", "小熊AF45空气炸锅专用烤盘"}, {"P3", "小熊M2电煮锅"},
		{"P1", "Bear AF45 Air Fryer"}, {"P2", "Bear AF45 Air Fryer Baking Tray"},
	})
	cases := []struct{ q, want string }{
		{"AF45空气炸锅多少钱", "P1"},
		{"AF45空气炸锅的专用烤盘能用洗碗机洗吗", "P2"},
		{"电煮锅保修多久", "P3"},
		{"How much is the AF45 air fryer baking tray?", "P2"},
		{"Does the AF45 air fryer come with a recipe book?", "P1"},
	}
	// A longer name around a shorter one must be written as one run: a
	// stray character of it further on ("床板") does not make it longer.
	l2 := NewLinker([][2]string{{"B1", "眠舟白橡木实木床架"}, {"B2", "眠舟实木床架加高床脚（4只装）"}, {"B3", "眠舟云棉弹簧床垫"}, {"B4", "眠舟乳胶枕"}, {"B5", "眠舟简约铁艺床架"}})
	if links := l2.Find("实木床架承重多少 床板离地多高"); len(links) == 0 || links[0].ID != "B1" {
		t.Errorf("Find(实木床架承重多少 床板离地多高) = %+v, want first B1, the bed frame", links)
	}
	if links := l2.Find("实木床架加高床脚多少钱"); len(links) == 0 || links[0].ID != "B2" {
		t.Errorf("Find(实木床架加高床脚多少钱) = %+v, want first B2, the legs", links)
	}
	for _, tc := range cases {
		links := l.Find(tc.q)
		if len(links) == 0 || links[0].ID != tc.want {
			t.Errorf("Find(%q) = %+v, want first %s", tc.q, links, tc.want)
		}
	}
}

// TestLinkerTailsAndParts: the last words of a name that no other name
// ends with link it ("胶囊机"), and a sold product whose name holds an
// ingredient's name is what a question naming both means.
func TestLinkerTailsAndParts(t *testing.T) {
	l := NewLinker([][2]string{
		{"M1", "山茗记智能茶饮胶囊机"}, {"S1", "山茗记胶囊机京东专享套装"}, {"C1", "山茗记龙井胶囊茶"},
		{"N1", "山茗记奶油味夏威夷果"}, {"ingredient:夏威夷果", "夏威夷果"}, {"K1", "山茗记智能控温电水壶"},
	})
	cases := []struct{ q, want string }{
		{"胶囊机水箱多大", "M1"},
		{"电水壶保修多久", "K1"},
		{"夏威夷果保质期多久", "ingredient:夏威夷果"}, // no type known: the exact name
	}
	for _, tc := range cases {
		links := l.Find(tc.q)
		if len(links) == 0 || links[0].ID != tc.want {
			t.Errorf("Find(%q) = %+v, want first %s", tc.q, links, tc.want)
		}
	}
	SetLinkerParts(l, map[string]bool{"ingredient:夏威夷果": true})
	if links := l.Find("夏威夷果保质期多久"); len(links) == 0 || links[0].ID != "N1" {
		t.Errorf("Find with the ingredient known as one = %+v, want the product N1 first", links)
	}
}

// Variants' names extend their product's: they are no brand prefix, and an
// English word their names repeat is still rare among the English names.
func TestVariantNamesNoBrand(t *testing.T) {
	pairs := [][2]string{
		{"P1", "逐风疾速3代跑鞋"}, {"P1", "ZHUFENG Swift 3 Running Shoe"},
		{"P2", "逐风疾速4代跑鞋"}, {"P2", "ZHUFENG Swift 4 Running Shoe"},
		{"P3", "逐风中筒跑步袜（3双装）"}, {"P3", "ZHUFENG Crew Running Socks (3-pair)"},
		{"P4", "逐风凌云碳板竞速跑鞋"}, {"P4", "ZHUFENG Lingyun Carbon Racer"},
	}
	for _, size := range []string{"39", "40", "41", "42", "43", "44"} {
		pairs = append(pairs, [2]string{"P2-" + size, "逐风疾速4代跑鞋 极光限定 " + size}, [2]string{"P2-" + size, "ZHUFENG Swift 4 Running Shoe 极光限定 " + size})
		pairs = append(pairs, [2]string{"P3-" + size, "ZHUFENG Crew Running Socks (3-pair) " + size})
	}
	l := NewLinker(pairs)
	var got []string
	for _, k := range l.Find("which is lighter, the swift 3 or the swift 4, and by how much?") {
		got = append(got, k.ID)
	}
	if !slices.Contains(got, "P1") || !slices.Contains(got, "P2") {
		t.Errorf("Find = %v, want both P1 (swift 3) and P2 (swift 4)", got)
	}
}

func TestCoined(t *testing.T) {
	for w, want := range map[string]bool{"hydradaily": true, "sihy": true, "misteye": true, "monthly": false, "lenses": false, "pro2": false, "abc": false} {
		if got := coined(w); got != want {
			t.Errorf("coined(%q) = %v, want %v", w, got, want)
		}
	}
}

// A name matched as much in a narrower span of the question is matched
// there: "缓震鞋垫" at the end, not "鞋…垫" from the question's first 鞋.
func TestFindNarrowestSpan(t *testing.T) {
	l := NewLinker([][2]string{
		{"ZF-7001", "逐风缓震运动鞋垫"}, {"ZF-7002", "逐风凌云原厂替换鞋垫"}, {"ZF-1001", "逐风疾速4代跑鞋"},
		{"category:鞋垫", "鞋垫"}, {"category:跑鞋", "跑鞋"},
	})
	got := l.Find(fold("哪几款鞋能用那个缓震鞋垫"))
	if !slices.ContainsFunc(got, func(x Link) bool { return x.ID == "ZF-7001" }) {
		t.Errorf("Find(哪几款鞋能用那个缓震鞋垫) = %+v, want ZF-7001", got)
	}
}

// A sales event the question names is when something was bought or
// priced, not the event's limited set, unless the question names a set.
func TestWithoutEvents(t *testing.T) {
	l := NewLinker([][2]string{
		{"ZF-1001", "逐风疾速4代跑鞋"}, {"ZF-9003", "逐风疾速4代双十一限定礼盒"}, {"ZF-2001", "逐风速干短袖T恤（男款）"},
		{"ZF-7001", "逐风缓震运动鞋垫"},
	})
	for q, set := range map[string]bool{"疾速4双十一不是499吗 现在多少钱": false, "双十一买的疾速4代跑鞋 能退吗": false, "疾速4双十一礼盒还有吗": true} {
		got := l.Find(withoutEvents(Normalize(q)))
		if linked := slices.ContainsFunc(got, func(x Link) bool { return x.ID == "ZF-9003" }); linked != set {
			t.Errorf("Find(withoutEvents(%q)) = %+v: the event's set linked %v, want %v", q, got, linked, set)
		}
	}
	if a, b := textUnits("双十一买的疾速4"), textUnits(withoutEvents("双十一买的疾速4")); len(a) != len(b) {
		t.Errorf("withoutEvents moved the units: %q → %q", a, b)
	}
}

// A model code of several Latin words the customer writes first ("M2 Pro
// 咖啡机") matches the name that ends with all of them, not the one ending
// with the first.
func TestTrailingCodeWrittenFirst(t *testing.T) {
	l := NewLinker([][2]string{
		{"ML-099", "摩卡实验室 意式咖啡机 M2"}, {"ML-101", "摩卡实验室 意式咖啡机 M2 Pro"},
		{"ML-100", "摩卡实验室 意式半自动咖啡机 M1"}, {"ML-201", "摩卡实验室 磨豆机 G1"},
	})
	got := l.Find(Normalize("M2 Pro 咖啡机多少钱？保修几年？"))
	if len(got) == 0 || got[0].ID != "ML-101" || slices.ContainsFunc(got, func(x Link) bool { return x.ID == "ML-099" }) {
		t.Errorf("Find(M2 Pro 咖啡机多少钱) = %+v, want ML-101 alone", got)
	}
}

// Places are read leftmost and longest, without overlap: "上海门店" names
// 上海, not 海门 (a city too).
func TestPlacesDoNotOverlap(t *testing.T) {
	for q, want := range map[string][]string{
		"去上海门店自提":     {"上海"},
		"北京和杭州有店吗":    {"北京", "杭州"},
		"我在乌鲁木齐 能发货吗": {"乌鲁木齐"},
	} {
		if got := placesNamed(q); !slices.Equal(got, want) {
			t.Errorf("placesNamed(%q) = %q, want %q", q, got, want)
		}
	}
}

// "洗碗块" of 洁翎洗碗机专用洗涤块: a run of the name (洗碗) written with its
// last character (块) names it when no other name ending in 块 holds the
// run; 亮碟剂 holds 洗碗 too, but ends otherwise.
func TestRunWithHeadNamesOne(t *testing.T) {
	l := NewLinker([][2]string{{"JL-2002", "洁翎洗碗机专用洗涤块"}, {"JL-2003", "洁翎洗碗机亮碟剂"}, {"JL-1001", "洁翎深层洁净洗衣液"}, {"JL-6001", "洁翎马桶清洁块"}})
	if got := l.Find("洗碗块一块多重"); len(got) == 0 || got[0].ID != "JL-2002" {
		t.Errorf("Find(洗碗块一块多重) = %+v, want JL-2002 first", got)
	}
	if got := l.Find("清洁块多少钱"); len(got) > 0 && got[0].ID == "JL-2002" {
		t.Errorf("Find(清洁块多少钱) = %+v, want not JL-2002", got)
	}
}

// A whole name said ("福鼎白牡丹") stands against a longer name matched
// around it with a gap (福鼎白[牡丹]100g of 福鼎白毫银针 100g).
func TestWholeNameOverGappedLonger(t *testing.T) {
	l := NewLinker([][2]string{{"MX-5002", "茗岫福鼎白牡丹"}, {"MX-5001", "茗岫福鼎白毫银针"}, {"MX-5001-100", "茗岫福鼎白毫银针 100g"}, {"MX-5001-50", "茗岫福鼎白毫银针 50g"}, {"MX-3002", "茗岫金骏眉"}})
	got := l.Find("生日当月赠福鼎白牡丹100g 1盒")
	if len(got) == 0 || got[0].ID != "MX-5002" {
		t.Errorf("Find(生日当月赠福鼎白牡丹100g 1盒) = %+v, want MX-5002 first", got)
	}
}

// A Chinese numeral is the digit a name writes before a word ("快客杯二代":
// 快客杯2代); before a unit it is a unit's price ("多少一克"), no amount.
func TestNumeralAsNameDigit(t *testing.T) {
	l := NewLinker([][2]string{{"JY-1001", "璟曜「挚爱」1克拉钻戒"}, {"MX-6004", "茗岫便携快客杯2代"}, {"MX-6003", "茗岫便携快客杯（一代）"}})
	if got := l.Find("快客杯二代多少钱"); len(got) == 0 || got[0].ID != "MX-6004" {
		t.Errorf("Find(快客杯二代多少钱) = %+v, want MX-6004", got)
	}
	if !numeralOfUnit("一克") || numeralOfUnit("二代") || numeralOfUnit("十一") {
		t.Errorf("numeralOfUnit: want 一克 true, 二代 and 十一 false")
	}
}

// Peers come in one order (by id) whatever order the candidates come in,
// so a question naming several products as well is answered the same way
// every time.
func TestPeersInOneOrder(t *testing.T) {
	best := Link{ID: "category:纸尿裤", Matched: 3, start: 0, end: 3}
	all := []Link{
		{ID: "BW-3004", Matched: 3, start: 0, end: 3},
		best,
		{ID: "BW-3001", Matched: 3, start: 0, end: 3},
		{ID: "BW-3009", Matched: 2, start: 0, end: 3}, // fewer characters: no peer
	}
	got := Peers(all, best)
	if len(got) != 2 || got[0].ID != "BW-3001" || got[1].ID != "BW-3004" {
		t.Errorf("Peers = %v, want BW-3001 then BW-3004", got)
	}
}

// daysBefore counts to the next such day; tierHolds reads a rule's tiers
// counted before an event.
func TestDaysBeforeAndTiers(t *testing.T) {
	at := time.Date(2025, 12, 20, 0, 0, 0, 0, time.UTC)
	for q, want := range map[string]int{"1月10号出发的团": 21, "12月25日入住": 5, "3天后出发": 3, "departing jan 3": 14, "3月20号买的": -1, "12月1号出发": 346} {
		if got := daysBefore(q, at); got != want {
			t.Errorf("daysBefore(%q) = %d, want %d", q, got, want)
		}
	}
	for _, c := range []struct {
		s    string
		n    int
		want bool
	}{{"出发前15-29天：扣除团费的10%", 21, true}, {"出发前15-29天：扣除团费的10%", 30, false}, {"出发前30天及以上：全额退还", 30, true}, {"出发前7天以内：扣除50%", 3, true}, {"出发前7天以内：扣除50%", 9, false}, {"出发当天取消：扣除80%", 0, true}, {"签收后7天内可退", 3, false}} {
		if got := tierHolds(c.s, c.n); got != c.want {
			t.Errorf("tierHolds(%q, %d) = %v, want %v", c.s, c.n, got, c.want)
		}
	}
}
