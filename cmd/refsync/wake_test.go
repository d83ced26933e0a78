package main

import (
	"context"
	"testing"
	"time"

	"github.com/refsync/refsync/config"
	"github.com/refsync/refsync/store"
	"github.com/refsync/refsync/web/api"
)

func TestCreatingAReferralWakesTheRunningPushWorker(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, o := openDB(t), newOrg(t)
	w := newWorker(db, o.sf, config.DefaultPushRules())
	w.Interval = time.Hour // without Wake nothing would run during the test
	done := make(chan struct{})
	go func() { w.Start(ctx); close(done) }()
	token, _, err := db.CreateAPIToken(ctx, "forms", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, admin: token, h: api.New(api.Deps{DB: db, Push: w})}
	id := e.must("POST", "/api/v1/referrals", `{"last_name":"Woken","email":"woken@example.com"}`, 201)["id"].(string)
	deadline := time.Now().Add(20 * time.Second)
	for len(leadsWithReferral(o, id)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no Lead: the worker was not woken")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}
