// Package database opens the relational database — PostgreSQL when a
// DATABASE_URL is given, otherwise an embedded SQLite file — and runs the
// versioned schema migrations of every domain package.
package database
