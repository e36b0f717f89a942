package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Mutant is one small change to one source file of a package.
type Mutant struct {
	Pkg  string `json:"pkg"`  // package directory from the module root, slash-separated ("dealreg")
	File string `json:"file"` // file name in the package ("table.go")
	Line int    `json:"line"` // 1-based position of the changed text
	Col  int    `json:"col"`
	Op   string `json:"op"`   // what kind of change: an operator below, or a gremlins mutator type
	From string `json:"from"` // the original text
	To   string `json:"to"`   // the text put in its place
	// By is who found the mutant: "mutate" for the operators below,
	// "gremlins" for a gremlins mutant this program runs itself.
	By string `json:"by"`
	// Site is the trimmed source line with the column within it, so that
	// an equivalence judgement survives edits elsewhere in the file.
	Site   string `json:"site"`
	Status Status `json:"status"`
	// Failed names the first test that failed, for a killed mutant.
	Failed string `json:"failed,omitempty"`

	start, end int // byte offsets of From in the file
}

// Operators of this program: what gremlins cannot reach.
const (
	OpTimeBoundary    = "TIME_BOUNDARY"    // x.After(y) -> !x.Before(y): > becomes >=
	OpTimeNegation    = "TIME_NEGATION"    // x.After(y) -> !x.After(y)
	OpTimeSwap        = "TIME_SWAP"        // After <-> Before; Equal -> After or Before
	OpEqualNegation   = "EQUAL_NEGATION"   // x.Equal(y) -> !x.Equal(y)
	OpDecimalBoundary = "DECIMAL_BOUNDARY" // x.GreaterThan(y) -> x.GreaterThanOrEqual(y)
	OpDecimalNegation = "DECIMAL_NEGATION" // x.GreaterThan(y) -> x.LessThanOrEqual(y)
	OpDecimalSwap     = "DECIMAL_SWAP"     // GreaterThan <-> LessThan; Equal -> either
	OpCompareReverse  = "COMPARE_REVERSE"  // x.Compare(y) -> y.Compare(x); x.Cmp(y) likewise
	OpCalendarCount   = "CALENDAR_COUNT"   // AddDate/AddDays/AddMonths/AddBusinessDays count +-1
	OpHourCount       = "HOUR_COUNT"       // n * time.Hour -> (n+-1) * time.Hour
	OpDayConstant     = "DAY_CONSTANT"     // ExpiryDays: 90 -> 91, 89
	OpDayComparison   = "DAY_COMPARISON"   // days > AgingDays -> days > (AgingDays +- 1)
	OpRoundingMode    = "ROUNDING_MODE"    // Round -> RoundBank, RoundUp, ...
	OpRoundingPlaces  = "ROUNDING_PLACES"  // Round(places) -> Round(places +- 1)
	byMutate          = "mutate"
	byGremlins        = "gremlins"
	relGT, relGE      = ">", ">="
	relLT, relLE      = "<", "<="
	relEQ, relNE      = "==", "!="
)

// Key identifies a mutant across edits to other lines: package file,
// operator, site and replacement.
func (m *Mutant) Key() string {
	return m.Pkg + "/" + m.File + "\t" + m.Op + "\t" + m.Site + "\t" + m.To
}

func (m *Mutant) String() string {
	return fmt.Sprintf("%s %s at %s/%s:%d:%d: %s -> %s", m.By, m.Op, m.Pkg, m.File, m.Line, m.Col, oneLine(m.From), oneLine(m.To))
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 90 {
		s = s[:87] + "..."
	}
	return s
}

// Apply returns src with the mutant's change made.
func (m *Mutant) Apply(src []byte) ([]byte, error) {
	if m.end > len(src) || string(src[m.start:m.end]) != m.From {
		return nil, fmt.Errorf("%s: the source no longer holds %q at %d:%d", m.File, m.From, m.Line, m.Col)
	}
	out := make([]byte, 0, len(src)-len(m.From)+len(m.To))
	out = append(out, src[:m.start]...)
	out = append(out, m.To...)
	return append(out, src[m.end:]...), nil
}

// site describes offset off of src as its trimmed line and the column
// within it.
func site(src []byte, off int) (line, col int, s string) {
	begin := strings.LastIndexByte(string(src[:off]), '\n') + 1
	end := len(src)
	if i := strings.IndexByte(string(src[off:]), '\n'); i >= 0 {
		end = off + i
	}
	raw := string(src[begin:end])
	trimmed := strings.TrimLeft(raw, " \t")
	lead := len(raw) - len(trimmed)
	line = strings.Count(string(src[:off]), "\n") + 1
	col = off - begin + 1
	return line, col, strings.TrimRight(trimmed, " \t") + "#" + strconv.Itoa(off-begin-lead+1)
}

// PackageFiles lists the non-test Go files of the package in dir.
func PackageFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			out = append(out, n)
		}
	}
	return out, nil
}

// Generate finds this program's mutants in the non-test files of the
// package at root/pkg.
func Generate(root, pkg string) ([]*Mutant, error) {
	dir := filepath.Join(root, filepath.FromSlash(pkg))
	files, err := PackageFiles(dir)
	if err != nil {
		return nil, err
	}
	var out []*Mutant
	for _, f := range files {
		src, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		ms, err := GenerateFile(pkg, f, src)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	return out, nil
}

// GenerateFile finds this program's mutants in one file.
func GenerateFile(pkg, name string, src []byte) ([]*Mutant, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	g := &gen{pkg: pkg, name: name, src: src, fset: fset, imports: importNames(f), negated: map[*ast.CallExpr]*ast.UnaryExpr{}}
	ast.Inspect(f, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			if c, ok := u.X.(*ast.CallExpr); ok {
				g.negated[c] = u
			}
		}
		return true
	})
	ast.Inspect(f, g.visit)
	slices.SortStableFunc(g.out, func(a, b *Mutant) int { return a.start - b.start })
	return g.out, nil
}

// importNames are the names the file's imports are known by.
func importNames(f *ast.File) map[string]bool {
	names := map[string]bool{}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		n := path.Base(p)
		if strings.HasPrefix(n, "v") && len(n) > 1 && strings.Trim(n[1:], "0123456789") == "" {
			n = path.Base(path.Dir(p)) // a major version suffix: github.com/rickar/cal/v2
		}
		if im.Name != nil {
			n = im.Name.Name
		}
		names[n] = true
	}
	return names
}

type gen struct {
	pkg, name string
	src       []byte
	fset      *token.FileSet
	imports   map[string]bool
	negated   map[*ast.CallExpr]*ast.UnaryExpr
	out       []*Mutant
}

func (g *gen) off(p token.Pos) int { return g.fset.Position(p).Offset }

func (g *gen) text(n ast.Node) string { return string(g.src[g.off(n.Pos()):g.off(n.End())]) }

// add records a mutant replacing node n's text with to.
func (g *gen) add(op string, n ast.Node, to string) {
	start, end := g.off(n.Pos()), g.off(n.End())
	line, col, s := site(g.src, start)
	g.out = append(g.out, &Mutant{Pkg: g.pkg, File: g.name, Line: line, Col: col, Op: op, By: byMutate,
		From: string(g.src[start:end]), To: to, Site: s, start: start, end: end})
}

// method reports the method name of call c when it is a call of a
// method (not a package's function) with n arguments.
func (g *gen) method(c *ast.CallExpr, n int) (string, *ast.SelectorExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || len(c.Args) != n {
		return "", nil
	}
	if id, ok := sel.X.(*ast.Ident); ok && g.imports[id.Name] {
		return "", nil
	}
	return sel.Sel.Name, sel
}

func (g *gen) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		g.timeCall(n)
		g.calendarCall(n)
		g.roundingCall(n)
	case *ast.BinaryExpr:
		g.hourCount(n)
		g.dayComparison(n)
	case *ast.KeyValueExpr:
		g.dayConstant(n)
	}
	return true
}

// Comparison methods, by family: time.Time (and program.Date) compare
// with After, Before and Equal; decimal.Decimal with GreaterThan and the
// rest. Equal belongs to both: its negation is one mutant, its swaps are
// made in both families and the ones that do not compile are not viable.
var (
	timeRel    = map[string]string{"After": relGT, "Before": relLT}
	decimalRel = map[string]string{"GreaterThan": relGT, "GreaterThanOrEqual": relGE, "LessThan": relLT, "LessThanOrEqual": relLE}
)

var (
	relBoundary = map[string][]string{relGT: {relGE}, relGE: {relGT}, relLT: {relLE}, relLE: {relLT}}
	relNegation = map[string][]string{relGT: {relLE}, relLE: {relGT}, relLT: {relGE}, relGE: {relLT}, relEQ: {relNE}, relNE: {relEQ}}
	relSwap     = map[string][]string{relGT: {relLT}, relLT: {relGT}, relGE: {relLE}, relLE: {relGE}, relEQ: {relLT, relGT}, relNE: {relLE, relGE}}
	relNegate   = map[string]string{relGT: relLE, relLT: relGE, relEQ: relNE, relLE: relGT, relGE: relLT, relNE: relEQ}
)

// renderTime writes relation rel between r and a with the time methods.
func renderTime(rel, r, a string) string {
	switch rel {
	case relGT:
		return r + ".After(" + a + ")"
	case relLT:
		return r + ".Before(" + a + ")"
	case relEQ:
		return r + ".Equal(" + a + ")"
	case relGE:
		return "!" + r + ".Before(" + a + ")"
	case relLE:
		return "!" + r + ".After(" + a + ")"
	}
	return "!" + r + ".Equal(" + a + ")"
}

// renderDecimal writes relation rel between r and a with the decimal
// methods.
func renderDecimal(rel, r, a string) string {
	switch rel {
	case relGT:
		return r + ".GreaterThan(" + a + ")"
	case relGE:
		return r + ".GreaterThanOrEqual(" + a + ")"
	case relLT:
		return r + ".LessThan(" + a + ")"
	case relLE:
		return r + ".LessThanOrEqual(" + a + ")"
	case relEQ:
		return r + ".Equal(" + a + ")"
	}
	return "!" + r + ".Equal(" + a + ")"
}

// timeCall mutates the comparison methods of times and decimals (a "!"
// in front of one is part of the comparison), and reverses Compare and
// Cmp.
func (g *gen) timeCall(c *ast.CallExpr) {
	name, sel := g.method(c, 1)
	if sel == nil {
		return
	}
	r, a := g.text(sel.X), g.text(c.Args[0])
	if name == "Compare" || name == "Cmp" {
		g.add(OpCompareReverse, c, a+"."+name+"("+r+")")
		return
	}
	type family struct {
		boundary, negation, swap string
		render                   func(rel, r, a string) string
	}
	timeF := family{OpTimeBoundary, OpTimeNegation, OpTimeSwap, renderTime}
	decimalF := family{OpDecimalBoundary, OpDecimalNegation, OpDecimalSwap, renderDecimal}
	var rel string
	var fams []family
	if x, ok := timeRel[name]; ok {
		rel, fams = x, []family{timeF}
	} else if x, ok := decimalRel[name]; ok {
		rel, fams = x, []family{decimalF}
	} else if name == "Equal" {
		rel, fams = relEQ, []family{timeF, decimalF}
	} else {
		return
	}
	var site ast.Node = c
	if u, ok := g.negated[c]; ok {
		site, rel = u, relNegate[rel]
	}
	for i, f := range fams {
		for _, to := range relBoundary[rel] {
			g.add(f.boundary, site, f.render(to, r, a))
		}
		if i == 0 {
			op := f.negation
			if name == "Equal" {
				op = OpEqualNegation
			}
			for _, to := range relNegation[rel] {
				g.add(op, site, f.render(to, r, a))
			}
		}
		for _, to := range relSwap[rel] {
			g.add(f.swap, site, f.render(to, r, a))
		}
	}
}

// countArg says which argument of a calendar function is its count of
// days, months or years; AddDate has three.
func countArgs(name string, n int) []int {
	switch name {
	case "AddDate":
		if n == 3 {
			return []int{0, 1, 2}
		}
	case "AddDays", "AddMonths", "AddYears", "AddBusinessDays":
		if n == 1 {
			return []int{0}
		}
		if n >= 2 {
			return []int{1}
		}
	}
	return nil
}

func (g *gen) calendarCall(c *ast.CallExpr) {
	var name string
	switch f := c.Fun.(type) {
	case *ast.SelectorExpr:
		name = f.Sel.Name
	case *ast.Ident:
		name = f.Name
	}
	for _, i := range countArgs(name, len(c.Args)) {
		g.plusMinusOne(OpCalendarCount, c.Args[i])
	}
}

// plusMinusOne adds the mutants e+1 and e-1; an integer literal is
// written as the number it becomes.
func (g *gen) plusMinusOne(op string, e ast.Expr) {
	if n, ok := intLit(e); ok {
		g.add(op, e, strconv.FormatInt(n+1, 10))
		g.add(op, e, strconv.FormatInt(n-1, 10))
		return
	}
	t := g.text(e)
	g.add(op, e, "("+t+" + 1)")
	g.add(op, e, "("+t+" - 1)")
}

func intLit(e ast.Expr) (int64, bool) {
	neg := false
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg, e = true, u.X
	}
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.INT {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(b.Value, "_", ""), 0, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// isTimeHour reports whether e is time.Hour.
func (g *gen) isTimeHour(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Hour" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == "time" && g.imports["time"]
}

// hourCount mutates the count in n * time.Hour.
func (g *gen) hourCount(b *ast.BinaryExpr) {
	if b.Op != token.MUL {
		return
	}
	switch {
	case g.isTimeHour(b.Y):
		g.plusMinusOne(OpHourCount, b.X)
	case g.isTimeHour(b.X):
		g.plusMinusOne(OpHourCount, b.Y)
	}
}

// calendarWord reports whether an identifier names a count of days,
// months or hours ("ExpiryDays", "maxWindowMonths", "TurnaroundHours").
func calendarWord(name string) bool {
	l := strings.ToLower(name)
	if l == "today" {
		return false
	}
	return strings.Contains(l, "day") || strings.Contains(l, "month") || strings.Contains(l, "hour")
}

// exprName is the last identifier of e: n, a.b.N, f(x) as f.
func exprName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.CallExpr:
		return exprName(e.Fun)
	case *ast.ParenExpr:
		return exprName(e.X)
	}
	return ""
}

// dayComparison mutates the right side of an ordered comparison of day,
// month or hour counts by one: the day constants a boundary is compared
// against.
func (g *gen) dayComparison(b *ast.BinaryExpr) {
	switch b.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return
	}
	if !calendarWord(exprName(b.X)) && !calendarWord(exprName(b.Y)) {
		return
	}
	g.plusMinusOne(OpDayComparison, b.Y)
}

// dayConstant mutates an integer literal given to a day, month or hour
// count in a composite literal: a policy's defaults.
func (g *gen) dayConstant(kv *ast.KeyValueExpr) {
	id, ok := kv.Key.(*ast.Ident)
	if !ok || !calendarWord(id.Name) {
		return
	}
	if _, ok := intLit(kv.Value); ok {
		g.plusMinusOne(OpDayConstant, kv.Value)
	}
}

// roundings are the rounding methods of shopspring/decimal that take a
// number of places; one is swapped for each other.
var roundings = []string{"Round", "RoundBank", "RoundUp", "RoundDown", "RoundCeil", "RoundFloor", "Truncate"}

// fixedRoundings are the string forms, swapped for each other.
var fixedRoundings = []string{"StringFixed", "StringFixedBank"}

func (g *gen) roundingCall(c *ast.CallExpr) {
	name, sel := g.method(c, 1)
	if sel == nil {
		return
	}
	for _, set := range [][]string{roundings, fixedRoundings} {
		if !slices.Contains(set, name) {
			continue
		}
		for _, other := range set {
			if other != name {
				g.add(OpRoundingMode, sel.Sel, other)
			}
		}
		g.plusMinusOne(OpRoundingPlaces, c.Args[0])
	}
}
