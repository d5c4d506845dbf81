// Package signing provides the deployment's PDF signing key: the certificate
// and key configured by file paths (PEM or PKCS#12), or — with none
// configured — a self-signed certificate for the organisation, generated on
// first start and kept in the database so every app server signs alike.
package signing

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"casusoverleg/internal/pdfsign"
)

// Config names the configured key material; all empty means self-signed.
type Config struct {
	CertFile, KeyFile     string // PEM
	PKCS12File, PKCS12Pwd string
	// Organisation names the self-signed certificate's subject.
	Organisation string
}

type keyRow struct {
	ID        int64  `gorm:"primaryKey"`
	CertPEM   string `gorm:"type:text;not null"`
	KeyPEM    string `gorm:"type:text;not null"`
	CreatedAt time.Time
}

func (keyRow) TableName() string { return "signing_keys" }

// MigrateSchema creates the table of the generated key.
func MigrateSchema(tx *gorm.DB) error { return tx.AutoMigrate(&keyRow{}) }

// Load returns the signer of cfg. generated is true when a new self-signed
// certificate was made just now (the caller says so in the log).
func Load(ctx context.Context, db *gorm.DB, cfg Config, now time.Time) (s *pdfsign.Signer, generated bool, err error) {
	switch {
	case cfg.PKCS12File != "":
		s, err = pdfsign.LoadPKCS12(cfg.PKCS12File, cfg.PKCS12Pwd)
		return s, false, err
	case cfg.CertFile != "" || cfg.KeyFile != "":
		if cfg.CertFile == "" || cfg.KeyFile == "" {
			return nil, false, errors.New("signing: set both SIGNING_CERT and SIGNING_KEY")
		}
		s, err = pdfsign.LoadSigner(cfg.CertFile, cfg.KeyFile)
		return s, false, err
	}
	var row keyRow
	err = db.WithContext(ctx).Order("id").Limit(1).Find(&row).Error
	if err != nil {
		return nil, false, fmt.Errorf("signing key: %w", err)
	}
	if row.ID != 0 {
		s, err = pdfsign.ParsePEM([]byte(row.CertPEM), []byte(row.KeyPEM))
		return s, false, err
	}
	s, err = pdfsign.SelfSigned(cfg.Organisation, now)
	if err != nil {
		return nil, false, err
	}
	certPEM, keyPEM, err := s.PEM()
	if err != nil {
		return nil, false, err
	}
	row = keyRow{CertPEM: string(certPEM), KeyPEM: string(keyPEM), CreatedAt: now}
	if err := db.WithContext(ctx).Create(&row).Error; err != nil {
		return nil, false, fmt.Errorf("store signing key: %w", err)
	}
	// Two servers starting at once may both have made one: use the first stored.
	var first keyRow
	if err := db.WithContext(ctx).Order("id").First(&first).Error; err != nil {
		return nil, false, fmt.Errorf("signing key: %w", err)
	}
	if first.ID != row.ID {
		s, err = pdfsign.ParsePEM([]byte(first.CertPEM), []byte(first.KeyPEM))
		return s, false, err
	}
	return s, true, nil
}

// Fingerprint is the SHA-256 fingerprint of a certificate, for the log.
func Fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return fmt.Sprintf("%X", sum[:])
}

// Trusted returns the certificate that signs this deployment's minutes —
// the configured one, or the generated one stored in the database — without
// generating one. It is nil when there is none yet.
func Trusted(ctx context.Context, db *gorm.DB, cfg Config) (*x509.Certificate, error) {
	if cfg.PKCS12File != "" || cfg.CertFile != "" || cfg.KeyFile != "" {
		s, _, err := Load(ctx, db, cfg, time.Now())
		if err != nil {
			return nil, err
		}
		return s.Cert, nil
	}
	var row keyRow
	if err := db.WithContext(ctx).Order("id").Limit(1).Find(&row).Error; err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	if row.ID == 0 {
		return nil, nil
	}
	s, err := pdfsign.ParsePEM([]byte(row.CertPEM), []byte(row.KeyPEM))
	if err != nil {
		return nil, err
	}
	return s.Cert, nil
}
