package main

import (
	"fmt"

	"github.com/channelpolicy/channelpolicy"
)

func runPolicy(args []string, e env) int {
	fs := newFlags("policy", e)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	out, err := channelpolicy.Default().Policies().JSON(pos...)
	if err != nil {
		return fail(e, exitBadCall, err)
	}
	fmt.Fprint(e.stdout, string(out))
	return exitOK
}

func runOperations(args []string, e env) int {
	fs := newFlags("operations", e)
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	for _, op := range channelpolicy.Default().Operations() {
		fmt.Fprintf(e.stdout, "%-32s %s\n", op.Name(), op.Summary())
	}
	return exitOK
}
