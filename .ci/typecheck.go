//go:build ignore

// Typecheck type-checks this module's packages, from source, as they would
// compile for another architecture: .ci/run checks 32-bit 386, where an int
// is 32 bits, so a constant or a packed key that needs 64 bits fails here
// as it would fail to compile there. The go command chooses each package's
// files for the target (go list with GOARCH set, cgo off); every package
// they reach, the standard library and the dependencies included, is
// type-checked from those files in dependency order, and none is compiled.
// GOARCH=386 go vet ./... did this and more, and cost CI two and a half
// minutes of compiling on a fresh machine; this takes seconds.
//
//	go run .ci/typecheck.go -arch 386 ./...
//
// Test files are not checked: go vet ./... checks them for the machine CI
// runs on.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// pkg is what go list -deps -json says of a package.
type pkg struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	ImportMap  map[string]string
}

func main() {
	arch := flag.String("arch", "386", "the GOARCH to check for")
	flag.Parse()
	patterns := flag.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	sizes := types.SizesFor("gc", *arch)
	if sizes == nil {
		fmt.Fprintf(os.Stderr, "typecheck: no sizes for %s\n", *arch)
		os.Exit(2)
	}
	// Dependencies come before the packages that import them.
	cmd := exec.Command("go", append([]string{"list", "-deps", "-json=ImportPath,Dir,GoFiles,ImportMap"}, patterns...)...)
	cmd.Env = append(os.Environ(), "GOARCH="+*arch, "CGO_ENABLED=0")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		os.Exit(2)
	}
	fset := token.NewFileSet()
	checked := map[string]*types.Package{"unsafe": types.Unsafe}
	failed := 0
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "typecheck:", err)
			os.Exit(2)
		}
		if p.ImportPath == "unsafe" {
			continue
		}
		var files []*ast.File
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				failed++
				continue
			}
			files = append(files, f)
		}
		conf := types.Config{
			Importer: importerFunc(func(path string) (*types.Package, error) {
				if mapped, ok := p.ImportMap[path]; ok {
					path = mapped
				}
				if tp := checked[path]; tp != nil {
					return tp, nil
				}
				return nil, fmt.Errorf("%s is not among the packages go list gave", path)
			}),
			Sizes: sizes,
			Error: func(err error) {
				fmt.Fprintln(os.Stderr, err)
				failed++
			},
		}
		tp, _ := conf.Check(p.ImportPath, fset, files, nil)
		checked[p.ImportPath] = tp
	}
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "typecheck: %d problems for GOARCH=%s\n", failed, *arch)
		os.Exit(1)
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
