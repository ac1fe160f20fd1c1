package parse

import (
	"fmt"
	"strings"

	"kgrag/kg"
)

// allWords mean "every channel" (or "everything" for applies_to).
var allWords = map[string]bool{"all": true, "*": true, "全部": true, "全渠道": true, "所有": true, "any": true}

// Channel returns the channel code of a code or name ("天猫", "Tmall",
// "tmall"). Any code is a channel (kg.ValidChannel); names are those of
// kg's channel table.
func Channel(s string) (string, error) {
	if c, ok := kg.ChannelCode(s); ok {
		return c, nil
	}
	return "", fmt.Errorf("unknown channel %q: give a channel code (1-32 lower-case letters, digits, '_' or '-', e.g. %s) or a channel name the service knows (configure more with KGRAG_CHANNELS)",
		s, strings.Join(kg.ChannelCodes(), ", "))
}

// channels reads a channel list; "all" (or an empty value) is nil.
func channels(v any) ([]string, error) {
	items, all, err := listOrAll(v)
	if err != nil || all {
		return nil, err
	}
	var out []string
	for _, it := range items {
		c, err := Channel(it)
		if err != nil {
			return nil, err
		}
		if !containsStr(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
