// Slot extraction: hand-written scans over tokens; each recognised phrase is consumed so it cannot be
// read twice (a threshold's "50 ms" is not also a duration).
#include "plan/slots.h"

#include <pwd.h>
#include <sys/stat.h>

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <string_view>
#include <unordered_map>

#include "kernel/catalog.h"
#include "plan/lexicon.h"
#include "plan/quantities.h"

namespace gpttrace::plan {

using Tokens = std::vector<Token>;

bool is(const Tokens& t, size_t i, std::string_view text) {
  return i < t.size() && !t[i].consumed && t[i].text == text && t[i].kind != TokenKind::Quoted &&
         t[i].kind != TokenKind::Path;
}

// Length of the first of `phrases` (space-separated words; Chinese as written) matching at i, or 0.
// Phrases are string literals: their tokens are cached by address, so each is tokenized once.
size_t any_of(const Tokens& t, size_t i, std::initializer_list<std::string_view> phrases) {
  static thread_local std::unordered_map<const char*, std::vector<std::string>> cache;
  for (std::string_view phrase : phrases) {
    auto [it, inserted] = cache.try_emplace(phrase.data());
    if (inserted)
      for (const Token& token : tokenize(phrase)) it->second.push_back(token.text);
    const std::vector<std::string>& pattern = it->second;
    size_t k = 0;
    while (k < pattern.size() && is(t, i + k, pattern[k])) ++k;
    if (k == pattern.size()) return k;
  }
  return 0;
}

namespace {

void consume(Tokens& t, size_t begin, size_t end) {
  for (size_t k = begin; k < end && k < t.size(); ++k) t[k].consumed = true;
}

// A preposition right before a slot belongs to it ("on port 80", "for pid 1").
size_t absorb_preposition(Tokens& t, size_t begin) {
  static constexpr std::string_view kPrepositions[] = {"for", "of", "on", "in", "from", "to", "with", "at", "via",
                                                       "by", "对", "给", "在", "从", "当"};
  if (begin == 0 || t[begin - 1].consumed) return begin;
  for (std::string_view p : kPrepositions)
    if (t[begin - 1].text == p) return begin - 1;
  return begin;
}

// Separators between a filter noun and its value: "pid=1", "pid: 1", "pid is 1", "PID为1".
size_t skip_separator(const Tokens& t, size_t i) {
  size_t n = any_of(t, i, {"=", ":", "==", "#", "is", "number", "为", "是", "号", "等于", "id", "id为"});
  return i + n;
}

std::optional<int64_t> integer_at(const Tokens& t, size_t i) {
  if (i >= t.size() || t[i].consumed || t[i].kind != TokenKind::Number || t[i].text.find('.') != std::string::npos)
    return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(t[i].text.data(), t[i].text.data() + t[i].text.size(), value);
  if (ec != std::errc() || end != t[i].text.data() + t[i].text.size()) return std::nullopt;  // out of range: unused
  return value;
}

// "<noun> [sep] N": returns the value and the end of the span.
std::optional<std::pair<int64_t, size_t>> noun_number(const Tokens& t, size_t i,
                                                      std::initializer_list<std::string_view> nouns) {
  size_t n = any_of(t, i, nouns);
  if (n == 0) return std::nullopt;
  size_t v = skip_separator(t, i + n);
  if (auto value = integer_at(t, v)) return std::pair{*value, v + 1};
  return std::nullopt;
}

void set_filter(Slots& s, Tokens& t, FilterKind kind, size_t begin, size_t end) {
  begin = absorb_preposition(t, begin);
  consume(t, begin, end);
  s.filter_spans[kind] = Span{begin, end};
}

}  // namespace

void extract_side_mentions(Tokens& t, Slots& s) {
  for (size_t i = 0; i < t.size(); ++i) {
    auto side = side_words().longest(t, i);
    if (!side) continue;
    size_t noun = i + side->length;
    noun += any_of(t, noun, {"'s", "的"});
    size_t group = i > 0 ? any_of(t, i - 1, {"by", "per", "按"}) : 0;
    SideMention mention{static_cast<ProcessSide>(side->entry->value)};
    size_t end = 0;
    if (auto pid = noun_number(t, noun, {"pid", "process id", "process", "进程号", "进程 pid", "进程 id", "进程", "pid 号"})) {
      mention.value = pid->first;
      end = pid->second;
    } else if (size_t n = any_of(t, noun, {"pid", "pids", "process id", "process ids", "进程号", "进程 pid", "进程 id"})) {
      end = noun + n;
    } else if (size_t n = any_of(t, noun, {"tid", "tids", "thread id", "线程号", "线程 id"})) {
      mention.key = Key::Tid;
      end = noun + n;
    } else if (size_t n = any_of(t, noun, {"process name", "process names", "comm", "program", "programs", "进程名",
                                           "程序", "process", "processes", "进程"})) {
      auto event = event_terms().longest(t, i);
      if (!group && event && i + event->length >= noun + n) continue;  // "child processes": forks
      mention.key = Key::Comm;
      end = noun + n;
    } else if (noun == i + side->length && any_of(t, i, {"sender", "receiver", "recipient", "target", "parent", "child"})) {
      // "list the sender and the target of each signal": the side named as a noun, its process.
      mention.key = Key::Comm;
      end = noun;
    } else {
      continue;
    }
    mention.grouping = group > 0;
    size_t begin = group ? i - group : i;
    mention.span = Span{begin, end};
    consume(t, begin, end);
    s.sides.push_back(mention);
  }
}

namespace {

void extract_ids(Tokens& t, Slots& s) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (auto pid = noun_number(t, i, {"pid", "pids", "process id", "process", "processes", "进程号", "进程 id", "进程id",
                                      "进程 pid", "进程", "pid 号"})) {
      // "sent to pid 1", "发送给进程 1": the receiver of what is traced, not the process doing it.
      bool to = i > 0 && any_of(t, i - 1, {"to", "towards", "给", "向"});
      (to ? s.target_pid : s.pid) = pid->first;
      set_filter(s, t, to ? FilterKind::TargetPid : FilterKind::Pid, i,
                 pid->second + any_of(t, pid->second, {"的进程", "进程", "号进程"}));
    } else if (auto tid = noun_number(t, i, {"tid", "thread id", "thread", "线程号", "线程 id", "线程id", "线程"})) {
      s.tid = tid->first;
      set_filter(s, t, FilterKind::Tid, i, tid->second);
    } else if (auto port = noun_number(t, i, {"port", "ports", "端口号", "端口", "tcp port", "udp port"})) {
      s.port = port->first;
      // "remote port 5432", "目标端口 443", "local port 80": which end the port is.
      size_t begin = i;
      for (size_t n = 1; n <= 2 && n <= i && begin == i; ++n) {
        if (size_t m = any_of(t, i - n, {"remote", "destination", "dest", "dst", "peer", "目标", "目的", "远端", "对端"});
            m == n) {
          s.port_side = PortSide::Remote, begin = i - n;
        } else if (size_t k = any_of(t, i - n, {"local", "source", "src", "listening", "本地", "源", "监听"}); k == n) {
          s.port_side = PortSide::Local, begin = i - n;
        }
      }
      set_filter(s, t, FilterKind::Port, begin, port->second);
    } else if (auto uid = noun_number(t, i, {"uid", "user id", "user", "用户 id", "用户id", "用户"})) {
      s.uid = uid->first;
      set_filter(s, t, FilterKind::Uid, i, uid->second);
    } else if (auto cgroup = noun_number(t, i, {"cgroup id", "cgroup", "cgroupid"})) {
      s.cgroup_id = static_cast<uint64_t>(cgroup->first);
      set_filter(s, t, FilterKind::Cgroup, i, cgroup->second);
    } else if (auto value = integer_at(t, i)) {
      // Chinese puts the number first: "8080端口", "1234号进程".
      if (size_t n = any_of(t, i + 1, {"号端口", "端口"})) {
        s.port = *value;
        set_filter(s, t, FilterKind::Port, i, i + 1 + n);
      } else if (size_t k = any_of(t, i + 1, {"号进程", "进程"})) {
        bool to = i > 0 && any_of(t, i - 1, {"给", "向"});
        (to ? s.target_pid : s.pid) = *value;
        set_filter(s, t, to ? FilterKind::TargetPid : FilterKind::Pid, i, i + 1 + k);
      }
    }
  }
}

// "user root", "用户 root", "root 用户": a login name resolved with getpwnam.
void extract_user_names(Tokens& t, Slots& s) {
  auto resolve = [&](size_t name_at, size_t begin, size_t end) {
    const Token& name = t[name_at];
    if (name.consumed || name.kind != TokenKind::Word || name.hyphen_after || in_vocabulary(t, name_at)) return;
    if (const passwd* pw = getpwnam(name.original.c_str())) {
      s.uid = static_cast<int64_t>(pw->pw_uid);
      set_filter(s, t, FilterKind::Uid, begin, end);
    } else if (name.text == "root") {
      s.uid = 0;
      set_filter(s, t, FilterKind::Uid, begin, end);
    } else {
      s.error = "there is no user named '" + name.original + "' on this machine";
      consume(t, begin, end);
    }
  };
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (size_t n = any_of(t, i, {"user", "username", "用户", "用户名"}); n && !t[i].hyphen_after) {
      size_t v = skip_separator(t, i + n);
      if (v < t.size() && t[v].kind == TokenKind::Word) resolve(v, i, v + 1);
    } else if (t[i].kind == TokenKind::Word && any_of(t, i + 1, {"用户", "user"}) &&
               (t[i].text == "root" || any_of(t, i + 1, {"用户"}))) {
      resolve(i, i, i + 2);
    }
  }
}

void extract_signals(Tokens& t, Slots& s) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed) continue;
    // "SIGKILL" anywhere; "signal 9", "signal KILL", "信号 9", "9号信号", "kill -9".
    if (t[i].text.starts_with("sig") && signal_number(t[i].text)) {
      s.signal = signal_number(t[i].text);
      set_filter(s, t, FilterKind::Signal, i, i + 1);
    } else if (size_t n = any_of(t, i, {"signal", "信号"})) {
      size_t v = skip_separator(t, i + n);
      if (auto number = integer_at(t, v)) {
        s.signal = *number;
        set_filter(s, t, FilterKind::Signal, i + n, v + 1);
      } else if (v < t.size() && !t[v].consumed && t[v].kind == TokenKind::Word && signal_number(t[v].text)) {
        s.signal = signal_number(t[v].text);
        set_filter(s, t, FilterKind::Signal, i + n, v + 1);
      }
    } else if (auto number = integer_at(t, i); number && any_of(t, i + 1, {"号信号"})) {
      s.signal = *number;
      set_filter(s, t, FilterKind::Signal, i, i + 4);
    } else if (is(t, i, "kill") && is(t, i + 1, "-") && integer_at(t, i + 2)) {
      s.signal = integer_at(t, i + 2);
      consume(t, i + 1, i + 3);  // "kill" stays for the event
      s.filter_spans[FilterKind::Signal] = Span{i, i + 3};
    }
  }
}

void extract_top(Tokens& t, Slots& s) {
  for (size_t i = 0; i < t.size(); ++i) {
    size_t begin = i, end = 0;
    std::optional<double> n;
    std::optional<int64_t> leading = integer_at(t, i);
    if (size_t m = any_of(t, i, {"top", "前", "最多的", "最高的", "最大的", "最忙的", "排名前"})) {
      size_t v = i + m + any_of(t, i + m, {"-"});
      auto number = read_number(t, v, true);
      if (number && number->value >= 1 && t[v].text != "a") {
        n = number->value;
        end = v + number->length;
      } else if (t[i].text == "top") {
        n = 10;  // "top processes": ten, as top(1) shows
        end = i + 1;
      } else {
        continue;
      }
      end += any_of(t, end, {"个", "名", "位"});
    } else if (leading && any_of(t, i + 1, {"most", "busiest", "biggest", "largest", "heaviest", "noisiest",
                                             "slowest", "hottest", "chattiest"})) {
      n = static_cast<double>(*leading);
      end = i + 1;  // the superlative stays: "most" also asks for a count
    } else if (leading && i > 0 && any_of(t, i - 1, {"which", "what", "the", "哪", "哪些"}) &&
               key_nouns().longest(t, i + 1 + any_of(t, i + 1, {"个", "名", "位"}))) {
      n = static_cast<double>(*leading);  // "which 5 processes ...", "哪 3 个进程": the question asks for the top N
      end = i + 1 + any_of(t, i + 1, {"个", "名", "位"});
    }
    if (!n) continue;
    s.top_n = static_cast<size_t>(*n);
    auto key = key_nouns().longest(t, end);
    if (key && key->entry->value < kAnyStack) {
      s.top_key = static_cast<Key>(key->entry->value);
      end += key->length;
      end += any_of(t, end, {"by", "with the most", "with most", "ranked by", "sorted by", "in terms of", "的"});
    }
    consume(t, begin, end);
  }
}

void extract_quantities(Tokens& t, Slots& s) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed) continue;
    // Threshold: comparison then quantity ("over 10ms", "超过50毫秒", "> 1 MB").
    if (auto cmp = comparison_words().longest(t, i)) {
      size_t q_at = i + cmp->length;
      q_at += any_of(t, q_at, {"="});
      auto q = read_quantity(t, q_at);
      if (q && q->kind != UnitKind::Frequency) {
        auto op = static_cast<Comparison>(cmp->entry->value);
        if (cmp->length == 1 && t[i].text == ">" && is(t, i + 1, "=")) op = Comparison::GreaterEqual;
        Measure measure = q->kind == UnitKind::Time ? Measure::Latency : Measure::Bytes;
        s.threshold = Threshold{measure, op, static_cast<uint64_t>(std::llround(q->value))};
        size_t end = q_at + q->length + any_of(t, q_at + q->length, {"以上", "的"});
        set_filter(s, t, FilterKind::Threshold, i, end);
        continue;
      }
    }
    auto q = read_quantity(t, i);
    if (!q || t[i].consumed) continue;
    size_t end = i + q->length;
    if (q->kind == UnitKind::Frequency) {
      s.frequency_hz = static_cast<int>(std::llround(q->value));
      size_t begin = i;
      if (begin > 0 && any_of(t, begin - 1, {"at", "以", "每秒"})) --begin;
      if (begin > 0 && any_of(t, begin - 1, {"频率"})) --begin;
      consume(t, begin, end + any_of(t, end, {"的频率", "频率", "的", "sampling", "frequency", "rate"}));
      continue;
    }
    // Threshold stated after the quantity: "50毫秒以上", "1MB 以下", "10ms or more".
    if (size_t n = any_of(t, end, {"以上", "or more", "or longer", "and above", "or above", "以下", "or less"})) {
      bool less = t[end].text == "以" ? t[end + 1].text == "下" : t[end + 1].text == "less";
      Measure measure = q->kind == UnitKind::Time ? Measure::Latency : Measure::Bytes;
      s.threshold = Threshold{measure, less ? Comparison::LessEqual : Comparison::GreaterEqual,
                              static_cast<uint64_t>(std::llround(q->value))};
      set_filter(s, t, FilterKind::Threshold, i, end + n);
      continue;
    }
    if (q->kind != UnitKind::Time) continue;
    if (i > 0 && is(t, i - 1, "每")) continue;  // "每5秒": an interval, not supported
    if (i > 0 && any_of(t, i - 1, {"every"})) continue;
    // Duration: "for 5 seconds", "5秒", "持续10秒", "in 3 seconds", "5秒内".
    size_t begin = i;
    for (size_t back = 1; back <= 3 && back <= i; ++back) {
      if (t[i - back].consumed) break;
      if (auto m = duration_markers().longest(t, i - back); m && i - back + m->length == i) {
        begin = i - back;
        break;
      }
    }
    end += any_of(t, end, {"之内", "以内", "内", "钟", "的时间", "后停止", "后退出", "then stop", "and stop", "and exit",
                           "then exit"});
    s.duration_seconds = q->value / 1e9;
    // Marker words that are also verbs ("追踪", "统计") stay for the aggregation when they come first.
    if (begin < i && aggregation_words().longest(t, begin)) begin = i;
    consume(t, begin, end);
  }
}

// Directories: "in /tmp", "under /etc", "/var/log 目录下" become prefix filters ("/tmp/").
void extract_paths(Tokens& t, Slots& s) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed || t[i].kind != TokenKind::Path) continue;
    std::string path = t[i].text;
    bool directory = (i > 0 && any_of(t, i - 1, {"under", "inside", "below", "beneath", "in", "within"})) ||
                     any_of(t, i + 1, {"目录", "下", "下面", "文件夹", "directory", "dir", "folder"});
    if (directory && path.find('.', path.rfind('/')) == std::string::npos && path.back() != '/' && path.back() != '*')
      path += '/';
    s.paths.push_back({path, Span{i, i + 1}});
  }
}

// "cgroup /sys/fs/cgroup/x" -> its inode (bpftrace's cgroupid()); "root cgroup" -> 1.
void extract_cgroups(Tokens& t, Slots& s) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed || !t[i].text.starts_with("cgroup")) continue;
    if (t[i].hyphen_after && i + 1 < t.size()) t[i + 1].consumed = true;  // "cgroup-v2"
    if (i > 0 && any_of(t, i - 1, {"root", "根"})) {
      s.cgroup_id = 1;
      set_filter(s, t, FilterKind::Cgroup, i - 1, i + 1);
    } else if (i + 1 < t.size() && any_of(t, i + 1, {"root", "根"})) {
      s.cgroup_id = 1;
      set_filter(s, t, FilterKind::Cgroup, i, i + 2);
    } else if (i + 1 < t.size() && t[i + 1].kind == TokenKind::Path) {
      struct stat st {};
      if (stat(t[i + 1].text.c_str(), &st) == 0) s.cgroup_id = st.st_ino;
      else s.error = "cannot find the cgroup " + t[i + 1].text;
      set_filter(s, t, FilterKind::Cgroup, i, i + 2);
    }
  }
}

}  // namespace

void extract_syscall_slots(Tokens& t, Slots& s, const KernelCatalog* catalog);
void extract_function_slots(Tokens& t, Slots& s, const KernelCatalog* catalog);

void extract_slots(Tokens& tokens, Slots& slots, const KernelCatalog* catalog) {
  extract_syscall_slots(tokens, slots, catalog);
  extract_function_slots(tokens, slots, catalog);
  extract_top(tokens, slots);
  extract_quantities(tokens, slots);
  extract_ids(tokens, slots);
  extract_user_names(tokens, slots);
  extract_signals(tokens, slots);
  extract_cgroups(tokens, slots);
  extract_paths(tokens, slots);
}

}  // namespace gpttrace::plan
