package answer

// Hooks for the external tests (package answer_test), which build the
// engine through the composition root and so cannot be part of package
// answer (the root imports it).
var (
	SplitAnswer    = splitAnswer
	PoliteMessage  = politeMessage
	Expansion      = expansion
	DemonymCountry = demonymCountry
	DaysBefore     = daysBefore
	RuleDate       = ruleDate
	MeasuresSaid   = measuresSaid
	MeasureTier    = measureTierHolds
	StageSaid      = stageSaid
	SubjectOf      = subjectOf
	HoursBefore    = hoursBefore
	HourTierHolds  = hourTierHolds
	ActionsOf      = actionsOf
	MoneyIn        = moneyIn
)

// HasMarker reports whether s carries a citation marker.
func HasMarker(s string) bool { return markerRE.MatchString(s) }

// SetLinkerParts marks ids as ingredients, as the engine does from their type.
func SetLinkerParts(l *Linker, parts map[string]bool) { l.parts = parts }

// AspectSays reports whether sentence states an aspect the question asks
// (compose's aspects: 要收费吗 is answered by a fee).
func AspectSays(question, sentence string) bool {
	for _, a := range aspects {
		if a.asks.MatchString(question) && a.says.MatchString(sentence) {
			return true
		}
	}
	return false
}

// ScrambledRun is scrambledRun over the matching units of two texts.
func ScrambledRun(name, question string) string {
	q := textUnits(question)
	s, e := scrambledRun(textUnits(name), q)
	return joinUnits(q[s:e])
}

func ValueSaid(cl, val string) bool { return valueSaid(cl, measuresSaid(cl), val) }

func ProperWords(q string) map[string]bool { return properWords(q) }

func UsedSaid(nq string) (int, string) { return usedSaid(nq) }
func UsedTierHolds(s string, n, total int, unit string) bool {
	return usedTierHolds(s, n, total, unit)
}
func UsedTotal(nq string, used int) int { return usedTotal(nq, used) }

func DeclinedAdvice(sent string) (advice, examples string) {
	advice, examples, _ = declinedAdvice(sent)
	return advice, examples
}
