package program

// Flow is a package's decision flow as data, drawn from the same rule
// definitions the package evaluates: where a decision starts, the steps and
// branches it goes through, and the outcomes it ends in. The command renders
// it as Mermaid or Graphviz DOT.
//
// Build one with [Flow.Node], [Flow.RuleNode] and [Flow.Edge]; the order
// nodes and edges are added in is the order they are drawn in.
type Flow struct {
	Title  string      `json:"title"`
	Nodes  []FlowNode  `json:"nodes"`
	Edges  []FlowEdge  `json:"edges"`
	Groups []FlowGroup `json:"groups,omitempty"`
}

// FlowShape is what a node of a flow stands for.
type FlowShape int

const (
	FlowStart   FlowShape = iota // where a flow begins
	FlowStep                     // a requirement or step, always checked
	FlowBranch                   // a rule tried in order: yes or no
	FlowOutcome                  // an outcome
)

// FlowNode is one node; Label may hold line breaks. ID is made of ASCII
// letters, digits and underscores and starts with a letter, so that every
// renderer can use it as is; [FlowID] makes one.
type FlowNode struct {
	ID    string    `json:"id"`
	Label string    `json:"label"`
	Shape FlowShape `json:"shape"`
}

// FlowEdge joins two nodes, with an optional label ("yes", "not met").
type FlowEdge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label,omitempty"`
}

// FlowGroup is a set of nodes drawn together under a title.
type FlowGroup struct {
	ID    string   `json:"id"`
	Title string   `json:"title"`
	Nodes []string `json:"nodes"`
}

// FlowID makes a node ID from a kind and a name such as a rule ID or an
// outcome, every byte other than an ASCII letter, digit or underscore
// becoming an underscore: FlowID("rule", "dealreg.roe.late_stage") is
// "rule_dealreg_roe_late_stage".
func FlowID(kind, name string) string {
	b := []byte(kind + "_" + name)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

// Node adds a node unless the flow has one with the same ID, and returns
// the ID, so that a node several edges lead to (an outcome) is declared
// once.
func (f *Flow) Node(id, label string, shape FlowShape) string {
	for _, n := range f.Nodes {
		if n.ID == id {
			return id
		}
	}
	f.Nodes = append(f.Nodes, FlowNode{ID: id, Label: label, Shape: shape})
	return id
}

// RuleNode adds rule r's node, FlowID("rule", r.ID), labelled with the
// rule's ID and summary, and returns its ID.
func (f *Flow) RuleNode(r Rule, shape FlowShape) string {
	return f.Node(FlowID("rule", string(r.ID)), string(r.ID)+"\n"+r.Summary, shape)
}

// Edge adds an edge from one node to another, with an optional label.
func (f *Flow) Edge(from, to, label string) {
	f.Edges = append(f.Edges, FlowEdge{From: from, To: to, Label: label})
}
