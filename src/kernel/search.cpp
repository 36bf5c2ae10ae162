// Ranked probe search over a catalog: globs over full names, or words scored against probe names.
//
// Word queries: the text is lower-cased and split into words; stop words ("what can I trace about") go.
// Each word also stands for its singular ("signals" -> "signal"), and a few broad words bring related
// terms ("tcp" -> "sock", "inet": the sock/inet tracepoints that report TCP state). A word scores
// against a probe:
//   name equals word 100; category equals word 60 (plus 20 when the name contains it too);
//   a '_'-separated token of the name equals word 40, starts with it 25 (+10 on the first token), ends
//   with it 15; a word of 5+ letters inside a token 15; a multi-token word ("enter_open") 30, or 40 as
//   the name's start; the category contains it 10; "cat:name" equals a word with ':' 200.
// A query word's score is the best of the word and its singular, plus half the related terms' scores
// (together at most kMaxRelatedScore); a probe's score is the sum over query words.
// Order: attachable first, then more query words matched, then score, then shorter and sorted names.
//
// Glob queries are a single token with '*' or '?': "syscalls:sys_enter_open*", "tracepoint:sched:*",
// "kprobe:tcp_*". An optional probe-type prefix restricts the types; a pattern with ':' matches
// tracepoints as "cat:name", one without matches bare names.
#include "kernel/search.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace gpttrace {

namespace {

// Bigram fingerprint: bit (a*31+b)%64 set for each adjacent character pair. A word can only occur in a
// name whose fingerprint covers the word's, which skips most substring tests over ~60k function names.
uint64_t bigrams(std::string_view s) {
  uint64_t mask = 0;
  for (size_t i = 1; i < s.size(); ++i)
    mask |= uint64_t{1} << ((static_cast<unsigned char>(s[i - 1]) * 31u + static_cast<unsigned char>(s[i])) &
                            63u);
  return mask;
}

struct Word {
  std::string text;
  double weight;
  bool related = false;  // a stand-in from kRelated: adds to the word's score instead of replacing it
  uint64_t fingerprint = bigrams(text);
  bool full_name = text.find(':') != std::string::npos;  // "cat:name": compared whole, see word_score
};

// Stand-ins of one query word: the word itself first.
using WordGroup = std::vector<Word>;

constexpr std::array<std::string_view, 52> kStopWords{
    "a",      "about",   "all",  "an",    "and",   "any",    "are",    "available", "be",
    "can",    "could",   "do",   "does",  "event", "events", "for",    "from",      "get",
    "give",   "how",     "i",    "in",    "is",    "it",     "kernel", "list",      "me",
    "my",     "of",      "on",   "or",    "probe", "probes", "see",    "show",      "some",
    "tell",   "that",    "the",  "there", "thing", "things", "this",   "to",        "trace",
    "traced", "tracing", "want", "what",  "which", "with",   "you"};

// Broad words and the probe-name terms that belong to them (weight 0.5).
struct Related {
  std::string_view word;
  std::array<std::string_view, 6> terms;
};
constexpr std::array<Related, 16> kRelated{{
    {"tcp", {"sock", "inet"}},
    {"udp", {"sock", "inet"}},
    {"network", {"net", "skb", "sock", "tcp", "udp", "napi"}},
    {"net", {"skb", "sock", "tcp", "udp", "napi"}},
    {"packet", {"net", "skb", "napi"}},
    {"disk", {"block", "bio", "writeback"}},
    {"io", {"block", "bio", "writeback"}},
    {"file", {"open", "openat", "read", "write", "filemap", "unlink"}},
    {"memory", {"kmem", "mm", "page", "oom", "vmscan", "kmalloc"}},
    {"malloc", {"kmalloc", "kmem", "mm_page_alloc"}},
    {"process", {"sched_process", "exec", "fork", "exit"}},
    {"scheduler", {"sched"}},
    {"syscall", {"syscalls", "raw_syscalls", "sys_enter", "sys_exit"}},
    {"kill", {"signal"}},
    {"fault", {"page_fault", "exceptions"}},
    {"interrupt", {"irq"}},
}};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':' || c == '-' || c == '.';
}

std::vector<WordGroup> extract_words(std::string_view query) {
  std::vector<WordGroup> groups;
  std::string current;
  auto flush = [&] {
    while (!current.empty() && (current.back() == '.' || current.back() == ':' || current.back() == '-'))
      current.pop_back();
    if (current.empty()) return;
    if (std::find(kStopWords.begin(), kStopWords.end(), current) == kStopWords.end()) {
      WordGroup group{{current, 1.0}};
      std::string singular;
      if (current.size() > 4 && current.ends_with("es")) singular = current.substr(0, current.size() - 2);
      if (current.size() > 3 && current.ends_with('s') && !current.ends_with("ss"))
        group.push_back({current.substr(0, current.size() - 1), 0.9});
      if (!singular.empty()) group.push_back({singular, 0.9});
      for (const Word& base : WordGroup(group))
        for (const Related& related : kRelated)
          if (related.word == base.text)
            for (std::string_view term : related.terms)
              if (!term.empty()) group.push_back({std::string(term), 0.5, true});
      groups.push_back(std::move(group));
    }
    current.clear();
  };
  for (char c : query) {
    if (is_word_char(c)) {
      current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  return groups;
}

// Related terms together add at most this much to a word's score: less than a direct category match
// (60), so "tcp" keeps tcp:* above the sock:* tracepoints that its related terms bring in.
constexpr double kMaxRelatedScore = 50;

// One probe the search can return.
struct Entry {
  ProbeType type;
  std::string_view category;  // tracepoints only
  std::string_view name;
};

// Substring test tuned for short names: an inline scan for the first character, no library calls per
// name (string_view::find spends most of its time entering memchr/memcmp for 20-character names).
bool contains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  const char first = needle[0];
  const size_t last = hay.size() - needle.size();
  for (size_t i = 0; i <= last; ++i) {
    if (hay[i] != first) continue;
    size_t j = 1;
    while (j < needle.size() && hay[i + j] == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

// Best match of `word` against the '_'/'-' separated tokens of `name`: a whole token 40, a token's
// start 25 (both +10 on the first token), a token's end 15 ("mptcp" for "tcp"); 0 inside a token.
double token_score(std::string_view name, std::string_view word) {
  double best = 0;
  size_t start = 0;
  bool first = true;
  while (start <= name.size()) {
    size_t end = start;
    while (end < name.size() && name[end] != '_' && name[end] != '-') ++end;
    std::string_view token = name.substr(start, end - start);
    double s = token == word ? 40 : token.starts_with(word) ? 25 : 0;
    if (s > 0 && first) s += 10;
    if (s == 0 && token.size() > word.size() && token.ends_with(word)) s = 15;
    best = std::max(best, s);
    first = false;
    start = end + 1;
  }
  return best;
}

double word_score(const Entry& e, std::string_view word) {
  if (word.find(':') != std::string_view::npos) {
    if (e.category.empty()) return 0;
    return word.size() == e.category.size() + 1 + e.name.size() && word.starts_with(e.category) &&
                   word[e.category.size()] == ':' && word.ends_with(e.name)
               ? 200
               : 0;
  }
  const bool in_name = contains(e.name, word);
  const bool in_category = !e.category.empty() && contains(e.category, word);
  if (!in_name && !in_category) return 0;  // the common case: one substring test per entry
  double name_score = 0;
  if (in_name) {
    if (e.name == word) {
      name_score = 100;
    } else if (word.find_first_of("_-") != std::string_view::npos) {
      name_score = e.name.starts_with(word) ? 40 : 30;  // a phrase of tokens: "enter_open"
    } else {
      name_score = token_score(e.name, word);
      // Inside a token only long words count: "getcpu" is not about tcp, "xfs_file_fsync" is about sync.
      if (name_score == 0 && word.size() >= 5) name_score = 15;
    }
  }
  double category_score = 0;
  if (in_category) category_score = e.category == word ? 60 : 10;
  double score = std::max(name_score, category_score);
  if (category_score == 60 && name_score > 0) score += 20;
  return score;
}

struct Scored {
  Entry entry;
  bool attachable;
  int words_matched;
  double score;
};

std::string_view canonical_function_prefix(ProbeType type, const BpftraceInfo& bpftrace) {
  if (bpftrace.fentry_spelling && type == ProbeType::Kfunc) return "fentry";
  if (bpftrace.fentry_spelling && type == ProbeType::Kretfunc) return "fexit";
  return probe_type_name(type);
}

std::string spell(const Entry& e, const BpftraceInfo& bpftrace) {
  std::string out(canonical_function_prefix(e.type, bpftrace));
  out += ':';
  if (!e.category.empty()) {
    out += e.category;
    out += ':';
  }
  out += e.name;
  return out;
}

int type_order(ProbeType type) {
  switch (type) {
    case ProbeType::Tracepoint:
      return 0;
    case ProbeType::Software:
      return 1;
    case ProbeType::Hardware:
      return 2;
    default:
      return 3;  // kernel functions: many, and the least stable interface
  }
}

// Every candidate probe; kernel functions spelled as `function_type`, or per the glob's type prefix.
class Candidates {
 public:
  Candidates(const KernelCatalog& catalog, std::optional<ProbeType> only) : catalog_(catalog), only_(only) {}

  template <typename Visit>
  void for_each(Visit&& visit) const {
    if (wants(ProbeType::Tracepoint)) {
      for (const std::string& full : catalog_.tracepoint_names()) {
        std::string_view view(full);
        size_t colon = view.find(':');
        visit(Entry{ProbeType::Tracepoint, view.substr(0, colon), view.substr(colon + 1)});
      }
    }
    for (ProbeType t : {ProbeType::Software, ProbeType::Hardware}) {
      if (!wants(t)) continue;
      for (const std::string& name :
           t == ProbeType::Software ? software_event_names() : hardware_event_names())
        visit(Entry{t, {}, name});
    }
    ProbeType fn_type = function_type();
    if (wants(fn_type))
      for (const std::string& name : catalog_.kernel_function_names()) visit(Entry{fn_type, {}, name});
  }

 private:
  bool wants(ProbeType t) const { return !only_ || *only_ == t; }

  // kfunc when it attaches (cheaper, typed arguments), else kprobe, attachable or not.
  ProbeType function_type() const {
    if (only_ && (*only_ == ProbeType::Kprobe || *only_ == ProbeType::Kretprobe ||
                  *only_ == ProbeType::Kfunc || *only_ == ProbeType::Kretfunc))
      return *only_;
    if (catalog_.support(ProbeType::Kfunc).available) return ProbeType::Kfunc;
    return ProbeType::Kprobe;
  }

  const KernelCatalog& catalog_;
  std::optional<ProbeType> only_;
};

std::vector<ProbeMatch> finish(std::vector<Scored>& scored, const KernelCatalog& catalog, size_t limit) {
  const size_t keep = std::min(limit, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep), scored.end(),
                    [](const Scored& a, const Scored& b) {
                      if (a.attachable != b.attachable) return a.attachable;
                      if (a.words_matched != b.words_matched) return a.words_matched > b.words_matched;
                      if (a.score != b.score) return a.score > b.score;
                      if (type_order(a.entry.type) != type_order(b.entry.type))
                        return type_order(a.entry.type) < type_order(b.entry.type);
                      size_t la = a.entry.category.size() + a.entry.name.size(),
                             lb = b.entry.category.size() + b.entry.name.size();
                      if (la != lb) return la < lb;
                      if (a.entry.category != b.entry.category) return a.entry.category < b.entry.category;
                      return a.entry.name < b.entry.name;
                    });
  const BpftraceInfo bpftrace = catalog.bpftrace();
  std::vector<ProbeMatch> out;
  for (const Scored& s : scored) {
    if (out.size() == limit) break;
    out.push_back({spell(s.entry, bpftrace), s.entry.type, s.attachable, s.score});
  }
  return out;
}

// Support per type, asked once per search rather than once per entry.
class SupportCache {
 public:
  explicit SupportCache(const KernelCatalog& catalog) : catalog_(catalog) {}
  bool available(ProbeType t) {
    auto i = static_cast<size_t>(t);
    if (!known_[i]) {
      value_[i] = catalog_.support(t).available;
      known_[i] = true;
    }
    return value_[i];
  }

 private:
  const KernelCatalog& catalog_;
  static constexpr size_t kTypes = static_cast<size_t>(ProbeType::Iter) + 1;
  std::array<bool, kTypes> known_{}, value_{};
};

std::vector<ProbeMatch> search_glob(const KernelCatalog& catalog, std::string_view query, size_t limit) {
  std::optional<ProbeType> only;
  if (size_t colon = query.find(':'); colon != std::string_view::npos) {
    if (auto type = probe_type_from_name(query.substr(0, colon))) {
      only = type;
      query = query.substr(colon + 1);
    }
  }
  const bool full_names = query.find(':') != std::string_view::npos;
  SupportCache support(catalog);
  std::vector<Scored> scored;
  Candidates(catalog, only).for_each([&](const Entry& e) {
    bool hit;
    if (e.category.empty()) {
      hit = glob_match(query, e.name);
    } else if (full_names) {
      std::string full;
      full.reserve(e.category.size() + 1 + e.name.size());
      full.append(e.category).append(":").append(e.name);
      hit = glob_match(query, full);
    } else {
      hit = glob_match(query, e.name);  // "sys_enter_open*" without a category
    }
    if (hit) scored.push_back({e, support.available(e.type), 1, 1.0});
  });
  return finish(scored, catalog, limit);
}

std::vector<ProbeMatch> search_words(const KernelCatalog& catalog, std::string_view query, size_t limit) {
  const std::vector<WordGroup> groups = extract_words(query);
  if (groups.empty()) return {};
  SupportCache support(catalog);
  std::vector<Scored> scored;
  Candidates(catalog, std::nullopt).for_each([&](const Entry& e) {
    const uint64_t fingerprint = bigrams(e.name) | bigrams(e.category);
    double total = 0;
    int matched = 0;
    for (const WordGroup& group : groups) {
      double best = 0, related = 0;
      for (const Word& w : group) {
        // A ':' word is compared against "cat:name", whose ':' pairs no fingerprint holds.
        if ((w.fingerprint & ~fingerprint) != 0 && !w.full_name) continue;
        double s = word_score(e, w.text) * w.weight;
        if (w.related)
          related += s;
        else
          best = std::max(best, s);
      }
      double group_score = best + std::min(related, kMaxRelatedScore);
      if (group_score > 0) ++matched, total += group_score;
    }
    if (matched > 0) scored.push_back({e, support.available(e.type), matched, total});
  });
  return finish(scored, catalog, limit);
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point: the last '*' and where its run ends in `text`.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p, ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const std::vector<std::string>& software_event_names() {
  // bpftrace's table (src/probe_matcher / arch), long names and their short aliases.
  static const std::vector<std::string> names{
      "alignment-faults", "bpf-output", "context-switches", "cs",           "cpu-clock",    "cpu",
      "cpu-migrations",   "dummy",      "emulation-faults", "major-faults", "minor-faults", "page-faults",
      "faults",           "task-clock"};
  return names;
}

const std::vector<std::string>& hardware_event_names() {
  static const std::vector<std::string> names{"backend-stalls",   "branch-instructions", "branches",
                                              "branch-misses",    "bus-cycles",          "cache-misses",
                                              "cache-references", "cpu-cycles",          "cycles",
                                              "frontend-stalls",  "instructions",        "ref-cycles"};
  return names;
}

std::vector<ProbeMatch> search_probes(const KernelCatalog& catalog, std::string_view query, size_t limit) {
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.front()))) query.remove_prefix(1);
  while (!query.empty() && std::isspace(static_cast<unsigned char>(query.back()))) query.remove_suffix(1);
  // A glob is one token; in a sentence ("what can I trace about tcp?") '?' is punctuation. A lone
  // "tcp?" that matches nothing as a glob is read as a question too.
  const bool one_token = std::none_of(query.begin(), query.end(),
                                      [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (one_token && query.find_first_of("*?") != std::string_view::npos) {
    auto matches = search_glob(catalog, query, limit);
    if (!matches.empty() || !query.ends_with('?')) return matches;
  }
  return search_words(catalog, query, limit);
}

}  // namespace gpttrace
