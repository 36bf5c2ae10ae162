// SQLite FTS5 index: schema, rebuild and bm25 queries (C API, prepared statements).
#include "knowledge/index.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace gpttrace {

namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY, kind TEXT, name TEXT, data TEXT);
CREATE INDEX IF NOT EXISTS docs_kind_name ON docs(kind, name);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_en USING fts5(kind UNINDEXED, name, title, en, tags, body,
    tokenize = "porter unicode61 tokenchars '_:'");
CREATE VIRTUAL TABLE IF NOT EXISTS fts_zh USING fts5(kind UNINDEXED, zh, tokenize = "unicode61");
)";

// Words that carry no meaning for retrieval ("show me which processes ...").
const std::set<std::string, std::less<>>& stop_words() {
  static const std::set<std::string, std::less<>> words = {
      "a",    "an",   "the",  "of",   "to",   "in",   "on",   "for",  "and",   "or",    "by",    "with",
      "me",   "my",   "i",    "is",   "are",  "be",   "it",   "its",  "what",  "which", "who",   "how",
      "show", "all",  "each", "per",  "from", "that", "this", "do",   "does",  "can",   "trace", "tracing",
      "list", "print", "find", "see", "watch", "when", "where", "want", "please", "about", "get",  "give"};
  return words;
}

// UTF-8 decoding of one code point at s[i]; advances i.
char32_t next_code_point(std::string_view s, size_t& i) {
  unsigned char c = s[i];
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += len;
  return cp;
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff);
}

// The English part of a query as an FTS5 expression: each meaningful word as itself (stemmed by porter)
// or as a prefix, ORed, so bm25 ranks documents matching more words higher.
std::string english_query(std::string_view query) {
  std::vector<std::string> terms;
  std::string word;
  auto flush = [&] {
    while (!word.empty() && (word.back() == ':' || word.back() == '_')) word.pop_back();
    if (word.size() >= 2 && !stop_words().count(word) &&
        std::find(terms.begin(), terms.end(), word) == terms.end()) {
      terms.push_back(word);
    }
    word.clear();
  };
  for (char c : query) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && (std::isalnum(u) || c == '_' || c == ':')) word += static_cast<char>(std::tolower(u));
    else flush();
  }
  flush();
  std::string expr;
  for (const std::string& t : terms) {
    if (!expr.empty()) expr += " OR ";
    expr += fmt::format("\"{}\"", t);
    if (t.size() >= 3) expr += fmt::format(" OR \"{}\"*", t);
  }
  return expr;
}

// The Chinese part: the query's CJK bigrams, ORed.
std::string chinese_query(std::string_view query) {
  std::string expr;
  std::set<std::string> seen;
  std::string grams = cjk_bigrams(query);
  size_t i = 0;
  while (i < grams.size()) {
    size_t sp = grams.find(' ', i);
    std::string tok = grams.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
    i = sp == std::string::npos ? grams.size() : sp + 1;
    if (tok.empty() || static_cast<unsigned char>(tok[0]) < 0x80 || !seen.insert(tok).second) continue;
    if (!expr.empty()) expr += " OR ";
    expr += fmt::format("\"{}\"", tok);
  }
  return expr;
}

struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s, nullptr); }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  void bind(int i, std::string_view v) { sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  void bind(int i, int64_t v) { sqlite3_bind_int64(s, i, v); }
  bool step() { return s && sqlite3_step(s) == SQLITE_ROW; }
  std::string text(int i) const {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
};

Result<void> exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    return fail(fmt::format("knowledge index: {}", message), "delete ~/.cache/gpttrace/knowledge.db to rebuild it");
  }
  return {};
}

// Probe names are single tokens ("tracepoint:skb:kfree_skb"); a query may name any tail of one
// ("skb:kfree_skb", "kfree_skb") or a part ("skb"). Appends those forms for every token with a ':'.
std::string with_probe_name_parts(const std::string& text) {
  std::string extra;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' || text[end] == ':')) ++end;
    std::string_view tok(text.data() + i, end - i);
    if (tok.find(':') != std::string_view::npos) {
      size_t start = 0;
      for (size_t colon = tok.find(':'); colon != std::string_view::npos; colon = tok.find(':', colon + 1)) {
        extra.append(" ").append(tok.substr(start, colon - start));  // a part: "skb"
        extra.append(" ").append(tok.substr(colon + 1));             // a tail: "skb:kfree_skb", "kfree_skb"
        start = colon + 1;
      }
    }
    i = end == i ? i + 1 : end;
  }
  return extra.empty() ? text : text + "\n" + extra;
}

}  // namespace

std::string cjk_bigrams(std::string_view text) {
  std::string out;
  std::vector<std::string> run;  // the current run of CJK characters, one UTF-8 string each
  auto flush = [&] {
    if (run.size() == 1) out += " " + run[0] + " ";
    for (size_t k = 0; k + 1 < run.size(); ++k) out += " " + run[k] + run[k + 1] + " ";
    run.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    char32_t cp = next_code_point(text, i);
    if (is_cjk(cp)) {
      run.emplace_back(text.substr(start, i - start));
    } else {
      flush();
      out.append(text.substr(start, i - start));
    }
  }
  flush();
  return out;
}

Result<KnowledgeIndex> KnowledgeIndex::open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return fail(fmt::format("cannot open the knowledge index '{}': {}", path, message), "check the cache directory");
  }
  sqlite3_busy_timeout(db, 5000);  // another gpttrace may be rebuilding it
  KnowledgeIndex index(db);
  if (auto made = exec(db, kSchema); !made) return tl::unexpected(made.error());
  return index;
}

KnowledgeIndex::KnowledgeIndex(KnowledgeIndex&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
KnowledgeIndex& KnowledgeIndex::operator=(KnowledgeIndex&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}
KnowledgeIndex::~KnowledgeIndex() { sqlite3_close(db_); }

std::string KnowledgeIndex::fingerprint() const {
  Stmt q(db_, "SELECT value FROM meta WHERE key = 'fingerprint'");
  return q.step() ? q.text(0) : std::string();
}

Result<void> KnowledgeIndex::rebuild(const std::vector<IndexDoc>& docs, const std::string& fingerprint) {
  if (auto r = exec(db_, "BEGIN IMMEDIATE; DELETE FROM docs; DELETE FROM fts_en; DELETE FROM fts_zh;"); !r) return r;
  {
    Stmt doc(db_, "INSERT INTO docs(id, kind, name, data) VALUES (?, ?, ?, ?)");
    Stmt en(db_, "INSERT INTO fts_en(rowid, kind, name, title, en, tags, body) VALUES (?, ?, ?, ?, ?, ?, ?)");
    Stmt zh(db_, "INSERT INTO fts_zh(rowid, kind, zh) VALUES (?, ?, ?)");
    int64_t id = 0;
    for (const IndexDoc& d : docs) {
      ++id;
      sqlite3_reset(doc.s);
      doc.bind(1, id), doc.bind(2, d.kind), doc.bind(3, d.name), doc.bind(4, d.data);
      sqlite3_step(doc.s);
      sqlite3_reset(en.s);
      en.bind(1, id), en.bind(2, d.kind), en.bind(3, d.name), en.bind(4, d.title), en.bind(5, d.en);
      en.bind(6, d.tags), en.bind(7, with_probe_name_parts(d.body));
      sqlite3_step(en.s);
      sqlite3_reset(zh.s);
      zh.bind(1, id), zh.bind(2, d.kind), zh.bind(3, cjk_bigrams(d.zh + " " + d.tags + " " + d.title));
      sqlite3_step(zh.s);
    }
    Stmt meta(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES ('fingerprint', ?)");
    meta.bind(1, fingerprint);
    sqlite3_step(meta.s);
  }
  return exec(db_, "COMMIT");
}

size_t KnowledgeIndex::count(std::string_view kind) const {
  Stmt q(db_, "SELECT count(*) FROM docs WHERE kind = ?");
  q.bind(1, kind);
  return q.step() ? static_cast<size_t>(sqlite3_column_int64(q.s, 0)) : 0;
}

std::vector<IndexHit> KnowledgeIndex::search(std::string_view kind, std::string_view query, size_t limit) const {
  std::map<int64_t, double> scores;
  // Column weights: name, title, en, tags, body. The name and tags say most about what a document is.
  std::string en = english_query(query);
  if (!en.empty()) {
    Stmt q(db_, "SELECT rowid, bm25(fts_en, 0, 10.0, 5.0, 3.0, 4.0, 0.3) FROM fts_en "
                "WHERE fts_en MATCH ? AND kind = ? ORDER BY 2 LIMIT 200");
    q.bind(1, en), q.bind(2, kind);
    while (q.step()) scores[sqlite3_column_int64(q.s, 0)] -= sqlite3_column_double(q.s, 1);
  }
  std::string zh = chinese_query(query);
  if (!zh.empty()) {
    Stmt q(db_, "SELECT rowid, bm25(fts_zh) FROM fts_zh WHERE fts_zh MATCH ? AND kind = ? ORDER BY 2 LIMIT 200");
    q.bind(1, zh), q.bind(2, kind);
    while (q.step()) scores[sqlite3_column_int64(q.s, 0)] -= sqlite3_column_double(q.s, 1);
  }
  std::vector<std::pair<int64_t, double>> ranked(scores.begin(), scores.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  std::vector<IndexHit> hits;
  Stmt doc(db_, "SELECT name, data FROM docs WHERE id = ?");
  for (const auto& [id, score] : ranked) {
    sqlite3_reset(doc.s);
    doc.bind(1, id);
    if (doc.step()) hits.push_back(IndexHit{doc.text(0), doc.text(1), score});
  }
  return hits;
}

std::optional<IndexHit> KnowledgeIndex::get(std::string_view kind, std::string_view name) const {
  Stmt q(db_, "SELECT name, data FROM docs WHERE kind = ? AND name = ?");
  q.bind(1, kind), q.bind(2, name);
  if (!q.step()) return std::nullopt;
  return IndexHit{q.text(0), q.text(1), 0};
}

std::vector<IndexHit> KnowledgeIndex::all(std::string_view kind) const {
  Stmt q(db_, "SELECT name, data FROM docs WHERE kind = ? ORDER BY name");
  q.bind(1, kind);
  std::vector<IndexHit> hits;
  while (q.step()) hits.push_back(IndexHit{q.text(0), q.text(1), 0});
  return hits;
}

}  // namespace gpttrace
