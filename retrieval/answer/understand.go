package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"kgrag/kg"
)

// Understanding a question: what it asks (attributes, by the knowledge
// base's own keys, by units and by customer-service concepts), of what
// (entities, a category or series), with which operation (look up,
// compare, rank, filter, list, sum) and conditions. The words here are
// language-level (units and measures, comparatives, question words) or
// customer-service-general (price, channel, availability, suitability,
// ingredients, warranty); everything about an industry or a brand comes
// from the lexicon.

// measure is a kind of quantity, with the question words that ask for it
// and the units its values are written in (folded: lower case, half width).
type measure struct {
	name  string
	cues  []string
	units []string
	// up and down are the comparatives/superlatives that order by it
	// ("轻" is down: the lightest is the least).
	up, down []string
}

var measures = []measure{
	{name: "mass", cues: []string{"多重", "多沉", "重量", "几斤", "几公斤", "多少斤", "多少公斤", "多少克", "几克", "限重", "载重", "weight", "heavy", "weigh"},
		units: []string{"kg", "g", "克", "千克", "公斤", "斤", "mg", "吨", "lb", "lbs"}, up: []string{"重", "沉", "heavi", "heavier"}, down: []string{"轻", "light", "lighter"}},
	{name: "length", cues: []string{"多大", "多长", "多宽", "多高", "多厚", "多深", "多远", "多薄", "多窄", "多矮", "多浅", "多短", "距离", "占地", "尺寸", "大小", "多少厘米", "多少米", "几米", "size", "dimension", "how big", "how long is", "how long are", "how tall", "how wide", "how thick", "how deep", "how far", "height", "width", "length", "thickness", "depth", "身高", "长度", "高度", "宽度", "厚度", "深度"},
		units: []string{"cm", "mm", "m", "μm", "um", "km", "厘米", "毫米", "米", "微米", "公里", "千米", "英寸", "寸", "inch", "in", "码", "yd", "英尺", "ft"}, up: []string{"大", "长", "高", "宽", "厚", "深", "粗", "big", "larg", "long", "tall", "thick", "deep", "bigger", "larger", "longer", "taller", "thicker", "deeper"}, down: []string{"小", "短", "矮", "窄", "薄", "浅", "细", "small", "short", "thin", "smaller", "shorter", "thinner"}},
	{name: "content", cues: []string{"多大", "how big", "规格", "大罐", "小罐", "大包", "小包", "净含量"}, units: []string{"g", "克", "ml", "l", "毫升", "升"}},
	{name: "volume", cues: []string{"几升", "多少升", "多少毫升", "多少ml", "多少水", "装水", "能装多少", "装多少", "容量", "多大", "capacity", "volume", "how big", "how much water", "how much does it hold", "how much can it hold", "how much will it hold", "how much does this hold"},
		units: []string{"l", "ml", "升", "毫升", "cc", "oz"}, up: []string{"大", "big", "larg"}, down: []string{"小", "small"}},
	{name: "power", cues: []string{"多少瓦", "几瓦", "功率", "火力", "power", "watt"}, units: []string{"w", "kw", "瓦", "千瓦"}, up: []string{"大", "高"}, down: []string{"小", "低"}},
	{name: "area", cues: []string{"面积", "几平", "多少平", "平米", "平方", "area", "square", "room size", "size room", "how big a room", "how large a room"}, units: []string{"㎡", "m²", "m2", "平方米", "平米", "平"}, up: []string{"大"}, down: []string{"小"}},
	{name: "duration", cues: []string{"多久", "多长时间", "几个钟", "几个钟头", "多少个钟", "啥时候", "什么时候", "何时", "几个小时", "几小时", "多少小时", "几分钟", "多少分钟", "几秒", "多少秒", "几天", "多少天", "几年", "几个月", "时长", "续航", "有效期", "how long", "how many hours", "how many days", "how many months", "how many years", "how many minutes", "lasts longer", "last longer", "how long does it last", "how long do they last"},
		units: []string{"小时", "h", "分钟", "min", "天", "周", "个月", "月", "年", "s", "秒", "个工作日", "工作日"}, up: []string{"久", "长", "long"}, down: []string{"短", "short"}},
	{name: "temperature", cues: []string{"多少度", "几度", "温度", "水温", "零下", "低温", "高温", "temperature", "temp", "hot water", "how hot", "boiling"}, units: []string{"℃", "°c", "度"}},
	{name: "loudness", cues: []string{"多吵", "多静", "静不静", "吵吗", "吵不吵", "吵不", "噪音", "分贝", "声音大", "声音小", "声音多大", "音量", "多响", "响不响", "安静", "noise", "loud", "quiet"}, units: []string{"db", "dba", "db(a)", "分贝"}, up: []string{"吵", "响", "loud", "louder"}, down: []string{"安静", "静音", "quiet", "quieter"}},
	{name: "age", cues: []string{"几个月", "多大的宝宝", "多大的孩子", "多大宝宝", "多大孩子", "多大的娃", "多大娃", "多大的小孩", "多大小孩", "月龄", "年龄", "几岁", "多少岁", "age", "months old", "years old"},
		units: []string{"月龄", "岁", "个月", "月", "周岁", "years", "months"}},
	{name: "count", cues: []string{"多少片", "几片", "片数", "多少个", "几个", "个数", "多少包", "几包", "多少粒", "几粒", "多少支", "几支", "多少只", "几只", "多少件", "几件", "几盒", "多少盒", "几根", "多少根", "几条", "多少条", "几袋", "多少袋", "几瓶", "多少瓶", "几颗", "多少颗", "几罐", "多少罐", "几节", "多少节", "几双", "多少双", "几张", "多少张", "几套", "多少套", "几份", "多少份", "几副", "多少副", "数量", "how many", "count"},
		units: []string{"片", "个", "包", "粒", "支", "只", "件", "瓶", "罐", "袋", "盒", "张", "根", "条", "颗", "节", "双", "套", "份", "副", "pcs", "pieces", "count"}, up: []string{"多", "more"}, down: []string{"少", "fewer", "less"}},
	{name: "angle", cues: []string{"角度", "多少度", "几度", "度数", "多陡", "坡度", "angle", "how steep"}, units: []string{"°", "度"}},
	// A turning force (a drill's, a motor's, a wrench's).
	{name: "torque", cues: []string{"扭力", "扭矩", "力矩", "torque"}, units: []string{"n·m", "n.m", "n*m", "n-m", "牛·米", "牛米"}, up: []string{"大"}, down: []string{"小"}},
	{name: "pressure", cues: []string{"吸力", "压力", "气压", "suction", "pressure"}, units: []string{"pa", "kpa", "mpa", "mmhg", "帕", "psi", "bar"}, up: []string{"大", "强"}, down: []string{"小", "弱"}},
	// (A battery's 度电 are its kWh: "差多少度电" of two power banks.)
	{name: "charge", cues: []string{"电池", "毫安", "几度电", "多少度电", "battery"}, units: []string{"mah", "毫安", "毫安时", "wh"}, up: []string{"大"}, down: []string{"小"}},
	// An amount of money to spend or pay ("升金卡要消费多少", "满多少包邮").
	{name: "money", cues: []string{"消费多少", "花多少", "要花多少", "满多少", "付多少", "how much do i need to spend", "how much must i spend"}, units: []string{"元", "块", "万元", "cny", "rmb"}},
	// How fast: a speed, a rate of data, a turning rate ("读写多快" of a card).
	{name: "speed", cues: []string{"速度", "速率", "转速", "时速", "读写", "多快"}, units: []string{"mb/s", "gb/s", "km/h", "m/s", "mm/s", "cm/s", "rpm", "r/min", "转/分", "转/分钟", "公里/小时"},
		up: []string{"快", "fast", "faster"}, down: []string{"慢", "slow", "slower"}},
	// A flow: of water through a pump or filter, of air through a fan (not
	// 流量, which is a phone plan's data too).
	{name: "flow", cues: []string{"水流", "出水量", "风量", "flow rate", "airflow"}, units: []string{"l/h", "l/min", "m³/h", "m3/h", "升/小时", "升/分钟"},
		up: []string{"大", "big", "bigger", "strong", "stronger"}, down: []string{"小", "small", "smaller", "weak", "weaker"}},
	{name: "level", cues: []string{"几档", "多少档", "几个档", "多少个档", "档位", "levels", "settings"}, units: []string{"档", "级"}, up: []string{"多"}, down: []string{"少"}},
	{name: "percent", cues: []string{"浓度", "含量", "百分之", "percent", "concentration", "%", "ppm"}, units: []string{"%", "ppm"}, up: []string{"高"}, down: []string{"低"}},
	{name: "energy", cues: []string{"热量", "能量", "卡路里", "多少卡", "几卡", "大卡", "calories", "calorie", "energy"}, units: []string{"kj", "kcal", "千焦", "千卡", "大卡", "卡"}},
	{name: "electricity", cues: []string{"几度电", "多少度电", "耗电量", "用电量", "耗电", "费电", "省电", "power consumption", "kwh"}, units: []string{"kwh", "千瓦时", "度电"}, up: []string{"费"}, down: []string{"省"}},
	{name: "times", cues: []string{"几次", "多少次", "how many times"}, units: []string{"次"}},
	{name: "hardness", cues: []string{"多硬", "硬度", "hardness", "how hard"}, units: []string{"hrc", "hra", "hrb", "hv", "hb", "hs"},
		up: []string{"硬", "hard", "harder"}, down: []string{"软", "soft", "softer"}},
	// How fine: a filter's rating, a mist's or a powder's particles ("能滤多细", "颗粒细").
	{name: "fineness", cues: []string{"多细", "多精细", "颗粒细", "颗粒大小", "粒径", "滤多细"}, units: []string{"μm", "um", "微米", "nm", "纳米", "目"},
		up: []string{"粗"}, down: []string{"细", "精细"}},
	{name: "illuminance", cues: []string{"照度", "勒克斯", "多少lux", "illuminance"}, units: []string{"lux", "lx", "勒克斯"}},
	{name: "brightness", cues: []string{"多亮", "亮度", "流明", "brightness", "how bright", "lumen"}, units: []string{"lm", "流明"},
		up: []string{"亮", "bright", "brighter"}, down: []string{"暗", "dim", "dimmer"}},
}

// concept is a customer-service-general thing customers ask about, with
// the question words that ask for it and the attributes that state it:
// kgrag's own catalog keys, and parts of key names in any brand's catalog.
type concept struct {
	name     string
	cues     []string
	keys     []string       // kgrag's catalog keys (ingest's field names)
	keyParts []string       // parts of a brand's own key names
	says     *regexp.Regexp // how a text states it, besides its key words (a clock time states hours)
	cueRE    *regexp.Regexp // a cue that is a pattern, not a word
	// narrowParts are parts of a brand's key names whose attribute states
	// the concept only when its value matches narrowRE.
	narrowParts []string
	narrowRE    *regexp.Regexp
}

var concepts = []concept{
	{name: "price", cues: []string{"多少钱", "多钱", "价格", "售价", "怎么收费", "收费标准", "怎么计价", "怎么算钱", "原价", "单价", "标价", "定价", "几块", "卖多少", "价钱", "贵", "便宜", "划算", "差多少", "省多少", "省了多少", "便宜多少", "补多少", "补差价", "什么价", "啥价", "价位", "how much", "price", "cost", "cheap", "expensive"},
		keys: []string{"price_cny"}, keyParts: []string{"售价", "价格", "price"},
		// "一针多少", "洗一次多少": how much for one of a measure word, at
		// the clause's end (not "一次多少毫升", "一共多少").
		cueRE: regexp.MustCompile(`一[^\s共下些点起\d\p{P}a-z]多少(?:$|[\s，,。？?！!呢啊呀])`)},
	// How thick a round thing is ("线多粗", "what gauge"): its diameter,
	// a key named with 径 (直径, 线径, 口径).
	{name: "diameter", cues: []string{"多粗", "多细", "粗细", "直径", "diameter", "gauge"}, keyParts: []string{"径", "粗细", "diameter", "gauge"}},
	{name: "channels", cues: []string{"在哪买", "哪里买", "哪买", "有卖", "能买", "买吗", "渠道", "买到", "能下单", "可以下单", "下单吗", "能拍吗", "能拍不", "可以拍吗", "where can i buy", "where to buy", "sold on", "available on", "buy"}, keys: []string{"channels"},
		// A brand's own note on its channels answers when it narrows them
		// ("渠道说明：天猫专享"), beside the channel list.
		narrowParts: []string{"渠道"}, narrowRE: regexp.MustCompile(`专享|专供|独家|专属|仅|只在|只能|只有|限|不支持|暂未|暂不|未上架`)},
	{name: "availability", cues: []string{"停产", "下架", "上市", "还有吗", "还有没有", "还有卖", "还有得卖", "有得卖", "还有的卖", "还卖", "还在卖", "在卖吗", "还能买", "能买了", "买得到", "有的买", "还能拍", "啥时候上", "上架", "上了没", "上了吗", "什么时候上", "啥时候出", "什么时候出", "能预订", "能预定", "先订", "还能下单", "还可以下单", "能下单吗", "还能约", "还接单", "还做吗", "还做不", "discontinued", "launch", "release", "still sell", "still sold", "still on sale", "still being sold", "no longer sold", "stopped selling", "still available", "come out", "comes out", "coming out", "pre-order", "preorder"},
		keys: []string{"launched", "discontinued"}, keyParts: []string{"上市", "停产", "销售状态"}},
	{name: "suitability", cues: []string{"适合", "适用", "suitable", "who is it for", "能用吗", "可以用吗", "能吃吗", "能吃不", "可以吃吗", "能不能吃", "能喝吗", "能喝不", "能装吗", "能装不", "能装上", "装得上", "装不上", "能不能装", "配得上", "能配吗", "fit", "compatible"}, keys: []string{"suitable_for", "not_suitable_for"}, keyParts: []string{"适用", "适合", "适配", "兼容", "suitable"}},
	// Whether a thing fits another ("S1套得上吗"; not "能用不", which asks
	// of a condition too: "下雨能用不"): what the knowledge says it fits.
	// ("能装到mini2上用吗", "能用在X上不": the thing it goes on named between.)
	{name: "fit", cueRE: regexp.MustCompile(`(能|可以)(连|装|配|套)(吗|不|么|上吗|上不)|(用|连|装|配|套)得上(吗|不|么)|(能|可以)(装|用|套|配|连|接)(到|在)[^，,。？?！!\s]{1,12}?上(用|使用)?(吗|不|么)`), keyParts: []string{"适配", "兼容", "compatible"}},
	{name: "unsuitability", cues: []string{"不适合", "不能用", "禁用", "不宜", "不可以用", "not suitable", "avoid"}, keys: []string{"not_suitable_for"}, keyParts: []string{"不适", "禁用", "not_suitable"}},
	{name: "ingredients", cues: []string{"成分", "配料", "含有", "ingredient"}, keys: []string{"ingredients"}, keyParts: []string{"成分", "配料", "ingredient"}},
	// What a thing is made of ("什么材质", "what is it made of").
	{name: "material", cues: []string{"什么材质", "啥材质", "什么材料", "啥材料", "什么面料", "啥面料", "什么做的", "啥做的", "made of", "material", "fabric"},
		keyParts: []string{"材质", "材料", "面料", "material", "fabric"}},
	{name: "warranty", cues: []string{"保修", "质保", "warranty", "guarantee"}, keyParts: []string{"保修", "质保", "warranty"}},
	// What things cost separately is weighed against what they cost
	// together: the set's own price comes with its total.
	{name: "total", cues: []string{"单买", "单卖", "分开买", "加起来", "一共", "合计", "总共", "总价", "separately", "in total", "altogether"}, keys: []string{"price_cny"}, keyParts: []string{"合计", "总价", "total"}},
	// From when a thing runs ("延保从哪天开始算", "when does it take
	// effect"): its start, a key named 生效 or 起算.
	{name: "start", cues: []string{"从哪天开始", "从什么时候开始", "从啥时候开始", "从何时开始", "哪天开始算", "什么时候开始算", "啥时候开始算", "从哪天算", "从什么时候算", "从啥时候算", "什么时候生效", "啥时候生效", "何时生效", "哪天生效", "怎么起算", "从哪天起", "从什么时候起", "when does it start", "take effect", "takes effect", "start from", "starts from"},
		keyParts: []string{"生效", "起算", "起始"}, says: regexp.MustCompile(`生效|起算|之日起|次日起`)},
	{name: "category", cues: []string{"什么类", "哪一类", "品类", "category"}, keys: []string{"category"}},
	{name: "origin", cues: []string{"哪里产", "哪产的", "哪里生产", "哪生产", "哪里制造", "产地", "产自", "原产", "产于哪", "made in", "where is it made", "where are they made", "origin"},
		keyParts: []string{"产地", "产区", "原产", "生产地", "制造地", "origin"}},
	{name: "year", cues: []string{"哪年", "哪一年", "今年", "去年", "年份", "几几年", "what year", "which year"}, keyParts: []string{"年份", "年度", "年代", "year"}},
	// Whether water harms it: rain and splashes ask its water resistance
	// (防水等级：IP67; "下雨能放外面吗"). (防水 itself is in the keys that
	// state it, and "rain" names things too: a rain cover.)
	{name: "water", cues: []string{"防雨", "怕水", "淋雨", "下雨", "雨天", "雨水", "溅水", "溅到水", "沾水", "泡水", "浸水", "泡在水", "进水", "in the rain", "rainy", "splash"},
		keyParts: []string{"防水", "防雨", "防泼水", "waterproof", "water resistance"},
		says:     regexp.MustCompile(`防水|防雨|防泼水|waterproof|water.?resistan`)},
	{name: "storage", cues: []string{"怎么放", "怎么保存", "怎么存", "如何保存", "如何储存", "怎么储存", "放冰箱", "冷藏吗", "要冷藏", "存放", "储存", "to store", "store it", "store them", "stored", "storing", "storage", "fridge", "refrigerat"},
		keyParts: []string{"储存", "保存", "存放", "贮存", "贮藏", "储藏", "storage"}},
	// How to use a product and how much of it at a time ("一次倒多少",
	// "兑多少水"): its directions and dosage. (No cue holds 一次: every
	// part of a cue is one, and "上一次油" asks no dosage.)
	{name: "usage", cues: []string{"怎么用", "咋用", "如何使用", "怎么使用", "用法", "用量", "放多少", "倒多少", "兑多少水", "兑水", "吃多少", "喝多少", "怎么吃", "怎么喝", "咋吃", "咋喝", "how to use", "how do i use", "how should i use", "how much should i use", "how much to use", "how much do i use", "directions", "dosage"},
		keyParts: []string{"用法", "用量", "使用方法", "使用说明", "稀释", "食用", "饮用", "服用", "usage", "directions", "dosage"}},
	// Which uses less power ("哪个更省电"): its energy grade, besides any
	// consumption in kWh the electricity measure reads. (A pattern: the
	// electricity measure's cues are these words too; and only a
	// comparison's: "调低一点省电" asks how to save, not a grade.)
	{name: "efficiency", cueRE: regexp.MustCompile(`(?:更|最|哪个|哪款|哪台|比)\p{Han}{0,3}?(?:省电|费电|耗电)|more energy.efficien|energy rating`),
		keyParts: []string{"能效", "energy efficiency", "energy rating", "energy class"}},
	// How often a part is replaced ("滤芯多久换一次", "how often do I
	// replace it"): its replacement interval.
	{name: "replacement", cues: []string{"多久换", "多久更换", "多长时间换", "多长时间更换", "how often"},
		keyParts: []string{"更换周期", "更换频率", "更换时间", "replacement interval", "replace every"}},
	// How long a charge lasts ("充满电能用多久").
	{name: "endurance", cues: []string{"充满电能", "充满能", "充满电可以", "充满电用", "充满电玩", "battery life", "on a full charge", "on one charge"},
		// (A pattern, not words: 一次 and 充电 alone ask nothing.)
		cueRE:    regexp.MustCompile(`充一次电?(?:能|可以)|一次充(?:电|满)(?:能|可以)`),
		keyParts: []string{"续航", "battery life", "runtime"},
		says:     regexp.MustCompile(`续航|battery life|runtime`)},
	// Who made it ("是谁画的", "who wrote it"): the person a key names by
	// their role (作者, 绘者, 设计师, 讲师).
	{name: "maker", cues: []string{"是谁", "谁写", "谁画", "谁设计", "谁做", "谁讲", "谁教", "谁拍", "谁翻译", "谁译", "谁编", "who wrote", "who drew", "who illustrated", "who designed", "who made", "who teaches", "author", "illustrator", "designer"},
		keyParts: []string{"作者", "绘者", "著者", "译者", "编者", "设计师", "讲师", "主讲", "老师", "author", "illustrator", "designer"}},
	// How long something stays valid: points, coupons, a card, a code
	// ("how long do my points last").
	{name: "validity", cues: []string{"过期", "到期", "失效", "有效期", "清零", "能放多久", "expire", "expiry", "valid for"},
		cueRE:    regexp.MustCompile(`\b(?:points?|coupons?|vouchers?|cards?|passe?s?|credits?|codes?)\b[^.?!]{0,12}\blast\b`),
		keyParts: []string{"有效", "过期", "到期", "失效", "清零", "保质期", "valid", "expir", "shelf life"},
		says:     regexp.MustCompile(`有效期|过期|到期|失效|清零|expire|valid (for|until)`)},
	// A gift with an order ("多送几张", "送的表带", "有赠品吗"): what the
	// text says is given (加赠, 赠品).
	// (Not 送 of a length included, "送几米线".)
	{name: "gift", keyParts: []string{"赠品", "赠送", "gift"},
		cueRE: regexp.MustCompile(`送(?:的|了)?(?:什么|啥)|送不送|送点|赠品|赠送|加赠|\bgifts?\b|送(?:几|多少)(?:个|张|件|份|次|套|盒|支|瓶|双|只|片|袋|包|节|本)`),
		says:  regexp.MustCompile(`赠|\bgifts?\b`)},
	// A discount ("打几折"): a rate the text writes as 9折 or 10% off.
	{name: "discount", cues: []string{"打几折", "几折", "打折", "折扣", "discount", "% off"}, keyParts: []string{"折扣", "discount"},
		says: regexp.MustCompile(`\d+(\.\d+)?折|\d+%\s*off`)},
	// The day of the week something happens on ("星期几送").
	{name: "weekday", cues: []string{"星期几", "周几", "礼拜几", "哪几天", "which day", "what day", "which days", "what days"},
		says: regexp.MustCompile(`(周|星期|礼拜)[一二三四五六日天]|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|weekday`)},
	// Opening and service hours, of a store or of customer service.
	{name: "hours", cues: []string{"几点", "营业时间", "开门", "关门", "营业到", "开到", "上班时间", "下班", "opening hours", "open until", "closing time", "what time", "business hours", "service hours", "closes", "close at", "opens at", "open at"},
		keyParts: []string{"营业时间", "服务时间", "hours"}, says: clockTimeRE},
	// A time of day the customer would come or write, asked whether
	// someone is still there ("晚上九点半找客服还有人回吗"): the hours.
	{name: "hoursAt", cueRE: hoursAtRE,
		keyParts: []string{"营业时间", "服务时间", "hours"}, says: clockTimeRE},
	// The time of day an order was placed or paid ("下午4点多付的款"): the
	// rule that states a cut-off clock time (15:00前付款的当天发货) answers.
	{name: "cutoff", cueRE: regexp.MustCompile(`(?:上午|下午|晚上|早上|中午|凌晨|傍晚)?\d{1,2}\s*(?:点|[:：]\d{2})(?:多|半|前|后|左右|钟)?\s*(?:\p{Han}{0,2})(?:付|下单|下的单|拍|支付)`),
		says: clockTimeRE},
	// A number to call ("客服电话", "hotline"; not "有人打电话说"): a text states it as a
	// service number (400-…), a landline or a mobile number.
	{name: "phone", cues: []string{"电话多少", "电话号", "电话是", "电话几点", "热线", "联系电话", "phone number", "hotline", "telephone number"},
		keyParts: []string{"电话", "热线", "phone", "hotline"}, says: regexp.MustCompile(`\b[48]00-?\d{3}-?\d{4}\b|\b0\d{2,3}-\d{7,8}\b|\b1[3-9]\d{9}\b`)},
}

// hoursAtRE is a time of day and whether someone is still there or open
// then ("晚上九点半找客服还有人回", "8点还开门").
var hoursAtRE = regexp.MustCompile(`(?:上午|下午|晚上|早上|中午|凌晨|傍晚)?[\d一二三四五六七八九十]{1,3}\s*(?:点|[:：]\d{2})(?:多|半|前|后|左右|钟)?\p{Han}{0,8}还(?:有人|在|开|营业|上班)\p{Han}{0,2}`)

// clockTimeRE is a clock time a text states ("9:00-21:00", "15:00前").
var clockTimeRE = regexp.MustCompile(`\d{1,2}[:：]\d{2}`)

// statedRE is a quantity a customer states ("180斤", "17岁", "165cm");
// canIRE a question whether they can (能坐吗, 可以买吗, 行不行).
var (
	statedRE = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(斤|公斤|kg|千克|岁|周岁|cm|厘米|mm|毫米)`)
	canIRE   = regexp.MustCompile(`(能|可以|可不可以|能不能)\p{Han}{0,3}(吗|不|么|嘛)|行不行|行吗|合适吗|够不够|够吗`)
)

// cuesHolding counts the cues that hold w.
func cuesHolding(cues []string, w string) int {
	n := 0
	for _, c := range cues {
		if strings.Contains(c, w) {
			n++
		}
	}
	return n
}

// howMuchOfRE is "how much" and a noun; howMuchPriceRE "how much" that
// asks a price (how much is it, how much does it cost, how much money).
var (
	howMuchOfRE    = regexp.MustCompile(`\bhow much [a-z]+`)
	howMuchPriceRE = regexp.MustCompile(`\bhow much (is|are|was|were|do|does|did|would|will|for|money|it|they|to|cheaper|more|less)\b|\bcost`)
)

// superlative and comparative markers of order.
var (
	superRE       = regexp.MustCompile(`最(便宜|贵|重|轻|大|小|长|短|高|低|多|少|久|沉|强|弱|安静|宽|窄)|(cheapest|most expensive|lightest|heaviest|largest|biggest|smallest|longest|shortest|highest|lowest|most|least)`)
	compareRE     = regexp.MustCompile(`哪(?:个|款|种|一个|一款)更\p{Han}|(和|跟|与)[^，,。？?！!\s]{1,12}?(选|买|挑|入)哪(个|款|种|一个|一款)|(和|跟|与)[^，,。？?！!]{1,16}?各自?(多|几|是|有)|一样吗|一样不|一样么|不一样|差别|差异|差在哪|差哪|(和|跟|与)[^，,。？?！!]{1,16}?差(啥|什么)|相同吗|是不是一样|(和|跟|与|还是).{1,12}那(个|款|种)[^，,。？?！!\s]{0,6}?(更)?(贵|便宜|重|轻|大|小|长|久|高|低|多|少|厚|薄|深|浅|宽|窄|亮|暗|快|慢|硬|软)|区别|哪(个|款|种)[^，,。？?！!\s]{0,6}?(更)?(好|贵|便宜|重|轻|大|小|长|久|高|低|多|少|划算|厚|薄|深|浅|宽|窄|亮|暗|快|慢|硬|软)|比(?:[^较].{0,11}?)??(便宜|贵|重|轻|大|小|长|久|高|低|多|少|厚|薄|深|浅|宽|窄|亮|暗|快|慢|硬|软)|差多少|差几|(贵|便宜|重|轻|大|小|长|短|久|高|低|多|少|厚|薄|深|浅|宽|窄|亮|暗|快|慢)了(多少|几)|对比|不同|compare|cheaper|heavier|lighter|bigger|smaller|longer|brighter|versus|\bvs\b|difference|differ`)
	comparativeRE = regexp.MustCompile(`(?:和|跟|与|还是).{1,12}那(?:个|款|种)[^，,。？?！!\s]{0,6}?(?:更)?(便宜|贵|重|轻|大|小|长|短|高|低|多|少|久|厚|薄|深|浅|宽|窄|亮|暗|快|慢|硬|软)|比(?:[^较].{0,11}?)??(便宜|贵|重|轻|大|小|长|短|高|低|多|少|久|厚|薄|深|浅|宽|窄|亮|暗|快|慢|硬|软)|哪(?:个|款|种)[^，,。？?！!\s]{0,6}?(?:更)?(便宜|贵|重|轻|大|小|长|短|高|低|多|少|久|厚|薄|深|浅|宽|窄|亮|暗|快|慢|硬|软)|\b(heavier|lighter|bigger|larger|smaller|longer|shorter|taller|louder|quieter|thicker|thinner|deeper|brighter)\b|(便宜|贵|重|轻|大|小|长|短|高|低|多|少|久|厚|薄|深|浅|宽|窄|亮|暗|快|慢)了(?:多少|几)`)
	listRE        = regexp.MustCompile(`有哪些|有哪几|都有啥|都有什么|哪几款|哪几个|哪几种|哪几类|哪些|有几款|有几种|有几个|卖几种|各(是|多少|适合)|分别|what .*(do you (sell|have|offer))|which (products|ones|models)|which ([a-z-]+ ){0,2}[a-z]+s (can|do|are|should|would|could)\b|\bcomes? in\b|\bavailable in\b|\boptions\b|list`)
	condRE        = regexp.MustCompile(`(不超过|不到|低于|少于|小于|高于|超过|大于|多于|至少|最多|under|below|over|above|less than|more than|at most|at least)?\s*(\d+(?:\.\d+)?)\s*(k?[a-z㎡²°℃%]+|[元块斤克升米瓦度岁片个包]|公斤|千克|毫升|厘米|毫米|个月|月龄|小时|分钟|天|年)?\s*(以内|以下|之内|以上|内|or less|or more|and under|and over)?`)
	greetRE       = regexp.MustCompile(`^(你好|您好|在吗|在不在|hi|hello|hey|嗨|哈喽|早上好|晚上好|下午好|谢谢|多谢|谢啦|感谢|thanks|thank you|thx|好的|ok|okay|再见|拜拜|bye)[呀啊哈~!！。,，.? ？]*(你|您|客服|亲)?[呀啊哈~!！。,，.? ？]*$`)
)

// choiceRE is a choice between two one-character qualities ("软还是硬").
var choiceRE = regexp.MustCompile(`(\p{Han})还是(\p{Han})`)

// plan builds the question's plan (the parts that do not need the linked
// entities): operation, filters, measures, concepts.
type understanding struct {
	plan     kg.Plan
	measures []*measure
	// measureCue is the question's word that asked each measure ("多大"
	// asks size, content or capacity: one answer among them).
	measureCue []string
	concepts   []*concept
	cond       *numCond
	superDir   int // +1 most, -1 least, 0 none
	superW     string
	// adjectives are asked as "A不A" ("硬不硬", "重不重"): the attributes
	// whose key holds the adjective answer ("硬度").
	adjectives []string
}

// aNotARE is a Chinese A-not-A question of one adjective: 硬不硬, 贵不贵.
var aNotARE = regexp.MustCompile(`(\p{Han})不(\p{Han})`)

// isAdjRE is a yes-no question of one adjective: 是甜的吗.
var isAdjRE = regexp.MustCompile(`是(\p{Han})的(?:吗|么|嘛|不|呢)`)

// notAdjectives are verbs and modal words said where an adjective could be
// (能不能, 好不好, 更可…): no attribute is asked by them.
const notAdjectives = "是有要会能可对好行用"

// moreAdjRE is a comparison by one adjective with 更 that ends its clause:
// 哪个更酸, 比它更辣吗 (not 更适合宝宝: 适 is no adjective of its own).
var moreAdjRE = regexp.MustCompile(`(?:哪(?:个|款|种|样)|比)[^，,。？?！!\s]{0,12}?更(\p{Han})(?:一点|一些|些|点)?(?:吗|呢|啊|呀|[？?，,。！!\s]|$)`)

type numCond struct {
	op   string
	num  float64
	unit string
	text string
}

func understand(nq string) understanding {
	var u understanding
	u.plan.Operation = "lookup"
	if greetRE.MatchString(strings.TrimSpace(nq)) {
		u.plan.Operation = "greeting"
		return u
	}
	for _, m := range aNotARE.FindAllStringSubmatch(nq, -1) {
		if m[1] == m[2] && !strings.Contains(notAdjectives, m[1]) {
			u.adjectives = appendUnique(u.adjectives, m[1])
			u.plan.Parts = appendUnique(u.plan.Parts, m[0])
		}
	}
	// "是甜的吗": one adjective asked of the thing, as A不A asks it.
	for _, m := range isAdjRE.FindAllStringSubmatch(nq, -1) {
		if !strings.Contains("你我他她它这那哪谁啥什真假对好错", m[1]) {
			u.adjectives = appendUnique(u.adjectives, m[1])
			u.plan.Parts = appendUnique(u.plan.Parts, m[0])
		}
	}
	// "哪个更酸": the adjective compared, unless a measure orders by it
	// (更重: the mass).
	for _, m := range moreAdjRE.FindAllStringSubmatch(nq, -1) {
		if !strings.Contains(notAdjectives, m[1]) && !slices.ContainsFunc(measures, func(x measure) bool { return x.orders(m[1]) }) &&
			!comparativeRE.MatchString(m[0]) {
			u.adjectives = appendUnique(u.adjectives, m[1])
			u.plan.Parts = appendUnique(u.plan.Parts, m[0])
			u.plan.Operation = "compare"
		}
	}
	for i := range measures {
		m := &measures[i]
		// Of the measure's cues the question says, the one fewest other
		// measures share ("占地" over "多大" of "占地多大": a size, not a
		// capacity), then the first.
		best, bestShared := "", 0
		for _, c := range m.cues {
			if !containsWord(nq, c) || pointsAt(nq, c) {
				continue
			}
			shared := cueMeasures(c)
			if best == "" || shared < bestShared {
				best, bestShared = c, shared
			}
		}
		if best != "" {
			u.measures = append(u.measures, m)
			u.measureCue = append(u.measureCue, best)
			u.plan.Parts = appendUnique(u.plan.Parts, best)
			// Asked again in another clause, it is asked again ("猫条一盒
			// 几支 一天能喂几根": two counts).
			if cl := clauseOf(nq, best); cl != "" {
				for _, c := range m.cues {
					if c != best && containsWord(nq, c) && !pointsAt(nq, c) && !strings.Contains(cl, c) && !strings.Contains(c, best) && !strings.Contains(best, c) {
						u.measures = append(u.measures, m)
						u.measureCue = append(u.measureCue, c)
						u.plan.Parts = appendUnique(u.plan.Parts, c)
						break
					}
				}
			}
		}
	}
	// "几度电": a cue inside another measure's cue ("几度") asks nothing
	// of its own.
	for i := 0; i < len(u.measures); i++ {
		c := u.measureCue[i]
		if slices.ContainsFunc(u.measureCue, func(o string) bool { return o != c && strings.Contains(o, c) }) {
			u.measures = slices.Delete(u.measures, i, i+1)
			u.measureCue = slices.Delete(u.measureCue, i, i+1)
			u.plan.Parts = slices.DeleteFunc(u.plan.Parts, func(p string) bool { return p == c })
			i--
		}
	}
	// "我180斤能坐吗", "我17岁可以买吗": a quantity the customer states of
	// themselves, with a can-I, asks the product's or the rule's limit in
	// that measure (承重150kg, 未满18周岁).
	if canIRE.MatchString(nq) {
		for _, q := range statedRE.FindAllStringSubmatch(nq, -1) {
			for i := range measures {
				m := &measures[i]
				if (m.name == "mass" || m.name == "age" || m.name == "length") && slices.Contains(m.units, q[2]) && !slices.Contains(u.measures, m) {
					u.measures = append(u.measures, m)
					u.measureCue = append(u.measureCue, q[0])
					u.plan.Parts = appendUnique(u.plan.Parts, q[0])
				}
			}
		}
	}
	for i := range concepts {
		c := &concepts[i]
		if c.cueRE != nil {
			if w := c.cueRE.FindString(nq); w != "" {
				u.concepts = append(u.concepts, c)
				u.plan.Parts = appendUnique(u.plan.Parts, w)
				continue
			}
		}
		for _, w := range c.cues {
			if containsWord(nq, w) {
				// "How much wall clearance…" asks an amount of something
				// else, not a price.
				if w == "how much" && howMuchOfRE.MatchString(nq) && !howMuchPriceRE.MatchString(nq) {
					continue
				}
				// A cue said only inside the measures' cues asks nothing of
				// its own ("how much" of "how much does it hold"), as "几度"
				// of "几度电" does not.
				if strings.Count(nq, w) <= cuesHolding(u.measureCue, w) {
					continue
				}
				// "摔了能修不 多少钱" asks what a repair costs, which the
				// text states, not the product's price.
				// Nor does "取消要扣多少钱", what is kept back.
				if c.name == "price" && (repairFeeRE.MatchString(nq) || deductRE.MatchString(nq)) {
					break
				}
				// "一共上几节", "总共几片": the total of a measure the
				// question asks right after, not of prices.
				if c.name == "total" && totalOfMeasure(nq, w, u.measureCue) {
					break
				}
				u.concepts = append(u.concepts, c)
				u.plan.Parts = appendUnique(u.plan.Parts, w)
				break
			}
		}
	}
	// "抖音咋搜不到": a product not found on a channel the question names
	// asks where it is sold (not one no longer found anywhere: "以前那款
	// 怎么搜不到了").
	if notFoundRE.MatchString(nq) && !slices.ContainsFunc(u.concepts, func(c *concept) bool { return c.name == "channels" }) {
		if _, names := channelNamesLongestFirst(); slices.ContainsFunc(names, func(n string) bool { return runeLen(n) >= 2 && strings.Contains(nq, strings.ToLower(n)) }) {
			u.concepts = append(u.concepts, conceptNamed("channels"))
			u.plan.Parts = appendUnique(u.plan.Parts, notFoundRE.FindString(nq))
		}
	}
	// "这个多少米": 米 is money in customers' slang; a clause that ends
	// with it asks the price too (and its length, where one is stated).
	if slangPriceRE.MatchString(nq) && !slices.ContainsFunc(u.concepts, func(c *concept) bool { return c.name == "price" }) {
		u.concepts = append(u.concepts, conceptNamed("price"))
		u.plan.Parts = appendUnique(u.plan.Parts, "多少米")
	}
	// "不适合" also contains "适合": the narrower concept wins.
	if slices.ContainsFunc(u.concepts, func(c *concept) bool { return c.name == "unsuitability" }) {
		u.concepts = slices.DeleteFunc(u.concepts, func(c *concept) bool { return c.name == "suitability" })
	}
	if m := superRE.FindStringSubmatchIndex(nq); m != nil && !limitFollows(nq[m[1]:]) {
		w := nq[m[0]:m[1]]
		w = strings.TrimPrefix(w, "最")
		u.superW = w
		u.superDir = 1
		switch w {
		case "便宜", "轻", "小", "短", "低", "少", "弱", "安静", "窄", "cheapest", "lightest", "smallest", "shortest", "lowest", "least":
			u.superDir = -1
		}
		u.plan.Operation = "rank"
		// "在卖的单板有哪几块 最便宜的多少": a clause of its own lists them
		// all, each with what the ranking asks, which shows the top one.
		if cls := questionClauses(nq); len(cls) > 1 && slices.ContainsFunc(cls, func(cl string) bool { return listRE.MatchString(cl) && !superRE.MatchString(cl) }) {
			u.plan.Operation = "list"
		}
	}
	switch {
	case u.plan.Operation == "rank":
	case compareRE.MatchString(nq):
		u.plan.Operation = "compare"
	case listRE.MatchString(nq):
		u.plan.Operation = "list"
	}
	if u.plan.Operation == "compare" {
		// "比一代轻多少", "哪个片数多": the comparative says the measure,
		// besides those asked by name ("比老款轻了多少 容量谁大"), unless
		// one of them orders by it or its cue says it (容量谁大: 大 is of
		// the volume; 哪个声音小: 小 is of the loudness).
		for _, m := range comparativeRE.FindAllStringSubmatch(nq, -1) {
			w := strings.Join(m[1:], "")
			if slices.ContainsFunc(u.measures, func(x *measure) bool { return x.orders(w) }) ||
				slices.ContainsFunc(u.measureCue, func(c string) bool { return strings.Contains(c, w) }) {
				continue
			}
			for i := range measures {
				if measures[i].orders(w) {
					u.measures = append(u.measures, &measures[i])
					u.measureCue = append(u.measureCue, w)
					u.plan.Parts = appendUnique(u.plan.Parts, w)
					break
				}
			}
		}
	}
	// "哪个轻 差多少", "lighter, and by how much": the difference asked is
	// of the measure compared, not of the price, unless a price word says so.
	for _, diff := range []string{"差多少", "by how much", "how much does"} {
		if len(u.measures) == 0 || !strings.Contains(nq, diff) {
			continue
		}
		if diff == "how much does" && !strings.Contains(nq, "weigh") {
			continue // "how much does it weigh" asks the mass, "how much does it cost" the price
		}
		cue := strings.TrimSuffix(strings.TrimPrefix(diff, "by "), " does")
		for i, c := range u.concepts {
			if c.name == "price" && !slices.ContainsFunc(c.cues, func(w string) bool { return w != cue && containsWord(nq, w) }) {
				u.concepts = slices.Delete(u.concepts, i, i+1)
				u.plan.Parts = slices.DeleteFunc(u.plan.Parts, func(w string) bool { return w == cue })
				break
			}
		}
	}
	if c := numericCondition(nq); c != nil {
		u.cond = c
		if u.plan.Operation == "lookup" || u.plan.Operation == "list" {
			u.plan.Operation = "filter"
		}
	}
	if slices.ContainsFunc(u.concepts, func(c *concept) bool { return c.name == "total" }) && u.plan.Operation == "lookup" {
		u.plan.Operation = "sum"
	}
	return u
}

// totalOfMeasure reports whether a total's cue (一共) is followed, after
// at most two characters of a verb (上, 有), by one of the measures' cues
// ("一共上几节"): what is summed is that measure.
func totalOfMeasure(nq, w string, cues []string) bool {
	for rest := nq; ; {
		i := strings.Index(rest, w)
		if i < 0 {
			return false
		}
		rest = rest[i+len(w):]
		after := []rune(rest)
		for k := 0; k <= 2 && k < len(after); k++ {
			if !unicode.Is(unicode.Han, after[k]) {
				break
			}
			s := string(after[k:])
			if slices.ContainsFunc(cues, func(c string) bool { return strings.HasPrefix(s, c) }) {
				return true
			}
		}
	}
}

// cueMeasures is how many measures have the cue ("多大": a size, a
// content, a capacity).
func cueMeasures(c string) int {
	n := 0
	for i := range measures {
		if slices.Contains(measures[i].cues, c) {
			n++
		}
	}
	return n
}

// limitFollows reports whether a superlative is a limit ("最多能抵",
// "最长可以放") rather than a ranking ("最贵的是哪个").
func limitFollows(rest string) bool {
	// "最低档能亮多久": a device's lowest setting, not the lowest product.
	for _, p := range []string{"能", "可", "要", "会", "抵", "用", "退", "放", "不", "只", "也", "多少", "几", "档", "挡"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9'
}

// notFoundRE says a thing is not found where the customer looked.
var notFoundRE = regexp.MustCompile(`搜不到|搜不出|没搜到|找不到|没找到`)

// conceptNamed is the concept of that name.
func conceptNamed(name string) *concept {
	for i := range concepts {
		if concepts[i].name == name {
			return &concepts[i]
		}
	}
	panic("answer: no concept " + name)
}

// slangPriceRE is "多少米" ending a clause: the price, in customers' slang.
var slangPriceRE = regexp.MustCompile(`多少米(?:呀|啊|呢|哇|嘛)?(?:$|[\s，,。？?！!])`)

// feeHowMuchRE asks whether something costs money, then how much, in a
// clause of its own: "要钱吗 多少", "收费不？收多少". Its first group is
// what comes before, in the clause.
var feeHowMuchRE = regexp.MustCompile(`([^\s，,。？?！!]*)(?:要钱|收费|收钱|花钱|付费)(?:吗|不|么|嘛)?[\s，,。？?！!]+(?:那)?(?:要|收|得|大概)?多少(?:呀|啊|呢|哇|嘛)?(?:$|[\s，,。？?！!])`)

// numericCondition finds "300以内", "不超过5kg", "under 300".
func numericCondition(nq string) *numCond {
	for _, m := range condRE.FindAllStringSubmatch(nq, -1) {
		pre, num, unit, post := m[1], m[2], m[3], m[4]
		if pre == "" && post == "" {
			continue
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			continue
		}
		op := "<="
		switch pre {
		case "高于", "超过", "大于", "多于", "至少", "over", "above", "more than", "at least":
			op = ">="
		}
		switch post {
		case "以上", "or more", "and over":
			op = ">="
		}
		return &numCond{op: op, num: f, unit: unit, text: strings.TrimSpace(m[0])}
	}
	return nil
}

// containsWord reports whether q contains w; an ASCII w must stand as a
// word (or a word's start: "heavi" in "heaviest").
func containsWord(q, w string) bool { return containsASCIIWord(q, w, false) }

// containsWholeWord is containsWord where a Latin or numeric w must also
// end where a word ends: the size "s" is not in "sizes", "3" not in "30".
func containsWholeWord(q, w string) bool { return containsASCIIWord(q, w, true) }

func containsASCIIWord(q, w string, whole bool) bool {
	if !IsASCII(w) || !isWordy(w) {
		return strings.Contains(q, w)
	}
	for i := 0; ; {
		j := strings.Index(q[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		if (j == 0 || !isAlnum(rune(q[j-1]))) && (!whole || end == len(q) || !isAlnum(rune(q[end]))) {
			return true
		}
		i = j + 1
	}
}

func isWordy(w string) bool {
	for _, r := range w {
		if !isAlnum(r) && r != ' ' {
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

func appendUnique(xs []string, s string) []string {
	if slices.Contains(xs, s) {
		return xs
	}
	return append(xs, s)
}

// unitOf is an attribute's unit folded for matching ("" when none).
func unitOf(a kg.Attribute) string {
	if a.Unit != "" {
		return perPiece(strings.ToLower(strings.TrimSpace(a.Unit)))
	}
	// "50×44×22cm" is no single measure, but its unit still says what it is.
	if m := trailingUnitRE.FindStringSubmatch(strings.ToLower(a.Value)); m != nil {
		return perPiece(m[1])
	}
	return ""
}

// perPiece is a unit stated per piece read as its measure's own ("7W/只":
// W, "806lm/只": lm); a rate ("km/h", "转/分") stays whole.
func perPiece(u string) string {
	if b, per, ok := strings.Cut(u, "/"); ok && b != "" && runeLen(per) == 1 && strings.Contains(measureWords, per) {
		return b
	}
	return u
}

var trailingUnitRE = regexp.MustCompile(`\d\s*([a-zμ]{1,3}[²³]?(?:/(?:[a-z]{1,3}[²³]?|\p{Han}{1,3}))?|[㎡℃°%]|\p{Han}{1,2})$`)

// numberUnitRE is a number with the unit written after it, anywhere in a value.
// (A unit per a Latin or a Chinese unit, not both: "80km/h的速度" is in
// km/h.)
var numberUnitRE = regexp.MustCompile(`\d\s*([a-zμ]{1,3}[²³]?(?:/(?:[a-z]{1,3}[²³]?|\p{Han}{1,3}))?|[㎡℃°%]|\p{Han}{1,2})`)

// notAsking are what before 几 makes it say a number rather than ask one:
// "这几款" points at things, "好几个坑", "十几天" and "没几天" say how many.
var notAsking = []string{"这", "那", "好", "十", "没"}

// pointsAt reports whether every 几 of the cue c in nq follows a word of
// notAsking, or every time the cue is a unit it follows a number:
// "那几袋补充装" points at bags, and asks no count; "20000毫安的充电宝"
// names a thing by its value, and asks no charge.
func pointsAt(nq, c string) bool {
	// A number, not a code's digits ("X20毫安" names a model).
	stated := func(before string) bool {
		rest := strings.TrimRightFunc(strings.TrimRight(before, " "), func(r rune) bool { return r >= '0' && r <= '9' || r == '.' })
		if len(rest) == len(strings.TrimRight(before, " ")) {
			return false
		}
		r, _ := utf8.DecodeLastRuneInString(rest)
		return !(r < utf8.RuneSelf && unicode.IsLetter(r)) && r != '-'
	}
	if !IsASCII(c) && anyUnit(c) {
		for i := strings.Index(nq, c); i >= 0; {
			if !stated(nq[:i]) {
				return false
			}
			j := strings.Index(nq[i+len(c):], c)
			if j < 0 {
				return true
			}
			i += len(c) + j
		}
		return false
	}
	if !strings.HasPrefix(c, "几") {
		return false
	}
	for i := strings.Index(nq, c); i >= 0; {
		if !slices.ContainsFunc(notAsking, func(p string) bool { return strings.HasSuffix(nq[:i], p) }) {
			return false
		}
		j := strings.Index(nq[i+len(c):], c)
		if j < 0 {
			break
		}
		i += len(c) + j
	}
	return true
}

// unitText is text folded to read the units after its numbers: lower case,
// and a unit of two written with a dot between them ("kW·h") whole.
func unitText(s string) string { return strings.ReplaceAll(strings.ToLower(s), "·", "") }

// measuredBy reports whether the attribute states a quantity of m: its
// parsed unit, or a unit written after any number in its text ("满电约可
// 使用4次（每次约15分钟）" states times and a duration).
func (m *measure) measuredBy(a kg.Attribute) bool {
	if m.hasUnit(unitOf(a)) {
		return true
	}
	for _, x := range numberUnitRE.FindAllStringSubmatch(unitText(a.Text()), 4) {
		u := x[1]
		if m.hasUnit(u) {
			return true
		}
		if r := []rune(u); len(r) == 2 && unicode.Is(unicode.Han, r[0]) && !anyUnit(u) && m.hasUnit(string(r[:1])) {
			return true // "次（" read as "次"
		}
	}
	// A key named by the measure's own noun of degree ("邵氏硬度" of 硬度,
	// "亮度") whose value is a number in a unit no measure knows ("80D",
	// "3200 CVIA流明") states it. (A unit per another, "g/L", is a
	// quantity of its own.)
	if (a.Num != nil || leadNumRE.MatchString(strings.TrimSpace(a.Value))) && !anyUnit(unitOf(a)) && !strings.Contains(a.Unit, "/") {
		k := fold(a.Key)
		return slices.ContainsFunc(m.cues, func(c string) bool { return runeLen(c) >= 2 && strings.HasSuffix(c, "度") && strings.HasSuffix(k, c) })
	}
	return false
}

// measuredPer reports whether a is stated in m's unit per a unit the
// question puts one of before it ("一米多少瓦" of 功率：10W/m): a rate
// answers the measure when the question asks it per that unit.
func (m *measure) measuredPer(a kg.Attribute, q string) bool {
	b, per, ok := strings.Cut(unitOf(a), "/")
	if !ok || !m.hasUnit(b) || per == "" {
		return false
	}
	names := []string{per}
	for i := range measures {
		if measures[i].hasUnit(per) {
			for _, u := range measures[i].units {
				if !IsASCII(u) {
					names = append(names, u)
				}
			}
		}
	}
	return slices.ContainsFunc(names, func(n string) bool {
		return !IsASCII(n) && (strings.Contains(q, "每"+n) || strings.Contains(q, "一"+n) || strings.Contains(q, "1"+n))
	})
}

// physicalUnit reports whether u is the unit of a measure other than a
// count (kg, cm, not 节 or 片).
func physicalUnit(u string) bool { return unitOfMeasure(u, "count") }

// anyUnit reports whether u is a unit of some measure ("个月" is a
// duration, not a count of "个").
func anyUnit(u string) bool { return unitOfMeasure(u, "") }

// unitOfMeasure reports whether u is the unit of a measure not named
// except.
func unitOfMeasure(u, except string) bool {
	for i := range measures {
		if measures[i].name != except && measures[i].hasUnit(u) {
			return true
		}
	}
	return false
}

// orders reports whether the comparative or superlative w orders by m
// ("轻" by the mass).
func (m *measure) orders(w string) bool {
	return slices.Contains(m.up, w) || slices.Contains(m.down, w)
}

func (m *measure) hasUnit(u string) bool {
	return u != "" && slices.Contains(m.units, u)
}

// keyMatch scores how well the question names an attribute key: the key
// (or its last path part) written in the question, or most of it.
func keyMatch(key, q string) (float64, string) {
	s, why, _ := keySpan(key, q)
	return s, why
}

// keySpan is keyMatch with the part of the question that matched: the
// key, or the run of it the question writes.
func keySpan(key, q string) (float64, string, string) {
	if i := strings.LastIndex(key, "."); i >= 0 {
		key = key[i+1:]
	}
	fk := fold(key)
	if IsASCII(fk) {
		// snake_case keys: a word of the key that is no unit or currency.
		best := 0.0
		for _, w := range strings.FieldsFunc(strings.ToLower(key), func(r rune) bool { return r == '_' || r == ' ' || r == '-' || r == '.' }) {
			if len(w) >= 3 && w != "cny" && !stopWords[w] && !contentStop[w] && containsWord(q, w) {
				best = 0.9
			}
		}
		return best, "key word in question", ""
	}
	// A key that mixes Latin and Chinese ("R值") meets the question
	// without the spaces its units were joined with ("r 值多少").
	if strings.ContainsFunc(fk, func(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }) {
		q = strings.ReplaceAll(q, " ", "")
	}
	if runeLen(fk) >= 2 && strings.Contains(q, fk) {
		return 1, "key in question", fk
	}
	kr := []rune(fk)
	// A key of one character ("钙" of a nutrition list) said in the
	// question ("含钙多少").
	if len(kr) == 1 && unicode.Is(unicode.Han, kr[0]) && !strings.ContainsRune(functionChars, kr[0]) && strings.ContainsRune(q, kr[0]) {
		return 0.8, "key in question", fk
	}
	if len(kr) < 3 {
		return 0, "", ""
	}
	// A four-character key said by the first character of each of its
	// words, as Chinese shortens one ("显指" of 显色指数), when the short
	// form is no word of its own.
	if ab := abbreviation(kr); ab != "" && strings.Contains(q, ab) && coinedZh(ab) {
		return 0.9, "the key's short form in question", ab
	}
	span := commonSpan(kr, []rune(q))
	if l := runeLen(span); l >= 2 && l*2 >= len(kr) {
		return 0.5 + 0.4*float64(l)/float64(len(kr)), "most of the key in question", span
	}
	return 0, "", ""
}

// abbreviation is the usual short form of a four-character Chinese word
// of two words (显色指数 → 显指), "" for any other.
func abbreviation(w []rune) string {
	if len(w) != 4 || slices.ContainsFunc(w, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
		return ""
	}
	return string([]rune{w[0], w[2]})
}

// longestCommon is the length of the longest common substring of a and b.
func longestCommon(a, b []rune) int {
	return runeLen(commonSpan(a, b))
}

// commonSpan is the longest common substring of a and b (the first of a
// when several are as long).
func commonSpan(a, b []rune) string {
	best, end := 0, 0
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
				if cur[j] > best {
					best, end = cur[j], i
				}
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return string(a[end-best : end])
}

// optionWords are the option dimensions of e-commerce SKUs as customers
// and catalog exports name them (Tmall's 颜色分类, Shopify's Color): a
// customer's word finds a key written in the other language.
var optionWords = [][]string{
	{"color", "colour", "颜色", "颜色分类", "色号", "配色"},
	{"size", "尺码", "码数", "尺寸", "大小"},
	{"material", "材质", "面料"},
	{"flavor", "flavour", "口味", "味道"},
	{"style", "款式"},
	{"pack", "包装", "装量"},
	{"capacity", "容量"},
	{"weight", "重量", "净重"},
}

// internalKeys are attributes of kgrag's own entities (FAQ, policy) that
// no customer asks for by name.
var internalKeys = map[string]bool{"question": true, "answer": true, "text": true, "tags": true, "applies_to": true,
	"effective_from": true, "effective_to": true, "name_en": true, "rank": true}

// askedKeys matches the question (without the names of linked entities)
// against the lexicon's attribute keys and trainers' attribute synonyms.
//
// spans are the question's runs that matched part of a key, by key: the
// entity's other keys that hold the run are asked too (attrsFor).
// repairFeeRE asks what a repair costs: a verb of repairing, then the
// price asked ("能修不 多少钱", "修一下大概要多少钱"; not 保修, 修护, 修复).
var repairFeeRE = regexp.MustCompile(`(维修|修理|返修|修一下|修好|能修|可以修|去修|要修|修不|修得|修吗)[^。？?！!]{0,10}(多少钱|收费|费用|几块|要钱|收钱)`)

// deductRE asks what is kept back when a booking is called off ("取消要扣
// 多少钱"): a rule's amount, not a price.
var deductRE = regexp.MustCompile(`(取消|退团|退订|不去了|去不了)[^。？?！!]{0,8}(扣|罚|违约金)[^。？?！!，, ]{0,3}(多少钱|多钱|几块)`)

// whatCharRE is a thing asked by one character after 啥 or 什么 ("啥味的",
// "什么色儿"), where the question or its clause ends.
var whatCharRE = regexp.MustCompile(`(?:啥|什么)(\p{Han})(?:的|儿|呀|啊|呢|[\s，,。？?！!]|$)`)

// perOneRE is "one" and a measure word ("一片", "一粒"): what one piece holds.
var perOneRE = regexp.MustCompile(`一(\p{Han})`)

// perEnglishRE is an English "per" and its unit ("weight per meter"), and
// perUnits the Chinese units a key writes after 每 for it (language-level).
var (
	perEnglishRE = regexp.MustCompile(`\bper (meter|metre|hour|day|serving|piece|bottle|box|pack)\b`)
	perUnits     = map[string][]string{"meter": {"米"}, "metre": {"米"}, "hour": {"小时"}, "day": {"天", "日"}, "serving": {"份"},
		"piece": {"片", "个", "只", "粒"}, "bottle": {"瓶"}, "box": {"盒"}, "pack": {"包", "袋"}}
)

func askedKeys(q, spacedQ string, lex *kg.Lexicon) (keys []kg.PlanAttribute, spans map[string]string) {
	var out []kg.PlanAttribute
	spans = map[string]string{}
	add := func(key string, score float64, why string) {
		for i := range out {
			if out[i].Key == key {
				if score > out[i].Score {
					out[i].Score, out[i].Why = score, why
				}
				return
			}
		}
		out = append(out, kg.PlanAttribute{Key: key, Score: score, Why: why})
	}
	if lex == nil {
		return nil, spans
	}
	partial := map[string]string{}
	for _, a := range lex.Attributes {
		if internalKeys[a.Key] {
			continue
		}
		mq := q
		if IsASCII(a.Key) {
			mq = spacedQ // English words need their spaces
		}
		if s, why, span := keySpan(a.Key, mq); s > 0 {
			// "座椅重量" is not asked by the category's "座椅".
			if s >= 1 || !partInGroupName(a.Key, mq, lex) {
				add(a.Key, s, why)
			}
			if s < 1 && span != "" {
				partial[a.Key] = span
			}
		}
		for _, p := range a.Paths {
			if s, why := keyMatch(p, mq); s >= 1 {
				add(a.Key, s, why)
			}
		}
	}
	for _, a := range lex.Attributes {
		k := strings.ToLower(a.Key)
		for _, ws := range optionWords {
			if !slices.Contains(ws, k) {
				continue
			}
			for _, w := range ws {
				if w != k && containsWord(q, w) || w != k && IsASCII(w) && containsWord(spacedQ, w) {
					add(a.Key, 1, "option word "+w)
				}
			}
			// ("一共几个色": how many colours, by 色 alone.)
			if ws[0] == "color" && colourCountRE.MatchString(q) {
				add(a.Key, 1, "the question counts the colours")
			}
		}
	}
	// "啥味的", "什么色儿": a thing asked by one character names the keys
	// that hold it (味型, 风味描述).
	for _, m := range whatCharRE.FindAllStringSubmatch(q, -1) {
		if strings.Contains("样用事人时候么个", m[1]) {
			continue
		}
		for _, a := range lex.Attributes {
			if !internalKeys[a.Key] && !IsASCII(a.Key) && strings.Contains(fold(a.Key), m[1]) {
				add(a.Key, 0.8, "the question asks 啥"+m[1]+", which its key holds")
			}
		}
	}
	// "软还是硬": a choice between two qualities asks the key that holds
	// both (软硬度).
	for _, m := range choiceRE.FindAllStringSubmatch(q, -1) {
		for _, a := range lex.Attributes {
			if k := fold(a.Key); !internalKeys[a.Key] && !IsASCII(a.Key) && strings.Contains(k, m[1]) && strings.Contains(k, m[2]) {
				add(a.Key, 0.9, "the question asks "+m[0]+", which its key holds both of")
			}
		}
	}
	// "一片多少叶酸": what one piece holds is what a key says per piece
	// (每片功效成分).
	for _, m := range perOneRE.FindAllStringSubmatch(q, -1) {
		for _, a := range lex.Attributes {
			if !internalKeys[a.Key] && strings.Contains(fold(a.Key), "每"+m[1]) {
				add(a.Key, 1, "一"+m[1]+" asks what 每"+m[1]+" states")
			}
		}
	}
	// "weight per meter": the same of an English question (每米重量).
	for _, m := range perEnglishRE.FindAllStringSubmatch(spacedQ, -1) {
		for _, u := range perUnits[m[1]] {
			for _, a := range lex.Attributes {
				if !internalKeys[a.Key] && strings.Contains(fold(a.Key), "每"+u) {
					add(a.Key, 1, m[0]+" asks what 每"+u+" states")
				}
			}
		}
	}
	for _, s := range lex.Synonyms {
		if s.Kind == kg.SynAttribute && s.Term != "" && containsWord(q, fold(s.Term)) {
			add(s.Target, 1, "trainer synonym "+s.Term)
		}
	}
	// "max weight", "最多能载多重": a most asked of a key asks the key that
	// states the most of it too (骑行最大承重 beside 重量).
	if maxAskRE.MatchString(q) || maxAskRE.MatchString(spacedQ) {
		for _, k := range slices.Clone(out) {
			fk := []rune(fold(k.Key))
			if k.Score < 1 || IsASCII(k.Key) || len(fk) < 2 || maxKeyRE.MatchString(string(fk)) {
				continue
			}
			for _, a := range lex.Attributes {
				fa := fold(a.Key)
				if !internalKeys[a.Key] && maxKeyRE.MatchString(fa) && strings.ContainsRune(maxKeyRE.ReplaceAllString(fa, ""), fk[0]) {
					add(a.Key, 1, "the most of "+k.Key+" asked")
				}
			}
		}
	}
	// A longer key found whole beats the shorter keys inside it ("适用体重"
	// over "体重"): drop keys contained in a better-matched one.
	slices.SortStableFunc(out, func(a, b kg.PlanAttribute) int { return runeLen(b.Key) - runeLen(a.Key) })
	var keep []kg.PlanAttribute
	for _, a := range out {
		if slices.ContainsFunc(keep, func(k kg.PlanAttribute) bool {
			return k.Score >= 1 && strings.Contains(fold(k.Key), fold(a.Key))
		}) {
			continue
		}
		if sp, ok := partial[a.Key]; ok && a.Score < 1 {
			spans[a.Key] = sp
		}
		keep = append(keep, a)
	}
	return keep, spans
}

// partInGroupName reports whether what key and q share is part of a
// category's or series' name (the question names the group, not the key).
func partInGroupName(key, q string, lex *kg.Lexicon) bool {
	kr, qr := []rune(fold(key)), []rune(q)
	best := ""
	for i := range kr {
		for j := i + 2; j <= len(kr); j++ {
			if sub := string(kr[i:j]); strings.Contains(string(qr), sub) && len(sub) > len(best) {
				best = sub
			}
		}
	}
	if best == "" {
		return false
	}
	// "加湿器…一小时加湿多少": the part is also in the question outside
	// the group names, where it asks for the key.
	rest := q
	named := false
	for _, g := range lex.Groups {
		if gn := fold(g.Name); strings.Contains(gn, best) {
			named = true
			rest = strings.ReplaceAll(rest, gn, " ")
		}
	}
	return named && !strings.Contains(rest, best)
}
