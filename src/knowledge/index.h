// The SQLite FTS5 index behind retrieval: English/code text with bm25 over porter+unicode61 tokens that
// keep '_' and ':' (sys_enter_openat, tracepoint:sched:sched_switch), and Chinese text as CJK bigrams.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

struct sqlite3;

namespace gpttrace {

// One indexed document: an example or a tool.
struct IndexDoc {
  std::string kind;   // "example" | "tool"
  std::string name;   // example id or tool name
  std::string title;
  std::string en;     // English description
  std::string zh;     // Chinese description
  std::string tags;   // space- or comma-separated
  std::string body;   // program text or --help text (weighted low)
  std::string data;   // opaque payload returned with hits (JSON)
};

struct IndexHit {
  std::string name;
  std::string data;
  double score = 0;  // higher is better (negated bm25, English and Chinese parts summed)
};

// Chinese retrieval without a segmenter: every run of CJK characters becomes its overlapping bigrams
// ("文件打开" -> "文件 件打 打开"); a lone character stays. Other text passes through unchanged.
std::string cjk_bigrams(std::string_view text);

class KnowledgeIndex {
 public:
  // Opens (or creates) the database file; read-only use needs no lock.
  static Result<KnowledgeIndex> open(const std::string& path);
  KnowledgeIndex(KnowledgeIndex&&) noexcept;
  KnowledgeIndex& operator=(KnowledgeIndex&&) noexcept;
  ~KnowledgeIndex();

  std::string fingerprint() const;  // empty when the index was never built
  // Replaces the whole content in one transaction.
  Result<void> rebuild(const std::vector<IndexDoc>& docs, const std::string& fingerprint);
  size_t count(std::string_view kind) const;

  // Best `limit` documents of `kind` for a free-text query in English, Chinese or both.
  std::vector<IndexHit> search(std::string_view kind, std::string_view query, size_t limit) const;
  // The document of `kind` named exactly `name`.
  std::optional<IndexHit> get(std::string_view kind, std::string_view name) const;
  // Every document of `kind`, by name.
  std::vector<IndexHit> all(std::string_view kind) const;

 private:
  explicit KnowledgeIndex(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace gpttrace
