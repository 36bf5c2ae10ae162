// The knowledge base's public API: retrieval of example programs and installed tools for a request.
// The LLM agent calls search_examples() for few-shot context; `gpttrace examples` and `-c` use both.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "kernel/catalog.h"
#include "knowledge/capability.h"
#include "knowledge/examples.h"
#include "knowledge/tools.h"

namespace gpttrace {

class KnowledgeIndex;

struct ExampleMatch {
  Example example;    // example.source is rendered for the installed bpftrace's dialect
  bool runnable = true;  // every probe type it needs can attach here (requires: lines)
  double score = 0;   // higher is better
};

struct ToolMatch {
  InstalledTool tool;
  ToolCapability capability;  // decided live against the catalog
  std::string zh;             // Chinese description, when the corpus has one
  double score = 0;
};

struct KnowledgeOptions {
  std::string cache_dir;     // empty: knowledge_cache_dir(); when that fails too, the index lives in memory
  std::string examples_dir;  // empty: examples_dir()
  std::string tools_file;    // Chinese descriptions and keywords of tools; empty: beside examples_dir
  ToolSources tools;
  bool force_rebuild = false;
};

struct KnowledgeStats {
  bool rebuilt = false;   // this open() built the index
  double build_ms = 0;    // time spent building (0 when the cache was fresh)
  size_t examples = 0;
  size_t tools = 0;
  std::string path;       // the database file, or ":memory:"
};

class Knowledge {
 public:
  // Opens the cached index and rebuilds it first when its inputs changed. `catalog` must outlive this.
  static Result<Knowledge> open(const KnowledgeOptions& options, const KernelCatalog& catalog);
  Knowledge(Knowledge&&) noexcept;
  Knowledge& operator=(Knowledge&&) noexcept;
  ~Knowledge();

  // Best `k` examples for a request in English or Chinese; examples that cannot run here rank lower.
  std::vector<ExampleMatch> search_examples(std::string_view query, size_t k) const;
  // Best `k` installed tools; with `runnable_only`, tools that cannot run here are left out.
  std::vector<ToolMatch> search_tools(std::string_view query, size_t k, bool runnable_only = false) const;
  // Tools called `name` ("execsnoop" finds execsnoop, execsnoop.bt and execsnoop-bpfcc), libbpf-tools first.
  std::vector<ToolMatch> tools_named(std::string_view name) const;
  // Every installed tool, by name.
  std::vector<ToolMatch> all_tools() const;
  const KnowledgeStats& stats() const { return stats_; }

 private:
  Knowledge(std::unique_ptr<KnowledgeIndex> index, const KernelCatalog& catalog);
  ToolMatch tool_from(const std::string& data, double score) const;
  std::unique_ptr<KnowledgeIndex> index_;
  const KernelCatalog* catalog_;
  HostFacts host_;
  KnowledgeStats stats_;
};

}  // namespace gpttrace
