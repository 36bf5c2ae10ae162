// The planner's word passes: grouping and question phrases, event terms, process names, modifiers.
#include <algorithm>

#include <fmt/format.h>

#include "kernel/catalog.h"
#include "plan/event_model.h"
#include "plan/request.h"

namespace gpttrace::plan {

namespace {

using Tokens = std::vector<Token>;

void consume(Tokens& t, size_t begin, size_t end) {
  for (size_t k = begin; k < end && k < t.size(); ++k) t[k].consumed = true;
}

void add_key(std::vector<Key>& keys, Key key) {
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
}

bool is_stack(int key_value) {
  return key_value == static_cast<int>(Key::KernelStack) || key_value == static_cast<int>(Key::UserStack);
}

// "kernel and user stacks", "用户态和内核态栈": one stack noun for both sides, keys in the order named.
// Returns the end, 0 when there is no such pair at i.
size_t stack_pair(const Tokens& t, size_t i, std::vector<Key>& into) {
  auto side = [&](size_t at, Key& key) -> size_t {
    if (size_t n = any_of(t, at, {"kernel-level", "kernel-space", "kernel", "内核态", "内核级", "内核"})) {
      key = Key::KernelStack;
      return n;
    }
    size_t n = any_of(t, at, {"user-level", "user-space", "userspace", "user", "用户态", "用户级", "用户"});
    key = Key::UserStack;
    return n;
  };
  Key first{};
  size_t n = side(i, first);
  if (!n) return 0;
  size_t joiner = any_of(t, i + n, {"and", "&", "/", ",", "or", "和", "与", "及", "、"});
  if (!joiner) return 0;
  auto m = key_nouns().longest(t, i + n + joiner);
  if (!m || !is_stack(m->entry->value) || static_cast<Key>(m->entry->value) == first) return 0;
  add_key(into, first);
  add_key(into, static_cast<Key>(m->entry->value));
  return i + n + joiner + m->length;
}

// Key nouns from i on, joined by "and", ",", "和", "/": returns the end; 0 when none at i.
size_t read_keys(Request& r, size_t i, std::vector<Key>& into) {
  Tokens& t = r.tokens;
  size_t end = 0;
  while (i < t.size()) {
    size_t at = i + any_of(t, i, {"the", "their", "its", "each", "kernel-level", "其", "种", "类"});
    if (size_t pair_end = stack_pair(t, at, into)) {
      end = pair_end;
      size_t joiner = any_of(t, end, {"and", ",", "和", "与", "及", "/", "、", "then"});
      if (!joiner || !key_nouns().longest(t, end + joiner)) break;
      i = end + joiner;
      continue;
    }
    auto m = key_nouns().longest(t, at);
    if (!m) break;
    // "which syscalls", "by file": the noun also names the event, weakly.
    if (auto e = event_terms().longest(t, at)) {
      auto event = static_cast<EventKind>(e->entry->value);
      r.scores[static_cast<size_t>(event)] += std::min(e->entry->weight, 2);
      r.matches.push_back({event, Span{at, at + e->length}, "", true});
    }
    if (m->entry->value >= kAnyStack) r.any_stack = true;
    else add_key(into, static_cast<Key>(m->entry->value));
    end = at + m->length;
    end += any_of(t, end, {"name", "names", "id", "number", "numbers", "名", "名称", "号", "编号"});
    size_t joiner = any_of(t, end, {"and", ",", "和", "与", "及", "/", "、", "then"});
    if (!joiner || !key_nouns().longest(t, end + joiner + any_of(t, end + joiner, {"the", "their", "by"}))) break;
    i = end + joiner + any_of(t, end + joiner, {"the", "their", "by"});
  }
  return end;
}

// A piece of a larger word: after a hyphen ("non-zero"), glued to brackets ("stat()ed"), or followed by
// a call's "(" ("getppid()").
bool fragment(const Tokens& t, size_t i) {
  bool glued_before = i > 0 && !t[i].space_before &&
                      (t[i - 1].hyphen_after || t[i - 1].text == ")" || t[i - 1].text == "(");
  bool call = i + 1 < t.size() && !t[i + 1].space_before && t[i + 1].text == "(";
  return glued_before || call;
}

// "who stats /etc/passwd", "stats the file": "stats" as a verb with a subject or an object, not statistics.
bool stat_verb(const Tokens& t, size_t i) {
  if (!is(t, i, "stats")) return false;
  const std::string& before = i > 0 ? t[i - 1].text : "";
  bool subject = before == "who" || before == "that" || before == "which" || before.starts_with("process") ||
                 before.starts_with("program");
  size_t object = i + 1 + any_of(t, i + 1, {"the", "a", "any"});
  if (object >= t.size()) return subject;
  auto noun = key_nouns().longest(t, object);
  return subject || t[object].kind == TokenKind::Path || t[object].kind == TokenKind::Quoted ||
         (noun && noun->entry->value == static_cast<int>(Key::File));
}

bool word_like_name(const Token& t) {
  if (t.consumed || t.kind != TokenKind::Word || t.text.size() < 2 || t.text.size() > 32) return false;
  return std::all_of(t.text.begin(), t.text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '+';
  });
}

// A word is a process name only when it could be one here: a process running now, an executable this
// system has, or a well-known program; otherwise ("specific", "heavy", "libssl") it stays unused and the
// request is refused naming it. Without a catalog the machine can't be asked, and names are accepted.
bool plausible_process(const std::string& name, const KernelCatalog* catalog) {
  if (!catalog) return true;
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (known_binary(lower) || catalog->process_running(name)) return true;
  if (known_library(lower) || lower.starts_with("lib")) return false;
  Result<std::string> path = catalog->resolve_binary(name);
  return path && path->find(".so") == std::string::npos;
}

}  // namespace

void scan_grouping(Request& r) {
  Tokens& t = r.tokens;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed) continue;
    if (size_t end = stack_pair(t, i, r.group_keys)) {  // wherever named: "profile kernel and user stacks"
      consume(t, i, end);
      continue;
    }
    if (auto marker = group_markers().longest(t, i)) {
      // "list every process that exits", "show each file deleted": after a verb asking for a listing, a
      // bare every/each means "all of them": what follows is a field of the listing, not a grouping.
      bool bare = marker->length == 1 && (t[i].text == "every" || t[i].text == "each");
      auto verb = bare && i > 0 ? aggregation_words().longest(t, i - 1) : std::nullopt;
      bool listing = verb && verb->length == 1 && static_cast<AggWord>(verb->entry->value) == AggWord::List;
      size_t end = read_keys(r, i + marker->length, listing ? r.field_keys : r.group_keys);
      if (end) {
        consume(t, i, end);
        continue;
      }
      // "by size", "by latency": the measure, not a key.
      if (auto m = measure_words().longest(t, i + marker->length); m && marker->length == 1 && t[i].text == "by") {
        r.measure_word = static_cast<Measure>(m->entry->value);
        r.measure_by = true;
        consume(t, i, i + 1 + m->length);
        continue;
      }
      // "time taken by nanosleep calls": "by" introduces the event, not a grouping.
      if (marker->length == 1 && t[i].text == "by" && event_terms().longest(t, i + 1) &&
          !key_nouns().longest(t, i + 1)) {
        t[i].consumed = true;
        continue;
      }
      // "by whom", "by which process": the marker belongs to the question that follows.
      if (question_words().longest(t, i + marker->length)) {
        consume(t, i, i + marker->length);
        continue;
      }
    }
    if (auto q = question_words().longest(t, i)) {
      size_t at = i + q->length;
      at += any_of(t, at, {"些", "个", "种", "类", "of the", "one"});
      bool who = t[i].text == "who" || t[i].text == "whom" || t[i].text == "谁" || t[i].text == "是谁";
      // "to whom", "给谁", "to which processes": the receiving side, which the event's listing shows.
      if (i > 0 && any_of(t, i - 1, {"to", "towards", "给", "向"})) {
        r.recipient = true;
        std::vector<Key> receivers;
        size_t end = read_keys(r, at, receivers);
        consume(t, i - 1, end ? end : i + q->length);
        continue;
      }
      size_t end = read_keys(r, at, r.question_keys);
      // "which TCP connections", "哪些域名", "what new programs": the events themselves are asked for.
      if (!end && !who && event_terms().longest(t, at)) {
        consume(t, i, at);
        continue;
      }
      r.question = true;
      if (!end && who) add_key(r.question_keys, Key::Comm);
      consume(t, i, end ? end : i + q->length);
      continue;
    }
    if (auto f = field_markers().longest(t, i)) {
      size_t end = read_keys(r, i + f->length, r.field_keys);
      if (end) consume(t, i, end);
    }
  }
  // Stacks are wanted wherever they are named ("profile kernel stacks", "内核栈采样").
  for (size_t i = 0; i < t.size(); ++i) {
    auto m = key_nouns().longest(t, i);
    if (!m) continue;
    int v = m->entry->value;
    if (v >= kAnyStack) r.any_stack = true;
    else if (is_stack(v)) add_key(r.group_keys, static_cast<Key>(v));
    else continue;
    consume(t, i, i + m->length);
  }
}

void scan_events(Request& r) {
  Tokens& t = r.tokens;
  for (size_t i = 0; i < t.size();) {
    if (auto m = event_terms().longest(t, i)) {
      auto event = static_cast<EventKind>(m->entry->value);
      r.scores[static_cast<size_t>(event)] += m->entry->weight;
      std::string syscall = m->length == 1 && syscall_owner(t[i].text) ? t[i].text : "";
      r.matches.push_back({event, Span{i, i + m->length}, syscall});
      if (auto sc = syscall_owner(syscall); sc && !sc->word) r.syscalls.push_back(syscall);
      // "count exit codes", "统计退出码": the event word starts a longer key noun, which is what is counted
      // or shown (a field of the listing, the key of a count).
      auto key = key_nouns().longest(t, i);
      if (key && key->length > m->length && key->entry->value < kAnyStack && !is_stack(key->entry->value)) {
        add_key(r.field_keys, static_cast<Key>(key->entry->value));
        consume(t, i, i + key->length);
        i += key->length;
        continue;
      }
      i += m->length;
      continue;
    }
    if (stat_verb(t, i)) {  // the syscall stat, as a verb
      EventKind stat_event = syscall_owner("stat")->event;
      r.scores[static_cast<size_t>(stat_event)] += 3;
      r.matches.push_back({stat_event, Span{i, i + 1}, ""});
      ++i;
      continue;
    }
    if (!t[i].consumed && t[i].kind == TokenKind::Word) {
      std::string name = t[i].text;
      for (std::string_view prefix : {"sys_enter_", "sys_exit_", "__x64_sys_", "__arm64_sys_", "syscalls:sys_enter_",
                                      "syscalls:sys_exit_", "tracepoint:syscalls:sys_enter_",
                                      "tracepoint:syscalls:sys_exit_"})
        if (name.starts_with(prefix)) name = name.substr(prefix.size());
      if (auto sc = syscall_owner(name)) {
        r.scores[static_cast<size_t>(sc->event)] += 3;
        r.matches.push_back({sc->event, Span{i, i + 1}, name});
        if (!sc->word || name != t[i].text) r.syscalls.push_back(name);
      }
    }
    ++i;
  }
  // Slots point at events too, by the weights the event models give them ("cues"): a sampling frequency or
  // stacks with nothing else named mean a CPU profile; a signal, signals sent.
  bool stacks = r.any_stack || std::any_of(r.group_keys.begin(), r.group_keys.end(), [](Key k) {
    return k == Key::KernelStack || k == Key::UserStack;
  });
  const std::pair<EventCue, bool> present[] = {
      {EventCue::Signal, r.slots.signal.has_value()},
      {EventCue::Frequency, r.slots.frequency_hz.has_value()},
      {EventCue::Stacks, stacks},
      {EventCue::KernelFunction, r.slots.function_kind == FunctionKind::Kernel},
      {EventCue::UserFunction, r.slots.function_kind == FunctionKind::User},
      {EventCue::SyscallName, !r.slots.syscalls.empty()}};
  for (const auto& [cue, on] : present)
    if (on)
      for (const EventModel& m : event_models())
        if (auto weight = m.cues.find(cue); weight != m.cues.end()) {
          r.scores[static_cast<size_t>(m.kind)] += weight->second;
          if (cue == EventCue::SyscallName)
            for (const std::string& name : r.slots.syscalls) r.matches.push_back({m.kind, Span{}, name});
        }
  r.syscalls.insert(r.syscalls.end(), r.slots.syscalls.begin(), r.slots.syscalls.end());
}

void scan_names(Request& r, EventKind event, const KernelCatalog* catalog) {
  Tokens& t = r.tokens;
  auto take = [&](size_t name_at, size_t begin, size_t end) {
    bool quoted = t[name_at].kind == TokenKind::Quoted;
    std::string name = t[name_at].original;
    while (t[name_at].hyphen_after && name_at + 1 < t.size() && t[name_at + 1].kind == TokenKind::Word) {
      name += "-" + t[++name_at].original;
      end = std::max(end, name_at + 1);
    }
    if (!quoted && !plausible_process(name, catalog)) return false;
    if (r.comm && *r.comm != name) return false;
    r.comm = name;
    begin = begin > 0 && any_of(t, begin - 1, {"for", "of", "by", "from", "in", "on", "对", "让"}) ? begin - 1 : begin;
    r.comm_span = Span{begin, end};
    consume(t, begin, end);
    return true;
  };
  auto candidate = [&](size_t i) {
    if (i >= t.size() || !word_like_name(t[i]) || fragment(t, i) || function_word(t[i].text)) return false;
    // "bash", "top", "make" are names even though they are words; so is a hyphenated "my-daemon", unless
    // every part of it is vocabulary ("system-wide", "kernel-level").
    if (known_binary(t[i].text)) return true;
    if (t[i].hyphen_after) {
      for (size_t k = i; k < t.size(); ++k) {
        if (!in_vocabulary(t, k)) return true;
        if (!t[k].hyphen_after) return false;
      }
    }
    return !in_vocabulary(t, i) && !std::all_of(t[i].text.begin(), t[i].text.end(), ::isdigit);
  };
  // "who is changing ...": verbs after "is"/"does" are not names.
  auto verb_form = [&](size_t i) {
    const std::string& w = t[i].text;
    return w.size() > 4 && (w.ends_with("ing") || w.ends_with("ed")) && !known_binary(w);
  };
  bool uses_binary = event_model(event).uprobe;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed) continue;
    if (t[i].kind == TokenKind::Quoted) {
      if (uses_binary && r.slots.binary.empty()) {
        r.slots.binary = t[i].original;
        t[i].consumed = true;
      } else {
        take(i, i, i + 1);
      }
      continue;
    }
    // Explicit markers before the name.
    if (size_t n = any_of(t, i, {"named", "called", "name", "process", "program", "command", "app", "application",
                                 "comm", "comm =", "comm ==", "process name", "名为", "名叫", "名字是", "名称为", "叫",
                                 "进程名为", "进程名", "进程", "程序"})) {
      if (candidate(i + n) && take(i + n, i, i + n + 1)) continue;
    }
    if (!candidate(i)) continue;
    size_t last = i;  // the last part of a hyphenated name ("gnome-shell")
    while (t[last].hyphen_after && last + 1 < t.size()) ++last;
    // Markers after the name: "nginx process", "nginx 进程", "nginx's".
    if (size_t n = any_of(t, last + 1, {"process", "processes", "program", "进程", "程序", "'s", "'", "的进程", "这个进程"})) {
      take(i, i, last + 1 + n);
      continue;
    }
    bool after_preposition =
        i > 0 && any_of(t, i - 1, {"for", "of", "by", "from", "does", "do", "did", "is", "are", "was", "only", "对",
                                   "让", "看", "查看", "追踪", "跟踪", "监控", "统计"});
    bool before_event = std::any_of(r.matches.begin(), r.matches.end(), [&](const EventMatch& m) {
      return m.span.begin == last + 1 + (last + 1 < t.size() && t[last + 1].text == "的" ? 1 : 0);
    });
    bool in_chinese = r.language == "zh";
    if ((after_preposition || before_event || in_chinese) && !verb_form(i)) take(i, i, i + 1);
  }
}

void scan_modifiers(Request& r) {
  Tokens& t = r.tokens;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed) continue;
    if (auto failure = failure_words().longest(t, i)) {
      r.failures = true;
      consume(t, i, i + failure->length);
    } else if (auto measure = measure_words().longest(t, i)) {
      auto value = static_cast<Measure>(measure->entry->value);
      if (measure->entry->weight == 0) {
        r.weak_measure = value;
        consume(t, i, i + measure->length);
        continue;
      }
      // Latency outranks bytes when both are named ("slow big reads" asks about the slowness).
      if (!r.measure_word || value == Measure::Latency) r.measure_word = value;
      consume(t, i, i + measure->length);
    } else if (auto agg = aggregation_words().longest(t, i)) {
      r.agg_words.insert(static_cast<AggWord>(agg->entry->value));
      consume(t, i, i + agg->length);
    }
  }
}

std::optional<std::string> place_sides(Request& r, EventKind event) {
  const EventModel& model = event_model(event);
  const bool zh = r.language == "zh";
  for (const SideMention& m : r.slots.sides) {
    std::string said = join_tokens(r.tokens, m.span.begin, m.span.end);
    auto role = model.sides.find(m.side);
    if (role == model.sides.end()) {
      std::string shown;
      for (const auto& [side, how] : model.sides) shown += (shown.empty() ? "" : ", ") + std::string(process_side_name(side));
      if (zh) return fmt::format("{} 事件没有“{}”这一方的进程{}", model.name, said, shown.empty() ? "" : "（有：" + shown + "）");
      return fmt::format("{} events have no {} process ('{}'){}", model.name, process_side_name(m.side), said,
                         shown.empty() ? "" : "; they involve: " + shown);
    }
    switch (role->second) {
      case SideRole::Self:  // the process the event's builtins describe: an ordinary filter or key
        if (m.value) {
          std::optional<int64_t>& id = m.key == Key::Tid ? r.slots.tid : r.slots.pid;
          if (id && *id != *m.value)
            return zh ? fmt::format("请求给出了两个不同的 pid（{} 和 {}）", *id, *m.value)
                      : fmt::format("the request names two different pids ({} and {})", *id, *m.value);
          id = m.value;
          r.slots.filter_spans[m.key == Key::Tid ? FilterKind::Tid : FilterKind::Pid] = m.span;
        } else if (m.grouping) {
          add_key(r.group_keys, m.key);
        }  // else a field of the event's own process, which every listing shows
        break;
      case SideRole::TargetPid:  // the receiver: filtered by its pid, shown in the listing
        if (m.value && m.key != Key::Tid) {
          r.slots.target_pid = m.value;
          r.slots.filter_spans[FilterKind::TargetPid] = m.span;
          break;
        }
        [[fallthrough]];
      case SideRole::Shown:  // a column of the listing only
        if (m.value || m.grouping)
          return zh ? fmt::format("{} 事件不能按“{}”{}：这一方只在逐条列出时显示", model.name, said,
                                  m.value ? "过滤" : "分组")
                    : fmt::format("{} events can't be {} by '{}': that side is only shown when listing each event",
                                  model.name, m.value ? "filtered" : "grouped", said);
        r.listing_only = said;
        r.recipient = true;  // "who is forking? show the child pids": only a listing shows the other side
        break;
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_qualifiers(Request& r, EventKind event) {
  const EventModel& model = event_model(event);
  Tokens& t = r.tokens;
  // "memory allocations in the kernel" are not libc's malloc: a user-space function never answers for the
  // kernel (the kernel's own events are tracepoints, which the live catalog offers).
  if (model.uprobe)
    for (size_t i = 0; i < t.size(); ++i)
      if (size_t n = any_of(t, i, {"kernel", "kernel's", "in-kernel", "内核", "内核态", "内核的"}))
        return r.language == "zh"
                   ? fmt::format("{} 是用户态函数（{} 中的 {}），而“{}”说的是内核：内核自己的事件见 gpttrace probes "
                                 "'tracepoint:*'",
                                 model.name, model.uprobe_binary.empty() ? "程序" : model.uprobe_binary,
                                 model.uprobe_function.empty() ? "函数" : model.uprobe_function, join_tokens(t, i, i + n))
                   : fmt::format("{} is a user-space function ({} in {}), but '{}' asks about the kernel: the "
                                 "kernel's own events are tracepoints (gpttrace probes 'tracepoint:*')",
                                 model.name, model.uprobe_function.empty() ? "a function" : model.uprobe_function,
                                 model.uprobe_binary.empty() ? "a program" : model.uprobe_binary,
                                 join_tokens(t, i, i + n));
  for (size_t i = 0; i < t.size(); ++i) {
    auto word = direction_words().longest(t, i);
    if (!word) continue;
    bool receive = word->entry->value == kReceive;
    if (!model.direction.empty() && receive != (model.direction == "receive")) {
      std::string said = join_tokens(t, i, i + word->length);
      const std::string& example = r.language == "zh" ? model.traits.example_zh : model.traits.example_en;
      return r.language == "zh"
                 ? fmt::format("{} 追踪的是{}的一方，而“{}”问的是另一方；可以试试：{}", model.name,
                               receive ? "发送" : "接收", said, example)
                 : fmt::format("{} traces the {} side, but '{}' asks about the other one; try: {}", model.name,
                               receive ? "sending" : "receiving", said, example);
    }
    consume(t, i, i + word->length);
  }
  return std::nullopt;
}

void read_shown_fields(Request& r, EventKind event) {
  Tokens& t = r.tokens;
  const EventTraits& traits = event_traits(event);
  for (size_t i = 0; i < t.size(); ++i) {
    auto noun = key_nouns().longest(t, i);
    if (!noun || noun->entry->value >= kAnyStack || is_stack(noun->entry->value)) continue;
    auto key = static_cast<Key>(noun->entry->value);
    if (key == Key::Comm || key == Key::Pid || key == Key::Tid || !supports_key(traits, key)) continue;
    add_key(r.field_keys, key);
    consume(t, i, i + noun->length);
  }
}

void consume_fillers(Request& r) {
  Tokens& t = r.tokens;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed) continue;
    auto noun = key_nouns().longest(t, i);
    // "list exiting processes", "threads wait on the run queue", "show parent and child pids": who the
    // event happens to, which every listing shows.
    bool subject = noun && (noun->entry->value == static_cast<int>(Key::Comm) ||
                            noun->entry->value == static_cast<int>(Key::Pid) ||
                            noun->entry->value == static_cast<int>(Key::Tid));
    // A one-character Chinese filler glued to an unused character ends that word ("重要": 要 is not "want").
    bool ends_word = t[i].kind == TokenKind::Cjk && i > 0 && t[i - 1].kind == TokenKind::Cjk && !t[i - 1].consumed;
    if (subject) consume(t, i, i + noun->length);
    else if (auto m = filler_words().longest(t, i); m && !(m->length == 1 && ends_word)) consume(t, i, i + m->length);
    else if (t[i].kind == TokenKind::Punct && t[i].text != ">" && t[i].text != "<") t[i].consumed = true;
  }
}

}  // namespace gpttrace::plan
