package config

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// SecretKeyEnv is the one environment variable that keys everything refsync
// stores secretly (a rotated refresh token, webhook signing secrets).
const SecretKeyEnv = "REFSYNC_SECRET_KEY"

// MinSecretKeyLen is the shortest REFSYNC_SECRET_KEY accepted.
const MinSecretKeyLen = 32

// Sentinel errors of the secret box; test them with errors.Is.
var (
	// ErrNoSecretKey: REFSYNC_SECRET_KEY is not set, so nothing can be stored secretly.
	ErrNoSecretKey = errors.New("REFSYNC_SECRET_KEY is not set: generate one with `openssl rand -base64 32` (or `head -c 32 /dev/urandom | base64`), put it in the environment of every refsync process and keep it safe")
	// ErrSecretUnreadable: a stored secret was sealed with another key, or is damaged.
	ErrSecretUnreadable = errors.New("a stored secret cannot be decrypted: REFSYNC_SECRET_KEY is not the key it was stored with (set the old key again, or store the secret anew)")
)

// SealedPrefix marks a value sealed by SecretBox (format version 1).
const SealedPrefix = "rsbox1:"

// SecretBox seals and opens small secrets with AES-256-GCM under a key derived
// (HKDF-SHA256) from REFSYNC_SECRET_KEY. The zero value and a nil *SecretBox
// have no key: Seal and Open return ErrNoSecretKey.
type SecretBox struct {
	aead cipher.AEAD
}

// NewSecretBox derives the box from key. An empty key gives a box without a
// key (every call says ErrNoSecretKey); a key shorter than MinSecretKeyLen is
// refused with a message that says how to make one.
func NewSecretBox(key string) (*SecretBox, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return &SecretBox{}, nil
	}
	if len(key) < MinSecretKeyLen {
		return nil, fmt.Errorf("config: %s is %d characters; it needs at least %d: generate one with `openssl rand -base64 32`", SecretKeyEnv, len(key), MinSecretKeyLen)
	}
	k, err := hkdf.Key(sha256.New, []byte(key), nil, "refsync secret box v1", 32)
	if err != nil {
		return nil, fmt.Errorf("config: derive secret key: %w", err)
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, fmt.Errorf("config: secret key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("config: secret key: %w", err)
	}
	return &SecretBox{aead: aead}, nil
}

// SecretBoxFromEnv builds the box from REFSYNC_SECRET_KEY read through getenv.
func SecretBoxFromEnv(getenv func(string) string) (*SecretBox, error) {
	if getenv == nil {
		return &SecretBox{}, nil
	}
	return NewSecretBox(getenv(SecretKeyEnv))
}

// HasKey reports whether the box can seal and open.
func (b *SecretBox) HasKey() bool { return b != nil && b.aead != nil }

// Seal encrypts plain for the given purpose (e.g. "salesforce.refresh_token",
// "webhook:12"). The purpose is authenticated: a value sealed for one purpose
// does not open for another. The result is printable text safe to store.
func (b *SecretBox) Seal(purpose string, plain []byte) (string, error) {
	if !b.HasKey() {
		return "", ErrNoSecretKey
	}
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("config: seal secret: %w", err)
	}
	out := b.aead.Seal(nonce, nonce, plain, []byte(purpose))
	return SealedPrefix + base64.RawStdEncoding.EncodeToString(out), nil
}

// Open decrypts a value made by Seal for the same purpose. It returns
// ErrNoSecretKey without a key and ErrSecretUnreadable for another key, another
// purpose or damaged text.
func (b *SecretBox) Open(purpose, sealed string) ([]byte, error) {
	if !b.HasKey() {
		return nil, ErrNoSecretKey
	}
	if !IsSealed(sealed) {
		return nil, fmt.Errorf("%w (the value is not sealed)", ErrSecretUnreadable)
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, SealedPrefix))
	ns := b.aead.NonceSize()
	if err != nil || len(raw) < ns+b.aead.Overhead() {
		return nil, fmt.Errorf("%w (the value is damaged)", ErrSecretUnreadable)
	}
	plain, err := b.aead.Open(nil, raw[:ns], raw[ns:], []byte(purpose))
	if err != nil {
		return nil, ErrSecretUnreadable
	}
	return plain, nil
}

// IsSealed reports whether s looks like a value made by Seal (to tell stored
// ciphertext from plain text left by an older version).
func IsSealed(s string) bool { return strings.HasPrefix(s, SealedPrefix) }
