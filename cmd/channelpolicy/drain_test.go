package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/channelpolicy/channelpolicy"
)

// TestServeUntilTurnsReadyzOff shuts down a server with a drain delay: as
// soon as the signal comes /readyz answers 503 while decisions are still
// answered, and only after the delay does the listener close.
func TestServeUntilTurnsReadyzOff(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	const delay = 400 * time.Millisecond
	served := &drainingHandler{delay: delay}
	h, err := channelpolicy.NewHandler(channelpolicy.Options{Draining: served.draining.Load})
	if err != nil {
		t.Fatal(err)
	}
	served.Handler = h
	srv := &http.Server{Handler: served, ReadHeaderTimeout: time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- serveUntil(ctx, cancel, srv, ln, 5*time.Second, slog.New(slog.DiscardHandler)) }()

	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(path string) int {
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("/readyz"); code != http.StatusOK {
		t.Fatalf("GET /readyz while serving: %d", code)
	}
	begun := time.Now()
	cancel()
	for !served.draining.Load() && time.Since(begun) < delay/2 {
		time.Sleep(time.Millisecond)
	}
	if time.Since(begun) >= delay/2 {
		t.Fatal("the handler was not set draining when the shutdown began")
	}
	if code := get("/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz while draining: %d, want 503", code)
	}
	if code := get("/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz while draining: %d, want 200", code)
	}
	resp, err := client.Post(base+"/v1/dealreg/expiry?now=2026-02-01T00:00:00Z", "application/json", strings.NewReader(`{"approved_at":"2026-01-01T00:00:00Z"}`))
	if err != nil {
		t.Fatalf("a decision while draining: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a decision while draining: %d, want 200", resp.StatusCode)
	}
	select {
	case err := <-stopped:
		t.Fatalf("serveUntil returned before its drain delay: %v", err)
	default:
	}
	if err := <-stopped; err != nil {
		t.Errorf("serveUntil: %v", err)
	}
	if took := time.Since(begun); took < delay {
		t.Errorf("serveUntil returned %v after the signal, before its drain delay of %v", took, delay)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("the listener still accepts connections after the shutdown")
	}
}

// TestServeDrainDelayFlag refuses a negative --drain-delay.
func TestServeDrainDelayFlag(t *testing.T) {
	r := cli(t, nil, "serve", "--drain-delay", "-1s")
	expect(t, r, 2, nil, []string{"--drain-delay"})
}

// k8sObject is what TestKubernetesExample reads of a manifest.
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Data map[string]string `yaml:"data"`
	Spec struct {
		Replicas int `yaml:"replicas"`
		Template struct {
			Spec struct {
				TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
				Containers                    []struct {
					Args  []string `yaml:"args"`
					Ports []struct {
						Name          string `yaml:"name"`
						ContainerPort int    `yaml:"containerPort"`
					} `yaml:"ports"`
					ReadinessProbe k8sProbe `yaml:"readinessProbe"`
					LivenessProbe  k8sProbe `yaml:"livenessProbe"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
		Ports []struct {
			TargetPort string `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
}

type k8sProbe struct {
	HTTPGet struct {
		Path string `yaml:"path"`
		Port string `yaml:"port"`
	} `yaml:"httpGet"`
}

// TestKubernetesExample reads deploy/kubernetes.yaml: every document is
// YAML with a kind, the Deployment probes /healthz and /readyz on its port,
// its serve arguments are flags serve takes, its grace period outlasts the
// drain, and the ConfigMap's policy set loads.
func TestKubernetesExample(t *testing.T) {
	dec := yaml.NewDecoder(bytes.NewReader(readFile(t, "../../deploy/kubernetes.yaml")))
	objs := map[string]k8sObject{}
	for {
		var o k8sObject
		err := dec.Decode(&o)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("deploy/kubernetes.yaml: %v", err)
		}
		if o.APIVersion == "" || o.Kind == "" || o.Metadata.Name == "" {
			t.Fatalf("a document without apiVersion, kind or name: %+v", o)
		}
		objs[o.Kind] = o
	}
	for _, kind := range []string{"ConfigMap", "Deployment", "Service"} {
		if _, ok := objs[kind]; !ok {
			t.Fatalf("no %s", kind)
		}
	}
	policies, ok := objs["ConfigMap"].Data["policies.json"]
	if !ok {
		t.Fatal("the ConfigMap has no policies.json")
	}
	if _, err := channelpolicy.Default().Policies().Load([]byte(policies)); err != nil {
		t.Errorf("the ConfigMap's policy set: %v", err)
	}
	d := objs["Deployment"]
	if d.Spec.Replicas < 2 {
		t.Errorf("%d replicas: the example is of several", d.Spec.Replicas)
	}
	if len(d.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(d.Spec.Template.Spec.Containers))
	}
	c := d.Spec.Template.Spec.Containers[0]
	if len(c.Ports) != 1 || c.Ports[0].ContainerPort != 8080 || !slices.Contains(c.Args, "--addr=0.0.0.0:8080") {
		t.Errorf("the container listens on %v with %v, want 0.0.0.0:8080", c.Ports, c.Args)
	}
	port := c.Ports[0].Name
	if p := c.ReadinessProbe.HTTPGet; p.Path != "/readyz" || p.Port != port {
		t.Errorf("readiness probe %+v, want /readyz on %s", p, port)
	}
	if p := c.LivenessProbe.HTTPGet; p.Path != "/healthz" || p.Port != port {
		t.Errorf("liveness probe %+v, want /healthz on %s", p, port)
	}
	if ports := objs["Service"].Spec.Ports; len(ports) != 1 || ports[0].TargetPort != port {
		t.Errorf("the Service sends to %+v, want the container's port %s", ports, port)
	}
	// The grace period outlasts the drain and the shutdown.
	var drain, shutdown time.Duration
	for _, a := range c.Args {
		if v, ok := strings.CutPrefix(a, "--drain-delay="); ok {
			drain, _ = time.ParseDuration(v)
		}
		if v, ok := strings.CutPrefix(a, "--shutdown-timeout="); ok {
			shutdown, _ = time.ParseDuration(v)
		}
	}
	if grace := time.Duration(d.Spec.Template.Spec.TerminationGracePeriodSeconds) * time.Second; drain == 0 || grace <= drain+shutdown {
		t.Errorf("terminationGracePeriodSeconds %v, --drain-delay %v, --shutdown-timeout %v: the grace must outlast both", grace, drain, shutdown)
	}
	// serve parses every flag: given one argument too many, it stops at
	// that, after the flags, not at an unknown flag.
	if len(c.Args) == 0 || c.Args[0] != "serve" {
		t.Fatalf("args %v do not run serve", c.Args)
	}
	r := cli(t, nil, append(slices.Clone(c.Args), "extra")...)
	expect(t, r, 2, nil, []string{"takes no arguments"})
}
