package channelpolicy

// FastAppend is the fast encoder alone, for tests that hold it to what
// encoding/json writes.
var FastAppend = fastAppend
