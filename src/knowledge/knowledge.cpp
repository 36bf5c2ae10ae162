// The knowledge base: building the index from the corpus and the installed tools, and querying it.
#include "knowledge/knowledge.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "knowledge/dialect.h"
#include "knowledge/fingerprint.h"
#include "knowledge/index.h"

namespace gpttrace {

namespace {

using json = nlohmann::json;

struct ToolNotes {
  std::string zh;
  std::string keywords;
};

// tools.tsv: "NAME<TAB>Chinese description<TAB>English keywords", one tool per line, '#' comments.
std::map<std::string, ToolNotes> load_tool_notes(const std::string& path) {
  std::map<std::string, ToolNotes> notes;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t t1 = line.find('\t');
    if (t1 == std::string::npos) continue;
    size_t t2 = line.find('\t', t1 + 1);
    ToolNotes& n = notes[line.substr(0, t1)];
    n.zh = line.substr(t1 + 1, t2 == std::string::npos ? std::string::npos : t2 - t1 - 1);
    if (t2 != std::string::npos) n.keywords = line.substr(t2 + 1);
  }
  return notes;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  return fmt::format("{}", fmt::join(items, sep));
}

IndexDoc example_doc(const Example& ex) {
  json data = {{"id", ex.id}, {"title", ex.title}, {"en", ex.en}, {"zh", ex.zh},
               {"tags", ex.tags}, {"needs", ex.needs}, {"source", ex.source}};
  return IndexDoc{"example", ex.id, ex.title, ex.en, ex.zh, join(ex.tags, " "), ex.source, data.dump()};
}

IndexDoc tool_doc(const InstalledTool& tool, const ToolNotes& notes) {
  json data = {{"name", tool.name},       {"base", tool.base},   {"family", static_cast<int>(tool.family)},
               {"path", tool.path},       {"description", tool.description}, {"help", tool.help},
               {"kinds", tool.attach_kinds}, {"zh", notes.zh}};
  std::string tags = fmt::format("{} {} {}", tool.base, tool_family_name(tool.family), notes.keywords);
  return IndexDoc{"tool", tool.name, tool.description, tool.description, notes.zh, tags, tool.help, data.dump()};
}

Result<std::vector<IndexDoc>> collect_docs(const KnowledgeOptions& options, const std::string& examples,
                                           const std::string& tools_file, KnowledgeStats& stats) {
  Result<std::vector<Example>> loaded = load_examples(examples);
  if (!loaded) return tl::unexpected(loaded.error());
  std::vector<IndexDoc> docs;
  for (const Example& ex : *loaded) docs.push_back(example_doc(ex));
  std::map<std::string, ToolNotes> notes = load_tool_notes(tools_file);
  std::vector<InstalledTool> tools = discover_tools(options.tools);
  for (const InstalledTool& tool : tools) docs.push_back(tool_doc(tool, notes[tool.base]));
  stats.examples = loaded->size();
  stats.tools = tools.size();
  return docs;
}

bool example_runnable(const Example& ex, const KernelCatalog& catalog) {
  return std::all_of(ex.needs.begin(), ex.needs.end(), [&](const std::string& need) {
    std::optional<ProbeType> type = probe_type_from_name(need);
    return type && catalog.support(*type).available;
  });
}

}  // namespace

Knowledge::Knowledge(std::unique_ptr<KnowledgeIndex> index, const KernelCatalog& catalog)
    : index_(std::move(index)), catalog_(&catalog), host_(probe_host_facts(catalog)) {}
Knowledge::Knowledge(Knowledge&&) noexcept = default;
Knowledge& Knowledge::operator=(Knowledge&&) noexcept = default;
Knowledge::~Knowledge() = default;

Result<Knowledge> Knowledge::open(const KnowledgeOptions& options, const KernelCatalog& catalog) {
  std::string examples = options.examples_dir.empty() ? examples_dir() : options.examples_dir;
  std::string tools_file = options.tools_file.empty() ? examples.substr(0, examples.rfind('/')) + "/tools.tsv"
                                                      : options.tools_file;
  std::vector<std::string> inputs = tool_input_files(options.tools);
  inputs.push_back(tools_file);
  std::string fingerprint = knowledge_fingerprint(examples, inputs);
  std::string dir = options.cache_dir.empty() ? knowledge_cache_dir() : options.cache_dir;
  std::string path = dir.empty() ? ":memory:" : dir + "/knowledge.db";

  KnowledgeStats stats;
  stats.path = path;
  Result<KnowledgeIndex> index = KnowledgeIndex::open(path);
  // A cache file that SQLite cannot read (corrupted, truncated) is rebuilt below, never fatal.
  const bool unreadable = !index && path != ":memory:";
  if (!index && !unreadable) return tl::unexpected(index.error());
  if (options.force_rebuild || unreadable || index->fingerprint() != fingerprint) {
    auto start = std::chrono::steady_clock::now();
    Result<std::vector<IndexDoc>> docs = collect_docs(options, examples, tools_file, stats);
    if (!docs) return tl::unexpected(docs.error());
    if (path == ":memory:") {
      if (auto built = index->rebuild(*docs, fingerprint); !built) return tl::unexpected(built.error());
    } else {
      // Build beside the cache and rename over it, so a concurrent gpttrace never sees half an index.
      std::string tmp = fmt::format("{}.{}.tmp", path, getpid());
      std::remove(tmp.c_str());
      {
        Result<KnowledgeIndex> fresh = KnowledgeIndex::open(tmp);
        if (!fresh) return tl::unexpected(fresh.error());
        if (auto built = fresh->rebuild(*docs, fingerprint); !built) {
          std::remove(tmp.c_str());
          return tl::unexpected(built.error());
        }
      }  // closed before the rename
      if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return fail(fmt::format("cannot replace the knowledge index '{}'", path), "check the cache directory", errno);
      }
      index = KnowledgeIndex::open(path);
      if (!index) return tl::unexpected(index.error());
    }
    stats.rebuilt = true;
    stats.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  } else {
    stats.examples = index->count("example");
    stats.tools = index->count("tool");
  }
  Knowledge knowledge(std::make_unique<KnowledgeIndex>(std::move(*index)), catalog);
  knowledge.stats_ = stats;
  return knowledge;
}

std::vector<ExampleMatch> Knowledge::search_examples(std::string_view query, size_t k) const {
  std::vector<ExampleMatch> matches;
  BpftraceInfo bpftrace = catalog_->bpftrace();
  for (const IndexHit& hit : index_->search("example", query, k * 2 + 4)) {
    json d = json::parse(hit.data, nullptr, false);
    if (d.is_discarded()) continue;
    ExampleMatch m;
    m.example.id = d.value("id", "");
    m.example.title = d.value("title", "");
    m.example.en = d.value("en", "");
    m.example.zh = d.value("zh", "");
    m.example.tags = d.value("tags", std::vector<std::string>{});
    m.example.needs = d.value("needs", std::vector<std::string>{});
    m.example.source = render_for_dialect(d.value("source", ""), bpftrace);
    m.runnable = example_runnable(m.example, *catalog_);
    m.score = m.runnable ? hit.score : hit.score * 0.5;  // still shown: the program teaches, but prefer runnable
    matches.push_back(std::move(m));
  }
  std::stable_sort(matches.begin(), matches.end(),
                   [](const ExampleMatch& a, const ExampleMatch& b) { return a.score > b.score; });
  if (matches.size() > k) matches.resize(k);
  return matches;
}

ToolMatch Knowledge::tool_from(const std::string& data, double score) const {
  ToolMatch m;
  json d = json::parse(data, nullptr, false);
  if (d.is_discarded()) return m;
  m.tool.name = d.value("name", "");
  m.tool.base = d.value("base", "");
  m.tool.family = static_cast<ToolFamily>(d.value("family", 0));
  m.tool.path = d.value("path", "");
  m.tool.description = d.value("description", "");
  m.tool.help = d.value("help", "");
  m.tool.attach_kinds = d.value("kinds", std::vector<std::string>{});
  m.zh = d.value("zh", "");
  m.capability = decide_capability(m.tool, *catalog_, host_);
  m.score = score;
  return m;
}

std::vector<ToolMatch> Knowledge::search_tools(std::string_view query, size_t k, bool runnable_only) const {
  std::vector<ToolMatch> matches;
  for (const IndexHit& hit : index_->search("tool", query, 200)) {
    ToolMatch m = tool_from(hit.data, hit.score);
    if (runnable_only && !m.capability.runnable) continue;
    // libbpf-tools start in milliseconds and need no compiler: prefer them among equals.
    if (m.tool.family == ToolFamily::Libbpf) m.score *= 1.1;
    matches.push_back(std::move(m));
  }
  std::stable_sort(matches.begin(), matches.end(), [](const ToolMatch& a, const ToolMatch& b) {
    return a.capability.runnable != b.capability.runnable ? a.capability.runnable : a.score > b.score;
  });
  if (matches.size() > k) matches.resize(k);
  return matches;
}

std::vector<ToolMatch> Knowledge::tools_named(std::string_view name) const {
  std::vector<ToolMatch> matches;
  for (const ToolMatch& m : all_tools()) {
    if (m.tool.name == name || m.tool.base == name) matches.push_back(m);
  }
  std::stable_sort(matches.begin(), matches.end(), [&](const ToolMatch& a, const ToolMatch& b) {
    if ((a.tool.name == name) != (b.tool.name == name)) return a.tool.name == name;
    if (a.capability.runnable != b.capability.runnable) return a.capability.runnable;
    return a.tool.family < b.tool.family;
  });
  return matches;
}

std::vector<ToolMatch> Knowledge::all_tools() const {
  std::vector<ToolMatch> tools;
  for (const IndexHit& hit : index_->all("tool")) tools.push_back(tool_from(hit.data, 0));
  return tools;
}

}  // namespace gpttrace
