package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"casusoverleg/conference"
	"casusoverleg/internal/auth"
	"casusoverleg/internal/bench"
	"casusoverleg/internal/benchdata"
	"casusoverleg/internal/database"
	"casusoverleg/internal/demo"
	"casusoverleg/internal/pdfsign"
	"casusoverleg/internal/signing"
	"casusoverleg/internal/web"
)

const usage = `usage: casusoverleg [command]

commands:
  serve                      serve the web application (default); ADDR sets the address (:8080)
  migrate                    bring the database schema to the newest version
  seed --demo                fill the database with a demo region (idempotent)
  seed --bench [--small]     generate a region-sized benchmark data set (30 partners,
                             400 users, 6 weekly series over 5 years, 10,000 cases)
                             into an empty database
  bench [--duration 10s] [--concurrency 8] [--cpuprofile DIR] [--live-pages 200] [--live-moves 20] [--only LOADS]
                             measure agenda build, question sets, the signed minutes PDF,
                             HTTP throughput beside the bare anchor and open live pages of
                             a meeting on the benchmark region (generated first when the
                             database is empty) and print one table
  bench --load [--sessions 200] [--servers 1] [--duration 60s] [--think 0s]
                             the load mix: sessions reading and writing for the duration,
                             round-robin over app servers; req/s, p50/p95/p99, errors
  token create --user EMAIL [--name NAME]   print a new API token for a user
  token revoke ID            revoke an API token
  audit verify               check the hash chain of the audit log (from its latest
                             signed checkpoint when it was pruned)
  audit prune --before DATE  remove the audit events older than DATE (YYYY-MM-DD, UTC,
                             or RFC 3339) and leave a checkpoint signed with the
                             deployment key, so that audit verify still proves the chain
  retention list             propose the destruction list (closed cases whose retention
                             period has passed) and print it; an admin approves it
                             under Beheer → Bewaartermijnen
  retention destroy          destroy the personal data of the cases on approved lists
                             (serve's daily job does both, on one app server at a time)
  verify FILE.pdf            check a signed minutes PDF: its signature (PAdES level,
                             signing and timestamp times), and against the database
                             when reachable: the meeting, the copy and its
                             organisation view, and whether the bytes are the
                             stored signed original

environment:
  DATABASE_URL     postgres://… ; empty means the embedded SQLite file
  SQLITE_PATH      the embedded database file (default casusoverleg.db)
  ADDR             listen address of serve (default :8080)
  SITE_NAME        name of the Veiligheidshuis shown in the pages
  SECURE_COOKIES   "true" behind TLS
  SIGNING_CERT, SIGNING_KEY        PEM certificate and key that sign exported minutes
  SIGNING_P12, SIGNING_P12_PASSWORD  or a PKCS#12 file; with neither, a self-signed
                                   certificate is made on first start (and logged)
  TSA_URL          RFC 3161 time-stamping authority: every signature gets a
                   timestamp (PAdES B-T); empty signs without one (B-B)
  SMTP_URL         smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465;
                   empty: messages are kept and logged, shown under Beheer → Berichten
  MAIL_FROM        sender address of the messages (default casusoverleg@localhost)
  BASE_URL         address users reach the tool at, for the links in messages
  GOGC, GOMEMLIMIT the garbage collector's settings (default 400 and 512MiB)
`

// env reads one environment variable; Run takes it so tests can pass their own.
type env func(string) string

// Run executes the command in args and returns its error; main only calls it.
func Run(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, nil)))
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return withDB(ctx, getenv, func(db *gorm.DB) error { return serve(ctx, db, getenv, stdout) })
	case "migrate":
		return withDB(ctx, getenv, func(db *gorm.DB) error {
			ids, err := database.Applied(ctx, db)
			fmt.Fprintf(stdout, "schema up to date: %d migration steps applied\n", len(ids))
			return err
		})
	case "seed":
		fs := flag.NewFlagSet("seed", flag.ContinueOnError)
		fs.SetOutput(stderr)
		withDemo := fs.Bool("demo", false, "seed the demo region")
		withBench := fs.Bool("bench", false, "generate a region-sized benchmark data set into an empty database")
		small := fs.Bool("small", false, "with --bench: a small region of a few weeks")
		if err := fs.Parse(args); err != nil {
			return err
		}
		switch {
		case *withDemo == *withBench:
			return errors.New("seed: say what to seed: seed --demo or seed --bench")
		case *withBench:
			size := benchdata.Region()
			if *small {
				size = benchdata.Small()
			}
			return withDB(ctx, getenv, func(db *gorm.DB) error { return seedBench(ctx, db, size, stdout) })
		}
		return withDB(ctx, getenv, func(db *gorm.DB) error {
			if err := demo.Seed(ctx, conference.NewStore(db, time.Now), auth.HashPassword, stdout); err != nil {
				return err
			}
			return demo.History(ctx, db, time.Now, stdout)
		})
	case "bench":
		return benchCommand(ctx, args, getenv, stdout, stderr)
	case "token":
		return withDB(ctx, getenv, func(db *gorm.DB) error { return tokenCommand(ctx, db, args, stdout, stderr) })
	case "audit":
		return auditCommand(ctx, args, getenv, stdout, stderr)
	case "retention":
		return withDB(ctx, getenv, func(db *gorm.DB) error {
			return retentionCommand(ctx, retentionStore(db, time.Now), args, stdout)
		})
	case "verify":
		if len(args) != 1 {
			return errors.New("usage: casusoverleg verify FILE.pdf")
		}
		return verifyCommand(ctx, args[0], getenv, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
}

// seedBench generates the benchmark region; every user gets the demo password.
func seedBench(ctx context.Context, db *gorm.DB, size benchdata.Size, stdout io.Writer) error {
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Generating a benchmark region: %d organisations, %d users, %d series × %d weeks, %d cases, %d items per meeting\n",
		size.Organisations, size.Users, size.Series, size.Weeks, size.Cases, size.ItemsPerMeeting)
	sum, err := benchdata.Generate(ctx, db, size, benchdata.Options{PasswordHash: hash, Progress: stdout, Seed: 1})
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, sum)
	fmt.Fprintf(stdout, "Every user logs in with the password %q (e.g. deelnemer001@org01.example.nl).\n", demo.Password)
	return nil
}

func benchCommand(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg bench.Config
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "length of each HTTP load run")
	fs.DurationVar(&cfg.Warmup, "warmup", 2*time.Second, "unmeasured load before each run")
	fs.IntVar(&cfg.Concurrency, "concurrency", 8, "concurrent HTTP clients")
	fs.StringVar(&cfg.CPUProfile, "cpuprofile", "", "directory for a CPU profile (pprof) of each measurement")
	fs.IntVar(&cfg.LiveConnections, "live-pages", 200, "live pages (event streams) open on one meeting")
	fs.IntVar(&cfg.LiveMoves, "live-moves", 20, "item changes the chair makes while they are open")
	only := fs.String("only", "", "measure only these HTTP loads (comma-separated names, e.g. \"agenda JSON,case page\") against the anchor")
	load := fs.Bool("load", false, "run the load mix instead: --sessions users reading and writing for --duration")
	sessions := fs.Int("sessions", 200, "with --load: concurrent sessions")
	servers := fs.Int("servers", 1, "with --load: app servers in this process, each with a pool of its own, round-robin")
	think := fs.Duration("think", 0, "with --load: mean pause of a session between requests (0: back to back)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.Progress = stderr
	if *only != "" {
		var err error
		if cfg.Only, err = bench.ParseOnly(*only); err != nil {
			return err
		}
	}
	if *load {
		set := false
		fs.Visit(func(f *flag.Flag) { set = set || f.Name == "duration" })
		if !set {
			cfg.Duration = 60 * time.Second // the load figure
		}
		return loadCommand(ctx, getenv, bench.MixConfig{Sessions: *sessions, Servers: *servers, Think: *think, Warmup: cfg.Warmup,
			Duration: cfg.Duration, Progress: stderr, CPUProfile: cfg.CPUProfile}, stdout)
	}
	return withDB(ctx, getenv, func(db *gorm.DB) error {
		var orgs int64
		if err := db.WithContext(ctx).Table("organisations").Count(&orgs).Error; err != nil {
			return err
		}
		if orgs == 0 {
			if err := seedBench(ctx, db, benchdata.Region(), stderr); err != nil {
				return err
			}
		}
		rep, err := bench.Run(ctx, db, cfg)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		if err := rep.Print(stdout); err != nil {
			return err
		}
		if missed := rep.Missed(); len(missed) > 0 {
			fmt.Fprintf(stdout, "\n%d target(s) missed; docs/performance.md says why and what remains.\n", len(missed))
		}
		return nil
	})
}

// loadCommand runs the load mix (bench --load) on the benchmark region.
func loadCommand(ctx context.Context, getenv env, cfg bench.MixConfig, stdout io.Writer) error {
	return withDB(ctx, getenv, func(db *gorm.DB) error {
		s, err := bench.NewSuite(ctx, db)
		if err != nil {
			return fmt.Errorf("bench --load: %w", err)
		}
		cfg.OpenDB = func() (*gorm.DB, error) {
			return database.Open(ctx, database.Config{URL: getenv("DATABASE_URL"), SQLitePath: getenv("SQLITE_PATH")})
		}
		res, err := s.Mix(ctx, cfg)
		if err != nil {
			return fmt.Errorf("bench --load: %w", err)
		}
		res.Print(stdout)
		return nil
	})
}

// withDB opens and migrates the configured database, runs fn and closes it.
func withDB(ctx context.Context, getenv env, fn func(*gorm.DB) error) error {
	cfg := database.Config{URL: getenv("DATABASE_URL"), SQLitePath: getenv("SQLITE_PATH")}
	db, err := database.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer database.Close(db)
	if err := database.Migrate(ctx, db); err != nil {
		return err
	}
	return fn(db)
}

func serve(ctx context.Context, db *gorm.DB, getenv env, stdout io.Writer) error {
	addr := getenv("ADDR")
	if addr == "" {
		addr = ":8080"
	}
	site := getenv("SITE_NAME")
	if site == "" {
		site = "Zorg- en Veiligheidshuis"
	}
	signer, generated, err := signing.Load(ctx, db, signingConfig(getenv), time.Now())
	if err != nil {
		return err
	}
	if generated {
		slog.Warn("no signing certificate configured: generated a self-signed one for the organisation; set SIGNING_CERT and SIGNING_KEY (or SIGNING_P12) to use your own",
			"subject", signer.Cert.Subject.String(), "sha256", signing.Fingerprint(signer.Cert))
	}
	mailCfg, transport, err := mailConfig(getenv, addr)
	if err != nil {
		return err
	}
	cfg := web.Config{SiteName: site, SecureCookies: getenv("SECURE_COOKIES") == "true", Signer: signer,
		Mail: mailCfg, MailDelivery: transport != nil}
	if u := getenv("TSA_URL"); u != "" {
		cfg.TSA = &pdfsign.TSAClient{URL: u}
	}
	srv, err := web.New(cfg, db)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second}
	where := "embedded SQLite"
	if getenv("DATABASE_URL") != "" {
		where = "PostgreSQL"
	}
	fmt.Fprintf(stdout, "Casusoverleg listening on http://%s (%s)\n", displayAddr(ln.Addr()), where)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go cleanup(ctx, srv)
	// The daily retention job: one app server at a time (a lease row); it
	// destroys what is due and prunes the audit log after its own period.
	go retentionJob(db, time.Now, signer.Key, signer.Cert).Daily(ctx, slog.Default())
	startMail(ctx, db, srv, transport, mailCfg.From)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return hs.Shutdown(shutdown)
	}
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost:" + strings.TrimPrefix(s, "[::]:")
	}
	return s
}

func tokenCommand(ctx context.Context, db *gorm.DB, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: casusoverleg token create --user EMAIL | token revoke ID")
	}
	tokens := auth.NewTokens(db, time.Now)
	switch args[0] {
	case "create":
		fs := flag.NewFlagSet("token create", flag.ContinueOnError)
		fs.SetOutput(stderr)
		email := fs.String("user", "", "e-mail address of the user")
		name := fs.String("name", "cli", "what the token is for")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *email == "" {
			return errors.New("token create: --user EMAIL is required")
		}
		u, err := conference.NewStore(db, time.Now).UserByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("token create: user %s: %w", *email, err)
		}
		plain, tok, err := tokens.Create(ctx, u.ID, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "token %d for %s created; it is shown once:\n", tok.ID, u.Email)
		fmt.Fprintln(stdout, plain)
		return nil
	case "revoke":
		if len(args) != 2 {
			return errors.New("usage: casusoverleg token revoke ID")
		}
		id, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return fmt.Errorf("token revoke: %q is not a token id", args[1])
		}
		if err := tokens.Revoke(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "token %d revoked\n", id)
		return nil
	}
	return fmt.Errorf("unknown token command %q", args[0])
}

// cleanup removes expired sessions and login attempts every ten minutes.
func cleanup(ctx context.Context, srv *web.Server) {
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := srv.Cleanup(ctx); err != nil {
				slog.Error("cleanup", "err", err)
			}
		}
	}
}

func signingConfig(getenv env) signing.Config {
	site := getenv("SITE_NAME")
	if site == "" {
		site = "Zorg- en Veiligheidshuis"
	}
	return signing.Config{CertFile: getenv("SIGNING_CERT"), KeyFile: getenv("SIGNING_KEY"),
		PKCS12File: getenv("SIGNING_P12"), PKCS12Pwd: getenv("SIGNING_P12_PASSWORD"), Organisation: site}
}
