package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

func runVersion(args []string, e env) int {
	fs := newFlags("version", e)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "channelpolicy version: takes no arguments, got %q\n", pos[0])
		return exitBadCall
	}
	info, ok := debug.ReadBuildInfo()
	fmt.Fprint(e.stdout, versionText(info, ok))
	return exitOK
}

// versionText says which build of the command this is: the module version
// (a release tag such as v1.2.0 for go install ...@v1.2.0, a pseudo-version
// for a build from a checkout, or "(devel)"), then, when the build recorded
// them, the VCS revision, whether the tree had changes, and its time; then
// the Go version.
//
//	channelpolicy v1.2.0
//	channelpolicy (devel) revision 0123456789ab (modified) 2026-03-20T09:00:00Z go1.26.0
func versionText(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "channelpolicy (devel)\n"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	parts := []string{"channelpolicy", v}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		parts = append(parts, "revision", rev)
		if settings["vcs.modified"] == "true" {
			parts = append(parts, "(modified)")
		}
		if t := settings["vcs.time"]; t != "" {
			parts = append(parts, t)
		}
	}
	if info.GoVersion != "" {
		parts = append(parts, info.GoVersion)
	}
	return strings.Join(parts, " ") + "\n"
}
