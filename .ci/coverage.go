//go:build ignore

// Coverage reads coverage profiles (the text format of go test
// -coverprofile and go tool covdata textfmt), works out each package's
// statement coverage and fails when a package is under its floor.
//
//	go run .ci/coverage.go -floor 80 -floor-of dealreg=90 unit.out [e2e.out=cmd/channelpolicy ...]
//
// A profile named PATH=PKG,PKG counts only for those packages: the
// command's end-to-end tests run it as a separate process, and what that
// process covers is the command's own tests' doing, nobody else's. A block
// is covered when any profile saw it run. Packages are named relative to
// the module ("dealreg", "cmd/channelpolicy", "." for the root).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

const module = "github.com/channelpolicy/channelpolicy"

type block struct {
	stmts   int
	covered bool
}

type floors map[string]float64

func (f floors) String() string { return fmt.Sprint(map[string]float64(f)) }

func (f floors) Set(s string) error {
	pkg, v, ok := strings.Cut(s, "=")
	n, err := strconv.ParseFloat(v, 64)
	if !ok || err != nil {
		return fmt.Errorf("want PACKAGE=PERCENT, got %q", s)
	}
	f[pkg] = n
	return nil
}

func main() {
	def := flag.Float64("floor", 80, "the floor, in percent of statements, of a package -floor-of does not name")
	of := floors{}
	flag.Var(of, "floor-of", "`PACKAGE=PERCENT`: the floor of one package (repeatable)")
	flag.Parse()
	blocks := map[string]*block{} // "file:range" -> block
	pkgOf := map[string]string{}
	for _, arg := range flag.Args() {
		file, only, _ := strings.Cut(arg, "=")
		var keep map[string]bool
		if only != "" {
			keep = map[string]bool{}
			for _, p := range strings.Split(only, ",") {
				keep[p] = true
			}
		}
		if err := read(file, keep, blocks, pkgOf); err != nil {
			fmt.Fprintln(os.Stderr, "coverage:", err)
			os.Exit(2)
		}
	}
	type total struct{ stmts, covered int }
	byPkg := map[string]*total{}
	for key, b := range blocks {
		p := pkgOf[key]
		if byPkg[p] == nil {
			byPkg[p] = &total{}
		}
		byPkg[p].stmts += b.stmts
		if b.covered {
			byPkg[p].covered += b.stmts
		}
	}
	for p := range of {
		if byPkg[p] == nil {
			fmt.Fprintf(os.Stderr, "coverage: no profile covers package %s, which has a floor\n", p)
			os.Exit(2)
		}
	}
	pkgs := make([]string, 0, len(byPkg))
	for p := range byPkg {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	under := 0
	fmt.Printf("%-28s %10s %8s %6s\n", "package", "statements", "covered", "floor")
	for _, p := range pkgs {
		t := byPkg[p]
		pct := 100.0
		if t.stmts > 0 {
			pct = 100 * float64(t.covered) / float64(t.stmts)
		}
		floor, ok := of[p]
		if !ok {
			floor = *def
		}
		mark := ""
		// Compare in tenths of a percent, as the figure is printed.
		if int(pct*10) < int(floor*10) {
			mark = "  UNDER THE FLOOR"
			under++
		}
		fmt.Printf("%-28s %10d %7.1f%% %5.0f%%%s\n", p, t.stmts, pct, floor, mark)
	}
	if under > 0 {
		fmt.Fprintf(os.Stderr, "coverage: %d packages under their floor; add tests of what the uncovered statements do\n", under)
		os.Exit(1)
	}
}

// read adds the blocks of one profile, of the packages in keep (all when
// keep is nil).
func read(file string, keep map[string]bool, blocks map[string]*block, pkgOf map[string]string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "mode:") || line == "" {
			continue
		}
		// name.go:line.col,line.col statements count
		fields := strings.Fields(line)
		if len(fields) != 3 {
			return fmt.Errorf("%s:%d: not a profile line: %q", file, n, line)
		}
		stmts, err1 := strconv.Atoi(fields[1])
		count, err2 := strconv.Atoi(fields[2])
		name, _, ok := strings.Cut(fields[0], ":")
		if err1 != nil || err2 != nil || !ok {
			return fmt.Errorf("%s:%d: not a profile line: %q", file, n, line)
		}
		pkg := strings.TrimPrefix(path.Dir(name), module)
		pkg = strings.TrimPrefix(pkg, "/")
		if pkg == "" {
			pkg = "."
		}
		if keep != nil && !keep[pkg] {
			continue
		}
		b := blocks[fields[0]]
		if b == nil {
			b = &block{stmts: stmts}
			blocks[fields[0]] = b
			pkgOf[fields[0]] = pkg
		}
		b.covered = b.covered || count > 0
	}
	return sc.Err()
}
