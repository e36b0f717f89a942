package channelpolicy

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/channelpolicy/channelpolicy/program"
)

// DecisionRecord is one decision as the decision log keeps it: what came
// in, under which policy, what was decided and why, for audits, disputes
// and replay under another policy.
type DecisionRecord struct {
	// DecisionID is the SHA-256 (hex) of the operation, the compact input,
	// now and the policy-set digest: the same decision has the same ID.
	DecisionID string    `json:"decision_id"`
	ServedAt   time.Time `json:"served_at"`
	Operation  string    `json:"operation"`
	Now        time.Time `json:"now"`
	// PolicyVersion is the version of the operation's package policy;
	// PolicyDigest the SHA-256 of the whole policy set's JSON.
	PolicyVersion string `json:"policy_version"`
	PolicyDigest  string `json:"policy_digest"`
	// Input is the input as received, after masking; Masked says whether
	// masking changed it (a masked record cannot be replayed exactly).
	Input     json.RawMessage  `json:"input"`
	Masked    bool             `json:"masked,omitempty"`
	Outcome   string           `json:"outcome"`
	Rules     []program.RuleID `json:"rules"`
	LatencyMS float64          `json:"latency_ms"`
}

// DecisionLogOptions configure a [DecisionLog].
type DecisionLogOptions struct {
	// Mask lists JSON Pointers into inputs ("/end_user/email") whose values
	// are dropped before a record is written, or replaced by
	// "sha256:<hex>" of their JSON when Hash is set. A pointer an input
	// does not have is ignored.
	Mask []string
	Hash bool
	// Queue bounds the records waiting to be written; 0 means 4096. When it
	// is full a record is dropped and counted, never waited for — unless
	// Block is set: a batch (eval --jsonl) would rather wait than lose a
	// record, a server would rather answer.
	Queue int
	Block bool
}

// DecisionLog writes decision records in the background: recording never
// blocks or fails a decision. Masking, hashing and encoding happen on the
// log's own goroutine.
type DecisionLog struct {
	w       io.Writer
	opts    DecisionLogOptions
	queue   chan DecisionRecord
	done    chan struct{}
	dropped atomic.Uint64
	mu      sync.RWMutex // guards closed against a send on a closed queue
	closed  bool
	err     error
}

// NewDecisionLog starts a decision log writing one JSON line per record to
// w (nil discards them). Close it to flush what is queued; w itself is not
// closed.
func NewDecisionLog(w io.Writer, opts DecisionLogOptions) *DecisionLog {
	if opts.Queue <= 0 {
		opts.Queue = 4096
	}
	if w == nil {
		w = io.Discard
	}
	l := &DecisionLog{w: w, opts: opts, queue: make(chan DecisionRecord, opts.Queue), done: make(chan struct{})}
	go l.run()
	return l
}

// Record queues r; the log fills in its ID (when empty) from the input as
// given and masks the input. A full queue, or a closed log, drops r and
// counts it.
func (l *DecisionLog) Record(r DecisionRecord) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		l.dropped.Add(1)
		return
	}
	if l.opts.Block {
		l.queue <- r // the writer drains the queue without the lock
		return
	}
	select {
	case l.queue <- r:
	default:
		l.dropped.Add(1)
	}
}

// Dropped counts the records not written because the queue was full or
// the log closed.
func (l *DecisionLog) Dropped() uint64 { return l.dropped.Load() }

// Close writes every queued record and stops the log; it returns the first
// write error, if any.
func (l *DecisionLog) Close() error {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.queue)
	}
	l.mu.Unlock()
	<-l.done
	return l.err
}

func (l *DecisionLog) run() {
	defer close(l.done)
	w := bufio.NewWriter(l.w)
	for r := range l.queue {
		if r.DecisionID == "" {
			r.DecisionID = DecisionID(r.Operation, r.Input, r.Now, r.PolicyDigest)
		}
		if len(l.opts.Mask) > 0 {
			r.Input, r.Masked = mask(r.Input, l.opts.Mask, l.opts.Hash)
		}
		line, err := json.Marshal(r)
		if err == nil {
			line = append(line, '\n')
			_, err = w.Write(line)
		}
		// Flush when nothing else waits, so a quiet server's log is
		// current; under load, records are written in blocks.
		if err == nil && len(l.queue) == 0 {
			err = w.Flush()
		}
		if err != nil && l.err == nil {
			l.err = err
		}
	}
	if err := w.Flush(); err != nil && l.err == nil {
		l.err = err
	}
}

// DecisionID is the ID a decision log gives a decision: the SHA-256 (hex)
// of the operation, the compact input, now (RFC 3339, UTC) and the
// policy-set digest.
func DecisionID(op string, input []byte, now time.Time, policyDigest string) string {
	var compact bytes.Buffer
	if json.Compact(&compact, input) != nil {
		compact.Reset()
		compact.Write(input)
	}
	h := sha256.New()
	io.WriteString(h, op+"\n")
	h.Write(compact.Bytes())
	io.WriteString(h, "\n"+now.UTC().Format(time.RFC3339Nano)+"\n"+policyDigest)
	return hex.EncodeToString(h.Sum(nil))
}

// mask drops (or hashes) the values at pointers in input, reporting
// whether anything changed. An input that is not JSON is replaced whole.
func mask(input json.RawMessage, pointers []string, hash bool) (json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(input))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return json.RawMessage(`null`), true
	}
	changed := false
	for _, p := range pointers {
		if maskAt(&doc, p, hash) {
			changed = true
		}
	}
	if !changed {
		return input, false
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return json.RawMessage(`null`), true
	}
	return out, true
}

func maskAt(doc *any, pointer string, hash bool) bool {
	if !strings.HasPrefix(pointer, "/") {
		return false
	}
	toks := strings.Split(pointer[1:], "/")
	cur := *doc
	for i, tok := range toks {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		last := i == len(toks)-1
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[tok]
			if !ok {
				return false
			}
			if last {
				if hash {
					x[tok] = hashValue(v)
				} else {
					delete(x, tok)
				}
				return true
			}
			cur = v
		case []any:
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 || n >= len(x) {
				return false
			}
			if last {
				if hash {
					x[n] = hashValue(x[n])
				} else {
					x[n] = nil
				}
				return true
			}
			cur = x[n]
		default:
			return false
		}
	}
	return false
}

func hashValue(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Digest is the SHA-256 (hex) of the set's JSON: two sets with the same
// digest decide alike.
func (s PolicySet) Digest() string {
	b, err := s.JSON()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Version is the "version" member of package pkg's policy, or "".
func (s PolicySet) Version(pkg string) string {
	i, ok := s.reg.byPkg[pkg]
	if !ok {
		return ""
	}
	b, err := json.Marshal(s.policies[i])
	if err != nil {
		return ""
	}
	var v struct {
		Version string `json:"version"`
	}
	json.Unmarshal(b, &v)
	return v.Version
}
