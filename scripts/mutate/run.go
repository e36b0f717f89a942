package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Status is what became of a mutant.
type Status string

const (
	Pending   Status = "pending"    // not run yet
	Killed    Status = "killed"     // a test failed
	Survived  Status = "survived"   // every test passed
	TimedOut  Status = "timed_out"  // the tests ran past the timeout
	NotViable Status = "not_viable" // the mutant does not compile
)

// Workspace is a copy of the module where mutants are applied one at a
// time, so that the working tree is never touched.
type Workspace struct {
	Dir string
}

// NewWorkspace copies the module at root (without .git) into a new
// directory under tmp.
func NewWorkspace(root, tmp string) (*Workspace, error) {
	dir, err := os.MkdirTemp(tmp, "mutate-*")
	if err != nil {
		return nil, err
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.Name() == ".git" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil // a worktree's .git file
		}
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Workspace{Dir: dir}, nil
}

// Remove deletes the workspace.
func (w *Workspace) Remove() error { return os.RemoveAll(w.Dir) }

// GoTest runs the tests of package pkg ("./dealreg") in the workspace
// with a timeout, and says how they ended.
func (w *Workspace) GoTest(pkg string, timeout time.Duration, extra ...string) (Status, string, time.Duration) {
	// The test binary's own -timeout ends a hung test with a stack dump;
	// the context is the backstop for a hung build.
	ctx, cancel := context.WithTimeout(context.Background(), timeout+30*time.Second)
	defer cancel()
	// -vet=off: a mutant is killed by a failing test, not by a vet
	// finding, and vet's pass is a cost paid per mutant.
	args := append([]string{"test", "-vet=off", "-timeout", timeout.String()}, extra...)
	cmd := exec.CommandContext(ctx, "go", append(args, pkg)...)
	cmd.Dir = w.Dir
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	text := out.String()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return Survived, text, took
	case ctx.Err() != nil || strings.Contains(text, "panic: test timed out"):
		return TimedOut, text, took
	case strings.Contains(text, "[build failed]") || strings.Contains(text, "[setup failed]"):
		return NotViable, text, took
	case errors.As(err, &exit):
		return Killed, text, took
	}
	return Killed, text + "\n" + err.Error(), took
}

var failLine = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)

// firstFailure names the first failing test in go test output.
func firstFailure(out string) string {
	if m := failLine.FindStringSubmatch(out); m != nil {
		return m[1]
	}
	if i := strings.Index(out, "panic:"); i >= 0 {
		return oneLine(out[i:])
	}
	return ""
}

// Run applies each pending mutant in turn to a workspace, runs the
// package's tests and records the status, using one workspace per
// worker. Each mutant's file is restored before the next.
func Run(root, tmp string, pkg string, ms []*Mutant, workers int, timeout time.Duration, progress func(*Mutant)) error {
	var todo []*Mutant
	for _, m := range ms {
		if m.Status == Pending {
			todo = append(todo, m)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	workers = max(1, min(workers, len(todo)))
	ch := make(chan *Mutant)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range workers {
		ws, err := NewWorkspace(root, tmp)
		if err != nil {
			close(ch)
			wg.Wait()
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer ws.Remove()
			for m := range ch {
				if err := ws.runOne(pkg, m, timeout); err != nil {
					errs <- err
					for range ch {
					}
					return
				}
				mu.Lock()
				progress(m)
				mu.Unlock()
			}
		}()
	}
	for _, m := range todo {
		ch <- m
	}
	close(ch)
	wg.Wait()
	close(errs)
	return <-errs
}

func (w *Workspace) runOne(pkg string, m *Mutant, timeout time.Duration) error {
	file := filepath.Join(w.Dir, filepath.FromSlash(m.Pkg), m.File)
	orig, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	mutated, err := m.Apply(orig)
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, mutated, 0o644); err != nil {
		return err
	}
	st, out, _ := w.GoTest(pkg, timeout)
	if err := os.WriteFile(file, orig, 0o644); err != nil {
		return fmt.Errorf("restoring %s: %w", file, err)
	}
	m.Status = st
	if st == Killed {
		m.Failed = firstFailure(out)
	}
	return nil
}
