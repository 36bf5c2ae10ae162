// Catalog understanding: names the tracepoint (exact name, bridge phrase or the words of its name), reads
// the request's mentions of that event's fields (keys, shown columns, the value to add up, conditions), then
// the same slots, groupings and modifiers as the curated planner; any word left unused refuses the request.
#include "plan/catalog_understand.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "kernel/catalog.h"
#include "plan/catalog_bridge.h"
#include "plan/refusal.h"
#include "plan/request.h"

namespace gpttrace::plan {

namespace {

using Tokens = std::vector<Token>;

void consume(Tokens& t, size_t begin, size_t end) {
  for (size_t k = begin; k < end && k < t.size(); ++k) t[k].consumed = true;
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<Tracepoint> lookup(const KernelCatalog& catalog, std::string_view full) {
  size_t colon = full.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return catalog.tracepoint(full.substr(0, colon), full.substr(colon + 1));
}

bool process_context(const Tracepoint& tp) { return in_process_context(tp.category, tp.name); }

// The end of an event that has one: _entry/_exit, _begin/_end, _start/_end, sys_enter_X/sys_exit_X.
std::string derived_end(const KernelCatalog& catalog, const Tracepoint& tp) {
  static const std::pair<std::string_view, std::string_view> kSuffixes[] = {
      {"_entry", "_exit"}, {"_begin", "_end"}, {"_start", "_end"}, {"_enter", "_exit"}};
  std::string name = tp.name;
  if (name.starts_with("sys_enter_")) {
    std::string end = "sys_exit_" + name.substr(10);
    return catalog.tracepoint(tp.category, end) ? tp.category + ":" + end : "";
  }
  for (const auto& [begin, end] : kSuffixes)
    if (name.ends_with(begin)) {
      std::string candidate = name.substr(0, name.size() - begin.size()) + std::string(end);
      if (catalog.tracepoint(tp.category, candidate)) return tp.category + ":" + candidate;
    }
  return "";
}

struct EventChoice {
  std::string begin, end;
  CatalogNaming naming = CatalogNaming::Words;
  Span span;
  std::string why;
  std::set<std::string> words;  // words that name the event: they may qualify a field ("drop reason")
};

// Words of tracepoint names that say nothing about the subject.
bool generic_name_word(std::string_view w) {
  static const std::set<std::string_view> kGeneric = {"mm", "sys", "enter", "exit", "entry", "begin", "end", "start",
                                                      "trace", "event", "do", "the", "to", "of", "a", "v2"};
  return kGeneric.contains(w);
}

const PhraseTable& bridge_table() {
  static const PhraseTable table = [] {
    std::vector<PhraseSpec> specs;
    const auto& entries = bridge_entries();
    for (size_t k = 0; k < entries.size(); ++k)
      for (std::string_view phrase : entries[k].phrases) specs.push_back({phrase, static_cast<int>(k), 1});
    return PhraseTable(specs);
  }();
  return table;
}

std::optional<EventChoice> exact_name(Tokens& t, const KernelCatalog& catalog) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed || t[i].kind != TokenKind::Word) continue;
    std::string text = t[i].text;
    if (text.starts_with("tracepoint:")) text = text.substr(11);
    std::optional<Tracepoint> tp;
    if (text.find(':') != std::string::npos) {
      tp = lookup(catalog, text);
    } else if (text.find('_') != std::string::npos) {  // "kfree_skb": unique across categories
      for (const std::string& full : catalog.tracepoint_names()) {
        size_t colon = full.find(':');
        if (full.compare(colon + 1, std::string::npos, text) != 0) continue;
        if (tp) return std::nullopt;  // two categories have it: the words decide, not this
        tp = lookup(catalog, full);
      }
    }
    if (!tp) continue;
    EventChoice c{tp->full_name(), derived_end(catalog, *tp), CatalogNaming::Exact, Span{i, i + 1},
                  fmt::format("'{}' names the tracepoint {}", t[i].original, tp->full_name()), {}};
    for (const std::string& w : split(tp->name, '_')) c.words.insert(w);
    consume(t, i, i + 1);
    return c;
  }
  return std::nullopt;
}

std::optional<EventChoice> bridged(Tokens& t, const KernelCatalog& catalog) {
  std::optional<PhraseMatch> best;
  size_t at = 0;
  for (size_t i = 0; i < t.size(); ++i)
    if (auto m = bridge_table().longest(t, i); m && (!best || m->length > best->length)) best = m, at = i;
  if (!best) return std::nullopt;
  const BridgeEntry& entry = bridge_entries()[best->entry->value];
  for (std::string_view candidate : entry.events) {
    std::vector<std::string> sides = split(candidate, '>');
    std::optional<Tracepoint> tp = lookup(catalog, sides[0]);
    if (!tp) continue;
    EventChoice c;
    c.begin = sides[0];
    if (sides.size() > 1 && lookup(catalog, sides[1])) c.end = sides[1];
    c.naming = entry.fallback_only ? CatalogNaming::Fallback : CatalogNaming::Bridge;
    c.span = Span{at, at + best->length};
    c.why = fmt::format("'{}' is {} (bridge of everyday words)", join_tokens(t, at, at + best->length), c.begin);
    for (size_t k = at; k < at + best->length; ++k) c.words.insert(t[k].text);
    for (std::string_view phrase : entry.phrases)  // "硬" of "硬中断" when "中断处理" was the phrase matched
      for (const Token& w : tokenize(phrase))
        if (w.text != "*") c.words.insert(w.text.back() == '*' ? w.text.substr(0, w.text.size() - 1) : w.text);
    for (const std::string& w : split(tp->name, '_')) c.words.insert(w);
    consume(t, at, at + best->length);
    return c;
  }
  return std::nullopt;  // the phrase is known, but this kernel has none of its tracepoints
}

// The same subject said again ("kernel memory ... with kmalloc") belongs to the same event. Run after the
// fields are read, so that "by capability" stays a key of capability checks.
void consume_restated(Tokens& t, const std::string& begin) {
  for (size_t i = 0; i < t.size(); ++i)
    if (auto again = bridge_table().longest(t, i)) {
      const BridgeEntry& other = bridge_entries()[again->entry->value];
      bool same = std::any_of(other.events.begin(), other.events.end(),
                              [&](std::string_view e) { return split(e, '>')[0] == begin; });
      if (same) consume(t, i, i + again->length);
    }
}

// "task rename" -> task:task_rename: every subject word of one tracepoint's name is in the request.
std::optional<EventChoice> by_name_words(Tokens& t, const KernelCatalog& catalog) {
  std::vector<size_t> candidates;  // the words that can name a tracepoint, decided once
  for (size_t i = 0; i < t.size(); ++i)
    if (!t[i].consumed && t[i].kind == TokenKind::Word && !function_word(t[i].text)) candidates.push_back(i);
  if (candidates.size() < 2) return std::nullopt;
  auto matches = [&](const std::string& word, size_t i) {
    const std::string& text = t[i].text;
    return text == word || (word.size() >= 4 && text.starts_with(word)) ||
           (text.size() >= 5 && word.starts_with(text));
  };
  struct Found {
    std::string name;
    size_t words;
    std::vector<size_t> at;
  };
  // The subject words of every tracepoint name, split once per catalog.
  struct NameWords {
    std::string full;
    std::vector<std::string> words;
  };
  static thread_local const KernelCatalog* split_for = nullptr;
  static thread_local std::vector<NameWords> names;
  if (split_for != &catalog || names.empty()) {
    names.clear();
    for (const std::string& full : catalog.tracepoint_names()) {
      NameWords n{full, {}};
      for (const std::string& w : split(full.substr(full.find(':') + 1), '_'))
        if (!generic_name_word(w)) n.words.push_back(w);
      if (n.words.size() >= 2) names.push_back(std::move(n));
    }
    split_for = &catalog;
  }
  std::vector<Found> found;
  for (const NameWords& n : names) {
    const std::string& full = n.full;
    const std::vector<std::string>& words = n.words;
    std::vector<size_t> at;
    for (const std::string& w : words) {
      size_t before = at.size();
      for (size_t i : candidates)
        if (matches(w, i) && std::find(at.begin(), at.end(), i) == at.end()) {
          at.push_back(i);
          break;
        }
      if (at.size() == before) break;  // a word of the name is missing: not this tracepoint
    }
    if (at.size() == words.size()) found.push_back({full, words.size(), at});
  }
  if (found.empty()) return std::nullopt;
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.words > b.words; });
  if (found.size() > 1 && found[1].words == found[0].words) return std::nullopt;  // ambiguous: words say no more
  std::optional<Tracepoint> tp = lookup(catalog, found[0].name);
  EventChoice c{found[0].name, derived_end(catalog, *tp), CatalogNaming::Words, Span{}, "", {}};
  auto [lo, hi] = std::minmax_element(found[0].at.begin(), found[0].at.end());
  c.span = Span{*lo, *hi + 1};
  c.why = fmt::format("the words of {} are in the request", found[0].name);
  for (size_t i : found[0].at) {
    c.words.insert(t[i].text);
    t[i].consumed = true;
  }
  return c;
}

// One way to say a field, with the field it names.
struct FieldPhrase {
  std::string field;
  std::string phrase;
  bool whole = true;  // says the whole field (not just one part of a multi-part name)
};

std::vector<FieldPhrase> field_phrases(const std::vector<TracepointField>& fields) {
  std::vector<FieldPhrase> out;
  std::map<std::string, size_t> part_uses;  // a part shared by two fields says neither on its own
  for (const TracepointField& f : fields)
    for (const std::string& p : split(f.name, '_')) ++part_uses[p];
  auto aliases = [](std::string_view part) {
    std::vector<std::string> said{std::string(part)};
    for (const FieldAlias& a : field_aliases())
      if (a.field == part)
        for (std::string_view p : a.phrases) said.emplace_back(p);
    return said;
  };
  for (const TracepointField& f : fields) {
    out.push_back({f.name, f.name, true});
    std::vector<std::string> parts = split(f.name, '_');
    for (const std::string& whole : aliases(f.name)) out.push_back({f.name, whole, true});
    if (parts.size() == 2) {
      for (const std::string& a : aliases(parts[0]))
        for (const std::string& b : aliases(parts[1])) out.push_back({f.name, a + " " + b, true});
    }
    if (parts.size() > 1)
      for (const std::string& p : parts)
        if (part_uses[p] == 1 && !generic_name_word(p) && p.size() > 2)
          for (const std::string& a : aliases(p)) out.push_back({f.name, a, false});
  }
  return out;
}

bool numeric(const TracepointField& f) {
  if (f.data_loc || f.type.find('[') != std::string::npos) return false;
  return f.type.find('*') == std::string::npos;
}

bool pointer_like(const TracepointField& f) {
  return f.type.find('*') != std::string::npos || f.name.ends_with("addr") || f.name == "location" ||
         f.name == "call_site" || f.name.ends_with("ptr") || f.name == "skbaddr";
}

enum class Role { Show, Key, Value, Filter };

struct Mention {
  std::string field;
  Role role = Role::Show;
  Span span;
  std::optional<FieldFilter> filter;
};

// Whether a word names the event itself ("drop" for "dropped packets", "irq" for irq_handler_entry).
bool event_word(const std::set<std::string>& words, const std::string& w) {
  if (words.contains(w)) return true;
  for (const std::string& e : words)
    if (w.size() >= 4 && e.size() >= 4 && e.compare(0, 4, w, 0, 4) == 0 && (e.starts_with(w) || w.starts_with(e.substr(0, 4))))
      return true;
  return false;
}

// A number after a mention, with its comparison: "exit reason 30", "order > 3", "原因为 2", "ret < 0".
std::optional<FieldFilter> condition_after(Tokens& t, size_t i, const std::string& field, size_t& end) {
  FieldFilter f{field, Comparison::Equal, 0};
  size_t k = i;
  if (auto cmp = comparison_words().longest(t, k)) {
    f.op = static_cast<Comparison>(cmp->entry->value);
    k += cmp->length;
    if (is(t, k, "=")) {
      if (f.op == Comparison::Greater) f.op = Comparison::GreaterEqual;
      if (f.op == Comparison::Less) f.op = Comparison::LessEqual;
      ++k;
    }
  } else {
    k += any_of(t, k, {"==", "=", "is", "of", "equal to", "equals", "为", "是", "等于"});
    k += any_of(t, k, {"="});
  }
  bool negative = is(t, k, "-");
  if (negative) ++k;
  if (k >= t.size() || t[k].consumed || t[k].kind != TokenKind::Number || t[k].text.find('.') != std::string::npos)
    return std::nullopt;
  try {
    f.value = std::stoll(t[k].text) * (negative ? -1 : 1);
  } catch (...) {
    return std::nullopt;  // out of range: left unused, so the request is refused naming it
  }
  end = k + 1;
  return f;
}

// The role a mention plays, from the words around it.
Role role_before(const Tokens& t, size_t begin, const std::set<std::string>& event_words) {
  size_t k = begin;
  while (k > 0 && event_word(event_words, t[k - 1].text)) --k;
  auto back = [&](std::initializer_list<std::string_view> words) {
    for (size_t n = 1; n <= 3 && n <= k; ++n) {
      size_t m = any_of(t, k - n, words);
      if (m && k - n + m == k) {
        k -= n;
        return true;
      }
    }
    return false;
  };
  back({"the", "its", "their", "其", "的"});
  auto marker_at = [&](size_t end, const PhraseTable& table) {
    for (size_t n = 1; n <= 3 && n <= end; ++n) {
      std::vector<Token> copy(t.begin() + (end - n), t.begin() + end);
      for (Token& c : copy) c.consumed = false;
      if (auto m = table.longest(copy, 0); m && m->length == n) return true;
    }
    return false;
  };
  if (marker_at(k, group_markers())) return Role::Key;
  std::vector<Token> before(t.begin() + (k >= 3 ? k - 3 : 0), t.begin() + k);
  for (Token& c : before) c.consumed = false;
  for (size_t i = 0; i < before.size(); ++i)
    if (auto a = aggregation_words().longest(before, i)) {
      auto w = static_cast<AggWord>(a->entry->value);
      if (w == AggWord::Sum || w == AggWord::Average || w == AggWord::Histogram || w == AggWord::Stats)
        if (i + a->length == before.size() || (i + a->length + 1 == before.size() &&
                                               (before.back().text == "of" || before.back().text == "的")))
          return Role::Value;
    }
  return Role::Show;
}

// A value word after the mention ("X 的分布", "X distribution", "X 总和"): the mention is the value.
bool value_after(const Tokens& t, size_t end) {
  size_t k = end + any_of(t, end, {"的", "'s"});
  std::vector<Token> rest(t.begin() + std::min(k, t.size()), t.end());
  for (Token& c : rest) c.consumed = false;
  auto a = aggregation_words().longest(rest, 0);
  if (!a) return false;
  auto w = static_cast<AggWord>(a->entry->value);
  return w == AggWord::Sum || w == AggWord::Average || w == AggWord::Histogram || w == AggWord::Stats;
}

std::vector<Mention> scan_fields(Tokens& t, const std::vector<TracepointField>& fields,
                                 const std::set<std::string>& event_words) {
  std::vector<PhraseSpec> specs;
  std::vector<FieldPhrase> phrases = field_phrases(fields);
  for (size_t k = 0; k < phrases.size(); ++k)
    specs.push_back({phrases[k].phrase, static_cast<int>(k), phrases[k].whole ? 2 : 1});
  PhraseTable table(specs);
  std::vector<Mention> out;
  for (size_t i = 0; i < t.size(); ++i) {
    auto m = table.longest(t, i);
    if (!m) continue;
    // "irq name": the event's own word qualifies the field after it rather than being a field itself.
    if (event_word(event_words, t[i].text) && table.longest(t, i + 1)) continue;
    // A shared word ("name") as a whole field beats being a part of another field.
    const FieldPhrase& p = phrases[m->entry->value];
    Mention mention{p.field, Role::Show, Span{i, i + m->length}, std::nullopt};
    size_t begin = i;
    // Words of the event before the field qualify it: "drop reason", "中断名称", "exit reason" of kvm_exit.
    while (begin > 0 && event_word(event_words, t[begin - 1].text)) --begin;
    size_t end = i + m->length;
    // "capability number", "能力编号", "irq id": the field itself.
    end += any_of(t, end, {"number", "numbers", "id", "ids", "value", "values", "编号", "号", "值"});
    size_t cond_end = 0;
    if (auto cond = condition_after(t, end, p.field, cond_end)) {
      mention.role = Role::Filter;
      mention.filter = cond;
      end = cond_end;
    } else if (value_after(t, end)) {
      mention.role = Role::Value;
    } else {
      mention.role = role_before(t, begin, event_words);
    }
    if (mention.role == Role::Key) {  // the group marker belongs to the mention
      while (begin > 0 && !t[begin - 1].consumed &&
             (group_markers().longest(t, begin - 1) || any_of(t, begin - 1, {"the", "its", "their", "其", "的"})))
        --begin;
    }
    mention.span = Span{begin, end};
    consume(t, begin, end);
    out.push_back(mention);
    i = end - 1;
  }
  return out;
}

const TracepointField* find_field(const std::vector<TracepointField>& fields, std::string_view name) {
  for (const TracepointField& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::string field_list(const std::vector<TracepointField>& fields) {
  std::string out;
  for (const TracepointField& f : fields) out += (out.empty() ? "" : ", ") + f.name;
  return out;
}

// "trace xfs events": a whole category names hundreds of events; refuse naming a few to choose from.
std::optional<CatalogUnderstanding> category_only(const Tokens& t, const KernelCatalog& catalog,
                                                  const std::string& language) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed || t[i].kind != TokenKind::Word || t[i].text.size() < 3) continue;
    std::vector<std::string> events;
    for (const std::string& full : catalog.tracepoint_names())
      if (full.size() > t[i].text.size() && full.compare(0, t[i].text.size(), t[i].text) == 0 &&
          full[t[i].text.size()] == ':')
        events.push_back(full);
    if (events.empty()) continue;
    std::string some;
    for (size_t k = 0; k < events.size() && k < 4; ++k) some += (k ? ", " : "") + events[k];
    CatalogUnderstanding out;
    out.naming = CatalogNaming::Exact;
    out.first_token = i, out.last_token = i + 1;
    std::string message =
        language == "zh"
            ? fmt::format("{} 类别有 {} 个 tracepoint：请指明一个，例如 {}（gpttrace probes '{}:*' 列出全部）", t[i].text,
                          events.size(), some, t[i].text)
            : fmt::format("the {} category has {} tracepoints: name one, e.g. {} (gpttrace probes '{}:*' lists them)",
                          t[i].text, events.size(), some, t[i].text);
    out.understanding = Understanding{std::nullopt, message, {}};
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::optional<CatalogUnderstanding> understand_with_catalog(std::string_view request, const KernelCatalog& catalog) {
  Request r;
  r.tokens = tokenize(request);
  r.language = has_cjk(r.tokens) ? "zh" : "en";
  const bool zh = r.language == "zh";
  Tokens& t = r.tokens;

  std::optional<EventChoice> choice = exact_name(t, catalog);
  if (!choice) choice = bridged(t, catalog);
  if (!choice) choice = by_name_words(t, catalog);
  if (!choice) return category_only(t, catalog, has_cjk(t) ? "zh" : "en");

  CatalogUnderstanding out;
  out.naming = choice->naming;
  out.first_token = choice->span.begin;
  out.last_token = choice->span.end;
  auto refusal = [&](std::string message) {
    out.understanding = refuse(std::move(message), t, r.scores, r.language);
    return out;
  };

  std::optional<Tracepoint> begin = lookup(catalog, choice->begin);
  std::optional<Tracepoint> end = choice->end.empty() ? std::nullopt : lookup(catalog, choice->end);
  std::vector<TracepointField> fields = begin->fields;
  if (end)
    for (const TracepointField& f : end->fields)
      if (!find_field(fields, f.name)) fields.push_back(f);

  // A measure said inside the event's phrase ("bytes received", "接收的字节") is still the measure.
  std::vector<Token> phrase(t.begin() + choice->span.begin, t.begin() + choice->span.end);
  for (Token& p : phrase) p.consumed = false;
  for (size_t k = 0; k < phrase.size(); ++k)
    if (auto m = measure_words().longest(phrase, k)) r.measure_word = static_cast<Measure>(m->entry->value);
  extract_slots(t, r.slots, &catalog);
  if (!r.slots.error.empty()) return refusal(r.slots.error);
  // A bridge phrase that is also a field of its event ("smoothed rtt" is tcp_probe's srtt) names both.
  if (choice->naming != CatalogNaming::Exact) {
    std::vector<PhraseSpec> specs;
    std::vector<FieldPhrase> phrases = field_phrases(fields);
    for (const FieldPhrase& p : phrases) specs.push_back({p.phrase, 0, 1});
    PhraseTable table(specs);
    std::vector<Token> said(t.begin() + choice->span.begin, t.begin() + choice->span.end);
    for (Token& s : said) s.consumed = false;
    for (size_t k = 0; k < said.size(); ++k)
      if (auto m = table.longest(said, k); m && k + m->length == said.size() && k + 1 < said.size() + 1 &&
                                            m->length >= (said.size() + 1) / 2)
        for (size_t j = choice->span.begin + k; j < choice->span.end; ++j) t[j].consumed = false;
  }
  std::vector<Mention> mentions = scan_fields(t, fields, choice->words);
  consume_restated(t, choice->begin);
  std::vector<FieldFilter> protocol_filters;
  scan_grouping(r);
  scan_modifiers(r);
  // "by process": a process name after a marker is still a process name ("for bash", "bash 的").
  scan_names(r, EventKind::Tracepoint, &catalog);
  consume_fillers(r);
  // "over tcp", "udp", "ipv6": the event's protocol or family field says which.
  static const std::pair<std::string_view, std::pair<std::string_view, int>> kProtocols[] = {
      {"tcp", {"protocol", 6}}, {"udp", {"protocol", 17}}, {"icmp", {"protocol", 1}},
      {"ipv4", {"family", 2}},  {"ipv6", {"family", 10}}};
  for (size_t i = 0; i < t.size(); ++i)
    for (const auto& [word, field] : kProtocols)
      if (is(t, i, word) && find_field(fields, field.first)) {
        protocol_filters.push_back(FieldFilter{std::string(field.first), Comparison::Equal, field.second});
        t[i].consumed = true;
        if (i > 0 && any_of(t, i - 1, {"over", "via", "on", "using", "for"})) t[i - 1].consumed = true;
      }
  // Words of the event's own name said again ("kvm exits ... kvm") add nothing, nor does the preposition
  // that introduces the event ("time spent in irq handlers", "在软中断中").
  for (Token& tok : t)
    if (!tok.consumed && event_word(choice->words, tok.text)) tok.consumed = true;
  if (size_t b = choice->span.begin; b > 0 && !t[b - 1].consumed &&
                                     any_of(t, b - 1, {"in", "of", "for", "on", "during", "inside", "在", "的"}))
    t[b - 1].consumed = true;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed) continue;
    bool significant = t[i].kind != TokenKind::Punct || t[i].text == ">" || t[i].text == "<";
    if (!significant) continue;
    size_t stop = i + 1;
    while (stop < t.size() && stop - i < 4 && !t[stop].consumed && t[stop].kind != TokenKind::Punct) ++stop;
    std::string said = join_tokens(t, i, stop);
    return refusal(zh ? fmt::format("{}：理解了事件 {}，但无法理解“{}”；它的字段有：{}", understood_but_not(t, said, "zh"),
                                    choice->begin, said, field_list(fields))
                      : fmt::format("{}; the event is {}, whose fields are: {}", understood_but_not(t, said, "en"),
                                    choice->begin, field_list(fields)));
  }

  TraceSpec spec;
  spec.event = EventKind::Tracepoint;
  spec.language = r.language;
  CatalogEvent& ce = spec.catalog;
  ce.tracepoint = choice->begin;
  ce.matched.push_back(choice->why);
  const bool in_process = process_context(*begin);

  // Measure: latency needs the event's end; a named field is the value.
  bool latency = r.measure_word == Measure::Latency ||
                 (r.slots.threshold && r.slots.threshold->measure == Measure::Latency);
  for (const Mention& m : mentions) {
    ce.matched.push_back(fmt::format("'{}' is the field {} ({})", join_tokens(t, m.span.begin, m.span.end), m.field,
                                     m.role == Role::Key     ? "a key"
                                     : m.role == Role::Value ? "the value"
                                     : m.role == Role::Filter ? "a condition"
                                                              : "shown"));
    if (m.role == Role::Filter) ce.filters.push_back(*m.filter);
    if (m.role == Role::Value) {
      if (!ce.value_field.empty() && ce.value_field != m.field)
        return refusal(zh ? fmt::format("请求提到了两个数值字段 {} 和 {}：一次只能统计一个", ce.value_field, m.field)
                          : fmt::format("the request names two values, {} and {}: ask for one at a time",
                                        ce.value_field, m.field));
      ce.value_field = m.field;
    }
  }
  if (latency) {
    if (!end)
      return refusal(zh ? fmt::format("{} 没有对应的结束事件，无法测量耗时；可以计数或列出它", choice->begin)
                        : fmt::format("{} has no end event on this kernel to time it against; it can be counted or "
                                      "listed",
                                      choice->begin));
    ce.end_tracepoint = choice->end;
  }

  const auto& w = r.agg_words;
  bool wants_value = w.contains(AggWord::Sum) || w.contains(AggWord::Average) || w.contains(AggWord::Histogram) ||
                     w.contains(AggWord::Stats);
  // "show the rtt for each port": a number shown per key, with no computation named, is averaged per key.
  bool keyed = !r.group_keys.empty() ||
               std::any_of(mentions.begin(), mentions.end(), [](const Mention& m) { return m.role == Role::Key; });
  bool averaged_show = false;
  if (ce.value_field.empty() && !latency && keyed && !wants_value && !w.contains(AggWord::Count) &&
      !w.contains(AggWord::Rate))
    for (const Mention& m : mentions)
      if (m.role == Role::Show && numeric(*find_field(fields, m.field)) && !pointer_like(*find_field(fields, m.field))) {
        ce.value_field = m.field;
        averaged_show = true;
        break;
      }
  if (ce.value_field.empty() && !latency && (wants_value || r.measure_word == Measure::Bytes)) {
    // The value: a numeric field the request mentioned, else (for "bytes") the event's byte-count field.
    for (const Mention& m : mentions)
      if (m.role == Role::Show && numeric(*find_field(fields, m.field))) {
        ce.value_field = m.field;
        break;
      }
    if (ce.value_field.empty() && r.measure_word == Measure::Bytes)
      for (const TracepointField& f : fields)
        if (numeric(f) && (f.name.find("bytes") != std::string::npos || f.name.find("len") != std::string::npos ||
                           f.name.find("size") != std::string::npos ||
                           (f.name == "ret" && begin->name.find("length") != std::string::npos))) {
          ce.value_field = f.name;
          break;
        }
    // "sock receive lengths", "sizes": the event measures a length it returns.
    bool measures_length = begin->name.find("length") != std::string::npos || begin->name.find("size") != std::string::npos;
    if (ce.value_field.empty() && wants_value && measures_length && find_field(fields, "ret")) ce.value_field = "ret";
    if (ce.value_field.empty() && wants_value) {
      std::string numbers;
      for (const TracepointField& f : fields)
        if (numeric(f) && !pointer_like(f)) numbers += (numbers.empty() ? "" : ", ") + f.name;
      return refusal(zh ? fmt::format("请说明要统计 {} 的哪个数值字段：{}{}", choice->begin, numbers,
                                      end ? "，或者耗时" : "")
                        : fmt::format("say which value of {} to add up or plot: {}{}", choice->begin, numbers,
                                      end ? ", or its latency" : ""));
    }
  }
  if (!ce.value_field.empty()) {
    const TracepointField* f = find_field(fields, ce.value_field);
    if (!numeric(*f))
      return refusal(zh ? fmt::format("字段 {} 不是数值，不能求和或做直方图", f->name)
                        : fmt::format("the field {} is not a number: it can be a key or a column, not a value", f->name));
    if (!find_field(begin->fields, f->name)) ce.end_tracepoint = choice->end;  // only the end has it
  }
  spec.measure = latency ? Measure::Latency : !ce.value_field.empty() ? Measure::Value : Measure::Events;

  // Keys: builtin (by process, cpu, stack), then fields.
  bool listing_named = w.contains(AggWord::List);
  bool any_key = !r.group_keys.empty() || !r.question_keys.empty() || r.slots.top_key ||
                 std::any_of(mentions.begin(), mentions.end(), [](const Mention& m) { return m.role == Role::Key; });
  Aggregation agg = Aggregation::List;
  if (w.contains(AggWord::Histogram)) agg = Aggregation::Histogram;
  // "count kmalloc calls by size": events counted per size, a distribution, not the sizes' total.
  else if (r.measure_by && w.contains(AggWord::Count) && !w.contains(AggWord::Sum)) agg = Aggregation::Histogram;
  else if (w.contains(AggWord::Stats) || (w.contains(AggWord::Average) && w.contains(AggWord::Sum))) agg = Aggregation::Stats;
  else if (w.contains(AggWord::Average) || averaged_show) agg = Aggregation::Average;
  else if (w.contains(AggWord::Rate)) agg = Aggregation::Rate;
  else if (w.contains(AggWord::Sum)) agg = spec.measure == Measure::Events ? Aggregation::Count : Aggregation::Sum;
  else if (spec.measure == Measure::Value && !listing_named) agg = Aggregation::Sum;
  else if (latency && !(listing_named && !r.field_keys.empty()) && !r.slots.threshold) agg = Aggregation::Histogram;
  else if (w.contains(AggWord::Count) || any_key || r.question || r.slots.top_n) agg = Aggregation::Count;
  if (agg == Aggregation::Rate && spec.measure != Measure::Events)
    return refusal(zh ? "每秒速率只能统计事件次数" : "a per-second rate counts events; it cannot add up a value");
  spec.aggregation = agg;

  std::vector<Key> keys = r.group_keys;
  if (agg != Aggregation::List) {
    for (Key k : r.question_keys)
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    for (Key k : r.field_keys)
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  }
  if (r.slots.top_key && std::find(keys.begin(), keys.end(), *r.slots.top_key) == keys.end())
    keys.insert(keys.begin(), *r.slots.top_key);
  if (r.any_stack) keys.push_back(in_process ? Key::UserStack : Key::KernelStack);
  static const std::set<Key> kBuiltin = {Key::Comm, Key::Pid, Key::Tid, Key::Uid, Key::Cpu, Key::KernelStack,
                                         Key::UserStack};
  for (Key k : keys) {
    if (!kBuiltin.contains(k)) {
      // "by port", "by file": the event's own field of that name, when it has exactly one.
      return refusal(zh ? fmt::format("{} 不能按{}分组；可以按进程、PID、CPU、调用栈或它的字段分组：{}", choice->begin,
                                      key_name(k), field_list(fields))
                        : fmt::format("{} can't be grouped by {}; it can be grouped by process, pid, cpu, stack or "
                                      "its fields: {}",
                                      choice->begin, key_name(k), field_list(fields)));
    }
    bool process_key = k == Key::Comm || k == Key::Pid || k == Key::Tid || k == Key::Uid || k == Key::UserStack;
    if (process_key && !in_process)
      return refusal(zh ? fmt::format("{} 在中断上下文中运行，没有所属进程；可以按 CPU 或它的字段分组：{}", choice->begin,
                                      field_list(fields))
                        : fmt::format("{} runs in interrupt context, on whatever task was interrupted, so it has no "
                                      "process of its own; group it by cpu or by its fields: {}",
                                      choice->begin, field_list(fields)));
  }
  spec.keys = keys;
  for (const Mention& m : mentions) {
    if (m.role == Role::Key || (m.role == Role::Show && agg != Aggregation::List && m.field != ce.value_field))
      if (std::find(ce.key_fields.begin(), ce.key_fields.end(), m.field) == ce.key_fields.end())
        ce.key_fields.push_back(m.field);
    if (m.role == Role::Show && agg == Aggregation::List) ce.show_fields.push_back(m.field);
  }
  if (agg == Aggregation::List && r.field_keys.size() == 1 && r.field_keys[0] == Key::Pid) {
    // "with pid": listings show comm and pid already.
  } else if (agg == Aggregation::List && !r.field_keys.empty()) {
    for (Key k : r.field_keys)
      if (k != Key::Pid && k != Key::Comm)
        return refusal(zh ? fmt::format("列表不能显示{}", key_name(k))
                          : fmt::format("a listing of {} can't show {}", choice->begin, key_name(k)));
  }
  for (const std::string& f : ce.key_fields)
    if (!find_field(begin->fields, f)) ce.end_tracepoint = choice->end;

  // Filters.
  Filters& f = spec.filters;
  const Slots& s = r.slots;
  bool process_filter = s.pid || s.tid || s.uid || s.cgroup_id || r.comm;
  if (process_filter && !in_process)
    return refusal(zh ? fmt::format("{} 在中断上下文中运行，不能按进程过滤", choice->begin)
                      : fmt::format("{} runs in interrupt context, so it can't be filtered by process", choice->begin));
  f.pid = s.pid;
  f.tid = s.tid;
  f.uid = s.uid;
  f.cgroup_id = s.cgroup_id;
  f.comm = r.comm;
  if (s.threshold) {
    if (s.threshold->measure != Measure::Latency)
      return refusal(zh ? "字节阈值只适用于有字节数的事件；请用字段条件，例如“len > 1000”"
                        : "a size threshold needs a byte field: say the field, e.g. 'len > 1000'");
    f.threshold = s.threshold;
  }
  if (s.port) {
    bool dport = find_field(fields, "dport") != nullptr;
    if (!dport && !find_field(fields, "sport"))
      return refusal(zh ? fmt::format("{} 没有端口字段", choice->begin)
                        : fmt::format("{} has no port field", choice->begin));
    return refusal(zh ? "请说明是目标端口还是源端口，例如“目标端口 443”"
                      : "say which side: 'destination port 443' or 'source port 443'");
  }
  if (!s.paths.empty() || s.signal)
    return refusal(zh ? fmt::format("{} 不能按路径或信号过滤；它的字段有：{}", choice->begin, field_list(fields))
                      : fmt::format("{} can't be filtered by path or signal; its fields are: {}", choice->begin,
                                    field_list(fields)));
  if (r.failures) {
    const TracepointField* ret = find_field(fields, "ret");
    if (!ret) ret = find_field(fields, "error");
    if (!ret)
      return refusal(zh ? fmt::format("{} 没有返回值字段，无法只看失败", choice->begin)
                        : fmt::format("{} has no return value, so failures can't be told apart", choice->begin));
    ce.filters.push_back(FieldFilter{ret->name, Comparison::Less, 0});
    if (!find_field(begin->fields, ret->name)) ce.end_tracepoint = choice->end;
  }
  ce.filters.insert(ce.filters.end(), protocol_filters.begin(), protocol_filters.end());
  // A length returned by a call is negative on errors: those are not bytes.
  if (ce.value_field == "ret" && !r.failures) ce.filters.push_back(FieldFilter{"ret", Comparison::Greater, 0});
  for (const FieldFilter& ff : ce.filters)
    if (!find_field(begin->fields, ff.field)) ce.end_tracepoint = choice->end;
  spec.top_n = s.top_n;
  spec.duration_seconds = s.duration_seconds;
  if (s.frequency_hz)
    return refusal(zh ? "采样频率只适用于 CPU 采样" : "a sampling frequency only applies to CPU profiling");
  out.understanding = Understanding{spec, "", {}};
  return out;
}

}  // namespace gpttrace::plan
