package web

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/refsync/refsync/config"
)

// schemaTTL is how long the settings page trusts a describe answer.
const schemaTTL = 5 * time.Minute

// schemaCache keeps describe answers for a few minutes, so that the settings
// page and its save do not call Salesforce for every object each time.
type schemaCache struct {
	describe func(ctx context.Context, object string) (*config.ObjectSchema, error)
	objects  func(ctx context.Context) ([]config.ObjectSchema, error)

	mu   sync.Mutex
	objs map[string]cachedSchema // lower object name → answer
	list []config.ObjectSchema
	at   time.Time // of list
}

type cachedSchema struct {
	s  *config.ObjectSchema
	at time.Time
}

// Describe returns the object's schema, from the cache when fresh; errors are not kept.
func (c *schemaCache) Describe(ctx context.Context, object string) (*config.ObjectSchema, error) {
	key := strings.ToLower(object)
	c.mu.Lock()
	if e, ok := c.objs[key]; ok && time.Since(e.at) < schemaTTL {
		c.mu.Unlock()
		return e.s, nil
	}
	c.mu.Unlock()
	s, err := c.describe(ctx, object)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.objs == nil {
		c.objs = map[string]cachedSchema{}
	}
	c.objs[key] = cachedSchema{s, time.Now()}
	c.mu.Unlock()
	return s, nil
}

// Objects lists the org's objects (name and label, sorted by name); nil when unknown.
func (c *schemaCache) Objects(ctx context.Context) []config.ObjectSchema {
	if c.objects == nil {
		return nil
	}
	c.mu.Lock()
	if c.list != nil && time.Since(c.at) < schemaTTL {
		defer c.mu.Unlock()
		return c.list
	}
	c.mu.Unlock()
	list, err := c.objects(ctx)
	if err != nil {
		return nil
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	c.mu.Lock()
	c.list, c.at = list, time.Now()
	c.mu.Unlock()
	return list
}

// ObjectNames lists the org's object names, for suggestions.
func (c *schemaCache) ObjectNames(ctx context.Context) []string {
	var out []string
	for _, o := range c.Objects(ctx) {
		out = append(out, o.Name)
	}
	return out
}
