// Helpers shared by the knowledge tests: a temporary cache directory and a knowledge base over the corpus.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "knowledge/knowledge.h"

namespace gpttrace::test {

// A directory under /tmp removed (with its files) at the end of the test.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/gt_knowledge_XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() {
    for (const char* f : {"/knowledge.db", "/knowledge.db-journal", "/tools/libbpf-tools.list"}) {
      unlink((path_ + f).c_str());
    }
    rmdir((path_ + "/tools").c_str());
    rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Options for a knowledge base over the repository's corpus and no installed tools (an empty tool
// directory), cached in `cache`.
inline KnowledgeOptions corpus_only(const std::string& cache) {
  KnowledgeOptions options;
  options.cache_dir = cache;
  options.examples_dir = std::string(GPTTRACE_KNOWLEDGE_DIR) + "/examples";
  options.tools.sbin_dir = cache + "/no-tools";
  options.tools.dpkg_info_dir = cache + "/no-tools";
  return options;
}

}  // namespace gpttrace::test
