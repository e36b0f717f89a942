package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/channelpolicy/channelpolicy"
)

// completionHelp is completion's --help beyond its summary.
const completionHelp = `
Prints a script that completes command names, operation names (eval,
schema, diff --jsonl), package names (policy, graph), each command's flags
and the values of its choice flags (--format). Load it in the current shell,
or install it for every new one:

  bash:  source <(channelpolicy completion bash)
         channelpolicy completion bash > ~/.local/share/bash-completion/completions/channelpolicy
  zsh:   source <(channelpolicy completion zsh)
         channelpolicy completion zsh > "${fpath[1]}/_channelpolicy"

The script lists the operations and packages of this build: regenerate it
after upgrading.
`

func runCompletion(args []string, e env) int {
	fs := newFlags("completion", e)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 || (pos[0] != "bash" && pos[0] != "zsh") {
		fmt.Fprintln(e.stderr, "channelpolicy completion: want one shell: bash or zsh")
		return exitBadCall
	}
	spec := completionSpec()
	if pos[0] == "bash" {
		spec.bash(e.stdout)
	} else {
		spec.zsh(e.stdout)
	}
	return exitOK
}

// flagChoices are the values a choice flag takes, by "command flag".
var flagChoices = map[string][]string{
	"eval format":  {"text", "json"},
	"test format":  {"text", "json", "junit"},
	"graph format": {"mermaid", "dot"},
}

// What a positional argument or a flag's value completes to.
const (
	completeNothing    = ""
	completeFiles      = "files"
	completeOperations = "operations"
	completePackages   = "packages"
	completeFlows      = "flows"
	completeCommands   = "commands"
	completeShells     = "shells"
	completeAudits     = "audits"
)

type flagSpec struct {
	name, usage string // name without dashes
	bool        bool
	choices     []string
	complete    string // when not a bool and no choices
}

// typed is the flag as completion offers it: -v for a one-letter flag,
// --policy otherwise (the command takes either form).
func (f flagSpec) typed() string {
	if len(f.name) == 1 {
		return "-" + f.name
	}
	return "--" + f.name
}

// kindLabel names what a positional argument is, in zsh's menus.
var kindLabel = map[string]string{
	completeFiles:      "file",
	completeOperations: "operation",
	completePackages:   "package",
	completeFlows:      "package with a flow",
	completeCommands:   "command",
	completeShells:     "shell",
	completeAudits:     "audit",
}

type commandSpec struct {
	name, summary string
	flags         []flagSpec
	// positional completes the nth positional argument (the last entry
	// goes on for any further ones, when rest is set).
	positional []string
	rest       bool
}

type completion struct {
	commands   []commandSpec
	operations []string
	packages   []string
	flows      []string // packages with a flow to draw
}

// completionSpec describes every command from its own flag set, so that the
// scripts follow the flags as they are defined.
func completionSpec() completion {
	var c completion
	reg := channelpolicy.Default()
	for _, op := range reg.Operations() {
		c.operations = append(c.operations, op.Name())
	}
	for _, p := range reg.Packages() {
		c.packages = append(c.packages, p.Name())
		if p.HasFlow() {
			c.flows = append(c.flows, p.Name())
		}
	}
	positional := map[string][]string{
		"eval":       {completeOperations, completeFiles},
		"schema":     {completeOperations},
		"test":       {completeFiles},
		"diff":       {completeFiles},
		"policy":     {completePackages},
		"graph":      {completeFlows},
		"completion": {completeShells},
		"audit":      {completeAudits, completeFiles},
		"help":       {completeCommands},
	}
	rest := map[string]bool{"test": true, "policy": true}
	sets := map[string]*flag.FlagSet{}
	quiet := env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, flagSets: sets}
	for _, cmd := range commands() {
		cmd.run([]string{"--help"}, quiet) // makes the flag set, prints its help nowhere
		cs := commandSpec{name: cmd.name, summary: cmd.summary, positional: positional[cmd.name], rest: rest[cmd.name]}
		if fs := sets[cmd.name]; fs != nil {
			fs.VisitAll(func(f *flag.Flag) {
				placeholder, usage := flag.UnquoteUsage(f)
				fl := flagSpec{name: f.Name, usage: usage, choices: flagChoices[cmd.name+" "+f.Name]}
				if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
					fl.bool = true
				}
				switch placeholder {
				case "FILE":
					fl.complete = completeFiles
				case "OPERATION":
					fl.complete = completeOperations
				}
				cs.flags = append(cs.flags, fl)
			})
		}
		c.commands = append(c.commands, cs)
	}
	return c
}

func (c completion) words(kind string) []string {
	switch kind {
	case completeOperations:
		return c.operations
	case completePackages:
		return c.packages
	case completeFlows:
		return c.flows
	case completeShells:
		return []string{"bash", "zsh"}
	case completeAudits:
		return []string{"landing-page"}
	case completeCommands:
		var names []string
		for _, cmd := range c.commands {
			names = append(names, cmd.name)
		}
		return names
	}
	return nil
}

// bashCompgen is the compgen call that completes kind.
func (c completion) bashCompgen(kind string) string {
	switch kind {
	case completeFiles:
		return `COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null`
	case completeNothing:
		return `COMPREPLY=()`
	}
	return fmt.Sprintf(`COMPREPLY=($(compgen -W %q -- "$cur"))`, strings.Join(c.words(kind), " "))
}

// bash writes a bash completion function. It needs no bash-completion
// package and works in bash 3.2 (no associative arrays).
func (c completion) bash(w io.Writer) {
	var b strings.Builder
	b.WriteString(`# bash completion for channelpolicy. Load it with
#   source <(channelpolicy completion bash)
# or save it as ~/.local/share/bash-completion/completions/channelpolicy.

_channelpolicy() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local prev=""
    (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
    if (( COMP_CWORD == 1 )); then
        COMPREPLY=($(compgen -W "`)
	b.WriteString(strings.Join(c.words(completeCommands), " "))
	b.WriteString(` --help --version" -- "$cur"))
        return 0
    fi
    local cmd="${COMP_WORDS[1]}"

    # The value of the flag before the cursor.
    local flagname="${prev#-}"
    flagname="${flagname#-}"
    if [[ "$prev" == -* ]]; then
        case "$cmd $flagname" in
`)
	for _, cmd := range c.commands {
		for _, f := range cmd.flags {
			if f.bool {
				continue
			}
			action := c.bashCompgen(f.complete)
			if f.choices != nil {
				action = fmt.Sprintf(`COMPREPLY=($(compgen -W %q -- "$cur"))`, strings.Join(f.choices, " "))
			}
			fmt.Fprintf(&b, "            %q) %s; return 0 ;;\n", cmd.name+" "+f.name, action)
		}
	}
	b.WriteString(`        esac
    fi

    # A flag.
    if [[ "$cur" == -* ]]; then
        case "$cmd" in
`)
	for _, cmd := range c.commands {
		names := []string{"--help"}
		for _, f := range cmd.flags {
			names = append(names, f.typed())
		}
		fmt.Fprintf(&b, "            %s) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", cmd.name, strings.Join(names, " "))
	}
	b.WriteString(`        esac
        return 0
    fi

    # Count the positional arguments before the cursor, skipping flags and
    # the values of flags that take one.
    local i w name npos=0 skip=0
    for (( i = 2; i < COMP_CWORD; i++ )); do
        w="${COMP_WORDS[i]}"
        if (( skip )); then skip=0; continue; fi
        case "$w" in
            --) ;;
            -*=*) ;;
            -*)
                name="${w#-}"; name="${name#-}"
                case "$cmd $name" in
`)
	var valued []string
	for _, cmd := range c.commands {
		for _, f := range cmd.flags {
			if !f.bool {
				valued = append(valued, fmt.Sprintf("%q", cmd.name+" "+f.name))
			}
		}
	}
	if len(valued) > 0 {
		fmt.Fprintf(&b, "                    %s) skip=1 ;;\n", strings.Join(valued, "|"))
	}
	b.WriteString(`                esac ;;
            *) (( npos++ )) ;;
        esac
    done

    # A positional argument.
    case "$cmd" in
`)
	for _, cmd := range c.commands {
		if len(cmd.positional) == 0 {
			fmt.Fprintf(&b, "        %s) COMPREPLY=() ;;\n", cmd.name)
			continue
		}
		fmt.Fprintf(&b, "        %s)\n            case $npos in\n", cmd.name)
		for i, kind := range cmd.positional {
			label := fmt.Sprint(i)
			if i == len(cmd.positional)-1 && cmd.rest {
				label = "*"
			}
			fmt.Fprintf(&b, "                %s) %s ;;\n", label, c.bashCompgen(kind))
		}
		if !cmd.rest {
			b.WriteString("                *) COMPREPLY=() ;;\n")
		}
		b.WriteString("            esac ;;\n")
	}
	b.WriteString(`        *) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
    return 0
}
complete -F _channelpolicy channelpolicy
`)
	io.WriteString(w, b.String())
}

// zshQuote escapes s for a single-quoted _arguments spec and its
// description brackets.
func zshQuote(s string) string {
	return strings.NewReplacer(`'`, `'\''`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace(s)
}

// shortUsage is the first clause of a flag's usage, for a menu.
func shortUsage(s string) string {
	for _, sep := range []string{"; ", " (", ": "} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	return s
}

func (c completion) zshAction(kind string) string {
	switch kind {
	case completeFiles:
		return "_files"
	case completeNothing:
		return " "
	}
	return "(" + strings.Join(c.words(kind), " ") + ")"
}

// zsh writes a native zsh completion function (for compinit's fpath, or to
// source).
func (c completion) zsh(w io.Writer) {
	var b strings.Builder
	b.WriteString(`#compdef channelpolicy
compdef _channelpolicy channelpolicy
# zsh completion for channelpolicy. Load it with
#   source <(channelpolicy completion zsh)
# (after compinit), or save it as _channelpolicy in a directory of $fpath.

_channelpolicy() {
  local -a commands
  commands=(
`)
	for _, cmd := range c.commands {
		fmt.Fprintf(&b, "    '%s:%s'\n", cmd.name, zshQuote(cmd.summary))
	}
	b.WriteString(`  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'channelpolicy command' commands
    _arguments '--help[show the commands]' '--version[print the version]'
    return
  fi
  local cmd=${words[2]}
  shift words
  (( CURRENT-- ))
  curcontext="${curcontext%:*:*}:channelpolicy-${cmd}:"
  case $cmd in
`)
	for _, cmd := range c.commands {
		specs := []string{"'--help[show the help of " + cmd.name + "]'"}
		for _, f := range cmd.flags {
			spec := f.typed() + "[" + zshQuote(shortUsage(f.usage)) + "]"
			if !f.bool {
				action := c.zshAction(f.complete)
				if f.choices != nil {
					action = "(" + strings.Join(f.choices, " ") + ")"
				}
				spec += ":" + f.name + ":" + action
			}
			specs = append(specs, "'"+spec+"'")
		}
		for i, kind := range cmd.positional {
			n := fmt.Sprint(i + 1)
			if i == len(cmd.positional)-1 && cmd.rest {
				n = "*"
			}
			specs = append(specs, "'"+n+":"+kindLabel[kind]+":"+c.zshAction(kind)+"'")
		}
		fmt.Fprintf(&b, "    %s)\n      _arguments \\\n        %s ;;\n", cmd.name, strings.Join(specs, " \\\n        "))
	}
	b.WriteString(`  esac
}

# Autoloaded from $fpath, this file is the function's body: complete now.
# Sourced, it only defines the function.
if [[ "$funcstack[1]" == "_channelpolicy" ]]; then
  _channelpolicy "$@"
fi
`)
	io.WriteString(w, b.String())
}
