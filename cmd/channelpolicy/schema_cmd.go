package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/channelpolicy/channelpolicy"
)

func runSchema(args []string, e env) int {
	fs := newFlags("schema", e)
	decision := fs.Bool("decision", false, "print the schema of the operation's decision instead of its input")
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, "channelpolicy schema: want one OPERATION; 'channelpolicy operations' lists them")
		return exitBadCall
	}
	op, ok := channelpolicy.Default().Lookup(pos[0])
	if !ok {
		fmt.Fprintf(e.stderr, "channelpolicy schema: unknown operation %q; 'channelpolicy operations' lists them\n", pos[0])
		return exitBadCall
	}
	schema := op.InputSchema
	if *decision {
		schema = op.DecisionSchema
	}
	s, err := schema()
	if err != nil {
		return fail(e, exitFailed, err)
	}
	return writeIndented(e, s)
}

func runOpenAPI(args []string, e env) int {
	fs := newFlags("openapi", e)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "channelpolicy openapi: takes no arguments, got %q\n", pos[0])
		return exitBadCall
	}
	doc, err := channelpolicy.Default().OpenAPI()
	if err != nil {
		return fail(e, exitFailed, err)
	}
	return writeIndented(e, doc)
}

// writeIndented prints a JSON document indented, with a final newline.
func writeIndented(e env, doc []byte) int {
	var out bytes.Buffer
	if err := json.Indent(&out, doc, "", "  "); err != nil {
		return fail(e, exitFailed, err)
	}
	fmt.Fprintf(e.stdout, "%s\n", bytes.TrimRight(out.Bytes(), "\n"))
	return exitOK
}
