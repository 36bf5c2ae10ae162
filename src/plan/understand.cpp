// Offline understanding of requests: slots first, then grouping, events, names and modifiers; anything
// significant left unused refuses the request instead of being guessed.
#include "plan/event_model.h"
#include "plan/understand.h"

#include <unistd.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kernel/catalog.h"
#include "plan/catalog_understand.h"
#include "plan/decide.h"
#include "plan/refusal.h"
#include "plan/request.h"

namespace gpttrace {

namespace {

using namespace plan;

// Several syscalls named by name ("count read, write and openat calls") are one syscall trace.
std::optional<EventKind> several_syscalls(Request& r) {
  std::set<EventKind> events;
  std::vector<std::string> names;
  for (const EventMatch& m : r.matches)
    if (!m.syscall.empty()) {
      events.insert(m.event);
      if (std::find(names.begin(), names.end(), m.syscall) == names.end()) names.push_back(m.syscall);
    }
  if (events.size() < 2) return std::nullopt;
  for (const EventMatch& m : r.matches)
    if (!m.syscall.empty() || m.event == EventKind::Syscall)
      for (size_t k = m.span.begin; k < m.span.end; ++k) r.tokens[k].consumed = true;
  r.syscalls = names;
  return EventKind::Syscall;
}

// Two or more Chinese characters in a row that nobody used: a word of the request (single characters left
// over are particles or halves of words the lexicon matched).
bool chinese_word(const std::vector<Token>& t, size_t i) {
  auto free_cjk = [&](size_t k) { return k < t.size() && t[k].kind == TokenKind::Cjk && !t[k].consumed; };
  return free_cjk(i) && (free_cjk(i + 1) || (i > 0 && free_cjk(i - 1)));
}

// The first significant token nobody used, as the phrase the person typed around it.
std::optional<std::string> leftover(const Request& r) {
  const auto& t = r.tokens;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed) continue;
    // Every content word must be accounted for: an English word nobody used ("specific", "heavy", an
    // unknown process name) would otherwise be silently dropped from the plan.
    bool content_word = t[i].kind == TokenKind::Word && !function_word(t[i].text) && t[i].text.size() > 2 &&
                        !(i > 0 && !t[i].space_before && t[i - 1].kind == TokenKind::Punct);  // "stat()ed"
    bool significant = t[i].kind == TokenKind::Number || t[i].kind == TokenKind::Path ||
                       t[i].kind == TokenKind::Quoted || t[i].text == ">" || t[i].text == "<" || content_word ||
                       chinese_word(t, i) ||
                       significant_words().longest(t, i).has_value();
    if (!significant) continue;
    size_t begin = i, end = i + 1;
    while (begin > 0 && i - begin < 2 && !t[begin - 1].consumed && t[begin - 1].kind != TokenKind::Punct) --begin;
    while (end < t.size() && end - i < 4 && !t[end].consumed && t[end].kind != TokenKind::Punct) ++end;
    return join_tokens(t, begin, end);
  }
  return std::nullopt;
}

// Unknown nouns right after a term of the event ("CPU fan speed", "disk temperature"): the event's word
// only qualifies them, so they are the real subject. Returns them as typed; empty when there are none.
std::string qualified_unknown(const Request& r, EventKind event) {
  const auto& t = r.tokens;
  auto unknown = [&](size_t k) {
    if (k >= t.size() || t[k].consumed || t[k].kind != TokenKind::Word || function_word(t[k].text) ||
        in_vocabulary(t, k))
      return false;
    const std::string& w = t[k].text;
    return !(w.size() > 4 && (w.ends_with("ing") || w.ends_with("ed")));  // "syscalls taking": a verb
  };
  for (const EventMatch& m : r.matches) {
    if (m.event != event || m.span.end == m.span.begin || !unknown(m.span.end)) continue;
    size_t end = m.span.end + 1;
    while (unknown(end)) ++end;
    return join_tokens(t, m.span.end, end);
  }
  return "";
}

// Hardware counters need a PMU: say whether this machine has one, and what works instead.
std::string hardware_counter_refusal(std::string_view what, std::string_view language, const KernelCatalog* catalog) {
  bool pmu = catalog && catalog->support(ProbeType::Hardware).available;
  if (language == "zh")
    return pmu ? fmt::format("“{}”需要硬件计数器：离线理解不涵盖，可以用 -e 'hardware:cache-misses:1000 {{ @[comm] = "
                             "count(); }}' 这类程序",
                             what)
               : fmt::format("“{}”需要硬件计数器，而这台机器没有硬件 PMU（虚拟机常见）；可以改用软件事件，例如缺页、"
                             "上下文切换或 CPU 采样",
                             what);
  return pmu ? fmt::format("'{}' needs hardware counters, which offline understanding does not cover; write it with "
                           "-e, e.g. 'hardware:cache-misses:1000 {{ @[comm] = count(); }}'",
                           what)
             : fmt::format("'{}' needs hardware counters and this machine has no hardware PMU (common in VMs); "
                           "software events work instead: page faults, context switches, CPU profiles",
                           what);
}

std::string out_of_coverage(const Request& r, std::string_view what) {
  if (r.language == "zh") return fmt::format("无法离线追踪“{}”：没有对应的事件", what);
  return fmt::format("I don't know how to trace '{}' offline", what);
}

// Requests to change the system rather than observe it ("make open() fail", "kill the process that ...",
// "让 open 返回失败"): refused with what it would take, never turned into an observation.
std::optional<std::string> change_request(const std::vector<Token>& t, std::string_view language,
                                          const KernelCatalog* catalog) {
  size_t first = 0;
  while (first < t.size() && (t[first].kind == TokenKind::Punct ||
                              any_of(t, first, {"please", "can", "could", "you", "i", "want", "to", "let's", "go",
                                                "and", "just", "请", "帮我", "帮", "我要", "我想", "给我", "把"})))
    ++first;
  std::optional<int> kind;
  size_t at = 0, said_end = 0;
  for (size_t i = 0; i < t.size() && !kind; ++i) {
    if (auto m = change_verbs().longest(t, i)) {
      // Commands that act on processes count only as the request's first word ("kill ..."), not as the
      // subject of a trace ("who kills processes", "OOM kills").
      if (m->entry->value == kImperativeOnly && i != first) continue;
      // "kill -9 signals", "kill signals": the signal, not the command.
      if (m->entry->value == kImperativeOnly &&
          (any_of(t, i + m->length, {"-", "signal", "signals", "calls", "syscall", "syscalls", "events", "信号"}) ||
           (i + m->length < t.size() && t[i + m->length].kind == TokenKind::Number)))
        continue;
      kind = m->entry->value, at = i, said_end = i + m->length + 3;
    }
    // "make every open() fail", "make read return -EIO", "让所有 open 调用返回失败": an outcome imposed on
    // calls, not calls that failed ("让我看看失败的调用" asks to see them).
    bool make = is(t, i, "make") || is(t, i, "makes") || is(t, i, "force") || is(t, i, "forces") ||
                ((is(t, i, "让") || is(t, i, "使")) && !any_of(t, i + 1, {"我", "我们", "大家"}));
    for (size_t k = i + 1; make && !kind && k < t.size() && k <= i + 10; ++k) {
      size_t n = any_of(t, k, {"fail", "fails", "return", "returns", "crash", "hang", "slower", "faster", "stop",
                               "失败", "返回", "出错", "报错", "崩溃", "变慢", "变快", "停止"});
      bool described = any_of(t, k - 1, {"that", "which", "who", "calls"}) || any_of(t, k + n, {"的"});
      if (n && !described) kind = kChangeReturn, at = i, said_end = k + n + 2;
    }
  }
  if (!kind) return std::nullopt;
  std::string said = join_tokens(t, at, std::min(t.size(), said_end));
  bool kprobes = catalog && catalog->support(ProbeType::Kprobe).available;
  bool zh = language == "zh";
  if (*kind == kChangeReturn)
    return zh ? fmt::format("“{}”是要修改系统的行为，gpttrace 只做观测：修改返回值需要 bpftrace 的 override()、kprobe{}"
                            "以及 --unsafe；可以改为追踪这些调用及其返回值",
                            said, kprobes ? "" : "（这个内核没有 kprobe）")
              : fmt::format("'{}' asks to change the system, and gpttrace only observes: changing what a call "
                            "does or returns needs bpftrace's override() on a kprobe{} and --unsafe; I can trace "
                            "those calls and their results instead",
                            said, kprobes ? "" : " (this kernel has no kprobes)");
  return zh ? fmt::format("“{}”是要修改系统（终止、限制或阻止进程），gpttrace 只做观测：发送信号需要 signal() 和 "
                          "--unsafe；可以改为追踪相关事件",
                          said)
            : fmt::format("'{}' asks to change the system (kill, throttle or block), and gpttrace only observes: "
                          "signalling a process needs bpftrace's signal() and --unsafe; I can trace the events "
                          "instead",
                          said);
}

// Where the chosen event was named: the first and last tokens of its matches.
// Where the request names `event`: its terms, or only the key nouns that also name it when nothing else
// does ("per cpu" groups; "cpu frequency per cpu" names the event with its first "cpu").
Span event_span(const Request& r, EventKind event) {
  Span s{r.tokens.size(), 0};
  for (bool keys : {false, true}) {
    for (const EventMatch& m : r.matches)
      if (m.event == event && m.span.end > m.span.begin && m.as_key == keys)
        s = Span{std::min(s.begin, m.span.begin), std::max(s.end, m.span.end)};
    if (s.end > s.begin) break;
  }
  return s;
}

Understanding understand_curated(std::string_view request, const KernelCatalog* catalog, Span& named) {
  Request r;
  r.tokens = tokenize(request);
  r.language = has_cjk(r.tokens) ? "zh" : "en";
  auto refusal = [&](std::string message) { return refuse(std::move(message), r.tokens, r.scores, r.language); };
  bool empty = std::all_of(r.tokens.begin(), r.tokens.end(), [](const Token& t) { return t.kind == TokenKind::Punct; });
  if (empty) return refusal(r.language == "zh" ? "请求是空的" : "the request is empty");

  for (size_t i = 0; i < r.tokens.size(); ++i)
    if (auto m = unsupported_topics().longest(r.tokens, i)) {
      scan_events(r);
      std::string what = join_tokens(r.tokens, i, i + m->length);
      if (m->entry->value == kNeedsPmu) return refusal(hardware_counter_refusal(what, r.language, catalog));
      return refusal(out_of_coverage(r, what));
    }

  extract_side_mentions(r.tokens, r.slots);
  extract_slots(r.tokens, r.slots, catalog);
  if (!r.slots.error.empty()) return refusal(r.slots.error);
  scan_grouping(r);
  scan_events(r);

  std::optional<EventKind> conflict;
  std::optional<EventKind> event = several_syscalls(r);
  if (!event) event = choose_event(r, conflict);
  // "top 10 syscalls": the top slot took the noun that also names the event.
  if (!event && r.slots.top_key == Key::Syscall) event = EventKind::Syscall;
  if (!event) return refusal(out_of_coverage(r, request));
  named = event_span(r, *event);
  // Words of an event this one can't tell apart ("disk reads"): refused, unless all of them are named
  // ("磁盘读写", reads and writes: everything the event counts).
  const EventModel& chosen = event_model(*event);
  std::set<EventKind> narrowed;
  const EventMatch* first_narrowing = nullptr;
  for (const EventMatch& m : r.matches)
    if (!m.as_key && std::find(chosen.cannot_tell.begin(), chosen.cannot_tell.end(), m.event) != chosen.cannot_tell.end()) {
      narrowed.insert(m.event);
      if (!first_narrowing) first_narrowing = &m;
    }
  if (first_narrowing && narrowed.size() < chosen.cannot_tell.size()) {
    std::string said = join_tokens(r.tokens, first_narrowing->span.begin, first_narrowing->span.end);
    return refusal(r.language == "zh"
                       ? fmt::format("{} 在这里分不出“{}”：可以不加这个限定，例如：{}", chosen.name, said,
                                     chosen.traits.example_zh)
                       : fmt::format("{} can't tell '{}' apart here; without that qualifier, e.g.: {}", chosen.name,
                                     said, chosen.traits.example_en));
  }
  if (conflict)
    return refusal(r.language == "zh"
                       ? fmt::format("请求同时提到了 {} 和 {}：请一次只追踪一种事件", event_kind_name(*event),
                                     event_kind_name(*conflict))
                       : fmt::format("the request names both {} and {}: ask for one kind of event at a time",
                                     event_kind_name(*event), event_kind_name(*conflict)));
  // Syscall names belong to the syscall trace or to the event that owns them.
  std::erase_if(r.syscalls, [&](const std::string& name) {
    return *event != EventKind::Syscall && (!syscall_owner(name) || syscall_owner(name)->event != *event);
  });

  scan_names(r, *event, catalog);
  // Paths: the binary of a user-space event, else a path filter; a path with no place stays unused.
  std::optional<std::string> path_filter;
  for (const auto& [path, span] : r.slots.paths) {
    if (event_model(*event).uprobe && r.slots.binary.empty()) r.slots.binary = path;
    else if (supports_filter(event_traits(*event), FilterKind::Path) && !path_filter) path_filter = path;
    else continue;
    r.slots.filter_spans[FilterKind::Path] = span;
    size_t begin = span.begin, end = span.end;
    if (begin > 0 && any_of(r.tokens, begin - 1, {"in", "under", "inside", "below", "of", "to", "on", "at", "for", "from",
                                                  "named", "called", "file", "文件", "path", "路径"}))
      --begin;
    end += any_of(r.tokens, end, {"目录下", "目录", "下面", "下", "文件夹", "directory", "dir", "folder"});
    for (size_t k = begin; k < end; ++k) r.tokens[k].consumed = true;
  }
  scan_modifiers(r);
  if (*event == EventKind::UserFunction && r.slots.function == "malloc" && r.measure_word == Measure::Bytes)
    event = EventKind::Malloc;
  if (r.slots.function_kind != FunctionKind::None && *event != EventKind::UserFunction &&
      *event != EventKind::KernelFunction && !event_model(*event).uprobe)
    return refusal(understood_but_not(r.tokens, r.slots.function, r.language));
  if (auto problem = place_sides(r, *event)) return refusal(*problem);
  if (auto problem = check_qualifiers(r, *event)) return refusal(*problem);
  read_shown_fields(r, *event);
  consume_fillers(r);

  if (auto rest = leftover(r)) return refusal(understood_but_not(r.tokens, *rest, r.language));
  // Only weak evidence for the event, and it merely qualifies a subject nobody understood: no event covers
  // that subject ("monitor the CPU fan speed" is not a CPU profile).
  if (r.scores[static_cast<size_t>(*event)] < 3)
    if (std::string unknown = qualified_unknown(r, *event); !unknown.empty())
      return refusal(understood_but_not(r.tokens, unknown, r.language));
  Decision decision = decide(r, *event);
  if (!decision.spec) return refusal(decision.problem);
  if (!r.listing_only.empty() && decision.spec->aggregation != Aggregation::List)
    return refusal(r.language == "zh" ? fmt::format("{} 只在逐条列出事件时显示", r.listing_only)
                                      : fmt::format("{} is shown only when listing each event", r.listing_only));
  decision.spec->filters.path = path_filter;
  return Understanding{std::move(decision.spec), "", {}};
}

}  // namespace

Understanding understand_request(std::string_view request, const KernelCatalog* catalog) {
  std::vector<Token> tokens = tokenize(request);
  std::string language = has_cjk(tokens) ? "zh" : "en";
  if (auto change = change_request(tokens, language, catalog))
    return refuse(*change, tokens, std::vector<int>(kCuratedEventKinds, 0), language);

  Span named{0, 0};
  Understanding result = understand_curated(request, catalog, named);
  // The live catalog: a tracepoint named exactly, or a phrase that says more than the curated event's
  // words ("cpu frequency" is not a CPU profile, "kernel memory allocations" are not malloc), or any
  // event when the curated planner found none.
  if (catalog) {
    if (std::optional<CatalogUnderstanding> c = understand_with_catalog(request, *catalog)) {
      bool covers = named.end > named.begin && c->first_token <= named.begin && named.end <= c->last_token &&
                    c->last_token - c->first_token > named.end - named.begin;
      bool stronger = c->naming == CatalogNaming::Exact || (covers && c->naming != CatalogNaming::Fallback);
      bool curated_named = named.end > named.begin;  // its refusal is about an event it knows: keep it
      if ((stronger && c->understanding.spec) || !result.spec) {
        if (c->understanding.spec || (c->naming != CatalogNaming::Words && !curated_named)) result = c->understanding;
      } else if (covers && c->naming == CatalogNaming::Bridge && result.spec) {
        // The request names something more specific than the curated event ("cpu frequency per cpu"), and
        // that can't be answered as asked: its reason, not the curated program that drops the difference.
        result = c->understanding;
      }
    }
  }
  if (result.spec) result.spec->filters.tracer_pid = ::getpid();
  return result;
}

}  // namespace gpttrace
