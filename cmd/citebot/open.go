package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/citebot/citebot/llm"
	"github.com/citebot/citebot/retrieval"
	"github.com/citebot/citebot/seeds"
)

// corpusFlags registers --seeds and --data, which override CITEBOT_SEEDS_DIR and CITEBOT_DATA_DIR.
func corpusFlags(fs *flagSet, a *app) {
	fs.Func("seeds", "corpus `folder` (default $CITEBOT_SEEDS_DIR, else the corpus built into citebot)", func(v string) error {
		fi, err := os.Stat(v)
		if err != nil {
			return fmt.Errorf("folder %q does not exist or cannot be read", v)
		}
		if !fi.IsDir() {
			return fmt.Errorf("%q is not a folder", v)
		}
		a.cfg.SeedsDir = v
		return nil
	})
	fs.StringVar(&a.cfg.Index.DataDir, "data", a.cfg.Index.DataDir, "data `folder`: the index, question log and Discord feedback ($CITEBOT_DATA_DIR)")
}

// modelClient returns the OpenAI-compatible client, or nil when no model is configured.
func (a *app) modelClient() (*llm.Client, error) {
	if !a.cfg.ModelConfigured() {
		return nil, nil
	}
	mc := a.cfg.Model
	mc.Logger = a.logger
	c, err := llm.New(mc)
	if err != nil {
		return nil, fmt.Errorf("model client: %w", err)
	}
	return c, nil
}

// openIndex loads the corpus and brings the index in the data folder up to date.
func (a *app) openIndex(ctx context.Context) (*retrieval.Index, error) {
	cfg, err := a.indexConfig()
	if err != nil {
		return nil, err
	}
	return retrieval.Open(ctx, cfg)
}

// indexConfig is the retrieval configuration: the corpus, the data folder and the embedder.
func (a *app) indexConfig() (retrieval.Config, error) {
	// The corpus brings its own platform catalog (platforms.json) or none: the built-in catalog
	// belongs to the built-in corpus.
	var corpus fs.FS
	name := a.cfg.SeedsDir
	if name == "" {
		corpus, name = seeds.FS(), "seeds (built in)"
	} else {
		var err error
		if corpus, err = retrieval.CorpusDir(name); err != nil {
			return retrieval.Config{}, err
		}
	}
	emb := retrieval.OfflineEmbedder()
	if a.cfg.Embedder == "openai" {
		client, err := a.modelClient()
		if err != nil {
			return retrieval.Config{}, err
		}
		emb = retrieval.OpenAIEmbedder(client, a.cfg.EmbedModel, a.cfg.EmbedBatch)
	}
	rc := a.cfg.Index
	rc.Seeds, rc.SeedsName, rc.CorpusID, rc.Embedder, rc.Logger = corpus, name, corpusID(a.cfg.SeedsDir), emb, a.logger
	return rc, nil
}

// corpusID names the corpus folder dir ("" for the corpus built into citebot) among the corpora
// indexed in one data folder, each of which keeps its own index there (see [retrieval.IndexDir]):
// its absolute path with links resolved, so that ./docs and /home/me/docs are one corpus.
func corpusID(dir string) string {
	if dir == "" {
		return "citebot:built-in"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}
