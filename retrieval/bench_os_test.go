package retrieval_test

import "os"

var osMkdirTemp = os.MkdirTemp
