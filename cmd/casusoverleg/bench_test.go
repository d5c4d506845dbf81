package main

import (
	"strings"
	"testing"
)

func TestSeedBenchThenBench(t *testing.T) {
	getenv, _ := sqliteEnv(t)
	out, err := run(t, getenv, "seed", "--bench", "--small")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"agenda_items", "rows written", "deelnemer001@org01.example.nl"} {
		if !strings.Contains(out, want) {
			t.Errorf("seed --bench output lacks %q:\n%s", want, out)
		}
	}
	if _, err := run(t, getenv, "seed", "--bench", "--small"); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("second seed --bench: %v, want a refusal of the non-empty database", err)
	}
	out, err = run(t, getenv, "bench", "--duration", "200ms", "--warmup", "0s", "--concurrency", "2")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"WHAT", "agenda build with carry-over", "raw gofpdf", "HTTP agenda JSON", "empty gin"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q:\n%s", want, out)
		}
	}
}

func TestSeedSaysWhatToSeed(t *testing.T) {
	getenv, _ := sqliteEnv(t)
	for _, args := range [][]string{{"seed"}, {"seed", "--demo", "--bench"}} {
		if _, err := run(t, getenv, args...); err == nil || !strings.Contains(err.Error(), "seed --demo or seed --bench") {
			t.Errorf("%v: %v", args, err)
		}
	}
}

func TestBenchRefusesADatabaseWithoutRegion(t *testing.T) {
	getenv, _ := sqliteEnv(t)
	if _, err := run(t, getenv, "seed", "--demo"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, getenv, "bench", "--duration", "100ms"); err == nil || !strings.Contains(err.Error(), "seed --bench") {
		t.Errorf("bench on the demo region: %v, want a pointer to seed --bench", err)
	}
}
