// Answers from facts: functions (BTF, kallsyms, probe support, nearby tracepoints), tracepoint fields,
// subsystems' tracepoints and probe types. The prose only restates the facts.
#include "knowledge/ask.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <unordered_set>

#include "check/checks.h"
#include "common/names.h"

namespace gpttrace {

namespace {

// Chinese and English subsystem words -> tracepoint categories.
const std::vector<std::pair<std::string, std::vector<std::string>>>& subsystem_words() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> words = {
      {"网络", {"net", "tcp", "udp", "sock", "skb"}}, {"network", {"net", "tcp", "udp", "sock", "skb"}},
      {"调度", {"sched"}},        {"scheduler", {"sched"}}, {"内存", {"kmem", "vmscan", "oom"}},
      {"memory", {"kmem", "vmscan", "oom"}}, {"磁盘", {"block"}}, {"块设备", {"block"}}, {"disk", {"block"}},
      {"文件系统", {"ext4", "xfs", "filemap", "writeback"}}, {"filesystem", {"ext4", "xfs", "filemap", "writeback"}},
      {"信号", {"signal"}},       {"系统调用", {"raw_syscalls"}}, {"syscall", {"raw_syscalls"}},
      {"中断", {"irq"}},          {"interrupt", {"irq"}},   {"定时器", {"timer"}}, {"进程", {"sched", "task"}},
      {"process", {"sched", "task"}}, {"页错误", {"exceptions"}}, {"锁", {"lock"}},
  };
  return words;
}

const std::set<std::string, std::less<>>& question_words() {
  static const std::set<std::string, std::less<>> words = {
      "why", "can", "cant", "can't", "not", "probe", "kprobe", "kfunc", "fentry", "trace", "tracepoint", "the",
      "is", "are", "on", "in", "of", "what", "which", "how", "does", "do", "exist", "exists", "function",
      "kernel", "this", "here", "fields", "field", "args", "arguments", "use", "instead", "and", "for", "a",
      "an", "to", "it", "me", "i", "tracepoints", "probes", "available", "there", "any", "cover", "with"};
  return words;
}

bool has_cjk(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xe0; });
}

std::vector<std::string> words_of(std::string_view q) {
  std::vector<std::string> words;
  std::string w;
  for (char c : q) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && (std::isalnum(u) || c == '_' || c == ':' || c == '.')) {
      w += c;
    } else {
      while (!w.empty() && (w.back() == ':' || w.back() == '.')) w.pop_back();
      if (!w.empty()) words.push_back(w);
      w.clear();
    }
  }
  while (!w.empty() && (w.back() == ':' || w.back() == '.')) w.pop_back();
  if (!w.empty()) words.push_back(w);
  return words;
}

std::string signature(const KernelFunction& fn) {
  std::vector<std::string> params;
  for (const FunctionParam& p : fn.params) params.push_back(fmt::format("{} {}", p.type, p.name));
  return fmt::format("{} {}({})", fn.return_type, fn.name, fmt::join(params, ", "));
}

struct Writer {
  AskAnswer& a;
  bool zh() const { return a.language == "zh"; }
  void fact(std::string text, std::string source) { a.facts.push_back({std::move(text), std::move(source)}); }
  void say(const std::string& en, const std::string& zh_text) { a.prose += (zh() ? zh_text : en) + "\n"; }
};

void answer_tracepoint(Writer& w, const Tracepoint& tp) {
  std::vector<std::string> fields;
  for (const TracepointField& f : tp.fields) {
    fields.push_back(fmt::format("{} {}{}", f.type, f.name, f.data_loc ? " (read with str(args->NAME))" : ""));
  }
  w.fact(fmt::format("tracepoint:{} exists with fields: {}", tp.full_name(), fmt::join(fields, "; ")), "tracefs");
  w.say(fmt::format("tracepoint:{} can be traced here; its fields are args->{}.", tp.full_name(),
                    tp.fields.empty() ? "(none)" : [&] {
                      std::vector<std::string> n;
                      for (const auto& f : tp.fields) n.push_back(f.name);
                      return fmt::format("{}", fmt::join(n, ", args->"));
                    }()),
        fmt::format("tracepoint:{} 在这里可以追踪；字段有：{}。", tp.full_name(), fmt::join(fields, "；")));
  w.a.try_next.push_back(fmt::format("gpttrace -e 'tracepoint:{} {{ @[comm] = count(); }}'", tp.full_name()));
}

void answer_function(Writer& w, const std::string& name, const KernelCatalog& catalog, const SymbolLookup& kallsyms) {
  std::optional<KernelFunction> fn = catalog.kernel_function(name);
  bool in_kallsyms = kallsyms && kallsyms(name);
  ProbeSupport kprobe = catalog.support(ProbeType::Kprobe);
  ProbeSupport kfunc = catalog.support(ProbeType::Kfunc);
  if (fn) w.fact(fmt::format("{} is in this kernel's BTF: {}", name, signature(*fn)), "BTF");
  else w.fact(fmt::format("{} is not in this kernel's BTF", name), "BTF");
  w.fact(fmt::format("{} is {}in /proc/kallsyms", name, in_kallsyms ? "" : "not "), "/proc/kallsyms");
  w.fact(kprobe.available ? "kprobes can attach here" : "kprobes cannot attach here: " + kprobe.reason, "probe support");
  w.fact(kfunc.available ? "kfunc (fentry) can attach here" : "kfunc (fentry) cannot attach here: " + kfunc.reason,
         "probe support");

  if (!fn && !in_kallsyms) {
    w.say(fmt::format("{} is neither in BTF nor in /proc/kallsyms on kernel {}: it was most likely inlined into its "
                      "callers (or renamed, or compiled out), so no kprobe or kfunc can attach to it whatever the "
                      "probe support.", name, catalog.kernel().release),
          fmt::format("内核 {} 的 BTF 和 /proc/kallsyms 里都没有 {}：它很可能被内联进了调用者（或已改名、未编译），"
                      "所以无论 kprobe/kfunc 是否可用都无法挂载。", catalog.kernel().release, name));
    std::vector<std::string> close = closest_names(name, catalog.kernel_function_names(), 3);
    if (!close.empty()) {
      w.fact(fmt::format("closest BTF functions: {}", join_alternatives(close)), "BTF");
      w.say(fmt::format("Functions with close names that do exist: {}.", join_alternatives(close)),
            fmt::format("名字相近、确实存在的函数：{}。", join_alternatives(close, "、")));
    }
  } else if (!kprobe.available && !kfunc.available) {
    w.say(fmt::format("{} exists in this kernel, but neither kprobes ({}) nor kfunc ({}) can attach here.", name,
                      kprobe.reason, kfunc.reason),
          fmt::format("{} 在这个内核里存在，但这里 kprobe（{}）和 kfunc（{}）都无法挂载。", name, kprobe.reason,
                      kfunc.reason));
  } else if (!fn && in_kallsyms) {
    w.say(fmt::format("{} is a kernel symbol without BTF: kfunc needs BTF, so only a kprobe can attach (if it is "
                      "not marked notrace).", name),
          fmt::format("{} 是内核符号但没有 BTF：kfunc 需要 BTF，只能用 kprobe（前提是它没有被标记为 notrace）。", name));
    if (kprobe.available) w.a.try_next.push_back(fmt::format("gpttrace -e 'kprobe:{} {{ @[comm] = count(); }}'", name));
  } else {
    std::string type = kfunc.available ? "kfunc" : "kprobe";
    w.say(fmt::format("{} can be probed here with {}:{}.", name, type, name),
          fmt::format("这里可以用 {}:{} 追踪 {}。", type, name, name));
    w.a.try_next.push_back(fmt::format("gpttrace -e '{}:{} {{ @[comm] = count(); }}'", type, name));
  }

  // Instead: tracepoints named after the function, then those covering the same operation.
  std::vector<std::string> alternatives;
  for (const std::string& tp : catalog.tracepoint_names()) {
    if (tp.substr(tp.find(':') + 1) == name) alternatives.push_back(tp);
  }
  for (const std::string& tp : tracepoint_alternatives(catalog, name)) {
    if (std::find(alternatives.begin(), alternatives.end(), tp) == alternatives.end()) alternatives.push_back(tp);
  }
  if (alternatives.size() > 5) alternatives.resize(5);
  if (!alternatives.empty()) {
    w.fact(fmt::format("tracepoints for the same event: {}", join_alternatives(alternatives, ", ")), "tracefs");
    w.say(fmt::format("Use the tracepoint{} instead: {}.", alternatives.size() > 1 ? "s" : "",
                      join_alternatives(alternatives)),
          fmt::format("可以改用 tracepoint：{}。", join_alternatives(alternatives, "、")));
    w.a.try_next.push_back(fmt::format("gpttrace -e 'tracepoint:{} {{ @[comm] = count(); }}'", alternatives.front()));
    w.a.try_next.push_back(fmt::format("gpttrace -e 'tracepoint:{} {{ @[kstack] = count(); }}'   # who calls it",
                                       alternatives.front()));
  } else if (!kprobe.available && !kfunc.available) {
    w.say("No tracepoint is named after it; search nearby ones with gpttrace probes, and see its callers from a "
          "kernel stack (kstack) on a related tracepoint.",
          "没有同名的 tracepoint；可以用 gpttrace probes 搜索相近的，并在相关 tracepoint 上用 kstack 查看调用者。");
    w.a.try_next.push_back(fmt::format("gpttrace probes {}", name));
  }
}

void answer_subsystem(Writer& w, const std::vector<std::string>& categories, const KernelCatalog& catalog) {
  for (const std::string& cat : categories) {
    std::vector<std::string> names;
    for (const std::string& tp : catalog.tracepoint_names()) {
      if (tp.compare(0, cat.size() + 1, cat + ":") == 0) names.push_back(tp);
    }
    if (names.empty()) continue;
    size_t total = names.size();
    if (names.size() > 25) names.resize(25);
    w.fact(fmt::format("{} tracepoint{} in category {}: {}{}", total, total == 1 ? "" : "s", cat,
                       fmt::join(names, ", "), total > names.size() ? ", ..." : ""), "tracefs");
    w.say(fmt::format("The {} subsystem has {} tracepoints here, e.g. {}.", cat, total,
                      fmt::join(std::vector<std::string>(names.begin(), names.begin() + std::min<size_t>(5, names.size())), ", ")),
          fmt::format("{} 子系统在这里有 {} 个 tracepoint，例如 {}。", cat, total,
                      fmt::join(std::vector<std::string>(names.begin(), names.begin() + std::min<size_t>(5, names.size())), "、")));
    w.a.try_next.push_back(fmt::format("gpttrace probes '{}:*'", cat));
  }
}

}  // namespace

SymbolLookup kallsyms_lookup() {
  auto names = std::make_shared<std::unordered_set<std::string>>();
  auto loaded = std::make_shared<bool>(false);
  return [names, loaded](std::string_view name) {
    if (!*loaded) {
      *loaded = true;
      std::ifstream in("/proc/kallsyms");
      std::string addr, type, sym;
      while (in >> addr >> type >> sym) {
        names->insert(sym);
        if (in.peek() != '\n') in.ignore(4096, '\n');  // "[module]"
      }
    }
    return names->count(std::string(name)) > 0;
  };
}

AskAnswer answer_question(std::string_view question, const KernelCatalog& catalog, const SymbolLookup& kallsyms) {
  AskAnswer answer;
  answer.language = has_cjk(question) ? "zh" : "en";
  Writer w{answer};
  std::set<std::string> done;
  std::vector<std::string> words = words_of(question);

  for (std::string word : words) {
    if (word.rfind("tracepoint:", 0) == 0) word = word.substr(11);
    size_t colon = word.find(':');
    if (colon == std::string::npos || done.count(word)) continue;
    if (auto tp = catalog.tracepoint(word.substr(0, colon), word.substr(colon + 1))) {
      done.insert(word);
      answer_tracepoint(w, *tp);
    }
  }
  // Probe types asked about ("can I use kprobes?").
  for (const std::string& word : words) {
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.size() > 1 && lower.back() == 's') lower.pop_back();
    std::optional<ProbeType> type = probe_type_from_name(lower);
    // "tracepoint" names what is asked for ("which tracepoints ..."), not a question about support.
    if (!type || *type == ProbeType::Tracepoint || lower.size() < 5 || !done.insert("type:" + lower).second) continue;
    ProbeSupport s = catalog.support(*type);
    w.fact(fmt::format("{} probes {}{}", lower, s.available ? "can attach here" : "cannot attach here: ", s.reason),
           "probe support");
    std::string instead = s.alternative.empty() ? "" : fmt::format("; use {} probes instead", s.alternative);
    w.say(s.available ? fmt::format("{} probes can attach on this machine.", lower)
                      : fmt::format("{} probes cannot attach on this machine: {}{}.", lower, s.reason, instead),
          s.available ? fmt::format("这台机器上可以使用 {} 探针。", lower)
                      : fmt::format("这台机器上不能使用 {} 探针：{}{}。", lower, s.reason,
                                    s.alternative.empty() ? "" : "；请改用 " + s.alternative));
  }
  // Kernel functions: identifiers with '_' or known to BTF, that are not question words.
  size_t functions = 0;
  for (const std::string& word : words) {
    if (functions >= 3 || word.find(':') != std::string::npos || question_words().count(word)) continue;
    bool identifier = std::isalpha(static_cast<unsigned char>(word[0])) || word[0] == '_';
    bool looks_kernel = word.find('_') != std::string::npos || catalog.kernel_function(word).has_value();
    if (!identifier || !looks_kernel || !done.insert(word).second) continue;
    ++functions;
    answer_function(w, word, catalog, kallsyms);
  }
  // Subsystems, when nothing more specific was asked.
  if (answer.facts.empty() || functions == 0) {
    std::vector<std::string> categories;
    std::string q(question);
    for (char& c : q) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [word, cats] : subsystem_words()) {
      if (q.find(word) == std::string::npos) continue;
      for (const std::string& c : cats) {
        if (std::find(categories.begin(), categories.end(), c) == categories.end()) categories.push_back(c);
      }
    }
    for (const std::string& word : words) {
      std::string lower = word;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      bool category = std::any_of(catalog.tracepoint_names().begin(), catalog.tracepoint_names().end(),
                                  [&](const std::string& tp) { return tp.compare(0, lower.size() + 1, lower + ":") == 0; });
      if (category && std::find(categories.begin(), categories.end(), lower) == categories.end()) {
        categories.push_back(lower);
      }
    }
    bool named_probe = std::any_of(done.begin(), done.end(), [](const std::string& d) { return d.find(':') != std::string::npos && d.rfind("type:", 0) != 0; });
    if (functions == 0 && !named_probe) answer_subsystem(w, categories, catalog);
  }
  answer.understood = !answer.facts.empty();
  if (!answer.understood) {
    w.say("gpttrace ask answers from facts about this machine: name a kernel function (vfs_read), a tracepoint "
          "(sched:sched_switch), a probe type (kprobe) or a subsystem (tcp, block).",
          "gpttrace ask 只根据本机事实回答：请给出内核函数（如 vfs_read）、tracepoint（如 sched:sched_switch）、"
          "探针类型（如 kprobe）或子系统（如 tcp、block）。");
  }
  return answer;
}

}  // namespace gpttrace
