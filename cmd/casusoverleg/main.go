// Command casusoverleg serves the Casusoverleg web application and offers the
// operator commands: migrate, seed, token, audit, retention, verify.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"casusoverleg/internal/gcsettings"
)

func main() {
	gcsettings.Apply(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "casusoverleg:", err)
		os.Exit(1)
	}
}
